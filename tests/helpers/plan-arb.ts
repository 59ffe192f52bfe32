/**
 * Random plans for properties (fast-check): every feature a sheet builder reads, so that a
 * property over them reaches every kind of formula and check the builders write.
 *
 * - splits of members by weights, percentages (with a rest member), last year's figures or
 *   evenly, with held members, counts with their own total, their own rounding;
 * - a quarter split and a month split, plain or within the quarters;
 * - grids crossing a member split with the quarters or another split, with or without a seed;
 * - tracking rows with every kind of target (annual, each, monthly, from a split's member or
 *   the month split), month profiles, actuals with gaps, both directions, their own lines;
 * - a scorecard with rules, caps and floors, both directions, people with revenue targets
 *   (numbers or a split's member), bands and commission tiers in both modes, with a cap.
 *
 * The plans are JSON as a planner writes it and are not always valid: callers run
 * `validatePlan` and skip what it refuses (and count what they built).
 */
import fc from "fast-check";

const KINDS = ["region", "product", "channel", "team", "person", "other"] as const;
const RULES = [
  undefined,
  "每超1%加0.5分,每低1%扣1分",
  "每低5%扣5分",
  "每少5家扣3分,不足一档按一档计",
  "每超1个加2分,最高25分",
  "-2 per 5 pp under; pro rata",
  "低于60%不得分,每低1%扣1分",
  "+0.5 per 1% over; -1 per 1% under; max 80",
];

const member = fc.record({
  weight: fc.integer({ min: 0, max: 40 }),
  lastYear: fc.integer({ min: 0, max: 900 }),
  /** Held: this many thousandths of the split's total. */
  held: fc.oneof(fc.constant(undefined), fc.constant(undefined), fc.constant(undefined), fc.integer({ min: 1, max: 120 })),
  note: fc.option(fc.constantFrom("new", "=1+1", "备注"), { nil: undefined }),
});

const split = fc.record({
  kind: fc.constantFrom(...KINDS),
  basis: fc.constantFrom("weights", "weights", "percent", "lastYear", "even"),
  members: fc.array(member, { minLength: 1, maxLength: 6 }),
  rest: fc.boolean(),
  count: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined, freq: 4 }),
  roundTo: fc.option(fc.constantFrom(0, 1, 0.5, 10), { nil: undefined, freq: 3 }),
});

const trackingRow = fc.record({
  target: fc.oneof(
    fc.record({ annual: fc.integer({ min: 0, max: 2e7 }) }),
    fc.record({ each: fc.constantFrom(0.08, 0.95, 12) }),
    fc.constant("zero" as const),
    fc.record({ monthly: fc.array(fc.option(fc.integer({ min: 0, max: 900 }), { nil: null, freq: 6 }), { minLength: 12, maxLength: 12 }) }),
    fc.constant("member" as const),
    fc.constant("months" as const),
  ),
  profile: fc.boolean(),
  actuals: fc.option(fc.array(fc.option(fc.integer({ min: 0, max: 2e6 }), { nil: null, freq: 3 }), { minLength: 12, maxLength: 12 }), { nil: undefined }),
  direction: fc.constantFrom(undefined, "higher", "lower"),
  lines: fc.option(fc.tuple(fc.constantFrom(0.8, 0.9, 1, 1.1), fc.constantFrom(0, 0.05, 0.2)), { nil: undefined }),
  format: fc.constantFrom(undefined, "amount", "percent", "count"),
  aggregate: fc.constantFrom(undefined, undefined, "sum", "average"),
});

const kpi = fc.record({
  rule: fc.constantFrom(...RULES),
  target: fc.constantFrom(1, 0.95, 20, 12, 85),
  direction: fc.constantFrom(undefined, "lower"),
  cap: fc.option(fc.constantFrom(15, 30, 45, 60), { nil: undefined, freq: 3 }),
  floor: fc.option(fc.constantFrom(-10, 0, 5, 12), { nil: undefined, freq: 3 }),
});

const person = fc.record({
  actuals: fc.array(fc.option(fc.double({ min: 0, max: 40, noNaN: true }), { nil: null, freq: 5 }), { minLength: 4, maxLength: 4 }),
  revenue: fc.option(fc.integer({ min: 0, max: 3_000_000 }), { nil: null, freq: 5 }),
  target: fc.oneof(fc.constant(1_000_000), fc.integer({ min: 1, max: 2_000_000 }), fc.constant("member" as const)),
});

/** The raw draws a plan is made of (see {@link planArb}). */
const draws = fc.record({
  total: fc.oneof(fc.integer({ min: 1e6, max: 1e9 }), fc.integer({ min: 1000, max: 5000 }), fc.constant(0)),
  lastYear: fc.option(fc.record({ total: fc.integer({ min: 1e6, max: 1e9 }), growth: fc.constantFrom(0, 0.2, -0.1) }), { nil: undefined, freq: 3 }),
  headcount: fc.option(fc.record({ lastYear: fc.integer({ min: 1, max: 40 }), planned: fc.integer({ min: 1, max: 40 }) }), { nil: undefined, freq: 3 }),
  unit: fc.constantFrom("元", "万元", "亿元"),
  roundTo: fc.constantFrom(0, 1, 0.01, 10),
  splits: fc.array(split, { minLength: 1, maxLength: 3 }),
  quarters: fc.option(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 4 }), { nil: undefined, freq: 4 }),
  months: fc.constantFrom("none", "even", "weights", "withinQuarters"),
  monthWeights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 12, maxLength: 12 }),
  grid: fc.constantFrom("none", "quarters", "splits"),
  gridSeed: fc.boolean(),
  gridRound: fc.option(fc.constantFrom(0, 1, 10), { nil: undefined, freq: 3 }),
  tracking: fc.array(trackingRow, { maxLength: 4 }),
  asOf: fc.constantFrom("2025-01-01", "2025-03-31", "2025-06-15", "2025-12-31"),
  kpis: fc.array(kpi, { maxLength: 4 }),
  people: fc.array(person, { maxLength: 4 }),
  bands: fc.boolean(),
  commission: fc.option(fc.record({ mode: fc.constantFrom("marginal", "whole"), cap: fc.option(fc.integer({ min: 1000, max: 40000 }), { nil: undefined }) }), { nil: undefined, freq: 2 }),
});

type Draws = typeof draws extends fc.Arbitrary<infer T> ? T : never;

/** The plan JSON from the draws (see the file's comment for what it holds). */
function planOf(d: Draws): Record<string, unknown> {
  const planTotal = d.lastYear ? d.lastYear.total * (1 + d.lastYear.growth) : d.total;
  const splits: Record<string, unknown>[] = d.splits.map((s, i) => {
    const n = s.members.length;
    // The first split is an amount split (grids, tracking rows and revenue targets read it).
    const count = i > 0 ? s.count : undefined;
    const total = count ?? planTotal;
    const members = s.members.map((m, k) => {
      const out: Record<string, unknown> = { name: `m${i}.${k}` };
      if (s.basis === "percent") {
        if (s.rest && k === n - 1) out.rest = true;
        else out.weight = Math.min(m.weight, Math.floor(100 / n));
      } else if (s.basis === "lastYear") out.lastYear = m.lastYear;
      else if (s.basis === "weights") out.weight = m.weight;
      const held = m.held === undefined ? 0 : Math.floor((total * m.held) / 1000);
      if (held > 0 && !out.rest) out.held = held;
      if (m.note !== undefined) out.note = m.note;
      return out;
    });
    // Percentages without a rest member: the free ones add up to 100, the last free one taking what the others leave.
    const free = members.filter((m) => m.held === undefined);
    if (s.basis === "percent" && !s.rest && free.length > 0) free[free.length - 1].weight = 100 - free.slice(0, -1).reduce((a, m) => a + ((m.weight as number) ?? 0), 0);
    return {
      id: `s${i}`,
      kind: s.kind,
      name: `Split ${i}`,
      basis: s.basis,
      members,
      ...(count !== undefined ? { measure: "count", total: count } : {}),
      ...(s.roundTo !== undefined ? { roundTo: s.roundTo } : {}),
    };
  });
  if (d.quarters) splits.push({ id: "q", kind: "quarter", members: d.quarters.map((w, k) => ({ name: `Q${k + 1}`, weight: w })) });
  const monthsWanted = d.months !== "none" && (d.months !== "withinQuarters" || d.quarters !== undefined);
  if (monthsWanted) {
    const m: Record<string, unknown> = { id: "m", kind: "month" };
    if (d.months === "weights" || d.months === "withinQuarters") m.members = d.monthWeights.map((w, k) => ({ name: `M${k + 1}`, weight: w }));
    if (d.months === "withinQuarters") m.withinQuarters = "q";
    splits.push(m);
  }
  const grids: Record<string, unknown>[] = [];
  const rows = d.splits[0];
  if (d.grid === "quarters" && d.quarters) {
    grids.push({ id: "g", rows: "s0", columns: "q", ...(d.gridSeed ? { seed: rows.members.map((_, i) => [1 + (i % 3), 2, 1, i % 2]) } : {}), ...(d.gridRound !== undefined ? { roundTo: d.gridRound } : {}) });
  } else if (d.grid === "splits" && d.splits.length > 1 && splits[1].measure === undefined) {
    const cols = d.splits[1];
    grids.push({ id: "g", rows: "s0", columns: "s1", ...(d.gridSeed ? { seed: rows.members.map((_, i) => cols.members.map((__, j) => 1 + ((i + j) % 3))) } : {}), ...(d.gridRound !== undefined ? { roundTo: d.gridRound } : {}) });
  }
  const firstMember = "m0.0";
  const tracking = d.tracking.map((t, i) => {
    const row: Record<string, unknown> = { name: `row ${i}` };
    const fromSplit = t.target === "member" || (t.target === "months" && monthsWanted);
    if (t.target === "member") row.target = { from: { split: "s0", member: firstMember } };
    else if (t.target === "months") row.target = monthsWanted ? { from: { split: "m" } } : { annual: 1200 };
    else if (t.target === "zero") row.target = { each: 0 };
    else row.target = t.target;
    // A zero target is reachable only when lower is better.
    const direction = t.target === "zero" ? "lower" : t.direction;
    if (t.profile && monthsWanted && ("annual" in (row.target as object) || t.target === "member")) row.months = "m";
    if (t.actuals) row.actuals = t.actuals;
    if (direction) row.direction = direction;
    if (t.lines) {
      row.greenAt = t.lines[0];
      row.yellowAt = Math.max(0, t.lines[0] - t.lines[1]);
    }
    // A target from the decomposition is an amount, as the split is.
    if (t.format && !(fromSplit && t.format !== "amount")) row.format = t.format;
    if (t.aggregate) row.aggregate = t.aggregate;
    return row;
  });
  const k = d.kpis.length;
  const weights = d.kpis.map((_, i) => (i === k - 1 ? 100 - Math.floor(100 / k) * (k - 1) : Math.floor(100 / k)));
  const scorecard =
    k === 0
      ? undefined
      : {
          kpis: d.kpis.map((x, i) => ({
            id: `k${i}`,
            name: `KPI ${i}`,
            weight: weights[i],
            target: x.target,
            ...(x.rule !== undefined ? { rule: x.rule } : {}),
            ...(x.direction !== undefined ? { direction: x.direction } : {}),
            ...(x.cap !== undefined ? { cap: x.cap } : {}),
            ...(x.floor !== undefined ? { floor: x.floor } : {}),
          })),
          people: d.people.map((p, j) => ({
            name: `Rep ${j}`,
            actuals: Object.fromEntries(d.kpis.map((_, i) => [`k${i}`, p.actuals[i]])),
            revenue: p.revenue,
            revenueTarget: p.target === "member" ? { split: "s0", member: firstMember } : p.target,
          })),
          ...(d.bands ? { bands: [{ from: 90, pays: 1.2 }, { from: 70, pays: 0.8 }, { from: 80, pays: 1 }] } : {}),
          ...(d.commission ? { commission: { tiers: [{ from: 1, rate: 0.02 }, { from: 0, rate: 0.015 }, { from: 1.5, rate: 0.03 }], mode: d.commission.mode, ...(d.commission.cap !== undefined ? { cap: d.commission.cap } : {}) } } : {}),
        };
  const total = planTotal;
  return {
    title: "random plan",
    year: 2025,
    ...(d.lastYear ? { lastYear: d.lastYear } : { total: d.total }),
    ...(d.headcount && total > 0 ? { headcount: d.headcount } : {}),
    unit: d.unit,
    roundTo: d.roundTo,
    splits,
    ...(grids.length ? { grids } : {}),
    ...(tracking.length ? { tracking: { asOf: d.asOf, rows: tracking } } : {}),
    ...(scorecard ? { scorecard } : {}),
  };
}

/** A random plan (JSON, possibly invalid: validate it). */
export const planArb: fc.Arbitrary<Record<string, unknown>> = draws.map(planOf);

/** A random quarterly split input (without language and placement). */
export const quarterlyArb = fc.record({
  annual: fc.array(fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, 1, 3, 7, 15, 80)), { minLength: 1, maxLength: 5 }),
  weights: fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0.1, 0.2, 0.3, 1 / 3)), { minLength: 4, maxLength: 4 }).filter((w) => w.some((x) => x > 0)),
  monthWeights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 12, maxLength: 12 }),
  unit: fc.constantFrom(0, 1, 10, 10000, 0.01, 0.5),
  months: fc.boolean(),
  place: fc.oneof(fc.constant({}), fc.record({ existingSheet: fc.constant("Data"), origin: fc.constantFrom("B2", "J3") }), fc.record({ existingSheet: fc.constant("Data"), alignTo: fc.constantFrom("D1", "D2", "C4") })),
});
