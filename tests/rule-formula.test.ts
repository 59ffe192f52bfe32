import fc from "fast-check";
import { attainmentFormula, compileRuleFormula, formulaNumber, nearlyEqualFormula, reachesFormula } from "../src/core/rule-formula";
import { isPlanError } from "../src/core/errors";
import { type ScoreOptions, scoreKpi } from "../src/core/score";
import { attainment } from "../src/core/attainment";
import { nearlyEqual, reaches } from "../src/core/tolerance";
import { XlError, type XlValue, evaluateFormula } from "./helpers/formula-eval";
import { seedCases } from "./helpers/fixtures";
import { MAX_NESTING, excelLimitProblems, measureFormula } from "./helpers/excel-limits";
import { validatePlan } from "../src/sheets/plan";

/** Cells A1:E1 hold actual, target, points, cap, floor. */
const REFS = { actual: "A1", target: "B1", points: "C1" };

function run(formula: string, cells: XlValue[]): XlValue {
  return evaluateFormula(formula, (row, col) => (row === 0 ? (cells[col] ?? null) : null));
}

/** What the engine gives: the score, or the error code it raises. */
function engine(actual: number | null, target: number, points: number, options: ScoreOptions): XlValue {
  try {
    return scoreKpi(actual, target, points, options);
  } catch (e) {
    if (isPlanError(e)) return new XlError(e.code);
    throw e;
  }
}

/**
 * What the compiled formula gives in the evaluator, or the compile-time error's code. With
 * `directionWord`, the direction is read from F1 holding that word.
 */
function native(actual: number | null, target: number, points: number, options: ScoreOptions, capFloorInCells: boolean, directionWord?: string | null): XlValue {
  let formula: string;
  try {
    formula = compileRuleFormula(options.rule, {
      ...REFS,
      direction: directionWord !== undefined ? { ref: "F1" } : options.direction,
      ...(options.cap !== undefined && { cap: capFloorInCells ? "D1" : options.cap }),
      ...(options.floor !== undefined && { floor: capFloorInCells ? "E1" : options.floor }),
    });
  } catch (e) {
    if (isPlanError(e)) return new XlError(e.code);
    throw e;
  }
  return run(formula, [actual, target, points, options.cap ?? null, options.floor ?? null, directionWord ?? null]);
}

/** Same value: numbers exactly (0 and -0 alike), errors by code, text exactly. */
function same(got: XlValue, want: XlValue): boolean {
  if (got instanceof XlError || want instanceof XlError) {
    return got instanceof XlError && want instanceof XlError && got.code === want.code;
  }
  return got === want;
}

const SALES = "每超1%加0.5分,每低1%扣1分";

describe("compileRuleFormula: the contract's examples", () => {
  const cases: [number, number, number, string, number][] = [
    [1.03, 1, 40, SALES, 41.5],
    [0.96, 1, 40, SALES, 36],
    [0.88, 0.95, 20, "每低5%扣5分", 15],
    [12, 20, 15, "每少5家扣3分", 12],
    [78, 85, 10, "每低5分扣2分", 8],
    [15, 12, 15, "每超1个加2分", 21],
    [0.85, 0.95, 10, "每低5个百分点扣1分", 8],
  ];
  it.each(cases)("scores %p against %p on %p points with %p as %p", (a, t, p, rule, want) => {
    expect(run(compileRuleFormula(rule, REFS), [a, t, p])).toBe(want);
  });
  it("converts by attainment without a rule: 90 % of 30 points is 27", () => {
    const got = run(compileRuleFormula(undefined, REFS), [0.9, 1, 30]);
    expect(got).toBeCloseTo(27, 12);
    expect(got).toBe(scoreKpi(0.9, 1, 30));
  });
  it("gives \"\" for a blank actual, with a rule and without", () => {
    expect(run(compileRuleFormula(SALES, REFS), [null, 1, 40])).toBe("");
    expect(run(compileRuleFormula(undefined, REFS), [null, 1, 40])).toBe("");
  });
  it("writes the @example's formula", () => {
    expect(compileRuleFormula("每低5%扣5分", { actual: "B2", target: "C2", points: "D2" })).toBe(
      'IF(B2="","",MAX(0,IF(ABS(B2-C2)<=1E-9*MAX(1,ABS(B2),ABS(C2)),D2,IF(B2>C2,D2,D2-INT(ABS(B2-C2)/ABS(C2)*(100/5)+MIN(1E-9*MAX(1,ABS(B2-C2)/ABS(C2)*(100/5),MAX(1,ABS(B2),ABS(C2))/ABS(C2)*(100/5)),MAX(1E-4,MAX(1,ABS(B2),ABS(C2))/ABS(C2)*(100/5)*2^-50)))*5))))',
    );
    expect(compileRuleFormula(undefined, { actual: "B2", target: "C2", points: 30 })).toBe('IF(B2="","",MAX(0,30*(B2/C2)))');
  });
  it("writes only Excel 2003 functions, no leading = and no _xlfn.", () => {
    const f = compileRuleFormula("每超1%加0.5分,每低1%扣1分,低于60%不得分,最高50分,不足一档按一档计", { ...REFS, direction: "lower" });
    expect(f.startsWith("=")).toBe(false);
    expect(f).not.toMatch(/_xlfn/i);
    const functions = new Set(f.match(/[A-Z]+(?=\()/g));
    for (const fn of functions) expect(["IF", "MAX", "MIN", "INT", "ABS"]).toContain(fn);
  });
  it("brackets an expression given as a reference", () => {
    const f = compileRuleFormula(undefined, { actual: "A1+0", target: "B1", points: "C1" });
    expect(run(f, [0.5, 1, 40])).toBe(20);
  });
});

describe("compileRuleFormula: the seed fixtures", () => {
  const cases = seedCases("SCORE");
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const [actual, target, points, rule] = c.args as [number | null, number, number, string | null | undefined];
    const options: ScoreOptions = rule === undefined || rule === null ? {} : { rule };
    expect(same(native(actual, target, points, options, false), engine(actual, target, points, options))).toBe(true);
  });
});

describe("compileRuleFormula: corners", () => {
  it("keeps every step of a small gap between large values, as the contract promises", () => {
    // 12345678.91 − 12345678.81 is 0.09999999962747097 in doubles: 100 steps of 0.001, not 99.
    expect(native(12345678.91, 12345678.81, 0, { rule: "+1 per 0.001 over" }, false)).toBe(100);
    // 1000000 − 999999.967 is 0.033 less 2.2e-11: 33 started steps of 0.1 pp, not 34.
    expect(native(999999.967, 1000000, 40, { rule: "每低0.1个百分点扣0.5分,不足一档按一档计" }, false)).toBe(23.5);
    // Steps of 0.001 on billions: the gap is 71199.99980926514 steps in doubles, short of 71200
    // by more than 1e-4 of a step; the values' own noise (m × 2^-50 ≈ 0.003 steps) is the slack.
    expect(native(3363575582.252, 3363575511.052, 0, { rule: "+1 per 0.001 over" }, false)).toBe(71200);
  });
  it("keeps #DIV/0! for a % step on a zero target on the side that applies, and scores units steps", () => {
    expect(same(native(0.1, 0, 10, { rule: "每超1%加1分" }, false), new XlError("#DIV/0!"))).toBe(true);
    expect(native(3, 0, 10, { rule: "每超1个加1分" }, false)).toBe(13);
    expect(native(-1, 0, 10, { rule: "每超1%加1分" }, false)).toBe(10);
  });
  it("keeps #DIV/0! from the steps when a lower-is-better gate would zero the score", () => {
    const options: ScoreOptions = { rule: "每超1%扣1分,低于50%不得分", direction: "lower" };
    expect(same(native(5, 0, 10, options, false), engine(5, 0, 10, options))).toBe(true);
    expect(engine(5, 0, 10, options)).toEqual(new XlError("#DIV/0!"));
  });
  it("refuses a floor above the cap as the engine does (#NUM!)", () => {
    expect(() => compileRuleFormula("最高10分,最低20分", REFS)).toThrow();
    expect(same(native(1, 1, 10, { cap: 5, floor: 6 }, false), engine(1, 1, 10, { cap: 5, floor: 6 }))).toBe(true);
  });
  it("takes the cap when a floor a hair above it is within the tolerance", () => {
    const options: ScoreOptions = { rule: "每超1%加1分", cap: 10, floor: 10 + 1e-12 };
    for (const a of [0.5, 1, 1.5]) expect(same(native(a, 1, 10, options, false), engine(a, 1, 10, options))).toBe(true);
  });
  it("refuses a rule it cannot read (#VALUE!)", () => {
    expect(() => compileRuleFormula("看心情", REFS)).toThrow();
  });
});

describe("formula pieces", () => {
  it("writes numbers the way a formula reads them back", () => {
    expect(formulaNumber(0.5)).toBe("0.5");
    expect(formulaNumber(1e-7)).toBe("1E-7");
    expect(formulaNumber(1e21)).toBe("1E21");
    expect(formulaNumber(-3)).toBe("(-3)");
    expect(() => formulaNumber(NaN)).toThrow();
  });
  it("reaches and nearly-equal agree with the engine's tolerance", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -3, max: 3 }), (x, t, nudge) => {
        // Also near the edge: x a few ulps-of-tolerance either side of t.
        const y = t + nudge * 1e-9 * Math.max(1, Math.abs(t)) * 0.5;
        for (const v of [x, y]) {
          expect(run(reachesFormula("A1", "B1"), [v, t])).toBe(reaches(v, t));
          expect(run(nearlyEqualFormula("A1", "B1"), [v, t])).toBe(nearlyEqual(v, t));
        }
      }),
    );
  });
  it("attainment agrees with ATTAIN in both directions, a zero target included", () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.constantFrom(0, 0.08, 1, 20, -4), fc.constantFrom("higher" as const, "lower" as const), (a, t, d) => {
        let want: XlValue;
        try {
          want = attainment(a, t, d);
        } catch {
          want = new XlError("#DIV/0!");
        }
        expect(same(run(attainmentFormula("A1", "B1", d), [a, t]), want)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- properties: generated rules, Chinese and English, against scoreKpi ------------------------

interface StepSpec {
  above: boolean;
  size: number;
  unit: "%" | "pp" | "unit" | "none";
  pts: number;
  add: boolean;
  zh: boolean;
  /** Picks the wording among the synonyms. */
  word: number;
}

const stepSpec: fc.Arbitrary<StepSpec> = fc.record({
  above: fc.boolean(),
  size: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 400 }).map((n) => n / 4), fc.constantFrom(0.1, 0.3, 2.5, 0.01, 0.001)),
  unit: fc.constantFrom("%" as const, "pp" as const, "unit" as const, "none" as const),
  pts: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 40 }).map((n) => n / 4), fc.constantFrom(0.1, 0.3)),
  add: fc.boolean(),
  zh: fc.boolean(),
  word: fc.nat({ max: 4 }),
});

function stepText(s: StepSpec): string {
  if (s.zh) {
    const side = (s.above ? ["每超", "每超过", "每高于", "每多", "销售额每增加"] : ["每低", "每低于", "每少", "完成率每差", "每下降"])[s.word];
    const unit = { "%": "%", pp: "个百分点", unit: "家", none: "" }[s.unit];
    return `${side}${s.size}${unit}${s.add ? "加" : "扣"}${s.pts}分`;
  }
  const unit = { "%": "%", pp: " pp", unit: " customers", none: "" }[s.unit];
  return `${s.add ? "+" : "-"}${s.pts} per ${s.size}${unit} ${s.above ? "over" : "under"}`;
}

interface Extras {
  mode: "" | "prorata" | "partial";
  cap?: number;
  floor?: number | "zero";
  gate?: number;
  noCap: boolean;
  noOp: boolean;
  zh: boolean;
}

const extras: fc.Arbitrary<Extras> = fc.record({
  mode: fc.constantFrom("" as const, "prorata" as const, "partial" as const),
  cap: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  floor: fc.option(fc.oneof(fc.integer({ min: -20, max: 60 }), fc.constant("zero" as const)), { nil: undefined }),
  gate: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
  noCap: fc.boolean(),
  noOp: fc.boolean(),
  zh: fc.boolean(),
});

const SEPARATORS = [",", "，", "; ", "；", "、", "\n"];

function ruleText(steps: StepSpec[], x: Extras, order: number[], separator: number): string {
  const clauses = steps.map(stepText);
  const zh = x.zh;
  if (x.mode === "prorata") clauses.push(zh ? "按比例" : "pro rata");
  if (x.mode === "partial") clauses.push(zh ? "不足一档按一档计" : "partial steps count");
  if (x.cap !== undefined) clauses.push(zh ? `最高${x.cap}分` : `max ${x.cap}`);
  else if (x.noCap) clauses.push(zh ? "上不封顶" : "no cap");
  if (x.floor === "zero") clauses.push(zh ? "扣完为止" : "deduct until zero");
  else if (x.floor !== undefined) clauses.push(zh ? `最低${x.floor}分` : `min ${x.floor}`);
  if (x.gate !== undefined) clauses.push(zh ? `低于${x.gate}%不得分` : `0 below ${x.gate}%`);
  if (x.noOp) clauses.push(zh ? "达标得满分" : "full points at target");
  // Shuffle by the generated order; clauses are independent of their place.
  const shuffled = order.slice(0, clauses.length).map((k) => k % clauses.length);
  const used = new Set<number>();
  const out: string[] = [];
  for (const k of shuffled) {
    let j = k;
    while (used.has(j)) j = (j + 1) % clauses.length;
    used.add(j);
    out.push(clauses[j]);
  }
  return out.join(SEPARATORS[separator]);
}

/** Targets and actuals, with actuals on step boundaries of the rule (where tolerance matters). */
const scenario = fc
  .record({
    steps: fc.array(stepSpec, { maxLength: 4 }),
    extras,
    order: fc.array(fc.nat({ max: 20 }), { minLength: 12, maxLength: 12 }),
    separator: fc.nat({ max: SEPARATORS.length - 1 }),
    // Large targets too: a small gap between large values carries their rounding noise, which
    // the step count's tolerance absorbs in the formula exactly as in the engine.
    target: fc.oneof(
      fc.constantFrom(1, 0.95, 0.85, 20, 12, 85, 0.08, 100000, 0),
      fc.double({ min: 0.01, max: 1e6, noNaN: true }),
      fc.double({ min: -100, max: -0.01, noNaN: true }),
      fc.constantFrom(12345678.81, 1e6, 987654321.5, 5e9, -2500000.25),
    ),
    points: fc.oneof(fc.constantFrom(40, 20, 15, 10), fc.integer({ min: 0, max: 400 }).map((n) => n / 4)),
    direction: fc.constantFrom(undefined, "higher" as const, "lower" as const),
    capArg: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined, freq: 4 }),
    floorArg: fc.option(fc.integer({ min: -10, max: 30 }), { nil: undefined, freq: 4 }),
    k: fc.integer({ min: -30, max: 30 }),
    wiggle: fc.constantFrom(0, 0, 1e-12, -1e-12, 1e-10, -1e-10, 1e-8, -1e-8),
    free: fc.double({ min: -2, max: 4, noNaN: true }),
    kind: fc.constantFrom("boundary", "free", "at", "blank"),
  })
  .map((s) => {
    const step = s.steps[0];
    let actual: number | null;
    if (s.kind === "blank") actual = null;
    else if (s.kind === "at") actual = s.target;
    else if (s.kind === "free" || step === undefined) actual = s.target === 0 ? s.free : s.target * s.free;
    else {
      // k steps of the first clause away from the target, nudged by a hair.
      const gap = step.unit === "%" ? (Math.abs(s.target) * step.size * s.k) / 100 : step.unit === "pp" ? (step.size * s.k) / 100 : step.size * s.k;
      actual = s.target + gap;
      actual = actual + s.wiggle * Math.max(1, Math.abs(actual));
    }
    return { ...s, actual, rule: ruleText(s.steps, s.extras, s.order, s.separator) };
  });

describe("compileRuleFormula: the formula scores what scoreKpi scores (properties)", () => {
  it("for generated rules in Chinese and English, every actual, step mode, unit, cap, floor, gate and direction", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const options: ScoreOptions = { rule: s.rule, direction: s.direction, cap: s.capArg, floor: s.floorArg };
        const want = engine(s.actual, s.target, s.points, options);
        const got = native(s.actual, s.target, s.points, options, false);
        if (!same(got, want)) throw new Error(`${JSON.stringify(s.rule)} a=${s.actual} t=${s.target} p=${s.points}: formula ${String(got)}, engine ${String(want)}`);
      }),
      { numRuns: 3000 },
    );
  });
  it("also when the cap and floor arguments sit in cells", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const options: ScoreOptions = { rule: s.rule, direction: s.direction, cap: s.capArg, floor: s.floorArg };
        const want = engine(s.actual, s.target, s.points, options);
        const got = native(s.actual, s.target, s.points, options, true);
        // A floor above the cap in cells is not refused by the formula (it cannot raise #NUM!).
        if (want instanceof XlError && want.code === "#NUM!") return;
        if (!same(got, want)) throw new Error(`${JSON.stringify(s.rule)} a=${s.actual} t=${s.target}: formula ${String(got)}, engine ${String(want)}`);
      }),
      { numRuns: 1000 },
    );
  });
  it("also when the direction sits in a cell, in any case and with spaces", () => {
    const words = { higher: ["higher", "Higher ", "越高越好", null], lower: ["lower", " LOWER", "越低越好"] };
    fc.assert(
      fc.property(scenario, fc.nat({ max: 3 }), (s, k) => {
        const direction = s.direction ?? "higher";
        const list = words[direction];
        const options: ScoreOptions = { rule: s.rule, direction, cap: s.capArg, floor: s.floorArg };
        const want = engine(s.actual, s.target, s.points, options);
        const got = native(s.actual, s.target, s.points, options, false, list[k % list.length]);
        if (!same(got, want)) throw new Error(`${JSON.stringify(s.rule)} ${direction} a=${s.actual} t=${s.target}: formula ${String(got)}, engine ${String(want)}`);
      }),
      { numRuns: 1000 },
    );
  });
  it("without a rule, converts by attainment for either direction", () => {
    fc.assert(
      fc.property(fc.option(fc.double({ min: -5, max: 5, noNaN: true }), { nil: null }), fc.constantFrom(0, 1, 0.08, 20), fc.constantFrom("higher" as const, "lower" as const), fc.integer({ min: 0, max: 100 }), (a, t, d, p) => {
        const options: ScoreOptions = { direction: d };
        expect(same(native(a, t, p, options, false), engine(a, t, p, options))).toBe(true);
        expect(same(native(a, t, p, options, false, d), engine(a, t, p, options))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("compiled rules and Excel's limits (8,192 characters, 64 nested calls, 255 arguments)", () => {
  const ruleOf = (n: number): string => Array.from({ length: n }, (_, i) => (i % 2 ? `每低${i}%扣1分` : `每超${i + 1}%加1分`)).join(",");
  it("nesting and arguments do not grow with the clauses: only the length does, which validation bounds", () => {
    const refs = { actual: "CV1048576", target: "$C$53", points: "$B$53", cap: 120, floor: 0 };
    const two = measureFormula(compileRuleFormula(ruleOf(2) + ",低于60%不得分", refs));
    const many = measureFormula(compileRuleFormula(ruleOf(34) + ",低于60%不得分", refs));
    expect(many.depth).toBe(two.depth);
    expect(many.maxArguments).toBe(two.maxArguments);
    expect(two.depth).toBeLessThanOrEqual(MAX_NESTING);
    expect(many.length).toBeGreaterThan(two.length);
  });
  it("a rule that validation accepts compiles within all three limits; one clause more is refused by validation, not by Excel", () => {
    let n = 1;
    const plan = (rule: string) => validatePlan({ title: "t", year: 2025, scorecard: { kpis: [{ id: "a", name: "A", weight: 100, target: 1, rule }] } });
    while (plan(ruleOf(n + 1)).ok) n++;
    expect(excelLimitProblems(compileRuleFormula(ruleOf(n), { actual: "CV1048576", target: "$C$53", points: "$B$53" }))).toEqual([]);
    expect(excelLimitProblems(compileRuleFormula(ruleOf(n + 1), { actual: "CV1048576", target: "$C$53", points: "$B$53" }))[0]).toMatch(/characters/);
    expect(n).toBeGreaterThanOrEqual(30);
  });
});
