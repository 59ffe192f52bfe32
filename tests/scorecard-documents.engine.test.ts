/*
 * The scorecard the documents write, in a real engine: examples/scorecard-roles.json (graded
 * KPI, per-incident rules, two roles, the annual bonus in months of salary) written to .xlsx,
 * once as built and once with inputs typed over the way a manager types them (a person given a
 * role, another grade picked, more complaints, a year's sales), recalculated by LibreOffice:
 * - every formula cell equals the engine's value for the plan that says the same (the typed
 *   workbook against the plan with those inputs), no error cell, every Check_ TRUE;
 * - the drop-down lists survive LibreOffice's round trip as lists read from the sheet's cells;
 * then printed to PDF and PNG under tests/.out/scorecard-documents/ to look at.
 *
 * Without LibreOffice (and poppler's pdftoppm) the suite is skipped with a line saying so,
 * except on CI (CI=true).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import JSZip from "jszip";
import { cellA1 } from "../src/sheets/formulas";
import { validatePlan, type Plan } from "../src/sheets/plan";
import type { CellSpec, CellValue, WorkbookSpec } from "../src/sheets/spec";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { readXlsxCells, readXlsxNames } from "../src/xlsx/read";
import { writeXlsx } from "../src/xlsx/write";
import { convertWithLibreOffice, recalculate } from "./helpers/libreoffice";
import { describeWithEngines } from "./helpers/engines";


const OUT = path.resolve(__dirname, ".out", "scorecard-documents");
const EXAMPLE = path.resolve(__dirname, "../examples/scorecard-roles.json");

function planOf(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("; "));
  return v.plan;
}

/** The inputs a manager types, in the plan's terms and as cells (by person and column header). */
const TYPED: { person: string; header: string; plan: (p: Record<string, unknown>) => void; value: CellValue }[] = [
  { person: "王强", header: "岗位", plan: (p) => (p.role = "rep"), value: "销售代表" },
  { person: "张伟", header: "团队协作实际", plan: (p) => ((p.actuals as Record<string, unknown>).teamwork = "差"), value: "差" },
  { person: "李娜", header: "客户有效投诉实际", plan: (p) => ((p.actuals as Record<string, unknown>).complaints = 4), value: 4 },
  { person: "赵敏", header: "年度销售额（万元）", plan: (p) => (p.annualActual = 4000000), value: 400 },
  { person: "赵敏", header: "报表按时提交实际", plan: (p) => ((p.actuals as Record<string, unknown>).reports = 3), value: 3 },
];

function same(got: CellValue | undefined, want: CellValue): boolean {
  if (typeof want === "number") return typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(got), Math.abs(want));
  if (want === "" || want === null) return got === undefined || got === "" || got === null;
  return got === want;
}

describeWithEngines(["libreoffice", "poppler"], "the documents' scorecard recalculated by LibreOffice", () => {
  const json = JSON.parse(fs.readFileSync(EXAMPLE, "utf8")) as { scorecard: { people: Record<string, unknown>[] } };
  const plan = planOf(json);
  const typedJson = JSON.parse(JSON.stringify(json)) as typeof json;
  for (const t of TYPED) t.plan(typedJson.scorecard.people.find((p) => p.name === t.person)!);
  const typedPlan = planOf(typedJson);

  const built: { name: string; spec: WorkbookSpec; want: WorkbookSpec }[] = [];
  const cells: Record<string, Awaited<ReturnType<typeof readXlsxCells>>> = {};
  const xml: Record<string, string> = {};
  const names: Record<string, Awaited<ReturnType<typeof readXlsxNames>>> = {};

  beforeAll(async () => {
    fs.mkdirSync(OUT, { recursive: true });
    for (const lang of ["zh", "en"] as const) {
      const spec = buildPlanWorkbook(plan, { lang, asOf: "2025-06-30" });
      built.push({ name: `scorecard-roles-${lang}.xlsx`, spec, want: spec });
    }
    // The Chinese workbook with the inputs typed over, against the plan that says the same.
    const spec = buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-06-30" });
    const sheet = spec.sheets.find((s) => s.kind === "scorecard")!;
    const isText = (c: CellSpec | null | undefined, text: string): boolean => !!c && "v" in c && c.v === text;
    const header = sheet.rows.findIndex((r) => isText(r[0], "姓名"));
    const rows = sheet.rows.map((r) => r.slice());
    for (const t of TYPED) {
      const r = rows.findIndex((row, i) => i > header && isText(row[0], t.person));
      const c = rows[header].findIndex((x) => isText(x, t.header));
      if (r < 0 || c < 0) throw new Error(`no cell for ${t.person} / ${t.header}`);
      rows[r][c] = { v: t.value, input: true } as CellSpec;
    }
    const typedSpec: WorkbookSpec = { ...spec, sheets: spec.sheets.map((s) => (s === sheet ? { ...s, rows } : s)) };
    built.push({ name: "scorecard-roles-typed.xlsx", spec: typedSpec, want: buildPlanWorkbook(typedPlan, { lang: "zh", asOf: "2025-06-30" }) });

    const books = await Promise.all(built.map(async (b) => ({ name: b.name, data: await writeXlsx(b.spec) })));
    const recalculated = await recalculate(books);
    for (const r of recalculated) {
      cells[r.name] = await readXlsxCells(r.bytes);
      names[r.name] = await readXlsxNames(r.bytes);
      const zip = await JSZip.loadAsync(r.bytes);
      xml[r.name] = (await Promise.all(Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async("string")))).join("\n");
    }
    // To look at: the example as printed.
    const { files } = convertWithLibreOffice(books.slice(0, 2), { to: "pdf", outDir: OUT });
    for (const pdf of files.values()) {
      const png = spawnSync("pdftoppm", ["-png", "-r", "110", pdf, pdf.replace(/\.pdf$/, "")]);
      if (png.status !== 0) throw new Error(`pdftoppm failed on ${pdf}: ${png.stderr}`);
    }
  }, 240_000);

  test("every formula cell is the engine's value, the typed workbook's that of the plan saying the same", () => {
    expect(Object.keys(cells).sort()).toEqual(built.map((b) => b.name).sort());
    for (const b of built) {
      const sheet = b.spec.sheets.find((s) => s.kind === "scorecard")!;
      const wantSheet = b.want.sheets.find((s) => s.kind === "scorecard")!;
      const got = cells[b.name][sheet.name];
      let compared = 0;
      wantSheet.rows.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (!cell || !("f" in cell) || cell.expect === undefined) return;
          const address = cellA1(r, c);
          const v = got[address]?.value;
          if (!same(v, cell.expect)) throw new Error(`${b.name} ${address}: LibreOffice ${JSON.stringify(v)}, engine ${JSON.stringify(cell.expect)}`);
          compared++;
        }),
      );
      expect(compared).toBeGreaterThan(60);
    }
  });
  test("the typed inputs moved the points: 王强 as a 销售代表, 张伟's 差, 李娜's four complaints, 赵敏's year", () => {
    const sheet = built[2].spec.sheets.find((s) => s.kind === "scorecard")!;
    const before = cells["scorecard-roles-zh.xlsx"][sheet.name];
    const after = cells["scorecard-roles-typed.xlsx"][sheet.name];
    const changed = Object.keys(after).filter((a) => typeof after[a]?.value === "number" && after[a]?.value !== before[a]?.value);
    expect(changed.length).toBeGreaterThanOrEqual(10);
  });
  test("no error cell, and every Check_ TRUE", () => {
    for (const b of built) {
      for (const [, sheetCells] of Object.entries(cells[b.name])) {
        for (const [address, cell] of Object.entries(sheetCells)) if (cell.error !== undefined) throw new Error(`${b.name} ${address}: ${cell.error}`);
      }
      const checks = names[b.name].filter((n) => n.name.startsWith("Check_"));
      expect(checks.map((n) => n.name).sort()).toEqual(b.spec.names.map((n) => n.name).sort());
      for (const n of checks) expect([n.name, cells[b.name][n.sheet][n.ref]?.value]).toEqual([n.name, true]);
    }
  });
  test("the drop-down lists survive as lists read from the grade table and the role header", () => {
    const x = xml["scorecard-roles-zh.xlsx"];
    // Each validation's attributes, in whatever order LibreOffice writes them, and its formula1.
    const lists = [...x.matchAll(/<dataValidation( [^>]*)>\s*<formula1>([^<]*)<\/formula1>/g)]
      .filter((m) => / type="list"/.test(m[1]))
      .map((m) => [/ sqref="([^"]+)"/.exec(m[1])![1], m[2]]);
    expect(lists).toEqual(expect.arrayContaining([["N15:N19", "$S$4:$S$8"], ["P15:P19", "$J$3:$K$3"]]));
  });
  test("the printed sheets are there to look at", () => {
    for (const lang of ["zh", "en"]) expect(fs.existsSync(path.join(OUT, `scorecard-roles-${lang}-1.png`))).toBe(true);
  });
});
