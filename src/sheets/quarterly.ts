/**
 * The quarterly split sheet: a column of annual targets (rows of reps or regions) split into
 * Q1–Q4 by quarter weights — and, if asked, each quarter into its three months — with a
 * total row, a check column and `Check_*` names. Every split cell is a native formula that
 * reproduces core `splitTotal` (largest remainder, ties to the earlier quarter, the odd
 * amount to the heaviest quarter), with `expect` set to core's value.
 */
import { fail } from "../core/errors";
import { splitTotal } from "../core/split";
import { type CellSpec, type ConditionalFormatSpec, type FormatSpec, type NameSpec, type SheetSpec, type WorkbookSpec, planFromCells } from "./spec";
import {
  WEIGHT_FORMAT,
  WORK_FORMATS,
  addsUp,
  amountFormat,
  amountFormatFor,
  cellA1,
  colLetter,
  exactShareFormulas,
  largestRemainderFormulas,
  num,
  parseA1,
  rangeA1,
} from "./formulas";
import { oddAmounts } from "./odd-amounts";
import { labels, type SheetLang } from "./i18n";
import { checkName, tableName, uniqueSheetName } from "./names";

/** What the quarterly split needs. */
export interface QuarterlySplitInput {
  /** Row names (reps, regions), written as text. */
  names: string[];
  /** Annual targets, one per name, ≥ 0, in `currency` (元): the sheet shows them so, or in 万元 with `display`. */
  annual: number[];
  /** Four quarter weights, any scale (25/30/25/20, last year's quarters, …), ≥ 0. */
  weights: number[];
  /** Rounding unit in the same units as `annual`: 0 exact, 1 whole numbers, 10000 for 万 … */
  unit: number;
  /**
   * The unit the sheet shows amounts in: "元" (default) as given, or "万元": every amount on
   * the sheet is the given one divided by 10,000 (an annual 6,047,500 元 is 604.75 万元), the
   * rounding unit too (10,000 元 is 1 万元), and the headers, the note and the stored record
   * say so. The formulas work in 万元, so a manager types 万元 into the annual cells. (An
   * Excel number format can only scale by thousands, `#,##0,`: no format shows 元 as 万元.)
   */
  display?: "元" | "万元";
  /** Also split each quarter into its three months. */
  months?: boolean;
  /**
   * Twelve month weights, used *within* each quarter (only their ratios inside a quarter
   * matter): month m of quarter q gets quarter q's amount split by the weights of its three
   * months, rounded to `unit` the same way. Default: even (1 each).
   */
  monthWeights?: number[];
  lang: SheetLang;
  /** Name of the new sheet (default "Quarterly split" / "季度分解"); made valid and unique against `takenSheetNames`. */
  sheetName?: string;
  /** Write into this existing sheet at `origin` instead of adding a sheet. */
  existingSheet?: string;
  /** Top-left cell of the block, e.g. beside the selection ("H2"); default "A1". */
  origin?: string;
  /**
   * Put the first data row's name cell here instead (e.g. "D2" beside targets in B2:B9), so
   * row i of the selection and row i of Q1–Q4 are the same sheet row. The rows that go above
   * the data (title, note, weights, header) use what room there is, from the header up;
   * without room the weights and then the header go below the total row, the title and note
   * are left out. Overrides `origin`.
   */
  alignTo?: string;
  /**
   * The currency the amounts are in (e.g. "元"): the annual and total headers say it, and the
   * note says the rounding in it ("10,000 元" for a unit of 10000).
   */
  currency?: string;
  /** Protect the sheet: only the names, annual figures and weights stay editable. */
  protect?: boolean;
  /** Sheet names already in the workbook (case-insensitive), so the new one is unique. */
  takenSheetNames?: string[];
  /** Defined names already in the workbook, so the `Check_*` names are unique. */
  takenNames?: string[];
  /** Also offer `TARGET.SPLIT` formulas (for the live-functions option). */
  live?: boolean;
}

const RED = { fill: "#FFC7CE", color: "#9C0006" };
const HEADER = { bold: true, fill: "#DDEBF7", border: true };
const WORK = { color: "#808080", italic: true };
/** Most runs of rows with a format of their own (each is a request's format call in Office.js). */
const MAX_FORMAT_RUNS = 200;
/** 元 per shown unit, by `display`. */
const DISPLAY_SCALE = { 元: 1, 万元: 10000 } as const;

/**
 * Builds the quarterly split of a column of annual targets.
 *
 * @param input - names, annual figures, quarter weights, unit, months, language, placement
 * @returns a WorkbookSpec with one sheet and its `Check_*` names
 * @throws PlanError `#NUM!` for a negative annual figure, weight or unit; `#VALUE!` when
 *   names and annual figures differ in number or there are not four quarter weights (or
 *   twelve month weights); `#DIV/0!` when all quarter weights (or a quarter's month
 *   weights) are 0 while something is to be split
 * @example buildQuarterlySplit({ names: ["East"], annual: [48000000], weights: [25, 30, 25, 20], unit: 10000, lang: "en" })
 *   .sheets[0].rows[4][2] // { f: "…", expect: 12000000 }
 */
export function buildQuarterlySplit(input: QuarterlySplitInput): WorkbookSpec {
  validateInput(input);
  const L = labels(input.lang);
  const m = input.names.length;
  const months = !!input.months;
  const mw = input.monthWeights ?? new Array(12).fill(1);
  // Amounts as the sheet shows them (in 万元 with `display: "万元"`): every cell and formula works in these.
  const scale = DISPLAY_SCALE[input.display ?? "元"];
  const annual = input.annual.map((a) => shown(a, scale));
  const unit = shown(input.unit, scale);
  const rounded = unit > 0;
  const layout = quarterlyLayout(input);
  const origin = layout.origin;
  const R = (r: number) => origin.row + r;
  const C = (c: number) => origin.col + c;
  const at = (r: number, c: number, abs: { row?: boolean; col?: boolean } = {}) => cellA1(R(r), C(c), abs);

  // Local columns.
  const cName = 0;
  const cAnnual = 1;
  const cQ = 2;
  const cM = 6;
  const cTotal = months ? 18 : 6;
  const cCheck = cTotal + 1;
  const cWork = cCheck + 2;
  // Work columns: one block per split instance (the quarters, then each quarter's months):
  // n0, n, left, cut, tie, hi, slots, odd, then q, whole units, remainder and tie count per part.
  // The weights row holds each block's free-weight sum and heaviest part (weights only).
  const WORK_SCALARS = 8;
  const block = (c0: number, k: number) => ({ c0, k, q: c0 + WORK_SCALARS, base: c0 + WORK_SCALARS + k, rem: c0 + WORK_SCALARS + 2 * k, tie: c0 + WORK_SCALARS + 3 * k, end: c0 + WORK_SCALARS + 4 * k - 1 });
  const qWork = block(cWork, 4);
  const mWork = (q: number) => block(qWork.end + 1 + q * (WORK_SCALARS + 12), 3);
  const lastCol = rounded ? (months ? mWork(3).end : qWork.end) : cCheck;

  const { title: rTitle, note: rNote, weights: rWeights, header: rHeader, first: rFirst, total: rTotal, end: rEnd } = layout;
  const rLast = rFirst + m - 1;
  const headerAbove = rHeader < rFirst;
  /** Rows a..b, whichever comes first. */
  const span = (a: number, b: number, c0: number, c1: number) => rangeA1(R(Math.min(a, b)), C(c0), R(Math.max(a, b)), C(c1));

  const rows: (CellSpec | null)[][] = [];
  for (let r = 0; r <= rEnd; r++) rows.push(new Array(lastCol + 1).fill(null));
  const put = (r: number, c: number, cell: CellSpec) => (rows[r][c] = cell);

  const currency = input.display === "万元" ? "万元" : input.currency;
  const cur = currency ? ` ${currency}` : "";
  const unitText = rounded ? `${unit >= 1000 ? unit.toLocaleString("en-US") : num(unit)}${cur}` : "";
  const odd = rounded ? oddAmounts({ names: input.names, annual, weights: input.weights, unit }) : [];
  const noteText = [
    ...(input.display === "万元" ? [L.inWan] : []),
    rounded ? L.roundedTo(unitText) : L.exact,
    ...(odd.length > 0 ? [L.oddTo(unitText, L.quarters[odd[0].quarter - 1])] : []),
    ...(months ? [L.monthsWithin] : []),
  ].join(input.lang === "zh" ? "" : " ");
  if (rTitle !== undefined) put(rTitle, 0, { v: input.sheetName ?? L.quarterlySheet });
  if (rNote !== undefined) put(rNote, 0, { v: noteText });

  // Weights row (inputs).
  put(rWeights, cName, { v: L.weights });
  for (let q = 0; q < 4; q++) put(rWeights, cQ + q, { v: input.weights[q], input: true });
  if (months) for (let k = 0; k < 12; k++) put(rWeights, cM + k, { v: mw[k], input: true });
  const wRange = rangeA1(R(rWeights), C(cQ), R(rWeights), C(cQ + 3), true);
  const wSum = input.weights.reduce((a, b) => a + b, 0);
  put(rWeights, cTotal, { f: `SUM(${wRange})`, expect: wSum });
  const monthWeightsOk = (q: number) => `SUM(${rangeA1(R(rWeights), C(cM + 3 * q), R(rWeights), C(cM + 3 * q + 2), true)})>0`;
  const weightsCheck =
    `AND(SUM(${wRange})>0,COUNTIF(${wRange},"<0")=0` + (months ? `,${[0, 1, 2, 3].map(monthWeightsOk).join(",")},COUNTIF(${rangeA1(R(rWeights), C(cM), R(rWeights), C(cM + 11), true)},"<0")=0` : "") + ")";
  put(rWeights, cCheck, { f: weightsCheck, expect: true });

  // Header.
  const inCur = (h: string) => (currency ? `${h} (${currency})` : h);
  const header = [L.name, inCur(L.annual), ...L.quarters, ...(months ? L.months : []), inCur(L.total), L.check];
  header.forEach((h, c) => put(rHeader, c, { v: h }));
  if (rounded) {
    // The group's label, in the column left of it: the only part of the rounding work that shows.
    put(rHeader, cCheck + 1, { v: L.workHidden });
    if (rTitle !== undefined) put(rTitle, cWork, { v: L.work });
    const heads = (b: ReturnType<typeof block>, parts: string[], tag: string) => {
      const t = tag ? ` ${tag}` : "";
      [L.workN0, L.workN, L.workLeft, L.workCut, L.workTieTol, L.workHi, L.workSlots, L.workOdd].forEach((h, j) => put(rHeader, b.c0 + j, { v: `${h}${t}` }));
      parts.forEach((p, j) => {
        put(rHeader, b.q + j, { v: `${L.workQ} ${p}` });
        put(rHeader, b.base + j, { v: `${L.workBase} ${p}` });
        put(rHeader, b.rem + j, { v: `${L.workRem} ${p}` });
        put(rHeader, b.tie + j, { v: `${L.workTie} ${p}` });
      });
    };
    heads(qWork, L.quarters, "");
    if (months) for (let q = 0; q < 4; q++) heads(mWork(q), L.months.slice(3 * q, 3 * q + 3), L.quarters[q]);
  }

  // Data rows.
  const qWeightCells = [0, 1, 2, 3].map((q) => at(rWeights, cQ + q, { row: true, col: true }));
  for (let i = 0; i < m; i++) {
    const r = rFirst + i;
    put(r, cName, { v: input.names[i], input: true });
    put(r, cAnnual, { v: annual[i], input: true });
    const quarters = splitTotal(annual[i], [input.weights], { unit })[0];
    const annualRef = at(r, cAnnual, { col: true });
    const qResults = rounded
      ? splitRow(r, annualRef, qWeightCells, wRange, qWork)
      : exactShareFormulas(annualRef, qWeightCells, wRange);
    for (let q = 0; q < 4; q++) {
      const live = input.live ? `INDEX(TARGET.SPLIT(${annualRef},${wRange}${rounded ? `,${num(unit)}` : ""}),1,${q + 1})` : undefined;
      put(r, cQ + q, { f: qResults[q], expect: quarters[q], ...(live ? { live } : {}) });
    }
    const checks = [addsUp(`SUM(${rangeA1(R(r), C(cQ), R(r), C(cQ + 3))})`, at(r, cAnnual))];
    if (months) {
      for (let q = 0; q < 4; q++) {
        const part = splitTotal(quarters[q], [mw.slice(3 * q, 3 * q + 3)], { unit })[0];
        const qRef = at(r, cQ + q);
        const mCells = [0, 1, 2].map((k) => at(rWeights, cM + 3 * q + k, { row: true, col: true }));
        const mRange = rangeA1(R(rWeights), C(cM + 3 * q), R(rWeights), C(cM + 3 * q + 2), true);
        const w = mWork(q);
        const f = rounded ? splitRow(r, qRef, mCells, mRange, w) : exactShareFormulas(qRef, mCells, mRange);
        for (let k = 0; k < 3; k++) put(r, cM + 3 * q + k, { f: f[k], expect: part[k] });
        checks.push(addsUp(`SUM(${rangeA1(R(r), C(cM + 3 * q), R(r), C(cM + 3 * q + 2))})`, qRef));
      }
    }
    put(r, cTotal, { f: `SUM(${rangeA1(R(r), C(cQ), R(r), C(cQ + 3))})`, expect: sumOf(quarters) });
    put(r, cCheck, { f: `AND(${checks.join(",")})`, expect: true });
  }

  function splitRow(r: number, amount: string, wCells: string[], wRng: string, b: ReturnType<typeof block>): string[] {
    const k = b.k;
    const cells = (c: number) => Array.from({ length: k }, (_, j) => at(r, c + j));
    const F = largestRemainderFormulas({
      amount,
      unit,
      weights: wCells,
      weightRange: wRng,
      wsum: at(rWeights, b.c0, { row: true, col: true }),
      heaviest: at(rWeights, b.c0 + 1, { row: true, col: true }),
      total: amount,
      n0: at(r, b.c0),
      n: at(r, b.c0 + 1),
      left: at(r, b.c0 + 2),
      cut: at(r, b.c0 + 3),
      tie: at(r, b.c0 + 4),
      hi: at(r, b.c0 + 5),
      slots: at(r, b.c0 + 6),
      odd: at(r, b.c0 + 7),
      q: cells(b.q),
      qRange: rangeA1(R(r), C(b.q), R(r), C(b.q + k - 1)),
      base: cells(b.base),
      baseRange: rangeA1(R(r), C(b.base), R(r), C(b.base + k - 1)),
      rem: cells(b.rem),
      remRange: rangeA1(R(r), C(b.rem), R(r), C(b.rem + k - 1)),
      ties: cells(b.tie),
    });
    // The weights-only helpers, once for all rows.
    if (!rows[rWeights][b.c0]) {
      put(rWeights, b.c0, { f: F.wsum });
      put(rWeights, b.c0 + 1, { f: F.heaviest });
    }
    [F.n0, F.n, F.left, F.cut, F.tie, F.hi, F.slots, F.odd].forEach((f, j) => put(r, b.c0 + j, { f }));
    for (let j = 0; j < k; j++) {
      put(r, b.q + j, { f: F.q[j] });
      put(r, b.base + j, { f: F.base[j] });
      put(r, b.rem + j, { f: F.rem[j] });
      put(r, b.tie + j, { f: F.ties[j] });
    }
    return F.result;
  }

  // Total row.
  put(rTotal, cName, { v: L.total });
  const colSum = (c: number) => (m > 0 ? `SUM(${rangeA1(R(rFirst), C(c), R(rLast), C(c))})` : "0");
  const annualSum = sumOf(annual);
  put(rTotal, cAnnual, { f: colSum(cAnnual), expect: annualSum });
  const dataCols = [...[0, 1, 2, 3].map((q) => cQ + q), ...(months ? Array.from({ length: 12 }, (_, k) => cM + k) : []), cTotal];
  const perRow = annual.map((a) => splitTotal(a, [input.weights], { unit })[0]);
  for (const c of dataCols) {
    let expect: number;
    if (c === cTotal) expect = sumOf(perRow.map(sumOf));
    else if (c < cM || !months) expect = sumOf(perRow.map((p) => p[c - cQ]));
    else {
      const k = c - cM;
      const q = Math.floor(k / 3);
      expect = sumOf(perRow.map((p) => splitTotal(p[q], [mw.slice(3 * q, 3 * q + 3)], { unit })[0][k - 3 * q]));
    }
    put(rTotal, c, { f: colSum(c), expect: clean(expect) });
  }
  const rowsCheck = m > 0 ? `AND(${rangeA1(R(rFirst), C(cCheck), R(rLast), C(cCheck))})` : "TRUE";
  put(rTotal, cCheck, {
    f: `AND(${rowsCheck},${addsUp(`SUM(${rangeA1(R(rTotal), C(cQ), R(rTotal), C(cQ + 3))})`, at(rTotal, cAnnual))},${addsUp(at(rTotal, cTotal), at(rTotal, cAnnual))})`,
    expect: true,
  });

  // Sheet, names, formats.
  const takenSheets = new Set((input.takenSheetNames ?? []).map((s) => s.toLowerCase()));
  const name = input.existingSheet ?? uniqueSheetName(input.sheetName ?? L.quarterlySheet, takenSheets);
  const takenNames = new Set((input.takenNames ?? []).map((s) => s.toLowerCase()));
  const base = input.existingSheet ? ["Quarterly", cellA1(origin.row, origin.col)] : ["Quarterly"];
  const names: NameSpec[] = [
    { name: checkName([...base, "Weights"], takenNames), sheet: name, ref: at(rWeights, cCheck, { row: true, col: true }), comment: L.checkWeights },
    { name: checkName([...base, "Rows"], takenNames), sheet: name, ref: at(rTotal, cCheck, { row: true, col: true }), comment: `${L.checkRows}; ${L.checkTotal}` },
  ];

  const amt = rounded ? amountFormatFor(unit, annual) : amountFormat(unit);
  const formats: FormatSpec[] = [
    ...(rTitle !== undefined ? [{ range: at(rTitle, 0), bold: true }] : []),
    ...(rNote !== undefined ? [{ range: at(rNote, 0), italic: true, color: "#595959", wrap: true }] : []),
    { range: rangeA1(R(rWeights), C(cName), R(rWeights), C(cCheck)), bold: true, fill: "#FFF2CC" },
    { range: rangeA1(R(rWeights), C(cQ), R(rWeights), C(months ? cM + 11 : cQ + 3)), numFmt: WEIGHT_FORMAT, locked: false, bold: false },
    { range: rangeA1(R(rHeader), C(0), R(rHeader), C(cCheck)), ...HEADER, horizontal: "center" },
    { range: rangeA1(R(rTotal), C(0), R(rTotal), C(cCheck)), bold: true, border: true, fill: "#F2F2F2" },
  ];
  if (m > 0) {
    formats.push({ range: rangeA1(R(rFirst), C(cName), R(rLast), C(cAnnual)), locked: false });
    formats.push({ range: rangeA1(R(rFirst), C(cName), R(rLast), C(cName)), numFmt: "@" });
  }
  // Amounts: each row shows the decimals its own target needs (a row's quarters and months
  // never need more), the total row the most of any; too many runs of rows, one format for all.
  const rowFormats = rounded ? annual.map((a) => amountFormatFor(unit, [a])) : [];
  const runs: [number, number, string][] = [];
  rowFormats.forEach((f, i) => {
    const last = runs[runs.length - 1];
    if (last && last[2] === f) last[1] = i;
    else runs.push([i, i, f]);
  });
  if (runs.length === 0 || runs.length > MAX_FORMAT_RUNS) formats.push({ range: rangeA1(R(rFirst), C(cAnnual), R(rTotal), C(cTotal)), numFmt: amt });
  else {
    for (const [a, b, f] of runs) formats.push({ range: rangeA1(R(rFirst + a), C(cAnnual), R(rFirst + b), C(cTotal)), numFmt: f });
    formats.push({ range: rangeA1(R(rTotal), C(cAnnual), R(rTotal), C(cTotal)), numFmt: amt });
  }
  formats.push({ range: rangeA1(R(rWeights), C(cTotal), R(rWeights), C(cTotal)), numFmt: WEIGHT_FORMAT });
  formats.push({ range: span(0, rEnd, cCheck, cCheck), horizontal: "center" });
  if (rounded) {
    formats.push({ range: span(0, rEnd, cWork, lastCol), ...WORK });
    formats.push({ range: at(rHeader, cCheck + 1), ...WORK });
    formats.push(...workFormats(qWork));
    if (months) for (let q = 0; q < 4; q++) formats.push(...workFormats(mWork(q)));
  }

  /** Number formats of one block of rounding work: counts, fractions of a unit, the tolerance, the odd amount. */
  function workFormats(b: ReturnType<typeof block>): FormatSpec[] {
    const out: FormatSpec[] = [
      { range: at(rWeights, b.c0), numFmt: WEIGHT_FORMAT },
      { range: at(rWeights, b.c0 + 1), numFmt: WORK_FORMATS.position },
    ];
    if (m === 0) return out;
    const cols = (c0: number, c1: number, numFmt: string): FormatSpec => ({ range: rangeA1(R(rFirst), C(c0), R(rLast), C(c1)), numFmt });
    out.push(
      cols(b.c0, b.c0 + 2, WORK_FORMATS.count), // units in the amount, units, left
      cols(b.c0 + 3, b.c0 + 3, WORK_FORMATS.fraction), // cut
      cols(b.c0 + 4, b.c0 + 4, WORK_FORMATS.tolerance), // tie tolerance
      cols(b.c0 + 5, b.c0 + 5, WORK_FORMATS.fraction), // cut + tolerance
      cols(b.c0 + 6, b.c0 + 6, WORK_FORMATS.count), // tie slots
      cols(b.c0 + 7, b.c0 + 7, amt), // odd amount
      cols(b.q, b.base - 1, WORK_FORMATS.fraction), // exact units
      cols(b.base, b.rem - 1, WORK_FORMATS.count), // whole units
      cols(b.rem, b.tie - 1, WORK_FORMATS.fraction), // remainders
      cols(b.tie, b.end, WORK_FORMATS.count), // running tie counts
    );
    return out;
  }
  const topCheck = Math.min(rWeights, rFirst);
  const conditionalFormats: ConditionalFormatSpec[] = [
    { range: span(topCheck, Math.max(rWeights, rTotal), cCheck, cCheck), formula: `${at(topCheck, cCheck)}=FALSE`, ...RED, bold: true },
  ];
  const widths = Array.from({ length: lastCol + 1 }, (_, c) =>
    c === cName ? Math.max(12, Math.min(30, maxLen(input.names) + 2)) : c === cAnnual || c === cTotal ? 14 : c === cCheck ? 8 : c >= cWork ? 7 : c === cCheck + 1 ? textWidth(L.workHidden) + 2 : 11,
  );
  const sheet: SheetSpec = {
    name,
    kind: "split",
    origin: cellA1(origin.row, origin.col),
    ...(input.existingSheet ? { existing: true } : {}),
    rows,
    formats,
    conditionalFormats,
    columnWidths: input.existingSheet || origin.col === 0 ? widths : [...new Array(origin.col).fill(9), ...widths],
    merges: [rTitle, rNote].filter((r): r is number => r !== undefined).map((r) => rangeA1(R(r), C(0), R(r), C(cCheck))),
    print: { landscape: true, fitToWidth: true, ...(headerAbove ? { repeatRows: `${R(rHeader) + 1}:${R(rHeader) + 1}` } : {}), area: rangeA1(R(0), C(0), R(rEnd), C(cCheck)) },
    ...(input.protect ? { protect: true } : {}),
  };
  // The rounding work, grouped and collapsed: a rep sees names, targets, quarters, totals, checks.
  if (rounded) sheet.columnGroups = [{ columns: `${colLetter(C(cWork))}:${colLetter(C(lastCol))}`, collapsed: true }];
  // The merged note wraps; a new sheet's note row gets the height of its lines (neither Excel
  // nor LibreOffice grows a merged row). The user's own rows in an existing sheet keep theirs.
  if (rNote !== undefined && !input.existingSheet) {
    const lines = Math.ceil(textWidth(noteText) / Math.max(1, widths.slice(0, cCheck + 1).reduce((a, b) => a + b, 0) - 2));
    if (lines > 1) sheet.rowHeights = [{ row: R(rNote) + 1, points: 15 * Math.min(lines, 6) }];
  }
  if (!input.existingSheet && headerAbove) sheet.freeze = { rows: R(rHeader) + 1, columns: C(cAnnual) + 1 };
  if (m > 0 && !input.existingSheet && headerAbove) {
    sheet.tables = [{ name: tableName(`Quarterly ${name}`, takenNames), range: rangeA1(R(rHeader), C(0), R(rLast), C(cCheck)), style: "TableStyleLight9" }];
  }
  return { sheets: [sheet], names, plan: quarterlySplitRecord(input), title: input.sheetName ?? L.quarterlySheet };
}

/** Where a quarterly split's rows go, counted from the block's top-left (`origin`). */
export interface QuarterlyLayout {
  /** Top-left cell of the block. */
  origin: { row: number; col: number };
  /** The title and note rows, when there is room for them. */
  title?: number;
  note?: number;
  weights: number;
  header: number;
  /** The first data row (row i of the targets is `first + i`) and the total row below them. */
  first: number;
  total: number;
  /** The block's last row. */
  end: number;
}

/**
 * Where the rows of a quarterly split go: title, note, weights and header above the data
 * when there is room (all four at `origin`; with `alignTo`, as many as the rows above it
 * allow, from the header up), the total row under the data, then the weights and header
 * rows that did not fit above.
 * @example quarterlyLayout({ names: ["East"], alignTo: "D2" }) // { origin: { row: 0, col: 3 }, header: 0, first: 1, total: 2, weights: 3, end: 3 }
 */
export function quarterlyLayout(input: Pick<QuarterlySplitInput, "names" | "origin" | "alignTo">): QuarterlyLayout {
  const m = input.names.length;
  if (input.alignTo === undefined) {
    return { origin: parseA1(input.origin ?? "A1"), title: 0, note: 1, weights: 2, header: 3, first: 4, total: 4 + m, end: 4 + m };
  }
  const data = parseA1(input.alignTo);
  const above = Math.min(4, data.row);
  const order = (["title", "note", "weights", "header"] as const).slice(4 - above);
  const first = above;
  const total = first + m;
  const layout: QuarterlyLayout = { origin: { row: data.row - above, col: data.col }, weights: -1, header: -1, first, total, end: total };
  order.forEach((k, i) => (layout[k] = i));
  if (layout.header < 0) layout.header = ++layout.end;
  if (layout.weights < 0) layout.weights = ++layout.end;
  return layout;
}

/** `kind` of the record a quarterly split stores in place of a plan. */
export const QUARTERLY_SPLIT_RECORD = "quarterlySplit";

/**
 * What a quarterly split stores in the workbook (the `TargetPlanner` sheet, where a plan
 * goes): its input, enough to build the sheet again. It is not a plan (`validatePlan`
 * refuses it: no title or year); {@link quarterlySplitInputOf} reads it back.
 */
export interface QuarterlySplitRecord {
  version: 1;
  kind: typeof QUARTERLY_SPLIT_RECORD;
  /** The sheet's title, as a plan's title is. */
  title: string;
  quarterlySplit: Pick<QuarterlySplitInput, "names" | "annual" | "weights" | "unit" | "display" | "months" | "monthWeights" | "lang" | "sheetName" | "existingSheet" | "origin" | "alignTo" | "currency" | "protect">;
}

/**
 * The record a quarterly split stores for its input (the workbook's names taken are left
 * out: they belong to the workbook, not the split).
 * @example quarterlySplitRecord({ names: ["East"], annual: [100], weights: [1, 1, 1, 1], unit: 1, lang: "en" }).quarterlySplit.weights // [1, 1, 1, 1]
 */
export function quarterlySplitRecord(input: QuarterlySplitInput): QuarterlySplitRecord {
  const { names, annual, weights, unit, display, months, monthWeights, lang, sheetName, existingSheet, origin, alignTo, currency, protect } = input;
  const kept = { names, annual, weights, unit, display, months, monthWeights, lang, sheetName, existingSheet, origin, alignTo, currency, protect };
  for (const k of Object.keys(kept) as (keyof typeof kept)[]) if (kept[k] === undefined) delete kept[k];
  return { version: 1, kind: QUARTERLY_SPLIT_RECORD, title: sheetName ?? labels(lang).quarterlySheet, quarterlySplit: kept };
}

/**
 * The input of a stored quarterly split (what `planFromCells` gives), or undefined when the
 * stored value is not one (a plan, nothing, or a damaged record).
 * @example quarterlySplitInputOf(buildQuarterlySplit(input).plan)?.names // input.names
 */
export function quarterlySplitInputOf(stored: unknown): QuarterlySplitInput | undefined {
  if (typeof stored !== "object" || stored === null) return undefined;
  const r = stored as Partial<QuarterlySplitRecord>;
  if (r.kind !== QUARTERLY_SPLIT_RECORD || r.version !== 1 || typeof r.quarterlySplit !== "object" || r.quarterlySplit === null) return undefined;
  const q = r.quarterlySplit;
  const numbers = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => typeof v === "number");
  if (!Array.isArray(q.names) || !q.names.every((n) => typeof n === "string") || !numbers(q.annual) || !numbers(q.weights) || typeof q.unit !== "number") return undefined;
  if (q.lang !== "en" && q.lang !== "zh") return undefined;
  if (q.monthWeights !== undefined && !numbers(q.monthWeights)) return undefined;
  if (q.display !== undefined && q.display !== "元" && q.display !== "万元") return undefined;
  return { ...q };
}

/**
 * Whether the plan stored in the workbook stays when `next` would replace it: a quarterly
 * split's record (only the input of one split sheet) never replaces a full plan
 * (decomposition, tracking, scorecard) or anything stored that cannot be read — the split
 * is written without its record. Any other plan replaces what is stored.
 * @example keepsStoredPlan(quarterlySplitRecord(input), planCells(plan)) // true
 */
export function keepsStoredPlan(next: unknown, storedCells: readonly unknown[] | undefined): boolean {
  if (quarterlySplitInputOf(next) === undefined) return false;
  if (!storedCells || storedCells.every((c) => c === "" || c === null || c === undefined)) return false;
  let stored: unknown;
  try {
    stored = planFromCells(storedCells);
  } catch {
    return true;
  }
  return stored !== undefined ? quarterlySplitInputOf(stored) === undefined : true;
}

/** An amount in the sheet's display unit (`scale` 元 each), without binary noise: 6047500 / 10000 is 604.75. */
function shown(x: number, scale: number): number {
  return scale === 1 ? x : Number((x / scale).toPrecision(15));
}

/** Width of a text in Excel's character units, roughly: CJK and full-width characters count twice. */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0xff ? 2 : 1;
  return w;
}

function maxLen(xs: string[]): number {
  let n = 0;
  for (const x of xs) n = Math.max(n, [...x].reduce((w, ch) => w + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0));
  return n;
}

function sumOf(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return clean(s);
}

function clean(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(15));
}

function validateInput(input: QuarterlySplitInput): void {
  if (input.names.length !== input.annual.length) {
    fail("shapeMismatch", { where: { arg: "annual" }, other: "names", want: `${input.names.length} × 1`, got: `${input.annual.length} × 1` });
  }
  if (input.weights.length !== 4) fail("shapeMismatch", { where: { arg: "weights" }, other: "Q1–Q4", want: "1 × 4", got: `1 × ${input.weights.length}` });
  if (input.monthWeights && input.monthWeights.length !== 12) {
    fail("shapeMismatch", { where: { arg: "weights" }, other: "months", want: "1 × 12", got: `1 × ${input.monthWeights.length}` });
  }
  if (!(input.unit >= 0)) fail("negative", { where: { arg: "unit" }, value: input.unit });
  input.annual.forEach((a, i) => {
    if (!(a >= 0)) fail("negative", { where: { arg: "total", row: i + 1 }, value: a });
  });
  // Let core raise its own errors (negative or all-zero weights) on the first row with an amount.
  const probe = input.annual.find((a) => a > 0) ?? 0;
  splitTotal(probe, [input.weights], { unit: input.unit });
  if (input.months) {
    const mw = input.monthWeights ?? new Array(12).fill(1);
    for (let q = 0; q < 4; q++) splitTotal(probe > 0 && input.weights[q] > 0 ? 1 : 0, [mw.slice(3 * q, 3 * q + 3)]);
  }
}
