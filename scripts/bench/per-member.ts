/**
 * Bench section "per-member": `npm run plan -- build plan.json --per reps -o folder`, one
 * workbook per member, on a team plan of n reps (a reps split, a quarter split, the reps ×
 * quarters grid, a tracking row and a scorecard row per rep). Where the time goes, per member:
 * - up front: every member's plan (`memberWorkbooks`, each split and grid worked out once),
 *   beside the same plan made the old way (`planForMember` working the whole split and grid
 *   out again for each member: O(n) each, O(n²) in all);
 * - then for each member: its WorkbookSpec (`build`), its .xlsx bytes (`writeXlsx`: ExcelJS
 *   and the writer's pass over the zip) and the file (`writeFileSafely`: a temporary file,
 *   fsync, rename; the folder flushed once at the end, as `--per` does), measured on a
 *   sample of members spread over the split;
 * - the whole command at 1,000 members, run in this process (main), for the total;
 * - an estimate for 100,000 members (up front measured at 100,000, per member × 100,000):
 *   the issue measured about 89 minutes, silent, before the per-member lookups and progress.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { realFileSystem, writeFileSafely } from "../../src/cli/files";
import { main } from "../../src/cli/run";
import { planForMember } from "../../src/sheets/members";
import { type Plan, validatePlan } from "../../src/sheets/plan";
import { memberWorkbooks } from "../../src/sheets/workbook";
import { writeXlsx } from "../../src/xlsx/write";
import { type Figure, record as keep, single, summarize, timeMs } from "./stats";

const SECTION = "per-member";

/** Records a figure and says it at once (this section runs for minutes). */
function record(fig: Figure): void {
  keep(fig);
  console.log(`  ${fig.name}: ${fig.median.toFixed(2)} ${fig.unit}`);
}
const OPTIONS = { lang: "en" as const, asOf: "2025-06-30" };

/** The team plan of `n` reps as JSON. */
function teamJson(n: number): Record<string, unknown> {
  const reps = Array.from({ length: n }, (_, i) => ({ name: `Rep ${String(i + 1).padStart(6, "0")}`, weight: 1 + (i % 7) }));
  return {
    title: "Team",
    year: 2025,
    unit: "元",
    total: n * 1_200_000,
    splits: [
      { id: "reps", kind: "person", members: reps },
      { id: "quarter", kind: "quarter" },
    ],
    grids: [{ id: "repsQuarter", rows: "reps", columns: "quarter" }],
    tracking: { rows: reps.map((r) => ({ name: r.name, target: { from: { split: "reps", member: r.name } } })) },
    scorecard: { kpis: [{ id: "sales", name: "Sales", weight: 100, target: 1 }], people: reps.map((r) => ({ name: r.name })) },
  };
}

function teamPlan(n: number): Plan {
  const v = validatePlan(teamJson(n));
  if (!v.ok) throw new Error(`team plan: ${JSON.stringify(v.problems.slice(0, 3))}`);
  return v.plan;
}

async function timeAsync(f: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-bench-per-"));
  try {
    let perMemberMs = 0;
    for (const n of [1000, 10000]) {
      const plan = teamPlan(n);
      // Up front: every member's plan.
      const upFront = timeMs(() => memberWorkbooks(plan, "reps", OPTIONS), 3, 0);
      record({ section: SECTION, name: `${n} reps: every member's plan, up front`, ...upFront, unit: "ms" });
      const names = memberWorkbooks(plan, "reps", OPTIONS).members;
      const old = timeMs(() => planForMember(plan, "reps", names[Math.floor(n / 2)]), 5, 1);
      record({ section: SECTION, name: `${n} reps: one member's plan the old way (split and grid again)`, ...old, unit: "ms/member", note: "O(n) each" });

      // Per member: spec, bytes, file, on a sample spread over the split.
      const books = memberWorkbooks(plan, "reps", OPTIONS);
      const sample = Array.from({ length: 60 }, (_, i) => Math.floor((i * n) / 60));
      const spec: number[] = [];
      const bytes: number[] = [];
      const file: number[] = [];
      for (const k of sample) {
        const t0 = process.hrtime.bigint();
        const s = books.build(k);
        const t1 = process.hrtime.bigint();
        const b = await writeXlsx(s);
        const t2 = process.hrtime.bigint();
        await writeFileSafely(realFileSystem, path.join(dir, `m${k}.xlsx`), b, { replace: true, syncFolder: false });
        const t3 = process.hrtime.bigint();
        spec.push(Number(t1 - t0) / 1e6);
        bytes.push(Number(t2 - t1) / 1e6);
        file.push(Number(t3 - t2) / 1e6);
      }
      record({ section: SECTION, name: `${n} reps: a member's WorkbookSpec`, ...summarize(spec), unit: "ms/member" });
      record({ section: SECTION, name: `${n} reps: a member's .xlsx bytes (writeXlsx)`, ...summarize(bytes), unit: "ms/member" });
      record({ section: SECTION, name: `${n} reps: a member's file (temporary, fsync, rename)`, ...summarize(file), unit: "ms/member" });
      perMemberMs = summarize(spec).median + summarize(bytes).median + summarize(file).median;
      for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { force: true });
    }

    // The whole command at 1,000 reps, in this process.
    const planFile = path.join(dir, "team-1000.json");
    fs.writeFileSync(planFile, JSON.stringify(teamJson(1000)));
    const out: string[] = [];
    const whole = await timeAsync(async () => {
      const code = await main(["build", planFile, "--per", "reps", "-o", path.join(dir, "out"), "--as-of", OPTIONS.asOf], { out: (l) => out.push(l), err: (l) => out.push(l) });
      if (code !== 0) throw new Error(`plan build --per: ${out.join("\n")}`);
    });
    record({ section: SECTION, name: "1,000 reps: the whole build --per", ...single(whole / 1000), unit: "s" });

    // 100,000 reps: validation and up front measured, per member estimated from the 10,000-rep sample.
    const bigJson = teamJson(100_000);
    record({ section: SECTION, name: "100,000 reps: validatePlan", ...timeMs(() => validatePlan(bigJson), 1, 0), unit: "ms" });
    const big = teamPlan(100_000);
    const upFront = timeMs(() => memberWorkbooks(big, "reps", OPTIONS), 1, 0);
    record({ section: SECTION, name: "100,000 reps: every member's plan, up front", ...upFront, unit: "ms" });
    const estimate = (upFront.median + 100_000 * perMemberMs) / 60_000;
    record({ section: SECTION, name: "100,000 reps: whole build --per, estimated", ...single(estimate), unit: "min", note: "up front + 100,000 × per member" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
