/*
 * The TARGET.* functions as the in-memory workbook's formulas call them: `TARGET.SPLIT(…)` as
 * Excel shows a live formula, `_xldudf_TARGET_SPLIT(…)` as a file stores one written where the
 * add-in was not loaded. Each runs the product's own function body (src/functions/bodies.ts),
 * so a cell holding a live formula shows what the add-in would compute in Excel.
 */
import { type FunctionId, isFunctionId, runFunction } from "../../functions/explain";
import { XlError, type XlValue } from "../../sheets/evaluate";

/** `TARGET.SPLIT` or `_XLDUDF_TARGET_SPLIT` (upper-cased, as the evaluator hands names over). */
const TARGET_NAME = /^(?:_XLDUDF_)?TARGET[._]([A-Z0-9]+)$/;

/** An argument as Excel passes it to a custom function: errors are the evaluator's, blanks are null. */
function argOf(v: XlValue | XlValue[][]): unknown {
  if (Array.isArray(v)) return v.map((row) => row.map((c) => (c instanceof XlError ? c.code : c)));
  return v instanceof XlError ? v.code : v;
}

/**
 * Runs a TARGET.* function named in a formula; undefined for any other name.
 * @param name - the name as written, upper-cased ("TARGET.SCORE", "_XLDUDF_TARGET_SCORE")
 * @param args - the arguments evaluated (a range as rows of cells, an omitted one as null)
 * @returns the value the cell shows (rows for SPLIT and SPREAD), or the error code as an Excel error
 * @example targetFunction("TARGET.ATTAIN", [90, 100]) // 0.9
 * @example targetFunction("TARGET.ATTAIN", [5, 0]) // XlError("#DIV/0!")
 */
export function targetFunction(name: string, args: (XlValue | XlValue[][])[]): XlValue | XlValue[][] | undefined {
  const id = TARGET_NAME.exec(name)?.[1];
  if (id === undefined || !isFunctionId(id)) return undefined;
  // Trailing omitted arguments are left out, as Excel passes them.
  const given = args.map(argOf);
  while (given.length > 0 && given[given.length - 1] === null) given.pop();
  const outcome = runFunction(id as FunctionId, given, "en");
  return "error" in outcome ? new XlError(outcome.error.code) : outcome.value;
}
