/**
 * The transport problem behind controlled rounding, as data.
 *
 * After every cell of the exact grid goes down to a whole unit, row i still needs a_i units
 * and column j needs b_j; each cell with a fractional part f may take one of them (round
 * up). Handing them out so that Σ f over the cells rounded up is largest gives the closest
 * rounding: a 0/1 transportation problem. The solver sees it from the longer side: *items*
 * (say the 5,000 reps) each need some ups among their *entries* (their candidate cells),
 * and *nodes* (the 12 months) each need a given number of ups.
 *
 * @example
 * // Grid 2 × 2, all cells 0.5 (rows need 1 each, columns 1 each): items are the rows,
 * // entries (0,0) (0,1) (1,0) (1,1), each of weight 5e8; a choice is e.g. (0,0) and (1,1).
 */

/** A deterministic budget of work: steps counted by the solver, the same on every machine. */
export class Work {
  /** @param left - steps allowed before {@link spend} throws {@link TooMuchWork} */
  constructor(public left: number) {}
  /** Counts `steps`; throws {@link TooMuchWork} once the budget is spent. */
  spend(steps: number): void {
    this.left -= steps;
    if (this.left < 0) throw new TooMuchWork();
  }
}

/** Thrown when a rounding needs more work than its budget (see {@link Work}). */
export class TooMuchWork extends Error {
  constructor() {
    super("controlled rounding: work budget spent");
  }
}

/**
 * The problem in the solver's orientation, with its state: which entries are up, each
 * node's excess and the node prices `pi`. The choice is always *greedy at these prices*
 * (each item's ups have the largest w + pi), so pi is a dual that proves the choice optimal
 * once no node has an excess.
 */
export interface Transport {
  items: number;
  nodes: number;
  /** The entries of item p are start[p] … start[p + 1] − 1, in node order. */
  start: Int32Array;
  node: Int32Array;
  itemOf: Int32Array;
  /** Weight of each entry: a whole number, the larger the better to round up. */
  w: Float64Array;
  /** The entries of node v are byNode[nodeStart[v] … nodeStart[v + 1] − 1]. */
  nodeStart: Int32Array;
  byNode: Int32Array;
  /** The candidate (cell in reading order) each entry stands for. */
  entryCand: Int32Array;
  /** 1 where the entry is rounded up. */
  up: Uint8Array;
  /** Per node: ups it has minus ups it needs. */
  excess: Float64Array;
  pi: Float64Array;
  /** Ups each item needs, and each node. */
  itemNeed: number[];
  nodeNeed: number[];
}

/**
 * Builds the problem from the candidate cells (indices i × n + j in reading order, with
 * their weights) and the ups each row and column needs; items are rows when m ≥ n, else
 * columns. Null when some line needs fewer than 0 or more ups than it has candidates.
 *
 * @example buildTransport(2, 2, Int32Array.of(0, 1, 2, 3), Float64Array.of(5, 5, 5, 5), [1, 1], [1, 1])?.items // 2
 */
export function buildTransport(m: number, n: number, cell: Int32Array, weight: Float64Array, rowNeed: number[], colNeed: number[]): Transport | null {
  const k = cell.length;
  const byRows = m >= n;
  const items = byRows ? m : n;
  const nodes = byRows ? n : m;
  const itemNeed = byRows ? rowNeed : colNeed;
  const nodeNeed = byRows ? colNeed : rowNeed;

  // Entries grouped by item, each pointing back at its candidate; then grouped by node.
  const start = new Int32Array(items + 1);
  const candItem = new Int32Array(k);
  const candNode = new Int32Array(k);
  for (let t = 0; t < k; t++) {
    const i = (cell[t] / n) | 0;
    const j = cell[t] - i * n;
    candItem[t] = byRows ? i : j;
    candNode[t] = byRows ? j : i;
    start[candItem[t] + 1]++;
  }
  for (let p = 0; p < items; p++) start[p + 1] += start[p];
  const entryCand = new Int32Array(k);
  const fill = start.slice(0, items);
  for (let t = 0; t < k; t++) entryCand[fill[candItem[t]]++] = t;
  const node = new Int32Array(k);
  const itemOf = new Int32Array(k);
  const w = new Float64Array(k);
  const nodeStart = new Int32Array(nodes + 1);
  for (let e = 0; e < k; e++) {
    node[e] = candNode[entryCand[e]];
    itemOf[e] = candItem[entryCand[e]];
    w[e] = weight[entryCand[e]];
    nodeStart[node[e] + 1]++;
  }
  for (let v = 0; v < nodes; v++) nodeStart[v + 1] += nodeStart[v];
  const byNode = new Int32Array(k);
  const nodeFill = nodeStart.slice(0, nodes);
  for (let e = 0; e < k; e++) byNode[nodeFill[node[e]]++] = e;

  for (let p = 0; p < items; p++) if (itemNeed[p] < 0 || itemNeed[p] > start[p + 1] - start[p]) return null;
  for (let v = 0; v < nodes; v++) if (nodeNeed[v] < 0 || nodeNeed[v] > nodeStart[v + 1] - nodeStart[v]) return null;
  return {
    items,
    nodes,
    start,
    node,
    itemOf,
    w,
    nodeStart,
    byNode,
    entryCand,
    up: new Uint8Array(k),
    excess: new Float64Array(nodes),
    pi: new Float64Array(nodes),
    itemNeed,
    nodeNeed,
  };
}

/**
 * An item's potential under the prices: the least w + pi over its ups, else the most over
 * its downs (0 if it has no entries). With the node prices it makes the optimal dual: a
 * cell is *tight* (free to change in an equally close rounding) when w + pi equals it.
 *
 * @example // an item with ups of value 7 and 9 and a down of value 3: level 7
 */
export function itemLevel(t: Transport, p: number): number {
  let lowUp = Infinity;
  let highDown = -Infinity;
  for (let e = t.start[p]; e < t.start[p + 1]; e++) {
    const r = t.w[e] + t.pi[t.node[e]];
    if (t.up[e]) lowUp = Math.min(lowUp, r);
    else highDown = Math.max(highDown, r);
  }
  return lowUp < Infinity ? lowUp : highDown > -Infinity ? highDown : 0;
}
