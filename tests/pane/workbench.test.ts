/** The workbench outside Excel: a pasted table or an opened .xlsx, given back as a file with what was written. */
import { loadXlsx, readXlsxNames, readXlsxPlan } from "../../src/xlsx/read";
import { writeXlsx } from "../../src/xlsx/write";
import { Workbench } from "../../src/taskpane/workbench/workbench";
import { memorySettings } from "../../src/taskpane/workbench/memory";
import type { WorkbookSpec } from "../../src/sheets/spec";

const besideSpec: WorkbookSpec = {
  sheets: [{ name: "Sheet1", kind: "split", existing: true, origin: "D1", rows: [[{ v: "Q1" }], [{ f: "B2/4", expect: 300 }]] }],
  names: [{ name: "Check_Q", sheet: "Sheet1", ref: "D2" }],
};

describe("the workbench", () => {
  it("gives a pasted table back as an .xlsx with what was written beside it", async () => {
    const bench = new Workbench({ settings: memorySettings() });
    bench.pasteTable("Rep\tAnnual\r\nZhang\t1,200\r\n");
    await bench.write(besideSpec);
    const file = await bench.download();
    expect(file.fileName).toBe("target-plan.xlsx");
    const ws = (await loadXlsx(file.bytes)).getWorksheet("Sheet1")!;
    expect(ws.getCell("A2").value).toBe("Zhang");
    expect(ws.getCell("B2").value).toBe(1200);
    expect(ws.getCell("D2").formula).toBe("B2/4");
    await expect(readXlsxNames(file.bytes)).resolves.toEqual([{ name: "Check_Q", sheet: "Sheet1", ref: "D2" }]);
  });

  it("opens an .xlsx (its sheets, names and plan) and gives it back under its own name with the new sheet", async () => {
    const original = await writeXlsx({
      sheets: [{ name: "Sales", kind: "notes", rows: [[{ v: "Rep" }, { v: "Annual" }], [{ v: "Li" }, { v: 800 }]] }],
      names: [{ name: "Check_Old", sheet: "Sales", ref: "B2" }],
      plan: { title: "kept" },
    });
    const bench = new Workbench({ settings: memorySettings() });
    await bench.openFile(original, "sales 2025.xlsx");
    expect(bench.visibleSheets()).toEqual(["Sales"]);
    await expect(bench.readStoredPlan()).resolves.toEqual({ title: "kept" });
    await expect(bench.readChecks()).resolves.toEqual([{ name: "Check_Old", sheet: "Sales", address: "B2", value: 800, ok: false }]);
    await bench.write({ sheets: [{ name: "Split", kind: "split", rows: [[{ v: 1 }]] }], names: [] });
    const file = await bench.download();
    expect(file.fileName).toBe("sales 2025.xlsx");
    const wb = await loadXlsx(file.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(["Sales", "Split"]));
    expect(wb.getWorksheet("Sales")!.getCell("B2").value).toBe(800);
    await expect(readXlsxPlan(file.bytes)).resolves.toEqual({ title: "kept" });
  });

  it("remembers choices per workbook", async () => {
    const settings = memorySettings();
    const bench = new Workbench({ settings });
    bench.pasteTable("a\t1\n");
    await bench.setSetting("k", 1);
    await bench.openFile(await writeXlsx({ sheets: [{ name: "S", kind: "notes", rows: [[{ v: 1 }]] }], names: [] }), "b.xlsx");
    await expect(bench.getSetting("k")).resolves.toBeUndefined();
  });
});
