/*
 * The .xlsx writer (src/xlsx, ExcelJS), loaded only when the user downloads: ExcelJS is
 * large and stays out of the pane's first load. Webpack puts what is behind the `import()`
 * into a chunk of its own ("xlsx", shared with the workbench's reader).
 */
import type { WorkbookSpec } from "../../sheets/spec";

/** What the pane needs of src/xlsx. */
export interface XlsxWriter {
  /** A new workbook holding the spec's sheets. */
  writeXlsx(spec: WorkbookSpec): Promise<Uint8Array>;
  /** An existing workbook (bytes of an .xlsx) with the spec's sheets and cells added. */
  addToXlsx(existing: Uint8Array, spec: WorkbookSpec): Promise<Uint8Array>;
}

/** Loads the .xlsx writer (the module is fetched once; later calls reuse it). */
export async function loadXlsxWriter(): Promise<XlsxWriter> {
  const { writeXlsx, addToXlsx } = await import(/* webpackChunkName: "xlsx" */ "../../xlsx/write");
  return { writeXlsx, addToXlsx };
}
