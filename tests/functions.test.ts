/**
 * The Excel face of the functions (src/functions): how Excel's arguments are read, the
 * order of checks across arguments, and the errors Excel receives. The engine's arithmetic
 * is tested per function in the other suites.
 */
import { attain, band, commission, pace, score, split, spread, status } from "../src/functions/functions";
import { toExcelError } from "../src/functions/excel";
import { isFunctionId, runFunction } from "../src/functions/explain";
import { plainCell } from "../src/functions/args";
import { PlanError } from "../src/core/errors";
import { CustomFunctionsErrorStub, installCustomFunctionsStub } from "./helpers/custom-functions";

installCustomFunctionsStub();

/** The Excel error a call raises: code and message. */
function excelError(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof CustomFunctionsErrorStub) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected an Excel error");
}

describe("reading Excel's arguments", () => {
  it("treats null, undefined and the empty string as a blank actual", () => {
    for (const blank of [null, undefined, ""]) {
      expect(attain(blank, 100)).toBe("");
      expect(status(blank, 100)).toBe("");
      expect(score(blank, 1, 40, "每低1%扣1分")).toBe("");
    }
  });

  it("reads a 1 × 1 range as its value and refuses a larger range where one value is expected", () => {
    expect(attain([[97]], [[100]])).toBeCloseTo(0.97, 12);
    const e = excelError(() => attain([[97, 98]], 100));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toBe("actual: expected one value, got a range of 1 × 2");
  });

  it("refuses text where a number is expected, even text that looks like a number", () => {
    expect(excelError(() => attain("97", 100))).toEqual({ code: "#VALUE!", message: "actual: '97' is not a number" });
    expect(excelError(() => status(97, true)).code).toBe("#VALUE!");
  });

  it("reads a blank target as 0, so higher-is-better attainment is #DIV/0!", () => {
    expect(excelError(() => attain(5, null)).code).toBe("#DIV/0!");
  });

  it("refuses a number where a direction word is expected", () => {
    expect(excelError(() => attain(1, 1, 1)).code).toBe("#VALUE!");
  });

  it("does not take object property names for direction or mode words", () => {
    expect(excelError(() => attain(1, 1, "constructor")).code).toBe("#VALUE!");
    expect(excelError(() => commission(1, 1, [[0, 0.01]], "__proto__")).code).toBe("#VALUE!");
  });

  it("trims direction words and ignores their case", () => {
    expect(attain(0.085, 0.08, " LOWER ")).toBeCloseTo(0.9375, 12);
    expect(attain(0.085, 0.08, "越低越好")).toBeCloseTo(0.9375, 12);
  });
});

describe("the order of checks", () => {
  it("checks the arguments before a blank actual gives an empty result", () => {
    expect(attain(null, 0)).toBe("");
    expect(excelError(() => attain(null, "abc")).code).toBe("#VALUE!");
    expect(excelError(() => status(null, 1, 0.8, 0.9)).code).toBe("#NUM!");
  });

  it("reports a negative commission actual before a bad tier table", () => {
    const e = excelError(() => commission(-1, 100, [[0.5, 0.01]]));
    expect(e.code).toBe("#NUM!");
    expect(e.message).toContain("actual");
  });

  it("gives an empty pace for a blank as_of date", () => {
    expect(pace(300, 1000, null, 45292, 45657)).toBe("");
  });
});

describe("SPREAD's Excel face", () => {
  it("wants the row totals as one column and the column totals as one row", () => {
    const rowsAsRow = excelError(() => spread([[10, 20]], [[15, 15]]));
    expect(rowsAsRow).toEqual({ code: "#VALUE!", message: "row_totals: must be one column (got 1 × 2)" });
    const colsAsColumn = excelError(() => spread([[10], [20]], [[15], [15]]));
    expect(colsAsColumn.code).toBe("#VALUE!");
    expect(colsAsColumn.message).toContain("column_totals");
  });

  it("fills the region × quarter grid of the domain's plan in 万元", () => {
    const grid = spread([[48e6], [36e6], [24e6], [12e6]], [[30e6, 36e6, 30e6, 24e6]], undefined, 10000);
    expect(grid[0]).toEqual([12e6, 14.4e6, 12e6, 9.6e6]);
    expect(grid.map((r) => r.reduce((a, b) => a + b, 0))).toEqual([48e6, 36e6, 24e6, 12e6]);
  });
});

describe("BAND and COMMISSION through the Excel face", () => {
  it("pays the domain's bonus bands", () => {
    expect(band(85, [[90, 80, 70]], [[1.2, 1.0, 0.8]])).toBe(1.0);
    expect(band(65, [[90, 80, 70]], [[1.2, 1.0, 0.8]])).toBe(0);
    expect(band(65, [[90, 80, 70]], [[1.2, 1.0, 0.8]], "none")).toBe("none");
  });

  it("refuses TRUE as the result under the lowest band", () => {
    expect(excelError(() => band(65, [[90]], [[1]], true)).code).toBe("#VALUE!");
  });

  it("pays the domain's commission tiers", () => {
    expect(commission(1300000, 1000000, [[0, 0.015], [1, 0.02]])).toBeCloseTo(21000, 6);
    expect(commission(1300000, 1000000, [[0, 0.015], [1, 0.02]], "全额")).toBeCloseTo(26000, 6);
  });
});

describe("Excel errors", () => {
  it("turns an engine error into the Excel error with the message in the display language", () => {
    const e = new PlanError("negative", { where: { arg: "weights", row: 1, col: 2 }, value: -1 });
    const en = toExcelError(e, "en") as unknown as CustomFunctionsErrorStub;
    const zh = toExcelError(e, "zh") as unknown as CustomFunctionsErrorStub;
    expect(en.code).toBe("#NUM!");
    expect(en.message).toBe("weights, row 1, column 2: -1 is negative; it must be 0 or more");
    expect(zh.message).toBe("权重，第1行第2列：-1 是负数，须大于等于 0");
  });

  it("turns an unexpected exception into #VALUE! with a message, never a bare one", () => {
    const e = toExcelError(new TypeError("boom"), "en") as unknown as CustomFunctionsErrorStub;
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toBe("internal error: boom");
  });

  it("never puts NaN or Infinity in a cell", () => {
    // Weights near the float limit overflow in the shares: #NUM!, not NaN or Infinity.
    expect(excelError(() => split(Number.MAX_VALUE, [[1e308, 1e308]])).code).toBe("#NUM!");
    expect(excelError(() => attain(1e308, 1e-308)).code).toBe("#NUM!");
  });
});

describe("data-type cells (Stocks, Geography, formatted numbers)", () => {
  const shanghai = { type: "Entity", text: "Shanghai", properties: {}, basicType: "Error", basicValue: "#VALUE!" };
  const stock = { type: "LinkedEntity", text: "Microsoft Corp (XNAS:MSFT)", id: { entityId: "x" }, basicType: "Error", basicValue: "#VALUE!" };

  it("reads a formatted number or a basic value with properties as its basic value", () => {
    expect(plainCell({ type: "Double", basicValue: 97, numberFormat: "0.0" })).toBe(97);
    expect(plainCell({ type: "String", basicValue: "lower", properties: {} })).toBe("lower");
    expect(attain({ type: "Double", basicValue: 97, basicType: "Double" }, [[{ type: "Double", basicValue: 100 }]])).toBeCloseTo(0.97, 12);
    expect(split(10, [[{ type: "FormattedNumber", basicValue: 1, numberFormat: "0%" }, 1]])).toEqual([[5, 5]]);
  });

  it("names an entity card in the message instead of '[object Object]'", () => {
    expect(excelError(() => attain(shanghai, 100))).toEqual({ code: "#VALUE!", message: "actual: 'Shanghai' is not a number" });
    expect(excelError(() => status(stock, 100)).message).toBe("actual: 'Microsoft Corp (XNAS:MSFT)' is not a number");
    expect(excelError(() => split(10, [[1, shanghai]])).message).toBe("weights, row 1, column 2: 'Shanghai' is not a number");
  });

  it("still refuses any other object as not a number", () => {
    expect(excelError(() => attain({ not: "a cell" }, 100)).code).toBe("#VALUE!");
  });
});

describe("running a function by its id, for the pane's Explain this cell", () => {
  it("gives the value a cell shows", () => {
    expect(runFunction("STATUS", [0.95, 1], "en")).toEqual({ value: "yellow" });
    expect(runFunction("SPLIT", [15, [[1, 2]], 10], "en")).toEqual({ value: [[0, 15]] });
    expect(runFunction("ATTAIN", [null, 100], "en")).toEqual({ value: "" });
  });

  it("gives the code and the message Excel does not show, in the language asked", () => {
    expect(runFunction("ATTAIN", [5, 0], "en")).toEqual({ error: { code: "#DIV/0!", message: "target: the target is zero" } });
    expect(runFunction("ATTAIN", [5, 0], "zh")).toEqual({ error: { code: "#DIV/0!", message: "目标：目标为 0" } });
    expect(runFunction("STATUS", [1, 1, 0.8, 0.9], "en")).toEqual({ error: { code: "#NUM!", message: "yellow_at: 0.9 is above green_at 0.8" } });
  });

  it("runs without Excel's CustomFunctions (the pane outside Excel)", () => {
    const saved = (globalThis as Record<string, unknown>).CustomFunctions;
    delete (globalThis as Record<string, unknown>).CustomFunctions;
    try {
      expect(runFunction("SPLIT", [-1, [[1]]], "en")).toEqual({ error: { code: "#NUM!", message: "total: -1 is negative; it must be 0 or more" } });
    } finally {
      (globalThis as Record<string, unknown>).CustomFunctions = saved;
    }
  });

  it("knows the eight ids and nothing else", () => {
    expect(["SPLIT", "SPREAD", "ATTAIN", "STATUS", "PACE", "SCORE", "BAND", "COMMISSION"].every(isFunctionId)).toBe(true);
    expect(["status", "SUM", "constructor", "__proto__"].some(isFunctionId)).toBe(false);
  });
});
