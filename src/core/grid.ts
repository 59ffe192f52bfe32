import { fail } from "./errors";

/** Small helpers for rectangular 2-D arrays (rows of cells), the shape Excel passes ranges in. */

/** A rectangular block of numbers, row by row. */
export type Grid = number[][];

/** The largest range any function accepts: more is `#NUM!` ("range too large"). */
export const MAX_CELLS = 1_000_000;

/** "3 × 4" for messages. */
export function shapeOf(g: readonly (readonly unknown[])[]): string {
  return `${g.length} × ${g.length ? g[0].length : 0}`;
}

/**
 * One cell of a range as Excel passes it: `null`, `undefined` and `""` are blank.
 * (Defined in core so that core never imports the Excel layer; src/functions uses it too.)
 */
export type Cell = number | string | boolean | null | undefined;

/**
 * True for the blanks Excel passes: null, undefined or the empty string.
 * @example isBlank("") // true
 * @example isBlank(0) // false
 */
export function isBlank(v: unknown): v is null | undefined | "" {
  return v === null || v === undefined || v === "";
}

/** `#NUM!` "range too large" when a block has more than {@link MAX_CELLS} cells. */
export function checkSize(g: readonly (readonly unknown[])[], arg: string): void {
  const cells = g.length * (g.length ? g[0].length : 0);
  if (cells > MAX_CELLS) fail("tooLarge", { where: { arg }, cells, max: MAX_CELLS });
}
