/**
 * Actuals in, where they go (src/sheets/actuals-sheet.ts): the tracking sheets a stored plan
 * describes, laid out exactly as their builders lay them out (checked against the full
 * builds), found in a workbook only when their headers and names are the plan's, refused
 * with a message otherwise; the changes — only actual cells, never a formula, a filled cell
 * only with "overwrite", amounts turned into the sheet's unit — and the sheets' own formulas
 * (evaluated, and core's engine) giving the new attainment, light and pace, as My targets
 * shows them after the write.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readExport } from "../src/sheets/actuals";
import { matchNames } from "../src/sheets/actuals-match";
import { type FoundTracking, actualAddress, findTrackingSheets, planActuals, readActualCells, storedPlanFor, trackingLayouts } from "../src/sheets/actuals-sheet";
import { type Plan, validatePlan } from "../src/sheets/plan";
import type { CellSpec, CellValue, SheetSpec, WorkbookSpec } from "../src/sheets/spec";
import { excelSerial, trackRow } from "../src/sheets/tracking";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { portReader, readActualsTarget } from "../src/taskpane/flows/actuals-data";
import { readMyTargets } from "../src/taskpane/flows/my-targets-data";
import { CellsPort } from "./fake-excel/memory-cells-port";
import { workbookEvaluator } from "./helpers/formula-eval";

const example = (file: string): Plan => {
  const checked = validatePlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../examples", file), "utf8")));
  if (!checked.ok) throw new Error(`${file} does not validate`);
  return checked.plan;
};
const team = example("team-8-reps.json");
const cascade = example("cascade.json");

const shown = (c: CellSpec | null | undefined) => (c && "v" in c && c.v !== null ? String(c.v) : "");
const trackingSheets = (spec: WorkbookSpec) => spec.sheets.filter((s) => s.kind === "tracking");

async function workbook(plan: Plan, lang: "en" | "zh") {
  const spec = buildPlanWorkbook(plan, { lang, asOf: "2025-06-30" });
  const port = new CellsPort();
  await port.write(spec);
  return { spec, port };
}

/** The whole import, as the pane and the CLI run it. */
async function importInto(port: CellsPort, plan: Plan, rows: CellValue[][], options: { overwrite?: boolean; unit?: "元" | "万元"; sheet?: string; maps?: { from: string; to: string }[] } = {}) {
  const reader = portReader(port);
  const found = await findTrackingSheets(plan, reader);
  const chosen = options.sheet ? found.find((f) => f.sheet === options.sheet)! : found[0];
  const read = readExport(rows, { year: plan.year, ...(options.unit ? { unit: options.unit } : {}) });
  const matching = matchNames([...new Map(read.entries.map((e) => [e.key, e.name])).values()], chosen.layout.names[chosen.lang], options.maps);
  const { actuals, asOf } = await readActualCells(chosen, reader);
  return { found, chosen, read, matching, result: planActuals({ plan, found: chosen, current: actuals, asOf, read, matching, overwrite: options.overwrite }) };
}

describe("the tracking sheets a plan describes", () => {
  it.each(["en", "zh"] as const)("lays the plan's tracking sheet out as its builder does (%s)", (lang) => {
    const [layout] = trackingLayouts(team);
    const [sheet] = trackingSheets(buildPlanWorkbook(team, { lang, asOf: "2025-06-30" }));
    expect(layout.section).toBe("tracking");
    expect(layout.sheetNames[lang]).toBe(sheet.name);
    expect(layout.header[lang]).toEqual(sheet.rows[4].map(shown));
    expect(layout.names[lang]).toEqual(sheet.rows.slice(5).map((r) => shown(r[0])));
    // Every month's actual is a constant the rep types over.
    for (const row of sheet.rows.slice(5)) for (let m = 0; m < 12; m++) expect(row[7 + 2 * m] === null || "v" in row[7 + 2 * m]!).toBe(true);
    expect(layout.formulaRows.size).toBe(0);
  });

  it.each(["en", "zh"] as const)("lays the cascade's tracking sheet out as its builder does, its teams' actuals formulas (%s)", (lang) => {
    const layout = trackingLayouts(cascade).find((l) => l.section === "cascade")!;
    const sheet = trackingSheets(buildPlanWorkbook(cascade, { lang, asOf: "2025-06-30" })).find((s) => s.name === layout.sheetNames[lang])!;
    expect(layout.names[lang]).toEqual(sheet.rows.slice(5).map((r) => shown(r[0])));
    const formulas = sheet.rows.slice(5).flatMap((r, i) => (r[7] && "f" in r[7] ? [i] : []));
    expect(formulas.length).toBeGreaterThan(0);
    expect([...layout.formulaRows].sort((a, b) => a - b)).toEqual(formulas);
    expect(layout.names.zh.filter((_, i) => layout.formulaRows.has(i)).every((n) => n.endsWith("（合计）"))).toBe(true);
  });

  it("gives the address of a row's month: G + 2m + 1, from row 6", () => {
    expect(actualAddress(0, 0)).toBe("H6");
    expect(actualAddress(2, 11)).toBe("AD8");
  });
});

describe("finding the tracking sheet in a workbook", () => {
  it.each(["en", "zh"] as const)("finds it by its check and its builder's name, in the language it was built in (%s)", async (lang) => {
    const { spec, port } = await workbook(team, lang);
    const target = await readActualsTarget(port);
    expect(target.ok).toBe(true);
    const found = (target as { found: FoundTracking[] }).found;
    expect(found.map((f) => [f.sheet, f.lang, f.layout.section])).toEqual([[trackingSheets(spec)[0].name, lang, "tracking"]]);
  });

  it("finds a sheet made again under another name, the newest first", async () => {
    const { spec, port } = await workbook(team, "en");
    const again: SheetSpec = { ...trackingSheets(spec)[0], name: "Monthly tracking (2)" };
    await port.write({ sheets: [{ ...again, tables: [] }], names: [{ name: "Check_Tracking_Rows_2", sheet: again.name, ref: "AK2" }] });
    const found = await findTrackingSheets(team, portReader(port));
    expect(found.map((f) => f.sheet)).toEqual(["Monthly tracking (2)", "Monthly tracking"]);
  });

  it("finds both the plan's and the cascade's tracking sheets", async () => {
    const plan = { ...cascade, tracking: { rowsAre: "people" as const, rows: [{ name: "张伟", target: { annual: 8_000_000 } }] } };
    const { port } = await workbook(plan, "zh");
    const found = await findTrackingSheets(plan, portReader(port));
    expect(found.map((f) => f.layout.section).sort()).toEqual(["cascade", "tracking"]);
  });

  it("refuses a workbook without a stored plan, and a plan without a tracking sheet, in both languages", async () => {
    expect(() => storedPlanFor(undefined)).toThrow(/no plan stored by Target Planner/);
    const port = new CellsPort();
    port.addSheet("Sheet1", [["姓名", "1月"]]);
    const none = await readActualsTarget(port);
    expect(none.ok).toBe(false);
    expect((none as { error: { messageIn(l: string): string } }).error.messageIn("zh")).toContain("没有“目标规划”保存的计划");
    const plain: Plan = { ...team };
    delete plain.tracking;
    const { port: other } = await workbook(plain, "en");
    const no = await readActualsTarget(other);
    expect((no as { error: { kind: string } }).error.kind).toBe("noTracking");
  });

  it("refuses a sheet whose rows were sorted since it was made, naming the cell", async () => {
    const { port } = await workbook(team, "en");
    const [a, b] = [port.valuesAt("Monthly tracking", "A6")[0][0], port.valuesAt("Monthly tracking", "A7")[0][0]];
    port.setValue("Monthly tracking", "A6", b);
    port.setValue("Monthly tracking", "A7", a);
    const target = await readActualsTarget(port);
    const error = (target as { error: { kind: string; messageIn(l: string): string } }).error;
    expect(error.kind).toBe("notFound");
    expect(error.messageIn("en")).toContain(`A6 holds "${String(b)}" where the stored plan has "${String(a)}"`);
    expect(error.messageIn("zh")).toContain("生成后行被改动过");
  });

  it("refuses a sheet that is not laid out as the add-in made it", async () => {
    const { port } = await workbook(team, "en");
    port.setValue("Monthly tracking", "H5", "Jan sales");
    const target = await readActualsTarget(port);
    expect((target as { error: { messageIn(l: string): string } }).error.messageIn("en")).toContain('H5 holds "Jan sales" where the tracking sheet has "Jan actual"');
  });
});

describe("what changes", () => {
  // The team plan: 万元 on the sheet, actuals known January to June, as of 2025-06-30.
  const crm: CellValue[][] = [
    ["单位：元"],
    ["销售员", "6月", "7月", "8月"],
    ["Chen Jing", "431,000", "450,000", ""],
    ["chen  jing", "", "5,000", ""],
    ["Liu Yang", 330000, "", "12,345"],
    ["Nobody", 1, 1, 1],
    ["合计", 761000, 455000, 12345],
  ];

  it("writes blank actuals in the sheet's unit, leaves filled ones, and counts what it did", async () => {
    const { port } = await workbook(team, "zh");
    const { result, read } = await importInto(port, team, crm);
    expect(read.unit).toEqual({ unit: "元", from: "export", cell: "A1" });
    expect(result.changes.map((c) => [c.name, c.month + 1, c.address, c.from, c.to, c.parts])).toEqual([
      ["Chen Jing", 7, "T6", "", 45.5, 2],
      ["Liu Yang", 8, "V7", "", 1.2345, 1],
    ]);
    // June is filled on the sheet (42 and 33 万元): Chen Jing's 43.1 is listed and left; Liu Yang's 33 is the same already.
    expect(result.skipped.map((s) => [s.name, s.address, s.from, s.to, s.reason])).toEqual([["Chen Jing", "R6", 42, 43.1, "filled"]]);
    expect(result.summary).toEqual({
      names: { matched: 2, mapped: 0, unmatched: 1, duplicate: 0 },
      rows: { matched: 3, unmatched: 1, skipped: 1 },
      cells: { change: 2, same: 1, filled: 1, formula: 0, unit: 0 },
      added: 1,
      afterAsOf: 2,
    });
  });

  it("writes over filled actuals only when asked", async () => {
    const { port } = await workbook(team, "zh");
    const { result } = await importInto(port, team, crm, { overwrite: true });
    expect(result.changes.map((c) => [c.address, c.from, c.to])).toEqual([
      ["R6", 42, 43.1],
      ["T6", "", 45.5],
      ["V7", "", 1.2345],
    ]);
  });

  it("asks for the unit when the export does not say it, and takes the one chosen", async () => {
    const { port } = await workbook(team, "en");
    const rows = crm.slice(1);
    const without = (await importInto(port, team, rows)).result;
    expect(without.unitNeeded).toBe(true);
    expect(without.changes).toEqual([]);
    expect(without.summary.cells.unit).toBe(4);
    const chosen = (await importInto(port, team, rows, { unit: "万元" })).result;
    expect(chosen.changes.find((c) => c.address === "T6")?.to).toBe(455000);
  });

  it("never writes a cascade team's actuals (formulas adding its people), and writes its people's", async () => {
    const { port } = await workbook(cascade, "zh");
    // A team's name is mapped to its row by hand ("华东一组（合计）" itself reads as a totals row).
    const { result, chosen } = await importInto(port, cascade, [["姓名", "7月"], ["张伟", 700000], ["华东一组", 2_000_000]], { unit: "元", maps: [{ from: "华东一组", to: "华东一组（合计）" }] });
    expect(chosen.layout.section).toBe("cascade");
    const person = chosen.layout.names.zh.indexOf("张伟");
    expect(result.changes.map((c) => [c.index, c.address, c.to])).toEqual([[person, actualAddress(person, 6), 70]]);
    expect(result.skipped.map((s) => [s.name, s.reason])).toEqual([["华东一组（合计）", "formula"]]);
  });

  it("maps a near-miss only by hand", async () => {
    const { port } = await workbook(team, "en");
    const rows: CellValue[][] = [["Name", "Jul (10k)"], ["Chen Jing (East)", 50]];
    const before = await importInto(port, team, rows);
    expect(before.result.changes).toEqual([]);
    expect(before.matching.names[0].suggestions.map((s) => s.name)).toEqual(["Chen Jing"]);
    const after = await importInto(port, team, rows, { maps: [{ from: "Chen Jing (East)", to: "Chen Jing" }] });
    expect(after.result.changes.map((c) => [c.name, c.address, c.to])).toEqual([["Chen Jing", "T6", 50]]);
    expect(after.result.summary.names.mapped).toBe(1);
  });
});

describe("the sheets update as they do when typed", () => {
  it("gives the tracking sheet's own formulas the engine's attainment, light and pace for the new actuals, and My targets the same", async () => {
    const lang = "zh";
    const spec = buildPlanWorkbook(team, { lang, asOf: "2025-06-30" });
    const sheet = trackingSheets(spec)[0];
    const port = new CellsPort();
    await port.write(spec);
    // June corrected for everyone, July in early: a month's export in 元.
    const rows: CellValue[][] = [["销售员", "6月 (元)", "7月 (元)"], ...team.tracking!.rows.map((r, i) => [r.name, 300_000 + 10_000 * i, 200_000 + 5_000 * i] as CellValue[])];
    const { result, chosen } = await importInto(port, team, rows, { overwrite: true });
    expect(result.changes.length).toBe(team.tracking!.rows.length * 2);
    await port.writeCells(chosen.sheet, result.changes.map((c) => ({ address: c.address, value: c.to, was: c.from })), { overwrite: true });

    // The sheet's formulas, evaluated with the new actuals…
    const book = workbookEvaluator(spec.sheets.map((s) => ({ name: s.name, rows: s.rows as ({ v: unknown } | { f: string } | null)[][] })));
    for (const c of result.changes) book.set(sheet.name, c.address, c.to);
    const start = excelSerial("2025-01-01");
    const end = excelSerial("2025-12-31");
    const starts = Array.from({ length: 12 }, (_, m) => excelSerial(`2025-${String(m + 1).padStart(2, "0")}-01`));
    for (const [i, r] of team.tracking!.rows.entries()) {
      // …against core's engine on the same actuals (the plan keeps 元: the sheet shows 万元).
      const actuals = (r.actuals ?? new Array(12).fill(null)).slice();
      actuals[5] = 300_000 + 10_000 * i;
      actuals[6] = 200_000 + 5_000 * i;
      const t = trackRow(team, { ...r, actuals }, excelSerial("2025-06-30"), starts, start, end, lang);
      const R = 6 + i;
      expect(book.at(sheet.name, `AG${R}`)).toBeCloseTo(t.actualToDate as number, 9);
      expect(book.at(sheet.name, `AH${R}`)).toBeCloseTo(t.attainment as number, 12);
      expect(book.at(sheet.name, `AI${R}`)).toBe(t.status);
      expect(book.at(sheet.name, `AJ${R}`)).toBeCloseTo(t.pace as number, 12);
      // My targets reads the written workbook and shows the engine's figures.
      const mine = await readMyTargets(port, team, r.name);
      expect(mine.tracking!.actualToDate).toBeCloseTo(t.actualToDate as number, 9);
      expect(mine.tracking!.attainment).toBeCloseTo(t.attainment as number, 12);
    }
    // A cell whose June was changed moved its light: the checks still hold.
    expect(book.at(sheet.name, "AK2")).toBe(true);
  });
});
