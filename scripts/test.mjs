// `npm test`: builds the add-in (the contract, manifest and browser tests check the built
// files), then runs every jest suite and closes with one plain line of counts.
// `npm run test:unit` (`--unit`): the "unit" jest project only (no Chromium, no LibreOffice),
// building first only when dist/ is missing or older than its sources.
//
//   node scripts/test.mjs [--unit] [--no-build] [jest options and test paths…]
//
// The closing line and the exit code agree: a suite that fails to load (or fails in a hook,
// with no failing test of its own) counts as a failure, and is named. Engine suites
// (*.browser.test.ts: Chromium; *.engine.test.ts: LibreOffice; see jest.config.js) skip with
// a visible line when their engine is missing, and fail under CI=true.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { root, staleReason } from "./build-state.mjs";

const OWN_FLAGS = ["--no-build", "--unit"];
const args = process.argv.slice(2);
const unit = args.includes("--unit");
const jestArgs = args.filter((a) => !OWN_FLAGS.includes(a));
const run = (cmd, argv) => spawnSync(cmd, argv, { cwd: root, stdio: "inherit", shell: process.platform === "win32" }).status ?? 1;

if (!args.includes("--no-build")) {
  const why = unit ? staleReason() : "npm test always builds";
  if (why) {
    console.log(`test: building dist/ first (${why})`);
    const status = run("npx", ["webpack", "--mode", "production", "--no-stats"]);
    if (status !== 0) {
      console.log(`tests: not run, the build failed (exit ${status})`);
      process.exit(status);
    }
  }
}

const out = path.join(root, "tests", ".out");
mkdirSync(out, { recursive: true });
const report = path.join(out, "jest.json");
rmSync(report, { force: true });
// --selectProjects takes every word after it: keep it last, after any test paths.
const status = run("npx", ["jest", "--json", `--outputFile=${report}`, ...jestArgs, ...(unit ? ["--selectProjects", "unit"] : [])]);

/** A suite path relative to the repository, with forward slashes. */
const rel = (p) => path.relative(root, p).split(path.sep).join("/");

let r;
try {
  r = JSON.parse(readFileSync(report, "utf8"));
} catch {
  console.log(`tests: no report from jest (exit ${status}): FAILED`);
  process.exit(status === 0 ? 1 : status);
}

// Suites that failed without a failing test of their own: they did not load, or a hook failed.
const broken = r.testResults.filter((s) => s.status === "failed" && !s.assertionResults.some((a) => a.status === "failed"));
const failedSuites = r.testResults.filter((s) => s.status === "failed");
const failed = r.numFailedTests + broken.length;
const passed = r.numPassedTests;
const skipped = r.numPendingTests + r.numTodoTests;

if (failedSuites.length > 0) {
  console.log("failed suites:");
  for (const s of failedSuites) {
    const n = s.assertionResults.filter((a) => a.status === "failed").length;
    const firstLine = (s.message || "").replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "").split("\n").map((l) => l.trim()).find((l) => l && !l.startsWith("●")) ?? "";
    const why = n > 0 ? `${n} test${n === 1 ? "" : "s"} failed` : `did not run: ${firstLine || "no message"}`;
    console.log(`  ${rel(s.name)}: ${why}`);
  }
}

// The exit code and the line agree: failures make the run fail even if jest exited 0, and a
// non-zero exit without counted failures is named on the line (e.g. no tests found).
const ok = status === 0 && failed === 0 && r.success !== false;
const suites = `${r.numTotalTestSuites} suite${r.numTotalTestSuites === 1 ? "" : "s"}, ${failedSuites.length} failed`;
const didNotRun = broken.length > 0 ? ` (counting ${broken.length} suite${broken.length === 1 ? "" : "s"} that did not run)` : "";
let line = `tests: ${passed} passed, ${failed} failed${didNotRun}, ${skipped} skipped; ${suites}`;
if (!ok && failed === 0) line += `; jest exited ${status}${r.numTotalTests === 0 ? " (no tests found)" : ""}`;
console.log(`${line}: ${ok ? "OK" : "FAILED"}`);
process.exit(ok ? 0 : status !== 0 ? status : 1);
