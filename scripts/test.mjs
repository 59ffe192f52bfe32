// `npm test`: builds the add-in (the contract, manifest and browser tests check the built
// files), then runs every jest suite. Engine tests (Chromium, LibreOffice) skip with a visible
// line when the engine is missing, and fail instead under CI=true.
import { spawnSync } from "node:child_process";

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!process.argv.includes("--no-build")) run("npx", ["webpack", "--mode", "production", "--no-stats"]);
run("npx", ["jest", ...process.argv.slice(2).filter((a) => a !== "--no-build")]);
