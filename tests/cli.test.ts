/*
 * The `plan` command run as a process (tsx src/cli/plan.ts, as `npm run plan --` runs it), on
 * the examples and on plans broken on purpose. Files go to a temporary folder.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { validatePlan } from "../src/sheets/plan";
import { readXlsxCells, readXlsxNames, readXlsxPlan } from "../src/xlsx/read";

const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const EXAMPLES = fs.readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".json")).sort();

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tp-cli-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs `npm run plan -- …args` the way npm does, from the project root. */
function plan(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(TSX, [path.join(ROOT, "src/cli/plan.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: r.stdout.trim(), err: r.stderr.trim() };
}

const example = (f: string): string => path.join(ROOT, "examples", f);
const readJson = (f: string): Record<string, unknown> => JSON.parse(fs.readFileSync(f, "utf8")) as Record<string, unknown>;

/** Parsed JSON, to break on purpose by path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A broken copy of the seed plan, written to the temporary folder. */
function broken(name: string, breakIt: (p: Json) => void): string {
  const p = readJson(example("seed-plan.json")) as Json;
  delete p.$schema;
  breakIt(p);
  const file = path.join(tmp, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(p));
  return file;
}

describe("plan validate", () => {
  test.each(EXAMPLES)("%s is a valid plan: exit 0, one line naming its sheets", (f) => {
    const r = plan("validate", example(f));
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out.split("\n")).toHaveLength(1);
    expect(r.out).toContain("a valid plan");
  });

  test("a plan with several problems: exit 1, one line per problem with its JSON path, in the chosen language", () => {
    const file = broken("two-problems", (p) => {
      p.grids[0].columns = "nowhere"; // a grid over a split that does not exist
      p.scorecard.kpis[0].weight = 10; // KPI weights no longer add up to 100
    });
    const r = plan("validate", file);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    const lines = r.err.split("\n");
    expect(lines.some((l) => l.startsWith("grids[0].columns: "))).toBe(true);
    expect(lines.some((l) => l.startsWith("scorecard.kpis") || l.startsWith("scorecard: "))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/problem\(s\); nothing was written/);
    // One line per problem the validator reports, and nothing else but the summary.
    const v = validatePlan(readJson(file));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(lines).toHaveLength(v.problems.length + 1);
    const zh = plan("validate", file, "--lang", "zh");
    expect(zh.code).toBe(1);
    expect(zh.err).toMatch(/[\u4e00-\u9fff]/);
    expect(zh.err.split("\n")[0].startsWith(lines[0].split(": ")[0] + ": ")).toBe(true);
  });

  test("a negative weight: its JSON path and message", () => {
    const r = plan("validate", broken("negative-weight", (p) => (p.splits[0].members[1].weight = -5)));
    expect(r.code).toBe(1);
    expect(r.err.split("\n")[0]).toMatch(/^splits\[0\]\.members\[1\]\.weight: .*negative/);
  });

  test("a file that is not JSON, and a file that is not there: exit 1 with the reason", () => {
    const bad = path.join(tmp, "bad.json");
    fs.writeFileSync(bad, "{ not json");
    expect(plan("validate", bad)).toMatchObject({ code: 1 });
    expect(plan("validate", bad).err).toMatch(/is not JSON/);
    const missing = plan("validate", path.join(tmp, "missing.json"));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Cannot read/);
  });

  test("a wrong command line: exit 2 and the usage", () => {
    for (const args of [["frobnicate"], ["build", example("seed-plan.json")], ["build", example("seed-plan.json"), "-o"], ["validate", "--lang", "fr", "x.json"], ["build", "p.json", "-o", "x.xlsx", "--as-of", "2025-02-30"]]) {
      const r = plan(...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.err).toContain("Usage:");
    }
    expect(plan("help")).toMatchObject({ code: 0 });
  });
});

describe("plan build", () => {
  test("the seed plan to one workbook: its sheets, its checks, the plan stored in it", async () => {
    const out = path.join(tmp, "seed", "seed.xlsx");
    const r = plan("build", example("seed-plan.json"), "-o", out, "--lang", "zh", "--as-of", "2025-06-30", "--protect");
    expect(r).toMatchObject({ code: 0, err: "" });
    const bytes = fs.readFileSync(out);
    const cells = await readXlsxCells(bytes);
    expect(Object.keys(cells).length).toBeGreaterThanOrEqual(3);
    const names = await readXlsxNames(bytes);
    expect(names.filter((n) => n.name.startsWith("Check_")).length).toBeGreaterThan(0);
    for (const n of names) expect(Object.keys(cells)).toContain(n.sheet);
    const v = validatePlan(readJson(example("seed-plan.json")));
    expect(v.ok && (await readXlsxPlan(bytes))).toEqual(v.ok && JSON.parse(JSON.stringify(v.plan)));
    // --protect: every generated sheet is protected.
    const zip = await JSZip.loadAsync(bytes);
    const sheets = zip.file(/^xl\/worksheets\/sheet\d+\.xml$/);
    const protectedSheets = await Promise.all(sheets.map(async (f) => /<sheetProtection\b[^>]*sheet="1"/.test(await f.async("string"))));
    expect(protectedSheets.filter(Boolean).length).toBe(Object.keys(cells).length);
  });

  test("an output that exists is not replaced without --force", () => {
    const out = path.join(tmp, "exists.xlsx");
    fs.writeFileSync(out, "keep me");
    const r = plan("build", example("seed-plan.json"), "-o", out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/already exists/);
    expect(fs.readFileSync(out, "utf8")).toBe("keep me");
    expect(plan("build", example("seed-plan.json"), "-o", out, "--force").code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe("PK");
  });

  test("a plan that does not validate writes nothing", () => {
    const file = broken("negative", (p) => {
      p.splits[1].members[0].weight = -1;
    });
    const out = path.join(tmp, "never", "never.xlsx");
    const r = plan("build", file, "-o", out);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")[0]).toMatch(/^splits\[1\]\.members\[0\]\.weight: /);
    expect(fs.existsSync(path.dirname(out))).toBe(false);
    const per = plan("build", file, "--per", "region", "-o", path.join(tmp, "never-per"));
    expect(per.code).toBe(1);
    expect(fs.existsSync(path.join(tmp, "never-per"))).toBe(false);
  });

  test("--per person: one workbook per rep, each with only that rep's name in it", async () => {
    const planFile = example("team-8-reps.json");
    const p = readJson(planFile) as { splits: { kind: string; members?: { name: string }[] }[] };
    const reps = p.splits.find((s) => s.kind === "person")!.members!.map((m) => m.name);
    expect(reps.length).toBe(8);
    const folder = path.join(tmp, "per-person");
    const r = plan("build", planFile, "--per", "person", "-o", folder);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(fs.readdirSync(folder).sort()).toEqual(reps.map((n) => `${n}.xlsx`).sort());
    for (const rep of reps) {
      const bytes = fs.readFileSync(path.join(folder, `${rep}.xlsx`));
      const text = JSON.stringify(await readXlsxCells(bytes, { includeHidden: true }));
      expect(text).toContain(rep);
      for (const other of reps.filter((o) => o !== rep)) expect({ rep, other, found: text.includes(other) }).toEqual({ rep, other, found: false });
      expect((await readXlsxNames(bytes)).some((n) => n.name.startsWith("Check_"))).toBe(true);
    }
  });

  test("--per with a split the plan does not have: exit 1, the known splits named, nothing written", () => {
    const folder = path.join(tmp, "per-nothing");
    const r = plan("build", example("seed-plan.json"), "--per", "galaxy", "-o", folder);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no split "galaxy".*region/);
    expect(fs.existsSync(folder)).toBe(false);
  });
});
