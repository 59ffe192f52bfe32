/**
 * `npm run bench`: the engine's speed and memory, measured on this machine.
 * `npm run bench -- functions split-spread` runs only the named sections.
 *
 * Each section is a module `scripts/bench/<topic>.ts` exporting
 * `export async function run(): Promise<void>` that records its figures with the helpers of
 * `scripts/bench/stats.ts` (median and range over repeats, ratios measured side by side).
 * Sections run in the order of {@link ORDER}; a section module not named there runs after
 * them, in alphabetical order, so a new section needs no edit here. The table and one JSON
 * line per figure are printed at the end. Nothing here is a test: it never fails on a
 * missed target (it says MISSED); it exits 1 when a section throws (after running the others
 * and printing their figures).
 *
 * The figures also go to `docs/benchmarks.md` (see `scripts/bench/report.ts`): the sections
 * run rewrite their blocks there, the others keep theirs; `--no-doc` leaves the file alone.
 *
 * Run with `node --expose-gc --import tsx` (what `npm run bench` does): heap figures need
 * a forced GC, and the helpers refuse to guess without one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import * as os from "node:os";
import { type SectionRun, aboutOf, mergeReport, sectionBlock, writeReport } from "./bench/report";
import { allFigures, printTable, requireGc } from "./bench/stats";

/** Sections in the order they run; others found in scripts/bench/ follow alphabetically. */
const ORDER = ["functions", "split-spread", "rule-cache"];
/** Modules in scripts/bench/ that are helpers, not sections (so are names starting with "_"). */
const HELPERS = new Set(["stats", "report"]);
/** The report the bench writes (unless `--no-doc`). */
const REPORT = path.join(__dirname, "..", "docs", "benchmarks.md");

async function main(): Promise<void> {
  requireGc();
  const dir = path.join(__dirname, "bench");
  const found = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => f.slice(0, -3))
    .filter((name) => !HELPERS.has(name) && !name.startsWith("_"));
  const sections = [...ORDER.filter((s) => found.includes(s)), ...found.filter((s) => !ORDER.includes(s)).sort()];
  const asked = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const unknown = asked.filter((a) => !sections.includes(a));
  if (unknown.length > 0) {
    console.error(`No bench section ${unknown.join(", ")}; sections: ${sections.join(", ")}`);
    process.exit(2);
  }
  const chosen = asked.length === 0 ? sections : sections.filter((s) => asked.includes(s));
  const failed: string[] = [];
  const runs: SectionRun[] = [];
  for (const name of chosen) {
    const t0 = Date.now();
    const run: SectionRun = {
      name,
      about: aboutOf(fs.readFileSync(path.join(dir, `${name}.ts`), "utf8")),
      startedAt: new Date(t0),
      seconds: 0,
      loadBefore: os.loadavg()[0],
      loadAfter: 0,
      failed: false,
    };
    runs.push(run);
    console.log(`bench: ${name} …`);
    try {
      const mod = (await import(pathToFileURL(path.join(dir, `${name}.ts`)).href)) as { run?: () => Promise<void> };
      if (typeof mod.run !== "function") throw new Error(`scripts/bench/${name}.ts exports no run()`);
      await mod.run();
      console.log(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      // One broken section must not hide the others' figures: report it, go on, fail at the end.
      console.error(`bench: ${name} FAILED:`, e);
      failed.push(name);
      run.failed = true;
    }
    run.seconds = (Date.now() - t0) / 1000;
    run.loadAfter = os.loadavg()[0];
  }
  printTable();
  if (!process.argv.includes("--no-doc")) {
    const fresh = new Map(runs.map((r) => [r.name, sectionBlock(r, allFigures().filter((f) => f.section === r.name))]));
    const previous = fs.existsSync(REPORT) ? fs.readFileSync(REPORT, "utf8") : "";
    writeReport(REPORT, mergeReport(previous, sections, fresh));
    console.log(`bench: ${path.relative(process.cwd(), REPORT)} rewritten for ${chosen.join(", ")}`);
  }
  if (failed.length > 0) {
    console.error(`bench: sections that failed: ${failed.join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
