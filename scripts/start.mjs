#!/usr/bin/env node
// `npm start`: run the add-in for development.
//
// - Windows / macOS with office-addin-debugging installed: `office-addin-debugging start
//   manifest.xml desktop` (starts the dev server and sideloads into desktop Excel).
// - Otherwise (Linux, the tool missing, or `npm start -- --web`): build dist/ if it is
//   missing or older than its sources, serve it with `webpack serve` on
//   https://localhost:3000, wait until the pane answers, and print how to add the manifest
//   to Excel on the web. The server stays in the foreground; Ctrl+C stops it.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import https from "node:https";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));
const PORT = 3000;
const ORIGIN = `https://localhost:${PORT}`;
const MANIFEST = path.join(root, "manifest.xml");
const DIST = path.join(root, "dist");
const { BUILD_OUTPUTS: BUILT } = require("./scripts/manifest-url.cjs");
const SOURCES = ["src", "assets", "manifest.xml", "webpack.config.js", "package.json", "tsconfig.json"];

const args = process.argv.slice(2);
const forceWeb = args.includes("--web");
const unknown = args.filter((a) => a !== "--web");
if (unknown.length > 0) {
  console.error(`start: unknown argument(s) ${unknown.join(" ")}. Usage: npm start [-- --web]`);
  process.exit(2);
}

const say = (line = "") => console.log(`[start] ${line}`);

/** Runs a child in the foreground: stdio inherited, SIGINT/SIGTERM passed on, exit code kept. */
function runForeground(command, commandArgs, options = {}) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: "inherit", ...options });
  const forward = (signal) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  const done = new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve({ code, signal });
    });
  });
  return { child, done };
}

/** Exits the way the child did: its exit code, or 128 + signal number when it was killed. */
function exitLike({ code, signal }) {
  if (signal) process.exit(128 + (os.constants.signals[signal] ?? 1));
  process.exit(code ?? 1);
}

function resolves(id) {
  try {
    return require.resolve(id);
  } catch {
    return null;
  }
}

/** The newest modification time under a file or folder (0 when absent). */
function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Why dist/ must be rebuilt, or null when it is complete and newer than its sources. */
function staleReason() {
  const missing = BUILT.filter((f) => !existsSync(path.join(DIST, f)));
  if (missing.length > 0) return `dist/ lacks ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", …" : ""}`;
  const oldestBuilt = Math.min(...BUILT.map((f) => statSync(path.join(DIST, f)).mtimeMs));
  const changed = SOURCES.filter((s) => newestMtime(path.join(root, s)) > oldestBuilt);
  if (changed.length > 0) return `${changed.join(", ")} changed since the last build`;
  return null;
}

function portInUse(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (err) => resolve(err.code === "EADDRINUSE"));
    probe.once("listening", () => probe.close(() => resolve(false)));
    probe.listen(port, "localhost");
  });
}

/** Resolves with the HTTP status of GET url (self-signed certificates accepted), or rejects. */
function probe(url) {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { rejectUnauthorized: false, timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

async function startDesktop(tool) {
  say(`Sideloading into desktop Excel with office-addin-debugging (${path.relative(root, tool)}).`);
  const { done } = runForeground(process.execPath, [tool, "start", MANIFEST, "desktop"]);
  const result = await done;
  if (result.code !== 0) {
    say(`office-addin-debugging exited with code ${result.code ?? result.signal}. Try \`npm start -- --web\` to serve for Excel on the web instead.`);
  }
  exitLike(result);
}

function printWebInstructions(certDir, hasCerts) {
  const trust = hasCerts
    ? [
        `  1. Trust the certificate (the Office dev certificate from ${certDir}): import`,
        `     ${path.join(certDir, "ca.crt")} into the browser's or the system's trusted authorities,`,
        `     or open ${ORIGIN}/taskpane.html once in the browser you will use and accept the warning.`,
      ]
    : [
        "  1. Trust the certificate (webpack-dev-server's own self-signed one; no Office dev certificate",
        `     in ${certDir}): open ${ORIGIN}/taskpane.html once in the browser you will use and`,
        "     accept the warning. For a lasting one: `npx office-addin-dev-certs install`, trust its",
        "     ca.crt, and restart npm start.",
      ];
  const lines = [
    "",
    `Target Planner is being served at ${ORIGIN} (taskpane.html answered). To try it in Excel on the web:`,
    "",
    ...trust,
    "     Excel on the web cannot load the add-in until the browser trusts the certificate.",
    "  2. Open a workbook in Excel on the web (https://www.office.com → Excel).",
    "  3. Home → Add-ins → More Add-ins → My Add-ins → Upload My Add-in, choose",
    `     ${MANIFEST}`,
    "     and select Upload. (Some tenants show Add-ins under the Insert tab instead.)",
    "  4. The Home tab gains a \"Target Planner\" group (Open Target Planner, Quarterly split);",
    "     type =TARGET. in a cell to see the functions.",
    "",
    "  webpack rebuilds when a source file is saved; reload the pane to pick the change up.",
    "  Ctrl+C stops the server.",
    "",
  ];
  for (const line of lines) console.log(line);
}

async function startWeb(reason) {
  if (reason) say(reason);

  const webpackCli = resolves("webpack-cli/bin/cli.js");
  if (!webpackCli) {
    say("webpack-cli is not installed: run `npm install` first.");
    process.exit(1);
  }

  const stale = staleReason();
  if (stale) {
    say(`Building first (${stale}).`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const build = await runForeground(npm, ["run", "build"], { shell: process.platform === "win32" }).done;
    if (build.code !== 0) {
      say(`npm run build failed (${build.signal ?? `exit ${build.code}`}); fix the errors above and run npm start again.`);
      exitLike(build);
    }
  } else {
    say("dist/ is up to date.");
  }

  if (await portInUse(PORT)) {
    say(`Port ${PORT} is already in use. Is a dev server running already? Stop it (or the other program) and retry.`);
    process.exit(1);
  }

  const certDir = path.join(os.homedir(), ".office-addin-dev-certs");
  const hasCerts = ["ca.crt", "localhost.crt", "localhost.key"].every((f) => existsSync(path.join(certDir, f)));

  say(`Starting webpack serve on ${ORIGIN} …`);
  const { done } = runForeground(process.execPath, [webpackCli, "serve", "--mode", "development"]);

  // Say "served" only once the pane actually answers; if the server dies first, say so.
  let exited = false;
  done.then(() => (exited = true)).catch(() => (exited = true));
  const deadline = Date.now() + 120_000;
  let status = null;
  while (!exited && Date.now() < deadline) {
    try {
      status = await probe(`${ORIGIN}/taskpane.html`);
      if (status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!exited && status === 200) {
    printWebInstructions(certDir, hasCerts);
  } else if (!exited) {
    say(`The server did not serve ${ORIGIN}/taskpane.html within 2 minutes (last status: ${status ?? "no answer"}).`);
    say("Look at the output above; the server is still running (Ctrl+C to stop it).");
  }

  const result = await done.catch((err) => {
    say(`Could not start webpack serve: ${err.message}`);
    return { code: 1, signal: null };
  });
  if (result.signal === null && result.code !== 0) say(`webpack serve stopped with exit code ${result.code}.`);
  exitLike(result);
}

const desktopPlatform = process.platform === "win32" || process.platform === "darwin";
if (desktopPlatform && !forceWeb) {
  const pkg = resolves("office-addin-debugging/package.json");
  if (pkg) {
    // Its command-line entry, from its package.json "bin" (a string or a map).
    const { bin } = JSON.parse(readFileSync(pkg, "utf8"));
    const entry = typeof bin === "string" ? bin : bin?.["office-addin-debugging"];
    const cli = entry ? path.join(path.dirname(pkg), entry) : "";
    if (cli && existsSync(cli)) {
      await startDesktop(cli);
    } else {
      await startWeb("office-addin-debugging is installed but its command-line entry is missing; serving for Excel on the web instead.");
    }
  } else {
    await startWeb(
      "office-addin-debugging is not installed, so Excel desktop cannot be started and sideloaded automatically.\n" +
        "[start] To get that: npm i -D office-addin-debugging   (then npm start again). Serving for Excel on the web instead.",
    );
  }
} else {
  await startWeb(
    forceWeb ? "Serving for Excel on the web (--web)." : `Desktop Excel is not available on ${process.platform}: serving for Excel on the web.`,
  );
}
