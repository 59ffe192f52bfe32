/*
 * The cascade's workbooks recalculated in LibreOffice Calc (every formula computed on load):
 * the example in both languages (protected and not) and random cascades of every kind —
 * no error cell anywhere, every `Check_*` TRUE, every formula with a known result equal to
 * the engine's; a copy with a child's target typed over, whose node, level and whole-tree
 * checks turn FALSE while the others stay TRUE; a region's and a person's own workbooks
 * (`--per`). The example's sheets are printed to PDF and
 * PNG under tests/.out/cascade/ to be looked at.
 *
 * Without LibreOffice the suite is skipped with a line saying so, except on CI (CI=true).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { nodeAt, resolveCascade } from "../src/sheets/cascade";
import { type Plan, validatePlan } from "../src/sheets/plan";
import type { CellValue, WorkbookSpec } from "../src/sheets/spec";
import { buildMemberWorkbooks, buildPlanWorkbook } from "../src/sheets/workbook";
import { cellAddress } from "../src/xlsx/a1";
import { type CellsRead, readXlsxCells, readXlsxNames } from "../src/xlsx/read";
import { writeXlsx } from "../src/xlsx/write";
import { randomCascadePlan } from "./helpers/cascade-plans";
import { convertWithLibreOffice, recalculate } from "./helpers/libreoffice";
import { describeWithEngines } from "./helpers/engines";

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "tests/.out/cascade");

function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}
const example = (): Plan => valid(JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "cascade.json"), "utf8")));

/** Equal as the engine promises: numbers within 1e-9 relative, a formula's "" as an empty result. */
function sameValue(got: CellValue | undefined, want: CellValue): boolean {
  if (typeof want === "number") return typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(got), Math.abs(want));
  if (want === "" || want === null) return got === undefined || got === "" || got === null;
  return got === want;
}

/** The example with East's first team's target typed over (a constant where its formula was). */
function brokenExample(): WorkbookSpec {
  const plan = example();
  const spec = buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-06-30" });
  const sheet = spec.sheets.find((s) => s.name === "销售目标分解表")!;
  const team = nodeAt(resolveCascade(plan), ["华东", "华东一组"])!;
  // Rows of the table: 5 above the nodes, two numeric types a node.
  const row = 5 + 2 * team.index;
  expect(sheet.rows[row][1]).toEqual({ v: "华东一组" });
  sheet.rows[row][7] = { v: 2101 };
  return spec;
}

describeWithEngines(["libreoffice", "poppler"], "cascade workbooks recalculated in LibreOffice", () => {
  const specs = new Map<string, WorkbookSpec>();
  specs.set("cascade-zh.xlsx", buildPlanWorkbook(example(), { lang: "zh", asOf: "2025-06-30", protect: true }));
  specs.set("cascade-en.xlsx", buildPlanWorkbook(example(), { lang: "en", asOf: "2025-06-30" }));
  for (const seed of [3, 8, 21, 34]) {
    const v = validatePlan(randomCascadePlan(seed, { maxChildren: 5 }));
    if (v.ok) specs.set(`random-${seed}.xlsx`, buildPlanWorkbook(v.plan, { lang: seed % 2 ? "en" : "zh", asOf: "2025-06-30" }));
  }
  // A team none of whose people has an actual yet: its rolled-up row stays blank.
  const noActuals = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "cascade.json"), "utf8"));
  const strip = (n: { actuals?: unknown; children?: unknown[] }) => {
    delete n.actuals;
    (n.children ?? []).forEach((k) => strip(k as typeof n));
  };
  strip(noActuals.cascade.root.children[0].children[1]);
  specs.set("cascade-team-without-actuals.xlsx", buildPlanWorkbook(valid(noActuals), { lang: "zh", asOf: "2025-06-30" }));
  // One workbook per node: a region's subtree and a late starter's own row.
  for (const [level, member] of [["区域", "华东"], ["个人", "赵敏"]]) {
    const book = buildMemberWorkbooks(example(), level, { lang: "zh", asOf: "2025-06-30" }).find((b) => b.member === member)!;
    specs.set(`per-${member}.xlsx`, book.spec);
  }
  const broken = brokenExample();
  const cells = new Map<string, CellsRead>();
  const checks = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    const books = [...specs, ["broken.xlsx", broken] as const];
    const written = await Promise.all(books.map(async ([name, spec]) => ({ name, data: await writeXlsx(spec) })));
    for (const r of await recalculate(written)) {
      const read = await readXlsxCells(r.workbook, { includeHidden: true });
      cells.set(r.name, read);
      const names = (await readXlsxNames(r.workbook)).filter((n) => n.name.startsWith("Check_"));
      checks.set(r.name, Object.fromEntries(names.map((n) => [n.name, read[n.sheet]?.[n.ref]?.value])));
    }
    // Pictures of the example, to look at: the PDF LibreOffice prints, each page a PNG.
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    const pdfs = written.filter((b) => b.name === "cascade-zh.xlsx" || b.name === "cascade-en.xlsx");
    const { files } = convertWithLibreOffice(pdfs, { to: "pdf", outDir: OUT });
    for (const [name, pdf] of files) spawnSync("pdftoppm", ["-png", "-r", "80", pdf, path.join(OUT, name.replace(/\.xlsx$/, ""))]);
  });

  test.each([...specs.keys()])("%s: no error cell, every Check_* TRUE, every formula the engine's number", (name) => {
    const got = cells.get(name)!;
    const errors: string[] = [];
    for (const [sheet, byAddress] of Object.entries(got)) for (const [a, c] of Object.entries(byAddress)) if (c.error) errors.push(`${sheet}!${a} ${c.error} ${c.formula ?? ""}`);
    expect(errors.slice(0, 10)).toEqual([]);
    const spec = specs.get(name)!;
    const want = spec.names.filter((n) => n.name.startsWith("Check_")).map((n) => n.name).sort();
    expect(Object.keys(checks.get(name)!).sort()).toEqual(want);
    expect(Object.entries(checks.get(name)!).filter(([, v]) => v !== true)).toEqual([]);
    const wrong: string[] = [];
    let compared = 0;
    for (const sheet of spec.sheets) {
      sheet.rows.forEach((row, i) =>
        row.forEach((cell, j) => {
          if (!cell || !("f" in cell) || cell.expect === undefined) return;
          compared++;
          const c = got[sheet.name]?.[cellAddress(i + 1, j + 1)];
          if (!c || !sameValue(c.value, cell.expect)) wrong.push(`${sheet.name}!${cellAddress(i + 1, j + 1)}: ${cell.f.slice(0, 100)} = ${JSON.stringify(c?.value ?? c?.error)}, engine ${JSON.stringify(cell.expect)}`);
        }),
      );
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(50);
  });

  test("a child's target typed over: East's node check, its level and the whole tree turn FALSE; the rest stay TRUE", () => {
    const got = checks.get("broken.xlsx")!;
    expect(got.Check_Cascade_N1).toBe(false);
    expect(got.Check_Cascade_Level2).toBe(false);
    expect(got.Check_Cascade_All).toBe(false);
    expect(got.Check_Cascade_N8).toBe(true);
    expect(got.Check_Cascade_Level1).toBe(true);
  });

  test("the example prints the table on one page, one page per letter (15), the tracking sheet two pages wide, the scorecard on one: pictures in tests/.out/cascade", () => {
    const info = spawnSync("pdfinfo", [path.join(OUT, "cascade-zh.pdf")], { encoding: "utf8" });
    expect(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]).toBe("19");
    const pngs = fs.readdirSync(OUT).filter((f) => f.startsWith("cascade-zh") && f.endsWith(".png"));
    expect(pngs).toHaveLength(19);
  });
});
