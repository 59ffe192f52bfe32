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
import { buildScorecardSheet } from "./scorecard";
import { buildTrackingSheet } from "./tracking";
import { dimensionSplit, planForMember } from "./members";
import { uniqueSheetName } from "./names";
import { type Plan, resolveSplit } from "./plan";

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
 * @returns the sheets (decomposition, tracking, scorecard, in that order, as present), all
 *   their `Check_*` names (unique), the plan and the title
 * @example buildPlanWorkbook(seedPlan, { lang: "zh", asOf: "2025-03-31" }).sheets.map((s) => s.kind)
 *   // ["decomposition", "tracking", "scorecard"]
 */
export function buildPlanWorkbook(plan: Plan, options: PlanWorkbookOptions): WorkbookSpec {
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
  if ((plan.splits ?? []).length || (plan.grids ?? []).length) {
    const d = buildDecompositionSheet(plan, { lang: options.lang, protect: options.protect, takenSheetNames: takenSheets, takenNames, live: options.live });
    sheets.push(d.sheet);
    names.push(...d.names);
  }
  if (plan.cascade) {
    const c = buildCascadeSheets(plan, { lang: options.lang, protect: options.protect, asOf: options.asOf, takenSheetNames: takenSheets, takenNames });
    sheets.push(...c.sheets);
    names.push(...c.names);
  }
  for (const part of later) {
    const wanted = part.sheet.name;
    const name = uniqueSheetName(wanted, takenSheets);
    sheets.push({ ...part.sheet, name });
    names.push(...part.names.map((n) => (n.sheet === wanted ? { ...n, sheet: name } : n)));
  }
  return { sheets, names, plan, title: plan.title };
}

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
 * @throws Error when the plan has no such split
 * @example buildMemberWorkbooks(seedPlan, "region", { lang: "zh" }).map((m) => m.member) // ["华东", "华南", "华北", "其他"]
 */
export function buildMemberWorkbooks(plan: Plan, dimension: string, options: PlanWorkbookOptions): { member: string; spec: WorkbookSpec }[] {
  const split = dimensionSplit(plan, dimension);
  // A cascade's level (区域, 2, person): one workbook per node of it, its subtree only.
  const nodes = !split && plan.cascade ? cascadeNodePlans(plan, dimension) : [];
  if (nodes.length) return nodes.map((n) => ({ member: n.member, spec: buildPlanWorkbook(n.plan, options) }));
  if (!split) throw new Error(`the plan has no split "${dimension}" (give a split id or kind)`);
  const members = resolveSplit(plan, split.id).names;
  return members.map((member) => ({ member, spec: buildPlanWorkbook(planForMember(plan, split.id, member), options) }));
}
