/*
 * Steps that bring the built pane (in Chromium, outside Excel) to the plan forms' states,
 * shared by tests/forms.browser.test.ts and the screenshot list (tests/helpers/screenshots.ts).
 * Each ends by waiting for the preview.
 */
import type { Page } from "playwright-core";
import { openFlow } from "./flow-actions";

/** Four regions and their percentages, as Excel puts two columns on the clipboard. */
export const PASTED_REGIONS = "华东\t40\r\n华南\t30\r\n华北\t20\r\n其他\t10\r\n";

/** Three reps and their annual targets in 万元, with a header row. */
export const PASTED_ANNUAL = "Rep\tAnnual target\r\nChen Jing\t1,201\r\nLiu Yang\t860\r\nWu Lei\t455\r\n";

/** Decomposition: 12,000 万元 over the four regions, up to the preview. */
export async function decompositionFilled(page: Page): Promise<void> {
  await openFlow(page, "decomposition");
  await page.getByTestId("dec-total-input").fill("12,000");
  await page.getByTestId("paste-members-0").fill(PASTED_REGIONS);
  await page.getByTestId("preview").waitFor();
}

/** Tracking from a pasted table of annual targets, up to the preview. */
export async function trackingFromTable(page: Page): Promise<void> {
  await openFlow(page, "tracking");
  await page.getByTestId("trk-paste").fill(PASTED_ANNUAL);
  await page.getByTestId("preview").waitFor();
}

/** The scorecard with the domain's example KPIs, up to the preview. */
export async function scorecardExample(page: Page): Promise<void> {
  await openFlow(page, "scorecard");
  await page.getByTestId("kpi-explain-0").waitFor();
  await page.getByTestId("preview").waitFor();
}
