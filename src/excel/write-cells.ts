/**
 * Numbers into chosen cells of an existing sheet, and nothing else: the actuals an import
 * brings into a tracking sheet. `writeSheetSpec` writes whole areas and refuses any that
 * holds something; here the cells are scattered (every other column: each month's actual
 * beside its target) and some hold a number the manager chose to overwrite, so the write has
 * its own deliberate path:
 *
 * 1. **Look** (one sync per 100,000 cells): the sheet, its protection, and each cell's content
 *    as `Range.formulas` reads it. Refused, nothing written, when the sheet is missing, a cell
 *    holds a formula, a cell no longer holds what the preview saw (someone typed since), a
 *    cell holds a value without `overwrite`, or a cell is locked on a protected sheet.
 * 2. **Write**: per column, runs of rows as one range each, the rows in between given as
 *    `null` — "Use null in 2-D arrays to leave specific cells unchanged while updating others"
 *    ("Blank and null values in Excel add-ins", Microsoft Learn) — so a target, a formula or a
 *    note between two actuals is never touched; requests cut at 4 MB as Office.js builds them
 *    (`chunks.ts`), calculation suspended for each where ExcelApi 1.6 allows.
 * 3. **Undo**: when a request fails, or the AbortSignal fires between requests, a second run
 *    puts every cell written back as the look read it (a blank one blank again, text behind
 *    Excel's quote prefix) and the error is rethrown; when that fails too, the message names
 *    the cells that may still hold the new numbers.
 */
import type { CellValue } from "../sheets/spec";
import { type Rect, cellAddress, columnLetters, parseCell, rectAddress } from "./a1";
import { OBJECT_BYTES, REQUEST_BUDGET, REQUEST_BYTES, SUSPEND_BYTES, chunkRows, constantInput, jsonBytes, type CellInput } from "./chunks";
import { WriterError } from "./messages";
import type { CellWrite, WriteCellsOptions, WriteResult } from "./port";
import { type ExcelHost, runAction } from "./write";

/** Options of {@link writeCells}: the port's, the host, and a measure of each request (tests, bench). */
export interface WriteCellsHostOptions extends WriteCellsOptions, ExcelHost {
  onRequest?: (bytes: number) => void;
}

/** Rows of one column apart by more than this start a new range (fewer nulls sent). */
const GAP = 64;
/** Cells read per sync when looking (a response stays well under 5 MB). */
const LOOK_CELLS = 100_000;
const EDIT_MODE = "InvalidOperationInCellEditMode";
const errorCode = (e: unknown): string | undefined => (e && typeof e === "object" && "code" in e ? String((e as { code: unknown }).code) : undefined);
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** One column's run of rows: a range written at once. */
interface Run {
  col: number;
  r0: number;
  r1: number;
  /** The cells set in it, by row. */
  cells: Map<number, { value: number; was: CellValue }>;
}

/** The cells by column, in runs of rows no more than {@link GAP} apart. */
function runsOf(cells: CellWrite[]): Run[] {
  const byCol = new Map<number, Map<number, CellWrite>>();
  for (const c of cells) {
    let at: { row: number; col: number };
    try {
      at = parseCell(c.address);
    } catch {
      throw new WriterError("failed", { cause: `"${c.address}" is not a cell address` });
    }
    if (typeof c.value !== "number" || !Number.isFinite(c.value)) throw new WriterError("notFinite", { where: c.address, value: String(c.value) });
    if (!byCol.has(at.col)) byCol.set(at.col, new Map());
    byCol.get(at.col)!.set(at.row, c);
  }
  const runs: Run[] = [];
  for (const [col, rows] of [...byCol].sort((a, b) => a[0] - b[0])) {
    let run: Run | undefined;
    for (const row of [...rows.keys()].sort((a, b) => a - b)) {
      const c = rows.get(row)!;
      if (!run || row - run.r1 > GAP) {
        run = { col, r0: row, r1: row, cells: new Map() };
        runs.push(run);
      }
      run.r1 = row;
      run.cells.set(row, { value: c.value, was: c.was });
    }
  }
  return runs;
}

const rectOf = (r: Run): Rect => ({ r0: r.r0, c0: r.col, r1: r.r1, c1: r.col });
const blankish = (v: unknown): boolean => v === "" || v === null || v === undefined;
const sameContent = (a: unknown, b: unknown): boolean => (blankish(a) && blankish(b)) || a === b;

/** `delayForCellEdit` always; `mergeUndoGroup` where ExcelApi 1.20 is (as the sheet writer runs). */
function runOptions(host: ExcelHost): Excel.RunOptions {
  const o: Excel.RunOptions = { delayForCellEdit: true };
  if (host.supports?.("ExcelApi", "1.20")) o.mergeUndoGroup = true;
  return o;
}

/** "H6, H9, J6 and 4 more". */
function someCells(list: string[]): string {
  return list.length <= 5 ? list.join(", ") : `${list.slice(0, 5).join(", ")} (+${list.length - 5})`;
}

/** The requests of one write, each within the budget, calculation suspended for each. */
class Requests {
  private queued = 0;
  syncs = 0;
  largest = 0;
  constructor(
    private readonly ctx: Excel.RequestContext,
    private readonly budget: number,
    private readonly options: WriteCellsHostOptions,
    private readonly suspend: boolean,
    private readonly synced: () => void,
  ) {}

  async fit(bytes: number): Promise<void> {
    if (this.queued > 0 && this.queued + bytes > this.budget) await this.sync();
    if (this.queued === 0) {
      this.queued = REQUEST_BYTES + OBJECT_BYTES;
      if (this.suspend) {
        this.ctx.workbook.application.suspendApiCalculationUntilNextSync();
        this.queued += SUSPEND_BYTES;
      }
    }
    this.queued += bytes;
  }

  async sync(): Promise<void> {
    if (this.options.signal?.aborted) throw new WriterError("cancelled");
    await this.ctx.sync();
    this.syncs++;
    this.largest = Math.max(this.largest, this.queued);
    this.options.onRequest?.(this.queued);
    this.queued = 0;
    this.synced();
  }
}

/**
 * Sets cells of an existing sheet to numbers (see the module comment).
 *
 * @param sheet - the sheet's name
 * @param cells - each cell's address, number and what it held at the preview
 * @param options - overwrite filled cells or not; progress, cancel; the host (Excel.run)
 * @returns the sheet written, the syncs and the largest request
 * @throws WriterError sheetMissing, cellHoldsFormula, cellChanged, cellFilled, cellLocked
 *   (nothing written); cancelled or failed (what was written put back); rollbackFailed
 * @example await writeCells("目标管理表", [{ address: "H6", value: 62, was: "" }], { run: Excel.run })
 */
export async function writeCells(sheet: string, cells: CellWrite[], options: WriteCellsHostOptions): Promise<WriteResult> {
  const runs = runsOf(cells);
  const total = runs.reduce((n, r) => n + r.cells.size, 0);
  const supports = options.supports ?? (() => false);
  const budget = options.requestBudget ?? REQUEST_BUDGET;
  const retries = options.cellEditRetries ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let syncs = 0;
  let largest = 0;
  for (let attempt = 0; ; attempt++) {
    /** Runs queued for writing so far (any of them may have reached Excel). */
    const written: Run[] = [];
    let started = false;
    try {
      await options.run(runOptions(options), async (ctx) => {
        // 1. Look: the sheet, its protection and the cells, in the first request (a missing
        // sheet fails it: ItemNotFound), then one more per 100,000 cells.
        const ws = ctx.workbook.worksheets.getItem(sheet);
        const protection = ws.protection.load("protected");
        const formulas = new Map<Run, unknown[][]>();
        const locked = new Map<Run, boolean | null>();
        for (let i = 0; i < runs.length || i === 0; ) {
          const batch: { run: Run; range: Excel.Range; format: Excel.FormatProtection }[] = [];
          for (let n = 0; i < runs.length && (batch.length === 0 || n + runs[i].r1 - runs[i].r0 + 1 <= LOOK_CELLS); i++) {
            const range = ws.getRange(rectAddress(rectOf(runs[i]))).load("formulas");
            batch.push({ run: runs[i], range, format: range.format.protection.load("locked") });
            n += runs[i].r1 - runs[i].r0 + 1;
          }
          try {
            // One sync per 100,000 cells looked at, by design: a response is capped at 5 MB.
            // eslint-disable-next-line target-planner/no-sync-in-loop
            await ctx.sync();
          } catch (e) {
            if (errorCode(e) !== "ItemNotFound") throw e;
            const sheets = ctx.workbook.worksheets.load("items/name");
            // eslint-disable-next-line target-planner/no-sync-in-loop
            await ctx.sync();
            if (!sheets.items.some((w) => w.name.toLowerCase() === sheet.toLowerCase())) throw new WriterError("sheetMissing", { name: sheet });
            throw e;
          }
          syncs++;
          for (const b of batch) {
            formulas.set(b.run, b.range.formulas);
            locked.set(b.run, b.format.locked);
          }
          if (runs.length === 0) break;
        }
        refuseIfNeeded(sheet, runs, formulas, locked, protection.protected, options.overwrite === true);
        if (options.signal?.aborted) throw new WriterError("cancelled");

        // 2. Write.
        started = true;
        let done = 0;
        let pending = 0;
        const req = new Requests(ctx, budget, options, supports("ExcelApi", "1.6"), () => {
          done += pending;
          pending = 0;
          options.onProgress?.(done, total);
        });
        try {
          for (const run of runs) {
            const rows: CellInput[][] = [];
            for (let r = run.r0; r <= run.r1; r++) rows.push([run.cells.has(r) ? run.cells.get(r)!.value : null]);
            for (const b of chunkRows(rows, budget - REQUEST_BYTES - SUSPEND_BYTES - 2 * OBJECT_BYTES - 64)) {
              const address = rectAddress({ r0: run.r0 + b.start, c0: run.col, r1: run.r0 + b.end - 1, c1: run.col });
              await req.fit(b.bytes + jsonBytes(address));
              ws.getRange(address).formulas = rows.slice(b.start, b.end);
              if (!written.includes(run)) written.push(run);
              pending += rows.slice(b.start, b.end).filter((x) => x[0] !== null).length;
            }
          }
          await req.sync();
        } finally {
          syncs += req.syncs;
          largest = Math.max(largest, req.largest);
        }
      });
      return { sheets: [sheet], syncs, largestRequest: largest };
    } catch (e) {
      if (started && written.length > 0) await putBack(options, sheet, written, e);
      if (errorCode(e) === EDIT_MODE && attempt < retries) {
        await sleep((options.cellEditDelayMs ?? 500) * (attempt + 1));
        continue;
      }
      throw e;
    }
  }
}

/** Refuses the write when a cell is a formula, changed, filled (without overwrite) or locked. */
function refuseIfNeeded(sheet: string, runs: Run[], formulas: Map<Run, unknown[][]>, locked: Map<Run, boolean | null>, isProtected: boolean, overwrite: boolean): void {
  const formula: string[] = [];
  const changed: { where: string; now: unknown }[] = [];
  const filled: string[] = [];
  const lockedCells: string[] = [];
  for (const run of runs) {
    const now = formulas.get(run)!;
    for (const [row, c] of run.cells) {
      const where = cellAddress(row, run.col);
      const v = now[row - run.r0]?.[0];
      if (typeof v === "string" && v.startsWith("=")) formula.push(where);
      else if (!sameContent(v, c.was)) changed.push({ where, now: blankish(v) ? "" : v });
      else if (!blankish(v) && !overwrite) filled.push(where);
    }
    if (isProtected && locked.get(run) !== false) lockedCells.push(...[...run.cells.keys()].map((row) => cellAddress(row, run.col)));
  }
  if (formula.length) throw new WriterError("cellHoldsFormula", { where: `${sheet}!${someCells(formula)}`, count: formula.length });
  if (changed.length) throw new WriterError("cellChanged", { where: `${sheet}!${someCells(changed.map((c) => c.where))}`, now: changed[0].now === "" ? '""' : String(changed[0].now) });
  if (filled.length) throw new WriterError("cellFilled", { where: `${sheet}!${someCells(filled)}`, count: filled.length });
  if (lockedCells.length) throw new WriterError("cellLocked", { where: `${sheet}!${someCells(lockedCells)}`, count: lockedCells.length, name: sheet });
}

/**
 * Puts the cells of `written` back as they were (in a run of its own: the failed run's queue
 * may hold the very request that failed); when that fails too, a WriterError says which cells
 * may still hold the new numbers.
 */
async function putBack(host: WriteCellsHostOptions, sheet: string, written: Run[], cause: unknown): Promise<void> {
  const budget = host.requestBudget ?? REQUEST_BUDGET;
  try {
    await runAction(host, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      // Requests within the budget, as the write's were; no signal: putting back is not cancelled.
      const req = new Requests(ctx, budget, { ...host, signal: undefined, onRequest: undefined }, false, () => undefined);
      for (const run of written) {
        const rows: CellInput[][] = [];
        for (let r = run.r0; r <= run.r1; r++) {
          const c = run.cells.get(r);
          rows.push([c === undefined ? null : blankish(c.was) ? "" : constantInput(c.was as CellValue)]);
        }
        for (const b of chunkRows(rows, budget - REQUEST_BYTES - 2 * OBJECT_BYTES - 64)) {
          const address = rectAddress({ r0: run.r0 + b.start, c0: run.col, r1: run.r0 + b.end - 1, c1: run.col });
          await req.fit(b.bytes + jsonBytes(address));
          ws.getRange(address).formulas = rows.slice(b.start, b.end);
        }
      }
      await req.sync();
    });
  } catch (e) {
    const cells = written.flatMap((run) => [...run.cells.keys()].map((row) => `${columnLetters(run.col)}${row + 1}`));
    throw new WriterError("rollbackFailed", { cause: errorText(cause), rollback: errorText(e), maybe: `${sheet}!${someCells(cells)}` }, undefined, cause);
  }
}
