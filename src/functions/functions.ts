/*
 * The TARGET.* custom functions. Each is a thin shell: coerce Excel's arguments, call the
 * engine in src/core, turn its errors into Excel errors. The JSDoc below is Excel's formula
 * help (functions.json is generated from it at build time; the Chinese help comes from
 * help.zh-cn.json): it is written for planners.
 */
import { attainment, parseDirection } from "../core/attainment";
import { bandLookup, bandPairs, bandsFromPairs, lookupBand, quickBandTable } from "../core/band";
import { commissionOf, parseCommissionMode, readTierTable } from "../core/commission";
import { fail } from "../core/errors";
import { shapeOf } from "../core/grid";
import { paceOf } from "../core/pace";
import { parseScoringRule, scoreKpi } from "../core/score";
import { splitTotal } from "../core/split";
import { spreadGrid } from "../core/spread";
import { trafficLight } from "../core/status";
import {
  type Arg,
  actualValue,
  asBlock,
  isBlank,
  maybeNumber,
  notNegative,
  notNegativeCells,
  numberBlock,
  optionalNumber,
  optionalNumberBlock,
  optionalText,
  requiredNumber,
  sameShapeAs,
  toBlock,
  toSingle,
} from "./args";
import { finite, guard, toExcelError } from "./excel";

/**
 * Splits a total by weights, rounded to a unit, so that the parts still add up to the total. Returns the parts in the shape of the weights.
 * @customfunction SPLIT
 * @param total The amount to split, 0 or more (e.g. 120000000 for 1.2 亿元).
 * @param weights Weights of the parts: percentages, fractions or last year's amounts. Blank counts as 0.
 * @param [unit] Round each part to a multiple of this: 1 = whole numbers, 10000 = 万元, 0.01 = fen. Default 0: exact shares.
 * @param [fixed] Same shape as weights: a positive amount holds that part at that amount; blank or 0 leaves it free.
 * @returns The parts, in the shape of the weights, adding up to the total.
 */
export function split(total: any, weights: any[][], unit?: any, fixed?: any[][]): number[][] {
  return guard(() => {
    // Each argument's type, shape and range before the next argument's (the contract's order).
    const t = notNegative(requiredNumber(total as Arg, "total"), "total");
    const w = notNegativeCells(numberBlock(weights, "weights"), "weights");
    const u = notNegative(optionalNumber(unit as Arg, "unit", 0), "unit");
    const f = optionalNumberBlock(fixed as Arg, "fixed");
    if (f !== undefined) notNegativeCells(sameShapeAs(f, "fixed", w.length, w[0].length, "weights"), "fixed");
    return splitTotal(t, w, { unit: u, fixed: f });
  });
}

/**
 * Fills a grid (e.g. regions × quarters) whose rows add up to the row totals and columns to the column totals, optionally shaped like last year's grid and rounded to a unit.
 * @customfunction SPREAD
 * @param row_totals One column of totals, 0 or more (e.g. each region's annual target).
 * @param column_totals One row of totals, 0 or more (e.g. each quarter's target); must add up to the same as the row totals.
 * @param [seed] Optional block of rows × columns (e.g. last year's actuals) giving the grid its shape; blank counts as 0, and a zero stays zero.
 * @param [unit] Round every cell to a multiple of this while rows and columns still add up (10000 = 万元). Default 0: exact.
 * @returns The grid, rows × columns.
 */
export function spread(row_totals: any[][], column_totals: any[][], seed?: any[][], unit?: any): number[][] {
  return guard(() => {
    // Each argument's type, shape and range before the next argument's (the contract's order).
    const rows = numberBlock(row_totals, "row_totals");
    if (rows[0].length !== 1) fail("mustBeColumn", { where: { arg: "row_totals" }, got: shapeOf(rows) });
    notNegativeCells(rows, "row_totals");
    const cols = numberBlock(column_totals, "column_totals");
    if (cols.length !== 1) fail("mustBeRow", { where: { arg: "column_totals" }, got: shapeOf(cols) });
    notNegativeCells(cols, "column_totals");
    const s = optionalNumberBlock(seed as Arg, "seed");
    if (s !== undefined) notNegativeCells(sameShapeAs(s, "seed", rows.length, cols[0].length, "row_totals × column_totals"), "seed");
    const u = notNegative(optionalNumber(unit as Arg, "unit", 0), "unit");
    return spreadGrid(
      rows.map((r) => r[0]),
      cols[0],
      { seed: s, unit: u },
    );
  });
}

/**
 * Attainment of an actual against its target (0.97 = 97 %). For lower-is-better KPIs such as churn, meeting the target is 100 % and zero is 200 %.
 * @customfunction ATTAIN
 * @param actual The actual value. Blank means no data yet: the result is empty.
 * @param target The target, in the same units.
 * @param [direction] "higher" (default) when more is better, "lower" when less is better (越高越好 / 越低越好 also work).
 * @returns The attainment as a fraction, or empty for a blank actual.
 */
export function attain(actual: any, target: any, direction?: any): any {
  try {
    const a = actualValue(actual);
    const t = requiredNumber(target, "target");
    const d = parseDirection(optionalText(direction, "direction"));
    return finite(a === null ? "" : attainment(a, t, d));
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * The traffic light of a month or KPI: "green", "yellow" or "red"; empty when there is no actual yet.
 * @customfunction STATUS
 * @param actual The actual value. Blank means no data yet: no colour.
 * @param target The target, in the same units.
 * @param [green_at] Green from this attainment on. Default 1 (100 %).
 * @param [yellow_at] Yellow from this attainment on, red below. Default 0.9 (90 %), or green_at when that is lower.
 * @param [direction] "higher" (default) or "lower" for KPIs where less is better.
 * @returns "green", "yellow", "red", or empty for a blank actual.
 */
export function status(actual: any, target: any, green_at?: any, yellow_at?: any, direction?: any): string {
  try {
    const a = actualValue(actual);
    const t = requiredNumber(target, "target");
    const g = maybeNumber(green_at, "green_at");
    const y = maybeNumber(yellow_at, "yellow_at");
    const d = parseDirection(optionalText(direction, "direction"));
    return finite(trafficLight(a, t, { greenAt: g, yellowAt: y, direction: d }));
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * Progress against time elapsed (时间进度): attainment divided by the share of the period gone. 1 means exactly on schedule.
 * @customfunction PACE
 * @param actual The actual so far. Blank means no data yet: the result is empty.
 * @param target The target for the whole period.
 * @param as_of The date the actual is counted to (e.g. the end of last month).
 * @param start The first day of the period.
 * @param end The last day of the period.
 * @returns The pace (above 1 ahead of schedule, below 1 behind), or empty before the period starts.
 */
export function pace(actual: any, target: any, as_of: any, start: any, end: any): any {
  try {
    const a = actualValue(actual);
    const t = requiredNumber(target, "target");
    const asOf = actualValue(as_of, "as_of");
    const s = requiredNumber(start, "start");
    const e = requiredNumber(end, "end");
    return finite(paceOf(a, t, asOf, s, e));
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * The score points a KPI earns: points at target, adjusted by a rule written in words such as "每超1%加0.5分,每低1%扣1分", or converted by attainment without a rule.
 * @customfunction SCORE
 * @param actual The actual value. Blank means no data yet: the result is empty.
 * @param target The target, in the same units.
 * @param points The points the KPI carries at target (its weight, e.g. 40).
 * @param [rule] The scoring rule, e.g. "每超1%加0.5分,每低1%扣1分" or "+0.5 per 1% over; -1 per 1% under". Blank: points × attainment.
 * @param [cap] Highest score (wins over a cap in the rule). Default: none.
 * @param [floor] Lowest score (wins over a floor in the rule). Default 0.
 * @param [direction] "higher" (default) or "lower" for KPIs where less is better.
 * @returns The score, or empty for a blank actual.
 */
export function score(actual: any, target: any, points: any, rule?: any, cap?: any, floor?: any, direction?: any): any {
  try {
    const a = actualValue(actual);
    const t = requiredNumber(target, "target");
    const p = requiredNumber(points, "points");
    const r = optionalText(rule, "rule");
    // An unreadable rule is reported before a bad cap, floor or direction (argument order).
    if (r !== undefined) parseScoringRule(r);
    const c = maybeNumber(cap, "cap");
    const f = maybeNumber(floor, "floor");
    const d = parseDirection(optionalText(direction, "direction"));
    return finite(scoreKpi(a, t, p, { rule: r, cap: c, floor: f, direction: d }));
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * Step lookup (e.g. bonus bands): the result paired with the highest threshold the value reaches.
 * @customfunction BAND
 * @param value The value to look up (e.g. a quarterly score). Blank gives an empty result.
 * @param thresholds The thresholds, in any order; or a two-column block of (threshold, result) rows with results left empty.
 * @param [results] The result for each threshold, same length (e.g. 120%, 100%, 80%).
 * @param [below] The result under the lowest threshold. Default 0.
 * @returns The result of the band the value falls in.
 */
export function band(value: any, thresholds: any[][], results?: any[][], below?: any): any {
  try {
    const v = actualValue(value, "value");
    // Each range's own checks, then below's, then the checks across thresholds and results.
    const tb = asBlock(thresholds);
    const rb = results === undefined || results === null ? undefined : asBlock(results);
    // A table that passes every check is read in one pass; any other goes through the checks.
    const quick = quickBandTable(tb, rb);
    const pairs = quick ? [] : bandPairs(tb, rb);
    const b = toSingle(below, "below");
    if (typeof b === "boolean") fail("notANumber", { where: { arg: "below" }, value: String(b) });
    return finite(quick ? lookupBand(quick, v, isBlank(b) ? 0 : b) : bandLookup(v, bandsFromPairs(pairs), isBlank(b) ? 0 : b));
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * Tiered commission on an actual amount: marginal (like tax brackets) or on the whole amount at the tier reached.
 * @customfunction COMMISSION
 * @param actual The amount commission is paid on (e.g. collected revenue), 0 or more. Blank gives an empty result.
 * @param target The target the tiers are measured against.
 * @param tiers Two columns: attainment threshold (the lowest must be 0) and rate, e.g. {0,1.5%;100%,2%}.
 * @param [mode] "marginal" (default, 累进): each part at its tier's rate; "whole" (全额): all of it at the rate of the tier reached.
 * @param [cap] Highest payout. Default: none.
 * @returns The commission.
 */
export function commission(actual: any, target: any, tiers: any[][], mode?: any, cap?: any): any {
  try {
    // Each argument's type and range before the next argument's (the contract's order).
    const a = actualValue(actual);
    if (a !== null && a < 0) fail("negative", { where: { arg: "actual" }, value: a });
    const t = notNegative(requiredNumber(target, "target"), "target");
    const ts = readTierTable(toBlock(tiers, "tiers"));
    const m = parseCommissionMode(optionalText(mode, "mode"));
    const c = maybeNumber(cap, "cap");
    return finite(commissionOf(a, t, ts, { mode: m, cap: c }));
  } catch (e) {
    throw toExcelError(e);
  }
}
