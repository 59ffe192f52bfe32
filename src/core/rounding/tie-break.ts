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

/**
 * Among the optimal choices, makes the one whose first difference (row by row) is an up:
 * for each tight cell still down, in reading order, look for a zero-cost exchange cycle
 * that rounds it up, rounds down a later up cell of the same row and passes only through
 * later rows (breadth-first over the tight cells); cells already passed stay as they are.
 * A search that fails marks the columns it saw as dead for the rest of the row. Each
 * column keeps the set of its tight up cells in later rows, so a search only walks ups.
 */
export function preferEarlierUps(m: number, n: number, cell: Int32Array, up: Uint8Array, tight: Uint8Array, work: Work): void {
  const k = cell.length;
  work.spend(4 * k);
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
          steps += rowStart[r + 1] - rowStart[r];
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
