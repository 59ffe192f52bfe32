/*
 * Every fast-check property runs from a fixed seed (tests/setup/fast-check.ts, a setup file of
 * both jest projects): the seed is the one set, two samples without a seed of their own are the
 * same, nothing else changes the global configuration, and a failing property says its seed and
 * path so it can be replayed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { FAST_CHECK_SEED } from "./setup/seed";

const ROOT = path.resolve(__dirname, "..");

describe("fast-check runs from a fixed seed", () => {
  test("the seed is set for this suite (FC_SEED, when given, wins)", () => {
    expect(fc.readConfigureGlobal().seed).toBe(process.env.FC_SEED ? Number(process.env.FC_SEED) : FAST_CHECK_SEED);
  });
  test("two samples without a seed of their own are the same", () => {
    const arb = fc.array(fc.double({ noNaN: true }), { maxLength: 20 });
    expect(fc.sample(arb, 30)).toEqual(fc.sample(arb, 30));
  });
  test("both jest projects load the setup, and no suite changes the global configuration", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require("../jest.config.js") as { projects: { displayName: string; setupFiles?: string[] }[] };
    for (const p of config.projects) expect([p.displayName, p.setupFiles]).toEqual([p.displayName, expect.arrayContaining(["<rootDir>/tests/setup/fast-check.ts"])]);
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== "node_modules" && !e.name.startsWith(".")) walk(p);
        } else if (/\.tsx?$/.test(e.name) && !p.endsWith(path.join("setup", "fast-check.ts")) && p !== __filename) {
          if (/\b(?:configureGlobal|resetConfigureGlobal)\(/.test(fs.readFileSync(p, "utf8"))) offenders.push(path.relative(ROOT, p));
        }
      }
    };
    walk(path.join(ROOT, "tests"));
    walk(path.join(ROOT, "src"));
    expect(offenders).toEqual([]);
  });
  test("a failing property says its seed and the path to the failing case", () => {
    let message = "";
    try {
      fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }), (n) => n < 500));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(new RegExp(`seed: ${fc.readConfigureGlobal().seed}, path: "[\\d:]+"`));
    expect(message).toContain("Counterexample: [500]");
  });
});
