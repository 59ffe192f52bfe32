/*
 * The cascade's tree in the pane: one row per node on screen (a collapsed node's subtree is
 * not there at all), and of those only the rows in the scrolled window are rendered, so a
 * tree of 5,000 people costs what a screenful costs. Each row: expand/collapse, the name, a
 * flag on a bottom-up gap beyond the threshold, a mark on a failing check, what the last
 * edit moved, and the node's target. One tab stop: arrow keys move, → opens, ← closes or
 * goes up, Enter selects.
 */
import * as React from "react";
import { Button, Caption1, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { ChevronDown16Regular, ChevronRight16Regular, DismissCircle16Filled, Flag16Filled, Warning16Filled } from "@fluentui/react-icons";
import type { Language } from "../i18n";
import { formatNumber } from "../services/format";
import type { CascadeStrings } from "./cascade-i18n";
import { type TreeNode, keyOf } from "./cascade-model";

/** A row's height in px (every row the same, so the window is a slice of the list). */
export const ROW_HEIGHT = 32;
/** Rows the tree's frame shows at most; the rest scroll. */
export const WINDOW_ROWS = 12;
/** Rows rendered beyond the window on each side (smooth scrolling). */
const OVERSCAN = 6;
/** Depths indented; deeper nodes stay at this indent (the pane is 320 px wide). */
const MAX_INDENT = 8;

const useStyles = makeStyles({
  frame: {
    position: "relative",
    overflowY: "auto",
    overflowX: "hidden",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  row: {
    position: "absolute",
    left: 0,
    right: 0,
    height: `${ROW_HEIGHT}px`,
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    paddingInlineEnd: tokens.spacingHorizontalS,
    boxSizing: "border-box",
    cursor: "pointer",
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: "-2px" },
  },
  selected: { backgroundColor: tokens.colorBrandBackground2, ":hover": { backgroundColor: tokens.colorBrandBackground2Hover } },
  toggle: { minWidth: "24px", width: "24px", height: "24px", padding: 0, flexShrink: 0 },
  spacer: { width: "24px", flexShrink: 0 },
  name: { flexGrow: 1, minWidth: 0, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  withKids: { fontWeight: tokens.fontWeightSemibold },
  vacancy: { fontStyle: "italic", color: tokens.colorNeutralForeground2 },
  marks: { display: "flex", alignItems: "center", gap: "2px", flexShrink: 0 },
  flag: { color: tokens.colorPaletteMarigoldForeground1, display: "flex" },
  fail: { color: tokens.colorPaletteRedForeground1, display: "flex" },
  moved: { fontSize: tokens.fontSizeBase100, color: tokens.colorPaletteGreenForeground1, whiteSpace: "nowrap" },
  movedDown: { color: tokens.colorPaletteRedForeground1 },
  amount: { flexShrink: 0, fontVariantNumeric: "tabular-nums", textAlign: "end", minWidth: "56px" },
  empty: { padding: tokens.spacingHorizontalM, color: tokens.colorNeutralForeground2 },
});

export interface CascadeTreeProps {
  c: CascadeStrings;
  language: Language;
  nodes: readonly TreeNode[];
  /** Indices of the rows on screen, in order (see visibleRows). */
  rows: readonly number[];
  /** The type whose target each row shows. */
  type: number;
  /** Decimals of its targets. */
  decimals: number;
  expanded: ReadonlySet<string>;
  onToggle: (key: string) => void;
  selected: number | undefined;
  onSelect: (index: number) => void;
  /** What the last edit moved, by node key. */
  moved: ReadonlyMap<string, number>;
  /** Nodes whose checks fail, and nodes with a problem of the plan. */
  failing: ReadonlySet<number>;
  problems: ReadonlySet<number>;
}

/** The tree, virtualised. */
export function CascadeTree(props: CascadeTreeProps): React.JSX.Element {
  const { c, language, nodes, rows, type, decimals, expanded, selected, moved } = props;
  const styles = useStyles();
  const frame = React.useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = React.useState(0);
  const height = Math.max(1, Math.min(rows.length, WINDOW_ROWS)) * ROW_HEIGHT;
  // The window: what the frame shows, and a few rows either side.
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length - 1, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const position = selected === undefined ? -1 : rows.indexOf(selected);
  const focusNext = React.useRef(false);

  // Keep the selected row in the window when the keyboard moves it, then focus it.
  React.useEffect(() => {
    const el = frame.current;
    if (!el || position < 0) return;
    const top = position * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + height) el.scrollTop = top + ROW_HEIGHT - height;
    if (el.scrollTop !== scrollTop) setScrollTop(el.scrollTop);
    if (focusNext.current) {
      focusNext.current = false;
      el.querySelector<HTMLElement>(`[data-row="${position}"]`)?.focus();
    }
  }, [position, height]);

  const move = (to: number) => {
    if (to < 0 || to >= rows.length) return;
    focusNext.current = true;
    props.onSelect(rows[to]);
  };
  const onKey = (e: React.KeyboardEvent, at: number) => {
    const n = nodes[rows[at]];
    const open = expanded.has(keyOf(n.path));
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at + 1),
      ArrowUp: () => move(at - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      ArrowRight: () => (n.children.length && !open ? props.onToggle(keyOf(n.path)) : move(at + 1)),
      ArrowLeft: () => (n.children.length && open ? props.onToggle(keyOf(n.path)) : n.parent >= 0 ? move(rows.indexOf(n.parent)) : undefined),
      Enter: () => props.onSelect(n.index),
      " ": () => props.onSelect(n.index),
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };

  if (rows.length === 0) return <Caption1 className={styles.empty}>{c.treeEmpty}</Caption1>;
  const shown: React.ReactNode[] = [];
  for (let at = first; at <= last; at++) {
    const n = nodes[rows[at]];
    const key = keyOf(n.path);
    const open = expanded.has(key);
    const fig = n.figures?.[type];
    const delta = n.vacancy ? undefined : moved.get(key);
    const isSelected = n.index === selected;
    const name = n.vacancy ? c.vacancy : n.name;
    shown.push(
      <div
        key={key}
        role="treeitem"
        aria-level={n.depth + 1}
        aria-expanded={n.children.length ? open : undefined}
        aria-selected={isSelected}
        aria-posinset={at + 1}
        aria-setsize={rows.length}
        tabIndex={isSelected || (position < 0 && at === 0) ? 0 : -1}
        data-row={at}
        data-node={key}
        data-testid="cascade-row"
        className={mergeClasses(styles.row, isSelected && styles.selected)}
        style={{ top: at * ROW_HEIGHT, paddingInlineStart: Math.min(n.depth, MAX_INDENT) * 12 + 2 }}
        onClick={() => props.onSelect(n.index)}
        onKeyDown={(e) => onKey(e, at)}
      >
        {n.children.length ? (
          <Button
            className={styles.toggle}
            appearance="subtle"
            size="small"
            tabIndex={-1}
            icon={open ? <ChevronDown16Regular /> : <ChevronRight16Regular />}
            aria-label={open ? c.collapse(name) : c.expand(name)}
            onClick={(e) => {
              e.stopPropagation();
              props.onToggle(key);
            }}
            data-testid="cascade-toggle"
          />
        ) : (
          <span className={styles.spacer} />
        )}
        <span className={mergeClasses(styles.name, n.children.length > 0 && styles.withKids, n.vacancy && styles.vacancy)} title={name}>
          {name}
        </span>
        <span className={styles.marks}>
          {props.problems.has(n.index) && (
            <span className={styles.fail} role="img" aria-label={c.hasProblem}>
              <Warning16Filled />
            </span>
          )}
          {props.failing.has(n.index) && (
            <span className={styles.fail} role="img" aria-label={c.checkFails}>
              <DismissCircle16Filled />
            </span>
          )}
          {fig?.flag && (
            <span className={styles.flag} role="img" aria-label={c.flagged(formatNumber((fig.gapShare ?? 0) * 100, language, 1))} data-testid="cascade-flag">
              <Flag16Filled />
            </span>
          )}
          {delta !== undefined && (
            <span className={mergeClasses(styles.moved, delta < 0 && styles.movedDown)} data-testid="cascade-moved">
              {`${delta > 0 ? "+" : "−"}${formatNumber(Math.abs(delta), language, decimals)}`}
            </span>
          )}
        </span>
        <span className={styles.amount} data-testid="cascade-amount">
          {fig ? formatNumber(fig.annual, language, decimals) : "–"}
        </span>
      </div>,
    );
  }
  return (
    <div
      ref={frame}
      role="tree"
      aria-label={c.treeLabel}
      className={styles.frame}
      style={{ height }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid="cascade-tree"
    >
      <div role="presentation" style={{ height: rows.length * ROW_HEIGHT, position: "relative" }}>
        {shown}
      </div>
    </div>
  );
}
