/**
 * Per-member plans for `build --per <dimension>`: each member (a rep, a region) gets a plan
 * holding only their own numbers — their total, their own time splits, their tracking rows,
 * their scorecard row — and nothing about the other members, with the numbers equal to the
 * whole plan's.
 */
import {
  type Plan,
  type ResolvedGrid,
  type ResolvedSplit,
  type ScorePerson,
  type Split,
  type TargetRef,
  type TrackingRow,
  memberAmount,
  monthlyTargets,
  resolveGrid,
  resolveSplit,
} from "./plan";

/**
 * What {@link planForMember} works out from the whole plan. Each call works a whole split or
 * grid out (all its members); a `build --per` of n members passes one set that remembers
 * them, so the n plans cost O(n), not O(n²).
 */
export interface PlanLookups {
  split(id: string): ResolvedSplit;
  grid(id: string): ResolvedGrid;
  monthlyTargets(row: TrackingRow): (number | null)[];
  /** A member's amount in display units (as `memberAmount` of ./plan). */
  memberAmount(ref: TargetRef): number;
  /** The tracking rows that are `member`'s along `splitId` ({@link rowMember}), in order. */
  trackingRows(splitId: string, member: string): TrackingRow[];
  /** The first person on the scorecard called `name`. */
  scorePerson(name: string): ScorePerson | undefined;
}

/**
 * The member a tracking row belongs to along a split: the member its target is taken from
 * when it is taken from that split, else the person or indicator the row is named after.
 */
export function rowMember(row: TrackingRow, splitId: string): string | undefined {
  return "from" in row.target && row.target.from.split === splitId ? row.target.from.member : row.name;
}

/** Lookups that work everything out again each time (one member). */
const direct = (plan: Plan): PlanLookups => ({
  split: (id) => resolveSplit(plan, id),
  grid: (id) => resolveGrid(plan, id),
  monthlyTargets: (row) => monthlyTargets(plan, row),
  memberAmount: (ref) => memberAmount(plan, ref),
  trackingRows: (splitId, member) => (plan.tracking?.rows ?? []).filter((r) => rowMember(r, splitId) === member),
  scorePerson: (name) => (plan.scorecard?.people ?? []).find((p) => p.name === name),
});

/**
 * The split a `--per` dimension names: a split id, else the first split of that kind
 * ("person", "region", …).
 * @example dimensionSplit(seedPlan, "region")?.id // "region"
 */
export function dimensionSplit(plan: Plan, dimension: string): Split | undefined {
  const splits = plan.splits ?? [];
  return splits.find((s) => s.id === dimension) ?? splits.find((s) => s.kind === dimension && s.withinQuarters === undefined);
}

/** Time splits run along the year; a member keeps them (of their own total). */
const isTime = (s: Split) => s.kind === "quarter" || s.kind === "month";

/**
 * The plan one member of a dimension gets:
 * - the total is the member's amount in the whole plan; last year's figures go;
 * - a split crossed with the dimension in a grid becomes a split of the member's total with
 *   the member's grid row (or column) as weights, so the amounts equal the grid's;
 * - other time splits (quarters, months) split the member's total with the same weights;
 *   splits of the whole company along other dimensions, and splits with their own totals, go;
 * - tracking keeps the rows whose target is this member (or that are named after them),
 *   with their twelve monthly targets as worked out in the whole plan;
 * - the scorecard keeps the KPIs, bands and commission and only this member's row, with a
 *   revenue target from the split as a number — when the member is scored: a person on the
 *   scorecard, or a member of a person split (a blank row when the scorecard lists them not);
 *   a region's or product line's plan has no scorecard.
 *
 * @param plan - a validated plan
 * @param splitId - the dimension's split
 * @param member - one of its members
 * @param lookups - the whole plan's splits and grids, worked out (default: worked out here)
 * @returns a plan that validates on its own
 * @example planForMember(seedPlan, "region", "华东").total // 48000000
 */
export function planForMember(plan: Plan, splitId: string, member: string, lookups: PlanLookups = direct(plan)): Plan {
  const dim = lookups.split(splitId);
  const k = dim.names.indexOf(member);
  if (k < 0) throw new Error(`no member "${member}" in split "${splitId}"`);
  const toYuan = (x: number, scale: number) => (scale === 1 ? x : Number((x * scale).toPrecision(15)));
  const total = toYuan(dim.amounts[k], dim.scale);
  const count = (dim.split.measure ?? "amount") === "count";

  const splits: Split[] = [];
  const crossed = new Map<string, { weights: number[]; roundTo: number }>();
  for (const g of plan.grids ?? []) {
    if (g.rows !== splitId && g.columns !== splitId) continue;
    const G = lookups.grid(g.id);
    const other = g.rows === splitId ? g.columns : g.rows;
    crossed.set(other, { weights: g.rows === splitId ? G.values[k].slice() : G.values.map((row) => row[k]), roundTo: G.roundTo });
  }
  for (const s of plan.splits ?? []) {
    if (s.id === splitId) continue;
    const sameMeasure = (s.measure ?? "amount") === (dim.split.measure ?? "amount");
    const x = crossed.get(s.id);
    if (x && sameMeasure) {
      const names = lookups.split(s.id).names;
      splits.push({
        id: s.id,
        ...(s.name !== undefined ? { name: s.name } : {}),
        kind: s.kind,
        basis: "weights",
        ...(s.measure !== undefined ? { measure: s.measure } : {}),
        roundTo: x.roundTo,
        members: names.map((name, i) => ({ name, weight: x.weights[i], ...(s.members?.[i]?.note ? { note: s.members[i].note } : {}) })),
      });
    } else if (isTime(s) && sameMeasure && s.total === undefined && !count) {
      const { members, ...rest } = s;
      splits.push({
        ...rest,
        ...(members ? { members: members.map((m) => withoutKeys(m, ["held"])) } : {}),
      });
    }
  }
  // A month split within a quarter split that did not survive goes too.
  const kept = new Set(splits.map((s) => s.id));
  const finalSplits = splits.filter((s) => s.withinQuarters === undefined || kept.has(s.withinQuarters));

  const out: Plan = {
    ...(plan.$schema !== undefined ? { $schema: plan.$schema } : {}),
    ...(plan.version !== undefined ? { version: plan.version } : {}),
    title: `${plan.title} · ${member}`,
    ...(plan.currency !== undefined ? { currency: plan.currency } : {}),
    ...(plan.unit !== undefined ? { unit: plan.unit } : {}),
    ...(plan.roundTo !== undefined ? { roundTo: plan.roundTo } : {}),
    year: plan.year,
    ...(count ? {} : { total }),
    ...(finalSplits.length ? { splits: finalSplits } : {}),
  };

  if (plan.tracking) {
    const rows: TrackingRow[] = [];
    for (const r of lookups.trackingRows(splitId, member)) {
      const format = r.format ?? "amount";
      const scale = format === "amount" ? dim.scale : 1;
      const targets = lookups.monthlyTargets(r).map((t) => (t === null ? null : toYuan(t, scale)));
      rows.push({ ...withoutKeys(r, ["months", "target"]), target: { monthly: targets } });
    }
    if (rows.length) out.tracking = { ...plan.tracking, rows };
  }

  // A scorecard row only for someone who is scored: a person on the plan's scorecard, or a
  // member of a person split (a rep the scorecard does not list yet gets a blank row). A
  // region or a product line is nobody's scorecard row, so its file has no scorecard.
  const own = plan.scorecard ? lookups.scorePerson(member) : undefined;
  if (plan.scorecard && (own || dim.split.kind === "person")) {
    const sc = plan.scorecard;
    const person: ScorePerson = own ? { ...own } : { name: member };
    if (person.revenueTarget !== undefined && typeof person.revenueTarget === "object") {
      const ref = person.revenueTarget;
      person.revenueTarget = toYuan(lookups.memberAmount(ref), lookups.split(ref.split).scale);
    }
    if (sc.commission && person.revenueTarget === undefined && (dim.split.measure ?? "amount") === "amount") person.revenueTarget = total;
    // The annual bonus's target likewise: in 元, from the decomposition, or the member's own total.
    if (person.annualTarget !== undefined && typeof person.annualTarget === "object") {
      const ref = person.annualTarget;
      person.annualTarget = toYuan(lookups.memberAmount(ref), lookups.split(ref.split).scale);
    }
    if (sc.annualBonus && person.annualTarget === undefined && (dim.split.measure ?? "amount") === "amount") person.annualTarget = total;
    out.scorecard = { ...sc, people: [person] };
  }
  return out;
}

/** A copy of `o` without the given keys. */
function withoutKeys<T extends object, K extends keyof T>(o: T, keys: K[]): Omit<T, K> {
  const copy = { ...o };
  for (const k of keys) delete copy[k];
  return copy;
}
