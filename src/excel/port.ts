/**
 * The workbook as the task pane sees it: everything the pane reads from or writes to a
 * workbook goes through this interface. `src/excel/office-workbook.ts` implements it with
 * Office.js (one `Excel.run` per call); outside Excel the pane's workbench implements it
 * over a pasted table or an opened .xlsx; component tests use an in-memory fake of it.
 * No React component calls `Excel.*`: they call hooks that call a WorkbookPort.
 */
import type { CellValue, WorkbookSpec } from "../sheets/spec";

/** Where the user's selection is, and what it holds (values as Excel shows them). */
export interface SelectionData {
  sheet: string;
  /** A1 address without the sheet, e.g. "B2:B9". */
  address: string;
  /** The selection's values, row by row; blanks are "". */
  values: CellValue[][];
  /** The values of the column just left of the selection (names beside a column of targets), if any. */
  leftColumn?: CellValue[];
  /** The header row above the selection, if any. */
  headerAbove?: CellValue[];
}

/** Options of {@link WorkbookPort.write}. */
export interface WriteOptions {
  /** Write `TARGET.*` formulas where a cell offers one (live workbooks only). */
  liveFunctions?: boolean;
  /** Called as chunks land: done and total, in cells. */
  onProgress?: (done: number, total: number) => void;
  /** Cancels between chunks; what was written is removed. */
  signal?: AbortSignal;
}

/** What a write did. */
export interface WriteResult {
  /** The sheets added (new sheets) or written into. */
  sheets: string[];
  /** Requests sent (Office.js syncs). */
  syncs: number;
  /** Largest request, in bytes of JSON payload. */
  largestRequest: number;
}

/** One `Check_*` name and its value now. */
export interface CheckResult {
  name: string;
  sheet: string;
  address: string;
  /** The cell's value; a check holds while it is TRUE. */
  value: CellValue;
  ok: boolean;
}

/** A refused write: the first non-empty cells where the spec would write. */
export interface Occupied {
  sheet: string;
  /** Up to a few A1 addresses of non-empty cells. */
  cells: string[];
}

/** The active cell, for "Explain this cell". */
export interface ActiveCell {
  sheet: string;
  /** A1 address without the sheet, e.g. "D5". */
  address: string;
  /**
   * Its formula as Excel shows it (invariant syntax, with the leading "="), or undefined
   * for a constant or an empty cell.
   */
  formula?: string;
  /** Its value as Excel shows it; an error is its code as text ("#NUM!"); blank is "". */
  value: CellValue;
  /**
   * When the cell is part of a spilled result (and holds no formula of its own): the
   * anchor cell whose formula spilled it.
   */
  spilledFrom?: { address: string; formula: string };
}

/**
 * One cell {@link WorkbookPort.writeCells} sets: a number into a cell of an existing sheet,
 * which held `was` when the change was previewed ("" for a blank cell; a constant as
 * `Range.formulas` reads it).
 */
export interface CellWrite {
  /** A1 address on the sheet, e.g. "H6". */
  address: string;
  value: number;
  was: CellValue;
}

/** Options of {@link WorkbookPort.writeCells}. */
export interface WriteCellsOptions {
  /** Write over cells that hold a value (each must still hold its `was`); default false: such a cell refuses the write. */
  overwrite?: boolean;
  /** Called as requests land: cells done and total. */
  onProgress?: (done: number, total: number) => void;
  /** Cancels between requests; what was written is put back. */
  signal?: AbortSignal;
}

export interface WorkbookPort {
  /** "excel": a live workbook; "browser": the workbench outside Excel. */
  readonly kind: "excel" | "browser";
  /** The current selection, or undefined when nothing usable is selected. */
  readSelection(): Promise<SelectionData | undefined>;
  /** Names of the workbook's sheets, in order (hidden ones too). */
  sheetNames(): Promise<string[]>;
  /** Values of a range (A1 address on a sheet), row by row; blanks are "". */
  readRange(sheet: string, address: string): Promise<CellValue[][]>;
  /**
   * Where the spec would write over something: an empty list when every target cell is
   * empty and every new sheet's name is free.
   */
  findOccupied(spec: WorkbookSpec): Promise<Occupied[]>;
  /**
   * Writes the spec (refusing, without writing anything, when {@link findOccupied} finds
   * something); on failure removes the sheets it added and rethrows.
   */
  write(spec: WorkbookSpec, options?: WriteOptions): Promise<WriteResult>;
  /** Every `Check_*` defined name with its current value. */
  readChecks(): Promise<CheckResult[]>;
  /** Selects a cell (and activates its sheet). */
  goTo(sheet: string, address: string): Promise<void>;
  /** The plan stored in the `TargetPlanner` sheet, if the workbook has one. */
  readStoredPlan(): Promise<unknown | undefined>;
  /** A per-workbook setting (remembered choices): undefined when not set. */
  getSetting<T = unknown>(key: string): Promise<T | undefined>;
  setSetting(key: string, value: unknown): Promise<void>;
  /**
   * The active cell with its formula and value (undefined when there is none). Optional:
   * a port that cannot tell leaves it out, and "Explain this cell" says so.
   */
  readActiveCell?(): Promise<ActiveCell | undefined>;
  /**
   * A range's cells as `Range.formulas` gives them: "=…" for a formula, the constant
   * otherwise, "" for a blank cell. Optional: a port that cannot tell formulas from values
   * leaves it out.
   */
  readFormulas?(sheet: string, address: string): Promise<CellValue[][]>;
  /**
   * Sets cells of an existing sheet to numbers and touches nothing else (not the cells
   * between them, not their formats). Refuses, writing nothing, when the sheet is missing, a
   * cell holds a formula now, a cell no longer holds what it held at the preview (`was`), a
   * cell holds a value and `overwrite` is not set, or a cell is locked on a protected sheet;
   * on failure or cancel puts back what it wrote. Optional: where a port cannot, the pane
   * says so.
   */
  writeCells?(sheet: string, cells: CellWrite[], options?: WriteCellsOptions): Promise<WriteResult>;
  /**
   * Opens an .xlsx file's bytes as a new workbook beside this one (Excel's
   * `Excel.createWorkbook`, ExcelApi 1.8). Only where Excel can: a live workbook.
   */
  openAsNewWorkbook?(bytes: Uint8Array): Promise<void>;
}
