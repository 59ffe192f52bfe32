/**
 * The one rule for engines that may be missing (tests/helpers/engines.ts): a suite or step
 * whose engine is missing prints a line starting "SKIPPED" and is skipped, except under CI
 * (CI=true), where it fails; and no suite looks for an engine by itself, so a new suite
 * cannot skip without a word. Engines are made "missing" through the environment
 * (TP_WITHOUT_ENGINES, SOFFICE_PATH, CHROMIUM_PATH), handed to the gate.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Env, type GateHost, describeWithEngines, engineGate, engineStep, findSoffice } from "./helpers/engines";

const ROOT = path.resolve(__dirname, "..");

/** A stand-in for jest's describe/test and the console, recording what the gate did. */
function recordingHost(env: Env) {
  const did: { kind: "describe" | "skip" | "test"; title: string; fn: () => unknown }[] = [];
  const lines: string[] = [];
  const describeFn = ((title: string, fn: () => void) => void did.push({ kind: "describe", title, fn })) as unknown as jest.Describe;
  (describeFn as unknown as { skip: unknown }).skip = (title: string, fn: () => void) => void did.push({ kind: "skip", title, fn });
  const testFn = ((title: string, fn: () => void) => void did.push({ kind: "test", title, fn })) as unknown as jest.It;
  const host: GateHost = { describe: describeFn, test: testFn, log: (l) => lines.push(l), env };
  return { host, did, lines };
}

const here = { PATH: process.env.PATH };

describe("an engine made missing through the environment", () => {
  test("TP_WITHOUT_ENGINES, SOFFICE_PATH and CHROMIUM_PATH make an engine missing", () => {
    expect(engineGate(["libreoffice"], "x", { ...here, SOFFICE_PATH: "/nonexistent/soffice" })).toMatchObject({ run: false });
    expect(engineGate(["chromium"], "x", { ...here, CHROMIUM_PATH: "/nonexistent/chromium" })).toMatchObject({ run: false });
    expect(engineGate(["libreoffice", "chromium"], "x", { ...here, TP_WITHOUT_ENGINES: "chromium" })).toMatchObject({ run: false });
    expect(findSoffice({ PATH: "" })).toBeUndefined();
  });

  test("without CI: a line starting SKIPPED that names the suite, what is missing and how to install it", () => {
    const gate = engineGate(["libreoffice", "poppler"], "sheet look engine test", { ...here, TP_WITHOUT_ENGINES: "libreoffice, poppler" });
    expect(gate).toEqual({
      run: false,
      skip: "SKIPPED sheet look engine test: LibreOffice (soffice), pdftoppm and pdftotext not found (install libreoffice-calc or set SOFFICE_PATH; install poppler-utils)",
    });
  });

  test("under CI=true: a failure, not a skip", () => {
    const gate = engineGate(["chromium"], "flows browser test", { ...here, CI: "true", CHROMIUM_PATH: "/nonexistent/chromium" });
    expect(gate).toEqual({ run: false, fail: "flows browser test: Chromium not found (install Debian's chromium or set CHROMIUM_PATH); CI=true, so it may not be skipped" });
  });

  test("a suite: skipped with the line printed, or under CI=true one test that fails saying what is missing", () => {
    const body = jest.fn();
    const skipped = recordingHost({ ...here, TP_WITHOUT_ENGINES: "libreoffice" });
    describeWithEngines(["libreoffice"], "generated workbooks in LibreOffice", body, skipped.host);
    expect(skipped.lines).toEqual([expect.stringMatching(/^SKIPPED generated workbooks in LibreOffice: LibreOffice \(soffice\) not found/)]);
    expect(skipped.did).toEqual([{ kind: "skip", title: "generated workbooks in LibreOffice", fn: body }]);

    const onCi = recordingHost({ ...here, TP_WITHOUT_ENGINES: "libreoffice", CI: "true" });
    describeWithEngines(["libreoffice"], "generated workbooks in LibreOffice", body, onCi.host);
    expect(onCi.lines).toEqual([]);
    expect(onCi.did.map((d) => [d.kind, d.title])).toEqual([["describe", "generated workbooks in LibreOffice"]]);
    onCi.did[0].fn(); // the describe's body registers its one test
    expect(onCi.did[1]).toMatchObject({ kind: "test", title: "needs libreoffice" });
    expect(() => onCi.did[1].fn()).toThrow("generated workbooks in LibreOffice: LibreOffice (soffice) not found (install libreoffice-calc or set SOFFICE_PATH); CI=true, so it may not be skipped");
    expect(body).not.toHaveBeenCalled();
  });

  test("a step inside a test: false with the line printed, or under CI=true it throws", () => {
    const lines: string[] = [];
    const log = (l: string) => lines.push(l);
    expect(engineStep(["libreoffice"], "forms browser test: recalculating", { log, env: { ...here, TP_WITHOUT_ENGINES: "libreoffice" } })).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/^SKIPPED forms browser test: recalculating: LibreOffice/)]);
    expect(() => engineStep(["libreoffice"], "forms browser test: recalculating", { log, env: { ...here, TP_WITHOUT_ENGINES: "libreoffice", CI: "true" } })).toThrow(/CI=true, so it may not be skipped/);
    expect(lines).toHaveLength(1);
  });

  test("an engine that is here runs: the suite as it is, the step true, nothing printed", () => {
    // A stand-in binary that exists stands for LibreOffice and Chromium alike.
    const present = { ...here, SOFFICE_PATH: process.execPath, CHROMIUM_PATH: process.execPath, CI: "true" };
    const body = jest.fn();
    const r = recordingHost(present);
    describeWithEngines(["libreoffice", "chromium"], "suite", body, r.host);
    expect(r.did).toEqual([{ kind: "describe", title: "suite", fn: body }]);
    expect(engineStep(["libreoffice"], "step", { log: r.host.log, env: present })).toBe(true);
    expect(r.lines).toEqual([]);
  });
});

describe("no suite looks for an engine by itself", () => {
  /** Every test file of the repository (tests/ and src/), relative to the root. */
  const testFiles = (): string[] => {
    const out: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory() && !["node_modules", ".out", "fixtures"].includes(e.name)) walk(rel);
        else if (/\.test\.tsx?$/.test(e.name)) out.push(rel);
      }
    };
    walk("tests");
    walk("src");
    return out.sort();
  };
  /** The engine suites, named as jest.config.js names them. */
  const isEngineSuite = (f: string): boolean => f === "tests/browser.test.ts" || /\.(browser|engine)\.test\.tsx?$/.test(f);

  test("every engine suite goes through describeWithEngines", () => {
    const suites = testFiles().filter(isEngineSuite);
    expect(suites.length).toBeGreaterThanOrEqual(7);
    for (const f of suites) expect([f, /\bdescribeWithEngines\(\s*\[/.test(fs.readFileSync(path.join(ROOT, f), "utf8"))]).toEqual([f, true]);
  });

  test("no test file finds soffice or Chromium, reads CI, or skips a describe by itself", () => {
    const own = path.relative(ROOT, __filename).split(path.sep).join("/");
    const bare = [/\bfindSoffice\s*\(/, /\bexistsSync\(\s*CHROMIUM\b/, /process\.env\.CI\b/, /\b(describe|test|it)\.skip\b/];
    const found = testFiles()
      .filter((f) => f !== own)
      .flatMap((f) => {
        const text = fs.readFileSync(path.join(ROOT, f), "utf8");
        return bare.filter((re) => re.test(text)).map((re) => `${f}: ${re.source}`);
      });
    expect(found).toEqual([]);
  });
});
