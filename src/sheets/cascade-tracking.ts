/**
 * The tracking sheet that follows the tree: a row per node of a chosen level (a team) with
 * its people right below it; the people type their monthly actuals, the node's row adds them
 * up (its actual is the sum of its people's, blank while none of them has one), and both
 * carry the monthly targets of the decomposition table — formulas of its cells, so a changed
 * weight moves the tracking targets too. Attainment, the traffic light and pace against time
 * elapsed are the tracking sheet's own (`buildTrackingSheet`, the same layout and colours, so
 * the pane's "My targets" reads it like any tracking sheet).
 *
 * The scorecard follows the tree the same way (cascade-scorecard.ts: a row per node, its
 * attainment from the sum of its people's revenue against its own target).
 */
import type { CascadeNode, CascadeResult } from "./cascade";
import type { CascadeCells } from "./cascade-sheet";
import { absA1, sheetRef } from "./formulas";
import type { SheetLang } from "./i18n";
import { tableName, uniqueDefinedName, uniqueSheetName } from "./names";
import type { Plan, TrackingRow } from "./plan";
import type { CellSpec, NameSpec, SheetSpec } from "./spec";
import { TRACKING_LAYOUT, buildTrackingSheet } from "./tracking";

/** Options of {@link buildCascadeTracking}. */
export interface CascadeTrackingOptions {
  lang: SheetLang;
  /** The as-of date when the plan gives none (YYYY-MM-DD). */
  asOf?: string;
  protect?: boolean;
  takenSheetNames?: Set<string>;
  takenNames?: Set<string>;
}

/** One row of the cascade's tracking sheet: a node whose people are rolled up, or a person. */
export interface CascadeTrackingRow {
  node: number;
  /** The rows (0-based, in the sheet's data) of the people it adds up; none for a person. */
  people: number[];
}

const WORDS = {
  en: { sheet: "Cascade tracking", total: (name: string) => `${name} (total)` },
  zh: { sheet: "分解跟踪表", total: (name: string) => `${name}（合计）` },
};

/**
 * The nodes whose rows add up their people: a level of the cascade (`tracking.level`: a label
 * or a depth; default the depth just above the deepest people; the scorecard that follows the
 * tree passes its own), or the top when the level has no node (a person's own plan).
 * @example trackingGroups(result).map((n) => n.name) // ["华东一组", "华东二组"]
 */
export function trackingGroups(result: CascadeResult, level: string | number | undefined = result.cascade.tracking?.level): CascadeNode[] {
  const real = result.nodes.filter((n) => !n.vacancy);
  const depth = Math.max(0, ...real.filter((n) => n.person).map((n) => n.depth)) - 1;
  const chosen =
    level === undefined
      ? real.filter((n) => n.depth === Math.max(0, depth) && !n.leaf)
      : typeof level === "number"
        ? real.filter((n) => n.depth === level && !n.leaf)
        : real.filter((n) => (n.level ?? result.cascade.levels?.[n.depth]) === level && !n.leaf);
  return chosen.length ? chosen : [result.nodes[0]];
}

/**
 * The rows, in the tree's order: each group with its people below it, then anyone outside
 * the groups on their own row.
 */
export function trackingRows(result: CascadeResult, level: string | number | undefined = result.cascade.tracking?.level): CascadeTrackingRow[] {
  const groups = new Set(trackingGroups(result, level).map((n) => n.index));
  const rows: CascadeTrackingRow[] = [];
  const covered = new Set<number>();
  const peopleBelow = (g: CascadeNode): CascadeNode[] => {
    const out: CascadeNode[] = [];
    const walk = (n: CascadeNode) => {
      if (n.person) out.push(n);
      n.children.forEach((k) => walk(result.nodes[k]));
    };
    walk(g);
    return out;
  };
  for (const n of result.nodes) {
    if (groups.has(n.index)) {
      const people = peopleBelow(n).filter((p) => p.index !== n.index);
      const at = rows.length;
      rows.push({ node: n.index, people: people.map((_, i) => at + 1 + i) });
      for (const p of people) {
        rows.push({ node: p.index, people: [] });
        covered.add(p.index);
      }
      if (n.person) covered.add(n.index);
    } else if (n.person && !covered.has(n.index)) {
      rows.push({ node: n.index, people: [] });
    }
  }
  return rows;
}

/**
 * Builds the cascade's tracking sheet, when the plan asks for one (`cascade.tracking`).
 *
 * @param plan - the validated plan
 * @param result - its cascade worked out
 * @param cells - where the decomposition table put each node's months
 * @param options - language, as-of date, protection, names taken
 * @returns the sheet and its `Check_*` name, or undefined without `cascade.tracking`
 * @example buildCascadeTracking(plan, result, cells, { lang: "zh", asOf: "2025-06-30" })?.sheet.name // "分解跟踪表"
 */
export function buildCascadeTracking(plan: Plan, result: CascadeResult, cells: CascadeCells, options: CascadeTrackingOptions): { sheet: SheetSpec; names: NameSpec[]; rows: CascadeTrackingRow[] } | undefined {
  const settings = result.cascade.tracking;
  if (!settings) return undefined;
  const w = WORDS[options.lang];
  const ty = result.types.find((t) => t.primary)!;
  const format = ty.kind === "amount" ? ("amount" as const) : ("count" as const);
  const toPlan = (x: number) => (ty.scale === 1 ? x : Number((x * ty.scale).toPrecision(15)));
  const rows = trackingRows(result);
  const groups = new Set(rows.filter((r) => r.people.length || !result.nodes[r.node].person).map((r) => r.node));

  // The rows as a tracking section: the months of the table, people's actuals, a group's sums.
  const actualsOf = (r: CascadeTrackingRow): (number | null)[] => {
    const n = result.nodes[r.node];
    if (!groups.has(n.index)) return n.actuals ?? new Array<number | null>(12).fill(null);
    return Array.from({ length: 12 }, (_, m) => {
      const xs = r.people.map((i) => result.nodes[rows[i].node].actuals?.[m] ?? null).filter((x): x is number => x !== null);
      return xs.length ? xs.reduce((a, b) => a + b, 0) : null;
    });
  };
  const tracking: TrackingRow[] = rows.map((r) => {
    const n = result.nodes[r.node];
    return {
      name: groups.has(n.index) ? w.total(n.name) : n.name,
      format,
      ...(settings.greenAt !== undefined ? { greenAt: settings.greenAt } : {}),
      ...(settings.yellowAt !== undefined ? { yellowAt: settings.yellowAt } : {}),
      target: { monthly: n.figures[ty.index].months.map((x) => (x === null ? null : toPlan(x))) },
      actuals: actualsOf(r).map((x) => (x === null ? null : toPlan(x))),
    };
  });
  const built = buildTrackingSheet(
    { ...plan, tracking: { name: w.sheet, rowsAre: "people", ...(settings.asOf ? { asOf: settings.asOf } : {}), rows: tracking } },
    { lang: options.lang, asOf: options.asOf, protect: options.protect },
  );
  const sheet = built.sheet;
  const name = uniqueSheetName(sheet.name, options.takenSheetNames ?? new Set<string>());
  sheet.name = name;

  // Targets: the table's months; a group's actuals: its people's, added up.
  const first = TRACKING_LAYOUT.firstDataRow;
  const col = (m: number) => TRACKING_LAYOUT.firstMonthCol + 2 * m;
  rows.forEach((r, i) => {
    const n = result.nodes[r.node];
    const row = sheet.rows[first + i];
    for (let m = 0; m < 12; m++) {
      row[col(m)] = { f: sheetRef(cells.sheet, absA1(cells.rows[n.index][ty.index], cells.col.months[m])), expect: n.figures[ty.index].months[m] ?? "" };
    }
    if (!groups.has(n.index)) return;
    const actuals = actualsOf(r);
    for (let m = 0; m < 12; m++) {
      if (!r.people.length) continue;
      const range = `${absA1(first + r.people[0], col(m) + 1)}:${absA1(first + r.people[r.people.length - 1], col(m) + 1)}`;
      row[col(m) + 1] = { f: `IF(COUNT(${range})=0,"",SUM(${range}))`, expect: actuals[m] ?? "" };
    }
    // A group's actual is a formula: "no data" is its "" — counted by numbers, not by "<>"
    // (a formula's "" is not blank to every engine's COUNTIFS).
    row.forEach((c, j) => {
      if (c && "f" in c && c.f.includes(',"<>")')) row[j] = { ...c, f: c.f.split(',"<>")').join(',">=-9.99E+307")') } as CellSpec;
    });
  });
  const taken = options.takenNames ?? new Set<string>();
  const names = built.names.map((x) => ({ ...x, sheet: name, name: uniqueDefinedName(x.name, taken) }));
  sheet.tables = (sheet.tables ?? []).map((t) => ({ ...t, name: tableName("Cascade tracking", taken) }));
  return { sheet, names, rows };
}
