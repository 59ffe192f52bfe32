/**
 * The cascade section of a plan (逐层分解，责任到人): one target split layer by layer —
 * company → department / region / product line → team → person — until every figure has an
 * owner (负责人) and a deadline (完成时间).
 *
 * A planner writes it the way they hold it:
 * - **a tree**: `cascade.root` with `children`, any depth;
 * - **a flat list** (what HR or a CRM exports): `cascade.people`, each with the `path` of
 *   groups above them (`["华东", "华东一组"]`), and `cascade.groups` for what the groups
 *   themselves carry (weights, owners, buffers). The tree is built from it
 *   ({@link cascadeTree}): the groups in the order people name them.
 *
 * Each node's children share the node's target by its `basis` (weights, percent with one
 * rest, last year's figures, or even), with held amounts, after over-assignment
 * (`buffer`: the children add up to target × (1 + buffer)). Target types (`targets`): an
 * amount (销售额), counts cascading by their own weights (新客户数), rates every child
 * inherits (回款率 ≥ 95 %). Time: each node's year into months (and quarters) by the plan's
 * seasonality or the node's own last year; a person's `startMonth` (入职月份) prorates
 * their year and leaves the earlier months empty, their share going to the others or held
 * by the manager (`vacancy`). Bottom-up: `commitment` (预估/承诺) per node, the gap to the
 * top-down figure, a flag over `commitments.threshold`, and how to reconcile.
 *
 * This module holds the schema (zod 4, hooked into the plan's as the optional `cascade`
 * section), the tree builder, the checks {@link validatePlan} runs on the section, and the
 * edits a pane makes ({@link editCascadeNode}). The numbers are `./cascade` (the engine).
 *
 * Money here is in 元 like everywhere in a plan; percentages are fractions.
 */
import { z } from "zod";
import type { Plan, PlanProblem } from "./plan";

// ---- schema --------------------------------------------------------------------------------

// The plan's base schemas, written again here: plan.ts imports this module to build its own
// schema, so taking them from there would read them before they exist.
const Id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/)
  .meta({ description: "Id: a letter, then letters, digits, _ or - (at most 40 characters)." });
const Text = z.string().min(1).max(200).meta({ description: "A name shown on the sheets (written as text)." });
const nonNegative = z.number().min(0);
const IsoDate = z.iso.date();

/** How a node's children share its target. */
export const CascadeBasisSchema = z
  .enum(["weights", "percent", "lastYear", "even"])
  .meta({ description: "How this node's children share its target: their weights, percentages adding up to 100 (one child may be the rest), last year's figures, or evenly. Default: weights when a child has one, else lastYear when a child has one, else even." });
export type CascadeBasis = z.infer<typeof CascadeBasisSchema>;

/** What happens to the months a new person is not there yet. */
export const VacancySchema = z
  .enum(["others", "held"])
  .meta({ description: "A new person's months before their start month: shared by the others (default) or held by the manager (a row of its own under the node)." });

/** One kind of target that cascades: an amount, a count, or a rate every child inherits. */
export const CascadeTargetSchema = z
  .object({
    id: Id,
    name: Text.optional().meta({ description: "What the sheets call it (default: Sales / 销售额, or the id)." }),
    kind: z.enum(["amount", "count", "rate"]).meta({ description: "amount: money (元); count: whole things (customers); rate: a fraction every child inherits (0.95)." }),
    total: nonNegative.optional().meta({ description: "The top's target: 元 for an amount (default the plan's total for the first amount), a number for a count (required)." }),
    value: z.number().optional().meta({ description: "A rate's value at the top, as a fraction (0.95); every node inherits it unless it sets its own." }),
    direction: z.enum(["higher", "lower"]).optional().meta({ description: "A rate: higher (default, a floor such as 回款率 ≥ 95 %) or lower is better (a ceiling)." }),
    roundTo: z.number().min(0).optional().meta({ description: "Rounding unit in display units (amounts: the plan's unit, default the plan's roundTo; counts: default 1). 0 = exact." }),
    buffered: z.boolean().optional().meta({ description: "Whether the node's over-assignment buffer applies to this target (default: amounts yes, counts no)." }),
  })
  .strict();
export type CascadeTarget = z.infer<typeof CascadeTargetSchema>;

/** A node's figures for one target type other than the first (or any type, for a rate). */
export const CascadeNodeTargetSchema = z
  .object({
    weight: nonNegative.optional().meta({ description: "This target's weight (default: the node's weight)." }),
    lastYear: nonNegative.optional().meta({ description: "Last year's figure for this target (元 or a count)." }),
    held: nonNegative.optional().meta({ description: "Held amount for this target (元 or a count)." }),
    rest: z.boolean().optional().meta({ description: "With basis percent: this node takes what the others' percentages leave." }),
    commitment: nonNegative.optional().meta({ description: "What the owner commits to for this target (元 or a count)." }),
    value: z.number().optional().meta({ description: "A rate: this node's own value (its subtree inherits it)." }),
  })
  .strict();
export type CascadeNodeTarget = z.infer<typeof CascadeNodeTargetSchema>;

const monthly = (desc: string) => z.array(z.number().nullable()).length(12).meta({ description: desc });

/** What a node carries (a tree node, a group of the flat list, or a person). */
const nodeFields = {
  level: Text.optional().meta({ description: "The level's label for this node (default from cascade.levels)." }),
  owner: Text.optional().meta({ description: "The person responsible (负责人); a person's own name by default." }),
  deadline: IsoDate.optional().meta({ description: "Deadline (完成时间), YYYY-MM-DD; default the parent's, else cascade.deadline, else the year's last day." }),
  weight: nonNegative.optional().meta({ description: "Weight among its siblings (percent points with the parent's basis percent)." }),
  lastYear: nonNegative.optional().meta({ description: "Last year's figure (元): the weight with the parent's basis lastYear." }),
  held: nonNegative.optional().meta({ description: "Held amount (元): exactly this, the rest shared by the siblings (a new rep's set target, a key account the manager keeps)." }),
  rest: z.boolean().optional().meta({ description: "With the parent's basis percent: takes what the siblings' percentages leave." }),
  commitment: nonNegative.optional().meta({ description: "What the owner commits to, bottom-up (预估/承诺), 元." }),
  basis: CascadeBasisSchema.optional(),
  buffer: z.number().min(0).max(10).optional().meta({ description: "Over-assignment (超额分配) for this node's children, a fraction: they add up to the target × (1 + buffer). Default cascade.buffer." }),
  vacancy: VacancySchema.optional(),
  startMonth: z.number().int().min(1).max(12).optional().meta({ description: "A person's first month (入职月份, 1–12): the year is prorated and the earlier months stay empty." }),
  lastYearMonths: z.array(nonNegative).length(12).optional().meta({ description: "This node's own last year by month (元): the shape of its months instead of the seasonality." }),
  actuals: monthly("A person's monthly actuals of the first target (元), for the tracking sheet; null until known.").optional(),
  targets: z.record(z.string(), CascadeNodeTargetSchema).optional().meta({ description: "Per target id: this node's figures for that target (weights of a count, a rate of its own, …)." }),
  note: z.string().max(500).optional(),
};

/** The fields of a node, as written in a plan (tree nodes add `name` and `children`). */
export interface CascadeNodeFields {
  level?: string;
  owner?: string;
  deadline?: string;
  weight?: number;
  lastYear?: number;
  held?: number;
  rest?: boolean;
  commitment?: number;
  basis?: CascadeBasis;
  buffer?: number;
  vacancy?: "others" | "held";
  startMonth?: number;
  lastYearMonths?: number[];
  actuals?: (number | null)[];
  targets?: Record<string, CascadeNodeTarget>;
  note?: string;
}

/** A node of the tree as written in a plan. */
export interface CascadeNodeInput extends CascadeNodeFields {
  name: string;
  children?: CascadeNodeInput[];
}

/** A node of the tree: a name, its figures, its children (any depth). */
export const CascadeNodeSchema: z.ZodType<CascadeNodeInput> = z
  .object({
    name: Text,
    ...nodeFields,
    get children() {
      return z.array(CascadeNodeSchema).max(100000).optional().meta({ description: "The nodes below, in order." });
    },
  })
  .strict()
  .meta({ id: "CascadeNode", description: "A node of the cascade: a company, department, region, team or person." });

/** A person of the flat list: their name, the groups above them, their figures. */
export const CascadePersonSchema = z
  .object({
    name: Text,
    path: z.array(Text).max(50).meta({ description: "The groups above the person, top first, without the top node (e.g. [\"华东\", \"华东一组\"])." }),
    ...nodeFields,
  })
  .strict();
export type CascadePerson = z.infer<typeof CascadePersonSchema>;

/** A group of the flat list (a region, a team): its path and its figures. */
export const CascadeGroupSchema = z
  .object({
    path: z.array(Text).min(1).max(50).meta({ description: "The group's path, top first, its own name last (e.g. [\"华东\", \"华东一组\"])." }),
    ...nodeFields,
  })
  .strict();
export type CascadeGroup = z.infer<typeof CascadeGroupSchema>;

/** The year's shape: twelve month weights, four quarter weights, or a split of the plan. */
export const SeasonalitySchema = z
  .union([
    z.object({ months: z.array(nonNegative).length(12) }).strict(),
    z.object({ quarters: z.array(nonNegative).length(4) }).strict(),
    z.object({ split: Id.meta({ description: "Id of a quarter or month split of the plan whose weights shape the year." }) }).strict(),
  ])
  .meta({ description: "How every node's year goes into months: twelve month weights, four quarter weights (even within a quarter), or a quarter or month split of the plan. Default even." });
export type Seasonality = z.infer<typeof SeasonalitySchema>;

/** Bottom-up commitments: the gap that raises a flag, and how to reconcile. */
export const CommitmentsSchema = z
  .object({
    threshold: z.number().min(0).optional().meta({ description: "A gap (commitment − target, over the target) beyond this fraction is flagged (default 0.1)." }),
    reconcile: z
      .enum(["topDown", "commitments", "blend"])
      .optional()
      .meta({ description: "topDown (default): the commitments are shown only; commitments: where every child of a node commits, their commitments are the weights of its split (the shape from the people, the total from the top); blend: a mix of both shares." }),
    blend: z.number().min(0).max(1).optional().meta({ description: "With reconcile blend: the commitments' part of each share (default 0.5)." }),
  })
  .strict();

/** The tracking sheet that follows the tree. */
export const CascadeTrackingSchema = z
  .object({
    level: z.union([Text, z.number().int().min(1)]).optional().meta({ description: "The level whose nodes get a row with their people's actuals rolled up: a level label or a depth (1 = the top's children). Default: the level above the people." }),
    asOf: IsoDate.optional(),
    greenAt: z.number().min(0).optional(),
    yellowAt: z.number().min(0).optional(),
  })
  .strict();

/** The scorecard that follows the tree. */
export const CascadeScorecardSchema = z
  .object({
    level: z
      .union([Text, z.number().int().min(0)])
      .optional()
      .meta({ description: "The level whose nodes get a scorecard row with their people's revenue summed: a level label or a depth (0 = the top, 1 = its children). Default: the tracking sheet's level, or the level above the people." }),
    kpi: Text.optional().meta({ description: "The id of the scorecard's KPI scored by the sales attainment (revenue over the node's or person's target). Default: the KPI with the first amount target's id, else the first percent KPI." }),
  })
  .strict();

/** The cascade section of a plan. */
export const CascadeSchema = z
  .object({
    name: Text.optional().meta({ description: "Title of the decomposition table (default 销售目标分解表 / Target cascade)." }),
    company: Text.optional().meta({ description: "Party A of the responsibility letters (default the top node's name)." }),
    levels: z.array(Text).max(50).optional().meta({ description: "Level labels by depth, the top first (e.g. [\"公司\", \"区域\", \"团队\", \"个人\"])." }),
    targets: z.array(CascadeTargetSchema).min(1).max(20).optional().meta({ description: "The target types, the first numeric one first (default: one amount, the plan's total)." }),
    buffer: z.number().min(0).max(10).optional().meta({ description: "Over-assignment for every node with children that sets none (e.g. 0.1)." }),
    deadline: IsoDate.optional(),
    seasonality: SeasonalitySchema.optional(),
    vacancy: VacancySchema.optional(),
    commitments: CommitmentsSchema.optional(),
    root: CascadeNodeSchema.optional().meta({ description: "The tree (the top node with its children), or, with people, the top node's own figures." }),
    groups: z.array(CascadeGroupSchema).max(100000).optional(),
    people: z.array(CascadePersonSchema).max(100000).optional(),
    letters: z.enum(["all", "people", "managers", "none"]).optional().meta({ description: "Responsibility letters (目标责任书): for everyone (default), people only, managers only, or none." }),
    tracking: CascadeTrackingSchema.optional(),
    scorecard: CascadeScorecardSchema.optional().meta({ description: "A scorecard that follows the tree: a row per node of a level, its sales attainment its people's revenue summed over its own target, scored by the plan's scorecard." }),
  })
  .strict()
  .meta({ description: "The cascade: one target split layer by layer down to every person, with owners, deadlines, buffers, time, commitments and letters." });
export type Cascade = z.infer<typeof CascadeSchema>;

// ---- the tree --------------------------------------------------------------------------------

/** A node of the built tree: what the plan says of it, where, and its children. */
export interface CascadeTreeNode {
  name: string;
  /** What the plan says of the node (empty for a group only named in people's paths). */
  fields: CascadeNodeFields;
  /** JSON path of the node in the plan, for messages (`cascade.root.children[1]`, `cascade.people[12]`). */
  source: PropertyKey[];
  children: CascadeTreeNode[];
}

/**
 * The tree of a cascade: the root with its children as written, or built from the flat list:
 * people in their order, each under their path, the groups on the way made as people first
 * name them (with what `groups` says of them), then the groups nobody is in. So the list in
 * a tree's order (`flatInput`) gives that tree back, siblings in the same order. Sibling
 * names are unique (checked by {@link cascadeStructureProblems}); a group listed twice is a
 * problem.
 *
 * @param plan - a plan with a cascade section
 * @param problems - where to add what is wrong with the list (duplicate paths), if anything
 * @returns the root
 * @example cascadeTree({ title: "t", year: 2025, cascade: { people: [{ name: "A", path: ["East"] }] } }).children[0].children[0].name // "A"
 */
export function cascadeTree(plan: Pick<Plan, "title" | "cascade">, problems?: PlanProblem[]): CascadeTreeNode {
  const c = plan.cascade!;
  if (c.root && !c.people && !c.groups) return fromInput(c.root, ["cascade", "root"]);
  const { children: _ignored, name, ...rootFields } = c.root ?? { name: c.company ?? plan.title };
  void _ignored;
  const root: CascadeTreeNode = { name, fields: rootFields, source: c.root ? ["cascade", "root"] : ["cascade"], children: [] };
  // What the groups say, by path; a group listed twice is a problem (its first entry counts).
  const groupAt = new Map<string, number>();
  (c.groups ?? []).forEach((g, i) => {
    const key = JSON.stringify(g.path);
    if (groupAt.has(key)) problems?.push(bad(["cascade", "groups", i, "path"], `the group ${g.path.join(" / ")} is listed twice`, `分组 ${g.path.join(" / ")} 出现了两次`));
    else groupAt.set(key, i);
  });
  // Nodes in the order people name them (so the list in the tree's order gives the tree).
  const at = (path: string[], source: PropertyKey[]): CascadeTreeNode => {
    let node = root;
    path.forEach((part, d) => {
      let next = node.children.find((n) => n.name === part);
      if (!next) {
        const gi = groupAt.get(JSON.stringify(path.slice(0, d + 1)));
        const { path: _p, ...fields } = gi === undefined ? { path } : c.groups![gi];
        void _p;
        next = { name: part, fields, source: gi === undefined ? source : ["cascade", "groups", gi], children: [] };
        node.children.push(next);
      }
      node = next;
    });
    return node;
  };
  (c.people ?? []).forEach((p, i) => {
    const { path, name: personName, ...fields } = p;
    const parent = at(path, ["cascade", "people", i, "path"]);
    if (parent.children.some((n) => n.name === personName)) {
      problems?.push(bad(["cascade", "people", i, "name"], `"${personName}" appears twice under ${path.join(" / ") || root.name}`, `“${personName}”在 ${path.join(" / ") || root.name} 下出现了两次`));
      return;
    }
    parent.children.push({ name: personName, fields, source: ["cascade", "people", i], children: [] });
  });
  // Groups nobody is in: nodes of their own (a key account, a team not yet staffed).
  (c.groups ?? []).forEach((g, i) => at(g.path, ["cascade", "groups", i]));
  return root;
}

function fromInput(n: CascadeNodeInput, source: PropertyKey[]): CascadeTreeNode {
  const { name, children, ...fields } = n;
  return { name, fields, source, children: (children ?? []).map((c, i) => fromInput(c, [...source, "children", i])) };
}

/**
 * The tree written as a tree (`cascade.root` with children), whatever form the plan used:
 * for a per-node plan and for a pane that edits one form.
 * @example treeInput(cascadeTree(plan)).children?.length // the top's children
 */
export function treeInput(node: CascadeTreeNode): CascadeNodeInput {
  return { name: node.name, ...node.fields, ...(node.children.length ? { children: node.children.map(treeInput) } : {}) };
}

/**
 * The same cascade as a flat list: every leaf a person with its path, every other node below
 * the top a group (in the tree's order), the top as `root` without children.
 * @example flatInput(tree).people[0].path // ["华东", "华东一组"]
 */
export function flatInput(root: CascadeTreeNode): { root: CascadeNodeInput; groups: CascadeGroup[]; people: CascadePerson[] } {
  const groups: CascadeGroup[] = [];
  const people: CascadePerson[] = [];
  const walk = (n: CascadeTreeNode, path: string[]) => {
    for (const c of n.children) {
      if (c.children.length === 0) people.push({ name: c.name, path, ...c.fields });
      else {
        groups.push({ path: [...path, c.name], ...c.fields });
        walk(c, [...path, c.name]);
      }
    }
  };
  walk(root, []);
  return { root: { name: root.name, ...root.fields }, groups, people };
}

// ---- checks ------------------------------------------------------------------------------------

/** One problem, like plan.ts's. */
function bad(path: PropertyKey[], en: string, zh: string): PlanProblem {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return { path: out || "(plan)", message: { en, zh } };
}

/** The cascade's target types as written, or the default: one amount. */
export function cascadeTargets(c: Cascade): CascadeTarget[] {
  return c.targets ?? [{ id: "sales", kind: "amount" }];
}

/**
 * What the schema cannot say about a cascade: a tree or a list (not both), unique sibling
 * names, target types that make sense, node figures for types that exist, start months only
 * on people, seasonality from a split that exists. The numbers themselves (weights that can
 * split, percentages adding up, held amounts within the target) are checked by the engine's
 * `cascadeNumberProblems`, after these pass.
 *
 * @param plan - a plan the schema accepted, with a cascade
 * @returns one problem per thing wrong, with its JSON path, in English and Chinese
 * @example cascadeStructureProblems({ title: "t", year: 2025, cascade: {} }) // [{ path: "cascade", … "give the tree (root) or the people" }]
 */
export function cascadeStructureProblems(plan: Plan): PlanProblem[] {
  const c = plan.cascade!;
  const out: PlanProblem[] = [];
  if (!c.root && !c.people) {
    out.push(bad(["cascade"], "give the tree (root with children) or the people (a flat list)", "请给出树（root 及其 children）或人员清单（people）"));
    return out;
  }
  if (c.root?.children && (c.people || c.groups)) {
    out.push(bad(["cascade", "people"], "give the tree (root with children) or the flat list (people, groups), not both", "请只给出树（root 的 children）或清单（people、groups）之一"));
    return out;
  }
  if (c.groups && !c.people) out.push(bad(["cascade", "groups"], "groups go with people (the flat list)", "groups 须与 people（人员清单）一起使用"));
  // Target types.
  const types = cascadeTargets(c);
  const ids = new Set<string>();
  let firstAmount = true;
  types.forEach((t, i) => {
    const at = (...rest: PropertyKey[]) => ["cascade", "targets", i, ...rest];
    if (ids.has(t.id)) out.push(bad(at("id"), `"${t.id}" is used by another target`, `“${t.id}”已被另一个目标使用`));
    ids.add(t.id);
    if (t.kind === "rate") {
      if (t.value === undefined) out.push(bad(at("value"), "a rate needs its value (e.g. 0.95)", "比率目标需要给出数值（例如 0.95）"));
      if (t.total !== undefined) out.push(bad(at("total"), "a rate has a value, not a total", "比率目标只有数值，没有总额"));
      if (t.buffered) out.push(bad(at("buffered"), "a rate is inherited, not over-assigned", "比率目标按上级继承，不做超额分配"));
      if (t.roundTo !== undefined) out.push(bad(at("roundTo"), "a rate is not rounded", "比率目标不取整"));
    } else {
      if (t.value !== undefined) out.push(bad(at("value"), "an amount or a count has a total, not a value", "金额或计数目标只有总额，没有数值"));
      if (t.direction !== undefined) out.push(bad(at("direction"), "only a rate has a direction", "只有比率目标有方向"));
      if (t.kind === "count" && t.total === undefined) out.push(bad(at("total"), "a count needs its total (e.g. 80 new customers)", "计数目标需要总数（例如 80 个新客户）"));
      if (t.kind === "amount" && t.total === undefined) {
        if (!firstAmount) out.push(bad(at("total"), "only the first amount takes the plan's total; give this one its own", "只有第一个金额目标取计划总额；请为此目标给出总额"));
        else if (plan.total === undefined && !plan.lastYear) out.push(bad(at("total"), "give this target a total, or the plan its total", "请给出此目标的总额，或计划的总额"));
      }
      if (t.kind === "amount") firstAmount = false;
    }
  });
  if (!types.some((t) => t.kind !== "rate")) out.push(bad(["cascade", "targets"], "needs an amount or a count to split", "至少需要一个可分解的金额或计数目标"));
  if (c.seasonality && "split" in c.seasonality) {
    const s = (plan.splits ?? []).find((x) => x.id === (c.seasonality as { split: string }).split);
    if (!s) out.push(bad(["cascade", "seasonality", "split"], `no split has the id "${c.seasonality.split}"`, `没有 id 为“${c.seasonality.split}”的分解`));
    else if (s.kind !== "quarter" && s.kind !== "month") out.push(bad(["cascade", "seasonality", "split"], `"${s.id}" is not a quarter or month split`, `“${s.id}”不是季度或月度分解`));
  }
  if (c.commitments?.blend !== undefined && c.commitments.reconcile !== "blend") {
    out.push(bad(["cascade", "commitments", "blend"], 'blend goes with reconcile "blend"', "blend 须与 reconcile 为 blend 一起使用"));
  }
  if (c.scorecard) out.push(...treeScorecardProblems(plan, types));
  if (out.length) return out;
  // Nodes.
  const root = cascadeTree(plan, out);
  const byId = new Map(types.map((t) => [t.id, t]));
  const visit = (n: CascadeTreeNode, depth: number) => {
    const at = (...rest: PropertyKey[]) => [...n.source, ...rest];
    const names = new Set<string>();
    for (const k of n.children) {
      if (names.has(k.name)) out.push(bad([...k.source, "name"], `"${k.name}" appears twice under ${n.name}`, `“${k.name}”在 ${n.name} 下出现了两次`));
      names.add(k.name);
    }
    const f = n.fields;
    const leaf = n.children.length === 0;
    if (f.startMonth !== undefined && !leaf) out.push(bad(at("startMonth"), "only a person (a node without children) has a start month", "只有人员（没有下级的节点）才有入职月份"));
    if (f.buffer !== undefined && leaf) out.push(bad(at("buffer"), "only a node with children hands down, so only it has a buffer", "只有有下级的节点才向下分配，才有超额比例"));
    if (f.vacancy !== undefined && leaf) out.push(bad(at("vacancy"), "only a node with children decides about its new people's months", "只有有下级的节点才能决定新人未到岗月份的去向"));
    if (f.basis !== undefined && leaf) out.push(bad(at("basis"), "only a node with children splits", "只有有下级的节点才会分解"));
    if (f.actuals !== undefined && !leaf) out.push(bad(at("actuals"), "actuals are typed for people; a node's are rolled up", "实际数只为人员填写；上级节点自动汇总"));
    if (depth === 0 && (f.weight !== undefined || f.held !== undefined || f.rest !== undefined || f.lastYear !== undefined)) {
      out.push(bad(at(f.weight !== undefined ? "weight" : f.held !== undefined ? "held" : f.rest !== undefined ? "rest" : "lastYear"), "the top node takes the whole target; it has no weight among siblings", "顶层节点承担全部目标，没有同级权重"));
    }
    for (const [id, entry] of Object.entries(f.targets ?? {})) {
      const t = byId.get(id);
      if (!t) {
        out.push(bad(at("targets", id), `no target has the id "${id}"`, `没有 id 为“${id}”的目标`));
        continue;
      }
      if (t.kind === "rate") {
        const extra = (["weight", "lastYear", "held", "rest", "commitment"] as const).find((k) => entry[k] !== undefined);
        if (extra) out.push(bad(at("targets", id, extra), "a rate has only a value", "比率目标只有数值"));
      } else if (entry.value !== undefined) out.push(bad(at("targets", id, "value"), "only a rate has a value; an amount or a count is split", "只有比率目标有数值；金额和计数按权重分解"));
      if (depth === 0 && t.kind !== "rate" && (entry.weight !== undefined || entry.held !== undefined || entry.rest !== undefined || entry.lastYear !== undefined)) {
        out.push(bad(at("targets", id), "the top node takes the whole target; it has no weight among siblings", "顶层节点承担全部目标，没有同级权重"));
      }
    }
    n.children.forEach((k) => visit(k, depth + 1));
  };
  visit(root, 0);
  return out;
}

/**
 * The KPI of the plan's scorecard that the tree's scorecard scores by sales attainment: the one
 * `cascade.scorecard.kpi` names, else the one with the first amount target's id, else the first
 * percent KPI that is not graded.
 * @example treeScorecardKpi(plan)?.id // "sales"
 */
export function treeScorecardKpi(plan: Plan): NonNullable<Plan["scorecard"]>["kpis"][number] | undefined {
  const kpis = plan.scorecard?.kpis ?? [];
  const named = plan.cascade?.scorecard?.kpi;
  if (named !== undefined) return kpis.find((k) => k.id === named);
  const amount = plan.cascade ? cascadeTargets(plan.cascade).find((t) => t.kind === "amount") : undefined;
  return kpis.find((k) => amount && k.id === amount.id && k.grades === undefined) ?? kpis.find((k) => k.format === "percent" && k.grades === undefined);
}

/** What `cascade.scorecard` needs: the plan's scorecard with commission, a KPI to score, an amount to sum. */
function treeScorecardProblems(plan: Plan, types: CascadeTarget[]): PlanProblem[] {
  const at = ["cascade", "scorecard"];
  const sc = plan.scorecard;
  if (!sc) return [bad(at, "a scorecard that follows the tree needs the plan's scorecard (its KPIs, bands and commission)", "按分解树生成考核表需要计划的考核表（指标、奖金档位与提成）")];
  const out: PlanProblem[] = [];
  if (!sc.commission) out.push(bad(at, "a scorecard that follows the tree needs the scorecard's commission tiers: its revenue columns hold the sums", "按分解树生成考核表需要考核表的提成档位：回款列承载汇总"));
  const first = types.find((t) => t.kind !== "rate");
  if (first && first.kind !== "amount") out.push(bad(["cascade", "targets", 0], "a scorecard that follows the tree sums revenue: the first target must be an amount", "按分解树生成考核表汇总回款：第一个目标须为金额"));
  const named = plan.cascade!.scorecard!.kpi;
  const kpi = treeScorecardKpi(plan);
  if (named !== undefined && !kpi) out.push(bad([...at, "kpi"], `no KPI of the scorecard has the id "${named}"`, `考核表中没有 id 为“${named}”的指标`));
  else if (kpi?.grades !== undefined) out.push(bad([...at, "kpi"], `"${kpi.id}" is graded; the sales attainment needs a KPI scored by numbers`, `“${kpi.id}”按等级评分；销售完成率需要按数值计分的指标`));
  else if (!kpi) out.push(bad([...at, "kpi"], "name the KPI the sales attainment is scored by (no KPI has the amount's id or a percent format)", "请指定按销售完成率计分的指标（没有与金额目标同 id 或百分比格式的指标）"));
  return out;
}

// ---- edits a pane makes ----------------------------------------------------------------------------

/** What a pane may change on a node. `null` removes the field. */
export type CascadeNodePatch = { [K in keyof CascadeNodeFields]?: CascadeNodeFields[K] | null };

/**
 * A copy of the plan with one node's fields changed (a weight, a hold, a buffer, a commitment…),
 * in whatever form the plan holds the tree: a pane changes a number and resolves the plan
 * again to see the subtree move.
 *
 * @param plan - a plan with a cascade
 * @param path - the node's names below the top (`[]` is the top, `["华东", "华东一组"]` a team)
 * @param patch - the fields to set (`null` to remove one)
 * @returns a new plan (the old one is untouched)
 * @throws Error when no node has that path
 * @example editCascadeNode(plan, ["华东"], { weight: 45 }).cascade.root.children[0].weight // 45
 */
export function editCascadeNode(plan: Plan, path: readonly string[], patch: CascadeNodePatch): Plan {
  const c = plan.cascade;
  if (!c) throw new Error("the plan has no cascade");
  const apply = <T extends CascadeNodeFields>(o: T): T => {
    const copy: Record<string, unknown> = { ...(o as Record<string, unknown>) };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete copy[k];
      else if (v !== undefined) copy[k] = v;
    }
    return copy as T;
  };
  if (c.root && !c.people) {
    const edit = (n: CascadeNodeInput, rest: readonly string[]): CascadeNodeInput => {
      if (rest.length === 0) return apply(n);
      const i = (n.children ?? []).findIndex((k) => k.name === rest[0]);
      if (i < 0) throw new Error(`no node ${path.join(" / ")}`);
      const children = n.children!.slice();
      children[i] = edit(children[i], rest.slice(1));
      return { ...n, children };
    };
    return { ...plan, cascade: { ...c, root: edit(c.root, path) } };
  }
  if (path.length === 0) return { ...plan, cascade: { ...c, root: apply(c.root ?? { name: c.company ?? plan.title }) } };
  const people = c.people ?? [];
  const pi = people.findIndex((p) => p.name === path[path.length - 1] && same(p.path, path.slice(0, -1)));
  if (pi >= 0) {
    const copy = people.slice();
    copy[pi] = apply(people[pi]);
    return { ...plan, cascade: { ...c, people: copy } };
  }
  const groups = (c.groups ?? []).slice();
  const gi = groups.findIndex((g) => same(g.path, path));
  if (gi >= 0) groups[gi] = apply(groups[gi]);
  else {
    if (!people.some((p) => same(p.path.slice(0, path.length), path))) throw new Error(`no node ${path.join(" / ")}`);
    groups.push(apply<CascadeGroup>({ path: [...path] }));
  }
  return { ...plan, cascade: { ...c, groups } };
}

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

// ---- a pasted org list ------------------------------------------------------------------------

/** What a column of a pasted org list holds, by its header's words (English or Chinese). */
const COLUMN_WORDS: [keyof CascadeNodeFields | "name", RegExp][] = [
  ["name", /^(name|person|rep|people|employee|姓名|人员|员工|销售员|业务员|个人)$/i],
  ["owner", /^(owner|manager|负责人|经理|主管)$/i],
  ["weight", /^(weight|share|权重|比例|占比)$/i],
  ["lastYear", /^(last ?year|去年|上年|上年实绩|上年销售额)$/i],
  ["held", /^(held|fixed|固定额|固定|锁定)$/i],
  ["startMonth", /^(start|start ?month|入职月份|入职月|到岗月份)$/i],
  ["commitment", /^(commitment|forecast|承诺|预估|承诺额)$/i],
  ["deadline", /^(deadline|due|完成时间|截止日期)$/i],
];

/** A problem of a pasted org list: its row and column (0-based, the header is row 0) and what. */
export interface OrgListProblem {
  row: number;
  col: number;
  message: { en: string; zh: string };
}

/**
 * People from a pasted org list (what HR or a CRM exports), as `cascade.people`: the header
 * names the columns — the person's name, their figures (weight, last year, held, start
 * month, commitment, owner, deadline, in English or Chinese words) and, in every other
 * column, the groups above them, top first (区域, 团队 …). Amounts are multiplied by
 * `amountScale` (10,000 when the list is in 万元) to be 元, as a plan holds them.
 *
 * @param table - rows of cells as text, the header first
 * @param amountScale - 元 per unit of the list's amounts (default 1)
 * @returns the people, the group columns' headers (the levels between the top and the people), and what is wrong, by cell
 * @example peopleFromTable([["区域", "团队", "姓名", "权重"], ["华东", "一组", "张伟", "1"]]).people
 *   // [{ name: "张伟", path: ["华东", "一组"], weight: 1 }]
 */
export function peopleFromTable(table: readonly (readonly string[])[], amountScale = 1): { people: CascadePerson[]; groupLevels: string[]; problems: OrgListProblem[] } {
  const problems: OrgListProblem[] = [];
  const header = (table[0] ?? []).map((h) => h.trim());
  const role = header.map((h) => COLUMN_WORDS.find(([, re]) => re.test(h))?.[0]);
  const nameCol = role.indexOf("name");
  if (nameCol < 0) {
    problems.push({ row: 0, col: 0, message: { en: "no column of names (a header such as Name or 姓名)", zh: "没有姓名列（表头如 Name 或 姓名）" } });
    return { people: [], groupLevels: [], problems };
  }
  const groupCols = header.map((_, c) => c).filter((c) => role[c] === undefined && header[c] !== "");
  const people: CascadePerson[] = [];
  table.slice(1).forEach((cells, i) => {
    const row = i + 1;
    const cell = (c: number) => (cells[c] ?? "").trim();
    if (cells.every((x) => x.trim() === "")) return;
    const name = cell(nameCol);
    if (!name) return void problems.push({ row, col: nameCol, message: { en: "no name", zh: "缺少姓名" } });
    const person: CascadePerson = { name, path: groupCols.map(cell).filter((x) => x !== "") };
    role.forEach((r, c) => {
      const text = cell(c);
      if (!r || r === "name" || text === "") return;
      if (r === "owner") return void (person.owner = text);
      if (r === "deadline") {
        if (/^\d{4}-\d{2}-\d{2}$/.test(text)) person.deadline = text;
        else problems.push({ row, col: c, message: { en: `"${text}" is not a date written YYYY-MM-DD`, zh: `“${text}”不是 YYYY-MM-DD 格式的日期` } });
        return;
      }
      const n = Number(text.replace(/[,，\s]/g, "").replace(/%$/, ""));
      if (!Number.isFinite(n) || n < 0) return void problems.push({ row, col: c, message: { en: `"${text}" is not a number 0 or more`, zh: `“${text}”不是大于等于 0 的数字` } });
      if (r === "startMonth") {
        if (Number.isInteger(n) && n >= 1 && n <= 12) person.startMonth = n;
        else problems.push({ row, col: c, message: { en: `a start month is 1 to 12, not "${text}"`, zh: `入职月份应为 1 到 12，而不是“${text}”` } });
      } else if (r === "weight") person.weight = n;
      else if (r === "lastYear" || r === "held" || r === "commitment") person[r] = amountScale === 1 ? n : Number((n * amountScale).toPrecision(15));
    });
    people.push(person);
  });
  return { people, groupLevels: groupCols.map((c) => header[c]), problems };
}
