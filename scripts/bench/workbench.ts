/**
 * Bench section "workbench": the pane's workbench (outside Excel) on the three inputs that
 * killed the pane's tab (issue 14), in Node, as the pane runs them:
 * - an .xlsx holding one value at XFD1048576: open it, find the number columns (the
 *   column picker), read the picked column as the flow does;
 * - a 32 MB .xlsx of 500,000 rows × 9 columns: open it (read up to the 1,000,000-cell cap),
 *   find the number columns, read the "Annual" column and the quarterly split's targets
 *   (refused past 10,000 rows, with a message);
 * - a paste of 100,000 rows where one row has 20,000 tabs: read it, find the number columns;
 * and the cost of giving an opened file back (the ExcelJS rewrite) at the cap of 300,000
 * cells. Time is wall time of the whole step; "peak heap" is the most heap in use sampled
 * every 10 ms during the step (the workbench yields to the event loop as it reads) minus
 * the heap before it; "held" is what stays after a forced GC. The inputs are made on the
 * fly (tests/pane/big-inputs.ts), never committed.
 */
import { rowsXlsx, cornerXlsx, widePaste } from "../../tests/pane/big-inputs";
import { Workbench } from "../../src/taskpane/workbench/workbench";
import { memorySettings } from "../../src/taskpane/workbench/memory";
import { numberColumnsOf } from "../../src/taskpane/components/WorkbenchTable";
import { readTargets } from "../../src/taskpane/flows/quarterly-input";
import { stringsFor } from "../../src/taskpane/i18n";
import { areaAddress } from "../../src/taskpane/workbench/a1";
import { record, requireGc, single } from "./stats";

const SECTION = "workbench";
const MB = 2 ** 20;

/** Runs `step`, sampling the heap as it goes: seconds, peak and held heap in MB. */
async function measure(step: () => Promise<unknown>): Promise<{ seconds: number; peak: number; held: number; kept: unknown }> {
  const gc = requireGc();
  // Let what the step before left to timers (a stopped inflate stream's last tick) run out first.
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
  const t0 = process.hrtime.bigint();
  const kept = await step();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  gc();
  gc();
  return { seconds, peak: (peak - before) / MB, held: (process.memoryUsage().heapUsed - before) / MB, kept };
}

/** What the pane does after a paste or an open: the column pickers, then the picked column read. */
async function pickAndRead(wb: Workbench): Promise<string> {
  const columns = wb.visibleSheets().flatMap((s) => numberColumnsOf(s, wb.cellsOf(s)));
  const column = columns.find((c) => c.header === "Annual") ?? columns[columns.length - 1];
  if (!column) return "no number column";
  wb.select(column.sheet, areaAddress({ top: column.top, bottom: column.bottom, left: column.col, right: column.col }));
  const selection = await wb.readSelection();
  const read = selection ? readTargets(selection, stringsFor("en-US")) : undefined;
  return read && "problem" in read ? read.problem : `${read?.targets.annual.length ?? 0} targets`;
}

function report(name: string, m: { seconds: number; peak: number; held: number }, note: string): void {
  record({ section: SECTION, name: `${name}: time`, ...single(m.seconds), unit: "s", note });
  record({ section: SECTION, name: `${name}: peak heap`, ...single(m.peak), unit: "MB" });
  record({ section: SECTION, name: `${name}: held after`, ...single(m.held), unit: "MB" });
}

/** Opens (or pastes) an input made by `make` in a new workbench and measures it; nothing outlives the call. */
async function step(name: string, make: () => Uint8Array | string, then: (wb: Workbench) => Promise<string>): Promise<void> {
  const input = make();
  const size = typeof input === "string" ? `${(input.length / MB).toFixed(1)} MB of text` : input.length < MB ? `${(input.length / 1024).toFixed(1)} KB` : `${(input.length / MB).toFixed(1)} MB`;
  const wb = new Workbench({ settings: memorySettings() });
  const m = await measure(async () => {
    if (typeof input === "string") await wb.pasteTable(input);
    else await wb.openFile(input, "input.xlsx");
    return then(wb);
  });
  report(`${name} (${size})`, m, `${String(m.kept).slice(0, 70)}${wb.notes.length ? `; notes: ${wb.notes.map((n) => n.kind).join(", ")}` : ""}`);
}

export async function run(): Promise<void> {
  await step("XFD1048576 .xlsx: open, pick, read", cornerXlsx, pickAndRead);
  console.log("bench: workbench: making the 500,000-row file …");
  await step("500,000-row .xlsx: open, pick, split's read", () => rowsXlsx(500_000), pickAndRead);
  await step("paste of 100,000 rows, one of 20,000 tabs: read, pick, split's read", () => widePaste(100_000, 20_000), pickAndRead);
  // Giving an opened file back at the rewrite cap (ExcelJS holds the whole workbook).
  const wb = new Workbench({ settings: memorySettings() });
  await wb.openFile(rowsXlsx(33_332), "cap.xlsx"); // 300,000 cells over 9 columns
  await wb.write({ sheets: [{ name: "Split", kind: "split", rows: [[{ v: "Q1" }], [{ v: 1 }]] }], names: [] });
  const m = await measure(() => wb.download());
  report("download of an opened 300,000-cell file (the rewrite cap)", m, "ExcelJS load + write (addToXlsx) + the carried-over check");
}
