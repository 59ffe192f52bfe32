/*
 * Plans: the schema accepts the examples and the committed JSON Schema is the one the script
 * emits; broken plans get one bilingual message per problem at the right JSON path; the
 * decomposition's numbers are domain.md's (seed-cases.json) and core's; per-member plans
 * hold only that member's numbers; validation never throws.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { splitTotal } from "../src/core/split";
import { spreadGrid } from "../src/core/spread";
import { type Plan, type PlanProblem, memberAmount, monthlyTargets, resolveGrid, resolveSplit, validatePlan } from "../src/sheets/plan";
import { planForMember } from "../src/sheets/members";
import { type MemberWorkbooks, MemberWorkbooksError, buildPlanWorkbook, memberWorkbooks } from "../src/sheets/workbook";
import { writeXlsx } from "../src/xlsx/write";
import { readXlsxCells } from "../src/xlsx/read";
import { PlanError } from "../src/core/errors";
import * as spreadModule from "../src/core/spread";
import { planSchemaText, PLAN_SCHEMA_FILE } from "../scripts/plan-schema";
import { seedCases } from "./helpers/fixtures";
import { randomCascadePlan } from "./helpers/cascade-plans";
import { cascadeLevelLabels, resolveCascade } from "../src/sheets/cascade";

const ROOT = path.resolve(__dirname, "..");
const EXAMPLES = fs.readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".json"));
const readExample = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(ROOT, "examples", name), "utf8"));

function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(`plan did not validate: ${JSON.stringify(v.problems)}`);
  return v.plan;
}
function problemsOf(json: unknown): PlanProblem[] {
  const v = validatePlan(json);
  if (v.ok) throw new Error("plan validated but should not have");
  return v.problems;
}
const seed = (): Plan => valid(readExample("seed-plan.json"));
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
/** Parsed JSON, to break on purpose by path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A small valid plan the broken ones start from. */
function basePlan(): Record<string, unknown> {
  return {
    title: "Base",
    year: 2025,
    unit: "万元",
    total: 10000000,
    splits: [
      { id: "region", kind: "region", members: [{ name: "East", weight: 3 }, { name: "West", weight: 1 }] },
      { id: "quarter", kind: "quarter" },
    ],
    grids: [{ id: "rq", rows: "region", columns: "quarter" }],
    tracking: { rows: [{ name: "East sales", target: { from: { split: "region", member: "East" } } }] },
    scorecard: {
      kpis: [
        { id: "sales", name: "Sales", weight: 60, target: 1, rule: "每超1%加0.5分,每低1%扣1分" },
        { id: "visits", name: "Visits", weight: 40, target: 20 },
      ],
    },
  };
}

describe("examples", () => {
  test("there are the seed plan and at least two more", () => {
    expect(EXAMPLES).toEqual(expect.arrayContaining(["seed-plan.json", "team-8-reps.json", "tracking-lower-better.json"]));
  });
  test.each(EXAMPLES)("%s validates", (name) => {
    expect(validatePlan(readExample(name))).toMatchObject({ ok: true });
  });
});

describe("docs/plan.schema.json", () => {
  test("equals what `npm run plan:schema` emits", () => {
    const committed = fs.readFileSync(path.join(ROOT, PLAN_SCHEMA_FILE), "utf8");
    expect(committed).toBe(planSchemaText());
  });
  test("describes the plan's sections and refuses unknown fields", () => {
    const schema = JSON.parse(planSchemaText());
    expect(schema.type).toBe("object");
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["title", "unit", "total", "lastYear", "splits", "grids", "tracking", "scorecard"]));
    expect(schema.required).toEqual(expect.arrayContaining(["title", "year"]));
    expect(schema.additionalProperties).toBe(false);
  });
});

describe("the seed plan's numbers (domain.md, seed-cases.json)", () => {
  // The seed cases hold the domain's amounts in 元; the sheets show 万元.
  const caseExpect = (name: string): number[] => {
    const c = seedCases("SPLIT").find((x) => x.name === name);
    if (!c) throw new Error(`no seed case ${name}`);
    return (c.expect as number[][]).flat();
  };
  test("quarters 30,000,000 / 36,000,000 / 30,000,000 / 24,000,000", () => {
    const q = resolveSplit(seed(), "quarter");
    expect(q.amounts.map((a) => a * q.scale)).toEqual([30000000, 36000000, 30000000, 24000000]);
    expect(q.amounts.map((a) => a * q.scale)).toEqual(caseExpect("quarters of 1.2 亿 in 万元"));
  });
  test("regions, product lines and channels as domain.md lists them", () => {
    const p = seed();
    expect(resolveSplit(p, "region").amounts).toEqual([4800, 3600, 2400, 1200]);
    expect(resolveSplit(p, "product").amounts.map((a) => a * 10000)).toEqual(caseExpect("product lines"));
    // Online 14,400,000 and distributors 72,000,000 as the document says; the unnamed rest 28 %.
    expect(resolveSplit(p, "channel").amounts).toEqual([1440, 7200, 3360]);
    expect(resolveSplit(p, "channel").weights).toEqual([12, 60, 28]);
  });
  test("80 new customers over twelve months: 7 × 8 then 6 × 4", () => {
    expect(resolveSplit(seed(), "newCustomers").amounts).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6]);
    expect(resolveSplit(seed(), "newCustomers").amounts).toEqual(caseExpect("80 new customers over 12 months"));
  });
  test("the document's revenue per head (4.8 M over 30 heads) does not reconcile with 1.2 亿: a problem, as domain.md says a check should catch", () => {
    const p = clone(readExample("seed-plan.json")) as { headcount: { revenuePerHead?: number } };
    p.headcount.revenuePerHead = 4800000;
    const ps = problemsOf(p);
    expect(ps.map((x) => x.path)).toEqual(["headcount.revenuePerHead"]);
    expect(ps[0].message.en).toContain("4000000");
    p.headcount.revenuePerHead = 4000000;
    expect(validatePlan(p).ok).toBe(true);
  });
  test("the total comes from last year and growth, and both agree", () => {
    const p = seed();
    expect(p.lastYear).toEqual({ total: 100000000, growth: 0.2 });
    expect(resolveSplit(p, "region").total).toBe(12000);
  });
  test("months within quarters add up to their quarter", () => {
    const m = resolveSplit(seed(), "month").amounts;
    const q = resolveSplit(seed(), "quarter").amounts;
    for (let k = 0; k < 4; k++) expect(m[3 * k] + m[3 * k + 1] + m[3 * k + 2]).toBe(q[k]);
    expect(m).toEqual([1000, 1000, 1000, 1200, 1200, 1200, 1000, 1000, 1000, 800, 800, 800]);
  });
  test("the region × quarter grid is core's SPREAD of the two splits", () => {
    const g = resolveGrid(seed(), "regionQuarter");
    expect(g.values).toEqual(spreadGrid([4800, 3600, 2400, 1200], [3000, 3600, 3000, 2400], { unit: 1 }));
    expect(g.values[0]).toEqual([1200, 1440, 1200, 960]);
  });
  test("tracking targets from the decomposition", () => {
    const p = seed();
    const rows = p.tracking!.rows;
    expect(monthlyTargets(p, rows.find((r) => r.name === "新客户数")!)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6]);
    // 华东's 4,800 万元 shaped like the company's months (1000/1200/1000/800 per month by quarter).
    const east = monthlyTargets(p, rows.find((r) => r.name === "华东销售额")!);
    expect(east).toEqual(splitTotal(4800, [[1000, 1000, 1000, 1200, 1200, 1200, 1000, 1000, 1000, 800, 800, 800]], { unit: 1 })[0]);
    expect(memberAmount(p, { split: "region", member: "华东" })).toBe(4800);
  });
});

describe("eight reps by last year's sales", () => {
  const team = (): Plan => valid(readExample("team-8-reps.json"));
  test("the new rep keeps the held amount and the rest is shared by last year's sales", () => {
    const p = team();
    const reps = resolveSplit(p, "reps");
    const total = 20000000 * 1.15; // 23,000,000 元 = 2,300 万元
    expect(reps.total).toBe(2300);
    const lastYear = p.splits![0].members!.map((m) => m.lastYear ?? 0);
    const held = p.splits![0].members!.map((m) => (m.held ?? 0) / 10000);
    expect(reps.amounts).toEqual(splitTotal(total / 10000, [lastYear], { unit: 1, fixed: [held] })[0]);
    expect(reps.amounts[7]).toBe(150);
    expect(reps.amounts.reduce((a, b) => a + b, 0)).toBe(2300);
  });
});

describe("broken plans: one message per problem, at its JSON path", () => {
  const paths = (ps: PlanProblem[]) => ps.map((p) => p.path);

  test("a negative weight", () => {
    const p = basePlan();
    (p.splits as { members: { weight: number }[] }[])[0].members[1].weight = -1;
    const ps = problemsOf(p);
    expect(paths(ps)).toEqual(["splits[0].members[1].weight"]);
    expect(ps[0].message.en).toMatch(/negative/);
    expect(ps[0].message.zh).toMatch(/负/);
  });
  test("a grid whose dimension does not exist", () => {
    const p = basePlan();
    (p.grids as { columns: string }[])[0].columns = "month";
    expect(paths(problemsOf(p))).toEqual(["grids[0].columns"]);
  });
  test("KPI weights not adding up to 100", () => {
    const p = basePlan();
    (p.scorecard as { kpis: { weight: number }[] }).kpis[1].weight = 30;
    const ps = problemsOf(p);
    expect(paths(ps)).toEqual(["scorecard.kpis"]);
    expect(ps[0].message.en).toContain("90");
    expect(ps[0].message.zh).toContain("90");
  });
  test("duplicate member names", () => {
    const p = basePlan();
    (p.splits as { members: { name: string }[] }[])[0].members[1].name = "East";
    expect(paths(problemsOf(p))).toEqual(["splits[0].members[1].name"]);
  });
  test("duplicate split ids: the second is refused (grids, tracking rows and revenue targets name splits by id)", () => {
    const p = basePlan();
    (p.splits as unknown[]).push({ id: "region", kind: "product", members: [{ name: "A", weight: 1 }] });
    const ps = problemsOf(p);
    expect(paths(ps)).toEqual(["splits[2].id"]);
    expect(ps[0].message.en).toBe('"region" is used by another split');
    expect(ps[0].message.zh).toBe("“region”已被另一个分解使用");
    // Also when the schema finds something else wrong (the checks on the raw JSON).
    (p as { year: unknown }).year = "2025";
    expect(paths(problemsOf(p))).toEqual(expect.arrayContaining(["year", "splits[2].id"]));
  });
  test("duplicate grid ids, and a grid named like a split: refused", () => {
    const p = basePlan();
    (p.grids as unknown[]).push({ id: "rq", rows: "region", columns: "quarter" }, { id: "quarter", rows: "region", columns: "quarter" });
    const ps = problemsOf(p);
    expect(paths(ps)).toEqual(["grids[1].id", "grids[2].id"]);
    expect(ps.map((x) => x.message.en)).toEqual(['"rq" is used by another split or grid', '"quarter" is used by another split or grid']);
    expect(ps[0].message.zh).toBe("“rq”已被另一个分解或交叉表使用");
  });
  test("duplicate KPI ids: refused (people's actuals are keyed by KPI id)", () => {
    const p = basePlan();
    (p.scorecard as { kpis: { id: string }[] }).kpis[1].id = "sales";
    const ps = problemsOf(p);
    expect(paths(ps)).toEqual(["scorecard.kpis[1].id"]);
    expect(ps[0].message.en).toBe('"sales" is used by another KPI');
    expect(ps[0].message.zh).toBe("“sales”已被另一个指标使用");
    (p as { year: unknown }).year = "2025";
    expect(paths(problemsOf(p))).toEqual(expect.arrayContaining(["year", "scorecard.kpis[1].id"]));
  });
  test("tracking targets from a split or member that does not exist", () => {
    const p1 = basePlan();
    (p1.tracking as { rows: { target: unknown }[] }).rows[0].target = { from: { split: "nowhere", member: "East" } };
    expect(paths(problemsOf(p1))).toEqual(["tracking.rows[0].target.from.split"]);
    const p2 = basePlan();
    (p2.tracking as { rows: { target: unknown }[] }).rows[0].target = { from: { split: "region", member: "North" } };
    expect(paths(problemsOf(p2))).toEqual(["tracking.rows[0].target.from.member"]);
  });
  test("a tracking row whose format does not match the split its target comes from", () => {
    const p = basePlan();
    (p.splits as unknown[]).push({ id: "customers", kind: "month", measure: "count", total: 80 });
    (p.tracking as { rows: unknown[] }).rows.push({ name: "New customers", target: { from: { split: "customers" } } });
    expect(paths(problemsOf(p))).toEqual(["tracking.rows[1].format"]);
    ((p.tracking as { rows: { format?: string }[] }).rows[1]).format = "count";
    expect(validatePlan(p).ok).toBe(true);
  });
  test("an annual target shaped by months that are all zero", () => {
    const p = basePlan();
    (p.splits as unknown[]).push({ id: "empty", kind: "month", measure: "amount", total: 0 });
    (p.tracking as { rows: unknown[] }).rows.push({ name: "Shaped", target: { annual: 1200000 }, months: "empty" });
    const ps = problemsOf(p);
    expect(paths(ps)).toEqual(["tracking.rows[1].months"]);
  });
  test("a rule the parser cannot read, with the parser's own message", () => {
    const p = basePlan();
    (p.scorecard as { kpis: { rule?: string }[] }).kpis[0].rule = "每超1%加0.5分,随便";
    const ps = problemsOf(p);
    expect(paths(ps)).toEqual(["scorecard.kpis[0].rule"]);
    expect(ps[0].message.en).toContain("随便");
  });
  test("percentages not adding up to 100, unless one member is the rest", () => {
    const p = basePlan();
    (p.splits as unknown[]).push({ id: "channel", kind: "channel", basis: "percent", members: [{ name: "online", weight: 12 }, { name: "distributors", weight: 60 }] });
    const ps = problemsOf(p);
    expect(paths(ps)).toEqual(["splits[2].members"]);
    expect(ps[0].message.en).toContain("72");
    (p.splits as { members: unknown[] }[])[2].members.push({ name: "direct", rest: true });
    expect(validatePlan(p).ok).toBe(true);
  });
  test("held amounts above the total", () => {
    const p = basePlan();
    (p.splits as { members: { held?: number }[] }[])[0].members[0].held = 20000000;
    const ps = problemsOf(p);
    expect(paths(ps)).toEqual(["splits[0].members"]);
    expect(ps[0].message.en).toContain("10000000");
  });
  test("a total that disagrees with last year × growth", () => {
    const p = basePlan();
    p.lastYear = { total: 9000000, growth: 0.1 };
    expect(paths(problemsOf(p))).toEqual(["total"]);
  });
  test("no total where a split needs one", () => {
    const p = basePlan();
    delete p.total;
    expect(paths(problemsOf(p))).toEqual(["total"]);
  });
  test("several problems at once: each one, once", () => {
    const p = basePlan();
    (p.splits as { members: { name: string }[] }[])[0].members[1].name = "East";
    (p.grids as { rows: string }[])[0].rows = "team";
    (p.scorecard as { kpis: { weight: number }[] }).kpis[1].weight = 10;
    (p.tracking as { rows: { yellowAt?: number; greenAt?: number }[] }).rows[0].yellowAt = 1.2;
    expect(paths(problemsOf(p)).sort()).toEqual(["grids[0].rows", "scorecard.kpis", "splits[0].members[1].name", "tracking.rows[0].yellowAt"]);
  });
  test("shape problems and cross-reference problems together: one message each", () => {
    // A negative weight (the schema's) and a grid over a split that does not exist (a reference).
    const p = basePlan();
    (p.splits as { members: { weight: number }[] }[])[0].members[0].weight = -3;
    (p.grids as { columns: string }[])[0].columns = "month";
    expect(paths(problemsOf(p)).sort()).toEqual(["grids[0].columns", "splits[0].members[0].weight"]);
    // ... plus KPI weights not adding to 100, a tracking target naming a missing member, and
    // an actual for a KPI that does not exist, beside a schema problem elsewhere.
    const q = basePlan();
    q.year = "next";
    (q.scorecard as { kpis: { weight: number }[] }).kpis[1].weight = 30;
    (q.tracking as { rows: { target: { from: { member: string } } }[] }).rows[0].target.from.member = "North";
    (q.scorecard as Record<string, unknown>).people = [{ name: "Li", actuals: { sales: 1, calls: 3 } }];
    (q.grids as { rows: string }[])[0].rows = "team";
    expect(paths(problemsOf(q)).sort()).toEqual([
      "grids[0].rows",
      "scorecard.kpis",
      "scorecard.people[0].actuals.calls",
      "tracking.rows[0].target.from.member",
      "year",
    ]);
    // A KPI weight that is itself wrong: the schema's message, no sum of the others on top.
    const r = basePlan();
    (r.scorecard as { kpis: { weight: unknown }[] }).kpis[0].weight = "60";
    expect(paths(problemsOf(r))).toEqual(["scorecard.kpis[0].weight"]);
    // A negative KPI weight is one problem; weights then adding to 100 is not a second.
    const s = basePlan();
    (s.scorecard as { kpis: { weight: number }[] }).kpis[0].weight = -10;
    expect(paths(problemsOf(s)).sort()).toEqual(["scorecard.kpis", "scorecard.kpis[0].weight"]);
  });
  test("shape problems: wrong types, unknown fields, bad ids, a quarter split of 3", () => {
    const p = basePlan();
    p.year = "2025";
    expect(paths(problemsOf(p))).toEqual(["year"]);
    const q = basePlan();
    (q.splits as Record<string, unknown>[])[0].colour = "red";
    const ps = problemsOf(q);
    expect(paths(ps)).toEqual(["splits[0]"]);
    expect(ps[0].message.en).toContain("colour");
    const r = basePlan();
    (r.splits as Record<string, unknown>[])[0].id = "1 bad id";
    expect(paths(problemsOf(r))).toEqual(["splits[0].id"]);
    const s = basePlan();
    (s.splits as Record<string, unknown>[])[1].members = [{ name: "Q1", weight: 1 }, { name: "Q2", weight: 1 }, { name: "Q3", weight: 1 }];
    expect(paths(problemsOf(s))).toEqual(["splits[1].members"]);
  });
  test("a seed of the wrong shape, and a seed that cannot reach its margins", () => {
    const p = basePlan();
    (p.grids as Record<string, unknown>[])[0].seed = [[1, 1, 1, 1]];
    expect(paths(problemsOf(p))).toEqual(["grids[0].seed"]);
    const q = basePlan();
    // West's row is all zeros but West has a positive total: core's SPREAD refuses.
    (q.grids as Record<string, unknown>[])[0].seed = [[1, 1, 1, 1], [0, 0, 0, 0]];
    const ps = problemsOf(q);
    expect(paths(ps)).toEqual(["grids[0].seed"]);
    expect(ps[0].message.zh.length).toBeGreaterThan(0);
  });
  test("not a plan at all", () => {
    for (const bad of [null, 42, "plan", [], undefined]) {
      const v = validatePlan(bad);
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.problems.length).toBe(1);
    }
  });
  test("every message exists in English and Chinese", () => {
    const p = basePlan();
    (p.splits as { members: { name: string }[] }[])[0].members[1].name = "East";
    (p.grids as { rows: string }[])[0].rows = "team";
    p.year = 1;
    for (const pr of problemsOf(p)) {
      expect(pr.message.en.length).toBeGreaterThan(3);
      expect(pr.message.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe("what validation says: the expected and the found, the character, the plan's words", () => {
  const only = (json: unknown): PlanProblem => {
    const ps = problemsOf(json);
    expect(ps).toHaveLength(1);
    return ps[0];
  };

  test("a wrong-typed value says what was expected and what was found, never 'is required'", () => {
    const year = basePlan();
    year.year = "2025";
    expect(only(year)).toEqual({ path: "year", message: { en: 'must be a number, not text "2025" (write it without quotes: 2025)', zh: "应为数字，而不是文字 \"2025\"（去掉引号：2025）" } });
    const huge = JSON.parse(JSON.stringify(basePlan()).replace('"total":10000000', '"total":1e309')) as Record<string, unknown>;
    expect(huge.total).toBe(Infinity);
    expect(only(huge).path).toBe("total");
    expect(only(huge).message.en).toBe("is too large (1e309 or beyond; a number is at most about 1.8e308)");
    expect(only([basePlan()])).toEqual({ path: "(plan)", message: { en: "must be an object, not a list", zh: "应为对象，而不是列表" } });
    const title = basePlan();
    title.title = 5;
    expect(only(title).message.en).toBe("must be text, not the number 5");
    const missing = basePlan();
    delete missing.year;
    expect(only(missing).message.en).toBe("is required");
  });

  test("a character a workbook cannot hold (U+FFFF, U+FFFE, C0 controls, lone surrogates) is named with its path, wherever it is", () => {
    const cases: [(p: Json) => void, string, string][] = [
      [(p) => (p.title = "Plan\uFFFF"), "title", "U+FFFF at character 5"],
      [(p) => (p.splits[0].members[1].name = "W\uFFFEst"), "splits[0].members[1].name", "U+FFFE at character 2"],
      [(p) => (p.splits[0].members[0].note = "half \uD83D pair"), "splits[0].members[0].note", "U+D83D at character 6"],
      [(p) => (p.scorecard.kpis[0].rule = "每超1%加0.5分\u0001"), "scorecard.kpis[0].rule", "U+0001 at character 10"],
    ];
    for (const [breakIt, path, what] of cases) {
      const p = basePlan() as Json;
      breakIt(p);
      const pr = only(p);
      expect(pr.path).toBe(path);
      expect(pr.message.en).toContain(what);
      expect(pr.message.en).toContain("a workbook cannot hold");
      expect(pr.message.zh).toContain(what.split(" at ")[0]);
    }
    // What XML holds stays: a tab and a line break in a note, an emoji (a surrogate pair) in a name.
    const fine = basePlan() as Json;
    fine.splits[0].members[0].note = "line one\n\tline two";
    fine.splits[0].members[0].name = "East 😀";
    fine.tracking.rows[0].target.from.member = "East 😀";
    expect(validatePlan(fine).ok).toBe(true);
  });

  test("a control character in a name is refused, named, and never printed raw in the path", () => {
    const esc = basePlan() as Json;
    esc.splits[0].members[1].name = "West\u001b[31m";
    expect(only(esc)).toEqual({
      path: "splits[0].members[1].name",
      message: { en: "contains the control character U+001B (ESC) at character 5; a name is one line of plain text", zh: "第 5 个字符是控制字符 U+001B (ESC)；名称只能是一行普通文字" },
    });
    const tab = basePlan();
    tab.title = "Base\tplan";
    expect(only(tab).message.en).toContain("U+0009 (TAB)");
    const blank = basePlan() as Json;
    blank.splits[0].members[1].name = "\u3000 ";
    expect(only(blank)).toEqual({ path: "splits[0].members[1].name", message: { en: "must not be blank (it is only spaces)", zh: "不能为空（只有空格）" } });
    const c1 = basePlan() as Json;
    c1.scorecard.kpis[1].name = "Visits\u009b2J";
    expect(only(c1).path).toBe("scorecard.kpis[1].name");
    const key = basePlan() as Json;
    key.scorecard.people = [{ name: "Wang", actuals: { "sales\u001b]0;x\u0007": 1 } }];
    const ps = problemsOf(key);
    expect(ps.map((p) => p.path)).toContain('scorecard.people[0].actuals["sales\\u001b]0;x\\u0007"]');
    // eslint-disable-next-line no-control-regex
    for (const p of ps) expect(p.path).not.toMatch(/[\u0000-\u001f]/);
  });

  test("dates a spreadsheet cannot hold as written are refused: an as-of before 1900-03-01 or after 9999-12-31, the year 1900", () => {
    for (const asOf of ["0001-01-01", "1899-12-31", "1900-02-28"]) {
      const p = basePlan() as Json;
      p.tracking.asOf = asOf;
      expect(only(p).path).toBe("tracking.asOf");
      expect(only(p).message.en).toMatch(/^is before 1900-03-01/);
    }
    for (const asOf of ["1900-03-01", "9999-12-31"]) {
      const p = basePlan() as Json;
      p.tracking.asOf = asOf;
      expect(validatePlan(p).ok).toBe(true);
    }
    const y = basePlan();
    y.year = 1900;
    expect(only(y).path).toBe("year");
  });

  test("a plan with nothing to write is refused (a workbook needs a sheet)", () => {
    expect(only({ title: "Empty", year: 2025 })).toEqual({
      path: "(plan)",
      message: { en: "has nothing to write: give a total, splits, a cascade, a tracking section or a scorecard", zh: "没有可写的内容：请给出总额、分解、逐层分解、跟踪表或考核表" },
    });
    expect(validatePlan({ title: "Only a total", year: 2025, total: 100 }).ok).toBe(true);
  });

  test("a month split within quarters listed before its quarter split is refused", () => {
    const p = { title: "t", year: 2025, total: 1200, splits: [{ id: "m", kind: "month", withinQuarters: "q" }, { id: "q", kind: "quarter" }] };
    expect(only(p).path).toBe("splits[0].withinQuarters");
    expect(only(p).message.en).toBe('"q" comes after this split; list the quarter split first');
    expect(validatePlan({ ...p, splits: [p.splits[1], p.splits[0]] }).ok).toBe(true);
  });

  test("two KPIs of one name (in any case) are refused: each heads a column of the scorecard", () => {
    const p = basePlan() as Json;
    p.scorecard.kpis[1].name = " sales ";
    expect(only(p).path).toBe("scorecard.kpis[1].name");
  });

  describe("a grid that cannot be filled speaks of the plan's splits, members, seed and roundTo, not TARGET.SPREAD's arguments", () => {
    const gridPlan = (seed: number[][], roundTo?: number) => ({
      title: "t",
      year: 2025,
      total: 400,
      splits: [
        { id: "r", kind: "region", members: [{ name: "East", weight: 1 }, { name: "West", weight: 1 }, { name: "North", weight: 2 }] },
        { id: "q", kind: "quarter" },
      ],
      grids: [{ id: "g", rows: "r", columns: "q", seed, ...(roundTo !== undefined ? { roundTo } : {}) }],
    });
    const core = /row_totals|column_totals|\bunit\b|leave the unit out|row \d|column \d/;

    test("a member whose seed row is all zeros", () => {
      expect(only(gridPlan([[1, 1, 1, 1], [0, 0, 0, 0], [1, 1, 1, 1]]))).toEqual({
        path: "grids[0].seed",
        message: { en: '"West"\'s amount 100 cannot be met: its row of the seed is all zeros', zh: '"West" 的金额 100 无法满足：参照中它的那一行全为 0' },
      });
    });

    test("a seed cell every fit drives to 0: the cell's path and both members", () => {
      const pr = only(gridPlan([[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 1, 1]]));
      expect(pr.path).toMatch(/^grids\[0\]\.seed\[\d\]\[\d\]$/);
      expect(pr.message.en).toMatch(/^"(East|West|North)"'s and "Q\d"'s amounts can be met only with this seed value at 0/);
      expect(pr.message.en).not.toMatch(core);
    });

    test("rows whose seed covers too few columns: the members by name", () => {
      const p = gridPlan([[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 1, 1]]);
      p.splits[0].members = [{ name: "East", weight: 3 }, { name: "West", weight: 3 }, { name: "North", weight: 2 }];
      const pr = only(p);
      expect(pr.path).toBe("grids[0].seed");
      expect(pr.message.en).toBe('"East", "West" need 300, but the seed has values for them only under "Q1", "Q2", whose amounts add up to 200');
    });

    test("a grid too large to round exactly says roundTo, not 'leave the unit out'", () => {
      const spy = jest.spyOn(spreadModule, "spreadGrid").mockImplementation(() => {
        throw new PlanError("roundingTooLarge", { where: { arg: "unit" }, cells: 250000 });
      });
      try {
        const pr = only(gridPlan([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]));
        expect(pr.path).toBe("grids[0].roundTo");
        expect(pr.message.en).toBe('the grid (250000 cells) is too large to round exactly to its roundTo: give the grid "roundTo": 0 (exact values), or cross splits with fewer members');
        expect(pr.message.en).not.toMatch(core);
      } finally {
        spy.mockRestore();
      }
    });
  });
});

describe("whatever validate accepts, build writes", () => {
  // Plans made of odd but legal parts: names that are Excel's or ours (TargetPlanner, History),
  // 31 emoji (62 UTF-16 units), formula-looking text, names that are Object.prototype's keys
  // (constructor, toString) as ids, names that collide in case or as files, long names.
  const NAMES = ["East", "West", " ", "华东", "a/b", "a_b", "Li:Na", "Alice", "alice", " spaced ", "spaced", "CON", "😀".repeat(31), "=1+1", "constructor", "__proto__", "toString", "TargetPlanner", "History", "'quoted'", "x".repeat(200), "\u202Eevil", "Q1", "[a]", "*", "很长的中文名字很长的中文名字很长的中文名字很长的中文名字"];
  const IDS = ["region", "quarter", "month", "constructor", "toString", "hasOwnProperty", "valueOf", "A"];
  const KINDS = ["quarter", "month", "region", "product", "channel", "team", "person", "other"] as const;
  const name = fc.constantFrom(...NAMES);
  const maybe = <T>(a: fc.Arbitrary<T>, weight = 1): fc.Arbitrary<T | undefined> => fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: a, weight });
  const member = fc.record({ name, weight: maybe(fc.integer({ min: 0, max: 100 }), 4), held: maybe(fc.constantFrom(0, 10, 1000)), note: maybe(name) });
  const split = fc.record({
    id: fc.constantFrom(...IDS),
    name: maybe(name),
    kind: fc.constantFrom(...KINDS),
    basis: maybe(fc.constantFrom("weights", "even")),
    members: maybe(fc.uniqueArray(member, { minLength: 1, maxLength: 5, selector: (m) => m.name }), 3),
    measure: maybe(fc.constantFrom("amount", "count")),
    total: maybe(fc.integer({ min: 0, max: 1000 })),
    roundTo: maybe(fc.constantFrom(0, 1, 0.01, 5)),
    withinQuarters: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.constantFrom(...IDS), weight: 1 }),
  });
  const monthly = fc.array(fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }), { minLength: 12, maxLength: 12 });
  const trackingRow = fc.record({
    name,
    format: maybe(fc.constantFrom("amount", "percent", "count")),
    direction: maybe(fc.constantFrom("higher", "lower")),
    target: fc.oneof(
      fc.record({ from: fc.record({ split: fc.constantFrom(...IDS), member: maybe(name) }) }),
      fc.record({ monthly }),
      fc.record({ annual: fc.integer({ min: 1, max: 100000 }) }),
      fc.record({ each: fc.integer({ min: 1, max: 100 }) }),
    ),
    actuals: maybe(monthly),
  });
  const kpi = fc.record({ id: fc.constantFrom(...IDS), name, weight: fc.integer({ min: 0, max: 100 }), target: fc.integer({ min: 1, max: 100 }), rule: maybe(fc.constant("每超1%加0.5分,每低1%扣1分")) });
  const planArb = fc
    .record({
      title: name,
      year: fc.constantFrom(2025, 1901, 9999),
      unit: maybe(fc.constantFrom("元", "万元", "亿元")),
      total: maybe(fc.integer({ min: 0, max: 1e9 }), 4),
      roundTo: maybe(fc.constantFrom(0, 1, 0.01)),
      splits: maybe(fc.array(split, { minLength: 1, maxLength: 4 }), 3),
      grids: maybe(fc.array(fc.record({ id: fc.constantFrom("g", "constructor"), rows: fc.constantFrom(...IDS), columns: fc.constantFrom(...IDS) }), { maxLength: 1 })),
      tracking: maybe(fc.record({ name: maybe(name), asOf: maybe(fc.constantFrom("2025-06-30", "1900-03-01", "9999-12-31")), rows: fc.array(trackingRow, { minLength: 1, maxLength: 3 }) })),
      scorecard: maybe(
        fc.record({
          name: maybe(name),
          kpis: fc.array(kpi, { minLength: 1, maxLength: 3 }),
          people: maybe(fc.array(fc.record({ name, actuals: maybe(fc.dictionary(fc.constantFrom(...IDS), fc.integer({ min: 0, max: 100 }))) }), { maxLength: 3 })),
        }),
      ),
    })
    .map((raw) => {
      // Mend what would only be refused (the refusals have tests of their own above), so most plans are valid.
      const p = JSON.parse(JSON.stringify(raw)) as Json;
      const seen = new Set<string>();
      p.splits = (p.splits ?? []).filter((s: Json) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
      p.splits.forEach((s: Json, i: number) => {
        const quarters = p.splits.slice(0, i).find((q: Json) => q.kind === "quarter");
        if (s.withinQuarters !== undefined && s.kind === "month" && quarters) {
          s.withinQuarters = quarters.id;
          s.measure = quarters.measure;
          for (const k of ["members", "total", "basis"]) delete s[k];
        } else delete s.withinQuarters;
      });
      for (const s of p.splits) {
        if (!s.members && s.kind !== "quarter" && s.kind !== "month") s.members = [{ name: "Solo", weight: 1 }];
        if (s.kind === "quarter" && s.members) s.members = ["Q1", "Q2", "Q3", "Q4"].map((n, i) => ({ ...(s.members[i] ?? {}), name: n }));
        if (s.kind === "month" && s.members) s.members = Array.from({ length: 12 }, (_, i) => ({ ...(s.members[i] ?? {}), name: `M${i + 1}` }));
        for (const m of s.members ?? []) if (m.weight === undefined) m.weight = 1;
        if (s.measure === "count" && s.total === undefined) s.total = 100;
      }
      if (p.total === undefined) p.total = 1_000_000;
      const ids: string[] = p.splits.map((s: Json) => s.id);
      const pick = (x: string): string => (ids.length && !ids.includes(x) ? ids[x.length % ids.length] : x);
      const byId = (id: string): Json => p.splits.find((s: Json) => s.id === id);
      p.grids = (p.grids ?? []).filter((g: Json) => {
        [g.rows, g.columns] = [pick(g.rows), pick(g.columns)];
        if (g.rows === g.columns) g.columns = ids.find((id) => id !== g.rows && byId(id).measure === byId(g.rows)?.measure);
        return g.columns !== undefined && byId(g.rows) && byId(g.columns);
      });
      for (const r of p.tracking?.rows ?? []) {
        if (!("from" in r.target)) continue;
        const s = byId(pick(r.target.from.split));
        if (!s) {
          r.target = { each: 1 };
          continue;
        }
        r.target.from.split = s.id;
        const names = s.members ? s.members.map((m: Json) => m.name) : s.kind === "quarter" ? ["Q1", "Q2", "Q3", "Q4"] : undefined;
        if (names) r.target.from.member = names.includes(r.target.from.member) ? r.target.from.member : names[0];
        else delete r.target.from.member;
        r.format = s.measure === "count" ? "count" : "amount";
      }
      if (p.scorecard) {
        const kpiSeen = new Set<string>();
        p.scorecard.kpis = p.scorecard.kpis.filter((x: Json) => (kpiSeen.has(x.id) ? false : (kpiSeen.add(x.id), true)));
        const k = p.scorecard.kpis;
        k[k.length - 1].weight = Math.max(0, 100 - k.slice(0, -1).reduce((a: number, x: Json) => a + x.weight, 0));
        const kpiIds = new Set(k.map((x: Json) => x.id));
        for (const person of p.scorecard.people ?? []) for (const key of Object.keys(person.actuals ?? {})) if (!kpiIds.has(key)) delete person.actuals[key];
      }
      return p as unknown;
    });

  test("a sheet named TargetPlanner, or 31 emoji (62 UTF-16 units), gets a name Excel takes", async () => {
    const p = clone(readExample("seed-plan.json")) as Json;
    p.tracking.name = "TargetPlanner";
    p.scorecard.name = "😀".repeat(31);
    const spec = buildPlanWorkbook(valid(p), { lang: "en", asOf: "2025-06-30" });
    expect(spec.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(["TargetPlanner 1", "😀".repeat(15)]));
    const bytes = await writeXlsx(spec);
    expect(Object.keys(await readXlsxCells(bytes))).toEqual(expect.arrayContaining(["TargetPlanner 1", "😀".repeat(15)]));
  });

  test("a KPI id that is a name of Object's (constructor, toString) builds; a person without that actual has it blank", async () => {
    const p = clone(readExample("seed-plan.json")) as Json;
    p.scorecard.kpis.push({ id: "constructor", name: "Constructor", weight: 0, target: 1 });
    p.scorecard.kpis.push({ id: "toString", name: "To string", weight: 0, target: 1 });
    const plan = valid(p);
    const spec = buildPlanWorkbook(plan, { lang: "en", asOf: "2025-06-30" });
    const cells = spec.sheets.find((s) => s.kind === "scorecard")!.rows.flat();
    expect(cells.some((c) => c && "v" in c && typeof c.v === "function")).toBe(false);
    expect((await writeXlsx(spec)).length).toBeGreaterThan(0);
    expect(plan.scorecard!.people![0].actuals!.constructor).toBeUndefined();
  });

  test("a plan that is a cascade and its total writes the cascade's sheets, and no sheet of the total alone (whose check, AND(TRUE), could never fail)", () => {
    const p = clone(readExample("cascade.json")) as Json;
    delete p.scorecard;
    const spec = buildPlanWorkbook(valid(p), { lang: "en", asOf: "2025-06-30" });
    expect(spec.sheets.map((s) => s.name)).toEqual(["销售目标分解表", "Responsibility letters", "Cascade tracking"]);
    expect(spec.names.map((n) => n.name)).not.toContain("Check_Decomposition_All");
    // A total alone still has its sheet.
    expect(buildPlanWorkbook(valid({ title: "Only a total", year: 2025, total: 100 }), { lang: "en" }).sheets.map((s) => s.kind)).toEqual(["decomposition"]);
  });

  test("--per a split of counts (the seed's newCustomers) is refused before any workbook is built, saying why; a member's plan that is a total alone writes", async () => {
    const seedPlan = seed();
    const e = (() => {
      try {
        memberWorkbooks(seedPlan, "newCustomers", { lang: "en" });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(MemberWorkbooksError);
    expect((e as MemberWorkbooksError).kind).toBe("empty");
    expect((e as MemberWorkbooksError).messageIn("en")).toMatch(/^A workbook per member of "newCustomers" would hold nothing for 12 of its 12 members \(the first: "Jan"\).*region/);
    expect((e as MemberWorkbooksError).messageIn("zh")).toMatch(/计数分解/);
    // One quarter of a plan with only a quarter split: its total, on a decomposition sheet.
    const quarters = valid({ title: "Q", year: 2025, total: 400, splits: [{ id: "q", kind: "quarter" }] });
    const books = memberWorkbooks(quarters, "q", { lang: "en" });
    const q1 = books.build(0);
    expect(q1.sheets.map((s) => s.kind)).toEqual(["decomposition"]);
    expect((await writeXlsx(q1)).length).toBeGreaterThan(0);
  });

  test("generated plans that validate build every sheet, and each member's workbook of each split, and write to .xlsx", async () => {
    let valid = 0;
    let members = 0;
    await fc.assert(
      fc.asyncProperty(planArb, fc.nat(), async (json, pickMember) => {
        const v = validatePlan(json);
        if (!v.ok) return;
        valid++;
        const options = { lang: pickMember % 2 ? ("en" as const) : ("zh" as const), asOf: "2025-06-30" };
        expect((await writeXlsx(buildPlanWorkbook(v.plan, options))).length).toBeGreaterThan(0);
        for (const s of v.plan.splits ?? []) {
          let books: MemberWorkbooks;
          try {
            books = memberWorkbooks(v.plan, s.id, options);
          } catch (e) {
            // The one refusal allowed: a split of counts whose members would get empty workbooks, said before building.
            if (e instanceof MemberWorkbooksError && e.kind === "empty" && (s.measure ?? "amount") === "count") continue;
            throw e;
          }
          expect((await writeXlsx(books.build(pickMember % books.members.length))).length).toBeGreaterThan(0);
          members++;
        }
      }),
      { seed: 1414, numRuns: 200 },
    );
    // Not vacuous: most generated plans are valid, and members' workbooks were written.
    expect(valid).toBeGreaterThan(90);
    expect(members).toBeGreaterThan(80);
  });

  test("generated cascades that validate, alone or beside those plans' splits, tracking and scorecard, with odd names, build every sheet and a node's workbook of a level, and write to .xlsx", async () => {
    const cascade = fc.record({
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      names: fc.array(name, { maxLength: 6 }),
      tracking: fc.boolean(),
      alone: fc.boolean(),
    });
    let valid = 0;
    let nodes = 0;
    const kinds = new Set<string>();
    await fc.assert(
      fc.asyncProperty(planArb, cascade, fc.nat(), async (json, c, pick) => {
        const made = randomCascadePlan(c.seed, { depth: 1 + (c.seed % 3), maxChildren: 3, tracking: c.tracking }) as Json;
        // Odd names on the first nodes, depth first (siblings that end up alike are refused: skipped).
        let k = 0;
        const rename = (n: Json) => {
          if (k < c.names.length) n.name = c.names[k++];
          (n.children ?? []).forEach(rename);
        };
        rename(made.cascade.root);
        const v = validatePlan(c.alone ? made : { ...(json as Json), cascade: made.cascade });
        if (!v.ok) return;
        valid++;
        const options = { lang: pick % 2 ? ("en" as const) : ("zh" as const), asOf: "2025-06-30" };
        const spec = buildPlanWorkbook(v.plan, options);
        for (const sheet of spec.sheets) kinds.add(sheet.kind);
        expect((await writeXlsx(spec)).length).toBeGreaterThan(0);
        // One workbook per node of a level (a label, a depth or "person"): one of them, written.
        const levels = [...cascadeLevelLabels(resolveCascade(v.plan)), "1", "person"];
        const books = memberWorkbooks(v.plan, levels[pick % levels.length], options);
        expect((await writeXlsx(books.build(pick % books.members.length))).length).toBeGreaterThan(0);
        nodes++;
      }),
      { seed: 1717, numRuns: 50 },
    );
    // Not vacuous (the refused: blank names, held amounts past a total, siblings alike).
    expect(valid).toBeGreaterThan(25);
    expect(nodes).toBe(valid);
    expect([...kinds].sort()).toEqual(["decomposition", "notes", "scorecard", "tracking"]);
  });
});

describe("properties", () => {
  test("validatePlan never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const v = validatePlan(x);
        return v.ok === false || v.ok === true;
      }),
    );
  });
  test("changing any number of the seed plan gives a plan or problems, never a throw, and each problem has a path", () => {
    const base = readExample("seed-plan.json");
    const numbers: (string | number)[][] = [];
    const walk = (x: unknown, at: (string | number)[]) => {
      if (typeof x === "number") numbers.push(at);
      else if (Array.isArray(x)) x.forEach((v, i) => walk(v, [...at, i]));
      else if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) walk(v, [...at, k]);
    };
    walk(base, []);
    fc.assert(
      fc.property(fc.nat(numbers.length - 1), fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -5, max: 5 })), (i, value) => {
        const p = clone(base) as Record<string | number, unknown>;
        const at = numbers[i];
        let o = p as Record<string | number, unknown>;
        for (const k of at.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
        o[at[at.length - 1]] = value;
        const v = validatePlan(p);
        if (!v.ok) for (const pr of v.problems) expect(pr.path.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("per-member plans", () => {
  test.each([
    ["seed-plan.json", "region"],
    ["team-8-reps.json", "reps"],
  ])("%s by %s: every member's plan validates, holds their amount, and names nobody else", (file, dim) => {
    const plan = valid(readExample(file));
    const split = resolveSplit(plan, dim);
    split.names.forEach((member, k) => {
      const mine = valid(planForMember(plan, dim, member));
      expect(mine.total! / split.scale).toBeCloseTo(split.amounts[k], 9);
      const text = JSON.stringify(mine);
      for (const other of split.names) if (other !== member) expect(text).not.toContain(JSON.stringify(other));
    });
  });
  test("--per's plans (each split, grid, row and person looked up once for all members) are planForMember's, member by member", () => {
    for (const [file, dims] of [
      ["seed-plan.json", ["region", "product", "quarter", "month", "channel"]],
      ["team-8-reps.json", ["reps", "quarter"]],
    ] as const) {
      const plan = valid(readExample(file));
      for (const dim of dims) {
        const books = memberWorkbooks(plan, dim, { lang: "en", asOf: "2025-06-30" });
        books.members.forEach((member, k) => expect({ file, dim, member, plan: books.build(k).plan }).toEqual({ file, dim, member, plan: planForMember(plan, books.dimension, member) }));
      }
    }
  });
  test("a scorecard row only for someone scored: a region's file has none, a rep's has theirs, an unlisted rep a blank one", () => {
    const plan = seed();
    for (const region of resolveSplit(plan, "region").names) expect(planForMember(plan, "region", region).scorecard).toBeUndefined();
    const team = valid(readExample("team-8-reps.json"));
    const reps = resolveSplit(team, "reps").names;
    const listed = new Set((team.scorecard?.people ?? []).map((p) => p.name));
    for (const rep of reps) {
      const people = planForMember(team, "reps", rep).scorecard?.people ?? [];
      expect(people.map((p) => p.name)).toEqual([rep]);
      if (!listed.has(rep)) expect(people[0].actuals).toBeUndefined();
    }
    // A region that is also a person on the scorecard (named alike) keeps that row.
    const named = clone(plan);
    named.scorecard!.people = [{ name: "华东", actuals: { newCustomers: 3 } }];
    // (with the commission's revenue target: the region's own total, 40 % of 1.2 亿)
    expect(planForMember(named, "region", "华东").scorecard?.people).toEqual([{ name: "华东", actuals: { newCustomers: 3 }, revenueTarget: 48000000 }]);
  });
  test("a rep's quarters are their row of the reps × quarters grid", () => {
    const plan = valid(readExample("team-8-reps.json"));
    const grid = resolveGrid(plan, "repQuarter");
    const names = resolveSplit(plan, "reps").names;
    names.forEach((member, k) => {
      const mine = valid(planForMember(plan, "reps", member));
      expect(resolveSplit(mine, "quarter").amounts).toEqual(grid.values[k]);
    });
  });
  test("a rep's tracking targets are the whole plan's", () => {
    const plan = valid(readExample("team-8-reps.json"));
    const row = plan.tracking!.rows.find((r) => r.name === "Liu Yang")!;
    const mine = valid(planForMember(plan, "reps", "Liu Yang"));
    expect(mine.tracking!.rows.map((r) => r.name)).toEqual(["Liu Yang"]);
    expect(monthlyTargets(mine, mine.tracking!.rows[0])).toEqual(monthlyTargets(plan, row));
    expect(mine.scorecard!.people!.map((p) => p.name)).toEqual(["Liu Yang"]);
  });
});

describe("plans that would not fit in Excel are refused, naming the limit and the JSON path", () => {
  const only = (json: unknown): PlanProblem => {
    const ps = problemsOf(json);
    expect(ps).toHaveLength(1);
    expect(ps[0].message.zh).toMatch(/[\u4e00-\u9fff]/);
    return ps[0];
  };
  test("a number beyond 10^15 anywhere (1e308 as the total, a held amount, an actual)", () => {
    const big = only({ ...basePlan(), total: 1e308 });
    expect(big.path).toBe("total");
    expect(big.message.en).toMatch(/10\^15.*#NUM!/);
    const p = basePlan() as { splits: { members: { held?: number }[] }[] };
    p.splits[0].members[0].held = 2e15;
    expect(problemsOf(p).map((x) => x.path)).toContain("splits[0].members[0].held");
    expect(only({ title: "t", year: 2025, tracking: { rows: [{ name: "r", target: { each: 1 }, actuals: [1e300, null, null, null, null, null, null, null, null, null, null, null] }] } }).path).toBe("tracking.rows[0].actuals[0]");
    expect(only({ title: "t", year: 2025, lastYear: { total: 1e15, growth: 1e5 } }).path).toBe("lastYear.growth");
    expect(validatePlan({ title: "t", year: 2025, total: 1e15 }).ok).toBe(true);
  });
  test("a rounding unit under 1e-9 (roundTo 1e-300), or one that would count more than 10^15 units", () => {
    const tiny = only({ ...basePlan(), roundTo: 1e-300 });
    expect(tiny.path).toBe("roundTo");
    expect(tiny.message.en).toMatch(/at least 0\.000000001/);
    const p = basePlan() as { splits: { roundTo?: number }[] };
    p.splits[0].roundTo = 1e-12;
    expect(only(p).path).toBe("splits[0].roundTo");
    const many = only({ title: "t", year: 2025, total: 1e15, roundTo: 0.01, splits: [{ id: "q", kind: "quarter" }] });
    expect(many.path).toBe("roundTo");
    expect(many.message.en).toMatch(/units, more than 10\^15/);
    expect(validatePlan({ title: "t", year: 2025, total: 1e6, roundTo: 1e-9, splits: [{ id: "q", kind: "quarter" }] }).ok).toBe(true);
  });
  test("a KPI rule whose formula would pass Excel's 8,192 characters (78 clauses), with its length", () => {
    const rule = Array.from({ length: 78 }, (_, i) => (i % 2 ? `每低${i}%扣1分` : `每超${i + 1}%加1分`)).join(",");
    const p = only({ title: "t", year: 2025, scorecard: { kpis: [{ id: "a", name: "A", weight: 100, target: 1, rule }] } });
    expect(p.path).toBe("scorecard.kpis[0].rule");
    expect(p.message.en).toMatch(/compiles to a formula of up to [\d,]+ characters, and Excel takes at most 8,192/);
    expect(p.message.zh).toMatch(/8,192/);
    // Twenty clauses fit.
    const short = rule.split(",").slice(0, 20).join(",");
    expect(validatePlan({ title: "t", year: 2025, scorecard: { kpis: [{ id: "a", name: "A", weight: 100, target: 1, rule: short }] } }).ok).toBe(true);
  });
  test("a zero target the scorecard would divide by: % steps on a KPI target of 0, a revenue target from a member of 0", () => {
    const kpi = only({ title: "t", year: 2025, scorecard: { kpis: [{ id: "a", name: "A", weight: 100, target: 0, rule: "每低5%扣5分" }] } });
    expect(kpi.path).toBe("scorecard.kpis[0].target");
    expect(validatePlan({ title: "t", year: 2025, scorecard: { kpis: [{ id: "a", name: "A", weight: 100, target: 0, rule: "每多1个扣5分", direction: "lower" }] } }).ok).toBe(true);
    const member = only({
      title: "t",
      year: 2025,
      total: 100,
      splits: [{ id: "p", kind: "person", members: [{ name: "Zero", weight: 0 }, { name: "All", weight: 1 }] }],
      scorecard: {
        kpis: [{ id: "a", name: "A", weight: 100, target: 1 }],
        people: [{ name: "Zero", revenue: 5, revenueTarget: { split: "p", member: "Zero" } }],
        commission: { tiers: [{ from: 0, rate: 0.01 }] },
      },
    });
    expect(member.path).toBe("scorecard.people[0].revenueTarget");
    expect(member.message.en).toMatch(/whose amount is 0/);
  });
});
