/**
 * The Office.js writer's messages, in English and Chinese, from one catalogue (the pattern
 * of src/core/errors.ts). The writer raises only {@link WriterError}s of these keys; the pane
 * shows {@link WriterError.messageIn} in the user's language.
 */
import type { Lang } from "../core/errors";
import type { Occupied } from "./port";

type Params = Record<string, string | number | undefined>;
type Template = (p: Params) => string;

const list = (s: string | number | undefined): string => String(s ?? "");

/** Why a sheet name is refused, for {@link WRITER_MESSAGES.sheetNameInvalid}. */
const REASON: Record<string, { en: string; zh: string }> = {
  blank: { en: "it is blank", zh: "名称为空" },
  tooLong: { en: "it is longer than 31 characters", zh: "超过 31 个字符" },
  badChar: { en: "it contains one of [ ] : * ? / \\", zh: "含有 [ ] : * ? / \\ 之一" },
  apostrophe: { en: "it starts or ends with an apostrophe", zh: "以单引号开头或结尾" },
  reserved: { en: "Excel reserves the name History", zh: "History 是 Excel 的保留名称" },
  duplicate: { en: "two sheets of the plan have this name", zh: "计划中有两张表同名" },
};

/** What a spec needs of Excel (src/excel/requirements.ts), in the user's words. */
const FEATURE: Record<string, { en: string; zh: string }> = {
  names: { en: "defined names", zh: "定义名称" },
  conditionalFormats: { en: "conditional formats", zh: "条件格式" },
  freezePanes: { en: "frozen panes", zh: "冻结窗格" },
  dataValidation: { en: "data validation", zh: "数据验证" },
  charts: { en: "charts", zh: "图表" },
};

/** "dataValidation:1.8,conditionalFormats:1.6" as "data validation (ExcelApi 1.8), …" in a language. */
function needs(p: Params, lang: "en" | "zh"): string {
  return list(p.needs)
    .split(",")
    .filter(Boolean)
    .map((x) => {
      const [feature, version] = x.split(":");
      return `${FEATURE[feature]?.[lang] ?? feature} (ExcelApi ${version})`;
    })
    .join(lang === "zh" ? "、" : ", ");
}

/** The catalogue: a stable key per message, each in both languages. */
export const WRITER_MESSAGES = {
  occupied: {
    en: (p) => `Nothing was written: ${p.where} already hold${p.count === 1 ? "s" : ""} something. Choose an empty place or a new sheet.`,
    zh: (p) => `未写入任何内容：${p.where} 已有内容。请选择空白位置或新工作表。`,
  },
  hidesCells: {
    en: (p) => `Nothing was written: the rounding work's columns ${p.columns} would be hidden, and they hold your cells ${p.where}. Choose another place or a new sheet.`,
    zh: (p) => `未写入任何内容：取整计算所在的列 ${p.columns} 将被隐藏，而这些列中有您的单元格 ${p.where}。请选择其他位置或新工作表。`,
  },
  badColumns: {
    en: (p) => `Nothing was written: '${p.columns}' on '${p.name}' is not a range of whole columns (such as J:AG).`,
    zh: (p) => `未写入任何内容：“${p.name}”上的“${p.columns}”不是整列区域（例如 J:AG）。`,
  },
  outlineTooDeep: {
    en: (p) => `Nothing was written: column ${p.column} of '${p.name}' would be grouped ${p.level} levels deep; Excel allows 7 groups within each other (8 outline levels).`,
    zh: (p) => `未写入任何内容：“${p.name}”的第 ${p.column} 列将被嵌套分组 ${p.level} 层；Excel 最多允许 7 层分组（8 级大纲）。`,
  },
  sheetNameTaken: {
    en: (p) => `Nothing was written: the workbook already has a sheet named '${p.name}'.`,
    zh: (p) => `未写入任何内容：工作簿中已有名为“${p.name}”的工作表。`,
  },
  sheetNameInvalid: {
    en: (p) => `Nothing was written: '${p.name}' cannot be a sheet name: ${REASON[list(p.reason)]?.en ?? p.reason}.`,
    zh: (p) => `未写入任何内容：“${p.name}”不能作为工作表名称：${REASON[list(p.reason)]?.zh ?? p.reason}。`,
  },
  sheetMissing: {
    en: (p) => `Nothing was written: there is no sheet '${p.name}' to write into.`,
    zh: (p) => `未写入任何内容：没有名为“${p.name}”的工作表可写入。`,
  },
  chartNameTaken: {
    en: (p) => `Nothing was written: sheet '${p.sheet}' already has a chart called '${p.name}'.`,
    zh: (p) => `未写入任何内容：工作表“${p.sheet}”中已有名为“${p.name}”的图表。`,
  },
  nameTaken: {
    en: (p) => `Nothing was written: the workbook already has a name or table called '${p.name}'.`,
    zh: (p) => `未写入任何内容：工作簿中已有名为“${p.name}”的名称或表格。`,
  },
  notFinite: {
    en: (p) => `Nothing was written: ${p.where} would hold ${p.value}, which is not a finite number.`,
    zh: (p) => `未写入任何内容：${p.where} 的值 ${p.value} 不是有限数。`,
  },
  textTooLong: {
    en: (p) => `Nothing was written: ${p.where} would hold ${p.length} characters; a cell holds at most 32,767.`,
    zh: (p) => `未写入任何内容：${p.where} 的文字有 ${p.length} 个字符，单元格最多 32,767 个。`,
  },
  tableHeader: {
    en: (p) => `Nothing was written: table ${p.table} needs a distinct, non-blank text header in ${p.where}.`,
    zh: (p) => `未写入任何内容：表格 ${p.table} 在 ${p.where} 需要一个不重复、非空的文字标题。`,
  },
  excelTooOld: {
    en: (p) => `Nothing was written: this version of Excel cannot write these sheets; it lacks ${needs(p, "en")}. Use Excel on the web or a current Excel (Microsoft 365, Excel 2021 or later), or download the workbook as an .xlsx file.`,
    zh: (p) => `未写入任何内容：此版本的 Excel 无法写入这些工作表，缺少${needs(p, "zh")}。请使用 Excel 网页版或较新的 Excel（Microsoft 365、Excel 2021 或更高版本），或下载 .xlsx 工作簿。`,
  },
  sheetProtected: {
    en: (p) => `Nothing was written: sheet '${p.name}' is protected. Unprotect it (Review › Unprotect Sheet), write, then protect it again.`,
    zh: (p) => `未写入任何内容：工作表“${p.name}”受保护。请先撤消保护（审阅 › 撤消工作表保护），写入后再重新保护。`,
  },
  workbookProtected: {
    en: () => "Nothing was written: the workbook's structure is protected, so no sheet can be added. Unprotect it (Review › Protect Workbook), write, then protect it again.",
    zh: () => "未写入任何内容：工作簿结构受保护，无法添加工作表。请先取消保护（审阅 › 保护工作簿），写入后再重新保护。",
  },
  cancelled: {
    en: () => "Cancelled: what had been written was removed.",
    zh: () => "已取消：已写入的内容已移除。",
  },
  failed: {
    en: (p) => `Writing failed (${p.cause}); what had been written was removed.`,
    zh: (p) => `写入失败（${p.cause}）；已写入的内容已移除。`,
  },
  rollbackFailed: {
    en: (p) =>
      `Writing failed (${p.cause}), and removing what it had added failed too (${p.rollback}).` +
      (p.leftovers ? ` Please delete by hand: ${p.leftovers}.` : "") +
      (p.maybe ? ` Check whether these are there and delete them too: ${p.maybe}.` : ""),
    zh: (p) =>
      `写入失败（${p.cause}），移除已写入内容时也失败了（${p.rollback}）。` +
      (p.leftovers ? `请手动删除：${p.leftovers}。` : "") +
      (p.maybe ? `请检查以下内容是否存在，若存在也请删除：${p.maybe}。` : ""),
  },
  cellHoldsFormula: {
    en: (p) => `Nothing was written: ${p.where} ${p.count === 1 ? "holds a formula" : "hold formulas"} now, and a formula is never written over. Preview again.`,
    zh: (p) => `未写入任何内容：${p.where} 现在是公式，公式单元格不会被覆盖。请重新预览。`,
  },
  cellChanged: {
    en: (p) => `Nothing was written: ${p.where} changed since the preview (now ${p.now}). Preview again to see what would change.`,
    zh: (p) => `未写入任何内容：${p.where} 在预览之后已被修改（现为 ${p.now}）。请重新预览，查看将要修改的内容。`,
  },
  cellFilled: {
    en: (p) => `Nothing was written: ${p.where} already ${p.count === 1 ? "holds" : "hold"} a value. Choose to overwrite filled cells, or leave ${p.count === 1 ? "it" : "them"} out.`,
    zh: (p) => `未写入任何内容：${p.where} 已有数值。请选择覆盖已填单元格，或不写入这些单元格。`,
  },
  cellLocked: {
    en: (p) => `Nothing was written: ${p.where} ${p.count === 1 ? "is a locked cell" : "are locked cells"} of the protected sheet '${p.name}'. Unprotect it (Review › Unprotect Sheet), or unlock those cells.`,
    zh: (p) => `未写入任何内容：${p.where} 是受保护工作表“${p.name}”中的锁定单元格。请撤消工作表保护（审阅 › 撤消工作表保护），或解除这些单元格的锁定。`,
  },
  storedPlanUnreadable: {
    en: () =>
      "This workbook was made by Target Planner, but the plan stored in it (sheet TargetPlanner) is damaged and cannot be read. Its sheets, formulas and checks still work (Check workbook reads them); regenerating and My targets need the plan: make the workbook again from its plan file, or with the flows.",
    zh: () =>
      "此工作簿由“目标规划”生成，但其中保存的计划（TargetPlanner 工作表）已损坏，无法读取。其工作表、公式和检查仍然有效（“检查工作簿”可以读取）；重新生成和“我的目标”需要该计划：请用计划文件重新生成工作簿，或使用各功能重新生成。",
  },
  settingNotSaved: {
    en: (p) => `The setting could not be saved: ${p.cause}`,
    zh: (p) => `设置未能保存：${p.cause}`,
  },
} satisfies Record<string, { en: Template; zh: Template }>;

export type WriterMessageKey = keyof typeof WRITER_MESSAGES;

/**
 * A write the writer refused or that failed: a key of {@link WRITER_MESSAGES}, its
 * parameters, and for refusals the places that are taken.
 * @example new WriterError("sheetNameTaken", { name: "Split" }).messageIn("zh")
 *   // "未写入任何内容：工作簿中已有名为“Split”的工作表。"
 */
export class WriterError extends Error {
  constructor(
    readonly key: WriterMessageKey,
    readonly params: Params = {},
    /** Where the write would have gone over something (refusals of a taken place only). */
    readonly occupied?: Occupied[],
    /** The error that made the write fail, when there was one. */
    readonly cause?: unknown,
  ) {
    super(WRITER_MESSAGES[key].en(params));
    // A cancel is an abort, as an AbortSignal's users expect to see it.
    this.name = key === "cancelled" ? "AbortError" : "WriterError";
  }

  /** The message in the given language. */
  messageIn(lang: Lang): string {
    return WRITER_MESSAGES[this.key][lang](this.params);
  }
}

/**
 * True when `e` is a {@link WriterError}.
 * @example isWriterError(new WriterError("cancelled")) // true
 */
export function isWriterError(e: unknown): e is WriterError {
  return e instanceof WriterError;
}
