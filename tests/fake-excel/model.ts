/**
 * The fake Excel's workbook model: sheets, cells (values, formulas, number formats, a few
 * cell formats), names, tables, conditional formats, validations, in memory. It enforces
 * Excel's own rules (sheet and defined names, sizes, protection) and knows nothing of
 * requests; `fake-excel.ts` puts Office.js's request/sync shape around it.
 *
 * Kept independent of src/excel on purpose (its own A1 parser, its own rules), so a bug in
 * the writer's helpers cannot hide itself in the fake.
 */

export type Value = string | number | boolean;

/** An error as Office.js raises it: name "RichApi.Error" and a code. */
export class FakeOfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RichApi.Error";
  }
}

export const fail = (code: string, message: string): never => {
  throw new FakeOfficeError(code, message);
};

export const ROWS = 1_048_576;
export const COLS = 16_384;

export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

/** Column letters already spelled, by 0-based index (the inspection helpers name every cell). */
const COL_NAMES: string[] = [];

export function colName(c: number): string {
  const known = COL_NAMES[c];
  if (known !== undefined) return known;
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  if (Number.isInteger(c) && c >= 0 && c < COLS) COL_NAMES[c] = s;
  return s;
}

/** "B2", "B2:C4", "A:C" (whole columns), "2:3" (whole rows); `$` allowed. */
export function parseAddress(address: string): Rect {
  const a = address.replace(/\$/g, "").trim();
  let m = /^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$/i.exec(a);
  if (m) {
    const r0 = Number(m[2]) - 1;
    const c0 = colNumber(m[1]);
    const r1 = m[3] ? Number(m[4]) - 1 : r0;
    const c1 = m[3] ? colNumber(m[3]) : c0;
    return check({ r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) }, address);
  }
  m = /^([A-Z]{1,3}):([A-Z]{1,3})$/i.exec(a);
  if (m) return check({ r0: 0, r1: ROWS - 1, c0: Math.min(colNumber(m[1]), colNumber(m[2])), c1: Math.max(colNumber(m[1]), colNumber(m[2])) }, address);
  m = /^(\d+):(\d+)$/.exec(a);
  if (m) return check({ r0: Number(m[1]) - 1, r1: Number(m[2]) - 1, c0: 0, c1: COLS - 1 }, address);
  return fail("InvalidArgument", `The argument is invalid or missing: address '${address}'`);
}

function check(r: Rect, address: string): Rect {
  if (r.r0 < 0 || r.c0 < 0 || r.r1 >= ROWS || r.c1 >= COLS) fail("InvalidArgument", `Address outside the sheet: '${address}'`);
  return r;
}

export function rectToA1(r: Rect): string {
  const a = `${colName(r.c0)}${r.r0 + 1}`;
  return r.r0 === r.r1 && r.c0 === r.c1 ? a : `${a}:${colName(r.c1)}${r.r1 + 1}`;
}

export const cellCount = (r: Rect): number => (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1);

export function intersect(a: Rect, b: Rect): Rect | null {
  const r = { r0: Math.max(a.r0, b.r0), c0: Math.max(a.c0, b.c0), r1: Math.min(a.r1, b.r1), c1: Math.min(a.c1, b.c1) };
  return r.r0 > r.r1 || r.c0 > r.c1 ? null : r;
}

/** One cell: its constant or formula, and the formats the writer sets. */
export interface Cell {
  value?: Value;
  formula?: string;
  /** Text entered behind an apostrophe (Excel's quote prefix). */
  quotePrefix?: boolean;
  numberFormat?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  horizontal?: string;
  wrap?: boolean;
  locked?: boolean;
  borders?: string[];
}

export interface ConditionalFormat {
  type: string;
  rect: Rect;
  formula?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  stopIfTrue?: boolean;
}

export interface Validation {
  rect: Rect;
  rule: Record<string, unknown>;
  errorAlert?: Record<string, unknown>;
}

let nextId = 1;

export class Sheet {
  readonly id = `{sheet-${nextId++}}`;
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  readonly cells = new Map<number, Cell>();
  readonly conditionalFormats: ConditionalFormat[] = [];
  readonly validations: Validation[] = [];
  readonly merges: Rect[] = [];
  readonly columnWidths = new Map<number, number>();
  /** Row heights in points that were set, by 0-based row. */
  readonly rowHeights = new Map<number, number>();
  /** Outline levels (1–7) of grouped columns and rows, by 0-based index. */
  readonly columnOutline = new Map<number, number>();
  readonly rowOutline = new Map<number, number>();
  /** Hidden columns, by 0-based index. */
  readonly hiddenColumns = new Set<number>();
  /** Manual page breaks: the 0-based rows a new page starts at. */
  readonly pageBreaks: number[] = [];
  freeze?: { rows: number; columns: number };
  protected = false;
  protectOptions?: Record<string, unknown>;
  readonly pageLayout: { orientation?: string; zoom?: Record<string, unknown>; printTitleRows?: string; printTitleColumns?: string; printArea?: string } = {};
  constructor(public name: string) {}

  static key(row: number, col: number): number {
    return row * COLS + col;
  }

  cell(row: number, col: number): Cell | undefined {
    return this.cells.get(Sheet.key(row, col));
  }

  touch(row: number, col: number): Cell {
    const k = Sheet.key(row, col);
    let c = this.cells.get(k);
    if (!c) this.cells.set(k, (c = {}));
    return c;
  }

  /** Bounding box of cells with content (valuesOnly) or with anything at all. */
  usedRect(valuesOnly: boolean): Rect | null {
    let r: Rect | null = null;
    for (const [k, c] of this.cells) {
      if (valuesOnly && c.value === undefined && c.formula === undefined) continue;
      if (!valuesOnly && Object.keys(c).length === 0) continue;
      const row = Math.floor(k / COLS);
      const col = k % COLS;
      if (!r) r = { r0: row, c0: col, r1: row, c1: col };
      else {
        if (row < r.r0) r.r0 = row;
        if (row > r.r1) r.r1 = row;
        if (col < r.c0) r.c0 = col;
        if (col > r.c1) r.c1 = col;
      }
    }
    return r;
  }
}

export interface Name {
  name: string;
  /** "=Sheet!$A$1" or "=#REF!" once its sheet is gone. */
  formula: string;
  sheetId?: string;
  rect?: Rect;
  comment?: string;
}

export interface Table {
  name: string;
  sheetId: string;
  rect: Rect;
  style?: string;
}

const BAD_SHEET_CHARS = /[[\]:*?/\\]/;

/** Excel's rules for a sheet name (the writer's are tested against these). */
export function checkSheetName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") return fail("InvalidArgument", "The sheet name is blank.");
  if (name.length > 31) fail("InvalidArgument", `The sheet name '${name}' is longer than 31 characters.`);
  if (BAD_SHEET_CHARS.test(name)) fail("InvalidArgument", `The sheet name '${name}' contains a character that is not allowed.`);
  if (name.startsWith("'") || name.endsWith("'")) fail("InvalidArgument", `The sheet name '${name}' starts or ends with an apostrophe.`);
  if (name.toLowerCase() === "history") fail("InvalidArgument", "History is a reserved sheet name.");
  return name;
}

/** Excel's rules for a defined name or table name. */
export function checkDefinedName(name: string): void {
  if (!/^[A-Za-z_\\\u00C0-\uFFFF][A-Za-z0-9_.\\\u00C0-\uFFFF]*$/.test(name) || name.length > 255)
    fail("InvalidArgument", `'${name}' is not a valid name.`);
  if (/^[A-Za-z]{1,3}\d+$/.test(name) || /^[rRcC]$/.test(name) || /^R\d*C\d*$/i.test(name))
    fail("InvalidArgument", `'${name}' looks like a cell reference.`);
}

/**
 * A defined name's comment, at most 255 characters. [MS-OI29500] (Office Implementation
 * Information for ISO/IEC 29500), §2.1.568 Part 1 Section 18.2.5, definedName: "The standard
 * does not limit the length of the value of the comment attribute. Excel restricts the value
 * of this attribute to be at most 255 characters before escaping." (The error code is the
 * fake's choice.)
 */
export const NAME_COMMENT_LIMIT = 255;

/** The workbook: ordered sheets, names, tables, selection, structure protection, date system. */
export class Workbook {
  readonly sheets: Sheet[] = [];
  readonly names: Name[] = [];
  readonly tables: Table[] = [];
  activeSheetId?: string;
  selection?: { sheetId: string; rect: Rect };
  /** Workbook structure protection (Review › Protect Workbook). */
  protected = false;
  /** The 1904 date system (Excel for Mac's old default): serial 0 is 1904-01-01. */
  date1904 = false;

  sheetByName(name: string): Sheet | undefined {
    const n = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === n);
  }

  sheetById(id: string): Sheet | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  addSheet(name: string): Sheet {
    checkSheetName(name);
    if (this.sheetByName(name)) fail("ItemAlreadyExists", `A sheet named '${name}' already exists.`);
    const s = new Sheet(name);
    this.sheets.push(s);
    if (!this.activeSheetId) this.activeSheetId = s.id;
    return s;
  }

  renameSheet(s: Sheet, name: string): void {
    checkSheetName(name);
    const other = this.sheetByName(name);
    if (other && other !== s) fail("ItemAlreadyExists", `A sheet named '${name}' already exists.`);
    s.name = name;
  }

  visibleCount(): number {
    return this.sheets.filter((s) => s.visibility === "Visible").length;
  }

  setVisibility(s: Sheet, v: string): void {
    if (v !== "Visible" && v !== "Hidden" && v !== "VeryHidden") fail("InvalidArgument", `Bad visibility '${v}'.`);
    if (v !== "Visible" && s.visibility === "Visible" && this.visibleCount() === 1)
      fail("InvalidOperation", "A workbook must contain at least one visible worksheet.");
    s.visibility = v as Sheet["visibility"];
  }

  deleteSheet(s: Sheet): void {
    // Worksheet.delete (Excel JavaScript API reference): "Note that if the worksheet's
    // visibility is set to "VeryHidden", the delete operation will fail with an
    // `InvalidOperation` exception. You should first change its visibility to hidden or
    // visible before deleting it." (Also OfficeDev/office-js#365.)
    if (s.visibility === "VeryHidden") fail("InvalidOperation", "A very hidden sheet cannot be deleted: make it hidden or visible first.");
    if (s.visibility === "Visible" && this.visibleCount() === 1)
      fail("InvalidOperation", "A workbook must contain at least one visible worksheet.");
    this.sheets.splice(this.sheets.indexOf(s), 1);
    for (let i = this.tables.length - 1; i >= 0; i--) if (this.tables[i].sheetId === s.id) this.tables.splice(i, 1);
    for (const n of this.names) {
      if (n.sheetId === s.id) {
        n.formula = "=#REF!";
        n.sheetId = undefined;
        n.rect = undefined;
      }
    }
    if (this.activeSheetId === s.id) this.activeSheetId = this.sheets.find((x) => x.visibility === "Visible")?.id;
    if (this.selection?.sheetId === s.id) this.selection = undefined;
  }

  nameTaken(name: string): boolean {
    const n = name.toLowerCase();
    return this.names.some((x) => x.name.toLowerCase() === n) || this.tables.some((t) => t.name.toLowerCase() === n);
  }

  addName(name: string, reference: string, comment?: string): Name {
    checkDefinedName(name);
    if (comment !== undefined && comment.length > NAME_COMMENT_LIMIT)
      fail("InvalidArgument", `The comment of name '${name}' has ${comment.length} characters; Excel allows ${NAME_COMMENT_LIMIT}.`);
    if (this.nameTaken(name)) fail("ItemAlreadyExists", `The name '${name}' already exists.`);
    const m = /^=(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)$/i.exec(reference);
    if (!m) return fail("InvalidArgument", `Bad reference '${reference}' for name '${name}'.`);
    const sheetName = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
    const s = this.sheetByName(sheetName);
    if (!s) return fail("InvalidArgument", `Reference '${reference}' is to a sheet that does not exist.`);
    const item: Name = { name, formula: reference, sheetId: s.id, rect: parseAddress(m[3]), comment };
    this.names.push(item);
    return item;
  }

  addTable(s: Sheet, rect: Rect): Table {
    for (const t of this.tables)
      if (t.sheetId === s.id && intersect(t.rect, rect)) fail("InvalidOperation", "A table can't overlap another table.");
    let i = this.tables.length + 1;
    while (this.nameTaken(`Table${i}`)) i++;
    const t: Table = { name: `Table${i}`, sheetId: s.id, rect };
    // Excel gives a blank header cell a name of its own.
    for (let c = rect.c0; c <= rect.c1; c++) {
      const cell = s.cell(rect.r0, c);
      if (!cell || (cell.value === undefined && cell.formula === undefined) || cell.value === "")
        s.touch(rect.r0, c).value = `Column${c - rect.c0 + 1}`;
    }
    this.tables.push(t);
    return t;
  }

  renameTable(t: Table, name: string): void {
    checkDefinedName(name);
    if (t.name.toLowerCase() !== name.toLowerCase() && this.nameTaken(name)) fail("ItemAlreadyExists", `The name '${name}' already exists.`);
    t.name = name;
  }
}

/** What Excel makes of text entered into a cell (values or formulas), as typing does; dates become serials of the workbook's date system. */
export function enter(cell: Cell, input: Value, viaFormulas: boolean, date1904 = false): void {
  delete cell.value;
  delete cell.formula;
  delete cell.quotePrefix;
  if (typeof input !== "string") {
    cell.value = input;
    return;
  }
  if (input === "") return;
  if (input.length > 32767) fail("InvalidArgument", "Text values in cells are limited to 32,767 characters.");
  if (input.startsWith("'")) {
    cell.value = input.slice(1);
    cell.quotePrefix = true;
    return;
  }
  if (cell.numberFormat === "@") {
    cell.value = input;
    return;
  }
  if (/^[=+\-@]/.test(input) && !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i.test(input)) {
    if (input.length > 8192) fail("FormulaLengthExceedsLimit", "The formula is longer than 8,192 characters.");
    cell.formula = input.startsWith("=") ? input : "=" + input;
    return;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(input.trim())) {
    cell.value = Number(input);
    return;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)%$/.test(input.trim())) {
    cell.value = Number(input.trim().slice(0, -1)) / 100;
    return;
  }
  if (/^(true|false)$/i.test(input.trim())) {
    cell.value = input.trim().toLowerCase() === "true";
    return;
  }
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(input.trim()) || /^\d{1,2}\/\d{1,2}(\/\d{2,4})?$/.test(input.trim())) {
    cell.value = dateSerial(input.trim()) - (date1904 ? DAYS_1900_TO_1904 : 0);
    return;
  }
  if (/^#(N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!)$/.test(input)) {
    cell.value = input; // an error value
    return;
  }
  void viaFormulas;
  cell.value = input;
}

function dateSerial(s: string): number {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const [y, m, d] = iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : (() => {
    const p = s.split("/").map(Number);
    return [p[2] ?? 2026, p[0], p[1]];
  })();
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/**
 * Days between the two date systems' serials of one date. ECMA-376 Part 4 (the transitional
 * spreadsheet formulas), "Date Representation": "In the 1904 date base system, the lower
 * limit is January 1, 1904, which has serial value 0", and its example for that system,
 * DATEVALUE("01-Feb-2006") "results in the serial value 37287" (38749 in the 1900 system,
 * whose serial 1 is January 1, 1900, counting Excel's 1900-02-29): 1,462 days apart.
 */
export const DAYS_1900_TO_1904 = 1462;

/**
 * The serial number of a date in a workbook's date system, as Excel's DATE gives it (dates
 * from 1900-03-01 on in the 1900 system; the 1900 system counts Excel's 1900-02-29).
 */
export function serialOf(year: number, month: number, day: number, date1904: boolean): number {
  const days = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000);
  return date1904 ? days - DAYS_1900_TO_1904 : days;
}
