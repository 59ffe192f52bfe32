/**
 * Bench section "worst-cases" (issue 9): inputs built against the engine beside typical
 * ones, each with its outcome (a result, or the #NUM! it answers), and the growth ratios.
 *
 * - every row of issue 9's table: SPLIT on an order built against selection; SPREAD with a
 *   unit on random, rising and equal totals, 10,000 × 100, a seed that fits only in the
 *   limit, a seed of 1e308s; BAND and COMMISSION per call on 10,000- and 100,000-row tables;
 * - growth: n × 12 at 1,000, 5,000 and 20,000 rows (random and equal totals); squares of
 *   100, 200 and 500 (random totals, and rows alike); other shapes of 240,000–250,000
 *   cells; wide against tall (2 × 30,000 and 30,000 × 2).
 *
 * Core and the functions' source (tsx), as the "before" figures of the note were
 * taken. Targets: up to 250,000 cells well under a second; larger or pathological grids
 * within about 2 s or #NUM! (a budget of work, not time); tables about 1 ms a call.
 */
import { splitTotal } from "../../src/core/split";
import { spreadGrid } from "../../src/core/spread";
import { band, commission } from "../../src/functions/functions";
import { record, repeat, timeMs } from "./stats";

const SECTION = "worst-cases";

/** xorshift32: the same "random" totals on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Random row totals (about 3 units a cell) and column totals adding up to the same, × unit. */
function randomTotals(m: number, n: number, unit: number, seed: number): { rows: number[]; cols: number[] } {
  const r = rng(seed);
  const rows = Array.from({ length: m }, () => Math.floor(r() * 6 * n));
  const grand = rows.reduce((a, b) => a + b, 0);
  const w = Array.from({ length: n }, () => r());
  const ws = w.reduce((a, b) => a + b, 0);
  const cols = w.map((x) => Math.floor((x / ws) * grand));
  for (let j = 0, left = grand - cols.reduce((a, b) => a + b, 0); left > 0; j = (j + 1) % n, left--) cols[j]++;
  return { rows: rows.map((x) => x * unit), cols: cols.map((x) => x * unit) };
}

/** Equal row totals (100 each) over n near-equal column totals: every cell ties. */
function equalTotals(m: number, n: number): { rows: number[]; cols: number[] } {
  const g = 100 * m;
  const cols = Array.from({ length: n }, (_, j) => Math.floor(g / n) + (j < g % n ? 1 : 0));
  cols[0] += 1;
  cols[1] -= 1;
  return { rows: Array(m).fill(100), cols };
}

/**
 * Totals of a grid of whole numbers 0…max (a linear congruential generator): rows of
 * similar totals, so every row ranks the columns alike and the greedy choice is far off.
 */
function alikeTotals(m: number, n: number, max = 5, seed = m + n): { rows: number[]; cols: number[] } {
  let x = seed;
  const next = (): number => Math.floor(((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) * (max + 1));
  const rows = Array(m).fill(0);
  const cols = Array(n).fill(0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = next();
      rows[i] += v;
      cols[j] += v;
    }
  }
  return { rows, cols };
}

/** What a call answers: "ok", or the error's code and message key. */
function outcome(f: () => unknown): string {
  try {
    f();
    return "ok";
  } catch (e) {
    const err = e as { code?: string; key?: string; message?: string };
    return `${err.code ?? "error"} ${err.key ?? String(err.message).slice(0, 60)}`;
  }
}

/** Times one case (few rounds: some take seconds) and records it with its outcome. */
function worst(name: string, f: () => unknown, target: string, limitMs: number, rounds = 3): number {
  const result = outcome(f);
  const t = timeMs(() => outcome(f), rounds, 0);
  record({ section: SECTION, name, ...t, unit: "ms", target, ok: t.median <= limitMs, note: result });
  return t.median;
}

export async function run(): Promise<void> {
  // ---- issue 9's table, row by row ----
  const organ = Array.from({ length: 100_000 }, (_, i) => 1 + Math.min(i, 99_999 - i) / 100_000);
  worst("SPLIT 100,000 weights, organ-pipe order, unit 1", () => splitTotal(700_003, [organ], { unit: 1 }), "< 200 ms", 200);
  const r500 = randomTotals(500, 500, 1, 1);
  worst("SPREAD 500 × 500 random totals, unit 1", () => spreadGrid(r500.rows, r500.cols, { unit: 1 }), "< 1 s or #NUM!", 2000, 1);
  const r1000 = randomTotals(1000, 1000, 10000, 2);
  worst("SPREAD 1,000 × 1,000 random totals, unit 10000", () => spreadGrid(r1000.rows, r1000.cols, { unit: 10000 }), "≤ 2 s or #NUM!", 2000, 1);
  const rising = Array.from({ length: 300 }, (_, j) => 1000 + j);
  rising[299] += 150;
  const risingRows = Array(300).fill(rising.reduce((a, b) => a + b, 0) / 300);
  worst("SPREAD 300 × 300 equal rows, columns rising by 1, unit 1", () => spreadGrid(risingRows, rising, { unit: 1 }), "< 1 s or #NUM!", 1000, 1);
  const eq5k = equalTotals(5000, 12);
  worst("SPREAD 5,000 × 12 equal rows, near-equal columns, unit 1", () => spreadGrid(eq5k.rows, eq5k.cols, { unit: 1 }), "< 1 s", 1000);
  const r10k = randomTotals(10000, 100, 1, 3);
  worst("SPREAD 10,000 × 100 random totals, unit 1", () => spreadGrid(r10k.rows, r10k.cols, { unit: 1 }), "≤ 2 s or #NUM!", 2000, 1);
  const tri = Array.from({ length: 1000 }, (_, i) => Array.from({ length: 1000 }, (_, j) => (j >= i ? 1 : 0)));
  const ones = Array(1000).fill(1);
  worst("SPREAD 1,000 × 1,000 seed on and above the diagonal, totals 1", () => spreadGrid(ones, ones, { seed: tri }), "#NUM! at once", 2000, 1);
  worst("SPREAD {3;3}, {3,3}, seed of 1e308s, unit 1", () => spreadGrid([3, 3], [3, 3], { seed: [[1e308, 1e308], [1e308, 1e308]], unit: 1 }), "a result", 10);

  for (const n of [10_000, 100_000]) {
    const perm = (k: number): number => (k * 7919) % n;
    const thresholds = Array.from({ length: n }, (_, k) => [perm(k)]);
    const results = Array.from({ length: n }, (_, k) => [perm(k) * 2]);
    const sorted = Array.from({ length: n }, (_, k) => [k]);
    const tiers = Array.from({ length: n }, (_, k) => [(k / n) * 2, 0.01 + k / n / 10]);
    const label = n.toLocaleString("en-US");
    const reps = n === 10_000 ? 100 : 10;
    const per = (f: (k: number) => unknown): ReturnType<typeof repeat> =>
      repeat(5, () => {
        const t0 = process.hrtime.bigint();
        for (let k = 0; k < reps; k++) f(k);
        return Number(process.hrtime.bigint() - t0) / 1e6 / reps;
      });
    const limit = n === 10_000 ? 2 : 20;
    const b1 = per((k) => band(k * 10, sorted, results));
    record({ section: SECTION, name: `BAND, ${label}-row table in order, per call`, ...b1, unit: "ms", target: `≈ ${limit / 2} ms`, ok: b1.median <= limit });
    const b2 = per((k) => band(k * 10, thresholds, results));
    record({ section: SECTION, name: `BAND, ${label}-row table shuffled, per call`, ...b2, unit: "ms", target: `≈ ${limit / 2} ms`, ok: b2.median <= 2 * limit });
    const c1 = per((k) => commission(k * 10, 1000, tiers));
    record({ section: SECTION, name: `COMMISSION, ${label}-row tiers, per call`, ...c1, unit: "ms", target: `≈ ${limit / 2} ms`, ok: c1.median <= limit });
  }

  // ---- growth: reps × months, squares, wide against tall ----
  const growth = (label: string, sizes: [number, number][], make: (m: number, n: number) => { rows: number[]; cols: number[] }, limitMs: number): void => {
    let prev = 0;
    let prevCells = 0;
    for (const [m, n] of sizes) {
      const c = make(m, n);
      const t = worst(`SPREAD ${m.toLocaleString("en-US")} × ${n.toLocaleString("en-US")} ${label}, unit 1`, () => spreadGrid(c.rows, c.cols, { unit: 1 }), `< ${limitMs} ms`, limitMs, 3);
      if (prev > 0) {
        const ratio = t / prev;
        const cells = (m * n) / prevCells;
        record({ section: SECTION, name: `  growth to ${m} × ${n}: time ratio for ${cells}× the cells`, median: ratio, min: ratio, max: ratio, unit: "×", target: `near ${cells}×`, ok: ratio <= 2 * cells });
      }
      prev = t;
      prevCells = m * n;
    }
  };
  growth("random totals", [[1000, 12], [5000, 12], [20000, 12]], (m, n) => randomTotals(m, n, 1, 7), 1000);
  growth("equal totals", [[1000, 12], [5000, 12], [20000, 12]], equalTotals, 1000);
  growth("random totals (months as rows)", [[12, 1000], [12, 5000], [12, 20000]], (m, n) => randomTotals(m, n, 1, 8), 1000);
  growth("random totals (square)", [[100, 100], [200, 200], [500, 500]], (m, n) => randomTotals(m, n, 1, 9), 1000);
  growth("rows alike (square)", [[100, 100], [200, 200], [500, 500]], (m, n) => alikeTotals(m, n), 1000);
  // Beyond the budget still: rows alike from grids of 0…2 and 0…20 (about 200 and 280
  // million steps to round exactly).
  for (const max of [2, 20]) {
    const c = alikeTotals(500, 500, max, 501);
    worst(`SPREAD 500 × 500 rows alike (a grid of 0…${max}), unit 1`, () => spreadGrid(c.rows, c.cols, { unit: 1 }), "< 1 s or #NUM!", 2000, 1);
  }
  for (const [m, n] of [
    [250, 1000],
    [1000, 250],
    [4000, 60],
  ]) {
    for (const [label, make] of [
      ["random totals", (a: number, b: number) => randomTotals(a, b, 1, 10)],
      ["rows alike", (a: number, b: number) => alikeTotals(a, b)],
    ] as const) {
      const c = make(m, n);
      worst(`SPREAD ${m.toLocaleString("en-US")} × ${n} ${label}, unit 1`, () => spreadGrid(c.rows, c.cols, { unit: 1 }), "< 1 s", 1000, 3);
    }
  }
  const wide = randomTotals(2, 30000, 1, 4);
  const tall = randomTotals(30000, 2, 1, 4);
  const tw = worst("SPREAD 2 × 30,000 (wide), unit 1", () => spreadGrid(wide.rows, wide.cols, { unit: 1 }), "< 1 s", 1000);
  const tt = worst("SPREAD 30,000 × 2 (tall), unit 1", () => spreadGrid(tall.rows, tall.cols, { unit: 1 }), "< 1 s", 1000);
  record({ section: SECTION, name: "  wide / tall", median: tw / tt, min: tw / tt, max: tw / tt, unit: "×", target: "near 1×", ok: tw / tt < 3 && tt / tw < 3 });
}
