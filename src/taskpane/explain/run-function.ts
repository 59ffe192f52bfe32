/*
 * Runs a TARGET.* function on argument values, as Excel would call it, and gives back its
 * result or its error code and message in the pane's language: the engine behind "Explain
 * this cell". It goes through `src/functions/explain.ts`'s `runFunction`, the functions'
 * own bodies (argument checks and all) without Excel or `CustomFunctions`, so the pane's
 * answer is the function's.
 */
import type { Lang } from "../../core/errors";
import { runFunction } from "../../functions/explain";
import type { FunctionName } from "../i18n";

/** What Excel passes for one argument: a value, a 2-D block for a range, nothing when left out. */
export type CallValue = number | string | boolean | null | undefined | (number | string | boolean | null)[][];

/** A function's answer: a value (a number, text, "" for empty, or rows of a spilled result), or an Excel error. */
export type FunctionOutcome = { ok: true; value: number | string | (number | string)[][] } | { ok: false; code: string; message: string };

/**
 * The parameters Excel passes as a 2-D block (`any[][]` in functions.ts, dimensionality
 * "matrix" in functions.json): a single value there arrives as a 1 × 1 block. Every other
 * parameter takes one value; a range given there makes Excel call the function once per cell
 * and spill the results.
 */
export const MATRIX_PARAMETERS: Record<FunctionName, readonly string[]> = {
  SPLIT: ["weights", "fixed"],
  SPREAD: ["row_totals", "column_totals", "seed"],
  ATTAIN: [],
  STATUS: [],
  PACE: [],
  SCORE: [],
  BAND: ["thresholds", "results"],
  COMMISSION: ["tiers"],
};

/**
 * Calls TARGET.`fn` with `args` as Excel passes them, and says what the cell gets.
 * @param fn - the function's id
 * @param args - one value per argument, in order (undefined for one left out)
 * @param lang - the language of the message
 * @example runTargetFunction("SCORE", [0.96, 1, 40, "每超1%加0.5分,每低1%扣1分"], "en") // { ok: true, value: 36 }
 * @example runTargetFunction("ATTAIN", [90, 0], "zh").ok // false (code "#DIV/0!", its message in Chinese)
 */
export function runTargetFunction(fn: FunctionName, args: readonly CallValue[], lang: Lang): FunctionOutcome {
  const outcome = runFunction(fn, args, lang);
  if ("error" in outcome) return { ok: false, code: outcome.error.code, message: outcome.error.message };
  return { ok: true, value: outcome.value };
}
