/*
 * Inputs that once killed the pane's tab, made on the fly (never committed): an .xlsx with
 * one value at XFD1048576, an .xlsx of many rows (the 32 MB, 500,000-row file), and a
 * paste of many rows where one row is very wide. Deterministic: the same call gives the
 * same bytes. Shared by the fuzz test and the workbench bench (scripts/bench/workbench.ts).
 */
import * as zlib from "node:zlib";
import JSZip from "jszip";

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** Column letters of a 0-based column index ("A", …, "XFD"). */
function letters(col: number): string {
  let n = col + 1;
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** One sheet of a {@link packageOf} workbook: its name and its `<sheetData>` content. */
export interface RawSheet {
  name: string;
  /** The rows as XML (`<row …>…</row>`…), or pieces of it (joined as they are). */
  sheetData: string | string[];
  /** Extra XML after `</sheetData>` (a `<drawing r:id=…/>`, `<legacyDrawing …/>`). */
  after?: string;
  /** The sheet's relationships (`<Relationship …/>`…), if any. */
  rels?: string;
  state?: "hidden" | "veryHidden";
}

/**
 * The parts of a minimal .xlsx as Excel lays them out (workbook, rels, content types, shared
 * strings, styles, one part per sheet), to which a caller may add parts of its own.
 *
 * @example const zip = packageOf([{ name: "S", sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>' }], []);
 */
export function packageOf(sheets: RawSheet[], sharedStrings: string[], definedNames = ""): JSZip {
  const zip = new JSZip();
  for (const [name, text] of packageParts(sheets, sharedStrings, definedNames)) zip.file(name, text);
  return zip;
}

/** The parts of {@link packageOf} by name, as text. */
export function packageParts(sheets: RawSheet[], sharedStrings: string[], definedNames = ""): Map<string, string> {
  const zip = new Map<string, string>();
  const overrides = sheets
    .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join("");
  zip.set(
    "[Content_Types].xml",
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
  );
  zip.set(
    "_rels/.rels",
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const sheetList = sheets
    .map((s, i) => `<sheet name="${escape(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ""} r:id="rId${i + 1}"/>`)
    .join("");
  zip.set("xl/workbook.xml", `${XML}<workbook ${NS}><sheets>${sheetList}</sheets>${definedNames ? `<definedNames>${definedNames}</definedNames>` : ""}</workbook>`);
  const rels = sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join("");
  const n = sheets.length;
  zip.set(
    "xl/_rels/workbook.xml.rels",
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId${n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  );
  zip.set(
    "xl/styles.xml",
    `${XML}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
  );
  zip.set(
    "xl/sharedStrings.xml",
    `${XML}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${sharedStrings.length}" uniqueCount="${sharedStrings.length}">${sharedStrings.map((s) => `<si><t>${escape(s)}</t></si>`).join("")}</sst>`,
  );
  sheets.forEach((s, i) => {
    const data = Array.isArray(s.sheetData) ? s.sheetData.join("") : s.sheetData;
    zip.set(`xl/worksheets/sheet${i + 1}.xml`, `${XML}<worksheet ${NS}><sheetData>${data}</sheetData>${s.after ?? ""}</worksheet>`);
    if (s.rels) {
      zip.set(`xl/worksheets/_rels/sheet${i + 1}.xml.rels`, `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${s.rels}</Relationships>`);
    }
  });
  return zip;
}

/**
 * A zip of the given parts, deflated with Node's own zlib (fast enough for the 180 MB of
 * XML of a 500,000-row sheet, where JSZip's JavaScript deflate takes many seconds).
 */
export function fastZip(parts: Map<string, string | Uint8Array>, level = 6): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of parts) {
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
    const packed = zlib.deflateRawSync(data, { level });
    const nameBytes = Buffer.from(name, "utf8");
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    chunks.push(local, nameBytes, packed);
    offset += local.length + nameBytes.length + packed.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.size, 8);
  end.writeUInt16LE(parts.size, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, dir, end]));
}

/** The zip as bytes (deflated, as Excel saves). */
export async function zipBytes(zip: JSZip, level = 6): Promise<Uint8Array> {
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level } });
}

/** A workbook of one sheet holding one number at XFD1048576 (the last cell of a sheet). */
export function cornerXlsx(): Uint8Array {
  return fastZip(packageParts([{ name: "Sheet1", sheetData: '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>' }], []));
}

/**
 * A sales table of `rows` data rows under a header, as Excel writes it: A rep (shared
 * string), B region, C product, D annual target, E–H last year's quarters, I a note.
 * 500,000 rows give a file of about 32 MB.
 */
export function rowsXlsx(rows: number): Uint8Array {
  const regions = ["East", "West", "North", "South", "Central", "Northeast", "Northwest", "Southwest"];
  const products = ["Hardware", "Software", "Services", "Support", "Training"];
  const header = ["Rep", "Region", "Product", "Annual", "Q1", "Q2", "Q3", "Q4", "Note"];
  const strings = [...header, ...regions, ...products];
  const at = (s: string) => strings.indexOf(s);
  const pieces: string[] = [`<row r="1" spans="1:9">${header.map((h, c) => `<c r="${letters(c)}1" t="s"><v>${at(h)}</v></c>`).join("")}</row>`];
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < rows; i++) {
    const r = i + 2;
    strings.push(`Rep ${String(i + 1).padStart(6, "0")}`);
    const name = strings.length - 1;
    const annual = 1200000 + (next() % 4800000);
    const q = [next() % 1500000, next() % 1500000, next() % 1500000, next() % 1500000];
    pieces.push(
      `<row r="${r}" spans="1:9"><c r="A${r}" t="s"><v>${name}</v></c><c r="B${r}" t="s"><v>${at(regions[i % 8])}</v></c>` +
        `<c r="C${r}" t="s"><v>${at(products[i % 5])}</v></c><c r="D${r}"><v>${annual}</v></c>` +
        q.map((v, k) => `<c r="${letters(4 + k)}${r}"><v>${v}.${next() % 100}</v></c>`).join("") +
        `<c r="I${r}" t="inlineStr"><is><t>${next().toString(36)}</t></is></c></row>`,
    );
  }
  return fastZip(packageParts([{ name: "Sales", sheetData: pieces }], strings));
}

/**
 * A paste of `rows` rows (rep and annual target, tab-separated, CRLF) where the row in the
 * middle has `wideTabs` tabs (a stray wide row).
 */
export function widePaste(rows = 100000, wideTabs = 20000): string {
  const lines: string[] = ["Rep\tAnnual"];
  for (let i = 1; i < rows; i++) {
    lines.push(i === Math.floor(rows / 2) ? `Wide ${i}${"\t".repeat(wideTabs)}x` : `Rep ${i}\t${(1000 + ((i * 7919) % 9000)) * 100}`);
  }
  return lines.join("\r\n") + "\r\n";
}
