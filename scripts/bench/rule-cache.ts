/**
 * Bench section "rule-cache": the memory SCORE's rule cache holds (issue 9).
 *
 * Retained heap after a forced GC, before and after scoring with 1,000 distinct rules, for:
 * - readable rules near the length limit (~990 characters: many step clauses);
 * - unreadable rules near the limit (a long label, then a clause it cannot read), whose
 *   errors are cached too;
 * - rules of 10,000 characters, over the limit: `#VALUE!` and never cached.
 * Target: no more than tens of MB for 1,000 long rules. Each case is measured on a cache
 * first filled with 1,000 short rules, so what it evicts is counted against it.
 */
import { RULE_CACHE_SIZE, RULE_MAX_LENGTH } from "../../src/core/rule";
import { loadBuiltCore, record, retainedBytes, single } from "./stats";

const SECTION = "rule-cache";

/** A readable rule of about `length` characters, distinct for each `k`: step clauses. */
function longRule(k: number, length: number): string {
  const clauses: string[] = [`每超${k + 1}%加0.5分`];
  let n = clauses[0].length;
  for (let j = 0; n + 12 < length; j++) {
    const c = `每低${(j % 97) + 1}.${k % 10}%扣0.01分`;
    clauses.push(c);
    n += c.length + 1;
  }
  return clauses.join(",");
}

/** An unreadable rule of about `length` characters, distinct for each `k`. */
function longBadRule(k: number, length: number): string {
  const head = `规则${k}：`;
  return head + "说明".repeat(Math.floor((length - head.length - 10) / 2)) + ",看心情打分";
}

export async function run(): Promise<void> {
  const { scoreKpi } = loadBuiltCore();
  const score = (rule: string): void => {
    try {
      scoreKpi(1.03, 1, 40, { rule });
    } catch {
      // unreadable and too-long rules are #VALUE!; their cost is what is measured
    }
  };
  const fillShort = (tag: number): void => {
    for (let k = 0; k < RULE_CACHE_SIZE; k++) score(`每超${k + 1}%加${tag}分`);
  };
  const cases: [string, (k: number) => string][] = [
    [`1,000 readable rules of ~${RULE_MAX_LENGTH - 10} characters`, (k) => longRule(k, RULE_MAX_LENGTH - 10)],
    [`1,000 unreadable rules of ~${RULE_MAX_LENGTH - 10} characters`, (k) => longBadRule(k, RULE_MAX_LENGTH - 10)],
    ["1,000 rules of 10,000 characters (over the limit)", (k) => longBadRule(k, 10_000)],
  ];
  let tag = 1;
  for (const [name, make] of cases) {
    fillShort(tag++);
    const rules = Array.from({ length: 1000 }, (_, k) => make(k + 1000 * tag));
    if (name.includes("readable rules") && !name.includes("un")) {
      if (rules.some((r) => r.length > RULE_MAX_LENGTH)) throw new Error("bench: a long rule is over the limit");
      if (typeof scoreKpi(1.03, 1, 40, { rule: rules[0] }) !== "number") throw new Error("bench: a long rule did not score");
    }
    // The texts themselves belong to the sheet, not the cache: keep them alive on both sides.
    const mb = retainedBytes(() => rules.forEach(score)) / 2 ** 20;
    record({ section: SECTION, name: `${name}: retained heap`, ...single(mb), unit: "MB", target: "≤ tens of MB", ok: mb < 50, note: "after forced GC" });
    if (rules.length !== 1000) throw new Error("unreachable");
  }
}
