/**
 * SheetSpec: a generated workbook as plain data. `src/sheets` builds it from a plan;
 * `src/xlsx` (ExcelJS) and `src/excel` (Office.js) write it. Nothing here touches a
 * workbook, so a builder is tested by looking at data, and both writers are tested by
 * writing the same spec and comparing cells.
 *
 * Conventions every builder and writer keeps:
 * - Addresses are A1-style, relative to the sheet (not to `origin`): "B2", "B2:M13".
 * - Formulas are native Excel formulas in the invariant (en-US) syntax, *without* the
 *   leading "=" and *without* `_xlfn.` prefixes (the .xlsx writer adds those for functions
 *   newer than Excel 2010; Office.js takes them bare). Argument separator ",", decimal ".".
 * - A text value is always text: a writer never lets a string become a formula, even one
 *   starting with "=", "+", "-" or "@".
 * - Colours are "#RRGGBB".
 *
 * @example
 * const sheet: SheetSpec = {
 *   name: "Quarterly split",
 *   kind: "split",
 *   origin: "A1",
 *   rows: [
 *     [{ v: "Rep" }, { v: "Annual" }, { v: "Q1" }],
 *     [{ v: "Zhang" }, { v: 1200000, input: true }, { f: "ROUND(B2*0.25,0)" }],
 *   ],
 *   formats: [{ range: "B2:C2", numFmt: "#,##0" }],
 * };
 */

/** A constant in a cell. Strings are text, never formulas. */
export type CellValue = string | number | boolean | null;

/** One cell: a constant (`v`) or a native formula (`f`); `null` in a row is an empty cell. */
export type CellSpec =
  | {
      /** The constant. */
      v: CellValue;
      /** An input the user is expected to type over (left unlocked when the sheet is protected). */
      input?: boolean;
    }
  | {
      /** Native formula, invariant syntax, no leading "=", no `_xlfn.` (e.g. `SUM(C2:F2)`). */
      f: string;
      /**
       * The same cell as a live `TARGET.*` formula (no leading "="), offered only when
       * writing into a live workbook with the "live functions" option. Files always carry `f`.
       */
      live?: string;
      /**
       * The value the engine computes for this cell (what `f` must evaluate to), when the
       * builder knows it: tests compare LibreOffice's result with it; the .xlsx writer may
       * store it as the cached result.
       */
      expect?: CellValue;
    };

/** A format applied to a whole rectangle; later entries win where they overlap. */
export interface FormatSpec {
  /** "B2:M13" or "B2". */
  range: string;
  /** Excel number format code, e.g. `#,##0`, `0.0%`, `#,##0,,"百万"`. */
  numFmt?: string;
  bold?: boolean;
  italic?: boolean;
  /** Font colour. */
  color?: string;
  /** Background fill. */
  fill?: string;
  horizontal?: "left" | "center" | "right";
  wrap?: boolean;
  /** Thin border around every cell of the range. */
  border?: boolean;
  /** false: an input cell, left unlocked when the sheet is protected. Default: locked. */
  locked?: boolean;
}

/**
 * A conditional format as an expression rule: `formula` is written for the top-left cell
 * of `range` (relative references move with each cell, as in Excel), without "=".
 * Rules of one sheet are applied in order; the first that matches wins (stopIfTrue).
 * @example { range: "N2:N9", formula: 'AND(N2<>"",N2>=1)', fill: "#C6EFCE", color: "#006100" }
 */
export interface ConditionalFormatSpec {
  range: string;
  formula: string;
  fill?: string;
  color?: string;
  bold?: boolean;
}

/** An Excel table over rows of data; the header is the range's first row. */
export interface TableSpec {
  /** Workbook-unique table name (letters, digits, underscore). */
  name: string;
  range: string;
  /** e.g. "TableStyleLight9". */
  style?: string;
  /** A totals row is not used: totals are ordinary formula rows below the table. */
}

/**
 * A data validation on input cells: a list to pick from (e.g. direction "higher"/"lower", a
 * grade, a role) or decimal bounds.
 */
export interface ValidationSpec {
  range: string;
  /**
   * The choices written into the validation itself. Excel stores such a list as one string
   * constant: the Dv record's `fStrLookup` is "= 1 if this is list-type validation with an
   * explicitly expressed list of valid inputs" (Excel 97 file format, DV record), and a string
   * constant is a PtgStr whose text is a ShortXLUnicodeString with a one-byte count ([MS-XLS]
   * 2.5.198.95 PtgStr; 2.5.240 ShortXLUnicodeString, "cch (1 byte): An unsigned integer that
   * specifies the count of characters in the string"): at most 255 characters with the commas,
   * and no item may hold a comma. The writers refuse a longer list: use `source`.
   */
  list?: string[];
  /**
   * The choices read from cells of the same sheet (absolute, one row or one column:
   * `"$V$5:$V$9"`): the drop-down offers those cells' values, with no 255-character limit and
   * commas allowed, and it follows the cells when they are edited. VBA's Validation.Add takes
   * such a source as "=$A$1:$A$10" ("The range A1:A10 contains the acceptable values for the
   * cell", Validation.InCellDropdown property, Microsoft Learn).
   */
  source?: string;
  /** Decimal bounds for number inputs. */
  min?: number;
  max?: number;
  /** Shown when the input is refused. */
  message?: string;
}

/**
 * A workbook-scoped defined name. Check cells have names beginning with `Check_`: TRUE while
 * the sheet adds up.
 */
export interface NameSpec {
  /** e.g. "Check_Split_Rows". */
  name: string;
  /** Sheet name the cell is on. */
  sheet: string;
  /** Cell or range on that sheet, e.g. "H14". */
  ref: string;
  /** What it checks, for the pane's "check workbook" list. */
  comment?: string;
}

/**
 * Whole columns grouped for an outline (Excel's Data › Group), such as a sheet's rounding
 * work: the group's + / − button beside the column headers shows and hides them, so the
 * people reading the sheet see only what they read, and the native formulas keep their
 * helper cells. Groups may nest: a column's outline level is the number of groups holding
 * it, at most {@link MAX_OUTLINE_LEVEL}.
 * @example { columns: "J:AG", collapsed: true }
 */
export interface ColumnGroupSpec {
  /** Whole columns, absolute to the sheet: "J:AG" ("J" for one column). */
  columns: string;
  /** Collapsed when the sheet opens: the group's columns hidden behind its + button. Default false. */
  collapsed?: boolean;
}

/**
 * Most outline levels a column (or row) can have: 7 groups deep, the sheet's eighth level
 * being the ungrouped one. "Group ranges for an outline using the Excel JavaScript API": "Note
 * that Excel only supports eight levels of outline groups"; [MS-OI29500] §2.1.598 (col): "Office
 * specifies the outlineLevel attributes maximum value is 7."
 */
export const MAX_OUTLINE_LEVEL = 7;

/**
 * The columns of a {@link ColumnGroupSpec} as 0-based indexes, or undefined when `columns`
 * is not a column range.
 * @example columnSpan("J:AG") // { first: 9, last: 32 }
 */
export function columnSpan(columns: string): { first: number; last: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})(?::\$?([A-Za-z]{1,3}))?$/.exec(columns.trim());
  if (!m) return undefined;
  const index = (letters: string): number => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const a = index(m[1]);
  const b = index(m[2] ?? m[1]);
  if (Math.max(a, b) > 16383) return undefined;
  return { first: Math.min(a, b), last: Math.max(a, b) };
}

/**
 * What a sheet's column groups make of its columns: the outline level of every grouped
 * column (0-based index → level), the columns hidden because a group holding them is
 * collapsed, and the deepest level. Groups that are not column ranges are skipped (the
 * writers refuse them).
 * @example columnOutline({ columnGroups: [{ columns: "C:F", collapsed: true }, { columns: "D:E" }] })
 *   // { levels: Map { 2 → 1, 3 → 2, 4 → 2, 5 → 1 }, hidden: Set { 2, 3, 4, 5 }, deepest: 2 }
 */
export function columnOutline(sheet: Pick<SheetSpec, "columnGroups">): { levels: Map<number, number>; hidden: Set<number>; deepest: number } {
  const levels = new Map<number, number>();
  const hidden = new Set<number>();
  let deepest = 0;
  for (const g of sheet.columnGroups ?? []) {
    const span = columnSpan(g.columns);
    if (!span) continue;
    for (let c = span.first; c <= span.last; c++) {
      const level = (levels.get(c) ?? 0) + 1;
      levels.set(c, level);
      deepest = Math.max(deepest, level);
      if (g.collapsed) hidden.add(c);
    }
  }
  return { levels, hidden, deepest };
}

/**
 * Cells on a sheet that a chart reads: one row or one column, on this sheet or another
 * sheet of the workbook (a chart on the dashboard reads the tracking sheet's columns).
 * @example { sheet: "目标管理表", range: "AH6:AH10" }
 */
export interface SheetRange {
  /** The sheet's name. */
  sheet: string;
  /** A1 range on it, one row or one column: "AH6:AH10". */
  range: string;
}

/** One series of a chart: its values, and how it looks. */
export interface ChartSeriesSpec {
  /** The series' name, shown in the legend (text: Office.js can set a name, not a name's cell). */
  name: string;
  /** The values: one row or one column, as many cells as the chart's categories. */
  values: SheetRange;
  /** Fill of the bars, or colour of the line, "#RRGGBB"; default the chart's palette. */
  color?: string;
  /** Line charts: a dashed line (a reference such as the pace line) instead of a solid one. */
  dashed?: boolean;
  /** Line charts: a marker on each point (default none). */
  markers?: boolean;
  /** Doughnut charts: the fill of each slice, in order ("#RRGGBB"). */
  pointColors?: string[];
  /**
   * A column or line chart's series drawn the other way (a combination chart on the same axes):
   * "column" bars under the chart's lines, or a "line" over its columns.
   */
  type?: "column" | "line";
}

/**
 * A native chart floating over a sheet, reading cells of the workbook, so that it moves when
 * they do. Both writers draw it: the .xlsx writer as DrawingML parts beside ExcelJS's
 * (`src/xlsx/charts.ts`), the Office.js writer with `worksheet.charts.add`.
 *
 * - `bar` draws horizontal bars, the first category at the top (as a list reads); `column`
 *   vertical bars; `line` lines over the categories; `doughnut` one ring of slices. A column
 *   or line chart may draw some series the other way (`ChartSeriesSpec.type`): columns with
 *   lines over them on the same axes.
 * - The chart's top-left corner sits on the top-left of `anchor`; `width` and `height` are in
 *   points (Office.js's unit; 1 point = 12,700 EMU in the file).
 * @example
 * const chart: ChartSpec = {
 *   name: "TP_Attainment", type: "bar", title: "完成率",
 *   categories: { sheet: "目标管理表", range: "A6:A10" },
 *   series: [{ name: "完成率", values: { sheet: "目标管理表", range: "AH6:AH10" }, color: "#4472C4" }],
 *   valueFormat: "0%", anchor: "B20", width: 360, height: 220,
 * };
 */
export interface ChartSpec {
  /** The chart object's name, unique on its sheet (Office.js `Chart.name`, the drawing's shape name). */
  name: string;
  type: "bar" | "column" | "line" | "doughnut";
  title?: string;
  /** Category labels every series shares (one row or one column, as long as the values). */
  categories?: SheetRange;
  series: ChartSeriesSpec[];
  /** Title of the category axis (bar, column, line). */
  categoryAxisTitle?: string;
  /** Title of the value axis (bar, column, line). */
  valueAxisTitle?: string;
  /** Number format of the value axis and the data labels, e.g. "0%". */
  valueFormat?: string;
  /** The value axis' lowest value (default: the engine chooses; 0 keeps bars' lengths proportional). */
  valueAxisMin?: number;
  /** Each point's value written beside it (default false). */
  dataLabels?: boolean;
  /** Where the legend goes (default "bottom"; "none" hides it). */
  legend?: "bottom" | "right" | "top" | "none";
  /** The cell the chart's top-left corner sits on, absolute on the sheet: "B20". */
  anchor: string;
  /** Width and height in points. */
  width: number;
  height: number;
}

/** One sheet to write. */
export interface SheetSpec {
  /** Valid in Excel (≤ 31 characters, none of `[]:*?/\`, not blank) and unique in the workbook. */
  name: string;
  /** What the sheet is, for the pane and the stored plan. */
  kind: "split" | "decomposition" | "tracking" | "scorecard" | "dashboard" | "notes";
  /**
   * Where `rows[0][0]` goes. Default "A1". Used when writing beside a selection in an
   * existing sheet (then `existing` is true); every other address in this spec is absolute.
   */
  origin?: string;
  /** The sheet already exists (write into it, never over non-empty cells); default false: add it. */
  existing?: boolean;
  /**
   * The sheet belongs to a set whose formulas read each other (the cascade's table, letters,
   * tracking and scorecard): a flow that writes one kind of sheet alone leaves it out.
   */
  partOf?: "cascade";
  /** Dense rows of cells, from `origin`, row by row; `null` is an empty cell. */
  rows: (CellSpec | null)[][];
  formats?: FormatSpec[];
  conditionalFormats?: ConditionalFormatSpec[];
  tables?: TableSpec[];
  validations?: ValidationSpec[];
  /** Column widths in characters, from column A (or from `origin`'s column when existing). */
  columnWidths?: number[];
  /**
   * Row heights in points, for rows whose wrapped text needs more than one line (a merged
   * note, which neither Excel nor LibreOffice grows by itself). Rows are numbered as Excel
   * numbers them (1 = the sheet's first row).
   */
  rowHeights?: { row: number; points: number }[];
  /** Column groups (an outline), e.g. the rounding work collapsed beside the table. */
  columnGroups?: ColumnGroupSpec[];
  /** Frozen header rows and columns. */
  freeze?: { rows: number; columns: number };
  /** Merged ranges, e.g. "A1:F1". */
  merges?: string[];
  /** Print setup. */
  print?: {
    landscape?: boolean;
    fitToWidth?: boolean;
    /** With `fitToWidth`: fit to this many pages wide (default 1). */
    pagesWide?: number;
    repeatRows?: string;
    /** Columns printed on every page, e.g. "A:A" (the names beside every page's numbers). */
    repeatColumns?: string;
    /** Print area, e.g. "A1:H9" (leaves a sheet's rounding work columns off the page). */
    area?: string;
  };
  /** Rows (1-based) after which a printed page breaks (one letter per page). */
  rowBreaks?: number[];
  /** Protect the sheet so computed cells cannot be typed over (inputs unlocked via formats). */
  protect?: boolean;
  /** A sentence shown on the sheet about where values came from (e.g. a rounded grid). */
  note?: string;
  /** Native charts over the sheet, reading cells of the workbook (see {@link ChartSpec}). */
  charts?: ChartSpec[];
}

/** A whole generated workbook (or the sheets added to one). */
export interface WorkbookSpec {
  sheets: SheetSpec[];
  names: NameSpec[];
  /**
   * The plan that produced it, stored as JSON text in the very hidden sheet `TargetPlanner`
   * (see {@link PLAN_SHEET}) by both writers, so the pane can reopen it.
   */
  plan?: unknown;
  /** Workbook title (document properties). */
  title?: string;
}

/** The very hidden sheet holding the plan as JSON text, in column A, 32,000 characters a cell. */
export const PLAN_SHEET = "TargetPlanner";
/** Characters of JSON per cell of {@link PLAN_SHEET} (Excel's cell limit is 32,767). */
export const PLAN_CHUNK = 32000;

/**
 * The plan as the cells of {@link PLAN_SHEET}: A1 holds a format marker, A2… the JSON in
 * chunks of at most {@link PLAN_CHUNK} UTF-16 units, each cut between characters: an emoji
 * or a rare CJK character (two units, a surrogate pair) is never split across two cells,
 * where each half would be written as U+FFFD.
 * @example planCells({ a: 1 }) // ["TargetPlanner plan v1", '{"a":1}']
 */
export function planCells(plan: unknown): string[] {
  const json = JSON.stringify(plan);
  const cells = ["TargetPlanner plan v1"];
  for (let i = 0; i < json.length; ) {
    let end = Math.min(i + PLAN_CHUNK, json.length);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end--;
    cells.push(json.slice(i, end));
    i = end;
  }
  return cells;
}

/** The plan back from the cells of {@link PLAN_SHEET} (the inverse of {@link planCells}). */
export function planFromCells(cells: readonly unknown[]): unknown {
  if (cells[0] !== "TargetPlanner plan v1") return undefined;
  return JSON.parse(cells.slice(1).map(String).join(""));
}
