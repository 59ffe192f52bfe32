/**
 * What each TARGET.* function does with the arguments Excel passes: read them (src/functions/
 * args.ts), call the engine (src/core), and check the result is finite. A body throws the
 * engine's own {@link PlanError} (code and bilingual message); the faces turn it into what
 * their caller needs: `CustomFunctions.Error` for Excel (functions.ts), or a code and a
 * message in a language for the task pane's "Explain this cell" (explain.ts).
 *
 * Arguments are as Excel passes them: a scalar, or rows of cells for a range; `null`,
 * `undefined` and `""` are blank.
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
import { finite, finiteCells } from "./excel";

/** What one cell of a result holds: a number, text, or "" (an empty-looking cell). */
export type CellResult = number | string;

/**
 * SPLIT: a total split by weights, rounded to a unit, adding up to the total.
 * @example splitBody(15, [[1, 2]], 10) // [[0, 15]]
 */
export function splitBody(total: Arg, weights: Arg, unit?: Arg, fixed?: Arg): number[][] {
  // Each argument's type, shape and range before the next argument's (the contract's order).
  const t = notNegative(requiredNumber(total, "total"), "total");
  const w = notNegativeCells(numberBlock(weights, "weights"), "weights");
  const u = notNegative(optionalNumber(unit as Arg, "unit", 0), "unit");
  const f = optionalNumberBlock(fixed as Arg, "fixed");
  if (f !== undefined) notNegativeCells(sameShapeAs(f, "fixed", w.length, w[0].length, "weights"), "fixed");
  return finiteCells(splitTotal(t, w, { unit: u, fixed: f }));
}

/**
 * SPREAD: a grid whose rows and columns add up to the given totals.
 * @example spreadBody([[10], [20]], [[15, 15]]) // [[5, 5], [10, 10]]
 */
export function spreadBody(row_totals: Arg, column_totals: Arg, seed?: Arg, unit?: Arg): number[][] {
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
  return finiteCells(
    spreadGrid(
      rows.map((r) => r[0]),
      cols[0],
      { seed: s, unit: u },
    ),
  );
}

/**
 * ATTAIN: attainment as a fraction; "" for a blank actual.
 * @example attainBody(97, 100) // 0.97
 */
export function attainBody(actual: Arg, target: Arg, direction?: Arg): CellResult {
  const a = actualValue(actual);
  const t = requiredNumber(target, "target");
  const d = parseDirection(optionalText(direction as Arg, "direction"));
  return finite(a === null ? "" : attainment(a, t, d));
}

/**
 * STATUS: "green", "yellow", "red", or "" for a blank actual.
 * @example statusBody(0.95, 1) // "yellow"
 */
export function statusBody(actual: Arg, target: Arg, green_at?: Arg, yellow_at?: Arg, direction?: Arg): string {
  const a = actualValue(actual);
  const t = requiredNumber(target, "target");
  const g = maybeNumber(green_at as Arg, "green_at");
  const y = maybeNumber(yellow_at as Arg, "yellow_at");
  const d = parseDirection(optionalText(direction as Arg, "direction"));
  return trafficLight(a, t, { greenAt: g, yellowAt: y, direction: d });
}

/**
 * PACE: attainment over the share of the period gone; "" before the period or for a blank actual.
 * @example paceBody(300, 1000, 45382, 45292, 45657) // ≈ 1.2066
 */
export function paceBody(actual: Arg, target: Arg, as_of: Arg, start: Arg, end: Arg): CellResult {
  const a = actualValue(actual);
  const t = requiredNumber(target, "target");
  const asOf = actualValue(as_of, "as_of");
  const s = requiredNumber(start, "start");
  const e = requiredNumber(end, "end");
  return finite(paceOf(a, t, asOf, s, e));
}

/**
 * SCORE: the points a KPI earns under a rule (or points × attainment); "" for a blank actual.
 * @example scoreBody(1.03, 1, 40, "每超1%加0.5分,每低1%扣1分") // 41.5
 */
export function scoreBody(actual: Arg, target: Arg, points: Arg, rule?: Arg, cap?: Arg, floor?: Arg, direction?: Arg): CellResult {
  const a = actualValue(actual);
  const t = requiredNumber(target, "target");
  const p = requiredNumber(points, "points");
  const r = optionalText(rule as Arg, "rule");
  // An unreadable rule is reported before a bad cap, floor or direction (argument order).
  if (r !== undefined) parseScoringRule(r);
  const c = maybeNumber(cap as Arg, "cap");
  const f = maybeNumber(floor as Arg, "floor");
  const d = parseDirection(optionalText(direction as Arg, "direction"));
  return finite(scoreKpi(a, t, p, { rule: r, cap: c, floor: f, direction: d }));
}

/**
 * BAND: the result of the highest threshold the value reaches; "" for a blank value.
 * @example bandBody(85, [[90, 80, 70]], [[1.2, 1, 0.8]]) // 1
 */
export function bandBody(value: Arg, thresholds: Arg, results?: Arg, below?: Arg): CellResult {
  const v = actualValue(value, "value");
  // Each range's own checks, then below's, then the checks across thresholds and results.
  const tb = asBlock(thresholds);
  const rb = results === undefined || results === null ? undefined : asBlock(results);
  // A table that passes every check is read in one pass; any other goes through the checks.
  const quick = quickBandTable(tb, rb);
  const pairs = quick ? [] : bandPairs(tb, rb);
  const b = toSingle(below as Arg, "below");
  if (typeof b === "boolean") fail("notANumber", { where: { arg: "below" }, value: String(b) });
  const under = isBlank(b) ? 0 : b;
  return finite(quick ? lookupBand(quick, v, under) : bandLookup(v, bandsFromPairs(pairs), under));
}

/**
 * COMMISSION: tiered commission on an actual amount; "" for a blank actual.
 * @example commissionBody(1300000, 1000000, [[0, 0.015], [1, 0.02]]) // 21000
 */
export function commissionBody(actual: Arg, target: Arg, tiers: Arg, mode?: Arg, cap?: Arg): CellResult {
  // Each argument's type and range before the next argument's (the contract's order).
  const a = actualValue(actual);
  if (a !== null && a < 0) fail("negative", { where: { arg: "actual" }, value: a });
  const t = notNegative(requiredNumber(target, "target"), "target");
  const ts = readTierTable(toBlock(tiers, "tiers"));
  const m = parseCommissionMode(optionalText(mode as Arg, "mode"));
  const c = maybeNumber(cap as Arg, "cap");
  return finite(commissionOf(a, t, ts, { mode: m, cap: c }));
}

/** Every function's body by its Excel id (the id after `TARGET.`). */
export const BODIES = {
  SPLIT: splitBody,
  SPREAD: spreadBody,
  ATTAIN: attainBody,
  STATUS: statusBody,
  PACE: paceBody,
  SCORE: scoreBody,
  BAND: bandBody,
  COMMISSION: commissionBody,
} as const;

/** The id of a TARGET.* function: SPLIT, SPREAD, ATTAIN, STATUS, PACE, SCORE, BAND, COMMISSION. */
export type FunctionId = keyof typeof BODIES;

/** The functions whose result is one cell (the others return a range). */
export type OneCellId = Exclude<FunctionId, "SPLIT" | "SPREAD">;

/** True when `id` names a TARGET.* function (exactly as Excel shows it after `TARGET.`). */
export function isFunctionId(id: string): id is FunctionId {
  return Object.prototype.hasOwnProperty.call(BODIES, id);
}

/**
 * Calls a body by id with arguments as Excel passes them (missing trailing ones are omitted).
 * @throws whatever the body throws: a PlanError for a bad argument or an impossible result
 */
export function runBody(id: FunctionId, args: readonly unknown[]): CellResult | number[][] {
  const body = BODIES[id] as (...a: Arg[]) => CellResult | number[][];
  return body(...(args as Arg[]));
}
