/**
 * A TARGET.* function run on argument values already read, for the task pane's "Explain
 * this cell": Excel shows a function's message only for `#VALUE!` and `#N/A` ("The `#VALUE!`
 * and `#N/A` errors also support custom error messages"; "You can only return a custom error
 * message with the #VALUE! and #N/A errors": Microsoft, "Handle and return errors from your
 * custom function"), so the messages of `#NUM!` and `#DIV/0!` are reached through the pane.
 *
 * Needs neither Excel nor `CustomFunctions`: it runs wherever the pane runs.
 */
import type { ErrorCode, Lang } from "../core/errors";
import { type CellResult, type FunctionId, isFunctionId, runBody } from "./bodies";
import { failureOf } from "./excel";

export { type FunctionId, isFunctionId };

/** What a call gives: the value the cell shows, or the error with its message. */
export type FunctionOutcome = { value: CellResult | number[][] } | { error: { code: ErrorCode; message: string } };

/**
 * Runs a function by its id on argument values as Excel passes them: single values, ranges as
 * rows of cells, and `null` (or `""`) for an empty cell or an omitted argument. The result is
 * the one Excel's cell shows (one value for ATTAIN … COMMISSION, rows for SPLIT and SPREAD),
 * or the error's code and message in `lang`.
 * @param id - the function, as after `TARGET.` ("STATUS")
 * @param args - the arguments in order; missing trailing ones are omitted
 * @param lang - the language of the message
 * @example runFunction("ATTAIN", [5, 0], "en") // { error: { code: "#DIV/0!", message: "target: the target is zero" } }
 * @example runFunction("STATUS", [0.95, 1], "zh") // { value: "yellow" }
 */
export function runFunction(id: FunctionId, args: readonly unknown[], lang: Lang): FunctionOutcome {
  try {
    return { value: runBody(id, args) };
  } catch (e) {
    return { error: failureOf(e, lang) };
  }
}
