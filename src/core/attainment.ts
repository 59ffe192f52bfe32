import { fail } from "./errors";

/** Whether more is better (sales) or less is better (churn, overdue receivables, complaints). */
export type Direction = "higher" | "lower";

// A Map, not an object literal: "constructor" or "__proto__" must not read as a direction.
const DIRECTIONS = new Map<string, Direction>([
  ["higher", "higher"],
  ["lower", "lower"],
  ["越高越好", "higher"],
  ["越低越好", "lower"],
]);

/**
 * Reads a direction word: "higher" (default when blank) or "lower", case-insensitive and
 * trimmed; 越高越好 / 越低越好 also accepted.
 * @param word - the text the user gave, or undefined for the default
 * @param arg - the argument's name, for the error message
 * @returns "higher" or "lower"
 * @throws PlanError `#VALUE!` for any other word
 * @example parseDirection(" Lower ") // "lower"
 */
export function parseDirection(word: string | undefined, arg = "direction"): Direction {
  if (word === undefined || word === "higher") return "higher";
  if (word === "lower") return "lower";
  const d = DIRECTIONS.get(word.trim().toLowerCase());
  if (!d) fail("badWord", { where: { arg }, value: word, allowed: "higher, lower", allowedZh: "越高越好、越低越好" });
  return d;
}

/**
 * Attainment of an actual against a target, as a fraction (0.97 = 97 %).
 *
 * Higher is better: actual / target. Lower is better: 2 − actual / target, so meeting the
 * target is 100 %, zero is 200 % and twice the target is 0 % (it can go below 0); with a
 * zero target ("no complaints") it is 100 % when the actual is 0 or less, else 0 %.
 *
 * @param actual - the actual value, in the KPI's units
 * @param target - the target, same units
 * @param direction - "higher" (default) or "lower"
 * @returns the attainment as a fraction
 * @throws PlanError `#DIV/0!` for a zero target when higher is better
 * @example attainment(9700000, 10000000) // 0.97
 * @example attainment(0.085, 0.08, "lower") // 0.9375
 */
export function attainment(actual: number, target: number, direction: Direction = "higher"): number {
  if (direction === "lower") {
    if (target === 0) return actual <= 0 ? 1 : 0;
    return 2 - actual / target;
  }
  if (target === 0) fail("zeroTarget", { where: { arg: "target" } });
  return actual / target;
}
