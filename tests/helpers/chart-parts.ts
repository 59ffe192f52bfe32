/**
 * A native Excel chart added to an .xlsx as raw parts, as the dashboard writes its charts
 * (ExcelJS writes none and drops any it reads): a bar chart of the tracking sheet's attainment
 * on a sheet of its own, its drawing, the relationships and content types. For the tests that
 * prove a patched workbook keeps such parts byte for byte.
 */
import JSZip from "jszip";

const CHART = (sheet: string, rows: number) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><c:chart><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>完成率</c:v></c:tx><c:cat><c:strRef><c:f>'${sheet}'!$A$6:$A$${5 + rows}</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>'${sheet}'!$AH$6:$AH$${5 + rows}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${rows}"/></c:numCache></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="1"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>`;

const DRAWING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="完成率"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`;

/** The parts {@link withDashboardChart} adds (the chart and drawing themselves), by path. */
export const CHART_PARTS = ["xl/charts/chart1.xml", "xl/drawings/drawing1.xml", "xl/drawings/_rels/drawing1.xml.rels", "xl/worksheets/_rels/sheet99.xml.rels", "xl/worksheets/sheet99.xml"];

/**
 * The workbook with a sheet "看板" holding a bar chart of `sheet`'s attainment (AH6:AH…) and
 * a formula reading the sheet (so the patch must see it depends on the actuals).
 */
export async function withDashboardChart(bytes: Uint8Array, sheet: string, rows: number): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const esc = sheet.replace(/'/g, "''");
  zip.file("xl/charts/chart1.xml", CHART(esc, rows));
  zip.file("xl/drawings/drawing1.xml", DRAWING);
  zip.file("xl/drawings/_rels/drawing1.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart1.xml"/></Relationships>`);
  zip.file("xl/worksheets/_rels/sheet99.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/></Relationships>`);
  zip.file(
    "xl/worksheets/sheet99.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:B1"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>合计实际</t></is></c><c r="B1"><f>SUM('${esc.replace(/&/g, "&amp;")}'!AG6:AG${5 + rows})</f><v>0</v></c></row></sheetData><drawing r:id="rId1"/></worksheet>`,
  );
  let types = await zip.file("[Content_Types].xml")!.async("string");
  types = types.replace(
    "</Types>",
    '<Override PartName="/xl/worksheets/sheet99.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/><Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/></Types>',
  );
  zip.file("[Content_Types].xml", types);
  let rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  rels = rels.replace("</Relationships>", '<Relationship Id="rIdDash" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet99.xml"/></Relationships>');
  zip.file("xl/_rels/workbook.xml.rels", rels);
  let wb = await zip.file("xl/workbook.xml")!.async("string");
  const ids = [...wb.matchAll(/sheetId="(\d+)"/g)].map((m) => Number(m[1]));
  wb = wb.replace(/(<sheet [^>]*name="TargetPlanner")/, `<sheet name="看板" sheetId="${Math.max(...ids) + 1}" r:id="rIdDash"/>$1`);
  zip.file("xl/workbook.xml", wb);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

/** Every part of a package, decompressed, by path. */
export async function partsOf(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, Buffer>();
  for (const [name, file] of Object.entries(zip.files)) if (!file.dir) out.set(name, Buffer.from(await file.async("uint8array")));
  return out;
}
