/** A1 addresses: column letters, cells and rectangles (1-based rows and columns). */

/** A cell: 1-based row and column. */
export interface CellRef {
  row: number;
  col: number;
}

/** A rectangle of cells, corners included. */
export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * Column letters of a 1-based column number.
 * @example columnLetters(28) // "AB"
 */
export function columnLetters(col: number): string {
  let s = "";
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;

/**
 * A cell address ("B2", "$B$2") as row and column, or undefined when it is not one.
 * @example parseCell("AB10") // { row: 10, col: 28 }
 */
export function parseCell(address: string): CellRef | undefined {
  const m = CELL.exec(address.trim());
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]);
  if (row < 1 || row > 1048576 || col > 16384) return undefined;
  return { row, col };
}

/**
 * A range ("B2:M13") or a single cell ("B2") as a rectangle, or undefined.
 * @example parseRange("C3:A1") // { top: 1, left: 1, bottom: 3, right: 3 }
 */
export function parseRange(range: string): Rect | undefined {
  const parts = range.split(":");
  if (parts.length > 2) return undefined;
  const a = parseCell(parts[0]);
  const b = parts.length === 2 ? parseCell(parts[1]) : a;
  if (!a || !b) return undefined;
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}

/**
 * A1 address of a cell, optionally absolute.
 * @example cellAddress(2, 3, true) // "$C$2"
 */
export function cellAddress(row: number, col: number, absolute = false): string {
  return absolute ? `$${columnLetters(col)}$${row}` : `${columnLetters(col)}${row}`;
}

/**
 * A rectangle as "B2:M13" (or "B2" for one cell).
 * @example rectAddress({ top: 1, left: 1, bottom: 1, right: 1 }) // "A1"
 */
export function rectAddress(r: Rect, absolute = false): string {
  const tl = cellAddress(r.top, r.left, absolute);
  return r.top === r.bottom && r.left === r.right ? tl : `${tl}:${cellAddress(r.bottom, r.right, absolute)}`;
}

/**
 * A sheet name as a formula or defined name refers to it: always quoted, quotes doubled.
 * @example quoteSheet("Bob's plan") // "'Bob''s plan'"
 */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
