/**
 * Names Excel accepts: sheet names (≤ 31 characters, none of `[]:*?/\`, not blank, no
 * leading or trailing apostrophe, not "History", unique without regard to case) and
 * defined names (`Check_…`, letters, digits, `_` and `.`, not a cell reference), and Excel
 * table names.
 */

/** Longest sheet name Excel allows, in UTF-16 units (an emoji counts 2). */
export const MAX_SHEET_NAME = 31;

/** Sheet names taken whatever the workbook: Excel's "History" and the stored plan's sheet (spec.ts PLAN_SHEET). */
const RESERVED_SHEETS = new Set(["history", "targetplanner"]);

/** `s` cut to at most `units` UTF-16 units, never between the halves of a surrogate pair. */
function cutUnits(s: string, units: number): string {
  let out = "";
  for (const ch of s) {
    if (out.length + ch.length > units) break;
    out += ch;
  }
  return out;
}

/** Characters Excel refuses in a sheet name. */
const BAD_SHEET_CHARS = /[[\]:*?/\\]/g;

/**
 * True when Excel accepts `name` as a sheet name (uniqueness aside).
 * @example isValidSheetName("Q1 / Q2") // false
 * @example isValidSheetName("季度分解") // true
 */
export function isValidSheetName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= MAX_SHEET_NAME &&
    !/[[\]:*?/\\]/.test(name) &&
    !name.startsWith("'") &&
    !name.endsWith("'") &&
    name.trim().length > 0 &&
    !RESERVED_SHEETS.has(name.toLowerCase()) &&
    // Control characters are refused by Excel too.
    ![...name].some((ch) => ch.charCodeAt(0) < 32)
  );
}

/**
 * Makes `wanted` a valid sheet name: bad characters become "-", control characters go,
 * apostrophes at either end go, at most 31 UTF-16 units as Excel counts them (cut between
 * characters, so an emoji is not cut in half), "Sheet" when nothing is left, and a reserved
 * name ("History", "TargetPlanner") gets " 1".
 * @example sanitizeSheetName("Plan: 2025/Q1") // "Plan- 2025-Q1"
 * @example sanitizeSheetName("😀".repeat(31)) // 15 emoji (30 units)
 */
export function sanitizeSheetName(wanted: string): string {
  let s = [...wanted]
    .filter((ch) => ch.charCodeAt(0) >= 32)
    .join("")
    .replace(BAD_SHEET_CHARS, "-")
    .trim();
  s = s.replace(/^'+|'+$/g, "").trim();
  if (s.length > MAX_SHEET_NAME) s = cutUnits(s, MAX_SHEET_NAME).trimEnd().replace(/'+$/, "");
  if (!s) s = "Sheet";
  else if (RESERVED_SHEETS.has(s.toLowerCase())) s = `${s} 1`;
  return s;
}

/**
 * A valid sheet name not yet in `taken` (compared without case, as Excel does): `wanted`
 * sanitised, then "name (2)", "name (3)", … cut to fit 31 characters. Adds it to `taken`.
 * @example uniqueSheetName("Split", new Set(["split"])) // "Split (2)"
 */
export function uniqueSheetName(wanted: string, taken: Set<string>): string {
  const base = sanitizeSheetName(wanted);
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = cutUnits(base, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/**
 * An ASCII identifier piece for defined and table names: letters and digits kept, anything
 * else "_", never empty, never starting with a digit.
 * @example namePart("East region-2") // "East_region_2"
 */
export function namePart(text: string): string {
  let s = text.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  if (!s) s = "X";
  if (/^\d/.test(s)) s = `N${s}`;
  return s.slice(0, 60);
}

/**
 * True when Excel accepts `name` as a defined name: starts with a letter or "_", then
 * letters, digits, "_" or "."; at most 255 characters; not a cell reference (A1 or R1C1)
 * and not "R" or "C".
 * @example isValidDefinedName("Check_Split_Rows") // true
 * @example isValidDefinedName("AB12") // false (a cell)
 */
export function isValidDefinedName(name: string): boolean {
  if (!/^[A-Za-z_\\][A-Za-z0-9_.]{0,254}$/.test(name)) return false;
  if (/^[A-Za-z]{1,3}\d+$/.test(name)) return false;
  if (/^[Rr]\d*[Cc]\d*$/.test(name) || /^[RrCc]$/.test(name)) return false;
  return true;
}

/**
 * Most characters in a defined name's comment. [MS-OI29500] 2.1.568, definedName: "Excel
 * restricts the value of this attribute to be at most 255 characters before escaping."
 */
export const MAX_NAME_COMMENT = 255;

/**
 * A defined name's comment Excel takes: `text` as it is when it fits in 255 characters
 * (UTF-16 units, as Excel counts them), else cut at a character boundary (an emoji or a rare
 * CJK character is never split in half) and ended with "…".
 * @example nameComment("Regions adds up to its total") // "Regions adds up to its total"
 * @example nameComment("x".repeat(300)).length // 255
 */
export function nameComment(text: string): string {
  if (text.length <= MAX_NAME_COMMENT) return text;
  let out = "";
  for (const ch of text) {
    if (out.length + ch.length > MAX_NAME_COMMENT - 1) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

/**
 * A defined name not yet in `taken` (case-insensitive): `Check_<parts…>`, then `_2`, `_3`….
 * Adds it to `taken`.
 * @example checkName(["Quarterly", "Rows"], new Set()) // "Check_Quarterly_Rows"
 */
export function checkName(parts: string[], taken: Set<string>): string {
  return uniqueDefinedName(["Check", ...parts.map(namePart)].join("_"), taken);
}

/** `wanted` (a valid defined name), or `wanted_2`, `wanted_3`, … not in `taken`; adds it. */
export function uniqueDefinedName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${wanted}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * A unique Excel table name (`T_<part>`), as table names share the defined names' space.
 * @example tableName("Quarterly split", new Set()) // "T_Quarterly_split"
 */
export function tableName(text: string, taken: Set<string>): string {
  return uniqueDefinedName(`T_${namePart(text)}`, taken);
}
