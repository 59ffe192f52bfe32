/*
 * The tracking form's rows and the plan they make: rows from the decomposition (one per
 * member of a split, its annual amount spread over the months; or a month split's twelve
 * months as one row) or from a table (names, then an annual target, twelve monthly targets,
 * or twelve pairs of target and actual), with traffic-light settings for all rows and per
 * row.
 */
import { type AmountUnit, type Plan, type TrackingRow, type ValueFormat, UNIT_SCALE, splitMemberNames } from "../../sheets/plan";
import type { NamedNumbers } from "./forms/numbers";

/** How a row's light is set: the form's defaults, each overridable per row. */
export interface LightSettings {
  format: ValueFormat;
  direction: "higher" | "lower";
  /** Percent text, e.g. "100". */
  green: string;
  /** Percent text, e.g. "90". */
  yellow: string;
}

export const DEFAULT_LIGHTS: LightSettings = { format: "amount", direction: "higher", green: "100", yellow: "90" };

/** A row before its light settings: the name and where its targets come from. */
export interface RowSource {
  name: string;
  target: TrackingRow["target"];
  months?: string;
  actuals?: (number | null)[];
  /** The format the source fixes (a count split's rows are counts), if any. */
  format?: ValueFormat;
}

/** Splits whose members can be rows (not quarters or months), and month splits (one row each). */
export function trackableSplits(plan: Plan): { members: { id: string; label: string }[]; months: { id: string; label: string }[] } {
  const label = (s: { id: string; name?: string }) => s.name ?? s.id;
  const splits = plan.splits ?? [];
  return {
    members: splits.filter((s) => s.kind !== "quarter" && s.kind !== "month").map((s) => ({ id: s.id, label: label(s) })),
    months: splits.filter((s) => s.kind === "month").map((s) => ({ id: s.id, label: label(s) })),
  };
}

/**
 * Rows from the decomposition: one per member of `splitId` (shaped over the months by the
 * month split `monthsId`, or evenly), or, for a month split, one row of its twelve months.
 * @example rowsFromPlan(seedPlan, "region", "month").map((r) => r.name) // ["华东", "华南", "华北", "其他"]
 */
export function rowsFromPlan(plan: Plan, splitId: string, monthsId: string | undefined): RowSource[] {
  const split = (plan.splits ?? []).find((s) => s.id === splitId);
  if (!split) return [];
  const format: ValueFormat = (split.measure ?? "amount") === "count" ? "count" : "amount";
  if (split.kind === "month") return [{ name: split.name ?? split.id, target: { from: { split: split.id } }, format }];
  const months = monthsId && (plan.splits ?? []).some((s) => s.id === monthsId && s.kind === "month" && (s.measure ?? "amount") === (split.measure ?? "amount")) ? monthsId : undefined;
  return splitMemberNames(split).map((member) => ({
    name: member,
    target: { from: { split: split.id, member } },
    ...(months ? { months } : {}),
    format,
  }));
}

/** What a table gave: rows, or how many number columns it had when that is not 1, 12 or 24. */
export type TableRows = { rows: RowSource[]; kind: "annual" | "monthly" | "pairs" } | { columns: number };

/**
 * Rows from a table of names and numbers. Amounts are in the plan's unit as typed (12 万元
 * is 120,000 元 in the plan); percentages and counts as they are.
 * @example rowsFromTable({ names: ["East"], numbers: [1200], rest: [[]] }, "万元", "amount").rows[0].target // { annual: 12000000 }
 */
export function rowsFromTable(table: NamedNumbers, unit: AmountUnit, format: ValueFormat): TableRows {
  const width = Math.max(...table.names.map((_, i) => (table.numbers[i] === undefined && table.rest[i].every((x) => x === null) ? 0 : 1 + table.rest[i].length)));
  const scale = format === "amount" ? UNIT_SCALE[unit] : 1;
  const toPlan = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : scale === 1 ? x : Number((x * scale).toPrecision(15)));
  const all = table.names.map((_, i) => [table.numbers[i] ?? null, ...table.rest[i]].map(toPlan));
  if (width === 1) {
    // A rate's one number is its target every month; an amount's or a count's is the year's.
    return { kind: "annual", rows: table.names.map((name, i) => ({ name, target: format === "percent" ? { each: all[i][0] ?? 0 } : { annual: all[i][0] ?? 0 } })) };
  }
  if (width === 12) {
    return { kind: "monthly", rows: table.names.map((name, i) => ({ name, target: { monthly: Array.from({ length: 12 }, (_, m) => all[i][m] ?? null) } })) };
  }
  if (width === 24) {
    return {
      kind: "pairs",
      rows: table.names.map((name, i) => ({
        name,
        target: { monthly: Array.from({ length: 12 }, (_, m) => all[i][2 * m] ?? null) },
        actuals: Array.from({ length: 12 }, (_, m) => all[i][2 * m + 1] ?? null),
      })),
    };
  }
  return { columns: width };
}

/** A percent text as a fraction, NaN when not a number (validatePlan names the field). */
function fraction(text: string): number {
  const t = text.trim().replace(/%$/, "");
  if (t === "") return NaN;
  const n = Number(t.replace(/,/g, ""));
  return Number.isFinite(n) ? Number((n / 100).toPrecision(15)) : NaN;
}

/**
 * The tracking rows of the plan: each source row with its light settings (the row's own
 * where set, else the defaults). A format fixed by the source wins.
 */
export function trackingRows(sources: readonly RowSource[], defaults: LightSettings, own: Readonly<Record<string, Partial<LightSettings>>>): TrackingRow[] {
  return sources.map((s) => {
    const set: LightSettings = { ...defaults };
    for (const [key, value] of Object.entries(own[s.name] ?? {})) if (value !== undefined && value !== "") Object.assign(set, { [key]: value });
    const format = s.format ?? set.format;
    const row: TrackingRow = {
      name: s.name,
      format,
      direction: set.direction,
      greenAt: fraction(set.green),
      yellowAt: fraction(set.yellow),
      target: s.target,
    };
    if (s.months) row.months = s.months;
    if (s.actuals) row.actuals = s.actuals;
    return row;
  });
}
