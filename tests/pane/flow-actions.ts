/*
 * Steps that bring the built pane (in Chromium, outside Excel) to each flow's state, shared
 * by tests/flows.browser.test.ts and the screenshot list (tests/helpers/screenshots.ts).
 * Each ends by waiting for something on screen.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { validatePlan, type Plan } from "../../src/sheets/plan";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { writeXlsx } from "../../src/xlsx/write";

/** Eight reps and their annual targets, as Excel puts them on the clipboard (CRLF, separators, a quoted name). */
export const PASTED_REPS = [
  "Rep\tAnnual target",
  "Chen Jing\t5,200,000",
  "Liu Yang\t4,100,000",
  '"Zhou ""Min"""\t3,650,001',
  "Wu Lei\t2,980,000",
  "Sun Li\t3,300,000",
  "Ma Chao\t2,450,000",
  "Hu Xin\t2,120,000",
  "Guo Rui\t1,800,000",
].join("\r\n") + "\r\n";

/** The annual targets of {@link PASTED_REPS}, as numbers, and their names. */
export const REPS = {
  names: ["Chen Jing", "Liu Yang", 'Zhou "Min"', "Wu Lei", "Sun Li", "Ma Chao", "Hu Xin", "Guo Rui"],
  annual: [5_200_000, 4_100_000, 3_650_001, 2_980_000, 3_300_000, 2_450_000, 2_120_000, 1_800_000],
};

/** Opens a flow from the home screen by its data-flow id. */
export async function openFlow(page: Page, flow: string): Promise<void> {
  await page.locator(`[data-flow="${flow}"]`).click();
  await page.locator(`[data-flow-page="${flow}"]`).waitFor();
}

/** Quarterly split with the eight reps pasted, up to the preview. */
export async function quarterlySplitWithPaste(page: Page): Promise<void> {
  await openFlow(page, "quarterlySplit");
  await page.getByTestId("paste").fill(PASTED_REPS);
  await page.getByTestId("preview").waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
}

/**
 * Quarterly split with the eight reps pasted, rounded to 万元: the preview with every rep and
 * the odd amount of the one target that is not a whole number of 万元 explained under it.
 */
export async function quarterlySplitInWan(page: Page): Promise<void> {
  await quarterlySplitWithPaste(page);
  await page.getByRole("radio", { name: /万元/ }).check();
  await page.getByTestId("odd-amounts").waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The eight-reps example plan (examples/team-8-reps.json). */
export function teamPlan(): Plan {
  const file = path.resolve(__dirname, "../../examples/team-8-reps.json");
  const checked = validatePlan(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!checked.ok) throw new Error(`${file} does not validate`);
  return checked.plan;
}

/** The workbook the add-in generates from the eight-reps plan, as an .xlsx file's bytes. */
export async function teamWorkbook(lang: "en" | "zh"): Promise<Buffer> {
  return Buffer.from(await writeXlsx(buildPlanWorkbook(teamPlan(), { lang, asOf: "2025-06-30" })));
}

/** Opens a generated workbook in the workbench (the "Open .xlsx" button's file input). */
export async function openGeneratedWorkbook(page: Page, lang: "en" | "zh"): Promise<void> {
  await page.getByTestId("open-file").setInputFiles({
    name: "east-region-2025.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: await teamWorkbook(lang),
  });
}

/** Check workbook on the generated workbook, its checks listed. */
export async function checkWorkbookOnGenerated(page: Page, lang: "en" | "zh" = "en"): Promise<void> {
  await openFlow(page, "checkWorkbook");
  await openGeneratedWorkbook(page, lang);
  await page.locator('[data-testid="passing"], [data-testid="failing"]').first().waitFor({ state: "attached" });
}

/** My targets on the generated workbook, for Chen Jing. */
export async function myTargetsOnGenerated(page: Page, lang: "en" | "zh" = "en"): Promise<void> {
  await openFlow(page, "myTargets");
  await openGeneratedWorkbook(page, lang);
  await page.getByTestId("my-name").click();
  await page.getByRole("option", { name: "Chen Jing" }).click();
  await page.getByTestId("mine-tracking").waitFor();
  // The name list was open over the page; back to the top for a whole-page picture.
  await page.keyboard.press("Escape");
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The dashboard on the generated workbook, its charts drawn. */
export async function dashboardOnGenerated(page: Page, lang: "en" | "zh" = "en"): Promise<void> {
  await openFlow(page, "dashboard");
  await openGeneratedWorkbook(page, lang);
  await page.getByTestId("attainment-bar").first().waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
}

/**
 * A workbook a planner made by typing TARGET.* formulas, as a file stores them when the
 * add-in was not loaded (`_xldudf_TARGET_SCORE`), each with the result Excel showed.
 */
export async function typedFormulasWorkbook(): Promise<Buffer> {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("KPIs");
  ws.addRows([
    ["KPI", "Actual", "Target", "Points", "Rule", "Score"],
    ["Sales", 0.96, 1, 40, "每超1%加0.5分,每低1%扣1分"],
    ["Visits", 12, 0, 15],
  ]);
  ws.getCell("F2").value = { formula: "_xldudf_TARGET_SCORE(B2,C2,D2,E2)", result: 36 };
  ws.getCell("F3").value = { formula: "_xldudf_TARGET_ATTAIN(B3,C3)", result: { error: "#DIV/0!" } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Explain this cell outside Excel: the typed-formulas workbook opened, `cell` explained. */
export async function explainOnTypedWorkbook(page: Page, cell = "F3"): Promise<void> {
  await openFlow(page, "explainCell");
  await page.getByTestId("open-file").setInputFiles({
    name: "kpis.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: await typedFormulasWorkbook(),
  });
  await page.getByTestId("explain-address").fill(cell);
  await page.getByTestId("explain-run").click();
  await page.getByTestId("explanation").waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
}
