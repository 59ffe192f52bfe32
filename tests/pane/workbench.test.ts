/** The workbench outside Excel: a pasted table or an opened .xlsx, given back as a file with what was written. */
import * as fs from "node:fs";
import * as path from "node:path";
import JSZip from "jszip";
import { loadXlsx, readXlsxNames, readXlsxPlan } from "../../src/xlsx/read";
import { writeXlsx } from "../../src/xlsx/write";
import { XlsxError } from "../../src/xlsx/errors";
import { MAX_REWRITE_CELLS, Workbench } from "../../src/taskpane/workbench/workbench";
import { memorySettings } from "../../src/taskpane/workbench/memory";
import { numberColumnsOf } from "../../src/taskpane/components/WorkbenchTable";
import * as xlsxServices from "../../src/taskpane/services/xlsx";
import { PLAN_SHEET, type WorkbookSpec } from "../../src/sheets/spec";
import { cornerXlsx, fastZip, packageParts, rowsXlsx } from "./big-inputs";
import { salesTable, withChart, withChartDefaultNamespace, withCommentsAbsolute, withParts } from "./other-tools";

const FIXTURE = path.resolve(__dirname, "../fixtures/libreoffice-chart-note.xlsx");

const besideSpec: WorkbookSpec = {
  sheets: [{ name: "Sheet1", kind: "split", existing: true, origin: "D1", rows: [[{ v: "Q1" }], [{ f: "B2/4", expect: 300 }]] }],
  names: [{ name: "Check_Q", sheet: "Sheet1", ref: "D2" }],
};

const splitSheet: WorkbookSpec = { sheets: [{ name: "Split", kind: "split", rows: [[{ v: "Q1" }], [{ v: 200 }]] }], names: [] };

const bench = () => new Workbench({ settings: memorySettings() });

/** The part names of a zip, folders left out. */
async function partsOf(bytes: Uint8Array): Promise<string[]> {
  return Object.values((await JSZip.loadAsync(bytes)).files)
    .filter((f) => !f.dir)
    .map((f) => f.name);
}

describe("the workbench", () => {
  it("gives a pasted table back as an .xlsx with what was written beside it", async () => {
    const wb = bench();
    await wb.pasteTable("Rep\tAnnual\r\nZhang\t1,200\r\n");
    await wb.write(besideSpec);
    const file = await wb.download();
    expect(file.fileName).toBe("target-plan.xlsx");
    const ws = (await loadXlsx(file.bytes)).getWorksheet("Sheet1")!;
    expect(ws.getCell("A2").value).toBe("Zhang");
    expect(ws.getCell("B2").value).toBe(1200);
    expect(ws.getCell("D2").formula).toBe("B2/4");
    await expect(readXlsxNames(file.bytes)).resolves.toEqual([{ name: "Check_Q", sheet: "Sheet1", ref: "D2" }]);
  });

  it("opens an .xlsx (its sheets, names and plan) and gives it back under a new name with the new sheet", async () => {
    const original = await writeXlsx({
      sheets: [{ name: "Sales", kind: "notes", rows: [[{ v: "Rep" }, { v: "Annual" }], [{ v: "Li" }, { v: 800 }]] }],
      names: [{ name: "Check_Old", sheet: "Sales", ref: "B2" }],
      plan: { title: "kept" },
    });
    const wb = bench();
    await wb.openFile(original, "sales 2025.xlsx");
    expect(wb.visibleSheets()).toEqual(["Sales"]);
    expect(wb.notes).toEqual([]);
    await expect(wb.readStoredPlan()).resolves.toEqual({ title: "kept" });
    await expect(wb.readChecks()).resolves.toEqual([{ name: "Check_Old", sheet: "Sales", address: "B2", value: 800, ok: false }]);
    await wb.write({ sheets: [{ name: "Split", kind: "split", rows: [[{ v: 1 }]] }], names: [] });
    const file = await wb.download();
    // Never the original's own name: saving the download must not replace the original by mistake.
    expect(file.fileName).toBe("sales 2025 (Target Planner).xlsx");
    expect(wb.downloadName).toBe(file.fileName);
    const book = await loadXlsx(file.bytes);
    expect(book.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(["Sales", "Split"]));
    expect(book.getWorksheet("Sales")!.getCell("B2").value).toBe(800);
    await expect(readXlsxPlan(file.bytes)).resolves.toEqual({ title: "kept" });
  });

  it("remembers choices per workbook", async () => {
    const settings = memorySettings();
    const wb = new Workbench({ settings });
    await wb.pasteTable("a\t1\n");
    await wb.setSetting("k", 1);
    await wb.openFile(await writeXlsx({ sheets: [{ name: "S", kind: "notes", rows: [[{ v: 1 }]] }], names: [] }), "b.xlsx");
    await expect(wb.getSetting("k")).resolves.toBeUndefined();
  });
});

describe("a paste wider than the sheet", () => {
  it("cuts the fields past XFD, says so, makes no phantom row, and downloads", async () => {
    const wide = ["Wide", ...Array.from({ length: 16_382 }, () => ""), "last", "Ghost 999", "88"].join("\t");
    const wb = bench();
    await wb.pasteTable(`Rep\tAnnual\r\nLi\t800\r\n${wide}\r\n`);
    // The reps are the pasted ones, in their rows: "Ghost 999" (column XFE) does not start a row of its own.
    await expect(wb.readRange("Sheet1", "A1:B4")).resolves.toEqual([
      ["Rep", "Annual"],
      ["Li", 800],
      ["Wide", ""],
      ["", ""],
    ]);
    const cells = [...wb.cellsOf("Sheet1")];
    expect(cells.some(([, , v]) => v === "Ghost 999" || v === 88)).toBe(false);
    expect(cells).toContainEqual([2, 16_383, "last"]);
    expect(wb.source).toEqual({ kind: "pasted", rows: 3, columns: 16_384 });
    expect(wb.notes).toEqual([{ kind: "columnsCut", rows: 1, widest: 16_386 }]);
    const file = await wb.download();
    const ws = (await loadXlsx(file.bytes)).getWorksheet("Sheet1")!;
    expect(ws.getCell("XFD3").value).toBe("last");
    expect(ws.getCell("A2").value).toBe("Li");
    expect(ws.getCell("A4").value).toBe(null);
  });
});

describe("an opened file the download cannot give back whole", () => {
  it("opens files with a chart or comments ExcelJS fails on, lists them, and gives the rest back without them", async () => {
    for (const [make, kind] of [
      [withChartDefaultNamespace, "charts"],
      [withCommentsAbsolute, "comments"],
    ] as const) {
      const wb = bench();
      await wb.openFile(await make(await salesTable()), "team.xlsx");
      expect(wb.notes).toEqual([{ kind: "unkept", items: [{ kind, count: 1 }], downloadName: "team (Target Planner).xlsx" }]);
      await wb.write(splitSheet);
      const file = await wb.download();
      expect(file.fileName).toBe("team (Target Planner).xlsx");
      const book = await loadXlsx(file.bytes);
      expect(book.getWorksheet("Sales")!.getCell("B3").value).toBe(1200);
      expect(book.getWorksheet("Split")!.getCell("A2").value).toBe(200);
    }
  });

  it("lists exactly what the download leaves out: the LibreOffice chart and note, a pivot table, a macro", async () => {
    const libreOffice = new Uint8Array(fs.readFileSync(FIXTURE));
    const more = await withParts(await JSZip.loadAsync(libreOffice), {
      "xl/pivotTables/pivotTable1.xml": "<pivotTableDefinition/>",
      "xl/vbaProject.bin": "vba",
    });
    const wb = bench();
    await wb.openFile(more, "team.xlsx");
    const note = wb.notes.find((n) => n.kind === "unkept");
    expect(note).toEqual({
      kind: "unkept",
      items: [
        { kind: "charts", count: 1 },
        { kind: "pivotTables", count: 1 },
        { kind: "comments", count: 1 },
        { kind: "macros", count: 1 },
      ],
      downloadName: "team (Target Planner).xlsx",
    });
    await wb.write(splitSheet);
    const parts = await partsOf((await wb.download()).bytes);
    // Each kind listed is indeed gone, and nothing else of the original is.
    expect(parts.filter((p) => /chart|pivot|comment|vba|drawing/i.test(p))).toEqual([]);
  });

  it("keeps tables and says nothing of them (ExcelJS carries them over)", async () => {
    const withTable = await writeXlsx({
      sheets: [{ name: "Sales", kind: "notes", rows: [[{ v: "Rep" }, { v: "Annual" }], [{ v: "Li" }, { v: 800 }]], tables: [{ name: "Reps", range: "A1:B2" }] }],
      names: [],
    });
    const wb = bench();
    await wb.openFile(withTable, "t.xlsx");
    expect(wb.notes).toEqual([]);
    await wb.write(splitSheet);
    expect((await partsOf((await wb.download()).bytes)).some((p) => /^xl\/tables\//.test(p))).toBe((await partsOf(withTable)).some((p) => /^xl\/tables\//.test(p)));
  });

  it("refuses to give back a file read only in part, or too large to rewrite, rather than a smaller one", async () => {
    const small = new Workbench({ settings: memorySettings(), maxCells: 50 });
    await small.openFile(rowsXlsx(30), "big.xlsx");
    expect(small.notes).toEqual([{ kind: "partlyRead", sheet: "Sales", row: 6, max: 50 }]);
    await expect(small.download()).rejects.toMatchObject({ name: "WorkbenchError", key: "partlyRead" });
    const wb = new Workbench({ settings: memorySettings(), maxRewriteCells: 100 });
    await wb.openFile(rowsXlsx(30), "big.xlsx");
    // Nothing added yet: the download is the file's own bytes, whole.
    expect((await wb.download()).bytes).toEqual(rowsXlsx(30));
    await wb.write(splitSheet);
    await expect(wb.download()).rejects.toMatchObject({ name: "WorkbenchError", key: "tooLargeToRewrite", params: { cells: 279, max: 100 } });
    expect(MAX_REWRITE_CELLS).toBeGreaterThanOrEqual(100_000);
  });

  it("refuses to give back a file whose rewrite lost cells, rather than hand back less", async () => {
    // A rewrite that drops a cell of the user's sheet (the writer is wrapped to lose B1).
    const real = await xlsxServices.loadXlsxWriter();
    const losing = jest.spyOn(xlsxServices, "loadXlsxWriter").mockResolvedValue({
      ...real,
      async addToXlsx(existing, spec) {
        const zip = await JSZip.loadAsync(await real.addToXlsx(existing, spec));
        const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
        zip.file("xl/worksheets/sheet1.xml", sheet.replace(/<c r="B1"[^>]*>.*?<\/c>/, ""));
        return zip.generateAsync({ type: "uint8array" });
      },
    });
    try {
      const wb = bench();
      await wb.openFile(await writeXlsx({ sheets: [{ name: "Sales", kind: "notes", rows: [[{ v: 1 }, { v: 2 }]] }], names: [] }), "s.xlsx");
      await wb.write(splitSheet);
      await expect(wb.download()).rejects.toMatchObject({ name: "WorkbenchError", key: "notCarriedOver", params: { sheet: "Sales", kept: 1, had: 2 } });
    } finally {
      losing.mockRestore();
    }
  });
});

describe("a download that fails inside the writer", () => {
  it("says what to do instead of try again", async () => {
    const real = await xlsxServices.loadXlsxWriter();
    const broken = jest.spyOn(xlsxServices, "loadXlsxWriter").mockResolvedValue({
      ...real,
      addToXlsx: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'anchors')");
      },
    });
    try {
      const wb = bench();
      await wb.pasteTable("Rep\tAnnual\nLi\t800\n");
      await wb.write(splitSheet);
      const error = await wb.download().catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "WorkbenchError", key: "downloadFailed", params: { file: "target-plan.xlsx" } });
      expect((error as { messageIn(l: "en" | "zh"): string }).messageIn("en")).toMatch(/trying again would fail the same way: open the workbook in Excel/);
    } finally {
      broken.mockRestore();
    }
  });
});

describe("what an opened file is", () => {
  it("refuses a zip holding only hello.txt as no workbook, keeping what was open", async () => {
    const zip = new JSZip();
    zip.file("hello.txt", "hello");
    const wb = bench();
    await wb.pasteTable("Rep\tAnnual\nLi\t800\n");
    await expect(wb.openFile(await zip.generateAsync({ type: "uint8array" }), "hello.xlsx")).rejects.toMatchObject({ name: "XlsxError", key: "xlsxNoWorkbook" });
    expect(wb.source).toEqual({ kind: "pasted", rows: 2, columns: 2 });
  });

  it("tells a damaged stored plan apart from none, saying what still works", async () => {
    const parts = packageParts(
      [
        { name: "Sales", sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>' },
        { name: PLAN_SHEET, state: "veryHidden", sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>TargetPlanner plan v1</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>{"title": "cut sho</t></is></c></row>' },
      ],
      [],
    );
    const wb = bench();
    await wb.openFile(fastZip(parts), "plan.xlsx");
    expect(wb.notes).toEqual([{ kind: "planDamaged" }]);
    const error = await wb.readStoredPlan().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "WriterError", key: "storedPlanUnreadable" });
    expect((error as { messageIn(l: "en" | "zh"): string }).messageIn("en")).toMatch(/made by Target Planner.*damaged.*still work/);
    expect((error as { messageIn(l: "en" | "zh"): string }).messageIn("zh")).toMatch(/目标规划.*损坏.*仍然有效/);
    const none = bench();
    await none.openFile(await writeXlsx({ sheets: [{ name: "S", kind: "notes", rows: [[{ v: 1 }]] }], names: [] }), "none.xlsx");
    await expect(none.readStoredPlan()).resolves.toBeUndefined();
    expect(none.notes).toEqual([]);
  });

  it("holds one cell for a value at XFD1048576, and finds its column without building the sheet", async () => {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const wb = bench();
    await wb.openFile(cornerXlsx(), "corner.xlsx");
    const cells = [...wb.cellsOf("Sheet1")];
    expect(cells).toEqual([[1_048_575, 16_383, 1]]);
    expect(numberColumnsOf("Sheet1", wb.cellsOf("Sheet1"))).toEqual([{ sheet: "Sheet1", col: 16_383, header: "", top: 1_048_575, bottom: 1_048_575 }]);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });

  it("keeps the workbook as it was when an open is cancelled, and reports progress", async () => {
    const wb = bench();
    await wb.pasteTable("Rep\tAnnual\nLi\t800\n");
    const abort = new AbortController();
    const seen: number[] = [];
    const opening = wb.openFile(rowsXlsx(2000), "rows.xlsx", {
      signal: abort.signal,
      onProgress: (done) => {
        seen.push(done);
        abort.abort();
      },
    });
    await expect(opening).rejects.toMatchObject({ name: "AbortError" });
    expect(seen.length).toBeGreaterThan(0);
    expect(wb.source).toEqual({ kind: "pasted", rows: 2, columns: 2 });
    await expect(wb.readRange("Sheet1", "B2")).resolves.toEqual([[800]]);
  });

  it("lets a newer open win over an older one still reading", async () => {
    const wb = bench();
    const first = wb.openFile(rowsXlsx(3000), "old.xlsx");
    await wb.pasteTable("Rep\tAnnual\nLi\t800\n");
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
    expect(wb.source.kind).toBe("pasted");
  });

  it("refuses non-workbooks with the reader's message", async () => {
    await expect(bench().openFile(new TextEncoder().encode("Rep,Annual"), "x.xlsx")).rejects.toBeInstanceOf(XlsxError);
    await expect(bench().openFile(await withChart(await salesTable()), "fine.xlsx")).resolves.toBeUndefined();
  });
});
