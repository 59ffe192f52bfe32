import { type Direction, attainment } from "./attainment";
import { fail } from "./errors";
import { reaches } from "./tolerance";

/** A traffic light's colour. */
export type Light = "green" | "yellow" | "red";

/** Options of {@link trafficLight}. */
export interface StatusOptions {
  /** Attainment from which the light is green, as a fraction (default 1 = 100 %). */
  greenAt?: number;
  /**
   * Attainment from which the light is yellow, as a fraction. Default 0.9, or `greenAt`
   * when that is lower (then there is no yellow band). Must not be above `greenAt`.
   */
  yellowAt?: number;
  /** "higher" (default) or "lower" is better, as in {@link attainment}. */
  direction?: Direction;
}

/** The default yellow line: 90 % of target. */
const DEFAULT_YELLOW = 0.9;

/**
 * The traffic light (红绿灯) of an actual against its target.
 *
 * Attainment is computed as {@link attainment} does for the direction; the light is green
 * when attainment reaches `greenAt`, yellow when it reaches `yellowAt`, red below. Every
 * comparison allows the engine's tolerance, so 0.18 against 0.2 is exactly 90 %. A blank
 * actual ("no data yet") gives `""`: the cell looks empty and takes no colour.
 *
 * Checks run in the contract's order: `yellowAt` above `greenAt` first, then a blank actual,
 * then a zero target. The function allocates nothing (it sits in recalculation hot paths).
 *
 * @param actual - the actual value in the KPI's units, or null when blank
 * @param target - the target, same units
 * @param options - `greenAt` (default 1), `yellowAt` (default 0.9, or `greenAt` when lower)
 *   and `direction` (default "higher")
 * @returns "green", "yellow" or "red"; "" for a blank actual
 * @throws PlanError `#NUM!` (thresholdOrder) when `yellowAt` is above `greenAt` by more than
 *   the tolerance; `#DIV/0!` for a zero target when higher is better
 *
 * @example trafficLight(0.95, 1) // "yellow"
 * @example trafficLight(0.1, 0.08, { direction: "lower" }) // "red" (attainment 75 %)
 * @example trafficLight(null, 0) // ""
 */
export function trafficLight(actual: number | null, target: number, options?: StatusOptions): Light | "" {
  const greenAt = options?.greenAt ?? 1;
  const given = options?.yellowAt;
  // Yellow a hair above green (within the tolerance) counts as equal: no yellow band.
  if (given !== undefined && !reaches(greenAt, given)) {
    fail("thresholdOrder", { where: { arg: "yellow_at" }, value: given, green: greenAt });
  }
  if (actual === null) return "";
  const yellowAt = given ?? (greenAt < DEFAULT_YELLOW ? greenAt : DEFAULT_YELLOW);
  const a = attainment(actual, target, options?.direction ?? "higher");
  if (reaches(a, greenAt)) return "green";
  if (reaches(a, yellowAt)) return "yellow";
  return "red";
}
