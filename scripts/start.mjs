#!/usr/bin/env node
// `npm start`: run the add-in for development. One build: webpack-dev-server's own
// development build (unminified, with source maps), kept in memory and served on
// https://localhost:3000; it rebuilds when a source file is saved. dist/ is not written
// (that is `npm run build`, the production build).
//
// - Windows / macOS: first creates and trusts the development certificate
//   (office-addin-dev-certs). Then, with office-addin-debugging installed, `office-addin-
//   debugging start manifest.xml desktop` starts that dev server (`npm run dev-server`) and
//   sideloads the add-in into desktop Excel; `npm run stop` undoes it.
// - Otherwise (Linux, the tool missing, or `npm start -- --web`): starts the dev server,
//   waits until the pane answers, and prints how to add the manifest to Excel on the web.
//   The server stays in the foreground; Ctrl+C stops it. On Linux no certificate is
//   installed or trusted (that needs sudo): the server uses ~/.office-addin-dev-certs when
//   it holds one, else webpack-dev-server's own self-signed certificate, and says which.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import https from "node:https";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { root } from "./build-state.mjs";
import { DESKTOP_PLATFORM, INSTALL_DEBUGGING, ensureDevCertificate, officeAddinDebuggingCli } from "./office-tools.mjs";

const require = createRequire(path.join(root, "package.json"));
const PORT = 3000;
const ORIGIN = `https://localhost:${PORT}`;
const MANIFEST = path.join(root, "manifest.xml");

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
  const { done } = runForeground(process.execPath, [
    tool, "start", MANIFEST, "desktop", "--app", "excel", "--dev-server", "npm run dev-server", "--dev-server-port", String(PORT),
  ]);
  const result = await done;
  if (result.code !== 0) {
    say(`office-addin-debugging exited with code ${result.code ?? result.signal}. Try \`npm start -- --web\` to serve for Excel on the web instead.`);
  } else {
    say("Excel was started with the add-in sideloaded; the dev server runs in the background. `npm run stop` unregisters the add-in and stops it.");
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
    `Target Planner is being served at ${ORIGIN} (taskpane.html answered): a development build,`,
    "unminified with source maps, made in memory by webpack serve. To try it in Excel on the web:",
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

  if (await portInUse(PORT)) {
    say(`Port ${PORT} is already in use. Is a dev server running already? Stop it (or the other program) and retry.`);
    process.exit(1);
  }

  const certDir = path.join(os.homedir(), ".office-addin-dev-certs");
  const hasCerts = ["ca.crt", "localhost.crt", "localhost.key"].every((f) => existsSync(path.join(certDir, f)));

  say(`Starting webpack serve on ${ORIGIN}: one development build, in memory (dist/ is not written) …`);
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

say(await ensureDevCertificate());
if (DESKTOP_PLATFORM && !forceWeb) {
  const cli = officeAddinDebuggingCli();
  if (cli.path) {
    await startDesktop(cli.path);
  } else {
    await startWeb(
      `${cli.why}, so desktop Excel cannot be started and sideloaded automatically.\n` +
        `[start] To get that: ${INSTALL_DEBUGGING}   (then npm start again). Serving for Excel on the web instead.`,
    );
  }
} else {
  await startWeb(
    forceWeb ? "Serving for Excel on the web (--web)." : `Desktop Excel is not available on ${process.platform}: serving for Excel on the web.`,
  );
}
