/*
 * The workbench: the pane's WorkbookPort outside Excel (a plain browser, the `npm start`
 * path on a machine without Excel). Its workbook is a table the user pastes (tab-separated,
 * as Excel, WPS and LibreOffice put it on the clipboard) or an .xlsx the user opens; the
 * "selection" is the column the user picks in the pane. Writing adds the generated cells to
 * this in-memory copy, keeping the port's rules (never over non-empty cells), and
 * `download()` gives the workbook back as an .xlsx: the opened file with the new sheets
 * added, or a new file holding the pasted table and what was written.
 *
 * ExcelJS (through src/xlsx) is loaded only when a file is opened or downloaded.
 */
import type { ActiveCell, CellWrite, WriteCellsOptions, WriteResult } from "../../excel/port";
import { readFormulasInMemory, writeCellsInMemory } from "./memory-cells";
import type { CellValue, WorkbookSpec } from "../../sheets/spec";
import type { Unkept } from "../../xlsx/parts";
import type { SheetRead } from "../../xlsx/sparse-read";
import { MemoryWorkbook, type MemorySheet, type SettingsStore, memorySettings } from "./memory";
import { readPastedCells } from "./paste";
import { SheetCells } from "./cells";
import { WorkbenchError } from "./errors";
import { loadXlsxReader, loadXlsxWriter } from "../services/xlsx";
import { cellAddress, parseArea } from "./a1";

/**
 * The active cell of an in-memory workbook: the top-left cell of its selection, with the
 * formula it holds ("=" added, as Office.js shows formulas) and its value.
 * @example activeCellOf(book) // { sheet: "KPIs", address: "F2", formula: "=TARGET.SCORE(B2,C2,D2)", value: 36 }
 */
export function activeCellOf(book: MemoryWorkbook): ActiveCell | undefined {
  const selected = book.selected();
  if (!selected) return undefined;
  const area = parseArea(selected.address);
  const address = cellAddress({ row: area.top, col: area.left });
  const formula = book.formulaAt(selected.sheet, address);
  const value = book.valuesAt(selected.sheet, address)[0][0];
  return { sheet: selected.sheet, address, value, ...(formula !== undefined ? { formula: `=${formula}` } : {}) };
}

/** Where the workbench's workbook came from. */
export type WorkbenchSource =
  | { kind: "empty" }
  | { kind: "pasted"; rows: number; columns: number }
  | { kind: "file"; fileName: string };

/** The sheet a pasted table becomes (and its name in the downloaded file). */
export const PASTED_SHEET = "Sheet1";

/**
 * The most cells the workbench holds (a paste or an opened file is read up to here, whole
 * rows, and the pane says where it stopped): one per cell of core's largest grid.
 */
export const MAX_WORKBENCH_CELLS = 1_000_000;

/**
 * The most cells of an opened file the download rewrites with ExcelJS (which holds a whole
 * workbook as objects, several hundred bytes a cell): a larger file is refused with a
 * message, never half written.
 */
export const MAX_REWRITE_CELLS = 300_000;

/** Something the user should know about the workbook the workbench holds. */
export type WorkbenchNote =
  /** Reading stopped at the cap: rows from `row` (1-based) of `sheet` on, and the sheets after it, were not read. */
  | { kind: "partlyRead"; sheet: string; row: number; max: number }
  /** Cells placed past column XFD or row 1,048,576 in the file, left out. */
  | { kind: "outside"; cells: number }
  /** Pasted rows with fields past column XFD (left out); the widest had `widest` fields. */
  | { kind: "columnsCut"; rows: number; widest: number }
  /** Pasted rows past row 1,048,576 (left out). */
  | { kind: "rowsPastEnd"; rows: number }
  /** What the opened file holds that the download does not carry over, and the download's name. */
  | { kind: "unkept"; items: Unkept[]; downloadName: string }
  /** The file carries Target Planner's plan sheet, but the plan in it cannot be read. */
  | { kind: "planDamaged" };

/** Progress and cancel of a paste or an open. */
export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs the writer; a failure that is not one of the writer's own refusals (which say what
 * to change) becomes {@link WorkbenchError} `downloadFailed`, which says what to do instead
 * of "try again" (the same input would fail the same way).
 */
async function rewriting(file: string, write: () => Promise<Uint8Array>): Promise<Uint8Array> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Error && (error.name === "XlsxError" || error.name === "WorkbenchError")) throw error;
    throw new WorkbenchError("downloadFailed", { file, cause: error instanceof Error ? error.message : String(error) });
  }
}

function abortError(): Error {
  const error = new Error("cancelled");
  error.name = "AbortError";
  return error;
}

/** Settings kept in the browser's storage (localStorage), or in memory where there is none. */
export function browserSettings(): SettingsStore {
  const fallback = memorySettings();
  const storage = (): Storage | undefined => {
    try {
      return typeof window !== "undefined" ? window.localStorage : undefined;
    } catch {
      return undefined;
    }
  };
  const keyOf = (name: string) => `targetPlanner:${name}`;
  return {
    get(name) {
      const s = storage();
      if (!s) return fallback.get(name);
      const text = s.getItem(keyOf(name));
      if (text === null) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    },
    set(name, value) {
      const s = storage();
      if (!s) return fallback.set(name, value);
      try {
        s.setItem(keyOf(name), JSON.stringify(value));
      } catch {
        fallback.set(name, value);
      }
    },
  };
}

/** A store whose keys are kept apart per workbook: `scope()` names the current one. */
function scopedSettings(base: SettingsStore, scope: () => string): SettingsStore {
  return {
    get: (name) => base.get(`${scope()}:${name}`),
    set: (name, value) => base.set(`${scope()}:${name}`, value),
  };
}

export interface WorkbenchOptions {
  settings?: SettingsStore;
  pauseMs?: number;
  chunkCells?: number;
  /** Cells held at most (default {@link MAX_WORKBENCH_CELLS}; tests make it small). */
  maxCells?: number;
  /** Cells of an opened file the download rewrites at most (default {@link MAX_REWRITE_CELLS}). */
  maxRewriteCells?: number;
}

/**
 * The workbench: an in-memory workbook fed by a paste or an opened file, given back as a
 * download. Remembered choices are kept per workbook: per file name, or for "the pasted table".
 */
export class Workbench extends MemoryWorkbook {
  private origin: WorkbenchSource = { kind: "empty" };
  private fileBytes: Uint8Array | undefined;
  /** Per sheet of the opened file, the cells read (the download checks they all come back). */
  private fileSheets: SheetRead[] = [];
  /** The pasted text (the download writes the table from it, then what was written). */
  private pastedText = "";
  private current: WorkbenchNote[] = [];
  private loads = 0;
  private readonly listeners = new Set<() => void>();
  private readonly maxCells: number;
  private readonly maxRewriteCells: number;
  /** Cells written into existing sheets (writeCells), in order: the download patches them in. */
  private cellsWritten: { sheet: string; cells: { address: string; value: number }[] }[] = [];

  constructor(options: WorkbenchOptions = {}) {
    let scope = "empty";
    super({
      kind: "browser",
      settings: scopedSettings(options.settings ?? browserSettings(), () => scope),
      pauseMs: options.pauseMs,
      chunkCells: options.chunkCells,
    });
    this.scopeOf = () => scope;
    this.setScope = (s) => {
      scope = s;
    };
    this.maxCells = options.maxCells ?? MAX_WORKBENCH_CELLS;
    this.maxRewriteCells = options.maxRewriteCells ?? MAX_REWRITE_CELLS;
  }

  private readonly scopeOf: () => string;
  private readonly setScope: (scope: string) => void;

  /** Where the workbook came from. */
  get source(): WorkbenchSource {
    return this.origin;
  }

  /** What the user should know about the workbook (cut, partly read, not carried over, …). */
  get notes(): readonly WorkbenchNote[] {
    return this.current;
  }

  /** Calls `listener` whenever the workbook is replaced or written to; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Replaces the workbook with a pasted table (sheet {@link PASTED_SHEET}), read in slices.
   * Cells are kept sparsely (blanks are not stored, rows are not padded); fields past column
   * XFD, rows past 1,048,576 and cells past {@link MAX_WORKBENCH_CELLS} are left out, and
   * {@link notes} says so. An empty paste leaves the workbook empty. A cancelled or
   * overtaken paste (a newer paste or open started) leaves the workbook as it was.
   *
   * @throws Error named "AbortError" when cancelled or overtaken
   * @example await bench.pasteTable("Rep\tAnnual\nLi\t800\n"); bench.source // { kind: "pasted", rows: 2, columns: 2 }
   */
  async pasteTable(text: string, options: LoadOptions = {}): Promise<void> {
    const load = ++this.loads;
    const read = await readPastedCells(text, { maxCells: this.maxCells, signal: options.signal, onProgress: options.onProgress });
    if (load !== this.loads) throw abortError();
    this.reset();
    if (read.cells.size > 0) {
      this.pastedText = text;
      this.adopt([{ name: PASTED_SHEET, cells: read.cells, hidden: false }]);
      this.origin = { kind: "pasted", rows: read.rows, columns: read.columns };
      this.setScope("pasted");
    }
    const notes: WorkbenchNote[] = [];
    if (read.cut.rows > 0) notes.push({ kind: "columnsCut", rows: read.cut.rows, widest: read.cut.widest });
    if (read.rowsPastEnd > 0) notes.push({ kind: "rowsPastEnd", rows: read.rowsPastEnd });
    if (read.stoppedAtRow !== undefined) notes.push({ kind: "partlyRead", sheet: PASTED_SHEET, row: read.stoppedAtRow + 1, max: this.maxCells });
    this.current = notes;
    this.changed();
  }

  /**
   * Replaces the workbook with an .xlsx file's sheets (values as last calculated, stored
   * sparsely), names and plan, read part by part with progress. Cells past
   * {@link MAX_WORKBENCH_CELLS} are not read, and {@link notes} says where reading stopped,
   * what the download will not carry over (charts, pivot tables, comments, …) and whether a
   * stored plan is damaged. A cancelled, overtaken or refused open leaves the workbook as it was.
   *
   * @throws XlsxError when the bytes are not an .xlsx workbook (the message says what they are)
   * @throws Error named "AbortError" when cancelled or overtaken
   */
  async openFile(bytes: Uint8Array, fileName: string, options: LoadOptions = {}): Promise<void> {
    const load = ++this.loads;
    if (options.signal?.aborted) throw abortError();
    const { readXlsxSparse } = await loadXlsxReader();
    const sheets: MemorySheet[] = [];
    const read = await readXlsxSparse(
      bytes,
      ({ name, hidden }) => {
        const sheet: MemorySheet = { name, cells: new SheetCells(), hidden };
        sheets.push(sheet);
        return { cell: (row, col, v, f) => sheet.cells.set(row, col, f !== undefined ? { v, f } : { v }) };
      },
      { maxCells: this.maxCells, signal: options.signal, onProgress: options.onProgress },
    );
    // The file's formulas are evaluated: the engine is there before its cells are.
    await this.formulas();
    if (load !== this.loads) throw abortError();
    this.reset();
    this.adopt(sheets);
    for (const name of read.names) this.addName(name.name, name.sheet, name.ref);
    this.fileBytes = bytes;
    this.fileSheets = read.sheets;
    this.origin = { kind: "file", fileName };
    this.setScope(`file:${fileName}`);
    const notes: WorkbenchNote[] = [];
    const cut = read.sheets.find((s) => s.stoppedAtRow !== undefined && s.name !== "TargetPlanner");
    if (cut) notes.push({ kind: "partlyRead", sheet: cut.name, row: (cut.stoppedAtRow ?? 0) + 1, max: this.maxCells });
    const outside = read.sheets.reduce((n, s) => n + s.outside, 0);
    if (outside > 0) notes.push({ kind: "outside", cells: outside });
    if (read.unkept.length > 0) notes.push({ kind: "unkept", items: read.unkept, downloadName: this.downloadName });
    if (await this.readStoredPlan().then(() => false, () => true)) notes.push({ kind: "planDamaged" });
    this.current = notes;
    this.changed();
  }

  /** The sheets a user sees (not the hidden plan sheet). */
  visibleSheets(): string[] {
    return this.sheets.filter((s) => !s.hidden).map((s) => s.name);
  }

  /** A sheet's non-empty cells as [row, col, value], 0-based, in no particular order (for the column pickers). */
  *cellsOf(sheet: string): IterableIterator<[row: number, col: number, value: CellValue]> {
    const found = this.sheet(sheet);
    if (!found) return;
    for (const [row, col] of found.cells.entries()) yield [row, col, this.shownAt(found, row, col)];
  }

  /** Selects a range (the column of targets the user picked). */
  override select(sheet: string, address: string): void {
    super.select(sheet, address);
    this.changed();
  }

  /** Range.formulas of the in-memory workbook ("=…" for a formula). */
  async readFormulas(sheet: string, address: string): Promise<CellValue[][]> {
    return readFormulasInMemory(this, sheet, address);
  }

  /** Numbers into cells of an existing sheet (imported actuals); the download patches them into the file. */
  async writeCells(sheet: string, cells: CellWrite[], options?: WriteCellsOptions): Promise<WriteResult> {
    const result = await writeCellsInMemory(this, sheet, cells, options);
    this.cellsWritten.push({ sheet, cells: cells.map((c) => ({ address: c.address, value: c.value })) });
    this.changed();
    return result;
  }

  override async write(spec: WorkbookSpec, options?: Parameters<MemoryWorkbook["write"]>[1]) {
    const result = await super.write(spec, options);
    this.changed();
    return result;
  }

  /**
   * The name the download gets: an opened file's name with " (Target Planner)" added, so the
   * original is never replaced by mistake (the download is a rewrite, and may hold less);
   * "target-plan.xlsx" for a pasted table.
   * @example bench.downloadName // "sales 2025 (Target Planner).xlsx"
   */
  get downloadName(): string {
    if (this.origin.kind !== "file") return "target-plan.xlsx";
    return `${this.origin.fileName.replace(/\.xlsx$/i, "")} (Target Planner).xlsx`;
  }

  /**
   * The workbook as an .xlsx, with everything written so far: the opened file with the new
   * sheets (and cells) added — without what {@link notes} lists as not carried over — or a
   * new file with the pasted table and what was written. Before giving an opened file back,
   * checks that every sheet's cells came back.
   *
   * @throws WorkbenchError partlyRead / tooLargeToRewrite when an opened file is too large
   *   to give back whole; notCarriedOver when the rewrite lost cells (nothing is given back)
   */
  async download(): Promise<{ bytes: Uint8Array; fileName: string }> {
    const { writeXlsx, addToXlsx } = await loadXlsxWriter();
    let bytes: Uint8Array;
    if (this.origin.kind === "file" && this.fileBytes) {
      const file = this.origin.fileName;
      if (this.current.some((n) => n.kind === "partlyRead")) throw new WorkbenchError("partlyRead", { file, max: this.maxCells });
      if (this.written.length === 0) {
        // Nothing added but cells set in existing sheets (Actuals in): the file's own bytes,
        // patched below, so that every part of it (charts too) comes back as it was.
        bytes = this.fileBytes;
      } else {
        const cells = this.fileSheets.reduce((n, s) => n + s.cells, 0);
        if (cells > this.maxRewriteCells) throw new WorkbenchError("tooLargeToRewrite", { file, cells, max: this.maxRewriteCells });
        const { readableByExcelJs } = await loadXlsxReader();
        bytes = await rewriting(file, async () => {
          let out = await readableByExcelJs(this.fileBytes!);
          for (const spec of this.written) out = await addToXlsx(out, spec);
          return out;
        });
        await this.checkCarriedOver(bytes);
      }
    } else {
      bytes = await rewriting(this.downloadName, async () => {
        let out = await writeXlsx({ sheets: await this.pastedSheets(), names: [] });
        for (const spec of this.written) out = await addToXlsx(out, spec);
        return out;
      });
    }
    if (this.cellsWritten.length > 0) {
      // Cells set in existing sheets: patched into the file's zip, every other part kept.
      const { XlsxPackage } = await import(/* webpackChunkName: "xlsx" */ "../../xlsx/patch");
      bytes = await (await XlsxPackage.open(bytes)).patchCells(this.cellsWritten);
    }
    return { bytes, fileName: this.downloadName };
  }

  /** The active cell: the top-left cell of the selection (Explain this cell). */
  async readActiveCell(): Promise<ActiveCell | undefined> {
    return activeCellOf(this);
  }

  /** A short name of the current workbook (settings are kept per workbook). */
  get scope(): string {
    return this.scopeOf();
  }

  /**
   * The pasted table as a spec's sheet (rows up to each row's last cell; gaps empty), read
   * again from the pasted text: the sheet in memory also holds what was written since.
   */
  private async pastedSheets(): Promise<WorkbookSpec["sheets"]> {
    if (this.origin.kind !== "pasted") return [];
    const { cells } = await readPastedCells(this.pastedText, { maxCells: this.maxCells });
    const rows: ({ v: CellValue } | null)[][] = [];
    for (const [row, col, cell] of cells.entries()) {
      while (rows.length <= row) rows.push([]);
      const line = rows[row];
      while (line.length < col) line.push(null);
      line[col] = { v: cell.v };
    }
    return [{ name: PASTED_SHEET, kind: "notes", rows }];
  }

  /**
   * Reads the file about to be given back and checks that each sheet of the opened file is
   * there with at least the cells it had (the rewrite only adds).
   * @throws WorkbenchError notCarriedOver naming the first sheet that lost cells
   */
  private async checkCarriedOver(bytes: Uint8Array): Promise<void> {
    const { readXlsxSparse } = await loadXlsxReader();
    const counted = new Map<string, number>();
    await readXlsxSparse(bytes, ({ name }) => {
      counted.set(name, 0);
      return { cell: () => counted.set(name, (counted.get(name) ?? 0) + 1) };
    }, { maxCells: Infinity });
    for (const sheet of this.fileSheets) {
      const now = counted.get(sheet.name);
      if (now === undefined || now < sheet.cells) {
        throw new WorkbenchError("notCarriedOver", { file: this.origin.kind === "file" ? this.origin.fileName : "", sheet: sheet.name, kept: now ?? 0, had: sheet.cells });
      }
    }
  }

  private reset(): void {
    this.clear();
    this.cellsWritten = [];
    this.fileBytes = undefined;
    this.fileSheets = [];
    this.pastedText = "";
    this.current = [];
    this.origin = { kind: "empty" };
    this.setScope("empty");
  }

  private changed(): void {
    this.listeners.forEach((listener) => listener());
  }
}
