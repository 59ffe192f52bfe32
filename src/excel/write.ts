/**
 * SheetSpec → the live workbook, through Office.js. The only writer of workbooks in the add-in.
 *
 * Before Excel is asked anything, the spec is checked against what this Excel supports
 * (`requirements.ts`: conditional formats need ExcelApi 1.6, frozen panes 1.7, validations
 * 1.8); a host without them gets a message naming what is missing. Then one action, one
 * `Excel.run` (with `mergeUndoGroup` where ExcelApi 1.20 is there, and `delayForCellEdit`):
 * 1. **Look** (one sync): the workbook's sheets, names and tables, the used part of every
 *    area the spec would write in an existing sheet, whether those sheets or the workbook's
 *    structure are protected, the workbook's date system, and what the write will change in
 *    an existing sheet (column widths and hidden columns, row heights, page setup, frozen
 *    panes) so a failure can put it back. Anything taken or protected → refuse, nothing
 *    written; so does a collapsed column group whose columns hold the user's cells elsewhere
 *    in the sheet (hiding a column hides all of it).
 * 2. **Values**: new sheets added, then every sheet's rows as whole 2-D blocks through
 *    `Range.formulas` (constants and "=formulas" in the invariant en-US syntax, never
 *    `formulasLocal`; date constants in the workbook's date system).
 * 3. **Formats after values**: number formats, fonts, fills, borders, widths, row heights,
 *    column groups (grouped and collapsed with ExcelApi 1.10, else the collapsed columns
 *    hidden), merges, conditional formats (expression rules), validations, tables, freeze
 *    panes, print setup, charts (`worksheet.charts.add`, each series set to its range, see
 *    {@link queueCharts}), defined names, the plan in the sheet `TargetPlanner`, protection,
 *    and last of all the plan sheet made very hidden.
 * Every request is measured as Office.js will serialize it (`chunks.ts`: objects named,
 * actions, the JSON of their arguments) and cut so that none passes 4 MB, under Excel on the
 * web's 5 MB; calculation is suspended for each request where ExcelApi 1.6 allows. Syncs = 1
 * (look) + one per 4 MB of request.
 *
 * Text from users stays text: a string Excel would read as a formula, number, date or
 * boolean is entered behind Excel's quote prefix (see `needsQuotePrefix`).
 * If anything fails half-way, or the AbortSignal fires between syncs, a second run removes
 * what this one added (sheets — a very hidden one made visible to Excel's delete first —,
 * names, cells written into existing sheets and their rules, the charts it drew there, the groups it made there, the
 * widths, hidden columns, row heights, page setup and panes it changed there, the plan it
 * replaced) and the error is rethrown; when that fails too, the message lists what is really
 * still there.
 */
import type { CellSpec, ChartSpec, ConditionalFormatSpec, FormatSpec, SheetRange, SheetSpec, ValidationSpec, WorkbookSpec } from "../sheets/spec";
import { MAX_OUTLINE_LEVEL, PLAN_SHEET, columnOutline, columnSpan, planCells } from "../sheets/spec";
import { keepsStoredPlan } from "../sheets/quarterly";
import { MAX_COLUMNS, MAX_ROWS, type Rect, absoluteReference, cellAddress, columnLetters, parseCell, parseRange, rectAddress, stripSheet, union } from "./a1";
import {
  ACTION_OVERHEAD,
  type CellInput,
  OBJECT_BYTES,
  REQUEST_BUDGET,
  REQUEST_BYTES,
  SUSPEND_BYTES,
  callBytes,
  cellInput,
  chunkRows,
  constantInput,
  jsonBytes,
  sliceBytes,
} from "./chunks";
import { dateSystemProbe, isDateFormat, toWorkbookSerial, uses1904 } from "./dates";
import { WriterError } from "./messages";
import type { Occupied, WriteOptions, WriteResult } from "./port";
import { canGroup, missingRequirements } from "./requirements";

/** `Excel.run` with options, or anything shaped like it (the fake Excel in tests). */
export type ExcelRunner = <T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** What the writer needs of its host: Excel.run, the requirement-set check, a clock. */
export interface ExcelHost {
  run: ExcelRunner;
  /** `Office.context.requirements.isSetSupported`; default: nothing beyond ExcelApi 1.1. */
  supports?: (set: string, version: string) => boolean;
  /** Waits between retries when Excel is in cell-edit mode. */
  sleep?: (ms: number) => Promise<void>;
  /** Bytes per request, as Office.js serializes it (default 4 MB). */
  requestBudget?: number;
  /** Retries when Excel is in cell-edit mode (default 4), waiting 0.5 s, 1 s, … */
  cellEditRetries?: number;
  cellEditDelayMs?: number;
}

/** Options of {@link writeSheetSpec}: the port's write options plus the host. */
export interface WriterOptions extends WriteOptions, ExcelHost {
  /** Called at each sync of the write with the writer's own measure of that request (tests, bench). */
  onRequest?: (bytes: number) => void;
}

/** A place that is taken, and what kind of place it is. */
export interface OccupiedPlace extends Occupied {
  /** "hiddenCells": the user's cells in columns a collapsed group would hide; "chart": a chart of that name on the sheet. */
  kind: "cells" | "sheetName" | "name" | "sheetMissing" | "hiddenCells" | "chart";
  /** The name that is taken (sheet, defined name or table). */
  name?: string;
}

/** Colour of the note line under a sheet's cells (as src/xlsx writes it). */
const NOTE_COLOR = "#595959";
/** Excel's limit on the characters of one cell. */
const MAX_CELL_TEXT = 32767;
/**
 * A defined name's comment, at most 255 characters: [MS-OI29500] §2.1.568 (definedName):
 * "Excel restricts the value of this attribute to be at most 255 characters before escaping."
 */
export const NAME_COMMENT_LIMIT = 255;
/** Cells read per sync when looking for the occupied cells of an area. */
const SCAN_CELLS = 100_000;
const EDIT_MODE = "InvalidOperationInCellEditMode";
const errorCode = (e: unknown): string | undefined => (e && typeof e === "object" && "code" in e ? String((e as { code: unknown }).code) : undefined);
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

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

/**
 * A defined name's comment as Excel takes it: at most {@link NAME_COMMENT_LIMIT} characters
 * (UTF-16 units), a longer one cut with an ellipsis (never inside a surrogate pair).
 * @example nameComment("x".repeat(300)).length // 255
 */
export function nameComment(comment: string | undefined): string | undefined {
  if (comment === undefined || comment.length <= NAME_COMMENT_LIMIT) return comment;
  let cut = NAME_COMMENT_LIMIT - 1;
  if (/[\ud800-\udbff]/.test(comment[cut - 1])) cut--;
  return comment.slice(0, cut) + "…";
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
  /** Cells (row and column in `inputs`) holding a number under a date format: date serials. */
  dates: [number, number][];
  /** Runs of columns its collapsed groups hide (0-based, first and last), left to right. */
  hiddenRuns: [number, number][];
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
    // Excel's outline takes 7 groups within each other ("Excel only supports eight levels of outline groups").
    for (const g of s.columnGroups ?? []) if (!columnSpan(g.columns)) throw new WriterError("badColumns", { name: s.name, columns: g.columns });
    const outline = columnOutline(s);
    for (const [c, level] of outline.levels)
      if (level > MAX_OUTLINE_LEVEL) throw new WriterError("outlineTooDeep", { name: s.name, column: columnLetters(c), level });
    const hiddenRuns: [number, number][] = [];
    for (const c of [...outline.hidden].sort((a, b) => a - b)) {
      const last = hiddenRuns[hiddenRuns.length - 1];
      if (last && last[1] === c - 1) last[1] = c;
      else hiddenRuns.push([c, c]);
    }
    return { spec: s, row0: o.row, col0: o.col, inputs, rowsRect, area, cells, dates: dateCells(s, inputs, o.row, o.col, width), hiddenRuns };
  });
}

/** Whole columns as Excel addresses them: "J:AG". */
const wholeColumns = (first: number, last: number): string => `${columnLetters(first)}:${columnLetters(last)}`;

/**
 * The cells of a sheet's rows that hold a number under a date format (the last format with a
 * number format wins, as formats apply in order): the date serials to convert in a workbook
 * on the 1904 date system.
 */
function dateCells(s: SheetSpec, inputs: CellInput[][], row0: number, col0: number, width: number): [number, number][] {
  const formats = (s.formats ?? []).filter((f) => f.numFmt !== undefined);
  if (!formats.some((f) => isDateFormat(f.numFmt)) || width === 0) return [];
  const isDate = new Uint8Array(inputs.length * width);
  for (const f of formats) {
    const r = parseRange(f.range);
    const date = isDateFormat(f.numFmt) ? 1 : 0;
    for (let row = Math.max(r.r0, row0); row <= Math.min(r.r1, row0 + inputs.length - 1); row++)
      for (let col = Math.max(r.c0, col0); col <= Math.min(r.c1, col0 + width - 1); col++) isDate[(row - row0) * width + (col - col0)] = date;
  }
  const out: [number, number][] = [];
  inputs.forEach((line, r) => line.forEach((x, c) => typeof x === "number" && isDate[r * width + c] === 1 && out.push([r, c])));
  return out;
}

// ---- look ---------------------------------------------------------------------------------

/** What a write changes in an existing sheet beyond its cells, as it was before. */
interface SheetBefore {
  sheet: string;
  /** Column widths in points, by 0-based column. */
  widths: [number, number][];
  /** Whether each column a collapsed group hides was hidden, by 0-based column. */
  hidden: [number, boolean][];
  /** Row heights in points, by 1-based row, of the rows the write sets a height for. */
  heights: [number, number][];
  page?: { orientation: string; zoom: Excel.PageLayoutZoomOptions };
  /** The frozen cells (null: nothing frozen), when the write freezes panes. */
  freeze?: Rect | null;
}

interface Look {
  occupied: OccupiedPlace[];
  sheetNames: string[];
  planSheetExists: boolean;
  /** Existing sheets the spec writes into that are protected. */
  protectedSheets: string[];
  /** The workbook's structure is protected (known only with ExcelApi 1.7). */
  structureProtected: boolean;
  date1904: boolean;
  before: SheetBefore[];
}

/** What each existing sheet looks like before the write, as proxies loaded in the look's sync. */
interface BeforeProbe {
  sheet: string;
  widths: { col: number; format: Excel.RangeFormat }[];
  hidden: { col: number; range: Excel.Range }[];
  heights: { row: number; format: Excel.RangeFormat }[];
  page?: Excel.PageLayout;
  freeze?: Excel.Range;
}

/** Queues the loads of what an existing sheet's widths, page setup and panes are now. */
function probeBefore(ws: Excel.Worksheet, p: PreparedSheet, supports: (s: string, v: string) => boolean): BeforeProbe {
  const s = p.spec;
  const widths = (s.columnWidths ?? []).map((_, i) => {
    const col = p.col0 + i;
    return { col, format: ws.getRange(`${columnLetters(col)}:${columnLetters(col)}`).format.load("columnWidth") };
  });
  const hidden = p.hiddenRuns.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => ({ col: a + i, range: ws.getRange(wholeColumns(a + i, a + i)).load("columnHidden") })));
  const heights = (s.rowHeights ?? []).map((h) => ({ row: h.row, format: ws.getRange(`${h.row}:${h.row}`).format.load("rowHeight") }));
  const page = s.print && supports("ExcelApi", "1.9") ? ws.pageLayout.load("orientation,zoom") : undefined;
  const freeze = s.freeze && (s.freeze.rows > 0 || s.freeze.columns > 0) ? ws.freezePanes.getLocationOrNullObject().load("address") : undefined;
  return { sheet: s.name, widths, hidden, heights, page, freeze };
}

function readBefore(b: BeforeProbe): SheetBefore {
  const widths = b.widths.filter((w) => typeof w.format.columnWidth === "number").map((w): [number, number] => [w.col, w.format.columnWidth]);
  const hidden = b.hidden.map((h): [number, boolean] => [h.col, h.range.columnHidden === true]);
  const heights = b.heights.filter((h) => typeof h.format.rowHeight === "number").map((h): [number, number] => [h.row, h.format.rowHeight]);
  const page = b.page ? { orientation: b.page.orientation, zoom: b.page.zoom } : undefined;
  const freeze = b.freeze ? (b.freeze.isNullObject ? null : parseFrozen(stripSheet(b.freeze.address))) : undefined;
  return { sheet: b.sheet, widths, hidden, heights, page, freeze };
}

/**
 * A frozen location ("A1:B3"; whole rows "1:2" or "A1:XFD2"; whole columns "A:B" or
 * "A1:B1048576") as the rows and columns frozen: `r1 + 1` rows, `c1 + 1` columns (-1: none).
 */
function parseFrozen(address: string): Rect {
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(address);
  if (rows) return { r0: 0, c0: 0, r1: Number(rows[2]) - 1, c1: -1 };
  const cols = /^\$?([A-Z]+):\$?([A-Z]+)$/i.exec(address);
  if (cols) return { r0: 0, c0: 0, r1: -1, c1: parseCell(`${cols[2]}1`).col };
  const r = parseRange(address);
  return { ...r, r1: r.r1 === MAX_ROWS - 1 ? -1 : r.r1, c1: r.c1 === MAX_COLUMNS - 1 ? -1 : r.c1 };
}

async function look(ctx: Excel.RequestContext, spec: WorkbookSpec, prepared: PreparedSheet[], host: ExcelHost, full: boolean): Promise<Look> {
  const wb = ctx.workbook;
  const supports = host.supports ?? (() => false);
  const sheets = wb.worksheets.load("items/name");
  const names = wb.names.load("items/name");
  const tables = wb.tables.load("items/name");
  // Existing sheets by getItem: a missing one fails this sync (ItemNotFound), handled below.
  const areas = prepared
    .filter((p) => p.spec.existing)
    .map((p) => {
      const ws = wb.worksheets.getItem(p.spec.name).load("name");
      return {
        p,
        used: p.area ? ws.getRange(rectAddress(p.area)).getUsedRangeOrNullObject(true).load("address") : undefined,
        // What the user has in the columns a collapsed group would hide (all of each column).
        hiddenUsed: p.hiddenRuns.map(([a, b]) => ws.getRange(wholeColumns(a, b)).getUsedRangeOrNullObject(true).load("address")),
        protection: full ? ws.protection.load("protected") : undefined,
        charts: (p.spec.charts ?? []).length > 0 ? ws.charts.load("items/name") : undefined,
        before: full ? probeBefore(ws, p, supports) : undefined,
      };
    });
  const structure = full && supports("ExcelApi", "1.7") ? wb.protection.load("protected") : undefined;
  const dates = full ? dateSystemProbe(wb) : undefined;
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
      protectedSheets: [],
      structureProtected: false,
      date1904: false,
      before: [],
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
  // Areas in existing sheets whose used part is not empty: find their first occupied cells.
  for (const a of areas) {
    if (!a.used || a.used.isNullObject) continue;
    const cells = await firstCells(ctx, a.p.spec.name, parseRange(stripSheet(a.used.address)));
    if (cells.length > 0) occupied.push({ sheet: a.p.spec.name, cells, kind: "cells" });
  }
  // Charts drawn into an existing sheet need names of their own there (the rollback finds them by name).
  for (const a of areas) {
    if (!a.charts) continue;
    const taken = new Set(a.charts.items.map((c) => c.name.toLowerCase()));
    for (const c of a.p.spec.charts ?? []) if (taken.has(c.name.toLowerCase())) occupied.push({ sheet: a.p.spec.name, cells: [], kind: "chart", name: c.name });
  }
  // The columns a collapsed group hides: anything of the user's there, outside the area (whose
  // cells are reported above), would be hidden with them.
  for (const a of areas) {
    const cells: string[] = [];
    for (const used of a.hiddenUsed) {
      if (used.isNullObject || cells.length >= 5) continue;
      cells.push(...(await firstCells(ctx, a.p.spec.name, parseRange(stripSheet(used.address)), a.p.area, 5 - cells.length)));
    }
    if (cells.length > 0) occupied.push({ sheet: a.p.spec.name, cells, kind: "hiddenCells", name: a.p.hiddenRuns.map(([x, y]) => wholeColumns(x, y)).join(", ") });
  }
  return {
    occupied,
    sheetNames,
    planSheetExists: taken.has(PLAN_SHEET.toLowerCase()),
    protectedSheets: areas.filter((a) => a.protection?.protected === true).map((a) => a.p.spec.name),
    structureProtected: structure?.protected === true,
    date1904: dates ? uses1904(dates) : false,
    before: areas.flatMap((a) => (a.before ? [readBefore(a.before)] : [])),
  };
}

/**
 * Up to `limit` non-empty cells of `r` on a sheet, outside `skip`, read in slices of rows (a
 * used range may be a bounding box with holes) and stopping at the first slice that holds
 * something.
 */
async function firstCells(ctx: Excel.RequestContext, sheet: string, r: Rect, skip?: Rect, limit = 5): Promise<string[]> {
  const width = r.c1 - r.c0 + 1;
  const step = Math.max(1, Math.floor(SCAN_CELLS / width));
  const cells: string[] = [];
  const skipped = (row: number, col: number): boolean => !!skip && row >= skip.r0 && row <= skip.r1 && col >= skip.c0 && col <= skip.c1;
  for (let top = r.r0; top <= r.r1 && cells.length === 0; top += step) {
    const slice = { ...r, r0: top, r1: Math.min(r.r1, top + step - 1) };
    const range = ctx.workbook.worksheets.getItem(sheet).getRange(rectAddress(slice)).load("formulas");
    // One sync per slice of SCAN_CELLS cells, by design: a response is capped at 5 MB, and
    // the scan stops at the first slice that holds something.
    // eslint-disable-next-line target-planner/no-sync-in-loop
    await ctx.sync();
    range.formulas.forEach((row, i) =>
      row.forEach((v, j) => {
        if (cells.length < limit && v !== "" && v !== null && !skipped(slice.r0 + i, slice.c0 + j)) cells.push(cellAddress(slice.r0 + i, slice.c0 + j));
      }),
    );
  }
  return cells;
}

/** The refusal for what is taken, naming the most useful thing first: a missing sheet, a taken sheet name, occupied cells, hidden cells, then names. */
function refusal(found: OccupiedPlace[]): WriterError {
  const rank = { sheetMissing: 0, sheetName: 1, cells: 2, hiddenCells: 3, name: 4, chart: 5 } as const;
  const occupied = [...found].sort((a, b) => rank[a.kind] - rank[b.kind]);
  const first = occupied[0];
  if (first.kind === "sheetName") return new WriterError("sheetNameTaken", { name: first.name }, occupied);
  if (first.kind === "name") return new WriterError("nameTaken", { name: first.name }, occupied);
  if (first.kind === "chart") return new WriterError("chartNameTaken", { sheet: first.sheet, name: first.name }, occupied);
  if (first.kind === "sheetMissing") return new WriterError("sheetMissing", { name: first.name }, occupied);
  if (first.kind === "hiddenCells") return new WriterError("hidesCells", { columns: first.name, where: `${first.sheet}!${first.cells.join(", ")}` }, occupied);
  const cells = occupied.filter((o) => o.kind === "cells");
  const where = cells.map((o) => `${o.sheet}!${o.cells.join(", ")}`).join("; ");
  return new WriterError("occupied", { where, count: cells.reduce((n, o) => n + o.cells.length, 0) }, occupied);
}

/**
 * Protection in the way of this write, or undefined: a protected sheet it writes into ("Protect
 * a worksheet": locked cells and formats cannot change), or a protected workbook structure
 * when it adds sheets ("Use workbook protection when your add-in needs to prevent users from
 * adding, deleting, moving, or renaming worksheets").
 */
function protectionRefusal(seen: Look, spec: WorkbookSpec, prepared: PreparedSheet[]): WriterError | undefined {
  if (seen.protectedSheets.length > 0) return new WriterError("sheetProtected", { name: seen.protectedSheets[0] });
  const addsSheets = prepared.some((p) => !p.spec.existing) || (spec.plan !== undefined && !seen.planSheetExists);
  if (seen.structureProtected && addsSheets) return new WriterError("workbookProtected");
  return undefined;
}

// ---- running -----------------------------------------------------------------------------

/**
 * `delayForCellEdit` always (a host that ignores it fails with InvalidOperationInCellEditMode,
 * which is retried); `mergeUndoGroup` where ExcelApi 1.20 is.
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
  return runAction(host, async (ctx) => (await look(ctx, spec, prepared, host, false)).occupied);
}

// ---- requests ----------------------------------------------------------------------------

/**
 * The requests of one write: queues calls, measuring each before it is queued as Office.js
 * will serialize it, and syncs when the next call would take the request past the budget.
 * Each request starts by suspending calculation where the host allows it (ExcelApi 1.6).
 */
class Requests {
  /** Bytes of the request being built (0: none started). */
  private queued = 0;
  /** Sheets already named in this request (each costs a path again in every request). */
  private named = new Set<string>();
  syncs = 0;
  largest = 0;
  /** Called after every successful sync. */
  onSynced?: () => void;
  constructor(
    private readonly ctx: Excel.RequestContext,
    readonly budget: number,
    private readonly options: WriterOptions,
    private readonly suspend: boolean,
  ) {}

  /** Makes room for a call of `bytes` (on `sheet`), syncing first when it would not fit. */
  async fit(bytes: number, sheet?: string): Promise<void> {
    const cost = (): number => bytes + (sheet !== undefined && !this.named.has(sheet) ? OBJECT_BYTES : 0);
    if (this.queued > 0 && this.queued + cost() > this.budget) await this.sync();
    if (this.queued === 0) {
      this.queued = REQUEST_BYTES;
      if (this.suspend) {
        this.ctx.workbook.application.suspendApiCalculationUntilNextSync();
        this.queued += SUSPEND_BYTES;
      }
    }
    this.queued += cost();
    if (sheet !== undefined) this.named.add(sheet);
  }

  /** Room left in the request being built (a fresh one's when none is). */
  room(): number {
    return this.budget - (this.queued > 0 ? this.queued : REQUEST_BYTES + (this.suspend ? SUSPEND_BYTES : 0)) - OBJECT_BYTES;
  }

  async sync(): Promise<void> {
    if (this.options.signal?.aborted) throw new WriterError("cancelled");
    await this.ctx.sync();
    this.syncs++;
    this.largest = Math.max(this.largest, this.queued);
    this.options.onRequest?.(this.queued);
    this.queued = 0;
    this.named = new Set();
    this.onSynced?.();
  }
}

/** Office.js calls, measured: objects named, actions, and the JSON of their arguments. */
const COST = {
  addSheet: (name: string) => callBytes(2, 0, [name]),
  values: (bytes: number, address: string) => bytes + jsonBytes(address),
  note: (address: string) => callBytes(3, 2, [address, NOTE_COLOR, true]),
  unlock: (address: string) => callBytes(3, 1, [address, false]),
  columnWidth: (address: string) => callBytes(2, 1, [address, 100.25]),
  rowHeight: (address: string) => callBytes(2, 1, [address, 409.5]),
  group: (address: string, collapsed: boolean) => callBytes(1, collapsed ? 2 : 1, [address, "ByColumns", collapsed ? "ByColumns" : null]),
  hideColumns: (address: string) => callBytes(1, 1, [address, true]),
  merge: (address: string) => callBytes(1, 1, [address, false]),
  validation: (v: ValidationSpec, rule: unknown, alert: unknown) => callBytes(2, alert ? 2 : 1, [v.range, rule, alert ?? null]),
  table: (t: { range: string; name: string; style?: string }) => callBytes(3, t.style ? 2 : 1, [t.range, true, t.name, t.style ?? ""]),
  freeze: () => callBytes(2, 1, ["A1:Z99"]),
  print: (p: NonNullable<SheetSpec["print"]>) => callBytes(1, 5, [p, "Landscape"]),
  name: (name: string, ref: string, comment: string | undefined) => callBytes(2, 0, [name, ref, comment ?? null]),
  planCells: (bytes: number, rows: number) => bytes + ACTION_OVERHEAD + sliceBytes(rows, 1) + 32,
  clearColumn: () => callBytes(1, 1, ["A:A", "Contents"]),
  visibility: () => callBytes(0, 1, ["VeryHidden"]),
  protect: (options: unknown) => callBytes(1, 1, [options]),
  activate: () => callBytes(0, 1),
  pageBreak: (address: string) => callBytes(2, 1, [address]),
};

// ---- writing ------------------------------------------------------------------------------

/** What a write has done so far, for the rollback. */
interface Done {
  addedSheets: string[];
  addedNames: string[];
  /** Areas written in existing sheets, and whether their formats were touched. */
  touched: { sheet: string; rect: Rect; formats: boolean }[];
  existingTables: string[];
  protectedSheets: string[];
  /** Column groups made in existing sheets (whole columns, "J:AG"), to ungroup. */
  outlined: { sheet: string; columns: string }[];
  /** Charts drawn in existing sheets, by name, to delete. */
  charts: { sheet: string; name: string }[];
  /** Existing sheets whose widths, hidden columns, row heights, page setup or panes the write changes, as they were. */
  restore: SheetBefore[];
  planOld?: CellInput[];
  planTouched: boolean;
  /** How much of each list above was in a request that Excel took (synced). */
  applied: { sheets: number; names: number; tables: number; touched: number };
}

const newDone = (): Done => ({
  addedSheets: [],
  addedNames: [],
  touched: [],
  existingTables: [],
  protectedSheets: [],
  outlined: [],
  charts: [],
  restore: [],
  planTouched: false,
  applied: { sheets: 0, names: 0, tables: 0, touched: 0 },
});

/**
 * Writes a WorkbookSpec into the live workbook (see the module comment for the order).
 * Refuses, writing nothing, when this Excel lacks a requirement set the spec needs, a sheet
 * name is invalid or taken, a name is taken, a sheet it writes into (or the workbook's
 * structure, when it adds sheets) is protected, or an area in an existing sheet holds
 * something ({@link WriterError} with the places); on any failure or cancellation removes
 * what it added and rethrows.
 * @example
 * const result = await writeSheetSpec(spec, { run: Excel.run, supports: (s, v) => Office.context.requirements.isSetSupported(s, v) });
 * result.syncs; // e.g. 3
 */
export async function writeSheetSpec(spec: WorkbookSpec, options: WriterOptions): Promise<WriteResult> {
  const prepared = prepare(spec, options.liveFunctions === true);
  const supports = options.supports ?? (() => false);
  const missing = missingRequirements(spec, supports);
  if (missing.length > 0) throw new WriterError("excelTooOld", { needs: missing.map((m) => `${m.feature}:${m.version}`).join(",") });
  const budget = options.requestBudget ?? REQUEST_BUDGET;
  const total = prepared.reduce((n, p) => n + p.cells, 0);
  let syncs = 0;
  let largest = 0;
  let done = newDone();
  const writtenSheets = prepared.map((p) => p.spec.name);

  const retries = options.cellEditRetries ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 0; ; attempt++) {
    let started = false;
    done = newDone();
    try {
      await options.run(runOptions(options), async (ctx) => {
        const seen = await look(ctx, spec, prepared, options, true);
        syncs++;
        if (seen.occupied.length > 0) throw refusal(seen.occupied);
        const refused = protectionRefusal(seen, spec, prepared);
        if (refused) throw refused;
        if (options.signal?.aborted) throw new WriterError("cancelled");
        started = true;
        if (seen.date1904) for (const p of prepared) for (const [r, c] of p.dates) p.inputs[r][c] = toWorkbookSerial(p.inputs[r][c] as number, true);

        const req = new Requests(ctx, budget, options, supports("ExcelApi", "1.6"));
        let written = 0;
        req.onSynced = () => {
          done.applied = { sheets: done.addedSheets.length, names: done.addedNames.length, tables: done.existingTables.length, touched: done.touched.length };
          options.onProgress?.(written, total);
        };
        try {
          const sheetOf = await addSheets(ctx, prepared, req, done);
          const plan = await readOldPlan(ctx, spec, seen, req);
          const syncsBefore = req.syncs;
          written = await writeValues(prepared, sheetOf, req, done, (n) => (written = n));
          if (plan.old && req.syncs === syncsBefore) await req.sync(); // the old plan is read before the plan is rewritten
          if (plan.old && !plan.old.isNullObject && plan.old.columnIndex === 0 && plan.old.rowIndex === 0) done.planOld = plan.old.values.map((r) => r[0] as CellInput);
          for (const p of prepared) {
            const t = done.touched.find((x) => x.sheet === p.spec.name);
            if (t) t.formats = true;
            const before = seen.before.find((b) => b.sheet === p.spec.name);
            if (before) done.restore.push(before);
            await queueSheetExtras(sheetOf.get(p.spec.name)!, p, options, req, done);
          }
          for (const n of spec.names) {
            const ref = absoluteReference(n.sheet, n.ref);
            const comment = nameComment(n.comment);
            await req.fit(COST.name(n.name, ref, comment));
            ctx.workbook.names.add(n.name, ref, comment);
            done.addedNames.push(n.name);
          }
          const planSheet = await writePlan(ctx, spec, plan.sheet, req, done);
          for (const p of prepared)
            if (p.spec.protect) {
              const protection = { allowFormatColumns: true, allowFormatRows: true, allowAutoFilter: true, allowSort: true };
              await req.fit(COST.protect(protection), p.spec.name);
              sheetOf.get(p.spec.name)!.protection.protect(protection);
              done.protectedSheets.push(p.spec.name);
            }
          // Hidden last: a very hidden sheet cannot be deleted, so until here the rollback can
          // delete the plan sheet as it is.
          if (planSheet && done.addedSheets.includes(PLAN_SHEET)) {
            await req.fit(COST.visibility(), PLAN_SHEET);
            planSheet.visibility = "VeryHidden";
          }
          const first = prepared.find((p) => !p.spec.existing);
          if (first) {
            await req.fit(COST.activate(), first.spec.name);
            sheetOf.get(first.spec.name)!.activate();
          }
          await req.sync();
        } finally {
          syncs += req.syncs;
          largest = Math.max(largest, req.largest);
        }
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

/** Adds the spec's new sheets; returns every sheet of the spec by name. */
async function addSheets(ctx: Excel.RequestContext, prepared: PreparedSheet[], req: Requests, done: Done): Promise<Map<string, Excel.Worksheet>> {
  const sheetOf = new Map<string, Excel.Worksheet>();
  for (const p of prepared) {
    if (p.spec.existing) sheetOf.set(p.spec.name, ctx.workbook.worksheets.getItem(p.spec.name));
    else {
      await req.fit(COST.addSheet(p.spec.name));
      sheetOf.set(p.spec.name, ctx.workbook.worksheets.add(p.spec.name));
      done.addedSheets.push(p.spec.name);
    }
  }
  return sheetOf;
}

/** The plan sheet's old content, loaded before anything touches it (for the rollback). */
async function readOldPlan(ctx: Excel.RequestContext, spec: WorkbookSpec, seen: Look, req: Requests): Promise<{ sheet?: Excel.Worksheet; old?: Excel.Range }> {
  if (spec.plan === undefined || !seen.planSheetExists) return {};
  await req.fit(callBytes(3, 1), PLAN_SHEET);
  const sheet = ctx.workbook.worksheets.getItem(PLAN_SHEET);
  return { sheet, old: sheet.getUsedRangeOrNullObject(true).load("values,columnIndex,rowIndex") };
}

/** Every sheet's rows as whole 2-D blocks, each request within the budget; returns the cells written. */
async function writeValues(prepared: PreparedSheet[], sheetOf: Map<string, Excel.Worksheet>, req: Requests, done: Done, progress: (n: number) => void): Promise<number> {
  let written = 0;
  for (const p of prepared) {
    if (p.spec.existing && p.area) done.touched.push({ sheet: p.spec.name, rect: p.area, formats: false });
    const ws = sheetOf.get(p.spec.name)!;
    for (const b of chunkRows(p.inputs, req.budget - REQUEST_BYTES - SUSPEND_BYTES - OBJECT_BYTES - 64, req.room() - 64)) {
      // (64: the block's address)
      const width = b.colEnd - b.colStart;
      if (width === 0) continue; // rows with no cells at all
      const address = rectAddress({ r0: p.row0 + b.start, c0: p.col0 + b.colStart, r1: p.row0 + b.end - 1, c1: p.col0 + b.colEnd - 1 });
      await req.fit(COST.values(b.bytes, address), p.spec.name);
      const block: CellInput[][] = [];
      for (let r = b.start; r < b.end; r++) {
        const src = p.inputs[r];
        const line = new Array<CellInput>(width);
        for (let c = 0; c < width; c++) line[c] = src[b.colStart + c] ?? null;
        block.push(line);
        for (const x of line) if (x !== null) written++;
      }
      ws.getRange(address).formulas = block;
      progress(written);
    }
  }
  return written;
}

/** The plan, as JSON text in column A of the sheet `TargetPlanner` (added when missing). */
async function writePlan(ctx: Excel.RequestContext, spec: WorkbookSpec, existing: Excel.Worksheet | undefined, req: Requests, done: Done): Promise<Excel.Worksheet | undefined> {
  if (spec.plan === undefined || keepsStoredPlan(spec.plan, done.planOld)) return undefined;
  const cells = planCells(spec.plan).map((c) => [constantInput(c)]);
  let planSheet = existing;
  if (!planSheet) {
    await req.fit(COST.addSheet(PLAN_SHEET));
    planSheet = ctx.workbook.worksheets.add(PLAN_SHEET);
    done.addedSheets.push(PLAN_SHEET);
  } else {
    await req.fit(COST.clearColumn(), PLAN_SHEET);
    done.planTouched = true;
    planSheet.getRange("A:A").clear("Contents");
  }
  // The JSON in pieces that each fit a request (a cell holds 32,000 characters of it).
  for (let i = 0; i < cells.length; ) {
    let j = i;
    let bytes = jsonBytes(cells[i]);
    while (j + 1 < cells.length && bytes + jsonBytes(cells[j + 1]) + ACTION_OVERHEAD * 2 <= req.budget / 2) bytes += jsonBytes(cells[++j]);
    await req.fit(COST.planCells(bytes, j - i + 1), PLAN_SHEET);
    planSheet.getRange(`A${i + 1}:A${j + 1}`).formulas = cells.slice(i, j + 1);
    i = j + 1;
  }
  return planSheet;
}

/** Everything after a sheet's values: formats, widths, merges, rules, tables, panes, print. */
async function queueSheetExtras(ws: Excel.Worksheet, p: PreparedSheet, host: ExcelHost, req: Requests, done: Done): Promise<void> {
  const s = p.spec;
  const fit = (bytes: number): Promise<void> => req.fit(bytes, s.name);
  if (s.note) {
    const address = cellAddress(p.row0 + s.rows.length + 1, p.col0);
    await fit(COST.note(address));
    const note = ws.getRange(address);
    note.format.font.italic = true;
    note.format.font.color = NOTE_COLOR;
  }
  for (const f of s.formats ?? []) {
    await fit(formatCost(f));
    applyFormat(ws.getRange(f.range), f);
  }
  if (s.protect) {
    for (const rect of inputRects(p)) {
      const address = rectAddress(rect);
      await fit(COST.unlock(address));
      ws.getRange(address).format.protection.locked = false;
    }
  }
  await queueColumnWidths(ws, p, fit);
  for (const h of s.rowHeights ?? []) {
    const address = `${h.row}:${h.row}`;
    await fit(COST.rowHeight(address));
    ws.getRange(address).format.rowHeight = h.points;
  }
  await queueColumnGroups(ws, p, host, fit, done);
  for (const m of s.merges ?? []) {
    await fit(COST.merge(m));
    ws.getRange(m).merge(false);
  }
  let priority = 0;
  for (const c of s.conditionalFormats ?? []) {
    await fit(conditionalFormatCost(c));
    const cf = ws.getRange(c.range).conditionalFormats.add("Custom");
    cf.custom.rule.formula = "=" + c.formula;
    if (c.fill) cf.custom.format.fill.color = c.fill;
    if (c.color) cf.custom.format.font.color = c.color;
    if (c.bold) cf.custom.format.font.bold = true;
    cf.stopIfTrue = true;
    cf.priority = priority++;
  }
  for (const v of s.validations ?? []) {
    const rule = validationRule(v);
    if (!rule) continue;
    const alert = v.message ? { message: v.message, showAlert: true, style: "Stop" as Excel.DataValidationAlertStyle, title: "Target Planner" } : undefined;
    await fit(COST.validation(v, rule, alert));
    const dv = ws.getRange(v.range).dataValidation;
    dv.rule = rule;
    if (alert) dv.errorAlert = alert;
  }
  for (const t of s.tables ?? []) {
    await fit(COST.table(t));
    const table = ws.tables.add(t.range, true);
    table.name = t.name;
    if (t.style) table.style = t.style;
    if (s.existing) done.existingTables.push(t.name);
  }
  if (s.freeze && (s.freeze.rows > 0 || s.freeze.columns > 0)) {
    await fit(COST.freeze());
    freezeAt(ws, s.freeze.rows, s.freeze.columns);
  }
  const supports = host.supports ?? (() => false);
  // Manual page breaks (one letter a page): "Adds a page break before the top-left cell of
  // the range specified." (PageBreakCollection.add, ExcelApi 1.9.)
  if (s.rowBreaks?.length && supports("ExcelApi", "1.9")) {
    for (const after of s.rowBreaks) {
      const at = cellAddress(p.row0 + after, p.col0);
      await fit(COST.pageBreak(at));
      ws.horizontalPageBreaks.add(at);
    }
  }
  if (s.print && supports("ExcelApi", "1.9")) {
    await fit(COST.print(s.print));
    queuePrint(ws, s);
  }
  for (const c of s.charts ?? []) {
    await fit(chartCost(c));
    queueChart(ws, c, (ref) => ws.context.workbook.worksheets.getItem(ref.sheet).getRange(ref.range));
    if (s.existing) done.charts.push({ sheet: s.name, name: c.name });
  }
}

/** Office.js chart types of a ChartSpec's types, and of a series drawn the other way. */
const CHART_TYPE = { bar: "BarClustered", column: "ColumnClustered", line: "Line", doughnut: "Doughnut" } as const;
const LEGEND = { bottom: "Bottom", right: "Right", top: "Top" } as const;

/** How a series is drawn: the chart's type, or its own in a combination of columns and lines. */
const typeOfSeries = (c: ChartSpec, s: ChartSpec["series"][number]): ChartSpec["type"] => ((c.type === "column" || c.type === "line") && s.type ? s.type : c.type);

/**
 * One chart, as the .xlsx writer draws it (src/xlsx/charts.ts), through Office.js: added from
 * its first series' range (`ChartCollection.add`, ExcelApi 1.1, "Creates a new chart"), then
 * every series set to its own range and categories (`setValues`, `setXAxisValues`, 1.7 — the
 * first series too: Excel may take a text first cell of the source for a name), named and
 * coloured; a series drawn the other way gets its own `chartType` (1.7); the bars of a bar
 * chart run top down (`reversePlotOrder`, 1.7) with the value axis at the bottom (`position`,
 * 1.8); the title, legend, axis titles, number formats, the value axis' minimum and the data
 * labels; the chart over its anchor cell at its size in points (`setPosition`, `width`,
 * `height`, 1.1).
 */
function queueChart(ws: Excel.Worksheet, c: ChartSpec, range: (ref: SheetRange) => Excel.Range): void {
  const first = c.series[0].values;
  const r = parseRange(first.range);
  const chart = ws.charts.add(CHART_TYPE[c.type], range(first), r.r0 === r.r1 && r.c1 > r.c0 ? "Rows" : "Columns");
  chart.name = c.name;
  chart.setPosition(c.anchor);
  chart.width = c.width;
  chart.height = c.height;
  if (c.title) chart.title.text = c.title;
  else chart.title.visible = false;
  const legend = c.legend ?? "bottom";
  if (legend === "none") chart.legend.visible = false;
  else chart.legend.position = LEGEND[legend];
  c.series.forEach((s, i) => {
    const series = i === 0 ? chart.series.getItemAt(0) : chart.series.add(s.name);
    series.setValues(range(s.values));
    if (c.categories) series.setXAxisValues(range(c.categories));
    series.name = s.name;
    const type = typeOfSeries(c, s);
    if (type !== c.type) series.chartType = CHART_TYPE[type];
    if (type === "line") {
      if (s.color) series.format.line.color = s.color;
      if (s.dashed) series.format.line.lineStyle = "Dash";
      series.markerStyle = s.markers ? "Circle" : "None";
    } else if (s.color) series.format.fill.setSolidColor(s.color);
    (s.pointColors ?? []).forEach((color, k) => series.points.getItemAt(k).format.fill.setSolidColor(color));
  });
  if (c.type !== "doughnut") {
    const { categoryAxis, valueAxis } = chart.axes;
    if (c.categoryAxisTitle) categoryAxis.title.text = c.categoryAxisTitle;
    if (c.valueAxisTitle) valueAxis.title.text = c.valueAxisTitle;
    if (c.valueFormat) valueAxis.numberFormat = c.valueFormat;
    if (c.valueAxisMin !== undefined) valueAxis.minimum = c.valueAxisMin;
    if (c.type === "bar") {
      categoryAxis.reversePlotOrder = true;
      categoryAxis.position = "Maximum";
    }
  }
  if (c.dataLabels) {
    chart.dataLabels.showValue = true;
    if (c.valueFormat && c.type !== "doughnut") chart.dataLabels.numberFormat = c.valueFormat;
  }
}

/**
 * What {@link queueChart} adds to a request, call by call: the objects it names (each range it
 * reads is a sheet and a range; the chart, its title, legend, series, axes and data labels;
 * each series' format, fill or line; each point, its format and fill) and the actions it
 * queues, with their arguments.
 */
function chartCost(c: ChartSpec): number {
  const range = (r: SheetRange) => callBytes(2, 0, [r.sheet, r.range]);
  let bytes = range(c.series[0].values) + callBytes(5, 7, [CHART_TYPE[c.type], "Columns", c.name, c.anchor, c.width, c.height, c.title ?? false, "Bottom"]);
  for (const s of c.series) {
    const line = typeOfSeries(c, s) === "line";
    const format = s.color || s.dashed ? 2 : 0;
    const actions = 2 + (c.categories ? 1 : 0) + (typeOfSeries(c, s) !== c.type ? 1 : 0) + (s.color ? 1 : 0) + (s.dashed ? 1 : 0) + (line ? 1 : 0);
    bytes += callBytes(1 + format, actions, [s.name, s.color ?? null, "ColumnClustered", "Circle"]) + range(s.values) + (c.categories ? range(c.categories) : 0);
    bytes += (s.pointColors ?? []).reduce((n, color) => n + callBytes(3, 1, [color]), 0);
  }
  if (c.type !== "doughnut") bytes += callBytes(3 + (c.categoryAxisTitle ? 1 : 0) + (c.valueAxisTitle ? 1 : 0), 4 + (c.categoryAxisTitle ? 1 : 0) + (c.valueAxisTitle ? 1 : 0), [c.categoryAxisTitle ?? "", c.valueAxisTitle ?? "", c.valueFormat ?? "", c.valueAxisMin ?? 0, "Maximum"]);
  if (c.dataLabels) bytes += callBytes(1, 2, [true, c.valueFormat ?? ""]);
  return bytes;
}

/** Column widths in runs of equal widths (columns from the spec's origin in an existing sheet, from A in a new one). */
async function queueColumnWidths(ws: Excel.Worksheet, p: PreparedSheet, fit: (bytes: number) => Promise<void>): Promise<void> {
  const widths = p.spec.columnWidths ?? [];
  const base = p.spec.existing ? p.col0 : 0;
  for (let i = 0; i < widths.length; ) {
    let j = i;
    while (j + 1 < widths.length && widths[j + 1] === widths[i]) j++;
    const address = `${columnLetters(base + i)}:${columnLetters(base + j)}`;
    await fit(COST.columnWidth(address));
    ws.getRange(address).format.columnWidth = columnWidthPoints(widths[i]);
    i = j + 1;
  }
}

/**
 * Column groups: with ExcelApi 1.10 each group is grouped (`Range.group`, ByColumns) and a
 * collapsed one collapsed (`hideGroupDetails`); without it a collapsed group's columns are
 * hidden (`columnHidden`, ExcelApi 1.2) and the others left as they are.
 */
async function queueColumnGroups(ws: Excel.Worksheet, p: PreparedSheet, host: ExcelHost, fit: (bytes: number) => Promise<void>, done: Done): Promise<void> {
  const grouping = canGroup(host.supports ?? (() => false));
  for (const g of p.spec.columnGroups ?? []) {
    const span = columnSpan(g.columns)!;
    const address = wholeColumns(span.first, span.last);
    if (grouping) {
      await fit(COST.group(address, !!g.collapsed));
      const range = ws.getRange(address);
      range.group("ByColumns");
      if (g.collapsed) range.hideGroupDetails("ByColumns");
      if (p.spec.existing) done.outlined.push({ sheet: p.spec.name, columns: address });
    } else if (g.collapsed) {
      await fit(COST.hideColumns(address));
      ws.getRange(address).columnHidden = true;
    }
  }
}

function freezeAt(ws: Excel.Worksheet, rows: number, columns: number): void {
  if (rows <= 0 && columns <= 0) ws.freezePanes.unfreeze();
  else if (columns <= 0) ws.freezePanes.freezeRows(rows);
  else if (rows <= 0) ws.freezePanes.freezeColumns(columns);
  else ws.freezePanes.freezeAt(ws.getRange(rectAddress({ r0: 0, c0: 0, r1: rows - 1, c1: columns - 1 })));
}

/**
 * Print setup: orientation, fit to pages wide, and — in a sheet the write adds — the print
 * area and the rows and columns repeated on every page, as src/xlsx writes them. In an
 * existing sheet the print area and titles are the user's and are left alone: Office.js can
 * set them but has no way to remove them again, so a failed write could not put them back.
 */
function queuePrint(ws: Excel.Worksheet, s: SheetSpec): void {
  const print = s.print!;
  if (print.landscape) ws.pageLayout.orientation = "Landscape";
  if (print.fitToWidth) ws.pageLayout.zoom = { horizontalFitToPages: print.pagesWide ?? 1, verticalFitToPages: 0 };
  if (s.existing) return;
  if (print.repeatRows) ws.pageLayout.setPrintTitleRows(wholeLines(print.repeatRows));
  if (print.repeatColumns) ws.pageLayout.setPrintTitleColumns(wholeLines(print.repeatColumns));
  if (print.area) ws.pageLayout.setPrintArea(print.area);
}

/**
 * Rows or columns to repeat as an absolute address of whole lines ("4" or "4:5" → "$4:$5",
 * "A" → "$A:$A"), the form a print title takes in Excel.
 * @example wholeLines("4:5") // "$4:$5"
 */
export function wholeLines(lines: string): string {
  const [a, b = a] = lines.replace(/\$/g, "").split(":");
  return `$${a}:$${b}`;
}

function validationRule(v: ValidationSpec): Excel.DataValidationRule | undefined {
  if (v.list) return { list: { inCellDropDown: true, source: v.list.join(",") } };
  // A list read from cells, as a formula: Microsoft's maintainers confirm a formula source
  // ("=INDIRECT(…)") sets the list in Excel on the web and on Windows (OfficeDev/office-js#873),
  // and "Add data validation to Excel ranges" assigns a range of names to `source`.
  if (v.source) return { list: { inCellDropDown: true, source: `=${v.source}` } };
  if (v.min !== undefined && v.max !== undefined) return { decimal: { formula1: v.min, formula2: v.max, operator: "Between" } };
  if (v.min !== undefined) return { decimal: { formula1: v.min, operator: "GreaterThanOrEqualTo" } };
  if (v.max !== undefined) return { decimal: { formula1: v.max, operator: "LessThanOrEqualTo" } };
  return undefined;
}

const ALIGN = { left: "Left", center: "Center", right: "Right" } as const;

/** The border edges of a bordered range: the four sides, and the inside lines it has. */
function borderEdges(address: string): Excel.BorderIndex[] {
  const r = parseRange(address);
  const edges = [Excel_Edge.top, Excel_Edge.bottom, Excel_Edge.left, Excel_Edge.right];
  if (r.c1 > r.c0) edges.push(Excel_Edge.insideV);
  if (r.r1 > r.r0) edges.push(Excel_Edge.insideH);
  return edges;
}

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
  if (f.border) for (const e of borderEdges(f.range)) range.format.borders.getItem(e).style = "Continuous";
}

/**
 * What {@link applyFormat} adds to a request: the range and each format object it names
 * (format, font, fill, protection, borders and one per edge), one action per property set.
 */
function formatCost(f: FormatSpec): number {
  const font = f.bold !== undefined || f.italic !== undefined || f.color !== undefined;
  const edges = f.border ? borderEdges(f.range).length : 0;
  const needsFormat = font || f.fill !== undefined || f.horizontal !== undefined || f.wrap !== undefined || f.locked !== undefined || edges > 0;
  const objects = 1 + (needsFormat ? 1 : 0) + (font ? 1 : 0) + (f.fill ? 1 : 0) + (f.locked !== undefined ? 1 : 0) + (edges > 0 ? 1 + edges : 0);
  const sets = [f.numFmt !== undefined, f.bold !== undefined, f.italic !== undefined, !!f.color, !!f.fill, !!f.horizontal, f.wrap !== undefined, f.locked !== undefined].filter(Boolean).length;
  return callBytes(objects, sets + edges, [f.range, f.numFmt ?? null, f.color ?? null, f.fill ?? null, f.horizontal ?? null]) + edges * jsonBytes(["InsideHorizontal", "Continuous"]);
}

/** What a conditional format adds: range, collection, the rule and its format objects; formula, colours, stop-if-true, priority. */
function conditionalFormatCost(c: ConditionalFormatSpec): number {
  const objects = 5 + (c.fill || c.color || c.bold ? 1 : 0) + (c.fill ? 1 : 0) + (c.color || c.bold ? 1 : 0);
  const actions = 3 + (c.fill ? 1 : 0) + (c.color ? 1 : 0) + (c.bold ? 1 : 0);
  return callBytes(objects, actions, [c.range, "Custom", "=" + c.formula, c.fill ?? null, c.color ?? null, 99999]);
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

// ---- undoing -------------------------------------------------------------------------------

/**
 * Removes what a failed write added, in a run of its own (the failed run's queue may hold
 * the very request that failed): its sheets (a very hidden one is made hidden first: Excel
 * refuses to delete a very hidden sheet) and names, the contents (and rules) it put in
 * existing sheets, the tables it made there, the column widths, page setup and panes it
 * changed there, and the plan it replaced. Throws a `rollbackFailed` WriterError, listing
 * what is still there, when that fails too.
 */
async function rollback(host: ExcelHost, done: Done, cause: unknown): Promise<void> {
  try {
    await runAction(host, async (ctx) => {
      const wb = ctx.workbook;
      const sheets = done.addedSheets.map((n) => wb.worksheets.getItemOrNullObject(n).load("name,visibility"));
      const names = done.addedNames.map((n) => wb.names.getItemOrNullObject(n).load("name"));
      const tables = done.existingTables.map((n) => wb.tables.getItemOrNullObject(n).load("name"));
      const plan = done.planTouched ? wb.worksheets.getItemOrNullObject(PLAN_SHEET).load("name") : undefined;
      const charts = done.charts.map((c) => wb.worksheets.getItem(c.sheet).charts.getItemOrNullObject(c.name).load("name"));
      await ctx.sync();
      for (const c of charts) if (!c.isNullObject) c.delete();
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
      for (const b of done.restore) restoreSheet(wb.worksheets.getItem(b.sheet), b);
      for (const s of sheets) {
        if (s.isNullObject) continue;
        // Worksheet.delete: "if the worksheet's visibility is set to "VeryHidden", the delete
        // operation will fail with an InvalidOperation exception. You should first change its
        // visibility to hidden or visible before deleting it."
        if (s.visibility === "VeryHidden") s.visibility = "Hidden";
        s.delete();
      }
      if (plan && !plan.isNullObject) {
        plan.getRange("A:A").clear("Contents");
        if (done.planOld && done.planOld.length > 0) plan.getRange(`A1:A${done.planOld.length}`).formulas = done.planOld.map((v) => [typeof v === "string" ? constantInput(v) : v]);
      }
      await ctx.sync();
      await ungroupAdded(ctx, done);
    });
  } catch (e) {
    const left = await leftovers(host, done);
    // Nothing of the write is there: the workbook is as it was, whatever the rollback's error.
    if (left.sure.length === 0 && left.maybe.length === 0) return;
    throw new WriterError(
      "rollbackFailed",
      { cause: errorText(cause), rollback: errorText(e), leftovers: left.sure.join(", ") || undefined, maybe: left.maybe.join(", ") || undefined },
      undefined,
      cause,
    );
  }
}

/**
 * Removes the column groups a failed write made in existing sheets, then puts the hidden state
 * of their columns back (ungrouping shows them). A group the failed request never made cannot
 * be removed, and nothing can tell one from the other beforehand (Office.js reads no outline
 * levels): the ungroups go in a request of their own, whose failure means there was nothing
 * to ungroup.
 */
async function ungroupAdded(ctx: Excel.RequestContext, done: Done): Promise<void> {
  if (done.outlined.length === 0) return;
  for (const o of done.outlined) ctx.workbook.worksheets.getItem(o.sheet).getRange(o.columns).ungroup("ByColumns");
  try {
    await ctx.sync();
  } catch {
    // Not grouped (the request that would have grouped it failed first): nothing to undo.
  }
  for (const b of done.restore) {
    const ws = ctx.workbook.worksheets.getItem(b.sheet);
    for (const [col, hidden] of b.hidden) ws.getRange(wholeColumns(col, col)).columnHidden = hidden;
  }
  await ctx.sync();
}

/** Puts an existing sheet's column widths, hidden columns, row heights, orientation, zoom and frozen panes back as they were. */
function restoreSheet(ws: Excel.Worksheet, b: SheetBefore): void {
  for (const [col, points] of b.widths) ws.getRange(`${columnLetters(col)}:${columnLetters(col)}`).format.columnWidth = points;
  for (const [col, hidden] of b.hidden) ws.getRange(wholeColumns(col, col)).columnHidden = hidden;
  for (const [row, points] of b.heights) ws.getRange(`${row}:${row}`).format.rowHeight = points;
  if (b.page) {
    ws.pageLayout.orientation = b.page.orientation as Excel.PageOrientation;
    const zoom = Object.fromEntries(Object.entries(b.page.zoom ?? {}).filter(([, v]) => v !== null && v !== undefined));
    if (Object.keys(zoom).length > 0) ws.pageLayout.zoom = zoom as Excel.PageLayoutZoomOptions;
  }
  if (b.freeze !== undefined) {
    if (b.freeze === null) ws.freezePanes.unfreeze();
    else freezeAt(ws, b.freeze.r1 + 1, b.freeze.c1 + 1);
  }
}

/**
 * What a failed write left that the user must remove by hand (`sure`): the sheets, names and
 * tables of its list that are there now, and the areas of existing sheets still holding
 * something (they were empty before the write), read from the workbook in a run of its own.
 * When even that read fails: what Excel had taken (the requests that had synced) is sure, and
 * what the failed request may have added before it failed is `maybe`.
 */
async function leftovers(host: ExcelHost, done: Done): Promise<{ sure: string[]; maybe: string[] }> {
  const area = (t: Done["touched"][number]): string => `${t.sheet}!${rectAddress(t.rect)}`;
  try {
    const sure = await runAction(host, async (ctx) => {
      const wb = ctx.workbook;
      const sheets = done.addedSheets.map((n) => wb.worksheets.getItemOrNullObject(n).load("name"));
      const names = done.addedNames.map((n) => wb.names.getItemOrNullObject(n).load("name"));
      const tables = done.existingTables.map((n) => wb.tables.getItemOrNullObject(n).load("name"));
      const areas = done.touched.map((t) => ({ t, used: wb.worksheets.getItem(t.sheet).getRange(rectAddress(t.rect)).getUsedRangeOrNullObject(true).load("address") }));
      const charts = done.charts.map((c) => ({ c, chart: wb.worksheets.getItem(c.sheet).charts.getItemOrNullObject(c.name).load("name") }));
      await ctx.sync();
      return [
        ...charts.filter((x) => !x.chart.isNullObject).map((x) => `${x.c.sheet}: ${x.c.name}`),
        ...sheets.filter((s) => !s.isNullObject).map((s) => s.name),
        ...names.filter((n) => !n.isNullObject).map((n) => n.name),
        ...tables.filter((t) => !t.isNullObject).map((t) => t.name),
        ...areas.filter((a) => !a.used.isNullObject).map((a) => area(a.t)),
      ];
    });
    return { sure, maybe: [] };
  } catch {
    const a = done.applied;
    return {
      sure: [...done.addedSheets.slice(0, a.sheets), ...done.addedNames.slice(0, a.names), ...done.existingTables.slice(0, a.tables), ...done.touched.slice(0, a.touched).map(area)],
      maybe: [...done.addedSheets.slice(a.sheets), ...done.addedNames.slice(a.names), ...done.existingTables.slice(a.tables), ...done.touched.slice(a.touched).map(area)],
    };
  }
}

/**
 * The message for a failed write in the user's language: a WriterError's own, or "failed"
 * around Excel's message.
 * @example describeWriteError(new Error("boom"), "en") // "Writing failed (boom); what had been written was removed."
 */
export function describeWriteError(e: unknown, lang: "en" | "zh"): string {
  if (e instanceof WriterError) return e.messageIn(lang);
  return new WriterError("failed", { cause: errorText(e) }).messageIn(lang);
}
