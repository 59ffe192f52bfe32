/**
 * `npm run bench`: the engine's speed, measured side by side in one run on this machine.
 * Prints a table and one JSON line per figure. Nothing here is a test: machines are shared
 * and noisy, so figures are medians of several rounds, and ratios compare runs made together.
 *
 * - per-call cost of SCORE (rule cached), STATUS and ATTAIN, through the core and through the
 *   built bundle as Excel calls it (argument coercion included), against a hand-inlined
 *   baseline doing the same arithmetic with no validation;
 * - SPLIT of 100,000 weights with a unit; SPREAD of 1,000 × 12 and 5,000 × 12 with a seed and
 *   a unit (time, growth with the cells, extra heap).
 */
import { attainment } from "../src/core/attainment";
import { scoreKpi } from "../src/core/score";
import { splitTotal } from "../src/core/split";
import { spreadGrid } from "../src/core/spread";
import { trafficLight } from "../src/core/status";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";

/**
 * The Excel face is measured on the built bundle, dist/functions.js, loaded as Excel's
 * runtime loads it: a script run with CustomFunctions and Office stand-ins as globals.
 */
function loadBuiltFunctions(): Record<string, (...args: unknown[]) => unknown> {
  const file = path.resolve(__dirname, "../dist/functions.js");
  if (!fs.existsSync(file)) {
    console.log("dist/functions.js is missing: building it first");
    const r = spawnSync("npx", ["webpack", "--mode", "production", "--no-stats"], { stdio: "inherit" });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  // In this realm, not a vm sandbox: a sandbox's globals go through interceptors that make
  // every Math or Number lookup in the bundle hundreds of times slower than in Excel.
  const registered: Record<string, (...args: unknown[]) => unknown> = {};
  Object.assign(globalThis, {
    CustomFunctions: {
      associate: (id: string, fn: (...args: unknown[]) => unknown) => (registered[id] = fn),
      Error: class extends Error {},
      ErrorCode: { invalidValue: "#VALUE!", invalidNumber: "#NUM!", divisionByZero: "#DIV/0!" },
    },
    Office: { context: { displayLanguage: "en-US" }, onReady: () => Promise.resolve({}) },
  });
  vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
  return registered;
}
const built = loadBuiltFunctions();
const { ATTAIN: attain, SCORE: score, SPLIT: split, SPREAD: spread, STATUS: status } = built;

interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}
const figures: Figure[] = [];
const record = (f: Figure): void => {
  figures.push(f);
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Nanoseconds per call of `body(i)` over `n` calls, median of `rounds`. */
function perCall(body: (i: number) => number, n = 1_000_000, rounds = 9): number {
  let sink = 0;
  for (let i = 0; i < n; i++) sink += body(i); // warm-up: let the JIT settle
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += body(i);
    times.push(Number(process.hrtime.bigint() - t0) / n);
  }
  if (sink === 42.4242) console.log("");
  return median(times);
}

/** Milliseconds for one call of `f`, median of `rounds` after a warm-up. */
function timeOnce(f: () => unknown, rounds = 7): number {
  f();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

// Inputs that vary per call, so nothing is folded away: actuals from 80 % to 120 %.
const ACTUALS = Float64Array.from({ length: 1024 }, (_, i) => 0.8 + (0.4 * i) / 1023);
const RULE = "每超1%加0.5分,每低1%扣1分";

// ---- per-call cost ------------------------------------------------------------------
// Warm the measuring loop with a few bodies first, so that every figure below (baselines
// included) is taken with the same, settled call site rather than the first one getting
// a loop the JIT has specialised for it alone.
for (let k = 0; k < 4; k++) perCall((i) => ACTUALS[i & 1023] * k, 200_000, 3);
const baselineScore = perCall((i) => {
  const a = ACTUALS[i & 1023];
  const gap = (a / 1 - 1) * 100;
  let s = 40;
  if (gap > 1e-9) s += Math.floor(gap / 1 + 1e-9) * 0.5;
  else if (gap < -1e-9) s -= Math.floor(-gap / 1 + 1e-9) * 1;
  return s < 0 ? 0 : s;
});
const coreScore = perCall((i) => scoreKpi(ACTUALS[i & 1023], 1, 40, { rule: RULE }) as number);
const excelScore = perCall((i) => score(ACTUALS[i & 1023], 1, 40, RULE) as number);

const baselineStatus = perCall((i) => {
  const att = ACTUALS[i & 1023] / 1;
  return att >= 1 - 1e-9 ? 2 : att >= 0.9 - 1e-9 ? 1 : 0;
});
const coreStatus = perCall((i) => trafficLight(ACTUALS[i & 1023], 1).length);
const excelStatus = perCall((i) => (status(ACTUALS[i & 1023], 1) as string).length);

const baselineAttain = perCall((i) => ACTUALS[i & 1023] / 1);
const coreAttain = perCall((i) => attainment(ACTUALS[i & 1023], 1));
const excelAttain = perCall((i) => attain(ACTUALS[i & 1023], 1) as number);

for (const [fn, base, core, excel] of [
  ["SCORE (rule cached)", baselineScore, coreScore, excelScore],
  ["STATUS", baselineStatus, coreStatus, excelStatus],
  ["ATTAIN", baselineAttain, coreAttain, excelAttain],
] as const) {
  record({ name: `${fn}: inlined baseline`, value: base, unit: "ns/call" });
  record({ name: `${fn}: core`, value: core, unit: "ns/call", target: "≤ 3× baseline", ok: core <= 3 * base });
  record({ name: `${fn}: core / baseline`, value: core / base, unit: "×", target: "≤ 3", ok: core / base <= 3 });
  record({ name: `${fn}: Excel face (built bundle)`, value: excel, unit: "ns/call" });
  record({ name: `${fn}: Excel face / baseline`, value: excel / base, unit: "×" });
}

// ---- SPLIT of 100,000 weights -------------------------------------------------------
const weights100k = [Array.from({ length: 100_000 }, (_, i) => 1 + ((i * 7919) % 1000))];
const splitMs = timeOnce(() => splitTotal(1_234_567_890, weights100k, { unit: 10000 }));
record({ name: "SPLIT 100,000 weights, unit 10000 (core)", value: splitMs, unit: "ms", target: "< 50 ms", ok: splitMs < 50 });
const splitExcelMs = timeOnce(() => split(1_234_567_890, weights100k, 10000));
record({ name: "SPLIT 100,000 weights, unit 10000 (built bundle)", value: splitExcelMs, unit: "ms" });

// ---- SPREAD 1,000 × 12 and 5,000 × 12 with a seed and a unit ----------------------------
/** A region × month plan: last year's grid as the seed, this year's margins in 万元. */
function spreadCase(rows: number): { rowTotals: number[]; colTotals: number[]; seed: number[][] } {
  const seed = Array.from({ length: rows }, (_, i) => Array.from({ length: 12 }, (_, j) => 50 + ((i * 31 + j * 17) % 97) * (1 + (j % 4))));
  const rowTotals = Array.from({ length: rows }, (_, i) => 10000 * (100 + ((i * 13) % 400)));
  const grand = rowTotals.reduce((a, b) => a + b, 0);
  const monthShares = [7, 7, 8, 8, 8, 9, 9, 8, 8, 9, 9, 10];
  const colTotals = splitTotal(grand, [monthShares], { unit: 10000 })[0];
  return { rowTotals, colTotals, seed };
}

function spreadFigures(rows: number): { ms: number; heapMB: number } {
  const c = spreadCase(rows);
  const ms = timeOnce(() => spreadGrid(c.rowTotals, c.colTotals, { seed: c.seed, unit: 10000 }), 5);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 1);
  const grid = spreadGrid(c.rowTotals, c.colTotals, { seed: c.seed, unit: 10000 });
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(timer);
  if (grid.length !== rows) throw new Error("SPREAD returned the wrong shape");
  return { ms, heapMB: (peak - before) / 2 ** 20 };
}

const s1k = spreadFigures(1000);
const s5k = spreadFigures(5000);
record({ name: "SPREAD 1,000 × 12, seed + unit", value: s1k.ms, unit: "ms", target: "< 50 ms", ok: s1k.ms < 50 });
record({ name: "SPREAD 5,000 × 12, seed + unit", value: s5k.ms, unit: "ms" });
record({ name: "SPREAD 5,000 × 12 / 1,000 × 12", value: s5k.ms / s1k.ms, unit: "×", target: "≤ 6", ok: s5k.ms / s1k.ms <= 6 });
record({ name: "SPREAD 5,000 × 12 extra heap", value: s5k.heapMB, unit: "MB", target: "< 50 MB", ok: s5k.heapMB < 50 });
const c1k = spreadCase(1000);
const spreadExcelMs = timeOnce(
  () => spread(c1k.rowTotals.map((v) => [v]), [c1k.colTotals], c1k.seed, 10000),
  5,
);
record({ name: "SPREAD 1,000 × 12, seed + unit (built bundle)", value: spreadExcelMs, unit: "ms" });

// ---- report ---------------------------------------------------------------------------
const fmt = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const w = Math.max(...figures.map((f) => f.name.length));
console.log(`Target Planner bench — node ${process.version}, ${new Date().toISOString()}`);
console.log(`${"figure".padEnd(w)}  ${"value".padStart(9)}  unit      target`);
for (const f of figures) {
  const mark = f.ok === undefined ? "" : f.ok ? "  ok" : "  MISSED";
  console.log(`${f.name.padEnd(w)}  ${fmt(f.value).padStart(9)}  ${f.unit.padEnd(8)}  ${f.target ?? ""}${mark}`);
}
for (const f of figures) console.log(JSON.stringify({ bench: f.name, value: Number(f.value.toPrecision(4)), unit: f.unit, target: f.target, ok: f.ok }));
