/*
 * The task pane in a real browser (Debian's Chromium through playwright-core), outside
 * Excel: the built page (dist/, from `npm run build`) served on 127.0.0.1, office.js
 * answered from node_modules instead of Microsoft's CDN, every other request off the
 * machine refused and counted. Saves the screenshots in docs/screenshots/.
 *
 * Without Chromium the suite is skipped with a line saying so, except on CI (CI=true),
 * where it fails.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";
import { type StaticServer, contentTypeFor, serveDirectory } from "./helpers/serve";

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const OFFICE_JS_DIST = path.join(ROOT, "node_modules", "@microsoft", "office-js", "dist");
const SCREENSHOTS = path.join(ROOT, "docs", "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ON_CI = process.env.CI === "true";

/** Where taskpane.html loads office.js from; the files office.js loads beside it come from the same folder. */
const OFFICE_CDN = new URL("https://appsforoffice.microsoft.com/lib/1/hosted/");

/** A task pane's size. */
const VIEWPORT = { width: 360, height: 720 };

/**
 * office.js's own telemetry outside Office: 3 s after it loads, its logger (in
 * o15apptofilemappingtable.js) adds a hidden iframe loading
 * https://telemetryservice.firstpartyapps.oaspapps.com/telemetryservice/telemetryproxy.html.
 * That request is refused like any other but not counted against the add-in. Nothing else
 * is excused: a new kind of request from office.js fails the test and names its address.
 */
function isOfficeJsTelemetry(url: URL): boolean {
  return (
    url.protocol === "https:" &&
    url.hostname === "telemetryservice.firstpartyapps.oaspapps.com" &&
    url.pathname === "/telemetryservice/telemetryproxy.html"
  );
}

/** The file in node_modules/@microsoft/office-js/dist/ for an address under the CDN folder, if there is one. */
function officeJsFile(url: URL): string | null {
  if (url.origin !== OFFICE_CDN.origin || !url.pathname.startsWith(OFFICE_CDN.pathname)) return null;
  const file = path.resolve(OFFICE_JS_DIST, decodeURIComponent(url.pathname.slice(OFFICE_CDN.pathname.length)));
  if (!file.startsWith(OFFICE_JS_DIST + path.sep)) return null;
  return fs.existsSync(file) && fs.statSync(file).isFile() ? file : null;
}

const chromiumFound = fs.existsSync(CHROMIUM);
if (!chromiumFound && !ON_CI) {
  console.log(
    `SKIPPED browser test: chromium not found at ${CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)`,
  );
}
const describeInBrowser = chromiumFound || ON_CI ? describe : describe.skip;

/** What one browser context saw besides the page itself. */
interface Observed {
  /** Requests to anywhere but 127.0.0.1 that were refused and count as failures. */
  strayRequests: string[];
  /** office.js telemetry requests, refused and not counted. */
  telemetryRequests: string[];
  pageErrors: string[];
  consoleErrors: string[];
}

describeInBrowser("task pane in Chromium, outside Excel", () => {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let observed: Observed;

  beforeAll(async () => {
    if (!chromiumFound) {
      throw new Error(`chromium not found at ${CHROMIUM}; CI=true, so the browser test may not be skipped`);
    }
    if (!fs.existsSync(path.join(DIST, "taskpane.html"))) {
      throw new Error(
        `${path.join(DIST, "taskpane.html")} is missing: run \`npm run build\` first (this test serves the built add-in and builds nothing itself)`,
      );
    }
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    server = await serveDirectory(DIST);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--disable-gpu", "--disable-quic"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  /** A fresh context (browser language `locale`) with the network rules, and a page on taskpane.html?`query`. */
  async function openPane(query: string, locale = "en-US"): Promise<Page> {
    observed = { strayRequests: [], telemetryRequests: [], pageErrors: [], consoleErrors: [] };
    context = await browser.newContext({ viewport: VIEWPORT, locale, deviceScaleFactor: 1 });
    await context.route("**/*", async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1") return route.continue();
      const officeFile = officeJsFile(url);
      if (officeFile) return route.fulfill({ path: officeFile, contentType: contentTypeFor(officeFile) });
      if (isOfficeJsTelemetry(url)) observed.telemetryRequests.push(url.href);
      else observed.strayRequests.push(`${route.request().method()} ${url.href}`);
      return route.abort();
    });
    const page = await context.newPage();
    page.on("pageerror", (error) => observed.pageErrors.push(error.stack ?? error.message));
    page.on("console", (message) => {
      if (message.type() === "error") observed.consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    await page.goto(`${server.origin}/taskpane.html${query}`);
    // The pane renders once Office.onReady has settled; the flow list is part of the home screen.
    await page.locator("[data-flow]").first().waitFor();
    return page;
  }

  /** The page stayed on this machine and threw nothing. */
  function expectCleanRun(): void {
    expect(observed.strayRequests).toEqual([]);
    expect(observed.pageErrors).toEqual([]);
    expect(observed.consoleErrors).toEqual([]);
  }

  /** Waits (up to `ms`) until `done()` holds, checking every 100 ms. */
  async function waitUntil(page: Page, done: () => boolean, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done() && Date.now() < deadline) await page.waitForTimeout(100);
  }

  async function visibleText(page: Page): Promise<string> {
    return page.locator("body").innerText();
  }

  const FUNCTION_NAMES = ["SPLIT", "SPREAD", "ATTAIN", "STATUS", "PACE", "SCORE", "BAND", "COMMISSION"];

  test("shows the English home screen: not in Excel, how to sideload, six flows coming soon, the functions", async () => {
    const page = await openPane("?lang=en-US");
    const notice = page.getByTestId("host-notice");
    await expect(notice.innerText()).resolves.toMatch(/Not running inside Excel/);
    const noticeText = await notice.innerText();
    expect(noticeText).toContain("Home → Add-ins → More add-ins → My add-ins → Upload My Add-in");
    expect(noticeText).toContain("manifest.xml");
    expect(noticeText).toContain("https://localhost:3000");
    expect(noticeText).toContain("npm start");

    const flows = page.locator("[data-flow]");
    await expect(flows.count()).resolves.toBe(6);
    const flowNames = [
      "Quarterly split",
      "Decomposition workbook",
      "Tracking sheet",
      "Scorecard",
      "Check workbook",
      "My targets",
    ];
    for (const [index, name] of flowNames.entries()) {
      const text = await flows.nth(index).innerText();
      expect(text).toContain(name);
      expect(text).toContain("Coming soon");
      await expect(flows.nth(index).isVisible()).resolves.toBe(true);
    }

    const text = await visibleText(page);
    for (const name of FUNCTION_NAMES) expect(text).toContain(`=TARGET.${name}`);
    expect(text).toContain("Functions you can type");
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("en-US");
    await expect(page.getByRole("button", { name: "English" }).getAttribute("aria-pressed")).resolves.toBe("true");

    await page.screenshot({ path: path.join(SCREENSHOTS, "taskpane-en.png"), fullPage: true });
    expectCleanRun();
  });

  test("sends nothing off the machine, office.js's refused telemetry frame aside", async () => {
    const page = await openPane("?lang=en-US");
    // office.js asks for its telemetry frame 3 s after loading: wait for it, then a little
    // longer, so that whatever the page would send late is seen too.
    await waitUntil(page, () => observed.telemetryRequests.length > 0, 10_000);
    await page.waitForTimeout(1_000);
    expect(observed.telemetryRequests).toEqual([
      "https://telemetryservice.firstpartyapps.oaspapps.com/telemetryservice/telemetryproxy.html",
    ]);
    expectCleanRun();
  });

  test("shows the Chinese home screen with ?lang=zh-CN", async () => {
    const page = await openPane("?lang=zh-CN");
    const noticeText = await page.getByTestId("host-notice").innerText();
    expect(noticeText).toContain("当前不在 Excel 中运行");
    expect(noticeText).toContain("上传我的加载项");
    expect(noticeText).toContain("manifest.xml");

    const flows = page.locator("[data-flow]");
    const flowNames = ["季度分解", "目标分解表", "目标管理表", "绩效考核表", "检查工作簿", "我的目标"];
    await expect(flows.count()).resolves.toBe(flowNames.length);
    for (const [index, name] of flowNames.entries()) {
      const text = await flows.nth(index).innerText();
      expect(text).toContain(name);
      expect(text).toContain("即将推出");
    }

    const text = await visibleText(page);
    for (const name of FUNCTION_NAMES) expect(text).toContain(`=TARGET.${name}`);
    expect(text).toContain("可以直接输入的函数");
    expect(text).not.toContain("Coming soon");
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("zh-CN");

    await page.screenshot({ path: path.join(SCREENSHOTS, "taskpane-zh.png"), fullPage: true });
    expectCleanRun();
  });

  test("switches language with the switch in the pane", async () => {
    const page = await openPane("?lang=en-US");
    await page.getByRole("button", { name: "简体中文" }).click();
    await page.getByText("当前不在 Excel 中运行").waitFor();
    let text = await visibleText(page);
    expect(text).toContain("季度分解");
    expect(text).toContain("即将推出");
    expect(text).not.toContain("Not running inside Excel");
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("zh-CN");
    await expect(page.getByRole("button", { name: "简体中文" }).getAttribute("aria-pressed")).resolves.toBe("true");

    await page.getByRole("button", { name: "English" }).click();
    await page.getByText("Not running inside Excel").waitFor();
    text = await visibleText(page);
    expect(text).toContain("Quarterly split");
    expect(text).not.toContain("季度分解");
    expectCleanRun();
  });

  test("follows the browser's language without ?lang", async () => {
    let page = await openPane("", "zh-CN");
    await expect(visibleText(page)).resolves.toContain("当前不在 Excel 中运行");
    expectCleanRun();
    await context?.close();

    page = await openPane("", "fr-FR");
    await expect(visibleText(page)).resolves.toContain("Not running inside Excel");
    expectCleanRun();
  });

  test("opens a flow's page, says plainly it is coming soon, and goes back", async () => {
    const page = await openPane("?lang=en-US");
    await page.getByRole("button", { name: /Tracking sheet/ }).click();
    await page.getByRole("heading", { level: 2, name: "Tracking sheet" }).waitFor();
    const text = await visibleText(page);
    expect(text).toContain("Not available yet");
    expect(text).toContain("=TARGET.STATUS");
    await expect(page.locator("[data-flow]").count()).resolves.toBe(0);

    await page.getByRole("button", { name: "Back" }).click();
    await expect(page.locator("[data-flow]").count()).resolves.toBe(6);
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
});
