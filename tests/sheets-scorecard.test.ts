import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { bandLookup } from "../src/core/band";
import { commissionOf } from "../src/core/commission";
import { scoreKpi } from "../src/core/score";
import { type Plan, validatePlan } from "../src/sheets/plan";
import { bandFormula, commissionFormula } from "../src/sheets/native";
import { buildScorecardSheet } from "../src/sheets/scorecard";
import type { SheetSpec } from "../src/sheets/spec";
import { type XlValue, evaluateFormula, expectFormulasMatch, sheetEvaluator } from "./helpers/formula-eval";

const EXAMPLES = path.resolve(__dirname, "../examples");

function loadPlan(file: string): Plan {
  const v = validatePlan(JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")));
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.plan;
}

function planOf(scorecard: unknown, extra: Record<string, unknown> = {}): Plan {
  const v = validatePlan({ title: "S", year: 2025, total: 1000, scorecard, ...extra });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.plan;
}


/** The row (0-based) whose first cell is `name`. */
function rowNamed(sheet: SheetSpec, name: string): number {
  const r = sheet.rows.findIndex((row) => row[0] !== null && row[0] !== undefined && "v" in row[0] && row[0].v === name);
  if (r < 0) throw new Error(`no row ${name}`);
  return r;
}

function headerCol(sheet: SheetSpec, headerRow: number, text: string): number {
  const c = sheet.rows[headerRow].findIndex((cell) => cell !== null && "v" in cell && cell.v === text);
  if (c < 0) throw new Error(`no column ${text}`);
  return c;
}

describe("buildScorecardSheet: the seed scorecard", () => {
  const seed = loadPlan("seed-plan.json");
  const { sheet, names } = buildScorecardSheet(seed, { lang: "en" });
  const ev = sheetEvaluator(sheet.rows);
  const header = rowNamed(sheet, "Name");

  it("lists each KPI with weight, target, direction and the rule as written", () => {
    const kpis = seed.scorecard!.kpis;
    kpis.forEach((k, i) => {
      const row = sheet.rows[3 + i];
      expect(row.slice(0, 4).map((c) => (c as { v: unknown }).v)).toEqual([k.name, k.weight, k.target, "higher is better"]);
      expect((row[6] as { v: unknown }).v).toBe(k.rule);
    });
  });
  it("checks that the weights add up to 100, with a Check_ name", () => {
    expect(names).toEqual([expect.objectContaining({ name: "Check_Scorecard_Weights", sheet: sheet.name })]);
    expect(ev.at(names[0].ref)).toBe(true);
    const rows = sheet.rows.map((r) => r.slice());
    rows[3][1] = { v: 45 };
    expect(sheetEvaluator(rows).at(names[0].ref)).toBe(false);
  });
  it("computes every formula cell to the engine's value", () => {
    expectFormulasMatch(sheet);
  });
  it("scores 张伟 as the contract's examples: 41.5 + 15 + 12 + 8 + 21 = 97.5, bonus 120 %, commission 21000 元", () => {
    const r = rowNamed(sheet, "张伟");
    const pts = seed.scorecard!.kpis.map((k) => ev.value(r, headerCol(sheet, header, `${k.name} points`)));
    expect(pts).toEqual([41.5, 15, 12, 8, 21]);
    expect(ev.value(r, headerCol(sheet, header, "Total score"))).toBe(97.5);
    expect(ev.value(r, headerCol(sheet, header, "Bonus pays"))).toBe(1.2);
    // 130 万元 against 100 万元: 1.5 % of 100 + 2 % of 30 = 2.1 万元.
    expect(ev.value(r, headerCol(sheet, header, "Commission (万元)"))).toBeCloseTo(2.1, 12);
  });
  it("leaves a person with no actuals blank: no points, no total, no bonus, no commission", () => {
    const r = rowNamed(sheet, "赵敏");
    for (let c = 1; c < sheet.rows[header].length; c++) {
      const cell = sheet.rows[r][c];
      if (cell && "f" in cell) expect(ev.value(r, c)).toBe("");
    }
  });
  it("puts people in a table a rep can filter by name, and keeps their inputs editable under protection", () => {
    const protectedSheet = buildScorecardSheet(seed, { lang: "en", protect: true }).sheet;
    expect(protectedSheet.protect).toBe(true);
    expect(sheet.tables).toHaveLength(1);
    expect(sheet.tables![0].range.startsWith(`A${header + 1}:`)).toBe(true);
    const r = rowNamed(sheet, "李娜");
    expect((sheet.rows[r][1] as { input?: boolean }).input).toBe(true);
    expect((sheet.rows[r][headerCol(sheet, header, "Revenue (万元)")] as { input?: boolean }).input).toBe(true);
    expect((sheet.rows[r][2] as { input?: boolean }).input).toBeUndefined();
  });
  it("writes points as native formulas compiled from the rule, reading weight and target from the KPI rows", () => {
    const r = rowNamed(sheet, "张伟");
    const f = (sheet.rows[r][2] as { f: string }).f;
    expect(f).toContain("$B$4");
    expect(f).toContain("$C$4");
    expect(f).not.toMatch(/TARGET\.|_xlfn|^=/);
    expect((sheet.rows[r][2] as { live?: string }).live).toBe(`TARGET.SCORE(B${r + 1},$C$4,$B$4,"每超1%加0.5分,每低1%扣1分")`);
    // A changed weight flows into the points: 30 points at target.
    const rows = sheet.rows.map((x) => x.slice());
    rows[3][1] = { v: 30 };
    rows[r][1] = { v: 1 };
    expect(sheetEvaluator(rows).value(r, 2)).toBe(30);
  });
  it("follows a typed actual: 李娜 at 101 % sales scores 40.5", () => {
    const r = rowNamed(sheet, "李娜");
    const rows = sheet.rows.map((x) => x.slice());
    rows[r][1] = { v: 1.01, input: true };
    expect(sheetEvaluator(rows).value(r, 2)).toBe(scoreKpi(1.01, 1, 40, { rule: "每超1%加0.5分,每低1%扣1分" }));
  });
  it("colours total and bonus by what the bonus pays", () => {
    const rules = sheet.conditionalFormats ?? [];
    expect(rules.map((x) => x.fill)).toEqual(expect.arrayContaining(["#C6EFCE", "#FFEB9C", "#FFC7CE"]));
  });
  it("writes Chinese headers for a Chinese sheet", () => {
    const zh = buildScorecardSheet(seed, { lang: "zh" }).sheet;
    expect(zh.name).toBe("绩效考核表");
    expect((zh.rows[2][0] as { v: string }).v).toBe("考核指标");
    expectFormulasMatch(zh);
  });
});

describe("buildScorecardSheet: a single scorecard (no people)", () => {
  const p = planOf({
    kpis: [
      { id: "sales", name: "Sales", weight: 70, target: 1, rule: "+0.5 per 1% over; -1 per 1% under; max 80" },
      { id: "churn", name: "Churn", weight: 30, target: 0.08, direction: "lower", format: "percent" },
    ],
    bands: [
      { from: 90, pays: 1.2 },
      { from: 80, pays: 1 },
    ],
  });
  const { sheet } = buildScorecardSheet(p, { lang: "en" });

  it("has actual and points beside each KPI, blank until typed", () => {
    expect((sheet.rows[2][9] as { v: string }).v).toBe("Actual");
    expect((sheet.rows[3][9] as { v: null; input: boolean }).input).toBe(true);
    expectFormulasMatch(sheet);
    expect(sheetEvaluator(sheet.rows).value(3, 10)).toBe("");
  });
  it("scores typed actuals as the engine does, lower-is-better without a rule included", () => {
    const rows = sheet.rows.map((r) => r.slice());
    rows[3][9] = { v: 1.3, input: true };
    rows[4][9] = { v: 0.06, input: true };
    const ev = sheetEvaluator(rows);
    const sales = scoreKpi(1.3, 1, 70, { rule: "+0.5 per 1% over; -1 per 1% under; max 80" });
    const churn = scoreKpi(0.06, 0.08, 30, { direction: "lower" });
    expect(ev.value(3, 10)).toBe(sales);
    expect(ev.value(4, 10)).toBe(churn);
    expect(ev.value(5, 10)).toBe((sales as number) + (churn as number));
    expect(ev.value(6, 10)).toBe(bandLookup((sales as number) + (churn as number), [{ threshold: 80, result: 1 }, { threshold: 90, result: 1.2 }]));
  });
});

describe("buildScorecardSheet: scale", () => {
  it("builds 2,000 people whose formulas read only their own row and the fixed KPI, band and tier cells", () => {
    const seed = loadPlan("seed-plan.json");
    const people = Array.from({ length: 2000 }, (_, j) => ({ name: `Rep ${j + 1}`, actuals: { sales: 0.9 + (j % 20) / 100, visits: 10 + (j % 12) }, revenue: 900000 + j, revenueTarget: 1000000 }));
    const { sheet } = buildScorecardSheet({ ...seed, scorecard: { ...seed.scorecard!, people } }, { lang: "en" });
    const header = rowNamed(sheet, "Name");
    expect(sheet.rows.length).toBe(header + 1 + 2000);
    for (const r of [header + 1, header + 1000, header + 2000]) {
      for (const cell of sheet.rows[r]) {
        if (!cell || !("f" in cell)) continue;
        const refs = cell.f.replace(/"[^"]*"/g, "").match(/\$?[A-Z]{1,3}\$?\d+/g) ?? [];
        for (const ref of refs) {
          const row = Number(/\d+$/.exec(ref)![0]);
          expect(row === r + 1 || (row <= header && ref.includes("$"))).toBe(true);
        }
      }
    }
  });
});

describe("buildScorecardSheet: generated people (properties)", () => {
  const kpiArb = fc.record({
    rule: fc.constantFrom(undefined, "每超1%加0.5分,每低1%扣1分", "每低5%扣5分", "每少5家扣3分,不足一档按一档计", "每超1个加2分,最高25分", "-2 per 5 pp under; pro rata", "低于60%不得分,每低1%扣1分"),
    target: fc.constantFrom(1, 0.95, 20, 12, 85),
    direction: fc.constantFrom(undefined, "lower" as const),
  });
  it("every points, total, bonus and commission cell equals core", () => {
    fc.assert(
      fc.property(
        fc.array(kpiArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ actuals: fc.array(fc.option(fc.double({ min: 0, max: 40, noNaN: true }), { nil: null }), { minLength: 4, maxLength: 4 }), revenue: fc.option(fc.integer({ min: 0, max: 3_000_000 }), { nil: null }) }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.constantFrom("marginal" as const, "whole" as const),
        fc.option(fc.integer({ min: 1000, max: 40000 }), { nil: undefined }),
        (kpis, people, mode, cap) => {
          const n = kpis.length;
          const weights = kpis.map((_, i) => (i === n - 1 ? 100 - Math.floor(100 / n) * (n - 1) : Math.floor(100 / n)));
          const plan = planOf({
            kpis: kpis.map((k, i) => ({ id: `k${i}`, name: `KPI ${i}`, weight: weights[i], target: k.target, ...(k.rule && { rule: k.rule }), ...(k.direction && { direction: k.direction }) })),
            people: people.map((p, j) => ({
              name: `Rep ${j}`,
              actuals: Object.fromEntries(kpis.map((_, i) => [`k${i}`, p.actuals[i]])),
              revenue: p.revenue,
              revenueTarget: 1_000_000,
            })),
            bands: [
              { from: 90, pays: 1.2 },
              { from: 70, pays: 0.8 },
              { from: 80, pays: 1 },
            ],
            commission: { tiers: [{ from: 1, rate: 0.02 }, { from: 0, rate: 0.015 }, { from: 1.5, rate: 0.03 }], mode, ...(cap !== undefined && { cap }) },
          });
          const { sheet } = buildScorecardSheet(plan, { lang: "en" });
          expectFormulasMatch(sheet);
          // And those expectations are core's own numbers.
          const header = rowNamed(sheet, "Name");
          people.forEach((p, j) => {
            const r = header + 1 + j;
            kpis.forEach((k, i) => {
              const want = scoreKpi(p.actuals[i], k.target, weights[i], { rule: k.rule, direction: k.direction });
              expect((sheet.rows[r][2 + 2 * i] as { expect: unknown }).expect).toBe(want);
            });
            const comm = sheet.rows[r][headerCol(sheet, header, "Commission (元)")] as { expect: unknown };
            const tiers = [{ threshold: 0, rate: 0.015 }, { threshold: 1, rate: 0.02 }, { threshold: 1.5, rate: 0.03 }];
            expect(comm.expect).toBe(commissionOf(p.revenue, 1_000_000, tiers, { mode, cap }));
          });
        },
      ),
      { numRuns: 120 },
    );
  });
});

// ---- the native BAND and COMMISSION formulas, against core ------------------------------------------

describe("native BAND and COMMISSION formulas (reading their table from the sheet)", () => {
  /**
   * Evaluates `f` on a sheet whose row 1 holds `cells` (A1, B1, …) and whose columns G:H hold a
   * table from row 1 down (`table`: rows of [first column, second column]).
   */
  const run = (f: string, cells: XlValue[], table: XlValue[][]): XlValue =>
    evaluateFormula(f, (r, c) => (c >= 6 ? (table[r]?.[c - 6] ?? null) : r === 0 ? (cells[c] ?? null) : null));
  /** The band table as the scorecard writes it: highest first, then "below". */
  const bandsOn = (bands: { threshold: number; result: XlValue }[], below: XlValue) => {
    const n = bands.length;
    const rows: XlValue[][] = [...bands].sort((a, b) => b.threshold - a.threshold).map((b) => [b.threshold, b.result]);
    rows.push(["Below", below]);
    return { rows, ref: { thresholds: `$G$1:$G$${n}`, results: `$H$1:$H$${n + 1}`, count: n } };
  };
  const tiersOn = (tiers: { threshold: number; rate: number }[]) => ({
    rows: tiers.map((t) => [t.threshold, t.rate]),
    ref: { thresholds: `$G$1:$G$${tiers.length}`, rates: `$H$1:$H$${tiers.length}`, count: tiers.length },
  });

  it("BAND: the contract's example, text results, below and blank", () => {
    const t = bandsOn(
      [
        { threshold: 70, result: 0.8 },
        { threshold: 80, result: 1 },
        { threshold: 90, result: 1.2 },
      ],
      0,
    );
    expect(run(bandFormula("A1", t.ref), [85], t.rows)).toBe(1);
    expect(run(bandFormula("A1", t.ref), [65], t.rows)).toBe(0);
    expect(run(bandFormula("A1", t.ref), [95], t.rows)).toBe(1.2);
    expect(run(bandFormula("A1", t.ref), [null], t.rows)).toBe("");
    const text = bandsOn([{ threshold: 0.9, result: "B" }], "C");
    expect(run(bandFormula("A1", text.ref), [0.18 / 0.2], text.rows)).toBe("B");
    expect(run(bandFormula("A1", text.ref), [0.5], text.rows)).toBe("C");
  });
  it("BAND: equals bandLookup for any bands and value, on the tolerance edges too", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.oneof(fc.integer({ min: -50, max: 150 }), fc.constantFrom(-1e12, 1e12, 0.5, -0.5)), { minLength: 1, maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.double({ min: -60, max: 160, noNaN: true }),
        fc.constantFrom(0, 1e-12, -1e-12, 1e-7, -1e-7, 1e-9, -1e-9, 2e-9, -2e-9),
        fc.nat({ max: 5 }),
        (ts, rs, v, nudge, at) => {
          const bands = ts.map((t, k) => ({ threshold: t, result: rs[k] }));
          const t = bandsOn(bands, 0.1);
          const edge = bands[at % bands.length].threshold;
          for (const x of [v, edge + nudge * Math.max(1, Math.abs(edge)), edge - 1e-9 * Math.max(1, Math.abs(edge))]) {
            expect(run(bandFormula("A1", t.ref), [x], t.rows)).toBe(bandLookup(x, bands, 0.1));
          }
        },
      ),
      { seed: 1301 },
    );
  });
  it("BAND: the formula is the same for 3 bands and 300 but for row numbers", () => {
    const few = bandFormula("A1", bandsOn([1, 2, 3].map((x) => ({ threshold: x, result: x })), 0).ref);
    const many = bandFormula("A1", bandsOn(Array.from({ length: 300 }, (_, x) => ({ threshold: x, result: x })), 0).ref);
    // The same formula but for the table's last row number.
    expect(many.replace(/\d+/g, "9")).toBe(few.replace(/\d+/g, "9"));
  });
  it("COMMISSION: the contract's example, marginal and whole", () => {
    const t = tiersOn([
      { threshold: 0, rate: 0.015 },
      { threshold: 1, rate: 0.02 },
    ]);
    expect(run(commissionFormula("A1", "B1", t.ref), [1300000, 1000000], t.rows)).toBeCloseTo(21000, 9);
    expect(run(commissionFormula("A1", "B1", t.ref, { mode: "whole" }), [1300000, 1000000], t.rows)).toBeCloseTo(26000, 9);
    expect(run(commissionFormula("A1", "B1", t.ref), [null, 1000000], t.rows)).toBe("");
    const one = tiersOn([{ threshold: 0, rate: 0.01 }]);
    expect(run(commissionFormula("A1", "B1", one.ref), [500, 1000], one.rows)).toBe(5);
    expect(run(commissionFormula("A1", "B1", one.ref, { mode: "whole" }), [500, 1000], one.rows)).toBe(5);
  });
  it("COMMISSION: equals commissionOf within its 15-digit cleaning, for any tiers, mode and cap", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 7, maxLength: 7 }),
        fc.option(fc.oneof(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.constantFrom(0, 1000000, 1500000, 1010000)), { nil: null }),
        fc.oneof(fc.double({ min: 1, max: 1e7, noNaN: true }), fc.constant(1000000)),
        fc.constantFrom("marginal" as const, "whole" as const),
        fc.option(fc.integer({ min: 0, max: 200000 }), { nil: undefined }),
        (ts, rates, actual, target, mode, cap) => {
          const tiers = [0, ...ts.map((t) => t / 100)].sort((a, b) => a - b).map((t, k) => ({ threshold: t, rate: rates[k] / 1000 }));
          const want = commissionOf(actual, target, tiers, { mode, cap });
          const t = tiersOn(tiers);
          const got = run(commissionFormula("A1", "B1", t.ref, { mode, ...(cap !== undefined && { cap: "C1" }) }), [actual, target, cap ?? null], t.rows);
          if (want === "") return expect(got).toBe("");
          expect(typeof got).toBe("number");
          expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(want)));
        },
      ),
      { seed: 1302 },
    );
  });
  it("COMMISSION: the formula is the same for 3 tiers and 300 but for row numbers, in both modes", () => {
    for (const mode of ["marginal", "whole"] as const) {
      const few = commissionFormula("A1", "B1", tiersOn([0, 1, 2].map((x) => ({ threshold: x, rate: 0.01 }))).ref, { mode });
      const many = commissionFormula("A1", "B1", tiersOn(Array.from({ length: 300 }, (_, x) => ({ threshold: x, rate: 0.01 }))).ref, { mode });
      expect(many.replace(/\d+/g, "9")).toBe(few.replace(/\d+/g, "9"));
    }
  });
});

describe("caps and floors, from the plan's fields and the rule's text, through the sheet's formulas", () => {
  const kpis = [
    // +0.5 per 1 % over, −1 per 1 % under; at most 45 and at least 5 points (the plan's fields).
    { id: "sales", name: "Sales", weight: 40, target: 1, rule: "每超1%加0.5分,每低1%扣1分", cap: 45, floor: 5 },
    // The rule's own cap: at most 25 points.
    { id: "visits", name: "Visits", weight: 30, target: 20, rule: "每超1个加2分,最高25分" },
    // No rule: weight × attainment, lower is better, between 10 and 33 points.
    { id: "churn", name: "Churn", weight: 30, target: 0.08, direction: "lower", cap: 33, floor: 10 },
  ];
  const people = [
    { name: "High", actuals: { sales: 2, visits: 40, churn: 0 } },
    { name: "Low", actuals: { sales: 0.1, visits: 0, churn: 0.2 } },
    { name: "Near", actuals: { sales: 1.09, visits: 21, churn: 0.08 } },
  ];
  const plan = planOf({ kpis, people });
  const { sheet } = buildScorecardSheet(plan, { lang: "en" });
  const ev = sheetEvaluator(sheet.rows);
  const header = rowNamed(sheet, "Name");
  const points = (person: string, kpi: string) => ev.value(rowNamed(sheet, person), headerCol(sheet, header, `${kpi} points`));

  it("a cap from the plan binds: 200 % sales would be 90 points, the cap says 45; no churn at all would be 60, the cap says 33", () => {
    expect(points("High", "Sales")).toBe(45);
    expect(points("High", "Churn")).toBe(33);
  });
  it("a cap in the rule's text binds: 40 visits against 20 would be 70 points, the rule says at most 25", () => {
    expect(points("High", "Visits")).toBe(25);
  });
  it("a floor from the plan binds: 10 % sales would be −50 points, the floor says 5; 20 % churn against 8 % would be −15, the floor says 10", () => {
    expect(points("Low", "Sales")).toBe(5);
    expect(points("Low", "Churn")).toBe(10);
  });
  it("between cap and floor the rule scores as the engine does, and the total adds the capped points", () => {
    expect(points("Near", "Sales")).toBe(44.5);
    for (const p of people) {
      const want = kpis.map((k) => scoreKpi(p.actuals[k.id as keyof typeof p.actuals], k.target, k.weight, { rule: k.rule, cap: k.cap, floor: k.floor, direction: k.direction as "lower" | undefined }));
      expect(kpis.map((k) => points(p.name, k.name))).toEqual(want);
      expect(ev.value(rowNamed(sheet, p.name), headerCol(sheet, header, "Total score"))).toBeCloseTo((want as number[]).reduce((a, b) => a + b, 0), 12);
    }
    expectFormulasMatch(sheet);
  });
  it("a single scorecard (no people) caps and floors a typed actual the same way", () => {
    const single = buildScorecardSheet(planOf({ kpis }), { lang: "en" }).sheet;
    const rows = single.rows.map((r) => r.slice());
    rows[3][9] = { v: 2, input: true };
    rows[4][9] = { v: 40, input: true };
    rows[5][9] = { v: 0.2, input: true };
    const e = sheetEvaluator(rows);
    expect([3, 4, 5].map((r) => e.value(r, 10))).toEqual([45, 25, 10]);
  });
});

describe("commission exactly on a tier boundary, on the sheet, in both modes", () => {
  // 1.5 % from 0, 2 % from 100 %, 3 % from 150 % of a 1,000,000 元 target.
  for (const [mode, want] of [
    ["whole", [20000, 45000, 14999.985]],
    ["marginal", [15000, 25000, 14999.985]],
  ] as const) {
    it(`${mode}: 1,000,000 pays ${want[0]}, 1,500,000 pays ${want[1]}, 999,999 pays ${want[2]}`, () => {
      const plan = planOf({
        kpis: [{ id: "k", name: "K", weight: 100, target: 1 }],
        people: [1000000, 1500000, 999999].map((revenue, j) => ({ name: `Rep ${j}`, revenue, revenueTarget: 1000000 })),
        commission: { tiers: [{ from: 0, rate: 0.015 }, { from: 1, rate: 0.02 }, { from: 1.5, rate: 0.03 }], mode },
      });
      const { sheet } = buildScorecardSheet(plan, { lang: "en" });
      const ev = sheetEvaluator(sheet.rows);
      const header = rowNamed(sheet, "Name");
      const col = headerCol(sheet, header, "Commission (元)");
      want.forEach((w, j) => expect(ev.value(header + 1 + j, col)).toBeCloseTo(w, 9));
      expectFormulasMatch(sheet);
    });
  }
});
