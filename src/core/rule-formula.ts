/**
 * A scoring rule compiled to a native Excel formula: the same rule text `TARGET.SCORE`
 * reads ({@link parseScoringRule}), written as IF / MIN / MAX / INT / ABS arithmetic so a
 * scorecard shows the engine's points in any spreadsheet, without the add-in.
 *
 * The formula mirrors {@link scoreKpi} operation by operation (the same divisions and
 * products in the same order), so an engine that computes in IEEE doubles — Excel,
 * LibreOffice — gets the engine's number, not a look-alike:
 * - blank actual → `""` (`IF(actual="","",…)`);
 * - without a rule: `points × attainment`, attainment as ATTAIN for the direction;
 * - with a rule: `points` when the actual is within the tolerance of the target, else
 *   `points` plus each step clause of the side the actual falls on, steps counted as the
 *   engine counts them (`countSteps` in ./rule): whole `INT(q + slack)`, started
 *   `(-INT(slack − q))`, pro rata `q`; the gap q is `ABS(a − t) / ABS(t) × (100 / X)` for
 *   `%`, `ABS(a − t) × (100 / X)` for percentage points, `ABS(a − t) × (1 / X)` otherwise;
 *   the values in steps m is `MAX(1, ABS(a), ABS(t))` measured the same way; and
 *   slack = `MIN(1E-9 × MAX(1, q, m), MAX(1E-4, m × 2^-50))`, the tolerance relative to the
 *   count and to the values (so a small gap between large values keeps its steps);
 * - the gate: attainment under it (with the tolerance) is 0;
 * - clamped to [floor, cap]: `MIN(cap, MAX(floor, score))`.
 *
 * Formulas are in the invariant (en-US) syntax, without "=" and with functions of Excel
 * 2003 and later only.
 */
import type { Direction } from "./attainment";
import { fail } from "./errors";
import { type ScoringRule, type StepClause, parseScoringRule } from "./rule";

/**
 * Where the formula finds a KPI's numbers: A1 references (`B5`, `$C$2`) or any formula
 * expression (wrapped in brackets where needed), or numbers written into the formula.
 */
export interface RuleFormulaRefs {
  /** The actual; a blank cell gives "". */
  actual: string;
  /** The target. */
  target: string;
  /** The points at target (the KPI's weight): a reference or a number. */
  points: string | number;
  /** The cap; wins over a cap in the rule. Omitted: the rule's cap, else none. Must hold a number. */
  cap?: string | number;
  /** The floor; wins over a floor in the rule. Omitted: the rule's floor, else 0. Must hold a number. */
  floor?: string | number;
  /**
   * "higher" (default) or "lower": the no-rule formula and what a gate compares. Or
   * `{ ref }`, a cell holding the word: "lower" or 越低越好 (any case, spaces trimmed) is
   * lower, anything else (blank included) higher; the engine refuses other words instead.
   */
  direction?: Direction | { ref: string };
}

/** The engine's tolerance as written into formulas. */
const TOL = "1E-9";
/** The most slack a count of steps gets unless the values' noise is larger (core's STEP_SLACK_MAX). */
const MAX_SLACK = "1E-4";
/** The values' binary noise per unit of their magnitude (core's STEP_NOISE, 2^-50). */
const NOISE = "2^-50";

/**
 * A number as a formula literal: the shortest text that reads back as the same double
 * (upper-case exponent); negative numbers in brackets so they are safe after an operator.
 * @param n - a finite number
 * @returns e.g. "0.5", "1E-7", "(-3)"
 * @throws Error for NaN or ±Infinity (a builder bug, never a planner's input)
 * @example formulaNumber(0.5) // "0.5"
 * @example formulaNumber(-3) // "(-3)"
 */
export function formulaNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  const s = String(n).toUpperCase().replace("E+", "E");
  return n < 0 ? `(${s})` : s;
}

/** A reference, a name or a number stays as it is; any other expression is bracketed. */
function operand(x: string | number): string {
  if (typeof x === "number") return formulaNumber(x);
  const s = x.trim();
  if (/^(?:'[^']+'!|[A-Za-z_][\w.]*!)?\$?[A-Za-z]{1,3}\$?\d+$/.test(s)) return s;
  if (/^\d+(?:\.\d+)?(?:E[+-]?\d+)?$/i.test(s) || /^[A-Za-z_][\w.]*$/.test(s)) return s;
  if (/^\(.*\)$/.test(s) && balanced(s.slice(1, -1))) return s;
  return `(${s})`;
}

/** True when the brackets of `s` balance without ever closing below zero (strings aside). */
function balanced(s: string): boolean {
  let depth = 0;
  let inString = false;
  for (const c of s) {
    if (c === '"') inString = !inString;
    else if (!inString && c === "(") depth++;
    else if (!inString && c === ")" && --depth < 0) return false;
  }
  return depth === 0 && !inString;
}

/**
 * `x` reaches threshold `t`, with the engine's tolerance: x ≥ t − 1e-9 × max(1, |x|, |t|).
 * @param x - an expression
 * @param t - an expression or a number
 * @returns a logical formula
 * @example reachesFormula("N5", "$E$2") // "N5>=$E$2-1E-9*MAX(1,ABS(N5),ABS($E$2))"
 */
export function reachesFormula(x: string, t: string | number): string {
  const a = operand(x);
  const b = operand(t);
  return `${a}>=${b}-${TOL}*MAX(1,ABS(${a}),ABS(${b}))`;
}

/**
 * `a` and `b` equal within the engine's tolerance: |a − b| ≤ 1e-9 × max(1, |a|, |b|).
 * @param a - an expression
 * @param b - an expression
 * @returns a logical formula
 * @example nearlyEqualFormula("B2", "C2") // "ABS(B2-C2)<=1E-9*MAX(1,ABS(B2),ABS(C2))"
 */
export function nearlyEqualFormula(a: string, b: string): string {
  const x = operand(a);
  const y = operand(b);
  return `ABS(${x}-${y})<=${TOL}*MAX(1,ABS(${x}),ABS(${y}))`;
}

/**
 * Attainment as ATTAIN computes it, as a formula (no blank guard): `actual/target`, or for
 * lower-is-better `IF(target=0,IF(actual<=0,1,0),2-actual/target)`.
 * @param actual - an expression
 * @param target - an expression
 * @param direction - "higher" (default), "lower", or `{ ref }`: a cell holding the word
 * @returns a numeric formula; a zero target gives #DIV/0! when higher is better, as core
 * @example attainmentFormula("B2", "C2") // "B2/C2"
 * @example attainmentFormula("B2", "C2", "lower") // "IF(C2=0,IF(B2<=0,1,0),2-B2/C2)"
 * @example attainmentFormula("B2", "C2", { ref: "D2" }) // 'IF(OR(TRIM(D2)="lower",TRIM(D2)="越低越好"),IF(C2=0,IF(B2<=0,1,0),2-B2/C2),B2/C2)'
 */
export function attainmentFormula(actual: string, target: string, direction: Direction | { ref: string } = "higher"): string {
  const a = operand(actual);
  const t = operand(target);
  const lower = `IF(${t}=0,IF(${a}<=0,1,0),2-${a}/${t})`;
  const higher = `${a}/${t}`;
  if (typeof direction === "object") return `IF(${isLowerFormula(direction.ref)},${lower},${higher})`;
  return direction === "lower" ? lower : higher;
}

/** TRUE when the cell holds a lower-is-better word ("lower" in any case, or 越低越好), spaces trimmed. */
function isLowerFormula(ref: string): string {
  const d = operand(ref);
  return `OR(TRIM(${d})="lower",TRIM(${d})="越低越好")`;
}

/**
 * Compiles a scoring rule into a native formula that computes what
 * `scoreKpi(actual, target, points, { rule, cap, floor, direction })` computes, for every
 * actual: the same steps (whole, started or pro rata; `%`, percentage points or units), the
 * same tolerance, gate, cap and floor; "" for a blank actual; `#DIV/0!` where the engine
 * raises it (a zero target without a rule, or with a `%` step on the side that applies).
 *
 * Checks done here, as the engine does them, when the numbers are known: a rule it cannot
 * read or with two clauses of one kind is `#VALUE!`, a floor above the cap `#NUM!`
 * (PlanError). With a cap or floor given as a reference, that cell must hold a number.
 *
 * @param rule - the rule text as written ("每超1%加0.5分,每低1%扣1分"); undefined, or only
 *   spaces and separators, converts by attainment
 * @param refs - where the actual, target, points (and cap, floor) are, and the direction
 * @returns the formula, invariant syntax, without "="
 * @throws PlanError as {@link parseScoringRule}; `#NUM!` (floorAboveCap) for a floor above the cap
 * @example
 * compileRuleFormula("每低5%扣5分", { actual: "B2", target: "C2", points: "D2" })
 * // 'IF(B2="","",MAX(0,IF(ABS(B2-C2)<=1E-9*MAX(1,ABS(B2),ABS(C2)),D2,IF(B2>C2,D2,D2-INT(ABS(B2-C2)/ABS(C2)*(100/5)+MIN(1E-9*MAX(1,ABS(B2-C2)/ABS(C2)*(100/5),MAX(1,ABS(B2),ABS(C2))/ABS(C2)*(100/5)),MAX(1E-4,MAX(1,ABS(B2),ABS(C2))/ABS(C2)*(100/5)*2^-50)))*5))))'
 * @example
 * compileRuleFormula(undefined, { actual: "B2", target: "C2", points: 30 }) // 'IF(B2="","",MAX(0,30*(B2/C2)))'
 */
export function compileRuleFormula(rule: string | undefined, refs: RuleFormulaRefs): string {
  const parsed = rule === undefined ? undefined : parseScoringRule(rule);
  const r = parsed !== undefined && parsed.clauses.length > 0 ? parsed : undefined;
  const a = operand(refs.actual);
  const t = operand(refs.target);
  const p = operand(refs.points);
  const direction = refs.direction ?? "higher";

  const cap = refs.cap !== undefined ? refs.cap : r?.cap;
  const floor = refs.floor !== undefined ? refs.floor : (r?.floor ?? 0);
  const degenerate = typeof cap === "number" && typeof floor === "number" && floor > cap;
  if (degenerate && !(Math.abs(floor - cap) <= 1e-9 * Math.max(1, Math.abs(floor), Math.abs(cap)))) {
    const arg = refs.floor !== undefined ? "floor" : refs.cap !== undefined ? "cap" : "rule";
    fail("floorAboveCap", { where: { arg }, floor, cap });
  }

  const attain = attainmentFormula(a, t, direction);
  const raw = r === undefined ? `${p}*${direction === "higher" ? `(${attain})` : attain}` : stepsFormula(r, a, t, p);

  let body: string;
  if (cap === undefined) {
    body = `MAX(${operand(floor)},${raw})`;
  } else if (degenerate) {
    // A floor a hair above the cap (within the tolerance): the engine takes the cap when the
    // score is over it, else the floor.
    body = `IF(${raw}>${operand(cap)},${operand(cap)},${operand(floor)})`;
  } else {
    body = `MIN(${operand(cap)},MAX(${operand(floor)},${raw}))`;
  }

  if (r !== undefined && r.gate !== undefined) {
    const g = formulaNumber(r.gate);
    // The engine adds the steps before it looks at the gate, so a % step on a zero target
    // is #DIV/0! even when the gate would zero the score; 0*steps keeps that error.
    const relative = r.steps.some((s) => s.unit === "%");
    const zero = direction !== "higher" && relative ? `0*(${stepsFormula(r, a, t, p)})` : "0";
    body = `IF(${attain}<${g}-${TOL}*MAX(1,ABS(${attain}),${g}),${zero},${body})`;
  }
  return `IF(${a}="","",${body})`;
}

/** `points` plus the step clauses of the side the actual falls on (before gate and clamp). */
function stepsFormula(rule: ScoringRule, a: string, t: string, p: string): string {
  if (rule.steps.length === 0) return p;
  const above = rule.steps.filter((s) => s.side === "above");
  const below = rule.steps.filter((s) => s.side === "below");
  const side = (steps: readonly StepClause[]): string => p + steps.map((s) => stepTerm(s, rule.mode, a, t)).join("");
  return `IF(${nearlyEqualFormula(a, t)},${p},IF(${a}>${t},${side(above)},${side(below)}))`;
}

/** One clause's contribution, signed: "+INT(…)*0.5" or "-INT(…)*1". */
function stepTerm(s: StepClause, mode: ScoringRule["mode"], a: string, t: string): string {
  const perGap = `(${s.unit === "abs" ? 1 : 100}/${formulaNumber(s.size)})`;
  const q = s.unit === "%" ? `ABS(${a}-${t})/ABS(${t})*${perGap}` : `ABS(${a}-${t})*${perGap}`;
  const scale = `MAX(1,ABS(${a}),ABS(${t}))`;
  const m = s.unit === "%" ? `${scale}/ABS(${t})*${perGap}` : `${scale}*${perGap}`;
  const slack = `MIN(${TOL}*MAX(1,${q},${m}),MAX(${MAX_SLACK},${m}*${NOISE}))`;
  const n = mode === "whole" ? `INT(${q}+${slack})` : mode === "partial" ? `(-INT(${slack}-${q}))` : q;
  const y = formulaNumber(Math.abs(s.points));
  // Under pro rata the count is a product itself; either way n*y is formed as the engine forms it.
  return `${s.points < 0 ? "-" : "+"}${n}*${y}`;
}
