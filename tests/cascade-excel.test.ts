/*
 * The cascade's workbook written into a live workbook through the Office.js writer (the fake
 * Excel of tests/fake-excel): the table's helper columns grouped and hidden, a manual page
 * break before every letter but the first, every Check_* name, the plan stored; where Excel
 * lacks the outline API (before ExcelApi 1.10) the columns are still hidden; a region of
 * 1,000 people stays within the request budget.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type ExcelRunner, type WriterOptions, writeSheetSpec } from "../src/excel/write";
import { colIndex } from "../src/sheets/formulas";
import { type Plan, validatePlan } from "../src/sheets/plan";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { FakeExcel } from "./fake-excel/fake-excel";
import { bigCascadePlan } from "./helpers/cascade-plans";

const ROOT = path.resolve(__dirname, "..");
function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}
const example = (): Plan => valid(JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "cascade.json"), "utf8")));
const host = (fake: FakeExcel, supports: (set: string, version: string) => boolean = () => true): WriterOptions => ({
  run: fake.run as unknown as ExcelRunner,
  supports,
  sleep: async () => undefined,
});

describe("the example through the Office.js writer", () => {
  const spec = buildPlanWorkbook(example(), { lang: "zh", asOf: "2025-06-30" });
  test("helper columns grouped and hidden; a page break before each letter but the first; names and the plan", async () => {
    const fake = new FakeExcel();
    await writeSheetSpec(spec, host(fake));
    const table = fake.sheet("销售目标分解表");
    const [from, to] = spec.sheets[0].columnGroups![0].columns.split(":").map(colIndex);
    expect([...table.hiddenColumns].sort((a, b) => a - b)).toEqual(Array.from({ length: to - from + 1 }, (_, i) => from + i));
    expect(table.columnOutline.size).toBe(to - from + 1);
    expect(table.hiddenColumns.has(from - 1)).toBe(false);
    const letters = spec.sheets.find((s) => s.name === "目标责任书")!;
    expect(fake.sheet("目标责任书").pageBreaks).toEqual(letters.rowBreaks);
    expect(letters.rowBreaks).toHaveLength(14);
    const names = fake.workbook.names.map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(spec.names.map((n) => n.name)));
  });
  test("before ExcelApi 1.10 (no outline API) the helper columns are hidden all the same", async () => {
    const fake = new FakeExcel();
    await writeSheetSpec(spec, host(fake, (set, version) => set === "ExcelApi" && Number(version.split(".")[1]) <= 9));
    const table = fake.sheet("销售目标分解表");
    expect(table.columnOutline.size).toBe(0);
    expect(table.hiddenColumns.size).toBeGreaterThan(100);
    expect(fake.sheet("目标责任书").pageBreaks).toHaveLength(14);
  });
});

describe("a region of 1,000 people", () => {
  test("written in a few syncs, no request over the budget", async () => {
    const spec = buildPlanWorkbook(valid(bigCascadePlan(1000, { letters: "managers" })), { lang: "en", asOf: "2025-06-30" });
    const fake = new FakeExcel();
    const result = await writeSheetSpec(spec, host(fake));
    expect(result.largestRequest).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(fake.largestRequest()).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(result.syncs).toBe(fake.syncs);
  });
});
