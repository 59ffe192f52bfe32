/**
 * An .xlsx changed at the level of its zip: a few cells of a sheet set to numbers, and
 * nothing else touched. ExcelJS is not used here: it reads a workbook into its own model and
 * writes that model back, dropping what it does not know (charts, drawings, pivot tables,
 * slicers, custom XML, the dashboard's chart parts). Here the sheet's XML is edited as text:
 * each cell's `<c>` element gets a `<v>` with the number (its style kept, a shared or inline
 * string it held dropped), missing `<c>` and `<row>` elements are inserted in order, and the
 * workbook is marked for a full recalculation on open. Every other part of the package keeps
 * its bytes (and, where the zip compressed it the same way, its compressed bytes too).
 *
 * The same reading serves the CLI's `plan actuals`: the sheets, their names and parts, the
 * defined names, the plan stored in `TargetPlanner`, and cells' values and formulas.
 *
 * Works on bytes, in Node and in the browser (the workbench's download).
 */
import JSZip from "jszip";
import { colLetter } from "../sheets/formulas";
import { PLAN_SHEET, planFromCells, type CellValue } from "../sheets/spec";

/** A cell set by {@link patchCells}: its A1 address on the sheet and its number. */
export interface PatchCell {
  address: string;
  value: number;
}

/** Why a package could not be read or patched, in both languages. */
export class PatchError extends Error {
  constructor(
    readonly kind: "notXlsx" | "noSheet" | "formulaCell" | "badAddress" | "badNumber",
    readonly words: { en: string; zh: string },
  ) {
    super(words.en);
    this.name = "PatchError";
  }

  /** The message in the given language. */
  messageIn(lang: "en" | "zh"): string {
    return this.words[lang];
  }
}

// ---- addresses ---------------------------------------------------------------------------

/** "H6" → { row: 5, col: 7 } (0-based), or undefined. */
function cellOf(address: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address.trim());
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]) - 1, col: col - 1 };
}

// ---- XML as text -------------------------------------------------------------------------

/** Text of an element or attribute with XML's and OOXML's escapes undone (`&amp;`, `&#x4E2D;`, `_x000D_`). */
export function xmlText(s: string): string {
  return s
    .replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g, (_, hex: string, dec: string, named: string) =>
      hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[named as "lt"]!,
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** An attribute's value in a start tag, or undefined. */
function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(":", "\\:")}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? xmlText(m[1] ?? m[2]) : undefined;
}

/** A start tag without the attribute `name`. */
function dropAttr(tag: string, name: string): string {
  return tag.replace(new RegExp(`\\s${name}\\s*=\\s*(?:"[^"]*"|'[^']*')`), "");
}

/** A start tag with `name="value"` set (replaced, or added before its end). */
function setAttr(tag: string, name: string, value: string): string {
  const re = new RegExp(`(\\s${name}\\s*=\\s*)(?:"[^"]*"|'[^']*')`);
  if (re.test(tag)) return tag.replace(re, `$1"${value}"`);
  return tag.replace(/\s*(\/?>)$/, ` ${name}="${value}"$1`);
}

/** The end of a start tag beginning at `from` (the index just after its `>`). */
function tagEnd(xml: string, from: number): number {
  const i = xml.indexOf(">", from);
  if (i < 0) throw new Error("unterminated tag");
  return i + 1;
}

/** One element found: where its start tag, content and whole element are. */
interface Element {
  start: number;
  end: number;
  tag: string;
  contentStart: number;
  contentEnd: number;
}

/** The elements named `name` (with the document's prefix) directly at [from, to), in order. */
function* elements(xml: string, name: string, from: number, to: number): Generator<Element> {
  const open = `<${name}`;
  const close = `</${name}>`;
  let i = from;
  while (i < to) {
    const s = xml.indexOf(open, i);
    if (s < 0 || s >= to) return;
    const next = xml[s + open.length];
    if (next !== " " && next !== ">" && next !== "/" && next !== "\t" && next !== "\n" && next !== "\r") {
      i = s + open.length;
      continue;
    }
    const te = tagEnd(xml, s);
    const tag = xml.slice(s, te);
    if (tag.endsWith("/>")) {
      yield { start: s, end: te, tag, contentStart: te, contentEnd: te };
      i = te;
      continue;
    }
    const ce = xml.indexOf(close, te);
    if (ce < 0) throw new Error(`unterminated <${name}>`);
    yield { start: s, end: ce + close.length, tag, contentStart: te, contentEnd: ce };
    i = ce + close.length;
  }
}

/** The prefix of a part's root element ("" or "x:"): Excel writes none, other writers may. */
function prefixOf(xml: string, root: string): string {
  const m = new RegExp(`<(\\w+:)?${root}[\\s>]`).exec(xml);
  return m?.[1] ?? "";
}

// ---- the package -------------------------------------------------------------------------

/** A sheet of the package. */
export interface PackageSheet {
  name: string;
  /** Its part, e.g. "xl/worksheets/sheet2.xml". */
  path: string;
  state: "visible" | "hidden" | "veryHidden";
}

/** A cell as read: its value (shared and inline strings resolved, booleans as booleans) and its formula. */
export interface PackageCell {
  v: CellValue;
  /** The formula, without "=" (a shared formula's followers carry "" when the text is on their master). */
  f?: string;
}

/** Resolves a relationship target against the folder of the part that names it. */
function resolvePath(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = base.split("/").slice(0, -1);
  for (const p of target.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts.join("/");
}

/** The rows of a sheet's `<sheetData>`, by 0-based row: where each is in the XML. */
interface SheetXml {
  xml: string;
  prefix: string;
  dataStart: number;
  dataEnd: number;
  /** `<sheetData/>`: no rows and nowhere to put them yet. */
  emptyData: boolean;
  rows: Map<number, Element>;
  order: number[];
}

/** An .xlsx opened for reading its cells and patching some of them. */
export class XlsxPackage {
  private constructor(
    private readonly zip: JSZip,
    private readonly workbookPath: string,
    private workbookXml: string,
    readonly sheets: PackageSheet[],
  ) {}

  private strings: string[] | undefined;
  private readonly parsed = new Map<string, SheetXml>();

  /**
   * Opens an .xlsx's bytes.
   * @throws PatchError "notXlsx" when the bytes are not an .xlsx (a zip with a workbook part)
   */
  static async open(bytes: Uint8Array | ArrayBuffer): Promise<XlsxPackage> {
    const notXlsx = () => new PatchError("notXlsx", { en: "The file is not an .xlsx workbook.", zh: "该文件不是 .xlsx 工作簿。" });
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(bytes);
    } catch {
      throw notXlsx();
    }
    const rels = await zip.file("_rels/.rels")?.async("string");
    const main = rels ? [...rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].map((m) => m[0]).find((t) => /\/officeDocument"/.test(t) || /\/officeDocument'/.test(t)) : undefined;
    const workbookPath = main ? resolvePath("", attr(main, "Target") ?? "") : "xl/workbook.xml";
    const workbookXml = await zip.file(workbookPath)?.async("string");
    if (!workbookXml) throw notXlsx();
    const wbRelsPath = resolvePath(workbookPath, `_rels/${workbookPath.split("/").pop()}.rels`);
    const wbRels = (await zip.file(wbRelsPath)?.async("string")) ?? "";
    const targets = new Map<string, string>();
    for (const m of wbRels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      const id = attr(m[0], "Id");
      const target = attr(m[0], "Target");
      if (id && target) targets.set(id, resolvePath(workbookPath, target));
    }
    const p = prefixOf(workbookXml, "workbook");
    const sheets: PackageSheet[] = [];
    for (const m of workbookXml.matchAll(new RegExp(`<${p}sheet\\b[^>]*>`, "g"))) {
      const id = /\s[\w]+:id\s*=\s*"([^"]*)"/.exec(m[0])?.[1];
      const path = id ? targets.get(id) : undefined;
      if (!path) continue;
      const state = attr(m[0], "state");
      sheets.push({ name: attr(m[0], "name") ?? "", path, state: state === "hidden" || state === "veryHidden" ? state : "visible" });
    }
    return new XlsxPackage(zip, workbookPath, workbookXml, sheets);
  }

  /** The sheet named `name` (case-insensitive, as Excel compares them), or undefined. */
  sheet(name: string): PackageSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /** The workbook-scoped defined names that point at one cell or range of a sheet. */
  definedNames(): { name: string; sheet: string; ref: string }[] {
    const p = prefixOf(this.workbookXml, "workbook");
    const out: { name: string; sheet: string; ref: string }[] = [];
    for (const m of this.workbookXml.matchAll(new RegExp(`<${p}definedName\\b([^>]*)>([^<]*)</${p}definedName>`, "g"))) {
      const name = attr(` ${m[1]}`, "name");
      if (!name || name.startsWith("_xlnm.") || attr(` ${m[1]}`, "localSheetId") !== undefined) continue;
      const ref = /^(?:'((?:[^']|'')*)'|([^!'=]+))!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)$/.exec(xmlText(m[2]).trim().replace(/^=/, ""));
      if (!ref) continue;
      out.push({ name, sheet: ref[1] !== undefined ? ref[1].replace(/''/g, "'") : ref[2], ref: ref[3].replace(/\$/g, "") });
    }
    return out;
  }

  private async sharedStrings(): Promise<string[]> {
    if (this.strings) return this.strings;
    const wbRels = (await this.zip.file(resolvePath(this.workbookPath, `_rels/${this.workbookPath.split("/").pop()}.rels`))?.async("string")) ?? "";
    const rel = [...wbRels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].map((m) => m[0]).find((t) => /\/sharedStrings["']/.test(t));
    const path = rel ? resolvePath(this.workbookPath, attr(rel, "Target") ?? "") : "xl/sharedStrings.xml";
    const xml = (await this.zip.file(path)?.async("string")) ?? "";
    const p = prefixOf(xml, "sst");
    const out: string[] = [];
    for (const si of elements(xml, `${p}si`, 0, xml.length)) {
      // The text runs, without the phonetic guide (rPh) of East Asian text.
      const body = xml.slice(si.contentStart, si.contentEnd).replace(new RegExp(`<${p}rPh\\b[\\s\\S]*?</${p}rPh>`, "g"), "");
      let s = "";
      for (const t of elements(body, `${p}t`, 0, body.length)) s += xmlText(body.slice(t.contentStart, t.contentEnd));
      out.push(s);
    }
    this.strings = out;
    return out;
  }

  private async sheetXml(sheet: PackageSheet): Promise<SheetXml> {
    const had = this.parsed.get(sheet.path);
    if (had) return had;
    const xml = await this.zip.file(sheet.path)?.async("string");
    if (xml === undefined) throw new PatchError("noSheet", { en: `The sheet "${sheet.name}" has no part in the file (${sheet.path}).`, zh: `文件中没有工作表“${sheet.name}”的内容（${sheet.path}）。` });
    const prefix = prefixOf(xml, "worksheet");
    const open = new RegExp(`<${prefix}sheetData(?:\\s[^>]*)?(/?)>`).exec(xml);
    if (!open) throw new PatchError("noSheet", { en: `The sheet "${sheet.name}" has no cells part.`, zh: `工作表“${sheet.name}”没有单元格部分。` });
    const emptyData = open[1] === "/";
    const dataStart = open.index + open[0].length;
    const dataEnd = emptyData ? dataStart : xml.indexOf(`</${prefix}sheetData>`, dataStart);
    const rows = new Map<number, Element>();
    const order: number[] = [];
    let last = -1;
    if (!emptyData) {
      for (const row of elements(xml, `${prefix}row`, dataStart, dataEnd)) {
        const r = attr(row.tag, "r");
        const index = r !== undefined ? Number(r) - 1 : last + 1;
        rows.set(index, row);
        order.push(index);
        last = index;
      }
    }
    const parsed = { xml, prefix, dataStart, dataEnd, emptyData, rows, order };
    this.parsed.set(sheet.path, parsed);
    return parsed;
  }

  /** A sheet by name, or a PatchError. */
  private need(name: string): PackageSheet {
    const s = this.sheet(name);
    if (!s) throw new PatchError("noSheet", { en: `The workbook has no sheet "${name}".`, zh: `工作簿中没有工作表“${name}”。` });
    return s;
  }

  /**
   * The cells of a rectangle of a sheet (0-based, inclusive), row by row: each a
   * {@link PackageCell}, or undefined where the sheet has nothing.
   */
  async cells(name: string, r0: number, c0: number, r1: number, c1: number): Promise<(PackageCell | undefined)[][]> {
    const sheet = await this.sheetXml(this.need(name));
    const strings = await this.sharedStrings();
    const out: (PackageCell | undefined)[][] = [];
    for (let r = r0; r <= r1; r++) {
      const line = new Array<PackageCell | undefined>(c1 - c0 + 1).fill(undefined);
      const row = sheet.rows.get(r);
      if (row) {
        for (const c of rowCells(sheet.xml, sheet.prefix, row)) {
          if (c.col < c0 || c.col > c1) continue;
          line[c.col - c0] = readCellXml(sheet.xml, sheet.prefix, c.el, strings);
        }
      }
      out.push(line);
    }
    return out;
  }

  /**
   * A sheet's cells from A1 to its last cell, row by row: values as they are stored (a
   * formula's last result), "" for a blank cell (an export opened as a file).
   */
  async table(name: string): Promise<CellValue[][]> {
    const sheet = await this.sheetXml(this.need(name));
    const strings = await this.sharedStrings();
    const rows: CellValue[][] = [];
    for (const r of sheet.order) {
      const line: CellValue[] = [];
      for (const c of rowCells(sheet.xml, sheet.prefix, sheet.rows.get(r)!)) {
        while (line.length < c.col) line.push("");
        line[c.col] = readCellXml(sheet.xml, sheet.prefix, c.el, strings).v ?? "";
      }
      while (rows.length < r) rows.push([]);
      rows[r] = line;
    }
    const width = rows.reduce((w, l) => Math.max(w, l.length), 0);
    return rows.map((l) => [...l, ...new Array<CellValue>(width - l.length).fill("")]);
  }

  /** The plan stored in the very hidden sheet `TargetPlanner` (its column A), or undefined. */
  async storedPlan(): Promise<unknown> {
    const s = this.sheet(PLAN_SHEET);
    if (!s) return undefined;
    const sheet = await this.sheetXml(s);
    const strings = await this.sharedStrings();
    const column: CellValue[] = [];
    for (let r = 0; ; r++) {
      const row = sheet.rows.get(r);
      const a = row ? [...rowCells(sheet.xml, sheet.prefix, row)].find((c) => c.col === 0) : undefined;
      const v = a ? readCellXml(sheet.xml, sheet.prefix, a.el, strings).v : "";
      if (v === "" || v === null) break;
      column.push(v);
    }
    return planFromCells(column);
  }

  /**
   * Sets cells of sheets to numbers, and marks the workbook for a full recalculation on open.
   * Refuses (changing nothing) a cell holding a formula, an address that is not a cell, a
   * number that is not finite, a sheet that is not there.
   *
   * @param changes - per sheet name, its cells
   * @returns the package's bytes: the patched sheets and workbook.xml, every other part as it was
   * @example await pkg.patchCells([{ sheet: "Tracking", cells: [{ address: "H6", value: 420 }] }])
   */
  async patchCells(changes: { sheet: string; cells: PatchCell[] }[]): Promise<Uint8Array> {
    const patched = new Map<string, string>();
    for (const change of changes) {
      const sheet = this.need(change.sheet);
      const parsed = await this.sheetXml(sheet);
      patched.set(sheet.path, patchSheet(parsed, sheet.name, change.cells));
    }
    // The results cached in the formula cells that read the new values go: the patched sheets',
    // and those of every sheet whose formulas read them (directly, through a defined name, or
    // through another such sheet). Excel recalculates the whole workbook on open anyway
    // (fullCalcOnLoad, below); LibreOffice, in its default settings, ignores that attribute
    // and keeps a cached result ("Recalculation on File Load: Never recalculate"), but it
    // computes every formula that has none — so the attainment, lights and pace show the new
    // actuals there too, and no reader is shown a stale number.
    for (const sheet of await this.readers(changes.map((c) => this.need(c.sheet)))) {
      const xml = patched.get(sheet.path) ?? (await this.sheetXml(sheet)).xml;
      patched.set(sheet.path, withoutCachedResults(xml, prefixOf(xml, "worksheet")));
    }
    for (const [path, xml] of patched) {
      this.zip.file(path, xml);
      this.parsed.delete(path);
    }
    const marked = fullCalcOnLoad(this.workbookXml);
    if (marked !== this.workbookXml) {
      this.workbookXml = marked;
      this.zip.file(this.workbookPath, marked);
    }
    return this.bytes();
  }

  /**
   * The sheets whose formulas read `changed` (their own formulas included), directly, through
   * a defined name, or through another sheet that reads them: the patched sheets first.
   */
  private async readers(changed: PackageSheet[]): Promise<PackageSheet[]> {
    const out = new Map(changed.map((s) => [s.path, s]));
    const formulas = new Map<string, string>();
    for (const s of this.sheets) {
      const xml = (await this.zip.file(s.path)?.async("string")) ?? "";
      const p = prefixOf(xml, "worksheet");
      formulas.set(s.path, [...xml.matchAll(new RegExp(`<${p}f\\b[^>]*>([^<]*)</${p}f>`, "g"))].map((m) => xmlText(m[1])).join("\n"));
    }
    const wbp = prefixOf(this.workbookXml, "workbook");
    const names = [...this.workbookXml.matchAll(new RegExp(`<${wbp}definedName\\b[^>]*\\bname="([^"]*)"[^>]*>([^<]*)</${wbp}definedName>`, "g"))].map((m) => ({ name: xmlText(m[1]), text: xmlText(m[2]) }));
    const mentions = (text: string, sheet: PackageSheet) => {
      const quoted = `'${sheet.name.replace(/'/g, "''")}'!`.toLowerCase();
      const lower = text.toLowerCase();
      return lower.includes(quoted) || new RegExp(`(^|[^\\w.'])${sheet.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}!`, "i").test(text);
    };
    for (let grew = true; grew; ) {
      grew = false;
      const dirty = [...out.values()];
      const dirtyNames = names.filter((n) => dirty.some((s) => mentions(n.text, s))).map((n) => n.name);
      for (const s of this.sheets) {
        if (out.has(s.path)) continue;
        const text = formulas.get(s.path) ?? "";
        if (text === "") continue;
        const readsName = dirtyNames.some((n) => new RegExp(`(^|[^\\w.])${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\w.(])`, "i").test(text));
        if (readsName || dirty.some((d) => mentions(text, d))) {
          out.set(s.path, s);
          grew = true;
        }
      }
    }
    return [...out.values()];
  }

  /** The package as bytes; each untouched part is written with its own compression (its compressed bytes reused). */
  async bytes(): Promise<Uint8Array> {
    this.zip.forEach((_, file) => {
      // JSZip recompresses a part only when its method differs from the one asked for: ask each
      // part for the method it came with (STORE or DEFLATE), so untouched parts keep their bytes.
      const data = (file as unknown as { _data?: { compression?: { magic?: string } } })._data;
      const magic = data?.compression?.magic;
      if (magic !== undefined) (file.options as { compression?: string }).compression = magic === "\x00\x00" ? "STORE" : "DEFLATE";
    });
    return this.zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 } });
  }
}

/** One `<c>` of a row, with its column. */
interface CellXml {
  col: number;
  el: Element;
}

/** The cells of a row in order (a cell without `r` follows the one before). */
function* rowCells(xml: string, prefix: string, row: Element): Generator<CellXml> {
  let last = -1;
  for (const el of elements(xml, `${prefix}c`, row.contentStart, row.contentEnd)) {
    const r = attr(el.tag, "r");
    const col = r !== undefined ? (cellOf(r)?.col ?? last + 1) : last + 1;
    last = col;
    yield { col, el };
  }
}

/** A cell's value and formula. */
function readCellXml(xml: string, prefix: string, el: Element, strings: string[]): PackageCell {
  const body = xml.slice(el.contentStart, el.contentEnd);
  const t = attr(el.tag, "t") ?? "n";
  const f = new RegExp(`<${prefix}f\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${prefix}f>)`).exec(body);
  const v = new RegExp(`<${prefix}v>([\\s\\S]*?)</${prefix}v>`).exec(body);
  const raw = v ? xmlText(v[1]) : undefined;
  let value: CellValue = "";
  if (t === "inlineStr") {
    const is = new RegExp(`<${prefix}is>([\\s\\S]*?)</${prefix}is>`).exec(body)?.[1] ?? "";
    const clean = is.replace(new RegExp(`<${prefix}rPh\\b[\\s\\S]*?</${prefix}rPh>`, "g"), "");
    value = "";
    for (const te of elements(clean, `${prefix}t`, 0, clean.length)) value += xmlText(clean.slice(te.contentStart, te.contentEnd));
  } else if (raw !== undefined) {
    if (t === "s") value = strings[Number(raw)] ?? "";
    else if (t === "b") value = raw === "1" || raw === "true";
    else if (t === "str" || t === "e" || t === "d") value = raw;
    else value = Number(raw);
  }
  return f ? { v: value, f: f[2] !== undefined ? xmlText(f[2]) : "" } : { v: value };
}

/** The style a new cell of a row takes: the row's when it has one, else its column's, else none. */
function styleFor(xml: string, prefix: string, row: Element | undefined, col: number): string | undefined {
  if (row && attr(row.tag, "customFormat") === "1" && attr(row.tag, "s") !== undefined) return attr(row.tag, "s");
  const cols = new RegExp(`<${prefix}cols>([\\s\\S]*?)</${prefix}cols>`).exec(xml);
  if (!cols) return undefined;
  for (const m of cols[1].matchAll(new RegExp(`<${prefix}col\\b[^>]*>`, "g"))) {
    const min = Number(attr(m[0], "min"));
    const max = Number(attr(m[0], "max"));
    if (col + 1 >= min && col + 1 <= max) return attr(m[0], "style");
  }
  return undefined;
}

/**
 * A sheet's XML without the cached results of its formula cells (`<v>` and the `t` that
 * typed it), so that every engine computes them on load.
 */
export function withoutCachedResults(xml: string, prefix: string): string {
  const cell = new RegExp(`<${prefix}c\\b[^>]*?(?:/>|>[\\s\\S]*?</${prefix}c>)`, "g");
  const f = new RegExp(`<${prefix}f[\\s>/]`);
  const v = new RegExp(`<${prefix}v>[\\s\\S]*?</${prefix}v>|<${prefix}v/>`);
  return xml.replace(cell, (c) => {
    if (!f.test(c)) return c;
    const end = c.indexOf(">") + 1;
    return dropAttr(c.slice(0, end), "t") + c.slice(end).replace(v, "");
  });
}

/**
 * A number as `<v>` text: the shortest form that reads back as the same double (xsd:double
 * takes "1E-7" as well as "0.1").
 */
function numberText(x: number): string {
  return Object.is(x, -0) ? "0" : String(x);
}

/** The sheet's XML with the cells set. */
function patchSheet(sheet: SheetXml, sheetName: string, cells: PatchCell[]): string {
  const { xml, prefix } = sheet;
  // The cells by row, each row's by column; the last value for a cell given twice.
  const byRow = new Map<number, Map<number, number>>();
  for (const c of cells) {
    const at = cellOf(c.address);
    if (!at) throw new PatchError("badAddress", { en: `"${c.address}" is not a cell address.`, zh: `“${c.address}”不是单元格地址。` });
    if (typeof c.value !== "number" || !Number.isFinite(c.value)) throw new PatchError("badNumber", { en: `${sheetName}!${c.address}: ${String(c.value)} is not a number a cell can hold.`, zh: `${sheetName}!${c.address}：${String(c.value)} 不是单元格能保存的数字。` });
    if (!byRow.has(at.row)) byRow.set(at.row, new Map());
    byRow.get(at.row)!.set(at.col, c.value);
  }
  const newCell = (row: Element | undefined, r: number, col: number, value: number) => {
    const s = styleFor(xml, prefix, row, col);
    return `<${prefix}c r="${colLetter(col)}${r + 1}"${s !== undefined ? ` s="${s}"` : ""}><${prefix}v>${numberText(value)}</${prefix}v></${prefix}c>`;
  };
  const newRow = (r: number) => {
    const cols = [...byRow.get(r)!.keys()].sort((a, b) => a - b);
    return `<${prefix}row r="${r + 1}">${cols.map((col) => newCell(undefined, r, col, byRow.get(r)!.get(col)!)).join("")}</${prefix}row>`;
  };
  const wanted = [...byRow.keys()].sort((a, b) => a - b);
  if (sheet.emptyData) {
    const open = new RegExp(`<${prefix}sheetData(\\s[^>]*)?/>`).exec(xml)!;
    const rows = wanted.map(newRow).join("");
    return fixDimension(`${xml.slice(0, open.index)}<${prefix}sheetData${open[1] ?? ""}>${rows}</${prefix}sheetData>${xml.slice(open.index + open[0].length)}`, prefix, byRow);
  }
  // The rows in the document's order (ascending, as the format requires); a wanted row that
  // is missing goes in before the first row after it.
  const out: string[] = [xml.slice(0, sheet.dataStart)];
  let pos = sheet.dataStart;
  let k = 0;
  for (const r of sheet.order) {
    const el = sheet.rows.get(r)!;
    for (; k < wanted.length && wanted[k] < r; k++) {
      if (sheet.rows.has(wanted[k])) continue;
      out.push(xml.slice(pos, el.start), newRow(wanted[k]));
      pos = el.start;
    }
    if (k < wanted.length && wanted[k] === r) {
      out.push(xml.slice(pos, el.start), patchRow(xml, prefix, el, r, byRow.get(r)!, sheetName, newCell));
      pos = el.end;
      k++;
    }
  }
  out.push(xml.slice(pos, sheet.dataEnd));
  for (; k < wanted.length; k++) if (!sheet.rows.has(wanted[k])) out.push(newRow(wanted[k]));
  out.push(xml.slice(sheet.dataEnd));
  return fixDimension(out.join(""), prefix, byRow);
}

/** One `<row>` with its cells set (existing `<c>` rewritten, missing ones inserted in column order). */
function patchRow(xml: string, prefix: string, row: Element, r: number, want: Map<number, number>, sheetName: string, newCell: (row: Element | undefined, r: number, col: number, v: number) => string): string {
  const cols = [...want.keys()].sort((a, b) => a - b);
  let next = 0;
  const parts: string[] = [];
  let pos = row.contentStart;
  let tag = row.tag;
  if (tag.endsWith("/>")) tag = `${tag.slice(0, -2).trimEnd()}>`;
  for (const c of rowCells(xml, prefix, row)) {
    while (next < cols.length && cols[next] < c.col) {
      parts.push(xml.slice(pos, c.el.start));
      pos = c.el.start;
      parts.push(newCell(row, r, cols[next], want.get(cols[next])!));
      next++;
    }
    if (next < cols.length && cols[next] === c.col) {
      const body = xml.slice(c.el.contentStart, c.el.contentEnd);
      if (new RegExp(`<${prefix}f[\\s>/]`).test(body)) {
        throw new PatchError("formulaCell", {
          en: `${sheetName}!${colLetter(c.col)}${r + 1} holds a formula: it is never written over.`,
          zh: `${sheetName}!${colLetter(c.col)}${r + 1} 是公式单元格，不会被覆盖。`,
        });
      }
      parts.push(xml.slice(pos, c.el.start));
      let open = c.el.tag.endsWith("/>") ? `${c.el.tag.slice(0, -2).trimEnd()}>` : c.el.tag;
      for (const a of ["t", "vm", "cm"]) open = dropAttr(open, a);
      parts.push(`${open}<${prefix}v>${numberText(want.get(c.col)!)}</${prefix}v></${prefix}c>`);
      pos = c.el.end;
      next++;
    }
  }
  parts.push(xml.slice(pos, row.contentEnd));
  while (next < cols.length) {
    parts.push(newCell(row, r, cols[next], want.get(cols[next])!));
    next++;
  }
  // A row's spans only hint at its columns; a cell outside them makes the hint wrong: drop it.
  const spans = attr(tag, "spans");
  if (spans) {
    const [a, b] = spans.split(":").map(Number);
    if (cols.some((c) => c + 1 < a || c + 1 > b)) tag = dropAttr(tag, "spans");
  }
  return `${tag}${parts.join("")}</${prefix}row>`;
}

/** The `<dimension>` widened to take the cells set. */
function fixDimension(xml: string, prefix: string, byRow: Map<number, Map<number, number>>): string {
  const m = new RegExp(`<${prefix}dimension\\b[^>]*>`).exec(xml);
  if (!m) return xml;
  const ref = attr(m[0], "ref");
  if (!ref) return xml;
  const [a, b = a] = ref.split(":");
  const p = cellOf(a);
  const q = cellOf(b);
  if (!p || !q) return xml;
  let { row: r0, col: c0 } = p;
  let { row: r1, col: c1 } = q;
  for (const [r, cols] of byRow) {
    for (const c of cols.keys()) {
      r0 = Math.min(r0, r);
      r1 = Math.max(r1, r);
      c0 = Math.min(c0, c);
      c1 = Math.max(c1, c);
    }
  }
  const wide = r0 === r1 && c0 === c1 ? `${colLetter(c0)}${r0 + 1}` : `${colLetter(c0)}${r0 + 1}:${colLetter(c1)}${r1 + 1}`;
  return wide === ref ? xml : xml.slice(0, m.index) + setAttr(m[0], "ref", wide) + xml.slice(m.index + m[0].length);
}

/**
 * workbook.xml with `<calcPr fullCalcOnLoad="1"/>`: ECMA-376 Part 1, §18.2.2 calcPr
 * (Calculation Properties), fullCalcOnLoad: "Specifies a boolean value that indicates whether
 * the application shall perform a full recalculation when the workbook is opened. After load
 * and successful calculation, the application should set this value to false. The application
 * should set this value to true when cell formulas or values are modified by another process
 * while the application has the workbook opened." The cells' cached results are then not
 * trusted: attainment, status, pace and every sheet reading the actuals are computed anew.
 * (calcPr sits after definedNames in CT_Workbook's sequence, before oleSize and the rest.)
 */
export function fullCalcOnLoad(workbookXml: string): string {
  const p = prefixOf(workbookXml, "workbook");
  const m = new RegExp(`<${p}calcPr\\b[^>]*>`).exec(workbookXml);
  if (m) return workbookXml.slice(0, m.index) + setAttr(m[0], "fullCalcOnLoad", "1") + workbookXml.slice(m.index + m[0].length);
  const after = ["oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"];
  let at = workbookXml.indexOf(`</${p}workbook>`);
  for (const name of after) {
    const i = new RegExp(`<${p}${name}[\\s>/]`).exec(workbookXml)?.index;
    if (i !== undefined && i < at) at = i;
  }
  return `${workbookXml.slice(0, at)}<${p}calcPr fullCalcOnLoad="1"/>${workbookXml.slice(at)}`;
}
