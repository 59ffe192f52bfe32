/** @jest-environment jsdom */
/**
 * Flow "Actuals in", against a fake live workbook (with the port's writeCells) and in the
 * workbench: the tracking sheet found from the stored plan, an export pasted, the summary and
 * the changes previewed (nothing written before Apply), the unit asked for when the export
 * does not say it, a near-miss mapped by hand, filled cells written only with "overwrite",
 * Apply writing exactly the listed cells, and outside Excel a download that keeps the
 * workbook's chart parts. Expected figures come from the export and the sheets, not from the
 * flow's code.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { TextDecoder, TextEncoder } from "node:util";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { validatePlan } from "../../src/sheets/plan";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { Workbench } from "../../src/taskpane/workbench/workbench";
import { memorySettings } from "../../src/taskpane/workbench/memory";
import { writeXlsx } from "../../src/xlsx/write";
import { CellsPort } from "../fake-excel/memory-cells-port";
import { CHART_PARTS, partsOf, withDashboardChart } from "../helpers/chart-parts";
import { XlsxPackage } from "../../src/xlsx/patch";
import { renderPane } from "./render";

jest.setTimeout(60_000);
// ExcelJS (opening and writing the .xlsx) requires uuid, whose browser build jsdom cannot load
// as CommonJS; the ids it makes do not matter here.
jest.mock("uuid", () => ({ v4: () => "00000000-0000-4000-8000-000000000000" }));
// jsdom has no TextEncoder / TextDecoder (every browser has): the .xlsx reader and writer use them.
Object.assign(globalThis, { TextEncoder, TextDecoder });

const team = (() => {
  const checked = validatePlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../examples/team-8-reps.json"), "utf8")));
  if (!checked.ok) throw new Error("examples/team-8-reps.json does not validate");
  return checked.plan;
})();

async function excel(lang: "en" | "zh" = "en") {
  const port = new CellsPort();
  await port.write(buildPlanWorkbook(team, { lang, asOf: "2025-06-30" }));
  return port;
}

/** July in 元 with its unit in the header; Chen Jing twice (added), a near-miss, a totals row. */
const JULY = "销售员\t7月(元)\r\nChen Jing\t450,000\r\nchen jing\t5,000\r\nLiu Yang\t330,000\r\nZhou Min (East)\t100,000\r\n合计\t885,000\r\n";

function changeRows(testId = "actuals-changes"): string[][] {
  return within(screen.getByTestId(testId))
    .getAllByRole("row")
    .slice(1)
    .map((tr) => Array.from(tr.querySelectorAll("td")).map((c) => c.textContent ?? ""));
}

describe("actuals in, inside Excel", () => {
  it("finds the tracking sheet, previews the changes and writes exactly those cells on Apply", async () => {
    const port = await excel();
    renderPane({ port, flow: "actuals" });
    expect((await screen.findByTestId("actuals-sheet-found")).textContent).toBe("Monthly tracking: 8 rows, amounts in 万元.");
    fireEvent.change(screen.getByTestId("actuals-paste"), { target: { value: JULY } });
    await screen.findByTestId("actuals-summary");
    expect(screen.getByTestId("actuals-read").textContent).toContain("The export says 元 (B1).");
    expect(screen.getByTestId("actuals-summary").textContent).toContain("Names: 2 matched, 0 mapped by you, 1 unmatched.");
    expect(screen.getByTestId("actuals-summary").textContent).toContain("Rows of the export: 3 matched, 1 unmatched, 1 skipped; 1 added to another row of the same name and month.");
    expect(changeRows()).toEqual([
      ["Chen Jing", "Jul (T6)", "— → 45.5 · 2 added"],
      ["Liu Yang", "Jul (T7)", "— → 33"],
    ]);
    // Nothing is written before Apply.
    expect(port.calls.filter((c) => c.startsWith("writeCells"))).toEqual([]);
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: 2 actual cells written on Monthly tracking/);
    expect(port.calls.filter((c) => c.startsWith("writeCells"))).toEqual(["writeCells Monthly tracking 2"]);
    expect(port.valuesAt("Monthly tracking", "T6:T8")).toEqual([[45.5], [33], [""]]);
    // Written: the preview now finds them on the sheet already.
    await waitFor(() => expect(screen.getByTestId("actuals-cells").textContent).toContain("0 to write, 2 the same already"));
  });

  it("maps a near-miss only when the manager picks it", async () => {
    const port = await excel();
    renderPane({ port, flow: "actuals" });
    fireEvent.change(await screen.findByTestId("actuals-paste"), { target: { value: JULY } });
    const picker = within(await screen.findByTestId("actuals-unmatched")).getByRole("combobox");
    await userEvent.click(picker);
    await userEvent.click(await screen.findByRole("option", { name: "Zhou Min (suggested)" }));
    await waitFor(() => expect(changeRows().map((r) => r[0])).toEqual(["Chen Jing", "Liu Yang", "Zhou Min"]));
    expect(changeRows()[2]).toEqual(["Zhou Min", "Jul (T8)", "— → 10"]);
    expect(screen.getByTestId("actuals-summary").textContent).toContain("1 mapped by you");
  });

  it("shows a near-miss under its name without opening the list, and maps it with one click", async () => {
    const port = await excel("zh");
    renderPane({ port, flow: "actuals", language: "zh-CN" });
    fireEvent.change(await screen.findByTestId("actuals-paste"), { target: { value: JULY } });
    const close = await screen.findByTestId("actuals-map-0-close");
    expect(close.textContent).toBe("相近：对应到 Zhou Min");
    // Shown, not taken: two changes until the manager clicks.
    expect(changeRows().map((r) => r[0])).toEqual(["Chen Jing", "Liu Yang"]);
    await userEvent.click(within(close).getByRole("button", { name: "对应到 Zhou Min" }));
    await waitFor(() => expect(changeRows()[2]).toEqual(["Zhou Min", "7月 (T8)", "— → 10"]));
    expect(screen.queryByTestId("actuals-map-0-close")).toBeNull();
    expect(screen.getByTestId("actuals-summary").textContent).toContain("您手动对应 1 个");
  });

  it("asks for the unit when the export does not say it, and writes in the one chosen", async () => {
    const port = await excel();
    renderPane({ port, flow: "actuals" });
    fireEvent.change(await screen.findByTestId("actuals-paste"), { target: { value: "Name\tJul\r\nLiu Yang\t33\r\n" } });
    await screen.findByText(/The export does not say its unit, and 1 amounts need one: choose it above \(the sheet shows 万元\)\./);
    expect((screen.getByTestId("apply") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId("actuals-read").textContent).toMatch(/^A column per month, header in row 1; 1 data row\.\s*$/);
    await userEvent.selectOptions(screen.getByTestId("actuals-unit"), "万元");
    await waitFor(() => expect(changeRows()).toEqual([["Liu Yang", "Jul (T7)", "— → 33"]]));
    expect((screen.getByTestId("apply") as HTMLButtonElement).disabled).toBe(false);
  });

  it("lists filled actuals and leaves them, unless the manager chooses to overwrite", async () => {
    const port = await excel();
    renderPane({ port, flow: "actuals" });
    fireEvent.change(await screen.findByTestId("actuals-paste"), { target: { value: "销售员\t6月(万元)\r\nChen Jing\t43.1\r\nLiu Yang\t33\r\n" } });
    await screen.findByTestId("actuals-summary");
    expect(screen.getByTestId("actuals-cells").textContent).toBe("Actual cells: 0 to write, 1 the same already, 1 filled and left.");
    expect(changeRows("actuals-filled-table")).toEqual([["Chen Jing", "Jun (R6)", "42 → 43.1"]]);
    await userEvent.click(screen.getByTestId("actuals-overwrite"));
    await waitFor(() => expect(changeRows()).toEqual([["Chen Jing", "Jun (R6)", "42 → 43.1"]]));
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: 1 actual cells written/);
    expect(port.valuesAt("Monthly tracking", "R6")).toEqual([[43.1]]);
  });

  it("reads the export from the selected cells of another sheet, and writes only into the tracking sheet", async () => {
    const port = await excel();
    port.addSheet("CRM", [["ERP 导出"], ["业务员编码", "业务员名称", "7月回款（万元）"], ["S01", "Liu Yang", 33], ["S02", "Wu Lei", "28.5"]]);
    port.select("CRM", "A2:C4");
    renderPane({ port, flow: "actuals" });
    await userEvent.click(await screen.findByTestId("actuals-selection"));
    await waitFor(() => expect(changeRows()).toEqual([["Liu Yang", "Jul (T7)", "— → 33"], ["Wu Lei", "Jul (T9)", "— → 28.5"]]));
    expect(screen.getByTestId("actuals-read").textContent).toContain("The export says 万元 (C1).");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: 2 actual cells written on Monthly tracking/);
    expect(port.valuesAt("Monthly tracking", "T6:T9")).toEqual([[""], [33], [""], [28.5]]);
    expect(port.valuesAt("CRM", "C3:C4")).toEqual([[33], ["28.5"]]);
  });

  it("says, in Chinese, why there is nothing to import into a workbook without a stored plan", async () => {
    const port = new CellsPort();
    port.addSheet("Sheet1", [["姓名", "1月"]]);
    renderPane({ port, flow: "actuals", language: "zh-CN" });
    await screen.findByText("没有可以填入实际数的目标管理表");
    expect(screen.getByText(/此工作簿中没有“目标规划”保存的计划/)).toBeTruthy();
    expect(screen.queryByTestId("actuals-paste")).toBeNull();
  });

  it("shows the export's cells it could not read, by cell", async () => {
    const port = await excel("zh");
    renderPane({ port, flow: "actuals", language: "zh-CN" });
    fireEvent.change(await screen.findByTestId("actuals-paste"), { target: { value: "销售员\t7月(元)\t8月(元)\r\nLiu Yang\tabc\t1,000\r\n" } });
    const problems = await screen.findByTestId("actuals-problems");
    expect(problems.textContent).toContain("B2：“abc”不是数字，未读取。");
    expect(changeRows()).toEqual([["Liu Yang", "8月 (V7)", "— → 0.1"]]);
  });
});

describe("actuals in, outside Excel", () => {
  it("writes into the opened workbook, and the download keeps its chart parts with the new actuals patched in", async () => {
    const bytes = await withDashboardChart(await writeXlsx(buildPlanWorkbook(team, { lang: "en", asOf: "2025-06-30" })), "Monthly tracking", 8);
    const workbench = new Workbench({ settings: memorySettings() });
    await workbench.openFile(bytes, "team.xlsx");
    renderPane({ workbench, flow: "actuals" });
    fireEvent.change(await screen.findByTestId("actuals-paste"), { target: { value: JULY } });
    await screen.findByTestId("actuals-summary");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: 2 actual cells written. Download .xlsx/);
    const file = await workbench.download();
    const [before, after] = [await partsOf(bytes), await partsOf(file.bytes)];
    for (const p of CHART_PARTS.filter((x) => !x.endsWith("sheet99.xml"))) expect(after.get(p)!.equals(before.get(p)!)).toBe(true);
    const cells = await (await XlsxPackage.open(file.bytes)).cells("Monthly tracking", 5, 19, 6, 19);
    expect(cells.map((r) => r[0]?.v)).toEqual([45.5, 33]);
  });
});
