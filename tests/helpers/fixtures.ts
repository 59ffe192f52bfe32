/** The seed cases (tests/fixtures/seed-cases.json: worked examples from real plans, kept in the repo), typed. */
import * as fs from "fs";
import * as path from "path";

export interface FixtureCase {
  name: string;
  fn: string;
  args: unknown[];
  expect?: unknown;
  error?: string;
  exact?: boolean;
  check?: string;
}

export const SEED_CASES_PATH = path.resolve(__dirname, "../fixtures/seed-cases.json");

/** Every function case of the seed fixtures, or only those of one function. */
export function seedCases(fn?: string): FixtureCase[] {
  const all = (JSON.parse(fs.readFileSync(SEED_CASES_PATH, "utf8")) as { functions: FixtureCase[] }).functions;
  return fn ? all.filter((c) => c.fn === fn) : all;
}

/** Equal within 1e-9 relative (or exactly, for `exact` cases), cell by cell. */
export function closeTo(got: unknown, want: unknown, exact = false): boolean {
  if (Array.isArray(want)) {
    return Array.isArray(got) && got.length === want.length && want.every((w, i) => closeTo(got[i], w, exact));
  }
  if (typeof want === "number" && typeof got === "number") {
    if (!Number.isFinite(got)) return false;
    return exact ? got === want : Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(got), Math.abs(want));
  }
  return got === want;
}
