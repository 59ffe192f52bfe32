/*
 * A table pasted from a spreadsheet, as the clipboard carries it: Excel, WPS and LibreOffice
 * all put tab-separated text on it, one line per row (CRLF from Windows, LF elsewhere),
 * fields with a tab, a line break or a quote wrapped in double quotes with inner quotes
 * doubled. Numbers arrive as the sheet showed them: "1,234,567", "25%", "¥1,200", "(300)".
 */
import type { CellValue } from "../../sheets/spec";

/**
 * Splits clipboard text into rows of fields (text, not yet read as numbers). A trailing
 * line break ends the last row; it does not add an empty one. Rows are padded with "" to
 * the widest row.
 *
 * @param text - the clipboard's text/plain
 * @returns rows of fields, all the same length; [] for empty text
 * @example splitClipboardText('Name\tAnnual\r\n"Li, ""Jr"""\t1,200\r\n')
 *   // [["Name", "Annual"], ['Li, "Jr"', "1,200"]]
 */
export function splitClipboardText(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let fieldStart = true;
  const n = text.length;
  const endField = () => {
    row.push(field);
    field = "";
    fieldStart = true;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < n) {
    const ch = text[i];
    if (fieldStart && ch === '"') {
      // A quoted field runs to the quote that is not doubled.
      let j = i + 1;
      let value = "";
      let closed = false;
      while (j < n) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        value += text[j];
        j += 1;
      }
      if (closed && (j >= n || text[j] === "\t" || text[j] === "\n" || text[j] === "\r")) {
        field = value;
        i = j;
        fieldStart = false;
        continue;
      }
      // Not a well-formed quoted field (a quote that merely starts the text): read it as is.
    }
    fieldStart = false;
    if (ch === "\t") {
      endField();
      i += 1;
    } else if (ch === "\r" || ch === "\n") {
      endRow();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      field += ch;
      i += 1;
    }
  }
  if (!fieldStart || row.length > 0) endRow();
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  for (const r of rows) while (r.length < width) r.push("");
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
 * A pasted table as cell values, row by row.
 * @example readPastedTable("Rep\tAnnual\nZhang\t1,200,000\n") // [["Rep", "Annual"], ["Zhang", 1200000]]
 */
export function readPastedTable(text: string): CellValue[][] {
  return splitClipboardText(text).map((row) => row.map(readPastedValue));
}
