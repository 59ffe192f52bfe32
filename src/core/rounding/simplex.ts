/**
 * The solver for grids with many nodes (squares): the network simplex method on the
 * transport problem ({@link Transport}), started from the greedy choice at the prices a few
 * rounds of price setting give (rounding/solve.ts).
 *
 * Items and nodes are vertices; each entry is an arc item → node with capacity 1 and cost
 * −w (so the cheapest flow is the heaviest choice of ups); every vertex also has an
 * artificial arc to a root, of cost M larger than any path of real arcs, carrying what the
 * greedy choice leaves unbalanced. A spanning tree of arcs gives prices (the tree's arcs
 * cost 0 at them); an arc off the tree whose reduced cost says it should change state
 * enters, the cycle it closes carries one unit (or none), and the arc that blocks leaves.
 * With the strongly feasible rule (the last blocking arc from the cycle's top), the method
 * never cycles. It ends when no arc should change: the prices are then an exact optimal
 * dual, which the tie-break needs (the tight cells are those at reduced cost 0).
 *
 * Pricing looks at a band of each item's entries (those ranked near its cut at the
 * start, where nearly all the changes happen) block by block; when the band has nothing,
 * every entry is checked once and those that should change join the band. So the answer is
 * exact; the band only makes most pivots cheap.
 *
 * @example
 * // Rows need [1, 1], columns [1, 1], weights [[9, 1], [8, 7]]: greedy takes (0,0) and
 * // (1,0); column 0 has one unit too many, carried to the root and back to column 1.
 * // Arc (1,1) enters (cost −7 beats the root's M), arc (1,0) leaves: ups (0,0) and
 * // (1,1), total 16, the best.
 */
import { type Transport, type Work } from "./transport";
import { selectLargest } from "./select";

/** Off the tree, at 0 (could rise) or at 1 (could fall); on the tree. */
const LOWER = 1;
const UPPER = -1;
const TREE = 0;
/** The band: entries ranked within this share of an item's entries (at least BAND_MIN) of its cut. */
export const BAND = 0.06;
const BAND_MIN = 2;

/**
 * Chooses the ups by network simplex: sets `t.up` to an optimal choice and `t.pi` to node
 * prices of an exact optimal dual (an item takes its entries of largest w + pi). False
 * when no choice meets the margins. Counts its work in `work`. `band` is the first band's
 * share of each item's entries (0: none, for tests: every entering arc by full scans).
 *
 * @example // see the module's example
 */
export function solveBySimplex(t: Transport, work: Work, band = BAND): boolean {
  const { items, nodes, start, node } = t;
  const k = node.length;
  const root = items + nodes;
  const V = root + 1;
  const arcs = k + root; // the entries, then one artificial arc per vertex
  let steps = 4 * k;

  // Weights as costs. Sums of prices along the tree must stay exact, so past 2^53 / (16 V)
  // the weights are scaled down and the start's prices dropped (only for totals beyond any
  // plan; the start then is merely some choice, which the pivots correct).
  let wmax = 0;
  for (let e = 0; e < k; e++) if (t.w[e] > wmax) wmax = t.w[e];
  let spread = 0;
  for (let v = 0; v < nodes; v++) spread = Math.max(spread, Math.abs(t.pi[v]));
  const limit = Number.MAX_SAFE_INTEGER / (16 * (V + 1));
  let w = t.w;
  if (wmax + 1 > limit || spread > limit * V) {
    const scale = Math.min(1, limit / (wmax + 1));
    w = t.w.map((x) => Math.floor(x * scale));
    wmax = Math.floor(wmax * scale);
    t.pi.fill(0);
    spread = 0;
  }
  const M = (wmax + 1) * V + 2 * spread;

  const src = new Int32Array(arcs);
  const tgt = new Int32Array(arcs);
  const cost = new Float64Array(arcs);
  const flow = new Float64Array(arcs);
  const state = new Int8Array(arcs);
  for (let e = 0; e < k; e++) {
    src[e] = t.itemOf[e];
    tgt[e] = items + node[e];
    cost[e] = -w[e];
  }

  // The start: the choice in `t` (greedy at the node prices t.pi). Each item's band
  // (entries ranked near its cut by w + pi) is kept in place: bandEntries[start[p] … + bandLen[p]).
  const count = new Float64Array(nodes);
  const bandEntries = new Int32Array(k);
  const bandLen = new Int32Array(items);
  const inBand = new Uint8Array(k);
  let widest = 0;
  for (let p = 0; p < items; p++) widest = Math.max(widest, start[p + 1] - start[p]);
  const values = new Float64Array(widest);
  const value = (e: number): number => w[e] + t.pi[node[e]];
  /** The (q + 1)-th largest value of item p's entries, or ±∞ outside them. */
  const rank = (p: number, len: number, q: number): number => {
    if (q < 0) return Infinity;
    if (q >= len) return -Infinity;
    for (let r = 0; r < len; r++) values[r] = value(start[p] + r);
    steps += len + selectLargest(values, len, q);
    return values[q];
  };
  for (let p = 0; p < items; p++) {
    const lo = start[p];
    const hi = start[p + 1];
    const r = band > 0 ? Math.max(BAND_MIN, Math.ceil(band * (hi - lo))) : -1;
    const above = rank(p, hi - lo, t.itemNeed[p] - r - 1);
    const below = rank(p, hi - lo, t.itemNeed[p] + r);
    for (let e = lo; e < hi; e++) {
      flow[e] = t.up[e];
      state[e] = t.up[e] ? UPPER : LOWER;
      count[node[e]] += t.up[e];
      const x = value(e);
      if (r >= 0 && x <= above && x >= below) {
        bandEntries[lo + bandLen[p]++] = e;
        inBand[e] = 1;
      }
    }
  }

  // The first tree: every node hangs from the root by its artificial arc, carrying its
  // surplus up or its shortfall down; every item hangs from the node of its heaviest entry
  // still down (flow 0: the tree is strongly feasible), or from the root.
  const parent = new Int32Array(V).fill(-1);
  const pred = new Int32Array(V).fill(-1); // the arc to the parent
  const depth = new Int32Array(V);
  const pi = new Float64Array(V);
  const firstChild = new Int32Array(V).fill(-1);
  const nextSib = new Int32Array(V).fill(-1);
  const prevSib = new Int32Array(V).fill(-1);
  const attach = (u: number, p: number, arc: number): void => {
    parent[u] = p;
    pred[u] = arc;
    prevSib[u] = -1;
    nextSib[u] = firstChild[p];
    if (firstChild[p] >= 0) prevSib[firstChild[p]] = u;
    firstChild[p] = u;
  };
  const detach = (u: number): void => {
    if (prevSib[u] >= 0) nextSib[prevSib[u]] = nextSib[u];
    else firstChild[parent[u]] = nextSib[u];
    if (nextSib[u] >= 0) prevSib[nextSib[u]] = prevSib[u];
  };
  for (let v = 0; v < nodes; v++) {
    const u = items + v;
    const a = k + u;
    const surplus = count[v] - t.nodeNeed[v];
    state[a] = TREE;
    // Priced so that the nodes keep t.pi's differences (within each side of the root).
    if (surplus >= 0) {
      src[a] = u;
      tgt[a] = root;
      cost[a] = M - t.pi[v];
      pi[u] = t.pi[v] - M;
    } else {
      src[a] = root;
      tgt[a] = u;
      cost[a] = M + t.pi[v];
      pi[u] = M + t.pi[v];
    }
    flow[a] = Math.abs(surplus);
    depth[u] = 1;
    attach(u, root, a);
  }
  for (let p = 0; p < items; p++) {
    const a = k + p;
    src[a] = p;
    tgt[a] = root;
    cost[a] = M;
    state[a] = LOWER;
    let b = -1;
    for (let e = start[p]; e < start[p + 1]; e++) if (flow[e] === 0 && (b < 0 || value(e) > value(b))) b = e;
    if (b < 0) {
      state[a] = TREE;
      pi[p] = -M;
      depth[p] = 1;
      attach(p, root, a);
    } else {
      state[b] = TREE;
      pi[p] = pi[items + node[b]] + w[b];
      depth[p] = 2;
      attach(p, items + node[b], b);
    }
  }

  let bandSize = 0;
  for (let p = 0; p < items; p++) bandSize += bandLen[p];
  let block = Math.max(16, Math.ceil(Math.sqrt(bandSize)));
  let nextItem = 0;
  const stack = new Int32Array(V);
  const piNode = pi.subarray(items, root);
  for (;;) {
    if (steps > 1e6) {
      work.spend(steps);
      steps = 0;
    }
    // The entering arc: the most negative s × reduced cost in a block of the band.
    let best = -1;
    let bestValue = 0;
    let scanned = 0;
    for (let c = 0; c < items; c++) {
      const p = nextItem;
      nextItem = p + 1 === items ? 0 : p + 1;
      const pp = pi[p];
      const lo = start[p];
      const len = bandLen[p];
      for (let q = 0; q < len; q++) {
        const e = bandEntries[lo + q];
        const s = state[e];
        if (s !== TREE) {
          const value = s * (pp - w[e] - piNode[node[e]]);
          if (value < bestValue) {
            bestValue = value;
            best = e;
          }
        }
      }
      scanned += len + 1;
      if (scanned >= block) {
        steps += scanned / 2;
        scanned = 0;
        if (best >= 0) break;
      }
    }
    // A band entry priced is half a step: the tightest loop here.
    steps += scanned / 2;
    if (best < 0) {
      for (let a = k; a < arcs; a++) {
        const s = state[a];
        if (s === TREE) continue;
        const value = s * (cost[a] + pi[src[a]] - pi[tgt[a]]);
        if (value < bestValue) {
          bestValue = value;
          best = a;
        }
      }
      steps += root;
    }
    if (best < 0) {
      // Nothing in the band: check every entry; those that should change join it.
      let added = 0;
      for (let p = 0; p < items; p++) {
        const pp = pi[p];
        for (let e = start[p]; e < start[p + 1]; e++) {
          if (!inBand[e] && state[e] * (pp - w[e] - piNode[node[e]]) < 0) {
            bandEntries[start[p] + bandLen[p]++] = e;
            inBand[e] = 1;
            added++;
          }
        }
      }
      steps += 2 * k;
      if (added === 0) break;
      bandSize += added;
      block = Math.max(16, Math.ceil(Math.sqrt(bandSize)));
      continue;
    }
    pivot(best);
  }
  work.spend(steps);

  // Optimal. Units still on an artificial arc: the margins cannot be met.
  for (let u = 0; u < root; u++) if (flow[k + u] > 0) return false;
  for (let e = 0; e < k; e++) t.up[e] = flow[e];
  // Node prices in the solver's terms (an item takes its entries of largest w + pi).
  for (let v = 0; v < nodes; v++) t.pi[v] = piNode[v];
  for (let v = 0; v < nodes; v++) t.excess[v] = 0;
  if (w !== t.w) t.w.set(w); // the tight cells are read against the weights solved
  return true;

  /** Brings arc `a` into the tree: the unit (if any) round its cycle, the blocking arc out. */
  function pivot(a: number): void {
    const first = state[a] === LOWER ? src[a] : tgt[a];
    const second = state[a] === LOWER ? tgt[a] : src[a];
    // The cycle's top: where the paths up from both ends meet.
    let u = first;
    let v = second;
    while (u !== v) {
      if (depth[u] >= depth[v]) u = parent[u];
      else v = parent[v];
      steps++;
    }
    const join = u;
    // The leaving arc: the last blocking one going round from the top (down to `first`,
    // across `a`, up from `second`); `a` itself when nothing blocks before its capacity.
    let delta = a < k ? 1 : Infinity;
    let out = -1;
    let side = 0;
    for (let x = first; x !== join; x = parent[x]) {
      const e = pred[x];
      const room = src[e] === x ? flow[e] : e < k ? 1 - flow[e] : Infinity;
      if (room < delta) {
        delta = room;
        out = x;
        side = 1;
      }
      steps++;
    }
    for (let x = second; x !== join; x = parent[x]) {
      const e = pred[x];
      const room = src[e] === x ? (e < k ? 1 - flow[e] : Infinity) : flow[e];
      if (room <= delta) {
        delta = room;
        out = x;
        side = 2;
      }
      steps++;
    }
    if (delta > 0) {
      const change = state[a] * delta;
      flow[a] += change;
      for (let x = src[a]; x !== join; x = parent[x]) flow[pred[x]] -= (src[pred[x]] === x ? 1 : -1) * change;
      for (let x = tgt[a]; x !== join; x = parent[x]) flow[pred[x]] += (src[pred[x]] === x ? 1 : -1) * change;
    }
    if (side === 0) {
      state[a] = -state[a];
      return;
    }
    // The subtree below the leaving arc is hung again from the entering arc: the path from
    // its new root uIn up to uOut turns over, and its prices shift so that `a` costs 0.
    const leaving = pred[out];
    state[a] = TREE;
    state[leaving] = flow[leaving] === 0 ? LOWER : UPPER;
    const uIn = side === 1 ? first : second;
    const vIn = side === 1 ? second : first;
    const shift = src[a] === uIn ? pi[vIn] - cost[a] - pi[uIn] : cost[a] + pi[vIn] - pi[uIn];
    let x = uIn;
    let above = vIn;
    let arc = a;
    for (;;) {
      const oldParent = parent[x];
      const oldArc = pred[x];
      detach(x);
      attach(x, above, arc);
      steps += 2;
      if (x === out) break;
      above = x;
      arc = oldArc;
      x = oldParent;
    }
    let top = 0;
    stack[top++] = uIn;
    while (top > 0) {
      const y = stack[--top];
      depth[y] = depth[parent[y]] + 1;
      pi[y] += shift;
      steps++;
      for (let c = firstChild[y]; c >= 0; c = nextSib[c]) stack[top++] = c;
    }
  }
}
