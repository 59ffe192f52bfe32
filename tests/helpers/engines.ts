/**
 * The real engines some suites need (Chromium, LibreOffice, poppler's PDF tools), found on
 * this machine, and the one rule for a suite or a step whose engine is missing: it says so
 * in a line starting "SKIPPED", and under CI (CI=true) it fails instead, so a machine that
 * should have the engine never passes without it.
 *
 * Every engine suite goes through {@link describeWithEngines}, and every step inside another
 * suite through {@link engineStep}; tests/engines.test.ts checks that no suite looks for an
 * engine by itself (a bare `if (findSoffice())` skipped its step without a word).
 *
 * `TP_WITHOUT_ENGINES=libreoffice,chromium` makes engines look missing (to try the skip
 * and the CI failure on a machine that has them); `SOFFICE_PATH` and `CHROMIUM_PATH` point
 * at another binary.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** An engine a suite may need. */
export type EngineName = "chromium" | "libreoffice" | "poppler";

/** Environment variables, as `process.env` (handed in so a test can change them). */
export type Env = Record<string, string | undefined>;

/** Where Chromium is: $CHROMIUM_PATH, or Debian's /usr/bin/chromium. */
export function chromiumPath(env: Env = process.env): string {
  return env.CHROMIUM_PATH || "/usr/bin/chromium";
}

/** The soffice binary: $SOFFICE_PATH, or the first `soffice`/`libreoffice` on the PATH. */
export function findSoffice(env: Env = process.env): string | undefined {
  if (env.SOFFICE_PATH) return fs.existsSync(env.SOFFICE_PATH) ? env.SOFFICE_PATH : undefined;
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    for (const exe of ["soffice", "libreoffice"]) {
      const p = path.join(dir, exe);
      if (dir && fs.existsSync(p)) return p;
    }
  }
  return undefined;
}

/** Each engine: its name in messages, how to find it, how to install it. */
const ENGINES: Record<EngineName, { label: string; found: (env: Env) => boolean; install: string }> = {
  chromium: {
    label: "Chromium",
    found: (env) => fs.existsSync(chromiumPath(env)),
    install: "install Debian's chromium or set CHROMIUM_PATH",
  },
  libreoffice: {
    label: "LibreOffice (soffice)",
    found: (env) => findSoffice(env) !== undefined,
    install: "install libreoffice-calc or set SOFFICE_PATH",
  },
  poppler: {
    label: "pdftoppm and pdftotext",
    found: (env) => ["pdftoppm", "pdftotext"].every((t) => spawnSync(t, ["-v"], { env: env as NodeJS.ProcessEnv }).error === undefined),
    install: "install poppler-utils",
  },
};

/** What to do about a suite or step that needs engines. */
export type EngineGate =
  | { run: true }
  /** Not on CI: skip, printing this line. */
  | { run: false; skip: string }
  /** On CI: fail with this message. */
  | { run: false; fail: string };

/**
 * Whether `what` can run here, and if not, the SKIPPED line or (CI=true) the failure.
 * @param needs - the engines it needs
 * @param what - the suite or step, for the message
 * @example engineGate(["libreoffice"], "flows browser test: recalculating the split")
 * // { run: false, skip: "SKIPPED flows browser test: …: LibreOffice (soffice) not found (install libreoffice-calc or set SOFFICE_PATH)" }
 */
export function engineGate(needs: EngineName[], what: string, env: Env = process.env): EngineGate {
  const pretend = new Set((env.TP_WITHOUT_ENGINES ?? "").split(",").map((s) => s.trim().toLowerCase()));
  const missing = needs.filter((e) => pretend.has(e) || !ENGINES[e].found(env));
  if (missing.length === 0) return { run: true };
  const why = `${missing.map((e) => ENGINES[e].label).join(", ")} not found (${missing.map((e) => ENGINES[e].install).join("; ")})`;
  if (env.CI === "true") return { run: false, fail: `${what}: ${why}; CI=true, so it may not be skipped` };
  return { run: false, skip: `SKIPPED ${what}: ${why}` };
}

/** The parts of jest (and the console) the gate uses; handed in by tests of the gate itself. */
export interface GateHost {
  describe: jest.Describe;
  test: jest.It;
  log: (line: string) => void;
  env: Env;
}

const realHost = (): GateHost => ({ describe, test, log: (line) => console.log(line), env: process.env });

/**
 * `describe` for a suite that needs engines: runs it when they are here; otherwise prints the
 * SKIPPED line and skips it, or under CI=true replaces it by one test that fails saying what
 * is missing.
 * @example
 * describeWithEngines(["libreoffice"], "generated workbooks recalculated in LibreOffice", () => { … });
 */
export function describeWithEngines(needs: EngineName[], title: string, body: () => void, host: GateHost = realHost()): void {
  const gate = engineGate(needs, title, host.env);
  if (gate.run) host.describe(title, body);
  else if ("fail" in gate) {
    const message = gate.fail;
    host.describe(title, () => {
      host.test(`needs ${needs.join(", ")}`, () => {
        throw new Error(message);
      });
    });
  } else {
    host.log(gate.skip);
    host.describe.skip(title, body);
  }
}

/**
 * For a step inside a test that needs an engine the rest of the test does not (LibreOffice
 * recalculating a file a browser test downloaded): true when it can run; otherwise prints the
 * SKIPPED line and returns false, or under CI=true throws (the test fails).
 * @example
 * if (engineStep(["libreoffice"], "flows browser test: LibreOffice recalculating the split")) { … }
 */
export function engineStep(needs: EngineName[], what: string, host: Pick<GateHost, "log" | "env"> = realHost()): boolean {
  const gate = engineGate(needs, what, host.env);
  if (gate.run) return true;
  if ("fail" in gate) throw new Error(gate.fail);
  host.log(gate.skip);
  return false;
}
