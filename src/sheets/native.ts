/**
 * Native Excel formulas for the engine's functions — ATTAIN, STATUS, PACE, BAND and
 * COMMISSION, and a scorecard's graded KPIs, role weights and bonus in months of salary — so
 * generated sheets compute what core computes in any spreadsheet, without
 * the add-in. Each builder mirrors its core function operation by operation, with the same
 * 1e-9 tolerance (see `src/core/rule-formula.ts`, which compiles SCORE's rules), and
 * guards a blank input with `IF(cell="","",…)` so a month with no data stays empty and
 * uncoloured.
 *
 * Formulas are in the invariant (en-US) syntax, without "=", with Excel 2003 functions
 * only (IF, AND, OR, MIN, MAX, INT, ABS, SIGN, ISNUMBER, SUMIF, COUNTIF, SUMPRODUCT, INDEX,
 * MATCH):
 * no `_xlfn.` is ever needed, and Excel, LibreOffice and WPS all have them. BAND and
 * COMMISSION read their table from the sheet, so a formula has the same size whatever the
 * number of bands or tiers (Excel takes at most 8,192 characters and 64 nested calls).
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
 * Most characters of one string literal in a formula. A formula's string constant is stored
 * as a PtgStr, whose text is a ShortXLUnicodeString with a one-byte count of characters
 * ([MS-XLS] 2.5.198.95 PtgStr; 2.5.240 ShortXLUnicodeString: "cch (1 byte): An unsigned
 * integer that specifies the count of characters in the string"): at most 255. Excel refuses
 * a longer one ("Text values in formulas are limited to 255 characters").
 */
export const MAX_FORMULA_TEXT = 255;

/**
 * Text as a formula string literal: `"…"` with inner quotes doubled; text longer than
 * {@link MAX_FORMULA_TEXT} characters (UTF-16 units, a surrogate pair never cut) becomes
 * literals of at most that many joined with `&`, which gives the same text.
 * @example formulaText('say "hi"') // '"say ""hi"""'
 * @example formulaText("x".repeat(300)) // '"xxx…(255)"&"xxx…(45)"'
 */
export function formulaText(s: string): string {
  const quote = (t: string): string => `"${t.replace(/"/g, '""')}"`;
  if (s.length <= MAX_FORMULA_TEXT) return quote(s);
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    let end = Math.min(s.length, i + MAX_FORMULA_TEXT);
    // Never end a piece between the two halves of a surrogate pair.
    if (end < s.length && /[\uD800-\uDBFF]/.test(s[end - 1])) end--;
    parts.push(quote(s.slice(i, end)));
    i = end;
  }
  return parts.join("&");
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
 *   or `end`;
 *   `zeroTarget`: text to show for a zero target instead of #DIV/0! (what PACE gives)
 * @returns e.g. `IF(OR(Y6="",$B$2=""),"",IF(INT($B$2)<INT($D$2),"",Y6/AB6/$H$2))`
 * @throws Error when neither `share` nor `end` is given (a builder's mistake)
 * @example paceFormula({ actual: "Y6", target: "AB6", asOf: "$B$2", start: "$D$2", share: "$H$2" })
 *   // 'IF(OR(Y6="",$B$2=""),"",IF(INT($B$2)<INT($D$2),"",Y6/AB6/$H$2))'
 * @example paceFormula({ actual: "Y6", target: "AB6", asOf: "$B$2", start: "$D$2", share: "$H$2", zeroTarget: "–" })
 *   // 'IF(OR(Y6="",$B$2=""),"",IF(INT($B$2)<INT($D$2),"",IF(AB6=0,"–",Y6/AB6/$H$2)))'
 */
export function paceFormula(refs: { actual: string; target: Operand; asOf: string; start: Operand; share?: string; end?: Operand; zeroTarget?: string }): string {
  const a = op(refs.actual);
  const d = op(refs.asOf);
  const s = op(refs.start);
  const t = op(refs.target);
  if (refs.share === undefined && refs.end === undefined) throw new Error("paceFormula needs the share cell or the period's end");
  const share = refs.share !== undefined ? op(refs.share) : periodShareFormula(d, s, refs.end as Operand);
  const pace = `${a}/${t}/${share}`;
  const guarded = refs.zeroTarget === undefined ? pace : `IF(${t}=0,${formulaText(refs.zeroTarget)},${pace})`;
  return `IF(OR(${a}="",${d}=""),"",IF(INT(${d})<INT(${s}),"",${guarded}))`;
}

/**
 * How many thresholds of a table `x` reaches, with the engine's tolerance, as one
 * SUMPRODUCT over the table's threshold cells (a formula of the same size for 3 rows or
 * 300). Reaching t is x ≥ t − 1e-9 × max(1, |x|, |t|); the max of three is split into two
 * comparisons, x ≥ t − 1e-9 × max(1, |x|) or x ≥ t − 1e-9 × |t|, because MAX inside an array
 * formula takes the maximum of the whole array, not of each row. (t − 1e-9 × max(a, b) is the
 * smaller of t − 1e-9 × a and t − 1e-9 × b, rounding included: the two forms agree exactly.)
 * Reaching is monotone in the threshold, so the thresholds reached are always the lowest ones.
 * @param x - the value: a cell or an expression (bracketed here)
 * @param thresholds - the threshold cells, one column (e.g. `$M$4:$M$6`)
 * @returns a numeric formula
 * @example reachedCountFormula("H5", "$M$4:$M$6")
 *   // "SUMPRODUCT(SIGN((H5>=$M$4:$M$6-1E-9*MAX(1,ABS(H5)))+(H5>=$M$4:$M$6-1E-9*ABS($M$4:$M$6))))"
 */
export function reachedCountFormula(x: string, thresholds: string): string {
  const v = op(x);
  return `SUMPRODUCT(SIGN((${v}>=${thresholds}-1E-9*MAX(1,ABS(${v})))+(${v}>=${thresholds}-1E-9*ABS(${thresholds}))))`;
}

/**
 * Where a band table sits for {@link bandFormula}: n thresholds *highest first* (as planners
 * write them), and their n results followed by the result under the lowest band, one
 * column each, so that the k-th highest band's result is row k and "below" is row n + 1.
 */
export interface BandTableRef {
  /** The n threshold cells, highest first (e.g. `$M$4:$M$6`). */
  thresholds: string;
  /** The n result cells and, under them, the cell of the result below the lowest band (e.g. `$N$4:$N$7`). */
  results: string;
  /** n, the number of bands. */
  count: number;
}

/**
 * BAND as a native formula that reads the band table on the sheet: the result of the
 * highest threshold the value reaches (with the tolerance), the "below" result under the
 * lowest; "" for a blank value. Its size does not depend on the number of bands: with k
 * thresholds reached ({@link reachedCountFormula}), the result is row n + 1 − k of the
 * results (row n + 1, "below", when none is reached). The table must stay sorted highest first.
 * @param value - the value's cell (a score)
 * @param table - where the thresholds and results are
 * @returns e.g. `IF(H5="","",INDEX($N$4:$N$7,4-SUMPRODUCT(…)))`
 * @example bandFormula("H5", { thresholds: "$M$4:$M$6", results: "$N$4:$N$7", count: 3 })
 *   // 'IF(H5="","",INDEX($N$4:$N$7,4-SUMPRODUCT(SIGN((H5>=$M$4:$M$6-1E-9*MAX(1,ABS(H5)))+(H5>=$M$4:$M$6-1E-9*ABS($M$4:$M$6))))))'
 */
export function bandFormula(value: string, table: BandTableRef): string {
  const v = op(value);
  return `IF(${v}="","",INDEX(${table.results},${table.count + 1}-${reachedCountFormula(v, table.thresholds)}))`;
}

/**
 * Where a tier table sits for {@link commissionFormula}: n tiers *lowest first* (the first
 * at 0), attainment thresholds in one column and rates in another, row by row.
 */
export interface TierTableRef {
  /** The threshold cells of tiers 1…n, one column (e.g. `$P$4:$P$6`). */
  thresholds: string;
  /** The rate cells of tiers 1…n, one column (e.g. `$Q$4:$Q$6`). */
  rates: string;
  /** n, the number of tiers. */
  count: number;
}

/** Rows `from`…`to` (1-based, within the table) of a one-column range like `$P$4:$P$9`. */
function rowsOf(range: string, from: number, to: number): string {
  const m = /^(\$?[A-Za-z]{1,3}\$?)(\d+)(?::(\$?[A-Za-z]{1,3}\$?)(\d+))?$/.exec(range);
  if (!m) throw new Error(`not a one-column range: ${range}`);
  const top = Number(m[2]);
  const a = `${m[1]}${top + from - 1}`;
  const b = `${m[3] ?? m[1]}${top + to - 1}`;
  return a === b ? a : `${a}:${b}`;
}

/**
 * COMMISSION as a native formula that reads the tier table on the sheet; "" for a blank
 * actual. Its size does not depend on the number of tiers.
 *
 * Marginal (累进): like tax brackets, the slice of the actual A between threshold_k × T and
 * threshold_k+1 × T at rate_k, as the engine adds them: the slices of tiers 1…n−1 in one
 * SUMPRODUCT over the table, `(A>lo)*rate*((A<hi)*A+(A>=hi)*hi-lo)` row by row (lo the
 * row's threshold × T, hi the next row's: `MIN(A,hi)` written so it works cell by cell; each
 * product equals the engine's `rate*(MIN(A,hi)-lo)` exactly), then the top tier's
 * `(A>lo)*rate*(A-lo)`. Whole (全额): `A*rate` of the highest tier whose threshold the
 * attainment A/T reaches: rate row 1 + the number of thresholds of tiers 2…n reached.
 * Then `MIN(cap, …)`. The engine drops binary noise below 15 significant digits from the
 * payout and adds the slices one by one; SUMPRODUCT may add them in another way (LibreOffice
 * compensates rounding), so the two may differ in the 16th digit.
 *
 * @param actual - the actual amount's cell (≥ 0)
 * @param target - the target's cell or a number (> 0)
 * @param table - where the tiers are (sorted by threshold, ascending, the first at 0)
 * @param options - `mode` ("marginal" default, or "whole") and `cap`
 * @returns the formula
 * @example commissionFormula("B2", "C2", { thresholds: "$P$4:$P$5", rates: "$Q$4:$Q$5", count: 2 })
 *   // 'IF(B2="","",SUMPRODUCT((B2>$P$4*C2)*$Q$4*((B2<$P$5*C2)*B2+(B2>=$P$5*C2)*($P$5*C2)-$P$4*C2))+(B2>$P$5*C2)*$Q$5*(B2-$P$5*C2))'
 */
export function commissionFormula(actual: string, target: Operand, table: TierTableRef, options: { mode?: "marginal" | "whole"; cap?: Operand } = {}): string {
  const a = op(actual);
  const t = op(target);
  const n = table.count;
  const top = rowsOf(table.thresholds, n, n);
  const topRate = rowsOf(table.rates, n, n);
  let pay: string;
  if (options.mode === "whole") {
    const rate = n === 1 ? topRate : `INDEX(${table.rates},1+${reachedCountFormula(`${a}/${t}`, rowsOf(table.thresholds, 2, n))})`;
    pay = `${a}*${rate}`;
  } else {
    const last = `(${a}>${top}*${t})*${topRate}*(${a}-${top}*${t})`;
    if (n === 1) pay = last;
    else {
      const lo = `${rowsOf(table.thresholds, 1, n - 1)}*${t}`;
      const hi = `${rowsOf(table.thresholds, 2, n)}*${t}`;
      pay = `SUMPRODUCT((${a}>${lo})*${rowsOf(table.rates, 1, n - 1)}*((${a}<${hi})*${a}+(${a}>=${hi})*(${hi})-${lo}))+${last}`;
    }
  }
  if (options.cap !== undefined) pay = `MIN(${op(options.cap)},${pay})`;
  return `IF(${a}="","",${pay})`;
}

/**
 * Where a grade table sits for {@link gradePointsFormula}: the grades' names and their points,
 * one column each, row by row (best first, as planners list them; the order does not matter).
 */
export interface GradeTableRef {
  /** The grade names (e.g. `$V$5:$V$9`); the list a graded cell's drop-down offers. */
  names: string;
  /** Their points (e.g. `$W$5:$W$9`). */
  points: string;
}

/**
 * A graded KPI's points as a native formula: the picked grade's points from the table on the
 * sheet, × the weight ÷ the table's top points, as core's `scoreGrade` (the product formed before
 * the division, as core forms it); "" for a blank grade. A grade not in the table is `#N/A`
 * (MATCH's answer; the cell's drop-down offers only the table's grades).
 * @param grade - the graded cell
 * @param table - where the grades and their points are
 * @param weight - the weight: a cell, an expression or a number
 * @returns e.g. `IF(B12="","",INDEX($W$5:$W$9,MATCH(B12,$V$5:$V$9,0))*$B$8/MAX($W$5:$W$9))`
 * @example gradePointsFormula("B12", { names: "$V$5:$V$9", points: "$W$5:$W$9" }, "$B$8")
 *   // 'IF(B12="","",INDEX($W$5:$W$9,MATCH(B12,$V$5:$V$9,0))*$B$8/MAX($W$5:$W$9))'
 */
export function gradePointsFormula(grade: string, table: GradeTableRef, weight: Operand): string {
  const g = op(grade);
  return `IF(${g}="","",INDEX(${table.points},MATCH(${g},${table.names},0))*${op(weight)}/MAX(${table.points}))`;
}

/**
 * The weight a person's role gives a KPI, as a native formula: the KPI's default weight when the
 * role cell is blank, else the role's weight from the KPI's row of the role columns, found by the
 * role's name in their header. A role name not in the header is `#N/A` (the role cell's drop-down
 * offers only the header's names).
 * @param role - the person's role cell
 * @param fallback - the KPI's default weight cell
 * @param weights - the KPI's row of the role columns (e.g. `$J$4:$K$4`)
 * @param names - the role columns' header (e.g. `$J$3:$K$3`), the roles' names
 * @returns e.g. `IF(R12="",$B$4,INDEX($J$4:$K$4,1,MATCH(R12,$J$3:$K$3,0)))`
 * @example roleWeightFormula("R12", "$B$4", "$J$4:$K$4", "$J$3:$K$3") // 'IF(R12="",$B$4,INDEX($J$4:$K$4,1,MATCH(R12,$J$3:$K$3,0)))'
 */
export function roleWeightFormula(role: string, fallback: string, weights: string, names: string): string {
  const r = op(role);
  return `IF(${r}="",${op(fallback)},INDEX(${weights},1,MATCH(${r},${names},0)))`;
}

/**
 * A bonus in months of salary as an amount: months × the monthly salary; "" while either is blank.
 * @param months - the months cell (a band's pay-out, or "")
 * @param salary - the monthly salary cell
 * @returns e.g. `IF(OR(X12="",W12=""),"",X12*W12)`
 * @example monthsOfSalaryFormula("X12", "W12") // 'IF(OR(X12="",W12=""),"",X12*W12)'
 */
export function monthsOfSalaryFormula(months: string, salary: string): string {
  const m = op(months);
  const s = op(salary);
  return `IF(OR(${m}="",${s}=""),"",${m}*${s})`;
}
