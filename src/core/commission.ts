import { type Cell, checkNumberCell, checkRange, completePairs, pairRows, sortByThreshold, sortDistinct } from "./band";
import { MAX_CELLS } from "./grid";
import { type Where, fail } from "./errors";
import { clean, nearlyEqual, reaches } from "./tolerance";

/** One commission tier: from attainment `threshold` on, the rate is `rate`. */
export interface Tier {
  /** Attainment from which the tier applies, as a fraction of target (1 = 100 %). */
  threshold: number;
  /** Commission rate as a fraction of the amount (1.5 % = 0.015), ≥ 0. */
  rate: number;
}

/**
 * Tiers as two columns of numbers, sorted by threshold, checked (rates ≥ 0, thresholds
 * distinct, the lowest 0): what {@link readTierTable} gives and {@link commissionOf} reads
 * without checking again (no object per tier, for tables of many rows).
 */
export interface TierTable {
  thresholds: Float64Array;
  rates: Float64Array;
}

/** How tiers apply: like tax brackets (marginal, 累进), or to the whole amount (whole, 全额). */
export type CommissionMode = "marginal" | "whole";

/** Options of {@link commissionOf}. */
export interface CommissionOptions {
  /** "marginal" (default) or "whole". */
  mode?: CommissionMode;
  /** Highest payout, ≥ 0; no cap when undefined. */
  cap?: number;
}

// A Map, not an object literal: "constructor" or "__proto__" must not read as a mode.
const MODES = new Map<string, CommissionMode>([
  ["marginal", "marginal"],
  ["累进", "marginal"],
  ["whole", "whole"],
  ["全额", "whole"],
]);

/**
 * Reads a commission mode word: "marginal" (default when undefined; 累进 also accepted) or
 * "whole" (全额), trimmed and case-insensitive.
 * @param word - the text the user gave, or undefined for the default
 * @returns "marginal" or "whole"
 * @throws PlanError `#VALUE!` (badWord) for any other word, blank text included
 * @example parseCommissionMode(" Whole ") // "whole"
 * @example parseCommissionMode("累进") // "marginal"
 */
export function parseCommissionMode(word: string | undefined): CommissionMode {
  if (word === undefined) return "marginal";
  const m = MODES.get(word.trim().toLowerCase());
  if (!m) fail("badWord", { where: { arg: "mode" }, value: word, allowed: "marginal, whole", allowedZh: "累进、全额" });
  return m;
}

/**
 * Reads COMMISSION's tier table from an Excel range: a two-column block of (attainment
 * threshold, rate) rows in any order; a single row of two cells is one tier.
 *
 * Rows blank in both cells are skipped. Checks run in this order: the shape, every cell a
 * number (reading order), half-blank rows, negative rates, equal thresholds, then the
 * lowest threshold being 0.
 *
 * @param tiers - the block, e.g. [[0, 0.015], [1, 0.02]] (1.5 % up to target, 2 % above)
 * @returns the tiers sorted by threshold, ascending, the first at threshold 0
 * @throws PlanError `#VALUE!` for an empty range or only blank rows (emptyRange), a block
 *   that is not two columns (mustBeTwoColumns), text or TRUE/FALSE (notANumber), a row with
 *   one blank cell (halfBlankRow), two equal thresholds (duplicateThreshold), a lowest
 *   threshold other than 0 (lowestTierNotZero); `#NUM!` for a negative rate (negative) or
 *   more than a million cells (tooLarge). Each message names `tiers` and the 1-based row
 *   and column.
 *
 * @example readTiers([[1, 0.02], [0, 0.015]])
 *   // [{ threshold: 0, rate: 0.015 }, { threshold: 1, rate: 0.02 }]
 */
export function readTiers(tiers: Cell[][]): Tier[] {
  const table = readTierTable(tiers);
  return Array.from(table.thresholds, (threshold, k) => ({ threshold, rate: table.rates[k] }));
}

/**
 * {@link readTiers} as two sorted columns ({@link TierTable}): the same checks in the same
 * order, the same errors.
 *
 * @example readTierTable([[1, 0.02], [0, 0.015]]).rates // Float64Array [0.015, 0.02]
 */
export function readTierTable(tiers: Cell[][]): TierTable {
  const quick = quickTiers(tiers);
  if (quick) return quick;
  checkRange(tiers, "tiers");
  const rows = pairRows(tiers, "tiers", ["rate", "提成比例"]);
  for (const [t, r] of rows) {
    checkNumberCell(t.value, t.where);
    checkNumberCell(r.value, r.where);
  }
  const filled = completePairs(rows);
  return toTable(checkTiers(filled.map(([t, r]) => ({ item: { threshold: t.value as number, rate: r.value as number }, where: t.where }))));
}

/** Sorted, checked tiers as two columns. */
function toTable(tiers: Tier[]): TierTable {
  return { thresholds: Float64Array.from(tiers, (x) => x.threshold), rates: Float64Array.from(tiers, (x) => x.rate) };
}

/**
 * The fast path of {@link readTierTable} for a table that passes every check (two columns
 * of finite numbers, no blank cell, rates ≥ 0, thresholds distinct, the lowest 0): one
 * pass into two typed columns, no object at all. Null for any other table, whose checks
 * then run in their order and say what is wrong.
 */
function quickTiers(block: Cell[][]): TierTable | null {
  const rows = block.length;
  if (rows === 0 || rows * 2 > MAX_CELLS) return null;
  const t = new Float64Array(rows);
  const rates = new Array<number>(rows);
  for (let i = 0; i < rows; i++) {
    const row = block[i];
    if (row.length !== 2) return null;
    const a = row[0];
    const b = row[1];
    if (typeof a !== "number" || typeof b !== "number" || !Number.isFinite(a) || !Number.isFinite(b) || b < 0) return null;
    t[i] = a;
    rates[i] = b;
  }
  const sorted = sortDistinct(t, rates);
  if (!sorted || !nearlyEqual(sorted.thresholds[0], 0)) return null;
  return { thresholds: sorted.thresholds, rates: Float64Array.from(sorted.results) };
}

/** Tiers that pass {@link checkTiers} as they are (sorted, distinct, rates ≥ 0, lowest 0). */
function alreadyChecked(tiers: Tier[]): boolean {
  if (tiers.length === 0 || !nearlyEqual(tiers[0].threshold, 0)) return false;
  for (let k = 0; k < tiers.length; k++) {
    if (!(tiers[k].rate >= 0)) return false;
    if (k > 0 && !(tiers[k].threshold > tiers[k - 1].threshold && !nearlyEqual(tiers[k].threshold, tiers[k - 1].threshold))) return false;
  }
  return true;
}

/**
 * Tiered commission (阶梯提成) on an actual amount.
 *
 * Marginal (累进, the default) works like tax brackets: the part of `actual` between
 * threshold_i × target and threshold_{i+1} × target is paid at rate_i, the part above the
 * highest threshold at the highest rate. Whole (全额): all of `actual` at the rate of the
 * highest tier whose threshold the attainment actual / target reaches (with the tolerance).
 * The payout is then capped at `cap`.
 *
 * Checks run in the contract's order: `actual` and `target` not negative, the tiers
 * (lowest threshold 0, rates ≥ 0, thresholds distinct; as {@link readTiers}, with rows
 * counted in the order given), `cap` not negative; then a blank actual gives ""; then a
 * zero target.
 *
 * @param actual - the amount commission is paid on (collected revenue, 元), ≥ 0, or null
 *   when blank
 * @param target - the target amount, > 0
 * @param tiers - the tiers, in any order; or a {@link TierTable} from {@link readTierTable}
 *   (already checked)
 * @param options - `mode` ("marginal" or "whole") and `cap` (≥ 0)
 * @returns the payout, in the units of `actual`; "" for a blank actual
 * @throws PlanError `#NUM!` for a negative actual, target, rate or cap (negative);
 *   `#VALUE!` for no tiers (emptyRange), equal thresholds (duplicateThreshold) or a lowest
 *   threshold other than 0 (lowestTierNotZero); `#DIV/0!` for a zero target (zeroTarget)
 *
 * @example commissionOf(1300000, 1000000, [{ threshold: 0, rate: 0.015 }, { threshold: 1, rate: 0.02 }])
 *   // 21000 (1000000 × 1.5 % + 300000 × 2 %)
 * @example commissionOf(1300000, 1000000, [{ threshold: 0, rate: 0.015 }, { threshold: 1, rate: 0.02 }], { mode: "whole" })
 *   // 26000 (1300000 × 2 %)
 */
export function commissionOf(actual: number | null, target: number, tiers: Tier[] | TierTable, options: CommissionOptions = {}): number | "" {
  if (actual !== null && actual < 0) fail("negative", { where: { arg: "actual" }, value: actual });
  if (target < 0) fail("negative", { where: { arg: "target" }, value: target });
  const sorted = !Array.isArray(tiers)
    ? tiers
    : toTable(alreadyChecked(tiers) ? tiers : checkTiers(tiers.map((item, k) => ({ item, where: { arg: "tiers", row: k + 1, col: 1 } }))));
  const cap = options.cap;
  if (cap !== undefined && cap < 0) fail("negative", { where: { arg: "cap" }, value: cap });
  if (actual === null) return "";
  if (target === 0) fail("zeroTarget", { where: { arg: "target" } });

  // Binary noise is dropped before capping, so a capped payout is the cap exactly.
  const pay = clean(options.mode === "whole" ? wholePay(actual, target, sorted) : marginalPay(actual, target, sorted));
  return cap !== undefined && pay > cap ? cap : pay;
}

/** Like tax brackets: each slice of the actual at its tier's rate. Tiers sorted, first at 0. */
function marginalPay(actual: number, target: number, { thresholds, rates }: TierTable): number {
  let pay = 0;
  for (let k = 0; k < thresholds.length; k++) {
    // The lowest tier starts at 0 even when its threshold is a hair off 0.
    const lo = k === 0 ? 0 : thresholds[k] * target;
    if (actual <= lo) break;
    const hi = k + 1 < thresholds.length ? thresholds[k + 1] * target : Infinity;
    pay += rates[k] * (Math.min(actual, hi) - lo);
  }
  return pay;
}

/** All of the actual at the rate of the highest tier its attainment reaches. Tiers sorted. */
function wholePay(actual: number, target: number, { thresholds, rates }: TierTable): number {
  const a = actual / target;
  let rate = rates[0];
  for (let k = 1; k < thresholds.length && reaches(a, thresholds[k]); k++) rate = rates[k];
  return actual * rate;
}

/**
 * The checks on tiers shared by {@link readTiers} and {@link commissionOf}: rates ≥ 0,
 * distinct thresholds, lowest threshold 0 (within the tolerance). Returns them sorted.
 */
function checkTiers(items: { item: Tier; where: Where }[]): Tier[] {
  if (items.length === 0) fail("emptyRange", { where: { arg: "tiers" } });
  for (const { item, where } of items) {
    if (item.rate < 0) fail("negative", { where: { ...where, col: 2 }, value: item.rate });
  }
  const sorted = sortByThreshold(items);
  const lowest = sorted[0];
  if (!nearlyEqual(lowest.item.threshold, 0)) {
    fail("lowestTierNotZero", { where: lowest.where, value: lowest.item.threshold });
  }
  return sorted.map((x) => x.item);
}
