/**
 * Which rows of a quarterly split carry an odd amount, and where it goes: an annual target
 * that is not a whole number of rounding units (975,000 元 in 万元) leaves an amount under one
 * unit (5,000 元) that core `splitTotal` adds to the quarter of largest weight (the earliest of
 * equals). Correct, and baffling unless something says so: the pane's preview explains these
 * rows, the sheet's note names the quarter. Pure; the same arithmetic as core, with its
 * tolerance, so a target a hair off a whole number of units (binary noise) is not "odd".
 */
import { clean, floorTol, multipleOf, nearlyEqual } from "../core/tolerance";
import type { SheetLang } from "./i18n";

/** One row whose annual target is not a whole number of rounding units. */
export interface OddAmount {
  /** 0-based position of the row among the split's names. */
  row: number;
  name: string;
  /** The annual target, as given. */
  annual: number;
  /** The amount under one unit that is left once the whole units are handed out (0 < odd < unit). */
  odd: number;
  /** The quarter that gets it, 1-based (2 is Q2): the one of largest weight, the earliest of equals. */
  quarter: number;
}

/**
 * The rows of a quarterly split whose annual target is not a whole number of `unit`, each
 * with its odd amount and the quarter that gets it. No rows for exact shares (unit 0) or
 * when every weight is 0.
 *
 * @param input - names, annual targets (≥ 0), the four quarter weights and the rounding unit,
 *   all in the same units (元 and a unit of 10,000 for 万元)
 * @returns the odd rows in order (an empty list when every target is a whole number of units)
 * @example oddAmounts({ names: ["Zhang", "Li"], annual: [975000, 1200000], weights: [25, 30, 25, 20], unit: 10000 })
 *   // [{ row: 0, name: "Zhang", annual: 975000, odd: 5000, quarter: 2 }]
 */
export function oddAmounts(input: { names: readonly string[]; annual: readonly number[]; weights: readonly number[]; unit: number }): OddAmount[] {
  const { unit, weights } = input;
  if (!(unit > 0) || !weights.some((w) => w > 0)) return [];
  // The heaviest quarter: the first of the largest weight (core's `heaviest`).
  let heaviest = 0;
  weights.forEach((w, q) => {
    if (w > weights[heaviest]) heaviest = q;
  });
  const out: OddAmount[] = [];
  input.annual.forEach((annual, row) => {
    if (!(annual > 0)) return;
    // Units handed out, as core counts them (a hair under a whole unit counts, binary noise one more).
    let n = floorTol(annual / unit);
    if (multipleOf(n + 1, unit) - annual <= annual * 2 ** -50) n += 1;
    const whole = multipleOf(n, unit);
    if (nearlyEqual(whole, annual)) return;
    out.push({ row, name: input.names[row] ?? "", annual, odd: clean(annual - whole), quarter: heaviest + 1 });
  });
  return out;
}

/**
 * A rounding unit in words: "万元" for 10,000 元, "元" for 1 元, else the number and the
 * currency ("10 元", "0.01 元").
 * @example unitWords(10000, "元") // "万元"
 */
export function unitWords(unit: number, currency = "元"): string {
  if (currency === "元" && unit === 10000) return "万元";
  if (currency === "元" && unit === 100000000) return "亿元";
  if (unit === 1) return currency;
  return `${amountText(unit)} ${currency}`.trim();
}

/** A number as the sentences show it: thousands grouped, no binary noise. */
function amountText(x: number): string {
  return Number(x.toPrecision(15)).toLocaleString("en-US", { maximumFractionDigits: 10 });
}

/**
 * The sentence that explains an odd row, in the pane's language.
 * @param o - the row, from {@link oddAmounts}
 * @param unit - the rounding unit, in the units of `o.annual`
 * @param lang - "en" or "zh"
 * @param currency - the currency the amounts are in (default 元)
 * @example describeOddAmount({ row: 0, name: "Li", annual: 6047500, odd: 7500, quarter: 2 }, 10000, "en")
 *   // "6,047,500 is not a whole number of 万元: the 7,500 goes to Q2."
 * @example describeOddAmount({ row: 0, name: "Li", annual: 6047500, odd: 7500, quarter: 2 }, 10000, "zh")
 *   // "6,047,500 不是万元的整数倍：零头 7,500 计入 Q2。"
 */
export function describeOddAmount(o: OddAmount, unit: number, lang: SheetLang, currency = "元"): string {
  const words = unitWords(unit, currency);
  const q = `Q${o.quarter}`;
  return lang === "zh"
    ? `${amountText(o.annual)} 不是${words}的整数倍：零头 ${amountText(o.odd)} 计入 ${q}。`
    : `${amountText(o.annual)} is not a whole number of ${words}: the ${amountText(o.odd)} goes to ${q}.`;
}
