/*
 * Runs a TARGET.* function on argument values, as Excel would call it, and gives back its
 * result or its error code and message in the pane's language: the engine behind "Explain
 * this cell". It calls the very functions Excel calls (src/functions/functions.ts), so the
 * pane's answer is the function's, argument checks and all.
 *
 * Kept in one small module on purpose: when src/functions exports a runner of its own (a
 * function by id on argument values, in a given language), point `runTargetFunction` at it
 * and delete the two stand-ins below.
 *
 * Two stand-ins, both for the length of one synchronous call and put back after it:
 * - where there is no `CustomFunctions` global (a browser outside Excel, tests), one whose
 *   `Error` keeps the code and message, as Excel's does;
 * - the engine's messages come in Office's display language (functions/excel.ts); the pane
 *   may show another, so the engine's error itself is caught as its message is made
 *   (`PlanError.prototype.messageIn`), and asked again in the pane's language.
 */
import { type Lang, PlanError, isPlanError } from "../../core/errors";
import { attain, band, commission, pace, score, split, spread, status } from "../../functions/functions";
import type { FunctionName } from "../i18n";

/** What Excel passes for one argument: a value, a 2-D block for a range, nothing when left out. */
export type CallValue = number | string | boolean | null | undefined | (number | string | boolean | null)[][];

/** A function's answer: a value (a number, text, "" for empty, or rows of a spilled result), or an Excel error. */
export type FunctionOutcome = { ok: true; value: number | string | (number | string)[][] } | { ok: false; code: string; message: string };

const FUNCTIONS: Record<FunctionName, (...args: never[]) => unknown> = {
  SPLIT: split,
  SPREAD: spread,
  ATTAIN: attain,
  STATUS: status,
  PACE: pace,
  SCORE: score,
  BAND: band,
  COMMISSION: commission,
};

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

/** Excel's error codes, as `CustomFunctions.ErrorCode` holds them. */
const ERROR_CODES = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

/** `CustomFunctions.Error` where Excel's is not there. */
class ErrorStandIn extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
  }
}

/** Whether a global `CustomFunctions` with an `Error` class is there (Excel's shared runtime). */
function hasCustomFunctions(): boolean {
  const cf = (globalThis as { CustomFunctions?: { Error?: unknown; ErrorCode?: unknown } }).CustomFunctions;
  return typeof cf?.Error === "function" && typeof cf.ErrorCode === "object";
}

/** The code of an error a function threw (Excel's `CustomFunctions.Error` or the stand-in). */
function codeOf(e: unknown): string {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : "#VALUE!";
}

/**
 * Calls TARGET.`fn` with `args` as Excel passes them, and says what the cell gets.
 * @param fn - the function's id
 * @param args - one value per argument, in order (undefined for one left out)
 * @param lang - the language of the message
 * @example runTargetFunction("SCORE", [0.96, 1, 40, "每超1%加0.5分,每低1%扣1分"], "en") // { ok: true, value: 36 }
 * @example runTargetFunction("ATTAIN", [90, 0], "zh").ok // false (code "#DIV/0!", its message in Chinese)
 */
export function runTargetFunction(fn: FunctionName, args: readonly CallValue[], lang: Lang): FunctionOutcome {
  const g = globalThis as { CustomFunctions?: unknown };
  const standIn = !hasCustomFunctions();
  const had = "CustomFunctions" in g;
  const saved = g.CustomFunctions;
  const messageIn = PlanError.prototype.messageIn;
  let engineError: PlanError | undefined;
  let outcome: { value: unknown } | { thrown: unknown };
  try {
    if (standIn) g.CustomFunctions = { Error: ErrorStandIn, ErrorCode: ERROR_CODES };
    PlanError.prototype.messageIn = function (this: PlanError, l: Lang): string {
      engineError = isPlanError(this) ? this : undefined;
      return messageIn.call(this, l);
    };
    try {
      outcome = { value: FUNCTIONS[fn](...(args as never[])) };
    } catch (thrown) {
      outcome = { thrown };
    }
  } finally {
    PlanError.prototype.messageIn = messageIn;
    if (standIn && had) g.CustomFunctions = saved;
    else if (standIn) delete g.CustomFunctions;
  }
  if ("value" in outcome) return { ok: true, value: outcome.value as number | string | (number | string)[][] };
  if (engineError) return { ok: false, code: engineError.code, message: engineError.messageIn(lang) };
  const message = outcome.thrown instanceof Error ? outcome.thrown.message : String(outcome.thrown);
  return { ok: false, code: codeOf(outcome.thrown), message };
}
