/**
 * Actuals in, step 1: reading what a sales system exports (CRM, ERP, a colleague's sheet) as a
 * table of cells — a pasted table or a sheet of an opened file — into one amount per name and
 * month. Pure: no workbook, no files; the pane and the CLI hand it the cells.
 *
 * What it reads, as such exports have them:
 * - **long**: a name column, a month column (1月, 2025-01, 2025/1/15, Jan, M1, a date) and an
 *   amount column; one row per deal or per month;
 * - **wide**: a name column and one column per month (1月…12月, 一月, Jan…Dec, 2025-01,
 *   M1…M12, a date cell; a month's export may have one; "1月实际" beside "1月目标" is the
 *   actual one);
 * - a header of two rows, as merged cells paste (the months under "回款金额（万元）", or
 *   目标 and 实际 under each month);
 * - title rows above the header ("2025 年 1-6 月回款明细", "单位：万元"), blank lines, totals
 *   rows (合计, 总计, 小计, 汇总, Total, "华东小计") and totals columns (合计, 全年, Total);
 * - amounts as numbers or text: thousands separators, full-width digits (１２，３４５),
 *   accounting brackets for minus, a currency sign, a trailing %;
 * - the unit: 元, 千元, 万元, 百万元 or 亿元, chosen by the caller or read from the header
 *   ("金额(万元)", "单位：万元", "Amount (CNY 10k)"); a chosen unit the header contradicts is
 *   refused, never guessed.
 * - months not yet: a year's export pulled mid-year has 0 for the months to come; the months
 *   after the last one with a figure other than 0, holding only zeros, are left out (a 0 up
 *   to that month is a real 0).
 * Several rows for one name and month are added up (the read says how many). Every cell that
 * could not be read, and every row left out on purpose, is reported by cell in both languages.
 */
import type { CellValue } from "./spec";
import { colLetter } from "./formulas";

/** Units an export's amounts may be in. */
export const EXPORT_UNITS = ["元", "千元", "万元", "百万元", "亿元"] as const;
export type ExportUnit = (typeof EXPORT_UNITS)[number];

/** Size of each {@link ExportUnit} in 元. */
export const EXPORT_UNIT_SCALE: Record<ExportUnit, number> = { 元: 1, 千元: 1e3, 万元: 1e4, 百万元: 1e6, 亿元: 1e8 };

/** A message in both languages. */
export interface Words {
  en: string;
  zh: string;
}

/** A cell (or row) of the export that was not read, or left out on purpose. */
export interface ExportNote extends Words {
  /** "B7", or "row 7" for a whole row (1-based, as the sheet numbers it). */
  cell: string;
  kind: "notNumber" | "badMonth" | "otherYear" | "noMonth" | "noAmount" | "noName" | "total" | "placeholder" | "monthTwice" | "noFigures" | "unitInCell" | "notYet";
}

/** One name and month of the export, its rows added up. */
export interface ExportEntry {
  /** The name as first written in the export (trimmed). */
  name: string;
  /** The name folded for matching ({@link nameKey}). */
  key: string;
  /** 0 = January. */
  month: number;
  /** In the export's unit (percent and count rows take it as it is). */
  amount: number;
  /** Where the first of its amounts is ("C7"). */
  cell: string;
  /** How many cells were added into it (1 when the export has it once). */
  parts: number;
  /** The 1-based rows it came from. */
  rows: number[];
}

/** The export as read. */
export interface ExportRead {
  layout: "long" | "wide";
  /** The header row (1-based). */
  headerRow: number;
  /** Columns used, as letters: the name, and the month and amount (long) or each month's (wide). */
  columns: { name: string; month?: string; amount?: string; months?: (string | undefined)[] };
  /** The unit the amounts are in, and where it was said; undefined when neither the caller nor the export says. */
  unit?: { unit: ExportUnit; from: "chosen" | "export"; cell?: string };
  entries: ExportEntry[];
  /** Cells that could not be read (their amounts are left out). */
  problems: ExportNote[];
  /** Rows and cells left out on purpose (totals, placeholders such as "-", rows with no name). */
  skipped: ExportNote[];
  /** Data rows below the header that hold something. */
  rows: number;
  /** Rows that are blank from end to end (not listed one by one). */
  blankRows: number;
  /** Cells added into an earlier one of the same name and month. */
  added: number;
  /** Columns titled as totals (合计, 全年, Total), left out. */
  totalColumns: string[];
}

/** Why an export could not be read at all, in both languages. */
export class ExportError extends Error {
  constructor(
    readonly kind: "empty" | "noHeader" | "unitConflict",
    readonly words: Words,
  ) {
    super(words.en);
    this.name = "ExportError";
  }

  /** The message in the given language. */
  messageIn(lang: "en" | "zh"): string {
    return this.words[lang];
  }
}

// ---- folding text ------------------------------------------------------------------------

/**
 * The middle dots a name may be written with (the separator of 迪丽热巴·迪力木拉提 and of
 * transcribed foreign names): U+00B7 as GB 18030 has it, and what systems and input methods
 * put in its place — the bullet, the hyphenation point, the katakana middle dot and its
 * half-width form, the bullet and dot operators. A full stop is not one of them.
 */
const MIDDLE_DOTS = /[\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff65\u318d]/g;

/**
 * Text folded for comparison: Unicode NFKC (full-width letters, digits and brackets become
 * their ASCII forms, the ideographic space a space), every space and zero-width character
 * removed, every middle dot made U+00B7, Latin letters lower-cased.
 * @example fold(" 张\u3000伟 ") // "张伟"
 * @example fold("Ｚｈａｎｇ Wei") // "zhangwei"
 * @example fold("迪丽热巴•迪力木拉提") // "迪丽热巴·迪力木拉提"
 */
export function fold(text: string): string {
  return text.normalize("NFKC").replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, "").replace(MIDDLE_DOTS, "\u00b7").toLowerCase();
}

/**
 * The key a name is matched by: {@link fold}ed (张伟, 张 伟 and 张\u3000伟 are one name; so are
 * "Li Na" and "LINA").
 * @example nameKey("Ｌｉ  Na") // "lina"
 */
export function nameKey(name: string): string {
  return fold(name);
}

const at = (row: number, col: number): string => `${colLetter(col)}${row + 1}`;
const text = (v: CellValue | undefined): string => (v === null || v === undefined ? "" : typeof v === "string" ? v : String(v));
const blank = (v: CellValue | undefined): boolean => v === null || v === undefined || (typeof v === "string" && v.trim() === "");

// ---- months ------------------------------------------------------------------------------

const MONTH_WORDS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const CN_MONTHS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

/** A month read from a cell: 0 = January, and the year when the cell says one. */
export interface MonthRead {
  month: number;
  year?: number;
}

/** An Excel date serial (1900 system) as a year and month. */
function fromSerial(serial: number): MonthRead {
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86400000);
  return { month: d.getUTCMonth(), year: d.getUTCFullYear() };
}

const okMonth = (m: number): boolean => Number.isInteger(m) && m >= 1 && m <= 12;

/** A date with its year last: day and month in either order (7/15/2025, 15/07/2025, 7/15/25). */
const YEAR_LAST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$/;

/** Which comes first in a column's dates with the year last: "dmy" (15/07/2025) or "mdy" (7/15/2025). */
export type DayOrder = "dmy" | "mdy";

/**
 * The order a column's year-last dates are written in, from those whose day is above 12, or
 * undefined when none tells (or they disagree).
 * @example dayOrderOf(["7/15/2025", "8/3/2025"]) // "mdy"
 */
export function dayOrderOf(cells: readonly CellValue[]): DayOrder | undefined {
  let dmy = false;
  let mdy = false;
  for (const v of cells) {
    const m = typeof v === "string" ? YEAR_LAST.exec(fold(v)) : null;
    if (!m) continue;
    if (Number(m[1]) > 12) dmy = true;
    if (Number(m[2]) > 12) mdy = true;
  }
  return dmy === mdy ? undefined : dmy ? "dmy" : "mdy";
}

/**
 * A month as exports write it, or undefined: 1–12, 1月 (and 1月份, 1月实际), 一月…十二月,
 * Jan / January (and "Jan 2025", "Jan actual"), M1…M12, 2025-01, 2025/1, 2025年1月,
 * 2025-01-15 and other dates, 01/2025, 202501, a date with the year last (7/15/2025 and
 * 15/07/2025: the day is the one above 12, or `order` says which comes first; 3/8/2025 alone
 * is undefined), or a date serial (a date cell of a file).
 * @example readMonth("2025年3月") // { month: 2, year: 2025 }
 * @example readMonth("Mar") // { month: 2 }
 * @example readMonth(45689) // { month: 1, year: 2025 } (2025-02-01)
 */
export function readMonth(v: CellValue, order?: DayOrder): MonthRead | undefined {
  if (typeof v === "number") {
    if (okMonth(v)) return { month: v - 1 };
    if (Number.isInteger(v) && v >= 190001 && v <= 999912 && okMonth(v % 100)) return { month: (v % 100) - 1, year: Math.floor(v / 100) };
    if (v >= 20000 && v < 80000) return fromSerial(v);
    return undefined;
  }
  if (typeof v !== "string") return undefined;
  const s = fold(v);
  if (s === "") return undefined;
  let m = /^(\d{4})[-/.年](\d{1,2})(?:月|$|[-/.](\d{1,2})日?|月\d{1,2}日)/.exec(s);
  if (m && okMonth(Number(m[2]))) return { month: Number(m[2]) - 1, year: Number(m[1]) };
  m = /^(\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m && okMonth(Number(m[1]))) return { month: Number(m[1]) - 1, year: Number(m[2]) };
  m = YEAR_LAST.exec(s);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    // The month is the one that cannot be a day above 12, or the column's order says which.
    const month = order === "dmy" || (!order && a > 12) ? b : order === "mdy" || (!order && b > 12) ? a : undefined;
    return month !== undefined && okMonth(month) ? { month: month - 1, year } : undefined;
  }
  m = /^(\d{4})(\d{2})$/.exec(s);
  if (m && okMonth(Number(m[2]))) return { month: Number(m[2]) - 1, year: Number(m[1]) };
  m = /^(\d{1,2})月/.exec(s);
  if (m && okMonth(Number(m[1]))) return { month: Number(m[1]) - 1 };
  m = /^(\d{1,2})$/.exec(s);
  if (m && okMonth(Number(m[1]))) return { month: Number(m[1]) - 1 };
  m = /^(?:m|month)(\d{1,2})$/.exec(s);
  if (m && okMonth(Number(m[1]))) return { month: Number(m[1]) - 1 };
  // 十二月 before 二月: the longest Chinese numeral first.
  for (let i = 11; i >= 0; i--) if (s.startsWith(`${CN_MONTHS[i]}月`)) return { month: i };
  // The letters end where the word does ("Marketing" is no month); then a year of four digits
  // or two ("Jul 2025" is 2025, not 2020 and a stray "25").
  m = /^([a-z]{3})[a-z]*?(?=[^a-z]|$)(?:[-'.]?(\d{4}|\d{2})(?!\d))?/.exec(s);
  if (m) {
    const i = MONTH_WORDS.indexOf(m[1]);
    const full = /^[a-z]+/.exec(s)![0];
    const names = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    // "Jan", "January", "Sept" — not "Marketing" or "Mayor".
    if (i >= 0 && (full.length === 3 || names[i].startsWith(full) || full === "sept")) {
      const y = m[2] === undefined ? undefined : m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
      return y === undefined ? { month: i } : { month: i, year: y };
    }
  }
  return undefined;
}

// ---- amounts -----------------------------------------------------------------------------

const PLACEHOLDERS = new Set(["-", "--", "—", "——", "–", "/", "n/a", "na", "无", "空", "null", "暂无"]);
const UNIT_SUFFIX = /(亿元|百万元|万元|千元|亿|万|元)$/;

/** An amount read from a cell. */
type AmountRead = { kind: "number"; value: number; unit?: ExportUnit } | { kind: "blank" } | { kind: "placeholder" } | { kind: "bad" };

/**
 * An amount as exports write it: a number, or text holding one — thousands separators,
 * full-width digits, a currency sign (¥, ￥, $), accounting brackets or a minus for a
 * negative, a trailing % (95% is 0.95), a trailing unit word (1.2万: the cell's own unit).
 * @example readAmount("１２，３４５.６") // { kind: "number", value: 12345.6 }
 * @example readAmount("(1,200)") // { kind: "number", value: -1200 }
 * @example readAmount("-") // { kind: "placeholder" }
 */
export function readAmount(v: CellValue | undefined): AmountRead {
  if (blank(v)) return { kind: "blank" };
  if (typeof v === "number") return Number.isFinite(v) ? { kind: "number", value: v } : { kind: "bad" };
  if (typeof v !== "string") return { kind: "bad" };
  // Plain ASCII digits, the common case of a text export, need none of what follows.
  if (/^-?\d{1,15}(\.\d{1,15})?$/.test(v)) {
    const n = Number(v);
    return { kind: "number", value: n === 0 ? 0 : n };
  }
  let s = v.normalize("NFKC").replace(/[\s\u200b-\u200d\ufeff]+/g, "").replace(/^'/, "");
  if (PLACEHOLDERS.has(s.toLowerCase())) return { kind: "placeholder" };
  let sign = 1;
  if (/^\(.*\)$/.test(s)) {
    sign = -1;
    s = s.slice(1, -1);
  }
  if (/^[-−]/.test(s)) {
    sign = -sign;
    s = s.slice(1);
  } else if (s.startsWith("+")) s = s.slice(1);
  s = s.replace(/^(?:[¥$€£]|cny|rmb)/i, "");
  if (/^[-−]/.test(s)) {
    sign = -sign;
    s = s.slice(1);
  }
  let unit: ExportUnit | undefined;
  const u = UNIT_SUFFIX.exec(s);
  if (u) {
    unit = u[1] === "亿" ? "亿元" : u[1] === "万" ? "万元" : (u[1] as ExportUnit);
    s = s.slice(0, -u[1].length);
  }
  let percent = false;
  if (s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1);
  }
  let n: number;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) n = Number(s.replace(/,/g, ""));
  else if (/^(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s)) n = Number(s);
  else return { kind: "bad" };
  if (!Number.isFinite(n)) return { kind: "bad" };
  const value = sign * (percent ? Number((n / 100).toPrecision(15)) : n);
  return { kind: "number", value: value === 0 ? 0 : value, ...(unit ? { unit } : {}) };
}

// ---- units -------------------------------------------------------------------------------

/** A unit word (folded) as an {@link ExportUnit}, or undefined. */
function unitOfWord(word: string): ExportUnit | undefined {
  const w = word.replace(/^[:：,，;；]+|[:：,，;；.。]+$/g, "").replace(/^(?:人民币|rmb|cny)(?=.)/, "");
  if (/^(?:亿元|亿|亿人民币|100m|hundredmillion|hundredmillions)$/.test(w)) return "亿元";
  if (/^(?:百万元|百万|百万人民币|million|millions|mn|m)$/.test(w)) return "百万元";
  if (/^(?:万元|万|万人民币|10k|10,000|10000|tenthousand|tenthousands)$/.test(w)) return "万元";
  if (/^(?:千元|千|k|'000|000|thousand|thousands)$/.test(w)) return "千元";
  if (/^(?:元|人民币|人民币元|cny|rmb|yuan|¥|元人民币)$/.test(w)) return "元";
  return undefined;
}

/**
 * The unit a header or title cell states, or undefined: "金额(万元)", "回款（元）",
 * "单位：万元", "Amount (CNY 10k)", "Unit: yuan", "销售额万元".
 * @example unitIn("金额（万元）") // "万元"
 * @example unitIn("单位:元") // "元"
 */
export function unitIn(cell: string): ExportUnit | undefined {
  const s = fold(cell);
  for (const m of s.matchAll(/[([{【]([^)\]}】]*)[)\]}】]/g)) {
    const u = unitOfWord(m[1]);
    if (u) return u;
  }
  const after = /(?:金额单位|货币单位|单位|units?|currency)[:：]?(.+)$/.exec(s);
  if (after) {
    const u = unitOfWord(after[1]);
    if (u) return u;
  }
  const tail = /(?:金额|额|收入|业绩|回款|实际|amount|sales|revenue)(亿元|百万元|万元|千元|元)$/.exec(s);
  return tail ? (tail[1] as ExportUnit) : undefined;
}

// ---- the header --------------------------------------------------------------------------

const NAME_WORDS = ["姓名", "名字", "销售员", "销售人员", "业务员", "销售代表", "负责人", "员工", "人员", "客户经理", "责任人", "经办人", "指标", "项目", "名称", "团队", "区域", "部门", "name", "rep", "salesrep", "salesperson", "employee", "owner", "person", "indicator", "kpi", "team", "region"];
const NAME_PARTS = ["姓名", "销售员", "业务员", "销售代表", "负责人", "员工", "人员", "客户经理", "责任人", "name", "salesperson", "salesrep", "employee", "owner"];
/** Words that make a column one of names rather than of something about a person (业务员名称, Sales Rep Name). */
const NAME_STRONG = /(?:姓名|名称|名字|name)/;
/** A column of codes beside the names (业务员编码, 员工编号, 工号, Sales Rep ID). */
const CODE_WORDS = /(?:编码|编号|代码|工号|账号|id$|code|number|no\.?$)/;
const MONTH_HEADERS = /^(?:月份|月|期间|会计期间|日期|年月|月度|统计月份|统计期间|所属月份|业绩月份|成交日期|回款日期|签约日期|下单日期|单据日期|month|period|date|yearmonth|monthyear)|(?:日期|月份|date|month|period)$/;
const AMOUNT_HEADERS = /(?:金额|销售额|成交额|回款|业绩|实际|实绩|收入|营收|数值|amount|sales|revenue|actual|value)/;
const TOTAL_WORDS = /(?:合计|总计|小计|共计|汇总|全年|累计|总额)|^(?:grand)?(?:sub)?totals?(?:$|[^a-z])|^sum$|total$|^ytd$|^fy$|^year$/;
const TARGET_WORDS = /(?:目标|计划|预算|指标值|target|plan|budget|goal|quota)/;
const ACTUAL_WORDS = /(?:实际|完成|实绩|销售额|回款|成交|actual|done)/;

/** Whether a name cell (folded) names a totals row. */
export function isTotalName(name: string): boolean {
  return TOTAL_WORDS.test(fold(name));
}

interface Header {
  row: number;
  layout: "long" | "wide";
  name: number;
  month?: number;
  amount?: number;
  /** Month of each column (wide). */
  months?: Map<number, MonthRead>;
  totalColumns: number[];
  /** Header cells saying two columns hold one month. */
  twice: ExportNote[];
}

/** The name column of a header row, or -1. */
function nameColumn(cells: string[]): number {
  // People's words before indicators' and groups' (a region column beside the reps' names).
  for (const word of NAME_WORDS) {
    const exact = cells.indexOf(word);
    if (exact >= 0) return exact;
  }
  // A column about people, not one of their codes nor of their figures ("销售员业绩") — unless
  // it says it holds names ("Sales Rep Name"); the one that says so first.
  const about = cells.map((c, i) => ({ c, i })).filter(({ c }) => c !== "" && NAME_PARTS.some((p) => c.includes(p)) && !CODE_WORDS.test(c) && (NAME_STRONG.test(c) || !AMOUNT_HEADERS.test(c)));
  return (about.find(({ c }) => NAME_STRONG.test(c)) ?? about[0])?.i ?? -1;
}

/** Reads one row as a header, or undefined when it is none. */
function readHeader(row: CellValue[], r: number, year: number | undefined): Header | undefined {
  const cells = row.map((v) => fold(text(v)));
  const name = nameColumn(cells);
  if (name < 0) return undefined;
  const totalColumns: number[] = [];
  const byMonth = new Map<number, number[]>();
  const months = new Map<number, MonthRead>();
  row.forEach((v, c) => {
    if (c === name || cells[c] === "") return;
    if (typeof v === "string" && TOTAL_WORDS.test(cells[c]) && !readMonth(v)) {
      totalColumns.push(c);
      return;
    }
    // Month headers as text, or as date cells of a file (serials) and numbers 1–12.
    const m = typeof v === "string" || typeof v === "number" ? readMonth(v) : undefined;
    if (!m) return;
    months.set(c, m);
    byMonth.set(m.month, [...(byMonth.get(m.month) ?? []), c]);
  });
  // A month column and an amount column: one row per name and month (a month's own column,
  // "6月", is then not a month of a wide table).
  const monthCol = cells.findIndex((c, i) => i !== name && MONTH_HEADERS.test(c) && !months.has(i));
  // (A month's own column, "7月实际", is a wide table's, not a long table's amount.)
  const amountCol = cells.findIndex((c, i) => i !== name && i !== monthCol && AMOUNT_HEADERS.test(c) && !TARGET_WORDS.test(c) && !/(?:率|%|rate)/.test(c) && !months.has(i));
  if (monthCol >= 0 && amountCol >= 0) return { row: r, layout: "long", name, month: monthCol, amount: amountCol, totalColumns, twice: [] };
  if (months.size >= 1) {
    // Two columns for one month ("1月目标", "1月实际"): the actual one, else neither.
    const twice: ExportNote[] = [];
    for (const [month, cols] of byMonth) {
      if (cols.length < 2) continue;
      const actual = cols.filter((c) => ACTUAL_WORDS.test(cells[c]) && !TARGET_WORDS.test(cells[c]));
      const keep = actual.length === 1 ? actual[0] : cols.filter((c) => !TARGET_WORDS.test(cells[c])).length === 1 ? cols.find((c) => !TARGET_WORDS.test(cells[c])) : undefined;
      for (const c of cols) if (c !== keep) months.delete(c);
      if (keep === undefined) {
        const where = cols.map((c) => at(r, c)).join(", ");
        twice.push({
          cell: at(r, cols[0]),
          kind: "monthTwice",
          en: `${where}: several columns for month ${month + 1}, none of them titled as the actual one; they are left out (title one "${month + 1}月实际" or remove the others).`,
          zh: `${where}：${month + 1}月有多列，且没有一列标明是实际数，均未读取（请把其中一列标为“${month + 1}月实际”，或删去其余列）。`,
        });
      }
    }
    // A header with a year that is not the plan's: that column is not this year's.
    if (year !== undefined) {
      for (const [c, m] of months) {
        if (m.year !== undefined && m.year !== year) {
          months.delete(c);
          twice.push({ cell: at(r, c), kind: "otherYear", en: `${at(r, c)}: "${text(row[c])}" is not in ${year}, the plan's year; the column is left out.`, zh: `${at(r, c)}：“${text(row[c])}”不在计划年度 ${year} 年内，该列未读取。` });
        }
      }
    }
    return { row: r, layout: "wide", name, months, totalColumns, twice };
  }
  return undefined;
}

/**
 * A header of two rows, as merged cells paste: the name column's title on the upper row with
 * nothing under it, and the months (or 目标 / 实际 under each month) on the lower one. The
 * upper row's titles are carried right over the blank cells a merge leaves, and each column
 * is read as one title: a month below ("1月" under "回款金额（万元）") is the column's month,
 * with the upper words after it; a month above ("目标" and "实际" under "1月") comes first,
 * the lower word after it ("1月实际"). Undefined when the two rows are not such a header.
 */
function readTwoRowHeader(rows: CellValue[][], r: number, year: number | undefined): Header | undefined {
  const upper = rows[r];
  const lower = rows[r + 1];
  if (!upper || !lower) return undefined;
  const name = nameColumn(upper.map((v) => fold(text(v))));
  if (name < 0 || !blank(lower[name])) return undefined;
  const width = Math.max(upper.length, lower.length);
  const combined: CellValue[] = [];
  let carried: CellValue | undefined;
  for (let c = 0; c < width; c++) {
    if (!blank(upper[c])) carried = upper[c];
    else if (blank(lower[c])) carried = undefined;
    const top = c === name ? upper[c] : blank(upper[c]) ? carried : upper[c];
    const bottom = lower[c];
    if (c === name || blank(bottom)) combined.push(top ?? null);
    else if (blank(top)) combined.push(bottom);
    else if (readMonth(bottom)) combined.push(typeof bottom === "string" ? `${bottom}${text(top)}` : bottom);
    else if (readMonth(top!)) combined.push(`${text(top)}${text(bottom)}`);
    else combined.push(bottom);
  }
  return readHeader(combined, r + 1, year);
}

/** Whether a row is titles under a header: nothing in the name column, only words elsewhere (no number). */
function titlesUnder(row: CellValue[] | undefined, name: number): boolean {
  if (!row || !blank(row[name])) return false;
  const filled = row.filter((v) => !blank(v));
  return filled.length > 0 && filled.every((v) => typeof v === "string" && readAmount(v).kind === "bad");
}

// ---- reading -----------------------------------------------------------------------------

/** Options of {@link readExport}. */
export interface ReadExportOptions {
  /** The unit the caller says the amounts are in; a header that says otherwise is refused. */
  unit?: ExportUnit;
  /** The plan's year: a month of another year is refused by cell (or by column). */
  year?: number;
}

/** Rows searched for the header. */
const HEADER_ROWS = 30;

/**
 * Reads an export.
 *
 * @param rows - the export's cells, row by row, from its top-left cell (A1): a pasted table
 *   (`readPastedTable`) or a sheet of a file; numbers may still be text
 * @param options - the unit chosen, the plan's year
 * @returns one entry per name and month (several rows added up), the problems and skipped
 *   rows by cell, the unit (undefined when no one says it)
 * @throws ExportError when there is nothing to read, no header row (a name column and month
 *   columns, or a month and an amount column) within the first 30 rows, or the unit chosen
 *   and the unit the export states disagree (or the export states two)
 * @example
 * readExport([["姓名", "1月", "2月"], ["张伟", "1,200", 980]], { unit: "元", year: 2025 }).entries
 * // [{ name: "张伟", key: "张伟", month: 0, amount: 1200, cell: "B2", parts: 1, rows: [2] }, { …, month: 1, amount: 980, … }]
 */
export function readExport(rows: CellValue[][], options: ReadExportOptions = {}): ExportRead {
  // 1. The header row, and the unit said above it or in it.
  const filled = rows.some((r) => r.some((v) => !blank(v)));
  if (!filled) throw new ExportError("empty", { en: "The export is empty: paste or open a table with a name column and the months' amounts.", zh: "导出数据为空：请粘贴或打开带姓名列和各月金额的表格。" });
  let header: Header | undefined;
  for (let r = 0; r < Math.min(rows.length, HEADER_ROWS) && !header; r++) {
    const one = readHeader(rows[r], r, options.year);
    // A row of titles under it (目标 / 实际 under each month): the header is both rows.
    header = one && !titlesUnder(rows[r + 1], one.name) ? one : (readTwoRowHeader(rows, r, options.year) ?? one);
  }
  if (!header) {
    throw new ExportError("noHeader", {
      en: "No header row found in the first 30 rows: the export needs a name column (姓名, Name, 销售员…) and either month columns (1月…12月, Jan…Dec, 2025-01…) or a month column and an amount column (月份, 金额).",
      zh: "前 30 行中未找到表头：导出数据需要一列姓名（姓名、销售员、Name…），以及各月列（1月…12月、Jan…Dec、2025-01…）或一列月份和一列金额（月份、金额）。",
    });
  }
  const unit = exportUnit(rows, header, options.unit);

  // 2. The rows below the header.
  const byKey = new Map<string, ExportEntry>();
  const out: ExportRead = {
    layout: header.layout,
    headerRow: header.row + 1,
    columns: {
      name: colLetter(header.name),
      ...(header.layout === "long"
        ? { month: colLetter(header.month!), amount: colLetter(header.amount!) }
        : { months: Array.from({ length: 12 }, (_, m) => [...header!.months!].find(([, x]) => x.month === m)?.[0]).map((c) => (c === undefined ? undefined : colLetter(c))) }),
    },
    ...(unit ? { unit } : {}),
    entries: [],
    problems: [...header.twice],
    skipped: [],
    rows: 0,
    blankRows: 0,
    added: 0,
    totalColumns: header.totalColumns.map((c) => colLetter(c)),
  };
  // The name's key once per row (folding is most of the reading's time).
  let keyOf = { name: "", key: "" };
  const add = (name: string, month: number, amount: number, cell: string, row: number) => {
    if (keyOf.name !== name) keyOf = { name, key: nameKey(name) };
    const key = `${keyOf.key}\u0000${month}`;
    const e = byKey.get(key);
    if (!e) {
      const entry: ExportEntry = { name, key: keyOf.key, month, amount, cell, parts: 1, rows: [row + 1] };
      byKey.set(key, entry);
      out.entries.push(entry);
      return;
    }
    e.amount = Number((e.amount + amount).toPrecision(15));
    e.parts++;
    if (!e.rows.includes(row + 1)) e.rows.push(row + 1);
    out.added++;
  };
  const note = (list: ExportNote[], cell: string, kind: ExportNote["kind"], words: Words) => list.push({ cell, kind, ...words });
  /** An amount cell: its number (a unit of its own checked against the export's), or a note. */
  const amountAt = (r: number, c: number): number | undefined => {
    const read = readAmount(rows[r][c]);
    const cell = at(r, c);
    const shown = text(rows[r][c]);
    if (read.kind === "blank") return undefined;
    if (read.kind === "placeholder") {
      note(out.skipped, cell, "placeholder", { en: `${cell}: "${shown}" read as no figure (the cell is left as it is).`, zh: `${cell}：“${shown}”视为无数据（对应单元格保持不变）。` });
      return undefined;
    }
    if (read.kind === "bad") {
      note(out.problems, cell, "notNumber", { en: `${cell}: "${shown}" is not a number; left out.`, zh: `${cell}：“${shown}”不是数字，未读取。` });
      return undefined;
    }
    if (read.unit && out.unit && read.unit !== out.unit.unit) {
      note(out.problems, cell, "unitInCell", {
        en: `${cell}: "${shown}" is in ${read.unit}, the export's amounts in ${out.unit.unit}; left out.`,
        zh: `${cell}：“${shown}”的单位是${read.unit}，而导出数据的金额单位是${out.unit.unit}，未读取。`,
      });
      return undefined;
    }
    return read.value;
  };

  // A long export's dates with the year last: the order its column writes them in.
  const order = header.layout === "long" ? dayOrderOf(rows.slice(header.row + 1).map((row) => row[header!.month!])) : undefined;
  for (let r = header.row + 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.every((v) => blank(v))) {
      out.blankRows++;
      continue;
    }
    out.rows++;
    const rawName = row[header.name];
    const name = text(rawName).normalize("NFC").trim();
    const valueCols = header.layout === "long" ? [header.month!, header.amount!] : [...header.months!.keys()];
    const hasFigures = valueCols.some((c) => !blank(row[c]));
    // A totals row: its name cell says 合计, 小计, Total…; or, with no name, another text cell does.
    const totalWord = name !== "" ? (isTotalName(name) ? name : undefined) : row.map(text).find((v, c) => !valueCols.includes(c) && v.trim() !== "" && isTotalName(v));
    if (totalWord !== undefined) {
      note(out.skipped, `row ${r + 1}`, "total", { en: `Row ${r + 1} ("${totalWord.trim()}") is a totals row: left out.`, zh: `第 ${r + 1} 行（“${totalWord.trim()}”）是合计行，未读取。` });
      continue;
    }
    if (name === "") {
      if (hasFigures) note(out.skipped, at(r, header.name), "noName", { en: `${at(r, header.name)}: no name, so row ${r + 1}'s figures are left out.`, zh: `${at(r, header.name)}：没有姓名，第 ${r + 1} 行的数据未读取。` });
      else {
        out.blankRows++;
        out.rows--;
      }
      continue;
    }
    if (!hasFigures) {
      note(out.skipped, `row ${r + 1}`, "noFigures", { en: `Row ${r + 1} ("${name}") holds no figures.`, zh: `第 ${r + 1} 行（“${name}”）没有数据。` });
      continue;
    }
    if (header.layout === "wide") {
      for (const [c, m] of header.months!) {
        const amount = amountAt(r, c);
        if (amount !== undefined) add(name, m.month, amount, at(r, c), r);
      }
      continue;
    }
    // Long: the month, then the amount.
    const mc = header.month!;
    const monthCell = at(r, mc);
    if (blank(row[mc])) {
      note(out.problems, monthCell, "noMonth", { en: `${monthCell}: no month, so row ${r + 1} is left out.`, zh: `${monthCell}：没有月份，第 ${r + 1} 行未读取。` });
      continue;
    }
    const month = readMonth(row[mc], order);
    const twoWays = !month && typeof row[mc] === "string" ? YEAR_LAST.exec(fold(row[mc] as string)) : null;
    if (twoWays && okMonth(Number(twoWays[1])) && okMonth(Number(twoWays[2]))) {
      const [a, b, y] = [Number(twoWays[1]), Number(twoWays[2]), twoWays[3].length === 2 ? 2000 + Number(twoWays[3]) : Number(twoWays[3])];
      note(out.problems, monthCell, "badMonth", {
        en: `${monthCell}: "${text(row[mc])}" may be ${a} ${MONTH_NAMES[b - 1]} or ${MONTH_NAMES[a - 1]} ${b} (no date of the column has a day above 12 to tell); row ${r + 1} is left out. Write dates as year-month-day (${y}-07-15).`,
        zh: `${monthCell}：“${text(row[mc])}”可能是 ${b}月${a}日，也可能是 ${a}月${b}日（此列没有大于 12 的日期可供判断），第 ${r + 1} 行未读取。请把日期写成“年-月-日”（如 ${y}-07-15）。`,
      });
      continue;
    }
    if (!month) {
      note(out.problems, monthCell, "badMonth", { en: `${monthCell}: "${text(row[mc])}" is not a month (1月, 2025-01, Jan…); row ${r + 1} is left out.`, zh: `${monthCell}：“${text(row[mc])}”不是月份（如 1月、2025-01、Jan），第 ${r + 1} 行未读取。` });
      continue;
    }
    if (options.year !== undefined && month.year !== undefined && month.year !== options.year) {
      note(out.problems, monthCell, "otherYear", { en: `${monthCell}: "${text(row[mc])}" is not in ${options.year}, the plan's year; row ${r + 1} is left out.`, zh: `${monthCell}：“${text(row[mc])}”不在计划年度 ${options.year} 年内，第 ${r + 1} 行未读取。` });
      continue;
    }
    if (blank(row[header.amount!])) {
      const cell = at(r, header.amount!);
      note(out.problems, cell, "noAmount", { en: `${cell}: no amount, so row ${r + 1} is left out.`, zh: `${cell}：没有金额，第 ${r + 1} 行未读取。` });
      continue;
    }
    const amount = amountAt(r, header.amount!);
    if (amount !== undefined) add(name, month.month, amount, at(r, header.amount!), r);
  }

  // 3. Months not yet: the months after the last one with a figure other than 0.
  leaveOutMonthsNotYet(out, header);
  return out;
}

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * Leaves out the months after the last one holding a figure other than 0, when they hold only
 * zeros: a year's export pulled in August has 0 for September to December, which is "no
 * figure yet", not a month with nothing sold — written, it would make next month's import
 * find the cell filled. A 0 in a month up to the last one with figures is a real 0, and an
 * export with no figure other than 0 at all (a month of nothing sold, a count of none) is
 * kept as it is. Noted once per month column (wide) or per row (long).
 */
function leaveOutMonthsNotYet(out: ExportRead, header: Header): void {
  const last = Math.max(-1, ...out.entries.filter((e) => e.amount !== 0).map((e) => e.month));
  if (last < 0 || !out.entries.some((e) => e.month > last)) return;
  const words = (where: string, whereZh: string, m: number): Words => ({
    en: `${where} (${MONTH_NAMES[m]}): only zeros, after ${MONTH_NAMES[last]}, the last month with figures: read as no figure yet, and its cells are left as they are.`,
    zh: `${whereZh}（${m + 1}月）：全为 0，且在有数据的最后一个月（${last + 1}月）之后：视为尚无数据，对应单元格保持不变。`,
  });
  if (header.layout === "wide") {
    for (const [c, m] of [...header.months!].sort((a, b) => a[0] - b[0])) {
      if (m.month <= last || !out.entries.some((e) => e.month === m.month)) continue;
      const cell = at(header.row, c);
      out.skipped.push({ cell, kind: "notYet", ...words(cell, cell, m.month) });
    }
  } else {
    const rows = out.entries.filter((e) => e.month > last).flatMap((e) => e.rows.map((r) => [r, e.month] as const));
    for (const [r, m] of rows.sort((a, b) => a[0] - b[0])) out.skipped.push({ cell: `row ${r}`, kind: "notYet", ...words(`Row ${r}`, `第 ${r} 行`, m) });
  }
  out.entries = out.entries.filter((e) => e.month <= last);
}

/**
 * The unit of the amounts: the one chosen, checked against what the export says (title rows
 * above the header, the header's amount or month cells, a unit written in the amount cells).
 */
function exportUnit(rows: CellValue[][], header: Header, chosen: ExportUnit | undefined): ExportRead["unit"] {
  const said: { unit: ExportUnit; cell: string }[] = [];
  for (let r = 0; r <= header.row; r++) {
    rows[r].forEach((v, c) => {
      if (typeof v !== "string" || v.trim() === "") return;
      if (r === header.row && c === header.name) return;
      const u = unitIn(v);
      if (u) said.push({ unit: u, cell: at(r, c) });
    });
  }
  // Units written in the amount cells themselves ("1.2万"), when every such cell agrees.
  const valueCols = header.layout === "long" ? [header.amount!] : [...header.months!.keys()];
  const inCells = new Map<ExportUnit, string>();
  for (let r = header.row + 1; r < rows.length; r++) {
    for (const c of valueCols) {
      const read = readAmount(rows[r][c]);
      if (read.kind === "number" && read.unit && !inCells.has(read.unit)) inCells.set(read.unit, at(r, c));
    }
  }
  if (inCells.size > 1) {
    const list = [...inCells].map(([u, cell]) => `${cell} ${u}`).join(", ");
    throw new ExportError("unitConflict", { en: `The amounts are written in two units (${list}): give them in one unit.`, zh: `金额使用了两种单位（${list}）：请统一为一种单位。` });
  }
  const units = new Set(said.map((s) => s.unit));
  if (units.size > 1) {
    const list = said.map((s) => `${s.cell} ${s.unit}`).join(", ");
    throw new ExportError("unitConflict", { en: `The export states two units (${list}): make them agree, or give the amounts in one unit.`, zh: `导出数据标明了两种单位（${list}）：请统一为一种单位。` });
  }
  const stated = said[0];
  if (chosen && stated && stated.unit !== chosen) {
    throw new ExportError("unitConflict", {
      en: `You chose ${chosen}, but ${stated.cell} says the amounts are in ${stated.unit}: choose ${stated.unit}, or correct the export's header.`,
      zh: `您选择的单位是${chosen}，但 ${stated.cell} 标明金额单位是${stated.unit}：请选择${stated.unit}，或更正导出数据的表头。`,
    });
  }
  if (chosen) return { unit: chosen, from: "chosen" };
  if (stated) return { unit: stated.unit, from: "export", cell: stated.cell };
  if (inCells.size === 1) {
    const [[unit, cell]] = [...inCells];
    return { unit, from: "export", cell };
  }
  return undefined;
}
