/**
 * Bench section "quarterly-sheet": the quarterly split of 5,000 reps with their twelve
 * months (every quarter and month a native largest-remainder formula with its helper cells)
 * — time to build the SheetSpec, time to write the .xlsx and its size, and LibreOffice's
 * time to open and recalculate it, against the same soffice call on a one-cell workbook
 * side by side (start-up); the recalculated file is read back once for error cells and
 * failing `Check_*` cells.
 *
 * Without soffice the LibreOffice figures are left out with a line saying so.
 */
import { buildQuarterlySplit } from "../../src/sheets/quarterly";
import { writeXlsx } from "../../src/xlsx/write";
import { readXlsxCells } from "../../src/xlsx/read";
import { convertWithLibreOffice, findSoffice, recalculate } from "../../tests/helpers/libreoffice";
import { record, single, summarize, timeMs } from "./stats";

const SECTION = "quarterly-sheet";
const MB = 1024 * 1024;

export async function run(): Promise<void> {
  const reps = 5000;
  // Annual targets like a real team's: 1.2–6.0 million, not round, in 元, rounded to 100 元.
  const annual = Array.from({ length: reps }, (_, i) => 1200000 + ((i * 7919) % 4800000) + (i % 97));
  const input = {
    names: annual.map((_, i) => `Rep ${i + 1}`),
    annual,
    weights: [25, 30, 25, 20],
    unit: 100,
    months: true,
    monthWeights: [3, 3, 4, 3, 3, 4, 3, 3, 4, 3, 3, 4],
    lang: "en" as const,
  };
  const build = timeMs(() => buildQuarterlySplit(input), 5);
  record({ section: SECTION, name: `build SheetSpec, ${reps} reps × (4 quarters + 12 months)`, ...build, unit: "ms" });
  const spec = buildQuarterlySplit(input);
  const formulas = spec.sheets[0].rows.reduce((n, r) => n + r.filter((c) => c && "f" in c).length, 0);
  const writes: number[] = [];
  let bytes: Uint8Array = new Uint8Array();
  for (let round = 0; round < 3; round++) {
    const t0 = process.hrtime.bigint();
    bytes = await writeXlsx(spec);
    writes.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  record({ section: SECTION, name: `write .xlsx, ${reps} reps`, ...summarize(writes), unit: "ms", note: `${formulas.toLocaleString("en")} formulas` });
  record({ section: SECTION, name: `.xlsx size, ${reps} reps`, ...single(bytes.length / MB), unit: "MB" });

  if (!findSoffice()) {
    console.log("quarterly-sheet: soffice not found, LibreOffice recalculation not measured");
    return;
  }
  const tiny = await writeXlsx({ sheets: [{ name: "S", kind: "notes", rows: [[{ f: "1+1" }]] }], names: [] });
  const whole: number[] = [];
  const net: number[] = [];
  for (let round = 0; round < 3; round++) {
    const s = convertWithLibreOffice([{ name: "tiny.xlsx", data: tiny }]).ms;
    const w = convertWithLibreOffice([{ name: "quarterly.xlsx", data: bytes }]).ms;
    whole.push(w / 1000);
    net.push((w - s) / 1000);
  }
  record({ section: SECTION, name: `LibreOffice open + recalculate + save, ${reps} reps`, ...summarize(whole), unit: "s" });
  record({ section: SECTION, name: `LibreOffice, ${reps} reps minus start-up`, ...summarize(net), unit: "s", note: "per round, side by side" });

  const [book] = await recalculate([{ name: "quarterly.xlsx", data: bytes }]);
  const read = (await readXlsxCells(book.workbook))[spec.sheets[0].name];
  let errors = 0;
  for (const c of Object.values(read)) if (c.error) errors++;
  const failing = spec.names.filter((n) => read[n.ref.replace(/\$/g, "")]?.value !== true).length;
  record({ section: SECTION, name: `recalculated ${reps} reps: error cells, failing checks`, ...single(errors + failing), unit: "cells", target: "0", ok: errors + failing === 0 });
}
