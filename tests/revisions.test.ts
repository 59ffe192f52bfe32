/*
 * Targets revised with a record: a plan's `revisions` are checked (dates oldest first, a node
 * that exists, `from` the node's target before the revision, a plan that still splits after
 * it), applied in order (the node held at its new target, the rest re-spread as the plan
 * says), and logged on a sheet of their own whose check reads the revised node's cell. The
 * generated formulas are evaluated with the workbook evaluator of tests/helpers: every
 * `Check_*` is TRUE after the revisions, and the revised node's cell holds the new figure.
 * Properties (fast-check, fixed seeds): after any revision of a split or of a cascade node,
 * every split still adds up exactly and the revised node holds its new figure.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { type Plan, resolveSplit, validatePlan } from "../src/sheets/plan";
import { nodeAt, resolveCascade } from "../src/sheets/cascade";
import { applyRevisions, currentTarget, revisionsOf, REVISION_WORDS } from "../src/sheets/revisions";
import type { Revision } from "../src/sheets/revision-plan";
import { buildMemberWorkbooks, buildPlanWorkbook } from "../src/sheets/workbook";
import type { WorkbookSpec } from "../src/sheets/spec";
import { placedRows, workbookEvaluator } from "./helpers/formula-eval";
import { randomCascadePlan } from "./helpers/cascade-plans";

const ROOT = path.resolve(__dirname, "..");
const read = (file: string): Plan => JSON.parse(fs.readFileSync(path.join(ROOT, "examples", file), "utf8")) as Plan;

function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}

const rev = (node: Revision["node"], from: number, to: number, date = "2025-07-01"): Revision => ({
  date,
  node,
  from,
  to,
  why: "市场变化：华东大客户流失",
  approvedBy: ["李总监", "=HYPERLINK(\"x\")"],
});

/** Every Check_* of a workbook evaluated from its formulas. */
function checks(spec: WorkbookSpec): Record<string, unknown> {
  const book = workbookEvaluator(spec.sheets.map((s) => ({ name: s.name, rows: placedRows(s) })));
  return Object.fromEntries(spec.names.filter((n) => n.name.startsWith("Check_")).map((n) => [n.name, book.at(n.sheet, n.ref)]));
}

describe("a split's member revised", () => {
  const seed = read("seed-plan.json");
  const revised = valid({ ...seed, revisions: [rev({ split: "region", member: "华东" }, 48000000, 45000000)] });

  it("holds the member at its new amount and shares the rest by the others' percentages", () => {
    const r = resolveSplit(applyRevisions(revised), "region");
    expect(r.amounts).toEqual([4500, 3750, 2500, 1250]);
    expect(r.amounts.reduce((a, b) => a + b, 0)).toBe(12000);
  });

  it("keeps the plan's own figures and the revision list as written (the workbook stores them)", () => {
    const spec = buildPlanWorkbook(revised, { lang: "zh", asOf: "2025-07-31" });
    expect(spec.plan).toBe(revised);
    expect((spec.plan as Plan).splits![1].members![0].held).toBeUndefined();
  });

  it("logs the revision on a sheet a rep can read, names and reasons as text", () => {
    const spec = buildPlanWorkbook(revised, { lang: "zh", asOf: "2025-07-31" });
    const sheet = spec.sheets.find((s) => s.name === "修订记录")!;
    expect(sheet).toBeDefined();
    expect(sheet.rows[3].map((c) => (c && "v" in c ? c.v : null))).toEqual([...REVISION_WORDS.zh.header]);
    const row = sheet.rows[4];
    expect(row[2]).toEqual({ v: "区域: 华东" });
    expect(row[4]).toEqual({ v: 4800 });
    expect(row[5]).toEqual({ v: 4500 });
    expect(row[8]).toEqual({ v: "市场变化：华东大客户流失" });
    // A name that looks like a formula stays text.
    expect(row[9]).toEqual({ v: '李总监、=HYPERLINK("x")' });
    const en = buildPlanWorkbook(revised, { lang: "en", asOf: "2025-07-31" }).sheets.find((s) => s.name === "Revisions")!;
    expect(en.rows[3].map((c) => (c && "v" in c ? c.v : null))).toEqual([...REVISION_WORDS.en.header]);
    expect(en.rows[4][9]).toEqual({ v: '李总监, =HYPERLINK("x")' });
  });

  it("evaluates every check TRUE, the revised cell reading the new figure", () => {
    const spec = buildPlanWorkbook(revised, { lang: "zh", asOf: "2025-07-31" });
    const c = checks(spec);
    expect(c.Check_Revisions).toBe(true);
    for (const [name, v] of Object.entries(c)) expect([name, v]).toEqual([name, true]);
    const book = workbookEvaluator(spec.sheets.map((s) => ({ name: s.name, rows: placedRows(s) })));
    expect(book.at("修订记录", "H5")).toBe(4500);
    expect(book.at("修订记录", "G5")).toBe(-300);
  });

  it("turns its check FALSE when the revised cell is typed over", () => {
    const spec = buildPlanWorkbook(revised, { lang: "zh", asOf: "2025-07-31" });
    const book = workbookEvaluator(spec.sheets.map((s) => ({ name: s.name, rows: placedRows(s) })));
    const now = spec.sheets.find((s) => s.name === "修订记录")!.rows[4][7] as { f: string };
    const [sheet, cell] = now.f.split("!");
    book.set(sheet.replace(/^'|'$/g, ""), cell, 4800);
    const check = spec.names.find((n) => n.name === "Check_Revisions")!;
    expect(book.at(check.sheet, check.ref)).toBe(false);
  });

  it("applies revisions in order: a second revision of the same member starts from the first's figure", () => {
    const twice = valid({
      ...seed,
      revisions: [rev({ split: "region", member: "华东" }, 48000000, 45000000), rev({ split: "region", member: "华南" }, 37500000, 36000000, "2025-09-01"), rev({ split: "region", member: "华东" }, 45000000, 46000000, "2025-10-01")],
    });
    expect(resolveSplit(applyRevisions(twice), "region").amounts).toEqual([4600, 3600, 2533, 1267]);
    const c = checks(buildPlanWorkbook(twice, { lang: "en", asOf: "2025-10-31" }));
    for (const [name, v] of Object.entries(c)) expect([name, v]).toEqual([name, true]);
  });

  it("carries a revised member's tracking row and month targets", () => {
    const plan = valid({ ...seed, revisions: [rev({ split: "quarter", member: "Q4" }, 24000000, 20000000)] });
    const q = resolveSplit(applyRevisions(plan), "quarter").amounts;
    expect(q[3]).toBe(2000);
    expect(q.reduce((a, b) => a + b, 0)).toBe(12000);
    const c = checks(buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-07-31" }));
    for (const [name, v] of Object.entries(c)) expect([name, v]).toEqual([name, true]);
  });

  it("gives a member's own workbook (--per) its figures and its own revisions, as a record", () => {
    const books = buildMemberWorkbooks(revised, "region", { lang: "zh", asOf: "2025-07-31" });
    const east = books.find((b) => b.member === "华东")!.spec;
    const plan = east.plan as Plan;
    expect(plan.total).toBe(45000000);
    expect(plan.revisions).toEqual([{ ...revised.revisions![0], applied: true }]);
    expect(validatePlan(plan).ok).toBe(true);
    expect(east.sheets.some((s) => s.name === "修订记录")).toBe(true);
    const south = books.find((b) => b.member === "华南")!.spec;
    expect((south.plan as Plan).total).toBe(37500000);
    expect((south.plan as Plan).revisions).toBeUndefined();
  });
});

describe("revisions that cannot stand", () => {
  const seed = read("seed-plan.json");
  const problems = (revisions: Revision[]) => {
    const v = validatePlan({ ...seed, revisions });
    return v.ok ? [] : v.problems;
  };

  it("refuses a from that is not the node's target before the revision, in both languages", () => {
    const p = problems([rev({ split: "region", member: "华东" }, 50000000, 45000000)]);
    expect(p).toEqual([
      {
        path: "revisions[0].from",
        message: { en: "is 50000000, but the node's target before this revision is 48000000", zh: "为 50000000，但此次修订前该节点的目标为 48000000" },
      },
    ]);
  });

  it("refuses a target above what the split holds", () => {
    const p = problems([rev({ split: "region", member: "华东" }, 48000000, 130000000)]);
    expect(p.map((x) => x.path)).toEqual(["revisions[0].to"]);
    expect(p[0].message.en).toMatch(/^cannot be applied: after it, splits\[1\]\.members/);
    expect(p[0].message.zh).toMatch(/^无法应用：修订后，splits\[1\]\.members/);
  });

  it("refuses a node that is not there, and dates out of order", () => {
    const p = problems([rev({ split: "region", member: "西部" }, 1, 2, "2025-08-01"), rev({ split: "region", member: "华东" }, 48000000, 45000000, "2025-07-01")]);
    expect(p).toEqual([
      { path: "revisions[0].node", message: { en: '"西部" is not a member of split "region"', zh: "“西部”不是分解“region”的成员" } },
      { path: "revisions[1].date", message: { en: "is before the revision above it (2025-08-01): list revisions oldest first", zh: "早于上一条修订（2025-08-01）：修订记录应按时间先后排列" } },
    ]);
  });

  it("refuses a cascade node in a plan without a cascade, and a month within its quarter", () => {
    expect(problems([rev({ cascade: ["华东"] }, 1, 2)]).map((x) => x.message.en)).toEqual(["the plan has no cascade"]);
  });
});

describe("a cascade node revised", () => {
  const example = valid(read("cascade.json"));
  const at = (plan: Plan, p: string[]) => nodeAt(resolveCascade(applyRevisions(plan)), p)!;

  it("holds a person at the new target and re-shares the team's hand-down", () => {
    const plan = valid({ ...example, revisions: [rev({ cascade: ["华东", "华东一组", "王芳"] }, currentValue(example, ["华东", "华东一组", "王芳"]), 5000000)] });
    const team = at(plan, ["华东", "华东一组"]);
    expect(at(plan, ["华东", "华东一组", "王芳"]).figures[0].annual).toBe(500);
    const result = resolveCascade(applyRevisions(plan));
    const kids = team.children.map((k) => result.nodes[k].figures[0].annual);
    expect(kids.reduce((a, b) => a + b, 0)).toBeCloseTo(team.figures[0].handedDown!, 9);
    const c = checks(buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-07-31" }));
    expect(c.Check_Revisions).toBe(true);
    for (const [name, v] of Object.entries(c)) expect([name, v]).toEqual([name, true]);
  });

  it("holds a region of a percent split, the others keeping their percentages as weights", () => {
    const plan = valid({ ...example, revisions: [rev({ cascade: ["华北"] }, 24000000, 20000000)] });
    const result = resolveCascade(applyRevisions(plan));
    const regions = result.nodes[0].children.map((k) => result.nodes[k].figures[0].annual);
    expect(regions).toEqual([5000, 3750, 2000, 1250]);
    const c = checks(buildPlanWorkbook(plan, { lang: "en", asOf: "2025-07-31" }));
    for (const [name, v] of Object.entries(c)) expect([name, v]).toEqual([name, true]);
  });

  it("revises a count of its own (new customers)", () => {
    const from = currentValue(example, ["华南"], "newCustomers");
    const plan = valid({ ...example, revisions: [rev({ cascade: ["华南"], target: "newCustomers" }, from, from + 2)] });
    expect(at(plan, ["华南"]).figures[1].annual).toBe(from + 2);
  });

  it("names a person's revisions for My targets", () => {
    const plan = valid({ ...example, revisions: [rev({ cascade: ["华东", "华东一组", "王芳"] }, currentValue(example, ["华东", "华东一组", "王芳"]), 5000000)] });
    expect(revisionsOf(plan, "王芳")).toHaveLength(1);
    expect(revisionsOf(plan, "张伟")).toHaveLength(0);
  });
});

/** A node's target now, in 元 (or a count). */
function currentValue(plan: Plan, p: string[], target?: string): number {
  const found = currentTarget(plan, { cascade: p, ...(target ? { target } : {}) });
  if (!found.ok) throw new Error(found.message.en);
  return found.target.value;
}

describe("properties: any revision leaves every split adding up, the revised node held", () => {
  it("a split's member revised to any amount within the total", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 8 }),
        fc.nat(),
        fc.integer({ min: 1, max: 10 ** 7 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, pick, total, share) => {
          fc.pre(weights.some((w) => w > 0));
          const k = pick % weights.length;
          fc.pre(weights.some((w, i) => i !== k && w > 0));
          const plan = valid({ title: "t", year: 2025, total, splits: [{ id: "s", kind: "person", members: weights.map((w, i) => ({ name: `P${i}`, weight: w })) }] });
          const from = resolveSplit(plan, "s").amounts[k];
          const to = Math.round(total * share);
          const revised = valid({ ...plan, revisions: [rev({ split: "s", member: `P${k}` }, from, to)] });
          const r = resolveSplit(applyRevisions(revised), "s");
          expect(r.amounts[k]).toBe(to);
          expect(r.amounts.reduce((a, b) => a + b, 0)).toBe(total);
          for (const [name, v] of Object.entries(checks(buildPlanWorkbook(revised, { lang: "en", asOf: "2025-07-31" })))) expect([name, v]).toEqual([name, true]);
        },
      ),
      { seed: 20251207, numRuns: 60 },
    );
  });

  it("a random cascade's node revised to any figure its parent can hold", () => {
    let applied = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (planSeed, pick, share) => {
        const v = validatePlan(randomCascadePlan(planSeed, { maxChildren: 4 }));
        fc.pre(v.ok);
        const plan = (v as { plan: Plan }).plan;
        const result = resolveCascade(plan);
        const ty = result.types.find((t) => t.primary)!;
        const candidates = result.nodes.filter((n) => n.depth > 0 && !n.vacancy);
        fc.pre(candidates.length > 0);
        const node = candidates[pick % candidates.length];
        const parent = result.nodes[node.parent];
        const siblings = parent.children.map((k) => result.nodes[k]).filter((k) => k.index !== node.index);
        const heldElsewhere = siblings.reduce((a, k) => a + k.figures[ty.index].held, 0);
        // Some free sibling left to take the rest, or the node takes exactly what is left.
        const free = siblings.filter((k) => k.figures[ty.index].held === 0);
        const room = parent.figures[ty.index].handedDown! - heldElsewhere;
        const unit = ty.roundTo > 0 ? ty.roundTo : 1;
        const toDisplay = free.length ? Math.floor((room * share) / unit) * unit : room;
        const from = node.figures[ty.index].annual * ty.scale;
        const to = Number((toDisplay * ty.scale).toPrecision(15));
        const checked = validatePlan({ ...plan, revisions: [rev({ cascade: node.path }, Number(from.toPrecision(15)), to)] });
        // A revision the plan cannot take (a free sibling weighing 0 …) is refused with a message, never applied.
        if (!checked.ok) {
          expect(checked.problems.every((p) => p.path.startsWith("revisions[0]"))).toBe(true);
          return;
        }
        applied++;
        const after = resolveCascade(applyRevisions(checked.plan));
        const revised = nodeAt(after, node.path)!;
        expect(Math.abs(revised.figures[ty.index].annual - toDisplay)).toBeLessThanOrEqual(1e-9 * Math.max(1, toDisplay));
        for (const n of after.nodes) {
          if (n.leaf) continue;
          for (const t of after.types) {
            if (!t.numeric) continue;
            const kids = n.children.reduce((a, k) => a + after.nodes[k].figures[t.index].annual, 0);
            const want = n.figures[t.index].handedDown!;
            expect(Math.abs(kids - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
          }
        }
      }),
      { seed: 7121, numRuns: 80 },
    );
    // Most revisions drawn are ones the plan can take: the property is about them.
    expect(applied).toBeGreaterThan(40);
  });
});

describe("plan revise (CLI)", () => {
  it("appends a revision with its from worked out, checks it, and writes beside the name; refuses what cannot stand, both languages", async () => {
    const os = await import("node:os");
    const { main } = await import("../src/cli/run");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-revise-"));
    try {
      fs.copyFileSync(path.join(ROOT, "examples", "seed-plan.json"), path.join(dir, "plan.json"));
      const lines: string[] = [];
      const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) };
      const args = ["revise", "plan.json", "--split", "region", "--member", "华东", "--to", "45,000,000", "--why", "市场变化", "--by", "销售负责人,总经理", "--date", "2025-07-01"];
      expect(await main([...args, "-o", "revised.json"], io, { cwd: dir })).toBe(0);
      expect(lines).toEqual(["Wrote revised.json: region: 华东 revised from 48,000,000 to 45,000,000 on 2025-07-01."]);
      const revised = valid(JSON.parse(fs.readFileSync(path.join(dir, "revised.json"), "utf8")));
      expect(revised.revisions).toEqual([{ date: "2025-07-01", node: { split: "region", member: "华东" }, from: 48000000, to: 45000000, why: "市场变化", approvedBy: ["销售负责人", "总经理"] }]);
      // A second revision of the same member starts from the first one's figure.
      const again: string[] = [];
      expect(await main(["revise", "revised.json", "--split", "region", "--member", "华东", "--to", "46000000", "--why", "回升", "--by", "总经理", "--date", "2025-10-01", "-o", "revised.json", "--force"], { out: (l) => again.push(l), err: (l) => again.push(l) }, { cwd: dir })).toBe(0);
      expect(valid(JSON.parse(fs.readFileSync(path.join(dir, "revised.json"), "utf8"))).revisions!.map((r) => r.from)).toEqual([48000000, 45000000]);
      // More than the total: refused, nothing written.
      const zh: string[] = [];
      expect(await main(["revise", "plan.json", "--split", "region", "--member", "华东", "--to", "200000000", "--why", "x", "--by", "y", "-o", "big.json", "--lang", "zh"], { out: (l) => zh.push(l), err: (l) => zh.push(l) }, { cwd: dir })).toBe(1);
      expect(zh[0]).toMatch(/^无法做此修订：revisions\[0\]\.to：无法应用：修订后，splits\[1\]\.members/);
      expect(fs.existsSync(path.join(dir, "big.json"))).toBe(false);
      expect(fs.readdirSync(dir).sort()).toEqual(["plan.json", "revised.json"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
