/*
 * Which cells each colour rule paints, on the quarterly split, decomposition and scorecard
 * sheets: every conditional format is evaluated cell by cell (as Excel moves a rule's relative
 * references over its range, tests/helpers/formula-eval.ts `paintedCells`), and the painted
 * cells must be exactly those the sheet's own values call for, found without the rules: a check
 * cell red when it is FALSE (and only then: not when blank, not when TRUE), a person's total
 * and bonus green, yellow or red by what the bonus pays. A rule that lost a `$` and reads the
 * wrong column, or whose range is one row short, paints another set and fails. The cascade's
 * table: its checks red when FALSE, a flagged gap amber, the top's rows blue and the rows of
 * nodes with children grey, found from its layout (`cascadeLayout`) and its cells' values.
 * (The tracking sheet's colours: tests/sheets-tracking.test.ts.)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Plan, validatePlan } from "../src/sheets/plan";
import { buildDecompositionSheet } from "../src/sheets/decomposition";
import { buildQuarterlySplit, type QuarterlySplitInput } from "../src/sheets/quarterly";
import { buildScorecardSheet } from "../src/sheets/scorecard";
import { LIGHT } from "../src/sheets/tracking";
import { resolveCascade } from "../src/sheets/cascade";
import { type CascadeLayout, buildCascadeSheet, cascadeLayout } from "../src/sheets/cascade-sheet";
import { randomCascadePlan } from "./helpers/cascade-plans";
import type { CellSpec, SheetSpec } from "../src/sheets/spec";
import { colLetters, paintedCells, placedRows, sheetEvaluator } from "./helpers/formula-eval";

type Rows = (CellSpec | null)[][];
const RED = LIGHT.red.fill;

function example(file: string): Plan {
  const v = validatePlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../examples", file), "utf8")));
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.plan;
}

/** The check cells of a sheet: formulas the engine says are TRUE or FALSE. */
function checkCells(rows: Rows): { row: number; col: number }[] {
  const out: { row: number; col: number }[] = [];
  rows.forEach((r, i) => r.forEach((c, j) => c && "f" in c && typeof c.expect === "boolean" && out.push({ row: i, col: j })));
  return out;
}

/** Red where a check cell is FALSE, nothing elsewhere (the sheet's values, without its rules). */
function redChecks(rows: Rows): Map<string, string> {
  const ev = sheetEvaluator(rows);
  const want = new Map<string, string>();
  for (const { row, col } of checkCells(rows)) if (ev.value(row, col) === false) want.set(`${colLetters(col)}${row + 1}`, RED);
  return want;
}

const sorted = (m: Map<string, string | undefined>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
const copy = (rows: Rows): Rows => rows.map((r) => r.slice());
/** The sheet's cell at an address (0-based), typed over with `v`. */
const typed = (rows: Rows, row: number, col: number, v: number): Rows => {
  const out = copy(rows);
  out[row][col] = { v, input: true };
  return out;
};

describe("quarterly split: the check column is red exactly where a check is FALSE", () => {
  const SEED: QuarterlySplitInput = { names: ["East", "South", "North"], annual: [4800, 3600, 2400], weights: [25, 30, 25, 20], unit: 10, lang: "en" };
  const layouts: [string, QuarterlySplitInput][] = [
    ["a new sheet", SEED],
    ["with months", { ...SEED, months: true }],
    ["beside a selection", { ...SEED, existingSheet: "Data", origin: "J3" }],
    ["aligned, the weights and header below the total", { ...SEED, existingSheet: "Data", alignTo: "D1" }],
    ["aligned one row down", { ...SEED, existingSheet: "Data", alignTo: "D2", months: true }],
  ];
  for (const [what, input] of layouts) {
    test(`${what}: nothing red unbroken; a row typed over, a weight typed negative`, () => {
      const sheet: SheetSpec = buildQuarterlySplit(input).sheets[0];
      const rows = placedRows(sheet);
      expect(sorted(paintedCells(sheet, rows))).toEqual([]);
      // Every data row typed over in turn: its own check and the total row's go red, nothing else.
      const nameCol = checkCells(rows)[0].col - (input.months ? 19 : 7);
      const dataRows = rows.map((r, i) => (r[nameCol] && "v" in r[nameCol]! && input.names.includes(r[nameCol]!.v as string) ? i : -1)).filter((i) => i >= 0);
      expect(dataRows).toHaveLength(input.names.length);
      for (const r of dataRows) {
        const broken = typed(rows, r, nameCol + 3, 1);
        const want = redChecks(broken);
        expect(want.size).toBe(2);
        expect(sorted(paintedCells(sheet, broken))).toEqual(sorted(want));
      }
      // A negative weight: the weights check.
      const weightsRow = rows.findIndex((r) => r[nameCol] && "v" in r[nameCol]! && r[nameCol]!.v === "Weights");
      const broken = typed(rows, weightsRow, nameCol + 2, -1);
      expect(sorted(paintedCells(sheet, broken))).toEqual(sorted(redChecks(broken)));
      expect(redChecks(broken).size).toBeGreaterThan(0);
    });
  }
});

describe("decomposition: every check cell (splits, each grid row and column, the grid, all checks) red exactly when FALSE", () => {
  for (const file of ["seed-plan.json", "team-8-reps.json"]) {
    test(`${file}: unbroken, then each grid value and each split amount typed over`, () => {
      const { sheet } = buildDecompositionSheet(example(file), { lang: "en" });
      const rows = placedRows(sheet);
      expect(sorted(paintedCells(sheet, rows))).toEqual([]);
      // Every number typed over in turn (grid values, amounts, weights): the cells painted are the checks that went FALSE.
      let broke = 0;
      rows.forEach((r, i) =>
        r.forEach((c, j) => {
          if (!c || j > 12 || !("v" in c ? typeof c.v === "number" : typeof c.expect === "number") || i % 3 !== j % 3) return;
          const base = "v" in c ? (c.v as number) : (c.expect as number);
          const broken = typed(rows, i, j, base + 7);
          const want = redChecks(broken);
          broke += want.size > 0 ? 1 : 0;
          expect([`${colLetters(j)}${i + 1}`, sorted(paintedCells(sheet, broken))]).toEqual([`${colLetters(j)}${i + 1}`, sorted(want)]);
        }),
      );
      expect(broke).toBeGreaterThan(10);
    });
  }
});

describe("scorecard: total and bonus by what the bonus pays; the weights check red when FALSE", () => {
  const plan = example("seed-plan.json");
  /** Green from 100 %, yellow above 0, red at 0, nothing when blank: from the bonus cell's value, for the total and bonus cells. */
  function wanted(rows: Rows): Map<string, string> {
    const ev = sheetEvaluator(rows);
    const header = rows.findIndex((r) => r[0] && "v" in r[0] && r[0].v === "Name");
    const col = (text: string) => rows[header].findIndex((c) => c && "v" in c && c.v === text);
    const [total, bonus] = [col("Total score"), col("Bonus pays")];
    const want = redChecks(rows);
    for (let r = header + 1; r < rows.length; r++) {
      const b = ev.value(r, bonus);
      if (typeof b !== "number") continue;
      const fill = b >= 1 ? LIGHT.green.fill : b > 0 ? LIGHT.yellow.fill : LIGHT.red.fill;
      for (const c of [total, bonus]) want.set(`${colLetters(c)}${r + 1}`, fill);
    }
    return want;
  }
  test("the seed's people (green, yellow, red and blank bonuses), and as their actuals are typed", () => {
    const { sheet } = buildScorecardSheet(plan, { lang: "en" });
    const rows = placedRows(sheet);
    const want = wanted(rows);
    expect(new Set(want.values()).size).toBeGreaterThanOrEqual(2);
    expect(sorted(paintedCells(sheet, rows))).toEqual(sorted(want));
    // Each person's first actual typed low, then high: the colours follow the bonus.
    const header = rows.findIndex((r) => r[0] && "v" in r[0] && r[0].v === "Name");
    const colours = new Set<string | undefined>();
    for (let r = header + 1; r < rows.length; r++) {
      for (const v of [0, 0.5, 0.9, 1.3]) {
        const broken = typed(rows, r, 1, v);
        const w = wanted(broken);
        w.forEach((f) => colours.add(f));
        expect(sorted(paintedCells(sheet, broken))).toEqual(sorted(w));
      }
    }
    expect(colours).toEqual(new Set([LIGHT.green.fill, LIGHT.yellow.fill, LIGHT.red.fill]));
    // A weight typed over: the weights check goes red, the people keep their colours.
    const kpiWeight = typed(rows, 3, 1, 45);
    expect(sorted(paintedCells(sheet, kpiWeight))).toEqual(sorted(wanted(kpiWeight)));
    expect([...paintedCells(sheet, kpiWeight).values()]).toContain(RED);
  });
  test("without bands: no bonus colours, only the weights check", () => {
    const { sheet } = buildScorecardSheet({ ...plan, scorecard: { ...plan.scorecard!, bands: undefined } }, { lang: "en" });
    const rows = placedRows(sheet);
    expect(sorted(paintedCells(sheet, rows))).toEqual([]);
    const broken = typed(rows, 3, 1, 45);
    expect(sorted(paintedCells(sheet, broken))).toEqual(sorted(redChecks(broken)));
  });
});

describe("cascade table: checks red when FALSE, flagged gaps amber, the top's rows blue, the rows of nodes with children grey", () => {
  const [AMBER, TOP, MANAGER] = [LIGHT.yellow.fill, "#DDEBF7", "#F2F2F2"];
  /**
   * The fills the table's values call for, without its rules: a check cell (each row's, each
   * level's, all, the seasonality's) red when FALSE; a row's gap, its share and its flag amber
   * while the flag says something; every cell of a row from its level to its check blue at the
   * top, grey for a node with children. A cell takes the first of these that applies.
   */
  function wanted(rows: Rows, L: CascadeLayout): Map<string, string> {
    const ev = sheetEvaluator(rows);
    const want = new Map<string, string>();
    const paint = (r: number, c: number, fill: string) => {
      const a = `${colLetters(c)}${r + 1}`;
      if (!want.has(a)) want.set(a, fill);
    };
    for (const c of [L.checks.all, ...L.checks.levels]) if (ev.value(L.row.checks, c) === false) paint(L.row.checks, c, RED);
    if (ev.value(L.row.season, L.col.check) === false) paint(L.row.season, L.col.check, RED);
    for (let r = L.row.first; r <= L.row.last; r++) {
      if (ev.value(r, L.col.check) === false) paint(r, L.col.check, RED);
      const flag = ev.value(r, L.col.flag);
      if (flag !== "" && flag !== null) for (let c = L.col.gap; c <= L.col.flag; c++) paint(r, c, AMBER);
      const fill = ev.value(r, L.col.depth) === 0 ? TOP : (ev.value(r, L.col.kids) as number) > 0 ? MANAGER : undefined;
      if (fill) for (let c = L.col.level; c <= L.col.check; c++) paint(r, c, fill);
    }
    return want;
  }
  function table(plan: Plan, lang: "en" | "zh") {
    const result = resolveCascade(plan);
    const { sheet } = buildCascadeSheet(plan, result, { lang });
    return { sheet, rows: placedRows(sheet), L: cascadeLayout(result) };
  }

  test("cascade.json: unbroken in both languages, then figures typed over (a month in every row; targets, weights, commitments, buffers)", () => {
    const plan = example("cascade.json");
    for (const lang of ["en", "zh"] as const) {
      const { sheet, rows, L } = table(plan, lang);
      const want = wanted(rows, L);
      expect([...want.values()]).not.toContain(RED);
      expect(new Set(want.values())).toEqual(new Set([AMBER, TOP, MANAGER]));
      expect(sorted(paintedCells(sheet, rows))).toEqual(sorted(want));
    }
    const { sheet, rows, L } = table(plan, "zh");
    const cellAt = (r: number, c: number) => `${colLetters(c)}${r + 1}`;
    // A month typed over in each row in turn: that row's check goes red (a rule one row short misses one).
    for (let r = L.row.first; r <= L.row.last; r++) {
      const broken = typed(rows, r, L.col.months[5], 7);
      const w = wanted(broken, L);
      expect(w.get(cellAt(r, L.col.check))).toBe(RED);
      expect([cellAt(r, L.col.months[5]), sorted(paintedCells(sheet, broken))]).toEqual([cellAt(r, L.col.months[5]), sorted(w)]);
    }
    // Other figures typed over, row by row in turn: what goes red (and amber) is what the values say.
    const columns = [L.col.weight, L.col.annual, L.col.handedDown, L.col.commitment, L.col.buffer];
    let amber = 0;
    for (let r = L.row.first; r <= L.row.last; r++) {
      const c = columns[r % columns.length];
      const cell = rows[r][c];
      const base = cell && ("v" in cell ? cell.v : cell.expect);
      const broken = typed(rows, r, c, c === L.col.buffer ? 0.3 : c === L.col.commitment ? 99999 : (typeof base === "number" ? base : 0) + 7);
      const w = wanted(broken, L);
      amber += [...w.values()].filter((f) => f === AMBER).length;
      expect([cellAt(r, c), sorted(paintedCells(sheet, broken))]).toEqual([cellAt(r, c), sorted(w)]);
    }
    expect(amber).toBeGreaterThan(L.row.last - L.row.first);
    // The seasonality typed negative: its check goes red, and the whole tree's.
    const season = typed(rows, L.row.season, L.col.months[0], -1);
    expect(sorted(paintedCells(sheet, season))).toEqual(sorted(wanted(season, L)));
    expect(paintedCells(sheet, season).get(cellAt(L.row.season, L.col.check))).toBe(RED);
    expect(paintedCells(sheet, season).get(cellAt(L.row.checks, L.checks.all))).toBe(RED);
  });

  test("random cascades (fixed seeds): unbroken, and each row's target typed over", () => {
    for (const seed of [3, 11, 27]) {
      const v = validatePlan(randomCascadePlan(seed, { depth: 3, maxChildren: 3 }));
      if (!v.ok) throw new Error(JSON.stringify(v.problems));
      const { sheet, rows, L } = table(v.plan, "en");
      expect(sorted(paintedCells(sheet, rows))).toEqual(sorted(wanted(rows, L)));
      for (let r = L.row.first; r <= L.row.last; r += 3) {
        const broken = typed(rows, r, L.col.annual, 12345);
        expect(sorted(paintedCells(sheet, broken))).toEqual(sorted(wanted(broken, L)));
      }
    }
  });
});
