import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { attainment } from "../src/core/attainment";
import { paceOf, periodShare } from "../src/core/pace";
import { trafficLight } from "../src/core/status";
import { type Plan, type TrackingRow, memberAmount, monthlyTargets, validatePlan } from "../src/sheets/plan";
import { SplitCache } from "../src/sheets/plan-cache";
import { STATUS_WORDS, attainFormula, paceFormula, periodShareFormula, statusFormula } from "../src/sheets/native";
import { TRACKING_LAYOUT, buildTrackingSheet, excelSerial } from "../src/sheets/tracking";
import type { SheetSpec } from "../src/sheets/spec";
import { XlError, type XlValue, colLetters, evaluateFormula, parseA1, sheetEvaluator, expectFormulasMatch } from "./helpers/formula-eval";

const EXAMPLES = path.resolve(__dirname, "../examples");

function loadPlan(file: string): Plan {
  const v = validatePlan(JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")));
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.plan;
}

function plan(rows: TrackingRow[], extra: Partial<Plan> = {}): Plan {
  const v = validatePlan({ title: "T", year: 2025, total: 1000, tracking: { rows }, ...extra });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.plan;
}

/** Columns of the layout, by header text (English sheet). */
function columnOf(sheet: SheetSpec, header: string): number {
  const row = sheet.rows[4];
  const c = row.findIndex((cell) => cell !== null && "v" in cell && cell.v === header);
  if (c < 0) throw new Error(`no column ${header}`);
  return c;
}


/** The colour the sheet's conditional formats give a cell (first rule that matches), or undefined. */
function colourAt(sheet: SheetSpec, a1: string, rows = sheet.rows): string | undefined {
  const ev = sheetEvaluator(rows);
  const { row, col } = parseA1(a1);
  for (const rule of sheet.conditionalFormats ?? []) {
    const [from, to = from] = rule.range.split(":");
    const tl = parseA1(from);
    const br = parseA1(to);
    if (row < tl.row || row > br.row || col < tl.col || col > br.col) continue;
    const v = ev.formula(rule.formula, { rows: row - tl.row, cols: col - tl.col });
    if (v === true) return rule.fill;
  }
  return undefined;
}

const FILL = { green: "#C6EFCE", yellow: "#FFEB9C", red: "#FFC7CE" };

describe("buildTrackingSheet: the seed plan", () => {
  const seed = loadPlan("seed-plan.json");
  const { sheet, names } = buildTrackingSheet(seed, { lang: "en", asOf: "2025-06-30" });

  it("lays out rows of indicators with each month's target and actual side by side", () => {
    expect(sheet.kind).toBe("tracking");
    expect(sheet.rows[4].slice(6, 10).map((c) => (c as { v: unknown }).v)).toEqual(["Jan target", "Jan actual", "Feb target", "Feb actual"]);
    expect(sheet.rows.slice(5).map((r) => (r[0] as { v: unknown }).v)).toEqual(seed.tracking!.rows.map((r) => r.name));
    expect(sheet.tables).toEqual([{ name: "T_Tracking", range: `A5:AK${5 + seed.tracking!.rows.length}`, style: "TableStyleLight9" }]);
    expect(sheet.freeze).toEqual({ rows: 5, columns: 1 });
    expect(sheet.print).toMatchObject({ landscape: true, repeatRows: "4:5" });
  });
  it("puts things where TRACKING_LAYOUT says", () => {
    expect(sheet.rows[1][1]).toEqual(expect.objectContaining({ v: expect.any(Number) }));
    expect(TRACKING_LAYOUT.asOf).toBe("B2");
    expect((sheet.rows[TRACKING_LAYOUT.firstDataRow][0] as { v: string }).v).toBe(seed.tracking!.rows[0].name);
    expect((sheet.rows[4][TRACKING_LAYOUT.firstMonthCol] as { v: string }).v).toBe("Jan target");
    expect((sheet.rows[4][TRACKING_LAYOUT.attainmentCol] as { v: string }).v).toBe("Attainment");
    expect((sheet.rows[4][TRACKING_LAYOUT.statusCol] as { v: string }).v).toBe("Status");
    expect((sheet.rows[4][TRACKING_LAYOUT.checkCol] as { v: string }).v).toBe("Check");
  });
  it("takes the plan's as-of date over the generation date, as a value (never TODAY())", () => {
    expect(sheet.rows[1][1]).toEqual({ v: excelSerial("2025-03-31"), input: true });
    for (const row of sheet.rows) for (const c of row) if (c && "f" in c) expect(c.f).not.toMatch(/TODAY|NOW|_xlfn|^=/i);
  });
  it("computes every formula cell to the engine's value", () => {
    expectFormulasMatch(sheet);
  });
  it("shows sales to date (Jan–Mar of 1.2 亿 in 万元) and its attainment, status and pace from core", () => {
    const att = columnOf(sheet, "Attainment");
    const row = sheet.rows[5];
    const targets = [0, 1, 2].map((m) => (row[6 + 2 * m] as { v: number }).v);
    const actual = 980 + 1040 + 900;
    const target = targets.reduce((a, b) => a + b, 0);
    expect((row[att] as { expect: number }).expect).toBeCloseTo(attainment(actual, target), 12);
    expect((row[att + 1] as { expect: string }).expect).toBe(trafficLight(actual, target));
    const yearTarget = (row[columnOf(sheet, "Year target")] as { expect: number }).expect;
    expect(yearTarget).toBe(12000);
    const pace = paceOf(actual, yearTarget, excelSerial("2025-03-31"), excelSerial("2025-01-01"), excelSerial("2025-12-31"));
    expect((row[columnOf(sheet, "Pace")] as { expect: number }).expect).toBeCloseTo(pace as number, 12);
  });
  it("names one check, TRUE, and the sheet's checks see each month adding up", () => {
    expect(names).toEqual([expect.objectContaining({ name: "Check_Tracking_Rows", sheet: sheet.name, ref: "AK2" })]);
    expect(sheetEvaluator(sheet.rows).at("AK2")).toBe(true);
  });
  it("turns the check FALSE (and red) when a month's target is typed over", () => {
    const rows = sheet.rows.map((r) => r.slice());
    rows[6][6] = { v: 999999 }; // 华东销售额, January's target
    expect(sheetEvaluator(rows).at("AK7")).toBe(false);
    expect(sheetEvaluator(rows).at("AK2")).toBe(false);
    expect(colourAt(sheet, "AK7", rows)).toBe(FILL.red);
    expect(colourAt(sheet, "AK2", rows)).toBe(FILL.red);
  });
  it("turns the check FALSE when a yellow line is raised above the green one", () => {
    const rows = sheet.rows.map((r) => r.slice());
    rows[5][5] = { v: 1.2, input: true };
    expect(sheetEvaluator(rows).at("AK6")).toBe(false);
  });
  it("colours each month's actual by its own attainment, with the row's thresholds", () => {
    const t = seed.tracking!.rows;
    t.forEach((r, i) => {
      const row = sheet.rows[5 + i];
      for (let m = 0; m < 12; m++) {
        const target = (row[6 + 2 * m] as { v: number | null }).v;
        const actual = (row[7 + 2 * m] as { v: number | null }).v;
        const light = actual === null || target === null ? "" : trafficLight(actual, target, { direction: r.direction, greenAt: r.greenAt, yellowAt: r.yellowAt });
        expect(colourAt(sheet, `${colLetters(7 + 2 * m)}${6 + i}`)).toBe(light === "" ? undefined : FILL[light]);
        // A target cell is never coloured.
        expect(colourAt(sheet, `${colLetters(6 + 2 * m)}${6 + i}`)).toBeUndefined();
      }
    });
  });
  it("colours attainment and status as the status says", () => {
    const att = columnOf(sheet, "Attainment");
    sheet.rows.slice(5).forEach((row, i) => {
      const status = (row[att + 1] as { expect: string }).expect as "green" | "yellow" | "red" | "";
      for (const c of [att, att + 1]) expect(colourAt(sheet, `${colLetters(c)}${6 + i}`)).toBe(status === "" ? undefined : FILL[status]);
    });
  });
  it("formats amounts in the plan's unit, rates as percentages, counts as whole numbers", () => {
    const fmts = sheet.formats ?? [];
    expect(fmts).toContainEqual({ range: "G6:AG7", numFmt: "#,##0" });
    expect(fmts).toContainEqual({ range: "G8:AG8", numFmt: "0.0%" });
    expect(fmts).toContainEqual({ range: "G9:AG9", numFmt: "#,##0" });
    expect((sheet.rows[5][1] as { v: string }).v).toBe("万元");
  });
  it("has a legend in the three colours, all within January–June (the first printed page)", () => {
    const fills = (sheet.formats ?? []).filter((f) => f.range.startsWith("B3") || f.range.startsWith("G3") || f.range.startsWith("K3")).map((f) => f.fill);
    expect(fills).toEqual([FILL.green, FILL.yellow, FILL.red]);
    // Row 3's legend merges end by column R (June's actual); the "no colour" item too.
    const legendMerges = (sheet.merges ?? []).filter((m) => /^[A-Z]+3:/.test(m));
    expect(legendMerges.length).toBe(4);
    for (const m of legendMerges) expect(m.split(":")[1] <= "R3" && m.split(":")[1].length === 2).toBe(true);
  });
  it("prints landscape two pages wide with the names on both, so the year-to-date columns are readable", () => {
    expect(sheet.print).toMatchObject({ landscape: true, fitToWidth: true, pagesWide: 2, repeatColumns: "A:A" });
  });
  it("writes Chinese labels and status words for a Chinese sheet", () => {
    const zh = buildTrackingSheet(seed, { lang: "zh" }).sheet;
    expect(zh.name).toBe("目标管理表");
    expect((zh.rows[4][6] as { v: string }).v).toBe("1月目标");
    expect(STATUS_WORDS.zh.yellow).toBe("黄");
    expectFormulasMatch(zh);
  });
});

describe("buildTrackingSheet: lower is better", () => {
  const lower = loadPlan("tracking-lower-better.json");
  const { sheet } = buildTrackingSheet(lower, { lang: "en" });

  it("computes every formula cell to the engine's value", () => {
    expectFormulasMatch(sheet);
  });
  it("scores churn under target as above 100 % and colours it green", () => {
    // Churn Jan–May: 7 %, 8 %, 8.5 %, 10 %, 6 % against 8 %: average 7.9 %, attainment 2 − 7.9/8.
    const att = columnOf(sheet, "Attainment");
    expect((sheet.rows[5][att] as { expect: number }).expect).toBeCloseTo(2 - 0.079 / 0.08, 12);
    expect(colourAt(sheet, `${colLetters(att)}6`)).toBe(FILL.green);
    // April's 10 % against 8 % is 75 %: red.
    expect(colourAt(sheet, "N6")).toBe(FILL.red);
  });
  it("colours a zero-target month green at zero and red above it", () => {
    // Orders shipped late: target 0 every month; Jan 0, Feb 1.
    expect(colourAt(sheet, "H9")).toBe(FILL.green);
    expect(colourAt(sheet, "J9")).toBe(FILL.red);
  });
  it("leaves pace empty where pace does not apply (rates and lower-is-better)", () => {
    const pace = columnOf(sheet, "Pace");
    for (const row of sheet.rows.slice(5)) expect(row[pace]).toBeNull();
  });
});

describe("buildTrackingSheet: blanks, inputs, protection and scale", () => {
  const rows: TrackingRow[] = [
    { name: "Sales", target: { annual: 1200 }, actuals: [100, null, null, null, null, null, null, null, null, null, null, null] },
    { name: "No data yet", target: { each: 50 } },
  ];
  const p = plan(rows);
  const { sheet } = buildTrackingSheet(p, { lang: "en", asOf: "2025-02-15", protect: true });

  it("gives a row with no actuals blank to-date, attainment and status cells, with no colour", () => {
    const ev = sheetEvaluator(sheet.rows);
    for (const h of ["Actual to date", "Attainment", "Status", "Pace"]) expect(ev.value(6, columnOf(sheet, h))).toBe("");
    for (let c = 6; c < 37; c++) expect(colourAt(sheet, `${colLetters(c)}7`)).toBeUndefined();
  });
  it("counts only the months started by the as-of date, and follows the as-of cell when it changes", () => {
    const ttd = columnOf(sheet, "Target to date");
    expect(sheetEvaluator(sheet.rows).value(5, ttd)).toBe(200); // Jan + Feb of 1200 evenly
    const later = sheet.rows.map((r) => r.slice());
    later[1][1] = { v: excelSerial("2025-06-01"), input: true };
    const ev = sheetEvaluator(later);
    expect(ev.value(5, ttd)).toBe(600);
    expect(ev.at("H2")).toBeCloseTo(periodShare(excelSerial("2025-06-01"), excelSerial("2025-01-01"), excelSerial("2025-12-31")), 15);
  });
  it("protects the sheet and leaves actuals, thresholds and the as-of date editable", () => {
    expect(sheet.protect).toBe(true);
    expect((sheet.rows[1][1] as { input?: boolean }).input).toBe(true);
    for (let m = 0; m < 12; m++) {
      expect((sheet.rows[5][7 + 2 * m] as { input?: boolean }).input).toBe(true);
      expect((sheet.rows[5][6 + 2 * m] as { input?: boolean }).input).toBeUndefined();
    }
    expect((sheet.rows[5][4] as { input?: boolean }).input).toBe(true);
    expect((sheet.rows[5][5] as { input?: boolean }).input).toBe(true);
    const unlocked = (sheet.formats ?? []).filter((f) => f.locked === false).map((f) => f.range);
    expect(unlocked).toEqual(expect.arrayContaining(["B2:B2", "E6:F7", "H6:H7", "AD6:AD7"]));
  });
  it("builds 5,000 people × 12 months whose formulas read only their own row and the fixed cells", () => {
    const people: TrackingRow[] = Array.from({ length: 5000 }, (_, i) => ({
      name: `Rep ${i + 1}`,
      target: { annual: 1200 + i },
      actuals: [100 + (i % 7), 90, null, null, null, null, null, null, null, null, null, null],
    }));
    const big = buildTrackingSheet(plan(people), { lang: "en", asOf: "2025-02-28" }).sheet;
    expect(big.rows.length).toBe(5 + 5000);
    const fixed = new Set([2, 4]); // rows of the as-of cell and the month dates
    for (const r of [5, 2500, 5004]) {
      for (const cell of big.rows[r]) {
        if (!cell || !("f" in cell)) continue;
        const refs = cell.f.replace(/"[^"]*"/g, "").match(/\$?[A-Z]{1,3}\$?\d+/g) ?? [];
        for (const ref of refs) {
          const row = Number(/\d+$/.exec(ref)![0]);
          expect(row === r + 1 || fixed.has(row)).toBe(true);
        }
      }
    }
    // No whole-column references anywhere.
    for (const row of big.rows) for (const c of row) if (c && "f" in c) expect(c.f).not.toMatch(/\$?[A-Z]{1,3}:\$?[A-Z]{1,3}(?!\d)/);
    expect(big.conditionalFormats!.length).toBeLessThan(12);
  });
});

// ---- the native builders behind the sheet, against core ------------------------------------------

describe("native ATTAIN, STATUS and PACE formulas", () => {
  const run = (f: string, cells: XlValue[]): XlValue => evaluateFormula(f, (r, c) => (r === 0 ? (cells[c] ?? null) : null));
  it("ATTAIN: blank is \"\", else core's attainment in both directions", () => {
    fc.assert(
      fc.property(fc.option(fc.double({ min: -5, max: 5, noNaN: true }), { nil: null }), fc.constantFrom(0, 0.08, 1, 250), fc.constantFrom("higher" as const, "lower" as const), (a, t, d) => {
        const got = run(attainFormula("A1", "B1", d), [a, t]);
        if (a === null) return expect(got).toBe("");
        if (t === 0 && d === "higher") return expect(got).toEqual(new XlError("#DIV/0!"));
        expect(got).toBe(attainment(a, t, d));
      }),
      { numRuns: 300 },
    );
  });
  it("STATUS: the traffic light of core, on the tolerance edges too", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.integer({ min: 50, max: 120 }),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom(0, 1e-12, -1e-12, 1e-8, -1e-8),
        (x, g, gap, nudge) => {
          const green = g / 100;
          const yellow = (g - gap) / 100;
          for (const att of [x, green + nudge, yellow + nudge]) {
            const want = trafficLight(att, 1, { greenAt: green, yellowAt: yellow });
            expect(run(statusFormula("A1", "B1", "C1"), [att, green, yellow])).toBe(want);
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(run(statusFormula("A1", 1, 0.9, STATUS_WORDS.zh), [0.95])).toBe("黄");
    expect(run(statusFormula("A1", 1, 0.9), [""])).toBe("");
  });
  it("PACE: core's paceOf, blank before the period and for a blank actual or date", () => {
    const start = excelSerial("2024-01-01");
    const end = excelSerial("2024-12-31");
    fc.assert(
      fc.property(
        fc.option(fc.double({ min: 0, max: 2000, noNaN: true }), { nil: null }),
        fc.double({ min: 1, max: 2000, noNaN: true }),
        fc.option(fc.integer({ min: start - 40, max: end + 40 }), { nil: null }),
        fc.constantFrom(0, 0.25, 0.99),
        (a, t, day, frac) => {
          const asOf = day === null ? null : day + frac;
          const share = periodShareFormula("C1", "D1", "E1");
          const cells: XlValue[] = [a, t, asOf, start, end];
          const viaShare = evaluateFormula(paceFormula({ actual: "A1", target: "B1", asOf: "C1", start: "D1", share: "F1" }), (r, c) =>
            r === 0 ? (c === 5 ? evaluateFormula(share, (_, k) => cells[k] ?? null) : (cells[c] ?? null)) : null,
          );
          const direct = run(paceFormula({ actual: "A1", target: "B1", asOf: "C1", start: "D1", end: "E1" }), cells);
          const want = paceOf(a, t, asOf, start, end);
          expect(viaShare).toBe(want);
          expect(direct).toBe(want);
        },
      ),
      { numRuns: 300 },
    );
    // The contract's example.
    expect(run(paceFormula({ actual: "A1", target: "B1", asOf: "C1", start: "D1", end: "E1" }), [300, 1000, 45382, 45292, 45657])).toBeCloseTo(0.3 / (91 / 366), 12);
  });
});

// ---- properties: generated tracking rows -----------------------------------------------------------

const monthValues = (min: number, max: number) =>
  fc.array(fc.option(fc.double({ min, max, noNaN: true }), { nil: null, freq: 3 }), { minLength: 12, maxLength: 12 });

const trackingRow: fc.Arbitrary<TrackingRow> = fc
  .record({
    format: fc.constantFrom("amount" as const, "percent" as const, "count" as const),
    direction: fc.constantFrom("higher" as const, "lower" as const),
    aggregate: fc.constantFrom(undefined, "sum" as const, "average" as const),
    greenAt: fc.option(fc.integer({ min: 80, max: 110 }).map((x) => x / 100), { nil: undefined }),
    gap: fc.integer({ min: 0, max: 20 }),
    kind: fc.constantFrom("each", "monthly", "annual"),
    each: fc.double({ min: 0.01, max: 500, noNaN: true }),
    monthly: monthValues(0.5, 1000),
    annual: fc.integer({ min: 1, max: 1_000_000 }),
    actuals: monthValues(0, 1500),
  })
  .map((x) => {
    const row: TrackingRow = {
      name: "Row",
      format: x.format,
      direction: x.direction,
      target: x.kind === "each" ? { each: x.each } : x.kind === "monthly" ? { monthly: x.monthly } : { annual: x.annual },
      actuals: x.actuals,
    };
    if (x.aggregate) row.aggregate = x.aggregate;
    if (x.greenAt !== undefined) {
      row.greenAt = x.greenAt;
      row.yellowAt = Math.max(0, x.greenAt - x.gap / 100);
    }
    return row;
  });

describe("buildTrackingSheet: generated plans (properties)", () => {
  it("every formula cell computes the engine's value, for any rows, units and as-of date", () => {
    fc.assert(
      fc.property(
        fc.array(trackingRow, { minLength: 1, maxLength: 6 }),
        fc.constantFrom("元" as const, "万元" as const, "亿元" as const),
        fc.integer({ min: 0, max: 400 }),
        (rows, unit, day) => {
          const named = rows.map((r, i) => ({ ...r, name: `Row ${i + 1}` }));
          const asOf = new Date(Date.UTC(2025, 0, 1) + (day - 20) * 86400000).toISOString().slice(0, 10);
          const { sheet } = buildTrackingSheet(plan(named, { unit }), { lang: "en", asOf });
          expectFormulasMatch(sheet);
          // And the traffic light of each month matches core.
          named.forEach((r, i) => {
            const row = sheet.rows[5 + i];
            for (let m = 0; m < 12; m += 5) {
              const target = (row[6 + 2 * m] as { v: number | null }).v;
              const actual = (row[7 + 2 * m] as { v: number | null }).v;
              let light: string = "";
              if (actual !== null && target !== null) {
                try {
                  light = trafficLight(actual, target, { direction: r.direction, greenAt: r.greenAt, yellowAt: r.yellowAt });
                } catch {
                  light = ""; // a zero target when higher is better: #DIV/0!, no colour
                }
              }
              expect(colourAt(sheet, `${colLetters(7 + 2 * m)}${6 + i}`)).toBe(light === "" ? undefined : FILL[light as "green"]);
            }
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("SplitCache: the decomposition once per build", () => {
  it("gives exactly monthlyTargets and memberAmount for every example's rows and members", () => {
    for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".json"))) {
      const p = loadPlan(file);
      const cache = new SplitCache(p);
      for (const row of p.tracking?.rows ?? []) expect(cache.monthlyTargets(row)).toEqual(monthlyTargets(p, row));
      for (const s of p.splits ?? []) {
        for (const m of s.members ?? []) expect(cache.memberAmount({ split: s.id, member: m.name })).toBe(memberAmount(p, { split: s.id, member: m.name }));
      }
    }
  });
  it("gives exactly monthlyTargets for members of generated splits, shaped by a month split or even", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.constantFrom("元" as const, "万元" as const),
        fc.constantFrom(undefined, 0, 0.01, 1, 100),
        fc.boolean(),
        fc.constantFrom("amount" as const, "count" as const),
        (weights, monthWeights, total, unit, roundTo, shaped, format) => {
          const members = weights.map((w, k) => ({ name: `M${k}`, weight: w + (k === 0 ? 1 : 0) }));
          // A row's format follows its source split's measure (a count split has its own total).
          const people = format === "count" ? { id: "people", kind: "person", measure: "count", total: total % 5000, members } : { id: "people", kind: "person", members };
          const rows: TrackingRow[] = members.map((m) => ({ name: m.name, format, target: { from: { split: "people", member: m.name } }, ...(shaped && { months: "month" }) }));
          const v = validatePlan({
            title: "G",
            year: 2025,
            total,
            unit,
            ...(roundTo !== undefined && { roundTo }),
            splits: [
              people,
              { id: "month", kind: "month", ...(format === "count" && { measure: "count", total: 120 }), members: monthWeights.map((w, k) => ({ name: `m${k + 1}`, weight: w })) },
            ],
            tracking: { rows },
          });
          if (!v.ok) throw new Error(JSON.stringify(v.problems));
          const cache = new SplitCache(v.plan);
          for (const row of v.plan.tracking!.rows) expect(cache.monthlyTargets(row)).toEqual(monthlyTargets(v.plan, row));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("buildTrackingSheet: conditional formats do not grow with the rows", () => {
  const alternating = (n: number, lang: "en" | "zh") => {
    const rows: TrackingRow[] = Array.from({ length: n }, (_, i) => ({
      name: `Indicator ${i + 1}`,
      direction: i % 2 ? "lower" : "higher",
      format: "count",
      target: { each: 10 + (i % 5) },
      actuals: [9 + (i % 4), 10 + (i % 3), i % 7 === 0 ? null : 8 + (i % 6), 13, 0, null, null, null, null, null, null, null],
    }));
    return { rows, sheet: buildTrackingSheet(plan(rows), { lang, asOf: "2025-04-30" }).sheet };
  };

  it("has the same rules for 1 row and 1,000 rows of alternating directions", () => {
    const one = alternating(1, "en").sheet.conditionalFormats!;
    const many = alternating(1000, "en").sheet.conditionalFormats!;
    expect(many.length).toBe(one.length);
    expect(many.length).toBe(8);
    expect(many.map((c) => c.formula)).toEqual(one.map((c) => c.formula));
  });
  it.each(["en", "zh"] as const)("paints each month of each row as core's traffic light, both directions, blank months uncoloured (%s)", (lang) => {
    const { rows, sheet } = alternating(40, lang);
    rows.forEach((r, i) => {
      const row = sheet.rows[5 + i];
      for (let m = 0; m < 12; m++) {
        const target = (row[6 + 2 * m] as { v: number | null }).v;
        const actual = (row[7 + 2 * m] as { v: number | null }).v;
        const light = actual === null || target === null ? "" : trafficLight(actual, target, { direction: r.direction });
        expect([i, m, colourAt(sheet, `${colLetters(7 + 2 * m)}${6 + i}`)]).toEqual([i, m, light === "" ? undefined : FILL[light]]);
        expect(colourAt(sheet, `${colLetters(6 + 2 * m)}${6 + i}`)).toBeUndefined();
      }
    });
  });
  it("follows a row whose direction word is changed in the sheet", () => {
    const { sheet } = alternating(2, "en");
    // Row 6, higher is better: January's 9 against 10 is 90 %, yellow; read as lower is better it is 110 %, green.
    expect(colourAt(sheet, "H6")).toBe(FILL.yellow);
    const rows = sheet.rows.map((r) => r.slice());
    rows[5][3] = { v: "lower is better" };
    expect(colourAt(sheet, "H6", rows)).toBe(FILL.green);
    // And row 7, lower is better (10 against 11: 2 − 10/11 ≈ 109 %, green), read as higher is better: 91 %, yellow.
    expect(colourAt(sheet, "H7")).toBe(FILL.green);
    rows[6][3] = { v: "higher is better" };
    expect(colourAt(sheet, "H7", rows)).toBe(FILL.yellow);
  });
});

describe("buildTrackingSheet: a target of 0 shows a dash, never #DIV/0!", () => {
  const zeroPlan = (): Plan => {
    const v = validatePlan({
      title: "Zero",
      year: 2025,
      total: 1000,
      splits: [
        { id: "people", kind: "person", members: [{ name: "Weight 0", weight: 0 }, { name: "All", weight: 1 }] },
        { id: "held", kind: "person", members: [{ name: "Holder", held: 1000 }, { name: "Left", weight: 1 }] },
        { id: "none", kind: "region", total: 0, members: [{ name: "Nothing", weight: 1 }] },
      ],
      tracking: {
        asOf: "2025-03-31",
        rows: [
          { name: "Weight 0", target: { from: { split: "people", member: "Weight 0" } }, actuals: [5, null, null, null, null, null, null, null, null, null, null, null] },
          { name: "Left", target: { from: { split: "held", member: "Left" } }, actuals: [5, 1, null, null, null, null, null, null, null, null, null, null] },
          { name: "Nothing", target: { from: { split: "none", member: "Nothing" } }, actuals: [0, null, null, null, null, null, null, null, null, null, null, null] },
          { name: "Later", format: "count", target: { monthly: [0, 0, 0, 10, 10, 10, 10, 10, 10, 10, 10, 10] }, actuals: [1, 0, null, null, null, null, null, null, null, null, null, null] },
          { name: "No target yet", format: "percent", target: { monthly: [null, null, null, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9] }, actuals: [0.8, null, null, null, null, null, null, null, null, null, null, null] },
          { name: "Lower, zero", format: "count", direction: "lower", target: { each: 0 }, actuals: [0, 2, null, null, null, null, null, null, null, null, null, null] },
        ],
      },
    });
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    return v.plan;
  };
  const { sheet } = buildTrackingSheet(zeroPlan(), { lang: "en" });
  const ev = sheetEvaluator(sheet.rows);
  const att = columnOf(sheet, "Attainment");

  it("every formula cell evaluates to its expected value, and none to an error", () => {
    expectFormulasMatch(sheet);
    sheet.rows.forEach((row, r) => row.forEach((c, col) => c && "f" in c && expect([r, col, ev.value(r, col) instanceof XlError]).toEqual([r, col, false])));
  });
  it.each([
    ["a member of weight 0", 0, "–"],
    ["what a held member leaves: nothing", 1, "–"],
    ["a split whose total is 0", 2, "–"],
    ["a target that starts in April, as of March (the year's target is not 0: pace is a number)", 3, "number"],
    ["no target yet (an average: no pace)", 4, undefined],
  ])("%s: attainment and status are dashes, without colour", (_what, i, pace) => {
    expect(ev.value(5 + i, att)).toBe("–");
    expect(ev.value(5 + i, att + 1)).toBe("–");
    if (pace === undefined) expect(sheet.rows[5 + i][att + 2]).toBeNull();
    else if (pace === "number") expect(typeof ev.value(5 + i, att + 2)).toBe("number");
    else expect(ev.value(5 + i, att + 2)).toBe(pace);
    for (const c of [att, att + 1]) expect(colourAt(sheet, `${colLetters(c)}${6 + i}`)).toBeUndefined();
  });
  it("lower is better with a target of 0 keeps ATTAIN's answer (100 % at 0, 0 % above)", () => {
    expect(ev.value(10, att)).toBe(0);
    expect(ev.value(10, att + 1)).toBe("red");
  });
  it("says what the dash means in the sheet's note, in both languages", () => {
    expect(sheet.note).toMatch(/– = no target/);
    expect(buildTrackingSheet(zeroPlan(), { lang: "zh" }).sheet.note).toMatch(/– 表示没有可比的目标/);
  });
});

/** The number format the spec's formats give a cell (the last one that sets one wins). */
function numFmtAt(sheet: SheetSpec, a1: string): string | undefined {
  const { row, col } = parseA1(a1);
  let fmt: string | undefined;
  for (const f of sheet.formats ?? []) {
    const [a, b = a] = f.range.split(":").map(parseA1);
    if (f.numFmt !== undefined && row >= a.row && row <= b.row && col >= a.col && col <= b.col) fmt = f.numFmt;
  }
  return fmt;
}

/** Whether the sheet's data validations let a planner type `value` into a cell (no rule: anything goes). */
function accepts(sheet: SheetSpec, a1: string, value: number): boolean {
  const { row, col } = parseA1(a1);
  return (sheet.validations ?? []).every((v) => {
    const [a, b = a] = v.range.split(":").map(parseA1);
    if (row < a.row || row > b.row || col < a.col || col > b.col) return true;
    return (v.min === undefined || value >= v.min) && (v.max === undefined || value <= v.max);
  });
}

describe("buildTrackingSheet: what each cell shows and takes", () => {
  const seed = loadPlan("seed-plan.json");
  const { sheet } = buildTrackingSheet(seed, { lang: "en", asOf: "2025-06-30" });
  const info = sheet.rows[1];
  const a1 = (row: number, col: number) => `${colLetters(col)}${row + 1}`;

  it("dates show as dates, the share of the year elapsed and each attainment and line as percentages", () => {
    // Row 2: the as-of date, the year's start and end (Excel serials), and the share elapsed.
    const dates = info.flatMap((c, col) => (c && "v" in c && typeof c.v === "number" ? [a1(1, col)] : []));
    expect(dates.length).toBe(3);
    for (const d of dates) expect(numFmtAt(sheet, d)).toBe("yyyy-mm-dd");
    const share = info.findIndex((c) => c !== null && "f" in c && c.f === periodShareFormula("$B$2", "$D$2", "$F$2"));
    expect(share).toBeGreaterThan(0);
    expect(numFmtAt(sheet, a1(1, share))).toMatch(/%$/);
    const att = columnOf(sheet, "Attainment");
    const green = columnOf(sheet, "Green at");
    sheet.rows.slice(5).forEach((_, i) => {
      for (const c of [att, green, green + 1]) expect(numFmtAt(sheet, a1(5 + i, c))).toMatch(/%$/);
    });
  });

  it("each row's green and yellow lines take a line from 0 % up and refuse a negative one", () => {
    const green = columnOf(sheet, "Green at");
    sheet.rows.slice(5).forEach((_, i) => {
      for (const c of [green, green + 1]) {
        expect(accepts(sheet, a1(5 + i, c), 0.9)).toBe(true);
        expect(accepts(sheet, a1(5 + i, c), 0)).toBe(true);
        expect(accepts(sheet, a1(5 + i, c), -0.1)).toBe(false);
      }
    });
  });
});
