/*
 * What "My targets" shows for one person, read from a workbook the add-in generated: the
 * stored plan says who is who and what the targets are; the tracking and scorecard sheets
 * hold the actuals the rep typed (read with port.readRange, where the sheets' builders put
 * them). Every figure is core's: trackRow (attainment, light, pace), explainScore, and
 * neededToTurnGreen for what the remaining months need.
 */
import type { CheckResult, WorkbookPort } from "../../excel/port";
import { type Light, trafficLight } from "../../core/status";
import { type ScoreExplanation, explainScore } from "../../core/score";
import { type GreenNeed, neededToTurnGreen } from "../../core/needed";
import { isPlanError } from "../../core/errors";
import { explainGrade } from "../../core/grade";
import { type Plan, kpiGrades, planScale, roleWeights, validatePlan } from "../../sheets/plan";
import { buildScorecardSheet } from "../../sheets/scorecard";
import { type Revision, applyRevisions, revisionFigures, revisionsOf } from "../../sheets/revisions";
import { excelSerial, trackRow } from "../../sheets/tracking";
import type { CellValue } from "../../sheets/spec";
import { cellAddress } from "../workbench/a1";

/** Where the tracking sheet's builder puts things (src/sheets/tracking.ts: rows 2 and 6…, columns G…AD). */
const TRACKING = { asOf: "B2", firstDataRow: 5, firstMonthCol: 6 } as const;

/** The stored plan, validated; or why it cannot be used. */
export type StoredPlan = { ok: true; plan: Plan } | { ok: false; reason: "none" | "invalid" };

/** Reads the plan stored in the workbook and validates it. */
export async function readPlan(port: WorkbookPort): Promise<StoredPlan> {
  const raw = await port.readStoredPlan();
  if (raw === undefined) return { ok: false, reason: "none" };
  const checked = validatePlan(raw);
  return checked.ok ? { ok: true, plan: checked.plan } : { ok: false, reason: "invalid" };
}

/** The people of a plan, in order, once each: tracking rows that are people, then scorecard people. */
export function peopleOf(plan: Plan): string[] {
  const names: string[] = [];
  if (plan.tracking?.rowsAre === "people") names.push(...plan.tracking.rows.map((r) => r.name));
  names.push(...(plan.scorecard?.people ?? []).map((p) => p.name));
  return [...new Set(names)];
}

/** One person's tracking row worked out. */
export interface MyTracking {
  format: "amount" | "percent" | "count";
  /** The plan's unit word for amounts (元, 万元, 亿元). */
  unit: string;
  asOf: number;
  months: { target: number | null; actual: number | null }[];
  yearTarget: number | "";
  targetToDate: number | "";
  actualToDate: number | "";
  attainment: number | "" | undefined;
  light: Light | "";
  pace: number | "" | undefined;
  need: GreenNeed;
  monthsLeft: number;
}

/** One KPI of the person's scorecard. */
export interface MyKpi {
  name: string;
  weight: number;
  /** null for a graded KPI, which has none. */
  target: number | null;
  actual: number | null;
  format: "amount" | "percent" | "count";
  explanation: ScoreExplanation | undefined;
}

/** One revision of the person's target, in the units the sheets show. */
export interface MyRevision {
  /** YYYY-MM-DD. */
  date: string;
  from: number;
  to: number;
  /** The plan's unit word (元, 万元, 亿元), or "" for a count. */
  unit: string;
  why: string;
}

export interface MyTargets {
  name: string;
  /** The revisions of this person's target, oldest first (see src/sheets/revisions.ts). */
  revisions?: MyRevision[];
  tracking?: MyTracking;
  kpis?: MyKpi[];
  totalScore?: number;
}

const num = (v: CellValue | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/**
 * The sheet of the check `base` (e.g. "Check_Tracking_Rows"): when the workbook has more
 * than one (a sheet made again is placed beside the old one as "Check_Tracking_Rows_2"),
 * the newest, the one the stored plan describes.
 * @example sheetOf([{ name: "Check_Tracking_Rows", sheet: "Tracking" }, { name: "Check_Tracking_Rows_2", sheet: "Tracking (2)" }], "Check_Tracking_Rows") // "Tracking (2)"
 */
export function sheetOf(checks: Pick<CheckResult, "name" | "sheet">[], base: string): string | undefined {
  const pattern = new RegExp(`^${base}(?:_(\\d+))?$`, "i");
  let best: { n: number; sheet: string } | undefined;
  for (const c of checks) {
    const m = pattern.exec(c.name);
    if (!m) continue;
    const n = m[1] ? Number(m[1]) : 1;
    if (!best || n > best.n) best = { n, sheet: c.sheet };
  }
  return best?.sheet;
}

/**
 * Everything "My targets" shows for `name`, with the actuals as the workbook holds them now.
 * @param lang - the language of the words the sheets were built in does not matter: positions do not change with it
 */
export async function readMyTargets(port: WorkbookPort, stored: Plan, name: string): Promise<MyTargets> {
  const checks = await port.readChecks();
  const out: MyTargets = { name };
  // The sheets hold the figures with the revisions applied; the stored plan keeps them apart.
  const plan = stored.revisions?.length ? applyRevisions(stored) : stored;
  const revisions = revisionsOf(stored, name);
  if (revisions.length) out.revisions = revisions.map((r) => myRevision(plan, r));

  const tracking = plan.tracking;
  const rowIndex = tracking ? tracking.rows.findIndex((r) => r.name === name) : -1;
  if (tracking && rowIndex >= 0) {
    const row = tracking.rows[rowIndex];
    const sheet = sheetOf(checks, "Check_Tracking_Rows");
    const start = excelSerial(`${plan.year}-01-01`);
    const end = excelSerial(`${plan.year}-12-31`);
    const monthStarts = Array.from({ length: 12 }, (_, m) => excelSerial(`${plan.year}-${String(m + 1).padStart(2, "0")}-01`));
    let asOf = tracking.asOf ? excelSerial(tracking.asOf) : start;
    let actuals = row.actuals ?? new Array<number | null>(12).fill(null);
    const format = row.format ?? "amount";
    if (sheet) {
      const r = TRACKING.firstDataRow + rowIndex;
      const first = cellAddress({ row: r, col: TRACKING.firstMonthCol });
      const last = cellAddress({ row: r, col: TRACKING.firstMonthCol + 23 });
      const [[asOfCell]] = await port.readRange(sheet, TRACKING.asOf);
      const [cells] = await port.readRange(sheet, `${first}:${last}`);
      if (typeof asOfCell === "number") asOf = asOfCell;
      // The sheet shows amounts in the plan's unit; the plan keeps 元.
      const scale = format === "amount" ? planScale(plan) : 1;
      actuals = Array.from({ length: 12 }, (_, m) => {
        const v = num(cells[2 * m + 1]);
        return v === null ? null : v * scale;
      });
    }
    const t = trackRow(plan, { ...row, actuals }, asOf, monthStarts, start, end, "en");
    const monthsGone = monthStarts.filter((d) => d <= asOf).length;
    const withData = t.actuals.filter((a) => a !== null);
    const soFar = withData.reduce<number>((a, b) => a + (b as number), 0);
    let light: Light | "" = "";
    if (t.actualToDate !== "" && t.targetToDate !== "") {
      try {
        light = trafficLight(t.actualToDate, t.targetToDate, { greenAt: t.greenAt, yellowAt: t.yellowAt, direction: t.direction });
      } catch (error) {
        if (!isPlanError(error)) throw error;
      }
    }
    const yearTarget = t.yearTarget === "" ? 0 : t.yearTarget;
    out.tracking = {
      format,
      unit: plan.unit ?? "元",
      asOf,
      months: t.targets.map((target, m) => ({ target, actual: t.actuals[m] })),
      yearTarget: t.yearTarget,
      targetToDate: t.targetToDate,
      actualToDate: t.actualToDate,
      attainment: t.attainment,
      light,
      pace: t.pace,
      monthsLeft: 12 - monthsGone,
      need: neededToTurnGreen({
        yearTarget,
        actualSoFar: soFar,
        monthsLeft: 12 - monthsGone,
        greenAt: t.greenAt,
        direction: t.direction,
        aggregate: t.aggregate,
        monthsWithData: withData.length,
      }),
    };
  }

  const sc = plan.scorecard;
  const personIndex = sc?.people ? sc.people.findIndex((p) => p.name === name) : -1;
  if (sc && sc.people && personIndex >= 0) {
    const person = sc.people[personIndex];
    const sheet = sheetOf(checks, "Check_Scorecard_Weights");
    // A graded KPI's actual is a grade (text); a person with a role is scored with the role's weights.
    const given = (k: { id: string }): number | string | null => person.actuals?.[k.id] ?? null;
    let actuals: (number | null)[] = sc.kpis.map((k) => (typeof given(k) === "number" ? (given(k) as number) : null));
    let grades: (string | null)[] = sc.kpis.map((k) => (typeof given(k) === "string" ? (given(k) as string) : null));
    const role = (sc.roles ?? []).find((x) => x.id === person.role);
    const weights = role ? roleWeights(sc, role) : sc.kpis.map((k) => k.weight);
    if (sheet) {
      // Where the builder put this person's row: build the sheet again and find it.
      const spec = buildScorecardSheet(plan, { lang: "en" }).sheet;
      // People come last on the sheet: the last row whose first cell is the name.
      let r = spec.rows.length - 1;
      while (r >= 0 && !(spec.rows[r][0] && "v" in spec.rows[r][0]! && (spec.rows[r][0] as { v: CellValue }).v === name)) r--;
      if (r >= 0) {
        const [cells] = await port.readRange(sheet, `${cellAddress({ row: r, col: 1 })}:${cellAddress({ row: r, col: 2 * sc.kpis.length })}`);
        actuals = sc.kpis.map((_, i) => num(cells[2 * i]));
        grades = sc.kpis.map((_, i) => (typeof cells[2 * i] === "string" && cells[2 * i] !== "" ? (cells[2 * i] as string) : null));
      }
    }
    out.kpis = sc.kpis.map((kpi, i) => {
      let explanation: ScoreExplanation | undefined;
      try {
        const scale = kpiGrades(kpi, "en");
        if (scale) {
          // A grade in either language of the documents' scale (the sheet shows its own language's).
          const g = explainGrade(grades[i], kpi.grades === true ? [...scale, ...(kpiGrades(kpi, "zh") ?? [])] : scale, weights[i]);
          explanation = { score: g.score, base: weights[i], parts: [], text: g.text, textZh: g.textZh };
        } else explanation = explainScore(actuals[i], kpi.target ?? NaN, weights[i], { rule: kpi.rule, cap: kpi.cap, floor: kpi.floor, direction: kpi.direction ?? "higher" });
      } catch (error) {
        if (!isPlanError(error)) throw error;
      }
      return { name: kpi.name, weight: weights[i], target: kpi.target ?? null, actual: actuals[i], format: kpi.format ?? "count", explanation };
    });
    const scores = out.kpis.map((k) => k.explanation?.score).filter((s): s is number => typeof s === "number");
    if (scores.length > 0) out.totalScore = Number(scores.reduce((a, b) => a + b, 0).toPrecision(15));
  }
  return out;
}

/** A revision as My targets shows it: amounts in the plan's unit (counts as they are). */
function myRevision(plan: Plan, r: Revision): MyRevision {
  return { date: r.date, ...revisionFigures(plan, r), why: r.why };
}
