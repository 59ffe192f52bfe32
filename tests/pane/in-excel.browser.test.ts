/*
 * The built pane in Chromium as if inside Excel: office.js is answered with a stand-in whose
 * Office.onReady says "Excel" on a given platform, whose requirement sets are the ones an
 * Excel of that kind has, and whose Excel.run is the fake Excel of tests/fake-excel (the
 * same model the writer's tests use, compiled for the page). So the real bundle, the real
 * Office.js port and the real flows run against it: on Excel for Mac the result opens as a
 * new workbook and there is no download button; without ExcelApi 1.8 the flows that write
 * say so first; Explain this cell reads the active cell through the port. Pictures at 320
 * and 400 px, in English and Chinese, go to tests/.out/screenshots/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import type { Browser, Page } from "playwright-core";
import { DIST, ROOT, launchBrowser, openPane } from "../helpers/pane-page";
import { describeWithEngines } from "../helpers/engines";
import { TEST_SCREENSHOTS_DIR } from "../helpers/screenshots";
import { type StaticServer, serveDirectory } from "../helpers/serve";

const OUT = path.join(ROOT, TEST_SCREENSHOTS_DIR);

/** What the stand-in Excel is: its platform, its requirement sets, its workbook. */
interface StandInExcel {
  platform: "PC" | "Mac" | "OfficeOnline";
  displayLanguage: string;
  /** The highest ExcelApi minor version it has (1.minor), and whether it has custom functions. */
  excelApiMinor: number;
  customFunctions: boolean;
  /** Cells to seed, per sheet: constants, or formulas ("=…") with the value Excel shows. */
  sheets: Record<string, Record<string, string | number | boolean | { formula: string; shows: string | number }>>;
  select: { sheet: string; address: string };
}

/**
 * In the page, the fake's mirror of every call on the real Office.js (tests/fake-excel/office-js.ts,
 * which measures request sizes in Node with the library's debug script) is a context that
 * takes any call and records nothing: the page tests the pane's flows, not request sizes.
 */
const SILENT_OFFICE_JS = `
function silent() {
  var target = function () {};
  var proxy = new Proxy(target, {
    get: function (_t, key) {
      if (key === "then") return undefined;
      if (key === "sync") return function () { return Promise.resolve(); };
      return proxy;
    },
    set: function () { return true; },
    apply: function () { return proxy; },
  });
  return proxy;
}
exports.recordingContext = function () { return { context: silent(), requests: [], bodies: [] }; };
`;

/** The fake Excel's modules as CommonJS, for the page (TypeScript only strips the types). */
function fakeExcelModules(): Record<string, string> {
  const compile = (file: string) =>
    ts.transpileModule(fs.readFileSync(path.join(ROOT, "tests", file), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    }).outputText;
  return {
    "./model": compile("fake-excel/model.ts"),
    "./fake-excel": compile("fake-excel/fake-excel.ts"),
    "./charts": compile("fake-excel/charts.ts"),
    "./office-js": SILENT_OFFICE_JS,
    "../helpers/excel-limits": compile("helpers/excel-limits.ts"),
  };
}

/** The script served in place of office.js: Office, Excel and CustomFunctions over the fake Excel. */
function officeStandIn(excel: StandInExcel): string {
  return `(function () {
  var sources = ${JSON.stringify(fakeExcelModules())};
  var cache = {};
  function load(name) {
    if (cache[name]) return cache[name].exports;
    var module = { exports: {} };
    cache[name] = module;
    // The fake counts request bytes with Node's Buffer: its own, from TextEncoder (the
    // page's libraries must not see a Buffer).
    new Function("exports", "require", "module", "Buffer", sources[name])(module.exports, load, module, bytes);
    return module.exports;
  }
  var bytes = { byteLength: function (s) { return new TextEncoder().encode(s).length; } };
  var config = ${JSON.stringify(excel)};
  var lib = load("./fake-excel");
  var fake = new lib.FakeExcel(Object.keys(config.sheets));
  var shows = {};
  Object.keys(config.sheets).forEach(function (sheet) {
    var cells = {};
    Object.keys(config.sheets[sheet]).forEach(function (a) {
      var c = config.sheets[sheet][a];
      if (c !== null && typeof c === "object") { cells[a] = c.formula; shows[sheet + "!" + a] = c.shows; }
      else cells[a] = c;
    });
    fake.seed(sheet, cells);
  });
  fake.calc = function (sheet, address) { var v = shows[sheet + "!" + address]; return v === undefined ? "" : v; };
  fake.select(config.select.sheet, config.select.address);
  var opened = [];
  window.__standIn = { fake: fake, opened: opened };
  window.Excel = {
    run: fake.run,
    createWorkbook: function (base64) { opened.push(base64.length); return Promise.resolve(); },
  };
  window.Office = {
    HostType: { Excel: "Excel" },
    PlatformType: { PC: "PC", Mac: "Mac", OfficeOnline: "OfficeOnline" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    onReady: function () { return Promise.resolve({ host: "Excel", platform: config.platform }); },
    actions: { associate: function () {} },
    context: {
      displayLanguage: config.displayLanguage,
      platform: config.platform,
      requirements: {
        isSetSupported: function (set, version) {
          if (set === "ExcelApi") return Number(String(version).split(".")[1] || 0) <= config.excelApiMinor;
          if (set === "CustomFunctionsRuntime") return config.customFunctions;
          return set === "SharedRuntime";
        },
      },
      document: { settings: new lib.FakeSettings() },
    },
  };
  window.CustomFunctions = {
    associate: function () {},
    Error: function (code, message) { this.code = code; this.message = message; },
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!" },
  };
})();`;
}

/** A sales table with the annual targets selected, and a KPI sheet with typed TARGET.* formulas. */
function salesWorkbook(): Pick<StandInExcel, "sheets" | "select"> {
  return {
    sheets: {
      Sales: { A1: "Rep", B1: "Annual", A2: "Zhang", B2: 1_200_000, A3: "Li", B3: 800_001, A4: "Wang", B4: 350_000 },
      KPIs: {
        A1: "KPI",
        B1: "Actual",
        C1: "Target",
        D1: "Points",
        E1: "Rule",
        F1: "Score",
        A2: "Sales",
        B2: 0.96,
        C2: 1,
        D2: 40,
        E2: "每超1%加0.5分,每低1%扣1分",
        F2: { formula: "=TARGET.SCORE(B2,C2,D2,E2)", shows: 36 },
        A3: "Visits",
        B3: 12,
        C3: 0,
        F3: { formula: "=TARGET.ATTAIN(B3,C3)", shows: "#DIV/0!" },
      },
    },
    select: { sheet: "Sales", address: "B2:B4" },
  };
}

describeWithEngines(["chromium"], "the built pane inside a stand-in Excel", () => {
  let server: StaticServer;
  let browser: Browser;
  const contexts: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(DIST, "taskpane.html"))) throw new Error(`${DIST}/taskpane.html is missing: run \`npm run build\` first`);
    fs.mkdirSync(OUT, { recursive: true });
    server = await serveDirectory(DIST);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    while (contexts.length) await contexts.pop()!.close();
  });

  /** Opens the pane inside the stand-in Excel; checks afterwards that nothing went astray. */
  async function inExcel(excel: StandInExcel, width: number, query: string): Promise<{ page: Page; clean: () => void }> {
    const opened = await openPane(browser, server.origin, {
      query,
      viewport: { width, height: 900 },
      locale: excel.displayLanguage,
      officeJsStandIn: officeStandIn(excel),
    });
    contexts.push(opened.context);
    return {
      page: opened.page,
      clean: () => {
        expect(opened.observed.strayRequests).toEqual([]);
        expect(opened.observed.pageErrors).toEqual([]);
        expect(opened.observed.consoleErrors).toEqual([]);
      },
    };
  }

  const noSidewaysScroll = async (page: Page) => {
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(width);
  };

  test.each([
    ["en-US", 320],
    ["zh-CN", 400],
  ] as const)("Excel for Mac (%s, %i px): the split opens as a new workbook, no download button, and why", async (lang, width) => {
    const { page, clean } = await inExcel({ platform: "Mac", displayLanguage: lang, excelApiMinor: 20, customFunctions: true, ...salesWorkbook() }, width, "");
    await page.locator('[data-flow="quarterlySplit"]').click();
    await page.getByTestId("preview").waitFor();
    await expect(page.getByTestId("download").count()).resolves.toBe(0);
    await expect(page.getByTestId("action-note").innerText()).resolves.toMatch(lang === "en-US" ? /^Excel for Mac cannot save a file from the pane/ : /^Mac 版 Excel 无法从任务窗格保存文件/);
    await page.getByTestId("open-workbook").click();
    await page.getByText(lang === "en-US" ? /Opened as a new workbook\./ : /已作为新工作簿打开。/).waitFor();
    // Excel.createWorkbook got one file (as base64), and nothing was written into this workbook.
    const state = await page.evaluate(() => {
      const s = (window as unknown as { __standIn: { opened: number[]; fake: { sheetNames(): string[] } } }).__standIn;
      return { opened: s.opened, sheets: s.fake.sheetNames() };
    });
    expect(state.opened).toHaveLength(1);
    expect(state.opened[0]).toBeGreaterThan(1000);
    expect(state.sheets).toEqual(["Sales", "KPIs"]);
    await noSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, `in-excel-mac-split-${lang}-${width}.png`), fullPage: true });
    clean();
  });

  test.each([
    ["en-US", 400],
    ["zh-CN", 320],
  ] as const)("Explain this cell inside Excel (%s, %i px): the active cell's #DIV/0! message", async (lang, width) => {
    const book = { ...salesWorkbook(), select: { sheet: "KPIs", address: "F3" } };
    const { page, clean } = await inExcel({ platform: "PC", displayLanguage: lang, excelApiMinor: 20, customFunctions: true, ...book }, width, "");
    await page.locator('[data-flow="explainCell"]').click();
    await expect(page.getByTestId("explain-outcome").innerText()).resolves.toMatch(lang === "en-US" ? /Why #DIV\/0!\s*target: the target is zero/ : /#DIV\/0! 的原因\s*目标：目标为 0/);
    await expect(page.getByTestId("explain-cell").innerText()).resolves.toMatch(/KPIs!F3/);
    await noSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, `in-excel-explain-${lang}-${width}.png`), fullPage: true });
    clean();
  });

  test.each([
    ["en-US", 320],
    ["zh-CN", 400],
  ] as const)("an Excel without ExcelApi 1.8 or custom functions (%s, %i px) says so before the form and in the function list", async (lang, width) => {
    const { page, clean } = await inExcel({ platform: "PC", displayLanguage: lang, excelApiMinor: 7, customFunctions: false, ...salesWorkbook() }, width, "");
    await page.getByTestId("functions-missing").waitFor();
    await page.screenshot({ path: path.join(OUT, `in-excel-old-home-${lang}-${width}.png`), fullPage: true });
    await page.locator('[data-flow="quarterlySplit"]').click();
    await page.getByTestId("write-unavailable").waitFor();
    await page.getByTestId("preview").waitFor();
    await expect(page.getByTestId("apply").isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId("open-workbook").count()).resolves.toBe(0);
    await noSidewaysScroll(page);
    await page.screenshot({ path: path.join(OUT, `in-excel-old-split-${lang}-${width}.png`), fullPage: true });
    clean();
  });
});
