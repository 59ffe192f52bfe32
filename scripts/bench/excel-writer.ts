/**
 * Bench section "excel-writer": a tracking workbook for 5,000 reps × 12 months (the real
 * builder, src/sheets/tracking.ts) written through the Office.js writer into the fake Excel
 * of tests/fake-excel — time to build the SheetSpec, syncs (target ≤ 4), the largest request
 * as the fake counts it (JSON of everything queued before one sync, envelope included;
 * target ≤ 4 MB, Excel on the web refuses 5 MB), the whole payload, and the time of the
 * write. The write's time is the writer's own work plus the fake's bookkeeping — not Excel's:
 * a real Excel adds its round trips and its own work.
 */
import { type ExcelRunner, writeSheetSpec } from "../../src/excel/write";
import { FakeExcel } from "../../tests/fake-excel/fake-excel";
import { trackingPlan, trackingWorkbook } from "../../tests/fake-excel/sample-specs";
import { buildTrackingSheet } from "../../src/sheets/tracking";
import { record, repeat, single, timeMs } from "./stats";

const SECTION = "excel-writer";
const MB = 1024 * 1024;

export async function run(): Promise<void> {
  for (const people of [1000, 5000]) {
    const plan = trackingPlan(people);
    const build = timeMs(() => buildTrackingSheet(plan, { lang: "zh", asOf: "2026-05-31" }), 5);
    record({ section: SECTION, name: `build tracking SheetSpec, ${people} × 12`, ...build, unit: "ms" });

    const spec = trackingWorkbook(people);
    let last: FakeExcel | undefined;
    let result: Awaited<ReturnType<typeof writeSheetSpec>> | undefined;
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      const fake = new FakeExcel(["Sheet1"]);
      const t0 = process.hrtime.bigint();
      result = await writeSheetSpec(spec, { run: fake.run as unknown as ExcelRunner, supports: () => true });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      last = fake;
    }
    const fake = last!;
    const write = repeat(times.length, (i) => times[i]);
    const largest = fake.largestRequest() / MB;
    const payload = fake.requestBytes.reduce((a, b) => a + b, 0) / MB;
    const big = people === 5000;
    record({ section: SECTION, name: `write ${people} × 12 into the fake Excel`, ...write, unit: "ms", note: "writer + fake, not Excel" });
    record({ section: SECTION, name: `syncs, ${people} × 12`, ...single(fake.syncs), unit: "syncs", ...(big ? { target: "≤ 4", ok: fake.syncs <= 4 } : {}) });
    record({ section: SECTION, name: `largest request, ${people} × 12`, ...single(largest), unit: "MB", target: "≤ 4 MB", ok: largest <= 4 });
    record({ section: SECTION, name: `all requests, ${people} × 12`, ...single(payload), unit: "MB", note: `${fake.requestBytes.map((b) => (b / MB).toFixed(2)).join(" + ")}` });
    record({ section: SECTION, name: `writer's own count of its largest request, ${people} × 12`, ...single(result!.largestRequest / MB), unit: "MB" });
  }
}
