/*
 * The scorecard the planning documents write (issue 18): graded KPIs ("由营销副总经理根据实际情况
 * 评分，好(10分)、较好(8分)…"), per-incident rules ("客户有效投诉次数每有1例，减__分"), weights by
 * role ("销售代表侧重过程指标，销售经理侧重结果指标") and the annual bonus in months of salary
 * ("目标达成率100%以上发放3个月工资"): what a plan may say and what validation answers (both
 * languages, JSON paths), then the sheet: examples/scorecard-roles.json's figures worked by hand,
 * every formula evaluated against the engine's values, inputs typed over (a grade, a role, a
 * table cell) flowing through the native formulas, the drop-down lists as both writers write
 * them, Excel's formula limits at the largest plan validation accepts, and generated plans.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import JSZip from "jszip";
import { bandLookup } from "../src/core/band";
import { attainment } from "../src/core/attainment";
import { DEFAULT_GRADES, scoreGrade } from "../src/core/grade";
import { scoreKpi } from "../src/core/score";
import { type ExcelRunner, writeSheetSpec } from "../src/excel/write";
import { bandFormula } from "../src/sheets/native";
import { type Plan, type PlanProblem, validatePlan } from "../src/sheets/plan";
import { buildScorecardSheet } from "../src/sheets/scorecard";
import type { CellSpec, SheetSpec } from "../src/sheets/spec";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { writeXlsx } from "../src/xlsx/write";
import { FakeExcel } from "./fake-excel/fake-excel";
import { excelLimitProblems } from "./helpers/excel-limits";
import { XlError, type XlValue, expectFormulasMatch, parseA1, sheetEvaluator } from "./helpers/formula-eval";

const EXAMPLE = path.resolve(__dirname, "../examples/scorecard-roles.json");
const exampleJson = (): Record<string, unknown> => JSON.parse(fs.readFileSync(EXAMPLE, "utf8"));

function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}
function problems(json: unknown): PlanProblem[] {
  const v = validatePlan(json);
  return v.ok ? [] : v.problems;
}
/** The problem at `path` (fails when there is none). */
function at(json: unknown, where: string): PlanProblem["message"] {
  const p = problems(json).find((x) => x.path === where);
  if (!p) throw new Error(`no problem at ${where}: ${JSON.stringify(problems(json))}`);
  return p.message;
}
/** A plan of only a scorecard. */
const plan = (scorecard: Record<string, unknown>): Record<string, unknown> => ({ title: "S", year: 2025, scorecard });
const KPIS = [
  { id: "sales", name: "Sales", weight: 60, target: 1, rule: "+0.5 per 1% over; -1 per 1% under" },
  { id: "complaints", name: "Complaints", weight: 20, target: 0, rule: "客户有效投诉次数每有1例，减2分" },
  { id: "attitude", name: "Attitude", weight: 20, grades: true },
];

/** The row (0-based) whose first cell is `name`; the last such row (people come last). */
function rowNamed(sheet: SheetSpec, name: string): number {
  for (let r = sheet.rows.length - 1; r >= 0; r--) {
    const c = sheet.rows[r][0];
    if (c && "v" in c && c.v === name) return r;
  }
  throw new Error(`no row ${name}`);
}
function colNamed(sheet: SheetSpec, row: number, text: string): number {
  const c = sheet.rows[row].findIndex((x) => x !== null && "v" in x && x.v === text);
  if (c < 0) throw new Error(`no column ${text}`);
  return c;
}
/** A copy of the rows with `value` typed into (row, col). */
function typed(rows: (CellSpec | null)[][], row: number, col: number, value: XlValue): (CellSpec | null)[][] {
  const out = rows.map((r) => r.slice());
  out[row][col] = { v: value as Exclude<XlValue, XlError>, input: true };
  return out;
}

// ---- validation --------------------------------------------------------------------------------

describe("a plan's graded KPIs, roles and annual bonus: what validation accepts", () => {
  it("accepts the example, and a graded KPI without a target", () => {
    expect(problems(exampleJson())).toEqual([]);
    expect(problems(plan({ kpis: KPIS }))).toEqual([]);
  });
  it("still needs a target on every other KPI", () => {
    expect(at(plan({ kpis: [{ ...KPIS[0], target: undefined }, KPIS[1], KPIS[2]] }), "scorecard.kpis[0].target")).toEqual({
      en: "is required (only a graded KPI, with grades, goes without a target)",
      zh: "不能缺少（只有评等级的指标，即给出 grades 的，才没有目标）",
    });
  });
  it("refuses what does not apply to a graded KPI: a target, rule, direction, cap or floor", () => {
    const graded = { ...KPIS[2], target: 8, rule: "每低1分扣1分", direction: "lower", cap: 10, floor: 0 };
    const json = plan({ kpis: [KPIS[0], KPIS[1], graded] });
    for (const field of ["target", "rule", "direction", "cap", "floor"]) {
      expect(at(json, `scorecard.kpis[2].${field}`).en).toBe("does not apply to a graded KPI: its points are its grade's points × weight ÷ the top grade's points");
    }
    expect(at(json, "scorecard.kpis[2].rule").zh).toBe("不适用于评等级的指标：其得分为等级分 × 权重 ÷ 最高等级分");
  });
  it("checks a KPI's own grades: at least two, distinct names that are not numbers, a top above 0", () => {
    const withGrades = (grades: unknown) => plan({ kpis: [KPIS[0], KPIS[1], { ...KPIS[2], grades }] });
    expect(at(withGrades([{ name: "A", points: 1 }]), "scorecard.kpis[2].grades").en).toBe("needs at least 2 item(s)");
    expect(at(withGrades([{ name: "A", points: 5 }, { name: " a ", points: 3 }]), "scorecard.kpis[2].grades[1].name")).toEqual({ en: '" a " is the name of another grade', zh: "“ a ”与另一个等级同名" });
    expect(at(withGrades([{ name: "10", points: 10 }, { name: "B", points: 3 }]), "scorecard.kpis[2].grades[0].name").en).toBe('"10" reads as a number in a cell: name the grade in words (好, fairly good)');
    expect(at(withGrades([{ name: "A", points: 0 }, { name: "B", points: 0 }]), "scorecard.kpis[2].grades").zh).toBe("所有等级都是 0 分：最高等级须大于 0 分，才能按权重折算");
    expect(at(withGrades([{ name: "A", points: -1 }, { name: "B", points: 3 }]), "scorecard.kpis[2].grades[0].points").en).toBe("must be 0 or more (it is negative)");
    expect(problems(withGrades([{ name: "优", points: 5 }, { name: "良", points: 3 }, { name: "差", points: 0 }]))).toEqual([]);
  });
  it("takes a grade's name as a graded KPI's actual (either language of the documents' five), numbers for the others", () => {
    const person = (actuals: Record<string, unknown>) => plan({ kpis: KPIS, people: [{ name: "Ann", actuals }] });
    expect(problems(person({ sales: 1, complaints: 2, attitude: "较好" }))).toEqual([]);
    expect(problems(person({ attitude: "Fairly Good" }))).toEqual([]);
    expect(at(person({ sales: "1.03" }), "scorecard.people[0].actuals.sales")).toEqual({
      en: 'must be a number, not text "1.03" (only a graded KPI takes a grade)',
      zh: "应为数字，而不是文字 \"1.03\"（只有评等级的指标才填等级）",
    });
    expect(at(person({ attitude: 8 }), "scorecard.people[0].actuals.attitude").en).toBe(
      "must be one of the grades 好, 较好, 中, 较差, 差, good, fairly good, average, fairly poor, poor",
    );
    expect(at(person({ attitude: "优秀" }), "scorecard.people[0].actuals.attitude").zh).toBe("应为以下等级之一：好、较好、中、较差、差、good、fairly good、average、fairly poor、poor");
  });
  it("checks roles: distinct ids and names, KPIs that exist, weights adding up to 100 with the KPIs' own for the rest", () => {
    const roles = (rs: unknown, people: unknown[] = []) => plan({ kpis: KPIS, roles: rs, people });
    // Unlisted KPIs keep their weight: 70 + 20 + 10 is 100.
    expect(problems(roles([{ id: "rep", name: "Rep", weights: { sales: 70, attitude: 10 } }]))).toEqual([]);
    expect(at(roles([{ id: "rep", name: "Rep", weights: { sales: 70 } }]), "scorecard.roles[0].weights")).toEqual({
      en: "the role's weights add up to 110, not 100 (a KPI the role does not list keeps its own weight)",
      zh: "该岗位的权重合计为 110，不是 100（岗位未列出的指标沿用指标自身的权重）",
    });
    expect(at(roles([{ id: "rep", name: "Rep", weights: { visits: 0 } }]), "scorecard.roles[0].weights.visits").en).toBe('no KPI has the id "visits"');
    const two = [
      { id: "rep", name: "Rep", weights: {} },
      { id: "rep", name: "rep ", weights: {} },
    ];
    expect(at(roles(two), "scorecard.roles[1].id").en).toBe('"rep" is used by another role');
    expect(at(roles(two), "scorecard.roles[1].name").en).toBe('"rep " is the name of another role (a person\'s role cell picks a role by its name)');
    expect(at(roles([{ id: "rep", name: "2024", weights: {} }]), "scorecard.roles[0].name").zh).toBe("“2024”在单元格中会被当作数字：请用文字命名岗位");
    expect(at(roles([{ id: "rep", name: "Rep", weights: { sales: -5 } }]), "scorecard.roles[0].weights.sales").en).toBe("must be 0 or more (it is negative)");
    expect(at(roles([{ id: "rep", name: "Rep", weights: {} }], [{ name: "Ann", role: "boss" }]), "scorecard.people[0].role")).toEqual({ en: 'no role has the id "boss"', zh: "没有 id 为“boss”的岗位" });
  });
  it("checks the annual bonus: bands distinct, an annual target above 0 where there is an annual actual, fields only with it", () => {
    const annual = { bands: [{ from: 1, months: 3 }], below: 0 };
    const with_ = (people: unknown[], a: unknown = annual) => plan({ kpis: KPIS, annualBonus: a, people });
    expect(at(with_([], { bands: [{ from: 1, months: 3 }, { from: 1 + 1e-12, months: 4 }] }), "scorecard.annualBonus.bands[1].from").en).toBe("two bands start at 1");
    expect(at(with_([], { bands: [] }), "scorecard.annualBonus.bands").en).toBe("needs at least 1 item(s)");
    expect(at(with_([], { bands: [{ from: 1, months: -3 }] }), "scorecard.annualBonus.bands[0].months").en).toBe("must be 0 or more (it is negative)");
    expect(at(with_([{ name: "Ann", annualActual: 100 }]), "scorecard.people[0].annualTarget")).toEqual({
      en: "the annual bonus needs an annual target to measure the year's actual against",
      zh: "计算年终奖需要年度目标",
    });
    expect(at(with_([{ name: "Ann", annualActual: 100, annualTarget: 0 }]), "scorecard.people[0].annualTarget").en).toBe("a zero annual target gives no attainment (#DIV/0!)");
    expect(at(with_([{ name: "Ann", monthlySalary: -1 }]), "scorecard.people[0].monthlySalary").en).toBe("must be 0 or more (it is negative)");
    expect(at(with_([{ name: "Ann", annualTarget: { split: "people", member: "Ann" } }]), "scorecard.people[0].annualTarget.split").en).toBe('no split has the id "people"');
    const noBonus = plan({ kpis: KPIS, people: [{ name: "Ann", monthlySalary: 9000, annualActual: 1, annualTarget: 2 }] });
    for (const field of ["monthlySalary", "annualActual", "annualTarget"]) {
      expect(at(noBonus, `scorecard.people[0].${field}`)).toEqual({ en: "is used only by scorecard.annualBonus, which the plan does not have", zh: "只在有 scorecard.annualBonus（年终奖）时使用，而计划中没有" });
    }
  });
  it("takes an annual target from the decomposition, refusing a count split and a member whose amount is 0", () => {
    const splits = [
      { id: "people", kind: "person", basis: "weights", members: [{ name: "Ann", weight: 1 }, { name: "Bo", weight: 0 }, { name: "Cy", weight: 1 }] },
      { id: "customers", kind: "other", measure: "count", total: 80, members: [{ name: "Ann", weight: 1 }] },
    ];
    const json = (annualTarget: unknown) => ({ title: "S", year: 2025, total: 1000000, splits, scorecard: { kpis: KPIS, annualBonus: { bands: [{ from: 1, months: 3 }] }, people: [{ name: "Ann", annualActual: 600000, annualTarget }] } });
    expect(problems(json({ split: "people", member: "Ann" }))).toEqual([]);
    expect(at(json({ split: "customers", member: "Ann" }), "scorecard.people[0].annualTarget.split").en).toBe("the annual target comes from an amount split, not a count");
    expect(at(json({ split: "people", member: "Bo" }), "scorecard.people[0].annualTarget").en).toBe(
      'is "Bo" of split "people", whose amount is 0: the annual bonus needs an annual target above 0 (#DIV/0!)',
    );
    const sheet = buildScorecardSheet(valid(json({ split: "people", member: "Ann" })), { lang: "en" }).sheet;
    const r = rowNamed(sheet, "Ann");
    const header = rowNamed(sheet, "Name");
    expect(sheetEvaluator(sheet.rows).value(r, colNamed(sheet, header, "Annual target (元)"))).toBe(500000);
    expect(sheetEvaluator(sheet.rows).value(r, colNamed(sheet, header, "Bonus months"))).toBe(3);
  });
  it("reads a rule's incident clause as it reads any clause: one that does not read is a problem at the rule", () => {
    expect(at(plan({ kpis: [KPIS[0], { ...KPIS[1], rule: "客户有效投诉次数每有1例" }, KPIS[2]] }), "scorecard.kpis[1].rule").en).toBe(
      "rule: '客户有效投诉次数每有1例' does not say how many points to add or deduct: write it as 每有1例减2分, 每低5分扣2分 or -2 per incident",
    );
  });
});

// ---- the sheet ----------------------------------------------------------------------------------

describe("the example's scorecard (examples/scorecard-roles.json), worked by hand", () => {
  const p = valid(exampleJson());
  const { sheet, names } = buildScorecardSheet(p, { lang: "zh" });
  const ev = sheetEvaluator(sheet.rows);
  const header = rowNamed(sheet, "姓名");
  const kpiNames = p.scorecard!.kpis.map((k) => k.name);
  const points = (person: string) => kpiNames.map((k) => ev.value(rowNamed(sheet, person), colNamed(sheet, header, `${k}得分`)));
  const value = (person: string, column: string) => ev.value(rowNamed(sheet, person), colNamed(sheet, header, column));

  it("scores 张伟 (销售代表: 30/15/20/15/10/5/5) 31.5 + 10 + 17 + 21 + 8 + 5 + 4 = 96.5: one complaint costs 2, 较好 is 8 of 10 on a weight of 5", () => {
    expect(points("张伟")).toEqual([31.5, 10, 17, 21, 8, 5, 4]);
    expect(value("张伟", "总分")).toBe(96.5);
    expect(value("张伟", "奖金系数")).toBe(1.2);
  });
  it("scores 李娜 (销售经理: 45/25/5/5/5, and 5 and 10 kept) 94: two late reports cost 1 each, 好 is the whole 10", () => {
    expect(points("李娜")).toEqual([41, 25, 5, 5, 5, 3, 10]);
    expect(value("李娜", "总分")).toBe(94);
  });
  it("scores 王强, who has no role, by the KPIs' own weights: 64, no bonus; three complaints cost 6", () => {
    expect(points("王强")).toEqual([15, 15, 10, 10, 4, 4, 6]);
    expect(value("王强", "总分")).toBe(64);
    expect(value("王强", "奖金系数")).toBe(0);
  });
  it("scores 陈静 (销售经理) 102: 40 % fewer visits than 20 would be −1, the floor keeps 0", () => {
    expect(points("陈静")).toEqual([50, 25, 0, 9, 5, 5, 8]);
  });
  it("pays three months' salary from 100 % of the year's target: 张伟 36,000, 陈静 54,000, 李娜 at 96 % nothing", () => {
    expect([value("张伟", "年度达成率"), value("张伟", "年终奖月数"), value("张伟", "年终奖（元）")]).toEqual([1.05, 3, 36000]);
    expect([value("陈静", "年终奖月数"), value("陈静", "年终奖（元）")]).toEqual([3, 54000]);
    expect([value("李娜", "年度达成率"), value("李娜", "年终奖月数"), value("李娜", "年终奖（元）")]).toEqual([0.96, 0, 0]);
  });
  it("leaves 赵敏, with nothing entered yet, blank: no points, no total, no annual bonus", () => {
    const r = rowNamed(sheet, "赵敏");
    sheet.rows[r].forEach((c, col) => {
      if (c && "f" in c) expect(ev.value(r, col)).toBe("");
    });
  });
  it("computes every formula cell to the engine's value, in both languages", () => {
    expectFormulasMatch(sheet);
    expectFormulasMatch(buildScorecardSheet(p, { lang: "en" }).sheet);
  });
  it("has a Check_ per new invariant, all TRUE: each role's weights, the annual table, the grade table", () => {
    expect(names.map((n) => n.name)).toEqual(["Check_Scorecard_Weights", "Check_Scorecard_Role_rep", "Check_Scorecard_Role_manager", "Check_Scorecard_AnnualBonus", "Check_Scorecard_Grades_teamwork"]);
    for (const n of names) expect(ev.at(n.ref)).toBe(true);
  });
  it("shows each role's weights beside the KPIs, under the role's name, with their sum", () => {
    const rep = colNamed(sheet, 2, "销售代表");
    expect(sheet.rows.slice(3, 10).map((r) => (r[rep] as { v: number }).v)).toEqual([30, 15, 20, 15, 10, 5, 5]);
    const manager = colNamed(sheet, 2, "销售经理");
    expect(sheet.rows.slice(3, 10).map((r) => (r[manager] as { v: number }).v)).toEqual([45, 25, 5, 5, 5, 5, 10]);
    expect(ev.value(10, manager)).toBe(100);
  });
  it("describes a graded KPI by its grades, and a per-incident rule as written", () => {
    expect((sheet.rows[9][6] as { v: string }).v).toBe("选择等级（好 10、较好 8、中 6、较差 4、差 2），得分 = 等级分 × 权重 ÷ 10");
    expect((sheet.rows[9][2] as CellSpec | null)).toBeNull();
    expect((sheet.rows[7][6] as { v: string }).v).toBe("客户有效投诉次数每有1例，减2分");
    // The wrapped grade text gets a taller row (a merged cell does not grow by itself).
    expect(sheet.rowHeights).toEqual([{ row: 10, points: 31 }]);
  });
});

describe("typing over the example's inputs: the native formulas follow", () => {
  const p = valid(exampleJson());
  const { sheet } = buildScorecardSheet(p, { lang: "zh" });
  const header = rowNamed(sheet, "姓名");
  const col = (text: string) => colNamed(sheet, header, text);
  const kpis = p.scorecard!.kpis;
  const weightsOf = (role: string | undefined) => {
    const r = p.scorecard!.roles!.find((x) => x.id === role);
    return kpis.map((k) => (r && k.id in r.weights ? r.weights[k.id] : k.weight));
  };
  /** The engine's points for a person's actuals under a role. */
  const engine = (actuals: (number | string | null)[], role: string | undefined) =>
    kpis.map((k, i) => (k.grades ? scoreGrade(actuals[i] as string | null, DEFAULT_GRADES.zh, weightsOf(role)[i]) : scoreKpi(actuals[i] as number | null, k.target!, weightsOf(role)[i], { rule: k.rule, direction: k.direction })));
  const rowPoints = (rows: (CellSpec | null)[][], r: number) => kpis.map((k) => sheetEvaluator(rows).value(r, col(`${k.name}得分`)));
  const rowActuals = (rows: (CellSpec | null)[][], r: number) => kpis.map((k) => sheetEvaluator(rows).value(r, col(`${k.name}实际`)) as number | string | null);

  it("picking a role for 王强 scores him by its weights; clearing 张伟's scores him by the KPIs' own", () => {
    const wang = rowNamed(sheet, "王强");
    const asRep = typed(sheet.rows, wang, col("岗位"), "销售代表");
    expect(rowPoints(asRep, wang)).toEqual(engine(rowActuals(asRep, wang), "rep"));
    expect(rowPoints(asRep, wang)).not.toEqual(rowPoints(sheet.rows, wang));
    const zhang = rowNamed(sheet, "张伟");
    const none = typed(sheet.rows, zhang, col("岗位"), null);
    expect(rowPoints(none, zhang)).toEqual(engine(rowActuals(none, zhang), undefined));
  });
  it("picking another grade scores it: 差 is 2 of 10, on 张伟's weight of 5 one point", () => {
    const zhang = rowNamed(sheet, "张伟");
    const rows = typed(sheet.rows, zhang, col("团队协作实际"), "差");
    expect(sheetEvaluator(rows).value(zhang, col("团队协作得分"))).toBe(1);
    expect(sheetEvaluator(rows).value(zhang, col("总分"))).toBe(93.5);
    // A grade the list does not offer (typed past the drop-down) is MATCH's #N/A, not a silent 0.
    expect(sheetEvaluator(typed(sheet.rows, zhang, col("团队协作实际"), "优秀")).value(zhang, col("团队协作得分"))).toEqual(new XlError("#N/A"));
  });
  it("more complaints never score more, and each costs 2 down to 0", () => {
    const li = rowNamed(sheet, "李娜"); // a manager: complaints weigh 5
    const scores = [0, 1, 2, 3, 4].map((n) => sheetEvaluator(typed(sheet.rows, li, col("客户有效投诉实际"), n)).value(li, col("客户有效投诉得分")));
    expect(scores).toEqual([5, 3, 1, 0, 0]);
  });
  it("editing the tables on the sheet flows into the points: a grade's points, a role's weight", () => {
    const zhang = rowNamed(sheet, "张伟");
    // The grade table's 较好 (beside the KPIs) and its points to its right.
    const grade = sheet.rows.findIndex((row) => row.some((c) => c !== null && "v" in c && c.v === "较好"));
    const gradeCol = sheet.rows[grade].findIndex((c) => c !== null && "v" in c && c.v === "较好");
    expect(sheetEvaluator(typed(sheet.rows, grade, gradeCol + 1, 9)).value(zhang, col("团队协作得分"))).toBe(4.5);
    const rep = colNamed(sheet, 2, "销售代表");
    expect(sheetEvaluator(typed(sheet.rows, 3, rep, 20)).value(zhang, col("销售额完成率得分"))).toBe(21.5);
  });
  it("a year's sales typed in pays from the annual table: 赵敏 at 400 of 400 gets 3 × 11,000", () => {
    const zhao = rowNamed(sheet, "赵敏");
    const rows = typed(sheet.rows, zhao, col("年度销售额（万元）"), 400);
    expect([col("年度达成率"), col("年终奖月数"), col("年终奖（元）")].map((c) => sheetEvaluator(rows).value(zhao, c))).toEqual([1, 3, 33000]);
    expect(sheetEvaluator(typed(rows, zhao, col("月工资（元）"), null)).value(zhao, col("年终奖（元）"))).toBe("");
  });
});

describe("the drop-down lists: read from the sheet's tables, written by both writers", () => {
  const p = valid(exampleJson());
  const { sheet } = buildScorecardSheet(p, { lang: "en" });
  const header = rowNamed(sheet, "Name");
  const gradeCol = colNamed(sheet, header, "团队协作 actual");
  const roleCol = colNamed(sheet, header, "Role");
  const listOf = (source: string): XlValue[] => {
    const [a, b] = source.split(":").map((x) => parseA1(x));
    const out: XlValue[] = [];
    for (let r = a.row; r <= b.row; r++) for (let c = a.col; c <= b.col; c++) out.push((sheet.rows[r]?.[c] as { v: XlValue } | null)?.v ?? null);
    return out;
  };
  const gradeList = sheet.validations!.find((v) => v.range.startsWith(`${String.fromCharCode(65 + gradeCol)}`))!;
  const roleList = sheet.validations!.find((v) => v.range.startsWith(`${String.fromCharCode(65 + roleCol)}`))!;

  it("offers the grade table's names in the graded column and the roles' names in the role column", () => {
    expect(listOf(gradeList.source!)).toEqual(["good", "fairly good", "average", "fairly poor", "poor"]);
    expect(gradeList.list).toBeUndefined();
    expect(listOf(roleList.source!)).toEqual(["销售代表", "销售经理"]);
    expect(gradeList.range).toBe(`${String.fromCharCode(65 + gradeCol)}${header + 2}:${String.fromCharCode(65 + gradeCol)}${header + 6}`);
  });
  it("maps the plan's grades into the sheet's language: 较好 is fairly good on an English sheet", () => {
    expect((sheet.rows[rowNamed(sheet, "张伟")][gradeCol] as { v: string }).v).toBe("fairly good");
  });
  it("the .xlsx holds a list validation whose formula1 is the range, however long the names", async () => {
    const long = valid(
      plan({
        kpis: [KPIS[0], KPIS[1], { ...KPIS[2], grades: Array.from({ length: 12 }, (_, i) => ({ name: `grade ${i}, ${"x".repeat(30)}`, points: 12 - i })) }],
        people: [{ name: "Ann" }],
      }),
    );
    const spec = buildPlanWorkbook(long, { lang: "en" });
    const zip = await JSZip.loadAsync(await writeXlsx(spec));
    const xml = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    // 12 names of 40 characters: far over the 255 an inline list may hold.
    expect(xml).toMatch(/<dataValidation type="list" allowBlank="1" showErrorMessage="1"[^>]*sqref="F\d+"><formula1>\$[A-Z]+\$\d+:\$[A-Z]+\$\d+<\/formula1><\/dataValidation>/);
  });
  it("the Office.js writer sets the list's source to the range, as a formula", async () => {
    const fake = new FakeExcel();
    const spec = buildPlanWorkbook(p, { lang: "en" });
    await writeSheetSpec(spec, { run: fake.run as unknown as ExcelRunner, supports: fake.supports, sleep: async () => undefined });
    const rules = fake.sheet(sheet.name).validations.map((v) => v.rule);
    expect(rules).toEqual(expect.arrayContaining([{ list: { inCellDropDown: true, source: `=${gradeList.source}` } }, { list: { inCellDropDown: true, source: `=${roleList.source}` } }]));
  });
});

describe("Excel's formula limits, at the largest scorecard validation accepts", () => {
  it("50 KPIs (rules of many clauses, incidents, graded), 20 roles, 40 annual bands: every formula within 8,192 characters, 64 levels, 255 arguments and 255-character text", () => {
    const steps = Array.from({ length: 12 }, (_, i) => `每超${i + 1}%加0.5分`).join(",");
    const kpis = Array.from({ length: 50 }, (_, i) =>
      i % 5 === 4
        ? { id: `k${i}`, name: `评等级指标${i}`, weight: 2, grades: Array.from({ length: 20 }, (_, j) => ({ name: `等级${j}`.padEnd(60, "好"), points: 20 - j })) }
        : { id: `k${i}`, name: `指标${i}`, weight: 2, target: i % 2 ? 0 : 1, rule: i % 2 ? `客户有效投诉次数每有${i}例，减2分,${"-1 per incident,".repeat(10)}最低0分` : `${steps},每低1%扣1分,封顶${i}分` },
    );
    const roles = Array.from({ length: 20 }, (_, j) => ({ id: `r${j}`, name: `岗位${j}`.padEnd(40, "岗"), weights: { k0: 2, k1: 2 } }));
    const annualBonus = { bands: Array.from({ length: 40 }, (_, j) => ({ from: 0.5 + j / 40, months: j / 4 })), below: 0 };
    const people = Array.from({ length: 3 }, (_, j) => ({ name: `P${j}`, role: `r${j}`, monthlySalary: 10000, annualActual: 100 * (j + 1), annualTarget: 200 }));
    const big = valid(plan({ kpis, roles, annualBonus, people }));
    const { sheet } = buildScorecardSheet(big, { lang: "zh" });
    let formulas = 0;
    for (const row of sheet.rows) {
      for (const c of row) {
        if (!c || !("f" in c)) continue;
        formulas++;
        expect(excelLimitProblems(c.f)).toEqual([]);
        if (c.live) expect(excelLimitProblems(c.live)).toEqual([]);
      }
    }
    expect(formulas).toBeGreaterThan(150);
    expectFormulasMatch(sheet);
  });
  it("with roles, validation bounds a rule by the longer formula a role's weight makes", () => {
    // The longest rule of n clauses that fits without roles and not with them.
    const rule = (n: number) => Array.from({ length: n }, (_, i) => `每超${i + 1}.${"1".repeat(i % 7)}%加0.5分`).join(",");
    const json = (n: number, withRoles: boolean) => plan({ kpis: [{ id: "s", name: "S", weight: 100, target: 1, rule: rule(n) }], ...(withRoles && { roles: [{ id: "r", name: "R", weights: {} }] }) });
    const tooLong = (n: number, withRoles: boolean) => problems(json(n, withRoles)).some((x) => x.path === "scorecard.kpis[0].rule");
    let n = 1;
    while (!tooLong(n, true)) n++;
    // The first rule refused with roles still fits without them: the role's weight is in the bound.
    expect(tooLong(n, false)).toBe(false);
    // And what validation accepts with roles builds within the limit.
    const { sheet } = buildScorecardSheet(valid({ ...json(n - 1, true), scorecard: { ...(json(n - 1, true).scorecard as object), people: [{ name: "A", role: "r" }] } }), { lang: "en" });
    for (const row of sheet.rows) for (const c of row) if (c && "f" in c) expect(excelLimitProblems(c.f)).toEqual([]);
  });
  it("the annual bonus formula reads its table: the same for 1 band and 300 but for row numbers (no IF per band)", () => {
    const few = bandFormula("X5", { thresholds: "$P$4:$P$4", results: "$Q$4:$Q$5", count: 1 });
    const many = bandFormula("X5", { thresholds: "$P$4:$P$303", results: "$Q$4:$Q$304", count: 300 });
    expect(many.replace(/\d+/g, "9")).toBe(few.replace(/\d+/g, "9"));
    expect(few).not.toMatch(/IF\(.*IF\(/);
  });
});

describe("generated scorecards with roles, grades, incidents and the annual bonus (properties)", () => {
  it("every points, total, bonus and annual cell equals core", () => {
    const kpiArb = fc.record({
      kind: fc.constantFrom("rule", "incident", "graded", "plain"),
      weight: fc.constantFrom(10, 20, 30),
    });
    fc.assert(
      fc.property(
        fc.array(kpiArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.array(fc.nat({ max: 40 }), { minLength: 4, maxLength: 4 }), { minLength: 0, maxLength: 2 }),
        fc.array(
          fc.record({
            actuals: fc.array(fc.option(fc.double({ min: 0, max: 12, noNaN: true }), { nil: null }), { minLength: 4, maxLength: 4 }),
            grade: fc.option(fc.constantFrom("好", "较好", "中", "average", "poor"), { nil: null }),
            role: fc.nat({ max: 2 }),
            annualActual: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
            salary: fc.option(fc.integer({ min: 0, max: 30000 }), { nil: null }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.constantFrom("en" as const, "zh" as const),
        (kinds, roleWeights, people, lang) => {
          const n = kinds.length;
          const weights = kinds.map((_, i) => (i === n - 1 ? 100 - kinds.slice(0, -1).reduce((a, k) => a + k.weight, 0) : kinds[i].weight));
          fc.pre(weights[n - 1] >= 0);
          const kpis = kinds.map((k, i) =>
            k.kind === "graded"
              ? { id: `k${i}`, name: `K${i}`, weight: weights[i], grades: true }
              : { id: `k${i}`, name: `K${i}`, weight: weights[i], target: k.kind === "incident" ? 1 : 5, ...(k.kind === "rule" && { rule: "每超1个加2分,每低1个扣3分" }), ...(k.kind === "incident" && { rule: "每有2例，减3分,按比例" }) },
          );
          // Roles: raw weights scaled to 100 over all KPIs (the last KPI takes the rest).
          const roles = roleWeights
            .map((raw, j) => {
              const w = kpis.map((_, i) => (i < n - 1 ? raw[i] : 0));
              const sum = w.reduce((a, b) => a + b, 0);
              if (sum > 100) return undefined;
              w[n - 1] = 100 - sum;
              return { id: `r${j}`, name: `Role ${j}`, weights: Object.fromEntries(kpis.map((k, i) => [k.id, w[i]])) };
            })
            .filter((r): r is NonNullable<typeof r> => r !== undefined);
          const json = plan({
            kpis,
            ...(roles.length > 0 && { roles }),
            bands: [{ from: 90, pays: 1.2 }, { from: 70, pays: 0.8 }],
            annualBonus: { bands: [{ from: 1, months: 3 }, { from: 1.2, months: 4 }], below: 0.5 },
            people: people.map((pp, j) => ({
              name: `P${j}`,
              ...(pp.role < roles.length && { role: roles[pp.role].id }),
              actuals: Object.fromEntries(kpis.map((k, i) => [k.id, kinds[i].kind === "graded" ? pp.grade : pp.actuals[i]])),
              monthlySalary: pp.salary,
              annualActual: pp.annualActual,
              annualTarget: 200,
            })),
          });
          const pl = valid(json);
          const { sheet } = buildScorecardSheet(pl, { lang });
          expectFormulasMatch(sheet);
          // And the expectations are core's own numbers.
          const header = rowNamed(sheet, lang === "zh" ? "姓名" : "Name");
          people.forEach((pp, j) => {
            const r = header + 1 + j;
            const role = pp.role < roles.length ? roles[pp.role] : undefined;
            kinds.forEach((k, i) => {
              const w = role ? role.weights[`k${i}`] : weights[i];
              const kpi = pl.scorecard!.kpis[i];
              const grades = lang === "zh" ? DEFAULT_GRADES.zh : DEFAULT_GRADES.en;
              const other = lang === "zh" ? DEFAULT_GRADES.en : DEFAULT_GRADES.zh;
              const grade = pp.grade === null ? null : (grades.find((g) => g.name === pp.grade) ?? grades[other.findIndex((g) => g.name === pp.grade)]).name;
              const want = k.kind === "graded" ? scoreGrade(grade, grades, w) : scoreKpi(pp.actuals[i], kpi.target!, w, { rule: kpi.rule });
              expect((sheet.rows[r][2 + 2 * i] as { expect: unknown }).expect).toBe(want);
            });
            const months = pp.annualActual === null ? "" : bandLookup(attainment(pp.annualActual / 10000, 200 / 10000), [{ threshold: 1, result: 3 }, { threshold: 1.2, result: 4 }], 0.5);
            const bonusCol = colNamed(sheet, header, lang === "zh" ? "年终奖月数" : "Bonus months");
            expect((sheet.rows[r][bonusCol] as { expect: unknown }).expect).toBe(months);
          });
        },
      ),
      { seed: 1820, numRuns: 150 },
    );
  });
});

describe("the pane's scorecard form keeps what it does not edit yet", () => {
  it("a stored scorecard with grades, roles and an annual bonus comes back from the form whole, and validates", async () => {
    const { draftToScorecard, scorecardToDraft } = await import("../src/taskpane/flows/scorecard-draft");
    const p = valid(exampleJson());
    const sc = draftToScorecard(scorecardToDraft(p.scorecard!, "万元"), "万元", undefined, p);
    expect(sc.roles).toEqual(p.scorecard!.roles);
    expect(sc.annualBonus).toEqual(p.scorecard!.annualBonus);
    expect(sc.kpis.find((k) => k.id === "teamwork")).toEqual({ id: "teamwork", name: "团队协作", weight: 10, format: "count", grades: true });
    // The people, as the form merges them with what was stored for them.
    expect(problems({ ...p, scorecard: { ...sc, people: p.scorecard!.people } })).toEqual([]);
  });
});

describe("one workbook per member (--per) keeps the annual bonus's target", () => {
  it("a person's annual target from the person split comes in 元, and a person the scorecard does not list gets their total", async () => {
    const { planForMember } = await import("../src/sheets/members");
    const json = {
      title: "S",
      year: 2025,
      total: 1000000,
      unit: "万元",
      splits: [{ id: "people", kind: "person", members: [{ name: "Ann", weight: 3 }, { name: "Bo", weight: 2 }] }],
      scorecard: { kpis: KPIS, annualBonus: { bands: [{ from: 1, months: 3 }] }, people: [{ name: "Ann", monthlySalary: 9000, annualActual: 700000, annualTarget: { split: "people", member: "Ann" } }] },
    };
    const whole = valid(json);
    const ann = valid(planForMember(whole, "people", "Ann"));
    expect(ann.scorecard!.people![0].annualTarget).toBe(600000);
    const bo = valid(planForMember(whole, "people", "Bo"));
    expect(bo.scorecard!.people![0]).toMatchObject({ name: "Bo", annualTarget: 400000 });
    // The member's sheet pays what the whole plan's does.
    const months = (p: Plan, person: string) => {
      const { sheet } = buildScorecardSheet(p, { lang: "en" });
      return sheetEvaluator(sheet.rows).value(rowNamed(sheet, person), colNamed(sheet, rowNamed(sheet, "Name"), "Bonus months"));
    };
    expect(months(ann, "Ann")).toBe(months(whole, "Ann"));
  });
});

describe("a single scorecard (no people) with a graded KPI", () => {
  it("offers the grades in its actual cell and scores the grade typed", () => {
    const { sheet } = buildScorecardSheet(valid(plan({ kpis: KPIS })), { lang: "zh" });
    expect(sheet.validations).toEqual([{ range: "J6", source: expect.stringMatching(/^\$[A-Z]+\$\d+:\$[A-Z]+\$\d+$/), message: "请从列表中选择等级" }]);
    expect(sheetEvaluator(typed(sheet.rows, 5, 9, "较好")).value(5, 10)).toBe(16);
    expect(sheetEvaluator(sheet.rows).value(5, 10)).toBe("");
    expectFormulasMatch(sheet);
  });
});
