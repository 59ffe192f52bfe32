/**
 * The dashboard (src/sheets/dashboard.ts): the plan option and its validation, where the sheet
 * goes, and every formula on it evaluated (tests/helpers/formula-eval.ts, across the tracking
 * sheet and the dashboard) against values worked out here from the plan's own numbers — the
 * colour counts, the top and bottom five with ties, the months and the year to date — and
 * against the builder's `expect`; the checks turn FALSE when the sheet is broken, and the
 * dashboard moves when an actual arrives on the tracking sheet.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { attainment } from "../src/core/attainment";
import { trafficLight } from "../src/core/status";
import { DEFAULT_BARS, TRACKING_CELLS, buildDashboardSheet, dashboardChartData, dashboardModel, rankedAttainment, trackingValues, trackingValuesOfSheet } from "../src/sheets/dashboard";
import { type Plan, type TrackingRow, validatePlan } from "../src/sheets/plan";
import type { CellSpec, SheetSpec, WorkbookSpec } from "../src/sheets/spec";
import { STATUS_WORDS } from "../src/sheets/native";
import { NO_TARGET, buildTrackingSheet, excelSerial } from "../src/sheets/tracking";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { XlError, type XlValue, colLetters, evaluateFormula, parseA1, workbookEvaluator } from "./helpers/formula-eval";

const EXAMPLES = path.resolve(__dirname, "../examples");

function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.plan;
}
const example = (file: string, dashboard: unknown = true): Plan => {
  const json = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")) as { tracking: Record<string, unknown> };
  json.tracking.dashboard = dashboard;
  return valid(json);
};

/** A plan of people, each with twelve monthly targets of 100 元 and actuals for January to March. */
function peoplePlan(actuals: (number | null)[][], extra: Partial<TrackingRow>[] = [], dashboard: unknown = true): Plan {
  const rows = actuals.map((a, i) => ({
    name: `Rep ${String(i + 1).padStart(2, "0")}`,
    target: { monthly: new Array<number>(12).fill(100) },
    actuals: [...a, ...new Array<null>(12 - a.length).fill(null)],
    ...(extra[i] ?? {}),
  }));
  return valid({ title: "Team", year: 2025, unit: "元", tracking: { rowsAre: "people", asOf: "2025-03-31", rows, dashboard } });
}

/** The tracking sheet and the dashboard of a plan, as built for a workbook. */
function built(plan: Plan, lang: "en" | "zh" = "en", asOf = "2025-03-31"): { spec: WorkbookSpec; tracking: SheetSpec; dashboard: SheetSpec } {
  const spec = buildPlanWorkbook(plan, { lang, asOf });
  const tracking = spec.sheets.find((s) => s.kind === "tracking")!;
  const dashboard = spec.sheets.find((s) => s.kind === "dashboard")!;
  return { spec, tracking, dashboard };
}

type Rows = (CellSpec | null)[][];
const evaluator = (tracking: SheetSpec, dashboard: SheetSpec, trackingRows: Rows = tracking.rows, dashboardRows: Rows = dashboard.rows) =>
  workbookEvaluator([
    { name: tracking.name, rows: trackingRows },
    { name: dashboard.name, rows: dashboardRows },
  ]);

/** Every formula of the dashboard evaluates to its `expect` (numbers within 1e-12 relative). */
function expectEveryFormula(tracking: SheetSpec, dashboard: SheetSpec): number {
  const ev = evaluator(tracking, dashboard);
  let n = 0;
  dashboard.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell || !("f" in cell)) return;
      n++;
      const got = ev.value(dashboard.name, r, c);
      const want = cell.expect;
      const ok = typeof want === "number" && typeof got === "number" ? Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)) : got === want;
      if (!ok) throw new Error(`${colLetters(c)}${r + 1} ${cell.f}: sheet ${String(got)}, expected ${String(want)}`);
    }),
  );
  return n;
}

/** A cell of a sheet's rows replaced (a copy). */
function withCell(rows: Rows, a1: string, cell: CellSpec | null): Rows {
  const { row, col } = parseA1(a1);
  return rows.map((line, r) => (r === row ? line.map((x, c) => (c === col ? cell : x)) : line));
}

/** Where the dashboard says what: the cell right of a label in column `labelCol`. */
function cellBeside(sheet: SheetSpec, label: string, labelCol = 0, valueCol = 9): string {
  const r = sheet.rows.findIndex((row) => row[labelCol] !== null && "v" in row[labelCol]! && row[labelCol]!.v === label);
  if (r < 0) throw new Error(`no label ${label}`);
  return `${colLetters(valueCol)}${r + 1}`;
}
const nameRef = (spec: WorkbookSpec, name: string): string => spec.names.find((n) => n.name === name)!.ref;

describe("the plan asks for a dashboard", () => {
  test("true, or options; the sheet follows the tracking sheet it reads, with its Check_ names", () => {
    const { spec } = built(example("seed-plan.json"), "zh");
    expect(spec.sheets.map((s) => s.kind)).toEqual(["decomposition", "tracking", "dashboard", "scorecard"]);
    expect(spec.sheets[2].name).toBe("看板");
    expect(spec.names.filter((n) => n.sheet === "看板").map((n) => n.name)).toEqual(["Check_Dashboard_Status", "Check_Dashboard_Ranks", "Check_Dashboard_Months"]);
    const named = built(example("seed-plan.json", { name: "Board", monthly: { row: "华东销售额" }, bars: 3 }), "zh");
    expect(named.dashboard.name).toBe("Board");
    expect(named.dashboard.rows[3][8]).toEqual({ v: "累计进度 · 华东销售额" });
  });

  test("without the option, or false, there is none", () => {
    expect(buildPlanWorkbook(example("seed-plan.json", false), { lang: "zh", asOf: "2025-03-31" }).sheets.some((s) => s.kind === "dashboard")).toBe(false);
    const json = JSON.parse(fs.readFileSync(path.join(EXAMPLES, "team-8-reps.json"), "utf8")) as { tracking: Record<string, unknown> };
    delete json.tracking.dashboard;
    expect(buildPlanWorkbook(valid(json), { lang: "en" }).sheets.some((s) => s.kind === "dashboard")).toBe(false);
  });

  test("a dashboard name taken by another sheet gets a number; a renamed tracking sheet is read by its new name", () => {
    const plan = example("seed-plan.json", { name: "目标管理表" });
    expect(built(plan, "zh").dashboard.name).toBe("目标管理表 (2)");
    const clash = valid({ ...JSON.parse(JSON.stringify(example("seed-plan.json"))), tracking: { ...example("seed-plan.json").tracking, name: "目标分解" } });
    const { tracking, dashboard } = built(clash, "zh");
    expect(tracking.name).toBe("目标分解 (2)");
    expect(dashboard.rows[1][1]).toMatchObject({ f: "'目标分解 (2)'!$B$2" });
    expect(dashboard.charts![0].categories!.sheet).toBe("目标分解 (2)");
    expectEveryFormula(tracking, dashboard);
  });

  test("validation refuses a monthly row that is missing or does not add up, and bars outside 1–200, in both languages", () => {
    const bad = (dashboard: unknown) => {
      const json = JSON.parse(fs.readFileSync(path.join(EXAMPLES, "seed-plan.json"), "utf8")) as { tracking: Record<string, unknown> };
      json.tracking.dashboard = dashboard;
      const v = validatePlan(json);
      return v.ok ? [] : v.problems;
    };
    expect(bad({ monthly: { row: "Nobody" } })).toEqual([
      { path: "tracking.dashboard.monthly.row", message: { en: 'no tracking row is named "Nobody"', zh: "目标管理表中没有名为“Nobody”的行" } },
    ]);
    const rate = bad({ monthly: { row: "回款率" } });
    expect(rate).toHaveLength(1);
    expect(rate[0].message.en).toMatch(/aggregate "sum"/);
    expect(rate[0].message.zh).toMatch(/越高越好/);
    expect(bad({ monthly: { row: "客户流失率" } })).toHaveLength(1); // lower is better
    expect(bad({ bars: 0 })).toHaveLength(1);
    expect(bad({ bars: 201 })).toHaveLength(1);
    expect(bad({ colour: "red" })).toHaveLength(1);
    expect(bad({ monthly: "sum", bars: 200 })).toEqual([]);
  });
});

describe("what it reads of the tracking sheet", () => {
  test("the fixed cells are where the tracking sheet puts them: as-of, year start and end, time elapsed, month starts", () => {
    const plan = example("seed-plan.json");
    const { sheet } = buildTrackingSheet(plan, { lang: "en", asOf: "2025-03-31" });
    const v = trackingValuesOfSheet(sheet);
    expect(v.asOf).toBe(excelSerial("2025-03-31"));
    expect(v.start).toBe(excelSerial("2025-01-01"));
    expect(v.end).toBe(excelSerial("2025-12-31"));
    expect(v.share).toBeCloseTo(90 / 365, 12);
    expect(v.monthStarts).toEqual(Array.from({ length: 12 }, (_, m) => excelSerial(`2025-${String(m + 1).padStart(2, "0")}-01`)));
    const header = sheet.rows[TRACKING_CELLS.firstDataRow - 1].map((c) => (c && "v" in c ? c.v : null));
    expect([TRACKING_CELLS.yearTarget, TRACKING_CELLS.targetToDate, TRACKING_CELLS.actualToDate, TRACKING_CELLS.attainment, TRACKING_CELLS.status, TRACKING_CELLS.pace].map((c) => header[c])).toEqual([
      "Year target",
      "Target to date",
      "Actual to date",
      "Attainment",
      "Status",
      "Pace",
    ]);
    expect(v.rows.map((r) => r.name)).toEqual(plan.tracking!.rows.map((r) => r.name));
  });

  test("a live sheet's values (the pane's read) give the same model as the spec", () => {
    const { tracking } = built(example("team-8-reps.json"), "en", "2025-06-30");
    const values = tracking.rows.map((row) => row.map((c) => (c === null ? "" : "v" in c ? c.v : c.expect ?? "")));
    const live = trackingValues(tracking.name, (r, c) => values[r]?.[c] ?? "", values.length - TRACKING_CELLS.firstDataRow);
    const options = { lang: "en" as const, unitWord: "万元", rowsAre: "people" as const };
    expect(dashboardModel(live, options)).toEqual(dashboardModel(trackingValuesOfSheet(tracking), options));
  });
});

describe("every formula equals what the plan gives", () => {
  test.each([
    ["seed-plan.json", "zh", "2025-03-31"],
    ["seed-plan.json", "en", "2025-12-31"],
    ["team-8-reps.json", "en", "2025-06-30"],
    ["team-8-reps.json", "zh", "2025-01-15"],
    ["tracking-lower-better.json", "en", "2025-05-31"],
  ] as const)("%s (%s, as of %s)", (file, lang, asOf) => {
    const json = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")) as { tracking: Record<string, unknown> };
    json.tracking.dashboard = true;
    delete json.tracking.asOf;
    const { tracking, dashboard } = built(valid(json), lang, asOf);
    expect(expectEveryFormula(tracking, dashboard)).toBeGreaterThan(50);
  });

  // Attainments with ties (1.0 and 0.9 several times), a dash (no target: zero targets), no
  // data, and a rate that is not an amount (left out of the sums).
  const actuals: (number | null)[][] = [
    [100, 100, 100], // 1.0
    [90, 90, 90], // 0.9
    [100, 100, 100], // 1.0
    [80, 80, 80], // 0.8
    [null, null, null], // no data
    [110, 110, 110], // 1.1
    [90, 90, 90], // 0.9
    [50, 40, 30], // 0.4
    [100, 100, 100], // 1.0 (zero targets: a dash)
    [0.9, 0.9, 0.9], // a rate: 0.9 of 0.95
    [100, 100, 100], // 1.0
  ];
  const extra: Partial<TrackingRow>[] = [];
  extra[8] = { target: { monthly: new Array<number>(12).fill(0) } };
  extra[9] = { format: "percent", target: { each: 0.95 } };
  const plan = peoplePlan(actuals, extra);
  const { spec, tracking, dashboard } = built(plan, "en");
  const ev = evaluator(tracking, dashboard);
  const at = (a1: string): XlValue => ev.at(dashboard.name, a1);

  /** Each row's attainment and light, from the plan's numbers (core's functions, not the sheet). */
  const independent = plan.tracking!.rows.map((r) => {
    const targets = ("monthly" in r.target ? r.target.monthly : new Array<number>(12).fill((r.target as { each: number }).each)).map((x) => x ?? 0);
    const act = r.actuals!.slice(0, 3).filter((x): x is number => x !== null);
    if (act.length === 0) return { name: r.name, att: undefined as number | undefined, light: "" };
    const percent = r.format === "percent";
    const t = percent ? (targets[0] + targets[1] + targets[2]) / 3 : targets[0] + targets[1] + targets[2];
    const a = percent ? act.reduce((x, y) => x + y, 0) / act.length : act.reduce((x, y) => x + y, 0);
    if (t === 0) return { name: r.name, att: undefined, light: NO_TARGET };
    return { name: r.name, att: attainment(a, t), light: trafficLight(a, t, { greenAt: 1, yellowAt: 0.9 }) };
  });

  test("every formula evaluates to the builder's expect", () => {
    expect(expectEveryFormula(tracking, dashboard)).toBeGreaterThan(100);
  });

  test("the colour counts: COUNTIF over the status column, the rest 'no data'", () => {
    const count = (light: string) => independent.filter((x) => x.light === light).length;
    const label = (s: string) => cellBeside(dashboard, s, 0, 1);
    expect(at(label("green: on target"))).toBe(count("green"));
    expect(at(label("yellow: close"))).toBe(count("yellow"));
    expect(at(label("red: behind"))).toBe(count("red"));
    expect(at(label("– no target"))).toBe(1);
    expect(at(label("no data yet"))).toBe(1);
    expect(at(label("All rows"))).toBe(11);
    expect(count("green") + count("yellow") + count("red")).toBe(9);
  });

  test("top and bottom five: by attainment, ties in the tracking sheet's order, no row twice", () => {
    // Ranked by attainment to 10 decimals (the sheet's rule, so that engines agree on ties).
    const ranked = independent.map((x, i) => ({ ...x, i })).filter((x) => x.att !== undefined).map((x) => ({ ...x, att: Math.round(x.att! * 1e10) / 1e10 }));
    const top = [...ranked].sort((a, b) => b.att - a.att || a.i - b.i).slice(0, 5);
    const bottom = [...ranked].sort((a, b) => a.att - b.att || a.i - b.i).slice(0, 5);
    const list = (first: number) => Array.from({ length: 5 }, (_, k) => ({ name: at(`E${first + k}`), att: at(`F${first + k}`), row: at(`K${first + k}`) }));
    expect(list(6)).toEqual(top.map((x) => ({ name: x.name, att: x.att, row: x.i + 1 })));
    expect(list(11)).toEqual(bottom.map((x) => ({ name: x.name, att: x.att, row: x.i + 1 })));
    // The ties of 1.0 come in the sheet's order: Rep 01, 03, 11 (Rep 09's is a dash).
    expect(list(6).map((x) => x.name)).toEqual(["Rep 06", "Rep 01", "Rep 03", "Rep 11", "Rep 10"]);
  });

  test("the months add up the amount rows; the year to date agrees with them", () => {
    const amountRows = plan.tracking!.rows.filter((r) => r.format !== "percent");
    const first = dashboard.rows.findIndex((row) => row[0] !== null && "v" in row[0] && row[0].v === "Jan");
    const monthTargets = Array.from({ length: 12 }, (_, m) => amountRows.reduce((s, r) => s + ("monthly" in r.target ? (r.target.monthly[m] ?? 0) : 0), 0));
    const monthActuals = Array.from({ length: 12 }, (_, m) => (m < 3 ? amountRows.reduce((s, r) => s + (r.actuals![m] ?? 0), 0) : ""));
    for (let m = 0; m < 12; m++) {
      const R = first + 1 + m;
      expect(at(`B${R}`)).toBe(monthTargets[m]);
      expect(at(`C${R}`)).toBe(monthActuals[m]);
      expect(at(`D${R}`)).toBe(monthTargets.slice(0, m + 1).reduce((a, b) => a + b, 0));
      expect(at(`E${R}`)).toBe(m < 3 ? (monthActuals.slice(0, m + 1) as number[]).reduce((a, b) => a + b, 0) : "");
      const monthEnd = m < 11 ? excelSerial(`2025-${String(m + 2).padStart(2, "0")}-01`) - 1 : excelSerial("2025-12-31");
      expect(at(`F${R}`) as number).toBeCloseTo((monthTargets.reduce((a, b) => a + b, 0) * (monthEnd - excelSerial("2025-01-01") + 1)) / 365, 9);
    }
    const ytdTarget = monthTargets.slice(0, 3).reduce((a, b) => a + b, 0);
    const ytdActual = (monthActuals.slice(0, 3) as number[]).reduce((a, b) => a + b, 0);
    expect(at(cellBeside(dashboard, "Year target", 8))).toBe(monthTargets.reduce((a, b) => a + b, 0));
    expect(at(cellBeside(dashboard, "Target to date", 8))).toBe(ytdTarget);
    expect(at(cellBeside(dashboard, "Actual to date", 8))).toBe(ytdActual);
    expect(at(cellBeside(dashboard, "Attainment", 8))).toBeCloseTo(ytdActual / ytdTarget, 12);
    expect(at(cellBeside(dashboard, "Pace (1.00 = on schedule)", 8))).toBeCloseTo(ytdActual / monthTargets.reduce((a, b) => a + b, 0) / (90 / 365), 12);
  });

  test("the checks are TRUE, and turn FALSE when the sheet is broken", () => {
    const check = (name: string, trackingRows: Rows = tracking.rows, dashboardRows: Rows = dashboard.rows) =>
      evaluator(tracking, dashboard, trackingRows, dashboardRows).at(dashboard.name, nameRef(spec, name));
    for (const name of ["Check_Dashboard_Status", "Check_Dashboard_Ranks", "Check_Dashboard_Months"]) expect(check(name)).toBe(true);
    // A status word that no count knows (the status column no longer matches attainment).
    const status = `${colLetters(TRACKING_CELLS.status)}${TRACKING_CELLS.firstDataRow + 1}`;
    expect(check("Check_Dashboard_Status", withCell(tracking.rows, status, { v: "blue" }))).toBe(false);
    // A listed row that does not hold the listed attainment.
    expect(check("Check_Dashboard_Ranks", tracking.rows, withCell(dashboard.rows, "K7", { v: 2 }))).toBe(false);
    // A tie listed out of the sheet's order.
    expect(check("Check_Dashboard_Ranks", tracking.rows, withCell(withCell(dashboard.rows, "K8", { v: 11 }), "K9", { v: 3 }))).toBe(false);
    // A month's target typed over: the months no longer add up to the year.
    const jan = dashboard.rows.findIndex((row) => row[0] !== null && "v" in row[0] && row[0].v === "Jan") + 1;
    expect(check("Check_Dashboard_Months", tracking.rows, withCell(dashboard.rows, `B${jan}`, { v: 0 }))).toBe(false);
    const all = evaluator(tracking, dashboard, tracking.rows, withCell(dashboard.rows, `B${jan}`, { v: 0 })).at(dashboard.name, "J2");
    expect(all).toBe(false);
  });

  test("an actual arriving on the tracking sheet moves the dashboard", () => {
    // Rep 05 had no data: 120 in January makes them green at the top, and adds to the months.
    const jan = `${colLetters(TRACKING_CELLS.firstMonthCol + 1)}${TRACKING_CELLS.firstDataRow + 5}`;
    const moved = evaluator(tracking, dashboard, withCell(tracking.rows, jan, { v: 330 }));
    const before = at("E6");
    expect(before).toBe("Rep 06");
    expect(moved.at(dashboard.name, "E6")).toBe("Rep 05");
    expect(moved.at(dashboard.name, "F6")).toBeCloseTo(330 / 300, 12);
    expect(moved.at(dashboard.name, cellBeside(dashboard, "no data yet", 0, 1))).toBe(0);
    expect(moved.at(dashboard.name, cellBeside(dashboard, "Actual to date", 8))).toBe((at(cellBeside(dashboard, "Actual to date", 8)) as number) + 330);
    for (const name of ["Check_Dashboard_Status", "Check_Dashboard_Ranks", "Check_Dashboard_Months"]) expect(moved.at(dashboard.name, nameRef(spec, name))).toBe(true);
  });
});

describe("attainments equal but for their last bits", () => {
  test("the seed plan's two 95.8333…% are a tie, listed in the tracking sheet's order, in every engine", () => {
    const { tracking, dashboard } = built(example("seed-plan.json"), "zh");
    const values = trackingValuesOfSheet(tracking);
    const [east, churn] = [values.rows[1].attainment as number, values.rows[4].attainment as number];
    expect(east).not.toBe(churn); // 2920/3000 and 2 − 0.25/0.24: different doubles
    expect(Math.abs(east - churn)).toBeLessThan(1e-15);
    const ev = evaluator(tracking, dashboard);
    expect([7, 8].map((r) => ev.at(dashboard.name, `E${r}`))).toEqual(["华东销售额", "客户流失率"]);
    expect([13, 14].map((r) => ev.at(dashboard.name, `E${r}`))).toEqual(["华东销售额", "客户流失率"]);
    expect(ev.at(dashboard.name, "F7")).toBe(ev.at(dashboard.name, "F8"));
    expect(rankedAttainment(east)).toBe(rankedAttainment(churn));
  });
});

describe("ties, dashes and short lists: any attainments", () => {
  // Attainments from a few values (many ties), some rows without data or without a target.
  const levels = [0, 0.5, 0.9, 0.95, 1, 1.2];
  test("the lists are LARGE/SMALL in order, each row at most once, ties in the sheet's order, checks TRUE", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...levels), fc.constant(null), fc.constant(-1)), { minLength: 1, maxLength: 14 }), (atts) => {
        const rows = atts.map((a) => (a === null ? [null, null, null] : [a === -1 ? 50 : a * 100, a === -1 ? 50 : a * 100, a === -1 ? 50 : a * 100]));
        const extra = atts.map((a) => (a === -1 ? { target: { monthly: new Array<number>(12).fill(0) } } : {}));
        const plan = peoplePlan(rows, extra);
        const { spec, tracking, dashboard } = built(plan, "zh");
        expectEveryFormula(tracking, dashboard);
        const ev = evaluator(tracking, dashboard);
        const numbers = atts.map((a, i) => ({ a, i })).filter((x) => x.a !== null && x.a !== -1) as { a: number; i: number }[];
        const top = [...numbers].sort((x, y) => y.a - x.a || x.i - y.i).slice(0, 5);
        const bottom = [...numbers].sort((x, y) => x.a - y.a || x.i - y.i).slice(0, 5);
        for (let k = 0; k < 5; k++) {
          expect(ev.at(dashboard.name, `K${6 + k}`)).toBe(top[k] ? top[k].i + 1 : "");
          expect(ev.at(dashboard.name, `K${11 + k}`)).toBe(bottom[k] ? bottom[k].i + 1 : "");
        }
        for (const name of ["Check_Dashboard_Status", "Check_Dashboard_Ranks", "Check_Dashboard_Months"]) expect(ev.at(dashboard.name, nameRef(spec, name))).toBe(true);
        const words = STATUS_WORDS.zh;
        const statuses = atts.filter((a): a is number => a !== null && a !== -1).map((a) => (a >= 1 ? words.green : a >= 0.9 ? words.yellow : words.red));
        expect(ev.at(dashboard.name, "B6")).toBe(statuses.filter((s) => s === words.green).length);
        expect(ev.at(dashboard.name, "B9")).toBe(atts.filter((a) => a === -1).length);
      }),
      { seed: 20250318, numRuns: 60 },
    );
  });
});

describe("the charts", () => {
  test("the seed plan: attainment by row from the tracking sheet, the lights from the counts, the months as columns and lines", () => {
    const { tracking, dashboard } = built(example("seed-plan.json"), "zh");
    const [bars, lights, months] = dashboard.charts!;
    expect(bars).toMatchObject({ type: "bar", categories: { sheet: tracking.name, range: "A6:A10" }, series: [{ values: { sheet: tracking.name, range: "AH6:AH10" } }], valueAxisMin: 0 });
    expect(lights).toMatchObject({ type: "doughnut", categories: { sheet: "看板", range: "A6:A8" }, series: [{ values: { sheet: "看板", range: "B6:B8" } }] });
    expect(months.type).toBe("line");
    expect(months.series.map((s) => [s.type ?? "line", s.dashed ?? false])).toEqual([
      ["column", false],
      ["line", false],
      ["line", true],
    ]);
    // Every range a chart reads holds what the model says.
    const ev = evaluator(tracking, dashboard);
    const model = dashboardModel(trackingValuesOfSheet(tracking), { lang: "zh", unitWord: "万元", rowsAre: "indicators" });
    const read = (sheet: string, range: string) => {
      const [a, b] = range.split(":").map(parseA1);
      return Array.from({ length: b.row - a.row + 1 }, (_, i) => ev.value(sheet, a.row + i, a.col));
    };
    expect(read(bars.series[0].values.sheet, bars.series[0].values.range)).toEqual(model.bars.map((b) => b.attainment));
    expect(read(lights.series[0].values.sheet, lights.series[0].values.range)).toEqual([model.counts.green, model.counts.yellow, model.counts.red]);
    expect(read(months.series[0].values.sheet, months.series[0].values.range)).toEqual(model.monthly!.months.map((p) => p.cumActual ?? ""));
  });

  test(`more rows than bars (${DEFAULT_BARS}): the bars are the top and bottom five, read from the dashboard`, () => {
    const plan = peoplePlan(Array.from({ length: 40 }, (_, i) => [60 + i, 60 + i, 60 + i]));
    const { dashboard } = built(plan, "en");
    const bars = dashboard.charts![0];
    expect(bars.title).toBe("Attainment: top and bottom five");
    expect(bars.categories).toEqual({ sheet: dashboard.name, range: "E6:E15" });
    expect(bars.series[0].values).toEqual({ sheet: dashboard.name, range: "F6:F15" });
    const few = built(peoplePlan(Array.from({ length: 40 }, () => [90, 90, 90]), [], { bars: 40 }), "en").dashboard.charts![0];
    expect(few.categories!.range).toBe("A6:A45");
  });

  test("a plan with no row that adds up where higher is better has no monthly line (and no months check)", () => {
    const plan = valid({
      title: "Rates",
      year: 2025,
      tracking: { asOf: "2025-03-31", dashboard: true, rows: [{ name: "Collection rate", format: "percent", target: { each: 0.95 }, actuals: [0.9, 0.96, null, null, null, null, null, null, null, null, null, null] }] },
    });
    const { spec, tracking, dashboard } = built(plan, "en");
    expect(dashboard.charts!.map((c) => c.type)).toEqual(["bar", "doughnut"]);
    expect(spec.names.filter((n) => n.sheet === dashboard.name).map((n) => n.name)).toEqual(["Check_Dashboard_Status", "Check_Dashboard_Ranks"]);
    expectEveryFormula(tracking, dashboard);
    expect(evaluator(tracking, dashboard).at(dashboard.name, "J2")).toBe(true);
  });

  test("no formula of the dashboard is an error, and none reads a whole column", () => {
    const { tracking, dashboard } = built(example("team-8-reps.json"), "zh", "2025-06-30");
    const ev = evaluator(tracking, dashboard);
    dashboard.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell || !("f" in cell)) return;
        expect(ev.value(dashboard.name, r, c)).not.toBeInstanceOf(XlError);
        expect(cell.f).not.toMatch(/\$?[A-Z]{1,3}:\$?[A-Z]{1,3}(?![\d$])/);
      }),
    );
  });
});

describe("the model the pane draws", () => {
  test("the charts as data have the sheet's titles, series, colours, and the values its chart ranges hold", () => {
    for (const [file, lang, asOf] of [
      ["seed-plan.json", "zh", "2025-03-31"],
      ["team-8-reps.json", "en", "2025-06-30"],
    ] as const) {
      const plan = example(file);
      const { tracking, dashboard } = built(plan, lang, asOf);
      const model = dashboardModel(trackingValuesOfSheet(tracking), { lang, unitWord: plan.unit ?? "元", rowsAre: plan.tracking!.rowsAre ?? "indicators" });
      const data = dashboardChartData(model, lang, plan.unit ?? "元");
      const [bars, lights, months] = dashboard.charts!;
      const ev = evaluator(tracking, dashboard);
      const read = (ref: { sheet: string; range: string }) => {
        const [a, b] = ref.range.split(":").map(parseA1);
        return Array.from({ length: b.row - a.row + 1 }, (_, i) => ev.value(ref.sheet, a.row + i, a.col));
      };
      expect([data.attainment.title, data.attainment.color]).toEqual([bars.title, bars.series[0].color]);
      expect(data.attainment.bars.map((b) => b.label)).toEqual(read(bars.categories!));
      expect(data.attainment.bars.map((b) => b.value)).toEqual(read(bars.series[0].values).map((v) => (typeof v === "number" ? v : null)));
      expect(data.lights.title).toBe(lights.title);
      expect(data.lights.slices.map((x) => [x.label, x.value, x.color])).toEqual(read(lights.categories!).map((l, k) => [l, read(lights.series[0].values)[k], lights.series[0].pointColors![k]]));
      expect(data.months!.title).toBe(months.title);
      expect(data.months!.labels).toEqual(read(months.categories!));
      const [cols, target, pace] = months.series;
      expect([data.months!.columns.name, data.months!.columns.color]).toEqual([cols.name, cols.color]);
      expect(data.months!.columns.values).toEqual(read(cols.values).map((v) => (v === "" ? null : v)));
      expect(data.months!.lines.map((l) => [l.name, l.color, l.dashed])).toEqual([target, pace].map((s) => [s.name, s.color, s.dashed ?? false]));
      data.months!.lines.forEach((l, k) => read([target, pace][k].values).forEach((v, m) => expect(l.values[m]).toBeCloseTo(v as number, 9)));
    }
  });

  test("buildDashboardSheet returns what dashboardModel gives for its tracking sheet", () => {
    const plan = example("team-8-reps.json");
    const { sheet } = buildTrackingSheet(plan, { lang: "en", asOf: "2025-06-30" });
    const { model } = buildDashboardSheet(sheet, plan, { lang: "en", option: true });
    expect(model).toEqual(dashboardModel(trackingValuesOfSheet(sheet), { lang: "en", unitWord: plan.unit ?? "元", rowsAre: "people" }));
    expect(model.monthly!.selection).toEqual({ kind: "sum", rows: [0, 1, 2, 3, 4, 5, 6, 7] });
    expect(model.counts).toEqual({ green: 3, yellow: 4, red: 1, noTarget: 0, noData: 0, rows: 8 });
  });
});

describe("attainments are ranked as Excel's ROUND(x, 10) rounds them", () => {
  test("an attainment typed with a 5 in its 11th decimal rounds as the evaluated ROUND does (x read to 15 digits, halves away from zero)", () => {
    // 0.04110000215 × 1e10 is 411000021.49999994 in binary: rounding that product, rather
    // than the number Excel stores (15 digits), gives …21 where ROUND gives …22.
    expect(rankedAttainment(0.04110000215)).toBe(evaluateFormula("ROUND(0.04110000215,10)", () => null));
    const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 });
    fc.assert(
      fc.property(digits, fc.integer({ min: 0, max: 2 }), fc.boolean(), (ds, whole, negative) => {
        const text = `${negative ? "-" : ""}${whole}.${ds.join("")}5`;
        expect(rankedAttainment(Number(text))).toBe(evaluateFormula(`ROUND(${text},10)`, () => null));
      }),
      { numRuns: 300 },
    );
  });
});
