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
  const result: Grid = weights.map((row) => row.slice());

  // Held parts first; the free ones, in reading order (flat positions), share the rest.
  let held = 0;
  const freePos = new Int32Array(rows * cols);
  let nFree = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const h = fixed ? fixed[i][j] : 0;
      if (h > 0) held += h;
      else freePos[nFree++] = i * cols + j;
    }
  }
  if (held > total && !nearlyEqual(held, total)) {
    fail("heldExceedsTotal", { where: { arg: "fixed" }, held, total, over: clean(held - total) });
  }
  const amount = nearlyEqual(held, total) ? 0 : total - held;
  if (amount > 0 && nFree === 0) fail("allHeld", { where: { arg: "fixed" }, left: clean(amount) });

  const w = new Float64Array(nFree);
  let wsum = 0;
  let heaviest = 0;
  for (let k = 0; k < nFree; k++) {
    w[k] = weights[(freePos[k] / cols) | 0][freePos[k] % cols];
    wsum += w[k];
    if (w[k] > w[heaviest]) heaviest = k;
  }
  if (amount > 0 && wsum === 0) fail("zeroWeights", { where: { arg: "weights" }, amount });

  const shares = amount === 0 ? new Float64Array(nFree) : unit > 0 ? roundedShares(amount, w, wsum, unit, heaviest, total * 2 ** -50) : exactShares(amount, w, wsum, heaviest);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (fixed && fixed[i][j] > 0) result[i][j] = fixed[i][j];
  for (let k = 0; k < nFree; k++) result[(freePos[k] / cols) | 0][freePos[k] % cols] = shares[k];
  return result;
}

/** Exact proportional shares; the float residue goes to the heaviest part so the sum is exact. */
function exactShares(amount: number, w: Float64Array, wsum: number, heaviest: number): Float64Array {
  const shares = new Float64Array(w.length);
  let sum = 0;
  for (let k = 0; k < w.length; k++) sum += shares[k] = (amount * w[k]) / wsum;
  shares[heaviest] += amount - sum;
  return shares;
}

/** Largest-remainder rounding to `unit`, then the odd amount to the heaviest part. */
function roundedShares(amount: number, w: Float64Array, wsum: number, unit: number, heaviest: number, noise: number): Float64Array {
  let n = floorTol(amount / unit);
  // At a trillion units, binary noise in the amount (total − held) and in amount / unit
  // outgrows the count's tolerance (5579157876.15 / 0.001 is …149.999): one more unit counts
  // when the amount falls short of it by no more than that noise.
  if (multipleOf(n + 1, unit) - amount <= noise) n += 1;
  const units = new Float64Array(w.length);
  const rem = new Float64Array(w.length);
  let given = 0;
  let qmax = 0;
  for (let k = 0; k < w.length; k++) {
    const q = (n * w[k]) / wsum;
    const base = Math.min(floorTol(q), n);
    units[k] = base;
    rem[k] = Math.max(0, q - base);
    given += base;
    if (q > qmax) qmax = q;
  }
  const left = n - given;
  // Remainders carry the binary noise of shares as large as qmax: equal ones may differ by that.
  if (left > 0) giveLeftovers(units, rem, left, Math.max(TOL, qmax * 2 ** -48));
  const shares = units.map((u) => multipleOf(u, unit));
  // The odd amount (under one unit; float noise when the amount is a multiple) keeps the sum exact.
  const odd = amount - multipleOf(n, unit);
  if (odd !== 0) shares[heaviest] = clean(shares[heaviest] + odd);
  return shares;
}

/**
 * Gives `left` more units, one each, to the parts with the largest remainders; remainders
 * equal within `tie` (1e-9, or the binary noise of large shares) go to the earlier position. The cut remainder (the `left`-th
 * largest) comes from a numeric sort of a copy: O(n log n) on every order of the parts
 * (a quickselect was linear on average but quadratic on orders built against its pivot).
 */
function giveLeftovers(units: Float64Array, rem: Float64Array, left: number, tie: number): void {
  const sorted = rem.slice().sort();
  const cut = sorted[rem.length - left];
  let ties = left;
  for (let k = 0; k < rem.length; k++) {
    if (rem[k] > cut + tie) {
      units[k] += 1;
      ties--;
    }
  }
  for (let k = 0; k < rem.length && ties > 0; k++) {
    if (Math.abs(rem[k] - cut) <= tie) {
      units[k] += 1;
      ties--;
    }
  }
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
