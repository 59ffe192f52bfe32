/**
 * Bench section "excel-writer": workbooks written through the Office.js writer into the fake
 * Excel of tests/fake-excel — a tracking workbook for 1,000 and 5,000 reps × 12 months (the
 * real builder, src/sheets/tracking.ts), a sheet of 3,000 conditional formats and one of
 * 5,000 bordered ranges — time to build the SheetSpec, syncs (target ≤ 4 for 5,000 × 12),
 * the largest request as Office.js itself serializes it (the fake makes every call on the
 * real `@microsoft/office-js` too and measures its request body; target ≤ 4 MB, Excel on
 * the web refuses 5 MB), the writer's own measure of it, and how much larger a request is
 * than the data in it (what a count of data alone would miss). The write's time is the
 * writer's own work plus the fake's and Office.js's bookkeeping — not Excel's: a real Excel
 * adds its round trips and its own work.
 */
import { cellInput, jsonBytes } from "../../src/excel/chunks";
import { type ExcelRunner, writeSheetSpec } from "../../src/excel/write";
import { FakeExcel } from "../../tests/fake-excel/fake-excel";
import { borderedWorkbook, conditionalFormatsWorkbook, trackingPlan, trackingWorkbook } from "../../tests/fake-excel/sample-specs";
import { buildTrackingSheet } from "../../src/sheets/tracking";
import type { WorkbookSpec } from "../../src/sheets/spec";
import { record, repeat, single, timeMs } from "./stats";

const SECTION = "excel-writer";
const MB = 1024 * 1024;

/**
 * The JSON of a spec's data as the writer once counted its requests: the cells as they go to
 * `Range.formulas`, and each format, rule, validation, merge and table as its own JSON.
 */
function dataBytes(spec: WorkbookSpec): number {
  let n = 0;
  for (const s of spec.sheets) {
    n += jsonBytes(s.rows.map((row) => row.map((c) => cellInput(c, false))));
    for (const x of [...(s.formats ?? []), ...(s.conditionalFormats ?? []), ...(s.validations ?? []), ...(s.merges ?? []), ...(s.tables ?? [])]) n += jsonBytes(x);
  }
  return n;
}

/** Writes `spec` `rounds` times into fresh fakes and records what the section reports for it. */
async function measure(label: string, spec: WorkbookSpec, rounds: number, syncTarget?: number): Promise<void> {
  let fake: FakeExcel | undefined;
  let own: number[] = [];
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const f = new FakeExcel(["Sheet1"]);
    const mine: number[] = [];
    const t0 = process.hrtime.bigint();
    await writeSheetSpec(spec, { run: f.run as unknown as ExcelRunner, supports: f.supports, onRequest: (b) => mine.push(b) });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    fake = f;
    own = mine;
  }
  const written = fake!;
  const largest = written.largestRequest() / MB;
  const total = written.requestBytes.reduce((a, b) => a + b, 0);
  record({ section: SECTION, name: `write ${label} into the fake Excel`, ...repeat(times.length, (i) => times[i]), unit: "ms", note: "writer + fake + Office.js, not Excel" });
  record({ section: SECTION, name: `syncs, ${label}`, ...single(written.syncs), unit: "syncs", ...(syncTarget ? { target: `≤ ${syncTarget}`, ok: written.syncs <= syncTarget } : {}) });
  record({ section: SECTION, name: `largest request (Office.js body), ${label}`, ...single(largest), unit: "MB", target: "≤ 4 MB", ok: largest <= 4 });
  record({ section: SECTION, name: `all requests, ${label}`, ...single(total / MB), unit: "MB", note: written.requestBytes.map((b) => (b / MB).toFixed(2)).join(" + ") });
  record({ section: SECTION, name: `writer's own measure of its largest request, ${label}`, ...single(Math.max(...own) / MB), unit: "MB" });
  record({ section: SECTION, name: `requests ÷ data, ${label}`, ...single(total / dataBytes(spec)), unit: "×", note: "bytes Office.js sends per byte of data (cells, formats, rules)" });
}

export async function run(): Promise<void> {
  for (const people of [1000, 5000]) {
    const plan = trackingPlan(people);
    const build = timeMs(() => buildTrackingSheet(plan, { lang: "zh", asOf: "2026-05-31" }), 5);
    record({ section: SECTION, name: `build tracking SheetSpec, ${people} × 12`, ...build, unit: "ms" });
    await measure(`${people} × 12`, trackingWorkbook(people), 3, people === 5000 ? 4 : undefined);
  }
  await measure("3,000 conditional formats", conditionalFormatsWorkbook(3000), 2);
  await measure("5,000 bordered ranges", borderedWorkbook(5000), 2);
}
