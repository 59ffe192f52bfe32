/**
 * Bench section "dashboard": the dashboard (看板) of a tracking sheet of 5,000 people × 12
 * months (the plan of the "excel-writer" and "workbooks" sections, with `tracking.dashboard`
 * on: the months add the amount rows up, the bars are the top and bottom five):
 * - time to build the dashboard's SheetSpec from the tracking sheet (buildDashboardSheet), and
 *   to write its three chart parts' XML;
 * - the .xlsx written with its three charts (the writer's DrawingML parts after ExcelJS),
 *   beside the same workbook without the dashboard, round by round; the file's size;
 * - the Office.js write into the fake Excel (tests/fake-excel: every call also made on the
 *   real `@microsoft/office-js`, whose request bodies are measured): syncs, the largest
 *   request, the time (the writer, the fake and Office.js — not Excel), beside the workbook
 *   without the dashboard;
 * - LibreOffice opening, recalculating (every formula on load) and saving the workbook with
 *   its dashboard and charts, beside the one without, round by round.
 * Figures are median (min–max).
 */
import { type ExcelRunner, writeSheetSpec } from "../../src/excel/write";
import { buildDashboardSheet } from "../../src/sheets/dashboard";
import type { Plan } from "../../src/sheets/plan";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { chartXml, specValues } from "../../src/xlsx/charts";
import { writeXlsx } from "../../src/xlsx/write";
import { FakeExcel } from "../../tests/fake-excel/fake-excel";
import { trackingPlan } from "../../tests/fake-excel/sample-specs";
import { convertWithLibreOffice, findSoffice } from "../../tests/helpers/libreoffice";
import { record, single, summarize, timeMs } from "./stats";

const SECTION = "dashboard";
const MB = 1024 * 1024;
const PEOPLE = 5000;

async function timeAsync<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await f();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

export async function run(): Promise<void> {
  const base = trackingPlan(PEOPLE);
  const plan: Plan = { ...base, tracking: { ...base.tracking!, dashboard: true } };
  const options = { lang: "zh" as const, asOf: "2026-05-31" };
  const without = buildPlanWorkbook(base, options);
  const withDashboard = buildPlanWorkbook(plan, options);
  const tracking = without.sheets.find((s) => s.kind === "tracking")!;
  const dashboard = withDashboard.sheets.find((s) => s.kind === "dashboard")!;

  // The dashboard's SheetSpec from the built tracking sheet.
  const build = timeMs(() => buildDashboardSheet(tracking, plan, { lang: "zh", option: true }), 7);
  const formulas = dashboard.rows.reduce((n, r) => n + r.filter((c) => c && "f" in c).length, 0);
  record({ section: SECTION, name: `build dashboard SheetSpec, ${PEOPLE} × 12`, ...build, unit: "ms", note: `${formulas} formulas, ${dashboard.charts!.length} charts` });

  // The three chart parts alone (their caches read from the spec's cells).
  const parts = timeMs(() => {
    const values = specValues(withDashboard);
    return dashboard.charts!.map((c) => chartXml(c, values).length);
  }, 7);
  record({ section: SECTION, name: "the 3 chart parts' XML, caches included", ...parts, unit: "ms" });

  // The .xlsx with the charts, beside the same workbook without the dashboard.
  await writeXlsx(withDashboard); // warm-up
  const writes: number[] = [];
  const plain: number[] = [];
  const extra: number[] = [];
  let bytes: Uint8Array = new Uint8Array();
  let plainBytes: Uint8Array = new Uint8Array();
  for (let round = 0; round < 3; round++) {
    const p = await timeAsync(() => writeXlsx(without));
    const w = await timeAsync(() => writeXlsx(withDashboard));
    writes.push(w.ms);
    plain.push(p.ms);
    extra.push(w.ms - p.ms);
    bytes = w.value;
    plainBytes = p.value;
  }
  record({ section: SECTION, name: `write .xlsx with the dashboard and 3 charts, ${PEOPLE} × 12`, ...summarize(writes), unit: "ms" });
  record({ section: SECTION, name: `write .xlsx without the dashboard, ${PEOPLE} × 12`, ...summarize(plain), unit: "ms", note: "baseline, round by round" });
  record({ section: SECTION, name: "the dashboard's share of the .xlsx write", ...summarize(extra), unit: "ms", note: "with − without, per round" });
  record({ section: SECTION, name: `.xlsx size with the dashboard, ${PEOPLE} × 12`, ...single(bytes.length / MB), unit: "MB", note: `without: ${(plainBytes.length / MB).toFixed(2)} MB` });

  // The Office.js writer into the fake Excel.
  const officeWrite = async (spec: typeof withDashboard) => {
    const fake = new FakeExcel(["Sheet1"]);
    const t = await timeAsync(() => writeSheetSpec(spec, { run: fake.run as unknown as ExcelRunner, supports: fake.supports }));
    return { ms: t.ms, fake };
  };
  const office: number[] = [];
  const officePlain: number[] = [];
  let last: FakeExcel | undefined;
  let lastPlain: FakeExcel | undefined;
  for (let round = 0; round < 3; round++) {
    const p = await officeWrite(without);
    const w = await officeWrite(withDashboard);
    office.push(w.ms);
    officePlain.push(p.ms);
    last = w.fake;
    lastPlain = p.fake;
  }
  record({ section: SECTION, name: `Office.js write into the fake, with the dashboard, ${PEOPLE} × 12`, ...summarize(office), unit: "ms", note: "writer + fake + Office.js, not Excel" });
  record({ section: SECTION, name: `Office.js write into the fake, without the dashboard, ${PEOPLE} × 12`, ...summarize(officePlain), unit: "ms", note: "baseline, round by round" });
  record({ section: SECTION, name: `syncs, with the dashboard, ${PEOPLE} × 12`, ...single(last!.syncs), unit: "syncs", note: `without: ${lastPlain!.syncs}` });
  const largest = last!.largestRequest() / MB;
  record({ section: SECTION, name: `largest request (Office.js body), with the dashboard`, ...single(largest), unit: "MB", target: "≤ 4 MB", ok: largest <= 4, note: `without: ${(lastPlain!.largestRequest() / MB).toFixed(2)} MB` });
  const all = last!.requestBytes.reduce((a, b) => a + b, 0) - lastPlain!.requestBytes.reduce((a, b) => a + b, 0);
  record({ section: SECTION, name: "the dashboard's share of the requests (Office.js bodies)", ...single(all / 1024), unit: "KB", note: "with − without" });

  if (!findSoffice()) {
    console.log("dashboard: soffice not found, LibreOffice recalculation not measured");
    return;
  }
  const lo: number[] = [];
  const loPlain: number[] = [];
  const loExtra: number[] = [];
  for (let round = 0; round < 3; round++) {
    const p = convertWithLibreOffice([{ name: "plain.xlsx", data: plainBytes }]).ms;
    const w = convertWithLibreOffice([{ name: "dashboard.xlsx", data: bytes }]).ms;
    lo.push(w / 1000);
    loPlain.push(p / 1000);
    loExtra.push((w - p) / 1000);
  }
  record({ section: SECTION, name: `LibreOffice open + recalculate + save, with the dashboard and charts, ${PEOPLE} × 12`, ...summarize(lo), unit: "s" });
  record({ section: SECTION, name: `LibreOffice open + recalculate + save, without, ${PEOPLE} × 12`, ...summarize(loPlain), unit: "s", note: "baseline, round by round" });
  record({ section: SECTION, name: "the dashboard's share of LibreOffice's time", ...summarize(loExtra), unit: "s", note: "with − without, per round" });
}
