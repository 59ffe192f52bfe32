/*
 * The tracking sheet that follows the tree: a row per node of the chosen level with its
 * people right below; the people's actuals are typed, the node's are their sum (blank while
 * none of them has one); targets are formulas of the decomposition table's months. Every
 * formula evaluates to the engine's value; a typed actual moves the node's total, attainment
 * and light; a changed company total moves the targets; names stay unique beside the plan's
 * own tracking sheet.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { nodeAt, resolveCascade } from "../src/sheets/cascade";
import { trackingGroups, trackingRows } from "../src/sheets/cascade-tracking";
import { buildCascadeSheets } from "../src/sheets/cascade-workbook";
import { cellA1 } from "../src/sheets/formulas";
import { type Plan, validatePlan } from "../src/sheets/plan";
import type { SheetSpec } from "../src/sheets/spec";
import { TRACKING_LAYOUT } from "../src/sheets/tracking";
import { buildMemberWorkbooks, buildPlanWorkbook } from "../src/sheets/workbook";
import { XlError, type XlValue, workbookEvaluator } from "./helpers/formula-eval";

const ROOT = path.resolve(__dirname, "..");
const raw = (): Record<string, any> => JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "cascade.json"), "utf8")); // eslint-disable-line @typescript-eslint/no-explicit-any
function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}
const same = (got: XlValue, want: unknown): boolean =>
  typeof want === "number" ? typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)) : got === want;
const FIRST = TRACKING_LAYOUT.firstDataRow;
const target = (m: number) => TRACKING_LAYOUT.firstMonthCol + 2 * m;
const actual = (m: number) => target(m) + 1;

function build(plan: Plan) {
  const b = buildCascadeSheets(plan, { lang: "zh", asOf: "2025-06-30" });
  const sheet = b.sheets.find((s) => s.name === "分解跟踪表")!;
  const ev = workbookEvaluator(b.sheets.map((s) => ({ name: s.name, rows: s.rows })));
  return { ...b, sheet, ev };
}
function mismatches(sheet: SheetSpec, ev: ReturnType<typeof workbookEvaluator>): string[] {
  const out: string[] = [];
  sheet.rows.forEach((row, r) =>
    row.forEach((c, j) => {
      if (!c || !("f" in c)) return;
      const got = ev.value(sheet.name, r, j);
      if (c.expect === undefined ? got instanceof XlError : !same(got, c.expect)) out.push(`${cellA1(r, j)} ${c.f.slice(0, 100)}: ${String(got)} ≠ ${String(c.expect)}`);
    }),
  );
  return out;
}

describe("the example's tracking rows", () => {
  const plan = valid(raw());
  const b = build(plan);
  const nameAt = (i: number) => (b.sheet.rows[FIRST + i][0] as { v: string }).v;

  test("each team with its people below it, then whoever is in no team", () => {
    const names = b.sheet.rows.slice(FIRST).map((r) => (r[0] as { v: string }).v);
    expect(names).toEqual(["华东一组（合计）", "张伟", "王芳", "刘洋", "赵敏", "华东二组（合计）", "孙丽", "周杰", "吴静", "新客户开发部", "华南", "华北", "其他"]);
    expect(trackingGroups(b.result).map((n) => n.name)).toEqual(["华东一组", "华东二组"]);
  });

  test("every formula gives the engine's value; the checks are TRUE", () => {
    expect(mismatches(b.sheet, b.ev)).toEqual([]);
    const name = b.names.find((n) => n.sheet === b.sheet.name)!;
    expect([name.name, b.ev.at(b.sheet.name, name.ref)]).toEqual(["Check_Tracking_Rows", true]);
  });

  test("a team's actuals are its people's, added up: attainment and light follow a typed actual", () => {
    const ev = workbookEvaluator(b.sheets.map((s) => ({ name: s.name, rows: s.rows })));
    const team = 0;
    const before = ev.value(b.sheet.name, FIRST + team, actual(2));
    ev.set(b.sheet.name, cellA1(FIRST + 3, actual(2)), 50); // 刘洋, March: 35 → 50 (万元)
    expect(ev.value(b.sheet.name, FIRST + team, actual(2))).toBeCloseTo((before as number) + 15, 9);
    const att = ev.value(b.sheet.name, FIRST + team, TRACKING_LAYOUT.attainmentCol) as number;
    const toDate = [0, 1, 2, 3, 4, 5].reduce((a, m) => a + (ev.value(b.sheet.name, FIRST + team, actual(m)) as number), 0);
    const targetToDate = [0, 1, 2, 3, 4, 5].reduce((a, m) => a + (ev.value(b.sheet.name, FIRST + team, target(m)) as number), 0);
    expect(att).toBeCloseTo(toDate / targetToDate, 12);
    expect(nameAt(team)).toBe("华东一组（合计）");
  });

  test("targets are the table's months: a new company total moves them as the engine says", () => {
    const ev = workbookEvaluator(b.sheets.map((s) => ({ name: s.name, rows: s.rows })));
    ev.set(b.cells.sheet, cellA1(b.cells.rows[0][0], b.cells.col.annual), 13000);
    const want = nodeAt(resolveCascade(valid({ ...plan, total: 130000000, lastYear: undefined })), ["华东", "华东一组", "王芳"])!.figures[0].months;
    expect(want.map((x, m) => same(ev.value(b.sheet.name, FIRST + 2, target(m)), x))).toEqual(want.map(() => true));
    expect(want[0]).not.toBe((b.sheet.rows[FIRST + 2][target(0)] as { expect: number }).expect);
  });
});

describe("no actuals yet; other levels; beside the plan's own tracking sheet", () => {
  test("a team none of whose people has an actual: its months, to date, attainment and light stay blank", () => {
    const json = raw();
    const strip = (n: Record<string, unknown> & { children?: Record<string, unknown>[] }) => {
      delete n.actuals;
      (n.children ?? []).forEach(strip);
    };
    strip(json.cascade.root);
    const b = build(valid(json));
    expect(mismatches(b.sheet, b.ev)).toEqual([]);
    const row = b.sheet.rows[FIRST];
    expect(row[actual(0)]).toMatchObject({ expect: "" });
    expect([TRACKING_LAYOUT.attainmentCol, TRACKING_LAYOUT.statusCol].map((c) => b.ev.value(b.sheet.name, FIRST, c))).toEqual(["", ""]);
  });

  test("tracking by region (a label) or by depth: the regions' rows roll up everyone below", () => {
    const json = raw();
    json.cascade.tracking.level = "区域";
    const byLabel = build(valid(json));
    expect(trackingRows(byLabel.result).filter((r) => r.people.length).map((r) => byLabel.result.nodes[r.node].name)).toEqual(["华东"]);
    expect(byLabel.sheet.rows.slice(FIRST).map((r) => (r[0] as { v: string }).v).slice(0, 2)).toEqual(["华东（合计）", "张伟"]);
    expect(mismatches(byLabel.sheet, byLabel.ev)).toEqual([]);
    json.cascade.tracking.level = 1;
    expect(trackingGroups(build(valid(json)).result).map((n) => n.name)).toEqual(["华东"]);
  });

  test("beside the plan's own tracking sheet: sheet, check and table names stay unique", () => {
    const json = raw();
    json.tracking = { name: "分解跟踪表", rows: [{ name: "销售额", target: { annual: 120000000 } }] };
    const spec = buildPlanWorkbook(valid(json), { lang: "zh", asOf: "2025-06-30" });
    const names = spec.names.map((n) => n.name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["Check_Tracking_Rows", "Check_Tracking_Rows_2"]));
    const sheets = spec.sheets.map((s) => s.name.toLowerCase());
    expect(new Set(sheets).size).toBe(sheets.length);
    const tables = spec.sheets.flatMap((s) => s.tables ?? []).map((t) => t.name.toLowerCase());
    expect(new Set(tables).size).toBe(tables.length);
  });

  test("a person's own workbook tracks their own row", () => {
    const book = buildMemberWorkbooks(valid(raw()), "个人", { lang: "zh", asOf: "2025-06-30" }).find((b) => b.member === "王芳")!;
    const sheet = book.spec.sheets.find((s) => s.name === "分解跟踪表")!;
    expect(sheet.rows.slice(FIRST).map((r) => (r[0] as { v: string }).v)).toEqual(["王芳"]);
    const ev = workbookEvaluator(book.spec.sheets.map((s) => ({ name: s.name, rows: s.rows })));
    expect(mismatches(sheet, ev)).toEqual([]);
  });
});
