/*
 * One browser session for a jest suite of the pane's flows: serves a built pane, starts
 * Chromium once for the suite, opens each test's pane in a fresh context (closed after the
 * test), and checks that nothing stray happened — during the test (`expectCleanRun`) and
 * after it, once the page has settled (no request in flight, no short timer pending: an
 * error the page throws late fails the test too). Registers its own jest hooks, so call it
 * once, at the top of a `describe`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type Observed, launchBrowser, openPane, settle } from "./pane-page";
import { type StaticServer, serveDirectory } from "./serve";

export interface PaneSession {
  /** Opens the pane (`taskpane.html?query`) in a new context; the context closes after the test. */
  open(query: string, viewport?: { width: number; height: number }, locale?: string): Promise<Page>;
  /** No request left the machine, no page error, no console error in the pane opened last. */
  expectCleanRun(): void;
  /** The page is no wider than its viewport: nothing sticks out at the side. */
  expectNoSidewaysScroll(page: Page): Promise<void>;
}

/**
 * Serves `dist` and runs Chromium for the enclosing `describe`; pictures go to `outDir`.
 * @example
 * describe("the flows", () => {
 *   const pane = usePaneSession(DIST, OUT);
 *   test("opens", async () => { const page = await pane.open("lang=en-US"); … pane.expectCleanRun(); });
 * });
 */
export function usePaneSession(dist: string, outDir: string): PaneSession {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let observed: Observed | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(dist, "taskpane.html"))) throw new Error(`${dist}/taskpane.html is missing: run \`npm run build\` first`);
    fs.mkdirSync(outDir, { recursive: true });
    server = await serveDirectory(dist);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    try {
      // Late errors: what the page throws or logs after the test's last look counts too.
      if (page && observed && !page.isClosed()) {
        await settle(page, observed);
        checkClean(observed);
      }
    } finally {
      page = undefined;
      await context?.close();
      context = undefined;
    }
  });

  /** No request left the machine, no page error, no console error. */
  function checkClean(seen: Observed): void {
    expect(seen.strayRequests).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
    expect(seen.consoleErrors).toEqual([]);
  }

  return {
    async open(query, viewport, locale) {
      const opened = await openPane(browser, server.origin, { query, viewport, locale });
      context = opened.context;
      observed = opened.observed;
      page = opened.page;
      return opened.page;
    },
    expectCleanRun() {
      if (!observed) throw new Error("expectCleanRun before any pane was opened");
      checkClean(observed);
    },
    async expectNoSidewaysScroll(page) {
      const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
      expect(scroll).toBeLessThanOrEqual(width);
    },
  };
}
