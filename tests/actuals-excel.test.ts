/**
 * Actuals written into a live workbook through Office.js (`WorkbookPort.writeCells`, the
 * port's `readFormulas`), against the fake Excel of tests/fake-excel: only the cells asked
 * for change (the targets between them, the formulas, the formats stay), a formula, a cell
 * typed since the preview, a filled cell without "overwrite" or a locked cell of a protected
 * sheet refuse the whole write before anything is sent, a failed or cancelled write puts
 * every cell back, and a 5,000 × 12 import goes in a few requests of at most 4 MB as the real
 * Office.js library builds them.
 */
import { createOfficeWorkbook } from "../src/excel/office-workbook";
import type { CellWrite, WorkbookPort } from "../src/excel/port";
import { writeCells } from "../src/excel/write-cells";
import { type ExcelRunner, writeSheetSpec } from "../src/excel/write";
import { FakeExcel, FakeSettings } from "./fake-excel/fake-excel";
import { trackingWorkbook } from "./fake-excel/sample-specs";

const all = (set: string, version: string) => set === "ExcelApi" && Number(version.split(".")[1]) <= 20;

function portOn(fake: FakeExcel): WorkbookPort {
  return createOfficeWorkbook({ run: fake.run as unknown as ExcelRunner, supports: all, sleep: async () => undefined, settings: new FakeSettings() });
}

/** A sheet with a target (G), an actual (H), a formula (I) in rows 6–8. */
function small(): FakeExcel {
  const fake = new FakeExcel(["Tracking"]);
  fake.seed("Tracking", { G6: 100, H6: 90, G7: 120, G8: 80, H8: 70, I6: "=H6/G6", I7: "=H7/G7", H9: "=SUM(H6:H8)" });
  return fake;
}

describe("writeCells: only the cells asked for", () => {
  it("writes numbers into blank and (with overwrite) filled cells, in one look and one write", async () => {
    const fake = small();
    const port = portOn(fake);
    const before = fake.syncs;
    const result = await port.writeCells!("Tracking", [
      { address: "H7", value: 130, was: "" },
      { address: "H8", value: 75, was: 70 },
    ], { overwrite: true });
    expect(fake.contents("Tracking")).toEqual({ G6: 100, H6: 90, G7: 120, H7: 130, G8: 80, H8: 75, I6: "=H6/G6", I7: "=H7/G7", H9: "=SUM(H6:H8)" });
    // One request looks at the sheet and its cells, one writes.
    expect(result.syncs).toBe(fake.syncs - before);
    expect(result.syncs).toBe(2);
    expect(fake.calculation[fake.calculation.length - 1]).toEqual({ wroteCells: true, suspended: true });
  });

  it("leaves the cells between two written ones as they are (null in the array)", async () => {
    const fake = small();
    fake.seed("Tracking", { H20: "a note", H21: "=1+1" });
    await portOn(fake).writeCells!("Tracking", [
      { address: "H7", value: 1, was: "" },
      { address: "H22", value: 2, was: "" },
    ]);
    const c = fake.contents("Tracking");
    expect([c.H7, c.H20, c.H21, c.H22, c.H6, c.H8]).toEqual([1, "a note", "=1+1", 2, 90, 70]);
  });

  it("refuses a cell that holds a formula now, writing nothing", async () => {
    const fake = small();
    const before = fake.contents("Tracking");
    await expect(portOn(fake).writeCells!("Tracking", [{ address: "H7", value: 1, was: "" }, { address: "H9", value: 5, was: "" }], { overwrite: true })).rejects.toMatchObject({ key: "cellHoldsFormula" });
    expect(fake.contents("Tracking")).toEqual(before);
  });

  it("refuses a cell typed since the preview, and says what it holds now", async () => {
    const fake = small();
    const before = fake.contents("Tracking");
    const e = await portOn(fake).writeCells!("Tracking", [{ address: "H7", value: 1, was: "" }, { address: "H6", value: 5, was: 80 }], { overwrite: true }).catch((x: unknown) => x);
    expect(e).toMatchObject({ key: "cellChanged" });
    expect((e as { messageIn(l: string): string }).messageIn("en")).toContain("Tracking!H6");
    expect((e as { messageIn(l: string): string }).messageIn("zh")).toContain("现为 90");
    expect(fake.contents("Tracking")).toEqual(before);
  });

  it("refuses a filled cell without overwrite", async () => {
    const fake = small();
    const before = fake.contents("Tracking");
    await expect(portOn(fake).writeCells!("Tracking", [{ address: "H7", value: 1, was: "" }, { address: "H8", value: 75, was: 70 }])).rejects.toMatchObject({ key: "cellFilled" });
    expect(fake.contents("Tracking")).toEqual(before);
  });

  it("refuses a missing sheet", async () => {
    await expect(portOn(small()).writeCells!("Nope", [{ address: "H7", value: 1, was: "" }])).rejects.toMatchObject({ key: "sheetMissing" });
  });

  it("writes into the unlocked cells of a protected sheet, and refuses locked ones", async () => {
    const spec = trackingWorkbook(20, { protect: true });
    const fake = new FakeExcel(["Sheet1"]);
    await writeSheetSpec(spec, { run: fake.run as unknown as ExcelRunner, supports: fake.supports });
    const sheet = spec.sheets[0].name;
    expect(fake.sheet(sheet).protected).toBe(true);
    const port = portOn(fake);
    // June's actual of the first rep (R6) is blank and unlocked; June's target (Q6) is locked.
    await port.writeCells!(sheet, [{ address: "R6", value: 95_000, was: "" }]);
    expect(fake.cell(sheet, "R6").value).toBe(95_000);
    await expect(port.writeCells!(sheet, [{ address: "R7", value: 1, was: "" }, { address: "Q6", value: 1, was: fake.cell(sheet, "Q6").value ?? "" }], { overwrite: true })).rejects.toMatchObject({ key: "cellLocked" });
    expect(fake.cell(sheet, "R7").value).toBeUndefined();
  });
});

describe("writeCells: nothing half-done", () => {
  it("puts every cell back when a write request fails half-way", async () => {
    const fake = small();
    const before = fake.contents("Tracking");
    // Syncs: 1 look, 2 write (fails after its first actions).
    fake.failures = [{ sync: fake.syncs + 2, afterActions: 3 }];
    const cells: CellWrite[] = [
      { address: "H7", value: 1, was: "" },
      { address: "J6", value: 2, was: "" },
      { address: "L6", value: 3, was: "" },
      { address: "H8", value: 4, was: 70 },
    ];
    await expect(portOn(fake).writeCells!("Tracking", cells, { overwrite: true })).rejects.toThrow(/Injected failure/);
    expect(fake.contents("Tracking")).toEqual(before);
  });

  it("puts every cell back when cancelled between requests", async () => {
    const fake = small();
    const before = fake.contents("Tracking");
    const abort = new AbortController();
    // A tiny request budget: one run per request; cancel after the first write lands.
    const cells: CellWrite[] = ["H7", "J7", "L7", "N7"].map((address, i) => ({ address, value: i + 1, was: "" }));
    let seen = 0;
    const e = await writeCells("Tracking", cells, {
      run: fake.run as unknown as ExcelRunner,
      supports: all,
      requestBudget: 1400,
      signal: abort.signal,
      onProgress: (done) => {
        seen = done;
        if (done > 0) abort.abort();
      },
    }).catch((x: unknown) => x);
    expect(e).toMatchObject({ key: "cancelled", name: "AbortError" });
    expect(seen).toBeGreaterThan(0);
    expect(fake.contents("Tracking")).toEqual(before);
  });

  it("tries again when Excel is in cell-edit mode, and writes once", async () => {
    const fake = small();
    fake.cellEditSyncs = 1;
    fake.honoursDelayForCellEdit = false;
    await portOn(fake).writeCells!("Tracking", [{ address: "H7", value: 7, was: "" }]);
    expect(fake.cell("Tracking", "H7").value).toBe(7);
  });
});

describe("readFormulas", () => {
  it("gives formulas with their = and constants as they are, blanks as empty text", async () => {
    const fake = small();
    await expect(portOn(fake).readFormulas!("Tracking", "G6:I7")).resolves.toEqual([
      [100, 90, "=H6/G6"],
      [120, "", "=H7/G7"],
    ]);
  });
});

describe("a 5,000 × 12 import into the fake Excel", () => {
  it("goes in a few requests, none over 4 MB as Office.js builds them", async () => {
    const spec = trackingWorkbook(5000);
    const fake = new FakeExcel(["Sheet1"]);
    await writeSheetSpec(spec, { run: fake.run as unknown as ExcelRunner, supports: fake.supports });
    const sheet = spec.sheets[0].name;
    // June to December's actuals (R, T … AD; blank in the sample) for every rep: 35,000 cells.
    const actualCells: CellWrite[] = [];
    for (let i = 0; i < 5000; i++) for (let m = 5; m < 12; m++) actualCells.push({ address: `${["R", "T", "V", "X", "Z", "AB", "AD"][m - 5]}${6 + i}`, value: 1000 + i + m, was: "" });
    const before = fake.syncs;
    const bytesBefore = fake.requestBytes.length;
    const result = await portOn(fake).writeCells!(sheet, actualCells);
    expect(fake.cell(sheet, "R6").value).toBe(1005);
    expect(fake.cell(sheet, "AD5005").value).toBe(1000 + 4999 + 11);
    // The targets beside them are as they were (June's target, Q6, the builder's number).
    const june = spec.sheets[0].rows[5][16];
    expect(june && "v" in june ? fake.cell(sheet, "Q6").value : "formula").toBe(june && "v" in june ? june.v : "formula");
    expect(result.syncs).toBe(fake.syncs - before);
    expect(result.syncs).toBeLessThanOrEqual(4);
    const largest = Math.max(...fake.requestBytes.slice(bytesBefore));
    expect(largest).toBeLessThanOrEqual(4 * 1024 * 1024);
    // The writer's own measure is not below what Office.js sends.
    expect(result.largestRequest).toBeGreaterThanOrEqual(largest * 0.8);
  });
});
