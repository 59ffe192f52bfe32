/*
 * Numbers as the pane shows them: amounts in the plan's unit with thousands separators,
 * percentages, and a cell as its Excel number format would show it (for previews).
 */
import type { CellValue } from "../../sheets/spec";
import type { Language } from "../i18n";

/**
 * A number with thousands separators and at most `decimals` decimals (trailing zeros dropped).
 * @example formatNumber(1234567.5, "en-US") // "1,234,567.5"
 */
export function formatNumber(value: number, language: Language, decimals = 2): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: decimals, useGrouping: true }).format(value === 0 ? 0 : value);
}

/**
 * An amount in 元 shown in a unit of `scale` 元 (1 元, 10,000 万元), with separators.
 * @example formatAmount(36000000, 10000, "zh-CN") // "3,600"
 */
export function formatAmount(value: number, scale: number, language: Language): string {
  return formatNumber(value / scale, language, scale === 1 ? 2 : 4);
}

/**
 * A fraction as a percentage.
 * @example formatPercent(0.975, "en-US") // "97.5%"
 */
export function formatPercent(value: number, language: Language, decimals = 1): string {
  return new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: decimals }).format(value);
}

/**
 * A cell value as an Excel number format shows it, for the common codes the builders use:
 * thousands separators (`#,##0`), fixed decimals (`0.00`), percent (`0.0%`), scaling by
 * trailing commas (`#,##0,`), quoted text before or after (`#,##0"万"`), and the
 * positive;negative sections. Text and booleans show as they are; `General` or no format
 * shows the number with separators.
 *
 * @example formatCell(0.25, "0%", "en-US") // "25%"
 * @example formatCell(1234567, '#,##0,"K"', "en-US") // "1,235K"
 */
export function formatCell(value: CellValue, numFmt: string | undefined, language: Language): string {
  if (value === null || value === "") return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  if (!numFmt || /^general$/i.test(numFmt) || numFmt === "@") return formatNumber(value, language, 4);
  const sections = numFmt.split(";");
  let section = sections[0];
  let shown = value;
  if (value < 0 && sections.length > 1 && sections[1] !== "") {
    section = sections[1];
    shown = -value;
  }
  const prefix: string[] = [];
  const suffix: string[] = [];
  let code = "";
  // Pull quoted text and escaped characters out; what remains is the digit pattern.
  const re = /"([^"]*)"|\\(.)|\[[^\]]*\]|(_.)|(\*.)|([^"\\[_*]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(section))) {
    const literal = m[1] ?? m[2];
    if (literal !== undefined) (code === "" ? prefix : suffix).push(literal);
    else if (m[6] !== undefined) {
      const part = m[6];
      const digits = /[#0?.,%]/.test(part) ? part : "";
      if (digits) {
        const start = part.search(/[#0?.,%]/);
        const end = part.length - [...part].reverse().join("").search(/[#0?.,%]/);
        if (code === "" && start > 0) prefix.push(part.slice(0, start));
        code += part.slice(start, end);
        if (end < part.length) suffix.push(part.slice(end));
      } else (code === "" ? prefix : suffix).push(part);
    }
  }
  const percent = code.includes("%");
  const dot = code.indexOf(".");
  const integerPart = dot >= 0 ? code.slice(0, dot) : code.replace(/%/g, "");
  const decimals = dot >= 0 ? (code.slice(dot + 1).match(/[0#?]/g) ?? []).length : 0;
  const trailingCommas = (/,+$/.exec(integerPart.replace(/%/g, "")) ?? [""])[0].length;
  const grouping = /[#0?],[#0?]/.test(integerPart);
  let n = shown;
  if (percent) n *= 100;
  n /= 1000 ** trailingCommas;
  const text = new Intl.NumberFormat("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: grouping,
  }).format(n);
  return `${prefix.join("")}${text}${percent ? "%" : ""}${suffix.join("")}`;
}
