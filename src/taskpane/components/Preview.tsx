/*
 * A small table showing what a flow is about to write: the first rows of a SheetSpec with
 * its formats (number formats, fills, font colours, bold) as the sheet will show them.
 * Formula cells show the value the builder expects them to compute. Reused by every flow.
 */
import * as React from "react";
import { Caption1, makeStyles, tokens } from "@fluentui/react-components";
import type { CellSpec, CellValue, SheetSpec } from "../../sheets/spec";
import type { Language } from "../i18n";
import { formatCell } from "../services/format";
import { type Area, parseArea, parseCell } from "../workbench/a1";

const useStyles = makeStyles({
  wrap: {
    overflowX: "auto",
    maxWidth: "100%",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    // The table scrolls inside its frame; keyboard users reach it with Tab.
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: "1px",
    },
  },
  table: {
    borderCollapse: "collapse",
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
  },
  number: { textAlign: "end" },
  merged: { whiteSpace: "normal", fontWeight: tokens.fontWeightRegular },
  caption: { color: tokens.colorNeutralForeground3 },
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
  /** Rows shown at most (the header row counts); default 8. */
  maxRows?: number;
  /** Columns shown at most; default all. */
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

/** A preview of the first rows of a sheet spec, with its colours. */
export function Preview({ sheet, language, label, maxRows = 8, maxColumns, moreRows, cellStyle, headerRows = 1, startRow = 0 }: PreviewProps): React.JSX.Element {
  const styles = useStyles();
  const at = parseCell(sheet.origin ?? "A1");
  // The shown part starts `startRow` rows down: it is as if the sheet started there.
  const origin = { row: at.row + startRow, col: at.col };
  const shownRows = sheet.rows.slice(startRow);
  const rows = shownRows.slice(0, maxRows);
  const hidden = shownRows.length - rows.length;
  const width = Math.min(
    shownRows.reduce((w, r) => Math.max(w, r.length), 0),
    maxColumns ?? Number.POSITIVE_INFINITY,
  );
  // Merged ranges (absolute addresses) as spans from their top-left cell, clipped to the preview.
  const spans = new Map<string, number>();
  const covered = new Set<string>();
  for (const merge of sheet.merges ?? []) {
    const area = parseArea(merge);
    const r0 = area.top - origin.row;
    const c0 = area.left - origin.col;
    if (area.top !== area.bottom || r0 < 0 || c0 < 0) continue;
    const span = Math.min(area.right - origin.col, width - 1) - c0 + 1;
    if (span <= 1) continue;
    spans.set(`${r0},${c0}`, span);
    for (let c = c0 + 1; c < c0 + span; c++) covered.add(`${r0},${c}`);
  }
  const renderRow = (row: (CellSpec | null)[], r: number, header: boolean) => (
    <tr key={r}>
      {Array.from({ length: width }, (_, c) => {
        if (covered.has(`${r},${c}`)) return null;
        const span = spans.get(`${r},${c}`);
        const value = previewValue(row[c] ?? null);
        const base = styleAt(sheet, origin.row + r, origin.col + c);
        const look = { ...base, ...cellStyle?.(r, c, value) };
        const Tag = header ? "th" : "td";
        return (
          <Tag
            key={c}
            scope={header && !span ? "col" : undefined}
            colSpan={span}
            className={`${styles.cell} ${typeof value === "number" ? styles.number : ""} ${span ? styles.merged : ""}`}
            style={{
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
      {/* A scrollable region must be focusable for keyboard users (WCAG 2.1.1). */}
      <div className={styles.wrap} tabIndex={0} role="region" aria-label={label}>
        <table className={styles.table} data-testid="preview-table">
          <thead>{rows.slice(0, headerRows).map((row, r) => renderRow(row, r, true))}</thead>
          <tbody>{rows.slice(headerRows).map((row, r) => renderRow(row, r + headerRows, false))}</tbody>
        </table>
      </div>
      {hidden > 0 && moreRows && <Caption1 className={styles.caption}>{moreRows(hidden)}</Caption1>}
    </div>
  );
}
