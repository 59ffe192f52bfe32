/**
 * Parity of the two writers: the same SheetSpec written through the Office.js writer (into
 * the fake Excel) and through src/xlsx (read back with ExcelJS) gives the same cells — every
 * constant, every formula (the .xlsx's `_xlfn.` prefixes taken off by its reader) — the same
 * defined names and the same stored plan.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { validatePlan } from "../src/sheets/plan";
import { PLAN_SHEET, planFromCells, type WorkbookSpec } from "../src/sheets/spec";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { type ExcelRunner, writeSheetSpec } from "../src/excel/write";
import { readXlsxCells, readXlsxNames, readXlsxPlan } from "../src/xlsx/read";
import { writeXlsx } from "../src/xlsx/write";
import { FakeExcel } from "./fake-excel/fake-excel";
import { everyFieldSpec, trackingWorkbook } from "./fake-excel/sample-specs";

type Cells = Record<string, { value?: unknown; formula?: string }>;

/** The fake's cells as the .xlsx reader gives them: formulas without "=", constants as values. */
function fakeCells(fake: FakeExcel, sheet: string): Cells {
  const out: Cells = {};
  for (const [a, v] of Object.entries(fake.contents(sheet))) {
    const c = fake.cell(sheet, a);
    out[a] = c.formula !== undefined ? { formula: c.formula.slice(1) } : { value: v };
  }
  return out;
}

/** The .xlsx's cells, formula results dropped (the file caches the engine's; the fake computes none), "" dropped (Excel has no empty text constant). */
function fileCells(cells: Record<string, { value?: unknown; formula?: string }>): Cells {
  const out: Cells = {};
  for (const [a, c] of Object.entries(cells)) {
    if (c.formula !== undefined) out[a] = { formula: c.formula };
    else if (c.value !== "" && c.value !== undefined) out[a] = { value: c.value };
  }
  return out;
}

function fakeNames(fake: FakeExcel): { name: string; sheet: string; ref: string }[] {
  return fake.names().map((n) => {
    const m = /^=(?:'((?:[^']|'')*)'|([^!]+))!(.+)$/.exec(n.formula)!;
    return { name: n.name, sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], ref: m[3].replace(/\$/g, "") };
  });
}

async function both(spec: WorkbookSpec): Promise<{ fake: FakeExcel; bytes: Uint8Array }> {
  const fake = new FakeExcel(["Sheet1"]);
  await writeSheetSpec(spec, { run: fake.run as unknown as ExcelRunner, supports: () => true });
  return { fake, bytes: await writeXlsx(spec) };
}

const seedPlan = (() => {
  const v = validatePlan(JSON.parse(fs.readFileSync(path.join(__dirname, "../examples/seed-plan.json"), "utf8")));
  if (!v.ok) throw new Error("examples/seed-plan.json does not validate");
  return v.plan;
})();

const cases: [string, () => WorkbookSpec][] = [
  ["a spec using every field", everyFieldSpec],
  ["a tracking workbook of 60 people (names that look like formulas among them)", () => trackingWorkbook(60)],
  ["the seed plan's workbook (decomposition, tracking, scorecard)", () => buildPlanWorkbook(seedPlan, { lang: "zh", asOf: "2025-03-31", protect: true })],
  ["the seed plan's workbook in English", () => buildPlanWorkbook(seedPlan, { lang: "en", asOf: "2025-03-31" })],
];

describe.each(cases)("%s", (_label, make) => {
  let spec: WorkbookSpec;
  let fake: FakeExcel;
  let bytes: Uint8Array;
  beforeAll(async () => {
    spec = make();
    ({ fake, bytes } = await both(spec));
  });

  test("same cells on every sheet", async () => {
    const file = await readXlsxCells(bytes, { includeHidden: true });
    let compared = 0;
    for (const sheet of spec.sheets) {
      const a = fakeCells(fake, sheet.name);
      expect(a).toEqual(fileCells(file[sheet.name]));
      compared += Object.keys(a).length;
    }
    expect(compared).toBeGreaterThan(10);
  });

  test("same defined names, same stored plan", async () => {
    expect(fakeNames(fake)).toEqual(await readXlsxNames(bytes));
    const stored = planFromCells(fake.formulas(PLAN_SHEET, `A1:A${fake.sheet(PLAN_SHEET).usedRect(true)!.r1 + 1}`).map((r) => r[0]));
    expect(stored).toEqual(spec.plan);
    expect(await readXlsxPlan(bytes)).toEqual(stored);
  });
});
