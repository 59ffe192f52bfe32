/**
 * The scorecard that follows the tree (`cascade.scorecard`): a row per node of a chosen level
 * with its people right below it, on the plan's scorecard (its KPIs, rules, bands and
 * commission; `buildScorecardSheet` lays it out and writes every points, bonus and commission
 * formula). A person's row scores their own actuals and revenue; a node's revenue is the sum of
 * its people's (blank while none has one). Everyone's revenue target is their annual target in
 * the decomposition table (a formula of its cell, so a changed weight moves it), and the sales
 * KPI's actual is the revenue attainment (revenue over that target), scored by the KPI's rule
 * like any actual. A check per node (`Check_Scorecard_Tree_N<k>`): its revenue is its people's
 * sum, and its sales KPI's actual is its revenue attainment.
 */
import { attainment } from "../core/attainment";
import type { CascadeResult } from "./cascade";
import { treeScorecardKpi } from "./cascade-plan";
import type { CascadeCells } from "./cascade-sheet";
import { type CascadeTrackingRow, trackingRows } from "./cascade-tracking";
import { absA1, cellA1, sheetRef } from "./formulas";
import type { SheetLang } from "./i18n";
import { attainFormula } from "./native";
import { checkName, tableName, uniqueDefinedName, uniqueSheetName } from "./names";
import { type Plan, type PlanProblem, type ScorePerson, planScale, toDisplay } from "./plan";
import { buildScorecardSheet } from "./scorecard";
import type { CellSpec, NameSpec, SheetSpec } from "./spec";
import { LIGHT } from "./tracking";

/**
 * Rows of the scorecard that follows the tree whose target is 0: attainment against 0 has no
 * value (ATTAIN gives #DIV/0!), so such a plan is refused, as the plan's own scorecard refuses
 * a revenue target of 0.
 * @param result - the cascade worked out (no problems)
 * @returns one problem at `cascade.scorecard` naming the rows (at most five), or none
 * @example treeScorecardTargetProblems(resolveCascade(plan)) // [] when every row has a target
 */
export function treeScorecardTargetProblems(result: CascadeResult): PlanProblem[] {
  const settings = result.cascade.scorecard;
  if (!settings) return [];
  const ty = result.types.find((t) => t.primary);
  if (!ty) return [];
  const zero = trackingRows(result, settings.level ?? result.cascade.tracking?.level)
    .map((r) => result.nodes[r.node])
    .filter((n) => n.figures[ty.index].annual === 0)
    .map((n) => n.name);
  if (zero.length === 0) return [];
  const shown = zero.slice(0, 5);
  const more = zero.length - shown.length;
  return [
    {
      path: "cascade.scorecard",
      message: {
        en: `the scorecard that follows the tree scores attainment against each row's target, and ${shown.map((n) => `"${n}"`).join(", ")}${more ? ` and ${more} more` : ""} ${zero.length === 1 ? "has" : "have"} a target of 0: give ${zero.length === 1 ? "it" : "them"} a target, or put the scorecard at another level`,
        zh: `按分解树生成的考核表按各行目标计算达成率，而${shown.map((n) => `“${n}”`).join("、")}${more ? `等 ${zero.length} 行` : ""}的目标为 0：请为其设定目标，或把考核表放在其他层级`,
      },
    },
  ];
}

/** Options of {@link buildCascadeScorecard}. */
export interface CascadeScorecardOptions {
  lang: SheetLang;
  protect?: boolean;
  takenSheetNames?: Set<string>;
  takenNames?: Set<string>;
}

const WORDS = {
  en: {
    sheet: "Cascade scorecard",
    total: (name: string) => `${name} (total)`,
    check: "Sums check",
    comment: (name: string) => `Cascade scorecard: ${name}'s revenue is its people's, added up, and its sales attainment is that over its target`,
  },
  zh: {
    sheet: "分解考核表",
    total: (name: string) => `${name}（合计）`,
    check: "汇总核对",
    comment: (name: string) => `分解考核表：${name}的回款为其人员之和，销售完成率为其回款除以目标`,
  },
};

/** `x` display units back to 元 without binary noise. */
const toYuan = (x: number, scale: number): number => (scale === 1 ? x : Number((x * scale).toPrecision(15)));

/**
 * Builds the scorecard that follows the tree, when the plan asks for one (`cascade.scorecard`).
 *
 * @param plan - the validated plan (with a scorecard that has commission tiers)
 * @param result - its cascade worked out
 * @param cells - where the decomposition table put each node's annual target
 * @param options - language, protection, names taken
 * @returns the sheet, its `Check_*` names and its rows, or undefined without `cascade.scorecard`
 * @example buildCascadeScorecard(plan, result, cells, { lang: "zh" })?.sheet.name // "分解考核表"
 */
export function buildCascadeScorecard(plan: Plan, result: CascadeResult, cells: CascadeCells, options: CascadeScorecardOptions): { sheet: SheetSpec; names: NameSpec[]; rows: CascadeTrackingRow[] } | undefined {
  const settings = result.cascade.scorecard;
  const sc = plan.scorecard;
  const kpi = treeScorecardKpi(plan);
  if (!settings || !sc?.commission || !kpi) return undefined;
  const w = WORDS[options.lang];
  const ty = result.types.find((t) => t.primary)!;
  const scale = planScale(plan);
  const k = sc.kpis.indexOf(kpi);
  const rows = trackingRows(result, settings.level ?? result.cascade.tracking?.level);
  const groups = new Set(rows.filter((r) => r.people.length || !result.nodes[r.node].person).map((r) => r.node));

  // ---- the rows as scorecard people: a person's own entry, a node's summed revenue (元)
  const own = new Map((sc.people ?? []).map((p) => [p.name, p]));
  const personRevenue = (i: number): number | null => {
    const n = result.nodes[i];
    const p = own.get(n.name);
    if (p?.revenue !== undefined && p.revenue !== null) return p.revenue;
    // The engine's actuals are in the type's display units.
    const xs = (n.actuals ?? []).filter((x): x is number => x !== null);
    return xs.length ? toYuan(xs.reduce((a, b) => a + b, 0), ty.scale) : null;
  };
  const revenueOf = (r: CascadeTrackingRow): number | null => {
    if (!groups.has(r.node)) return personRevenue(r.node);
    const xs = r.people.map((i) => personRevenue(rows[i].node)).filter((x): x is number => x !== null);
    return xs.length ? xs.reduce((a, b) => a + b, 0) : null;
  };
  const annualOf = (r: CascadeTrackingRow): number => result.nodes[r.node].figures[ty.index].annual;
  const attainmentOf = (r: CascadeTrackingRow): number | null => {
    const rev = revenueOf(r);
    if (rev === null) return null;
    try {
      return attainment(toDisplay(rev, scale), annualOf(r));
    } catch {
      return null;
    }
  };
  const people: ScorePerson[] = rows.map((r) => {
    const n = result.nodes[r.node];
    const group = groups.has(n.index);
    const mine = group ? undefined : own.get(n.name);
    const { name: _n, revenue: _r, revenueTarget: _t, actuals, ...rest } = mine ?? { name: n.name };
    void [_n, _r, _t];
    return { ...rest, name: group ? w.total(n.name) : n.name, actuals: { ...(actuals ?? {}), [kpi.id]: attainmentOf(r) }, revenue: revenueOf(r), revenueTarget: toYuan(annualOf(r), ty.scale) };
  });
  const built = buildScorecardSheet({ ...plan, scorecard: { ...sc, name: w.sheet, people } }, { lang: options.lang, protect: options.protect });
  const sheet = built.sheet;
  const L = built.layout!;
  const formats = (sheet.formats ??= []);
  const cf = (sheet.conditionalFormats ??= []);
  const [REV, REVT, REVA] = [L.revenue!, L.revenueTarget!, L.attainment!];
  const CHECK = L.last + 1;
  const name = uniqueSheetName(sheet.name, options.takenSheetNames ?? new Set<string>());
  sheet.name = name;
  const taken = options.takenNames ?? new Set<string>();
  const names = built.names.map((x) => ({ ...x, sheet: name, name: uniqueDefinedName(x.name, taken) }));

  // ---- targets from the table; the sales KPI's actual the attainment; a node's revenue its people's sum
  const put = (r: number, c: number, cell: CellSpec | null) => {
    const row = sheet.rows[r];
    while (row.length <= c) row.push(null);
    row[c] = cell;
  };
  put(L.headerRow, CHECK, { v: w.check });
  formats.push({ range: cellA1(L.headerRow, CHECK), bold: true, fill: "#D9E1F2", border: true, wrap: true, horizontal: "center" });
  rows.forEach((r, i) => {
    const n = result.nodes[r.node];
    const at = L.firstRow + i;
    const rev = cellA1(at, REV);
    put(at, REVT, { f: sheetRef(cells.sheet, absA1(cells.rows[n.index][ty.index], cells.col.annual)), expect: annualOf(r) });
    const att = attainmentOf(r);
    const noAtt = revenueOf(r) === null ? { expect: "" } : att === null ? {} : { expect: att };
    put(at, L.actualCols[k], { f: attainFormula(rev, cellA1(at, REVT)), ...noAtt });
    if (!groups.has(n.index)) return;
    const revenue = revenueOf(r);
    const sum = r.people.length ? `${cellA1(L.firstRow + r.people[0], REV)}:${cellA1(L.firstRow + r.people[r.people.length - 1], REV)}` : undefined;
    put(at, REV, sum ? { f: `IF(COUNT(${sum})=0,"",SUM(${sum}))`, expect: revenue === null ? "" : toDisplay(revenue, scale) } : { v: null, input: true });
    if (!sum) return;
    formats.push({ range: rev, locked: true });
    // The check: the revenue is the people's sum, and the sales KPI's actual is its attainment
    // (both an error where the target is 0: the check still says TRUE or FALSE).
    const act = cellA1(at, L.actualCols[k]);
    const reva = cellA1(at, REVA);
    const f = `AND(IF(COUNT(${sum})=0,${rev}="",ABS(${rev}-SUM(${sum}))<=1E-9*MAX(1,ABS(SUM(${sum})))),IF(${rev}="",${act}="",IF(ISNUMBER(${reva}),IFERROR(ABS(${act}-${reva})<=1E-12,FALSE),NOT(ISNUMBER(${act})))))`;
    put(at, CHECK, { f, expect: true });
    names.push({ name: checkName(["Scorecard", "Tree", `N${n.index}`], taken), sheet: name, ref: cellA1(at, CHECK), comment: w.comment(n.name) });
    cf.push({ range: cellA1(at, CHECK), formula: `${cellA1(at, CHECK)}=FALSE`, fill: LIGHT.red.fill, color: LIGHT.red.color, bold: true });
    formats.push({ range: `${cellA1(at, 0)}:${cellA1(at, L.last)}`, bold: true });
  });
  const lastRow = L.firstRow + rows.length - 1;
  // The sales KPI's actual is a formula on every row now: locked with the computed cells.
  formats.push({ range: `${cellA1(L.firstRow, L.actualCols[k])}:${cellA1(lastRow, L.actualCols[k])}`, locked: true });
  sheet.tables = (sheet.tables ?? []).map((t) => ({ ...t, name: tableName("Cascade scorecard", taken), range: `${cellA1(L.headerRow, 0)}:${cellA1(lastRow, CHECK)}` }));
  const widths = (sheet.columnWidths ??= []);
  while (widths.length <= CHECK) widths.push(12);
  return { sheet, names, rows };
}
