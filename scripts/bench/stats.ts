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
 * as Excel calls them (built fresh from the source once per run; see its comment).
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
 * is the harness (loop, counter, sink), reported as `emptyNs`; `net` figures subtract it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import { spawnSync } from "node:child_process";

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
  /** Calls per round (default 1,000,000). */
  n?: number;
  /** Rounds (default 11). */
  rounds?: number;
  /** Warm-up calls before the first round (default n). */
  warmup?: number;
}

/** Per-call figures of several bodies measured side by side. */
export interface Comparison<K extends string> {
  /** Gross ns per call of each body, in its own loop (harness included). */
  ns: Record<K, Stat>;
  /** ns per call with the empty loop of the same round subtracted. */
  net: Record<K, Stat>;
  /** The empty loop (harness only). */
  emptyNs: Stat;
  /** Per-round ratio of each body's gross time to the first body's (the baseline). */
  ratio: Record<K, Stat>;
  /** Per-round ratio of net times to the first body's net time. */
  netRatio: Record<K, Stat>;
}

/**
 * Measures several bodies side by side: each in its own monomorphic loop, interleaved round
 * by round with an empty loop, so each round's ratios compare runs made within milliseconds of
 * each other. The first key is the baseline the ratios are taken against.
 *
 * @example
 * const r = compareNs({ baseline: (i) => a[i & 1023] / 2, core: (i) => half(a[i & 1023]) });
 * r.ratio.core.median; // core's time / baseline's, median over rounds
 */
export function compareNs<K extends string>(bodies: Record<K, Body>, opts: PerCallOptions = {}): Comparison<K> {
  const n = opts.n ?? 1_000_000;
  const rounds = opts.rounds ?? 11;
  const warmup = opts.warmup ?? n;
  const keys = Object.keys(bodies) as K[];
  const empty: Body = (i) => i;
  const loops = new Map<K | "", Loop>();
  loops.set("", freshLoop());
  for (const k of keys) loops.set(k, freshLoop());
  // Warm-up: each loop with its own body only, so each is compiled for that body alone.
  timeLoop(loops.get("")!, empty, warmup);
  for (const k of keys) timeLoop(loops.get(k)!, bodies[k], warmup);
  const gross = new Map<K, number[]>(keys.map((k) => [k, []]));
  const net = new Map<K, number[]>(keys.map((k) => [k, []]));
  const ratio = new Map<K, number[]>(keys.map((k) => [k, []]));
  const netRatio = new Map<K, number[]>(keys.map((k) => [k, []]));
  const emptyTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const e = timeLoop(loops.get("")!, empty, n);
    emptyTimes.push(e);
    const t = keys.map((k) => timeLoop(loops.get(k)!, bodies[k], n));
    keys.forEach((k, j) => {
      gross.get(k)!.push(t[j]);
      net.get(k)!.push(Math.max(t[j] - e, 0));
      ratio.get(k)!.push(t[j] / t[0]);
      netRatio.get(k)!.push(Math.max(t[j] - e, 0) / Math.max(t[0] - e, 1e-3));
    });
  }
  const out = <T>(m: Map<K, T[]>, f: (xs: T[]) => Stat): Record<K, Stat> =>
    Object.fromEntries(keys.map((k) => [k, f(m.get(k)!)])) as Record<K, Stat>;
  return {
    ns: out(gross, summarize),
    net: out(net, summarize),
    emptyNs: summarize(emptyTimes),
    ratio: out(ratio, summarize),
    netRatio: out(netRatio, summarize),
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

let builtFunctions: Record<string, (...args: unknown[]) => unknown> | undefined;

/**
 * The built bundle's custom functions by id ("SCORE", "SPLIT", …), loaded as Excel's runtime
 * loads functions.js: a script run with CustomFunctions and Office stand-ins as globals.
 * The bundle is built once per bench run from the source as it is (the project's webpack
 * config, production mode, functions entry only; scripts/bench/build-functions.cjs) into
 * node_modules/.cache/target-planner-bench/, so dist/ is left alone; with BENCH_DIST=1 the
 * bench loads dist/functions.js as it stands instead.
 *
 * @example
 * const { SCORE } = loadBuiltFunctions();
 * SCORE(1.05, 1, 40, "每超1%加0.5分"); // 42.5
 */
export function loadBuiltFunctions(): Record<string, (...args: unknown[]) => unknown> {
  if (builtFunctions) return builtFunctions;
  const root = path.resolve(__dirname, "../..");
  let file: string;
  if (process.env.BENCH_DIST === "1") {
    file = path.join(root, "dist/functions.js");
    if (!fs.existsSync(file)) throw new Error("BENCH_DIST=1 but dist/functions.js is missing: run `npm run build`");
  } else {
    const out = path.join(root, "node_modules/.cache/target-planner-bench");
    console.log("bench: building the functions bundle (production) …");
    const r = spawnSync(process.execPath, [path.join(__dirname, "build-functions.cjs"), out], { stdio: "inherit", cwd: root });
    if (r.status !== 0) throw new Error("bench: building the functions bundle failed");
    file = path.join(out, "functions.js");
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
