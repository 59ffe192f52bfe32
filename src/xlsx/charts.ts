/**
 * Native charts in the .xlsx file: ExcelJS writes no charts (and drops those of a workbook it
 * opens), so the writer adds the parts itself to the zip ExcelJS made, as Office Open XML
 * (ECMA-376 Part 1) lays them out:
 * - `xl/charts/chartN.xml`: a DrawingML chart (§21.2, `c:chartSpace`), one per ChartSpec,
 *   its series reading the sheet by formulas (`c:f`), with caches of the values the builder
 *   expects (`c:numCache`, `c:strCache`) so that a reader that draws before it calculates
 *   still draws the right bars;
 * - `xl/drawings/drawingN.xml`: the sheet's drawing (§20.5, `xdr:wsDr`), one
 *   `xdr:twoCellAnchor` with an `xdr:graphicFrame` per chart, and its `_rels` to the charts;
 * - the sheet's `_rels` to its drawing and a `<drawing r:id>` in the sheet, where
 *   CT_Worksheet's sequence puts it;
 * - `[Content_Types].xml` overrides for the new parts.
 * Elements are written in the order of the schema's sequences (ECMA-376 Part 1, Annex A,
 * dml-chart.xsd and dml-spreadsheetDrawing.xsd; tests/xlsx-charts.test.ts checks every
 * element of the parts against them): Excel "repairs" a part whose elements are out of order.
 */
import type JSZip from "jszip";
import type { CellValue, ChartSeriesSpec, ChartSpec, SheetRange, SheetSpec, WorkbookSpec } from "../sheets/spec";
import { columnOutline } from "../sheets/spec";
import { type Rect, parseCell, parseRange, quoteSheet, rectAddress } from "./a1";

const NS = {
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  rels: "http://schemas.openxmlformats.org/package/2006/relationships",
};
/** Relationship types (ECMA-376 Part 1, §15.2.3 chart part and §15.2.8 drawings part). */
export const REL_TYPES = {
  chart: `${NS.r}/chart`,
  drawing: `${NS.r}/drawing`,
};
/** Content types of the new parts (§15.2.3: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"; §15.2.8: "application/vnd.openxmlformats-officedocument.drawing+xml"). */
export const CONTENT_TYPES = {
  chart: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
  drawing: "application/vnd.openxmlformats-officedocument.drawing+xml",
};

/** EMU per point (ECMA-376 Part 1, §20.1.2.1: "1 pt = 12700 EMUs") and per pixel at 96 dpi (9525). */
const EMU_PER_POINT = 12700;
const EMU_PER_PIXEL = 9525;
/** Pixels of a default column (8.43 characters of Calibri 11) and row (15 points). */
const DEFAULT_COLUMN_PX = 64;
const DEFAULT_ROW_PX = 20;

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** "#4472C4" → "4472C4" (a:srgbClr's val). */
const rgb = (color: string): string => color.replace(/^#/, "").toUpperCase();
const val = (name: string, v: string | number | boolean): string => `<c:${name} val="${typeof v === "boolean" ? (v ? 1 : 0) : esc(String(v))}"/>`;

// ---------------------------------------------------------------------------------------
// Values the charts read, for the caches

/** The values of a range as the spec holds them (constants, and formulas' `expect`); undefined when the sheet is not in the spec. */
export type RangeValues = (ref: SheetRange) => (CellValue | undefined)[] | undefined;

/**
 * The cached values of a workbook spec's cells, by sheet range: a constant's value, a
 * formula's `expect` (undefined when the builder does not know it).
 * @example specValues(spec)({ sheet: "Tracking", range: "A6:A7" }) // ["Zhang", "Li"]
 */
export function specValues(spec: WorkbookSpec): RangeValues {
  const byName = new Map(spec.sheets.map((s) => [s.name.toLowerCase(), s]));
  return (ref) => {
    const sheet = byName.get(ref.sheet.toLowerCase());
    const r = parseRange(ref.range);
    if (!sheet || !r) return undefined;
    const o = parseCell(sheet.origin ?? "A1")!;
    const out: (CellValue | undefined)[] = [];
    for (let row = r.top; row <= r.bottom; row++)
      for (let col = r.left; col <= r.right; col++) {
        const c = sheet.rows[row - o.row]?.[col - o.col];
        out.push(!c ? null : "v" in c ? c.v : c.expect);
      }
    return out;
  };
}

// ---------------------------------------------------------------------------------------
// The chart part

/** A reference as a chart's `c:f` holds it: the sheet always quoted, the range absolute. */
export function chartFormula(ref: SheetRange): string {
  return `${quoteSheet(ref.sheet)}!${rectAddress(parseRange(ref.range)!, true)}`;
}

/** Number of cells of a one-row or one-column range. */
const cellsOf = (ref: SheetRange): number => {
  const r = parseRange(ref.range)!;
  return (r.bottom - r.top + 1) * (r.right - r.left + 1);
};

const number = (x: number): string => (Number.isFinite(x) ? String(x) : "0");

function numRef(ref: SheetRange, values: RangeValues, formatCode: string): string {
  const cached = values(ref);
  const n = cellsOf(ref);
  // CT_NumData: formatCode?, ptCount?, pt*; CT_NumVal: v, attribute idx. Text, blanks and
  // unknown values have no point (the chart draws a gap, as Excel does for them).
  const pts = cached
    ? cached.map((v, i) => (typeof v === "number" ? `<c:pt idx="${i}"><c:v>${number(v)}</c:v></c:pt>` : "")).join("")
    : "";
  const cache = cached ? `<c:numCache><c:formatCode>${esc(formatCode)}</c:formatCode>${val("ptCount", n)}${pts}</c:numCache>` : "";
  return `<c:numRef><c:f>${esc(chartFormula(ref))}</c:f>${cache}</c:numRef>`;
}

function strRef(ref: SheetRange, values: RangeValues): string {
  const cached = values(ref);
  const n = cellsOf(ref);
  const pts = cached
    ? cached.map((v, i) => (v === null || v === undefined || v === "" ? "" : `<c:pt idx="${i}"><c:v>${esc(String(v))}</c:v></c:pt>`)).join("")
    : "";
  const cache = cached ? `<c:strCache>${val("ptCount", n)}${pts}</c:strCache>` : "";
  return `<c:strRef><c:f>${esc(chartFormula(ref))}</c:f>${cache}</c:strRef>`;
}

/** Rich text of a title (CT_Tx → c:rich, a text body: bodyPr, lstStyle, p). */
function rich(text: string, size: number, bold: boolean): string {
  const rPr = `<a:rPr lang="zh-CN" sz="${size}" b="${bold ? 1 : 0}"/>`;
  return `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:r>${rPr}<a:t>${esc(text)}</a:t></a:r></a:p></c:rich></c:tx>`;
}

/** CT_Title: tx?, layout?, overlay?, spPr?, txPr?, extLst?. */
const title = (text: string, size = 1200): string => `<c:title>${rich(text, size, true)}<c:overlay val="0"/></c:title>`;

/** A solid fill (a:solidFill/a:srgbClr). */
const solid = (color: string): string => `<a:solidFill><a:srgbClr val="${rgb(color)}"/></a:solidFill>`;

/** CT_DLbls (Group_DLbls): numFmt?, spPr?, txPr?, dLblPos?, showLegendKey?, showVal?, showCatName?, showSerName?, showPercent?, showBubbleSize?. */
function dataLabels(format: string | undefined): string {
  const numFmt = format ? `<c:numFmt formatCode="${esc(format)}" sourceLinked="0"/>` : "";
  return (
    `<c:dLbls>${numFmt}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>` +
    `${val("showLegendKey", false)}${val("showVal", true)}${val("showCatName", false)}${val("showSerName", false)}${val("showPercent", false)}${val("showBubbleSize", false)}</c:dLbls>`
  );
}

/** How a series is drawn: the chart's type, or the series' own in a combination of columns and lines. */
export function seriesType(chart: ChartSpec, s: ChartSeriesSpec): ChartSpec["type"] {
  return (chart.type === "column" || chart.type === "line") && s.type ? s.type : chart.type;
}

/** The series' shape properties: a bar's fill, or a line (a:ln: fill, dash, join). */
function seriesShape(chart: ChartSpec, s: ChartSeriesSpec): string {
  if (seriesType(chart, s) === "line") {
    if (!s.color && !s.dashed) return "";
    const fill = s.color ? solid(s.color) : "";
    return `<c:spPr><a:ln w="28575" cap="rnd">${fill}${s.dashed ? '<a:prstDash val="dash"/>' : ""}<a:round/></a:ln></c:spPr>`;
  }
  if (chart.type === "doughnut") return `<c:spPr><a:ln w="12700">${solid("#FFFFFF")}</a:ln></c:spPr>`;
  return s.color ? `<c:spPr>${solid(s.color)}</c:spPr>` : "";
}

/** One series (CT_BarSer, CT_LineSer or CT_PieSer), its elements in the schema's order. */
function seriesXml(chart: ChartSpec, s: ChartSeriesSpec, i: number, values: RangeValues): string {
  const parts: string[] = [val("idx", i), val("order", i), `<c:tx><c:v>${esc(s.name)}</c:v></c:tx>`, seriesShape(chart, s)];
  const format = chart.valueFormat ?? "General";
  const type = seriesType(chart, s);
  if (type === "bar" || type === "column") {
    // CT_BarSer: idx, order, tx?, spPr?, invertIfNegative?, pictureOptions?, dPt*, dLbls?, trendline*, errBars?, cat?, val?, shape?, extLst?
    parts.push(val("invertIfNegative", false));
  } else if (type === "line") {
    // CT_LineSer: idx, order, tx?, spPr?, marker?, dPt*, dLbls?, trendline*, errBars?, cat?, val?, smooth?, extLst?
    parts.push(
      s.markers
        ? `<c:marker>${val("symbol", "circle")}${val("size", 5)}${s.color ? `<c:spPr>${solid(s.color)}<a:ln>${solid(s.color)}</a:ln></c:spPr>` : ""}</c:marker>`
        : `<c:marker>${val("symbol", "none")}</c:marker>`,
    );
  }
  if (chart.type === "doughnut") {
    // CT_PieSer: idx, order, tx?, spPr?, explosion?, dPt*, dLbls?, cat?, val?, extLst?
    // CT_DPt: idx, invertIfNegative?, marker?, bubble3D?, explosion?, spPr?, pictureOptions?, extLst?
    (s.pointColors ?? []).forEach((color, k) => {
      parts.push(`<c:dPt>${val("idx", k)}${val("bubble3D", false)}<c:spPr>${solid(color)}<a:ln w="12700">${solid("#FFFFFF")}</a:ln></c:spPr></c:dPt>`);
    });
  }
  if (chart.dataLabels) parts.push(dataLabels(chart.type === "doughnut" ? "General" : chart.valueFormat));
  if (chart.categories) parts.push(`<c:cat>${strRef(chart.categories, values)}</c:cat>`);
  parts.push(`<c:val>${numRef(s.values, values, format)}</c:val>`);
  if (type === "line") parts.push(val("smooth", false));
  return `<c:ser>${parts.join("")}</c:ser>`;
}

const CAT_AX = 500000001;
const VAL_AX = 500000002;

/**
 * The two axes of a bar, column or line chart (CT_CatAx and CT_ValAx: EG_AxShared — axId,
 * scaling, delete?, axPos, majorGridlines?, minorGridlines?, title?, numFmt?, majorTickMark?,
 * minorTickMark?, tickLblPos?, spPr?, txPr?, crossAx, (crosses | crossesAt)? — then the
 * category axis' auto?, lblAlgn?, lblOffset?, …, noMultiLvlLbl?; the value axis'
 * crossBetween?, majorUnit?, …). A bar chart lists its first category at the top: the
 * category axis runs maxMin, and the value axis crosses it at the maximum (the bottom).
 */
function axesXml(chart: ChartSpec): string {
  const bar = chart.type === "bar";
  const catPos = bar ? "l" : "b";
  const valPos = bar ? "b" : "l";
  const line = '<c:spPr><a:ln w="9525">' + solid("#BFBFBF") + "</a:ln></c:spPr>";
  const cat =
    `<c:catAx>${val("axId", CAT_AX)}<c:scaling>${val("orientation", bar ? "maxMin" : "minMax")}</c:scaling>${val("delete", false)}${val("axPos", catPos)}` +
    `${chart.categoryAxisTitle ? title(chart.categoryAxisTitle, 900) : ""}<c:numFmt formatCode="General" sourceLinked="0"/>${val("majorTickMark", "none")}${val("minorTickMark", "none")}${val("tickLblPos", "nextTo")}${line}` +
    `${val("crossAx", VAL_AX)}${val("crosses", "autoZero")}${val("auto", true)}${val("lblAlgn", "ctr")}${val("lblOffset", 100)}${val("noMultiLvlLbl", false)}</c:catAx>`;
  const value =
    // CT_Scaling: logBase?, orientation?, max?, min?, extLst?
    `<c:valAx>${val("axId", VAL_AX)}<c:scaling>${val("orientation", "minMax")}${chart.valueAxisMin !== undefined ? val("min", chart.valueAxisMin) : ""}</c:scaling>${val("delete", false)}${val("axPos", valPos)}` +
    `<c:majorGridlines><c:spPr><a:ln w="9525">${solid("#E7E6E6")}</a:ln></c:spPr></c:majorGridlines>${chart.valueAxisTitle ? title(chart.valueAxisTitle, 900) : ""}` +
    `<c:numFmt formatCode="${esc(chart.valueFormat ?? "General")}" sourceLinked="0"/>${val("majorTickMark", "none")}${val("minorTickMark", "none")}${val("tickLblPos", "nextTo")}${line}` +
    `${val("crossAx", CAT_AX)}${val("crosses", bar ? "max" : "autoZero")}${val("crossBetween", "between")}</c:valAx>`;
  return cat + value;
}

/**
 * The plot of a chart: c:barChart, c:lineChart or c:doughnutChart, each with its elements in
 * the schema's order — a combination puts its columns' c:barChart first and its lines'
 * c:lineChart after it (drawn over the columns), both on the same two axes, each series
 * keeping its index and order in the chart.
 */
function plotXml(chart: ChartSpec, values: RangeValues): string {
  const of = (type: ChartSpec["type"]): string =>
    chart.series
      .map((s, i) => (seriesType(chart, s) === type ? seriesXml(chart, s, i, values) : ""))
      .join("");
  const axIds = val("axId", CAT_AX) + val("axId", VAL_AX);
  if (chart.type === "doughnut") {
    // CT_DoughnutChart: varyColors?, ser*, dLbls?, firstSliceAng?, holeSize?, extLst?
    return `<c:doughnutChart>${val("varyColors", true)}${of("doughnut")}${val("firstSliceAng", 0)}${val("holeSize", 55)}</c:doughnutChart>`;
  }
  // CT_BarChart: barDir, grouping?, varyColors?, ser*, dLbls?, gapWidth?, overlap?, serLines*, axId{2}, extLst?
  const bars = (dir: "bar" | "col", series: string): string =>
    series === "" ? "" : `<c:barChart>${val("barDir", dir)}${val("grouping", "clustered")}${val("varyColors", false)}${series}${val("gapWidth", 60)}${axIds}</c:barChart>`;
  // CT_LineChart: grouping, varyColors?, ser*, dLbls?, dropLines?, hiLowLines?, upDownBars?, marker?, smooth?, axId{2}, extLst?
  const lines = (series: string): string =>
    series === "" ? "" : `<c:lineChart>${val("grouping", "standard")}${val("varyColors", false)}${series}${val("marker", true)}${axIds}</c:lineChart>`;
  if (chart.type === "bar") return bars("bar", of("bar"));
  return bars("col", of("column")) + lines(of("line"));
}

const LEGEND_POS = { bottom: "b", right: "r", top: "t" } as const;

/**
 * The chart part of a ChartSpec: c:chartSpace (CT_ChartSpace: date1904?, lang?,
 * roundedCorners?, style?, clrMapOvr?, pivotSource?, protection?, chart, spPr?, txPr?, …),
 * its c:chart (CT_Chart: title?, autoTitleDeleted?, pivotFmts?, view3D?, floor?, sideWall?,
 * backWall?, plotArea, legend?, plotVisOnly?, dispBlanksAs?, …) and the plot area
 * (CT_PlotArea: layout?, the charts, the axes, dTable?, spPr?, extLst?).
 *
 * @param chart - the chart
 * @param values - the cached values of the ranges it reads ({@link specValues})
 * @example chartXml({ name: "c", type: "line", series: [{ name: "x", values: { sheet: "S", range: "B2:B13" } }], anchor: "A1", width: 300, height: 200 }, () => undefined)
 */
export function chartXml(chart: ChartSpec, values: RangeValues): string {
  const legend = chart.legend ?? "bottom";
  const axes = chart.type === "doughnut" ? "" : axesXml(chart);
  const titleXml = chart.title ? title(chart.title) : "";
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
    `${val("date1904", false)}${val("roundedCorners", false)}` +
    `<c:chart>${titleXml}${val("autoTitleDeleted", !chart.title)}<c:plotArea><c:layout/>${plotXml(chart, values)}${axes}</c:plotArea>` +
    `${legend === "none" ? "" : `<c:legend>${val("legendPos", LEGEND_POS[legend])}<c:overlay val="0"/></c:legend>`}` +
    `${val("plotVisOnly", true)}${val("dispBlanksAs", "gap")}</c:chart>` +
    `<c:spPr>${solid("#FFFFFF")}<a:ln w="9525">${solid("#D9D9D9")}</a:ln></c:spPr>` +
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>` +
    `</c:chartSpace>`
  );
}

// ---------------------------------------------------------------------------------------
// Where a chart sits: the cells under its corners

/** A corner of an anchor (CT_Marker: col, colOff, row, rowOff; 0-based cells, offsets in EMU). */
export interface Marker {
  col: number;
  colOff: number;
  row: number;
  rowOff: number;
}

/**
 * The cells under a chart's corners: its anchor cell, and the cell its width and height reach
 * over the sheet's column widths (characters → 7-pixel digits plus 5 pixels) and row heights
 * (points; 15 by default), hidden columns taking no room.
 * @example chartAnchor({ name: "S", kind: "notes", rows: [] }, { …, anchor: "B2", width: 96, height: 30 }) // from B2, to C4 (64 px columns, 20 px rows)
 */
export function chartAnchor(sheet: SheetSpec, chart: ChartSpec): { from: Marker; to: Marker } {
  const a = parseCell(chart.anchor);
  if (!a) throw new Error(`not a cell: ${chart.anchor}`);
  const hidden = columnOutline(sheet).hidden;
  const firstWidthCol = sheet.existing ? (parseCell(sheet.origin ?? "A1")?.col ?? 1) - 1 : 0;
  const colPx = (c: number): number => {
    if (hidden.has(c)) return 0;
    const chars = sheet.columnWidths?.[c - firstWidthCol];
    return chars !== undefined && chars > 0 ? Math.round(chars * 7 + 5) : DEFAULT_COLUMN_PX;
  };
  const heights = new Map((sheet.rowHeights ?? []).map((h) => [h.row - 1, h.points]));
  const rowPx = (r: number): number => (heights.has(r) ? Math.round(heights.get(r)! / 0.75) : DEFAULT_ROW_PX);
  const walk = (start: number, emu: number, size: (i: number) => number): [number, number] => {
    let i = start;
    let left = emu;
    for (;;) {
      const here = size(i) * EMU_PER_PIXEL;
      if (left < here || i >= 16383) return [i, Math.max(0, Math.round(left))];
      left -= here;
      i++;
    }
  };
  const [col, colOff] = walk(a.col - 1, chart.width * EMU_PER_POINT, colPx);
  const [row, rowOff] = walk(a.row - 1, chart.height * EMU_PER_POINT, rowPx);
  return { from: { col: a.col - 1, colOff: 0, row: a.row - 1, rowOff: 0 }, to: { col, colOff, row, rowOff } };
}

const marker = (tag: "from" | "to", m: Marker): string =>
  `<xdr:${tag}><xdr:col>${m.col}</xdr:col><xdr:colOff>${m.colOff}</xdr:colOff><xdr:row>${m.row}</xdr:row><xdr:rowOff>${m.rowOff}</xdr:rowOff></xdr:${tag}>`;

/**
 * One chart's anchor in a drawing: CT_TwoCellAnchor (from, to, an object — here
 * CT_GraphicalObjectFrame: nvGraphicFramePr, xfrm, a:graphic — and clientData).
 */
export function anchorXml(anchor: { from: Marker; to: Marker }, id: number, name: string, rId: string): string {
  return (
    `<xdr:twoCellAnchor>${marker("from", anchor.from)}${marker("to", anchor.to)}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id}" name="${esc(name)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" r:id="${rId}"/></a:graphicData></a:graphic>` +
    `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
  );
}

const drawingXml = (anchors: string): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">${anchors}</xdr:wsDr>`;

// ---------------------------------------------------------------------------------------
// Into the zip

/**
 * CT_Worksheet's elements after `drawing`, in the schema's order (ECMA-376 Part 1, §18.3.1.99
 * worksheet: "… smartTags, drawing, legacyDrawing, legacyDrawingHF, drawingHF, picture,
 * oleObjects, controls, webPublishItems, tableParts, extLst"): `<drawing>` goes before the
 * first of them that the sheet has.
 */
export const AFTER_DRAWING = ["legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"];

/**
 * The index in `xml` of the first child of the root element named one of `names` (tags are
 * scanned with their depth, so an `extLst` inside a rule is not taken for the sheet's), or -1.
 */
export function topLevelChild(xml: string, names: readonly string[]): number {
  const wanted = new Set(names);
  let depth = 0;
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (m[0].startsWith("<?") || m[0].startsWith("<!")) continue;
    const [, close, name, selfClose] = m;
    if (close) {
      depth--;
      continue;
    }
    if (depth === 1 && wanted.has(name.replace(/^.*:/, ""))) return m.index;
    if (!selfClose) depth++;
  }
  return -1;
}

/** The next free part number of `xl/<folder>/<stem>N.xml` in the zip. */
function nextPart(zip: JSZip, folder: string, stem: string): number {
  let n = 0;
  const re = new RegExp(`^xl/${folder}/${stem}(\\d+)\\.xml$`);
  zip.forEach((path) => {
    const m = re.exec(path);
    if (m) n = Math.max(n, Number(m[1]));
  });
  return n + 1;
}

/** A relationships part with one more relationship (a new part when there is none); returns its id. */
function addRelationship(xml: string | undefined, type: string, target: string): { xml: string; id: string } {
  const doc = xml ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rels}"></Relationships>`;
  const taken = new Set([...doc.matchAll(/\bId="([^"]+)"/g)].map((m) => m[1]));
  let i = 1;
  while (taken.has(`rId${i}`)) i++;
  const id = `rId${i}`;
  const rel = `<Relationship Id="${id}" Type="${type}" Target="${esc(target)}"/>`;
  const out = /<Relationships\b[^>]*\/>/.test(doc) ? doc.replace(/<Relationships\b([^>]*)\/>/, `<Relationships$1>${rel}</Relationships>`) : doc.replace("</Relationships>", `${rel}</Relationships>`);
  return { xml: out, id };
}

/** The `_rels` part of a part: "xl/worksheets/sheet1.xml" → "xl/worksheets/_rels/sheet1.xml.rels". */
const relsOf = (path: string): string => path.replace(/([^/]+)$/, "_rels/$1.rels");

/** A relationship's target resolved against its source part: ("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml") → "xl/drawings/drawing1.xml". */
function resolve(from: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = from.split("/").slice(0, -1);
  for (const p of target.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts.join("/");
}

/** Adds an Override for a new part to [Content_Types].xml. */
function withOverride(types: string, part: string, contentType: string): string {
  if (types.includes(`PartName="/${part}"`)) return types;
  return types.replace("</Types>", `<Override PartName="/${part}" ContentType="${contentType}"/></Types>`);
}

/** UTF-8 through the platform's coders. */
const utf8 = { encode: (s: string): Uint8Array => new TextEncoder().encode(s), decode: (b: Uint8Array): string => new TextDecoder().decode(b) };
const read = async (zip: JSZip, path: string): Promise<string | undefined> => {
  const f = zip.file(path);
  return f ? utf8.decode(await f.async("uint8array")) : undefined;
};

/**
 * Adds the charts of a spec's sheets to the zip ExcelJS made: chart parts, the sheets'
 * drawings (a sheet that already has a drawing — ExcelJS's images — gets the charts' anchors
 * in it), the relationships, the `<drawing>` elements and the content types.
 *
 * @param zip - the package, as ExcelJS wrote it
 * @param spec - the spec written (its sheets' charts, and its cells for the caches)
 * @param sheetParts - each sheet's part path by sheet name (xl/worksheets/sheetN.xml)
 * @example await addCharts(zip, spec, await sheetParts(zip))
 */
export async function addCharts(zip: JSZip, spec: WorkbookSpec, sheetParts: Map<string, string>): Promise<void> {
  const withCharts = spec.sheets.filter((s) => (s.charts ?? []).length > 0);
  if (withCharts.length === 0) return;
  const values = specValues(spec);
  let types = (await read(zip, "[Content_Types].xml"))!;
  let chartNo = nextPart(zip, "charts", "chart");
  for (const sheet of withCharts) {
    const part = [...sheetParts].find(([name]) => name.toLowerCase() === sheet.name.toLowerCase())?.[1];
    if (!part) continue;
    let sheetXml = (await read(zip, part))!;
    let sheetRels = await read(zip, relsOf(part));
    // The sheet's drawing: the one it has, or a new one.
    const existing = /<drawing\b[^>]*\br:id="([^"]+)"/.exec(sheetXml)?.[1];
    let drawingPath: string;
    let drawing: string;
    if (existing && sheetRels) {
      const target = new RegExp(`<Relationship\\b[^>]*\\bId="${existing}"[^>]*>`).exec(sheetRels)?.[0];
      drawingPath = resolve(part, /\bTarget="([^"]+)"/.exec(target ?? "")?.[1] ?? "");
      drawing = (await read(zip, drawingPath)) ?? drawingXml("");
    } else {
      drawingPath = `xl/drawings/drawing${nextPart(zip, "drawings", "drawing")}.xml`;
      drawing = drawingXml("");
      const rel = addRelationship(sheetRels, REL_TYPES.drawing, `../drawings/${drawingPath.split("/").pop()}`);
      sheetRels = rel.xml;
      const at = topLevelChild(sheetXml, AFTER_DRAWING);
      const element = `<drawing r:id="${rel.id}"/>`;
      sheetXml = at >= 0 ? sheetXml.slice(0, at) + element + sheetXml.slice(at) : sheetXml.replace(/<\/worksheet>\s*$/, `${element}</worksheet>`);
      if (!/xmlns:r=/.test(sheetXml.slice(0, sheetXml.indexOf(">", sheetXml.indexOf("<worksheet"))))) {
        sheetXml = sheetXml.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS.r}"`);
      }
      types = withOverride(types, drawingPath, CONTENT_TYPES.drawing);
    }
    let drawingRels = await read(zip, relsOf(drawingPath));
    let shapeId = Math.max(1, ...[...drawing.matchAll(/<xdr:cNvPr\b[^>]*\bid="(\d+)"/g)].map((m) => Number(m[1])));
    const anchors: string[] = [];
    for (const chart of sheet.charts ?? []) {
      const chartPath = `xl/charts/chart${chartNo++}.xml`;
      zip.file(chartPath, utf8.encode(chartXml(chart, values)));
      types = withOverride(types, chartPath, CONTENT_TYPES.chart);
      const rel = addRelationship(drawingRels, REL_TYPES.chart, `../charts/${chartPath.split("/").pop()}`);
      drawingRels = rel.xml;
      anchors.push(anchorXml(chartAnchor(sheet, chart), ++shapeId, chart.name, rel.id));
    }
    drawing = drawing.replace("</xdr:wsDr>", `${anchors.join("")}</xdr:wsDr>`);
    if (!/xmlns:r=/.test(drawing.slice(0, drawing.indexOf(">", drawing.indexOf("<xdr:wsDr"))))) drawing = drawing.replace("<xdr:wsDr", `<xdr:wsDr xmlns:r="${NS.r}"`);
    zip.file(drawingPath, utf8.encode(drawing));
    zip.file(relsOf(drawingPath), utf8.encode(drawingRels!));
    zip.file(relsOf(part), utf8.encode(sheetRels!));
    zip.file(part, utf8.encode(sheetXml));
  }
  zip.file("[Content_Types].xml", utf8.encode(types));
}

/**
 * Why a chart cannot be written, or undefined: a series or categories that are not one row or
 * one column, categories and values of different lengths, a sheet the workbook will not have,
 * a bad anchor, size or colour.
 * @example chartProblem(chart, new Set(["目标管理表", "看板"])) // undefined
 */
export function chartProblem(chart: ChartSpec, sheets: Set<string>): { what: string; address?: string } | undefined {
  const line = (ref: SheetRange): Rect | undefined => {
    const r = parseRange(ref.range);
    return r && (r.top === r.bottom || r.left === r.right) ? r : undefined;
  };
  if (!parseCell(chart.anchor)) return { what: "anchor", address: chart.anchor };
  if (!(chart.width > 0 && chart.height > 0 && chart.width <= 20000 && chart.height <= 20000)) return { what: "size" };
  if (chart.series.length === 0) return { what: "series" };
  if (chart.type !== "column" && chart.type !== "line" && chart.series.some((s) => s.type !== undefined)) return { what: "combination" };
  const refs = [...(chart.categories ? [chart.categories] : []), ...chart.series.map((s) => s.values)];
  for (const ref of refs) {
    if (!line(ref)) return { what: "range", address: `${ref.sheet}!${ref.range}` };
    if (!sheets.has(ref.sheet.toLowerCase())) return { what: "sheet", address: ref.sheet };
  }
  const n = cellsOf(chart.series[0].values);
  if (refs.some((r) => cellsOf(r) !== n)) return { what: "length" };
  const colors = chart.series.flatMap((s) => [s.color, ...(s.pointColors ?? [])]).filter((c): c is string => c !== undefined);
  const bad = colors.find((c) => !/^#[0-9a-fA-F]{6}$/.test(c));
  if (bad) return { what: "color", address: bad };
  return undefined;
}
