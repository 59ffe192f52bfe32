import * as fc from "fast-check";
import { type Band, type Cell, ascendingOrder, bandLookup, bandPairs, bandsFromPairs, lookupBand, quickBandTable, readBands } from "../src/core/band";
import { expectNear, planError } from "./helpers/expect";
import { seedCases } from "./helpers/fixtures";

const seed = seedCases("BAND");

/** BAND(value, thresholds, results, [below]) with Excel's arguments; a blank `results` is omitted. */
function band(value: number | null, thresholds: Cell[][], results?: Cell[][] | null, below?: number | string | null): number | string {
  return bandLookup(value, readBands(thresholds, results ?? undefined), below ?? undefined);
}

const BONUS: Cell[][] = [[90, 80, 70]];
const PAYS: Cell[][] = [[1.2, 1.0, 0.8]];

describe("BAND: wrong arguments", () => {
  it("rejects a text threshold with #VALUE! naming its position, in both languages", () => {
    const err = planError(() => readBands([[90, "n/a", 70]], PAYS));
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toBe("thresholds, row 1, column 2: 'n/a' is not a number");
    expect(err.messageIn("zh")).toBe("门槛，第1行第2列：“n/a”不是数字");
  });

  it("rejects text that looks like a number as a threshold", () => {
    expect(planError(() => readBands([[90], ["80"]], [[1], [2]])).message).toBe("thresholds, row 2, column 1: '80' is not a number");
  });

  it("rejects TRUE/FALSE as a threshold or a result", () => {
    expect(planError(() => readBands([[true]], [[1]])).message).toBe("thresholds, row 1, column 1: 'TRUE' is not a number");
    expect(planError(() => readBands([[80, false]], undefined)).message).toBe("thresholds, row 1, column 2: 'FALSE' is not a number");
  });

  it("rejects results of another length, naming both arguments", () => {
    const err = planError(() => readBands(BONUS, [[1.2, 1.0]]));
    expect(err.code).toBe("#VALUE!");
    expect(err.key).toBe("lengthMismatch");
    expect(err.message).toBe("results: has 2 values; thresholds has 3");
    expect(err.messageIn("zh")).toBe("结果：有 2 个值，而门槛有 3 个");
  });

  it("rejects two equal thresholds, naming the second", () => {
    const err = planError(() => readBands([[90, 80, 80]], PAYS));
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toBe("thresholds, row 1, column 3: threshold 80 appears twice");
    expect(err.messageIn("zh")).toBe("门槛，第1行第3列：门槛 80 出现了两次");
  });

  it("rejects thresholds equal within the tolerance", () => {
    expect(planError(() => readBands([[0.3], [0.1 + 0.2]], [[1], [2]])).key).toBe("duplicateThreshold");
  });

  it("rejects equal thresholds in a two-column block, naming the later row", () => {
    expect(planError(() => readBands([[80, "B"], [60, "C"], [80, "A"]], undefined)).message).toBe(
      "thresholds, row 3, column 1: threshold 80 appears twice",
    );
  });

  it("rejects a threshold whose result is blank, naming the blank result", () => {
    const err = planError(() => readBands(BONUS, [[1.2, null, 0.8]]));
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toBe("results, row 1, column 2: one cell of the pair is blank");
    expect(err.messageIn("zh")).toBe("结果，第1行第2列：这一行只填了一半");
  });

  it("rejects a result whose threshold is blank, naming the blank threshold", () => {
    expect(planError(() => readBands([[90], [""], [70]], [[1.2], [1], [0.8]])).message).toBe(
      "thresholds, row 2, column 1: one cell of the pair is blank",
    );
  });

  it("rejects a half-blank row of a two-column block", () => {
    expect(planError(() => readBands([[90, 1.2], [80, null]], undefined)).message).toBe(
      "thresholds, row 2, column 2: one cell of the pair is blank",
    );
  });

  it("rejects a block of thresholds when results are given", () => {
    const err = planError(() => readBands([[90, 80], [70, 60]], [[1, 2, 3, 4]]));
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toBe("thresholds: must be one row or one column (got 2 × 2)");
    expect(err.messageIn("zh")).toBe("门槛：须为一行或一列（实际是 2 × 2）");
  });

  it("rejects a block of results", () => {
    expect(planError(() => readBands([[90, 80, 70, 60]], [[1, 2], [3, 4]])).message).toBe(
      "results: must be one row or one column (got 2 × 2)",
    );
  });

  it("rejects a one-dimensional range other than one pair when results are omitted", () => {
    const err = planError(() => readBands(BONUS, undefined));
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toBe("thresholds: must be a block of two columns (threshold, result), got 1 × 3");
    expect(planError(() => readBands([[90], [80]], undefined)).key).toBe("mustBeTwoColumns");
  });

  it("rejects a block of three columns when results are omitted", () => {
    expect(planError(() => readBands([[90, 1.2, 0], [80, 1, 0]], undefined)).key).toBe("mustBeTwoColumns");
  });

  it("rejects an empty range and a table of blanks", () => {
    expect(planError(() => readBands([], undefined)).message).toBe("thresholds: the range is empty");
    expect(planError(() => readBands([[null, null]], undefined)).key).toBe("emptyRange");
    expect(planError(() => readBands([[null, ""]], [["", null]])).key).toBe("emptyRange");
  });

  it("checks the thresholds' cells before the lengths", () => {
    expect(planError(() => readBands([[90, "x"]], [[1]])).key).toBe("notANumber");
  });

  it("checks the lengths before half-blank pairs", () => {
    expect(planError(() => readBands([[90, null, 70]], [[1]])).key).toBe("lengthMismatch");
  });
});

describe("BAND: seed cases", () => {
  it.each(seed.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const [value, thresholds, results, below] = c.args as [number | null, Cell[][], Cell[][] | null | undefined, number | string | null | undefined];
    const run = () => band(value, thresholds, results, below);
    if (c.error) expect(planError(run).code).toBe(c.error);
    else expectNear(run(), c.expect);
  });

  it("covers the seed's BAND cases", () => {
    expect(seed.length).toBeGreaterThanOrEqual(3);
  });
});

describe("BAND: lookup", () => {
  it("gives the result of the highest threshold the value reaches (contract example)", () => {
    expect(band(85, BONUS, PAYS)).toBe(1.0);
  });

  it("gives the band of a threshold the value equals", () => {
    expect(band(80, BONUS, PAYS)).toBe(1.0);
    expect(band(90, BONUS, PAYS)).toBe(1.2);
  });

  it("gives 0 below the lowest threshold by default", () => {
    expect(band(69.99, BONUS, PAYS)).toBe(0);
  });

  it("gives `below` under the lowest threshold, number or text", () => {
    expect(band(10, BONUS, PAYS, 0.5)).toBe(0.5);
    expect(band(10, [[60, "C"]], undefined, "—")).toBe("—");
  });

  it("reads thresholds in any order", () => {
    expect(band(85, [[70, 90, 80]], [[0.8, 1.2, 1.0]])).toBe(1.0);
    expect(band(75, [[80], [70], [90]], [[1.0], [0.8], [1.2]])).toBe(0.8);
  });

  it("pairs a row of thresholds with a column of results", () => {
    expect(band(92, BONUS, [[1.2], [1.0], [0.8]])).toBe(1.2);
  });

  it("reads a two-column block of (threshold, result) rows with text results", () => {
    const grades: Cell[][] = [
      [0.9, "优秀"],
      [0.6, "合格"],
      [0.8, "良好"],
    ];
    expect(band(0.85, grades)).toBe("良好");
    expect(band(0.95, grades)).toBe("优秀");
    expect(band(0.5, grades, undefined, "不合格")).toBe("不合格");
  });

  it("reads a single row of two cells as one pair when results are omitted", () => {
    expect(readBands([[100, 3]], undefined)).toEqual([{ threshold: 100, result: 3 }]);
    expect(band(100, [[100, 3]])).toBe(3);
  });

  it("reads 1 × 1 ranges as one threshold and one result", () => {
    expect(band(5, [[5]], [["yes"]], "no")).toBe("yes");
    expect(band(4, [[5]], [["yes"]], "no")).toBe("no");
  });

  it("skips rows blank in both cells", () => {
    expect(readBands([[90, 1.2], [null, null], [70, 0.8], ["", ""]], undefined)).toEqual([
      { threshold: 70, result: 0.8 },
      { threshold: 90, result: 1.2 },
    ]);
    expect(band(85, [[90, null, 70]], [[1.2, "", 0.8]])).toBe(0.8);
  });

  it("counts 0.18 against 0.2 as reaching 90 %", () => {
    expect(band(0.18 / 0.2, [[0.9, 1]], undefined, "under")).toBe(1);
  });

  it("handles negative thresholds", () => {
    expect(band(-5, [[-10, 0]], [["low", "high"]])).toBe("low");
  });

  it("gives an empty result for a blank value", () => {
    expect(band(null, BONUS, PAYS)).toBe("");
  });

  it("returns the bands sorted by threshold", () => {
    expect(readBands(BONUS, PAYS).map((b) => b.threshold)).toEqual([70, 80, 90]);
  });

  it("looks up bands given in any order", () => {
    const bands: Band[] = [
      { threshold: 80, result: "B" },
      { threshold: 90, result: "A" },
      { threshold: 70, result: "C" },
    ];
    expect(bandLookup(95, bands)).toBe("A");
    expect(bandLookup(85, bands)).toBe("B");
    expect(bandLookup(75, bands)).toBe("C");
  });

  it("gives `below` when there are no bands", () => {
    expect(bandLookup(5, [], "none")).toBe("none");
  });
});

describe("BAND: properties", () => {
  // Distinct whole-number thresholds with results that rise with them.
  const table = fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 8 }).map((ts) => {
    const sorted = [...ts].sort((a, b) => a - b);
    return sorted.map((threshold, k) => ({ threshold, result: (k + 1) * 10 }));
  });

  it("never decreases as the value grows when results rise with thresholds", () => {
    fc.assert(
      fc.property(table, fc.double({ min: -2000, max: 2000, noNaN: true }), fc.double({ min: -2000, max: 2000, noNaN: true }), (bands, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return (bandLookup(lo, bands) as number) <= (bandLookup(hi, bands) as number);
      }),
      { numRuns: 300 },
    );
  });

  it("is constant between consecutive thresholds", () => {
    fc.assert(
      fc.property(table, fc.nat(), fc.double({ min: 0, max: 0.999, noNaN: true }), (bands, pick, frac) => {
        const k = pick % bands.length;
        const lo = bands[k].threshold;
        const hi = k + 1 < bands.length ? bands[k + 1].threshold : lo + 1000;
        const v = lo + frac * (hi - lo);
        return bandLookup(v, bands) === bands[k].result && bandLookup(lo, bands) === bands[k].result;
      }),
      { numRuns: 1000 },
    );
  });

  it("gives `below` under the lowest threshold", () => {
    fc.assert(fc.property(table, fc.double({ min: 0.001, max: 100, noNaN: true }), (bands, gap) => bandLookup(bands[0].threshold - gap, bands, -1) === -1), { numRuns: 1000 });
  });

  it("does not depend on the order of the thresholds", () => {
    fc.assert(
      fc.property(table, fc.double({ min: -2000, max: 2000, noNaN: true }), (bands, v) => {
        const reversed = [...bands].reverse();
        const ts: Cell[][] = [reversed.map((b) => b.threshold)];
        const rs: Cell[][] = [reversed.map((b) => b.result)];
        return band(v, ts, rs) === bandLookup(v, bands);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("BAND: the one-pass table (quickBandTable) agrees with the checks", () => {
  // Tables of numbers in any order, sometimes with a repeat, a blank, text or TRUE: the
  // quick path must give the checks' bands exactly, or step aside (null) for the checks.
  const cell = fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: -50, max: 50 }).map((k) => k / 4) },
    { weight: 1, arbitrary: fc.constantFrom<Cell>(null, "", "A", true) },
  );
  const table = fc.integer({ min: 1, max: 12 }).chain((len) =>
    fc.record({
      ts: fc.array(cell, { minLength: len, maxLength: len }),
      rs: fc.array(cell, { minLength: len, maxLength: len }),
      layout: fc.constantFrom("row", "column", "pairs"),
    }),
  );
  const slow = (t: Cell[][], r: Cell[][] | undefined): Band[] | string => {
    try {
      return bandsFromPairs(bandPairs(t, r));
    } catch (e) {
      return (e as Error).message;
    }
  };

  it("gives the same bands, or leaves the table to the checks when one of them fails", () => {
    fc.assert(
      fc.property(table, fc.integer({ min: -60, max: 60 }), ({ ts, rs, layout }, v) => {
        const t = layout === "row" ? [ts] : layout === "column" ? ts.map((x) => [x]) : ts.map((x, k) => [x, rs[k]]);
        const r = layout === "row" ? [rs] : layout === "column" ? rs.map((x) => [x]) : undefined;
        const quick = quickBandTable(t, r);
        const want = slow(t, r);
        if (typeof want === "string") {
          expect(quick).toBeNull();
          return;
        }
        if (quick === null) return; // blank pairs are skipped by the checks, not the quick path
        expect(Array.from(quick.thresholds)).toEqual(want.map((b) => b.threshold));
        expect(quick.results).toEqual(want.map((b) => b.result));
        expect(lookupBand(quick, v / 4, "below")).toBe(bandLookup(v / 4, want, "below"));
        expect(readBands(t, r)).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it("orders any finite numbers as a comparison sort does (negatives, zeros, tiny and huge, repeats kept in place order)", () => {
    const num = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom(0, -0, 1 + 2 ** -52, 1, 2 ** -1074, -(2 ** -1074), Number.MAX_VALUE, -Number.MAX_VALUE),
    );
    fc.assert(
      fc.property(fc.array(num, { maxLength: 60 }), (xs) => {
        const want = xs.map((_, k) => k).sort((a, b) => (xs[a] < xs[b] || (Object.is(xs[a], -0) && Object.is(xs[b], 0)) ? -1 : xs[a] > xs[b] || (Object.is(xs[a], 0) && Object.is(xs[b], -0)) ? 1 : a - b));
        expect(Array.from(ascendingOrder(Float64Array.from(xs)))).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });

  it("finds by binary search the band a linear scan finds, at the tolerance's edge too", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(1, 1e-3, 1e6, 1e12),
        fc.nat(29),
        fc.integer({ min: -3, max: 3 }),
        (ks, scale, pick, nudge) => {
          const t = ks.map((k) => [k * scale]);
          const r = ks.map((k) => [k]);
          const quick = quickBandTable(t, r);
          if (quick === null) return; // near-equal after scaling: the checks' business
          const base = t[pick % t.length][0] as number;
          const v = base + nudge * 0.6e-9 * Math.max(1, Math.abs(base));
          expect(lookupBand(quick, v, "below")).toBe(bandLookup(v, bandsFromPairs(bandPairs(t, r)), "below"));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reads a 2,000-row table in any order as the checks do", () => {
    const n = 2000;
    const order = Array.from({ length: n }, (_, k) => (k * 769) % n); // a fixed shuffle (769 is prime to 2000)
    const t = order.map((k) => [k * 1.5]);
    const r = order.map((k) => [`band ${k}`]);
    const quick = quickBandTable(t, r);
    expect(quick).not.toBeNull();
    expect(quick?.results.slice(0, 3)).toEqual(["band 0", "band 1", "band 2"]);
    expect(lookupBand(quick as NonNullable<typeof quick>, 1000, "")).toBe(bandLookup(1000, bandsFromPairs(bandPairs(t, r)), ""));
    expect(quickBandTable(t.concat([[1.5]]), r.concat([["again"]]))).toBeNull(); // a repeat: the checks name it
  });
});
