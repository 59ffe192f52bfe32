/**
 * "Explain this cell" without the pane (src/taskpane/explain/explain.ts and run-function.ts):
 * a TARGET.* formula's arguments read from cells, the function run on them as Excel would
 * call it, and what comes back — the message of #NUM! and #DIV/0! (which Excel never shows),
 * in the pane's language whatever Office's is; a result with the engine's working (SCORE
 * clause by clause, SPLIT's odd amount); what cannot be read, said so.
 */
import type { ActiveCell } from "../../src/excel/port";
import type { CellValue } from "../../src/sheets/spec";
import { explainCell, type Explanation } from "../../src/taskpane/explain/explain";
import { runTargetFunction } from "../../src/taskpane/explain/run-function";
import { MemoryWorkbook } from "../../src/taskpane/workbench/memory";

/** A sheet of a rep's KPIs: actual, target, points, rule. */
function book(): MemoryWorkbook {
  const wb = new MemoryWorkbook({ kind: "excel" });
  wb.addSheet("KPIs", [
    ["KPI", "Actual", "Target", "Points", "Rule"],
    ["Sales", 0.96, 1, 40, "每超1%加0.5分,每低1%扣1分"],
    ["Visits", 12, 20, 15, "每少5家扣3分"],
    ["New", "", 0, 15, ""],
    ["Broken", 0.9, 1, 40, "每超1%加0.5分,每超2%加1分,封顶50,最高60"],
  ]);
  wb.addSheet("Weights", [[25, 30, 25, 20], [1, 1, 1, 1], ["#N/A", 1, 1, 1]]);
  return wb;
}

const cellAt = (formula: string | undefined, value: CellValue, more: Partial<ActiveCell> = {}): ActiveCell => ({ sheet: "KPIs", address: "F2", value, ...(formula ? { formula } : {}), ...more });

async function explain(formula: string | undefined, value: CellValue, lang: "en" | "zh" = "en", more: Partial<ActiveCell> = {}): Promise<Explanation> {
  const wb = book();
  return explainCell(cellAt(formula, value, more), (s, a) => wb.readRange(s, a), lang);
}

describe("explaining a TARGET.* cell", () => {
  it("gives SCORE's result with its working, clause by clause, from the cells the formula names", async () => {
    const e = await explain("=TARGET.SCORE(B2,C2,D2,E2)", 36);
    expect(e).toMatchObject({ kind: "result", fn: "SCORE", value: 36, shown: { as: "same" } });
    if (e.kind !== "result" || e.working?.fn !== "SCORE") throw new Error(e.kind);
    // 96 % against 100 %: four steps of 1 % below, each −1.
    expect(e.working.explanation.text).toBe("36 = 40 - 4 × 1");
    expect(e.args.map((a) => [a.name, a.written])).toEqual([
      ["actual", "B2"],
      ["target", "C2"],
      ["points", "D2"],
      ["rule", "E2"],
    ]);
    expect(e.args[0].read).toEqual({ value: 0.96 });
  });

  it("gives the #DIV/0! message Excel does not show, in the pane's language (not Office's)", async () => {
    // No Office here: the functions' own display language is English.
    const zh = await explain("=TARGET.ATTAIN(B3,0)", "#DIV/0!", "zh");
    expect(zh).toMatchObject({ kind: "error", code: "#DIV/0!", shown: { as: "same" } });
    if (zh.kind !== "error") throw new Error(zh.kind);
    expect(zh.message).toContain("目标为 0");
    const en = await explain("=TARGET.ATTAIN(B3,0)", "#DIV/0!", "en");
    expect(en.kind === "error" && en.message).toContain("the target is zero");
  });

  it("gives a #NUM! message: SPLIT's held amounts over the total", async () => {
    const e = await explain("=TARGET.SPLIT(100,{1,1},1,{80,30})", "#NUM!");
    expect(e).toMatchObject({ kind: "error", fn: "SPLIT", code: "#NUM!" });
    expect(e.kind === "error" && e.message).toMatch(/fixed: held amounts add up to 110, 10 more than the total 100/);
  });

  it("gives a #VALUE! message for an unreadable rule, quoting the clause", async () => {
    const e = await explain("=TARGET.SCORE(B5,C5,D5,E5)", "#VALUE!");
    expect(e).toMatchObject({ kind: "error", code: "#VALUE!" });
  });

  it("explains SPLIT's rounding: units by largest remainder, the odd amount to the largest weight", async () => {
    // The contract's example: SPLIT(15, {1,2}, 10) → 0, 15.
    const e = await explain("=TARGET.SPLIT(15,{1,2},10)", 0);
    expect(e).toMatchObject({ kind: "result", value: 0, part: { row: 1, column: 1, rows: 1, columns: 2 } });
    if (e.kind !== "result" || e.working?.fn !== "SPLIT") throw new Error(e.kind);
    expect(e.working).toMatchObject({ amount: 15, unit: 10, units: 1, odd: 5, largest: { row: 1, column: 2, index: 2 } });
  });

  it("explains a cell inside a spilled SPLIT from its anchor's formula", async () => {
    const e = await explain(undefined, 36_000_000, "en", { address: "B7", spilledFrom: { address: "A7", formula: "=TARGET.SPLIT(120000000,Weights!A1:D1,10000)" } });
    expect(e).toMatchObject({ kind: "result", fn: "SPLIT", value: 36_000_000, from: "A7", part: { row: 1, column: 2 }, shown: { as: "same" } });
  });

  it("says when the cell shows something else than the function gives on the values now", async () => {
    // A desktop build passed the empty B4 as 0 and the cell says "red"; on the values read, no data yet.
    const e = await explain("=TARGET.STATUS(B4,C3)", "red");
    expect(e).toMatchObject({ kind: "result", value: "", shown: { as: "differs", value: "red" } });
    if (e.kind !== "result") throw new Error(e.kind);
    expect(e.args[0]).toMatchObject({ written: "B4", blankCell: true });
  });

  it("explains the call inside the IF guard, saying the cell shows the outer formula", async () => {
    const e = await explain('=IF(B2="","",TARGET.STATUS(B2,C2))', "yellow");
    expect(e).toMatchObject({ kind: "result", fn: "STATUS", value: "yellow", shown: { as: "wrapped" } });
    if (e.kind !== "result" || e.working?.fn !== "STATUS") throw new Error(e.kind);
    expect(e.working.attainment).toBeCloseTo(0.96, 12);
  });

  it("passes a single value to a range parameter as a 1 × 1 range, and a left-out argument as blank", async () => {
    const e = await explain("=TARGET.SCORE(B3,C3,D3,,,,)", 9);
    // No rule: 15 × 12 / 20 = 9.
    expect(e).toMatchObject({ kind: "result", value: 9 });
    const band = await explain("=TARGET.BAND(85,{90,80,70},{120%,100%,80%})", 1);
    expect(band).toMatchObject({ kind: "result", value: 1, shown: { as: "same" } });
  });

  it("says what it cannot read: calculations, names, a range where one value goes, a missing sheet", async () => {
    const calc = await explain("=TARGET.ATTAIN(B2*100,C2)", 96);
    expect(calc).toMatchObject({ kind: "cannotRead", unreadable: [{ why: "expression", arg: { name: "actual", written: "B2*100" } }] });
    const name = await explain("=TARGET.ATTAIN(Actuals,C2)", 1);
    expect(name).toMatchObject({ kind: "cannotRead", unreadable: [{ why: "name" }] });
    const spill = await explain("=TARGET.ATTAIN(B2:B3,C2)", 0.96);
    expect(spill).toMatchObject({ kind: "cannotRead", unreadable: [{ why: "spills", arg: { read: { rows: 2, columns: 1 } } }] });
    const missing = await explain("=TARGET.ATTAIN(Gone!B2,C2)", "#REF!");
    expect(missing).toMatchObject({ kind: "cannotRead", unreadable: [{ why: "sheetMissing" }] });
  });

  it("says when a referenced cell holds an error, which Excel passes on", async () => {
    const e = await explain("=TARGET.SPLIT(100,Weights!A3:D3)", "#N/A");
    expect(e).toMatchObject({ kind: "argumentError", code: "#N/A", arg: { name: "weights", written: "Weights!A3:D3" } });
  });

  it("tells a constant, another formula, several calls and unknown functions apart", async () => {
    await expect(explain(undefined, 1200)).resolves.toMatchObject({ kind: "notTarget" });
    await expect(explain("=SUM(B2:B3)", 12.96)).resolves.toMatchObject({ kind: "notTarget" });
    await expect(explain("=TARGET.STATUS(B2,TARGET.ATTAIN(B2,C2))", "")).resolves.toMatchObject({ kind: "several", count: 2 });
    await expect(explain("=TARGET.FORECAST(B2)", "#NAME?")).resolves.toMatchObject({ kind: "unknownFunction" });
    await expect(explainCell(undefined, async () => [], "en")).resolves.toEqual({ kind: "noCell" });
  });
});

describe("running a function as Excel calls it", () => {
  it("gives the contract's examples", () => {
    expect(runTargetFunction("SCORE", [1.03, 1, 40, "每超1%加0.5分,每低1%扣1分"], "en")).toEqual({ ok: true, value: 41.5 });
    expect(runTargetFunction("SPLIT", [120_000_000, [[25, 30, 25, 20]], 10_000], "en")).toEqual({ ok: true, value: [[30_000_000, 36_000_000, 30_000_000, 24_000_000]] });
    expect(runTargetFunction("COMMISSION", [1_300_000, 1_000_000, [[0, 0.015], [1, 0.02]]], "en")).toEqual({ ok: true, value: 21_000 });
  });

  it("leaves no CustomFunctions stand-in behind, and the engine's messages as they were", () => {
    expect("CustomFunctions" in globalThis).toBe(false);
    runTargetFunction("ATTAIN", [1, 0], "zh");
    expect("CustomFunctions" in globalThis).toBe(false);
  });
});
