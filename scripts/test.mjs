// `npm test`: builds the add-in (the contract, manifest and browser tests check the built
// files), then runs every jest suite and closes with one plain line of counts. Engine tests
// (Chromium) skip with a visible line when the engine is missing, and fail under CI=true.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

const args = process.argv.slice(2);
const run = (cmd, argv) => spawnSync(cmd, argv, { stdio: "inherit", shell: process.platform === "win32" }).status ?? 1;

if (!args.includes("--no-build")) {
  const status = run("npx", ["webpack", "--mode", "production", "--no-stats"]);
  if (status !== 0) process.exit(status);
}
mkdirSync("tests/.out", { recursive: true });
const report = "tests/.out/jest.json";
const status = run("npx", ["jest", "--json", `--outputFile=${report}`, ...args.filter((a) => a !== "--no-build")]);
try {
  const r = JSON.parse(readFileSync(report, "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
} catch {
  console.log("tests: no report from jest");
}
process.exit(status);
