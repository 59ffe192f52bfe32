/**
 * Next year from this year (明年的计划从今年的实绩开始): a workbook's stored plan and the
 * actuals typed into its tracking sheets give a proposed plan for the year after.
 *
 * The rules (docs/revisions.md says the same to planners):
 * - **Last year's figures**: each person's (tracking row's) twelve actuals as the tracking
 *   sheet holds them; a month without an actual yet takes that month's target (run it in
 *   November and December counts as planned). The plan's revisions are applied first, so the
 *   targets filled in are the revised ones.
 * - **Growth**: `growth` when given; else the plan's own growth rate (`lastYear.growth`); else
 *   0 (next year's total is this year's actual), and a note says so. Next year's total is this
 *   year's actual total × (1 + growth), written as `lastYear: { total, growth }`.
 * - **Shares**: every split that people's (or regions') rows come from, and every node of a
 *   cascade, is split by last year's figures (`basis: "lastYear"`): each member's actual year.
 *   Held amounts, rest members and commitments were this year's decisions and are dropped (a
 *   note lists them).
 * - **Seasonality**: the months of the company's actuals (a row of the month split's total,
 *   else the people's rows added up): a month split's weights, a quarter split's (the quarters'
 *   sums), a cascade's `seasonality.months`; a person who was there all year keeps their own
 *   months (`lastYearMonths`).
 * - **People who left** (marked in `left`, or whose latest revision took their target to 0):
 *   dropped; their actuals stay in their team's and region's last year, so their share goes
 *   to the others. A team all of whose people left is dropped with them.
 * - **Joiners, as the cascade says**: someone who joined this year (a start month) counts a
 *   whole year's worth — their actual over the share of the year's weights they were there
 *   for, as the cascade prorated their target. Someone joining next year (`joiners`) gets a
 *   start month and, for a weight, the average of their new siblings' last year; the cascade
 *   prorates them and leaves their earlier months to the others.
 * - Everything else (KPIs, rules, bands, rates, buffers) stays; actuals, as-of dates and
 *   revisions are cleared, deadlines move a year on, `year` is next year.
 *
 * Pure: the CLI (`plan next-year`) and a pane read the workbook and hand the figures here.
 */
import type { CellValue } from "./spec";
import { type Plan, type Split, type TrackingRow, monthlyTargets, planScale, resolveSplit, validatePlan } from "./plan";
import { type CascadeResult, prorate, resolveCascade } from "./cascade";
import { type CascadeNodeInput, cascadeTargets, cascadeTree, treeInput } from "./cascade-plan";
import { TRACKING_LAYOUT } from "./tracking";
import { trackingRows } from "./cascade-tracking";
import { applyRevisions } from "./revisions";

type Msg = { en: string; zh: string };
type Months = (number | null)[];

/** Where a tracking sheet of the workbook holds the actuals, and how to recognise the sheet. */
export interface ActualsLayout {
  kind: "tracking" | "cascade";
  /** Column A's names, from the first data row down; null where the words depend on the language (a team's total). */
  names: (string | null)[];
  /** What each row is: a tracking row's index, a cascade person's path, or nothing to read (a team's total). */
  keys: ({ row: number } | { person: string[] } | null)[];
  /** 元 per unit the sheet shows, by row (the plan's unit for amounts, 1 for counts and rates). */
  scales: number[];
}

/** The 0-based row of a layout's first data row, and the column of month m's actual (m = 0 … 11). */
export const ACTUALS_AT = { firstRow: TRACKING_LAYOUT.firstDataRow, actualCol: (m: number): number => TRACKING_LAYOUT.firstMonthCol + 2 * m + 1 } as const;

/**
 * The tracking sheets a plan's workbook has, as layouts to find them by and read them from.
 * @param stored - the plan stored in the workbook (validated)
 * @example actualsLayouts(plan)[0].names // ["Chen Jing", "Liu Yang", …]
 */
export function actualsLayouts(stored: Plan): ActualsLayout[] {
  const plan = stored.revisions?.length ? applyRevisions(stored) : stored;
  const out: ActualsLayout[] = [];
  const scale = planScale(plan);
  if (plan.tracking) {
    out.push({
      kind: "tracking",
      names: plan.tracking.rows.map((r) => r.name),
      keys: plan.tracking.rows.map((_, i) => ({ row: i })),
      scales: plan.tracking.rows.map((r) => ((r.format ?? "amount") === "amount" ? scale : 1)),
    });
  }
  if (plan.cascade?.tracking) {
    const result = resolveCascade(plan);
    const ty = result.types.find((t) => t.primary)!;
    const rows = trackingRows(result);
    const groups = new Set(rows.filter((r) => r.people.length || !result.nodes[r.node].person).map((r) => r.node));
    out.push({
      kind: "cascade",
      names: rows.map((r) => (groups.has(r.node) ? null : result.nodes[r.node].name)),
      keys: rows.map((r) => (groups.has(r.node) ? null : { person: result.nodes[r.node].path })),
      scales: rows.map(() => ty.scale),
    });
  }
  return out;
}

/** The actuals found in a workbook, in 元 (or counts): by tracking row, and by cascade person (path joined with "\u0000"). */
export interface WorkbookActuals {
  tracking?: Months[];
  cascade?: Map<string, Months>;
}

/** A sheet of the workbook as the reader sees it: its name and a cell by 0-based row and column. */
export interface SheetCells {
  name: string;
  cell: (row: number, col: number) => CellValue | undefined;
}

/**
 * The actuals of a workbook: each layout's sheet found by its names in column A (either
 * language), its actual cells read and turned into 元.
 *
 * @param layouts - {@link actualsLayouts} of the stored plan
 * @param sheets - the workbook's sheets
 * @returns the actuals, and the layouts no sheet matched (the workbook's tracking sheet was renamed away or edited)
 * @example readActuals(actualsLayouts(plan), sheets).actuals.tracking?.[0] // [320000, 340000, …, null]
 */
export function readActuals(layouts: ActualsLayout[], sheets: SheetCells[]): { actuals: WorkbookActuals; missing: ActualsLayout["kind"][] } {
  const actuals: WorkbookActuals = {};
  const missing: ActualsLayout["kind"][] = [];
  for (const layout of layouts) {
    const sheet = sheets.find((s) => layout.names.every((n, i) => n === null || s.cell(ACTUALS_AT.firstRow + i, 0) === n));
    if (!sheet) {
      missing.push(layout.kind);
      continue;
    }
    const months = (i: number): Months =>
      Array.from({ length: 12 }, (_, m) => {
        const v = sheet.cell(ACTUALS_AT.firstRow + i, ACTUALS_AT.actualCol(m));
        return typeof v === "number" && Number.isFinite(v) ? clean(v * layout.scales[i]) : null;
      });
    if (layout.kind === "tracking") actuals.tracking = layout.keys.map((_, i) => months(i));
    else {
      const map = new Map<string, Months>();
      layout.keys.forEach((k, i) => {
        if (k && "person" in k) map.set(k.person.join("\u0000"), months(i));
      });
      actuals.cascade = map;
    }
  }
  return { actuals, missing };
}

/** Options of {@link proposeNextYear}. */
export interface NextYearOptions {
  /** Growth on this year's actual (0.1 = +10 %); default the plan's own, else 0. */
  growth?: number;
  /** People who left: a name, or a cascade path written `华东/华东一组/张伟`. */
  left?: string[];
  /** People joining next year in the cascade: their path (the new person's name last) and first month. */
  joiners?: { path: string[]; startMonth?: number }[];
}

/** What the proposal did, for the planner to read (both languages). */
export interface NextYearNote {
  message: Msg;
}

/** The proposal: next year's plan (valid), or the problems of what came out. */
export type NextYearProposal = { ok: true; plan: Plan; growth: number; actualTotal: number; notes: NextYearNote[] } | { ok: false; problems: Msg[] };

const clean = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(15)));

/** A copy of `o` without the given fields. */
function omit<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Omit<T, K> {
  const copy = { ...o };
  for (const k of keys) delete copy[k];
  return copy;
}
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const fmt = (x: number): string => String(Number(x.toPrecision(10)));
const pct = (g: number): string => `${fmt(g * 100)}%`;

/**
 * Proposes next year's plan from this year's plan and actuals (see the module's comment for
 * every rule).
 *
 * @param stored - the plan stored in the workbook (validated; its revisions are applied first)
 * @param actuals - what the workbook's tracking sheets hold ({@link readActuals}), in 元
 * @param options - growth, who left, who joins
 * @returns next year's plan, validated, with notes; or its problems
 * @example proposeNextYear(plan, actuals, { growth: 0.1 }).plan.lastYear // { total: 21180000, growth: 0.1 }
 */
export function proposeNextYear(stored: Plan, actuals: WorkbookActuals, options: NextYearOptions = {}): NextYearProposal {
  const plan = stored.revisions?.length ? applyRevisions(stored) : stored;
  const notes: NextYearNote[] = [];
  const note = (en: string, zh: string) => notes.push({ message: { en, zh } });
  const left = new Set(options.left ?? []);
  // People whose latest revision took their target to 0 left, as the record says.
  const latest = new Map<string, number>();
  for (const r of stored.revisions ?? []) latest.set("cascade" in r.node ? r.node.cascade.join("/") : "split" in r.node ? r.node.member : r.node.row, r.to);
  for (const [who, to] of latest) {
    if (to === 0 && !left.has(who)) {
      left.add(who);
      note(`${who} counts as gone: their target was revised to 0`, `${who} 视为已离开：其目标已修订为 0`);
    }
  }
  const growth = options.growth ?? plan.lastYear?.growth ?? 0;
  if (options.growth === undefined) {
    if (plan.lastYear) note(`Growth ${pct(growth)}: the plan's own growth rate (give --growth to choose another)`, `增长率 ${pct(growth)}：沿用本计划的增长率（可用 --growth 另定）`);
    else note("Growth 0 %: the plan states none, so next year's total is this year's actual (give --growth)", "增长率 0%：本计划未给出增长率，明年总额等于今年实绩（可用 --growth 指定）");
  }
  const next: Plan = {
    ...plan,
    title: nextTitle(plan),
    year: plan.year + 1,
  };
  delete next.revisions;
  let actualTotal: number | undefined;

  // ---- the cascade ----
  if (plan.cascade) {
    const r = nextCascade(plan, actuals.cascade, left, options.joiners ?? [], note);
    if (!r.ok) return r;
    next.cascade = r.cascade;
    actualTotal = r.total;
  }
  // ---- splits and the tracking sheet ----
  if (plan.tracking) {
    const r = nextFlat(plan, next, actuals.tracking, left, growth, note);
    if (actualTotal === undefined) actualTotal = r.total;
  }
  if (plan.scorecard) {
    next.scorecard = {
      ...plan.scorecard,
      people: (plan.scorecard.people ?? [])
        .filter((p) => !left.has(p.name))
        .map((p) => {
          const kept = omit(p, ["actuals", "revenue", "annualActual"]);
          // This year's targets in 元 were this year's; one read from the decomposition stays.
          return omit(kept, [...(typeof kept.revenueTarget === "number" ? (["revenueTarget"] as const) : []), ...(typeof kept.annualTarget === "number" ? (["annualTarget"] as const) : [])]);
        }),
    };
    if (next.scorecard.people!.length === 0) delete next.scorecard.people;
  }
  // ---- the total ----
  if (actualTotal !== undefined) {
    delete next.total;
    next.lastYear = { total: clean(actualTotal), growth };
    if (next.headcount) {
      next.headcount = omit(next.headcount, ["revenuePerHead"]);
    }
  } else if (plan.total !== undefined || plan.lastYear) {
    note("No actuals found for the total: next year's total is this year's target", "未找到总额的实绩：明年总额沿用今年的目标");
  }
  const checked = validatePlan(next);
  if (!checked.ok) return { ok: false, problems: checked.problems.map((p) => ({ en: `${p.path}: ${p.message.en}`, zh: `${p.path}：${p.message.zh}` })) };
  return { ok: true, plan: checked.plan, growth, actualTotal: actualTotal ?? 0, notes };
}

/** "2025 年销售部目标分解" → "2026 年销售部目标分解"; a title without the year gets it in front. */
function nextTitle(plan: Plan): string {
  const y = String(plan.year);
  return plan.title.includes(y) ? plan.title.split(y).join(String(plan.year + 1)) : `${plan.year + 1} ${plan.title}`;
}

/** A date a year on (YYYY-MM-DD; 29 February becomes 28 February). */
function yearOn(iso: string): string {
  const [y, m, d] = iso.split("-");
  const day = m === "02" && d === "29" ? "28" : d;
  return `${Number(y) + 1}-${m}-${day}`;
}

/** Twelve actuals with each missing month taken from the targets (元). */
function filled(actual: Months | undefined, targets: Months): { months: number[]; missing: number } {
  let missing = 0;
  const months = Array.from({ length: 12 }, (_, m) => {
    const a = actual?.[m];
    if (typeof a === "number") return a;
    missing++;
    return targets[m] ?? 0;
  });
  return { months, missing };
}

// ---- the cascade's next year ---------------------------------------------------------------------

function nextCascade(
  plan: Plan,
  actuals: Map<string, Months> | undefined,
  left: Set<string>,
  joiners: { path: string[]; startMonth?: number }[],
  note: (en: string, zh: string) => void,
): { ok: true; cascade: NonNullable<Plan["cascade"]>; total: number } | { ok: false; problems: Msg[] } {
  const c = plan.cascade!;
  const result: CascadeResult = resolveCascade(plan);
  const ty = result.types.find((t) => t.primary)!;
  if (!actuals) note("The workbook has no cascade tracking sheet with actuals: each person's target counts as their actual", "工作簿中没有带实绩的分解跟踪表：各人的目标视为其实绩");
  // Each person's year: actuals, missing months from the targets (元).
  const yearOf = new Map<number, { months: number[]; total: number; annualised: number }>();
  let missingMonths = 0;
  let dropped = 0;
  const monthsTotal = new Array<number>(12).fill(0);
  for (const n of result.nodes) {
    if (!n.person) continue;
    const targets = n.figures[ty.index].months.map((x) => (x === null ? 0 : clean(x * ty.scale)));
    const f = filled(actuals?.get(n.path.join("\u0000")), targets);
    missingMonths += actuals ? f.missing : 0;
    const total = clean(sum(f.months));
    // A joiner counts a whole year's worth: their year over the share of it they were there for.
    const share = n.startMonth > 1 ? prorate(n.monthWeights, n.startMonth) : 1;
    yearOf.set(n.index, { months: f.months, total, annualised: share > 0 ? clean(total / share) : total });
    f.months.forEach((x, m) => (monthsTotal[m] += x));
  }
  if (missingMonths) note(`${missingMonths} person-months had no actual yet: their targets count instead`, `共有 ${missingMonths} 个人·月尚无实绩：以其目标计`);
  const isLeft = (path: string[]) => left.has(path[path.length - 1]) || left.has(path.join("/"));
  // The tree again, bottom up: last year's figures, this year's decisions dropped.
  const walk = (n: (typeof result.nodes)[number], input: CascadeNodeInput): CascadeNodeInput | undefined => {
    const out: CascadeNodeInput = omit(input, ["held", "rest", "weight", "commitment", "startMonth", "actuals", "basis", "lastYear", "lastYearMonths", "children"]);
    if (out.deadline) out.deadline = yearOn(out.deadline);
    if (out.targets) {
      out.targets = Object.fromEntries(
        Object.entries(out.targets).map(([id, e]) => [id, omit(e, ["held", "commitment", "rest", "weight", "lastYear"])]),
      );
    }
    if (n.person) {
      if (isLeft(n.path)) {
        dropped++;
        return undefined;
      }
      const y = yearOf.get(n.index)!;
      out.lastYear = y.annualised;
      if (n.startMonth === 1 && y.total > 0) out.lastYearMonths = y.months;
      return out;
    }
    const kids = n.children.map((k) => result.nodes[k]).filter((k) => !k.vacancy);
    const inputs = input.children ?? [];
    const children: CascadeNodeInput[] = [];
    kids.forEach((k) => {
      const child = walk(k, inputs.find((x) => x.name === k.name)!);
      if (child) children.push(child);
    });
    // Last year: everyone's who was here, those who left too (their share goes to the others).
    out.lastYear = clean(sum(subtreePeople(result, n).map((p) => yearOf.get(p)!.annualised)));
    if (n.depth > 0 && children.length === 0) {
      note(`${n.path.join(" / ")}: everyone left, so it is dropped`, `${n.path.join(" / ")}：人员均已离开，此节点删除`);
      return undefined;
    }
    out.children = children;
    if (n.depth > 0 || children.length) out.basis = "lastYear";
    return out;
  };
  const root = walk(result.nodes[0], treeInput(cascadeTree(plan)))!;
  delete root.lastYear;
  if (dropped) note(`${dropped} people who left are dropped; their share goes to the others`, `已删除 ${dropped} 名离开的人员，其份额分给其他人`);
  // Joiners: a start month, and the average of their new siblings' last year for a weight.
  for (const j of joiners) {
    let parent = root;
    for (const name of j.path.slice(0, -1)) {
      const next = (parent.children ?? []).find((k) => k.name === name);
      if (!next) return { ok: false, problems: [{ en: `joiner ${j.path.join("/")}: no node ${name}`, zh: `新人 ${j.path.join("/")}：没有节点 ${name}` }] };
      parent = next;
    }
    const siblings = (parent.children ?? []).filter((k) => k.lastYear !== undefined);
    const average = siblings.length ? clean(sum(siblings.map((k) => k.lastYear!)) / siblings.length) : 1;
    parent.children = [...(parent.children ?? []), { name: j.path[j.path.length - 1], lastYear: average, ...(j.startMonth && j.startMonth > 1 ? { startMonth: j.startMonth } : {}) }];
    parent.basis = "lastYear";
    note(
      `${j.path.join(" / ")} joins${j.startMonth && j.startMonth > 1 ? ` in month ${j.startMonth}` : ""}: weighted as the average of the team's last year, prorated from the start month`,
      `${j.path.join(" / ")} ${j.startMonth && j.startMonth > 1 ? `${j.startMonth} 月` : ""}入职：权重取团队上年平均，按入职月份折算`,
    );
  }
  const total = clean(sum(monthsTotal));
  const types = cascadeTargets(c).map((t) => {
    const { total: tt, ...rest } = t;
    // The first amount takes the plan's total (last year's × growth); other totals stay this year's.
    return t.id === ty.id ? rest : { ...rest, ...(tt !== undefined ? { total: tt } : {}) };
  });
  const { tracking, deadline } = c;
  const settings = omit(c, ["root", "people", "groups", "tracking", "deadline"]);
  const seasonality = total > 0 ? { months: monthsTotal.map(clean) } : c.seasonality;
  if (total > 0) note("Seasonality: the months of this year's actuals", "季节性：按今年各月实绩");
  return {
    ok: true,
    total,
    cascade: {
      ...settings,
      targets: types,
      ...(deadline ? { deadline: yearOn(deadline) } : {}),
      ...(seasonality ? { seasonality } : {}),
      ...(tracking ? { tracking: omit(tracking, ["asOf"]) } : {}),
      root,
    },
  };
}

/** The people of a node's subtree (indexes). */
function subtreePeople(result: CascadeResult, n: CascadeResult["nodes"][number]): number[] {
  if (n.person) return [n.index];
  return n.children.flatMap((k) => subtreePeople(result, result.nodes[k]));
}

// ---- splits and the tracking sheet -------------------------------------------------------------------

function nextFlat(plan: Plan, next: Plan, actuals: Months[] | undefined, left: Set<string>, growth: number, note: (en: string, zh: string) => void): { total: number | undefined } {
  const t = plan.tracking!;
  const scale = planScale(plan);
  if (!actuals) note("The workbook has no tracking sheet with actuals: the targets count as actuals", "工作簿中没有带实绩的跟踪表：以目标计为实绩");
  let missing = 0;
  const years = t.rows.map((row, i) => {
    const targets = monthlyTargets(plan, row).map((x) => (x === null ? null : clean(x * ((row.format ?? "amount") === "amount" ? scale : 1))));
    const f = filled(actuals?.[i], targets);
    if (actuals) missing += f.missing;
    return f.months;
  });
  if (missing) note(`${missing} row-months had no actual yet: their targets count instead`, `共有 ${missing} 个行·月尚无实绩：以其目标计`);
  // The company's months: a row of a month split's total, else the amount rows of members added up.
  const isAmount = (r: TrackingRow) => (r.format ?? "amount") === "amount";
  const totalRow = t.rows.findIndex((r) => isAmount(r) && "from" in r.target && r.target.from.member === undefined);
  const memberRows = t.rows.map((r, i) => ({ r, i })).filter(({ r }) => isAmount(r) && "from" in r.target && r.target.from.member !== undefined);
  const bySplit = new Map<string, { r: TrackingRow; i: number }[]>();
  for (const x of memberRows) {
    const id = (x.r.target as { from: { split: string } }).from.split;
    bySplit.set(id, [...(bySplit.get(id) ?? []), x]);
  }
  let months: number[] | undefined;
  if (totalRow >= 0) months = years[totalRow];
  else if (bySplit.size) {
    const [first] = bySplit.values();
    months = Array.from({ length: 12 }, (_, m) => clean(sum(first.map(({ i }) => years[i][m]))));
  }
  // Splits people's rows come from: by last year's actual, leavers dropped.
  next.splits = (plan.splits ?? []).map((s) => {
    const rows = bySplit.get(s.id);
    if (!rows || (s.measure ?? "amount") !== "amount") return s;
    const amounts = resolveSplit(plan, s.id);
    const names = amounts.names;
    const kept = names.map((name, k) => ({ name, k })).filter(({ name }) => !left.has(name));
    const members = kept.map(({ name, k }) => {
      const row = rows.find(({ r }) => (r.target as { from: { member?: string } }).from.member === name);
      const lastYear = row ? clean(sum(years[row.i])) : clean(amounts.amounts[k] * amounts.scale);
      return { ...omit(s.members?.[k] ?? { name }, ["held", "rest", "weight", "lastYear"]), lastYear };
    });
    const gone = names.length - kept.length;
    if (gone) note(`${s.id}: ${gone} member(s) who left dropped; their share goes to the others`, `${s.id}：删除 ${gone} 名离开的成员，其份额分给其他人`);
    note(`${s.id}: split by last year's actuals`, `${s.id}：按上年实绩分解`);
    // A split with its own total (a region's reps): last year's actual × (1 + growth).
    const out: Split = { ...s, basis: "lastYear", members, ...(s.total !== undefined ? { total: clean(sum(members.map((m) => m.lastYear)) * (1 + growth)) } : {}) };
    return out;
  });
  // Seasonality from the months: month and quarter splits of amounts take the actuals' shape.
  if (months && sum(months) > 0) {
    next.splits = next.splits.map((s) => {
      if ((s.measure ?? "amount") !== "amount" || s.total !== undefined) return s;
      if (s.kind === "month") {
        const names = resolveSplit(plan, s.id).names;
        return { ...s, basis: "weights", members: names.map((name, m) => ({ ...(s.members?.[m] ?? {}), name, weight: months![m] })).map((m) => omit(m, ["held", "rest", "lastYear"])) };
      }
      if (s.kind === "quarter") {
        const names = resolveSplit(plan, s.id).names;
        return { ...s, basis: "weights", members: names.map((name, q) => ({ ...(s.members?.[q] ?? {}), name, weight: clean(months![3 * q] + months![3 * q + 1] + months![3 * q + 2]) })).map((m) => omit(m, ["held", "rest", "lastYear"])) };
      }
      return s;
    });
    note("Seasonality: the months of this year's actuals (month and quarter splits)", "季节性：按今年各月实绩（月度与季度分解）");
  }
  // Grids over a split that lost members: their seed rows or columns go too.
  next.grids = plan.grids?.map((g) => {
    if (!g.seed) return g;
    const keepOf = (id: string) => resolveSplit(plan, id).names.map((n) => !left.has(n) || !bySplit.has(id));
    const rk = keepOf(g.rows);
    const ck = keepOf(g.columns);
    return { ...g, seed: g.seed.filter((_, i) => rk[i]).map((row) => row.filter((_, j) => ck[j])) };
  });
  if (!next.grids) delete next.grids;
  // The tracking sheet: the same rows but the leavers, no actuals, no as-of date; an annual target grows.
  const tracking = omit(t, ["asOf"]);
  next.tracking = {
    ...tracking,
    rows: t.rows
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => !left.has(r.name))
      .map(({ r, i }) => {
        const row = omit(r, ["actuals"]);
        if ("annual" in row.target) return { ...row, target: { annual: clean(sum(years[i]) * (1 + growth)) } };
        return row;
      }),
  };
  return { total: months ? clean(sum(months)) : undefined };
}
