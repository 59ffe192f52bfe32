/*
 * The words of the flow "Dashboard / 看板", in both languages, beside the flow (as
 * actuals-i18n.ts is). The charts' own titles and names come from src/sheets/dashboard.ts, the
 * same as the sheet's native charts.
 */
import type { Language } from "../i18n";

export interface DashboardStrings {
  noPlanTitle: string;
  openWorkbookFirst: string;
  readFrom: (sheet: string) => string;
  numbers: string;
  row: string;
  attainment: string;
  noValue: string;
  hundred: string;
  rows: (n: number) => string;
  others: (n: number) => string;
  month: string;
  top: string;
  bottom: string;
  readAgain: string;
}

const EN: DashboardStrings = {
  noPlanTitle: "No dashboard to show yet",
  openWorkbookFirst: "Open a workbook Target Planner made with a tracking sheet (for example the CLI's build of a plan), and its dashboard shows here.",
  readFrom: (sheet) => `Live from the sheet “${sheet}”: it changes as actuals arrive.`,
  numbers: "The numbers",
  row: "Row",
  attainment: "Attainment",
  noValue: "no data",
  hundred: "100 %",
  rows: (n) => (n === 1 ? "1 row" : `${n} rows`),
  others: (n) => `${n} without a light (no data or no target)`,
  month: "Month",
  top: "Top five",
  bottom: "Bottom five",
  readAgain: "Read the sheet again",
};

const ZH: DashboardStrings = {
  noPlanTitle: "暂时没有可显示的看板",
  openWorkbookFirst: "打开一个由 Target Planner 生成、带目标管理表的工作簿（例如用命令行生成的计划），这里就会显示它的看板。",
  readFrom: (sheet) => `实时读取工作表“${sheet}”：实际数填入后随之更新。`,
  numbers: "数据",
  row: "行",
  attainment: "完成率",
  noValue: "无数据",
  hundred: "100%",
  rows: (n) => `${n} 行`,
  others: (n) => `${n} 行无灯（无数据或无目标）`,
  month: "月份",
  top: "前五名",
  bottom: "后五名",
  readAgain: "重新读取",
};

/** The dashboard flow's words in a language. */
export function dashboardStrings(language: Language): DashboardStrings {
  return language === "zh-CN" ? ZH : EN;
}
