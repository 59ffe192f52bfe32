/**
 * An empty cell is not a 0, on every Excel: the functions get an empty cell as `null` on the
 * web and as `0` on Windows and Mac builds (OfficeDev/office-js #4702, #1951, #5262). These
 * tests call the registered functions as Excel does in both marshalling styles, over a fake
 * workbook that the functions may read (the shared runtime), and check that:
 * - an empty actual gives "" and a real 0 gives its answer, in both styles;
 * - every question of one batch costs ONE Excel.run and ONE sync, never one per call;
 * - a call whose arguments need no question stays synchronous and reads nothing;
 * - without a way to read (no Excel API, no address, a failed read) a 0 stays 0.
 */
import { BlankCells, type EmptyCellReader, type EmptyMap, useBlankCells } from "../src/functions/blanks";
import { attainInExcel, bandInExcel, commissionInExcel, paceInExcel, scoreInExcel, statusInExcel } from "../src/functions/functions";
import { BOUNDING_READ_LIMIT, type ExcelRun, officeEmptyCellReader, parseSheetAddress } from "../src/functions/read-blanks";
import { FakeExcel } from "./fake-excel/fake-excel";
import { CustomFunctionsErrorStub, type FormulaArg, type Marshalling, excelCall, installCustomFunctionsStub } from "./helpers/custom-functions";

installCustomFunctionsStub();

/** A reader that answers from a table of empty addresses and counts its reads. */
function countingReader(emptyAddresses: string[]): EmptyCellReader & { reads: string[][] } {
  const reads: string[][] = [];
  return {
    reads,
    async emptyCells(addresses) {
      reads.push([...addresses]);
      return addresses.map((a) => [[emptyAddresses.includes(a)]]);
    },
  };
}

/** Runs what was scheduled, by hand: a test says when "the batch is over". */
function manualSchedule(): { schedule: (f: () => void) => void; run: () => void } {
  const queued: (() => void)[] = [];
  return { schedule: (f) => void queued.push(f), run: () => queued.splice(0).forEach((f) => f()) };
}

describe("BlankCells: the questions of a batch", () => {
  it("answers every question of one batch with one read", async () => {
    const reader = countingReader(["S!B2", "S!B4"]);
    const blanks = new BlankCells({ reader });
    const answers = await Promise.all(["S!B2", "S!B3", "S!B4"].map((a) => blanks.ask(a)));
    expect(answers).toEqual([[[true]], [[false]], [[true]]]);
    expect(reader.reads).toEqual([["S!B2", "S!B3", "S!B4"]]);
  });

  it("asks about an address once per batch, however many calls ask", async () => {
    const reader = countingReader([]);
    const blanks = new BlankCells({ reader });
    await Promise.all([blanks.ask("S!B2"), blanks.ask("S!B2"), blanks.ask("S!C2")]);
    expect(reader.reads).toEqual([["S!B2", "S!C2"]]);
  });

  it("reuses an answer while it is fresh and reads again after maxAgeMs", async () => {
    const reader = countingReader(["S!B2"]);
    let now = 1000;
    const tick = manualSchedule();
    const blanks = new BlankCells({ reader, now: () => now, maxAgeMs: 250, schedule: tick.schedule });
    const first = blanks.ask("S!B2");
    tick.run();
    expect(await first).toEqual([[true]]);
    now += 250;
    expect(blanks.known("S!B2")).toEqual([[true]]);
    expect(await blanks.ask("S!B2")).toEqual([[true]]);
    expect(reader.reads.length).toBe(1);
    now += 1;
    expect(blanks.known("S!B2")).toBeUndefined();
    const again = blanks.ask("S!B2");
    tick.run();
    await again;
    expect(reader.reads.length).toBe(2);
  });

  it("answers null when the read fails, and forgets what it knew", async () => {
    let fail = false;
    const reader: EmptyCellReader = {
      async emptyCells(addresses) {
        if (fail) throw new Error("InvalidOperationInCellEditMode");
        return addresses.map(() => [[true]]);
      },
    };
    const blanks = new BlankCells({ reader });
    await blanks.ask("S!B2");
    expect(blanks.known("S!B2")).toEqual([[true]]);
    fail = true;
    expect(await blanks.ask("S!C9")).toBeNull();
    expect(blanks.known("S!B2")).toBeUndefined();
  });

  it("starts afresh past maxEntries instead of growing", async () => {
    const blanks = new BlankCells({ reader: countingReader([]), maxEntries: 2 });
    await Promise.all([blanks.ask("S!A1"), blanks.ask("S!A2")]);
    await blanks.ask("S!A3");
    expect([blanks.known("S!A1"), blanks.known("S!A3")]).toEqual([undefined, [[false]]]);
  });
});

describe("reading a batch's cells through Office.js", () => {
  const run = (fake: FakeExcel): ExcelRun => ((batch) => fake.run(batch as never)) as ExcelRun;

  it("reads parameter addresses as Excel writes them, quoted sheet names included", () => {
    expect(parseSheetAddress("Costs!D8")).toEqual({ sheet: "Costs", r0: 7, c0: 3, r1: 7, c1: 3 });
    expect(parseSheetAddress("'Latest Prices'!F6:G9")).toEqual({ sheet: "Latest Prices", r0: 5, c0: 5, r1: 8, c1: 6 });
    expect(parseSheetAddress("'Bob''s Region'!F6")?.sheet).toBe("Bob's Region");
    expect(parseSheetAddress("'Q1!plan'!AA10")).toEqual({ sheet: "Q1!plan", r0: 9, c0: 26, r1: 9, c1: 26 });
    for (const notACell of ["", "B2", "[Book2]Sheet1!B2", "Sheet1!B:B", "Sheet1!1:1", "Sheet1!B2:C3:D4"]) expect(parseSheetAddress(notACell)).toBeNull();
  });

  it("tells empty cells from zeros, text and formulas on several sheets in one Excel.run and one sync", async () => {
    const fake = new FakeExcel(["Tracking", "Q1 plan"]);
    fake.seed("Tracking", { B3: 0, B4: 95, B5: "=\"\"" });
    fake.seed("Q1 plan", { A2: 0, B2: 0.015 });
    const answers = await officeEmptyCellReader(run(fake)).emptyCells(["Tracking!B2", "Tracking!B3", "Tracking!B4", "Tracking!B5", "'Q1 plan'!A2:B3", "B2"]);
    expect(answers).toEqual([[[true]], [[false]], [[false]], [[false]], [[false, false], [true, true]], null]);
    expect([fake.runOptions.length, fake.syncs]).toEqual([1, 1]);
  });

  it("reads cells far apart one by one, still in one sync", async () => {
    const fake = new FakeExcel(["S"]);
    fake.seed("S", { A1: 0 });
    const far = `S!A${Math.ceil(BOUNDING_READ_LIMIT / 2) + 2}`;
    const answers = await officeEmptyCellReader(run(fake)).emptyCells(["S!A1", "S!B1", far]);
    expect(answers).toEqual([[[false]], [[true]], [[true]]]);
    expect(fake.syncs).toBe(1);
    // Two cells' worth of response and three addresses, not a 50,000-cell block.
    expect(Math.max(...fake.responseBytes)).toBeLessThan(1000);
  });

  it("touches no workbook when no address can be read", async () => {
    const fake = new FakeExcel(["S"]);
    expect(await officeEmptyCellReader(run(fake)).emptyCells(["", "[Other.xlsx]S!A1"])).toEqual([null, null]);
    expect(fake.runOptions.length).toBe(0);
  });
});

// ---- the functions as Excel calls them ---------------------------------------------------

/**
 * The planner's workbook: a tracking sheet with an empty month (B2), a real 0 (B3) and a
 * value (B4); an empty threshold cell (E2); a rule column with an empty cell (F2); and, on a
 * sheet whose name needs quotes, a tier table and a band table with empty rows at the end,
 * and band thresholds and results in two rows with empty cells at the end.
 */
function workbook(): FakeExcel {
  const fake = new FakeExcel(["Tracking", "Q1 plan"]);
  fake.seed("Tracking", { B3: 0, B4: 95, C2: 100, C3: 100, C4: 100, F3: "每低1%扣1分", H1: 45382, H2: 45292, H3: 45657 });
  fake.seed("Q1 plan", { A2: 0, B2: 0.015, A3: 1, B3: 0.02, D2: 90, E2: 1.2, D3: 80, E3: 1, D4: 70, E4: 0.8 });
  fake.seed("Q1 plan", { G2: 90, H2: 80, I2: 70, G3: 1.2, H3: 1, I3: 0.8 });
  return fake;
}

const cell = (a: string): FormulaArg => ({ cell: a });
const range = (a: string): FormulaArg => ({ range: a });
const constant = (v: unknown): FormulaArg => ({ constant: v });

/** Excel calls a registered function: the arguments in one style, then the invocation. */
async function callAs(style: Marshalling, fake: FakeExcel, fn: (...a: never[]) => unknown, formulaArgs: FormulaArg[]): Promise<unknown> {
  const { args, invocation } = excelCall(style, (s, r, c) => fake.sheet(s).cell(r, c)?.value, formulaArgs);
  try {
    const result = await (fn as (...a: unknown[]) => unknown)(...args, invocation);
    expect(Array.isArray(result) && result.length === 1 && (result[0] as unknown[]).length === 1).toBe(true);
    return (result as unknown[][])[0][0];
  } catch (e) {
    if (e instanceof CustomFunctionsErrorStub) return e.code;
    throw e;
  }
}

/** Cases: a formula with an empty cell, and the same formula with a real 0 (B3), and what each gives. */
const CASES: { name: string; fn: (...a: never[]) => unknown; empty: FormulaArg[]; zero: FormulaArg[]; wantEmpty: unknown; wantZero: unknown }[] = [
  { name: "STATUS", fn: statusInExcel, empty: [cell("Tracking!B2"), cell("Tracking!C2"), undefined, undefined, undefined], zero: [cell("Tracking!B3"), cell("Tracking!C3"), undefined, undefined, undefined], wantEmpty: "", wantZero: "red" },
  { name: "ATTAIN", fn: attainInExcel, empty: [cell("Tracking!B2"), cell("Tracking!C2"), undefined], zero: [cell("Tracking!B3"), cell("Tracking!C3"), undefined], wantEmpty: "", wantZero: 0 },
  { name: "PACE", fn: paceInExcel, empty: [cell("Tracking!B2"), constant(1000), cell("Tracking!H1"), cell("Tracking!H2"), cell("Tracking!H3")], zero: [cell("Tracking!B3"), constant(1000), cell("Tracking!H1"), cell("Tracking!H2"), cell("Tracking!H3")], wantEmpty: "", wantZero: 0 },
  { name: "SCORE", fn: scoreInExcel, empty: [cell("Tracking!B2"), cell("Tracking!C2"), constant(40), undefined, undefined, undefined, undefined], zero: [cell("Tracking!B3"), cell("Tracking!C3"), constant(40), undefined, undefined, undefined, undefined], wantEmpty: "", wantZero: 0 },
  { name: "BAND", fn: bandInExcel, empty: [cell("Tracking!B2"), range("'Q1 plan'!D2:E6"), undefined, undefined], zero: [cell("Tracking!B3"), range("'Q1 plan'!D2:E6"), undefined, constant("none")], wantEmpty: "", wantZero: "none" },
  { name: "COMMISSION", fn: commissionInExcel, empty: [cell("Tracking!B2"), cell("Tracking!C2"), range("'Q1 plan'!A2:B5"), undefined, undefined], zero: [cell("Tracking!B3"), cell("Tracking!C3"), range("'Q1 plan'!A2:B5"), undefined, undefined], wantEmpty: "", wantZero: 0 },
];

describe.each<Marshalling>(["web", "desktop"])("the six one-cell functions, as Excel (%s) calls them", (style) => {
  let fake: FakeExcel;
  beforeEach(() => {
    fake = workbook();
    useBlankCells(new BlankCells({ reader: officeEmptyCellReader(((batch) => fake.run(batch as never)) as ExcelRun) }));
  });
  afterAll(() => useBlankCells(null));

  it.each(CASES)("$name gives \"\" for an empty actual and its answer for a real 0", async ({ fn, empty, zero, wantEmpty, wantZero }) => {
    expect(await callAs(style, fake, fn, empty)).toBe(wantEmpty);
    expect(await callAs(style, fake, fn, zero)).toBe(wantZero);
  });

  it("skips the empty rows of a tier table and of a band table", async () => {
    const tiers = range("'Q1 plan'!A2:B5");
    expect(await callAs(style, fake, commissionInExcel, [constant(1300000), constant(1000000), tiers, undefined, undefined])).toBeCloseTo(21000, 6);
    expect(await callAs(style, fake, bandInExcel, [cell("Tracking!B4"), range("'Q1 plan'!D2:E6"), undefined, undefined])).toBe(1.2);
    // Thresholds in one row, results in another, both with two empty cells at the end.
    expect(await callAs(style, fake, bandInExcel, [cell("Tracking!B4"), range("'Q1 plan'!G2:K2"), range("'Q1 plan'!G3:K3"), undefined])).toBe(1.2);
  });

  it("gives an empty optional argument its default, not 0", async () => {
    // green_at from an empty cell: the default 100 %, not "green from 0 %".
    expect(await callAs(style, fake, statusInExcel, [cell("Tracking!B4"), cell("Tracking!C4"), cell("Tracking!E2"), undefined, undefined])).toBe("yellow");
    // A rule column left empty for this KPI: points × attainment, not "'0' is not text".
    expect(await callAs(style, fake, scoreInExcel, [cell("Tracking!B4"), cell("Tracking!C4"), constant(40), cell("Tracking!F2"), undefined, undefined, undefined])).toBeCloseTo(38, 9);
    // A cap column left empty: no cap, not a cap of 0.
    expect(await callAs(style, fake, scoreInExcel, [cell("Tracking!B4"), cell("Tracking!C4"), constant(40), cell("Tracking!F3"), cell("Tracking!E2"), undefined, undefined])).toBe(35);
  });

  it("answers twelve months of one recalculation with one Excel.run and one sync", async () => {
    const months = Array.from({ length: 12 }, (_, m) => `Tracking!${String.fromCharCode(66 + m)}9`);
    fake.seed("Tracking", { B9: 0, C9: 80, D9: 120 }); // E9…M9: months with no data yet
    const calls = months.map((a) => {
      const { args, invocation } = excelCall(style, (s, r, c) => fake.sheet(s).cell(r, c)?.value, [cell(a), constant(100), undefined, undefined, undefined]);
      return (statusInExcel as (...a: unknown[]) => unknown)(...args, invocation);
    });
    const lights = (await Promise.all(calls)).map((r) => (r as string[][])[0][0]);
    expect(lights).toEqual(["red", "red", "green", "", "", "", "", "", "", "", "", ""]);
    // On the web no empty cell arrives as 0; only the real 0 (B9) asks. Either way: one read.
    expect([fake.runOptions.length, fake.syncs]).toEqual([1, 1]);
  });

  it("answers a non-zero actual at once, without reading", () => {
    const { args, invocation } = excelCall(style, (s, r, c) => fake.sheet(s).cell(r, c)?.value, [cell("Tracking!B4"), cell("Tracking!C4"), undefined, undefined, undefined]);
    expect((statusInExcel as (...a: unknown[]) => unknown)(...args, invocation)).toEqual([["yellow"]]);
    expect(fake.runOptions.length).toBe(0);
  });

  it("takes a 0 typed into the formula as 0, without reading", () => {
    const { args, invocation } = excelCall(style, () => undefined, [constant(0), constant(100), undefined, undefined, undefined]);
    expect((statusInExcel as (...a: unknown[]) => unknown)(...args, invocation)).toEqual([["red"]]);
    expect(fake.runOptions.length).toBe(0);
  });
});

describe("where the cells cannot be read, a 0 stays 0 (what desktop Excel passes)", () => {
  const desktopEmpty = (): { args: unknown[]; invocation: unknown } => excelCall("desktop", () => undefined, [cell("Tracking!B2"), constant(100), undefined, undefined, undefined]);
  afterEach(() => useBlankCells(null));

  it("without the Excel API (a functions-only runtime)", () => {
    useBlankCells(null);
    const { args, invocation } = desktopEmpty();
    expect((statusInExcel as (...a: unknown[]) => unknown)(...args, invocation)).toEqual([["red"]]);
  });

  it("without parameter addresses", () => {
    const reader = countingReader(["Tracking!B2"]);
    useBlankCells(new BlankCells({ reader }));
    const { args } = desktopEmpty();
    expect((statusInExcel as (...a: unknown[]) => unknown)(...args, { functionName: "STATUS" })).toEqual([["red"]]);
    expect(reader.reads).toEqual([]);
  });

  it("during a formula value preview", () => {
    const reader = countingReader(["Tracking!B2"]);
    useBlankCells(new BlankCells({ reader }));
    const { args, invocation } = desktopEmpty();
    expect((statusInExcel as (...a: unknown[]) => unknown)(...args, { ...(invocation as object), isInValuePreview: true })).toEqual([["red"]]);
    expect(reader.reads).toEqual([]);
  });

  it("when the read fails", async () => {
    const fake = workbook();
    fake.failures = [{ sync: 1, code: "InvalidOperationInCellEditMode" }];
    useBlankCells(new BlankCells({ reader: officeEmptyCellReader(((batch) => fake.run(batch as never)) as ExcelRun) }));
    const { args, invocation } = desktopEmpty();
    expect(await (statusInExcel as (...a: unknown[]) => unknown)(...args, invocation)).toEqual([["red"]]);
  });

  it("when the answer does not fit the range Excel passed", async () => {
    const wrong: EmptyMap = [[true]];
    useBlankCells(new BlankCells({ reader: { emptyCells: async (a) => a.map(() => wrong) } }));
    const { args, invocation } = excelCall("desktop", () => undefined, [constant(1), constant(1), range("Q!A1:B2"), undefined, undefined]);
    expect(await callRaw(commissionInExcel, args, invocation)).toBe("#VALUE!"); // rows of (0, 0): threshold 0 twice
  });
});

async function callRaw(fn: (...a: never[]) => unknown, args: unknown[], invocation: unknown): Promise<unknown> {
  try {
    return ((await (fn as (...a: unknown[]) => unknown)(...args, invocation)) as unknown[][])[0][0];
  } catch (e) {
    if (e instanceof CustomFunctionsErrorStub) return e.code;
    throw e;
  }
}
