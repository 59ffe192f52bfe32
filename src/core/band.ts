import { type Where, fail } from "./errors";
import { type Cell, MAX_CELLS, checkSize, isBlank, shapeOf } from "./grid";
import { nearlyEqual, reaches } from "./tolerance";

export type { Cell };

/** One step of a step lookup: from `threshold` on, the result is `result`. */
export interface Band {
  /** The value from which this band applies. */
  threshold: number;
  /** What the band gives: a number (120 % = 1.2) or text ("A", "优秀"). */
  result: number | string;
}

/** A cell together with where it sits, for messages. */
export interface PlacedCell {
  value: Cell;
  where: Where;
}

/** A row of a two-column table, or a threshold with its result: two placed cells. */
export type CellPair = [PlacedCell, PlacedCell];

/**
 * Checks that a range argument has at least one cell and at most a million.
 * @param block - the range, rows of cells
 * @param arg - the argument's name, for the message
 * @throws PlanError `#VALUE!` (emptyRange) for no cells; `#NUM!` (tooLarge) for too many
 * @example checkRange([[1, 2]], "tiers") // passes
 */
export function checkRange(block: readonly (readonly Cell[])[], arg: string): void {
  if (block.length === 0 || block[0].length === 0) fail("emptyRange", { where: { arg } });
  checkSize(block, arg);
}

/**
 * Checks that a cell is blank or a finite number; text (even "100") and TRUE/FALSE are not.
 * @param c - the cell
 * @param where - where it sits, for the message
 * @throws PlanError `#VALUE!` (notANumber) naming the position
 * @example checkNumberCell("n/a", { arg: "tiers", row: 2, col: 1 })
 *   // throws "tiers, row 2, column 1: 'n/a' is not a number"
 */
export function checkNumberCell(c: Cell, where: Where): void {
  if (isBlank(c) || (typeof c === "number" && Number.isFinite(c))) return;
  fail("notANumber", { where, value: showCell(c) });
}

/**
 * The rows of a two-column block (threshold, `second`) as pairs of placed cells.
 * @param block - the range; it must be exactly two columns wide
 * @param arg - the argument's name, for messages
 * @param second - the second column's name in English and Chinese, for the message
 * @returns one pair per row, in order, blanks included
 * @throws PlanError `#VALUE!` (mustBeTwoColumns) for any other width
 * @example pairRows([[0, 0.015], [1, 0.02]], "tiers", ["rate", "提成比例"]).length // 2
 */
export function pairRows(block: Cell[][], arg: string, second: [string, string]): CellPair[] {
  if (block[0].length !== 2) {
    fail("mustBeTwoColumns", { where: { arg }, second: second[0], secondZh: second[1], got: shapeOf(block) });
  }
  return block.map((row, i) => [
    { value: row[0], where: { arg, row: i + 1, col: 1 } },
    { value: row[1], where: { arg, row: i + 1, col: 2 } },
  ]);
}

/**
 * Drops the pairs that are blank in both cells; a pair with exactly one blank cell is an
 * error naming that blank cell.
 * @param pairs - the pairs, in reading order
 * @returns the pairs with both cells filled, in the same order
 * @throws PlanError `#VALUE!` (halfBlankRow) at the first half-blank pair
 * @example completePairs([[{ value: 1, where: { arg: "tiers", row: 1 } }, { value: null, where: { arg: "tiers", row: 1 } }]])
 *   // throws "tiers, row 1: one cell of the pair is blank"
 */
export function completePairs(pairs: CellPair[]): CellPair[] {
  const out: CellPair[] = [];
  for (const pair of pairs) {
    const [a, b] = pair;
    const blankA = isBlank(a.value);
    const blankB = isBlank(b.value);
    if (blankA && blankB) continue;
    if (blankA || blankB) fail("halfBlankRow", { where: blankA ? a.where : b.where });
    out.push(pair);
  }
  return out;
}

/**
 * Sorts items by threshold, ascending, and rejects two thresholds that are equal (within
 * the tolerance).
 * @param items - the items, in reading order, each with where its threshold sits
 * @returns the items, sorted by threshold (a new array)
 * @throws PlanError `#VALUE!` (duplicateThreshold) naming the repeat that comes first in
 *   reading order
 * @example sortByThreshold([{ item: { threshold: 2 }, where: { arg: "t" } }, { item: { threshold: 1 }, where: { arg: "t" } }])
 *   // [{ item: { threshold: 1 }, … }, { item: { threshold: 2 }, … }]
 */
export function sortByThreshold<T extends { threshold: number }>(items: { item: T; where: Where }[]): { item: T; where: Where }[] {
  const order = items.map((_, k) => k);
  order.sort((a, b) => items[a].item.threshold - items[b].item.threshold || a - b);
  let repeat = -1;
  for (let k = 1; k < order.length; k++) {
    const p = order[k - 1];
    const q = order[k];
    if (nearlyEqual(items[p].item.threshold, items[q].item.threshold)) {
      const later = Math.max(p, q);
      if (repeat < 0 || later < repeat) repeat = later;
    }
  }
  if (repeat >= 0) {
    fail("duplicateThreshold", { where: items[repeat].where, value: items[repeat].item.threshold });
  }
  return order.map((k) => items[k]);
}

/** A cell's value as the message quotes it: TRUE/FALSE as Excel writes them. */
function showCell(c: Cell): string {
  return typeof c === "boolean" ? (c ? "TRUE" : "FALSE") : String(c);
}

/** Checks a result cell: blank, a finite number or text; TRUE/FALSE are not results. */
function checkResultCell(c: Cell, where: Where): void {
  if (typeof c === "boolean" || (typeof c === "number" && !Number.isFinite(c))) {
    fail("notANumber", { where, value: showCell(c) });
  }
}

/** The cells of a row or a column, in order, with their positions. */
function lineCells(block: Cell[][], arg: string): PlacedCell[] {
  if (block.length !== 1 && block[0].length !== 1) fail("mustBeLine", { where: { arg }, got: shapeOf(block) });
  const out: PlacedCell[] = [];
  block.forEach((row, i) => row.forEach((value, j) => out.push({ value, where: { arg, row: i + 1, col: j + 1 } })));
  return out;
}

/**
 * Reads BAND's table of bands from Excel ranges.
 *
 * Two layouts:
 * - `results` given: `thresholds` and `results` are each one row or one column (a 1 × 1
 *   range is one cell) with the same number of cells; the k-th threshold pairs with the
 *   k-th result, whatever the two orientations.
 * - `results` omitted (undefined): `thresholds` is a two-column block of (threshold,
 *   result) rows; a single row of two cells is one pair. A one-dimensional range of any
 *   other width is not guessed at (a row of four is not two pairs): it must be two columns.
 *
 * Thresholds are numbers in any order; results are numbers or text. Pairs blank in both
 * cells are skipped. Checks run in argument order: the shape and cells of `thresholds`,
 * then of `results`, then the two lengths, then half-blank pairs, then equal thresholds.
 *
 * @param thresholds - a row or column of thresholds, or a two-column (threshold, result) block
 * @param results - a row or column of results, or undefined when omitted
 * @returns the bands sorted by threshold, ascending
 * @throws PlanError `#VALUE!` for an empty range (emptyRange; also when every pair is
 *   blank), a block where a row or column is needed (mustBeLine), a block that is not two
 *   columns with results omitted (mustBeTwoColumns), text or TRUE/FALSE as a threshold and
 *   TRUE/FALSE as a result (notANumber), lengths that differ (lengthMismatch), a pair with
 *   one blank cell (halfBlankRow), two equal thresholds (duplicateThreshold); `#NUM!`
 *   (tooLarge) for more than a million cells. Each message names the argument and the
 *   1-based row and column.
 *
 * @example readBands([[90, 80, 70]], [[1.2, 1.0, 0.8]])
 *   // [{ threshold: 70, result: 0.8 }, { threshold: 80, result: 1 }, { threshold: 90, result: 1.2 }]
 * @example readBands([[60, "C"], [80, "B"]], undefined)
 *   // [{ threshold: 60, result: "C" }, { threshold: 80, result: "B" }]
 */
export function readBands(thresholds: Cell[][], results: Cell[][] | undefined): Band[] {
  const quick = quickBandTable(thresholds, results);
  if (!quick) return bandsFromPairs(bandPairs(thresholds, results));
  return Array.from(quick.thresholds, (threshold, k) => ({ threshold, result: quick.results[k] }));
}

/** A table of bands read in one pass (see {@link quickBandTable}): thresholds ascending. */
export interface BandTable {
  thresholds: Float64Array;
  /** The result of each threshold, in the same order. */
  results: (number | string)[];
}

/**
 * The fast path of {@link readBands} for a table that passes every check: every threshold
 * a finite number, every result a finite number or text, no blank cell, the thresholds
 * distinct. Read in one pass with no object per cell (a sorted or reverse-sorted table is
 * not sorted again). Null for any other table: the caller then runs the checks in their
 * order ({@link bandPairs}, {@link bandsFromPairs}), which say what is wrong.
 * @param thresholds - as {@link readBands}
 * @param results - as {@link readBands}
 * @returns the table, or null when some check would fail (or a blank pair would be skipped)
 * @example quickBandTable([[90, 80, 70]], [[1.2, 1.0, 0.8]])?.thresholds // Float64Array [70, 80, 90]
 * @example quickBandTable([[90, 90]], [[1, 2]]) // null (equal thresholds: the checks say so)
 */
export function quickBandTable(thresholds: Cell[][], results: Cell[][] | undefined): BandTable | null {
  const rows = thresholds.length;
  if (rows === 0) return null;
  const width = thresholds[0].length;
  if (width === 0 || rows * width > MAX_CELLS) return null;
  for (let i = 0; i < rows; i++) if (thresholds[i].length !== width) return null;
  let count: number;
  let t: Float64Array;
  let r: (number | string)[];
  if (results === undefined) {
    if (width !== 2) return null;
    count = rows;
    t = new Float64Array(count);
    r = new Array<number | string>(count);
    for (let i = 0; i < rows; i++) {
      const a = thresholds[i][0];
      const b = thresholds[i][1];
      if (typeof a !== "number" || !Number.isFinite(a) || !plainResult(b)) return null;
      t[i] = a;
      r[i] = b;
    }
  } else {
    if (rows !== 1 && width !== 1) return null;
    count = rows * width;
    const rRows = results.length;
    if (rRows === 0 || results[0].length === 0 || rRows * results[0].length !== count) return null;
    if (rRows !== 1 && results[0].length !== 1) return null;
    for (let i = 0; i < rRows; i++) if (results[i].length !== results[0].length) return null;
    t = new Float64Array(count);
    r = new Array<number | string>(count);
    for (let k = 0; k < count; k++) {
      const a = rows === 1 ? thresholds[0][k] : thresholds[k][0];
      const b = rRows === 1 ? results[0][k] : results[k][0];
      if (typeof a !== "number" || !Number.isFinite(a) || !plainResult(b)) return null;
      t[k] = a;
      r[k] = b;
    }
  }
  return sortDistinct(t, r);
}

/** A result the quick path takes: a finite number or non-blank text. */
function plainResult(c: Cell): c is number | string {
  return typeof c === "string" ? c !== "" : typeof c === "number" && Number.isFinite(c);
}

/**
 * Sorts thresholds ascending, carrying `extra` along; null when two are equal within the
 * tolerance. Ascending or descending input is not sorted again.
 * @example sortDistinct(Float64Array.of(3, 1), ["c", "a"])?.results // ["a", "c"]
 */
export function sortDistinct<T>(t: Float64Array, extra: T[]): { thresholds: Float64Array; results: T[] } | null {
  const count = t.length;
  let ascending = true;
  let descending = true;
  for (let k = 1; k < count && (ascending || descending); k++) {
    if (!(t[k] > t[k - 1])) ascending = false;
    if (!(t[k] < t[k - 1])) descending = false;
  }
  if (!ascending) {
    if (descending) {
      t.reverse();
      extra.reverse();
    } else {
      // A radix sort of the thresholds' bits carrying their places (no comparator, no
      // object per row), then each result moved along with its threshold.
      const order = ascendingOrder(t);
      const sorted = new Float64Array(count);
      for (let k = 0; k < count; k++) sorted[k] = t[order[k]];
      for (let k = 1; k < count; k++) if (nearlyEqual(sorted[k - 1], sorted[k])) return null;
      const moved = new Array<T>(count);
      for (let k = 0; k < count; k++) moved[k] = extra[order[k]];
      return { thresholds: sorted, results: moved };
    }
  }
  for (let k = 1; k < count; k++) if (nearlyEqual(t[k - 1], t[k])) return null;
  return { thresholds: t, results: extra };
}

/** True where typed arrays store the low word of a double first (every engine Excel runs). */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The places of `values` in ascending order (stable: equal values keep their order), by a
 * radix sort of each double's bits made orderable as two unsigned words: six passes of 11
 * bits, a pass skipped when every value has the same digit. Linear in the values.
 * @example Array.from(ascendingOrder(Float64Array.of(3, -1, 2))) // [1, 2, 0]
 */
export function ascendingOrder(values: Float64Array): Int32Array {
  const count = values.length;
  const words = new Uint32Array(Float64Array.from(values).buffer);
  const loAt = LITTLE_ENDIAN ? 0 : 1;
  const lo = new Uint32Array(count);
  const hi = new Uint32Array(count);
  for (let k = 0; k < count; k++) {
    const h = words[2 * k + 1 - loAt];
    const l = words[2 * k + loAt];
    // Negative numbers: every bit flipped (larger magnitude, smaller); others: the sign bit set.
    if (h & 0x80000000) {
      hi[k] = ~h >>> 0;
      lo[k] = ~l >>> 0;
    } else {
      hi[k] = (h | 0x80000000) >>> 0;
      lo[k] = l;
    }
  }
  let order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  let next = new Int32Array(count);
  const counts = new Int32Array(2048);
  for (const word of [lo, hi]) {
    for (const shift of [0, 11, 22]) {
      counts.fill(0);
      for (let k = 0; k < count; k++) counts[(word[k] >>> shift) & 2047]++;
      if (counts[(word[0] >>> shift) & 2047] === count) continue;
      for (let d = 0, at = 0; d < 2048; d++) {
        const c = counts[d];
        counts[d] = at;
        at += c;
      }
      for (let k = 0; k < count; k++) {
        const p = order[k];
        next[counts[(word[p] >>> shift) & 2047]++] = p;
      }
      const swap = order;
      order = next;
      next = swap;
    }
  }
  return order;
}

/**
 * {@link bandLookup} on a {@link BandTable}: the result of the highest threshold `value`
 * reaches (with the tolerance), `below` when none, "" for a blank value. Allocates nothing;
 * a binary search over the sorted thresholds.
 * @example lookupBand(quickBandTable([[60, "C"], [80, "B"]], undefined)!, 85, 0) // "B"
 */
export function lookupBand(table: BandTable, value: number | null, below: number | string = 0): number | string | "" {
  if (value === null) return "";
  // Whether a threshold is reached is monotone in the threshold (t − 1e-9 × max(1, |x|, |t|)
  // only grows with t, rounding included): a binary search finds the highest one reached.
  const t = table.thresholds;
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reaches(value, t[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? table.results[lo - 1] : below;
}

/**
 * The first half of {@link readBands}: each range's own checks, in argument order, and the
 * (threshold, result) pairs. `thresholds` first: its shape, its cells, and (with `results`
 * given) equal thresholds among its filled cells; the two-column layout is checked whole.
 * Then `results`: its shape, its cells, its length. The checks across the two (half-blank
 * pairs) are {@link bandsFromPairs}'s, so that BAND can check `below` in between.
 * @param thresholds - as {@link readBands}
 * @param results - as {@link readBands}
 * @returns the pairs in reading order, blanks included
 * @throws PlanError as {@link readBands}, except half-blank pairs when `results` is given
 * @example bandPairs([[90, 80]], [[1.2, 1]]).length // 2
 */
export function bandPairs(thresholds: Cell[][], results: Cell[][] | undefined): CellPair[] {
  checkRange(thresholds, "thresholds");
  if (results === undefined) {
    const pairs = pairRows(thresholds, "thresholds", ["result", "结果"]);
    for (const [t, r] of pairs) {
      checkNumberCell(t.value, t.where);
      checkResultCell(r.value, r.where);
    }
    bandsFromPairs(pairs); // in this layout, half-blank rows and equal thresholds are the argument's own
    return pairs;
  }
  const ts = lineCells(thresholds, "thresholds");
  for (const t of ts) checkNumberCell(t.value, t.where);
  sortByThreshold(ts.filter((t) => !isBlank(t.value)).map((t) => ({ item: { threshold: t.value as number }, where: t.where })));
  checkRange(results, "results");
  const rs = lineCells(results, "results");
  for (const r of rs) checkResultCell(r.value, r.where);
  if (rs.length !== ts.length) {
    fail("lengthMismatch", { where: { arg: "results" }, got: rs.length, other: "thresholds", want: ts.length });
  }
  return ts.map((t, k): CellPair => [t, rs[k]]);
}

/**
 * The second half of {@link readBands}: the checks across thresholds and results (half-blank
 * pairs, no pair at all, equal thresholds) and the bands, sorted.
 * @param pairs - as {@link bandPairs} returns them
 * @returns the bands sorted by threshold, ascending
 * @throws PlanError `#VALUE!` (halfBlankRow, emptyRange, duplicateThreshold)
 * @example bandsFromPairs(bandPairs([[90, 80]], [[1.2, 1]])) // [{ threshold: 80, result: 1 }, { threshold: 90, result: 1.2 }]
 */
export function bandsFromPairs(pairs: CellPair[]): Band[] {
  const filled = completePairs(pairs);
  if (filled.length === 0) fail("emptyRange", { where: { arg: "thresholds" } });
  const items = filled.map(([t, r]) => ({
    item: { threshold: t.value as number, result: r.value as number | string },
    where: t.where,
  }));
  return sortByThreshold(items).map((x) => x.item);
}

/**
 * Step lookup (BAND): the result of the highest threshold that `value` reaches (value ≥
 * threshold, with the tolerance), or `below` when it reaches none.
 *
 * The bands may be in any order (as {@link readBands} returns them or not). The function
 * allocates nothing.
 *
 * @param value - the value to look up (a score, an attainment), or null when blank
 * @param bands - the bands; thresholds should differ (as {@link readBands} ensures)
 * @param below - the result under the lowest threshold (default 0)
 * @returns the band's result, `below`, or "" for a blank value
 *
 * @example bandLookup(85, [{ threshold: 90, result: 1.2 }, { threshold: 80, result: 1 }, { threshold: 70, result: 0.8 }]) // 1
 * @example bandLookup(65, [{ threshold: 70, result: 0.8 }]) // 0
 * @example bandLookup(0.18 / 0.2, [{ threshold: 0.9, result: "B" }], "C") // "B"
 */
export function bandLookup(value: number | null, bands: Band[], below: number | string = 0): number | string | "" {
  if (value === null) return "";
  let best = -1;
  for (let k = 0; k < bands.length; k++) {
    const t = bands[k].threshold;
    if (reaches(value, t) && (best < 0 || t > bands[best].threshold)) best = k;
  }
  return best < 0 ? below : bands[best].result;
}
