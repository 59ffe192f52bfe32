/*
 * A cascade whose sheets Excel cannot hold is refused by validation, with the limit, the JSON
 * path and what to change, in English and Chinese. Microsoft's "Excel specifications and
 * limits": "Total number of rows and columns on a worksheet: 1,048,576 rows by 16,384 columns".
 *
 * The sizes validation computes are the builders' own: on the example and on random cascades
 * (with scorecards of every shape), the computed rows and columns of the table, the letters
 * and the tracking sheet equal those of the sheets built. At the limits: the widest table
 * that fits and one level more (20 target types, 33 and 34 levels below the top), the most
 * letters that fit and one more (validated end to end: tall letters from a scorecard of many
 * commission tiers), and the table's last row (52,428 and 52,429 nodes of 20 types: the
 * engine's result of a small tree with its people repeated, since working out 52,000 nodes of
 * 20 types takes too long for a unit test).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type CascadeNode, type CascadeResult, resolveCascade } from "../src/sheets/cascade";
import type { CascadeNodeInput } from "../src/sheets/cascade-plan";
import { EXCEL_MAX_COLUMNS, EXCEL_MAX_ROWS, cascadeSheetSizes, cascadeSizeProblems } from "../src/sheets/cascade-fit";
import { letterHeight, lettersFor } from "../src/sheets/cascade-letters";
import { cascadeTableColumns } from "../src/sheets/cascade-sheet";
import { buildCascadeSheets } from "../src/sheets/cascade-workbook";
import { type Plan, validatePlan } from "../src/sheets/plan";
import type { SheetSpec } from "../src/sheets/spec";
import { prng, randomCascadePlan } from "./helpers/cascade-plans";

const ROOT = path.resolve(__dirname, "..");
const example = (): Plan => JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "cascade.json"), "utf8"));
function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}
/** A sheet's size as built: its rows, and its widest row. */
const builtSize = (s: SheetSpec) => ({ rows: s.rows.length, columns: Math.max(...s.rows.map((r) => r.length)) });

/** A scorecard of a random shape: KPIs, maybe bands, maybe commission tiers (more or fewer than the bands). */
function randomScorecard(seed: number): Plan["scorecard"] {
  const rnd = prng(seed);
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const k = int(1, 6);
  const kpis = Array.from({ length: k }, (_, i) => ({ id: `k${i}`, name: `KPI ${i}`, weight: i === k - 1 ? 100 - 10 * (k - 1) : 10, target: 1 }));
  const bands = rnd() < 0.6 ? Array.from({ length: int(1, 6) }, (_, i) => ({ from: 90 - 10 * i, pays: 1.2 - 0.2 * i })) : undefined;
  const commission = rnd() < 0.6 ? { tiers: Array.from({ length: int(1, 9) }, (_, i) => ({ from: i * 0.25, rate: 0.01 + 0.005 * i })) } : undefined;
  return { kpis, ...(bands ? { bands } : {}), ...(commission ? { commission } : {}) };
}

describe("the sizes validation computes are the sheets' as built", () => {
  const cases: [string, Plan][] = [
    ["examples/cascade.json", valid(example())],
    ["examples/cascade.json without its scorecard", valid({ ...example(), scorecard: undefined })],
    // Random cascades that validate (a few seeds give held amounts beyond a zero hand-down).
    ...Array.from({ length: 40 }, (_, i) => 100 + i)
      .filter((seed) => validatePlan(randomCascadePlan(seed, { tracking: seed % 2 === 0 })).ok)
      .slice(0, 24)
      .map((seed, i): [string, Plan] => {
        const plan = randomCascadePlan(seed, { tracking: seed % 2 === 0 });
        const letters = (["all", "people", "managers", "all"] as const)[i % 4];
        return [`random cascade ${seed} (letters ${letters}${i % 3 ? ", a scorecard" : ""})`, valid({ ...plan, cascade: { ...plan.cascade, letters }, ...(i % 3 ? { scorecard: randomScorecard(i) } : {}) })];
      }),
  ];
  test.each(cases)("%s", (_, plan) => {
    const result = resolveCascade(plan);
    const built = buildCascadeSheets(plan, { lang: "zh", result });
    const sizes = cascadeSheetSizes(plan, result);
    const byKind = { table: "decomposition", letters: "notes", tracking: "tracking" } as const;
    expect(sizes.map((s) => byKind[s.sheet])).toEqual(built.sheets.map((s) => s.kind));
    sizes.forEach((s, i) => expect({ sheet: s.sheet, rows: s.rows, columns: s.columns }).toEqual({ sheet: s.sheet, ...builtSize(built.sheets[i]) }));
  });

  test("each letter is letterHeight rows, people's and managers' alike", () => {
    const plan = valid({ ...example(), scorecard: { ...example().scorecard, commission: { tiers: Array.from({ length: 7 }, (_, i) => ({ from: i * 0.2, rate: 0.01 })) } } });
    const result = resolveCascade(plan);
    const built = buildCascadeSheets(plan, { lang: "en", result });
    const sheet = built.sheets[1];
    // Where each letter is: from its title to its last date line (a page break before the next title).
    const firsts = [0, ...(sheet.rowBreaks ?? [])];
    const who = lettersFor(result);
    expect(firsts).toHaveLength(who.length);
    who.forEach((n, i) => {
      const last = i + 1 < firsts.length ? firsts[i + 1] - 1 : sheet.rows.length - 1;
      expect(last - firsts[i] + 1).toBe(letterHeight(plan, result, n.leaf));
    });
    expect(letterHeight(plan, result, true)).not.toBe(letterHeight(plan, result, false));
  });
});

// ---- at the limits ----------------------------------------------------------------------------

/** A chain of `depth` levels below the top (one node each, the last a person) with `types` count types. */
function chainPlan(depth: number, types: number): Plan {
  let node: CascadeNodeInput = { name: `L${depth}` };
  for (let d = depth - 1; d >= 0; d--) node = { name: `L${d}`, children: [node] };
  return {
    title: "Deep",
    year: 2025,
    cascade: { letters: "none", targets: Array.from({ length: types }, (_, i) => ({ id: `c${i}`, kind: "count" as const, total: 100 })), root: node },
  } as Plan;
}

describe("columns: the table's helper blocks, per numeric type and depth", () => {
  test("the brief's case: 20 types and 36 levels take 17,411 columns", () => {
    expect(cascadeTableColumns(0, 20, 36)).toBe(17411);
  });

  test("33 levels of 20 types fit (15,971 columns); 34 are refused at cascade.targets (16,451)", () => {
    expect(cascadeTableColumns(0, 20, 33)).toBeLessThanOrEqual(EXCEL_MAX_COLUMNS);
    expect(cascadeTableColumns(0, 20, 34)).toBeGreaterThan(EXCEL_MAX_COLUMNS);
    const fits = validatePlan(chainPlan(33, 20));
    expect(fits.ok).toBe(true);
    const over = validatePlan(chainPlan(34, 20));
    expect(over.ok).toBe(false);
    if (over.ok) return;
    expect(over.problems).toHaveLength(1);
    const [p] = over.problems;
    expect(p.path).toBe("cascade.targets");
    expect(p.message.en).toContain("16,451 columns");
    expect(p.message.en).toContain('"Total number of rows and columns on a worksheet: 1,048,576 rows by 16,384 columns" (Microsoft, Excel specifications and limits)');
    // What would fit: 20 types with 33 levels, or 19 types with 34.
    expect(p.message.en).toContain("at most 19 target types with 34 levels");
    expect(p.message.en).toContain("at most 33 levels below the top with 20 types");
    expect(p.message.zh).toContain("16,451 列");
    expect(p.message.zh).toContain("1,048,576 行 × 16,384 列");
    expect(p.message.zh).toContain("最多分解 19 个目标类型");
  });

  test("the width validation computes is the built table's on a deep chain", () => {
    const plan = valid(chainPlan(6, 3));
    const result = resolveCascade(plan);
    expect(cascadeSheetSizes(plan, result)[0].columns).toBe(builtSize(buildCascadeSheets(plan, { lang: "en", result }).sheets[0]).columns);
    expect(cascadeSheetSizes(plan, result)[0].columns).toBe(cascadeTableColumns(0, 3, 6));
  });
});

describe("rows of the letters", () => {
  /** The top and `people` people who each get a tall letter (a scorecard with many commission tiers). */
  function tallLetters(people: number, tiers: number): Plan {
    return {
      title: "Tall letters",
      year: 2025,
      total: people * 1000,
      cascade: { letters: "people", root: { name: "Top", basis: "even", children: Array.from({ length: people }, (_, i) => ({ name: `P${i + 1}` })) } },
      scorecard: { kpis: [{ id: "sales", name: "Sales", weight: 100, target: 1 }], commission: { tiers: Array.from({ length: tiers }, (_, i) => ({ from: i / 100, rate: 0.01 })) } },
    } as Plan;
  }
  const TIERS = 1000;
  const height = (() => {
    const small = valid(tallLetters(2, TIERS));
    return letterHeight(small, resolveCascade(small), true);
  })();
  /** The most people whose letters fit: P letters of `height` rows, one below the other, ≤ 1,048,576 rows. */
  const most = Math.floor(EXCEL_MAX_ROWS / height);

  test("a small plan's letters sheet is as tall as computed", () => {
    const plan = valid(tallLetters(3, TIERS));
    const result = resolveCascade(plan);
    const letters = buildCascadeSheets(plan, { lang: "zh", result }).sheets[1];
    expect(letters.rows.length).toBe(3 * height);
    expect(cascadeSheetSizes(plan, result)[1]).toEqual({ sheet: "letters", rows: 3 * height, columns: 8 });
  });

  test(`the most people whose letters fit pass; one more is refused at cascade.letters`, () => {
    expect(most * height).toBeLessThanOrEqual(EXCEL_MAX_ROWS);
    expect((most + 1) * height).toBeGreaterThan(EXCEL_MAX_ROWS);
    expect(validatePlan(tallLetters(most, TIERS)).ok).toBe(true);
    const over = validatePlan(tallLetters(most + 1, TIERS));
    expect(over.ok).toBe(false);
    if (over.ok) return;
    expect(over.problems.map((p) => p.path)).toEqual(["cascade.letters"]);
    const rows = ((most + 1) * height).toLocaleString("en-US");
    expect(over.problems[0].message.en).toContain(`would need ${rows} rows`);
    expect(over.problems[0].message.en).toContain("1,048,576 rows by 16,384 columns");
    expect(over.problems[0].message.en).toContain('Set letters to "managers" or "none"');
    expect(over.problems[0].message.zh).toContain(`将需要 ${rows} 行`);
  });
});

describe("rows of the table", () => {
  /** The engine's result of the top and one person with 20 count types, the person repeated to `nodes` nodes in all. */
  function resultOf(nodes: number): { plan: Plan; result: CascadeResult } {
    const plan = valid({ title: "Wide", year: 2025, cascade: { letters: "none", targets: Array.from({ length: 20 }, (_, i) => ({ id: `c${i}`, kind: "count", total: 10 })), root: { name: "Top", children: [{ name: "P" }] } } });
    const result = resolveCascade(plan);
    const [top, person] = result.nodes;
    const people: CascadeNode[] = Array.from({ length: nodes - 1 }, (_, i) => ({ ...person, index: i + 1, name: `P${i}`, path: [`P${i}`] }));
    return { plan, result: { ...result, nodes: [{ ...top, children: people.map((p) => p.index) }, ...people] } };
  }

  test("52,428 nodes of 20 types fit (1,048,565 rows); 52,429 are refused at cascade.root", () => {
    const fits = resultOf(52428);
    expect(cascadeSheetSizes(fits.plan, fits.result)[0].rows).toBe(5 + 52428 * 20);
    expect(cascadeSizeProblems(fits.plan, fits.result)).toEqual([]);
    const over = resultOf(52429);
    expect(cascadeSheetSizes(over.plan, over.result)[0].rows).toBe(1048585);
    const problems = cascadeSizeProblems(over.plan, over.result);
    expect(problems.map((p) => p.path)).toEqual(["cascade.root"]);
    expect(problems[0].message.en).toContain("1,048,585 rows (52,429 nodes × 20 target types");
    expect(problems[0].message.zh).toContain("1,048,585 行");
  });

  test("the list's form points at cascade.people", () => {
    const plan = valid({ title: "Wide", year: 2025, cascade: { letters: "none", targets: [{ id: "c", kind: "count", total: 10 }], people: [{ name: "P", path: ["G"] }] } });
    const result = resolveCascade(plan);
    const many = { ...result, nodes: [...result.nodes, ...Array.from({ length: EXCEL_MAX_ROWS }, (_, i) => ({ ...result.nodes[2], index: 3 + i }))] };
    expect(cascadeSizeProblems(plan, many).map((p) => p.path)).toEqual(["cascade.people"]);
  });
});
