/**
 * Helpers every bench section uses. A section is a module `scripts/bench/<topic>.ts` that
 * exports `export async function run(): Promise<void>`; `scripts/bench.ts` runs the sections
 * in order (`npm run bench -- <topic> …` runs only those) and prints the table at the end.
 *
 * Machines here are shared and swing 2–8× from minute to minute, so:
 * - every figure is repeated (`rounds`) and reported as median with its range, `median (min–max)`;
 * - ratios are only stated between figures measured side by side in the same run, round by
 *   round (`compareNs` interleaves the bodies and gives the median of the per-round ratios);
 * - nothing here is a test: `ok` marks a figure against its target, it never fails the run.
 *
 * Use, in a section:
 * ```ts
 * import { compareNs, record, timeMs, retainedBytes, loadBuiltFunctions } from "./stats";
 * export async function run(): Promise<void> {
 *   const r = compareNs({ baseline: (i) => xs[i & 1023] / 2, core: (i) => myCore(xs[i & 1023]) });
 *   record({ section: "mine", name: "core", ...r.ns.core, unit: "ns/call" });
 *   record({ section: "mine", name: "core / baseline", ...r.ratio.core, unit: "×", target: "≤ 3", ok: r.ratio.core.median <= 3 });
 *   const t = timeMs(() => bigCall(), 7);
 *   record({ section: "mine", name: "big call", ...t, unit: "ms", target: "< 50 ms", ok: t.median < 50 });
 *   const heap = retainedBytes(() => fillACache());
 *   record({ section: "mine", name: "cache heap", median: heap / 2 ** 20, min: heap / 2 ** 20, max: heap / 2 ** 20, unit: "MB" });
 * }
 * ```
 * `loadBuiltFunctions()` gives the built bundle's functions by id ("SCORE", "SPLIT", …), called
 * as Excel calls them; `loadBuiltCore()` the core functions as shipped (bundled, minified).
 * Both are built fresh from the source once per run, into node_modules/.cache (dist/ is left
 * alone); see their comments.
 *
 * Per-call figures (`perCallNs`, `compareNs`): why the numbers are honest.
 * A shared measuring loop `for (…) sink += body(i)` that is handed several bodies in turn
 * has a polymorphic call site: V8 stops inlining and every call pays a real call (6–10 ns
 * here), which shrinks every "× baseline" ratio. So each body gets a loop of its own: the
 * loop's source is compiled afresh per body (`new Function` with a unique comment, so not
 * even V8's eval cache shares it), its one call site only ever sees that body, and the JIT
 * may inline it exactly as it would inline the function at a planner's own call site.
 * Results are summed into a sink that is returned and kept, so nothing is dead code.
 * The same loop around an empty body (`(i) => i`) is measured too, round by round: its cost
 * is the harness (loop, counter, sink), reported as `emptyNs`; `netRatio` takes it off.
 *
 * Pitfalls met while writing the sections (a few ns matter at this scale):
 * - give the bodies being compared the same kind of inputs: a value read from a mutable
 *   module-level `let` costs a load and a check per call that a `const` does not;
 * - functions imported from the source go through tsx's CommonJS export getters, which can
 *   change what the JIT inlines; per-call figures of core use `loadBuiltCore()` (as shipped);
 * - `single(v)` makes a Stat of one measurement (heap figures); `repeat`/`summarize` build
 *   your own; `printTable()` is called by the runner, sections only `record`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

/** Median and range of one figure's repeats. */
export interface Stat {
  median: number;
  min: number;
  max: number;
}

/** One line of the bench's report. */
export interface Figure extends Stat {
  /** The section (module name) that measured it, e.g. "functions". */
  section: string;
  name: string;
  /** "ns/call", "ms", "MB", "×", … */
  unit: string;
  /** The target in words, e.g. "≤ 3× baseline". */
  target?: string;
  /** Whether the median meets the target. */
  ok?: boolean;
  note?: string;
}

const figures: Figure[] = [];

/** Adds a figure to the report (printed by `printTable`). */
export function record(fig: Figure): void {
  figures.push(fig);
}

/** Every figure recorded so far, in order. */
export function allFigures(): readonly Figure[] {
  return figures;
}

/** Median (upper median for an even count), min and max of `xs`. */
export function summarize(xs: readonly number[]): Stat {
  if (xs.length === 0) throw new Error("summarize: no values");
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}

/** A single value as a Stat (for figures measured once, e.g. retained heap). */
export function single(v: number): Stat {
  return { median: v, min: v, max: v };
}

/** Repeats `measure` `rounds` times and summarizes the values it returns. */
export function repeat(rounds: number, measure: (round: number) => number): Stat {
  const xs: number[] = [];
  for (let r = 0; r < rounds; r++) xs.push(measure(r));
  return summarize(xs);
}

/** Formats a number for the table: 3 significant figures or so. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
}

/** "median (min–max)". */
export function fmtStat(s: Stat): string {
  return s.min === s.max ? fmt(s.median) : `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

// ---- per-call nanoseconds ------------------------------------------------------------------

/** A body measured per call: takes the call index, returns a number that is consumed. */
export type Body = (i: number) => number;
type Loop = (body: Body, n: number) => number;

let loopSerial = 0;
/** Results of every measured loop end up here, so no loop is dead code. */
export let blackhole = 0;

/** A measuring loop of its own, compiled afresh (see the header: monomorphic call site). */
function freshLoop(): Loop {
  const src = `// bench loop #${++loopSerial}
    return function loop(body, n) {
      let sink = 0;
      for (let i = 0; i < n; i++) sink += body(i);
      return sink;
    };`;
  return new Function(src)() as Loop;
}

function timeLoop(loop: Loop, body: Body, n: number): number {
  const t0 = process.hrtime.bigint();
  const s = loop(body, n);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  blackhole += s === s ? 0 : 1; // consume the sum (NaN-safe)
  return ns;
}

/** Options for per-call measurements. */
export interface PerCallOptions {
  /** Calls per round (default 50,000: a fraction of a millisecond for a few-ns body). */
  n?: number;
  /** Rounds (default 61). */
  rounds?: number;
  /** Warm-up calls of each body before the first round (default 1,000,000). */
  warmup?: number;
}

/** Per-call figures of several bodies measured side by side. */
export interface Comparison<K extends string> {
  /** Gross ns per call of each body, in its own loop (harness included). */
  ns: Record<K, Stat>;
  /** The empty loop (harness only), measured in the same rounds. */
  emptyNs: Stat;
  /** Per-round ratio of each body's gross time to the first body's (the baseline). */
  ratio: Record<K, Stat>;
  /**
   * Ratio of medians with the empty loop's median taken off both: (body − empty) / (first −
   * empty). A point figure (min = max): per-round net ratios are meaningless when the
   * baseline's net cost is a fraction of a nanosecond; NaN when it is under 0.25 ns.
   */
  netRatio: Record<K, Stat>;
}

/**
 * Measures several bodies side by side: each in its own monomorphic loop, in many short
 * rounds (well under a millisecond each, so a time slice lost to another process spoils one
 * round, not a figure), the bodies' order rotating from round to round, with an empty loop in every round.
 * Each round's ratios compare runs made within milliseconds of each other; figures are the
 * median and range over rounds. The first key is the baseline the ratios are taken against.
 *
 * @example
 * const r = compareNs({ baseline: (i) => a[i & 1023] / 2, core: (i) => half(a[i & 1023]) });
 * r.ratio.core.median; // core's time / baseline's, median over rounds
 */
export function compareNs<K extends string>(bodies: Record<K, Body>, opts: PerCallOptions = {}): Comparison<K> {
  const n = opts.n ?? 50_000;
  const rounds = opts.rounds ?? 61;
  const warmup = opts.warmup ?? 1_000_000;
  const keys = Object.keys(bodies) as K[];
  const empty: Body = (i) => i;
  const emptyLoop = freshLoop();
  const loops = keys.map(() => freshLoop());
  // Warm-up: each loop with its own body only, so each is compiled for that body alone; in
  // several calls, so the loop is optimized as a function, not only entered mid-loop (OSR).
  for (let w = 0; w < 10; w++) {
    timeLoop(emptyLoop, empty, Math.ceil(warmup / 10));
    keys.forEach((k, j) => timeLoop(loops[j], bodies[k], Math.ceil(warmup / 10)));
  }
  const gross = keys.map((): number[] => []);
  const ratio = keys.map((): number[] => []);
  const emptyTimes: number[] = [];
  const t = keys.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    emptyTimes.push(timeLoop(emptyLoop, empty, n));
    for (let m = 0; m < keys.length; m++) {
      const j = (m + r) % keys.length;
      t[j] = timeLoop(loops[j], bodies[keys[j]], n);
    }
    keys.forEach((_, j) => {
      gross[j].push(t[j]);
      ratio[j].push(t[j] / t[0]);
    });
  }
  const byKey = (f: (j: number) => Stat): Record<K, Stat> => Object.fromEntries(keys.map((k, j) => [k, f(j)])) as Record<K, Stat>;
  const ns = byKey((j) => summarize(gross[j]));
  const emptyNs = summarize(emptyTimes);
  const net = (j: number): number => Math.max(ns[keys[j]].median - emptyNs.median, 0);
  return {
    ns,
    emptyNs,
    ratio: byKey((j) => summarize(ratio[j])),
    // Undefined (NaN) when the baseline is within 0.25 ns of the empty loop: that is within
    // the rounds' spread, so there is nothing meaningful to divide by.
    netRatio: byKey((j) => single(net(0) < 0.25 ? NaN : net(j) / net(0))),
  };
}

/**
 * ns per call of one body in its own monomorphic loop (gross, harness included).
 *
 * @example
 * perCallNs((i) => Math.sqrt(i)).median; // ≈ 1 ns
 */
export function perCallNs(body: Body, opts: PerCallOptions = {}): Stat {
  return compareNs({ body }, opts).ns.body;
}

// ---- milliseconds for big calls -------------------------------------------------------------

/**
 * Milliseconds for one call of `f`, over `rounds` calls after `warmup` calls.
 *
 * @example
 * timeMs(() => splitTotal(1e9, weights, { unit: 10000 }), 7); // { median, min, max }
 */
export function timeMs(f: () => unknown, rounds = 7, warmup = 1): Stat {
  for (let w = 0; w < warmup; w++) f();
  return repeat(rounds, () => {
    const t0 = process.hrtime.bigint();
    f();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  });
}

// ---- retained heap --------------------------------------------------------------------------

/** `global.gc`, or a loud failure: the bench must run with `node --expose-gc`. */
export function requireGc(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== "function") {
    throw new Error("global.gc is missing: run the bench as `npm run bench` (node --expose-gc --import tsx scripts/bench.ts)");
  }
  return gc;
}

function settledHeap(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Bytes still on the heap after `f` ran, both ends taken after a forced full GC. What `f`
 * returns is kept alive until the second reading (so it counts); what `f` left in module
 * caches counts too.
 *
 * @example
 * retainedBytes(() => { for (const r of rules) scoreKpi(1, 1, 40, { rule: r }); }) / 2 ** 20; // MB
 */
export function retainedBytes(f: () => unknown): number {
  const gc = requireGc();
  const before = settledHeap(gc);
  const kept = f();
  const after = settledHeap(gc);
  blackhole += kept === undefined ? 0 : 0;
  return after - before;
}

// ---- the built bundle (Excel face) ---------------------------------------------------------

let builtDir: string | undefined;
let builtFunctions: Record<string, (...args: unknown[]) => unknown> | undefined;

/**
 * Builds the bench's bundles once per run, from the source as it is, with the project's
 * webpack config (production mode; scripts/bench/build-functions.cjs) into
 * node_modules/.cache/target-planner-bench/, so dist/ (which other work uses) is left alone:
 * functions.js (the custom functions, the Excel face) and core.js (the core functions as
 * shipped: modules concatenated and minified). Returns the folder.
 */
function ensureBuilt(): string {
  if (builtDir) return builtDir;
  const root = path.resolve(__dirname, "../..");
  const out = path.join(root, "node_modules/.cache/target-planner-bench");
  console.log("bench: building the functions and core bundles (production) …");
  const r = spawnSync(process.execPath, [path.join(__dirname, "build-functions.cjs"), out], { stdio: "inherit", cwd: root });
  if (r.status !== 0) throw new Error("bench: building the bundles failed");
  builtDir = out;
  return out;
}

/** The core functions as shipped (see `_core-entry.ts`), built once per run. */
export interface BuiltCore {
  attainment: typeof import("../../src/core/attainment").attainment;
  scoreKpi: typeof import("../../src/core/score").scoreKpi;
  trafficLight: typeof import("../../src/core/status").trafficLight;
  splitTotal: typeof import("../../src/core/split").splitTotal;
  spreadGrid: typeof import("../../src/core/spread").spreadGrid;
}

/**
 * The core functions as the add-in ships them: bundled by webpack in production mode, one
 * scope, no module getters (scripts/bench/_core-entry.ts). Per-call figures of "core" use
 * these, because tsx's one-CommonJS-module-per-file loading adds a few ns to every
 * cross-module call that the shipped code never pays.
 *
 * @example
 * const { scoreKpi } = loadBuiltCore();
 * scoreKpi(1.03, 1, 40, { rule: "每超1%加0.5分,每低1%扣1分" }); // 41.5
 */
export function loadBuiltCore(): BuiltCore {
  const file = path.join(ensureBuilt(), "core.js");
  // A plain CommonJS require of the built file (not a source import: tsx would not touch it).
  const load = createRequire(__filename);
  return load(file) as BuiltCore;
}

/**
 * The built bundle's custom functions by id ("SCORE", "SPLIT", …), loaded as Excel's runtime
 * loads functions.js: a script run with CustomFunctions and Office stand-ins as globals.
 * Built once per run from the source as it is (see `ensureBuilt`).
 *
 * @example
 * const { SCORE } = loadBuiltFunctions();
 * SCORE(1.05, 1, 40, "每超1%加0.5分"); // 42.5
 */
export function loadBuiltFunctions(): Record<string, (...args: unknown[]) => unknown> {
  if (builtFunctions) return builtFunctions;
  const file = path.join(ensureBuilt(), "functions.js");
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
  builtFunctions = registered;
  return registered;
}

// ---- report ---------------------------------------------------------------------------------

/**
 * Prints every recorded figure (or one section's) as a table, then one JSON line per figure
 * (`{"bench": section/name, median, min, max, unit, target, ok}`) for machines to read.
 */
export function printTable(section?: string): void {
  const fs_ = section === undefined ? figures : figures.filter((f) => f.section === section);
  if (fs_.length === 0) return;
  const cells = fs_.map((f) => ({
    f,
    label: `${f.section}: ${f.name}`,
    value: fmtStat(f),
    mark: f.ok === undefined ? "" : f.ok ? "ok" : "MISSED",
  }));
  const wl = Math.max(6, ...cells.map((c) => c.label.length));
  const wv = Math.max(17, ...cells.map((c) => c.value.length));
  const wu = Math.max(4, ...cells.map((c) => c.f.unit.length));
  console.log(`\nTarget Planner bench — node ${process.version}, ${new Date().toISOString()}`);
  console.log(`${"figure".padEnd(wl)}  ${"median (min–max)".padStart(wv)}  ${"unit".padEnd(wu)}  target`);
  let last = "";
  for (const c of cells) {
    if (c.f.section !== last && last !== "") console.log("");
    last = c.f.section;
    const tail = [c.f.target ?? "", c.mark, c.f.note ? `— ${c.f.note}` : ""].filter(Boolean).join("  ");
    console.log(`${c.label.padEnd(wl)}  ${c.value.padStart(wv)}  ${c.f.unit.padEnd(wu)}  ${tail}`);
  }
  console.log("");
  const p = (v: number): number => Number(v.toPrecision(4));
  for (const f of fs_) {
    console.log(
      JSON.stringify({ bench: `${f.section}/${f.name}`, median: p(f.median), min: p(f.min), max: p(f.max), unit: f.unit, target: f.target, ok: f.ok, note: f.note }),
    );
  }
}
