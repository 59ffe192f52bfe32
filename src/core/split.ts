import { fail } from "./errors";
import { type Grid, checkSize, shapeOf } from "./grid";
import { TOL, clean, floorTol, multipleOf, nearlyEqual } from "./tolerance";

/** Options of {@link splitTotal}. */
export interface SplitOptions {
  /**
   * Rounding unit: 0 (default) for exact shares; 1 for whole numbers, 10000 for 万元,
   * 0.01 for fen. Every free part but at most one comes out a multiple of it.
   */
  unit?: number;
  /**
   * Held amounts, same shape as the weights: a positive number holds that part at that
   * amount (a manager's override); 0 leaves it free.
   */
  fixed?: Grid;
}

/**
 * Splits `total` in proportion to `weights`, rounding to `unit` by the largest-remainder
 * method so that the parts still add up to `total`.
 *
 * Weights are normalised by their sum, so percentages (25/30/25/20), fractions
 * (0.25/0.3/…) and last year's raw amounts all work. Held parts (`fixed`) keep their
 * amounts; the rest of the total is shared among the free parts. With a unit, the free
 * parts get n = floor(amount / unit) units by largest remainder (ties to the earlier
 * position, row by row), and the odd amount below one unit goes to the free part with the
 * largest weight.
 *
 * @param total - the amount to split, ≥ 0 (元, customers, …)
 * @param weights - a block of weights ≥ 0, any shape; the result has the same shape
 * @param options - `unit` (≥ 0) and `fixed` (held amounts ≥ 0, same shape as `weights`)
 * @returns the parts, same shape as `weights`, adding up to `total`
 * @throws PlanError `#NUM!` for a negative total, weight, unit or held amount, held amounts
 *   above the total, or every part held with something left; `#VALUE!` for `fixed` of
 *   another shape; `#DIV/0!` when every free weight is 0 and there is something to split
 *
 * @example splitTotal(120000000, [[25, 30, 25, 20]], { unit: 10000 })
 *   // [[30000000, 36000000, 30000000, 24000000]]
 * @example splitTotal(15, [[1, 2]], { unit: 10 }) // [[0, 15]]
 */
export function splitTotal(total: number, weights: Grid, options: SplitOptions = {}): Grid {
  const unit = options.unit ?? 0;
  const fixed = options.fixed;
  validateSplit(total, weights, unit, fixed);

  const rows = weights.length;
  const cols = rows ? weights[0].length : 0;
  const result: Grid = weights.map((row) => row.map(() => 0));

  // Held parts first; the free ones, in reading order, share the rest.
  let held = 0;
  const free: { i: number; j: number; w: number }[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const h = fixed ? fixed[i][j] : 0;
      if (h > 0) {
        result[i][j] = h;
        held += h;
      } else {
        free.push({ i, j, w: weights[i][j] });
      }
    }
  }
  if (held > total && !nearlyEqual(held, total)) {
    fail("heldExceedsTotal", { where: { arg: "fixed" }, held, total, over: clean(held - total) });
  }
  const amount = nearlyEqual(held, total) ? 0 : total - held;
  if (amount === 0) return result;
  if (free.length === 0) fail("allHeld", { where: { arg: "fixed" }, left: clean(amount) });

  let wsum = 0;
  let heaviest = -1;
  free.forEach((p, k) => {
    wsum += p.w;
    if (heaviest < 0 || p.w > free[heaviest].w) heaviest = k;
  });
  if (wsum === 0) fail("zeroWeights", { where: { arg: "weights" }, amount });

  const shares = unit > 0 ? roundedShares(amount, free, wsum, unit, heaviest) : exactShares(amount, free, wsum, heaviest);
  free.forEach((p, k) => (result[p.i][p.j] = shares[k]));
  return result;
}

/** Exact proportional shares; the float residue goes to the heaviest part so the sum is exact. */
function exactShares(amount: number, free: { w: number }[], wsum: number, heaviest: number): number[] {
  const shares = free.map((p) => (amount * p.w) / wsum);
  const residue = amount - shares.reduce((a, b) => a + b, 0);
  shares[heaviest] += residue;
  return shares;
}

/** Largest-remainder rounding to `unit`, then the odd amount to the heaviest part. */
function roundedShares(amount: number, free: { w: number }[], wsum: number, unit: number, heaviest: number): number[] {
  const n = floorTol(amount / unit);
  const units = new Array<number>(free.length);
  const rem = new Array<number>(free.length);
  let given = 0;
  for (let k = 0; k < free.length; k++) {
    const q = (n * free[k].w) / wsum;
    const base = Math.min(floorTol(q), n);
    units[k] = base;
    rem[k] = Math.max(0, q - base);
    given += base;
  }
  let left = n - given;
  if (left > 0) {
    // Largest remainders first; remainders equal within the tolerance keep reading order.
    const order = free.map((_, k) => k);
    order.sort((a, b) => (Math.abs(rem[a] - rem[b]) <= TOL * Math.max(1, rem[a], rem[b]) ? a - b : rem[b] - rem[a]));
    for (let t = 0; t < order.length && left > 0; t++, left--) units[order[t]] += 1;
  }
  const shares = units.map((u) => multipleOf(u, unit));
  // The odd amount (under one unit; float noise when the amount is a multiple) keeps the sum exact.
  const odd = amount - multipleOf(n, unit);
  if (odd !== 0) shares[heaviest] = clean(shares[heaviest] + odd);
  return shares;
}

function validateSplit(total: number, weights: Grid, unit: number, fixed: Grid | undefined): void {
  if (total < 0) fail("negative", { where: { arg: "total" }, value: total });
  checkSize(weights, "weights");
  for (let i = 0; i < weights.length; i++) {
    for (let j = 0; j < weights[i].length; j++) {
      const w = weights[i][j];
      if (w < 0) fail("negative", { where: { arg: "weights", row: i + 1, col: j + 1 }, value: w });
    }
  }
  if (unit < 0) fail("negative", { where: { arg: "unit" }, value: unit });
  if (fixed) {
    if (fixed.length !== weights.length || (fixed.length > 0 && fixed[0].length !== weights[0].length)) {
      fail("shapeMismatch", { where: { arg: "fixed" }, other: "weights", want: shapeOf(weights), got: shapeOf(fixed) });
    }
    for (let i = 0; i < fixed.length; i++) {
      for (let j = 0; j < fixed[i].length; j++) {
        const h = fixed[i][j];
        if (h < 0) fail("negative", { where: { arg: "fixed", row: i + 1, col: j + 1 }, value: h });
      }
    }
  }
}
