/**
 * Controlled rounding (src/core/rounding.ts and src/core/rounding/): every path of the solver
 * (balancing over node pairs, or network simplex with its band or with full scans only) and
 * of the tie-break (over column pairs or over cells) against brute force on small grids, and
 * against each other on larger ones; the work budget.
 */
import * as fc from "fast-check";
import { isPlanError } from "../src/core/errors";
import { TooMuchWork, roundControlled } from "../src/core/rounding";
import * as rounding from "../src/core/rounding";
import { MinHeap } from "../src/core/rounding/heap";
import { selectLargest } from "../src/core/rounding/select";
import { chooseUps } from "../src/core/rounding/solve";
import { Work } from "../src/core/rounding/transport";
import { spreadGrid } from "../src/core/spread";
import { planError } from "./helpers/expect";

/** Every combination of the solver's and the tie-break's paths, forced by their thresholds. */
const PATHS = [
  { pairNodes: 0, pairColumns: 0 },
  { pairNodes: 0, pairColumns: 1e9 },
  { pairNodes: 0, pairColumns: 0, band: 0 },
  { pairNodes: 1e9, pairColumns: 0 },
  { pairNodes: 1e9, pairColumns: 1e9 },
];

/** Margins in whole units (row i: k_i, column j: l_j) and the proportional grid k_i × l_j / K. */
function proportional(rows: number[], cols: number[]): Float64Array {
  const K = rows.reduce((a, b) => a + b, 0);
  const q = new Float64Array(rows.length * cols.length);
  rows.forEach((r, i) => cols.forEach((c, j) => (q[i * cols.length + j] = (r * c) / K)));
  return q;
}

/**
 * The contract by brute force: of all grids with each cell the floor or ceiling of q and the
 * given margins, the least total |cell − q|; ties to the one whose first differing cell (row
 * by row) is larger. `scale` makes every q × scale a whole number, so distances are exact.
 */
function bruteForce(q: Float64Array, m: number, n: number, rows: number[], cols: number[], scale: number): number[] | null {
  const frac: number[] = [];
  for (let c = 0; c < m * n; c++) if (!Number.isInteger(q[c])) frac.push(c);
  let best: number[] | null = null;
  let bestCost = Infinity;
  for (let mask = 0; mask < 1 << frac.length; mask++) {
    const x = Array.from(q, Math.floor);
    frac.forEach((c, b) => (x[c] += (mask >> b) & 1));
    let ok = true;
    for (let i = 0; i < m && ok; i++) ok = x.slice(i * n, i * n + n).reduce((a, v) => a + v, 0) === rows[i];
    for (let j = 0; j < n && ok; j++) ok = rows.reduce((a, _, i) => a + x[i * n + j], 0) === cols[j];
    if (!ok) continue;
    const cost = x.reduce((a, v, c) => a + Math.abs(Math.round(v * scale) - Math.round(q[c] * scale)), 0);
    const prev = best;
    const d = prev === null ? -1 : x.findIndex((v, c) => v !== prev[c]);
    const earlierUp = prev !== null && cost === bestCost && d >= 0 && x[d] > prev[d];
    if (cost < bestCost || earlierUp) {
      best = x;
      bestCost = cost;
    }
  }
  return best;
}

const small = fc.record({
  rows: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 4 }),
  cols: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
});

describe("controlled rounding: every path against brute force", () => {
  it("rounds a proportional grid closest, ties to earlier cells up, on every path", () => {
    fc.assert(
      fc.property(small, ({ rows, cols }) => {
        // Column totals that add up to the rows': scale the random columns by largest remainder.
        const K = rows.reduce((a, b) => a + b, 0);
        if (K === 0) return;
        const c0 = cols.reduce((a, b) => a + b, 0);
        const colTotals = cols.map((c) => Math.floor((c * K) / c0));
        for (let j = 0; colTotals.reduce((a, b) => a + b, 0) < K; j++) colTotals[j % cols.length]++;
        const m = rows.length;
        const n = cols.length;
        const q = proportional(rows, colTotals);
        const want = bruteForce(q, m, n, rows, colTotals, K);
        for (const path of PATHS) {
          const got = roundControlled(q, m, n, rows, colTotals, true, path);
          expect(got && Array.from(got)).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("rounds a fitted (non-proportional) grid closest, ties to earlier cells up, on every path", () => {
    // A whole grid plus a few 2 × 2 exchanges of k/512 (margins stay whole; distances exact).
    const grid = fc
      .record({ m: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 4 }) })
      .chain(({ m, n }) =>
        fc.record({
          m: fc.constant(m),
          n: fc.constant(n),
          base: fc.array(fc.integer({ min: 2, max: 6 }), { minLength: m * n, maxLength: m * n }),
          moves: fc.array(fc.tuple(fc.nat(m - 1), fc.nat(m - 1), fc.nat(n - 1), fc.nat(n - 1), fc.integer({ min: -300, max: 300 })), { maxLength: 4 }),
        }),
      );
    fc.assert(
      fc.property(grid, ({ m, n, base, moves }) => {
        const q = Float64Array.from(base);
        for (const [i1, i2, j1, j2, k] of moves) {
          if (i1 === i2 || j1 === j2) continue;
          q[i1 * n + j1] += k / 512;
          q[i2 * n + j2] += k / 512;
          q[i1 * n + j2] -= k / 512;
          q[i2 * n + j1] -= k / 512;
        }
        const rows = Array.from({ length: m }, (_, i) => base.slice(i * n, i * n + n).reduce((a, b) => a + b, 0));
        const cols = Array.from({ length: n }, (_, j) => rows.reduce((a, _r, i) => a + base[i * n + j], 0));
        const want = bruteForce(q, m, n, rows, cols, 512);
        for (const path of PATHS) {
          const got = roundControlled(q, m, n, rows, cols, false, path);
          expect(got && Array.from(got)).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("controlled rounding: the paths agree on larger grids", () => {
  const shapes = [
    [40, 12],
    [12, 40],
    [30, 30],
    [200, 2],
    [2, 200],
  ];
  for (const [m, n] of shapes) {
    it(`gives one answer on every path, floors or ceilings meeting the margins (${m} × ${n}, equal and random totals)`, () => {
      fc.assert(
        fc.property(fc.boolean(), fc.array(fc.integer({ min: 0, max: 40 }), { minLength: m, maxLength: m }), (equal, raw) => {
          const rows = equal ? raw.map(() => 7) : raw;
          const K = rows.reduce((a, b) => a + b, 0);
          if (K === 0) return;
          const cols = Array.from({ length: n }, (_, j) => Math.floor(K / n) + (j < K % n ? 1 : 0));
          const q = proportional(rows, cols);
          const results = PATHS.map((path) => roundControlled(q, m, n, rows, cols, true, path));
          const first = results[0] as Float64Array;
          for (const r of results) expect(r).toEqual(first);
          for (let c = 0; c < m * n; c++) expect(first[c] === Math.floor(q[c]) || first[c] === Math.ceil(q[c])).toBe(true);
          for (let i = 0; i < m; i++) expect(first.slice(i * n, i * n + n).reduce((a, b) => a + b, 0)).toBe(rows[i]);
          for (let j = 0; j < n; j++) expect(rows.reduce((a, _r, i) => a + first[i * n + j], 0)).toBe(cols[j]);
        }),
        { numRuns: 15 },
      );
    });
  }
});

describe("controlled rounding: the work budget", () => {
  it("gives up with TooMuchWork past its budget, whatever the machine (a count of steps)", () => {
    const rows = Array(30).fill(7);
    const cols = Array.from({ length: 12 }, (_, j) => (j < 6 ? 18 : 17));
    const q = proportional(rows, cols);
    expect(() => roundControlled(q, 30, 12, rows, cols, true, { workBudget: 100 })).toThrow(TooMuchWork);
    expect(roundControlled(q, 30, 12, rows, cols, true, { workBudget: 1e7 })).not.toBeNull();
  });

  it("makes SPREAD answer #NUM! saying the grid is too large to round exactly, and what to do", () => {
    const spy = jest.spyOn(rounding, "roundControlled").mockImplementation(() => {
      throw new TooMuchWork();
    });
    try {
      const e = planError(() => spreadGrid([3, 3], [3, 3], { unit: 1 }));
      expect(isPlanError(e)).toBe(true);
      expect(e.code).toBe("#NUM!");
      expect(e.message).toBe("unit: the grid (4 cells) is too large to round exactly to the unit: leave the unit out (exact values) or spread fewer cells at a time");
      expect(e.messageIn("zh")).toBe("单位：区域（4 个单元格）过大，无法按单位精确取整：请不填单位（得到精确值），或每次分摊更少的单元格");
    } finally {
      spy.mockRestore();
    }
  });
});

describe("controlled rounding: the solver at its edges", () => {
  it("says no choice exists when every line could be met alone but not all together (both solvers)", () => {
    // Rows need 1 each, columns 1 each; rows 0 and 1 can only use column 0.
    const cell = Int32Array.of(0, 3, 7, 8);
    const weight = Float64Array.of(5, 5, 5, 5);
    for (const pairNodes of [0, 1e9]) {
      expect(chooseUps(3, 3, cell, weight, [1, 1, 1], [1, 1, 1], new Work(1e6), pairNodes)).toBeNull();
    }
    // With a way out for row 1 (cell (1,1)) there is one: (0,0), (1,1), (2,2).
    const open = Int32Array.of(0, 3, 4, 7, 8);
    const ok = chooseUps(3, 3, open, Float64Array.of(5, 5, 5, 5, 5), [1, 1, 1], [1, 1, 1], new Work(1e6), 0);
    expect(Array.from(ok?.up ?? [])).toEqual([1, 0, 1, 0, 1]);
  });

  it("still finds the heaviest choice when weights are too large for exact sums of prices (they are scaled down)", () => {
    // 2 × 3, rows need [1, 1], columns [1, 0, 1]; weights near 2^52: best (0,0) + (1,2).
    const big = 2 ** 52;
    const cell = Int32Array.of(0, 1, 2, 3, 4, 5);
    const weight = Float64Array.of(big, big / 2, big / 4, big / 8, big / 16, big / 2);
    const got = chooseUps(2, 3, cell, weight, [1, 1], [1, 0, 1], new Work(1e6), 0);
    expect(Array.from(got?.up ?? [])).toEqual([1, 0, 0, 0, 0, 1]);
  });
});

describe("controlled rounding: the greedy choice's selection", () => {
  it("puts the (k + 1)-th largest value at k, larger or equal ones before it, smaller or equal after, the values kept", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 80 }).chain((xs) => fc.tuple(fc.constant(xs), fc.nat(xs.length - 1))),
        ([xs, k]) => {
          const v = Float64Array.from(xs);
          selectLargest(v, xs.length, k);
          const desc = xs.slice().sort((a, b) => b - a);
          expect(v[k]).toBe(desc[k]);
          for (let r = 0; r < k; r++) expect(v[r]).toBeGreaterThanOrEqual(v[k]);
          for (let r = k + 1; r < xs.length; r++) expect(v[r]).toBeLessThanOrEqual(v[k]);
          expect(Array.from(v).sort((a, b) => b - a)).toEqual(desc);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("controlled rounding: the heap", () => {
  it("gives back keys least first, with their payloads, however they were added", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.boolean(), (keys, bulk) => {
        const h = new MinHeap();
        keys.forEach((k, idx) => (bulk ? h.append(k, idx, -idx) : h.push(k, idx, -idx)));
        if (bulk) h.heapify();
        const out: number[] = [];
        while (h.size > 0) {
          expect(h.topB()).toBe(-h.topA());
          expect(keys[h.topA()]).toBe(h.topKey());
          out.push(h.topKey());
          h.pop();
        }
        expect(out).toEqual(keys.slice().sort((a, b) => a - b));
      }),
    );
  });
});
