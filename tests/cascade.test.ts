/*
 * The cascade's format and engine: the example carries the seed documents' figures (1.2 亿,
 * regions 40/30/20/10, a 10 % buffer, a new rep from July, a held key account, 80 new
 * customers with North's 50 held, 回款率 95 % inherited); validation names each problem
 * with its JSON path; properties over random trees (fixed seeds): children add up to the
 * target × (1 + buffer), months to quarters to the year, late starters' earlier months
 * empty, the flat list and the tree give the same targets; edits move only the subtree.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { splitTotal } from "../src/core/split";
import { type CascadeResult, nodeAt, nodesAtLevel, prorate, resolveCascade } from "../src/sheets/cascade";
import { type CascadeNodeInput, cascadeTree, editCascadeNode, flatInput, peopleFromTable, treeInput } from "../src/sheets/cascade-plan";
import { type Plan, validatePlan } from "../src/sheets/plan";
import { bigCascadePlan, randomCascadePlan } from "./helpers/cascade-plans";

const ROOT = path.resolve(__dirname, "..");
const rawExample = (): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "cascade.json"), "utf8"));
function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const sumOf = (xs: readonly (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);

describe("the example: the seed documents' figures", () => {
  const plan = valid(rawExample());
  const r = resolveCascade(plan);
  const sales = (p: string[]) => nodeAt(r, p)!.figures[0];

  test("the 1.2 亿 goes to the regions 40/30/20/10 (the top hands down without a buffer)", () => {
    expect(sales([]).annual).toBe(12000);
    expect(sales([]).handedDown).toBe(12000);
    expect(["华东", "华南", "华北", "其他"].map((n) => sales([n]).annual)).toEqual([4800, 3600, 2400, 1200]);
  });
  test("East hands down its 4,800 万 × 1.1: the new-customer department's 1,500 万 held, the teams 5 : 4 of the rest", () => {
    expect(sales(["华东"]).handedDown).toBe(5280);
    expect(sales(["华东", "新客户开发部"]).annual).toBe(1500);
    expect([sales(["华东", "华东一组"]).annual, sales(["华东", "华东二组"]).annual]).toEqual([2100, 1680]);
  });
  test("a team's people: a held 800 万, a new rep from July prorated, her first half held by the manager", () => {
    const team = nodeAt(r, ["华东", "华东一组"])!;
    expect(team.figures[0].handedDown).toBe(2310);
    const kids = team.children.map((k) => r.nodes[k]);
    expect(kids.map((k) => (k.vacancy ? "(held)" : k.name))).toEqual(["张伟", "王芳", "刘洋", "赵敏", "(held)"]);
    // Month weights 25×3, 30×3, 25×3, 20×3: July on is 135 of 300.
    expect(kids[3].figures[0].factor).toBeCloseTo(0.45, 12);
    const want = splitTotal(2310, [[1, 1, 1, 0.45, 0.55]], { unit: 1, fixed: [[800, 0, 0, 0, 0]] })[0];
    expect(kids.map((k) => k.figures[0].annual)).toEqual(want);
    expect(want).toEqual([800, 503, 503, 227, 277]);
    expect(kids[3].figures[0].months.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(sumOf(kids[3].figures[0].months)).toBe(227);
  });
  test("new customers: 80, North's 50 held, the rest by the regions' weights; counts are not over-assigned", () => {
    const nc = (p: string[]) => nodeAt(r, p)!.figures[1];
    expect(nc([]).annual).toBe(80);
    expect(["华东", "华南", "华北", "其他"].map((n) => nc([n]).annual)).toEqual(splitTotal(80, [[40, 30, 20, 10]], { unit: 1, fixed: [[0, 0, 50, 0]] })[0]);
    expect(nc(["华东"]).handedDown).toBe(nc(["华东"]).annual);
  });
  test("回款率 95 % is inherited; North's own 97 % goes to its subtree", () => {
    expect(nodeAt(r, ["华东", "华东一组", "赵敏"])!.figures[2].annual).toBe(0.95);
    expect(nodeAt(r, ["华北"])!.figures[2].annual).toBe(0.97);
  });
  test("bottom-up: the second team's commitments roll up, and a gap over 10 % is flagged", () => {
    const t2 = nodeAt(r, ["华东", "华东二组"])!.figures[0];
    expect(t2.bottomUp).toBe(1800);
    expect(t2.gap).toBe(1800 - 1680);
    const zhou = nodeAt(r, ["华东", "华东二组", "周杰"])!.figures[0];
    expect(zhou.gapShare!).toBeLessThan(-0.1);
    expect(zhou.flag).toBe(true);
    expect(nodeAt(r, ["华东", "华东二组", "孙丽"])!.figures[0].flag).toBe(false);
  });
  test("owners, deadlines (inherited), levels", () => {
    const zhao = nodeAt(r, ["华东", "华东一组", "赵敏"])!;
    expect(zhao.owner).toBe("赵敏");
    expect(zhao.deadline).toBe("2025-12-20");
    expect(zhao.level).toBe("个人");
    expect(nodeAt(r, ["华东", "新客户开发部"])!.level).toBe("部门");
    expect(nodesAtLevel(r, "区域").map((n) => n.name)).toEqual(["华东", "华南", "华北", "其他"]);
    expect(nodesAtLevel(r, "2").map((n) => n.name)).toEqual(["华东一组", "华东二组", "新客户开发部"]);
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- the raw JSON of the example, edited into broken plans */
describe("validation: one message per problem, with its JSON path", () => {
  const problems = (edit: (p: Record<string, any>) => void) => {
    const json = rawExample() as Record<string, any>;
    edit(json);
    const v = validatePlan(json);
    return v.ok ? [] : v.problems.map((p) => `${p.path}: ${p.message.en}`);
  };
  test("percentages that do not add up to 100", () => {
    expect(problems((p) => (p.cascade.root.children[3].weight = 5))).toEqual(["cascade.root.children: percentages add up to 95, not 100 (or mark one child as the rest)"]);
  });
  test("a child without the weight its parent's basis needs, and a rest under weights", () => {
    const got = problems((p) => {
      delete p.cascade.root.children[0].children[0].weight;
      p.cascade.root.children[0].children[1].rest = true;
    });
    expect(got).toContain("cascade.root.children[0].children[0].weight: needs a weight (or held, or its parent's basis even)");
  });
  test("held amounts beyond what the node hands down", () => {
    expect(problems((p) => (p.cascade.root.children[0].children[2].held = 60000000))).toEqual([
      "cascade.root.children[0].children: held amounts (6000) exceed what 华东 hands down (5280)",
    ]);
  });
  test("a start month on a node with children; a buffer on a person; an unknown target id", () => {
    const got = problems((p) => {
      p.cascade.root.children[0].startMonth = 3;
      p.cascade.root.children[1].buffer = 0.1;
      p.cascade.root.children[2].targets.visits = { weight: 1 };
    });
    expect(got).toEqual([
      "cascade.root.children[0].startMonth: only a person (a node without children) has a start month",
      "cascade.root.children[1].buffer: only a node with children hands down, so only it has a buffer",
      'cascade.root.children[2].targets.visits: no target has the id "visits"',
    ]);
  });
  test("a tree and a flat list at once; two siblings of one name", () => {
    expect(problems((p) => (p.cascade.people = [{ name: "x", path: [] }]))).toEqual([
      "cascade.people: give the tree (root with children) or the flat list (people, groups), not both",
    ]);
    expect(problems((p) => (p.cascade.root.children[1].name = "华东"))).toEqual(['cascade.root.children[1].name: "华东" appears twice under 公司']);
  });
  test("target types: a count without a total, a rate without a value, duplicate ids", () => {
    const got = problems((p) => {
      delete p.cascade.targets[1].total;
      delete p.cascade.targets[2].value;
      p.cascade.targets.push({ id: "sales", kind: "count", total: 1 });
    });
    expect(got).toEqual([
      "cascade.targets[1].total: a count needs its total (e.g. 80 new customers)",
      "cascade.targets[2].value: a rate needs its value (e.g. 0.95)",
      'cascade.targets[3].id: "sales" is used by another target',
    ]);
  });
  test("reconciling with commitments: every child commits, or none", () => {
    const got = problems((p) => {
      p.cascade.commitments.reconcile = "commitments";
      p.cascade.root.children[0].children[0].children[1].commitment = 5000000;
    });
    // 王芳 commits, 刘洋 does not (张伟 is held); the second team commits through its people, the first does not.
    expect(got).toEqual([
      "cascade.root.children[0].children[0].commitment: its siblings commit and the plan reconciles with commitments: give every child a commitment, or none",
      "cascade.root.children[0].children[0].children[2].commitment: its siblings commit and the plan reconciles with commitments: give every child a commitment, or none",
    ]);
  });
  test("a late starter whose months from the start all weigh 0", () => {
    const got = problems((p) => {
      p.cascade.root.children[0].children[0].children[3].lastYearMonths = [5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0, 0];
    });
    expect(got).toEqual(["cascade.root.children[0].children[0].children[3].startMonth: the months from 7 on all weigh 0, so nothing is left to prorate"]);
  });
  test("messages in Chinese too", () => {
    const json = rawExample() as Record<string, any>;
    json.cascade.root.children[3].weight = 5;
    const v = validatePlan(json);
    expect(v.ok ? "" : v.problems[0].message.zh).toBe("百分比合计为 95，不是 100（或把一个下级标为剩余）");
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * Every property the engine promises, on one worked-out cascade: the broken promises, as
 * lines (plain comparisons: 5,000 people would be slow as one expect each).
 */
function brokenPromises(r: CascadeResult): string[] {
  const out: string[] = [];
  const say = (n: { path: string[] }, ty: { id: string }, what: string) => out.push(`${n.path.join("/") || "(top)"} ${ty.id}: ${what}`);
  for (const n of r.nodes) {
    for (const ty of r.types) {
      const f = n.figures[ty.index];
      if (!ty.numeric) {
        const parent = n.parent < 0 ? undefined : r.nodes[n.parent].figures[ty.index].annual;
        if (parent !== undefined && !(ty.direction === "higher" ? f.annual >= parent - 1e-12 : f.annual <= parent + 1e-12)) say(n, ty, "a rate looser than its parent's");
        continue;
      }
      if (!near(sumOf(f.months), f.annual)) say(n, ty, `months add up to ${sumOf(f.months)}, not ${f.annual}`);
      f.quarters.forEach((q, i) => near(q, sumOf(f.months.slice(3 * i, 3 * i + 3))) || say(n, ty, `Q${i + 1} is not its months`));
      f.months.forEach((m, i) => (m === null) !== i + 1 < n.startMonth && say(n, ty, `month ${i + 1} is ${m} with start month ${n.startMonth}`));
      if (f.months.some((m) => m !== null && m < 0)) say(n, ty, "a negative month");
      if (n.leaf) continue;
      if (f.handedDown !== Number((f.annual * (1 + f.buffer)).toPrecision(15))) say(n, ty, `hands down ${f.handedDown}, not ${f.annual} × (1 + ${f.buffer})`);
      const kids = n.children.map((k) => r.nodes[k].figures[ty.index]);
      if (!near(sumOf(kids.map((k) => k.annual)), f.handedDown!)) say(n, ty, `children add up to ${sumOf(kids.map((k) => k.annual))}, not ${f.handedDown}`);
      for (const k of kids) if (k.held > 0 && k.annual !== k.held) say(n, ty, `a held ${k.held} became ${k.annual}`);
    }
  }
  return out;
}

/** Two worked-out cascades with the same figures, node by node (the held-by-manager rows too). */
function sameFigures(a: CascadeResult, b: CascadeResult): void {
  expect(b.nodes.map((n) => n.path.join("/"))).toEqual(a.nodes.map((n) => n.path.join("/")));
  expect(b.nodes.map((n) => n.figures)).toEqual(a.nodes.map((n) => n.figures));
}

describe("properties over random cascades (fixed seeds)", () => {
  const plans = fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => ({ seed, v: validatePlan(randomCascadePlan(seed)) }));

  test("children add up to target × (1 + buffer); months to quarters to the year; late starters' earlier months empty; rates only tighten", () => {
    fc.assert(
      fc.property(plans, ({ v }) => {
        fc.pre(v.ok);
        if (v.ok) expect(brokenPromises(resolveCascade(v.plan))).toEqual([]);
      }),
      { seed: 17, numRuns: 150 },
    );
  });

  test("the flat list (people and groups) and the equivalent tree give the same targets", () => {
    fc.assert(
      fc.property(plans, ({ v }) => {
        fc.pre(v.ok);
        if (!v.ok) return;
        const tree = cascadeTree(v.plan);
        const flat = flatInput(tree);
        const asList = valid({ ...v.plan, cascade: { ...v.plan.cascade, root: flat.root, groups: flat.groups, people: flat.people } });
        sameFigures(resolveCascade(v.plan), resolveCascade(asList));
        // And back: the list's tree written as a tree is the same tree.
        expect(treeInput(cascadeTree(asList))).toEqual(treeInput(tree));
      }),
      { seed: 23, numRuns: 100 },
    );
  });

  test("a late starter's factor is the share of their month weights from the start month on", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 12, maxLength: 12 }), fc.integer({ min: 1, max: 12 }), (w, s) => {
        fc.pre(w.some((x) => x > 0));
        const total = w.reduce((a, b) => a + b, 0);
        expect(prorate(w, s)).toBeCloseTo(w.slice(s - 1).reduce((a, b) => a + b, 0) / total, 12);
      }),
      { seed: 5, numRuns: 200 },
    );
  });
});

describe("reconciling with commitments", () => {
  const team = (reconcile: "topDown" | "commitments" | "blend", blend?: number): CascadeResult =>
    resolveCascade(
      valid({
        title: "t",
        year: 2025,
        total: 1000,
        cascade: {
          commitments: { reconcile, ...(blend !== undefined ? { blend } : {}) },
          root: { name: "Team", children: [{ name: "A", weight: 1, commitment: 600 }, { name: "B", weight: 1, commitment: 200 }, { name: "C", weight: 2, commitment: 200 }] },
        },
      }),
    );
  const annuals = (r: CascadeResult) => r.nodes.slice(1).map((n) => n.figures[0].annual);
  test("topDown keeps the weights; commitments take their shape (the total from the top); a blend mixes the two shares", () => {
    expect(annuals(team("topDown"))).toEqual([250, 250, 500]);
    expect(annuals(team("commitments"))).toEqual([600, 200, 200]);
    // Half of 1/4, 1/4, 1/2 and half of 0.6, 0.2, 0.2.
    expect(annuals(team("blend", 0.5))).toEqual(splitTotal(1000, [[0.5 * 0.25 + 0.5 * 0.6, 0.5 * 0.25 + 0.5 * 0.2, 0.5 * 0.5 + 0.5 * 0.2]], { unit: 1 })[0]);
    expect(team("commitments").nodes[0].figures[0].mode).toBe("commitments");
  });
});

describe("edits a pane makes", () => {
  test("a changed team weight moves that region's teams and people, and nothing outside the region", () => {
    const plan = valid(rawExample());
    const before = resolveCascade(plan);
    const after = resolveCascade(valid(editCascadeNode(plan, ["华东", "华东一组"], { weight: 6 })));
    const eastOf = (r: CascadeResult) => r.nodes.filter((n) => n.path[0] === "华东" && n.depth > 1).map((n) => n.figures[0].annual);
    const restOf = (r: CascadeResult) => r.nodes.filter((n) => n.path[0] !== "华东").map((n) => n.figures);
    expect(eastOf(after)).not.toEqual(eastOf(before));
    expect(restOf(after)).toEqual(restOf(before));
    expect(nodeAt(after, ["华东", "华东一组"])!.figures[0].annual).toBe(Math.round((3780 * 6) / 10));
  });
  test("in a flat list too: a person's hold, a group's buffer (a group only named in paths gets an entry)", () => {
    const listPlan = valid({
      title: "list",
      year: 2025,
      total: 4000000,
      unit: "万元",
      cascade: {
        groups: [{ path: ["East"], owner: "Chen" }],
        people: [
          { name: "Ann", path: ["East", "T1"] },
          { name: "Bo", path: ["East", "T1"] },
          { name: "Cy", path: ["East", "T2"] },
          { name: "Di", path: [] },
        ],
      },
    });
    const r = resolveCascade(listPlan);
    expect(r.nodes.map((n) => n.path.join("/"))).toEqual(["", "East", "East/T1", "East/T1/Ann", "East/T1/Bo", "East/T2", "East/T2/Cy", "Di"]);
    expect(nodeAt(r, ["East"])!.figures[0].annual).toBe(200);
    const held = resolveCascade(valid(editCascadeNode(listPlan, ["East", "T1", "Bo"], { held: 600000 })));
    expect(nodeAt(held, ["East", "T1"])!.children.map((k) => held.nodes[k].figures[0].annual)).toEqual([40, 60]);
    const buffered = valid(editCascadeNode(listPlan, ["East", "T1"], { buffer: 0.2 }));
    expect(buffered.cascade!.groups).toEqual([{ path: ["East"], owner: "Chen" }, { path: ["East", "T1"], buffer: 0.2 }]);
    expect(nodeAt(resolveCascade(buffered), ["East", "T1"])!.figures[0].handedDown).toBe(120);
    expect(() => editCascadeNode(listPlan, ["East", "nobody"], { weight: 1 })).toThrow("no node");
  });
});

describe("size", () => {
  test("5,000 people in four levels and a tree six levels deep work out and keep every promise", () => {
    const big = valid(bigCascadePlan(5000));
    const r = resolveCascade(big);
    expect(r.nodes.filter((n) => n.person)).toHaveLength(5000);
    expect(brokenPromises(r)).toEqual([]);
    let node: CascadeNodeInput = { name: "P", weight: 1 };
    for (let d = 5; d >= 1; d--) node = { name: `L${d}`, weight: 1, children: [node, { name: `Q${d}`, weight: 2 }] };
    const deep = resolveCascade(valid({ title: "deep", year: 2025, total: 1e6, cascade: { buffer: 0.1, root: { name: "Top", children: [node] } } }));
    expect(deep.maxDepth).toBe(6);
    expect(brokenPromises(deep)).toEqual([]);
  });
});

describe("a pasted org list (what HR or a CRM exports)", () => {
  const table = [
    ["区域", "团队", "姓名", "权重", "固定额", "入职月份", "承诺", "负责人"],
    ["华东", "华东一组", "张伟", "1", "800", "", "", ""],
    ["华东", "华东一组", "王芳", "1", "", "", "", ""],
    ["华东", "华东一组", "赵敏", "1", "", "7", "", ""],
    ["华东", "华东二组", "孙丽", "1.2", "", "", "900", "孙丽"],
    ["", "", "", "", "", "", "", ""],
  ];
  test("people with their groups and figures; amounts in 万元 become 元; the groups' headers are the levels between", () => {
    const got = peopleFromTable(table, 10000);
    expect(got.problems).toEqual([]);
    expect(got.groupLevels).toEqual(["区域", "团队"]);
    expect(got.people).toEqual([
      { name: "张伟", path: ["华东", "华东一组"], weight: 1, held: 8000000 },
      { name: "王芳", path: ["华东", "华东一组"], weight: 1 },
      { name: "赵敏", path: ["华东", "华东一组"], weight: 1, startMonth: 7 },
      { name: "孙丽", path: ["华东", "华东二组"], weight: 1.2, commitment: 9000000, owner: "孙丽" },
    ]);
    // Into a plan: the list's tree, split as the engine splits a tree.
    const plan = valid({ title: "pasted", year: 2025, unit: "万元", total: 30000000, cascade: { levels: ["公司", ...got.groupLevels, "个人"], people: got.people } });
    const r = resolveCascade(plan);
    expect(r.nodes.filter((n) => n.person).map((n) => n.name)).toEqual(["张伟", "王芳", "赵敏", "孙丽"]);
    expect(nodeAt(r, ["华东", "华东一组", "张伟"])!.figures[0].annual).toBe(800);
    expect(nodeAt(r, ["华东", "华东一组"])!.level).toBe("团队");
  });
  test("what is wrong, by cell: no name column; a bad number; a start month of 13; a bad date", () => {
    expect(peopleFromTable([["Region", "Who"], ["East", "Ann"]]).problems[0]).toMatchObject({ row: 0, col: 0, message: { en: "no column of names (a header such as Name or 姓名)" } });
    const bad = peopleFromTable([
      ["Region", "Name", "Weight", "Start month", "Deadline"],
      ["East", "Ann", "abc", "13", "2025/12/31"],
      ["East", "", "1", "", ""],
    ]);
    expect(bad.problems.map((p) => [p.row, p.col, p.message.en])).toEqual([
      [1, 2, '"abc" is not a number 0 or more'],
      [1, 3, 'a start month is 1 to 12, not "13"'],
      [1, 4, '"2025/12/31" is not a date written YYYY-MM-DD'],
      [2, 1, "no name"],
    ]);
    expect(bad.problems[0].message.zh).toBe("“abc”不是大于等于 0 的数字");
  });
});
