/** The pane's pure parts: number formats in previews, reading targets from a selection, the workbench's columns. */
import { formatAmount, formatCell } from "../../src/taskpane/services/format";
import { stringsFor } from "../../src/taskpane/i18n";
import { besideOrigin, readLastYear, readTargets } from "../../src/taskpane/flows/quarterly-input";
import { draftKpi, draftToScorecard, exampleScorecard, scorecardToDraft } from "../../src/taskpane/flows/scorecard-draft";
import { numberColumns } from "../../src/taskpane/components/WorkbenchTable";
import { describeError } from "../../src/taskpane/services/messages";
import { OccupiedError } from "../../src/taskpane/workbench/memory";
import { PlanError } from "../../src/core/errors";

const en = stringsFor("en-US");
const zh = stringsFor("zh-CN");

describe("formatCell", () => {
  it("shows numbers as the Excel formats the builders use would", () => {
    expect(formatCell(1234567, "#,##0", "en-US")).toBe("1,234,567");
    expect(formatCell(1234567.5, "#,##0.00", "en-US")).toBe("1,234,567.50");
    expect(formatCell(0.255, "0.0%", "en-US")).toBe("25.5%");
    expect(formatCell(25, "0.####", "en-US")).toBe("25");
    expect(formatCell(0.125, "0.####", "en-US")).toBe("0.125");
    expect(formatCell(1234567, '#,##0,"K"', "en-US")).toBe("1,235K");
    expect(formatCell(-5, "#,##0;(#,##0)", "en-US")).toBe("(5)");
    expect(formatCell(3600, '#,##0" 万元"', "en-US")).toBe("3,600 万元");
  });

  it("shows text, booleans and blanks as they are", () => {
    expect(formatCell("East", "#,##0", "en-US")).toBe("East");
    expect(formatCell(true, undefined, "en-US")).toBe("TRUE");
    expect(formatCell("", "0%", "en-US")).toBe("");
    expect(formatCell(1234.5, undefined, "en-US")).toBe("1,234.5");
  });
});

describe("formatAmount", () => {
  it("shows an amount in 元 in the plan's unit with separators", () => {
    expect(formatAmount(36_000_000, 10_000, "zh-CN")).toBe("3,600");
    expect(formatAmount(1_234_567, 1, "en-US")).toBe("1,234,567");
  });
});

describe("readTargets", () => {
  it("reads one column of numbers with the names to its left, skipping a header and blank rows at the end", () => {
    const got = readTargets({ sheet: "S", address: "C1:C4", values: [["Annual"], [100], [200], [""]], leftColumn: ["Rep", "Zhang", "Li", ""] }, en);
    expect(got).toEqual({ targets: { sheet: "S", names: ["Zhang", "Li"], annual: [100, 200], area: { top: 1, bottom: 2, left: 2, right: 2 }, namesFrom: "S!B2:B3" } });
  });

  it("reads names and numbers selected together", () => {
    const got = readTargets({ sheet: "S", address: "A2:B3", values: [["East", 5], ["West", 7]] }, en);
    expect(got).toMatchObject({ targets: { names: ["East", "West"], annual: [5, 7], namesFrom: "S!A2:A3" } });
  });

  it("numbers the rows when there are no names beside", () => {
    const got = readTargets({ sheet: "S", address: "A5:A6", values: [[5], [7]] }, en);
    expect(got).toMatchObject({ targets: { names: ["#5", "#6"] } });
  });

  it("names the cell that is not a number, or negative, in the pane's language", () => {
    expect(readTargets({ sheet: "S", address: "B2:B3", values: [[5], ["x"]] }, en)).toEqual({ problem: en.pane.split.notANumber("S!B3", "x") });
    expect(readTargets({ sheet: "S", address: "B2:B3", values: [[5], [-1]] }, zh)).toEqual({ problem: "S!B3 是负数。年度目标须大于或等于 0。" });
    expect(readTargets({ sheet: "S", address: "B2", values: [[""]] }, en)).toEqual({ problem: en.pane.split.empty });
  });
});

describe("readLastYear", () => {
  it("reads a row of four, a column of four, or adds up a table of four columns", () => {
    expect(readLastYear([[10, 20, 30, 40]])).toEqual([10, 20, 30, 40]);
    expect(readLastYear([[10], [20], [30], [40]])).toEqual([10, 20, 30, 40]);
    expect(readLastYear([["Q1", "Q2", "Q3", "Q4"], [10, 20, 30, 40], [1, 2, 3, 4]])).toEqual([11, 22, 33, 44]);
    expect(readLastYear([[1, 2, 3]])).toEqual({ columns: 3 });
  });
});

describe("besideOrigin", () => {
  it("starts the block four rows above the first target, one column to the right, never above row 1", () => {
    expect(besideOrigin({ top: 4, bottom: 9, left: 1, right: 1 })).toBe("D1");
    expect(besideOrigin({ top: 10, bottom: 19, left: 2, right: 2 })).toBe("E7");
    expect(besideOrigin({ top: 1, bottom: 3, left: 0, right: 0 })).toBe("C1");
  });
});

describe("numberColumns", () => {
  it("finds the columns that mostly hold numbers, with their headers and data rows", () => {
    const table = [
      ["Rep", "Region", "Annual", "Note"],
      ["Zhang", "East", 1200, "x"],
      ["Li", "West", 800, ""],
      ["", "", "", ""],
    ];
    expect(numberColumns("S", table)).toEqual([{ sheet: "S", col: 2, header: "Annual", top: 1, bottom: 2 }]);
  });
});

describe("describeError", () => {
  it("says which cells are taken, and what to do, in both languages", () => {
    const error = new OccupiedError([{ sheet: "Sheet1", cells: ["D3", "D4"] }]);
    expect(describeError(error, en, "en-US")).toEqual({
      intent: "warning",
      title: "Nothing was written: the place is taken",
      body: "These cells are not empty: Sheet1!D3, D4. Clear them or select another column, then Apply again.",
    });
    expect(describeError(error, zh, "zh-CN").body).toBe("这些单元格不为空：Sheet1!D3, D4。请清空它们或选择其他列，然后再点“应用”。");
  });

  it("gives the engine's own message in the pane's language", () => {
    const error = new PlanError("zeroWeights", { where: { arg: "weights" }, amount: 10 });
    expect(describeError(error, zh, "zh-CN").body).toBe(error.messageIn("zh"));
    expect(describeError(error, en, "en-US").body).toBe(error.messageIn("en"));
  });

  it("asks to finish editing the cell when Excel is in cell-edit mode", () => {
    const error = Object.assign(new Error("edit mode"), { code: "InvalidOperationInCellEditMode" });
    expect(describeError(error, en, "en-US").body).toBe("Finish editing the cell (press Enter or Esc), then try again.");
  });
});

describe("the scorecard form in the plan's terms", () => {
  const base = exampleScorecard("en").kpis[0];

  it("a KPI where lower is better stays lower; one where higher is better leaves the direction out (the plan's default)", () => {
    expect(draftKpi({ ...base, direction: "lower", format: "count", target: "3" }, "元")).toMatchObject({ direction: "lower", target: 3 });
    expect(draftKpi({ ...base, direction: "higher" }, "元").direction).toBeUndefined();
  });

  it("an amount target is typed in the plan's unit and stored in 元; a percent as a fraction; a count as typed", () => {
    expect(draftKpi({ ...base, format: "amount", target: "120" }, "万元").target).toBe(1_200_000);
    expect(draftKpi({ ...base, format: "amount", target: "120" }, "元").target).toBe(120);
    expect(draftKpi({ ...base, format: "percent", target: "95" }, "万元").target).toBe(0.95);
    expect(draftKpi({ ...base, format: "count", target: "20" }, "万元").target).toBe(20);
  });

  it("a stored scorecard with a lower-is-better KPI and an amount KPI comes back from the form as it was", () => {
    const sc = {
      kpis: [
        { id: "churn", name: "Churn", weight: 40, target: 0.05, format: "percent" as const, direction: "lower" as const },
        { id: "sales", name: "Sales", weight: 60, target: 1_500_000, format: "amount" as const },
      ],
    };
    for (const unit of ["元", "万元"] as const) expect(draftToScorecard(scorecardToDraft(sc, unit), unit, undefined, undefined).kpis).toEqual(sc.kpis);
  });
});
