/*
 * The pane's words in Simplified Chinese and English. Both dictionaries have the type
 * `Strings`, so a key missing from (or added to) one language fails the typecheck.
 * Function names stay English in every language (TARGET.SPLIT is TARGET.SPLIT in Chinese
 * Excel too); their one-line descriptions are translated.
 */
import type { FlowId } from "./navigation";
import { PANE_STRINGS, type PaneStrings } from "./i18n-pane";

export type { PaneStrings };

/** The languages of the pane. */
export type Language = "en-US" | "zh-CN";

export const LANGUAGES: readonly Language[] = ["en-US", "zh-CN"];

/** How the language switch names each language: in that language, short on the button, in full for screen readers. */
export const LANGUAGE_LABELS: Record<Language, { short: string; full: string }> = {
  "en-US": { short: "EN", full: "English" },
  "zh-CN": { short: "中文", full: "简体中文" },
};

/** The TARGET.* functions a planner can type, in the order the home screen lists them. */
export const FUNCTION_NAMES = ["SPLIT", "SPREAD", "ATTAIN", "STATUS", "PACE", "SCORE", "BAND", "COMMISSION"] as const;

export type FunctionName = (typeof FUNCTION_NAMES)[number];

export interface FlowStrings {
  name: string;
  description: string;
}

export interface Strings {
  appName: string;
  tagline: string;
  languageGroupLabel: string;

  /** Outside Excel (a plain browser): the greeting, calm; the workbench below is the product. */
  notInOfficeBody: string;
  /** Outside Excel: where to find the pane inside Excel (no developer commands). */
  notInOfficeInExcel: string;
  otherHostTitle: string;
  otherHostBody: string;
  officeUnavailableTitle: string;
  officeUnavailableBody: string;

  flowsHeading: string;
  comingSoon: string;
  flows: Record<FlowId, FlowStrings>;
  flowComingSoonTitle: string;
  flowComingSoonBody: string;
  backToHome: string;
  relatedFunctionsHeading: string;

  functionsHeading: string;
  functionsIntro: string;
  functions: Record<FunctionName, string>;
  /** Excel without CustomFunctionsRuntime: the functions are not there. */
  functionsMissingTitle: string;
  functionsMissingBody: string;
  /** Some desktop builds pass an empty cell as 0: the guard (`backquoted` parts show as code). */
  blankAsZeroTitle: string;
  blankAsZero: string;

  privacyNote: string;

  /** The flows' and the service layer's words (i18n-pane.ts). */
  pane: PaneStrings;
}

const enUS: Strings = {
  appName: "Target Planner",
  tagline:
    "Split annual sales targets into quarters, regions and people, track them month by month with traffic lights, and score KPIs: with formulas, or with a click.",
  languageGroupLabel: "Language",

  notInOfficeBody: "Not in Excel: paste a table or open an .xlsx, and download the result.",
  notInOfficeInExcel: "To write straight into a workbook, open Target Planner in Excel: Home → Add-ins.",
  otherHostTitle: "This add-in works in Excel",
  otherHostBody: "It was opened in another Office application. Open it from Excel to work on a workbook.",
  officeUnavailableTitle: "Office.js did not load",
  officeUnavailableBody:
    "The pane cannot reach Excel without it. Check the connection to appsforoffice.microsoft.com, then reload the pane.",

  flowsHeading: "What you can do",
  comingSoon: "Coming soon",
  flows: {
    quarterlySplit: {
      name: "Quarterly split",
      description: "Split an annual total into Q1 to Q4, rounded so the quarters still add up.",
    },
    decomposition: {
      name: "Decomposition workbook",
      description: "Split one total by product line, region, channel and month, with check cells.",
    },
    cascade: {
      name: "Cascade",
      description: "One target layer by layer down to every person: regions, teams, people, with buffers, checks and a letter each.",
    },
    tracking: {
      name: "Tracking sheet",
      description: "Monthly targets and actuals with red, yellow and green status and pace.",
    },
    actuals: {
      name: "Actuals in",
      description: "Bring the month's actuals from what the CRM or ERP exports into the tracking sheet.",
    },
    scorecard: {
      name: "Scorecard",
      description: "Weighted KPIs scored by their written rules, with bonus bands.",
    },
    checkWorkbook: {
      name: "Check workbook",
      description: "Find every check cell in the workbook and list the ones that fail.",
    },
    explainCell: {
      name: "Explain this cell",
      description: "Why a TARGET.* cell shows #NUM! or #DIV/0!, and how its result comes about.",
    },
    myTargets: {
      name: "My targets",
      description: "A rep's own targets, attainment and status, and what it takes to turn green.",
    },
    dashboard: {
      name: "Dashboard",
      description: "The team at a glance: attainment bars, traffic-light counts and the months against target, live from the tracking sheet.",
    },
  },
  flowComingSoonTitle: "Not available yet",
  flowComingSoonBody: "This flow is still being built. Meanwhile, the TARGET.* functions work in any cell of any workbook.",
  backToHome: "Back",
  relatedFunctionsHeading: "Meanwhile, in formulas",

  functionsHeading: "Functions you can type",
  functionsIntro: "Type = and a name in any cell; Excel explains each argument as you go.",
  functions: {
    SPLIT: "Split a total by weights, rounded to a unit, still adding up.",
    SPREAD: "Fill a grid whose rows and columns add up to given totals.",
    ATTAIN: "Attainment: actual against target, higher or lower is better.",
    STATUS: "Traffic light: green, yellow or red against thresholds.",
    PACE: "Attainment against the share of the period gone.",
    SCORE: "KPI points, by attainment or by a written scoring rule.",
    BAND: "Step lookup, such as the bonus pay-out for a score band.",
    COMMISSION: "Tiered commission, with higher rates above target.",
  },
  functionsMissingTitle: "The functions are not available in this Excel",
  functionsMissingBody:
    "TARGET.* functions need Excel's custom functions, which this Excel does not have (Excel 2016 and 2019 with a volume licence, Excel on iPad, Office Online Server). The pane works, and the sheets it makes use Excel's own formulas.",
  blankAsZeroTitle: "Empty cells:",
  blankAsZero:
    "Some desktop builds of Excel pass an empty cell to a custom function as 0, so a month without data can show red. Guard the formula: `=IF(B2=\"\",\"\",TARGET.STATUS(B2,C2))`. The sheets the pane makes already do.",

  privacyNote: "Everything is computed on your computer; nothing is sent anywhere.",
  pane: PANE_STRINGS["en-US"],
};

const zhCN: Strings = {
  appName: "目标规划",
  tagline: "把年度销售目标分解到季度、区域和个人，按月用红黄绿灯跟踪完成情况，给 KPI 打分：写公式，或点一下。",
  languageGroupLabel: "语言",

  notInOfficeBody: "不在 Excel 中：粘贴表格或打开 .xlsx 文件，然后下载结果。",
  notInOfficeInExcel: "如需直接写入工作簿，请在 Excel 中打开“目标规划”：开始 → 加载项。",
  otherHostTitle: "此加载项用于 Excel",
  otherHostBody: "它是在其他 Office 应用中打开的。请在 Excel 中打开它来处理工作簿。",
  officeUnavailableTitle: "Office.js 未能加载",
  officeUnavailableBody: "没有它，任务窗格无法连接 Excel。请检查与 appsforoffice.microsoft.com 的网络连接，然后重新加载任务窗格。",

  flowsHeading: "可以做什么",
  comingSoon: "即将推出",
  flows: {
    quarterlySplit: {
      name: "季度分解",
      description: "把年度总目标分解到一至四季度，取整后各季度之和仍等于总数。",
    },
    decomposition: {
      name: "目标分解表",
      description: "按产品线、区域、渠道和月份分解总目标，并带校验单元格。",
    },
    cascade: {
      name: "逐层分解",
      description: "把一个目标逐层分解到每个人：区域、团队、个人，带超额比例、校验和每人一份责任书。",
    },
    tracking: {
      name: "目标管理表",
      description: "按月列出目标与实际，用红黄绿灯显示状态和时间进度。",
    },
    actuals: {
      name: "导入实际数",
      description: "把 CRM 或 ERP 导出的当月实际数填入目标管理表。",
    },
    scorecard: {
      name: "绩效考核表",
      description: "按权重和书面评分规则给各项 KPI 打分，并对应奖金档位。",
    },
    checkWorkbook: {
      name: "检查工作簿",
      description: "找出工作簿中的所有校验单元格，列出未通过的项。",
    },
    explainCell: {
      name: "解释单元格",
      description: "TARGET.* 单元格为什么显示 #NUM! 或 #DIV/0!，结果又是怎么算出来的。",
    },
    myTargets: {
      name: "我的目标",
      description: "销售代表查看自己的目标、完成率和状态，以及离转绿还差多少。",
    },
    dashboard: {
      name: "看板",
      description: "团队一目了然：各行完成率条形图、红黄绿灯数量和逐月实际对目标，实时读取目标管理表。",
    },
  },
  flowComingSoonTitle: "暂未提供",
  flowComingSoonBody: "这项功能还在开发中。在此之前，可以在任意工作簿的任意单元格中使用 TARGET.* 函数。",
  backToHome: "返回",
  relatedFunctionsHeading: "在此之前，可以用公式",

  functionsHeading: "可以直接输入的函数",
  functionsIntro: "在单元格中输入 = 和函数名，Excel 会逐个说明参数。",
  functions: {
    SPLIT: "按权重分解总数，按单位取整，各部分之和不变。",
    SPREAD: "生成行合计、列合计都等于给定总数的二维表。",
    ATTAIN: "完成率：实际与目标之比，可设越高越好或越低越好。",
    STATUS: "红绿灯：按阈值返回 green、yellow 或 red。",
    PACE: "时间进度：完成率与已过时间占比之比。",
    SCORE: "KPI 得分：按完成率或书面评分规则计算。",
    BAND: "分档查找，例如按得分档位确定奖金比例。",
    COMMISSION: "阶梯提成：超出目标的部分适用更高提成比例。",
  },
  functionsMissingTitle: "此版本的 Excel 无法使用这些函数",
  functionsMissingBody:
    "TARGET.* 函数需要 Excel 的自定义函数功能，此版本的 Excel 没有（批量许可的 Excel 2016 和 2019、iPad 版 Excel、Office Online Server）。任务窗格仍可使用，它生成的表格使用 Excel 自带的公式。",
  blankAsZeroTitle: "空单元格：",
  blankAsZero:
    "某些桌面版 Excel 会把空单元格作为 0 传给自定义函数，没有数据的月份可能显示红灯。请这样写：`=IF(B2=\"\",\"\",TARGET.STATUS(B2,C2))`。任务窗格生成的表格已经这样处理。",

  privacyNote: "所有计算都在本机完成，不向任何地方发送数据。",
  pane: PANE_STRINGS["zh-CN"],
};

const DICTIONARIES: Record<Language, Strings> = { "en-US": enUS, "zh-CN": zhCN };

/** The pane's words in a language. */
export function stringsFor(language: Language): Strings {
  return DICTIONARIES[language];
}

/**
 * The pane's language for a BCP 47 tag: any Chinese tag is Simplified Chinese, any other
 * tag English; no tag gives null.
 *
 * @example languageFromTag("zh-TW") // "zh-CN"
 * @example languageFromTag("fr-FR") // "en-US"
 */
export function languageFromTag(tag: string | null | undefined): Language | null {
  const trimmed = (tag ?? "").trim();
  if (trimmed === "") return null;
  return /^zh(?:[-_]|$)/i.test(trimmed) ? "zh-CN" : "en-US";
}

/** Where the pane's language can come from, strongest first. */
export interface LanguageSources {
  /** `?lang=` from the page's address: forces a language (tests use it). */
  forced?: string | null;
  /** Office's display language, inside Office. */
  office?: string | null;
  /** The browser's language, outside Office. */
  browser?: string | null;
}

/**
 * The language the pane starts in: `?lang=` if given, else Office's display language,
 * else the browser's, else English.
 *
 * @example chooseLanguage({ forced: null, office: "zh-CN", browser: "en-GB" }) // "zh-CN"
 */
export function chooseLanguage(sources: LanguageSources): Language {
  return (
    languageFromTag(sources.forced) ?? languageFromTag(sources.office) ?? languageFromTag(sources.browser) ?? "en-US"
  );
}
