/*
 * The pane's flows end to end in Chromium, outside Excel (the workbench): a table pasted as
 * the clipboard carries it, the preview, the .xlsx downloaded and opened with ExcelJS, its
 * numbers checked against core (and, where LibreOffice is installed, recalculated there);
 * a generated workbook opened for Check workbook and My targets; a workbook of typed
 * TARGET.* formulas opened for Explain this cell; no layout break at 320 px; no request
 * leaves the machine. Pictures go to tests/.out/screenshots/.
 *
 * Serves dist/ (built by `npm test`; PANE_DIST points elsewhere for a build of one's own).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { splitTotal } from "../src/core/split";
import { loadXlsx } from "../src/xlsx/read";
import { DIST, ROOT } from "./helpers/pane-page";
import { describeWithEngines, engineStep } from "./helpers/engines";
import { recalculate } from "./helpers/libreoffice";
import { TEST_SCREENSHOTS_DIR } from "./helpers/screenshots";
import { usePaneSession } from "./helpers/pane-session";
import { REPS, checkWorkbookOnGenerated, dashboardOnGenerated, explainOnTypedWorkbook, myTargetsOnGenerated, openFlow, quarterlySplitWithPaste } from "./pane/flow-actions";

const PANE_DIST = process.env.PANE_DIST ? path.resolve(process.env.PANE_DIST) : DIST;
const OUT = path.join(ROOT, TEST_SCREENSHOTS_DIR);

const SEED = [[25, 30, 25, 20]];

describeWithEngines(["chromium"], "the pane's flows in Chromium, outside Excel", () => {
  const { open, expectCleanRun, expectNoSidewaysScroll } = usePaneSession(PANE_DIST, OUT);

  test("quarterly split: paste, preview, download .xlsx whose numbers are core's", async () => {
    const page = await open("?lang=en-US");
    await quarterlySplitWithPaste(page);
    await expect(page.getByTestId("selection-summary").innerText()).resolves.toBe("8 targets. Total 25,600,001.");
    // The preview shows Chen Jing's quarters with thousands separators.
    const chen = splitTotal(REPS.annual[0], SEED, { unit: 1 })[0];
    const row = page.locator('[data-testid="preview-table"] tr', { hasText: "Chen Jing" });
    const cells = await row.locator("td,th").allInnerTexts();
    expect(cells.slice(1, 6)).toEqual([REPS.annual[0], ...chen].map((n) => n.toLocaleString("en-US")));
    await page.screenshot({ path: path.join(OUT, "flow-quarterly-split-en.png"), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
    expect(download.suggestedFilename()).toBe("quarterly-split.xlsx");
    const file = path.join(OUT, "quarterly-split.xlsx");
    await download.saveAs(file);
    // The pane cannot see the file arrive: it says where it went, not that it was downloaded.
    await page.getByText("quarterly-split.xlsx was handed to your browser: look in your downloads folder (or where the browser asked to save it).").waitFor();
    await expect(page.getByText(/^Downloaded/).count()).resolves.toBe(0);

    // The file: the pasted table on Sheet1 and the split beside it, names and numbers intact.
    const bytes = new Uint8Array(fs.readFileSync(file));
    const wb = await loadXlsx(bytes);
    const ws = wb.getWorksheet("Sheet1")!;
    expect(ws.getCell("A4").value).toBe('Zhou "Min"');
    expect(ws.getCell("B2").value).toBe(REPS.annual[0]);
    const located: { name: string; row: number }[] = [];
    ws.eachRow((r, n) => {
      const v = r.getCell(4).value;
      if (typeof v === "string" && REPS.names.includes(v)) located.push({ name: v, row: n });
    });
    expect(located.map((l) => l.name)).toEqual(REPS.names);
    const quartersIn = (book: typeof wb, rowNumber: number) =>
      ["F", "G", "H", "I"].map((c) => {
        const cell = book.getWorksheet("Sheet1")!.getCell(`${c}${rowNumber}`);
        return typeof cell.value === "object" && cell.value !== null && "result" in cell.value ? cell.result : cell.value;
      });
    for (const [i, { row: r }] of located.entries()) {
      expect(ws.getCell(`E${r}`).value).toBe(REPS.annual[i]);
      expect(quartersIn(wb, r)).toEqual(splitTotal(REPS.annual[i], SEED, { unit: 1 })[0]);
    }
    // LibreOffice recalculates the formulas: the same numbers.
    if (engineStep(["libreoffice"], "flows browser test: LibreOffice recalculating the downloaded quarterly split")) {
      const [recalculated] = await recalculate([{ name: "quarterly-split.xlsx", data: bytes }]);
      for (const [i, { row: r }] of located.entries()) {
        expect(quartersIn(recalculated.workbook, r)).toEqual(splitTotal(REPS.annual[i], SEED, { unit: 1 })[0]);
      }
    }
    expectCleanRun();
  });

  test("quarterly split in Chinese, in 万元 with months, at 320 px without breaking the layout", async () => {
    const page = await open("?lang=zh-CN", { width: 320, height: 720 }, "zh-CN");
    await quarterlySplitWithPaste(page);
    await page.getByRole("radio", { name: "万元" }).check();
    await page.getByTestId("months").check();
    const chen = splitTotal(REPS.annual[0], SEED, { unit: 10000 })[0];
    const row = page.locator('[data-testid="preview-table"] tr', { hasText: "Chen Jing" });
    // The preview follows the choices: Q1 rounded to 万元.
    await row.locator("td,th").nth(2).filter({ hasText: chen[0].toLocaleString("en-US") }).waitFor();
    await expect(page.getByTestId("placement").innerText()).resolves.toBe("分解结果加在粘贴的表格旁边；下载后即可保存。");
    // At 320 px the months run off to the right: a shadow says so, and the name column stays
    // in view while the table scrolls sideways.
    const region = page.getByTestId("preview-scroll");
    await page.getByTestId("preview-more-right").waitFor();
    const nameCell = row.locator("[data-sticky]");
    const before = await nameCell.boundingBox();
    await region.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await page.getByTestId("preview-more-right").waitFor({ state: "detached" });
    const after = await nameCell.boundingBox();
    expect(after?.x).toBeCloseTo(before?.x ?? NaN, 0);
    await region.evaluate((el) => el.scrollTo({ left: 0 }));
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, "flow-quarterly-split-zh-320.png"), fullPage: true });
    expectCleanRun();
  });

  test("check workbook on a generated workbook opened as .xlsx", async () => {
    const page = await open("?lang=en-US");
    await checkWorkbookOnGenerated(page);
    await expect(page.getByTestId("checks").innerText()).resolves.toMatch(/All \d+ checks pass/);
    await page.getByText(/Passing \(\d+\)/).click();
    await page.getByRole("button", { name: /^Go to / }).first().click();
    await page.getByText(/^Selected .+!.+\.$/).waitFor();
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, "flow-check-workbook-en.png"), fullPage: true });
    expectCleanRun();
  });

  test("the dashboard on a generated workbook at 320 px: every rep's bar, the lights' tiles and the months, no sideways scroll", async () => {
    const page = await open("?lang=zh-CN", { width: 320, height: 720 }, "zh-CN");
    await dashboardOnGenerated(page, "zh");
    // The eight reps of examples/team-8-reps.json, one bar each.
    await expect(page.getByTestId("attainment-bar").count()).resolves.toBe(8);
    await page.getByTestId("months-chart").waitFor();
    for (const light of ["green", "yellow", "red"]) await expect(page.getByTestId(`light-${light}`).innerText()).resolves.toMatch(/^\d+/);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, "flow-dashboard-zh-320.png"), fullPage: true });
    expectCleanRun();
  });

  test("my targets on a generated workbook: the rep's attainment, light and what the months left need", async () => {
    const page = await open("?lang=en-US", { width: 320, height: 720 });
    await myTargetsOnGenerated(page);
    // Chen Jing, first half of 2025: 224 万元 entered (see tests/pane/my-targets.test.tsx).
    await expect(page.getByTestId("mine-tracking").innerText()).resolves.toContain("224 万元");
    await expect(page.getByTestId("need").innerText()).resolves.toMatch(/万元 a month for the remaining 6 months/);
    await expect(page.getByTestId("total-score").innerText()).resolves.toMatch(/Total score: \d/);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, "flow-my-targets-en-320.png"), fullPage: true });
    expectCleanRun();
  });

  test("quarterly split by keyboard alone: Tab reaches every control in order, Enter downloads", async () => {
    const page = await open("?lang=en-US");
    await quarterlySplitWithPaste(page);
    await page.getByTestId("paste").focus();
    // Tab from the paste box to the download button, noting what takes focus on the way.
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return "";
        if (el.getAttribute("data-testid")) return el.getAttribute("data-testid")!;
        if (el instanceof HTMLInputElement) return `input:${el.type}`;
        return el.getAttribute("role") || el.tagName.toLowerCase();
      });
      seen.push(focused);
      if (focused === "download") break;
    }
    // Radio groups take one Tab stop; the preview's scrolling region is reachable too.
    expect(seen).toEqual(expect.arrayContaining(["targets-column", "input:radio", "months", "preview-scroll", "download"]));
    expect(seen.indexOf("targets-column")).toBeLessThan(seen.indexOf("input:radio"));
    expect(seen.indexOf("preview-scroll")).toBeLessThan(seen.indexOf("download"));
    const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
    expect(download.suggestedFilename()).toBe("quarterly-split.xlsx");
    expectCleanRun();
  });

  test("every flow's page fits 320 px", async () => {
    const page = await open("?lang=zh-CN", { width: 320, height: 720 }, "zh-CN");
    for (const flow of ["quarterlySplit", "decomposition", "cascade", "tracking", "actuals", "scorecard", "checkWorkbook", "explainCell", "myTargets", "dashboard"]) {
      await openFlow(page, flow);
      await expectNoSidewaysScroll(page);
      await page.getByRole("button", { name: "返回" }).click();
    }
    expectCleanRun();
  });

  test("explain this cell on a workbook of typed formulas: the #DIV/0! message Excel hides, and SCORE's working", async () => {
    const page = await open("?lang=en-US", { width: 400, height: 720 });
    await explainOnTypedWorkbook(page, "F3");
    await expect(page.getByTestId("explain-formula").innerText()).resolves.toBe("=TARGET.ATTAIN(B3,C3)");
    await expect(page.getByTestId("explain-outcome").innerText()).resolves.toMatch(/Why #DIV\/0!\s*target: the target is zero/);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, "flow-explain-cell-en-400.png"), fullPage: true });
    await page.getByTestId("explain-address").fill("F2");
    await page.getByTestId("explain-run").click();
    await page.getByTestId("explain-working").filter({ hasText: "36 = 40 - 4 × 1" }).waitFor();
    await page.screenshot({ path: path.join(OUT, "flow-explain-cell-score-en-400.png"), fullPage: true });
    expectCleanRun();
  });

  test("explain this cell in Chinese at 320 px", async () => {
    const page = await open("?lang=zh-CN", { width: 320, height: 720 }, "zh-CN");
    await explainOnTypedWorkbook(page, "F3");
    await expect(page.getByTestId("explain-outcome").innerText()).resolves.toMatch(/#DIV\/0! 的原因\s*目标：目标为 0/);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, "flow-explain-cell-zh-320.png"), fullPage: true });
    await page.getByTestId("explain-address").fill("F2");
    await page.getByTestId("explain-run").click();
    await page.getByTestId("explain-working").filter({ hasText: "36 = 40 - 4 × 1" }).waitFor();
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, "flow-explain-cell-score-zh-320.png"), fullPage: true });
    expectCleanRun();
  });

  test.each([
    ["en-US", 320],
    ["en-US", 400],
    ["zh-CN", 320],
    ["zh-CN", 400],
  ] as const)("the home screen in %s at %i px: Explain this cell, and the guard for empty cells", async (lang, width) => {
    const page = await open(`?lang=${lang}`, { width, height: 900 }, lang);
    await page.locator('[data-flow="explainCell"]').waitFor();
    const note = page.getByTestId("blank-as-zero");
    await expect(note.locator("code").innerText()).resolves.toBe('=IF(B2="","",TARGET.STATUS(B2,C2))');
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, `home-${lang}-${width}.png`), fullPage: true });
    await note.screenshot({ path: path.join(OUT, `home-${lang}-${width}-blank-note.png`) });
    expectCleanRun();
  });
});
