/**
 * Graded KPIs: the qualitative items of a scorecard that a manager grades rather than
 * measures — "由营销副总经理根据实际情况评分，好(10分)、较好(8分)、中(6分)、较差(4分)、差(2分)".
 * The actual is a grade picked from a list; the grade's points, on the scale of the top
 * grade, are scaled to the KPI's weight:
 *
 *     score = grade's points × weight ÷ the top grade's points
 *
 * so a grade of 8 on a 10-point scale earns 8 of a KPI weighted 10, and 12 of one weighted 15.
 * (The product is formed before the division, as the sheet's native formula forms it, so the two
 * agree to the last bit.)
 */
import { fail, fmt } from "./errors";

/** One grade of a scale: its name as picked in the cell, and its points. */
export interface Grade {
  /** The grade as written in the cell and the drop-down list ("较好", "fairly good"). */
  readonly name: string;
  /** Its points on the scale (8); at least 0. */
  readonly points: number;
}

/**
 * The planning documents' five grades, in both languages, best first: 好 10, 较好 8, 中 6,
 * 较差 4, 差 2 (good, fairly good, average, fairly poor, poor). The two lists are the same
 * scale: the grade at one position is the grade at that position in the other language.
 */
export const DEFAULT_GRADES: Readonly<Record<"en" | "zh", readonly Grade[]>> = Object.freeze({
  zh: Object.freeze([
    { name: "好", points: 10 },
    { name: "较好", points: 8 },
    { name: "中", points: 6 },
    { name: "较差", points: 4 },
    { name: "差", points: 2 },
  ]),
  en: Object.freeze([
    { name: "good", points: 10 },
    { name: "fairly good", points: 8 },
    { name: "average", points: 6 },
    { name: "fairly poor", points: 4 },
    { name: "poor", points: 2 },
  ]),
});

/**
 * The grade a cell's text names, compared as the sheet's MATCH compares it: whole text, any
 * case (Excel's MATCH ignores case), spaces at either end ignored here only for a plan's value.
 * @param text - the grade as written ("较好", "Fairly good")
 * @param grades - the scale
 * @returns the index of the first grade of that name, or -1
 * @example gradeIndex("Fairly Good", DEFAULT_GRADES.en) // 1
 */
export function gradeIndex(text: string, grades: readonly Grade[]): number {
  const t = text.trim().toLowerCase();
  return grades.findIndex((g) => g.name.trim().toLowerCase() === t);
}

/**
 * The top of a scale: the highest points of its grades.
 * @param grades - the scale (at least one grade)
 * @returns the highest points
 * @example topPoints(DEFAULT_GRADES.zh) // 10
 */
export function topPoints(grades: readonly Grade[]): number {
  return grades.reduce((m, g) => (g.points > m ? g.points : m), -Infinity);
}

/**
 * The points a graded KPI earns: the grade's points × weight ÷ the top grade's points; "" for
 * no grade yet (blank).
 *
 * @param grade - the grade picked, as text; null, undefined or "" (blank) for no data yet
 * @param grades - the scale (the top grade's points must be above 0)
 * @param weight - the KPI's weight in points (10)
 * @returns the points, or "" for a blank grade
 * @throws PlanError `#VALUE!` (unknownGrade) for a grade not on the scale; `#DIV/0!` (zeroTarget)
 *   when the top grade has 0 points (the scale has nothing to scale by)
 * @example scoreGrade("较好", DEFAULT_GRADES.zh, 10) // 8
 * @example scoreGrade("good", DEFAULT_GRADES.en, 15) // 15
 * @example scoreGrade(null, DEFAULT_GRADES.zh, 10) // ""
 */
export function scoreGrade(grade: string | null | undefined, grades: readonly Grade[], weight: number): number | "" {
  if (grade === null || grade === undefined || grade === "") return "";
  const i = gradeIndex(grade, grades);
  if (i < 0) fail("unknownGrade", { where: { arg: "grade" }, value: grade, allowed: grades.map((g) => g.name).join(", ") });
  const top = topPoints(grades);
  if (!(top > 0)) fail("zeroTarget", { where: { arg: "grade" } });
  return (grades[i].points * weight) / top;
}

/**
 * The working of a graded KPI's points, for the task pane: "8 = 较好 8 × 10 ÷ 10".
 * @param grade - as {@link scoreGrade}
 * @param grades - as {@link scoreGrade}
 * @param weight - as {@link scoreGrade}
 * @returns the score and its working in English and Chinese ("no data yet" / "暂无数据" for a blank grade)
 * @throws PlanError as {@link scoreGrade}
 * @example explainGrade("较好", DEFAULT_GRADES.zh, 15).text // "12 = 较好 (8) × 15 ÷ 10"
 */
export function explainGrade(grade: string | null | undefined, grades: readonly Grade[], weight: number): { score: number | ""; text: string; textZh: string } {
  const score = scoreGrade(grade, grades, weight);
  if (score === "") return { score, text: "no data yet", textZh: "暂无数据" };
  const g = grades[gradeIndex(grade as string, grades)];
  const working = `${fmt(score)} = ${g.name} (${fmt(g.points)}) × ${fmt(weight)} ÷ ${fmt(topPoints(grades))}`;
  return { score, text: working, textZh: working };
}
