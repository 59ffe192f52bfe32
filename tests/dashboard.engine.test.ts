/*
 * The dashboard in a real engine: workbooks with a dashboard written by src/xlsx, recalculated
 * by LibreOffice Calc (every formula computed on load) and read back:
 * - every dashboard cell equals what the builder expects (numbers within 1e-9 relative), no
 *   cell is an error, every Check_Dashboard_* is TRUE — the seed plan's ties to 15 digits
 *   (95.8333…% twice) included;
 * - an actual changed on the tracking sheet (the expectations left as they were) moves the
 *   dashboard to what the formulas, evaluated here from the changed cells, give;
 * - the file LibreOffice saves still has the charts, their series reading the tracking sheet;
 * - the dashboard printed to PDF and each page turned into a PNG (tests/.out/dashboard/), the
 *   pictures to look at: charts drawn, bars where the numbers say, Chinese text visible.
 * One soffice call for the recalculations and one for the pictures. Without LibreOffice the
 * suite is skipped with a line saying so, except on CI (CI=true), where it fails.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import JSZip from "jszip";
import { TRACKING_CELLS, rankedAttainment } from "../src/sheets/dashboard";
import { type Plan, validatePlan } from "../src/sheets/plan";
import type { CellSpec, CellValue, SheetSpec, WorkbookSpec } from "../src/sheets/spec";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { type CellsRead, readXlsxCells, readXlsxNames } from "../src/xlsx/read";
import { writeXlsx } from "../src/xlsx/write";
import { XlError, colLetters, workbookEvaluator } from "./helpers/formula-eval";
import { type Recalculated, convertWithLibreOffice, recalculate } from "./helpers/libreoffice";
import { describeWithEngines } from "./helpers/engines";
import { parseXml, walk } from "./helpers/xml-tree";

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "tests", ".out", "dashboard");

function example(file: string): Plan {
  const json = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", file), "utf8")) as { tracking: Record<string, unknown> };
  json.tracking.dashboard = true;
  const v = validatePlan(json);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.plan;
}

/** Equal as the engine promises: numbers within 1e-9 relative, a formula's "" as an empty result. */
function sameValue(got: CellValue | undefined, want: CellValue): boolean {
  if (typeof want === "number") return typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(got), Math.abs(want));
  if (want === "" || want === null) return got === undefined || got === "" || got === null;
  return got === want;
}

/** The same workbook with one tracking actual changed (the dashboard's expectations left as built). */
function withActual(spec: WorkbookSpec, row: number, month: number, value: number): WorkbookSpec {
  const col = TRACKING_CELLS.firstMonthCol + 2 * month + 1;
  const sheets = spec.sheets.map((s) =>
    s.kind !== "tracking" ? s : { ...s, rows: s.rows.map((r, i) => (i === TRACKING_CELLS.firstDataRow + row ? r.map((c, j) => (j === col ? ({ v: value, input: true } as CellSpec) : c)) : r)) },
  );
  return { ...spec, sheets };
}

/** The .xlsx with only `keep` visible and active (LibreOffice prints the visible sheets). */
async function onlySheet(xlsx: Uint8Array, keep: string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(xlsx);
  let xml = await zip.file("xl/workbook.xml")!.async("string");
  let index = -1;
  let i = 0;
  xml = xml.replace(/<sheet\b[^>]*\/>/g, (tag) => {
    const mine = tag.includes(`name="${keep}"`);
    if (mine) index = i;
    i++;
    if (mine || /state="veryHidden"/.test(tag)) return tag;
    return /state="[^"]*"/.test(tag) ? tag.replace(/state="[^"]*"/, 'state="hidden"') : tag.replace("<sheet ", '<sheet state="hidden" ');
  });
  xml = xml.replace(/<definedName\b[^>]*name="_xlnm\.Print_Area"[^>]*>[^<]*<\/definedName>/g, (tag) => (tag.includes(`localSheetId="${index}"`) ? tag : ""));
  xml = xml.replace(/activeTab="\d+"/, `activeTab="${index}"`).replace(/firstSheet="\d+"/, `firstSheet="${index}"`);
  zip.file("xl/workbook.xml", xml);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

describeWithEngines(["libreoffice", "poppler"], "the dashboard in LibreOffice", () => {
  const books: { name: string; spec: WorkbookSpec; changed?: { row: number; month: number; value: number } }[] = [
    { name: "seed-zh.xlsx", spec: buildPlanWorkbook(example("seed-plan.json"), { lang: "zh", asOf: "2025-03-31" }) },
    { name: "team-en.xlsx", spec: buildPlanWorkbook(example("team-8-reps.json"), { lang: "en", asOf: "2025-06-30" }) },
  ];
  // Sun Li's June arrives: 700 (万元), so far ahead that Sun Li tops the list.
  const team = books[1].spec;
  books.push({ name: "team-en-june.xlsx", spec: withActual(team, 4, 5, 700), changed: { row: 4, month: 5, value: 700 } });
  const recalculated = new Map<string, { book: Recalculated; cells: CellsRead }>();

  beforeAll(async () => {
    const inputs = await Promise.all(books.map(async (b) => ({ name: b.name, data: await writeXlsx(b.spec) })));
    for (const r of await recalculate(inputs)) recalculated.set(r.name, { book: r, cells: await readXlsxCells(r.bytes) });
  }, 180_000);

  const dashboardOf = (spec: WorkbookSpec): SheetSpec => spec.sheets.find((s) => s.kind === "dashboard")!;

  test.each(["seed-zh.xlsx", "team-en.xlsx"])("%s: every dashboard cell is what the builder expects, none an error, the checks TRUE", async (name) => {
    const { spec } = books.find((b) => b.name === name)!;
    const { cells, book } = recalculated.get(name)!;
    const dashboard = dashboardOf(spec);
    let compared = 0;
    dashboard.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell || !("f" in cell)) return;
        const a1 = `${colLetters(c)}${r + 1}`;
        const got = cells[dashboard.name][a1];
        expect({ a1, error: got?.error }).toEqual({ a1, error: undefined });
        if (!sameValue(got?.value, cell.expect ?? "")) throw new Error(`${dashboard.name}!${a1} ${cell.f}: LibreOffice ${String(got?.value)}, expected ${String(cell.expect)}`);
        compared++;
      }),
    );
    expect(compared).toBeGreaterThan(80);
    const names = (await readXlsxNames(book.bytes)).filter((n) => n.name.startsWith("Check_Dashboard_"));
    expect(names.map((n) => n.name).sort()).toEqual(["Check_Dashboard_Months", "Check_Dashboard_Ranks", "Check_Dashboard_Status"]);
    for (const n of names) expect(cells[n.sheet][n.ref].value).toBe(true);
  });

  // The lists from LibreOffice's own attainments: ranked to 10 decimals, ties in the sheet's order.
  test.each(["seed-zh.xlsx", "team-en.xlsx", "team-en-june.xlsx"])(
    "%s: the top and bottom five are LibreOffice's own attainments in order, ties in the tracking sheet's order, each row once",
    (name) => {
      const { spec } = books.find((b) => b.name === name)!;
      const { cells } = recalculated.get(name)!;
      const tracking = spec.sheets.find((s) => s.kind === "tracking")!;
      const dashboard = dashboardOf(spec);
      const n = tracking.rows.length - TRACKING_CELLS.firstDataRow;
      const own = Array.from({ length: n }, (_, i) => {
        const r = TRACKING_CELLS.firstDataRow + i + 1;
        return { i, name: cells[tracking.name][`A${r}`].value, att: cells[tracking.name][`${colLetters(TRACKING_CELLS.attainment)}${r}`]?.value };
      }).filter((x): x is { i: number; name: CellValue; att: number } => typeof x.att === "number");
      const r = (x: number) => rankedAttainment(x);
      const top = [...own].sort((a, b) => r(b.att) - r(a.att) || a.i - b.i).slice(0, 5);
      const bottom = [...own].sort((a, b) => r(a.att) - r(b.att) || a.i - b.i).slice(0, 5);
      const listed = (first: number) => [0, 1, 2, 3, 4].map((k) => [cells[dashboard.name][`K${first + k}`]?.value, cells[dashboard.name][`E${first + k}`]?.value]);
      expect(listed(6)).toEqual(top.map((x) => [x.i + 1, x.name]));
      expect(listed(11)).toEqual(bottom.map((x) => [x.i + 1, x.name]));
    },
  );

  test("the seed plan's two 95.8333…% (equal but for their last bits) are a tie, in the tracking sheet's order", () => {
    const { cells } = recalculated.get("seed-zh.xlsx")!;
    expect([6, 7, 8, 9, 10].map((r) => cells["看板"][`E${r}`].value)).toEqual(["销售额", "华东销售额", "客户流失率", "回款率", "新客户数"]);
    expect(cells["看板"].F7.value).toBe(cells["看板"].F8.value);
  });

  test("an actual arriving on the tracking sheet moves the dashboard to what its formulas give", () => {
    const { spec } = books.find((b) => b.name === "team-en-june.xlsx")!;
    const { cells } = recalculated.get("team-en-june.xlsx")!;
    const before = recalculated.get("team-en.xlsx")!.cells;
    const tracking = spec.sheets.find((s) => s.kind === "tracking")!;
    const dashboard = dashboardOf(spec);
    const ev = workbookEvaluator([
      { name: tracking.name, rows: tracking.rows },
      { name: dashboard.name, rows: dashboard.rows },
    ]);
    let moved = 0;
    dashboard.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell || !("f" in cell)) return;
        const a1 = `${colLetters(c)}${r + 1}`;
        const want = ev.value(dashboard.name, r, c);
        if (want instanceof XlError) throw new Error(`${a1} evaluates to ${want.code}`);
        if (!sameValue(cells[dashboard.name][a1]?.value, want)) throw new Error(`${a1} ${cell.f}: LibreOffice ${String(cells[dashboard.name][a1]?.value)}, the formula ${String(want)}`);
        if (!sameValue(before[dashboard.name][a1]?.value, want)) moved++;
      }),
    );
    expect(moved).toBeGreaterThan(5);
    expect(cells[dashboard.name].E6.value).toBe("Sun Li");
  });

  test("the file LibreOffice saves still has the charts, their series reading the tracking sheet and the dashboard", async () => {
    const { book } = recalculated.get("seed-zh.xlsx")!;
    const zip = await JSZip.loadAsync(book.bytes);
    const parts = Object.keys(zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p));
    expect(parts).toHaveLength(3);
    const formulas: string[] = [];
    const kinds: string[] = [];
    for (const p of parts) {
      const root = parseXml(await zip.file(p)!.async("string"));
      for (const { el } of walk(root)) {
        if (el.local === "f") formulas.push(el.text.replace(/\$/g, ""));
        if (/^(bar|line|doughnut)Chart$/.test(el.local)) kinds.push(el.local);
      }
    }
    expect(kinds.sort()).toEqual(["barChart", "barChart", "doughnutChart", "lineChart"]);
    // LibreOffice writes the sheets' names unquoted where it can.
    expect(formulas.map((f) => f.replace(/'/g, ""))).toEqual(expect.arrayContaining(["目标管理表!A6:A10", "目标管理表!AH6:AH10", "看板!B6:B8"]));
  });

  test("printed: the dashboard's pages as pictures (tests/.out/dashboard/*.png)", async () => {
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    const prints = await Promise.all(
      books
        .filter((b) => !b.changed)
        .map(async (b) => ({ name: b.name.replace(".xlsx", "-dashboard.xlsx"), data: await onlySheet(await writeXlsx(b.spec), dashboardOf(b.spec).name) })),
    );
    const { files } = convertWithLibreOffice(prints, { to: "pdf", outDir: OUT });
    for (const [name, pdf] of files) {
      const r = spawnSync("pdftoppm", ["-png", "-r", "100", pdf, path.join(OUT, name.replace(".xlsx", ""))], { encoding: "utf8" });
      expect(r.status).toBe(0);
    }
    const pngs = fs.readdirSync(OUT).filter((f) => f.endsWith(".png"));
    expect(pngs.length).toBeGreaterThanOrEqual(2);
    for (const p of pngs) expect(fs.statSync(path.join(OUT, p)).size).toBeGreaterThan(20_000);
  }, 180_000);
});
