/**
 * The tie-break of controlled rounding: among equally close roundings, the one whose first
 * differing cell (row by row) is rounded up.
 *
 * The solver leaves an optimal choice and marks the *tight* cells, the only ones an equally
 * close rounding may change. Going through the cells in reading order, a tight cell still
 * down is raised when some exchange cycle through tight cells makes that possible without
 * touching a cell already passed: up here, down at a later cell of the same row, and so on
 * through later rows, back to this row (so every margin keeps its total and the total
 * distance does not change).
 *
 * @example
 * // 0.5 everywhere in 2 × 2 (rows and columns need 1 each): both diagonals are equally
 * // close. If the solver chose (0,1) and (1,0), cell (0,0) is tight and down: the cycle
 * // (0,0) up, (0,1) down, (1,1) up, (1,0) down raises it, giving [[1, 0], [0, 1]].
 */
import type { Work } from "./transport";

/** Up to this many columns, the search runs over column pairs ({@link preferEarlierUpsByPairs}). */
export const PAIR_COLUMNS = 32;

/**
 * The tie-break: {@link preferEarlierUpsByPairs} for a grid of at most `pairColumns`
 * columns (reps × months), else {@link preferEarlierUpsByCells}. Both give the same result
 * (the earliest-up rounding among the equally close ones is unique).
 *
 * @example // see the module's example: [[0, 1], [1, 0]] with every cell tight becomes [[1, 0], [0, 1]]
 */
export function preferEarlierUps(m: number, n: number, cell: Int32Array, up: Uint8Array, tight: Uint8Array, work: Work, pairColumns = PAIR_COLUMNS): void {
  if (n <= pairColumns) preferEarlierUpsByPairs(m, n, cell, up, tight, work);
  else preferEarlierUpsByCells(m, n, cell, up, tight, work);
}

/**
 * The tie-break over column pairs, for few columns: the same search as
 * {@link preferEarlierUpsByCells}, but a step from column u to column v needs only to know
 * whether some later row has a tight up at u and a tight down at v, which a count per
 * column pair answers (kept up to date as rows are passed and cycles flipped). A search
 * costs O(columns²), not a walk over later rows, so n × 12 grids take time linear in n.
 * The row behind a step is found when flipping, from a list per pair (stale rows dropped).
 */
function preferEarlierUpsByPairs(m: number, n: number, cell: Int32Array, up: Uint8Array, tight: Uint8Array, work: Work): void {
  const k = cell.length;
  work.spend(4 * k + n * n);
  const listed = tightByRow(m, n, cell, tight);
  if (!listed) return;
  const { rowStart, byRow, at } = listed;
  const total = byRow.length;
  const colOf = new Int32Array(total);
  for (let a = 0; a < total; a++) colOf[a] = cell[byRow[a]] % n;
  // Rows after the one being decided: those are counted (row 0 is decided first, row i + 1
  // leaves the count when row i is done).
  // count[u × n + v]: later rows with a tight up at u and a tight down at v; rows[…]: some of them.
  const count = new Int32Array(n * n);
  const rows: number[][] = Array.from({ length: n * n }, () => []);
  let steps = 0;
  const touchRow = (r: number, sign: number): void => {
    const lo = rowStart[r];
    const hi = rowStart[r + 1];
    steps += (hi - lo) * (hi - lo);
    for (let a = lo; a < hi; a++) {
      if (!up[byRow[a]]) continue;
      for (let b = lo; b < hi; b++) {
        if (up[byRow[b]]) continue;
        const pair = colOf[a] * n + colOf[b];
        count[pair] += sign;
        if (sign > 0) rows[pair].push(r);
      }
    }
  };
  for (let r = 1; r < m; r++) touchRow(r, 1);
  work.spend(steps);
  steps = 0;

  const colSeen = new Int32Array(n);
  const colDead = new Int32Array(n);
  const from = new Int32Array(n);
  const queue = new Int32Array(n);
  const targetAt = new Int32Array(n).fill(-1);
  let stamp = 0;
  let row = 0; // the row being decided: the rows after it are the "later" ones
  /** A later row with a tight up at u and a tight down at v (there is one when count > 0). */
  const rowFor = (u: number, v: number): number => {
    const list = rows[u * n + v];
    for (;;) {
      if (list.length === 0) throw new Error("controlled rounding: a column pair's count is out of step");
      const r = list[list.length - 1];
      const a = at[r * n + u];
      const b = at[r * n + v];
      if (r > row && a >= 0 && b >= 0 && up[a] && !up[b]) return r;
      list.pop();
      steps++;
    }
  };

  for (let i = 0; i < m; i++) {
    row = i;
    const first = rowStart[i];
    const last = rowStart[i + 1];
    if (last - first < 2) {
      if (i + 1 < m) touchRow(i + 1, -1);
      continue;
    }
    for (let a = first; a < last; a++) targetAt[colOf[a]] = byRow[a];
    let lastUp = last - 1;
    let deadStamp = ++stamp;
    for (let a = first; a < last; a++) {
      const p = byRow[a];
      if (up[p]) continue;
      while (lastUp > a && !up[byRow[lastUp]]) lastUp--;
      if (lastUp <= a) break;
      const j = colOf[a];
      if (colDead[j] === deadStamp) continue;

      const seen = ++stamp;
      let qh = 0;
      let qt = 0;
      colSeen[j] = seen;
      queue[qt++] = j;
      let found = -1;
      while (qh < qt && found < 0) {
        const u = queue[qh++];
        steps += n;
        for (let v = 0; v < n; v++) {
          if (count[u * n + v] === 0 || colSeen[v] === seen || colDead[v] === deadStamp) continue;
          colSeen[v] = seen;
          from[v] = u;
          const t = targetAt[v];
          if (v > j && t >= 0 && up[t]) {
            found = v;
            break;
          }
          queue[qt++] = v;
        }
      }
      work.spend(steps);
      steps = 0;
      if (found < 0) {
        for (let q = 0; q < qt; q++) colDead[queue[q]] = deadStamp;
        continue;
      }
      // Flip the cycle, from the target back: each step's row gives up u and takes v.
      up[targetAt[found]] = 0;
      for (let v = found; v !== j; v = from[v]) {
        const u = from[v];
        const r = rowFor(u, v);
        touchRow(r, -1);
        up[at[r * n + u]] = 0;
        up[at[r * n + v]] = 1;
        touchRow(r, 1);
      }
      up[p] = 1;
      deadStamp = ++stamp;
    }
    for (let a = first; a < last; a++) targetAt[colOf[a]] = -1;
    if (i + 1 < m) touchRow(i + 1, -1);
  }
  work.spend(steps);
}

/**
 * Among the optimal choices, makes the one whose first difference (row by row) is an up:
 * for each tight cell still down, in reading order, look for a zero-cost exchange cycle
 * that rounds it up, rounds down a later up cell of the same row and passes only through
 * later rows (breadth-first over the tight cells); cells already passed stay as they are.
 * Four-cell cycles are tried first, straight from a dense table of the tight cells (a later
 * row up at this column and down where this row has a later up): on grids of ties most
 * searches end there. A search that fails marks the columns it saw as dead for the rest of
 * the row. Each column keeps the set of its tight up cells in later rows, so a search only
 * walks ups.
 */
function preferEarlierUpsByCells(m: number, n: number, cell: Int32Array, up: Uint8Array, tight: Uint8Array, work: Work): void {
  const k = cell.length;
  // The row lists, and a set per column: a few steps a cell and a dozen a column.
  work.spend(4 * k + 12 * n);
  const listed = tightByRow(m, n, cell, tight);
  if (!listed) return;
  const { rowStart, byRow, at } = listed;
  const total = byRow.length;
  const rowOf = new Int32Array(k);
  const colOf = new Int32Array(k);
  for (let t = 0; t < k; t++) {
    rowOf[t] = (cell[t] / n) | 0;
    colOf[t] = cell[t] - rowOf[t] * n;
  }
  // A cycle enters a row at a tight up cell and leaves it at a tight down cell, so only rows
  // with both ("mixed") can be passed through; a flip keeps every row's count of each, so
  // the other rows never need to be listed.
  const tightUps = new Int32Array(m);
  for (let a = 0; a < total; a++) tightUps[rowOf[byRow[a]]] += up[byRow[a]];
  const mixed = (r: number): boolean => tightUps[r] > 0 && tightUps[r] < rowStart[r + 1] - rowStart[r];
  const upsBelow: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (let a = 0; a < total; a++) if (up[byRow[a]] && mixed(rowOf[byRow[a]])) upsBelow[colOf[byRow[a]]].add(byRow[a]);

  const colSeen = new Int32Array(n);
  const colDead = new Int32Array(n);
  const rowSeen = new Int32Array(m);
  const colVia = new Int32Array(n); // the cell rounded up to enter a column
  const rowVia = new Int32Array(m); // the cell rounded down to enter a row
  const targetAt = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  // `at` (the tight candidate at each cell) serves the short cycles tried first.
  const targets = new Int32Array(n);
  work.spend(m * n / 4 + total);
  let stamp = 0;
  let steps = 0;

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

      // The shortest cycles first: a later row up at j and down at a column where row i has
      // a later up (up here, down there; down there, up here), checked cell by cell.
      let count = 0;
      for (let b = a + 1; b <= lastUp; b++) if (up[byRow[b]]) targets[count++] = b;
      let short = false;
      for (const down of upsBelow[j]) {
        const base = rowOf[down] * n;
        steps += count + 1;
        for (let q = 0; q < count; q++) {
          const target = byRow[targets[q]];
          const add = at[base + colOf[target]];
          if (add < 0 || up[add]) continue;
          up[p] = 1;
          up[down] = 0;
          up[add] = 1;
          up[target] = 0;
          upsBelow[j].delete(down);
          upsBelow[colOf[add]].add(add);
          short = true;
          break;
        }
        if (short) break;
      }
      steps += lastUp - a;
      work.spend(steps);
      steps = 0;
      if (short) {
        deadStamp = ++stamp;
        continue;
      }

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
          steps++;
          const r = rowOf[down];
          if (rowSeen[r] === seen) continue;
          rowSeen[r] = seen;
          rowVia[r] = down;
          // Last column first: a target (a later up cell of row i) ends the search soonest.
          for (let f = rowStart[r + 1] - 1; f >= rowStart[r]; f--) {
            steps++;
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
      work.spend(steps);
      steps = 0;
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

/**
 * The tight candidates of both tie-breaks: listed row by row in column order
 * (byRow[rowStart[i] … rowStart[i + 1] − 1] for row i; candidates come in reading order),
 * and a dense row × column table of the tight candidate at each cell (−1: none). Null
 * when no candidate is tight.
 *
 * @example tightByRow(2, 2, Int32Array.of(0, 1, 3), Uint8Array.of(1, 0, 1))
 *   // { rowStart: [0, 1, 2], byRow: [0, 2], at: [0, -1, -1, 2] }
 */
function tightByRow(m: number, n: number, cell: Int32Array, tight: Uint8Array): { rowStart: Int32Array; byRow: Int32Array; at: Int32Array } | null {
  const k = cell.length;
  const rowStart = new Int32Array(m + 1);
  for (let t = 0; t < k; t++) if (tight[t]) rowStart[((cell[t] / n) | 0) + 1]++;
  for (let i = 0; i < m; i++) rowStart[i + 1] += rowStart[i];
  if (rowStart[m] === 0) return null;
  const byRow = new Int32Array(rowStart[m]);
  const at = new Int32Array(m * n).fill(-1);
  const fill = rowStart.slice(0, m);
  for (let t = 0; t < k; t++) {
    if (!tight[t]) continue;
    byRow[fill[(cell[t] / n) | 0]++] = t;
    at[cell[t]] = t;
  }
  return { rowStart, byRow, at };
}
