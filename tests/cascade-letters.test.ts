/*
 * The responsibility letters (目标责任书): one per person and per manager (as the plan asks),
 * never for the held-by-manager rows; every figure a formula of the decomposition table that
 * evaluates to the engine's number and follows the table when it changes; the parties, the
 * term from the start month, the KPIs with their written rules, the bands and tiers, "一式两份"
 * and both signature lines; a page break after each letter; the .xlsx keeps the breaks and
 * the table's grouped, hidden helper columns.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import JSZip from "jszip";
import { nodeAt, resolveCascade } from "../src/sheets/cascade";
import { buildLettersSheet, lettersFor } from "../src/sheets/cascade-letters";
import { buildCascadeSheets } from "../src/sheets/cascade-workbook";
import { cellA1 } from "../src/sheets/formulas";
import { type Plan, validatePlan } from "../src/sheets/plan";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { loadXlsx } from "../src/xlsx/read";
import { writeXlsx } from "../src/xlsx/write";
import { XlError, type XlValue, workbookEvaluator } from "./helpers/formula-eval";

const ROOT = path.resolve(__dirname, "..");
const raw = (): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "cascade.json"), "utf8"));
function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}
const same = (got: XlValue, want: unknown): boolean =>
  typeof want === "number" ? typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)) : got === want;

describe("letters of the example", () => {
  const plan = valid(raw());
  const built = { zh: buildCascadeSheets(plan, { lang: "zh" }), en: buildCascadeSheets(plan, { lang: "en" }) };
  const letters = (lang: "zh" | "en") => built[lang].sheets[1];
  const textOf = (lang: "zh" | "en", first: number, last: number) =>
    letters(lang)
      .rows.slice(first, last + 1)
      .flat()
      .map((c) => (c && "v" in c ? String(c.v ?? "") : ""))
      .join("|");

  test("one letter per person and per manager, in the tree's order; none for the held-by-manager row", () => {
    const result = built.zh.result;
    const names = lettersFor(result).map((n) => n.name);
    expect(names).toEqual(["公司", "华东", "华东一组", "张伟", "王芳", "刘洋", "赵敏", "华东二组", "孙丽", "周杰", "吴静", "新客户开发部", "华南", "华北", "其他"]);
    const only = (letters: "people" | "managers" | "none") => lettersFor(resolveCascade(valid({ ...raw(), cascade: { ...(raw().cascade as object), letters } }))).map((n) => n.name);
    expect(only("managers")).toEqual(["公司", "华东", "华东一组", "华东二组"]);
    expect(only("people")).toHaveLength(11);
    expect(only("none")).toEqual([]);
    expect(buildPlanWorkbook(valid({ ...raw(), cascade: { ...(raw().cascade as object), letters: "none" } }), { lang: "zh" }).sheets.map((s) => s.name)).toEqual(["销售目标分解表", "分解跟踪表", "绩效考核表"]);
  });

  test("every figure is a formula of the table giving the engine's number, in both languages", () => {
    for (const lang of ["zh", "en"] as const) {
      const b = built[lang];
      const ev = workbookEvaluator(b.sheets.map((s) => ({ name: s.name, rows: s.rows })));
      const wrong: string[] = [];
      let refs = 0;
      letters(lang).rows.forEach((row, r) =>
        row.forEach((c, j) => {
          if (!c || !("f" in c)) return;
          refs++;
          const got = ev.value(letters(lang).name, r, j);
          if (got instanceof XlError || !same(got, c.expect)) wrong.push(`${cellA1(r, j)} ${c.f}: ${String(got)} ≠ ${String(c.expect)}`);
        }),
      );
      expect(wrong).toEqual([]);
      expect(refs).toBeGreaterThan(15 * 20);
    }
  });

  test("a letter follows the table: a new company total changes 王芳's year and months as the engine says", () => {
    const b = built.zh;
    const ev = workbookEvaluator(b.sheets.map((s) => ({ name: s.name, rows: s.rows })));
    ev.set(b.cells.sheet, cellA1(b.cells.rows[0][0], b.cells.col.annual), 13000);
    const want = nodeAt(resolveCascade(valid({ ...plan, total: 130000000, lastYear: undefined })), ["华东", "华东一组", "王芳"])!.figures[0];
    const place = buildLettersSheet(plan, b.result, b.cells, { lang: "zh" })!.letters.find((l) => b.result.nodes[l.node].name === "王芳")!;
    const sheet = letters("zh");
    const values: XlValue[] = [];
    for (let r = place.first; r <= place.last; r++) sheet.rows[r].forEach((c, j) => c && "f" in c && values.push(ev.value(sheet.name, r, j)));
    const has = (x: number | string) => values.some((v) => same(v, x));
    expect(has(want.annual)).toBe(true);
    for (const m of want.months) expect(has(m ?? "")).toBe(true);
    expect(want.annual).not.toBe(503);
  });

  test("what a letter says: parties, term from the start month, targets, KPIs with their rules, bands, tiers, 一式两份, both signatures", () => {
    const place = buildLettersSheet(plan, built.zh.result, built.zh.cells, { lang: "zh" })!.letters.find((l) => built.zh.result.nodes[l.node].name === "赵敏")!;
    const text = textOf("zh", place.first, place.last);
    for (const want of ["2025 年度销售目标责任书", "甲方（公司）：", "公司", "乙方（责任人）：", "赵敏", "上级：", "华东一组", "考核期限：", "二、目标", "销售额 (万元)", "新客户数", "回款率 ≥", "每超1%加0.5分,每低1%扣1分", "每低5%扣5分", "总分不低于", "完成率不低于", "一式两份", "甲方（盖章）：", "乙方（签字）：", "代表签字："]) {
      expect(text).toContain(want);
    }
    // Her term starts on the first of her start month, from the table's start-month cell.
    const term = letters("zh").rows[place.first + 5][1] as { f: string; expect: number };
    expect(term.f).toMatch(/^DATE\(2025,'销售目标分解表'!\$G\$\d+,1\)$/);
    expect(term.expect).toBe(45839); // 2025-07-01
    const en = buildLettersSheet(plan, built.en.result, built.en.cells, { lang: "en" })!.letters[0];
    expect(textOf("en", en.first, en.last)).toContain("This letter is made in duplicate; each party keeps one copy.");
  });

  test("a page break after every letter but the last; each letter fits a page (under 60 rows)", () => {
    const { sheet, letters: places } = buildLettersSheet(plan, built.zh.result, built.zh.cells, { lang: "zh" })!;
    expect(sheet.rowBreaks).toEqual(places.slice(0, -1).map((l) => l.last + 1));
    for (const l of places) expect(l.last - l.first + 1).toBeLessThan(60);
    expect(sheet.print).toMatchObject({ landscape: false, fitToWidth: true, pagesWide: 1 });
  });
});

describe("the .xlsx keeps page breaks and grouped, hidden helper columns", () => {
  test("row breaks after each letter; the table's helper columns outline level 1 and hidden", async () => {
    const plan = valid(raw());
    const spec = buildPlanWorkbook(plan, { lang: "zh" });
    const wb = await loadXlsx(await writeXlsx(spec));
    const lettersSheet = spec.sheets.find((s) => s.name === "目标责任书")!;
    // ExcelJS does not read page breaks back: the sheet's XML holds them.
    const zip = await JSZip.loadAsync(await writeXlsx(spec));
    const index = spec.sheets.indexOf(lettersSheet) + 1;
    const xml = await zip.file(`xl/worksheets/sheet${index}.xml`)!.async("string");
    const breaks = [...xml.matchAll(/<brk id="(\d+)"[^>]*man="1"/g)].map((m) => Number(m[1]));
    expect(breaks).toEqual(lettersSheet.rowBreaks);
    const table = wb.getWorksheet("销售目标分解表")!;
    const [from, to] = spec.sheets[0].columnGroups![0].columns.split(":");
    for (const c of [from, to]) {
      expect(table.getColumn(c).hidden).toBe(true);
      expect(table.getColumn(c).outlineLevel).toBe(1);
    }
    expect(table.getColumn("A").hidden).toBe(false);
  });
});
