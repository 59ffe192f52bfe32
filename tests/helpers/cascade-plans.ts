/**
 * Cascade plans for tests and the bench: random trees from a seed (every basis, held
 * amounts, buffers, late starters with their months held or shared, own months, commitments
 * and each way to reconcile), and a big company of N people in four levels.
 */
import type { CascadeNodeInput } from "../../src/sheets/cascade-plan";
import type { Plan } from "../../src/sheets/plan";

/** A small deterministic PRNG (mulberry32): the same seed, the same plan. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a random cascade may hold. */
export interface RandomCascadeOptions {
  /** Deepest depth (the top is 0); default 1–5 at random. */
  depth?: number;
  /** Most children a node has; default 4. */
  maxChildren?: number;
  /** Unit the plan shows (default: 元 or 万元 at random). */
  unit?: "元" | "万元";
  /**
   * A tracking sheet that follows the tree (`cascade.tracking`: a level by depth or label,
   * or the default; an as-of date; its own lines sometimes) and people's actuals, drawn from a
   * stream of their own so that the tree a seed gives stays the same with or without them.
   */
  tracking?: boolean;
}

/**
 * A random valid cascade plan: a tree of random depth, each node's children split by a random
 * basis, some held (small amounts, never all), buffers 0–20 %, late starters, own months,
 * commitments, a count and a rate beside the amount, and a random way to reconcile.
 * @example validatePlan(randomCascadePlan(7)).ok // true
 */
export function randomCascadePlan(seed: number, options: RandomCascadeOptions = {}): Plan {
  const rnd = prng(seed);
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const depth = options.depth ?? int(1, 5);
  const maxChildren = options.maxChildren ?? 4;
  const unit = options.unit ?? pick(["元", "万元"] as const);
  const total = int(1, 2000) * (unit === "万元" ? 100000 : 1000) + (rnd() < 0.3 ? int(0, 9999) : 0);
  const reconcile = pick(["topDown", "topDown", "commitments", "blend"] as const);
  let serial = 0;
  const node = (d: number, small: number): CascadeNodeInput => {
    const name = `N${serial++}`;
    if (d === depth || (d > 0 && rnd() < 0.15)) {
      // A person.
      const p: CascadeNodeInput = { name };
      if (rnd() < 0.25) p.startMonth = int(2, 12);
      if (rnd() < 0.15) p.lastYearMonths = Array.from({ length: 12 }, () => int(0, 50) * 1000 + (rnd() < 0.2 ? 0 : 1000));
      return p;
    }
    const k = int(1, maxChildren);
    const basis = pick(["weights", "percent", "lastYear", "even"] as const);
    const children = Array.from({ length: k }, () => node(d + 1, small / 10));
    // Percentages: integers adding up to 100, or one rest.
    const rest = basis === "percent" && k > 1 && rnd() < 0.4 ? int(0, k - 1) : -1;
    let left = 100;
    children.forEach((c, i) => {
      if (basis === "weights") c.weight = pick([0.5, 1, 1.2, 2, 3, 7, 25, 40]);
      if (basis === "lastYear") c.lastYear = int(1, 500) * 10000;
      if (basis === "percent") {
        if (i === rest) c.rest = true;
        else if (i === k - 1 && rest < 0) c.weight = left;
        else {
          const w = Math.min(left, int(0, Math.floor(100 / k) + 5));
          c.weight = w;
          left -= w;
        }
      }
    });
    // Held: a small amount on one child when there are others to share the rest.
    if (k > 1 && (basis !== "percent" || rest >= 0) && rnd() < 0.3) {
      const h = int(0, k - 1);
      if (h !== rest) children[h].held = Math.max(1, Math.floor(small * rnd()));
    }
    const n: CascadeNodeInput = { name, basis, children };
    if (rnd() < 0.6) n.buffer = pick([0, 0.05, 0.1, 0.15, 0.2]);
    if (rnd() < 0.5) n.vacancy = pick(["others", "held"] as const);
    return n;
  };
  const root = node(0, total / 20);
  // Commitments: on every free child of some nodes (what reconciling needs), or on none.
  const commit = (n: CascadeNodeInput) => {
    const kids = n.children ?? [];
    if (kids.length && rnd() < 0.5) for (const c of kids) if (!c.held) c.commitment = int(1, 1000) * (unit === "万元" ? 10000 : 100);
    kids.forEach(commit);
  };
  commit(root);
  // Reconciling needs every free child of a node to commit where one does: fill the gaps,
  // bottom up (a node commits when it says so, or when all its children do).
  const commits = (n: CascadeNodeInput): boolean => {
    const kids = n.children ?? [];
    const has = kids.map(commits);
    if (reconcile !== "topDown" && has.some((h, i) => h && !kids[i].held)) {
      kids.forEach((c, i) => {
        if (!has[i] && !c.held) {
          c.commitment = int(1, 1000) * (unit === "万元" ? 10000 : 100);
          has[i] = true;
        }
      });
    }
    return n.commitment !== undefined || (kids.length > 0 && has.every(Boolean));
  };
  commits(root);
  const levels = ["Company", "Division", "Region", "Team", "Group", "Person"].slice(0, depth + 1);
  const tracking = options.tracking ? trackingOf(prng(seed ^ 0x5bd1e995), root, depth, levels) : undefined;
  return {
    title: `Random cascade ${seed}`,
    year: 2025,
    unit,
    roundTo: pick([1, 1, 1, 0, 0.01]),
    total,
    cascade: {
      levels,
      targets: [
        { id: "sales", name: "Sales", kind: "amount" },
        { id: "customers", name: "New customers", kind: "count", total: int(0, 300), ...(rnd() < 0.3 ? { buffered: true } : {}) },
        { id: "collection", name: "Collection", kind: "rate", value: 0.95 },
      ],
      ...(rnd() < 0.5 ? { buffer: pick([0, 0.1, 0.2]) } : {}),
      seasonality: pick([{ quarters: [25, 30, 25, 20] }, { months: Array.from({ length: 12 }, () => int(1, 9)) }, { quarters: [1, 1, 1, 1] }]),
      commitments: { threshold: 0.1, reconcile, ...(reconcile === "blend" ? { blend: pick([0.25, 0.5, 0.8]) } : {}) },
      ...(tracking ? { tracking } : {}),
      root,
    },
  };
}

/**
 * The tracking settings of a random cascade, with monthly actuals (some months blank) typed for
 * some of its people.
 */
function trackingOf(rnd: () => number, root: CascadeNodeInput, depth: number, levels: string[]): Record<string, unknown> {
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const walk = (n: CascadeNodeInput) => {
    if (!n.children?.length) {
      if (rnd() < 0.7) n.actuals = Array.from({ length: 12 }, (_, m) => (m < 6 && rnd() < 0.8 ? int(0, 500) * 100 : null));
    } else n.children.forEach(walk);
  };
  walk(root);
  const at = depth > 1 ? int(1, depth - 1) : 1;
  const level = rnd() < 0.3 ? undefined : rnd() < 0.5 ? at : levels[at];
  return {
    ...(level !== undefined ? { level } : {}),
    asOf: rnd() < 0.5 ? "2025-06-30" : "2025-03-15",
    ...(rnd() < 0.3 ? { greenAt: 1.05, yellowAt: 0.85 } : {}),
  };
}

/**
 * A company of `people` people in four levels: the top, regions, teams of about 20, people;
 * 10 % buffers below the top, one new starter in ten (their months held in every other
 * team), commitments in one team of three, a count and a rate beside the amount.
 * @example bigCascadePlan(5000).cascade?.root?.children?.length // 10
 */
export function bigCascadePlan(people: number, options: { letters?: "all" | "people" | "managers" | "none" } = {}): Plan {
  const regions = Math.max(1, Math.round(people / 500));
  const teamSize = 20;
  const rnd = prng(people);
  let left = people;
  let t = 0;
  const regionNodes: CascadeNodeInput[] = [];
  for (let r = 0; r < regions; r++) {
    const inRegion = r === regions - 1 ? left : Math.round(people / regions);
    left -= inRegion;
    const teams: CascadeNodeInput[] = [];
    for (let done = 0; done < inRegion; t++) {
      const n = Math.min(teamSize, inRegion - done);
      const members: CascadeNodeInput[] = Array.from({ length: n }, (_, i) => {
        const p: CascadeNodeInput = { name: `R${r + 1}T${t + 1}P${i + 1}`, lastYear: Math.round(200000 + rnd() * 800000) };
        if (i % 10 === 9) p.startMonth = 1 + Math.ceil(rnd() * 11);
        if (t % 3 === 0) p.commitment = Math.round(300000 + rnd() * 900000);
        return p;
      });
      teams.push({ name: `R${r + 1}T${t + 1}`, owner: `R${r + 1}T${t + 1}P1`, weight: n, basis: "lastYear", ...(t % 2 === 0 ? { vacancy: "held" as const } : {}), children: members });
      done += n;
    }
    regionNodes.push({ name: `R${r + 1}`, owner: `Manager ${r + 1}`, weight: 1 + (r % 4), children: teams });
  }
  return {
    title: `Cascade of ${people}`,
    year: 2025,
    unit: "万元",
    roundTo: 1,
    total: people * 1000000,
    cascade: {
      levels: ["Company", "Region", "Team", "Person"],
      targets: [
        { id: "sales", name: "Sales", kind: "amount" },
        { id: "customers", name: "New customers", kind: "count", total: Math.round(people * 1.5) },
        { id: "collection", name: "Collection", kind: "rate", value: 0.95 },
      ],
      buffer: 0.1,
      seasonality: { quarters: [25, 30, 25, 20] },
      commitments: { threshold: 0.1 },
      ...(options.letters ? { letters: options.letters } : {}),
      root: { name: "Company", owner: "Sales director", buffer: 0, children: regionNodes },
    },
  };
}
