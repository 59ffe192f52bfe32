/** What a rep needs per remaining month to end the year green (core/needed). */
import fc from "fast-check";
import { neededToTurnGreen } from "../src/core/needed";
import { trafficLight } from "../src/core/status";

describe("neededToTurnGreen", () => {
  it("spreads what is missing of a sum over the months left", () => {
    expect(neededToTurnGreen({ yearTarget: 1200, actualSoFar: 300, monthsLeft: 9 })).toEqual({ kind: "perMonth", perMonth: 100, bound: "atLeast" });
  });

  it("counts the green line, not the full target, when green starts below 100 %", () => {
    expect(neededToTurnGreen({ yearTarget: 1000, actualSoFar: 500, monthsLeft: 4, greenAt: 0.9 })).toEqual({ kind: "perMonth", perMonth: 100, bound: "atLeast" });
  });

  it("says green already once the actuals reach the line", () => {
    expect(neededToTurnGreen({ yearTarget: 1000, actualSoFar: 1000, monthsLeft: 3 })).toEqual({ kind: "already" });
    expect(neededToTurnGreen({ yearTarget: 1000, actualSoFar: 900.0000000001, monthsLeft: 3, greenAt: 0.9 })).toEqual({ kind: "already" });
  });

  it("gives an upper bound when lower is better, and unreachable once over the line", () => {
    // Overdue receivables ≤ 100 over the year: 40 so far, 6 months left → at most 10 a month.
    expect(neededToTurnGreen({ yearTarget: 100, actualSoFar: 40, monthsLeft: 6, direction: "lower" })).toEqual({ kind: "perMonth", perMonth: 10, bound: "atMost" });
    expect(neededToTurnGreen({ yearTarget: 100, actualSoFar: 120, monthsLeft: 6, direction: "lower" })).toEqual({ kind: "unreachable" });
  });

  it("solves for the mean of the months with data when the year's figure is an average", () => {
    // Collection rate, target 95 %: 4 months at 90 % (sum 3.6); 8 left: x ≥ (0.95 × 12 − 3.6) / 8 = 0.975.
    expect(neededToTurnGreen({ yearTarget: 0.95, actualSoFar: 3.6, monthsLeft: 8, aggregate: "average", monthsWithData: 4 })).toEqual({
      kind: "perMonth",
      perMonth: 0.975,
      bound: "atLeast",
    });
    expect(neededToTurnGreen({ yearTarget: 0.08, actualSoFar: 0.3, monthsLeft: 8, direction: "lower", aggregate: "average", monthsWithData: 4 })).toEqual({
      kind: "perMonth",
      perMonth: 0.0825,
      bound: "atMost",
    });
  });

  it("says whether the year ended green when no month is left", () => {
    expect(neededToTurnGreen({ yearTarget: 1000, actualSoFar: 1000, monthsLeft: 0 })).toEqual({ kind: "noMonthsLeft", green: true });
    expect(neededToTurnGreen({ yearTarget: 1000, actualSoFar: 999, monthsLeft: 0 })).toEqual({ kind: "noMonthsLeft", green: false });
  });

  it("refuses months left outside 0 to 12", () => {
    expect(() => neededToTurnGreen({ yearTarget: 1, actualSoFar: 0, monthsLeft: 13 })).toThrow(RangeError);
    expect(() => neededToTurnGreen({ yearTarget: 1, actualSoFar: 0, monthsLeft: 2.5 })).toThrow(RangeError);
    expect(() => neededToTurnGreen({ yearTarget: 1, actualSoFar: 0, monthsLeft: -1 })).toThrow(/months_left/);
  });

  it("is exactly enough: the months at that figure end green, a little less does not (higher, sum)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(0.8, 0.9, 1, 1.1),
        (target, soFar, k, greenAt) => {
          const need = neededToTurnGreen({ yearTarget: target, actualSoFar: soFar, monthsLeft: k, greenAt });
          if (need.kind === "already") {
            expect(trafficLight(soFar, target, { greenAt, yellowAt: Math.min(0.9, greenAt) })).toBe("green");
            return;
          }
          expect(need.kind).toBe("perMonth");
          if (need.kind !== "perMonth") return;
          const opts = { greenAt, yellowAt: Math.min(0.9, greenAt) };
          expect(trafficLight(soFar + k * need.perMonth, target, opts)).toBe("green");
          expect(trafficLight(soFar + k * need.perMonth * 0.999 - 1, target, opts)).not.toBe("green");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is exactly the most allowed when lower is better", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 12 }), (target, soFar, k) => {
        const need = neededToTurnGreen({ yearTarget: target, actualSoFar: soFar, monthsLeft: k, direction: "lower" });
        if (need.kind === "unreachable") {
          expect(trafficLight(soFar, target, { direction: "lower" })).not.toBe("green");
          return;
        }
        expect(need).toMatchObject({ kind: "perMonth", bound: "atMost" });
        if (need.kind !== "perMonth") return;
        expect(trafficLight(soFar + k * need.perMonth, target, { direction: "lower" })).toBe("green");
        expect(trafficLight(soFar + k * need.perMonth + 1, target, { direction: "lower" })).not.toBe("green");
      }),
      { numRuns: 300 },
    );
  });
});
