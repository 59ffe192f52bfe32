/*
 * The words of the pane's flows and of its service layer (writing, downloading, the
 * workbench, messages), in both languages. Part of `Strings` as `t.pane`; both dictionaries
 * have the type `PaneStrings`, so a key missing from one language fails the typecheck.
 * Messages say what happened and what to change.
 */
import type { UnkeptKind } from "../xlsx/parts";

/** The kinds of content a download does not carry over (one word each in both languages below). */
export type UnkeptKindWord = UnkeptKind;

const n = (x: number, locale: "en-US" | "zh-CN") => x.toLocaleString(locale);

const UNKEPT_EN: Record<UnkeptKindWord, (count: number) => string> = {
  charts: (c) => (c === 1 ? "a chart" : `${n(c, "en-US")} charts`),
  pivotTables: (c) => (c === 1 ? "a pivot table" : `${n(c, "en-US")} pivot tables`),
  pictures: (c) => (c === 1 ? "a picture or shape" : `${n(c, "en-US")} pictures and shapes`),
  comments: () => "comments or notes",
  macros: () => "macros (VBA)",
  slicers: () => "slicers or timelines",
  externalLinks: () => "links to other workbooks",
  connections: () => "data connections or queries",
  controls: () => "form controls or embedded objects",
  dynamicArrays: () => "spilled (dynamic array) formulas or pictures in cells",
  addins: () => "add-in settings",
  customProperties: () => "custom document properties (such as a sensitivity label)",
  sparklines: (c) => (c === 1 ? "a sparkline group" : `${n(c, "en-US")} sparkline groups`),
  other: (c) => `${n(c, "en-US")} other part${c === 1 ? "" : "s"}`,
};

const UNKEPT_ZH: Record<UnkeptKindWord, (count: number) => string> = {
  charts: (c) => `${n(c, "zh-CN")} 个图表`,
  pivotTables: (c) => `${n(c, "zh-CN")} 个数据透视表`,
  pictures: (c) => `${n(c, "zh-CN")} 个图片或形状`,
  comments: () => "批注或注释",
  macros: () => "宏（VBA）",
  slicers: () => "切片器或日程表",
  externalLinks: () => "指向其他工作簿的链接",
  connections: () => "数据连接或查询",
  controls: () => "表单控件或嵌入对象",
  dynamicArrays: () => "动态数组（溢出）公式或单元格中的图片",
  addins: () => "加载项设置",
  customProperties: () => "自定义文档属性（如敏感度标签）",
  sparklines: (c) => `${n(c, "zh-CN")} 组迷你图`,
  other: (c) => `${n(c, "zh-CN")} 个其他部件`,
};

export interface PaneStrings {
  // ---- writing and downloading, shared by the flows ----
  apply: string;
  applyInWorkbench: string;
  download: string;
  downloading: string;
  writing: string;
  cancel: string;
  progress: (done: number, total: number) => string;
  previewHeading: string;
  previewLabel: (what: string) => string;
  moreRows: (n: number) => string;
  writesBeside: (address: string) => string;
  writesNewSheet: (sheet: string) => string;
  besideTaken: (cells: string) => string;
  /** Outside Excel (no selection there): the split goes beside the pasted table, or the table of the opened file. */
  addsBeside: (fromFile: boolean) => string;
  /** Outside Excel, when the cells beside the table are taken. */
  addsNewSheet: (sheet: string) => string;
  written: (sheets: string) => string;
  writtenInWorkbench: string;
  /** Outside Excel: the file was handed to the browser (the pane cannot see it saved). */
  downloaded: (file: string) => string;
  /** Inside Excel on Windows or the web: handed over, unconfirmed. */
  handedOver: (file: string) => string;
  openAsWorkbook: string;
  openingWorkbook: string;
  /** After Excel.createWorkbook; on a Mac the new window may open behind this one. */
  openedWorkbook: (mac: boolean) => string;
  /** Excel for Mac: why there is no download button. */
  noDownloadHere: string;
  /** Excel without ExcelApi 1.8: the flows that write say so before the form. */
  writeUnavailableTitle: string;
  writeUnavailableBody: (address: string | undefined) => string;
  oneClickNote: string;

  // ---- messages ----
  errorTitle: string;
  occupiedTitle: string;
  occupiedBody: (where: string) => string;
  sheetTakenBody: (sheet: string) => string;
  cancelledTitle: string;
  cancelledBody: string;
  cellEditTitle: string;
  cellEditBody: string;
  unexpectedBody: (message: string) => string;
  portLoading: string;
  portFailedTitle: string;
  portFailedBody: (message: string) => string;

  // ---- the workbench (outside Excel) ----
  workbenchHeading: string;
  workbenchIntro: string;
  workbookHeading: string;
  workbenchOpenIntro: string;
  pasteLabel: string;
  pastePlaceholder: string;
  openFile: string;
  openedFile: (name: string) => string;
  pastedTable: (rows: number, columns: number) => string;
  fileUnreadable: (name: string) => string;
  targetsColumn: string;
  noNumberColumn: string;
  columnOption: (letter: string, header: string) => string;
  sheetLabel: string;
  fileNotOpened: (name: string) => string;
  opening: (name: string) => string;
  readingPaste: string;
  openCancelled: (name: string) => string;
  pasteCancelled: string;
  notesTitle: string;
  notePartlyRead: (sheet: string, row: number, max: number) => string;
  noteOutside: (cells: number) => string;
  noteColumnsCut: (rows: number, widest: number) => string;
  noteRowsPastEnd: (rows: number) => string;
  noteUnkeptTitle: string;
  noteUnkept: (items: string[], downloadName: string) => string;
  unkeptItem: (kind: UnkeptKindWord, count: number, parts?: string[]) => string;
  planDamagedTitle: string;
  notePlanDamaged: string;

  // ---- selection (inside Excel) ----
  selectionHeading: string;
  selectionIs: (where: string, count: number) => string;
  /** Outside Excel (no selection there): how many targets the chosen column holds. */
  targetsRead: (count: number) => string;
  useSelection: string;
  noSelection: string;

  // ---- quarterly split ----
  split: {
    sourceHeading: string;
    totalOf: (amount: string) => string;
    namesFrom: (where: string) => string;
    noNames: string;
    weightsHeading: string;
    weightsEven: string;
    weightsSeed: string;
    weightsLastYear: string;
    weightsTyped: string;
    quarter: (q: number) => string;
    weightsShares: (shares: string) => string;
    readLastYear: string;
    lastYearHint: string;
    unitHeading: string;
    unitYuan: string;
    unitWan: string;
    /** Show the amounts in 万元 as well as round to them (the sheet holds 万元 then). */
    displayWanLabel: string;
    displayWanHint: string;
    /** The rows whose annual target is not a whole number of the unit, beyond those listed. */
    oddMore: (rows: number, quarter: string) => string;
    monthsLabel: string;
    monthsHint: string;
    sheetName: string;
    fileName: string;
    notANumber: (cell: string, value: string) => string;
    negative: (cell: string) => string;
    empty: string;
    tooManyRows: (rows: number, max: number) => string;
    weightsBad: string;
    lastYearNeedsFour: (count: number) => string;
  };

  // ---- check workbook ----
  check: {
    run: string;
    heading: string;
    none: string;
    allPass: (n: number) => string;
    failing: (failed: number, total: number) => string;
    goTo: (where: string) => string;
    wentTo: (where: string) => string;
    listLabel: string;
    passingHeading: (n: number) => string;
    valueIs: (value: string) => string;
  };

  // ---- my targets ----
  mine: {
    noPlan: string;
    noPlanHint: string;
    pickName: string;
    pickNamePlaceholder: string;
    change: string;
    heading: (name: string) => string;
    target: string;
    actual: string;
    attainment: string;
    pace: string;
    status: string;
    points: string;
    explanation: string;
    needHeading: string;
    needPerMonth: (amount: string, months: number) => string;
    alreadyGreen: string;
    noMonthsLeft: string;
    light: { green: string; yellow: string; red: string; none: string };
    asOf: (date: string) => string;
    noActuals: string;
    kpiHeading: string;
    needAtMost: (amount: string, months: number) => string;
    unreachable: string;
    endedGreen: string;
    endedNotGreen: string;
    yearTarget: string;
    targetToDate: string;
    actualToDate: string;
    totalScore: string;
    notListed: string;
    month: string;
    monthsLabel: string;
    pickLabel: string;
    /** "Your target was revised on 2025-07-01: from 307 万元 to 123 万元 (why)". */
    revised: (date: string, from: string, to: string, why: string) => string;
  };

  // ---- a generated workbook reopened ----
  stored: {
    title: string;
    body: (title: string) => string;
    regenerate: string;
    openMine: string;
    invalid: string;
    /** The language of the sheets next year's workbook is built in. */
    sheetLang: "en" | "zh";
    nextYear: string;
    nextYearDone: (title: string) => string;
    nextYearFailed: (reason: string) => string;
  };

  // ---- explain this cell ----
  explain: ExplainStrings;
}

/** The words of "Explain this cell". */
export interface ExplainStrings {
  intro: string;
  /** Inside Excel: how to choose the cell. */
  howInExcel: string;
  /** Outside Excel: the button that explains the cell typed. */
  runNamed: string;
  /** Outside Excel: which cell of the opened workbook. */
  cellLabel: string;
  cellHint: string;
  run: string;
  cellIs: (where: string) => string;
  formula: string;
  shows: string;
  argumentsHeading: string;
  leftOut: string;
  empty: string;
  block: (rows: number, columns: number) => string;
  blankCell: (cells: string) => string;
  resultHeading: string;
  errorHeading: (code: string) => string;
  emptyResult: string;
  partOf: (part: string, rows: number, columns: number) => string;
  spilledFrom: (anchor: string) => string;
  wrapped: string;
  differs: (shown: string, mine: string) => string;
  noCell: string;
  noCellHere: string;
  notTarget: string;
  unknownFunction: (name: string) => string;
  several: (n: number) => string;
  unreadable: string;
  cannotRead: string;
  why: { expression: string; name: string; sheetMissing: string; spills: string };
  argumentError: (argument: string, cell: string, code: string) => string;
  splitUnits: (amount: string, units: string, unit: string) => string;
  splitOdd: (odd: string, part: string) => string;
  splitExact: string;
  splitHeld: (held: string) => string;
  attainment: (value: string) => string;
  attainmentLower: (value: string) => string;
  scoreWorking: string;
}

const enUS: PaneStrings = {
  apply: "Apply",
  applyInWorkbench: "Add to the file",
  download: "Download .xlsx",
  downloading: "Preparing the file…",
  writing: "Writing…",
  cancel: "Cancel",
  progress: (done, total) => `${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} cells written`,
  previewHeading: "Preview",
  previewLabel: (what) => `Preview of ${what}`,
  moreRows: (n) => `… and ${n.toLocaleString("en-US")} more rows`,
  writesBeside: (address) => `Writes beside your selection, into ${address}.`,
  writesNewSheet: (sheet) => `Writes into a new sheet, “${sheet}”.`,
  besideTaken: (cells) => `The cells beside your selection are not empty (${cells}), so nothing there is overwritten.`,
  addsBeside: (fromFile) => `Adds the split beside the ${fromFile ? "table in the file" : "pasted table"}; download to keep it.`,
  addsNewSheet: (sheet) => `The cells beside the table are not empty, so the split goes into a new sheet, “${sheet}”; download to keep it.`,
  written: (sheets) => `Done: written to ${sheets}. Every number has a check cell; use Check workbook to see them.`,
  writtenInWorkbench: "Added to the file. Download .xlsx to keep it: nothing is saved until you do.",
  downloaded: (file) => `${file} was handed to your browser: look in your downloads folder (or where the browser asked to save it).`,
  handedOver: (file) => `${file} was handed over for saving. Excel does not tell the pane whether it arrived: if no file appeared, use Open as a new workbook and save that.`,
  openAsWorkbook: "Open as a new workbook",
  openingWorkbook: "Opening…",
  openedWorkbook: (mac) => `Opened as a new workbook. Save it with File › Save As.${mac ? " On a Mac it may open behind this window: look in the Window menu." : ""}`,
  noDownloadHere: "Excel for Mac cannot save a file from the pane, so there is no download here: open the result as a new workbook and save it with File › Save As.",
  writeUnavailableTitle: "This Excel cannot write the sheets",
  writeUnavailableBody: (address) =>
    `Writing sheets into the workbook needs Excel JavaScript API 1.8 (Excel 2019, 2021 or Microsoft 365), which this Excel does not have, so Apply stays off. You can still fill in the form and download the .xlsx${address ? `, or use the pane in a web browser: ${address}` : ", or use the pane in a web browser"}.`,
  oneClickNote: "Your last choices for this workbook are filled in.",

  errorTitle: "That did not work",
  occupiedTitle: "Nothing was written: the place is taken",
  occupiedBody: (where) => `These cells are not empty: ${where}. Clear them or select another column, then Apply again.`,
  sheetTakenBody: (sheet) => `A sheet named “${sheet}” already exists. Rename or delete it, then Apply again.`,
  cancelledTitle: "Cancelled",
  cancelledBody: "The write was cancelled and what it had written was removed.",
  cellEditTitle: "Excel is editing a cell",
  cellEditBody: "Finish editing the cell (press Enter or Esc), then try again.",
  unexpectedBody: (message) => `${message} Nothing was lost; try again, and if it happens again, reload the pane.`,
  portLoading: "Connecting to the workbook…",
  portFailedTitle: "Could not reach the workbook",
  portFailedBody: (message) => `${message} Reload the pane (close it and open it again from the ribbon).`,

  workbenchHeading: "Your table",
  workbookHeading: "Your workbook",
  workbenchOpenIntro: "Outside Excel, open an .xlsx file (a workbook Target Planner made, say).",
  workbenchIntro: "Outside Excel, paste a table copied from Excel, WPS or LibreOffice, or open an .xlsx file. What you make is added to it, and you download the workbook.",
  pasteLabel: "Paste a table (names and annual targets)",
  pastePlaceholder: "Copy the cells in your spreadsheet, click here and press Ctrl+V",
  openFile: "Open .xlsx…",
  openedFile: (name) => `Opened ${name}.`,
  pastedTable: (rows, columns) => `Pasted ${rows} rows × ${columns} columns.`,
  fileUnreadable: (name) => `${name} could not be read as an .xlsx workbook. Save it as .xlsx (Excel Workbook) and open it again.`,
  fileNotOpened: (name) => `${name} was not opened`,
  opening: (name) => `Opening ${name}…`,
  readingPaste: "Reading the pasted table…",
  openCancelled: (name) => `Opening ${name} was cancelled; the workbook is as it was.`,
  pasteCancelled: "Reading the paste was cancelled; the workbook is as it was.",
  notesTitle: "Not everything was read",
  notePartlyRead: (sheet, row, max) =>
    `The pane holds at most ${n(max, "en-US")} cells, so reading stopped at row ${n(row, "en-US")} of sheet ${sheet}: that row, the rows below it and any sheets after it were not read. The flows see only what was read; work on a smaller table to use all of it.`,
  noteOutside: (cells) => `${n(cells, "en-US")} cell${cells === 1 ? "" : "s"} that the file places outside a sheet (past column XFD or row 1,048,576) were left out.`,
  noteColumnsCut: (rows, widest) =>
    `${n(rows, "en-US")} pasted row${rows === 1 ? " has" : "s have"} more than 16,384 fields (the widest ${n(widest, "en-US")}). A sheet ends at column XFD, so the fields past it were left out. If that is not what you meant, check the copied range and paste again.`,
  noteRowsPastEnd: (rows) => `${n(rows, "en-US")} pasted row${rows === 1 ? "" : "s"} past row 1,048,576 (a sheet's last row) were left out.`,
  noteUnkeptTitle: "Not carried over into the download",
  noteUnkept: (items, downloadName) =>
    `This file has ${items.join(", ")}, which the download cannot carry over. The download is named “${downloadName}”, so your original file stays as it is: add the new sheets to the original in Excel, or keep both files.`,
  unkeptItem: (kind, count, parts) => UNKEPT_EN[kind](count) + (kind === "other" && parts?.length ? ` (${parts.join(", ")})` : ""),
  planDamagedTitle: "Made by Target Planner, but its stored plan is damaged",
  notePlanDamaged:
    "The plan stored in this workbook (sheet TargetPlanner) cannot be read. Its sheets, formulas and checks still work (Check workbook reads them); regenerating and My targets need the plan: make the workbook again from its plan file, or with the flows.",
  targetsColumn: "Column of annual targets",
  noNumberColumn: "No column of numbers found. Paste a table with a column of annual targets (names in the column before it).",
  columnOption: (letter, header) => (header ? `${letter}: ${header}` : `Column ${letter}`),
  sheetLabel: "Sheet",

  selectionHeading: "Annual targets",
  selectionIs: (where, count) => `Selected: ${where} (${count} ${count === 1 ? "target" : "targets"}).`,
  targetsRead: (count) => `${n(count, "en-US")} ${count === 1 ? "target" : "targets"}.`,
  useSelection: "Use the selection",
  noSelection: "Select the column of annual targets in the sheet (names in the column to its left), then press Use the selection.",

  split: {
    sourceHeading: "Annual targets",
    totalOf: (amount) => `Total ${amount}.`,
    namesFrom: (where) => `Names from ${where}.`,
    noNames: "No names found beside the targets; rows are numbered instead.",
    weightsHeading: "Quarter weights",
    weightsEven: "Even (25 % each)",
    weightsSeed: "25 / 30 / 25 / 20",
    weightsLastYear: "Last year's figures",
    weightsTyped: "Typed",
    quarter: (q) => `Q${q}`,
    weightsShares: (shares) => `Shares: ${shares}`,
    readLastYear: "Read from the selection",
    lastYearHint: "Select last year's four quarter figures (a row of four, or a table of four columns, added up), then press Read from the selection.",
    unitHeading: "Unit",
    unitYuan: "元 (yuan)",
    unitWan: "万元 (10,000 yuan)",
    displayWanLabel: "Show amounts in 万元 too",
    displayWanHint: "The sheet then holds 万元 (6,047,500 元 is 604.75), and its annual cells take 万元.",
    oddMore: (rows, quarter) => `… and ${n(rows, "en-US")} more rows like these: each odd amount goes to ${quarter}.`,
    monthsLabel: "Months too",
    monthsHint: "Each quarter split into its three months.",
    sheetName: "Quarterly split",
    fileName: "quarterly-split.xlsx",
    notANumber: (cell, value) => `${cell} holds “${value}”, not a number. Select only the annual targets, or correct that cell.`,
    negative: (cell) => `${cell} is negative. Annual targets must be 0 or more.`,
    empty: "The selection has no targets. Select the column of annual targets.",
    tooManyRows: (rows, max) =>
      `The selection has ${n(rows, "en-US")} rows; the quarterly split reads at most ${n(max, "en-US")}. Select fewer rows (for example one region at a time), or paste a smaller table.`,
    weightsBad: "Give four weights of 0 or more, not all 0 (any scale: 25/30/25/20 or last year's amounts).",
    lastYearNeedsFour: (count) => `The selection has ${count} columns; select last year's four quarter figures (four columns).`,
  },

  check: {
    run: "Check again",
    heading: "Checks",
    none: "This workbook has no check cells. Sheets made by Target Planner carry them (names starting with Check_).",
    allPass: (n) => `All ${n} checks pass: every split adds up.`,
    failing: (failed, total) => `${failed} of ${total} checks fail. Go to each and correct the numbers it checks.`,
    goTo: (where) => `Go to ${where}`,
    wentTo: (where) => `Selected ${where}.`,
    listLabel: "Failing checks",
    passingHeading: (n) => `Passing (${n})`,
    valueIs: (value) => `now ${value}`,
  },

  mine: {
    noPlan: "This workbook was not made by Target Planner",
    noPlanHint: "My targets works on workbooks the add-in generated (they carry their plan). Open such a workbook, or make one with the flows above.",
    pickName: "Your name",
    pickNamePlaceholder: "Choose your name",
    change: "Not you? Choose another name",
    heading: (name) => `${name}'s targets`,
    target: "Target",
    actual: "Actual",
    attainment: "Attainment",
    pace: "Pace",
    status: "Status",
    points: "Points",
    explanation: "How the points come about",
    needHeading: "For the year to end green",
    needPerMonth: (amount, months) => `${amount} a month for the remaining ${months} ${months === 1 ? "month" : "months"}.`,
    alreadyGreen: "Green already: keep it up.",
    noMonthsLeft: "No months left in the year.",
    light: { green: "Green", yellow: "Yellow", red: "Red", none: "No data yet" },
    asOf: (date) => `As of ${date}.`,
    noActuals: "No actuals entered yet.",
    kpiHeading: "Scorecard",
    needAtMost: (amount, months) => `At most ${amount} a month for the remaining ${months} ${months === 1 ? "month" : "months"}.`,
    unreachable: "The year is past the green line already: keep the remaining months as low as you can.",
    endedGreen: "The year ended green.",
    endedNotGreen: "The year ended below green.",
    yearTarget: "Year target",
    targetToDate: "Target to date",
    actualToDate: "Actual to date",
    totalScore: "Total score",
    notListed: "This workbook has no targets under this name.",
    month: "Month",
    monthsLabel: "Month by month",
    pickLabel: "Choose your name once; the pane remembers it for this workbook.",
    revised: (date, from, to, why) => `Your target was revised on ${date}: from ${from} to ${to} (${why})`,
  },

  stored: {
    title: "Made by Target Planner",
    body: (title) => `This workbook carries its plan${title ? ` (${title})` : ""}. You can make its sheets again or add to them.`,
    regenerate: "Make again / extend",
    openMine: "My targets",
    invalid: "This workbook carries a plan this version cannot read.",
    sheetLang: "en",
    nextYear: "Start next year's plan",
    nextYearDone: (title) => `Next year's plan, ${title}, is made from this year's actuals (this workbook is unchanged):`,
    nextYearFailed: (reason) => `Next year's plan could not be made: ${reason}`,
  },

  explain: {
    intro: "Excel shows the messages of #VALUE! and #N/A only. Here you see the message of every TARGET.* error, and how a result comes about.",
    howInExcel: "Select a cell with a TARGET.* formula in the sheet and come back to the pane: it explains that cell. Or press the button.",
    runNamed: "Explain",
    cellLabel: "Cell to explain",
    cellHint: "Open the workbook (.xlsx), then give the cell: D5, or Sheet1!D5.",
    run: "Explain the selected cell",
    cellIs: (where) => `Cell ${where}`,
    formula: "Formula",
    shows: "Excel shows",
    argumentsHeading: "What the function gets",
    leftOut: "left out",
    empty: "empty",
    block: (rows, columns) => `${rows.toLocaleString("en-US")} × ${columns.toLocaleString("en-US")} cells`,
    blankCell: (cells) => `${cells} ${cells.includes(",") ? "are" : "is"} empty. Some desktop builds of Excel pass an empty cell to a custom function as 0, not as empty: guard the formula with \`=IF(B2="","",…)\`.`,
    resultHeading: "Result",
    errorHeading: (code) => `Why ${code}`,
    emptyResult: "empty (no data yet)",
    partOf: (part, rows, columns) => `This cell is part ${part} of a result of ${rows} × ${columns} cells.`,
    spilledFrom: (anchor) => `This cell is part of the result that spills from ${anchor}; the formula is there.`,
    wrapped: "The cell's formula has more around this call (an IF guard, say), so the cell shows what the whole formula gives.",
    differs: (shown, mine) => `Excel shows ${shown}, but the function gives ${mine} on the values there now. Excel may not have recalculated yet (press F9), or it passed an empty cell as 0.`,
    noCell: "No cell is active. Click a cell in the sheet, then come back to the pane.",
    noCellHere: "Open a workbook and give a cell first.",
    notTarget: "This cell holds no TARGET.* formula. Select a cell whose formula calls TARGET.SPLIT, TARGET.SCORE, TARGET.STATUS…",
    unknownFunction: (name) => `${name} is not one of Target Planner's functions (SPLIT, SPREAD, ATTAIN, STATUS, PACE, SCORE, BAND, COMMISSION).`,
    several: (n) => `The formula calls ${n} TARGET.* functions; the pane explains a formula with one. Put each call in a cell of its own to explain it.`,
    unreadable: "The formula could not be read: a quote, bracket or brace does not close.",
    cannotRead: "The pane cannot work out these arguments: it reads numbers, texts, TRUE/FALSE, array constants and cells (on this sheet or another), not calculations. Put the calculation in a cell of its own and refer to that cell.",
    why: {
      expression: "a calculation or another function",
      name: "a defined name: refer to its cells instead",
      sheetMissing: "no such sheet in this workbook",
      spills: "a range where one value goes: Excel runs the function once per cell and spills the results",
    },
    argumentError: (argument, cell, code) => `${argument} (${cell}) holds ${code}. Excel passes the error on without running the function: correct that cell first.`,
    splitUnits: (amount, units, unit) => `Rounded to multiples of ${unit}: ${amount} holds ${units} × ${unit}. Each part gets the whole units of its share, and the units left over go to the parts with the largest remainders (ties to the earlier part).`,
    splitOdd: (odd, part) => `The odd ${odd}, less than one unit, goes to part ${part}: the free part with the largest weight.`,
    splitExact: "No unit: every part is its exact share of the total.",
    splitHeld: (held) => `${held} is held at set amounts; the rest is shared by weight.`,
    attainment: (value) => `Attainment: actual ÷ target = ${value}.`,
    attainmentLower: (value) => `Attainment (lower is better): 2 − actual ÷ target = ${value}.`,
    scoreWorking: "How the points come about",
  },
};

const zhCN: PaneStrings = {
  apply: "应用",
  applyInWorkbench: "加入文件",
  download: "下载 .xlsx",
  downloading: "正在生成文件…",
  writing: "正在写入…",
  cancel: "取消",
  progress: (done, total) => `已写入 ${done.toLocaleString("zh-CN")} / ${total.toLocaleString("zh-CN")} 个单元格`,
  previewHeading: "预览",
  previewLabel: (what) => `${what}预览`,
  moreRows: (n) => `…… 另有 ${n.toLocaleString("zh-CN")} 行`,
  writesBeside: (address) => `写在所选区域旁边：${address}。`,
  writesNewSheet: (sheet) => `写入新工作表“${sheet}”。`,
  besideTaken: (cells) => `所选区域旁边的单元格不为空（${cells}），不会覆盖其中内容。`,
  addsBeside: (fromFile) => `分解结果加在${fromFile ? "文件中表格" : "粘贴的表格"}旁边；下载后即可保存。`,
  addsNewSheet: (sheet) => `表格旁边的单元格不为空，分解结果放入新工作表“${sheet}”；下载后即可保存。`,
  written: (sheets) => `完成：已写入 ${sheets}。每个数都有校验单元格，可用“检查工作簿”查看。`,
  writtenInWorkbench: "已加入文件。点“下载 .xlsx”保存；下载之前不会保存。",
  downloaded: (file) => `已将 ${file} 交给浏览器保存：请在“下载”文件夹中查找（或在浏览器询问的保存位置）。`,
  handedOver: (file) => `已将 ${file} 交出保存。Excel 不会告诉任务窗格文件是否已保存：如果没有看到文件，请用“作为新工作簿打开”，再保存那个工作簿。`,
  openAsWorkbook: "作为新工作簿打开",
  openingWorkbook: "正在打开…",
  openedWorkbook: (mac) => `已作为新工作簿打开。请用“文件 › 另存为”保存。${mac ? "在 Mac 上它可能在当前窗口后面打开：请在“窗口”菜单中查找。" : ""}`,
  noDownloadHere: "Mac 版 Excel 无法从任务窗格保存文件，因此这里没有下载：请把结果作为新工作簿打开，再用“文件 › 另存为”保存。",
  writeUnavailableTitle: "此版本的 Excel 无法写入工作表",
  writeUnavailableBody: (address) =>
    `向工作簿写入工作表需要 Excel JavaScript API 1.8（Excel 2019、2021 或 Microsoft 365），此版本的 Excel 没有，因此“应用”不可用。仍可填写表单并下载 .xlsx${address ? `，或在浏览器中使用任务窗格：${address}` : "，或在浏览器中使用任务窗格"}。`,
  oneClickNote: "已填入你上次在此工作簿中的选择。",

  errorTitle: "操作未成功",
  occupiedTitle: "未写入任何内容：目标位置已有数据",
  occupiedBody: (where) => `这些单元格不为空：${where}。请清空它们或选择其他列，然后再点“应用”。`,
  sheetTakenBody: (sheet) => `已有名为“${sheet}”的工作表。请将其重命名或删除，然后再点“应用”。`,
  cancelledTitle: "已取消",
  cancelledBody: "写入已取消，已写入的内容已被移除。",
  cellEditTitle: "Excel 正在编辑单元格",
  cellEditBody: "请先结束单元格编辑（按 Enter 或 Esc），然后重试。",
  unexpectedBody: (message) => `${message} 数据没有丢失；请重试，如再次出现，请重新加载任务窗格。`,
  portLoading: "正在连接工作簿…",
  portFailedTitle: "无法连接工作簿",
  portFailedBody: (message) => `${message} 请重新加载任务窗格（关闭后从功能区再次打开）。`,

  workbenchHeading: "你的表格",
  workbookHeading: "你的工作簿",
  workbenchOpenIntro: "不在 Excel 中时，请打开 .xlsx 文件（例如“目标规划”生成的工作簿）。",
  workbenchIntro: "不在 Excel 中时，可粘贴从 Excel、WPS 或 LibreOffice 复制的表格，或打开 .xlsx 文件。生成的内容会加入其中，然后下载工作簿。",
  pasteLabel: "粘贴表格（姓名和年度目标）",
  pastePlaceholder: "在表格软件中复制单元格，点这里后按 Ctrl+V",
  openFile: "打开 .xlsx…",
  openedFile: (name) => `已打开 ${name}。`,
  pastedTable: (rows, columns) => `已粘贴 ${rows} 行 × ${columns} 列。`,
  fileUnreadable: (name) => `无法把 ${name} 读作 .xlsx 工作簿。请另存为 .xlsx（Excel 工作簿）后再打开。`,
  fileNotOpened: (name) => `未打开 ${name}`,
  opening: (name) => `正在打开 ${name}…`,
  readingPaste: "正在读取粘贴的表格…",
  openCancelled: (name) => `已取消打开 ${name}；工作簿保持原样。`,
  pasteCancelled: "已取消读取粘贴内容；工作簿保持原样。",
  notesTitle: "部分内容未读取",
  notePartlyRead: (sheet, row, max) =>
    `任务窗格最多容纳 ${n(max, "zh-CN")} 个单元格，因此在工作表 ${sheet} 的第 ${n(row, "zh-CN")} 行停止读取：该行及以下各行、以及其后的工作表都未读取。各功能只能看到已读取的部分；如需全部使用，请改用较小的表格。`,
  noteOutside: (cells) => `文件中有 ${n(cells, "zh-CN")} 个单元格位于工作表范围之外（超出 XFD 列或第 1,048,576 行），已略去。`,
  noteColumnsCut: (rows, widest) =>
    `粘贴的内容中有 ${n(rows, "zh-CN")} 行超过 16,384 个字段（最宽的一行有 ${n(widest, "zh-CN")} 个）。工作表到 XFD 列为止，超出部分已略去。如果这不是您想要的，请检查复制的区域后重新粘贴。`,
  noteRowsPastEnd: (rows) => `粘贴的内容中有 ${n(rows, "zh-CN")} 行超出第 1,048,576 行（工作表的最后一行），已略去。`,
  noteUnkeptTitle: "下载的文件中不包含的内容",
  noteUnkept: (items, downloadName) =>
    `此文件含有：${items.join("、")}，下载的文件无法保留这些内容。下载的文件名为“${downloadName}”，您的原文件保持不变：请在 Excel 中把新工作表加入原文件，或同时保留两个文件。`,
  unkeptItem: (kind, count, parts) => UNKEPT_ZH[kind](count) + (kind === "other" && parts?.length ? `（${parts.join("、")}）` : ""),
  planDamagedTitle: "由“目标规划”生成，但保存的计划已损坏",
  notePlanDamaged:
    "无法读取本工作簿中保存的计划（TargetPlanner 工作表）。其工作表、公式和检查仍然有效（“检查工作簿”可以读取）；重新生成和“我的目标”需要该计划：请用计划文件重新生成工作簿，或使用上面的功能重新生成。",
  targetsColumn: "年度目标所在列",
  noNumberColumn: "没有找到数字列。请粘贴含年度目标列的表格（姓名在其左侧一列）。",
  columnOption: (letter, header) => (header ? `${letter} 列：${header}` : `${letter} 列`),
  sheetLabel: "工作表",

  selectionHeading: "年度目标",
  selectionIs: (where, count) => `已选：${where}（${count} 个目标）。`,
  targetsRead: (count) => `共 ${n(count, "zh-CN")} 个目标。`,
  useSelection: "使用所选区域",
  noSelection: "请在工作表中选中年度目标所在列（姓名在其左侧一列），然后点“使用所选区域”。",

  split: {
    sourceHeading: "年度目标",
    totalOf: (amount) => `合计 ${amount}。`,
    namesFrom: (where) => `姓名取自 ${where}。`,
    noNames: "目标旁边没有姓名，将按行编号。",
    weightsHeading: "季度权重",
    weightsEven: "平均（各 25%）",
    weightsSeed: "25 / 30 / 25 / 20",
    weightsLastYear: "按去年实际",
    weightsTyped: "手动输入",
    quarter: (q) => `${["一", "二", "三", "四"][q - 1]}季度`,
    weightsShares: (shares) => `占比：${shares}`,
    readLastYear: "从所选区域读取",
    lastYearHint: "选中去年四个季度的数字（一行四个，或四列的表格，按列相加），然后点“从所选区域读取”。",
    unitHeading: "单位",
    unitYuan: "元",
    unitWan: "万元",
    displayWanLabel: "金额也以万元显示",
    displayWanHint: "工作表中的金额即为万元（6,047,500 元显示为 604.75），年度目标单元格也按万元填写。",
    oddMore: (rows, quarter) => `…… 另有 ${n(rows, "zh-CN")} 行同样如此：零头均计入${quarter}。`,
    monthsLabel: "同时分到月",
    monthsHint: "每个季度再分到其三个月。",
    sheetName: "季度分解",
    fileName: "季度分解.xlsx",
    notANumber: (cell, value) => `${cell} 的内容是“${value}”，不是数字。请只选中年度目标，或修改该单元格。`,
    negative: (cell) => `${cell} 是负数。年度目标须大于或等于 0。`,
    empty: "所选区域中没有目标。请选中年度目标所在列。",
    tooManyRows: (rows, max) => `所选区域有 ${n(rows, "zh-CN")} 行；季度分解最多读取 ${n(max, "zh-CN")} 行。请少选一些行（例如一次一个区域），或粘贴较小的表格。`,
    weightsBad: "请给出四个大于或等于 0 且不全为 0 的权重（比例任意：25/30/25/20 或去年的金额）。",
    lastYearNeedsFour: (count) => `所选区域有 ${count} 列；请选中去年四个季度的数字（四列）。`,
  },

  check: {
    run: "重新检查",
    heading: "校验",
    none: "此工作簿没有校验单元格。“目标规划”生成的工作表都带有校验单元格（名称以 Check_ 开头）。",
    allPass: (n) => `全部 ${n} 项校验通过：各项分解都能加总。`,
    failing: (failed, total) => `${total} 项校验中有 ${failed} 项未通过。请逐项跳转，修正其校验的数字。`,
    goTo: (where) => `跳转到 ${where}`,
    wentTo: (where) => `已选中 ${where}。`,
    listLabel: "未通过的校验",
    passingHeading: (n) => `已通过（${n}）`,
    valueIs: (value) => `当前为 ${value}`,
  },

  mine: {
    noPlan: "此工作簿不是由“目标规划”生成的",
    noPlanHint: "“我的目标”适用于本加载项生成的工作簿（其中保存了计划）。请打开这样的工作簿，或用上面的功能生成一个。",
    pickName: "你的姓名",
    pickNamePlaceholder: "选择你的姓名",
    change: "不是你？选择其他姓名",
    heading: (name) => `${name}的目标`,
    target: "目标",
    actual: "实际",
    attainment: "完成率",
    pace: "时间进度比",
    status: "状态",
    points: "得分",
    explanation: "得分计算",
    needHeading: "全年达到绿灯还需",
    needPerMonth: (amount, months) => `剩余 ${months} 个月，每月 ${amount}。`,
    alreadyGreen: "已是绿灯，继续保持。",
    noMonthsLeft: "今年已没有剩余月份。",
    light: { green: "绿灯", yellow: "黄灯", red: "红灯", none: "暂无数据" },
    asOf: (date) => `截至 ${date}。`,
    noActuals: "尚未填入实际数。",
    kpiHeading: "绩效考核",
    needAtMost: (amount, months) => `剩余 ${months} 个月，每月最多 ${amount}。`,
    unreachable: "全年已超出绿灯线：剩余月份请尽量压低。",
    endedGreen: "全年以绿灯结束。",
    endedNotGreen: "全年未达到绿灯。",
    yearTarget: "全年目标",
    targetToDate: "累计目标",
    actualToDate: "累计实际",
    totalScore: "总分",
    notListed: "此工作簿中没有这个姓名的目标。",
    month: "月份",
    monthsLabel: "逐月明细",
    pickLabel: "只需选择一次姓名，任务窗格会在此工作簿中记住它。",
    revised: (date, from, to, why) => `你的目标已于 ${date} 修订：由 ${from} 调整为 ${to}（${why}）`,
  },

  stored: {
    title: "由“目标规划”生成",
    body: (title) => `此工作簿保存了它的计划${title ? `（${title}）` : ""}。可以重新生成其工作表，或在其基础上扩展。`,
    regenerate: "重新生成 / 扩展",
    openMine: "我的目标",
    invalid: "此工作簿中保存的计划无法被当前版本读取。",
    sheetLang: "zh",
    nextYear: "开始制定明年计划",
    nextYearDone: (title) => `已按今年实绩生成明年的计划“${title}”（本工作簿未作改动）：`,
    nextYearFailed: (reason) => `无法生成明年的计划：${reason}`,
  },

  explain: {
    intro: "Excel 只显示 #VALUE! 和 #N/A 的说明。这里可以看到每个 TARGET.* 错误的说明，以及结果是怎么算出来的。",
    howInExcel: "在工作表中选中含 TARGET.* 公式的单元格，再回到任务窗格：它会解释该单元格。也可以点下面的按钮。",
    runNamed: "解释",
    cellLabel: "要解释的单元格",
    cellHint: "先打开工作簿（.xlsx），再填写单元格：D5 或 Sheet1!D5。",
    run: "解释所选单元格",
    cellIs: (where) => `单元格 ${where}`,
    formula: "公式",
    shows: "Excel 显示",
    argumentsHeading: "函数得到的参数",
    leftOut: "省略",
    empty: "空",
    block: (rows, columns) => `${rows.toLocaleString("zh-CN")} × ${columns.toLocaleString("zh-CN")} 个单元格`,
    blankCell: (cells) => `${cells} 是空单元格。某些桌面版 Excel 会把空单元格作为 0（而不是空）传给自定义函数：请用 \`=IF(B2="","",…)\` 包住公式。`,
    resultHeading: "结果",
    errorHeading: (code) => `${code} 的原因`,
    emptyResult: "空（暂无数据）",
    partOf: (part, rows, columns) => `此单元格是 ${rows} × ${columns} 个单元格结果中的第 ${part} 个。`,
    spilledFrom: (anchor) => `此单元格属于从 ${anchor} 溢出的结果；公式在 ${anchor}。`,
    wrapped: "单元格的公式在这个函数外面还有其他内容（例如 IF 判断），因此单元格显示的是整个公式的结果。",
    differs: (shown, mine) => `Excel 显示 ${shown}，但按现在的数值函数结果是 ${mine}。可能 Excel 还没有重新计算（按 F9），或者它把空单元格作为 0 传入了。`,
    noCell: "没有活动单元格。请在工作表中点一个单元格，再回到任务窗格。",
    noCellHere: "请先打开工作簿并填写单元格。",
    notTarget: "此单元格中没有 TARGET.* 公式。请选中公式中调用 TARGET.SPLIT、TARGET.SCORE、TARGET.STATUS 等函数的单元格。",
    unknownFunction: (name) => `${name} 不是“目标规划”的函数（SPLIT、SPREAD、ATTAIN、STATUS、PACE、SCORE、BAND、COMMISSION）。`,
    several: (n) => `公式中调用了 ${n} 个 TARGET.* 函数；任务窗格一次解释只含一个函数的公式。请把每个函数放在单独的单元格中再解释。`,
    unreadable: "无法读取该公式：有引号、括号或花括号没有闭合。",
    cannotRead: "任务窗格无法算出以下参数：它能读取数字、文本、TRUE/FALSE、数组常量和单元格（本工作表或其他工作表），不能读取计算式。请把计算放在单独的单元格中，再引用该单元格。",
    why: {
      expression: "计算式或其他函数",
      name: "定义的名称：请改为引用其单元格",
      sheetMissing: "工作簿中没有这个工作表",
      spills: "在只需一个值的位置给了区域：Excel 会对每个单元格各算一次并溢出结果",
    },
    argumentError: (argument, cell, code) => `${argument}（${cell}）中是 ${code}。Excel 会直接传出这个错误而不运行函数：请先修正该单元格。`,
    splitUnits: (amount, units, unit) => `按 ${unit} 的倍数取整：${amount} 含 ${units} × ${unit}。每部分先得到其份额中的整单位，剩下的单位依次给余数最大的部分（相同时给靠前的部分）。`,
    splitOdd: (odd, part) => `不足一个单位的零头 ${odd} 给第 ${part} 部分：权重最大的未固定部分。`,
    splitExact: "没有取整单位：每部分都是总额中其准确的份额。",
    splitHeld: (held) => `其中 ${held} 是固定额；其余按权重分配。`,
    attainment: (value) => `完成率：实际 ÷ 目标 = ${value}。`,
    attainmentLower: (value) => `完成率（越低越好）：2 − 实际 ÷ 目标 = ${value}。`,
    scoreWorking: "得分计算",
  },
};

export const PANE_STRINGS = { "en-US": enUS, "zh-CN": zhCN } as const;
