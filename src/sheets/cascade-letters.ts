/**
 * The responsibility letters (目标责任书): one printed page per person and per manager of a
 * cascade, from the same plan — the parties, the term (from the start month, or the year's
 * first day, to the deadline), the targets by year and quarter and by month, a manager's
 * hand-down and buffer, the KPIs with their written scoring rules, the bonus bands and
 * commission tiers of the plan's scorecard, the terms ("一式两份": each party keeps a copy)
 * and signature lines for both parties.
 *
 * Every figure is a formula of the decomposition table's cell (`='销售目标分解表'!$H$12`), so
 * a letter follows the table when a weight or a total changes there. One sheet holds every
 * letter, a page break after each.
 */
import type { CascadeNode, CascadeResult } from "./cascade";
import { type CascadeCells, levelLabel, nodeLabel, typeFormat, typeLabel } from "./cascade-sheet";
import { cascadeWords } from "./cascade-words";
import { absA1, cellA1, rangeA1, sheetRef } from "./formulas";
import type { SheetLang } from "./i18n";
import { uniqueSheetName } from "./names";
import { type Plan, kpiGrades } from "./plan";
import type { CellSpec, CellValue, FormatSpec, SheetSpec } from "./spec";
import { excelSerial } from "./tracking";

/** Options of {@link buildLettersSheet}. */
export interface LettersOptions {
  lang: SheetLang;
  protect?: boolean;
  /** Sheet names already taken (case-insensitive); the new one is added. */
  takenSheetNames?: Set<string>;
}

/** Where one letter is on the sheet: its node and its first and last rows (0-based). */
export interface LetterPlace {
  node: number;
  first: number;
  last: number;
}

const WIDTH = 8;
/** The column the title is centred in (the middle of A–H). */
const TITLE_COL = 3;
const HEAD = { bold: true, fill: "#D9E1F2", border: true, horizontal: "center" as const };

/**
 * The nodes that get a letter: people, managers (nodes with children), or both, as the
 * cascade's `letters` says (default both); never the held-by-manager rows.
 * @example lettersFor(result).map((n) => n.name) // ["公司", "华东", "华东一组", "张伟", …]
 */
export function lettersFor(result: CascadeResult): CascadeNode[] {
  const which = result.cascade.letters ?? "all";
  if (which === "none") return [];
  return result.nodes.filter((n) => !n.vacancy && (which === "all" || (which === "people" ? n.person : !n.leaf)));
}

/**
 * How many rows one letter takes, as {@link buildLettersSheet} lays it out: the heading and
 * parties, the purpose, a row per target type (and a manager's hand-down per numeric type),
 * the months in two halves, the KPIs, bands and tiers of the scorecard, the terms and the
 * signatures. Depends only on the plan's types and scorecard and whether the node has
 * children, so a letters sheet's size is known without building it.
 *
 * @param plan - the validated plan (its scorecard)
 * @param result - the worked-out cascade (its types)
 * @param leaf - the letter is a person's (no hand-down rows)
 * @returns the rows from the letter's title to its date line
 * @example letterHeight(plan, result, true) // 48 for examples/cascade.json's people (two numeric types, a rate, five KPIs, bands and tiers); 33 without the scorecard
 */
export function letterHeight(plan: Plan, result: CascadeResult, leaf: boolean): number {
  const numeric = result.types.filter((t) => t.numeric).length;
  const rates = result.types.length - numeric;
  // Title, plan, blank; parties, position, term, blank; purpose (title, text, blank); targets' title and header.
  let rows = 12 + numeric + rates + (leaf ? 0 : numeric) + 1;
  // The months in two halves (a header and a row per numeric type each), a blank.
  rows += 2 * (1 + numeric) + 1;
  const sc = plan.scorecard;
  if (sc) {
    // KPIs: title, header, a row each, a blank; pay: a title, then bands and tiers side by side; a blank.
    rows += 3 + sc.kpis.length;
    const bands = sc.bands?.length ? sc.bands.length + 2 : 0;
    const tiers = sc.commission ? sc.commission.tiers.length + 2 : 0;
    if (bands || tiers) rows += 1 + Math.max(bands, tiers);
    rows += 1;
  }
  // Other terms: title, two lines, two blanks; signatures and dates.
  return rows + 10;
}

/**
 * How many rows the letters sheet takes (each letter right below the one before, a page break
 * between them), 0 without letters.
 * @example lettersRowCount(plan, result) // the letterHeight of each of lettersFor(result), added up
 */
export function lettersRowCount(plan: Plan, result: CascadeResult): number {
  const who = lettersFor(result);
  if (who.length === 0) return 0;
  const person = letterHeight(plan, result, true);
  const manager = letterHeight(plan, result, false);
  return who.reduce((sum, n) => sum + (n.leaf ? person : manager), 0);
}

/**
 * Builds the letters sheet.
 *
 * @param plan - the validated plan (year, title, scorecard)
 * @param result - the worked-out cascade
 * @param cells - where the decomposition table put each node's figures
 * @param options - language, protection, sheet names taken
 * @returns the sheet and where each letter is, or undefined when nobody gets a letter
 * @example buildLettersSheet(plan, result, cells, { lang: "zh" })?.sheet.rowBreaks?.length // one per letter
 */
export function buildLettersSheet(plan: Plan, result: CascadeResult, cells: CascadeCells, options: LettersOptions): { sheet: SheetSpec; letters: LetterPlace[] } | undefined {
  const who = lettersFor(result);
  if (who.length === 0) return undefined;
  const lang = options.lang;
  const W = cascadeWords(lang);
  const L = W.letter;
  const unitWord = plan.unit ?? "元";
  const numeric = result.types.filter((t) => t.numeric);
  const rates = result.types.filter((t) => !t.numeric);
  const company = result.cascade.company ?? result.nodes[0].name;
  const sc = plan.scorecard;
  const ref = (row: number, col: number) => sheetRef(cells.sheet, absA1(row, col));

  const rows: (CellSpec | null)[][] = [];
  const put = (r: number, c: number, cell: CellSpec | null): void => {
    while (rows.length <= r) rows.push(new Array<CellSpec | null>(WIDTH).fill(null));
    rows[r][c] = cell;
  };
  const text = (r: number, c: number, v: string) => put(r, c, { v });
  const f = (formula: string, expect: CellValue): CellSpec => ({ f: formula, expect });
  const formats: FormatSpec[] = [];
  const letters: LetterPlace[] = [];

  let r = 0;
  for (const n of who) {
    const first = r;
    const tableRow = cells.rows[n.index][numeric[0].index];

    // ---- title and parties ----
    // Centred over the page without merging (ExcelJS merges cost a scan of every merge so far:
    // thousands of letters would take minutes); text overflows into the empty cells beside.
    text(r, TITLE_COL, L.title(plan.year));
    formats.push({ range: cellA1(r, TITLE_COL), bold: true, horizontal: "center" });
    r++;
    text(r, TITLE_COL, plan.title);
    formats.push({ range: cellA1(r, TITLE_COL), horizontal: "center", color: "#595959" });
    r += 2;
    text(r, 0, `${L.partyA}：`);
    text(r, 1, company);
    text(r, 4, `${L.partyB}：`);
    text(r, 6, n.owner ?? n.name);
    r++;
    text(r, 0, `${L.position}：`);
    text(r, 1, `${levelLabel(result, n, lang)} · ${nodeLabel(n, lang)}`);
    if (n.parent >= 0) {
      text(r, 4, `${L.under}：`);
      text(r, 6, result.nodes[n.parent].name);
    }
    r++;
    text(r, 0, `${L.term}：`);
    const start = n.person && n.startMonth > 1;
    put(r, 1, start ? f(`DATE(${plan.year},${ref(cells.rows[n.index][numeric[0].index], cells.col.start)},1)`, excelSerial(`${plan.year}-${String(n.startMonth).padStart(2, "0")}-01`)) : { v: excelSerial(`${plan.year}-01-01`) });
    text(r, 2, L.to);
    put(r, 3, f(ref(tableRow, cells.col.deadline), excelSerial(n.deadline)));
    formats.push({ range: cellA1(r, 1), numFmt: "yyyy-mm-dd", horizontal: "left" }, { range: cellA1(r, 3), numFmt: "yyyy-mm-dd", horizontal: "left" }, { range: cellA1(r, 2), horizontal: "center" });
    formats.push({ range: rangeA1(first + 3, 0, r, 0), bold: true }, { range: rangeA1(first + 3, 4, r, 4), bold: true });
    r += 2;

    // ---- 1. purpose ----
    text(r, 0, L.purposeTitle);
    formats.push({ range: cellA1(r, 0), bold: true });
    r++;
    text(r, 0, L.purpose);
    r += 2;

    // ---- 2. targets: year, quarters, deadline; then months ----
    text(r, 0, L.targetsTitle);
    formats.push({ range: cellA1(r, 0), bold: true });
    r++;
    [L.target, L.annual, ...W.quarters, L.deadline].forEach((h, c) => text(r, c, h));
    formats.push({ range: rangeA1(r, 0, r, 6), ...HEAD });
    r++;
    for (const t of numeric) {
      const row = cells.rows[n.index][t.index];
      const fig = n.figures[t.index];
      text(r, 0, typeLabel(t, unitWord, lang));
      put(r, 1, f(ref(row, cells.col.annual), fig.annual));
      fig.quarters.forEach((q, i) => put(r, 2 + i, f(ref(row, cells.col.quarters[i]), q)));
      put(r, 6, f(ref(row, cells.col.deadline), excelSerial(n.deadline)));
      formats.push({ range: rangeA1(r, 1, r, 5), numFmt: typeFormat(t) }, { range: cellA1(r, 6), numFmt: "yyyy-mm-dd" });
      r++;
    }
    for (const t of rates) {
      const cell = cells.rates[n.index][t.index];
      const v = n.figures[t.index].annual;
      text(r, 0, typeLabel(t, unitWord, lang));
      for (let c = 1; c <= 5; c++) put(r, c, f(sheetRef(cells.sheet, cell), v));
      formats.push({ range: rangeA1(r, 1, r, 5), numFmt: "0.0%" });
      r++;
    }
    formats.push({ range: rangeA1(r - numeric.length - rates.length, 0, r - 1, 6), border: true });
    if (!n.leaf) {
      for (const t of numeric) {
        const row = cells.rows[n.index][t.index];
        const fig = n.figures[t.index];
        text(r, 0, L.handsDown);
        text(r, 2, typeLabel(t, unitWord, lang));
        put(r, 4, f(ref(row, cells.col.handedDown), fig.handedDown!));
        text(r, 5, L.buffer);
        put(r, 6, f(ref(row, cells.col.buffer), fig.buffer));
        formats.push({ range: cellA1(r, 4), numFmt: typeFormat(t) }, { range: cellA1(r, 6), numFmt: "0.0%" });
        r++;
      }
    }
    r++;
    for (const half of [0, 1]) {
      text(r, 0, L.monthsTitle);
      for (let m = 0; m < 6; m++) text(r, 1 + m, W.months[6 * half + m]);
      formats.push({ range: rangeA1(r, 0, r, 6), ...HEAD });
      r++;
      for (const t of numeric) {
        const row = cells.rows[n.index][t.index];
        const fig = n.figures[t.index];
        text(r, 0, typeLabel(t, unitWord, lang));
        for (let m = 0; m < 6; m++) put(r, 1 + m, f(ref(row, cells.col.months[6 * half + m]), fig.months[6 * half + m] ?? ""));
        formats.push({ range: rangeA1(r, 1, r, 6), numFmt: typeFormat(t), border: true }, { range: cellA1(r, 0), border: true });
        r++;
      }
    }
    r++;

    // ---- 3. KPIs and rules; 4. bonus bands and commission tiers ----
    if (sc) {
      text(r, 0, L.kpisTitle);
      formats.push({ range: cellA1(r, 0), bold: true });
      r++;
      [L.kpi, L.weight, L.kpiTarget, L.rule].forEach((h, c) => text(r, c, h));
      formats.push({ range: rangeA1(r, 0, r, 2), ...HEAD }, { range: cellA1(r, 3), bold: true });
      r++;
      for (const k of sc.kpis) {
        text(r, 0, k.name);
        put(r, 1, { v: k.weight });
        // A graded KPI has no target: its grades and their points are what the person signs.
        const grades = kpiGrades(k, lang);
        if (grades) text(r, 2, grades.map((g) => `${g.name} ${g.points}`).join(lang === "zh" ? "、" : ", "));
        else put(r, 2, { v: k.target ?? null });
        text(r, 3, k.rule ?? L.noRule);
        formats.push({ range: rangeA1(r, 0, r, 2), border: true }, { range: cellA1(r, 2), numFmt: k.format === "percent" ? "0.0%" : "#,##0" });
        r++;
      }
      r++;
      if (sc.bands?.length || sc.commission) {
        text(r, 0, L.payTitle);
        formats.push({ range: cellA1(r, 0), bold: true });
        r++;
      }
      if (sc.bands?.length) {
        [L.scoreFrom, L.pays].forEach((h, c) => text(r, c, h));
        formats.push({ range: rangeA1(r, 0, r, 1), ...HEAD });
        r++;
        for (const b of [...sc.bands].sort((a, b) => b.from - a.from)) {
          put(r, 0, { v: b.from });
          put(r, 1, { v: b.pays });
          formats.push({ range: cellA1(r, 1), numFmt: "0%" }, { range: rangeA1(r, 0, r, 1), border: true });
          r++;
        }
        text(r, 0, L.below);
        put(r, 1, { v: sc.bandsBelow ?? 0 });
        formats.push({ range: cellA1(r, 1), numFmt: "0%" }, { range: rangeA1(r, 0, r, 1), border: true });
        r++;
      }
      if (sc.commission) {
        const top = r - (sc.bands?.length ? sc.bands.length + 2 : 0);
        let cr = sc.bands?.length ? top : r;
        [L.attainmentFrom, L.rate].forEach((h, c) => text(cr, 3 + c, h));
        formats.push({ range: rangeA1(cr, 3, cr, 4), ...HEAD });
        cr++;
        for (const t of [...sc.commission.tiers].sort((a, b) => a.from - b.from)) {
          put(cr, 3, { v: t.from });
          put(cr, 4, { v: t.rate });
          formats.push({ range: cellA1(cr, 3), numFmt: "0%" }, { range: cellA1(cr, 4), numFmt: "0.0%" }, { range: rangeA1(cr, 3, cr, 4), border: true });
          cr++;
        }
        text(cr, 3, (sc.commission.mode ?? "marginal") === "marginal" ? L.marginal : L.whole);
        cr++;
        r = Math.max(r, cr);
      }
      r++;
    }

    // ---- 5. other terms; signatures ----
    text(r, 0, L.otherTitle);
    formats.push({ range: cellA1(r, 0), bold: true });
    r++;
    text(r, 0, `1. ${L.revise}`);
    r++;
    text(r, 0, `2. ${L.copies}`);
    r += 3;
    text(r, 0, L.signA);
    text(r, 4, L.signB);
    r += 2;
    text(r, 0, L.signRep);
    text(r, 4, L.date);
    r += 2;
    text(r, 0, L.date);
    formats.push({ range: rangeA1(r - 4, 0, r, 0), bold: true }, { range: rangeA1(r - 4, 4, r, 4), bold: true });
    letters.push({ node: n.index, first, last: r });
    r += 1;
  }

  const sheet: SheetSpec = {
    name: uniqueSheetName(W.lettersSheet, options.takenSheetNames ?? new Set<string>()),
    kind: "notes",
    rows,
    formats,
    columnWidths: [16, 12, 11, 14, 12, 11, 11, 12],
    print: { landscape: false, fitToWidth: true, pagesWide: 1, area: rangeA1(0, 0, rows.length - 1, WIDTH - 1) },
    rowBreaks: letters.slice(0, -1).map((l) => l.last + 1),
    ...(options.protect ? { protect: true } : {}),
  };
  return { sheet, letters };
}
