/**
 * The cascade's engine: every node's targets worked out from a plan, with core's
 * {@link splitTotal} at every step (largest remainder to the unit, ties to the earlier
 * sibling, the odd amount to the heaviest, held amounts kept), so every number adds up
 * exactly and every native formula of the sheets can reproduce it.
 *
 * For each node and each numeric target type (amounts, counts), top down:
 * 1. its **annual** target: the top's total, or its share of its parent's hand-down;
 * 2. its **hand-down** (a node with children): annual × (1 + buffer), the over-assignment
 *    (超额分配) its children share;
 * 3. its children's **split weights**: the raw weight by the parent's basis (weights,
 *    percent with one rest, last year, even), times the prorate factor of a person who
 *    starts late (the share of the year's month weights from their start month on) — or,
 *    where the plan reconciles and every free child commits, the commitments, or a blend of
 *    both shares; a "held by the manager" row takes the late starters' missing part when the
 *    node says so (`vacancy: "held"`);
 * 4. its **months**: the annual split by the node's own last year's months or the
 *    seasonality, from its start month on (earlier months empty); quarters are the sums of
 *    their months.
 * Rates are inherited: a node's value is its own or its parent's. Bottom-up, a node's
 * commitment is its own or the sum of its children's (when every child has one); the gap is
 * commitment − target, flagged beyond the threshold.
 *
 * All figures are in display units: amounts in the plan's unit (万元 when `unit` is 万元),
 * counts as they are. The engine is pure and fast (5,000 people in a few tens of ms), so a
 * pane resolves the plan again after every edit ({@link resolveCascade}).
 */
import { isPlanError } from "../core/errors";
import { splitTotal } from "../core/split";
import {
  type Cascade,
  type CascadeBasis,
  type CascadeNodeFields,
  type CascadeTarget,
  type CascadeTreeNode,
  cascadeStructureProblems,
  cascadeTargets,
  cascadeTree,
} from "./cascade-plan";
import { type Plan, type PlanProblem, UNIT_SCALE, planTotal, resolveSplit, toDisplay } from "./plan";
import { cascadeSizeProblems } from "./cascade-fit";

/** A target type worked out: its top figure and rounding in display units. */
export interface CascadeType {
  index: number;
  id: string;
  /** As written; the sheets fall back to their own word. */
  name?: string;
  kind: "amount" | "count" | "rate";
  /** Amounts and counts: split; rates: inherited. */
  numeric: boolean;
  /** The first numeric type: the node-level fields (weight, held, commitment…) are its figures. */
  primary: boolean;
  /** The top's target (display units), or a rate's value. */
  top: number;
  direction: "higher" | "lower";
  /** Rounding unit in display units (0: exact). */
  roundTo: number;
  /** 元 per display unit: the plan's unit for amounts, 1 for counts and rates. */
  scale: number;
  /** Whether a node's buffer applies to it. */
  buffered: boolean;
}

/** How a node's children were split for one type. */
export type SplitMode = "topDown" | "commitments" | "blend";

/** One node's figures for one target type, in display units. */
export interface CascadeFigures {
  /** The node's target for the year (a rate: its value). */
  annual: number;
  /** What it hands down to its children: annual × (1 + buffer); null for a leaf or a rate. */
  handedDown: number | null;
  /** The buffer applied (0 for a leaf, an unbuffered type or a rate). */
  buffer: number;
  /** Its raw weight among its siblings by the parent's basis (the rest's worked out); null at the top, for the held-by-manager row and rates. */
  weight: number | null;
  /** It takes what its siblings' percentages leave. */
  rest: boolean;
  /** Share of the year it is there for (1, or the month weights from its start month on over all). */
  factor: number;
  /** The weight its parent's split used (null at the top and for rates). */
  splitWeight: number | null;
  /** Held amount (0: free). */
  held: number;
  /** Twelve months; null before the start month (a rate: its value every month). */
  months: (number | null)[];
  /** Four quarters: the sums of their months. */
  quarters: number[];
  /** What the owner committed to, as written (null: none). */
  commitment: number | null;
  /** Bottom-up: the commitment, or the sum of the children's when every child has one. */
  bottomUp: number | null;
  /** bottomUp − annual (null without bottomUp). */
  gap: number | null;
  /** gap / annual (null without a gap, or with a zero target). */
  gapShare: number | null;
  /** The gap's share is beyond the threshold. */
  flag: boolean;
  /** How its children were split (a node with children). */
  mode?: SplitMode;
  /** Its children's percentages must add up to 100 (basis percent, written for this type). */
  percent?: boolean;
  /** A rate the node sets itself (not inherited). */
  ownRate?: boolean;
  /** Its weight is the first type's (no figure of its own for this type). */
  sharedWeight?: boolean;
}

/** A node of the worked-out tree. */
export interface CascadeNode {
  index: number;
  name: string;
  /** Names below the top, the node's own last (`[]` for the top). */
  path: string[];
  depth: number;
  /** Index of the parent (-1 at the top). */
  parent: number;
  children: number[];
  /** The level's label, as written (node.level or cascade.levels[depth]). */
  level?: string;
  owner?: string;
  /** Deadline, YYYY-MM-DD. */
  deadline: string;
  leaf: boolean;
  /** The row that holds late starters' missing months for the manager (not a person). */
  vacancy: boolean;
  /** A leaf that is not the held-by-manager row: someone who signs a letter. */
  person: boolean;
  /** First month, 1–12 (1: the whole year). */
  startMonth: number;
  /** The twelve weights that shape its year (its own last year, or the seasonality). */
  monthWeights: number[];
  /** Its months are its own last year's, not the seasonality. */
  ownMonths: boolean;
  /** How its children share (a node with children). */
  basis: CascadeBasis;
  /** Its late starters' missing months are held by it (a held-by-manager row among its children). */
  vacancyHeld: boolean;
  /** Its buffer (a fraction; 0 for a leaf). */
  buffer: number;
  /** Where it is in the plan (JSON path). */
  source: PropertyKey[];
  note?: string;
  /** A person's monthly actuals of the first numeric type (display units). */
  actuals?: (number | null)[];
  /** By type index. */
  figures: CascadeFigures[];
}

/** A cascade worked out. */
export interface CascadeResult {
  cascade: Cascade;
  types: CascadeType[];
  /** Depth-first, the top first, each node's children right after it and its subtree (the held-by-manager row last among its siblings). */
  nodes: CascadeNode[];
  /** The seasonality's twelve month weights. */
  season: number[];
  /** The gap share beyond which a node is flagged. */
  threshold: number;
  reconcile: SplitMode;
  /** The commitments' part with reconcile "blend". */
  blend: number;
  /** The deepest depth. */
  maxDepth: number;
}

const clean = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(15)));
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const TOL = 1e-9;

/**
 * Works out a cascade.
 *
 * @param plan - a plan that `validatePlan` accepted, with a cascade
 * @returns every node's figures, depth first
 * @throws CascadeError when the numbers cannot split (a plan that was not validated)
 * @example resolveCascade(plan).nodes[1].figures[0].annual // 4800 (华东, 万元: 40 % of 1.2 亿)
 */
export function resolveCascade(plan: Plan): CascadeResult {
  const problems: PlanProblem[] = [];
  const result = computeCascade(plan, problems);
  if (problems.length) throw new CascadeError(problems);
  return result;
}

/** A cascade whose numbers cannot be worked out (a plan that was not validated): its problems. */
export class CascadeError extends Error {
  constructor(readonly problems: PlanProblem[]) {
    super(`${problems[0].path}: ${problems[0].message.en}`);
    this.name = "CascadeError";
  }
  /** The first problem in a language. */
  messageIn(lang: "en" | "zh"): string {
    return `${this.problems[0].path}: ${this.problems[0].message[lang]}`;
  }
}

/**
 * The problems of a cascade's numbers, each with its JSON path: weights a basis needs,
 * percentages adding up to 100, one rest, held amounts within the hand-down, free weight
 * when something is left, commitments from every child or none where the plan reconciles,
 * months that can take a year. Run after {@link cascadeStructureProblems} found nothing.
 * @example cascadeNumberProblems(plan) // [] for a valid plan
 */
export function cascadeNumberProblems(plan: Plan): PlanProblem[] {
  return workedOut(plan).problems;
}

/** The engine run once, its problems collected (one message per problem) and its result when there are none. */
function workedOut(plan: Plan): { problems: PlanProblem[]; result?: CascadeResult } {
  const problems: PlanProblem[] = [];
  let result: CascadeResult | undefined;
  try {
    result = computeCascade(plan, problems);
  } catch (e) {
    if (!isPlanError(e)) throw e;
    problems.push({ path: "cascade", message: { en: e.messageIn("en"), zh: e.messageIn("zh") } });
  }
  // One message per problem: a node's weight missing for two types is one thing to fix.
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.path}\u0000${p.message.en}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.length ? { problems: unique } : { problems: [], result };
}

/**
 * Every problem of a plan's cascade section (structure, then numbers, then whether its sheets
 * fit on Excel's worksheets): what `validatePlan` adds for the section.
 * @example checkCascade(plan) // []
 */
export function checkCascade(plan: Plan): PlanProblem[] {
  return workOutCascade(plan).problems;
}

/**
 * The cascade's checks and its figures from one run of the engine: what a pane runs after an
 * edit of a plan that was validated before (an edit changes the cascade's numbers, not what
 * the schema checks), so a tree of 5,000 people is worked out once, not twice.
 *
 * @param plan - a plan with a cascade, validated before the edit
 * @returns the problems (structure, numbers, sizes), and the result when there are none
 * @example workOutCascade(editCascadeNode(plan, ["华东"], { weight: 45 })).problems[0].path // "cascade.root.children": the percentages add up to 105
 */
export function workOutCascade(plan: Plan): { problems: PlanProblem[]; result?: CascadeResult } {
  const structure = cascadeStructureProblems(plan);
  if (structure.length) return { problems: structure };
  const { problems, result } = workedOut(plan);
  if (problems.length || !result) return { problems };
  const sizes = cascadeSizeProblems(plan, result);
  return sizes.length ? { problems: sizes } : { problems: [], result };
}

function problemAt(path: PropertyKey[], en: string, zh: string): PlanProblem {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return { path: out, message: { en, zh } };
}

const fmt = (n: number): string => String(Number(n.toPrecision(10)));

/** The types with their top figures in display units. */
export function cascadeTypes(plan: Plan): CascadeType[] {
  const c = plan.cascade!;
  const scale = UNIT_SCALE[plan.unit ?? "元"];
  let primarySeen = false;
  let amountSeen = false;
  return cascadeTargets(c).map((t: CascadeTarget, index) => {
    const numeric = t.kind !== "rate";
    const primary = numeric && !primarySeen;
    if (primary) primarySeen = true;
    const s = t.kind === "amount" ? scale : 1;
    let top: number;
    if (t.kind === "rate") top = t.value ?? 0;
    else if (t.kind === "count") top = t.total ?? 0;
    else top = toDisplay(t.total ?? (amountSeen ? 0 : planTotal(plan)), s);
    if (t.kind === "amount") amountSeen = true;
    return {
      index,
      id: t.id,
      ...(t.name !== undefined ? { name: t.name } : {}),
      kind: t.kind,
      numeric,
      primary,
      top,
      direction: t.direction ?? "higher",
      roundTo: t.kind === "rate" ? 0 : (t.roundTo ?? (t.kind === "count" ? 1 : (plan.roundTo ?? 1))),
      scale: s,
      buffered: numeric && (t.buffered ?? t.kind === "amount"),
    };
  });
}

/**
 * The seasonality's twelve month weights: as written, four quarters (each month its
 * quarter's weight), a quarter or month split of the plan (its amounts), or even.
 * @example seasonWeights(plan) // [25, 25, 25, 30, 30, 30, 25, 25, 25, 20, 20, 20] for quarters 25/30/25/20
 */
export function seasonWeights(plan: Plan): number[] {
  const s = plan.cascade?.seasonality;
  if (!s) return new Array(12).fill(1);
  if ("months" in s) return s.months.slice();
  if ("quarters" in s) return Array.from({ length: 12 }, (_, m) => s.quarters[Math.floor(m / 3)]);
  const r = resolveSplit(plan, s.split);
  return r.amounts.length === 12 ? r.amounts.slice() : Array.from({ length: 12 }, (_, m) => r.amounts[Math.floor(m / 3)]);
}

/** A node's figures for a numeric type as written: the node's own fields for the first, else its entry (falling back to the node's weight). */
function entryOf(f: CascadeNodeFields, t: CascadeType): { weight?: number; lastYear?: number; held?: number; rest?: boolean; commitment?: number; path: PropertyKey[]; shared?: boolean } {
  const e = f.targets?.[t.id];
  if (t.primary) {
    return {
      weight: e?.weight ?? f.weight,
      lastYear: e?.lastYear ?? f.lastYear,
      held: e?.held ?? f.held,
      rest: e?.rest ?? f.rest,
      commitment: e?.commitment ?? f.commitment,
      path: e ? ["targets", t.id] : [],
    };
  }
  return {
    weight: e?.weight ?? f.weight,
    lastYear: e?.lastYear ?? f.lastYear,
    held: e?.held,
    rest: e?.rest ?? (e?.weight === undefined ? f.rest : undefined),
    commitment: e?.commitment,
    // Messages point at the entry when the node has one for this type, else at the node's own field.
    path: e ? ["targets", t.id] : [],
    // No weight of its own for this type: the first type's (the sheet refers to that cell).
    shared: e?.weight === undefined && e?.lastYear === undefined && e?.rest === undefined,
  };
}

/**
 * The basis a node's children share by: written, else guessed from its children's first-type
 * fields (a rest: percent; a weight: weights; last year's figure: lastYear; else even).
 * @example basisOf(cascadeTree(plan)) // "percent" for examples/cascade.json's top
 */
export function basisOf(n: CascadeTreeNode): CascadeBasis {
  if (n.fields.basis) return n.fields.basis;
  const kids = n.children.map((k) => k.fields);
  if (kids.some((k) => k.rest)) return "percent";
  if (kids.some((k) => k.weight !== undefined)) return "weights";
  if (kids.some((k) => k.lastYear !== undefined)) return "lastYear";
  return "even";
}

/**
 * The engine proper: the tree, then bottom-up commitments, then every node's figures top
 * down. Problems of the numbers go to `problems` (and the figures carry on with zeros), so
 * one run lists them all.
 */
function computeCascade(plan: Plan, problems: PlanProblem[]): CascadeResult {
  const c = plan.cascade!;
  const types = cascadeTypes(plan);
  const season = seasonWeights(plan);
  const threshold = c.commitments?.threshold ?? 0.1;
  const reconcile: SplitMode = c.commitments?.reconcile ?? "topDown";
  const blend = reconcile === "commitments" ? 1 : reconcile === "blend" ? (c.commitments?.blend ?? 0.5) : 0;
  const yearEnd = `${plan.year}-12-31`;

  // ---- the tree, depth first, with the held-by-manager rows ----
  const tree = cascadeTree(plan, problems);
  const nodes: CascadeNode[] = [];
  const trees: (CascadeTreeNode | undefined)[] = [];
  let maxDepth = 0;
  const blankFigures = (): CascadeFigures[] =>
    types.map(() => ({ annual: 0, handedDown: null, buffer: 0, weight: null, rest: false, factor: 1, splitWeight: null, held: 0, months: new Array(12).fill(0), quarters: [0, 0, 0, 0], commitment: null, bottomUp: null, gap: null, gapShare: null, flag: false }));
  const add = (t: CascadeTreeNode, parent: number, path: string[], deadline: string): void => {
    const f = t.fields;
    const depth = parent < 0 ? 0 : nodes[parent].depth + 1;
    maxDepth = Math.max(maxDepth, depth);
    const leaf = t.children.length === 0;
    const own = f.lastYearMonths?.map((x) => toDisplay(x, UNIT_SCALE[plan.unit ?? "元"]));
    const node: CascadeNode = {
      index: nodes.length,
      name: t.name,
      path,
      depth,
      parent,
      children: [],
      ...((f.level ?? c.levels?.[depth]) !== undefined ? { level: f.level ?? c.levels![depth] } : {}),
      ...((f.owner ?? (leaf && parent >= 0 ? t.name : undefined)) !== undefined ? { owner: f.owner ?? t.name } : {}),
      deadline: f.deadline ?? deadline,
      leaf,
      vacancy: false,
      person: leaf,
      startMonth: leaf ? (f.startMonth ?? 1) : 1,
      monthWeights: own ?? season,
      ownMonths: own !== undefined,
      basis: basisOf(t),
      vacancyHeld: !leaf && (f.vacancy ?? c.vacancy ?? "others") === "held" && t.children.some((k) => k.children.length === 0 && (k.fields.startMonth ?? 1) > 1),
      buffer: leaf ? 0 : (f.buffer ?? c.buffer ?? 0),
      source: t.source,
      ...(f.note !== undefined ? { note: f.note } : {}),
      ...(leaf && f.actuals ? { actuals: f.actuals.map((x) => (x === null ? null : toDisplay(x, types.find((y) => y.primary)?.scale ?? 1))) } : {}),
      figures: blankFigures(),
    };
    if (parent >= 0) nodes[parent].children.push(node.index);
    nodes.push(node);
    trees.push(t);
    for (const k of t.children) add(k, node.index, [...path, k.name], node.deadline);
    if (node.vacancyHeld) {
      const v: CascadeNode = {
        index: nodes.length,
        name: "",
        path: [...path, ""],
        depth: depth + 1,
        parent: node.index,
        children: [],
        ...(node.level !== undefined || c.levels?.[depth + 1] !== undefined ? { level: c.levels?.[depth + 1] } : {}),
        ...(node.owner !== undefined ? { owner: node.owner } : {}),
        deadline: node.deadline,
        leaf: true,
        vacancy: true,
        person: false,
        startMonth: 1,
        monthWeights: season,
        ownMonths: false,
        basis: "even",
        vacancyHeld: false,
        buffer: 0,
        source: [...t.source, "vacancy"],
        figures: blankFigures(),
      };
      if (v.level === undefined) delete v.level;
      node.children.push(v.index);
      nodes.push(v);
      trees.push(undefined);
    }
  };
  add(tree, -1, [], tree.fields.deadline ?? c.deadline ?? yearEnd);

  // ---- bottom-up commitments (children after their parent, so backwards) ----
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    const t = trees[i];
    types.forEach((ty) => {
      if (!ty.numeric) return;
      const fig = n.figures[ty.index];
      const given = t ? entryOf(t.fields, ty).commitment : undefined;
      fig.commitment = given === undefined ? null : toDisplay(given, ty.scale);
      if (fig.commitment !== null) fig.bottomUp = fig.commitment;
      else {
        const kids = n.children.map((k) => nodes[k]).filter((k) => !k.vacancy);
        if (kids.length && kids.every((k) => k.figures[ty.index].bottomUp !== null)) fig.bottomUp = sum(kids.map((k) => k.figures[ty.index].bottomUp!));
      }
    });
  }

  // ---- top down ----
  /** Node:type pairs whose figures could not be worked out (their parent's split had a problem). */
  const unknown = new Set<string>();
  for (const n of nodes) {
    const t = trees[n.index];
    for (const ty of types) {
      const fig = n.figures[ty.index];
      if (!ty.numeric) {
        const own = t?.fields.targets?.[ty.id]?.value;
        fig.annual = own ?? (n.parent < 0 ? ty.top : nodes[n.parent].figures[ty.index].annual);
        fig.ownRate = own !== undefined || n.parent < 0;
        fig.months = new Array(12).fill(fig.annual);
        fig.quarters = [fig.annual, fig.annual, fig.annual, fig.annual];
        continue;
      }
      if (n.parent < 0) fig.annual = ty.top;
      // Months: the year by the node's month weights from its start month on.
      fig.months = monthsOf(n, fig.annual, ty, problems);
      fig.quarters = [0, 1, 2, 3].map((q) => (fig.months[3 * q] ?? 0) + (fig.months[3 * q + 1] ?? 0) + (fig.months[3 * q + 2] ?? 0));
      if (fig.bottomUp !== null) {
        fig.gap = fig.bottomUp - fig.annual;
        fig.gapShare = fig.annual === 0 ? null : fig.gap / fig.annual;
        fig.flag = fig.gapShare !== null && Math.abs(fig.gapShare) > threshold + TOL;
      }
      if (n.leaf) continue;
      fig.buffer = ty.buffered ? n.buffer : 0;
      fig.handedDown = clean(fig.annual * (1 + fig.buffer));
      splitChildren(n, ty, t!);
    }
  }

  /** Shares a node's hand-down of one type among its children (sets their annual and weights). */
  function splitChildren(n: CascadeNode, ty: CascadeType, t: CascadeTreeNode): void {
    const fig = n.figures[ty.index];
    const kids = n.children.map((k) => nodes[k]);
    const real = kids.filter((k) => !k.vacancy);
    const entries = real.map((k) => entryOf(trees[k.index]!.fields, ty));
    const where = (k: number, field: string): PropertyKey[] => [...trees[real[k].index]!.source, ...entries[k].path, field];
    const before = problems.length;
    const known = !unknown.has(`${n.index}:${ty.index}`);
    // Raw weights by the basis; the rest member's from the others' percentages.
    const held = entries.map((e) => (e.held !== undefined && e.held > 0 ? toDisplay(e.held, ty.scale) : 0));
    const primaryScale = types.find((x) => x.primary)!.scale;
    let restAt = -1;
    const raw = entries.map((e, k) => {
      if (n.basis === "even") return 1;
      if (n.basis === "lastYear") {
        if (e.lastYear === undefined && held[k] === 0) problems.push(problemAt(where(k, "lastYear"), "needs last year's figure (its parent splits by last year)", "需要上年数（上级按上年数分解）"));
        // A type without its own figure shares the first type's, in that type's units (the same cell).
        return e.lastYear === undefined ? 0 : toDisplay(e.lastYear, e.shared ? primaryScale : ty.scale);
      }
      if (e.rest) {
        if (n.basis !== "percent") problems.push(problemAt(where(k, "rest"), 'rest is only for the parent\'s basis "percent"', "rest 仅用于上级 basis 为 percent 的分解"));
        else if (restAt >= 0) problems.push(problemAt(where(k, "rest"), "only one child can be the rest", "只能有一个剩余成员"));
        else if (e.weight !== undefined) problems.push(problemAt(where(k, "weight"), "the rest takes what is left; give it no weight", "剩余成员取剩下的比例，不要再给权重"));
        restAt = k;
        return 0;
      }
      if (e.weight === undefined && held[k] === 0) problems.push(problemAt(where(k, "weight"), "needs a weight (or held, or its parent's basis even)", "需要权重（或固定额，或上级 basis 设为 even）"));
      return e.weight ?? 0;
    });
    // Percentages must add up to 100 where they are written for this type (the first type,
    // or every free child giving its own); a type falling back to the first type's percentages
    // with some children held takes them as proportions.
    const ownPercent = ty.primary || entries.every((e, k) => held[k] > 0 || (e.path.length > 0 && (trees[real[k].index]!.fields.targets?.[ty.id]?.weight !== undefined || trees[real[k].index]!.fields.targets?.[ty.id]?.rest)));
    if (n.basis === "percent" && (ownPercent || restAt >= 0)) {
      let named = 0;
      raw.forEach((w, k) => {
        if (k !== restAt && held[k] === 0) named += w;
      });
      if (restAt >= 0) {
        if (named > 100 + TOL && ownPercent) problems.push(problemAt([...t.source, "children"], `named percentages add up to ${fmt(named)}, over 100`, `列明的百分比合计为 ${fmt(named)}，超过 100`));
        raw[restAt] = Math.max(0, 100 - named);
      } else if (ownPercent && Math.abs(named - 100) > TOL * 100) {
        problems.push(problemAt([...t.source, "children"], `percentages add up to ${fmt(named)}, not 100 (or mark one child as the rest)`, `百分比合计为 ${fmt(named)}，不是 100（或把一个下级标为剩余）`));
      }
    }
    // Prorated people: the share of their month weights from the start month on.
    const factor = real.map((k) => (k.startMonth > 1 ? prorate(k.monthWeights, k.startMonth) : 1));
    real.forEach((k, i) => {
      if (k.startMonth > 1 && !(factor[i] > 0)) {
        problems.push(problemAt([...trees[k.index]!.source, "startMonth"], `the months from ${k.startMonth} on all weigh 0, so nothing is left to prorate`, `${k.startMonth} 月起各月权重都是 0，无法按入职月份折算`));
      }
    });
    const wf = raw.map((w, i) => (factor[i] === 1 ? w : w * factor[i]));
    const gone = raw.map((w, i) => (factor[i] === 1 ? 0 : w - wf[i]));
    const vac = n.vacancyHeld ? sum(gone) : 0;
    // Reconcile: commitments as weights where every free child commits.
    const free = real.map((_, i) => held[i] === 0);
    const commit = real.map((k) => k.figures[ty.index].bottomUp);
    const committed = real.filter((_, i) => free[i] && commit[i] !== null).length;
    const freeCount = free.filter(Boolean).length;
    let mode: SplitMode = "topDown";
    if (reconcile !== "topDown" && committed > 0) {
      if (committed < freeCount) {
        const i = real.findIndex((_, j) => free[j] && commit[j] === null);
        problems.push(problemAt([...trees[real[i].index]!.source, "commitment"], "its siblings commit and the plan reconciles with commitments: give every child a commitment, or none", "同级已给出承诺且计划按承诺调和：请为每个下级给出承诺，或都不给"));
      } else mode = reconcile;
    }
    // Σ over the free parts (the held-by-manager row is free), in sibling order, as the sheet sums.
    let swf = 0;
    let sc = 0;
    real.forEach((_, i) => {
      if (free[i]) {
        swf += wf[i];
        sc += commit[i] ?? 0;
      }
    });
    if (n.vacancyHeld) swf += vac;
    const sw = real.map((_, i) => (mode === "topDown" ? wf[i] : mode === "commitments" ? (commit[i] ?? 0) : ((1 - blend) * wf[i]) / swf + (blend * (commit[i] ?? 0)) / sc));
    const weights = [...sw, ...(n.vacancyHeld ? [mode === "topDown" ? vac : mode === "commitments" ? 0 : ((1 - blend) * vac) / swf] : [])];
    const fixed = [...held, ...(n.vacancyHeld ? [0] : [])];
    // Can it split?
    const heldSum = sum(held);
    const amount = fig.handedDown!;
    const left = Math.abs(heldSum - amount) <= TOL * Math.max(1, amount, heldSum) ? 0 : amount - heldSum;
    if (!known) {
      // The node's own target could not be worked out: what its children hold is not compared with it.
    } else if (left < 0) {
      problems.push(problemAt([...t.source, "children"], `held amounts (${fmt(heldSum)}) exceed what ${n.name || "the node"} hands down (${fmt(amount)})`, `固定额合计（${fmt(heldSum)}）超过 ${n.name} 下达的合计（${fmt(amount)}）`));
    } else if (left > 0 && !fixed.some((h) => h === 0)) {
      problems.push(problemAt([...t.source, "children"], `every child is held and ${fmt(left)} is left to share`, `所有下级都已固定，还剩 ${fmt(left)} 未分配`));
    } else if (left > 0 && !weights.some((w, i) => fixed[i] === 0 && w > 0)) {
      problems.push(problemAt([...t.source, "children"], mode === "topDown" ? "every free child weighs 0, so nothing can take the target" : "the free children's commitments are all 0, so they cannot shape the split", mode === "topDown" ? "未固定下级的权重都是 0，目标无处分配" : "未固定下级的承诺都是 0，无法据此分解"));
    } else if (mode === "blend" && (swf === 0 || sc === 0) && left > 0) {
      problems.push(problemAt([...t.source, "children"], "a blend needs some top-down weight and some commitment", "混合调和需要既有自上而下的权重也有承诺"));
    }
    let amounts: number[];
    if (problems.length > before || !known) {
      amounts = weights.map(() => 0);
      for (const k of kids) unknown.add(`${k.index}:${ty.index}`);
    } else if (left < 0 || (left > 0 && !weights.some((w, i) => fixed[i] === 0 && w > 0))) amounts = weights.map(() => 0);
    else amounts = splitTotal(amount, [weights], { unit: ty.roundTo, fixed: [fixed] })[0];
    fig.mode = mode;
    fig.percent = n.basis === "percent" && ownPercent;
    kids.forEach((k, i) => {
      const kf = k.figures[ty.index];
      kf.annual = amounts[i];
      if (k.vacancy) {
        kf.splitWeight = weights[i];
        return;
      }
      kf.weight = raw[i];
      kf.sharedWeight = !ty.primary && entries[i].shared === true;
      kf.rest = i === restAt;
      kf.factor = factor[i];
      kf.splitWeight = sw[i];
      kf.held = held[i];
    });
  }

  return { cascade: c, types, nodes, season, threshold, reconcile, blend, maxDepth };
}

/** The share of a year's month weights from `start` (1–12) on, summed as the sheet's SUMPRODUCT does. */
export function prorate(weights: readonly number[], start: number): number {
  let from = 0;
  for (let m = 0; m < 12; m++) from += (m + 1 >= start ? 1 : 0) * weights[m];
  return from / sum(weights);
}

/** A node's twelve months of one numeric type: its annual by its month weights from its start month on, null before. */
function monthsOf(n: CascadeNode, annual: number, ty: CascadeType, problems: PlanProblem[]): (number | null)[] {
  const from = n.startMonth - 1;
  const w = n.monthWeights.slice(from);
  if (annual > 0 && !w.some((x) => x > 0)) {
    problems.push(
      problemAt(n.ownMonths ? [...n.source, "lastYearMonths"] : ["cascade", "seasonality"], `the months ${n.name ? `of ${n.name} ` : ""}all weigh 0, so its year cannot be split`, `${n.name}的各月权重都是 0，全年目标无法分到各月`),
    );
    return [...new Array<null>(from).fill(null), ...w.map(() => 0)];
  }
  const parts = splitTotal(annual, [w], { unit: ty.roundTo })[0];
  return [...new Array<null>(from).fill(null), ...parts];
}

/**
 * The node at a path of names below the top (`[]`: the top).
 * @example nodeAt(result, ["华东", "华东一组"])?.figures[0].annual
 */
export function nodeAt(result: CascadeResult, path: readonly string[]): CascadeNode | undefined {
  let n: CascadeNode | undefined = result.nodes[0];
  for (const name of path) {
    n = n?.children.map((k) => result.nodes[k]).find((k) => !k.vacancy && k.name === name);
    if (!n) return undefined;
  }
  return n;
}

/**
 * The nodes at one level: a level label (as in `cascade.levels` or a node's `level`), a
 * depth ("2", or 2: the top's children are 1), or "person" / "people" for every person.
 * @example nodesAtLevel(result, "区域").map((n) => n.name) // ["华东", "华南", "华北", "其他"]
 */
export function nodesAtLevel(result: CascadeResult, level: string | number): CascadeNode[] {
  const real = result.nodes.filter((n) => !n.vacancy);
  if (typeof level === "number" || /^\d+$/.test(level)) return real.filter((n) => n.depth === Number(level));
  const byLabel = real.filter((n) => n.level === level);
  if (byLabel.length) return byLabel;
  if (level === "person" || level === "people") return real.filter((n) => n.person);
  return [];
}

/** The level labels a plan's cascade uses, top first (for messages listing what `--per` takes). */
export function cascadeLevelLabels(result: CascadeResult): string[] {
  const out: string[] = [];
  for (const n of result.nodes) if (!n.vacancy && n.level !== undefined && !out.includes(n.level)) out.push(n.level);
  return out;
}
