/*
 * The built task pane in a real browser (Debian's Chromium through playwright-core),
 * outside Excel: shared by the browser tests and `npm run screenshots`.
 *
 * The built page (dist/) is served on 127.0.0.1; office.js is answered from
 * node_modules/@microsoft/office-js instead of Microsoft's CDN (or 21Vianet's); every other
 * request off the machine is refused and counted.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Browser, type BrowserContext, type Page, type Request, chromium } from "playwright-core";
import { chromiumPath } from "./engines";
import { contentTypeFor } from "./serve";

export const ROOT = path.resolve(__dirname, "..", "..");
export const DIST = path.join(ROOT, "dist");
const OFFICE_JS_DIST = path.join(ROOT, "node_modules", "@microsoft", "office-js", "dist");
/** Chromium's binary ($CHROMIUM_PATH or Debian's); suites check it through tests/helpers/engines.ts. */
export const CHROMIUM = chromiumPath();

/**
 * The folders a page may load office.js from (Microsoft's CDN, and 21Vianet's for Office
 * 365 in China); the files office.js loads beside itself come from the same folder.
 */
const OFFICE_CDNS = [
  new URL("https://appsforoffice.microsoft.com/lib/1/hosted/"),
  new URL("https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/"),
];

/** A task pane's size. */
export const PANE_VIEWPORT = { width: 360, height: 720 };

/**
 * office.js's own telemetry outside Office: 3 s after it loads, its logger (in
 * o15apptofilemappingtable.js) adds a hidden iframe loading
 * https://telemetryservice.firstpartyapps.oaspapps.com/telemetryservice/telemetryproxy.html.
 * That request is refused like any other but not counted against the add-in. Nothing else
 * is excused: a new kind of request from office.js is counted and names its address.
 */
export function isOfficeJsTelemetry(url: URL): boolean {
  return (
    url.protocol === "https:" &&
    url.hostname === "telemetryservice.firstpartyapps.oaspapps.com" &&
    url.pathname === "/telemetryservice/telemetryproxy.html"
  );
}

/** Whether an address is office.js (or a file beside it) on one of the CDNs pages load it from. */
export function isOfficeJsAddress(url: URL): boolean {
  return OFFICE_CDNS.some((cdn) => url.origin === cdn.origin && url.pathname.startsWith(cdn.pathname));
}

/** The file in node_modules/@microsoft/office-js/dist/ for an address under a CDN folder, if there is one. */
export function officeJsFile(url: URL): string | null {
  const cdn = OFFICE_CDNS.find((c) => url.origin === c.origin && url.pathname.startsWith(c.pathname));
  if (!cdn) return null;
  const file = path.resolve(OFFICE_JS_DIST, decodeURIComponent(url.pathname.slice(cdn.pathname.length)));
  if (!file.startsWith(OFFICE_JS_DIST + path.sep)) return null;
  return fs.existsSync(file) && fs.statSync(file).isFile() ? file : null;
}

/** What one browser context saw besides the page itself. */
export interface Observed {
  /** Requests to anywhere but 127.0.0.1 that were refused and count as failures. */
  strayRequests: string[];
  /** office.js telemetry requests, refused and not counted. */
  telemetryRequests: string[];
  /** office.js requests refused on purpose (`blockOfficeJs`). */
  blockedOfficeJs: string[];
  pageErrors: string[];
  consoleErrors: string[];
  /** Requests the context has sent and not yet seen finish or fail (see {@link settle}). */
  inFlight: Set<Request>;
}

export interface OpenOptions {
  /** The query string of taskpane.html, e.g. "?lang=en-US". */
  query?: string;
  /** The browser's language. Default en-US. */
  locale?: string;
  viewport?: { width: number; height: number };
  /** Refuse office.js, as when its CDN is unreachable. */
  blockOfficeJs?: boolean;
  /** Serve this script instead of office.js (a stand-in whose Office.onReady fails, say). */
  officeJsStandIn?: string;
  /** Wait for the home screen (a `[data-flow]` element). Default true. */
  waitForHome?: boolean;
}

export interface OpenedPane {
  page: Page;
  context: BrowserContext;
  observed: Observed;
}

/** Starts headless Chromium for the pane. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--disable-gpu", "--disable-quic"] });
}

/**
 * A fresh context with the network rules above and a page on `origin`/taskpane.html`query`,
 * waiting (by default) until the pane shows its home screen.
 */
export async function openPane(browser: Browser, origin: string, options: OpenOptions = {}): Promise<OpenedPane> {
  const observed: Observed = { strayRequests: [], telemetryRequests: [], blockedOfficeJs: [], pageErrors: [], consoleErrors: [], inFlight: new Set() };
  const context = await browser.newContext({
    viewport: options.viewport ?? PANE_VIEWPORT,
    locale: options.locale ?? "en-US",
    deviceScaleFactor: 1,
  });
  await context.addInitScript(TIMER_WATCH);
  context.on("request", (request) => observed.inFlight.add(request));
  context.on("requestfinished", (request) => observed.inFlight.delete(request));
  context.on("requestfailed", (request) => observed.inFlight.delete(request));
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    if (options.blockOfficeJs && isOfficeJsAddress(url)) {
      observed.blockedOfficeJs.push(url.href);
      return route.abort("connectionrefused");
    }
    if (options.officeJsStandIn !== undefined && isOfficeJsAddress(url)) {
      return route.fulfill({ body: options.officeJsStandIn, contentType: "text/javascript; charset=utf-8" });
    }
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
  await page.goto(`${origin}/taskpane.html${options.query ?? ""}`);
  // The pane renders once Office.onReady has settled; the flow list is part of the home screen.
  if (options.waitForHome ?? true) await page.locator("[data-flow]").first().waitFor();
  return { page, context, observed };
}

/** Timers of up to this many ms count as work the page has still to do (see {@link settle}). */
const SHORT_TIMER_MS = 1000;

/**
 * Runs in every page before its own scripts: counts the page's pending short timers
 * (`setTimeout` of up to {@link SHORT_TIMER_MS}), as `window.__pendingShortTimers`. Longer
 * ones (office.js's telemetry after 3 s) and intervals are not waited for.
 */
const TIMER_WATCH = `(() => {
  const pending = new Set();
  const set = window.setTimeout;
  const clear = window.clearTimeout;
  window.setTimeout = function (fn, ms, ...rest) {
    if (typeof fn !== "function" || Number(ms) > ${SHORT_TIMER_MS}) return set.call(window, fn, ms, ...rest);
    const id = set.call(window, function () { pending.delete(id); return fn.apply(this, arguments); }, ms, ...rest);
    pending.add(id);
    return id;
  };
  window.clearTimeout = function (id) { pending.delete(id); return clear.call(window, id); };
  Object.defineProperty(window, "__pendingShortTimers", { get: () => pending.size });
})();`;

/**
 * Waits until the page has settled: no request of its context in flight and no short timer
 * pending in the page, over two frames in a row (each frame: an animation frame, then a
 * task, so that what the page queued has run). A condition, not a time: it returns as soon
 * as the page is quiet — so an error the page throws late, from a timer or a response, is
 * seen before the test ends — and fails after `timeoutMs` naming what is still going on.
 * @example await settle(page, observed); expect(observed.pageErrors).toEqual([]);
 */
export async function settle(page: Page, observed: Observed, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let quiet = 0; quiet < 2; ) {
    const timers = await page.evaluate(
      () =>
        new Promise<number>((done) =>
          requestAnimationFrame(() => setTimeout(() => done((window as unknown as { __pendingShortTimers?: number }).__pendingShortTimers ?? 0), 0)),
        ),
    );
    quiet = observed.inFlight.size === 0 && timers === 0 ? quiet + 1 : 0;
    if (quiet === 0 && Date.now() > deadline) {
      const loading = [...observed.inFlight].map((r) => r.url());
      throw new Error(`the page did not settle in ${timeoutMs} ms: ${timers} short timers pending; still loading: ${loading.join(", ") || "nothing"}`);
    }
  }
}
