/*
 * The Cascade flow's words, in both languages. Both dictionaries have the type
 * `CascadeStrings`, so a key missing from one language fails the typecheck.
 */
import type { CascadeBasis } from "../../sheets/cascade-plan";
import type { Language } from "../i18n";

/** What a part of a node's check compares. */
export type CheckWhat = "months" | "quarters" | "handsDown" | "children";

export interface CascadeStrings {
  // ---- where the plan comes from ----
  storedLoaded: (title: string) => string;
  nodePlan: (top: string, company: string) => string;
  startNew: string;

  // ---- a new plan's settings ----
  settingsHeading: string;
  topNameLabel: string;
  totalLabel: (unit: string) => string;
  bufferAllLabel: string;
  bufferHint: string;
  typesHeading: string;
  firstType: (unit: string) => string;
  kindNames: { count: string; rate: string };
  typeName: string;
  countTotal: string;
  rateValue: string;
  removeType: (name: string) => string;
  addCount: string;
  addRate: string;
  lettersLabel: string;
  letters: Record<"all" | "people" | "managers" | "none", string>;
  trackingSwitch: string;

  // ---- the people ----
  peopleHeading: string;
  replaceHeading: (top: string) => string;
  peopleHint: (unit: string) => string;
  pasteHint: string;
  listEmpty: string;
  noGroups: string;
  listRead: (people: number, levels: string) => string;
  cellProblem: (row: number, col: number, message: string) => string;
  moreProblems: (n: number) => string;
  clearList: string;
  keepStoredPeople: string;
  /** Outside Excel: the sheet of the opened workbook that holds the list, and the button that reads it. */
  listSheet: string;
  readSheet: (sheet: string) => string;

  // ---- the tree ----
  treeHeading: string;
  treeLabel: string;
  treeEmpty: string;
  treeCaption: (what: string) => string;
  working: (nodes: number) => string;
  fixFirst: (n: number) => string;
  levelsCaption: (unit: string) => string;
  colLevel: string;
  colNodes: string;
  colTarget: string;
  colHandedDown: string;
  levelN: (n: number) => string;
  levelFlags: (n: number) => string;
  showDownTo: string;
  chooseLevel: string;
  find: string;
  findPlaceholder: string;
  noMatch: string;
  expand: (name: string) => string;
  collapse: (name: string) => string;
  vacancy: string;
  hasProblem: string;
  checkFails: string;
  flagged: (gapPercent: string) => string;
  undo: (n: number) => string;

  // ---- a node ----
  nodeHeading: (level: string, name: string) => string;
  upTo: (name: string) => string;
  owner: string;
  deadline: string;
  startMonth: string;
  wholeYear: string;
  monthName: (m: number) => string;
  defaultAmount: string;
  inherited: string;
  heldNote: string;
  handsDown: string;
  bufferIs: (percent: string) => string;
  quarters: string;
  committed: string;
  gapIs: (percent: string) => string;
  flaggedWord: string;
  noFiguresYet: string;
  checkHeading: string;
  checkOk: string;
  checkBad: string;
  checkPart: (what: CheckWhat, type: string, got: string, want: string) => string;
  changeHeading: string;
  topLocked: string;
  topTargetLabel: (type: string, unit: string) => string;
  rateLabel: (type: string) => string;
  weightLabel: string;
  percentLabel: string;
  lastYearLabel: (unit: string) => string;
  restPlaceholder: string;
  heldLabel: (unit: string) => string;
  heldPlaceholder: string;
  bufferLabel: string;
  bufferPlaceholder: string;
  commitmentLabel: (unit: string) => string;
  evenHint: string;
  applyChange: string;
  resetChange: string;
  basisLabel: string;
  basisHint: string;
  basis: Record<CascadeBasis, string>;
  notAmount: string;
  notBuffer: string;

  // ---- out ----
  outHeading: string;
  makeSheets: string;
  making: string;
  bigTree: (nodes: number) => string;
  adds: (sheets: string) => string;
  besideAdds: (sheets: string, old: string) => string;
  besideKept: (old: string) => string;
  fileName: string;
  sendHeading: string;
  sendHint: string;
  perNodeOf: string;
  everyPerson: string;
  downloadZip: (n: number) => string;
  zipping: string;
  zipName: string;
  zipped: (file: string, n: number) => string;
  zippedHandedOver: (file: string, n: number) => string;
  zipElsewhere: (address: string | undefined) => string;
  nodeToOpen: string;
  openNode: (name: string) => string;
}

const n = (x: number) => x.toLocaleString("en-US");

const enUS: CascadeStrings = {
  storedLoaded: (title) => `Working on the cascade stored in this workbook: “${title}”. Change what you need and write the sheets again; the ones there now stay.`,
  nodePlan: (top, company) =>
    `This workbook is ${top}'s part of ${company}'s plan. ${top}'s targets were handed down from above and stay as they are: split them among your team (change the nodes below, or paste your team's list), then write the sheets again. Nobody else's numbers are in this workbook.`,
  startNew: "Start a new plan instead",

  settingsHeading: "The plan",
  topNameLabel: "Top of the tree (company)",
  totalLabel: (unit) => `Target to split (${unit})`,
  bufferAllLabel: "Buffer for every level (%)",
  bufferHint: "Over-assignment (超额分配): what a node hands down is its target × (1 + buffer), so a team still makes its number when someone misses. 5–20 % is common.",
  typesHeading: "Target types",
  firstType: (unit) => `Sales (${unit}): the target above, split by the weights below. Add counts that cascade by the same weights (new customers) and rates every node inherits (collection rate ≥ 95 %).`,
  kindNames: { count: "New customers", rate: "Collection rate" },
  typeName: "Name",
  countTotal: "Total for the top",
  rateValue: "Rate for everyone (%)",
  removeType: (name) => `Remove ${name}`,
  addCount: "Add a count",
  addRate: "Add a rate",
  lettersLabel: "Responsibility letters (目标责任书)",
  letters: { all: "Everyone", people: "People only", managers: "Managers only", none: "None" },
  trackingSwitch: "Add a tracking sheet that follows the tree",

  peopleHeading: "Your people",
  replaceHeading: (top) => `A new list of people below ${top}`,
  peopleHint: (unit) =>
    `Paste the org list from a sheet, its header row first: a Name column (姓名), the groups above each person in the other columns, top first (Region, Team), and any of Weight, Last year, Held, Start month, Commitment, Owner, Deadline. Amounts in ${unit}.`,
  pasteHint: "Copy the cells in Excel, click here and paste (Ctrl+V).",
  listEmpty: "No people found: the list needs a header row with a Name (姓名) column, and a row per person.",
  noGroups: "no groups",
  listRead: (people, levels) => `${n(people)} people read, grouped by: ${levels}.`,
  cellProblem: (row, col, message) => `Row ${row}, column ${col}: ${message}`,
  moreProblems: (k) => `… and ${n(k)} more.`,
  clearList: "Clear the list",
  keepStoredPeople: "Keep the people of the workbook",
  listSheet: "Sheet with the list",
  readSheet: (sheet) => `Read the list from “${sheet}”`,

  treeHeading: "The tree",
  treeLabel: "The cascade, node by node",
  treeEmpty: "Nothing to show yet.",
  treeCaption: (what) => `Each node's target${what ? `: ${what}` : ""}. Pick a node to see what it hands down and its check, and to change it.`,
  working: (nodes) => `Working out ${n(nodes)} nodes…`,
  fixFirst: (k) => `${k === 1 ? "One thing needs" : `${n(k)} things need`} fixing before the figures show and the sheets can be made.`,
  levelsCaption: (unit) => `Each level${unit ? ` (${unit})` : ""}`,
  colLevel: "Level",
  colNodes: "Nodes",
  colTarget: "Target",
  colHandedDown: "Hands down",
  levelN: (k) => `Level ${k}`,
  levelFlags: (k) => `${n(k)} with a gap beyond the threshold`,
  showDownTo: "Show down to",
  chooseLevel: "Choose a level",
  find: "Find",
  findPlaceholder: "A name",
  noMatch: "No node has that name.",
  expand: (name) => `Open ${name}`,
  collapse: (name) => `Close ${name}`,
  vacancy: "Held by the manager",
  hasProblem: "Something to fix here",
  checkFails: "Its check fails",
  flagged: (gap) => `Commitment differs from the target by ${gap} %, beyond the threshold`,
  undo: (k) => `Undo the last change (${n(k)})`,

  nodeHeading: (level, name) => `${level}: ${name}`,
  upTo: (name) => `Up to ${name}`,
  owner: "Owner (负责人)",
  deadline: "Deadline",
  startMonth: "Starts in",
  wholeYear: "The whole year",
  monthName: (m) => ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][m - 1],
  defaultAmount: "Sales",
  inherited: "(inherited)",
  heldNote: "(held)",
  handsDown: "Hands down",
  bufferIs: (p) => `buffer ${p}`,
  quarters: "Quarters",
  committed: "Committed",
  gapIs: (p) => `gap ${p}`,
  flaggedWord: "⚑ beyond the threshold",
  noFiguresYet: "Its figures show once the plan's problems are fixed.",
  checkHeading: "Check",
  checkOk: "holds",
  checkBad: "fails",
  checkPart: (what, type, got, want) =>
    ({
      months: `${type}: the months add up to the year (${got} = ${want})`,
      quarters: `${type}: the quarters add up to the year (${got} = ${want})`,
      handsDown: `${type}: hands down the target × (1 + buffer) (${got} = ${want})`,
      children: `${type}: the nodes below add up to what it hands down (${got} = ${want})`,
    })[what],
  changeHeading: "Change",
  topLocked: "Its targets came from above: they are not yours to change here. Split them among the nodes below.",
  topTargetLabel: (type, unit) => `${type}${unit ? ` (${unit})` : ""}`,
  rateLabel: (type) => `${type} (%)`,
  weightLabel: "Weight",
  percentLabel: "Share (%)",
  lastYearLabel: (unit) => `Last year (${unit})`,
  restPlaceholder: "the rest",
  heldLabel: (unit) => `Held (${unit})`,
  heldPlaceholder: "free",
  bufferLabel: "Buffer (%)",
  bufferPlaceholder: "the plan's",
  commitmentLabel: (unit) => `Commitment (${unit})`,
  evenHint: "Its parent shares evenly: to give it another share, pick its parent and change how its children share.",
  applyChange: "Apply the change",
  resetChange: "Reset",
  basisLabel: "Its children share",
  basisHint: "By weights or percentages, each child starts at its present share; then change any of them.",
  basis: { weights: "by weights", percent: "by percentages (adding up to 100)", lastYear: "by last year's figures", even: "evenly" },
  notAmount: "Not a number 0 or more: type a number such as 1,200.",
  notBuffer: "A buffer is 0 to 1,000 %.",

  outHeading: "The sheets",
  makeSheets: "Make the sheets",
  making: "Making the sheets…",
  bigTree: (nodes) => `${n(nodes)} nodes: the sheets take a few seconds to make.`,
  adds: (sheets) => `Adds the sheets ${sheets}, with their checks.`,
  besideAdds: (sheets, old) => `Adds the sheets ${sheets} beside ${old}, which stay as they are: nothing of yours is written over. Delete the old ones when you have compared them.`,
  besideKept: (old) => `${old} stayed as they were.`,
  fileName: "cascade.xlsx",
  sendHeading: "One workbook per node",
  sendHint: "Each node's workbook holds its own subtree only (no one else's names or numbers), with its letters; its manager splits it further and writes it back.",
  perNodeOf: "One workbook per",
  everyPerson: "Person (everyone)",
  downloadZip: (k) => `Download ${n(k)} workbooks (.zip)`,
  zipping: "Making the workbooks…",
  zipName: "workbooks-per-node.zip",
  zipped: (file, k) => `${file} (${n(k)} workbooks) was handed to your browser: look in your downloads folder.`,
  zippedHandedOver: (file, k) => `${file} (${n(k)} workbooks) was handed over for saving. Excel does not tell the pane whether it arrived: if no file appeared, get the .zip as said above.`,
  zipElsewhere: (address) =>
    `A .zip of every node's workbook is made reliably by the pane in a web browser${address ? ` (${address})` : ""}: save this workbook, open it there with “Open .xlsx…”, and press “Download workbooks (.zip)”. Your IT can also build them on the command line (build --per).`,
  nodeToOpen: "Node",
  openNode: (name) => `Open ${name}'s workbook`,
};

const zhCN: CascadeStrings = {
  storedLoaded: (title) => `正在处理本工作簿中保存的逐层分解：“${title}”。修改所需内容后重新生成表格；现有表格保持不变。`,
  nodePlan: (top, company) =>
    `本工作簿是${company}计划中${top}的部分。${top}的目标由上级下达，保持不变：请把它分解给你的团队（修改下级节点，或粘贴团队名单），然后重新生成表格。本工作簿中没有其他人的数字。`,
  startNew: "改为新建计划",

  settingsHeading: "计划",
  topNameLabel: "树的顶层（公司）",
  totalLabel: (unit) => `要分解的目标（${unit}）`,
  bufferAllLabel: "各层的超额比例（%）",
  bufferHint: "超额分配：每个节点向下分配的合计为其目标 ×（1 + 超额比例），有人未完成时团队仍能完成目标。常见为 5–20 %。",
  typesHeading: "目标类型",
  firstType: (unit) => `销售额（${unit}）：即上面的目标，按下面的权重分解。可以添加按同样权重分解的计数（新客户数），以及各节点继承的比率（回款率 ≥ 95 %）。`,
  kindNames: { count: "新客户数", rate: "回款率" },
  typeName: "名称",
  countTotal: "顶层总数",
  rateValue: "各节点的比率（%）",
  removeType: (name) => `删除${name}`,
  addCount: "添加计数目标",
  addRate: "添加比率目标",
  lettersLabel: "目标责任书",
  letters: { all: "所有人", people: "只为个人", managers: "只为管理者", none: "不生成" },
  trackingSwitch: "添加按树汇总的跟踪表",

  peopleHeading: "人员",
  replaceHeading: (top) => `${top}下的新人员名单`,
  peopleHint: (unit) =>
    `从表格中粘贴组织名单，第一行为表头：一列“姓名”，其他列为每人所属的各级分组，从上到下（区域、团队），另可包括“权重”“上年”“固定额”“入职月份”“承诺”“负责人”“完成时间”。金额单位为${unit}。`,
  pasteHint: "在 Excel 中复制单元格，点击此处后粘贴（Ctrl+V）。",
  listEmpty: "没有读到人员：名单需要一行表头（含“姓名”列），每人一行。",
  noGroups: "无分组",
  listRead: (people, levels) => `已读取 ${n(people)} 人，分组：${levels}。`,
  cellProblem: (row, col, message) => `第 ${row} 行第 ${col} 列：${message}`,
  moreProblems: (k) => `……另有 ${n(k)} 处。`,
  clearList: "清除名单",
  keepStoredPeople: "保留工作簿中的人员",
  listSheet: "名单所在工作表",
  readSheet: (sheet) => `从“${sheet}”读取名单`,

  treeHeading: "分解树",
  treeLabel: "逐层分解，按节点列出",
  treeEmpty: "暂无内容。",
  treeCaption: (what) => `各节点的目标${what ? `：${what}` : ""}。选择一个节点，查看其向下分配的数字和校验，并进行修改。`,
  working: (nodes) => `正在计算 ${n(nodes)} 个节点……`,
  fixFirst: (k) => `还有 ${n(k)} 处需要修改，之后才会显示数字并生成表格。`,
  levelsCaption: (unit) => `各层汇总${unit ? `（${unit}）` : ""}`,
  colLevel: "层级",
  colNodes: "节点数",
  colTarget: "目标",
  colHandedDown: "向下分配",
  levelN: (k) => `第${k}级`,
  levelFlags: (k) => `${n(k)} 个节点的差异超过阈值`,
  showDownTo: "展开到",
  chooseLevel: "选择层级",
  find: "查找",
  findPlaceholder: "姓名或名称",
  noMatch: "没有这个名称的节点。",
  expand: (name) => `展开${name}`,
  collapse: (name) => `收起${name}`,
  vacancy: "由经理承担",
  hasProblem: "此处有需要修改的问题",
  checkFails: "校验未通过",
  flagged: (gap) => `承诺与目标相差 ${gap} %，超过阈值`,
  undo: (k) => `撤销上一次修改（${n(k)}）`,

  nodeHeading: (level, name) => `${level}：${name}`,
  upTo: (name) => `上级：${name}`,
  owner: "负责人",
  deadline: "完成时间",
  startMonth: "入职月份",
  wholeYear: "全年",
  monthName: (m) => `${m} 月`,
  defaultAmount: "销售额",
  inherited: "（继承）",
  heldNote: "（固定）",
  handsDown: "向下分配",
  bufferIs: (p) => `超额 ${p}`,
  quarters: "各季度",
  committed: "承诺",
  gapIs: (p) => `差异 ${p}`,
  flaggedWord: "⚑ 超过阈值",
  noFiguresYet: "计划的问题修改后才会显示数字。",
  checkHeading: "校验",
  checkOk: "通过",
  checkBad: "未通过",
  checkPart: (what, type, got, want) =>
    ({
      months: `${type}：各月之和等于全年（${got} = ${want}）`,
      quarters: `${type}：各季度之和等于全年（${got} = ${want}）`,
      handsDown: `${type}：向下分配 = 目标 ×（1 + 超额比例）（${got} = ${want}）`,
      children: `${type}：下级之和等于向下分配（${got} = ${want}）`,
    })[what],
  changeHeading: "修改",
  topLocked: "其目标由上级下达，不能在此修改。请把它分解给下级节点。",
  topTargetLabel: (type, unit) => `${type}${unit ? `（${unit}）` : ""}`,
  rateLabel: (type) => `${type}（%）`,
  weightLabel: "权重",
  percentLabel: "比例（%）",
  lastYearLabel: (unit) => `上年（${unit}）`,
  restPlaceholder: "剩余部分",
  heldLabel: (unit) => `固定额（${unit}）`,
  heldPlaceholder: "不固定",
  bufferLabel: "超额比例（%）",
  bufferPlaceholder: "按计划",
  commitmentLabel: (unit) => `承诺（${unit}）`,
  evenHint: "其上级平均分配：如要调整其份额，请选择上级并修改下级的分配方式。",
  applyChange: "应用修改",
  resetChange: "还原",
  basisLabel: "下级的分配方式",
  basisHint: "按权重或百分比时，各下级先取现在的份额，再逐个调整。",
  basis: { weights: "按权重", percent: "按百分比（合计 100）", lastYear: "按上年数", even: "平均" },
  notAmount: "不是大于等于 0 的数字：请输入数字，例如 1,200。",
  notBuffer: "超额比例应为 0 到 1,000 %。",

  outHeading: "表格",
  makeSheets: "生成表格",
  making: "正在生成表格……",
  bigTree: (nodes) => `${n(nodes)} 个节点：生成表格需要几秒钟。`,
  adds: (sheets) => `将添加工作表 ${sheets}，并带校验。`,
  besideAdds: (sheets, old) => `将在 ${old} 旁边添加工作表 ${sheets}，原有工作表保持不变，不会覆盖你的任何内容。比较之后可以删除旧表。`,
  besideKept: (old) => `${old} 保持不变。`,
  fileName: "逐层分解.xlsx",
  sendHeading: "按节点分发工作簿",
  sendHint: "每个节点的工作簿只含其本人的下级（没有其他人的名字和数字）及责任书；其负责人可以继续分解后交回。",
  perNodeOf: "按以下层级各生成一个工作簿",
  everyPerson: "个人（每人一个）",
  downloadZip: (k) => `下载 ${n(k)} 个工作簿（.zip）`,
  zipping: "正在生成工作簿……",
  zipName: "按节点分发.zip",
  zipped: (file, k) => `已将 ${file}（${n(k)} 个工作簿）交给浏览器保存：请在“下载”文件夹中查找。`,
  zippedHandedOver: (file, k) => `已将 ${file}（${n(k)} 个工作簿）交出保存。Excel 不会告诉任务窗格文件是否已保存：如果没有看到文件，请按上面的说明获取 .zip。`,
  zipElsewhere: (address) =>
    `要可靠地得到包含每个节点工作簿的 .zip，请在浏览器中使用任务窗格${address ? `（${address}）` : ""}：先保存本工作簿，在那里用“打开 .xlsx…”打开它，再点“下载工作簿（.zip）”。IT 部门也可以用命令行生成（build --per）。`,
  nodeToOpen: "节点",
  openNode: (name) => `打开${name}的工作簿`,
};

const DICTIONARIES: Record<Language, CascadeStrings> = { "en-US": enUS, "zh-CN": zhCN };

/** The Cascade flow's words in a language. */
export function cascadeStrings(language: Language): CascadeStrings {
  return DICTIONARIES[language];
}
