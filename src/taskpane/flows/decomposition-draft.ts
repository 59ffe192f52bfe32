/*
 * The decomposition form's state (what the user typed, as text) and the plan it stands for.
 * Amounts are typed in the plan's unit (12,000 with 万元 is 120,000,000 元 in the plan);
 * growth in percent. A plan stored in the workbook comes back into the form the same way.
 */
import { type AmountUnit, type Plan, type Split, type SplitKind, UNIT_SCALE, defaultTimeMembers, effectiveWeights } from "../../sheets/plan";
import { numberText, readNumber, readPercent, percentText } from "./forms/numbers";

export interface MemberDraft {
  name: string;
  weight: string;
  held: string;
  /** With percentages: takes what the others leave. */
  rest?: boolean;
  note?: string;
}

export type DraftBasis = "weights" | "percent" | "even";

export interface DimensionDraft {
  /** The split's id in the plan (letters first). */
  id: string;
  name: string;
  kind: SplitKind;
  basis: DraftBasis;
  measure: "amount" | "count";
  /** A count dimension's own total (80 new customers). */
  total: string;
  members: MemberDraft[];
  /** Show the held column. */
  showHeld: boolean;
  /** A month split dividing each quarter of this quarter split (kept from a stored plan). */
  withinQuarters?: string;
}

export interface GridDraft {
  id: string;
  rows: string;
  columns: string;
  /** Last year's grid giving the shape (kept from a stored plan). */
  seed?: number[][];
}

export interface DecompositionDraft {
  title: string;
  year: string;
  unit: AmountUnit;
  from: "total" | "growth";
  total: string;
  lastYear: string;
  growth: string;
  dimensions: DimensionDraft[];
  grids: GridDraft[];
}

/** A fresh form: this year, 万元, one region dimension to fill in. */
export function newDraft(year: number, lang: "en" | "zh"): DecompositionDraft {
  return {
    title: lang === "zh" ? `${year} 年目标分解` : `${year} targets`,
    year: String(year),
    unit: "万元",
    from: "total",
    total: "",
    lastYear: "",
    growth: "",
    dimensions: [newDimension("region", [], lang)],
    grids: [],
  };
}

/** A new dimension of `kind` (time kinds come with their quarters or months, evenly). */
export function newDimension(kind: SplitKind, taken: readonly string[], lang: "en" | "zh"): DimensionDraft {
  const id = freeId(kind, taken);
  const time = kind === "quarter" || kind === "month";
  const members: MemberDraft[] = time
    ? defaultTimeMembers(kind, lang).map((name) => ({ name, weight: "1", held: "" }))
    : [
        { name: "", weight: "", held: "" },
        { name: "", weight: "", held: "" },
      ];
  return { id, name: "", kind, basis: time ? "even" : "percent", measure: "amount", total: "", members, showHeld: false };
}

/** `base`, `base2`, `base3`, … not among `taken`. */
export function freeId(base: string, taken: readonly string[]): string {
  let id = base;
  for (let i = 2; taken.includes(id); i++) id = `${base}${i}`;
  return id;
}

/** The form as plan JSON (to validate), with the path of each draft member in the plan. */
export interface DraftPlan {
  json: Record<string, unknown>;
  /** For each dimension, each member's path in the plan (`splits[0].members[1]`), or undefined when the row is blank and left out. */
  memberPaths: (string | undefined)[][];
  /** Paths of the fields whose text is not a number. */
  typos: string[];
}

const num = (text: string): number | undefined => {
  const v = readNumber(text);
  return v;
};

/**
 * The plan the form stands for (not yet validated: a number typed wrong stays NaN, and
 * validatePlan names the field).
 */
export function draftToPlan(d: DecompositionDraft): DraftPlan {
  const typos: string[] = [];
  const typo = (path: string, x: number | undefined) => {
    if (x !== undefined && Number.isNaN(x)) typos.push(path);
    return x;
  };
  const scale = UNIT_SCALE[d.unit];
  const toYuan = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? x : Number((x * scale).toPrecision(15)));
  const json: Record<string, unknown> = {
    version: 1,
    title: d.title.trim(),
    unit: d.unit,
    roundTo: 1,
    year: typo("year", num(d.year)) ?? NaN,
  };
  if (d.from === "total") {
    const total = toYuan(typo("total", num(d.total)));
    if (total !== undefined) json.total = total;
  } else {
    const lastYear = toYuan(typo("lastYear.total", num(d.lastYear)));
    const growth = typo("lastYear.growth", readPercent(d.growth));
    json.lastYear = { total: lastYear ?? NaN, growth: growth ?? NaN };
  }
  const memberPaths: (string | undefined)[][] = [];
  const splits = d.dimensions.map((dim, i) => {
    const count = dim.measure === "count";
    const paths: (string | undefined)[] = [];
    const members: Record<string, unknown>[] = [];
    dim.members.forEach((m) => {
      if (m.name.trim() === "" && m.weight.trim() === "" && m.held.trim() === "") {
        paths.push(undefined);
        return;
      }
      const at = `splits[${i}].members[${members.length}]`;
      paths.push(at);
      const member: Record<string, unknown> = { name: m.name.trim() };
      if (dim.basis !== "even") {
        const w = typo(`${at}.weight`, num(m.weight));
        if (w !== undefined) member.weight = w;
        else if (m.rest && dim.basis === "percent") member.rest = true;
      }
      if (dim.showHeld) {
        const h = typo(`${at}.held`, num(m.held));
        if (h !== undefined) member.held = count ? h : toYuan(h);
      }
      if (m.note) member.note = m.note;
      members.push(member);
    });
    memberPaths.push(paths);
    const split: Record<string, unknown> = { id: dim.id, kind: dim.kind, basis: dim.basis };
    if (dim.name.trim()) split.name = dim.name.trim();
    split.members = members;
    if (count) {
      split.measure = "count";
      if (!dim.withinQuarters) split.total = typo(`splits[${i}].total`, num(dim.total)) ?? NaN;
    }
    if (dim.withinQuarters) split.withinQuarters = dim.withinQuarters;
    return split;
  });
  if (splits.length) json.splits = splits;
  if (d.grids.length) json.grids = d.grids.map((g) => ({ id: g.id, rows: g.rows, columns: g.columns, ...(g.seed ? { seed: g.seed } : {}) }));
  return { json, memberPaths, typos };
}

/** A stored plan back in the form (its decomposition part; last year's figures become weights). */
export function planToDraft(plan: Plan, lang: "en" | "zh"): DecompositionDraft {
  const unit = plan.unit ?? "元";
  const scale = UNIT_SCALE[unit];
  const inUnit = (x: number | undefined) => (x === undefined ? "" : numberText(x / scale));
  const dimensions = (plan.splits ?? []).map((s: Split): DimensionDraft => {
    const count = (s.measure ?? "amount") === "count";
    const basis: DraftBasis = s.basis === "lastYear" ? "weights" : (s.basis ?? (s.members ? "weights" : "even"));
    const weights = effectiveWeights(s);
    const names = s.members ? s.members.map((m) => m.name) : defaultTimeMembers(s.kind, lang);
    const members = names.map((name, k): MemberDraft => {
      const m = s.members?.[k];
      const weight = basis === "even" ? "" : m?.rest ? "" : s.basis === "lastYear" ? numberText(weights[k]) : numberText(m?.weight);
      const held = m?.held === undefined ? "" : count ? numberText(m.held) : inUnit(m.held);
      return { name, weight, held, ...(m?.rest ? { rest: true } : {}), ...(m?.note ? { note: m.note } : {}) };
    });
    return {
      id: s.id,
      name: s.name ?? "",
      kind: s.kind,
      basis,
      measure: count ? "count" : "amount",
      total: count && s.total !== undefined ? numberText(s.total) : "",
      members,
      showHeld: members.some((m) => m.held !== ""),
      ...(s.withinQuarters ? { withinQuarters: s.withinQuarters } : {}),
    };
  });
  return {
    title: plan.title,
    year: String(plan.year),
    unit,
    from: plan.total === undefined && plan.lastYear ? "growth" : "total",
    total: plan.total === undefined ? "" : inUnit(plan.total),
    lastYear: plan.lastYear ? inUnit(plan.lastYear.total) : "",
    growth: plan.lastYear ? percentText(plan.lastYear.growth) : "",
    dimensions,
    grids: (plan.grids ?? []).map((g) => ({ id: g.id, rows: g.rows, columns: g.columns, ...(g.seed ? { seed: g.seed } : {}) })),
  };
}
