import * as fc from "fast-check";
import type { Cell } from "../src/core/band";
import { type Tier, commissionOf, parseCommissionMode, readTiers } from "../src/core/commission";
import { commission as TARGET_COMMISSION } from "../src/functions/functions";
import { commissionFormula } from "../src/sheets/native";
import { expectNear, planError } from "./helpers/expect";
import { installCustomFunctionsStub } from "./helpers/custom-functions";
import { type XlValue, evaluateFormula } from "./helpers/formula-eval";
import { seedCases } from "./helpers/fixtures";

const seed = seedCases("COMMISSION");

/** COMMISSION(actual, target, tiers, [mode], [cap]) with Excel's arguments; blanks are omissions. */
function commission(actual: number | null, target: number, tiers: Cell[][], mode?: string | null, cap?: number | null): number | "" {
  return commissionOf(actual, target, readTiers(tiers), { mode: parseCommissionMode(mode ?? undefined), cap: cap ?? undefined });
}

// 1.5 % up to target, 2 % on the part above it.
const TWO: Cell[][] = [
  [0, 0.015],
  [1, 0.02],
];

describe("COMMISSION: wrong arguments", () => {
  it("rejects a negative actual with #NUM!, in both languages", () => {
    const err = planError(() => commission(-1, 1000, TWO));
    expect(err.code).toBe("#NUM!");
    expect(err.message).toBe("actual: -1 is negative; it must be 0 or more");
    expect(err.messageIn("zh")).toBe("实际：-1 是负数，须大于等于 0");
  });

  it("rejects a negative target with #NUM!", () => {
    const err = planError(() => commission(100, -1000, TWO));
    expect(err.code).toBe("#NUM!");
    expect(err.message).toBe("target: -1000 is negative; it must be 0 or more");
  });

  it("rejects a negative target even when the actual is blank", () => {
    expect(planError(() => commission(null, -1, TWO)).code).toBe("#NUM!");
  });

  it("gives #DIV/0! for a zero target", () => {
    const err = planError(() => commission(100, 0, TWO));
    expect(err.code).toBe("#DIV/0!");
    expect(err.message).toBe("target: the target is zero");
    expect(err.messageIn("zh")).toBe("目标：目标为 0");
  });

  it("rejects a negative rate with #NUM! naming its cell", () => {
    const err = planError(() => readTiers([[0, 0.01], [1, -0.02]]));
    expect(err.code).toBe("#NUM!");
    expect(err.message).toBe("tiers, row 2, column 2: -0.02 is negative; it must be 0 or more");
    expect(err.messageIn("zh")).toBe("档位，第2行第2列：-0.02 是负数，须大于等于 0");
  });

  it("rejects a lowest threshold other than 0 with #VALUE! naming its cell", () => {
    const err = planError(() => readTiers([[1, 0.02], [0.5, 0.015]]));
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toBe("tiers, row 2, column 1: the lowest threshold must be 0, got 0.5");
    expect(err.messageIn("zh")).toBe("档位，第2行第1列：最低档门槛须为 0，实际是 0.5");
  });

  it("rejects a negative lowest threshold as not 0", () => {
    expect(planError(() => readTiers([[-0.1, 0.01], [0, 0.02]])).key).toBe("lowestTierNotZero");
  });

  it("rejects two equal thresholds with #VALUE! naming the second", () => {
    const err = planError(() => readTiers([[0, 0.01], [1, 0.02], [1, 0.03]]));
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toBe("tiers, row 3, column 1: threshold 1 appears twice");
  });

  it("rejects a half-blank row, naming the blank cell", () => {
    const err = planError(() => readTiers([[0, 0.01], [1, null]]));
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toBe("tiers, row 2, column 2: one cell of the pair is blank");
    expect(err.messageIn("zh")).toBe("档位，第2行第2列：这一行只填了一半");
  });

  it("rejects text in the tiers with #VALUE! naming its cell", () => {
    const err = planError(() => readTiers([[0, "1.5%"]]));
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toBe("tiers, row 1, column 2: '1.5%' is not a number");
    expect(err.messageIn("zh")).toBe("档位，第1行第2列：“1.5%”不是数字");
  });

  it("rejects tiers that are not two columns", () => {
    const err = planError(() => readTiers([[0, 0.01, 1, 0.02]]));
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toBe("tiers: must be a block of two columns (threshold, rate), got 1 × 4");
    expect(planError(() => readTiers([[0], [0.01]])).key).toBe("mustBeTwoColumns");
  });

  it("rejects empty tiers and tiers of blanks", () => {
    expect(planError(() => readTiers([])).message).toBe("tiers: the range is empty");
    expect(planError(() => readTiers([[null, null]])).key).toBe("emptyRange");
    expect(planError(() => commissionOf(100, 100, [])).key).toBe("emptyRange");
  });

  it("rejects a mode word it does not know, in both languages", () => {
    const err = planError(() => parseCommissionMode("flat"));
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toBe("mode: 'flat' is not one of marginal, whole");
    expect(err.messageIn("zh")).toBe("方式：“flat”不是可选值（累进、全额）");
  });

  it("rejects a negative cap with #NUM!", () => {
    const err = planError(() => commission(100, 100, TWO, undefined, -1));
    expect(err.code).toBe("#NUM!");
    expect(err.message).toBe("cap: -1 is negative; it must be 0 or more");
    expect(err.messageIn("zh")).toBe("上限：-1 是负数，须大于等于 0");
  });

  it("checks the cells before half-blank rows, and rates before thresholds", () => {
    expect(planError(() => readTiers([[0, null], [1, "x"]])).key).toBe("notANumber");
    expect(planError(() => readTiers([[0.5, -0.01], [0.5, 0.02]])).key).toBe("negative");
    expect(planError(() => readTiers([[0.5, 0.01], [0.5, 0.02]])).key).toBe("duplicateThreshold");
  });

  it("checks the actual before the tiers, and the tiers before a blank actual", () => {
    const bad: Tier[] = [{ threshold: 0.5, rate: 0.01 }];
    expect(planError(() => commissionOf(-1, 100, bad)).message).toBe("actual: -1 is negative; it must be 0 or more");
    expect(planError(() => commissionOf(null, 100, bad)).key).toBe("lowestTierNotZero");
  });

  it("checks tiers given directly, counting rows in the order given", () => {
    expect(planError(() => commissionOf(5, 10, [{ threshold: 0, rate: 0.01 }, { threshold: 1, rate: -1 }])).message).toBe(
      "tiers, row 2, column 2: -1 is negative; it must be 0 or more",
    );
  });
});

describe("COMMISSION: seed cases", () => {
  it.each(seed.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const [actual, target, tiers, mode, cap] = c.args as [number | null, number, Cell[][], string | null | undefined, number | null | undefined];
    const run = () => commission(actual, target, tiers, mode, cap);
    if (c.error) expect(planError(run).code).toBe(c.error);
    else expectNear(run(), c.expect);
  });

  it("covers the seed's COMMISSION cases", () => {
    expect(seed.length).toBeGreaterThanOrEqual(2);
  });
});

describe("COMMISSION: marginal (累进)", () => {
  it("pays each slice at its tier's rate, like tax brackets (contract example)", () => {
    expect(commission(1300000, 1000000, TWO)).toBe(21000);
  });

  it("is the default mode and accepts 累进 and ' MARGINAL '", () => {
    expect(parseCommissionMode(undefined)).toBe("marginal");
    expect(parseCommissionMode("累进")).toBe("marginal");
    expect(parseCommissionMode(" MARGINAL ")).toBe("marginal");
  });

  it("pays the base rate only below target", () => {
    expect(commission(800000, 1000000, TWO)).toBe(12000);
  });

  it("pays three tiers in any order", () => {
    const tiers: Cell[][] = [
      [1.2, 0.03],
      [0, 0.01],
      [1, 0.02],
    ];
    // 100 × 1 % + 20 × 2 % + 30 × 3 %
    expectNear(commission(150, 100, tiers), 1 + 0.4 + 0.9);
  });

  it("pays nothing on a zero actual", () => {
    expect(commission(0, 1000, TWO)).toBe(0);
  });

  it("leaves a zero-rate tier unpaid", () => {
    expect(commission(150, 100, [[0, 0], [1, 0.1]])).toBe(5);
  });
});

describe("COMMISSION: whole (全额)", () => {
  it("pays all of the actual at the highest tier reached (contract example)", () => {
    expect(commission(1300000, 1000000, TWO, "whole")).toBe(26000);
  });

  it("accepts 全额 and ' Whole '", () => {
    expect(parseCommissionMode("全额")).toBe("whole");
    expect(parseCommissionMode(" Whole ")).toBe("whole");
  });

  it("pays the base rate below the next threshold", () => {
    expect(commission(800000, 1000000, TWO, "whole")).toBe(12000);
  });

  it("reaches a tier exactly at its threshold", () => {
    expect(commission(1000000, 1000000, TWO, "whole")).toBe(20000);
  });

  it("counts 0.18 against 0.2 as reaching a 90 % tier", () => {
    expectNear(commission(0.18, 0.2, [[0, 0.01], [0.9, 0.5]], "whole"), 0.09);
  });
});

describe("COMMISSION: cap, blanks and layout", () => {
  it("caps the payout", () => {
    expect(commission(1300000, 1000000, TWO, null, 20000)).toBe(20000);
    expect(commission(1300000, 1000000, TWO, "whole", 25000)).toBe(25000);
  });

  it("leaves a payout under the cap as it is", () => {
    expect(commission(1300000, 1000000, TWO, null, 50000)).toBe(21000);
  });

  it("pays nothing with a cap of 0", () => {
    expect(commission(1300000, 1000000, TWO, null, 0)).toBe(0);
  });

  it("gives an empty result for a blank actual", () => {
    expect(commission(null, 1000000, TWO)).toBe("");
  });

  it("gives an empty result for a blank actual even against a zero target", () => {
    expect(commission(null, 0, TWO)).toBe("");
  });

  it("skips rows blank in both cells", () => {
    expect(commission(1300000, 1000000, [[null, null], [0, 0.015], ["", ""], [1, 0.02]])).toBe(21000);
  });

  it("reads a single row as one flat tier", () => {
    expect(readTiers([[0, 0.03]])).toEqual([{ threshold: 0, rate: 0.03 }]);
    expect(commission(500, 1000, [[0, 0.03]])).toBe(15);
  });

  it("returns the tiers sorted by threshold", () => {
    expect(readTiers([[1, 0.02], [0, 0.015]])).toEqual([
      { threshold: 0, rate: 0.015 },
      { threshold: 1, rate: 0.02 },
    ]);
  });
});

describe("COMMISSION: properties", () => {
  // A tier table: threshold 0 plus up to four distinct thresholds (0.01 to 3), rates 0 to 10 %.
  const tierTable = fc
    .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 4 }), fc.array(fc.double({ min: 0, max: 0.1, noNaN: true }), { minLength: 5, maxLength: 5 }))
    .map(([ts, rates]) => [0, ...ts].map((t, k) => ({ threshold: t / 100, rate: rates[k] })));
  // The same, with rates rising with thresholds.
  const risingTable = tierTable.map((tiers) => {
    const sorted = [...tiers].sort((a, b) => a.threshold - b.threshold);
    const rates = sorted.map((t) => t.rate).sort((a, b) => a - b);
    return sorted.map((t, k) => ({ threshold: t.threshold, rate: rates[k] }));
  });
  const amount = fc.double({ min: 0, max: 1e7, noNaN: true });
  const target = fc.double({ min: 1, max: 1e7, noNaN: true });

  it("never decreases with the actual in marginal mode", () => {
    fc.assert(
      fc.property(tierTable, target, amount, amount, (tiers, t, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return (commissionOf(lo, t, tiers) as number) <= (commissionOf(hi, t, tiers) as number);
      }),
      { numRuns: 1000 },
    );
  });

  it("changes by at most the highest rate times the change in actual in marginal mode", () => {
    fc.assert(
      fc.property(tierTable, target, amount, fc.double({ min: -1000, max: 1000, noNaN: true }), (tiers, t, a, d) => {
        const b = Math.max(0, a + d);
        const maxRate = Math.max(...tiers.map((x) => x.rate));
        const diff = Math.abs((commissionOf(b, t, tiers) as number) - (commissionOf(a, t, tiers) as number));
        return diff <= maxRate * Math.abs(b - a) + 1e-9 * Math.max(1, maxRate * a);
      }),
      { numRuns: 1000 },
    );
  });

  it("never decreases with the actual in whole mode when rates rise with thresholds", () => {
    fc.assert(
      fc.property(risingTable, target, amount, amount, (tiers, t, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return (commissionOf(lo, t, tiers, { mode: "whole" }) as number) <= (commissionOf(hi, t, tiers, { mode: "whole" }) as number);
      }),
      { numRuns: 1000 },
    );
  });

  it("pays no more in marginal mode than in whole mode when rates rise with thresholds", () => {
    fc.assert(
      fc.property(risingTable, target, amount, (tiers, t, a) => {
        const marginal = commissionOf(a, t, tiers) as number;
        const whole = commissionOf(a, t, tiers, { mode: "whole" }) as number;
        return marginal <= whole + 1e-9 * Math.max(1, whole);
      }),
      { numRuns: 1000 },
    );
  });

  it("never pays more than the cap", () => {
    fc.assert(
      fc.property(tierTable, target, amount, fc.double({ min: 0, max: 1e5, noNaN: true }), fc.constantFrom("marginal" as const, "whole" as const), (tiers, t, a, cap, mode) => {
        return (commissionOf(a, t, tiers, { mode, cap }) as number) <= cap;
      }),
      { numRuns: 1000 },
    );
  });

  it("does not depend on the order of the tiers", () => {
    fc.assert(
      fc.property(tierTable, target, amount, (tiers, t, a) => {
        const reversed = [...tiers].reverse();
        return commissionOf(a, t, tiers) === commissionOf(a, t, reversed) && commissionOf(a, t, tiers, { mode: "whole" }) === commissionOf(a, t, reversed, { mode: "whole" });
      }),
    );
  });
});

describe("COMMISSION: tiers read in one pass agree with the checks", () => {
  it("reads clean tiers in any order as the sorted tiers, and pays the same as tiers given unsorted", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 15 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 16, maxLength: 16 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.boolean(),
        (ups, rates, actual, whole) => {
          // Threshold 0 plus distinct others (in hundredths), each with a rate in tenths of a per cent.
          const thresholds = [0, ...ups.map((u) => u / 100)];
          const block: Cell[][] = thresholds.map((t, k) => [t, rates[k] / 1000]).reverse();
          const want: Tier[] = thresholds.map((t, k) => ({ threshold: t, rate: rates[k] / 1000 })).sort((a, b) => a.threshold - b.threshold);
          const read = readTiers(block);
          expect(read).toEqual(want);
          const mode = whole ? "whole" : "marginal";
          // The tiers as read (sorted: taken as they are) and reversed (sorted again by the checks).
          expect(commissionOf(actual, 100, read, { mode })).toBe(commissionOf(actual, 100, read.slice().reverse(), { mode }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("leaves a table with a repeat, a negative rate or no tier at 0 to the checks, which name it", () => {
    expect(planError(() => readTiers([[0, 0.01], [1, 0.02], [1, 0.03]])).key).toBe("duplicateThreshold");
    expect(planError(() => readTiers([[0, 0.01], [1, -0.02]])).key).toBe("negative");
    expect(planError(() => readTiers([[0.5, 0.01], [1, 0.02]])).key).toBe("lowestTierNotZero");
    expect(planError(() => commissionOf(1, 1, [{ threshold: 0, rate: 0.01 }, { threshold: 0, rate: 0.02 }])).key).toBe("duplicateThreshold");
  });
});

describe("COMMISSION exactly on a tier boundary, in both modes: core, TARGET.COMMISSION and the sheet's formula agree", () => {
  // Tiers 1.5 % from 0, 2 % from 100 %, 3 % from 150 % of a 1,000,000 target; "whole" pays the
  // rate of the highest tier reached on everything, "marginal" each slice at its own rate. A
  // threshold is reached exactly at it, and within the engine's 1e-9 (2.1 of 3 is 0.7 exactly,
  // though 0.7 × 3 is 2.0999999999999996 in binary).
  const TIERS: Cell[][] = [
    [0, 0.015],
    [1, 0.02],
    [1.5, 0.03],
  ];
  const cases: { actual: number; target: number; tiers: Cell[][]; whole: number; marginal: number }[] = [
    { actual: 1000000, target: 1000000, tiers: TIERS, whole: 20000, marginal: 15000 },
    { actual: 1500000, target: 1000000, tiers: TIERS, whole: 45000, marginal: 25000 },
    { actual: 999999, target: 1000000, tiers: TIERS, whole: 14999.985, marginal: 14999.985 },
    { actual: 0.7 * 3, target: 3, tiers: [[0, 0.01], [0.7, 0.05]], whole: 0.105, marginal: 0.021 },
    { actual: 0, target: 1000000, tiers: TIERS, whole: 0, marginal: 0 },
  ];
  /** The sheet's formula, reading the tiers from G1:H3 and actual and target from A1 and B1. */
  const onSheet = (actual: number, target: number, tiers: Cell[][], mode: "whole" | "marginal") =>
    evaluateFormula(commissionFormula("A1", "B1", { thresholds: `$G$1:$G$${tiers.length}`, rates: `$H$1:$H$${tiers.length}`, count: tiers.length }, { mode }), (r, c) =>
      c >= 6 ? ((tiers[r]?.[c - 6] as XlValue) ?? null) : r === 0 ? ([actual, target][c] ?? null) : null,
    );
  installCustomFunctionsStub();
  for (const c of cases) {
    test(`${c.actual} of ${c.target}: whole ${c.whole}, marginal ${c.marginal}`, () => {
      for (const mode of ["whole", "marginal"] as const) {
        const want = c[mode];
        expectNear(commission(c.actual, c.target, c.tiers, mode), want);
        expectNear(TARGET_COMMISSION(c.actual, c.target, c.tiers, mode, null), want);
        expectNear(onSheet(c.actual, c.target, c.tiers, mode) as number, want);
      }
      // In Chinese too: 全额 and 累进.
      expectNear(TARGET_COMMISSION(c.actual, c.target, c.tiers, "全额", null), c.whole);
      expectNear(TARGET_COMMISSION(c.actual, c.target, c.tiers, "累进", null), c.marginal);
    });
  }
});
