import { attainment } from "./attainment";
import { fail } from "./errors";

/**
 * Share of a period gone by a date (时间进度): (asOf − start + 1) / (end − start + 1),
 * counting both the first and the last day, clamped to [0, 1]. Dates are Excel date serials;
 * any fraction of a day is ignored.
 *
 * @param asOf - the date reached, an Excel serial (45382 = 2024-03-31)
 * @param start - the period's first day, an Excel serial
 * @param end - the period's last day, an Excel serial, not before `start`
 * @returns the share of the period gone, 0 to 1 (0 before the period, 1 after it)
 * @throws PlanError `#NUM!` (endBeforeStart) when `end` is before `start`
 *
 * @example periodShare(45382, 45292, 45657) // 91 / 366 ≈ 0.2486
 */
export function periodShare(asOf: number, start: number, end: number): number {
  const s = Math.floor(start);
  const e = Math.floor(end);
  if (e < s) fail("endBeforeStart", { where: { arg: "end" } });
  const share = (Math.floor(asOf) - s + 1) / (e - s + 1);
  return share < 0 ? 0 : share > 1 ? 1 : share;
}

/**
 * Pace (进度比): attainment divided by the share of the period gone, so 1 means exactly on
 * schedule, above 1 ahead of it.
 *
 * Attainment is actual / target (higher is better). The share is
 * (asOf − start + 1) / (end − start + 1), clamped to [0, 1], on whole days: fractions of a
 * day in any date are dropped. Checks run in the contract's order: `end` before `start`
 * first; then a blank actual, a blank `asOf` or a date before the period starts gives `""`
 * (there is nothing to measure yet, so a zero target is not an error there); then a zero
 * target.
 *
 * @param actual - the actual so far, in the KPI's units, or null when blank
 * @param target - the target for the whole period, same units
 * @param asOf - the date reached, an Excel serial, or null when blank
 * @param start - the period's first day, an Excel serial
 * @param end - the period's last day, an Excel serial, not before `start`
 * @returns the pace as a fraction (1.2 = 20 % ahead of schedule), or "" as above
 * @throws PlanError `#NUM!` (endBeforeStart) when `end` is before `start`; `#DIV/0!`
 *   (zeroTarget) for a zero target
 *
 * @example paceOf(300, 1000, 45382, 45292, 45657) // 0.3 / (91 / 366) ≈ 1.2066
 * @example paceOf(300, 1000, 45200, 45292, 45657) // "" (before the period)
 */
export function paceOf(actual: number | null, target: number, asOf: number | null, start: number, end: number): number | "" {
  if (Math.floor(end) < Math.floor(start)) fail("endBeforeStart", { where: { arg: "end" } });
  if (actual === null || asOf === null) return "";
  if (Math.floor(asOf) < Math.floor(start)) return "";
  const a = attainment(actual, target, "higher");
  return a / periodShare(asOf, start, end);
}
