/**
 * The scorecard (绩效考核表): the KPIs with weight, target, direction and the rule as
 * written; the bonus bands and commission tiers; then one row per person with each KPI's
 * actual and points, the total score, the bonus band and the commission. A plan without
 * people gets a single scorecard: actual and points beside each KPI.
 *
 * Layout (1-based rows, k KPIs, b bands, t tiers):
 * ```
 * 1        title
 * 3        header: KPI | Weight | Target | Direction | Cap | Floor | Rule (G:I) [| Actual | Points]   bands (M:N)   tiers (P:Q)
 * 4…       one row per KPI
 * 4+k      Total weight | SUM | Check [Check_Scorecard_Weights] [| | total score | bonus]
 *          beside them: Bonus bands: Score from | Pays (highest first), Below;
 *          Commission tiers: Attainment from | Rate (lowest first), Mode, Cap
 * …        people: Name | KPI₁ actual | KPI₁ points | … | Total score | Bonus | Revenue | Revenue target | Revenue attainment | Commission
 * ```
 * Points are native formulas compiled by core from each KPI's rule text
 * ({@link compileRuleFormula}, the parser of TARGET.SCORE), reading the KPI's weight and
 * target from its row above; the bonus is a native step lookup equal to core's
 * `bandLookup`, the commission a native formula equal to `commissionOf`. A person's row
 * reads only itself and the fixed KPI, band and tier cells: 5,000 people are an ordinary
 * sheet, and the people form an Excel table a rep can filter by name.
 */
import { bandLookup } from "../core/band";
import { commissionOf } from "../core/commission";
import { attainment } from "../core/attainment";
import { scoreKpi } from "../core/score";
import { PERCENT_FORMAT, WEIGHT_FORMAT, amountFormat, cellA1, colLetter } from "./formulas";
import { sanitizeSheetName } from "./names";
import { type BandTableRef, type TierTableRef, attainFormula, bandFormula, commissionFormula, compileRuleFormula, formulaText } from "./native";
import { SplitCache } from "./plan-cache";
import { type Kpi, type Plan, planScale, toDisplay } from "./plan";
import type { CellSpec, CellValue, ConditionalFormatSpec, FormatSpec, NameSpec, SheetSpec, ValidationSpec } from "./spec";
import { LIGHT, type SheetOptions } from "./tracking";

/** Stands in for a person's actual cell in a compiled rule (a name no formula uses otherwise). */
const ACTUAL_STAND_IN = "TP_ACTUAL_CELL";

const WORDS = {
  en: {
    sheet: "Scorecard",
    kpi: "KPI",
    weight: "Weight",
    target: "Target",
    direction: "Direction",
    higher: "higher is better",
    lower: "lower is better",
    rule: "Rule",
    noRule: "weight × attainment",
    cap: "Cap",
    floor: "Floor",
    actual: "Actual",
    points: "Points",
    totalWeight: "Total weight",
    check: "Adds to 100",
    totalScore: "Total score",
    bonus: "Bonus pays",
    bands: "Bonus bands",
    scoreFrom: "Score from",
    pays: "Pays",
    below: "Below",
    tiers: "Commission tiers",
    attainmentFrom: "Attainment from",
    rate: "Rate",
    mode: "Mode",
    marginal: "marginal (like tax brackets)",
    whole: "whole (all at the tier reached)",
    noCap: "none",
    name: "Name",
    actualOf: (k: string) => `${k} actual`,
    pointsOf: (k: string) => `${k} points`,
    revenue: "Revenue",
    revenueTarget: "Revenue target",
    revenueAttainment: "Revenue attainment",
    commission: "Commission",
    unitNote: (u: string) => `Revenue, targets and commission in ${u}.`,
    note: "Points are native formulas compiled from each KPI's rule (the same reading as TARGET.SCORE); to change a rule, change the plan and rebuild. Type actuals and revenue; a blank actual scores nothing yet. The bonus and commission read the band and tier tables: keep bands highest first and tiers lowest first when you edit them.",
    checkComment: "Scorecard: the KPI weights add up to 100",
  },
  zh: {
    sheet: "绩效考核表",
    kpi: "考核指标",
    weight: "权重",
    target: "目标",
    direction: "方向",
    higher: "越高越好",
    lower: "越低越好",
    rule: "评分规则",
    noRule: "权重 × 完成率",
    cap: "上限",
    floor: "下限",
    actual: "实际",
    points: "得分",
    totalWeight: "权重合计",
    check: "合计为100",
    totalScore: "总分",
    bonus: "奖金系数",
    bands: "奖金档位",
    scoreFrom: "总分不低于",
    pays: "发放比例",
    below: "以下",
    tiers: "提成档位",
    attainmentFrom: "完成率不低于",
    rate: "提成比例",
    mode: "方式",
    marginal: "累进（超额部分按高档）",
    whole: "全额（全部按所达档位）",
    noCap: "无",
    name: "姓名",
    actualOf: (k: string) => `${k}实际`,
    pointsOf: (k: string) => `${k}得分`,
    revenue: "回款额",
    revenueTarget: "回款目标",
    revenueAttainment: "回款完成率",
    commission: "提成",
    unitNote: (u: string) => `回款、目标与提成单位：${u}。`,
    note: "得分为原生公式，由各指标的评分规则编译而成（与 TARGET.SCORE 的解读相同）；修改规则请修改计划后重新生成。填写实际数与回款额；实际为空时暂不计分。奖金与提成读取档位表：修改时请保持奖金档位从高到低、提成档位从低到高排列。",
    checkComment: "绩效考核表：各指标权重合计为 100",
  },
};

/**
 * A number format for a KPI's values. Counts are "General" (12, 85.5): a format like
 * `#,##0.##` shows a whole number with a bare point in Excel ("12.").
 */
function kpiFormat(k: Kpi): string {
  return k.format === "percent" ? PERCENT_FORMAT : k.format === "amount" ? "#,##0" : WEIGHT_FORMAT;
}

/** Points: one decimal always, two when needed. */
const POINTS_FORMAT = "0.0#";

/** A formula cell; `expect` only when the engine has a value for it. */
function fcell(f: string, expect?: CellValue, live?: string): CellSpec {
  const c: { f: string; expect?: CellValue; live?: string } = { f };
  if (expect !== undefined) c.expect = expect;
  if (live !== undefined) c.live = live;
  return c;
}

/** The engine's value, or undefined where it raises an error (the sheet then shows the error too). */
function engine<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

const range = (r0: number, c0: number, r1: number, c1: number): string => `${cellA1(r0, c0)}:${cellA1(r1, c1)}`;
const abs = (r: number, c: number): string => cellA1(r, c, { row: true, col: true });

/** Sum of the numbers in order; "" when there are none (no actual yet). */
function totalOf(points: (number | "" | undefined)[]): number | "" | undefined {
  if (points.some((p) => p === undefined)) return undefined;
  const ns = points.filter((p): p is number => typeof p === "number");
  return ns.length === 0 ? "" : ns.reduce((a, b) => a + b, 0);
}

/**
 * Builds the scorecard sheet of a plan.
 *
 * @param plan - a plan that validatePlan accepted, with a `scorecard` section
 * @param options - language and whether to protect the sheet (actuals and revenue stay editable)
 * @returns the sheet and its defined names (`Check_Scorecard_Weights`)
 * @throws Error when the plan has no scorecard
 * @example
 * const { sheet } = buildScorecardSheet(seedPlan, { lang: "zh" });
 * // 张伟's points for 销售额完成率 (103 % against 100 %, "每超1%加0.5分,每低1%扣1分"), row 12:
 * sheet.rows[11][2] // { f: 'IF(B12="","",MAX(0,IF(ABS(B12-$C$4)<=…,$B$4,IF(B12>$C$4,$B$4+INT(…)*0.5,$B$4-INT(…)*1))))', expect: 41.5, live: … }
 */
export function buildScorecardSheet(plan: Plan, options: SheetOptions): { sheet: SheetSpec; names: NameSpec[] } {
  const sc = plan.scorecard;
  if (!sc) throw new Error("the plan has no scorecard");
  const lang = options.lang;
  const w = WORDS[lang];
  const kpis = sc.kpis;
  const k = kpis.length;
  const people = sc.people ?? [];
  const single = people.length === 0;
  const scale = planScale(plan);
  const unitWord = plan.unit ?? "元";
  const bands = [...(sc.bands ?? [])].sort((a, b) => a.from - b.from);
  const below = sc.bandsBelow ?? 0;
  const commission = sc.commission;
  const tiers = commission ? [...commission.tiers].sort((a, b) => a.from - b.from) : [];
  const capDisplay = commission?.cap !== undefined ? toDisplay(commission.cap, scale) : undefined;

  const rows: (CellSpec | null)[][] = [];
  const formats: FormatSpec[] = [];
  const cf: ConditionalFormatSpec[] = [];
  const validations: ValidationSpec[] = [];
  const merges: string[] = [];
  const names: NameSpec[] = [];
  const sheetName = sanitizeSheetName(sc.name ?? w.sheet);
  const light = (c: "green" | "yellow" | "red") => ({ fill: LIGHT[c].fill, color: LIGHT[c].color });
  const put = (r: number, c: number, cell: CellSpec | null): void => {
    while (rows.length <= r) rows.push([]);
    const row = rows[r];
    while (row.length <= c) row.push(null);
    row[c] = cell;
  };

  // ---- title
  put(0, 0, { v: sc.name ?? `${plan.title} · ${w.sheet}` });
  formats.push({ range: "A1", bold: true });

  // ---- KPIs
  const KH = 2; // header row (0-based); row 1 holds the tables' titles
  const K0 = KH + 1; // first KPI row
  // The rule text reads across G:I (merged), so the people below keep narrow columns.
  const [KPI, WEIGHT, TARGET, DIR, CAP, FLOOR, RULE, ACTUAL, POINTS] = [0, 1, 2, 3, 4, 5, 6, 9, 10];
  const kpiHeader = [w.kpi, w.weight, w.target, w.direction, w.cap, w.floor, w.rule, null, null, ...(single ? [w.actual, w.points] : [])];
  kpiHeader.forEach((h, c) => put(KH, c, h === null ? null : { v: h }));
  merges.push(range(KH, RULE, KH, RULE + 2));
  formats.push({ range: range(KH, 0, KH, kpiHeader.length - 1), bold: true, fill: "#D9E1F2", border: true, horizontal: "center", wrap: true });
  // Each KPI's rule is compiled once, with a stand-in for the actual's cell that each
  // person's row replaces (5,000 people do not parse and compile a rule 5,000 times).
  const templates = kpis.map((kpi, i) =>
    compileRuleFormula(kpi.rule, {
      actual: ACTUAL_STAND_IN,
      target: abs(K0 + i, TARGET),
      points: abs(K0 + i, WEIGHT),
      ...(kpi.cap !== undefined && { cap: kpi.cap }),
      ...(kpi.floor !== undefined && { floor: kpi.floor }),
      direction: kpi.direction ?? "higher",
    }).split(ACTUAL_STAND_IN),
  );
  /** The points formula of KPI `i` for an actual in `actualRef`. */
  const pointsFormula = (i: number, actualRef: string): string => templates[i].join(actualRef);
  const liveScore = (i: number, actualRef: string): string => {
    const kpi = kpis[i];
    const parts = [actualRef, abs(K0 + i, TARGET), abs(K0 + i, WEIGHT), kpi.rule !== undefined ? formulaText(kpi.rule) : "", kpi.cap ?? "", kpi.floor ?? "", kpi.direction === "lower" ? '"lower"' : ""];
    while (parts.length > 3 && parts[parts.length - 1] === "") parts.pop();
    return `TARGET.SCORE(${parts.join(",")})`;
  };
  const scoreOf = (i: number, actual: number | null): number | "" | undefined => {
    const kpi = kpis[i];
    return engine(() => scoreKpi(actual, kpi.target, kpi.weight, { rule: kpi.rule, cap: kpi.cap, floor: kpi.floor, direction: kpi.direction ?? "higher" }));
  };
  kpis.forEach((kpi, i) => {
    const r = K0 + i;
    put(r, KPI, { v: kpi.name });
    put(r, WEIGHT, { v: kpi.weight });
    put(r, TARGET, { v: kpi.target });
    put(r, DIR, { v: kpi.direction === "lower" ? w.lower : w.higher });
    put(r, RULE, { v: kpi.rule ?? w.noRule });
    merges.push(range(r, RULE, r, RULE + 2));
    put(r, CAP, kpi.cap !== undefined ? { v: kpi.cap } : null);
    put(r, FLOOR, kpi.floor !== undefined ? { v: kpi.floor } : null);
    formats.push({ range: cellA1(r, TARGET), numFmt: kpiFormat(kpi) });
    if (single) {
      put(r, ACTUAL, { v: null, input: true });
      put(r, POINTS, fcell(pointsFormula(i, cellA1(r, ACTUAL)), scoreOf(i, null), liveScore(i, cellA1(r, ACTUAL))));
      formats.push({ range: cellA1(r, ACTUAL), numFmt: kpiFormat(kpi), locked: false, fill: "#FFFDF2" });
    }
  });
  const KT = K0 + k; // the total-weight row
  const weightRange = range(K0, WEIGHT, KT - 1, WEIGHT);
  put(KT, KPI, { v: w.totalWeight });
  put(KT, WEIGHT, fcell(`SUM(${weightRange})`, kpis.reduce((a, x) => a + x.weight, 0)));
  put(KT, TARGET, { v: w.check });
  const weightsOk = Math.abs(kpis.reduce((a, x) => a + x.weight, 0) - 100) <= 1e-9 * 100;
  put(KT, DIR, fcell(`ABS(SUM(${weightRange})-100)<=1E-9*100`, weightsOk));
  names.push({ name: "Check_Scorecard_Weights", sheet: sheetName, ref: cellA1(KT, DIR), comment: w.checkComment });
  cf.push({ range: cellA1(KT, DIR), formula: `${cellA1(KT, DIR)}=FALSE`, ...light("red"), bold: true });
  // "General", not "0.##": Excel shows 40 as "40." under "0.##".
  formats.push({ range: range(K0, WEIGHT, KT, WEIGHT), numFmt: WEIGHT_FORMAT });
  formats.push({ range: range(K0, RULE, KT - 1, RULE + 2), wrap: true });
  formats.push({ range: range(KT, 0, KT, kpiHeader.length - 1), bold: true, border: true });

  // ---- bands and tiers: two small tables beside the KPIs (so the people's header stays near the top)
  const BC = 12; // bands in columns M:N
  const TC = 15; // tiers in columns P:Q
  let bandTable: BandTableRef | undefined;
  let bandsEnd = KT;
  if (bands.length > 0) {
    put(KH - 1, BC, { v: w.bands });
    put(KH, BC, { v: w.scoreFrom });
    put(KH, BC + 1, { v: w.pays });
    formats.push({ range: cellA1(KH - 1, BC), bold: true }, { range: range(KH, BC, KH, BC + 1), bold: true, fill: "#D9E1F2", border: true, wrap: true });
    // Highest first, as planners write them; the formula takes them lowest first.
    bands
      .slice()
      .reverse()
      .forEach((b, j) => {
        put(K0 + j, BC, { v: b.from });
        put(K0 + j, BC + 1, { v: b.pays });
      });
    const belowRow = K0 + bands.length;
    put(belowRow, BC, { v: w.below });
    put(belowRow, BC + 1, { v: below });
    // The bonus formulas read this table (highest first, "below" under it) whatever its length.
    bandTable = { thresholds: `${abs(K0, BC)}:${abs(belowRow - 1, BC)}`, results: `${abs(K0, BC + 1)}:${abs(belowRow, BC + 1)}`, count: bands.length };
    formats.push({ range: range(K0, BC + 1, belowRow, BC + 1), numFmt: "0%" });
    bandsEnd = Math.max(bandsEnd, belowRow);
  }
  let tierTable: TierTableRef | undefined;
  let capRef: string | undefined;
  if (commission) {
    put(KH - 1, TC, { v: w.tiers });
    put(KH, TC, { v: w.attainmentFrom });
    put(KH, TC + 1, { v: w.rate });
    formats.push({ range: cellA1(KH - 1, TC), bold: true }, { range: range(KH, TC, KH, TC + 1), bold: true, fill: "#D9E1F2", border: true, wrap: true });
    tiers.forEach((t, j) => {
      put(K0 + j, TC, { v: t.from });
      put(K0 + j, TC + 1, { v: t.rate });
    });
    const modeRow = K0 + tiers.length;
    // The commission formulas read this table (lowest first) whatever its length.
    tierTable = { thresholds: `${abs(K0, TC)}:${abs(modeRow - 1, TC)}`, rates: `${abs(K0, TC + 1)}:${abs(modeRow - 1, TC + 1)}`, count: tiers.length };
    put(modeRow, TC, { v: w.mode });
    put(modeRow, TC + 1, { v: commission.mode === "whole" ? w.whole : w.marginal });
    put(modeRow + 1, TC, { v: w.cap });
    put(modeRow + 1, TC + 1, capDisplay !== undefined ? { v: capDisplay } : { v: w.noCap });
    if (capDisplay !== undefined) capRef = abs(modeRow + 1, TC + 1);
    formats.push({ range: range(K0, TC, modeRow - 1, TC), numFmt: "0%" });
    formats.push({ range: range(K0, TC + 1, modeRow - 1, TC + 1), numFmt: "0.0##%" });
    formats.push({ range: cellA1(modeRow + 1, TC + 1), numFmt: "#,##0.00" });
    bandsEnd = Math.max(bandsEnd, modeRow + 1);
    put(1, 0, { v: w.unitNote(unitWord) });
    formats.push({ range: "A2", italic: true, color: "#595959" });
  }
  const blockEnd = bandsEnd;
  const bandExpect = (total: number | "" | undefined): CellValue | undefined =>
    total === undefined ? undefined : bandLookup(total === "" ? null : total, bands.map((b) => ({ threshold: b.from, result: b.pays })), below);

  // ---- a single scorecard: total score and bonus on the total row
  if (single) {
    const pointCells = kpis.map((_, i) => cellA1(K0 + i, POINTS)).join(",");
    const total = totalOf(kpis.map((_, i) => scoreOf(i, null)));
    put(KT, ACTUAL, { v: w.totalScore });
    put(KT, POINTS, fcell(`IF(COUNT(${pointCells})=0,"",SUM(${pointCells}))`, total));
    formats.push({ range: range(K0, POINTS, KT, POINTS), numFmt: POINTS_FORMAT });
    if (bands.length > 0) {
      put(KT + 1, ACTUAL, { v: w.bonus });
      put(KT + 1, POINTS, fcell(bandFormula(cellA1(KT, POINTS), bandTable!), bandExpect(total)));
      formats.push({ range: cellA1(KT + 1, POINTS), numFmt: "0%", bold: true });
    }
  }

  // ---- people
  let tableRange: string | undefined;
  let headerRow = -1;
  let lastRow = -1;
  let peopleCols = 0;
  if (!single) {
    const PH = blockEnd + 2;
    headerRow = PH;
    const P0 = PH + 1;
    lastRow = P0 + people.length - 1;
    const actualCol = (i: number): number => 1 + 2 * i;
    const pointsCol = (i: number): number => 2 + 2 * i;
    const TOTAL = 1 + 2 * k;
    const BONUS = TOTAL + 1;
    const REV = BONUS + 1;
    const REVT = REV + 1;
    const REVA = REV + 2;
    const COMM = REV + 3;
    const last = commission ? COMM : BONUS;
    peopleCols = last + 1;
    put(PH, 0, { v: w.name });
    kpis.forEach((kpi, i) => {
      put(PH, actualCol(i), { v: w.actualOf(kpi.name) });
      put(PH, pointsCol(i), { v: w.pointsOf(kpi.name) });
    });
    put(PH, TOTAL, { v: w.totalScore });
    put(PH, BONUS, { v: w.bonus });
    if (commission) {
      put(PH, REV, { v: `${w.revenue} (${unitWord})` });
      put(PH, REVT, { v: `${w.revenueTarget} (${unitWord})` });
      put(PH, REVA, { v: w.revenueAttainment });
      put(PH, COMM, { v: `${w.commission} (${unitWord})` });
    }
    formats.push({ range: range(PH, 0, PH, last), bold: true, fill: "#D9E1F2", border: true, horizontal: "center", wrap: true });
    const tierList = tiers.map((t) => ({ threshold: t.from, rate: t.rate }));
    const cache = new SplitCache(plan);
    people.forEach((p, j) => {
      const r = P0 + j;
      put(r, 0, { v: p.name });
      const pts: (number | "" | undefined)[] = [];
      kpis.forEach((kpi, i) => {
        // Own keys only: a KPI id "constructor" is not Object's constructor.
        const a = p.actuals && Object.prototype.hasOwnProperty.call(p.actuals, kpi.id) ? p.actuals[kpi.id] : undefined;
        const actual = a === undefined ? null : a;
        const ref = cellA1(r, actualCol(i));
        put(r, actualCol(i), { v: actual, input: true });
        const s = scoreOf(i, actual);
        pts.push(s);
        put(r, pointsCol(i), fcell(pointsFormula(i, ref), s, liveScore(i, ref)));
      });
      const pointCells = kpis.map((_, i) => cellA1(r, pointsCol(i))).join(",");
      const total = totalOf(pts);
      put(r, TOTAL, fcell(`IF(COUNT(${pointCells})=0,"",SUM(${pointCells}))`, total));
      if (bands.length > 0) put(r, BONUS, fcell(bandFormula(cellA1(r, TOTAL), bandTable!), bandExpect(total)));
      if (commission) {
        const revenue = p.revenue === undefined || p.revenue === null ? null : toDisplay(p.revenue, scale);
        const target =
          p.revenueTarget === undefined ? null : typeof p.revenueTarget === "number" ? toDisplay(p.revenueTarget, scale) : cache.memberAmount(p.revenueTarget);
        put(r, REV, { v: revenue, input: true });
        put(r, REVT, { v: target });
        if (target !== null) {
          const revRef = cellA1(r, REV);
          const tRef = cellA1(r, REVT);
          put(r, REVA, fcell(attainFormula(revRef, tRef), revenue === null ? "" : engine(() => attainment(revenue, target))));
          put(
            r,
            COMM,
            fcell(
              commissionFormula(revRef, tRef, tierTable!, { mode: commission.mode ?? "marginal", ...(capRef !== undefined && { cap: capRef }) }),
              engine(() => commissionOf(revenue, target, tierList, { mode: commission.mode ?? "marginal", cap: capDisplay })),
            ),
          );
        }
      }
    });
    if (people.length > 0) {
      kpis.forEach((kpi, i) => {
        formats.push({ range: range(P0, actualCol(i), lastRow, actualCol(i)), numFmt: kpiFormat(kpi), locked: false, fill: "#FFFDF2" });
        formats.push({ range: range(P0, pointsCol(i), lastRow, pointsCol(i)), numFmt: POINTS_FORMAT });
      });
      formats.push({ range: range(P0, TOTAL, lastRow, TOTAL), numFmt: POINTS_FORMAT, bold: true });
      formats.push({ range: range(P0, BONUS, lastRow, BONUS), numFmt: "0%" });
      if (commission) {
        const amountFmt = amountFormat(plan.roundTo ?? 1);
        formats.push({ range: range(P0, REV, lastRow, REV), numFmt: amountFmt, locked: false, fill: "#FFFDF2" });
        formats.push({ range: range(P0, REVT, lastRow, REVT), numFmt: amountFmt });
        formats.push({ range: range(P0, REVA, lastRow, REVA), numFmt: PERCENT_FORMAT });
        formats.push({ range: range(P0, COMM, lastRow, COMM), numFmt: "#,##0.00" });
        validations.push({ range: range(P0, REV, lastRow, REV), min: 0, message: lang === "zh" ? "回款额不能为负数" : "Revenue cannot be negative" });
      }
      // Bonus colours: paying at least 100 % green, something yellow, nothing red.
      if (bands.length > 0) {
        const b = `$${colLetter(BONUS)}${P0 + 1}`;
        const bonusRange = range(P0, TOTAL, lastRow, BONUS);
        cf.push({ range: bonusRange, formula: `AND(ISNUMBER(${b}),${b}>=1)`, ...light("green") });
        cf.push({ range: bonusRange, formula: `AND(ISNUMBER(${b}),${b}>0)`, ...light("yellow") });
        cf.push({ range: bonusRange, formula: `ISNUMBER(${b})`, ...light("red") });
      }
      tableRange = range(PH, 0, lastRow, last);
    }
  }

  // A Chinese character takes about two columns of width, a Latin letter one.
  const textWidth = (t: string): number => [...t].reduce((n, ch) => n + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0);
  const kpiWidth = Math.min(30, Math.max(14, ...kpis.map((x) => textWidth(x.name) + 2)));
  const columnWidths = [kpiWidth, 9, 11, 12, 8, 8, 13, 13, 13, 11, 10, 4, 12, 10, 4, 13, 14];
  for (let c = columnWidths.length; c < peopleCols; c++) columnWidths.push(12);
  if (!single) for (let c = 1; c < peopleCols; c++) if (c !== RULE) columnWidths[c] = Math.max(columnWidths[c], 11);

  const sheet: SheetSpec = {
    name: sheetName,
    kind: "scorecard",
    rows,
    formats,
    conditionalFormats: cf,
    tables: tableRange ? [{ name: "T_Scorecard", range: tableRange, style: "TableStyleLight9" }] : [],
    validations,
    columnWidths,
    // Freeze the people's header with the definitions above it while that leaves room to scroll;
    // below an Excel table's header, Excel shows the column names in place of the letters anyway.
    freeze: single ? { rows: KH + 1, columns: 1 } : { rows: headerRow + 1 <= 14 ? headerRow + 1 : 0, columns: 1 },
    merges,
    print: { landscape: true, fitToWidth: true, ...(single ? {} : { repeatRows: `${headerRow + 1}:${headerRow + 1}` }) },
    protect: options.protect ?? false,
    note: w.note,
  };
  return { sheet, names };
}
