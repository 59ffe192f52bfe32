/**
 * Bench section "functions": per-call cost of SCORE (rule cached), STATUS and ATTAIN.
 *
 * For each function, bodies are measured side by side, round by round, each in its own
 * monomorphic loop (see stats.ts):
 * - baseline: a hand-inlined body doing the same arithmetic with no validation;
 * - core: the core function as the add-in ships it (webpack production bundle, loadBuiltCore);
 * - Excel face: the registered custom function of the built bundle, as Excel calls it
 *   (argument reading and coercion included);
 * - core (tsx source): the same core function imported from the source as tsx loads it, one
 *   CommonJS module per file, where every cross-module call goes through an export getter.
 * Ratios are per round, median and range over the rounds. Target: core ≤ 3× the baseline.
 *
 * Inputs: actuals vary per call (80 % to 120 % of target), so nothing folds. SCORE's options
 * object is made once at run time and used for every call, as a caller scoring a column with
 * one rule does; the baseline reads its rule as constants in its code, so neither side pays
 * for fetching its rule from a variable. The core still compares the rule text with the one
 * it remembers and runs the compiled rule on every call. For the record, the same call with
 * the options read from a mutable variable on each call (one load and map check more, paid
 * by the caller) is shown too: "options read per call". The rule is the contract's example.
 */
import { attainment as attainmentSrc } from "../../src/core/attainment";
import { scoreKpi as scoreKpiSrc } from "../../src/core/score";
import { trafficLight as trafficLightSrc } from "../../src/core/status";
import { type Comparison, compareNs, loadBuiltCore, loadBuiltFunctions, record } from "./stats";

const SECTION = "functions";
const ACTUALS = Float64Array.from({ length: 1024 }, (_, i) => 0.8 + (0.4 * i) / 1023);
const RULE = "每超1%加0.5分,每低1%扣1分";
/** SCORE's options read from a mutable variable on each call (set in run()). */
let cell = { rule: "" };

type Keys = "baseline" | "core" | "excel" | "source";
type ScoreKeys = Keys | "perCall";

function report(fn: string, r: Comparison<Keys> | Comparison<ScoreKeys>): void {
  const rec = (name: string, s: { median: number; min: number; max: number }, unit: string, extra = {}): void =>
    record({ section: SECTION, name: `${fn}: ${name}`, ...s, unit, ...extra });
  rec("inlined baseline", r.ns.baseline, "ns/call");
  rec("core", r.ns.core, "ns/call");
  rec("Excel face (built bundle)", r.ns.excel, "ns/call");
  rec("core / baseline", r.ratio.core, "×", { target: "≤ 3", ok: r.ratio.core.median <= 3 });
  rec("core / baseline, harness taken off", r.netRatio.core, "×", {
    note: Number.isNaN(r.netRatio.core.median)
      ? `baseline no slower than the empty loop (${r.emptyNs.median.toFixed(2)} ns): no ratio`
      : `ratio of medians less the empty loop's ${r.emptyNs.median.toFixed(2)} ns`,
  });
  rec("Excel face / baseline", r.ratio.excel, "×");
  rec("core (tsx source) / baseline", r.ratio.source, "×", { note: "export getters between modules" });
  if ("perCall" in r.ratio) rec("core, options read per call / baseline", r.ratio.perCall, "×", { note: "caller's variable read and map check included" });
}

export async function run(): Promise<void> {
  const { ATTAIN, SCORE, STATUS } = loadBuiltFunctions();
  const { attainment, scoreKpi, trafficLight } = loadBuiltCore();
  cell = { rule: RULE };

  const column = { rule: RULE };
  report(
    "SCORE (rule cached)",
    compareNs<ScoreKeys>({
      baseline: (i) => {
        const a = ACTUALS[i & 1023];
        const gap = (a / 1 - 1) * 100;
        let s = 40;
        if (gap > 1e-9) s += Math.floor(gap / 1 + 1e-9) * 0.5;
        else if (gap < -1e-9) s -= Math.floor(-gap / 1 + 1e-9) * 1;
        return s < 0 ? 0 : s;
      },
      core: (i) => scoreKpi(ACTUALS[i & 1023], 1, 40, column) as number,
      excel: (i) => (SCORE(ACTUALS[i & 1023], 1, 40, RULE) as number[][])[0][0], // a 1 × 1 range, as Excel receives it
      source: (i) => scoreKpiSrc(ACTUALS[i & 1023], 1, 40, column) as number,
      perCall: (i) => scoreKpi(ACTUALS[i & 1023], 1, 40, cell) as number,
    }),
  );

  report(
    "STATUS",
    compareNs<Keys>({
      baseline: (i) => {
        const att = ACTUALS[i & 1023] / 1;
        return (att >= 1 - 1e-9 ? "green" : att >= 0.9 - 1e-9 ? "yellow" : "red").length;
      },
      core: (i) => trafficLight(ACTUALS[i & 1023], 1).length,
      excel: (i) => (STATUS(ACTUALS[i & 1023], 1) as string[][])[0][0].length,
      source: (i) => trafficLightSrc(ACTUALS[i & 1023], 1).length,
    }),
  );

  report(
    "ATTAIN",
    compareNs<Keys>({
      baseline: (i) => ACTUALS[i & 1023] / 1,
      core: (i) => attainment(ACTUALS[i & 1023], 1),
      excel: (i) => (ATTAIN(ACTUALS[i & 1023], 1) as number[][])[0][0],
      source: (i) => attainmentSrc(ACTUALS[i & 1023], 1),
    }),
  );
}
