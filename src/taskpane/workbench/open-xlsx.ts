/*
 * Reads an .xlsx the user opens in the workbench, through src/xlsx's reader: each sheet's
 * values (formulas with the result the file last stored) and its defined names. The reader
 * (and ExcelJS) is imported lazily: only this action and the download need it.
 */
import type { CellValue } from "../../sheets/spec";
import { parseCell } from "./a1";

/** One sheet read from a file: its cells as values, formulas kept beside their results. */
export interface ReadSheet {
  name: string;
  hidden: boolean;
  cells: { v: CellValue; f?: string }[][];
}

export interface ReadWorkbook {
  sheets: ReadSheet[];
  names: { name: string; sheet: string; ref: string }[];
}

/**
 * Reads an .xlsx file's sheets (in order, hidden ones marked) and defined names.
 * @throws XlsxError (notXlsx) when the bytes are not an .xlsx workbook
 */
export async function readXlsxFile(bytes: Uint8Array): Promise<ReadWorkbook> {
  const { loadXlsx, readXlsxCells, readXlsxNames } = await import(/* webpackChunkName: "xlsx" */ "../../xlsx/read");
  const wb = await loadXlsx(bytes);
  const cells = await readXlsxCells(wb, { includeHidden: true });
  const sheets: ReadSheet[] = wb.worksheets.map((ws) => {
    const grid: { v: CellValue; f?: string }[][] = [];
    for (const [address, read] of Object.entries(cells[ws.name] ?? {})) {
      const at = parseCell(address);
      while (grid.length <= at.row) grid.push([]);
      const row = grid[at.row];
      while (row.length <= at.col) row.push({ v: "" });
      row[at.col] = { v: read.value ?? read.error ?? "", ...(read.formula !== undefined ? { f: read.formula } : {}) };
    }
    return { name: ws.name, hidden: ws.state !== undefined && ws.state !== "visible", cells: grid };
  });
  return { sheets, names: await readXlsxNames(wb) };
}
