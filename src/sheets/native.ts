/**
 * Native Excel formulas for the engine's functions — ATTAIN, STATUS, PACE, BAND and
 * COMMISSION — so generated sheets compute what core computes in any spreadsheet, without
 * the add-in. Each builder mirrors its core function operation by operation, with the same
 * 1e-9 tolerance (see `src/core/rule-formula.ts`, which compiles SCORE's rules), and
 * guards a blank input with `IF(cell="","",…)` so a month with no data stays empty and
 * uncoloured.
 *
 * Formulas are in the invariant (en-US) syntax, without "=", with Excel 2003 functions
 * only (IF, AND, OR, MIN, MAX, INT, ABS, ISNUMBER, SUMIF, COUNTIF): no `_xlfn.` is ever
 * needed.
 */
import type { Direction } from "../core/attainment";
import { attainmentFormula, formulaNumber, reachesFormula } from "../core/rule-formula";

export { attainmentFormula, compileRuleFormula, formulaNumber, reachesFormula } from "../core/rule-formula";

/** A reference (`B5`, `$C$2`), an expression, or a number to write into the formula. */
export type Operand = string | number;

/** An operand as formula text: numbers as literals, expressions bracketed unless plain. */
function op(x: Operand): string {
  if (typeof x === "number") return formulaNumber(x);
  const s = x.trim();
  return /^(?:\$?[A-Za-z]{1,3}\$?\d+|\d+(?:\.\d+)?(?:E[+-]?\d+)?)$/i.test(s) ? s : `(${s})`;
}

/**
 * Text as a formula string literal: `"…"` with inner quotes doubled.
 * @example formulaText('say "hi"') // '"say ""hi"""'
 */
export function formulaText(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * ATTAIN as a native formula: "" for a blank actual, else the attainment for the direction.
 * @param actual - the actual's cell
 * @param target - the target's cell or a number
 * @param direction - "higher" (default) or "lower"
 * @returns e.g. `IF(G6="","",G6/F6)`
 * @example attainFormula("G6", "F6", "lower") // 'IF(G6="","",IF(F6=0,IF(G6<=0,1,0),2-G6/F6))'
 */
export function attainFormula(actual: string, target: Operand, direction: Direction = "higher"): string {
  const a = op(actual);
  return `IF(${a}="","",${attainmentFormula(a, op(target), direction)})`;
}

/** The words a status cell shows, in the sheet's language (what STATUS returns, translated). */
export const STATUS_WORDS: Record<"en" | "zh", Record<"green" | "yellow" | "red", string>> = {
  en: { green: "green", yellow: "yellow", red: "red" },
  zh: { green: "绿", yellow: "黄", red: "红" },
};

/**
 * STATUS from an attainment cell: "" when it is blank, else green from `greenAt`, yellow from
 * `yellowAt`, red below, every comparison with the engine's tolerance.
 * @param attainment - the attainment's cell (a fraction, or "")
 * @param greenAt - the green line: a cell or a number
 * @param yellowAt - the yellow line: a cell or a number
 * @param words - what to show for each colour (default English)
 * @returns e.g. `IF(N6="","",IF(N6>=$D6-1E-9*MAX(1,ABS(N6),ABS($D6)),"green",IF(…,"yellow","red")))`
 * @example statusFormula("N6", 1, 0.9) // 'IF(N6="","",IF(N6>=1-1E-9*MAX(1,ABS(N6),ABS(1)),"green",IF(N6>=0.9-1E-9*MAX(1,ABS(N6),ABS(0.9)),"yellow","red")))'
 */
export function statusFormula(attainment: string, greenAt: Operand, yellowAt: Operand, words = STATUS_WORDS.en): string {
  const a = op(attainment);
  return (
    `IF(${a}="","",IF(${reachesFormula(a, op(greenAt))},${formulaText(words.green)},` +
    `IF(${reachesFormula(a, op(yellowAt))},${formulaText(words.yellow)},${formulaText(words.red)})))`
  );
}

/**
 * The share of a period gone (periodShare): (INT(asOf) − INT(start) + 1) / (INT(end) −
 * INT(start) + 1), clamped to [0, 1].
 * @param asOf - the as-of date's cell
 * @param start - the period's first day: a cell or an Excel serial
 * @param end - the period's last day: a cell or an Excel serial
 * @returns e.g. `MIN(1,MAX(0,(INT($B$2)-INT($D$2)+1)/(INT($F$2)-INT($D$2)+1)))`
 * @example periodShareFormula("B2", 45292, 45657) // "MIN(1,MAX(0,(INT(B2)-INT(45292)+1)/(INT(45657)-INT(45292)+1)))"
 */
export function periodShareFormula(asOf: string, start: Operand, end: Operand): string {
  const d = op(asOf);
  const s = op(start);
  const e = op(end);
  return `MIN(1,MAX(0,(INT(${d})-INT(${s})+1)/(INT(${e})-INT(${s})+1)))`;
}

/**
 * PACE as a native formula: (actual / target) / share of the period gone; "" for a blank
 * actual or as-of date, or an as-of date before the period starts.
 * @param refs - `actual`, `target` (cells or numbers), `asOf`, `start` and either `share`
 *   (a cell holding {@link periodShareFormula}, so a sheet of 5,000 rows computes it once)
 *   or `end`
 * @returns e.g. `IF(OR(Y6="",$B$2=""),"",IF(INT($B$2)<INT($D$2),"",Y6/AB6/$H$2))`
 * @throws Error when neither `share` nor `end` is given (a builder's mistake)
 * @example paceFormula({ actual: "Y6", target: "AB6", asOf: "$B$2", start: "$D$2", share: "$H$2" })
 *   // 'IF(OR(Y6="",$B$2=""),"",IF(INT($B$2)<INT($D$2),"",Y6/AB6/$H$2))'
 */
export function paceFormula(refs: { actual: string; target: Operand; asOf: string; start: Operand; share?: string; end?: Operand }): string {
  const a = op(refs.actual);
  const d = op(refs.asOf);
  const s = op(refs.start);
  if (refs.share === undefined && refs.end === undefined) throw new Error("paceFormula needs the share cell or the period's end");
  const share = refs.share !== undefined ? op(refs.share) : periodShareFormula(d, s, refs.end as Operand);
  return `IF(OR(${a}="",${d}=""),"",IF(INT(${d})<INT(${s}),"",${a}/${op(refs.target)}/${share}))`;
}

/** One row of a band table for {@link bandFormula}: threshold and result (cells or constants). */
export interface BandRef {
  threshold: Operand;
  /** A number, a cell, or `{ text }` for a text result. */
  result: Operand | { text: string };
}

/**
 * BAND as a native formula: the result of the highest threshold the value reaches (with the
 * tolerance), `below` under the lowest; "" for a blank value.
 * @param value - the value's cell (a score)
 * @param bands - the bands sorted by threshold, ascending (as readBands returns them)
 * @param below - the result under the lowest threshold (default 0)
 * @returns nested IFs from the highest band down
 * @example bandFormula("H5", [{ threshold: 70, result: 0.8 }, { threshold: 80, result: 1 }, { threshold: 90, result: 1.2 }])
 *   // 'IF(H5="","",IF(H5>=90-1E-9*MAX(1,ABS(H5),ABS(90)),1.2,IF(H5>=80-…,1,IF(H5>=70-…,0.8,0))))'
 */
export function bandFormula(value: string, bands: readonly BandRef[], below: Operand | { text: string } = 0): string {
  const v = op(value);
  const res = (r: Operand | { text: string }): string => (typeof r === "object" ? formulaText(r.text) : op(r));
  let f = res(below);
  for (const b of bands) f = `IF(${reachesFormula(v, op(b.threshold))},${res(b.result)},${f})`;
  return `IF(${v}="","",${f})`;
}

/** One commission tier for {@link commissionFormula}: attainment threshold and rate (cells or constants). */
export interface TierRef {
  threshold: Operand;
  rate: Operand;
}

/**
 * COMMISSION as a native formula; "" for a blank actual.
 *
 * Marginal (累进): like tax brackets, the slice of the actual between threshold_k × target
 * and threshold_k+1 × target at rate_k, summed in tier order as the engine sums it:
 * `r0*MIN(A,t1*T)+IF(A>t1*T,r1*(MIN(A,t2*T)-t1*T),0)+…+IF(A>tn*T,rn*(A-tn*T),0)`.
 * Whole (全额): `A*rate` of the highest tier whose threshold the attainment A/T reaches.
 * Then `MIN(cap, …)`. The engine drops binary noise below 15 significant digits from the
 * payout; the formula does not, so the two may differ in the 16th digit.
 *
 * @param actual - the actual amount's cell (≥ 0)
 * @param target - the target's cell or a number (> 0)
 * @param tiers - tiers sorted by threshold, ascending, the first at 0 (as readTiers returns them)
 * @param options - `mode` ("marginal" default, or "whole") and `cap`
 * @returns the formula
 * @example commissionFormula("B2", "C2", [{ threshold: 0, rate: 0.015 }, { threshold: 1, rate: 0.02 }])
 *   // 'IF(B2="","",0.015*MIN(B2,1*C2)+IF(B2>1*C2,0.02*(B2-1*C2),0))'
 */
export function commissionFormula(actual: string, target: Operand, tiers: readonly TierRef[], options: { mode?: "marginal" | "whole"; cap?: Operand } = {}): string {
  const a = op(actual);
  const t = op(target);
  const lo = (k: number): string => `${op(tiers[k].threshold)}*${t}`;
  let pay: string;
  if (options.mode === "whole") {
    let rate = op(tiers[0].rate);
    for (let k = 1; k < tiers.length; k++) rate = `IF(${reachesFormula(`${a}/${t}`, op(tiers[k].threshold))},${op(tiers[k].rate)},${rate})`;
    pay = `${a}*${tiers.length > 1 ? rate : op(tiers[0].rate)}`;
  } else {
    const slice = (k: number): string => {
      const hi = k + 1 < tiers.length ? `MIN(${a},${lo(k + 1)})` : a;
      return k === 0 ? `${op(tiers[0].rate)}*${hi === a ? a : hi}` : `IF(${a}>${lo(k)},${op(tiers[k].rate)}*(${hi}-${lo(k)}),0)`;
    };
    pay = tiers.map((_, k) => slice(k)).join("+");
  }
  if (options.cap !== undefined) pay = `MIN(${op(options.cap)},${pay})`;
  return `IF(${a}="","",${pay})`;
}
