/*
 * The cascade's decomposition table (销售目标分解表), evaluated in the unit project with
 * tests/helpers/formula-eval.ts (Excel's rules for blanks, logicals and comparisons):
 * every formula gives the engine's value, on the example and on random cascades (fixed
 * seed); a changed top total or region weight flows to every person exactly as the engine
 * computes it for the changed plan; every check turns FALSE when what it guards breaks;
 * formulas stay within Excel's limits and do not grow with the number of children; helper
 * columns grouped and hidden, text as text, valid names with short comments.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { type CascadeResult, nodeAt, resolveCascade } from "../src/sheets/cascade";
import { editCascadeNode } from "../src/sheets/cascade-plan";
import { buildCascadeSheet } from "../src/sheets/cascade-sheet";
import { cellA1, colIndex } from "../src/sheets/formulas";
import { isValidDefinedName } from "../src/sheets/names";
import { type Plan, validatePlan } from "../src/sheets/plan";
import { buildQuarterlySplit } from "../src/sheets/quarterly";
import type { CellSpec, SheetSpec } from "../src/sheets/spec";
import { XlError, type XlValue, sheetEvaluator, workbookEvaluator } from "./helpers/formula-eval";
import { randomCascadePlan } from "./helpers/cascade-plans";

const ROOT = path.resolve(__dirname, "..");
const rawExample = (): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "cascade.json"), "utf8"));
function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}
const same = (got: XlValue, want: unknown): boolean =>
  typeof want === "number" ? typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)) : got === want;

/** Every formula of a sheet: the ones with `expect` equal it, none is an error. Returns what differs. */
function mismatches(sheet: SheetSpec, ev = workbookEvaluator([{ name: sheet.name, rows: sheet.rows }])): string[] {
  const out: string[] = [];
  sheet.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell || !("f" in cell)) return;
      const got = ev.value(sheet.name, r, c);
      if (got instanceof XlError) out.push(`${cellA1(r, c)} ${cell.f}: ${got.code}`);
      else if (cell.expect !== undefined && !same(got, cell.expect)) out.push(`${cellA1(r, c)} ${cell.f.slice(0, 120)}: sheet ${String(got)}, engine ${String(cell.expect)}`);
    }),
  );
  return out;
}

function build(plan: Plan, lang: "en" | "zh" = "zh") {
  const result = resolveCascade(plan);
  return { result, ...buildCascadeSheet(plan, result, { lang }) };
}

describe("the example's table", () => {
  const plan = valid(rawExample());
  const zh = build(plan, "zh");
  const en = build(plan, "en");

  test("every formula gives the engine's number, in both languages; every check is TRUE", () => {
    for (const b of [zh, en]) {
      expect(mismatches(b.sheet)).toEqual([]);
      const ev = workbookEvaluator([{ name: b.sheet.name, rows: b.sheet.rows }]);
      expect(b.names.map((n) => [n.name, ev.at(b.sheet.name, n.ref)])).toEqual(b.names.map((n) => [n.name, true]));
    }
    expect(zh.names.map((n) => n.name)).toEqual([
      "Check_Cascade_N0",
      "Check_Cascade_N1",
      "Check_Cascade_N2",
      "Check_Cascade_N8",
      "Check_Cascade_Level1",
      "Check_Cascade_Level2",
      "Check_Cascade_Level3",
      "Check_Cascade_Level4",
      "Check_Cascade_All",
    ]);
  });

  test("the printed table: level, node, owner, target type, annual, quarters, deadline — in the sheet's words", () => {
    const header = zh.sheet.rows[4].slice(0, 15).map((c) => (c && "v" in c ? c.v : null));
    expect(header).toEqual(["层级", "节点", "负责人", "目标类型", "权重/上年", "固定额", "入职月份", "全年目标", "超额比例", "下达合计", "Q1", "Q2", "Q3", "Q4", "完成时间"]);
    const row = zh.cells.rows[nodeAt(zh.result, ["华东"])!.index][0];
    const text = (c: number) => (zh.sheet.rows[row][c] as { v: unknown }).v;
    expect([text(0), text(1), text(2), text(3)]).toEqual(["区域", "华东", "陈东", "销售额 (万元)"]);
    expect(zh.sheet.rows[row][7]).toMatchObject({ expect: 4800 });
    expect(zh.sheet.rows[row][9]).toMatchObject({ f: `$H$${row + 1}*(1+$I$${row + 1})`, expect: 5280 });
    expect(zh.sheet.print).toMatchObject({ landscape: true, fitToWidth: true, pagesWide: 1, area: `A1:U${zh.sheet.rows.length}` });
  });

  test("a child's target is a formula of its parent's hand-down cell", () => {
    const east = zh.cells.rows[nodeAt(zh.result, ["华东"])!.index][0];
    const team = zh.cells.rows[nodeAt(zh.result, ["华东", "华东一组"])!.index][0];
    // The team's annual reads the split's scalars on East's row, which read East's hand-down.
    const annual = (zh.sheet.rows[team][7] as { f: string }).f;
    const refs = [...annual.matchAll(/\$([A-Z]+)\$(\d+)/g)].map((m) => Number(m[2]) - 1);
    expect(refs).toContain(east);
    const net = zh.sheet.rows[east].find((c) => c && "f" in c && c.f.startsWith(`IF(ABS($J$${east + 1}-SUM(`));
    expect(net).toBeDefined();
  });

  test("helper columns grouped and hidden; nothing but names, targets, periods, totals and checks in view", () => {
    expect(zh.sheet.columnGroups).toEqual([{ columns: "AI:JP", collapsed: true }]);
    const firstHidden = colIndex("AI");
    const visibleFormulaCols = new Set<number>();
    zh.sheet.rows.slice(5).forEach((row) => row.forEach((c, j) => c && "f" in c && j < firstHidden && visibleFormulaCols.add(j)));
    // Weight (a count sharing the amount's), annual, hand-down, quarters, rate, commitment, gap, gap %, flag, check, months.
    expect([...visibleFormulaCols].sort((a, b) => a - b)).toEqual([4, 7, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, ...Array.from({ length: 12 }, (_, m) => 21 + m)]);
    // Every column from AI to the sheet's last is in the group; the column before AI is the blank one between.
    expect(zh.sheet.rows[0]).toHaveLength(colIndex("JP") + 1);
    expect(zh.sheet.rows.every((row) => row[colIndex("AH")] === null)).toBe(true);
  });

  test("late starter: months before July show empty; the held-by-manager row says what it is", () => {
    const zhao = nodeAt(zh.result, ["华东", "华东一组", "赵敏"])!;
    const row = zh.cells.rows[zhao.index][0];
    const ev = workbookEvaluator([{ name: zh.sheet.name, rows: zh.sheet.rows }]);
    expect(zh.cells.col.months.map((c) => ev.value(zh.sheet.name, row, c))).toEqual(zhao.figures[0].months.map((m) => m ?? ""));
    expect(zh.sheet.rows[row][6]).toEqual({ v: 7, input: true });
    const vacancyRow = zh.cells.rows[zhao.index + 1][0];
    expect(zh.sheet.rows[vacancyRow][1]).toEqual({ v: "经理持有（新人到岗前）" });
  });

  test("text stays text; names Excel takes, comments within 255 characters; no 0.## number formats", () => {
    const json = rawExample() as { cascade: { root: { children: { name: string }[] } } };
    json.cascade.root.children[1].name = '=HYPERLINK("http://x","y")';
    const b = build(valid(json));
    const cells = b.sheet.rows.flat().filter((c): c is CellSpec => c !== null);
    expect(cells).toContainEqual({ v: '=HYPERLINK("http://x","y")' });
    for (const n of b.names) {
      expect(isValidDefinedName(n.name)).toBe(true);
      expect([...(n.comment ?? "")].length).toBeLessThanOrEqual(255);
    }
    expect(new Set(b.names.map((n) => n.name.toLowerCase())).size).toBe(b.names.length);
    expect((b.sheet.formats ?? []).filter((f) => f.numFmt?.includes("0.#"))).toEqual([]);
  });
});

describe("random cascades: every formula is the engine's number (fixed seed)", () => {
  test("trees of every basis, buffers, late starters held or shared, own months, commitments, each way to reconcile", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const v = validatePlan(randomCascadePlan(seed, { maxChildren: 5 }));
        fc.pre(v.ok);
        if (!v.ok) return;
        const b = build(v.plan, seed % 2 ? "en" : "zh");
        expect(mismatches(b.sheet)).toEqual([]);
      }),
      { seed: 31, numRuns: 40 },
    );
  });
});

/** The sheet's value of a node's annual target. */
function annualIn(b: ReturnType<typeof build>, ev: ReturnType<typeof workbookEvaluator>, p: string[]): XlValue {
  return ev.value(b.sheet.name, b.cells.rows[nodeAt(b.result, p)!.index][0], b.cells.col.annual);
}
/** Every node's sheet values (annual, months) against another worked-out cascade of the same tree. */
function flowsTo(b: ReturnType<typeof build>, ev: ReturnType<typeof workbookEvaluator>, want: CascadeResult): string[] {
  const out: string[] = [];
  want.nodes.forEach((n, i) =>
    want.types.forEach((t) => {
      if (!t.numeric) return;
      const row = b.cells.rows[i][t.index];
      const got = ev.value(b.sheet.name, row, b.cells.col.annual);
      if (!same(got, n.figures[t.index].annual)) out.push(`${n.path.join("/")} ${t.id}: sheet ${String(got)}, engine ${n.figures[t.index].annual}`);
      b.cells.col.months.forEach((c, m) => {
        const gm = ev.value(b.sheet.name, row, c);
        if (!same(gm, n.figures[t.index].months[m] ?? "")) out.push(`${n.path.join("/")} ${t.id} month ${m + 1}: sheet ${String(gm)}, engine ${n.figures[t.index].months[m]}`);
      });
    }),
  );
  return out;
}

describe("changes flow through native formulas, exactly as the engine computes them", () => {
  const plan = valid(rawExample());
  const b = build(plan);
  const sheet = b.sheet.name;
  test("a new company total reaches every person", () => {
    const ev = workbookEvaluator([{ name: sheet, rows: b.sheet.rows }]);
    ev.set(sheet, cellA1(b.cells.rows[0][0], b.cells.col.annual), 13000);
    const want = resolveCascade(valid({ ...plan, total: 130000000, lastYear: undefined }));
    expect(flowsTo(b, ev, want)).toEqual([]);
    expect(annualIn(b, ev, ["华东", "华东一组", "王芳"])).not.toBe(503);
  });
  test("a changed region weight and a team buffer reach the people below", () => {
    const ev = workbookEvaluator([{ name: sheet, rows: b.sheet.rows }]);
    const row = (p: string[]) => b.cells.rows[nodeAt(b.result, p)!.index][0];
    ev.set(sheet, cellA1(row(["华东"]), 4), 45);
    ev.set(sheet, cellA1(row(["华南"]), 4), 25);
    ev.set(sheet, cellA1(row(["华东", "华东二组"]), b.cells.col.buffer), 0.2);
    let edited = editCascadeNode(plan, ["华东"], { weight: 45 });
    edited = editCascadeNode(edited, ["华南"], { weight: 25 });
    edited = editCascadeNode(edited, ["华东", "华东二组"], { buffer: 0.2 });
    const want = resolveCascade(valid(edited));
    expect(flowsTo(b, ev, want)).toEqual([]);
    expect(ev.at(sheet, b.names.find((n) => n.name === "Check_Cascade_All")!.ref)).toBe(true);
  });
});

describe("a start month typed in flows too", () => {
  test("September instead of July: her share, her months and the manager's held row follow, as the engine says", () => {
    const plan = valid(rawExample());
    const b = build(plan);
    const ev = workbookEvaluator([{ name: b.sheet.name, rows: b.sheet.rows }]);
    const zhao = b.cells.rows[nodeAt(b.result, ["华东", "华东一组", "赵敏"])!.index][0];
    ev.set(b.sheet.name, cellA1(zhao, b.cells.col.start), 9);
    const want = resolveCascade(valid(editCascadeNode(plan, ["华东", "华东一组", "赵敏"], { startMonth: 9 })));
    expect(flowsTo(b, ev, want)).toEqual([]);
  });
});

describe("every check turns FALSE when what it guards breaks", () => {
  const plan = valid(rawExample());
  const b = build(plan);
  const sheet = b.sheet.name;
  const nameRef = (n: string) => b.names.find((x) => x.name === n)!.ref;
  const rowOf = (p: string[], type = 0) => b.cells.rows[nodeAt(b.result, p)!.index][type];
  const checkCol = colIndex("U");
  /** The named checks and the row's check after one cell is typed over. */
  function after(a1: string, v: XlValue, row: number) {
    const ev = workbookEvaluator([{ name: sheet, rows: b.sheet.rows }]);
    ev.set(sheet, a1, v);
    const named = Object.fromEntries(b.names.map((n) => [n.name, ev.at(sheet, n.ref)]));
    return { named, row: ev.value(sheet, row, checkCol) };
  }
  test("a child's target typed over: its parent's node check, its level and the whole tree", () => {
    const team = rowOf(["华东", "华东一组"]);
    const got = after(cellA1(team, 7), 2101, team);
    expect(got.named.Check_Cascade_N1).toBe(false); // 华东: its children no longer add up
    expect(got.named.Check_Cascade_Level2).toBe(false);
    expect(got.named.Check_Cascade_All).toBe(false);
    expect(got.named.Check_Cascade_N8).toBe(true); // the other team is untouched
    expect(got.named.Check_Cascade_Level1).toBe(true);
  });
  test("a month typed over; a quarter typed over; a hand-down typed over", () => {
    const wang = rowOf(["华东", "华东一组", "王芳"]);
    expect(after(cellA1(wang, b.cells.col.months[2]), 999, wang).row).toBe(false);
    expect(after(cellA1(wang, b.cells.col.quarters[1]), 1, wang).row).toBe(false);
    const east = rowOf(["华东"]);
    const got = after(cellA1(east, b.cells.col.handedDown), 5000, east);
    expect(got.row).toBe(false);
    expect(got.named.Check_Cascade_N1).toBe(false);
  });
  test("a figure in a late starter's month before her start", () => {
    const zhao = rowOf(["华东", "华东一组", "赵敏"]);
    expect(after(cellA1(zhao, b.cells.col.months[0]), 10, zhao).row).toBe(false);
  });
  test("percentages no longer adding up to 100; a negative weight; a negative held amount", () => {
    const top = rowOf([]);
    const east = rowOf(["华东"]);
    expect(after(cellA1(east, 4), 35, top).row).toBe(false);
    expect(after(cellA1(rowOf(["华东", "华东二组", "孙丽"]), 4), -1, rowOf(["华东", "华东二组"])).row).toBe(false);
    expect(after(cellA1(rowOf(["华东", "华东二组", "吴静"]), 5), -3, rowOf(["华东", "华东二组"])).row).toBe(false);
  });
  test("a negative weight: its people's targets become errors, yet the team's check, its node, both levels and the whole tree say FALSE", () => {
    const team = rowOf(["华东", "华东二组"]);
    const sun = rowOf(["华东", "华东二组", "孙丽"]);
    const got = after(cellA1(sun, 4), -1, team);
    expect(got.row).toBe(false);
    expect(got.named.Check_Cascade_N8).toBe(false);
    expect(got.named.Check_Cascade_Level3).toBe(false);
    expect(got.named.Check_Cascade_Level4).toBe(false);
    expect(got.named.Check_Cascade_All).toBe(false);
    // The levels above hold.
    expect([got.named.Check_Cascade_Level1, got.named.Check_Cascade_Level2]).toEqual([true, true]);
  });
  test("a rate looser than its parent's; seasonality weights all 0", () => {
    const north = rowOf(["华北"]);
    expect(after(b.cells.rates[nodeAt(b.result, ["华北"])!.index][2].replace(/\$/g, ""), 0.9, north).row).toBe(false);
    const ev = workbookEvaluator([{ name: sheet, rows: b.sheet.rows }]);
    for (let m = 0; m < 12; m++) ev.set(sheet, cellA1(3, b.cells.col.months[m]), 0);
    expect(ev.at(sheet, nameRef("Check_Cascade_All"))).not.toBe(true);
  });
});

describe("formula size: Excel's limits, independent of the number of children", () => {
  /** Characters, deepest nesting of calls and parentheses, most arguments of one call. */
  function measure(f: string): { chars: number; depth: number; args: number } {
    let depth = 0;
    let deepest = 0;
    const commas: number[] = [];
    let most = 0;
    let inText = false;
    for (const ch of f) {
      if (ch === '"') inText = !inText;
      if (inText) continue;
      if (ch === "(") {
        depth++;
        deepest = Math.max(deepest, depth);
        commas.push(0);
      } else if (ch === ")") {
        depth--;
        most = Math.max(most, (commas.pop() ?? 0) + 1);
      } else if (ch === "," && commas.length) commas[commas.length - 1]++;
    }
    return { chars: f.length, depth: deepest, args: most };
  }
  const team = (k: number): Plan =>
    valid({
      title: "t",
      year: 2025,
      total: 1e8,
      unit: "万元",
      cascade: {
        buffer: 0.1,
        root: { name: "Top", children: [{ name: "Team", children: Array.from({ length: k }, (_, i) => ({ name: `P${i}`, weight: 1 + (i % 3), ...(i === 5 ? { startMonth: 4 } : {}) })) }] },
      },
    });
  const longest = (plan: Plan) => {
    const { sheet } = build(plan);
    const all = sheet.rows.flat().filter((c): c is { f: string } => !!c && "f" in c).map((c) => measure(c.f));
    return { chars: Math.max(...all.map((m) => m.chars)), depth: Math.max(...all.map((m) => m.depth)), args: Math.max(...all.map((m) => m.args)) };
  };
  test("a team of 13 and a team of 600 write formulas of the same size, far within 8,192 characters, 64 levels, 255 arguments", () => {
    const small = longest(team(13));
    const big = longest(team(600));
    expect(big.chars).toBeLessThanOrEqual(small.chars + 12);
    expect(big.depth).toBe(small.depth);
    expect(big.args).toBe(small.args);
    expect(big.chars).toBeLessThan(8192);
    expect(big.depth).toBeLessThanOrEqual(64);
    expect(big.args).toBeLessThanOrEqual(255);
  });
});

describe("largest-remainder formulas under Excel's comparison rules", () => {
  test("a tie at the first quarter goes to the first quarter (a first tie count is a number, not TRUE)", () => {
    // 10 over four equal quarters: 2.5 each, two units left, all four tied; Q1 and Q2 get them.
    const spec = buildQuarterlySplit({ names: ["A", "B", "C"], annual: [10, 7, 5], weights: [1, 1, 1, 1], unit: 1, lang: "en" });
    const sheet = spec.sheets[0];
    const ev = sheetEvaluator(sheet.rows);
    const wrong: string[] = [];
    sheet.rows.forEach((row, r) =>
      row.forEach((c, j) => {
        if (c && "f" in c && c.expect !== undefined && !same(ev.value(r, j), c.expect)) wrong.push(`${cellA1(r, j)}: ${String(ev.value(r, j))} ≠ ${String(c.expect)}`);
      }),
    );
    expect(wrong).toEqual([]);
  });
});
