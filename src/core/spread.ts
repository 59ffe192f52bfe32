import { type Where, fail } from "./errors";
import { type Grid, MAX_CELLS, checkSize, shapeOf } from "./grid";
import { TooMuchWork, roundControlled } from "./rounding";
import { TOL, clean, multipleOf, nearlyEqual } from "./tolerance";

/**
 * Spreading row and column totals over a grid (regions × quarters, reps × months): the
 * engine behind `TARGET.SPREAD`.
 *
 * The exact grid is proportional (row total × column total / grand total) or, with a seed,
 * the seed fitted to both margins by iterative proportional fitting. With a unit, the exact
 * grid is then *controlled-rounded*: every cell goes down or up to a multiple of the unit,
 * every row and column still adds up to its total, and among all such roundings the one
 * closest to the exact grid is returned (ties: round up the earlier cell, row by row).
 */

/** Options of {@link spreadGrid}. */
export interface SpreadOptions {
  /**
   * Last year's grid (or any block of numbers ≥ 0), rows × columns, giving the result its
   * shape: the result is this block scaled by iterative proportional fitting. A zero stays 0.
   */
  seed?: Grid;
  /**
   * Rounding unit: 0 (default) for the exact grid; 1 for whole numbers, 10000 for 万元,
   * 0.01 for fen. Every cell comes out a multiple of it and the totals must be multiples.
   */
  unit?: number;
}

/** Fitting stops when every row and column is this close to its total, relative to the grand total. */
const FIT_TOL = 1e-10;
/** Fitting gives up after this many rounds (a round scales the rows, then the columns). */
const MAX_ROUNDS = 10_000;
/** With a unit, fitting goes on (while it still improves) until the margins are this close, in units. */
const POLISH_UNITS = 1e-7;

/**
 * Fills an m × n grid whose rows add up to `rowTotals` and whose columns add up to
 * `columnTotals`.
 *
 * Without a seed every cell is row total × column total / grand total. With a seed the
 * grid is the seed scaled by iterative proportional fitting (rows, then columns, repeated)
 * until every row and column is within 1e-10 of its total relative to the grand total, at
 * most 10,000 rounds; a seed zero stays zero. The seed is only a shape: one of huge or tiny
 * values is scaled by a power of two first. Margins that agree within 1e-9 are fitted
 * with the column totals scaled to the row sum; a grand total of 0 gives zeros.
 *
 * With a unit, every cell is its exact value rounded down or up to a multiple of the unit,
 * and every row and column adds up to its total exactly (cells that are already multiples
 * stay as they are). Of all such roundings the result is the one with the least total
 * absolute difference from the exact grid; where several are equally close, the first cell
 * (row by row) at which they differ is rounded up. With one row or one column this is
 * SPLIT's largest remainder. (With a unit, fitting continues past 1e-10 while it improves,
 * until the margins are within 1e-7 units, so that the grid rounds to exact totals.)
 *
 * @param rowTotals - the m row totals, each ≥ 0 (e.g. each region's annual target)
 * @param columnTotals - the n column totals, each ≥ 0 (e.g. each quarter's target); they
 *   must add up to the same as the row totals within 1e-9 relative
 * @param options - `seed` (m × n, cells ≥ 0) and `unit` (≥ 0, default 0)
 * @returns the m × n grid, row by row
 * @throws PlanError `#NUM!` for a negative total, seed cell or unit, for a row or column
 *   with a positive total that its seed cannot reach (all zeros, or rows whose seed lies
 *   only in columns with smaller totals), for a seed whose fit would reach the margins only
 *   in the limit (naming a seed cell every exact fit leaves at 0; both found before fitting,
 *   by a flow), for fitting that does not converge, for a grid of more than 1,000,000 cells,
 *   and for a grid too large to round exactly within the rounding's budget of work; `#VALUE!` for a seed of another shape, margins
 *   that disagree (the message gives both sums) and totals that are not multiples of the unit
 *
 * @example spreadGrid([48000000, 36000000, 24000000, 12000000], [30000000, 36000000, 30000000, 24000000], { unit: 10000 })
 *   // [[12000000, 14400000, 12000000, 9600000], [9000000, 10800000, 9000000, 7200000],
 *   //  [6000000, 7200000, 6000000, 4800000], [3000000, 3600000, 3000000, 2400000]]
 * @example spreadGrid([1, 1], [1, 1], { unit: 1 }) // [[1, 0], [0, 1]] (0.5 everywhere; the first cell rounds up)
 * @example spreadGrid([10, 20], [12, 18], { seed: [[1, 1], [1, 2]] }) // ≈ [[5.119, 4.881], [6.881, 13.119]]
 */
export function spreadGrid(rowTotals: number[], columnTotals: number[], options: SpreadOptions = {}): Grid {
  const seed = options.seed;
  const unit = options.unit ?? 0;
  const m = rowTotals.length;
  const n = columnTotals.length;
  validateSpread(rowTotals, columnTotals, seed, unit);

  const rowSum = sum(rowTotals);
  const colSum = sum(columnTotals);
  if (!nearlyEqual(rowSum, colSum)) {
    fail("marginsDisagree", { where: { arg: "column_totals" }, rows: clean(rowSum), cols: clean(colSum) });
  }

  // The margins the grid is fitted to: whole numbers of units, or the totals themselves
  // with the column totals scaled to the row sum.
  let rows: number[];
  let cols: number[];
  if (unit > 0) {
    rows = rowTotals.map((r, i) => unitsIn(r, unit, { arg: "row_totals", row: i + 1, col: 1 }));
    cols = columnTotals.map((c, j) => unitsIn(c, unit, { arg: "column_totals", row: 1, col: j + 1 }));
    // Agreeing within 1e-9 but not in whole units (only for totals of over 1e9 units).
    if (sum(rows) !== sum(cols)) {
      const [r, c] = [multipleOf(sum(rows), unit), multipleOf(sum(cols), unit)].map(String); // all digits
      fail("marginsDisagree", { where: { arg: "column_totals" }, rows: r, cols: c });
    }
  } else {
    rows = rowTotals.slice();
    cols = colSum > 0 ? columnTotals.map((c) => (c * rowSum) / colSum) : columnTotals.map(() => 0);
  }
  const grand = sum(rows);
  if (grand === 0 || sum(cols) === 0) return rowTotals.map(() => columnTotals.map(() => 0));
  // Amounts in the caller's terms, for messages.
  const amount = (v: number): number => (unit > 0 ? multipleOf(v, unit) : clean(v));

  const exact = new Float64Array(m * n);
  let rounds = 0;
  if (seed) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) exact[i * n + j] = seed[i][j];
    scaleSeed(exact);
    checkSeedLines(exact, m, n, rows, cols, rowTotals, columnTotals);
    // Margins the seed cannot reach, or reach only with some seed cell at 0, stop fitting
    // from converging: found up front by a flow through the seed's cells.
    checkSeedFlow(exact, m, n, rows, cols, amount);
    rounds = fitToMargins(exact, m, n, rows, cols, grand, unit > 0, amount);
  } else {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) exact[i * n + j] = (rows[i] * cols[j]) / grand;
  }

  if (unit === 0) return toGrid(exact, m, n, (v) => v);
  let units: Float64Array | null;
  try {
    units = roundControlled(exact, m, n, rows, cols, !seed);
  } catch (e) {
    if (e instanceof TooMuchWork) fail("roundingTooLarge", { where: { arg: "unit" }, cells: m * n });
    throw e;
  }
  if (!units) {
    // The fitted grid is too far from whole-unit margins to round (numerically extreme input).
    fail("notConverged", { where: { arg: "row_totals" }, off: amount(marginError(exact, m, n, rows, cols)), rounds });
  }
  // A whole unit times a whole count is exact below 1e15, where multipleOf has nothing to clean.
  const wholeUnit = Number.isInteger(unit);
  return toGrid(units, m, n, (k) => (wholeUnit && k * unit < 1e15 ? k * unit : multipleOf(k, unit)));
}

// ---- checks ------------------------------------------------------------------------------

function validateSpread(rowTotals: number[], columnTotals: number[], seed: Grid | undefined, unit: number): void {
  const m = rowTotals.length;
  const n = columnTotals.length;
  checkSize([rowTotals], "row_totals");
  rowTotals.forEach((r, i) => {
    if (r < 0) fail("negative", { where: { arg: "row_totals", row: i + 1, col: 1 }, value: r });
  });
  checkSize([columnTotals], "column_totals");
  columnTotals.forEach((c, j) => {
    if (c < 0) fail("negative", { where: { arg: "column_totals", row: 1, col: j + 1 }, value: c });
  });
  if (m * n > MAX_CELLS) fail("tooLarge", { where: { arg: "row_totals" }, cells: m * n, max: MAX_CELLS });
  if (seed) {
    checkSize(seed, "seed");
    if (seed.length !== m || seed.some((row) => row.length !== n)) {
      fail("shapeMismatch", { where: { arg: "seed" }, other: "row_totals × column_totals", want: `${m} × ${n}`, got: shapeOf(seed) });
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const s = seed[i][j];
        if (s < 0) fail("negative", { where: { arg: "seed", row: i + 1, col: j + 1 }, value: s });
      }
    }
  }
  if (unit < 0) fail("negative", { where: { arg: "unit" }, value: unit });
}

/** A total as a whole number of units; `#VALUE!` when it is not a multiple (within 1e-9). */
function unitsIn(value: number, unit: number, where: Where): number {
  const q = value / unit;
  const k = Math.round(q);
  if (Math.abs(q - k) > TOL * Math.max(1, Math.abs(q))) fail("notMultipleOfUnit", { where, value, unit });
  return k;
}

/** `#NUM!` for a row or column with a positive total and an all-zero seed (rows first). */
function checkSeedLines(seed: Float64Array, m: number, n: number, rows: number[], cols: number[], rowTotals: number[], columnTotals: number[]): void {
  for (let i = 0; i < m; i++) {
    if (rows[i] <= 0) continue;
    let any = false;
    for (let j = 0; j < n && !any; j++) any = seed[i * n + j] > 0;
    if (!any) fail("infeasible", { where: { arg: "row_totals", row: i + 1, col: 1 }, total: rowTotals[i] });
  }
  for (let j = 0; j < n; j++) {
    if (cols[j] <= 0) continue;
    let any = false;
    for (let i = 0; i < m && !any; i++) any = seed[i * n + j] > 0;
    if (!any) fail("infeasible", { where: { arg: "column_totals", row: 1, col: j + 1 }, total: columnTotals[j] });
  }
}

/**
 * The seed is only a shape: scaled by a power of two (exactly, so fitting gives the same
 * grid) when its values are so large that sums could overflow, or so small that they lose
 * precision. `SPREAD({3;3}, {3,3}, {1e308,1e308;1e308,1e308}, 1)` is then fitted as 1s.
 */
function scaleSeed(x: Float64Array): void {
  let top = 0;
  for (let c = 0; c < x.length; c++) if (x[c] > top) top = x[c];
  if (top === 0 || (top < 2 ** 900 && top > 2 ** -900)) return;
  const e = Math.floor(Math.log2(top));
  const half = Math.trunc(-e / 2);
  const a = 2 ** half;
  const b = 2 ** (-e - half);
  for (let c = 0; c < x.length; c++) x[c] = x[c] * a * b;
}

/**
 * Checks, before fitting, that fitting can converge, by a maximum flow from the row totals
 * through the seed's nonzero cells to the column totals ({@link seedFlow}):
 * - `#NUM!` (infeasibleGroup) naming rows whose seed lies only in columns with smaller
 *   totals (the flow cannot carry their totals);
 * - `#NUM!` (fitOnlyInLimit) naming a seed cell that every flow meeting the margins leaves
 *   at 0: the margins are met only in the limit, as fitting drives that cell to zero.
 * A seed with every cell of its positive rows and columns nonzero always converges (the
 * proportional grid is such a fit), so it skips the flow.
 */
function checkSeedFlow(x: Float64Array, m: number, n: number, rows: number[], cols: number[], amount: (v: number) => number): void {
  let full = true;
  for (let i = 0; i < m && full; i++) {
    if (rows[i] <= 0) continue;
    for (let j = 0; j < n && full; j++) if (cols[j] > 0 && !(x[i * n + j] > 0)) full = false;
  }
  if (full) return;
  const flow = seedFlow(x, m, n, rows, cols);
  const short = shortfall(flow, x, m, n, rows, cols);
  if (short) {
    fail("infeasibleGroup", {
      where: { arg: "row_totals", row: short.rows[0] + 1, col: 1 },
      rows: listOf(short.rows),
      nRows: short.rows.length,
      cols: listOf(short.cols),
      nCols: short.cols.length,
      need: amount(short.need),
      have: amount(short.have),
    });
  }
  const zero = forcedZero(flow, m, n, rows, cols);
  if (zero >= 0) {
    const row = Math.floor(zero / n) + 1;
    const col = (zero % n) + 1;
    fail("fitOnlyInLimit", { where: { arg: "seed", row, col }, row, col });
  }
}

/** "2, 5, 7" (1-based), shortened after six. */
function listOf(indices: number[]): string {
  const shown = indices.slice(0, 6).map((k) => String(k + 1));
  return indices.length > 6 ? `${shown.join(", ")}, …` : shown.join(", ");
}

/** A maximum flow through the seed's cells (see {@link seedFlow}). */
interface SeedFlow {
  /** Nodes: rows 0 … m − 1, columns m … m + n − 1, then source and sink. */
  head: Int32Array;
  next: Int32Array;
  to: Int32Array;
  /** Residual capacity of each edge (edge e ^ 1 is its reverse, holding its flow). */
  cap: Float64Array;
  /** The seed cell of each row → column edge (−1 for the others). */
  cellOf: Int32Array;
  /** BFS levels of the last phase: ≥ 0 where the source still reaches. */
  level: Int32Array;
  /** Residuals at or below this count as saturated. */
  eps: number;
}

/**
 * Dinic's maximum flow from a source (capacity: each row's total) through the seed's
 * nonzero cells (unbounded) to a sink (capacity: each column's total).
 *
 * @example // seed [[1, 1], [0, 1]], totals 1 and 1: all flow goes (1,1) and (2,2); cell (1,2) carries 0
 */
function seedFlow(seed: Float64Array, m: number, n: number, rows: number[], cols: number[]): SeedFlow {
  const grand = sum(rows);
  const source = m + n;
  const sink = source + 1;
  const nodes = m + n + 2;
  let support = 0;
  for (let c = 0; c < m * n; c++) if (seed[c] > 0) support++;
  const edges = 2 * (m + n + support);
  const to = new Int32Array(edges);
  const next = new Int32Array(edges);
  const cap = new Float64Array(edges);
  const cellOf = new Int32Array(edges).fill(-1);
  const head = new Int32Array(nodes).fill(-1);
  let count = 0;
  const link = (u: number, v: number, c: number): void => {
    to[count] = v;
    cap[count] = c;
    next[count] = head[u];
    head[u] = count++;
    to[count] = u;
    cap[count] = 0;
    next[count] = head[v];
    head[v] = count++;
  };
  for (let i = 0; i < m; i++) if (rows[i] > 0) link(source, i, rows[i]);
  for (let i = 0; i < m; i++) {
    for (let j = n - 1; j >= 0; j--) {
      if (seed[i * n + j] > 0) {
        cellOf[count] = i * n + j;
        link(i, m + j, Infinity);
      }
    }
  }
  for (let j = 0; j < n; j++) if (cols[j] > 0) link(m + j, sink, cols[j]);

  // Dinic's algorithm; residuals below eps count as saturated.
  const eps = 1e-12 * grand;
  const level = new Int32Array(nodes);
  const iter = new Int32Array(nodes);
  const queue = new Int32Array(nodes);
  const levels = (): boolean => {
    level.fill(-1);
    level[source] = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = source;
    while (qh < qt) {
      const u = queue[qh++];
      for (let e = head[u]; e >= 0; e = next[e]) {
        if (cap[e] > eps && level[to[e]] < 0) {
          level[to[e]] = level[u] + 1;
          queue[qt++] = to[e];
        }
      }
    }
    return level[sink] >= 0;
  };
  const path: number[] = [];
  while (levels()) {
    iter.set(head);
    path.length = 0;
    let u = source;
    for (;;) {
      if (u === sink) {
        let f = Infinity;
        for (const e of path) f = Math.min(f, cap[e]);
        for (const e of path) {
          cap[e] -= f;
          cap[e ^ 1] += f;
        }
        path.length = 0;
        u = source;
        continue;
      }
      let e = iter[u];
      while (e >= 0 && !(cap[e] > eps && level[to[e]] === level[u] + 1)) e = next[e];
      iter[u] = e;
      if (e >= 0) {
        path.push(e);
        u = to[e];
      } else {
        if (u === source) break;
        level[u] = -1; // a dead end for this phase
        const back = path.pop() as number;
        u = to[back ^ 1];
        iter[u] = next[iter[u]];
      }
    }
  }
  return { head, next, to, cap, cellOf, level, eps };
}

/**
 * Rows that need more than their seed can take: after the maximum flow, the rows still
 * reachable from the source and their columns. Reported only when the shortfall is larger
 * than fitting could hide (1e-10 of the grand total per row and column involved); else null.
 */
function shortfall(
  flow: SeedFlow,
  seed: Float64Array,
  m: number,
  n: number,
  rows: number[],
  cols: number[],
): { rows: number[]; cols: number[]; need: number; have: number } | null {
  const grand = sum(rows);
  // The rows the source still reaches (with a positive total) and every column they touch.
  const shortRows: number[] = [];
  for (let i = 0; i < m; i++) if (flow.level[i] >= 0 && rows[i] > 0) shortRows.push(i);
  if (shortRows.length === 0) return null;
  const touched = new Uint8Array(n);
  let need = 0;
  for (const i of shortRows) {
    need += rows[i];
    for (let j = 0; j < n; j++) if (seed[i * n + j] > 0) touched[j] = 1;
  }
  const shortCols: number[] = [];
  let have = 0;
  for (let j = 0; j < n; j++) {
    if (touched[j]) {
      shortCols.push(j);
      have += cols[j];
    }
  }
  if (need - have <= FIT_TOL * grand * (shortRows.length + shortCols.length)) return null;
  return { rows: shortRows, cols: shortCols, need, have };
}

/**
 * The first seed cell (reading order, in a row and column with positive totals) that every
 * flow meeting the margins leaves at 0, or −1. A cell without flow can carry some only if
 * its column leads back to its row in the residual graph (flow can go round a cycle
 * through it), that is when row and column are in one strongly connected component
 * (Tarjan's algorithm, without recursion).
 *
 * @example // seed [[1, 1], [0, 1]], totals 1 and 1: cell (1,2) is forced to 0 → index 1
 */
function forcedZero(flow: SeedFlow, m: number, n: number, rows: number[], cols: number[]): number {
  const { head, next, to, cap, cellOf, eps } = flow;
  const V = m + n;
  const arc = (e: number): boolean => to[e] < V && cap[e] > eps;
  const index = new Int32Array(V).fill(-1);
  const low = new Int32Array(V);
  const comp = new Int32Array(V).fill(-1);
  const onStack = new Uint8Array(V);
  const stack = new Int32Array(V);
  const callV = new Int32Array(V);
  const callE = new Int32Array(V);
  let sp = 0;
  let counter = 0;
  let comps = 0;
  for (let root = 0; root < V; root++) {
    if (index[root] >= 0) continue;
    let depth = 0;
    callV[0] = root;
    callE[0] = head[root];
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const u = callV[depth];
      const e = callE[depth];
      if (e >= 0) {
        callE[depth] = next[e];
        if (!arc(e)) continue;
        const v = to[e];
        if (index[v] < 0) {
          index[v] = low[v] = counter++;
          stack[sp++] = v;
          onStack[v] = 1;
          depth++;
          callV[depth] = v;
          callE[depth] = head[v];
        } else if (onStack[v] && index[v] < low[u]) {
          low[u] = index[v];
        }
        continue;
      }
      if (low[u] === index[u]) {
        for (;;) {
          const w = stack[--sp];
          onStack[w] = 0;
          comp[w] = comps;
          if (w === u) break;
        }
        comps++;
      }
      depth--;
      if (depth >= 0 && low[u] < low[callV[depth]]) low[callV[depth]] = low[u];
    }
  }
  let first = -1;
  for (let e = 0; e < cellOf.length; e++) {
    const c = cellOf[e];
    if (c < 0 || cap[e ^ 1] > eps) continue; // not a cell, or it carries flow
    const i = Math.floor(c / n);
    const j = c - i * n;
    if (rows[i] <= 0 || cols[j] <= 0 || comp[i] === comp[m + j]) continue;
    if (first < 0 || c < first) first = c;
  }
  return first;
}

// ---- fitting -----------------------------------------------------------------------------

/**
 * Iterative proportional fitting in place: scale each row to its total, then each column,
 * until every margin is within 1e-10 of the grand total. With `polish`, go on while the
 * error still falls, down to 1e-7 (the margins are whole units then). Returns the rounds.
 */
function fitToMargins(
  x: Float64Array,
  m: number,
  n: number,
  rows: number[],
  cols: number[],
  grand: number,
  polish: boolean,
  amount: (v: number) => number,
): number {
  const rowSums = new Float64Array(m);
  const colSums = new Float64Array(n);
  const factors = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      s += x[i * n + j];
      colSums[j] += x[i * n + j];
    }
    rowSums[i] = s;
  }
  // The largest gap between a row or column sum and its total, and where (rows, then columns).
  let off = 0;
  let at = 0;
  const measure = (): void => {
    off = 0;
    for (let i = 0; i < m; i++) {
      const d = Math.abs(rowSums[i] - rows[i]);
      if (d > off) {
        off = d;
        at = i;
      }
    }
    for (let j = 0; j < n; j++) {
      const d = Math.abs(colSums[j] - cols[j]);
      if (d > off) {
        off = d;
        at = m + j;
      }
    }
  };
  // One round in two passes: rows scaled (summing the columns), then columns (summing both).
  const round = (): void => {
    colSums.fill(0);
    for (let i = 0; i < m; i++) {
      // A row with nothing to scale keeps its zeros (its total is then too small to matter).
      const f = rowSums[i] > 0 ? rows[i] / rowSums[i] : 1;
      for (let j = 0; j < n; j++) colSums[j] += x[i * n + j] *= f;
    }
    for (let j = 0; j < n; j++) factors[j] = colSums[j] > 0 ? cols[j] / colSums[j] : 1;
    colSums.fill(0);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) {
        const v = (x[i * n + j] *= factors[j]);
        s += v;
        colSums[j] += v;
      }
      rowSums[i] = s;
    }
  };

  let rounds = 0;
  measure();
  while (off > FIT_TOL * grand) {
    if (rounds === MAX_ROUNDS) {
      const where: Where = at < m ? { arg: "row_totals", row: at + 1, col: 1 } : { arg: "column_totals", row: 1, col: at - m + 1 };
      fail("notConverged", { where, off: amount(off), rounds });
    }
    round();
    rounds++;
    measure();
  }
  while (polish && off > POLISH_UNITS && rounds < MAX_ROUNDS) {
    const before = off;
    round();
    rounds++;
    measure();
    if (off >= before) break;
  }
  return rounds;
}

/** The largest gap between a row or column sum and its total. */
function marginError(x: Float64Array, m: number, n: number, rows: number[], cols: number[]): number {
  const colSums = new Float64Array(n);
  let off = 0;
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      s += x[i * n + j];
      colSums[j] += x[i * n + j];
    }
    off = Math.max(off, Math.abs(s - rows[i]));
  }
  for (let j = 0; j < n; j++) off = Math.max(off, Math.abs(colSums[j] - cols[j]));
  return off;
}

// ---- small helpers -----------------------------------------------------------------------

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < values.length; t++) s += values[t];
  return s;
}

function toGrid(x: Float64Array, m: number, n: number, f: (v: number) => number): Grid {
  const g: Grid = new Array(m);
  for (let i = 0; i < m; i++) {
    const row = new Array<number>(n);
    for (let j = 0; j < n; j++) row[j] = f(x[i * n + j]);
    g[i] = row;
  }
  return g;
}
