/**
 * The dashboard's charts in the .xlsx file (src/xlsx/charts.ts): ExcelJS writes none, so the
 * writer adds the DrawingML parts itself. Every part it adds is parsed (a strict XML reader,
 * tests/helpers/xml-tree.ts) and every element's children are checked against the order of
 * the schema's sequences, quoted below from ECMA-376 Part 1 (Annex A: dml-chart.xsd,
 * dml-spreadsheetDrawing.xsd, dml-main.xsd; §18.3.1.99 worksheet): Excel "repairs" a file
 * whose elements are out of order. Then the package (relationships, content types, the
 * sheet's `<drawing>`), the series' references to the tracking sheet and their caches, where
 * the charts sit, a file read back by our reader and by ExcelJS with everything else intact,
 * charts added to a workbook that has a drawing already, and the refusals.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { type Plan, validatePlan } from "../src/sheets/plan";
import type { ChartSpec, WorkbookSpec } from "../src/sheets/spec";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { AFTER_DRAWING, chartXml, topLevelChild } from "../src/xlsx/charts";
import { XlsxError } from "../src/xlsx/errors";
import { readXlsxCells, readXlsxNames, readXlsxPlan } from "../src/xlsx/read";
import { addToXlsx, writeXlsx } from "../src/xlsx/write";
import { type XmlElement, parseXml, walk } from "./helpers/xml-tree";

const NS = {
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  s: "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
};

/**
 * Sequences of the schema: each entry one element of the sequence ("a|b" a choice; a
 * trailing "*" where it may repeat; "!" where it is required). From ECMA-376 Part 1, Annex A.
 */
const SEQUENCES: Record<string, string[]> = {
  // <xsd:complexType name="CT_ChartSpace"><xsd:sequence> date1904, lang, roundedCorners, style,
  // clrMapOvr, pivotSource, protection, chart (required), spPr, txPr, externalData, printSettings, userShapes, extLst
  "c:chartSpace": ["date1904", "lang", "roundedCorners", "style", "clrMapOvr", "pivotSource", "protection", "chart!", "spPr", "txPr", "externalData", "printSettings", "userShapes", "extLst"],
  // CT_Chart: title, autoTitleDeleted, pivotFmts, view3D, floor, sideWall, backWall, plotArea (required), legend, plotVisOnly, dispBlanksAs, showDLblsOverMax, extLst
  "c:chart": ["title", "autoTitleDeleted", "pivotFmts", "view3D", "floor", "sideWall", "backWall", "plotArea!", "legend", "plotVisOnly", "dispBlanksAs", "showDLblsOverMax", "extLst"],
  // CT_PlotArea: layout?, (areaChart|…|bubbleChart)+, (valAx|catAx|dateAx|serAx)*, dTable?, spPr?, extLst?
  "c:plotArea": [
    "layout",
    "areaChart|area3DChart|lineChart|line3DChart|stockChart|radarChart|scatterChart|pieChart|pie3DChart|doughnutChart|barChart|bar3DChart|ofPieChart|surfaceChart|surface3DChart|bubbleChart*!",
    "valAx|catAx|dateAx|serAx*",
    "dTable",
    "spPr",
    "extLst",
  ],
  // CT_BarChart: barDir (required), grouping, varyColors, ser*, dLbls, gapWidth, overlap, serLines*, axId{2}, extLst
  "c:barChart": ["barDir!", "grouping", "varyColors", "ser*", "dLbls", "gapWidth", "overlap", "serLines*", "axId*!", "extLst"],
  // CT_LineChart: grouping (required), varyColors, ser*, dLbls, dropLines, hiLowLines, upDownBars, marker, smooth, axId{2}, extLst
  "c:lineChart": ["grouping!", "varyColors", "ser*", "dLbls", "dropLines", "hiLowLines", "upDownBars", "marker", "smooth", "axId*!", "extLst"],
  // CT_DoughnutChart: varyColors, ser*, dLbls, firstSliceAng, holeSize, extLst
  "c:doughnutChart": ["varyColors", "ser*", "dLbls", "firstSliceAng", "holeSize", "extLst"],
  // CT_BarSer: idx, order, tx, spPr, invertIfNegative, pictureOptions, dPt*, dLbls, trendline*, errBars, cat, val, shape, extLst
  "c:barChart/c:ser": ["idx!", "order!", "tx", "spPr", "invertIfNegative", "pictureOptions", "dPt*", "dLbls", "trendline*", "errBars", "cat", "val", "shape", "extLst"],
  // CT_LineSer: idx, order, tx, spPr, marker, dPt*, dLbls, trendline*, errBars, cat, val, smooth, extLst
  "c:lineChart/c:ser": ["idx!", "order!", "tx", "spPr", "marker", "dPt*", "dLbls", "trendline*", "errBars", "cat", "val", "smooth", "extLst"],
  // CT_PieSer: idx, order, tx, spPr, explosion, dPt*, dLbls, cat, val, extLst
  "c:doughnutChart/c:ser": ["idx!", "order!", "tx", "spPr", "explosion", "dPt*", "dLbls", "cat", "val", "extLst"],
  // CT_CatAx: EG_AxShared (axId, scaling, delete, axPos, majorGridlines, minorGridlines, title, numFmt, majorTickMark,
  // minorTickMark, tickLblPos, spPr, txPr, crossAx, (crosses|crossesAt)), auto, lblAlgn, lblOffset, tickLblSkip, tickMarkSkip, noMultiLvlLbl, extLst
  "c:catAx": [
    "axId!", "scaling!", "delete", "axPos!", "majorGridlines", "minorGridlines", "title", "numFmt", "majorTickMark", "minorTickMark", "tickLblPos", "spPr", "txPr", "crossAx!", "crosses|crossesAt",
    "auto", "lblAlgn", "lblOffset", "tickLblSkip", "tickMarkSkip", "noMultiLvlLbl", "extLst",
  ],
  // CT_ValAx: EG_AxShared, crossBetween, majorUnit, minorUnit, dispUnits, extLst
  "c:valAx": [
    "axId!", "scaling!", "delete", "axPos!", "majorGridlines", "minorGridlines", "title", "numFmt", "majorTickMark", "minorTickMark", "tickLblPos", "spPr", "txPr", "crossAx!", "crosses|crossesAt",
    "crossBetween", "majorUnit", "minorUnit", "dispUnits", "extLst",
  ],
  // CT_Scaling: logBase, orientation, max, min, extLst
  "c:scaling": ["logBase", "orientation", "max", "min", "extLst"],
  // CT_Title: tx, layout, overlay, spPr, txPr, extLst
  "c:title": ["tx", "layout", "overlay", "spPr", "txPr", "extLst"],
  // CT_Tx: a choice of strRef | rich
  "c:title/c:tx": ["strRef|rich!"],
  // CT_SerTx: a choice of strRef | v
  "c:ser/c:tx": ["strRef|v!"],
  // CT_Legend: legendPos, legendEntry*, layout, overlay, spPr, txPr, extLst
  "c:legend": ["legendPos", "legendEntry*", "layout", "overlay", "spPr", "txPr", "extLst"],
  // CT_DLbls: dLbl*, (delete | Group_DLbls: numFmt, spPr, txPr, dLblPos, showLegendKey, showVal, showCatName, showSerName, showPercent, showBubbleSize, separator, showLeaderLines, leaderLines), extLst
  "c:dLbls": ["dLbl*", "delete", "numFmt", "spPr", "txPr", "dLblPos", "showLegendKey", "showVal", "showCatName", "showSerName", "showPercent", "showBubbleSize", "separator", "showLeaderLines", "leaderLines", "extLst"],
  // CT_DPt: idx, invertIfNegative, marker, bubble3D, explosion, spPr, pictureOptions, extLst
  "c:dPt": ["idx!", "invertIfNegative", "marker", "bubble3D", "explosion", "spPr", "pictureOptions", "extLst"],
  // CT_Marker: symbol, size, spPr, extLst
  "c:ser/c:marker": ["symbol", "size", "spPr", "extLst"],
  // CT_AxDataSource: multiLvlStrRef | numRef | numLit | strRef | strLit; CT_NumDataSource: numRef | numLit
  "c:cat": ["multiLvlStrRef|numRef|numLit|strRef|strLit!"],
  "c:val": ["numRef|numLit!"],
  // CT_NumRef: f, numCache, extLst; CT_StrRef: f, strCache, extLst
  "c:numRef": ["f!", "numCache", "extLst"],
  "c:strRef": ["f!", "strCache", "extLst"],
  // CT_NumData: formatCode, ptCount, pt*, extLst; CT_StrData: ptCount, pt*, extLst; CT_NumVal / CT_StrVal: v
  "c:numCache": ["formatCode", "ptCount", "pt*", "extLst"],
  "c:strCache": ["ptCount", "pt*", "extLst"],
  "c:pt": ["v!"],
  // CT_ChartLines: spPr
  "c:majorGridlines": ["spPr"],
  // a:CT_ShapeProperties: xfrm, EG_Geometry, EG_FillProperties, ln, EG_EffectProperties, scene3d, sp3d, extLst
  "c:spPr": ["xfrm", "custGeom|prstGeom", "noFill|solidFill|gradFill|blipFill|pattFill|grpFill", "ln", "effectLst|effectDag", "scene3d", "sp3d", "extLst"],
  // a:CT_LineProperties: EG_LineFillProperties, EG_LineDashProperties, EG_LineJoinProperties, headEnd, tailEnd, extLst
  "a:ln": ["noFill|solidFill|gradFill|pattFill", "prstDash|custDash", "round|bevel|miter", "headEnd", "tailEnd", "extLst"],
  // a:CT_TextBody: bodyPr, lstStyle, p+
  "c:rich": ["bodyPr!", "lstStyle", "p*!"],
  "c:txPr": ["bodyPr!", "lstStyle", "p*!"],
  // a:CT_TextParagraph: pPr, (r|br|fld)*, endParaRPr; a:CT_RegularTextRun: rPr, t
  "a:p": ["pPr", "r|br|fld*", "endParaRPr"],
  "a:r": ["rPr", "t!"],
  // dml-spreadsheetDrawing.xsd — CT_Drawing: EG_Anchor*; CT_TwoCellAnchor: from, to, EG_ObjectChoices, clientData;
  // CT_Marker: col, colOff, row, rowOff; CT_GraphicalObjectFrame: nvGraphicFramePr, xfrm, a:graphic;
  // CT_GraphicalObjectFrameNonVisual: cNvPr, cNvGraphicFramePr
  "xdr:wsDr": ["twoCellAnchor|oneCellAnchor|absoluteAnchor*"],
  "xdr:twoCellAnchor": ["from!", "to!", "sp|grpSp|graphicFrame|cxnSp|pic|contentPart!", "clientData!"],
  "xdr:oneCellAnchor": ["from!", "ext!", "sp|grpSp|graphicFrame|cxnSp|pic|contentPart!", "clientData!"],
  "xdr:from": ["col!", "colOff!", "row!", "rowOff!"],
  "xdr:to": ["col!", "colOff!", "row!", "rowOff!"],
  "xdr:graphicFrame": ["nvGraphicFramePr!", "xfrm!", "graphic!"],
  "xdr:nvGraphicFramePr": ["cNvPr!", "cNvGraphicFramePr!"],
  "xdr:xfrm": ["off", "ext"],
  "a:graphic": ["graphicData!"],
  // §18.3.1.99 worksheet (CT_Worksheet)
  "s:worksheet": [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols*", "sheetData!", "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
    "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting*", "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
    "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
  ],
};

const PREFIX: Record<string, string> = { [NS.c]: "c", [NS.a]: "a", [NS.xdr]: "xdr", [NS.s]: "s" };

/** The sequence that governs an element's children, by its name and its parent's. */
function sequenceOf(el: XmlElement, parent: XmlElement | undefined): string[] | undefined {
  const me = `${PREFIX[el.ns] ?? el.ns}:${el.local}`;
  const up = parent ? `${PREFIX[parent.ns] ?? parent.ns}:${parent.local}` : "";
  if (me === "c:chart" && up === "a:graphicData") return []; // CT_RelId: no children
  if (me === "c:marker" && up !== "c:ser" && up !== "c:dPt") return []; // CT_Boolean on c:lineChart
  if (me === "c:ser") return SEQUENCES[`${up}/c:ser`];
  if (me === "c:tx") return SEQUENCES[`${up === "c:ser" ? "c:ser" : up}/c:tx`];
  if (me === "c:marker") return SEQUENCES["c:ser/c:marker"];
  if (me === "xdr:spPr") return SEQUENCES["c:spPr"];
  return SEQUENCES[me];
}

/**
 * Every element of a part whose type has a sequence above: its children in the sequence's
 * order, each known, a non-repeating one at most once, the required ones present. Returns the
 * problems found ([] for a part in order).
 */
function orderProblems(root: XmlElement): string[] {
  const problems: string[] = [];
  for (const { el, parent } of walk(root)) {
    const seq = sequenceOf(el, parent);
    if (seq === undefined) continue;
    const groups = seq.map((g) => ({ names: g.replace(/[*!]/g, "").split("|"), repeats: g.includes("*"), required: g.includes("!") }));
    let last = -1;
    const seen = new Set<number>();
    for (const child of el.children) {
      const i = groups.findIndex((g) => g.names.includes(child.local));
      if (i < 0) {
        problems.push(`<${el.name}> has an unexpected <${child.name}>`);
        continue;
      }
      if (i < last) problems.push(`<${el.name}>: <${child.name}> comes after <${el.children[el.children.indexOf(child) - 1].name}>, against the sequence`);
      if (i === last && !groups[i].repeats) problems.push(`<${el.name}>: <${child.name}> twice`);
      last = Math.max(last, i);
      seen.add(i);
    }
    groups.forEach((g, i) => {
      if (g.required && !seen.has(i)) problems.push(`<${el.name}> lacks <${g.names.join("|")}>`);
    });
  }
  return problems;
}

const EXAMPLES = path.resolve(__dirname, "../examples");
function example(file: string): Plan {
  const json = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")) as { tracking: Record<string, unknown> };
  json.tracking.dashboard = true;
  const v = validatePlan(json);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.plan;
}

/** The part of a sheet, by name (through the workbook's relationships). */
async function sheetPart(zip: JSZip, sheet: string): Promise<string> {
  const wb = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const rid = new RegExp(`<sheet\\b[^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(wb)![1];
  return `xl/${new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)![1]}`;
}
const relsOf = (part: string): string => part.replace(/([^/]+)$/, "_rels/$1.rels");
/** Relationships of a part: id → { type, target resolved to a path }. */
async function relationships(zip: JSZip, part: string): Promise<Map<string, { type: string; target: string }>> {
  const xml = await zip.file(relsOf(part))?.async("string");
  const out = new Map<string, { type: string; target: string }>();
  if (!xml) return out;
  for (const r of parseXml(xml).children) {
    const base = part.split("/").slice(0, -1);
    for (const p of r.attrs.Target.split("/")) {
      if (p === "..") base.pop();
      else base.push(p);
    }
    out.set(r.attrs.Id, { type: r.attrs.Type.replace(/.*\//, ""), target: base.join("/") });
  }
  return out;
}

describe("the chart parts of the seed plan's dashboard", () => {
  let zip: JSZip;
  let spec: WorkbookSpec;
  let bytes: Uint8Array;
  beforeAll(async () => {
    spec = buildPlanWorkbook(example("seed-plan.json"), { lang: "zh", asOf: "2025-03-31" });
    bytes = await writeXlsx(spec);
    zip = await JSZip.loadAsync(bytes);
  });

  test("the sheet has one drawing, placed in CT_Worksheet's order, holding three charts in two-cell anchors", async () => {
    const part = await sheetPart(zip, "看板");
    const sheet = parseXml(await zip.file(part)!.async("string"));
    expect(orderProblems(sheet)).toEqual([]);
    const drawings = sheet.children.filter((c) => c.local === "drawing");
    expect(drawings).toHaveLength(1);
    const rels = await relationships(zip, part);
    const drawing = rels.get(drawings[0].attrs["r:id"])!;
    expect(drawing.type).toBe("drawing");
    const wsDr = parseXml(await zip.file(drawing.target)!.async("string"));
    expect(orderProblems(wsDr)).toEqual([]);
    expect(wsDr.children.map((c) => c.local)).toEqual(["twoCellAnchor", "twoCellAnchor", "twoCellAnchor"]);
    const names = [...walk(wsDr)].filter(({ el }) => el.local === "cNvPr").map(({ el }) => el.attrs.name);
    expect(names).toEqual(["TP_Dashboard_Attainment", "TP_Dashboard_Lights", "TP_Dashboard_Months"]);
    const ids = [...walk(wsDr)].filter(({ el }) => el.local === "cNvPr").map(({ el }) => el.attrs.id);
    expect(new Set(ids).size).toBe(3);
    // Each graphic frame's chart relationship leads to a chart part.
    const drawingRels = await relationships(zip, drawing.target);
    const charts = [...walk(wsDr)].filter(({ el }) => el.local === "chart").map(({ el }) => drawingRels.get(el.attrs["r:id"])!);
    expect(charts.map((c) => c.type)).toEqual(["chart", "chart", "chart"]);
    for (const c of charts) expect(zip.file(c.target)).not.toBeNull();
    // The tracking and scorecard sheets have no drawing.
    for (const other of ["目标管理表", "绩效考核表"]) expect(await zip.file(await sheetPart(zip, other))!.async("string")).not.toMatch(/<drawing\b/);
  });

  test("every chart part is well-formed and in the schema's order", async () => {
    const charts = Object.keys(zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p));
    expect(charts).toHaveLength(3);
    for (const p of charts) {
      const root = parseXml(await zip.file(p)!.async("string"));
      expect(root.ns).toBe(NS.c);
      expect(orderProblems(root)).toEqual([]);
    }
  });

  test("[Content_Types].xml names each new part with its content type", async () => {
    const types = parseXml(await zip.file("[Content_Types].xml")!.async("string"));
    const override = new Map(types.children.filter((c) => c.local === "Override").map((c) => [c.attrs.PartName, c.attrs.ContentType]));
    expect(override.get("/xl/drawings/drawing1.xml")).toBe("application/vnd.openxmlformats-officedocument.drawing+xml");
    for (const n of [1, 2, 3]) expect(override.get(`/xl/charts/chart${n}.xml`)).toBe("application/vnd.openxmlformats-officedocument.drawingml.chart+xml");
  });

  test("the bar chart reads the tracking sheet's names and attainment, cached as the builder expects", async () => {
    const chart = parseXml(await zip.file("xl/charts/chart1.xml")!.async("string"));
    const formulas = [...walk(chart)].filter(({ el }) => el.local === "f").map(({ el }) => el.text);
    expect(formulas).toEqual(["'目标管理表'!$A$6:$A$10", "'目标管理表'!$AH$6:$AH$10"]);
    const bar = [...walk(chart)].find(({ el }) => el.local === "barChart")!.el;
    expect(bar.children.find((c) => c.local === "barDir")!.attrs.val).toBe("bar");
    const cache = [...walk(chart)].find(({ el }) => el.local === "numCache")!.el;
    const pts = cache.children.filter((c) => c.local === "pt").map((p) => [Number(p.attrs.idx), Number(p.children[0].text)]);
    const tracking = spec.sheets.find((s) => s.kind === "tracking")!;
    const expected = tracking.rows.slice(5).map((r) => (r[33] as { expect: number }).expect);
    expect(pts).toEqual(expected.map((v, i) => [i, v]));
    const names = [...walk(chart)].find(({ el }) => el.local === "strCache")!.el.children.filter((c) => c.local === "pt").map((p) => p.children[0].text);
    expect(names).toEqual(["销售额", "华东销售额", "回款率", "新客户数", "客户流失率"]);
  });

  test("the monthly chart: columns of actual to date under two lines on the same axes, the pace line dashed", async () => {
    const chart = parseXml(await zip.file("xl/charts/chart3.xml")!.async("string"));
    const plot = [...walk(chart)].find(({ el }) => el.local === "plotArea")!.el;
    expect(plot.children.map((c) => c.local)).toEqual(["layout", "barChart", "lineChart", "catAx", "valAx"]);
    const axIds = (el: XmlElement) => el.children.filter((c) => c.local === "axId").map((c) => c.attrs.val);
    expect(axIds(plot.children[1])).toEqual(axIds(plot.children[2]));
    const idx = [...walk(plot)].filter(({ el, parent }) => el.local === "idx" && parent?.local === "ser").map(({ el }) => el.attrs.val);
    expect(idx).toEqual(["0", "1", "2"]);
    expect([...walk(plot.children[2])].filter(({ el }) => el.local === "prstDash").map(({ el }) => el.attrs.val)).toEqual(["dash"]);
  });

  test("each chart sits at its anchor cell and spans its width and height over the sheet's columns and rows", async () => {
    const dashboard = spec.sheets.find((s) => s.kind === "dashboard")!;
    const drawing = parseXml(await zip.file("xl/drawings/drawing1.xml")!.async("string"));
    const px = (chars: number | undefined) => (chars === undefined ? 64 : Math.round(chars * 7 + 5));
    const hidden = new Set([10]); // column K is collapsed
    drawing.children.forEach((anchor, k) => {
      const chart = dashboard.charts![k];
      const pos = (tag: string) => Object.fromEntries(anchor.children.find((c) => c.local === tag)!.children.map((c) => [c.local, Number(c.text)]));
      const from = pos("from");
      const to = pos("to");
      const a = /^([A-Z]+)(\d+)$/.exec(chart.anchor)!;
      expect([from.col, from.row]).toEqual([a[1].charCodeAt(0) - 65, Number(a[2]) - 1]);
      let width = to.colOff;
      for (let c = from.col; c < to.col; c++) width += hidden.has(c) ? 0 : px(dashboard.columnWidths![c]) * 9525;
      const height = (to.row - from.row) * 20 * 9525 + to.rowOff;
      expect(Math.abs(width - chart.width * 12700)).toBeLessThan(9525);
      expect(Math.abs(height - chart.height * 12700)).toBeLessThan(9525);
    });
  });

  test("read back by our reader and ExcelJS: every sheet's cells, the names and the plan are as written", async () => {
    const cells = await readXlsxCells(bytes);
    const dashboard = spec.sheets.find((s) => s.kind === "dashboard")!;
    dashboard.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell) return;
        const got = cells["看板"][`${String.fromCharCode(65 + c)}${r + 1}`];
        if ("f" in cell) expect(got.formula).toBe(cell.f);
        else expect(got.value).toEqual(cell.v);
      }),
    );
    expect(Object.keys(cells)).toEqual(["目标分解", "目标管理表", "看板", "绩效考核表"]);
    expect((await readXlsxNames(bytes)).map((n) => n.name)).toEqual(expect.arrayContaining(["Check_Dashboard_Status", "Check_Dashboard_Ranks", "Check_Dashboard_Months", "Check_Tracking_Rows"]));
    expect(await readXlsxPlan(bytes)).toEqual(spec.plan);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["目标分解", "目标管理表", "看板", "绩效考核表", "TargetPlanner"]);
  });
});

describe("the order check itself", () => {
  test("finds elements out of the schema's order, and missing required ones", () => {
    const chart: ChartSpec = { name: "c", type: "column", series: [{ name: "x", values: { sheet: "S", range: "B1:B3" } }], categories: { sheet: "S", range: "A1:A3" }, anchor: "D2", width: 300, height: 200 };
    const xml = chartXml(chart, () => undefined);
    expect(orderProblems(parseXml(xml))).toEqual([]);
    const swapped = xml.replace(/(<c:cat>.*?<\/c:cat>)(<c:val>.*?<\/c:val>)/, "$2$1");
    expect(orderProblems(parseXml(swapped))).toEqual(["<c:ser>: <c:cat> comes after <c:val>, against the sequence"]);
    expect(orderProblems(parseXml(xml.replace(/<c:barDir val="col"\/>/, "")))).toEqual(["<c:barChart> lacks <barDir>"]);
    expect(() => parseXml("<a><b></a></b>")).toThrow(/closes/);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/twice/);
    expect(() => parseXml("<c:a/>")).toThrow(/undeclared prefix/);
  });

  test("the <drawing> goes before a sheet's later elements, never inside a nested extLst", () => {
    const xml = '<worksheet><sheetData/><conditionalFormatting><cfRule><extLst><ext/></extLst></cfRule></conditionalFormatting><pageMargins/><tableParts count="1"/><extLst/></worksheet>';
    expect(xml.slice(topLevelChild(xml, AFTER_DRAWING))).toMatch(/^<tableParts/);
    expect(topLevelChild("<worksheet><sheetData/></worksheet>", AFTER_DRAWING)).toBe(-1);
  });
});

/** A 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

describe("charts added to a workbook that has drawings already", () => {
  test("a chart on an existing sheet with an image joins the sheet's drawing; a new sheet's drawing gets a new number", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Data");
    ws.getCell("A1").value = "Month";
    ws.getCell("B1").value = "Sales";
    for (let m = 1; m <= 3; m++) {
      ws.getCell(m + 1, 1).value = `M${m}`;
      ws.getCell(m + 1, 2).value = m * 10;
    }
    ws.addImage(wb.addImage({ buffer: PNG, extension: "png" } as unknown as ExcelJS.Image), "D2:E3");
    // A sheet with a table and no drawing: it has <tableParts>, which CT_Worksheet puts after <drawing>.
    const tab = wb.addWorksheet("Tab");
    tab.addTable({ name: "T1", ref: "A1", headerRow: true, columns: [{ name: "M" }, { name: "V" }], rows: [["a", 1], ["b", 2], ["c", 3]] });
    const original = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const chart = (name: string, anchor: string): ChartSpec => ({
      name,
      type: "column",
      title: "Sales",
      categories: { sheet: "Data", range: "A2:A4" },
      series: [{ name: "Sales", values: { sheet: "Data", range: "B2:B4" }, color: "#4472C4" }],
      anchor,
      width: 240,
      height: 160,
    });
    const spec: WorkbookSpec = {
      sheets: [
        { name: "Data", kind: "notes", existing: true, origin: "H1", rows: [[{ v: "note" }]], charts: [chart("Existing", "H3")] },
        { name: "Board", kind: "dashboard", rows: [[{ v: "Board" }]], charts: [chart("New", "B2")] },
        { name: "Tab", kind: "notes", existing: true, origin: "E1", rows: [[{ v: "note" }]], charts: [chart("OnTable", "E3")] },
      ],
      names: [],
    };
    const out = await addToXlsx(original, spec);
    const zip = await JSZip.loadAsync(out);
    const dataPart = await sheetPart(zip, "Data");
    const tabSheet = parseXml(await zip.file(await sheetPart(zip, "Tab"))!.async("string"));
    expect(orderProblems(tabSheet)).toEqual([]);
    expect(tabSheet.children.map((c) => c.local).slice(-2)).toEqual(["drawing", "tableParts"]);
    const dataSheet = parseXml(await zip.file(dataPart)!.async("string"));
    expect(orderProblems(dataSheet)).toEqual([]);
    const dataDrawings = dataSheet.children.filter((c) => c.local === "drawing");
    expect(dataDrawings).toHaveLength(1);
    const dataDrawing = (await relationships(zip, dataPart)).get(dataDrawings[0].attrs["r:id"])!.target;
    const wsDr = parseXml(await zip.file(dataDrawing)!.async("string"));
    expect(orderProblems(wsDr)).toEqual([]);
    expect(wsDr.children).toHaveLength(2); // the image and the chart
    const rels = await relationships(zip, dataDrawing);
    expect([...rels.values()].map((r) => r.type).sort()).toEqual(["chart", "image"]);
    const ids = [...walk(wsDr)].filter(({ el }) => el.local === "cNvPr").map(({ el }) => el.attrs.id);
    expect(new Set(ids).size).toBe(ids.length);
    const boardPart = await sheetPart(zip, "Board");
    const boardDrawing = (await relationships(zip, boardPart)).values().next().value!.target;
    expect(boardDrawing).not.toBe(dataDrawing);
    for (const p of Object.keys(zip.files).filter((f) => /\.(xml|rels)$/.test(f))) parseXml(await zip.file(p)!.async("string"));
    // ExcelJS still opens it, with the image.
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(out as unknown as ArrayBuffer);
    expect(back.getWorksheet("Data")!.getImages()).toHaveLength(1);
  });
});

describe("charts the writer refuses, writing nothing", () => {
  const base = (chart: Partial<ChartSpec>): WorkbookSpec => ({
    sheets: [
      {
        name: "S",
        kind: "notes",
        rows: [[{ v: "a" }, { v: 1 }]],
        charts: [{ name: "c", type: "bar", series: [{ name: "x", values: { sheet: "S", range: "B1:B2" } }], anchor: "D1", width: 100, height: 100, ...chart }],
      },
    ],
    names: [],
  });
  test.each([
    [{ series: [{ name: "x", values: { sheet: "Nowhere", range: "B1:B2" } }] }, "it reads a sheet the workbook does not have (Nowhere)", "引用了工作簿中不存在的工作表（Nowhere）"],
    [{ series: [{ name: "x", values: { sheet: "S", range: "A1:B2" } }] }, "a series or its categories is not one row or one column (S!A1:B2)", "数据系列或分类不是单行或单列（S!A1:B2）"],
    [{ categories: { sheet: "S", range: "A1:A3" } }, "its categories and series are not all the same length", "分类与各数据系列长度不一致"],
    [{ anchor: "nowhere" }, "its anchor is not a cell (nowhere)", "锚点不是单元格（nowhere）"],
    [{ series: [{ name: "x", values: { sheet: "S", range: "B1:B2" }, color: "red" }] }, "a colour is not #RRGGBB (red)", "颜色不是 #RRGGBB 格式（red）"],
    [{ series: [{ name: "x", values: { sheet: "S", range: "B1:B2" }, type: "line" as const }] }, "only a column or line chart can draw some series the other way", "只有柱形图或折线图可以混合另一种系列"],
  ])("%j", async (chart, en, zh) => {
    const err = await writeXlsx(base(chart as Partial<ChartSpec>)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XlsxError);
    expect((err as XlsxError).messageIn("en")).toBe(`Sheet "S": chart "c" cannot be written: ${en}.`);
    expect((err as XlsxError).messageIn("zh")).toBe(`工作表“S”：无法写入图表“c”：${zh}。`);
  });
});
