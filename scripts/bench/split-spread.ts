/**
 * Bench section "split-spread": the typical SPLIT and SPREAD calls of a plan.
 *
 * - SPLIT of 100,000 weights with a unit of 10,000, core and built bundle;
 * - SPREAD of 1,000 × 12 and 5,000 × 12 (a region × month plan, last year's grid as the
 *   seed, a unit of 10,000): time, growth with the cells (ratio per round, the two sizes
 *   measured alternately), and the heap still held by the result after a forced GC;
 *   SPREAD 1,000 × 12 through the built bundle.
 * Worst cases (issue 9) belong in their own section.
 */
import { splitTotal } from "../../src/core/split";
import { spreadGrid } from "../../src/core/spread";
import { loadBuiltFunctions, record, repeat, retainedBytes, single, timeMs } from "./stats";

const SECTION = "split-spread";

/** A region × month plan: last year's grid as the seed, this year's margins in 万元. */
function spreadCase(rows: number): { rowTotals: number[]; colTotals: number[]; seed: number[][] } {
  const seed = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: 12 }, (_, j) => 50 + ((i * 31 + j * 17) % 97) * (1 + (j % 4))),
  );
  const rowTotals = Array.from({ length: rows }, (_, i) => 10000 * (100 + ((i * 13) % 400)));
  const grand = rowTotals.reduce((a, b) => a + b, 0);
  const monthShares = [7, 7, 8, 8, 8, 9, 9, 8, 8, 9, 9, 10];
  const colTotals = splitTotal(grand, [monthShares], { unit: 10000 })[0];
  return { rowTotals, colTotals, seed };
}

function ms(f: () => unknown): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function run(): Promise<void> {
  const { SPLIT, SPREAD } = loadBuiltFunctions();

  const weights100k = [Array.from({ length: 100_000 }, (_, i) => 1 + ((i * 7919) % 1000))];
  const splitCore = timeMs(() => splitTotal(1_234_567_890, weights100k, { unit: 10000 }), 9);
  record({ section: SECTION, name: "SPLIT 100,000 weights, unit 10000 (core)", ...splitCore, unit: "ms", target: "< 50 ms", ok: splitCore.median < 50 });
  const splitExcel = timeMs(() => SPLIT(1_234_567_890, weights100k, 10000), 9);
  record({ section: SECTION, name: "SPLIT 100,000 weights, unit 10000 (built bundle)", ...splitExcel, unit: "ms" });

  const c1k = spreadCase(1000);
  const c5k = spreadCase(5000);
  const go1k = (): number[][] => spreadGrid(c1k.rowTotals, c1k.colTotals, { seed: c1k.seed, unit: 10000 });
  const go5k = (): number[][] => spreadGrid(c5k.rowTotals, c5k.colTotals, { seed: c5k.seed, unit: 10000 });
  go1k();
  go5k();
  const t1k: number[] = [];
  const t5k: number[] = [];
  const growth = repeat(7, () => {
    const a = ms(go1k);
    const b = ms(go5k);
    t1k.push(a);
    t5k.push(b);
    return b / a;
  });
  const s1k = repeat(t1k.length, (r) => t1k[r]);
  const s5k = repeat(t5k.length, (r) => t5k[r]);
  record({ section: SECTION, name: "SPREAD 1,000 × 12, seed + unit (core)", ...s1k, unit: "ms", target: "< 50 ms", ok: s1k.median < 50 });
  record({ section: SECTION, name: "SPREAD 5,000 × 12, seed + unit (core)", ...s5k, unit: "ms" });
  record({ section: SECTION, name: "SPREAD 5,000 × 12 / 1,000 × 12", ...growth, unit: "×", target: "≤ 6", ok: growth.median <= 6 });
  const heapMB = retainedBytes(go5k) / 2 ** 20;
  record({
    section: SECTION,
    name: "SPREAD 5,000 × 12 result, retained heap",
    ...single(heapMB),
    unit: "MB",
    target: "< 50 MB",
    ok: heapMB < 50,
    note: "after forced GC, result kept",
  });
  const rowCol = c1k.rowTotals.map((v) => [v]);
  const spreadExcel = timeMs(() => SPREAD(rowCol, [c1k.colTotals], c1k.seed, 10000), 7);
  record({ section: SECTION, name: "SPREAD 1,000 × 12, seed + unit (built bundle)", ...spreadExcel, unit: "ms" });
}
