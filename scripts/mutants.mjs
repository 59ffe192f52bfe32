// Planted bugs ("mutants"), one at a time: each is a small text replacement in one source
// file; the runner applies it, runs the related unit suites, records which tests failed, and
// puts the file back as it was. The table of docs/mutation-testing.md comes from these runs.
//
//   node scripts/mutants.mjs            every mutant
//   node scripts/mutants.mjs 3 7 12     only these
//   node scripts/mutants.mjs --list     the list, nothing run
//   node scripts/mutants.mjs --check    every mutant's text found exactly once, nothing run
//   node scripts/mutants.mjs --baseline the related suites unmutated (their failures are not catches)
//   node scripts/mutants.mjs --table    the results as a markdown table
//
// Results go to tests/.out/mutants.json (one entry per mutant: caught, the failing tests).
// The working tree must be clean in src/ (a mutant is refused when its file has changes),
// and a mutant whose text is not found exactly once is refused (the code moved: update it).
// Killed mid-run, it leaves the mutated file: `git checkout -- src` puts it back.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MUTANTS } from "./mutants-list.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "tests", ".out");
mkdirSync(out, { recursive: true });
const resultsFile = path.join(out, "mutants.json");

const args = process.argv.slice(2);
if (args.includes("--list")) {
  for (const m of MUTANTS) console.log(`${m.id}\t${m.file}\t${m.bug}`);
  process.exit(0);
}
const ids = args.filter((a) => /^\d+$/.test(a)).map(Number);
const wanted = ids.length > 0 ? new Set(ids) : undefined;

let results = {};
try {
  results = JSON.parse(readFileSync(resultsFile, "utf8"));
} catch {
  results = {};
}

/** Runs jest on `tests` (unit project); returns the failing tests as "suite › name". */
function failingTests(tests, project, report) {
  rmSync(report, { force: true });
  // --selectProjects takes every word after it: keep it last.
  const status = spawnSync("npx", ["jest", "--json", `--outputFile=${report}`, ...tests, "--selectProjects", project], {
    cwd: root,
    stdio: ["ignore", "ignore", "ignore"],
    env: { ...process.env, FORCE_COLOR: "0" },
  }).status;
  const failing = [];
  try {
    const r = JSON.parse(readFileSync(report, "utf8"));
    for (const s of r.testResults) {
      const suite = path.relative(root, s.name);
      const bad = s.assertionResults.filter((a) => a.status === "failed");
      if (bad.length > 0) for (const a of bad) failing.push(`${suite} › ${a.fullName}`);
      else if (s.status === "failed") failing.push(`${suite} › (suite failed to run)`);
    }
  } catch {
    failing.push(`(no jest report, exit ${status})`);
  }
  return failing;
}

// --baseline: the related suites of the chosen mutants, unmutated (what fails without a bug is
// not counted as a catch).
if (args.includes("--baseline")) {
  const suites = [...new Set(MUTANTS.filter((m) => !wanted || wanted.has(m.id)).flatMap((m) => m.tests))];
  const failing = failingTests(suites, "unit", path.join(out, "mutant-baseline.json"));
  results.baseline = { tests: suites, failing };
  writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  console.log(`baseline: ${failing.length} failing\n\t${failing.join("\n\t")}`);
  process.exit(0);
}
const baseline = new Set(results.baseline?.failing ?? []);

// --table: the results as the markdown table of docs/mutation-testing.md.
if (args.includes("--table")) {
  const cell = (t) => String(t).replace(/\|/g, "\\|").replace(/\n/g, " ");
  console.log("| # | where | the bug | caught by | caught |");
  console.log("|---|---|---|---|---|");
  for (const m of MUTANTS) {
    const r = results[m.id];
    if (!r) continue;
    const by = r.caught ? r.failing.slice(0, 2).map((f) => `\`${f.replace(/\.test\.tsx?/, "")}\``).join("; ") + (r.failing.length > 2 ? ` (+${r.failing.length - 2})` : "") : "—";
    console.log(`| ${m.id} | \`${m.where}\` | ${cell(m.bug)} | ${cell(by)} | ${r.caught ? "yes" : "no"} |`);
  }
  process.exit(0);
}

/** Whether git sees changes in a file (a mutant never runs over someone's edit). */
const changed = (file) => spawnSync("git", ["diff", "--quiet", "--", file], { cwd: root }).status !== 0;

for (const m of MUTANTS) {
  if (wanted && !wanted.has(m.id)) continue;
  const file = path.join(root, m.file);
  if (changed(m.file)) throw new Error(`${m.file} has changes: commit or revert them first`);
  const before = readFileSync(file, "utf8");
  let mutated = before;
  for (const e of [{ from: m.from, to: m.to }, ...(m.edits ?? [])]) {
    const at = mutated.indexOf(e.from);
    if (at < 0 || mutated.indexOf(e.from, at + 1) >= 0) throw new Error(`mutant ${m.id}: its text is not found exactly once in ${m.file}`);
    mutated = mutated.slice(0, at) + e.to + mutated.slice(at + e.from.length);
  }
  if (args.includes("--check")) continue;
  writeFileSync(file, mutated);
  let failing;
  try {
    failing = failingTests(m.tests, m.project ?? "unit", path.join(out, `mutant-${m.id}.json`)).filter((f) => !baseline.has(f));
  } finally {
    writeFileSync(file, before);
  }
  results[m.id] = { where: m.where, bug: m.bug, tests: m.tests, caught: failing.length > 0, failing };
  console.log(`${m.id}\t${failing.length > 0 ? "CAUGHT" : "survived"}\t${m.bug}${failing.length > 0 ? `\n\t${failing.slice(0, 3).join("\n\t")}` : ""}`);
  writeFileSync(resultsFile, JSON.stringify(results, null, 2));
}
