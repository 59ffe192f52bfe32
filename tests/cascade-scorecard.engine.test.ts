/*
 * The scorecard that follows the tree, recalculated in LibreOffice Calc (every formula computed
 * on load): the example with `cascade.scorecard` by team (Chinese, protected) and by region
 * (English), and a region's own workbook (`--per 区域`) — no error cell, every `Check_*` TRUE,
 * every formula with a known result equal to the engine's; a copy with a team's summed revenue
 * typed over, whose tree check turns FALSE.
 *
 * Without LibreOffice the suite is skipped with a line saying so, except on CI (CI=true).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Plan, validatePlan } from "../src/sheets/plan";
import type { CellValue, WorkbookSpec } from "../src/sheets/spec";
import { buildMemberWorkbooks, buildPlanWorkbook } from "../src/sheets/workbook";
import { cellAddress } from "../src/xlsx/a1";
import { type CellsRead, readXlsxCells, readXlsxNames } from "../src/xlsx/read";
import { writeXlsx } from "../src/xlsx/write";
import { recalculate } from "./helpers/libreoffice";
import { describeWithEngines } from "./helpers/engines";

const ROOT = path.resolve(__dirname, "..");

/** The example with its scorecard following the tree at `level`. */
function example(level: string | number): Plan {
  const json = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "cascade.json"), "utf8"));
  json.cascade.scorecard = { level };
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}

/** Equal as the engine promises: numbers within 1e-9 relative, a formula's "" as an empty result. */
function sameValue(got: CellValue | undefined, want: CellValue): boolean {
  if (typeof want === "number") return typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(got), Math.abs(want));
  if (want === "" || want === null) return got === undefined || got === "" || got === null;
  return got === want;
}

/** The example by team with East's first team's revenue (its people's sum) typed over; its check's name. */
function brokenExample(): { spec: WorkbookSpec; check: string } {
  const spec = buildPlanWorkbook(example("团队"), { lang: "zh", asOf: "2025-06-30" });
  const sheet = spec.sheets.find((s) => s.name === "分解考核表")!;
  const text = (r: number, c: number) => {
    const x = sheet.rows[r]?.[c];
    return x && "v" in x ? x.v : undefined;
  };
  const header = sheet.rows.findIndex((_, r) => text(r, 0) === "姓名");
  const revenue = sheet.rows[header].findIndex((_, c) => text(header, c) === "回款额 (万元)");
  const team = sheet.rows.findIndex((_, r) => text(r, 0) === "华东一组（合计）");
  const cell = sheet.rows[team][revenue] as { f: string; expect: number };
  expect(cell.f).toMatch(/^IF\(COUNT\(/);
  sheet.rows[team][revenue] = { v: cell.expect + 100 };
  const check = spec.names.find((n) => n.sheet === sheet.name && n.name.startsWith("Check_Scorecard_Tree_") && new RegExp(`^\\$?[A-Z]+\\$?${team + 1}$`).test(n.ref))!.name;
  return { spec, check };
}

describeWithEngines(["libreoffice"], "the scorecard that follows the tree, recalculated in LibreOffice", () => {
  const specs = new Map<string, WorkbookSpec>();
  specs.set("tree-team-zh.xlsx", buildPlanWorkbook(example("团队"), { lang: "zh", asOf: "2025-06-30", protect: true }));
  specs.set("tree-region-en.xlsx", buildPlanWorkbook(example("区域"), { lang: "en", asOf: "2025-06-30" }));
  specs.set("tree-per-east.xlsx", buildMemberWorkbooks(example("团队"), "区域", { lang: "zh", asOf: "2025-06-30" }).find((b) => b.member === "华东")!.spec);
  const broken = brokenExample();
  const cells = new Map<string, CellsRead>();
  const checks = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    const books = [...specs, ["broken.xlsx", broken.spec] as const];
    const written = await Promise.all(books.map(async ([name, spec]) => ({ name, data: await writeXlsx(spec) })));
    for (const r of await recalculate(written)) {
      const read = await readXlsxCells(r.workbook, { includeHidden: true });
      cells.set(r.name, read);
      const names = (await readXlsxNames(r.workbook)).filter((n) => n.name.startsWith("Check_"));
      checks.set(r.name, Object.fromEntries(names.map((n) => [n.name, read[n.sheet]?.[n.ref]?.value])));
    }
  });

  test.each([...specs.keys()])("%s: no error cell, every Check_* TRUE, every formula the engine's number", (name) => {
    const got = cells.get(name)!;
    const errors: string[] = [];
    for (const [sheet, byAddress] of Object.entries(got)) for (const [a, c] of Object.entries(byAddress)) if (c.error) errors.push(`${sheet}!${a} ${c.error} ${c.formula ?? ""}`);
    expect(errors.slice(0, 10)).toEqual([]);
    const spec = specs.get(name)!;
    const want = spec.names.filter((n) => n.name.startsWith("Check_")).map((n) => n.name).sort();
    expect(want.some((n) => n.startsWith("Check_Scorecard_Tree_"))).toBe(true);
    expect(Object.keys(checks.get(name)!).sort()).toEqual(want);
    expect(Object.entries(checks.get(name)!).filter(([, v]) => v !== true)).toEqual([]);
    const wrong: string[] = [];
    let compared = 0;
    const tree = spec.sheets.find((s) => s.name === "分解考核表" || s.name === "Cascade scorecard")!;
    tree.rows.forEach((row, i) =>
      row.forEach((cell, j) => {
        if (!cell || !("f" in cell) || cell.expect === undefined) return;
        compared++;
        const c = got[tree.name]?.[cellAddress(i + 1, j + 1)];
        if (!c || !sameValue(c.value, cell.expect)) wrong.push(`${tree.name}!${cellAddress(i + 1, j + 1)}: ${cell.f.slice(0, 100)} = ${JSON.stringify(c?.value ?? c?.error)}, engine ${JSON.stringify(cell.expect)}`);
      }),
    );
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(50);
  });

  test("a team's summed revenue typed over: its tree check turns FALSE, the others stay TRUE", () => {
    const got = checks.get("broken.xlsx")!;
    expect(got[broken.check]).toBe(false);
    expect(Object.entries(got).filter(([n, v]) => n !== broken.check && v !== true)).toEqual([]);
  });
});
