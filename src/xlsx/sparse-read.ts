/**
 * Reading an .xlsx the way the pane's workbench needs it: every sheet's non-empty cells
 * (values as last calculated, formulas beside them), the defined names, and what the file
 * holds that a rewrite does not carry over — streamed part by part as it is inflated, cell
 * by cell, with a cap on the cells kept, on the bytes inflated and on the time spent between
 * two yields to the event loop. Unlike ExcelJS it builds no model of the workbook, so a
 * value at XFD1048576 costs one cell, a 500,000-row sheet stops at the cap (and says where),
 * and drawings, charts or comments it does not understand are never parsed: they cannot
 * make it fail.
 *
 * What it reads of each part: `xl/workbook.xml` (sheets, their state, defined names, the
 * 1904 date system), its relationships, `xl/sharedStrings.xml`, and each worksheet's
 * `<sheetData>` (ECMA-376 Part 1, §18.3.1: `row`, `c` with `r`, `t`, and `v`, `f`, `is`).
 * Dates come back as serial numbers, as Excel stores them.
 */
import type JSZip from "jszip";
import type { CellValue } from "../sheets/spec";
import { refuse } from "./errors";
import { withoutXlfn } from "./formula";
import { type Unkept, findPart, openPackage, partSizes, relsOf, resolveTarget, unkeptContents, workbookPart } from "./parts";
import type { NameRead } from "./read";
import { type XmlHandler, XmlScanner, attribute } from "./xml-scan";

/** Cells kept at most, over all sheets (the plan sheet apart): one per cell of core's largest grid. */
export const MAX_CELLS_READ = 1_000_000;
/** Bytes inflated at most over the parts read (a zip bomb stops here, in seconds). */
export const MAX_INFLATED_BYTES = 128 * 1024 * 1024;
/** Cells read at most from the very hidden plan sheet (its JSON in 32,000-character cells). */
const MAX_PLAN_CELLS = 10_000;
const PLAN_SHEET = "TargetPlanner";
const ROWS = 1_048_576;
const COLUMNS = 16_384;

/** Where the cells of one sheet go. */
export interface SheetSink {
  /** One non-empty cell, 0-based (row 0 is Excel's row 1). */
  cell(row: number, col: number, value: CellValue, formula?: string): void;
}

/** One sheet as read. */
export interface SheetRead {
  name: string;
  hidden: boolean;
  /** Cells kept. */
  cells: number;
  /** Reading stopped before the sheet's end (the cap): rows from this one (0-based) on were not read. */
  stoppedAtRow?: number;
  /** Cells the file places outside a sheet (past XFD or row 1,048,576), left out. */
  outside: number;
}

/** A workbook as read by {@link readXlsxSparse}. */
export interface WorkbookRead {
  sheets: SheetRead[];
  names: NameRead[];
  /** What the file holds that a rewrite does not carry over. */
  unkept: Unkept[];
  /** Whether some cells were not read because of the caps. */
  capped: boolean;
}

export interface SparseReadOptions {
  /** Cells kept at most (default {@link MAX_CELLS_READ}). */
  maxCells?: number;
  /** Bytes inflated at most (default {@link MAX_INFLATED_BYTES}). */
  maxInflatedBytes?: number;
  /** Cancels the read (it rejects with an error named "AbortError"). */
  signal?: AbortSignal;
  /** Progress in compressed bytes of the parts to read. */
  onProgress?: (done: number, total: number) => void;
}

/** The error a cancelled read rejects with. */
function aborted(): Error {
  const error = new Error("reading the file was cancelled");
  error.name = "AbortError";
  return error;
}

/** Thrown by a handler to stop reading a part (the cap is reached); not an error. */
const STOP = Symbol("stop");

interface Budget {
  inflated: number;
  maxInflated: number;
  /** Cells kept so far and the cap: past the bytes, progress counts towards the cap too. */
  cellsKept: number;
  maxCells: number;
  doneCompressed: number;
  totalCompressed: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

interface StreamHelper {
  on(event: "data", cb: (chunk: Uint8Array, meta: { percent: number }) => void): StreamHelper;
  on(event: "end", cb: () => void): StreamHelper;
  on(event: "error", cb: (e: Error) => void): StreamHelper;
  resume(): StreamHelper;
  pause(): StreamHelper;
}

/**
 * Inflates one part chunk by chunk into a scanner. Resolves "end" when the part was read to
 * its end, "stopped" when the handler threw {@link STOP}, or "budget" when the inflated
 * bytes reached the budget (the caller decides what that means for this part).
 */
function scanPart(file: JSZip.JSZipObject, handler: XmlHandler, budget: Budget): Promise<"end" | "stopped" | "budget"> {
  const compressed = partSizes(file).compressedSize;
  return new Promise((resolve, reject) => {
    const scanner = new XmlScanner(handler);
    let decoder: TextDecoder | undefined;
    let settled = false;
    const stream = (file as unknown as { internalStream(type: "uint8array"): StreamHelper }).internalStream("uint8array");
    const finish = (how: "end" | "stopped" | "budget" | Error) => {
      if (settled) return;
      settled = true;
      budget.doneCompressed += compressed;
      if (how instanceof Error) reject(how);
      else resolve(how);
    };
    const stop = (how: "stopped" | "budget" | Error) => {
      stream.pause();
      finish(how);
    };
    stream
      .on("data", (chunk, meta) => {
        if (settled) return;
        if (budget.signal?.aborted) return stop(aborted());
        budget.inflated += chunk.length;
        if (budget.inflated > budget.maxInflated) return stop("budget");
        // UTF-8 (a BOM is dropped) unless the part starts with a UTF-16 byte order mark.
        decoder ??= new TextDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? "utf-16le" : chunk[0] === 0xfe && chunk[1] === 0xff ? "utf-16be" : "utf-8");
        try {
          scanner.feed(decoder.decode(chunk, { stream: true }));
        } catch (error) {
          return stop(error === STOP ? "stopped" : damaged(file.name, error));
        }
        // The share of the bytes read, or of the cells the cap allows when that is further on.
        const bytes = budget.doneCompressed + (compressed * (meta?.percent ?? 0)) / 100;
        const cells = Number.isFinite(budget.maxCells) ? (budget.cellsKept / budget.maxCells) * budget.totalCompressed : 0;
        budget.onProgress?.(Math.min(budget.totalCompressed, Math.max(bytes, cells)), budget.totalCompressed);
      })
      .on("error", (error) => finish(damaged(file.name, error)))
      .on("end", () => {
        if (settled) return;
        try {
          scanner.feed(decoder?.decode() ?? "");
          scanner.end();
        } catch (error) {
          if (error !== STOP) return finish(damaged(file.name, error));
        }
        finish("end");
      })
      .resume();
  });
}

/** A part that cannot be inflated or scanned: the file is damaged (the error says which part). */
function damaged(part: string, error: unknown): Error {
  if (error instanceof Error && error.name === "AbortError") return error;
  try {
    refuse("xlsxDamaged", { part });
  } catch (refusal) {
    return refusal as Error;
  }
}

// ---------------------------------------------------------------------------------------
// The workbook part and its relationships

interface SheetEntry {
  name: string;
  hidden: boolean;
  rid: string;
}

interface WorkbookXml {
  sheets: SheetEntry[];
  names: { name: string; localSheetId?: string; text: string }[];
  date1904: boolean;
}

function workbookHandler(out: WorkbookXml): XmlHandler {
  let name: { name: string; localSheetId?: string; text: string } | undefined;
  return {
    open(el, tag) {
      if (el === "sheet") {
        const state = attribute(tag, "state");
        out.sheets.push({ name: attribute(tag, "name") ?? "", hidden: state === "hidden" || state === "veryHidden", rid: attribute(tag, "r:id") ?? relId(tag) ?? "" });
      } else if (el === "definedName") {
        name = { name: attribute(tag, "name") ?? "", localSheetId: attribute(tag, "localSheetId"), text: "" };
      } else if (el === "workbookPr") {
        const v = attribute(tag, "date1904");
        out.date1904 = v === "1" || v === "true";
      }
    },
    close(el) {
      if (el === "definedName" && name) {
        out.names.push(name);
        name = undefined;
      }
    },
    text(text) {
      if (name) name.text += text;
    },
  };
}

/** The relationship id of a tag whose namespace prefix is not "r" (`ns1:id="rId3"`). */
function relId(tag: string): string | undefined {
  return /\s[\w.-]+:id\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
}

function relsHandler(source: string, out: Map<string, { type: string; target: string }>): XmlHandler {
  return {
    open(el, tag) {
      if (el !== "Relationship") return;
      const id = attribute(tag, "Id");
      const target = attribute(tag, "Target");
      if (id && target && attribute(tag, "TargetMode") !== "External") out.set(id, { type: attribute(tag, "Type") ?? "", target: resolveTarget(source, target) });
    },
    close() {},
    text() {},
  };
}

/** Defined names that point at one cell or range of one sheet (as `readXlsxNames` gives them). */
function namesOf(names: WorkbookXml["names"]): NameRead[] {
  const out: NameRead[] = [];
  for (const n of names) {
    if (n.name.startsWith("_xlnm.") || n.localSheetId !== undefined) continue;
    const m = /^(?:'((?:[^']|'')*)'|([^!'"]+))!(\$?[A-Za-z]{1,3}\$?\d{1,7}(?::\$?[A-Za-z]{1,3}\$?\d{1,7})?)$/.exec(n.text.trim());
    if (!m) continue;
    out.push({ name: n.name, sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], ref: m[3].replace(/\$/g, "") });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Shared strings

/** `_xHHHH_` escapes of OOXML strings (ECMA-376 Part 1, §22.9.2.19 ST_Xstring) decoded. */
function xstring(text: string): string {
  return text.includes("_x") ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** Collects rich or plain text of `<si>`/`<is>`: every `<t>` except phonetic runs (`<rPh>`). */
class TextCollector {
  private inT = false;
  private inPhonetic = 0;
  value = "";

  open(el: string): void {
    if (el === "t") this.inT = true;
    else if (el === "rPh") this.inPhonetic++;
  }

  close(el: string): void {
    if (el === "t") this.inT = false;
    else if (el === "rPh") this.inPhonetic--;
  }

  text(text: string): void {
    if (this.inT && this.inPhonetic === 0) this.value += text;
  }
}

function sharedStringsHandler(out: string[]): XmlHandler {
  let si: TextCollector | undefined;
  return {
    open(el) {
      if (el === "si") si = new TextCollector();
      else si?.open(el);
    },
    close(el) {
      if (el === "si" && si) {
        out.push(xstring(si.value));
        si = undefined;
      } else si?.close(el);
    },
    text(text) {
      si?.text(text);
    },
  };
}

// ---------------------------------------------------------------------------------------
// A worksheet's cells

/** "B12" as 0-based row and column, or undefined when it is not a position on a sheet. */
function position(ref: string): { row: number; col: number } | undefined {
  let i = 0;
  let col = 0;
  while (i < ref.length && i < 4) {
    const c = ref.charCodeAt(i) | 32;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
    i++;
  }
  if (i === 0 || i > 3) return undefined;
  const row = Number(ref.slice(i));
  if (!Number.isInteger(row) || row < 1 || ref.length - i > 7) return undefined;
  return { row: row - 1, col: col - 1 };
}

interface SheetState {
  read: SheetRead;
  sink: SheetSink;
  /** Cells the sheet may still keep. */
  room: number;
  strings: readonly string[];
  date1904: boolean;
  /** Sparklines found (Excel 2010 extension, not carried over by a rewrite). */
  sparklines: number;
  /** The last row whose cells were kept (0-based), -1 before any. */
  lastRow: number;
  budget: Budget;
}

/** A cell's value from its type and `<v>` text (ECMA-376 Part 1, §18.18.11 ST_CellType). */
function valueOf(type: string | undefined, v: string, inline: string | undefined, s: SheetState): CellValue {
  switch (type) {
    case "s": {
      const i = Number(v);
      return Number.isInteger(i) && i >= 0 && i < s.strings.length ? s.strings[i] : "";
    }
    case "inlineStr":
      return xstring(inline ?? v);
    case "str":
      return xstring(v);
    case "b":
      return v === "1" || v.toLowerCase() === "true";
    case "e":
      return v;
    case "d": {
      const ms = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : /[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
      return Number.isFinite(ms) ? ms / 86400000 + 25569 - (s.date1904 ? 1462 : 0) : v;
    }
    default: {
      if (v.trim() === "") return "";
      const n = Number(v);
      return Number.isFinite(n) ? n : v;
    }
  }
}

function sheetHandler(s: SheetState): XmlHandler {
  let inData = false;
  let inExt = 0;
  let row = -1;
  let col = -1;
  /** The row's cells, kept only when the whole row fits the cap. */
  let pending: { row: number; col: number; value: CellValue; formula?: string }[] = [];
  let cell: { row: number; col: number; type?: string; v: string; f?: string; inline?: TextCollector; inV: boolean; inF: boolean } | undefined;

  const flush = () => {
    if (pending.length === 0) return;
    if (pending.length > s.room) {
      s.read.stoppedAtRow = pending[0].row;
      pending = [];
      throw STOP;
    }
    for (const c of pending) s.sink.cell(c.row, c.col, c.value, c.formula);
    s.lastRow = Math.max(s.lastRow, pending[pending.length - 1].row);
    s.room -= pending.length;
    s.budget.cellsKept += pending.length;
    s.read.cells += pending.length;
    pending = [];
  };

  return {
    open(el, tag, selfClosing) {
      if (!inData) {
        if (el === "sheetData") inData = !selfClosing;
        else if (el === "extLst") inExt++;
        else if (inExt > 0 && el === "sparklineGroup") s.sparklines++;
        return;
      }
      if (cell) {
        if (el === "v") cell.inV = !selfClosing;
        else if (el === "f") {
          cell.inF = !selfClosing;
          cell.f ??= "";
        } else if (el === "is") cell.inline = new TextCollector();
        else cell.inline?.open(el);
        return;
      }
      if (el === "row") {
        flush();
        const r = attribute(tag, "r");
        row = r !== undefined ? Number(r) - 1 : row + 1;
        col = -1;
      } else if (el === "c") {
        const ref = attribute(tag, "r");
        const at = ref !== undefined ? position(ref) : { row, col: col + 1 };
        if (!at || !Number.isInteger(at.row) || at.row < 0 || at.row >= ROWS || at.col < 0 || at.col >= COLUMNS) {
          s.read.outside++;
          cell = { row: -1, col: -1, v: "", inV: false, inF: false };
        } else {
          col = at.col;
          cell = { row: at.row, col: at.col, type: attribute(tag, "t"), v: "", inV: false, inF: false };
        }
        if (selfClosing) cell = undefined; // an empty (formatted) cell
      }
    },
    close(el) {
      if (!inData) {
        if (el === "extLst") inExt = Math.max(0, inExt - 1);
        return;
      }
      if (el === "sheetData") {
        flush();
        inData = false;
        return;
      }
      if (!cell) {
        if (el === "row") flush();
        return;
      }
      if (el === "v") cell.inV = false;
      else if (el === "f") cell.inF = false;
      else if (el === "is") {
        /* the inline text stays in cell.inline */
      } else if (el === "c") {
        const c = cell;
        cell = undefined;
        if (c.row < 0) return;
        const formula = c.f !== undefined && c.f.trim() !== "" ? withoutXlfn(c.f) : undefined;
        const value = valueOf(c.type, c.v, c.inline?.value, s);
        if (value === "" && formula === undefined) return;
        pending.push({ row: c.row, col: c.col, value, formula });
        if (pending.length > COLUMNS) flush(); // cells outside any <row>: keep the buffer small
      } else cell.inline?.close(el);
    },
    text(text) {
      if (!cell) return;
      if (cell.inV) cell.v += text;
      else if (cell.inF) cell.f += text;
      else cell.inline?.text(text);
    },
  };
}

// ---------------------------------------------------------------------------------------
// The workbook

/**
 * Reads an .xlsx sparsely: for each worksheet, in the workbook's order, `open` gives the
 * sink its cells go to. At most `maxCells` cells are kept over all sheets (the plan sheet
 * `TargetPlanner` apart, read whole); a sheet is cut at a row boundary, and the sheets after
 * the cut are listed with no cells (`stoppedAtRow: 0`).
 *
 * @throws XlsxError notXlsx, xlsxOldFormat, xlsxDamaged, xlsxNoWorkbook, xlsxOds,
 *   xlsxBinary, xlsxTooLarge, xlsxTooManyParts — with a message saying what to do
 * @throws Error named "AbortError" when `options.signal` is aborted
 * @example
 * const read = await readXlsxSparse(bytes, () => ({ cell: (r, c, v) => grid.set(r, c, v) }));
 * read.sheets // [{ name: "Sales", hidden: false, cells: 18, outside: 0 }]
 */
export async function readXlsxSparse(
  bytes: Uint8Array,
  open: (sheet: { name: string; hidden: boolean }) => SheetSink,
  options: SparseReadOptions = {},
): Promise<WorkbookRead> {
  if (options.signal?.aborted) throw aborted();
  const zip = await openPackage(bytes);
  const main = await workbookPart(zip);
  const budget: Budget = {
    inflated: 0,
    maxInflated: options.maxInflatedBytes ?? MAX_INFLATED_BYTES,
    cellsKept: 0,
    maxCells: options.maxCells ?? MAX_CELLS_READ,
    doneCompressed: 0,
    totalCompressed: 0,
    signal: options.signal,
    onProgress: options.onProgress,
  };
  const must = async (file: JSZip.JSZipObject | undefined, handler: XmlHandler) => {
    if (!file) return;
    const how = await scanPart(file, handler, budget);
    if (how === "budget") refuse("xlsxTooLarge", { max: Math.round(budget.maxInflated / 1024 / 1024) });
  };

  // The workbook, its relationships and the shared strings: read whole.
  const book: WorkbookXml = { sheets: [], names: [], date1904: false };
  const rels = new Map<string, { type: string; target: string }>();
  const wbFile = findPart(zip, main)!;
  const relsFile = findPart(zip, relsOf(main));
  const sheetFiles = () =>
    book.sheets.map((s) => {
      const rel = rels.get(s.rid);
      return rel && /\/worksheet$/.test(rel.type) ? findPart(zip, rel.target) : undefined;
    });
  budget.totalCompressed = partSizes(wbFile).compressedSize + (relsFile ? partSizes(relsFile).compressedSize : 0);
  await must(wbFile, workbookHandler(book));
  await must(relsFile, relsHandler(main, rels));
  const stringsRel = [...rels.values()].find((r) => /\/sharedStrings$/.test(r.type));
  const stringsFile = stringsRel ? findPart(zip, stringsRel.target) : findPart(zip, "xl/sharedStrings.xml");
  const files = sheetFiles();
  budget.totalCompressed += (stringsFile ? partSizes(stringsFile).compressedSize : 0) + files.reduce((n, f) => n + (f ? partSizes(f).compressedSize : 0), 0);
  const strings: string[] = [];
  await must(stringsFile, sharedStringsHandler(strings));

  // The sheets, in order; the cap runs over all but the plan sheet.
  let room = options.maxCells ?? MAX_CELLS_READ;
  let capped = false;
  let sparklines = 0;
  const sheets: SheetRead[] = [];
  for (let i = 0; i < book.sheets.length; i++) {
    const entry = book.sheets[i];
    const file = files[i];
    const rel = rels.get(entry.rid);
    if (rel && !/\/worksheet$/.test(rel.type)) continue; // a chart sheet, dialog or macro sheet: no cells
    const read: SheetRead = { name: entry.name, hidden: entry.hidden, cells: 0, outside: 0 };
    sheets.push(read);
    const sink = open({ name: entry.name, hidden: entry.hidden });
    if (!file) continue;
    const isPlan = entry.name === PLAN_SHEET;
    if (!isPlan && (capped || room <= 0)) {
      read.stoppedAtRow = 0;
      capped = true;
      budget.doneCompressed += partSizes(file).compressedSize;
      continue;
    }
    const state: SheetState = { read, sink, room: isPlan ? MAX_PLAN_CELLS : room, strings, date1904: book.date1904, sparklines: 0, lastRow: -1, budget };
    const how = await scanPart(file, sheetHandler(state), budget);
    if (how === "budget") {
      // Out of inflated bytes: a sheet that gave cells is cut here; one that gave none is a bomb.
      if (read.cells === 0) refuse("xlsxTooLarge", { max: Math.round(budget.maxInflated / 1024 / 1024) });
      read.stoppedAtRow ??= state.lastRow + 1;
    }
    if (read.stoppedAtRow !== undefined && !isPlan) capped = true;
    if (!isPlan) room = state.room;
    sparklines += state.sparklines;
  }
  if (options.signal?.aborted) throw aborted();
  options.onProgress?.(budget.totalCompressed, budget.totalCompressed);

  const unkept = await unkeptContents(zip);
  if (sparklines > 0) unkept.splice(unkept.length - (unkept[unkept.length - 1]?.kind === "other" ? 1 : 0), 0, { kind: "sparklines", count: sparklines });
  return { sheets, names: namesOf(book.names), unkept, capped };
}
