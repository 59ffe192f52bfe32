/**
 * Selection (quickselect) of the k-th largest value, shared by the solvers: linear in the
 * values on average, deterministic, and it reports the work it did.
 */

/**
 * Reorders `values[0 … len − 1]` so that `values[k]` is the (k + 1)-th largest, with
 * every value before it at least as large and every value after it at most as large
 * (quickselect, median of three, deterministic). Returns the entries it passed over.
 *
 * @example const v = Float64Array.of(3, 9, 1, 7); selectLargest(v, 4, 1); v[1] // 7
 */
export function selectLargest(values: Float64Array, len: number, k: number): number {
  let lo = 0;
  let hi = len - 1;
  let steps = 0;
  while (hi > lo) {
    steps += hi - lo + 1;
    const mid = (lo + hi) >> 1;
    const x = values[lo];
    const y = values[mid];
    const z = values[hi];
    const pivot = x > y ? (y > z ? y : x > z ? z : x) : x > z ? x : y > z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    // lo … j hold values ≥ pivot, i … hi values ≤ pivot, and between them the pivot itself.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return steps;
}
