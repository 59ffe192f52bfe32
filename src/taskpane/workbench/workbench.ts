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
import { MemoryWorkbook, type SettingsStore, memorySettings } from "./memory";
import { readPastedTable } from "./paste";
import { readXlsxFile } from "./open-xlsx";
import { loadXlsxWriter } from "../services/xlsx";
import { areaAddress, cellAddress, parseArea } from "./a1";

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
}

/**
 * The workbench: an in-memory workbook fed by a paste or an opened file, given back as a
 * download. Remembered choices are kept per workbook: per file name, or for "the pasted table".
 */
export class Workbench extends MemoryWorkbook {
  private origin: WorkbenchSource = { kind: "empty" };
  private fileBytes: Uint8Array | undefined;
  private pasted: CellValue[][] = [];
  private readonly listeners = new Set<() => void>();
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
  }

  private readonly scopeOf: () => string;
  private readonly setScope: (scope: string) => void;

  /** Where the workbook came from. */
  get source(): WorkbenchSource {
    return this.origin;
  }

  /** Calls `listener` whenever the workbook is replaced or written to; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Replaces the workbook with a pasted table (sheet {@link PASTED_SHEET}) and returns its
   * values. An empty paste leaves the workbook empty.
   */
  pasteTable(text: string): CellValue[][] {
    const values = readPastedTable(text);
    this.reset();
    this.pasted = values;
    if (values.length > 0) {
      this.addSheet(PASTED_SHEET, values);
      this.origin = { kind: "pasted", rows: values.length, columns: values[0].length };
      this.setScope("pasted");
    }
    this.changed();
    return values;
  }

  /** Replaces the workbook with an .xlsx file's sheets (values as last calculated), names and plan. */
  async openFile(bytes: Uint8Array, fileName: string): Promise<void> {
    const book = await readXlsxFile(bytes);
    this.reset();
    for (const sheet of book.sheets) this.addSheet(sheet.name, sheet.cells, "A1", sheet.hidden);
    for (const name of book.names) this.addName(name.name, name.sheet, name.ref);
    this.fileBytes = bytes;
    this.origin = { kind: "file", fileName };
    this.setScope(`file:${fileName}`);
    this.changed();
  }

  /** The sheets a user sees (not the hidden plan sheet). */
  visibleSheets(): string[] {
    return this.sheets.filter((s) => !s.hidden).map((s) => s.name);
  }

  /** The values of a sheet's used area (for the pane's column pickers). */
  table(sheet: string): CellValue[][] {
    const area = this.usedArea(sheet);
    return this.valuesAt(sheet, areaAddress(area));
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
   * The workbook as an .xlsx, with everything written so far: the opened file with the new
   * sheets (and cells) added, or a new file with the pasted table and what was written.
   */
  async download(): Promise<{ bytes: Uint8Array; fileName: string }> {
    const { writeXlsx, addToXlsx } = await loadXlsxWriter();
    let bytes: Uint8Array;
    if (this.origin.kind === "file" && this.fileBytes) {
      bytes = this.fileBytes;
    } else {
      bytes = await writeXlsx({
        sheets: this.pasted.length > 0 ? [{ name: PASTED_SHEET, kind: "notes", rows: this.pasted.map((r) => r.map((v) => (v === "" ? null : { v }))) }] : [],
        names: [],
      });
    }
    for (const spec of this.written) bytes = await addToXlsx(bytes, spec);
    if (this.cellsWritten.length > 0) {
      // Cells set in existing sheets: patched into the file's zip, every other part kept.
      const { XlsxPackage } = await import(/* webpackChunkName: "xlsx" */ "../../xlsx/patch");
      bytes = await (await XlsxPackage.open(bytes)).patchCells(this.cellsWritten);
    }
    const base = this.origin.kind === "file" ? this.origin.fileName.replace(/\.xlsx$/i, "") : "target-plan";
    return { bytes, fileName: `${base}.xlsx` };
  }

  /** The active cell: the top-left cell of the selection (Explain this cell). */
  async readActiveCell(): Promise<ActiveCell | undefined> {
    return activeCellOf(this);
  }

  /** A short name of the current workbook (settings are kept per workbook). */
  get scope(): string {
    return this.scopeOf();
  }

  private reset(): void {
    this.clear();
    this.cellsWritten = [];
    this.pasted = [];
    this.fileBytes = undefined;
    this.origin = { kind: "empty" };
    this.setScope("empty");
  }

  private changed(): void {
    this.listeners.forEach((listener) => listener());
  }
}
