/*
 * Revised plans recalculated in LibreOffice Calc (every formula computed on load): the
 * example of two revised reps (examples/revisions.json, Chinese) and the cascade example with a
 * person revised and a region of the percent split revised (English). No error cell, every
 * `Check_*` TRUE (Check_Revisions among them, reading the revised cells), every formula with a
 * known result equal to the engine's, and the revised cells holding the new figures.
 *
 * Without LibreOffice the suite is skipped with a line saying so, except on CI (CI=true).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Plan, validatePlan } from "../src/sheets/plan";
import { currentTarget } from "../src/sheets/revisions";
import type { CellValue, WorkbookSpec } from "../src/sheets/spec";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { cellAddress } from "../src/xlsx/a1";
import { type CellsRead, readXlsxCells, readXlsxNames } from "../src/xlsx/read";
import { writeXlsx } from "../src/xlsx/write";
import { recalculate } from "./helpers/libreoffice";
import { describeWithEngines } from "./helpers/engines";

const ROOT = path.resolve(__dirname, "..");

function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}
const read = (file: string): Plan => JSON.parse(fs.readFileSync(path.join(ROOT, "examples", file), "utf8")) as Plan;

function sameValue(got: CellValue | undefined, want: CellValue): boolean {
  if (typeof want === "number") return typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(got), Math.abs(want));
  if (want === "" || want === null) return got === undefined || got === "" || got === null;
  return got === want;
}

/** The cascade example with 王芳 revised to 500 万 and 华北 to 2,000 万. */
function revisedCascade(): Plan {
  const plan = valid(read("cascade.json"));
  const from = (p: string[]) => {
    const t = currentTarget(plan, { cascade: p });
    if (!t.ok) throw new Error(t.message.en);
    return t.target.value;
  };
  return valid({
    ...plan,
    revisions: [
      { date: "2025-07-01", node: { cascade: ["华东", "华东一组", "王芳"] }, from: from(["华东", "华东一组", "王芳"]), to: 5000000, why: "Moved to key accounts", approvedBy: "Chen Dong" },
      { date: "2025-08-01", node: { cascade: ["华北"] }, from: from(["华北"]), to: 20000000, why: "Market shrank", approvedBy: ["Sales head", "General manager"] },
    ],
  });
}

describeWithEngines(["libreoffice"], "revised plans recalculated in LibreOffice", () => {
  const specs = new Map<string, WorkbookSpec>([
    ["revisions-zh.xlsx", buildPlanWorkbook(valid(read("revisions.json")), { lang: "zh", asOf: "2025-09-30" })],
    ["cascade-revised-en.xlsx", buildPlanWorkbook(revisedCascade(), { lang: "en", asOf: "2025-09-30" })],
  ]);
  const cells = new Map<string, CellsRead>();
  const checks = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    const written = await Promise.all([...specs].map(async ([name, spec]) => ({ name, data: await writeXlsx(spec) })));
    for (const r of await recalculate(written)) {
      const got = await readXlsxCells(r.workbook, { includeHidden: true });
      cells.set(r.name, got);
      const names = (await readXlsxNames(r.workbook)).filter((n) => n.name.startsWith("Check_"));
      checks.set(r.name, Object.fromEntries(names.map((n) => [n.name, got[n.sheet]?.[n.ref]?.value])));
    }
  });

  test.each([...specs.keys()])("%s: no error cell, every Check_* TRUE (Check_Revisions too), every formula the engine's number", (name) => {
    const got = cells.get(name)!;
    const errors: string[] = [];
    for (const [sheet, byAddress] of Object.entries(got)) for (const [a, c] of Object.entries(byAddress)) if (c.error) errors.push(`${sheet}!${a} ${c.error} ${c.formula ?? ""}`);
    expect(errors.slice(0, 10)).toEqual([]);
    const spec = specs.get(name)!;
    expect(Object.keys(checks.get(name)!)).toContain("Check_Revisions");
    expect(Object.keys(checks.get(name)!).sort()).toEqual(spec.names.filter((n) => n.name.startsWith("Check_")).map((n) => n.name).sort());
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

  test("the log shows the revised figures, and reads them back from the sheets", () => {
    const zh = cells.get("revisions-zh.xlsx")!["修订记录"];
    // Wu Lei 307 → 123 万元, Chen Jing 473 → 520 万元; "now" read from the decomposition.
    expect([zh.E5.value, zh.F5.value, zh.H5.value, zh.G5.value]).toEqual([307, 123, 123, -184]);
    expect([zh.E6.value, zh.F6.value, zh.H6.value]).toEqual([473, 520, 520]);
    expect(zh.J5.value).toBe("Wang Qiang (sales head)、Li Ming (general manager)");
    const en = cells.get("cascade-revised-en.xlsx")!.Revisions;
    expect([en.F5.value, en.H5.value, en.F6.value, en.H6.value]).toEqual([500, 500, 2000, 2000]);
  });
});
