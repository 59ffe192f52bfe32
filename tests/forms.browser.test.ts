/*
 * The plan forms end to end in Chromium, outside Excel (the workbench): fill the form, see
 * the preview, download the .xlsx, open it with ExcelJS and check its numbers against core
 * (and, where LibreOffice is installed, recalculated there); the per-member .zip; Chinese at
 * 320 px without a sideways scroll; no request leaves the machine. Pictures go to
 * tests/.out/screenshots/.
 *
 * Serves dist/ (built by `npm test`; PANE_DIST points elsewhere for a build of one's own).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import type ExcelJS from "exceljs";
import JSZip from "jszip";
import { explainScore } from "../src/core/score";
import { splitTotal } from "../src/core/split";
import { loadXlsx } from "../src/xlsx/read";
import { DIST, ROOT } from "./helpers/pane-page";
import { describeWithEngines, engineStep } from "./helpers/engines";
import { recalculate } from "./helpers/libreoffice";
import { TEST_SCREENSHOTS_DIR } from "./helpers/screenshots";
import { usePaneSession } from "./helpers/pane-session";
import { decompositionFilled, scorecardExample, trackingFromTable } from "./pane/form-actions";

const PANE_DIST = process.env.PANE_DIST ? path.resolve(process.env.PANE_DIST) : DIST;
const OUT = path.join(ROOT, TEST_SCREENSHOTS_DIR);

/** A cell's value, or a formula cell's cached result. */
function valueOf(cell: ExcelJS.Cell): unknown {
  const v = cell.value;
  return typeof v === "object" && v !== null && "formula" in v ? (v as { result?: unknown }).result : v;
}

/** The rows of a sheet as values (1-based row numbers kept as the array's index + 1). */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => (cells[c - 1] = valueOf(cell)));
    out[n - 1] = cells;
  });
  return out;
}

describeWithEngines(["chromium"], "the plan forms in Chromium, outside Excel", () => {
  const { open, expectCleanRun, expectNoSidewaysScroll } = usePaneSession(PANE_DIST, OUT);

  async function downloaded(page: Page, testId: string, file: string): Promise<Uint8Array> {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
    const to = path.join(OUT, file);
    await download.saveAs(to);
    return new Uint8Array(fs.readFileSync(to));
  }

  test("decomposition: total and pasted regions, preview, .xlsx whose amounts are core's, and one workbook per region", async () => {
    const page = await open("?lang=en-US");
    await decompositionFilled(page);
    const want = splitTotal(12000, [[40, 30, 20, 10]], { unit: 1 })[0];
    const east = page.locator('[data-testid="preview-table"] tr', { hasText: "华东" });
    await expect(east.locator("td").nth(4).innerText()).resolves.toBe(want[0].toLocaleString("en-US"));
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, "flow-decomposition-en.png"), fullPage: true });

    const bytes = await downloaded(page, "download", "decomposition.xlsx");
    await page.getByText(/decomposition\.xlsx was handed to your browser/).waitFor();
    const amountsIn = (wb: ExcelJS.Workbook) => {
      const rows = rowsOf(wb.getWorksheet("Decomposition")!);
      return ["华东", "华南", "华北", "其他"].map((name) => rows.filter((r) => r?.[0] === name).pop()?.[4]);
    };
    expect(amountsIn(await loadXlsx(bytes))).toEqual(want);
    if (engineStep(["libreoffice"], "forms browser test: LibreOffice recalculating the downloaded decomposition")) {
      const [again] = await recalculate([{ name: "decomposition.xlsx", data: bytes }]);
      expect(amountsIn(again.workbook)).toEqual(want);
    }

    // One workbook per region, each holding that region's amount split over the quarters.
    await page.getByTestId("dec-add-dimension").click();
    await page.getByTestId("dim-kind-1").selectOption("quarter");
    await page.getByTestId("download-zip").waitFor();
    const zipBytes = await downloaded(page, "download-zip", "per-member.zip");
    const zip = await JSZip.loadAsync(zipBytes);
    expect(Object.keys(zip.files).sort()).toEqual(["其他.xlsx", "华东.xlsx", "华北.xlsx", "华南.xlsx"].sort());
    const book = await loadXlsx(await zip.file("华东.xlsx")!.async("uint8array"));
    const values = book.worksheets.filter((w) => w.state === "visible").flatMap((w) => rowsOf(w).flat());
    expect(values).toContain(want[0]);
    for (const q of splitTotal(want[0], [[1, 1, 1, 1]], { unit: 1 })[0]) expect(values).toContain(q);
    expectCleanRun();
  });

  test("tracking in Chinese at 320 px: annual targets pasted, each month core's split of the year", async () => {
    const page = await open("?lang=zh-CN", { width: 320, height: 720 }, "zh-CN");
    await trackingFromTable(page);
    await expect(page.getByTestId("trk-table-read").innerText()).resolves.toBe("3 行，年度目标（按月分摊）。");
    const chen = page.locator('[data-testid="preview-table"] tr', { hasText: "Chen Jing" });
    await expect(chen.locator("td").nth(1).innerText()).resolves.toBe("1,201");
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, "flow-tracking-zh-320.png"), fullPage: true });

    const bytes = await downloaded(page, "download", "tracking.xlsx");
    const monthsIn = (wb: ExcelJS.Workbook, row: number) => Array.from({ length: 12 }, (_, m) => valueOf(wb.getWorksheet("目标管理表")!.getRow(row).getCell(7 + 2 * m)));
    const wb = await loadXlsx(bytes);
    for (const [i, annual] of [1201, 860, 455].entries()) {
      expect(monthsIn(wb, 6 + i)).toEqual(splitTotal(annual, [new Array(12).fill(1)], { unit: 1 })[0]);
      expect(valueOf(wb.getWorksheet("目标管理表")!.getRow(6 + i).getCell(31))).toBe(annual);
    }
    if (engineStep(["libreoffice"], "forms browser test: LibreOffice recalculating the downloaded tracking sheet")) {
      const [again] = await recalculate([{ name: "tracking.xlsx", data: bytes }]);
      for (const [i, annual] of [1201, 860, 455].entries()) expect(valueOf(again.workbook.getWorksheet("目标管理表")!.getRow(6 + i).getCell(31))).toBe(annual);
    }
    expectCleanRun();
  });

  test("scorecard: the rule explained as typed, weights to 100, the .xlsx's KPIs and its weights check", async () => {
    const page = await open("?lang=en-US");
    await scorecardExample(page);
    await expect(page.getByTestId("kpi-explain-0").innerText()).resolves.toBe(`At 103: ${explainScore(1.03, 1, 40, { rule: "每超1%加0.5分,每低1%扣1分" }).text}`);
    await page.getByTestId("kpi-example-0").fill("96");
    await expect(page.getByTestId("kpi-explain-0").innerText()).resolves.toBe(`At 96: ${explainScore(0.96, 1, 40, { rule: "每超1%加0.5分,每低1%扣1分" }).text}`);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, "flow-scorecard-en.png"), fullPage: true });

    const bytes = await downloaded(page, "download", "scorecard.xlsx");
    const rows = rowsOf((await loadXlsx(bytes)).getWorksheet("Scorecard")!);
    const kpis = rows.slice(3, 8).map((r) => [r[0], r[1], r[2]]);
    expect(kpis).toEqual([
      ["Sales attainment", 40, 1],
      ["Collection rate", 20, 0.95],
      ["Customer visits", 15, 20],
      ["Customer satisfaction", 10, 85],
      ["New customers", 15, 12],
    ]);
    if (engineStep(["libreoffice"], "forms browser test: LibreOffice recalculating the downloaded scorecard")) {
      const [again] = await recalculate([{ name: "scorecard.xlsx", data: bytes }]);
      // The "Total weight" row: the sum, and its check TRUE.
      const total = rowsOf(again.workbook.getWorksheet("Scorecard")!).find((r) => r?.[0] === "Total weight")!;
      expect(total[1]).toBe(100);
      expect(total).toContain(true);
    }
    expectCleanRun();
  });
});
