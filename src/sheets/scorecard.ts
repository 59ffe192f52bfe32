/**
 * The scorecard (绩效考核表): the KPIs with weight, target, direction and the rule as
 * written; the weights of each role; the bonus bands, commission tiers, annual bonus and grade
 * tables; then one row per person with each KPI's actual and points, their role, the total
 * score, the bonus band, the commission and the annual bonus in months of salary. A plan
 * without people gets a single scorecard: actual and points beside each KPI.
 *
 * Layout (1-based rows, k KPIs, r roles; side tables from column M, or after the role columns):
 * ```
 * 1        title
 * 2        (unit note)                                  Weight by role | Bonus bands | Commission tiers | Annual bonus | Grades · KPI
 * 3        header: KPI | Weight | Target | Direction | Cap | Floor | Rule (G:I) [| Actual | Points] [| role₁ … roleᵣ]
 * 4…       one row per KPI                                 (each role's weight per KPI)
 * 4+k      Total weight | SUM | Check [Check_Scorecard_Weights] [| | total score | bonus] [| SUM per role]
 * 5+k      [Role weights add to 100 | Check per role: Check_Scorecard_Role_<id>]
 *          beside them: Bonus bands: Score from | Pays (highest first), Below;
 *          Commission tiers: Attainment from | Rate (lowest first), Mode, Cap;
 *          Annual bonus: Attainment from | Months (highest first), Below, Check [Check_Scorecard_AnnualBonus];
 *          per graded KPI: Grade | Points, Check [Check_Scorecard_Grades_<id>] (stacked)
 * …        people: Name | KPI₁ actual | KPI₁ points | … [| Role] | Total score | Bonus
 *          [| Revenue | Revenue target | Revenue attainment | Commission]
 *          [| Annual sales | Annual target | Annual attainment | Monthly salary | Bonus months | Annual bonus]
 * ```
 * Points are native formulas compiled by core from each KPI's rule text
 * ({@link compileRuleFormula}, the parser of TARGET.SCORE), reading the KPI's target from its
 * row above and the weight from the KPI's row, or, with roles, from the person's role's column
 * (found by the role cell's name: a rep re-assigned by picking another role is scored by it at
 * once). A graded KPI's points read the grade picked (a drop-down of the grade table's names)
 * in its grade table. The bonus is a native step lookup equal to core's `bandLookup`, the
 * annual bonus the same lookup on the year's attainment, in months, × the monthly salary; the
 * commission a native formula equal to `commissionOf`. A person's row reads only itself and the
 * fixed KPI, role, band, tier and grade cells: 5,000 people are an ordinary sheet, and the
 * people form an Excel table a rep can filter by name.
 */
import { bandLookup } from "../core/band";
import { commissionOf } from "../core/commission";
import { attainment } from "../core/attainment";
import { scoreGrade } from "../core/grade";
import { scoreKpi } from "../core/score";
import { PERCENT_FORMAT, WEIGHT_FORMAT, amountFormat, cellA1, colLetter } from "./formulas";
import { sanitizeSheetName } from "./names";
import { checkName } from "./names";
import {
  type BandTableRef,
  type GradeTableRef,
  type TierTableRef,
  attainFormula,
  bandFormula,
  commissionFormula,
  compileRuleFormula,
  formulaText,
  gradePointsFormula,
  monthsOfSalaryFormula,
  roleWeightFormula,
} from "./native";
import { SplitCache } from "./plan-cache";
import { type Kpi, type Plan, gradeOnSheet, kpiGrades, planScale, roleWeights, toDisplay } from "./plan";
import type { CellSpec, CellValue, ConditionalFormatSpec, FormatSpec, NameSpec, SheetSpec, ValidationSpec } from "./spec";
import { LIGHT, type SheetOptions } from "./tracking";

/** Stands in for a person's actual cell in a compiled rule (a name no formula uses otherwise). */
const ACTUAL_STAND_IN = "TP_ACTUAL_CELL";
/** Stands in for the weight a person is scored with (the KPI's, or their role's). */
const POINTS_STAND_IN = "TP_POINTS_CELL";

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
    note: "Points are native formulas compiled from each KPI's rule (the same reading as TARGET.SCORE); to change a rule, change the plan and rebuild. Type actuals and revenue; a blank actual scores nothing yet; a graded KPI takes a grade picked from its list, and a person's role picks the weights they are scored with. The bonus, commission and annual bonus read the band, tier and annual tables: keep bands highest first and tiers lowest first when you edit them.",
    checkComment: "Scorecard: the KPI weights add up to 100",
    graded: "graded",
    gradedRule: (grades: string, top: string) => `Pick a grade (${grades}); points = grade × weight ÷ ${top}`,
    rolesTitle: "Weight by role",
    roleCheck: "Role weights add to 100",
    roleCheckComment: (role: string) => `Scorecard: role ${role}'s weights add up to 100`,
    role: "Role",
    roleMessage: "Pick a role from the list (blank: the KPIs' own weights)",
    gradesTitle: (kpi: string) => `Grades · ${kpi}`,
    grade: "Grade",
    gradePoints: "Points",
    gradeMessage: "Pick a grade from the list",
    tableCheck: "Table complete",
    gradesCheckComment: (kpi: string) => `Scorecard: the grades of ${kpi} all have points, at least 0, the top above 0, and names`,
    annualTitle: "Annual bonus (months of salary)",
    annualFrom: "Attainment from",
    months: "Months",
    annualCheckComment: "Scorecard: the annual bonus table is complete, highest first, no negative months",
    annualActual: (u: string) => `Annual sales (${u})`,
    annualTarget: (u: string) => `Annual target (${u})`,
    annualAttainment: "Annual attainment",
    monthlySalary: "Monthly salary (元)",
    bonusMonths: "Bonus months",
    annualBonus: "Annual bonus (元)",
    notNegative: "Cannot be negative",
    salaryNote: " Salaries and the annual bonus in 元.",
    salesUnitNote: (u: string) => `Sales and targets in ${u}.`,
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
    note: "得分为原生公式，由各指标的评分规则编译而成（与 TARGET.SCORE 的解读相同）；修改规则请修改计划后重新生成。填写实际数与回款额；实际为空时暂不计分；评等级的指标从列表中选择等级，人员的岗位决定其计分权重。奖金、提成与年终奖读取档位表：修改时请保持奖金档位从高到低、提成档位从低到高排列。",
    checkComment: "绩效考核表：各指标权重合计为 100",
    graded: "评等级",
    gradedRule: (grades: string, top: string) => `选择等级（${grades}），得分 = 等级分 × 权重 ÷ ${top}`,
    rolesTitle: "岗位权重",
    roleCheck: "岗位权重合计为100",
    roleCheckComment: (role: string) => `绩效考核表：岗位“${role}”的权重合计为 100`,
    role: "岗位",
    roleMessage: "请从列表中选择岗位（留空：按指标自身权重）",
    gradesTitle: (kpi: string) => `${kpi} · 评分等级`,
    grade: "等级",
    gradePoints: "分值",
    gradeMessage: "请从列表中选择等级",
    tableCheck: "表格完整",
    gradesCheckComment: (kpi: string) => `绩效考核表：“${kpi}”的各等级都有名称和不小于 0 的分值，最高分大于 0`,
    annualTitle: "年终奖（月工资倍数）",
    annualFrom: "达成率不低于",
    months: "月数",
    annualCheckComment: "绩效考核表：年终奖档位完整、从高到低排列、月数不为负",
    annualActual: (u: string) => `年度销售额（${u}）`,
    annualTarget: (u: string) => `年度目标（${u}）`,
    annualAttainment: "年度达成率",
    monthlySalary: "月工资（元）",
    bonusMonths: "年终奖月数",
    annualBonus: "年终奖（元）",
    notNegative: "不能为负数",
    salaryNote: "月工资与年终奖单位：元。",
    salesUnitNote: (u: string) => `销售额与目标单位：${u}。`,
  },
};

/**
 * A number format for a KPI's values. Counts are "General" (12, 85.5): a format like
 * `#,##0.##` shows a whole number with a bare point in Excel ("12.").
 */
function kpiFormat(k: Kpi): string {
  if (k.grades !== undefined) return "General";
  return k.format === "percent" ? PERCENT_FORMAT : k.format === "amount" ? "#,##0" : WEIGHT_FORMAT;
}

/** A text's width in columns: a Chinese character takes about two, a Latin letter one. */
const textWidth = (t: string): number => [...t].reduce((n, ch) => n + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0);

/** What the rule's merged cell (G:I, 13 + 13 + 13 wide) shows on one line, with a margin. */
const RULE_WIDTH = 36;

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
 * @returns the sheet, its defined names (`Check_Scorecard_Weights`), and where its people sit (with people)
 * @throws Error when the plan has no scorecard
 * @example
 * const { sheet } = buildScorecardSheet(seedPlan, { lang: "zh" });
 * // 张伟's points for 销售额完成率 (103 % against 100 %, "每超1%加0.5分,每低1%扣1分"), row 12:
 * sheet.rows[11][2] // { f: 'IF(B12="","",MAX(0,IF(ABS(B12-$C$4)<=…,$B$4,IF(B12>$C$4,$B$4+INT(…)*0.5,$B$4-INT(…)*1))))', expect: 41.5, live: … }
 */
export function buildScorecardSheet(plan: Plan, options: SheetOptions): { sheet: SheetSpec; names: NameSpec[]; layout?: ScorecardPeopleLayout } {
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
  const roles = sc.roles ?? [];
  const R = roles.length;
  const annual = sc.annualBonus;
  const annualBands = annual ? [...annual.bands].sort((a, b) => a.from - b.from) : [];
  const annualBelow = annual?.below ?? 0;
  /** Each KPI's grades on this sheet (undefined when the KPI is not graded). */
  const gradesOf = kpis.map((kpi) => kpiGrades(kpi, lang));
  const graded = kpis.map((_, i) => i).filter((i) => gradesOf[i] !== undefined);

  const rows: (CellSpec | null)[][] = [];
  const formats: FormatSpec[] = [];
  const cf: ConditionalFormatSpec[] = [];
  const validations: ValidationSpec[] = [];
  const merges: string[] = [];
  const rowHeights: { row: number; points: number }[] = [];
  const names: NameSpec[] = [];
  const taken = new Set<string>(["check_scorecard_weights"]);
  const sheetName = sanitizeSheetName(sc.name ?? w.sheet);
  const light = (c: "green" | "yellow" | "red") => ({ fill: LIGHT[c].fill, color: LIGHT[c].color });
  const put = (r: number, c: number, cell: CellSpec | null): void => {
    while (rows.length <= r) rows.push([]);
    const row = rows[r];
    while (row.length <= c) row.push(null);
    row[c] = cell;
  };
  /** A check cell: its formula and the engine's value, its Check_ name, red when FALSE. */
  const check = (r: number, c: number, f: string, ok: boolean, parts: string[], comment: string): void => {
    put(r, c, fcell(f, ok));
    names.push({ name: checkName(parts, taken), sheet: sheetName, ref: cellA1(r, c), comment });
    cf.push({ range: cellA1(r, c), formula: `${cellA1(r, c)}=FALSE`, ...light("red"), bold: true });
  };
  const headerStyle = { bold: true, fill: "#D9E1F2", border: true, wrap: true } as const;

  // ---- title
  put(0, 0, { v: sc.name ?? `${plan.title} · ${w.sheet}` });
  formats.push({ range: "A1", bold: true });

  // ---- columns: the KPIs' (A:I, then actual and points on a single scorecard), the roles', the side tables'
  const KH = 2; // header row (0-based); row 1 holds the tables' titles
  const K0 = KH + 1; // first KPI row
  // The rule text reads across G:I (merged), so the people below keep narrow columns.
  const [KPI, WEIGHT, TARGET, DIR, CAP, FLOOR, RULE, ACTUAL, POINTS] = [0, 1, 2, 3, 4, 5, 6, 9, 10];
  const RC0 = single ? 11 : 9; // the first role column
  const roleCol = (j: number): number => RC0 + j;
  // The side tables: bands at M and tiers at P as always, moved right past the role columns.
  const BC = Math.max(12, R > 0 ? RC0 + R + 1 : 12);
  const TC = BC + 3;
  let nextSide = commission ? TC + 3 : bands.length > 0 ? BC + 3 : BC;
  const AC = nextSide; // the annual bonus table
  if (annual) nextSide += 3;
  const GC = nextSide; // the grade tables, stacked

  // ---- KPIs
  const kpiHeader = [w.kpi, w.weight, w.target, w.direction, w.cap, w.floor, w.rule, null, null, ...(single ? [w.actual, w.points] : [])];
  kpiHeader.forEach((h, c) => put(KH, c, h === null ? null : { v: h }));
  merges.push(range(KH, RULE, KH, RULE + 2));
  formats.push({ range: range(KH, 0, KH, kpiHeader.length - 1), ...headerStyle, horizontal: "center" });
  const KT = K0 + k; // the total-weight row
  const roleHeader = R > 0 ? `${abs(KH, roleCol(0))}:${abs(KH, roleCol(R - 1))}` : "";
  /** The weight a person's points read: the KPI's, or with roles the one their role cell picks. */
  const weightExpr = (i: number, roleRef: string | undefined): string =>
    roleRef === undefined ? abs(K0 + i, WEIGHT) : roleWeightFormula(roleRef, abs(K0 + i, WEIGHT), `${abs(K0 + i, roleCol(0))}:${abs(K0 + i, roleCol(R - 1))}`, roleHeader);

  // The grade tables (stacked from GC), laid out first: the KPIs' points formulas read them.
  const gradeTables: (GradeTableRef | undefined)[] = kpis.map(() => undefined);
  let gradesEnd = KT;
  {
    let top = KH - 1; // each table: title, header, its grades, a check; one row apart
    for (const i of graded) {
      const grades = gradesOf[i]!;
      const first = top + 2;
      const last = first + grades.length - 1;
      put(top, GC, { v: w.gradesTitle(kpis[i].name) });
      put(top + 1, GC, { v: w.grade });
      put(top + 1, GC + 1, { v: w.gradePoints });
      formats.push({ range: cellA1(top, GC), bold: true }, { range: range(top + 1, GC, top + 1, GC + 1), ...headerStyle });
      grades.forEach((g, j) => {
        put(first + j, GC, { v: g.name });
        put(first + j, GC + 1, { v: g.points });
      });
      formats.push({ range: range(first, GC + 1, last, GC + 1), numFmt: WEIGHT_FORMAT });
      const table = { names: `${abs(first, GC)}:${abs(last, GC)}`, points: `${abs(first, GC + 1)}:${abs(last, GC + 1)}` };
      gradeTables[i] = table;
      // Every grade named and pointed, no points below 0, the top above 0: what the points formulas divide by.
      const n = grades.length;
      put(last + 1, GC, { v: w.tableCheck });
      check(
        last + 1,
        GC + 1,
        `AND(COUNT(${table.points})=${n},MIN(${table.points})>=0,MAX(${table.points})>0,SUMPRODUCT((${table.names}<>"")*1)=${n})`,
        true,
        ["Scorecard", "Grades", kpis[i].id],
        w.gradesCheckComment(kpis[i].name),
      );
      gradesEnd = Math.max(gradesEnd, last + 1);
      top = last + 3;
    }
  }

  // Each KPI's rule is compiled once, with stand-ins for the actual's cell and the weight that
  // each person's row replaces (5,000 people do not parse and compile a rule 5,000 times).
  const templates = kpis.map((kpi, i) =>
    gradesOf[i] !== undefined
      ? undefined
      : compileRuleFormula(kpi.rule, {
          actual: ACTUAL_STAND_IN,
          target: abs(K0 + i, TARGET),
          points: POINTS_STAND_IN,
          ...(kpi.cap !== undefined && { cap: kpi.cap }),
          ...(kpi.floor !== undefined && { floor: kpi.floor }),
          direction: kpi.direction ?? "higher",
        })
          .split(ACTUAL_STAND_IN)
          .map((part) => part.split(POINTS_STAND_IN)),
  );
  /** The points formula of KPI `i` for an actual in `actualRef`, scored with the weight `weight` (a cell or formula). */
  const pointsFormula = (i: number, actualRef: string, weight: string): string => {
    const table = gradeTables[i];
    if (table) return gradePointsFormula(actualRef, table, weight);
    return templates[i]!.map((part) => part.join(weight)).join(actualRef);
  };
  const liveScore = (i: number, actualRef: string, weight: string): string | undefined => {
    const kpi = kpis[i];
    if (gradesOf[i] !== undefined) return undefined; // no TARGET function grades; the native formula is the one
    const parts = [actualRef, abs(K0 + i, TARGET), weight, kpi.rule !== undefined ? formulaText(kpi.rule) : "", kpi.cap ?? "", kpi.floor ?? "", kpi.direction === "lower" ? '"lower"' : ""];
    while (parts.length > 3 && parts[parts.length - 1] === "") parts.pop();
    return `TARGET.SCORE(${parts.join(",")})`;
  };
  /** The engine's points for KPI `i`: a number or null actual (a grade's name for a graded KPI) with `weight`. */
  const scoreOf = (i: number, actual: number | string | null, weight: number): number | "" | undefined => {
    const kpi = kpis[i];
    const grades = gradesOf[i];
    if (grades !== undefined) return engine(() => scoreGrade(typeof actual === "string" ? actual : null, grades, weight));
    if (typeof actual === "string") return undefined;
    return engine(() => scoreKpi(actual, kpi.target ?? NaN, weight, { rule: kpi.rule, cap: kpi.cap, floor: kpi.floor, direction: kpi.direction ?? "higher" }));
  };
  kpis.forEach((kpi, i) => {
    const r = K0 + i;
    const grades = gradesOf[i];
    put(r, KPI, { v: kpi.name });
    put(r, WEIGHT, { v: kpi.weight });
    put(r, TARGET, kpi.target !== undefined ? { v: kpi.target } : null);
    put(r, DIR, { v: grades ? w.graded : kpi.direction === "lower" ? w.lower : w.higher });
    const ruleText = grades ? w.gradedRule(grades.map((g) => `${g.name} ${fmtNumber(g.points)}`).join(lang === "zh" ? "、" : ", "), fmtNumber(Math.max(...grades.map((g) => g.points)))) : (kpi.rule ?? w.noRule);
    put(r, RULE, { v: ruleText });
    merges.push(range(r, RULE, r, RULE + 2));
    // A rule longer than its merged cell wraps; neither Excel nor LibreOffice grows a merged row by itself.
    const lines = Math.ceil(textWidth(ruleText) / RULE_WIDTH);
    if (lines > 1) rowHeights.push({ row: r + 1, points: Math.min(409, 15 * lines + 1) });
    put(r, CAP, kpi.cap !== undefined ? { v: kpi.cap } : null);
    put(r, FLOOR, kpi.floor !== undefined ? { v: kpi.floor } : null);
    formats.push({ range: cellA1(r, TARGET), numFmt: kpiFormat(kpi) });
    if (single) {
      const ref = cellA1(r, ACTUAL);
      put(r, ACTUAL, { v: null, input: true });
      put(r, POINTS, fcell(pointsFormula(i, ref, abs(r, WEIGHT)), scoreOf(i, null, kpi.weight), liveScore(i, ref, abs(r, WEIGHT))));
      formats.push({ range: ref, numFmt: kpiFormat(kpi), locked: false, fill: "#FFFDF2" });
      if (gradeTables[i]) validations.push({ range: ref, source: gradeTables[i]!.names, message: w.gradeMessage });
    }
  });
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

  // ---- roles: a column of weights per role beside the KPIs, its sum and its check
  const weightsOf = new Map(roles.map((role) => [role.id, roleWeights(sc, role)]));
  if (R > 0) {
    put(KH - 1, roleCol(0), { v: w.rolesTitle });
    formats.push({ range: cellA1(KH - 1, roleCol(0)), bold: true });
    put(KT + 1, RULE, { v: w.roleCheck });
    formats.push({ range: cellA1(KT + 1, RULE), italic: true, horizontal: "right" });
    roles.forEach((role, j) => {
      const c = roleCol(j);
      const ws = weightsOf.get(role.id)!;
      put(KH, c, { v: role.name });
      ws.forEach((x, i) => put(K0 + i, c, { v: x }));
      const col = range(K0, c, KT - 1, c);
      const sum = ws.reduce((a, b) => a + b, 0);
      put(KT, c, fcell(`SUM(${col})`, sum));
      check(KT + 1, c, `ABS(SUM(${col})-100)<=1E-9*100`, Math.abs(sum - 100) <= 1e-9 * 100, ["Scorecard", "Role", role.id], w.roleCheckComment(role.name));
    });
    formats.push({ range: range(KH, roleCol(0), KH, roleCol(R - 1)), ...headerStyle, horizontal: "center" });
    formats.push({ range: range(K0, roleCol(0), KT, roleCol(R - 1)), numFmt: WEIGHT_FORMAT });
    formats.push({ range: range(KT, roleCol(0), KT, roleCol(R - 1)), bold: true, border: true });
  }

  // ---- bands and tiers: two small tables beside the KPIs (so the people's header stays near the top)
  let bandTable: BandTableRef | undefined;
  let bandsEnd = Math.max(KT + (R > 0 ? 1 : 0), gradesEnd);
  if (bands.length > 0) {
    put(KH - 1, BC, { v: w.bands });
    put(KH, BC, { v: w.scoreFrom });
    put(KH, BC + 1, { v: w.pays });
    formats.push({ range: cellA1(KH - 1, BC), bold: true }, { range: range(KH, BC, KH, BC + 1), ...headerStyle });
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
    formats.push({ range: cellA1(KH - 1, TC), bold: true }, { range: range(KH, TC, KH, TC + 1), ...headerStyle });
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
  }
  if (commission || annual) {
    put(1, 0, { v: (commission ? w.unitNote(unitWord) : w.salesUnitNote(unitWord)) + (annual ? w.salaryNote : "") });
    formats.push({ range: "A2", italic: true, color: "#595959" });
  }

  // ---- the annual bonus: months of salary by the year's attainment (highest first, "below" under it)
  let annualTable: BandTableRef | undefined;
  if (annual) {
    put(KH - 1, AC, { v: w.annualTitle });
    put(KH, AC, { v: w.annualFrom });
    put(KH, AC + 1, { v: w.months });
    formats.push({ range: cellA1(KH - 1, AC), bold: true }, { range: range(KH, AC, KH, AC + 1), ...headerStyle });
    annualBands
      .slice()
      .reverse()
      .forEach((b, j) => {
        put(K0 + j, AC, { v: b.from });
        put(K0 + j, AC + 1, { v: b.months });
      });
    const n = annualBands.length;
    const belowRow = K0 + n;
    put(belowRow, AC, { v: w.below });
    put(belowRow, AC + 1, { v: annualBelow });
    const thresholds = `${abs(K0, AC)}:${abs(belowRow - 1, AC)}`;
    const months = `${abs(K0, AC + 1)}:${abs(belowRow, AC + 1)}`;
    annualTable = { thresholds, results: months, count: n };
    formats.push({ range: range(K0, AC, belowRow - 1, AC), numFmt: "0%" }, { range: range(K0, AC + 1, belowRow, AC + 1), numFmt: WEIGHT_FORMAT });
    // Every threshold and month there, highest first (the lookup counts the thresholds reached), no negative months.
    const order = n > 1 ? `,SUMPRODUCT((${abs(K0, AC)}:${abs(belowRow - 2, AC)}<=${abs(K0 + 1, AC)}:${abs(belowRow - 1, AC)})*1)=0` : "";
    put(belowRow + 1, AC, { v: w.tableCheck });
    check(belowRow + 1, AC + 1, `AND(COUNT(${thresholds})=${n},COUNT(${months})=${n + 1},MIN(${months})>=0${order})`, true, ["Scorecard", "AnnualBonus"], w.annualCheckComment);
    bandsEnd = Math.max(bandsEnd, belowRow + 1);
  }
  const blockEnd = bandsEnd;
  const bandExpect = (total: number | "" | undefined): CellValue | undefined =>
    total === undefined ? undefined : bandLookup(total === "" ? null : total, bands.map((b) => ({ threshold: b.from, result: b.pays })), below);

  // ---- a single scorecard: total score and bonus on the total row
  if (single) {
    const pointCells = kpis.map((_, i) => cellA1(K0 + i, POINTS)).join(",");
    const total = totalOf(kpis.map((kpi, i) => scoreOf(i, null, kpi.weight)));
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
  const annualPeopleCols: number[] = [];
  let layout: ScorecardPeopleLayout | undefined;
  if (!single) {
    const PH = blockEnd + 2;
    headerRow = PH;
    const P0 = PH + 1;
    lastRow = P0 + people.length - 1;
    // Name | actual, points per KPI (columns 1…2k, where My targets reads them) | role | total | bonus | commission | annual bonus
    const actualCol = (i: number): number => 1 + 2 * i;
    const pointsCol = (i: number): number => 2 + 2 * i;
    const ROLE = R > 0 ? 1 + 2 * k : -1;
    const TOTAL = 1 + 2 * k + (R > 0 ? 1 : 0);
    const BONUS = TOTAL + 1;
    const REV = BONUS + 1;
    const REVT = REV + 1;
    const REVA = REV + 2;
    const COMM = REV + 3;
    const A0 = commission ? COMM + 1 : BONUS + 1; // the annual bonus's columns
    const [AACT, ATGT, AATT, SAL, AMON, AAMT] = [A0, A0 + 1, A0 + 2, A0 + 3, A0 + 4, A0 + 5];
    const last = annual ? AAMT : commission ? COMM : BONUS;
    if (annual) annualPeopleCols.push(AACT, ATGT, AATT, SAL, AMON, AAMT);
    peopleCols = last + 1;
    layout = { headerRow: PH, firstRow: P0, actualCols: kpis.map((_, i) => actualCol(i)), pointsCols: kpis.map((_, i) => pointsCol(i)), total: TOTAL, bonus: BONUS, last, ...(commission ? { revenue: REV, revenueTarget: REVT, attainment: REVA, commission: COMM } : {}) };
    put(PH, 0, { v: w.name });
    kpis.forEach((kpi, i) => {
      put(PH, actualCol(i), { v: w.actualOf(kpi.name) });
      put(PH, pointsCol(i), { v: w.pointsOf(kpi.name) });
    });
    if (R > 0) put(PH, ROLE, { v: w.role });
    put(PH, TOTAL, { v: w.totalScore });
    put(PH, BONUS, { v: w.bonus });
    if (commission) {
      put(PH, REV, { v: `${w.revenue} (${unitWord})` });
      put(PH, REVT, { v: `${w.revenueTarget} (${unitWord})` });
      put(PH, REVA, { v: w.revenueAttainment });
      put(PH, COMM, { v: `${w.commission} (${unitWord})` });
    }
    if (annual) {
      put(PH, AACT, { v: w.annualActual(unitWord) });
      put(PH, ATGT, { v: w.annualTarget(unitWord) });
      put(PH, AATT, { v: w.annualAttainment });
      put(PH, SAL, { v: w.monthlySalary });
      put(PH, AMON, { v: w.bonusMonths });
      put(PH, AAMT, { v: w.annualBonus });
    }
    formats.push({ range: range(PH, 0, PH, last), ...headerStyle, horizontal: "center" });
    const tierList = tiers.map((t) => ({ threshold: t.from, rate: t.rate }));
    const annualList = annualBands.map((b) => ({ threshold: b.from, result: b.months }));
    const cache = new SplitCache(plan);
    const roleById = new Map(roles.map((role) => [role.id, role]));
    const displayTarget = (t: number | { split: string; member?: string } | undefined): number | null =>
      t === undefined ? null : typeof t === "number" ? toDisplay(t, scale) : cache.memberAmount({ split: t.split, ...(t.member !== undefined && { member: t.member }) });
    people.forEach((p, j) => {
      const r = P0 + j;
      put(r, 0, { v: p.name });
      const role = p.role !== undefined ? roleById.get(p.role) : undefined;
      const roleRef = R > 0 ? cellA1(r, ROLE) : undefined;
      if (R > 0) put(r, ROLE, { v: role ? role.name : null, input: true });
      const weights = role ? weightsOf.get(role.id)! : kpis.map((x) => x.weight);
      const pts: (number | "" | undefined)[] = [];
      kpis.forEach((kpi, i) => {
        // Own keys only: a KPI id "constructor" is not Object's constructor.
        const a = p.actuals && Object.prototype.hasOwnProperty.call(p.actuals, kpi.id) ? p.actuals[kpi.id] : undefined;
        const actual = a === undefined ? null : typeof a === "string" && gradesOf[i] ? (gradeOnSheet(kpi, a, lang) ?? a) : a;
        const ref = cellA1(r, actualCol(i));
        put(r, actualCol(i), { v: actual, input: true });
        const s = scoreOf(i, actual, weights[i]);
        pts.push(s);
        const weight = weightExpr(i, roleRef);
        put(r, pointsCol(i), fcell(pointsFormula(i, ref, weight), s, liveScore(i, ref, weight)));
      });
      const pointCells = kpis.map((_, i) => cellA1(r, pointsCol(i))).join(",");
      const total = totalOf(pts);
      put(r, TOTAL, fcell(`IF(COUNT(${pointCells})=0,"",SUM(${pointCells}))`, total));
      if (bands.length > 0) put(r, BONUS, fcell(bandFormula(cellA1(r, TOTAL), bandTable!), bandExpect(total)));
      if (commission) {
        const revenue = p.revenue === undefined || p.revenue === null ? null : toDisplay(p.revenue, scale);
        const target = displayTarget(p.revenueTarget);
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
      if (annual) {
        const actual = p.annualActual === undefined || p.annualActual === null ? null : toDisplay(p.annualActual, scale);
        const target = displayTarget(p.annualTarget);
        const salary = p.monthlySalary === undefined || p.monthlySalary === null ? null : p.monthlySalary;
        put(r, AACT, { v: actual, input: true });
        put(r, ATGT, { v: target });
        put(r, SAL, { v: salary, input: true });
        if (target !== null) {
          const att = actual === null ? "" : engine(() => attainment(actual, target));
          const months = att === undefined ? undefined : bandLookup(att === "" ? null : att, annualList, annualBelow);
          put(r, AATT, fcell(attainFormula(cellA1(r, AACT), cellA1(r, ATGT)), att));
          put(r, AMON, fcell(bandFormula(cellA1(r, AATT), annualTable!), months));
          const amount = months === undefined ? undefined : months === "" || salary === null ? "" : (months as number) * salary;
          put(r, AAMT, fcell(monthsOfSalaryFormula(cellA1(r, AMON), cellA1(r, SAL)), amount));
        }
      }
    });
    if (people.length > 0) {
      const column = (c: number): string => range(P0, c, lastRow, c);
      kpis.forEach((kpi, i) => {
        formats.push({ range: column(actualCol(i)), numFmt: kpiFormat(kpi), locked: false, fill: "#FFFDF2" });
        formats.push({ range: column(pointsCol(i)), numFmt: POINTS_FORMAT });
        if (gradeTables[i]) validations.push({ range: column(actualCol(i)), source: gradeTables[i]!.names, message: w.gradeMessage });
      });
      if (R > 0) {
        formats.push({ range: column(ROLE), locked: false, fill: "#FFFDF2" });
        validations.push({ range: column(ROLE), source: roleHeader, message: w.roleMessage });
      }
      formats.push({ range: column(TOTAL), numFmt: POINTS_FORMAT, bold: true });
      formats.push({ range: column(BONUS), numFmt: "0%" });
      if (commission) {
        const amountFmt = amountFormat(plan.roundTo ?? 1);
        formats.push({ range: column(REV), numFmt: amountFmt, locked: false, fill: "#FFFDF2" });
        formats.push({ range: column(REVT), numFmt: amountFmt });
        formats.push({ range: column(REVA), numFmt: PERCENT_FORMAT });
        formats.push({ range: column(COMM), numFmt: "#,##0.00" });
        validations.push({ range: column(REV), min: 0, message: lang === "zh" ? "回款额不能为负数" : "Revenue cannot be negative" });
      }
      if (annual) {
        const amountFmt = amountFormat(plan.roundTo ?? 1);
        formats.push({ range: column(AACT), numFmt: amountFmt, locked: false, fill: "#FFFDF2" });
        formats.push({ range: column(ATGT), numFmt: amountFmt });
        formats.push({ range: column(AATT), numFmt: PERCENT_FORMAT });
        formats.push({ range: column(SAL), numFmt: "#,##0", locked: false, fill: "#FFFDF2" });
        formats.push({ range: column(AMON), numFmt: WEIGHT_FORMAT });
        formats.push({ range: column(AAMT), numFmt: "#,##0", bold: true });
        validations.push({ range: column(AACT), min: 0, message: w.notNegative }, { range: column(SAL), min: 0, message: w.notNegative });
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

  // ---- columns
  const kpiWidth = Math.min(30, Math.max(14, ...kpis.map((x) => textWidth(x.name) + 2)));
  const columnWidths = [kpiWidth, 9, 11, 12, 8, 8, 13, 13, 13, 11, 10, 4, 12, 10, 4, 13, 14];
  const widen = (c: number, width: number): void => {
    while (columnWidths.length <= c) columnWidths.push(4);
    columnWidths[c] = width;
  };
  roles.forEach((role, j) => widen(roleCol(j), Math.min(16, Math.max(10, textWidth(role.name) + 2))));
  if (R > 0) {
    widen(BC - 1, 4);
    for (const [c, width] of [[BC, 12], [BC + 1, 10], [BC + 2, 4], [TC, 13], [TC + 1, 14]] as const) widen(c, width);
  }
  if (annual) for (const [c, width] of [[AC, 13], [AC + 1, 10], [AC + 2, 4]] as const) widen(c, width);
  if (graded.length > 0) {
    widen(GC, Math.min(24, Math.max(12, ...graded.flatMap((i) => gradesOf[i]!.map((g) => textWidth(g.name) + 2)))));
    widen(GC + 1, 10);
  }
  for (let c = columnWidths.length; c < peopleCols; c++) columnWidths.push(12);
  if (!single) for (let c = 1; c < peopleCols; c++) if (c !== RULE) columnWidths[c] = Math.max(columnWidths[c], 11);
  // The annual bonus's headers name their unit: "年终奖（元）", "Monthly salary (元)".
  for (const c of annualPeopleCols) columnWidths[c] = Math.max(columnWidths[c], 14);

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
    ...(rowHeights.length > 0 && { rowHeights }),
    print: { landscape: true, fitToWidth: true, ...(single ? {} : { repeatRows: `${headerRow + 1}:${headerRow + 1}` }) },
    protect: options.protect ?? false,
    note: w.note,
  };
  // The weights' check first, as always, then the roles', the annual bonus's and the grades'.
  const order = (n: NameSpec): number => (n.name === "Check_Scorecard_Weights" ? 0 : n.name.startsWith("Check_Scorecard_Role_") ? 1 : n.name.startsWith("Check_Scorecard_AnnualBonus") ? 2 : 3);
  names.sort((a, b) => order(a) - order(b));
  return { sheet, names, ...(layout ? { layout } : {}) };
}

/** Where a scorecard's people sit (0-based rows and columns): what a sheet built on it fills in. */
export interface ScorecardPeopleLayout {
  headerRow: number;
  firstRow: number;
  /** Each KPI's actual and points column. */
  actualCols: number[];
  pointsCols: number[];
  total: number;
  bonus: number;
  /** The last column of the people's table. */
  last: number;
  /** With commission: revenue, its target, attainment and commission. */
  revenue?: number;
  revenueTarget?: number;
  attainment?: number;
  commission?: number;
}

/** A number as a rule's text shows it: 10, 8.5. */
function fmtNumber(n: number): string {
  return String(Number(n.toPrecision(10)));
}
