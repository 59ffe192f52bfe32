/**
 * A tiny evaluator of the native formulas our sheets write: the small subset of
 * Excel we use (arithmetic, comparisons, `&`, IF, AND, OR, NOT, MAX, MIN, INT, ROUND, ABS,
 * SIGN, SUM, COUNT, AVERAGE, SUMIF, COUNTIF, COUNTIFS, SUMPRODUCT, INDEX, ISNUMBER, TRIM,
 * LARGE, MATCH (exact), SUMIFS, AND/OR over ranges, cell references and ranges, references to
 * other sheets and {@link workbookEvaluator}), with Excel's rules for blanks, text and errors
 * as far as that subset needs them:
 * - a blank cell is 0 in arithmetic and equals "" in a comparison; "" in arithmetic is
 *   #VALUE!; TRUE/FALSE are 1/0 in arithmetic;
 * - comparisons order numbers < text < logicals; text compares case-insensitively;
 * - errors propagate; IF evaluates only the branch it takes; division by 0 is #DIV/0!;
 * - SUM/MAX/MIN/COUNT/AVERAGE take numbers from references and ranges and skip blanks,
 *   text and logicals there; typed arguments are coerced. AND takes the logicals of a range.
 * - SUMPRODUCT evaluates its arguments as arrays, as Excel does: a range is an array,
 *   operators, comparisons, ABS, INT and SIGN work cell by cell (a blank cell is 0, or ""
 *   against text), MAX/MIN/SUM still aggregate to one value; arrays of different sizes are
 *   #VALUE!; then the arrays' entries are multiplied position by position, entries that are
 *   not numbers (text, logicals) counting as 0, and the products are added in reading order.
 * - INDEX(range, row, [column]) is the cell at that 1-based position (#REF! outside it).
 * - SUMIF/SUMIFS: an error in a summed cell whose criteria match is the result (LibreOffice
 *   gives the same); an error where the criteria do not match is skipped. COUNTIF(S) skip errors.
 * - A whole formula that is a reference to an empty cell shows 0 (=F8 with F8 empty); inside
 *   an expression the empty cell stays empty (=F8="" is TRUE).
 * - ROUND(x, d) rounds halves away from zero, after reading x to 15 significant digits as
 *   Excel does (ROUND(2.675, 2) is 2.68, ROUND(-1.475, 2) is -1.48); negative digits round
 *   to the left of the point (ROUND(21.5, -1) is 20, ROUND(15000, -4) is 20000).
 * - LARGE(range, k) is the k-th largest number of the range (its blanks, text and logicals
 *   skipped; #NUM! when k < 1 or k exceeds the count); a k that is not a whole number is
 *   outside the subset. MATCH(value, range, 0) is the 1-based position of the first equal
 *   cell of a one-row or one-column range (text case-insensitive), #N/A when none is; other
 *   match types are outside the subset.
 * - References may name another sheet (`'目标管理表'!$AH$6`, `Tracking!B2`): the reader gets the
 *   sheet's name as a third argument ({@link workbookEvaluator} reads a whole workbook spec).
 *   `INDEX(range,a):INDEX(range,b)` is the range between the two cells INDEX points at.
 * - SMALL(range, k) is LARGE's mirror; IFERROR(x, y) is y when x is an error; ROWS(range) is
 *   its row count; NA() is #N/A; SUMIFS(sum range, range₁, criterion₁, …) adds where every
 *   criterion holds (criteria as SUMIF's).
 * - Array constants (`{1,2;3,4}`: commas between columns, semicolons between rows) hold
 *   numbers, text and logicals, and are ranges to the functions that take one.
 * - A function outside the subset (a `TARGET.*` custom function, or `_xldudf_TARGET_*` as a
 *   file stores one) is handed to a {@link CustomFunction} when one is given: its arguments
 *   evaluated (a range as rows of cells, an omitted argument as blank), its result a value or
 *   rows (a spilled result, which INDEX reads as a range). An error among the arguments is
 *   the result without a call (our functions accept no errors).
 * Arithmetic is plain IEEE doubles: no 15-digit snapping (LibreOffice's recalculation in
 * the workbook tests covers the real engines). Anything else is an error thrown, so a
 * formula outside the subset fails its test rather than passing by accident.
 *
 * It serves the tests (every formula the builders write is evaluated in the unit project)
 * and the pane's in-memory workbook (src/taskpane/workbench/memory.ts), which shows what the
 * formulas it holds evaluate to, never the value the engine expected.
 */

/** An Excel error value. */
export class XlError {
  constructor(readonly code: string) {}
  toString(): string {
    return this.code;
  }
}

/** A value in a cell or an intermediate result; null is a blank cell. */
export type XlValue = number | string | boolean | null | XlError;

/** A range's cells, row by row. */
type XlRange = { range: XlValue[][] };
type Val = XlValue | XlRange;

/** How the evaluator reads the sheet: one cell by 0-based row and column (and sheet, for `'Sheet'!A1`). */
export type CellReader = (row: number, col: number, sheet?: string) => XlValue;

/**
 * A function outside the native subset, such as `TARGET.SPLIT`: called with its name as
 * written, upper-cased (`TARGET.SPLIT`, `_XLDUDF_TARGET_SPLIT`), and its arguments evaluated
 * (a range as rows of cells, a single value as itself, an omitted argument as null). Returns
 * the result (one value, or rows for a spilled result), or undefined when the name is not
 * its own (the formula is then outside the subset).
 * @example const custom: CustomFunction = (name, args) => (name === "TARGET.TWICE" ? Number(args[0]) * 2 : undefined);
 */
export type CustomFunction = (name: string, args: (XlValue | XlValue[][])[]) => XlValue | XlValue[][] | undefined;

/** Column letters → 0-based index: "A" → 0, "AA" → 26. */
export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** 0-based column index → letters. */
export function colLetters(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "B3" → { row: 2, col: 1 }. */
export function parseA1(ref: string): { row: number; col: number } {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(ref);
  if (!m) throw new Error(`not a cell reference: ${ref}`);
  return { row: Number(m[2]) - 1, col: colIndex(m[1]) };
}

type Token =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "ref"; col: number; row: number; absCol: boolean; absRow: boolean; sheet?: string }
  | { t: "name"; v: string }
  | { t: "op"; v: string }
  | { t: "bool"; v: boolean };

// The tokens, matched where the tokenizer stands (sticky: no copy of the rest of the formula per token).
const QUOTED_SHEET = /'((?:[^']|'')+)'!/y;
const PLAIN_SHEET = /([A-Za-z_\u4e00-\u9fff][\w.\u4e00-\u9fff]*)!/y;
const CELL = /(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\w(])/iy;
const NUMBER = /(\d+(?:\.\d*)?|\.\d+)(E[+-]?\d+)?/iy;
const NAME = /[A-Z_][\w.]*/iy;
const OPERATOR = /(<=|>=|<>|[-+*/^&=<>(),:%{};])/y;

/** A sticky pattern matched at `at` in `src`. */
function stickyAt(re: RegExp, src: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(src);
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " ") {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = "";
      for (;;) {
        if (j >= src.length) throw new Error(`unterminated string in ${src}`);
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            s += '"';
            j += 2;
            continue;
          }
          break;
        }
        s += src[j++];
      }
      out.push({ t: "str", v: s });
      i = j + 1;
      continue;
    }
    // A sheet's name before a reference: 'Quoted name'! or Plain!.
    const quoted = c === "'" ? stickyAt(QUOTED_SHEET, src, i) : null;
    const plain = quoted ? null : stickyAt(PLAIN_SHEET, src, i);
    if (quoted || plain) {
      const m = (quoted ?? plain)!;
      const sheetName = quoted ? m[1].replace(/''/g, "'") : m[1];
      const ref = stickyAt(CELL, src, i + m[0].length);
      if (!ref) throw new Error(`a sheet's name without a cell in ${src}`);
      out.push({ t: "ref", col: colIndex(ref[2]), row: Number(ref[4]) - 1, absCol: ref[1] === "$", absRow: ref[3] === "$", sheet: sheetName });
      i += m[0].length + ref[0].length;
      continue;
    }
    const num = stickyAt(NUMBER, src, i);
    if (num) {
      out.push({ t: "num", v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const ref = stickyAt(CELL, src, i);
    if (ref) {
      out.push({ t: "ref", col: colIndex(ref[2]), row: Number(ref[4]) - 1, absCol: ref[1] === "$", absRow: ref[3] === "$" });
      i += ref[0].length;
      continue;
    }
    const name = stickyAt(NAME, src, i);
    if (name) {
      const up = name[0].toUpperCase();
      if ((up === "TRUE" || up === "FALSE") && src[i + name[0].length] !== "(") out.push({ t: "bool", v: up === "TRUE" });
      else out.push({ t: "name", v: up });
      i += name[0].length;
      continue;
    }
    const op = stickyAt(OPERATOR, src, i);
    if (op) {
      out.push({ t: "op", v: op[0] });
      i += op[0].length;
      continue;
    }
    throw new Error(`cannot read '${src.slice(i)}' in ${src}`);
  }
  return out;
}

type Node =
  | { k: "lit"; v: XlValue }
  | { k: "ref"; row: number; col: number; absRow: boolean; absCol: boolean; sheet?: string }
  | { k: "range"; from: Node & { k: "ref" }; to: Node & { k: "ref" } }
  | { k: "indexRange"; from: Node & { k: "call" }; to: Node & { k: "call" } }
  | { k: "un"; op: string; a: Node }
  | { k: "bin"; op: string; a: Node; b: Node }
  | { k: "call"; fn: string; args: Node[] }
  | { k: "array"; rows: XlValue[][] };

const PRECEDENCE: Record<string, number> = { "=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "^": 5 };

function parse(src: string): Node {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Token | undefined => toks[p];
  const isOp = (v: string): boolean => {
    const t = toks[p];
    return t !== undefined && t.t === "op" && t.v === v;
  };
  const expectOp = (v: string): void => {
    if (!isOp(v)) throw new Error(`expected '${v}' in ${src}`);
    p++;
  };
  function primary(): Node {
    const t = toks[p++];
    if (t === undefined) throw new Error(`unexpected end of ${src}`);
    if (t.t === "op" && (t.v === "-" || t.v === "+")) return { k: "un", op: t.v, a: unaryOperand() };
    if (t.t === "op" && t.v === "(") {
      const e = expr(0);
      expectOp(")");
      return e;
    }
    if (t.t === "num") return { k: "lit", v: t.v };
    if (t.t === "str") return { k: "lit", v: t.v };
    if (t.t === "bool") return { k: "lit", v: t.v };
    if (t.t === "op" && t.v === "{") return arrayConstant();
    if (t.t === "ref") {
      const from = { k: "ref" as const, row: t.row, col: t.col, absRow: t.absRow, absCol: t.absCol, ...(t.sheet !== undefined ? { sheet: t.sheet } : {}) };
      if (isOp(":")) {
        p++;
        const u = toks[p++];
        if (u === undefined || u.t !== "ref") throw new Error(`bad range in ${src}`);
        return { k: "range", from, to: { k: "ref", row: u.row, col: u.col, absRow: u.absRow, absCol: u.absCol, ...(t.sheet !== undefined ? { sheet: t.sheet } : {}) } };
      }
      return from;
    }
    if (t.t === "name") {
      expectOp("(");
      const args: Node[] = [];
      if (!isOp(")")) {
        for (;;) {
          // An omitted argument (`TARGET.SCORE(A1,B1,40,,50)`) is a blank.
          args.push(isOp(",") || isOp(")") ? { k: "lit", v: null } : expr(0));
          if (isOp(",")) {
            p++;
            continue;
          }
          break;
        }
      }
      expectOp(")");
      const call = { k: "call" as const, fn: t.v, args };
      // INDEX(…):INDEX(…): the range between the two cells.
      if (t.v === "INDEX" && isOp(":")) {
        p++;
        const to = primary();
        if (to.k !== "call" || to.fn !== "INDEX") throw new Error(`a range from INDEX must end at INDEX in ${src}`);
        return { k: "indexRange", from: call, to };
      }
      return call;
    }
    throw new Error(`unexpected '${JSON.stringify(t)}' in ${src}`);
  }
  // An array constant: `{1,2;3,4}`, columns by commas, rows by semicolons; numbers (signed), text, logicals.
  function arrayConstant(): Node {
    const rows: XlValue[][] = [[]];
    for (;;) {
      const u = toks[p++];
      const sign = u !== undefined && u.t === "op" && u.v === "-" ? -1 : 1;
      const item = sign === -1 ? toks[p++] : u;
      if (item === undefined) throw new Error(`unterminated array in ${src}`);
      if (item.t === "num") rows[rows.length - 1].push(sign * item.v);
      else if (item.t === "str" || item.t === "bool") rows[rows.length - 1].push(item.v);
      else throw new Error(`an array holds constants only, in ${src}`);
      const sep = toks[p++];
      if (sep?.t !== "op" || ![",", ";", "}"].includes(sep.v)) throw new Error(`bad array in ${src}`);
      if (sep.v === "}") break;
      if (sep.v === ";") rows.push([]);
    }
    if (rows.some((r) => r.length !== rows[0].length)) throw new Error(`an array's rows differ in length, in ${src}`);
    return { k: "array", rows };
  }
  // Excel: unary minus binds tighter than ^ and * (so -2^2 is 4).
  function unaryOperand(): Node {
    return primary();
  }
  function postfix(): Node {
    let n = primary();
    while (isOp("%")) {
      p++;
      n = { k: "bin", op: "/", a: n, b: { k: "lit", v: 100 } };
    }
    return n;
  }
  function expr(min: number): Node {
    let left = postfix();
    for (;;) {
      const t = peek();
      if (t === undefined || t.t !== "op" || !(t.v in PRECEDENCE)) break;
      const prec = PRECEDENCE[t.v];
      if (prec <= min) break;
      p++;
      const right = expr(prec);
      left = { k: "bin", op: t.v, a: left, b: right };
    }
    return left;
  }
  const n = expr(0);
  if (p !== toks.length) throw new Error(`trailing input in ${src}`);
  return n;
}

const parsed = new Map<string, Node>();

/** Where the formula sits relative to the cell it was written for (conditional formats). */
export interface Shift {
  rows: number;
  cols: number;
}

/**
 * Evaluates a formula (no leading "=").
 * @param formula - the formula, invariant syntax
 * @param read - reads a cell (0-based row and column)
 * @param shift - moves relative references, as Excel does for a conditional format's other cells
 * @param custom - evaluates the functions outside the native subset (`TARGET.*`), if any
 * @returns the value (a reference to an empty cell is 0, as a cell shows it); errors are {@link XlError} values, not exceptions
 * @throws Error when the formula is outside the subset (a function no one evaluates, syntax it cannot read)
 * @example evaluateFormula("ROUND(A1*1.5,0)", () => 5) // 8
 */
export function evaluateFormula(formula: string, read: CellReader, shift: Shift = { rows: 0, cols: 0 }, custom?: CustomFunction): XlValue {
  let node = parsed.get(formula);
  if (node === undefined) {
    node = parse(formula);
    parsed.set(formula, node);
  }
  // A whole formula that is a reference to an empty cell shows 0 (=F8 with F8 empty), as
  // Excel shows it; inside an expression the empty cell stays empty (=F8="" is TRUE).
  return scalar(evalNode(node, read, shift, custom)) ?? 0;
}

function isRange(v: Val): v is XlRange {
  return typeof v === "object" && v !== null && !(v instanceof XlError);
}

function at(n: Node & { k: "ref" }, s: Shift): { row: number; col: number } {
  return { row: n.absRow ? n.row : n.row + s.rows, col: n.absCol ? n.col : n.col + s.cols };
}

function scalar(v: Val): XlValue {
  if (isRange(v)) return v.range.length === 1 && v.range[0].length === 1 ? v.range[0][0] : new XlError("#VALUE!");
  return v;
}

/** A value as a number for arithmetic, or the error it is. */
function toNumber(v: XlValue): number | XlError {
  if (v instanceof XlError) return v;
  if (v === null) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  const s = v.trim();
  if (s !== "" && Number.isFinite(Number(s))) return Number(s);
  return new XlError("#VALUE!");
}

function toText(v: XlValue): string | XlError {
  if (v instanceof XlError) return v;
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

function toBool(v: XlValue): boolean | XlError {
  if (v instanceof XlError) return v;
  if (v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  const up = v.toUpperCase();
  if (up === "TRUE") return true;
  if (up === "FALSE") return false;
  return new XlError("#VALUE!");
}

const TYPE_RANK = (v: number | string | boolean): number => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);

/** Excel's comparison: blank is 0 against a number, "" against text, FALSE against a logical. */
function compare(a: XlValue, b: XlValue): number | XlError {
  if (a instanceof XlError) return a;
  if (b instanceof XlError) return b;
  const blankAs = (other: XlValue): number | string | boolean =>
    typeof other === "string" ? "" : typeof other === "boolean" ? false : 0;
  const x = a === null ? blankAs(b) : a;
  const y = b === null ? blankAs(a) : b;
  const rx = TYPE_RANK(x);
  const ry = TYPE_RANK(y);
  if (rx !== ry) return rx - ry;
  if (typeof x === "string") {
    const [p, q] = [x.toLowerCase(), (y as string).toLowerCase()];
    return p < q ? -1 : p > q ? 1 : 0;
  }
  const [p, q] = [Number(x), Number(y)];
  return p < q ? -1 : p > q ? 1 : 0;
}

/** Numbers for MAX/MIN/SUM: scalars coerced, ranges' numbers only. */
function numbersOf(vals: Val[]): number[] | XlError {
  const out: number[] = [];
  for (const v of vals) {
    if (isRange(v)) {
      for (const row of v.range)
        for (const c of row) {
          if (c instanceof XlError) return c;
          if (typeof c === "number") out.push(c);
        }
    } else {
      const n = toNumber(v);
      if (n instanceof XlError) return n;
      out.push(n);
    }
  }
  return out;
}

/** A SUMIF/COUNTIF criterion: "<=45000", ">0", "=x", "x" or a number. */
function criterion(c: XlValue): (v: XlValue) => boolean {
  if (typeof c === "boolean") return (v) => v === c;
  if (typeof c === "number") return (v) => typeof v === "number" && v === c;
  const s = String(c ?? "");
  const m = /^(<=|>=|<>|<|>|=)?(.*)$/.exec(s) as RegExpExecArray;
  const op = m[1] ?? "=";
  const rhsText = m[2];
  const rhsNum = rhsText.trim() !== "" && Number.isFinite(Number(rhsText)) ? Number(rhsText) : undefined;
  return (v) => {
    if (rhsNum !== undefined) {
      if (typeof v !== "number") return op === "<>";
      switch (op) {
        case "<=":
          return v <= rhsNum;
        case ">=":
          return v >= rhsNum;
        case "<":
          return v < rhsNum;
        case ">":
          return v > rhsNum;
        case "<>":
          return v !== rhsNum;
        default:
          return v === rhsNum;
      }
    }
    const text = v === null ? "" : String(v).toLowerCase();
    if (op === "=") return text === rhsText.toLowerCase();
    if (op === "<>") return text !== rhsText.toLowerCase();
    throw new Error(`criterion '${s}' is outside the evaluator's subset`);
  };
}

/**
 * Excel's ROUND: x read to 15 significant digits (as Excel stores it), halves away from zero;
 * negative digits divide by the power of ten rather than multiply by its inexact inverse.
 */
function excelRound(x: number, digits: number): number {
  const scaled = digits >= 0 ? Math.abs(x) * 10 ** digits : Math.abs(x) / 10 ** -digits;
  const whole = Math.round(Number(scaled.toPrecision(15)));
  const back = digits >= 0 ? whole / 10 ** digits : whole * 10 ** -digits;
  return back === 0 ? 0 : Math.sign(x) * back;
}

function evalNode(n: Node, read: CellReader, s: Shift, fx: CustomFunction | undefined): Val {
  switch (n.k) {
    case "lit":
      return n.v;
    case "array":
      return { range: n.rows };
    case "ref": {
      const { row, col } = at(n, s);
      return n.sheet === undefined ? read(row, col) : read(row, col, n.sheet);
    }
    case "range":
      return rangeBetween(at(n.from, s), at(n.to, s), n.from.sheet, read);
    case "indexRange": {
      const a = indexCell(n.from, read, s, fx);
      const b = indexCell(n.to, read, s, fx);
      if (a instanceof XlError) return a;
      if (b instanceof XlError) return b;
      if (a.sheet !== b.sheet) return new XlError("#VALUE!");
      return rangeBetween(a, b, a.sheet, read);
    }
    case "un": {
      const v = toNumber(scalar(evalNode(n.a, read, s, fx)));
      if (v instanceof XlError) return v;
      return n.op === "-" ? -v : v;
    }
    case "bin":
      return binary(n.op, scalar(evalNode(n.a, read, s, fx)), scalar(evalNode(n.b, read, s, fx)));
    case "call":
      return call(n.fn, n.args, read, s, fx);
  }
}

/** The cells between two corners (either order) of one sheet. */
function rangeBetween(a: { row: number; col: number }, b: { row: number; col: number }, sheet: string | undefined, read: CellReader): XlRange {
  const rows: XlValue[][] = [];
  for (let r = Math.min(a.row, b.row); r <= Math.max(a.row, b.row); r++) {
    const line: XlValue[] = [];
    for (let c = Math.min(a.col, b.col); c <= Math.max(a.col, b.col); c++) line.push(sheet === undefined ? read(r, c) : read(r, c, sheet));
    rows.push(line);
  }
  return { range: rows };
}

/** The cell an INDEX(range, row[, column]) points at, as a reference (for INDEX(…):INDEX(…)); #REF! outside the range. */
function indexCell(n: Node & { k: "call" }, read: CellReader, s: Shift, fx: CustomFunction | undefined): { row: number; col: number; sheet?: string } | XlError {
  const target = n.args[0];
  if (target.k !== "range" && target.k !== "ref") throw new Error("INDEX as a reference needs a range");
  const from = target.k === "range" ? at(target.from, s) : at(target, s);
  const to = target.k === "range" ? at(target.to, s) : from;
  const r = toNumber(scalar(evalNode(n.args[1], read, s, fx)));
  const c = n.args.length > 2 ? toNumber(scalar(evalNode(n.args[2], read, s, fx))) : 1;
  if (r instanceof XlError) return r;
  if (c instanceof XlError) return c;
  const row = Math.min(from.row, to.row) + Math.trunc(r) - 1;
  const col = Math.min(from.col, to.col) + Math.trunc(c) - 1;
  if (Math.trunc(r) < 1 || Math.trunc(c) < 1 || row > Math.max(from.row, to.row) || col > Math.max(from.col, to.col)) return new XlError("#REF!");
  const sheet = target.k === "range" ? target.from.sheet : target.sheet;
  return { row, col, ...(sheet !== undefined && { sheet }) };
}

function call(fn: string, args: Node[], read: CellReader, s: Shift, fx: CustomFunction | undefined): Val {
  const ev = (k: number): Val => evalNode(args[k], read, s, fx);
  // A single-cell reference is a range (of one cell) to the functions that take ranges: SUM, MAX,
  // MIN, COUNT and AVERAGE skip its text rather than coerce it; LARGE, MATCH, INDEX, SUMIF,
  // COUNTIF and COUNTIFS take it as their range (a one-member split writes `$B$5`, not `$B$5:$B$5`).
  const evRef = (k: number): Val => {
    const n = args[k];
    return n.k === "ref" ? { range: [[evalNode(n, read, s, fx) as XlValue]] } : ev(k);
  };
  const sc = (k: number): XlValue => scalar(ev(k));
  switch (fn) {
    case "IF": {
      const c = toBool(sc(0));
      if (c instanceof XlError) return c;
      if (c) return sc(1);
      return args.length > 2 ? sc(2) : false;
    }
    case "AND":
    case "OR": {
      let acc = fn === "AND";
      let seen = 0;
      for (let k = 0; k < args.length; k++) {
        // A range's logicals and numbers count; its blanks and text are skipped (Excel's AND/OR).
        const v = ev(k);
        const items: XlValue[] = isRange(v) ? v.range.flat().filter((x) => x instanceof XlError || typeof x === "boolean" || typeof x === "number") : [v];
        for (const item of items) {
          const b = toBool(item);
          if (b instanceof XlError) return b;
          seen++;
          acc = fn === "AND" ? acc && b : acc || b;
        }
      }
      return seen === 0 ? new XlError("#VALUE!") : acc;
    }
    case "NOT": {
      const b = toBool(sc(0));
      return b instanceof XlError ? b : !b;
    }
    case "MAX":
    case "MIN":
    case "SUM": {
      const ns = numbersOf(args.map((_, k) => evRef(k)));
      if (ns instanceof XlError) return ns;
      if (fn === "SUM") return ns.reduce((acc, x) => acc + x, 0);
      if (ns.length === 0) return 0;
      return fn === "MAX" ? Math.max(...ns) : Math.min(...ns);
    }
    case "INT":
    case "ABS":
    case "SIGN": {
      const x = toNumber(sc(0));
      if (x instanceof XlError) return x;
      return elementwise(fn, x);
    }
    case "SUMPRODUCT":
      return sumProduct(args.map((a) => arrayOf(evalArray(a, read, s, fx))));
    case "INDEX": {
      const range = evRef(0);
      if (!isRange(range)) throw new Error("INDEX needs a range");
      const r = toNumber(sc(1));
      const c = args.length > 2 ? toNumber(sc(2)) : 1;
      if (r instanceof XlError) return r;
      if (c instanceof XlError) return c;
      const row = range.range[Math.trunc(r) - 1];
      // INDEX(range, 0) would be the whole column: outside the subset (our formulas never ask for it).
      if (Math.trunc(r) < 1 || Math.trunc(c) < 1 || row === undefined || Math.trunc(c) > row.length) return new XlError("#REF!");
      return row[Math.trunc(c) - 1];
    }
    case "ROUND": {
      const x = toNumber(sc(0));
      const d = toNumber(sc(1));
      if (x instanceof XlError) return x;
      if (d instanceof XlError) return d;
      return excelRound(x, Math.trunc(d));
    }
    case "SMALL": {
      const range = evRef(0);
      const k = toNumber(sc(1));
      if (k instanceof XlError) return k;
      if (!Number.isInteger(k)) throw new Error(`SMALL with k = ${k} is outside the evaluator's subset`);
      const ns: number[] = [];
      for (const c of isRange(range) ? range.range.flat() : [range]) {
        if (c instanceof XlError) return c;
        if (typeof c === "number") ns.push(c);
      }
      if (k < 1 || k > ns.length) return new XlError("#NUM!");
      return ns.sort((a, b) => a - b)[k - 1];
    }
    case "IFERROR": {
      const v = sc(0);
      return v instanceof XlError ? sc(1) : v;
    }
    case "ROWS": {
      const range = evRef(0);
      if (!isRange(range)) throw new Error("ROWS needs a range");
      return range.range.length;
    }
    case "NA":
      return new XlError("#N/A");
    case "LARGE": {
      const range = evRef(0);
      const k = toNumber(sc(1));
      if (k instanceof XlError) return k;
      if (!Number.isInteger(k)) throw new Error(`LARGE with k = ${k} is outside the evaluator's subset`);
      const ns: number[] = [];
      for (const c of isRange(range) ? range.range.flat() : [range]) {
        if (c instanceof XlError) return c;
        if (typeof c === "number") ns.push(c);
      }
      if (k < 1 || k > ns.length) return new XlError("#NUM!");
      return ns.sort((a, b) => b - a)[k - 1];
    }
    case "MATCH": {
      const value = sc(0);
      if (value instanceof XlError) return value;
      const range = evRef(1);
      if (!isRange(range)) throw new Error("MATCH needs a range");
      const type = args.length > 2 ? toNumber(sc(2)) : 1;
      if (type !== 0) throw new Error(`MATCH with match type ${String(type)} is outside the evaluator's subset`);
      if (range.range.length > 1 && range.range[0].length > 1) return new XlError("#N/A");
      const cells = range.range.flat();
      const i = cells.findIndex((c) => c !== null && !(c instanceof XlError) && compare(c, value) === 0);
      return i < 0 ? new XlError("#N/A") : i + 1;
    }
    case "TRIM": {
      const t = toText(sc(0));
      return t instanceof XlError ? t : t.trim().replace(/ +/g, " ");
    }
    case "ISNUMBER":
      return typeof sc(0) === "number";
    case "COUNT":
    case "AVERAGE": {
      const vals = args.map((_, k) => evRef(k));
      // COUNT counts numbers only (errors included nowhere); AVERAGE is SUM / COUNT of the same numbers.
      const ns: number[] = [];
      for (const v of vals) {
        if (isRange(v)) {
          for (const row of v.range) for (const c of row) if (typeof c === "number") ns.push(c);
        } else if (v instanceof XlError) {
          if (fn === "AVERAGE") return v;
        } else if (typeof v === "number") ns.push(v);
        else if (v !== null && fn === "AVERAGE") {
          const x = toNumber(v);
          if (x instanceof XlError) return x;
          ns.push(x);
        }
      }
      if (fn === "COUNT") return ns.length;
      if (ns.length === 0) return new XlError("#DIV/0!");
      return ns.reduce((acc, x) => acc + x, 0) / ns.length;
    }
    case "COUNTIFS": {
      const pairs: [XlValue[][], (v: XlValue) => boolean][] = [];
      for (let k = 0; k + 1 < args.length; k += 2) {
        const r = evRef(k);
        if (!isRange(r)) throw new Error("COUNTIFS needs ranges");
        pairs.push([r.range, criterion(sc(k + 1))]);
      }
      let acc = 0;
      pairs[0][0].forEach((row, i) =>
        row.forEach((_, j) => {
          if (pairs.every(([r, test]) => test(r[i]?.[j] ?? null))) acc += 1;
        }),
      );
      return acc;
    }
    case "SUMIF":
    case "COUNTIF": {
      const range = evRef(0);
      if (!isRange(range)) throw new Error(`${fn} needs a range`);
      const test = criterion(sc(1));
      const sumRange = fn === "SUMIF" ? (args.length > 2 ? evRef(2) : range) : range;
      if (!isRange(sumRange)) throw new Error("SUMIF needs a range to sum");
      // An error in a summed cell whose criterion matches is the result; elsewhere it is skipped.
      let acc = 0;
      let error: XlError | undefined;
      range.range.forEach((row, i) =>
        row.forEach((c, j) => {
          if (!test(c)) return;
          if (fn === "COUNTIF") acc += 1;
          else {
            const v = sumRange.range[i]?.[j];
            if (typeof v === "number") acc += v;
            else if (v instanceof XlError) error ??= v;
          }
        }),
      );
      return error ?? acc;
    }
    case "DATE": {
      // The serial of a date (days since 1899-12-30), for dates from March 1900 on.
      const [y, m, d] = [0, 1, 2].map((k) => toNumber(sc(k)));
      for (const x of [y, m, d]) if (x instanceof XlError) return x;
      return Math.round((Date.UTC(y as number, (m as number) - 1, d as number) - Date.UTC(1899, 11, 30)) / 86400000);
    }
    case "SUMIFS": {
      const sumRange = evRef(0);
      if (!isRange(sumRange)) throw new Error("SUMIFS needs a range to sum");
      const pairs: [XlValue[][], (v: XlValue) => boolean][] = [];
      for (let k = 1; k + 1 < args.length; k += 2) {
        const r = evRef(k);
        if (!isRange(r)) throw new Error("SUMIFS needs ranges");
        if (r.range.length !== sumRange.range.length || r.range[0].length !== sumRange.range[0].length) return new XlError("#VALUE!");
        pairs.push([r.range, criterion(sc(k + 1))]);
      }
      let acc = 0;
      let error: XlError | undefined;
      sumRange.range.forEach((row, i) =>
        row.forEach((v, j) => {
          if ((typeof v !== "number" && !(v instanceof XlError)) || !pairs.every(([r, test]) => test(r[i]?.[j] ?? null))) return;
          if (v instanceof XlError) error ??= v;
          else acc += v;
        }),
      );
      return error ?? acc;
    }
  }
  const custom = fx === undefined ? undefined : customCall(fn, args, read, s, fx);
  if (custom !== undefined) return custom;
  throw new Error(`function ${fn} is outside the evaluator's subset`);
}

/** A function outside the subset, through `fx`: undefined when `fx` does not know it. */
function customCall(fn: string, args: Node[], read: CellReader, s: Shift, fx: CustomFunction): Val | undefined {
  const values: (XlValue | XlValue[][])[] = [];
  for (const a of args) {
    const v = a.k === "ref" ? scalar(evalNode(a, read, s, fx)) : evalNode(a, read, s, fx);
    if (v instanceof XlError) return v;
    values.push(isRange(v) ? v.range : v);
  }
  const out = fx(fn, values);
  if (out === undefined) return undefined;
  return Array.isArray(out) ? { range: out } : out;
}

/** ABS, INT or SIGN of one number. */
function elementwise(fn: string, x: number): number {
  if (fn === "INT") return Math.floor(x);
  if (fn === "ABS") return Math.abs(x);
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** A value as a 2-D array (a scalar is 1 × 1). */
function arrayOf(v: Val): XlValue[][] {
  return isRange(v) ? v.range : [[v]];
}

/** Applies `f` position by position; a 1 × 1 side is repeated; other sizes that differ are #VALUE!. */
function broadcast(a: Val, b: Val, f: (x: XlValue, y: XlValue) => XlValue): Val {
  if (!isRange(a) && !isRange(b)) return f(a, b);
  const A = arrayOf(a);
  const B = arrayOf(b);
  const one = (m: XlValue[][]) => m.length === 1 && m[0].length === 1;
  const shape = one(A) ? B : A;
  if (!one(A) && !one(B) && (A.length !== B.length || A[0].length !== B[0].length)) return new XlError("#VALUE!");
  return { range: shape.map((row, i) => row.map((_, j) => f(one(A) ? A[0][0] : A[i][j], one(B) ? B[0][0] : B[i][j]))) };
}

/** A unary operator or elementwise function over a value or an array. */
function mapArray(v: Val, f: (x: XlValue) => XlValue): Val {
  return isRange(v) ? { range: v.range.map((row) => row.map(f)) } : f(v);
}

/** One binary operation on two scalars, as {@link evalNode} does it. */
function binary(op: string, a: XlValue, b: XlValue): XlValue {
  if (op === "&") {
    const x = toText(a);
    const y = toText(b);
    if (x instanceof XlError) return x;
    if (y instanceof XlError) return y;
    return x + y;
  }
  if (["=", "<>", "<", ">", "<=", ">="].includes(op)) {
    const c = compare(a, b);
    if (c instanceof XlError) return c;
    return { "=": c === 0, "<>": c !== 0, "<": c < 0, ">": c > 0, "<=": c <= 0, ">=": c >= 0 }[op] as boolean;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (x instanceof XlError) return x;
  if (y instanceof XlError) return y;
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      return y === 0 ? new XlError("#DIV/0!") : x / y;
    case "^":
      return x ** y;
  }
  throw new Error(`operator ${op}`);
}

/**
 * A node evaluated as an array formula would be (SUMPRODUCT's arguments): ranges stay arrays,
 * operators, comparisons, ABS, INT and SIGN go cell by cell; every other function is
 * evaluated as usual, to one value.
 */
function evalArray(n: Node, read: CellReader, s: Shift, fx: CustomFunction | undefined): Val {
  switch (n.k) {
    case "un":
      return mapArray(evalArray(n.a, read, s, fx), (x) => {
        const v = toNumber(x);
        return v instanceof XlError ? v : n.op === "-" ? -v : v;
      });
    case "bin":
      return broadcast(evalArray(n.a, read, s, fx), evalArray(n.b, read, s, fx), (x, y) => binary(n.op, x, y));
    case "call":
      if (n.fn === "ABS" || n.fn === "INT" || n.fn === "SIGN") {
        return mapArray(evalArray(n.args[0], read, s, fx), (x) => {
          const v = toNumber(x);
          return v instanceof XlError ? v : elementwise(n.fn, v);
        });
      }
      return evalNode(n, read, s, fx);
    default:
      return evalNode(n, read, s, fx);
  }
}

/** SUMPRODUCT of arrays of one size: products position by position (non-numbers count 0), added in reading order. */
function sumProduct(arrays: XlValue[][][]): XlValue {
  const [first] = arrays;
  if (arrays.some((m) => m.length !== first.length || m[0].length !== first[0].length)) return new XlError("#VALUE!");
  let acc = 0;
  for (let i = 0; i < first.length; i++) {
    for (let j = 0; j < first[0].length; j++) {
      let p = 1;
      for (const m of arrays) {
        const v = m[i][j];
        if (v instanceof XlError) return v;
        p *= typeof v === "number" ? v : 0;
      }
      acc += p;
    }
  }
  return acc;
}

/**
 * A whole workbook of sheets, evaluated on demand: formulas may refer to other sheets
 * (`'Sheet name'!$A$1`). Each formula once, with a guard against circular references.
 * @param sheets - each sheet's name and cells from A1 (use {@link placedRows} for an origin)
 * @param custom - evaluates the functions outside the native subset (`TARGET.*`), if any
 * @example workbookEvaluator([{ name: "T", rows: [[{ v: 2 }]] }, { name: "D", rows: [[{ f: "T!A1*3" }]] }]).at("D", "A1") // 6
 */
export function workbookEvaluator(sheets: { name: string; rows: ({ v: unknown } | { f: string } | null)[][] }[], custom?: CustomFunction): {
  value: (sheet: string, row: number, col: number) => XlValue;
  at: (sheet: string, a1: string) => XlValue;
  /** A formula evaluated as if it sat on `sheet` (its unqualified references are that sheet's). */
  formula: (sheet: string, formula: string, shift?: Shift) => XlValue;
  /** Replaces a cell (a constant) and forgets every computed value: what a user typing over it would see. */
  set: (sheet: string, a1: string, v: XlValue) => void;
} {
  // Sheet names are matched without regard to case, as Excel matches them.
  const bySheet = new Map(sheets.map((x) => [x.name.toLowerCase(), x.rows.map((r) => r.slice())]));
  const memo = new Map<string, XlValue>();
  const busy = new Set<string>();
  const value = (sheet: string, row: number, col: number): XlValue => {
    const rows = bySheet.get(sheet.toLowerCase());
    if (!rows) return new XlError("#REF!");
    const cell = rows[row]?.[col];
    if (cell === null || cell === undefined) return null;
    if ("v" in cell) return cell.v as XlValue;
    const key = `${sheet.toLowerCase()}\u0000${row * 16384 + col}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    if (busy.has(key)) throw new Error(`circular reference at ${sheet}!${colLetters(col)}${row + 1}`);
    busy.add(key);
    // A formula whose result is a reference to a blank cell shows 0 (=A1 with A1 empty): evaluateFormula's rule.
    const v = evaluateFormula(cell.f, (r, c, other) => value(other ?? sheet, r, c), undefined, custom);
    busy.delete(key);
    memo.set(key, v);
    return v;
  };
  return {
    value,
    at: (sheet, a1) => {
      const { row, col } = parseA1(a1.replace(/\$/g, ""));
      return value(sheet, row, col);
    },
    formula: (sheet, f, shift) => evaluateFormula(f, (r, c, other) => value(other ?? sheet, r, c), shift, custom),
    set: (sheet, a1, v) => {
      const { row, col } = parseA1(a1.replace(/\$/g, ""));
      const rows = bySheet.get(sheet.toLowerCase())!;
      while (rows.length <= row) rows.push([]);
      rows[row] = rows[row].slice();
      rows[row][col] = { v };
      memo.clear();
    },
  };
}

/**
 * A whole sheet of constants and formulas, evaluated on demand (each formula once, with a
 * guard against circular references). It sees one sheet: a reference to another sheet
 * (`'Table'!$O$6`) throws, rather than read this sheet's cell at that address — a sheet that
 * reads others is evaluated with {@link workbookEvaluator}.
 * @param rows - cells from A1: constants (`{ v }`), formulas (`{ f }`), or null
 */
export function sheetEvaluator(rows: ({ v: unknown } | { f: string } | null)[][]): {
  value: (row: number, col: number) => XlValue;
  at: (a1: string) => XlValue;
  formula: (formula: string, shift?: Shift) => XlValue;
} {
  const memo = new Map<number, XlValue>();
  const busy = new Set<number>();
  const value = (row: number, col: number, sheet?: string): XlValue => {
    if (sheet !== undefined) throw new Error(`a reference to sheet '${sheet}' (${colLetters(col)}${row + 1}): the sheet evaluator sees one sheet, use workbookEvaluator`);
    const cell = rows[row]?.[col];
    if (cell === null || cell === undefined) return null;
    if ("v" in cell) return cell.v as XlValue;
    const key = row * 16384 + col;
    const known = memo.get(key);
    if (known !== undefined) return known;
    if (busy.has(key)) throw new Error(`circular reference at ${colLetters(col)}${row + 1}`);
    busy.add(key);
    const v = evaluateFormula(cell.f, value);
    busy.delete(key);
    memo.set(key, v);
    return v;
  };
  return {
    value,
    at: (a1) => {
      const { row, col } = parseA1(a1);
      return value(row, col);
    },
    formula: (f, shift) => evaluateFormula(f, value, shift),
  };
}

/** A sheet as the builders describe it: its name, its cells from `origin` (default A1). */
export interface EvalSheet {
  name: string;
  rows: ({ v: unknown } | { f: string } | null)[][];
  origin?: string;
}

/**
 * One sheet of a workbook, evaluated as {@link sheetEvaluator} evaluates a sheet, its references
 * to the other sheets read there: what a sheet that reads others (the cascade's letters and
 * tracking read its table) needs.
 * @param sheets - the workbook's sheets (each placed at its origin)
 * @param name - the sheet to evaluate
 * @param rows - that sheet's cells from A1, when they differ from the workbook's (a cell typed over)
 * @example workbookSheetEvaluator(spec.sheets, "Letters").at("C7") // the table's figure the letter reads
 */
export function workbookSheetEvaluator(
  sheets: EvalSheet[],
  name: string,
  rows?: ({ v: unknown } | { f: string } | null)[][],
): { value: (row: number, col: number) => XlValue; at: (a1: string) => XlValue; formula: (formula: string, shift?: Shift) => XlValue } {
  if (!sheets.some((x) => x.name === name)) throw new Error(`no sheet '${name}' in the workbook`);
  const book = workbookEvaluator(sheets.map((x) => ({ name: x.name, rows: x.name === name && rows ? rows : placedRows(x) })));
  return {
    value: (row, col) => book.value(name, row, col),
    at: (a1) => book.at(name, a1),
    formula: (f, shift) => book.formula(name, f, shift),
  };
}

/**
 * A sheet's rows as the sheet holds them from A1: `rows` moved to `origin` (empty rows and
 * columns before it), so the formulas' addresses, which are the sheet's, read the right cells.
 * A sheet at A1 (or without an origin) gives its own rows.
 * @example placedRows({ origin: "B2", rows: [[{ v: 1 }]] }) // [[], [null, { v: 1 }]]
 */
export function placedRows<T>(sheet: { rows: (T | null)[][]; origin?: string }): (T | null)[][] {
  const { row, col } = parseA1(sheet.origin ?? "A1");
  if (row === 0 && col === 0) return sheet.rows;
  const pad: null[] = new Array<null>(col).fill(null);
  return [...Array.from({ length: row }, () => [] as (T | null)[]), ...sheet.rows.map((r) => [...pad, ...r])];
}

