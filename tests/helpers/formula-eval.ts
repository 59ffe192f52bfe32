/**
 * The tests' side of the formula evaluator: the evaluator itself is the product's
 * (src/sheets/evaluate.ts, which the pane's in-memory workbook runs too), re-exported here so
 * the suites keep one import; what only tests need (comparing a sheet with the engine's
 * values, which cells the colour rules paint) lives here.
 */
import {
  type EvalSheet,
  XlError,
  type XlValue,
  colLetters,
  parseA1,
  placedRows,
  sheetEvaluator,
  workbookSheetEvaluator,
} from "../../src/sheets/evaluate";

export * from "../../src/sheets/evaluate";

/** What {@link expectFormulasMatch} makes of a formula cell without `expect`. */
export interface MatchOptions {
  /**
   * "error" (default): the engine raises an error there, so must the formula (the tracking
   * and scorecard sheets); "helper": a work cell of the split formulas (largest remainder's
   * units, remainders, cut, …), which must evaluate to a number or a logical.
   */
  withoutExpect?: "error" | "helper";
  /**
   * Relative tolerance of a number against its `expect` (default 1e-12). Exact shares (a unit
   * of 0) agree with the engine within its 1e-9 only: `A*w/W` leaves float crumbs where core
   * moves them to the heaviest part, and an exact grid's rows add up within 1e-9.
   */
  tolerance?: number;
  /**
   * The workbook the sheet is part of (the sheet among them, by name): its references to
   * other sheets are read there. Without it the sheet is evaluated alone, and a reference to
   * another sheet throws.
   */
  workbook?: EvalSheet[];
}

/**
 * Equal within `tolerance` (1e-12) relative for numbers, or within 1e-9 absolute (the engine's
 * tolerance near 0: it counts an amount within 1e-9 of 0 as 0 and splits 1e-10 into zeros,
 * where the sheet's formulas hand it to the heaviest part); identical otherwise.
 */
const closeEnough = (got: XlValue | undefined, want: unknown, tolerance = 1e-12): boolean =>
  typeof want === "number" && typeof got === "number" ? Math.abs(got - want) <= Math.max(tolerance * Math.abs(want), 1e-9) : got === want;

/**
 * Every formula cell of a sheet evaluates to its `expect` (the engine's value); a formula cell
 * without one must evaluate to an Excel error (where the engine raises one), or with
 * `withoutExpect: "helper"` to a number or logical. The rows are read at the sheet's `origin`.
 * Throws naming the first cell that differs.
 */
export function expectFormulasMatch(sheet: { name?: string; rows: ({ v: unknown } | { f: string; expect?: unknown } | null)[][]; origin?: string }, options: MatchOptions = {}): void {
  const rows = placedRows(sheet);
  const ev = options.workbook ? workbookSheetEvaluator(options.workbook, sheet.name ?? "", rows) : sheetEvaluator(rows);
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (cell === null || !("f" in cell)) return;
      const got = ev.value(r, c);
      if (cell.expect === undefined) {
        if (options.withoutExpect !== "helper") expect(got).toBeInstanceOf(XlError);
        else if (typeof got !== "number" && typeof got !== "boolean") throw new Error(`${colLetters(c)}${r + 1} ${cell.f}: helper cell is ${String(got)}`);
        return;
      }
      if (!closeEnough(got, cell.expect, options.tolerance)) throw new Error(`${colLetters(c)}${r + 1} ${cell.f}: sheet ${String(got)}, engine ${String(cell.expect)}`);
    }),
  );
}

/**
 * Which cells a sheet's conditional formats paint, and with what fill: each rule's formula is
 * evaluated for every cell of its range, moved from the range's top-left cell as Excel moves
 * relative references; rules apply in order and the first that is TRUE wins (stopIfTrue). A
 * rule that is an error or not TRUE paints nothing.
 * @param sheet - the sheet (its rows at `origin`, its conditional formats)
 * @param rows - the cells to evaluate, as they sit on the sheet from A1 (default: the sheet's own)
 * @param workbook - the workbook the sheet is part of, when its cells read other sheets
 * @returns fill by address, e.g. `{ "H5" => "#FFC7CE" }`
 */
export function paintedCells(
  sheet: { name?: string; rows: ({ v: unknown } | { f: string } | null)[][]; origin?: string; conditionalFormats?: { range: string; formula: string; fill?: string }[] },
  rows: ({ v: unknown } | { f: string } | null)[][] = placedRows(sheet),
  workbook?: EvalSheet[],
): Map<string, string | undefined> {
  const ev = workbook ? workbookSheetEvaluator(workbook, sheet.name ?? "", rows) : sheetEvaluator(rows);
  const out = new Map<string, string | undefined>();
  for (const rule of sheet.conditionalFormats ?? []) {
    const [from, to = from] = rule.range.split(":");
    const tl = parseA1(from);
    const br = parseA1(to);
    for (let r = tl.row; r <= br.row; r++) {
      for (let c = tl.col; c <= br.col; c++) {
        const a1 = `${colLetters(c)}${r + 1}`;
        if (out.has(a1)) continue;
        if (ev.formula(rule.formula, { rows: r - tl.row, cols: c - tl.col }) === true) out.set(a1, rule.fill);
      }
    }
  }
  return out;
}

