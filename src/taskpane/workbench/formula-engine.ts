/*
 * What the in-memory workbook needs to evaluate formulas: the evaluator (src/sheets/evaluate.ts)
 * and the TARGET.* functions' bodies. Kept in a chunk of its own, loaded on the first write or
 * opened file (memory.ts, loadFormulaEngine): the pane's first load does not carry it.
 */
import { XlError, evaluateFormula } from "../../sheets/evaluate";
import { targetFunction } from "./target-functions";

/** The evaluator, Excel's error values and the TARGET.* functions, as one value. */
export interface FormulaEngine {
  evaluateFormula: typeof evaluateFormula;
  XlError: typeof XlError;
  targetFunction: typeof targetFunction;
}

/** The formula engine (import it directly where a synchronous start is needed: tests). */
export const formulaEngine: FormulaEngine = { evaluateFormula, XlError, targetFunction };
