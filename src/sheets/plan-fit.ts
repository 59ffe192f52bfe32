/**
 * Whether a plan fits in the sheets: the checks `validatePlan` makes besides the schema and
 * the cross-references, about what Excel can hold rather than what the plan means. A plan that passes them builds sheets where no cell shows `#NUM!` or `#DIV/0!`
 * and every formula is within Excel's limits:
 * - numbers up to 10^15: Excel keeps 15 significant digits, and sums and products of larger
 *   amounts overflow into `#NUM!` (a total of 1e308);
 * - rounding units of 0 (exact) or at least 1e-9, with at most 10^15 units in a total (a
 *   `roundTo` of 1e-300 counts more units than a double can hold);
 * - a KPI rule compiles to a formula of at most 8,192 characters ("Excel specifications and
 *   limits": "Length of formula contents: 8,192 characters"); bands, tiers and grids are read
 *   from their tables, so only a rule's own length can reach it;
 * - a zero target where the sheet would divide by it: a commission's revenue target taken
 *   from a member whose amount is 0, a KPI rule with `%` steps on a target of 0. (A
 *   tracking row whose target is 0 shows a dash instead: see the tracking sheet.)
 * Messages say what to change, in English and Chinese, with the JSON path.
 */
import { compileRuleFormula } from "../core/rule-formula";
import { roleWeightFormula } from "./native";
import { parseScoringRule } from "../core/score";
import { type Plan, type PlanProblem, jsonPath, planScale, planTotal } from "./plan";
import { SplitCache } from "./plan-cache";

/** The largest number a plan may hold (in magnitude). */
export const MAX_PLAN_NUMBER = 1e15;
/** The smallest positive rounding unit (the formulas round to at most 9 decimals). */
export const MIN_ROUNDING_UNIT = 1e-9;
/** Most characters in an Excel formula (without the leading "="). */
export const MAX_FORMULA_LENGTH = 8192;

/**
 * The longest references a scorecard's points formula can hold: a person's actual (column
 * CV, the 50th KPI's actual, on Excel's last row) and a KPI's target and weight (row 53, the
 * 50th KPI). A rule that fits with these fits wherever the scorecard puts it.
 */
const WIDEST_REFS = { actual: "CV1048576", target: "$C$53", points: "$B$53" };
/**
 * With role templates, the weight a person's points formula reads: the role's weight found by
 * the person's role cell (column CX, after the 50th KPI's points) among 20 role columns (J:AC).
 */
const WIDEST_ROLE_POINTS = roleWeightFormula("CX1048576", "$B$53", "$J$53:$AC$53", "$J$3:$AC$3");

const problem = (path: PropertyKey[] | string, en: string, zh: string): PlanProblem => ({ path: typeof path === "string" ? path : jsonPath(path), message: { en, zh } });

/** A number as planners write it: 1,000,000 (or 1e+308 when it is that large). */
const show = (n: number): string => (Math.abs(n) < 1e21 ? n.toLocaleString("en-US", { maximumFractionDigits: 20 }) : String(n));

/**
 * What in a plan Excel cannot hold, before any number is worked out: numbers beyond 10^15,
 * rounding units, rules too long for a formula. (Checked first: the engine's own messages
 * about such numbers — a grid "off by Infinity" — would only puzzle.)
 * @param plan - a plan the schema accepted
 * @returns the problems, each with its JSON path and a message in English and Chinese
 * @example planFitProblems({ title: "x", year: 2025, total: 1e308 })[0].path // "total"
 */
export function planFitProblems(plan: Plan): PlanProblem[] {
  const out: PlanProblem[] = [];
  numberProblems(plan, [], out);
  if (out.length === 0 && plan.total === undefined && plan.lastYear && Math.abs(planTotal(plan)) > MAX_PLAN_NUMBER) {
    out.push(tooLarge(["lastYear", "growth"], planTotal(plan), "the total it gives"));
  }
  roundingProblems(plan, out);
  ruleProblems(plan, out);
  return out;
}

/**
 * The zero targets the sheets would divide by (#DIV/0!): `%` steps on a KPI target of 0, a
 * commission's revenue target taken from a member whose amount is 0.
 * @param plan - a plan that passed every other check (its splits resolve)
 * @returns the problems, each with its JSON path and a message in English and Chinese
 */
export function zeroTargetProblems(plan: Plan): PlanProblem[] {
  const out: PlanProblem[] = [];
  zeroTargets(plan, out);
  return out;
}

function tooLarge(path: PropertyKey[], x: number, what = ""): PlanProblem {
  const of = what ? ` (${what})` : "";
  return problem(
    path,
    `is ${show(x)}${of}: numbers in a plan go up to 10^15 (1,000,000,000,000,000); beyond that Excel keeps no whole units and its sums overflow (#NUM!)`,
    `为 ${show(x)}${what ? "（由此得出的总额）" : ""}：计划中的数字最大为 10^15（1,000,000,000,000,000）；更大的数 Excel 无法精确到个位，求和会溢出（#NUM!）`,
  );
}

/**
 * Every number of the plan within ±10^15, wherever it is — but a grid's seed, which only
 * gives the grid its shape (any scale) and never reaches a cell.
 */
function numberProblems(x: unknown, path: PropertyKey[], out: PlanProblem[]): void {
  if (typeof x === "number") {
    if (Math.abs(x) > MAX_PLAN_NUMBER) out.push(tooLarge(path, x));
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => numberProblems(v, [...path, i], out));
  } else if (typeof x === "object" && x !== null) {
    for (const [k, v] of Object.entries(x)) if (!(k === "seed" && path[0] === "grids")) numberProblems(v, [...path, k], out);
  }
}

/** Rounding units of 0 or at least 1e-9, and at most 10^15 units in what they round. */
function roundingProblems(plan: Plan, out: PlanProblem[]): void {
  const tooSmall = (path: PropertyKey[], unit: number): void =>
    void out.push(
      problem(
        path,
        `is ${unit}: a rounding unit is 0 (exact) or at least 0.000000001 (the sheets round to at most 9 decimals)`,
        `为 ${unit}：取整单位为 0（不取整）或不小于 0.000000001（表格最多保留 9 位小数）`,
      ),
    );
  const units = (path: PropertyKey[], unit: number, total: number): void => {
    if (unit > 0 && Math.abs(total) / unit > MAX_PLAN_NUMBER) {
      out.push(
        problem(
          path,
          `is ${unit}: ${show(total)} would be ${show(total / unit)} units, more than 10^15 (Excel counts whole units exactly only up to 15 digits); choose a larger unit`,
          `为 ${unit}：${show(total)} 将是 ${show(total / unit)} 个单位，超过 10^15（Excel 只能精确计数到 15 位）；请选用更大的单位`,
        ),
      );
    }
  };
  const checked = (path: PropertyKey[], unit: number | undefined): boolean => {
    if (unit === undefined || unit === 0) return false;
    if (unit < MIN_ROUNDING_UNIT) {
      tooSmall(path, unit);
      return false;
    }
    return true;
  };
  const planUnit = plan.roundTo;
  const planUnitOk = checked(["roundTo"], planUnit);
  const scale = planScale(plan);
  const total = planTotal(plan) / scale;
  if (planUnitOk) units(["roundTo"], planUnit!, total);
  (plan.splits ?? []).forEach((s, i) => {
    const count = (s.measure ?? "amount") === "count";
    const own = s.total !== undefined ? s.total / (count ? 1 : scale) : count ? 0 : total;
    if (checked(["splits", i, "roundTo"], s.roundTo)) units(["splits", i, "roundTo"], s.roundTo!, own);
    else if (s.roundTo === undefined && planUnitOk && !count && s.total !== undefined) units(["splits", i, "total"], planUnit!, own);
  });
  (plan.grids ?? []).forEach((g, i) => void checked(["grids", i, "roundTo"], g.roundTo));
}

/** Each KPI rule compiles to a formula Excel takes (at most 8,192 characters). */
function ruleProblems(plan: Plan, out: PlanProblem[]): void {
  (plan.scorecard?.kpis ?? []).forEach((k, i) => {
    if (k.rule === undefined) return;
    let length: number;
    try {
      const points = (plan.scorecard?.roles ?? []).length > 0 ? WIDEST_ROLE_POINTS : WIDEST_REFS.points;
      const f = compileRuleFormula(k.rule, { ...WIDEST_REFS, points, ...(k.cap !== undefined && { cap: k.cap }), ...(k.floor !== undefined && { floor: k.floor }), direction: k.direction ?? "higher" });
      length = f.length;
    } catch {
      return; // a rule that does not read is the rule checks' message
    }
    if (length > MAX_FORMULA_LENGTH) {
      out.push(
        problem(
          ["scorecard", "kpis", i, "rule"],
          `compiles to a formula of up to ${show(length)} characters, and Excel takes at most 8,192 characters in a formula: write the rule with fewer clauses`,
          `编译后的公式最长可达 ${show(length)} 个字符，超过 Excel 单个公式 8,192 个字符的上限：请减少规则中的条款`,
        ),
      );
    }
  });
}

/** Zero targets the sheets would divide by: a KPI with `%` steps, a commission's revenue target from a member. */
function zeroTargets(plan: Plan, out: PlanProblem[]): void {
  const sc = plan.scorecard;
  if (!sc) return;
  sc.kpis.forEach((k, i) => {
    if (k.target !== 0 || k.rule === undefined) return;
    let relative = false;
    try {
      relative = parseScoringRule(k.rule).steps.some((s) => s.unit === "%");
    } catch {
      return;
    }
    if (relative) {
      out.push(
        problem(
          ["scorecard", "kpis", i, "target"],
          "is 0, and the rule counts steps in % of the target (#DIV/0!): give a target, or steps in percentage points (pp) or units",
          "为 0，而规则按目标的百分比（%）计档（#DIV/0!）：请给出目标，或改用百分点（个百分点）或数量计档",
        ),
      );
    }
  });
  const cache = new SplitCache(plan);
  if (sc.annualBonus) {
    (sc.people ?? []).forEach((p, i) => {
      const ref = p.annualTarget;
      if (typeof ref !== "object" || ref.member === undefined || cache.memberAmount(ref) !== 0) return;
      out.push(
        problem(
          ["scorecard", "people", i, "annualTarget"],
          `is "${ref.member}" of split "${ref.split}", whose amount is 0: the annual bonus needs an annual target above 0 (#DIV/0!)`,
          `为分解“${ref.split}”中的“${ref.member}”，其金额为 0：年终奖需要大于 0 的年度目标（#DIV/0!）`,
        ),
      );
    });
  }
  if (!sc.commission) return;
  (sc.people ?? []).forEach((p, i) => {
    const ref = p.revenueTarget;
    if (typeof ref !== "object" || ref.member === undefined) return;
    if (cache.memberAmount(ref) === 0) {
      out.push(
        problem(
          ["scorecard", "people", i, "revenueTarget"],
          `is "${ref.member}" of split "${ref.split}", whose amount is 0: commission tiers need a revenue target above 0 (#DIV/0!)`,
          `为分解“${ref.split}”中的“${ref.member}”，其金额为 0：阶梯提成需要大于 0 的回款目标（#DIV/0!）`,
        ),
      );
    }
  });
}
