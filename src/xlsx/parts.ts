/**
 * An .xlsx as a package of parts (a zip): whether bytes are a workbook at all, what it holds
 * that a rewrite with ExcelJS does not carry over (charts, pivot tables, pictures, comments,
 * macros, …: found by the parts' names, the way Excel lays a workbook out), and the package
 * without the parts that make ExcelJS fail to load it. Used by the pane's workbench when a
 * user opens an .xlsx and when it gives the workbook back.
 *
 * Every refusal is an {@link XlsxError} whose message says what the file is and what to do.
 */
import JSZip from "jszip";
import { refuse } from "./errors";

/** The most parts a package may have (a workbook has tens; many thousands is a bomb). */
export const MAX_PARTS = 20_000;

/** A part's stored sizes (JSZip keeps them from the zip's central directory). */
interface Sizes {
  compressedSize: number;
  uncompressedSize: number;
}

/**
 * The sizes of a part as the zip's directory states them (0, 0 for a folder entry).
 * (JSZip keeps them on the object it reads; its typings do not show them.)
 */
export function partSizes(file: JSZip.JSZipObject): Sizes {
  const data = (file as unknown as { _data?: Partial<Sizes> })._data;
  return { compressedSize: data?.compressedSize ?? 0, uncompressedSize: data?.uncompressedSize ?? 0 };
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
/** "PK\x03\x04" (a zip's first entry) or "PK\x05\x06" (an empty zip). */
const ZIP = [0x50, 0x4b];
/** An OLE compound file: an Excel 97–2003 .xls, or an .xlsx saved with a password. */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * The number of entries the zip's end record declares, read before unzipping anything (a
 * package of a million tiny parts is refused without building a million objects).
 */
function declaredEntries(bytes: Uint8Array): number | undefined {
  const from = Math.max(0, bytes.length - 22 - 65535);
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) {
      return bytes[i + 10] | (bytes[i + 11] << 8);
    }
  }
  return undefined;
}

/**
 * The bytes as a zip package, refusing what is not one with a message saying what it is:
 * an .xls or password-protected workbook, text, something damaged or cut short.
 *
 * @throws XlsxError notXlsx, xlsxOldFormat, xlsxDamaged, xlsxTooManyParts
 * @example const zip = await openPackage(new Uint8Array(await file.arrayBuffer()));
 */
export async function openPackage(bytes: Uint8Array): Promise<JSZip> {
  if (bytes.length >= 8 && startsWith(bytes, OLE)) refuse("xlsxOldFormat");
  if (bytes.length < 22 || !startsWith(bytes, ZIP)) refuse("notXlsx");
  const entries = declaredEntries(bytes);
  // 0xFFFF: a ZIP64 directory, whose count is elsewhere; JSZip reads it, the part count is checked after.
  if (entries !== undefined && entries !== 0xffff && entries > MAX_PARTS) refuse("xlsxTooManyParts", { parts: entries, max: MAX_PARTS });
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    refuse("xlsxDamaged");
  }
  if (Object.keys(zip.files).length > MAX_PARTS) refuse("xlsxTooManyParts", { parts: Object.keys(zip.files).length, max: MAX_PARTS });
  return zip;
}

/**
 * A relationship's target as a part name: relative to the folder of the part whose
 * relationships name it, or from the package's root when it starts with "/".
 * @example resolveTarget("xl/workbook.xml", "worksheets/sheet1.xml") // "xl/worksheets/sheet1.xml"
 * @example resolveTarget("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml") // "xl/drawings/drawing1.xml"
 */
export function resolveTarget(source: string, target: string): string {
  const path = target.startsWith("/") ? target.slice(1) : `${source.slice(0, source.lastIndexOf("/") + 1)}${target}`;
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "..") out.pop();
    else if (segment !== "." && segment !== "") out.push(segment);
  }
  return out.join("/");
}

/** The relationships part of a part ("xl/workbook.xml" → "xl/_rels/workbook.xml.rels"). */
export function relsOf(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** A part's name as the zip has it, matched without case (zip names are case-sensitive, OPC's are not). */
export function findPart(zip: JSZip, name: string): JSZip.JSZipObject | undefined {
  const exact = zip.file(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  return Object.values(zip.files).find((f) => !f.dir && f.name.toLowerCase() === lower);
}

/**
 * The workbook part of the package: the target of the package's officeDocument
 * relationship (normally `xl/workbook.xml`).
 *
 * @throws XlsxError xlsxOds, xlsxBinary, xlsxNoWorkbook when the zip is not an .xlsx
 * @example await workbookPart(zip) // "xl/workbook.xml"
 */
export async function workbookPart(zip: JSZip): Promise<string> {
  let main = "xl/workbook.xml";
  const rels = findPart(zip, "_rels/.rels");
  if (rels) {
    const xml = await rels.async("string");
    for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      if (/Type\s*=\s*["'][^"']*\/officeDocument["']/.test(m[0])) {
        const target = /Target\s*=\s*["']([^"']+)["']/.exec(m[0])?.[1];
        if (target) main = resolveTarget("", target);
      }
    }
  }
  if (findPart(zip, main) && /\.xml$/i.test(main)) return findPart(zip, main)!.name;
  if (zip.file("content.xml") && zip.file("mimetype")) refuse("xlsxOds");
  if (findPart(zip, "xl/workbook.bin")) refuse("xlsxBinary");
  refuse("xlsxNoWorkbook");
}

// ---------------------------------------------------------------------------------------
// What a rewrite does not carry over

/** Kinds of content the workbench's download (a rewrite with ExcelJS) does not carry over. */
export type UnkeptKind =
  | "charts"
  | "pivotTables"
  | "pictures"
  | "comments"
  | "macros"
  | "slicers"
  | "externalLinks"
  | "connections"
  | "controls"
  | "dynamicArrays"
  | "addins"
  | "customProperties"
  | "sparklines"
  | "other";

/** One kind of content found, with how many parts (or items) hold it. */
export interface Unkept {
  kind: UnkeptKind;
  count: number;
  /** For "other": the parts' names (the first few). */
  parts?: string[];
}

/** Parts that ExcelJS reads and writes again, or that Excel rebuilds (no loss). */
const KEPT = [
  /^\[Content_Types\]\.xml$/i,
  /^_rels\/\.rels$/i,
  /^docProps\/(app|core)\.xml$/i,
  /^docProps\/thumbnail\.\w+$/i,
  /^xl\/workbook\.xml$/i,
  /^xl\/_rels\/workbook\.xml\.rels$/i,
  /^xl\/(styles|sharedStrings|calcChain)\.xml$/i,
  /^xl\/theme\//i,
  /^xl\/worksheets\/(_rels\/)?[^/]+$/i,
  /^xl\/tables\/(_rels\/)?[^/]+$/i,
  /^xl\/printerSettings\//i,
];

/** Kinds by part name; the first match wins. */
const KINDS: { kind: UnkeptKind; test: RegExp; counts?: RegExp }[] = [
  { kind: "charts", test: /^xl\/(charts|chartsheets)\//i, counts: /^xl\/(charts\/chart\d*|chartsheets\/[^/]+)\.xml$/i },
  { kind: "pivotTables", test: /^xl\/(pivotTables|pivotCache)\//i, counts: /^xl\/pivotTables\/[^/]+\.xml$/i },
  { kind: "comments", test: /^xl\/(comments[^/]*\.xml|comments\/|threadedComments\/|persons\/)/i, counts: /^xl\/(comments[^/]*\.xml|comments\/[^/]+\.xml|threadedComments\/[^/]+\.xml)$/i },
  { kind: "macros", test: /^xl\/vbaProject/i, counts: /^xl\/vbaProject\.bin$/i },
  { kind: "slicers", test: /^xl\/(slicers|slicerCaches|timelines|timelineCaches)\//i, counts: /^xl\/(slicers|timelines)\/[^/]+\.xml$/i },
  { kind: "externalLinks", test: /^xl\/externalLinks\//i, counts: /^xl\/externalLinks\/[^/]+\.xml$/i },
  { kind: "connections", test: /^(xl\/connections\.xml|xl\/queryTables\/|xl\/model\/|customXml\/)/i, counts: /^(xl\/connections\.xml|xl\/queryTables\/[^/]+\.xml|customXml\/item\d*\.xml)$/i },
  { kind: "controls", test: /^xl\/(ctrlProps|activeX|embeddings)\//i, counts: /^xl\/(ctrlProps|activeX|embeddings)\/[^/_][^/]*$/i },
  { kind: "dynamicArrays", test: /^xl\/(metadata\.xml|richData\/)/i, counts: /^xl\/metadata\.xml$/i },
  { kind: "addins", test: /^xl\/webextensions\//i, counts: /^xl\/webextensions\/webextension\d*\.xml$/i },
];

/** Drawing parts (pictures, shapes, charts' frames) and the media they show. */
const DRAWING = /^xl\/drawings\/(_rels\/)?[^/]+\.xml(\.rels)?$/i;
const VML = /^xl\/drawings\/(_rels\/)?[^/]+\.vml(\.rels)?$/i;
const MEDIA = /^xl\/media\//i;

/**
 * What a package holds that the workbench's download does not carry over, by kind, in a
 * fixed order. Found from the parts' names (`xl/charts/`, `xl/pivotTables/`, `xl/comments…`,
 * `xl/vbaProject.bin`, …), from the drawings' content (pictures and shapes, as opposed to
 * the frames of charts) and from custom document properties; any other part that is not a
 * sheet, a style, a table or the like is listed by name as "other". Sparklines live inside
 * sheets: the sheet reader reports them (`sparklines`).
 *
 * @example await unkeptContents(zip) // [{ kind: "charts", count: 1 }, { kind: "comments", count: 1 }]
 */
export async function unkeptContents(zip: JSZip): Promise<Unkept[]> {
  const counts = new Map<UnkeptKind, number>();
  const bump = (kind: UnkeptKind, n = 1) => counts.set(kind, (counts.get(kind) ?? 0) + n);
  const others: string[] = [];
  let pictures = 0;
  for (const file of Object.values(zip.files)) {
    if (file.dir) continue;
    const name = file.name;
    if (KEPT.some((k) => k.test(name))) continue;
    const kind = KINDS.find((k) => k.test.test(name));
    if (kind) {
      if (!counts.has(kind.kind)) counts.set(kind.kind, 0);
      if (!kind.counts || kind.counts.test(name)) bump(kind.kind);
      continue;
    }
    if (VML.test(name) || MEDIA.test(name)) continue; // counted through what uses them
    if (DRAWING.test(name)) {
      if (/\.rels$/i.test(name)) continue;
      // Each anchored object (a picture, shape, text box or group) but the frames of charts,
      // which count with the charts.
      const xml = await file.async("string");
      const anchors = (xml.match(/<(?:\w+:)?(?:twoCellAnchor|oneCellAnchor|absoluteAnchor)[\s/>]/g) ?? []).length;
      const charts = (xml.match(/graphicData\s+uri\s*=\s*["']http:\/\/schemas\.openxmlformats\.org\/drawingml\/2006\/chart["']/g) ?? []).length;
      pictures += Math.max(0, anchors - charts);
      continue;
    }
    if (/^docProps\/custom\.xml$/i.test(name)) {
      const xml = await file.async("string");
      const n = (xml.match(/<(?:\w+:)?property[\s/>]/g) ?? []).length;
      if (n > 0) bump("customProperties", n);
      continue;
    }
    if (/^docProps\//i.test(name)) continue;
    others.push(name);
  }
  if (pictures > 0) bump("pictures", pictures);
  const order: UnkeptKind[] = ["charts", "pivotTables", "pictures", "comments", "macros", "slicers", "externalLinks", "connections", "controls", "dynamicArrays", "addins", "customProperties"];
  const found: Unkept[] = order.filter((k) => counts.has(k)).map((kind) => ({ kind, count: Math.max(1, counts.get(kind)!) }));
  if (others.length > 0) found.push({ kind: "other", count: others.length, parts: others.slice(0, 5) });
  return found;
}

// ---------------------------------------------------------------------------------------
// The package ExcelJS can load

/**
 * Relationship types whose parts are taken out before ExcelJS loads the package: drawings
 * (ExcelJS fails on a drawing whose elements are not prefixed `xdr:`), comments and their
 * VML (ExcelJS fails when a comment's relationship target is not `../commentsN.xml`, as
 * other writers such as openpyxl write it), threaded comments. What they held is among the
 * {@link unkeptContents} the user is told about.
 */
const TAKEN_OUT = /\/(drawing|vmlDrawing|comments|threadedComment)$/;

/**
 * The package as ExcelJS can load it whatever tool wrote it: without drawings, comments
 * and their VML (parts, relationships and the sheets' `<drawing>`/`<legacyDrawing>`
 * elements), and with every worksheet part named `xl/worksheets/sheetN.xml` (ExcelJS
 * silently leaves out a sheet whose part is named otherwise). Everything else is left as
 * it was; bytes that need no change come back as they are.
 *
 * @example await addToXlsx(await readableByExcelJs(bytes), spec)
 */
export async function readableByExcelJs(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await openPackage(bytes);
  let changed = await renameWorksheetParts(zip, await workbookPart(zip));
  for (const file of Object.values(zip.files)) {
    if (file.dir || !/^xl\/worksheets\/_rels\/[^/]+\.rels$/i.test(file.name)) continue;
    const xml = await file.async("string");
    const source = file.name.replace(/_rels\/([^/]+)\.rels$/i, "$1");
    const relative = relativeTargets(xml, source, source);
    if (relative !== xml) {
      zip.file(file.name, relative);
      changed = true;
    }
  }
  for (const file of Object.values(zip.files)) {
    if (file.dir || !/_rels\/[^/]+\.rels$/i.test(file.name)) continue;
    const xml = await file.async("string");
    const source = file.name.replace(/_rels\/([^/]+)\.rels$/i, "$1");
    const dropped: string[] = [];
    const kept = xml.replace(/<(?:\w+:)?Relationship\b[^>]*?\/?>(?:\s*<\/(?:\w+:)?Relationship>)?/g, (rel) => {
      const type = /Type\s*=\s*["']([^"']+)["']/.exec(rel)?.[1] ?? "";
      if (!TAKEN_OUT.test(type)) return rel;
      const id = /Id\s*=\s*["']([^"']+)["']/.exec(rel)?.[1];
      if (id) dropped.push(id);
      const target = /Target\s*=\s*["']([^"']+)["']/.exec(rel)?.[1];
      if (target && !/TargetMode\s*=\s*["']External/.test(rel)) zip.remove(resolveTarget(source, target));
      return "";
    });
    if (dropped.length === 0) continue;
    changed = true;
    zip.file(file.name, kept);
    const part = zip.file(source);
    if (part && /\.xml$/i.test(source)) {
      const ids = new Set(dropped);
      const text = (await part.async("string")).replace(/<(?:\w+:)?(?:drawing|legacyDrawing|legacyDrawingHF)\b[^>]*?\/>/g, (el) => {
        const id = /\bid\s*=\s*["']([^"']+)["']/.exec(el)?.[1];
        return id === undefined || ids.has(id) ? "" : el;
      });
      zip.file(source, text);
    }
  }
  // Parts no relationship names any more (a drawing's own rels, comment parts of other
  // layouts, pictures only drawings showed: ExcelJS would write every picture it read again).
  for (const file of Object.values(zip.files)) {
    if (!file.dir && (/^xl\/drawings\//i.test(file.name) || /^xl\/(comments|threadedComments|persons)/i.test(file.name))) {
      zip.remove(file.name);
      changed = true;
    }
  }
  if (changed) await removeUnusedMedia(zip);
  if (!changed) return bytes;
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 3 } });
}

/**
 * Gives every worksheet part an `xl/worksheets/sheetN.xml` name (N not yet taken), moving
 * its relationships with it and pointing the workbook's relationship at the new name.
 * @returns whether a part was renamed
 */
async function renameWorksheetParts(zip: JSZip, main: string): Promise<boolean> {
  const relsFile = findPart(zip, relsOf(main));
  if (!relsFile) return false;
  let xml = await relsFile.async("string");
  const taken = new Set(Object.keys(zip.files).map((n) => n.toLowerCase()));
  let next = 1;
  let renamed = false;
  for (const rel of xml.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    if (!/Type\s*=\s*["'][^"']*\/worksheet["']/.test(rel)) continue;
    const target = /Target\s*=\s*["']([^"']+)["']/.exec(rel)?.[1];
    if (!target) continue;
    const part = findPart(zip, resolveTarget(main, target));
    if (!part || /^xl\/worksheets\/sheet\d+\.xml$/.test(part.name)) continue;
    while (taken.has(`xl/worksheets/sheet${next}.xml`)) next++;
    const name = `xl/worksheets/sheet${next}.xml`;
    taken.add(name);
    zip.file(name, await part.async("uint8array"));
    zip.remove(part.name);
    const partRels = findPart(zip, relsOf(part.name));
    if (partRels) {
      zip.file(relsOf(name), relativeTargets(await partRels.async("string"), part.name, name));
      zip.remove(partRels.name);
    }
    xml = xml.replace(rel, rel.replace(/(Target\s*=\s*["'])[^"']+(["'])/, `$1/${name}$2`));
    renamed = true;
  }
  if (renamed) zip.file(relsFile.name, xml);
  return renamed;
}

/**
 * A part's relationships with every internal target written relative to the part's new
 * place (`../tables/table1.xml`), as ExcelJS looks them up; external targets (links) stay.
 * @example relativeTargets('<Relationship Id="r1" Type="…/table" Target="/xl/tables/table1.xml"/>', "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml")
 *   // '<Relationship Id="r1" Type="…/table" Target="../tables/table1.xml"/>'
 */
export function relativeTargets(xml: string, from: string, to: string): string {
  const folder = to.slice(0, to.lastIndexOf("/") + 1).split("/").filter(Boolean);
  return xml.replace(/<(?:\w+:)?Relationship\b[^>]*>/g, (rel) => {
    if (/TargetMode\s*=\s*["']External["']/.test(rel)) return rel;
    return rel.replace(/(Target\s*=\s*["'])([^"']+)(["'])/, (_, a: string, target: string, b: string) => {
      const parts = resolveTarget(from, target).split("/");
      let common = 0;
      while (common < folder.length && common < parts.length - 1 && folder[common] === parts[common]) common++;
      return `${a}${"../".repeat(folder.length - common)}${parts.slice(common).join("/")}${b}`;
    });
  });
}

/** Removes the pictures (`xl/media/…`) that no relationship left in the package names. */
async function removeUnusedMedia(zip: JSZip): Promise<void> {
  const used = new Set<string>();
  for (const file of Object.values(zip.files)) {
    if (file.dir || !/_rels\/[^/]+\.rels$/i.test(file.name)) continue;
    const source = file.name.replace(/_rels\/([^/]+)\.rels$/i, "$1");
    for (const m of (await file.async("string")).matchAll(/Target\s*=\s*["']([^"']+)["']/g)) used.add(resolveTarget(source, m[1]).toLowerCase());
  }
  for (const file of Object.values(zip.files)) {
    if (!file.dir && /^xl\/media\//i.test(file.name) && !used.has(file.name.toLowerCase())) zip.remove(file.name);
  }
}
