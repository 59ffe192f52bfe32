import fc from "fast-check";
import { splitTotal } from "../src/core/split";
import { split } from "../src/functions/functions";
import { closeTo, seedCases } from "./helpers/fixtures";
import { installCustomFunctionsStub } from "./helpers/custom-functions";
import { planError } from "./helpers/expect";

installCustomFunctionsStub();

const sum = (g: number[][]): number => g.flat().reduce((a, b) => a + b, 0);

describe("SPLIT: wrong arguments", () => {
  it("rejects a negative total with #NUM! naming total", () => {
    const e = planError(() => splitTotal(-1, [[1]]));
    expect(e.code).toBe("#NUM!");
    expect(e.message).toMatch(/^total: -1 is negative/);
    expect(e.messageIn("zh")).toMatch(/^总额：-1 是负数/);
  });

  it("rejects a negative weight with #NUM! naming its row and column", () => {
    const e = planError(() => splitTotal(100, [[1, 2], [3, -4]], { unit: 1 }));
    expect(e.code).toBe("#NUM!");
    expect(e.message).toBe("weights, row 2, column 2: -4 is negative; it must be 0 or more");
    expect(e.messageIn("zh")).toBe("权重，第2行第2列：-4 是负数，须大于等于 0");
  });

  it("rejects a negative unit with #NUM!", () => {
    expect(planError(() => splitTotal(100, [[1]], { unit: -1 })).code).toBe("#NUM!");
  });

  it("rejects fixed of another shape with #VALUE!", () => {
    const e = planError(() => splitTotal(100, [[1, 1]], { fixed: [[1], [1]] }));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain("fixed");
    expect(e.message).toContain("1 × 2");
  });

  it("rejects a negative held amount with #NUM! naming its position", () => {
    const e = planError(() => splitTotal(100, [[1, 1]], { fixed: [[0, -5]] }));
    expect(e.code).toBe("#NUM!");
    expect(e.message).toContain("fixed, row 1, column 2");
  });

  it("rejects held amounts above the total with #NUM! saying by how much", () => {
    const e = planError(() => splitTotal(100, [[1, 1, 1]], { fixed: [[60, 50, 0]] }));
    expect(e.code).toBe("#NUM!");
    expect(e.message).toContain("10 more than the total 100");
    expect(e.messageIn("zh")).toContain("多 10");
  });

  it("rejects every part held while something is left with #NUM!", () => {
    const e = planError(() => splitTotal(100, [[1, 1]], { fixed: [[50, 30]] }));
    expect(e.code).toBe("#NUM!");
    expect(e.message).toContain("every part is held; 20 is left");
  });

  it("gives #DIV/0! when every free weight is zero and there is something to split", () => {
    expect(planError(() => splitTotal(100, [[0, 0]], { unit: 1 })).code).toBe("#DIV/0!");
    expect(planError(() => splitTotal(100, [[5, 0]], { fixed: [[40, 0]] })).code).toBe("#DIV/0!");
  });
});

describe("SPLIT: the contract's examples and the seed fixtures", () => {
  it("splits 1.2 亿 into quarters in 万元", () => {
    expect(splitTotal(120000000, [[25, 30, 25, 20]], { unit: 10000 })).toEqual([[30000000, 36000000, 30000000, 24000000]]);
  });

  it("splits 80 customers over 12 months, the extra ones to the earlier months", () => {
    expect(splitTotal(80, [Array(12).fill(1)], { unit: 1 })).toEqual([[7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6]]);
  });

  it("gives one unit to the larger remainder and the odd amount to the larger weight", () => {
    expect(splitTotal(15, [[1, 2]], { unit: 10 })).toEqual([[0, 15]]);
  });

  for (const c of seedCases("SPLIT")) {
    it(`answers the seed case "${c.name}" as Excel would call it`, () => {
      const [total, weights, unit, fixed] = c.args as [number, number[][], number?, number[][]?];
      if (c.error) {
        expect(() => split(total, weights, unit, fixed)).toThrow(expect.objectContaining({ code: c.error }));
      } else {
        expect(closeTo(split(total, weights, unit, fixed), c.expect, c.exact)).toBe(true);
      }
    });
  }
});

describe("SPLIT: edge cases", () => {
  it("keeps the shape of a block, filling row by row", () => {
    const r = splitTotal(10, [[1, 1], [1, 1], [1, 1]], { unit: 1 });
    expect(r).toEqual([[2, 2], [2, 2], [1, 1]]);
  });

  it("reads blank weights as 0 through the Excel face", () => {
    expect(split(90, [[null, 1, ""], [2, undefined, null]] as never, 1)).toEqual([[0, 30, 0], [60, 0, 0]]);
  });

  it("splits in fen without binary noise", () => {
    const r = splitTotal(1, [[1, 1, 1]], { unit: 0.01 });
    expect(r).toEqual([[0.34, 0.33, 0.33]]);
    expect(splitTotal(0.3, [[1, 1, 1]], { unit: 0.1 })).toEqual([[0.1, 0.1, 0.1]]);
  });

  it("gives the odd amount of a total that is not a multiple of the unit to the heaviest part", () => {
    const r = splitTotal(123456, [[1, 3, 2]], { unit: 10000 });
    expect(r).toEqual([[20000, 63456, 40000]]);
    expect(sum(r)).toBe(123456);
  });

  it("gives the odd amount to the earliest of equally heavy parts", () => {
    expect(splitTotal(25, [[1, 1]], { unit: 10 })).toEqual([[15, 10]]);
  });

  it("returns exact shares without a unit", () => {
    const r = splitTotal(100, [[1, 2, 1]]);
    expect(r[0][0]).toBeCloseTo(25, 12);
    expect(r[0][1]).toBeCloseTo(50, 12);
    expect(sum(r)).toBe(100);
  });

  it("holds fixed parts and shares the rest among the free ones", () => {
    const r = splitTotal(1000, [[1, 1, 2]], { unit: 1, fixed: [[300, 0, 0]] });
    expect(r).toEqual([[300, 233, 467]]);
  });

  it("treats a held amount equal to the total as nothing left to split", () => {
    expect(splitTotal(100, [[1, 1]], { unit: 1, fixed: [[100, 0]] })).toEqual([[100, 0]]);
  });

  it("gives zeros for a zero total, even with zero weights", () => {
    expect(splitTotal(0, [[0, 0]], { unit: 1 })).toEqual([[0, 0]]);
  });

  it("counts 0.3 as three units of 0.1 despite floating point", () => {
    expect(splitTotal(0.3, [[1]], { unit: 0.1 })).toEqual([[0.3]]);
  });

  it("gives #VALUE! for a text weight through the Excel face, naming its position", () => {
    expect(() => split(100, [[1, "n/a"]] as never, 1)).toThrow(
      expect.objectContaining({ code: "#VALUE!", message: "weights, row 1, column 2: 'n/a' is not a number" }),
    );
  });

  it("gives #VALUE! for a text total even when it looks like a number", () => {
    expect(() => split("100" as never, [[1]])).toThrow(expect.objectContaining({ code: "#VALUE!" }));
  });

  it("gives #VALUE! for TRUE as a weight", () => {
    expect(() => split(100, [[true, 1]] as never)).toThrow(expect.objectContaining({ code: "#VALUE!" }));
  });

  it("takes a 1 × 1 range as the total and refuses a larger one", () => {
    expect(split([[10]] as never, [[1, 1]], 1)).toEqual([[5, 5]]);
    expect(() => split([[10, 20]] as never, [[1, 1]], 1)).toThrow(expect.objectContaining({ code: "#VALUE!" }));
  });

  it("takes a single blank cell as fixed as an argument: free for one weight, a shape error for more", () => {
    expect(split(10, [[1]], 1, [[null]] as never)).toEqual([[10]]);
    expect(() => split(10, [[1, 1]], 1, [[null]] as never)).toThrow(expect.objectContaining({ code: "#VALUE!" }));
  });

  it("takes an omitted fixed as every part free", () => {
    expect(split(10, [[1, 1]], 1, null as never)).toEqual([[5, 5]]);
  });

  it("refuses a range over a million cells with #NUM!", () => {
    const big = Array.from({ length: 1001 }, () => new Array(1000).fill(1));
    expect(() => split(1, big)).toThrow(expect.objectContaining({ code: "#NUM!", message: expect.stringContaining("too large") }));
  });
});

describe("SPLIT: properties", () => {
  const weightsArb = fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
    .map((rows) => rows.map((r) => r.slice(0, rows[0].length).concat(Array(Math.max(0, rows[0].length - r.length)).fill(0))))
    .filter((g) => g.flat().some((w) => w > 0));
  const unitArb = fc.constantFrom(0, 0.01, 0.1, 1, 10, 10000);
  const totalArb = fc.integer({ min: 0, max: 2_000_000_000 }).map((n) => n / 100);

  it("always adds up to the total", () => {
    fc.assert(
      fc.property(totalArb, weightsArb, unitArb, (total, weights, unit) => {
        const r = splitTotal(total, weights, { unit });
        return Math.abs(sum(r) - total) <= 1e-9 * Math.max(1, total);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps the shape of the weights", () => {
    fc.assert(
      fc.property(totalArb, weightsArb, unitArb, (total, weights, unit) => {
        const r = splitTotal(total, weights, { unit });
        return r.length === weights.length && r.every((row, i) => row.length === weights[i].length);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps every part within one unit of its exact share of the whole units, the odd amount on the heaviest", () => {
    fc.assert(
      fc.property(totalArb, weightsArb, fc.constantFrom(0.01, 1, 10, 10000), (total, weights, unit) => {
        const r = splitTotal(total, weights, { unit }).flat();
        const w = weights.flat();
        const W = w.reduce((a, b) => a + b, 0);
        // Whole units with the contract's tolerance (1e-9 relative, at most 1e-4): 19,999,999.98 is
        // 2,000 units of 10,000 (1,999.999998 is within 1e-9 of 2,000) and the odd amount -0.02.
        const x = total / unit;
        const n = Math.floor(x + Math.min(1e-9 * Math.max(1, x), 1e-4));
        const odd = total - n * unit;
        const heaviest = w.indexOf(Math.max(...w));
        let offUnit = 0;
        for (let k = 0; k < r.length; k++) {
          const part = k === heaviest ? r[k] - odd : r[k];
          const exact = (n * unit * w[k]) / W;
          if (Math.abs(part - exact) >= unit * (1 + 1e-9)) return false;
          const q = r[k] / unit;
          if (Math.abs(q - Math.round(q)) > 1e-6) offUnit++;
        }
        return offUnit <= 1;
      }),
      { numRuns: 1000 },
    );
  });

  it("gives the leftover units of equal remainders to earlier positions", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 500 }), (n, total) => {
        const r = splitTotal(total, [Array(n).fill(1)], { unit: 1 })[0];
        // Equal weights: the parts never increase from left to right and differ by at most one.
        return r.every((v, k) => k === 0 || (v <= r[k - 1] && r[0] - v <= 1));
      }),
      { numRuns: 1000 },
    );
  });

  it("agrees with a plain reading of the contract's largest-remainder steps", () => {
    // The contract's steps, written the slow and obvious way: sort every part by remainder.
    const reference = (total: number, w: number[], unit: number): number[] => {
      const W = w.reduce((a, b) => a + b, 0);
      const n = Math.floor(total / unit + 1e-9);
      const q = w.map((x) => (n * x) / W);
      const units = q.map((x) => Math.floor(x + 1e-9));
      const order = w.map((_, k) => k).sort((a, b) => {
        const ra = q[a] - units[a];
        const rb = q[b] - units[b];
        return Math.abs(ra - rb) <= 1e-9 ? a - b : rb - ra;
      });
      let left = n - units.reduce((a, b) => a + b, 0);
      for (const k of order) if (left-- > 0) units[k]++;
      const parts = units.map((u) => u * unit);
      parts[w.indexOf(Math.max(...w))] += total - n * unit;
      return parts;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100000 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 40 }).filter((w) => w.some((x) => x > 0)),
        fc.constantFrom(1, 10, 100),
        (total, w, unit) => closeTo(splitTotal(total, [w], { unit })[0], reference(total, w, unit)),
      ),
      { numRuns: 500 },
    );
  });

  it("holds every fixed part at its amount", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 8 }), fc.nat({ max: 50 }), (w, held) => {
        const fixed = [w.map((_, k) => (k === 0 ? held : 0))];
        const total = held + 1000;
        const r = splitTotal(total, [w], { unit: 1, fixed });
        return (held === 0 || r[0][0] === held) && sum(r) === total;
      }),
      { numRuns: 1000 },
    );
  });
});
