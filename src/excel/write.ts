/**
 * SheetSpec → the live workbook, through Office.js. The only writer of workbooks in the add-in.
 *
 * One action, one `Excel.run` (with `mergeUndoGroup` where ExcelApi 1.20 is there, and
 * `delayForCellEdit`), in this order:
 * 1. **Look** (one sync): the workbook's sheets, names and tables, and the used part of every
 *    area the spec would write in an existing sheet. Anything taken → refuse, nothing written.
 * 2. **Values**: new sheets added, then every sheet's rows as whole 2-D blocks through
 *    `Range.formulas` (constants and "=formulas" in the invariant en-US syntax, never
 *    `formulasLocal`), cut into row blocks so that each sync carries ≤ 4 MB of JSON.
 * 3. **Formats after values**: number formats, fonts, fills, borders, widths, merges,
 *    conditional formats (expression rules), validations, tables, freeze panes, print setup,
 *    defined names, the plan in the very hidden sheet `TargetPlanner`, protection last.
 * Syncs = 1 (look) + one per 4 MB of payload (+1 when the formats do not fit the last block).
 *
 * Text from users stays text: a string Excel would read as a formula, number, date or
 * boolean is entered behind Excel's quote prefix (see `needsQuotePrefix`).
 * If anything fails half-way, or the AbortSignal fires between syncs, a second run removes
 * what this one added (sheets, names, cells written into existing sheets, the plan it
 * replaced) and the error is rethrown.
 */
import type { CellSpec, FormatSpec, SheetSpec, WorkbookSpec } from "../sheets/spec";
import { PLAN_SHEET, planCells } from "../sheets/spec";
import { keepsStoredPlan } from "../sheets/quarterly";
import { type Rect, absoluteReference, cellAddress, columnLetters, parseCell, parseRange, rectAddress, stripSheet, union } from "./a1";
import { ACTION_OVERHEAD, type CellInput, REQUEST_BUDGET, cellInput, chunkRows, constantInput, jsonBytes } from "./chunks";
import { WriterError } from "./messages";
import type { Occupied, WriteOptions, WriteResult } from "./port";

/** `Excel.run` with options, or anything shaped like it (the fake Excel in tests). */
export type ExcelRunner = <T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** What the writer needs of its host: Excel.run, the requirement-set check, a clock. */
export interface ExcelHost {
  run: ExcelRunner;
  /** `Office.context.requirements.isSetSupported`; default: nothing beyond ExcelApi 1.1. */
  supports?: (set: string, version: string) => boolean;
  /** Waits between retries when Excel is in cell-edit mode. */
  sleep?: (ms: number) => Promise<void>;
  /** Bytes of payload per request (default 4 MB). */
  requestBudget?: number;
  /** Retries when Excel is in cell-edit mode (default 4), waiting 0.5 s, 1 s, … */
  cellEditRetries?: number;
  cellEditDelayMs?: number;
}

/** Options of {@link writeSheetSpec}: the port's write options plus the host. */
export interface WriterOptions extends WriteOptions, ExcelHost {}

/** A place that is taken, and what kind of place it is. */
export interface OccupiedPlace extends Occupied {
  kind: "cells" | "sheetName" | "name" | "sheetMissing";
  /** The name that is taken (sheet, defined name or table). */
  name?: string;
}

/** Colour of the note line under a sheet's cells (as src/xlsx writes it). */
const NOTE_COLOR = "#595959";
/** Excel's limit on the characters of one cell. */
const MAX_CELL_TEXT = 32767;
/** Cells read per sync when looking for the occupied cells of an area. */
const SCAN_CELLS = 100_000;
const EDIT_MODE = "InvalidOperationInCellEditMode";
const errorCode = (e: unknown): string | undefined => (e && typeof e === "object" && "code" in e ? String((e as { code: unknown }).code) : undefined);

/**
 * Column width in points (what Office.js sets) for a width in characters (what a SheetSpec
 * gives): Calibri 11 has 7-pixel digits and 5 pixels of padding, a pixel is ¾ point.
 * @example columnWidthPoints(10) // 56.25
 */
export function columnWidthPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

/**
 * Why Excel would refuse a sheet name, or undefined when it is fine.
 * @example sheetNameProblem("Q1/Q2") // "badChar"
 */
export function sheetNameProblem(name: string): "blank" | "tooLong" | "badChar" | "apostrophe" | "reserved" | undefined {
  if (name.trim() === "") return "blank";
  if (name.length > 31) return "tooLong";
  if (/[[\]:*?/\\]/.test(name)) return "badChar";
  if (name.startsWith("'") || name.endsWith("'")) return "apostrophe";
  if (name.toLowerCase() === "history") return "reserved";
  return undefined;
}

// ---- the spec, prepared -------------------------------------------------------------------

interface PreparedSheet {
  spec: SheetSpec;
  /** Where rows[0][0] goes. */
  row0: number;
  col0: number;
  inputs: CellInput[][];
  /** Rectangle of rows (absolute). */
  rowsRect: Rect | undefined;
  /** Everything the spec puts content into (rows, tables, merges). */
  area: Rect | undefined;
  cells: number;
}

function prepare(spec: WorkbookSpec, liveFunctions: boolean): PreparedSheet[] {
  const seen = new Set<string>();
  for (const s of spec.sheets) {
    const problem = sheetNameProblem(s.name) ?? (s.name.toLowerCase() === PLAN_SHEET.toLowerCase() ? "reserved" : undefined);
    if (problem) throw new WriterError("sheetNameInvalid", { name: s.name, reason: problem });
    const key = s.name.toLowerCase();
    if (seen.has(key)) throw new WriterError("sheetNameInvalid", { name: s.name, reason: "duplicate" });
    seen.add(key);
  }
  return spec.sheets.map((s) => {
    const o = parseCell(s.origin ?? "A1");
    let cells = 0;
    let width = 0;
    const inputs: CellInput[][] = s.rows.map((row, r) =>
      row.map((cell, c) => {
        if (cell && "v" in cell && typeof cell.v === "string" && cell.v.length > MAX_CELL_TEXT)
          throw new WriterError("textTooLong", { where: `${s.name}!${cellAddress(o.row + r, o.col + c)}`, length: cell.v.length });
        try {
          const x = cellInput(cell, liveFunctions);
          if (x !== null) cells++;
          width = Math.max(width, c + 1);
          return x;
        } catch {
          throw new WriterError("notFinite", { where: `${s.name}!${cellAddress(o.row + r, o.col + c)}`, value: String((cell as { v: unknown }).v) });
        }
      }),
    );
    if (s.note) {
      // The note goes one blank row below the cells, in their first column (as src/xlsx puts it).
      inputs.push([], [constantInput(s.note)]);
      cells++;
      width = Math.max(width, 1);
    }
    // Excel renames a blank or repeated table header itself: refuse such a table instead (as src/xlsx does).
    for (const t of s.tables ?? []) {
      const r = parseRange(t.range);
      const seenHeaders = new Set<string>();
      for (let col = r.c0; col <= r.c1; col++) {
        const cell = s.rows[r.r0 - o.row]?.[col - o.col];
        const text = cell && "v" in cell && typeof cell.v === "string" ? cell.v.trim().toLowerCase() : "";
        if (text === "" || seenHeaders.has(text)) throw new WriterError("tableHeader", { table: t.name, where: `${s.name}!${cellAddress(r.r0, col)}` });
        seenHeaders.add(text);
      }
    }
    const rowsRect = inputs.length > 0 && width > 0 ? { r0: o.row, c0: o.col, r1: o.row + inputs.length - 1, c1: o.col + width - 1 } : undefined;
    let area = rowsRect;
    for (const a of [...(s.tables ?? []).map((t) => t.range), ...(s.merges ?? [])]) {
      const r = parseRange(a);
      area = area ? union(area, r) : r;
    }
    return { spec: s, row0: o.row, col0: o.col, inputs, rowsRect, area, cells };
  });
}

// ---- look ---------------------------------------------------------------------------------

interface Look {
  occupied: OccupiedPlace[];
  sheetNames: string[];
  planSheetExists: boolean;
}

async function look(ctx: Excel.RequestContext, spec: WorkbookSpec, prepared: PreparedSheet[]): Promise<Look> {
  const wb = ctx.workbook;
  const sheets = wb.worksheets.load("items/name");
  const names = wb.names.load("items/name");
  const tables = wb.tables.load("items/name");
  // Existing sheets by getItem: a missing one fails this sync (ItemNotFound), handled below.
  const areas = prepared
    .filter((p) => p.spec.existing)
    .map((p) => {
      const ws = wb.worksheets.getItem(p.spec.name).load("name");
      return { p, used: p.area ? ws.getRange(rectAddress(p.area)).getUsedRangeOrNullObject(true).load("address") : undefined };
    });
  try {
    await ctx.sync();
  } catch (e) {
    if (errorCode(e) !== "ItemNotFound" || areas.length === 0) throw e;
    // An existing sheet the spec writes into is not there: say which.
    const again = ctx.workbook.worksheets.load("items/name");
    await ctx.sync();
    const have = new Set(again.items.map((w) => w.name.toLowerCase()));
    const missing = areas.filter((a) => !have.has(a.p.spec.name.toLowerCase()));
    return {
      occupied: missing.map((a) => ({ sheet: a.p.spec.name, cells: [], kind: "sheetMissing", name: a.p.spec.name })),
      sheetNames: again.items.map((w) => w.name),
      planSheetExists: have.has(PLAN_SHEET.toLowerCase()),
    };
  }
  const sheetNames = sheets.items.map((w) => w.name);
  const taken = new Set(sheetNames.map((n) => n.toLowerCase()));
  const occupied: OccupiedPlace[] = [];
  for (const p of prepared)
    if (!p.spec.existing && taken.has(p.spec.name.toLowerCase())) occupied.push({ sheet: p.spec.name, cells: [], kind: "sheetName", name: p.spec.name });
  const namesTaken = new Set([...names.items.map((n) => n.name.toLowerCase()), ...tables.items.map((t) => t.name.toLowerCase())]);
  for (const n of [...spec.names.map((x) => ({ name: x.name, sheet: x.sheet })), ...prepared.flatMap((p) => (p.spec.tables ?? []).map((t) => ({ name: t.name, sheet: p.spec.name })))])
    if (namesTaken.has(n.name.toLowerCase())) occupied.push({ sheet: n.sheet, cells: [], kind: "name", name: n.name });
  // Areas in existing sheets whose used part is not empty: find their first occupied cells,
  // reading the used part in slices of rows (a used range may be a bounding box with holes).
  for (const a of areas) {
    if (!a.used || a.used.isNullObject) continue;
    const r = parseRange(stripSheet(a.used.address));
    const width = r.c1 - r.c0 + 1;
    const step = Math.max(1, Math.floor(SCAN_CELLS / width));
    const cells: string[] = [];
    for (let top = r.r0; top <= r.r1 && cells.length === 0; top += step) {
      const slice = { ...r, r0: top, r1: Math.min(r.r1, top + step - 1) };
      const range = wb.worksheets.getItem(a.p.spec.name).getRange(rectAddress(slice)).load("formulas");
      await ctx.sync();
      range.formulas.forEach((row, i) =>
        row.forEach((v, j) => {
          if (cells.length < 5 && v !== "" && v !== null) cells.push(cellAddress(slice.r0 + i, slice.c0 + j));
        }),
      );
    }
    if (cells.length > 0) occupied.push({ sheet: a.p.spec.name, cells, kind: "cells" });
  }
  return { occupied, sheetNames, planSheetExists: taken.has(PLAN_SHEET.toLowerCase()) };
}

/** The refusal for what is taken, naming the most useful thing first: a missing sheet, a taken sheet name, occupied cells, then names. */
function refusal(found: OccupiedPlace[]): WriterError {
  const rank = { sheetMissing: 0, sheetName: 1, cells: 2, name: 3 } as const;
  const occupied = [...found].sort((a, b) => rank[a.kind] - rank[b.kind]);
  const first = occupied[0];
  if (first.kind === "sheetName") return new WriterError("sheetNameTaken", { name: first.name }, occupied);
  if (first.kind === "name") return new WriterError("nameTaken", { name: first.name }, occupied);
  if (first.kind === "sheetMissing") return new WriterError("sheetMissing", { name: first.name }, occupied);
  const cells = occupied.filter((o) => o.kind === "cells");
  const where = cells.map((o) => `${o.sheet}!${o.cells.join(", ")}`).join("; ");
  return new WriterError("occupied", { where, count: cells.reduce((n, o) => n + o.cells.length, 0) }, occupied);
}

// ---- running -----------------------------------------------------------------------------

/**
 * `delayForCellEdit` always (its docs name no requirement set; a host that ignores it fails
 * with InvalidOperationInCellEditMode, which is retried); `mergeUndoGroup` where ExcelApi 1.20 is.
 */
function runOptions(host: ExcelHost): Excel.RunOptions {
  const supports = host.supports ?? (() => false);
  const o: Excel.RunOptions = { delayForCellEdit: true };
  if (supports("ExcelApi", "1.20")) o.mergeUndoGroup = true;
  return o;
}

/**
 * One `Excel.run` for one action that writes nothing (reads, go to), retried while Excel is
 * in cell-edit mode. Writes retry in {@link writeSheetSpec}, after their rollback.
 * @example await runAction({ run: Excel.run }, async (ctx) => { const s = ctx.workbook.worksheets.load("items/name"); await ctx.sync(); return s.items.length; })
 */
export async function runAction<T>(host: ExcelHost, batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
  const retries = host.cellEditRetries ?? 4;
  const delay = host.cellEditDelayMs ?? 500;
  const sleep = host.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      return await host.run(runOptions(host), batch);
    } catch (e) {
      if (errorCode(e) !== EDIT_MODE || attempt >= retries) throw e;
      await sleep(delay * (attempt + 1));
    }
  }
}

/**
 * Where the spec would write over something: taken sheet names, defined or table names, and
 * non-empty cells in the areas it writes of existing sheets. Empty when the way is clear.
 * @example await findOccupied(spec, { run: Excel.run }) // [{ sheet: "Split", cells: [], kind: "sheetName", name: "Split" }]
 */
export async function findOccupied(spec: WorkbookSpec, host: ExcelHost): Promise<OccupiedPlace[]> {
  const prepared = prepare(spec, false);
  return runAction(host, async (ctx) => (await look(ctx, spec, prepared)).occupied);
}

// ---- writing ------------------------------------------------------------------------------

/** What a write has done so far, for the rollback. */
interface Done {
  addedSheets: string[];
  addedNames: string[];
  /** Areas written in existing sheets, and whether their formats were touched. */
  touched: { sheet: string; rect: Rect; formats: boolean }[];
  existingTables: string[];
  protectedSheets: string[];
  planOld?: CellInput[];
  planTouched: boolean;
}

/**
 * Writes a WorkbookSpec into the live workbook (see the module comment for the order).
 * Refuses, writing nothing, when a sheet name is invalid or taken, a name is taken, or an
 * area in an existing sheet holds something ({@link WriterError} with the places); on any
 * failure or cancellation removes what it added and rethrows.
 * @example
 * const result = await writeSheetSpec(spec, { run: Excel.run, supports: (s, v) => Office.context.requirements.isSetSupported(s, v) });
 * result.syncs; // e.g. 3
 */
export async function writeSheetSpec(spec: WorkbookSpec, options: WriterOptions): Promise<WriteResult> {
  const prepared = prepare(spec, options.liveFunctions === true);
  const budget = options.requestBudget ?? REQUEST_BUDGET;
  const total = prepared.reduce((n, p) => n + p.cells, 0);
  let syncs = 0;
  let largest = 0;
  const done: Done = { addedSheets: [], addedNames: [], touched: [], existingTables: [], protectedSheets: [], planTouched: false };
  const writtenSheets = prepared.map((p) => p.spec.name);

  const retries = options.cellEditRetries ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 0; ; attempt++) {
    let started = false;
    done.addedSheets = [];
    done.addedNames = [];
    done.touched = [];
    done.existingTables = [];
    done.protectedSheets = [];
    done.planOld = undefined;
    done.planTouched = false;
    try {
      await options.run(runOptions(options), async (ctx) => {
        let queued = 0;
        let written = 0;
        const sync = async (): Promise<void> => {
          if (started && options.signal?.aborted) throw new WriterError("cancelled");
          await ctx.sync();
          syncs++;
          largest = Math.max(largest, queued);
          queued = 0;
          if (started) options.onProgress?.(written, total);
        };
        /** Queues something of `bytes`, syncing first when the request would pass the budget. */
        const fit = async (bytes: number): Promise<void> => {
          if (queued > 0 && queued + bytes + ACTION_OVERHEAD > budget) await sync();
          queued += bytes + ACTION_OVERHEAD;
        };

        const seen = await look(ctx, spec, prepared);
        syncs++;
        if (seen.occupied.length > 0) throw refusal(seen.occupied);
        if (options.signal?.aborted) throw new WriterError("cancelled");
        started = true;

        const wb = ctx.workbook;
        const sheetOf = new Map<string, Excel.Worksheet>();
        for (const p of prepared) {
          if (p.spec.existing) sheetOf.set(p.spec.name, wb.worksheets.getItem(p.spec.name));
          else {
            await fit(jsonBytes(p.spec.name));
            sheetOf.set(p.spec.name, wb.worksheets.add(p.spec.name));
            done.addedSheets.push(p.spec.name);
          }
        }

        // The plan sheet's old content, read before anything touches it (for the rollback).
        let planSheet: Excel.Worksheet | undefined;
        let planOld: Excel.Range | undefined;
        if (spec.plan !== undefined && seen.planSheetExists) {
          planSheet = wb.worksheets.getItem(PLAN_SHEET);
          planOld = planSheet.getUsedRangeOrNullObject(true).load("values,columnIndex,rowIndex");
        }

        // Values: whole row blocks, each request within the budget.
        for (const p of prepared) {
          if (p.spec.existing && p.area) done.touched.push({ sheet: p.spec.name, rect: p.area, formats: false });
          const ws = sheetOf.get(p.spec.name)!;
          for (const b of chunkRows(p.inputs, budget - 2 * ACTION_OVERHEAD)) {
            const width = b.colEnd - b.colStart;
            if (width === 0) continue; // rows with no cells at all
            await fit(b.bytes);
            const block: CellInput[][] = [];
            for (let r = b.start; r < b.end; r++) {
              const src = p.inputs[r];
              const line = new Array<CellInput>(width);
              for (let c = 0; c < width; c++) line[c] = src[b.colStart + c] ?? null;
              block.push(line);
              for (const x of line) if (x !== null) written++;
            }
            ws.getRange(rectAddress({ r0: p.row0 + b.start, c0: p.col0 + b.colStart, r1: p.row0 + b.end - 1, c1: p.col0 + b.colEnd - 1 })).formulas = block;
            if (queued + ACTION_OVERHEAD > budget - 1024) await sync();
          }
        }
        if (planOld && queued > 0) await sync(); // the old plan is read before the plan is rewritten
        if (planOld && !planOld.isNullObject && planOld.columnIndex === 0 && planOld.rowIndex === 0) done.planOld = planOld.values.map((r) => r[0] as CellInput);

        // Formats and the rest, after the values.
        for (const p of prepared) {
          const ws = sheetOf.get(p.spec.name)!;
          const t = done.touched.find((x) => x.sheet === p.spec.name);
          if (t) t.formats = true;
          await queueSheetExtras(ws, p, options, fit, done);
        }
        for (const n of spec.names) {
          await fit(jsonBytes([n.name, n.sheet, n.ref, n.comment ?? ""]));
          wb.names.add(n.name, absoluteReference(n.sheet, n.ref), n.comment);
          done.addedNames.push(n.name);
        }
        if (spec.plan !== undefined && !keepsStoredPlan(spec.plan, done.planOld)) {
          const cells = planCells(spec.plan).map((c) => [constantInput(c)]);
          await fit(64);
          if (!planSheet) {
            planSheet = wb.worksheets.add(PLAN_SHEET);
            done.addedSheets.push(PLAN_SHEET);
          } else {
            done.planTouched = true;
            planSheet.getRange("A:A").clear("Contents");
          }
          // The JSON in pieces that each fit a request (a cell holds 32,000 characters of it).
          for (let i = 0; i < cells.length; ) {
            let j = i;
            let bytes = jsonBytes(cells[i]);
            while (j + 1 < cells.length && bytes + jsonBytes(cells[j + 1]) + ACTION_OVERHEAD * 2 <= budget / 2) bytes += jsonBytes(cells[++j]);
            await fit(bytes);
            planSheet.getRange(`A${i + 1}:A${j + 1}`).formulas = cells.slice(i, j + 1);
            i = j + 1;
          }
          planSheet.visibility = "VeryHidden";
        }
        for (const p of prepared)
          if (p.spec.protect) {
            await fit(64);
            sheetOf.get(p.spec.name)!.protection.protect({ allowFormatColumns: true, allowFormatRows: true, allowAutoFilter: true, allowSort: true });
            done.protectedSheets.push(p.spec.name);
          }
        const first = prepared.find((p) => !p.spec.existing);
        if (first) sheetOf.get(first.spec.name)!.activate();
        await sync();
      });
      break;
    } catch (e) {
      if (started) await rollback(options, done, e);
      if (errorCode(e) === EDIT_MODE && attempt < retries) {
        await sleep((options.cellEditDelayMs ?? 500) * (attempt + 1));
        continue;
      }
      throw e;
    }
  }
  return { sheets: writtenSheets, syncs, largestRequest: largest };
}

/** Everything after a sheet's values: formats, widths, merges, rules, tables, panes, print. */
async function queueSheetExtras(
  ws: Excel.Worksheet,
  p: PreparedSheet,
  host: ExcelHost,
  fit: (bytes: number) => Promise<void>,
  done: Done,
): Promise<void> {
  const s = p.spec;
  const supports = host.supports ?? (() => false);
  if (s.note) {
    await fit(48);
    const note = ws.getRange(cellAddress(p.row0 + s.rows.length + 1, p.col0));
    note.format.font.italic = true;
    note.format.font.color = NOTE_COLOR;
  }
  for (const f of s.formats ?? []) {
    await fit(jsonBytes(f));
    applyFormat(ws.getRange(f.range), f);
  }
  if (s.protect) {
    for (const rect of inputRects(p)) {
      await fit(32);
      ws.getRange(rectAddress(rect)).format.protection.locked = false;
    }
  }
  const widths = s.columnWidths ?? [];
  for (let i = 0; i < widths.length; ) {
    let j = i;
    while (j + 1 < widths.length && widths[j + 1] === widths[i]) j++;
    await fit(24);
    const base = s.existing ? p.col0 : 0;
    ws.getRange(`${columnLetters(base + i)}:${columnLetters(base + j)}`).format.columnWidth = columnWidthPoints(widths[i]);
    i = j + 1;
  }
  // Helper columns grouped (Range.group, ExcelApi 1.10) and hidden (Range.columnHidden, ExcelApi 1.2).
  for (const g of s.groupedColumns ?? []) {
    await fit(jsonBytes(g));
    const helpers = ws.getRange(g);
    if (supports("ExcelApi", "1.10")) helpers.group("ByColumns");
    helpers.columnHidden = true;
  }
  for (const m of s.merges ?? []) {
    await fit(jsonBytes(m));
    ws.getRange(m).merge(false);
  }
  let priority = 0;
  for (const c of s.conditionalFormats ?? []) {
    await fit(jsonBytes(c));
    const cf = ws.getRange(c.range).conditionalFormats.add("Custom");
    cf.custom.rule.formula = "=" + c.formula;
    if (c.fill) cf.custom.format.fill.color = c.fill;
    if (c.color) cf.custom.format.font.color = c.color;
    if (c.bold) cf.custom.format.font.bold = true;
    cf.stopIfTrue = true;
    cf.priority = priority++;
  }
  for (const v of s.validations ?? []) {
    await fit(jsonBytes(v));
    const dv = ws.getRange(v.range).dataValidation;
    if (v.list) dv.rule = { list: { inCellDropDown: true, source: v.list.join(",") } };
    else if (v.min !== undefined && v.max !== undefined) dv.rule = { decimal: { formula1: v.min, formula2: v.max, operator: "Between" } };
    else if (v.min !== undefined) dv.rule = { decimal: { formula1: v.min, operator: "GreaterThanOrEqualTo" } };
    else if (v.max !== undefined) dv.rule = { decimal: { formula1: v.max, operator: "LessThanOrEqualTo" } };
    else continue;
    if (v.message) dv.errorAlert = { message: v.message, showAlert: true, style: "Stop", title: "Target Planner" };
  }
  for (const t of s.tables ?? []) {
    await fit(jsonBytes(t));
    const table = ws.tables.add(t.range, true);
    table.name = t.name;
    if (t.style) table.style = t.style;
    if (s.existing) done.existingTables.push(t.name);
  }
  if (s.freeze && (s.freeze.rows > 0 || s.freeze.columns > 0)) {
    await fit(32);
    const { rows, columns } = s.freeze;
    if (columns === 0) ws.freezePanes.freezeRows(rows);
    else if (rows === 0) ws.freezePanes.freezeColumns(columns);
    else ws.freezePanes.freezeAt(ws.getRange(rectAddress({ r0: 0, c0: 0, r1: rows - 1, c1: columns - 1 })));
  }
  // Manual page breaks (one letter a page): "adds a page break before the top-left cell of the range".
  if (s.rowBreaks?.length && supports("ExcelApi", "1.9")) {
    for (const after of s.rowBreaks) {
      await fit(24);
      ws.horizontalPageBreaks.add(cellAddress(p.row0 + after, p.col0));
    }
  }
  if (s.print && supports("ExcelApi", "1.9")) {
    await fit(jsonBytes(s.print));
    if (s.print.landscape) ws.pageLayout.orientation = "Landscape";
    if (s.print.fitToWidth) ws.pageLayout.zoom = { horizontalFitToPages: s.print.pagesWide ?? 1, verticalFitToPages: 0 };
    if (s.print.repeatRows) ws.pageLayout.setPrintTitleRows(s.print.repeatRows);
  }
}

const ALIGN = { left: "Left", center: "Center", right: "Right" } as const;

function applyFormat(range: Excel.Range, f: FormatSpec): void {
  // One number format for the whole range as a single value: the Range reference says "the
  // argument can be either a single value … or a two-dimensional array. If the argument is a
  // single value, it will be applied to all cells in the range" (quoted in
  // OfficeDev/office-js-docs-reference#578). A full array would add ~1 MB to 5,000 × 12.
  if (f.numFmt !== undefined) range.numberFormat = f.numFmt as unknown as string[][];
  if (f.bold !== undefined) range.format.font.bold = f.bold;
  if (f.italic !== undefined) range.format.font.italic = f.italic;
  if (f.color) range.format.font.color = f.color;
  if (f.fill) range.format.fill.color = f.fill;
  if (f.horizontal) range.format.horizontalAlignment = ALIGN[f.horizontal];
  if (f.wrap !== undefined) range.format.wrapText = f.wrap;
  if (f.locked !== undefined) range.format.protection.locked = f.locked;
  if (f.border) {
    const r = parseRange(f.range);
    const edges: Excel.BorderIndex[] = [Excel_Edge.top, Excel_Edge.bottom, Excel_Edge.left, Excel_Edge.right];
    if (r.c1 > r.c0) edges.push(Excel_Edge.insideV);
    if (r.r1 > r.r0) edges.push(Excel_Edge.insideH);
    for (const e of edges) range.format.borders.getItem(e).style = "Continuous";
  }
}

const Excel_Edge = {
  top: "EdgeTop",
  bottom: "EdgeBottom",
  left: "EdgeLeft",
  right: "EdgeRight",
  insideV: "InsideVertical",
  insideH: "InsideHorizontal",
} as unknown as Record<"top" | "bottom" | "left" | "right" | "insideV" | "insideH", Excel.BorderIndex>;

/**
 * Input cells (`input: true`) as few rectangles: runs per row, stacked while rows repeat,
 * so unlocking 5,000 rows of actuals is one range, not 5,000.
 * @example inputRects({ spec: { rows: [[{ v: 1, input: true }], [{ v: 2, input: true }]] }, row0: 1, col0: 2 }) // [{ r0: 1, r1: 2, c0: 2, c1: 2 }]
 */
export function inputRects(p: { spec: { rows: (CellSpec | null)[][] }; row0: number; col0: number }): Rect[] {
  const out: Rect[] = [];
  let open: Rect[] = [];
  p.spec.rows.forEach((row, r) => {
    const runs: [number, number][] = [];
    row.forEach((cell, c) => {
      if (cell && "v" in cell && cell.input) {
        const last = runs[runs.length - 1];
        if (last && last[1] === c - 1) last[1] = c;
        else runs.push([c, c]);
      }
    });
    const next: Rect[] = [];
    for (const [a, b] of runs) {
      const col0 = p.col0 + a;
      const col1 = p.col0 + b;
      const prev = open.find((o) => o.c0 === col0 && o.c1 === col1 && o.r1 === p.row0 + r - 1);
      if (prev) {
        prev.r1 = p.row0 + r;
        next.push(prev);
      } else {
        const rect = { r0: p.row0 + r, r1: p.row0 + r, c0: col0, c1: col1 };
        out.push(rect);
        next.push(rect);
      }
    }
    open = next;
  });
  return out;
}

/**
 * Removes what a failed write added, in a run of its own (the failed run's queue may hold
 * the very request that failed): its sheets and names, the contents (and rules) it put in
 * existing sheets, the tables it made there, and the plan it replaced. Throws a
 * `rollbackFailed` WriterError when that fails too.
 */
async function rollback(host: ExcelHost, done: Done, cause: unknown): Promise<void> {
  try {
    await runAction(host, async (ctx) => {
      const wb = ctx.workbook;
      const sheets = done.addedSheets.map((n) => wb.worksheets.getItemOrNullObject(n).load("name"));
      const names = done.addedNames.map((n) => wb.names.getItemOrNullObject(n).load("name"));
      const tables = done.existingTables.map((n) => wb.tables.getItemOrNullObject(n).load("name"));
      const plan = done.planTouched ? wb.worksheets.getItemOrNullObject(PLAN_SHEET).load("name") : undefined;
      await ctx.sync();
      for (const n of names) if (!n.isNullObject) n.delete();
      for (const t of tables) if (!t.isNullObject) t.convertToRange();
      for (const name of done.protectedSheets) if (!done.addedSheets.includes(name)) wb.worksheets.getItem(name).protection.unprotect();
      for (const t of done.touched) {
        const range = wb.worksheets.getItem(t.sheet).getRange(rectAddress(t.rect));
        range.clear("Contents");
        if (t.formats) {
          range.conditionalFormats.clearAll();
          range.dataValidation.clear();
        }
      }
      for (const s of sheets) if (!s.isNullObject) s.delete();
      if (plan && !plan.isNullObject) {
        plan.getRange("A:A").clear("Contents");
        if (done.planOld && done.planOld.length > 0) plan.getRange(`A1:A${done.planOld.length}`).formulas = done.planOld.map((v) => [typeof v === "string" ? constantInput(v) : v]);
      }
      await ctx.sync();
    });
  } catch (e) {
    const leftovers = [...done.addedSheets, ...done.addedNames].join(", ") || "—";
    throw new WriterError(
      "rollbackFailed",
      { cause: cause instanceof Error ? cause.message : String(cause), rollback: e instanceof Error ? e.message : String(e), leftovers },
      undefined,
      cause,
    );
  }
}

/**
 * The message for a failed write in the user's language: a WriterError's own, or "failed"
 * around Excel's message.
 * @example describeWriteError(new Error("boom"), "en") // "Writing failed (boom); what had been written was removed."
 */
export function describeWriteError(e: unknown, lang: "en" | "zh"): string {
  if (e instanceof WriterError) return e.messageIn(lang);
  return new WriterError("failed", { cause: e instanceof Error ? e.message : String(e) }).messageIn(lang);
}

