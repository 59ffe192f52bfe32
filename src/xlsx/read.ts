/**
 * Reading an .xlsx back with ExcelJS: its cells (constants, formulas as a spec writes them,
 * cached or recalculated results), its defined names and its stored plan. Used by the tests
 * that recalculate generated workbooks in LibreOffice and by the parity test of the two
 * writers (the Office.js writer's cells against these). Works in Node and in the browser
 * (bytes in, data out). ExcelJS builds the whole workbook as objects and fails on some
 * files other tools write: the pane's workbench opens users' files with `sparse-read.ts`
 * instead (streamed, sparse, capped).
 */
import ExcelJS from "exceljs";
import { PLAN_SHEET, planFromCells, type CellValue } from "../sheets/spec";
import { parseRange } from "./a1";
import { refuse } from "./errors";
import { withoutXlfn } from "./formula";

/** One non-empty cell as read from a file. */
export interface CellRead {
  /**
   * A constant's value, or a formula cell's result as stored in the file (after LibreOffice
   * recalculated it, that is LibreOffice's result). Dates come back as Excel serial numbers.
   * Absent for a formula stored without a result, and for an error.
   */
  value?: CellValue;
  /** The formula as a spec writes it: no leading "=", no `_xlfn.` prefixes. */
  formula?: string;
  /** An error the cell holds or evaluates to ("#NAME?", "#DIV/0!", …). */
  error?: string;
}

/** Cells by sheet name, then by A1 address ("B2"). */
export type CellsRead = Record<string, Record<string, CellRead>>;

/** One defined name as read back. */
export interface NameRead {
  name: string;
  /** The sheet it points at (unquoted). */
  sheet: string;
  /** The cell or range on that sheet, without `$` ("H14", "B2:B9"). */
  ref: string;
}

/** The bytes of an .xlsx, or a workbook already loaded with {@link loadXlsx}. */
export type XlsxSource = ArrayBuffer | Uint8Array | ExcelJS.Workbook;

/**
 * Loads an .xlsx with ExcelJS (to read it several ways without parsing it again).
 * @example const wb = await loadXlsx(fs.readFileSync("plan.xlsx"));
 */
export async function loadXlsx(data: ArrayBuffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    refuse("notXlsx");
  }
  return wb;
}

async function workbookOf(source: XlsxSource): Promise<ExcelJS.Workbook> {
  return source instanceof ExcelJS.Workbook ? source : loadXlsx(source);
}

/** Excel's serial number of a date (ExcelJS reads date-formatted numbers as UTC dates). */
function serial(d: Date): number {
  return d.getTime() / 86400000 + 25569;
}

function plain(v: unknown): CellRead {
  if (v === null || v === undefined) return {};
  if (v instanceof Date) return { value: serial(v) };
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return { value: v };
  if (typeof v === "object") {
    const o = v as { error?: string; richText?: { text: string }[]; text?: string };
    if (o.error !== undefined) return { error: o.error };
    if (o.richText) return { value: o.richText.map((r) => r.text).join("") };
    if (typeof o.text === "string") return { value: o.text };
  }
  return { value: String(v) };
}

/** One cell as {@link CellRead}, or undefined when it is empty. */
export function readCell(cell: ExcelJS.Cell): CellRead | undefined {
  if (cell.type === ExcelJS.ValueType.Merge) return undefined;
  const formula = cell.formula;
  if (formula) return { formula: withoutXlfn(formula), ...plain(cell.result) };
  const read = plain(cell.value);
  return read.value === undefined && read.error === undefined ? undefined : read;
}

/**
 * Every non-empty cell of the workbook's sheets (the hidden ones only when asked).
 *
 * @example
 * const cells = await readXlsxCells(bytes);
 * cells["Tracking"]["N5"] // { formula: "IF(M5=\"\",\"\",M5/L5)", value: 0.97 }
 */
export async function readXlsxCells(source: XlsxSource, options: { includeHidden?: boolean } = {}): Promise<CellsRead> {
  const wb = await workbookOf(source);
  const out: CellsRead = {};
  for (const ws of wb.worksheets) {
    if (!options.includeHidden && ws.state !== "visible" && ws.state !== undefined) continue;
    const cells: Record<string, CellRead> = {};
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const read = readCell(cell);
        if (read) cells[cell.address] = read;
      }),
    );
    out[ws.name] = cells;
  }
  return out;
}

/**
 * The workbook's defined names that point at one cell or range of a sheet (others, such as
 * print titles, are left out).
 *
 * @example
 * await readXlsxNames(bytes) // [{ name: "Check_Split_Rows", sheet: "Split", ref: "H14" }, …]
 */
export async function readXlsxNames(source: XlsxSource): Promise<NameRead[]> {
  const wb = await workbookOf(source);
  const model = (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model;
  const out: NameRead[] = [];
  for (const { name, ranges } of model) {
    if (name.startsWith("_xlnm.") || ranges.length !== 1) continue;
    const m = /^(?:'((?:[^']|'')*)'|([^!]+))!(.+)$/.exec(ranges[0]);
    if (!m) continue;
    const ref = m[3].replace(/\$/g, "");
    if (!parseRange(ref)) continue;
    out.push({ name, sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], ref });
  }
  return out;
}

/**
 * The plan stored in the very hidden sheet `TargetPlanner`, or undefined when there is none.
 * @example await readXlsxPlan(bytes) // { title: "2026 plan", … }
 */
export async function readXlsxPlan(source: XlsxSource): Promise<unknown> {
  const wb = await workbookOf(source);
  const ws = wb.getWorksheet(PLAN_SHEET);
  if (!ws) return undefined;
  const cells: unknown[] = [];
  for (let row = 1; row <= ws.rowCount; row++) {
    const v = ws.getCell(row, 1).value;
    if (v === null || v === undefined) break;
    cells.push(plain(v).value);
  }
  return planFromCells(cells);
}
