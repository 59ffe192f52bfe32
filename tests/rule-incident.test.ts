/*
 * Per-incident clauses, as the target responsibility letters write them: "客户有效投诉次数每有1例，
 * 减__分", "没按时提交的情况每出现一次，减__分", and "每低__分，减__分" with its comma. The contract
 * (docs/functions.md, SCORE): a per-incident clause counts the incidents in the actual above the
 * target (usually 0) in the KPI's own units, completed steps by default or as the step mode says,
 * each step adding its signed points; a step cut from its points by a comma is one clause.
 * First the documents' own clauses, then the contract's examples (read from docs/functions.md),
 * then properties (more incidents never score more), the native formula against the engine, and
 * malformed clauses: #VALUE! quoting the clause, in argument order.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { compileRuleFormula } from "../src/core/rule-formula";
import { explainScore, parseScoringRule, scoreKpi } from "../src/core/score";
import { countOf } from "../src/core/rule";
import { score } from "../src/functions/functions";
import { planError } from "./helpers/expect";
import { CustomFunctionsErrorStub, installCustomFunctionsStub } from "./helpers/custom-functions";
import { evaluateFormula, type XlValue } from "./helpers/formula-eval";

installCustomFunctionsStub();

const COMPLAINTS = "客户有效投诉次数每有1例，减2分";
const LATE = "没按时提交的情况每出现一次，减2分";

describe("per-incident clauses: the documents' wording", () => {
  it("reads 客户有效投诉次数每有1例，减2分 as one clause: each incident above the target deducts 2", () => {
    const r = parseScoringRule(COMPLAINTS);
    expect(r.clauses).toEqual([COMPLAINTS]);
    expect(r.steps).toEqual([{ clause: COMPLAINTS, kind: "incident", side: "above", size: 1, unit: "abs", unitWord: "例", points: -2 }]);
    expect([0, 1, 2, 3, 5].map((n) => scoreKpi(n, 0, 10, { rule: COMPLAINTS }))).toEqual([10, 8, 6, 4, 0]);
  });
  it("reads 没按时提交的情况每出现一次，减2分 (一次 is one incident)", () => {
    expect(parseScoringRule(LATE).steps).toEqual([{ clause: LATE, kind: "incident", side: "above", size: 1, unit: "abs", unitWord: "次", points: -2 }]);
    expect(scoreKpi(2, 0, 5, { rule: LATE })).toBe(1);
  });
  it("reads 每低5分，减2分 (the letter's 每低__分，减__分) as the step 每低5分减2分", () => {
    const r = parseScoringRule("每低5分，减2分");
    expect(r.steps).toEqual([{ clause: "每低5分，减2分", kind: "step", side: "below", size: 5, unit: "abs", unitWord: "分", points: -2 }]);
    expect(scoreKpi(78, 85, 10, { rule: "每低5分，减2分" })).toBe(scoreKpi(78, 85, 10, { rule: "每低5分扣2分" }));
  });
  it.each([
    ["每有1例减2分", 1, -2],
    ["每发生1起扣5分", 1, -5],
    ["每出现1次，扣1分", 1, -1],
    ["迟到每次扣1分", 1, -1],
    ["投诉每例减3分", 1, -3],
    ["每有2例扣3分", 2, -3],
    ["每有两例减一分", 2, -1],
    ["每有十二例扣二十五分", 12, -25],
    ["每有１例，减２分", 1, -2],
    ["每有 1 例 ， 减 2 分", 1, -2],
    ["每有1例\n减2分", 1, -2],
    ["每有1例，则扣2分", 1, -2],
    ["迟到每次，就扣1分", 1, -1],
    ["每有1例加2分", 1, 2],
    ["-2 per incident", 1, -2],
    ["-2 per 3 incidents", 3, -2],
    ["deduct 2 points for each complaint", 1, -2],
    ["-1 each time", 1, -1],
    ["-1 every time", 1, -1],
    ["-2 PER INCIDENT", 1, -2],
    ["+1 per occurrence", 1, 1],
    ["2 per case", 1, 2],
  ])("reads %s: a step of %d incident(s), %d points", (text, size, points) => {
    const r = parseScoringRule(text);
    expect(r.steps).toHaveLength(1);
    expect(r.steps[0]).toMatchObject({ kind: "incident", side: "above", size, unit: "abs", points });
  });
  it("reads Chinese numerals in counts and points, and nothing else as a number", () => {
    expect(["一", "两", "二", "十", "十二", "二十", "二十五", "一百", "一百零五", "两百三十"].map(countOf)).toEqual([1, 2, 2, 10, 12, 20, 25, 100, 105, 230]);
    expect(countOf("十十")).toBeNaN();
    expect(planError(() => parseScoringRule("每有十十例减2分")).key).toBe("unreadableClause");
  });
  it("keeps the other clauses of a rule: incidents, a cap and a step mode together", () => {
    const r = parseScoringRule("每有2例扣3分，不足一档按一档计；最低2分");
    expect(r.clauses).toEqual(["每有2例扣3分", "不足一档按一档计", "最低2分"]);
    expect(r).toMatchObject({ mode: "partial", floor: 2 });
    // 3 incidents: 2 started steps of 2, 10 − 6 = 4; 5 incidents: 3 steps, 10 − 9 = 1, floor 2.
    expect([0, 1, 3, 5].map((n) => scoreKpi(n, 0, 10, { rule: "每有2例扣3分，不足一档按一档计；最低2分" }))).toEqual([10, 7, 4, 2]);
  });
});

describe("per-incident clauses: counting", () => {
  it("counts completed steps by default, started steps or pro rata when the rule says so", () => {
    expect(scoreKpi(3, 0, 10, { rule: "每有2例扣3分" })).toBe(7);
    expect(scoreKpi(3, 0, 10, { rule: "每有2例扣3分,不足一档按一档计" })).toBe(4);
    expect(scoreKpi(3, 0, 10, { rule: "每有2例扣3分,按比例" })).toBe(5.5);
  });
  it("counts only the incidents above the target: 5 against 2 allowed is 3", () => {
    expect(scoreKpi(5, 2, 10, { rule: "每有1例减2分" })).toBe(4);
    expect(scoreKpi(2, 2, 10, { rule: "每有1例减2分" })).toBe(10);
    expect(scoreKpi(1, 2, 10, { rule: "每有1例减2分" })).toBe(10);
  });
  it("goes to the floor, 0 by default, and a floor or cap argument wins", () => {
    expect(scoreKpi(8, 0, 10, { rule: COMPLAINTS })).toBe(0);
    expect(scoreKpi(8, 0, 10, { rule: COMPLAINTS, floor: 3 })).toBe(3);
    expect(scoreKpi(0, 0, 10, { rule: "+1 per incident", cap: 10 })).toBe(10);
    expect(scoreKpi(4, 0, 10, { rule: "+1 per incident", cap: 12 })).toBe(12);
  });
  it("is a blank for no data yet, and a typed 0 incidents is full points", () => {
    expect(scoreKpi(null, 0, 10, { rule: COMPLAINTS })).toBe("");
    expect(scoreKpi(0, 0, 10, { rule: COMPLAINTS })).toBe(10);
  });
  it("gives the same score through TARGET.SCORE's Excel face", () => {
    expect(score(3, 0, 10, COMPLAINTS)).toBe(4);
    expect(score(3, 0, 10, "-2 per incident", undefined, undefined, "lower")).toBe(4);
  });
  it("explains the score clause by clause: the incidents over the target, the steps, what they deducted", () => {
    const x = explainScore(3, 0, 10, { rule: `${COMPLAINTS}；每超1个加1分` });
    expect(x.text).toBe("7 = 10 - 3 × 2 + 3 × 1");
    expect(x.parts[0]).toEqual({
      clause: COMPLAINTS,
      kind: "incident",
      incidents: 3,
      steps: 3,
      perStep: -2,
      added: -6,
      detail: { en: "3 incidents over the target: 3 × -2 = -6", zh: "超过目标 3 例：3 × -2 = -6" },
    });
    expect(x.parts[1]).toMatchObject({ kind: "step", steps: 3, added: 3 });
    const per2 = explainScore(5, 0, 10, { rule: "每有2例扣3分" });
    expect(per2.parts[0].detail).toEqual({ en: "5 incidents over the target, 2 steps of 2: 2 × -3 = -6", zh: "超过目标 5 例，每 2 例一档，计 2 档：2 × -3 = -6" });
    expect(explainScore(0, 0, 10, { rule: COMPLAINTS }).parts[0]).toMatchObject({ incidents: 0, steps: 0, detail: { en: "no incidents over the target", zh: "未超过目标，不扣分" } });
  });
});

describe("the contract's examples (docs/functions.md, SCORE)", () => {
  // Every "=TARGET.SCORE(…) → n" line of the page, its arguments read as Excel reads them.
  const page = fs.readFileSync(path.resolve(__dirname, "../docs/functions.md"), "utf8");
  const lines = [...page.matchAll(/^=TARGET\.SCORE\((.*)\)\s+→\s+(-?[\d.]+)/gm)];
  const args = (text: string): (number | string | undefined)[] => {
    const out: string[] = [];
    let depth = 0;
    let quoted = false;
    let cur = "";
    for (const c of text) {
      if (c === '"') quoted = !quoted;
      if (!quoted && c === "(") depth++;
      if (!quoted && c === ")") depth--;
      if (!quoted && depth === 0 && c === ",") {
        out.push(cur.trim());
        cur = "";
      } else cur += c;
    }
    out.push(cur.trim());
    return out.map((a) => (a === "" ? undefined : a.startsWith('"') ? a.slice(1, -1) : a.endsWith("%") ? Number(a.slice(0, -1)) / 100 : Number(a)));
  };
  it("has the per-incident examples", () => {
    expect(lines.filter((m) => /例|一次|incident/.test(m[1])).length).toBeGreaterThanOrEqual(4);
  });
  it.each(lines.map((m) => [m[1], Number(m[2])]))("SCORE(%s) → %d", (text, want) => {
    const a = args(text as string);
    expect(score(...(a as Parameters<typeof score>))).toBeCloseTo(want as number, 9);
  });
});

describe("per-incident clauses: properties", () => {
  const ruleArb = fc.record({
    n: fc.constantFrom(1, 2, 3, 0.5),
    y: fc.constantFrom(1, 2, 0.5, 5),
    mode: fc.constantFrom("", ",不足一档按一档计", ",按比例", ";pro rata", "; partial steps count"),
    zh: fc.boolean(),
  });
  const text = (r: { n: number; y: number; mode: string; zh: boolean }, sign: "-" | "+"): string =>
    (r.zh ? `每有${r.n}例，${sign === "-" ? "减" : "加"}${r.y}分` : `${sign}${r.y} per ${r.n} incidents`) + r.mode;

  it("more incidents never score more; fewer never score less (a deduction)", () => {
    fc.assert(
      fc.property(ruleArb, fc.nat({ max: 40 }), fc.nat({ max: 40 }), fc.constantFrom(0, 1, 2), fc.constantFrom(10, 20, 5), (r, a, b, target, points) => {
        const rule = text(r, "-");
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const sLo = scoreKpi(lo, target, points, { rule }) as number;
        const sHi = scoreKpi(hi, target, points, { rule }) as number;
        expect(sHi).toBeLessThanOrEqual(sLo);
        expect(sLo).toBeLessThanOrEqual(points);
        expect(sHi).toBeGreaterThanOrEqual(0);
      }),
      { seed: 1801, numRuns: 400 },
    );
  });
  it("a clause that adds moves the other way: more incidents never score less", () => {
    fc.assert(
      fc.property(ruleArb, fc.nat({ max: 40 }), fc.nat({ max: 40 }), (r, a, b) => {
        const rule = text(r, "+");
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(scoreKpi(hi, 0, 10, { rule }) as number).toBeGreaterThanOrEqual(scoreKpi(lo, 0, 10, { rule }) as number);
      }),
      { seed: 1802, numRuns: 200 },
    );
  });
  it("whole incidents of one a step each deduct exactly Y each, down to the floor", () => {
    fc.assert(
      fc.property(fc.nat({ max: 30 }), fc.constantFrom(1, 2, 3, 0.5), (count, y) => {
        for (const rule of [`每有1例，减${y}分`, `每出现一次，扣${y}分`, `-${y} per incident`, `-${y} each time`]) {
          expect(scoreKpi(count, 0, 10, { rule })).toBe(Math.max(0, 10 - count * y));
        }
      }),
      { seed: 1803, numRuns: 100 },
    );
  });
  it("the Chinese and English forms score alike", () => {
    fc.assert(
      fc.property(ruleArb, fc.double({ min: 0, max: 40, noNaN: true }), fc.constantFrom(0, 1, 3), (r, a, target) => {
        expect(scoreKpi(a, target, 10, { rule: text({ ...r, zh: true }, "-") })).toBe(scoreKpi(a, target, 10, { rule: text({ ...r, zh: false }, "-") }));
      }),
      { seed: 1804, numRuns: 200 },
    );
  });
  it("the native formula scores what the engine scores, on every count", () => {
    const run = (f: string, cells: XlValue[]): XlValue => evaluateFormula(f, (row, col) => (row === 0 ? (cells[col] ?? null) : null));
    fc.assert(
      fc.property(ruleArb, fc.oneof(fc.nat({ max: 40 }), fc.double({ min: 0, max: 40, noNaN: true })), fc.constantFrom(0, 1, 2, 0.5), fc.constantFrom(10, 20, 5), fc.boolean(), (r, a, target, points, lower) => {
        const rule = text(r, "-");
        const direction = lower ? "lower" : "higher";
        const f = compileRuleFormula(rule, { actual: "A1", target: "B1", points: "C1", direction });
        expect(run(f, [a, target, points])).toBe(scoreKpi(a, target, points, { rule, direction }));
        expect(run(f, [null, target, points])).toBe("");
      }),
      { seed: 1805, numRuns: 300 },
    );
  });
});

describe("malformed per-incident clauses: #VALUE! quoting the clause", () => {
  it("a count of incidents without its points says what is missing, in both languages", () => {
    const e = planError(() => parseScoringRule("客户有效投诉次数每有1例"));
    expect([e.code, e.key, e.params.clause]).toEqual(["#VALUE!", "clauseWithoutPoints", "客户有效投诉次数每有1例"]);
    expect(e.messageIn("en")).toBe("rule: '客户有效投诉次数每有1例' does not say how many points to add or deduct: write it as 每有1例减2分, 每低5分扣2分 or -2 per incident");
    expect(e.messageIn("zh")).toBe("规则：“客户有效投诉次数每有1例”没有写加减多少分：请写成“每有1例减2分”“每低5分扣2分”这样");
  });
  it("a comma after the count with nothing readable after it leaves the count without points", () => {
    for (const text of ["每有1例，", "每出现一次，最高10分", "每有1例，每低5分扣1分", "每低5分，扣"]) {
      const e = planError(() => parseScoringRule(text));
      expect([e.key, e.params.clause]).toEqual(["clauseWithoutPoints", text.split(/[,，]/)[0]]);
    }
  });
  it("points without a step say so, quoting them", () => {
    const e = planError(() => parseScoringRule("最高10分，减2分"));
    expect([e.code, e.key, e.params.clause]).toEqual(["#VALUE!", "pointsWithoutStep", "减2分"]);
    expect(e.messageIn("zh")).toContain("“减2分”没有写按什么加减分");
    // A complete clause before a comma stays whole: its own points, then points without a step.
    expect(planError(() => parseScoringRule("每低5分扣2分，减2分")).params.clause).toBe("减2分");
  });
  it("a count of 0 incidents, or an unreadable numeral, is an unreadable clause", () => {
    for (const text of ["每有0例减2分", "-2 per 0 incidents", "每有1例减分"]) {
      const e = planError(() => parseScoringRule(text));
      expect(e.code).toBe("#VALUE!");
      expect(e.params.clause).toBe(text);
    }
  });
  it("order of checks: the rule's error comes at its argument, before a blank actual and after the target's own", () => {
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        if (e instanceof CustomFunctionsErrorStub) return `${e.code} ${e.message}`;
        throw e;
      }
      return "no error";
    };
    // A blank actual with a readable incident rule: "".
    expect(score(null, 0, 10, COMPLAINTS)).toBe("");
    // A blank actual with a malformed one: the rule's #VALUE!, not "".
    expect(code(() => score(null, 0, 10, "每有1例"))).toBe("#VALUE! rule: '每有1例' does not say how many points to add or deduct: write it as 每有1例减2分, 每低5分扣2分 or -2 per incident");
    // A text target is named before the rule.
    expect(code(() => score(3, "abc", 10, "每有1例"))).toMatch(/^#VALUE! target/);
    // A cap below the floor is checked across arguments, after the rule reads.
    expect(code(() => score(3, 0, 10, "每有1例，减2分", 1, 5))).toMatch(/^#NUM! floor/);
  });
});
