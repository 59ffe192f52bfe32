/**
 * The one priority queue of controlled rounding: a binary min-heap of numeric keys, each
 * carrying two whole-number payloads (a vertex, or the two entries of a move).
 *
 * @example
 * const h = new MinHeap();
 * h.push(5, 1); h.push(2, 7, 8);
 * h.topKey(); // 2
 * h.topA(); // 7
 * h.topB(); // 8
 * h.pop(); h.topKey(); // 5
 */
export class MinHeap {
  private keys: number[] = [];
  private as: number[] = [];
  private bs: number[] = [];

  /** How many keys it holds. */
  get size(): number {
    return this.keys.length;
  }
  /** The least key (undefined when empty). */
  topKey(): number {
    return this.keys[0];
  }
  /** The first payload of the least key. */
  topA(): number {
    return this.as[0];
  }
  /** The second payload of the least key. */
  topB(): number {
    return this.bs[0];
  }
  /** Empties it (keeping its arrays). */
  clear(): void {
    this.keys.length = this.as.length = this.bs.length = 0;
  }
  /** Adds a key with its payloads. */
  push(key: number, a: number, b = 0): void {
    this.append(key, a, b);
    let k = this.keys.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!(this.keys[k] < this.keys[p])) break;
      this.swap(k, p);
      k = p;
    }
  }
  /** Appends without ordering; call {@link heapify} before reading. */
  append(key: number, a: number, b = 0): void {
    this.keys.push(key);
    this.as.push(a);
    this.bs.push(b);
  }
  /** Orders what {@link append} added, in linear time. */
  heapify(): void {
    for (let k = (this.keys.length >> 1) - 1; k >= 0; k--) this.siftDown(k);
  }
  /** Removes the least key. */
  pop(): void {
    const last = this.keys.length - 1;
    this.swap(0, last);
    this.keys.pop();
    this.as.pop();
    this.bs.pop();
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
  private swap(x: number, y: number): void {
    const key = this.keys[x];
    this.keys[x] = this.keys[y];
    this.keys[y] = key;
    const a = this.as[x];
    this.as[x] = this.as[y];
    this.as[y] = a;
    const b = this.bs[x];
    this.bs[x] = this.bs[y];
    this.bs[y] = b;
  }
}
