/**
 * A tiny evaluator of the native formulas our sheets write, for tests: the small subset of
 * Excel we use (arithmetic, comparisons, `&`, IF, AND, OR, NOT, MAX, MIN, INT, ROUND, ABS,
 * SUM, COUNT, AVERAGE, SUMIF, COUNTIF, COUNTIFS, ISNUMBER, TRIM, cell references and ranges;
 * for the cascade: SUMPRODUCT with array arithmetic, LARGE, MATCH (exact), SUMIFS, AND/OR over
 * ranges, references to other sheets and {@link workbookEvaluator}), with Excel's rules for
 * blanks, text and errors as far as that subset needs them:
 * - a blank cell is 0 in arithmetic and equals "" in a comparison; "" in arithmetic is
 *   #VALUE!; TRUE/FALSE are 1/0 in arithmetic;
 * - comparisons order numbers < text < logicals; text compares case-insensitively;
 * - errors propagate; IF evaluates only the branch it takes; division by 0 is #DIV/0!;
 * - SUM/MAX/MIN/COUNT/AVERAGE take numbers from references and ranges and skip blanks,
 *   text and logicals there; typed arguments are coerced.
 * Arithmetic is plain IEEE doubles: no 15-digit snapping (LibreOffice's recalculation in
 * the workbook tests covers the real engines). Anything else is an error thrown, so a
 * formula outside the subset fails its test rather than passing by accident.
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
    // A sheet-qualified reference: 'My sheet'!A1 or Sheet1!A1 (the sheet goes with the reference after it).
    const qualified = /^(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!/.exec(src.slice(i));
    if (qualified) {
      const rest = /^(\$?)([A-Z]{1,3})(\$?)(\d+)/i.exec(src.slice(i + qualified[0].length));
      if (!rest) throw new Error(`bad sheet reference in ${src}`);
      const sheet = qualified[1] !== undefined ? qualified[1].replace(/''/g, "'") : qualified[2];
      out.push({ t: "ref", col: colIndex(rest[2]), row: Number(rest[4]) - 1, absCol: rest[1] === "$", absRow: rest[3] === "$", sheet });
      i += qualified[0].length + rest[0].length;
      continue;
    }
    const num = /^(\d+(?:\.\d*)?|\.\d+)(E[+-]?\d+)?/i.exec(src.slice(i));
    if (num) {
      out.push({ t: "num", v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const ref = /^(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\w(])/i.exec(src.slice(i));
    if (ref) {
      out.push({ t: "ref", col: colIndex(ref[2]), row: Number(ref[4]) - 1, absCol: ref[1] === "$", absRow: ref[3] === "$" });
      i += ref[0].length;
      continue;
    }
    const name = /^[A-Z_][\w.]*/i.exec(src.slice(i));
    if (name) {
      const up = name[0].toUpperCase();
      if ((up === "TRUE" || up === "FALSE") && src[i + name[0].length] !== "(") out.push({ t: "bool", v: up === "TRUE" });
      else out.push({ t: "name", v: up });
      i += name[0].length;
      continue;
    }
    const op = /^(<=|>=|<>|[-+*/^&=<>(),:%])/.exec(src.slice(i));
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
  | { k: "un"; op: string; a: Node }
  | { k: "bin"; op: string; a: Node; b: Node }
  | { k: "call"; fn: string; args: Node[] };

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
          args.push(expr(0));
          if (isOp(",")) {
            p++;
            continue;
          }
          break;
        }
      }
      expectOp(")");
      return { k: "call", fn: t.v, args };
    }
    throw new Error(`unexpected '${JSON.stringify(t)}' in ${src}`);
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
 * @returns the value; errors are {@link XlError} values, not exceptions
 */
export function evaluateFormula(formula: string, read: CellReader, shift: Shift = { rows: 0, cols: 0 }): XlValue {
  let node = parsed.get(formula);
  if (node === undefined) {
    node = parse(formula);
    parsed.set(formula, node);
  }
  const v = evalNode(node, read, shift);
  if (isRange(v)) return v.range.length === 1 && v.range[0].length === 1 ? v.range[0][0] : new XlError("#VALUE!");
  return v;
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

function excelRound(x: number, digits: number): number {
  const f = 10 ** digits;
  const y = Number((Math.abs(x) * f).toPrecision(15));
  return (Math.sign(x) * Math.round(y)) / f;
}

function evalNode(n: Node, read: CellReader, s: Shift): Val {
  switch (n.k) {
    case "lit":
      return n.v;
    case "ref": {
      const { row, col } = at(n, s);
      return read(row, col, n.sheet);
    }
    case "range": {
      const a = at(n.from, s);
      const b = at(n.to, s);
      const rows: XlValue[][] = [];
      for (let r = Math.min(a.row, b.row); r <= Math.max(a.row, b.row); r++) {
        const line: XlValue[] = [];
        for (let c = Math.min(a.col, b.col); c <= Math.max(a.col, b.col); c++) line.push(read(r, c, n.from.sheet));
        rows.push(line);
      }
      return { range: rows };
    }
    case "un": {
      const v = toNumber(scalar(evalNode(n.a, read, s)));
      if (v instanceof XlError) return v;
      return n.op === "-" ? -v : v;
    }
    case "bin": {
      const a = scalar(evalNode(n.a, read, s));
      const b = scalar(evalNode(n.b, read, s));
      if (n.op === "&") {
        const x = toText(a);
        const y = toText(b);
        if (x instanceof XlError) return x;
        if (y instanceof XlError) return y;
        return x + y;
      }
      if (["=", "<>", "<", ">", "<=", ">="].includes(n.op)) {
        const c = compare(a, b);
        if (c instanceof XlError) return c;
        return { "=": c === 0, "<>": c !== 0, "<": c < 0, ">": c > 0, "<=": c <= 0, ">=": c >= 0 }[n.op] as boolean;
      }
      const x = toNumber(a);
      const y = toNumber(b);
      if (x instanceof XlError) return x;
      if (y instanceof XlError) return y;
      switch (n.op) {
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
      throw new Error(`operator ${n.op}`);
    }
    case "call":
      return call(n.fn, n.args, read, s);
  }
}

function call(fn: string, args: Node[], read: CellReader, s: Shift): Val {
  const ev = (k: number): Val => evalNode(args[k], read, s);
  // A single-cell reference is a range to SUM, MAX, MIN, COUNT and AVERAGE: its text is skipped, not coerced.
  const evRef = (k: number): Val => {
    const n = args[k];
    return n.k === "ref" ? { range: [[evalNode(n, read, s) as XlValue]] } : ev(k);
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
    case "ABS": {
      const x = toNumber(sc(0));
      if (x instanceof XlError) return x;
      return fn === "INT" ? Math.floor(x) : Math.abs(x);
    }
    case "ROUND": {
      const x = toNumber(sc(0));
      const d = toNumber(sc(1));
      if (x instanceof XlError) return x;
      if (d instanceof XlError) return d;
      return excelRound(x, Math.trunc(d));
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
        const r = ev(k);
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
      const sumRange = fn === "SUMIF" ? (args.length > 2 ? ev(2) : range) : range;
      if (!isRange(sumRange)) throw new Error("SUMIF needs a range to sum");
      let acc = 0;
      range.range.forEach((row, i) =>
        row.forEach((c, j) => {
          if (!test(c)) return;
          if (fn === "COUNTIF") acc += 1;
          else {
            const v = sumRange.range[i]?.[j];
            if (typeof v === "number") acc += v;
          }
        }),
      );
      return acc;
    }
    case "DATE": {
      // The serial of a date (days since 1899-12-30), for dates from March 1900 on.
      const [y, m, d] = [0, 1, 2].map((k) => toNumber(sc(k)));
      for (const x of [y, m, d]) if (x instanceof XlError) return x;
      return Math.round((Date.UTC(y as number, (m as number) - 1, d as number) - Date.UTC(1899, 11, 30)) / 86400000);
    }
    case "SUMPRODUCT": {
      // Arguments as arrays (ranges element by element, scalars broadcast); non-numbers count as 0.
      const arrays = args.map((a) => evalArray(a, read, s));
      const err = arrays.flat(2).find((x) => x instanceof XlError);
      if (err) return err as XlError;
      const rows = arrays[0].length;
      const cols = arrays[0][0]?.length ?? 0;
      if (arrays.some((a) => a.length !== rows || a[0].length !== cols)) return new XlError("#VALUE!");
      let acc = 0;
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) {
          let p = 1;
          for (const a of arrays) p *= typeof a[i][j] === "number" ? (a[i][j] as number) : 0;
          acc += p;
        }
      return acc;
    }
    case "LARGE": {
      const range = evRef(0);
      const k = toNumber(sc(1));
      if (k instanceof XlError) return k;
      const ns: number[] = [];
      for (const c of isRange(range) ? range.range.flat() : [range as XlValue]) {
        if (c instanceof XlError) return c;
        if (typeof c === "number") ns.push(c);
      }
      const kk = Math.ceil(k);
      if (kk < 1 || kk > ns.length) return new XlError("#NUM!");
      return ns.sort((a, b) => b - a)[kk - 1];
    }
    case "MATCH": {
      // Exact match only (match_type 0): the first cell equal to the value, 1-based; a blank matches nothing.
      const want = sc(0);
      if (want instanceof XlError) return want;
      const type = args.length > 2 ? toNumber(sc(2)) : 1;
      if (type !== 0) throw new Error("MATCH with a match type other than 0 is outside the evaluator's subset");
      const range = evRef(1);
      if (!isRange(range)) throw new Error("MATCH needs a range");
      const cells = range.range.flat();
      for (let i = 0; i < cells.length; i++) {
        const c = cells[i];
        if (c === null || c instanceof XlError) continue;
        if (typeof c === typeof want && compare(c, want) === 0) return i + 1;
      }
      return new XlError("#N/A");
    }
    case "SUMIFS": {
      const sumRange = evRef(0);
      if (!isRange(sumRange)) throw new Error("SUMIFS needs a range to sum");
      const pairs: [XlValue[][], (v: XlValue) => boolean][] = [];
      for (let k = 1; k + 1 < args.length; k += 2) {
        const r = evRef(k);
        if (!isRange(r)) throw new Error("SUMIFS needs ranges");
        pairs.push([r.range, criterion(sc(k + 1))]);
      }
      let acc = 0;
      sumRange.range.forEach((row, i) =>
        row.forEach((v, j) => {
          if (typeof v === "number" && pairs.every(([r, test]) => test(r[i]?.[j] ?? null))) acc += v;
        }),
      );
      return acc;
    }
  }
  throw new Error(`function ${fn} is outside the evaluator's subset`);
}

/** A node as an array (SUMPRODUCT's arguments): ranges cell by cell, operators element by element, scalars as 1 × 1. */
function evalArray(n: Node, read: CellReader, s: Shift): XlValue[][] {
  if (n.k === "range" || n.k === "ref") {
    const v = evalNode(n, read, s);
    return isRange(v) ? v.range : [[v]];
  }
  if (n.k === "un") {
    return evalArray(n.a, read, s).map((row) =>
      row.map((x) => {
        const v = toNumber(x);
        return v instanceof XlError ? v : n.op === "-" ? -v : v;
      }),
    );
  }
  if (n.k === "bin") {
    const a = evalArray(n.a, read, s);
    const b = evalArray(n.b, read, s);
    const rows = Math.max(a.length, b.length);
    const cols = Math.max(a[0].length, b[0].length);
    const pick = (m: XlValue[][], i: number, j: number): XlValue => {
      const row = m[m.length === 1 ? 0 : i];
      const c = m[0].length === 1 ? 0 : j;
      return row === undefined || c >= row.length ? new XlError("#N/A") : row[c];
    };
    const out: XlValue[][] = [];
    for (let i = 0; i < rows; i++) {
      const line: XlValue[] = [];
      for (let j = 0; j < cols; j++) {
        const x = pick(a, i, j);
        const y = pick(b, i, j);
        if (["=", "<>", "<", ">", "<=", ">="].includes(n.op)) {
          const c = compare(x, y);
          line.push(c instanceof XlError ? c : ({ "=": c === 0, "<>": c !== 0, "<": c < 0, ">": c > 0, "<=": c <= 0, ">=": c >= 0 }[n.op] as boolean));
          continue;
        }
        const p = toNumber(x);
        const q = toNumber(y);
        if (p instanceof XlError) line.push(p);
        else if (q instanceof XlError) line.push(q);
        else line.push(n.op === "+" ? p + q : n.op === "-" ? p - q : n.op === "*" ? p * q : n.op === "/" ? (q === 0 ? new XlError("#DIV/0!") : p / q) : p ** q);
      }
      out.push(line);
    }
    return out;
  }
  const v = evalNode(n, read, s);
  return isRange(v) ? v.range : [[v]];
}

/**
 * A whole workbook of sheets, evaluated on demand: formulas may refer to other sheets
 * (`'Sheet name'!$A$1`). Each formula once, with a guard against circular references.
 * @param sheets - each sheet's name and cells from A1
 */
export function workbookEvaluator(sheets: { name: string; rows: ({ v: unknown } | { f: string } | null)[][] }[]): {
  value: (sheet: string, row: number, col: number) => XlValue;
  at: (sheet: string, a1: string) => XlValue;
  /** Replaces a cell (a constant) and forgets every computed value: what a user typing over it would see. */
  set: (sheet: string, a1: string, v: XlValue) => void;
} {
  const bySheet = new Map(sheets.map((x) => [x.name, x.rows.map((r) => r.slice())]));
  const memo = new Map<string, XlValue>();
  const busy = new Set<string>();
  const value = (sheet: string, row: number, col: number): XlValue => {
    const rows = bySheet.get(sheet);
    if (!rows) return new XlError("#REF!");
    const cell = rows[row]?.[col];
    if (cell === null || cell === undefined) return null;
    if ("v" in cell) return cell.v as XlValue;
    const key = `${sheet}\u0000${row * 16384 + col}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    if (busy.has(key)) throw new Error(`circular reference at ${sheet}!${colLetters(col)}${row + 1}`);
    busy.add(key);
    // A formula whose result is a reference to a blank cell shows 0 (=A1 with A1 empty).
    const v = evaluateFormula(cell.f, (r, c, other) => value(other ?? sheet, r, c)) ?? 0;
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
    set: (sheet, a1, v) => {
      const { row, col } = parseA1(a1.replace(/\$/g, ""));
      const rows = bySheet.get(sheet)!;
      while (rows.length <= row) rows.push([]);
      rows[row] = rows[row].slice();
      rows[row][col] = { v };
      memo.clear();
    },
  };
}

/**
 * A whole sheet of constants and formulas, evaluated on demand (each formula once, with a
 * guard against circular references).
 * @param rows - cells from A1: constants (`{ v }`), formulas (`{ f }`), or null
 */
export function sheetEvaluator(rows: ({ v: unknown } | { f: string } | null)[][]): {
  value: (row: number, col: number) => XlValue;
  at: (a1: string) => XlValue;
  formula: (formula: string, shift?: Shift) => XlValue;
} {
  const memo = new Map<number, XlValue>();
  const busy = new Set<number>();
  const value = (row: number, col: number): XlValue => {
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

/** Equal within 1e-12 relative for numbers, identical otherwise. */
const closeEnough = (got: XlValue | undefined, want: unknown): boolean =>
  typeof want === "number" && typeof got === "number" ? Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)) : got === want;

/**
 * Every formula cell of a sheet evaluates to its `expect` (the engine's value); a formula cell
 * without one must evaluate to an Excel error (where the engine raises one). Throws naming
 * the first cell that differs.
 */
export function expectFormulasMatch(sheet: { rows: ({ v: unknown } | { f: string; expect?: unknown } | null)[][] }): void {
  const ev = sheetEvaluator(sheet.rows);
  sheet.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (cell === null || !("f" in cell)) return;
      const got = ev.value(r, c);
      if (cell.expect === undefined) {
        expect(got).toBeInstanceOf(XlError);
        return;
      }
      if (!closeEnough(got, cell.expect)) throw new Error(`${colLetters(c)}${r + 1} ${cell.f}: sheet ${String(got)}, engine ${String(cell.expect)}`);
    }),
  );
}
