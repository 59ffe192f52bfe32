/**
 * The decomposition table of a cascade (销售目标分解表): one row per node and numeric target
 * type, depth first (a node's rows, then its subtree), with the level, node, owner, target
 * type, weight, held amount, start month, annual target, buffer, what it hands down,
 * quarters, deadline, inherited rates, commitment, gap and flag, a check — and the twelve
 * months beside. Printable on A4 landscape (the table; the months stay on screen).
 *
 * Every child's target is a native formula of its parent's hand-down cell (largest
 * remainder, reproducing core `splitTotal` as the decomposition sheet does, see
 * ./formulas), so a changed weight or top total flows to every person without the add-in.
 * The rounding work sits in helper columns on the right, grouped and collapsed:
 * - per row, the split of its year into months (by the seasonality row, or the node's own
 *   last year; months before a start month are "held" out of the split and shown empty);
 * - per numeric type and depth, a block of columns for the siblings' split: a child's row
 *   holds its part, its parent's row the split's scalars. Siblings are not adjacent rows
 *   (their subtrees lie between), but a block's cells between them are blank — deeper
 *   nodes use deeper blocks — so SUM, LARGE, MATCH and SUMPRODUCT over the span from the
 *   first sibling to the last see the siblings only, and no formula grows with the number
 *   of children.
 *
 * Checks: a check per row (months and quarters add up to the year; a node's children add up
 * to what it hands down, which is annual × (1 + buffer); weights and held amounts ≥ 0;
 * percentages adding to 100; no month before a start month; a rate no looser than its
 * parent's), `Check_Cascade_N…` per node with children, `Check_Cascade_Level…` per level and
 * `Check_Cascade_All`.
 */
import { excelSerial } from "./tracking";
import { type CascadeNode, type CascadeResult, type CascadeType } from "./cascade";
import { cascadeWords } from "./cascade-words";
import { WEIGHT_FORMAT, absA1, addsUp, amountFormat, cellA1, exactShareFormulas, largestRemainderFormulas, netAmountFormula, num, rangeA1 } from "./formulas";
import type { SheetLang } from "./i18n";
import { checkName, uniqueSheetName } from "./names";
import type { Plan } from "./plan";
import type { CellSpec, CellValue, ConditionalFormatSpec, FormatSpec, NameSpec, SheetSpec } from "./spec";

/** Options of {@link buildCascadeSheet}. */
export interface CascadeSheetOptions {
  lang: SheetLang;
  /** Protect the sheet: weights, held amounts, buffers, dates, commitments and the top's target stay editable. */
  protect?: boolean;
  /** Sheet names already taken (case-insensitive); the new one is added. */
  takenSheetNames?: Set<string>;
  /** Defined names already taken (case-insensitive); the new ones are added. */
  takenNames?: Set<string>;
}

/** Where a node's figures are on the sheet, for the letters and the tracking sheet that refer to them. */
export interface CascadeCells {
  sheet: string;
  /** By node index, by type index: the 0-based row of a numeric type (-1 for a rate). */
  rows: number[][];
  /** By node index, by type index: the absolute address of a rate's cell ("" for a numeric type). */
  rates: string[][];
  /** 0-based columns. */
  col: { owner: number; annual: number; quarters: number[]; months: number[]; deadline: number; start: number; handedDown: number; buffer: number };
}

// ---- layout ---------------------------------------------------------------------------------

const TITLE = 0;
const INFO = 1;
const CHECKS = 2;
const SEASON = 3;
const HEADER = 4;
const DATA = 5;

const LEVEL = 0;
const NODE = 1;
const OWNER = 2;
const TYPE = 3;
const WEIGHT = 4;
const HELD = 5;
const START = 6;
const ANNUAL = 7;
const BUFFER = 8;
const HANDED = 9;
const Q0 = 10;
const DEADLINE = 14;
const RATE0 = 15;

/** Offsets in a row's month block: own weights, before-start flags, free weights, Σ and heaviest, scalars, q / whole / remainder / ties per month. */
const MB = { w: 0, flag: 12, eff: 24, wsum: 36, heavy: 37, n0: 38, n: 39, left: 40, cut: 41, tie: 42, hi: 43, slots: 44, odd: 45, q: 46, base: 58, rem: 70, ties: 82, size: 94 };
/** Offsets in a siblings' block: per part, then the split's scalars (on the parent's row). */
const SB = { w: 0, wf: 1, gone: 2, c: 3, sw: 4, held: 5, eff: 6, q: 7, base: 8, rem: 9, ties: 10, wsum: 11, heavy: 12, n0: 13, n: 14, left: 15, cut: 16, tie: 17, hi: 18, slots: 19, odd: 20, net: 21, swf: 22, sc: 23, size: 24 };

/** The columns of a cascade sheet with `rates` rate types, `numeric` numeric types and depths to `maxDepth`. */
function columnsOf(rates: number, numeric: number, maxDepth: number) {
  const commit = RATE0 + rates;
  const check = commit + 4;
  const m0 = check + 1;
  const h0 = m0 + 13;
  const mb = h0 + 4;
  const ab0 = mb + MB.size;
  return {
    commit,
    gap: commit + 1,
    gapShare: commit + 2,
    flag: commit + 3,
    check,
    m0,
    depth: h0,
    type: h0 + 1,
    kids: h0 + 2,
    nodeCheck: h0 + 3,
    mb,
    /** First column of the siblings' block of numeric type `i` splitting to depth `d` (≥ 1). */
    block: (i: number, d: number) => ab0 + (i * Math.max(1, maxDepth) + (d - 1)) * SB.size,
    h0,
    last: ab0 + numeric * Math.max(1, maxDepth) * SB.size - 1,
  };
}

/**
 * How many columns the table of a cascade takes: the columns people read, the months, the
 * helper columns of the months' rounding, and a block of helper columns per numeric target
 * type and depth below the top (each split's work sits in its own block).
 *
 * @param rates - how many rate types (a column each)
 * @param numeric - how many amount and count types (a block per depth each)
 * @param maxDepth - the deepest depth (the top is 0)
 * @returns the sheet's width in columns, as {@link buildCascadeSheet} lays it out
 * @example cascadeTableColumns(0, 20, 36) // 17411: more than Excel's 16,384
 */
export function cascadeTableColumns(rates: number, numeric: number, maxDepth: number): number {
  return columnsOf(rates, numeric, maxDepth).last + 1;
}

/** Where everything is on a cascade's table (0-based rows and columns), as {@link buildCascadeSheet} lays it out. */
export interface CascadeLayout {
  /** The sheet's size: rows (the title to the last node's row) and columns (the helper columns included). */
  size: { rows: number; columns: number };
  /** The rows of the checks by level, the seasonality and the header; the nodes' rows run from `first` to `last`. */
  row: { checks: number; season: number; header: number; first: number; last: number };
  /** By node index, by type index: the row of a numeric type (-1 for a rate). */
  rows: number[][];
  /** By node index, by type index: the absolute address of a rate's cell ("" for a numeric type). */
  rates: string[][];
  col: {
    level: number;
    node: number;
    owner: number;
    type: number;
    weight: number;
    held: number;
    start: number;
    annual: number;
    buffer: number;
    handedDown: number;
    quarters: number[];
    deadline: number;
    commitment: number;
    gap: number;
    gapShare: number;
    flag: number;
    /** Each row's check. */
    check: number;
    months: number[];
    /** Helper columns: the row's depth, its type's index, its number of children, its node's check (on the node's first row). */
    depth: number;
    typeIndex: number;
    kids: number;
    nodeCheck: number;
  };
  /** Columns of the checks row: every row's check (Check_Cascade_All) and each level's, by depth; the seasonality's check is on its row, in `col.check`. */
  checks: { all: number; levels: number[] };
}

/**
 * The table's layout for a worked-out cascade: one row per node and numeric type, depth first.
 * @param result - `resolveCascade(plan)`
 * @returns rows and columns of every figure and check
 * @example cascadeLayout(resolveCascade(plan)).rows[0][0] // 5: the top's first row, under the header
 */
export function cascadeLayout(result: CascadeResult): CascadeLayout {
  const { nodes, types } = result;
  const numeric = types.filter((t) => t.numeric);
  const rateTypes = types.filter((t) => !t.numeric);
  const K = columnsOf(rateTypes.length, numeric.length, result.maxDepth);
  const rows: number[][] = nodes.map(() => types.map(() => -1));
  let r = DATA;
  for (const n of nodes) for (const t of numeric) rows[n.index][t.index] = r++;
  const rates: string[][] = nodes.map(() => types.map(() => ""));
  rateTypes.forEach((t, j) => nodes.forEach((n) => (rates[n.index][t.index] = absA1(rows[n.index][numeric[0].index], RATE0 + j))));
  return {
    size: { rows: r, columns: K.last + 1 },
    row: { checks: CHECKS, season: SEASON, header: HEADER, first: DATA, last: r - 1 },
    rows,
    rates,
    col: {
      level: LEVEL,
      node: NODE,
      owner: OWNER,
      type: TYPE,
      weight: WEIGHT,
      held: HELD,
      start: START,
      annual: ANNUAL,
      buffer: BUFFER,
      handedDown: HANDED,
      quarters: [Q0, Q0 + 1, Q0 + 2, Q0 + 3],
      deadline: DEADLINE,
      commitment: K.commit,
      gap: K.gap,
      gapShare: K.gapShare,
      flag: K.flag,
      check: K.check,
      months: Array.from({ length: 12 }, (_, m) => K.m0 + m),
      depth: K.depth,
      typeIndex: K.type,
      kids: K.kids,
      nodeCheck: K.nodeCheck,
    },
    checks: { all: 1, levels: Array.from({ length: result.maxDepth + 1 }, (_, d) => 3 + 2 * d) },
  };
}

const RED = { fill: "#FFC7CE", color: "#9C0006" };
const AMBER = { fill: "#FFEB9C", color: "#9C5700" };
const INPUT_FILL = "#FFF9E5";

/**
 * A type's name as the sheets show it: as written, else the sheet's word; an amount with its unit.
 * @example typeLabel(types[0], "万元", "zh") // "销售额 (万元)"
 */
export function typeLabel(ty: CascadeType, unitWord: string, lang: SheetLang): string {
  const w = cascadeWords(lang);
  const name = ty.name ?? w.defaultType[ty.kind];
  if (ty.kind === "amount") return `${name} (${unitWord})`;
  if (ty.kind === "rate") return ty.direction === "lower" ? w.rateAtMost(name) : w.rateAtLeast(name);
  return name;
}

/** A node's level label: as written, else "Level n" / "第n级". */
export function levelLabel(result: CascadeResult, node: CascadeNode, lang: SheetLang): string {
  return node.level ?? result.cascade.levels?.[node.depth] ?? cascadeWords(lang).levelN(node.depth);
}

/** What a node row calls the node: its name, or the held-by-manager words. */
export function nodeLabel(node: CascadeNode, lang: SheetLang): string {
  return node.vacancy ? cascadeWords(lang).vacancy : node.name;
}

/** The number format of a type's amounts. */
export function typeFormat(ty: CascadeType): string {
  return amountFormat(ty.roundTo > 0 ? ty.roundTo : ty.kind === "count" ? 1 : 0);
}

// ---- the builder -------------------------------------------------------------------------------

/**
 * Builds the decomposition table of a worked-out cascade.
 *
 * @param plan - the validated plan (its unit, year and title)
 * @param result - `resolveCascade(plan)`
 * @param options - language, protection, names already taken
 * @returns the sheet, its `Check_*` names, and where each node's figures are
 * @example
 * const { sheet, names } = buildCascadeSheet(plan, resolveCascade(plan), { lang: "zh" });
 * names.at(-1)?.name // "Check_Cascade_All"
 */
export function buildCascadeSheet(plan: Plan, result: CascadeResult, options: CascadeSheetOptions): { sheet: SheetSpec; names: NameSpec[]; cells: CascadeCells } {
  const lang = options.lang;
  const w = cascadeWords(lang);
  const { nodes, types } = result;
  const numeric = types.filter((t) => t.numeric);
  const rateTypes = types.filter((t) => !t.numeric);
  const nIndex = new Map(numeric.map((t, i) => [t.index, i]));
  const K = columnsOf(rateTypes.length, numeric.length, result.maxDepth);
  const takenNames = options.takenNames ?? new Set<string>();
  const name = uniqueSheetName(result.cascade.name ?? w.sheet, options.takenSheetNames ?? new Set<string>());
  const unitWord = plan.unit ?? "元";

  const rows: (CellSpec | null)[][] = [];
  const put = (r: number, c: number, cell: CellSpec | null): void => {
    while (rows.length <= r) rows.push([]);
    const row = rows[r];
    while (row.length <= c) row.push(null);
    row[c] = cell;
  };
  const f = (formula: string, expect?: CellValue): CellSpec => (expect === undefined ? { f: formula } : { f: formula, expect });
  const formats: FormatSpec[] = [];
  const cfs: ConditionalFormatSpec[] = [];
  const names: NameSpec[] = [];
  const comment = (s: string) => [...s].slice(0, 255).join("");

  // ---- rows of the nodes ----
  const layout = cascadeLayout(result);
  const rowOf = layout.rows;
  const lastRow = layout.row.last;
  const firstRow = (n: CascadeNode) => rowOf[n.index][numeric[0].index];
  const lastRowOf = (n: CascadeNode) => rowOf[n.index][numeric[numeric.length - 1].index];
  const rateCell = layout.rates;
  const col = (c: number) => rangeA1(DATA, c, lastRow, c, true);

  // ---- top: title, year and settings, checks by level, seasonality, header ----
  put(TITLE, 0, { v: `${plan.title} · ${result.cascade.name ?? w.sheet}` });
  formats.push({ range: cellA1(TITLE, 0), bold: true });
  put(INFO, 0, { v: w.year });
  put(INFO, 1, { v: plan.year });
  put(INFO, 2, { v: w.unit });
  put(INFO, 3, { v: unitWord });
  put(INFO, 4, { v: w.threshold });
  put(INFO, 7, { v: result.threshold, input: true });
  const merges = [rangeA1(INFO, 4, INFO, 6)];
  const thresholdCell = absA1(INFO, 7);
  formats.push({ range: cellA1(INFO, 1), horizontal: "left" }, { range: cellA1(INFO, 7), numFmt: "0.0%", locked: false, fill: INPUT_FILL });
  const blendCell = absA1(INFO, 11);
  if (result.reconcile === "blend") {
    put(INFO, 8, { v: w.blend });
    put(INFO, 11, { v: result.blend, input: true });
    merges.push(rangeA1(INFO, 8, INFO, 10));
    formats.push({ range: cellA1(INFO, 11), numFmt: "0%", locked: false, fill: INPUT_FILL });
  }
  put(CHECKS, 0, { v: w.allChecks });
  const levels = Array.from({ length: result.maxDepth + 1 }, (_, d) => d);
  levels.forEach((d) => {
    const n = nodes.find((x) => x.depth === d && !x.vacancy) ?? nodes.find((x) => x.depth === d)!;
    put(CHECKS, layout.checks.levels[d] - 1, { v: levelLabel(result, n, lang) });
  });
  put(SEASON, 0, { v: w.season });
  const seasonRange = rangeA1(SEASON, K.m0, SEASON, K.m0 + 11, true);
  result.season.forEach((x, m) => put(SEASON, K.m0 + m, { v: x, input: true }));
  formats.push({ range: rangeA1(SEASON, K.m0, SEASON, K.m0 + 11), numFmt: WEIGHT_FORMAT, locked: false, fill: INPUT_FILL });
  put(SEASON, K.check, f(`AND(SUM(${seasonRange})>0,COUNTIF(${seasonRange},"<0")=0)`, true));
  put(SEASON, K.mb + MB.wsum, f(`SUM(${seasonRange})`));
  put(SEASON, K.mb + MB.heavy, f(`MATCH(MAX(${seasonRange}),${seasonRange},0)`));
  const header: [number, string][] = [
    [LEVEL, w.level],
    [NODE, w.node],
    [OWNER, w.owner],
    [TYPE, w.type],
    [WEIGHT, w.weight],
    [HELD, w.held],
    [START, w.start],
    [ANNUAL, w.annual],
    [BUFFER, w.buffer],
    [HANDED, w.handedDown],
    ...w.quarters.map((q, i) => [Q0 + i, q] as [number, string]),
    [DEADLINE, w.deadline],
    ...rateTypes.map((t, j) => [RATE0 + j, typeLabel(t, unitWord, lang)] as [number, string]),
    [K.commit, w.commitment],
    [K.gap, w.gap],
    [K.gapShare, w.gapShare],
    [K.flag, w.flag],
    [K.check, w.check],
  ];
  for (const [c, text] of header) put(HEADER, c, { v: text });
  for (let m = 0; m < 12; m++) put(HEADER, K.m0 + m, { v: m + 1 });
  const monthNumber = (m: number) => absA1(HEADER, K.m0 + m);
  writeHelperHeads();

  // ---- the nodes' rows: what people read ----
  for (const n of nodes) {
    const fr = firstRow(n);
    for (const t of numeric) {
      const row = rowOf[n.index][t.index];
      const fig = n.figures[t.index];
      put(row, LEVEL, { v: levelLabel(result, n, lang) });
      put(row, NODE, { v: nodeLabel(n, lang) });
      put(row, OWNER, n.owner !== undefined ? { v: n.owner } : null);
      put(row, TYPE, { v: typeLabel(t, unitWord, lang) });
      put(row, K.depth, { v: n.depth });
      put(row, K.type, { v: t.index });
      put(row, K.kids, { v: n.children.length });
      if (n.parent >= 0 && !n.vacancy) {
        if (fig.sharedWeight && !fig.rest) put(row, WEIGHT, f(absA1(fr, WEIGHT), fig.weight!));
        else if (!fig.rest) put(row, WEIGHT, fig.weight !== null && (fig.held === 0 || fig.weight > 0) ? { v: fig.weight, input: true } : { v: null, input: true });
        put(row, HELD, fig.held > 0 ? { v: fig.held, input: true } : { v: null, input: true });
      }
      if (n.parent < 0) {
        put(row, ANNUAL, { v: fig.annual, input: true });
        formats.push({ range: cellA1(row, ANNUAL), locked: false, fill: INPUT_FILL });
      }
      if (!n.leaf) {
        put(row, BUFFER, fig.buffer > 0 || t.buffered ? { v: fig.buffer, input: true } : { v: null, input: true });
        put(row, HANDED, f(`${absA1(row, ANNUAL)}*(1+${absA1(row, BUFFER)})`, fig.handedDown!));
      }
      for (let q = 0; q < 4; q++) put(row, Q0 + q, f(`SUM(${rangeA1(row, K.m0 + 3 * q, row, K.m0 + 3 * q + 2)})`, fig.quarters[q]));
      put(row, DEADLINE, { v: excelSerial(n.deadline), input: true });
      if (!n.vacancy) {
        const own = fig.commitment !== null;
        const rolled = !own && fig.bottomUp !== null;
        if (rolled) {
          const kids = n.children.map((k) => nodes[k]);
          const r0 = rowOf[kids[0].index][t.index];
          const r1 = rowOf[kids[kids.length - 1].index][t.index];
          const span = (c: number) => rangeA1(r0, c, r1, c, true);
          put(row, K.commit, f(`SUMIFS(${span(K.commit)},${span(K.depth)},${n.depth + 1},${span(K.type)},${t.index})`, fig.bottomUp!));
          formats.push({ range: cellA1(row, K.commit), locked: true, italic: true });
        } else put(row, K.commit, { v: fig.commitment, input: true });
      }
      const P = absA1(row, K.commit);
      const H = absA1(row, ANNUAL);
      put(row, K.gap, f(`IF(${P}="","",${P}-${H})`, fig.gap ?? ""));
      put(row, K.gapShare, f(`IF(${P}="","",IF(${H}=0,"",(${P}-${H})/${H}))`, fig.gapShare ?? ""));
      put(row, K.flag, f(`IF(${absA1(row, K.gapShare)}="","",IF(ABS(${absA1(row, K.gapShare)})>${thresholdCell}+1E-9,"${w.flagWord}",""))`, fig.flag ? w.flagWord : ""));
      writeMonths(n, t, row);
    }
    // Start month and rates: once per node, on its first row.
    if (n.person && n.startMonth > 1) put(fr, START, { v: n.startMonth, input: true });
    rateTypes.forEach((t, j) => {
      const fig = n.figures[t.index];
      const own = fig.ownRate === true;
      put(fr, RATE0 + j, own ? { v: fig.annual, input: true } : f(rateCell[n.parent][t.index], fig.annual));
      if (own) formats.push({ range: cellA1(fr, RATE0 + j), locked: false, fill: INPUT_FILL });
    });
    put(fr, K.nodeCheck, f(`AND(${rangeA1(fr, K.check, lastRowOf(n), K.check)})`, true));
  }
  for (const n of nodes) if (!n.leaf) numeric.forEach((t) => writeSplit(n, t));
  writeChecks();

  // ---- formats ----
  formats.push({ range: rangeA1(HEADER, 0, HEADER, K.check), bold: true, wrap: true, horizontal: "center", fill: "#D9E1F2", border: true });
  formats.push({ range: rangeA1(HEADER, K.m0, HEADER, K.m0 + 11), numFmt: w.monthFormat, bold: true, horizontal: "center", fill: "#D9E1F2", border: true });
  formats.push({ range: rangeA1(HEADER, K.h0, HEADER, K.last), color: "#808080", italic: true, wrap: true });
  formats.push({ range: rangeA1(TITLE, K.h0, TITLE, K.h0), color: "#808080", italic: true });
  formats.push({ range: rangeA1(INFO, 0, CHECKS, 0), bold: true }, { range: cellA1(SEASON, 0), bold: true });
  if (lastRow >= DATA) {
    const data = (c0: number, c1 = c0) => rangeA1(DATA, c0, lastRow, c1);
    formats.push({ range: data(WEIGHT), numFmt: WEIGHT_FORMAT, locked: false, fill: INPUT_FILL });
    formats.push({ range: data(HELD), locked: false, fill: INPUT_FILL });
    formats.push({ range: data(START), numFmt: "0", locked: false, fill: INPUT_FILL, horizontal: "center" });
    formats.push({ range: data(BUFFER), numFmt: "0.0%", locked: false, fill: INPUT_FILL });
    formats.push({ range: data(DEADLINE), numFmt: "yyyy-mm-dd", locked: false, fill: INPUT_FILL });
    formats.push({ range: data(K.commit), locked: false, fill: INPUT_FILL });
    if (rateTypes.length) formats.push({ range: data(RATE0, RATE0 + rateTypes.length - 1), numFmt: "0.0%" });
    formats.push({ range: data(K.gapShare), numFmt: "0.0%" });
    formats.push({ range: data(K.flag, K.check), horizontal: "center" });
    // Amount formats by runs of rows of one format (one run when every type has the same).
    const fmtOf = (row: number) => typeFormat(numeric[(row - DATA) % numeric.length]);
    for (let a = DATA; a <= lastRow; ) {
      let b = a;
      const fm = fmtOf(a);
      while (b + 1 <= lastRow && fmtOf(b + 1) === fm) b++;
      for (const [c0, c1] of [[HELD, HELD], [ANNUAL, ANNUAL], [HANDED, Q0 + 3], [K.commit, K.gap], [K.m0, K.m0 + 11]]) formats.push({ range: rangeA1(a, c0, b, c1), numFmt: fm });
      a = b + 1;
    }
    // Colours: a failed check red, a flagged gap amber, the top's rows and the nodes with children bold.
    const R = DATA + 1;
    cfs.push({ range: data(K.check), formula: `${cellA1(DATA, K.check)}=FALSE`, ...RED, bold: true });
    cfs.push({ range: data(K.gap, K.flag), formula: `${cellA1(DATA, K.flag, { col: true })}<>""`, ...AMBER });
    cfs.push({ range: data(0, K.check), formula: `$${colLetterOf(K.depth)}${R}=0`, fill: "#DDEBF7", bold: true });
    cfs.push({ range: data(0, K.check), formula: `$${colLetterOf(K.kids)}${R}>0`, fill: "#F2F2F2", bold: true });
  }

  const sheet: SheetSpec = {
    name,
    kind: "decomposition",
    rows,
    formats,
    conditionalFormats: cfs,
    columnWidths: columnWidths(),
    freeze: { rows: HEADER + 1, columns: 2 },
    merges,
    print: { landscape: true, fitToWidth: true, pagesWide: 1, repeatRows: `${HEADER + 1}:${HEADER + 1}`, area: rangeA1(0, 0, Math.max(lastRow, HEADER), K.check) },
    columnGroups: [{ columns: `${colLetterOf(K.h0)}:${colLetterOf(K.last)}`, collapsed: true }],
    note: w.note(numeric.map((t) => (t.roundTo > 0 ? `${num(t.roundTo)} ${t.kind === "amount" ? unitWord : ""}`.trim() : "0")).join(" / ")),
    ...(options.protect ? { protect: true } : {}),
  };
  // Dense rows.
  const width = K.last + 1;
  for (const row of rows) while (row.length < width) row.push(null);
  return {
    sheet,
    names,
    cells: {
      sheet: name,
      rows: rowOf,
      rates: rateCell,
      col: { owner: OWNER, annual: ANNUAL, quarters: [Q0, Q0 + 1, Q0 + 2, Q0 + 3], months: Array.from({ length: 12 }, (_, m) => K.m0 + m), deadline: DEADLINE, start: START, handedDown: HANDED, buffer: BUFFER },
    },
  };

  // ---- the months of one row: its year by its month weights, from its start month on ----
  function writeMonths(n: CascadeNode, t: CascadeType, row: number): void {
    const fig = n.figures[t.index];
    const fr = firstRow(n);
    const mb = K.mb;
    const prorated = n.person && n.startMonth > 1;
    const own = n.ownMonths;
    const wCells = Array.from({ length: 12 }, (_, m) => (own ? absA1(fr, mb + MB.w + m) : absA1(SEASON, K.m0 + m)));
    const wRange = own ? rangeA1(fr, mb + MB.w, fr, mb + MB.w + 11, true) : seasonRange;
    if (own && row === fr) n.monthWeights.forEach((x, m) => put(fr, mb + MB.w + m, { v: x, input: true }));
    const flags = prorated ? Array.from({ length: 12 }, (_, m) => absA1(row, mb + MB.flag + m)) : undefined;
    if (flags) for (let m = 0; m < 12; m++) put(row, mb + MB.flag + m, f(`IF(${monthNumber(m)}<${absA1(fr, START)},1,0)`));
    const flagRange = flags ? rangeA1(row, mb + MB.flag, row, mb + MB.flag + 11, true) : undefined;
    const H = absA1(row, ANNUAL);
    const show = (m: number, formula: string): CellSpec => f(flags ? `IF(${flags[m]}>0,"",${formula})` : formula, fig.months[m] ?? "");
    if (t.roundTo <= 0) {
      const shares = exactShareFormulas(H, wCells, wRange, flags, flagRange);
      for (let m = 0; m < 12; m++) put(row, K.m0 + m, show(m, shares[m]));
      return;
    }
    const at = (o: number) => absA1(row, mb + o);
    const per = (o: number) => Array.from({ length: 12 }, (_, m) => absA1(row, mb + o + m));
    const perRange = (o: number) => rangeA1(row, mb + o, row, mb + o + 11, true);
    const ownSplit = own || prorated;
    const F = largestRemainderFormulas({
      amount: H,
      unit: t.roundTo,
      weights: wCells,
      weightRange: wRange,
      held: flags,
      heldRange: flagRange,
      effective: flags ? per(MB.eff) : undefined,
      effectiveRange: flags ? perRange(MB.eff) : undefined,
      wsum: ownSplit ? at(MB.wsum) : absA1(SEASON, mb + MB.wsum),
      heaviest: ownSplit ? at(MB.heavy) : absA1(SEASON, mb + MB.heavy),
      total: H,
      n0: at(MB.n0),
      n: at(MB.n),
      left: at(MB.left),
      cut: at(MB.cut),
      tie: at(MB.tie),
      hi: at(MB.hi),
      slots: at(MB.slots),
      odd: at(MB.odd),
      q: per(MB.q),
      qRange: perRange(MB.q),
      base: per(MB.base),
      baseRange: perRange(MB.base),
      rem: per(MB.rem),
      remRange: perRange(MB.rem),
      ties: per(MB.ties),
    });
    if (ownSplit) {
      put(row, mb + MB.wsum, f(F.wsum));
      put(row, mb + MB.heavy, f(F.heaviest));
    }
    const scalars: [number, string][] = [
      [MB.n0, F.n0],
      [MB.n, F.n],
      [MB.left, F.left],
      [MB.cut, F.cut],
      [MB.tie, F.tie],
      [MB.hi, F.hi],
      [MB.slots, F.slots],
      [MB.odd, F.odd],
    ];
    for (const [o, formula] of scalars) put(row, mb + o, f(formula));
    for (let m = 0; m < 12; m++) {
      if (F.effective) put(row, mb + MB.eff + m, f(F.effective[m]));
      put(row, mb + MB.q + m, f(F.q[m]));
      put(row, mb + MB.base + m, f(F.base[m]));
      put(row, mb + MB.rem + m, f(F.rem[m]));
      put(row, mb + MB.ties + m, f(F.ties[m]));
      put(row, K.m0 + m, show(m, F.result[m]));
    }
  }

  // ---- one node's hand-down of one type, shared among its children ----
  function writeSplit(p: CascadeNode, t: CascadeType): void {
    const rp = rowOf[p.index][t.index];
    const fig = p.figures[t.index];
    const b = K.block(nIndex.get(t.index)!, p.depth + 1);
    const kids = p.children.map((k) => nodes[k]);
    const rk = kids.map((k) => rowOf[k.index][t.index]);
    const r0 = rk[0];
    const r1 = rk[rk.length - 1];
    const span = (o: number) => rangeA1(r0, b + o, r1, b + o, true);
    const part = (i: number, o: number) => absA1(rk[i], b + o);
    const scalar = (o: number) => absA1(rp, b + o);
    const mode = fig.mode ?? "topDown";
    const real = kids.map((k) => !k.vacancy);
    const lastReal = real.lastIndexOf(true);
    kids.forEach((k, i) => {
      const row = rk[i];
      const E = absA1(row, WEIGHT);
      if (k.vacancy) {
        // The late starters' missing part: Σ of what their start months take off their weights.
        put(row, b + SB.wf, f(`SUM(${rangeA1(r0, b + SB.gone, rk[lastReal], b + SB.gone, true)})`));
      } else {
        const kf = k.figures[t.index];
        if (kf.rest) put(row, WEIGHT, f(`MAX(0,100-SUMPRODUCT(${span(SB.w)}*(${span(SB.held)}<=0)))`, kf.weight!));
        else put(row, b + SB.w, f(E));
        if (k.person && k.startMonth > 1) {
          const months = k.ownMonths ? rangeA1(firstRow(k), K.mb + MB.w, firstRow(k), K.mb + MB.w + 11, true) : seasonRange;
          const header = rangeA1(HEADER, K.m0, HEADER, K.m0 + 11, true);
          put(row, b + SB.wf, f(`${E}*(SUMPRODUCT((${header}>=${absA1(firstRow(k), START)})*${months})/SUM(${months}))`));
          put(row, b + SB.gone, f(`${E}-${part(i, SB.wf)}`));
        } else put(row, b + SB.wf, f(E));
        put(row, b + SB.held, f(absA1(row, HELD)));
        if (mode !== "topDown") put(row, b + SB.c, f(absA1(row, K.commit)));
      }
      const WF = part(i, SB.wf);
      const C = part(i, SB.c);
      const sw = mode === "topDown" ? WF : mode === "commitments" ? (k.vacancy ? "0" : C) : k.vacancy ? `(1-${blendCell})*${WF}/${scalar(SB.swf)}` : `(1-${blendCell})*${WF}/${scalar(SB.swf)}+${blendCell}*${C}/${scalar(SB.sc)}`;
      put(row, b + SB.sw, f(sw));
    });
    if (mode === "blend") {
      put(rp, b + SB.swf, f(`SUMPRODUCT(${span(SB.wf)}*(${span(SB.held)}<=0))`));
      put(rp, b + SB.sc, f(`SUMPRODUCT(${span(SB.c)}*(${span(SB.held)}<=0))`));
    }
    const J = absA1(rp, HANDED);
    put(rp, b + SB.net, f(netAmountFormula(J, `SUM(${span(SB.held)})`)));
    const held = kids.map((_, i) => part(i, SB.held));
    const sw = kids.map((_, i) => part(i, SB.sw));
    const results = (() => {
      if (t.roundTo <= 0) return exactShareFormulas(scalar(SB.net), sw, span(SB.sw), held, span(SB.held));
      const F = largestRemainderFormulas({
        amount: scalar(SB.net),
        unit: t.roundTo,
        weights: sw,
        weightRange: span(SB.sw),
        held,
        heldRange: span(SB.held),
        effective: kids.map((_, i) => part(i, SB.eff)),
        effectiveRange: span(SB.eff),
        wsum: scalar(SB.wsum),
        heaviest: scalar(SB.heavy),
        total: J,
        n0: scalar(SB.n0),
        n: scalar(SB.n),
        left: scalar(SB.left),
        cut: scalar(SB.cut),
        tie: scalar(SB.tie),
        hi: scalar(SB.hi),
        slots: scalar(SB.slots),
        odd: scalar(SB.odd),
        q: kids.map((_, i) => part(i, SB.q)),
        qRange: span(SB.q),
        base: kids.map((_, i) => part(i, SB.base)),
        baseRange: span(SB.base),
        rem: kids.map((_, i) => part(i, SB.rem)),
        remRange: span(SB.rem),
        ties: kids.map((_, i) => part(i, SB.ties)),
        positions: rk.map((x) => x - r0 + 1),
      });
      const scalars: [number, string][] = [
        [SB.wsum, F.wsum],
        [SB.heavy, F.heaviest],
        [SB.n0, F.n0],
        [SB.n, F.n],
        [SB.left, F.left],
        [SB.cut, F.cut],
        [SB.tie, F.tie],
        [SB.hi, F.hi],
        [SB.slots, F.slots],
        [SB.odd, F.odd],
      ];
      for (const [o, formula] of scalars) put(rp, b + o, f(formula));
      kids.forEach((_, i) => {
        put(rk[i], b + SB.eff, f(F.effective![i]));
        put(rk[i], b + SB.q, f(F.q[i]));
        put(rk[i], b + SB.base, f(F.base[i]));
        put(rk[i], b + SB.rem, f(F.rem[i]));
        put(rk[i], b + SB.ties, f(F.ties[i]));
      });
      return F.result;
    })();
    kids.forEach((k, i) => put(rk[i], ANNUAL, f(results[i], k.figures[t.index].annual)));
  }

  // ---- checks: per row, per node, per level, all ----
  function writeChecks(): void {
    for (const n of nodes) {
      for (const t of numeric) {
        const row = rowOf[n.index][t.index];
        const H = absA1(row, ANNUAL);
        const parts = [addsUp(`SUM(${rangeA1(row, K.m0, row, K.m0 + 11, true)})`, H), addsUp(`SUM(${rangeA1(row, Q0, row, Q0 + 3, true)})`, H)];
        // A negative weight can make the children's targets errors (#DIV/0!, #NUM!), and AND of
        // an error is the error: the check would show it rather than FALSE, and not turn red. Asked first.
        let unless: string | undefined;
        if (n.person && n.startMonth > 1) {
          parts.push(`SUMPRODUCT((${rangeA1(HEADER, K.m0, HEADER, K.m0 + 11, true)}<${absA1(firstRow(n), START)})*(${rangeA1(row, K.m0, row, K.m0 + 11, true)}<>""))=0`);
        }
        if (!n.leaf) {
          const J = absA1(row, HANDED);
          const kids = n.children.map((k) => nodes[k]);
          const r0 = rowOf[kids[0].index][t.index];
          const r1 = rowOf[kids[kids.length - 1].index][t.index];
          const span = (c: number) => rangeA1(r0, c, r1, c, true);
          const b = K.block(nIndex.get(t.index)!, n.depth + 1);
          parts.push(addsUp(J, `${H}*(1+${absA1(row, BUFFER)})`));
          parts.push(addsUp(`SUMIFS(${span(ANNUAL)},${span(K.depth)},${n.depth + 1},${span(K.type)},${t.index})`, J));
          unless = `COUNTIF(${span(b + SB.w)},"<0")>0`;
          parts.push(`COUNTIF(${span(b + SB.held)},"<0")=0`);
          const restKid = kids.find((k) => k.figures[t.index].rest);
          if (n.figures[t.index].percent) {
            const named = `SUMPRODUCT(${span(b + SB.w)}*(${span(b + SB.held)}<=0))`;
            parts.push(addsUp(restKid ? `${named}+${absA1(rowOf[restKid.index][t.index], WEIGHT)}` : named, "100"));
          }
        }
        if (row === firstRow(n) && n.parent >= 0) {
          rateTypes.forEach((rt) => {
            const mine = rateCell[n.index][rt.index];
            const theirs = rateCell[n.parent][rt.index];
            parts.push(rt.direction === "lower" ? `${mine}<=${theirs}+1E-9*MAX(1,ABS(${theirs}))` : `${mine}>=${theirs}-1E-9*MAX(1,ABS(${theirs}))`);
          });
        }
        put(row, K.check, f(unless ? `IF(${unless},FALSE,AND(${parts.join(",")}))` : `AND(${parts.join(",")})`, true));
      }
      if (!n.leaf) {
        const label = n.vacancy ? "" : n.name;
        const ascii = /[A-Za-z0-9]/.test(label) ? [`N${n.index}`, label] : [`N${n.index}`];
        names.push({ name: checkName(["Cascade", ...ascii], takenNames), sheet: name, ref: absA1(firstRow(n), K.nodeCheck), comment: comment(w.checkNode(n.name)) });
      }
    }
    const checkRange = col(K.check);
    const depthRange = col(K.depth);
    const levelCells: string[] = [];
    levels.forEach((d) => {
      const c = layout.checks.levels[d];
      // Every row of the level TRUE: counted, so that a row whose check is an error counts as not TRUE (a comparison with it would be the error).
      put(CHECKS, c, f(`COUNTIFS(${depthRange},${d},${checkRange},TRUE)=COUNTIF(${depthRange},${d})`, true));
      levelCells.push(cellA1(CHECKS, c));
      const label = (rows[CHECKS][c - 1] as { v: string }).v;
      names.push({ name: checkName(["Cascade", `Level${d + 1}`], takenNames), sheet: name, ref: absA1(CHECKS, c), comment: comment(w.checkLevel(label)) });
    });
    const all = layout.checks.all;
    // FALSE as soon as a row's check is not TRUE (FALSE, or an error AND would show), else every row's and the seasonality's.
    put(CHECKS, all, f(`IF(COUNTIF(${checkRange},TRUE)<COUNT(${depthRange}),FALSE,AND(${checkRange},${absA1(SEASON, K.check)}))`, true));
    names.push({ name: checkName(["Cascade", "All"], takenNames), sheet: name, ref: absA1(CHECKS, all), comment: w.checkAll });
    for (const c of [cellA1(CHECKS, all), ...levelCells, cellA1(SEASON, K.check)]) cfs.push({ range: c, formula: `${c}=FALSE`, ...RED, bold: true });
    formats.push({ range: rangeA1(CHECKS, 1, CHECKS, 2 + 2 * levels.length), horizontal: "center" });
  }

  // ---- what the helper columns say (for whoever opens the group) ----
  function writeHelperHeads(): void {
    const hw = w.helperWords;
    put(TITLE, K.h0, { v: w.helpers });
    put(HEADER, K.depth, { v: hw.depth });
    put(HEADER, K.type, { v: hw.type });
    put(HEADER, K.kids, { v: hw.kids });
    put(HEADER, K.nodeCheck, { v: hw.nodeCheck });
    for (let m = 0; m < 12; m++) {
      const mm = w.months[m];
      put(HEADER, K.mb + MB.w + m, { v: hw.monthWeight(mm) });
      put(HEADER, K.mb + MB.flag + m, { v: hw.monthFlag(mm) });
      put(HEADER, K.mb + MB.eff + m, { v: hw.monthEff(mm) });
      put(HEADER, K.mb + MB.q + m, { v: hw.q(mm) });
      put(HEADER, K.mb + MB.base + m, { v: hw.base(mm) });
      put(HEADER, K.mb + MB.rem + m, { v: hw.rem(mm) });
      put(HEADER, K.mb + MB.ties + m, { v: hw.ties(mm) });
    }
    const scal: [number, string][] = [
      [MB.wsum, hw.wsum],
      [MB.heavy, hw.heaviest],
      [MB.n0, hw.n0],
      [MB.n, hw.n],
      [MB.left, hw.left],
      [MB.cut, hw.cut],
      [MB.tie, hw.tie],
      [MB.hi, hw.hi],
      [MB.slots, hw.slots],
      [MB.odd, hw.odd],
    ];
    for (const [o, text] of scal) put(HEADER, K.mb + o, { v: text });
    numeric.forEach((t, i) => {
      for (let d = 1; d <= result.maxDepth; d++) {
        const b = K.block(i, d);
        put(SEASON, b, { v: hw.block(typeLabel(t, unitWord, lang), d) });
        hw.part.forEach((text, o) => put(HEADER, b + o, { v: text }));
        hw.scalars.forEach((text, o) => put(HEADER, b + SB.wsum + o, { v: text }));
      }
    });
  }

  function columnWidths(): number[] {
    const out = new Array<number>(K.last + 1).fill(8);
    const set: [number, number][] = [
      [LEVEL, 8],
      [NODE, 16],
      [OWNER, 10],
      [TYPE, 14],
      [WEIGHT, 9],
      [HELD, 9],
      [START, 7],
      [ANNUAL, 11],
      [BUFFER, 8],
      [HANDED, 11],
      [Q0, 10],
      [Q0 + 1, 10],
      [Q0 + 2, 10],
      [Q0 + 3, 10],
      [DEADLINE, 11],
      [K.commit, 11],
      [K.gap, 9],
      [K.gapShare, 8],
      [K.flag, 8],
      [K.check, 7],
    ];
    for (const [c, width] of set) out[c] = width;
    rateTypes.forEach((_, j) => (out[RATE0 + j] = 10));
    for (let m = 0; m < 12; m++) out[K.m0 + m] = 9;
    out[K.m0 + 12] = 3;
    return out;
  }
}

/** 0-based column → letters (the formulas module's, for CF formulas written with `$` on the column only). */
function colLetterOf(c: number): string {
  return cellA1(0, c).replace(/\d+$/, "");
}
