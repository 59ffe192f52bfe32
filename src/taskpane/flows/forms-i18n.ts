/*
 * The words of the plan forms (decomposition, tracking, scorecard), in both languages. Kept
 * apart from i18n-pane.ts so the flows' words live beside them; both dictionaries have the
 * type `FormStrings`, so a key missing from one language fails the typecheck.
 */
import type { Language } from "../i18n";

export interface FormStrings {
  // ---- shared ----
  out: {
    addsSheets: (sheets: string) => string;
    planStored: string;
    blocked: (where: string) => string;
  };
  storedLoaded: (title: string) => string;
  storedInvalid: string;
  fixFirst: (n: number) => string;
  remove: (what: string) => string;
  add: string;
  pasteHere: string;
  pasteHint: string;
  readSelection: string;
  selectionEmpty: string;
  pasteUnreadable: string;
  units: Record<"元" | "万元" | "亿元", string>;
  unitLabel: string;
  yearLabel: string;
  titleLabel: string;
  protectLabel: string;
  notANumber: string;
  /** The same in both languages, for a problem carried in both. */
  notANumberIn: { en: string; zh: string };
  startOver: string;

  // ---- decomposition ----
  dec: {
    totalHeading: string;
    fromTotal: string;
    fromGrowth: string;
    totalLabel: (unit: string) => string;
    lastYearLabel: (unit: string) => string;
    growthLabel: string;
    totalIs: (amount: string) => string;
    dimensionsHeading: string;
    dimensionHeading: (n: number, name: string) => string;
    kindLabel: string;
    kinds: Record<"quarter" | "month" | "region" | "product" | "channel" | "team" | "person" | "other", string>;
    nameLabel: string;
    namePlaceholder: string;
    basisLabel: string;
    basis: Record<"percent" | "weights" | "even", string>;
    measureLabel: string;
    measureAmount: string;
    measureCount: string;
    countTotalLabel: string;
    colMember: string;
    colWeight: string;
    colHeld: (unit: string) => string;
    memberLabel: (n: number) => string;
    weightLabel: (n: number) => string;
    heldLabel: (n: number) => string;
    restPlaceholder: string;
    heldSwitch: string;
    heldHint: string;
    addMember: string;
    addDimension: string;
    removeDimension: string;
    withinQuarters: string;
    sharesAre: (list: string) => string;
    gridsHeading: string;
    gridsHint: string;
    gridRows: string;
    gridColumns: string;
    addGrid: string;
    removeGrid: string;
    noGridYet: string;
    sendHeading: string;
    sendHint: string;
    sendNeedsTime: string;
    perMemberOf: string;
    downloadZip: string;
    zipping: string;
    /** The .zip handed to the browser outside Excel (the pane never sees it saved). */
    zipped: (file: string, n: number) => string;
    /** Inside Excel on Windows or the web: handed over, unconfirmed. */
    zippedHandedOver: (file: string, n: number) => string;
    /** Inside Excel: where to get the .zip for sure. */
    zipElsewhere: (address: string | undefined) => string;
    /** Inside Excel: one member's workbook at a time. */
    openOneHint: string;
    memberToOpen: string;
    openMember: (member: string) => string;
    sheetName: string;
    fileName: string;
    zipName: string;
  };

  // ---- tracking ----
  trk: {
    sourceHeading: string;
    fromPlan: string;
    fromStored: string;
    fromTable: string;
    noPlan: string;
    planSplit: string;
    planMonths: (name: string) => string;
    membersOf: (name: string) => string;
    monthsShape: string;
    monthsEven: string;
    tableHint: string;
    pasteLabel: string;
    tableRead: (rows: number, kind: string) => string;
    tableKinds: { annual: string; monthly: string; pairs: string };
    tableColumns: (n: number) => string;
    rowsAre: string;
    rowsIndicators: string;
    rowsPeople: string;
    asOfLabel: string;
    defaultsHeading: string;
    directionLabel: string;
    higher: string;
    lower: string;
    greenLabel: string;
    yellowLabel: string;
    formatLabel: string;
    formats: { amount: string; percent: string; count: string };
    rowsHeading: (n: number) => string;
    rowSettings: (name: string) => string;
    rowsCapped: (shown: number) => string;
    sameAsDefault: string;
    sheetName: string;
    fileName: string;
    previewNote: string;
    columns: { name: string; year: string; toDate: string; actual: string; attainment: string; status: string };
  };

  // ---- scorecard ----
  sc: {
    kpisHeading: string;
    kpiHeading: (n: number, name: string) => string;
    kpiName: string;
    weight: string;
    target: string;
    rule: string;
    rulePlaceholder: string;
    ruleHint: string;
    ruleOk: string;
    noRule: string;
    exampleActual: string;
    explains: (actual: string, text: string) => string;
    direction: string;
    format: string;
    addKpi: string;
    removeKpi: string;
    weightsAre: (sum: string) => string;
    weightsOk: string;
    bandsHeading: string;
    bandsHint: string;
    bandFrom: (n: number) => string;
    bandPays: (n: number) => string;
    addBand: string;
    commissionHeading: string;
    commissionOn: string;
    tierFrom: (n: number) => string;
    tierRate: (n: number) => string;
    addTier: string;
    modeLabel: string;
    modeMarginal: string;
    modeWhole: string;
    peopleHeading: string;
    peopleHint: string;
    peopleLabel: string;
    peopleFromPlan: string;
    peopleCount: (n: number) => string;
    sheetName: string;
    fileName: string;
  };
}

const enUS: FormStrings = {
  out: {
    addsSheets: (sheets) => `Adds ${sheets} to the workbook as new sheets; nothing already there is changed.`,
    planStored: "The plan behind them is stored in the workbook, so the pane can make them again or extend them later.",
    blocked: (where) => `${where}. Rename or move that, then try again.`,
  },
  storedLoaded: (title) => `This workbook carries a plan (${title}); the form starts from it. Change what you need and apply to make the sheets again.`,
  storedInvalid: "This workbook carries a plan this version cannot read; the form starts empty.",
  fixFirst: (n) => `${n} ${n === 1 ? "thing needs" : "things need"} changing before the preview (marked in red above).`,
  remove: (what) => `Remove ${what}`,
  add: "Add",
  pasteHere: "Paste names and weights",
  pasteHint: "Copy two columns in Excel, WPS or LibreOffice (names, then weights) and paste them here.",
  readSelection: "Read from the selection",
  selectionEmpty: "Select the cells first (names, and numbers beside them), then press Read from the selection.",
  pasteUnreadable: "No names found. Paste a column of names, with numbers in the column after it.",
  units: { 元: "元 (yuan)", 万元: "万元 (10,000 yuan)", 亿元: "亿元 (100 million yuan)" },
  unitLabel: "Unit of amounts",
  yearLabel: "Year",
  titleLabel: "Title",
  protectLabel: "Protect computed cells (inputs stay editable)",
  notANumber: "is not a number",
  notANumberIn: { en: "is not a number: type digits, e.g. 1,200 or 25%", zh: "不是数字：请输入数字，例如 1,200 或 25%" },
  startOver: "Start over",

  dec: {
    totalHeading: "The annual total",
    fromTotal: "Total",
    fromGrowth: "Last year + growth",
    totalLabel: (unit) => `Annual total (${unit})`,
    lastYearLabel: (unit) => `Last year's total (${unit})`,
    growthLabel: "Growth (%)",
    totalIs: (amount) => `This year's total: ${amount}.`,
    dimensionsHeading: "Dimensions",
    dimensionHeading: (n, name) => `Dimension ${n}${name ? `: ${name}` : ""}`,
    kindLabel: "Kind",
    kinds: { quarter: "Quarter", month: "Month", region: "Region", product: "Product line", channel: "Channel", team: "Team", person: "Person", other: "Other" },
    nameLabel: "Name on the sheet",
    namePlaceholder: "e.g. Region",
    basisLabel: "Weights are",
    basis: { percent: "Percentages (add to 100)", weights: "Any scale (last year's amounts…)", even: "Even" },
    measureLabel: "Measure",
    measureAmount: "Amount",
    measureCount: "Count",
    countTotalLabel: "Total count (e.g. 80 customers)",
    colMember: "Member",
    colWeight: "Weight",
    colHeld: (unit) => (unit ? `Held (${unit})` : "Held"),
    memberLabel: (n) => `Member ${n}`,
    weightLabel: (n) => `Weight of member ${n}`,
    heldLabel: (n) => `Held amount of member ${n}`,
    restPlaceholder: "rest",
    heldSwitch: "Some members are held",
    heldHint: "A held member gets exactly the amount typed; the others share the rest by their weights.",
    addMember: "Add member",
    addDimension: "Add dimension",
    removeDimension: "Remove dimension",
    withinQuarters: "Each quarter is split into its three months.",
    sharesAre: (list) => `Shares: ${list}`,
    gridsHeading: "Grids",
    gridsHint: "A grid crosses two dimensions (region × quarter): every row and every column adds up.",
    gridRows: "Rows",
    gridColumns: "Columns",
    addGrid: "Add grid",
    removeGrid: "Remove grid",
    noGridYet: "Add two amount dimensions to cross them in a grid.",
    sendHeading: "Send out",
    sendHint: "One workbook per member, holding only their own numbers and checks, in one .zip.",
    sendNeedsTime: "Add a quarter or month dimension first: each member's workbook splits their own total over the year.",
    perMemberOf: "One workbook per member of",
    downloadZip: "Download workbooks (.zip)",
    zipping: "Making the workbooks…",
    zipped: (file, n) => `${file} (${n} workbooks) was handed to your browser: look in your downloads folder.`,
    zippedHandedOver: (file, n) => `${file} (${n} workbooks) was handed over for saving. Excel does not tell the pane whether it arrived: if no file appeared, get the .zip as said above.`,
    zipElsewhere: (address) =>
      `A .zip of every member's workbook is made reliably by the pane in a web browser${address ? ` (${address})` : ""}: save this workbook, open it there with “Open .xlsx…”, and press “Download workbooks (.zip)”. Your IT can also build the workbooks from the plan on the command line.`,
    openOneHint: "Here in Excel, open one member's workbook at a time and save it with File › Save As.",
    memberToOpen: "Member",
    openMember: (member) => `Open ${member}'s workbook`,
    sheetName: "Decomposition",
    fileName: "decomposition.xlsx",
    zipName: "workbooks-per-member.zip",
  },

  trk: {
    sourceHeading: "Rows from",
    fromPlan: "The decomposition",
    fromStored: "This workbook's tracking sheet",
    fromTable: "A table",
    noPlan: "No decomposition yet: make one in Decomposition workbook (or open a workbook that has one), or use a table.",
    planSplit: "One row per member of",
    planMonths: (name) => `The months of “${name}” (one row)`,
    membersOf: (name) => name,
    monthsShape: "Months shaped by",
    monthsEven: "Even months",
    pasteLabel: "Paste a table",
    tableHint: "Paste or select a table: names, then one annual target, or twelve monthly targets, or twelve pairs of target and actual.",
    tableRead: (rows, kind) => `${rows} ${rows === 1 ? "row" : "rows"}, ${kind}.`,
    tableKinds: { annual: "annual targets (spread over the months)", monthly: "twelve monthly targets", pairs: "monthly targets and actuals" },
    tableColumns: (n) => `The table has ${n} number ${n === 1 ? "column" : "columns"} after the names; give 1 (annual target), 12 (monthly targets) or 24 (target and actual for each month).`,
    rowsAre: "Rows are",
    rowsIndicators: "Indicators",
    rowsPeople: "People",
    asOfLabel: "As of (the sheet counts months up to this date)",
    defaultsHeading: "Traffic lights",
    directionLabel: "Direction",
    higher: "Higher is better",
    lower: "Lower is better",
    greenLabel: "Green from (% of target)",
    yellowLabel: "Yellow from (% of target)",
    formatLabel: "Values are",
    formats: { amount: "Amounts", percent: "Percentages", count: "Counts" },
    rowsHeading: (n) => `Per row (${n})`,
    rowSettings: (name) => `Settings for ${name}`,
    rowsCapped: (shown) => `Only the first ${shown} rows can be set one by one here; the others take the settings above.`,
    sameAsDefault: "as above",
    sheetName: "Tracking",
    fileName: "tracking.xlsx",
    previewNote: "The preview shows each row's year, to-date figures and light; the sheet holds every month.",
    columns: { name: "Name", year: "Year target", toDate: "Target to date", actual: "Actual to date", attainment: "Attainment", status: "Status" },
  },

  sc: {
    kpisHeading: "KPIs",
    kpiHeading: (n, name) => `KPI ${n}${name ? `: ${name}` : ""}`,
    kpiName: "KPI",
    weight: "Weight (points)",
    target: "Target",
    rule: "Scoring rule",
    rulePlaceholder: "e.g. 每超1%加0.5分,每低1%扣1分",
    ruleHint: "Written as on the paper scorecard. Blank: weight × attainment.",
    ruleOk: "Rule understood.",
    noRule: "No rule: points = weight × attainment.",
    exampleActual: "Example actual",
    explains: (actual, text) => `At ${actual}: ${text}`,
    direction: "Direction",
    format: "Target is",
    addKpi: "Add KPI",
    removeKpi: "Remove KPI",
    weightsAre: (sum) => `Weights add up to ${sum}; they must add up to 100.`,
    weightsOk: "Weights add up to 100.",
    bandsHeading: "Bonus bands",
    bandsHint: "From a total score on, the bonus pays a share (120 % from 90 points). Below the lowest band: nothing.",
    bandFrom: (n) => `Band ${n}: score from`,
    bandPays: (n) => `Band ${n}: pays (%)`,
    addBand: "Add band",
    commissionHeading: "Commission",
    commissionOn: "Pay commission on collected revenue",
    tierFrom: (n) => `Tier ${n}: from attainment (%)`,
    tierRate: (n) => `Tier ${n}: rate (%)`,
    addTier: "Add tier",
    modeLabel: "Rates apply",
    modeMarginal: "To each part (like tax brackets)",
    modeWhole: "To the whole revenue",
    peopleHeading: "People",
    peopleHint: "Names, one per line (paste a column), with a revenue target after each for commission. None: a single scorecard.",
    peopleLabel: "People (name, revenue target)",
    peopleFromPlan: "People from the decomposition (revenue targets from it)",
    peopleCount: (n) => `${n} ${n === 1 ? "person" : "people"}.`,
    sheetName: "Scorecard",
    fileName: "scorecard.xlsx",
  },
};

const zhCN: FormStrings = {
  out: {
    addsSheets: (sheets) => `将 ${sheets} 作为新工作表加入工作簿；不会改动已有内容。`,
    planStored: "生成这些表的计划会保存在工作簿中，以后可由任务窗格重新生成或扩展。",
    blocked: (where) => `${where}。请重命名或移走后再试。`,
  },
  storedLoaded: (title) => `此工作簿保存了计划（${title}），表单已按它填好。修改需要的地方，点“应用”即可重新生成。`,
  storedInvalid: "此工作簿保存的计划无法被当前版本读取；表单从空白开始。",
  fixFirst: (n) => `还有 ${n} 处需要修改才能预览（上方红字标出）。`,
  remove: (what) => `删除${what}`,
  add: "添加",
  pasteHere: "粘贴名称和权重",
  pasteHint: "在 Excel、WPS 或 LibreOffice 中复制两列（名称、权重），粘贴到这里。",
  readSelection: "从所选区域读取",
  selectionEmpty: "请先选中单元格（名称及其右侧的数字），再点“从所选区域读取”。",
  pasteUnreadable: "没有找到名称。请粘贴一列名称，其右侧一列为数字。",
  units: { 元: "元", 万元: "万元", 亿元: "亿元" },
  unitLabel: "金额单位",
  yearLabel: "年度",
  titleLabel: "标题",
  protectLabel: "保护计算单元格（输入单元格仍可编辑）",
  notANumber: "不是数字",
  notANumberIn: { en: "is not a number: type digits, e.g. 1,200 or 25%", zh: "不是数字：请输入数字，例如 1,200 或 25%" },
  startOver: "重新开始",

  dec: {
    totalHeading: "年度总额",
    fromTotal: "直接给出总额",
    fromGrowth: "上年总额 + 增长率",
    totalLabel: (unit) => `年度总额（${unit}）`,
    lastYearLabel: (unit) => `上年总额（${unit}）`,
    growthLabel: "增长率（%）",
    totalIs: (amount) => `今年总额：${amount}。`,
    dimensionsHeading: "分解维度",
    dimensionHeading: (n, name) => `维度 ${n}${name ? `：${name}` : ""}`,
    kindLabel: "类型",
    kinds: { quarter: "季度", month: "月度", region: "区域", product: "产品线", channel: "渠道", team: "团队", person: "人员", other: "其他" },
    nameLabel: "表中名称",
    namePlaceholder: "例如：区域",
    basisLabel: "权重方式",
    basis: { percent: "百分比（合计 100）", weights: "任意比例（如上年金额）", even: "平均" },
    measureLabel: "计量",
    measureAmount: "金额",
    measureCount: "个数",
    countTotalLabel: "总数（例如 80 个客户）",
    colMember: "成员",
    colWeight: "权重",
    colHeld: (unit) => (unit ? `固定额（${unit}）` : "固定额"),
    memberLabel: (n) => `成员 ${n}`,
    weightLabel: (n) => `成员 ${n} 的权重`,
    heldLabel: (n) => `成员 ${n} 的固定额`,
    restPlaceholder: "剩余",
    heldSwitch: "部分成员固定金额",
    heldHint: "固定的成员正好得到所填金额；其余成员按权重分剩下的部分。",
    addMember: "添加成员",
    addDimension: "添加维度",
    removeDimension: "删除维度",
    withinQuarters: "每个季度再分到其三个月。",
    sharesAre: (list) => `占比：${list}`,
    gridsHeading: "交叉表",
    gridsHint: "交叉表交叉两个维度（如区域 × 季度）：每行、每列都能加总。",
    gridRows: "行",
    gridColumns: "列",
    addGrid: "添加交叉表",
    removeGrid: "删除交叉表",
    noGridYet: "添加两个金额维度后才能交叉。",
    sendHeading: "分发",
    sendHint: "每个成员一个工作簿，只含其本人的数字和校验，打包为一个 .zip。",
    sendNeedsTime: "请先添加季度或月度维度：每个成员的工作簿会把其本人的总额分到全年。",
    perMemberOf: "按以下维度的成员各生成一个工作簿",
    downloadZip: "下载工作簿（.zip）",
    zipping: "正在生成工作簿…",
    zipped: (file, n) => `已将 ${file}（${n} 个工作簿）交给浏览器保存：请在“下载”文件夹中查找。`,
    zippedHandedOver: (file, n) => `已将 ${file}（${n} 个工作簿）交出保存。Excel 不会告诉任务窗格文件是否已保存：如果没有看到文件，请按上面的说明获取 .zip。`,
    zipElsewhere: (address) =>
      `要可靠地得到包含每个成员工作簿的 .zip，请在浏览器中使用任务窗格${address ? `（${address}）` : ""}：先保存本工作簿，在那里用“打开 .xlsx…”打开它，再点“下载工作簿（.zip）”。IT 部门也可以用命令行根据计划生成这些工作簿。`,
    openOneHint: "在 Excel 中可以一次打开一个成员的工作簿，再用“文件 › 另存为”保存。",
    memberToOpen: "成员",
    openMember: (member) => `打开${member}的工作簿`,
    sheetName: "目标分解",
    fileName: "目标分解.xlsx",
    zipName: "按成员分发.zip",
  },

  trk: {
    sourceHeading: "行来自",
    fromPlan: "目标分解",
    fromStored: "本工作簿的目标管理表",
    fromTable: "表格",
    noPlan: "还没有目标分解：请先在“目标分解”中生成（或打开含有分解的工作簿），或使用表格。",
    planSplit: "每行一个成员，取自",
    planMonths: (name) => `“${name}”的各月（一行）`,
    membersOf: (name) => name,
    monthsShape: "各月比例按",
    monthsEven: "各月平均",
    pasteLabel: "粘贴表格",
    tableHint: "粘贴或选中表格：名称，然后是一个年度目标，或十二个月度目标，或十二组“目标、实际”。",
    tableRead: (rows, kind) => `${rows} 行，${kind}。`,
    tableKinds: { annual: "年度目标（按月分摊）", monthly: "十二个月度目标", pairs: "各月目标与实际" },
    tableColumns: (n) => `名称之后有 ${n} 列数字；应为 1 列（年度目标）、12 列（月度目标）或 24 列（每月目标与实际）。`,
    rowsAre: "行是",
    rowsIndicators: "指标",
    rowsPeople: "人员",
    asOfLabel: "截至日（表中累计到此日期所在月）",
    defaultsHeading: "红绿灯",
    directionLabel: "方向",
    higher: "越高越好",
    lower: "越低越好",
    greenLabel: "绿灯线（目标的 %）",
    yellowLabel: "黄灯线（目标的 %）",
    formatLabel: "数值类型",
    formats: { amount: "金额", percent: "百分比", count: "个数" },
    rowsHeading: (n) => `逐行设置（${n}）`,
    rowSettings: (name) => `${name} 的设置`,
    rowsCapped: (shown) => `这里只能逐行设置前 ${shown} 行；其余各行采用上方的设置。`,
    sameAsDefault: "同上",
    sheetName: "目标管理表",
    fileName: "目标管理表.xlsx",
    previewNote: "预览显示每行的全年目标、累计数和灯色；工作表中含每个月。",
    columns: { name: "名称", year: "全年目标", toDate: "累计目标", actual: "累计实际", attainment: "完成率", status: "状态" },
  },

  sc: {
    kpisHeading: "考核指标",
    kpiHeading: (n, name) => `指标 ${n}${name ? `：${name}` : ""}`,
    kpiName: "指标",
    weight: "权重（分）",
    target: "目标",
    rule: "评分规则",
    rulePlaceholder: "例如：每超1%加0.5分,每低1%扣1分",
    ruleHint: "按考核表上的原文填写。留空：权重 × 完成率。",
    ruleOk: "规则可以识别。",
    noRule: "没有规则：得分 = 权重 × 完成率。",
    exampleActual: "示例实际值",
    explains: (actual, text) => `实际为 ${actual} 时：${text}`,
    direction: "方向",
    format: "目标类型",
    addKpi: "添加指标",
    removeKpi: "删除指标",
    weightsAre: (sum) => `权重合计为 ${sum}；须合计为 100。`,
    weightsOk: "权重合计为 100。",
    bandsHeading: "奖金档位",
    bandsHint: "总分达到某分数起，奖金按比例发放（如 90 分起发 120%）。低于最低档：不发。",
    bandFrom: (n) => `第 ${n} 档：起始分数`,
    bandPays: (n) => `第 ${n} 档：发放比例（%）`,
    addBand: "添加档位",
    commissionHeading: "提成",
    commissionOn: "按回款计提成",
    tierFrom: (n) => `第 ${n} 档：完成率起点（%）`,
    tierRate: (n) => `第 ${n} 档：提成比例（%）`,
    addTier: "添加档位",
    modeLabel: "比例适用于",
    modeMarginal: "各段分别计算（超额累进）",
    modeWhole: "全部回款",
    peopleHeading: "人员",
    peopleHint: "每行一个姓名（可粘贴一列），如计提成，在姓名后给出回款目标。留空：单张考核表。",
    peopleLabel: "人员（姓名、回款目标）",
    peopleFromPlan: "从目标分解取人员（回款目标取自分解）",
    peopleCount: (n) => `${n} 人。`,
    sheetName: "绩效考核表",
    fileName: "绩效考核表.xlsx",
  },
};

/** The forms' words in `language`. */
export function formStrings(language: Language): FormStrings {
  return language === "zh-CN" ? zhCN : enUS;
}
