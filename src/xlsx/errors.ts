/**
 * Why the .xlsx writer refuses a spec or a workbook, in English and Chinese from one
 * catalogue (the pattern of `src/core/errors.ts`). The writer raises these through
 * {@link refuse} before it has produced any bytes: a refused write writes nothing.
 */
import type { Lang } from "../core/errors";

/** Message parameters (names, addresses, counts). */
export type XlsxParams = Record<string, string | number | undefined>;
type Template = (p: XlsxParams) => string;

const list = (s: string | number | undefined): string => String(s ?? "");

/** Why a chart is refused (src/xlsx/charts.ts, `chartProblem`), in both languages. */
const CHART_REASONS: Record<string, { en: string; zh: string }> = {
  anchor: { en: "its anchor is not a cell", zh: "锚点不是单元格" },
  size: { en: "its width and height must be positive points", zh: "宽度和高度须为正的磅值" },
  series: { en: "it has no series", zh: "没有数据系列" },
  range: { en: "a series or its categories is not one row or one column", zh: "数据系列或分类不是单行或单列" },
  sheet: { en: "it reads a sheet the workbook does not have", zh: "引用了工作簿中不存在的工作表" },
  length: { en: "its categories and series are not all the same length", zh: "分类与各数据系列长度不一致" },
  color: { en: "a colour is not #RRGGBB", zh: "颜色不是 #RRGGBB 格式" },
  name: { en: "another chart of the sheet has its name", zh: "与同一工作表上的另一图表同名" },
  combination: { en: "only a column or line chart can draw some series the other way", zh: "只有柱形图或折线图可以混合另一种系列" },
};

/** Every refusal of the .xlsx writer, each in both languages. */
export const XLSX_MESSAGES = {
  sheetNameBlank: {
    en: () => "A sheet name is blank; Excel needs a name of 1 to 31 characters.",
    zh: () => "工作表名称为空；Excel 需要 1 到 31 个字符的名称。",
  },
  sheetNameTooLong: {
    en: (p: XlsxParams) => `Sheet name "${p.sheet}" has ${p.length} characters; Excel allows at most 31.`,
    zh: (p: XlsxParams) => `工作表名称“${p.sheet}”有 ${p.length} 个字符；Excel 最多允许 31 个。`,
  },
  sheetNameBadChar: {
    en: (p: XlsxParams) => `Sheet name "${p.sheet}" contains "${p.char}"; Excel does not allow [ ] : * ? / \\ or a leading or trailing apostrophe.`,
    zh: (p: XlsxParams) => `工作表名称“${p.sheet}”含有“${p.char}”；Excel 不允许 [ ] : * ? / \\ 或首尾的单引号。`,
  },
  sheetNameReserved: {
    en: (p: XlsxParams) => `Sheet name "${p.sheet}" is reserved (Excel keeps "History"; Target Planner keeps "TargetPlanner").`,
    zh: (p: XlsxParams) => `工作表名称“${p.sheet}”是保留名称（Excel 保留 “History”，Target Planner 保留 “TargetPlanner”）。`,
  },
  sheetNameDuplicate: {
    en: (p: XlsxParams) => `Sheet name "${p.sheet}" appears twice in the spec (Excel compares names without case).`,
    zh: (p: XlsxParams) => `工作表名称“${p.sheet}”在规格中出现两次（Excel 比较名称时不分大小写）。`,
  },
  sheetNameTaken: {
    en: (p: XlsxParams) => `The workbook already has a sheet named "${p.sheet}"; choose another name. Nothing was written.`,
    zh: (p: XlsxParams) => `工作簿中已有名为“${p.sheet}”的工作表；请换一个名称。未写入任何内容。`,
  },
  sheetMissing: {
    en: (p: XlsxParams) => `Sheet "${p.sheet}" is to be written into but the workbook has no such sheet. Nothing was written.`,
    zh: (p: XlsxParams) => `要写入工作表“${p.sheet}”，但工作簿中没有该表。未写入任何内容。`,
  },
  existingInNewWorkbook: {
    en: (p: XlsxParams) => `Sheet "${p.sheet}" is marked as existing, but a new workbook has no sheets yet; use addToXlsx with the workbook.`,
    zh: (p: XlsxParams) => `工作表“${p.sheet}”标记为已存在，但新工作簿中还没有工作表；请把工作簿交给 addToXlsx。`,
  },
  occupied: {
    en: (p: XlsxParams) => `Sheet "${p.sheet}" is not empty where the new cells would go (${list(p.cells)}). Nothing was written; choose another place or a new sheet.`,
    zh: (p: XlsxParams) => `工作表“${p.sheet}”中要写入的位置已有内容（${list(p.cells)}）。未写入任何内容；请换一个位置或新建工作表。`,
  },
  hidesCells: {
    en: (p: XlsxParams) => `Sheet "${p.sheet}": the rounding work's columns ${p.columns} would be hidden, and they hold your cells ${list(p.cells)}. Nothing was written; choose another place or a new sheet.`,
    zh: (p: XlsxParams) => `工作表“${p.sheet}”：取整计算所在的列 ${p.columns} 将被隐藏，而这些列中有您的单元格 ${list(p.cells)}。未写入任何内容；请换一个位置或新建工作表。`,
  },
  outlineTooDeep: {
    en: (p: XlsxParams) => `Sheet "${p.sheet}": column ${p.column} would be grouped ${p.level} levels deep; Excel allows 7 groups within each other (8 outline levels).`,
    zh: (p: XlsxParams) => `工作表“${p.sheet}”：第 ${p.column} 列将被嵌套分组 ${p.level} 层；Excel 最多允许 7 层分组（8 级大纲）。`,
  },
  badRowHeight: {
    en: (p: XlsxParams) => `Sheet "${p.sheet}": row ${p.row} cannot be ${p.points} points high; Excel takes a row number from 1 and a height from 0 to 409 points.`,
    zh: (p: XlsxParams) => `工作表“${p.sheet}”：第 ${p.row} 行的行高不能为 ${p.points} 磅；Excel 的行号从 1 开始，行高为 0 到 409 磅。`,
  },
  badAddress: {
    en: (p: XlsxParams) => `"${p.address}" on sheet "${p.sheet}" is not an A1 address or range.`,
    zh: (p: XlsxParams) => `工作表“${p.sheet}”上的“${p.address}”不是 A1 样式的地址或区域。`,
  },
  badNumber: {
    en: (p: XlsxParams) => `Cell ${p.address} on sheet "${p.sheet}" holds ${p.value}, which a workbook cannot store; give a finite number.`,
    zh: (p: XlsxParams) => `工作表“${p.sheet}”的单元格 ${p.address} 的值为 ${p.value}，工作簿无法保存；请给出有限的数字。`,
  },
  textTooLong: {
    en: (p: XlsxParams) => `Cell ${p.address} on sheet "${p.sheet}" holds ${p.length} characters; Excel allows at most 32,767 in a cell.`,
    zh: (p: XlsxParams) => `工作表“${p.sheet}”的单元格 ${p.address} 有 ${p.length} 个字符；Excel 每个单元格最多 32,767 个。`,
  },
  tableHeader: {
    en: (p: XlsxParams) => `Table "${p.table}" on sheet "${p.sheet}": header cell ${p.address} must be a non-empty text that no other header of the table repeats.`,
    zh: (p: XlsxParams) => `工作表“${p.sheet}”上的表“${p.table}”：表头单元格 ${p.address} 必须是非空文本，且不与本表其他表头重复。`,
  },
  tableName: {
    en: (p: XlsxParams) => `Table name "${p.table}" is not usable: it must start with a letter or underscore, hold only letters, digits and underscores, and be unique in the workbook.`,
    zh: (p: XlsxParams) => `表名“${p.table}”不可用：必须以字母或下划线开头，只含字母、数字和下划线，并在工作簿中唯一。`,
  },
  definedName: {
    en: (p: XlsxParams) => `Defined name "${p.name}" is not usable: it must start with a letter or underscore, hold no spaces, not look like a cell address, and be unique in the workbook.`,
    zh: (p: XlsxParams) => `定义名称“${p.name}”不可用：必须以字母或下划线开头、不含空格、不像单元格地址，并在工作簿中唯一。`,
  },
  nameSheetMissing: {
    en: (p: XlsxParams) => `Defined name "${p.name}" points at sheet "${p.sheet}", which is neither in the spec nor in the workbook.`,
    zh: (p: XlsxParams) => `定义名称“${p.name}”指向工作表“${p.sheet}”，但规格和工作簿中都没有该表。`,
  },
  validationList: {
    en: (p: XlsxParams) => `The choice list on ${p.range} of sheet "${p.sheet}" cannot be written: items may not contain commas and the list may not exceed 255 characters.`,
    zh: (p: XlsxParams) => `工作表“${p.sheet}”区域 ${p.range} 的下拉列表无法写入：选项不能含逗号，整个列表不能超过 255 个字符。`,
  },
  badColor: {
    en: (p: XlsxParams) => `Colour "${p.color}" is not a colour the writer understands; write it as "#RRGGBB".`,
    zh: (p: XlsxParams) => `颜色“${p.color}”无法识别；请写成 “#RRGGBB”。`,
  },
  badChart: {
    en: (p: XlsxParams) => `Sheet "${p.sheet}": chart "${p.chart}" cannot be written: ${CHART_REASONS[String(p.what)]?.en ?? p.what}${p.address ? ` (${p.address})` : ""}.`,
    zh: (p: XlsxParams) => `工作表“${p.sheet}”：无法写入图表“${p.chart}”：${CHART_REASONS[String(p.what)]?.zh ?? p.what}${p.address ? `（${p.address}）` : ""}。`,
  },
  noSheets: {
    en: () => "The spec has no sheet to write; a workbook needs at least one visible sheet.",
    zh: () => "规格中没有要写入的工作表；工作簿至少需要一个可见工作表。",
  },
  notXlsx: {
    en: () => "The file is not an .xlsx workbook that can be opened (a zip of Office Open XML parts).",
    zh: () => "该文件不是可打开的 .xlsx 工作簿（Office Open XML 压缩包）。",
  },
  xlsxDamaged: {
    en: (p: XlsxParams) =>
      `The file looks like an .xlsx but is damaged or incomplete${p.part ? ` (its part ${p.part} cannot be read)` : " (its zip cannot be read: was the copy or download cut short?)"}. Open it in Excel and save it again, or get a fresh copy.`,
    zh: (p: XlsxParams) =>
      `该文件看起来是 .xlsx，但已损坏或不完整${p.part ? `（其中的部件 ${p.part} 无法读取）` : "（其压缩包无法读取：复制或下载是否中断了？）"}。请在 Excel 中打开并重新保存，或重新获取一份。`,
  },
  xlsxNoWorkbook: {
    en: () => "The file is a zip archive but holds no workbook (no xl/workbook.xml), so it is not an .xlsx. Open the Excel workbook itself (a .xlsx file).",
    zh: () => "该文件是一个压缩包，但其中没有工作簿（没有 xl/workbook.xml），因此不是 .xlsx。请打开 Excel 工作簿本身（.xlsx 文件）。",
  },
  xlsxOldFormat: {
    en: () => "The file is an Excel 97–2003 workbook (.xls) or a workbook saved with a password. Open it in Excel and save it as .xlsx (Excel Workbook) without a password, then open that.",
    zh: () => "该文件是 Excel 97–2003 工作簿（.xls）或设置了密码的工作簿。请在 Excel 中打开，另存为不带密码的 .xlsx（Excel 工作簿），再打开该文件。",
  },
  xlsxOds: {
    en: () => "The file is an OpenDocument spreadsheet (.ods). Save it as .xlsx (Excel 2007–365) in LibreOffice or Excel, then open that.",
    zh: () => "该文件是 OpenDocument 电子表格（.ods）。请在 LibreOffice 或 Excel 中另存为 .xlsx（Excel 2007–365），再打开该文件。",
  },
  xlsxBinary: {
    en: () => "The file is an Excel binary workbook (.xlsb). Open it in Excel and save it as .xlsx (Excel Workbook), then open that.",
    zh: () => "该文件是 Excel 二进制工作簿（.xlsb）。请在 Excel 中打开并另存为 .xlsx（Excel 工作簿），再打开该文件。",
  },
  xlsxTooLarge: {
    en: (p: XlsxParams) =>
      `The file unpacks to more than ${p.max} MB of data before its cells could be read, so the pane stopped (a damaged file or a "zip bomb" does this). Nothing was opened. Open it in Excel and save it again, or use a smaller file.`,
    zh: (p: XlsxParams) =>
      `该文件解压后在读到单元格之前就超过了 ${p.max} MB，任务窗格已停止读取（损坏的文件或“压缩炸弹”会这样）。未打开任何内容。请在 Excel 中打开并重新保存，或改用较小的文件。`,
  },
  xlsxTooManyParts: {
    en: (p: XlsxParams) => `The file holds ${p.parts} parts; a workbook has far fewer (the pane reads at most ${p.max}). Nothing was opened: it is damaged or not a workbook.`,
    zh: (p: XlsxParams) => `该文件含有 ${p.parts} 个部件；工作簿远没有这么多（任务窗格最多读取 ${p.max} 个）。未打开任何内容：该文件已损坏或不是工作簿。`,
  },
} satisfies Record<string, { en: Template; zh: Template }>;

/** A key of {@link XLSX_MESSAGES}. */
export type XlsxMessageKey = keyof typeof XLSX_MESSAGES;

/** A refusal of the .xlsx writer: a key of the catalogue plus its parameters. */
export class XlsxError extends Error {
  constructor(
    readonly key: XlsxMessageKey,
    readonly params: XlsxParams = {},
  ) {
    super((XLSX_MESSAGES[key].en as Template)(params));
    this.name = "XlsxError";
  }

  /**
   * The message in the given language.
   * @example new XlsxError("sheetNameTaken", { sheet: "Tracking" }).messageIn("zh")
   *   // "工作簿中已有名为“Tracking”的工作表；请换一个名称。未写入任何内容。"
   */
  messageIn(lang: Lang): string {
    return (XLSX_MESSAGES[this.key][lang] as Template)(this.params);
  }
}

/**
 * Throws the catalogue refusal `key`.
 * @example refuse("sheetNameTooLong", { sheet: "x".repeat(40), length: 40 })
 */
export function refuse(key: XlsxMessageKey, params: XlsxParams = {}): never {
  throw new XlsxError(key, params);
}
