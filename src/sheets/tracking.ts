/**
 * The tracking sheet (目标管理表): indicators or people in rows, each month's target and
 * actual side by side, then what the sheet computes itself — the year's target (total or
 * average), target and actual to date, attainment, the traffic light and pace against time
 * elapsed (时间进度) — with the colours as native conditional formats, a legend, and check
 * cells.
 *
 * Layout (1-based rows; columns fixed so every formula is easy to read):
 * ```
 * 1  title
 * 2  As of [date, input] | Year start | Year end | Time elapsed [share] | … | All checks [Check_]
 * 3  legend: green / yellow / red / blank = no data
 * 4  month start dates over each month's two columns (what "to date" counts)
 * 5  header: Name | Unit | Year column | Direction | Green at | Yellow at | Jan target | Jan actual | … | Dec actual |
 *            Year target | Target to date | Actual to date | Attainment | Status | Pace | Check
 * 6… one row per indicator or person
 * ```
 * "To date" counts the months that start on or before the as-of date: a `SUMIF` of the row
 * against row 4 (the actuals' range is the targets' shifted one column right, so row 4's
 * date above a month's target column selects that month's actual). Each formula reads only
 * its own row and the fixed cells of rows 2 and 4 — never a whole column — so 5,000 rows
 * × 12 months is an ordinary sheet. Every formula cell carries `expect`, the engine's value.
 */
import { type Direction, attainment } from "../core/attainment";
import { paceOf, periodShare } from "../core/pace";
import { trafficLight } from "../core/status";
import { reaches } from "../core/tolerance";
import { PERCENT_FORMAT, amountFormat, cellA1, colLetter } from "./formulas";
import { sanitizeSheetName } from "./names";
import { STATUS_WORDS, attainmentFormula, formulaNumber, formulaText, paceFormula, periodShareFormula, reachesFormula, statusFormula } from "./native";
import { SplitCache } from "./plan-cache";
import { type Plan, type TrackingRow, planScale, toDisplay } from "./plan";
import type { CellSpec, CellValue, ConditionalFormatSpec, FormatSpec, NameSpec, SheetSpec, ValidationSpec } from "./spec";

/** Options of {@link buildTrackingSheet} and the scorecard builder. */
export interface SheetOptions {
  /** The sheet's language. */
  lang: "en" | "zh";
  /**
   * The generation date (YYYY-MM-DD) written into the as-of cell when the plan gives none;
   * default today's date (UTC). Never `TODAY()`: the sheet stays as it was built.
   */
  asOf?: string;
  /** Protect the sheet: only the inputs (actuals, as-of date, thresholds) stay editable. */
  protect?: boolean;
}

/** Fills of the traffic light (Excel's own good / neutral / bad styles) and of a failed check. */
export const LIGHT = {
  green: { fill: "#C6EFCE", color: "#006100" },
  yellow: { fill: "#FFEB9C", color: "#9C5700" },
  red: { fill: "#FFC7CE", color: "#9C0006" },
} as const;

/** The tracking sheet's words in both languages (the dashboard matches its unit, year-column and direction cells against them). */
export const WORDS = {
  en: {
    sheet: "Tracking",
    asOf: "As of",
    start: "Year start",
    end: "Year end",
    elapsed: "Time elapsed",
    allChecks: "All checks",
    legend: "Legend",
    green: (g: string) => `green: attainment ≥ green line (default ${g})`,
    yellow: "yellow: between the yellow and green lines",
    red: "red: under the yellow line",
    blank: "no colour: no data yet",
    month: "Month",
    indicator: "Indicator",
    person: "Name",
    unit: "Unit",
    yearCol: "Year column",
    total: "total",
    average: "average",
    direction: "Direction",
    higher: "higher is better",
    lower: "lower is better",
    greenAt: "Green at",
    yellowAt: "Yellow at",
    target: (m: string) => `${m} target`,
    actual: (m: string) => `${m} actual`,
    yearTarget: "Year target",
    targetToDate: "Target to date",
    actualToDate: "Actual to date",
    attainment: "Attainment",
    status: "Status",
    pace: "Pace",
    check: "Check",
    percent: "%",
    count: "count",
    checkComment: "Tracking: every row's thresholds are in order (yellow ≤ green) and its months add up to its annual target",
    note:
      "To date = months starting on or before the as-of date (change it in B2). Pace = attainment of the year target ÷ time elapsed (1.00 = on schedule). Type actuals in the actual columns; a blank month has no colour. – = no target to measure against (a target of 0 where higher is better).",
    months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  },
  zh: {
    sheet: "目标管理表",
    asOf: "截至日",
    start: "年度开始",
    end: "年度结束",
    elapsed: "时间进度",
    allChecks: "全部校验",
    legend: "图例",
    green: (g: string) => `绿：完成率 ≥ 绿灯线（默认 ${g}）`,
    yellow: "黄：介于黄灯线与绿灯线之间",
    red: "红：低于黄灯线",
    blank: "无颜色：暂无数据",
    month: "月份",
    indicator: "指标",
    person: "姓名",
    unit: "单位",
    yearCol: "全年口径",
    total: "合计",
    average: "平均",
    direction: "方向",
    higher: "越高越好",
    lower: "越低越好",
    greenAt: "绿灯线",
    yellowAt: "黄灯线",
    target: (m: string) => `${m}目标`,
    actual: (m: string) => `${m}实际`,
    yearTarget: "全年目标",
    targetToDate: "累计目标",
    actualToDate: "累计实际",
    attainment: "完成率",
    status: "状态",
    pace: "进度比",
    check: "校验",
    percent: "%",
    count: "个",
    checkComment: "目标管理表：各行黄灯线不高于绿灯线，各月目标合计等于全年目标",
    note: "累计 = 开始日不晚于截至日（B2，可修改）的月份。进度比 = 全年目标完成率 ÷ 时间进度（1.00 为按进度）。在实际列填写实际数；空白月份不着色。– 表示没有可比的目标（越高越好的指标目标为 0）。",
    months: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
  },
};

// Columns (0-based).
const NAME = 0;
const UNIT = 1;
const AGG = 2;
const DIR = 3;
const GREEN = 4;
const YELLOW = 5;
/** Column of January's target; month m's target is FIRST + 2m, its actual FIRST + 2m + 1. */
const FIRST = 6;
const YEAR = FIRST + 24;
const TTD = YEAR + 1;
const ATD = YEAR + 2;
const ATT = YEAR + 3;
const STATUS = YEAR + 4;
const PACE = YEAR + 5;
const CHECK = YEAR + 6;
const WIDTH = CHECK + 1;

// Rows (0-based).
const TITLE_ROW = 0;
const INFO_ROW = 1;
const LEGEND_ROW = 2;
const MONTH_ROW = 3;
const HEADER_ROW = 4;
const DATA_ROW = 5;

/**
 * What attainment, status and pace show when there is no target to measure against: a
 * target to date of 0 when higher is better (ATTAIN and PACE would give #DIV/0!), or no
 * target at all in the months gone. Text, so it takes no colour and counts in no sum.
 */
export const NO_TARGET = "–";

/** Where the fixed cells are (absolute). */
const AS_OF = "$B$2";
const START = "$D$2";
const END = "$F$2";
const SHARE = "$H$2";
const ALL_CHECKS = { row: INFO_ROW, col: CHECK };

/**
 * Where things are on the tracking sheet, for readers of a built sheet (the pane's "my
 * targets"): the as-of cell, and 0-based row and column indexes of the first data row and of
 * January's target (month m's target is `firstMonthCol + 2m`, its actual the next column).
 * @example TRACKING_LAYOUT.firstDataRow + 2 // the sheet row (0-based) of the plan's third tracking row
 */
export const TRACKING_LAYOUT = {
  asOf: "B2",
  firstDataRow: DATA_ROW,
  firstMonthCol: FIRST,
  attainmentCol: ATT,
  statusCol: STATUS,
  checkCol: CHECK,
} as const;

/**
 * An ISO date (YYYY-MM-DD) as an Excel date serial (days since 1899-12-30).
 * @example excelSerial("2024-03-31") // 45382
 */
export function excelSerial(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  return Math.round((Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - Date.UTC(1899, 11, 30)) / 86400000);
}

/** One tracking row worked out: its numbers in display units and what the engine says of them. */
export interface TrackedRow {
  row: TrackingRow;
  format: "amount" | "percent" | "count";
  direction: Direction;
  aggregate: "sum" | "average";
  greenAt: number;
  yellowAt: number;
  targets: (number | null)[];
  actuals: (number | null)[];
  /** The annual target the months must add up to, when the plan has one. */
  annual?: number;
  yearTarget: number | "";
  targetToDate: number | "";
  actualToDate: number | "";
  attainment: number | "" | undefined;
  status: string | undefined;
  pace: number | "" | undefined;
  check: boolean;
}

/** Sum, or mean, of the numbers among `xs` (in order); "" when there are none. */
function aggregateOf(xs: (number | null)[], how: "sum" | "average"): number | "" {
  let sum = 0;
  let n = 0;
  for (const x of xs) {
    if (x === null) continue;
    sum += x;
    n++;
  }
  if (n === 0) return how === "sum" ? 0 : "";
  return how === "sum" ? sum : sum / n;
}

/**
 * Runs the engine on one tracking row: its months in display units, and the numbers the
 * sheet's formulas must show (year target, to date, attainment, status, pace, check).
 *
 * @param plan - the validated plan (for its unit and the decomposition)
 * @param row - the tracking row
 * @param asOf - the as-of date, an Excel serial
 * @param monthStarts - the twelve months' first days, Excel serials
 * @param start - the year's first day, an Excel serial
 * @param end - the year's last day, an Excel serial
 * @param lang - the language of the status words
 * @param cache - the decomposition worked out once per build (default: a new one)
 * @returns the row worked out; `attainment`, `status` or `pace` undefined where the engine
 *   raises an error (a zero target when higher is better: the sheet shows #DIV/0!)
 * @example trackRow(plan, { name: "Sales", target: { annual: 1200 }, actuals: [100, …] }, 45700, starts, 45658, 46022, "en").targetToDate // 200
 */
export function trackRow(
  plan: Plan,
  row: TrackingRow,
  asOf: number,
  monthStarts: number[],
  start: number,
  end: number,
  lang: "en" | "zh",
  cache: SplitCache = new SplitCache(plan),
): TrackedRow {
  const format = row.format ?? "amount";
  const direction = row.direction ?? "higher";
  const aggregate = row.aggregate ?? (format === "percent" ? "average" : "sum");
  const greenAt = row.greenAt ?? 1;
  const yellowAt = row.yellowAt ?? (greenAt < 0.9 ? greenAt : 0.9);
  const scale = format === "amount" ? planScale(plan) : 1;
  const targets = cache.monthlyTargets(row);
  const actuals = (row.actuals ?? new Array<number | null>(12).fill(null)).map((v) => (v === null ? null : format === "amount" ? toDisplay(v, scale) : v));
  let annual: number | undefined;
  const t = row.target;
  if ("annual" in t) annual = format === "amount" ? toDisplay(t.annual, scale) : t.annual;
  else if ("from" in t) annual = t.from.member === undefined ? cache.split(t.from.split).total : cache.memberAmount(t.from);

  const gone = monthStarts.map((d) => d <= asOf);
  const yearTarget = aggregate === "sum" ? aggregateOf(targets, "sum") : aggregateOf(targets, "average");
  const tGone = targets.filter((_, m) => gone[m]);
  const aGone = actuals.filter((_, m) => gone[m]);
  const targetToDate = aggregateOf(tGone, aggregate);
  const actualToDate = aGone.some((x) => x !== null) ? aggregateOf(aGone, aggregate) : "";

  let att: number | "" | undefined = "";
  let status: string | undefined = "";
  if (actualToDate !== "") {
    if (targetToDate === "" || (targetToDate === 0 && direction === "higher")) {
      att = undefined; // #DIV/0! in the sheet, an error in the engine
      status = undefined;
    } else {
      att = attainment(actualToDate, targetToDate, direction);
      const light = trafficLight(actualToDate, targetToDate, { greenAt, yellowAt, direction });
      status = light === "" ? "" : STATUS_WORDS[lang][light];
    }
  }
  let pace: number | "" | undefined;
  if (direction === "higher" && aggregate === "sum") {
    // yearTarget is a number for a sum; a zero one is #DIV/0! in the sheet and in the engine.
    if (actualToDate === "" || asOf < start) pace = "";
    else if (yearTarget !== 0 && yearTarget !== "") pace = paceOf(actualToDate, yearTarget, asOf, start, end);
  }
  if (aggregate !== "sum") annual = undefined;
  const adds = annual === undefined || (yearTarget !== "" && Math.abs(yearTarget - annual) <= 1e-9 * Math.max(1, Math.abs(annual)));
  return {
    row,
    format,
    direction,
    aggregate,
    greenAt,
    yellowAt,
    targets,
    actuals,
    ...(annual !== undefined && { annual }),
    yearTarget,
    targetToDate,
    actualToDate,
    attainment: att,
    status,
    pace,
    check: reaches(greenAt, yellowAt) && adds,
  };
}

/** A formula cell; `expect` only when the engine has a value for it. */
function fcell(f: string, expect?: CellValue, live?: string): CellSpec {
  const c: { f: string; expect?: CellValue; live?: string } = { f };
  if (expect !== undefined) c.expect = expect;
  if (live !== undefined) c.live = live;
  return c;
}

/** Consecutive data rows (0-based sheet rows) sharing a key, as [first, last, key] runs. */
function runs<K>(n: number, key: (i: number) => K): [number, number, K][] {
  const out: [number, number, K][] = [];
  for (let i = 0; i < n; i++) {
    const k = key(i);
    const last = out[out.length - 1];
    if (last && last[2] === k && last[1] === DATA_ROW + i - 1) last[1] = DATA_ROW + i;
    else out.push([DATA_ROW + i, DATA_ROW + i, k]);
  }
  return out;
}

const range = (r0: number, c0: number, r1: number, c1: number): string => `${cellA1(r0, c0)}:${cellA1(r1, c1)}`;

/**
 * Builds the tracking sheet of a plan.
 *
 * @param plan - a plan that validatePlan accepted, with a `tracking` section
 * @param options - language, the generation date for the as-of cell (the plan's
 *   `tracking.asOf` wins), and whether to protect the sheet
 * @returns the sheet and its defined names (`Check_Tracking_Rows`: every row's check is TRUE)
 * @throws Error when the plan has no tracking section
 * @example
 * const { sheet, names } = buildTrackingSheet(seedPlan, { lang: "zh", asOf: "2025-03-31" });
 * sheet.rows[5][33] // { f: 'IF(AG6="","",AG6/AF6)', expect: 0.9733…, live: … } (销售额: 2,920 of 3,000 万元 to date)
 * names[0].name // "Check_Tracking_Rows"
 */
export function buildTrackingSheet(plan: Plan, options: SheetOptions): { sheet: SheetSpec; names: NameSpec[] } {
  const tracking = plan.tracking;
  if (!tracking) throw new Error("the plan has no tracking section");
  const w = WORDS[options.lang];
  const lang = options.lang;
  const asOfIso = tracking.asOf ?? options.asOf ?? new Date().toISOString().slice(0, 10);
  const asOf = excelSerial(asOfIso);
  const start = excelSerial(`${plan.year}-01-01`);
  const end = excelSerial(`${plan.year}-12-31`);
  const monthStarts = Array.from({ length: 12 }, (_, m) => excelSerial(`${plan.year}-${String(m + 1).padStart(2, "0")}-01`));
  const cache = new SplitCache(plan);
  const tracked = tracking.rows.map((r) => trackRow(plan, r, asOf, monthStarts, start, end, lang, cache));
  const n = tracked.length;
  const lastRow = DATA_ROW + n - 1;
  const unitWord = plan.unit ?? "元";
  const amountFmt = amountFormat(plan.roundTo ?? 1);

  const rows: (CellSpec | null)[][] = [];
  const blankRow = (): (CellSpec | null)[] => new Array<CellSpec | null>(WIDTH).fill(null);

  // 1: title.
  const title = blankRow();
  title[0] = { v: tracking.name ?? `${plan.title} · ${w.sheet}` };
  rows.push(title);

  // 2: as-of date (input), the year, time elapsed, all checks.
  const info = blankRow();
  info[0] = { v: w.asOf };
  info[1] = { v: asOf, input: true };
  info[2] = { v: w.start };
  info[3] = { v: start };
  info[4] = { v: w.end };
  info[5] = { v: end };
  info[6] = { v: w.elapsed };
  info[7] = fcell(periodShareFormula(AS_OF, START, END), periodShare(asOf, start, end));
  info[PACE] = { v: w.allChecks };
  const checkRange = range(DATA_ROW, CHECK, lastRow, CHECK);
  info[CHECK] = fcell(`COUNTIF(${checkRange},FALSE)=0`, tracked.every((t) => t.check));
  rows.push(info);

  // 3: legend.
  const legend = blankRow();
  legend[0] = { v: w.legend };
  legend[1] = { v: w.green("100%") };
  legend[FIRST] = { v: w.yellow };
  // Within January–June, so the whole legend prints on the first page.
  legend[FIRST + 4] = { v: w.red };
  legend[FIRST + 8] = { v: w.blank };
  rows.push(legend);

  // 4: month start dates, over each month's target column (the actual column stays blank).
  const months = blankRow();
  months[0] = { v: w.month };
  for (let m = 0; m < 12; m++) months[FIRST + 2 * m] = { v: monthStarts[m] };
  rows.push(months);

  // 5: header.
  const header = blankRow();
  header[NAME] = { v: tracking.rowsAre === "people" ? w.person : w.indicator };
  header[UNIT] = { v: w.unit };
  header[AGG] = { v: w.yearCol };
  header[DIR] = { v: w.direction };
  header[GREEN] = { v: w.greenAt };
  header[YELLOW] = { v: w.yellowAt };
  for (let m = 0; m < 12; m++) {
    header[FIRST + 2 * m] = { v: w.target(w.months[m]) };
    header[FIRST + 2 * m + 1] = { v: w.actual(w.months[m]) };
  }
  header[YEAR] = { v: w.yearTarget };
  header[TTD] = { v: w.targetToDate };
  header[ATD] = { v: w.actualToDate };
  header[ATT] = { v: w.attainment };
  header[STATUS] = { v: w.status };
  header[PACE] = { v: w.pace };
  header[CHECK] = { v: w.check };
  rows.push(header);

  // Data rows.
  const dates = `$${colLetter(FIRST)}$${MONTH_ROW + 1}:$${colLetter(FIRST + 23)}$${MONTH_ROW + 1}`;
  for (let i = 0; i < n; i++) {
    const t = tracked[i];
    const r = DATA_ROW + i;
    const R = r + 1;
    const c = (col: number): string => `${colLetter(col)}${R}`;
    const cells = blankRow();
    cells[NAME] = { v: t.row.name };
    cells[UNIT] = { v: t.format === "amount" ? unitWord : t.format === "percent" ? w.percent : w.count };
    cells[AGG] = { v: t.aggregate === "sum" ? w.total : w.average };
    cells[DIR] = { v: t.direction === "lower" ? w.lower : w.higher };
    cells[GREEN] = { v: t.greenAt, input: true };
    cells[YELLOW] = { v: t.yellowAt, input: true };
    for (let m = 0; m < 12; m++) {
      cells[FIRST + 2 * m] = { v: t.targets[m] };
      cells[FIRST + 2 * m + 1] = { v: t.actuals[m], input: true };
    }
    const targetList = Array.from({ length: 12 }, (_, m) => c(FIRST + 2 * m)).join(",");
    const rowTargets = `${c(FIRST)}:${c(FIRST + 23)}`;
    const rowActuals = `${c(FIRST + 1)}:${c(FIRST + 24)}`;
    const gone = `"<="&${AS_OF}`;
    const actualCount = `COUNTIFS(${dates},${gone},${rowActuals},"<>")`;
    if (t.aggregate === "sum") {
      cells[YEAR] = fcell(`SUM(${targetList})`, t.yearTarget);
      cells[TTD] = fcell(`SUMIF(${dates},${gone},${rowTargets})`, t.targetToDate);
      cells[ATD] = fcell(`IF(${actualCount}=0,"",SUMIF(${dates},${gone},${rowActuals}))`, t.actualToDate);
    } else {
      const targetCount = `COUNTIFS(${dates},${gone},${rowTargets},"<>")`;
      cells[YEAR] = fcell(`IF(COUNT(${targetList})=0,"",AVERAGE(${targetList}))`, t.yearTarget);
      cells[TTD] = fcell(`IF(${targetCount}=0,"",SUMIF(${dates},${gone},${rowTargets})/${targetCount})`, t.targetToDate);
      cells[ATD] = fcell(`IF(${actualCount}=0,"",SUMIF(${dates},${gone},${rowActuals})/${actualCount})`, t.actualToDate);
    }
    const dirArg = t.direction === "lower" ? ',"lower"' : "";
    // No target to date (0 when higher is better, or none): a dash, where ATTAIN would say #DIV/0!.
    const noTarget = t.direction === "higher" ? `OR(${c(TTD)}="",${c(TTD)}=0)` : `${c(TTD)}=""`;
    const dash = formulaText(NO_TARGET);
    cells[ATT] = fcell(
      `IF(${c(ATD)}="","",IF(${noTarget},${dash},${attainmentFormula(c(ATD), c(TTD), t.direction)}))`,
      t.attainment ?? NO_TARGET,
      `TARGET.ATTAIN(${c(ATD)},${c(TTD)}${dirArg})`,
    );
    cells[STATUS] = fcell(
      `IF(${c(ATT)}=${dash},${dash},${statusFormula(c(ATT), `$${colLetter(GREEN)}${R}`, `$${colLetter(YELLOW)}${R}`, STATUS_WORDS[lang])})`,
      t.status ?? NO_TARGET,
    );
    if (t.direction === "higher" && t.aggregate === "sum") {
      cells[PACE] = fcell(
        paceFormula({ actual: c(ATD), target: c(YEAR), asOf: AS_OF, start: START, share: SHARE, zeroTarget: NO_TARGET }),
        t.pace ?? NO_TARGET,
        `TARGET.PACE(${c(ATD)},${c(YEAR)},${AS_OF},${START},${END})`,
      );
    }
    const ordered = reachesFormula(`$${colLetter(GREEN)}${R}`, `$${colLetter(YELLOW)}${R}`);
    const adds = t.annual === undefined ? "" : `,ABS(${c(YEAR)}-${formulaNumber(t.annual)})<=1E-9*MAX(1,${formulaNumber(Math.abs(t.annual))})`;
    cells[CHECK] = fcell(`AND(${ordered}${adds})`, t.check);
    rows.push(cells);
  }

  // Formats.
  const formats: FormatSpec[] = [
    { range: "A1", bold: true },
    { range: range(INFO_ROW, 1, INFO_ROW, 1), numFmt: "yyyy-mm-dd", fill: "#FFF2CC", locked: false },
    { range: range(INFO_ROW, 3, INFO_ROW, 5), numFmt: "yyyy-mm-dd" },
    { range: range(INFO_ROW, 7, INFO_ROW, 7), numFmt: PERCENT_FORMAT },
    { range: range(LEGEND_ROW, 1, LEGEND_ROW, FIRST - 1), fill: LIGHT.green.fill, color: LIGHT.green.color },
    { range: range(LEGEND_ROW, FIRST, LEGEND_ROW, FIRST + 3), fill: LIGHT.yellow.fill, color: LIGHT.yellow.color },
    { range: range(LEGEND_ROW, FIRST + 4, LEGEND_ROW, FIRST + 7), fill: LIGHT.red.fill, color: LIGHT.red.color },
    { range: range(MONTH_ROW, FIRST, MONTH_ROW, FIRST + 23), numFmt: lang === "zh" ? 'm"月"' : "mmm", horizontal: "center", color: "#595959" },
    { range: range(HEADER_ROW, 0, HEADER_ROW, CHECK), bold: true, wrap: true, horizontal: "center", fill: "#D9E1F2", border: true },
  ];
  if (n > 0) {
    formats.push({ range: range(DATA_ROW, GREEN, lastRow, YELLOW), numFmt: "0%", locked: false });
    for (const [r0, r1, key] of runs(n, (i) => `${tracked[i].format}|${tracked[i].aggregate}`)) {
      const [format, agg] = key.split("|");
      const fmt = format === "amount" ? amountFmt : format === "percent" ? PERCENT_FORMAT : agg === "average" ? "#,##0.0" : "#,##0";
      formats.push({ range: range(r0, FIRST, r1, ATD), numFmt: fmt });
    }
    for (let m = 0; m < 12; m++) {
      formats.push({ range: range(DATA_ROW, FIRST + 2 * m + 1, lastRow, FIRST + 2 * m + 1), locked: false, fill: "#FFFDF2" });
    }
    formats.push({ range: range(DATA_ROW, ATT, lastRow, ATT), numFmt: PERCENT_FORMAT });
    formats.push({ range: range(DATA_ROW, STATUS, lastRow, STATUS), horizontal: "center" });
    formats.push({ range: range(DATA_ROW, PACE, lastRow, PACE), numFmt: "0.00" });
  }

  // Conditional formats: the month cells (by direction runs), attainment and status, checks.
  const cf: ConditionalFormatSpec[] = [];
  const light = (c: "green" | "yellow" | "red") => ({ fill: LIGHT[c].fill, color: LIGHT[c].color });
  if (n > 0) {
    // Three rules over every month cell, whatever the rows and their directions: each reads
    // its row's direction cell (column D, in the sheet's words), so the rule count does not
    // grow with the rows (Excel slows down on thousands of rules). Written for January's
    // target in the first row; row 4 is blank over actual columns, and an actual's target is
    // the cell to its left.
    const R = DATA_ROW + 1;
    const cell = `${colLetter(FIRST)}${R}`;
    const left = `${colLetter(FIRST - 1)}${R}`;
    const lower = `$${colLetter(DIR)}${R}=${formulaText(w.lower)}`;
    const a = `IF(${lower},${attainmentFormula(cell, left, "lower")},${attainmentFormula(cell, left, "higher")})`;
    const isActual = `${colLetter(FIRST)}$${MONTH_ROW + 1}="",${cell}<>"",${left}<>""`;
    const months = range(DATA_ROW, FIRST, lastRow, FIRST + 23);
    cf.push({ range: months, formula: `AND(${isActual},${reachesFormula(a, `$${colLetter(GREEN)}${R}`)})`, ...light("green") });
    cf.push({ range: months, formula: `AND(${isActual},${reachesFormula(a, `$${colLetter(YELLOW)}${R}`)})`, ...light("yellow") });
    cf.push({ range: months, formula: `AND(${isActual},ISNUMBER(${a}))`, ...light("red") });
    const att = `$${colLetter(ATT)}${R}`;
    const block = range(DATA_ROW, ATT, lastRow, STATUS);
    cf.push({ range: block, formula: `AND(ISNUMBER(${att}),${reachesFormula(att, `$${colLetter(GREEN)}${R}`)})`, ...light("green") });
    cf.push({ range: block, formula: `AND(ISNUMBER(${att}),${reachesFormula(att, `$${colLetter(YELLOW)}${R}`)})`, ...light("yellow") });
    cf.push({ range: block, formula: `ISNUMBER(${att})`, ...light("red") });
    cf.push({ range: range(DATA_ROW, CHECK, lastRow, CHECK), formula: `${colLetter(CHECK)}${R}=FALSE`, ...light("red") });
  }
  cf.push({ range: cellA1(ALL_CHECKS.row, ALL_CHECKS.col), formula: `${cellA1(ALL_CHECKS.row, ALL_CHECKS.col)}=FALSE`, ...light("red"), bold: true });

  const validations: ValidationSpec[] = [];
  if (n > 0) {
    validations.push({
      range: range(DATA_ROW, GREEN, lastRow, YELLOW),
      min: 0,
      max: 100,
      message: lang === "zh" ? "请输入完成率门槛（如 90% 或 0.9）" : "Type an attainment line, e.g. 90% or 0.9",
    });
  }

  const sheetName = sanitizeSheetName(tracking.name ?? w.sheet);
  const nameWidth = Math.min(40, Math.max(12, ...tracking.rows.slice(0, 1000).map((r) => [...r.name].length * (/[\u0100-\uffff]/.test(r.name) ? 2 : 1) + 2)));
  // B and F hold the as-of and year-end dates in row 2: wide enough for yyyy-mm-dd. The
  // settings columns B–F are wide enough that January–June (with them) is at least as wide
  // as July–December with the computed columns: printed two pages wide, the page breaks
  // between June and July rather than inside a month.
  const columnWidths = [nameWidth, 15, 15, lang === "zh" ? 16 : 18, 15, 15, ...new Array<number>(24).fill(11), 12, 12, 12, 10, 8, 8, 9];
  const sheet: SheetSpec = {
    name: sheetName,
    kind: "tracking",
    rows,
    formats,
    conditionalFormats: cf,
    tables: n > 0 ? [{ name: "T_Tracking", range: range(HEADER_ROW, 0, lastRow, CHECK), style: "TableStyleLight9" }] : [],
    validations,
    columnWidths,
    freeze: { rows: HEADER_ROW + 1, columns: 1 },
    merges: [
      range(TITLE_ROW, 0, TITLE_ROW, FIRST - 1),
      range(LEGEND_ROW, 1, LEGEND_ROW, FIRST - 1),
      range(LEGEND_ROW, FIRST, LEGEND_ROW, FIRST + 3),
      range(LEGEND_ROW, FIRST + 4, LEGEND_ROW, FIRST + 7),
      range(LEGEND_ROW, FIRST + 8, LEGEND_ROW, FIRST + 11),
      ...Array.from({ length: 12 }, (_, m) => range(MONTH_ROW, FIRST + 2 * m, MONTH_ROW, FIRST + 2 * m + 1)),
    ],
    // Two pages wide (37 columns on one would print too small to read): the first holds the
    // settings and January–June, the second July–December and what the sheet computes (year,
    // to date, attainment, status, pace); the names print on both.
    print: { landscape: true, fitToWidth: true, pagesWide: 2, repeatRows: `${MONTH_ROW + 1}:${HEADER_ROW + 1}`, repeatColumns: "A:A" },
    protect: options.protect ?? false,
    note: w.note,
  };
  const names: NameSpec[] = [{ name: "Check_Tracking_Rows", sheet: sheetName, ref: cellA1(ALL_CHECKS.row, ALL_CHECKS.col), comment: w.checkComment }];
  return { sheet, names };
}
