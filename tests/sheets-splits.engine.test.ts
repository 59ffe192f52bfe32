/*
 * The split formulas in a real engine, on hard cases: quarterly splits and decomposition
 * sheets built from random inputs (fast-check samples with a fixed seed: ties, zero weights,
 * held members, decimal units, odd amounts, months within quarters), written to .xlsx,
 * recalculated by LibreOffice in one call, read back: no error cell, and every formula cell
 * with an `expect` (core's value) equal to it. The plans carry a percentage split with a rest
 * member and two grids, whose column checks sit in a row of their own. (tests/workbooks.engine.test.ts proves the
 * examples; this suite goes after the corners of largest remainder.)
 *
 * Without LibreOffice the suite is skipped with a line saying so, except on CI (CI=true),
 * where it fails (tests/helpers/engines.ts).
 */
import fc from "fast-check";
import type { CellValue, WorkbookSpec } from "../src/sheets/spec";
import { buildQuarterlySplit } from "../src/sheets/quarterly";
import { buildDecompositionSheet } from "../src/sheets/decomposition";
import { type Plan, validatePlan } from "../src/sheets/plan";
import { cellA1, parseA1 } from "../src/sheets/formulas";
import { readXlsxCells } from "../src/xlsx/read";
import { writeXlsx } from "../src/xlsx/write";
import { describeWithEngines } from "./helpers/engines";
import { recalculate } from "./helpers/libreoffice";


function same(got: CellValue | undefined, want: CellValue): boolean {
  if (typeof want === "number") return typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(got), Math.abs(want));
  return got === want;
}

const quarterly = fc.record({
  annual: fc.array(fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.double({ min: 0, max: 1e5, noNaN: true }), fc.constantFrom(0, 1, 2, 3, 5, 7, 15, 80, 99.99)), { minLength: 1, maxLength: 12 }),
  weights: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(0.1, 0.2, 0.3, 1 / 3, 25, 30)), { minLength: 4, maxLength: 4 }).filter((w) => w.some((x) => x > 0)),
  monthWeights: fc.array(fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(0.1)), { minLength: 12, maxLength: 12 }),
  unit: fc.constantFrom(0, 1, 1, 10, 10000, 0.01, 0.25),
  months: fc.boolean(),
});

const member = fc.record({
  weight: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom(0.1, 0.2, 0.3, 1 / 3)),
  held: fc.oneof(fc.constant(undefined), fc.constant(undefined), fc.constant(undefined), fc.integer({ min: 1, max: 300 }).map((x) => x * 10000)),
});
const planArb = fc.record({
  total: fc.oneof(fc.integer({ min: 0, max: 2e8 }), fc.integer({ min: 1, max: 2000 }).map((x) => x * 10000)),
  unit: fc.constantFrom("元", "万元"),
  roundTo: fc.constantFrom(1, 1, 10, 0.01, 0),
  people: fc.array(member, { minLength: 1, maxLength: 25 }),
  quarters: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 4, maxLength: 4 }).filter((w) => w.some((x) => x > 0)),
  months: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 12, maxLength: 12 }),
  customers: fc.integer({ min: 0, max: 200 }),
});

type PlanInput = typeof planArb extends fc.Arbitrary<infer T> ? T : never;

/** `members` with a rest member inserted at `at`. */
function restAt(members: { name: string; weight: number }[], at: number): ({ name: string; weight: number } | { name: string; rest: true })[] {
  const out: ({ name: string; weight: number } | { name: string; rest: true })[] = [...members];
  out.splice(at, 0, { name: "rest", rest: true });
  return out;
}

function randomPlan(g: PlanInput, i: number): Plan | undefined {
  const json = {
    title: `random ${i}`,
    year: 2025,
    unit: g.unit,
    roundTo: g.roundTo,
    total: g.total,
    splits: [
      { id: "people", kind: "person", members: g.people.map((m, k) => ({ name: `p${k}`, weight: m.weight, ...(m.held ? { held: m.held } : {}) })) },
      { id: "quarter", kind: "quarter", members: g.quarters.map((w, k) => ({ name: `Q${k + 1}`, weight: w })) },
      { id: "month", kind: "month", withinQuarters: "quarter", members: g.months.map((w, k) => ({ name: `M${k + 1}`, weight: w })) },
      { id: "customers", kind: "month", measure: "count", total: g.customers },
      // Percentages with a rest member somewhere in the list (its weight: 100 less the ranges around it).
      { id: "channel", kind: "channel", basis: "percent", members: restAt(g.quarters.map((w, k) => ({ name: `c${k}`, weight: w * 5 })), g.customers % 5) },
    ],
    grids: [
      { id: "pq", rows: "people", columns: "quarter" },
      { id: "pc", rows: "people", columns: "channel" },
    ],
  };
  const v = validatePlan(json);
  return v.ok ? v.plan : undefined; // held above the total, all free weights 0, …: refused, nothing to build
}

describeWithEngines(["libreoffice"], "split formulas in LibreOffice", () => {
  const specs: WorkbookSpec[] = [];
  const qs = fc.sample(quarterly, { numRuns: 24, seed: 20251201 });
  qs.forEach((g, i) => specs.push(buildQuarterlySplit({ names: g.annual.map((_, k) => `r${k}`), annual: g.annual, weights: g.weights, unit: g.unit, months: g.months, monthWeights: g.monthWeights, lang: i % 2 ? "zh" : "en", ...(i % 3 === 0 ? { alignTo: `C${1 + (i % 5)}` } : {}) })));
  const ps = fc
    .sample(planArb, { numRuns: 40, seed: 7 })
    .map(randomPlan)
    .filter((p): p is Plan => !!p);
  for (const p of ps) {
    const { sheet, names } = buildDecompositionSheet(p, { lang: "en" });
    specs.push({ sheets: [sheet], names });
  }

  let results: { spec: WorkbookSpec; cells: Awaited<ReturnType<typeof readXlsxCells>> }[] = [];
  beforeAll(async () => {
    const books = await Promise.all(specs.map(async (s, i) => ({ name: `split-${i}.xlsx`, data: await writeXlsx(s) })));
    const out = await recalculate(books);
    results = await Promise.all(out.map(async (o, i) => ({ spec: specs[i], cells: await readXlsxCells(o.workbook) })));
  }, 600_000);

  test("enough decomposition plans survived validation to mean something", () => {
    expect(ps.length).toBeGreaterThanOrEqual(20);
  });

  test("no error cell, every expect met, every Check_ TRUE", () => {
    const wrong: string[] = [];
    let compared = 0;
    for (const { spec, cells } of results) {
      for (const sheet of spec.sheets) {
        const o = parseA1(sheet.origin ?? "A1");
        const got = cells[sheet.name];
        sheet.rows.forEach((row, r) =>
          row.forEach((cell, c) => {
            const a1 = cellA1(o.row + r, o.col + c);
            if (got[a1]?.error) wrong.push(`${spec.title ?? sheet.name}!${a1}: ${got[a1].error}`);
            else if (cell && "f" in cell && cell.expect !== undefined) {
              compared++;
              if (!same(got[a1]?.value, cell.expect)) wrong.push(`${spec.title ?? sheet.name}!${a1}: want ${cell.expect}, got ${got[a1]?.value} (${cell.f.slice(0, 80)}…)`);
            }
          }),
        );
      }
      for (const n of spec.names) {
        const v = cells[n.sheet][n.ref.replace(/\$/g, "")]?.value;
        if (v !== true) wrong.push(`${n.name} is ${v}`);
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    expect(compared).toBeGreaterThan(5000);
  });
});
