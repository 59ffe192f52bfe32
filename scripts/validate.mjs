#!/usr/bin/env node
// `npm run validate`: Microsoft's validation of manifest.xml (office-addin-manifest
// validate), which posts the manifest to a Microsoft web service. Where that service cannot
// be reached (offline, or a network that blocks it) it says so and runs the offline checks
// instead (tests/manifest.test.ts: well-formed XML, the shared runtime and custom functions
// wiring, ids, both languages, URLs against the built files, icons), exiting with their result.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { root } from "./build-state.mjs";

const args = process.argv.slice(2);
const manifest = args[0] ?? "manifest.xml";
const bin = path.join(root, "node_modules", ".bin", process.platform === "win32" ? "office-addin-manifest.cmd" : "office-addin-manifest");
const online = spawnSync(bin, ["validate", manifest], { cwd: root, encoding: "utf8", shell: process.platform === "win32" });
process.stdout.write(online.stdout ?? "");
process.stderr.write(online.stderr ?? "");
const output = `${online.stdout ?? ""}\n${online.stderr ?? ""}`;

if (/Unable to contact the manifest validation service/i.test(output)) {
  console.log("\nvalidate: Microsoft's validation service cannot be reached from here, so the manifest was NOT validated online.");
  console.log("validate: running the offline checks instead (tests/manifest.test.ts) …\n");
  const offline = spawnSync(process.execPath, [path.join(root, "scripts", "test.mjs"), "--unit", "tests/manifest.test.ts"], { cwd: root, stdio: "inherit" });
  process.exit(offline.status ?? 1);
}
// The tool's own verdict (it prints "The manifest is valid." or the problems).
process.exit(online.status ?? 1);
