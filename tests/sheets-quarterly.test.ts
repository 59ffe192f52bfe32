/*
 * The quarterly split sheet: every `expect` is core's splitTotal of the row (recomputed here
 * from the inputs); the native largest-remainder algorithm the formulas spell out (cut,
 * slots, earlier ties, held parts, odd amount) equals core on random inputs (a step-by-step
 * mirror, fast-check); formulas stay within their row, use only Excel-2010 functions, and
 * checks, names, formats, protection and placement are as promised. LibreOffice's proof
 * that the formula text computes these numbers is tests/sheets-quarterly.engine.test.ts.
 */
import fc from "fast-check";
import { PlanError } from "../src/core/errors";
import { splitTotal } from "../src/core/split";
import { buildQuarterlySplit, type QuarterlySplitInput } from "../src/sheets/quarterly";
import { largestRemainderFormulas, parseA1, cellA1 } from "../src/sheets/formulas";
import { isValidDefinedName, isValidSheetName } from "../src/sheets/names";
import { labels } from "../src/sheets/i18n";
import type { CellSpec, SheetSpec } from "../src/sheets/spec";

const SEED_INPUT: QuarterlySplitInput = {
  names: ["华东", "华南", "华北", "其他"],
  annual: [48000000, 36000000, 24000000, 12000000],
  weights: [25, 30, 25, 20],
  unit: 10000,
  lang: "zh",
};

/** Every cell of a sheet with its absolute address. */
function cellsOf(sheet: SheetSpec): { a1: string; row: number; col: number; cell: CellSpec }[] {
  const o = parseA1(sheet.origin ?? "A1");
  const out: { a1: string; row: number; col: number; cell: CellSpec }[] = [];
  sheet.rows.forEach((r, i) => r.forEach((c, j) => c && out.push({ a1: cellA1(o.row + i, o.col + j), row: o.row + i, col: o.col + j, cell: c })));
  return out;
}
const at = (sheet: SheetSpec, a1: string): CellSpec | undefined => cellsOf(sheet).find((c) => c.a1 === a1)?.cell;
/** Functions a formula calls. */
const functionsIn = (f: string): string[] => [...f.replace(/"[^"]*"/g, "").matchAll(/([A-Z][A-Z0-9.]*)\(/g)].map((m) => m[1]);
/** Row numbers (1-based) a formula references. */
const rowsIn = (f: string): number[] => [...f.replace(/"[^"]*"/g, "").matchAll(/\$?[A-Z]{1,3}\$?(\d+)/g)].map((m) => Number(m[1]));

const EXCEL_2010 = new Set(["ABS", "AND", "IF", "INT", "LARGE", "MATCH", "MAX", "MIN", "ROUND", "SUM", "SUMPRODUCT", "COUNTIF", "INDEX"]);

describe("the seed's regions split into quarters (万元 rounding of 元 amounts)", () => {
  const spec = buildQuarterlySplit(SEED_INPUT);
  const sheet = spec.sheets[0];
  test("Q1–Q4 of 华东 are 12,000,000 / 14,400,000 / 12,000,000 / 9,600,000 (40 % of the seed's quarters)", () => {
    expect(["C5", "D5", "E5", "F5"].map((a) => (at(sheet, a) as { expect: number }).expect)).toEqual([12000000, 14400000, 12000000, 9600000]);
  });
  test("the total row adds up to the domain's quarters", () => {
    expect(["C9", "D9", "E9", "F9"].map((a) => (at(sheet, a) as { expect: number }).expect)).toEqual([30000000, 36000000, 30000000, 24000000]);
  });
  test("a check column, checks TRUE, and Check_ names pointing at check formulas", () => {
    for (const r of [5, 6, 7, 8]) expect(at(sheet, `H${r}`)).toMatchObject({ expect: true });
    expect(spec.names.map((n) => n.name)).toEqual(["Check_Quarterly_Weights", "Check_Quarterly_Rows"]);
    for (const n of spec.names) {
      expect(isValidDefinedName(n.name)).toBe(true);
      expect(n.sheet).toBe(sheet.name);
      expect(at(sheet, n.ref.replace(/\$/g, ""))).toMatchObject({ expect: true });
    }
  });
  test("a FALSE check shows red", () => {
    const cf = sheet.conditionalFormats!.find((c) => c.range.includes("H"));
    expect(cf).toBeDefined();
    expect(cf!.formula).toMatch(/=FALSE$/);
    expect(cf!.fill).toMatch(/^#F/);
  });
  test("sheet name, frozen header, table over the data rows only, print setup, widths", () => {
    expect(sheet.name).toBe("季度分解");
    expect(isValidSheetName(sheet.name)).toBe(true);
    expect(sheet.freeze).toEqual({ rows: 4, columns: 2 });
    expect(sheet.tables).toEqual([expect.objectContaining({ range: "A4:H8" })]);
    expect(sheet.print).toMatchObject({ landscape: true, fitToWidth: true });
    expect(sheet.columnWidths!.length).toBeGreaterThanOrEqual(8);
  });
});

describe("every expect is core's value", () => {
  const gen = fc.record({
    annual: fc.array(fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, 1, 3, 7, 15, 80)), { minLength: 0, maxLength: 6 }),
    weights: fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0.1, 0.2, 0.3, 1 / 3)), { minLength: 4, maxLength: 4 }).filter((w) => w.some((x) => x > 0)),
    monthWeights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 12, maxLength: 12 }),
    unit: fc.constantFrom(0, 1, 10, 10000, 0.01, 0.5),
    months: fc.boolean(),
  });
  test("quarters, months, totals and checks (fast-check)", () => {
    fc.assert(
      fc.property(gen, (g) => {
        const names = g.annual.map((_, i) => `rep ${i}`);
        const spec = buildQuarterlySplit({ names, annual: g.annual, weights: g.weights, unit: g.unit, months: g.months, monthWeights: g.monthWeights, lang: "en" });
        const sheet = spec.sheets[0];
        g.annual.forEach((a, i) => {
          const r = 5 + i;
          const q = splitTotal(a, [g.weights], { unit: g.unit })[0];
          ["C", "D", "E", "F"].forEach((c, k) => expect((at(sheet, `${c}${r}`) as { expect: number }).expect).toBe(q[k]));
          if (g.months) {
            const cols = ["G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R"];
            for (let k = 0; k < 12; k++) {
              const qk = Math.floor(k / 3);
              const m = splitTotal(q[qk], [g.monthWeights.slice(3 * qk, 3 * qk + 3)], { unit: g.unit })[0];
              expect((at(sheet, `${cols[k]}${r}`) as { expect: number }).expect).toBe(m[k - 3 * qk]);
            }
          }
        });
        expect(spec.names.every((n) => n.name.startsWith("Check_"))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * The native formulas' algorithm, step by step as the cells compute it (n with the total's
 * binary noise, exact and whole units, remainders with −1 for held parts, left, the cut as
 * LARGE, the tie tolerance from the largest share, slots, the running tie count, the odd
 * amount to the first free part of largest weight), in plain JavaScript.
 */
function nativeMirror(amountTotal: number, w: number[], unit: number, held: number[] = w.map(() => 0)): number[] {
  const slack = (x: number) => Math.min(1e-9 * Math.max(1, Math.abs(x)), 1e-4);
  const decimals = (() => {
    for (let d = 0; d <= 9; d++) if (Math.abs(unit * 10 ** d - Math.round(unit * 10 ** d)) <= 1e-9 * Math.max(1, unit * 10 ** d)) return d;
    return 9;
  })();
  const times = (u: number) => (Number.isInteger(unit) ? u * unit : Math.round(u * unit * 10 ** decimals) / 10 ** decimals);
  const heldSum = held.reduce((a, b) => a + b, 0);
  const A = Math.abs(amountTotal - heldSum) <= 1e-9 * Math.max(1, Math.abs(amountTotal), Math.abs(heldSum)) ? 0 : amountTotal - heldSum;
  const W = w.reduce((s, x, i) => s + (held[i] > 0 ? 0 : x), 0);
  const n0 = Math.floor(A / unit + slack(A / unit));
  const n = n0 + (times(n0 + 1) - A <= amountTotal * 2 ** -50 ? 1 : 0);
  const q = w.map((x, i) => (held[i] > 0 || n === 0 ? 0 : (n * x) / W));
  const base = q.map((x, i) => (held[i] > 0 ? 0 : Math.min(Math.floor(x + slack(x)), n)));
  const rem = q.map((x, i) => (held[i] > 0 ? -1e300 : Math.max(0, x - base[i])));
  const left = n - base.reduce((a, b) => a + b, 0);
  const cut = left > 0 ? [...rem].sort((a, b) => b - a)[left - 1] : 0;
  const tie = Math.max(1e-9, Math.max(...q) * 2 ** -48);
  const hi = cut + tie;
  const slots = left - rem.filter((r) => r > hi).length;
  const eff = w.map((x, i) => (held[i] > 0 ? -1 : x));
  const heaviest = eff.indexOf(Math.max(...eff));
  const near = rem.map((r) => (Math.abs(r - cut) <= tie ? 1 : 0));
  let running = 0;
  const ties = near.map((x) => (running += x));
  const odd = A - times(n);
  return w.map((_, i) => {
    if (held[i] > 0) return held[i];
    const bonus = left > 0 ? (rem[i] > hi ? 1 : 0) + near[i] * (ties[i] <= slots ? 1 : 0) : 0;
    return times(base[i] + bonus) + (heaviest === i ? odd : 0);
  });
}

describe("the native algorithm is core's largest remainder", () => {
  test("contract examples", () => {
    expect(nativeMirror(80, new Array(12).fill(1), 1)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6]);
    expect(nativeMirror(15, [1, 2], 10)).toEqual([0, 15]);
    expect(nativeMirror(120000000, [25, 30, 25, 20], 10000)).toEqual([30000000, 36000000, 30000000, 24000000]);
    // Equal thirds of a billion-unit share: binary noise must not decide the tie (core: the earlier part).
    expect(nativeMirror(252666274, [2, 0, 0.2, 2], 1)).toEqual(splitTotal(252666274, [[2, 0, 0.2, 2]], { unit: 1 })[0]);
  });
  test("a held part is never tied with the cut, even when the tie tolerance exceeds 1 (5.9e14 units of 0.001)", () => {
    const w = [0, 0, 1, 0.1, 0.1];
    const held = [1, 0, 0, 0, 1];
    const core = splitTotal(591266161830, [w], { unit: 0.001, fixed: [held] })[0];
    nativeMirror(591266161830, w, 0.001, held).forEach((x, i) => expect(Math.abs(x - core[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(core[i]))));
  });
  test("random weights, ties, held parts and units (fast-check)", () => {
    const part = fc.record({ w: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom(0.1, 0.2, 0.3, 1 / 3, 2 / 3)), held: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 50 })) });
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 14 }),
        fc.oneof(fc.integer({ min: 0, max: 10000 }), fc.double({ min: 0, max: 5000, noNaN: true }), fc.integer({ min: 1e8, max: 1e12 }), fc.double({ min: 1e6, max: 1e10, noNaN: true })),
        fc.constantFrom(1, 3, 10, 0.01, 0.1, 0.25, 0.001),
        (parts, extra, unit) => {
          const w = parts.map((p) => p.w);
          const held = parts.map((p) => p.held);
          const free = parts.filter((p) => !(p.held > 0));
          if (free.length === 0 || free.every((p) => p.w === 0)) return;
          const total = held.reduce((a, b) => a + b, 0) + extra;
          const core = splitTotal(total, [w], { unit, fixed: [held] })[0];
          const mine = nativeMirror(total, w, unit, held);
          mine.forEach((x, i) => expect(Math.abs(x - core[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(core[i]))));
        },
      ),
      { numRuns: 2000 },
    );
  });
  test("the formulas spell out that algorithm with the layout's cells", () => {
    const F = largestRemainderFormulas({
      amount: "$B5",
      total: "$B5",
      unit: 1,
      weights: ["C$3", "D$3", "E$3"],
      weightRange: "$C$3:$E$3",
      wsum: "$J$3",
      heaviest: "$K$3",
      n0: "$I5",
      n: "$J5",
      left: "$K5",
      cut: "$L5",
      tie: "$M5",
      hi: "$N5",
      slots: "$O5",
      odd: "$P5",
      q: ["Q5", "R5", "S5"],
      qRange: "$Q5:$S5",
      base: ["T5", "U5", "V5"],
      baseRange: "$T5:$V5",
      rem: ["W5", "X5", "Y5"],
      remRange: "$W5:$Y5",
      ties: ["Z5", "AA5", "AB5"],
    });
    expect(F.wsum).toBe("SUM($C$3:$E$3)");
    expect(F.heaviest).toBe("MATCH(MAX($C$3:$E$3),$C$3:$E$3,0)");
    expect(F.n0).toBe("INT($B5/1+MIN(1E-9*MAX(1,$B5/1),1E-4))");
    expect(F.n).toBe("$I5+(($I5+1)-$B5<=$B5*2^-50)");
    expect(F.left).toBe("$J5-SUM($T5:$V5)");
    expect(F.cut).toBe("IF($K5>0,LARGE($W5:$Y5,$K5),0)");
    expect(F.tie).toBe("MAX(1E-9,MAX($Q5:$S5)*2^-48)");
    expect(F.hi).toBe("$L5+$M5");
    expect(F.slots).toBe("$K5-((W5>$N5)+(X5>$N5)+(Y5>$N5))");
    expect(F.odd).toBe("$B5-$J5");
    expect(F.q[1]).toBe("IF($J5=0,0,$J5*D$3/$J$3)");
    expect(F.base[1]).toBe("MIN(INT(R5+MIN(1E-9*MAX(1,R5),1E-4)),$J5)");
    expect(F.rem[1]).toBe("MAX(0,R5-U5)");
    expect(F.ties).toEqual(["0+(ABS(W5-$L5)<=$M5)", "Z5+(ABS(X5-$L5)<=$M5)", "AA5+(ABS(Y5-$L5)<=$M5)"]);
    expect(F.result[1]).toBe("(U5+IF($K5>0,(X5>$N5)+(ABS(X5-$L5)<=$M5)*(AA5<=$O5),0))+($K$3=2)*$P5");
  });
  test("with held parts: held cells kept, their remainder −1, free weights only; a decimal unit rounds its multiples", () => {
    const F = largestRemainderFormulas({
      amount: "$M$2",
      unit: 0.01,
      weights: ["$B$5", "$B$6"],
      weightRange: "$B$5:$B$6",
      held: ["$C$5", "$C$6"],
      heldRange: "$C$5:$C$6",
      effective: ["$H$5", "$H$6"],
      effectiveRange: "$H$5:$H$6",
      wsum: "$N$2",
      heaviest: "$O$2",
      total: "$B$2",
      n0: "$W$2",
      n: "$P$2",
      left: "$Q$2",
      cut: "$R$2",
      tie: "$S$2",
      hi: "$T$2",
      slots: "$U$2",
      odd: "$V$2",
      q: ["$I$5", "$I$6"],
      qRange: "$I$5:$I$6",
      base: ["$J$5", "$J$6"],
      baseRange: "$J$5:$J$6",
      rem: ["$K$5", "$K$6"],
      remRange: "$K$5:$K$6",
      ties: ["$L$5", "$L$6"],
    });
    expect(F.wsum).toBe("SUMPRODUCT($B$5:$B$6*($C$5:$C$6<=0))");
    expect(F.heaviest).toBe("MATCH(MAX($H$5:$H$6),$H$5:$H$6,0)");
    expect(F.effective).toEqual(["IF($C$5>0,-1,$B$5)", "IF($C$6>0,-1,$B$6)"]);
    expect(F.rem[0]).toBe("IF($C$5>0,-1E+300,MAX(0,$I$5-$J$5))");
    expect(F.odd).toBe("$M$2-ROUND($P$2*0.01,2)");
    expect(F.n).toBe("$W$2+(ROUND(($W$2+1)*0.01,2)-$M$2<=$B$2*2^-50)");
    expect(F.q[0]).toBe("IF($C$5>0,0,IF($P$2=0,0,$P$2*$B$5/$N$2))");
    expect(F.result[0]).toMatch(/^IF\(\$C\$5>0,\$C\$5,ROUND\(\(\$J\$5\+IF\(/);
  });
});

describe("formulas reps can trust", () => {
  const spec = buildQuarterlySplit({ ...SEED_INPUT, months: true, unit: 1 });
  const sheet = spec.sheets[0];
  const formulas = cellsOf(sheet).filter((c) => "f" in c.cell);
  test("only functions of Excel 2010 or older (no _xlfn. needed)", () => {
    for (const { cell } of formulas) for (const fn of functionsIn((cell as { f: string }).f)) expect(EXCEL_2010).toContain(fn);
  });
  test("no whole-column references; a data row's formulas reference their own row and the weights row", () => {
    for (const { cell, row } of formulas) {
      const f = (cell as { f: string }).f;
      expect(f).not.toMatch(/(^|[^A-Z$])\$?[A-Z]{1,3}:\$?[A-Z]{1,3}([^0-9]|$)/);
      if (row >= 4 && row <= 7) for (const r of rowsIn(f)) expect([row + 1, 3]).toContain(r);
    }
  });
  test("no leading '=' and balanced parentheses", () => {
    for (const { cell } of formulas) {
      const f = (cell as { f: string }).f;
      expect(f.startsWith("=")).toBe(false);
      let depth = 0;
      let lowest = 0;
      for (const ch of f) {
        depth += ch === "(" ? 1 : ch === ")" ? -1 : 0;
        lowest = Math.min(lowest, depth);
      }
      expect([lowest, depth]).toEqual([0, 0]);
    }
  });
  test("months: twelve month columns, each quarter's months checked against the quarter", () => {
    expect(sheet.rows[3].slice(6, 18).map((c) => (c as { v: string }).v)).toEqual(["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"]);
    const check = at(sheet, "T5") as { f: string };
    expect(check.f.match(/<=1E-9\*/g)!.length).toBe(5);
    expect((at(sheet, "G5") as { expect: number }).expect).toBe(4000000);
  });
});

describe("inputs, text, placement, protection", () => {
  test("a name that looks like a formula stays text", () => {
    const spec = buildQuarterlySplit({ ...SEED_INPUT, names: ["=HYPERLINK(\"x\")", "+1", "-2", "@a"] });
    expect(spec.sheets[0].rows.slice(4, 8).map((r) => r[0])).toEqual([
      { v: "=HYPERLINK(\"x\")", input: true },
      { v: "+1", input: true },
      { v: "-2", input: true },
      { v: "@a", input: true },
    ]);
  });
  test("beside a selection in an existing sheet: origin, existing, formulas shifted, no freeze or table", () => {
    const spec = buildQuarterlySplit({ ...SEED_INPUT, existingSheet: "Data", origin: "J3", lang: "en" });
    const sheet = spec.sheets[0];
    expect(sheet).toMatchObject({ name: "Data", existing: true, origin: "J3" });
    expect(sheet.freeze).toBeUndefined();
    expect(sheet.tables).toBeUndefined();
    // Row 5 of the block (the first rep) is sheet row 7; annual in K, Q1 in L.
    const q1 = at(sheet, "L7") as { f: string; expect: number };
    expect(q1.expect).toBe(12000000);
    // The quarters' units to hand out come from the annual figure in K7.
    const row7 = cellsOf(sheet).filter((c) => c.row === 6 && "f" in c.cell).map((c) => (c.cell as { f: string }).f);
    expect(row7).toContain("INT($K7/10000+MIN(1E-9*MAX(1,$K7/10000),1E-4))");
    expect(q1.f).toMatch(/\*10000\+\(\$\w+\$5=1\)\*\w+7$/);
    expect(spec.names[0].name).toBe("Check_Quarterly_J3_Weights");
  });
  test("a sheet name that is taken or invalid is made valid and unique", () => {
    const spec = buildQuarterlySplit({ ...SEED_INPUT, sheetName: "Plan: 2025/Q*", takenSheetNames: ["plan- 2025-q-"] });
    expect(spec.sheets[0].name).toBe("Plan- 2025-Q- (2)");
    expect(isValidSheetName(spec.sheets[0].name)).toBe(true);
    const taken = buildQuarterlySplit({ ...SEED_INPUT, takenNames: ["Check_Quarterly_Rows"] });
    expect(taken.names.map((n) => n.name)).toEqual(["Check_Quarterly_Weights", "Check_Quarterly_Rows_2"]);
  });
  test("protection: the sheet is protected and names, annual figures and weights are unlocked", () => {
    const sheet = buildQuarterlySplit({ ...SEED_INPUT, protect: true, months: true }).sheets[0];
    expect(sheet.protect).toBe(true);
    const unlocked = sheet.formats!.filter((f) => f.locked === false).map((f) => f.range);
    expect(unlocked).toEqual(expect.arrayContaining(["C3:R3", "A5:B8"]));
    // Every formula cell stays locked: no unlocked range covers a formula.
    const covers = (range: string, a1: string) => {
      const [a, b = a] = range.split(":").map(parseA1);
      const c = parseA1(a1);
      return c.row >= a.row && c.row <= b.row && c.col >= a.col && c.col <= b.col;
    };
    for (const { a1, cell } of cellsOf(sheet)) if ("f" in cell) for (const r of unlocked) expect(covers(r, a1)).toBe(false);
  });
  test("live TARGET.SPLIT variants when asked", () => {
    const sheet = buildQuarterlySplit({ ...SEED_INPUT, live: true }).sheets[0];
    expect((at(sheet, "D5") as { live: string }).live).toBe("INDEX(TARGET.SPLIT($B5,$C$3:$F$3,10000),1,2)");
  });
  test("bad input is refused with core's errors", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof PlanError ? e.code : "other";
      }
      return "none";
    };
    expect(code(() => buildQuarterlySplit({ ...SEED_INPUT, annual: [1, -2, 3, 4] }))).toBe("#NUM!");
    expect(code(() => buildQuarterlySplit({ ...SEED_INPUT, annual: [1, 2] }))).toBe("#VALUE!");
    expect(code(() => buildQuarterlySplit({ ...SEED_INPUT, weights: [0, 0, 0, 0] }))).toBe("#DIV/0!");
    expect(code(() => buildQuarterlySplit({ ...SEED_INPUT, weights: [1, 2, 3] }))).toBe("#VALUE!");
  });
});

describe("the split's input is stored in the workbook, in place of a plan", () => {
  test("the record builds the same sheet again, through the plan cells and an .xlsx file", async () => {
    const { planCells, planFromCells } = await import("../src/sheets/spec");
    const { quarterlySplitInputOf } = await import("../src/sheets/quarterly");
    const { validatePlan } = await import("../src/sheets/plan");
    const { writeXlsx } = await import("../src/xlsx/write");
    const { readXlsxPlan } = await import("../src/xlsx/read");
    const input: QuarterlySplitInput = { ...SEED_INPUT, months: true, monthWeights: [1, 2, 3, 1, 1, 1, 2, 2, 1, 1, 1, 5], sheetName: "Regions 2025", protect: true, takenNames: ["Check_Quarterly_Rows"] };
    const spec = buildQuarterlySplit(input);
    expect(spec.plan).toMatchObject({ version: 1, kind: "quarterlySplit", title: "Regions 2025" });
    // Not a plan: the pane's plan flows do not mistake it for one.
    expect(validatePlan(spec.plan).ok).toBe(false);
    for (const stored of [planFromCells(planCells(spec.plan)), await readXlsxPlan(await writeXlsx(spec))]) {
      const again = quarterlySplitInputOf(stored);
      expect(again).toBeDefined();
      // The workbook's taken names are the workbook's, not the split's.
      expect(again!.takenNames).toBeUndefined();
      expect(buildQuarterlySplit({ ...again!, takenNames: input.takenNames }).sheets).toEqual(spec.sheets);
    }
  });
  test("an .xlsx that stores a full plan keeps it when a split is added; a split's record replaces an earlier split's", async () => {
    const { writeXlsx, addToXlsx } = await import("../src/xlsx/write");
    const { readXlsxPlan } = await import("../src/xlsx/read");
    const { keepsStoredPlan } = await import("../src/sheets/quarterly");
    const { planCells } = await import("../src/sheets/spec");
    const plan = { version: 1, title: "East team 2025", year: 2025, total: 100 };
    const withPlan = await writeXlsx({ sheets: [{ name: "Notes", kind: "notes", rows: [[{ v: "x" }]] }], names: [], plan });
    const split = (sheetName: string) => buildQuarterlySplit({ ...SEED_INPUT, sheetName, takenNames: ["Check_Quarterly_Weights", "Check_Quarterly_Rows"] });
    expect(await readXlsxPlan(await addToXlsx(withPlan, split("Split A")))).toEqual(plan);
    const withSplit = await writeXlsx(buildQuarterlySplit(SEED_INPUT));
    expect(await readXlsxPlan(await addToXlsx(withSplit, split("Split B")))).toMatchObject({ kind: "quarterlySplit", title: "Split B" });
    // The rule itself: only a split's record is held back, only by something else stored.
    const record = split("S").plan;
    expect(keepsStoredPlan(record, planCells(plan))).toBe(true);
    expect(keepsStoredPlan(record, ["something else"])).toBe(true);
    expect(keepsStoredPlan(record, planCells(record))).toBe(false);
    expect(keepsStoredPlan(record, undefined)).toBe(false);
    expect(keepsStoredPlan(record, [])).toBe(false);
    expect(keepsStoredPlan(plan, planCells(record))).toBe(false);
  });
  test("anything else stored is not a quarterly split", async () => {
    const { quarterlySplitInputOf } = await import("../src/sheets/quarterly");
    const good = buildQuarterlySplit(SEED_INPUT).plan as { quarterlySplit: Record<string, unknown> };
    for (const bad of [undefined, null, 3, { title: "plan", year: 2025 }, { ...good, version: 2 }, { ...good, quarterlySplit: { ...good.quarterlySplit, annual: ["1"] } }, { ...good, quarterlySplit: { ...good.quarterlySplit, lang: "de" } }]) {
      expect(quarterlySplitInputOf(bad)).toBeUndefined();
    }
  });
});

describe("aligned beside the selected targets (alignTo)", () => {
  const L = labels("en");
  test("row i of the targets is row i of Q1–Q4, whatever room there is above; the header and weights go above when they fit, else below the total", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 0, maxLength: 4 }),
        fc.boolean(),
        (top, annual, months) => {
          const names = annual.map((_, i) => `Rep ${i + 1}`);
          const alignTo = cellA1(top, 3);
          const spec = buildQuarterlySplit({ names, annual, weights: [25, 30, 25, 20], unit: 10000, months, lang: "en", existingSheet: "Data", alignTo });
          const sheet = spec.sheets[0];
          expect(sheet.existing).toBe(true);
          const origin = parseA1(sheet.origin!);
          expect(origin.row).toBeGreaterThanOrEqual(0);
          expect(origin.col).toBe(3);
          // Each target's name, annual figure and quarters are on the target's own sheet row.
          annual.forEach((a, i) => {
            const r = top + i;
            expect(at(sheet, cellA1(r, 3))).toEqual({ v: names[i], input: true });
            expect(at(sheet, cellA1(r, 4))).toEqual({ v: a, input: true });
            const want = splitTotal(a, [[25, 30, 25, 20]], { unit: 10000 })[0];
            expect([5, 6, 7, 8].map((c) => (at(sheet, cellA1(r, c)) as { expect: number }).expect)).toEqual(want);
          });
          // The total row is right under the targets.
          expect(at(sheet, cellA1(top + annual.length, 3))).toEqual({ v: L.total });
          // The header row: directly above the targets when there is a row for it, else below.
          const headerRow = cellsOf(sheet).find((c) => c.col === 3 && (c.cell as { v?: unknown }).v === L.name)!.row;
          expect(headerRow).toBe(top >= 1 ? top - 1 : top + annual.length + 1);
          const weightsRow = cellsOf(sheet).find((c) => c.col === 3 && (c.cell as { v?: unknown }).v === L.weights)!.row;
          expect(weightsRow).toBe(top >= 2 ? top - 2 : Math.max(top + annual.length, headerRow) + 1);
          // Formulas of a data row read only that row and the weights row.
          for (const c of cellsOf(sheet)) {
            if (!("f" in c.cell) || c.row < top || c.row >= top + annual.length) continue;
            for (const r of rowsIn(c.cell.f)) expect([c.row + 1, weightsRow + 1]).toContain(r);
          }
          // Weights-check formulas point at the weights row, wherever it is.
          const wCheck = at(sheet, cellA1(weightsRow, months ? 3 + 19 : 3 + 7)) as { f: string };
          expect(rowsIn(wCheck.f).every((r) => r === weightsRow + 1)).toBe(true);
          expect(spec.names.map((n) => n.ref)).toEqual([`$${months ? "W" : "K"}$${weightsRow + 1}`, `$${months ? "W" : "K"}$${top + annual.length + 1}`]);
        },
      ),
      { numRuns: 60 },
    );
  });
  test("with four rows or more above, the block is the usual one (title, note, weights, header) ending right above the targets", () => {
    const aligned = buildQuarterlySplit({ ...SEED_INPUT, existingSheet: "Data", alignTo: "J7" });
    const usual = buildQuarterlySplit({ ...SEED_INPUT, existingSheet: "Data", origin: "J3" });
    expect(aligned.sheets[0]).toEqual(usual.sheets[0]);
  });
  test("the currency labels the amounts and the rounding", () => {
    const sheet = buildQuarterlySplit({ ...SEED_INPUT, lang: "en", currency: "元" }).sheets[0];
    expect(sheet.rows[3].slice(0, 2)).toEqual([{ v: "Name" }, { v: "Annual (元)" }]);
    expect((sheet.rows[1][0] as { v: string }).v).toMatch(/^Parts rounded to 10,000 元 /);
  });
});
