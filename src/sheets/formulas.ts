/**
 * A1 helpers and the native Excel formulas that reproduce core's splits cell by cell.
 *
 * Functions used (all in Excel 2007 or older, so no `_xlfn.` prefix is ever needed):
 * ABS, AND, COUNTIF, IF, INDEX (live variants only), INT, LARGE, MATCH, MAX, MIN, ROUND, SUM, SUMPRODUCT.
 *
 * The largest-remainder formulas ({@link largestRemainderFormulas}) follow core
 * `splitTotal` step by step, with its tolerance, so LibreOffice and Excel give the engine's
 * numbers to the unit:
 *
 * | step | core (`split.ts`) | native |
 * |---|---|---|
 * | units to hand out | n = floorTol(A / U), plus one when (n + 1)·U − A ≤ total·2⁻⁵⁰ (binary noise) | n0 = `INT(A/U+MIN(1E-9*MAX(1,A/U),1E-4))` (A ≥ 0); n = `n0+((n0+1)*U-A<=T*2^-50)` |
 * | free weights | wsum = Σ free w | `SUMPRODUCT(w*(h<=0))` (or `SUM(w)` with nothing held) |
 * | exact units | q = n·w / wsum | `IF(n=0,0,n*w/W)` |
 * | whole units | base = min(floorTol(q), n) | `MIN(INT(q+MIN(1E-9*MAX(1,q),1E-4)),n)` |
 * | remainder | rem = max(0, q − base) | `MAX(0,q-base)`; a held part −1E+300 (never chosen, never tied) |
 * | left over | n − Σ base | `n-SUM(base…)` |
 * | cut | the left-th largest remainder | `IF(left>0,LARGE(rem…,left),0)` |
 * | tie | max(1e-9, largest q · 2⁻⁴⁸) (the binary noise of large shares) | `MAX(1E-9,MAX(q…)*2^-48)`; hi = `cut+tie` |
 * | slots for ties | left − #(rem > cut + tie) | `left-((rem1>hi)+(rem2>hi)+…)` (SUMPRODUCT beyond 12 parts) |
 * | running tie count | — | ties_i = ties_(i−1) + `(ABS(rem-cut)<=tie)` |
 * | +1 | rem > cut + tie; else \|rem − cut\| ≤ tie, earliest first, while slots last | `IF(left>0,(rem>hi)+(ABS(rem-cut)<=tie)*(ties<=slots),0)` |
 * | odd amount | A − n·U to the first free part of largest weight | odd = `A-n*U`; `+(heaviest=i)*odd`, heaviest = `MATCH(MAX(w…),w…,0)` (effective weights, −1 when held) |
 *
 * Every reference a formula makes lies in its own block (a row of 4 or 12 parts, or one
 * split's members), so no formula scans a whole column.
 */

/** 0-based column index → letters: 0 → "A", 26 → "AA". */
export function colLetter(col: number): string {
  let s = "";
  let n = col + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Letters → 0-based column index: "A" → 0, "AA" → 26. */
export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * A cell address from 0-based row and column.
 * @example cellA1(1, 2) // "C2"
 * @example cellA1(1, 2, { row: true, col: true }) // "$C$2"
 */
export function cellA1(row: number, col: number, abs: { row?: boolean; col?: boolean } = {}): string {
  return `${abs.col ? "$" : ""}${colLetter(col)}${abs.row ? "$" : ""}${row + 1}`;
}

/** An absolute address: `$C$2`. */
export const absA1 = (row: number, col: number): string => cellA1(row, col, { row: true, col: true });

/**
 * A range from 0-based corners; a single cell when both are the same.
 * @example rangeA1(1, 2, 3, 5) // "C2:F4"
 */
export function rangeA1(r0: number, c0: number, r1: number, c1: number, abs = false): string {
  const a = abs ? absA1(r0, c0) : cellA1(r0, c0);
  const b = abs ? absA1(r1, c1) : cellA1(r1, c1);
  return a === b ? a : `${a}:${b}`;
}

/**
 * Reads "C2" (or "$C$2") into 0-based row and column.
 * @example parseA1("C2") // { row: 1, col: 2 }
 */
export function parseA1(a1: string): { row: number; col: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(a1.trim());
  if (!m) throw new Error(`not a cell address: ${a1}`);
  return { row: Number(m[2]) - 1, col: colIndex(m[1]) };
}

/**
 * A reference to a cell on another sheet, quoted when needed.
 * @example sheetRef("Q's plan", "B2") // "'Q''s plan'!B2"
 */
export function sheetRef(sheet: string, a1: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !/^[A-Za-z]{1,3}\d+$/.test(sheet) ? `${sheet}!${a1}` : `'${sheet.replace(/'/g, "''")}'!${a1}`;
}

/** A number as a formula literal: no exponent for ordinary sizes, full precision. */
export function num(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const s = String(x);
  return s.includes("e") ? x.toPrecision(15).replace(/\.?0+e/, "e").toUpperCase() : s;
}

/** Decimal places of a rounding unit (0.01 → 2; 10000 → 0). */
export function unitDecimals(unit: number): number {
  for (let d = 0; d <= 9; d++) {
    const s = unit * 10 ** d;
    if (Math.abs(s - Math.round(s)) <= 1e-9 * Math.max(1, s)) return d;
  }
  return 9;
}

/** Number format for amounts rounded to `unit` (display units): `#,##0`, `#,##0.00`, … */
export function amountFormat(unit: number): string {
  const d = unit > 0 ? unitDecimals(unit) : 2;
  return d === 0 ? "#,##0" : `#,##0.${"0".repeat(d)}`;
}

/**
 * Decimal places a value needs to show as it is (0 to `cap`): 975000 → 0, 604.75 → 2,
 * 119.9999 → 4; binary noise (0.30000000000000004) does not count.
 * @example valueDecimals(604.75) // 2
 */
export function valueDecimals(x: number, cap = 6): number {
  for (let d = 0; d < cap; d++) {
    const s = Math.abs(x) * 10 ** d;
    if (Math.abs(s - Math.round(s)) <= 1e-9 * Math.max(1, s)) return d;
  }
  return cap;
}

/**
 * Number format for amounts rounded to `unit` that shows every amount as it is: the unit's
 * decimals, or more when a figure has more (an annual target of 604.75 万元 rounded to whole
 * 万元 leaves 0.75 in one quarter: `#,##0.00`, not `#,##0`, which would show 182 for 181.75).
 * Up to six decimals (a fen in 万元).
 * @example amountFormatFor(1, [604.75, 97.5]) // "#,##0.00"
 * @example amountFormatFor(10000, [975000]) // "#,##0"
 */
export function amountFormatFor(unit: number, values: readonly number[]): string {
  if (!(unit > 0)) return amountFormat(unit);
  let d = unitDecimals(unit);
  for (const v of values) if (Number.isFinite(v)) d = Math.max(d, valueDecimals(v));
  return d === 0 ? "#,##0" : `#,##0.${"0".repeat(d)}`;
}

/**
 * Number formats of the rounding work's helper cells, so that an expanded group shows what
 * each cell means rather than binary noise (a remainder of 0.299999999999997 shows 0.300).
 */
export const WORK_FORMATS = {
  /** Whole counts: units, whole parts, units left, tie slots, tie counts. */
  count: "#,##0",
  /** Fractions of a unit: exact units, remainders, the cut and the cut plus the tolerance. */
  fraction: "#,##0.000",
  /** The tie tolerance (1E-09, or a share's binary noise). */
  tolerance: "0.0E+00",
  /** The position of the heaviest part (1, 2, …). */
  position: "0",
} as const;

/** Percentage format. */
export const PERCENT_FORMAT = "0.0%";
/** Share-of-total format (two decimals, so 12.5 % and 29.17 % read right). */
export const SHARE_FORMAT = "0.00%";
/** Plain weight format ("General": 40 shows as 40, 0.25 as 0.25, no trailing point). */
export const WEIGHT_FORMAT = "General";

/**
 * A formula that is TRUE while `sum` equals `target` within core's tolerance.
 * @example addsUp("SUM(C2:F2)", "B2") // "ABS(SUM(C2:F2)-B2)<=1E-9*MAX(1,ABS(B2))"
 */
export function addsUp(sum: string, target: string): string {
  return `ABS(${sum}-${target})<=1E-9*MAX(1,ABS(${target}))`;
}

/** The remainder a held part shows in the work cells: never the cut, never tied with it. */
export const HELD_REMAINDER = "-1E+300";

/** Up to this many parts, "how many remainders are above the cut" is a sum of comparisons rather than SUMPRODUCT over a range. */
export const SCALAR_PARTS = 12;

/**
 * Where one split's cells sit: the amount to split, the weights (and held amounts), the
 * helper cells and the results. Addresses are as they should appear in the formulas
 * (use `$` where a formula is meant to be copied). Helper cells shared by many splits with
 * the same weights (the rows of a quarterly split) may be the same cells for all of them:
 * `wsum` and `heaviest` depend on the weights only.
 */
export interface LargestRemainderLayout {
  /** The amount to split (a cell), already net of held amounts, ≥ 0. */
  amount: string;
  /** Rounding unit, > 0 (a literal in the formulas). */
  unit: number;
  /** One weight cell per part, and the range covering them (in the same order). */
  weights: string[];
  weightRange: string;
  /** Held amount cells (blank or 0: free), with their range; omit when nothing can be held. */
  held?: string[];
  heldRange?: string;
  /** With held cells: one "effective weight" helper per part (the weight, −1 when held), and its range. */
  effective?: string[];
  effectiveRange?: string;
  /** Helper cells depending on the weights only: the free weights' sum and the 1-based position of the heaviest free part. */
  wsum: string;
  heaviest: string;
  /**
   * The split's total before held amounts (a cell or literal): core lets binary noise of up to
   * total × 2⁻⁵⁰ count one more unit (an amount a hair under a whole number of units).
   */
  total: string;
  /**
   * Helper cells of the split: whole units in the amount (with the tolerance), units to hand
   * out, units left after the whole ones, the cut remainder, the tie tolerance, the cut plus
   * it, slots for ties, the odd amount.
   */
  n0: string;
  n: string;
  left: string;
  cut: string;
  tie: string;
  hi: string;
  slots: string;
  odd: string;
  /** Helper cells per part: exact units q, whole units, remainder, running count of remainders tied with the cut; and the ranges of q, the whole units and the remainders. */
  q: string[];
  qRange: string;
  base: string[];
  baseRange: string;
  rem: string[];
  remRange: string;
  ties: string[];
  /**
   * Each part's 1-based position in the ranges, when the parts are not their ranges' cells
   * one after another (siblings of a tree, with their subtrees' rows between them; the cells
   * between are blank): what the heaviest part's MATCH is compared with. Default 1, 2, …
   */
  positions?: number[];
}

/** The formulas of a {@link LargestRemainderLayout}: every helper and the k results. */
export interface LargestRemainderFormulas {
  wsum: string;
  heaviest: string;
  n0: string;
  n: string;
  left: string;
  cut: string;
  tie: string;
  hi: string;
  slots: string;
  odd: string;
  effective?: string[];
  q: string[];
  base: string[];
  rem: string[];
  ties: string[];
  result: string[];
}

/**
 * Native formulas reproducing core `splitTotal(amount, weights, { unit, fixed: held })`
 * exactly: largest remainder with the earlier-position tie-break, the odd amount to the
 * first free part of largest weight, held parts kept. See the table at the top of this file.
 * Each formula is short and refers to helper cells (LibreOffice's load time grows with the
 * number of operations, so nothing is computed twice).
 *
 * @param L - where the cells are
 * @returns the formula of every helper and result cell (no leading "=")
 * @example largestRemainderFormulas(layout).base[0]
 *   // "MIN(INT(M5+MIN(1E-9*MAX(1,M5),1E-4)),$J5)" (M5: q of the first part, $J5: n)
 */
export function largestRemainderFormulas(L: LargestRemainderLayout): LargestRemainderFormulas {
  const k = L.weights.length;
  const held = L.held;
  const U = num(L.unit);
  const d = unitDecimals(L.unit);
  const times = (u: string): string => (L.unit === 1 ? u : Number.isInteger(L.unit) ? `${u}*${U}` : `ROUND(${u}*${U},${d})`);
  const { n0, n, left, cut, tie, hi, slots, odd, wsum, heaviest } = L;
  const heaviestRange = held ? L.effectiveRange! : L.weightRange;
  const above = k <= SCALAR_PARTS ? L.rem.map((x) => `(${x}>${hi})`).join("+") : `SUMPRODUCT(--(${L.remRange}>${hi}))`;
  const ifFree = (i: number, heldValue: string, f: string) => (held ? `IF(${held[i]}>0,${heldValue},${f})` : f);
  const q: string[] = [];
  const base: string[] = [];
  const rem: string[] = [];
  const ties: string[] = [];
  const result: string[] = [];
  for (let i = 0; i < k; i++) {
    q.push(ifFree(i, "0", `IF(${n}=0,0,${n}*${L.weights[i]}/${wsum})`));
    base.push(ifFree(i, "0", `MIN(${floorTolPos(L.q[i])},${n})`));
    // A held part's remainder is far below any other (the tie tolerance can exceed 1 at huge counts), so it never gets a unit.
    rem.push(ifFree(i, HELD_REMAINDER, `MAX(0,${L.q[i]}-${L.base[i]})`));
    const near = `(ABS(${L.rem[i]}-${cut})<=${tie})`;
    // A number, not a logical: Excel orders every logical above every number, so a first tie
    // count left as TRUE would fail "ties <= slots" in Excel (LibreOffice takes TRUE as 1).
    ties.push(i === 0 ? `0+${near}` : `${L.ties[i - 1]}+${near}`);
    const bonus = `IF(${left}>0,(${L.rem[i]}>${hi})+(ABS(${L.rem[i]}-${cut})<=${tie})*(${L.ties[i]}<=${slots}),0)`;
    result.push(ifFree(i, held ? held[i] : "0", `${times(`(${L.base[i]}+${bonus})`)}+(${heaviest}=${L.positions?.[i] ?? i + 1})*${odd}`));
  }
  return {
    wsum: held ? `SUMPRODUCT(${L.weightRange}*(${L.heldRange}<=0))` : `SUM(${L.weightRange})`,
    heaviest: `MATCH(MAX(${heaviestRange}),${heaviestRange},0)`,
    n0: floorTolPos(`${L.amount}/${U}`),
    // One more unit when the amount falls short of it by no more than the total's binary noise.
    n: `${n0}+(${times(`(${n0}+1)`)}-${L.amount}<=${L.total}*2^-50)`,
    left: `${n}-SUM(${L.baseRange})`,
    cut: `IF(${left}>0,LARGE(${L.remRange},${left}),0)`,
    // Remainders carry the binary noise of shares as large as the largest: equal ones may differ by that.
    tie: `MAX(1E-9,MAX(${L.qRange})*2^-48)`,
    hi: `${cut}+${tie}`,
    slots: `${left}-(${above})`,
    odd: `${L.amount}-${times(n)}`,
    effective: held ? L.weights.map((w, i) => `IF(${held[i]}>0,-1,${w})`) : undefined,
    q,
    base,
    rem,
    ties,
    result,
  };
}

/** Core's floorTol(x) for x ≥ 0 (x a cell or an expression safe to repeat). */
function floorTolPos(x: string): string {
  return `INT(${x}+MIN(1E-9*MAX(1,${x}),1E-4))`;
}

/** "C2" and "F2" → "C2:F2" (keeps `$` as written); one cell when they are the same. */
export function rangeOf(first: string, last: string): string {
  return first === last ? first : `${first}:${last}`;
}

/**
 * Exact proportional shares (unit 0) as native formulas: `A*w/W`, with the float residue
 * left where it falls (core moves it to the heaviest part; the two agree within 1e-9).
 * Held parts keep their amount.
 */
export function exactShareFormulas(amount: string, weights: string[], weightRange: string, held?: string[], heldRange?: string): string[] {
  const W = held ? `SUMPRODUCT(${weightRange}*(${heldRange}<=0))` : `SUM(${weightRange})`;
  return weights.map((w, i) => {
    const share = `IF(${W}=0,0,${amount}*${w}/${W})`;
    return held ? `IF(${held[i]}>0,${held[i]},${share})` : share;
  });
}

/** The amount to split after held parts, as core decides it (held equal to the total within tolerance: 0). */
export function netAmountFormula(total: string, heldSum: string): string {
  return `IF(ABS(${total}-${heldSum})<=1E-9*MAX(1,ABS(${total}),ABS(${heldSum})),0,${total}-${heldSum})`;
}
