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
  let prefix = "";
  let suffix = "";
  let code = "";
  let percent = false;
  const literal = (text: string) => {
    if (code === "") prefix += text;
    else suffix += text;
  };
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      literal(section.slice(i + 1, end < 0 ? undefined : end));
      i = end < 0 ? section.length : end;
    } else if (ch === "\\") {
      literal(section[i + 1] ?? "");
      i += 1;
    } else if (ch === "[") {
      const end = section.indexOf("]", i);
      i = end < 0 ? section.length : end;
    } else if (ch === "_" || ch === "*") {
      i += 1;
    } else if ("#0?.,".includes(ch) && suffix === "") {
      code += ch;
    } else if (ch === "%") {
      percent = true;
      literal("%");
    } else {
      literal(ch);
    }
  }
  const dot = code.indexOf(".");
  const integerPart = dot >= 0 ? code.slice(0, dot) : code;
  const decimalPart = dot >= 0 ? code.slice(dot + 1) : "";
  const decimals = (decimalPart.match(/[0#?]/g) ?? []).length;
  const minDecimals = (decimalPart.match(/0/g) ?? []).length;
  const trailingCommas = (/,+$/.exec(code) ?? [""])[0].length;
  const grouping = /[#0?],[#0?]/.test(integerPart);
  let n = shown;
  if (percent) n *= 100;
  n /= 1000 ** trailingCommas;
  const text = new Intl.NumberFormat("en-US", {
    minimumFractionDigits: minDecimals,
    maximumFractionDigits: decimals,
    useGrouping: grouping,
  }).format(n);
  return `${prefix}${text}${suffix}`;
}
