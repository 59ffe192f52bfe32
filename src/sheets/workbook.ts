/**
 * A whole plan → a whole WorkbookSpec: the decomposition sheet (when the plan has splits or
 * grids), the tracking sheet and the scorecard (when the plan has them), every `Check_*`
 * name, and the plan itself (stored by the writers in the very hidden `TargetPlanner` sheet).
 * `buildMemberWorkbooks` gives each member of a dimension a workbook of their own.
 */
import type { NameSpec, SheetSpec, WorkbookSpec } from "./spec";
import { buildDecompositionSheet } from "./decomposition";
import { buildCascadeSheets } from "./cascade-workbook";
import { cascadeNodePlans } from "./cascade-per";
import { cascadeLevelLabels, resolveCascade } from "./cascade";
import { buildScorecardSheet } from "./scorecard";
import { buildTrackingSheet } from "./tracking";
import { buildDashboardSheet } from "./dashboard";
import { type PlanLookups, dimensionSplit, planForMember, rowMember } from "./members";
import { uniqueSheetName } from "./names";
import { type Plan, type ResolvedGrid, type ScorePerson, type Split, type TrackingRow, planHasSheets, resolveGrid } from "./plan";
import { SplitCache } from "./plan-cache";
import { type TargetCell, applyRevisions, buildRevisionSheet } from "./revisions";
import type { RevisionNode } from "./revision-plan";
import { absA1 } from "./formulas";

/** Options of {@link buildPlanWorkbook}. */
export interface PlanWorkbookOptions {
  lang: "en" | "zh";
  /** Generation date (YYYY-MM-DD) for the tracking sheet's as-of cell when the plan gives none; default today (UTC). */
  asOf?: string;
  /** Protect computed cells (inputs stay unlocked). */
  protect?: boolean;
  /** Offer `TARGET.*` live variants where a cell maps to one function (live workbooks only). */
  live?: boolean;
}

/**
 * Builds every sheet a plan asks for.
 *
 * @param plan - a plan that `validatePlan` accepted
 * @param options - language, as-of date, protection
 * @returns the sheets (decomposition, tracking, its dashboard when `tracking.dashboard` asks
 *   for one, scorecard, in that order, as present), all
 *   their `Check_*` names (unique), the plan and the title
 * @example buildPlanWorkbook(seedPlan, { lang: "zh", asOf: "2025-03-31" }).sheets.map((s) => s.kind)
 *   // ["decomposition", "tracking", "scorecard"]
 */
export function buildPlanWorkbook(stored: Plan, options: PlanWorkbookOptions): WorkbookSpec {
  // The sheets show the figures with every revision applied; the workbook stores the plan
  // as written (its figures as first set, and the revisions), so it can be read and revised again.
  const plan = stored.revisions?.length ? applyRevisions(stored) : stored;
  const takenSheets = new Set<string>();
  const takenNames = new Set<string>();
  const sheets: SheetSpec[] = [];
  const names: NameSpec[] = [];
  // Tracking and scorecard first (their builders choose fixed names), then the decomposition
  // around them; the sheets are ordered decomposition, tracking, scorecard.
  const later: { sheet: SheetSpec; names: NameSpec[] }[] = [];
  const sub = { lang: options.lang, asOf: options.asOf, protect: options.protect };
  if (plan.tracking) later.push(buildTrackingSheet(plan, sub));
  if (plan.scorecard) later.push(buildScorecardSheet(plan, sub));
  for (const part of later) {
    for (const n of part.names) takenNames.add(n.name.toLowerCase());
    for (const t of part.sheet.tables ?? []) takenNames.add(t.name.toLowerCase());
  }
  // The decomposition also when the plan is a total alone (a member's plan along a split with
  // nothing else to split, e.g. one quarter): a workbook has at least one sheet. A cascade's
  // total is its top's target, on its own table: no sheet of the total alone beside it.
  const hasTotal = plan.total !== undefined || plan.lastYear !== undefined;
  const cells: TargetCells = {};
  if ((plan.splits ?? []).length || (plan.grids ?? []).length || (hasTotal && sheets.length + later.length === 0 && !plan.cascade)) {
    const d = buildDecompositionSheet(plan, { lang: options.lang, protect: options.protect, takenSheetNames: takenSheets, takenNames, live: options.live });
    sheets.push(d.sheet);
    names.push(...d.names);
    cells.split = { sheet: d.sheet.name, amounts: d.cells.amounts };
  }
  if (plan.cascade) {
    const c = buildCascadeSheets(plan, { lang: options.lang, protect: options.protect, asOf: options.asOf, takenSheetNames: takenSheets, takenNames });
    sheets.push(...c.sheets.map((sheet): SheetSpec => ({ ...sheet, partOf: "cascade" })));
    names.push(...c.names);
    cells.cascade = c;
  }
  for (const part of later) {
    const wanted = part.sheet.name;
    const name = uniqueSheetName(wanted, takenSheets);
    sheets.push({ ...part.sheet, name });
    names.push(...part.names.map((n) => (n.sheet === wanted ? { ...n, sheet: name } : n)));
    // The dashboard right after the tracking sheet it reads (by its final name).
    if (part.sheet.kind === "tracking" && plan.tracking?.dashboard) {
      const d = buildDashboardSheet(sheets[sheets.length - 1], plan, { lang: options.lang, option: plan.tracking.dashboard, protect: options.protect });
      const dashName = uniqueSheetName(d.sheet.name, takenSheets);
      sheets.push(renameSheet(d.sheet, dashName));
      names.push(...d.names.map((n) => ({ ...n, sheet: dashName })));
    }
  }
  // The revision log last, reading each revised node's target where the sheets above hold it.
  if (plan.revisions?.length) {
    const r = buildRevisionSheet(plan, { lang: options.lang, protect: options.protect, takenSheetNames: takenSheets, takenNames, cellOf: (node) => targetCell(plan, node, cells) });
    sheets.push(r.sheet);
    names.push(...r.names);
  }
  return { sheets, names, plan: stored, title: plan.title };
}

/** Where the decomposition sheet and the cascade table put their targets. */
interface TargetCells {
  split?: { sheet: string; amounts: Record<string, string[]> };
  cascade?: ReturnType<typeof buildCascadeSheets>;
}

/** Where the decomposition or the cascade table holds a revised node's annual target. */
function targetCell(plan: Plan, node: RevisionNode, cells: TargetCells): TargetCell {
  if ("split" in node) {
    const s = (plan.splits ?? []).find((x) => x.id === node.split);
    const list = cells.split?.amounts[node.split];
    const k = s?.members?.findIndex((m) => m.name === node.member) ?? -1;
    return cells.split && list && k >= 0 && list[k] ? { sheet: cells.split.sheet, cell: list[k] } : undefined;
  }
  if ("cascade" in node && cells.cascade) {
    const { result, cells: at } = cells.cascade;
    let n = result.nodes[0];
    for (const name of node.cascade) {
      const next = n.children.map((k) => result.nodes[k]).find((k) => !k.vacancy && k.name === name);
      if (!next) return undefined;
      n = next;
    }
    const ty = node.target === undefined ? result.types.find((t) => t.primary) : result.types.find((t) => t.id === node.target);
    const row = ty ? at.rows[n.index]?.[ty.index] : undefined;
    return row !== undefined && row >= 0 ? { sheet: at.sheet, cell: absA1(row, at.col.annual) } : undefined;
  }
  return undefined;
}

/**
 * A sheet under another name, its charts' references to itself following (the dashboard's
 * charts read its own cells).
 */
function renameSheet(sheet: SheetSpec, name: string): SheetSpec {
  if (name === sheet.name) return sheet;
  const own = (r: { sheet: string; range: string }) => (r.sheet === sheet.name ? { ...r, sheet: name } : r);
  const charts = sheet.charts?.map((c) => ({ ...c, ...(c.categories && { categories: own(c.categories) }), series: c.series.map((x) => ({ ...x, values: own(x.values) })) }));
  return { ...sheet, name, ...(charts && { charts }) };
}

/** Why a plan gives no workbook per member of a dimension, in both languages. */
export class MemberWorkbooksError extends Error {
  constructor(
    readonly kind: "noSplit" | "empty",
    readonly messages: { en: string; zh: string },
  ) {
    super(messages.en);
    this.name = "MemberWorkbooksError";
  }

  /** The message in the given language. */
  messageIn(lang: "en" | "zh"): string {
    return this.messages[lang];
  }
}

/**
 * The whole plan's splits and grids, each worked out once, and its tracking rows and
 * scorecard people found by member through maps, for many members' plans (100,000 members:
 * each plan in constant time, not a pass over every row).
 */
class Lookups extends SplitCache implements PlanLookups {
  private readonly grids = new Map<string, ResolvedGrid>();
  private readonly rows = new Map<string, Map<string, TrackingRow[]>>();
  private people: Map<string, ScorePerson> | undefined;

  grid(id: string): ResolvedGrid {
    let g = this.grids.get(id);
    if (g === undefined) {
      g = resolveGrid(this.plan, id);
      this.grids.set(id, g);
    }
    return g;
  }

  trackingRows(splitId: string, member: string): TrackingRow[] {
    let byMember = this.rows.get(splitId);
    if (byMember === undefined) {
      byMember = new Map();
      for (const r of this.plan.tracking?.rows ?? []) {
        const m = rowMember(r, splitId);
        if (m === undefined) continue;
        const list = byMember.get(m);
        if (list) list.push(r);
        else byMember.set(m, [r]);
      }
      this.rows.set(splitId, byMember);
    }
    return byMember.get(member) ?? [];
  }

  scorePerson(name: string): ScorePerson | undefined {
    if (this.people === undefined) {
      this.people = new Map();
      for (const p of this.plan.scorecard?.people ?? []) if (!this.people.has(p.name)) this.people.set(p.name, p);
    }
    return this.people.get(name);
  }
}

/** True when a plan gives no sheet at all (see {@link buildPlanWorkbook}). */
const isEmptyPlan = (p: Plan): boolean => !planHasSheets(p);

/** The workbooks of one dimension's members, built one at a time (see {@link memberWorkbooks}). */
export interface MemberWorkbooks {
  /** What the workbooks are per: the split's id, or the cascade's level as asked. */
  dimension: string;
  /** The dimension's split (none for a level of the cascade). */
  split?: Split;
  /** Its members, in order. */
  members: string[];
  /** Builds the workbook of member `k` (0-based). */
  build(k: number): WorkbookSpec;
}

/**
 * The workbooks of one dimension's members, ready to build one at a time (`build --per`
 * writes each as it is built, so 100,000 members never sit in memory at once). Every
 * member's plan is worked out here first (each split and grid of the whole plan once), so a
 * dimension whose members would get an empty workbook is refused before anything is built.
 *
 * @param plan - a plan that `validatePlan` accepted
 * @param dimension - a split id, or a split kind ("person", "region": the first split of it)
 * @param options - as {@link buildPlanWorkbook}
 * @throws MemberWorkbooksError "noSplit" when the plan has no such split; "empty" when a
 *   member's workbook would hold nothing (a split of counts with no tracking or scorecard rows
 *   of its members: the seed plan's `newCustomers`)
 * @example memberWorkbooks(seedPlan, "region", { lang: "zh" }).members // ["华东", "华南", "华北", "其他"]
 */
export function memberWorkbooks(stored: Plan, dimension: string, options: PlanWorkbookOptions): MemberWorkbooks {
  // Members' figures with the revisions applied; each member's workbook keeps the record of
  // its own revisions (marked applied: its figures hold them already).
  const plan = stored.revisions?.length ? applyRevisions(stored) : stored;
  const split = dimensionSplit(plan, dimension);
  // A cascade's level (区域, 2, person): one workbook per node of it, its subtree only.
  const nodes = !split && plan.cascade ? cascadeNodePlans(plan, dimension) : [];
  if (nodes.length) return { dimension, members: nodes.map((n) => n.member), build: (k) => buildPlanWorkbook(withOwnRevisions(stored, nodes[k].plan, (r) => "cascade" in r && nodes[k].path.every((x, i) => r.cascade[i] === x)), options) };
  if (!split) {
    const levels = plan.cascade ? [...cascadeLevelLabels(resolveCascade(plan)), "person"] : [];
    const known = [...(plan.splits ?? []).map((s) => `${s.id} (${s.kind})`), ...levels].join(", ");
    throw new MemberWorkbooksError("noSplit", {
      en: `The plan has no split${levels.length ? " or cascade level" : ""} "${dimension}" to write one workbook per member of (give ${levels.length ? "a split id or kind, or a cascade level" : "a split id or kind"}: ${known}).`,
      zh: `计划中没有拆分${levels.length ? "或分解层级" : ""}“${dimension}”，无法按成员各写一个工作簿（请给出${levels.length ? "拆分 id 或类型，或分解层级" : "拆分 id 或类型"}：${known}）。`,
    });
  }
  const lookups = new Lookups(plan);
  const members = lookups.split(split.id).names;
  const plans = members.map((member) => planForMember(plan, split.id, member, lookups));
  const empty = plans.findIndex(isEmptyPlan);
  if (empty >= 0) {
    const count = plans.filter(isEmptyPlan).length;
    throw new MemberWorkbooksError("empty", {
      en:
        `A workbook per member of "${split.id}" would hold nothing for ${count} of its ${members.length} members (the first: "${members[empty]}"): ` +
        `a split of counts carries no amount of its own to a member's workbook. Give a split of amounts (${amountSplits(plan)}).`,
      zh:
        `按“${split.id}”的成员各写一个工作簿，其 ${members.length} 个成员中有 ${count} 个的工作簿将是空的（第一个：“${members[empty]}”）：` +
        `计数分解不能给成员的工作簿带来自己的金额。请选择金额分解（${amountSplits(plan)}）。`,
    });
  }
  return { dimension: split.id, split, members, build: (k) => buildPlanWorkbook(withOwnRevisions(stored, plans[k], (r) => "split" in r && r.split === split.id && r.member === members[k]), options) };
}

/** A member's plan with the record of the revisions that concern it (`applied`: its figures hold them). */
function withOwnRevisions(stored: Plan, member: Plan, concerns: (node: RevisionNode) => boolean): Plan {
  const own = (stored.revisions ?? []).filter((r) => concerns(r.node)).map((r) => ({ ...r, applied: true }));
  return own.length ? { ...member, revisions: own } : member;
}

/** The plan's splits of amounts, for a message: "region, product". */
const amountSplits = (plan: Plan): string =>
  (plan.splits ?? [])
    .filter((s) => (s.measure ?? "amount") === "amount" && s.withinQuarters === undefined)
    .map((s) => s.id)
    .join(", ");

/**
 * One workbook per member of a dimension (`build --per`): each holds only that member's
 * numbers — their total and time splits, tracking rows and scorecard row — with the same
 * checks, and stores only that member's plan.
 *
 * @param plan - a plan that `validatePlan` accepted
 * @param dimension - a split id, or a split kind ("person", "region": the first split of it),
 *   or a level of the plan's cascade (a label, a depth, or "person": one workbook per node, its subtree only)
 * @param options - as {@link buildPlanWorkbook}
 * @returns one `{ member, spec }` per member, in the split's order
 * @throws MemberWorkbooksError as {@link memberWorkbooks}
 * @example buildMemberWorkbooks(seedPlan, "region", { lang: "zh" }).map((m) => m.member) // ["华东", "华南", "华北", "其他"]
 */
export function buildMemberWorkbooks(plan: Plan, dimension: string, options: PlanWorkbookOptions): { member: string; spec: WorkbookSpec }[] {
  const books = memberWorkbooks(plan, dimension, options);
  return books.members.map((member, k) => ({ member, spec: books.build(k) }));
}

/**
 * The plan's own sheets of one kind, with their defined names: what a flow that writes only
 * its kind of sheet (tracking, scorecard) writes. Sheets of the cascade's set are left out, as
 * their formulas read the cascade's table.
 * @example sheetsOfKind(buildPlanWorkbook(plan, { lang: "zh" }), "scorecard").sheets.map((s) => s.name) // ["绩效考核表"]
 */
export function sheetsOfKind(spec: WorkbookSpec, kind: SheetSpec["kind"]): WorkbookSpec {
  const sheets = spec.sheets.filter((s) => s.kind === kind && s.partOf === undefined);
  const keep = new Set(sheets.map((s) => s.name));
  return { ...spec, sheets, names: spec.names.filter((n) => keep.has(n.sheet)) };
}
