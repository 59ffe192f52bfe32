/**
 * Issue 9's classes of slow input, built on purpose (small enough for the suite; the bench
 * runs them big): each gives the contract's result or the named #NUM!. No timing here.
 */
import * as fc from "fast-check";
import { bandLookup, readBands } from "../src/core/band";
import { commissionOf, readTiers } from "../src/core/commission";
import { roundControlled } from "../src/core/rounding";
import { splitTotal } from "../src/core/split";
import { spreadGrid } from "../src/core/spread";
import { band, commission } from "../src/functions/functions";
import { planError } from "./helpers/expect";

/** Largest remainder by exact integers: `total` whole units over integer weights, ties to the earlier part. */
function largestRemainder(total: number, weights: number[]): number[] {
  const W = BigInt(weights.reduce((a, b) => a + b, 0));
  const T = BigInt(total);
  const base = weights.map((w) => (T * BigInt(w)) / W);
  const rest = weights.map((w) => (T * BigInt(w)) % W);
  let left = total - base.reduce((a, b) => a + Number(b), 0);
  const order = weights.map((_, i) => i).sort((a, b) => (rest[b] > rest[a] ? 1 : rest[b] < rest[a] ? -1 : a - b));
  const out = base.map(Number);
  for (const i of order) if (left-- > 0) out[i]++;
  return out;
}

/** Orders that defeat selection by pivot (sorted, reversed, organ pipe, sawtooth, all equal). */
const orders: Record<string, (n: number) => number[]> = {
  sorted: (n) => Array.from({ length: n }, (_, i) => 1000 + i),
  reversed: (n) => Array.from({ length: n }, (_, i) => 1000 + n - i),
  organPipe: (n) => Array.from({ length: n }, (_, i) => 1000 + Math.min(i, n - 1 - i)),
  sawtooth: (n) => Array.from({ length: n }, (_, i) => 1000 + (i % 7) * 13),
  equal: (n) => Array.from({ length: n }, () => 1000),
};

describe("adversarial SPLIT: leftover units on orders built against the selection", () => {
  for (const [name, make] of Object.entries(orders)) {
    it(`gives the exact largest remainder on ${name} weights (5,000 parts)`, () => {
      const w = make(5000);
      const total = 5000 * 3 + 2501; // half the parts get a leftover unit
      expect(splitTotal(total, [w], { unit: 1 })[0]).toEqual(largestRemainder(total, w));
    });
  }
});

/** Checks a rounded grid: cells floor or ceiling of the exact grid, margins exact, no cheaper 2 × 2 exchange. */
function expectControlled(got: number[][], rows: number[], cols: number[]): void {
  const m = rows.length;
  const n = cols.length;
  const K = rows.reduce((a, b) => a + b, 0);
  // Distances in exact integers: |cell × K − row × col|.
  const dist = (i: number, j: number, v: number): number => Math.abs(v * K - rows[i] * cols[j]);
  for (let i = 0; i < m; i++) {
    expect(got[i].reduce((a, b) => a + b, 0)).toBe(rows[i]);
    for (let j = 0; j < n; j++) expect(Math.abs(got[i][j] * K - rows[i] * cols[j])).toBeLessThan(K);
  }
  for (let j = 0; j < n; j++) expect(got.reduce((a, r) => a + r[j], 0)).toBe(cols[j]);
  // No exchange of one unit around a rectangle gets closer (a necessary condition of the closest).
  const R = Math.min(m, 16);
  const C = Math.min(n, 16);
  for (let i1 = 0; i1 < R; i1++) {
    for (let i2 = i1 + 1; i2 < R; i2++) {
      for (let j1 = 0; j1 < C; j1++) {
        for (let j2 = 0; j2 < C; j2++) {
          if (j1 === j2) continue;
          const [a, b, c, d] = [got[i1][j1], got[i1][j2], got[i2][j1], got[i2][j2]];
          const now = dist(i1, j1, a) + dist(i1, j2, b) + dist(i2, j1, c) + dist(i2, j2, d);
          const moved = dist(i1, j1, a + 1) + dist(i1, j2, b - 1) + dist(i2, j1, c - 1) + dist(i2, j2, d + 1);
          const feasible = [a + 1, b - 1, c - 1, d + 1].every((v, k) => Math.abs(v * K - [rows[i1] * cols[j1], rows[i1] * cols[j2], rows[i2] * cols[j1], rows[i2] * cols[j2]][k]) < K);
          if (feasible) expect(moved).toBeGreaterThanOrEqual(now);
        }
      }
    }
  }
}

/** The same rounding by the other solver and tie-break paths (forced by their thresholds). */
function expectAllPathsAgree(got: number[][], rows: number[], cols: number[]): void {
  const m = rows.length;
  const n = cols.length;
  const K = rows.reduce((a, b) => a + b, 0);
  const q = new Float64Array(m * n);
  rows.forEach((r, i) => cols.forEach((c, j) => (q[i * n + j] = (r * c) / K)));
  // The tie-break over column pairs costs columns² a search: forced only on grids of few columns.
  const paths = [{ pairNodes: 0, pairColumns: 0 }, { pairNodes: 0, pairColumns: 0, band: 0 }, { pairNodes: 1e9, pairColumns: n <= 64 ? 1e9 : 0 }];
  for (const path of paths) {
    const other = roundControlled(q, m, n, rows, cols, true, path) as Float64Array;
    expect(Array.from(other)).toEqual(got.flat());
  }
}

describe("adversarial SPREAD with a unit: shapes and totals that made the rounding slow", () => {
  const cases: Record<string, () => { rows: number[]; cols: number[] }> = {
    "equal row totals, column totals rising by 1 (40 × 40)": () => {
      const cols = Array.from({ length: 40 }, (_, j) => 100 + j);
      cols[39] += 20; // the grand total a multiple of 40
      const g = cols.reduce((a, b) => a + b, 0);
      return { rows: Array(40).fill(g / 40), cols };
    },
    "equal row totals, near-equal column totals (300 × 12)": () => {
      const cols = Array.from({ length: 12 }, () => 2500);
      cols[0] += 1;
      cols[1] -= 1;
      return { rows: Array(300).fill(100), cols };
    },
    "the same, transposed (12 × 300)": () => {
      const rows = Array.from({ length: 12 }, () => 2500);
      rows[0] += 1;
      rows[1] -= 1;
      return { rows, cols: Array(300).fill(100) };
    },
    "wide: 2 × 600": () => ({ rows: [901, 900], cols: Array.from({ length: 600 }, (_, j) => (j < 1 ? 4 : 3)) }),
    "tall: 600 × 2": () => ({ rows: Array.from({ length: 600 }, (_, i) => (i < 1 ? 4 : 3)), cols: [901, 900] }),
  };
  for (const [name, make] of Object.entries(cases)) {
    it(`rounds closest on every path: ${name}`, () => {
      const { rows, cols } = make();
      const got = spreadGrid(rows, cols, { unit: 1 });
      expectControlled(got, rows, cols);
      expectAllPathsAgree(got, rows, cols);
    });
  }

  it("rounds random totals closest on every path (square and n × 12, unit 1 and 10000)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom([25, 25], [60, 12], [12, 60]),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.constantFrom(1, 10000),
        ([m, n], seed, unit) => {
          let x = seed;
          const next = (): number => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
          const rows = Array.from({ length: m }, () => Math.floor(next() * 6 * n));
          const K = rows.reduce((a, b) => a + b, 0);
          if (K === 0) return;
          const cols = Array.from({ length: n }, (_, j) => Math.floor(K / n) + (j < K % n ? 1 : 0));
          const got = spreadGrid(
            rows.map((r) => r * unit),
            cols.map((c) => c * unit),
            { unit },
          ).map((r) => r.map((v) => v / unit));
          expectControlled(got, rows, cols);
          expectAllPathsAgree(got, rows, cols);
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe("adversarial SPREAD with a seed: fits that converge only in the limit", () => {
  it("names the first seed cell every fit drives to 0 (seed on and above the diagonal, totals 1)", () => {
    const n = 60;
    const seed = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j >= i ? 1 : 0)));
    const ones = Array(n).fill(1);
    // Column 1 has a seed only in row 1, so (1, 1) takes row 1's whole total: (1, 2) must be 0.
    const e = planError(() => spreadGrid(ones, ones, { seed }));
    expect(e.code).toBe("#NUM!");
    expect(e.key).toBe("fitOnlyInLimit");
    expect(e.message.startsWith("seed, row 1, column 2: row 1's and column 2's totals can be met only with this seed cell at 0")).toBe(true);
  });

  it("fits a seed on and above the diagonal when the totals leave every cell room", () => {
    // The margins of the all-ones triangle itself (row i: n − i + 1, column j: j), which it meets as it is.
    const n = 30;
    const seed: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j >= i ? 1 : 0)));
    const rows = seed.map((r) => r.reduce((a, b) => a + b, 0));
    const cols = Array.from({ length: n }, (_, j) => j + 1);
    expect(spreadGrid(rows, cols, { seed, unit: 1 })).toEqual(seed);
  });

  it("names rows whose seed cannot carry their totals, before fitting (block seeds)", () => {
    // Rows 1–3 have seed only in columns 1–2, whose totals (2 + 2) are less than theirs (3 × 2).
    const seed = [
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [1, 1, 1, 1],
    ];
    const e = planError(() => spreadGrid([2, 2, 2, 2], [2, 2, 2, 2], { seed }));
    expect(e.key).toBe("infeasibleGroup");
    expect(e.message).toBe("row_totals, row 1, column 1: rows 1, 2, 3 need 6, but their seed has values only in columns 1, 2, whose totals add up to 4");
  });

  it("fits a seed of values near the largest number (sums would overflow) as its shape", () => {
    const seed = [
      [1e308, 5e307],
      [5e307, 1e308],
    ];
    // The same shape at 1 and 0.5: the same fit.
    expect(spreadGrid([30, 30], [30, 30], { seed })).toEqual(spreadGrid([30, 30], [30, 30], { seed: [[1, 0.5], [0.5, 1]] }));
  });
});

describe("adversarial BAND and COMMISSION: large tables", () => {
  const n = 10000;
  const shuffle = (k: number): number => (k * 7919) % n; // 7919 is prime to 10000: a fixed permutation

  it("BAND on a 10,000-row table in any order gives the highest threshold reached", () => {
    const thresholds = Array.from({ length: n }, (_, k) => [shuffle(k) * 0.5]);
    const results = Array.from({ length: n }, (_, k) => [`r${shuffle(k)}`]);
    for (const v of [-1, 0, 0.25, 1234.5, 1234.74, 4999.5, 1e9]) {
      const reached = Math.floor(v / 0.5);
      const want = reached < 0 ? "below" : `r${Math.min(reached, n - 1)}`;
      expect(band(v, thresholds, results, "below")).toBe(want);
    }
    // The same table as two columns, descending.
    const pairs = Array.from({ length: n }, (_, k) => [(n - 1 - k) * 0.5, n - 1 - k]);
    expect(band(1234.5, pairs)).toBe(2469);
  });

  it("BAND still names the problem in a 10,000-row table (a repeat at the end)", () => {
    const thresholds = Array.from({ length: n }, (_, k) => [k]);
    thresholds[n - 1] = [5];
    const results = Array.from({ length: n }, (_, k) => [k]);
    expect(planError(() => readBands(thresholds, results)).message).toBe("thresholds, row 10000, column 1: threshold 5 appears twice");
  });

  it("COMMISSION on a 10,000-row tier table pays each slice at its rate", () => {
    // Tiers every 0.01 of attainment, rate k / 100000 from threshold k / 100.
    const tiers = Array.from({ length: n }, (_, k) => [shuffle(k) / 100, shuffle(k) / 100000]);
    // Actual 2.5 × target of 100: slices of 1 at rates 0, 1e-5, …, 249e-5.
    const want = Array.from({ length: 250 }, (_, k) => k / 100000).reduce((a, b) => a + b, 0);
    expect(commission(250, 100, tiers)).toBeCloseTo(want, 12);
    expect(commissionOf(250, 100, readTiers(tiers), { mode: "whole" })).toBeCloseTo(250 * 0.0025, 12);
    expect(bandLookup(3, [{ threshold: 1, result: "x" }])).toBe("x");
  });
});
