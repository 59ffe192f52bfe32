/**
 * The in-memory workbook (the workbench's, and the pane tests' fake Excel) evaluates the
 * formulas it holds: what a cell shows, the checks the pane reads and everything the flows read
 * back come from the formulas as written, never from the value the engine expected. So a wrong
 * formula in a builder shows a wrong number or a FALSE check in the pane's tests.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { splitTotal } from "../../src/core/split";
import { validatePlan } from "../../src/sheets/plan";
import { buildQuarterlySplit } from "../../src/sheets/quarterly";
import type { CellSpec, SheetSpec, WorkbookSpec } from "../../src/sheets/spec";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { formulaEngine } from "../../src/taskpane/workbench/formula-engine";
import { MemoryWorkbook } from "../../src/taskpane/workbench/memory";
import { colLetters, placedRows } from "../helpers/formula-eval";

const REPS = { names: ["Zhang", "Li", "Wang"], annual: [1_200_000, 800_001, 350_000] };
const WEIGHTS = [25, 30, 25, 20];

/** A quarterly split of the three reps into a sheet of its own (at A1). */
function quarterlySpec(): WorkbookSpec {
  return buildQuarterlySplit({ ...REPS, weights: WEIGHTS, unit: 1, lang: "en" });
}

/** The sheet's 1-based row of a rep and the column letters of Q1…Q4 and the annual figure. */
function layoutOf(sheet: SheetSpec, name: string): { row: number; annual: string; quarters: string[]; check: string } {
  const rows = placedRows(sheet);
  const r = rows.findIndex((row) => row.some((c) => c !== null && "v" in c && c.v === name));
  const header = rows.findIndex((row) => row.some((c) => c !== null && "v" in c && c.v === "Q1"));
  const col = (text: string | RegExp) =>
    colLetters(rows[header].findIndex((c) => c !== null && "v" in c && (typeof text === "string" ? c.v === text : text.test(String(c.v)))));
  return { row: r + 1, annual: col(/^Annual/), quarters: ["Q1", "Q2", "Q3", "Q4"].map(col), check: col("Check") };
}

/** A copy of a spec with one cell of its first sheet replaced (`at` as the sheet's A1 address). */
function plant(spec: WorkbookSpec, at: string, cell: CellSpec): WorkbookSpec {
  const copy: WorkbookSpec = JSON.parse(JSON.stringify(spec));
  const sheet = copy.sheets[0];
  const m = /^([A-Z]+)(\d+)$/.exec(at)!;
  const col = m[1].split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const row = Number(m[2]) - 1;
  const origin = placedRows({ rows: [[{}]], origin: sheet.origin ?? "A1" });
  const [top, left] = [origin.length - 1, origin[origin.length - 1].length - 1];
  sheet.rows[row - top][col - left] = cell;
  return copy;
}

const formulaOf = (spec: WorkbookSpec, at: string): string => {
  const m = /^([A-Z]+)(\d+)$/.exec(at)!;
  const col = m[1].split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const cell = placedRows(spec.sheets[0])[Number(m[2]) - 1][col];
  if (!cell || !("f" in cell)) throw new Error(`${at} holds no formula`);
  return cell.f;
};

async function written(spec: WorkbookSpec, options = {}): Promise<MemoryWorkbook> {
  const book = new MemoryWorkbook();
  await book.write(spec, options);
  return book;
}

describe("the in-memory workbook evaluates its formulas", () => {
  it("shows what each quarter's formula gives, not the value the spec expected", async () => {
    const spec = quarterlySpec();
    // Every `expect` made wrong: the cells must not show them.
    const lying: WorkbookSpec = JSON.parse(JSON.stringify(spec), (key, value) => (key === "expect" && typeof value === "number" ? value + 7 : value));
    const book = await written(lying);
    const sheet = spec.sheets[0];
    REPS.names.forEach((name, i) => {
      const { row, quarters } = layoutOf(sheet, name);
      const shown = book.valuesAt(sheet.name, `${quarters[0]}${row}:${quarters[3]}${row}`)[0];
      expect(shown).toEqual(splitTotal(REPS.annual[i], [WEIGHTS], { unit: 1 })[0]);
    });
    expect(book.unevaluated).toEqual([]);
  });

  it("shows a wrong number when a quarter's formula reads the wrong row", async () => {
    const spec = quarterlySpec();
    const sheet = spec.sheets[0];
    const zhang = layoutOf(sheet, "Zhang");
    const li = layoutOf(sheet, "Li");
    // Zhang's Q2 given Li's Q2 formula (a planted bug: the wrong row).
    const planted = plant(spec, `${zhang.quarters[1]}${zhang.row}`, { f: formulaOf(spec, `${li.quarters[1]}${li.row}`), expect: 360_000 });
    const book = await written(planted);
    const q2 = book.valuesAt(sheet.name, `${zhang.quarters[1]}${zhang.row}`)[0][0];
    expect(q2).toBe(splitTotal(800_001, [WEIGHTS], { unit: 1 })[0][1]);
    expect(q2).not.toBe(splitTotal(1_200_000, [WEIGHTS], { unit: 1 })[0][1]);
    // And the sheet's own check sees it.
    const checks = await book.readChecks();
    expect(checks.find((c) => /Rows/.test(c.name))).toMatchObject({ ok: false });
  });

  /**
   * Whether the rows check still reads TRUE after two quarters are typed over, one a unit up
   * (Li's Q3), one a unit down (Zhang's Q3): the column and grand totals still add up, only
   * the per-row checks can see it.
   */
  async function rowsCheckAfterBreaking(spec: WorkbookSpec): Promise<boolean> {
    const book = await written(spec);
    expect((await book.readChecks()).every((c) => c.ok)).toBe(true);
    const sheet = spec.sheets[0];
    for (const [name, by] of [["Li", 1], ["Zhang", -1]] as const) {
      const { row, quarters } = layoutOf(sheet, name);
      const q3 = book.valuesAt(sheet.name, `${quarters[2]}${row}`)[0][0] as number;
      book.setValue(sheet.name, `${quarters[2]}${row}`, q3 + by);
    }
    return (await book.readChecks()).find((c) => /Rows/.test(c.name))!.ok;
  }

  it("turns the rows check FALSE when a row no longer adds up, and would not with a per-row check that compares a sum with itself", async () => {
    const spec = quarterlySpec();
    expect(await rowsCheckAfterBreaking(spec)).toBe(false);
    // The planted bug that got through every suite: each row's check compares its sum with itself.
    let planted = spec;
    for (const name of REPS.names) {
      const { row, quarters, check } = layoutOf(spec.sheets[0], name);
      const sum = `SUM(${quarters[0]}${row}:${quarters[3]}${row})`;
      planted = plant(planted, `${check}${row}`, { f: `AND(ABS(${sum}-${sum})<=1E-9)`, expect: true });
    }
    expect(await rowsCheckAfterBreaking(planted)).toBe(true);
  });

  it("recalculates what reads a cell a user types over, and a typed value replaces a formula", async () => {
    const spec = quarterlySpec();
    const sheet = spec.sheets[0];
    const book = await written(spec);
    const { row, annual, quarters } = layoutOf(sheet, "Wang");
    book.setValue(sheet.name, `${annual}${row}`, 400_000);
    expect(book.valuesAt(sheet.name, `${quarters[0]}${row}:${quarters[3]}${row}`)[0]).toEqual(splitTotal(400_000, [WEIGHTS], { unit: 1 })[0]);
    book.setValue(sheet.name, `${quarters[0]}${row}`, 5);
    expect(book.formulaAt(sheet.name, `${quarters[0]}${row}`)).toBeUndefined();
    expect(book.valuesAt(sheet.name, `${quarters[0]}${row}`)).toEqual([[5]]);
  });

  describe("the eight-reps workbook (every sheet kind)", () => {
    const plan = (() => {
      const checked = validatePlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../examples/team-8-reps.json"), "utf8")));
      if (!checked.ok) throw new Error("examples/team-8-reps.json does not validate");
      return checked.plan;
    })();

    /** Every formula cell with an engine value shows it (within the engine's 1e-9), evaluated. */
    function expectEngineValues(book: MemoryWorkbook, spec: WorkbookSpec): number {
      let seen = 0;
      for (const sheet of spec.sheets) {
        placedRows(sheet).forEach((row, r) =>
          row.forEach((cell, c) => {
            if (!cell || !("f" in cell) || cell.expect === undefined) return;
            const got = book.valuesAt(sheet.name, `${colLetters(c)}${r + 1}`)[0][0];
            const want = cell.expect === null ? "" : cell.expect;
            const close = typeof want === "number" && typeof got === "number" ? Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)) : got === want;
            if (!close) throw new Error(`${sheet.name}!${colLetters(c)}${r + 1} ${cell.f}: shows ${String(got)}, engine ${String(want)}`);
            seen++;
          }),
        );
      }
      return seen;
    }

    it("shows the engine's values from native formulas, every check TRUE", async () => {
      const spec = buildPlanWorkbook(plan, { lang: "en", asOf: "2025-06-30" });
      const book = await written(spec);
      expect(expectEngineValues(book, spec)).toBeGreaterThan(100);
      expect(book.unevaluated).toEqual([]);
      const checks = await book.readChecks();
      expect(checks.length).toBeGreaterThan(3);
      expect(checks.filter((c) => !c.ok)).toEqual([]);
    });

    it("evaluates TARGET.* live formulas through the add-in's own functions", async () => {
      const spec = buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-06-30", live: true });
      const book = await written(spec, { liveFunctions: true });
      const live = spec.sheets.flatMap((s) =>
        placedRows(s).flatMap((row, r) => row.flatMap((cell, c) => (cell && "f" in cell && cell.live ? [{ sheet: s.name, at: `${colLetters(c)}${r + 1}` }] : []))),
      );
      expect(live.length).toBeGreaterThan(10);
      for (const { sheet, at } of live) expect(book.formulaAt(sheet, at)).toMatch(/TARGET\./);
      expect(expectEngineValues(book, spec)).toBeGreaterThan(100);
      expect(book.unevaluated).toEqual([]);
    });
  });

  it("evaluates TARGET.* as a file stores it (_xldudf_TARGET_*), errors as Excel shows them", () => {
    const book = new MemoryWorkbook({ formulas: formulaEngine });
    book.addSheet("KPIs", [
      ["KPI", "Actual", "Target", "Points", "Rule", "Score"],
      ["Sales", 0.96, 1, 40, "每超1%加0.5分,每低1%扣1分", { v: 999, f: "_xldudf_TARGET_SCORE(B2,C2,D2,E2)" }],
      ["Visits", 12, 0, 15, "", { v: 0, f: "_xldudf_TARGET_ATTAIN(B3,C3)" }],
      ["", "", "", "", "", { v: 0, f: "INDEX(TARGET.SPLIT(100,D2:D3,1),2,1)" }],
    ]);
    // 96 % is 4 % under: 40 − 4 × 1; 100 split 40 : 15 to whole units is 73 and 27.
    expect(book.valuesAt("KPIs", "F2:F4")).toEqual([[36], ["#DIV/0!"], [27]]);
    expect(book.unevaluated).toEqual([]);
  });

  it("loads its formula engine on the first write; before that a formula shows its stored value", async () => {
    const book = new MemoryWorkbook();
    book.addSheet("S", [[2, { v: 5, f: "A1*3" }]]);
    expect(book.valuesAt("S", "B1")).toEqual([[5]]);
    expect(book.unevaluated.map((u) => u.address)).toEqual(["B1"]);
    await book.write({ sheets: [{ name: "T", kind: "notes", rows: [[{ f: "S!B1+1", expect: 0 }]] }], names: [] });
    expect(book.valuesAt("S", "B1")).toEqual([[6]]);
    expect(book.valuesAt("T", "A1")).toEqual([[7]]);
    expect(book.unevaluated).toEqual([]);
  });

  it("shows the stored value of a formula it cannot evaluate, and lists it", () => {
    const book = new MemoryWorkbook({ formulas: formulaEngine });
    book.addSheet("S", [[1, { v: 42, f: "VLOOKUP(A1,B1:C2,2,FALSE)" }, { f: "HLOOKUP(A1,B1:C2,2,FALSE)", v: null }]]);
    expect(book.valuesAt("S", "B1:C1")).toEqual([[42, "#NAME?"]]);
    expect(book.unevaluated.map((u) => u.address)).toEqual(["B1", "C1"]);
  });
});
