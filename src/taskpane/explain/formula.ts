/*
 * Reading a cell's formula for "Explain this cell": find the TARGET.* call in it and tell
 * what each argument is — a constant, an array constant, a reference to cells (on this sheet
 * or `Sheet!A1:B2`, absolute or relative), a defined name, left out, or an expression the
 * pane cannot evaluate. Pure: no workbook, no Office.js.
 *
 * Formulas come as Office.js's `Range.formulas` gives them (invariant syntax: "," between
 * arguments, "." for decimals, array constants `{1,2;3,4}` with ";" between rows), or as a
 * file stores a custom function when the add-in was not loaded: `_xldudf_TARGET_SCORE(…)`
 * (the namespace's dot becomes "_"; office-js #877, #5611). Names are matched whatever
 * their case.
 */
import { FUNCTION_NAMES, type FunctionName } from "../i18n";

/** A constant as a formula writes it: a number, a text in quotes, TRUE or FALSE. */
export type Constant = number | string | boolean;

/** One argument of the TARGET.* call, as written. */
export type FormulaArgument =
  /** Left out: `TARGET.SCORE(A1,B1,40,,50)`. */
  | { kind: "omitted"; text: "" }
  | { kind: "constant"; text: string; value: Constant }
  /** An array constant, row by row: `{1,2;3,4}` is [[1,2],[3,4]]. */
  | { kind: "array"; text: string; rows: Constant[][] }
  /** Cells: `address` without `$` ("B2", "B2:C9"); `sheet` when the reference names one. */
  | { kind: "reference"; text: string; sheet?: string; address: string }
  /** A defined name (`Targets`, `Sheet1!Targets`). */
  | { kind: "name"; text: string; name: string; sheet?: string }
  /** Anything else: a calculation, another function, a whole column… */
  | { kind: "expression"; text: string };

/** What a formula is, for "Explain this cell". */
export type FormulaReading =
  /** One TARGET.* call; `wrapped` when the formula has more around it (`=IF(B2="","",TARGET.STATUS(B2,C2))`). */
  | { kind: "call"; fn: FunctionName; args: FormulaArgument[]; wrapped: boolean; text: string }
  /** Not a formula at all (a constant, an empty cell). */
  | { kind: "notFormula" }
  /** A formula without a TARGET.* call. */
  | { kind: "noTarget" }
  /** `TARGET.SOMETHING(` that is not one of ours. */
  | { kind: "unknownFunction"; name: string }
  /** More than one TARGET.* call: the pane explains one call at a time. */
  | { kind: "several"; count: number }
  /** Quotes, brackets or braces that do not close. */
  | { kind: "unreadable" };

/**
 * A formula as Excel shows it with the add-in loaded: each stored `_xldudf_TARGET_SCORE(` is
 * written `TARGET.SCORE(` (a file keeps that internal name when the add-in was not loaded;
 * a planner never typed it). Text in quotes is left as it is.
 * @example shownFormula("=_xldudf_TARGET_ATTAIN(B3,C3)") // "=TARGET.ATTAIN(B3,C3)"
 */
export function shownFormula(formula: string): string {
  // Split on quoted runs ("text", 'sheet'): odd parts are quoted.
  return formula
    .split(/("(?:[^"]|"")*"|'(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/_xldudf_TARGET[._]([A-Za-z0-9]+)(?=\s*\()/gi, (_m, name: string) => `TARGET.${name.toUpperCase()}`)))
    .join("");
}

/** A TARGET.* function name as Excel shows it or as a file stores it. */
const CALL_NAME = /^(?:_xldudf_)?TARGET[._]([A-Za-z0-9]+)$/i;
/** Characters of a function or defined name (and of `_xldudf_…`). */
const NAME_CHAR = /[\p{L}\p{N}_.\\]/u;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%*$/;
const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const DEFINED_NAME = /^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u;
const UNQUOTED_SHEET = /^[\p{L}\p{N}_.]+$/u;

/**
 * Skips a quoted run starting at `i` (a `"` text or a `'` sheet name; the quote doubled
 * inside is one quote). Returns the index after the closing quote, or -1 when it never closes.
 */
function skipQuoted(s: string, i: number): number {
  const q = s[i];
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] !== q) continue;
    if (s[j + 1] === q) {
      j++;
      continue;
    }
    return j + 1;
  }
  return -1;
}

/**
 * Splits `s` at the top-level commas (outside quotes, brackets and braces), from `start`
 * until the bracket that closes the call. Returns the pieces and the index of that `)`, or
 * undefined when something does not close.
 */
function argumentsFrom(s: string, start: number): { pieces: string[]; end: number } | undefined {
  const pieces: string[] = [];
  let depth = 0;
  let from = start;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") {
      const next = skipQuoted(s, i);
      if (next < 0) return undefined;
      i = next - 1;
    } else if (c === "(" || c === "{" || c === "[") {
      depth++;
    } else if (c === ")" || c === "}" || c === "]") {
      if (depth === 0) {
        if (c !== ")") return undefined;
        pieces.push(s.slice(from, i));
        return { pieces, end: i };
      }
      depth--;
    } else if (c === "," && depth === 0) {
      pieces.push(s.slice(from, i));
      from = i + 1;
    }
  }
  return undefined;
}

/** Every place a TARGET.* function is called: its name as written, where it starts, where its `(` is. */
function callSites(s: string): { name: string; start: number; open: number }[] | undefined {
  const sites: { name: string; start: number; open: number }[] = [];
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") {
      const next = skipQuoted(s, i);
      if (next < 0) return undefined;
      i = next - 1;
      continue;
    }
    if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") {
      depth--;
      if (depth < 0) return undefined;
    } else if (NAME_CHAR.test(c) && (i === 0 || !NAME_CHAR.test(s[i - 1]))) {
      let j = i;
      while (j < s.length && NAME_CHAR.test(s[j])) j++;
      const word = s.slice(i, j);
      if (s[j] === "(" && /^(?:_xldudf_)?TARGET[._]/i.test(word)) sites.push({ name: word, start: i, open: j });
      i = j - 1;
    }
  }
  return depth === 0 ? sites : undefined;
}

/** A number as a formula writes it, each `%` a hundredth: "90%" is 0.9. */
function numberOf(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const percents = text.length - text.replace(/%+$/, "").length;
  const n = Number(text.slice(0, text.length - percents));
  return Number.isFinite(n) ? n / 100 ** percents : undefined;
}

/** A single constant: a number, a quoted text, TRUE or FALSE. */
function constantOf(text: string): Constant | undefined {
  if (/^"(?:[^"]|"")*"$/.test(text)) return text.slice(1, -1).replace(/""/g, '"');
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  return numberOf(text);
}

/** `{1,2;3,4}` row by row; undefined unless every element is a constant and the rows are as long. */
function arrayOf(text: string): Constant[][] | undefined {
  const body = text.slice(1, -1);
  const rows: Constant[][] = [[]];
  let from = 0;
  const take = (end: number): boolean => {
    const value = constantOf(body.slice(from, end).trim());
    if (value === undefined) return false;
    rows[rows.length - 1].push(value);
    from = end + 1;
    return true;
  };
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (c === '"') {
      const next = skipQuoted(body, i);
      if (next < 0) return undefined;
      i = next - 1;
    } else if (c === "," || c === ";" || i === body.length) {
      if (!take(i)) return undefined;
      if (c === ";") rows.push([]);
    }
  }
  return rows.every((r) => r.length === rows[0].length) ? rows : undefined;
}

/** Whether "B2" is a cell Excel has (columns to XFD, rows to 1,048,576). */
function isCell(text: string): boolean {
  const m = CELL.exec(text);
  if (!m) return false;
  const letters = m[1].toUpperCase();
  const row = Number(m[2]);
  return row >= 1 && row <= 1_048_576 && (letters.length < 3 || letters <= "XFD");
}

/** `Sheet!rest` or `'My sheet'!rest` → the sheet and the rest; the text itself when it names no sheet. */
function sheetPrefix(text: string): { sheet?: string; rest: string } | undefined {
  if (text.startsWith("'")) {
    const end = skipQuoted(text, 0);
    if (end < 0 || text[end] !== "!") return undefined;
    return { sheet: text.slice(1, end - 1).replace(/''/g, "'"), rest: text.slice(end + 1) };
  }
  const bang = text.indexOf("!");
  if (bang < 0) return { rest: text };
  const sheet = text.slice(0, bang);
  return UNQUOTED_SHEET.test(sheet) ? { sheet, rest: text.slice(bang + 1) } : undefined;
}

/**
 * What one argument is, from its text.
 * @example readArgument("90%") // { kind: "constant", text: "90%", value: 0.9 }
 * @example readArgument("'Q1 plan'!$B$2:C3") // { kind: "reference", text: …, sheet: "Q1 plan", address: "B2:C3" }
 */
export function readArgument(raw: string): FormulaArgument {
  const text = raw.trim();
  if (text === "") return { kind: "omitted", text: "" };
  const value = constantOf(text);
  if (value !== undefined) return { kind: "constant", text, value };
  if (text.startsWith("{") && text.endsWith("}")) {
    const rows = arrayOf(text);
    return rows ? { kind: "array", text, rows } : { kind: "expression", text };
  }
  const prefixed = sheetPrefix(text);
  if (prefixed) {
    const { sheet, rest } = prefixed;
    const ends = rest.split(":");
    if (ends.length <= 2 && ends.every(isCell)) {
      const address = ends.map((e) => e.replace(/\$/g, "").toUpperCase()).join(":");
      return { kind: "reference", text, ...(sheet !== undefined ? { sheet } : {}), address };
    }
    if (DEFINED_NAME.test(rest) && !isCell(rest) && !/^(true|false)$/i.test(rest)) {
      return { kind: "name", text, name: rest, ...(sheet !== undefined ? { sheet } : {}) };
    }
  }
  return { kind: "expression", text };
}

/**
 * Reads a cell's formula: the TARGET.* call in it and its arguments.
 * @param formula - as `Range.formulas` gives it ("=TARGET.SCORE(B2,C2,40)"); without a
 *   leading "=" it is not a formula
 * @example readFormula('=TARGET.SCORE(B2,100%,40,"每超1%加0.5分,每低1%扣1分")').kind // "call"
 * @example readFormula("=SUM(A1:A3)") // { kind: "noTarget" }
 */
export function readFormula(formula: string | undefined): FormulaReading {
  const trimmed = (formula ?? "").trim();
  if (!trimmed.startsWith("=")) return { kind: "notFormula" };
  const body = trimmed.slice(1).trim();
  const sites = callSites(body);
  if (!sites) return { kind: "unreadable" };
  if (sites.length === 0) return { kind: "noTarget" };
  if (sites.length > 1) return { kind: "several", count: sites.length };
  const site = sites[0];
  const id = CALL_NAME.exec(site.name)?.[1]?.toUpperCase();
  const fn = FUNCTION_NAMES.find((n) => n === id);
  if (!fn) return { kind: "unknownFunction", name: site.name };
  const found = argumentsFrom(body, site.open + 1);
  if (!found) return { kind: "unreadable" };
  // `TARGET.SCORE()` has no argument at all, not one left out.
  const pieces = found.pieces.length === 1 && found.pieces[0].trim() === "" ? [] : found.pieces;
  const text = body.slice(site.start, found.end + 1);
  return { kind: "call", fn, args: pieces.map(readArgument), wrapped: text !== body, text };
}
