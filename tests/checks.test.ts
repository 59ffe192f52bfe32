/*
 * Every check can fail: for each `Check_*` name of every sheet kind (quarterly split,
 * decomposition with its splits and grids, tracking, scorecard, the cascade's table and its
 * tracking sheet, dashboard), what it guards is broken in
 * the evaluated workbook, the way a planner breaks it (a computed cell typed over with a value
 * one step off, an input typed wrong, a total typed over), and the check must evaluate to
 * FALSE; unbroken, it is TRUE. The breakers are found from the sheet's layout and the plan, not
 * from the check's formula, so a check that compares a cell with itself, or whose range misses a
 * row, fails here. And each part of a check (each argument of its AND, each row's and column's
 * check it reads) must be turned FALSE by at least one breaker: a new part nothing breaks fails.
 *
 * The families are listed by name below; a `Check_*` name no family claims fails the test
 * ("every Check_ name has a breaker"), on the examples, on quarterly splits, on random plans
 * (fast-check, tests/helpers/plan-arb.ts) and on random cascades (tests/helpers/cascade-plans.ts).
 * The cascade's breakers are found from its table's layout (`cascadeLayout`) and the engine's
 * result (`resolveCascade`). A sheet that reads other sheets (the cascade's tracking reads the
 * table's months) is evaluated in its workbook.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { type Plan, resolveGrid, resolveSplit, validatePlan } from "../src/sheets/plan";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { type QuarterlySplitInput, buildQuarterlySplit, quarterlyLayout } from "../src/sheets/quarterly";
import { TRACKING_LAYOUT } from "../src/sheets/tracking";
import { type CascadeNode, type CascadeResult, type CascadeType, resolveCascade } from "../src/sheets/cascade";
import { type CascadeLayout, cascadeLayout } from "../src/sheets/cascade-sheet";
import { trackingRows } from "../src/sheets/cascade-tracking";
import { treeScorecardKpi } from "../src/sheets/cascade-plan";
import type { CellSpec, NameSpec, SheetSpec } from "../src/sheets/spec";
import { type XlValue, colLetters, parseA1, placedRows, sheetEvaluator, workbookSheetEvaluator } from "./helpers/formula-eval";
import { DASHBOARD_LABELS } from "../src/sheets/i18n";
import { planArb, quarterlyArb } from "./helpers/plan-arb";
import { randomCascadePlan } from "./helpers/cascade-plans";

type Rows = (CellSpec | null)[][];

/** One way of breaking what a check guards: changes a copy of the sheet's rows. */
interface Breaker {
  what: string;
  apply: (rows: Rows) => void;
}

/** What a family needs to find the cells a check guards. */
interface Context {
  sheet: SheetSpec;
  /** The rows as they sit on the sheet (from A1). */
  rows: Rows;
  name: NameSpec;
  /** The check cell, 0-based. */
  at: { row: number; col: number };
  /** The names of the same sheet, in the builder's order. */
  names: NameSpec[];
  /** How far off a typed-over value is: a unit, and more than any check's tolerance. */
  delta: number;
  plan?: Plan;
  quarterly?: QuarterlySplitInput;
}

/** A kind of check: which names it claims, and how to break what one of them guards. */
interface Family {
  name: RegExp;
  breakers: (ctx: Context) => Breaker[];
}

// ---- cell helpers -------------------------------------------------------------------------------

/** The value a cell holds before breaking: its constant, or the engine's value of its formula. */
function valueOf(rows: Rows, row: number, col: number): number {
  const c = rows[row]?.[col];
  const v = c ? ("v" in c ? c.v : c.expect) : null;
  if (typeof v !== "number" && v !== null) throw new Error(`${colLetters(col)}${row + 1} holds ${String(v)}, not a number`);
  return v ?? 0;
}
/** Types `value` over the cell (a formula becomes a constant). */
const set = (rows: Rows, row: number, col: number, value: number | boolean | string): void => {
  while (rows.length <= row) rows.push([]);
  const r = (rows[row] = rows[row].slice());
  while (r.length <= col) r.push(null);
  r[col] = { v: value };
};
/**
 * A breaker typing the cell's value plus `by` over it (minus only where that stays ≥ 0: a
 * planner types a wrong amount, not a negative one, over a computed amount).
 */
const bump = (what: string, row: number, col: number, by: number): Breaker => ({
  what: `${what} (${colLetters(col)}${row + 1} typed ${by > 0 ? "+" : ""}${by})`,
  apply: (rows) => {
    const v = valueOf(rows, row, col);
    set(rows, row, col, v + (v + by < 0 ? -by : by));
  },
});
/** Several breakers applied together. */
const both = (what: string, ...bs: Breaker[]): Breaker => ({ what, apply: (rows) => bs.forEach((b) => b.apply(rows)) });
const a1 = (row: number, col: number) => `${colLetters(col)}${row + 1}`;

// ---- the families -----------------------------------------------------------------------------

const QUARTER_COL = 2;
const MONTH_COL = 6;

/** The quarterly split's rows and columns, from its input (as the builder lays it out). */
function quarterlyCells(ctx: Context) {
  const input = ctx.quarterly!;
  const L = quarterlyLayout(input);
  const row = (r: number) => L.origin.row + r;
  const col = (c: number) => L.origin.col + c;
  const months = !!input.months;
  return {
    weights: row(L.weights),
    data: input.names.map((_, i) => row(L.first + i)),
    total: row(L.total),
    q: (k: number) => col(QUARTER_COL + k),
    m: (k: number) => col(MONTH_COL + k),
    annual: col(1),
    rowTotal: col(months ? 18 : 6),
    months,
    delta: Math.max(ctx.delta, input.unit),
  };
}

/** The plan's cascade worked out and laid out as its table is (once per plan). */
const cascades = new WeakMap<Plan, { result: CascadeResult; L: CascadeLayout }>();
function cascadeOf(plan: Plan): { result: CascadeResult; L: CascadeLayout } {
  let c = cascades.get(plan);
  if (!c) {
    const result = resolveCascade(plan);
    c = { result, L: cascadeLayout(result) };
    cascades.set(plan, c);
  }
  return c;
}

/** A cascade breaker, with the kind of part it breaks (Check_Cascade_All applies one kind to every row at once). */
interface CascadeBreaker {
  kind: string;
  breaker: Breaker;
}

/**
 * Breakers of every part of one row's check on the cascade table (a node's row of one numeric
 * type): its months and its quarters add up to its year, no figure before a late starter's
 * start month; a node with children hands down its year × (1 + buffer), its children's years
 * add up to that, no child's weight (asked first) or held amount is negative, percentages add
 * up to 100; a node's rate is no looser than its parent's (on its first row). Kinds that type
 * a node's own figures are told apart by depth, so that a node and one above it (whose figures
 * flow down to it) are never typed over in one go.
 */
function cascadeRowBreakers(ctx: Context, n: CascadeNode, t: CascadeType): CascadeBreaker[] {
  const { result, L } = cascadeOf(ctx.plan!);
  const row = L.rows[n.index][t.index];
  const d = Math.max(ctx.delta, t.roundTo);
  const who = `${n.vacancy ? "the held row" : n.name}'s ${t.id}`;
  const out: CascadeBreaker[] = [];
  const add = (kind: string, breaker: Breaker) => out.push({ kind, breaker });
  // A month the node has (from its start month on), and a quarter.
  const m = n.startMonth - 1 + (row % (13 - n.startMonth));
  add("month", bump(`${who}: month ${m + 1} typed over`, row, L.col.months[m], row % 2 ? -d : d));
  add("quarter", bump(`${who}: Q${(row % 4) + 1} typed over`, row, L.col.quarters[row % 4], d));
  if (n.person && n.startMonth > 1) add("before the start", { what: `${who}: a figure typed in January, before the start month`, apply: (rows) => set(rows, row, L.col.months[0], d) });
  if (!n.leaf) {
    const kids = n.children.map((k) => result.nodes[k]);
    const rowOf = (k: CascadeNode) => L.rows[k.index][t.index];
    add(`hand-down, depth ${n.depth}`, bump(`${who}: what it hands down typed over`, row, L.col.handedDown, d));
    const k0 = kids[row % kids.length];
    add(`a child, depth ${n.depth}`, bump(`${k0.vacancy ? "the held row" : k0.name}'s ${t.id} typed one unit off`, rowOf(k0), L.col.annual, -d));
    const real = kids.filter((k) => !k.vacancy);
    const weighted = real.find((k) => !k.figures[t.index].rest);
    if (!weighted) throw new Error(`${who}: no child with a weight of its own to type negative`);
    add("weight", { what: `${weighted.name}'s ${t.id} weight typed negative`, apply: (rows) => set(rows, rowOf(weighted), L.col.weight, -1) });
    const last = real[real.length - 1];
    add("held", { what: `${last.name}'s ${t.id} held amount typed negative`, apply: (rows) => set(rows, rowOf(last), L.col.held, -1) });
    if (n.figures[t.index].percent) {
      const rest = real.find((k) => k.figures[t.index].rest);
      const free = rest ?? real.find((k) => k.figures[t.index].held === 0);
      if (!free) throw new Error(`${who}: percentages with every child held`);
      add("percent", bump(`${free.name}'s ${t.id} percentage typed 1 over`, rowOf(free), L.col.weight, 1));
    }
  }
  if (row === L.rows[n.index][result.types.find((x) => x.numeric)!.index] && n.parent >= 0) {
    for (const rt of result.types.filter((x) => !x.numeric)) {
      const mine = parseA1(L.rates[n.index][rt.index].replace(/\$/g, ""));
      const theirs = result.nodes[n.parent].figures[rt.index].annual;
      const looser = rt.direction === "lower" ? theirs + 0.01 : theirs - 0.01;
      add(`rate, depth ${n.depth}`, { what: `${who}: its ${rt.id} typed looser than its parent's`, apply: (rows) => set(rows, mine.row, mine.col, looser) });
    }
  }
  return out;
}

/** The cascade's nodes and numeric types, row by row. */
function cascadeRows(plan: Plan): [CascadeNode, CascadeType][] {
  const { result } = cascadeOf(plan);
  const numeric = result.types.filter((t) => t.numeric);
  return result.nodes.flatMap((n) => numeric.map((t) => [n, t] as [CascadeNode, CascadeType]));
}

const FAMILIES: Family[] = [
  {
    // Quarter weights not all 0, none negative; with months, each quarter's months not all 0, none negative.
    name: /^Check_Quarterly(_[A-Z]+\d+)?_Weights(_\d+)?$/,
    breakers: (ctx) => {
      const Q = quarterlyCells(ctx);
      const w = Q.weights;
      const out: Breaker[] = [
        { what: "every quarter weight 0", apply: (rows) => [0, 1, 2, 3].forEach((k) => set(rows, w, Q.q(k), 0)) },
        { what: "Q1's weight negative (the sum still positive)", apply: (rows) => (set(rows, w, Q.q(0), -1), set(rows, w, Q.q(1), valueOf(rows, w, Q.q(1)) + 5)) },
        { what: "Q4's weight negative (the sum still positive)", apply: (rows) => (set(rows, w, Q.q(3), -1), set(rows, w, Q.q(2), valueOf(rows, w, Q.q(2)) + 5)) },
      ];
      if (Q.months) {
        for (let q = 0; q < 4; q++) out.push({ what: `Q${q + 1}'s three month weights 0`, apply: (rows) => [0, 1, 2].forEach((j) => set(rows, w, Q.m(3 * q + j), 0)) });
        out.push({ what: "December's weight negative", apply: (rows) => (set(rows, w, Q.m(11), -1), set(rows, w, Q.m(10), valueOf(rows, w, Q.m(10)) + 5)) });
      }
      return out;
    },
  },
  {
    // Each row's quarters add up to its annual figure (and each quarter's months to the quarter); the total row adds up.
    name: /^Check_Quarterly(_[A-Z]+\d+)?_Rows(_\d+)?$/,
    breakers: (ctx) => {
      const Q = quarterlyCells(ctx);
      const d = Q.delta;
      const out: Breaker[] = [];
      Q.data.forEach((r, i) => {
        out.push(bump(`row ${i + 1}'s Q${(i % 4) + 1} typed over`, r, Q.q(i % 4), d));
        out.push(bump(`row ${i + 1}'s Q4 typed over`, r, Q.q(3), -d));
        if (Q.months) for (let q = 0; q < 4; q++) out.push(bump(`row ${i + 1}'s month ${3 * q + (i % 3) + 1} typed over`, r, Q.m(3 * q + (i % 3)), d));
        out.push(bump(`row ${i + 1}'s total typed over`, r, Q.rowTotal, d));
      });
      for (let k = 0; k < 4; k++) out.push(bump(`the total row's Q${k + 1} typed over`, Q.total, Q.q(k), d));
      out.push(bump("the total row's total typed over", Q.total, Q.rowTotal, d));
      out.push(bump("the total row's annual figure typed over", Q.total, Q.annual, d));
      return out;
    },
  },
  {
    // A split's amounts add up to its total (months within quarters to each quarter), percentages to 100, no negative weight.
    name: /^Check_Split_/,
    breakers: (ctx) => {
      const plan = ctx.plan!;
      const index = ctx.names.filter((n) => /^Check_Split_/.test(n.name)).indexOf(ctx.name);
      const split = plan.splits![index];
      const R = resolveSplit(plan, split.id);
      const k = R.names.length;
      const tr = ctx.at.row;
      const first = tr - k;
      const [WEIGHT, HELD, AMOUNT] = [1, 2, 4];
      const d = Math.max(ctx.delta, R.roundTo);
      const out: Breaker[] = [];
      for (let i = 0; i < k; i++) out.push(bump(`${R.names[i]}'s amount typed over`, first + i, AMOUNT, i % 2 ? -d : d));
      out.push(bump("the total amount typed over", tr, AMOUNT, d));
      if (split.withinQuarters !== undefined) {
        // One unit moved from a month of one quarter to a month of the next: the year still adds up.
        for (let q = 0; q < 4; q++) {
          const r = (q + 1) % 4;
          out.push(both(`a unit moved from Q${q + 1}'s months to Q${r + 1}'s`, bump("", first + 3 * q, AMOUNT, -d), bump("", first + 3 * r + 1, AMOUNT, d)));
        }
      } else {
        const held = (i: number) => valueOf(ctx.rows, first + i, HELD) > 0;
        const free = Array.from({ length: k }, (_, i) => i).filter((i) => !held(i));
        if ((split.basis ?? "") === "percent" && free.length > 0) {
          const rest = split.members?.findIndex((m) => m.rest) ?? -1;
          const i = rest >= 0 && !held(rest) ? rest : free[0];
          out.push(bump(`${R.names[i]}'s percentage typed 1 over`, first + i, WEIGHT, 1));
        }
        if (free.length > 0) out.push({ what: `${R.names[free[0]]}'s weight typed negative`, apply: (rows) => set(rows, first + free[0], WEIGHT, -1) });
      }
      if (split.withinQuarters !== undefined) out.push({ what: "January's weight typed negative", apply: (rows) => set(rows, first, WEIGHT, -1) });
      return out;
    },
  },
  {
    // A grid's rows add up to their targets, and its columns.
    name: /^Check_Grid_/,
    breakers: (ctx) => {
      const plan = ctx.plan!;
      const index = ctx.names.filter((n) => /^Check_Grid_/.test(n.name)).indexOf(ctx.name);
      const G = resolveGrid(plan, plan.grids![index].id);
      const m = G.values.length;
      const n = G.columns.names.length;
      const tr = ctx.at.row;
      const first = tr - m;
      const [cTotal, cTarget] = [n + 1, n + 2];
      const d = ctx.delta;
      const out: Breaker[] = [];
      for (let i = 0; i < m; i++) {
        out.push(bump(`row ${i + 1}'s value typed over`, first + i, 1 + (i % n), d));
        out.push(bump(`row ${i + 1}'s total typed over`, first + i, cTotal, d));
        out.push(bump(`row ${i + 1}'s target typed over`, first + i, cTarget, d));
        if (n >= 2) out.push(both(`a unit moved between two columns of row ${i + 1} (the row still adds up)`, bump("", first + i, 1, d), bump("", first + i, 2, -d)));
      }
      for (let j = 0; j < n; j++) {
        out.push(bump(`column ${j + 1}'s value typed over`, first + (j % m), 1 + j, -d));
        out.push(bump(`column ${j + 1}'s total typed over`, tr, 1 + j, d));
        out.push(bump(`column ${j + 1}'s target typed over`, tr + 1, 1 + j, d));
        if (m >= 2) out.push(both(`a unit moved between two rows of column ${j + 1} (the column still adds up)`, bump("", first, 1 + j, d), bump("", first + 1, 1 + j, -d)));
      }
      return out;
    },
  },
  {
    // Every split's and grid's check on the sheet.
    name: /^Check_Decomposition_All(_\d+)?$/,
    breakers: (ctx) => {
      const others = ctx.names.filter((n) => n !== ctx.name && n.sheet === ctx.name.sheet);
      return others.map((n) => {
        const { row, col } = parseA1(n.ref.replace(/\$/g, ""));
        return { what: `${n.name} FALSE`, apply: (rows: Rows) => set(rows, row, col, false) };
      });
    },
  },
  {
    // The revision log: each revised node's latest revision, its new target typed wrong or the
    // node's target (read from its sheet) typed over.
    name: /^Check_Revisions(_\d+)?$/,
    breakers: (ctx) =>
      ctx.rows.flatMap((r, i) => {
        const now = r[7];
        if (!now || !("f" in now) || now.expect === undefined || now.expect === null) return [];
        return [
          { what: `${a1(i, 5)} (the new target) typed one step off`, apply: (rows: Rows) => set(rows, i, 5, valueOf(ctx.rows, i, 5) + ctx.delta) },
          { what: `${a1(i, 7)} (the node's target now) typed one step off`, apply: (rows: Rows) => set(rows, i, 7, valueOf(ctx.rows, i, 7) + ctx.delta) },
        ];
      }),
  },
  {
    // A node's rows on the cascade table (its months, quarters, hand-down, children, weights, rates).
    name: /^Check_Cascade_N\d+/,
    breakers: (ctx) => {
      const { result, L } = cascadeOf(ctx.plan!);
      const first = (n: CascadeNode) => L.rows[n.index][result.types.find((t) => t.numeric)!.index];
      const node = result.nodes.find((n) => !n.leaf && first(n) === ctx.at.row && L.col.nodeCheck === ctx.at.col);
      if (!node) throw new Error(`${ctx.name.name} is at ${a1(ctx.at.row, ctx.at.col)}, where no node's check is`);
      return result.types.filter((t) => t.numeric).flatMap((t) => cascadeRowBreakers(ctx, node, t).map((b) => b.breaker));
    },
  },
  {
    // Every row of a level: each row's check at that depth set FALSE.
    name: /^Check_Cascade_Level\d+/,
    breakers: (ctx) => {
      const { L } = cascadeOf(ctx.plan!);
      const depth = L.checks.levels.indexOf(ctx.at.col);
      if (ctx.at.row !== L.row.checks || depth < 0) throw new Error(`${ctx.name.name} is at ${a1(ctx.at.row, ctx.at.col)}, where no level's check is`);
      // The level's first and last rows' checks FALSE (a range a row short misses one).
      const rows = cascadeRows(ctx.plan!).filter(([n]) => n.depth === depth);
      const out: Breaker[] = [...new Set([rows[0], rows[rows.length - 1]])].map(([n, t]) => {
        const row = L.rows[n.index][t.index];
        return { what: `${n.vacancy ? "the held row" : n.name}'s ${t.id} check FALSE`, apply: (rs: Rows) => set(rs, row, L.col.check, false) };
      });
      // A target typed as text: that row's check is an error (#VALUE!), and the level must still say FALSE.
      const [n, t] = rows[rows.length - 1];
      out.push({ what: `${n.vacancy ? "the held row" : n.name}'s ${t.id} target typed as text, its check an error`, apply: (rs: Rows) => set(rs, L.rows[n.index][t.index], L.col.annual, "tbd") });
      return out;
    },
  },
  {
    // Every part of every row of the table, and the seasonality (months' weights not all 0, none negative).
    name: /^Check_Cascade_All/,
    breakers: (ctx) => {
      const { L } = cascadeOf(ctx.plan!);
      const season = L.row.season;
      const months = L.col.months;
      // The first and the last row on their own (a month typed over: a range a row short misses one), then each kind of part in every row at once.
      const tagged = cascadeRows(ctx.plan!).flatMap(([n, t]) => cascadeRowBreakers(ctx, n, t));
      const kinds = [...new Set(tagged.map((b) => b.kind))];
      const alone = tagged.filter((b) => b.kind === "month").map((b) => b.breaker);
      return [
        ...new Set([alone[0], alone[alone.length - 1]]),
        ...kinds.map((k) => both(`every row: ${k} (${tagged.find((b) => b.kind === k)!.breaker.what}, …)`, ...tagged.filter((b) => b.kind === k).map((b) => b.breaker))),
        { what: "the top's target typed as text, its check an error", apply: (rows: Rows) => set(rows, L.row.first, L.col.annual, "tbd") },
        { what: "every month's seasonality weight 0", apply: (rows: Rows) => months.forEach((c) => set(rows, season, c, 0)) },
        { what: "January's seasonality weight negative (the sum still positive)", apply: (rows: Rows) => (set(rows, season, months[0], -1), set(rows, season, months[1], valueOf(rows, season, months[1]) + 5)) },
      ];
    },
  },
  {
    // Each row's yellow line is not above its green one, and its months add up to its annual target.
    // The plan's own tracking sheet, or the cascade's (its rows follow the tree; their targets are the table's months).
    name: /^Check_Tracking_Rows(_\d+)?$/,
    breakers: (ctx) => {
      const own = ctx.plan!.tracking?.rows;
      const nameAt = (i: number) => {
        const c = ctx.rows[TRACKING_LAYOUT.firstDataRow + i]?.[0];
        return c && "v" in c ? c.v : undefined;
      };
      const isOwn = own !== undefined && own.every((t, i) => nameAt(i) === t.name) && nameAt(own.length) === undefined;
      if (!isOwn) {
        if (!ctx.plan!.cascade?.tracking) throw new Error(`${ctx.name.name}: neither the plan's tracking rows nor a cascade's`);
        const tracked = trackingRows(cascadeOf(ctx.plan!).result);
        if (nameAt(tracked.length - 1) === undefined || nameAt(tracked.length) !== undefined) throw new Error(`${ctx.name.name}: the sheet's rows are not the cascade's ${tracked.length}`);
        return tracked.map((_, i) => {
          const r = TRACKING_LAYOUT.firstDataRow + i;
          return { what: `row ${i + 1}'s yellow line typed above its green one`, apply: (rs: Rows) => set(rs, r, 5, valueOf(rs, r, 4) + 0.1) };
        });
      }
      const rows = own;
      const [GREEN, YELLOW] = [4, 5];
      const YEAR = TRACKING_LAYOUT.firstMonthCol + 24;
      const out: Breaker[] = [];
      rows.forEach((t, i) => {
        const r = TRACKING_LAYOUT.firstDataRow + i;
        out.push({ what: `${t.name}'s yellow line typed above its green one`, apply: (rs) => set(rs, r, YELLOW, valueOf(rs, r, GREEN) + 0.1) });
        const format = t.format ?? "amount";
        const sum = (t.aggregate ?? (format === "percent" ? "average" : "sum")) === "sum";
        if (sum && ("annual" in t.target || "from" in t.target)) {
          out.push(bump(`${t.name}'s March target typed over`, r, TRACKING_LAYOUT.firstMonthCol + 4, ctx.delta));
          out.push(bump(`${t.name}'s year target typed over`, r, YEAR, -ctx.delta));
        }
      });
      return out;
    },
  },
  {
    // The dashboard's green, yellow and red counts add up to the rows with an attainment; its dashes to the rows without a target.
    name: /^Check_Dashboard_Status$/,
    breakers: () => [bump("the green count typed over", 5, 1, 1), bump("the count of dashes typed over", 8, 1, 1)],
  },
  {
    // Each row of the top and bottom five holds the listed attainment, in order (ties in the sheet's order).
    name: /^Check_Dashboard_Ranks$/,
    breakers: (ctx) => {
      const [FIRST, ATT, ROW] = [5, 5, 10];
      const listed = Array.from({ length: 10 }, (_, k) => ({ k, att: ctx.rows[FIRST + k]?.[ATT], row: ctx.rows[FIRST + k]?.[ROW] }));
      const value = (c: CellSpec | null | undefined) => (c && "f" in c ? c.expect : undefined);
      return listed.map(({ k, att, row }) => {
        const other = listed.find((x) => typeof value(x.att) === "number" && value(x.att) !== value(att));
        if (typeof value(row) !== "number" || !other) {
          // An empty place: a row and an attainment typed into it that do not go together.
          return { what: `place ${k + 1} typed full`, apply: (rows: Rows) => (set(rows, FIRST + k, ATT, 0.5), set(rows, FIRST + k, ROW, 1)) };
        }
        return { what: `place ${k + 1}'s row typed over with another's`, apply: (rows: Rows) => set(rows, FIRST + k, ROW, value(other.row) as number) };
      });
    },
  },
  {
    // December's target to date is the year's; the as-of month's targets and actuals to date are the tracking sheet's.
    name: /^Check_Dashboard_Months$/,
    breakers: (ctx) => {
      const first = ctx.rows.findIndex((r) => r[0] && "v" in r[0] && (r[0].v === DASHBOARD_LABELS.en.months[0] || r[0].v === DASHBOARD_LABELS.zh.months[0]));
      const [CUM_TARGET, CUM_ACTUAL, HEADLINE] = [3, 4, 9];
      const expected = (row: number, col: number) => {
        const c = ctx.rows[row]?.[col];
        return c && "f" in c ? c.expect : undefined;
      };
      const out: Breaker[] = [bump("December's target to date typed over", first + 11, CUM_TARGET, ctx.delta)];
      const asOf = Array.from({ length: 12 }, (_, m) => first + m).find((r) => expected(r, CUM_TARGET) === expected(5 + 1, HEADLINE));
      if (asOf !== undefined) {
        out.push(bump("the as-of month's target to date typed over", asOf, CUM_TARGET, ctx.delta));
        if (typeof expected(asOf, CUM_ACTUAL) === "number") out.push(bump("the as-of month's actual to date typed over", asOf, CUM_ACTUAL, ctx.delta));
      }
      return out;
    },
  },
  {
    // A node's row on the scorecard that follows the tree: its revenue is its people's sum (typed
    // over: FALSE), its sales KPI's actual is that revenue over its target (typed over: FALSE).
    name: /^Check_Scorecard_Tree_N\d+(_\d+)?$/,
    breakers: (ctx) => {
      const sc = ctx.plan!.scorecard!;
      const k = sc.kpis.length;
      const REV = 1 + 2 * k + (sc.roles?.length ? 1 : 0) + 2;
      const ACT = 1 + 2 * sc.kpis.indexOf(treeScorecardKpi(ctx.plan!)!);
      const r = ctx.at.row;
      const typed = (what: string, col: number, by: number): Breaker => ({
        what,
        apply: (rows) => {
          const c = rows[r]?.[col];
          const v = c && "f" in c ? c.expect : undefined;
          set(rows, r, col, typeof v === "number" ? v + by : by);
        },
      });
      return [typed("the node's revenue typed over", REV, ctx.delta), typed("the node's sales attainment typed over", ACT, 0.1)];
    },
  },
  {
    // The KPI weights add up to 100.
    name: /^Check_Scorecard_Weights(_\d+)?$/,
    breakers: (ctx) => ctx.plan!.scorecard!.kpis.map((k, i) => bump(`${k.name}'s weight typed over`, 3 + i, 1, 1)),
  },
  {
    // A role's weights (its column beside the KPIs, the check under its sum) add up to 100.
    name: /^Check_Scorecard_Role_/,
    breakers: (ctx) => ctx.plan!.scorecard!.kpis.map((k, i) => bump(`${k.name}'s weight for the role typed over`, 3 + i, ctx.at.col, 1)),
  },
  {
    // A graded KPI's grade table (names, then points; the check under them): every grade named and
    // with points, none below 0, the top above 0.
    name: /^Check_Scorecard_Grades_/,
    breakers: (ctx) => {
      const sc = ctx.plan!.scorecard!;
      const index = ctx.names.filter((n) => /^Check_Scorecard_Grades_/.test(n.name)).indexOf(ctx.name);
      const kpi = sc.kpis.filter((k) => k.grades !== undefined)[index];
      const n = kpi.grades === true ? 5 : kpi.grades!.length;
      const first = ctx.at.row - n;
      const pts = ctx.at.col;
      const out: Breaker[] = [];
      for (let j = 0; j < n; j++) {
        out.push({ what: `grade ${j + 1}'s points cleared`, apply: (rows) => put(rows, first + j, pts, null) });
        out.push({ what: `grade ${j + 1}'s name cleared`, apply: (rows) => put(rows, first + j, pts - 1, "") });
      }
      out.push({ what: "the last grade's points typed -1", apply: (rows) => set(rows, first + n - 1, pts, -1) });
      out.push({ what: "every grade's points typed 0", apply: (rows) => Array.from({ length: n }, (_, j) => set(rows, first + j, pts, 0)) });
      return out;
    },
  },
  {
    // The annual bonus table (thresholds, then months; "below" under them; the check under that):
    // every threshold and month there, thresholds highest first, no month below 0.
    name: /^Check_Scorecard_AnnualBonus(_\d+)?$/,
    breakers: (ctx) => {
      const n = ctx.plan!.scorecard!.annualBonus!.bands.length;
      const months = ctx.at.col;
      const from = months - 1;
      const out: Breaker[] = [];
      for (let j = 0; j < n; j++) {
        out.push({ what: `band ${j + 1}'s threshold cleared`, apply: (rows) => put(rows, 3 + j, from, null) });
        out.push({ what: `band ${j + 1}'s months cleared`, apply: (rows) => put(rows, 3 + j, months, null) });
        out.push({ what: `band ${j + 1}'s months typed -1`, apply: (rows) => set(rows, 3 + j, months, -1) });
      }
      out.push({ what: "the months below the lowest band cleared", apply: (rows) => put(rows, 3 + n, months, null) });
      out.push({ what: "the months below the lowest band typed -1", apply: (rows) => set(rows, 3 + n, months, -1) });
      for (let j = 0; j + 1 < n; j++) {
        out.push({ what: `bands ${j + 1} and ${j + 2} out of order`, apply: (rows) => set(rows, 3 + j, from, valueOf(rows, 3 + j + 1, from)) });
      }
      return out;
    },
  },
];

/** Types a blank (null) or a text over the cell. */
function put(rows: Rows, row: number, col: number, value: null | string): void {
  while (rows.length <= row) rows.push([]);
  const r = (rows[row] = rows[row].slice());
  while (r.length <= col) r.push(null);
  r[col] = { v: value };
}

/** The family that claims a check's name, if any. */
const familyOf = (name: string): Family | undefined => FAMILIES.find((f) => f.name.test(name));

// ---- the parts of a check -------------------------------------------------------------------------

/** Top-level arguments of a call's argument text ("a,b(c,d),\"e,f\"" → three). */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "(") depth++;
    else if (!quoted && c === ")") depth--;
    else if (!quoted && depth === 0 && c === ",") {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** The inside of `NAME(…)` when the whole formula is that one call. */
function callArgs(f: string, name: string): string | undefined {
  if (!f.startsWith(`${name}(`) || !f.endsWith(")")) return undefined;
  let depth = 0;
  for (let i = name.length; i < f.length; i++) {
    if (f[i] === "(") depth++;
    else if (f[i] === ")" && --depth === 0 && i !== f.length - 1) return undefined;
  }
  return f.slice(name.length + 1, -1);
}

const RANGE = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/;

/**
 * The parts of a check, each a formula that is TRUE while that part holds: the arguments of
 * its AND (nested ANDs opened), the checks of the cells it reads (a row's or column's check
 * cell, opened in turn), `COUNTIF(range,FALSE)=0` read as the AND of the range. Another named
 * check it reads is one part (its own parts are its own family's).
 */
function partsOf(f: string, rows: Rows, named: Set<string>): string[] {
  // IF(c,FALSE,x): FALSE when c holds, else x.
  const unless = callArgs(f, "IF");
  if (unless !== undefined) {
    const [c, no, rest] = splitArgs(unless);
    if (no === "FALSE" && rest !== undefined) return [`NOT(${c})`, ...partsOf(rest, rows, named)];
  }
  const and = callArgs(f, "AND");
  const countFalse = /^COUNTIF\(([^,]+),FALSE\)=0$/.exec(f);
  const args = and !== undefined ? splitArgs(and) : countFalse ? [countFalse[1]] : undefined;
  if (!args) return [f];
  return args.flatMap((arg) => {
    const m = RANGE.exec(arg);
    if (!m) return callArgs(arg, "AND") !== undefined ? partsOf(arg, rows, named) : [arg];
    const from = parseA1(`${m[1]}${m[2]}`);
    const to = m[3] ? parseA1(`${m[3]}${m[4]}`) : from;
    const out: string[] = [];
    for (let r = from.row; r <= to.row; r++) {
      for (let c = from.col; c <= to.col; c++) {
        const cell = rows[r]?.[c];
        out.push(...(cell && "f" in cell && !named.has(a1(r, c)) ? partsOf(cell.f, rows, named) : [a1(r, c)]));
      }
    }
    return out;
  });
}

// ---- the run ----------------------------------------------------------------------------------------

/** What breaking one workbook's checks showed: per check, the breakers tried. */
interface Report {
  checks: { name: string; breakers: string[] }[];
}

/**
 * Breaks every check of the sheets, one breaker at a time, and throws naming the first check
 * that is not TRUE unbroken, not FALSE broken, or has a part no breaker turns FALSE.
 */
function breakEveryCheck(sheets: SheetSpec[], names: NameSpec[], source: { plan?: Plan; quarterly?: QuarterlySplitInput }): Report {
  const report: Report = { checks: [] };
  for (const sheet of sheets) {
    const own = names.filter((n) => n.sheet === sheet.name);
    if (own.length === 0) continue;
    const rows = placedRows(sheet);
    const numbers = rows.flat().map((c) => (c ? ("v" in c ? c.v : c.expect) : null));
    const biggest = Math.max(1, ...numbers.filter((x): x is number => typeof x === "number").map(Math.abs));
    const named = new Set(own.map((n) => n.ref.replace(/\$/g, "")));
    // A sheet that reads others (the cascade's tracking reads its table) is evaluated in its workbook.
    const readsOthers = rows.some((r) => r.some((c) => c !== null && "f" in c && c.f.includes("!")));
    const evaluator = (rs: Rows) => (readsOthers ? workbookSheetEvaluator(sheets, sheet.name, rs) : sheetEvaluator(rs));
    const base = evaluator(rows);
    for (const name of own) {
      const family = familyOf(name.name);
      if (!family) throw new Error(`${name.name} has no breaker: add its family to tests/checks.test.ts`);
      const ref = name.ref.replace(/\$/g, "");
      const at = parseA1(ref);
      const cell = rows[at.row]?.[at.col];
      if (!cell || !("f" in cell)) throw new Error(`${name.name} points at ${ref}, which holds no formula`);
      const parts = partsOf(cell.f, rows, new Set([...named].filter((x) => x !== ref)));
      const show = (v: XlValue) => (v === null ? "blank" : String(v));
      if (base.at(ref) !== true) throw new Error(`${name.name} is ${show(base.at(ref))} unbroken`);
      for (const p of parts) if (base.formula(p) !== true) throw new Error(`${name.name}: its part ${p} is ${show(base.formula(p))} unbroken`);
      const ctx: Context = { sheet, rows, name, at, names: own, delta: Math.max(1, 1e-6 * biggest), ...source };
      const breakers = family.breakers(ctx);
      if (breakers.length === 0) throw new Error(`${name.name}: its family gives no breaker here`);
      const falsified = new Set<string>();
      for (const b of breakers) {
        const broken = rows.slice();
        b.apply(broken);
        const ev = evaluator(broken);
        const v = ev.at(ref);
        if (v !== false) throw new Error(`${name.name} stays ${show(v)} when ${b.what}`);
        for (const p of parts) if (ev.formula(p) === false) falsified.add(p);
      }
      const untouched = parts.filter((p) => !falsified.has(p));
      if (untouched.length) throw new Error(`${name.name}: no breaker turns these parts FALSE: ${untouched.join("; ")}`);
      report.checks.push({ name: name.name, breakers: breakers.map((b) => b.what) });
    }
  }
  return report;
}

const EXAMPLES = path.resolve(__dirname, "../examples");
function example(file: string): Plan {
  const v = validatePlan(JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")));
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.plan;
}
const SEED_SPLIT: QuarterlySplitInput = {
  names: ["华东", "华南", "华北", "其他"],
  annual: [48000000, 36000000, 24000000, 12000000],
  weights: [25, 30, 25, 20],
  unit: 10000,
  lang: "zh",
};

describe("every check turns FALSE when what it guards breaks", () => {
  for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".json"))) {
    test(`${file}: every check of every sheet, both languages`, () => {
      const plan = example(file);
      for (const lang of ["en", "zh"] as const) {
        const spec = buildPlanWorkbook(plan, { lang, asOf: "2025-06-30" });
        const report = breakEveryCheck(spec.sheets, spec.names, { plan });
        expect(report.checks.map((c) => c.name).sort()).toEqual(spec.names.map((n) => n.name).sort());
      }
    });
  }
  test("the cascade's scorecard that follows the tree, by team and by region, with and without actuals: every check of every sheet", () => {
    const seen = new Set<string>();
    for (const level of ["团队", 1]) {
      for (const stripped of [false, true]) {
        const json = JSON.parse(fs.readFileSync(path.join(EXAMPLES, "cascade.json"), "utf8"));
        json.cascade.scorecard = { level };
        const strip = (n: { actuals?: unknown; children?: unknown[] }) => (delete n.actuals, (n.children ?? []).forEach((k) => strip(k as typeof n)));
        if (stripped) strip(json.cascade.root);
        const v = validatePlan(json);
        if (!v.ok) throw new Error(JSON.stringify(v.problems));
        const spec = buildPlanWorkbook(v.plan, { lang: stripped ? "en" : "zh", asOf: "2025-06-30" });
        const report = breakEveryCheck(spec.sheets, spec.names, { plan: v.plan });
        expect(report.checks.map((c) => c.name).sort()).toEqual(spec.names.map((n) => n.name).sort());
        for (const c of report.checks) seen.add(c.name.replace(/_N\d+$/, "_N<k>"));
      }
    }
    expect([...seen].filter((n) => n.startsWith("Check_Scorecard")).sort()).toEqual(["Check_Scorecard_Tree_N<k>", "Check_Scorecard_Weights", "Check_Scorecard_Weights_2"]);
  });
  test("a scorecard of the documents: roles, own grades, an annual bonus of two bands, with and without people", () => {
    const json = {
      title: "S",
      year: 2025,
      scorecard: {
        kpis: [
          { id: "sales", name: "Sales", weight: 60, target: 1, rule: "+0.5 per 1% over; -1 per 1% under" },
          { id: "attitude", name: "Attitude", weight: 20, grades: [{ name: "A", points: 5 }, { name: "B", points: 3 }, { name: "C", points: 0 }] },
          { id: "team", name: "Team", weight: 20, grades: true },
        ],
        roles: [{ id: "lead-1", name: "Lead", weights: { sales: 70, attitude: 10, team: 20 } }],
        annualBonus: { bands: [{ from: 1, months: 3 }, { from: 1.2, months: 4 }, { from: 0.9, months: 1 }], below: 0 },
        people: [{ name: "Ann", role: "lead-1", actuals: { sales: 1.1, attitude: "B", team: "good" }, monthlySalary: 9000, annualActual: 130, annualTarget: 100 }],
      },
    };
    for (const withPeople of [true, false]) {
      const v = validatePlan(withPeople ? json : { ...json, scorecard: { ...json.scorecard, people: undefined } });
      if (!v.ok) throw new Error(JSON.stringify(v.problems));
      for (const lang of ["en", "zh"] as const) {
        const spec = buildPlanWorkbook(v.plan, { lang });
        const report = breakEveryCheck(spec.sheets, spec.names, { plan: v.plan });
        expect(report.checks.map((c) => c.name).sort()).toEqual(["Check_Scorecard_AnnualBonus", "Check_Scorecard_Grades_attitude", "Check_Scorecard_Grades_team", "Check_Scorecard_Role_lead_1", "Check_Scorecard_Weights"]);
      }
    }
  });
  test("quarterly splits: with and without months, exact and decimal units, beside a selection, aligned", () => {
    for (const input of [
      SEED_SPLIT,
      { ...SEED_SPLIT, months: true, monthWeights: [1, 2, 3, 1, 1, 1, 2, 2, 1, 1, 1, 5], lang: "en" as const },
      { ...SEED_SPLIT, unit: 0, months: true },
      { ...SEED_SPLIT, unit: 0.01, annual: [99.99, 0.07, 1e6 + 0.005, 3] },
      { ...SEED_SPLIT, existingSheet: "Data", origin: "J3" },
      { ...SEED_SPLIT, existingSheet: "Data", alignTo: "D2", months: true },
      { ...SEED_SPLIT, names: ["one"], annual: [7], unit: 1 },
    ]) {
      const spec = buildQuarterlySplit(input);
      const report = breakEveryCheck(spec.sheets, spec.names, { quarterly: input });
      expect(report.checks.map((c) => c.name)).toEqual(spec.names.map((n) => n.name));
    }
  });
  test("random plans: every check of every sheet (fast-check)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(planArb, (json) => {
        const v = validatePlan(json);
        if (!v.ok) return;
        const spec = buildPlanWorkbook(v.plan, { lang: "en" });
        for (const c of breakEveryCheck(spec.sheets, spec.names, { plan: v.plan }).checks) seen.add(c.name.replace(/_(s\d+|q|m|g)$/, "_<id>"));
      }),
      { numRuns: 60 },
    );
    // Every kind of check came up.
    expect([...seen].sort()).toEqual(["Check_Decomposition_All", "Check_Grid_<id>", "Check_Scorecard_Weights", "Check_Split_<id>", "Check_Tracking_Rows"]);
  });
  test("random cascades: every check of every sheet, beside the plan's own tracking sheet or not (fast-check)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.boolean(), fc.constantFrom("en" as const, "zh" as const), (seed, ownTracking, lang) => {
        const json = randomCascadePlan(seed, { depth: 1 + (seed % 3), maxChildren: 3, tracking: true });
        if (ownTracking) json.tracking = { asOf: "2025-06-30", rows: [{ name: "Company sales", target: { annual: json.total! }, actuals: [1000, 2000, null, null, null, null, null, null, null, null, null, null] }] };
        const v = validatePlan(json);
        if (!v.ok) throw new Error(JSON.stringify(v.problems));
        const spec = buildPlanWorkbook(v.plan, { lang });
        const report = breakEveryCheck(spec.sheets, spec.names, { plan: v.plan });
        expect(report.checks.map((c) => c.name).sort()).toEqual(spec.names.map((n) => n.name).sort());
        for (const c of report.checks) seen.add(c.name.replace(/^(Check_Cascade_N)\d+.*$/, "$1<k>").replace(/^(Check_Cascade_Level)\d+$/, "$1<d>"));
      }),
      { numRuns: 12 },
    );
    // Every kind of check came up.
    expect([...seen].sort()).toEqual(["Check_Cascade_All", "Check_Cascade_Level<d>", "Check_Cascade_N<k>", "Check_Tracking_Rows", "Check_Tracking_Rows_2"]);
  });
  test("random cascades with the scorecard that follows the tree, at any depth: every check of every sheet (fast-check)", () => {
    let trees = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 3 }), (seed, level) => {
        const json = randomCascadePlan(seed, { depth: 1 + (seed % 3), maxChildren: 3, tracking: true }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        json.scorecard = { kpis: [{ id: "sales", name: "Sales", weight: 70, target: 1, format: "percent", rule: "+0.5 per 1% over; -1 per 1% under" }, { id: "visits", name: "Visits", weight: 30, target: 20 }], commission: { tiers: [{ from: 0, rate: 0.01 }] } };
        json.cascade.scorecard = { level };
        const v = validatePlan(json);
        if (!v.ok) throw new Error(JSON.stringify(v.problems));
        const spec = buildPlanWorkbook(v.plan, { lang: seed % 2 ? "en" : "zh" });
        const report = breakEveryCheck(spec.sheets, spec.names, { plan: v.plan });
        expect(report.checks.map((c) => c.name).sort()).toEqual(spec.names.map((n) => n.name).sort());
        trees += report.checks.filter((c) => c.name.startsWith("Check_Scorecard_Tree_")).length;
      }),
      { numRuns: 8, seed: 21 },
    );
    expect(trees).toBeGreaterThan(3);
  });
  test("random quarterly splits (fast-check)", () => {
    fc.assert(
      fc.property(quarterlyArb, (g) => {
        const input: QuarterlySplitInput = { names: g.annual.map((_, i) => `rep ${i}`), annual: g.annual, weights: g.weights, unit: g.unit, months: g.months, monthWeights: g.monthWeights, lang: "en", ...g.place };
        const spec = buildQuarterlySplit(input);
        breakEveryCheck(spec.sheets, spec.names, { quarterly: input });
      }),
      { numRuns: 40 },
    );
  });
});

describe("the breakers themselves", () => {
  test("every Check_ name has a breaker: a name no family claims fails the run", () => {
    const plan = example("seed-plan.json");
    const spec = buildPlanWorkbook(plan, { lang: "en" });
    const renamed = spec.names.map((n) => (n.name === "Check_Scorecard_Weights" ? { ...n, name: "Check_Scorecard_Bands" } : n));
    expect(() => breakEveryCheck(spec.sheets, renamed, { plan })).toThrow("Check_Scorecard_Bands has no breaker");
  });
  test("a check that cannot fail is caught: a row check comparing a cell with itself, a grid check comparing the total with itself", () => {
    const spec = buildQuarterlySplit(SEED_SPLIT);
    const sheet = spec.sheets[0];
    // Row 5's check (H5) made to compare its quarters' sum with itself.
    const self = { ...sheet, rows: sheet.rows.map((r) => r.slice()) };
    self.rows[4][7] = { f: "ABS(SUM(C5:F5)-SUM(C5:F5))<=1E-9*MAX(1,ABS(B5))", expect: true };
    // Typing over a quarter also throws the total row out, so the check goes FALSE; but nothing turns the row's own check FALSE.
    expect(() => breakEveryCheck([self], spec.names, { quarterly: SEED_SPLIT })).toThrow("Check_Quarterly_Rows: no breaker turns these parts FALSE: ABS(SUM(C5:F5)-SUM(C5:F5))<=1E-9*MAX(1,ABS(B5))");
    const plan = example("seed-plan.json");
    const wb = buildPlanWorkbook(plan, { lang: "en" });
    const decomposition = wb.sheets[0];
    const grid = wb.names.find((n) => n.name.startsWith("Check_Grid_"))!;
    const { row } = parseA1(grid.ref.replace(/\$/g, ""));
    // Each row check of the grid compares the row's total with itself.
    const bad = { ...decomposition, rows: decomposition.rows.map((r) => r.slice()) };
    for (let r = row - 4; r < row; r++) {
      const c = bad.rows[r].findIndex((x) => x !== null && "f" in x && /^ABS\(/.test(x.f));
      bad.rows[r][c] = { f: `ABS(${a1(r, c - 2)}-${a1(r, c - 2)})<=1E-9`, expect: true };
    }
    expect(() => breakEveryCheck([bad, ...wb.sheets.slice(1)], wb.names, { plan })).toThrow(/Check_Grid_regionQuarter stays true when row 1's total typed over/);
  });
  test("a part of a check nothing breaks is caught", () => {
    const spec = buildQuarterlySplit(SEED_SPLIT);
    const sheet = { ...spec.sheets[0], rows: spec.sheets[0].rows.map((r) => r.slice()) };
    // The weights check gains a part about a cell no breaker touches (the title).
    const w = sheet.rows[2][7] as { f: string };
    sheet.rows[2][7] = { f: `AND(${w.f},A1<>"")`, expect: true };
    expect(() => breakEveryCheck([sheet], spec.names, { quarterly: SEED_SPLIT })).toThrow(/Check_Quarterly_Weights: no breaker turns these parts FALSE: A1<>""/);
  });
});
