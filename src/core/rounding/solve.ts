/**
 * The solver of the transport problem ({@link Transport}): the closest rounding as the
 * choice of ups of largest total weight, with an optimal dual (node prices) that tells which
 * cells an equally close rounding may change. Two ways, by shape:
 *
 * - **few nodes, many items** (reps × months, n × 12 and 12 × n):
 *   1. {@link takeHeaviest}: every item takes its heaviest entries (greedy at prices 0);
 *   2. {@link settleByPrices}: prices of nodes with too many ups fall, of nodes with too
 *      few rise, a few rounds, items choosing again each time (cheap, most of the way);
 *   3. {@link balanceByPairs}: what is still out of balance moves unit by unit along
 *      shortest paths over node pairs (successive shortest paths: the choice stays
 *      optimal), each unit costing about nodes² steps;
 * - **otherwise** (squares, where nodes² per unit is too much): the network simplex
 *   method from the greedy choice ({@link solveBySimplex}, rounding/simplex.ts).
 *
 * @example
 * // Rows need [1, 1], columns [1, 1], weights [[9, 1], [8, 7]]: greedy takes (0,0) and
 * // (1,0): column 0 has one up too many. The shortest path moves row 1's up to (1,1)
 * // (cost 8 − 7 = 1): ups (0,0) and (1,1), total 16, the best.
 */
import { MinHeap } from "./heap";
import { selectLargest } from "./select";
import { solveBySimplex } from "./simplex";
import { type Transport, type Work, buildTransport, itemLevel } from "./transport";

/** Up to this many nodes (the shorter side, and at most a quarter of the items), the solver balances over node pairs; else network simplex. */
export const PAIR_NODES = 24;
/** Moves kept in all node pairs' heaps after their scans (at least 8 per pair). */
const PAIR_MEMORY = 400_000;
/** Rounds of price setting before the exact search. */
const PRICE_ROUNDS = 24;

/**
 * Chooses candidate cells to round up so that row i gets `rowNeed[i]` and column j gets
 * `colNeed[j]`, maximising the total weight. Returns the choice (per candidate) and which
 * candidates are *tight* (zero reduced cost under an optimal dual: the only cells a
 * zero-cost exchange may touch), or null when no choice meets the margins.
 * Throws {@link TooMuchWork} when `work` runs out.
 *
 * @example chooseUps(2, 2, Int32Array.of(0, 1, 2, 3), Float64Array.of(9, 1, 8, 7), [1, 1], [1, 1], new Work(1e6))?.up
 *   // Uint8Array [1, 0, 0, 1]
 */
export function chooseUps(
  m: number,
  n: number,
  cell: Int32Array,
  weight: Float64Array,
  rowNeed: number[],
  colNeed: number[],
  work: Work,
  pairNodes?: number,
  band?: number,
): { up: Uint8Array; tight: Uint8Array } | null {
  const k = cell.length;
  const t = buildTransport(m, n, cell, weight, rowNeed, colNeed);
  if (!t) return null;
  // Over node pairs a unit costs about nodes² steps: that pays for few nodes and many
  // items (n × 12); squares go to network simplex.
  const byPairs = pairNodes === undefined ? t.nodes <= PAIR_NODES && 4 * t.nodes <= t.items : t.nodes <= pairNodes;
  work.spend(4 * k);
  settleByPrices(t, work, byPairs);
  if (byPairs) {
    let surplus = 0;
    for (let v = 0; v < t.nodes; v++) surplus += Math.max(0, t.excess[v]);
    if (surplus > 0 && !balanceByPairs(t, surplus, work)) return null;
  } else if (!solveBySimplex(t, work, band)) {
    return null;
  }

  // The optimal dual: node prices pi; each item's potential is the least w + pi over its up
  // cells (or the most over its down cells). Tight cells meet it exactly.
  const { start, w, node, entryCand } = t;
  const up = new Uint8Array(k);
  const tight = new Uint8Array(k);
  for (let p = 0; p < t.items; p++) {
    const level = itemLevel(t, p);
    for (let e = start[p]; e < start[p + 1]; e++) {
      up[entryCand[e]] = t.up[e];
      tight[entryCand[e]] = w[e] + t.pi[node[e]] === level ? 1 : 0;
    }
  }
  return { up, tight };
}

/**
 * The choice greedy at the prices: each item takes the entries with the largest w + pi;
 * among equal ones at the cut, those whose node has the most room left, then in node
 * order (so ties spread out instead of piling up). Sets the node excesses and, per item,
 * the value of its lowest up and highest down entry.
 *
 * An item's cut (its take-th largest value) is found by selection ({@link selectLargest}),
 * not a sort: linear in its entries, the selection's passes counted as work.
 */
function takeHeaviest(t: Transport, lowUp: Float64Array, highDown: Float64Array, work: Work): void {
  const { start, node, w, up, pi, itemNeed, nodeNeed } = t;
  const count = new Float64Array(t.nodes);
  const values = new Float64Array(t.nodes);
  const tied: number[] = [];
  let steps = t.items + 6 * t.node.length;
  for (let p = 0; p < t.items; p++) {
    const s = start[p];
    const len = start[p + 1] - s;
    for (let r = 0; r < len; r++) {
      up[s + r] = 0;
      values[r] = w[s + r] + pi[node[s + r]];
    }
    const take = itemNeed[p];
    if (take === 0) {
      let high = -Infinity;
      for (let r = 0; r < len; r++) if (values[r] > high) high = values[r];
      lowUp[p] = Infinity;
      highDown[p] = high;
      continue;
    }
    steps += selectLargest(values, len, take - 1);
    const cut = values[take - 1];
    let high = -Infinity;
    for (let r = take; r < len; r++) if (values[r] > high) high = values[r];
    lowUp[p] = cut;
    highDown[p] = high;
    // Every entry above the cut goes up; then, among the entries at the cut (in node
    // order), most room first (an item has one entry per node, so taking one leaves the
    // others' room as it is).
    let taken = 0;
    tied.length = 0;
    for (let e = s; e < s + len; e++) {
      const v = w[e] + pi[node[e]];
      if (v > cut) {
        up[e] = 1;
        count[node[e]]++;
        taken++;
      } else if (v === cut) {
        tied.push(e);
      }
    }
    if (tied.length > take - taken) {
      steps += tied.length * Math.log2(tied.length + 1);
      tied.sort((a, b) => nodeNeed[node[b]] - count[node[b]] - (nodeNeed[node[a]] - count[node[a]]) || a - b);
    }
    for (let u = 0; u < take - taken; u++) {
      up[tied[u]] = 1;
      count[node[tied[u]]]++;
    }
  }
  work.spend(steps);
  for (let v = 0; v < t.nodes; v++) t.excess[v] = count[v] - nodeNeed[v];
}

/**
 * Sets node prices near their optimal values before the exact search: round after round,
 * each node with too many ups lowers its price, and each with too few raises it, by half
 * of what would make just enough items switch (the items' other entries held fixed); then
 * every item chooses again at the new prices. Keeps the prices with the least surplus
 * (the choice is greedy at them, so the exact search can start from there).
 *
 * Before node pairs (`forPairs`), rounds go on while the search would cost more than a few
 * rounds; before network simplex, whose units are cheap, only while a round still takes
 * off a good share (15 %) of the surplus, once it has started falling.
 */
function settleByPrices(t: Transport, work: Work, forPairs: boolean): void {
  const { items, nodes, itemOf, w, nodeStart, byNode, up, excess, pi } = t;
  const lowUp = new Float64Array(items);
  const highDown = new Float64Array(items);
  const surplusNow = (): number => {
    let s = 0;
    for (let v = 0; v < nodes; v++) s += Math.max(0, excess[v]);
    return s;
  };
  takeHeaviest(t, lowUp, highDown, work);
  let surplus = surplusNow();
  let bestSurplus = surplus;
  let bestPi = pi.slice();
  const step = new Float64Array(nodes);
  let widest = 0;
  for (let j = 0; j < nodes; j++) widest = Math.max(widest, nodeStart[j + 1] - nodeStart[j]);
  const gaps = new Float64Array(widest);
  // Worth it only while the exact search would cost more than a few rounds (a unit moved by
  // the search costs about nodes² steps) and the surplus still falls.
  const cells = t.node.length;
  const perUnit = nodes * nodes;
  let falling = false;
  let slowed = false;
  const worth = (): boolean => (forPairs ? surplus * perUnit > 8 * cells * Math.log2(nodes + 1) : surplus > 0 && !slowed);
  for (let round = 0, stale = 0; round < PRICE_ROUNDS && worth() && stale < 5; round++) {
    const before = surplus;
    step.fill(0);
    // Each node's gaps listed (a few steps a cell) and the one needed found by selection.
    let steps = 4 * cells;
    for (let j = 0; j < nodes; j++) {
      if (excess[j] === 0) continue;
      let len = 0;
      for (let a = nodeStart[j]; a < nodeStart[j + 1]; a++) {
        const e = byNode[a];
        const p = itemOf[e];
        const v = w[e] + pi[j];
        // Negated, so that the selection of the largest finds the smallest gaps.
        if (excess[j] > 0 && up[e] && highDown[p] > -Infinity) gaps[len++] = highDown[p] - v;
        else if (excess[j] < 0 && !up[e] && lowUp[p] < Infinity) gaps[len++] = v - lowUp[p];
      }
      if (len === 0) continue;
      // The |excess|-th smallest gap; half the way past it (at least 1: ties are shared out
      // by room, see takeHeaviest).
      const k = Math.min(Math.abs(excess[j]), len) - 1;
      steps += selectLargest(gaps, len, k);
      const gap = -gaps[k] + 1;
      step[j] = Math.sign(excess[j]) * -Math.ceil(gap / 2);
    }
    work.spend(steps);
    for (let j = 0; j < nodes; j++) pi[j] += step[j];
    takeHeaviest(t, lowUp, highDown, work);
    surplus = surplusNow();
    if (surplus < 0.85 * before) falling = true;
    else if (falling) slowed = true;
    if (surplus < bestSurplus) {
      bestSurplus = surplus;
      bestPi = pi.slice();
      stale = 0;
    } else {
      stale++;
    }
  }
  if (surplus > bestSurplus) {
    pi.set(bestPi);
    takeHeaviest(t, lowUp, highDown, work);
  }
}

/**
 * Successive shortest paths over the nodes: an edge u → v moves some item's unit from u
 * to v at cost w(u) − w(v), the cheapest such items per node pair kept in a heap (all of
 * them when they fit in {@link PAIR_MEMORY}, else the cheapest few, rescanned when used up). Surplus
 * nodes are the sources, short nodes the targets; prices are Dijkstra potentials, so the
 * choice stays optimal. A path is reused while it stays shortest. Each unit costs
 * O(nodes² + path × nodes × log); false when a surplus cannot reach a short node.
 */
function balanceByPairs(t: Transport, surplus: number, work: Work): boolean {
  const { nodes, start, node, itemOf, w, nodeStart, byNode, up, excess, pi } = t;
  // Per node pair, a heap of moves, filled lazily with the cheapest few by a scan of
  // the node's items; bound: every valid move not in the heap costs at least this much
  // (−∞: never scanned; +∞: the heap holds them all). Moves that become valid are pushed.
  const heaps: (MinHeap | undefined)[] = new Array(nodes * nodes);
  const bound = new Float64Array(nodes * nodes).fill(-Infinity);
  const keepPerPair = Math.max(8, Math.floor(PAIR_MEMORY / (nodes * nodes)));
  const keys: number[] = [];
  const ups: number[] = [];
  const downs: number[] = [];
  let negated = new Float64Array(0);
  /** The entry of item p at node v, or −1 (entries are in node order). */
  const entryAt = (p: number, v: number): number => {
    let lo = start[p];
    let hi = start[p + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (node[mid] === v) return mid;
      if (node[mid] < v) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const scan = (u: number, v: number): void => {
    // Each entry of u: a binary search for the item's entry at v (log2 nodes comparisons, cheap ones).
    work.spend((nodeStart[u + 1] - nodeStart[u]) * (1 + Math.log2(nodes + 1) / 2));
    keys.length = ups.length = downs.length = 0;
    for (let a = nodeStart[u]; a < nodeStart[u + 1]; a++) {
      const e = byNode[a];
      if (!up[e]) continue;
      const f = entryAt(itemOf[e], v);
      if (f < 0 || up[f]) continue;
      keys.push(w[e] - w[f]);
      ups.push(e);
      downs.push(f);
    }
    const h = new MinHeap();
    const keep = Math.min(keepPerPair, keys.length);
    let limit = Infinity;
    if (keys.length > keep) {
      // The keep cheapest moves (the heap needs no order among them): the (keep + 1)-th
      // cheapest key by selection, then every key below it and, in scan order, enough at it.
      if (negated.length < keys.length) negated = new Float64Array(2 * keys.length);
      for (let r = 0; r < keys.length; r++) negated[r] = -keys[r];
      work.spend(2 * keys.length + selectLargest(negated, keys.length, keep));
      limit = -negated[keep];
      let atLimit = keep;
      for (let r = 0; r < keys.length; r++) if (keys[r] < limit) atLimit--;
      for (let r = 0; r < keys.length; r++) {
        if (keys[r] < limit || (keys[r] === limit && atLimit-- > 0)) h.append(keys[r], ups[r], downs[r]);
      }
    } else {
      for (let r = 0; r < keep; r++) h.append(keys[r], ups[r], downs[r]);
    }
    h.heapify();
    heaps[u * nodes + v] = h;
    bound[u * nodes + v] = limit;
  };
  // When every pair's moves fit in memory, list them all at once (no scans needed).
  let pairs = 0;
  for (let p = 0; p < t.items; p++) {
    let count = 0;
    for (let e = start[p]; e < start[p + 1]; e++) count += up[e];
    pairs += count * (start[p + 1] - start[p] - count);
  }
  if (pairs <= PAIR_MEMORY) {
    work.spend(pairs);
    for (let p = 0; p < t.items; p++) {
      for (let a = start[p]; a < start[p + 1]; a++) {
        if (!up[a]) continue;
        for (let b = start[p]; b < start[p + 1]; b++) {
          if (!up[b]) (heaps[node[a] * nodes + node[b]] ??= new MinHeap()).append(w[a] - w[b], a, b);
        }
      }
    }
    for (const h of heaps) h?.heapify();
    bound.fill(Infinity);
  }
  const cheapest = (u: number, v: number): MinHeap | undefined => {
    const i = u * nodes + v;
    for (;;) {
      const h = heaps[i];
      if (h) while (h.size > 0 && !(up[h.topA()] === 1 && up[h.topB()] === 0)) h.pop();
      if (h && h.size > 0 && h.topKey() <= bound[i]) return h;
      if (bound[i] === Infinity) return undefined;
      scan(u, v);
    }
  };
  /** Moves an item's unit from entry `from` to entry `to` and records the moves this opens. */
  const move = (from: number, to: number): void => {
    // Each entry of the item: a heap push (a dozen steps).
    work.spend(12 * (start[itemOf[to] + 1] - start[itemOf[to]]));
    up[from] = 0;
    up[to] = 1;
    const p = itemOf[to];
    for (let e = start[p]; e < start[p + 1]; e++) {
      const a = up[e] ? e : to;
      const b = up[e] ? from : e;
      if (a === b || (up[e] && e === to)) continue;
      const i = node[a] * nodes + node[b];
      if (bound[i] === -Infinity) continue; // never scanned: the scan will find it
      (heaps[i] ??= new MinHeap()).push(w[a] - w[b], a, b);
    }
  };

  // The super-source's and sink's potentials: reduced costs of their arcs start ≥ 0.
  let piSource = -Infinity;
  let piSink = Infinity;
  for (let v = 0; v < nodes; v++) {
    if (excess[v] > 0) piSource = Math.max(piSource, pi[v]);
    if (excess[v] < 0) piSink = Math.min(piSink, pi[v]);
  }
  const sink = nodes;
  const dist = new Float64Array(nodes + 1);
  const done = new Uint8Array(nodes + 1);
  const prevNode = new Int32Array(nodes + 1);
  const prevUp = new Int32Array(nodes + 1);
  const prevDown = new Int32Array(nodes + 1);
  while (surplus > 0) {
    work.spend(2 * nodes * nodes);
    dist.fill(Infinity);
    done.fill(0);
    prevNode.fill(-1);
    for (let v = 0; v < nodes; v++) if (excess[v] > 0) dist[v] = piSource - pi[v];
    for (;;) {
      let u = -1;
      for (let v = 0; v <= nodes; v++) if (!done[v] && dist[v] < Infinity && (u < 0 || dist[v] < dist[u])) u = v;
      if (u < 0) return false;
      if (u === sink) break;
      done[u] = 1;
      if (excess[u] < 0) {
        const d = dist[u] + pi[u] - piSink;
        if (d < dist[sink]) {
          dist[sink] = d;
          prevNode[sink] = u;
        }
      }
      for (let v = 0; v < nodes; v++) {
        if (v === u || done[v]) continue;
        const h = cheapest(u, v);
        if (!h) continue;
        const d = dist[u] + h.topKey() + pi[u] - pi[v];
        if (d < dist[v]) {
          dist[v] = d;
          prevNode[v] = u;
          prevUp[v] = h.topA();
          prevDown[v] = h.topB();
        }
      }
    }
    const reach = dist[sink];
    for (let v = 0; v < nodes; v++) pi[v] += Math.min(dist[v], reach);
    piSink += reach;

    // The path, from the short node back to the surplus node, with the move of each step.
    const path: number[] = [];
    const ups: number[] = [];
    const downs: number[] = [];
    for (let v = prevNode[sink]; v >= 0; v = prevNode[v]) {
      path.push(v);
      ups.push(prevUp[v]);
      downs.push(prevDown[v]);
    }
    const end = path[0];
    const from = path[path.length - 1];
    // Move units along it, one at a time, while it stays a shortest path (every step's
    // cheapest move still at zero reduced cost).
    for (;;) {
      for (let s = 0; s + 1 < path.length; s++) move(ups[s], downs[s]);
      excess[end]++;
      excess[from]--;
      surplus--;
      if (surplus === 0 || excess[end] >= 0 || excess[from] <= 0) break;
      let tight = true;
      for (let s = 0; s + 1 < path.length && tight; s++) {
        const h = cheapest(path[s + 1], path[s]);
        tight = h !== undefined && h.topKey() + pi[path[s + 1]] - pi[path[s]] === 0;
        if (h) {
          ups[s] = h.topA();
          downs[s] = h.topB();
        }
      }
      if (!tight) break;
    }
  }
  return true;
}
