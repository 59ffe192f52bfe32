/*
 * Every formula every sheet kind writes, evaluated with Excel's rules
 * (tests/helpers/formula-eval.ts) against the engine's value (`expect`): the decomposition
 * (split and grid blocks with their work cells), tracking and scorecard sheets of the examples in
 * both languages and of random plans covering every feature a builder reads (fast-check,
 * tests/helpers/plan-arb.ts), and quarterly splits of random inputs and placements. A formula
 * the evaluator does not know fails here, so a new function cannot slip past unevaluated.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { type Plan, resolveSplit, validatePlan } from "../src/sheets/plan";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { buildQuarterlySplit } from "../src/sheets/quarterly";
import type { SheetSpec } from "../src/sheets/spec";
import { expectFormulasMatch } from "./helpers/formula-eval";
import { planArb, quarterlyArb } from "./helpers/plan-arb";

const EXAMPLES = path.resolve(__dirname, "../examples");

/**
 * Split sheets carry work cells without `expect`; the tracking and scorecard sheets do not.
 * Exact shares (a unit of 0) hold the engine's numbers within its 1e-9 only (`A*w/W` leaves
 * float crumbs that core moves to the heaviest part): such a sheet is compared within 1e-9;
 * every other within 1e-12.
 */
const evaluate = (sheet: SheetSpec, exact = false, workbook?: SheetSpec[]) =>
  expectFormulasMatch(sheet, { withoutExpect: sheet.kind === "decomposition" || sheet.kind === "split" ? "helper" : "error", ...(exact ? { tolerance: 1e-9 } : {}), ...(workbook && { workbook }) });
/** Whether a plan splits anything exactly (a unit of 0). */
const splitsExactly = (p: Plan): boolean => (p.splits ?? []).some((s) => resolveSplit(p, s.id).roundTo === 0);

describe("the examples", () => {
  for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".json"))) {
    test(`${file}: every sheet, both languages`, () => {
      const v = validatePlan(JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")));
      if (!v.ok) throw new Error(JSON.stringify(v.problems));
      for (const lang of ["en", "zh"] as const) {
        const { sheets } = buildPlanWorkbook(v.plan, { lang, asOf: "2025-06-30" });
        for (const sheet of sheets) evaluate(sheet, false, sheets);
      }
    });
  }
});

describe("random plans and splits (fast-check)", () => {
  test("every sheet of a random plan", () => {
    const kinds = new Map<string, number>();
    let built = 0;
    fc.assert(
      fc.property(planArb, fc.constantFrom("en" as const, "zh" as const), (json, lang) => {
        const v = validatePlan(json);
        if (!v.ok) return;
        built++;
        for (const sheet of buildPlanWorkbook(v.plan as Plan, { lang }).sheets) {
          kinds.set(sheet.kind, (kinds.get(sheet.kind) ?? 0) + 1);
          evaluate(sheet, sheet.kind === "decomposition" && splitsExactly(v.plan));
        }
      }),
      { numRuns: 200 },
    );
    expect(built).toBeGreaterThan(100);
    for (const kind of ["decomposition", "tracking", "scorecard"]) expect(kinds.get(kind) ?? 0).toBeGreaterThan(30);
  });
  test("every quarterly split of random inputs and placements", () => {
    fc.assert(
      fc.property(quarterlyArb, (g) => {
        const names = g.annual.map((_, i) => `rep ${i}`);
        evaluate(buildQuarterlySplit({ names, annual: g.annual, weights: g.weights, unit: g.unit, months: g.months, monthWeights: g.monthWeights, lang: "en", ...g.place }).sheets[0], g.unit === 0);
      }),
      { numRuns: 100 },
    );
  });
});
