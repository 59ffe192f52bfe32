/*
 * Workbooks as other tools write them, made on the fly: a table of reps and annual targets
 * laid out as Excel writes it (big-inputs.ts), then parts added with JSZip the way Excel,
 * openpyxl or LibreOffice lay them out (ECMA-376 Part 1: §12.3.3 comments, §12.3.8
 * drawings, §21.2 charts). Some of these make ExcelJS's loader throw; the pane's reader
 * must open them all. (No ExcelJS here: component tests run in jsdom, where it does not load.)
 */
import type JSZip from "jszip";
import { packageOf } from "./big-inputs";

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`;

/** Reps and their annual targets (Sales!A1:B3), as Excel writes them (shared strings). */
export async function salesTable(): Promise<JSZip> {
  const row = (r: number, a: number, b: number) => `<row r="${r}"><c r="A${r}" t="s"><v>${a}</v></c><c r="B${r}"${b < 0 ? ' t="s"' : ""}><v>${Math.abs(b)}</v></c></row>`;
  return packageOf([{ name: "Sales", sheetData: row(1, 0, -1) + row(2, 2, 800) + row(3, 3, 1200) }], ["Rep", "Annual", "Li", "Zhang"]);
}

async function addToSheet(zip: JSZip, rels: string, elements: string): Promise<void> {
  const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  zip.file("xl/worksheets/sheet1.xml", sheet.replace("</worksheet>", `${elements}</worksheet>`));
  zip.file("xl/worksheets/_rels/sheet1.xml.rels", `${XML}<Relationships xmlns="${RELS_NS}">${rels}</Relationships>`);
}

const COMMENTS = `${XML}<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Li</author></authors><commentList><comment ref="B2" authorId="0"><text><t>checked with Li</t></text></comment></commentList></comments>`;
const NOTE_VML = `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025" type="#_x0000_t202" style="position:absolute;visibility:hidden"><v:textbox/><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Row>1</x:Row><x:Column>1</x:Column></x:ClientData></v:shape></xml>`;

/**
 * A note on B2 as openpyxl writes it: the comments in `xl/comments/comment1.xml`, their
 * VML in `xl/drawings/commentsDrawing1.vml`, both named from the sheet by absolute targets.
 * (ExcelJS looks comments up by the target "../commentsN.xml" and throws on these.)
 */
export async function withCommentsAbsolute(zip: JSZip): Promise<Uint8Array> {
  zip.file("xl/comments/comment1.xml", COMMENTS);
  zip.file("xl/drawings/commentsDrawing1.vml", NOTE_VML);
  await addToSheet(zip, rel("comments", "comments", "/xl/comments/comment1.xml") + rel("anysvml", "vmlDrawing", "/xl/drawings/commentsDrawing1.vml"), '<legacyDrawing r:id="anysvml"/>');
  return zip.generateAsync({ type: "uint8array" });
}

const CHART = `${XML}<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}"><c:chart><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:ser><c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>Sales!$B$2:$B$3</c:f></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart></c:plotArea></c:chart></c:chartSpace>`;

/** A chart's frame anchored over D2:J15, with the given element prefix ("xdr:" or none). */
function chartAnchor(p: string): string {
  const at = (col: number, row: number) => `<${p}col>${col}</${p}col><${p}colOff>0</${p}colOff><${p}row>${row}</${p}row><${p}rowOff>0</${p}rowOff>`;
  return (
    `<${p}twoCellAnchor><${p}from>${at(3, 1)}</${p}from><${p}to>${at(9, 15)}</${p}to>` +
    `<${p}graphicFrame macro=""><${p}nvGraphicFramePr><${p}cNvPr id="2" name="Chart 1"/><${p}cNvGraphicFramePr/></${p}nvGraphicFramePr>` +
    `<${p}xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></${p}xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">` +
    `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${REL}" r:id="rId1"/></a:graphicData></a:graphic></${p}graphicFrame><${p}clientData/></${p}twoCellAnchor>`
  );
}

/**
 * A column chart of the targets whose drawing part uses the spreadsheetDrawing namespace as
 * the default one (`<wsDr xmlns="…">`, valid XML) rather than the `xdr:` prefix Excel
 * writes. (ExcelJS matches the prefix, finds no drawing and throws reading "anchors".)
 */
export async function withChartDefaultNamespace(zip: JSZip): Promise<Uint8Array> {
  zip.file(
    "xl/drawings/drawing1.xml",
    `${XML}<wsDr xmlns="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">${chartAnchor("")}</wsDr>`,
  );
  zip.file("xl/drawings/_rels/drawing1.xml.rels", `${XML}<Relationships xmlns="${RELS_NS}">${rel("rId1", "chart", "../charts/chart1.xml")}</Relationships>`);
  zip.file("xl/charts/chart1.xml", CHART);
  await addToSheet(zip, rel("rId1", "drawing", "../drawings/drawing1.xml"), '<drawing r:id="rId1"/>');
  return zip.generateAsync({ type: "uint8array" });
}

/** The same chart as Excel writes it (`xdr:` prefix), which ExcelJS loads and then drops. */
export async function withChart(zip: JSZip): Promise<Uint8Array> {
  zip.file(
    "xl/drawings/drawing1.xml",
    `${XML}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">${chartAnchor("xdr:")}</xdr:wsDr>`,
  );
  zip.file("xl/drawings/_rels/drawing1.xml.rels", `${XML}<Relationships xmlns="${RELS_NS}">${rel("rId1", "chart", "../charts/chart1.xml")}</Relationships>`);
  zip.file("xl/charts/chart1.xml", CHART);
  await addToSheet(zip, rel("rId1", "drawing", "../drawings/drawing1.xml"), '<drawing r:id="rId1"/>');
  return zip.generateAsync({ type: "uint8array" });
}

/** Parts of other kinds, by name only (the pivot table, macro and link an Excel user may have). */
export async function withParts(zip: JSZip, parts: Record<string, string>): Promise<Uint8Array> {
  for (const [name, text] of Object.entries(parts)) zip.file(name, text);
  return zip.generateAsync({ type: "uint8array" });
}
