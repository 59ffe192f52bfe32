/**
 * A *plan*: what a manager asks for, as typed JSON data — the total (or last year's total
 * and a growth rate), the splits along dimensions, the grids crossing two of them, a
 * tracking section and a scorecard. `src/sheets` turns a plan into a WorkbookSpec; the CLI
 * and the pane read plans with {@link validatePlan}, which never throws and gives one
 * bilingual message per problem with its JSON path.
 *
 * Conventions (see docs/plan-format.md):
 * - Money amounts in a plan (total, last year's figures, held amounts, seeds, given
 *   targets of amount indicators, revenue) are in 元 (the currency's base unit), whatever
 *   `unit` the sheets show them in. Counts (a split with `measure: "count"`, count
 *   indicators) are plain numbers.
 * - Percentages are fractions: growth 20 % is 0.2, a 95 % target is 0.95. Split weights
 *   are any scale (25/30/25/20, last year's amounts, 0.25/…) except with `basis: "percent"`,
 *   where they are percent points adding up to 100.
 * - Ids (splits, grids, KPIs) are letters, digits, `_` and `-`; members are referred to by
 *   their name.
 *
 * The schema is zod 4; `npm run plan:schema` emits it as docs/plan.schema.json.
 */
import { z } from "zod";
import { parseScoringRule } from "../core/score";
import { splitTotal } from "../core/split";
import { spreadGrid } from "../core/spread";
import { CATALOGUE, type PlanError, fmt, isPlanError } from "../core/errors";
import { DEFAULT_GRADES, type Grade, gradeIndex } from "../core/grade";
import { TOL, nearlyEqual } from "../core/tolerance";
import { planFitProblems, zeroTargetProblems } from "./plan-fit";
import { CascadeSchema } from "./cascade-plan";
import { workOutCascade } from "./cascade";
import { treeScorecardTargetProblems } from "./cascade-scorecard";
import { RevisionsSchema } from "./revision-plan";
import { revisionProblems } from "./revisions";

// ---- schema --------------------------------------------------------------------------------

/** An id: letters, digits, `_`, `-`, starting with a letter (used in defined names). */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/)
  .meta({ description: "Id: a letter, then letters, digits, _ or - (at most 40 characters)." });

/** A name or label shown on a sheet: non-blank text (always written as text, never a formula). */
export const NameTextSchema = z.string().min(1).max(200).meta({ description: "A name shown on the sheets (written as text)." });

const nonNegative = z.number().min(0);
const fraction = z.number().meta({ description: "A fraction: 95 % is 0.95." });

/** The units amounts are shown in (and rounded to): 元, 万元 (10^4 元) or 亿元 (10^8 元). */
export const AmountUnitSchema = z.enum(["元", "万元", "亿元"]).meta({ description: "Unit amounts are shown in and rounded to: 元, 万元 (10,000 元) or 亿元 (100,000,000 元)." });
export type AmountUnit = z.infer<typeof AmountUnitSchema>;

/** Size of each {@link AmountUnit} in 元. */
export const UNIT_SCALE: Record<AmountUnit, number> = { 元: 1, 万元: 10000, 亿元: 100000000 };

/** The kinds of dimension a split runs along. */
export const SplitKindSchema = z.enum(["quarter", "month", "region", "product", "channel", "team", "person", "other"]);
export type SplitKind = z.infer<typeof SplitKindSchema>;

/** Higher or lower is better (churn, overdue receivables: lower). */
export const DirectionSchema = z.enum(["higher", "lower"]);
export type PlanDirection = z.infer<typeof DirectionSchema>;

/** One member of a split: a region, a product line, a rep, a quarter, … */
export const MemberSchema = z
  .object({
    name: NameTextSchema,
    weight: nonNegative.optional().meta({ description: "Weight, any scale (percent points with basis percent). Needed with basis weights/percent unless held or rest." }),
    lastYear: nonNegative.optional().meta({ description: "Last year's figure (元, or a count); the weight with basis lastYear." }),
    held: nonNegative.optional().meta({ description: "Held (fixed) amount: this member gets exactly this (元, or a count); the rest is shared among the others." }),
    rest: z.boolean().optional().meta({ description: "With basis percent: this member takes what the named percentages leave (100 − their sum)." }),
    note: z.string().max(500).optional().meta({ description: "A remark shown beside the member." }),
  })
  .strict();
export type Member = z.infer<typeof MemberSchema>;

/** A split of a total along one dimension. */
export const SplitSchema = z
  .object({
    id: IdSchema,
    name: NameTextSchema.optional().meta({ description: "Block title; default from the kind." }),
    kind: SplitKindSchema,
    basis: z
      .enum(["weights", "percent", "lastYear", "even"])
      .optional()
      .meta({ description: "Where weights come from: each member's weight (default), percentages adding to 100 (one member may be the rest), last year's figures, or even." }),
    members: z
      .array(MemberSchema)
      .max(100000)
      .optional()
      .meta({ description: "Members in order. Optional for quarter (Q1–Q4) and month (1–12) splits, which then split evenly unless weights are given." }),
    total: nonNegative.optional().meta({ description: "This split's own total (元, or a count with measure count); default the plan's total." }),
    measure: z.enum(["amount", "count"]).optional().meta({ description: "amount (default): money in the plan's unit; count: plain numbers (customers, visits)." }),
    roundTo: z
      .number()
      .min(0)
      .optional()
      .meta({ description: "Rounding unit in the split's display units (amounts: the plan's unit; counts: 1 by default). 0 = exact shares." }),
    withinQuarters: IdSchema.optional().meta({
      description: "For a month split: split each quarter of this quarter split into its three months (by these months' weights) instead of the year total.",
    }),
  })
  .strict();
export type Split = z.infer<typeof SplitSchema>;

/** A grid crossing two splits (region × quarter, product × month), filled like TARGET.SPREAD. */
export const GridSchema = z
  .object({
    id: IdSchema,
    name: NameTextSchema.optional(),
    rows: IdSchema.meta({ description: "Id of the split whose members are the grid's rows (its amounts are the row totals)." }),
    columns: IdSchema.meta({ description: "Id of the split whose members are the grid's columns (its amounts are the column totals)." }),
    seed: z
      .array(z.array(nonNegative))
      .optional()
      .meta({ description: "Last year's grid (rows × columns, any scale ≥ 0) giving the shape; default proportional." }),
    roundTo: z.number().min(0).optional().meta({ description: "Rounding unit in display units; default the plan's roundTo. 0 = exact." }),
  })
  .strict();
export type PlanGrid = z.infer<typeof GridSchema>;

/** Where a tracking row's or a commission's target comes from: a split (and member) of the decomposition. */
export const TargetRefSchema = z
  .object({
    split: IdSchema.meta({ description: "Id of a split." }),
    member: NameTextSchema.optional().meta({
      description: "A member of that split: its annual amount. Omit for a month split: the twelve months' amounts are the monthly targets.",
    }),
  })
  .strict();
export type TargetRef = z.infer<typeof TargetRefSchema>;

/** How a value is shown: an amount (in the plan's unit), a percentage (fraction), a count. */
export const ValueFormatSchema = z.enum(["amount", "percent", "count"]);
export type ValueFormat = z.infer<typeof ValueFormatSchema>;

/** Twelve monthly values (January first); `null` is blank (no data yet). */
const monthly = (desc: string) => z.array(z.number().nullable()).length(12).meta({ description: desc });

/** One row of the tracking sheet: an indicator or a person. */
export const TrackingRowSchema = z
  .object({
    name: NameTextSchema,
    format: ValueFormatSchema.optional().meta({ description: "amount (default; 元 in the plan, shown in the plan's unit), percent (fractions) or count." }),
    direction: DirectionSchema.optional().meta({ description: "higher (default) or lower is better." }),
    greenAt: fraction.min(0).optional().meta({ description: "Attainment from which the light is green (default 1)." }),
    yellowAt: fraction.min(0).optional().meta({ description: "Attainment from which the light is yellow (default 0.9, or greenAt when lower); not above greenAt." }),
    target: z
      .union([
        z.object({ from: TargetRefSchema }).strict(),
        z.object({ monthly: monthly("Twelve monthly targets (null: no target that month).") }).strict(),
        z.object({ annual: z.number().min(0) }).strict(),
        z.object({ each: z.number() }).strict(),
      ])
      .meta({
        description:
          "from: the decomposition (a member's annual amount spread over months, or a month split's months); monthly: twelve targets; annual: a year's amount spread over months; each: the same target every month (rates).",
      }),
    months: IdSchema.optional().meta({ description: "With an annual target (or a member's): id of a month split whose amounts shape the year (default even)." }),
    actuals: monthly("Twelve monthly actuals; null (or leave the array out) until known.").optional(),
    aggregate: z
      .enum(["sum", "average"])
      .optional()
      .meta({ description: "The year column: sum (default for amounts and counts) or average (default for percentages)." }),
  })
  .strict();
export type TrackingRow = z.infer<typeof TrackingRowSchema>;

/**
 * The dashboard (看板) beside the tracking sheet: `true` for the defaults, or its options
 * (see docs/plan-format.md, "Dashboard", and src/sheets/dashboard.ts).
 */
export const DashboardSchema = z
  .object({
    name: NameTextSchema.optional().meta({ description: "Sheet name (default 看板 in Chinese, Dashboard in English)." }),
    monthly: z
      .union([z.literal("sum"), z.object({ row: NameTextSchema.meta({ description: "A tracking row's name: a total where higher is better." }) }).strict()])
      .optional()
      .meta({
        description:
          'What the monthly line follows: { "row": name } one tracking row, or "sum" every amount row added up. Default: people add their amount rows up; indicators follow the first amount row.',
      }),
    bars: z
      .number()
      .int()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: "The attainment chart draws one bar per row up to this many rows (default 30); with more rows, the top and bottom five." }),
  })
  .strict();
export type Dashboard = z.infer<typeof DashboardSchema>;

/** The tracking (目标管理表) section. */
export const TrackingSchema = z
  .object({
    name: NameTextSchema.optional().meta({ description: "Sheet title." }),
    rowsAre: z.enum(["indicators", "people"]).optional().meta({ description: "What the rows are (header wording); default indicators." }),
    asOf: z.iso.date().optional().meta({ description: "As-of date (YYYY-MM-DD) written in a cell; default the build date." }),
    rows: z.array(TrackingRowSchema).min(1).max(100000),
    dashboard: z
      .union([z.boolean(), DashboardSchema])
      .optional()
      .meta({ description: "A dashboard sheet (看板) of charts and tables over the tracking sheet: true for the defaults, or its options." }),
  })
  .strict();
export type Tracking = z.infer<typeof TrackingSchema>;

/** One grade of a graded KPI's scale: its name (picked in the cell) and its points. */
export const GradeSchema = z
  .object({
    name: NameTextSchema.meta({ description: "The grade as picked in the cell (好, 较好, fairly good)." }),
    points: z.number().min(0).meta({ description: "Its points on the scale (好 10, 较好 8 …)." }),
  })
  .strict();

/** One KPI of the scorecard. */
export const KpiSchema = z
  .object({
    id: IdSchema,
    name: NameTextSchema,
    weight: z.number().min(0).meta({ description: "Points out of 100; the KPIs' weights add up to 100." }),
    target: z.number().optional().meta({ description: "Target in the KPI's units (a fraction for percent). Required, except for a graded KPI, which has none." }),
    grades: z
      .union([z.literal(true), z.array(GradeSchema).min(2).max(20)])
      .optional()
      .meta({
        description:
          "A graded KPI (由营销副总经理评分): its actual is a grade picked from a list in the cell. true: the documents' five, 好 10, 较好 8, 中 6, 较差 4, 差 2 (good, fairly good, average, fairly poor, poor) in the sheet's language; or your own grades, best first. A grade earns its points × weight ÷ the top grade's points.",
      }),
    rule: z.string().max(1000).optional().meta({ description: "Scoring rule in the rule language of TARGET.SCORE; none: weight × attainment." }),
    direction: DirectionSchema.optional(),
    cap: z.number().optional().meta({ description: "Highest points (wins over the rule's)." }),
    floor: z.number().optional().meta({ description: "Lowest points (wins over the rule's; default 0)." }),
    format: ValueFormatSchema.optional().meta({ description: "How the target and actuals are shown (default count, i.e. plain numbers)." }),
  })
  .strict();
export type Kpi = z.infer<typeof KpiSchema>;

/** One person on the scorecard. */
export const ScorePersonSchema = z
  .object({
    name: NameTextSchema,
    actuals: z
      .record(z.string(), z.union([z.number(), z.string().max(200)]).nullable())
      .optional()
      .meta({ description: "Actual per KPI id (a graded KPI's is the grade's name, e.g. 较好); null or missing: blank (no data yet)." }),
    role: IdSchema.optional().meta({ description: "Id of one of scorecard.roles: the person is scored with that role's weights. None: the KPIs' own weights." }),
    monthlySalary: z.number().min(0).nullable().optional().meta({ description: "Monthly salary (元) the annual bonus is paid in months of; null: blank." }),
    annualActual: z.number().min(0).nullable().optional().meta({ description: "The year's actual sales (元) the annual bonus's attainment is measured on; null: blank (not known yet)." }),
    annualTarget: z
      .union([z.number().min(0), TargetRefSchema])
      .optional()
      .meta({ description: "The year's target (元), or a split member whose amount it is (e.g. the person's row of a person split)." }),
    revenue: z.number().min(0).nullable().optional().meta({ description: "Collected revenue the commission is paid on (元); null: blank." }),
    revenueTarget: z
      .union([z.number().min(0), TargetRefSchema])
      .optional()
      .meta({ description: "Revenue target (元), or a split member whose amount it is." }),
  })
  .strict();
export type ScorePerson = z.infer<typeof ScorePersonSchema>;

/** A bonus band: from score `from` on, the bonus is `pays` (a fraction of the bonus: 120 % = 1.2). */
export const BonusBandSchema = z.object({ from: z.number(), pays: z.number() }).strict();
export type BonusBand = z.infer<typeof BonusBandSchema>;

/** A commission tier: from attainment `from` (fraction) on, the rate is `rate` (1.5 % = 0.015). */
export const CommissionTierSchema = z.object({ from: z.number().min(0), rate: z.number().min(0) }).strict();
export type CommissionTier = z.infer<typeof CommissionTierSchema>;

/** A role template: the weights its people are scored with (销售代表 lean on process, 销售经理 on results). */
export const ScoreRoleSchema = z
  .object({
    id: IdSchema,
    name: NameTextSchema.meta({ description: "The role as the sheet shows it and a person's role cell picks it (销售代表)." }),
    weights: z
      .record(z.string(), z.number().min(0))
      .meta({ description: "Weight per KPI id for this role; a KPI it does not list keeps its own weight. They add up to 100." }),
  })
  .strict();
export type ScoreRole = z.infer<typeof ScoreRoleSchema>;

/** A band of the annual bonus: from annual attainment `from` (a fraction) on, it pays `months` months of salary. */
export const AnnualBonusBandSchema = z
  .object({
    from: z.number().min(0).meta({ description: "Annual attainment from which the band pays (1 = 100 %)." }),
    months: z.number().min(0).meta({ description: "Months of salary it pays (3)." }),
  })
  .strict();

/** The scorecard (绩效考核表) section. */
export const ScorecardSchema = z
  .object({
    name: NameTextSchema.optional().meta({ description: "Sheet title." }),
    period: z.enum(["month", "quarter", "year"]).optional(),
    kpis: z.array(KpiSchema).min(1).max(50),
    people: z.array(ScorePersonSchema).max(100000).optional(),
    bands: z.array(BonusBandSchema).optional().meta({ description: "Bonus bands on the total score, e.g. ≥90 pays 1.2." }),
    bandsBelow: z.number().optional().meta({ description: "What a score under the lowest band pays (default 0)." }),
    commission: z
      .object({
        tiers: z.array(CommissionTierSchema).min(1).meta({ description: "The lowest tier starts at 0." }),
        mode: z.enum(["marginal", "whole"]).optional().meta({ description: "marginal (default, like tax brackets) or whole." }),
        cap: z.number().min(0).optional(),
      })
      .strict()
      .optional(),
    roles: z
      .array(ScoreRoleSchema)
      .max(20)
      .optional()
      .meta({ description: "Role templates: each person with a role is scored with its weights; a person without one with the KPIs' own weights." }),
    annualBonus: z
      .object({
        bands: z.array(AnnualBonusBandSchema).min(1).meta({ description: "e.g. from 1 (100 %) on, 3 months' salary." }),
        below: z.number().min(0).optional().meta({ description: "Months paid under the lowest band (default 0)." }),
      })
      .strict()
      .optional()
      .meta({ description: "The year-end bonus in months of salary on annual attainment (目标达成率100%以上发放3个月工资): people's annualActual against annualTarget, paid × monthlySalary." }),
  })
  .strict();
export type Scorecard = z.infer<typeof ScorecardSchema>;

/** Last year's total and the growth rate on it; the plan's total is total × (1 + growth). */
export const LastYearSchema = z
  .object({
    total: nonNegative.meta({ description: "Last year's total (元)." }),
    growth: z.number().min(-1).meta({ description: "Growth as a fraction: +20 % is 0.2." }),
  })
  .strict();

/** People: last year's and the planned headcount, and a revenue per head if the document states one. */
export const HeadcountSchema = z
  .object({
    lastYear: z.number().int().min(1).optional().meta({ description: "Last year's headcount." }),
    planned: z.number().int().min(1).meta({ description: "Planned headcount." }),
    revenuePerHead: nonNegative.optional().meta({ description: "Revenue per head as the document states it (元); it must equal the total over the planned heads." }),
  })
  .strict();
export type Headcount = z.infer<typeof HeadcountSchema>;

/** A whole plan. */
export const PlanSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1).optional().meta({ description: "Plan format version (1)." }),
    title: NameTextSchema,
    currency: z.string().min(1).max(10).optional().meta({ description: "Currency code or word shown in headers (default CNY)." }),
    unit: AmountUnitSchema.optional().meta({ description: "Unit amounts are shown in and rounded to (default 元)." }),
    roundTo: z.number().min(0).optional().meta({ description: "Rounding unit in display units (default 1: whole 元/万元/亿元; 0.01 for hundredths; 0 exact)." }),
    year: z.number().int().min(1900).max(9999),
    total: nonNegative.optional().meta({ description: "The annual total (元). Give this, or lastYear, or both (then they must agree); needed when a split takes the plan's total." }),
    lastYear: LastYearSchema.optional(),
    headcount: HeadcountSchema.optional(),
    splits: z.array(SplitSchema).max(200).optional(),
    grids: z.array(GridSchema).max(50).optional(),
    tracking: TrackingSchema.optional(),
    scorecard: ScorecardSchema.optional(),
    cascade: CascadeSchema.optional(),
    revisions: RevisionsSchema.optional(),
  })
  .strict()
  .meta({ title: "Target Planner plan", description: "A sales target plan: total, splits, grids, tracking and scorecard." });

/** A validated plan. */
export type Plan = z.infer<typeof PlanSchema>;

/** Members' names of a split (Q1–Q4 / Jan–Dec when a time split lists none). */
export function splitMemberNames(s: Split): string[] {
  return membersOf(s);
}

// ---- problems --------------------------------------------------------------------------------

/** One thing wrong with a plan: where (a JSON path like `splits[1].members[0].weight`) and what. */
export interface PlanProblem {
  path: string;
  message: { en: string; zh: string };
}

/** The outcome of {@link validatePlan}. */
export type PlanValidation = { ok: true; plan: Plan } | { ok: false; problems: PlanProblem[] };

/**
 * `["splits", 1, "members", 0, "weight"]` → `splits[1].members[0].weight`. A field name
 * holding a control, bidirectional or invalid character is written as a JSON string in
 * brackets (`actuals["a\u001b"]`), so a path never carries such a character.
 */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (typeof p === "string" && UNPRINTABLE_KEY.test(p)) out += `[${JSON.stringify(p).replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || "(plan)";
}

// eslint-disable-next-line no-control-regex
const UNPRINTABLE_KEY = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\uFFFE\uFFFF\uD800-\uDFFF]/;

type Msg = { en: string; zh: string };
const problem = (path: readonly PropertyKey[] | string, en: string, zh: string): PlanProblem => ({
  path: typeof path === "string" ? path : jsonPath(path),
  message: { en, zh },
});

/** A zod issue in the planner's words, in English and Chinese. */
function zodMessage(issue: z.core.$ZodIssue): Msg {
  switch (issue.code) {
    case "invalid_type": {
      // The schema is parsed with `reportInput`, so a missing field is the only one without input.
      if (!("input" in issue) || issue.input === undefined) return { en: "is required", zh: "不能缺少" };
      const want = new Map<string, [string, string]>([
        ["number", ["a number", "数字"]],
        ["string", ["text", "文字"]],
        ["array", ["a list", "列表"]],
        ["object", ["an object", "对象"]],
        ["boolean", ["true or false", "true 或 false"]],
      ]);
      const [en, zh] = want.get(issue.expected) ?? [issue.expected, issue.expected];
      if (typeof issue.input === "number" && !Number.isFinite(issue.input)) {
        // JSON.parse reads 1e309 as Infinity: more than any number a workbook holds.
        return { en: "is too large (1e309 or beyond; a number is at most about 1.8e308)", zh: "数值过大（1e309 或更大；数字最大约 1.8e308）" };
      }
      const found = describeFound(issue.input);
      const unquote = issue.expected === "number" && typeof issue.input === "string" && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(issue.input);
      return {
        en: `must be ${en}, not ${found.en}${unquote ? ` (write it without quotes: ${issue.input.trim()})` : ""}`,
        zh: `应为${zh}，而不是${found.zh}${unquote ? `（去掉引号：${issue.input.trim()}）` : ""}`,
      };
    }
    case "too_small": {
      const min = String(issue.minimum);
      if (issue.origin === "array") return { en: `needs at least ${min} item(s)`, zh: `至少需要 ${min} 项` };
      if (issue.origin === "string") return { en: "must not be blank", zh: "不能为空" };
      if (Number(issue.minimum) === 0) return { en: "must be 0 or more (it is negative)", zh: "不能为负数" };
      return { en: `must be at least ${min}`, zh: `不能小于 ${min}` };
    }
    case "too_big": {
      const max = String(issue.maximum);
      if (issue.origin === "array") return { en: `has more than ${max} items`, zh: `超过 ${max} 项` };
      if (issue.origin === "string") return { en: `is longer than ${max} characters`, zh: `超过 ${max} 个字符` };
      return { en: `must be at most ${max}`, zh: `不能大于 ${max}` };
    }
    case "invalid_format":
      if (issue.format === "date") return { en: "must be a date written YYYY-MM-DD", zh: "应为日期，格式 YYYY-MM-DD" };
      return { en: "must start with a letter and hold only letters, digits, _ and - (at most 40)", zh: "须以字母开头，只含字母、数字、_ 和 -（最多 40 个）" };
    case "invalid_value":
      return { en: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`, zh: `应为以下之一：${issue.values.map((v) => JSON.stringify(v)).join("、")}` };
    case "unrecognized_keys":
      return { en: `unknown field(s) ${issue.keys.join(", ")}`, zh: `无法识别的字段：${issue.keys.join("、")}` };
    case "invalid_union":
      return { en: "is not in any of the accepted forms (see docs/plan-format.md)", zh: "不符合任何一种允许的写法（见 docs/plan-format.md）" };
    default:
      return { en: issue.message, zh: issue.message };
  }
}

/** Text quoted for a message: at most 40 characters, JSON-escaped (control characters stay visible). */
function quoted(text: string): string {
  const chars = [...text];
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join("")}…` : text);
}

/** What a wrong-typed value is, for "must be a number, not …". */
function describeFound(input: unknown): Msg {
  if (input === null) return { en: "null", zh: "null" };
  if (Array.isArray(input)) return { en: "a list", zh: "列表" };
  switch (typeof input) {
    case "string":
      return { en: `text ${quoted(input)}`, zh: `文字 ${quoted(input)}` };
    case "number":
      return { en: `the number ${input}`, zh: `数字 ${input}` };
    case "boolean":
      return { en: String(input), zh: String(input) };
    case "object":
      return { en: "an object", zh: "对象" };
    default:
      return { en: typeof input, zh: typeof input };
  }
}

/** `problems` but those at a path `first` has a problem at already (a bad character is fixed first). */
function withoutPaths(first: readonly PlanProblem[], problems: PlanProblem[]): PlanProblem[] {
  if (first.length === 0) return problems;
  const taken = new Set(first.map((p) => p.path));
  return problems.filter((p) => !taken.has(p.path));
}

// ---- text a workbook can hold -----------------------------------------------------------------

/**
 * Characters XML 1.0 cannot hold (its `Char` production: tab, LF, CR, U+0020–U+D7FF,
 * U+E000–U+FFFD, U+10000–U+10FFFF): the other C0 controls, U+FFFE, U+FFFF and surrogates
 * that are not half of a pair. A workbook is XML, so a name holding one makes a file that
 * Excel repairs, LibreOffice empties and our own reader refuses.
 */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Control characters (C0 with tab, LF and CR, DEL, C1): none belongs in a name shown on one line of a sheet. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
/** Fields that are names (shown as one line, used for sheet and file names): controls refused too. */
const NAME_FIELDS = new Set(["name", "title", "member", "currency"]);
const CONTROL_NAMES = new Map<number, string>([
  [0x00, "NUL"],
  [0x09, "TAB"],
  [0x0a, "LF, a line break"],
  [0x0d, "CR, a line break"],
  [0x1b, "ESC"],
  [0x7f, "DEL"],
]);

/** "U+001B (ESC)" for a character. */
function charLabel(code: number): string {
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  const name = CONTROL_NAMES.get(code);
  return name ? `U+${hex} (${name})` : `U+${hex}`;
}

/** The bad character of `text` that `pattern` finds: its label and 1-based position in characters. */
function badChar(text: string, pattern: RegExp): { label: string; at: number } | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  return { label: charLabel(m[0].charCodeAt(0)), at: [...text.slice(0, m.index)].length + 1 };
}

/**
 * Every string (and field name) of the raw JSON a workbook could not hold, and every name with
 * a control character in it: one problem each, at its JSON path, naming the character. Works
 * on anything (runs before the schema, so a bad character is named even in a broken plan).
 */
function textProblems(json: unknown): PlanProblem[] {
  const out: PlanProblem[] = [];
  const walk = (x: unknown, at: PropertyKey[]): void => {
    if (typeof x === "string") {
      const field = at[at.length - 1];
      const isName = typeof field === "string" && NAME_FIELDS.has(field);
      const control = isName ? badChar(x, CONTROL) : undefined;
      const xml = control ? undefined : badChar(x, XML_INVALID);
      if (isName && x.length > 0 && x.trim() === "") {
        // Only spaces: a blank header or label on the sheet (Excel wants table headers non-empty).
        out.push(problem(at, "must not be blank (it is only spaces)", "不能为空（只有空格）"));
      } else if (xml) {
        out.push(
          problem(
            at,
            `contains ${xml.label} at character ${xml.at}, which a workbook cannot hold (Excel could not open the file); remove it`,
            `第 ${xml.at} 个字符是 ${xml.label}，工作簿无法保存此字符（Excel 将打不开文件）；请删除`,
          ),
        );
      } else if (control) {
        out.push(
          problem(
            at,
            `contains the control character ${control.label} at character ${control.at}; a name is one line of plain text`,
            `第 ${control.at} 个字符是控制字符 ${control.label}；名称只能是一行普通文字`,
          ),
        );
      }
    } else if (Array.isArray(x)) {
      x.forEach((v, i) => walk(v, [...at, i]));
    } else if (typeof x === "object" && x !== null) {
      for (const [key, v] of Object.entries(x)) {
        const bad = badChar(key, XML_INVALID) ?? badChar(key, CONTROL);
        if (bad) out.push(problem([...at, key], `the field name contains ${bad.label} at character ${bad.at}; remove it`, `字段名第 ${bad.at} 个字符是 ${bad.label}；请删除`));
        walk(v, [...at, key]);
      }
    }
  };
  walk(json, []);
  return out;
}

/** Default members of a time split. */
export function defaultTimeMembers(kind: SplitKind, lang: "en" | "zh" = "en"): string[] {
  if (kind === "quarter") return ["Q1", "Q2", "Q3", "Q4"];
  if (kind === "month") return Array.from({ length: 12 }, (_, i) => (lang === "zh" ? `${i + 1}月` : MONTHS_EN[i]));
  return [];
}
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The plan's annual total in 元: `total`, else last year's total × (1 + growth). */
export function planTotal(plan: Plan): number {
  if (plan.total !== undefined) return plan.total;
  if (plan.lastYear) return Number((plan.lastYear.total * (1 + plan.lastYear.growth)).toPrecision(15));
  return 0;
}

/** Size of one display unit of the plan's amounts in 元 (1, 10,000 or 100,000,000). */
export function planScale(plan: Plan): number {
  return UNIT_SCALE[plan.unit ?? "元"];
}

/**
 * The dates a workbook shows as written: Excel's 1900 date system counts days from
 * 1900-01-01 but takes 1900 for a leap year, so days before 1900-03-01 are a day off in
 * Excel against every other spreadsheet; after 9999-12-31 there are no dates.
 */
export const EXCEL_DATES = { first: "1900-03-01", last: "9999-12-31" } as const;

/**
 * Why an ISO date (YYYY-MM-DD) cannot be written as a date in a workbook, or undefined.
 * @example excelDateProblem("0001-01-01")?.en // "is before 1900-03-01: …"
 */
export function excelDateProblem(iso: string): Msg | undefined {
  if (iso < EXCEL_DATES.first) {
    return {
      en: `is before ${EXCEL_DATES.first}: spreadsheets hold no dates before 1900, and Excel counts January and February 1900 a day off`,
      zh: `早于 ${EXCEL_DATES.first}：电子表格不能保存 1900 年以前的日期，Excel 对 1900 年 1、2 月的计数也差一天`,
    };
  }
  if (iso > EXCEL_DATES.last) return { en: `is after ${EXCEL_DATES.last}, the last date a spreadsheet holds`, zh: `晚于 ${EXCEL_DATES.last}，电子表格能保存的最后一天` };
  return undefined;
}

/**
 * Checks a plan: its shape (the schema), then what the schema cannot say — totals that
 * agree, weights that can split, grids over splits that exist, tracking targets and
 * scorecard rules that resolve, KPI weights adding up to 100. Never throws.
 *
 * @param json - anything (parsed JSON)
 * @returns the plan, or one problem per thing wrong, each with its JSON path and a message
 *   in English and Chinese
 * @example validatePlan({ title: "2025", year: 2025, total: 100, splits: [{ id: "q", kind: "quarter" }] })
 *   // { ok: true, plan: {...} }
 * @example validatePlan({ title: "x", year: 2025, splits: [{ id: "r", kind: "region", members: [{ name: "E", weight: -1 }] }] })
 *   // { ok: false, problems: [{ path: "splits[0].members[0].weight", message: { en: "must be 0 or more (it is negative)", zh: "不能为负数" } }] }
 */
export function validatePlan(json: unknown): PlanValidation {
  let parsed;
  let textual: PlanProblem[];
  try {
    textual = textProblems(json);
    parsed = PlanSchema.safeParse(json, { reportInput: true });
  } catch {
    return { ok: false, problems: [problem("(plan)", "is not a plan (a JSON object)", "不是计划（JSON 对象）")] };
  }
  if (!parsed.success) {
    const problems = [...textual, ...withoutPaths(textual, parsed.error.issues.map((i) => ({ path: jsonPath(i.path), message: zodMessage(i) })))];
    // The cross-references that do not depend on the broken parts are checked on the raw
    // JSON too, so a negative weight and a grid over a missing split are two messages.
    try {
      const seen = new Set(problems.map((p) => p.path));
      for (const p of rawCrossReferenceProblems(json, seen)) if (!seen.has(p.path)) problems.push(p);
    } catch {
      // the raw checks are best effort; the schema's messages stand
    }
    return { ok: false, problems };
  }
  const plan = parsed.data;
  // A person's actuals are a map from KPI ids the plan chooses ("constructor", "toString"):
  // without a prototype, `actuals[id]` of a missing id is undefined, never Object's method.
  for (const person of plan.scorecard?.people ?? []) if (person.actuals) person.actuals = Object.assign(Object.create(null) as Record<string, number | string | null>, person.actuals);
  const problems: PlanProblem[] = [];
  try {
    // What Excel can hold (./plan-fit) first: numbers, rounding units, formula lengths; then
    // what the plan means; then the zero targets the sheets would divide by.
    problems.push(...planFitProblems(plan));
    checkPlan(plan, problems);
    if (problems.length === 0) problems.push(...zeroTargetProblems(plan));
  } catch (e) {
    problems.push(problem("(plan)", `cannot be checked: ${String(e)}`, `无法检查：${String(e)}`));
  }
  return textual.length + problems.length ? { ok: false, problems: [...textual, ...withoutPaths(textual, problems)] } : { ok: true, plan };
}

const fmtN = (n: number): string => String(Number(n.toPrecision(10)));

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/**
 * The checks that need no valid plan, run on the raw JSON when the schema finds problems:
 * grids, month profiles, tracking targets and revenue targets naming splits that exist,
 * split members that exist, duplicate split and KPI ids, KPI weights adding up to 100 and
 * scorecard actuals naming KPIs. Each looks only at values of the right type (anything else
 * is the schema's message already).
 */
function rawCrossReferenceProblems(json: unknown, schemaPaths: ReadonlySet<string>): PlanProblem[] {
  const out: PlanProblem[] = [];
  if (!isObj(json)) return out;
  const splits = arr(json.splits);
  // A split whose id is itself wrong (or missing) may be the one a reference means: then
  // references to splits are not checked (the id's own message says enough).
  const idsSure = splits.every((s, i) => isObj(s) && typeof s.id === "string" && !schemaPaths.has(jsonPath(["splits", i, "id"])) && !schemaPaths.has(jsonPath(["splits", i])));
  const byId = new Map<string, Record<string, unknown>>();
  splits.forEach((s, i) => {
    if (!isObj(s) || typeof s.id !== "string") return;
    if (byId.has(s.id)) out.push(problem(["splits", i, "id"], `"${s.id}" is used by another split`, `“${s.id}”已被另一个分解使用`));
    else byId.set(s.id, s);
  });
  const noSplit = (path: PropertyKey[], id: string) => void (idsSure && out.push(problem(path, `no split has the id "${id}"`, `没有 id 为“${id}”的分解`)));
  const membersOfRaw = (s: Record<string, unknown>): string[] | undefined => {
    if (s.members === undefined) return s.kind === "quarter" || s.kind === "month" ? defaultTimeMembers(s.kind) : undefined;
    const names = arr(s.members).map((m) => (isObj(m) && typeof m.name === "string" ? m.name : undefined));
    return names.every((n) => n !== undefined) ? (names as string[]) : undefined;
  };
  const rawNames = new Map<Record<string, unknown>, Set<string> | undefined>();
  const ref = (r: unknown, path: PropertyKey[]) => {
    if (!isObj(r) || typeof r.split !== "string") return;
    const s = byId.get(r.split);
    if (!s) return noSplit([...path, "split"], r.split);
    if (!rawNames.has(s)) {
      const list = membersOfRaw(s);
      rawNames.set(s, list && new Set(list));
    }
    const names = rawNames.get(s);
    if (typeof r.member === "string" && names && !names.has(r.member)) {
      out.push(problem([...path, "member"], `"${r.member}" is not a member of split "${r.split}"`, `“${r.member}”不是分解“${r.split}”的成员`));
    }
  };
  splits.forEach((s, i) => {
    if (isObj(s) && typeof s.withinQuarters === "string" && !byId.has(s.withinQuarters)) noSplit(["splits", i, "withinQuarters"], s.withinQuarters);
  });
  arr(json.grids).forEach((g, i) => {
    if (!isObj(g)) return;
    if (typeof g.rows === "string" && !byId.has(g.rows)) noSplit(["grids", i, "rows"], g.rows);
    if (typeof g.columns === "string" && !byId.has(g.columns)) noSplit(["grids", i, "columns"], g.columns);
  });
  if (isObj(json.tracking)) {
    arr(json.tracking.rows).forEach((r, i) => {
      if (!isObj(r)) return;
      if (isObj(r.target)) ref(r.target.from, ["tracking", "rows", i, "target", "from"]);
      if (typeof r.months === "string" && !byId.has(r.months)) noSplit(["tracking", "rows", i, "months"], r.months);
    });
  }
  if (isObj(json.scorecard)) {
    const kpis = arr(json.scorecard.kpis);
    const ids = new Set<string>();
    let weights = 0;
    let allNumbers = kpis.length > 0;
    kpis.forEach((k, i) => {
      if (!isObj(k)) return void (allNumbers = false);
      if (typeof k.id === "string") {
        if (ids.has(k.id)) out.push(problem(["scorecard", "kpis", i, "id"], `"${k.id}" is used by another KPI`, `“${k.id}”已被另一个指标使用`));
        ids.add(k.id);
      }
      if (typeof k.weight === "number" && Number.isFinite(k.weight)) weights += k.weight;
      else allNumbers = false;
    });
    if (allNumbers && !nearlyEqual(weights, 100)) {
      out.push(problem(["scorecard", "kpis"], `KPI weights add up to ${fmtN(weights)}, not 100`, `指标权重合计为 ${fmtN(weights)}，不是 100`));
    }
    const idsKnown = kpis.every((k) => isObj(k) && typeof k.id === "string");
    arr(json.scorecard.people).forEach((p, i) => {
      if (!isObj(p)) return;
      if (idsKnown && isObj(p.actuals)) {
        for (const key of Object.keys(p.actuals)) if (!ids.has(key)) out.push(problem(["scorecard", "people", i, "actuals", key], `no KPI has the id "${key}"`, `没有 id 为“${key}”的指标`));
      }
      ref(p.revenueTarget, ["scorecard", "people", i, "revenueTarget"]);
    });
  }
  return out;
}

/**
 * Whether a plan gives at least one sheet to write: a total (or last year's), splits, grids, a
 * cascade, a tracking section or a scorecard.
 * @example planHasSheets({ title: "t", year: 2025 }) // false
 */
export function planHasSheets(plan: Plan): boolean {
  return plan.total !== undefined || plan.lastYear !== undefined || (plan.splits ?? []).length > 0 || (plan.grids ?? []).length > 0 || plan.cascade !== undefined || !!plan.tracking || !!plan.scorecard;
}

function checkPlan(plan: Plan, out: PlanProblem[]): void {
  // Something to write: a workbook needs at least one sheet.
  if (!planHasSheets(plan)) {
    out.push(problem("(plan)", "has nothing to write: give a total, splits, a cascade, a tracking section or a scorecard", "没有可写的内容：请给出总额、分解、逐层分解、跟踪表或考核表"));
  }
  if (plan.year === 1900) {
    out.push(problem("year", "must be 1901 or later: Excel counts January and February 1900 a day off against every other spreadsheet", "须为 1901 年或以后：Excel 对 1900 年 1、2 月的日期计数与其他电子表格差一天"));
  }
  // Total.
  const needsTotal = (plan.splits ?? []).some((s) => (s.measure ?? "amount") === "amount" && s.total === undefined && s.withinQuarters === undefined);
  if (plan.total === undefined && !plan.lastYear) {
    if (needsTotal) out.push(problem("total", "give the total, or last year's total and a growth rate (lastYear)", "请给出总额，或上年总额与增长率（lastYear）"));
  } else if (plan.total !== undefined && plan.lastYear) {
    const derived = plan.lastYear.total * (1 + plan.lastYear.growth);
    if (!nearlyEqual(derived, plan.total)) {
      out.push(
        problem(
          "total",
          `is ${fmtN(plan.total)} but last year's total × (1 + growth) is ${fmtN(derived)}; give one, or make them agree`,
          `为 ${fmtN(plan.total)}，但上年总额 ×（1 + 增长率）为 ${fmtN(derived)}；只给一个，或使两者一致`,
        ),
      );
    }
  }
  // A stated revenue per head must reconcile with the total (domain.md: a slip plans make).
  if (plan.headcount?.revenuePerHead !== undefined && (plan.total !== undefined || plan.lastYear)) {
    const derived = planTotal(plan) / plan.headcount.planned;
    const stated = plan.headcount.revenuePerHead;
    if (!nearlyEqual(derived, stated)) {
      out.push(
        problem(
          "headcount.revenuePerHead",
          `is ${fmtN(stated)}, but the total over ${plan.headcount.planned} heads is ${fmtN(derived)}`,
          `为 ${fmtN(stated)}，但总额除以 ${plan.headcount.planned} 人为 ${fmtN(derived)}`,
        ),
      );
    }
  }
  const splits = plan.splits ?? [];
  const byId = new Map<string, SplitEntry>();
  splits.forEach((s, i) => {
    if (byId.has(s.id)) out.push(problem(["splits", i, "id"], `"${s.id}" is used by another split`, `“${s.id}”已被另一个分解使用`));
    else byId.set(s.id, { split: s, index: i });
  });
  splits.forEach((s, i) => checkSplit(plan, s, i, byId, out));
  (plan.grids ?? []).forEach((g, i) => checkGrid(plan, g, i, byId, out));
  const gridIds = new Set<string>();
  (plan.grids ?? []).forEach((g, i) => {
    if (gridIds.has(g.id) || byId.has(g.id)) out.push(problem(["grids", i, "id"], `"${g.id}" is used by another split or grid`, `“${g.id}”已被另一个分解或交叉表使用`));
    gridIds.add(g.id);
  });
  // Numbers: every split and grid must work out in the engine (e.g. a seed that cannot reach its margins).
  if (out.length === 0) {
    splits.forEach((s, i) => {
      try {
        resolveSplit(plan, s.id);
      } catch (e) {
        if (isPlanError(e)) out.push(engineProblem(plan, e, { split: i }));
        else throw e;
      }
    });
    (plan.grids ?? []).forEach((g, i) => {
      if (out.length) return;
      try {
        resolveGrid(plan, g.id);
      } catch (e) {
        if (isPlanError(e)) out.push(engineProblem(plan, e, { grid: i }));
        else throw e;
      }
    });
  }
  if (plan.tracking) checkTracking(plan, byId, out);
  if (plan.tracking) checkDashboard(plan.tracking, out);
  if (plan.scorecard) checkScorecard(plan, byId, out);
  if (plan.cascade && out.length === 0) {
    const { problems, result } = workOutCascade(plan);
    out.push(...problems);
    if (result) out.push(...treeScorecardTargetProblems(result));
  }
  // Revisions last: each applies to the plan the ones before it left (./revisions).
  if (plan.revisions?.length && out.length === 0) out.push(...revisionProblems(plan));
  // Tracking targets must work out too (an annual target shaped by months that are all 0).
  if (out.length === 0 && plan.tracking) {
    const lookup = rememberingLookup(plan);
    plan.tracking.rows.forEach((r, i) => {
      try {
        monthlyTargets(plan, r, lookup);
      } catch (e) {
        if (isPlanError(e)) out.push(engineProblem(plan, e, { row: i }));
        else throw e;
      }
    });
  }
}

/**
 * A core error met while working out a split, a grid or a tracking row, in the plan's words:
 * the JSON path of what to change, and the plan's names where core speaks in TARGET.SPREAD's
 * and TARGET.SPLIT's arguments ("row_totals, row 3" is the rows split's third member,
 * "leave the unit out" is `"roundTo": 0`).
 */
function engineProblem(plan: Plan, e: PlanError, what: { split: number } | { grid: number } | { row: number }): PlanProblem {
  const w = e.params.where;
  const p = e.params;
  // The message without core's "argument, row r, column c: " in front.
  const body = (lang: "en" | "zh"): string => CATALOGUE[e.key][lang]({ ...p, where: undefined }, lang).replace(/^(: |：)/, "");
  const plain = (path: PropertyKey[]): PlanProblem => problem(path, body("en"), body("zh"));
  if ("split" in what) {
    const s = (plan.splits ?? [])[what.split];
    const at: PropertyKey[] = ["splits", what.split];
    if (w?.arg === "unit") return plain([...at, "roundTo"]);
    if (w?.arg === "total") return plain(s.total !== undefined ? [...at, "total"] : ["total"]);
    if ((w?.arg === "weights" || w?.arg === "fixed") && w.col !== undefined && s.members) return plain([...at, "members", w.col - 1]);
    return plain([...at, "members"]);
  }
  if ("row" in what) {
    const r = plan.tracking!.rows[what.row];
    return plain(["tracking", "rows", what.row, r.months !== undefined ? "months" : "target"]);
  }
  const g = plan.grids![what.grid];
  const at: PropertyKey[] = ["grids", what.grid];
  const rowNames = resolveSplit(plan, g.rows).names;
  const colNames = resolveSplit(plan, g.columns).names;
  /** "East" for 1-based positions "1" of the rows split, "East", "West" for "1, 2". */
  const named = (names: string[], positions: string | number | undefined): string =>
    String(positions ?? "")
      .split(/,\s*/)
      .map((k) => JSON.stringify(names[Number(k) - 1] ?? k))
      .join(", ");
  switch (e.key) {
    case "roundingTooLarge":
      return problem(
        [...at, "roundTo"],
        `the grid (${p.cells} cells) is too large to round exactly to its roundTo: give the grid "roundTo": 0 (exact values), or cross splits with fewer members`,
        `交叉表（${p.cells} 个单元格）过大，无法按 roundTo 精确取整：请给交叉表设 "roundTo": 0（精确值），或交叉成员更少的分解`,
      );
    case "fitOnlyInLimit": {
      const [row, col] = [Number(p.row), Number(p.col)];
      const [r, c] = [named(rowNames, row), named(colNames, col)];
      return problem(
        [...at, "seed", row - 1, col - 1],
        `${r}'s and ${c}'s amounts can be met only with this seed value at 0, so fitting would never finish: change the splits' weights, or move this value to other rows or columns of the seed`,
        `${r} 与 ${c} 的金额只有把参照的这一格压到 0 才能满足，拟合无法完成：请调整分解的权重，或把这一格的值移到参照的其他行或列`,
      );
    }
    case "infeasibleGroup": {
      const [r, c] = [named(rowNames, p.rows as string), named(colNames, p.cols as string)];
      return problem(
        [...at, "seed"],
        `${r} need ${fmt(p.need)}, but the seed has values for them only under ${c}, whose amounts add up to ${fmt(p.have)}`,
        `${r} 合计 ${fmt(p.need)}，但参照只在 ${c} 下有值，这些列的金额合计只有 ${fmt(p.have)}`,
      );
    }
    case "infeasible": {
      const isRow = w?.arg === "row_totals";
      const who = isRow ? named(rowNames, w?.row) : named(colNames, w?.col);
      return problem(
        [...at, "seed"],
        `${who}'s amount ${fmt(p.total)} cannot be met: its ${isRow ? "row" : "column"} of the seed is all zeros`,
        `${who} 的金额 ${fmt(p.total)} 无法满足：参照中它的那一${isRow ? "行" : "列"}全为 0`,
      );
    }
    case "notConverged":
      return problem(
        [...at, "seed"],
        `the grid cannot match both splits' amounts from this seed (still off by ${fmt(p.off)} after ${p.rounds} rounds); change the seed`,
        `按此参照，交叉表无法同时满足两个分解的金额（${p.rounds} 轮后仍差 ${fmt(p.off)}）；请修改参照`,
      );
    case "tooLarge":
      return problem([...at, "rows"], `crosses ${p.cells} cells; a grid holds at most ${p.max}`, `交叉了 ${p.cells} 个单元格；交叉表最多 ${p.max} 个`);
    default: {
      if (w?.arg === "unit") return plain([...at, "roundTo"]);
      if (w?.arg === "seed" && w.row !== undefined && w.col !== undefined) return plain([...at, "seed", w.row - 1, w.col - 1]);
      return plain([...at, w?.arg === "row_totals" ? "rows" : w?.arg === "seed" ? "seed" : "columns"]);
    }
  }
}

/** A split as the checks find it by id: where it is, and (once asked) its members' names as a set. */
interface SplitEntry {
  split: Split;
  index: number;
  names?: Set<string>;
}

function membersOf(s: Split): string[] {
  return s.members ? s.members.map((m) => m.name) : defaultTimeMembers(s.kind);
}

function checkSplit(plan: Plan, s: Split, i: number, byId: Map<string, SplitEntry>, out: PlanProblem[]): void {
  const at = (...rest: PropertyKey[]) => ["splits", i, ...rest];
  const before = out.length;
  const basis = s.basis ?? (s.members ? "weights" : "even");
  const members = s.members ?? [];
  if (!s.members && s.kind !== "quarter" && s.kind !== "month") {
    out.push(problem(at("members"), `a ${s.kind} split needs its members`, "此类分解需要列出成员"));
    return;
  }
  if (s.members && s.members.length === 0) {
    out.push(problem(at("members"), "needs at least one member", "至少需要一个成员"));
    return;
  }
  if (s.kind === "quarter" && s.members && s.members.length !== 4) {
    out.push(problem(at("members"), `a quarter split has 4 members (Q1–Q4), not ${s.members.length}`, `季度分解应有 4 个成员（Q1–Q4），而不是 ${s.members.length} 个`));
  }
  if (s.kind === "month" && s.members && s.members.length !== 12) {
    out.push(problem(at("members"), `a month split has 12 members, not ${s.members.length}`, `月度分解应有 12 个成员，而不是 ${s.members.length} 个`));
  }
  const seen = new Set<string>();
  members.forEach((m, j) => {
    const key = m.name.trim();
    if (seen.has(key)) out.push(problem(at("members", j, "name"), `"${m.name}" appears twice in this split`, `“${m.name}”在此分解中出现了两次`));
    seen.add(key);
  });
  if ((s.measure ?? "amount") === "count" && s.total === undefined && !s.withinQuarters) {
    out.push(problem(at("total"), "a count split needs its own total (e.g. 80 new customers)", "计数分解需要自己的总数（例如 80 个新客户）"));
  }
  // Weights by basis.
  let restCount = 0;
  let named = 0;
  members.forEach((m, j) => {
    const held = (m.held ?? 0) > 0;
    if (m.rest) {
      restCount++;
      if (basis !== "percent") out.push(problem(at("members", j, "rest"), 'rest is only for basis "percent"', "rest 仅用于 basis 为 percent 的分解"));
      else if (m.weight !== undefined) out.push(problem(at("members", j, "weight"), "the rest member takes what is left; give it no weight", "剩余成员取剩下的比例，不要再给权重"));
    }
    if ((basis === "weights" || basis === "percent") && m.weight === undefined && !held && !m.rest) {
      out.push(problem(at("members", j, "weight"), "needs a weight (or held, or basis even)", "需要权重（或固定额，或 basis 设为 even）"));
    }
    if (basis === "lastYear" && m.lastYear === undefined && !held) {
      out.push(problem(at("members", j, "lastYear"), "needs last year's figure (basis lastYear)", "需要上年数（basis 为 lastYear）"));
    }
    if (basis === "percent" && !m.rest && !held) named += m.weight ?? 0;
  });
  if (restCount > 1) out.push(problem(at("members"), "only one member can be the rest", "只能有一个剩余成员"));
  if (basis === "percent" && members.length) {
    if (restCount === 0 && !nearlyEqual(named, 100)) {
      out.push(problem(at("members"), `percentages add up to ${fmtN(named)}, not 100 (or mark one member as the rest)`, `百分比合计为 ${fmtN(named)}，不是 100（或把一个成员标为剩余）`));
    } else if (restCount === 1 && named > 100 + 1e-9) {
      out.push(problem(at("members"), `named percentages add up to ${fmtN(named)}, over 100`, `列明的百分比合计为 ${fmtN(named)}，超过 100`));
    }
  }
  if (s.withinQuarters !== undefined) {
    const q = byId.get(s.withinQuarters);
    if (s.kind !== "month") out.push(problem(at("withinQuarters"), "only a month split can be split within quarters", "只有月度分解可以按季度内拆分"));
    else if (!q) out.push(problem(at("withinQuarters"), `no split has the id "${s.withinQuarters}"`, `没有 id 为“${s.withinQuarters}”的分解`));
    else if (q.split.kind !== "quarter") out.push(problem(at("withinQuarters"), `"${s.withinQuarters}" is not a quarter split`, `“${s.withinQuarters}”不是季度分解`));
    else if (q.split.withinQuarters !== undefined) out.push(problem(at("withinQuarters"), "must name a quarter split", "须指向季度分解"));
    // The sheet shows each month's quarter above it (its formulas refer up to the quarters).
    else if (q.index > i) out.push(problem(at("withinQuarters"), `"${s.withinQuarters}" comes after this split; list the quarter split first`, `“${s.withinQuarters}”排在此分解之后；请先列出季度分解`));
    if (s.total !== undefined) out.push(problem(at("total"), "a split within quarters takes its total from the quarters; give no total", "按季度内拆分的分解取季度金额，不要另给总额"));
    if (s.measure !== undefined && q && (q.split.measure ?? "amount") !== s.measure) {
      out.push(problem(at("measure"), "must be the quarter split's measure", "须与季度分解的计量方式一致"));
    }
    members.forEach((m, j) => {
      if ((m.held ?? 0) > 0) out.push(problem(at("members", j, "held"), "a split within quarters holds no member", "按季度内拆分的分解不能固定成员"));
    });
  }
  if (out.length > before) return;
  // Can it be split? Held amounts within the total; some free weight when something is left.
  if (s.withinQuarters !== undefined) {
    const q = byId.get(s.withinQuarters)!.split;
    const qMembers = membersOf(q);
    const w = effectiveWeights(s);
    for (let k = 0; k < 4; k++) {
      const wsum = w[3 * k] + w[3 * k + 1] + w[3 * k + 2];
      if (wsum === 0) out.push(problem(at("members", 3 * k, "weight"), `the months of ${qMembers[k]} all weigh 0`, `${qMembers[k]} 的三个月权重都是 0`));
    }
    return;
  }
  const total = splitTotalOf(plan, s);
  let held = 0;
  members.forEach((m) => (held += m.held ?? 0));
  if (held > total && !nearlyEqual(held, total)) {
    out.push(problem(at("members"), `held amounts (${fmtN(held)}) exceed the total (${fmtN(total)}) by ${fmtN(held - total)}`, `固定额合计（${fmtN(held)}）超过总额（${fmtN(total)}）${fmtN(held - total)}`));
    return;
  }
  const w = effectiveWeights(s);
  const free = w.filter((_, k) => !((members[k]?.held ?? 0) > 0));
  const left = nearlyEqual(held, total) ? 0 : total - held;
  if (left > 0 && free.length === 0) out.push(problem(at("members"), `every member is held and ${fmtN(left)} is left to split`, `所有成员都已固定，还剩 ${fmtN(left)} 未分配`));
  else if (left > 0 && free.every((x) => x === 0)) out.push(problem(at("members"), "every free member weighs 0, so nothing can take the total", "未固定成员的权重都是 0，总额无处分配"));
}

/**
 * The weights a split divides by, one per member (held members keep theirs; they do not
 * count): the given weights, percentages (the rest member gets 100 − the named ones),
 * last year's figures, or 1 each.
 * @example effectiveWeights({ id: "c", kind: "channel", basis: "percent", members: [{ name: "a", weight: 12 }, { name: "b", rest: true }] }) // [12, 88]
 */
export function effectiveWeights(s: Split): number[] {
  const basis = s.basis ?? (s.members ? "weights" : "even");
  const n = s.members ? s.members.length : s.kind === "quarter" ? 4 : s.kind === "month" ? 12 : 0;
  if (basis === "even") return new Array(n).fill(1);
  if (!s.members) return new Array(n).fill(1);
  if (basis === "lastYear") return s.members.map((m) => m.lastYear ?? 0);
  if (basis === "percent") {
    // As validation counts them: a held member's percentage is not one of the named ones (the
    // free members' percentages add up to 100; the held amount comes off the total first).
    let named = 0;
    for (const m of s.members) if (!m.rest && !((m.held ?? 0) > 0)) named += m.weight ?? 0;
    const rest = Math.max(0, Number((100 - named).toPrecision(12)));
    return s.members.map((m) => (m.rest ? rest : (m.weight ?? 0)));
  }
  return s.members.map((m) => m.weight ?? 0);
}

/** A split's total in 元 (or count): its own, else the plan's. (Not for splits within quarters.) */
export function splitTotalOf(plan: Plan, s: Split): number {
  return s.total ?? ((s.measure ?? "amount") === "count" ? 0 : planTotal(plan));
}

function checkGrid(plan: Plan, g: PlanGrid, i: number, byId: Map<string, SplitEntry>, out: PlanProblem[]): void {
  const rows = byId.get(g.rows);
  const cols = byId.get(g.columns);
  if (!rows) out.push(problem(["grids", i, "rows"], `no split has the id "${g.rows}"`, `没有 id 为“${g.rows}”的分解`));
  if (!cols) out.push(problem(["grids", i, "columns"], `no split has the id "${g.columns}"`, `没有 id 为“${g.columns}”的分解`));
  if (!rows || !cols) return;
  if (g.rows === g.columns) {
    out.push(problem(["grids", i, "columns"], "a grid crosses two different splits", "交叉表须交叉两个不同的分解"));
    return;
  }
  const mr = (rows.split.measure ?? "amount") as string;
  const mc = (cols.split.measure ?? "amount") as string;
  if (mr !== mc) {
    out.push(problem(["grids", i, "columns"], "crosses an amount split with a count split", "不能交叉金额分解与计数分解"));
    return;
  }
  const tr = rows.split.withinQuarters ? undefined : splitTotalOf(plan, rows.split);
  const tc = cols.split.withinQuarters ? undefined : splitTotalOf(plan, cols.split);
  const rowTotal = tr ?? splitTotalOf(plan, byId.get(rows.split.withinQuarters!)?.split ?? rows.split);
  const colTotal = tc ?? splitTotalOf(plan, byId.get(cols.split.withinQuarters!)?.split ?? cols.split);
  if (!nearlyEqual(rowTotal, colTotal)) {
    out.push(
      problem(["grids", i, "columns"], `the two splits have different totals (${fmtN(rowTotal)} and ${fmtN(colTotal)})`, `两个分解的总额不同（${fmtN(rowTotal)} 与 ${fmtN(colTotal)}）`),
    );
  }
  if (g.seed) {
    const m = membersOf(rows.split).length;
    const n = membersOf(cols.split).length;
    if (g.seed.length !== m || g.seed.some((r) => r.length !== n)) {
      out.push(problem(["grids", i, "seed"], `must be ${m} rows × ${n} columns, like the grid`, `须为 ${m} 行 × ${n} 列，与交叉表一致`));
    }
  }
}

function checkRef(ref: TargetRef, path: PropertyKey[], byId: Map<string, SplitEntry>, out: PlanProblem[], memberNeeded: boolean): void {
  const s = byId.get(ref.split);
  if (!s) {
    out.push(problem([...path, "split"], `no split has the id "${ref.split}"`, `没有 id 为“${ref.split}”的分解`));
    return;
  }
  if (ref.member === undefined) {
    if (memberNeeded || s.split.kind !== "month") {
      out.push(problem([...path, "member"], memberNeeded ? "name a member of the split" : "name a member (only a month split gives months without one)", memberNeeded ? "请指定分解中的成员" : "请指定成员（只有月度分解可以不指定）"));
    }
    return;
  }
  // A set per split, made once: 100,000 rows each naming a member are checked in linear time.
  s.names ??= new Set(membersOf(s.split));
  if (!s.names.has(ref.member)) {
    out.push(problem([...path, "member"], `"${ref.member}" is not a member of split "${ref.split}"`, `“${ref.member}”不是分解“${ref.split}”的成员`));
  }
}

function checkTracking(plan: Plan, byId: Map<string, SplitEntry>, out: PlanProblem[]): void {
  const t = plan.tracking!;
  const asOf = t.asOf !== undefined ? excelDateProblem(t.asOf) : undefined;
  if (asOf) out.push(problem(["tracking", "asOf"], asOf.en, asOf.zh));
  const names = new Set<string>();
  t.rows.forEach((r, i) => {
    const at = (...rest: PropertyKey[]) => ["tracking", "rows", i, ...rest];
    if (names.has(r.name)) out.push(problem(at("name"), `"${r.name}" appears twice`, `“${r.name}”出现了两次`));
    names.add(r.name);
    if ("from" in r.target) {
      checkRef(r.target.from, at("target", "from"), byId, out, false);
      const s = byId.get(r.target.from.split)?.split;
      const format = r.format ?? "amount";
      if (s && ((s.measure ?? "amount") === "count") !== (format === "count")) {
        out.push(
          problem(
            at("format"),
            `must be "${(s.measure ?? "amount") === "count" ? "count" : "amount"}", like the split its target comes from`,
            `须为“${(s.measure ?? "amount") === "count" ? "count" : "amount"}”，与目标来源的分解一致`,
          ),
        );
      }
    }
    if (r.months !== undefined) {
      const s = byId.get(r.months);
      if (!s) out.push(problem(at("months"), `no split has the id "${r.months}"`, `没有 id 为“${r.months}”的分解`));
      else if (s.split.kind !== "month") out.push(problem(at("months"), `"${r.months}" is not a month split`, `“${r.months}”不是月度分解`));
      if ("monthly" in r.target || "each" in r.target) out.push(problem(at("months"), "only an annual target is spread over months", "只有年度目标才按月分摊"));
    }
    const green = r.greenAt ?? 1;
    if (r.yellowAt !== undefined && r.yellowAt > green + TOL * Math.max(1, green)) {
      out.push(problem(at("yellowAt"), `yellow (${fmtN(r.yellowAt)}) is above green (${fmtN(green)})`, `黄灯线（${fmtN(r.yellowAt)}）高于绿灯线（${fmtN(green)}）`));
    }
    if ((r.direction ?? "higher") === "higher") {
      const zeroAt = "annual" in r.target ? (r.target.annual === 0 ? "annual" : undefined) : "each" in r.target ? (r.target.each === 0 ? "each" : undefined) : undefined;
      if (zeroAt) out.push(problem(at("target", zeroAt), "a zero target cannot be reached when higher is better", "越高越好的指标目标不能为 0"));
    }
  });
}

/**
 * The dashboard's monthly row: a tracking row that adds up over the year where higher is
 * better (its months then add up to a year to date the line can follow).
 */
function checkDashboard(t: NonNullable<Plan["tracking"]>, out: PlanProblem[]): void {
  const monthly = typeof t.dashboard === "object" ? t.dashboard.monthly : undefined;
  if (typeof monthly !== "object") return;
  const at = ["tracking", "dashboard", "monthly", "row"];
  const row = t.rows.find((r) => r.name === monthly.row);
  if (!row) {
    out.push(problem(at, `no tracking row is named "${monthly.row}"`, `目标管理表中没有名为“${monthly.row}”的行`));
    return;
  }
  const aggregate = row.aggregate ?? ((row.format ?? "amount") === "percent" ? "average" : "sum");
  if (aggregate !== "sum" || (row.direction ?? "higher") !== "higher") {
    out.push(
      problem(
        at,
        `"${monthly.row}" cannot be followed month by month: the monthly line needs a row whose year adds up (aggregate "sum") where higher is better`,
        `“${monthly.row}”不能作为逐月曲线：逐月曲线需要全年合计（aggregate 为 "sum"）且越高越好的行`,
      ),
    );
  }
}

function checkScorecard(plan: Plan, byId: Map<string, SplitEntry>, out: PlanProblem[]): void {
  const sc = plan.scorecard!;
  const ids = new Set<string>();
  const kpiNames = new Set<string>();
  let weights = 0;
  sc.kpis.forEach((k, i) => {
    const at = (...rest: PropertyKey[]) => ["scorecard", "kpis", i, ...rest];
    if (ids.has(k.id)) out.push(problem(at("id"), `"${k.id}" is used by another KPI`, `“${k.id}”已被另一个指标使用`));
    ids.add(k.id);
    // Each KPI heads two columns of the scorecard's table, whose headers Excel wants distinct without regard to case.
    const nameKey = k.name.trim().toLowerCase();
    if (kpiNames.has(nameKey)) out.push(problem(at("name"), `"${k.name}" is the name of another KPI (the scorecard heads a column with each)`, `“${k.name}”与另一个指标同名（考核表每个指标一列）`));
    kpiNames.add(nameKey);
    weights += k.weight;
    if (k.rule !== undefined) {
      try {
        const rule = parseScoringRule(k.rule);
        const cap = k.cap ?? rule.cap;
        const floor = k.floor ?? rule.floor ?? 0;
        if (cap !== undefined && floor > cap) out.push(problem(at("floor"), `the floor (${fmtN(floor)}) is above the cap (${fmtN(cap)})`, `下限（${fmtN(floor)}）高于上限（${fmtN(cap)}）`));
      } catch (e) {
        if (isPlanError(e)) out.push(problem(at("rule"), e.messageIn("en"), e.messageIn("zh")));
        else throw e;
      }
    } else if (k.cap !== undefined && k.floor !== undefined && k.floor > k.cap) {
      out.push(problem(at("floor"), `the floor (${fmtN(k.floor)}) is above the cap (${fmtN(k.cap)})`, `下限（${fmtN(k.floor)}）高于上限（${fmtN(k.cap)}）`));
    }
    if (k.target === 0 && (k.direction ?? "higher") === "higher" && k.rule === undefined) {
      out.push(problem(at("target"), "a zero target cannot be scored by attainment; give a rule", "目标为 0 时无法按完成率计分，请给出规则"));
    }
  });
  if (!nearlyEqual(weights, 100)) {
    out.push(problem(["scorecard", "kpis"], `KPI weights add up to ${fmtN(weights)}, not 100`, `指标权重合计为 ${fmtN(weights)}，不是 100`));
  }
  const people = new Set<string>();
  (sc.people ?? []).forEach((p, i) => {
    const at = (...rest: PropertyKey[]) => ["scorecard", "people", i, ...rest];
    if (people.has(p.name)) out.push(problem(at("name"), `"${p.name}" appears twice`, `“${p.name}”出现了两次`));
    people.add(p.name);
    for (const key of Object.keys(p.actuals ?? {})) {
      if (!ids.has(key)) out.push(problem(at("actuals", key), `no KPI has the id "${key}"`, `没有 id 为“${key}”的指标`));
    }
    if (p.revenueTarget !== undefined && typeof p.revenueTarget === "object") {
      checkRef(p.revenueTarget, at("revenueTarget"), byId, out, true);
      if ((byId.get(p.revenueTarget.split)?.split.measure ?? "amount") === "count") {
        out.push(problem(at("revenueTarget", "split"), "revenue comes from an amount split, not a count", "回款目标须来自金额分解，而不是计数分解"));
      }
    }
    if (sc.commission && p.revenue !== undefined && p.revenue !== null && p.revenueTarget === undefined) {
      out.push(problem(at("revenueTarget"), "commission needs a revenue target", "计算提成需要回款目标"));
    }
    if (typeof p.revenueTarget === "number" && p.revenueTarget === 0 && sc.commission) {
      out.push(problem(at("revenueTarget"), "a zero revenue target gives no commission tiers (#DIV/0!)", "回款目标为 0 无法计算阶梯提成（#DIV/0!）"));
    }
  });
  if (sc.bands) {
    const seen = new Set<number>();
    sc.bands.forEach((b, i) => {
      if ([...seen].some((x) => nearlyEqual(x, b.from))) out.push(problem(["scorecard", "bands", i, "from"], `two bands start at ${fmtN(b.from)}`, `有两个档位都从 ${fmtN(b.from)} 开始`));
      seen.add(b.from);
    });
  }
  if (sc.commission) {
    const tiers = sc.commission.tiers;
    const seen = new Set<number>();
    tiers.forEach((t, i) => {
      if ([...seen].some((x) => nearlyEqual(x, t.from))) out.push(problem(["scorecard", "commission", "tiers", i, "from"], `two tiers start at ${fmtN(t.from)}`, `有两个档位都从 ${fmtN(t.from)} 开始`));
      seen.add(t.from);
    });
    if (!tiers.some((t) => t.from === 0)) out.push(problem(["scorecard", "commission", "tiers"], "the lowest tier must start at 0", "最低一档须从 0 开始"));
  }
  checkScorecardDocuments(sc, byId, out);
}

// ---- the scorecard the documents write: graded KPIs, roles, the annual bonus ----------------------

/**
 * The grades of a graded KPI as a sheet in `lang` shows them: its own, or the documents' five
 * in that language; undefined for a KPI that is not graded.
 * @example kpiGrades({ id: "t", name: "团队协作", weight: 10, grades: true }, "zh")![1] // { name: "较好", points: 8 }
 */
export function kpiGrades(k: Kpi, lang: "en" | "zh"): readonly Grade[] | undefined {
  if (k.grades === undefined) return undefined;
  return k.grades === true ? DEFAULT_GRADES[lang] : k.grades;
}

/**
 * A plan's grade for a graded KPI as the sheet in `lang` writes it: with the documents' grades
 * (`grades: true`) a grade in either language is the grade at the same place in `lang` (好 is
 * "good"); with the KPI's own grades, the grade as the KPI names it. Undefined when `value` names
 * no grade.
 * @example gradeOnSheet({ id: "t", name: "T", weight: 10, grades: true }, "较好", "en") // "fairly good"
 */
export function gradeOnSheet(k: Kpi, value: string, lang: "en" | "zh"): string | undefined {
  const grades = kpiGrades(k, lang);
  if (!grades) return undefined;
  let i = gradeIndex(value, grades);
  if (i < 0 && k.grades === true) i = gradeIndex(value, DEFAULT_GRADES[lang === "en" ? "zh" : "en"]);
  return i < 0 ? undefined : grades[i].name;
}

/**
 * The weights a role scores with, KPI by KPI (in the scorecard's KPI order): the role's own,
 * and the KPI's weight for a KPI the role does not list.
 * @example roleWeights({ kpis: [{ id: "a", name: "A", weight: 60, target: 1 }, { id: "b", name: "B", weight: 40, target: 1 }] }, { id: "rep", name: "Rep", weights: { a: 30 } }) // [30, 40]
 */
export function roleWeights(sc: Pick<Scorecard, "kpis">, role: ScoreRole): number[] {
  return sc.kpis.map((k) => (Object.prototype.hasOwnProperty.call(role.weights, k.id) ? role.weights[k.id] : k.weight));
}

/** Text Excel would read as a number when typed or picked ("10", "8.5", "80%"): a MATCH against it would miss. */
const NUMBER_LIKE = /^\s*[-+]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?\s*%?\s*$/i;

/**
 * The scorecard's graded KPIs, role templates and annual bonus: what each needs, and that a
 * person's grades, role and annual figures fit them.
 */
function checkScorecardDocuments(sc: Scorecard, byId: Map<string, SplitEntry>, out: PlanProblem[]): void {
  // ---- KPIs: a target unless graded; a graded KPI's grades, and nothing that does not apply to it
  sc.kpis.forEach((k, i) => {
    const at = (...rest: PropertyKey[]) => ["scorecard", "kpis", i, ...rest];
    if (k.grades === undefined) {
      if (k.target === undefined) out.push(problem(at("target"), "is required (only a graded KPI, with grades, goes without a target)", "不能缺少（只有评等级的指标，即给出 grades 的，才没有目标）"));
      return;
    }
    for (const field of ["target", "rule", "direction", "cap", "floor"] as const) {
      if (k[field] !== undefined) out.push(problem(at(field), "does not apply to a graded KPI: its points are its grade's points × weight ÷ the top grade's points", "不适用于评等级的指标：其得分为等级分 × 权重 ÷ 最高等级分"));
    }
    if (k.grades === true) return;
    const seen = new Set<string>();
    k.grades.forEach((g, j) => {
      const key = g.name.trim().toLowerCase();
      if (seen.has(key)) out.push(problem(at("grades", j, "name"), `"${g.name}" is the name of another grade`, `“${g.name}”与另一个等级同名`));
      seen.add(key);
      if (NUMBER_LIKE.test(g.name)) out.push(problem(at("grades", j, "name"), `"${g.name}" reads as a number in a cell: name the grade in words (好, fairly good)`, `“${g.name}”在单元格中会被当作数字：请用文字命名等级（如 好、较好）`));
    });
    if (!k.grades.some((g) => g.points > 0)) out.push(problem(at("grades"), "every grade has 0 points: the top grade needs more than 0 to scale the weight by", "所有等级都是 0 分：最高等级须大于 0 分，才能按权重折算"));
  });

  // ---- roles: distinct, naming KPIs that exist, weights adding up to 100
  const roleIds = new Set<string>();
  const roleNames = new Set<string>();
  const kpiIds = new Set(sc.kpis.map((k) => k.id));
  (sc.roles ?? []).forEach((role, i) => {
    const at = (...rest: PropertyKey[]) => ["scorecard", "roles", i, ...rest];
    if (roleIds.has(role.id)) out.push(problem(at("id"), `"${role.id}" is used by another role`, `“${role.id}”已被另一个岗位使用`));
    roleIds.add(role.id);
    const nameKey = role.name.trim().toLowerCase();
    if (roleNames.has(nameKey)) out.push(problem(at("name"), `"${role.name}" is the name of another role (a person's role cell picks a role by its name)`, `“${role.name}”与另一个岗位同名（人员的岗位单元格按名称选择岗位）`));
    roleNames.add(nameKey);
    if (NUMBER_LIKE.test(role.name)) out.push(problem(at("name"), `"${role.name}" reads as a number in a cell: name the role in words`, `“${role.name}”在单元格中会被当作数字：请用文字命名岗位`));
    for (const key of Object.keys(role.weights)) if (!kpiIds.has(key)) out.push(problem(at("weights", key), `no KPI has the id "${key}"`, `没有 id 为“${key}”的指标`));
    const sum = roleWeights(sc, role).reduce((a, b) => a + b, 0);
    if (!nearlyEqual(sum, 100)) {
      out.push(problem(at("weights"), `the role's weights add up to ${fmtN(sum)}, not 100 (a KPI the role does not list keeps its own weight)`, `该岗位的权重合计为 ${fmtN(sum)}，不是 100（岗位未列出的指标沿用指标自身的权重）`));
    }
  });

  // ---- the annual bonus's bands
  const annual = sc.annualBonus;
  if (annual) {
    const seen: number[] = [];
    annual.bands.forEach((b, i) => {
      if (seen.some((x) => nearlyEqual(x, b.from))) out.push(problem(["scorecard", "annualBonus", "bands", i, "from"], `two bands start at ${fmtN(b.from)}`, `有两个档位都从 ${fmtN(b.from)} 开始`));
      seen.push(b.from);
    });
  }

  // ---- people: grades for graded KPIs and numbers for the others, a role that exists, annual figures
  const kpiById = new Map(sc.kpis.map((k) => [k.id, k]));
  (sc.people ?? []).forEach((p, i) => {
    const at = (...rest: PropertyKey[]) => ["scorecard", "people", i, ...rest];
    for (const [id, value] of Object.entries(p.actuals ?? {})) {
      const k = kpiById.get(id);
      if (!k || value === null) continue;
      if (k.grades === undefined && typeof value === "string") {
        out.push(problem(at("actuals", id), `must be a number, not text ${quoted(value)} (only a graded KPI takes a grade)`, `应为数字，而不是文字 ${quoted(value)}（只有评等级的指标才填等级）`));
      } else if (k.grades !== undefined && (typeof value !== "string" || gradeOnSheet(k, value, "zh") === undefined)) {
        const names = (k.grades === true ? [...DEFAULT_GRADES.zh, ...DEFAULT_GRADES.en] : k.grades).map((g) => g.name);
        out.push(problem(at("actuals", id), `must be one of the grades ${names.join(", ")}`, `应为以下等级之一：${names.join("、")}`));
      }
    }
    if (p.role !== undefined && !roleIds.has(p.role)) out.push(problem(at("role"), `no role has the id "${p.role}"`, `没有 id 为“${p.role}”的岗位`));
    const given = (x: unknown): boolean => x !== undefined && x !== null;
    if (!annual) {
      for (const field of ["monthlySalary", "annualActual", "annualTarget"] as const) {
        if (given(p[field])) out.push(problem(at(field), "is used only by scorecard.annualBonus, which the plan does not have", "只在有 scorecard.annualBonus（年终奖）时使用，而计划中没有"));
      }
      return;
    }
    if (given(p.annualActual) && p.annualTarget === undefined) out.push(problem(at("annualTarget"), "the annual bonus needs an annual target to measure the year's actual against", "计算年终奖需要年度目标"));
    if (p.annualTarget === 0) out.push(problem(at("annualTarget"), "a zero annual target gives no attainment (#DIV/0!)", "年度目标为 0 无法计算达成率（#DIV/0!）"));
    if (p.annualTarget !== undefined && typeof p.annualTarget === "object") {
      checkRef(p.annualTarget, at("annualTarget"), byId, out, true);
      if ((byId.get(p.annualTarget.split)?.split.measure ?? "amount") === "count") {
        out.push(problem(at("annualTarget", "split"), "the annual target comes from an amount split, not a count", "年度目标须来自金额分解，而不是计数分解"));
      }
    }
  });
}

// ---- the decomposition's numbers -------------------------------------------------------------

/**
 * A split with its numbers worked out by the engine (core `splitTotal`), in *display units*:
 * amounts in the plan's unit (万元 when `unit` is 万元), counts as they are. Every sheet
 * shows these numbers; tracking targets taken from the decomposition are these too.
 */
export interface ResolvedSplit {
  split: Split;
  /** Member names in order (Q1–Q4 / months when the plan lists none). */
  names: string[];
  /** The weights divided by (see {@link effectiveWeights}). */
  weights: number[];
  /** Held amounts in display units, 0 where free. */
  held: number[];
  /** The split's total in display units (for a split within quarters: the quarters' total). */
  total: number;
  /** Rounding unit in display units (0: exact). */
  roundTo: number;
  /** The members' amounts in display units, adding up to `total`. */
  amounts: number[];
  /** 元 per display unit: the plan's unit scale for amounts, 1 for counts. */
  scale: number;
  /** For a month split within quarters: the quarter split it divides. */
  quarters?: ResolvedSplit;
}

/** `x / scale` without binary noise (120000000 / 10000 is 12000). */
export function toDisplay(x: number, scale: number): number {
  return scale === 1 ? x : Number((x / scale).toPrecision(15));
}

/**
 * Works out one split of a valid plan.
 * @param plan - a plan that {@link validatePlan} accepted
 * @param id - the split's id
 * @returns its members, weights and amounts in display units
 * @throws Error when there is no such split; PlanError from core when the plan was not validated
 * @example resolveSplit(seedPlan, "quarter").amounts // [3000, 3600, 3000, 2400] (万元)
 */
export function resolveSplit(plan: Plan, id: string): ResolvedSplit {
  const s = (plan.splits ?? []).find((x) => x.id === id);
  if (!s) throw new Error(`no split "${id}"`);
  const count = (s.measure ?? "amount") === "count";
  const scale = count ? 1 : planScale(plan);
  const roundTo = s.roundTo ?? (count ? 1 : (plan.roundTo ?? 1));
  const names = membersOf(s);
  const weights = effectiveWeights(s);
  const held = names.map((_, k) => toDisplay(s.members?.[k]?.held ?? 0, scale));
  if (s.withinQuarters !== undefined) {
    const quarters = resolveSplit(plan, s.withinQuarters);
    const amounts: number[] = [];
    for (let q = 0; q < 4; q++) {
      const part = splitTotal(quarters.amounts[q], [weights.slice(3 * q, 3 * q + 3)], { unit: roundTo })[0];
      amounts.push(...part);
    }
    return { split: s, names, weights, held, total: quarters.total, roundTo, amounts, scale, quarters };
  }
  const total = toDisplay(splitTotalOf(plan, s), scale);
  const amounts = splitTotal(total, [weights], { unit: roundTo, fixed: [held] })[0];
  return { split: s, names, weights, held, total, roundTo, amounts, scale };
}

/**
 * How {@link monthlyTargets} finds splits and members' amounts: worked out on each call (the
 * default), or remembered for a whole check or build (many rows of one plan).
 */
export interface SplitLookup {
  split(id: string): ResolvedSplit;
  memberAmount(ref: TargetRef): number;
}

/** A {@link SplitLookup} that works each split out once and finds members by name in a map. */
function rememberingLookup(plan: Plan): SplitLookup {
  const splits = new Map<string, ResolvedSplit>();
  const positions = new Map<string, Map<string, number>>();
  const split = (id: string): ResolvedSplit => {
    let r = splits.get(id);
    if (r === undefined) splits.set(id, (r = resolveSplit(plan, id)));
    return r;
  };
  return {
    split,
    memberAmount: (ref) => {
      const r = split(ref.split);
      let pos = positions.get(ref.split);
      if (pos === undefined) {
        pos = new Map();
        for (let k = r.names.length - 1; k >= 0; k--) pos.set(r.names[k], k); // the first of equal names, as indexOf
        positions.set(ref.split, pos);
      }
      const k = pos.get(ref.member ?? "");
      if (k === undefined) throw new Error(`no member "${ref.member}" in split "${ref.split}"`);
      return r.amounts[k];
    },
  };
}

/**
 * A member's annual amount in display units, from the decomposition.
 * @example memberAmount(seedPlan, { split: "region", member: "华东" }) // 4800 (万元)
 */
export function memberAmount(plan: Plan, ref: TargetRef): number {
  const r = resolveSplit(plan, ref.split);
  const k = r.names.indexOf(ref.member ?? "");
  if (k < 0) throw new Error(`no member "${ref.member}" in split "${ref.split}"`);
  return r.amounts[k];
}

/**
 * The twelve monthly targets of a tracking row, in display units (amounts in the plan's
 * unit; percentages and counts as given), null where a month has no target:
 * - `from` a month split without a member: that split's twelve amounts;
 * - `from` a member, or `annual`: the annual amount split over the months in proportion to
 *   the amounts of the month split `months` (default even), rounded to that split's roundTo
 *   (default: the plan's roundTo for amounts, 1 for counts, exact for percentages);
 * - `monthly`: as given (amounts converted from 元); `each`: the same every month.
 * `lookup` finds splits and members' amounts (default: worked out on each call; the checks
 * pass one that remembers them, so 100,000 rows cost one split, not 100,000).
 * @example monthlyTargets(seedPlan, { name: "新客户", format: "count", target: { from: { split: "newCustomers" } } })
 *   // [7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6]
 */
export function monthlyTargets(plan: Plan, row: TrackingRow, lookup: SplitLookup = { split: (id) => resolveSplit(plan, id), memberAmount: (ref) => memberAmount(plan, ref) }): (number | null)[] {
  const format = row.format ?? "amount";
  const scale = format === "amount" ? planScale(plan) : 1;
  const t = row.target;
  if ("each" in t) return new Array(12).fill(t.each);
  if ("monthly" in t) return t.monthly.map((v) => (v === null ? null : format === "amount" ? toDisplay(v, scale) : v));
  if ("from" in t && t.from.member === undefined) return lookup.split(t.from.split).amounts.slice(0, 12);
  const annual = "from" in t ? lookup.memberAmount(t.from) : format === "amount" ? toDisplay(t.annual, scale) : t.annual;
  const profile = row.months !== undefined ? (plan.splits ?? []).find((s) => s.id === row.months) : undefined;
  // The month split's amounts (not its bare weights) shape the year, so a split within
  // quarters gives a quarter-shaped year.
  const weights = profile ? lookup.split(profile.id).amounts : new Array(12).fill(1);
  const roundTo = profile?.roundTo ?? (format === "amount" ? (plan.roundTo ?? 1) : format === "count" ? 1 : 0);
  return splitTotal(annual, [weights], { unit: roundTo })[0];
}

/** A grid with its numbers worked out by core `spreadGrid`, in display units. */
export interface ResolvedGrid {
  grid: PlanGrid;
  rows: ResolvedSplit;
  columns: ResolvedSplit;
  /** Rounding unit used (display units): the grid's (or the plan's) when every margin is a multiple of it, else 0 (exact). */
  roundTo: number;
  /** True when `roundTo` was asked for but the margins are not multiples of it, so the grid is exact. */
  unrounded: boolean;
  /** The m × n values, rows adding up to the row split's amounts and columns to the column split's. */
  values: number[][];
}

/**
 * Works out one grid of a valid plan: the row split's amounts as row totals, the column
 * split's as column totals, the seed (in 元, any scale) giving the shape.
 * @throws PlanError from core when the seed cannot reach the margins
 * @example resolveGrid(seedPlan, "regionQuarter").values[0] // [1200, 1440, 1200, 960] (华东, 万元)
 */
export function resolveGrid(plan: Plan, id: string): ResolvedGrid {
  const g = (plan.grids ?? []).find((x) => x.id === id);
  if (!g) throw new Error(`no grid "${id}"`);
  const rows = resolveSplit(plan, g.rows);
  const columns = resolveSplit(plan, g.columns);
  const count = (rows.split.measure ?? "amount") === "count";
  const asked = g.roundTo ?? (count ? 1 : (plan.roundTo ?? 1));
  const multiple = (x: number) => asked > 0 && Math.abs(x / asked - Math.round(x / asked)) <= 1e-9 * Math.max(1, Math.abs(x / asked));
  const fits = asked > 0 && rows.amounts.every(multiple) && columns.amounts.every(multiple);
  const roundTo = fits ? asked : 0;
  const values = spreadGrid(rows.amounts, columns.amounts, { seed: g.seed, unit: roundTo });
  return { grid: g, rows, columns, roundTo, unrounded: asked > 0 && !fits, values };
}
