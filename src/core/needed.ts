/**
 * What a rep needs in each remaining month to end the year green (转绿还需): the pane's "My
 * targets" shows it beside the traffic light. The same thresholds and directions as
 * {@link trafficLight}; pure arithmetic, no I/O.
 */
import { type Direction } from "./attainment";
import { fail } from "./errors";
import { reaches } from "./tolerance";

/** What {@link neededToTurnGreen} works from: the year so far and the months left. */
export interface GreenNeedInput {
  /** The year's target: the sum of the monthly targets, or their average for rates. */
  yearTarget: number;
  /** The actuals entered so far: their sum, or for averages their sum too (with `monthsWithData`). */
  actualSoFar: number;
  /** Months still to come (after the as-of month), 0 to 12. */
  monthsLeft: number;
  /** Attainment from which the light is green, a fraction (default 1). */
  greenAt?: number;
  /** "higher" (default) or "lower" is better. */
  direction?: Direction;
  /** How the year's figure is made: "sum" (default; amounts, counts) or "average" (rates). */
  aggregate?: "sum" | "average";
  /** With "average": how many months have an actual so far. */
  monthsWithData?: number;
}

/** What it takes to be green at the end of the year. */
export type GreenNeed =
  | { kind: "already" }
  | { kind: "perMonth"; perMonth: number; bound: "atLeast" | "atMost" }
  | { kind: "unreachable" }
  | { kind: "noMonthsLeft"; green: boolean };

/**
 * The figure each remaining month needs for the year to end green: at least that much when
 * higher is better, at most that much when lower is better. For sums the year's figure is
 * the total of the months; for averages (rates), the mean of the months with data.
 *
 * Higher is better, sum: green at year end needs total ≥ greenAt × yearTarget, so each of
 * the k months left needs (greenAt × yearTarget − actualSoFar) / k; "already" once the
 * actuals so far reach the line. Lower is better: attainment 2 − A/T ≥ greenAt means
 * A ≤ (2 − greenAt) × T, so each month may add at most ((2 − greenAt) × T − actualSoFar) / k;
 * "unreachable" when that is below 0 (the year is over the line already). Averages solve
 * (S + k·x) / (n + k) against the same lines.
 *
 * @param input - the year's target, the actuals so far, the months left, the thresholds
 * @returns "already", a per-month figure with its bound, "unreachable", or "noMonthsLeft"
 *   (with whether the year ended green)
 * @throws PlanError `#NUM!` for negative months left or months with data; RangeError for
 *   months left above 12 or not whole
 *
 * @example neededToTurnGreen({ yearTarget: 1200, actualSoFar: 300, monthsLeft: 9 })
 *   // { kind: "perMonth", perMonth: 100, bound: "atLeast" }
 * @example neededToTurnGreen({ yearTarget: 0.08, actualSoFar: 0.3, monthsLeft: 8, direction: "lower", aggregate: "average", monthsWithData: 4 })
 *   // { kind: "perMonth", perMonth: 0.0825, bound: "atMost" }  (12 × 0.08 = 0.96 allowed, 0.66 left over 8 months)
 */
export function neededToTurnGreen(input: GreenNeedInput): GreenNeed {
  const k = input.monthsLeft;
  if (k < 0) fail("negative", { where: { arg: "months_left" }, value: k });
  // More than a year left, or a fraction of a month, is a caller's mistake, not a user's input.
  if (!(k <= 12) || !Number.isInteger(k)) throw new RangeError(`months_left must be a whole number from 0 to 12, got ${k}`);
  const n = input.monthsWithData ?? 0;
  if (n < 0) fail("negative", { where: { arg: "months_with_data" }, value: n });
  const greenAt = input.greenAt ?? 1;
  const direction = input.direction ?? "higher";
  const average = input.aggregate === "average";
  const T = input.yearTarget;
  const S = input.actualSoFar;
  // The year's figure must reach `line` (higher) or stay within it (lower).
  const line = direction === "higher" ? greenAt * T : (2 - greenAt) * T;
  const yearSoFar = average ? (n > 0 ? S / n : 0) : S;
  const greenNow = direction === "higher" ? reaches(yearSoFar, line) : reaches(line, yearSoFar);
  if (k === 0) return { kind: "noMonthsLeft", green: (average ? n > 0 : true) && greenNow };
  if (direction === "higher" && !average && greenNow) return { kind: "already" };
  const perMonth = average ? (line * (n + k) - S) / k : (line - S) / k;
  if (direction === "higher") return { kind: "perMonth", perMonth: Math.max(0, clean(perMonth)), bound: "atLeast" };
  if (perMonth < 0 && !reaches(perMonth, 0)) return { kind: "unreachable" };
  return { kind: "perMonth", perMonth: Math.max(0, clean(perMonth)), bound: "atMost" };
}

/** Drops float noise below 15 significant digits (0.1 × 3 − 0.2 is 0.1, not 0.10000000000000003). */
function clean(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(15));
}
