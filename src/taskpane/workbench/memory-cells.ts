/*
 * The port's `readFormulas` and `writeCells` on an in-memory workbook (the workbench outside
 * Excel, and the component tests' fake workbooks), with the Office.js port's refusals: a
 * formula, a cell changed since the preview, a filled cell without overwrite — nothing
 * written; a cancel between chunks puts back what was written.
 */
import type { CellWrite, WriteCellsOptions, WriteResult } from "../../excel/port";
import { WriterError } from "../../excel/messages";
import type { CellValue } from "../../sheets/spec";
import { type MemoryWorkbook, abortError } from "./memory";
import { areaAddress, parseArea, parseCell } from "./a1";

/**
 * `Range.formulas` of an in-memory workbook: "=…" for a formula, the value otherwise, "" blank.
 * @example readFormulasInMemory(book, "Tracking", "G6:H6") // [[32, "=G6*1"]]
 */
export function readFormulasInMemory(book: MemoryWorkbook, sheet: string, address: string): CellValue[][] {
  const area = parseArea(address);
  const values = book.valuesAt(sheet, areaAddress(area));
  return values.map((row, i) =>
    row.map((v, j) => {
      const f = book.formulaAt(sheet, areaAddress({ top: area.top + i, bottom: area.top + i, left: area.left + j, right: area.left + j }));
      return f !== undefined ? `=${f}` : v;
    }),
  );
}

/**
 * The port's `writeCells` on an in-memory workbook, with the same refusals (a formula, a cell
 * changed since the preview, a filled cell without overwrite: nothing written) and the same
 * cancel (between chunks; what was written put back).
 */
export async function writeCellsInMemory(book: MemoryWorkbook, sheet: string, cells: CellWrite[], options: WriteCellsOptions = {}, chunk = 2000): Promise<WriteResult> {
  if (!(await book.sheetNames()).some((s) => s.toLowerCase() === sheet.toLowerCase())) throw new Error(`there is no sheet named ${sheet} to write into`);
  const formula: string[] = [];
  const changed: string[] = [];
  const filled: string[] = [];
  for (const c of cells) {
    parseCell(c.address);
    if (typeof c.value !== "number" || !Number.isFinite(c.value)) throw new Error(`${sheet}!${c.address}: ${String(c.value)} is not a number a cell can hold`);
    const now = readFormulasInMemory(book, sheet, c.address)[0][0];
    const blank = (v: unknown) => v === "" || v === null || v === undefined;
    if (typeof now === "string" && now.startsWith("=")) formula.push(c.address);
    else if (!(blank(now) && blank(c.was)) && now !== c.was) changed.push(c.address);
    else if (!blank(now) && !options.overwrite) filled.push(c.address);
  }
  const where = (list: string[]) => `${sheet}!${list.slice(0, 5).join(", ")}${list.length > 5 ? ` (+${list.length - 5})` : ""}`;
  if (formula.length) throw new WriterError("cellHoldsFormula", { where: where(formula), count: formula.length });
  if (changed.length) throw new WriterError("cellChanged", { where: where(changed), now: String(readFormulasInMemory(book, sheet, changed[0])[0][0] || '""') });
  if (filled.length) throw new WriterError("cellFilled", { where: where(filled), count: filled.length });
  const done: CellWrite[] = [];
  let syncs = 0;
  try {
    for (let i = 0; i < cells.length; i += chunk) {
      if (options.signal?.aborted) throw abortError();
      for (const c of cells.slice(i, i + chunk)) {
        book.setValue(sheet, c.address, c.value);
        done.push(c);
      }
      syncs++;
      options.onProgress?.(Math.min(cells.length, i + chunk), cells.length);
      await Promise.resolve();
    }
    if (options.signal?.aborted) throw abortError();
  } catch (error) {
    for (const c of done) book.setValue(sheet, c.address, c.was === null ? "" : c.was);
    throw error;
  }
  return { sheets: [sheet], syncs, largestRequest: 0 };
}
