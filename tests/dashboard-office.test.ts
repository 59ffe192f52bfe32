/**
 * The dashboard through the Office.js writer (src/excel/write.ts), into the fake Excel, which
 * knows charts as the Excel JavaScript API reference describes them (tests/fake-excel/charts.ts):
 * the charts drawn with their series on the right ranges, the requirement sets, what the fake
 * refuses as Excel does, the rollback deleting the charts a failed write drew in an existing
 * sheet, a chart name taken there, and the requests measured as Office.js itself builds them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { WriterError } from "../src/excel/messages";
import { requirementsOf } from "../src/excel/requirements";
import { type ExcelRunner, type WriterOptions, writeSheetSpec } from "../src/excel/write";
import { type Plan, validatePlan } from "../src/sheets/plan";
import type { ChartSpec, WorkbookSpec } from "../src/sheets/spec";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { type ChartModel, chartsOf } from "./fake-excel/charts";
import { FakeExcel, REQUEST_LIMIT, type WorksheetProxy } from "./fake-excel/fake-excel";
import { colName, rectToA1 } from "./fake-excel/model";

const host = (fake: FakeExcel, extra: Partial<WriterOptions> = {}): WriterOptions => ({
  run: fake.run as unknown as ExcelRunner,
  supports: fake.supports,
  sleep: async () => undefined,
  ...extra,
});

function seed(dashboard: unknown = true): Plan {
  const json = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../examples/seed-plan.json"), "utf8")) as { tracking: Record<string, unknown> };
  json.tracking.dashboard = dashboard;
  const v = validatePlan(json);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.plan;
}

const rangeText = (r: { sheet: string; rect: { r0: number; c0: number; r1: number; c1: number } } | undefined) => (r ? `${r.sheet}!${rectToA1(r.rect)}` : undefined);

/** A chart as the fake holds it, in the spec's terms. */
function drawn(c: ChartModel) {
  return {
    name: c.name,
    type: c.type,
    title: c.title.visible ? c.title.text : undefined,
    series: c.series.map((s) => ({ name: s.name, values: rangeText(s.values), x: rangeText(s.xValues), type: s.chartType, fill: s.fill, line: s.line, marker: s.markerStyle, points: [...s.pointFills.values()] })),
    position: c.position,
    size: [c.width, c.height],
  };
}

describe("the seed plan's dashboard through Office.js", () => {
  let fake: FakeExcel;
  let spec: WorkbookSpec;
  beforeAll(async () => {
    spec = buildPlanWorkbook(seed(), { lang: "zh", asOf: "2025-03-31", protect: true });
    fake = new FakeExcel();
    await writeSheetSpec(spec, host(fake));
  });

  test("three charts on the dashboard, each series reading its range, as the spec says", () => {
    const dashboard = spec.sheets.find((s) => s.kind === "dashboard")!;
    const charts = chartsOf(fake.sheet("看板")).map(drawn);
    expect(charts.map((c) => [c.name, c.type, c.title])).toEqual([
      ["TP_Dashboard_Attainment", "BarClustered", "各行完成率"],
      ["TP_Dashboard_Lights", "Doughnut", "红黄绿灯"],
      ["TP_Dashboard_Months", "Line", "累计实际与目标 · 销售额"],
    ]);
    dashboard.charts!.forEach((c: ChartSpec, k) => {
      expect(charts[k].position).toEqual({ start: c.anchor });
      expect(charts[k].size).toEqual([c.width, c.height]);
      expect(charts[k].series.map((s) => [s.name, s.values, s.x])).toEqual(
        c.series.map((s) => [s.name, `${s.values.sheet}!${s.values.range}`, c.categories ? `${c.categories.sheet}!${c.categories.range}` : undefined]),
      );
    });
    expect(charts[0].series[0].values).toBe("目标管理表!AH6:AH10");
    expect(charts[0].series[0].x).toBe("目标管理表!A6:A10");
    expect(charts[1].series[0].points).toEqual(["#63BE7B", "#FFD966", "#F8696B"]);
    // The months: actual to date as columns under the lines, the pace line dashed.
    expect(charts[2].series.map((s) => [s.type, s.line?.style, s.marker])).toEqual([
      ["ColumnClustered", undefined, undefined],
      [undefined, undefined, "None"],
      [undefined, "Dash", "None"],
    ]);
  });

  test("the bar chart's bars top down with the value axis at the bottom, from 0, in percent, with labels", () => {
    const bar = chartsOf(fake.sheet("看板"))[0];
    expect(bar.axes.category).toEqual({ reversePlotOrder: true, position: "Maximum" });
    expect(bar.axes.value).toEqual({ numberFormat: "0%", minimum: 0 });
    expect(bar.dataLabels).toEqual({ showValue: true, numberFormat: "0%" });
    expect(bar.legend.visible).toBe(false);
  });

  test("the dashboard's cells are the spec's, and the sheet is protected after its charts are drawn", () => {
    const dashboard = spec.sheets.find((s) => s.kind === "dashboard")!;
    dashboard.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell) return;
        const got = fake.cell("看板", `${colName(c)}${r + 1}`);
        if ("f" in cell) expect(got.formula).toBe(`=${cell.f}`);
        else expect(got.value).toEqual(cell.v);
      }),
    );
    const log = fake.actionLog.filter((x) => x.endsWith("看板") && (x.startsWith("chart") || x.startsWith("protect")));
    expect(log).toEqual(["chart 看板", "chart 看板", "chart 看板", "protect 看板"]);
  });
});

describe("requirement sets", () => {
  const chartsOnly = (): WorkbookSpec => ({
    sheets: [
      {
        name: "S",
        kind: "notes",
        rows: [[{ v: "a" }, { v: 1 }], [{ v: "b" }, { v: 2 }]],
        charts: [{ name: "c", type: "column", categories: { sheet: "S", range: "A1:A2" }, series: [{ name: "x", values: { sheet: "S", range: "B1:B2" } }], anchor: "D1", width: 200, height: 150 }],
      },
    ],
    names: [],
  });

  test("charts need ExcelApi 1.8; an older host is told so before anything is written, in both languages", async () => {
    expect(requirementsOf(chartsOnly())).toEqual([
      { version: "1.8", feature: "charts" },
      { version: "1.4", feature: "names" },
    ]);
    const old = new FakeExcel(["Sheet1"], { apiVersion: "1.7" });
    const err = (await writeSheetSpec(chartsOnly(), host(old)).catch((e: unknown) => e)) as WriterError;
    expect(err).toBeInstanceOf(WriterError);
    expect(err.messageIn("en")).toContain("charts (ExcelApi 1.8)");
    expect(err.messageIn("zh")).toContain("图表 (ExcelApi 1.8)");
    expect(old.syncs).toBe(0);
  });

  test("the fake refuses each member the host's set lacks, as Excel does (ApiNotFound)", async () => {
    const fake = new FakeExcel(["S"], { apiVersion: "1.6" });
    fake.seed("S", { A1: 1, A2: 2 });
    const err = await fake
      .run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("S");
        const chart = ws.charts.add("Line", ws.getRange("A1:A2"), "Columns");
        chart.series.getItemAt(0).setValues(ws.getRange("A1:A2"));
        await ctx.sync();
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ApiNotFound" });
    expect((err as Error).message).toContain("ChartSeries.setValues needs ExcelApi 1.7");
  });
});

describe("what the fake refuses, as the reference says", () => {
  async function run(body: (ws: WorksheetProxy) => void, protect = false): Promise<unknown> {
    const fake = new FakeExcel(["S"]);
    fake.seed("S", { A1: 1, A2: 2 });
    if (protect) fake.sheet("S").protected = true;
    return fake
      .run(async (ctx) => {
        body(ctx.workbook.worksheets.getItem("S"));
        await ctx.sync();
      })
      .catch((e: unknown) => e);
  }
  const line = (ws: WorksheetProxy) => ws.charts.add("Line", ws.getRange("A1:A2"), "Columns");

  test.each([
    ["a chart type that is not an Excel.ChartType", (ws: WorksheetProxy) => ws.charts.add("Pie3DSpinning", ws.getRange("A1:A2")), "InvalidArgument"],
    ["a series orientation that is not an Excel.ChartSeriesBy", (ws: WorksheetProxy) => ws.charts.add("Line", ws.getRange("A1:A2"), "Diagonal"), "InvalidArgument"],
    ["a series name over 255 characters", (ws: WorksheetProxy) => (line(ws).series.getItemAt(0).name = "x".repeat(256)), "InvalidArgument"],
    ["a colour that is not an HTML colour", (ws: WorksheetProxy) => line(ws).series.getItemAt(0).format.fill.setSolidColor("#12"), "InvalidArgument"],
    ["a series past the last one", (ws: WorksheetProxy) => line(ws).series.getItemAt(1).format.fill.setSolidColor("#123456"), "ItemNotFound"],
    ["a point past the series' last", (ws: WorksheetProxy) => line(ws).series.getItemAt(0).points.getItemAt(2).format.fill.setSolidColor("#123456"), "ItemNotFound"],
    ["a doughnut hole in a line chart", (ws: WorksheetProxy) => (line(ws).series.getItemAt(0).doughnutHoleSize = 50), "InvalidArgument"],
  ])("%s", async (_label, body, code) => {
    expect(await run(body)).toMatchObject({ code });
  });

  test("a protected sheet's charts are left alone (Edit objects)", async () => {
    expect(await run((ws) => line(ws), true)).toMatchObject({ code: "AccessDenied" });
  });
});

describe("charts drawn in an existing sheet", () => {
  const spec = (name = "TP_Sales"): WorkbookSpec => ({
    sheets: [
      {
        name: "Sales",
        kind: "notes",
        existing: true,
        origin: "D1",
        rows: [[{ v: "Chart of A1:B3" }]],
        charts: [{ name, type: "column", categories: { sheet: "Sales", range: "A1:A3" }, series: [{ name: "Sales", values: { sheet: "Sales", range: "B1:B3" }, color: "#4472C4" }], anchor: "D3", width: 240, height: 160 }],
      },
    ],
    names: [{ name: "Check_Sales", sheet: "Sales", ref: "D1" }],
  });
  const userWorkbook = async (): Promise<FakeExcel> => {
    const fake = new FakeExcel(["Sales"]);
    fake.seed("Sales", { A1: "Jan", A2: "Feb", A3: "Mar", B1: 10, B2: 20, B3: 30 });
    // The user's own chart.
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sales");
      ws.charts.add("Pie", ws.getRange("B1:B3"), "Columns").name = "Mine";
      await ctx.sync();
    });
    return fake;
  };

  test("drawn beside the user's own chart", async () => {
    const fake = await userWorkbook();
    await writeSheetSpec(spec(), host(fake));
    expect(chartsOf(fake.sheet("Sales")).map((c) => c.name)).toEqual(["Mine", "TP_Sales"]);
  });

  test("a failed write deletes the chart it drew there, and leaves the user's", async () => {
    const fake = await userWorkbook();
    const before = fake.syncs;
    // Fail the write's last request after everything in it was applied but its last action.
    fake.beforeSync = (n) => {
      if (n === before + 2) fake.failures.push({ sync: n, afterActions: -1 });
    };
    const err = await writeSheetSpec(spec(), host(fake)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(chartsOf(fake.sheet("Sales")).map((c) => c.name)).toEqual(["Mine"]);
    expect(fake.contents("Sales")).toEqual({ A1: "Jan", A2: "Feb", A3: "Mar", B1: 10, B2: 20, B3: 30 });
    expect(fake.names()).toEqual([]);
    expect(fake.actionLog).toContain("delete chart Sales");
  });

  test("a chart name taken on the sheet refuses the write, naming it, in both languages", async () => {
    const fake = await userWorkbook();
    const err = (await writeSheetSpec(spec("Mine"), host(fake)).catch((e: unknown) => e)) as WriterError;
    expect(err).toBeInstanceOf(WriterError);
    expect(err.messageIn("en")).toBe("Nothing was written: sheet 'Sales' already has a chart called 'Mine'.");
    expect(err.messageIn("zh")).toBe("未写入任何内容：工作表“Sales”中已有名为“Mine”的图表。");
    expect(chartsOf(fake.sheet("Sales"))).toHaveLength(1);
  });
});

describe("request sizes, as Office.js builds them", () => {
  test("the seed workbook with its dashboard: every request under 4 MB, the writer's measure never under Office.js's and not far over", async () => {
    const fake = new FakeExcel();
    const measured: number[] = [];
    await writeSheetSpec(buildPlanWorkbook(seed(), { lang: "zh", asOf: "2025-03-31", protect: true }), host(fake, { onRequest: (b) => measured.push(b) }));
    const real = fake.requestBytes.slice(-measured.length);
    for (let i = 0; i < real.length; i++) {
      expect(real[i]).toBeLessThanOrEqual(measured[i]);
      expect(measured[i]).toBeLessThanOrEqual(real[i] * 1.35 + 4096);
    }
    expect(Math.max(...fake.requestBytes)).toBeLessThan(REQUEST_LIMIT);
  });

  // The writer's constants are calibrated for object ids of up to seven digits (a request deep
  // into a large write); in a small workbook the ids are short, so a request of charts alone —
  // nearly all named objects — comes out smaller than measured, but within half again.
  test("a request of charts alone: the writer's measure never under Office.js's, within 1.5 times it", async () => {
    const sheetRows = Array.from({ length: 30 }, (_, i) => [{ v: `Rep ${i + 1}` }, { v: i / 30 }]);
    const charts: ChartSpec[] = Array.from({ length: 40 }, (_, k) => ({
      name: `C${k}`,
      type: k % 2 ? "line" : "doughnut",
      title: `Chart ${k}`,
      categories: { sheet: "S", range: "A1:A30" },
      series: k % 2 ? [{ name: "a", values: { sheet: "S", range: "B1:B30" }, color: "#123456", dashed: true }, { name: "b", values: { sheet: "S", range: "B1:B30" }, type: "column" }] : [{ name: "a", values: { sheet: "S", range: "B1:B30" }, pointColors: Array.from({ length: 30 }, () => "#FF0000") }],
      valueFormat: "0%",
      dataLabels: true,
      anchor: `D${1 + k * 10}`,
      width: 200,
      height: 140,
    }));
    const fake = new FakeExcel();
    const measured: number[] = [];
    await writeSheetSpec({ sheets: [{ name: "S", kind: "notes", rows: sheetRows, charts }], names: [] }, host(fake, { onRequest: (b) => measured.push(b) }));
    const real = fake.requestBytes.slice(-measured.length);
    for (let i = 0; i < real.length; i++) {
      expect(real[i]).toBeLessThanOrEqual(measured[i]);
      expect(measured[i]).toBeLessThanOrEqual(real[i] * 1.5 + 4096);
    }
    expect(chartsOf(fake.sheet("S"))).toHaveLength(40);
    expect(real[real.length - 1]).toBeGreaterThan(400_000);
  });
});
