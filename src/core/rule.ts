/**
 * The scoring-rule language: the words planners write next to a KPI on a scorecard
 * ("每超1%加0.5分,每低1%扣1分", "+0.5 per 1% over; -1 per 1% under"), read into a plain
 * data structure that {@link ./score} evaluates and that a sheet builder can later compile
 * to a native Excel formula.
 *
 * A rule is clauses separated by `,` `，` `;` `；` `、` or line breaks. Before a clause is
 * read, full-width characters (０-９, ＋, －, ．, ％, full-width letters) become half-width,
 * every space goes, and English is lower-cased; the clause quoted in an error message is
 * the one the planner wrote.
 */
import { type PlanError, fail, isPlanError } from "./errors";
import * as tolerance from "./tolerance";

// Bound once at load: under CommonJS transpilation (ts-jest, tsx) a call through an import is
// a property getter, which on a compiled scorer's path costs more than its arithmetic.
const { TOL } = tolerance;

/** How a step's gap is measured. */
export type StepUnit =
  /** Relative gap in percent of the target: (actual / target − 1) × 100. Written `%`. */
  | "%"
  /** Absolute gap in percentage points: (actual − target) × 100. Written 个百分点 / 百分点 / `pp`. */
  | "pp"
  /** Absolute gap in the KPI's own units: actual − target. Any other unit word, or none. */
  | "abs";

/** How steps are counted: whole steps only, a started step as a whole one, or pro rata. */
export type StepMode = "whole" | "partial" | "prorata";

/**
 * One step clause: for each `size` of gap on `side` of the target, add `points`. A
 * per-incident clause ("客户有效投诉每有1例，减2分", "-2 per incident") is a step clause too:
 * incidents are counted in the actual, those above the target count (the target is usually 0),
 * in the KPI's own units, so it is a step above the target in units with `kind` "incident".
 */
export interface StepClause {
  /** The clause as the planner wrote it, trimmed ("每超1%加0.5分"; "每有1例，减2分" with its comma). */
  readonly clause: string;
  /** "step" (每超 / 每低 / per … over) or "incident" (每有 / 每出现 / 每发生 / per incident / each time). */
  readonly kind: "step" | "incident";
  /** The side of the target it applies to: the actual above the target, or below it. */
  readonly side: "above" | "below";
  /** X, the size of one step in `unit`s; always > 0 (1 for "每超1%"). */
  readonly size: number;
  /** How the gap is measured. */
  readonly unit: StepUnit;
  /** The unit word as written after X, lower-cased ("%", "个百分点", "家", "customers", ""). */
  readonly unitWord: string;
  /** Y, signed: points added per step (negative deducts). "扣1分" is −1, "加0.5分" is +0.5. */
  readonly points: number;
}

/**
 * A parsed scoring rule: plain, frozen data, so it can be cached, compared and compiled.
 *
 * Evaluation (see `scoreKpi`): `points` at target, plus each step clause on the side the
 * actual falls (n × {@link StepClause.points}, n counted by {@link ScoringRule.mode}); then
 * the gate; then clamping to [floor, cap].
 */
export interface ScoringRule {
  /** The rule text exactly as given (the cache key). */
  readonly text: string;
  /** Every clause as written, trimmed, in order (empty clauses between separators dropped). */
  readonly clauses: readonly string[];
  /** The step clauses, in order. */
  readonly steps: readonly StepClause[];
  /** Cap from the rule (最高Z分 / 封顶Z分 / `max Z` / `cap Z`); undefined when none. */
  readonly cap?: number;
  /** Floor from the rule (最低Z分 / 保底Z分 / `min Z` / `floor Z`; 扣完为止 is 0); undefined when none. */
  readonly floor?: number;
  /**
   * Gate as a fraction (低于60%不得分 → 0.6): attainment under it scores 0 whatever the
   * floor; undefined when none.
   */
  readonly gate?: number;
  /** How steps are counted: "whole" (default), "partial" (不足一档按一档计), "prorata" (按比例). */
  readonly mode: StepMode;
  /** True when the rule says there is no cap (上不封顶 / `no cap`); a cap argument still wins. */
  readonly noCap: boolean;
}

/** The most rules kept parsed; the oldest is dropped first. */
export const RULE_CACHE_SIZE = 1000;

/**
 * The longest rule read, in characters (UTF-16 code units, so one per Chinese character).
 * A longer text is `#VALUE!` (ruleTooLong) and is never cached: with this limit the cache of
 * {@link RULE_CACHE_SIZE} rules stays within tens of MB whatever the sheet holds.
 */
export const RULE_MAX_LENGTH = 1000;

/**
 * A rule compiled to a small function of the call's numbers: the score for `actual`
 * against `target` on `points`. See {@link PreparedRule.raw} and {@link PreparedRule.score}.
 */
export type CompiledScore = (actual: number, target: number, points: number) => number;

/**
 * A rule as the scoring engine evaluates it: the public {@link ScoringRule} plus the same
 * facts in a form that is cheap to read on every call (objects of one shape, not frozen,
 * numbers for words, steps grouped by side). Internal to the engine; see {@link prepareRule}.
 */
export interface PreparedRule {
  /** The public, frozen rule. */
  readonly rule: ScoringRule;
  /** False for a text of only spaces and separators: no rule at all. */
  readonly hasClauses: boolean;
  /** Every step clause in the rule's order (for explanations). */
  readonly steps: readonly PreparedStep[];
  /** The step clauses that apply above the target, in the rule's order. */
  readonly above: readonly PreparedStep[];
  /** The step clauses that apply below the target, in the rule's order. */
  readonly below: readonly PreparedStep[];
  /** 0 whole steps, 1 partial steps count, 2 pro rata. */
  readonly mode: 0 | 1 | 2;
  /** The rule's cap, or NaN for none. */
  readonly cap: number;
  /** The rule's floor, or 0 (the default floor) for none. */
  readonly floor: number;
  /** The rule's gate as a fraction, or NaN for none. */
  readonly gate: number;
  /** True when the rule has clauses and no gate: the common case `scoreKpi` runs inline. */
  readonly simple: boolean;
  /**
   * The rule's steps compiled once: `points` plus every step clause on the side of the target
   * the actual falls, before the gate and clamping (what `scoreKpi` documents, with the same
   * floating-point operations in the same order as the step-by-step evaluation). Throws
   * `#DIV/0!` for a `%` step on the side that applies when the target is 0.
   */
  readonly raw: CompiledScore;
  /**
   * For a {@link simple} rule whose own floor is not above its own cap: {@link raw} clamped to
   * the rule's floor and cap, i.e. the whole score when no cap or floor argument is given.
   * Undefined otherwise.
   */
  readonly score: CompiledScore | undefined;
}

/** A step clause ready to count: steps = gap (÷ |target| when `relative`) × `perGap`. */
export interface PreparedStep {
  /** The clause as parsed. */
  readonly source: StepClause;
  /** True for a `%` step: the gap is relative to the target. */
  readonly relative: boolean;
  /** Turns the gap into steps: 1/X, or 100/X for `%` and percentage-point steps. */
  readonly perGap: number;
  /** Signed points per step. */
  readonly points: number;
}

const prepared = new Map<string, PreparedRule>();
const errors = new Map<string, PlanError>();
// The last rule read: a column of SCORE cells shares one rule, so most look-ups end here.
let lastText: string | undefined;
let lastPrepared: PreparedRule | undefined;

/**
 * Reads a scoring rule. Results (and errors) are cached by the exact text, so the same
 * text gives the same frozen object and a sheet of a thousand SCORE cells parses its rule
 * once.
 *
 * @param text - the rule as written, e.g. "每超1%加0.5分,每低1%扣1分"; a text of only spaces
 *   and separators has no clauses (the score then converts by attainment)
 * @returns the parsed rule (frozen; do not mutate)
 * @throws PlanError `#VALUE!` (argument "rule") quoting a clause it cannot read, or the
 *   second of two clauses of one kind (two caps, two floors, two gates, two step modes), or
 *   for a text longer than {@link RULE_MAX_LENGTH} characters (ruleTooLong; not cached)
 * @example parseScoringRule("每超1%加0.5分,每低1%扣1分").steps
 *   // [{ side: "above", size: 1, unit: "%", points: 0.5, … }, { side: "below", size: 1, unit: "%", points: -1, … }]
 * @example parseScoringRule("max 50; min 0").cap // 50
 */
export function parseScoringRule(text: string): ScoringRule {
  return prepareRule(text).rule;
}

/**
 * The cached {@link PreparedRule} for a rule text (what {@link parseScoringRule} caches).
 * @param text - the rule as written
 * @returns the prepared rule, the same object for the same text while it stays cached
 * @throws PlanError as {@link parseScoringRule}
 * @example prepareRule("每低2%扣1分").below[0] // { relative: true, perGap: 50, points: -1, … }
 */
export function prepareRule(text: string): PreparedRule {
  if (text === lastText) return lastPrepared as PreparedRule;
  if (text.length > RULE_MAX_LENGTH) fail("ruleTooLong", { where: { arg: "rule" }, length: text.length, max: RULE_MAX_LENGTH });
  let p = prepared.get(text);
  if (p === undefined) {
    const known = errors.get(text);
    if (known !== undefined) throw known;
    try {
      p = prepare(readRule(text));
    } catch (e) {
      if (isPlanError(e)) remember(errors, text, e);
      throw e;
    }
    remember(prepared, text, p);
  }
  lastText = text;
  lastPrepared = p;
  return p;
}

/** Adds to a cache of at most {@link RULE_CACHE_SIZE} entries, dropping the oldest. */
function remember<T>(cache: Map<string, T>, text: string, value: T): void {
  // Dropping the rule the memo names is safe: the caller points the memo at the new one.
  if (cache.size >= RULE_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(text, value);
}

const UNIT_SCALE = { abs: 1, pp: 100, "%": 100 } as const;
const MODE_CODE = { whole: 0, partial: 1, prorata: 2 } as const;

function prepare(rule: ScoringRule): PreparedRule {
  const steps = rule.steps.map((s) => ({
    source: s,
    relative: s.unit === "%",
    perGap: UNIT_SCALE[s.unit] / s.size,
    points: s.points,
  }));
  const above = steps.filter((s) => s.source.side === "above");
  const below = steps.filter((s) => s.source.side === "below");
  const mode = MODE_CODE[rule.mode];
  const cap = rule.cap ?? NaN;
  const floor = rule.floor ?? 0;
  const simple = rule.clauses.length > 0 && rule.gate === undefined;
  const compile = compileSteps(above, below, mode);
  return {
    rule,
    hasClauses: rule.clauses.length > 0,
    steps,
    above,
    below,
    mode,
    cap,
    floor,
    gate: rule.gate ?? NaN,
    simple,
    raw: compile(-Infinity, NaN),
    score: simple && !(floor > cap) ? compile(floor, cap) : undefined,
  };
}

// ---- compiling ----------------------------------------------------------------------
// A rule is compiled once, when it is first read, into one small closure over plain numbers,
// so a SCORE cell costs a few arithmetic operations (for a rule with at most one step clause
// on each side: no lookups, no loop, no objects). Each
// closure does exactly the floating-point operations of the step-by-step evaluation
// (scoreKpi's general path, which explainScore uses), in the same order, so the two agree
// to the last bit (tests/score.test.ts checks it by properties).

/**
 * The steps a step clause counts in a gap: whole ones (mode 0), started ones (1) or pro rata (2).
 *
 * The gap in steps is q = gap × 1/X (gap ÷ |target| × 100/X for `%`, gap × 100/X for
 * percentage points). Each step boundary is a threshold on the actual, and the contract's
 * tolerance there is 1e-9 relative to the magnitudes involved: the count itself and the
 * values, max(1, |actual|, |target|), the very scale of the at-target test. In steps, with
 * m = max(1, |actual|, |target|) measured in steps (× 1/X, or ÷ |target| × 100/X for `%`,
 * × 100/X for percentage points), a count gets the slack
 *
 *     slack = min(1e-9 × max(1, q, m), max(1e-4, m × 2^-50))
 *
 * and whole steps are floor(q + slack), started steps ceil(q − slack). The 1e-9 × m term is
 * what makes a gap between large values count right: 12345678.91 − 12345678.81 is
 * 0.09999999962747097 in doubles (their rounding, 2^-53 of 1.2e7 each, is a noticeable part
 * of a gap of 0.1), so q = 99.99999962747097 steps of 0.001, 3.7e-7 short of 100 — more than
 * 1e-9 × q (1e-7) allows, far less than 1e-9 × m (m = 1.2e10, capped at 1e-4): 100 steps.
 * The slack never exceeds 1e-4 of a step, so a real gap cannot gain a step from the
 * tolerance itself (1e-9 × m grows past a whole step for small steps of large values) —
 * unless the values' own rounding noise, m × 2^-50 steps, is larger still (a step of 0.001
 * on 1e9): then the noise bound is the slack, and floating point still never costs a step.
 *
 * Shared by the compiled closures and scoreKpi's step-by-step path (the same operations in
 * the same order, so the two agree to the bit), and mirrored by the formula compiler.
 *
 * @param relative - true for a `%` step (the gap is relative to the target)
 * @param perGap - 1/X, or 100/X for `%` and percentage-point steps
 * @param gap - |actual − target|, beyond the at-target tolerance
 * @param scale - max(1, |actual|, |target|)
 * @param target - the target (a `%` step divides by its magnitude)
 * @param mode - 0 whole steps, 1 started steps, 2 pro rata
 * @returns the steps counted (a fraction under pro rata)
 * @throws PlanError `#DIV/0!` for a `%` step on a zero target
 * @example countSteps(false, 1000, 12345678.91 - 12345678.81, 12345678.91, 12345678.81, 0) // 100
 * @example countSteps(true, 100, 0.03, 1.03, 1, 1) // 3 (103 % against 100 %: three started steps of 1 %)
 */
export function countSteps(relative: boolean, perGap: number, gap: number, scale: number, target: number, mode: 0 | 1 | 2): number {
  let q: number;
  let m: number;
  if (relative) {
    if (target === 0) fail("zeroTarget", { where: { arg: "target" } });
    const t = Math.abs(target);
    q = (gap / t) * perGap;
    if (mode === 2) return q;
    m = (scale / t) * perGap;
  } else {
    q = gap * perGap;
    if (mode === 2) return q;
    m = scale * perGap;
  }
  // min(1e-9 × max(1, q, m), max(1e-4, m × 2^-50)), knowing m × 2^-50 < 1e-9 × m: the noise
  // bound only matters once the slack passes 1e-4 (large values), so the common case skips it.
  // 1e-4 is the most slack any count gets (tolerance.ts); 2^-50 (8.881784197001252e-16, exact)
  // bounds the binary noise of a gap between doubles relative to their magnitude: the rounding
  // of each value (2^-53 of it), of the subtraction and of the scaling to steps, with room to
  // spare. Literals, not module constants: a bundled module's `const` costs a check per read here.
  let slack = TOL * (q > m ? (q > 1 ? q : 1) : m > 1 ? m : 1);
  if (slack > 1e-4) {
    const noise = m * 8.881784197001252e-16;
    slack = noise > 1e-4 ? noise : 1e-4;
  }
  return mode === 0 ? Math.floor(q + slack) : Math.ceil(q - slack);
}

/**
 * A compiler of the rule's steps: given a floor and a cap, the closure computing `points` plus
 * the steps on the side the actual falls (`points` within the tolerance of the target: the
 * same test as `nearlyEqual`), clamped to [floor, cap]; a NaN cap and a floor of −∞ never
 * clamp, which is the raw score. A rule with at most one step clause on each side (nearly
 * every rule) gets one closure over a few numbers; others loop over per-side closures, which
 * the raw and the clamped closure share.
 */
function compileSteps(above: readonly PreparedStep[], below: readonly PreparedStep[], mode: 0 | 1 | 2): (floor: number, cap: number) => CompiledScore {
  if (above.length <= 1 && below.length <= 1) {
    const [a, b] = [above[0], below[0]];
    const [hasA, aRel, aPer, aPts] = a === undefined ? [false, false, 0, 0] : [true, a.relative, a.perGap, a.points];
    const [hasB, bRel, bPer, bPts] = b === undefined ? [false, false, 0, 0] : [true, b.relative, b.perGap, b.points];
    return (floor, cap) => (actual, target, points) => {
      const gap = Math.abs(actual - target);
      const scale = Math.max(1, Math.abs(actual), Math.abs(target));
      let s = points;
      if (gap > TOL * scale) {
        // One call site, so the JIT inlines the count once.
        const up = actual > target;
        if (up ? hasA : hasB) s += countSteps(up ? aRel : bRel, up ? aPer : bPer, gap, scale, target, mode) * (up ? aPts : bPts);
      }
      return s > cap ? cap : s < floor ? floor : s;
    };
  }
  const side = (steps: readonly PreparedStep[]): ((gap: number, scale: number, target: number, points: number) => number) => {
    const rel = steps.map((s) => s.relative);
    const per = steps.map((s) => s.perGap);
    const pts = steps.map((s) => s.points);
    return (gap, scale, target, points) => {
      let score = points;
      for (let k = 0; k < pts.length; k++) score += countSteps(rel[k], per[k], gap, scale, target, mode) * pts[k];
      return score;
    };
  };
  const up = side(above);
  const down = side(below);
  return (floor, cap) => (actual, target, points) => {
    const gap = Math.abs(actual - target);
    const scale = Math.max(1, Math.abs(actual), Math.abs(target));
    const s = gap <= TOL * scale ? points : actual > target ? up(gap, scale, target, points) : down(gap, scale, target, points);
    return s > cap ? cap : s < floor ? floor : s;
  };
}

// ---- reading ------------------------------------------------------------------------

const NUM = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const SNUM = String.raw`([+-]?(?:\d+(?:\.\d+)?|\.\d+))`;

/**
 * A count of incidents or points in a Chinese clause (the points of any, the count of a per-incident one): digits, or a Chinese numeral up to
 * 999 (一, 两, 十二, 二十五, 一百): "每出现一次" is one.
 */
const COUNT = String.raw`(\d+(?:\.\d+)?|\.\d+|[零〇一二两三四五六七八九十百]+)`;
/** 每超1%加0.5分: [label] 每 side [目标] X [unit] verb Y [分]. */
const ZH_STEP = new RegExp(
  String.raw`^.*?每(超过|超出|超|高于|高|多|增加|低于|低|少|差|减少|下降)(?:目标|指标)?${NUM}(\D*?)(加|得|扣|减|\+|-)${COUNT}分?$`,
);
const ZH_ABOVE = new Set(["超过", "超出", "超", "高于", "高", "多", "增加"]);

/** +0.5 per 1% over: [sign|add|deduct] Y [points] per X [unit] over|above|under|below [target]. */
const EN_STEP = new RegExp(
  String.raw`^(add|deduct|\+|-)?${NUM}(?:points?|pts?|分)?per${NUM}(\D*?)(over|above|under|below)(?:the)?(?:target)?$`,
);

const INCIDENT_WORDS = "有|出现|发生";
/** The unit words of a count of incidents, and of "每次" (each time) without a count. */
const INCIDENT_UNITS = "例|次|起|件|宗|单|笔|回|项|个|人次";

/** 客户有效投诉每有1例减2分, 每出现一次减2分, 每发生1起扣5分: [label] 每 有/出现/发生 N [unit] verb Y [分]. */
const ZH_INCIDENT = new RegExp(String.raw`^.*?每(?:${INCIDENT_WORDS})${COUNT}(\D*?)(加|得|扣|减|\+|-)${COUNT}分?$`);
/** 迟到每次扣1分, 投诉每例减2分: [label] 每 (次|例|起|…) verb Y [分], one incident a step. */
const ZH_EACH = new RegExp(String.raw`^.*?每(${INCIDENT_UNITS})(加|得|扣|减|\+|-)${COUNT}分?$`);
const EN_INCIDENT_NOUN = "incidents?|occurrences?|cases?|times?|complaints?|instances?|events?";
/** -2 per incident, -2 per 3 incidents, deduct 2 points for each complaint: [sign] Y [points] per|for each [N] noun. */
const EN_INCIDENT = new RegExp(String.raw`^(add|deduct|\+|-)?${NUM}(?:points?|pts?|分)?(?:per|foreach|forevery|for|each|every)${NUM}?(?:${EN_INCIDENT_NOUN})$`);
/** -2 each time, -1 every time: [sign] Y [points] each time. */
const EN_EACH_TIME = new RegExp(String.raw`^(add|deduct|\+|-)?${NUM}(?:points?|pts?|分)?(?:eachtime|everytime|pertime)$`);

/**
 * The first half of a clause a planner cut in two with a comma, as documents write them
 * ("每低5分，减2分", "客户有效投诉次数每有1例，减2分", "每出现一次，减2分"): a step or a count of
 * incidents without its points. Read together with the next piece when that is {@link TAIL}.
 */
const HEAD = new RegExp(
  String.raw`^.*?每(?:(?:超过|超出|超|高于|高|多|增加|低于|低|少|差|减少|下降)(?:目标|指标)?${NUM}\D*|(?:${INCIDENT_WORDS})${COUNT}\D*|(?:${INCIDENT_UNITS}))$`,
);
/** The second half: the points alone ("减2分", "则扣1分", "-2"). */
const TAIL = new RegExp(String.raw`^(?:则|就)?(?:加|得|扣|减|\+|-)${COUNT}分?$`);

const CAP = new RegExp(String.raw`^(?:(?:最高|封顶|上限)(?:得|为)?${SNUM}分?|(?:maximum|max|cap)${SNUM}(?:points?|pts?)?)$`);
const FLOOR = new RegExp(String.raw`^(?:(?:最低|保底|下限)(?:得|为)?${SNUM}分?|(?:minimum|min|floor)${SNUM}(?:points?|pts?)?)$`);
const GATE = new RegExp(
  String.raw`^(?:[^每]*?低于${NUM}%的?(?:不得分|不计分|得0分|计0分|为0分|0分)|(?:0|zero|nopoints)(?:points?|pts?)?(?:if)?(?:below|under)${NUM}%)$`,
);
const PRORATA = /^(?:按比例(?:计算|计分|计|折算)?|prorata|prorated)$/;
const PARTIAL = /^(?:不足一档(?:的)?按一档(?:计算|计|算)?|partialstepscount(?:asone|aswhole|asfull)?)$/;
const FLOOR_ZERO = /^(?:扣完为止|deductuntilzero)$/;
const NO_CAP = /^(?:上不封顶|不封顶|nocap|uncapped)$/;
const NO_OP = /^(?:(?:达标|完成目标|达成目标|达到目标)得满分|fullpointsattarget)$/;

const PERCENT_WORDS = new Set(["%", "percent"]);
const PP_WORDS = new Set(["个百分点", "百分点", "pp", "ppt", "percentagepoint", "percentagepoints"]);

const KINDS = {
  cap: { kind: "cap", kindZh: "上限" },
  floor: { kind: "floor", kindZh: "下限" },
  gate: { kind: "gate", kindZh: "门槛" },
  mode: { kind: "step mode", kindZh: "计档方式" },
} as const;

/**
 * Full-width ASCII (U+FF01–U+FF5E) to half-width, the ideographic space to a space, and
 * the typographic minus to "-".
 */
function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000\u2212\uFE6A]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x3000) return " ";
    if (code === 0x2212) return "-";
    if (code === 0xfe6a) return "%";
    return String.fromCharCode(code - 0xfee0);
  });
}

/** Reads every clause of `text` into a frozen {@link ScoringRule}; throws on the first bad one. */
function readRule(text: string): ScoringRule {
  const clauses: string[] = [];
  const steps: StepClause[] = [];
  let cap: number | undefined;
  let floor: number | undefined;
  let gate: number | undefined;
  let mode: StepMode | undefined;
  let noCap = false;
  let capClause = false;

  const once = (taken: boolean, clause: string, k: keyof typeof KINDS): void => {
    if (taken) fail("duplicateClause", { where: { arg: "rule" }, clause, ...KINDS[k] });
  };

  for (const { clause, s } of pieces(text)) {
    clauses.push(clause);
    let m: RegExpExecArray | null;
    if ((m = ZH_STEP.exec(s))) {
      const sign = m[4] === "扣" || m[4] === "减" || m[4] === "-" ? -1 : 1;
      steps.push(step(clause, ZH_ABOVE.has(m[1]) ? "above" : "below", Number(m[2]), m[3], sign * countOf(m[5])));
    } else if ((m = EN_STEP.exec(s))) {
      const sign = m[1] === "-" || m[1] === "deduct" ? -1 : 1;
      const side = m[5] === "over" || m[5] === "above" ? "above" : "below";
      steps.push(step(clause, side, Number(m[3]), m[4], sign * Number(m[2])));
    } else if ((m = ZH_INCIDENT.exec(s))) {
      const sign = m[3] === "扣" || m[3] === "减" || m[3] === "-" ? -1 : 1;
      steps.push(step(clause, "above", countOf(m[1]), m[2], sign * countOf(m[4]), "incident"));
    } else if ((m = ZH_EACH.exec(s))) {
      const sign = m[2] === "扣" || m[2] === "减" || m[2] === "-" ? -1 : 1;
      steps.push(step(clause, "above", 1, m[1], sign * countOf(m[3]), "incident"));
    } else if ((m = EN_INCIDENT.exec(s) ?? EN_EACH_TIME.exec(s))) {
      const sign = m[1] === "-" || m[1] === "deduct" ? -1 : 1;
      steps.push(step(clause, "above", m[3] === undefined ? 1 : Number(m[3]), "", sign * Number(m[2]), "incident"));
    } else if ((m = CAP.exec(s))) {
      once(capClause, clause, "cap");
      capClause = true;
      cap = Number(m[1] ?? m[2]);
    } else if (NO_CAP.test(s)) {
      once(capClause, clause, "cap");
      capClause = true;
      noCap = true;
    } else if ((m = FLOOR.exec(s))) {
      once(floor !== undefined, clause, "floor");
      floor = Number(m[1] ?? m[2]);
    } else if (FLOOR_ZERO.test(s)) {
      once(floor !== undefined, clause, "floor");
      floor = 0;
    } else if ((m = GATE.exec(s))) {
      once(gate !== undefined, clause, "gate");
      gate = Number(m[1] ?? m[2]) / 100;
    } else if (PRORATA.test(s)) {
      once(mode !== undefined, clause, "mode");
      mode = "prorata";
    } else if (PARTIAL.test(s)) {
      once(mode !== undefined, clause, "mode");
      mode = "partial";
    } else if (HEAD.test(s)) {
      fail("clauseWithoutPoints", { where: { arg: "rule" }, clause });
    } else if (TAIL.test(s)) {
      fail("pointsWithoutStep", { where: { arg: "rule" }, clause });
    } else if (!NO_OP.test(s)) {
      fail("unreadableClause", { where: { arg: "rule" }, clause });
    }
  }

  const rule: ScoringRule = {
    text,
    clauses: Object.freeze(clauses),
    steps: Object.freeze(steps),
    ...(cap !== undefined && { cap }),
    ...(floor !== undefined && { floor }),
    ...(gate !== undefined && { gate }),
    mode: mode ?? "whole",
    noCap,
  };
  return Object.freeze(rule);
}

/**
 * A step clause; a step size of 0 cannot be counted (nor a count or points that are not a
 * number), so it is an unreadable clause. Incidents are counted in the KPI's own units, whatever
 * the unit word ("例", "次").
 */
function step(clause: string, side: "above" | "below", size: number, unitWord: string, points: number, kind: "step" | "incident" = "step"): StepClause {
  if (!(size > 0) || !Number.isFinite(size) || !Number.isFinite(points)) fail("unreadableClause", { where: { arg: "rule" }, clause });
  const unit: StepUnit = kind === "incident" ? "abs" : PERCENT_WORDS.has(unitWord) ? "%" : PP_WORDS.has(unitWord) ? "pp" : "abs";
  return Object.freeze({ clause, kind, side, size, unit, unitWord, points });
}

/**
 * The clauses of a rule text, each as written (trimmed, for messages) and as read (half-width,
 * no spaces, lower case), empty ones dropped. A piece that is the first half of a clause cut by
 * a separator ({@link HEAD}: "每有1例") followed by its points ({@link TAIL}: "减2分") is one
 * clause, quoted with its separator ("每有1例，减2分"). Neither half reads alone, so joining them
 * changes the reading of no rule that read before.
 */
function pieces(text: string): { clause: string; s: string }[] {
  const parts = text.split(/([,，;；、\r\n])/);
  const out: { clause: string; s: string }[] = [];
  const norm = (raw: string): string => halfWidth(raw).replace(/\s+/g, "").toLowerCase();
  for (let i = 0; i < parts.length; i += 2) {
    const s = norm(parts[i]);
    if (s === "") continue;
    // The next non-empty piece, across empty ones ("每低5分，，减2分" is still one clause).
    let j = i + 2;
    while (j < parts.length && norm(parts[j]) === "") j += 2;
    if (j < parts.length && HEAD.test(s) && TAIL.test(norm(parts[j]))) {
      // "则" / "就" ("then") joins the halves and is no part of the points.
      out.push({ clause: parts.slice(i, j + 1).join("").trim(), s: s + norm(parts[j]).replace(/^(?:则|就)/, "") });
      i = j;
      continue;
    }
    out.push({ clause: parts[i].trim(), s });
  }
  return out;
}

const ZH_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/**
 * A count as written in a per-incident clause: digits, or a Chinese numeral below 1,000.
 * @returns the number, or NaN for a numeral it cannot read (一十百 in a wrong order)
 * @example countOf("2") // 2
 * @example countOf("一") // 1
 * @example countOf("二十五") // 25
 */
export function countOf(text: string): number {
  if (/^[\d.]/.test(text)) return Number(text);
  const m = /^(?:([一二两三四五六七八九])百)?(零|〇)?(?:([一二两三四五六七八九])?(十))?([一二两三四五六七八九])?$/.exec(text);
  if (!m || text === "" || text === "零" || text === "〇") return text === "零" || text === "〇" ? 0 : NaN;
  const hundreds = m[1] ? ZH_DIGITS[m[1]] * 100 : 0;
  const tens = m[4] ? (m[3] ? ZH_DIGITS[m[3]] : 1) * 10 : 0;
  const ones = m[5] ? ZH_DIGITS[m[5]] : 0;
  return hundreds + tens + ones;
}
