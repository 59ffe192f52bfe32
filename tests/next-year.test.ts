/*
 * Next year from this year: a generated workbook's stored plan and the actuals in its tracking
 * sheets give next year's plan — last year's figures per person and month, growth (given, else
 * the plan's own), seasonality from the monthly actuals, people who left dropped with their share
 * to the others, joiners prorated as the cascade prorates them. The actuals are read from the
 * workbook's own cells (the spec the builders make, with numbers typed into it, and an .xlsx the
 * CLI reads); expected figures are worked out by hand from the typed numbers.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Plan, resolveSplit, validatePlan } from "../src/sheets/plan";
import { nodeAt, resolveCascade } from "../src/sheets/cascade";
import { ACTUALS_AT, type SheetCells, actualsLayouts, proposeNextYear, readActuals } from "../src/sheets/next-year";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import type { CellValue, WorkbookSpec } from "../src/sheets/spec";
import { writeXlsx } from "../src/xlsx/write";
import { main } from "../src/cli/run";
import { placedRows, workbookEvaluator } from "./helpers/formula-eval";

const ROOT = path.resolve(__dirname, "..");
function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}
const read = (file: string): Plan => valid(JSON.parse(fs.readFileSync(path.join(ROOT, "examples", file), "utf8")));

/** The spec's sheets as cells to read (constants; formulas as the value the engine expects). */
function sheetsOf(spec: WorkbookSpec): SheetCells[] {
  return spec.sheets.map((s) => ({
    name: s.name,
    cell: (r, c) => {
      const cell = s.rows[r]?.[c];
      return cell ? ("v" in cell ? cell.v : (cell.expect as CellValue)) : undefined;
    },
  }));
}

/** Types a person's actuals for months 7–12 (shown units) into the tracking sheet of a spec. */
function typeSecondHalf(spec: WorkbookSpec, sheetName: string, name: string, values: number[]): void {
  const sheet = spec.sheets.find((s) => s.name === sheetName)!;
  const r = sheet.rows.findIndex((row, i) => i >= ACTUALS_AT.firstRow && row[0] && "v" in row[0] && row[0].v === name);
  if (r < 0) throw new Error(`${name} not on ${sheetName}`);
  values.forEach((v, k) => (sheet.rows[r][ACTUALS_AT.actualCol(6 + k)] = { v, input: true } as never));
}

/** Every Check_* of a workbook evaluated from its formulas. */
function checks(spec: WorkbookSpec): [string, unknown][] {
  const book = workbookEvaluator(spec.sheets.map((s) => ({ name: s.name, rows: placedRows(s) })));
  return spec.names.filter((n) => n.name.startsWith("Check_")).map((n) => [n.name, book.at(n.sheet, n.ref)]);
}

describe("next year from a tracking sheet of people (examples/revisions.json)", () => {
  const plan = read("revisions.json");
  const reps = ["Chen Jing", "Liu Yang", "Zhou Min", "Wu Lei", "Sun Li", "Ma Chao", "Hu Xin", "Guo Rui"];
  // Jan–Jun as the example has them (元), Jul–Dec typed into the sheet below (万元).
  const firstHalf: Record<string, number> = {
    "Chen Jing": 2240000,
    "Liu Yang": 1750000,
    "Zhou Min": 1610000,
    "Wu Lei": 1230000,
    "Sun Li": 1390000,
    "Ma Chao": 1080000,
    "Hu Xin": 960000,
    "Guo Rui": 650000,
  };
  const secondHalf = (k: number) => [40 + k, 41, 42, 43, 44, 45];

  function workbook(): WorkbookSpec {
    const spec = buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-12-31" });
    const sheet = spec.sheets.find((s) => s.kind === "tracking")!.name;
    reps.forEach((name, k) => typeSecondHalf(spec, sheet, name, name === "Wu Lei" ? [0, 0, 0, 0, 0, 0] : secondHalf(k)));
    return spec;
  }
  const yearOf = (name: string) => firstHalf[name] + (name === "Wu Lei" ? 0 : (secondHalf(reps.indexOf(name)).reduce((a, b) => a + b, 0) * 10000));

  it("finds the tracking sheet by its names and reads the actuals in 元", () => {
    const { actuals, missing } = readActuals(actualsLayouts(plan), sheetsOf(workbook()));
    expect(missing).toEqual([]);
    expect(actuals.tracking![0]).toEqual([320000, 340000, 360000, 390000, 410000, 420000, 400000, 410000, 420000, 430000, 440000, 450000]);
  });

  it("splits next year by last year's actuals, the rep who left dropped, with the growth given", () => {
    const { actuals } = readActuals(actualsLayouts(plan), sheetsOf(workbook()));
    const p = proposeNextYear(plan, actuals, { growth: 0.1, left: ["Wu Lei"] });
    if (!p.ok) throw new Error(JSON.stringify(p.problems));
    const next = p.plan;
    expect(next.year).toBe(2026);
    expect(next.title).toBe("East region 2026: eight reps, two targets revised");
    const everyone = reps.reduce((a, name) => a + yearOf(name), 0);
    expect(next.lastYear).toEqual({ total: everyone, growth: 0.1 });
    const split = next.splits!.find((s) => s.id === "reps")!;
    expect(split.basis).toBe("lastYear");
    expect(split.members!.map((m) => [m.name, m.lastYear])).toEqual(reps.filter((n) => n !== "Wu Lei").map((n) => [n, yearOf(n)]));
    expect(split.members!.some((m) => m.held !== undefined)).toBe(false);
    // Wu Lei's actual stays in the total: his share goes to the others.
    const amounts = resolveSplit(next, "reps").amounts;
    expect(amounts.reduce((a, b) => a + b, 0)).toBeCloseTo((everyone * 1.1) / 10000, 9);
    expect(next.tracking!.rows.map((r) => r.name)).not.toContain("Wu Lei");
    expect(next.tracking!.rows.every((r) => r.actuals === undefined)).toBe(true);
    expect(next.tracking!.asOf).toBeUndefined();
    expect(next.revisions).toBeUndefined();
    // The grid's seed lost Wu Lei's row with him.
    expect(next.grids![0].seed).toHaveLength(7);
  });

  it("takes the seasonality from the monthly actuals, and the plan's own growth when none is given", () => {
    const { actuals } = readActuals(actualsLayouts(plan), sheetsOf(workbook()));
    const p = proposeNextYear(plan, actuals, { left: ["Wu Lei"] });
    if (!p.ok) throw new Error(JSON.stringify(p.problems));
    expect(p.growth).toBe(0.15);
    expect(p.notes.map((n) => n.message.en)).toContain("Growth 15%: the plan's own growth rate (give --growth to choose another)");
    expect(p.notes.map((n) => n.message.zh)).toContain("增长率 15%：沿用本计划的增长率（可用 --growth 另定）");
    const months = Array.from({ length: 12 }, (_, m) => reps.reduce((a, name) => a + actuals.tracking![reps.indexOf(name)][m]!, 0));
    const quarter = p.plan.splits!.find((s) => s.id === "quarter")!;
    expect(quarter.members!.map((m) => m.weight)).toEqual([0, 1, 2, 3].map((q) => months[3 * q] + months[3 * q + 1] + months[3 * q + 2]));
    const month = p.plan.splits!.find((s) => s.id === "month")!;
    expect(month.members!.map((m) => m.weight)).toEqual(months);
  });

  it("builds next year's workbook with every check TRUE", () => {
    const { actuals } = readActuals(actualsLayouts(plan), sheetsOf(workbook()));
    const p = proposeNextYear(plan, actuals, { growth: 0.1, left: ["Wu Lei"] });
    if (!p.ok) throw new Error("no proposal");
    const c = checks(buildPlanWorkbook(p.plan, { lang: "en", asOf: "2026-01-31" }));
    expect(c.length).toBeGreaterThan(3);
    expect(c.filter(([, v]) => v !== true)).toEqual([]);
  });

  it("counts a month without an actual as its target, and says so", () => {
    const spec = buildPlanWorkbook(plan, { lang: "en", asOf: "2025-06-30" });
    const { actuals } = readActuals(actualsLayouts(plan), sheetsOf(spec));
    const p = proposeNextYear(plan, actuals, { growth: 0 });
    if (!p.ok) throw new Error("no proposal");
    expect(p.notes.map((n) => n.message.en)).toContain("48 row-months had no actual yet: their targets count instead");
    // Chen Jing: her six actual months and the revised target's last six months (the tracking sheet's).
    const sheet = spec.sheets.find((s) => s.kind === "tracking")!;
    const row = sheet.rows[ACTUALS_AT.firstRow];
    const targets = Array.from({ length: 6 }, (_, k) => {
      const cell = row[ACTUALS_AT.actualCol(6 + k) - 1]!;
      return ("v" in cell ? (cell.v as number) : (cell.expect as number)) * 10000;
    });
    const chen = p.plan.splits!.find((s) => s.id === "reps")!.members![0];
    expect(chen.lastYear).toBeCloseTo(2240000 + targets.reduce((a, b) => a + b, 0), 6);
  });
});

describe("next year from a cascade (examples/cascade.json)", () => {
  const plan = read("cascade.json");

  it("reads the people's actuals, annualises a joiner, drops who left, adds who joins", () => {
    const spec = buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-12-31" });
    const { actuals, missing } = readActuals(actualsLayouts(plan), sheetsOf(spec));
    expect(missing).toEqual([]);
    const result = resolveCascade(plan);
    const zhaomin = nodeAt(result, ["华东", "华东一组", "赵敏"])!;
    expect(zhaomin.startMonth).toBe(7);
    const p = proposeNextYear(plan, actuals, { growth: 0.05, left: ["张伟"], joiners: [{ path: ["华东", "华东一组", "新人"], startMonth: 4 }] });
    if (!p.ok) throw new Error(JSON.stringify(p.problems));
    const next = resolveCascade(p.plan);
    expect(nodeAt(next, ["华东", "华东一组", "张伟"])).toBeUndefined();
    const joiner = nodeAt(next, ["华东", "华东一组", "新人"])!;
    expect(joiner.startMonth).toBe(4);
    expect(joiner.figures[0].months.slice(0, 3)).toEqual([null, null, null]);
    // 赵敏's year is half a year's: counted whole, over the share of the season she was there.
    const season = result.season;
    const share = season.slice(6).reduce((a, b) => a + b, 0) / season.reduce((a, b) => a + b, 0);
    const her = actuals.cascade!.get(["华东", "华东一组", "赵敏"].join("\u0000"))!;
    const herTargets = zhaomin.figures[0].months.map((x) => (x ?? 0) * 10000);
    const herYear = her.reduce<number>((a, x, m) => a + (x ?? herTargets[m]), 0);
    const team = (p.plan.cascade!.root!.children![0].children![0]);
    const zm = team.children!.find((k) => k.name === "赵敏")!;
    expect(zm.lastYear).toBeCloseTo(herYear / share, 6);
    expect(zm.startMonth).toBeUndefined();
    // The team's last year keeps 张伟's actual: his share goes to his teammates.
    expect(team.basis).toBe("lastYear");
    expect(p.plan.year).toBe(2026);
    expect(p.plan.cascade!.seasonality).toHaveProperty("months");
    const c = checks(buildPlanWorkbook(p.plan, { lang: "zh", asOf: "2026-01-31" }));
    expect(c.filter(([, v]) => v !== true)).toEqual([]);
  });
});

describe("plan next-year (CLI)", () => {
  it("reads an .xlsx, writes next year's plan beside its name, refuses to overwrite without --force, both languages", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-next-"));
    try {
      const plan = read("revisions.json");
      fs.writeFileSync(path.join(dir, "book.xlsx"), await writeXlsx(buildPlanWorkbook(plan, { lang: "en", asOf: "2025-12-31" })));
      const lines: string[] = [];
      const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) };
      expect(await main(["next-year", "book.xlsx", "-o", "next.json", "--growth", "10%", "--left", "Wu Lei"], io, { cwd: dir })).toBe(0);
      const next = valid(JSON.parse(fs.readFileSync(path.join(dir, "next.json"), "utf8")));
      expect(next.year).toBe(2026);
      expect(next.lastYear?.growth).toBe(0.1);
      expect(next.splits![0].members!.map((m) => m.name)).not.toContain("Wu Lei");
      expect(lines.at(-1)).toMatch(/^Wrote next\.json: East region 2026/);
      expect(fs.readdirSync(dir).sort()).toEqual(["book.xlsx", "next.json"]);
      const zh: string[] = [];
      expect(await main(["next-year", "book.xlsx", "-o", "next.json", "--lang", "zh"], { out: (l) => zh.push(l), err: (l) => zh.push(l) }, { cwd: dir })).toBe(1);
      expect(zh).toEqual(["next.json 已存在；如要替换，请加 --force。"]);
      const bad: string[] = [];
      expect(await main(["next-year", "book.xlsx", "-o", "x.json", "--growth", "lots"], { out: (l) => bad.push(l), err: (l) => bad.push(l) }, { cwd: dir })).toBe(2);
      expect(bad).toEqual(['--growth is a percentage such as 10% or -5% (or a fraction such as 0.1), not "lots".']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
