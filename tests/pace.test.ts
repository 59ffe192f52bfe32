import * as fc from "fast-check";
import { paceOf, periodShare } from "../src/core/pace";
import { expectNear, planError } from "./helpers/expect";
import { seedCases } from "./helpers/fixtures";

const seed = seedCases("PACE");

// Excel serials: 2024-01-01, 2024-03-31, 2024-12-31 (2024 is a leap year: 366 days).
const JAN1 = 45292;
const MAR31 = 45382;
const DEC31 = 45657;

describe("PACE: wrong arguments", () => {
  it("rejects an end before the start with #NUM! naming end, in both languages", () => {
    const err = planError(() => paceOf(300, 1000, MAR31, DEC31, JAN1));
    expect(err.code).toBe("#NUM!");
    expect(err.message).toBe("end: the period ends before it starts");
    expect(err.messageIn("zh")).toBe("结束日：结束日早于开始日");
  });

  it("rejects an end before the start even when the actual or as_of is blank", () => {
    expect(planError(() => paceOf(null, 1000, MAR31, JAN1, JAN1 - 1)).code).toBe("#NUM!");
    expect(planError(() => paceOf(300, 1000, null, JAN1, JAN1 - 1)).code).toBe("#NUM!");
  });

  it("rejects an end before the start even against a zero target", () => {
    expect(planError(() => paceOf(300, 0, MAR31, JAN1, JAN1 - 1)).key).toBe("endBeforeStart");
  });

  it("ignores the time of day when comparing end and start", () => {
    expectNear(paceOf(5, 10, JAN1 + 0.2, JAN1 + 0.9, JAN1 + 0.1), 0.5);
  });

  it("gives #DIV/0! for a zero target", () => {
    const err = planError(() => paceOf(300, 0, MAR31, JAN1, DEC31));
    expect(err.code).toBe("#DIV/0!");
    expect(err.message).toBe("target: the target is zero");
    expect(err.messageIn("zh")).toBe("目标：目标为 0");
  });
});

describe("PACE: seed cases", () => {
  it.each(seed.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const [actual, target, asOf, start, end] = c.args as [number | null, number, number | null, number, number];
    const run = () => paceOf(actual, target, asOf, start, end);
    if (c.error) expect(planError(run).code).toBe(c.error);
    else expectNear(run(), c.expect);
  });

  it("covers the seed's PACE cases", () => {
    expect(seed.length).toBeGreaterThanOrEqual(1);
  });
});

describe("PACE: the contract's example", () => {
  it("divides 30 % attainment by 91 of 366 days", () => {
    expectNear(paceOf(300, 1000, MAR31, JAN1, DEC31), 0.3 / (91 / 366));
    expectNear(paceOf(300, 1000, MAR31, JAN1, DEC31), 1.2065934065934065);
  });
});

describe("PACE: share of the period", () => {
  it("counts both the first and the last day", () => {
    expectNear(periodShare(MAR31, JAN1, DEC31), 91 / 366);
  });

  it("is one day's share on the first day", () => {
    expectNear(paceOf(1, 366, JAN1, JAN1, DEC31), 1);
  });

  it("is 1 on the last day, so pace equals attainment", () => {
    expectNear(paceOf(900, 1000, DEC31, JAN1, DEC31), 0.9);
  });

  it("is clamped to 1 after the period, so pace equals attainment", () => {
    expect(periodShare(DEC31 + 40, JAN1, DEC31)).toBe(1);
    expectNear(paceOf(1100, 1000, DEC31 + 40, JAN1, DEC31), 1.1);
  });

  it("is clamped to 0 before the period", () => {
    expect(periodShare(JAN1 - 10, JAN1, DEC31)).toBe(0);
  });

  it("treats a one-day period as fully gone on that day", () => {
    expectNear(paceOf(40, 50, JAN1, JAN1, JAN1), 0.8);
  });

  it("ignores fractions of a day in every date", () => {
    expect(paceOf(300, 1000, MAR31 + 0.75, JAN1 + 0.5, DEC31 + 0.99)).toBe(paceOf(300, 1000, MAR31, JAN1, DEC31));
  });
});

describe("PACE: blanks and dates before the period", () => {
  it("gives an empty result for a blank actual", () => {
    expect(paceOf(null, 1000, MAR31, JAN1, DEC31)).toBe("");
  });

  it("gives an empty result for a blank as_of", () => {
    expect(paceOf(300, 1000, null, JAN1, DEC31)).toBe("");
  });

  it("gives an empty result before the period starts", () => {
    expect(paceOf(300, 1000, JAN1 - 1, JAN1, DEC31)).toBe("");
  });

  it("gives an empty result rather than #DIV/0! when there is nothing to measure yet", () => {
    expect(paceOf(null, 0, MAR31, JAN1, DEC31)).toBe("");
    expect(paceOf(300, 0, null, JAN1, DEC31)).toBe("");
    expect(paceOf(300, 0, JAN1 - 1, JAN1, DEC31)).toBe("");
  });

  it("measures from the first day even when as_of has a time before the start's", () => {
    expectNear(paceOf(1, 366, JAN1 + 0.1, JAN1 + 0.9, DEC31), 1);
  });
});

describe("PACE: other values", () => {
  it("gives 0 for a zero actual within the period", () => {
    expect(paceOf(0, 1000, MAR31, JAN1, DEC31)).toBe(0);
  });

  it("follows the sign of a negative actual", () => {
    expectNear(paceOf(-100, 1000, DEC31, JAN1, DEC31), -0.1);
  });
});

describe("PACE: properties", () => {
  const day = fc.integer({ min: 0, max: 3000 });
  const period = fc.tuple(fc.integer({ min: 40000, max: 50000 }), fc.integer({ min: 0, max: 800 }));
  const amount = fc.double({ min: 0, max: 1e9, noNaN: true });
  const target = fc.double({ min: 1, max: 1e9, noNaN: true });

  it("gives back the attainment when multiplied by the share of the period", () => {
    fc.assert(
      fc.property(amount, target, period, fc.integer({ min: 0, max: 900 }), (a, t, [start, len], d) => {
        const p = paceOf(a, t, start + d, start, start + len) as number;
        return Math.abs(p * periodShare(start + d, start, start + len) - a / t) <= 1e-9 * Math.max(1, a / t);
      }),
      { numRuns: 1000 },
    );
  });

  it("never rises as the as_of date moves on for the same actual", () => {
    fc.assert(
      fc.property(amount, target, period, day, day, (a, t, [start, len], d1, d2) => {
        const [early, late] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const p1 = paceOf(a, t, start + early, start, start + len) as number;
        const p2 = paceOf(a, t, start + late, start, start + len) as number;
        return p2 <= p1 * (1 + 1e-12);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps the share between 0 and 1 for any dates", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5000, max: 5000 }), period, (d, [start, len]) => {
        const s = periodShare(start + d, start, start + len);
        return s >= 0 && s <= 1;
      }),
      { numRuns: 1000 },
    );
  });
});
