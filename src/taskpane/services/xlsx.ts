/*
 * The .xlsx writer (src/xlsx, ExcelJS) and the workbench's reader, loaded only when the user
 * downloads or opens a file: ExcelJS and JSZip are large and stay out of the pane's first
 * load. Webpack puts what is behind the `import()`s into a chunk of its own ("xlsx").
 */
import type { WorkbookSpec } from "../../sheets/spec";
import type { readXlsxSparse } from "../../xlsx/sparse-read";
import type { readableByExcelJs } from "../../xlsx/parts";

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

/** What the workbench needs of src/xlsx to open a file and to give it back. */
export interface XlsxReader {
  /** An .xlsx read sparsely, with caps, progress and cancel. */
  readXlsxSparse: typeof readXlsxSparse;
  /** The package without the parts ExcelJS cannot load (drawings, comments). */
  readableByExcelJs: typeof readableByExcelJs;
}

/** Loads the .xlsx reader (into the same lazy chunk as the writer: JSZip is shared). */
export async function loadXlsxReader(): Promise<XlsxReader> {
  const [{ readXlsxSparse }, { readableByExcelJs }] = await Promise.all([
    import(/* webpackChunkName: "xlsx" */ "../../xlsx/sparse-read"),
    import(/* webpackChunkName: "xlsx" */ "../../xlsx/parts"),
  ]);
  return { readXlsxSparse, readableByExcelJs };
}
