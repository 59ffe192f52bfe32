/**
 * Request sizing and row chunking for the Office.js writer.
 *
 * Excel on the web refuses a request (everything queued before one `context.sync()`) over
 * 5 MB ("Resource limits and performance optimization for Office Add-ins": "Excel on the web
 * has a payload size limit for requests and responses of 5MB"). What counts is the body
 * Office.js builds, not the values alone: every object a script names (a range, its format,
 * its font, a border edge, a conditional format and its rule…) is an entry in the body's
 * "ObjectPaths" plus an "Instantiate" action, and every property set or method call is an
 * action with its arguments — a conditional format of ~100 bytes of data takes ~1,900 bytes
 * of request, a bordered format ~2,300. The writer measures each call by that shape
 * ({@link callBytes}) and cuts a sheet's rows into blocks, so that each request stays within
 * {@link REQUEST_BUDGET}: syncs = a small constant + one per 4 MB. The constants are
 * calibrated against the bodies the real Office.js builds for the writer's requests
 * (tests/excel-writer.test.ts measures them with `@microsoft/office-js` itself), with ids of
 * up to seven digits.
 */
import type { CellSpec, CellValue } from "../sheets/spec";

/** What one request may carry: 4 MB, a margin under Excel on the web's 5 MB. */
export const REQUEST_BUDGET = 4 * 1024 * 1024;

/**
 * Bytes one named object costs a request beyond its arguments: its "ObjectPaths" entry
 * (`"1234567":{"Id":1234567,"ObjectPathType":3,"Name":"ConditionalFormats","ParentObjectPathId":1234567,"ArgumentInfo":{"Arguments":[…]}}`),
 * its Instantiate action (`{"Id":1234567,"ActionType":1,"Name":"","ObjectPathId":1234567}`)
 * and its id in an action's "L" list.
 */
export const OBJECT_BYTES = 210;

/** Bytes one action (a property set, a method call) costs beyond its arguments (`{"Id":…,"ActionType":4,"Name":"NumberFormat","ObjectPathId":…,"ArgumentInfo":{"Arguments":[…]},"L":[…]}`). */
export const ACTION_BYTES = 130;

/** Bytes every request costs: the body's frame, the workbook object and its Instantiate action. */
export const REQUEST_BYTES = 400;

/** Bytes of `workbook.application.suspendApiCalculationUntilNextSync()` at a request's start. */
export const SUSPEND_BYTES = OBJECT_BYTES + ACTION_BYTES + 40;

/** What writing one block of cells costs besides the cells: its range object and the formulas action. */
export const ACTION_OVERHEAD = OBJECT_BYTES + ACTION_BYTES;

/**
 * What calls add to a request: `objects` named, `actions` queued, and the JSON of their
 * arguments.
 * @example callBytes(2, 1, ["B2:B9", "0.0%"]) // 2 × 210 + 130 + 8 + 6 = 564
 */
export function callBytes(objects: number, actions: number, args: readonly unknown[] = []): number {
  let n = objects * OBJECT_BYTES + actions * ACTION_BYTES;
  for (const a of args) n += jsonBytes(a);
  return n;
}

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

/**
 * Office.js sets an array of more than 1,500 cells slice by slice: its
 * `setRangePropertiesInBulk` (in the library itself, ExcelApi 1.3 on) queues
 * `_ValidateArraySize` and then, for every `round(1500 / columns)` rows, a range made of
 * `getRow(first)`, `getRow(last)` and `getBoundingRect` with its own property set.
 */
export const BULK_CELLS = 1500;

/** What one such slice costs a request besides its cells: three objects and one action. */
export const SLICE_BYTES = 3 * OBJECT_BYTES + ACTION_BYTES + 8;

/**
 * What Office.js adds for slicing an array of `rows` × `columns` (0 up to 1,500 cells).
 * @example sliceBytes(5000, 30) // 130 + 100 slices × 768
 */
export function sliceBytes(rows: number, columns: number): number {
  if (rows * columns <= BULK_CELLS) return 0;
  const perSlice = Math.max(1, Math.round(BULK_CELLS / columns));
  return ACTION_BYTES + Math.ceil(rows / perSlice) * SLICE_BYTES;
}

/** One block of a sheet's rows written by one `Range.formulas` assignment. */
export interface RowBlock {
  /** First row (0-based, relative to the sheet's rows) and one past the last. */
  start: number;
  end: number;
  /** First column (relative to the rows) and one past the last. */
  colStart: number;
  colEnd: number;
  /**
   * What the block costs a request: the JSON of its rows, padded with nulls to its width,
   * its range object and action, and Office.js's slices (not the address).
   */
  bytes: number;
}

/**
 * Cuts rows of cell inputs into blocks of whole rows, each costing a request at most
 * `budget` bytes (see {@link RowBlock.bytes}); a single row heavier than that is cut into
 * column pieces. `firstBudget` is what is left in the request the first block joins.
 * @example chunkRows([[1, 2], [3, 4]], 1000).length // 1
 */
export function chunkRows(rows: readonly CellInput[][], budget: number, firstBudget = budget): RowBlock[] {
  const blocks: RowBlock[] = [];
  let room = firstBudget;
  let start = 0;
  // The block so far: the JSON of its rows as they are, their lengths, its width, empty rows.
  let json = 0;
  let cells = 0;
  let width = 0;
  let empty = 0;
  /** The block's cost with `n` rows of JSON `j`, `c` cells and `e` empty rows at width `w`. */
  const cost = (n: number, j: number, c: number, w: number, e: number): number =>
    2 + j + n + (w > 0 ? 5 * (n * w - c) - e : 0) + ACTION_OVERHEAD + sliceBytes(n, w);
  const flush = (end: number): void => {
    if (end > start) blocks.push({ start, end, colStart: 0, colEnd: width, bytes: cost(end - start, json, cells, width, empty) });
    start = end;
    json = cells = width = empty = 0;
    room = budget;
  };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const rowJson = jsonBytes(row);
    if (cost(1, rowJson, row.length, row.length, row.length === 0 ? 1 : 0) > budget) {
      flush(i);
      blocks.push(...splitRow(row, i, budget));
      start = i + 1;
      continue;
    }
    const w = Math.max(width, row.length);
    const e = empty + (row.length === 0 ? 1 : 0);
    if (i > start && cost(i - start + 1, json + rowJson, cells + row.length, w, e) > room) flush(i);
    json += rowJson;
    cells += row.length;
    width = Math.max(width, row.length);
    empty += row.length === 0 ? 1 : 0;
  }
  flush(rows.length);
  return blocks;
}

function splitRow(row: readonly CellInput[], index: number, budget: number): RowBlock[] {
  const out: RowBlock[] = [];
  const cost = (json: number, n: number): number => 4 + json + ACTION_OVERHEAD + sliceBytes(1, n);
  let c0 = 0;
  let json = 0;
  for (let c = 0; c < row.length; c++) {
    const b = jsonBytes(row[c]) + 1;
    if (c > c0 && cost(json + b, c - c0 + 1) > budget) {
      out.push({ start: index, end: index + 1, colStart: c0, colEnd: c, bytes: cost(json, c - c0) });
      c0 = c;
      json = 0;
    }
    json += b;
  }
  out.push({ start: index, end: index + 1, colStart: c0, colEnd: row.length, bytes: cost(json, row.length - c0) });
  return out;
}
