/**
 * Telling an empty cell from a zero, for Excel builds that pass an empty cell to a custom
 * function as 0.
 *
 * Excel on the web passes an empty cell as `null`; Excel on Windows and Mac has passed it
 * as `0` (OfficeDev/office-js #4702 for single values; #1951 and #5262 for ranges), and a
 * Microsoft engineer there says the change to `null` came "as a bug fix", with no
 * requirement set to tell the builds apart; the workaround given is to take the argument's
 * address from `CustomFunctions.Invocation` and read the cell through the API. That is what
 * this module does, for the arguments where a blank means something else than 0:
 *
 * - only when such an argument arrives as exactly 0 (or a table of them with a row of 0s,
 *   the way an empty row arrives), so a non-zero actual stays synchronous;
 * - all questions raised while Excel runs one batch of invocations are gathered and
 *   answered by ONE read ({@link EmptyCellReader}: one `Excel.run`, one sync), never a round
 *   trip per call;
 * - answers are kept a short while ({@link BlankCellsOptions.maxAgeMs}), so one
 *   recalculation delivered in several batches reads each cell once; an edit makes Excel
 *   recalculate later than that, and then the cell is read again;
 * - when nothing can be read (no Excel API in this runtime, no address, a failed read), the
 *   0 stays 0: what the function did before.
 */

/** Which cells of a range (row by row) are empty; `null` where it cannot be told. */
export type EmptyMap = boolean[][] | null;

/**
 * Reads, for each address, which of its cells are empty. The Office implementation is in
 * read-blanks.ts; tests give their own.
 */
export interface EmptyCellReader {
  /**
   * @param addresses - addresses as `CustomFunctions.Invocation.parameterAddresses` gives
   *   them: `Sheet1!B2`, `'Q1 plan'!F2:G9`
   * @returns for each address, in order, its cells' emptiness, or `null` where it cannot tell
   * @throws (rejects) when the read failed as a whole; every question then gets `null`
   */
  emptyCells(addresses: readonly string[]): Promise<EmptyMap[]>;
}

/** How a {@link BlankCells} waits, reads and forgets. */
export interface BlankCellsOptions {
  /** Who reads the workbook. */
  reader: EmptyCellReader;
  /**
   * Runs the flush once the current batch of invocations has been called. Default:
   * `setTimeout(flush, 0)`: Excel's runtime calls a batch's functions one after another
   * synchronously, so every question of the batch is in by then.
   */
  schedule?: (flush: () => void) => void;
  /** The clock, in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** How long an answer is reused, in milliseconds. Default 250. */
  maxAgeMs?: number;
  /** At most this many answers are kept; past it the cache starts afresh. Default 10,000. */
  maxEntries?: number;
}

interface Pending {
  resolve: (answer: EmptyMap) => void;
  promise: Promise<EmptyMap>;
}

/**
 * The questions "which of these cells are empty?", gathered per batch and answered by one
 * read, with a short-lived cache.
 * @example
 * const blanks = new BlankCells({ reader });
 * const [a, b] = await Promise.all([blanks.ask("Sheet1!B2"), blanks.ask("Sheet1!B3")]); // one read
 */
export class BlankCells {
  private readonly reader: EmptyCellReader;
  private readonly schedule: (flush: () => void) => void;
  private readonly now: () => number;
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly cache = new Map<string, { at: number; empty: EmptyMap }>();
  private pending = new Map<string, Pending>();

  constructor(options: BlankCellsOptions) {
    this.reader = options.reader;
    this.schedule = options.schedule ?? ((flush) => void setTimeout(flush, 0));
    this.now = options.now ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? 250;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /**
   * The answer already known for an address, without waiting: `undefined` when it must be read.
   * @example blanks.known("Sheet1!B2") // [[true]] after a read found B2 empty, else undefined
   */
  known(address: string): EmptyMap | undefined {
    const hit = this.cache.get(address);
    if (hit === undefined) return undefined;
    if (this.now() - hit.at > this.maxAgeMs) {
      this.cache.delete(address);
      return undefined;
    }
    return hit.empty;
  }

  /**
   * Which cells of `address` are empty, answered with the other questions of this batch.
   * @returns the cells' emptiness row by row, or `null` when it cannot be told
   */
  ask(address: string): Promise<EmptyMap> {
    const known = this.known(address);
    if (known !== undefined) return Promise.resolve(known);
    const waiting = this.pending.get(address);
    if (waiting) return waiting.promise;
    let resolve!: (answer: EmptyMap) => void;
    const promise = new Promise<EmptyMap>((r) => (resolve = r));
    if (this.pending.size === 0) this.schedule(() => void this.flush());
    this.pending.set(address, { resolve, promise });
    return promise;
  }

  /** Forgets every answer (for a caller that knows the workbook changed). */
  forget(): void {
    this.cache.clear();
  }

  /** Answers every question gathered so far with one read. */
  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    const addresses = [...batch.keys()];
    if (addresses.length === 0) return;
    let answers: EmptyMap[];
    try {
      answers = await this.reader.emptyCells(addresses);
    } catch {
      // The read failed as a whole: every question falls back to "cannot tell", and what
      // was known before is not trusted either.
      this.cache.clear();
      answers = [];
    }
    const at = this.now();
    if (this.cache.size + addresses.length > this.maxEntries) this.cache.clear();
    addresses.forEach((address, i) => {
      const empty = answers[i] ?? null;
      if (answers.length > 0) this.cache.set(address, { at, empty });
      batch.get(address)!.resolve(empty);
    });
  }
}

/** The instance the registered functions use; `undefined` until one is set or made. */
let current: BlankCells | null | undefined;
/** Makes the instance for this runtime, or `null` when it cannot read the workbook. */
let factory: () => BlankCells | null = () => null;

/**
 * The blank-cell oracle of this runtime, or `null` when the workbook cannot be read here
 * (a functions-only runtime without the Excel API): then a 0 stays 0.
 */
export function blankCells(): BlankCells | null {
  if (current === undefined || current === null) {
    // Not remembered while null: Excel's API may become available a moment after start-up.
    const made = factory();
    if (made !== null) current = made;
    return made;
  }
  return current;
}

/**
 * Sets how the oracle is made (the Excel entry does, with the Office reader), or sets the
 * oracle itself (tests). `null` turns reading off.
 */
export function useBlankCells(how: BlankCells | null | (() => BlankCells | null)): void {
  if (typeof how === "function") {
    factory = how;
    current = undefined;
  } else {
    current = how;
    factory = () => how;
  }
}
