/**
 * An independent checker of Excel's three formula limits, for tests: it reads our
 * invariant-syntax formulas with a tokenizer of its own (it shares no code with the builders
 * or the evaluator), so a builder cannot pass by agreeing with itself.
 *
 * The limits, in Microsoft's words:
 * - "Excel specifications and limits" (support.microsoft.com, Calculation specifications and
 *   limits): "Length of formula contents: 8,192 characters", "Arguments in a function: 255",
 *   "Nested levels of functions: 64".
 * - [MS-OI29500] 2.1.1085, ST_Formula: "Excel restricts the contents of this simple type to be
 *   at most 8192 characters." (the formula as a file stores it: no leading "=", `_xlfn.`
 *   prefixes included).
 * - Excel 2003 help, "About functions", Nesting level limits: "When Function B is used as an
 *   argument in Function A, Function B is a second-level function." So the outermost call is
 *   level 1, and grouping brackets `(…)` are not a level; a formula of 65 nested calls fails.
 * - A fourth, on string literals: a formula's string constant is a PtgStr whose text is a
 *   ShortXLUnicodeString ([MS-XLS] 2.5.198.95 PtgStr, "string (variable): A
 *   ShortXLUnicodeString value that specifies the string"; 2.5.240 ShortXLUnicodeString,
 *   "cch (1 byte): An unsigned integer that specifies the count of characters in the
 *   string"): at most 255 characters, doubled quotes counted once. Excel says so when one
 *   is typed: "Text values in formulas are limited to 255 characters".
 *
 * @example excelLimitProblems("SUM(A1,ABS(B1))") // []
 * @example measureFormula("IF(A1=1,MAX(1,ABS(B1)),0)").depth // 3
 */

/** Most characters in a formula (without the leading "="). */
export const MAX_FORMULA_LENGTH = 8192;
/** Most levels of nested function calls (the outermost call is level 1). */
export const MAX_NESTING = 64;
/** Most arguments in one function call. */
export const MAX_ARGUMENTS = 255;
/** Most characters (UTF-16 units) of one string literal. */
export const MAX_TEXT_LITERAL = 255;

/** What {@link measureFormula} finds. */
export interface FormulaMeasure {
  /** Characters, without a leading "=". */
  length: number;
  /** Deepest level of nested function calls (0 for a formula without a call). */
  depth: number;
  /** The most arguments any one call has, and which function that is. */
  maxArguments: number;
  widestCall: string;
  /** Characters of the longest string literal ("" inside counted once). */
  longestText: number;
}

type Bracket = { call: string | null; args: number; empty: boolean };

/**
 * Measures a formula: its length, its deepest function nesting and its widest call.
 * Strings ("…" with "" inside), quoted sheet names ('…'!), array constants ({…}) and the
 * union operator's commas inside grouping brackets are read as Excel reads them.
 * @param formula - invariant syntax, with or without the leading "="
 * @throws Error on unbalanced brackets or an unterminated string (not a formula Excel takes)
 */
export function measureFormula(formula: string): FormulaMeasure {
  const f = formula.startsWith("=") ? formula.slice(1) : formula;
  const stack: Bracket[] = [];
  let depth = 0;
  let deepest = 0;
  let maxArguments = 0;
  let widestCall = "";
  let longestText = 0;
  let braces = 0;
  let i = 0;
  const close = (b: Bracket): void => {
    if (b.call === null) return;
    const args = b.empty ? 0 : b.args;
    if (args > maxArguments) {
      maxArguments = args;
      widestCall = b.call;
    }
    depth--;
  };
  while (i < f.length) {
    const ch = f[i];
    if (ch === '"' || ch === "'") {
      // A string literal, or a quoted sheet name; a doubled quote stays inside.
      let j = i + 1;
      for (;;) {
        if (j >= f.length) throw new Error(`unterminated ${ch === '"' ? "string" : "sheet name"} in ${f.slice(0, 80)}`);
        if (f[j] === ch) {
          if (f[j + 1] === ch) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      if (ch === '"') longestText = Math.max(longestText, f.slice(i + 1, j).replace(/""/g, '"').length);
      if (stack.length) stack[stack.length - 1].empty = false;
      i = j + 1;
      continue;
    }
    if (ch === "{") {
      if (braces === 0 && stack.length) stack[stack.length - 1].empty = false;
      braces++;
      i++;
      continue;
    }
    if (ch === "}") {
      braces--;
      i++;
      continue;
    }
    if (braces > 0) {
      i++;
      continue;
    }
    const name = /^[A-Za-z_\\][A-Za-z0-9_.\\]*/.exec(f.slice(i));
    if (name) {
      const after = i + name[0].length;
      if (f[after] === "(") {
        if (stack.length) stack[stack.length - 1].empty = false;
        stack.push({ call: name[0].toUpperCase(), args: 1, empty: true });
        depth++;
        deepest = Math.max(deepest, depth);
        i = after + 1;
        continue;
      }
      if (stack.length) stack[stack.length - 1].empty = false;
      i = after;
      continue;
    }
    if (ch === "(") {
      if (stack.length) stack[stack.length - 1].empty = false;
      stack.push({ call: null, args: 1, empty: true });
      i++;
      continue;
    }
    if (ch === ")") {
      const b = stack.pop();
      if (!b) throw new Error(`unbalanced ")" in ${f.slice(0, 80)}`);
      close(b);
      i++;
      continue;
    }
    if (ch === ",") {
      const b = stack[stack.length - 1];
      // A comma directly inside a call separates its arguments; elsewhere it is the union operator.
      if (b && b.call !== null) {
        b.args++;
        b.empty = false;
      }
      i++;
      continue;
    }
    if (ch !== " " && stack.length) stack[stack.length - 1].empty = false;
    i++;
  }
  if (stack.length) throw new Error(`unbalanced "(" in ${f.slice(0, 80)}`);
  return { length: f.length, depth: deepest, maxArguments, widestCall, longestText };
}

/**
 * The limits a formula breaks, one sentence each (none when Excel takes it, and none for
 * text this reader cannot take for a formula at all: unbalanced brackets are not a limit).
 * @example excelLimitProblems("x".repeat(8193)) // ["8,193 characters (Excel takes at most 8,192)"]
 */
export function excelLimitProblems(formula: string): string[] {
  let m: FormulaMeasure;
  try {
    m = measureFormula(formula);
  } catch {
    return [];
  }
  const out: string[] = [];
  if (m.length > MAX_FORMULA_LENGTH) out.push(`${m.length.toLocaleString("en-US")} characters (Excel takes at most 8,192)`);
  if (m.depth > MAX_NESTING) out.push(`${m.depth} levels of nested functions (Excel takes at most 64)`);
  if (m.maxArguments > MAX_ARGUMENTS) out.push(`${m.maxArguments} arguments in ${m.widestCall} (Excel takes at most 255)`);
  if (m.longestText > MAX_TEXT_LITERAL) out.push(`a text of ${m.longestText} characters in quotes (Excel takes at most 255 in one literal)`);
  return out;
}

/**
 * Throws, naming where and which limit, when a formula breaks one of Excel's limits.
 * @param formula - invariant syntax, with or without the leading "="
 * @param where - for the message, e.g. "Tracking!AH6"
 */
export function expectWithinExcelLimits(formula: string, where: string): void {
  measureFormula(formula); // throws on a formula that does not read
  const problems = excelLimitProblems(formula);
  if (problems.length) throw new Error(`${where}: ${problems.join("; ")}: ${formula.slice(0, 120)}…`);
}

/**
 * Every formula of a workbook spec (cells, their live variants, conditional formats) checked
 * against the three limits; returns how many formulas were checked.
 */
export function expectSpecWithinExcelLimits(spec: {
  sheets: { name: string; rows: ({ f: string; live?: string } | { v: unknown } | null)[][]; conditionalFormats?: { range: string; formula: string }[] }[];
}): number {
  let n = 0;
  for (const sheet of spec.sheets) {
    sheet.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell || !("f" in cell)) return;
        expectWithinExcelLimits(cell.f, `${sheet.name} row ${r + 1} column ${c + 1}`);
        if (cell.live) expectWithinExcelLimits(cell.live, `${sheet.name} row ${r + 1} column ${c + 1} (live)`);
        n++;
      }),
    );
    for (const cf of sheet.conditionalFormats ?? []) {
      expectWithinExcelLimits(cf.formula, `${sheet.name} conditional format on ${cf.range}`);
      n++;
    }
  }
  return n;
}
