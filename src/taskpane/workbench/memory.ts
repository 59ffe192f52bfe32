/*
 * A workbook held in memory that keeps the WorkbookPort's contract: it refuses a write
 * over non-empty cells or onto a sheet name already taken (writing nothing), reports
 * progress in chunks, cancels between chunks and then removes what it wrote, and stores the
 * plan in the `TargetPlanner` sheet as the real writers do. The workbench (the pane outside
 * Excel) builds on it, and component tests use it as the fake Excel.
 *
 * Its formulas are evaluated (src/sheets/evaluate.ts, TARGET.* through the add-in's own
 * function bodies): a formula cell shows what its formula gives on the cells as they are
 * now, never the value the engine expected when the spec was built. A formula the evaluator
 * cannot read shows the value the file stored with it or, when it has none, #NAME? (and is
 * listed in `unevaluated`, so that a test sees it). The evaluator loads lazily (its own
 * chunk), on the first write; a workbook that must evaluate at once (tests adding sheets with
 * formulas) is given it (`formulas`).
 */
import type { CheckResult, Occupied, SelectionData, WorkbookPort, WriteOptions, WriteResult } from "../../excel/port";
import { WriterError } from "../../excel/messages";
import type { CustomFunction, XlError, XlValue } from "../../sheets/evaluate";
import { type CellValue, PLAN_SHEET, type SheetSpec, type WorkbookSpec, columnOutline, planCells, planFromCells } from "../../sheets/spec";
import { keepsStoredPlan } from "../../sheets/quarterly";
import { type Area, areaAddress, cellAddress, parseArea, parseCell, splitQualified } from "./a1";
import { SheetCells, type StoredCell, inSheet } from "./cells";
import { WorkbenchError } from "./errors";
import type { FormulaEngine } from "./formula-engine";

export type { StoredCell } from "./cells";

export interface MemorySheet {
  name: string;
  /** The cells that hold something, stored sparsely. */
  cells: SheetCells;
  hidden: boolean;
}

/**
 * The most cells one read of a range gives back (Excel on the web's own cap on a read:
 * "reads capped at 5,000,000 cells"); a larger range is refused with a message.
 */
export const MAX_READ_CELLS = 5_000_000;

interface MemoryName {
  name: string;
  sheet: string;
  ref: string;
  comment?: string;
}

/** Where remembered choices are kept (the workbench: the browser's storage; tests: a Map). */
export interface SettingsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** A plain in-memory settings store. */
export function memorySettings(): SettingsStore {
  const map = new Map<string, unknown>();
  return { get: (k) => map.get(k), set: (k, v) => void map.set(k, v) };
}

/** The error a write throws when the place it would write is taken (nothing is written). */
export class OccupiedError extends Error {
  constructor(readonly occupied: Occupied[]) {
    super(`the place to write is taken: ${occupied.map((o) => `${o.sheet}!${o.cells.join(",") || "(sheet exists)"}`).join("; ")}`);
    this.name = "OccupiedError";
  }
}

/** The error a cancelled write throws (what was written is removed first). */
export function abortError(): Error {
  const error = new Error("the write was cancelled; what it wrote was removed");
  error.name = "AbortError";
  return error;
}

export interface MemoryWorkbookOptions {
  kind?: "excel" | "browser";
  settings?: SettingsStore;
  /** Cells per chunk of a write (progress is reported after each); default 2,000. */
  chunkCells?: number;
  /** Waits between chunks (tests and demos slow writes down to see progress); default none. */
  pauseMs?: number;
  /** The functions outside the native subset its formulas may call; default the TARGET.* functions. */
  functions?: CustomFunction;
  /** The formula engine, when it must be there from the start; default loaded on the first write. */
  formulas?: FormulaEngine;
}

/**
 * Loads the formula engine, in a chunk of its own (the pane's first load stays small).
 * @example const engine = await loadFormulaEngine(); engine.evaluateFormula("1+1", () => null) // 2
 */
export async function loadFormulaEngine(): Promise<FormulaEngine> {
  const { formulaEngine } = await import(/* webpackChunkName: "formulas" */ "./formula-engine");
  return formulaEngine;
}

/** A formula the workbook could not evaluate: where, what, and why. */
export interface Unevaluated {
  sheet: string;
  address: string;
  formula: string;
  reason: string;
}

/** An in-memory workbook with the WorkbookPort's contract. */
export class MemoryWorkbook implements WorkbookPort {
  readonly kind: "excel" | "browser";
  protected sheets: MemorySheet[] = [];
  protected names: MemoryName[] = [];
  private selection: { sheet: string; area: Area } | undefined;
  private readonly settings: SettingsStore;
  private readonly chunkCells: number;
  private readonly pauseMs: number;
  /** Every spec written, in order (the workbench's download adds them to the file). */
  readonly written: WorkbookSpec[] = [];
  /** The formulas it could not evaluate since it was made (each cell once). */
  readonly unevaluated: Unevaluated[] = [];
  private readonly functions: CustomFunction | undefined;
  private engine: FormulaEngine | undefined;
  /** Each formula cell's value, by sheet and position, until a cell changes. */
  private readonly computed = new Map<MemorySheet, Map<number, XlValue>>();
  /** Formula cells being evaluated (a circular reference is met again here). */
  private readonly evaluating = new Set<string>();

  constructor(options: MemoryWorkbookOptions = {}) {
    this.kind = options.kind ?? "browser";
    this.settings = options.settings ?? memorySettings();
    this.chunkCells = Math.max(1, options.chunkCells ?? 2000);
    this.pauseMs = options.pauseMs ?? 0;
    this.functions = options.functions;
    this.engine = options.formulas;
  }

  /** The formula engine, loaded on first use; what was computed without it is computed again. */
  protected async formulas(): Promise<FormulaEngine> {
    if (!this.engine) {
      this.engine = await loadFormulaEngine();
      this.cellsChanged();
      // What could not wait for the engine is evaluated now.
      const waited = this.unevaluated.filter((u) => u.reason === NOT_LOADED);
      for (const u of waited) this.unevaluated.splice(this.unevaluated.indexOf(u), 1);
    }
    return this.engine;
  }

  // ---- setting up (not part of the port) -------------------------------------------

  /** Adds a sheet with values from A1 (or `origin`); formulas as `{ v, f }` are kept as such. */
  addSheet(name: string, values: (CellValue | { v: CellValue; f?: string })[][], origin = "A1", hidden = false): void {
    if (this.sheet(name)) throw new Error(`a sheet named ${name} exists`);
    const sheet: MemorySheet = { name, cells: new SheetCells(), hidden };
    const at = parseCell(origin);
    values.forEach((row, r) =>
      row.forEach((cell, c) => {
        const stored = typeof cell === "object" && cell !== null ? cell : { v: cell };
        if (stored.f !== undefined || !isBlank(stored.v)) sheet.cells.set(at.row + r, at.col + c, { ...stored });
      }),
    );
    this.sheets.push(sheet);
    this.cellsChanged();
  }

  /** Adds a defined name (e.g. a `Check_*` name read from a file). */
  addName(name: string, sheet: string, ref: string, comment?: string): void {
    this.names = this.names.filter((n) => n.name.toLowerCase() !== name.toLowerCase());
    this.names.push({ name, sheet, ref, comment });
  }

  /**
   * Sets one cell's value, as a user typing into it: a formula there is replaced (a rep typing
   * an actual, a user typing TRUE over a check); a blank value empties the cell.
   */
  setValue(sheet: string, address: string, value: CellValue): void {
    const s = this.requireSheet(sheet);
    const at = parseCell(address);
    if (isBlank(value)) s.cells.delete(at.row, at.col);
    else s.cells.set(at.row, at.col, { v: value });
    this.cellsChanged();
  }

  /**
   * Puts a formula into one cell, as a user typing it (no leading "="): a test plants a wrong
   * formula this way and sees what the pane makes of it.
   */
  setFormula(sheet: string, address: string, formula: string): void {
    const at = parseCell(address);
    this.requireSheet(sheet).cells.set(at.row, at.col, { v: null, f: formula });
    this.cellsChanged();
  }

  /** Selects a range, as the user would. */
  select(sheet: string, address: string): void {
    this.requireSheet(sheet);
    this.selection = { sheet: this.requireSheet(sheet).name, area: parseArea(address) };
  }

  /** The selected range (sheet and address), if any. */
  selected(): { sheet: string; address: string } | undefined {
    return this.selection && { sheet: this.selection.sheet, address: areaAddress(this.selection.area) };
  }

  /** The formula in a cell, if it holds one. */
  formulaAt(sheet: string, address: string): string | undefined {
    const at = parseCell(address);
    return this.requireSheet(sheet).cells.get(at.row, at.col)?.f;
  }

  /** Whether a sheet is hidden. */
  isHidden(sheet: string): boolean {
    return this.requireSheet(sheet).hidden;
  }

  // ---- the port ----------------------------------------------------------------------

  async readSelection(): Promise<SelectionData | undefined> {
    if (!this.selection) return undefined;
    const sheet = this.sheet(this.selection.sheet);
    if (!sheet) return undefined;
    const { area } = this.selection;
    const data: SelectionData = {
      sheet: sheet.name,
      address: areaAddress(area),
      values: this.valuesOf(sheet, area),
    };
    if (area.left > 0) {
      data.leftColumn = this.valuesOf(sheet, { ...area, left: area.left - 1, right: area.left - 1 }).map((r) => r[0]);
    }
    if (area.top > 0) data.headerAbove = this.valuesOf(sheet, { ...area, top: area.top - 1, bottom: area.top - 1 })[0];
    return data;
  }

  async sheetNames(): Promise<string[]> {
    return this.sheets.map((s) => s.name);
  }

  async readRange(sheet: string, address: string): Promise<CellValue[][]> {
    return this.valuesAt(sheet, address);
  }

  /** Values of a range at once (the port's {@link readRange} without the promise). */
  valuesAt(sheet: string, address: string): CellValue[][] {
    return this.valuesOf(this.requireSheet(sheet), parseArea(address));
  }

  /** Takes sheets read elsewhere (a paste, a file) as the workbook's, after those it has. */
  protected adopt(sheets: MemorySheet[]): void {
    for (const sheet of sheets) {
      if (this.sheet(sheet.name)) throw new Error(`a sheet named ${sheet.name} exists`);
      this.sheets.push(sheet);
    }
    this.cellsChanged();
  }

  /** Empties the workbook: no sheets, names, selection or written specs. */
  protected clear(): void {
    this.sheets = [];
    this.names = [];
    this.selection = undefined;
    this.written.length = 0;
    this.cellsChanged();
  }

  async findOccupied(spec: WorkbookSpec): Promise<Occupied[]> {
    const found: Occupied[] = [];
    const adding = new Set<string>();
    for (const s of spec.sheets) {
      const existing = this.sheet(s.name);
      if (!s.existing) {
        if (existing || adding.has(s.name.toLowerCase())) found.push({ sheet: s.name, cells: [] });
        adding.add(s.name.toLowerCase());
        continue;
      }
      if (!existing) {
        // Writing into a sheet that is not there is a mistake of the caller, not a taken place.
        throw new Error(`there is no sheet named ${s.name} to write into`);
      }
      const at = parseCell(s.origin ?? "A1");
      const cells: string[] = [];
      s.rows.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (cell === null || cells.length >= 5) return;
          // A cell past the sheet's edge (column XFD, row 1,048,576) is no place to write either.
          const [row_, col] = [at.row + r, at.col + c];
          if (!inSheet(row_, col) || existing.cells.has(row_, col)) cells.push(cellAddress({ row: row_, col }));
        }),
      );
      if (cells.length > 0) found.push({ sheet: existing.name, cells });
    }
    for (const h of this.hiddenTaken(spec)) found.push({ sheet: h.sheet, cells: h.cells });
    for (const s of spec.sheets) {
      if (s.existing) continue;
      // A new sheet's cells start at A1 (or its origin): rows or columns past the edge do not fit.
      const at = parseCell(s.origin ?? "A1");
      const width = s.rows.reduce((w, row) => Math.max(w, row.length), 0);
      if (s.rows.length > 0 && width > 0 && !inSheet(at.row + s.rows.length - 1, at.col + width - 1)) {
        found.push({ sheet: s.name, cells: [cellAddress({ row: at.row + s.rows.length - 1, col: at.col + width - 1 })] });
      }
    }
    return found;
  }

  /**
   * The user's cells that a collapsed column group of the spec would hide (anywhere in those
   * columns of an existing sheet, outside the area written, whose cells count as occupied):
   * the Office writer refuses these ("hidesCells"), and so does this workbook.
   */
  private hiddenTaken(spec: WorkbookSpec): { sheet: string; cells: string[]; columns: string }[] {
    const found: { sheet: string; cells: string[]; columns: string }[] = [];
    for (const s of spec.sheets) {
      const existing = s.existing ? this.sheet(s.name) : undefined;
      const hidden = columnOutline(s).hidden;
      if (!existing || hidden.size === 0) continue;
      const area = areaOf(s);
      const cells: string[] = [];
      for (const [row, col] of existing.cells.entries()) {
        const inArea = row >= area.top && row <= area.bottom && col >= area.left && col <= area.right;
        if (hidden.has(col) && !inArea && cells.length < 5) cells.push(cellAddress({ row, col }));
      }
      if (cells.length > 0) found.push({ sheet: existing.name, cells, columns: (s.columnGroups ?? []).filter((g) => g.collapsed).map((g) => g.columns).join(", ") });
    }
    return found;
  }

  async write(spec: WorkbookSpec, options: WriteOptions = {}): Promise<WriteResult> {
    await this.formulas();
    const occupied = await this.findOccupied(spec);
    const hides = this.hiddenTaken(spec);
    // Occupied cells are named first (as the Office writer ranks them), then hidden ones.
    if (hides.length > 0 && occupied.length === hides.length) {
      throw new WriterError("hidesCells", { columns: hides[0].columns, where: `${hides[0].sheet}!${hides[0].cells.join(", ")}` }, occupied);
    }
    if (occupied.length > 0) throw new OccupiedError(occupied);
    if (options.signal?.aborted) throw abortError();

    // Everything to set, in order; undo by removing what was set (the cells were empty).
    const steps: { sheet: MemorySheet; row: number; col: number; cell: StoredCell }[] = [];
    const added: MemorySheet[] = [];
    for (const s of spec.sheets) {
      let sheet = this.sheet(s.name);
      if (!sheet) {
        sheet = { name: s.name, cells: new SheetCells(), hidden: false };
        added.push(sheet);
      }
      const at = parseCell(s.origin ?? "A1");
      s.rows.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (cell === null) return;
          // A formula is stored without a value: what it shows is evaluated (never `expect`, the
          // engine's value). Live functions, when asked for, as the Office.js writer writes them.
          const stored: StoredCell = "f" in cell ? { v: null, f: options.liveFunctions && cell.live ? cell.live : cell.f } : { v: cell.v };
          steps.push({ sheet: sheet, row: at.row + r, col: at.col + c, cell: stored });
        }),
      );
    }
    const planBefore = this.sheet(PLAN_SHEET);
    this.sheets.push(...added);
    const total = steps.length;
    let syncs = 0;
    try {
      for (let start = 0; start < total || (start === 0 && total === 0); start += this.chunkCells) {
        if (options.signal?.aborted) throw abortError();
        for (const step of steps.slice(start, start + this.chunkCells)) step.sheet.cells.set(step.row, step.col, step.cell);
        this.cellsChanged();
        syncs += 1;
        options.onProgress?.(Math.min(start + this.chunkCells, total), total);
        if (this.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
        else await Promise.resolve();
        if (total === 0) break;
      }
      if (options.signal?.aborted) throw abortError();
    } catch (error) {
      // The cells were empty before (the write refuses taken places): removing them undoes it.
      for (const step of steps) step.sheet.cells.delete(step.row, step.col);
      this.sheets = this.sheets.filter((s) => !added.includes(s));
      this.cellsChanged();
      throw error;
    }
    for (const n of spec.names) this.addName(n.name, n.sheet, n.ref, n.comment);
    // A quarterly split's record does not replace a full plan (the Office writer's rule too).
    if (spec.plan !== undefined && !(planBefore && keepsStoredPlan(spec.plan, columnOf(planBefore)))) {
      if (planBefore) this.sheets = this.sheets.filter((s) => s !== planBefore);
      this.cellsChanged();
      this.addSheet(PLAN_SHEET, planCells(spec.plan).map((text) => [text]), "A1", true);
    }
    this.written.push(spec);
    return { sheets: spec.sheets.map((s) => s.name), syncs, largestRequest: 0 };
  }

  async readChecks(): Promise<CheckResult[]> {
    return this.names
      .filter((n) => /^check_/i.test(n.name))
      .map((n) => {
        const sheet = this.sheet(n.sheet);
        const area = parseArea(n.ref);
        const value = sheet ? this.valuesOf(sheet, { ...area, bottom: area.top, right: area.left })[0][0] : "";
        return { name: n.name, sheet: n.sheet, address: areaAddress(area).replace(/\$/g, ""), value, ok: value === true };
      });
  }

  async goTo(sheet: string, address: string): Promise<void> {
    this.select(sheet, address);
  }

  /**
   * The stored plan; undefined when the workbook has none (no `TargetPlanner` sheet, or one
   * that does not start with the plan's marker).
   * @throws WriterError (storedPlanUnreadable) when the sheet is Target Planner's but its
   *   plan cannot be read (as the Office.js port does)
   */
  async readStoredPlan(): Promise<unknown | undefined> {
    const sheet = this.sheet(PLAN_SHEET);
    if (!sheet) return undefined;
    try {
      return planFromCells(columnOf(sheet));
    } catch {
      throw new WriterError("storedPlanUnreadable");
    }
  }

  async getSetting<T = unknown>(name: string): Promise<T | undefined> {
    return this.settings.get(name) as T | undefined;
  }

  async setSetting(name: string, value: unknown): Promise<void> {
    this.settings.set(name, value);
  }

  // ---- inside ------------------------------------------------------------------------

  protected sheet(name: string): MemorySheet | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  private requireSheet(name: string): MemorySheet {
    const sheet = this.sheet(name);
    if (!sheet) throw new Error(`there is no sheet named ${name}`);
    return sheet;
  }

  private valuesOf(sheet: MemorySheet, area: Area): CellValue[][] {
    const cells = (area.bottom - area.top + 1) * (area.right - area.left + 1);
    if (cells > MAX_READ_CELLS) throw new WorkbenchError("readTooLarge", { address: `${sheet.name}!${areaAddress(area)}`, cells, max: MAX_READ_CELLS });
    const out: CellValue[][] = [];
    for (let r = area.top; r <= area.bottom; r++) {
      const row: CellValue[] = [];
      for (let c = area.left; c <= area.right; c++) row.push(this.shownAt(sheet, r, c));
      out.push(row);
    }
    return out;
  }

  // ---- evaluating ----------------------------------------------------------------------

  /**
   * What a cell shows, as Office.js's `Range.values` gives it: a constant as stored, a
   * formula's result evaluated now, an error as its code ("#DIV/0!"), an empty cell as "".
   */
  protected shownAt(sheet: MemorySheet, row: number, col: number): CellValue {
    const v = this.valueOf(sheet, row, col);
    if (isError(v)) return v.code;
    if (typeof v === "number" && !Number.isFinite(v)) return "#NUM!";
    return v === null ? "" : v;
  }

  /** Forgets every computed value: a cell changed, and any formula may read it. */
  protected cellsChanged(): void {
    this.computed.clear();
  }

  /** A cell's value for the evaluator: a blank is null, a formula is evaluated (once until a cell changes). */
  private valueOf(sheet: MemorySheet, row: number, col: number): XlValue {
    const cell = sheet.cells.get(row, col);
    if (cell === undefined) return null;
    if (cell.f === undefined) return isBlank(cell.v) ? null : cell.v;
    let known = this.computed.get(sheet);
    if (!known) this.computed.set(sheet, (known = new Map()));
    const key = row * 16_384 + col;
    const memo = known.get(key);
    if (memo !== undefined) return memo;
    const value = this.evaluate(sheet, row, col, { v: cell.v, f: cell.f });
    known.set(key, value);
    return value;
  }

  /** One formula cell evaluated; what it cannot evaluate is noted and shows its stored value or #NAME?. */
  private evaluate(sheet: MemorySheet, row: number, col: number, cell: StoredCell & { f: string }): XlValue {
    const engine = this.engine;
    if (!engine) {
      this.noteUnevaluated(sheet, row, col, cell.f, NOT_LOADED);
      return isBlank(cell.v) ? "" : cell.v;
    }
    const id = `${sheet.name}\u0000${row}\u0000${col}`;
    if (this.evaluating.has(id)) throw new Error(`a circular reference through ${sheet.name}!${cellAddress({ row, col })}`);
    this.evaluating.add(id);
    try {
      const read = (r: number, c: number, other?: string): XlValue => {
        if (other === undefined) return this.valueOf(sheet, r, c);
        const there = this.sheet(other);
        return there ? this.valueOf(there, r, c) : new engine.XlError("#REF!");
      };
      return engine.evaluateFormula(cell.f, read, undefined, this.functions ?? engine.targetFunction);
    } catch (error) {
      this.noteUnevaluated(sheet, row, col, cell.f, error instanceof Error ? error.message : String(error));
      return isBlank(cell.v) ? new engine.XlError("#NAME?") : cell.v;
    } finally {
      this.evaluating.delete(id);
    }
  }

  /** Lists a formula it could not evaluate (each cell once). */
  private noteUnevaluated(sheet: MemorySheet, row: number, col: number, formula: string, reason: string): void {
    const address = cellAddress({ row, col });
    if (!this.unevaluated.some((u) => u.sheet === sheet.name && u.address === address)) this.unevaluated.push({ sheet: sheet.name, address, formula, reason });
  }

  /** The used area of a sheet (A1 when empty). */
  usedArea(name: string): Area {
    const { bottom, right } = this.requireSheet(name).cells.extent();
    return { top: 0, left: 0, bottom, right };
  }

  /** A defined name's sheet and reference, given "Sheet!$A$1" text (as files store them). */
  static nameTarget(text: string): { sheet?: string; address: string } {
    return splitQualified(text);
  }
}

/** Why a formula read before the engine loaded shows its stored value. */
const NOT_LOADED = "the formula engine is not loaded yet";

/** Column A of a sheet, down to its first empty cell (where the plan is stored). */
function columnOf(sheet: MemorySheet): CellValue[] {
  const column: CellValue[] = [];
  for (let r = 0; sheet.cells.has(r, 0); r++) column.push(sheet.cells.get(r, 0)!.v);
  return column;
}

/** Whether a value is an Excel error (the only object a value can be). */
function isError(v: XlValue): v is XlError {
  return typeof v === "object" && v !== null;
}

function isBlank(v: CellValue | undefined): boolean {
  return v === undefined || v === null || v === "";
}

/** The cells a sheet spec covers, from its origin over its widest row. */
function areaOf(s: SheetSpec): Area {
  const at = parseCell(s.origin ?? "A1");
  const width = s.rows.reduce((w, row) => Math.max(w, row.length), 0);
  return { top: at.row, left: at.col, bottom: at.row + Math.max(0, s.rows.length - 1), right: at.col + Math.max(0, width - 1) };
}
