/*
 * The task pane in a real browser (Debian's Chromium through playwright-core), outside
 * Excel: the built page (dist/, from `npm run build`) served on 127.0.0.1, office.js
 * answered from node_modules instead of Microsoft's CDN, every other request off the
 * machine refused and counted (tests/helpers/pane-page.ts). Pictures go to
 * tests/.out/screenshots/ (ignored); `npm run screenshots` refreshes docs/screenshots/.
 *
 * After each test the page is left to settle (no request in flight, no timer of up to 1 s
 * pending, two quiet frames: `settle` in tests/helpers/pane-page.ts, a condition, not a
 * time) and must have thrown nothing and logged no error, so an error thrown after the pane
 * mounted is seen too.
 *
 * Without Chromium the suite is skipped with a line saying so, except on CI (CI=true),
 * where it fails (tests/helpers/engines.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { FLOW_IDS } from "../src/taskpane/navigation";
import { describeWithEngines } from "./helpers/engines";
import { DIST, ROOT, type Observed, type OpenOptions, isOfficeJsTelemetry, launchBrowser, openPane as openPaneIn, settle } from "./helpers/pane-page";
import { SCREENSHOTS, TEST_SCREENSHOTS_DIR } from "./helpers/screenshots";
import { type StaticServer, serveDirectory } from "./helpers/serve";

const PICTURES = path.join(ROOT, TEST_SCREENSHOTS_DIR);

describeWithEngines(["chromium"], "task pane in Chromium, outside Excel", () => {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let current: Page | undefined;
  let observed: Observed;
  /** Set by a test that expects the page to fail (office.js blocked): skips the clean-run check after it. */
  let expectsPageFailure = false;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(DIST, "taskpane.html"))) {
      throw new Error(
        `${path.join(DIST, "taskpane.html")} is missing: run \`npm run build\` first (this test serves the built add-in and builds nothing itself)`,
      );
    }
    fs.mkdirSync(PICTURES, { recursive: true });
    server = await serveDirectory(DIST);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    // Late errors: whatever the page throws or logs after the test's last look counts.
    const page = current;
    const failureExpected = expectsPageFailure;
    expectsPageFailure = false;
    current = undefined;
    try {
      if (page && !page.isClosed() && !failureExpected) {
        await settle(page, observed);
        expectCleanRun();
      }
    } finally {
      await context?.close();
      context = undefined;
    }
  });

  /** A fresh context (browser language `locale`) with the network rules, and a page on taskpane.html?`query`. */
  async function openPane(query: string, locale = "en-US", options: OpenOptions = {}): Promise<Page> {
    await context?.close();
    const opened = await openPaneIn(browser, server.origin, { query, locale, ...options });
    context = opened.context;
    observed = opened.observed;
    current = opened.page;
    return opened.page;
  }

  /** The page stayed on this machine and threw nothing. */
  function expectCleanRun(): void {
    expect(observed.strayRequests).toEqual([]);
    expect(observed.pageErrors).toEqual([]);
    expect(observed.consoleErrors).toEqual([]);
  }

  async function visibleText(page: Page): Promise<string> {
    return page.locator("body").innerText();
  }

  const FUNCTION_NAMES = ["SPLIT", "SPREAD", "ATTAIN", "STATUS", "PACE", "SCORE", "BAND", "COMMISSION"];

  test("shows the English home screen: calmly not in Excel, the ten flows, the functions", async () => {
    const page = await openPane("?lang=en-US");
    const notice = page.getByTestId("host-notice");
    const noticeText = await notice.innerText();
    expect(noticeText).toContain("Not in Excel: paste a table or open an .xlsx, and download the result.");
    expect(noticeText).not.toMatch(/npm|localhost|manifest/);
    await expect(notice.getAttribute("data-intent")).resolves.toBe("info");

    const flowNames = [
      "Quarterly split",
      "Decomposition workbook",
      "Cascade",
      "Tracking sheet",
      "Actuals in",
      "Scorecard",
      "Check workbook",
      "Explain this cell",
      "My targets",
      "Dashboard",
    ];
    const flows = page.locator("[data-flow]");
    await expect(flows.count()).resolves.toBe(flowNames.length);
    // Which flows are built yet (and which say "Coming soon") is the flows' own tests' business.
    for (const [index, name] of flowNames.entries()) {
      const text = await flows.nth(index).innerText();
      expect(text).toContain(name);
      await expect(flows.nth(index).isVisible()).resolves.toBe(true);
    }

    const text = await visibleText(page);
    for (const name of FUNCTION_NAMES) expect(text).toContain(`=TARGET.${name}`);
    expect(text).toContain("Functions you can type");
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("en-US");
    await expect(page.getByRole("button", { name: "English" }).getAttribute("aria-pressed")).resolves.toBe("true");

    expectCleanRun();
  });

  test("sends nothing off the machine, office.js's refused telemetry frame aside", async () => {
    const page = await openPane("?lang=en-US");
    // office.js asks for its telemetry frame 3 s after loading: wait for that request (or
    // fail after 10 s), then until the page has settled, so that whatever the page sends
    // after it is seen too.
    if (observed.telemetryRequests.length === 0) {
      await context!.waitForEvent("requestfailed", { predicate: (r) => isOfficeJsTelemetry(new URL(r.url())), timeout: 10_000 });
    }
    await settle(page, observed);
    expect(observed.telemetryRequests).toEqual([
      "https://telemetryservice.firstpartyapps.oaspapps.com/telemetryservice/telemetryproxy.html",
    ]);
    expectCleanRun();
  });

  test("shows the Chinese home screen with ?lang=zh-CN", async () => {
    const page = await openPane("?lang=zh-CN");
    const noticeText = await page.getByTestId("host-notice").innerText();
    expect(noticeText).toContain("不在 Excel 中：粘贴表格或打开 .xlsx 文件，然后下载结果。");
    expect(noticeText).not.toMatch(/npm|localhost|manifest/);

    const flows = page.locator("[data-flow]");
    const flowNames = ["季度分解", "目标分解表", "逐层分解", "目标管理表", "导入实际数", "绩效考核表", "检查工作簿", "解释单元格", "我的目标", "看板"];
    await expect(flows.count()).resolves.toBe(flowNames.length);
    for (const [index, name] of flowNames.entries()) {
      const text = await flows.nth(index).innerText();
      expect(text).toContain(name);
    }

    const text = await visibleText(page);
    for (const name of FUNCTION_NAMES) expect(text).toContain(`=TARGET.${name}`);
    expect(text).toContain("可以直接输入的函数");
    expect(text).not.toContain("Coming soon");
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("zh-CN");

    expectCleanRun();
  });

  test("switches language with the switch in the pane", async () => {
    const page = await openPane("?lang=en-US");
    await page.getByRole("button", { name: "简体中文" }).click();
    await page.getByText("不在 Excel 中：粘贴表格").waitFor();
    let text = await visibleText(page);
    expect(text).toContain("季度分解");
    expect(text).not.toContain("Not in Excel: paste a table");
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("zh-CN");
    await expect(page.getByRole("button", { name: "简体中文" }).getAttribute("aria-pressed")).resolves.toBe("true");

    await page.getByRole("button", { name: "English" }).click();
    await page.getByText("Not in Excel: paste a table").waitFor();
    text = await visibleText(page);
    expect(text).toContain("Quarterly split");
    expect(text).not.toContain("季度分解");
    expectCleanRun();
  });

  test("follows the browser's language without ?lang", async () => {
    let page = await openPane("", "zh-CN");
    await expect(visibleText(page)).resolves.toContain("不在 Excel 中：粘贴表格");
    expectCleanRun();

    page = await openPane("", "fr-FR");
    await expect(visibleText(page)).resolves.toContain("Not in Excel: paste a table");
    expectCleanRun();
  });

  test("opens a flow's page and goes back", async () => {
    const page = await openPane("?lang=en-US");
    await page.getByRole("button", { name: /Tracking sheet/ }).click();
    await page.getByRole("heading", { level: 2, name: "Tracking sheet" }).waitFor();
    await expect(page.locator("[data-flow]").count()).resolves.toBe(0);

    await page.getByRole("button", { name: "Back" }).click();
    // Back on the home screen: every flow the pane knows is listed again.
    await expect(page.locator("[data-flow]").count()).resolves.toBe(FLOW_IDS.length);
    expectCleanRun();
  });

  test("the ribbon's Quarterly split command shows the pane at the quarterly split", async () => {
    const page = await openPane("?lang=en-US");
    // Excel calls an ExecuteFunction command by looking its name up in what
    // Office.actions.associate recorded (office.js keeps it upper-cased in
    // Office.actions._association.mappings); showAsTaskpane exists only inside Office,
    // so the test provides one that counts calls.
    const result = await page.evaluate(async () => {
      interface ActionEvent {
        completed: () => void;
      }
      interface OfficeOutsideExcel {
        actions: { _association: { mappings: Record<string, (event: ActionEvent) => Promise<void> | void> } };
        addin?: { showAsTaskpane: () => Promise<void> };
      }
      const office = (window as unknown as { Office: OfficeOutsideExcel }).Office;
      const mappings = office.actions._association.mappings;
      let shown = 0;
      let completed = 0;
      office.addin = {
        showAsTaskpane: async () => {
          shown += 1;
        },
      };
      await mappings.OPENQUARTERLYSPLIT({
        completed: () => {
          completed += 1;
        },
      });
      return { names: Object.keys(mappings).sort(), shown, completed };
    });
    expect(result).toEqual({ names: ["OPENQUARTERLYSPLIT", "SHOWTASKPANE"], shown: 1, completed: 1 });
    await page.getByRole("heading", { level: 2, name: "Quarterly split" }).waitFor();
    expectCleanRun();
  });
  test("registers the eight functions with office.js, and they answer", async () => {
    const page = await openPane("?lang=en-US");
    // The built functions.js calls CustomFunctions.associate(id, fn) for each function (the
    // metadata plugin appends those calls); office.js keeps what was associated, by upper-case
    // id, in CustomFunctions._association.mappings: that is what Excel calls.
    const seen = await page.evaluate(async () => {
      type Fn = (...args: unknown[]) => unknown;
      const cf = (window as unknown as { CustomFunctions?: { _association?: { mappings?: Record<string, Fn> } } }).CustomFunctions;
      const mappings = cf?._association?.mappings ?? {};
      const kinds = Object.fromEntries(Object.entries(mappings).map(([id, fn]) => [id, typeof fn]));
      // Two calls as Excel makes them (ranges are 2-D arrays): 90 of a 100 target is 0.9;
      // 100 split by equal weights in units of 1 is 50 and 50.
      const attain = mappings.ATTAIN ? await mappings.ATTAIN(90, 100) : "missing";
      const split = mappings.SPLIT ? await mappings.SPLIT(100, [[1, 1]]) : "missing";
      return { kinds, attain, split };
    });
    expect(Object.keys(seen.kinds).sort()).toEqual([...FUNCTION_NAMES].sort());
    expect(Object.values(seen.kinds)).toEqual(FUNCTION_NAMES.map(() => "function"));
    // ATTAIN returns a matrix ({any[][]}, for @requiresParameterAddresses): one cell, 0.9.
    expect(seen.attain).toEqual([[expect.closeTo(0.9, 12)]]);
    expect(seen.split).toEqual([[50, 50]]);
  });

  test.each(SCREENSHOTS.map((shot) => [shot.name, shot] as const))("takes the %s picture of docs/screenshots (into tests/.out)", async (name, shot) => {
    const page = await openPane(shot.query, shot.locale, { viewport: shot.viewport });
    await shot.actions?.(page);
    const file = path.join(PICTURES, `${name}.png`);
    await page.screenshot({ path: file, fullPage: shot.fullPage ?? true });
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
  });
  test("a ribbon command that cannot open the pane tells the user in a dialog, in English and Chinese", async () => {
    const page = await openPane("?lang=en-US");
    // Inside Excel, showAsTaskpane can fail (an old build without the shared runtime, say);
    // the test makes it fail and records the dialog the command asks Office for.
    const asked = await page.evaluate(async () => {
      interface ActionEvent {
        completed: () => void;
      }
      type DialogCallback = (result: { status: string }) => void;
      interface OfficeOutsideExcel {
        actions: { _association: { mappings: Record<string, (e: ActionEvent) => Promise<void>> } };
        addin?: { showAsTaskpane: () => Promise<void> };
        context: unknown;
      }
      const office = (window as unknown as { Office: OfficeOutsideExcel }).Office;
      const dialogs: { url: string; options: unknown }[] = [];
      office.addin = { showAsTaskpane: () => Promise.reject(new Error("planted: no shared runtime")) };
      // Outside Office, office.js's Office.context has no ui: give it the one method used.
      const context = office.context as { ui?: unknown };
      context.ui = {
        displayDialogAsync: (url: string, options: unknown, callback: DialogCallback) => {
          dialogs.push({ url, options });
          callback({ status: "succeeded" });
        },
      };
      if ((office.context as { ui?: unknown }).ui !== context.ui) throw new Error("could not stand in for Office.context.ui");
      let completed = 0;
      await office.actions._association.mappings.SHOWTASKPANE({ completed: () => (completed += 1) });
      return { dialogs, completed };
    });
    expect(asked.completed).toBe(1);
    expect(asked.dialogs).toHaveLength(1);
    const url = new URL(asked.dialogs[0].url);
    expect(url.origin + url.pathname).toBe(`${server.origin}/notice.html`);
    // The command logs to the console as well; that one error is expected.
    expect(observed.consoleErrors).toEqual([expect.stringContaining("Target Planner: could not open the task pane.")]);
    observed.consoleErrors = [];

    await page.goto(url.href);
    const notice = await page.getByTestId("ribbon-notice").innerText();
    expect(notice).toContain("Target Planner could not open its pane");
    expect(notice).toContain("“目标规划”无法打开任务窗格");
    expect(notice).toContain("Press the button again");
    expect(notice).toContain("planted: no shared runtime");
  });

  test("loads the lazy chunks a flow needs from beside the page (publicPath auto, hashed names)", async () => {
    const page = await openPane("?lang=en-US");
    const chunkResponses: string[] = [];
    page.on("response", (response) => {
      if (/\.chunk\.js(\?|$)/.test(response.url())) chunkResponses.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    // The flow's code is a chunk of its own: opening it loads at least one (or the test fails
    // after 10 s), and the page settles before the responses are counted.
    const built = fs.readdirSync(DIST).filter((f) => f.endsWith(".chunk.js"));
    expect(built.length).toBeGreaterThan(0);
    await Promise.all([
      page.waitForResponse((response) => /\.chunk\.js(\?|$)/.test(response.url()), { timeout: 10_000 }),
      page.locator("[data-flow]").first().click(),
    ]);
    await page.getByRole("heading", { level: 2 }).first().waitFor();
    await settle(page, observed);
    expect(chunkResponses.length).toBeGreaterThan(0);
    for (const line of chunkResponses) {
      expect(line).toMatch(/^200 \/[\w-]+\.[0-9a-f]{8}\.chunk\.js$/);
      expect(built).toContain(line.slice(line.indexOf("/") + 1));
    }
  });

  describe("when the pane cannot start", () => {
    /** The ReferenceError functions.js throws where office.js (and so CustomFunctions) is missing. */
    const isMissingCustomFunctions = (error: string) => /CustomFunctions is not defined/.test(error);

    test("without office.js (blocked) in a plain browser it greets calmly (the workbench works offline); opened by Office it says office.js did not load, in either language", async () => {
      expectsPageFailure = true;
      let page = await openPane("?lang=en-US", "en-US", { blockOfficeJs: true });
      expect(observed.blockedOfficeJs.length).toBeGreaterThan(0);
      let notice = page.getByTestId("host-notice");
      expect(await notice.innerText()).toContain("Not in Excel: paste a table or open an .xlsx");
      await expect(notice.getAttribute("data-intent")).resolves.toBe("info");
      expect(await visibleText(page)).not.toContain("Loading Target Planner");
      expect(observed.pageErrors.filter((e) => !isMissingCustomFunctions(e))).toEqual([]);
      expect(observed.strayRequests).toEqual([]);

      // Office adds _host_Info to the pane's address (office.js reads its host from it).
      page = await openPane("?lang=en-US&_host_Info=Excel$Win32$16.01$en-US$$$$0", "en-US", { blockOfficeJs: true });
      notice = page.getByTestId("host-notice");
      expect(await notice.innerText()).toContain("Office.js did not load");
      await expect(notice.getAttribute("data-intent")).resolves.toBe("error");

      page = await openPane("?lang=zh-CN&_host_Info=Excel$Win32$16.01$zh-CN$$$$0", "zh-CN", { blockOfficeJs: true });
      await page.getByTestId("host-notice").waitFor();
      expect(await page.getByTestId("host-notice").innerText()).toContain("Office.js 未能加载");
      expect(await visibleText(page)).not.toContain("正在加载");
    });

    test("when Office.onReady fails it says so and what to try, in English and Chinese", async () => {
      expectsPageFailure = true;
      const standIn = `window.Office = { onReady: () => Promise.reject(new Error("planted: Office refused")), actions: { associate() {} } };
        window.CustomFunctions = { associate() {} };`;
      const page = await openPane("?lang=en-US", "en-US", { officeJsStandIn: standIn, waitForHome: false });
      const failure = page.getByTestId("start-failure");
      await failure.waitFor();
      await expect(failure.getAttribute("data-problem")).resolves.toBe("officeFailed");
      const text = await failure.innerText();
      expect(text).toContain("Target Planner could not start");
      expect(text).toContain("“目标规划”无法启动");
      expect(text).toContain("Close the pane and open it again");
      expect(text).toContain("关闭任务窗格");
      // The address the page loads office.js from, so the advice fits where it is deployed.
      expect(text).toContain("appsforoffice.microsoft.com");
      await expect(page.getByTestId("start-failure-detail").innerText()).resolves.toBe("planted: Office refused");
      expect(await visibleText(page)).not.toContain("Loading Target Planner");
      expect(observed.pageErrors).toEqual([]);
    });

    test("when Office is slow it says it is still waiting, then shows the pane once Office answers", async () => {
      const standIn = `(function () {
        let answer;
        const ready = new Promise((resolve) => (answer = resolve));
        window.Office = { onReady: () => ready, HostType: { Excel: "Excel" }, actions: { associate() {} } };
        window.CustomFunctions = { associate() {} };
        window.answerAsOffice = () => answer({ host: null, platform: null });
      })();`;
      const page = await openPane("?lang=en-US", "en-US", { officeJsStandIn: standIn, waitForHome: false });
      const waiting = page.getByTestId("start-failure");
      await waiting.waitFor({ timeout: 30_000 });
      await expect(waiting.getAttribute("data-problem")).resolves.toBe("officeSlow");
      const text = await waiting.innerText();
      expect(text).toContain("Still waiting for Office");
      expect(text).toContain("仍在等待 Office");
      await page.evaluate(() => (window as unknown as { answerAsOffice: () => void }).answerAsOffice());
      await page.locator("[data-flow]").first().waitFor();
      await expect(page.getByTestId("start-failure").count()).resolves.toBe(0);
    });
  });
});
