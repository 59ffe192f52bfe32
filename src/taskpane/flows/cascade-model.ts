/*
 * What the Cascade flow works with, as plain functions (no React): the form's draft and the
 * plan it makes, an org list read into the plan, the tree as the pane shows it (which rows are
 * visible, each level's totals, each node's checks, the problems at each node), the edits a
 * manager makes (a weight, a hold, a basis, the top's target) and how far they moved each
 * node. The numbers are the engine's (src/sheets/cascade.ts); nothing here splits anything.
 */
import { type CascadeFigures, type CascadeResult, workOutCascade } from "../../sheets/cascade";
import {
  type CascadeBasis,
  type CascadeGroup,
  type CascadeNodePatch,
  type CascadePerson,
  type CascadeTarget,
  type CascadeTreeNode,
  type OrgListProblem,
  cascadeTargets,
  cascadeTree,
  editCascadeNode,
  peopleFromTable,
  treeInput,
} from "../../sheets/cascade-plan";
import { type AmountUnit, type Plan, type PlanProblem, UNIT_SCALE, jsonPath, validatePlan } from "../../sheets/plan";
import { readNumber, readPercent } from "./forms/numbers";

// ---- the form ---------------------------------------------------------------------------------

/** A target type beside the first amount: a count that cascades (新客户数) or a rate every node inherits (回款率). */
export interface ExtraTargetDraft {
  /** Stable key for React and the type's id. */
  key: number;
  name: string;
  kind: "count" | "rate";
  /** A count's total, or a rate in percent ("95"). */
  figure: string;
}

/** The Cascade form as typed: everything text until the plan is made. */
export interface CascadeDraft {
  title: string;
  year: string;
  unit: AmountUnit;
  /** The top node's name (公司). */
  topName: string;
  /** The first amount's total, in `unit`. */
  total: string;
  /** Over-assignment for every node with children, in percent ("10"). */
  buffer: string;
  letters: "all" | "people" | "managers" | "none";
  tracking: boolean;
  extra: ExtraTargetDraft[];
}

/** An org list read: people with their paths, the headers of the group columns, what was wrong by cell. */
export interface OrgList {
  people: CascadePerson[];
  groupLevels: string[];
  problems: OrgListProblem[];
}

/** Words the plan takes from the pane's language: the top's and the people's level labels, the first type's name. */
const WORDS = {
  en: { top: "Company", person: "Person", sales: "Sales", title: (year: number | string) => `${year} target cascade` },
  zh: { top: "公司", person: "个人", sales: "销售额", title: (year: number | string) => `${year} 年销售目标逐层分解` },
};

/**
 * A fresh draft.
 * @example newCascadeDraft(2025, "zh").title // "2025 年销售目标逐层分解"
 */
export function newCascadeDraft(year: number, lang: "en" | "zh"): CascadeDraft {
  const w = WORDS[lang];
  return { title: w.title(year), year: String(year), unit: lang === "zh" ? "万元" : "元", topName: w.top, total: "", buffer: "10", letters: "all", tracking: false, extra: [] };
}

/**
 * Reads a pasted or selected org list (the header first): a name column, figures by their
 * header words, every other column a group. Amounts are in the plan's unit.
 * @example orgListOf([["区域", "姓名", "上年"], ["华东", "张伟", "800"]], "万元").people[0].lastYear // 8000000
 */
export function orgListOf(rows: readonly (readonly string[])[], unit: AmountUnit): OrgList {
  const trimmed = rows.filter((r) => r.some((c) => c.trim() !== ""));
  return peopleFromTable(trimmed, UNIT_SCALE[unit]);
}

/**
 * The groups of a list whose people all give last year's figure and no weight: each group's
 * last year is its people's sum, so every level shares by history (otherwise groups share
 * evenly until given weights).
 * @example groupsFromPeople([{ name: "A", path: ["East"], lastYear: 5 }, { name: "B", path: ["East"], lastYear: 7 }]) // [{ path: ["East"], lastYear: 12 }]
 */
export function groupsFromPeople(people: readonly CascadePerson[]): CascadeGroup[] | undefined {
  if (people.length === 0 || people.some((p) => p.lastYear === undefined || p.weight !== undefined)) return undefined;
  const sums = new Map<string, CascadeGroup>();
  for (const p of people) {
    for (let d = 1; d <= p.path.length; d++) {
      const path = p.path.slice(0, d);
      const key = JSON.stringify(path);
      const g = sums.get(key) ?? { path, lastYear: 0 };
      g.lastYear = Number((g.lastYear! + p.lastYear!).toPrecision(15));
      sums.set(key, g);
    }
  }
  return [...sums.values()];
}

/** The level labels for a list: the top's, the group columns' headers, the people's. */
function levelsOf(top: string | undefined, groupLevels: readonly string[], lang: "en" | "zh"): string[] {
  return [top ?? WORDS[lang].top, ...groupLevels, WORDS[lang].person];
}

/**
 * The plan the form makes (not yet validated): the first target an amount with its own total
 * in 元 (so a decomposition stored in the same workbook keeps its own total), the extra types,
 * the buffer, letters and tracking, the tree from the org list (or just the top).
 *
 * @param draft - the form
 * @param list - the org list read, if any
 * @param lang - the level labels' and the first type's language
 * @returns the plan's JSON and the paths of boxes that hold something that is not a number
 * @example draftToCascadePlan({ ...newCascadeDraft(2025, "zh"), total: "12000" }, undefined, "zh").json.cascade.targets[0].total // 120000000
 */
export function draftToCascadePlan(draft: CascadeDraft, list: OrgList | undefined, lang: "en" | "zh"): { json: Record<string, unknown>; typos: string[] } {
  const typos: string[] = [];
  const scale = UNIT_SCALE[draft.unit];
  const num = (text: string, path: string, read: (t: string) => number | undefined = readNumber): number | undefined => {
    const v = read(text);
    if (v !== undefined && Number.isNaN(v)) {
      typos.push(path);
      return undefined;
    }
    return v;
  };
  const total = num(draft.total, "cascade.targets[0].total");
  const buffer = num(draft.buffer, "cascade.buffer", readPercent);
  const year = num(draft.year, "year");
  const targets: Record<string, unknown>[] = [{ id: "sales", name: WORDS[lang].sales, kind: "amount", ...(total !== undefined ? { total: Number((total * scale).toPrecision(15)) } : {}) }];
  draft.extra.forEach((x, i) => {
    const path = `cascade.targets[${i + 1}].${x.kind === "rate" ? "value" : "total"}`;
    const figure = num(x.figure, path, x.kind === "rate" ? readPercent : readNumber);
    targets.push({ id: `t${x.key}`, ...(x.name.trim() ? { name: x.name.trim() } : {}), kind: x.kind, ...(figure !== undefined ? (x.kind === "rate" ? { value: figure } : { total: figure }) : {}) });
  });
  const groups = list ? groupsFromPeople(list.people) : undefined;
  const cascade: Record<string, unknown> = {
    levels: levelsOf(undefined, list?.groupLevels ?? [], lang),
    targets,
    ...(buffer !== undefined ? { buffer } : {}),
    letters: draft.letters,
    ...(draft.tracking ? { tracking: {} } : {}),
    root: { name: draft.topName.trim() || WORDS[lang].top },
    ...(list?.people.length ? { people: list.people, ...(groups ? { groups } : {}) } : {}),
  };
  const json: Record<string, unknown> = { version: 1, title: draft.title, year: year ?? draft.year, unit: draft.unit, cascade };
  return { json, typos };
}

/**
 * A plan with the people below its top replaced by an org list: the top keeps its own figures
 * (its target, owner, buffer), the settings stay; what was below it goes. For a manager who
 * opens their region's workbook and splits it among their team.
 * @example withOrgList(regionPlan, orgListOf(rows, "万元"), "zh").cascade?.people?.length // the list's people
 */
export function withOrgList(plan: Plan, list: OrgList, lang: "en" | "zh"): Plan {
  const c = plan.cascade!;
  const top = cascadeTree(plan);
  const { children: _kids, ...rootFields } = treeInput(top);
  void _kids;
  const { root: _r, people: _p, groups: _g, ...settings } = c;
  void [_r, _p, _g];
  const groups = groupsFromPeople(list.people);
  return {
    ...plan,
    cascade: {
      ...settings,
      levels: levelsOf(c.levels?.[0] ?? top.fields.level, list.groupLevels, lang),
      root: rootFields,
      people: list.people,
      ...(groups ? { groups } : {}),
    },
  };
}

/**
 * Whether a plan is one node's part of a larger one (`build --per`, or "open one node's
 * workbook"): its party A is another node than its top, and its title names the top. Its top's
 * targets came from above and stay as they are.
 * @example isNodePlan(cascadePlanForNode(plan, ["华东"])) // true
 */
export function isNodePlan(plan: Plan): boolean {
  const c = plan.cascade;
  const top = c?.root?.name;
  return Boolean(c && top !== undefined && c.company !== undefined && c.company !== top && plan.title.endsWith(` · ${top}`));
}

// ---- the tree as the pane shows it ------------------------------------------------------------

/** A node as the tree shows it: the engine's node, or (while the plan has problems) its place only. */
export interface TreeNode {
  index: number;
  name: string;
  path: string[];
  depth: number;
  parent: number;
  children: number[];
  leaf: boolean;
  person: boolean;
  vacancy: boolean;
  level?: string;
  owner?: string;
  /** Where it is in the plan (a JSON path), for its problems. */
  source: string;
  /** By type index; absent while the plan cannot be worked out. */
  figures?: CascadeFigures[];
}

/** A node's key that survives working the plan out again: its path. */
export const keyOf = (path: readonly string[]): string => JSON.stringify(path);

/**
 * The nodes to show: the engine's (depth first, with the held-by-manager rows) when it worked
 * the plan out, else the tree as written, without figures.
 */
export function treeNodes(plan: Plan, result: CascadeResult | undefined): TreeNode[] {
  if (result) {
    return result.nodes.map((n) => ({
      index: n.index,
      name: n.name,
      path: n.path,
      depth: n.depth,
      parent: n.parent,
      children: n.children,
      leaf: n.leaf,
      person: n.person,
      vacancy: n.vacancy,
      ...(n.level !== undefined ? { level: n.level } : {}),
      ...(n.owner !== undefined ? { owner: n.owner } : {}),
      source: jsonPath(n.source),
      figures: n.figures,
    }));
  }
  const out: TreeNode[] = [];
  const levels = plan.cascade?.levels;
  const walk = (t: CascadeTreeNode, parent: number, path: string[], depth: number) => {
    const node: TreeNode = {
      index: out.length,
      name: t.name,
      path,
      depth,
      parent,
      children: [],
      leaf: t.children.length === 0,
      person: t.children.length === 0 && parent >= 0,
      vacancy: false,
      ...((t.fields.level ?? levels?.[depth]) !== undefined ? { level: t.fields.level ?? levels![depth] } : {}),
      ...(t.fields.owner !== undefined ? { owner: t.fields.owner } : {}),
      source: jsonPath(t.source),
    };
    if (parent >= 0) out[parent].children.push(node.index);
    out.push(node);
    for (const k of t.children) walk(k, node.index, [...path, k.name], depth + 1);
  };
  walk(cascadeTree(plan), -1, [], 0);
  return out;
}

/**
 * The rows on screen: depth first, a collapsed node's subtree left out. O(nodes).
 * @example visibleRows(nodes, new Set([keyOf([])])) // the top and its children
 */
export function visibleRows(nodes: readonly TreeNode[], expanded: ReadonlySet<string>): number[] {
  const out: number[] = [];
  let hideBelow = Infinity;
  for (const n of nodes) {
    if (n.depth > hideBelow) continue;
    hideBelow = Infinity;
    out.push(n.index);
    if (n.children.length && !expanded.has(keyOf(n.path))) hideBelow = n.depth;
  }
  return out;
}

/**
 * The nodes to expand so that every level above `depth` is open.
 * @example expandedTo(nodes, 1) // the top only: its children show
 */
export function expandedTo(nodes: readonly TreeNode[], depth: number): Set<string> {
  return new Set(nodes.filter((n) => n.depth < depth && n.children.length > 0).map((n) => keyOf(n.path)));
}

/** The keys of a node's ancestors (to reveal it). */
export function ancestorsOf(nodes: readonly TreeNode[], index: number): string[] {
  const out: string[] = [];
  for (let p = nodes[index].parent; p >= 0; p = nodes[p].parent) out.push(keyOf(nodes[p].path));
  return out;
}

/** One level's totals for the first numeric type. */
export interface LevelSummary {
  depth: number;
  label: string | undefined;
  /** Nodes at the level (the held-by-manager rows not counted). */
  nodes: number;
  people: number;
  /** Σ of their targets. */
  target: number;
  /** Σ of what the nodes with children hand down (null when none has children). */
  handedDown: number | null;
  /** Σ of the commitments where nodes have them, and how many do. */
  bottomUp: number;
  committed: number;
  /** Nodes whose gap is flagged. */
  flags: number;
  /** Nodes whose checks fail. */
  failing: number;
}

/**
 * Each level's totals: its nodes, their targets and hand-downs, commitments, flags and
 * failing checks (for the first numeric type; every type's checks count).
 */
export function levelSummaries(result: CascadeResult): LevelSummary[] {
  const t = result.types.find((x) => x.primary)!.index;
  const out: LevelSummary[] = Array.from({ length: result.maxDepth + 1 }, (_, depth) => ({ depth, label: undefined, nodes: 0, people: 0, target: 0, handedDown: null, bottomUp: 0, committed: 0, flags: 0, failing: 0 }));
  for (const n of result.nodes) {
    const s = out[n.depth];
    const fig = n.figures[t];
    s.target += fig.annual;
    if (n.vacancy) continue;
    if (s.label === undefined) s.label = n.level ?? result.cascade.levels?.[n.depth];
    s.nodes++;
    if (n.person) s.people++;
    if (fig.handedDown !== null) s.handedDown = (s.handedDown ?? 0) + fig.handedDown;
    if (fig.bottomUp !== null) {
      s.bottomUp += fig.bottomUp;
      s.committed++;
    }
    if (fig.flag) s.flags++;
    if (!nodeChecks(result, n.index).every((c) => c.ok)) s.failing++;
  }
  for (const s of out) {
    s.target = Number(s.target.toPrecision(15));
    if (s.handedDown !== null) s.handedDown = Number(s.handedDown.toPrecision(15));
    s.bottomUp = Number(s.bottomUp.toPrecision(15));
  }
  return out;
}

/** One part of a node's check, as the table's check cell states it. */
export interface CheckPart {
  type: number;
  what: "months" | "quarters" | "handsDown" | "children";
  ok: boolean;
  /** What is compared: the sum, and what it should be. */
  got: number;
  want: number;
}

const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const sum = (xs: readonly (number | null)[]): number => xs.reduce<number>((a, b) => a + (b ?? 0), 0);

/**
 * A node's check, part by part, for every numeric type (what its row's check cell on the
 * table says): its months and its quarters add up to its year; with children, it hands down
 * its target × (1 + buffer) and its children's targets add up to that.
 */
export function nodeChecks(result: CascadeResult, index: number): CheckPart[] {
  const n = result.nodes[index];
  const out: CheckPart[] = [];
  for (const t of result.types) {
    if (!t.numeric) continue;
    const fig = n.figures[t.index];
    out.push({ type: t.index, what: "months", got: sum(fig.months), want: fig.annual, ok: near(sum(fig.months), fig.annual) });
    out.push({ type: t.index, what: "quarters", got: sum(fig.quarters), want: fig.annual, ok: near(sum(fig.quarters), fig.annual) });
    if (!n.leaf && fig.handedDown !== null) {
      const want = fig.annual * (1 + fig.buffer);
      out.push({ type: t.index, what: "handsDown", got: fig.handedDown, want, ok: near(fig.handedDown, want) });
      const kids = sum(n.children.map((k) => result.nodes[k].figures[t.index].annual));
      out.push({ type: t.index, what: "children", got: kids, want: fig.handedDown, ok: near(kids, fig.handedDown) });
    }
  }
  return out;
}

/**
 * The problems at each node (by the longest node path a problem's path starts with); the rest
 * are the plan's.
 * @example problemsByNode([{ path: "cascade.root.children[0].weight", … }], nodes).byNode.get(1) // that problem
 */
export function problemsByNode(problems: readonly PlanProblem[], nodes: readonly TreeNode[]): { byNode: Map<number, PlanProblem[]>; rest: PlanProblem[] } {
  const at = new Map<string, number>();
  for (const n of nodes) if (!n.vacancy && n.source !== "cascade" && !at.has(n.source)) at.set(n.source, n.index);
  const byNode = new Map<number, PlanProblem[]>();
  const rest: PlanProblem[] = [];
  for (const p of problems) {
    let path = p.path;
    let found: number | undefined;
    while (path) {
      found = at.get(path);
      if (found !== undefined) break;
      const cut = path.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, "");
      if (cut === path) break;
      path = cut;
    }
    if (found === undefined) rest.push(p);
    else byNode.set(found, [...(byNode.get(found) ?? []), p]);
  }
  return { byNode, rest };
}

/**
 * How much each node's target of one type moved between two results, by node key (nodes whose
 * target did not change, or that are new, are left out).
 */
export function movedBy(before: CascadeResult | undefined, after: CascadeResult, type: number): Map<string, number> {
  const out = new Map<string, number>();
  if (!before) return out;
  const old = new Map(before.nodes.map((n) => [keyOf(n.path), n.figures[type]?.annual]));
  for (const n of after.nodes) {
    const was = old.get(keyOf(n.path));
    const now = n.figures[type].annual;
    if (was !== undefined && !near(was, now)) out.set(keyOf(n.path), Number((now - was).toPrecision(12)));
  }
  return out;
}

// ---- edits --------------------------------------------------------------------------------------

/** One change a manager makes: a node's fields, or a top target's figure. */
export type CascadeEdit =
  | { kind: "node"; path: string[]; patch: CascadeNodePatch }
  | { kind: "top"; type: string; figure: number };

/**
 * A plan with a top target's figure changed (元 for an amount, a count, a fraction for a
 * rate), written on the target type itself so the plan's own total stays.
 */
export function setTopTarget(plan: Plan, typeId: string, figure: number): Plan {
  const c = plan.cascade!;
  const targets: CascadeTarget[] = cascadeTargets(c).map((t) => (t.id !== typeId ? t : t.kind === "rate" ? { ...t, value: figure } : { ...t, total: figure }));
  return { ...plan, cascade: { ...c, targets } };
}

/**
 * The edits applied in order; an edit whose node no longer exists (the list was pasted again)
 * is left out.
 */
export function applyEdits(plan: Plan, edits: readonly CascadeEdit[]): Plan {
  let out = plan;
  for (const e of edits) {
    try {
      out = e.kind === "top" ? setTopTarget(out, e.type, e.figure) : editCascadeNode(out, e.path, e.patch);
    } catch {
      // the node is gone
    }
  }
  return out;
}

/** Which of a node's fields gives its share among its siblings, by its parent's basis (none: even). */
export function shareField(basis: CascadeBasis | undefined): "weight" | "lastYear" | undefined {
  return basis === "weights" || basis === "percent" ? "weight" : basis === "lastYear" ? "lastYear" : undefined;
}

/**
 * The edits that change how a node's children share: its basis, and for weights or
 * percentages each free child's weight set to its present share (percent of what the free
 * children take, to two decimals, adding up to 100), so the split stays where it was until
 * the manager changes a weight. Leaving percentages, the rest mark goes.
 */
export function basisEdits(result: CascadeResult, index: number, basis: CascadeBasis): CascadeEdit[] {
  const n = result.nodes[index];
  const t = result.types.find((x) => x.primary)!.index;
  const edits: CascadeEdit[] = [{ kind: "node", path: n.path, patch: { basis } }];
  const kids = n.children.map((k) => result.nodes[k]).filter((k) => !k.vacancy);
  if (basis === "weights" || basis === "percent") {
    const free = kids.filter((k) => k.figures[t].held === 0);
    const total = free.reduce((a, k) => a + k.figures[t].annual, 0);
    let left = 100;
    free.forEach((k, i) => {
      const share = total > 0 ? Math.round((k.figures[t].annual / total) * 10000) / 100 : Math.round(10000 / free.length) / 100;
      const w = i === free.length - 1 ? Number(left.toFixed(2)) : share;
      left -= share;
      edits.push({ kind: "node", path: k.path, patch: { weight: Math.max(0, w), rest: null } });
    });
  } else {
    for (const k of kids) if (k.figures[t].rest) edits.push({ kind: "node", path: k.path, patch: { rest: null } });
  }
  return edits;
}

// ---- the whole pipeline -------------------------------------------------------------------------

/** What the flow shows after a change: the plan as edited, its problems, the engine's result. */
export interface Worked {
  /** The plan before the edits (valid), when it is. */
  base?: Plan;
  /** The plan with the edits, when the base is valid. */
  plan?: Plan;
  /** What is wrong: the base's (schema and all), else the edited plan's cascade. */
  problems: PlanProblem[];
  /** Boxes of the form that hold something that is not a number (their paths). */
  typos: string[];
  /** The cascade worked out, when there are no problems. */
  result?: CascadeResult;
}

/** The plan before the edits, validated: what {@link basePlan} gives. */
export interface Based {
  base?: Plan;
  problems: PlanProblem[];
  typos: string[];
}

/**
 * The plan the manager's edits apply to, validated (the schema and the cascade as written):
 * the workbook's stored plan (a stored cascade is valid already), with its people replaced by
 * a pasted list if one was; or the form's. It changes when the form or the list does, not
 * with an edit: a pane keeps it across edits, so an edit of a tree of 5,000 people runs the
 * engine once, not twice.
 *
 * @param input - the stored plan, the form, the list
 * @example basePlan({ draft: { ...newCascadeDraft(2025, "en"), total: "x" }, lang: "en" }).typos // ["cascade.targets[0].total"]
 */
export function basePlan(input: { stored?: Plan; draft: CascadeDraft; list?: OrgList; lang: "en" | "zh" }): Based {
  const { stored, list, lang } = input;
  if (stored && !list) return { base: stored, problems: [], typos: [] };
  let json: unknown;
  let typos: string[] = [];
  if (stored) json = withOrgList(stored, list!, lang);
  else ({ json, typos } = draftToCascadePlan(input.draft, list, lang));
  const checked = validatePlan(json);
  return checked.ok ? { base: checked.plan, problems: [], typos } : { problems: checked.problems, typos };
}

/**
 * The edits applied to a validated plan and the cascade worked out once (its checks and sizes).
 * @param based - what {@link basePlan} gave
 * @param edits - the manager's changes, in order
 */
export function workOutEdits(based: Based, edits: readonly CascadeEdit[]): Worked {
  if (!based.base) return { problems: based.problems, typos: based.typos };
  const plan = applyEdits(based.base, edits);
  const { problems, result } = workOutCascade(plan);
  return { base: based.base, plan, problems, typos: based.typos, ...(result ? { result } : {}) };
}

/**
 * From what the manager has given to what the pane shows: {@link basePlan}, then
 * {@link workOutEdits}.
 *
 * @param input - the stored plan (a stored cascade is valid already), the form, the list, the edits
 * @example workOutPlan({ draft: { ...newCascadeDraft(2025, "en"), total: "1000" }, edits: [], lang: "en" }).result?.nodes.length // 1: the top alone
 */
export function workOutPlan(input: { stored?: Plan; draft: CascadeDraft; list?: OrgList; edits: readonly CascadeEdit[]; lang: "en" | "zh" }): Worked {
  return workOutEdits(basePlan(input), input.edits);
}
