/**
 * The decomposition's numbers for one build, worked out once per split. `resolveSplit`
 * splits a whole dimension each time it is asked, so 5,000 people each taking their target
 * from a 5,000-member split would split it 5,000 times (O(n²): 45 s measured); through this
 * cache each split is resolved once and each member found by name in a map.
 *
 * It gives exactly what `memberAmount` and `monthlyTargets` of `./plan` give (a test holds
 * the two equal); use one cache per build of one plan, and do not change the plan meanwhile.
 */
import { splitTotal } from "../core/split";
import { type Plan, type ResolvedSplit, type TargetRef, type TrackingRow, monthlyTargets, resolveSplit } from "./plan";

/** A build's view of the decomposition: each split resolved once, members found by name. */
export class SplitCache {
  private readonly splits = new Map<string, ResolvedSplit>();
  private readonly positions = new Map<string, Map<string, number>>();

  /** @param plan - the validated plan the sheets are built from */
  constructor(readonly plan: Plan) {}

  /**
   * The split with its amounts in display units, as `resolveSplit` gives it, resolved once.
   * @example new SplitCache(seedPlan).split("quarter").amounts // [3000, 3600, 3000, 2400]
   */
  split(id: string): ResolvedSplit {
    let r = this.splits.get(id);
    if (r === undefined) {
      r = resolveSplit(this.plan, id);
      this.splits.set(id, r);
    }
    return r;
  }

  /**
   * A member's annual amount in display units, as `memberAmount` gives it.
   * @throws Error when the split has no such member
   * @example new SplitCache(seedPlan).memberAmount({ split: "region", member: "华东" }) // 4800
   */
  memberAmount(ref: TargetRef): number {
    const r = this.split(ref.split);
    let pos = this.positions.get(ref.split);
    if (pos === undefined) {
      pos = new Map();
      // The first of equal names, as indexOf finds it.
      r.names.forEach((name, k) => {
        if (!pos!.has(name)) pos!.set(name, k);
      });
      this.positions.set(ref.split, pos);
    }
    const k = pos.get(ref.member ?? "");
    if (k === undefined) throw new Error(`no member "${ref.member}" in split "${ref.split}"`);
    return r.amounts[k];
  }

  /**
   * A tracking row's twelve monthly targets in display units, as `monthlyTargets` gives them;
   * a row taking a member's amount reads it from the cache (the rest is `monthlyTargets` itself).
   * @example new SplitCache(seedPlan).monthlyTargets({ name: "新客户", format: "count", target: { from: { split: "newCustomers" } } })
   *   // [7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6]
   */
  monthlyTargets(row: TrackingRow): (number | null)[] {
    const t = row.target;
    if (!("from" in t) || t.from.member === undefined) return monthlyTargets(this.plan, row);
    // As monthlyTargets: the annual amount split over the months in proportion to the month
    // split `months` (default even), rounded to its roundTo (default the plan's for amounts,
    // 1 for counts, exact for percentages).
    const format = row.format ?? "amount";
    const annual = this.memberAmount(t.from);
    const profile = row.months !== undefined ? (this.plan.splits ?? []).find((s) => s.id === row.months) : undefined;
    const weights = profile ? this.split(profile.id).amounts : new Array<number>(12).fill(1);
    const roundTo = profile?.roundTo ?? (format === "amount" ? (this.plan.roundTo ?? 1) : format === "count" ? 1 : 0);
    return splitTotal(annual, [weights], { unit: roundTo })[0];
  }
}
