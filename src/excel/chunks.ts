/**
 * Payload sizing and row chunking for the Office.js writer.
 *
 * Excel on the web refuses a request (everything queued before one `context.sync()`) over
 * 5 MB. The writer counts what it queues as the JSON size, in UTF-8 bytes, of the values,
 * formulas and formats it sends, and cuts a sheet's rows into blocks so that each sync
 * carries at most {@link REQUEST_BUDGET} bytes: syncs = a small constant + one per 4 MB.
 */
import type { CellSpec, CellValue } from "../sheets/spec";

/** What one request may carry: 4 MB, a margin under Excel on the web's 5 MB. */
export const REQUEST_BUDGET = 4 * 1024 * 1024;

/** What a request pays per queued operation besides its payload (object path, action, ids). */
export const ACTION_OVERHEAD = 64;

/**
 * UTF-8 bytes of a string (what the JSON of a request weighs on the wire).
 * @example utf8Bytes("元") // 3
 */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * UTF-8 bytes of a value's JSON.
 * @example jsonBytes([["a", 1]]) // 9
 */
export function jsonBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value) ?? "");
}

/** A cell as it goes into `Range.formulas`: a constant, "=formula", or null (left as it is). */
export type CellInput = string | number | boolean | null;

/**
 * Does Excel read this text as something else when it is entered (a formula, a number, a
 * date, a boolean, an error, or a quote prefix)? Conservative: any text that starts with
 * `= + - @ ' #` (or their full-width forms), holds a digit, or is TRUE/FALSE. Such text is written behind an apostrophe,
 * Excel's own quote prefix: the cell then holds exactly the text, and the apostrophe is not
 * part of its value.
 * @example needsQuotePrefix("=HYPERLINK(\"x\")") // true
 * @example needsQuotePrefix("Zhang Wei") // false
 */
export function needsQuotePrefix(text: string): boolean {
  if (text === "") return false;
  // Full-width forms too: Excel in Chinese and Japanese reads "１２" as 12 and "＝" as "=".
  if (/^[\s\u3000]*[=+\-@'#＝＋－＠＃]/.test(text)) return true;
  if (/[0-9０-９]/.test(text)) return true;
  return /^\s*(true|false)\s*$/i.test(text);
}

/**
 * The input Excel gets for a cell: numbers and booleans as they are, text behind a quote
 * prefix when Excel would otherwise read it as something else, formulas with a leading "=".
 * With `liveFunctions`, a cell that offers a `TARGET.*` formula gets that one.
 * Throws on a number that is not finite (JSON would turn it into an empty cell silently).
 * @example cellInput({ f: "SUM(B2:B9)" }, false) // "=SUM(B2:B9)"
 * @example cellInput({ v: "+86 138" }, false) // "'+86 138"
 */
export function cellInput(cell: CellSpec | null | undefined, liveFunctions: boolean): CellInput {
  if (cell == null) return null;
  if ("f" in cell) return "=" + (liveFunctions && cell.live ? cell.live : cell.f);
  return constantInput(cell.v);
}

/**
 * The input for a constant (see {@link cellInput}).
 * @example constantInput("007") // "'007"
 * @example constantInput(7) // 7
 */
export function constantInput(v: CellValue): CellInput {
  if (v === null) return null;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
    return v;
  }
  if (typeof v === "boolean") return v;
  return needsQuotePrefix(v) ? "'" + v : v;
}

/** One block of a sheet's rows written by one `Range.formulas` assignment. */
export interface RowBlock {
  /** First row (0-based, relative to the sheet's rows) and one past the last. */
  start: number;
  end: number;
  /** First column (relative to the rows) and one past the last. */
  colStart: number;
  colEnd: number;
  /** Payload of the block in bytes. */
  bytes: number;
}

/**
 * Cuts rows of cell inputs into blocks of whole rows whose JSON stays within `budget`
 * bytes each; a single row heavier than the budget is cut into column pieces. `firstBudget`
 * is what is left in the request the first block joins.
 * @example chunkRows([[1, 2], [3, 4]], 100).length // 1
 */
export function chunkRows(rows: readonly CellInput[][], budget: number, firstBudget = budget): RowBlock[] {
  const blocks: RowBlock[] = [];
  let room = firstBudget;
  let start = 0;
  let bytes = 0;
  let width = 0;
  const flush = (end: number): void => {
    if (end > start) blocks.push({ start, end, colStart: 0, colEnd: width, bytes });
    start = end;
    bytes = 0;
    width = 0;
    room = budget;
  };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const rowBytes = jsonBytes(row) + 1;
    if (rowBytes + ACTION_OVERHEAD > budget) {
      flush(i);
      blocks.push(...splitRow(row, i, budget));
      start = i + 1;
      continue;
    }
    if (bytes + rowBytes + ACTION_OVERHEAD > room) flush(i);
    bytes += rowBytes;
    width = Math.max(width, row.length);
  }
  flush(rows.length);
  return blocks;
}

function splitRow(row: readonly CellInput[], index: number, budget: number): RowBlock[] {
  const out: RowBlock[] = [];
  let c0 = 0;
  let bytes = 2;
  for (let c = 0; c < row.length; c++) {
    const b = jsonBytes(row[c]) + 1;
    if (bytes + b + ACTION_OVERHEAD > budget && c > c0) {
      out.push({ start: index, end: index + 1, colStart: c0, colEnd: c, bytes });
      c0 = c;
      bytes = 2;
    }
    bytes += b;
  }
  out.push({ start: index, end: index + 1, colStart: c0, colEnd: row.length, bytes });
  return out;
}
