/**
 * Turning Excel's arguments into the engine's inputs.
 *
 * Excel passes a scalar, or a 2-D array (rows of cells) for a range; `null`, `undefined`
 * and `""` are blank. These routines apply the contract's common rules once for every
 * function: a 1 × 1 range where one value is expected is that value, text and TRUE/FALSE
 * where a number is expected are `#VALUE!`, and ranges over a million cells are `#NUM!`.
 */
import { fail } from "../core/errors";
import { type Cell, type Grid, checkSize, isBlank, shapeOf } from "../core/grid";

export { type Cell, isBlank };

/** An argument as Excel passes it: one cell or a block of cells. */
export type Arg = Cell | Cell[][];

/** The argument as a block: a single value becomes a 1 × 1 range. */
export function toBlock(v: Arg, arg: string): Cell[][] {
  if (!Array.isArray(v)) return [[v]];
  if (v.length === 0 || !Array.isArray(v[0]) || v[0].length === 0) fail("emptyRange", { where: { arg } });
  checkSize(v, arg);
  return v;
}

/**
 * A single value as a 1 × 1 range, a range as it is: for readers that check a range's size
 * themselves, in their own order (BAND's thresholds before its results).
 */
export function asBlock(v: Arg): Cell[][] {
  return Array.isArray(v) ? v : [[v]];
}

/**
 * A cell as Excel's own formulas see it. Excel hands a custom function an *object* for a
 * data-type cell when the metadata allows it (`allowCustomDataForDataTypeAny`; ours turns it
 * off, see webpack.config.js), in the JSON of `Excel.CellValue`: "all schemas share `type`,
 * `basicType`, and `basicValue`", and "`basicValue` matches the value returned by the
 * `values` property and acts as the fallback when calculations encounter incompatible
 * scenarios" (Microsoft, "Use data types in Excel add-ins"). So a formatted number is its
 * number and a string or boolean value is itself. An entity (a Stocks or Geography card) has
 * the basic value `#VALUE!`: it becomes its display text, which no reader takes for a number,
 * so the message names the card ("'Microsoft Corp' is not a number") instead of
 * "[object Object]". Anything else is returned as it is.
 * @example plainCell({ type: "Double", basicValue: 5, numberFormat: "0.0" }) // 5
 * @example plainCell({ type: "Entity", text: "Shanghai", basicType: "Error", basicValue: "#VALUE!" }) // "Shanghai"
 */
export function plainCell(c: unknown): Cell {
  if (typeof c !== "object" || c === null || Array.isArray(c)) return c as Cell;
  const v = c as { basicType?: unknown; basicValue?: unknown; text?: unknown };
  const basic = v.basicValue;
  const basicIsCell = typeof basic === "number" || typeof basic === "string" || typeof basic === "boolean";
  if (!basicIsCell) return c as unknown as Cell;
  if (v.basicType === "Error") return typeof v.text === "string" && v.text !== "" ? v.text : String(basic);
  return basic;
}

/** The single value of an argument; a 1 × 1 range is its cell, a larger one is `#VALUE!`. */
export function toSingle(v: Arg, arg: string): Cell {
  if (!Array.isArray(v)) return typeof v === "object" && v !== null ? plainCell(v) : v;
  const block = toBlock(v, arg);
  if (block.length !== 1 || block[0].length !== 1) {
    fail("notSingleValue", { where: { arg }, rows: block.length, cols: block[0].length });
  }
  return plainCell(block[0][0]);
}

/** A cell as a number: blank gives `blank`, text or TRUE/FALSE is `#VALUE!` naming the position. */
function cellNumber(c: Cell, where: { arg: string; row?: number; col?: number }, blank: number): number {
  if (isBlank(c)) return blank;
  if (typeof c === "number") {
    if (!Number.isFinite(c)) fail("notANumber", { where, value: String(c) });
    return c;
  }
  // A data-type value (rare: the metadata turns them off) is read as its basic value.
  if (typeof c === "object" && c !== null) {
    const plain = plainCell(c);
    if (plain !== c) return cellNumber(plain, where, blank);
  }
  return fail("notANumber", { where, value: String(c) });
}

// The common case first in each reader below: a plain finite number, as most calls pass.

/** A required number: blank reads as 0 (what a desktop build passes anyway). */
export function requiredNumber(v: Arg, arg: string): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  return cellNumber(toSingle(v, arg), { arg }, 0);
}

/** An optional number: blank or omitted takes `dflt`. */
export function optionalNumber(v: Arg, arg: string, dflt: number): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  return cellNumber(toSingle(v, arg), { arg }, dflt);
}

/** An optional number with no default: blank or omitted is `undefined`. */
export function maybeNumber(v: Arg, arg: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  const c = toSingle(v, arg);
  return isBlank(c) ? undefined : cellNumber(c, { arg }, 0);
}

/** An actual: blank is `null` ("no data yet"); otherwise a number. */
export function actualValue(v: Arg, arg = "actual"): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  const c = toSingle(v, arg);
  return isBlank(c) ? null : cellNumber(c, { arg }, 0);
}

/** A block of numbers; blank cells read as `blank` (0 by default). */
export function numberBlock(v: Arg, arg: string, blank = 0): Grid {
  const block = toBlock(v, arg);
  return block.map((row, i) => row.map((c, j) => cellNumber(c, { arg, row: i + 1, col: j + 1 }, blank)));
}

/** An optional block of numbers: omitted (undefined/null as the whole argument) is `undefined`. */
export function optionalNumberBlock(v: Arg, arg: string): Grid | undefined {
  if (v === undefined || v === null) return undefined;
  return numberBlock(v, arg);
}

// Range checks, for the face to run on each argument right after reading it: the contract
// checks each argument's type, shape and range before the next argument's, so SPLIT(-5,
// {"TBD"}) is #NUM! for the total, not #VALUE! for the weights. (Core checks the same
// ranges again for its own callers; through the face they have passed by then.)

/**
 * The number itself when it is 0 or more; a negative number is `#NUM!` naming the argument.
 * @example notNegative(-5, "total") // throws "total: -5 is negative; it must be 0 or more"
 */
export function notNegative(x: number, arg: string): number {
  if (x < 0) fail("negative", { where: { arg }, value: x });
  return x;
}

/**
 * The block itself when every cell is 0 or more; else `#NUM!` naming the first negative cell
 * (row by row).
 * @example notNegativeCells([[1, -2]], "weights") // throws "weights, row 1, column 2: -2 is negative; …"
 */
export function notNegativeCells(g: Grid, arg: string): Grid {
  for (let i = 0; i < g.length; i++) {
    const row = g[i];
    for (let j = 0; j < row.length; j++) if (row[j] < 0) fail("negative", { where: { arg, row: i + 1, col: j + 1 }, value: row[j] });
  }
  return g;
}

/**
 * The block itself when it is `rows` × `cols`; else `#VALUE!` saying which shape it must have.
 * @param g - the block
 * @param arg - its name, for the message
 * @param rows - the rows it must have
 * @param cols - the columns it must have
 * @param other - what fixes that shape, for the message ("weights")
 * @example sameShapeAs([[1]], "fixed", 1, 2, "weights") // throws "fixed: must have the same shape as weights (1 × 2), got 1 × 1"
 */
export function sameShapeAs(g: Grid, arg: string, rows: number, cols: number, other: string): Grid {
  if (g.length !== rows || g[0].length !== cols) fail("shapeMismatch", { where: { arg }, other, want: `${rows} × ${cols}`, got: shapeOf(g) });
  return g;
}

/** Optional text (direction, mode, rule): blank is `undefined`; numbers and booleans are `#VALUE!`. */
export function optionalText(v: Arg, arg: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  const c = toSingle(v, arg);
  if (isBlank(c)) return undefined;
  if (typeof c !== "string") fail("notText", { where: { arg }, value: String(c) });
  return c;
}
