/*
 * The fake Excel of the pane's component tests: an in-memory workbook with the
 * WorkbookPort's contract (the same MemoryWorkbook the workbench uses, which refuses writes
 * over non-empty cells or onto taken sheet names, writes in chunks with progress, cancels
 * and removes what it wrote), presenting itself as a live workbook ("excel"), plus what a
 * test needs to steer and watch it: the calls made, a write that fails, a write that pauses.
 */
import type { CustomFunction } from "../../src/sheets/evaluate";
import type { WorkbookSpec } from "../../src/sheets/spec";
import type { ActiveCell, WriteOptions, WriteResult } from "../../src/excel/port";
import { formulaEngine } from "../../src/taskpane/workbench/formula-engine";
import { MemoryWorkbook, memorySettings } from "../../src/taskpane/workbench/memory";
import { activeCellOf } from "../../src/taskpane/workbench/workbench";

export interface FakePortOptions {
  /** Cells per chunk of a write; small values make progress visible. */
  chunkCells?: number;
  /** Pause between chunks, in ms (a write the test can cancel). */
  pauseMs?: number;
  /** How its formulas' TARGET.* calls compute (default: the add-in's functions, as Excel runs them). */
  functions?: CustomFunction;
}

/** A fake live workbook for component tests. */
export class FakePort extends MemoryWorkbook {
  /** Port calls in order, e.g. "readSelection", "write", "goTo Sheet1!B2". */
  readonly calls: string[] = [];
  /** The files opened as new workbooks (Excel.createWorkbook's stand-in), in order. */
  readonly openedWorkbooks: Uint8Array[] = [];
  private failure: unknown;

  constructor(options: FakePortOptions = {}) {
    super({ kind: "excel", settings: memorySettings(), chunkCells: options.chunkCells, pauseMs: options.pauseMs, functions: options.functions, formulas: formulaEngine });
  }

  /** The next write fails with `error` (after writing its first chunk: what it wrote must go). */
  failNextWrite(error: unknown): void {
    this.failure = error;
  }

  override async readSelection() {
    this.calls.push("readSelection");
    return super.readSelection();
  }

  override async findOccupied(spec: WorkbookSpec) {
    this.calls.push("findOccupied");
    return super.findOccupied(spec);
  }

  override async write(spec: WorkbookSpec, options: WriteOptions = {}): Promise<WriteResult> {
    this.calls.push("write");
    const failure = this.failure;
    this.failure = undefined;
    if (failure === undefined) return super.write(spec, options);
    // Fail part-way: let the first chunk land, then throw from the progress callback.
    let first = true;
    return super.write(spec, {
      ...options,
      onProgress: (done, total) => {
        options.onProgress?.(done, total);
        if (first) {
          first = false;
          throw failure;
        }
      },
    });
  }

  override async goTo(sheet: string, address: string) {
    this.calls.push(`goTo ${sheet}!${address}`);
    return super.goTo(sheet, address);
  }

  async readActiveCell(): Promise<ActiveCell | undefined> {
    this.calls.push("readActiveCell");
    return activeCellOf(this);
  }

  async openAsNewWorkbook(bytes: Uint8Array): Promise<void> {
    this.calls.push("openAsNewWorkbook");
    this.openedWorkbooks.push(bytes);
  }

  override async readChecks() {
    this.calls.push("readChecks");
    return super.readChecks();
  }
}
