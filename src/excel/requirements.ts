/**
 * What the Office.js writer needs of Excel, by ExcelApi requirement set, worked out from the
 * Excel JavaScript API reference ("[API set: ExcelApi 1.x]" on each member it calls):
 *
 * | the writer uses | for | set |
 * |---|---|---|
 * | `names.add`, `*OrNullObject`, `NamedItem.delete`, `Range.getUsedRangeOrNullObject` | defined names, looking before writing, undoing | 1.4 |
 * | `Range.conditionalFormats` (`add`, `custom`, `priority`, `stopIfTrue`, `clearAll`) | the traffic lights | 1.6 |
 * | `Worksheet.freezePanes` (`freezeRows`, `freezeAt`, `getLocationOrNullObject`) | frozen headers | 1.7 |
 * | `Range.dataValidation` (`rule`, `errorAlert`, `clear`) | input rules | 1.8 |
 * | `Worksheet.pageLayout` (orientation, zoom, print area and titles) | print setup | 1.9 (skipped without it) |
 * | `Workbook.protection` | seeing that the workbook's structure is protected | 1.7 (not checked without it) |
 * | `Application.suspendApiCalculationUntilNextSync` | no recalculation while writing | 1.6 (used when there) |
 * | `Excel.run({ mergeUndoGroup })` | one undo step | 1.20 (used when there) |
 * | `Range.group`, `hideGroupDetails`, `ungroup` (`Excel.GroupOption`) | column groups (the rounding work collapsed) | 1.10 (without it: the collapsed columns hidden, `Range.columnHidden`, 1.2) |
 * | `RangeFormat.rowHeight` | the height of a wrapped note | 1.2 |
 * | `worksheet.charts.add`, `Chart.setPosition`, `width`, `height`, `title`, `legend`, `dataLabels.showValue`, `ChartSeries.name`, `format.fill.setSolidColor`, `format.line.color`, `points`, `ChartAxis.title`, `minimum`, `Chart.delete` | the dashboard's charts | 1.1 |
 * | `ChartCollection.getItemOrNullObject` | undoing a chart in an existing sheet | 1.4 |
 * | `ChartSeriesCollection.add`, `ChartSeries.setValues`, `setXAxisValues`, `chartType`, `markerStyle`, `ChartLineFormat.lineStyle`, `ChartAxis.reversePlotOrder` | a chart's series, a combination of columns and lines, dashed lines, bars top down | 1.7 |
 * | `ChartAxis.numberFormat`, `ChartAxis.position`, `ChartDataLabels.numberFormat` | percentages on the axis and the labels, the value axis at the bottom of a bar chart | 1.8 |
 * | everything else (`Range.formulas`, formats, tables, `Worksheet.protection`, `Functions.date`, `merge`, `columnWidth`) | | 1.1 – 1.2 |
 *
 * A spec needs 1.4, plus 1.6 with conditional formats, 1.7 with frozen panes and 1.8 with
 * validations or charts. The writer asks the host (`Office.context.requirements.isSetSupported`) before
 * it calls Excel at all, and refuses with a message that names what is missing. Column groups
 * are optional ({@link degradedFeatures}): a host without 1.10 gets the same columns hidden,
 * without the outline button that shows them again (a user unhides them by hand).
 */
import type { WorkbookSpec } from "../sheets/spec";

/** A part of what a spec asks for that needs a requirement set newer than 1.1. */
export interface Requirement {
  /** The ExcelApi version it needs. */
  version: string;
  /** What it is, in the user's words. */
  feature: "names" | "conditionalFormats" | "freezePanes" | "dataValidation" | "charts";
}

/**
 * The requirement sets a spec needs, the newest first.
 * @example requirementsOf({ sheets: [{ name: "S", kind: "notes", rows: [], validations: [{ range: "A1", min: 0 }] }], names: [] })
 *   // [{ version: "1.8", feature: "dataValidation" }, { version: "1.4", feature: "names" }]
 */
export function requirementsOf(spec: WorkbookSpec): Requirement[] {
  const out: Requirement[] = [];
  const any = (f: (s: WorkbookSpec["sheets"][number]) => boolean): boolean => spec.sheets.some(f);
  if (any((s) => (s.validations ?? []).length > 0)) out.push({ version: "1.8", feature: "dataValidation" });
  if (any((s) => (s.charts ?? []).length > 0)) out.push({ version: "1.8", feature: "charts" });
  if (any((s) => s.freeze !== undefined && (s.freeze.rows > 0 || s.freeze.columns > 0))) out.push({ version: "1.7", feature: "freezePanes" });
  if (any((s) => (s.conditionalFormats ?? []).length > 0)) out.push({ version: "1.6", feature: "conditionalFormats" });
  out.push({ version: "1.4", feature: "names" });
  return out;
}

/**
 * The requirements the host lacks (an empty list when it can write the spec).
 * @example missingRequirements(spec, (set, v) => set === "ExcelApi" && Number(v.split(".")[1]) <= 5) // [{ version: "1.8", … }, { version: "1.7", … }, { version: "1.6", … }]
 */
export function missingRequirements(spec: WorkbookSpec, supports: (set: string, version: string) => boolean): Requirement[] {
  return requirementsOf(spec).filter((r) => !supports("ExcelApi", r.version));
}

/** A part of a spec that a host without its requirement set writes in a plainer way. */
export interface OptionalRequirement {
  /** The ExcelApi version that writes it fully. */
  version: string;
  feature: "columnGroups";
  /** What the writer does without it. */
  without: "hiddenColumns";
}

/**
 * The parts of a spec written fully only from a newer requirement set (the writer falls back
 * without them instead of refusing).
 * @example optionalRequirementsOf({ sheets: [{ name: "S", kind: "split", rows: [], columnGroups: [{ columns: "J:AG", collapsed: true }] }], names: [] })
 *   // [{ version: "1.10", feature: "columnGroups", without: "hiddenColumns" }]
 */
export function optionalRequirementsOf(spec: WorkbookSpec): OptionalRequirement[] {
  const grouped = spec.sheets.some((s) => (s.columnGroups ?? []).length > 0);
  return grouped ? [{ version: "1.10", feature: "columnGroups", without: "hiddenColumns" }] : [];
}

/**
 * What this host will write in a plainer way (an empty list when it writes the spec fully):
 * for the pane to say, e.g., "the rounding work is hidden; this Excel cannot group it".
 * @example degradedFeatures(spec, (set, v) => v !== "1.10") // [{ version: "1.10", feature: "columnGroups", without: "hiddenColumns" }]
 */
export function degradedFeatures(spec: WorkbookSpec, supports: (set: string, version: string) => boolean): OptionalRequirement[] {
  return optionalRequirementsOf(spec).filter((r) => !supports("ExcelApi", r.version));
}

/**
 * Whether the host groups columns for an outline (`Range.group`, ExcelApi 1.10).
 * @example canGroup((set, v) => set === "ExcelApi" && v === "1.10") // true
 */
export function canGroup(supports: (set: string, version: string) => boolean): boolean {
  return supports("ExcelApi", "1.10");
}
