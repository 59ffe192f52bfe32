/*
 * The words of the flow "Actuals in / 导入实际数", in both languages. Kept beside the flow (as
 * forms-i18n.ts is beside the plan forms); both dictionaries have the type `ActualsStrings`,
 * so a key missing from one language fails the typecheck.
 */
import type { Language } from "../i18n";

export interface ActualsStrings {
  sheetHeading: string;
  sheetLabel: string;
  sheetOption: (sheet: string, rows: number) => string;
  sheetFound: (sheet: string, rows: number, unit: string) => string;
  noPlanTitle: string;
  openWorkbookFirst: string;
  exportHeading: string;
  exportHint: string;
  pasteLabel: string;
  pastePlaceholder: string;
  openExport: string;
  readSelection: string;
  selectionEmpty: string;
  exportFile: (file: string) => string;
  exportSheet: string;
  exportRead: (layout: "long" | "wide", header: number, rows: number, blank: number) => string;
  unitLabel: string;
  unitAuto: string;
  unitSaid: (unit: string, cell: string) => string;
  unitNeeded: (count: number, sheetUnit: string) => string;
  overwriteLabel: string;
  overwriteHint: string;
  summaryHeading: string;
  names: (matched: number, mapped: number, unmatched: number, duplicate: number) => string;
  rows: (matched: number, unmatched: number, skipped: number, added: number) => string;
  cells: (change: number, same: number, filled: number, formula: number) => string;
  afterAsOf: (count: number) => string;
  unmatchedHeading: (count: number) => string;
  unmatchedHint: string;
  mapLabel: (name: string) => string;
  mapNone: string;
  mapSuggested: (name: string) => string;
  mapTypeHint: string;
  /** Before the near-misses shown as buttons under an unmatched name's picker. */
  mapClose: string;
  /** A near-miss's button: maps the name to that row. */
  mapUse: (name: string) => string;
  duplicate: (name: string, rows: string) => string;
  problemsHeading: (count: number) => string;
  skippedHeading: (count: number) => string;
  filledHeading: (count: number) => string;
  formulaHeading: (count: number) => string;
  changesHeading: (count: number) => string;
  colName: string;
  colMonth: string;
  colChange: string;
  added: (parts: number) => string;
  more: (count: number) => string;
  nothing: string;
  applyLabel: (count: number) => string;
  written: (count: number, sheet: string) => string;
  writtenInWorkbench: (count: number) => string;
  cannotWrite: string;
  months: string[];
  fileName: string;
}

const en: ActualsStrings = {
  sheetHeading: "The tracking sheet",
  sheetLabel: "Write into",
  sheetOption: (sheet, rows) => `${sheet} (${rows} rows)`,
  sheetFound: (sheet, rows, unit) => `${sheet}: ${rows} rows, amounts in ${unit}.`,
  noPlanTitle: "No tracking sheet to put actuals in",
  openWorkbookFirst: "Open the workbook with the tracking sheet (.xlsx) first; then paste or open the export.",
  exportHeading: "The export",
  exportHint: "What the CRM or ERP exports: a name column and a column per month, or a row per name and month with an amount. Title rows, totals rows and blank lines are fine.",
  pasteLabel: "Paste the export",
  pastePlaceholder: "Copy the export's cells in Excel, WPS or the CRM and paste them here",
  openExport: "Open a file (.xlsx, .csv)",
  readSelection: "Use the selected cells",
  selectionEmpty: "Select the export's cells in the workbook first (its header row included).",
  exportFile: (file) => `Opened ${file}.`,
  exportSheet: "Sheet of the file",
  exportRead: (layout, header, rows, blank) => `${layout === "wide" ? "A column per month" : "A row per name and month"}, header in row ${header}; ${rows} data ${rows === 1 ? "row" : "rows"}${blank ? `, ${blank} blank` : ""}.`,
  unitLabel: "The export's amounts are in",
  unitAuto: "As the export says",
  unitSaid: (unit, cell) => `The export says ${unit} (${cell}).`,
  unitNeeded: (count, sheetUnit) => `The export does not say its unit, and ${count} amounts need one: choose it above (the sheet shows ${sheetUnit}).`,
  overwriteLabel: "Overwrite actual cells that are filled",
  overwriteHint: "Off: a month that already holds a number is listed and left as it is.",
  summaryHeading: "What the import does",
  names: (m, mapped, u, d) => `Names: ${m} matched, ${mapped} mapped by you, ${u} unmatched${d ? `, ${d} refused` : ""}.`,
  rows: (m, u, s, added) => `Rows of the export: ${m} matched, ${u} unmatched, ${s} skipped${added ? `; ${added} added to another row of the same name and month` : ""}.`,
  cells: (c, same, filled, formula) => `Actual cells: ${c} to write, ${same} the same already, ${filled} filled and left${formula ? `, ${formula} formulas (never written)` : ""}.`,
  afterAsOf: (n) => `${n} of them are for months after the sheet's as-of date: they count once it moves on.`,
  unmatchedHeading: (n) => `Not matched (${n})`,
  unmatchedHint: "Nothing is written for these. Map a name to a row of the sheet when you know it is the same person; nothing is matched by guessing.",
  mapLabel: (name) => `Row for "${name}"`,
  mapNone: "Leave unmatched",
  mapSuggested: (name) => `${name} (suggested)`,
  mapTypeHint: "Type to find another row",
  mapClose: "Close to:",
  mapUse: (name) => `Use ${name}`,
  duplicate: (name, rows) => `"${name}": the sheet has this name on rows ${rows}; which one is meant cannot be told, so nothing is written for it.`,
  problemsHeading: (n) => `Cells not read (${n})`,
  skippedHeading: (n) => `Rows left out on purpose (${n})`,
  filledHeading: (n) => `Filled already, left as they are (${n})`,
  formulaHeading: (n) => `Formulas, never written (${n})`,
  changesHeading: (n) => `Changes (${n})`,
  colName: "Name",
  colMonth: "Month",
  colChange: "From → to",
  added: (parts) => `${parts} added`,
  more: (n) => `… and ${n} more.`,
  nothing: "Nothing to change: every actual the export has is on the sheet already.",
  applyLabel: (n) => `Write ${n} actual${n === 1 ? "" : "s"}`,
  written: (n, sheet) => `Done: ${n} actual cells written on ${sheet}. The sheet's attainment, lights and pace follow them; My targets shows them.`,
  writtenInWorkbench: (n) => `Done: ${n} actual cells written. Download .xlsx to get the workbook (its charts and everything else kept).`,
  cannotWrite: "This Excel cannot write the cells from the pane (it needs Excel JavaScript API 1.8).",
  months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  fileName: "tracking-with-actuals.xlsx",
};

const zh: ActualsStrings = {
  sheetHeading: "目标管理表",
  sheetLabel: "写入",
  sheetOption: (sheet, rows) => `${sheet}（${rows} 行）`,
  sheetFound: (sheet, rows, unit) => `${sheet}：${rows} 行，金额单位 ${unit}。`,
  noPlanTitle: "没有可以填入实际数的目标管理表",
  openWorkbookFirst: "请先打开含目标管理表的工作簿（.xlsx），再粘贴或打开导出数据。",
  exportHeading: "导出数据",
  exportHint: "CRM 或 ERP 导出的数据：一列姓名加每月一列，或每个姓名每月一行加金额。标题行、合计行和空行都没关系。",
  pasteLabel: "粘贴导出数据",
  pastePlaceholder: "在 Excel、WPS 或 CRM 中复制导出数据的单元格，粘贴到这里",
  openExport: "打开文件（.xlsx、.csv）",
  readSelection: "使用选中的单元格",
  selectionEmpty: "请先在工作簿中选中导出数据的单元格（包括表头行）。",
  exportFile: (file) => `已打开 ${file}。`,
  exportSheet: "文件中的工作表",
  exportRead: (layout, header, rows, blank) => `${layout === "wide" ? "每月一列" : "每个姓名每月一行"}，表头在第 ${header} 行；数据 ${rows} 行${blank ? `，空行 ${blank} 行` : ""}。`,
  unitLabel: "导出数据的金额单位",
  unitAuto: "按导出数据标明的",
  unitSaid: (unit, cell) => `导出数据标明单位为${unit}（${cell}）。`,
  unitNeeded: (count, sheetUnit) => `导出数据没有标明单位，而 ${count} 个金额需要单位：请在上方选择（表中单位为${sheetUnit}）。`,
  overwriteLabel: "覆盖已填的实际数单元格",
  overwriteHint: "关闭时：已有数值的月份会列出并保持不变。",
  summaryHeading: "导入将做什么",
  names: (m, mapped, u, d) => `姓名：匹配 ${m} 个，您手动对应 ${mapped} 个，未匹配 ${u} 个${d ? `，拒绝 ${d} 个` : ""}。`,
  rows: (m, u, s, added) => `导出数据行：匹配 ${m} 行，未匹配 ${u} 行，跳过 ${s} 行${added ? `；${added} 个数与同一姓名同一月份的其他行相加` : ""}。`,
  cells: (c, same, filled, formula) => `实际数单元格：写入 ${c} 个，已相同 ${same} 个，已有数值未写入 ${filled} 个${formula ? `，公式 ${formula} 个（不写入）` : ""}。`,
  afterAsOf: (n) => `其中 ${n} 个属于截至日之后的月份：截至日推后后才计入。`,
  unmatchedHeading: (n) => `未匹配（${n} 个）`,
  unmatchedHint: "这些姓名不会写入。确认是同一个人时，可手动对应到表中的某一行；不会自动猜测匹配。",
  mapLabel: (name) => `“${name}”对应的行`,
  mapNone: "保持未匹配",
  mapSuggested: (name) => `${name}（建议）`,
  mapTypeHint: "输入以查找其他行",
  mapClose: "相近：",
  mapUse: (name) => `对应到 ${name}`,
  duplicate: (name, rows) => `“${name}”：表中第 ${rows} 行同名，无法确定是哪一行，因此不写入。`,
  problemsHeading: (n) => `未读取的单元格（${n} 处）`,
  skippedHeading: (n) => `有意跳过的行（${n} 处）`,
  filledHeading: (n) => `已有数值，保持不变（${n} 个）`,
  formulaHeading: (n) => `公式单元格，不写入（${n} 个）`,
  changesHeading: (n) => `修改（${n} 个）`,
  colName: "姓名",
  colMonth: "月份",
  colChange: "原值 → 新值",
  added: (parts) => `${parts} 个数相加`,
  more: (n) => `……另有 ${n} 个。`,
  nothing: "没有需要修改的内容：导出数据中的实际数表中都已有。",
  applyLabel: (n) => `写入 ${n} 个实际数`,
  written: (n, sheet) => `完成：已在 ${sheet} 写入 ${n} 个实际数单元格。表中的完成率、红黄绿灯和进度随之更新，“我的目标”也会显示。`,
  writtenInWorkbench: (n) => `完成：已写入 ${n} 个实际数单元格。点“下载 .xlsx”获取工作簿（其中的图表等内容均保留）。`,
  cannotWrite: "此版本的 Excel 无法从任务窗格写入单元格（需要 Excel JavaScript API 1.8）。",
  months: Array.from({ length: 12 }, (_, m) => `${m + 1}月`),
  fileName: "目标管理表-实际数.xlsx",
};

/** The flow's words in a language. */
export function actualsStrings(language: Language): ActualsStrings {
  return language === "zh-CN" ? zh : en;
}
