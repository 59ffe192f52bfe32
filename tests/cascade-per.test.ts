/*
 * One workbook per node (`build --per <level>`): each node's plan validates on its own and
 * gives its subtree exactly the whole plan's figures (the example, and random cascades with a
 * fixed seed); a region's or a person's .xlsx holds no one else's name or numbers anywhere —
 * cells, defined-name comments, document properties or the stored plan; the CLI writes one
 * file per node of a level and names the levels when it does not know one.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import JSZip from "jszip";
import { type CascadeResult, nodesAtLevel, resolveCascade } from "../src/sheets/cascade";
import { cascadeNodePlans, cascadePlanForNode } from "../src/sheets/cascade-per";
import { type Plan, validatePlan } from "../src/sheets/plan";
import { buildMemberWorkbooks } from "../src/sheets/workbook";
import { writeXlsx } from "../src/xlsx/write";
import { main } from "../src/cli/run";
import { workbookEvaluator } from "./helpers/formula-eval";
import { randomCascadePlan } from "./helpers/cascade-plans";

const ROOT = path.resolve(__dirname, "..");
const EXAMPLE = path.join(ROOT, "examples", "cascade.json");
function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}
const example = (): Plan => valid(JSON.parse(fs.readFileSync(EXAMPLE, "utf8")));
/** The example with its fourth region renamed: "其他" (Other) is also a word the letters use ("五、其他"). */
function distinctNames(): Plan {
  const json = JSON.parse(fs.readFileSync(EXAMPLE, "utf8"));
  json.cascade.root.children[3].name = "西南华中";
  return valid(json);
}

/** The subtree of `path` in `whole` has the same figures as `part`, node for node (paths relative). */
function sameSubtree(whole: CascadeResult, path: string[], part: CascadeResult): void {
  const key = (p: string[]) => p.join("/");
  const inWhole = whole.nodes.filter((n) => key(n.path.slice(0, path.length)) === key(path));
  expect(part.nodes.map((n) => key(n.path))).toEqual(inWhole.map((n) => key(n.path.slice(path.length))));
  // The top's place among its former siblings (weight, held, split weight, prorate factor) is not its plan's any more.
  const own = (n: CascadeResult["nodes"][number], i: number) =>
    n.figures.map((f) => (i > 0 ? f : { ...f, weight: undefined, splitWeight: undefined, held: undefined, rest: undefined, factor: undefined, sharedWeight: undefined, ownRate: undefined }));
  // Equal, numbers within the engine's 1e-9 (exact shares, unrounded, pass through 元 and back with 15 digits).
  const rounded = (x: unknown): unknown =>
    typeof x === "number" ? Number(x.toPrecision(10)) : Array.isArray(x) ? x.map(rounded) : x && typeof x === "object" ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, rounded(v)])) : x;
  expect(rounded(part.nodes.map(own))).toEqual(rounded(inWhole.map(own)));
  expect(part.nodes.map((n) => [n.owner, n.deadline, n.startMonth, n.person])).toEqual(inWhole.map((n) => [n.owner, n.deadline, n.startMonth, n.person]));
}

describe("a node's plan gives its subtree the whole plan's figures", () => {
  const plan = example();
  const whole = resolveCascade(plan);
  test.each(["区域", "团队", "个人", "部门", "person"])("every node of %s", (level) => {
    const nodes = nodesAtLevel(whole, level);
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) {
      const own = valid(cascadePlanForNode(plan, n.path, whole));
      sameSubtree(whole, n.path, resolveCascade(own));
    }
  });
  test("random cascades, a random node (fixed seed)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.nat(), (seed, pick) => {
        const v = validatePlan(randomCascadePlan(seed));
        fc.pre(v.ok);
        if (!v.ok) return;
        const r = resolveCascade(v.plan);
        const real = r.nodes.filter((n) => !n.vacancy);
        const n = real[pick % real.length];
        const own = validatePlan(cascadePlanForNode(v.plan, n.path, r));
        expect(own.ok ? [] : own.problems).toEqual([]);
        if (own.ok) sameSubtree(r, n.path, resolveCascade(own.plan));
      }),
      { seed: 41, numRuns: 120 },
    );
  });
});

/** Every text of an .xlsx package: cell strings, formulas, names and comments, properties, the stored plan. */
async function textsOf(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const parts: string[] = [];
  for (const f of Object.values(zip.files)) if (!f.dir && /\.(xml|rels)$/.test(f.name)) parts.push(await f.async("string"));
  return parts
    .join("\n")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

describe("members of a level", () => {
  test("named by their names, or their paths where names repeat", () => {
    const plan = valid({
      title: "t",
      year: 2025,
      total: 1000,
      cascade: { levels: ["Top", "Region", "Team"], root: { name: "Top", children: [{ name: "East", children: [{ name: "One" }, { name: "Two" }] }, { name: "West", children: [{ name: "One" }] }] } },
    });
    expect(cascadeNodePlans(plan, "Team").map((x) => x.member)).toEqual(["East · One", "Two", "West · One"]);
    expect(cascadeNodePlans(plan, "Region").map((x) => x.plan.cascade!.targets![0].total)).toEqual([500, 500]);
    expect(cascadeNodePlans(plan, "nowhere")).toEqual([]);
  });
});

describe("a node's workbook holds no one else's names or numbers", () => {
  const plan = distinctNames();
  const whole = resolveCascade(plan);
  const company = plan.cascade!.company!;
  /** Names and owners of the nodes outside the subtree of `path` (the company, party A of the letters, aside). */
  function others(path: string[]): { names: string[]; allowed: string[] } {
    const inside = (p: string[]) => path.every((x, i) => p[i] === x);
    const mine = whole.nodes.filter((n) => inside(n.path));
    const allowed = [...new Set([company, ...mine.flatMap((n) => [n.name, n.owner ?? ""])].filter(Boolean))];
    const names = [...new Set(whole.nodes.filter((n) => !n.vacancy && !inside(n.path)).flatMap((n) => [n.name, n.owner ?? ""]))].filter((x) => x && !allowed.includes(x));
    return { names, allowed };
  }
  test.each([["区域", "华东"], ["个人", "赵敏"], ["个人", "孙丽"], ["区域", "华北"]])("%s %s: no other name in any part of the file, none in the stored plan", async (level, member) => {
    const book = buildMemberWorkbooks(plan, level, { lang: "zh", asOf: "2025-06-30" }).find((b) => b.member === member)!;
    const text = await textsOf(await writeXlsx(book.spec));
    const path = nodesAtLevel(whole, level).find((n) => n.name === member)!.path;
    const { names, allowed } = others(path);
    expect(names.length).toBeGreaterThan(3);
    // A name inside an allowed one ("华东" in "华东一组") is looked for as a whole cell or plan string; the others anywhere.
    const cells = new Set([...text.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]));
    const planText = JSON.stringify(book.spec.plan);
    const strings = new Set<string>();
    JSON.stringify(book.spec.plan, (_k, v) => (typeof v === "string" && strings.add(v), v));
    const leaks = names.filter((name) => (allowed.some((a) => a.includes(name)) ? cells.has(name) || strings.has(name) : text.includes(name) || planText.includes(name)));
    expect(leaks).toEqual([]);
    // Their numbers: no company total, no last year, no other node's annual target in the stored plan.
    const stored = book.spec.plan as Plan;
    expect(stored.total).toBeUndefined();
    expect(stored.lastYear).toBeUndefined();
    expect(stored.splits).toBeUndefined();
    const otherAmounts = whole.nodes.filter((n) => !path.every((x, i) => n.path[i] === x)).map((n) => n.figures[0].annual * 10000).filter((x) => x >= 1e6 && x !== stored.cascade!.targets![0].total);
    expect(otherAmounts.filter((x) => planText.includes(String(x)))).toEqual([]);
  });

  test("a region's workbook: its checks all TRUE, its people's targets the whole plan's", () => {
    const book = buildMemberWorkbooks(plan, "区域", { lang: "zh" }).find((b) => b.member === "华东")!;
    const table = book.spec.sheets[0];
    const ev = workbookEvaluator(book.spec.sheets.map((s) => ({ name: s.name, rows: s.rows })));
    expect(book.spec.names.filter((x) => x.sheet === table.name).length).toBeGreaterThan(3);
    for (const n of book.spec.names.filter((x) => x.sheet !== "绩效考核表")) expect([n.name, ev.at(n.sheet, n.ref)]).toEqual([n.name, true]);
    expect(book.spec.sheets.map((s) => s.name)).toEqual(["销售目标分解表", "目标责任书", "分解跟踪表", "绩效考核表"]);
  });

  test("a person's workbook: their own rows only, their own letter", () => {
    const book = buildMemberWorkbooks(plan, "个人", { lang: "zh" }).find((b) => b.member === "赵敏")!;
    const table = book.spec.sheets[0];
    const data = table.rows.slice(5).filter((r) => r[1] && "v" in r[1]);
    expect(data.map((r) => (r[1] as { v: string }).v)).toEqual(["赵敏", "赵敏"]);
    expect(data[0][7]).toMatchObject({ v: 227, input: true });
    const letters = book.spec.sheets[1];
    expect(letters.rowBreaks).toEqual([]);
  });
});

describe("the CLI: --per <level>", () => {
  const out = () => fs.mkdtempSync(path.join(os.tmpdir(), "tp-per-"));
  const io = () => {
    const lines = { out: [] as string[], err: [] as string[] };
    return { lines, io: { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l) } };
  };
  test("one workbook per region, and per person", async () => {
    const dir = out();
    const a = io();
    expect(await main(["build", EXAMPLE, "--per", "区域", "-o", path.join(dir, "regions")], a.io)).toBe(0);
    expect(fs.readdirSync(path.join(dir, "regions")).sort()).toEqual(["其他.xlsx", "华东.xlsx", "华北.xlsx", "华南.xlsx"].sort());
    const b = io();
    expect(await main(["build", EXAMPLE, "--per", "个人", "-o", path.join(dir, "people"), "--lang", "zh"], b.io)).toBe(0);
    expect(fs.readdirSync(path.join(dir, "people"))).toHaveLength(7);
    expect(b.lines.out[0]).toContain("7 个工作簿");
  });
  test("a level the plan does not have: the message names the levels it has", async () => {
    const c = io();
    expect(await main(["build", EXAMPLE, "--per", "galaxy", "-o", out()], c.io)).toBe(1);
    expect(c.lines.err[0]).toContain("公司, 区域, 团队, 个人, 部门, person");
  });
});
