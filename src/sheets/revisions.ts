/**
 * Targets revised with a record (目标修订): a plan's `revisions` applied on top of its figures,
 * checked, and logged on a sheet a rep can read.
 *
 * How a revision re-spreads ("as the plan says"):
 * - **a split's member**: the member is held at the new amount; the split's total stays, and
 *   the free members share the rest by their weights, as `TARGET.SPLIT`'s `fixed` does. In a
 *   split by percentages, the others keep their percentages as weights (a rest member its
 *   percentage), since held members do not count among the percentages adding up to 100.
 * - **a cascade node**: the node is held at the new target among its siblings (the engine's
 *   held amounts): the siblings share their parent's hand-down again, and the node's own
 *   children share its new target. A percent parent's children keep their percentages as
 *   weights, as for a split.
 * - **a tracking row** with an annual target: its annual figure is the new one (its months
 *   spread as before).
 * Revisions apply in their order (oldest first), each on the plan as the ones before it left
 * it, so a node revised twice holds the last figure and its `from` is the figure before.
 * The months are spread again over the whole year by the plan's seasonality: a revision
 * changes the year's target, not months already past.
 *
 * Money is in 元 in the plan (`from`, `to`), shown in the plan's unit on the sheet.
 */
import { TOL } from "../core/tolerance";
import type { PlanProblem, Plan, TrackingRow } from "./plan";
import { excelDateProblem, planScale, resolveSplit, toDisplay, validatePlan, effectiveWeights } from "./plan";
import { nodeAt, resolveCascade } from "./cascade";
import { type CascadeNodePatch, cascadeTargets, editCascadeNode } from "./cascade-plan";
import type { Revision, RevisionNode } from "./revision-plan";
import type { CellSpec, FormatSpec, NameSpec, SheetSpec } from "./spec";
import type { SheetLang } from "./i18n";
import { absA1, amountFormatFor, rangeA1, sheetRef } from "./formulas";
import { checkName, uniqueSheetName } from "./names";
import { excelSerial } from "./tracking";

export type { Revision, RevisionNode } from "./revision-plan";

type Msg = { en: string; zh: string };

const fmtN = (n: number): string => String(Number(n.toPrecision(10)));

/** Where a revised node's figure is, what it is now, and how it is shown. */
export interface RevisedTarget {
  /** The node's annual target now, in 元 (or a count). */
  value: number;
  /** 元 per display unit (the plan's unit for amounts; 1 for counts). */
  scale: number;
  /** Whether it is money (shown in the plan's unit) or a count. */
  measure: "amount" | "count";
}

/**
 * A revised node's annual target as the plan gives it now (before the revision is applied).
 *
 * @param plan - a valid plan (revisions before this one applied, see {@link applyRevisions})
 * @param node - the node a revision names
 * @returns its target in 元 (or a count), or why the node cannot be revised, in both languages
 * @example currentTarget(seedPlan, { split: "region", member: "华东" }) // { ok: true, target: { value: 48000000, scale: 10000, measure: "amount" } }
 */
export function currentTarget(plan: Plan, node: RevisionNode): { ok: true; target: RevisedTarget } | { ok: false; message: Msg } {
  if ("split" in node) {
    const s = (plan.splits ?? []).find((x) => x.id === node.split);
    if (!s) return { ok: false, message: { en: `no split has the id "${node.split}"`, zh: `没有 id 为“${node.split}”的分解` } };
    if (s.withinQuarters !== undefined) {
      return {
        ok: false,
        message: { en: `"${s.id}" splits each quarter into its months: revise the quarter instead`, zh: `“${s.id}”是按季度再分到月的分解：请修订所在季度` },
      };
    }
    const r = resolveSplit(plan, s.id);
    const k = r.names.indexOf(node.member);
    if (k < 0) return { ok: false, message: { en: `"${node.member}" is not a member of split "${s.id}"`, zh: `“${node.member}”不是分解“${s.id}”的成员` } };
    return { ok: true, target: { value: Number((r.amounts[k] * r.scale).toPrecision(15)), scale: r.scale, measure: (s.measure ?? "amount") === "count" ? "count" : "amount" } };
  }
  if ("cascade" in node) {
    if (!plan.cascade) return { ok: false, message: { en: "the plan has no cascade", zh: "计划中没有逐层分解" } };
    const result = resolveCascade(plan);
    const n = nodeAt(result, node.cascade);
    if (!n) return { ok: false, message: { en: `no node ${node.cascade.join(" / ")} in the cascade`, zh: `逐层分解中没有节点 ${node.cascade.join(" / ")}` } };
    const ty = node.target === undefined ? result.types.find((t) => t.primary) : result.types.find((t) => t.id === node.target);
    if (!ty) return { ok: false, message: { en: `no target of the cascade has the id "${node.target}"`, zh: `逐层分解中没有 id 为“${node.target}”的目标` } };
    if (!ty.numeric) return { ok: false, message: { en: `"${ty.id}" is a rate, inherited rather than split: set the node's own value instead`, zh: `“${ty.id}”是比率目标，按上级继承而不分解：请直接设置节点自己的数值` } };
    return { ok: true, target: { value: Number((n.figures[ty.index].annual * ty.scale).toPrecision(15)), scale: ty.scale, measure: ty.kind === "count" ? "count" : "amount" } };
  }
  const row = plan.tracking?.rows.find((r) => r.name === node.row);
  if (!row) return { ok: false, message: { en: `no tracking row is called "${node.row}"`, zh: `跟踪表中没有名为“${node.row}”的行` } };
  if (!("annual" in row.target)) {
    const from = "from" in row.target ? row.target.from : undefined;
    return {
      ok: false,
      message: from
        ? { en: `its target comes from split "${from.split}": revise that member (node { "split", "member" })`, zh: `其目标来自分解“${from.split}”：请修订该成员（node 写 { "split", "member" }）` }
        : { en: "only a row with an annual target can be revised", zh: "只有以年度目标给出的行才能修订" },
    };
  }
  const amount = (row.format ?? "amount") === "amount";
  return { ok: true, target: { value: row.target.annual, scale: amount ? planScale(plan) : 1, measure: amount ? "amount" : "count" } };
}

/**
 * The plan with one revision applied: the node held at `to`, the rest re-spread (see the
 * module's comment). The old plan is untouched.
 *
 * @param plan - a valid plan without this revision
 * @param revision - the revision (its node must exist: see {@link revisionProblems})
 * @returns a new plan
 * @example applyRevision(seedPlan, { date: "2025-07-01", node: { split: "region", member: "华东" }, from: 48000000, to: 45000000, why: "…", approvedBy: "总经理" })
 *   .splits[1].members[0].held // 45000000
 */
export function applyRevision(plan: Plan, revision: Revision): Plan {
  const node = revision.node;
  if ("split" in node) {
    const splits = (plan.splits ?? []).map((s) => {
      if (s.id !== node.split) return s;
      const names = resolveSplit(plan, s.id).names;
      const basis = s.basis ?? (s.members ? "weights" : "even");
      // Held at 0 is free (a held amount counts from above 0): a target revised to 0 (a rep
      // who left) weighs 0 instead. Percentages become weights too: a held member does not
      // count among the percentages adding up to 100. Either way the others keep their shares.
      const toWeights = basis === "percent" || (revision.to === 0 && basis !== "weights");
      const weights = toWeights ? effectiveWeights(s) : undefined;
      const members = names.map((name, k) => {
        const copy = { ...(s.members?.[k] ?? { name }) };
        if (weights) {
          delete copy.rest;
          if (!((copy.held ?? 0) > 0)) copy.weight = weights[k];
        }
        if (name === node.member) {
          if (revision.to === 0) {
            delete copy.held;
            copy.weight = 0;
          } else copy.held = revision.to;
        }
        return copy;
      });
      return { ...s, basis: toWeights ? ("weights" as const) : basis, members };
    });
    return { ...plan, splits };
  }
  if ("cascade" in node) {
    let next = plan;
    const parentPath = node.cascade.slice(0, -1);
    const result = resolveCascade(plan);
    const parent = nodeAt(result, parentPath)!;
    const types = cascadeTargets(plan.cascade!);
    const primary = types.find((t) => t.kind !== "rate")!;
    const id = node.target ?? primary.id;
    // As for a split: percentages become weights (the rest's its percentage), and a node
    // revised to 0 weighs 0 rather than holding 0 (which is free), the others keeping their shares.
    const zero = revision.to === 0 && id === primary.id;
    const ty = result.types.find((t) => t.primary)!;
    if (parent.basis === "percent" || (zero && parent.basis !== "weights")) {
      const kids = parent.children.map((k) => result.nodes[k]).filter((k) => !k.vacancy);
      next = editCascadeNode(next, parentPath, { basis: "weights" });
      for (const k of kids) {
        const f = k.figures[ty.index];
        const patch: CascadeNodePatch = { rest: null };
        if (f.held === 0 && f.weight !== null) patch.weight = f.weight;
        next = editCascadeNode(next, k.path, patch);
      }
    }
    // Where the parent's split follows commitments, the node commits 0 too.
    if (zero) return editCascadeNode(next, node.cascade, { held: null, weight: 0, ...(parent.figures[ty.index].mode !== undefined && parent.figures[ty.index].mode !== "topDown" ? { commitment: 0 } : {}) });
    if (id === primary.id) return editCascadeNode(next, node.cascade, { held: revision.to });
    // Another type: its entry of the node's targets.
    const fields = findFields(next, node.cascade);
    const targets = { ...(fields.targets ?? {}), [id]: { ...(fields.targets?.[id] ?? {}), held: revision.to } };
    return editCascadeNode(next, node.cascade, { targets });
  }
  const rows = plan.tracking!.rows.map((r): TrackingRow => (r.name === node.row ? { ...r, target: { annual: revision.to } } : r));
  return { ...plan, tracking: { ...plan.tracking!, rows } };
}

/** A cascade node's fields as written (tree or flat list). */
function findFields(plan: Plan, path: readonly string[]): { targets?: Record<string, Record<string, unknown>> } {
  const c = plan.cascade!;
  if (c.root && !c.people) {
    let n = c.root;
    for (const name of path) n = (n.children ?? []).find((k) => k.name === name)!;
    return n;
  }
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const person = (c.people ?? []).find((p) => p.name === path[path.length - 1] && same(p.path, path.slice(0, -1)));
  return person ?? (c.groups ?? []).find((g) => same(g.path, path)) ?? {};
}

/**
 * The plan's figures with every revision applied, in order (those marked `applied` are
 * already in the figures and are skipped). The revision list stays, for the log.
 *
 * @param plan - a plan `validatePlan` accepted (so every revision applies)
 * @returns the plan the sheets are built from
 * @example applyRevisions(planWithRevisions).splits[1].members[0].held // the last revision's `to`
 */
export function applyRevisions(plan: Plan): Plan {
  let out = plan;
  for (const r of plan.revisions ?? []) if (!r.applied) out = applyRevision(out, r);
  return out;
}

/** Two figures equal as the sheets show them (in display units, within core's tolerance). */
function sameFigure(a: number, b: number, scale: number): boolean {
  const x = toDisplay(a, scale);
  const y = toDisplay(b, scale);
  return Math.abs(x - y) <= TOL * Math.max(1, Math.abs(x), Math.abs(y));
}

/**
 * What is wrong with a plan's revisions, each with its JSON path, in English and Chinese:
 * dates a workbook can hold, oldest first; a node that exists and can be revised; `from`
 * equal to the node's target before the revision (so the log tells the truth); and a plan
 * that still splits after it (a held amount within the parent's target, something left to
 * share). Revisions marked `applied` are checked for their dates only.
 *
 * @param plan - a plan the schema accepted, whose other parts have no problems
 * @returns the problems (none for a good list)
 * @example revisionProblems({ …, revisions: [{ …, from: 1 }] })[0].path // "revisions[0].from"
 */
export function revisionProblems(plan: Plan): PlanProblem[] {
  const out: PlanProblem[] = [];
  const problem = (path: (string | number)[], m: Msg): void => {
    let p = "";
    for (const x of path) p += typeof x === "number" ? `[${x}]` : p ? `.${x}` : x;
    out.push({ path: p, message: m });
  };
  let current: Plan = { ...plan, revisions: undefined };
  let latest = "";
  (plan.revisions ?? []).forEach((r, i) => {
    const at = (...rest: (string | number)[]) => ["revisions", i, ...rest];
    const dateProblem = excelDateProblem(r.date);
    if (dateProblem) problem(at("date"), dateProblem);
    else if (r.date < latest) problem(at("date"), { en: `is before the revision above it (${latest}): list revisions oldest first`, zh: `早于上一条修订（${latest}）：修订记录应按时间先后排列` });
    if (r.date > latest) latest = r.date;
    if (r.applied) return;
    const found = currentTarget(current, r.node);
    if (!found.ok) return void problem(at("node"), found.message);
    const { value, scale } = found.target;
    if (!sameFigure(value, r.from, scale)) {
      problem(at("from"), {
        en: `is ${fmtN(r.from)}, but the node's target before this revision is ${fmtN(value)}`,
        zh: `为 ${fmtN(r.from)}，但此次修订前该节点的目标为 ${fmtN(value)}`,
      });
    }
    const next = applyRevision(current, r);
    const checked = validatePlan(next);
    if (!checked.ok) {
      const first = checked.problems[0];
      return void problem(at("to"), {
        en: `cannot be applied: after it, ${first.path}: ${first.message.en}`,
        zh: `无法应用：修订后，${first.path}：${first.message.zh}`,
      });
    }
    current = next;
  });
  return out;
}

// ---- who a revision concerns ---------------------------------------------------------------------

/**
 * The name a revision's node goes by for the people it concerns: a split's member, a
 * cascade node's own name, a tracking row's name.
 * @example revisedName({ cascade: ["华东", "华东一组", "张伟"] }) // "张伟"
 */
export function revisedName(node: RevisionNode): string {
  if ("split" in node) return node.member;
  if ("cascade" in node) return node.cascade[node.cascade.length - 1];
  return node.row;
}

/**
 * The revisions of one person's (or node's) target, oldest first, with what the node is.
 * @param plan - a valid plan
 * @param name - a split member's, a cascade node's or a tracking row's name
 * @example revisionsOf(plan, "张伟").map((r) => r.to) // [4200000]
 */
export function revisionsOf(plan: Plan, name: string): Revision[] {
  return (plan.revisions ?? []).filter((r) => revisedName(r.node) === name);
}

// ---- the log sheet ------------------------------------------------------------------------------------

const WORDS = {
  en: {
    sheet: "Revisions",
    title: "Target revisions",
    note: (unit: string) =>
      `Each revised target is held at its new figure; the other targets under the same total share the rest again, so every split still adds up (see its check). Amounts in ${unit}. "Now" is the target the workbook holds; the check is TRUE while each node's latest revision is what it holds.`,
    check: "Check",
    header: ["No.", "When", "Node", "Target", "From", "To", "Change", "Now", "Why", "Approved by"],
    amount: "Amount",
    count: "Count",
    and: ", ",
    comment: "Each revised node holds its latest revision's target",
  },
  zh: {
    sheet: "修订记录",
    title: "目标修订记录",
    note: (unit: string) => `每次修订后，该目标固定为新数，同一上级（同一总额）下的其余目标重新分摊余额，各分解仍然合计一致（见各自的校验）。金额单位：${unit}。“现值”为工作簿中该目标的当前数；各节点最近一次修订的新目标与现值一致时，校验为 TRUE。`,
    check: "校验",
    header: ["序号", "修订日期", "节点", "目标类型", "原目标", "新目标", "变化", "现值", "修订原因", "审批人"],
    amount: "金额",
    count: "数量",
    and: "、",
    comment: "各修订节点的当前目标为其最近一次修订的新目标",
  },
} as const;

/** The words of the revision sheet, for tests and the pane. */
export const REVISION_WORDS = WORDS;

/**
 * A revision's node as the log shows it: `区域: 华东` (split), `华东 / 华东一组 / 张伟`
 * (cascade), the row's name.
 */
export function revisionNodeLabel(plan: Plan, node: RevisionNode): string {
  if ("split" in node) {
    const s = (plan.splits ?? []).find((x) => x.id === node.split);
    return `${s?.name ?? node.split}: ${node.member}`;
  }
  if ("cascade" in node) return node.cascade.join(" / ");
  return node.row;
}

/** The target type a revision changes: a cascade's type, else Amount or Count. */
function typeLabel(plan: Plan, node: RevisionNode, lang: SheetLang): string {
  if ("cascade" in node && plan.cascade) {
    const types = cascadeTargets(plan.cascade);
    const t = node.target === undefined ? types.find((x) => x.kind !== "rate") : types.find((x) => x.id === node.target);
    return t?.name ?? (t?.kind === "amount" && t === types.find((x) => x.kind !== "rate") ? (lang === "zh" ? "销售额" : "Sales") : (t?.id ?? ""));
  }
  return isCount(plan, node) ? WORDS[lang].count : WORDS[lang].amount;
}

/** Where the workbook holds a node's current target: a sheet and an absolute cell. */
export type TargetCell = { sheet: string; cell: string } | undefined;

/** Options of {@link buildRevisionSheet}. */
export interface RevisionSheetOptions {
  lang: SheetLang;
  protect?: boolean;
  takenSheetNames?: Set<string>;
  takenNames?: Set<string>;
  /** The cell holding a node's current target on the other sheets, when there is one. */
  cellOf?: (node: RevisionNode) => TargetCell;
}

/**
 * The revision log (修订记录 / Revisions): one row per revision — number, date, node, target
 * type, from, to, change, the target the workbook holds now, why and who approved (names as
 * text) — and `Check_Revisions`, TRUE while each revised node holds its latest revision's
 * target (read from the decomposition or cascade table by formula).
 *
 * @param plan - a valid plan with revisions (figures in display units from `from`/`to`)
 * @param options - language, protection, names taken, where each node's target is
 * @returns the sheet and its check name (none when no revised node has a cell to read)
 * @example buildRevisionSheet(plan, { lang: "zh" }).sheet.name // "修订记录"
 */
export function buildRevisionSheet(plan: Plan, options: RevisionSheetOptions): { sheet: SheetSpec; names: NameSpec[] } {
  const W = WORDS[options.lang];
  const revisions = plan.revisions ?? [];
  const name = uniqueSheetName(W.sheet, options.takenSheetNames ?? new Set());
  const unit = plan.unit ?? "元";
  const rows: (CellSpec | null)[][] = [];
  const HEADER = 3;
  const FIRST = 4;
  const C = { no: 0, when: 1, node: 2, type: 3, from: 4, to: 5, change: 6, now: 7, why: 8, by: 9 };
  rows[0] = [{ v: `${W.title}: ${plan.title}` }];
  rows[1] = [{ v: W.note(unit) }];
  rows[2] = [{ v: W.check }, null];
  rows[HEADER] = W.header.map((h) => ({ v: h }));
  // The latest revision of each node: the row its check reads.
  const key = (n: RevisionNode) => JSON.stringify(n);
  const latest = new Map<string, number>();
  revisions.forEach((r, i) => latest.set(key(r.node), i));
  const parts: string[] = [];
  const amountValues: number[] = [];
  const formats: FormatSpec[] = [];
  revisions.forEach((r, i) => {
    const row = FIRST + i;
    const scale = nodeScale(plan, r.node);
    const from = toDisplay(r.from, scale);
    const to = toDisplay(r.to, scale);
    amountValues.push(from, to);
    const fromCell = absA1(row, C.from);
    const toCell = absA1(row, C.to);
    const where = r.applied ? undefined : options.cellOf?.(r.node);
    const approvers = typeof r.approvedBy === "string" ? r.approvedBy : r.approvedBy.join(W.and);
    rows[row] = [
      { v: i + 1 },
      { v: excelSerial(r.date) },
      { v: revisionNodeLabel(plan, r.node) },
      { v: typeLabel(plan, r.node, options.lang) },
      { v: from },
      { v: to },
      { f: `${toCell}-${fromCell}`, expect: Number((to - from).toPrecision(15)) },
      where ? { f: sheetRef(where.sheet, where.cell), expect: latest.get(key(r.node)) === i ? to : null } : null,
      { v: r.why },
      { v: approvers },
    ];
    if (where && latest.get(key(r.node)) === i) {
      const now = absA1(row, C.now);
      parts.push(`ABS(${now}-${toCell})<=1E-9*MAX(1,ABS(${toCell}))`);
    }
    // A later revision of the same node: its "now" is not this row's "to" (no expect).
    const cell = rows[row][C.now];
    if (cell && "f" in cell && latest.get(key(r.node)) !== i) delete cell.expect;
  });
  const names: NameSpec[] = [];
  if (parts.length) {
    rows[2][1] = { f: parts.length === 1 ? parts[0] : `AND(${parts.join(",")})`, expect: true };
    names.push({ name: checkName(["Revisions"], options.takenNames ?? new Set()), sheet: name, ref: absA1(2, 1), comment: W.comment });
  } else rows[2] = [];
  const last = FIRST + Math.max(revisions.length, 1) - 1;
  const fmt = amountFormatFor(plan.roundTo ?? 1, amountValues);
  formats.push(
    { range: rangeA1(0, 0, 0, 0), bold: true },
    { range: rangeA1(1, 0, 1, 9), wrap: true },
    { range: rangeA1(2, 0, 2, 1), bold: true },
    { range: rangeA1(HEADER, 0, HEADER, 9), bold: true, fill: "#DDEBF7", border: true, wrap: true },
    { range: rangeA1(FIRST, 0, last, 9), border: true },
    { range: rangeA1(FIRST, C.when, last, C.when), numFmt: "yyyy-mm-dd" },
    { range: rangeA1(FIRST, C.from, last, C.now), numFmt: fmt },
    { range: rangeA1(FIRST, C.why, last, C.by), wrap: true },
  );
  return {
    sheet: {
      name,
      kind: "notes",
      rows: rows.map((r) => r ?? []),
      formats,
      merges: ["A2:J2"],
      rowHeights: [{ row: 2, points: 48 }],
      columnWidths: [6, 12, 28, 12, 12, 12, 12, 12, 36, 20],
      freeze: { rows: FIRST, columns: 0 },
      print: { landscape: true, fitToWidth: true, repeatRows: `$${HEADER + 1}:$${HEADER + 1}` },
      ...(options.protect ? { protect: true } : {}),
    },
    names,
  };
}

/** Whether a split's member or a tracking row revised is a count (not money). */
function isCount(plan: Plan, node: RevisionNode): boolean {
  if ("split" in node) return (plan.splits ?? []).find((x) => x.id === node.split)?.measure === "count";
  if ("row" in node) return (plan.tracking?.rows.find((r) => r.name === node.row)?.format ?? "amount") !== "amount";
  const types = plan.cascade ? cascadeTargets(plan.cascade) : [];
  const t = node.target === undefined ? types.find((x) => x.kind !== "rate") : types.find((x) => x.id === node.target);
  return t?.kind === "count";
}

/**
 * A revision's figures as the sheets show them: amounts in the plan's unit, counts as they are.
 * @example revisionFigures(plan, { …, from: 48000000, to: 45000000 }) // { from: 4800, to: 4500, unit: "万元" } (a plan in 万元)
 */
export function revisionFigures(plan: Plan, r: Revision): { from: number; to: number; unit: string } {
  const scale = nodeScale(plan, r.node);
  return { from: toDisplay(r.from, scale), to: toDisplay(r.to, scale), unit: isCount(plan, r.node) ? "" : (plan.unit ?? "元") };
}

/**
 * 元 per display unit of a revised node's figures: the plan's unit for amounts, 1 for counts
 * (read from what the node is, so a record of a node this plan no longer splits shows too).
 */
function nodeScale(plan: Plan, node: RevisionNode): number {
  return isCount(plan, node) ? 1 : planScale(plan);
}
