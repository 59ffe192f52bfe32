/*
 * The WorkbookPort over the live workbook (src/excel, Office.js), loaded only inside Excel:
 * a plain browser never downloads it.
 */
import type { WorkbookPort } from "../../excel/port";

/** Loads and creates the Office.js workbook port. */
export async function loadOfficePort(): Promise<WorkbookPort> {
  const { createOfficeWorkbook } = await import(/* webpackChunkName: "excel" */ "../../excel/office-workbook");
  return createOfficeWorkbook();
}
