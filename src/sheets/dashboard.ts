/**
 * The dashboard (看板): a sheet to look at rather than read, beside the tracking sheet it
 * reads. Every number on it is a native formula over the tracking sheet's cells, so it moves
 * when actuals arrive there (or its as-of date changes), and three native charts draw them:
 *
 * ```
 * 1      title
 * 2      As of [=tracking B2] | Time elapsed [=tracking H2] | …              All checks [AND of the checks]
 * 4–11   Traffic lights (A:B)         Top and bottom five (D:G)              Year to date (I:J)
 *        green   COUNTIF(status,"绿")  1st … 5th, last … 5th from last:        year target, target and
 *        yellow  …                     LARGE/SMALL over attainment, the row    actual to date, attainment,
 *        red     …                     by MATCH (ties — what MATCH finds        pace
 *        –       …                     equal — the next such row after the
 *        no data rows − the others     one above), INDEX for the name and
 *        all rows ROWS(status)         status; the row in K (hidden)
 * 17…    charts: attainment by row (bar) · traffic lights (doughnut)
 *        actual to date (columns) against target to date and the time-elapsed line (lines)
 * …      Month by month (A:F): month | target | actual | target to date | actual to date | time elapsed × year target
 * …      Checks: Check_Dashboard_Status, Check_Dashboard_Ranks, Check_Dashboard_Months
 * ```
 *
 * What the monthly line follows (`tracking.dashboard.monthly` in the plan): one tracking row
 * (`{ "row": "销售额" }`) or every amount row added up (`"sum"`: rows whose unit is the
 * plan's amount unit, whose year column is a total and where higher is better). By default
 * a sheet of people adds its amount rows up and a sheet of indicators follows its first
 * such row (the others are often parts of it, such as a region's sales); without any, the
 * first total row where higher is better; without that either, no line.
 *
 * The bar chart draws every row's attainment straight from the tracking sheet when there
 * are at most `bars` rows (default 30), and the top and bottom five otherwise.
 *
 * Everything is computed twice: as formulas for the sheet, and in JavaScript
 * ({@link dashboardModel}) from the tracking sheet's own expected values, for the cells'
 * `expect` and the charts' caches — and for the pane, which can draw the same charts from
 * the values it reads out of a live tracking sheet ({@link trackingValues}).
 */
import { PERCENT_FORMAT, amountFormat, cellA1, colLetter, rangeA1, sheetRef } from "./formulas";
import { DASHBOARD_LABELS } from "./i18n";
import { STATUS_WORDS, formulaText, paceFormula, periodShareFormula } from "./native";
import type { Plan } from "./plan";
import type { CellSpec, CellValue, ChartSpec, ConditionalFormatSpec, FormatSpec, NameSpec, SheetSpec } from "./spec";
import { LIGHT, NO_TARGET, TRACKING_LAYOUT, WORDS as TRACKING_WORDS } from "./tracking";
import { sanitizeSheetName } from "./names";

// ---------------------------------------------------------------------------------------
// The tracking sheet, as the dashboard reads it

/**
 * Where the tracking sheet keeps what the dashboard reads (0-based rows and columns; see
 * `src/sheets/tracking.ts`): row 2 holds the as-of date (B), the year's first and last days
 * (D, F) and the share of the year elapsed (H); row 4 each month's first day over its target
 * column; from row 6 one row per indicator or person.
 */
export const TRACKING_CELLS = {
  infoRow: 1,
  asOfCol: 1,
  startCol: 3,
  endCol: 5,
  shareCol: 7,
  monthRow: TRACKING_LAYOUT.firstDataRow - 2,
  firstDataRow: TRACKING_LAYOUT.firstDataRow,
  name: 0,
  unit: 1,
  aggregate: 2,
  direction: 3,
  /** Month m's target is `firstMonthCol + 2m`, its actual the next column. */
  firstMonthCol: TRACKING_LAYOUT.firstMonthCol,
  yearTarget: TRACKING_LAYOUT.firstMonthCol + 24,
  targetToDate: TRACKING_LAYOUT.firstMonthCol + 25,
  actualToDate: TRACKING_LAYOUT.firstMonthCol + 26,
  attainment: TRACKING_LAYOUT.attainmentCol,
  status: TRACKING_LAYOUT.statusCol,
  pace: TRACKING_LAYOUT.statusCol + 1,
} as const;

/** One tracking row as its cells hold it. */
export interface TrackedCells {
  name: string;
  /** The unit, year-column and direction cells (words in the sheet's language). */
  unit: string;
  aggregate: string;
  direction: string;
  targets: (number | null)[];
  actuals: (number | null)[];
  yearTarget: CellValue;
  targetToDate: CellValue;
  actualToDate: CellValue;
  attainment: CellValue;
  status: CellValue;
  pace: CellValue;
}

/** What the dashboard reads of a tracking sheet: its fixed cells and its rows' values. */
export interface TrackingValues {
  /** The tracking sheet's name (the dashboard's formulas refer to it). */
  sheet: string;
  asOf: number;
  start: number;
  end: number;
  /** Share of the year elapsed at the as-of date (the sheet's H2). */
  share: number;
  /** The twelve months' first days (Excel serials). */
  monthStarts: number[];
  rows: TrackedCells[];
}

const numOrNull = (v: CellValue | undefined): number | null => (typeof v === "number" ? v : null);
const numOr0 = (v: CellValue | undefined): number => (typeof v === "number" ? v : 0);

/**
 * The tracking sheet's values, read cell by cell: from a SheetSpec (its constants and its
 * formulas' `expect`, {@link trackingValuesOfSheet}) or from a live sheet's values (the pane:
 * `Range.values` of the sheet's used range, row 1 first).
 *
 * @param sheet - the tracking sheet's name
 * @param read - a cell's value by 0-based row and column (a blank cell is null or "")
 * @param rowCount - how many tracking rows there are (from row 6)
 * @example trackingValues("目标管理表", (r, c) => values[r]?.[c] ?? null, values.length - 5).rows[0].attainment // 0.9733…
 */
export function trackingValues(sheet: string, read: (row: number, col: number) => CellValue | undefined, rowCount: number): TrackingValues {
  const C = TRACKING_CELLS;
  const info = (col: number): number => numOr0(read(C.infoRow, col));
  const text = (v: CellValue | undefined): string => (v === null || v === undefined ? "" : String(v));
  const value = (v: CellValue | undefined): CellValue => (v === undefined ? null : v);
  const rows: TrackedCells[] = [];
  for (let i = 0; i < rowCount; i++) {
    const r = C.firstDataRow + i;
    rows.push({
      name: text(read(r, C.name)),
      unit: text(read(r, C.unit)),
      aggregate: text(read(r, C.aggregate)),
      direction: text(read(r, C.direction)),
      targets: Array.from({ length: 12 }, (_, m) => numOrNull(read(r, C.firstMonthCol + 2 * m))),
      actuals: Array.from({ length: 12 }, (_, m) => numOrNull(read(r, C.firstMonthCol + 2 * m + 1))),
      yearTarget: value(read(r, C.yearTarget)),
      targetToDate: value(read(r, C.targetToDate)),
      actualToDate: value(read(r, C.actualToDate)),
      attainment: value(read(r, C.attainment)),
      status: value(read(r, C.status)),
      pace: value(read(r, C.pace)),
    });
  }
  return {
    sheet,
    asOf: info(C.asOfCol),
    start: info(C.startCol),
    end: info(C.endCol),
    share: info(C.shareCol),
    monthStarts: Array.from({ length: 12 }, (_, m) => numOr0(read(C.monthRow, C.firstMonthCol + 2 * m))),
    rows,
  };
}

/**
 * The values a tracking SheetSpec holds: its constants, and for its formulas the value the
 * engine worked out (`expect`; a formula without one, an engine error, reads as null).
 * @example trackingValuesOfSheet(buildTrackingSheet(seedPlan, { lang: "zh" }).sheet).rows.map((r) => r.name) // ["销售额", …]
 */
export function trackingValuesOfSheet(sheet: SheetSpec): TrackingValues {
  const read = (row: number, col: number): CellValue | undefined => {
    const c = sheet.rows[row]?.[col];
    if (!c) return null;
    return "v" in c ? c.v : c.expect;
  };
  return trackingValues(sheet.name, read, Math.max(0, sheet.rows.length - TRACKING_CELLS.firstDataRow));
}

// ---------------------------------------------------------------------------------------
// What the dashboard shows, worked out

/** The dashboard option of a plan's tracking section, as `validatePlan` accepts it. */
export interface DashboardOption {
  /** The sheet's name (default 看板 / Dashboard). */
  name?: string;
  /** What the monthly line follows: one row by name, or every amount row added up. */
  monthly?: "sum" | { row: string };
  /** Most bars the attainment chart draws one per row; more rows: the top and bottom five. */
  bars?: number;
}

/** Default of {@link DashboardOption.bars}. */
export const DEFAULT_BARS = 30;
/** How many rows the top and the bottom lists hold. */
export const RANKED = 5;

/** Which tracking rows the monthly line follows. */
export type MonthlySelection =
  | { kind: "row"; row: number; name: string }
  | { kind: "sum"; rows: number[] };

/** A row of the top or bottom list: its place on the tracking sheet (0-based among the rows), name and attainment (as ranked: {@link rankedAttainment}). */
export interface RankedRow {
  row: number;
  name: string;
  attainment: number;
  status: CellValue;
}

/** One month of the monthly table. */
export interface MonthPoint {
  target: number;
  /** "" when no row of the selection has an actual that month. */
  actual: number | "";
  cumTarget: number;
  /** null where there is no column ("" on the sheet): a month not started by the as-of date, or no actual yet. */
  cumActual: number | null;
  /** Year target × share of the year elapsed at the month's end. */
  paceLine: number;
}

/** The year to date of the monthly selection. */
export interface Headline {
  yearTarget: CellValue;
  targetToDate: CellValue;
  actualToDate: CellValue;
  attainment: CellValue;
  pace: CellValue;
}

/** Everything the dashboard shows, as numbers: what the sheet's formulas give and the charts draw. */
export interface DashboardModel {
  counts: { green: number; yellow: number; red: number; noTarget: number; noData: number; rows: number };
  top: RankedRow[];
  bottom: RankedRow[];
  /** The attainment chart's bars: every row, or the top and bottom five. */
  bars: { name: string; attainment: CellValue }[];
  barsAreAll: boolean;
  monthly?: { selection: MonthlySelection; months: MonthPoint[]; headline: Headline };
}

/** Words and options the model needs besides the values. */
export interface ModelOptions {
  lang: "en" | "zh";
  /** The plan's amount unit word (元, 万元, 亿元): an amount row's unit cell. */
  unitWord: string;
  /** Whether the rows are people (their amounts add up) or indicators. */
  rowsAre: "indicators" | "people";
  monthly?: DashboardOption["monthly"];
  bars?: number;
}

/**
 * The rows the monthly line follows (see the module comment), or undefined for none.
 * @example monthlySelection(values, { lang: "zh", unitWord: "万元", rowsAre: "indicators" }) // { kind: "row", row: 0, name: "销售额" }
 */
export function monthlySelection(values: TrackingValues, options: ModelOptions): MonthlySelection | undefined {
  const w = TRACKING_WORDS[options.lang];
  const adds = (r: TrackedCells): boolean => r.aggregate === w.total && r.direction === w.higher;
  const amounts = values.rows.flatMap((r, i) => (adds(r) && r.unit === options.unitWord ? [i] : []));
  const wanted = options.monthly;
  if (typeof wanted === "object") {
    const i = values.rows.findIndex((r) => r.name === wanted.row);
    if (i >= 0 && adds(values.rows[i])) return { kind: "row", row: i, name: values.rows[i].name };
  }
  if (wanted === "sum" || (wanted === undefined && options.rowsAre === "people")) {
    if (amounts.length > 0) return { kind: "sum", rows: amounts };
  }
  const first = amounts.length > 0 ? amounts[0] : values.rows.findIndex(adds);
  return first >= 0 ? { kind: "row", row: first, name: values.rows[first].name } : undefined;
}

/** Excel's period share (`periodShareFormula`) in JavaScript. */
const shareAt = (d: number, s: number, e: number): number => Math.min(1, Math.max(0, (Math.floor(d) - Math.floor(s) + 1) / (Math.floor(e) - Math.floor(s) + 1)));

/** Σ of a column's numbers over the selected rows (SUMIFS skips text and blanks). */
const sumOf = (xs: CellValue[]): number => xs.reduce<number>((a, x) => a + (typeof x === "number" ? x : 0), 0);

/** Decimals the lists rank attainment by (see {@link rankedAttainment}). */
export const RANK_DECIMALS = 10;

/**
 * An attainment as the lists rank it: rounded to {@link RANK_DECIMALS} decimals, as Excel's
 * ROUND does (the value read to 15 significant digits, halves away from zero). Two engines'
 * last bits of the same attainment then give one number, so a tie is a tie everywhere: Excel's
 * MATCH "compares the exact binary value" while its "=" rounds "both operands to 15
 * significant digit" (Microsoft Q&A), and LibreOffice's MATCH takes numbers a few units of
 * the 15th digit apart for equal — the seed plan's two 95.8333…% (2920/3000 and 2 − 0.25/0.24)
 * differ in their last bits.
 * @example rankedAttainment(0.9583333333333335) // 0.9583333333
 */
export function rankedAttainment(x: number): number {
  const scaled = Number((Math.abs(x) * 10 ** RANK_DECIMALS).toPrecision(15));
  const r = Math.round(scaled) / 10 ** RANK_DECIMALS;
  return r === 0 ? 0 : Math.sign(x) * r;
}

/**
 * The top and bottom lists: the k-th largest (smallest) attainment as ranked
 * ({@link rankedAttainment}), ties in the tracking sheet's order — what LARGE/SMALL and the
 * MATCH after the previous equal row give.
 */
function ranked(values: TrackingValues, order: "top" | "bottom"): RankedRow[] {
  const withNumbers = values.rows.flatMap((r, i) => (typeof r.attainment === "number" ? [{ row: i, name: r.name, attainment: rankedAttainment(r.attainment), status: r.status }] : []));
  withNumbers.sort((a, b) => (order === "top" ? b.attainment - a.attainment : a.attainment - b.attainment) || a.row - b.row);
  return withNumbers.slice(0, RANKED);
}

/**
 * Everything the dashboard shows, worked out from the tracking sheet's values.
 * @param values - the tracking sheet's values ({@link trackingValuesOfSheet}, or a live sheet's through {@link trackingValues})
 * @param options - the language, the plan's amount unit word, what the rows are, the dashboard option
 * @example dashboardModel(trackingValuesOfSheet(sheet), { lang: "zh", unitWord: "万元", rowsAre: "indicators" }).counts // { green: 1, yellow: 2, red: 2, … }
 */
export function dashboardModel(values: TrackingValues, options: ModelOptions): DashboardModel {
  const words = STATUS_WORDS[options.lang];
  const status = values.rows.map((r) => r.status);
  const count = (w: string): number => status.filter((s) => typeof s === "string" && s.toLowerCase() === w.toLowerCase()).length;
  const green = count(words.green);
  const yellow = count(words.yellow);
  const red = count(words.red);
  const noTarget = count(NO_TARGET);
  const rows = values.rows.length;
  const top = ranked(values, "top");
  const bottom = ranked(values, "bottom");
  const barsAreAll = rows <= (options.bars ?? DEFAULT_BARS);
  const bars = barsAreAll
    ? values.rows.map((r) => ({ name: r.name, attainment: r.attainment }))
    : [...padded(top), ...padded(bottom)].map((r) => ({ name: r?.name ?? "", attainment: r ? r.attainment : "" }));
  const model: DashboardModel = { counts: { green, yellow, red, noTarget, noData: rows - green - yellow - red - noTarget, rows }, top, bottom, bars, barsAreAll };
  const selection = monthlySelection(values, options);
  if (selection) model.monthly = monthly(values, selection);
  return model;
}

const padded = (list: RankedRow[]): (RankedRow | undefined)[] => Array.from({ length: RANKED }, (_, k) => list[k]);

/** The monthly table and the headline of a selection, as the sheet's formulas give them. */
function monthly(values: TrackingValues, selection: MonthlySelection): NonNullable<DashboardModel["monthly"]> {
  const picked = selection.kind === "row" ? [values.rows[selection.row]] : selection.rows.map((i) => values.rows[i]);
  const months: MonthPoint[] = [];
  const headline: Headline =
    selection.kind === "row"
      ? (({ yearTarget, targetToDate, actualToDate, attainment, pace }) => ({ yearTarget, targetToDate, actualToDate, attainment, pace }))(picked[0])
      : { yearTarget: sumOf(picked.map((r) => r.yearTarget)), targetToDate: sumOf(picked.map((r) => r.targetToDate)), actualToDate: "", attainment: "", pace: "" };
  const yearTarget = typeof headline.yearTarget === "number" ? headline.yearTarget : 0;
  let cumTarget = 0;
  let cumActual = 0;
  let anyActual = false;
  for (let m = 0; m < 12; m++) {
    const target = picked.reduce((a, r) => a + (r.targets[m] ?? 0), 0);
    const known = picked.filter((r) => r.actuals[m] !== null);
    const actual: number | "" = known.length === 0 ? "" : known.reduce((a, r) => a + (r.actuals[m] as number), 0);
    cumTarget += target;
    if (actual !== "") {
      cumActual += actual;
      anyActual = true;
    }
    const gone = values.monthStarts[m] <= values.asOf;
    const monthEnd = m < 11 ? values.monthStarts[m + 1] - 1 : values.end;
    months.push({ target, actual, cumTarget, cumActual: gone && anyActual ? cumActual : null, paceLine: yearTarget * shareAt(monthEnd, values.start, values.end) });
  }
  if (selection.kind === "sum") {
    const actualToDate = months.some((p) => p.cumActual !== null) ? sumOf(picked.map((r) => r.actualToDate)) : "";
    headline.actualToDate = actualToDate;
    const ttd = headline.targetToDate as number;
    headline.attainment = actualToDate === "" ? "" : ttd === 0 ? NO_TARGET : actualToDate / ttd;
    headline.pace =
      actualToDate === "" || Math.floor(values.asOf) < Math.floor(values.start) ? "" : yearTarget === 0 ? NO_TARGET : actualToDate / yearTarget / values.share;
  }
  return { selection, months, headline };
}

// ---------------------------------------------------------------------------------------
// The sheet

/** Colours of the charts (the traffic light's own, stronger than the cells' fills) and of the lines. */
export const DASHBOARD_COLORS = {
  green: "#63BE7B",
  yellow: "#FFD966",
  red: "#F8696B",
  bars: "#4472C4",
  actual: "#2F5597",
  target: "#A5A5A5",
  paceLine: "#ED7D31",
  title: "#1F3864",
  header: "#D9E1F2",
  tile: "#F2F2F2",
} as const;

/** What the dashboard's charts draw, as plain data, for a view of its own (the pane at 320 px). */
export interface DashboardChartData {
  /** Bars: each row's attainment (a fraction), or the top and bottom five; null where a row has none (no data, no target). */
  attainment: { title: string; bars: { label: string; value: number | null }[]; color: string };
  /** Slices: how many rows are green, yellow and red. */
  lights: { title: string; slices: { label: string; value: number; color: string }[] };
  /** The months: actual to date as columns, target to date and the pace line as lines (null: no column that month). */
  months?: {
    title: string;
    labels: string[];
    columns: { name: string; values: (number | null)[]; color: string };
    lines: { name: string; values: number[]; color: string; dashed: boolean }[];
  };
}

/**
 * The dashboard's three charts as data — the same titles, series, colours and values as the
 * sheet's native charts — for a view that draws them itself (the task pane at 320 px), from a
 * model of the live tracking sheet's values.
 * @param model - {@link dashboardModel} of the tracking sheet's values
 * @param lang - the language of the titles and names
 * @param unitWord - the plan's amount unit word, for the months' title when the amounts add up
 * @example
 * const data = dashboardChartData(dashboardModel(trackingValues(name, read, rows), options), "zh", "万元");
 * data.lights.slices // [{ label: "绿：达标", value: 3, color: "#63BE7B" }, …]
 */
export function dashboardChartData(model: DashboardModel, lang: "en" | "zh", unitWord: string): DashboardChartData {
  const w = DASHBOARD_LABELS[lang];
  const data: DashboardChartData = {
    attainment: {
      title: model.barsAreAll ? w.chartAttainment : w.chartAttainmentRanked,
      bars: model.bars.map((b) => ({ label: b.name, value: typeof b.attainment === "number" ? b.attainment : null })),
      color: DASHBOARD_COLORS.bars,
    },
    lights: {
      title: w.chartStatus,
      slices: [
        { label: w.green, value: model.counts.green, color: DASHBOARD_COLORS.green },
        { label: w.yellow, value: model.counts.yellow, color: DASHBOARD_COLORS.yellow },
        { label: w.red, value: model.counts.red, color: DASHBOARD_COLORS.red },
      ],
    },
  };
  const m = model.monthly;
  if (m) {
    const what = m.selection.kind === "row" ? m.selection.name : `${w.allAmounts} (${unitWord})`;
    data.months = {
      title: w.chartMonths(what),
      labels: [...w.months],
      columns: { name: w.cumActual, values: m.months.map((p) => p.cumActual), color: DASHBOARD_COLORS.actual },
      lines: [
        { name: w.cumTarget, values: m.months.map((p) => p.cumTarget), color: DASHBOARD_COLORS.target, dashed: false },
        { name: w.paceLine, values: m.months.map((p) => p.paceLine), color: DASHBOARD_COLORS.paceLine, dashed: true },
      ],
    };
  }
  return data;
}

// Columns (0-based) and widths (characters).
const A = 0;
const B = 1;
const D = 3;
const E = 4;
const F = 5;
const G = 6;
const I = 8;
const J = 9;
/** The hidden helper columns: each listed row's place on the tracking sheet (K), every row's attainment as ranked (L). */
const K = 10;
const L = 11;
const WIDTHS = [18, 14, 14, 12, 20, 12, 10, 4, 26, 14, 8, 12];
const LAST_VISIBLE = J;

// Rows (0-based).
const TITLE_ROW = 0;
const INFO_ROW = 1;
const BLOCK_TITLE_ROW = 3;
const BLOCK_HEADER_ROW = 4;
const FIRST_ROW = 5;
const CHART_ROW = FIRST_ROW + 2 * RANKED + 1;
/** Points of a default row (Calibri 11). */
const ROW_POINTS = 15;

/** Points a column of `chars` characters takes (7-pixel digits, 5 pixels of padding, ¾ point a pixel). */
export const columnPoints = (chars: number): number => (chars * 7 + 5) * 0.75;
const spanPoints = (c0: number, c1: number): number => WIDTHS.slice(c0, c1 + 1).reduce((a, w) => a + columnPoints(w), 0);
const rowsFor = (points: number): number => Math.ceil(points / ROW_POINTS);

/** Options of {@link buildDashboardSheet}. */
export interface DashboardSheetOptions {
  lang: "en" | "zh";
  /** The plan's tracking.dashboard option (true: the defaults). */
  option?: DashboardOption | true;
  protect?: boolean;
}

/** A formula cell; `expect` only when the value is known (an #N/A cell has none). */
function fcell(f: string, expect?: CellValue): CellSpec {
  return expect === undefined ? { f } : { f, expect };
}

/**
 * Builds the dashboard of a tracking sheet.
 *
 * @param tracking - the tracking sheet as built (`buildTrackingSheet`, with its final name):
 *   its cells are what the dashboard reads, its `expect` values what it expects
 * @param plan - the plan (its title, unit and rounding, and `tracking.rowsAre`)
 * @param options - language, the plan's dashboard option, protection
 * @returns the sheet (cells, formats, charts), its Check_ names, and the model it shows
 * @example
 * const { sheet } = buildDashboardSheet(trackingSheet, seedPlan, { lang: "zh", option: true });
 * sheet.charts!.map((c) => c.type) // ["bar", "doughnut", "line"]
 */
export function buildDashboardSheet(tracking: SheetSpec, plan: Plan, options: DashboardSheetOptions): { sheet: SheetSpec; names: NameSpec[]; model: DashboardModel } {
  const option = options.option === true || options.option === undefined ? {} : options.option;
  const lang = options.lang;
  const w = DASHBOARD_LABELS[lang];
  const tw = TRACKING_WORDS[lang];
  const values = trackingValuesOfSheet(tracking);
  const unitWord = plan.unit ?? "元";
  const model = dashboardModel(values, { lang, unitWord, rowsAre: plan.tracking?.rowsAre ?? "indicators", monthly: option.monthly, bars: option.bars });
  const sheetName = sanitizeSheetName(option.name ?? w.sheet);
  const n = values.rows.length;
  const C = TRACKING_CELLS;

  // ---- references to the tracking sheet ----
  const T = (a1: string): string => sheetRef(values.sheet, a1);
  const first = C.firstDataRow;
  const last = first + n - 1;
  const column = (col: number): string => T(rangeA1(first, col, last, col, true));
  const cell = (row: number, col: number): string => T(cellA1(row, col, { row: true, col: true }));
  const att = column(C.attainment);
  const statusRange = column(C.status);
  const names = column(C.name);
  const asOf = cell(C.infoRow, C.asOfCol);
  const start = cell(C.infoRow, C.startCol);
  const share = cell(C.infoRow, C.shareCol);

  const rows: (CellSpec | null)[][] = [];
  const at = (r: number, c: number, x: CellSpec | null): void => {
    while (rows.length <= r) rows.push([]);
    const line = rows[r];
    while (line.length <= c) line.push(null);
    line[c] = x;
  };
  const formats: FormatSpec[] = [];
  const cf: ConditionalFormatSpec[] = [];
  const merges: string[] = [];
  const checks: { label: string; name: string; f: string; expect: boolean }[] = [];
  const amountFmt = amountFormat(plan.roundTo ?? 1);

  // ---- 1–2: title, as-of, time elapsed ----
  at(TITLE_ROW, A, { v: w.title(plan.title) });
  merges.push(rangeA1(TITLE_ROW, A, TITLE_ROW, LAST_VISIBLE));
  formats.push({ range: rangeA1(TITLE_ROW, A, TITLE_ROW, LAST_VISIBLE), bold: true, color: "#FFFFFF", fill: DASHBOARD_COLORS.title });
  at(INFO_ROW, A, { v: w.asOf });
  at(INFO_ROW, B, fcell(asOf, values.asOf));
  at(INFO_ROW, D, { v: w.elapsed });
  at(INFO_ROW, E, fcell(share, values.share));
  formats.push({ range: cellA1(INFO_ROW, B), numFmt: "yyyy-mm-dd", horizontal: "left" });
  formats.push({ range: cellA1(INFO_ROW, E), numFmt: PERCENT_FORMAT, horizontal: "left" });
  formats.push({ range: rangeA1(INFO_ROW, A, INFO_ROW, LAST_VISIBLE), bold: true });

  // ---- traffic lights: counts over the status column ----
  const sw = STATUS_WORDS[lang];
  at(BLOCK_TITLE_ROW, A, { v: w.statusTitle });
  at(BLOCK_HEADER_ROW, A, { v: w.status });
  at(BLOCK_HEADER_ROW, B, { v: w.count });
  const lights: [string, string, number, string | undefined][] = [
    [w.green, sw.green, model.counts.green, LIGHT.green.fill],
    [w.yellow, sw.yellow, model.counts.yellow, LIGHT.yellow.fill],
    [w.red, sw.red, model.counts.red, LIGHT.red.fill],
    [w.noTarget, NO_TARGET, model.counts.noTarget, undefined],
  ];
  lights.forEach(([label, word, count, fill], k) => {
    at(FIRST_ROW + k, A, { v: label });
    at(FIRST_ROW + k, B, fcell(`COUNTIF(${statusRange},${formulaText(word)})`, count));
    if (fill) formats.push({ range: rangeA1(FIRST_ROW + k, A, FIRST_ROW + k, B), fill });
  });
  const countsRange = rangeA1(FIRST_ROW, B, FIRST_ROW + 3, B, true);
  const rowsCell = cellA1(FIRST_ROW + 5, B, { row: true, col: true });
  at(FIRST_ROW + 4, A, { v: w.noData });
  at(FIRST_ROW + 4, B, fcell(`${rowsCell}-SUM(${countsRange})`, model.counts.noData));
  at(FIRST_ROW + 5, A, { v: w.rows });
  at(FIRST_ROW + 5, B, fcell(`ROWS(${statusRange})`, n));
  formats.push({ range: rangeA1(FIRST_ROW + 5, A, FIRST_ROW + 5, B), bold: true });
  formats.push({ range: rangeA1(FIRST_ROW, B, FIRST_ROW + 5, B), numFmt: "#,##0" });
  const dashes = cellA1(FIRST_ROW + 3, B, { row: true, col: true });
  checks.push({
    label: w.checkStatus,
    name: "Check_Dashboard_Status",
    f: `AND(SUM(${rangeA1(FIRST_ROW, B, FIRST_ROW + 2, B, true)})=COUNT(${att}),${dashes}=COUNTIF(${att},${formulaText(NO_TARGET)}))`,
    expect: model.counts.green + model.counts.yellow + model.counts.red === values.rows.filter((r) => typeof r.attainment === "number").length &&
      model.counts.noTarget === values.rows.filter((r) => r.attainment === NO_TARGET).length,
  });

  // ---- top and bottom five: LARGE / SMALL, the row by MATCH after the previous equal one ----
  at(BLOCK_TITLE_ROW, D, { v: w.rankTitle });
  for (const [c, label] of [[D, w.rank], [E, w.name], [F, w.attainment], [G, w.status], [K, w.position], [L, w.ranked]] as const) at(BLOCK_HEADER_ROW, c, { v: label });
  // Every row's attainment as ranked (hidden column L, beside the lists): rounded, so that ties
  // are ties in every engine (rankedAttainment).
  values.rows.forEach((row, i) => {
    const a = cell(first + i, C.attainment);
    at(FIRST_ROW + i, L, fcell(`IF(ISNUMBER(${a}),ROUND(${a},${RANK_DECIMALS}),"")`, typeof row.attainment === "number" ? rankedAttainment(row.attainment) : ""));
  });
  const rankedRange = rangeA1(FIRST_ROW, L, FIRST_ROW + n - 1, L, true);
  const rankChecks: string[] = [];
  for (const order of ["top", "bottom"] as const) {
    const list = order === "top" ? model.top : model.bottom;
    const fn = order === "top" ? "LARGE" : "SMALL";
    for (let k = 1; k <= RANKED; k++) {
      const r = FIRST_ROW + (order === "top" ? 0 : RANKED) + k - 1;
      const v = cellA1(r, F);
      const pos = cellA1(r, K);
      const prevV = cellA1(r - 1, F);
      const prevPos = cellA1(r - 1, K);
      const hit = list[k - 1];
      at(r, D, { v: order === "top" ? w.top(k) : w.bottom(k) });
      at(r, F, fcell(`IF(${k}>COUNT(${rankedRange}),"",${fn}(${rankedRange},${k}))`, hit ? hit.attainment : ""));
      // A tie is what MATCH calls equal (never "=", which Excel takes as equal to 15 digits
      // while its MATCH does not): the row is then the next match after the one above.
      const tie = `ISNUMBER(MATCH(${v},${prevV},0))`;
      const firstMatch = `MATCH(${v},${rankedRange},0)`;
      const nextMatch = `IFERROR(${prevPos}+MATCH(${v},INDEX(${rankedRange},${prevPos}+1):INDEX(${rankedRange},${n}),0),${firstMatch})`;
      at(r, K, fcell(k === 1 ? `IF(${v}="","",${firstMatch})` : `IF(${v}="","",IF(${tie},${nextMatch},${firstMatch}))`, hit ? hit.row + 1 : ""));
      at(r, E, fcell(`IF(${pos}="","",INDEX(${names},${pos}))`, hit ? hit.name : ""));
      at(r, G, fcell(`IF(${pos}="","",INDEX(${statusRange},${pos}))`, hit ? hit.status : ""));
      const inOrder = order === "top" ? `${v}<=${prevV}` : `${v}>=${prevV}`;
      const step = k === 1 ? `INDEX(${rankedRange},${pos})=${v}` : `AND(INDEX(${rankedRange},${pos})=${v},IF(${tie},${pos}>${prevPos},${inOrder}))`;
      rankChecks.push(`IF(${v}="",${k}>COUNT(${att}),${step})`);
    }
  }
  checks.push({ label: w.checkRanks, name: "Check_Dashboard_Ranks", f: `AND(${rankChecks.join(",")})`, expect: true });
  const rankLast = FIRST_ROW + 2 * RANKED - 1;
  formats.push({ range: rangeA1(FIRST_ROW, F, rankLast, F), numFmt: PERCENT_FORMAT });
  formats.push({ range: rangeA1(FIRST_ROW, G, rankLast, G), horizontal: "center" });
  formats.push({ range: rangeA1(FIRST_ROW + RANKED, D, rankLast, D), fill: "#F2F2F2" });
  const statusCell = `$${colLetter(G)}${FIRST_ROW + 1}`;
  for (const c of ["green", "yellow", "red"] as const) {
    cf.push({ range: rangeA1(FIRST_ROW, G, rankLast, G), formula: `${statusCell}=${formulaText(sw[c])}`, fill: LIGHT[c].fill, color: LIGHT[c].color });
  }

  // ---- year to date and month by month, for the monthly selection ----
  const sel = model.monthly?.selection;
  const what = sel === undefined ? "" : sel.kind === "row" ? sel.name : `${w.allAmounts} (${unitWord})`;
  const selFormat = (): string => {
    if (sel === undefined) return "#,##0";
    const unit = sel.kind === "sum" ? unitWord : values.rows[sel.row].unit;
    return unit === unitWord ? amountFmt : "#,##0";
  };
  const valueFmt = selFormat();
  let nextRow = CHART_ROW;
  const charts: ChartSpec[] = [];

  // Charts: attainment by row (bar), traffic lights (doughnut).
  const barCount = model.bars.length;
  const barHeight = Math.max(200, Math.min(560, 44 + 18 * barCount));
  const rankRange = (c: number): string => rangeA1(FIRST_ROW, c, rankLast, c);
  charts.push({
    name: "TP_Dashboard_Attainment",
    type: "bar",
    title: model.barsAreAll ? w.chartAttainment : w.chartAttainmentRanked,
    categories: model.barsAreAll ? { sheet: values.sheet, range: rangeA1(first, C.name, last, C.name) } : { sheet: sheetName, range: rankRange(E) },
    series: [
      {
        name: w.attainment,
        values: model.barsAreAll ? { sheet: values.sheet, range: rangeA1(first, C.attainment, last, C.attainment) } : { sheet: sheetName, range: rankRange(F) },
        color: DASHBOARD_COLORS.bars,
      },
    ],
    valueFormat: "0%",
    valueAxisMin: 0,
    dataLabels: true,
    legend: "none",
    anchor: cellA1(CHART_ROW, A),
    width: spanPoints(A, F) - 6,
    height: barHeight,
  });
  charts.push({
    name: "TP_Dashboard_Lights",
    type: "doughnut",
    title: w.chartStatus,
    categories: { sheet: sheetName, range: rangeA1(FIRST_ROW, A, FIRST_ROW + 2, A) },
    series: [{ name: w.count, values: { sheet: sheetName, range: rangeA1(FIRST_ROW, B, FIRST_ROW + 2, B) }, pointColors: [DASHBOARD_COLORS.green, DASHBOARD_COLORS.yellow, DASHBOARD_COLORS.red] }],
    dataLabels: true,
    legend: "bottom",
    anchor: cellA1(CHART_ROW, G),
    width: spanPoints(G, J) - 6,
    height: 200,
  });
  nextRow = CHART_ROW + rowsFor(Math.max(barHeight, 200)) + 1;

  if (model.monthly && sel) {
    const mm = model.monthly;
    const h = mm.headline;
    // Criteria of an amount row that adds up where higher is better (sum), or the row itself.
    const criteria = `${column(C.unit)},${formulaText(unitWord)},${column(C.aggregate)},${formulaText(tw.total)},${column(C.direction)},${formulaText(tw.higher)}`;
    const picked = (col: number): string => (sel.kind === "row" ? cell(first + sel.row, col) : "");
    const sumOfColumn = (col: number): string => `SUMIFS(${column(col)},${criteria})`;

    // Month by month, below the line chart.
    const lineRow = nextRow;
    const lineHeight = 250;
    const M0 = lineRow + rowsFor(lineHeight) + 1;
    const header = M0 + 1;
    const m1 = header + 1;
    const m12 = m1 + 11;
    at(M0, A, { v: w.monthsTitle(what) });
    [w.month, w.monthTarget, w.monthActual, w.cumTarget, w.cumActual, w.paceLine].forEach((label, c) => at(header, c, { v: label }));
    const yearTargetCell = cellA1(FIRST_ROW, J, { row: true, col: true });
    for (let m = 0; m < 12; m++) {
      const r = m1 + m;
      const p = mm.months[m];
      const tCol = C.firstMonthCol + 2 * m;
      const aCol = tCol + 1;
      at(r, A, { v: w.months[m] });
      if (sel.kind === "row") {
        at(r, B, fcell(`SUM(${picked(tCol)})`, p.target));
        at(r, 2, fcell(`IF(${picked(aCol)}="","",${picked(aCol)})`, p.actual));
      } else {
        at(r, B, fcell(sumOfColumn(tCol), p.target));
        at(r, 2, fcell(`IF(COUNTIFS(${column(aCol)},"<>",${criteria})=0,"",${sumOfColumn(aCol)})`, p.actual));
      }
      at(r, D, fcell(`SUM(${cellA1(m1, B, { row: true })}:${cellA1(r, B)})`, p.cumTarget));
      const monthStart = T(cellA1(C.monthRow, tCol, { row: true, col: true }));
      const actualsSoFar = `${cellA1(m1, 2, { row: true })}:${cellA1(r, 2)}`;
      at(r, E, fcell(`IF(OR(${monthStart}>${asOf},COUNT(${actualsSoFar})=0),"",SUM(${actualsSoFar}))`, p.cumActual ?? ""));
      const monthEnd = m < 11 ? `${T(cellA1(C.monthRow, tCol + 2, { row: true, col: true }))}-1` : cell(C.infoRow, C.endCol);
      at(r, F, fcell(`${yearTargetCell}*${periodShareFormula(monthEnd, start, cell(C.infoRow, C.endCol))}`, p.paceLine));
    }
    formats.push({ range: rangeA1(m1, B, m12, F), numFmt: valueFmt });
    formats.push({ range: rangeA1(header, A, header, F), bold: true, fill: DASHBOARD_COLORS.header, border: true, horizontal: "center", wrap: true });
    formats.push({ range: rangeA1(M0, A, M0, A), bold: true });

    // Year to date (I:J).
    at(BLOCK_TITLE_ROW, I, { v: w.headlineTitle(what) });
    at(BLOCK_HEADER_ROW, I, { v: w.measure });
    at(BLOCK_HEADER_ROW, J, { v: w.value });
    formats.push({ range: rangeA1(BLOCK_HEADER_ROW, I, BLOCK_HEADER_ROW, J), bold: true, fill: DASHBOARD_COLORS.header, border: true, horizontal: "center" });
    const actualsCol = rangeA1(m1, E, m12, E, true);
    const ytd = (k: number): string => cellA1(FIRST_ROW + k, J, { row: true, col: true });
    const headline: [string, string, CellValue, string][] =
      sel.kind === "row"
        ? [
            [w.yearTarget, picked(C.yearTarget), h.yearTarget, valueFmt],
            [w.targetToDate, picked(C.targetToDate), h.targetToDate, valueFmt],
            [w.actualToDate, picked(C.actualToDate), h.actualToDate, valueFmt],
            [w.attainment, picked(C.attainment), h.attainment, PERCENT_FORMAT],
            [w.pace, picked(C.pace), h.pace, "0.00"],
          ]
        : [
            [w.yearTarget, sumOfColumn(C.yearTarget), h.yearTarget, valueFmt],
            [w.targetToDate, sumOfColumn(C.targetToDate), h.targetToDate, valueFmt],
            [w.actualToDate, `IF(COUNT(${actualsCol})=0,"",${sumOfColumn(C.actualToDate)})`, h.actualToDate, valueFmt],
            [w.attainment, `IF(${ytd(2)}="","",IF(${ytd(1)}=0,${formulaText(NO_TARGET)},${ytd(2)}/${ytd(1)}))`, h.attainment, PERCENT_FORMAT],
            [w.pace, paceFormula({ actual: ytd(2), target: ytd(0), asOf, start, share, zeroTarget: NO_TARGET }), h.pace, "0.00"],
          ];
    headline.forEach(([label, f, expect, fmt], k) => {
      at(FIRST_ROW + k, I, { v: label });
      at(FIRST_ROW + k, J, fcell(f, expect));
      formats.push({ range: cellA1(FIRST_ROW + k, J), numFmt: fmt, bold: true, horizontal: "right" });
    });
    formats.push({ range: rangeA1(FIRST_ROW, I, FIRST_ROW + headline.length - 1, J), fill: DASHBOARD_COLORS.tile, border: true });
    const att0 = cellA1(FIRST_ROW + 3, J, { row: true, col: true });
    cf.push({ range: cellA1(FIRST_ROW + 3, J), formula: `AND(ISNUMBER(${att0}),${att0}>=1)`, fill: LIGHT.green.fill, color: LIGHT.green.color });

    // The months agree with the tracking sheet: December's target to date is the year's,
    // the as-of month's targets and actuals to date are the sheet's own.
    const gone = `COUNTIF(${T(rangeA1(C.monthRow, C.firstMonthCol, C.monthRow, C.firstMonthCol + 23, true))},"<="&${asOf})`;
    const close = (x: string, y: string): string => `ABS(${x}-${y})<=1E-9*MAX(1,ABS(${y}))`;
    const cumT = rangeA1(m1, D, m12, D, true);
    checks.push({
      label: w.checkMonths,
      name: "Check_Dashboard_Months",
      f:
        `AND(${close(cellA1(m12, D, { row: true, col: true }), ytd(0))},` +
        `IF(${gone}=0,TRUE,${close(`INDEX(${cumT},${gone})`, ytd(1))}),` +
        `IF(${ytd(2)}="",TRUE,${close(`INDEX(${actualsCol},${gone})`, ytd(2))}))`,
      expect: true,
    });

    charts.push({
      name: "TP_Dashboard_Months",
      type: "line",
      title: w.chartMonths(what),
      categories: { sheet: sheetName, range: rangeA1(m1, A, m12, A) },
      series: [
        // Columns: a month without actuals is a text "" there, which no engine draws as a bar
        // (a line would drop to 0 at it in LibreOffice, which plots #N/A as 0 as well).
        { name: w.cumActual, values: { sheet: sheetName, range: rangeA1(m1, E, m12, E) }, color: DASHBOARD_COLORS.actual, type: "column" },
        { name: w.cumTarget, values: { sheet: sheetName, range: rangeA1(m1, D, m12, D) }, color: DASHBOARD_COLORS.target },
        { name: w.paceLine, values: { sheet: sheetName, range: rangeA1(m1, F, m12, F) }, color: DASHBOARD_COLORS.paceLine, dashed: true },
      ],
      valueFormat: valueFmt,
      legend: "bottom",
      anchor: cellA1(lineRow, A),
      width: spanPoints(A, J) - 6,
      height: lineHeight,
    });
    nextRow = m12 + 2;
  }

  // ---- checks ----
  const checksTitle = nextRow;
  at(checksTitle, A, { v: w.checksTitle });
  formats.push({ range: cellA1(checksTitle, A), bold: true });
  const checkNames: NameSpec[] = [];
  checks.forEach((c, k) => {
    const r = checksTitle + 1 + k;
    at(r, A, { v: c.label });
    at(r, J, fcell(c.f, c.expect));
    checkNames.push({ name: c.name, sheet: sheetName, ref: cellA1(r, J), comment: `${w.sheet}: ${c.label}` });
    cf.push({ range: cellA1(r, J), formula: `${cellA1(r, J)}=FALSE`, fill: LIGHT.red.fill, color: LIGHT.red.color });
  });
  const checkCells = checks.map((_, k) => cellA1(checksTitle + 1 + k, J, { row: true, col: true }));
  at(INFO_ROW, I, { v: w.allChecks });
  at(INFO_ROW, J, fcell(`AND(${checkCells.join(",")})`, checks.every((c) => c.expect)));
  cf.push({ range: cellA1(INFO_ROW, J), formula: `${cellA1(INFO_ROW, J)}=FALSE`, fill: LIGHT.red.fill, color: LIGHT.red.color });

  // ---- block headers ----
  for (const [c0, c1] of [
    [A, B],
    [D, G],
  ] as const) {
    formats.push({ range: rangeA1(BLOCK_HEADER_ROW, c0, BLOCK_HEADER_ROW, c1), bold: true, fill: DASHBOARD_COLORS.header, border: true, horizontal: "center" });
  }
  formats.push({ range: rangeA1(BLOCK_TITLE_ROW, A, BLOCK_TITLE_ROW, LAST_VISIBLE), bold: true, color: DASHBOARD_COLORS.title });
  formats.push({ range: rangeA1(FIRST_ROW, D, rankLast, D), color: "#595959" });
  formats.push({ range: rangeA1(BLOCK_HEADER_ROW, K, Math.max(rankLast, FIRST_ROW + n - 1), L), color: "#808080" });
  formats.push({ range: rangeA1(FIRST_ROW, L, FIRST_ROW + n - 1, L), numFmt: PERCENT_FORMAT });

  // The sentence on where the numbers come from, below the checks (a sheet's note would go
  // below the helper column's rows, far down a long sheet).
  const noteRow = checksTitle + checks.length + 2;
  at(noteRow, A, { v: w.note });
  formats.push({ range: cellA1(noteRow, A), italic: true, color: "#595959" });

  const width = Math.max(...rows.map((r) => r.length));
  for (const r of rows) while (r.length < width) r.push(null);
  const sheet: SheetSpec = {
    name: sheetName,
    kind: "dashboard",
    rows,
    formats,
    conditionalFormats: cf,
    columnWidths: WIDTHS,
    columnGroups: [{ columns: `${colLetter(K)}:${colLetter(L)}`, collapsed: true }],
    rowHeights: [{ row: TITLE_ROW + 1, points: 24 }],
    merges,
    // The print area ends with the note: the helper column's rows run on below it. (LibreOffice
    // 7.4 crashes printing a sheet with a print area where a bold conditional format applies:
    // the failed checks' red is not bold here.)
    print: { fitToWidth: true, pagesWide: 1, area: rangeA1(0, A, noteRow, LAST_VISIBLE) },
    protect: options.protect ?? false,
    charts,
  };
  return { sheet, names: checkNames, model };
}
