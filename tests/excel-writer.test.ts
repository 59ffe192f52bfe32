/**
 * The Office.js writer, tested against the fake Excel (tests/fake-excel): what lands in
 * the cells, the sync and size limits, no overwriting, rollback, cancel, cell-edit mode,
 * text that looks like formulas, live vs native formulas, sheet-name rules, and the port.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { PLAN_SHEET, planFromCells, type CellSpec, type WorkbookSpec } from "../src/sheets/spec";
import { ACTION_OVERHEAD, cellInput, chunkRows, jsonBytes, REQUEST_BUDGET } from "../src/excel/chunks";
import { WriterError } from "../src/excel/messages";
import { type ExcelRunner, type WriterOptions, columnWidthPoints, describeWriteError, findOccupied, inputRects, writeSheetSpec } from "../src/excel/write";
import { AUTO_SHOW_SETTING, createOfficeWorkbook } from "../src/excel/office-workbook";
import { buildQuarterlySplit } from "../src/sheets/quarterly";
import { type Plan, validatePlan } from "../src/sheets/plan";
import { excelSerial } from "../src/sheets/tracking";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { readMyTargets } from "../src/taskpane/flows/my-targets-data";
import { DEFAULT_COLUMN_WIDTH, FakeExcel, FakeSettings, REQUEST_LIMIT } from "./fake-excel/fake-excel";
import { TRICKY_NAMES, borderedWorkbook, conditionalFormatsWorkbook, everyFieldSpec, trackingWorkbook } from "./fake-excel/sample-specs";

const host = (fake: FakeExcel, extra: Partial<WriterOptions> = {}): WriterOptions => ({
  run: fake.run as unknown as ExcelRunner,
  supports: fake.supports,
  sleep: async () => undefined,
  ...extra,
});

/** Everything the fake holds, as plain data (to compare a workbook before and after). */
function state(fake: FakeExcel): unknown {
  const wb = fake.workbook;
  return JSON.parse(
    JSON.stringify({
      sheets: wb.sheets.map((s) => ({
        name: s.name,
        visibility: s.visibility,
        cells: [...s.cells.entries()].filter(([, c]) => c.value !== undefined || c.formula !== undefined),
        cfs: s.conditionalFormats,
        validations: s.validations,
        merges: s.merges,
        protected: s.protected,
      })),
      names: wb.names,
      tables: wb.tables,
    }),
  );
}

const MB4 = 4 * 1024 * 1024;

/*
 * How many syncs a write takes, counted from the spec and the budget (never from a run of the
 * writer). The rule (src/excel/chunks.ts: "syncs = a small constant + one per 4 MB"): one
 * sync to look (sheet, name and table names taken; the area of an existing sheet), then as
 * many requests as the calls need at `budget` bytes each, the last one closing the write.
 * Nothing else syncs: not a defined name, not a format, not a sheet.
 * - A spec of a few KB (or a few hundred, as the seed plan's workbook) against the 4 MB
 *   budget: 2 syncs.
 * - A big one: the requests carry the cells' JSON (`cellBytes`) and an overhead — Office.js's
 *   objects and actions for each block of rows, its own slices of long arrays, the formats,
 *   rules, names and plan — known as a band: `expectedSyncs(low, high, budget)` is 1 +
 *   ⌈low / budget⌉ when ⌈high / budget⌉ is the same number (checked: a test picks its budget
 *   so that the band does not straddle a multiple of it).
 */

/** `value` and everything in it, frozen: a writer that changed a spec it was given would throw. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The value of `make()`, made on first use and shared after. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * The 5,000-people tracking workbook (the real builder), built once and written once at the
 * default budget into a fake Excel, with the writer's own measure of each request, and once
 * at a smaller budget (several requests that write cells): the tests below that look at it
 * (cells, syncs, request sizes, suspended calculation) share these writes (each took ~2 s).
 */
const tracking5000 = once(() => deepFreeze(trackingWorkbook(5000)));
const tracking5000Written = once(async () => {
  const fake = new FakeExcel();
  const measured: number[] = [];
  const result = await writeSheetSpec(tracking5000(), host(fake, { onRequest: (b) => measured.push(b) }));
  return { fake, measured, result };
});
const SMALL_BUDGET = 1.5 * 1024 * 1024;
const tracking5000InSmallRequests = once(async () => {
  const fake = new FakeExcel();
  const result = await writeSheetSpec(tracking5000(), host(fake, { requestBudget: SMALL_BUDGET }));
  return { fake, result };
});

/** The JSON bytes of a spec's cells as the writer enters them (`Range.formulas`); counted once per spec. */
const cellBytesOf = new WeakMap<WorkbookSpec, number>();
function cellBytes(spec: WorkbookSpec): number {
  let n = cellBytesOf.get(spec);
  if (n === undefined) {
    n = spec.sheets.reduce((sum, s) => sum + s.rows.reduce((m, row) => m + jsonBytes(row.map((c) => cellInput(c, false))), 0), 0);
    cellBytesOf.set(spec, n);
  }
  return n;
}

/** 1 look + the requests for a write of `low`–`high` bytes at `budget` (see the rule above). */
function expectedSyncs(low: number, high: number, budget: number): number {
  const fewest = Math.ceil(low / budget);
  expect({ low, high, budget, requests: Math.ceil(high / budget) }).toEqual({ low, high, budget, requests: fewest });
  return 1 + fewest;
}
const colName = (c: number): string => (c >= 26 ? String.fromCharCode(64 + Math.floor(c / 26)) : "") + String.fromCharCode(65 + (c % 26));

describe("writing a spec that uses every field", () => {
  let fake: FakeExcel;
  beforeAll(async () => {
    fake = new FakeExcel();
    await writeSheetSpec(everyFieldSpec(), host(fake));
  });
  const S = "Split 2026";

  test("constants, formulas with a leading = in the invariant syntax, text that looks like a formula stays text", () => {
    expect(fake.cell(S, "A1")).toMatchObject({ value: "Rep" });
    expect(fake.cell(S, "A2").formula).toBeUndefined();
    expect(fake.cell(S, "A2").value).toBe('=HYPERLINK("x")');
    expect(fake.cell(S, "B2").value).toBe(1200);
    expect(fake.cell(S, "C2").formula).toBe("=ROUND(B2*0.25,0)");
    expect(fake.cell(S, "C3").formula).toBe("=ROUND(B3*0.25,0)"); // native unless live functions are asked for
    expect(fake.cell(S, "E4").formula).toBe("=AND(E2:E3)");
    expect(fake.cell(S, "C4")).toEqual({ numberFormat: "#,##0" }); // a null cell stays empty
  });

  test("the note sits one blank row below the cells, italic and grey", () => {
    expect(fake.cell(S, "A5").value).toBeUndefined();
    expect(fake.cell(S, "A6")).toMatchObject({ value: "Q2 holds what is left after Q1's rounding.", italic: true, fontColor: "#595959" });
  });

  test("formats per range, after values; later formats win", () => {
    expect(fake.cell(S, "C1")).toMatchObject({ bold: true, fill: "#DDEBF7", horizontal: "Center" });
    expect(fake.cell(S, "C1").borders?.sort()).toEqual(["EdgeBottom", "EdgeLeft", "EdgeRight", "EdgeTop", "InsideVertical"].sort());
    expect(fake.cell(S, "D3").numberFormat).toBe("#,##0");
    expect(fake.cell(S, "A2")).toMatchObject({ wrap: true, italic: true, fontColor: "#333333" });
  });

  test("conditional formats are expression rules with their fills, in order, stop-if-true", () => {
    expect(fake.sheet(S).conditionalFormats).toEqual([
      { type: "Custom", rect: { r0: 1, c0: 4, r1: 2, c1: 4 }, formula: "=E2=FALSE", fill: "#FFC7CE", fontColor: "#9C0006", bold: true, stopIfTrue: true },
      { type: "Custom", rect: { r0: 1, c0: 4, r1: 2, c1: 4 }, formula: "=E2=TRUE", fill: "#C6EFCE", stopIfTrue: true },
    ]);
  });

  test("table, validations, widths, freeze panes, merges, print setup", () => {
    expect(fake.tables()).toEqual([expect.objectContaining({ name: "SplitTable", style: "TableStyleLight9", rect: { r0: 0, c0: 0, r1: 2, c1: 4 } })]);
    const v = fake.sheet(S).validations;
    expect(v[0].rule).toEqual({ decimal: { formula1: 0, formula2: 1e9, operator: "Between" } });
    expect(v[0].errorAlert).toMatchObject({ message: "An amount, 0 or more", style: "Stop" });
    expect(v[1].rule).toEqual({ list: { inCellDropDown: true, source: "higher,lower" } });
    expect([...fake.sheet(S).columnWidths.entries()]).toEqual([
      [0, columnWidthPoints(14)],
      [1, columnWidthPoints(12)],
      [2, columnWidthPoints(12)],
      [3, columnWidthPoints(12)],
      [4, columnWidthPoints(8)],
    ]);
    expect(fake.sheet(S).freeze).toEqual({ rows: 1, columns: 1 });
    expect(fake.sheet(S).merges).toEqual([{ r0: 5, c0: 0, r1: 5, c1: 4 }]);
    // The print area and the columns repeated on every page too, as src/xlsx writes them.
    expect(fake.sheet(S).pageLayout).toEqual({
      orientation: "Landscape",
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printTitleRows: "$1:$1",
      printTitleColumns: "$A:$A",
      printArea: "A1:E6",
    });
  });

  test("protected, with the input cells unlocked and computed cells locked", () => {
    expect(fake.sheet(S).protected).toBe(true);
    expect(fake.cell(S, "B2").locked).toBe(false);
    expect(fake.cell(S, "B3").locked).toBe(false);
    expect(fake.cell(S, "C2").locked).not.toBe(false);
  });

  test("defined names point at their cells and ranges; the plan is in the very hidden sheet", () => {
    expect(fake.names()).toEqual([
      expect.objectContaining({ name: "Check_Split_2026", formula: "='Split 2026'!$E$4", comment: "Every row adds up" }),
      expect.objectContaining({ name: "Split_Annual", formula: "='Split 2026'!$B$2:$B$3", comment: "The annual targets" }),
      expect.objectContaining({ name: "Split_Quarters", formula: "='Split 2026'!$C$2:$D$3" }),
      expect.objectContaining({ name: "Split_Total", formula: "='Split 2026'!$B$4" }),
    ]);
    expect(fake.sheet(PLAN_SHEET).visibility).toBe("VeryHidden");
    const cells = fake.formulas(PLAN_SHEET, "A1:A2").map((r) => r[0]);
    expect(planFromCells(cells)).toEqual({ title: "every field", weights: [1, 3] });
    expect(fake.workbook.activeSheetId).toBe(fake.sheet(S).id);
  });

  test("formats after values, protection last", () => {
    const log = fake.actionLog.filter((a) => a.endsWith(" " + S));
    const lastValues = log.lastIndexOf(`formulas ${S}`);
    const firstFormat = log.findIndex((a) => !a.startsWith("formulas "));
    expect(lastValues).toBeGreaterThanOrEqual(0);
    expect(firstFormat).toBeGreaterThan(lastValues);
    expect(log[log.length - 1]).toBe(`protect ${S}`);
    expect(fake.actionLog.some((a) => a.startsWith("values "))).toBe(false); // Range.formulas carries constants and formulas alike
  });

  test("one Excel.run, merged into one undo step and delayed while a cell is edited; nothing left unsynced", () => {
    expect(fake.runOptions).toEqual([{ delayForCellEdit: true, mergeUndoGroup: true }]);
    expect(fake.droppedActions).toBe(0);
  });

  test("2 syncs: one to look, one request for the whole spec and its four names (a few KB against 4 MB)", () => {
    expect(everyFieldSpec().names.length).toBeGreaterThanOrEqual(4);
    expect(fake.syncs).toBe(2);
  });
});

test("hosts without ExcelApi 1.20 get no mergeUndoGroup; every run delays while a cell is edited", async () => {
  const older = new FakeExcel(["Sheet1"], { apiVersion: "1.8" });
  await writeSheetSpec(everyFieldSpec(), host(older));
  expect(older.runOptions).toEqual([{ delayForCellEdit: true }]);
  expect(older.syncs).toBe(2);
  expect(older.sheet("Split 2026").pageLayout).toEqual({}); // page layout needs ExcelApi 1.9
  expect(older.sheet("Split 2026").conditionalFormats).toHaveLength(2);
});

describe("5,000 reps × 12 months (the real tracking builder)", () => {
  let fake: FakeExcel;
  let spec: WorkbookSpec;
  let result: Awaited<ReturnType<typeof writeSheetSpec>>;
  beforeAll(async () => {
    spec = tracking5000();
    ({ fake, result } = await tracking5000Written());
  });

  test("3 syncs (look, then 4.5 MB of cells and their overhead in two requests), no request over 4 MB (counted by the fake, envelope included)", () => {
    // The cells' JSON is 4.5 MB; the overhead was 20 % of it as Office.js serialized these
    // requests: the band 15–30 % gives 5.2–5.9 MB, two requests of 4 MB.
    const p = cellBytes(spec);
    expect(spec.names.length).toBeGreaterThanOrEqual(4);
    expect(fake.syncs).toBe(expectedSyncs(p * 1.15, p * 1.3, MB4));
    expect(fake.syncs).toBe(3);
    expect(result.syncs).toBe(fake.syncs);
    for (const b of fake.requestBytes) expect(b).toBeLessThanOrEqual(MB4);
    expect(result.largestRequest).toBeLessThanOrEqual(MB4);
    expect(fake.responseBytes.every((b) => b < REQUEST_LIMIT)).toBe(true);
  });

  test("every cell of the spec is in the sheet: constants, text as text, formulas as '=' + spec formula", () => {
    const sheet = spec.sheets[0];
    const want: Record<string, unknown> = {};
    sheet.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell || ("v" in cell && (cell.v === null || cell.v === ""))) return;
        want[colName(c) + (r + 1)] = "f" in cell ? "=" + cell.f : cell.v;
      }),
    );
    if (sheet.note) want[`A${sheet.rows.length + 2}`] = sheet.note; // one blank row below
    expect(Object.keys(want).length).toBeGreaterThan(5000 * 25);
    expect(fake.contents(sheet.name)).toEqual(want);
  });

  test("reps whose names look like formulas, numbers, dates or booleans keep them as text", () => {
    const sheet = fake.sheet(spec.sheets[0].name);
    const names: unknown[] = [];
    const formulas = new Set<string>();
    for (const c of sheet.cells.values()) {
      if (typeof c.value === "string" && TRICKY_NAMES.includes(c.value)) names.push(c.value);
      if (c.formula) formulas.add(c.formula);
    }
    expect(names.sort()).toEqual([...TRICKY_NAMES].sort());
    for (const n of TRICKY_NAMES) expect(formulas.has(n.startsWith("=") ? n : "=" + n)).toBe(false);
  });

  test("syncs grow with the payload: at 1.5 MB a request, 1 + ⌈(cells + overhead) / budget⌉ = 5 syncs, each within it", async () => {
    // The same band as above: 5.2–5.9 MB at 1.5 MB a request is 3.3–3.8 requests: 4.
    const budget = SMALL_BUDGET;
    const { fake: small, result: r } = await tracking5000InSmallRequests();
    const p = cellBytes(spec);
    expect(r.syncs).toBe(expectedSyncs(p * 1.15, p * 1.3, budget));
    expect(r.syncs).toBe(5);
    expect(small.syncs).toBe(r.syncs);
    for (const b of small.requestBytes) expect(b).toBeLessThanOrEqual(budget * 1.02);
    expect(small.contents(spec.sheets[0].name)).toEqual(fake.contents(spec.sheets[0].name));
  });
});

describe("text stays text, numbers stay numbers (property)", () => {
  const textArb = fc.oneof(
    fc.string(),
    fc.constantFrom(...TRICKY_NAMES, "=1+1", "+", "-", "@", "'", "''x", " =A1", "１２", "1e5", "TRUE", "false", "#REF!"),
    fc.tuple(fc.constantFrom("=", "+", "-", "@", "'", "#", "0"), fc.string()).map(([a, b]) => a + b),
  );
  const cellArb: fc.Arbitrary<CellSpec | null> = fc.oneof(
    fc.constant(null),
    textArb.map((v) => ({ v })),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => ({ v })),
    fc.boolean().map((v) => ({ v })),
    fc.constantFrom("SUM(A1:A2)", "IF(A1=\"\",\"\",A1)", "ROUND(B2*0.25,0)").map((f) => ({ f })),
  );
  test("whatever the cells, the sheet holds them as the spec says, and every request is within the budget", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cellArb, { maxLength: 6 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 2500, max: 8000 }), async (rows, budget) => {
        const fake = new FakeExcel();
        await writeSheetSpec({ sheets: [{ name: "P", kind: "notes", rows }], names: [] }, host(fake, { requestBudget: budget }));
        rows.forEach((row, r) =>
          row.forEach((cell, c) => {
            const got = fake.cell("P", `${String.fromCharCode(65 + c)}${r + 1}`);
            if (!cell || ("v" in cell && (cell.v === null || cell.v === ""))) expect(got.value ?? got.formula).toBeUndefined();
            else if ("f" in cell) expect(got.formula).toBe("=" + cell.f);
            else {
              expect(got.formula).toBeUndefined();
              expect(got.value).toBe(Object.is(cell.v, -0) ? 0 : cell.v);
            }
          }),
        );
        for (const b of fake.requestBytes) expect(b).toBeLessThanOrEqual(budget); // as Office.js serializes them
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 150) },
    );
  });
});

test("live functions: cells that offer a TARGET.* formula get it; the others stay native", async () => {
  const fake = new FakeExcel();
  await writeSheetSpec(everyFieldSpec(), host(fake, { liveFunctions: true }));
  expect(fake.cell("Split 2026", "C3").formula).toBe("=TARGET.SPLIT(B3,{1,3})");
  expect(fake.cell("Split 2026", "C2").formula).toBe("=ROUND(B2*0.25,0)");
});

describe("never over anything: look first, refuse, write nothing", () => {
  const beside = (origin = "D2"): WorkbookSpec => ({
    sheets: [{ name: "Sales", kind: "split", existing: true, origin, rows: [[{ v: "Q1" }, { v: "Q2" }], [{ f: "ROUND(C3/4,0)" }, { f: "C3-D3" }]], formats: [{ range: "D3:E3", numFmt: "#,##0" }] }],
    names: [{ name: "Check_Sales", sheet: "Sales", ref: "E3" }],
  });
  const seeded = (): FakeExcel => {
    const fake = new FakeExcel(["Sales"]);
    fake.seed("Sales", { A1: "Rep", B1: "Region", C1: "Annual", A2: "Zhang", C3: 1200, E3: "note", F9: 1 });
    return fake;
  };

  test("occupied cells in an existing sheet: refused, the first occupied cells named in both languages, nothing written", async () => {
    const fake = seeded();
    const before = state(fake);
    const err: WriterError = await writeSheetSpec(beside("B1"), host(fake)).then(() => { throw new Error("wrote"); }, (e) => e);
    expect(err).toBeInstanceOf(WriterError);
    expect(err.key).toBe("occupied");
    expect(err.occupied).toEqual([{ sheet: "Sales", cells: ["B1", "C1"], kind: "cells" }]);
    expect(err.messageIn("en")).toBe("Nothing was written: Sales!B1, C1 already hold something. Choose an empty place or a new sheet.");
    expect(err.messageIn("zh")).toBe("未写入任何内容：Sales!B1, C1 已有内容。请选择空白位置或新工作表。");
    expect(state(fake)).toEqual(before);
    expect(fake.runOptions).toHaveLength(1); // no rollback run: nothing had started
  });

  test("an occupied cell deep in the area is found (the used range may start with empty rows)", async () => {
    const fake = seeded();
    const deep = { sheets: [{ ...beside().sheets[0], origin: "E4", rows: Array.from({ length: 8 }, () => [{ v: 1 }, { v: 2 }]) }], names: [] };
    await expect(writeSheetSpec(deep, host(fake))).rejects.toMatchObject({ key: "occupied", occupied: [{ sheet: "Sales", cells: ["F9"], kind: "cells" }] });
  });

  test("beside the data where it is empty: written, the data kept", async () => {
    const fake = seeded();
    const r = await writeSheetSpec(beside("D2"), host(fake)).catch((e) => e);
    expect(r).toMatchObject({ key: "occupied", occupied: [{ cells: ["E3"] }] });
    const ok = await writeSheetSpec({ ...beside("G2"), names: [] }, host(fake));
    expect(ok.sheets).toEqual(["Sales"]);
    expect(fake.contents("Sales")).toEqual({ A1: "Rep", B1: "Region", C1: "Annual", A2: "Zhang", C3: 1200, E3: "note", F9: 1, G2: "Q1", H2: "Q2", G3: "=ROUND(C3/4,0)", H3: "=C3-D3" });
    expect(fake.cell("Sales", "G3").numberFormat).toBeUndefined(); // formats use sheet addresses: D3:E3
    expect(fake.cell("Sales", "D3").numberFormat).toBe("#,##0");
  });

  test("a new sheet's name taken (ignoring case), a defined name taken, an existing sheet missing", async () => {
    const fake = seeded();
    const taken = { sheets: [{ name: "SALES", kind: "notes" as const, rows: [[{ v: 1 }]] }], names: [] };
    await expect(writeSheetSpec(taken, host(fake))).rejects.toMatchObject({ key: "sheetNameTaken", occupied: [{ sheet: "SALES", cells: [], kind: "sheetName", name: "SALES" }] });
    fake.seed("Sales", {});
    await fake.run(async (ctx) => { ctx.workbook.names.add("check_sales", "=Sales!$A$1"); await ctx.sync(); });
    const before = state(fake);
    await expect(writeSheetSpec({ ...beside("H2") }, host(fake))).rejects.toMatchObject({ key: "nameTaken" });
    const missing = { sheets: [{ ...beside().sheets[0], name: "Nowhere" }], names: [] };
    await expect(writeSheetSpec(missing, host(fake))).rejects.toMatchObject({ key: "sheetMissing" });
    const missingNoCells = { sheets: [{ name: "Nowhere", kind: "notes" as const, existing: true, rows: [], columnWidths: [10] }], names: [] };
    await expect(writeSheetSpec(missingNoCells, host(fake))).rejects.toMatchObject({ key: "sheetMissing", params: { name: "Nowhere" } });
    expect(state(fake)).toEqual(before);
    expect(await findOccupied(taken, host(fake))).toEqual([{ sheet: "SALES", cells: [], kind: "sheetName", name: "SALES" }]);
    expect(await findOccupied({ sheets: [{ ...beside().sheets[0], origin: "H2" }], names: [] }, host(fake))).toEqual([]);
  });

  test.each([
    ["x".repeat(32), "tooLong"],
    ["Q1/Q2", "badChar"],
    ["a[1]", "badChar"],
    ["What?", "badChar"],
    ["  ", "blank"],
    ["'quoted", "apostrophe"],
    ["history", "reserved"],
    [PLAN_SHEET, "reserved"],
  ])("sheet name %j is refused before Excel is asked anything (%s)", async (name, reason) => {
    const fake = new FakeExcel();
    const err = await writeSheetSpec({ sheets: [{ name, kind: "notes", rows: [[{ v: 1 }]] }], names: [] }, host(fake)).catch((e) => e);
    expect(err).toMatchObject({ key: "sheetNameInvalid", params: { name, reason } });
    expect(err.messageIn("zh")).toMatch(/不能作为工作表名称/);
    expect(fake.syncs).toBe(0);
  });

  test("text over 32,767 characters, a table whose header is blank or repeated", async () => {
    const fake = new FakeExcel();
    const long = { sheets: [{ name: "L", kind: "notes" as const, rows: [[{ v: "x".repeat(32768) }]] }], names: [] };
    await expect(writeSheetSpec(long, host(fake))).rejects.toMatchObject({ key: "textTooLong", params: { where: "L!A1", length: 32768 } });
    const table = (header: (CellSpec | null)[]) => ({ sheets: [{ name: "T", kind: "notes" as const, rows: [header, [{ v: 1 }, { v: 2 }]], tables: [{ name: "T1", range: "A1:B2" }] }], names: [] });
    await expect(writeSheetSpec(table([{ v: "Rep" }, null]), host(fake))).rejects.toMatchObject({ key: "tableHeader", params: { where: "T!B1" } });
    await expect(writeSheetSpec(table([{ v: "Rep" }, { v: "rep " }]), host(fake))).rejects.toMatchObject({ key: "tableHeader" });
    expect(fake.syncs).toBe(0);
  });

  test("two sheets of one spec with the same name (ignoring case), a number that is not finite", async () => {
    const fake = new FakeExcel();
    const two = { sheets: [{ name: "A", kind: "notes" as const, rows: [] }, { name: "a", kind: "notes" as const, rows: [] }], names: [] };
    await expect(writeSheetSpec(two, host(fake))).rejects.toMatchObject({ key: "sheetNameInvalid", params: { reason: "duplicate" } });
    const nan = { sheets: [{ name: "N", kind: "notes" as const, rows: [[{ v: 1 }, { v: Number.NaN }]] }], names: [] };
    await expect(writeSheetSpec(nan, host(fake))).rejects.toMatchObject({ key: "notFinite", params: { where: "N!B1" } });
    expect(fake.syncs).toBe(0);
  });
});

describe("a write that fails half-way removes what it added", () => {
  const spec = trackingWorkbook(400);
  const budget = 64 * 1024;
  let total = 0;
  beforeAll(async () => {
    const probe = new FakeExcel();
    total = (await writeSheetSpec(spec, host(probe, { requestBudget: budget }))).syncs;
  });

  test("the spec takes several syncs at this budget", () => {
    expect(total).toBeGreaterThanOrEqual(5);
  });

  test("failing each write sync in turn (after half its actions): the workbook is as before, the error rethrown", async () => {
    for (let n = 2; n <= total; n++) {
      const fake = new FakeExcel(["Sheet1"]);
      fake.seed("Sheet1", { A1: "kept" });
      const before = state(fake);
      fake.failures.push({ sync: n, code: "GeneralException" });
      await expect(writeSheetSpec(spec, host(fake, { requestBudget: budget }))).rejects.toMatchObject({ code: "GeneralException" });
      expect(state(fake)).toEqual(before);
      expect(fake.runOptions.length).toBe(2); // the write, then the rollback in a run of its own
    }
  });

  test("in an existing sheet: the cells it wrote are cleared again, the user's cells kept", async () => {
    const fake = new FakeExcel(["Sales"]);
    fake.seed("Sales", { A1: "Rep", A2: "Zhang" });
    const before = state(fake);
    fake.failures.push({ sync: 2, afterActions: 3 });
    const into = { sheets: [{ name: "Sales", kind: "split" as const, existing: true, origin: "C1", rows: [[{ v: "Q1" }], [{ v: 5 }]], conditionalFormats: [{ range: "C2", formula: "C2>1", fill: "#FF0000" }] }], names: [{ name: "Check_X", sheet: "Sales", ref: "C2" }] };
    await expect(writeSheetSpec(into, host(fake))).rejects.toMatchObject({ code: "GeneralException" });
    expect(state(fake)).toEqual(before);
  });

  test("a plan already stored is put back when the new one fails", async () => {
    const fake = new FakeExcel();
    const port = createOfficeWorkbook({ ...host(fake), settings: new FakeSettings() });
    await port.write({ sheets: [{ name: "First", kind: "notes", rows: [[{ v: 1 }]] }], names: [], plan: { v: "old" } });
    fake.failures.push({ sync: fake.syncs + 3, afterActions: 100 });
    await expect(port.write({ sheets: [{ name: "Second", kind: "notes", rows: [[{ v: 2 }]] }], names: [], plan: { v: "new" } })).rejects.toMatchObject({ code: "GeneralException" });
    expect(await port.readStoredPlan()).toEqual({ v: "old" });
    expect(fake.sheetNames()).toEqual(["Sheet1", "First", PLAN_SHEET]);
  });

  test("a plan sheet that was there but empty is emptied again", async () => {
    const fake = new FakeExcel();
    await fake.run(async (ctx) => { ctx.workbook.worksheets.add(PLAN_SHEET); await ctx.sync(); });
    const before = state(fake);
    const spec = { sheets: [{ name: "S", kind: "notes" as const, rows: [[{ v: 1 }]] }], names: [], plan: { big: "x".repeat(100_000) } };
    fake.failures.push({ sync: fake.syncs + 3, afterActions: 4 });
    await expect(writeSheetSpec(spec, host(fake, { requestBudget: 40_000 }))).rejects.toMatchObject({ code: "GeneralException" });
    expect(state(fake)).toEqual(before);
  });

  describe("when the rollback fails too, the message lists what is really still there", () => {
    const budget = 4000;
    const write = (fake: FakeExcel) => writeSheetSpec(everyFieldSpec(), host(fake, { cellEditRetries: 0, requestBudget: budget })).catch((e) => e);

    test("read back from the workbook: the sheet Excel had added, not the names and plan it never reached", async () => {
      const fake = new FakeExcel();
      fake.failures.push({ sync: 3, afterActions: 0 }, { sync: 4 });
      const err = await write(fake);
      expect(err).toMatchObject({ key: "rollbackFailed", params: { leftovers: "Split 2026", maybe: undefined } });
      expect(err.messageIn("en")).toMatch(/Please delete by hand: Split 2026\.$/);
      expect(err.messageIn("zh")).toMatch(/请手动删除：Split 2026。$/);
      expect(fake.sheetNames()).toEqual(["Sheet1", "Split 2026"]); // what the message says is there
    });

    test("when even that read fails: what Excel had taken is to delete, what the failed request may have added is to check", async () => {
      const fake = new FakeExcel();
      fake.failures.push({ sync: 3, afterActions: 0 }, { sync: 4 }, { sync: 5 });
      const err = await write(fake);
      expect(err).toMatchObject({ key: "rollbackFailed", params: { leftovers: "Split 2026", maybe: undefined } });
      expect(err.messageIn("en")).toMatch(/Please delete by hand: Split 2026\.$/);

      const early = new FakeExcel();
      early.failures.push({ sync: 2, afterActions: 0 }, { sync: 3 }, { sync: 4 });
      const unsure = await write(early);
      expect(unsure).toMatchObject({ key: "rollbackFailed", params: { leftovers: undefined, maybe: "Split 2026" } });
      expect(unsure.messageIn("en")).toMatch(/failed too \([^)]*\)\. Check whether these are there and delete them too: Split 2026\.$/);
      expect(unsure.messageIn("zh")).toMatch(/请检查以下内容是否存在，若存在也请删除：Split 2026。$/);
      expect(early.sheetNames()).toEqual(["Sheet1"]); // it was not: "check", not "delete"
    });

    test("in an existing sheet: the area still holding what the write put there", async () => {
      const fake = new FakeExcel(["Sales"]);
      fake.seed("Sales", { A1: "Rep" });
      fake.failures.push({ sync: 2, afterActions: 99 }, { sync: 3 }); // the cells written, then the request fails
      const into = { sheets: [{ name: "Sales", kind: "split" as const, existing: true, origin: "C1", rows: [[{ v: "Q1" }], [{ v: 5 }]] }], names: [] };
      const err = await writeSheetSpec(into, host(fake, { cellEditRetries: 0 })).catch((e) => e);
      expect(err).toMatchObject({ key: "rollbackFailed", params: { leftovers: "Sales!C1:C2" } });
    });

    test("when nothing of the write is there, the rollback's failure does not matter: the write's own error, and nothing to delete", async () => {
      const fake = new FakeExcel(["Sales"]);
      fake.seed("Sales", { A1: "Rep" });
      const before = state(fake);
      // The request fails before Excel applied any of it, and so does the rollback.
      fake.failures.push({ sync: 2, afterActions: 0 }, { sync: 3 });
      const err = await writeSheetSpec(everyFieldSpec(), host(fake, { cellEditRetries: 0 })).catch((e) => e);
      expect(err).toMatchObject({ code: "GeneralException" });
      expect(describeWriteError(err, "en")).toMatch(/^Writing failed \(Injected failure of sync 2/);
      expect(state(fake)).toEqual(before);
    });
  });
});

describe("cancel", () => {
  test("aborting between syncs removes what was written and says so", async () => {
    const spec = trackingWorkbook(300);
    const fake = new FakeExcel();
    const before = state(fake);
    const ctrl = new AbortController();
    fake.beforeSync = (n) => {
      if (n === 2) ctrl.abort();
    };
    const progress: number[] = [];
    const err = await writeSheetSpec(spec, host(fake, { requestBudget: 32 * 1024, signal: ctrl.signal, onProgress: (d) => progress.push(d) })).catch((e) => e);
    expect(err).toMatchObject({ key: "cancelled", name: "AbortError", occupied: undefined });
    expect(err.messageIn("zh")).toBe("已取消：已写入的内容已移除。");
    expect(state(fake)).toEqual(before);
    expect(fake.syncs).toBeLessThanOrEqual(4); // look, one write, the rollback's two
  });

  test("aborted before it starts: nothing written at all", async () => {
    const fake = new FakeExcel();
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(writeSheetSpec(everyFieldSpec(), host(fake, { signal: ctrl.signal }))).rejects.toMatchObject({ key: "cancelled" });
    expect(fake.sheetNames()).toEqual(["Sheet1"]);
  });

  test("progress rises to the number of cells written", async () => {
    const spec = trackingWorkbook(300);
    const fake = new FakeExcel();
    const seen: [number, number][] = [];
    await writeSheetSpec(spec, host(fake, { requestBudget: 32 * 1024, onProgress: (d, t) => seen.push([d, t]) }));
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThanOrEqual(seen[i - 1][0]);
    const [done, total] = seen[seen.length - 1];
    expect(done).toBe(total);
    expect(total).toBe(Object.keys(fake.contents(spec.sheets[0].name)).length);
  });
});

describe("Excel in cell-edit mode", () => {
  test("on a host that does not delay, the write is retried and lands once", async () => {
    const fake = new FakeExcel();
    fake.honoursDelayForCellEdit = false;
    fake.cellEditSyncs = 2;
    const waits: number[] = [];
    await writeSheetSpec(everyFieldSpec(), host(fake, { sleep: async (ms) => void waits.push(ms) }));
    expect(waits).toEqual([500, 1000]);
    expect(fake.sheetNames()).toEqual(["Sheet1", "Split 2026", PLAN_SHEET]);
  });

  test("edit mode in the middle of a write: rolled back, then written again", async () => {
    const fake = new FakeExcel();
    fake.honoursDelayForCellEdit = false;
    fake.beforeSync = (n) => {
      if (n === 2) fake.cellEditSyncs = 1;
    };
    await writeSheetSpec(everyFieldSpec(), host(fake));
    expect(fake.sheetNames()).toEqual(["Sheet1", "Split 2026", PLAN_SHEET]);
    expect(fake.names().map((n) => n.name)).toEqual(everyFieldSpec().names.map((n) => n.name));
  });

  test("gives up after its retries with Excel's error", async () => {
    const fake = new FakeExcel();
    fake.honoursDelayForCellEdit = false;
    fake.cellEditSyncs = 99;
    await expect(writeSheetSpec(everyFieldSpec(), host(fake, { cellEditRetries: 2 }))).rejects.toMatchObject({ code: "InvalidOperationInCellEditMode" });
    expect(fake.runOptions).toHaveLength(3);
  });
});

test("input cells become few rectangles (runs per row, stacked while rows repeat)", () => {
  const i = { v: 1, input: true };
  const rows = [[null, i, i, null], [null, i, i, null], [i, null, i, null], [null, null, i, i]];
  expect(inputRects({ spec: { rows }, row0: 4, col0: 1 })).toEqual([
    { r0: 4, r1: 5, c0: 2, c1: 3 },
    { r0: 6, r1: 6, c0: 1, c1: 1 },
    { r0: 6, r1: 6, c0: 3, c1: 3 },
    { r0: 7, r1: 7, c0: 3, c1: 4 },
  ]);
});

describe("the port over Office.js (against the fake)", () => {
  const make = () => {
    const fake = new FakeExcel(["Sheet1", "Data"]);
    const settings = new FakeSettings();
    return { fake, settings, port: createOfficeWorkbook({ ...host(fake), settings }) };
  };

  test("the selection, the column to its left and the header above", async () => {
    const { fake, port } = make();
    fake.seed("Data", { A1: "Rep", B1: "Annual", A2: "Zhang", B2: 1200, A3: "Li", B3: 800 });
    fake.select("Data", "B2:B3");
    expect(await port.readSelection()).toEqual({ sheet: "Data", address: "B2:B3", values: [[1200], [800]], leftColumn: ["Zhang", "Li"], headerAbove: ["Annual"] });
    fake.select("Data", "A1");
    expect(await port.readSelection()).toEqual({ sheet: "Data", address: "A1", values: [["Rep"]], leftColumn: undefined, headerAbove: undefined });
  });

  test("a whole column is trimmed to the rows that hold data; an empty one is nothing", async () => {
    const { fake, port } = make();
    fake.seed("Data", { A1: "Rep", B1: "Annual", A2: "Zhang", B2: 1200 });
    fake.select("Data", "B:B");
    expect(await port.readSelection()).toMatchObject({ address: "B1:B2", values: [["Annual"], [1200]], leftColumn: ["Rep", "Zhang"] });
    fake.select("Sheet1", "C:C");
    expect(await port.readSelection()).toBeUndefined();
  });

  test("sheet names (hidden ones too), ranges, go to", async () => {
    const { fake, port } = make();
    await port.write({ sheets: [{ name: "Plan", kind: "notes", rows: [[{ v: "a" }, null, { v: 3 }]] }], names: [], plan: { x: 1 } });
    expect(await port.sheetNames()).toEqual(["Sheet1", "Data", "Plan", PLAN_SHEET]);
    expect(await port.readRange("Plan", "A1:C1")).toEqual([["a", "", 3]]);
    await port.goTo("Data", "C7");
    expect(fake.workbook.activeSheetId).toBe(fake.sheet("Data").id);
    expect(fake.workbook.selection?.rect).toEqual({ r0: 6, c0: 2, r1: 6, c1: 2 });
  });

  test("checks: every Check_ name with its value", async () => {
    const { fake, port } = make();
    fake.calc = (_sheet, address) => address === "E4";
    await port.write(everyFieldSpec());
    fake.seed("Data", { B2: "=1=2" });
    await fake.run(async (ctx) => { ctx.workbook.names.add("Check_Other", "=Data!$B$2"); ctx.workbook.names.add("NotACheck", "=Data!$B$3"); await ctx.sync(); });
    expect(await port.readChecks()).toEqual([
      { name: "Check_Split_2026", sheet: "Split 2026", address: "E4", value: true, ok: true },
      { name: "Check_Other", sheet: "Data", address: "B2", value: false, ok: false },
    ]);
  });

  test("the stored plan back; none in a fresh workbook", async () => {
    const { port } = make();
    expect(await port.readStoredPlan()).toBeUndefined();
    const plan = { title: "x", rows: Array.from({ length: 3000 }, (_, i) => ({ name: `rep ${i}`, w: i })) };
    await port.write({ sheets: [{ name: "S", kind: "notes", rows: [[{ v: 1 }]] }], names: [], plan });
    expect(await port.readStoredPlan()).toEqual(plan);
  });

  test("a quarterly split written after a full plan leaves the plan stored; after nothing or another split it stores its record", async () => {
    const { port } = make();
    const taken: string[] = [];
    const split = (name: string) => {
      const spec = buildQuarterlySplit({ names: ["East"], annual: [100], weights: [1, 1, 1, 1], unit: 1, lang: "en", sheetName: name, takenNames: [...taken] });
      taken.push(...spec.names.map((n) => n.name));
      return spec;
    };
    await port.write(split("Q one"));
    expect(await port.readStoredPlan()).toMatchObject({ kind: "quarterlySplit", title: "Q one" });
    await port.write(split("Q two"));
    expect(await port.readStoredPlan()).toMatchObject({ kind: "quarterlySplit", title: "Q two" });
    const plan = { version: 1, title: "East team 2025", year: 2025, total: 100 };
    await port.write({ sheets: [{ name: "S", kind: "notes", rows: [[{ v: 1 }]] }], names: [], plan });
    const result = await port.write(split("Q three"));
    expect(result.sheets).toContain("Q three");
    expect(await port.readStoredPlan()).toEqual(plan);
  });

  test("settings are saved with the document; a write sets the marker that opens the pane", async () => {
    const { port, settings } = make();
    expect(await port.getSetting("lang")).toBeUndefined();
    await port.setSetting("lang", "zh");
    expect(await port.getSetting("lang")).toBe("zh");
    expect(settings.saved.get("lang")).toBe("zh");
    await port.write({ sheets: [{ name: "S", kind: "notes", rows: [[{ v: 1 }]] }], names: [] });
    expect(settings.saved.get(AUTO_SHOW_SETTING)).toBe(true);
    settings.failSave = true;
    await expect(port.setSetting("lang", "en")).rejects.toMatchObject({ key: "settingNotSaved" });
  });

  test("findOccupied through the port", async () => {
    const { port } = make();
    expect(await port.findOccupied({ sheets: [{ name: "data", kind: "notes", rows: [] }], names: [] })).toEqual([{ sheet: "data", cells: [], kind: "sheetName", name: "data" }]);
  });
});

test("the default budget is 4 MB", () => {
  expect(REQUEST_BUDGET).toBe(MB4);
});

describe("which text gets Excel's quote prefix", () => {
  test.each([
    ["Zhang Wei", false],
    ["张伟", false],
    ["", false],
    ["=1+1", true],
    ["+86", true],
    ["-Li", true],
    ["@home", true],
    ["'x", true],
    ["#N/A", true],
    ["Q1", true],
    ["１２", true],
    ["＝SUM(1)", true],
    ["true", true],
    [" FALSE ", true],
  ])("%j → %s", (text, want) => {
    expect(cellInput({ v: text }, false) === "'" + text).toBe(want);
  });
});

describe("row chunking (property)", () => {
  const inputArb = fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 40 }), fc.boolean());
  test("blocks cover every cell of every row exactly once, rows in order, each block within the budget unless it is one cell", () => {
    fc.assert(
      fc.property(fc.array(fc.array(inputArb, { maxLength: 30 }), { maxLength: 60 }), fc.integer({ min: 400, max: 4000 }), (rows, budget) => {
        const blocks = chunkRows(rows, budget);
        const covered = new Map<string, number>();
        let lastStart = -1;
        for (const b of blocks) {
          expect(b.start).toBeGreaterThanOrEqual(lastStart);
          lastStart = b.start;
          for (let r = b.start; r < b.end; r++) for (let c = b.colStart; c < b.colEnd; c++) covered.set(`${r},${c}`, (covered.get(`${r},${c}`) ?? 0) + 1);
          const oneCell = b.end - b.start === 1 && b.colEnd - b.colStart === 1;
          if (!oneCell) expect(b.bytes).toBeLessThanOrEqual(budget);
          // What the writer sends: the rows padded with nulls to the block's width.
          const block = rows.slice(b.start, b.end).map((row) => Array.from({ length: b.colEnd - b.colStart }, (_, c) => row[b.colStart + c] ?? null));
          expect(b.bytes).toBeGreaterThanOrEqual(jsonBytes(block) + ACTION_OVERHEAD); // counted, not guessed
        }
        rows.forEach((row, r) => row.forEach((_, c) => expect(covered.get(`${r},${c}`)).toBe(1)));
        expect([...covered.values()].every((n) => n === 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("rollback (property)", () => {
  test("whatever sync fails, after however many of its actions, the workbook is as it was", async () => {
    const spec = everyFieldSpec();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 300, max: 3000 }), async (n, after, budget) => {
        const fake = new FakeExcel(["Sheet1"]);
        fake.seed("Sheet1", { A1: "kept", B2: 2 });
        const before = state(fake);
        fake.failures.push({ sync: n, afterActions: after });
        const outcome = await writeSheetSpec(spec, host(fake, { requestBudget: budget })).then(
          () => "written",
          (e) => e,
        );
        if (outcome === "written") {
          expect(fake.syncs).toBeLessThan(n); // the failure was never reached
          expect(fake.sheetNames()).toContain("Split 2026");
        } else {
          expect(outcome).toMatchObject({ code: "GeneralException" });
          expect(state(fake)).toEqual(before);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("the pane's main flow: a quarterly split beside the user's column, in their sheet", () => {
  const make = () => {
    const fake = new FakeExcel(["Sales"]);
    fake.seed("Sales", { A1: "Rep", B1: "Annual", A2: "Zhang", B2: 1_200_000, A3: "'=Li", B3: 800_000 }); // typed behind an apostrophe
    return fake;
  };
  const split = (origin: string) =>
    buildQuarterlySplit({ names: ["Zhang", "=Li"], annual: [1_200_000, 800_000], weights: [25, 30, 25, 20], unit: 10_000, lang: "en", existingSheet: "Sales", origin, months: true, protect: false });

  test("written beside, the user's cells untouched, its Check_ names defined; a second time refused", async () => {
    const fake = make();
    const spec = split("D1");
    const r = await writeSheetSpec(spec, host(fake));
    expect(r.sheets).toEqual(["Sales"]);
    const got = fake.contents("Sales");
    expect(got).toMatchObject({ A1: "Rep", B1: "Annual", A2: "Zhang", B2: 1_200_000, B3: 800_000 });
    expect(fake.cell("Sales", "A3")).toMatchObject({ value: "=Li", quotePrefix: true });
    const sheet = spec.sheets[0];
    sheet.rows.forEach((row, i) =>
      row.forEach((cell, j) => {
        if (!cell || ("v" in cell && (cell.v === null || cell.v === ""))) return;
        const a = colName(3 + j) + (i + 1);
        expect(got[a]).toBe("f" in cell ? "=" + cell.f : cell.v);
      }),
    );
    expect(fake.names().map((n) => n.name)).toEqual(spec.names.map((n) => n.name));
    // One sync to look (the area beside the column, the names), one request for the rest.
    expect(spec.names.length).toBeGreaterThan(1);
    expect(fake.syncs).toBe(2);
    const again = await writeSheetSpec(split("D1"), host(fake)).catch((e) => e);
    expect(again).toMatchObject({ key: "occupied" });
    const firstFive: string[] = []; // the spec's first five non-empty cells, row by row
    sheet.rows.forEach((row, i) => row.forEach((cell, j) => {
      if (cell && !("v" in cell && (cell.v === null || cell.v === "")) && firstFive.length < 5) firstFive.push(colName(3 + j) + (i + 1));
    }));
    expect(again.occupied[0]).toEqual({ sheet: "Sales", cells: firstFive, kind: "cells" });
    expect(again.occupied.slice(1).map((o: { kind: string }) => o.kind)).toEqual(spec.names.map(() => "name"));
  });
});

describe("a very hidden sheet cannot be deleted: the rollback leaves no invisible TargetPlanner", () => {
  // Worksheet.delete: a "VeryHidden" sheet "will fail with an InvalidOperation exception"
  // (the fake enforces it). The writer hides the plan sheet last and the rollback makes a
  // very hidden sheet hidden before deleting it; every failure point is tried.
  const spec = { ...trackingWorkbook(60), plan: { ...(trackingWorkbook(60).plan as object), padding: "x".repeat(40_000) } };
  const budget = 24 * 1024;
  let total = 0;
  beforeAll(async () => {
    total = (await writeSheetSpec(spec, host(new FakeExcel(), { requestBudget: budget }))).syncs;
  });

  test("several write syncs at this budget, the plan among them", () => {
    expect(total).toBeGreaterThanOrEqual(6);
  });

  test.each([
    ["none", 0],
    ["one", 1],
    ["half", undefined],
    ["all but one", -1],
    ["all", 99_999],
  ])("failing sync N for every N, after %s of its actions: the workbook is as before", async (_label, afterActions) => {
    for (let n = 2; n <= total; n++) {
      const fake = new FakeExcel(["Sheet1"]);
      fake.seed("Sheet1", { A1: "kept" });
      const before = state(fake);
      fake.failures.push({ sync: n, afterActions });
      const err = await writeSheetSpec(spec, host(fake, { requestBudget: budget, cellEditRetries: 0 })).catch((e) => e);
      expect({ n, code: err.code ?? err.key }).toEqual({ n, code: "GeneralException" });
      expect({ n, sheets: fake.workbook.sheets.map((s) => [s.name, s.visibility]) }).toEqual({ n, sheets: [["Sheet1", "Visible"]] });
      expect(state(fake)).toEqual(before);
    }
  });
});

describe("protected sheets and a protected workbook structure: refused before anything is written", () => {
  const beside = (): WorkbookSpec => ({
    sheets: [{ name: "Sales", kind: "split", existing: true, origin: "D1", rows: [[{ v: "Q1" }], [{ f: "ROUND(B2/4,0)" }]] }],
    names: [{ name: "Check_Sales", sheet: "Sales", ref: "D2" }],
  });
  const protectedSales = async (options?: Excel.WorksheetProtectionOptions): Promise<FakeExcel> => {
    const fake = new FakeExcel(["Sales"]);
    fake.seed("Sales", { A1: "Rep", B1: "Annual", A2: "Zhang", B2: 1200 });
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sales").protection.protect(options);
      await ctx.sync();
    });
    return fake;
  };

  test("writing beside the selection in a protected sheet: one clear sentence in both languages, nothing written, no rollback needed", async () => {
    const fake = await protectedSales({ allowFormatCells: true });
    const before = state(fake);
    const runs = fake.runOptions.length;
    const err = await writeSheetSpec(beside(), host(fake)).catch((e) => e);
    expect(err).toMatchObject({ key: "sheetProtected", params: { name: "Sales" } });
    expect(err.messageIn("en")).toBe("Nothing was written: sheet 'Sales' is protected. Unprotect it (Review › Unprotect Sheet), write, then protect it again.");
    expect(err.messageIn("zh")).toBe("未写入任何内容：工作表“Sales”受保护。请先撤消保护（审阅 › 撤消工作表保护），写入后再重新保护。");
    expect(state(fake)).toEqual(before);
    expect(fake.runOptions.length).toBe(runs + 1);
  });

  test("a protected workbook structure refuses a write that adds sheets, and lets one into an existing sheet through", async () => {
    const fake = new FakeExcel(["Sales"]);
    fake.seed("Sales", { A1: "Rep", B2: 1200 });
    fake.workbook.protected = true;
    const before = state(fake);
    const err = await writeSheetSpec(everyFieldSpec(), host(fake)).catch((e) => e);
    expect(err).toMatchObject({ key: "workbookProtected" });
    expect(err.messageIn("en")).toBe("Nothing was written: the workbook's structure is protected, so no sheet can be added. Unprotect it (Review › Protect Workbook), write, then protect it again.");
    expect(err.messageIn("zh")).toBe("未写入任何内容：工作簿结构受保护，无法添加工作表。请先取消保护（审阅 › 保护工作簿），写入后再重新保护。");
    expect(state(fake)).toEqual(before);
    // A plan stored in a workbook without a plan sheet adds one: refused too.
    await expect(writeSheetSpec({ ...beside(), plan: { x: 1 } }, host(fake))).rejects.toMatchObject({ key: "workbookProtected" });
    await writeSheetSpec(beside(), host(fake));
    expect(fake.cell("Sales", "D2").formula).toBe("=ROUND(B2/4,0)");
  });

  test("without ExcelApi 1.7 the structure cannot be seen: Excel refuses the new sheet and the write removes what it added", async () => {
    const fake = new FakeExcel(["Sales"], { apiVersion: "1.6" });
    fake.workbook.protected = true;
    const before = state(fake);
    const spec = { sheets: [{ name: "New", kind: "notes" as const, rows: [[{ v: 1 }]] }], names: [] };
    await expect(writeSheetSpec(spec, host(fake))).rejects.toMatchObject({ code: "AccessDenied" });
    expect(state(fake)).toEqual(before);
  });
});

describe("what this Excel supports, asked before writing (ExcelApi requirement sets)", () => {
  test("a host without the sets the spec needs: refused before Excel is asked anything, naming each missing part in both languages", async () => {
    const fake = new FakeExcel(["Sheet1"], { apiVersion: "1.5" });
    const err = await writeSheetSpec(everyFieldSpec(), host(fake)).catch((e) => e);
    expect(err).toMatchObject({ key: "excelTooOld" });
    expect(err.messageIn("en")).toBe(
      "Nothing was written: this version of Excel cannot write these sheets; it lacks data validation (ExcelApi 1.8), frozen panes (ExcelApi 1.7), conditional formats (ExcelApi 1.6). Use Excel on the web or a current Excel (Microsoft 365, Excel 2021 or later), or download the workbook as an .xlsx file.",
    );
    expect(err.messageIn("zh")).toBe(
      "未写入任何内容：此版本的 Excel 无法写入这些工作表，缺少数据验证 (ExcelApi 1.8)、冻结窗格 (ExcelApi 1.7)、条件格式 (ExcelApi 1.6)。请使用 Excel 网页版或较新的 Excel（Microsoft 365、Excel 2021 或更高版本），或下载 .xlsx 工作簿。",
    );
    expect(fake.syncs).toBe(0);
    expect(fake.runOptions).toEqual([]);
  });

  test("only what the spec uses is asked for: a plain sheet writes on ExcelApi 1.4", async () => {
    const fake = new FakeExcel(["Sheet1"], { apiVersion: "1.4" });
    await writeSheetSpec({ sheets: [{ name: "N", kind: "notes", rows: [[{ v: 1 }, { f: "A1*2" }]], columnWidths: [12] }], names: [{ name: "Check_N", sheet: "N", ref: "B1" }], plan: { x: 1 } }, host(fake));
    expect(fake.contents("N")).toEqual({ A1: 1, B1: "=A1*2" });
  });

  test("on ExcelApi 1.8 every call the writer makes exists (the fake fails a call of a newer set with ApiNotFound)", async () => {
    const fake = new FakeExcel(["Sheet1"], { apiVersion: "1.8" });
    await writeSheetSpec(trackingWorkbook(30, { protect: true }), host(fake));
    expect(fake.sheetNames()).toContain(PLAN_SHEET);
    // A writer that believed the host had more would be stopped by Excel, and undo what it did.
    const older = new FakeExcel(["Sheet1"], { apiVersion: "1.5" });
    await expect(writeSheetSpec(everyFieldSpec(), host(older, { supports: () => true }))).rejects.toMatchObject({ code: "ApiNotFound" });
    expect(older.sheetNames()).toEqual(["Sheet1"]);
  });
});

describe("defined-name comments within Excel's 255 characters", () => {
  test("a longer comment is cut with an ellipsis at the writer; a shorter one is written as it is", async () => {
    const fake = new FakeExcel();
    const long = `Every row of grid '${"G".repeat(120)}' adds up to its total and every column adds up to its month, within one unit of rounding, as the plan asks ` + "x".repeat(40);
    expect(long.length).toBeGreaterThan(255);
    const spec = { sheets: [{ name: "S", kind: "notes" as const, rows: [[{ v: true }, { v: true }]] }], names: [{ name: "Check_A", sheet: "S", ref: "A1", comment: long }, { name: "Check_B", sheet: "S", ref: "B1", comment: "short" }] };
    await writeSheetSpec(spec, host(fake));
    const [a, b] = fake.names();
    expect(a.comment).toHaveLength(255);
    expect(a.comment).toBe(long.slice(0, 254) + "…");
    expect(b.comment).toBe("short");
  });

  test("never inside a surrogate pair", async () => {
    const fake = new FakeExcel();
    const comment = "x".repeat(253) + "𠀀𠀀";
    await writeSheetSpec({ sheets: [{ name: "S", kind: "notes", rows: [[{ v: 1 }]] }], names: [{ name: "Check_C", sheet: "S", ref: "A1", comment }] }, host(fake));
    expect(fake.names()[0].comment).toBe("x".repeat(253) + "…");
  });
});

describe("an existing sheet's widths, page setup and panes: changed by the write, put back by its rollback", () => {
  const spec = (): WorkbookSpec => ({
    sheets: [
      {
        name: "Sales",
        kind: "split",
        existing: true,
        origin: "D1",
        rows: [[{ v: "Q1" }, { v: "Q2" }], [{ v: 1 }, { v: 2 }]],
        columnWidths: [14, 14],
        freeze: { rows: 1, columns: 0 },
        print: { landscape: true, fitToWidth: true, repeatRows: "1:1", area: "D1:E2" },
      },
    ],
    names: [],
  });
  const users = async (): Promise<FakeExcel> => {
    const fake = new FakeExcel(["Sales"]);
    fake.seed("Sales", { A1: "Rep", B1: "Annual" });
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sales");
      ws.getRange("D:D").format.columnWidth = 30;
      ws.pageLayout.orientation = "Portrait";
      ws.pageLayout.zoom = { scale: 85 };
      ws.pageLayout.setPrintArea("A1:B40");
      ws.freezePanes.freezeColumns(1);
      await ctx.sync();
    });
    return fake;
  };
  /** The sheet's layout as the user sees it (a column set to the standard width looks as one never set). */
  const layout = (fake: FakeExcel) => {
    const s = fake.sheet("Sales");
    return { widths: [...s.columnWidths.entries()].filter(([, w]) => w !== DEFAULT_COLUMN_WIDTH).sort(), page: { ...s.pageLayout }, freeze: s.freeze };
  };

  test("written: the widths, orientation, zoom and panes; the user's print area and titles left alone", async () => {
    const fake = await users();
    await writeSheetSpec(spec(), host(fake));
    expect(layout(fake)).toEqual({
      widths: [[3, columnWidthPoints(14)], [4, columnWidthPoints(14)]],
      page: { orientation: "Landscape", zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 }, printArea: "A1:B40" },
      freeze: { rows: 1, columns: 0 },
    });
  });

  test("failing the write's last request: every one of them back as it was", async () => {
    const fake = await users();
    const before = layout(fake);
    const probe = await users();
    const syncs = (await writeSheetSpec(spec(), host(probe))).syncs;
    fake.failures.push({ sync: fake.syncs + syncs, afterActions: 99 });
    await expect(writeSheetSpec(spec(), host(fake))).rejects.toMatchObject({ code: "GeneralException" });
    expect(layout(fake)).toEqual(before);
    expect(fake.contents("Sales")).toEqual({ A1: "Rep", B1: "Annual" });
  });
});

describe("recalculation is suspended while a big write lands (ExcelApi 1.6)", () => {
  test("every request that writes cells suspends calculation until its sync", async () => {
    const { fake } = await tracking5000InSmallRequests(); // 5,000 people in requests of 1.5 MB
    const writes = fake.calculation.filter((c) => c.wroteCells);
    expect(writes.length).toBeGreaterThan(2);
    expect(writes.every((c) => c.suspended)).toBe(true);
  });

  test("not on a host without ExcelApi 1.6 (the call would fail there)", async () => {
    const fake = new FakeExcel(["Sheet1"], { apiVersion: "1.5" });
    await writeSheetSpec({ sheets: [{ name: "N", kind: "notes", rows: [[{ v: 1 }]] }], names: [] }, host(fake));
    expect(fake.calculation.some((c) => c.suspended)).toBe(false);
  });
});

describe("a workbook on the 1904 date system", () => {
  const asOf = excelSerial("2026-05-31");
  let fake1900: FakeExcel;
  let fake1904: FakeExcel;
  const spec = trackingWorkbook(12);
  const name = spec.sheets[0].name;
  beforeAll(async () => {
    fake1900 = new FakeExcel();
    fake1904 = new FakeExcel(["Sheet1"], { date1904: true });
    await writeSheetSpec(spec, host(fake1900));
    await writeSheetSpec(trackingWorkbook(12), host(fake1904));
  });

  test("gets its date constants in its own system (1,462 days less), every other number as it is", () => {
    expect(fake1900.cell(name, "B2").value).toBe(asOf);
    expect(fake1904.cell(name, "B2").value).toBe(asOf - 1462);
    expect(fake1904.cell(name, "D2").value).toBe(excelSerial("2026-01-01") - 1462);
    expect(fake1904.cell(name, "G4").value).toBe(excelSerial("2026-01-01") - 1462); // January's month start
    const a = fake1900.contents(name);
    const b = fake1904.contents(name);
    const differ = Object.keys(a).filter((k) => a[k] !== b[k]);
    expect(differ.sort()).toEqual(["B2", "D2", "F2", ...Array.from({ length: 12 }, (_, m) => `${colName(6 + 2 * m)}4`)].sort());
  });

  test("the pane reads the dates back as the 1900 serials it counts in: My targets is the same in both workbooks", async () => {
    const plan = spec.plan as Plan;
    const person = plan.tracking!.rows[3].name;
    const ports = [fake1900, fake1904].map((f) => createOfficeWorkbook({ ...host(f), settings: new FakeSettings() }));
    // The rep moves the as-of date, typing a date as Excel users do.
    fake1900.seed(name, { B2: "2026-06-30" });
    fake1904.seed(name, { B2: "2026-06-30" });
    expect(fake1904.cell(name, "B2").value).toBe(excelSerial("2026-06-30") - 1462);
    expect(await ports[1].readRange(name, "B2:D2")).toEqual([[excelSerial("2026-06-30"), expect.any(String), excelSerial("2026-01-01")]]);
    const [a, b] = await Promise.all(ports.map((p) => readMyTargets(p, plan, person)));
    expect(b.tracking?.asOf).toBe(excelSerial("2026-06-30"));
    expect(b).toEqual(a);
  });
});

describe("request sizes, as Office.js's own serializer builds the requests", () => {
  // The fake measures each request as the body the real Office.js (@microsoft/office-js,
  // excel-web-16.00.debug.js) builds for the same calls; the writer must cut by that, not by
  // the size of its data: a conditional format's request is ~20 times its data, and
  // Office.js itself cuts an array of more than 1,500 cells into slices of its own.
  const seed = (() => {
    const v = validatePlan(JSON.parse(fs.readFileSync(path.join(__dirname, "../examples/seed-plan.json"), "utf8")));
    if (!v.ok) throw new Error("examples/seed-plan.json does not validate");
    return v.plan;
  })();
  // Syncs by the rule at the top of this file: exactly, except where the band straddles a
  // multiple of the budget (5,000 boxes of 3.0–3.8 KB each: 15–19 MB, 4 or 5 requests).
  const cases: [string, () => WorkbookSpec, (spec: WorkbookSpec) => { exactly: number } | { atMost: number }][] = [
    // 300 KB with its ten names: one request.
    ["the seed plan's workbook", () => buildPlanWorkbook(seed, { lang: "zh", asOf: "2025-03-31", protect: true }), () => ({ exactly: 2 })],
    ["5,000 reps × 12 months of tracking", tracking5000, (spec) => ({ exactly: expectedSyncs(cellBytes(spec) * 1.15, cellBytes(spec) * 1.3, MB4) })],
    // A rule is ~1,900 bytes of request (src/excel/chunks.ts): 1.6–2.75 KB by any fair measure.
    ["3,000 conditional formats", () => conditionalFormatsWorkbook(3000), (spec) => ({ exactly: expectedSyncs(3000 * 1600 + cellBytes(spec), 3000 * 2750 + cellBytes(spec), MB4) })],
    ["5,000 bordered, filled, number-formatted ranges", () => borderedWorkbook(5000), () => ({ atMost: 1 + 5 })],
  ];
  /** The spec written at the default budget (the tracking workbook's write is shared with the suite above). */
  async function written(spec: WorkbookSpec): Promise<{ fake: FakeExcel; measured: number[]; result: Awaited<ReturnType<typeof writeSheetSpec>> }> {
    if (spec === tracking5000()) return tracking5000Written();
    const fake = new FakeExcel();
    const measured: number[] = [];
    const result = await writeSheetSpec(spec, host(fake, { onRequest: (b) => measured.push(b) }));
    return { fake, measured, result };
  }
  test.each(cases)("%s: every request under 4 MB as Office.js builds it, the writer's measure never under it and not far over", async (_label, make, syncs) => {
    const spec = make();
    const { fake, measured, result } = await written(spec);
    const real = fake.requestBytes.slice(-measured.length);
    const want = syncs(spec);
    if ("exactly" in want) expect(fake.syncs).toBe(want.exactly);
    else expect(fake.syncs).toBeLessThanOrEqual(want.atMost);
    for (let i = 0; i < real.length; i++) {
      expect(real[i]).toBeLessThanOrEqual(MB4);
      expect(real[i]).toBeLessThanOrEqual(measured[i]);
      expect(measured[i]).toBeLessThanOrEqual(real[i] * 1.35 + 4096);
    }
    expect(Math.max(...fake.requestBytes)).toBeLessThan(REQUEST_LIMIT);
    expect(result.largestRequest).toBe(Math.max(...measured));
  });

  test("a budget of 256 KB is kept as strictly, request by request", async () => {
    const fake = new FakeExcel();
    const budget = 256 * 1024;
    await writeSheetSpec(conditionalFormatsWorkbook(1500), host(fake, { requestBudget: budget }));
    expect(fake.syncs).toBeGreaterThan(5);
    for (const b of fake.requestBytes) expect(b).toBeLessThanOrEqual(budget);
  });
});
