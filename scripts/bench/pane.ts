/**
 * Bench section "pane": the task pane's first load, from the production bundle in dist/.
 * - Bundle sizes, raw and gzipped (level 9, as scripts/budget.cjs measures them): the
 *   `taskpane` entry's initial JavaScript (the scripts taskpane.html loads other than the
 *   functions and commands entries; target ≤ 300 KB gzipped, the build's own budget), the
 *   functions bundle and the ribbon commands (loaded by the same page), and the lazy chunks
 *   (`*.chunk.js`: ExcelJS, the flows, …) apart — they are not first load. budget.cjs
 *   measures inside a webpack compilation and exposes nothing to read afterwards, so the
 *   same figures are computed here from the files in dist/.
 * - First render in headless Chromium (/usr/bin/chromium, playwright-core): dist/ served on
 *   127.0.0.1 by tests/helpers/serve.ts, the page opened by tests/helpers/pane-page.ts
 *   (office.js answered from node_modules/@microsoft/office-js/dist, every other request off
 *   the machine refused), `taskpane.html?lang=en-US`, a fresh browser context each round.
 *   Measured in the page from navigation start (`performance.now()`'s origin) to the first
 *   animation frame after the home screen's flow list (`[data-flow]`, FlowList.tsx) is in
 *   the document with a size, i.e. the frame that paints it. Target < 1 s. Outside Office,
 *   Office.onReady takes 60–160 ms of that (office.js looks for a host and gives up).
 *
 * dist/ is built (`npx webpack --mode production --no-stats`) only when it is missing; an
 * existing dist/ is measured as it is (its age is printed).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { spawnSync } from "node:child_process";
import type { Browser } from "playwright-core";
import { serveDirectory } from "../../tests/helpers/serve";
import { CHROMIUM, DIST, ROOT, launchBrowser, openPane } from "../../tests/helpers/pane-page";
import { record, single, summarize } from "./stats";

const SECTION = "pane";
const KB = 1024;
/** The build's first-load budget (webpack.config.js, FirstLoadBudget). */
const BUDGET_GZIP_KB = 300;
const ROUNDS = 7;

interface Size {
  raw: number;
  gzip: number;
}

function sizeOf(files: readonly string[]): Size {
  return files.reduce(
    (sum, f) => {
      const buffer = fs.readFileSync(path.join(DIST, f));
      return { raw: sum.raw + buffer.length, gzip: sum.gzip + zlib.gzipSync(buffer, { level: 9 }).length };
    },
    { raw: 0, gzip: 0 },
  );
}

/** The local scripts taskpane.html loads, in order. */
function pageScripts(): string[] {
  const html = fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8");
  return [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"'\s>]+)/g)].map((m) => m[1]).filter((src) => !/^[a-z]+:/i.test(src));
}

function recordSizes(): void {
  const scripts = pageScripts();
  const others = ["functions.js", "commands.js"];
  const initial = scripts.filter((s) => !others.includes(s));
  const lazy = fs.readdirSync(DIST).filter((f) => f.endsWith(".chunk.js") && !scripts.includes(f));
  const first = sizeOf(initial);
  const note = initial.join(", ");
  record({ section: SECTION, name: "first load, taskpane entry, raw", ...single(first.raw / KB), unit: "KB", note });
  record({
    section: SECTION,
    name: "first load, taskpane entry, gzipped",
    ...single(first.gzip / KB),
    unit: "KB",
    target: `≤ ${BUDGET_GZIP_KB} KB`,
    ok: first.gzip / KB <= BUDGET_GZIP_KB,
    note,
  });
  for (const f of others.filter((o) => scripts.includes(o))) {
    const s = sizeOf([f]);
    record({ section: SECTION, name: `${f} (also on the page), raw / gzipped`, ...single(s.raw / KB), unit: "KB", note: `${(s.gzip / KB).toFixed(1)} KB gzipped` });
  }
  const lazySizes = lazy.map((f) => ({ f, ...sizeOf([f]) })).sort((a, b) => b.gzip - a.gzip);
  const all = lazySizes.reduce((sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip }), { raw: 0, gzip: 0 });
  record({
    section: SECTION,
    name: `lazy chunks, ${lazy.length} in all, raw`,
    ...single(all.raw / KB),
    unit: "KB",
    note: `${(all.gzip / KB).toFixed(1)} KB gzipped; not first load`,
  });
  for (const s of lazySizes.slice(0, 3)) {
    record({ section: SECTION, name: `lazy: ${s.f}, raw`, ...single(s.raw / KB), unit: "KB", note: `${(s.gzip / KB).toFixed(1)} KB gzipped` });
  }
}

/**
 * Runs in the page before its own scripts: stores on `window.__paneFirstFlow` the
 * `performance.now()` of the first animation frame after a sized `[data-flow]` element exists.
 */
const FIRST_FLOW_PROBE = `(() => {
  const seen = () => {
    const el = document.querySelector("[data-flow]");
    return el !== null && el.getBoundingClientRect().height > 0;
  };
  const done = () => requestAnimationFrame(() => { window.__paneFirstFlow = performance.now(); });
  const observer = new MutationObserver(() => {
    if (seen()) { observer.disconnect(); done(); }
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

/** The browser, with the probe added to every context openPane makes (its network rules kept). */
function probing(browser: Browser): Browser {
  return new Proxy(browser, {
    get(target, key, receiver) {
      if (key === "newContext") {
        return async (...args: Parameters<Browser["newContext"]>) => {
          const context = await target.newContext(...args);
          await context.addInitScript(FIRST_FLOW_PROBE);
          return context;
        };
      }
      const v = Reflect.get(target, key, receiver) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

async function recordFirstRender(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`pane: no Chromium at ${CHROMIUM}, first render not measured`);
    return;
  }
  const server = await serveDirectory(DIST);
  const browser = await launchBrowser();
  const times: number[] = [];
  const problems: string[] = [];
  try {
    const b = probing(browser);
    for (let round = 0; round <= ROUNDS; round++) {
      const { page, context, observed } = await openPane(b, server.origin, { query: "?lang=en-US" });
      await page.waitForFunction(() => typeof (window as { __paneFirstFlow?: number }).__paneFirstFlow === "number");
      const ms = await page.evaluate(() => (window as unknown as { __paneFirstFlow: number }).__paneFirstFlow);
      problems.push(...observed.pageErrors, ...observed.strayRequests);
      await context.close();
      if (round > 0) times.push(ms); // round 0 warms the browser and the disk cache up
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const t = summarize(times);
  record({
    section: SECTION,
    name: "first render: navigation start → flow list painted",
    ...t,
    unit: "ms",
    target: "< 1000 ms",
    ok: t.median < 1000,
    note: `headless Chromium, local server, fresh context × ${ROUNDS}; Office.onReady outside Office takes 60–160 ms of it`,
  });
  if (problems.length > 0) console.log(`pane: page errors or stray requests while measuring:\n  ${problems.join("\n  ")}`);
}

export async function run(): Promise<void> {
  if (!fs.existsSync(path.join(DIST, "taskpane.html"))) {
    console.log("pane: dist/ is missing, building it (production) …");
    const r = spawnSync("npx", ["webpack", "--mode", "production", "--no-stats"], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) throw new Error("pane: the production build failed");
  } else {
    const age = (Date.now() - fs.statSync(path.join(DIST, "taskpane.js")).mtimeMs) / 60000;
    console.log(`pane: measuring dist/ as it is (built ${age.toFixed(0)} min ago; not rebuilt)`);
  }
  recordSizes();
  await recordFirstRender();
}
