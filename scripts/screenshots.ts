/*
 * `npm run screenshots`: refreshes docs/screenshots/*.png from the built pane in Chromium,
 * outside Excel. Builds first (production, as `npm test` does) unless `--no-build`; the
 * pictures and how to take them are listed in tests/helpers/screenshots.ts.
 *
 *   npm run screenshots [-- --no-build] [-- NAME…]   (only the named pictures)
 *
 * The tests never write into docs/: run this after changing what the pane looks like, look
 * at the pictures, and commit them.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CHROMIUM, DIST, ROOT, launchBrowser, openPane } from "../tests/helpers/pane-page";
import { DOC_SCREENSHOTS_DIR, SCREENSHOTS } from "../tests/helpers/screenshots";
import { serveDirectory } from "../tests/helpers/serve";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith("--"));
  const unknown = names.filter((n) => !SCREENSHOTS.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`screenshots: no picture named ${unknown.join(", ")}; known: ${SCREENSHOTS.map((s) => s.name).join(", ")}`);
    return 2;
  }
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`screenshots: chromium not found at ${CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)`);
    return 1;
  }
  if (!args.includes("--no-build")) {
    const build = spawnSync("npx", ["webpack", "--mode", "production", "--no-stats"], {
      cwd: ROOT,
      stdio: "inherit",
      shell: process.platform === "win32",
    });
    if (build.status !== 0) return build.status ?? 1;
  }
  if (!fs.existsSync(path.join(DIST, "taskpane.html"))) {
    console.error("screenshots: dist/taskpane.html is missing: run without --no-build");
    return 1;
  }

  const outDir = path.join(ROOT, DOC_SCREENSHOTS_DIR);
  fs.mkdirSync(outDir, { recursive: true });
  const server = await serveDirectory(DIST);
  const browser = await launchBrowser();
  let failures = 0;
  try {
    for (const shot of SCREENSHOTS.filter((s) => names.length === 0 || names.includes(s.name))) {
      const { page, context, observed } = await openPane(browser, server.origin, {
        query: shot.query,
        locale: shot.locale,
        viewport: shot.viewport,
      });
      try {
        await shot.actions?.(page);
        const file = path.join(outDir, `${shot.name}.png`);
        await page.screenshot({ path: file, fullPage: shot.fullPage ?? true });
        const problems = [...observed.pageErrors, ...observed.consoleErrors, ...observed.strayRequests];
        if (problems.length > 0) {
          failures += 1;
          console.error(`screenshots: ${shot.name}: the page reported problems:\n  ${problems.join("\n  ")}`);
        } else {
          console.log(`screenshots: wrote ${path.relative(ROOT, file)}`);
        }
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`screenshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
