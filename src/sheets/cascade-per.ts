/**
 * One plan per node of a cascade (`build --per <level>`): a regional manager gets their
 * subtree, a person their own row — with their figures equal to the whole plan's and no one
 * else's names or numbers, in the sheets or in the stored plan.
 *
 * The node becomes the top of a cascade of its own: its targets become the types' totals
 * (its rates their values), what it inherited (deadline, owner, level labels, seasonality
 * from a split) is written out, its weight among its former siblings goes, and so do the
 * plan's company-wide parts — total, last year, headcount, splits, grids, tracking — and the
 * scorecard rows of people outside the subtree; the tree's scorecard keeps its level (a depth
 * counted from the new top).
 */
import { type CascadeResult, nodeAt, nodesAtLevel, resolveCascade } from "./cascade";
import { type Cascade, type CascadeNodeInput, type CascadeTarget, type CascadeTreeNode, cascadeTargets, cascadeTree, treeInput } from "./cascade-plan";
import type { Plan, ScorePerson } from "./plan";

/** `x` display units back to 元 without binary noise. */
const toYuan = (x: number, scale: number): number => (scale === 1 ? x : Number((x * scale).toPrecision(15)));

/**
 * The plan of one node: its subtree as a cascade of its own.
 *
 * @param plan - a validated plan with a cascade
 * @param path - the node's names below the top (`["华东"]`, `["华东", "华东一组", "王芳"]`)
 * @param result - the plan's cascade worked out (default: worked out here)
 * @returns a plan that validates on its own and gives the subtree the same figures
 * @throws Error when no node has that path
 * @example cascadePlanForNode(plan, ["华东"]).cascade?.targets?.[0].total // 48000000
 */
export function cascadePlanForNode(plan: Plan, path: readonly string[], result: CascadeResult = resolveCascade(plan)): Plan {
  const c = plan.cascade!;
  const node = nodeAt(result, path);
  if (!node) throw new Error(`no node ${path.join(" / ")}`);
  // The subtree as written (tree or list), found by its path.
  let sub: CascadeTreeNode = cascadeTree(plan);
  for (const name of path) sub = sub.children.find((k) => k.name === name)!;

  // The types: the node's figures become the top's.
  const targets: CascadeTarget[] = cascadeTargets(c).map((t, i) => {
    const ty = result.types[i];
    const fig = node.figures[i];
    if (!ty.numeric) return { ...t, value: fig.annual };
    return { ...t, total: toYuan(fig.annual, ty.scale) };
  });
  // The top node: what it inherited written out, its place among its old siblings gone.
  const top = treeInput(sub);
  const { weight: _w, lastYear: _l, held: _h, rest: _r, ...kept } = top;
  void [_w, _l, _h, _r];
  const entries = Object.fromEntries(
    Object.entries(kept.targets ?? {})
      .map(([id, e]) => {
        const { weight: _ew, lastYear: _el, held: _eh, rest: _er, value: _ev, ...rest } = e;
        void [_ew, _el, _eh, _er, _ev];
        return [id, rest] as const;
      })
      .filter(([, e]) => Object.keys(e).length > 0),
  );
  const root: CascadeNodeInput = {
    ...kept,
    deadline: node.deadline,
    ...(node.owner !== undefined ? { owner: node.owner } : {}),
    ...(node.level !== undefined ? { level: node.level } : {}),
    ...(!node.leaf ? { buffer: node.buffer, ...(node.vacancyHeld ? { vacancy: "held" as const } : { vacancy: "others" as const }) } : {}),
    ...(Object.keys(entries).length ? { targets: entries } : {}),
  };
  if (!Object.keys(entries).length) delete root.targets;
  const { root: _oldRoot, people: _p, groups: _g, levels, seasonality, ...settings } = c;
  void [_oldRoot, _p, _g];
  const cascade: Cascade = {
    ...settings,
    company: c.company ?? result.nodes[0].name,
    targets,
    ...(levels ? { levels: levels.slice(node.depth) } : {}),
    ...(seasonality ? { seasonality: "split" in seasonality ? { months: result.season.slice() } : seasonality } : {}),
    // A depth counts from the top: the node is the new top (a level above it: the node itself).
    ...(typeof settings.scorecard?.level === "number" ? { scorecard: { ...settings.scorecard, level: Math.max(0, settings.scorecard.level - node.depth) } } : {}),
    root,
  };

  // A scorecard keeps its rules and only the subtree's people.
  const inSubtree = new Set<string>();
  const walk = (n: CascadeTreeNode) => {
    inSubtree.add(n.name);
    n.children.forEach(walk);
  };
  walk(sub);
  const out: Plan = {
    ...(plan.$schema !== undefined ? { $schema: plan.$schema } : {}),
    ...(plan.version !== undefined ? { version: plan.version } : {}),
    title: `${plan.title} · ${node.name}`,
    ...(plan.currency !== undefined ? { currency: plan.currency } : {}),
    ...(plan.unit !== undefined ? { unit: plan.unit } : {}),
    ...(plan.roundTo !== undefined ? { roundTo: plan.roundTo } : {}),
    year: plan.year,
    cascade,
  };
  if (plan.scorecard) {
    const primary = result.types.find((t) => t.primary && t.kind === "amount");
    const people: ScorePerson[] = (plan.scorecard.people ?? [])
      .filter((p) => inSubtree.has(p.name))
      .map((p) => {
        if (p.revenueTarget === undefined || typeof p.revenueTarget === "number") return p;
        const { revenueTarget: _t, ...rest } = p;
        void _t;
        const mine = result.nodes.find((n) => n.name === p.name && (n === node || isBelow(result, n.index, node.index)));
        return mine && primary ? { ...rest, revenueTarget: toYuan(mine.figures[primary.index].annual, primary.scale) } : rest;
      });
    const { people: _all, ...rules } = plan.scorecard;
    void _all;
    out.scorecard = { ...rules, ...(people.length ? { people } : {}) };
  }
  return out;
}

/** Whether node `i` lies in the subtree of node `top`. */
function isBelow(result: CascadeResult, i: number, top: number): boolean {
  for (let p = result.nodes[i].parent; p >= 0; p = result.nodes[p].parent) if (p === top) return true;
  return false;
}

/**
 * One plan per node of a level (`--per <level>`): a level label, a depth, or "person".
 * Members are the nodes' names (their paths, joined with " · ", where names repeat).
 *
 * @param plan - a validated plan with a cascade
 * @param level - a level label (`区域`), a depth (`2`), or `person`
 * @returns one `{ member, path, plan }` per node of the level, in the tree's order; [] when the level has none
 * @example cascadeNodePlans(plan, "区域").map((x) => x.member) // ["华东", "华南", "华北", "其他"]
 */
export function cascadeNodePlans(plan: Plan, level: string): { member: string; path: string[]; plan: Plan }[] {
  const result = resolveCascade(plan);
  const nodes = nodesAtLevel(result, level);
  const seen = new Map<string, number>();
  for (const n of nodes) seen.set(n.name, (seen.get(n.name) ?? 0) + 1);
  return nodes.map((n) => ({ member: (seen.get(n.name) ?? 0) > 1 ? n.path.join(" · ") : n.name, path: n.path, plan: cascadePlanForNode(plan, n.path, result) }));
}
