// Is dist/ a complete build, newer than everything it is built from? Shared by `npm start`
// and `npm run test:unit` (which build only when it is not).
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DIST = path.join(root, "dist");
const require = createRequire(path.join(root, "package.json"));
const { BUILD_OUTPUTS } = require("./scripts/manifest-url.cjs");

/** What the build reads: a change to any of these makes dist/ stale. */
const SOURCES = [
  "src",
  "assets",
  "manifest.xml",
  "webpack.config.js",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  // The webpack plugins and helpers the build loads (scripts/*.cjs).
  ...readdirSync(path.join(root, "scripts")).filter((f) => f.endsWith(".cjs")).map((f) => `scripts/${f}`),
];

/** The newest modification time under a file or folder (0 when absent). */
function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/**
 * Why dist/ must be rebuilt, or null when it is complete and newer than its sources.
 * @example staleReason() // "dist/ lacks taskpane.html, taskpane.js, functions.js, …"
 */
export function staleReason() {
  const missing = BUILD_OUTPUTS.filter((f) => !existsSync(path.join(DIST, f)));
  if (missing.length > 0) return `dist/ lacks ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", …" : ""}`;
  const oldestBuilt = Math.min(...BUILD_OUTPUTS.map((f) => statSync(path.join(DIST, f)).mtimeMs));
  const changed = SOURCES.filter((s) => newestMtime(path.join(root, s)) > oldestBuilt);
  if (changed.length > 0) return `${changed.join(", ")} changed since the last build`;
  return null;
}
