/*
 * A table pasted from a spreadsheet, as the clipboard carries it: Excel, WPS and LibreOffice
 * all put tab-separated text on it, one line per row (CRLF from Windows, LF elsewhere),
 * fields with a tab, a line break or a quote wrapped in double quotes with inner quotes
 * doubled. Numbers arrive as the sheet showed them: "1,234,567", "25%", "¥1,200", "(300)".
 *
 * Whatever is pasted, the reading stays bounded: rows are not padded to the widest one,
 * the workbench keeps only non-blank cells (sparsely), fields past column XFD or rows past
 * 1,048,576 are left out and counted (a sheet has no room for them), and a long paste is
 * read in slices with the event loop free between them.
 */
import type { CellValue } from "../../sheets/spec";
import { SHEET_COLUMNS, SHEET_ROWS, SheetCells } from "./cells";

/** One field of clipboard text: where it is and its text (quotes undone). */
interface Field {
  row: number;
  col: number;
  text: string;
  /** The field is the last of its row. */
  endsRow: boolean;
}

const DELIMITER = /[\t\r\n]/g;

/**
 * Walks clipboard text field by field, in order. A trailing line break ends the last row
 * without starting another.
 */
class ClipboardFields {
  private pos = 0;
  private row = 0;
  private col = 0;
  private finished: boolean;
  /** The last quote of the text: a quote after it never closes (no scan to the end each time). */
  private readonly lastQuote: number;

  constructor(private readonly text: string) {
    this.finished = text.length === 0;
    this.lastQuote = text.lastIndexOf('"');
  }

  /** Characters read so far. */
  get position(): number {
    return this.pos;
  }

  /** The next field, or undefined at the end of the text. */
  next(): Field | undefined {
    if (this.finished) return undefined;
    const { text } = this;
    const n = text.length;
    const row = this.row;
    const col = this.col;
    let value: string | undefined;
    let end = -1;
    if (text.charCodeAt(this.pos) === 34 /* " */ && this.pos < this.lastQuote) {
      // A quoted field runs to the quote that is not doubled, and must end there.
      let j = this.pos + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) break;
        if (text.charCodeAt(q + 1) === 34) {
          j = q + 2;
          continue;
        }
        const after = text.charCodeAt(q + 1);
        if (q + 1 >= n || after === 9 || after === 10 || after === 13) {
          value = text.slice(this.pos + 1, q).replace(/""/g, '"');
          end = q + 1;
        }
        break;
      }
    }
    if (value === undefined) {
      // Not a well-formed quoted field (a quote that merely starts the text): read it as is.
      DELIMITER.lastIndex = this.pos;
      const d = DELIMITER.exec(text);
      end = d ? d.index : n;
      value = text.slice(this.pos, end);
    }
    // The delimiter after the field.
    let endsRow = true;
    if (end >= n) {
      this.finished = true;
    } else if (text.charCodeAt(end) === 9) {
      endsRow = false;
      this.col += 1;
      this.pos = end + 1; // at the very end ("a\t"), the next call gives the row's empty last field
    } else {
      this.pos = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
      this.row += 1;
      this.col = 0;
      if (this.pos >= n) this.finished = true;
    }
    return { row, col, text: value, endsRow };
  }
}

/**
 * Splits clipboard text into rows of fields (text, not yet read as numbers). A trailing
 * line break ends the last row; it does not add an empty one. Rows keep their own length
 * (they are not padded to the widest); trailing rows that are all blank are dropped.
 *
 * @param text - the clipboard's text/plain
 * @returns rows of fields; [] for empty text
 * @example splitClipboardText('Name\tAnnual\r\n"Li, ""Jr"""\t1,200\r\n')
 *   // [["Name", "Annual"], ['Li, "Jr"', "1,200"]]
 */
export function splitClipboardText(text: string): string[][] {
  const rows: string[][] = [];
  const fields = new ClipboardFields(text);
  let row: string[] = [];
  for (let f = fields.next(); f; f = fields.next()) {
    row.push(f.text);
    if (f.endsRow) {
      rows.push(row);
      row = [];
    }
  }
  // Trailing rows that are all blank (a selection copied with empty rows below) carry nothing.
  while (rows.length > 0 && rows[rows.length - 1].every((f) => f.trim() === "")) rows.pop();
  return rows;
}

const CURRENCY = /^[¥￥$€£]|元$/g;
const GROUPED = /^\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * One pasted field as a cell value: numbers as numbers (thousands separators, a leading
 * currency sign, a minus or accounting parentheses, a trailing % — 25% is 0.25), TRUE and
 * FALSE as booleans, blanks as "", anything else as the text itself (trimmed). Commas that
 * are not thousands separators ("1,2") keep the field as text.
 *
 * @example readPastedValue("1,234,567.5") // 1234567.5
 * @example readPastedValue("25%") // 0.25
 * @example readPastedValue("(1,200)") // -1200
 * @example readPastedValue("East") // "East"
 */
export function readPastedValue(field: string): CellValue {
  const text = field.replace(/\u00a0/g, " ").trim();
  if (text === "") return "";
  const upper = text.toUpperCase();
  if (upper === "TRUE") return true;
  if (upper === "FALSE") return false;
  let body = text;
  let sign = 1;
  if (body.startsWith("(") && body.endsWith(")")) {
    sign = -1;
    body = body.slice(1, -1).trim();
  }
  if (body.startsWith("-") || body.startsWith("−")) {
    sign = -sign;
    body = body.slice(1).trim();
  } else if (body.startsWith("+")) {
    body = body.slice(1).trim();
  }
  let percent = false;
  if (body.endsWith("%")) {
    percent = true;
    body = body.slice(0, -1).trim();
  }
  body = body.replace(CURRENCY, "").trim();
  if (body.startsWith("-") && sign === 1) {
    // "¥-1,200" and "-¥1,200" both mean minus.
    sign = -1;
    body = body.slice(1);
  }
  let number: number;
  if (GROUPED.test(body)) number = Number(body.replace(/,/g, ""));
  else if (PLAIN.test(body)) number = Number(body);
  else return text;
  if (!Number.isFinite(number)) return text;
  const value = sign * (percent ? number / 100 : number);
  // Dividing by 100 leaves float noise (7% → 0.07000000000000001): keep 15 significant digits.
  return percent ? Number(value.toPrecision(15)) : value === 0 ? 0 : value;
}

/**
 * A pasted table as cell values, row by row (rows keep their own length).
 * @example readPastedTable("Rep\tAnnual\nZhang\t1,200,000\n") // [["Rep", "Annual"], ["Zhang", 1200000]]
 */
export function readPastedTable(text: string): CellValue[][] {
  return splitClipboardText(text).map((row) => row.map(readPastedValue));
}

/** A paste read into cells, with what did not fit. */
export interface PastedCells {
  /** The non-blank cells, from A1. */
  cells: SheetCells;
  /** Rows and columns up to the last non-blank cell (the table's size). */
  rows: number;
  columns: number;
  /** Rows that had fields past column XFD (left out), and the most fields one row had. */
  cut: { rows: number; widest: number };
  /** Rows past row 1,048,576 (left out). */
  rowsPastEnd: number;
  /** Reading stopped at the cell cap: rows from this one (0-based) on were not read. */
  stoppedAtRow?: number;
}

export interface PasteReadOptions {
  /** Non-blank cells kept at most (the workbench's cap). */
  maxCells?: number;
  /** Characters read between two yields to the event loop (default 256 K). */
  sliceChars?: number;
  signal?: AbortSignal;
  /** Progress in characters read. */
  onProgress?: (done: number, total: number) => void;
}

/** Lets the event loop run (paint, input, a click on Cancel) before going on. */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === "function") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function abortError(): Error {
  const error = new Error("reading the paste was cancelled");
  error.name = "AbortError";
  return error;
}

/**
 * Reads a paste into sparse cells, in slices (the event loop runs between them), keeping
 * only non-blank cells: fields past column XFD and rows past 1,048,576 are left out and
 * counted, and at most `maxCells` cells are kept (whole rows: the row that would pass the
 * cap and those after it are not read).
 *
 * @throws Error named "AbortError" when the signal is aborted (nothing is kept)
 * @example const { cells, rows, columns } = await readPastedCells("Rep\tAnnual\nLi\t800\n");
 *   // rows 2, columns 2, cells.get(1, 1) → { v: 800 }
 */
export async function readPastedCells(text: string, options: PasteReadOptions = {}): Promise<PastedCells> {
  const maxCells = options.maxCells ?? Infinity;
  const slice = options.sliceChars ?? 256 * 1024;
  const cells = new SheetCells();
  const out: PastedCells = { cells, rows: 0, columns: 0, cut: { rows: 0, widest: 0 }, rowsPastEnd: 0 };
  const fields = new ClipboardFields(text);
  let rowCells: { col: number; v: CellValue }[] = [];
  let rowFields = 0;
  let nextYield = slice;
  for (let f = fields.next(); f; f = fields.next()) {
    if (f.row >= SHEET_ROWS) {
      // Past the sheet's last row: count the rows left out, read nothing more of them.
      if (f.endsRow) out.rowsPastEnd += 1;
    } else {
      rowFields = f.col + 1;
      if (f.col < SHEET_COLUMNS) {
        const v = readPastedValue(f.text);
        if (v !== "") rowCells.push({ col: f.col, v });
      }
      if (f.endsRow) {
        if (rowFields > SHEET_COLUMNS) {
          out.cut.rows += 1;
          out.cut.widest = Math.max(out.cut.widest, rowFields);
        }
        if (cells.size + rowCells.length > maxCells) {
          out.stoppedAtRow = f.row;
          break;
        }
        for (const c of rowCells) cells.set(f.row, c.col, { v: c.v });
        if (rowCells.length > 0) {
          out.rows = f.row + 1;
          out.columns = Math.max(out.columns, rowCells[rowCells.length - 1].col + 1);
        }
        rowCells = [];
      }
    }
    if (fields.position >= nextYield) {
      nextYield = fields.position + slice;
      options.onProgress?.(fields.position, text.length);
      await nextTask();
      if (options.signal?.aborted) throw abortError();
    }
  }
  if (options.signal?.aborted) throw abortError();
  options.onProgress?.(text.length, text.length);
  return out;
}
