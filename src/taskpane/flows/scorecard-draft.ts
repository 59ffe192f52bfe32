/*
 * The scorecard form's state (as typed) and the scorecard section it makes. Percent targets
 * are typed as percentages (100 for 100 %), amount targets in the plan's unit, bonus pays
 * and commission tiers in percent.
 */
import type { AmountUnit, Kpi, Plan, ScorePerson, Scorecard, ValueFormat } from "../../sheets/plan";
import { UNIT_SCALE } from "../../sheets/plan";
import { type NamedNumbers, numberText, percentText, readNumber } from "./forms/numbers";

export interface KpiDraft {
  id: string;
  name: string;
  weight: string;
  target: string;
  rule: string;
  direction: "higher" | "lower";
  format: ValueFormat;
  /** An actual to explain the rule with (same units as the target). */
  example: string;
  /** A graded KPI's grades, kept as the plan gives them (the form does not edit them yet). */
  grades?: Kpi["grades"];
}

export interface ScorecardDraft {
  kpis: KpiDraft[];
  /** Score from, and pays in percent (120 for 120 %). */
  bands: { from: string; pays: string }[];
  commission: boolean;
  /** Attainment from and rate, both in percent. */
  tiers: { from: string; rate: string }[];
  mode: "marginal" | "whole";
  /** People as pasted: a name, and a revenue target (plan unit) after it. */
  peopleText: string;
  /** People taken from the decomposition: a split whose members they are (revenue targets from it). */
  peopleFrom?: string;
  /** Role templates and the annual bonus, kept as the plan gives them (the form does not edit them yet). */
  kept?: Pick<Scorecard, "roles" | "annualBonus">;
}

/** The domain's example scorecard (its five KPIs, its bands and tiers), in the pane's language. */
export function exampleScorecard(lang: "en" | "zh"): ScorecardDraft {
  const zh = lang === "zh";
  const kpi = (id: string, name: string, weight: string, target: string, rule: string, format: ValueFormat, example: string): KpiDraft => ({ id, name, weight, target, rule, direction: "higher", format, example });
  return {
    kpis: [
      kpi("sales", zh ? "销售额完成率" : "Sales attainment", "40", "100", "每超1%加0.5分,每低1%扣1分", "percent", "103"),
      kpi("collection", zh ? "回款率" : "Collection rate", "20", "95", "每低5%扣5分", "percent", "88"),
      kpi("visits", zh ? "客户拜访量" : "Customer visits", "15", "20", "每少5家扣3分", "count", "12"),
      kpi("satisfaction", zh ? "客户满意度" : "Customer satisfaction", "10", "85", "每低5分扣2分", "count", "78"),
      kpi("newCustomers", zh ? "新客户开发数" : "New customers", "15", "12", "每超1个加2分", "count", "15"),
    ],
    bands: [
      { from: "90", pays: "120" },
      { from: "80", pays: "100" },
      { from: "70", pays: "80" },
    ],
    commission: false,
    tiers: [
      { from: "0", rate: "1.5" },
      { from: "100", rate: "2" },
    ],
    mode: "marginal",
    peopleText: "",
  };
}

/** A typed percent as a fraction (NaN when not a number; validatePlan names the field). */
function fraction(text: string): number {
  const v = readNumber(text.trim().replace(/%$/, ""));
  return v === undefined ? NaN : Number((v / 100).toPrecision(15));
}

const numberOr = (text: string): number => readNumber(text) ?? NaN;

/** A KPI's target (or an actual) typed in the form, in the plan's terms. */
export function kpiValue(k: Pick<KpiDraft, "format">, text: string, unit: AmountUnit): number | undefined {
  if (text.trim() === "") return undefined;
  if (k.format === "percent") return fraction(text);
  const v = numberOr(text);
  return k.format === "amount" ? Number((v * UNIT_SCALE[unit]).toPrecision(15)) : v;
}

/** The KPI of the plan a draft KPI stands for. */
export function draftKpi(k: KpiDraft, unit: AmountUnit): Kpi {
  const kpi: Kpi = { id: k.id, name: k.name.trim(), weight: numberOr(k.weight), format: k.format };
  // A graded KPI has no target (validation says so if one is typed); every other needs one.
  const target = kpiValue(k, k.target, unit);
  if (k.grades === undefined || target !== undefined) kpi.target = target ?? NaN;
  if (k.grades !== undefined) kpi.grades = k.grades;
  if (k.rule.trim()) kpi.rule = k.rule;
  if (k.direction === "lower") kpi.direction = "lower";
  return kpi;
}

/**
 * The scorecard section: KPIs, bands, commission, and people (pasted, or the members of a
 * split with their amounts as revenue targets).
 */
export function draftToScorecard(d: ScorecardDraft, unit: AmountUnit, pasted: NamedNumbers | undefined, base: Plan | undefined): Scorecard {
  const sc: Scorecard = { kpis: d.kpis.map((k) => draftKpi(k, unit)) };
  if (d.kept?.roles) sc.roles = d.kept.roles;
  if (d.kept?.annualBonus) sc.annualBonus = d.kept.annualBonus;
  const bands = d.bands.filter((b) => b.from.trim() !== "" || b.pays.trim() !== "");
  if (bands.length) {
    sc.bands = bands.map((b) => ({ from: numberOr(b.from), pays: fraction(b.pays) }));
  }
  if (d.commission) {
    sc.commission = {
      tiers: d.tiers.filter((x) => x.from.trim() !== "" || x.rate.trim() !== "").map((x) => ({ from: fraction(x.from), rate: fraction(x.rate) })),
      mode: d.mode,
    };
  }
  const scale = UNIT_SCALE[unit];
  let people: ScorePerson[] = [];
  const split = d.peopleFrom ? (base?.splits ?? []).find((s) => s.id === d.peopleFrom) : undefined;
  if (split?.members) {
    people = split.members.map((m) => ({ name: m.name, ...((split.measure ?? "amount") === "amount" ? { revenueTarget: { split: split.id, member: m.name } } : {}) }));
  } else if (pasted) {
    people = pasted.names.map((name, i) => {
      const target = pasted.numbers[i];
      return { name, ...(target !== undefined ? { revenueTarget: Number((target * scale).toPrecision(15)) } : {}) };
    });
  }
  if (people.length) sc.people = people;
  return sc;
}

/** A stored scorecard back in the form. */
export function scorecardToDraft(sc: Scorecard, unit: AmountUnit): ScorecardDraft {
  const scale = UNIT_SCALE[unit];
  const shown = (k: Kpi, x: number | undefined) =>
    x === undefined ? "" : (k.format === "percent" ? percentText(x) : k.format === "amount" ? numberText(x / scale) : numberText(x));
  const people = sc.people ?? [];
  const fromSplit = people.length > 0 && people.every((p) => typeof p.revenueTarget === "object") ? (people[0].revenueTarget as { split: string }).split : undefined;
  return {
    kpis: sc.kpis.map((k) => ({
      id: k.id,
      name: k.name,
      weight: numberText(k.weight),
      target: shown(k, k.target),
      rule: k.rule ?? "",
      direction: k.direction ?? "higher",
      format: k.format ?? "count",
      example: shown(k, k.target),
      ...(k.grades !== undefined && { grades: k.grades }),
    })),
    bands: (sc.bands ?? []).map((b) => ({ from: numberText(b.from), pays: percentText(b.pays) })),
    commission: Boolean(sc.commission),
    tiers: (sc.commission?.tiers ?? [{ from: 0, rate: 0.015 }]).map((x) => ({ from: percentText(x.from), rate: percentText(x.rate) })),
    mode: sc.commission?.mode ?? "marginal",
    peopleText: fromSplit
      ? ""
      : people.map((p) => (typeof p.revenueTarget === "number" ? `${p.name}\t${numberText(p.revenueTarget / scale)}` : p.name)).join("\n"),
    ...(fromSplit ? { peopleFrom: fromSplit } : {}),
    ...((sc.roles || sc.annualBonus) && { kept: { ...(sc.roles && { roles: sc.roles }), ...(sc.annualBonus && { annualBonus: sc.annualBonus }) } }),
  };
}
