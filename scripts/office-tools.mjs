// The Office developer tools `npm start` and `npm run stop` use, found in node_modules.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { root } from "./build-state.mjs";

const require = createRequire(path.join(root, "package.json"));

/** Where desktop Excel runs (and so where sideloading and certificate trust are automatic). */
export const DESKTOP_PLATFORM = process.platform === "win32" || process.platform === "darwin";

/** How to get office-addin-debugging, which is not a default dependency. */
export const INSTALL_DEBUGGING = "npm i -D office-addin-debugging";

/**
 * office-addin-debugging's command-line entry (a .js file to run with node), or why not.
 * It is optional: it pulls a native module (keytar) whose install fails offline.
 * @example const cli = officeAddinDebuggingCli(); if (cli.path) spawn(process.execPath, [cli.path, "stop", "manifest.xml"]);
 */
export function officeAddinDebuggingCli() {
  let pkg;
  try {
    pkg = require.resolve("office-addin-debugging/package.json");
  } catch {
    return { path: null, why: `office-addin-debugging is not installed (${INSTALL_DEBUGGING} to get it)` };
  }
  const { bin } = JSON.parse(readFileSync(pkg, "utf8"));
  const entry = typeof bin === "string" ? bin : bin?.["office-addin-debugging"];
  const cli = entry ? path.join(path.dirname(pkg), entry) : "";
  if (!cli || !existsSync(cli)) return { path: null, why: "office-addin-debugging is installed but its command-line entry is missing (reinstall it)" };
  return { path: cli, why: null };
}

/**
 * On Windows and macOS: creates the development certificate for https://localhost in
 * ~/.office-addin-dev-certs and trusts it (office-addin-dev-certs; Windows or macOS may ask
 * for permission), unless a valid trusted one is there already. Resolves to a sentence
 * saying what happened; never rejects (the dev server falls back to its own certificate).
 */
export async function ensureDevCertificate() {
  if (!DESKTOP_PLATFORM) {
    return (
      `On ${process.platform} the development certificate is not created or trusted automatically (trusting it needs sudo):` +
      " the dev server uses ~/.office-addin-dev-certs when it holds one (`npx office-addin-dev-certs install`), else webpack-dev-server's own self-signed certificate."
    );
  }
  try {
    const certs = require("office-addin-dev-certs");
    await certs.ensureCertificatesAreInstalled();
    return "The Office development certificate for https://localhost is in ~/.office-addin-dev-certs and trusted.";
  } catch (error) {
    return (
      `Could not create or trust the development certificate (${error instanceof Error ? error.message : String(error)}).` +
      " Run `npx office-addin-dev-certs install` yourself; until then the dev server uses its own self-signed certificate, which Excel will not trust."
    );
  }
}
