#!/usr/bin/env node
// `npm run stop`: undoes `npm start` on Windows and macOS, as the Office templates do:
// `office-addin-debugging stop manifest.xml` unregisters the sideloaded add-in and stops
// the dev server it started. office-addin-debugging is optional (it pulls a native module);
// without it this says how to install it. On Linux, `npm start` sideloads nothing, so there
// is nothing to unregister: the dev server stops with Ctrl+C in its terminal, and an add-in
// uploaded to Excel on the web is removed there.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { root } from "./build-state.mjs";
import { DESKTOP_PLATFORM, INSTALL_DEBUGGING, officeAddinDebuggingCli } from "./office-tools.mjs";

const say = (line) => console.log(`[stop] ${line}`);
const MANIFEST = path.join(root, "manifest.xml");

if (!DESKTOP_PLATFORM) {
  say(`Nothing to stop on ${process.platform}: npm start sideloads nothing here (desktop Excel does not run on it).`);
  say("Stop the dev server with Ctrl+C in the terminal running npm start. To remove the add-in from Excel on the web,");
  say("clear the browser's cache for the Office site or remove it under Home → Add-ins → My Add-ins.");
  process.exit(0);
}

const cli = officeAddinDebuggingCli();
if (!cli.path) {
  say(`${cli.why}. It is what unregisters an add-in sideloaded by npm start:`);
  say(`  ${INSTALL_DEBUGGING}   then npm run stop again.`);
  say("Without it, npm start served the add-in for Excel on the web only: stop that server with Ctrl+C.");
  process.exit(1);
}
say("Unregistering the sideloaded add-in and stopping the dev server (office-addin-debugging stop) …");
const result = spawnSync(process.execPath, [cli.path, "stop", MANIFEST], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
