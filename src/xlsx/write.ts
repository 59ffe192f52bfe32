/**
 * SheetSpec → .xlsx with ExcelJS, in Node (CLI, tests) and in the browser (the pane's
 * "Download .xlsx", loaded lazily with `await import("../xlsx/write")`). No file system here:
 * the writer takes and returns bytes.
 *
 * What the file carries, for every field of {@link SheetSpec}:
 * - values as constants (a string is always text, even "=HYPERLINK(…)"), formulas as
 *   formulas (functions newer than Excel 2007 get `_xlfn.`, see `formula.ts`), with the
 *   builder's `expect` stored as the cached result when it is known, and the workbook marked
 *   "recalculate fully on load" so Excel never trusts a cached number;
 * - number formats and styles (later formats win per property), input cells unlocked;
 * - column groups as an outline (each column's `outlineLevel`, a collapsed group's columns
 *   hidden, the summary column after it marked `collapsed` as Excel marks it, the sheet's
 *   `outlineLevelCol`), and row heights;
 * - conditional formats as expression rules with a fill/font, in spec order, each
 *   `stopIfTrue`; tables; data validation; defined names (workbook scope, with their
 *   comment); column widths; frozen panes; merges; print setup (orientation, fit to width,
 *   repeated rows, print area); sheet protection;
 * - the sheet's `note` as an italic line one blank row below its cells ({@link noteCell});
 * - native charts (bar, column, line, doughnut) reading the workbook's cells, written as
 *   DrawingML chart and drawing parts after ExcelJS (`charts.ts`);
 * - the plan as JSON text in the very hidden sheet `TargetPlanner` (`spec.ts`).
 *
 * Everything is checked before any byte is produced: a refused spec ({@link XlsxError})
 * writes nothing.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { keepsStoredPlan } from "../sheets/quarterly";
import { MAX_OUTLINE_LEVEL, PLAN_SHEET, columnOutline, columnSpan, planCells, type CellSpec, type NameSpec, type SheetSpec, type WorkbookSpec } from "../sheets/spec";
import { type Rect, cellAddress, columnLetters, parseCell, parseRange, quoteSheet, rectAddress } from "./a1";
import { refuse } from "./errors";
import { withXlfn } from "./formula";
import { addCharts, chartProblem } from "./charts";

export { XlsxError } from "./errors";

/** Excel's limit on the characters of one cell. */
const MAX_CELL_TEXT = 32767;
/** Colour of the note line under a sheet's cells. */
const NOTE_COLOR = "#595959";
/**
 * Deflate level of the file. For a 5,000 × 12 tracking sheet (11.7 MB of XML) level 3 gives
 * 1.67 MB in about half the time of level 6 (1.51 MB); JSZip's deflate is plain JavaScript.
 */
const DEFLATE_LEVEL = 3;
/** Font every styled cell gets (ExcelJS writes no size otherwise). */
const BASE_FONT = { name: "Calibri", size: 11 };

// ---------------------------------------------------------------------------------------
// Checking a spec

/**
 * Why `name` cannot be a sheet name in Excel, as a refusal (nothing when it can).
 * @example checkSheetName("Q1/Q2") // throws XlsxError sheetNameBadChar
 */
export function checkSheetName(name: string): void {
  if (name.trim() === "") refuse("sheetNameBlank");
  if (name.length > 31) refuse("sheetNameTooLong", { sheet: name, length: name.length });
  const bad = /[[\]:*?/\\]/.exec(name);
  if (bad) refuse("sheetNameBadChar", { sheet: name, char: bad[0] });
  if (name.startsWith("'") || name.endsWith("'")) refuse("sheetNameBadChar", { sheet: name, char: "'" });
  const lower = name.toLowerCase();
  if (lower === "history" || lower === PLAN_SHEET.toLowerCase()) refuse("sheetNameReserved", { sheet: name });
}

const TABLE_NAME = /^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u;
const LOOKS_LIKE_CELL = /^(?:[A-Za-z]{1,3}[0-9]+|[RrCc]|[Rr][0-9]*[Cc][0-9]*)$/;

function validIdentifier(name: string): boolean {
  return name.length <= 255 && TABLE_NAME.test(name) && !LOOKS_LIKE_CELL.test(name);
}

function rangeOf(sheet: string, address: string): Rect {
  const r = parseRange(address);
  if (!r) refuse("badAddress", { sheet, address });
  return r;
}

function originOf(sheet: SheetSpec): { row: number; col: number } {
  const o = parseCell(sheet.origin ?? "A1");
  if (!o) refuse("badAddress", { sheet: sheet.name, address: sheet.origin });
  return o;
}

/** Width (columns) of a sheet's rows: its longest row. */
function widthOf(sheet: SheetSpec): number {
  let w = 0;
  for (const row of sheet.rows) w = Math.max(w, row.length);
  return w;
}

/**
 * Where a sheet's `note` goes: the first column of its cells, one blank row below the last.
 * Both writers put it there, so their cells compare equal.
 * @example noteCell({ name: "S", kind: "split", rows: [[null], [null]], note: "…" }) // { row: 4, col: 1 }
 */
export function noteCell(sheet: SheetSpec): { row: number; col: number } {
  const o = originOf(sheet);
  return { row: o.row + sheet.rows.length + 1, col: o.col };
}

/** The rectangle a sheet's cells (and note) take, from its origin. */
function footprint(sheet: SheetSpec): Rect | undefined {
  const o = originOf(sheet);
  const width = widthOf(sheet);
  if (width === 0 && !sheet.note) return undefined;
  const bottom = sheet.note ? noteCell(sheet).row : o.row + sheet.rows.length - 1;
  return { top: o.row, left: o.col, bottom, right: o.col + Math.max(width, 1) - 1 };
}

function checkCells(sheet: SheetSpec): void {
  const o = originOf(sheet);
  sheet.rows.forEach((row, i) =>
    row.forEach((cell, j) => {
      if (!cell || "f" in cell) return;
      const address = (): string => cellAddress(o.row + i, o.col + j);
      if (typeof cell.v === "number" && !Number.isFinite(cell.v)) {
        refuse("badNumber", { sheet: sheet.name, address: address(), value: String(cell.v) });
      }
      if (typeof cell.v === "string" && cell.v.length > MAX_CELL_TEXT) {
        refuse("textTooLong", { sheet: sheet.name, address: address(), length: cell.v.length });
      }
    }),
  );
  for (const f of sheet.formats ?? []) rangeOf(sheet.name, f.range);
  for (const c of sheet.conditionalFormats ?? []) rangeOf(sheet.name, c.range);
  for (const v of sheet.validations ?? []) {
    rangeOf(sheet.name, v.range);
    if (v.list) listFormula(sheet.name, v.range, v.list);
    if (v.source) rangeOf(sheet.name, v.source);
  }
  for (const m of sheet.merges ?? []) rangeOf(sheet.name, m);
  for (const t of sheet.tables ?? []) rangeOf(sheet.name, t.range);
  if (sheet.print?.area) rangeOf(sheet.name, sheet.print.area);
  for (const g of sheet.columnGroups ?? []) if (!columnSpan(g.columns)) refuse("badAddress", { sheet: sheet.name, address: g.columns });
  // Excel specifications and limits, Row height: "409 points".
  for (const h of sheet.rowHeights ?? []) {
    if (!(Number.isInteger(h.row) && h.row >= 1 && h.row <= 1048576 && h.points >= 0 && h.points <= 409)) refuse("badRowHeight", { sheet: sheet.name, row: h.row, points: h.points });
  }
  for (const color of colorsOf(sheet)) argb(color);
}

function colorsOf(sheet: SheetSpec): string[] {
  const out: string[] = [];
  for (const f of sheet.formats ?? []) out.push(...[f.color, f.fill].filter((c): c is string => !!c));
  for (const c of sheet.conditionalFormats ?? []) out.push(...[c.color, c.fill].filter((x): x is string => !!x));
  return out;
}

/** "#RRGGBB" (or "#RGB") as ExcelJS's ARGB. */
function argb(color: string): string {
  const m = /^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/.exec(color.trim());
  if (!m) refuse("badColor", { color });
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join("") : m[1];
  return `FF${hex.toUpperCase()}`;
}

/** A list validation's formula: `"a,b,c"`, quotes doubled; refuses commas and lists over 255 characters. */
function listFormula(sheet: string, range: string, items: string[]): string {
  const inner = items.map((s) => s.replace(/"/g, '""')).join(",");
  if (items.some((s) => s.includes(",")) || inner.length > 255) refuse("validationList", { sheet, range });
  return `"${inner}"`;
}

/** Checks the whole spec against the workbook it goes into (sheet names present, tables and names taken). */
function checkSpec(spec: WorkbookSpec, wb: ExcelJS.Workbook | undefined): void {
  const seen = new Set<string>();
  const existingSheets = new Map((wb?.worksheets ?? []).map((ws) => [ws.name.toLowerCase(), ws]));
  for (const sheet of spec.sheets) {
    const lower = sheet.name.toLowerCase();
    if (sheet.existing) {
      if (!wb) refuse("existingInNewWorkbook", { sheet: sheet.name });
      if (!existingSheets.has(lower) || lower === PLAN_SHEET.toLowerCase()) refuse("sheetMissing", { sheet: sheet.name });
    } else {
      checkSheetName(sheet.name);
      if (existingSheets.has(lower)) refuse("sheetNameTaken", { sheet: sheet.name });
    }
    if (seen.has(lower)) refuse("sheetNameDuplicate", { sheet: sheet.name });
    seen.add(lower);
    checkCells(sheet);
    checkOutline(sheet, sheet.existing ? existingSheets.get(lower) : undefined);
  }
  // Charts: each reads one row or one column of a sheet the workbook will have, and has a name of its own on its sheet.
  const allSheets = new Set([...seen, ...existingSheets.keys()]);
  for (const sheet of spec.sheets) {
    const chartNames = new Set<string>();
    for (const chart of sheet.charts ?? []) {
      const problem = chartProblem(chart, allSheets) ?? (chartNames.has(chart.name.toLowerCase()) ? { what: "name", address: undefined } : undefined);
      if (problem) refuse("badChart", { sheet: sheet.name, chart: chart.name, what: problem.what, address: problem.address });
      chartNames.add(chart.name.toLowerCase());
    }
  }
  // Tables: valid, workbook-unique names; headers are distinct non-empty texts.
  const tableNames = new Set<string>();
  for (const ws of wb?.worksheets ?? []) {
    for (const t of Object.keys((ws as unknown as { tables: Record<string, unknown> }).tables ?? {})) tableNames.add(t.toLowerCase());
  }
  for (const sheet of spec.sheets) {
    for (const t of sheet.tables ?? []) {
      if (!validIdentifier(t.name) || tableNames.has(t.name.toLowerCase())) refuse("tableName", { table: t.name });
      tableNames.add(t.name.toLowerCase());
      const r = rangeOf(sheet.name, t.range);
      const o = originOf(sheet);
      const headers = new Set<string>();
      for (let col = r.left; col <= r.right; col++) {
        const cell = sheet.rows[r.top - o.row]?.[col - o.col];
        const text = cell && "v" in cell && typeof cell.v === "string" ? cell.v.trim() : "";
        if (text === "" || headers.has(text.toLowerCase())) {
          refuse("tableHeader", { table: t.name, sheet: sheet.name, address: cellAddress(r.top, col) });
        }
        headers.add(text.toLowerCase());
      }
    }
  }
  // Defined names: valid, unique, on a sheet that will exist.
  const taken = new Set((wb ? existingNames(wb) : []).map((n) => n.toLowerCase()));
  for (const n of spec.names) {
    if (!validIdentifier(n.name) || taken.has(n.name.toLowerCase())) refuse("definedName", { name: n.name });
    taken.add(n.name.toLowerCase());
    if (!seen.has(n.sheet.toLowerCase()) && !existingSheets.has(n.sheet.toLowerCase())) {
      refuse("nameSheetMissing", { name: n.name, sheet: n.sheet });
    }
    rangeOf(n.sheet, n.ref);
  }
}

/** Refuses column groups that would nest deeper than Excel's outline allows (counting an existing sheet's own groups). */
function checkOutline(sheet: SheetSpec, ws: ExcelJS.Worksheet | undefined): void {
  for (const [c, level] of columnOutline(sheet).levels) {
    const total = level + (ws ? ws.getColumn(c + 1).outlineLevel : 0);
    if (total > MAX_OUTLINE_LEVEL) refuse("outlineTooDeep", { sheet: sheet.name, column: columnLetters(c + 1), level: total });
  }
}

/**
 * The cells a sheet's collapsed column groups would hide in an existing sheet: non-empty cells
 * of those columns outside the area the spec writes (which must be empty anyway). Hiding a
 * whole column hides everything in it, so the write refuses when these are the user's.
 */
function hiddenCells(ws: ExcelJS.Worksheet, sheet: SheetSpec, limit = 5): string[] {
  const hidden = [...columnOutline(sheet).hidden].sort((a, b) => a - b);
  const area = footprint(sheet);
  const found: string[] = [];
  if (hidden.length === 0) return found;
  ws.eachRow({ includeEmpty: false }, (_row, r) => {
    for (const c of hidden) {
      if (found.length >= limit) return;
      const col = c + 1;
      if (area && r >= area.top && r <= area.bottom && col >= area.left && col <= area.right) continue;
      const cell = ws.findCell(r, col);
      const v = cell?.value;
      if (cell && (cell.isMerged || (v !== null && v !== undefined && v !== ""))) found.push(cellAddress(r, col));
    }
  });
  return found;
}

/** A sheet's collapsed column groups as text for a message: "J:AG". */
function hiddenColumnsText(sheet: SheetSpec): string {
  return (sheet.columnGroups ?? [])
    .filter((g) => g.collapsed)
    .map((g) => g.columns)
    .join(", ");
}

function existingNames(wb: ExcelJS.Workbook): string[] {
  const model = (wb.definedNames as unknown as { model: { name: string }[] }).model;
  return model.map((m) => m.name);
}

/** A sheet of the spec that writes into an existing sheet: where its cells would cover something. */
function occupiedCells(ws: ExcelJS.Worksheet, sheet: SheetSpec, limit = 5): string[] {
  const area = footprint(sheet);
  const found: string[] = [];
  if (!area) return found;
  for (let row = area.top; row <= area.bottom && found.length < limit; row++) {
    if (!ws.findRow(row)) continue;
    for (let col = area.left; col <= area.right && found.length < limit; col++) {
      const cell = ws.findCell(row, col);
      if (!cell) continue;
      const v = cell.value;
      if (cell.isMerged || (v !== null && v !== undefined && v !== "")) found.push(cellAddress(row, col));
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// Writing one sheet

/** What the formats of a spec say about one cell, merged in order. */
interface StyleAcc {
  numFmt?: string;
  bold?: boolean;
  italic?: boolean;
  color?: string;
  fill?: string;
  horizontal?: "left" | "center" | "right";
  wrap?: boolean;
  border?: boolean;
  locked?: boolean;
}

function excelStyle(acc: StyleAcc): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = {};
  if (acc.numFmt !== undefined) style.numFmt = acc.numFmt;
  if (acc.bold || acc.italic || acc.color) {
    style.font = {
      ...BASE_FONT,
      ...(acc.bold ? { bold: true } : {}),
      ...(acc.italic ? { italic: true } : {}),
      ...(acc.color ? { color: { argb: argb(acc.color) } } : {}),
    };
  }
  if (acc.fill) style.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(acc.fill) } };
  if (acc.horizontal || acc.wrap) {
    style.alignment = {
      ...(acc.horizontal ? { horizontal: acc.horizontal } : {}),
      ...(acc.wrap ? { wrapText: true, vertical: "top" as const } : {}),
    };
  }
  if (acc.border) {
    const thin = { style: "thin" as const };
    style.border = { top: thin, left: thin, bottom: thin, right: thin };
  }
  if (acc.locked === false) style.protection = { locked: false };
  return style;
}

/** Width of a text in Excel's character units, roughly: CJK and full-width characters count twice. */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/**
 * Rows whose wrapped text needs more than one line get a height for it. Excel grows such rows
 * when it lays the sheet out, but LibreOffice (and so a PDF or a preview) keeps the default
 * height and lets the lines run into the next row. Merged cells are left alone.
 */
function fitWrappedRows(ws: ExcelJS.Worksheet, sheet: SheetSpec, wrapped: { row: number; col: number; acc: StyleAcc }[], originCol: number): void {
  if (wrapped.length === 0) return;
  const firstWidthCol = sheet.existing ? originCol : 1;
  const widthOf = (col: number): number => sheet.columnWidths?.[col - firstWidthCol] ?? ws.getColumn(col).width ?? 8.43;
  const merged = new Set<number>();
  for (const m of sheet.merges ?? []) {
    const r = parseRange(m);
    if (!r) continue;
    for (let row = r.top; row <= r.bottom; row++) for (let col = r.left; col <= r.right; col++) merged.add(row * 16385 + col);
  }
  const lines = new Map<number, number>();
  for (const { row, col, acc } of wrapped) {
    if (merged.has(row * 16385 + col)) continue;
    const v = ws.getCell(row, col).value;
    if (typeof v !== "string" || v === "") continue;
    const room = Math.max(1, widthOf(col) - 1);
    const n = v.split("\n").reduce((sum, part) => sum + Math.max(1, Math.ceil((textWidth(part) * (acc.bold ? 1.1 : 1)) / room)), 0);
    if (n > (lines.get(row) ?? 1)) lines.set(row, n);
  }
  for (const [row, n] of lines) ws.getRow(row).height = 15 * Math.min(n, 6);
}

/** The ExcelJS value of a spec cell. */
function cellValue(cell: CellSpec): ExcelJS.CellValue {
  if ("f" in cell) {
    const formula = withXlfn(cell.f);
    const result = cell.expect;
    return result === undefined || result === null
      ? ({ formula } as ExcelJS.CellFormulaValue)
      : ({ formula, result } as ExcelJS.CellFormulaValue);
  }
  // A string stays a string: ExcelJS only makes formulas of { formula } objects.
  return cell.v;
}

/** The style properties a format sets (those it leaves undefined do not override). */
function propsOf(f: NonNullable<SheetSpec["formats"]>[number]): StyleAcc {
  const props: StyleAcc = {};
  for (const k of ["numFmt", "bold", "italic", "color", "fill", "horizontal", "wrap", "border", "locked"] as const) {
    if (f[k] !== undefined) (props as Record<string, unknown>)[k] = f[k];
  }
  return props;
}

/**
 * Styles every cell that an input flag, the note or a format touches. Rows covered by the same
 * formats and with the same input columns share one computed row of styles (a 5,000-row table
 * is styled with a handful of style objects, not 5,000 × columns merges). Returns the cells
 * with wrapped text, for {@link fitWrappedRows}.
 */
function styleCells(ws: ExcelJS.Worksheet, sheet: SheetSpec, o: { row: number; col: number }): { row: number; col: number; acc: StyleAcc }[] {
  const formats = (sheet.formats ?? []).map((f) => ({ r: rangeOf(sheet.name, f.range), props: propsOf(f) }));
  const inputCols = new Map<number, number[]>();
  sheet.rows.forEach((cells, i) =>
    cells.forEach((cell, j) => {
      if (cell && "v" in cell && cell.input) {
        const list = inputCols.get(o.row + i);
        if (list) list.push(o.col + j);
        else inputCols.set(o.row + i, [o.col + j]);
      }
    }),
  );
  const note = sheet.note ? noteCell(sheet) : undefined;
  const rows = new Set<number>(inputCols.keys());
  if (note) rows.add(note.row);
  for (const f of formats) for (let row = f.r.top; row <= f.r.bottom; row++) rows.add(row);

  const styleById = new Map<string, Partial<ExcelJS.Style>>();
  const profiles = new Map<string, { col: number; acc: StyleAcc; style: Partial<ExcelJS.Style> }[]>();
  const wrapped: { row: number; col: number; acc: StyleAcc }[] = [];
  // The formats covering each row, by a sweep down the rows (formats by first row; the ones
  // still open kept aside): a sheet of thousands of small blocks (one letter a page) would
  // otherwise test every format on every row.
  const byTop = formats.map((_, i) => i).sort((a, b) => formats[a].r.top - formats[b].r.top);
  let next = 0;
  let open: number[] = [];
  for (const row of [...rows].sort((a, b) => a - b)) {
    while (next < byTop.length && formats[byTop[next]].r.top <= row) open.push(byTop[next++]);
    open = open.filter((i) => formats[i].r.bottom >= row);
    const covering = open.slice().sort((a, b) => a - b);
    const inputs = inputCols.get(row) ?? [];
    const isNote = note?.row === row;
    const key = `${covering.join(",")}|${inputs.join(",")}|${isNote ? note!.col : ""}`;
    let profile = profiles.get(key);
    if (!profile) {
      const accs = new Map<number, StyleAcc>();
      const at = (col: number): StyleAcc => {
        let acc = accs.get(col);
        if (!acc) accs.set(col, (acc = {}));
        return acc;
      };
      for (const col of inputs) at(col).locked = false;
      if (isNote) Object.assign(at(note!.col), { italic: true, color: NOTE_COLOR });
      for (const i of covering) for (let col = formats[i].r.left; col <= formats[i].r.right; col++) Object.assign(at(col), formats[i].props);
      profile = [...accs].map(([col, acc]) => {
        const id = JSON.stringify(acc);
        let style = styleById.get(id);
        if (!style) styleById.set(id, (style = excelStyle(acc)));
        return { col, acc, style };
      });
      profiles.set(key, profile);
    }
    const r = ws.getRow(row);
    for (const { col, acc, style } of profile) {
      r.getCell(col).style = style;
      if (acc.wrap) wrapped.push({ row, col, acc });
    }
  }
  return wrapped;
}

/** Writes one sheet's cells, styles and features; returns the priorities of its conditional formats. */
async function writeSheet(ws: ExcelJS.Worksheet, sheet: SheetSpec, firstPriority: number): Promise<number[]> {
  const o = originOf(sheet);

  // Values and formulas, row by row.
  sheet.rows.forEach((cells, i) => {
    const row = ws.getRow(o.row + i);
    cells.forEach((cell, j) => {
      if (cell) row.getCell(o.col + j).value = cellValue(cell);
    });
  });
  if (sheet.note) {
    const at = noteCell(sheet);
    ws.getCell(at.row, at.col).value = sheet.note;
  }

  // Styles: inputs unlocked, the note in italics, then the formats, later ones winning property by property.
  fitWrappedRows(ws, sheet, styleCells(ws, sheet, o), o.col);

  // Merges, tables (over the cells already written), validation.
  for (const m of sheet.merges ?? []) ws.mergeCells(rectAddress(rangeOf(sheet.name, m)));
  for (const t of sheet.tables ?? []) {
    const r = rangeOf(sheet.name, t.range);
    const columns: ExcelJS.TableColumnProperties[] = [];
    for (let col = r.left; col <= r.right; col++) columns.push({ name: String(ws.getCell(r.top, col).value).trim(), filterButton: true });
    const rows: ExcelJS.CellValue[][] = [];
    for (let row = r.top + 1; row <= r.bottom; row++) {
      const values: ExcelJS.CellValue[] = [];
      for (let col = r.left; col <= r.right; col++) values.push(ws.getCell(row, col).value);
      rows.push(values);
    }
    ws.addTable({
      name: t.name,
      ref: cellAddress(r.top, r.left),
      headerRow: true,
      totalsRow: false,
      style: { theme: (t.style ?? "TableStyleLight9") as ExcelJS.TableStyleProperties["theme"], showRowStripes: true },
      columns,
      rows,
    });
  }
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  for (const v of sheet.validations ?? []) {
    const range = rectAddress(rangeOf(sheet.name, v.range));
    const message = v.message ? { showErrorMessage: true, errorStyle: "stop" as const, error: v.message } : { showErrorMessage: true };
    if (v.list) {
      validations.add(range, { type: "list", allowBlank: true, formulae: [listFormula(sheet.name, v.range, v.list)], ...message });
    } else if (v.source) {
      // A list read from cells: <formula1> holds the reference itself, without "=".
      validations.add(range, { type: "list", allowBlank: true, formulae: [v.source], ...message });
    } else if (v.min !== undefined || v.max !== undefined) {
      const both = v.min !== undefined && v.max !== undefined;
      validations.add(range, {
        type: "decimal",
        allowBlank: true,
        operator: both ? "between" : v.min !== undefined ? "greaterThanOrEqual" : "lessThanOrEqual",
        formulae: both ? [v.min, v.max] : [v.min ?? v.max],
        ...message,
      });
    }
  }

  // Conditional formats: expression rules in spec order, each stopping the ones after it.
  const priorities: number[] = [];
  (sheet.conditionalFormats ?? []).forEach((c, i) => {
    const priority = firstPriority + i;
    priorities.push(priority);
    const style: Partial<ExcelJS.Style> = {};
    if (c.fill) style.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(c.fill) }, bgColor: { argb: argb(c.fill) } };
    if (c.color || c.bold) style.font = { ...(c.color ? { color: { argb: argb(c.color) } } : {}), ...(c.bold ? { bold: true } : {}) };
    ws.addConditionalFormatting({
      ref: rectAddress(rangeOf(sheet.name, c.range)),
      rules: [{ type: "expression", formulae: [withXlfn(c.formula)], style, priority } as ExcelJS.ConditionalFormattingRule],
    });
  });

  // Layout: widths (from column A, or from the origin's column in an existing sheet), panes, print.
  const firstWidthCol = sheet.existing ? o.col : 1;
  (sheet.columnWidths ?? []).forEach((w, i) => {
    // ExcelJS drops a width of exactly 9 (its "default"), which Excel would show as 8.43.
    if (w > 0) ws.getColumn(firstWidthCol + i).width = w === 9 ? 9.000001 : w;
  });
  writeOutline(ws, sheet);
  for (const h of sheet.rowHeights ?? []) ws.getRow(h.row).height = h.points;
  for (const r of sheet.rowBreaks ?? []) ws.getRow(r).addPageBreak();
  if (sheet.freeze && (sheet.freeze.rows > 0 || sheet.freeze.columns > 0)) {
    const { rows, columns } = sheet.freeze;
    ws.views = [{ state: "frozen", xSplit: columns, ySplit: rows, topLeftCell: cellAddress(rows + 1, columns + 1), activeCell: "A1" }];
  }
  if (sheet.print) {
    ws.pageSetup.paperSize = 9; // A4
    ws.pageSetup.orientation = sheet.print.landscape ? "landscape" : "portrait";
    if (sheet.print.fitToWidth) {
      ws.pageSetup.fitToPage = true;
      ws.pageSetup.fitToWidth = sheet.print.pagesWide ?? 1;
      ws.pageSetup.fitToHeight = 0;
    }
    // The area itself is written as a sheet-local name after ExcelJS (see finishZip); an area
    // the sheet had before is dropped so the sheet has one.
    if (sheet.print.area) ws.pageSetup.printArea = undefined;
    if (sheet.print.repeatRows) {
      const rows = sheet.print.repeatRows.replace(/\$/g, "");
      ws.pageSetup.printTitlesRow = rows.includes(":") ? rows : `${rows}:${rows}`;
    }
    if (sheet.print.repeatColumns) {
      const cols = sheet.print.repeatColumns.replace(/\$/g, "");
      ws.pageSetup.printTitlesColumn = cols.includes(":") ? cols : `${cols}:${cols}`;
    }
  }
  if (sheet.protect) {
    await ws.protect("", {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatColumns: true,
      formatRows: true,
      autoFilter: true,
    });
  }
  return priorities;
}

/**
 * Column groups: each column's outline level goes up by one for every group holding it (on top
 * of an existing sheet's own levels), a collapsed group's columns are hidden, and the sheet's
 * `outlineLevelCol` (the number of outline buttons Excel draws, less one) covers the deepest.
 * The `collapsed` marks are put right after ExcelJS ({@link markCollapsed}).
 */
function writeOutline(ws: ExcelJS.Worksheet, sheet: SheetSpec): void {
  const outline = columnOutline(sheet);
  let deepest = ws.properties.outlineLevelCol ?? 0;
  for (const [c, level] of outline.levels) {
    const total = ws.getColumn(c + 1).outlineLevel + level;
    ws.getColumn(c + 1).outlineLevel = total;
    if (outline.hidden.has(c)) ws.getColumn(c + 1).hidden = true;
    deepest = Math.max(deepest, total);
  }
  ws.properties.outlineLevelCol = deepest;
}

/** Writes the plan into the very hidden sheet (replacing an earlier plan there). */
function writePlan(wb: ExcelJS.Workbook, plan: unknown): void {
  let ws = wb.getWorksheet(PLAN_SHEET);
  // A quarterly split's record does not replace a full plan (the other writers' rule too).
  if (ws) {
    const stored: unknown[] = [];
    for (let row = 1; row <= ws.rowCount && ws.getCell(row, 1).value != null; row++) stored.push(ws.getCell(row, 1).value);
    if (keepsStoredPlan(plan, stored)) return;
  }
  if (!ws) ws = wb.addWorksheet(PLAN_SHEET);
  ws.state = "veryHidden";
  for (let row = ws.rowCount; row >= 1; row--) ws.getCell(row, 1).value = null;
  planCells(plan).forEach((text, i) => (ws.getCell(i + 1, 1).value = text));
}

// ---------------------------------------------------------------------------------------
// The zip after ExcelJS: names with comments, stopIfTrue

const xmlEscape = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const xmlUnescape = (s: string): string =>
  s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** UTF-8 through the platform's own coders (JSZip's are plain JavaScript, slow on a 10 MB sheet). */
const utf8 = { encode: (s: string): Uint8Array => new TextEncoder().encode(s), decode: (b: Uint8Array): string => new TextDecoder().decode(b) };

async function readPart(zip: JSZip, path: string): Promise<string> {
  return utf8.decode(await zip.file(path)!.async("uint8array"));
}

/** The part (path in the zip) of each worksheet, by sheet name. */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const workbook = await readPart(zip, "xl/workbook.xml");
  const rels = await readPart(zip, "xl/_rels/workbook.xml.rels");
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const parts = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    if (name !== undefined && rid && targets.has(rid)) parts.set(xmlUnescape(name), targets.get(rid)!);
  }
  return parts;
}

function nameXml(n: NameSpec): string {
  const ref = rectAddress(parseRange(n.ref)!, true);
  const comment = n.comment ? ` comment="${xmlEscape(n.comment)}"` : "";
  return `<definedName name="${xmlEscape(n.name)}"${comment}>${xmlEscape(`${quoteSheet(n.sheet)}!${ref}`)}</definedName>`;
}

/**
 * The writer's pass over the zip ExcelJS made (stored uncompressed, so it is read without
 * inflating): defined names with their comments, the sheets' charts (`charts.ts`: ExcelJS
 * writes none), `stopIfTrue` on the spec's rules; then the one compression of the file.
 */
async function finishZip(
  bytes: Uint8Array,
  spec: WorkbookSpec,
  names: NameSpec[],
  stopIfTrue: Map<string, number[]>,
  printAreas: Map<string, string>,
  outlines: Map<string, { summaryRight: boolean }>,
): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  if (names.length > 0 || printAreas.size > 0) {
    const path = "xl/workbook.xml";
    let xml = await readPart(zip, path);
    // Print areas are sheet-local names (ExcelJS writes them half-relative, "$A1:$E6").
    const order = [...xml.matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => xmlUnescape(m[1]));
    const areas = [...printAreas].map(([sheet, ref]) => {
      const at = `${quoteSheet(sheet)}!${rectAddress(parseRange(ref)!, true)}`;
      return `<definedName name="_xlnm.Print_Area" localSheetId="${order.indexOf(sheet)}">${xmlEscape(at)}</definedName>`;
    });
    const ours = areas.join("") + names.map(nameXml).join("");
    if (/<definedNames\s*\/>/.test(xml)) xml = xml.replace(/<definedNames\s*\/>/, `<definedNames>${ours}</definedNames>`);
    else if (xml.includes("</definedNames>")) xml = xml.replace("</definedNames>", `${ours}</definedNames>`);
    else xml = xml.replace("</sheets>", `</sheets><definedNames>${ours}</definedNames>`);
    zip.file(path, utf8.encode(xml));
  }
  const parts = await sheetParts(zip);
  await addCharts(zip, spec, parts);
  for (const [sheet, o] of outlines) {
    const path = parts.get(sheet);
    if (path) zip.file(path, utf8.encode(markCollapsed(await readPart(zip, path), o.summaryRight)));
  }
  for (const [sheet, priorities] of stopIfTrue) {
    if (priorities.length === 0) continue;
    const path = parts.get(sheet);
    if (!path) continue;
    const ours = new Set(priorities.map(String));
    const xml = (await readPart(zip, path)).replace(/<cfRule\b[^>]*?(\/?)>/g, (tag, close: string) => {
      const p = /\bpriority="(\d+)"/.exec(tag)?.[1];
      if (!p || !ours.has(p) || /\bstopIfTrue=/.test(tag)) return tag;
      return `${tag.slice(0, tag.length - 1 - close.length)} stopIfTrue="1"${close}>`;
    });
    zip.file(path, utf8.encode(xml));
  }
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: DEFLATE_LEVEL } });
}

/** One `<col>` element: its columns and its other attributes. */
interface ColXml {
  min: number;
  max: number;
  attrs: string;
}

/**
 * A worksheet part with its column outline marked as Excel marks it: `collapsed="1"` on the
 * summary column of each collapsed group (the column right after its hidden columns, or
 * right before them when the sheet puts summaries left), and on no other column. ExcelJS
 * marks the hidden columns themselves (every column at the sheet's deepest level) instead.
 * ECMA-376 Part 1, 18.3.1.13 col: "collapsed: Flag indicating if the outlining of the
 * affected column(s) is in the collapsed state"; Excel's outline button sits on the summary
 * column, so the flag goes there, the detail columns carrying `hidden` and `outlineLevel`.
 * @example markCollapsed('<cols><col min="3" max="6" hidden="1" outlineLevel="1" collapsed="1" customWidth="1"/></cols>', true)
 *   // '<cols><col min="3" max="6" hidden="1" outlineLevel="1" customWidth="1"/><col min="7" max="7" width="9.140625" collapsed="1"/></cols>'
 */
export function markCollapsed(xml: string, summaryRight: boolean): string {
  const block = /<cols>([\s\S]*?)<\/cols>/.exec(xml);
  if (!block) return xml;
  const cols: ColXml[] = [];
  for (const m of block[1].matchAll(/<col\b([^>]*?)\/?>/g)) {
    const attrs = m[1];
    const min = Number(/\bmin="(\d+)"/.exec(attrs)?.[1]);
    const max = Number(/\bmax="(\d+)"/.exec(attrs)?.[1]);
    if (!(min >= 1 && max >= min)) return xml; // not a part this writer made: leave it
    cols.push({ min, max, attrs: attrs.replace(/\s*\bmin="\d+"/, "").replace(/\s*\bmax="\d+"/, "").replace(/\s*\bcollapsed="[^"]*"/, "").trim() });
  }
  // Runs of hidden, outlined columns (adjacent elements join), and each run's summary column.
  const detail = (c: ColXml): boolean => /\bhidden="(1|true)"/.test(c.attrs) && Number(/\boutlineLevel="(\d+)"/.exec(c.attrs)?.[1] ?? 0) > 0;
  const summaries = new Set<number>();
  for (let i = 0; i < cols.length; i++) {
    if (!detail(cols[i])) continue;
    let j = i;
    while (j + 1 < cols.length && detail(cols[j + 1]) && cols[j + 1].min === cols[j].max + 1) j++;
    const s = summaryRight ? cols[j].max + 1 : cols[i].min - 1;
    if (s >= 1 && s <= 16384) summaries.add(s);
    i = j;
  }
  // Cut the elements at the summary columns and mark those; add an element where a summary column has none.
  const out: ColXml[] = [];
  for (const c of cols) {
    let from = c.min;
    for (const s of [...summaries].filter((x) => x >= c.min && x <= c.max).sort((a, b) => a - b)) {
      if (s > from) out.push({ ...c, min: from, max: s - 1 });
      out.push({ min: s, max: s, attrs: `${c.attrs} collapsed="1"`.trim() });
      summaries.delete(s);
      from = s + 1;
    }
    if (from <= c.max) out.push({ ...c, min: from });
  }
  // Excel's default column width (8.43 characters of Calibri 11, stored as 9.140625).
  for (const s of summaries) out.push({ min: s, max: s, attrs: 'width="9.140625" collapsed="1"' });
  out.sort((a, b) => a.min - b.min);
  const inner = out.map((c) => `<col min="${c.min}" max="${c.max}"${c.attrs ? ` ${c.attrs}` : ""}/>`).join("");
  return xml.slice(0, block.index) + `<cols>${inner}</cols>` + xml.slice(block.index + block[0].length);
}

// ---------------------------------------------------------------------------------------
// The workbook

function toBytes(buf: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (buf instanceof Uint8Array) return buf;
  if (ArrayBuffer.isView(buf)) return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  return new Uint8Array(buf);
}

async function writeInto(wb: ExcelJS.Workbook, spec: WorkbookSpec): Promise<Uint8Array> {
  const stopIfTrue = new Map<string, number[]>();
  for (const sheet of spec.sheets) {
    let ws = sheet.existing ? wb.worksheets.find((w) => w.name.toLowerCase() === sheet.name.toLowerCase()) : undefined;
    if (!ws) ws = wb.addWorksheet(sheet.name);
    const firstPriority =
      1 +
      (((ws as unknown as { conditionalFormattings?: unknown[] }).conditionalFormattings ?? []) as { rules: { priority?: number }[] }[]).reduce(
        (p, cf) => Math.max(p, ...cf.rules.map((r) => r.priority ?? 0)),
        0,
      );
    stopIfTrue.set(ws.name, await writeSheet(ws, sheet, firstPriority));
  }
  if (spec.plan !== undefined) writePlan(wb, spec.plan);
  if (spec.title) wb.title = spec.title;
  wb.calcProperties = { ...wb.calcProperties, fullCalcOnLoad: true };
  const firstVisible = wb.worksheets.findIndex((ws) => ws.state !== "hidden" && ws.state !== "veryHidden");
  const views = wb.views && wb.views.length > 0 ? [...wb.views] : [{ x: 0, y: 0, width: 12000, height: 8000, visibility: "visible" } as ExcelJS.WorkbookView];
  const active = views[0].activeTab ?? 0;
  const activeState = wb.worksheets[active]?.state;
  if (activeState === "hidden" || activeState === "veryHidden" || views[0].activeTab === undefined) {
    views[0] = { ...views[0], activeTab: Math.max(firstVisible, 0), firstSheet: Math.max(firstVisible, 0) };
  }
  wb.views = views;
  const bytes = toBytes((await wb.xlsx.writeBuffer({ zip: { compression: "STORE" } } as ExcelJS.XlsxWriteOptions)) as ArrayBuffer);
  const printAreas = new Map<string, string>();
  const outlines = new Map<string, { summaryRight: boolean }>();
  for (const sheet of spec.sheets) {
    const ws = wb.worksheets.find((w) => w.name.toLowerCase() === sheet.name.toLowerCase());
    if (!ws) continue;
    if (sheet.print?.area) printAreas.set(ws.name, sheet.print.area);
    if ((sheet.columnGroups ?? []).length > 0) outlines.set(ws.name, { summaryRight: ws.properties.outlineProperties?.summaryRight !== false });
  }
  return finishZip(bytes, spec, spec.names, stopIfTrue, printAreas, outlines);
}

/**
 * A new workbook holding the spec's sheets, names and plan, as the bytes of an .xlsx file.
 * Refuses (an `XlsxError` in English and Chinese, nothing written) a spec Excel would not
 * take: no sheet at all, a bad or repeated sheet name, a sheet marked `existing`, a bad address, table or
 * defined name, a number that is not finite.
 *
 * @example
 * const bytes = await writeXlsx({
 *   sheets: [{ name: "Split", kind: "split", rows: [[{ v: "Total" }, { f: "SUM(1,2)", expect: 3 }]] }],
 *   names: [{ name: "Check_Split", sheet: "Split", ref: "B1" }],
 * });
 * fs.writeFileSync("split.xlsx", bytes); // in Node; in the browser, a Blob for a download
 */
export async function writeXlsx(spec: WorkbookSpec): Promise<Uint8Array> {
  if (spec.sheets.length === 0) refuse("noSheets");
  checkSpec(spec, undefined);
  const wb = new ExcelJS.Workbook();
  wb.creator = "Target Planner";
  wb.created = new Date();
  wb.modified = wb.created;
  return writeInto(wb, spec);
}

/**
 * Opens an .xlsx loaded for reading or adding to (the bytes of a file a user chose).
 * Refuses bytes that are not an .xlsx.
 */
async function openXlsx(existing: ArrayBuffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(existing as unknown as ArrayBuffer);
  } catch {
    refuse("notXlsx");
  }
  return wb;
}

/**
 * The places where the spec would write over something in an existing .xlsx: for each sheet
 * the spec writes into (`existing: true`), up to five non-empty (or merged) cells in the area
 * its cells and note would cover, and up to five of the user's cells in the columns its
 * collapsed groups would hide; for each new sheet whose name is taken, the sheet with no
 * cells. An empty list means {@link addToXlsx} will write.
 *
 * @example
 * await findOccupiedXlsx(bytes, spec) // [{ sheet: "Sales", cells: ["D2", "D3"] }]
 */
export async function findOccupiedXlsx(existing: ArrayBuffer | Uint8Array, spec: WorkbookSpec): Promise<{ sheet: string; cells: string[] }[]> {
  const wb = await openXlsx(existing);
  const out: { sheet: string; cells: string[] }[] = [];
  for (const sheet of spec.sheets) {
    const ws = wb.worksheets.find((w) => w.name.toLowerCase() === sheet.name.toLowerCase());
    if (!ws) continue;
    if (!sheet.existing) out.push({ sheet: sheet.name, cells: [] });
    else {
      const cells = [...occupiedCells(ws, sheet), ...hiddenCells(ws, sheet)];
      if (cells.length > 0) out.push({ sheet: sheet.name, cells });
    }
  }
  return out;
}

/**
 * The user's workbook given back with the spec's sheets added (and, for sheets marked
 * `existing`, its cells written beside what is there), the names defined and the plan stored.
 * Never overwrites: refuses, with nothing written, when a new sheet's name is taken or an
 * existing sheet is not empty where the cells would go (the message names the cells), or
 * holds something in the columns a collapsed group would hide.
 * What the workbook held before is kept as ExcelJS reads it (charts, pivot tables and
 * other parts ExcelJS does not model are not kept).
 *
 * @example
 * const out = await addToXlsx(await file.arrayBuffer(), buildPlanWorkbook(plan, opts));
 */
export async function addToXlsx(existing: ArrayBuffer | Uint8Array, spec: WorkbookSpec): Promise<Uint8Array> {
  const wb = await openXlsx(existing);
  checkSpec(spec, wb);
  for (const sheet of spec.sheets) {
    if (!sheet.existing) continue;
    const ws = wb.worksheets.find((w) => w.name.toLowerCase() === sheet.name.toLowerCase())!;
    const cells = occupiedCells(ws, sheet);
    if (cells.length > 0) refuse("occupied", { sheet: ws.name, cells: cells.join(", ") });
    const hidden = hiddenCells(ws, sheet);
    if (hidden.length > 0) refuse("hidesCells", { sheet: ws.name, columns: hiddenColumnsText(sheet), cells: hidden.join(", ") });
  }
  return writeInto(wb, spec);
}
