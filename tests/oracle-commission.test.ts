/**
 * COMMISSION against an independent reference written from the contract.
 *
 * Marginal (累进) is computed the way tax tables are often written, as a sum of ramps:
 * pay = Σ (rate_i − rate_{i−1}) × max(0, actual − threshold_i × target), which equals "the
 * part of actual between threshold_i × target and threshold_{i+1} × target at rate_i" and is
 * a different computation from the engine's slices. Whole (全额): all of actual at the rate of
 * the highest tier whose threshold the attainment reaches (x reaches t when
 * x ≥ t − 1e-9 × max(1, |x|, |t|)). Then the cap. Tiers come in any order, with blank rows,
 * up to six of them, thresholds from 1 % to 1000 %, targets from 1 to 10^9, actuals from 0
 * to ten times the target and on the thresholds themselves. The built bundle must pay the
 * same as the Excel face.
 */
import fc from "fast-check";
import { commission } from "../src/functions/functions";
import { installCustomFunctionsStub } from "./helpers/custom-functions";
import { callExcel, loadBundle } from "./helpers/bundle";

installCustomFunctionsStub();
const bundle = loadBundle();

interface Tier {
  threshold: number;
  rate: number;
}

const reaches = (x: number, t: number): boolean => x >= t - 1e-9 * Math.max(1, Math.abs(x), Math.abs(t));

/** The contract's COMMISSION for a non-blank actual and a positive target. */
function reference(actual: number, target: number, tiers: Tier[], mode: "marginal" | "whole", cap?: number): number {
  const sorted = [...tiers].sort((a, b) => a.threshold - b.threshold);
  let pay = 0;
  if (mode === "marginal") {
    let previous = 0;
    for (const { threshold, rate } of sorted) {
      pay += (rate - previous) * Math.max(0, actual - threshold * target);
      previous = rate;
    }
  } else {
    let rate = sorted[0].rate;
    for (const t of sorted) if (reaches(actual / target, t.threshold)) rate = t.rate;
    pay = actual * rate;
  }
  return cap !== undefined && pay > cap ? cap : pay;
}

const MODE_WORDS = { marginal: ["marginal", " Marginal ", "累进", "MARGINAL"], whole: ["whole", "WHOLE", " 全额 ", "Whole"] } as const;

const tiersArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 0, maxLength: 5 })
  .chain((percents) =>
    fc.record({
      tiers: fc.tuple(...[0, ...percents].map((p) => fc.record({ threshold: fc.constant(p / 100), rate: fc.oneof(fc.constantFrom(0, 0.01, 0.015, 0.02, 0.05), fc.double({ min: 0, max: 0.5, noNaN: true })) }))),
      order: fc.array(fc.nat(), { minLength: percents.length + 1, maxLength: percents.length + 1 }),
      blankRows: fc.array(fc.nat({ max: percents.length + 1 }), { maxLength: 2 }),
    }),
  )
  .map(({ tiers, order, blankRows }) => {
    // Any order: sort by a random key; blank rows anywhere.
    const rows: (number | null | string)[][] = tiers
      .map((t, k) => ({ t, key: order[k] }))
      .sort((a, b) => a.key - b.key)
      .map(({ t }) => [t.threshold, t.rate]);
    for (const at of blankRows) rows.splice(Math.min(at, rows.length), 0, [null, ""]);
    return { tiers, rows };
  });

const caseArb = fc
  .record({
    target: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 1, max: 1e9, noNaN: true })),
    tiers: tiersArb,
    mode: fc.constantFrom("marginal" as const, "whole" as const),
    modeWord: fc.nat({ max: 3 }),
    omitMode: fc.boolean(),
    cap: fc.option(fc.double({ min: 0, max: 1e8, noNaN: true }), { nil: undefined }),
    how: fc.constantFrom("free", "onThreshold", "near"),
    fraction: fc.double({ min: 0, max: 10, noNaN: true }),
    pickTier: fc.nat(),
  })
  .map((c) => {
    const thresholds = c.tiers.tiers.map((t) => t.threshold);
    const on = thresholds[c.pickTier % thresholds.length];
    const attainment = c.how === "free" ? c.fraction : c.how === "onThreshold" ? on : on * (1 + (c.fraction - 5) * 1e-3);
    return { ...c, actual: Math.max(0, attainment * c.target) };
  });

describe("COMMISSION against a tax-bracket reference", () => {
  it("pays what the reference pays, marginal and whole, with a cap, tiers in any order", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const mode = c.omitMode && c.mode === "marginal" ? undefined : MODE_WORDS[c.mode][c.modeWord];
        const got = commission(c.actual, c.target, c.tiers.rows, mode, c.cap);
        expect(callExcel(bundle.COMMISSION, [c.actual, c.target, c.tiers.rows, mode, c.cap])).toEqual({ value: got });
        const want = reference(c.actual, c.target, c.tiers.tiers, c.mode, c.cap);
        expect(typeof got).toBe("number");
        const scale = Math.max(1, c.actual * Math.max(...c.tiers.tiers.map((t) => t.rate)));
        expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-9 * scale);
      }),
      { numRuns: 3000 },
    );
  });

  it("pays nothing for nothing and gives an empty result for a blank actual", () => {
    fc.assert(
      fc.property(tiersArb, fc.double({ min: 1, max: 1e9, noNaN: true }), ({ rows }, target) => {
        expect(commission(0, target, rows)).toBe(0);
        expect(commission(0, target, rows, "whole")).toBe(0);
        expect(commission(null, target, rows)).toBe("");
        expect(commission(null, 0, rows)).toBe(""); // a blank actual before a zero target
      }),
    );
  });

  it("agrees with the reference on the contract's example", () => {
    const tiers = [
      { threshold: 0, rate: 0.015 },
      { threshold: 1, rate: 0.02 },
    ];
    expect(reference(1300000, 1000000, tiers, "marginal")).toBeCloseTo(21000, 6);
    expect(commission(1300000, 1000000, [[0, 0.015], [1, 0.02]])).toBeCloseTo(21000, 6);
  });
});
