/*
 * The quarterly split sheet: every formula the sheet writes is evaluated with Excel's rules
 * (tests/helpers/formula-eval.ts) and equals its `expect`, and every `expect` is core's
 * splitTotal of the row (recomputed here from the inputs), on the seed and on random inputs
 * and placements (fast-check); the native largest-remainder formulas, evaluated on a sheet of
 * their own, equal core with held parts, ties and decimal units; formulas stay within their
 * row, use only Excel-2010 functions, and checks, names, formats, protection and placement
 * are as promised. The checks turning FALSE: tests/checks.test.ts. LibreOffice's
 * recalculation of the same formulas: tests/sheets-splits.engine.test.ts.
 */
import fc from "fast-check";
import { PlanError } from "../src/core/errors";
import { splitTotal } from "../src/core/split";
import { buildQuarterlySplit, type QuarterlySplitInput } from "../src/sheets/quarterly";
import { absA1, largestRemainderFormulas, netAmountFormula, parseA1, cellA1, rangeA1 } from "../src/sheets/formulas";
import { isValidDefinedName, isValidSheetName } from "../src/sheets/names";
import { labels } from "../src/sheets/i18n";
import type { CellSpec, SheetSpec } from "../src/sheets/spec";
import { expectFormulasMatch, placedRows, sheetEvaluator } from "./helpers/formula-eval";

const SEED_INPUT: QuarterlySplitInput = {
  names: ["华东", "华南", "华北", "其他"],
  annual: [48000000, 36000000, 24000000, 12000000],
  weights: [25, 30, 25, 20],
  unit: 10000,
  lang: "zh",
};

/** Every cell of a sheet with its absolute address. */
function cellsOf(sheet: SheetSpec): { a1: string; row: number; col: number; cell: CellSpec }[] {
  const o = parseA1(sheet.origin ?? "A1");
  const out: { a1: string; row: number; col: number; cell: CellSpec }[] = [];
  sheet.rows.forEach((r, i) => r.forEach((c, j) => c && out.push({ a1: cellA1(o.row + i, o.col + j), row: o.row + i, col: o.col + j, cell: c })));
  return out;
}
const at = (sheet: SheetSpec, a1: string): CellSpec | undefined => cellsOf(sheet).find((c) => c.a1 === a1)?.cell;
/** Functions a formula calls. */
const functionsIn = (f: string): string[] => [...f.replace(/"[^"]*"/g, "").matchAll(/([A-Z][A-Z0-9.]*)\(/g)].map((m) => m[1]);
/** Row numbers (1-based) a formula references. */
const rowsIn = (f: string): number[] => [...f.replace(/"[^"]*"/g, "").matchAll(/\$?[A-Z]{1,3}\$?(\d+)/g)].map((m) => Number(m[1]));

const EXCEL_2010 = new Set(["ABS", "AND", "IF", "INT", "LARGE", "MATCH", "MAX", "MIN", "ROUND", "SUM", "SUMPRODUCT", "COUNTIF", "INDEX"]);

describe("the seed's regions split into quarters (万元 rounding of 元 amounts)", () => {
  const spec = buildQuarterlySplit(SEED_INPUT);
  const sheet = spec.sheets[0];
  test("Q1–Q4 of 华东 are 12,000,000 / 14,400,000 / 12,000,000 / 9,600,000 (40 % of the seed's quarters)", () => {
    expect(["C5", "D5", "E5", "F5"].map((a) => (at(sheet, a) as { expect: number }).expect)).toEqual([12000000, 14400000, 12000000, 9600000]);
  });
  test("the total row adds up to the domain's quarters", () => {
    expect(["C9", "D9", "E9", "F9"].map((a) => (at(sheet, a) as { expect: number }).expect)).toEqual([30000000, 36000000, 30000000, 24000000]);
  });
  test("a check column, checks TRUE, and Check_ names pointing at check formulas", () => {
    for (const r of [5, 6, 7, 8]) expect(at(sheet, `H${r}`)).toMatchObject({ expect: true });
    expect(spec.names.map((n) => n.name)).toEqual(["Check_Quarterly_Weights", "Check_Quarterly_Rows"]);
    for (const n of spec.names) {
      expect(isValidDefinedName(n.name)).toBe(true);
      expect(n.sheet).toBe(sheet.name);
      expect(at(sheet, n.ref.replace(/\$/g, ""))).toMatchObject({ expect: true });
    }
  });
  test("a FALSE check shows red", () => {
    const cf = sheet.conditionalFormats!.find((c) => c.range.includes("H"));
    expect(cf).toBeDefined();
    expect(cf!.formula).toMatch(/=FALSE$/);
    expect(cf!.fill).toMatch(/^#F/);
  });
  test("sheet name, frozen header, table over the data rows only, print setup, widths", () => {
    expect(sheet.name).toBe("季度分解");
    expect(isValidSheetName(sheet.name)).toBe(true);
    expect(sheet.freeze).toEqual({ rows: 4, columns: 2 });
    expect(sheet.tables).toEqual([expect.objectContaining({ range: "A4:H8" })]);
    expect(sheet.print).toMatchObject({ landscape: true, fitToWidth: true });
    expect(sheet.columnWidths!.length).toBeGreaterThanOrEqual(8);
  });
});

describe("every formula evaluates to its expect, and every expect is core's value", () => {
  test("the seed, in both languages, with months, exact and decimal units, beside a selection", () => {
    for (const input of [
      SEED_INPUT,
      { ...SEED_INPUT, lang: "en" as const, months: true, monthWeights: [1, 2, 3, 1, 1, 1, 2, 2, 1, 1, 1, 5] },
      { ...SEED_INPUT, unit: 0, months: true },
      { ...SEED_INPUT, unit: 0.01, annual: [99.99, 0.07, 1e6 + 0.005, 3] },
      { ...SEED_INPUT, existingSheet: "Data", origin: "J3" },
      { ...SEED_INPUT, existingSheet: "Data", alignTo: "D2", months: true },
    ]) {
      expectFormulasMatch(buildQuarterlySplit(input).sheets[0], { withoutExpect: "helper" });
    }
  });
  const gen = fc.record({
    annual: fc.array(fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, 1, 3, 7, 15, 80)), { minLength: 0, maxLength: 6 }),
    weights: fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0.1, 0.2, 0.3, 1 / 3)), { minLength: 4, maxLength: 4 }).filter((w) => w.some((x) => x > 0)),
    monthWeights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 12, maxLength: 12 }),
    unit: fc.constantFrom(0, 1, 10, 10000, 0.01, 0.5),
    months: fc.boolean(),
    // Where the block goes: a new sheet, beside a selection, or aligned with the targets.
    place: fc.oneof(fc.constant({}), fc.record({ existingSheet: fc.constant("Data"), origin: fc.constantFrom("B2", "J3", "AA40") }), fc.record({ existingSheet: fc.constant("Data"), alignTo: fc.constantFrom("D1", "D2", "C4", "H9") })),
  });
  test("quarters, months, totals and checks on random inputs and placements (fast-check)", () => {
    fc.assert(
      fc.property(gen, (g) => {
        const names = g.annual.map((_, i) => `rep ${i}`);
        const spec = buildQuarterlySplit({ names, annual: g.annual, weights: g.weights, unit: g.unit, months: g.months, monthWeights: g.monthWeights, lang: "en", ...g.place });
        const sheet = spec.sheets[0];
        // Exact shares (unit 0) agree with the engine within its 1e-9.
        expectFormulasMatch(sheet, { withoutExpect: "helper", ...(g.unit === 0 ? { tolerance: 1e-9 } : {}) });
        // The expects are core's numbers, found where the rows are: the name cell's row.
        const nameCol = parseA1(sheet.origin ?? "A1").col;
        const rowOfName = (n: string) => cellsOf(sheet).find((c) => c.col === nameCol && (c.cell as { v?: unknown }).v === n)!.row;
        g.annual.forEach((a, i) => {
          const r = rowOfName(names[i]);
          const q = splitTotal(a, [g.weights], { unit: g.unit })[0];
          for (let k = 0; k < 4; k++) expect((at(sheet, cellA1(r, nameCol + 2 + k)) as { expect: number }).expect).toBe(q[k]);
          if (g.months) {
            for (let k = 0; k < 12; k++) {
              const qk = Math.floor(k / 3);
              const m = splitTotal(q[qk], [g.monthWeights.slice(3 * qk, 3 * qk + 3)], { unit: g.unit })[0];
              expect((at(sheet, cellA1(r, nameCol + 6 + k)) as { expect: number }).expect).toBe(m[k - 3 * qk]);
            }
          }
        });
        expect(spec.names.every((n) => n.name.startsWith("Check_"))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
  test("a typed annual figure flows into its quarters and months, which still add up", () => {
    const sheet = buildQuarterlySplit({ ...SEED_INPUT, months: true, unit: 1, existingSheet: "Data", origin: "J3" }).sheets[0];
    const rows = placedRows(sheet).map((r) => r.slice());
    // The first rep is sheet row 7; annual in K, Q1–Q4 in L:O, months from P, total in AB.
    rows[6][10] = { v: 1000001, input: true };
    const ev = sheetEvaluator(rows);
    const quarters = splitTotal(1000001, [SEED_INPUT.weights], { unit: 1 })[0];
    expect(["L7", "M7", "N7", "O7"].map((a) => ev.at(a))).toEqual(quarters);
    expect(["P7", "Q7", "R7"].map((a) => ev.at(a))).toEqual(splitTotal(quarters[0], [[1, 1, 1]], { unit: 1 })[0]);
    expect(ev.at("AB7")).toBe(1000001);
  });
});

/**
 * The largest-remainder formulas of one split on a sheet of their own, evaluated: members in
 * rows 2… (weight A, held B, effective weight C, exact units D, whole units E, remainder F,
 * running tie count G, result H), the scalars in row 1 (J: total, K: held sum's net amount,
 * L: free weights, M: heaviest, N…U: n0, n, left, cut, tie, hi, slots, odd), as the
 * decomposition sheet lays a split with held members out.
 */
function evaluatedSplit(total: number, w: number[], unit: number, held: number[] = w.map(() => 0)): number[] {
  const k = w.length;
  const first = 1;
  const last = first + k - 1;
  const col = (c: string) => parseA1(`${c}1`).col;
  const per = (c: string) => Array.from({ length: k }, (_, i) => absA1(first + i, col(c)));
  const range = (c: string) => rangeA1(first, col(c), last, col(c), true);
  const one = (c: string) => absA1(0, col(c));
  const F = largestRemainderFormulas({
    amount: one("K"),
    total: one("J"),
    unit,
    weights: per("A"),
    weightRange: range("A"),
    held: per("B"),
    heldRange: range("B"),
    effective: per("C"),
    effectiveRange: range("C"),
    wsum: one("L"),
    heaviest: one("M"),
    n0: one("N"),
    n: one("O"),
    left: one("P"),
    cut: one("Q"),
    tie: one("R"),
    hi: one("S"),
    slots: one("T"),
    odd: one("U"),
    q: per("D"),
    qRange: range("D"),
    base: per("E"),
    baseRange: range("E"),
    rem: per("F"),
    remRange: range("F"),
    ties: per("G"),
  });
  const rows: ({ v: unknown } | { f: string } | null)[][] = Array.from({ length: k + 1 }, () => new Array(21).fill(null));
  rows[0][col("J")] = { v: total };
  rows[0][col("K")] = { f: netAmountFormula(one("J"), `SUM(${range("B")})`) };
  [F.wsum, F.heaviest, F.n0, F.n, F.left, F.cut, F.tie, F.hi, F.slots, F.odd].forEach((f, j) => (rows[0][col("L") + j] = { f }));
  for (let i = 0; i < k; i++) {
    const r = rows[first + i];
    r[col("A")] = { v: w[i] };
    r[col("B")] = held[i] > 0 ? { v: held[i] } : null;
    r[col("C")] = { f: F.effective![i] };
    r[col("D")] = { f: F.q[i] };
    r[col("E")] = { f: F.base[i] };
    r[col("F")] = { f: F.rem[i] };
    r[col("G")] = { f: F.ties[i] };
    r[col("H")] = { f: F.result[i] };
  }
  const ev = sheetEvaluator(rows);
  return w.map((_, i) => ev.value(first + i, col("H")) as number);
}

describe("the native largest-remainder formulas compute core's split", () => {
  const near = (got: number[], want: number[]) => got.forEach((x, i) => expect(Math.abs(x - want[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want[i]))));
  test("contract examples, evaluated", () => {
    expect(evaluatedSplit(80, new Array(12).fill(1), 1)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6]);
    expect(evaluatedSplit(15, [1, 2], 10)).toEqual([0, 15]);
    expect(evaluatedSplit(120000000, [25, 30, 25, 20], 10000)).toEqual([30000000, 36000000, 30000000, 24000000]);
    // Ties with the cut: the earlier parts first, the first part included (7 by 25/30/25/20 is 2, 2, 2, 1).
    expect(evaluatedSplit(7, [25, 30, 25, 20], 1)).toEqual([2, 2, 2, 1]);
    // Equal thirds of a billion-unit share: binary noise must not decide the tie (core: the earlier part).
    expect(evaluatedSplit(252666274, [2, 0, 0.2, 2], 1)).toEqual(splitTotal(252666274, [[2, 0, 0.2, 2]], { unit: 1 })[0]);
  });
  test("a held part is never tied with the cut, even when the tie tolerance exceeds 1 (5.9e14 units of 0.001)", () => {
    const w = [0, 0, 1, 0.1, 0.1];
    const held = [1, 0, 0, 0, 1];
    near(evaluatedSplit(591266161830, w, 0.001, held), splitTotal(591266161830, [w], { unit: 0.001, fixed: [held] })[0]);
  });
  test("random weights, ties, held parts, units and more than twelve parts (fast-check)", () => {
    const part = fc.record({ w: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom(0.1, 0.2, 0.3, 1 / 3, 2 / 3)), held: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 50 })) });
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 16 }),
        fc.oneof(fc.integer({ min: 0, max: 10000 }), fc.double({ min: 0, max: 5000, noNaN: true }), fc.integer({ min: 1e8, max: 1e12 }), fc.double({ min: 1e6, max: 1e10, noNaN: true })),
        fc.constantFrom(1, 3, 10, 0.01, 0.1, 0.25, 0.001),
        (parts, extra, unit) => {
          const w = parts.map((p) => p.w);
          const held = parts.map((p) => p.held);
          const free = parts.filter((p) => !(p.held > 0));
          if (free.length === 0 || free.every((p) => p.w === 0)) return;
          const total = held.reduce((a, b) => a + b, 0) + extra;
          near(evaluatedSplit(total, w, unit, held), splitTotal(total, [w], { unit, fixed: [held] })[0]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("formulas reps can trust", () => {
  const spec = buildQuarterlySplit({ ...SEED_INPUT, months: true, unit: 1 });
  const sheet = spec.sheets[0];
  const formulas = cellsOf(sheet).filter((c) => "f" in c.cell);
  test("only functions of Excel 2010 or older (no _xlfn. needed)", () => {
    for (const { cell } of formulas) for (const fn of functionsIn((cell as { f: string }).f)) expect(EXCEL_2010).toContain(fn);
  });
  test("no whole-column references; a data row's formulas reference their own row and the weights row", () => {
    for (const { cell, row } of formulas) {
      const f = (cell as { f: string }).f;
      expect(f).not.toMatch(/(^|[^A-Z$])\$?[A-Z]{1,3}:\$?[A-Z]{1,3}([^0-9]|$)/);
      if (row >= 4 && row <= 7) for (const r of rowsIn(f)) expect([row + 1, 3]).toContain(r);
    }
  });
  test("no leading '=' and balanced parentheses", () => {
    for (const { cell } of formulas) {
      const f = (cell as { f: string }).f;
      expect(f.startsWith("=")).toBe(false);
      let depth = 0;
      let lowest = 0;
      for (const ch of f) {
        depth += ch === "(" ? 1 : ch === ")" ? -1 : 0;
        lowest = Math.min(lowest, depth);
      }
      expect([lowest, depth]).toEqual([0, 0]);
    }
  });
  test("months: twelve month columns, each quarter's months checked against the quarter", () => {
    expect(sheet.rows[3].slice(6, 18).map((c) => (c as { v: string }).v)).toEqual(["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"]);
    expect((at(sheet, "G5") as { expect: number }).expect).toBe(4000000);
    expectFormulasMatch(sheet, { withoutExpect: "helper" });
  });
});

describe("inputs, text, placement, protection", () => {
  test("a name that looks like a formula stays text", () => {
    const spec = buildQuarterlySplit({ ...SEED_INPUT, names: ["=HYPERLINK(\"x\")", "+1", "-2", "@a"] });
    expect(spec.sheets[0].rows.slice(4, 8).map((r) => r[0])).toEqual([
      { v: "=HYPERLINK(\"x\")", input: true },
      { v: "+1", input: true },
      { v: "-2", input: true },
      { v: "@a", input: true },
    ]);
  });
  test("beside a selection in an existing sheet: origin, existing, formulas shifted, no freeze or table", () => {
    const spec = buildQuarterlySplit({ ...SEED_INPUT, existingSheet: "Data", origin: "J3", lang: "en" });
    const sheet = spec.sheets[0];
    expect(sheet).toMatchObject({ name: "Data", existing: true, origin: "J3" });
    expect(sheet.freeze).toBeUndefined();
    expect(sheet.tables).toBeUndefined();
    // Row 5 of the block (the first rep) is sheet row 7; annual in K, Q1 in L.
    const q1 = at(sheet, "L7") as { f: string; expect: number };
    expect(q1.expect).toBe(12000000);
    // The formulas, evaluated where they sit, read the annual figure in K7 and the weights in row 5.
    expectFormulasMatch(sheet, { withoutExpect: "helper" });
    const rows = placedRows(sheet).map((r) => r.slice());
    rows[6][10] = { v: 100000, input: true };
    rows[4][11] = { v: 0, input: true };
    expect(["L7", "M7", "N7", "O7"].map((a) => sheetEvaluator(rows).at(a))).toEqual(splitTotal(100000, [[0, 30, 25, 20]], { unit: 10000 })[0]);
    expect(spec.names[0].name).toBe("Check_Quarterly_J3_Weights");
  });
  test("a sheet name that is taken or invalid is made valid and unique", () => {
    const spec = buildQuarterlySplit({ ...SEED_INPUT, sheetName: "Plan: 2025/Q*", takenSheetNames: ["plan- 2025-q-"] });
    expect(spec.sheets[0].name).toBe("Plan- 2025-Q- (2)");
    expect(isValidSheetName(spec.sheets[0].name)).toBe(true);
    const taken = buildQuarterlySplit({ ...SEED_INPUT, takenNames: ["Check_Quarterly_Rows"] });
    expect(taken.names.map((n) => n.name)).toEqual(["Check_Quarterly_Weights", "Check_Quarterly_Rows_2"]);
  });
  test("protection: the sheet is protected and names, annual figures and weights are unlocked", () => {
    const sheet = buildQuarterlySplit({ ...SEED_INPUT, protect: true, months: true }).sheets[0];
    expect(sheet.protect).toBe(true);
    const unlocked = sheet.formats!.filter((f) => f.locked === false).map((f) => f.range);
    expect(unlocked).toEqual(expect.arrayContaining(["C3:R3", "A5:B8"]));
    // Every formula cell stays locked: no unlocked range covers a formula.
    const covers = (range: string, a1: string) => {
      const [a, b = a] = range.split(":").map(parseA1);
      const c = parseA1(a1);
      return c.row >= a.row && c.row <= b.row && c.col >= a.col && c.col <= b.col;
    };
    for (const { a1, cell } of cellsOf(sheet)) if ("f" in cell) for (const r of unlocked) expect(covers(r, a1)).toBe(false);
  });
  test("live TARGET.SPLIT variants when asked", () => {
    const sheet = buildQuarterlySplit({ ...SEED_INPUT, live: true }).sheets[0];
    expect((at(sheet, "D5") as { live: string }).live).toBe("INDEX(TARGET.SPLIT($B5,$C$3:$F$3,10000),1,2)");
  });
  test("bad input is refused with core's errors", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof PlanError ? e.code : "other";
      }
      return "none";
    };
    expect(code(() => buildQuarterlySplit({ ...SEED_INPUT, annual: [1, -2, 3, 4] }))).toBe("#NUM!");
    expect(code(() => buildQuarterlySplit({ ...SEED_INPUT, annual: [1, 2] }))).toBe("#VALUE!");
    expect(code(() => buildQuarterlySplit({ ...SEED_INPUT, weights: [0, 0, 0, 0] }))).toBe("#DIV/0!");
    expect(code(() => buildQuarterlySplit({ ...SEED_INPUT, weights: [1, 2, 3] }))).toBe("#VALUE!");
  });
});

describe("the split's input is stored in the workbook, in place of a plan", () => {
  test("the record builds the same sheet again, through the plan cells and an .xlsx file", async () => {
    const { planCells, planFromCells } = await import("../src/sheets/spec");
    const { quarterlySplitInputOf } = await import("../src/sheets/quarterly");
    const { validatePlan } = await import("../src/sheets/plan");
    const { writeXlsx } = await import("../src/xlsx/write");
    const { readXlsxPlan } = await import("../src/xlsx/read");
    const input: QuarterlySplitInput = { ...SEED_INPUT, months: true, monthWeights: [1, 2, 3, 1, 1, 1, 2, 2, 1, 1, 1, 5], sheetName: "Regions 2025", protect: true, takenNames: ["Check_Quarterly_Rows"] };
    const spec = buildQuarterlySplit(input);
    expect(spec.plan).toMatchObject({ version: 1, kind: "quarterlySplit", title: "Regions 2025" });
    // Not a plan: the pane's plan flows do not mistake it for one.
    expect(validatePlan(spec.plan).ok).toBe(false);
    for (const stored of [planFromCells(planCells(spec.plan)), await readXlsxPlan(await writeXlsx(spec))]) {
      const again = quarterlySplitInputOf(stored);
      expect(again).toBeDefined();
      // The workbook's taken names are the workbook's, not the split's.
      expect(again!.takenNames).toBeUndefined();
      expect(buildQuarterlySplit({ ...again!, takenNames: input.takenNames }).sheets).toEqual(spec.sheets);
    }
  });
  test("an .xlsx that stores a full plan keeps it when a split is added; a split's record replaces an earlier split's", async () => {
    const { writeXlsx, addToXlsx } = await import("../src/xlsx/write");
    const { readXlsxPlan } = await import("../src/xlsx/read");
    const { keepsStoredPlan } = await import("../src/sheets/quarterly");
    const { planCells } = await import("../src/sheets/spec");
    const plan = { version: 1, title: "East team 2025", year: 2025, total: 100 };
    const withPlan = await writeXlsx({ sheets: [{ name: "Notes", kind: "notes", rows: [[{ v: "x" }]] }], names: [], plan });
    const split = (sheetName: string) => buildQuarterlySplit({ ...SEED_INPUT, sheetName, takenNames: ["Check_Quarterly_Weights", "Check_Quarterly_Rows"] });
    expect(await readXlsxPlan(await addToXlsx(withPlan, split("Split A")))).toEqual(plan);
    const withSplit = await writeXlsx(buildQuarterlySplit(SEED_INPUT));
    expect(await readXlsxPlan(await addToXlsx(withSplit, split("Split B")))).toMatchObject({ kind: "quarterlySplit", title: "Split B" });
    // The rule itself: only a split's record is held back, only by something else stored.
    const record = split("S").plan;
    expect(keepsStoredPlan(record, planCells(plan))).toBe(true);
    expect(keepsStoredPlan(record, ["something else"])).toBe(true);
    expect(keepsStoredPlan(record, planCells(record))).toBe(false);
    expect(keepsStoredPlan(record, undefined)).toBe(false);
    expect(keepsStoredPlan(record, [])).toBe(false);
    expect(keepsStoredPlan(plan, planCells(record))).toBe(false);
  });
  test("anything else stored is not a quarterly split", async () => {
    const { quarterlySplitInputOf } = await import("../src/sheets/quarterly");
    const good = buildQuarterlySplit(SEED_INPUT).plan as { quarterlySplit: Record<string, unknown> };
    for (const bad of [undefined, null, 3, { title: "plan", year: 2025 }, { ...good, version: 2 }, { ...good, quarterlySplit: { ...good.quarterlySplit, annual: ["1"] } }, { ...good, quarterlySplit: { ...good.quarterlySplit, lang: "de" } }]) {
      expect(quarterlySplitInputOf(bad)).toBeUndefined();
    }
  });
});

describe("aligned beside the selected targets (alignTo)", () => {
  const L = labels("en");
  test("row i of the targets is row i of Q1–Q4, whatever room there is above; the header and weights go above when they fit, else below the total", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 0, maxLength: 4 }),
        fc.boolean(),
        (top, annual, months) => {
          const names = annual.map((_, i) => `Rep ${i + 1}`);
          const alignTo = cellA1(top, 3);
          const spec = buildQuarterlySplit({ names, annual, weights: [25, 30, 25, 20], unit: 10000, months, lang: "en", existingSheet: "Data", alignTo });
          const sheet = spec.sheets[0];
          expect(sheet.existing).toBe(true);
          const origin = parseA1(sheet.origin!);
          expect(origin.row).toBeGreaterThanOrEqual(0);
          expect(origin.col).toBe(3);
          // Each target's name, annual figure and quarters are on the target's own sheet row.
          annual.forEach((a, i) => {
            const r = top + i;
            expect(at(sheet, cellA1(r, 3))).toEqual({ v: names[i], input: true });
            expect(at(sheet, cellA1(r, 4))).toEqual({ v: a, input: true });
            const want = splitTotal(a, [[25, 30, 25, 20]], { unit: 10000 })[0];
            expect([5, 6, 7, 8].map((c) => (at(sheet, cellA1(r, c)) as { expect: number }).expect)).toEqual(want);
          });
          // The total row is right under the targets.
          expect(at(sheet, cellA1(top + annual.length, 3))).toEqual({ v: L.total });
          // The header row: directly above the targets when there is a row for it, else below.
          const headerRow = cellsOf(sheet).find((c) => c.col === 3 && (c.cell as { v?: unknown }).v === L.name)!.row;
          expect(headerRow).toBe(top >= 1 ? top - 1 : top + annual.length + 1);
          const weightsRow = cellsOf(sheet).find((c) => c.col === 3 && (c.cell as { v?: unknown }).v === L.weights)!.row;
          expect(weightsRow).toBe(top >= 2 ? top - 2 : Math.max(top + annual.length, headerRow) + 1);
          // Formulas of a data row read only that row and the weights row.
          for (const c of cellsOf(sheet)) {
            if (!("f" in c.cell) || c.row < top || c.row >= top + annual.length) continue;
            for (const r of rowsIn(c.cell.f)) expect([c.row + 1, weightsRow + 1]).toContain(r);
          }
          // Weights-check formulas point at the weights row, wherever it is.
          const wCheck = at(sheet, cellA1(weightsRow, months ? 3 + 19 : 3 + 7)) as { f: string };
          expect(rowsIn(wCheck.f).every((r) => r === weightsRow + 1)).toBe(true);
          expect(spec.names.map((n) => n.ref)).toEqual([`$${months ? "W" : "K"}$${weightsRow + 1}`, `$${months ? "W" : "K"}$${top + annual.length + 1}`]);
        },
      ),
      { numRuns: 60 },
    );
  });
  test("with four rows or more above, the block is the usual one (title, note, weights, header) ending right above the targets", () => {
    const aligned = buildQuarterlySplit({ ...SEED_INPUT, existingSheet: "Data", alignTo: "J7" });
    const usual = buildQuarterlySplit({ ...SEED_INPUT, existingSheet: "Data", origin: "J3" });
    expect(aligned.sheets[0]).toEqual(usual.sheets[0]);
  });
  test("the currency labels the amounts and the rounding", () => {
    const sheet = buildQuarterlySplit({ ...SEED_INPUT, lang: "en", currency: "元" }).sheets[0];
    expect(sheet.rows[3].slice(0, 2)).toEqual([{ v: "Name" }, { v: "Annual (元)" }]);
    expect((sheet.rows[1][0] as { v: string }).v).toMatch(/^Parts rounded to 10,000 元 /);
  });
});
