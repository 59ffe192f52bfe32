/*
 * The scorecard that follows the tree (cascade.scorecard): a row per node of the chosen level
 * with its people right below; a node's revenue is its people's sum, its target the table's
 * annual cell, its sales KPI's actual the attainment, scored by the plan's rules, bands and
 * commission. The generated formulas are evaluated (src/sheets/evaluate.ts); what they should
 * give is worked out here from the plan's inputs with core's score, band and commission
 * functions. The node's check turns FALSE when its sum or its attainment is typed over.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bandLookup } from "../src/core/band";
import { commissionOf } from "../src/core/commission";
import { scoreKpi } from "../src/core/score";
import fc from "fast-check";
import { nodeAt, resolveCascade } from "../src/sheets/cascade";
import { buildCascadeSheets } from "../src/sheets/cascade-workbook";
import { cellA1 } from "../src/sheets/formulas";
import { type Plan, validatePlan } from "../src/sheets/plan";
import type { SheetSpec } from "../src/sheets/spec";
import { buildMemberWorkbooks, buildPlanWorkbook, sheetsOfKind } from "../src/sheets/workbook";
import { loadXlsx } from "../src/xlsx/read";
import { writeXlsx } from "../src/xlsx/write";
import { randomCascadePlan } from "./helpers/cascade-plans";
import { XlError, type XlValue, workbookEvaluator } from "./helpers/formula-eval";

const ROOT = path.resolve(__dirname, "..");
const raw = (): Record<string, any> => JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "cascade.json"), "utf8")); // eslint-disable-line @typescript-eslint/no-explicit-any
/** The example with the scorecard following the teams. */
const withTree = (level: string | number = "团队"): Record<string, any> => { // eslint-disable-line @typescript-eslint/no-explicit-any
  const json = raw();
  json.cascade.scorecard = { level };
  return json;
};
function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}
const same = (got: XlValue, want: unknown): boolean =>
  typeof want === "number" ? typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)) : got === want;
const SHEET = "分解考核表";

/** The sheet, its evaluator, and its people's columns found by their headers. */
function build(plan: Plan) {
  const b = buildCascadeSheets(plan, { lang: "zh", asOf: "2025-06-30" });
  const sheet = b.sheets.find((s) => s.name === SHEET)!;
  const ev = workbookEvaluator(b.sheets.map((s) => ({ name: s.name, rows: s.rows })));
  const text = (r: number, c: number) => {
    const x = sheet.rows[r]?.[c];
    return x && "v" in x ? x.v : undefined;
  };
  const header = sheet.rows.findIndex((_, r) => text(r, 0) === "姓名");
  const col = (h: string) => sheet.rows[header].findIndex((_, c) => text(header, c) === h);
  const rowOf = (name: string) => sheet.rows.findIndex((_, r) => r > header && text(r, 0) === name);
  const cols = { salesActual: col("销售额完成率实际"), salesPoints: col("销售额完成率得分"), total: col("总分"), bonus: col("奖金系数"), revenue: col("回款额 (万元)"), target: col("回款目标 (万元)"), commission: col("提成 (万元)"), check: col("汇总核对") };
  return { ...b, sheet, ev, header, cols, rowOf, names: b.names.filter((n) => n.sheet === SHEET) };
}
function mismatches(sheet: SheetSpec, ev: ReturnType<typeof workbookEvaluator>): string[] {
  const out: string[] = [];
  sheet.rows.forEach((row, r) =>
    row.forEach((c, j) => {
      if (!c || !("f" in c)) return;
      const got = ev.value(sheet.name, r, j);
      if (c.expect === undefined ? got instanceof XlError : !same(got, c.expect)) out.push(`${cellA1(r, j)} ${c.f.slice(0, 100)}: ${String(got)} ≠ ${String(c.expect)}`);
    }),
  );
  return out;
}

/** What the rules give for a revenue (万元) against a target (万元), from the plan's own KPI, bands and tiers. */
function expected(plan: Plan, revenue: number, target: number) {
  const sc = plan.scorecard!;
  const kpi = sc.kpis.find((k) => k.id === "sales")!;
  const points = scoreKpi(revenue / target, kpi.target!, kpi.weight, { rule: kpi.rule, cap: kpi.cap, floor: kpi.floor, direction: kpi.direction ?? "higher" }) as number;
  const bonus = bandLookup(points, sc.bands!.map((b) => ({ threshold: b.from, result: b.pays })), sc.bandsBelow ?? 0);
  const commission = commissionOf(revenue, target, sc.commission!.tiers.map((t) => ({ threshold: t.from, rate: t.rate })), { mode: sc.commission!.mode ?? "marginal" });
  return { points, bonus, commission };
}

/** A team's people and their revenue (万元) as the plan gives them: their monthly actuals, added up. */
function teamFromPlan(json: Record<string, any>, team: string): { people: string[]; revenue: number } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const found: { name: string; actuals?: (number | null)[]; children?: unknown[] }[] = [];
  const walk = (n: any, inside: boolean) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const here = inside || n.name === team;
    if (here && !n.children) found.push(n);
    (n.children ?? []).forEach((k: unknown) => walk(k, here));
  };
  walk(json.cascade.root, false);
  const revenue = found.flatMap((p) => p.actuals ?? []).filter((x): x is number => x !== null).reduce((a, b) => a + b, 0) / 10000;
  return { people: found.map((p) => p.name), revenue };
}

describe("the example's scorecard by team", () => {
  const json = withTree();
  const plan = valid(json);
  const b = build(plan);

  test("each team's total row with its people below it; every formula gives the engine's value; every check TRUE", () => {
    const names = b.sheet.rows.slice(b.header + 1).map((r) => (r[0] as { v: string }).v);
    expect(names.slice(0, 6)).toEqual(["华东一组（合计）", "张伟", "王芳", "刘洋", "赵敏", "华东二组（合计）"]);
    expect(mismatches(b.sheet, b.ev)).toEqual([]);
    expect(b.names.filter((n) => n.name.startsWith("Check_Scorecard_Tree_")).length).toBe(2);
    for (const n of b.names) expect([n.name, b.ev.at(SHEET, n.ref)]).toEqual([n.name, true]);
  });

  test("a team's points, bonus and commission are what the rules give for its people's revenue summed over its own target", () => {
    const result = resolveCascade(plan);
    for (const team of ["华东一组", "华东二组"]) {
      const { people, revenue } = teamFromPlan(json, team);
      expect(people.length).toBeGreaterThan(1);
      const target = nodeAt(result, ["华东", team])!.figures[0].annual;
      const r = b.rowOf(`${team}（合计）`);
      const want = expected(plan, revenue, target);
      expect(b.ev.value(SHEET, r, b.cols.revenue)).toBeCloseTo(revenue, 9);
      expect(b.ev.value(SHEET, r, b.cols.target)).toBe(target);
      expect(b.ev.value(SHEET, r, b.cols.salesPoints)).toBeCloseTo(want.points, 9);
      expect(b.ev.value(SHEET, r, b.cols.bonus)).toBe(want.bonus);
      expect(b.ev.value(SHEET, r, b.cols.commission)).toBeCloseTo(want.commission as number, 9);
    }
  });

  test("a person's typed revenue moves the team's sum and points; a team's sum or attainment typed over turns its check FALSE", () => {
    const ev = workbookEvaluator(b.sheets.map((s) => ({ name: s.name, rows: s.rows })));
    const team = b.rowOf("华东一组（合计）");
    const check = b.names.find((n) => n.ref === cellA1(team, b.cols.check))!;
    const { revenue } = teamFromPlan(json, "华东一组");
    const target = ev.value(SHEET, team, b.cols.target) as number;
    const wang = b.rowOf("王芳");
    const before = ev.value(SHEET, wang, b.cols.revenue) as number;
    ev.set(SHEET, cellA1(wang, b.cols.revenue), before + 300);
    expect(ev.value(SHEET, team, b.cols.revenue)).toBeCloseTo(revenue + 300, 9);
    expect(ev.value(SHEET, team, b.cols.salesPoints)).toBeCloseTo(expected(plan, revenue + 300, target).points, 9);
    expect(ev.at(SHEET, check.ref)).toBe(true);
    // The team's sum typed over (one person's revenue left out of it): FALSE.
    ev.set(SHEET, cellA1(team, b.cols.revenue), revenue);
    expect(ev.at(SHEET, check.ref)).toBe(false);
    // Its sum right again, its attainment typed over: FALSE.
    ev.set(SHEET, cellA1(team, b.cols.revenue), revenue + 300);
    expect(ev.at(SHEET, check.ref)).toBe(true);
    ev.set(SHEET, cellA1(team, b.cols.salesActual), 0.5);
    expect(ev.at(SHEET, check.ref)).toBe(false);
  });

  test("a plan where a row of the tree's scorecard gets a target of 0 is refused at validation, in both languages (attainment against 0 has no value)", () => {
    const json = withTree();
    json.cascade.root.children[0].children[0].children[2].weight = 0; // 刘洋
    const v = validatePlan(json);
    expect(v.ok).toBe(false);
    const problems = v.ok ? [] : v.problems.filter((p) => p.path === "cascade.scorecard");
    expect(problems).toHaveLength(1);
    expect(problems[0].message.en).toMatch(/"刘洋" has a target of 0: give it a target, or put the scorecard at another level/);
    expect(problems[0].message.zh).toMatch(/“刘洋”的目标为 0/);
    // Without the tree's scorecard the same weights are a valid cascade.
    delete json.cascade.scorecard;
    expect(validatePlan(json).ok).toBe(true);
  });

  test("the Scorecard and Tracking flows' sheets leave the cascade's out (its formulas read the cascade's table, which those flows do not write)", () => {
    const built = buildPlanWorkbook(valid(withTree()), { lang: "zh", asOf: "2025-06-30" });
    const cascadeSheets = built.sheets.filter((x) => x.partOf === "cascade").map((x) => x.name);
    expect(cascadeSheets).toContain(SHEET);
    for (const kind of ["scorecard", "tracking"] as const) {
      const own = sheetsOfKind(built, kind);
      if (kind === "scorecard") expect(own.sheets.length).toBeGreaterThan(0); // the example has no tracking of its own, only the cascade's
      expect(own.sheets.every((x) => x.kind === kind && !cascadeSheets.includes(x.name))).toBe(true);
      expect(own.names.every((n) => own.sheets.some((x) => x.name === n.sheet))).toBe(true);
      // Every formula of what the flow writes reads only the sheets it writes.
      const written = new Set(own.sheets.map((x) => x.name));
      for (const x of own.sheets) for (const row of x.rows) for (const c of row) if (c && "f" in c) for (const m of c.f.matchAll(/'?([^'!(),=&+*/<>-]+)'?!/g)) expect(written.has(m[1])).toBe(true);
    }
    expect(sheetsOfKind(built, "scorecard").sheets.map((x) => x.name)).not.toContain(SHEET);
  });

  test("a team's target typed 0 in the table: its attainment cannot be worked out, and its check still says TRUE (not an error)", () => {
    const ev = workbookEvaluator(b.sheets.map((s) => ({ name: s.name, rows: s.rows })));
    const node = nodeAt(b.result, ["华东", "华东一组"])!;
    ev.set(b.cells.sheet, cellA1(b.cells.rows[node.index][0], b.cells.col.annual), 0);
    const team = b.rowOf("华东一组（合计）");
    expect(ev.value(SHEET, team, b.cols.target)).toBe(0);
    expect(ev.value(SHEET, team, b.cols.salesActual)).toBeInstanceOf(XlError);
    expect(ev.value(SHEET, team, b.cols.check)).toBe(true);
    ev.set(SHEET, cellA1(team, b.cols.salesActual), 0.5);
    expect(ev.value(SHEET, team, b.cols.check)).toBe(false);
  });

  test("targets are the table's annual cells: a new company total moves them", () => {
    const ev = workbookEvaluator(b.sheets.map((s) => ({ name: s.name, rows: s.rows })));
    ev.set(b.cells.sheet, cellA1(b.cells.rows[0][0], b.cells.col.annual), 13000);
    const want = nodeAt(resolveCascade(valid({ ...json, total: 130000000, lastYear: undefined })), ["华东", "华东一组"])!.figures[0].annual;
    const team = b.rowOf("华东一组（合计）");
    expect(ev.value(SHEET, team, b.cols.target)).toBeCloseTo(want, 9);
    expect(want).not.toBe(nodeAt(b.result, ["华东", "华东一组"])!.figures[0].annual);
  });
});

describe("no revenue yet; other levels; per node; the plan's checks", () => {
  test("a team none of whose people has revenue: its revenue, attainment and points stay blank, its check TRUE", () => {
    const json = withTree();
    const strip = (n: Record<string, unknown> & { children?: Record<string, unknown>[] }) => {
      delete n.actuals;
      (n.children ?? []).forEach(strip);
    };
    strip(json.cascade.root);
    const b = build(valid(json));
    expect(mismatches(b.sheet, b.ev)).toEqual([]);
    const team = b.rowOf("华东一组（合计）");
    expect([b.cols.revenue, b.cols.salesActual, b.cols.salesPoints, b.cols.total].map((c) => b.ev.value(SHEET, team, c))).toEqual(["", "", "", ""]);
    expect(b.ev.value(SHEET, team, b.cols.check)).toBe(true);
  });

  test("by region (a label) and by depth: the region's row sums everyone below it", () => {
    const byLabel = build(valid(withTree("区域")));
    const byDepth = build(valid(withTree(1)));
    for (const b of [byLabel, byDepth]) {
      expect(mismatches(b.sheet, b.ev)).toEqual([]);
      const east = b.rowOf("华东（合计）");
      expect(east).toBeGreaterThan(b.header);
      const { revenue } = teamFromPlan(withTree(), "华东");
      expect(b.ev.value(SHEET, east, b.cols.revenue)).toBeCloseTo(revenue, 9);
    }
  });

  test("a region's own workbook (--per 区域) holds its subtree's rows only, with the same figures", () => {
    const plan = valid(withTree());
    const whole = build(plan);
    const book = buildMemberWorkbooks(plan, "区域", { lang: "zh", asOf: "2025-06-30" }).find((x) => x.member === "华东")!;
    const sheet = book.spec.sheets.find((s) => s.name === SHEET)!;
    const ev = workbookEvaluator(book.spec.sheets.map((s) => ({ name: s.name, rows: s.rows })));
    expect(mismatches(sheet, ev)).toEqual([]);
    const header = sheet.rows.findIndex((r) => r[0] && "v" in r[0] && r[0].v === "姓名");
    const names = sheet.rows.slice(header + 1).map((r) => (r[0] as { v: string }).v);
    expect(names).toEqual(["华东一组（合计）", "张伟", "王芳", "刘洋", "赵敏", "华东二组（合计）", "孙丽", "周杰", "吴静", "新客户开发部"]);
    const text = JSON.stringify(book.spec);
    for (const other of ["华南", "华北"]) expect(text).not.toContain(other);
    const team = header + 1;
    expect(ev.value(SHEET, team, whole.cols.salesPoints)).toBeCloseTo(whole.ev.value(SHEET, whole.rowOf("华东一组（合计）"), whole.cols.salesPoints) as number, 9);
    const person = buildMemberWorkbooks(plan, "个人", { lang: "zh", asOf: "2025-06-30" }).find((x) => x.member === "王芳")!;
    const own = person.spec.sheets.find((s) => s.name === SHEET)!;
    const h = own.rows.findIndex((r) => r[0] && "v" in r[0] && r[0].v === "姓名");
    expect(own.rows.slice(h + 1).map((r) => (r[0] as { v: string }).v)).toEqual(["王芳"]);
  });

  test("by depth, per region: the depth counts from the region, so its teams keep their rows", () => {
    const book = buildMemberWorkbooks(valid(withTree(2)), "区域", { lang: "zh", asOf: "2025-06-30" }).find((x) => x.member === "华东")!;
    const sheet = book.spec.sheets.find((s) => s.name === SHEET)!;
    const header = sheet.rows.findIndex((r) => r[0] && "v" in r[0] && r[0].v === "姓名");
    expect((sheet.rows[header + 1][0] as { v: string }).v).toBe("华东一组（合计）");
  });

  test("beside the plan's own scorecard: sheet, check and table names stay unique", () => {
    const spec = buildPlanWorkbook(valid(withTree()), { lang: "zh", asOf: "2025-06-30" });
    const names = spec.names.map((n) => n.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["check_scorecard_weights", "check_scorecard_weights_2"]));
    const tables = spec.sheets.flatMap((s) => s.tables ?? []).map((t) => t.name.toLowerCase());
    expect(new Set(tables).size).toBe(tables.length);
  });

  test("protected: a person's revenue stays an input; a team's sum and everyone's sales attainment (formulas) are locked", async () => {
    const plan = valid(withTree());
    const b = build(plan);
    const spec = buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-06-30", protect: true });
    const ws = (await loadXlsx(await writeXlsx(spec))).getWorksheet(SHEET)!;
    const locked = (r: number, c: number) => ws.getCell(cellA1(r, c)).protection?.locked !== false;
    const [team, wang] = [b.rowOf("华东一组（合计）"), b.rowOf("王芳")];
    expect([locked(wang, b.cols.revenue), locked(team, b.cols.revenue), locked(team, b.cols.salesActual), locked(wang, b.cols.salesActual)]).toEqual([false, true, true, true]);
  });

  test("what the option needs, in English and Chinese", () => {
    const problems = (json: unknown) => {
      const v = validatePlan(json);
      return v.ok ? [] : v.problems.map((p) => [p.path, p.message.en, p.message.zh]);
    };
    const noScorecard = withTree();
    delete noScorecard.scorecard;
    expect(problems(noScorecard)).toEqual([["cascade.scorecard", expect.stringContaining("needs the plan's scorecard"), expect.stringContaining("需要计划的考核表")]]);
    const noCommission = withTree();
    delete noCommission.scorecard.commission;
    expect(problems(noCommission)).toEqual([["cascade.scorecard", expect.stringContaining("commission tiers"), expect.stringContaining("提成档位")]]);
    const unknown = withTree();
    unknown.cascade.scorecard.kpi = "margin";
    expect(problems(unknown)).toEqual([["cascade.scorecard.kpi", expect.stringContaining('"margin"'), expect.stringContaining("margin")]]);
    const named = withTree();
    named.cascade.scorecard.kpi = "collection";
    expect(problems(named)).toEqual([]);
  });
});

describe("random cascades", () => {
  test("every formula of the tree's scorecard gives the engine's value; each node's points are the rule's for its people's revenue summed over its table target; every check TRUE (fast-check)", () => {
    let nodes = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 3 }), (seed, level) => {
        const json = randomCascadePlan(seed, { depth: 1 + (seed % 3), maxChildren: 3, tracking: true }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        json.scorecard = { kpis: [{ id: "sales", name: "销售额完成率", weight: 100, target: 1, format: "percent", rule: "每超1%加0.5分,每低1%扣1分" }], bands: [{ from: 90, pays: 1.2 }, { from: 60, pays: 1 }], commission: { tiers: [{ from: 0, rate: 0.01 }, { from: 1, rate: 0.02 }] } };
        json.cascade.scorecard = { level };
        const plan = valid(json);
        const b = build(plan);
        expect(mismatches(b.sheet, b.ev)).toEqual([]);
        for (const n of b.names) expect([n.name, b.ev.at(SHEET, n.ref)]).toEqual([n.name, true]);
        for (const n of b.result.nodes.filter((x) => !x.person && !x.vacancy)) {
          const r = b.rowOf(`${n.name}（合计）`);
          if (r < 0) continue;
          const people: number[] = [];
          const walk = (i: number) => (b.result.nodes[i].person ? people.push(i) : b.result.nodes[i].children.forEach(walk));
          walk(n.index);
          // The engine's actuals and figures are both in display units.
          const revenues = people.map((i) => b.result.nodes[i].actuals ?? []).flat().filter((x): x is number => x !== null);
          const target = n.figures[0].annual;
          if (!revenues.length || target === 0) continue;
          const revenue = revenues.reduce((a, x) => a + x, 0);
          nodes++;
          expect(b.ev.value(SHEET, r, b.cols.salesPoints)).toBeCloseTo(expected(plan, revenue, target).points, 9);
        }
      }),
      { numRuns: 25, seed: 17 },
    );
    expect(nodes).toBeGreaterThan(5);
  });
});
