/**
 * Bench section "cascade": a company of N people in four levels (the top, regions of about
 * 500, teams of 20, people; a 10 % buffer, one new starter in ten, commitments, an amount, a
 * count and a rate; tests/helpers/cascade-plans.ts `bigCascadePlan`), N from 500 to 5,000:
 * - validate the plan and work the cascade out (the engine a pane runs after every edit);
 * - build the WorkbookSpec (table, managers' letters, the plan) and count its formulas;
 * - write the .xlsx (src/xlsx) and its size;
 * - LibreOffice: open, recalculate every formula and save (500, 2,000 and 5,000), with the
 *   error cells and the Check_* names not TRUE in the result;
 * - the Office.js writer into the fake Excel (tests/fake-excel): syncs, the largest request
 *   (JSON of what is queued before one sync; Excel on the web refuses 5 MB), time (the
 *   writer's and the fake's work, not Excel's);
 * - at 5,000, the letters of all 5,000 people too: build and write.
 * Growth is read off the sizes side by side. Without soffice the LibreOffice figures are
 * left out with a line saying so.
 */
import { type ExcelRunner, writeSheetSpec } from "../../src/excel/write";
import { resolveCascade } from "../../src/sheets/cascade";
import { type Plan, validatePlan } from "../../src/sheets/plan";
import type { WorkbookSpec } from "../../src/sheets/spec";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { readXlsxCells, readXlsxNames } from "../../src/xlsx/read";
import { writeXlsx } from "../../src/xlsx/write";
import { FakeExcel } from "../../tests/fake-excel/fake-excel";
import { bigCascadePlan } from "../../tests/helpers/cascade-plans";
import { findSoffice, recalculate } from "../../tests/helpers/libreoffice";
import { record, single, summarize, timeMs } from "./stats";

const SECTION = "cascade";
const MB = 1024 * 1024;
const SIZES = [500, 1000, 2000, 5000];
const LIBREOFFICE_AT = new Set([500, 2000, 5000]);

async function timeAsync<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await f();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

function planOf(people: number, letters: "managers" | "all"): Plan {
  const v = validatePlan(bigCascadePlan(people, { letters }));
  if (!v.ok) throw new Error(`bigCascadePlan(${people}) does not validate: ${v.problems[0].path} ${v.problems[0].message.en}`);
  return v.plan;
}

function formulasOf(spec: WorkbookSpec): { cells: number; formulas: number } {
  let cells = 0;
  let formulas = 0;
  for (const s of spec.sheets)
    for (const row of s.rows)
      for (const c of row) {
        if (!c) continue;
        cells++;
        if ("f" in c) formulas++;
      }
  return { cells, formulas };
}

export async function run(): Promise<void> {
  const soffice = findSoffice();
  if (!soffice) console.log("cascade: soffice not found, LibreOffice recalculation not measured");
  for (const people of SIZES) {
    const rounds = people <= 1000 ? 3 : people <= 2000 ? 2 : 1;
    const raw = bigCascadePlan(people, { letters: "managers" });
    const validate = timeMs(() => validatePlan(raw), rounds);
    record({ section: SECTION, name: `validate the plan, ${people} people`, ...validate, unit: "ms" });
    const plan = planOf(people, "managers");
    const resolve = timeMs(() => resolveCascade(plan), Math.max(3, rounds));
    record({ section: SECTION, name: `work the cascade out (resolveCascade), ${people} people`, ...resolve, unit: "ms", note: "what a pane runs after an edit" });
    const build = timeMs(() => buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-06-30" }), rounds);
    const spec = buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-06-30" });
    const { cells, formulas } = formulasOf(spec);
    record({ section: SECTION, name: `build WorkbookSpec (table, managers' letters), ${people} people`, ...build, unit: "ms", note: `${cells.toLocaleString("en")} cells, ${formulas.toLocaleString("en")} formulas` });

    const writes: number[] = [];
    let bytes: Uint8Array = new Uint8Array();
    for (let r = 0; r < rounds; r++) {
      const w = await timeAsync(() => writeXlsx(spec));
      writes.push(w.ms);
      bytes = w.value;
    }
    record({ section: SECTION, name: `write .xlsx, ${people} people`, ...summarize(writes), unit: "ms" });
    record({ section: SECTION, name: `.xlsx size, ${people} people`, ...single(bytes.length / MB), unit: "MB" });

    // The Office.js writer into the fake Excel.
    const fake = new FakeExcel();
    const w = await timeAsync(() => writeSheetSpec(spec, { run: fake.run as unknown as ExcelRunner, supports: () => true, sleep: async () => undefined }));
    const largest = fake.largestRequest() / MB;
    record({ section: SECTION, name: `Office.js writer into the fake Excel, ${people} people`, ...single(w.ms), unit: "ms", note: "writer + fake, not Excel" });
    record({ section: SECTION, name: `syncs, ${people} people`, ...single(fake.syncs), unit: "syncs", note: `writer's own count ${w.value.syncs}` });
    record({ section: SECTION, name: `largest request, ${people} people`, ...single(largest), unit: "MB", target: "< 5 MB", ok: largest < 5, note: `all requests ${(fake.requestBytes.reduce((a, b) => a + b, 0) / MB).toFixed(1)} MB` });

    if (soffice && LIBREOFFICE_AT.has(people)) {
      const t0 = Date.now();
      const [book] = await recalculate([{ name: `cascade-${people}.xlsx`, data: bytes }]);
      const seconds = (Date.now() - t0) / 1000;
      const read = await readXlsxCells(book.workbook, { includeHidden: true });
      let errors = 0;
      for (const sheet of Object.values(read)) for (const c of Object.values(sheet)) if (c.error) errors++;
      const checks = (await readXlsxNames(book.workbook)).filter((n) => n.name.startsWith("Check_"));
      const failing = checks.filter((n) => read[n.sheet]?.[n.ref]?.value !== true).length;
      record({
        section: SECTION,
        name: `LibreOffice open + recalculate + save (+ read back), ${people} people`,
        ...single(seconds),
        unit: "s",
        note: `${errors} error cells, ${failing} of ${checks.length} checks not TRUE`,
      });
    }
  }
  // Everyone's letter, at 5,000.
  const all = planOf(5000, "all");
  const build = timeMs(() => buildPlanWorkbook(all, { lang: "zh", asOf: "2025-06-30" }), 1);
  const spec = buildPlanWorkbook(all, { lang: "zh", asOf: "2025-06-30" });
  const { formulas } = formulasOf(spec);
  record({ section: SECTION, name: "build WorkbookSpec with all 5,000 people's letters", ...build, unit: "ms", note: `${formulas.toLocaleString("en")} formulas` });
  const w = await timeAsync(() => writeXlsx(spec));
  record({ section: SECTION, name: "write .xlsx with all 5,000 people's letters", ...single(w.ms), unit: "ms", note: `${(w.value.length / MB).toFixed(1)} MB` });
}
