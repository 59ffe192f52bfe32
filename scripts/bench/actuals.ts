/**
 * Bench section "actuals": importing a 5,000-row export into a 5,000 × 12 tracking sheet that
 * the real builder wrote into the fake Excel of tests/fake-excel (its January–May actuals
 * filled, June–December blank). Two exports, as CSV text the way the CLI and an opened file
 * read it: a year's export laid out wide (5,000 rows × 12 months, January–May the same as
 * the sheet's, so 35,000 cells change) and a month's laid out long (5,000 rows of name,
 * month, amount for June: 5,000 cells). For each: the time to read, match and plan (pure,
 * src/sheets/actuals*.ts), and the whole import through the port as the pane runs it
 * (find the tracking sheet, read its actual cells, write the changes with
 * `WorkbookPort.writeCells`) — syncs to find and read, syncs to write (target ≤ 4, as for the
 * writer's 5,000 × 12 sheet), the largest request as Office.js itself
 * serializes it (target ≤ 4 MB, Excel on the web refuses 5 MB) and the time spent, which is
 * our code plus the fake's and Office.js's bookkeeping — not Excel's.
 */
import { createOfficeWorkbook } from "../../src/excel/office-workbook";
import { type ExcelRunner, writeSheetSpec } from "../../src/excel/write";
import { readExport } from "../../src/sheets/actuals";
import { splitDelimited } from "../../src/sheets/actuals-csv";
import { matchNames } from "../../src/sheets/actuals-match";
import { type FoundTracking, type TrackingReader, findTrackingSheets, planActuals, readActualCells } from "../../src/sheets/actuals-sheet";
import type { Plan } from "../../src/sheets/plan";
import type { CellValue } from "../../src/sheets/spec";
import { FakeExcel, FakeSettings } from "../../tests/fake-excel/fake-excel";
import { trackingPlan, trackingWorkbook } from "../../tests/fake-excel/sample-specs";
import { record, repeat, single, timeMs } from "./stats";

const SECTION = "actuals";
const MB = 1024 * 1024;
const PEOPLE = 5000;

/** The export's amount for rep `i`, month `m` (0 = January): the sheet's own figure for January–May. */
function amount(plan: Plan, i: number, m: number): number {
  return plan.tracking!.rows[i].actuals?.[m] ?? 95_000 + ((i * 11 + m * 17) % 50) * 1_000;
}

/** A CSV field, quoted (RFC 4180: a quote inside doubled). */
const field = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** A CRM's year export, wide: a title, the unit, a header, one row per rep, a totals row. */
function wideExport(plan: Plan): string {
  const lines = ["2026 年回款明细", "单位：元", ["销售员", ...Array.from({ length: 12 }, (_, m) => `${m + 1}月`)].join(",")];
  plan.tracking!.rows.forEach((r, i) => lines.push([field(r.name), ...Array.from({ length: 12 }, (_, m) => amount(plan, i, m))].join(",")));
  lines.push(["合计", ...Array.from({ length: 12 }, () => "")].join(","));
  return lines.join("\r\n");
}

/** A CRM's month export, long: name, month, amount for June, one row per rep. */
function longExport(plan: Plan): string {
  const lines = ["姓名,月份,金额(元)"];
  plan.tracking!.rows.forEach((r, i) => lines.push(`${field(r.name)},2026-06,${field(amount(plan, i, 5).toLocaleString("en-US"))}`));
  return lines.join("\r\n");
}

/** Read, match and plan: what the pane and the CLI compute between reading the sheet and writing. */
function decide(plan: Plan, found: FoundTracking, current: CellValue[][], csv: string) {
  const read = readExport(splitDelimited(csv), { year: plan.year });
  const names = [...new Map(read.entries.map((e) => [e.key, e.name])).values()];
  const matching = matchNames(names, found.layout.names[found.lang]);
  return planActuals({ plan, found, current, read, matching });
}

/** The tracking workbook written into a fresh fake Excel, and a port on it. */
async function freshWorkbook() {
  const spec = trackingWorkbook(PEOPLE);
  const fake = new FakeExcel(["Sheet1"]);
  await writeSheetSpec(spec, { run: fake.run as unknown as ExcelRunner, supports: fake.supports });
  const port = createOfficeWorkbook({ run: fake.run as unknown as ExcelRunner, supports: fake.supports, sleep: async () => undefined, settings: new FakeSettings() });
  const reader: TrackingReader = {
    sheetNames: () => port.sheetNames(),
    checks: async () => (await port.readChecks()).map((c) => ({ name: c.name, sheet: c.sheet })),
    formulas: (sheet, address) => port.readFormulas!(sheet, address),
  };
  return { fake, port, reader };
}

/** Imports `csv` `rounds` times into fresh workbooks and records the figures. */
async function measure(label: string, csv: string, expected: number, rounds: number): Promise<void> {
  const plan = trackingPlan(PEOPLE);
  const times: number[] = [];
  const writeTimes: number[] = [];
  let readSyncs = 0;
  let writeSyncs = 0;
  let largest = 0;
  let total = 0;
  let pure = single(0);
  for (let round = 0; round < rounds; round++) {
    const { fake, port, reader } = await freshWorkbook();
    const syncsBefore = fake.syncs;
    const bytesBefore = fake.requestBytes.length;
    const t0 = process.hrtime.bigint();
    const [found] = await findTrackingSheets(plan, reader);
    const { actuals } = await readActualCells(found, reader);
    const result = decide(plan, found, actuals, csv);
    if (result.changes.length !== expected) throw new Error(`${label}: ${result.changes.length} changes, expected ${expected}`);
    const t1 = process.hrtime.bigint();
    const syncsRead = fake.syncs;
    await port.writeCells!(found.sheet, result.changes.map((c) => ({ address: c.address, value: c.to, was: c.from })));
    const t2 = process.hrtime.bigint();
    times.push(Number(t2 - t0) / 1e6);
    writeTimes.push(Number(t2 - t1) / 1e6);
    readSyncs = syncsRead - syncsBefore;
    writeSyncs = fake.syncs - syncsRead;
    const sent = fake.requestBytes.slice(bytesBefore);
    largest = Math.max(...sent) / MB;
    total = sent.reduce((a, b) => a + b, 0) / MB;
    if (round === 0) pure = timeMs(() => decide(plan, found, actuals, csv), 5);
  }
  record({ section: SECTION, name: `read, match and plan, ${label}`, ...pure, unit: "ms", note: "pure: src/sheets/actuals*.ts" });
  record({ section: SECTION, name: `whole import into the fake Excel, ${label}`, ...repeat(times.length, (i) => times[i]), unit: "ms", note: "find + read + plan + write; ours + fake + Office.js, not Excel" });
  record({ section: SECTION, name: `writeCells into the fake Excel, ${label}`, ...repeat(writeTimes.length, (i) => writeTimes[i]), unit: "ms", note: `${expected.toLocaleString("en-US")} cells` });
  record({ section: SECTION, name: `syncs to find the sheet and read its actuals, ${label}`, ...single(readSyncs), unit: "syncs", note: "sheet names, checks, header, names, actuals in blocks of 4,000 rows, as-of" });
  record({ section: SECTION, name: `syncs to write, ${label}`, ...single(writeSyncs), unit: "syncs", target: "≤ 4", ok: writeSyncs <= 4, note: "look (formulas, protection, values now), write" });
  record({ section: SECTION, name: `largest request (Office.js body), ${label}`, ...single(largest), unit: "MB", target: "≤ 4 MB", ok: largest <= 4 });
  record({ section: SECTION, name: `all requests, ${label}`, ...single(total), unit: "MB" });
}

export async function run(): Promise<void> {
  const plan = trackingPlan(PEOPLE);
  await measure("5,000 rows wide × 12 months (35,000 cells)", wideExport(plan), PEOPLE * 7, 3);
  await measure("5,000 rows long, one month (5,000 cells)", longExport(plan), PEOPLE, 3);
}
