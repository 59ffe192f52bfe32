/**
 * Bench section "workbooks": the portable .xlsx of a tracking workbook for 5,000 reps × 12
 * months (the real builders, the same plan as the "excel-writer" section):
 * - time to build the WorkbookSpec (buildPlanWorkbook);
 * - time to write the .xlsx (src/xlsx, ExcelJS plus the writer's own pass over the zip) and
 *   the file's size, beside ExcelJS alone writing the same cells without styles or features;
 * - LibreOffice's time to open and recalculate it (every formula computed on load, then saved
 *   as .xlsx, the way the tests recalculate), against the same soffice call on a one-cell
 *   workbook measured round by round beside it (soffice's start-up), and against the same
 *   file opened with its cached values kept (so the difference is the calculation alone).
 *   Target: under 10 s for the file. The recalculated file is read back once: error cells
 *   and `Check_*` names are reported (the tests prove this on the examples).
 *
 * Without soffice the LibreOffice figures are left out with a line saying so.
 */
import ExcelJS from "exceljs";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { writeXlsx } from "../../src/xlsx/write";
import { readXlsxCells, readXlsxNames } from "../../src/xlsx/read";
import { trackingPlan } from "../../tests/fake-excel/sample-specs";
import { convertWithLibreOffice, findSoffice, recalculate } from "../../tests/helpers/libreoffice";
import { record, single, summarize, timeMs } from "./stats";

const SECTION = "workbooks";
const MB = 1024 * 1024;

async function timeAsync<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await f();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

export async function run(): Promise<void> {
  const people = 5000;
  const plan = trackingPlan(people);
  const options = { lang: "zh" as const, asOf: "2026-05-31" };
  const build = timeMs(() => buildPlanWorkbook(plan, options), 5);
  record({ section: SECTION, name: `build WorkbookSpec, tracking ${people} × 12`, ...build, unit: "ms" });

  const spec = buildPlanWorkbook(plan, options);
  const cells = spec.sheets.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.filter(Boolean).length, 0), 0);
  // Baseline: ExcelJS alone writing the same values and formulas (no styles, names, formats,
  // tables, plan; its default zip), measured round by round beside the writer.
  const plainExcelJs = async (): Promise<unknown> => {
    const wb = new ExcelJS.Workbook();
    for (const sheet of spec.sheets) {
      const ws = wb.addWorksheet(sheet.name);
      sheet.rows.forEach((row, i) =>
        row.forEach((c, j) => {
          if (c) ws.getCell(i + 1, j + 1).value = "f" in c ? ({ formula: c.f, result: c.expect ?? undefined } as ExcelJS.CellFormulaValue) : c.v;
        }),
      );
    }
    return wb.xlsx.writeBuffer();
  };
  const writes: number[] = [];
  const baseline: number[] = [];
  const ratio: number[] = [];
  let bytes: Uint8Array = new Uint8Array();
  await writeXlsx(spec); // warm-up
  for (let round = 0; round < 3; round++) {
    const b = await timeAsync(plainExcelJs);
    const w = await timeAsync(() => writeXlsx(spec));
    writes.push(w.ms);
    baseline.push(b.ms);
    ratio.push(w.ms / b.ms);
    bytes = w.value;
  }
  record({ section: SECTION, name: `write .xlsx, ${people} × 12`, ...summarize(writes), unit: "ms", note: `${cells.toLocaleString("en")} cells` });
  record({ section: SECTION, name: `ExcelJS alone, same cells, no styles or features`, ...summarize(baseline), unit: "ms", note: "baseline" });
  record({ section: SECTION, name: `write .xlsx / ExcelJS alone`, ...summarize(ratio), unit: "×", note: "per round, side by side" });
  record({ section: SECTION, name: `.xlsx size, ${people} × 12`, ...single(bytes.length / MB), unit: "MB" });

  if (!findSoffice()) {
    console.log("workbooks: soffice not found, LibreOffice recalculation not measured");
    return;
  }
  const tiny = await writeXlsx({ sheets: [{ name: "S", kind: "notes", rows: [[{ f: "1+1" }]] }], names: [] });
  const startUp: number[] = [];
  const whole: number[] = [];
  const net: number[] = [];
  const cached: number[] = [];
  const calc: number[] = [];
  for (let round = 0; round < 3; round++) {
    const s = convertWithLibreOffice([{ name: "tiny.xlsx", data: tiny }]).ms;
    const w = convertWithLibreOffice([{ name: "tracking.xlsx", data: bytes }]).ms;
    const c = convertWithLibreOffice([{ name: "tracking.xlsx", data: bytes }], { recalc: false }).ms;
    startUp.push(s);
    whole.push(w);
    net.push(w - s);
    cached.push(c);
    calc.push(w - c);
  }
  const s = (xs: number[]) => summarize(xs.map((x) => x / 1000));
  const wholeS = s(whole);
  record({ section: SECTION, name: `LibreOffice open + recalculate + save, ${people} × 12`, ...wholeS, unit: "s", target: "< 10 s", ok: wholeS.median < 10 });
  record({ section: SECTION, name: "LibreOffice on a one-cell workbook (start-up)", ...s(startUp), unit: "s" });
  record({ section: SECTION, name: `LibreOffice, ${people} × 12 minus start-up`, ...s(net), unit: "s", note: "per round, side by side" });
  record({ section: SECTION, name: `LibreOffice open + save with cached values, ${people} × 12`, ...s(cached), unit: "s", note: "no recalculation" });
  record({ section: SECTION, name: `LibreOffice recalculation alone, ${people} × 12`, ...s(calc), unit: "s", note: "recalculating − cached, per round" });

  const [book] = await recalculate([{ name: "tracking.xlsx", data: bytes }]);
  const read = await readXlsxCells(book.workbook);
  let errors = 0;
  for (const sheet of Object.values(read)) for (const c of Object.values(sheet)) if (c.error) errors++;
  const checks = (await readXlsxNames(book.workbook)).filter((n) => n.name.startsWith("Check_"));
  const failing = checks.filter((n) => read[n.sheet]?.[n.ref]?.value !== true).length;
  record({
    section: SECTION,
    name: `recalculated ${people} × 12: error cells, failing checks`,
    ...single(errors + failing),
    unit: "cells",
    target: "0",
    ok: errors + failing === 0,
    note: `${errors} error cells, ${failing} of ${checks.length} checks not TRUE`,
  });
}
