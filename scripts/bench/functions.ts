/**
 * Bench section "functions": per-call cost of SCORE (rule cached), STATUS and ATTAIN.
 *
 * For each function, three bodies are measured side by side, round by round, each in its own
 * monomorphic loop (see stats.ts): a hand-inlined baseline doing the same arithmetic with no
 * validation, the core function, and the built bundle as Excel calls it (argument coercion
 * included). Ratios are per round, median and range over the rounds. Target: core ≤ 3× the
 * baseline. Inputs vary per call (actuals from 80 % to 120 % of target), so nothing folds.
 */
import { attainment } from "../../src/core/attainment";
import { scoreKpi } from "../../src/core/score";
import { trafficLight } from "../../src/core/status";
import { type Comparison, compareNs, loadBuiltFunctions, record } from "./stats";

const SECTION = "functions";
const ACTUALS = Float64Array.from({ length: 1024 }, (_, i) => 0.8 + (0.4 * i) / 1023);
const RULE = "每超1%加0.5分,每低1%扣1分";

function report(fn: string, r: Comparison<"baseline" | "core" | "excel">): void {
  record({ section: SECTION, name: `${fn}: inlined baseline`, ...r.ns.baseline, unit: "ns/call" });
  record({ section: SECTION, name: `${fn}: core`, ...r.ns.core, unit: "ns/call" });
  record({ section: SECTION, name: `${fn}: Excel face (built bundle)`, ...r.ns.excel, unit: "ns/call" });
  record({
    section: SECTION,
    name: `${fn}: core / baseline`,
    ...r.ratio.core,
    unit: "×",
    target: "≤ 3",
    ok: r.ratio.core.median <= 3,
  });
  record({ section: SECTION, name: `${fn}: Excel face / baseline`, ...r.ratio.excel, unit: "×" });
  record({
    section: SECTION,
    name: `${fn}: core / baseline, empty loop subtracted`,
    ...r.netRatio.core,
    unit: "×",
    note: `empty loop ${r.emptyNs.median.toFixed(2)} ns`,
  });
}

export async function run(): Promise<void> {
  const { ATTAIN, SCORE, STATUS } = loadBuiltFunctions();

  report(
    "SCORE (rule cached)",
    compareNs({
      baseline: (i) => {
        const a = ACTUALS[i & 1023];
        const gap = (a / 1 - 1) * 100;
        let s = 40;
        if (gap > 1e-9) s += Math.floor(gap / 1 + 1e-9) * 0.5;
        else if (gap < -1e-9) s -= Math.floor(-gap / 1 + 1e-9) * 1;
        return s < 0 ? 0 : s;
      },
      core: (i) => scoreKpi(ACTUALS[i & 1023], 1, 40, { rule: RULE }) as number,
      excel: (i) => SCORE(ACTUALS[i & 1023], 1, 40, RULE) as number,
    }),
  );

  report(
    "STATUS",
    compareNs({
      baseline: (i) => {
        const att = ACTUALS[i & 1023] / 1;
        return (att >= 1 - 1e-9 ? "green" : att >= 0.9 - 1e-9 ? "yellow" : "red").length;
      },
      core: (i) => trafficLight(ACTUALS[i & 1023], 1).length,
      excel: (i) => (STATUS(ACTUALS[i & 1023], 1) as string).length,
    }),
  );

  report(
    "ATTAIN",
    compareNs({
      baseline: (i) => ACTUALS[i & 1023] / 1,
      core: (i) => attainment(ACTUALS[i & 1023], 1),
      excel: (i) => ATTAIN(ACTUALS[i & 1023], 1) as number,
    }),
  );
}
