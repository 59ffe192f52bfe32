/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * The flow "Dashboard / 看板" on the seed plan's workbook (examples/seed-plan.json, which asks
 * for tracking.dashboard), written into the fake Excel whose in-memory engine evaluates the
 * tracking sheet's formulas. Expected figures are worked out here from the tracking sheet's
 * evaluated to-date cells with src/core/attainment, and the lights from its status cells — not
 * from src/sheets/dashboard.ts, which the view uses.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { attainment } from "../../src/core/attainment";
import { validatePlan } from "../../src/sheets/plan";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { TRACKING_CELLS as C } from "../../src/sheets/dashboard";
import type { CellValue } from "../../src/sheets/spec";
import { cellAddress } from "../../src/taskpane/workbench/a1";
import { memorySettings } from "../../src/taskpane/workbench/memory";
import { Workbench } from "../../src/taskpane/workbench/workbench";
import { writeXlsx } from "../../src/xlsx/write";
import { FakePort } from "./fake-port";
import { TextDecoder, TextEncoder } from "node:util";
import { renderPane } from "./render";

// jsdom has no TextEncoder / TextDecoder (every browser has): the .xlsx reader and writer use them.
Object.assign(globalThis, { TextEncoder, TextDecoder });

const seed = (() => {
  const checked = validatePlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../examples/seed-plan.json"), "utf8")));
  if (!checked.ok) throw new Error("examples/seed-plan.json does not validate");
  return checked.plan;
})();
const rows = seed.tracking!.rows;

/** The workbook the CLI builds of the seed plan, opened on the workbench (outside Excel). */
async function workbook(lang: "en" | "zh") {
  const spec = buildPlanWorkbook(seed, { lang });
  const port = new Workbench({ settings: memorySettings() });
  await port.openFile(await writeXlsx(spec), "seed-plan.xlsx");
  const sheet = spec.sheets.find((s) => s.kind === "tracking")!.name;
  return { port, sheet };
}

/** Each tracking row's to-date figures and status, as the engine evaluated the sheet's cells. */
async function evaluated(port: Workbench, sheet: string) {
  const at = (r: number, col: number) => cellAddress({ row: C.firstDataRow + r, col });
  const out: { attainment: number | null; status: CellValue }[] = [];
  for (let r = 0; r < rows.length; r++) {
    const [[ttd]] = await port.readRange(sheet, at(r, C.targetToDate));
    const [[atd]] = await port.readRange(sheet, at(r, C.actualToDate));
    const [[status]] = await port.readRange(sheet, at(r, C.status));
    const value = typeof ttd === "number" && typeof atd === "number" && ttd !== 0 ? attainment(atd, ttd, rows[r].direction ?? "higher") : null;
    out.push({ attainment: value, status });
  }
  return out;
}

function barValues(): { label: string; value: number | null }[] {
  return screen.getAllByTestId("attainment-bar").map((b) => ({ label: b.dataset.label!, value: b.dataset.value === "" ? null : Number(b.dataset.value) }));
}
const lightCount = (light: "green" | "yellow" | "red"): number => Number(within(screen.getByTestId(`light-${light}`)).getByText(/^\d+$/).dataset.value);

describe.each([
  ["zh", "zh-CN", { green: "绿", yellow: "黄", red: "红" }, "完成率"],
  ["en", "en-US", { green: "Green", yellow: "Yellow", red: "Red" }, "Attainment"],
] as const)("the dashboard flow on the seed plan's workbook (%s sheets)", (lang, language, words, attainmentWord) => {
  it("draws each row's attainment and the lights' counts from the tracking sheet's live values, and follows an actual written", async () => {
    const { port, sheet } = await workbook(lang);
    renderPane({ workbench: port, flow: "dashboard", language });
    await screen.findAllByTestId("attainment-bar");

    const before = await evaluated(port, sheet);
    expect(before.some((r) => r.attainment !== null)).toBe(true);
    const bars = barValues();
    expect(bars.map((b) => b.label)).toEqual(rows.map((r) => r.name));
    bars.forEach((b, i) => (before[i].attainment === null ? expect(b.value).toBeNull() : expect(b.value).toBeCloseTo(before[i].attainment!, 12)));
    const counted = (w: string, list: typeof before) => list.filter((r) => typeof r.status === "string" && r.status.toLowerCase() === w.toLowerCase()).length;
    expect([lightCount("green"), lightCount("yellow"), lightCount("red")]).toEqual([counted(words.green, before), counted(words.yellow, before), counted(words.red, before)]);
    expect(lightCount("green") + lightCount("yellow") + lightCount("red")).toBeGreaterThan(0);
    // The numbers are also in a table for a screen reader, in the pane's language.
    expect(screen.getAllByRole("columnheader", { name: attainmentWord }).length).toBeGreaterThan(0);
    expect(screen.getByTestId("months-chart")).toBeTruthy();

    // March's sales (the first row) come in far above target, as "Actuals in" writes them: the view reads again.
    const march = cellAddress({ row: C.firstDataRow, col: C.firstMonthCol + 2 * 2 + 1 });
    const [[was]] = await port.readRange(sheet, march);
    await act(() => port.writeCells(sheet, [{ address: march, value: 5000, was }], { overwrite: true }));
    const after = await evaluated(port, sheet);
    expect(after[0].attainment).not.toBeCloseTo(before[0].attainment!, 6);
    await waitFor(() => expect(barValues()[0].value).toBeCloseTo(after[0].attainment!, 12));
    expect(lightCount("green")).toBe(counted(words.green, after));
    expect(lightCount("red")).toBe(counted(words.red, after));
  });
});

describe("the dashboard flow inside Excel", () => {
  it("reads the sheet again when asked, after an actual typed in Excel", async () => {
    const spec = buildPlanWorkbook(seed, { lang: "zh" });
    const port = new FakePort();
    await port.write(spec);
    const sheet = spec.sheets.find((s) => s.kind === "tracking")!.name;
    renderPane({ port, flow: "dashboard", language: "zh-CN" });
    await screen.findAllByTestId("attainment-bar");
    const march = cellAddress({ row: C.firstDataRow, col: C.firstMonthCol + 2 * 2 + 1 });
    port.setValue(sheet, march, 5000);
    const [[ttd]] = await port.readRange(sheet, cellAddress({ row: C.firstDataRow, col: C.targetToDate }));
    const [[atd]] = await port.readRange(sheet, cellAddress({ row: C.firstDataRow, col: C.actualToDate }));
    const now = attainment(atd as number, ttd as number);
    expect(barValues()[0].value).not.toBeCloseTo(now, 6);
    await userEvent.click(screen.getByRole("button", { name: "重新读取" }));
    await waitFor(() => expect(barValues()[0].value).toBeCloseTo(now, 12));
  });
});

describe("the dashboard flow without a plan", () => {
  it("says there is no dashboard yet, in Chinese", async () => {
    renderPane({ port: new FakePort(), flow: "dashboard", language: "zh-CN" });
    expect(await screen.findByText("暂时没有可显示的看板")).toBeTruthy();
  });
});
