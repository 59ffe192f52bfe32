/**
 * The one catalogue of errors the planning engine raises.
 *
 * Every error has an Excel code (`#VALUE!`, `#NUM!`, `#DIV/0!`) and a message in English
 * and Chinese that names the argument and, for ranges, the 1-based position. Core code
 * raises errors only through {@link fail}; the Excel layer turns a {@link PlanError} into
 * `CustomFunctions.Error` with {@link PlanError.messageIn} for the user's language.
 */

/** The Excel error codes the functions may return. */
export type ErrorCode = "#VALUE!" | "#NUM!" | "#DIV/0!";

/** The two languages of the product: English and Simplified Chinese. */
export type Lang = "en" | "zh";

/** Where a bad value sits: the argument, and for ranges its 1-based row and column. */
export interface Where {
  /** Argument name as in the contract (`weights`, `row_totals`, …). */
  arg: string;
  row?: number;
  col?: number;
}

/** Message parameters: where the bad value sits, and named values for the template. */
export type Params = { where?: Where; [name: string]: string | number | Where | undefined };
type Template = (p: Params, lang: Lang) => string;

/** Argument names in Chinese, as Excel's formula help shows them. */
const ARG_ZH: Record<string, string> = {
  total: "总额",
  weights: "权重",
  unit: "单位",
  fixed: "固定额",
  row_totals: "行合计",
  column_totals: "列合计",
  seed: "参照",
  actual: "实际",
  target: "目标",
  direction: "方向",
  green_at: "绿灯线",
  yellow_at: "黄灯线",
  as_of: "截至日",
  start: "开始日",
  end: "结束日",
  points: "分值",
  rule: "规则",
  cap: "上限",
  floor: "下限",
  value: "值",
  thresholds: "门槛",
  results: "结果",
  below: "未达值",
  tiers: "档位",
  mode: "方式",
  grade: "等级",
};

/** "weights, row 3, column 1" / "权重，第3行第1列". */
export function describeWhere(w: Where, lang: Lang): string {
  if (lang === "zh") {
    const name = ARG_ZH[w.arg] ?? w.arg;
    if (w.row === undefined) return name;
    return `${name}，第${w.row}行` + (w.col === undefined ? "" : `第${w.col}列`);
  }
  if (w.row === undefined) return w.arg;
  return `${w.arg}, row ${w.row}` + (w.col === undefined ? "" : `, column ${w.col}`);
}

/** Formats a number for a message: up to 10 significant digits, no exponent for planners' sizes. */
export function fmt(n: Params[string]): string {
  if (typeof n === "object") return "";
  if (typeof n !== "number") return String(n ?? "");
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toPrecision(10)));
}

const at = (p: Params, lang: Lang): string => (p.where ? describeWhere(p.where, lang) : "");
const sep = (lang: Lang): string => (lang === "zh" ? "：" : ": ");

function entry(code: ErrorCode, en: Template, zh: Template): { code: ErrorCode; en: Template; zh: Template } {
  return { code, en, zh };
}

/**
 * The catalogue. Keys are stable identifiers (tests use them); each has one Excel code.
 * Templates receive `where` (argument and position) and named parameters.
 */
export const CATALOGUE = {
  // ---- argument types and shapes -------------------------------------------------
  notANumber: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}'${p.value}' is not a number`,
    (p, l) => `${at(p, l)}${sep(l)}“${p.value}”不是数字`,
  ),
  notText: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}expected text, got '${p.value}'`,
    (p, l) => `${at(p, l)}${sep(l)}应为文字，实际是“${p.value}”`,
  ),
  notSingleValue: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}expected one value, got a range of ${p.rows} × ${p.cols}`,
    (p, l) => `${at(p, l)}${sep(l)}应为单个值，实际是 ${p.rows} × ${p.cols} 的区域`,
  ),
  emptyRange: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}the range is empty`,
    (p, l) => `${at(p, l)}${sep(l)}区域为空`,
  ),
  tooLarge: entry(
    "#NUM!",
    (p, l) => `${at(p, l)}${sep(l)}range too large (${p.cells} cells; at most ${p.max})`,
    (p, l) => `${at(p, l)}${sep(l)}区域过大（${p.cells} 个单元格，最多 ${p.max} 个）`,
  ),
  shapeMismatch: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}must have the same shape as ${p.other} (${p.want}), got ${p.got}`,
    (p, l) => `${at(p, l)}${sep(l)}形状须与${ARG_ZH[String(p.other)] ?? p.other}相同（${p.want}），实际是 ${p.got}`,
  ),
  lengthMismatch: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}has ${p.got} values; ${p.other} has ${p.want}`,
    (p, l) => `${at(p, l)}${sep(l)}有 ${p.got} 个值，而${ARG_ZH[String(p.other)] ?? p.other}有 ${p.want} 个`,
  ),
  mustBeColumn: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}must be one column (got ${p.got})`,
    (p, l) => `${at(p, l)}${sep(l)}须为一列（实际是 ${p.got}）`,
  ),
  mustBeRow: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}must be one row (got ${p.got})`,
    (p, l) => `${at(p, l)}${sep(l)}须为一行（实际是 ${p.got}）`,
  ),
  mustBeLine: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}must be one row or one column (got ${p.got})`,
    (p, l) => `${at(p, l)}${sep(l)}须为一行或一列（实际是 ${p.got}）`,
  ),
  mustBeTwoColumns: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}must be a block of two columns (threshold, ${p.second}), got ${p.got}`,
    (p, l) => `${at(p, l)}${sep(l)}须为两列（门槛，${p.secondZh ?? p.second}），实际是 ${p.got}`,
  ),
  halfBlankRow: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}one cell of the pair is blank`,
    (p, l) => `${at(p, l)}${sep(l)}这一行只填了一半`,
  ),
  duplicateThreshold: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}threshold ${fmt(p.value)} appears twice`,
    (p, l) => `${at(p, l)}${sep(l)}门槛 ${fmt(p.value)} 出现了两次`,
  ),
  lowestTierNotZero: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}the lowest threshold must be 0, got ${fmt(p.value)}`,
    (p, l) => `${at(p, l)}${sep(l)}最低档门槛须为 0，实际是 ${fmt(p.value)}`,
  ),
  badWord: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}'${p.value}' is not one of ${p.allowed}`,
    (p, l) => `${at(p, l)}${sep(l)}“${p.value}”不是可选值（${p.allowedZh ?? p.allowed}）`,
  ),
  // ---- numbers out of range -------------------------------------------------------
  negative: entry(
    "#NUM!",
    (p, l) => `${at(p, l)}${sep(l)}${fmt(p.value)} is negative; it must be 0 or more`,
    (p, l) => `${at(p, l)}${sep(l)}${fmt(p.value)} 是负数，须大于等于 0`,
  ),
  heldExceedsTotal: entry(
    "#NUM!",
    (p, l) => `${at(p, l)}${sep(l)}held amounts add up to ${fmt(p.held)}, ${fmt(p.over)} more than the total ${fmt(p.total)}`,
    (p, l) => `${at(p, l)}${sep(l)}固定额合计 ${fmt(p.held)}，比总额 ${fmt(p.total)} 多 ${fmt(p.over)}`,
  ),
  allHeld: entry(
    "#NUM!",
    (p, l) => `${at(p, l)}${sep(l)}every part is held; ${fmt(p.left)} is left to split`,
    (p, l) => `${at(p, l)}${sep(l)}每一部分都已固定，还剩 ${fmt(p.left)} 无处分配`,
  ),
  thresholdOrder: entry(
    "#NUM!",
    (p, l) => `${at(p, l)}${sep(l)}${fmt(p.value)} is above green_at ${fmt(p.green)}`,
    (p, l) => `${at(p, l)}${sep(l)}${fmt(p.value)} 高于绿灯线 ${fmt(p.green)}`,
  ),
  endBeforeStart: entry(
    "#NUM!",
    (p, l) => `${at(p, l)}${sep(l)}the period ends before it starts`,
    (p, l) => `${at(p, l)}${sep(l)}结束日早于开始日`,
  ),
  floorAboveCap: entry(
    "#NUM!",
    (p, l) => `${at(p, l)}${sep(l)}floor ${fmt(p.floor)} is above cap ${fmt(p.cap)}`,
    (p, l) => `${at(p, l)}${sep(l)}下限 ${fmt(p.floor)} 高于上限 ${fmt(p.cap)}`,
  ),
  // ---- across arguments -----------------------------------------------------------
  marginsDisagree: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}row totals add up to ${fmt(p.rows)} but column totals to ${fmt(p.cols)}`,
    (p, l) => `${at(p, l)}${sep(l)}行合计之和为 ${fmt(p.rows)}，列合计之和为 ${fmt(p.cols)}，两者不等`,
  ),
  notMultipleOfUnit: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}${fmt(p.value)} is not a multiple of the unit ${fmt(p.unit)}`,
    (p, l) => `${at(p, l)}${sep(l)}${fmt(p.value)} 不是单位 ${fmt(p.unit)} 的整数倍`,
  ),
  infeasible: entry(
    "#NUM!",
    (p, l) => `${at(p, l)}${sep(l)}total ${fmt(p.total)} cannot be met: its seed is all zeros`,
    (p, l) => `${at(p, l)}${sep(l)}合计 ${fmt(p.total)} 无法满足：参照全为 0`,
  ),
  notConverged: entry(
    "#NUM!",
    (p, l) => `${at(p, l)}${sep(l)}the grid cannot match both totals from this seed (still off by ${fmt(p.off)} after ${p.rounds} rounds)`,
    (p, l) => `${at(p, l)}${sep(l)}按此参照无法同时满足行、列合计（${p.rounds} 轮后仍差 ${fmt(p.off)}）`,
  ),
  fitOnlyInLimit: entry(
    "#NUM!",
    (p, l) =>
      `${at(p, l)}${sep(l)}row ${p.row}'s and column ${p.col}'s totals can be met only with this seed cell at 0, so fitting would never finish: ` +
      `change the totals, or move this cell's value to other rows or columns`,
    (p, l) => `${at(p, l)}${sep(l)}第 ${p.row} 行、第 ${p.col} 列的合计只有把参照的这一格压到 0 才能满足，拟合无法完成：请调整合计，或把这一格的值移到其他行或列`,
  ),
  roundingTooLarge: entry(
    "#NUM!",
    (p, l) =>
      `${at(p, l)}${sep(l)}the grid (${p.cells} cells) is too large to round exactly to the unit: leave the unit out (exact values) or spread fewer cells at a time`,
    (p, l) => `${at(p, l)}${sep(l)}区域（${p.cells} 个单元格）过大，无法按单位精确取整：请不填单位（得到精确值），或每次分摊更少的单元格`,
  ),
  infeasibleGroup: entry(
    "#NUM!",
    (p, l) =>
      `${at(p, l)}${sep(l)}${p.nRows === 1 ? `row ${p.rows} needs` : `rows ${p.rows} need`} ${fmt(p.need)}, but ${p.nRows === 1 ? "its" : "their"} seed has values only in ` +
      `${p.nCols === 1 ? `column ${p.cols}, whose total is` : `columns ${p.cols}, whose totals add up to`} ${fmt(p.have)}`,
    (p, l) =>
      `${at(p, l)}${sep(l)}第 ${String(p.rows).replace(/, /g, "、")} 行合计 ${fmt(p.need)}，但其参照只在第 ${String(p.cols).replace(/, /g, "、")} 列有值，这些列合计只有 ${fmt(p.have)}`,
  ),
  // ---- rules ----------------------------------------------------------------------
  unreadableClause: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}cannot read the clause '${p.clause}'`,
    (p, l) => `${at(p, l)}${sep(l)}无法识别条款“${p.clause}”`,
  ),
  duplicateClause: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}'${p.clause}' gives a second ${p.kind}`,
    (p, l) => `${at(p, l)}${sep(l)}“${p.clause}”重复给出了${p.kindZh ?? p.kind}`,
  ),
  clauseWithoutPoints: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}'${p.clause}' does not say how many points to add or deduct: write it as 每有1例减2分, 每低5分扣2分 or -2 per incident`,
    (p, l) => `${at(p, l)}${sep(l)}“${p.clause}”没有写加减多少分：请写成“每有1例减2分”“每低5分扣2分”这样`,
  ),
  pointsWithoutStep: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}'${p.clause}' does not say per what: put the step before it, as in 每有1例，减2分 or 每低5分，扣2分`,
    (p, l) => `${at(p, l)}${sep(l)}“${p.clause}”没有写按什么加减分：请在前面写明，如“每有1例，减2分”“每低5分，扣2分”`,
  ),
  unknownGrade: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}'${p.value}' is not one of the grades (${p.allowed})`,
    (p, l) => `${at(p, l)}${sep(l)}“${p.value}”不是可选的等级（${p.allowed}）`,
  ),
  ruleTooLong: entry(
    "#VALUE!",
    (p, l) => `${at(p, l)}${sep(l)}the rule is ${p.length} characters long; at most ${p.max} are read (put long notes in another cell)`,
    (p, l) => `${at(p, l)}${sep(l)}规则长 ${p.length} 个字符，最多 ${p.max} 个（较长的说明请写在其他单元格）`,
  ),
  // ---- computation ----------------------------------------------------------------
  zeroWeights: entry(
    "#DIV/0!",
    (p, l) => `${at(p, l)}${sep(l)}all free weights are zero, so ${fmt(p.amount)} cannot be split`,
    (p, l) => `${at(p, l)}${sep(l)}未固定部分的权重全为 0，${fmt(p.amount)} 无法分配`,
  ),
  zeroTarget: entry(
    "#DIV/0!",
    (p, l) => `${at(p, l)}${sep(l)}the target is zero`,
    (p, l) => `${at(p, l)}${sep(l)}目标为 0`,
  ),
  notFinite: entry(
    "#NUM!",
    (p, l) => `${at(p, l)}${sep(l)}the result is not a finite number`,
    (p, l) => `${at(p, l)}${sep(l)}结果不是有限数`,
  ),
} as const;

export type MessageKey = keyof typeof CATALOGUE;

/** An error raised by the planning engine: an Excel code plus a bilingual message. */
export class PlanError extends Error {
  readonly code: ErrorCode;
  constructor(
    readonly key: MessageKey,
    readonly params: Params,
  ) {
    super(CATALOGUE[key].en(params, "en"));
    this.name = "PlanError";
    this.code = CATALOGUE[key].code;
  }

  /** The message in the given language. */
  messageIn(lang: Lang): string {
    return CATALOGUE[this.key][lang](this.params, lang);
  }
}

/**
 * Throws the catalogue error `key`.
 * @example fail("negative", { where: { arg: "weights", row: 1, col: 2 }, value: -1 })
 *   // PlanError #NUM! "weights, row 1, column 2: -1 is negative; it must be 0 or more"
 */
export function fail(key: MessageKey, params: Params): never {
  throw new PlanError(key, params);
}

/** True when `e` is a {@link PlanError}. */
export function isPlanError(e: unknown): e is PlanError {
  return e instanceof PlanError;
}
