/*
 * The decomposition sheet and the whole plan workbook: every formula, evaluated with Excel's
 * rules (tests/helpers/formula-eval.ts), equals its `expect`, and every `expect` is core's number
 * (splitTotal / spreadGrid of the plan, recomputed here), one check per split and grid with
 * a valid unique `Check_` name, grids as values with a note saying so, summary from last
 * year × growth, text as text, formats and protection; buildPlanWorkbook's sheets and names
 * are valid and unique and the plan is stored; per-member workbooks; random plans build
 * (fast-check).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { splitTotal } from "../src/core/split";
import { spreadGrid } from "../src/core/spread";
import { buildDecompositionSheet } from "../src/sheets/decomposition";
import { buildQuarterlySplit } from "../src/sheets/quarterly";
import { buildMemberWorkbooks, buildPlanWorkbook } from "../src/sheets/workbook";
import { type Plan, validatePlan } from "../src/sheets/plan";
import { checkName, isValidDefinedName, isValidSheetName, nameComment, tableName, uniqueSheetName } from "../src/sheets/names";
import { cellA1 } from "../src/sheets/formulas";
import type { CellSpec, SheetSpec } from "../src/sheets/spec";
import { expectFormulasMatch, sheetEvaluator } from "./helpers/formula-eval";
import { excelLimitProblems } from "./helpers/excel-limits";

const ROOT = path.resolve(__dirname, "..");
function example(name: string): Plan {
  const v = validatePlan(JSON.parse(fs.readFileSync(path.join(ROOT, "examples", name), "utf8")));
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.plan;
}

function cellsOf(sheet: SheetSpec): Map<string, CellSpec> {
  const m = new Map<string, CellSpec>();
  sheet.rows.forEach((r, i) => r.forEach((c, j) => c && m.set(cellA1(i, j), c)));
  return m;
}
/** The row (0-based) whose first cell is `text`, at or after `from`. */
function rowOf(sheet: SheetSpec, text: string, from = 0): number {
  for (let i = from; i < sheet.rows.length; i++) {
    const c = sheet.rows[i][0];
    if (c && "v" in c && c.v === text) return i;
  }
  throw new Error(`no row "${text}"`);
}
const expectOf = (c: CellSpec | null | undefined): unknown => (c && "f" in c ? c.expect : undefined);

describe("the seed plan's decomposition", () => {
  const plan = example("seed-plan.json");
  const { sheet, names } = buildDecompositionSheet(plan, { lang: "zh" });

  test("every formula evaluates to the engine's value (work cells to numbers)", () => {
    expectFormulasMatch(sheet, { withoutExpect: "helper" });
    expectFormulasMatch(buildDecompositionSheet(plan, { lang: "en" }).sheet, { withoutExpect: "helper" });
  });

  test("summary: last year, growth, and the total as a formula of them", () => {
    const r = rowOf(sheet, "总额 (万元)");
    expect(sheet.rows[r][1]).toEqual({ f: `$B$${r - 1}*(1+$B$${r})`, expect: 12000 });
    expect(sheet.rows[r - 2][1]).toMatchObject({ v: 10000, input: true });
    expect(sheet.rows[r - 1][1]).toMatchObject({ v: 0.2, input: true });
  });
  test("heads and revenue per head: last year 400 万 over 25, planned 400 万 over 30", () => {
    const r = rowOf(sheet, "人均销售额 (万元)");
    expect(expectOf(sheet.rows[r][1])).toBe(10000 / 25);
    expect(expectOf(sheet.rows[r][3])).toBe(12000 / 30);
    expect((sheet.rows[r][3] as { f: string }).f).toMatch(/^\$B\$\d+\/\$D\$\d+$/);
  });
  test("every split block's amounts are core's splitTotal of the plan, in 万元", () => {
    const blocks: [string, number[], number][] = [
      ["产品线 (万元)", [45, 40, 15], 3],
      ["区域 (万元)", [40, 30, 20, 10], 4],
      ["季度 (万元)", [25, 30, 25, 20], 4],
      ["渠道 (万元)", [12, 60, 28], 3],
    ];
    for (const [title, weights, k] of blocks) {
      const first = rowOf(sheet, title) + 3;
      const want = splitTotal(12000, [weights], { unit: 1 })[0];
      expect(Array.from({ length: k }, (_, i) => expectOf(sheet.rows[first + i][4]))).toEqual(want);
    }
    // domain.md: online 1,440 万 and distributors 7,200 万; the unnamed direct rest 3,360 万.
    const ch = rowOf(sheet, "渠道 (万元)") + 3;
    expect([0, 1, 2].map((i) => expectOf(sheet.rows[ch + i][4]))).toEqual([1440, 7200, 3360]);
    // The rest member's weight is a formula: 100 minus the named percentages, evaluated as typed.
    expect(sheet.rows[ch + 2][1]).toMatchObject({ expect: 28 });
    const rows = sheet.rows.map((r) => r.slice());
    rows[ch][1] = { v: 20, input: true };
    expect(sheetEvaluator(rows).value(ch + 2, 1)).toBe(20);
    // A held member's percentage is not one of the named ones: the free ones share 100.
    rows[ch][2] = { v: 1000, input: true };
    const ev = sheetEvaluator(rows);
    expect(ev.value(ch + 2, 1)).toBe(40);
    expect([0, 1, 2].map((i) => ev.value(ch + i, 4))).toEqual(splitTotal(12000, [[20, 60, 40]], { unit: 1, fixed: [[1000, 0, 0]] })[0]);
    expect(ev.at(names.find((n) => n.name === "Check_Split_channel")!.ref.replace(/\$/g, ""))).toBe(true);
  });
  test("a held member with a percentage: the rest takes what the free members' percentages leave, as validation counts them", () => {
    const v = validatePlan({
      title: "held percent",
      year: 2025,
      total: 12000,
      splits: [{ id: "c", kind: "channel", basis: "percent", members: [{ name: "online", weight: 12, held: 1440 }, { name: "distributors", weight: 60 }, { name: "direct", rest: true }] }],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    const built = buildDecompositionSheet(v.plan, { lang: "en" });
    const first = rowOf(built.sheet, "online");
    // Online is held at 1,440; distributors 60 % and direct 40 % share the 10,560 left.
    expect(Array.from({ length: 3 }, (_, i) => expectOf(built.sheet.rows[first + i][4]))).toEqual([1440, 6336, 4224]);
    expectFormulasMatch(built.sheet, { withoutExpect: "helper" });
    expect(sheetEvaluator(built.sheet.rows).at(built.names[0].ref.replace(/\$/g, ""))).toBe(true);
  });
  test("80 new customers by month: 7 × 8 then 6 × 4", () => {
    const first = rowOf(sheet, "新客户数 (个)") + 3;
    expect(Array.from({ length: 12 }, (_, i) => expectOf(sheet.rows[first + i][4]))).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6]);
  });
  test("months within quarters follow the quarter block and add up to it", () => {
    const q = rowOf(sheet, "季度 (万元)") + 3;
    const m = rowOf(sheet, "月度（季度内平均） (万元)") + 3;
    const months = Array.from({ length: 12 }, (_, i) => expectOf(sheet.rows[m + i][4]) as number);
    expect(months).toEqual([1000, 1000, 1000, 1200, 1200, 1200, 1000, 1000, 1000, 800, 800, 800]);
    // Each quarter's three months are split from that quarter's amount cell: typed over, its months follow.
    for (let k = 0; k < 4; k++) {
      const rows = sheet.rows.map((r) => r.slice());
      rows[q + k][4] = { v: 1001 + k };
      const ev = sheetEvaluator(rows);
      const got = [0, 1, 2].map((j) => ev.value(m + 3 * k + j, 4));
      expect(got).toEqual(splitTotal(1001 + k, [[1, 1, 1]], { unit: 1 })[0]);
      // The other quarters' months stay.
      expect(ev.value(m + 3 * ((k + 1) % 4), 4)).toBe(months[3 * ((k + 1) % 4)]);
    }
  });
  test("the region × quarter grid: values from core's SPREAD, a note, live totals and checks", () => {
    const title = rowOf(sheet, "区域 × 季度 (万元)");
    expect((sheet.rows[title + 1][0] as { v: string }).v).toMatch(/不是公式/);
    const want = spreadGrid([4800, 3600, 2400, 1200], [3000, 3600, 3000, 2400], { unit: 1 });
    for (let i = 0; i < 4; i++) {
      expect(sheet.rows[title + 3 + i].slice(1, 5)).toEqual(want[i].map((v) => ({ v })));
      expect(expectOf(sheet.rows[title + 3 + i][5])).toBe([4800, 3600, 2400, 1200][i]);
      expect(expectOf(sheet.rows[title + 3 + i][7])).toBe(true);
    }
  });
  test("one Check_ per split and grid, and one for them all; valid, unique, pointing at TRUE formulas", () => {
    expect(names.map((n) => n.name)).toEqual([
      "Check_Split_product",
      "Check_Split_region",
      "Check_Split_quarter",
      "Check_Split_month",
      "Check_Split_channel",
      "Check_Split_newCustomers",
      "Check_Grid_regionQuarter",
      "Check_Decomposition_All",
    ]);
    const cells = cellsOf(sheet);
    for (const n of names) {
      expect(isValidDefinedName(n.name)).toBe(true);
      expect(expectOf(cells.get(n.ref.replace(/\$/g, "")))).toBe(true);
      expect(n.comment).toBeTruthy();
    }
    const all = cells.get(names[names.length - 1].ref.replace(/\$/g, "")) as { f: string };
    for (const n of names.slice(0, -1)) expect(all.f).toContain(n.ref.replace(/\$/g, ""));
    // Each check is red when FALSE.
    for (const n of names) expect(sheet.conditionalFormats!.some((c) => c.range === n.ref.replace(/\$/g, "") && /=FALSE$/.test(c.formula))).toBe(true);
  });
  test("a split's check: FALSE (not an error) for a negative weight, even where the amounts cannot be computed", () => {
    // The region split (percentages): a weight typed negative; its amounts give errors or not, the check is FALSE.
    const check = names.find((n) => n.name === "Check_Split_region")!.ref.replace(/\$/g, "");
    const first = rowOf(sheet, "区域 (万元)") + 3;
    for (const w of [-1, -40, -100]) {
      const rows = sheet.rows.map((r) => r.slice());
      rows[first][1] = { v: w, input: true };
      expect(sheetEvaluator(rows).at(check)).toBe(false);
    }
    // All checks (tests/checks.test.ts breaks every part of every check).
    expect(sheetEvaluator(sheet.rows).at(check)).toBe(true);
  });
  test("formats: amounts #,##0 in 万元, shares as percentages, inputs unlocked, tables over member rows", () => {
    expect(sheet.formats!.some((f) => f.numFmt === "#,##0")).toBe(true);
    expect(sheet.formats!.some((f) => f.numFmt === "0.00%")).toBe(true);
    expect(sheet.formats!.filter((f) => f.locked === false).length).toBeGreaterThan(5);
    // Five splits and the grid (months within quarters carry per-quarter work cells: no table).
    expect(sheet.tables!.length).toBe(6);
    expect(new Set(sheet.tables!.map((t) => t.name)).size).toBe(6);
    expect(sheet.freeze).toEqual({ rows: 1, columns: 1 });
    expect(isValidSheetName(sheet.name)).toBe(true);
  });
});

describe("held members and last year's figures (team of eight)", () => {
  const plan = example("team-8-reps.json");
  const { sheet } = buildDecompositionSheet(plan, { lang: "en" });
  test("amounts are core's split of 2,300 万 with Guo Rui held at 150", () => {
    const first = rowOf(sheet, "Reps (万元)") + 3;
    const lastYear = plan.splits![0].members!.map((m) => m.lastYear ?? 0);
    const held = [0, 0, 0, 0, 0, 0, 0, 150];
    const want = splitTotal(2300, [lastYear], { unit: 1, fixed: [held] })[0];
    expect(Array.from({ length: 8 }, (_, i) => expectOf(sheet.rows[first + i][4]))).toEqual(want);
    expect(sheet.rows[first + 7][2]).toEqual({ v: 150, input: true });
    expectFormulasMatch(sheet, { withoutExpect: "helper" });
    // The held rep's amount is the held cell: typed over, it follows and the others share the rest.
    const rows = sheet.rows.map((r) => r.slice());
    rows[first + 7][2] = { v: 300, input: true };
    const ev = sheetEvaluator(rows);
    const again = splitTotal(2300, [lastYear], { unit: 1, fixed: [[0, 0, 0, 0, 0, 0, 0, 300]] })[0];
    expect(Array.from({ length: 8 }, (_, i) => ev.value(first + i, 4))).toEqual(again);
  });
  test("the grid follows last year's shape (seeded SPREAD)", () => {
    const title = rowOf(sheet, "Reps × quarters (last year's shape) (万元)");
    const reps = plan.splits![0];
    void reps;
    const g = plan.grids![0];
    const rows = Array.from({ length: 8 }, (_, i) => expectOf(sheet.rows[rowOf(sheet, "Reps (万元)") + 3 + i][4]) as number);
    const cols = Array.from({ length: 4 }, (_, j) => expectOf(sheet.rows[rowOf(sheet, "Quarters (万元)") + 3 + j][4]) as number);
    const want = spreadGrid(rows, cols, { seed: g.seed, unit: 1 });
    for (let i = 0; i < 8; i++) expect(sheet.rows[title + 3 + i].slice(1, 5)).toEqual(want[i].map((v) => ({ v })));
  });
});

describe("an exact grid (no rounding)", () => {
  test("a row of 1,000 beside one of 999,000: SPREAD meets it within 1e-10 of the grid's total, and the checks stay TRUE", () => {
    // Found by the random plans of tests/sheets-evaluated.test.ts: the row's values add up to
    // 1,000.00008, which SPREAD's fit allows (1e-10 of the grand total) but a check within
    // 1e-9 of the row's own total did not: a fresh sheet showed Check_Grid_g FALSE.
    const v = validatePlan({
      title: "exact grid",
      year: 2025,
      total: 1000000,
      roundTo: 0,
      splits: [
        { id: "s0", kind: "region", basis: "lastYear", members: [{ name: "held", lastYear: 0, held: 1000 }, { name: "none", lastYear: 0 }, { name: "all", lastYear: 1 }] },
        { id: "s1", kind: "region", members: [{ name: "a", weight: 1 }, { name: "b", weight: 2 }] },
      ],
      grids: [{ id: "g", rows: "s0", columns: "s1", seed: [[1, 2], [2, 3], [3, 1]] }],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    const { sheet, names } = buildDecompositionSheet(v.plan, { lang: "en" });
    const ev = sheetEvaluator(sheet.rows);
    for (const n of names) expect([n.name, ev.at(n.ref.replace(/\$/g, ""))]).toEqual([n.name, true]);
    expectFormulasMatch(sheet, { withoutExpect: "helper", tolerance: 1e-9 });
    // Still a check: a value typed 1 off turns it FALSE.
    const rows = sheet.rows.map((r) => r.slice());
    const gridFirst = rowOf(sheet, "held", rowOf(sheet, "held") + 1);
    rows[gridFirst][1] = { v: (sheet.rows[gridFirst][1] as { v: number }).v + 1 };
    expect(sheetEvaluator(rows).at(names.find((n) => n.name === "Check_Grid_g")!.ref.replace(/\$/g, ""))).toBe(false);
  });
});

describe("text stays text", () => {
  test("member names and titles that look like formulas are values", () => {
    const v = validatePlan({
      title: "=HYPERLINK(\"http://x\")",
      year: 2025,
      total: 100,
      splits: [{ id: "p", kind: "person", name: "+people", members: [{ name: "=1+1", weight: 1 }, { name: "@me", weight: 1, note: "-note" }] }],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    const { sheet } = buildDecompositionSheet(v.plan, { lang: "en" });
    const texts = sheet.rows.flat().filter((c): c is { v: string } => !!c && "v" in c && typeof c.v === "string").map((c) => c.v);
    expect(texts).toEqual(expect.arrayContaining(["=HYPERLINK(\"http://x\")", "=1+1", "@me", "-note", "+people (元)"]));
    for (const c of sheet.rows.flat()) if (c && "f" in c) expect(c.f).not.toContain("HYPERLINK");
  });
});

describe("the whole workbook", () => {
  test("seed: decomposition, tracking, its dashboard, scorecard; unique valid sheet and Check_ names; the plan stored", () => {
    const plan = example("seed-plan.json");
    const spec = buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-03-31" });
    expect(spec.sheets.map((s) => s.kind)).toEqual(["decomposition", "tracking", "dashboard", "scorecard"]);
    expect(spec.plan).toBe(plan);
    expect(spec.title).toBe(plan.title);
    const sheetNames = spec.sheets.map((s) => s.name.toLowerCase());
    expect(new Set(sheetNames).size).toBe(sheetNames.length);
    for (const s of spec.sheets) expect(isValidSheetName(s.name)).toBe(true);
    const names = spec.names.map((n) => n.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const n of spec.names) {
      expect(n.name.startsWith("Check_")).toBe(true);
      expect(sheetNames).toContain(n.sheet.toLowerCase());
    }
    const tables = spec.sheets.flatMap((s) => s.tables ?? []).map((t) => t.name.toLowerCase());
    expect(new Set([...tables, ...names]).size).toBe(tables.length + names.length);
  });
  test("sheets the plan names alike are made unique", () => {
    const plan = example("seed-plan.json");
    const clash = { ...plan, tracking: { ...plan.tracking!, name: "目标分解" }, scorecard: { ...plan.scorecard!, name: "目标分解" } };
    const spec = buildPlanWorkbook(clash, { lang: "zh", asOf: "2025-03-31" });
    expect(spec.sheets.map((s) => s.name)).toEqual(["目标分解", "目标分解 (2)", "看板", "目标分解 (3)"]);
    for (const n of spec.names) expect(spec.sheets.map((s) => s.name)).toContain(n.sheet);
  });
  test("a tracking-only plan has no decomposition", () => {
    const spec = buildPlanWorkbook(example("tracking-lower-better.json"), { lang: "en", asOf: "2025-05-31" });
    expect(spec.sheets.map((s) => s.kind)).toEqual(["tracking"]);
  });
  test("protection passes to every sheet", () => {
    const spec = buildPlanWorkbook(example("team-8-reps.json"), { lang: "en", asOf: "2025-06-30", protect: true });
    for (const s of spec.sheets) expect(s.protect).toBe(true);
  });
  test("per member: one workbook each, their own plan stored, nobody else's name in it", () => {
    const plan = example("team-8-reps.json");
    const books = buildMemberWorkbooks(plan, "person", { lang: "en", asOf: "2025-06-30" });
    const reps = plan.splits![0].members!.map((m) => m.name);
    expect(books.map((b) => b.member)).toEqual(reps);
    for (const { member, spec } of books) {
      const text = JSON.stringify(spec);
      for (const other of reps) if (other !== member) expect(text).not.toContain(other);
      expect(validatePlan(spec.plan).ok).toBe(true);
      expect(spec.names.length).toBeGreaterThan(0);
    }
    expect(() => buildMemberWorkbooks(plan, "nowhere", { lang: "en" })).toThrow(/nowhere/);
  });
});

describe("random plans (fast-check)", () => {
  const kinds = ["region", "product", "channel", "team", "person", "other"] as const;
  const arb = fc.record({
    total: fc.oneof(fc.integer({ min: 1e6, max: 1e9 }), fc.integer({ min: 1000, max: 5000 }), fc.constant(0)),
    unit: fc.constantFrom("元", "万元", "亿元"),
    roundTo: fc.constantFrom(0, 1, 0.01, 10),
    splits: fc.array(
      fc.record({
        kind: fc.constantFrom(...kinds),
        name: fc.string({ minLength: 1, maxLength: 40 }),
        members: fc.array(fc.record({ weight: fc.integer({ min: 0, max: 50 }), held: fc.oneof(fc.constant(undefined), fc.constant(undefined), fc.constant(undefined), fc.integer({ min: 1, max: 100 })) }), { minLength: 1, maxLength: 8 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    quarters: fc.option(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 4, maxLength: 4 }), { nil: undefined }),
    grid: fc.boolean(),
  });
  test("every valid plan builds; sheet names valid and unique; one check per split and grid; expects equal core", () => {
    let built = 0;
    fc.assert(
      fc.property(arb, (g) => {
        const splits: unknown[] = g.splits.map((s, i) => ({
          id: `s${i}`,
          kind: s.kind,
          name: `${s.name}#${i}`,
          members: s.members.map((m, k) => ({ name: `m${k}`, weight: m.weight, ...(m.held ? { held: m.held } : {}) })),
        }));
        if (g.quarters) splits.push({ id: "q", kind: "quarter", members: g.quarters.map((w, k) => ({ name: `Q${k + 1}`, weight: w })) });
        const json = { title: "random", year: 2025, total: g.total, unit: g.unit, roundTo: g.roundTo, splits, ...(g.grid && g.quarters ? { grids: [{ id: "g", rows: "s0", columns: "q" }] } : {}) };
        const v = validatePlan(json);
        if (!v.ok) return;
        built++;
        const spec = buildPlanWorkbook(v.plan, { lang: "en" });
        for (const s of spec.sheets) expect(isValidSheetName(s.name)).toBe(true);
        expectFormulasMatch(spec.sheets[0], { withoutExpect: "helper", ...(g.roundTo === 0 ? { tolerance: 1e-9 } : {}) });
        const checks = spec.names.map((n) => n.name);
        expect(checks).toHaveLength(splits.length + (json.grids ? 1 : 0) + 1);
        for (const n of checks) expect(isValidDefinedName(n)).toBe(true);
        // Every split block's amounts against core, recomputed from the plan here.
        const sheet = spec.sheets[0];
        const scale = { 元: 1, 万元: 1e4, 亿元: 1e8 }[g.unit];
        const total = Number((g.total / scale).toPrecision(15));
        g.splits.forEach((s, i) => {
          const first = rowOf(sheet, `${s.name}#${i} (${g.unit})`) + 3;
          const held = s.members.map((m) => (m.held ? Number((m.held / scale).toPrecision(15)) : 0));
          const want = splitTotal(total, [s.members.map((m) => m.weight)], { unit: g.roundTo, fixed: [held] })[0];
          expect(s.members.map((_, k) => expectOf(sheet.rows[first + k][4]))).toEqual(want);
        });
      }),
      { numRuns: 120 },
    );
    expect(built).toBeGreaterThan(30);
  });
});

describe("names Excel accepts (fast-check)", () => {
  test("uniqueSheetName: valid and unique (case-insensitive) for any wanted names", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("History", "'q'", "a/b", "[x]", "季度分解季度分解季度分解季度分解季度分解季度分解季度分解季度", "Sheet", "sheet")), { maxLength: 30 }), (wanted) => {
        const taken = new Set<string>();
        const got = wanted.map((w) => uniqueSheetName(w, taken));
        for (const g of got) expect(isValidSheetName(g)).toBe(true);
        expect(new Set(got.map((g) => g.toLowerCase())).size).toBe(got.length);
      }),
    );
  });
  test("checkName and tableName: valid defined names, unique", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }), { minLength: 1, maxLength: 20 }), (parts) => {
        const taken = new Set<string>();
        const got = parts.flatMap((p) => [checkName([p], taken), tableName(p, taken)]);
        for (const g of got) expect(isValidDefinedName(g)).toBe(true);
        expect(new Set(got.map((g) => g.toLowerCase())).size).toBe(got.length);
      }),
    );
  });
  test("cell-like and reserved names are refused", () => {
    expect(isValidDefinedName("AB12")).toBe(false);
    expect(isValidDefinedName("R1C1")).toBe(false);
    expect(isValidDefinedName("Check_A1")).toBe(true);
    expect(isValidSheetName("History")).toBe(false);
    expect(isValidSheetName("a".repeat(32))).toBe(false);
    expect(isValidSheetName("Q1:Q2")).toBe(false);
  });
});

describe("formulas whose size does not grow with the table (Excel: 8,192 characters, 255 arguments a call)", () => {
  /** A plan whose grid crosses one region with `n` products, exact shares (formulas the evaluator reads). */
  const widePlan = (n: number): Plan => {
    const v = validatePlan({
      title: "wide",
      year: 2025,
      total: 1000 * n,
      roundTo: 0,
      splits: [
        { id: "r", kind: "region", members: [{ name: "East", weight: 2 }, { name: "West", weight: 1 }] },
        { id: "p", kind: "product", members: Array.from({ length: n }, (_, j) => ({ name: `P${j}`, weight: 1 + (j % 3) })) },
      ],
      grids: [{ id: "g", rows: "r", columns: "p" }],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    return v.plan;
  };

  test("a grid of 210 columns checks its columns in a row of their own; its check reads two ranges and evaluates TRUE", () => {
    const { sheet, names } = buildDecompositionSheet(widePlan(210), { lang: "en" });
    const grid = names.find((n) => n.name === "Check_Grid_g")!;
    const cell = cellsOf(sheet).get(grid.ref.replace(/\$/g, "")) as { f: string };
    expect(cell.f).toMatch(/^AND\([A-Z]+\d+:[A-Z]+\d+,[A-Z]+\d+:[A-Z]+\d+\)$/);
    const ev = sheetEvaluator(sheet.rows);
    expect(ev.at(grid.ref.replace(/\$/g, ""))).toBe(true);
    expect(ev.at(names[names.length - 1].ref.replace(/\$/g, ""))).toBe(true);
    const checkRow = rowOf(sheet, "Check", rowOf(sheet, "Target", rowOf(sheet, "East")));
    for (let j = 1; j <= 210; j++) expect(ev.value(checkRow, j)).toBe(true);
    // A column typed over turns its own check and the grid's FALSE, and that cell red.
    const rows = sheet.rows.map((r) => r.slice());
    const east = rowOf(sheet, "East", checkRow - 6);
    rows[east][150] = { v: 999999 };
    const broken = sheetEvaluator(rows);
    expect(broken.value(checkRow, 150)).toBe(false);
    expect(broken.at(grid.ref.replace(/\$/g, ""))).toBe(false);
    expect(sheet.conditionalFormats!.some((c) => c.range === `${cellA1(checkRow, 1)}:${cellA1(checkRow, 210)}` && c.formula === `${cellA1(checkRow, 1)}=FALSE`)).toBe(true);
    for (const row of sheet.rows) for (const c of row) if (c && "f" in c) expect(excelLimitProblems(c.f)).toEqual([]);
  });

  test("the rest member's percentage is 100 less the ranges above and below it, for 4 members or 1,000", () => {
    for (const n of [4, 1000]) {
      const v = validatePlan({
        title: "rest",
        year: 2025,
        total: 1e6,
        splits: [{ id: "c", kind: "channel", basis: "percent", members: Array.from({ length: n }, (_, j) => (j === 1 ? { name: "rest", rest: true } : { name: `c${j}`, weight: 50 / n })) }],
      });
      if (!v.ok) throw new Error(JSON.stringify(v.problems));
      const { sheet } = buildDecompositionSheet(v.plan, { lang: "en" });
      const restRow = rowOf(sheet, "rest (rest)");
      const f = (sheet.rows[restRow][1] as { f: string }).f;
      // The same formula for 4 members or 1,000 but for row numbers: the ranges above and below the rest member.
      expect(f.replace(/\d+/g, "9")).toBe("MAX(9,9-SUMPRODUCT($B$9*($C$9<=9))-SUMPRODUCT($B$9:$B$9*($C$9:$C$9<=9)))");
      expect(f).toContain(`$B$${restRow + 2}:$B$${restRow + n - 1}`);
      const rows = sheet.rows.map((r) => r.map((c) => (c && "f" in c && c !== sheet.rows[restRow][1] ? null : c)));
      expect(sheetEvaluator(rows).value(restRow, 1)).toBeCloseTo((sheet.rows[restRow][1] as { expect: number }).expect, 9);
    }
  });
});

describe("defined-name comments Excel takes (at most 255 characters: [MS-OI29500] 2.1.568)", () => {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  test("long split and grid names (120 and 200 characters, emoji included) give comments of at most 255, cut at a character", () => {
    const long = (n: number, tail: string) => `${"区域名称".repeat(Math.ceil(n / 4)).slice(0, n - tail.length)}${tail}`;
    const v = validatePlan({
      title: "Long names",
      year: 2025,
      total: 1000,
      splits: [
        { id: "r", name: long(200, "😀😀"), kind: "region", members: [{ name: "East", weight: 1 }, { name: "West", weight: 1 }] },
        { id: "q", name: long(120, "𠀀"), kind: "quarter" },
      ],
      grids: [{ id: "g", name: long(120, "😀"), rows: "r", columns: "q" }],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    const spec = buildPlanWorkbook(v.plan, { lang: "en" });
    for (const lang of ["en", "zh"] as const) {
      for (const n of buildPlanWorkbook(v.plan, { lang }).names) {
        expect(n.comment!.length).toBeLessThanOrEqual(255);
        expect(n.comment).not.toMatch(lone);
      }
    }
    const grid = spec.names.find((n) => n.name === "Check_Grid_g")!;
    expect(grid.comment!.startsWith(long(120, "😀"))).toBe(true);
  });
  test("nameComment keeps what fits and cuts the rest at a character boundary with …", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "中", "😀", "𠀀", " "), maxLength: 400 }), (s) => {
        const c = nameComment(s);
        expect(c.length).toBeLessThanOrEqual(255);
        expect(c).not.toMatch(lone);
        if (s.length <= 255) expect(c).toBe(s);
        else {
          expect(c.endsWith("…")).toBe(true);
          expect(s.startsWith(c.slice(0, -1))).toBe(true);
        }
      }),
      { seed: 568 },
    );
  });
});

describe("number formats Excel shows cleanly", () => {
  /**
   * True when a format can show a number ending in a bare decimal point, as Excel does
   * ("40." under `0.##`; LibreOffice hides the point, so pictures cannot show it): a point
   * in a number section not followed by a 0.
   */
  const bareDecimalPoint = (fmt: string): boolean =>
    fmt
      .replace(/"[^"]*"/g, "")
      .replace(/\\./g, "")
      .replace(/\[[^\]]*\]/g, "")
      .split(";")
      .some((section) => /\.(?!0)/.test(section));

  test("the check itself: 0.## and #,##0.# are caught, 0.0#, 0.00%, General and dates are not", () => {
    expect(["0.##", "#,##0.##;-#,##0.##;0", "#,##0.#", "0.", '0.#"万"'].map(bareDecimalPoint)).toEqual([true, true, true, true, true]);
    expect(["0.0#", "0.00%", "0.0##%", "General", "#,##0", "yyyy-mm-dd", 'm"月"', '#,##0"元."', "#,##0.000000000"].map(bareDecimalPoint)).toEqual(new Array(9).fill(false));
  });
  test("no sheet of any example, generated plan or quarterly split uses such a format", () => {
    const formats = new Set<string>();
    const add = (spec: { sheets: SheetSpec[] }) => spec.sheets.forEach((s) => (s.formats ?? []).forEach((f) => f.numFmt !== undefined && formats.add(f.numFmt)));
    for (const file of fs.readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".json"))) {
      for (const lang of ["en", "zh"] as const) add(buildPlanWorkbook(example(file), { lang }));
    }
    for (const roundTo of [0, 1, 0.01, 0.25, 1e-9, 10000]) {
      const v = validatePlan({
        title: "formats",
        year: 2025,
        total: 1000,
        roundTo,
        splits: [{ id: "r", kind: "region", members: [{ name: "a", weight: 1 }] }, { id: "q", kind: "quarter" }, { id: "n", kind: "month", measure: "count", total: 12 }],
        grids: [{ id: "g", rows: "r", columns: "q" }],
        tracking: { rows: ["amount", "percent", "count"].map((format, i) => ({ name: `r${i}`, format, target: { each: 1 } })) },
        scorecard: {
          kpis: ["amount", "percent", "count"].map((format, i) => ({ id: `k${i}`, name: `k${i}`, weight: i === 0 ? 34 : 33, target: 1, format })),
          people: [{ name: "p", revenue: 1, revenueTarget: 2 }],
          bands: [{ from: 1, pays: 1 }],
          commission: { tiers: [{ from: 0, rate: 0.01 }], cap: 5 },
        },
      });
      if (!v.ok) throw new Error(JSON.stringify(v.problems));
      add(buildPlanWorkbook(v.plan, { lang: "en" }));
      add(buildQuarterlySplit({ names: ["a"], annual: [100], weights: [1, 1, 1, 1], unit: roundTo, months: true, lang: "en" }));
    }
    expect([...formats].filter(bareDecimalPoint)).toEqual([]);
    expect(formats.size).toBeGreaterThan(8);
  });
});
