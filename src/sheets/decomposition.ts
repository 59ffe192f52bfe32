/**
 * The decomposition sheet (目标分解表): a summary (year, unit, last year's total, growth,
 * total), one block per split (members, weights, held amounts, shares, amounts, a total row
 * with a check), one block per grid (values from the engine, with row and column totals and
 * checks), and a cell that is TRUE while every check is.
 *
 * Split amounts are native formulas that reproduce core `splitTotal` (see ./formulas);
 * grid cells are values from core `spreadGrid` — no native formula reproduces controlled
 * rounding or proportional fitting — and the sheet says so beside them.
 */
import type { CellSpec, ConditionalFormatSpec, FormatSpec, NameSpec, SheetSpec, TableSpec } from "./spec";
import {
  PERCENT_FORMAT,
  SHARE_FORMAT,
  WEIGHT_FORMAT,
  WORK_FORMATS,
  absA1,
  addsUp,
  amountFormat,
  cellA1,
  colLetter,
  exactShareFormulas,
  largestRemainderFormulas,
  netAmountFormula,
  num,
  rangeA1,
} from "./formulas";
import { labels, type SheetLang } from "./i18n";
import { checkName, nameComment, tableName, uniqueSheetName } from "./names";
import { type Plan, type ResolvedSplit, defaultTimeMembers, planScale, planTotal, resolveGrid, resolveSplit, toDisplay } from "./plan";

/** Options of {@link buildDecompositionSheet}. */
export interface DecompositionOptions {
  lang: SheetLang;
  /** Protect the sheet: weights, held amounts and the total stay editable. */
  protect?: boolean;
  /** Sheet names already taken (case-insensitive). */
  takenSheetNames?: Set<string>;
  /** Defined names already taken (case-insensitive); the new ones are added. */
  takenNames?: Set<string>;
  /** Sheet name wanted (default "Decomposition" / "目标分解"). */
  sheetName?: string;
  /** Offer `TARGET.SPLIT` live variants of split cells. */
  live?: boolean;
}

/** Where each split's amounts ended up on the sheet (for other sheets that reference them). */
export interface DecompositionCells {
  /** Absolute address of the plan total cell. */
  total: string;
  /** By split id: the absolute address of each member's amount cell. */
  amounts: Record<string, string[]>;
}

/** Above this many members a split's amounts are written as values (the native formulas are O(k²) per split). */
export const NATIVE_MAX_MEMBERS = 1000;

const RED = { fill: "#FFC7CE", color: "#9C0006" };
const HEADER = { bold: true, fill: "#DDEBF7", border: true };
const WORK = { color: "#808080", italic: true };

// Columns of a split block.
const A_NAME = 0;
const A_WEIGHT = 1;
const A_HELD = 2;
const A_SHARE = 3;
const A_AMOUNT = 4;
const A_NOTE = 5;
// Rounding work, to the right of everything printed (grids included): per member (eff, q,
// whole, remainder, ties), then the split's scalars on its first row. Offsets from the
// first work column.
const O_EFF = 0;
const O_Q = 1;
const O_BASE = 2;
const O_REM = 3;
const O_TIE = 4;
const O_NET = 5;
const O_WSUM = 6;
const O_HEAVY = 7;
const O_N0 = 8;
const O_N = 9;
const O_LEFT = 10;
const O_CUT = 11;
const O_TIETOL = 12;
const O_HI = 13;
const O_SLOTS = 14;
const O_ODD = 15;

/**
 * Builds the decomposition sheet of a plan.
 *
 * @param plan - a plan that `validatePlan` accepted
 * @param options - language, protection, names already taken
 * @returns the sheet, its `Check_*` names and where the split amounts are
 * @throws PlanError from core when the plan was not validated and cannot be split
 * @example
 * const { sheet, names } = buildDecompositionSheet(seedPlan, { lang: "zh" });
 * names.map((n) => n.name) // ["Check_Split_product", …, "Check_Grid_regionQuarter", "Check_Decomposition_All"]
 */
export function buildDecompositionSheet(plan: Plan, options: DecompositionOptions): { sheet: SheetSpec; names: NameSpec[]; cells: DecompositionCells } {
  const L = labels(options.lang);
  const takenSheets = options.takenSheetNames ?? new Set<string>();
  const takenNames = options.takenNames ?? new Set<string>();
  const name = uniqueSheetName(options.sheetName ?? L.decompositionSheet, takenSheets);
  const scale = planScale(plan);
  const unitWord = plan.unit ?? "元";
  const roundTo = plan.roundTo ?? 1;

  const rows: (CellSpec | null)[][] = [];
  const put = (r: number, c: number, cell: CellSpec | null) => {
    while (rows.length <= r) rows.push([]);
    const row = rows[r];
    while (row.length <= c) row.push(null);
    row[c] = cell;
  };
  const formats: FormatSpec[] = [];
  const cfs: ConditionalFormatSpec[] = [];
  const names: NameSpec[] = [];
  const tables: TableSpec[] = [];
  const merges: string[] = [];
  const checkCells: string[] = [];
  /** A check cell: TRUE while every part is; FALSE (not an error) as soon as `unless` holds. */
  const addCheck = (r: number, c: number, parts: string[], label: string, comment: string, unless?: string) => {
    put(r, c, { f: unless ? `IF(${unless},FALSE,AND(${parts.join(",")}))` : `AND(${parts.join(",")})`, expect: true });
    const ref = absA1(r, c);
    names.push({ name: checkName(label.split("|"), takenNames), sheet: name, ref, comment: nameComment(comment) });
    checkCells.push(cellA1(r, c));
    formats.push({ range: cellA1(r, c), bold: true, horizontal: "center" });
  };
  const amountFmt = amountFormat(roundTo);
  /** Whether any split has rounding work (then the work columns are grouped and collapsed). */
  let hasWork = false;
  // Work columns start two columns right of the widest printed block (a grid: name, columns, total, target, check).
  const widest = Math.max(A_NOTE, ...(plan.grids ?? []).map((g) => resolveSplit(plan, g.columns).names.length + 3));
  const W0 = widest + 2;
  const W_EFF = W0 + O_EFF;
  const W_Q = W0 + O_Q;
  const W_BASE = W0 + O_BASE;
  const W_REM = W0 + O_REM;
  const W_TIE = W0 + O_TIE;
  const W_NET = W0 + O_NET;
  const W_WSUM = W0 + O_WSUM;
  const W_HEAVY = W0 + O_HEAVY;
  const W_N0 = W0 + O_N0;
  const W_N = W0 + O_N;
  const W_LEFT = W0 + O_LEFT;
  const W_CUT = W0 + O_CUT;
  const W_TIETOL = W0 + O_TIETOL;
  const W_HI = W0 + O_HI;
  const W_SLOTS = W0 + O_SLOTS;
  const W_ODD = W0 + O_ODD;
  const W_LAST = W_ODD;
  /** Number formats of a split's rounding work (rows r0..r1): counts, fractions of a unit, the tolerance, amounts. */
  const workFormats = (r0: number, r1: number, amount: string): FormatSpec[] =>
    (
      [
        [W_EFF, WEIGHT_FORMAT],
        [W_Q, WORK_FORMATS.fraction],
        [W_BASE, WORK_FORMATS.count],
        [W_REM, WORK_FORMATS.fraction],
        [W_TIE, WORK_FORMATS.count],
        [W_NET, amount],
        [W_WSUM, WEIGHT_FORMAT],
        [W_HEAVY, WORK_FORMATS.position],
        [W_N0, WORK_FORMATS.count],
        [W_N, WORK_FORMATS.count],
        [W_LEFT, WORK_FORMATS.count],
        [W_CUT, WORK_FORMATS.fraction],
        [W_TIETOL, WORK_FORMATS.tolerance],
        [W_HI, WORK_FORMATS.fraction],
        [W_SLOTS, WORK_FORMATS.count],
        [W_ODD, amount],
      ] as [number, string][]
    ).map(([c, numFmt]) => ({ range: rangeA1(r0, c, r1, c), numFmt }));

  // ---- summary ----
  let r = 0;
  put(r, 0, { v: plan.title });
  formats.push({ range: "A1", bold: true });
  merges.push("A1:F1");
  r = 2;
  put(r, 0, { v: L.summary });
  formats.push({ range: cellA1(r, 0), bold: true, fill: "#DDEBF7" });
  r++;
  put(r, 0, { v: L.year });
  put(r, 1, { v: plan.year });
  r++;
  put(r, 0, { v: L.currency });
  put(r, 1, { v: plan.currency ?? "CNY" });
  r++;
  put(r, 0, { v: L.unitLabel });
  put(r, 1, { v: unitWord });
  put(r, 2, { v: L.roundTo });
  put(r, 3, { v: roundTo });
  r++;
  const totalDisplay = toDisplay(planTotal(plan), scale);
  let lastTotalRef: string | undefined;
  if (plan.lastYear) {
    put(r, 0, { v: `${L.lastYearTotal} (${unitWord})` });
    put(r, 1, { v: toDisplay(plan.lastYear.total, scale), input: true });
    formats.push({ range: cellA1(r, 1), numFmt: amountFmt, locked: false });
    const lastRef = absA1(r, 1);
    lastTotalRef = lastRef;
    r++;
    put(r, 0, { v: L.growth });
    put(r, 1, { v: plan.lastYear.growth, input: true });
    formats.push({ range: cellA1(r, 1), numFmt: PERCENT_FORMAT, locked: false });
    const growthRef = absA1(r, 1);
    r++;
    put(r, 0, { v: `${L.planTotal} (${unitWord})` });
    put(r, 1, { f: `${lastRef}*(1+${growthRef})`, expect: totalDisplay });
    formats.push({ range: cellA1(r, 1), numFmt: amountFmt, bold: true });
  } else {
    put(r, 0, { v: `${L.planTotal} (${unitWord})` });
    put(r, 1, { v: totalDisplay, input: true });
    formats.push({ range: cellA1(r, 1), numFmt: amountFmt, bold: true, locked: false });
  }
  const totalCell = absA1(r, 1);
  r++;
  if (plan.headcount) {
    const hc = plan.headcount;
    put(r, 0, { v: L.heads });
    if (hc.lastYear !== undefined) {
      put(r, 1, { v: hc.lastYear, input: true });
      put(r, 2, { v: "→" });
    }
    put(r, 3, { v: hc.planned, input: true });
    formats.push({ range: cellA1(r, 1), locked: false }, { range: cellA1(r, 3), locked: false, bold: true });
    const heads = absA1(r, 3);
    const lastHeads = absA1(r, 1);
    r++;
    put(r, 0, { v: `${L.perHead} (${unitWord})` });
    if (hc.lastYear !== undefined && plan.lastYear && lastTotalRef) {
      put(r, 1, { f: `${lastTotalRef}/${lastHeads}`, expect: toDisplay(plan.lastYear.total, scale) / hc.lastYear });
      put(r, 2, { v: "→" });
    }
    put(r, 3, { f: `${totalCell}/${heads}`, expect: totalDisplay / hc.planned });
    formats.push({ range: rangeA1(r, 1, r, 3), numFmt: amountFormat(roundTo > 0 ? Math.min(roundTo, 0.01) : 0) });
    r++;
  }
  const allRow = r;
  put(allRow, 0, { v: L.checksTitle });
  r += 2;

  // ---- splits ----
  const resolved = new Map<string, ResolvedSplit>();
  for (const s of plan.splits ?? []) resolved.set(s.id, resolveSplit(plan, s.id));
  const amountCells: Record<string, string[]> = {};
  const splitTotalCell: Record<string, string> = {};
  for (const s of plan.splits ?? []) {
    const R = resolved.get(s.id)!;
    const count = (s.measure ?? "amount") === "count";
    const fmt = count ? amountFormat(R.roundTo || 1) : amountFormat(R.roundTo);
    const unitLabel = count ? L.count : unitWord;
    const display = s.members ? R.names : defaultTimeMembers(s.kind, options.lang);
    const k = R.names.length;
    const basis = s.basis ?? (s.members ? "weights" : "even");
    const title = `${s.name ?? L.kinds[s.kind]} (${unitLabel})`;
    // Title and the total to split.
    put(r, 0, { v: title });
    formats.push({ range: rangeA1(r, 0, r, A_NOTE), bold: true, fill: "#FCE4D6" });
    r++;
    const within = s.withinQuarters !== undefined ? resolved.get(s.withinQuarters)! : undefined;
    if (within) {
      put(r, 0, { v: L.planTotal });
      put(r, 1, { f: `SUM(${rangeOf(amountCells[s.withinQuarters!])})`, expect: R.total });
    } else if (s.total !== undefined) {
      put(r, 0, { v: L.planTotal });
      put(r, 1, { v: toDisplay(s.total, R.scale), input: true });
      formats.push({ range: cellA1(r, 1), locked: false });
    } else {
      put(r, 0, { v: L.planTotal });
      put(r, 1, { f: totalCell, expect: R.total });
    }
    formats.push({ range: cellA1(r, 1), numFmt: fmt, bold: true });
    const blockTotal = absA1(r, 1);
    put(r, 2, { v: R.roundTo > 0 ? `${L.roundTo} ${num(R.roundTo)}` : L.exact });
    if (R.names.length > NATIVE_MAX_MEMBERS) put(r, 4, { v: L.valuesNote });
    r++;
    // Header.
    const header = r;
    const weightWord = basis === "lastYear" ? `${L.lastYear} (${count ? L.count : "元"})` : basis === "percent" ? `${L.weight} (%)` : L.weight;
    [L.member, weightWord, L.held, L.share, `${L.amount} (${unitLabel})`, L.note].forEach((h, c) => put(r, c, { v: h }));
    formats.push({ range: rangeA1(r, 0, r, A_NOTE), ...HEADER });
    const native = k <= NATIVE_MAX_MEMBERS;
    const rounded = R.roundTo > 0;
    if (native && rounded) {
      const work: [number, string][] = [
        ...(within ? [] : ([[W_EFF, L.workEff]] as [number, string][])),
        [W_Q, L.workQ],
        [W_BASE, L.workBase],
        [W_REM, L.workRem],
        [W_TIE, L.workTie],
        ...(within ? [] : ([[W_NET, L.workNet]] as [number, string][])),
        [W_WSUM, L.workW],
        [W_HEAVY, L.workHeaviest],
        [W_N0, L.workN0],
        [W_N, L.workN],
        [W_LEFT, L.workLeft],
        [W_CUT, L.workCut],
        [W_TIETOL, L.workTieTol],
        [W_HI, L.workHi],
        [W_SLOTS, L.workSlots],
        [W_ODD, L.workOdd],
      ];
      for (const [c, t] of work) put(r, c, { v: t });
      formats.push({ range: rangeA1(r - 2, W_EFF, r - 2, W_EFF), ...WORK });
      put(r - 2, W_EFF, { v: L.work });
      formats.push({ range: rangeA1(r, W_EFF, r + k, W_LAST), ...WORK });
      if (k > 0) formats.push(...workFormats(r + 1, r + k, fmt));
      hasWork = true;
    }
    r++;
    const first = r;
    const last = r + k - 1;
    const wCells = Array.from({ length: k }, (_, i) => absA1(first + i, A_WEIGHT));
    const hCells = Array.from({ length: k }, (_, i) => absA1(first + i, A_HELD));
    const aCells = Array.from({ length: k }, (_, i) => absA1(first + i, A_AMOUNT));
    const wRange = rangeA1(first, A_WEIGHT, last, A_WEIGHT, true);
    const hRange = rangeA1(first, A_HELD, last, A_HELD, true);
    // Members: names, weights (the rest member's as a formula), held, notes.
    const restIdx = s.members ? s.members.findIndex((m) => m.rest) : -1;
    for (let i = 0; i < k; i++) {
      const m = s.members?.[i];
      put(first + i, A_NAME, { v: display[i] + (m?.rest ? ` ${L.rest}` : "") });
      if (i === restIdx) {
        // 100 less every other free member's percentage (as core's effectiveWeights counts them:
        // held members' are not counted): the ranges above and below the rest member, so the
        // formula has the same size for 3 members or 1,000.
        const others = [
          ...(restIdx > 0 ? [[first, first + restIdx - 1]] : []),
          ...(restIdx < k - 1 ? [[first + restIdx + 1, last]] : []),
        ].map(([a, b]) => `SUMPRODUCT(${rangeA1(a, A_WEIGHT, b, A_WEIGHT, true)}*(${rangeA1(a, A_HELD, b, A_HELD, true)}<=0))`);
        put(first + i, A_WEIGHT, { f: `MAX(0,100-${others.length ? others.join("-") : "0"})`, expect: R.weights[i] });
      } else {
        put(first + i, A_WEIGHT, { v: R.weights[i], input: true });
      }
      put(first + i, A_HELD, R.held[i] > 0 ? { v: R.held[i], input: true } : within ? null : { v: null, input: true });
      if (m?.note || within) put(first + i, A_NOTE, { v: within ? `${L.withinQuarter(L.quarters[Math.floor(i / 3)])}${m?.note ? ` · ${m.note}` : ""}` : m!.note! });
      put(first + i, A_SHARE, { f: `IF(${blockTotal}=0,0,${aCells[i]}/${blockTotal})`, expect: R.total === 0 ? 0 : R.amounts[i] / R.total });
    }
    formats.push({ range: rangeA1(first, A_WEIGHT, last, A_WEIGHT), numFmt: basis === "lastYear" ? "#,##0" : WEIGHT_FORMAT, locked: false });
    if (!within) formats.push({ range: rangeA1(first, A_HELD, last, A_HELD), numFmt: fmt, locked: false });
    if (restIdx >= 0) formats.push({ range: cellA1(first + restIdx, A_WEIGHT), locked: true, italic: true });
    formats.push({ range: rangeA1(first, A_SHARE, last + 1, A_SHARE), numFmt: SHARE_FORMAT });
    formats.push({ range: rangeA1(first, A_AMOUNT, last + 1, A_AMOUNT), numFmt: fmt });
    // Amounts.
    const checks: string[] = [];
    if (within) {
      const qCells = amountCells[s.withinQuarters!];
      for (let q = 0; q < 4; q++) {
        const g0 = first + 3 * q;
        const amounts = splitFormulas({
          amount: qCells[q],
          total: qCells[q],
          unit: R.roundTo,
          weights: wCells.slice(3 * q, 3 * q + 3),
          weightRange: rangeA1(g0, A_WEIGHT, g0 + 2, A_WEIGHT, true),
          row0: g0,
          scalarRow: g0,
          native,
          values: R.amounts.slice(3 * q, 3 * q + 3),
        });
        for (let j = 0; j < 3; j++) put(g0 + j, A_AMOUNT, amounts[j]);
        checks.push(addsUp(`SUM(${rangeA1(g0, A_AMOUNT, g0 + 2, A_AMOUNT)})`, qCells[q]));
      }
    } else {
      const heldSum = `SUM(${hRange})`;
      const amounts = splitFormulas({
        amount: blockTotal,
        total: blockTotal,
        unit: R.roundTo,
        weights: wCells,
        weightRange: wRange,
        held: hCells,
        heldRange: hRange,
        heldSum,
        row0: first,
        scalarRow: first,
        native,
        values: R.amounts,
        live: options.live ? (i) => `INDEX(TARGET.SPLIT(${blockTotal},${wRange},${num(R.roundTo)},${hRange}),${i + 1},1)` : undefined,
      });
      for (let i = 0; i < k; i++) put(first + i, A_AMOUNT, amounts[i]);
    }
    amountCells[s.id] = aCells;
    // Total row and check.
    const tr = last + 1;
    put(tr, A_NAME, { v: L.total });
    put(tr, A_WEIGHT, { f: `SUM(${wRange})`, expect: clean(R.weights.reduce((a, b) => a + b, 0)) });
    put(tr, A_SHARE, { f: `SUM(${rangeA1(first, A_SHARE, last, A_SHARE)})`, expect: R.total === 0 ? 0 : 1 });
    put(tr, A_AMOUNT, { f: `SUM(${rangeA1(first, A_AMOUNT, last, A_AMOUNT)})`, expect: R.total });
    formats.push({ range: rangeA1(tr, 0, tr, A_NOTE), bold: true, border: true, fill: "#F2F2F2" });
    formats.push({ range: cellA1(tr, A_WEIGHT), numFmt: WEIGHT_FORMAT });
    if (!within) put(tr, A_HELD, { f: `SUM(${hRange})`, expect: clean(R.held.reduce((a, b) => a + b, 0)) });
    checks.unshift(addsUp(cellA1(tr, A_AMOUNT), blockTotal));
    if (basis === "percent") checks.push(addsUp(`SUMPRODUCT(${wRange}*(${hRange}<=0))`, "100"));
    // A negative weight can make the amounts errors (#DIV/0!, #NUM!), and AND of an error is
    // the error: the check would show it rather than FALSE, and not turn red. Asked first.
    addCheck(tr, A_NOTE, checks, `Split|${s.id}`, L.checkSplit(s.name ?? s.id), `COUNTIF(${wRange},"<0")>0`);
    splitTotalCell[s.id] = blockTotal;
    if (!within && k > 0) {
      const heads = [L.member, weightWord, L.held, L.share, `${L.amount} (${unitLabel})`, L.note].map((h) => h.toLowerCase());
      if (new Set(heads).size === heads.length) tables.push({ name: tableName(`Split ${s.id}`, takenNames), range: rangeA1(header, 0, last, A_NOTE), style: "TableStyleLight1" });
    }
    r = tr + 2;

    function splitFormulas(p: {
      amount: string;
      /** The split's total before held amounts. */
      total: string;
      unit: number;
      weights: string[];
      weightRange: string;
      held?: string[];
      heldRange?: string;
      heldSum?: string;
      row0: number;
      scalarRow: number;
      native: boolean;
      values: number[];
      live?: (i: number) => string;
    }): CellSpec[] {
      const n = p.weights.length;
      const withLive = (i: number, f: string): CellSpec => ({ f, expect: p.values[i], ...(p.live ? { live: p.live(i) } : {}) });
      if (!p.native) return p.values.map((v) => ({ v }));
      if (p.unit <= 0) {
        const amount = p.heldSum ? `(${p.amount}-${p.heldSum})` : p.amount;
        return exactShareFormulas(amount, p.weights, p.weightRange, p.held, p.heldRange).map((f, i) => withLive(i, f));
      }
      let amount = p.amount;
      if (p.held) {
        put(p.scalarRow, W_NET, { f: netAmountFormula(p.amount, p.heldSum!) });
        amount = absA1(p.scalarRow, W_NET);
      }
      const eff = p.held ? Array.from({ length: n }, (_, i) => absA1(p.row0 + i, W_EFF)) : undefined;
      const per = (c: number) => Array.from({ length: n }, (_, i) => absA1(p.row0 + i, c));
      const at = (c: number) => absA1(p.scalarRow, c);
      const F = largestRemainderFormulas({
        amount,
        unit: p.unit,
        weights: p.weights,
        weightRange: p.weightRange,
        held: p.held,
        heldRange: p.heldRange,
        effective: eff,
        effectiveRange: eff ? rangeA1(p.row0, W_EFF, p.row0 + n - 1, W_EFF, true) : undefined,
        wsum: at(W_WSUM),
        heaviest: at(W_HEAVY),
        total: p.total,
        n0: at(W_N0),
        n: at(W_N),
        left: at(W_LEFT),
        cut: at(W_CUT),
        tie: at(W_TIETOL),
        hi: at(W_HI),
        slots: at(W_SLOTS),
        odd: at(W_ODD),
        q: per(W_Q),
        qRange: rangeA1(p.row0, W_Q, p.row0 + n - 1, W_Q, true),
        base: per(W_BASE),
        baseRange: rangeA1(p.row0, W_BASE, p.row0 + n - 1, W_BASE, true),
        rem: per(W_REM),
        remRange: rangeA1(p.row0, W_REM, p.row0 + n - 1, W_REM, true),
        ties: per(W_TIE),
      });
      const scalars: [number, string][] = [
        [W_WSUM, F.wsum],
        [W_HEAVY, F.heaviest],
        [W_N0, F.n0],
        [W_N, F.n],
        [W_LEFT, F.left],
        [W_CUT, F.cut],
        [W_TIETOL, F.tie],
        [W_HI, F.hi],
        [W_SLOTS, F.slots],
        [W_ODD, F.odd],
      ];
      for (const [c, f] of scalars) put(p.scalarRow, c, { f });
      for (let i = 0; i < n; i++) {
        if (F.effective) put(p.row0 + i, W_EFF, { f: F.effective[i] });
        put(p.row0 + i, W_Q, { f: F.q[i] });
        put(p.row0 + i, W_BASE, { f: F.base[i] });
        put(p.row0 + i, W_REM, { f: F.rem[i] });
        put(p.row0 + i, W_TIE, { f: F.ties[i] });
      }
      return F.result.map((f, i) => withLive(i, f));
    }
  }

  // ---- grids ----
  for (const g of plan.grids ?? []) {
    const G = resolveGrid(plan, g.id);
    const rowsS = G.rows;
    const colsS = G.columns;
    const count = (rowsS.split.measure ?? "amount") === "count";
    const fmt = amountFormat(G.roundTo > 0 ? G.roundTo : count ? 1 : roundTo);
    const m = G.values.length;
    const n = colsS.names.length;
    const rowNames = rowsS.split.members ? rowsS.names : defaultTimeMembers(rowsS.split.kind, options.lang);
    const colNames = colsS.split.members ? colsS.names : defaultTimeMembers(colsS.split.kind, options.lang);
    const title = `${g.name ?? `${rowsS.split.name ?? L.kinds[rowsS.split.kind]} × ${colsS.split.name ?? L.kinds[colsS.split.kind]}`} (${count ? L.count : unitWord})`;
    put(r, 0, { v: title });
    formats.push({ range: rangeA1(r, 0, r, n + 3), bold: true, fill: "#FCE4D6" });
    r++;
    put(r, 0, { v: G.roundTo > 0 ? L.gridNote : L.gridExactNote });
    formats.push({ range: cellA1(r, 0), italic: true, color: "#595959" });
    r++;
    const header = r;
    const cTotal = n + 1;
    const cTarget = n + 2;
    const cCheck = n + 3;
    put(r, 0, { v: rowsS.split.name ?? L.kinds[rowsS.split.kind] });
    colNames.forEach((c, j) => put(r, 1 + j, { v: c }));
    put(r, cTotal, { v: L.total });
    put(r, cTarget, { v: L.target });
    put(r, cCheck, { v: L.check });
    formats.push({ range: rangeA1(r, 0, r, cCheck), ...HEADER });
    r++;
    const first = r;
    const rowChecks: string[] = [];
    // An exact grid (no rounding) meets each margin within 1e-10 of the grid's total, as SPREAD
    // fits it, not of the margin itself: its checks allow 1e-9 of the grid's total (a row of
    // 1,000 beside one of 999,000 may be off by 8e-5). A rounded grid meets its margins exactly.
    const grand = absA1(first + m, cTotal);
    const meets = (sum: string, target: string) => (G.roundTo > 0 ? addsUp(sum, target) : `ABS(${sum}-${target})<=1E-9*MAX(1,ABS(${target}),ABS(${grand}))`);
    const sumOf = (xs: number[]) => clean(xs.reduce((a, b) => a + b, 0));
    for (let i = 0; i < m; i++) {
      put(r, 0, { v: rowNames[i] });
      for (let j = 0; j < n; j++) put(r, 1 + j, { v: G.values[i][j] });
      put(r, cTotal, { f: `SUM(${rangeA1(r, 1, r, n)})`, expect: sumOf(G.values[i]) });
      put(r, cTarget, { f: amountCells[rowsS.split.id][i], expect: rowsS.amounts[i] });
      put(r, cCheck, { f: meets(cellA1(r, cTotal), cellA1(r, cTarget)), expect: true });
      rowChecks.push(cellA1(r, cCheck));
      r++;
    }
    const last = r - 1;
    // Total row, the column targets, and the grid's check.
    put(r, 0, { v: L.total });
    for (let j = 0; j < n; j++) put(r, 1 + j, { f: `SUM(${rangeA1(first, 1 + j, last, 1 + j)})`, expect: sumOf(G.values.map((row) => row[j])) });
    put(r, cTotal, { f: `SUM(${rangeA1(first, cTotal, last, cTotal)})`, expect: sumOf(G.values.map((row) => sumOf(row))) });
    formats.push({ range: rangeA1(r, 0, r, cCheck), bold: true, border: true, fill: "#F2F2F2" });
    const tr = r;
    r++;
    put(r, 0, { v: L.target });
    for (let j = 0; j < n; j++) put(r, 1 + j, { f: amountCells[colsS.split.id][j], expect: colsS.amounts[j] });
    formats.push({ range: rangeA1(r, 0, r, n), italic: true });
    const targetRow = r;
    r++;
    // One check per column, in a row of its own (as each row has its check cell), so the grid's
    // check reads two ranges whatever the number of columns (Excel takes 255 arguments a call).
    put(r, 0, { v: L.check });
    for (let j = 0; j < n; j++) put(r, 1 + j, { f: meets(cellA1(tr, 1 + j), cellA1(targetRow, 1 + j)), expect: true });
    const colCheckRow = r;
    formats.push({ range: rangeA1(first, 1, targetRow, cTarget), numFmt: fmt });
    formats.push({ range: rangeA1(first, cCheck, last, cCheck), horizontal: "center" });
    formats.push({ range: rangeA1(colCheckRow, 1, colCheckRow, n), horizontal: "center" });
    cfs.push({ range: rangeA1(first, cCheck, last, cCheck), formula: `${cellA1(first, cCheck)}=FALSE`, ...RED });
    if (n > 0) cfs.push({ range: rangeA1(colCheckRow, 1, colCheckRow, n), formula: `${cellA1(colCheckRow, 1)}=FALSE`, ...RED });
    const gridParts = [m > 0 ? rangeA1(first, cCheck, last, cCheck) : "TRUE", n > 0 ? rangeA1(colCheckRow, 1, colCheckRow, n) : "TRUE"];
    addCheck(tr, cCheck, gridParts, `Grid|${g.id}`, L.checkGrid(title));
    const heads = [rowsS.split.name ?? L.kinds[rowsS.split.kind], ...colNames, L.total, L.target, L.check].map((h) => h.toLowerCase());
    if (m > 0 && new Set(heads).size === heads.length) tables.push({ name: tableName(`Grid ${g.id}`, takenNames), range: rangeA1(header, 0, last, cCheck), style: "TableStyleLight1" });
    r += 2;
  }

  // ---- all checks ----
  const allParts = checkCells.length ? checkCells : ["TRUE"];
  put(allRow, 1, { f: `AND(${allParts.join(",")})`, expect: true });
  names.push({ name: checkName(["Decomposition", "All"], takenNames), sheet: name, ref: absA1(allRow, 1), comment: L.checksTitle });
  formats.push({ range: rangeA1(allRow, 0, allRow, 1), bold: true });
  checkCells.push(cellA1(allRow, 1));
  for (const c of checkCells) cfs.push({ range: c, formula: `${c}=FALSE`, ...RED, bold: true });

  // Dense rows.
  const width = Math.max(...rows.map((x) => x.length), A_NOTE + 1);
  for (const row of rows) while (row.length < width) row.push(null);
  if (hasWork) {
    // The rounding work grouped and collapsed, labelled in the column left of it (row 1, whose
    // work cells are empty, so the label runs over the hidden columns).
    put(0, W0 - 1, { v: L.workHidden });
    formats.push({ range: cellA1(0, W0 - 1), ...WORK });
  }
  const sheet: SheetSpec = {
    name,
    kind: "decomposition",
    rows,
    formats,
    conditionalFormats: cfs,
    tables,
    columnWidths: Array.from({ length: width }, (_, c) => (c === 0 ? 26 : c === A_NOTE ? 26 : c >= W_EFF && c <= W_LAST ? 9 : 13)),
    freeze: { rows: 1, columns: 1 },
    merges,
    print: { landscape: false, fitToWidth: true, area: rangeA1(0, 0, rows.length - 1, widest) },
    ...(options.protect ? { protect: true } : {}),
    ...(hasWork ? { columnGroups: [{ columns: `${colLetter(W_EFF)}:${colLetter(W_LAST)}`, collapsed: true }] } : {}),
  };
  return { sheet, names, cells: { total: totalCell, amounts: amountCells } };
}

function rangeOf(cells: string[]): string {
  return cells.length === 1 ? cells[0] : `${cells[0]}:${cells[cells.length - 1]}`;
}

function clean(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(15));
}
