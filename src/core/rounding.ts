/**
 * Controlled rounding of a two-way table, the last step of `TARGET.SPREAD` with a unit:
 * every cell of an exact grid goes down or up to a whole unit, every row and column keeps
 * its total, and among all such roundings the closest to the exact grid is chosen (ties:
 * round up the earlier cell, row by row). Deterministic, no trial and error. In parts:
 *
 * - this file: the grid's cells split into whole units and fractional parts (the weights);
 * - rounding/transport.ts: the transport problem those define, and the work budget;
 * - rounding/solve.ts: the solver (closest rounding, with the prices proving it closest),
 *   over node pairs for few nodes, else by rounding/simplex.ts (network simplex);
 * - rounding/select.ts: the selection of a k-th largest value both use;
 * - rounding/tie-break.ts: among equally close roundings, earlier cells up;
 * - rounding/heap.ts: the one priority queue they use.
 */
import { chooseUps } from "./rounding/solve";
import { preferEarlierUps } from "./rounding/tie-break";
import { TooMuchWork, Work } from "./rounding/transport";
import { TOL } from "./tolerance";

export { TooMuchWork };

/** A cell within this many units of a whole number (or 1e-9 of its size, if smaller) is exact. */
const EXACT_UNITS_CAP = 1e-6;
/** A fitted grid's fractional parts are compared as whole numbers of 1e-9 units, so near-equal roundings tie. */
const COST_SCALE = 1e9;
/**
 * Steps of work a rounding may take; past it, {@link TooMuchWork}. Steps are counted so that
 * they track time on every solver path (here about 65–250 M steps a second of CPU, the
 * slowest over node pairs on n × 12 grids), so the budget is spent within about 1.5 s of
 * CPU on any grid. A count, not a clock: the same input gets the same answer on every
 * machine.
 */
export const WORK_BUDGET = 100_000_000;

/** Steps counted per cell of the grid for reading it and building the problem (before any solving). */
const CELL_STEPS = 16;

/** Options of {@link roundControlled}, for tests and the bench. */
export interface RoundingOptions {
  /** Steps of work allowed (default {@link WORK_BUDGET}). */
  workBudget?: number;
  /** Up to this many nodes the solver balances over node pairs, else network simplex (default: the solver's). */
  pairNodes?: number;
  /** Network simplex's first band, as a share of each item's entries (default: the solver's; 0: none, every entering arc found by full scans). */
  band?: number;
  /** Up to this many columns the tie-break searches column pairs (default: the tie-break's). */
  pairColumns?: number;
}

/**
 * Rounds a grid (in units, margins whole numbers) cell by cell down or up to whole units so
 * that every row and column keeps its total, choosing the closest such rounding and, among
 * equally close ones, the lexicographically largest (earlier cells up). Null if there is none.
 *
 * Every cell first goes down; row i then needs a_i more units and column j needs b_j, given
 * one at a time to cells with a fractional part f. Since the number of units handed out is
 * fixed, the closest rounding is the one maximising Σ f over the cells rounded up: a
 * transportation problem, solved over the shorter side ({@link chooseUps}: node pairs for
 * few nodes, network simplex otherwise), then made lexicographically largest by zero-cost
 * exchange cycles ({@link preferEarlierUps}). The weights f are whole numbers: exact remainders for a
 * proportional grid (`proportional`, no seed), else f in units of 1e-9.
 *
 * The work is counted ({@link Work}): past {@link WORK_BUDGET} steps it throws
 * {@link TooMuchWork}, the same for the same input on every machine.
 *
 * @example roundControlled(Float64Array.of(0.5, 0.5, 0.5, 0.5), 2, 2, [1, 1], [1, 1], true)
 *   // Float64Array [1, 0, 0, 1]
 */
export function roundControlled(
  q: Float64Array,
  m: number,
  n: number,
  rows: number[],
  cols: number[],
  proportional: boolean,
  options: RoundingOptions = {},
): Float64Array | null {
  const work = new Work(options.workBudget ?? WORK_BUDGET);
  // Reading the grid into candidates and building the transport problem: about 16 steps a cell.
  work.spend(CELL_STEPS * m * n);
  const units = new Float64Array(m * n);
  const need = rows.slice();
  const colNeed = cols.slice();
  // Candidates (cells with a fractional part), row by row: cell index and weight.
  const candCell: number[] = [];
  const candWeight: number[] = [];
  const grand = sum(rows);
  // A proportional grid is k_i × l_j / K exactly: whole-number arithmetic gives its
  // fractional parts exactly (as (k_i × l_j) mod K), so equally close roundings tie exactly.
  const exactly = proportional && largest(rows) * largest(cols) <= Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const c = i * n + j;
      let base: number;
      if (exactly) {
        const product = rows[i] * cols[j];
        const rest = product % grand;
        base = (product - rest) / grand;
        if (rest > 0) {
          candCell.push(c);
          candWeight.push(rest);
        }
      } else {
        const v = q[c];
        base = Math.round(v);
        const eps = Math.min(TOL * Math.max(1, Math.abs(v)), EXACT_UNITS_CAP);
        if (Math.abs(v - base) > eps) {
          base = Math.floor(v);
          candCell.push(c);
          candWeight.push(Math.round((v - base) * COST_SCALE));
        }
      }
      units[c] = base;
      need[i] -= base;
      colNeed[j] -= base;
    }
  }
  const k = candCell.length;
  const cell = Int32Array.from(candCell);
  const weight = Float64Array.from(candWeight);
  const up = chooseUps(m, n, cell, weight, need, colNeed, work, options.pairNodes, options.band);
  if (!up) return null;
  if (k > 0) preferEarlierUps(m, n, cell, up.up, up.tight, work, options.pairColumns);
  for (let t = 0; t < k; t++) if (up.up[t]) units[cell[t]] += 1;
  return units;
}


// ---- small helpers -----------------------------------------------------------------------

function largest(values: number[]): number {
  let top = 0;
  for (const v of values) if (v > top) top = v;
  return top;
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < values.length; t++) s += values[t];
  return s;
}
