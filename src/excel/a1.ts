/**
 * A1 addresses for the Office.js writer: column letters, cells and rectangles, 0-based
 * inside, as Excel writes them outside. Pure string work, no Office.js.
 */

/** A rectangle of cells, 0-based and inclusive: rows r0..r1, columns c0..c1. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** Excel's grid: 1,048,576 rows × 16,384 columns. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/**
 * Column letters of a 0-based column index.
 * @example columnLetters(0) // "A"; columnLetters(27) // "AB"
 */
export function columnLetters(col: number): string {
  let s = "";
  let n = col + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * 0-based column index of column letters.
 * @example columnIndex("AB") // 27
 */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

/**
 * A cell address as 0-based row and column; throws on anything else.
 * @example parseCell("B2") // { row: 1, col: 1 }
 */
export function parseCell(address: string): { row: number; col: number } {
  const m = CELL.exec(address.trim());
  if (!m) throw new Error(`Not a cell address: '${address}'`);
  const row = Number(m[2]) - 1;
  const col = columnIndex(m[1]);
  if (row < 0 || row >= MAX_ROWS || col >= MAX_COLUMNS) throw new Error(`Cell outside the sheet: '${address}'`);
  return { row, col };
}

/**
 * A range address ("B2:M13" or "B2", optionally after "Sheet!") as a rectangle.
 * @example parseRange("B2:C4") // { r0: 1, c0: 1, r1: 3, c1: 2 }
 */
export function parseRange(address: string): Rect {
  const bare = stripSheet(address);
  const [a, b] = bare.split(":");
  const p = parseCell(a);
  const q = b === undefined ? p : parseCell(b);
  return { r0: Math.min(p.row, q.row), c0: Math.min(p.col, q.col), r1: Math.max(p.row, q.row), c1: Math.max(p.col, q.col) };
}

/**
 * A1 address of a cell.
 * @example cellAddress(1, 1) // "B2"
 */
export function cellAddress(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

/**
 * A1 address of a rectangle ("B2" for one cell).
 * @example rectAddress({ r0: 1, c0: 1, r1: 3, c1: 2 }) // "B2:C4"
 */
export function rectAddress(r: Rect): string {
  const a = cellAddress(r.r0, r.c0);
  return r.r0 === r.r1 && r.c0 === r.c1 ? a : `${a}:${cellAddress(r.r1, r.c1)}`;
}

/**
 * The address without its sheet ("'My sheet'!B2:B9" → "B2:B9").
 * @example stripSheet("Sheet1!B2:B9") // "B2:B9"
 */
export function stripSheet(address: string): string {
  const i = address.lastIndexOf("!");
  return i < 0 ? address : address.slice(i + 1);
}

/**
 * A sheet name quoted for a reference, always in quotes, inner quotes doubled.
 * @example quoteSheet("Q1 plan") // "'Q1 plan'"
 */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/**
 * An absolute reference to a cell or range on a sheet, as a defined name's formula.
 * @example absoluteReference("Split", "H14") // "='Split'!$H$14"
 */
export function absoluteReference(sheet: string, address: string): string {
  const r = parseRange(address);
  const abs = (row: number, col: number): string => `$${columnLetters(col)}$${row + 1}`;
  const tail = r.r0 === r.r1 && r.c0 === r.c1 ? abs(r.r0, r.c0) : `${abs(r.r0, r.c0)}:${abs(r.r1, r.c1)}`;
  return `=${quoteSheet(sheet)}!${tail}`;
}

/** The smallest rectangle holding both. */
export function union(a: Rect, b: Rect): Rect {
  return { r0: Math.min(a.r0, b.r0), c0: Math.min(a.c0, b.c0), r1: Math.max(a.r1, b.r1), c1: Math.max(a.c1, b.c1) };
}
