/**
 * The score points a KPI earns on a scorecard (SCORE): converted by attainment, or by a
 * rule written in words ("每超1%加0.5分,每低1%扣1分"), then clamped to [floor, cap]; and the
 * explanation of a score ("41.5 = 40 + 3 × 0.5") for the task pane.
 */
import { type Direction, attainment } from "./attainment";
import { fail, fmt } from "./errors";
import * as rules from "./rule";
import type { CompiledScore, PreparedRule, PreparedStep } from "./rule";
import * as tolerance from "./tolerance";

// Bound once at load. Under CommonJS transpilation (ts-jest, tsx) every call through an
// import is a property getter, which on scoreKpi's hot path costs more than the arithmetic.
const { countSteps, prepareRule } = rules;
const { nearlyEqual, reaches } = tolerance;

export { parseScoringRule, RULE_CACHE_SIZE, RULE_MAX_LENGTH } from "./rule";
export type { ScoringRule, StepClause, StepMode, StepUnit } from "./rule";

/** Options of {@link scoreKpi} and {@link explainScore}: SCORE's optional arguments. */
export interface ScoreOptions {
  /** The scoring rule as written; omitted, or only spaces and separators, converts by attainment. */
  rule?: string;
  /** Highest score; wins over a cap in the rule. Default: the rule's, else none. */
  cap?: number;
  /** Lowest score; wins over a floor in the rule. Default: the rule's, else 0. */
  floor?: number;
  /** "higher" (default) or "lower": decides the no-rule formula and what a gate compares. */
  direction?: Direction;
}

/** What one step clause added to a score. */
export interface ScorePart {
  /** The clause as written ("每超1%加0.5分"; "每有1例，减2分"). */
  clause: string;
  /** "step" (每超 / 每低 …) or "incident" (每有 / 每出现 … / per incident). */
  kind: "step" | "incident";
  /** For an incident clause: the incidents counted, the actual's excess over the target (0 when none). */
  incidents?: number;
  /** Steps counted (a fraction under pro rata); 0 when the actual is on the other side. */
  steps: number;
  /** Points per step, signed (−1 for "扣1分"). */
  perStep: number;
  /** steps × perStep. */
  added: number;
  /**
   * The clause's working in words, English and Chinese: "3 steps × 0.5 = 1.5" / "3 档 × 0.5 = 1.5";
   * "2 incidents: 2 × -2 = -4" / "2 例：2 × -2 = -4"; "not counted: the actual is not above the target".
   */
  detail: { en: string; zh: string };
}

/** A score and how it came about, for the task pane. */
export interface ScoreExplanation {
  /** The score, exactly as {@link scoreKpi} returns it ("" for a blank actual). */
  score: number | "";
  /** `points`: the score at target, before any step (and, without a rule, before × attainment). */
  base: number;
  /** Without a rule: the attainment that multiplied `points`. */
  attainment?: number;
  /** One entry per step clause, in the rule's order. */
  parts: ScorePart[];
  /** Set when the gate zeroed the score: the attainment and the gate it fell under. */
  gated?: { attainment: number; gate: number };
  /** Set when the cap or floor changed the score: which, its value, and the score before. */
  capped?: { by: "cap" | "floor"; limit: number; before: number };
  /** English, e.g. "41.5 = 40 + 3 × 0.5" or "50 = 40 + 25 × 0.5 = 52.5, capped at 50". */
  text: string;
  /** Chinese, e.g. "41.5 = 40 + 3 × 0.5" or "50 = 40 + 25 × 0.5 = 52.5，封顶 50". */
  textZh: string;
}

/** Collects what {@link evaluate} did; only {@link explainScore} passes one. */
interface Trace {
  parts: ScorePart[];
  attainment?: number;
  gated?: { attainment: number; gate: number };
  capped?: { by: "cap" | "floor"; limit: number; before: number };
  raw: number;
}

/**
 * The score a KPI earns.
 *
 * Without a rule: `points × attainment` (attainment as ATTAIN computes it for the
 * direction). With a rule: `points` at target, plus each step clause on the side of the
 * target the actual falls (the raw side: 每超 is the actual above the target, whatever the
 * direction), counted in whole steps, started steps or pro rata; then a gate (attainment
 * under it scores 0, whatever the floor); then, in both cases, clamped to [floor, cap].
 * Floor defaults to 0 and cap to none; the arguments win over the rule's.
 *
 * @param actual - the actual value in the KPI's units (97 % is 0.97); null for no data yet
 * @param target - the target, same units
 * @param points - the KPI's weight in points, the score at target (40)
 * @param options - `rule`, `cap`, `floor`, `direction`
 * @returns the score, or "" for a blank actual
 * @throws PlanError `#VALUE!` for a rule it cannot read or two clauses of one kind (cap,
 *   floor, gate, step mode); `#NUM!` for a floor above the cap; `#DIV/0!` for a zero
 *   target without a rule (higher is better), with a `%` step on the side that applies, or
 *   with a gate (higher is better)
 * @example scoreKpi(1.03, 1, 40, { rule: "每超1%加0.5分,每低1%扣1分" }) // 41.5
 * @example scoreKpi(12, 20, 15, { rule: "每少5家扣3分" }) // 12
 * @example scoreKpi(0.9, 1, 30) // 27
 */
export function scoreKpi(actual: number | null, target: number, points: number, options?: ScoreOptions): number | "" {
  // The common case, a column of SCORE cells sharing one rule of steps, caps and floors and
  // no cap or floor argument, is one comparison and the rule's compiled closure; it is kept
  // this small so the JIT inlines it whole at the caller. Everything else: scoreInGeneral.
  if (options !== undefined) {
    if (options.rule === memoText && options.cap === undefined && options.floor === undefined && actual !== null && actual !== undefined) {
      return memoScore(actual, target, points);
    }
  }
  return scoreInGeneral(actual, target, points, options);
}

// The last rule scored without cap or floor arguments, and its compiled score. Always a pair
// of a real rule: it starts as the contract's example rule, read at load.
let memoText: string = "每超1%加0.5分,每低1%扣1分";
let memoScore: CompiledScore = prepareRule(memoText).score as CompiledScore;

/** {@link scoreKpi} when the memo does not apply: other rules, cap or floor arguments, no rule. */
function scoreInGeneral(actual: number | null, target: number, points: number, options: ScoreOptions | undefined): number | "" {
  if (options !== undefined && options.rule !== undefined && actual !== null && actual !== undefined) {
    const rule = prepareRule(options.rule);
    if (rule.simple) {
      if (options.cap === undefined && options.floor === undefined && rule.score !== undefined) {
        memoText = options.rule;
        memoScore = rule.score;
        return memoScore(actual, target, points);
      }
      const cap = options.cap === undefined ? rule.cap : options.cap;
      const floor = options.floor === undefined ? rule.floor : options.floor;
      if (!(floor > cap)) {
        const score = rule.raw(actual, target, points);
        return score > cap ? cap : score < floor ? floor : score;
      }
    }
  }
  const rule = options?.rule === undefined ? undefined : prepareRule(options.rule);
  return evaluate(rule, actual, target, points, options?.cap, options?.floor, options?.direction, undefined);
}

/**
 * The score with its working: the base, what each step clause added, and whether the
 * gate, cap or floor stepped in, in English and Chinese.
 *
 * @param actual - as {@link scoreKpi}
 * @param target - as {@link scoreKpi}
 * @param points - as {@link scoreKpi}
 * @param options - as {@link scoreKpi}
 * @returns the explanation; its `score` is what {@link scoreKpi} returns
 * @throws PlanError as {@link scoreKpi}
 * @example explainScore(1.03, 1, 40, { rule: "每超1%加0.5分,每低1%扣1分" }).text // "41.5 = 40 + 3 × 0.5"
 * @example explainScore(0.9, 1, 30).text // "27 = 30 × 90%"
 */
export function explainScore(actual: number | null, target: number, points: number, options?: ScoreOptions): ScoreExplanation {
  const trace: Trace = { parts: [], raw: points };
  const rule = options?.rule === undefined ? undefined : prepareRule(options.rule);
  const score = evaluate(rule, actual, target, points, options?.cap, options?.floor, options?.direction, trace);
  const out: ScoreExplanation = { score, base: points, parts: trace.parts, text: "", textZh: "" };
  if (trace.attainment !== undefined) out.attainment = trace.attainment;
  if (trace.gated) out.gated = trace.gated;
  if (trace.capped) out.capped = trace.capped;
  if (score === "") {
    out.text = "no data yet";
    out.textZh = "暂无数据";
    return out;
  }
  if (trace.gated) {
    const a = pct(trace.gated.attainment);
    const g = pct(trace.gated.gate);
    out.text = `0: attainment ${a} is under ${g}`;
    out.textZh = `0：完成率 ${a} 低于 ${g}，不得分`;
    return out;
  }
  // The working: "40 + 3 × 0.5" or "30 × 90%".
  let working: string;
  if (trace.attainment !== undefined) {
    working = `${fmt(points)} × ${pct(trace.attainment)}`;
  } else {
    working = fmt(points);
    for (const p of trace.parts) {
      if (p.steps === 0) continue;
      working += `${p.perStep < 0 ? " - " : " + "}${fmt(p.steps)} × ${fmt(Math.abs(p.perStep))}`;
    }
  }
  if (trace.capped) {
    const before = working === fmt(trace.raw) ? working : `${working} = ${fmt(trace.raw)}`;
    const lim = fmt(trace.capped.limit);
    const cap = trace.capped.by === "cap";
    out.text = `${fmt(score)} = ${before}, ${cap ? "capped at" : "floor"} ${lim}`;
    out.textZh = `${fmt(score)} = ${before}，${cap ? "封顶" : "保底"} ${lim}`;
  } else {
    out.text = out.textZh = `${fmt(score)} = ${working}`;
  }
  return out;
}

/** A fraction as a percentage for the working: 0.9 → "90%". */
function pct(x: number): string {
  return `${fmt(x * 100)}%`;
}

/**
 * The one computation behind {@link scoreKpi} and {@link explainScore}, in argument-check
 * order: cap and floor, blank actual, then the score. A missing cap or gate is NaN here, so
 * comparisons with it are simply false.
 */
function evaluate(
  prepared: PreparedRule | undefined,
  actual: number | null,
  target: number,
  points: number,
  capArg: number | undefined,
  floorArg: number | undefined,
  direction: Direction | undefined,
  trace: Trace | undefined,
): number | "" {
  const rule = prepared !== undefined && prepared.hasClauses ? prepared : undefined;
  const cap = capArg !== undefined ? capArg : rule !== undefined ? rule.cap : NaN;
  const floor = floorArg !== undefined ? floorArg : rule !== undefined ? rule.floor : 0;
  if (floor > cap && !nearlyEqual(floor, cap)) {
    fail("floorAboveCap", { where: { arg: floorArg !== undefined ? "floor" : capArg !== undefined ? "cap" : "rule" }, floor, cap });
  }
  if (actual === null || actual === undefined) return "";

  let score: number;
  if (rule === undefined) {
    const a = attainment(actual, target, direction);
    if (trace !== undefined) trace.attainment = a;
    score = points * a;
  } else {
    score = addSteps(rule, actual, target, points);
    if (trace !== undefined) traceSteps(rule, actual, target, trace);
    if (!Number.isNaN(rule.gate)) {
      const a = attainment(actual, target, direction);
      if (!reaches(a, rule.gate)) {
        if (trace !== undefined) {
          trace.raw = score;
          trace.gated = { attainment: a, gate: rule.gate };
        }
        return 0;
      }
    }
  }

  if (trace !== undefined) trace.raw = score;
  if (score > cap) {
    if (trace !== undefined) trace.capped = { by: "cap", limit: cap, before: score };
    return cap;
  }
  if (score < floor) {
    if (trace !== undefined) trace.capped = { by: "floor", limit: floor, before: score };
    return floor;
  }
  return score;
}

/**
 * `points` plus every step clause on the side of the target the actual falls, before the
 * gate and clamping. At the target (within the tolerance) it is `points`.
 */
function addSteps(rule: PreparedRule, actual: number, target: number, points: number): number {
  if (nearlyEqual(actual, target)) return points;
  const steps = actual > target ? rule.above : rule.below;
  const gap = Math.abs(actual - target);
  const scale = Math.max(1, Math.abs(actual), Math.abs(target));
  let score = points;
  for (let k = 0; k < steps.length; k++) score += stepsOf(steps[k], gap, scale, target, rule.mode) * steps[k].points;
  return score;
}

/** What each step clause added, in the rule's order, for {@link explainScore}. */
function traceSteps(rule: PreparedRule, actual: number, target: number, trace: Trace): void {
  const atTarget = nearlyEqual(actual, target);
  const applying = actual > target ? rule.above : rule.below;
  const gap = Math.abs(actual - target);
  const scale = Math.max(1, Math.abs(actual), Math.abs(target));
  for (const s of rule.steps) {
    const applies = !atTarget && applying.includes(s);
    const n = applies ? stepsOf(s, gap, scale, target, rule.mode) : 0;
    const added = n === 0 ? 0 : n * s.points;
    const kind = s.source.kind;
    const part: ScorePart = { clause: s.source.clause, kind, steps: n, perStep: s.points, added, detail: partDetail(s, applies ? gap : 0, n, added) };
    if (kind === "incident") part.incidents = applies ? gap : 0;
    trace.parts.push(part);
  }
}

/** A clause's working in words (see {@link ScorePart.detail}). */
function partDetail(s: PreparedStep, gap: number, n: number, added: number): { en: string; zh: string } {
  const work = `${fmt(n)} × ${fmt(s.points)} = ${fmt(added)}`;
  const side = s.source.side === "above" ? ["above", "高于"] : ["below", "低于"];
  if (s.source.kind === "incident") {
    if (gap === 0) return { en: "no incidents over the target", zh: "未超过目标，不扣分" };
    const word = s.source.unitWord || "次";
    const per = s.source.size === 1 ? "" : `, ${fmt(n)} step${n === 1 ? "" : "s"} of ${fmt(s.source.size)}`;
    const perZh = s.source.size === 1 ? "" : `，每 ${fmt(s.source.size)} ${word}一档，计 ${fmt(n)} 档`;
    return { en: `${fmt(gap)} incident${gap === 1 ? "" : "s"} over the target${per}: ${work}`, zh: `超过目标 ${fmt(gap)} ${word}${perZh}：${work}` };
  }
  if (n === 0) return gap === 0 ? { en: `not counted: the actual is not ${side[0]} the target`, zh: `不计：实际未${side[1]}目标` } : { en: `no whole step: ${work}`, zh: `不足一档：${work}` };
  return { en: `${fmt(n)} step${n === 1 ? "" : "s"}: ${work}`, zh: `${fmt(n)} 档：${work}` };
}

/**
 * Steps in a gap, counted by the mode with the tolerance relative to the count and to the
 * values (`scale` = max(1, |actual|, |target|)); see `countSteps` in ./rule.
 */
function stepsOf(s: PreparedStep, gap: number, scale: number, target: number, mode: 0 | 1 | 2): number {
  return countSteps(s.relative, s.perGap, gap, scale, target, mode);
}
