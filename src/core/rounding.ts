/**
 * Controlled rounding of a two-way table, the last step of `TARGET.SPREAD` with a unit:
 * every cell of an exact grid goes down or up to a whole unit, every row and column keeps
 * its total, and among all such roundings the closest to the exact grid is chosen (ties:
 * round up the earlier cell, row by row). A transportation problem on the fractional
 * parts, solved deterministically — no trial and error.
 */
import { TOL } from "./tolerance";

/** A cell within this many units of a whole number (or 1e-9 of its size, if smaller) is exact. */
const EXACT_UNITS_CAP = 1e-6;
/** A fitted grid's fractional parts are compared as whole numbers of 1e-9 units, so near-equal roundings tie. */
const COST_SCALE = 1e9;
/** Up to this many nodes (the shorter side), balancing searches node pairs; above, the cells. */
const PAIR_NODES = 256;
/** Moves kept in all node pairs' heaps after their scans (at least 8 per pair). */
const PAIR_MEMORY = 400_000;
/** Rounds of price setting before the exact search. */
const PRICE_ROUNDS = 24;

// ---- controlled rounding -----------------------------------------------------------------

/**
 * Rounds a grid (in units, margins whole numbers) cell by cell down or up to whole units so
 * that every row and column keeps its total, choosing the closest such rounding and, among
 * equally close ones, the lexicographically largest (earlier cells up). Null if there is none.
 *
 * Every cell first goes down; row i then needs a_i more units and column j needs b_j, given
 * one at a time to cells with a fractional part f. Since the number of units handed out is
 * fixed, the closest rounding is the one maximising Σ f over the cells rounded up: a
 * transportation problem, solved by successive shortest paths over the smaller side
 * ({@link chooseUps}), then made lexicographically largest by zero-cost exchange cycles
 * ({@link preferEarlierUps}). The weights f are whole numbers: exact remainders for a
 * proportional grid (`proportional`, no seed), else f in units of 1e-9.
 */
export function roundControlled(q: Float64Array, m: number, n: number, rows: number[], cols: number[], proportional: boolean): Float64Array | null {
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
  const up = chooseUps(m, n, cell, weight, need, colNeed);
  if (!up) return null;
  if (k > 0) preferEarlierUps(m, n, cell, up.up, up.tight);
  for (let t = 0; t < k; t++) if (up.up[t]) units[cell[t]] += 1;
  return units;
}

/**
 * The 0/1 transportation problem of {@link chooseUps}, in the solver's orientation: items
 * (the longer side) each need some ups among their entries (candidate cells); each node
 * (the shorter side) needs a given number of ups. `pi` are node prices (potentials): the
 * choice is always *greedy at these prices* (each item's ups have the largest w + pi), so
 * pi is a dual that proves the choice optimal once every node has what it needs.
 */
interface Transport {
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
  /** 1 where the entry is rounded up. */
  up: Uint8Array;
  /** Per node: ups it has minus ups it needs. */
  excess: Float64Array;
  pi: Float64Array;
}

/**
 * The 0/1 transportation problem: choose candidate cells to round up so that row i gets
 * `rowNeed[i]` and column j gets `colNeed[j]`, maximising the total weight. Returns the
 * choice and which candidates are *tight* (zero reduced cost under an optimal dual: the only
 * cells a zero-cost exchange may touch), or null when no choice meets the margins.
 *
 * Works on the longer side as "items" and the shorter as "nodes" (usually rows × 12
 * months). Each item first takes its heaviest cells (a choice greedy at prices 0); prices of
 * nodes with too many ups then fall until enough items leave them ({@link settleByPrices});
 * what is left is moved along shortest paths, which keeps the choice optimal
 * ({@link balanceByPairs} over node pairs, or {@link balanceByCells} for many nodes).
 */
function chooseUps(
  m: number,
  n: number,
  cell: Int32Array,
  weight: Float64Array,
  rowNeed: number[],
  colNeed: number[],
): { up: Uint8Array; tight: Uint8Array } | null {
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

  const t: Transport = {
    items,
    nodes,
    start,
    node,
    itemOf,
    w,
    nodeStart,
    byNode,
    up: new Uint8Array(k),
    excess: new Float64Array(nodes),
    pi: new Float64Array(nodes),
  };
  settleByPrices(t, itemNeed, nodeNeed);
  let surplus = 0;
  for (let v = 0; v < nodes; v++) surplus += Math.max(0, t.excess[v]);
  if (surplus > 0) {
    const balanced = nodes <= PAIR_NODES ? balanceByPairs(t, surplus) : balanceByCells(t, surplus);
    if (!balanced) return null;
  }

  // The optimal dual: node prices pi; each item's potential is the least w + pi over its up
  // cells (or the most over its down cells). Tight cells meet it exactly.
  const up = new Uint8Array(k);
  const tight = new Uint8Array(k);
  for (let p = 0; p < items; p++) {
    const level = itemLevel(t, p);
    for (let e = start[p]; e < start[p + 1]; e++) {
      up[entryCand[e]] = t.up[e];
      tight[entryCand[e]] = w[e] + t.pi[node[e]] === level ? 1 : 0;
    }
  }
  return { up, tight };
}

/** An item's potential: the least w + pi over its ups, else the most over its downs (0 if none). */
function itemLevel(t: Transport, p: number): number {
  let lowUp = Infinity;
  let highDown = -Infinity;
  for (let e = t.start[p]; e < t.start[p + 1]; e++) {
    const r = t.w[e] + t.pi[t.node[e]];
    if (t.up[e]) lowUp = Math.min(lowUp, r);
    else highDown = Math.max(highDown, r);
  }
  return lowUp < Infinity ? lowUp : highDown > -Infinity ? highDown : 0;
}

/**
 * The choice greedy at the prices: each item takes the entries with the largest w + pi;
 * among equal ones at the cut, those whose node has the most room left, then in node
 * order (so ties spread out instead of piling up). Sets the node excesses and, per item,
 * the value of its lowest up and highest down entry.
 */
function takeHeaviest(t: Transport, itemNeed: number[], nodeNeed: number[], lowUp: Float64Array, highDown: Float64Array): void {
  const { start, node, w, up, pi } = t;
  const count = new Float64Array(t.nodes);
  const order = new Int32Array(t.nodes);
  const value = (e: number): number => w[e] + pi[node[e]];
  for (let p = 0; p < t.items; p++) {
    const s = start[p];
    const len = start[p + 1] - s;
    if (len > 32) {
      order.set(Array.from({ length: len }, (_, r) => s + r).sort((a, b) => value(b) - value(a) || a - b));
    } else {
      // Insertion sort of a few entries: largest first, ties in node order.
      for (let r = 0; r < len; r++) {
        const e = s + r;
        const v = value(e);
        let u = r;
        while (u > 0 && value(order[u - 1]) < v) {
          order[u] = order[u - 1];
          u--;
        }
        order[u] = e;
      }
    }
    for (let e = s; e < s + len; e++) up[e] = 0;
    const take = itemNeed[p];
    lowUp[p] = take > 0 ? value(order[take - 1]) : Infinity;
    highDown[p] = take < len ? value(order[take]) : -Infinity;
    if (take === 0) continue;
    const cut = lowUp[p];
    let r = 0;
    for (; r < take && value(order[r]) > cut; r++) {
      up[order[r]] = 1;
      count[node[order[r]]]++;
    }
    // The rest among the entries tied at the cut: most room first, then node order (an
    // item has one entry per node, so taking one leaves the others' room as it is).
    let end = r;
    while (end < len && value(order[end]) === cut) end++;
    const tied = Array.from(order.subarray(r, end));
    const room = (e: number): number => nodeNeed[node[e]] - count[node[e]];
    tied.sort((a, b) => room(b) - room(a) || a - b);
    for (let u = 0; u < take - r; u++) {
      up[tied[u]] = 1;
      count[node[tied[u]]]++;
    }
  }
  for (let v = 0; v < t.nodes; v++) t.excess[v] = count[v] - nodeNeed[v];
}

/**
 * Sets node prices near their optimal values before the exact search: round after round,
 * each node with too many ups lowers its price, and each with too few raises it, by half
 * of what would make just enough items switch (the items' other entries held fixed); then
 * every item chooses again at the new prices. Keeps the prices with the least surplus
 * (the choice is greedy at them, so the exact search can start from there).
 */
function settleByPrices(t: Transport, itemNeed: number[], nodeNeed: number[]): void {
  const { items, nodes, itemOf, w, nodeStart, byNode, up, excess, pi } = t;
  const lowUp = new Float64Array(items);
  const highDown = new Float64Array(items);
  const surplusNow = (): number => {
    let s = 0;
    for (let v = 0; v < nodes; v++) s += Math.max(0, excess[v]);
    return s;
  };
  takeHeaviest(t, itemNeed, nodeNeed, lowUp, highDown);
  let surplus = surplusNow();
  let bestSurplus = surplus;
  let bestPi = pi.slice();
  const step = new Float64Array(nodes);
  const gaps: number[] = [];
  // Worth it only while the exact search would cost more than a few rounds (a unit moved by
  // the search costs about nodes² steps, or a pass over the cells for many nodes) and the
  // surplus still falls.
  const cells = t.node.length;
  const perUnit = nodes <= PAIR_NODES ? nodes * nodes : cells;
  const worth = (): boolean => surplus * perUnit > 8 * cells * Math.log2(nodes + 1);
  for (let round = 0, stale = 0; round < PRICE_ROUNDS && worth() && stale < 5; round++) {
    step.fill(0);
    for (let j = 0; j < nodes; j++) {
      if (excess[j] === 0) continue;
      gaps.length = 0;
      for (let a = nodeStart[j]; a < nodeStart[j + 1]; a++) {
        const e = byNode[a];
        const p = itemOf[e];
        const v = w[e] + pi[j];
        if (excess[j] > 0 && up[e] && highDown[p] > -Infinity) gaps.push(v - highDown[p]);
        else if (excess[j] < 0 && !up[e] && lowUp[p] < Infinity) gaps.push(lowUp[p] - v);
      }
      if (gaps.length === 0) continue;
      gaps.sort((x, y) => x - y);
      // Half the way past the gap (at least 1: ties are shared out by room, see takeHeaviest).
      const gap = gaps[Math.min(Math.abs(excess[j]), gaps.length) - 1] + 1;
      step[j] = Math.sign(excess[j]) * -Math.ceil(gap / 2);
    }
    for (let j = 0; j < nodes; j++) pi[j] += step[j];
    takeHeaviest(t, itemNeed, nodeNeed, lowUp, highDown);
    surplus = surplusNow();
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
    takeHeaviest(t, itemNeed, nodeNeed, lowUp, highDown);
  }
}

/**
 * A binary min-heap of (key, up entry, down entry): moving an item's unit from the up
 * entry's node to the down entry's node, at cost key. Entries whose cells have changed
 * since are skipped by the reader.
 */
class MoveHeap {
  private keys: number[] = [];
  private ups: number[] = [];
  private downs: number[] = [];

  get size(): number {
    return this.keys.length;
  }
  topKey(): number {
    return this.keys[0];
  }
  topUp(): number {
    return this.ups[0];
  }
  topDown(): number {
    return this.downs[0];
  }
  push(key: number, up: number, down: number): void {
    let k = this.keys.length;
    this.keys.push(key);
    this.ups.push(up);
    this.downs.push(down);
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!(this.keys[k] < this.keys[p])) break;
      this.swap(k, p);
      k = p;
    }
  }
  /** Appends without ordering; call {@link heapify} before reading. */
  append(key: number, up: number, down: number): void {
    this.keys.push(key);
    this.ups.push(up);
    this.downs.push(down);
  }
  heapify(): void {
    for (let k = (this.keys.length >> 1) - 1; k >= 0; k--) this.siftDown(k);
  }
  pop(): void {
    const last = this.keys.length - 1;
    this.swap(0, last);
    this.keys.pop();
    this.ups.pop();
    this.downs.pop();
    this.siftDown(0);
  }
  private siftDown(k: number): void {
    const size = this.keys.length;
    for (;;) {
      const l = 2 * k + 1;
      if (l >= size) break;
      const c = l + 1 < size && this.keys[l + 1] < this.keys[l] ? l + 1 : l;
      if (!(this.keys[c] < this.keys[k])) break;
      this.swap(c, k);
      k = c;
    }
  }
  private swap(a: number, b: number): void {
    const key = this.keys[a];
    this.keys[a] = this.keys[b];
    this.keys[b] = key;
    const up = this.ups[a];
    this.ups[a] = this.ups[b];
    this.ups[b] = up;
    const down = this.downs[a];
    this.downs[a] = this.downs[b];
    this.downs[b] = down;
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
function balanceByPairs(t: Transport, surplus: number): boolean {
  const { nodes, start, node, itemOf, w, nodeStart, byNode, up, excess, pi } = t;
  // Per node pair, a heap of moves, filled lazily with the cheapest few by a scan of
  // the node's items; bound: every valid move not in the heap costs at least this much
  // (−∞: never scanned; +∞: the heap holds them all). Moves that become valid are pushed.
  const heaps: (MoveHeap | undefined)[] = new Array(nodes * nodes);
  const bound = new Float64Array(nodes * nodes).fill(-Infinity);
  const keepPerPair = Math.max(8, Math.floor(PAIR_MEMORY / (nodes * nodes)));
  const keys: number[] = [];
  const ups: number[] = [];
  const downs: number[] = [];
  const order: number[] = [];
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
    keys.length = ups.length = downs.length = order.length = 0;
    for (let a = nodeStart[u]; a < nodeStart[u + 1]; a++) {
      const e = byNode[a];
      if (!up[e]) continue;
      const f = entryAt(itemOf[e], v);
      if (f < 0 || up[f]) continue;
      order.push(keys.length);
      keys.push(w[e] - w[f]);
      ups.push(e);
      downs.push(f);
    }
    if (keys.length > keepPerPair) order.sort((a, b) => keys[a] - keys[b] || a - b);
    const h = new MoveHeap();
    const keep = Math.min(keepPerPair, keys.length);
    for (let r = 0; r < keep; r++) h.append(keys[order[r]], ups[order[r]], downs[order[r]]);
    h.heapify();
    heaps[u * nodes + v] = h;
    bound[u * nodes + v] = keys.length > keep ? keys[order[keep]] : Infinity;
  };
  // When every pair's moves fit in memory, list them all at once (no scans needed).
  let pairs = 0;
  for (let p = 0; p < t.items; p++) {
    let count = 0;
    for (let e = start[p]; e < start[p + 1]; e++) count += up[e];
    pairs += count * (start[p + 1] - start[p] - count);
  }
  if (pairs <= PAIR_MEMORY) {
    for (let p = 0; p < t.items; p++) {
      for (let a = start[p]; a < start[p + 1]; a++) {
        if (!up[a]) continue;
        for (let b = start[p]; b < start[p + 1]; b++) {
          if (!up[b]) (heaps[node[a] * nodes + node[b]] ??= new MoveHeap()).append(w[a] - w[b], a, b);
        }
      }
    }
    for (const h of heaps) h?.heapify();
    bound.fill(Infinity);
  }
  const cheapest = (u: number, v: number): MoveHeap | undefined => {
    const i = u * nodes + v;
    for (;;) {
      const h = heaps[i];
      if (h) while (h.size > 0 && !(up[h.topUp()] === 1 && up[h.topDown()] === 0)) h.pop();
      if (h && h.size > 0 && h.topKey() <= bound[i]) return h;
      if (bound[i] === Infinity) return undefined;
      scan(u, v);
    }
  };
  /** Moves an item's unit from entry `from` to entry `to` and records the moves this opens. */
  const move = (from: number, to: number): void => {
    up[from] = 0;
    up[to] = 1;
    const p = itemOf[to];
    for (let e = start[p]; e < start[p + 1]; e++) {
      const a = up[e] ? e : to;
      const b = up[e] ? from : e;
      if (a === b || (up[e] && e === to)) continue;
      const i = node[a] * nodes + node[b];
      if (bound[i] === -Infinity) continue; // never scanned: the scan will find it
      (heaps[i] ??= new MoveHeap()).push(w[a] - w[b], a, b);
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
          prevUp[v] = h.topUp();
          prevDown[v] = h.topDown();
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
          ups[s] = h.topUp();
          downs[s] = h.topDown();
        }
      }
      if (!tight) break;
    }
  }
  return true;
}

/**
 * The same balancing as {@link balanceByPairs}, by successive shortest paths over the
 * cells: nodes and items are vertices, a node reaches an item that is up there (cost w)
 * and an item reaches a node where it is down (cost −w). O(cells × log) per unit moved
 * but no memory per node pair. False when a surplus cannot reach a short node.
 */
function balanceByCells(t: Transport, surplus: number): boolean {
  const { items, nodes, start, node, itemOf, w, nodeStart, byNode, up, excess, pi } = t;
  const sink = nodes + items;
  const V = sink + 1;
  // Potentials: node prices; each item its level; source and sink as in balanceByPairs.
  const pot = new Float64Array(V);
  pot.set(pi);
  for (let p = 0; p < items; p++) pot[nodes + p] = itemLevel(t, p);
  let piSource = -Infinity;
  pot[sink] = Infinity;
  for (let v = 0; v < nodes; v++) {
    if (excess[v] > 0) piSource = Math.max(piSource, pi[v]);
    if (excess[v] < 0) pot[sink] = Math.min(pot[sink], pi[v]);
  }

  const dist = new Float64Array(V);
  const done = new Uint8Array(V);
  const prevEntry = new Int32Array(V); // the entry used to reach a vertex (−1: a start)
  const heapKey: number[] = [];
  const heapVertex: number[] = [];
  const push = (key: number, vertex: number): void => {
    let c = heapKey.length;
    heapKey.push(key);
    heapVertex.push(vertex);
    while (c > 0) {
      const parent = (c - 1) >> 1;
      if (heapKey[parent] <= key) break;
      heapKey[c] = heapKey[parent];
      heapVertex[c] = heapVertex[parent];
      c = parent;
    }
    heapKey[c] = key;
    heapVertex[c] = vertex;
  };
  const pop = (): number => {
    const top = heapVertex[0];
    const lastKey = heapKey.pop() as number;
    const lastVertex = heapVertex.pop() as number;
    const size = heapKey.length;
    if (size > 0) {
      let c = 0;
      for (;;) {
        let child = 2 * c + 1;
        if (child >= size) break;
        if (child + 1 < size && heapKey[child + 1] < heapKey[child]) child++;
        if (heapKey[child] >= lastKey) break;
        heapKey[c] = heapKey[child];
        heapVertex[c] = heapVertex[child];
        c = child;
      }
      heapKey[c] = lastKey;
      heapVertex[c] = lastVertex;
    }
    return top;
  };
  const relax = (x: number, d: number, entry: number): void => {
    if (d < dist[x]) {
      dist[x] = d;
      prevEntry[x] = entry;
      push(d, x);
    }
  };

  while (surplus > 0) {
    dist.fill(Infinity);
    done.fill(0);
    heapKey.length = 0;
    heapVertex.length = 0;
    let sinkFrom = -1;
    for (let v = 0; v < nodes; v++) if (excess[v] > 0) relax(v, piSource - pot[v], -1);
    while (heapKey.length > 0) {
      const x = pop();
      if (done[x]) continue;
      done[x] = 1;
      if (x === sink) break;
      if (x < nodes) {
        if (excess[x] < 0 && dist[x] + pot[x] - pot[sink] < dist[sink]) {
          dist[sink] = dist[x] + pot[x] - pot[sink];
          sinkFrom = x;
          push(dist[sink], sink);
        }
        for (let a = nodeStart[x]; a < nodeStart[x + 1]; a++) {
          const e = byNode[a];
          const item = nodes + itemOf[e];
          if (up[e] && !done[item]) relax(item, dist[x] + w[e] + pot[x] - pot[item], e);
        }
      } else {
        for (let e = start[x - nodes]; e < start[x - nodes + 1]; e++) {
          if (!up[e] && !done[node[e]]) relax(node[e], dist[x] - w[e] + pot[x] - pot[node[e]], e);
        }
      }
    }
    if (!done[sink]) return false;
    const reach = dist[sink];
    for (let x = 0; x < V; x++) pot[x] += Math.min(dist[x], reach);
    // Walk back from the sink: the short node, then item and node in turn, to a surplus node.
    let v = sinkFrom;
    excess[v]++;
    for (;;) {
      const e = prevEntry[v];
      if (e < 0) break;
      up[e] = 1; // the item takes the unit at v …
      const left = prevEntry[nodes + itemOf[e]];
      up[left] = 0; // … and gives it up at the node it came from
      v = node[left];
    }
    excess[v]--;
    surplus--;
  }
  for (let v = 0; v < nodes; v++) pi[v] = pot[v];
  return true;
}

/**
 * Among the optimal choices, makes the one whose first difference (row by row) is an up:
 * for each tight cell still down, in reading order, look for a zero-cost exchange cycle
 * that rounds it up, rounds down a later up cell of the same row and passes only through
 * later rows (breadth-first over the tight cells); cells already passed stay as they are.
 * A search that fails marks the columns it saw as dead for the rest of the row. Each
 * column keeps the set of its tight up cells in later rows, so a search only walks ups.
 */
function preferEarlierUps(m: number, n: number, cell: Int32Array, up: Uint8Array, tight: Uint8Array): void {
  const k = cell.length;
  const rowOf = new Int32Array(k);
  const colOf = new Int32Array(k);
  // Tight candidates by row, in column order (candidates come row by row).
  const rowStart = new Int32Array(m + 1);
  for (let t = 0; t < k; t++) {
    rowOf[t] = (cell[t] / n) | 0;
    colOf[t] = cell[t] - rowOf[t] * n;
    if (tight[t]) rowStart[rowOf[t] + 1]++;
  }
  for (let i = 0; i < m; i++) rowStart[i + 1] += rowStart[i];
  const total = rowStart[m];
  if (total === 0) return;
  const byRow = new Int32Array(total);
  const rowFill = rowStart.slice(0, m);
  for (let t = 0; t < k; t++) if (tight[t]) byRow[rowFill[rowOf[t]]++] = t;
  const upsBelow: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (let a = 0; a < total; a++) if (up[byRow[a]]) upsBelow[colOf[byRow[a]]].add(byRow[a]);

  const colSeen = new Int32Array(n);
  const colDead = new Int32Array(n);
  const rowSeen = new Int32Array(m);
  const colVia = new Int32Array(n); // the cell rounded up to enter a column
  const rowVia = new Int32Array(m); // the cell rounded down to enter a row
  const targetAt = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let stamp = 0;

  for (let i = 0; i < m; i++) {
    const first = rowStart[i];
    const last = rowStart[i + 1];
    for (let a = first; a < last; a++) if (up[byRow[a]]) upsBelow[colOf[byRow[a]]].delete(byRow[a]);
    if (last - first < 2) continue;
    for (let a = first; a < last; a++) targetAt[colOf[byRow[a]]] = byRow[a];
    let lastUp = last - 1; // the row's last up cell: nothing after it can be raised
    let deadStamp = ++stamp;
    for (let a = first; a < last; a++) {
      const p = byRow[a];
      if (up[p]) continue;
      while (lastUp > a && !up[byRow[lastUp]]) lastUp--;
      if (lastUp <= a) break;
      const j = colOf[p];
      if (colDead[j] === deadStamp) continue;

      const seen = ++stamp;
      let qh = 0;
      let qt = 0;
      colSeen[j] = seen;
      colVia[j] = p;
      queue[qt++] = j;
      let found = -1;
      while (qh < qt && found < 0) {
        const u = queue[qh++];
        for (const down of upsBelow[u]) {
          const r = rowOf[down];
          if (rowSeen[r] === seen) continue;
          rowSeen[r] = seen;
          rowVia[r] = down;
          for (let f = rowStart[r]; f < rowStart[r + 1]; f++) {
            const add = byRow[f];
            const v = colOf[add];
            if (up[add] || colSeen[v] === seen || colDead[v] === deadStamp) continue;
            colSeen[v] = seen;
            colVia[v] = add;
            const t = targetAt[v];
            if (v > j && t >= 0 && up[t]) {
              found = v;
              break;
            }
            queue[qt++] = v;
          }
          if (found >= 0) break;
        }
      }
      if (found < 0) {
        for (let q = 0; q < qt; q++) colDead[queue[q]] = deadStamp;
        continue;
      }
      // Flip the cycle: the target goes down, each column's entering cell up, each row's leaving cell down.
      up[targetAt[found]] = 0;
      let v = found;
      for (;;) {
        const add = colVia[v];
        up[add] = 1;
        if (v === j) break;
        upsBelow[v].add(add);
        const down = rowVia[rowOf[add]];
        up[down] = 0;
        v = colOf[down];
        upsBelow[v].delete(down);
      }
      deadStamp = ++stamp;
    }
    for (let a = first; a < last; a++) targetAt[colOf[byRow[a]]] = -1;
  }
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
