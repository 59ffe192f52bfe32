/*
 * Flow "Actuals in" in Chromium, outside Excel, at 320 px in both languages: the generated
 * workbook (with the dashboard's chart as raw parts) opened, a CRM export pasted as the
 * clipboard carries it (a title, the unit, a region column, one name twice with its spaces
 * doubled, a near-miss, a subtotal), the summary and changes shown, the near-miss mapped with
 * its one-click button, Apply, and the downloaded file holding the new actuals — and nothing
 * else changed: the targets beside them, the other months, the chart parts as they were;
 * nothing sticks out at the side, no request leaves the machine. Pictures go to
 * tests/.out/screenshots/ (actuals-*-320.png, looked at).
 *
 * Serves dist/ (built by `npm test`; PANE_DIST points elsewhere for a build of one's own).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DIST, ROOT } from "../helpers/pane-page";
import { describeWithEngines } from "../helpers/engines";
import { TEST_SCREENSHOTS_DIR } from "../helpers/screenshots";
import { usePaneSession } from "../helpers/pane-session";
import { CHART_PARTS, partsOf, withDashboardChart } from "../helpers/chart-parts";
import { XlsxPackage } from "../../src/xlsx/patch";
import { openFlow, teamWorkbook } from "./flow-actions";

const PANE_DIST = process.env.PANE_DIST ? path.resolve(process.env.PANE_DIST) : DIST;
const OUT = path.join(ROOT, TEST_SCREENSHOTS_DIR);

/** A month's CRM export as Excel puts it on the clipboard: a title, the unit, totals, a near-miss. */
const EXPORT = ["2025年7月回款\t\t", "单位：元\t\t", "区域\t销售员\t7月", "华东\tChen Jing\t450,000", "华东\tChen  Jing\t5,000", "华东\tLiu Yang\t330,000", "华东\tZhou Min (East)\t100,000", "华东小计\t\t885,000", ""].join("\r\n");

describeWithEngines(["chromium"], "actuals in, in Chromium at 320 px", () => {
  const { open, expectCleanRun, expectNoSidewaysScroll } = usePaneSession(PANE_DIST, OUT);

  test.each([
    ["en", "en-US", "Use Zhou Min", "Write 3 actuals", /Done: 3 actual cells written/],
    ["zh", "zh-CN", "对应到 Zhou Min", "写入 3 个实际数", /完成：已写入 3 个实际数单元格/],
  ] as const)("%s: the export previewed, a near-miss mapped, written, and downloaded with only the actuals changed", async (lang, locale, use, apply, done) => {
    const page = await open(`?lang=${locale}`, { width: 320, height: 720 }, locale);
    await openFlow(page, "actuals");
    const book = await withDashboardChart(await teamWorkbook(lang), "Monthly tracking", 8);
    await page.getByTestId("open-file").setInputFiles({ name: "east-region-2025.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from(book) });
    await page.getByTestId("actuals-sheet-found").waitFor();
    await page.getByTestId("actuals-paste").fill(EXPORT);
    await page.getByTestId("actuals-changes").waitFor();
    // The near-miss is in sight, and not taken until the manager says so.
    await page.getByTestId("actuals-map-0-close").waitFor();
    expect(await page.getByTestId("actuals-changes").locator("tbody tr").count()).toBe(2);
    await expectNoSidewaysScroll(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(OUT, `actuals-${lang}-320.png`), fullPage: true });

    await page.getByRole("button", { name: use }).click();
    await page.getByTestId("actuals-changes").locator("tbody tr").nth(2).waitFor();
    await page.getByTestId("actuals-map-0-close").waitFor({ state: "detached" });
    await page.getByRole("button", { name: apply }).click();
    await page.getByText(done).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
    const file = path.join(OUT, `actuals-${lang}.xlsx`);
    await download.saveAs(file);
    const bytes = new Uint8Array(fs.readFileSync(file));
    // July's actuals (column T) of rows 6–8, in 万元: 450,000 + 5,000 元, 330,000 元, 100,000 元.
    const [was, now] = [await XlsxPackage.open(book), await XlsxPackage.open(bytes)];
    // A formula cell by its formula (the patch drops the cached results of the sheet it writes).
    const grid = async (p: XlsxPackage) => (await p.cells("Monthly tracking", 0, 0, 15, 40)).map((r) => Array.from({ length: 41 }, (_, c) => (r[c]?.f !== undefined ? `=${r[c]!.f}` : (r[c]?.v ?? null))));
    const [before, after] = [await grid(was), await grid(now)];
    expect([5, 6, 7].map((r) => after[r][19])).toEqual([45.5, 33, 10]);
    // Every other cell of the sheet's first 16 rows and 41 columns is as it was: targets, other months, formulas.
    const others = (g: unknown[][]) => g.map((r, i) => r.map((v, c) => (c === 19 && i >= 5 && i <= 7 ? "written" : v)));
    expect(others(after)).toEqual(others(before));
    const [partsBefore, partsAfter] = [await partsOf(book), await partsOf(bytes)];
    for (const p of CHART_PARTS.filter((x) => !x.endsWith("sheet99.xml"))) expect(partsAfter.get(p)!.equals(partsBefore.get(p)!)).toBe(true);
    await page.screenshot({ path: path.join(OUT, `actuals-${lang}-320-written.png`), fullPage: false });
    expectCleanRun();
  });
});
