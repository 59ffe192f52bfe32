/*
 * "Explain this cell": from the active cell's formula to what the TARGET.* function says
 * about it. Reads the formula (formula.ts), reads the arguments' cells through the port's
 * `readRange`, runs the function on them (run-function.ts) and gathers what the pane shows:
 * the message of an error — Excel itself shows messages only for #VALUE! and #N/A — or, for
 * a result, the working the engine has (SCORE clause by clause, SPLIT's rounding). Plain
 * data: the flow puts it into words in the pane's language.
 */
import type { ActiveCell } from "../../excel/port";
import { attainment, parseDirection } from "../../core/attainment";
import type { Lang } from "../../core/errors";
import { type ScoreExplanation, explainScore } from "../../core/score";
import { floorTol, nearlyEqual } from "../../core/tolerance";
import { actualValue, maybeNumber, numberBlock, optionalNumber, optionalNumberBlock, optionalText, requiredNumber } from "../../functions/args";
import type { CellValue } from "../../sheets/spec";
import { FUNCTION_PARAMETERS } from "../function-arguments";
import type { FunctionName } from "../i18n";
import { type FormulaArgument, readFormula } from "./formula";
import { type CallValue, type FunctionOutcome, MATRIX_PARAMETERS, runTargetFunction } from "./run-function";

/** Reads a range's values (the port's `readRange`). */
export type RangeReader = (sheet: string, address: string) => Promise<CellValue[][]>;

/** One argument as the pane shows it: its name, what the formula says, what was read. */
export interface ArgumentView {
  /** The parameter's name ("actual"), or "argument 8" past the last one. */
  name: string;
  /** As written in the formula ("B2", "90%", `"每超1%加0.5分"`); "" when left out. */
  written: string;
  /** What the function gets: one value, or a block of rows × columns; undefined when left out or not read. */
  read?: { value: CellValue } | { rows: number; columns: number };
  /** A reference to one empty cell (some desktop builds pass it to the function as 0). */
  blankCell?: boolean;
}

/** Why an argument cannot be read for the explanation. */
export type Unreadable =
  | { arg: ArgumentView; why: "expression" | "name" | "sheetMissing" }
  /** A range or array where one value is expected: Excel computes the function once per cell and spills the results. */
  | { arg: ArgumentView; why: "spills" };

/** The working behind a result, where the engine has one. */
export type Working =
  | { fn: "SCORE"; explanation: ScoreExplanation }
  | {
      fn: "SPLIT";
      /** The amount shared among the free parts (total minus the held amounts). */
      amount: number;
      held: number;
      unit: number;
      /** Whole units handed out by largest remainder. */
      units: number;
      /** amount − units × unit: below one unit, added to the free part with the largest weight. */
      odd: number;
      /** That part, 1-based, row by row. */
      largest?: { row: number; column: number; index: number };
    }
  | { fn: "ATTAIN" | "STATUS"; attainment: number; direction: "higher" | "lower" };

/** What "Explain this cell" found. */
export type Explanation =
  /** No cell to explain (nothing active). */
  | { kind: "noCell" }
  /** The cell holds no TARGET.* formula (a constant, an empty cell, another formula). */
  | { kind: "notTarget"; cell: ActiveCell }
  | { kind: "unknownFunction"; cell: ActiveCell; name: string }
  | { kind: "several"; cell: ActiveCell; count: number }
  | { kind: "unreadable"; cell: ActiveCell }
  /** Arguments the pane cannot read (expressions, names, a range where one value goes). */
  | { kind: "cannotRead"; cell: ActiveCell; fn: FunctionName; args: ArgumentView[]; unreadable: Unreadable[] }
  /** A referenced cell holds an error: Excel passes it on without calling the function. */
  | { kind: "argumentError"; cell: ActiveCell; fn: FunctionName; args: ArgumentView[]; arg: ArgumentView; code: string }
  /** The function's error: its code and the message Excel may not show. */
  | { kind: "error"; cell: ActiveCell; fn: FunctionName; args: ArgumentView[]; code: string; message: string; shown: ShownAs; from?: string }
  /** The function's result, and its working where the engine has one. */
  | {
      kind: "result";
      cell: ActiveCell;
      fn: FunctionName;
      args: ArgumentView[];
      /** The cell's own value of the result (one part of a spilled one). */
      value: CellValue;
      /** For a spilled result: which part the cell is (1-based) of how many rows and columns. */
      part?: { row: number; column: number; rows: number; columns: number };
      working?: Working;
      shown: ShownAs;
      /** The anchor cell whose formula spilled into this cell. */
      from?: string;
    };

/**
 * How what the cell shows compares with the function's answer on the values read now:
 * "same"; "differs" (with what Excel shows); "wrapped" when the formula has more around the
 * call, so the cell shows the outer formula's result.
 */
export type ShownAs = { as: "same" } | { as: "differs"; value: CellValue } | { as: "wrapped" };

/** Excel's error values, as `Range.values` gives them. */
const EXCEL_ERROR = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|PYTHON!|EXTERNAL!)$/;

/** Whether a value is an Excel error value ("#N/A"). */
export function isExcelError(v: unknown): v is string {
  return typeof v === "string" && EXCEL_ERROR.test(v);
}

/** The parameter names of a function, and "argument N" past them. */
function parameterName(fn: FunctionName, i: number): string {
  return FUNCTION_PARAMETERS[fn][i]?.name ?? `argument ${i + 1}`;
}

/** One argument read: the value the function gets, or why it cannot be had. */
type ReadArgument = { view: ArgumentView; value: CallValue } | { view: ArgumentView; unreadable: Unreadable["why"] } | { view: ArgumentView; error: string };

/** Reads one argument the way Excel would pass it. */
async function readOne(arg: FormulaArgument, name: string, matrix: boolean, sheet: string, read: RangeReader): Promise<ReadArgument> {
  const view: ArgumentView = { name, written: arg.text };
  switch (arg.kind) {
    case "omitted":
      return { view, value: null };
    case "constant":
      view.read = { value: arg.value };
      return { view, value: matrix ? [[arg.value]] : arg.value };
    case "array":
      view.read = { rows: arg.rows.length, columns: arg.rows[0].length };
      if (!matrix && arg.rows.length * arg.rows[0].length > 1) return { view, unreadable: "spills" };
      return { view, value: matrix ? arg.rows : arg.rows[0][0] };
    case "name":
      return { view, unreadable: "name" };
    case "expression":
      return { view, unreadable: "expression" };
    case "reference": {
      let cells: CellValue[][];
      try {
        cells = await read(arg.sheet ?? sheet, arg.address);
      } catch {
        return { view, unreadable: "sheetMissing" };
      }
      const single = cells.length === 1 && cells[0].length === 1;
      view.read = single ? { value: cells[0][0] } : { rows: cells.length, columns: cells[0]?.length ?? 0 };
      if (single && cells[0][0] === "") view.blankCell = true;
      const error = cells.flat().find(isExcelError);
      if (error !== undefined) return { view, error };
      if (!matrix && !single) return { view, unreadable: "spills" };
      const values = cells as (number | string | boolean)[][];
      return { view, value: matrix ? values : values[0][0] };
    }
  }
}

/** The working of a SCORE, SPLIT, ATTAIN or STATUS result, from the same values the function had. */
function workingOf(fn: FunctionName, values: readonly CallValue[]): Working | undefined {
  try {
    const v = values as never[];
    if (fn === "SCORE") {
      const actual = actualValue(v[0]);
      const explanation = explainScore(actual, requiredNumber(v[1], "target"), requiredNumber(v[2], "points"), {
        rule: optionalText(v[3], "rule"),
        cap: maybeNumber(v[4], "cap"),
        floor: maybeNumber(v[5], "floor"),
        direction: parseDirection(optionalText(v[6], "direction")),
      });
      return { fn, explanation };
    }
    if (fn === "SPLIT") {
      const total = requiredNumber(v[0], "total");
      const weights = numberBlock(v[1], "weights");
      const unit = optionalNumber(v[2], "unit", 0);
      const fixed = optionalNumberBlock(v[3], "fixed");
      const cells = weights.flatMap((row, i) => row.map((w, j) => ({ w, held: fixed?.[i]?.[j] ?? 0, row: i + 1, column: j + 1 })));
      const held = cells.reduce((s, c) => s + (c.held > 0 ? c.held : 0), 0);
      const amount = nearlyEqual(held, total) ? 0 : total - held;
      const units = unit > 0 ? floorTol(amount / unit) : 0;
      const odd = unit > 0 ? amount - units * unit : 0;
      // The contract: the odd amount goes to the free part with the largest weight (the earliest of equals).
      let largest: { row: number; column: number; index: number } | undefined;
      let heaviest = -Infinity;
      cells.forEach((c, index) => {
        if (c.held > 0 || c.w <= heaviest) return;
        heaviest = c.w;
        largest = { row: c.row, column: c.column, index: index + 1 };
      });
      return { fn, amount, held, unit, units, odd: Math.abs(odd) < 1e-9 * Math.max(1, Math.abs(amount)) ? 0 : odd, largest };
    }
    if (fn === "ATTAIN" || fn === "STATUS") {
      const actual = actualValue(v[0]);
      if (actual === null) return undefined;
      const direction = parseDirection(optionalText(v[fn === "ATTAIN" ? 2 : 4], "direction"));
      return { fn, attainment: attainment(actual, requiredNumber(v[1], "target"), direction), direction };
    }
  } catch {
    // The function gave a result, so its arguments read; a working that cannot be had is left out.
  }
  return undefined;
}

/** Whether two cell values are the same result (numbers within the engine's tolerance). */
function sameValue(a: CellValue, b: CellValue): boolean {
  if (typeof a === "number" && typeof b === "number") return nearlyEqual(a, b);
  return a === b;
}

/** The value of a (possibly spilled) result at an offset from its anchor. */
function valueAt(value: FunctionOutcome & { ok: true }, offset: { row: number; column: number }): CellValue | undefined {
  if (!Array.isArray(value.value)) return offset.row === 0 && offset.column === 0 ? value.value : undefined;
  return value.value[offset.row]?.[offset.column];
}

/** Where `address` sits relative to `anchor` (both single cells, "D5"). */
function offsetOf(address: string, anchor: string): { row: number; column: number } {
  const at = (a: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a.replace(/\$/g, "").toUpperCase());
    if (!m) return { row: 0, column: 0 };
    const column = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return { row: Number(m[2]), column };
  };
  const a = at(address);
  const b = at(anchor);
  return { row: a.row - b.row, column: a.column - b.column };
}

/**
 * Explains the active cell.
 * @param cell - the active cell (the port's `readActiveCell`), or undefined when there is none
 * @param read - reads the arguments' cells (the port's `readRange`)
 * @param lang - the language of the function's message
 * @example (await explainCell({ sheet: "S", address: "D2", formula: "=TARGET.ATTAIN(90,0)", value: "#DIV/0!" }, read, "en")).kind // "error"
 */
export async function explainCell(cell: ActiveCell | undefined, read: RangeReader, lang: Lang): Promise<Explanation> {
  if (!cell) return { kind: "noCell" };
  // A cell inside a spilled result: its anchor's formula.
  let reading = readFormula(cell.formula);
  let from: string | undefined;
  if (reading.kind === "notFormula" && cell.spilledFrom) {
    reading = readFormula(cell.spilledFrom.formula);
    from = cell.spilledFrom.address;
  }
  if (reading.kind === "notFormula" || reading.kind === "noTarget") return { kind: "notTarget", cell };
  if (reading.kind === "unknownFunction") return { kind: "unknownFunction", cell, name: reading.name };
  if (reading.kind === "several") return { kind: "several", cell, count: reading.count };
  if (reading.kind === "unreadable") return { kind: "unreadable", cell };

  const { fn } = reading;
  const matrix = MATRIX_PARAMETERS[fn];
  const got = await Promise.all(reading.args.map((arg, i) => readOne(arg, parameterName(fn, i), matrix.includes(parameterName(fn, i)), cell.sheet, read)));
  const args = got.map((g) => g.view);
  const unreadable: Unreadable[] = got.flatMap((g) => ("unreadable" in g ? [{ arg: g.view, why: g.unreadable }] : []));
  if (unreadable.length > 0) return { kind: "cannotRead", cell, fn, args, unreadable };
  const failed = got.find((g): g is { view: ArgumentView; error: string } => "error" in g);
  if (failed) return { kind: "argumentError", cell, fn, args, arg: failed.view, code: failed.error };

  const values = got.map((g) => ("value" in g ? g.value : undefined));
  // Trailing arguments left out are not passed at all; one left out in the middle is blank.
  while (values.length > 0 && values[values.length - 1] === null && reading.args[values.length - 1].kind === "omitted") values.pop();
  const outcome = runTargetFunction(fn, values, lang);

  const offset = from ? offsetOf(cell.address, from) : { row: 0, column: 0 };
  const shownFor = (mine: CellValue | undefined): ShownAs =>
    reading.kind === "call" && reading.wrapped ? { as: "wrapped" } : mine !== undefined && sameValue(mine, cell.value) ? { as: "same" } : { as: "differs", value: cell.value };
  if (!outcome.ok) {
    return { kind: "error", cell, fn, args, code: outcome.code, message: outcome.message, shown: shownFor(outcome.code), ...(from ? { from } : {}) };
  }
  const mine = valueAt(outcome, offset);
  const working = workingOf(fn, values);
  const whole = outcome.value;
  return {
    kind: "result",
    cell,
    fn,
    args,
    value: mine ?? "",
    ...(Array.isArray(whole) ? { part: { row: offset.row + 1, column: offset.column + 1, rows: whole.length, columns: whole[0]?.length ?? 0 } } : {}),
    ...(working ? { working } : {}),
    shown: shownFor(mine),
    ...(from ? { from } : {}),
  };
}
