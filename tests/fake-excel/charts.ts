/**
 * Charts in the fake Excel: `worksheet.charts` and what the writer calls on a chart, its
 * series, points, axes, title, legend and data labels, as the Excel JavaScript API reference
 * describes them (each member's requirement set is the "[API set: ExcelApi 1.x]" of its
 * reference page; the sentences quoted are the reference's). Every call is mirrored on the
 * real Office.js object (`shadow`), so a chart's request is measured as Office.js builds it.
 *
 * Kept in a file of its own, beside fake-excel.ts: the proxies here do their own load and
 * queue bookkeeping on the fake's request context, and charts live beside each sheet of the
 * model ({@link chartsOf}) rather than in it.
 */
import type { FakeContext, RangeProxy } from "./fake-excel";
import { type Rect, type Sheet, fail } from "./model";

/**
 * The ExcelApi set of each chart member the fake models (newer than 1.1 where it matters),
 * from the member's reference page.
 */
export const CHART_API_SETS = {
  "ChartCollection.add": "1.1",
  "ChartCollection.getItem": "1.1",
  "ChartCollection.getItemOrNullObject": "1.4",
  "Chart.setPosition": "1.1",
  "Chart.delete": "1.1",
  "Chart.dataLabels": "1.1",
  "ChartDataLabels.numberFormat": "1.8",
  "ChartSeriesCollection.add": "1.7",
  "ChartSeries.setValues": "1.7",
  "ChartSeries.setXAxisValues": "1.7",
  "ChartSeries.chartType": "1.7",
  "ChartSeries.markerStyle": "1.7",
  "ChartSeries.doughnutHoleSize": "1.7",
  "ChartSeries.delete": "1.7",
  "ChartLineFormat.lineStyle": "1.7",
  "ChartLineFormat.weight": "1.7",
  "ChartAxis.numberFormat": "1.8",
  "ChartAxis.reversePlotOrder": "1.7",
  "ChartAxis.position": "1.8",
  "ChartAxis.minimum": "1.1",
} as const;
export type ChartMember = keyof typeof CHART_API_SETS;

/**
 * Excel.ChartType: "Represents the type of a chart" — the values ChartCollection.add takes
 * (its `type` parameter: "Represents the type of a chart. See Excel.ChartType for details.").
 */
export const CHART_TYPES = new Set([
  "ColumnClustered", "ColumnStacked", "ColumnStacked100", "3DColumnClustered", "3DColumnStacked", "3DColumnStacked100", "BarClustered", "BarStacked", "BarStacked100",
  "3DBarClustered", "3DBarStacked", "3DBarStacked100", "LineStacked", "LineStacked100", "LineMarkers", "LineMarkersStacked", "LineMarkersStacked100", "PieOfPie", "PieExploded",
  "3DPieExploded", "BarOfPie", "XYScatterSmooth", "XYScatterSmoothNoMarkers", "XYScatterLines", "XYScatterLinesNoMarkers", "AreaStacked", "AreaStacked100", "3DAreaStacked",
  "3DAreaStacked100", "DoughnutExploded", "RadarMarkers", "RadarFilled", "Surface", "SurfaceWireframe", "SurfaceTopView", "SurfaceTopViewWireframe", "Bubble", "Bubble3DEffect",
  "StockHLC", "StockOHLC", "StockVHLC", "StockVOHLC", "CylinderColClustered", "CylinderColStacked", "CylinderColStacked100", "CylinderBarClustered", "CylinderBarStacked",
  "CylinderBarStacked100", "CylinderCol", "ConeColClustered", "ConeColStacked", "ConeColStacked100", "ConeBarClustered", "ConeBarStacked", "ConeBarStacked100", "ConeCol",
  "PyramidColClustered", "PyramidColStacked", "PyramidColStacked100", "PyramidBarClustered", "PyramidBarStacked", "PyramidBarStacked100", "PyramidCol", "3DColumn", "Line",
  "3DLine", "3DPie", "Pie", "XYScatter", "3DArea", "Area", "Doughnut", "Radar", "Histogram", "Boxwhisker", "Pareto", "RegionMap", "Treemap", "Waterfall", "Sunburst", "Funnel",
]);
/** Excel.ChartSeriesBy: "Auto", "Columns", "Rows". */
const SERIES_BY = new Set(["Auto", "Columns", "Rows"]);
/** Excel.ChartLegendPosition. */
const LEGEND_POSITIONS = new Set(["Invalid", "Top", "Bottom", "Left", "Right", "Corner", "Custom"]);
/** Excel.ChartLineStyle. */
const LINE_STYLES = new Set(["None", "Continuous", "Dash", "DashDot", "DashDotDot", "Dot", "Grey25", "Grey50", "Grey75", "Automatic", "RoundDot"]);
/** Excel.ChartMarkerStyle. */
const MARKER_STYLES = new Set(["Invalid", "Automatic", "None", "Square", "Diamond", "Triangle", "X", "Star", "Dot", "Dash", "Circle", "Plus", "Picture"]);
/** Excel.ChartAxisPosition. */
const AXIS_POSITIONS = new Set(["Automatic", "Maximum", "Minimum", "Custom"]);

/** A range a chart reads: its sheet's name and rectangle. */
export interface ChartRange {
  sheet: string;
  rect: Rect;
}

/** One series as the fake keeps it. */
export interface SeriesModel {
  name: string;
  values?: ChartRange;
  xValues?: ChartRange;
  chartType?: string;
  fill?: string;
  line?: { color?: string; style?: string; weight?: number };
  markerStyle?: string;
  doughnutHoleSize?: number;
  pointFills: Map<number, string>;
}

/** One axis as the fake keeps it. */
export interface AxisModel {
  title?: string;
  numberFormat?: string;
  reversePlotOrder?: boolean;
  position?: string;
  minimum?: number;
}

/** One chart as the fake keeps it. */
export interface ChartModel {
  name: string;
  type: string;
  series: SeriesModel[];
  title: { text?: string; visible: boolean };
  legend: { visible: boolean; position?: string };
  axes: { category: AxisModel; value: AxisModel };
  dataLabels: { showValue?: boolean; numberFormat?: string };
  /** setPosition's cells, and the size in points. */
  position?: { start: string; end?: string };
  width?: number;
  height?: number;
}

const charts = new WeakMap<Sheet, ChartModel[]>();

/** The charts of a sheet of the fake's workbook (tests read them here). */
export function chartsOf(sheet: Sheet): ChartModel[] {
  let list = charts.get(sheet);
  if (!list) charts.set(sheet, (list = []));
  return list;
}

/** An HTML colour as ChartFill.setSolidColor takes it: "in the form #RRGGBB (e.g., "FFA500") or as a named HTML color (e.g., "orange")". */
function checkColor(color: unknown): string {
  if (typeof color !== "string" || !/^(#?[0-9a-fA-F]{6}|[A-Za-z]+)$/.test(color)) return fail("InvalidArgument", `'${String(color)}' is not an HTML colour.`);
  return color;
}

function oneOf(set: Set<string>, v: unknown, what: string): string {
  if (typeof v !== "string" || !set.has(v)) return fail("InvalidArgument", `'${String(v)}' is not a ${what}.`);
  return v;
}

/**
 * A protected sheet refuses changes to its charts unless objects may be edited. "Protect a
 * worksheet" (Microsoft Support), Edit objects: "Making changes to graphic objects, including
 * maps, embedded charts, shapes, text boxes, and controls that you did not unlock before
 * protecting the worksheet" (WorksheetProtectionOptions.allowEditObjects: "Represents the
 * worksheet protection option allowing editing of objects").
 */
function guardObjects(sheet: Sheet): void {
  if (sheet.protected && sheet.protectOptions?.allowEditObjects !== true) fail("AccessDenied", "The sheet is protected: its charts cannot change.");
}

/** Shared bookkeeping of the chart proxies: the context, the model getter, the mirrored object. */
abstract class ChartPart<M, S> {
  constructor(
    protected readonly context: FakeContext,
    protected readonly resolve: () => M | null,
    readonly shadow: S,
  ) {}
  must(): M {
    const m = this.resolve();
    return m === null ? fail("ItemNotFound", "The requested resource doesn't exist.") : m;
  }
  protected needs(member: ChartMember): void {
    needsChart(this.context, member);
  }
  protected queue(f: (m: M) => void): void {
    this.context.push(() => f(this.must()));
  }
}

/** Fails as a host without the member's requirement set does (ApiNotFound), like `FakeExcel.requireApi`. */
function needsChart(context: FakeContext, member: ChartMember): void {
  const need = CHART_API_SETS[member];
  const have = context.fake.apiVersion.split(".").map(Number);
  const want = need.split(".").map(Number);
  const ok = have[0] > want[0] || (have[0] === want[0] && have[1] >= want[1]);
  if (!ok)
    fail("ApiNotFound", `The API you are trying to use could not be found. It may be available in a newer version of the Office application. (${member} needs ExcelApi ${need}; this host has ${context.fake.apiVersion}.)`);
}

/** `worksheet.charts` (ChartCollection, ExcelApi 1.1: "A collection of all the chart objects on a worksheet."). */
export class ChartCollectionProxy extends ChartPart<Sheet, Excel.ChartCollection> {
  private list?: ChartProxy[];
  private loadedNames = false;

  /**
   * ChartCollection.add(type, sourceData, seriesBy) — "Creates a new chart." One series per
   * column of the source data ("Columns"), or per row ("Rows"; "Auto": along the longer side),
   * named Series1, Series2, …, as a chart made from a range without headers is.
   */
  add(type: string, sourceData: RangeProxy, seriesBy: string = "Auto"): ChartProxy {
    const shadow = this.shadow.add(type as Excel.ChartType, sourceData.shadow, seriesBy as Excel.ChartSeriesBy);
    let created: ChartModel | undefined;
    this.queue((sheet) => {
      this.needs("ChartCollection.add");
      oneOf(CHART_TYPES, type, "chart type (Excel.ChartType)");
      oneOf(SERIES_BY, seriesBy, "series orientation (Excel.ChartSeriesBy)");
      guardObjects(sheet);
      const { sheet: source, rect } = sourceData.must();
      const byColumns = seriesBy === "Columns" || (seriesBy === "Auto" && rect.r1 - rect.r0 >= rect.c1 - rect.c0);
      const series: SeriesModel[] = [];
      const count = byColumns ? rect.c1 - rect.c0 + 1 : rect.r1 - rect.r0 + 1;
      for (let i = 0; i < count; i++) {
        const r = byColumns ? { ...rect, c0: rect.c0 + i, c1: rect.c0 + i } : { ...rect, r0: rect.r0 + i, r1: rect.r0 + i };
        series.push({ name: `Series${i + 1}`, values: { sheet: source.name, rect: r }, pointFills: new Map() });
      }
      const list = chartsOf(sheet);
      created = { name: `Chart ${list.length + 1}`, type, series, title: { visible: true }, legend: { visible: true }, axes: { category: {}, value: {} }, dataLabels: {} };
      list.push(created);
      this.context.fake.actionLog.push(`chart ${sheet.name}`);
    });
    return new ChartProxy(this.context, () => created ?? null, shadow, () => this.resolve());
  }

  /** ChartCollection.getItem(name) — "Gets a chart using its name. If there are multiple charts with the same name, the first one will be returned." */
  getItem(name: string): ChartProxy {
    return new ChartProxy(
      this.context,
      () => chartsOf(this.must()).find((c) => c.name === name) ?? fail("ItemNotFound", `No chart named '${name}'.`),
      this.shadow.getItem(name),
      () => this.resolve(),
    );
  }

  /** ChartCollection.getItemOrNullObject(name) (ExcelApi 1.4): "If the chart doesn't exist, then this method returns an object with its isNullObject property set to true." */
  getItemOrNullObject(name: string): ChartProxy {
    return new ChartProxy(
      this.context,
      () => {
        this.needs("ChartCollection.getItemOrNullObject");
        return chartsOf(this.must()).find((c) => c.name === name) ?? null;
      },
      this.shadow.getItemOrNullObject(name),
      () => this.resolve(),
    );
  }

  /** Loads the charts' names (`items/name`). */
  load(props?: string): this {
    this.shadow.load(props ?? "items/name");
    this.context.push(() => {
      const sheet = this.must();
      const list = chartsOf(sheet);
      this.list = list.map((c) => new ChartProxy(this.context, () => (list.includes(c) ? c : null), this.shadow.getItem(c.name), () => sheet).markName(c.name));
      this.loadedNames = true;
      this.context.fake.addResponse(JSON.stringify(list.map((c) => c.name)).length);
    });
    return this;
  }
  get items(): ChartProxy[] {
    if (!this.loadedNames || !this.list) return fail("PropertyNotLoaded", "The property 'items' is not available. Before reading the property's value, call the load method on the containing object and call \"context.sync()\" on the associated request context.");
    return this.list;
  }
}

/** A chart (Excel.Chart, ExcelApi 1.1: "Represents a chart object in a workbook."). */
export class ChartProxy extends ChartPart<ChartModel, Excel.Chart> {
  private loadedName?: string;
  private nullState?: boolean;
  constructor(
    context: FakeContext,
    resolve: () => ChartModel | null,
    shadow: Excel.Chart,
    private readonly sheet: () => Sheet | null,
  ) {
    super(context, resolve, shadow);
  }
  markName(name: string): this {
    this.loadedName = name;
    this.nullState = false;
    return this;
  }
  load(props?: string): this {
    this.shadow.load(props ?? "name");
    this.context.push(() => {
      const m = this.resolve();
      this.nullState = m === null;
      if (m) this.loadedName = m.name;
    });
    return this;
  }
  get isNullObject(): boolean {
    if (this.nullState === undefined) return fail("PropertyNotLoaded", "The property 'isNullObject' is not available. Before reading the property's value, call the load method on the containing object and call \"context.sync()\" on the associated request context.");
    return this.nullState;
  }
  get name(): string {
    if (this.loadedName === undefined) return fail("PropertyNotLoaded", "The property 'name' is not available.");
    return this.loadedName;
  }
  /** Chart.name — "Specifies the name of a chart object." */
  set name(v: string) {
    this.shadow.name = v;
    this.edit((c) => {
      if (typeof v !== "string" || v === "") fail("InvalidArgument", "A chart's name is a text.");
      c.name = v;
    });
  }
  /** Chart.width / height — "Specifies the width (height), in points, of the chart object." */
  set width(v: number) {
    this.shadow.width = v;
    this.edit((c) => (c.width = positive(v)));
  }
  set height(v: number) {
    this.shadow.height = v;
    this.edit((c) => (c.height = positive(v)));
  }
  /** Chart.setPosition(startCell, endCell?) — "Positions the chart relative to cells on the worksheet." */
  setPosition(startCell: string, endCell?: string): void {
    this.shadow.setPosition(startCell, endCell);
    this.edit((c) => {
      this.needs("Chart.setPosition");
      for (const cell of [startCell, ...(endCell === undefined ? [] : [endCell])])
        if (!/^\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?$/i.test(cell)) fail("InvalidArgument", `'${cell}' is not a cell.`);
      c.position = { start: startCell, ...(endCell !== undefined && { end: endCell }) };
    });
  }
  /** Chart.delete — "Deletes the chart object." */
  delete(): void {
    this.shadow.delete();
    this.context.push(() => {
      this.needs("Chart.delete");
      const c = this.must();
      const sheet = this.sheet() ?? fail("ItemNotFound", "The chart's sheet is gone.");
      guardObjects(sheet);
      const list = chartsOf(sheet);
      list.splice(list.indexOf(c), 1);
      this.context.fake.actionLog.push(`delete chart ${sheet.name}`);
    });
  }
  get title(): { text: string; visible: boolean } {
    const shadow = this.shadow.title;
    const edit = (f: (c: ChartModel) => void) => this.edit(f);
    return {
      set text(v: string) {
        shadow.text = v;
        edit((c) => (c.title.text = String(v)));
      },
      set visible(v: boolean) {
        shadow.visible = v;
        edit((c) => (c.title.visible = v));
      },
    } as { text: string; visible: boolean };
  }
  get legend(): { visible: boolean; position: string } {
    const shadow = this.shadow.legend;
    const edit = (f: (c: ChartModel) => void) => this.edit(f);
    return {
      set visible(v: boolean) {
        shadow.visible = v;
        edit((c) => (c.legend.visible = v));
      },
      set position(v: string) {
        shadow.position = v as Excel.ChartLegendPosition;
        edit((c) => (c.legend.position = oneOf(LEGEND_POSITIONS, v, "legend position")));
      },
    } as { visible: boolean; position: string };
  }
  /** Chart.dataLabels (1.1): showValue (1.1), numberFormat (ChartDataLabels.numberFormat, 1.8). */
  get dataLabels(): { showValue: boolean; numberFormat: string } {
    const shadow = this.shadow.dataLabels;
    const edit = (f: (c: ChartModel) => void) => this.edit(f);
    const needs = (m: ChartMember) => this.needs(m);
    return {
      set showValue(v: boolean) {
        shadow.showValue = v;
        edit((c) => (c.dataLabels.showValue = v));
      },
      set numberFormat(v: string) {
        shadow.numberFormat = v;
        edit((c) => {
          needs("ChartDataLabels.numberFormat");
          c.dataLabels.numberFormat = v;
        });
      },
    } as { showValue: boolean; numberFormat: string };
  }
  get axes(): { categoryAxis: ChartAxisProxy; valueAxis: ChartAxisProxy } {
    const shadow = this.shadow.axes;
    return {
      categoryAxis: new ChartAxisProxy(this.context, () => this.resolve()?.axes.category ?? null, shadow.categoryAxis, this.sheet),
      valueAxis: new ChartAxisProxy(this.context, () => this.resolve()?.axes.value ?? null, shadow.valueAxis, this.sheet),
    };
  }
  get series(): ChartSeriesCollectionProxy {
    return new ChartSeriesCollectionProxy(this.context, () => this.resolve(), this.shadow.series, this.sheet);
  }
  private edit(f: (c: ChartModel) => void): void {
    this.queue((c) => {
      const sheet = this.sheet();
      if (sheet) guardObjects(sheet);
      f(c);
    });
  }
}

const positive = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : fail("InvalidArgument", `'${String(v)}' is not a size in points.`));

/** A chart axis (Excel.ChartAxis): title (1.1), numberFormat (1.8), reversePlotOrder (1.7), position (1.8), minimum (1.1). */
export class ChartAxisProxy extends ChartPart<AxisModel, Excel.ChartAxis> {
  constructor(
    context: FakeContext,
    resolve: () => AxisModel | null,
    shadow: Excel.ChartAxis,
    private readonly sheet: () => Sheet | null,
  ) {
    super(context, resolve, shadow);
  }
  private edit(f: (a: AxisModel) => void): void {
    this.queue((a) => {
      const s = this.sheet();
      if (s) guardObjects(s);
      f(a);
    });
  }
  get title(): { text: string } {
    const shadow = this.shadow.title;
    const edit = (f: (a: AxisModel) => void) => this.edit(f);
    return {
      set text(v: string) {
        shadow.text = v;
        edit((a) => (a.title = String(v)));
      },
    } as { text: string };
  }
  /** ChartAxis.numberFormat — "Specifies the format code for the axis tick label." */
  set numberFormat(v: string) {
    this.shadow.numberFormat = v;
    this.edit((a) => {
      this.needs("ChartAxis.numberFormat");
      a.numberFormat = v;
    });
  }
  /** ChartAxis.reversePlotOrder — "Specifies if Excel plots data points from last to first." */
  set reversePlotOrder(v: boolean) {
    this.shadow.reversePlotOrder = v;
    this.edit((a) => {
      this.needs("ChartAxis.reversePlotOrder");
      a.reversePlotOrder = v;
    });
  }
  /** ChartAxis.position — "Specifies the specified axis position where the other axis crosses." */
  set position(v: string) {
    this.shadow.position = v as Excel.ChartAxisPosition;
    this.edit((a) => {
      this.needs("ChartAxis.position");
      a.position = oneOf(AXIS_POSITIONS, v, "axis position (Excel.ChartAxisPosition)");
    });
  }
  /** ChartAxis.minimum — "Specifies the minimum value on the value axis." */
  set minimum(v: number) {
    this.shadow.minimum = v;
    this.edit((a) => {
      this.needs("ChartAxis.minimum");
      if (typeof v !== "number") fail("InvalidArgument", "The minimum is a number.");
      a.minimum = v;
    });
  }
}

/** A chart's series (ChartSeriesCollection, ExcelApi 1.1). */
export class ChartSeriesCollectionProxy extends ChartPart<ChartModel, Excel.ChartSeriesCollection> {
  constructor(
    context: FakeContext,
    resolve: () => ChartModel | null,
    shadow: Excel.ChartSeriesCollection,
    private readonly sheet: () => Sheet | null,
  ) {
    super(context, resolve, shadow);
  }
  /** ChartSeriesCollection.getItemAt(index) — "Retrieves a series based on its position in the collection." (Past the end: ItemNotFound, the fake's choice.) */
  getItemAt(index: number): ChartSeriesProxy {
    return new ChartSeriesProxy(
      this.context,
      () => this.must().series[index] ?? fail("ItemNotFound", `The chart has no series ${index}.`),
      this.shadow.getItemAt(index),
      this,
    );
  }
  /**
   * ChartSeriesCollection.add(name, index) (ExcelApi 1.7) — "Add a new series to the
   * collection. The new added series is not visible until values, x-axis values, or bubble
   * sizes for it are set (depending on chart type)."
   */
  add(name?: string, index?: number): ChartSeriesProxy {
    const shadow = this.shadow.add(name, index);
    let created: SeriesModel | undefined;
    this.queue((c) => {
      needsChart(this.context, "ChartSeriesCollection.add");
      guard(this.sheet());
      created = { name: name ?? `Series${c.series.length + 1}`, pointFills: new Map() };
      checkSeriesName(created.name);
      if (index === undefined) c.series.push(created);
      else c.series.splice(index, 0, created);
    });
    return new ChartSeriesProxy(this.context, () => created ?? null, shadow, this);
  }
  chartOf(): ChartModel {
    return this.must();
  }
  sheetOf(): Sheet | null {
    return this.sheet();
  }
}

const guard = (sheet: Sheet | null): void => {
  if (sheet) guardObjects(sheet);
};

/** ChartSeries.name — "The name's length should not be greater than 255 characters." */
function checkSeriesName(name: unknown): void {
  if (typeof name !== "string") fail("InvalidArgument", "A series' name is a text.");
  else if (name.length > 255) fail("InvalidArgument", `A series' name has ${name.length} characters; at most 255.`);
}

/** One series (Excel.ChartSeries). */
export class ChartSeriesProxy extends ChartPart<SeriesModel, Excel.ChartSeries> {
  constructor(
    context: FakeContext,
    resolve: () => SeriesModel | null,
    shadow: Excel.ChartSeries,
    private readonly collection: ChartSeriesCollectionProxy,
  ) {
    super(context, resolve, shadow);
  }
  private edit(f: (s: SeriesModel) => void, member?: ChartMember): void {
    this.queue((s) => {
      if (member) this.needs(member);
      guard(this.collection.sheetOf());
      f(s);
    });
  }
  set name(v: string) {
    this.shadow.name = v;
    this.edit((s) => {
      checkSeriesName(v);
      s.name = v;
    });
  }
  /** ChartSeries.setValues(sourceData) — "Sets the values for a chart series. For scatter charts, it refers to y-axis values." */
  setValues(sourceData: RangeProxy): void {
    this.shadow.setValues(sourceData.shadow);
    this.edit((s) => (s.values = rangeOf(sourceData)), "ChartSeries.setValues");
  }
  /** ChartSeries.setXAxisValues(sourceData) — "Sets the values of the x-axis for a chart series." */
  setXAxisValues(sourceData: RangeProxy): void {
    this.shadow.setXAxisValues(sourceData.shadow);
    this.edit((s) => (s.xValues = rangeOf(sourceData)), "ChartSeries.setXAxisValues");
  }
  /** ChartSeries.chartType — "Represents the chart type of a series. See Excel.ChartType for details." */
  set chartType(v: string) {
    this.shadow.chartType = v as Excel.ChartType;
    this.edit((s) => (s.chartType = oneOf(CHART_TYPES, v, "chart type (Excel.ChartType)")), "ChartSeries.chartType");
  }
  /** ChartSeries.markerStyle — "Specifies the marker style of a chart series. See Excel.ChartMarkerStyle for details." */
  set markerStyle(v: string) {
    this.shadow.markerStyle = v as Excel.ChartMarkerStyle;
    this.edit((s) => (s.markerStyle = oneOf(MARKER_STYLES, v, "marker style (Excel.ChartMarkerStyle)")), "ChartSeries.markerStyle");
  }
  /** ChartSeries.doughnutHoleSize — "Represents the doughnut hole size of a chart series. Only valid on doughnut and doughnut exploded charts." (Elsewhere: InvalidArgument, the fake's choice.) */
  set doughnutHoleSize(v: number) {
    this.shadow.doughnutHoleSize = v;
    this.edit((s) => {
      const type = s.chartType ?? this.collection.chartOf().type;
      if (type !== "Doughnut" && type !== "DoughnutExploded") fail("InvalidArgument", "A doughnut hole size is only valid on doughnut charts.");
      s.doughnutHoleSize = v;
    }, "ChartSeries.doughnutHoleSize");
  }
  get format(): { fill: { setSolidColor(color: string): void }; line: { color: string; lineStyle: string; weight: number } } {
    const shadow = this.shadow.format;
    const edit = (f: (s: SeriesModel) => void, m?: ChartMember) => this.edit(f, m);
    return {
      fill: {
        setSolidColor(color: string) {
          shadow.fill.setSolidColor(color);
          edit((s) => (s.fill = checkColor(color)));
        },
      },
      line: {
        set color(v: string) {
          shadow.line.color = v;
          edit((s) => (s.line = { ...s.line, color: checkColor(v) }));
        },
        set lineStyle(v: string) {
          shadow.line.lineStyle = v as Excel.ChartLineStyle;
          edit((s) => (s.line = { ...s.line, style: oneOf(LINE_STYLES, v, "line style (Excel.ChartLineStyle)") }), "ChartLineFormat.lineStyle");
        },
        set weight(v: number) {
          shadow.line.weight = v;
          edit((s) => (s.line = { ...s.line, weight: positive(v) }), "ChartLineFormat.weight");
        },
      } as { color: string; lineStyle: string; weight: number },
    };
  }
  /** ChartSeries.points (1.1) — "Returns a collection of all points in the series."; getItemAt(index) — "Retrieve a point based on its position within the series." */
  get points(): { getItemAt(index: number): { format: { fill: { setSolidColor(color: string): void } } } } {
    const shadow = this.shadow.points;
    const edit = (f: (s: SeriesModel) => void) => this.edit(f);
    return {
      getItemAt: (index: number) => {
        const point = shadow.getItemAt(index);
        return {
          format: {
            fill: {
              setSolidColor(color: string) {
                point.format.fill.setSolidColor(color);
                edit((s) => {
                  const n = s.values ? (s.values.rect.r1 - s.values.rect.r0 + 1) * (s.values.rect.c1 - s.values.rect.c0 + 1) : 0;
                  if (!Number.isInteger(index) || index < 0 || index >= n) fail("ItemNotFound", `The series has no point ${index}.`);
                  s.pointFills.set(index, checkColor(color));
                });
              },
            },
          },
        };
      },
    };
  }
}

function rangeOf(r: RangeProxy): ChartRange {
  const { sheet, rect } = r.must();
  return { sheet: sheet.name, rect };
}
