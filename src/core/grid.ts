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

/** Sum of every cell. */
export function sumGrid(g: Grid): number {
  let s = 0;
  for (const row of g) for (const v of row) s += v;
  return s;
}

/** A grid of the same shape with `f` applied to each cell. */
export function mapGrid<T, U>(g: readonly (readonly T[])[], f: (v: T, i: number, j: number) => U): U[][] {
  return g.map((row, i) => row.map((v, j) => f(v, i, j)));
}

/** `#NUM!` "range too large" when a block has more than {@link MAX_CELLS} cells. */
export function checkSize(g: readonly (readonly unknown[])[], arg: string): void {
  const cells = g.length * (g.length ? g[0].length : 0);
  if (cells > MAX_CELLS) fail("tooLarge", { where: { arg }, cells, max: MAX_CELLS });
}
