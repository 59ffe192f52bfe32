/*
 * A sheet's cells held sparsely: only the cells that hold something are stored, by row and
 * then by column, so a value at XFD1048576 costs one cell, not the 17 billion of the used
 * area. A position outside the sheet (past row 1,048,576 or column XFD) is refused, never
 * folded onto another cell.
 */
import type { CellValue } from "../../sheets/spec";

/** Rows of a sheet (Excel: 1,048,576). */
export const SHEET_ROWS = 1_048_576;
/** Columns of a sheet (Excel: 16,384, A to XFD). */
export const SHEET_COLUMNS = 16_384;

/** One stored cell: its value as Excel would show it and, for a formula, the formula. */
export interface StoredCell {
  v: CellValue;
  f?: string;
}

/**
 * Whether a 0-based position is on a sheet.
 * @example inSheet(1048575, 16383) // true (XFD1048576)
 * @example inSheet(0, 16384) // false (one column past XFD)
 */
export function inSheet(row: number, col: number): boolean {
  return Number.isInteger(row) && Number.isInteger(col) && row >= 0 && col >= 0 && row < SHEET_ROWS && col < SHEET_COLUMNS;
}

/** A value or a formula cell as kept in a row (a plain value needs no wrapper object). */
type Kept = CellValue | { v: CellValue; f: string };

const isFormula = (k: Kept): k is { v: CellValue; f: string } => typeof k === "object" && k !== null;

/** The cells of one sheet, stored sparsely. */
export class SheetCells {
  private readonly rows = new Map<number, Map<number, Kept>>();
  private count = 0;

  /** How many cells are stored. */
  get size(): number {
    return this.count;
  }

  /** The cell at a position, if one is stored. */
  get(row: number, col: number): StoredCell | undefined {
    const kept = this.rows.get(row)?.get(col);
    if (kept === undefined) return undefined;
    return isFormula(kept) ? { v: kept.v, f: kept.f } : { v: kept };
  }

  /** Whether a cell is stored at a position. */
  has(row: number, col: number): boolean {
    return this.rows.get(row)?.has(col) ?? false;
  }

  /**
   * Stores a cell.
   * @throws RangeError when the position is outside the sheet (nothing is stored)
   */
  set(row: number, col: number, cell: StoredCell): void {
    if (!inSheet(row, col)) throw new RangeError(`cell (${row}, ${col}) is outside the sheet (A1:XFD1048576)`);
    let line = this.rows.get(row);
    if (!line) this.rows.set(row, (line = new Map()));
    if (!line.has(col)) this.count += 1;
    line.set(col, cell.f !== undefined ? { v: cell.v, f: cell.f } : cell.v);
  }

  /** Removes the cell at a position (nothing happens when there is none). */
  delete(row: number, col: number): void {
    const line = this.rows.get(row);
    if (!line?.delete(col)) return;
    this.count -= 1;
    if (line.size === 0) this.rows.delete(row);
  }

  /** Every stored cell, row by row in the order rows were first stored. */
  *entries(): IterableIterator<[row: number, col: number, cell: StoredCell]> {
    for (const [row, line] of this.rows) {
      for (const [col, kept] of line) yield [row, col, isFormula(kept) ? { v: kept.v, f: kept.f } : { v: kept }];
    }
  }

  /** The last row and column holding a cell (0, 0 when empty). */
  extent(): { bottom: number; right: number } {
    let bottom = 0;
    let right = 0;
    for (const [row, line] of this.rows) {
      bottom = Math.max(bottom, row);
      for (const col of line.keys()) right = Math.max(right, col);
    }
    return { bottom, right };
  }
}
