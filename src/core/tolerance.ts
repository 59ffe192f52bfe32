/**
 * The engine's one tolerance: 1e-9, relative to the magnitudes involved, so floating
 * point never costs a planner a step, a colour or a unit.
 */

/** The relative tolerance used everywhere. */
export const TOL = 1e-9;

/**
 * True when `x` reaches threshold `t`: x ≥ t − 1e-9 × max(1, |x|, |t|).
 * @example reaches(0.18 / 0.2, 0.9) // true, although 0.18 / 0.2 = 0.8999999999999999
 */
export function reaches(x: number, t: number): boolean {
  return x >= t - TOL * Math.max(1, Math.abs(x), Math.abs(t));
}

/**
 * True when `a` and `b` are equal within the tolerance.
 * @example nearlyEqual(0.1 + 0.2, 0.3) // true
 */
export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOL * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * The slack allowed when counting whole steps or units in `x`: 1e-9 relative to `x`, but
 * never more than 1e-4 of a step, so a huge count (a total in fen) cannot gain a whole unit
 * from the tolerance itself.
 */
function countSlack(x: number): number {
  return Math.min(TOL * Math.max(1, Math.abs(x)), 1e-4);
}

/**
 * Floor with the tolerance: a value a hair under an integer counts as that integer.
 * @example floorTol(0.3 / 0.1) // 3 (0.3 / 0.1 is 2.9999999999999996)
 */
export function floorTol(x: number): number {
  return Math.floor(x + countSlack(x));
}

/**
 * Ceiling with the tolerance: a value a hair over an integer counts as that integer.
 * @example ceilTol(0.7 / 0.1) // 7 (0.7 / 0.1 is 7.000000000000001)
 */
export function ceilTol(x: number): number {
  return Math.ceil(x - countSlack(x));
}

/**
 * `k × unit` without binary noise: 3 × 0.1 is 0.3, not 0.30000000000000004. Exact for whole
 * units; for decimal units (0.01, 0.5) the product is formed in whole hundredths (etc.) and
 * divided once, which is the correctly rounded decimal.
 * @example multipleOf(3, 0.1) // 0.3
 */
export function multipleOf(k: number, unit: number): number {
  if (Number.isInteger(unit)) return k * unit;
  const scale = decimalScale(unit);
  return scale ? Math.round(k * Math.round(unit * scale)) / scale : clean(k * unit);
}

/** 10^d for the fewest decimals d ≤ 9 that make `unit` whole, or 0 when there is none. */
function decimalScale(unit: number): number {
  for (let scale = 10; scale <= 1e9; scale *= 10) {
    if (Math.abs(unit * scale - Math.round(unit * scale)) <= 1e-9 * unit * scale) return scale;
  }
  return 0;
}

/**
 * Drops binary noise below 15 significant digits.
 * @example clean(0.1 + 0.2) // 0.3
 */
export function clean(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(15));
}
