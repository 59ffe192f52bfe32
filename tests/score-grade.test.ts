/*
 * Graded KPIs in the engine: "由营销副总经理根据实际情况评分，好(10分)、较好(8分)、中(6分)、较差(4分)、
 * 差(2分)". A grade's points × the KPI's weight ÷ the top grade's points (docs/plan-format.md).
 */
import fc from "fast-check";
import { DEFAULT_GRADES, explainGrade, gradeIndex, scoreGrade, topPoints } from "../src/core/grade";
import { planError } from "./helpers/expect";

describe("the documents' five grades", () => {
  it("are 好 10, 较好 8, 中 6, 较差 4, 差 2, and good … poor in English, place by place", () => {
    expect(DEFAULT_GRADES.zh.map((g) => [g.name, g.points])).toEqual([["好", 10], ["较好", 8], ["中", 6], ["较差", 4], ["差", 2]]);
    expect(DEFAULT_GRADES.en.map((g) => [g.name, g.points])).toEqual([["good", 10], ["fairly good", 8], ["average", 6], ["fairly poor", 4], ["poor", 2]]);
  });
  it("give their points directly on a KPI weighted 10", () => {
    expect(DEFAULT_GRADES.zh.map((g) => scoreGrade(g.name, DEFAULT_GRADES.zh, 10))).toEqual([10, 8, 6, 4, 2]);
  });
  it("scale to the weight: 较好 on a KPI weighted 15 is 12, on one weighted 5 is 4", () => {
    expect(scoreGrade("较好", DEFAULT_GRADES.zh, 15)).toBe(12);
    expect(scoreGrade("较好", DEFAULT_GRADES.zh, 5)).toBe(4);
  });
});

describe("scoreGrade", () => {
  it("is blank for no grade yet", () => {
    for (const g of [null, undefined, ""]) expect(scoreGrade(g, DEFAULT_GRADES.zh, 10)).toBe("");
  });
  it("reads a grade as the sheet's MATCH does: any case", () => {
    expect(scoreGrade("Fairly Good", DEFAULT_GRADES.en, 10)).toBe(8);
    expect(gradeIndex(" poor ", DEFAULT_GRADES.en)).toBe(4);
  });
  it("scales by the top grade, wherever it is in the list: 3 of a 5-point scale on 20 is 12", () => {
    const grades = [{ name: "B", points: 3 }, { name: "A", points: 5 }, { name: "C", points: 0 }];
    expect(topPoints(grades)).toBe(5);
    expect(scoreGrade("B", grades, 20)).toBe(12);
    expect(scoreGrade("C", grades, 20)).toBe(0);
  });
  it("forms the product before the division, as the sheet's formula does", () => {
    const grades = [{ name: "x", points: 7 }, { name: "y", points: 9 }];
    expect(scoreGrade("x", grades, 13)).toBe((7 * 13) / 9);
  });
  it("refuses a grade not on the scale (#VALUE!), naming the grades", () => {
    const e = planError(() => scoreGrade("优秀", DEFAULT_GRADES.zh, 10));
    expect([e.code, e.key]).toEqual(["#VALUE!", "unknownGrade"]);
    expect(e.messageIn("en")).toBe("grade: '优秀' is not one of the grades (好, 较好, 中, 较差, 差)");
    expect(e.messageIn("zh")).toBe("等级：“优秀”不是可选的等级（好, 较好, 中, 较差, 差）");
  });
  it("refuses a scale whose top is 0 (#DIV/0!)", () => {
    expect(planError(() => scoreGrade("a", [{ name: "a", points: 0 }, { name: "b", points: 0 }], 10)).code).toBe("#DIV/0!");
  });
  it("a better grade never scores less, and no grade scores more than the weight (properties)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 100 }), { minLength: 2, maxLength: 8 }), fc.double({ min: 0, max: 100, noNaN: true }), (points, weight) => {
        fc.pre(Math.max(...points) > 0);
        const grades = points.map((p, i) => ({ name: `g${i}`, points: p }));
        const scores = grades.map((g) => scoreGrade(g.name, grades, weight) as number);
        grades.forEach((a, i) =>
          grades.forEach((b, j) => {
            if (a.points >= b.points) expect(scores[i]).toBeGreaterThanOrEqual(scores[j]);
          }),
        );
        for (const s of scores) expect(s).toBeLessThanOrEqual(weight * (1 + 1e-15));
      }),
      { seed: 1810 },
    );
  });
});

describe("explainGrade", () => {
  it("shows the working", () => {
    expect(explainGrade("较好", DEFAULT_GRADES.zh, 15)).toEqual({ score: 12, text: "12 = 较好 (8) × 15 ÷ 10", textZh: "12 = 较好 (8) × 15 ÷ 10" });
    expect(explainGrade(null, DEFAULT_GRADES.zh, 15)).toEqual({ score: "", text: "no data yet", textZh: "暂无数据" });
  });
});
