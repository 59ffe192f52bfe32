/*
 * The TARGET.* custom functions. Each is a thin shell: coerce Excel's arguments, call the
 * engine in src/core, turn its errors into Excel errors (bodies.ts holds what each does).
 * The JSDoc below is Excel's formula help (functions.json is generated from it at build
 * time; the Chinese help comes from help.zh-cn.json): it is written for planners.
 *
 * SPLIT and SPREAD return ranges. The six functions of one cell are registered as
 * `…InExcel`: they ask for their arguments' addresses and answer a 1 × 1 range (one-cell.ts
 * says why); `attain`, `status`, … are the same functions answering the plain value, for
 * callers other than Excel.
 */
import { attainBody, bandBody, commissionBody, paceBody, scoreBody, splitBody, spreadBody, statusBody } from "./bodies";
import { BlankCells, useBlankCells } from "./blanks";
import { toExcelError } from "./excel";
import { type OneCell, oneCellInExcel } from "./one-cell";
import { officeEmptyCellReader } from "./read-blanks";

/**
 * Splits a total by weights, rounded to a unit, so that the parts still add up to the total. Returns the parts in the shape of the weights. For the reason of a #NUM! or #DIV/0!, select the cell and click Explain this cell in the Target Planner pane (Excel shows a reason only for #VALUE!).
 * @customfunction SPLIT
 * @param total The amount to split, 0 or more (e.g. 120000000 for 1.2 亿元).
 * @param weights Weights of the parts: percentages, fractions or last year's amounts. Blank counts as 0.
 * @param [unit] Round each part to a multiple of this: 1 = whole numbers, 10000 = 万元, 0.01 = fen. Default 0: exact shares.
 * @param [fixed] Same shape as weights: a positive amount holds that part at that amount; blank or 0 leaves it free.
 * @returns The parts, in the shape of the weights, adding up to the total.
 */
export function split(total: any, weights: any[][], unit?: any, fixed?: any[][]): number[][] {
  try {
    return splitBody(total, weights, unit, fixed);
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * Fills a grid (e.g. regions × quarters) whose rows add up to the row totals and columns to the column totals, optionally shaped like last year's grid and rounded to a unit. For the reason of a #NUM! or #DIV/0!, select the cell and click Explain this cell in the Target Planner pane (Excel shows a reason only for #VALUE!).
 * @customfunction SPREAD
 * @param row_totals One column of totals, 0 or more (e.g. each region's annual target).
 * @param column_totals One row of totals, 0 or more (e.g. each quarter's target); must add up to the same as the row totals.
 * @param [seed] Optional block of rows × columns (e.g. last year's actuals) giving the grid its shape; blank counts as 0, and a zero stays zero.
 * @param [unit] Round every cell to a multiple of this while rows and columns still add up (10000 = 万元). Default 0: exact.
 * @returns The grid, rows × columns.
 */
export function spread(row_totals: any[][], column_totals: any[][], seed?: any[][], unit?: any): number[][] {
  try {
    return spreadBody(row_totals, column_totals, seed, unit);
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * Attainment of an actual against its target (0.97 = 97 %). For lower-is-better KPIs such as churn, meeting the target is 100 % and zero is 200 %. For the reason of a #NUM! or #DIV/0!, select the cell and click Explain this cell in the Target Planner pane (Excel shows a reason only for #VALUE!).
 * @customfunction ATTAIN
 * @param actual The actual value. Blank means no data yet: the result is empty. Refer to the cell itself (B2), so that Excel on Windows and Mac can tell blank from 0; or use =IF(B2="","",…).
 * @param target The target, in the same units.
 * @param [direction] "higher" (default) when more is better, "lower" when less is better (越高越好 / 越低越好 also work).
 * @param invocation Excel's call (not an argument in the sheet): the arguments' addresses.
 * @returns {any[][]} The attainment as a fraction, or empty for a blank actual.
 * @requiresParameterAddresses
 */
export function attainInExcel(actual: any, target: any, direction: any, invocation: CustomFunctions.Invocation) {
  return oneCellInExcel("ATTAIN", [actual, target, direction], invocation);
}

/**
 * The traffic light of a month or KPI: "green", "yellow" or "red"; empty when there is no actual yet. For the reason of a #NUM! or #DIV/0!, select the cell and click Explain this cell in the Target Planner pane (Excel shows a reason only for #VALUE!).
 * @customfunction STATUS
 * @param actual The actual value. Blank means no data yet: no colour. Refer to the cell itself (B2), so that Excel on Windows and Mac can tell blank from 0; or use =IF(B2="","",…).
 * @param target The target, in the same units.
 * @param [green_at] Green from this attainment on. Default 1 (100 %).
 * @param [yellow_at] Yellow from this attainment on, red below. Default 0.9 (90 %), or green_at when that is lower.
 * @param [direction] "higher" (default) or "lower" for KPIs where less is better.
 * @param invocation Excel's call (not an argument in the sheet): the arguments' addresses.
 * @returns {any[][]} "green", "yellow", "red", or empty for a blank actual.
 * @requiresParameterAddresses
 */
export function statusInExcel(actual: any, target: any, green_at: any, yellow_at: any, direction: any, invocation: CustomFunctions.Invocation) {
  return oneCellInExcel("STATUS", [actual, target, green_at, yellow_at, direction], invocation);
}

/**
 * Progress against time elapsed (时间进度): attainment divided by the share of the period gone. 1 means exactly on schedule. For the reason of a #NUM! or #DIV/0!, select the cell and click Explain this cell in the Target Planner pane (Excel shows a reason only for #VALUE!).
 * @customfunction PACE
 * @param actual The actual so far. Blank means no data yet: the result is empty. Refer to the cell itself (B2), so that Excel on Windows and Mac can tell blank from 0; or use =IF(B2="","",…).
 * @param target The target for the whole period.
 * @param as_of The date the actual is counted to (e.g. the end of last month).
 * @param start The first day of the period.
 * @param end The last day of the period.
 * @param invocation Excel's call (not an argument in the sheet): the arguments' addresses.
 * @returns {any[][]} The pace (above 1 ahead of schedule, below 1 behind), or empty before the period starts.
 * @requiresParameterAddresses
 */
export function paceInExcel(actual: any, target: any, as_of: any, start: any, end: any, invocation: CustomFunctions.Invocation) {
  return oneCellInExcel("PACE", [actual, target, as_of, start, end], invocation);
}

/**
 * The score points a KPI earns: points at target, adjusted by a rule written in words such as "每超1%加0.5分,每低1%扣1分" or "每有1例，减2分", or converted by attainment without a rule. For the reason of a #NUM! or #DIV/0!, select the cell and click Explain this cell in the Target Planner pane (Excel shows a reason only for #VALUE!).
 * @customfunction SCORE
 * @param actual The actual value. Blank means no data yet: the result is empty. Refer to the cell itself (B2), so that Excel on Windows and Mac can tell blank from 0; or use =IF(B2="","",…).
 * @param target The target, in the same units.
 * @param points The points the KPI carries at target (its weight, e.g. 40).
 * @param [rule] The scoring rule, e.g. "每超1%加0.5分,每低1%扣1分" or "+0.5 per 1% over; -1 per 1% under"; per incident, e.g. "客户有效投诉每有1例，减2分" or "-2 per incident" (incidents above the target, usually 0, each deduct). Blank: points × attainment.
 * @param [cap] Highest score (wins over a cap in the rule). Default: none.
 * @param [floor] Lowest score (wins over a floor in the rule). Default 0.
 * @param [direction] "higher" (default) or "lower" for KPIs where less is better.
 * @param invocation Excel's call (not an argument in the sheet): the arguments' addresses.
 * @returns {any[][]} The score, or empty for a blank actual.
 * @requiresParameterAddresses
 */
export function scoreInExcel(actual: any, target: any, points: any, rule: any, cap: any, floor: any, direction: any, invocation: CustomFunctions.Invocation) {
  return oneCellInExcel("SCORE", [actual, target, points, rule, cap, floor, direction], invocation);
}

/**
 * Step lookup (e.g. bonus bands): the result paired with the highest threshold the value reaches. For the reason of a #NUM! or #DIV/0!, select the cell and click Explain this cell in the Target Planner pane (Excel shows a reason only for #VALUE!).
 * @customfunction BAND
 * @param value The value to look up (e.g. a quarterly score). Blank gives an empty result. Refer to the cell itself (B2), so that Excel on Windows and Mac can tell blank from 0; or use =IF(B2="","",…).
 * @param thresholds The thresholds, in any order; or a two-column block of (threshold, result) rows with results left empty.
 * @param [results] The result for each threshold, same length (e.g. 120%, 100%, 80%).
 * @param [below] The result under the lowest threshold. Default 0.
 * @param invocation Excel's call (not an argument in the sheet): the arguments' addresses.
 * @returns {any[][]} The result of the band the value falls in.
 * @requiresParameterAddresses
 */
export function bandInExcel(value: any, thresholds: any[][], results: any[][], below: any, invocation: CustomFunctions.Invocation) {
  return oneCellInExcel("BAND", [value, thresholds, results, below], invocation);
}

/**
 * Tiered commission on an actual amount: marginal (like tax brackets) or on the whole amount at the tier reached. For the reason of a #NUM! or #DIV/0!, select the cell and click Explain this cell in the Target Planner pane (Excel shows a reason only for #VALUE!).
 * @customfunction COMMISSION
 * @param actual The amount commission is paid on (e.g. collected revenue), 0 or more. Blank gives an empty result. Refer to the cell itself (B2), so that Excel on Windows and Mac can tell blank from 0; or use =IF(B2="","",…).
 * @param target The target the tiers are measured against.
 * @param tiers Two columns: attainment threshold (the lowest must be 0) and rate, e.g. {0,1.5%;100%,2%}.
 * @param [mode] "marginal" (default, 累进): each part at its tier's rate; "whole" (全额): all of it at the rate of the tier reached.
 * @param [cap] Highest payout. Default: none.
 * @param invocation Excel's call (not an argument in the sheet): the arguments' addresses.
 * @returns {any[][]} The commission.
 * @requiresParameterAddresses
 */
export function commissionInExcel(actual: any, target: any, tiers: any[][], mode: any, cap: any, invocation: CustomFunctions.Invocation) {
  return oneCellInExcel("COMMISSION", [actual, target, tiers, mode, cap], invocation);
}

// ---- the same functions answering plain values (tests, and callers other than Excel) ----

/** ATTAIN's value: the attainment, or "" for a blank actual. @throws CustomFunctions.Error */
export function attain(actual: any, target: any, direction?: any): any {
  try {
    return attainBody(actual, target, direction);
  } catch (e) {
    throw toExcelError(e);
  }
}

/** STATUS's value: "green", "yellow", "red" or "". @throws CustomFunctions.Error */
export function status(actual: any, target: any, green_at?: any, yellow_at?: any, direction?: any): string {
  try {
    return statusBody(actual, target, green_at, yellow_at, direction);
  } catch (e) {
    throw toExcelError(e);
  }
}

/** PACE's value, or "". @throws CustomFunctions.Error */
export function pace(actual: any, target: any, as_of: any, start: any, end: any): any {
  try {
    return paceBody(actual, target, as_of, start, end);
  } catch (e) {
    throw toExcelError(e);
  }
}

/** SCORE's value, or "". @throws CustomFunctions.Error */
export function score(actual: any, target: any, points: any, rule?: any, cap?: any, floor?: any, direction?: any): any {
  try {
    return scoreBody(actual, target, points, rule, cap, floor, direction);
  } catch (e) {
    throw toExcelError(e);
  }
}

/** BAND's value, or "". @throws CustomFunctions.Error */
export function band(value: any, thresholds: any[][], results?: any[][], below?: any): any {
  try {
    return bandBody(value, thresholds, results, below);
  } catch (e) {
    throw toExcelError(e);
  }
}

/** COMMISSION's value, or "". @throws CustomFunctions.Error */
export function commission(actual: any, target: any, tiers: any[][], mode?: any, cap?: any): any {
  try {
    return commissionBody(actual, target, tiers, mode, cap);
  } catch (e) {
    throw toExcelError(e);
  }
}

// ---- start-up -------------------------------------------------------------------------

/**
 * In Excel's shared runtime the functions may read the workbook: the blank-cell reads use
 * Excel.run there. Where the Excel API is absent (a functions-only runtime, or tests), a 0
 * stays 0.
 */
useBlankCells(() => (typeof Excel !== "undefined" && typeof Excel.run === "function" ? new BlankCells({ reader: officeEmptyCellReader((batch) => Excel.run(batch)) }) : null));

export type { OneCell };
