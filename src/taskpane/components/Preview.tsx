/*
 * A small table showing what a flow is about to write: the rows of a SheetSpec (the first
 * few, or all of them, virtualised when long) with its formats (number formats, fills, font
 * colours, bold) as the sheet will show them, and only the columns the sheet shows. Formula
 * cells show the value the builder expects them to compute. Reused by every flow.
 */
import * as React from "react";
import { Caption1, makeStyles, tokens } from "@fluentui/react-components";
import { type CellSpec, type CellValue, type SheetSpec, columnOutline } from "../../sheets/spec";
import type { Language } from "../i18n";
import { formatCell } from "../services/format";
import { type Area, parseArea, parseCell } from "../workbench/a1";

/** The height of one preview row (px): a long preview's window is counted in these. */
const ROW_PX = 22;
/** Above this many body rows, a preview renders only the rows in view (and a few around). */
export const VIRTUAL_FROM = 200;
/** Rows rendered above and below the rows in view, in a virtualised preview. */
const OVERSCAN = 20;

const useStyles = makeStyles({
  frame: { position: "relative" },
  wrap: {
    overflowX: "auto",
    maxWidth: "100%",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    // A sideways scroll that shows: a scrollbar always drawn (WebKit/Blink and Firefox), not
    // the overlay kind that appears only while scrolling.
    scrollbarWidth: "thin",
    scrollbarColor: `${tokens.colorNeutralStroke1} transparent`,
    "::-webkit-scrollbar": { height: "8px", width: "8px" },
    "::-webkit-scrollbar-thumb": { backgroundColor: tokens.colorNeutralStroke1, borderRadius: tokens.borderRadiusMedium },
    // The table scrolls inside its frame; keyboard users reach it with Tab.
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: "1px",
    },
  },
  /** A long preview scrolls down inside its frame too, its header row staying on top. */
  tall: { maxHeight: "420px", overflowY: "auto" },
  table: {
    borderCollapse: "separate",
    borderSpacing: 0,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    fontVariantNumeric: "tabular-nums",
    minWidth: "100%",
  },
  cell: {
    paddingBlock: tokens.spacingVerticalXXS,
    paddingInline: tokens.spacingHorizontalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    whiteSpace: "nowrap",
    textAlign: "start",
    fontWeight: tokens.fontWeightRegular,
    height: `${ROW_PX}px`,
    boxSizing: "border-box",
  },
  /** The name column stays in view while the rest scrolls sideways. */
  sticky: {
    position: "sticky",
    left: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: `1px 0 0 ${tokens.colorNeutralStroke2}`,
  },
  head: { position: "sticky", top: 0, zIndex: 2, backgroundColor: tokens.colorNeutralBackground1 },
  corner: { zIndex: 3 },
  number: { textAlign: "end" },
  merged: { whiteSpace: "normal", fontWeight: tokens.fontWeightRegular },
  caption: { color: tokens.colorNeutralForeground3 },
  /** A shadow on the edge where more columns are: the sign that the table scrolls sideways. */
  edge: {
    position: "absolute",
    top: tokens.strokeWidthThin,
    bottom: tokens.strokeWidthThin,
    width: "16px",
    pointerEvents: "none",
    zIndex: 4,
  },
  edgeRight: { right: tokens.strokeWidthThin, backgroundImage: "linear-gradient(to left, rgba(0, 0, 0, 0.22), rgba(0, 0, 0, 0))" },
  edgeLeft: { backgroundImage: "linear-gradient(to right, rgba(0, 0, 0, 0.16), rgba(0, 0, 0, 0))" },
});

/** How one cell looks in the preview, from the spec's formats (later formats win). */
export interface PreviewCellStyle {
  numFmt?: string;
  fill?: string;
  color?: string;
  bold?: boolean;
}

/** A cell's shown value: the constant, or the value a formula is expected to give. */
export function previewValue(cell: CellSpec | null): CellValue {
  if (cell === null) return "";
  if ("v" in cell) return cell.v;
  return cell.expect ?? "";
}

/** The formats that apply to a cell of the spec at `row`, `col` (absolute, 0-based). */
export function styleAt(sheet: SheetSpec, row: number, col: number): PreviewCellStyle {
  const style: PreviewCellStyle = {};
  for (const f of sheet.formats ?? []) {
    const area = parseArea(f.range);
    if (!inside(area, row, col)) continue;
    if (f.numFmt !== undefined) style.numFmt = f.numFmt;
    if (f.fill !== undefined) style.fill = f.fill;
    if (f.color !== undefined) style.color = f.color;
    if (f.bold !== undefined) style.bold = f.bold;
  }
  return style;
}

function inside(area: Area, row: number, col: number): boolean {
  return row >= area.top && row <= area.bottom && col >= area.left && col <= area.right;
}

export interface PreviewProps {
  sheet: SheetSpec;
  language: Language;
  /** Accessible name of the table (e.g. "Preview of Quarterly split"). */
  label: string;
  /** Rows shown at most (the header row counts); default 8. Ignored with `allRows`. */
  maxRows?: number;
  /**
   * Show every row: above {@link VIRTUAL_FROM} rows the table scrolls inside its frame and
   * renders only the rows in view (a 10,000-row split stays quick).
   */
  allRows?: boolean;
  /** Columns shown at most (of those not hidden); default all. */
  maxColumns?: number;
  /** Text under the table when rows were left out, given how many. */
  moreRows?: (hidden: number) => string;
  /** Overrides a cell's look (e.g. traffic-light colours that conditional formats give). */
  cellStyle?: (row: number, col: number, value: CellValue) => PreviewCellStyle | undefined;
  /** Rows that are headers (shown as column headers), counted from `startRow`; default the first. */
  headerRows?: number;
  /** The first row of the spec to show (skip a title and a note the pane already says); default 0. */
  startRow?: number;
}

/**
 * A preview of a sheet spec as the sheet will look: its colours, its visible columns only
 * (those a collapsed column group hides, such as the rounding work, are left out), the first
 * column kept in view while the rest scrolls sideways, and a shadow on the side where more
 * columns are.
 */
export function Preview({ sheet, language, label, maxRows = 8, allRows = false, maxColumns, moreRows, cellStyle, headerRows = 1, startRow = 0 }: PreviewProps): React.JSX.Element {
  const styles = useStyles();
  const at = parseCell(sheet.origin ?? "A1");
  // The shown part starts `startRow` rows down: it is as if the sheet started there.
  const origin = { row: at.row + startRow, col: at.col };
  const shownRows = sheet.rows.slice(startRow);
  const rows = allRows ? shownRows : shownRows.slice(0, maxRows);
  const hidden = shownRows.length - rows.length;

  // The columns shown: those no collapsed group hides, up to `maxColumns`.
  const columns = React.useMemo(() => {
    const outline = columnOutline(sheet);
    const widest = shownRows.reduce((w, r) => Math.max(w, r.length), 0);
    const visible = Array.from({ length: widest }, (_, c) => c).filter((c) => !outline.hidden.has(origin.col + c));
    return visible.slice(0, maxColumns ?? visible.length);
  }, [sheet, shownRows, origin.col, maxColumns]);
  const shownCol = React.useMemo(() => new Set(columns), [columns]);
  const width = columns.length === 0 ? 0 : columns[columns.length - 1] + 1;

  // Merged ranges (absolute addresses) as spans from their top-left cell, clipped to the preview.
  const spans = new Map<string, number>();
  const covered = new Set<string>();
  for (const merge of sheet.merges ?? []) {
    const area = parseArea(merge);
    const r0 = area.top - origin.row;
    const c0 = area.left - origin.col;
    if (area.top !== area.bottom || r0 < 0 || c0 < 0) continue;
    const last = Math.min(area.right - origin.col, width - 1);
    const span = columns.filter((c) => c >= c0 && c <= last).length;
    if (span <= 1 || !shownCol.has(c0)) continue;
    spans.set(`${r0},${c0}`, span);
    for (let c = c0 + 1; c <= last; c++) covered.add(`${r0},${c}`);
  }
  const sticky = columns.length > 1;

  // A long preview renders the rows in view only, from where its frame is scrolled.
  const body = rows.slice(headerRows);
  const virtual = allRows && body.length > VIRTUAL_FROM;
  const wrapRef = React.useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = React.useState(0);
  const [edges, setEdges] = React.useState({ left: false, right: false, sticky: 0 });
  const measure = React.useCallback(() => {
    const el = wrapRef.current;
    if (!el) return;
    const firstSticky = el.querySelector<HTMLElement>("[data-sticky]");
    const next = { left: el.scrollLeft > 0, right: el.scrollLeft + el.clientWidth < el.scrollWidth - 1, sticky: firstSticky?.offsetWidth ?? 0 };
    setEdges((e) => (e.left === next.left && e.right === next.right && e.sticky === next.sticky ? e : next));
    if (virtual) setScrollTop(el.scrollTop);
  }, [virtual]);
  React.useLayoutEffect(measure);
  React.useEffect(() => {
    const el = wrapRef.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => measure());
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);
  const view = wrapRef.current?.clientHeight || 420;
  const first = virtual ? Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN) : 0;
  const last = virtual ? Math.min(body.length, Math.ceil((scrollTop + view) / ROW_PX) + OVERSCAN) : body.length;

  const renderRow = (row: (CellSpec | null)[], r: number, header: boolean) => (
    <tr key={r} aria-rowindex={r + 1}>
      {columns.map((c) => {
        if (covered.has(`${r},${c}`)) return null;
        const span = spans.get(`${r},${c}`);
        const value = previewValue(row[c] ?? null);
        const base = styleAt(sheet, origin.row + r, origin.col + c);
        const look = { ...base, ...cellStyle?.(r, c, value) };
        const Tag = header ? "th" : "td";
        const isSticky = sticky && c === columns[0] && !span;
        const classes = [styles.cell, typeof value === "number" ? styles.number : "", span ? styles.merged : "", isSticky ? styles.sticky : "", header ? styles.head : "", header && isSticky ? styles.corner : ""];
        return (
          <Tag
            key={c}
            scope={header && !span ? "col" : undefined}
            colSpan={span}
            className={classes.filter(Boolean).join(" ")}
            data-sticky={isSticky ? "" : undefined}
            style={{
              // A sticky cell keeps a background so the columns scrolling under it do not show through.
              backgroundColor: look.fill,
              // A filled cell keeps Excel's dark text on its light fill, whatever the pane's theme.
              color: look.color ?? (look.fill ? "#000000" : undefined),
              fontWeight: look.bold || header ? 600 : undefined,
            }}
          >
            {formatCell(value, look.numFmt, language)}
          </Tag>
        );
      })}
    </tr>
  );
  return (
    <div>
      <div className={styles.frame}>
        {/* A scrollable region must be focusable for keyboard users (WCAG 2.1.1). */}
        <div
          ref={wrapRef}
          className={`${styles.wrap} ${virtual ? styles.tall : ""}`}
          tabIndex={0}
          role="region"
          aria-label={label}
          onScroll={measure}
          data-testid="preview-scroll"
          data-more-right={edges.right ? "" : undefined}
        >
          <table className={styles.table} data-testid="preview-table" aria-rowcount={rows.length}>
            <thead>{rows.slice(0, headerRows).map((row, r) => renderRow(row, r, true))}</thead>
            <tbody>
              {first > 0 && <tr aria-hidden="true" style={{ height: `${first * ROW_PX}px` }} />}
              {body.slice(first, last).map((row, i) => renderRow(row, headerRows + first + i, false))}
              {last < body.length && <tr aria-hidden="true" style={{ height: `${(body.length - last) * ROW_PX}px` }} />}
            </tbody>
          </table>
        </div>
        {edges.left && <div className={`${styles.edge} ${styles.edgeLeft}`} style={{ left: `${edges.sticky + 1}px` }} aria-hidden="true" />}
        {edges.right && <div className={`${styles.edge} ${styles.edgeRight}`} aria-hidden="true" data-testid="preview-more-right" />}
      </div>
      {hidden > 0 && moreRows && <Caption1 className={styles.caption}>{moreRows(hidden)}</Caption1>}
    </div>
  );
}
