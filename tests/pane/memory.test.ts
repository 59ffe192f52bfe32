/** The in-memory workbook behind the workbench and the component tests keeps the WorkbookPort's contract. */
import type { WorkbookSpec } from "../../src/sheets/spec";
import { MAX_READ_CELLS, MemoryWorkbook, OccupiedError } from "../../src/taskpane/workbench/memory";
import { PLAN_SHEET } from "../../src/sheets/spec";
import { FakePort } from "./fake-port";

function besideSpec(origin = "C1"): WorkbookSpec {
  return {
    sheets: [
      {
        name: "Sheet1",
        kind: "split",
        existing: true,
        origin,
        rows: [
          [{ v: "Q1" }, { v: "Q2" }],
          [{ v: 5 }, { f: "SUM(C2)", expect: 5 }],
        ],
      },
    ],
    names: [{ name: "Check_Split", sheet: "Sheet1", ref: "D2" }],
    plan: { kind: "test" },
  };
}

function book(): MemoryWorkbook {
  const wb = new MemoryWorkbook();
  wb.addSheet("Sheet1", [
    ["Rep", "Annual"],
    ["Zhang", 10],
  ]);
  return wb;
}

describe("MemoryWorkbook", () => {
  it("reads the selection with the column to its left and the header above", async () => {
    const wb = book();
    wb.select("Sheet1", "B2");
    await expect(wb.readSelection()).resolves.toEqual({
      sheet: "Sheet1",
      address: "B2",
      values: [[10]],
      leftColumn: ["Zhang"],
      headerAbove: ["Annual"],
    });
  });

  it("writes beside the data, stores the plan in a hidden TargetPlanner sheet and names the checks", async () => {
    const wb = book();
    const result = await wb.write(besideSpec());
    expect(result.sheets).toEqual(["Sheet1"]);
    await expect(wb.readRange("Sheet1", "A1:D2")).resolves.toEqual([
      ["Rep", "Annual", "Q1", "Q2"],
      ["Zhang", 10, 5, 5],
    ]);
    expect(wb.formulaAt("Sheet1", "D2")).toBe("SUM(C2)");
    await expect(wb.readStoredPlan()).resolves.toEqual({ kind: "test" });
    expect(wb.isHidden("TargetPlanner")).toBe(true);
    await expect(wb.readChecks()).resolves.toEqual([{ name: "Check_Split", sheet: "Sheet1", address: "D2", value: 5, ok: false }]);
  });

  it("refuses, writing nothing, when a target cell is not empty, naming the cells", async () => {
    const wb = book();
    const spec = besideSpec("B1");
    await expect(wb.findOccupied(spec)).resolves.toEqual([{ sheet: "Sheet1", cells: ["B1", "B2"] }]);
    await expect(wb.write(spec)).rejects.toBeInstanceOf(OccupiedError);
    await expect(wb.readRange("Sheet1", "B1:C2")).resolves.toEqual([
      ["Annual", ""],
      [10, ""],
    ]);
    await expect(wb.readStoredPlan()).resolves.toBeUndefined();
  });

  it("refuses a new sheet whose name is taken, whatever its case", async () => {
    const wb = book();
    const spec: WorkbookSpec = { sheets: [{ name: "SHEET1", kind: "split", rows: [[{ v: 1 }]] }], names: [] };
    await expect(wb.findOccupied(spec)).resolves.toEqual([{ sheet: "SHEET1", cells: [] }]);
    await expect(wb.write(spec)).rejects.toBeInstanceOf(OccupiedError);
  });

  it("reports progress chunk by chunk and removes what it wrote when cancelled", async () => {
    const wb = new MemoryWorkbook({ chunkCells: 2 });
    const abort = new AbortController();
    const seen: [number, number][] = [];
    const spec: WorkbookSpec = {
      sheets: [{ name: "Big", kind: "split", rows: [[{ v: 1 }, { v: 2 }, { v: 3 }, { v: 4 }, { v: 5 }]] }],
      names: [],
    };
    const writing = wb.write(spec, {
      signal: abort.signal,
      onProgress: (done, total) => {
        seen.push([done, total]);
        if (done >= 4) abort.abort();
      },
    });
    await expect(writing).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toEqual([
      [2, 5],
      [4, 5],
    ]);
    await expect(wb.sheetNames()).resolves.toEqual([]);
  });

  it("removes what a failed write wrote into an existing sheet", async () => {
    const port = new FakePort({ chunkCells: 1 });
    port.addSheet("Sheet1", [["Rep", "Annual"], ["Zhang", 10]]);
    port.failNextWrite(new Error("lost the connection"));
    await expect(port.write(besideSpec())).rejects.toThrow("lost the connection");
    await expect(port.readRange("Sheet1", "C1:D2")).resolves.toEqual([
      ["", ""],
      ["", ""],
    ]);
    await expect(port.readChecks()).resolves.toEqual([]);
  });

  it("goes to a cell by selecting it", async () => {
    const wb = book();
    await wb.goTo("Sheet1", "B2");
    expect(wb.selected()).toEqual({ sheet: "Sheet1", address: "B2" });
  });

  it("refuses a row wider than the sheet instead of folding it onto the next row", () => {
    const wb = new MemoryWorkbook();
    const row = [...Array.from({ length: 16_384 }, (_, i) => (i === 0 ? "Rep" : "")), "Ghost 999"];
    expect(() => wb.addSheet("S", [row, ["Li", 800]])).toThrow(RangeError);
    const ok = new MemoryWorkbook();
    ok.addSheet("S", [row.slice(0, 16_384), ["Li", 800]]);
    expect(ok.valuesAt("S", "A1:A3")).toEqual([["Rep"], ["Li"], [""]]);
  });

  it("counts cells past column XFD as no place to write: the write is refused, nothing folds onto row 2", async () => {
    const wb = new MemoryWorkbook();
    wb.addSheet("S", [["Rep", "Annual"]]);
    const spec: WorkbookSpec = { sheets: [{ name: "S", kind: "split", existing: true, origin: "XFC1", rows: [[{ v: 1 }, { v: 2 }, { v: 3 }]] }], names: [] };
    await expect(wb.findOccupied(spec)).resolves.toEqual([{ sheet: "S", cells: ["XFE1"] }]);
    await expect(wb.write(spec)).rejects.toBeInstanceOf(OccupiedError);
    expect(wb.valuesAt("S", "A2:C2")).toEqual([["", "", ""]]);
    expect(wb.valuesAt("S", "XFC1:XFD1")).toEqual([["", ""]]);
  });

  it("says a damaged stored plan is damaged, not absent", async () => {
    const wb = new MemoryWorkbook();
    wb.addSheet(PLAN_SHEET, [["TargetPlanner plan v1"], ['{"title": "cut']], "A1", true);
    await expect(wb.readStoredPlan()).rejects.toMatchObject({ name: "WriterError", key: "storedPlanUnreadable" });
    const other = new MemoryWorkbook();
    other.addSheet(PLAN_SHEET, [["something else"]], "A1", true);
    await expect(other.readStoredPlan()).resolves.toBeUndefined();
  });

  it("refuses to read a range larger than Excel on the web would, with a message", async () => {
    const wb = book();
    await expect(wb.readRange("Sheet1", "A1:XFD1048576")).rejects.toMatchObject({ name: "WorkbenchError", key: "readTooLarge", params: { max: MAX_READ_CELLS } });
  });

  it("refuses, as the Office writer does, a write whose collapsed helper columns would hide the user's cells", async () => {
    const wb = book();
    // A note of the user's far down column F, which the spec's collapsed group F:G would hide.
    wb.addSheet("Notes", [["keep me"]], "F40");
    const spec = besideSpec("C1");
    const sheet = { ...spec.sheets[0], name: "Notes", rows: [[{ v: "Q1" }, null, null, null, { v: "work" }]], columnGroups: [{ columns: "F:G", collapsed: true }] };
    const hiding: WorkbookSpec = { sheets: [sheet], names: [] };
    await expect(wb.findOccupied(hiding)).resolves.toEqual([{ sheet: "Notes", cells: ["F40"] }]);
    await expect(wb.write(hiding)).rejects.toMatchObject({ name: "WriterError", key: "hidesCells", params: { columns: "F:G", where: "Notes!F40" } });
    expect(wb.valuesAt("Notes", "C1")).toEqual([[""]]);
    // Not collapsed: nothing is hidden, the write goes through.
    await expect(wb.write({ sheets: [{ ...sheet, columnGroups: [{ columns: "F:G" }] }], names: [] })).resolves.toMatchObject({ sheets: ["Notes"] });
  });
});
