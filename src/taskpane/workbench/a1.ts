/*
 * A1 addresses as the pane needs them: column letters, cells, rectangles, and the shift of
 * a spec's rows to its origin. Pure; no Excel.
 */

/** A cell position, 0-based: row 0 is Excel's row 1, column 0 is column A. */
export interface CellRef {
  row: number;
  col: number;
}

/** A rectangle of cells, 0-based and inclusive. */
export interface Area {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * Column letters of a 0-based column index.
 * @example columnLetters(0) // "A"
 * @example columnLetters(27) // "AB"
 */
export function columnLetters(col: number): string {
  let n = col + 1;
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * The 0-based index of column letters.
 * @example columnIndex("AB") // 27
 */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * A cell's A1 address.
 * @example cellAddress({ row: 1, col: 2 }) // "C2"
 */
export function cellAddress(ref: CellRef): string {
  return `${columnLetters(ref.col)}${ref.row + 1}`;
}

/**
 * Reads "C2" (or "$C$2") as a 0-based position.
 * @throws Error when the text is not a cell address
 * @example parseCell("$C$2") // { row: 1, col: 2 }
 */
export function parseCell(text: string): CellRef {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`not a cell address: ${text}`);
  return { row: Number(m[2]) - 1, col: columnIndex(m[1]) };
}

/**
 * Reads "B2:D9" or "B2" (a sheet prefix such as "'Q 1'!B2:D9" is dropped) as an area.
 * @example parseArea("B2:D9") // { top: 1, left: 1, bottom: 8, right: 3 }
 */
export function parseArea(text: string): Area {
  const bang = text.lastIndexOf("!");
  const bare = bang >= 0 ? text.slice(bang + 1) : text;
  const [a, b] = bare.split(":");
  const first = parseCell(a);
  const last = b === undefined ? first : parseCell(b);
  return {
    top: Math.min(first.row, last.row),
    left: Math.min(first.col, last.col),
    bottom: Math.max(first.row, last.row),
    right: Math.max(first.col, last.col),
  };
}

/**
 * An area's A1 address; one cell is written without a colon.
 * @example areaAddress({ top: 1, left: 1, bottom: 8, right: 3 }) // "B2:D9"
 */
export function areaAddress(area: Area): string {
  const first = cellAddress({ row: area.top, col: area.left });
  if (area.top === area.bottom && area.left === area.right) return first;
  return `${first}:${cellAddress({ row: area.bottom, col: area.right })}`;
}

/**
 * The sheet-qualified address as Excel writes it, quoting names that need it.
 * @example qualified("Q 1", "B2") // "'Q 1'!B2"
 */
export function qualified(sheet: string, address: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet);
  return `${plain ? sheet : `'${sheet.replace(/'/g, "''")}'`}!${address}`;
}

/**
 * Splits "'Q 1'!$B$2" into its sheet and address (the sheet's quotes undone); without a
 * sheet, `sheet` is undefined.
 * @example splitQualified("'Q 1'!$B$2") // { sheet: "Q 1", address: "$B$2" }
 */
export function splitQualified(text: string): { sheet?: string; address: string } {
  const bang = text.lastIndexOf("!");
  if (bang < 0) return { address: text };
  let sheet = text.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, address: text.slice(bang + 1) };
}
