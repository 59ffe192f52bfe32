/** Hands bytes to the browser as a file download (no request leaves the machine: a blob URL). */

/** The content type of an .xlsx workbook. */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Saves `bytes` as `fileName` through a temporary link to a blob.
 * @example saveDownload(bytes, "target-plan.xlsx")
 */
export function saveDownload(bytes: Uint8Array, fileName: string, type = XLSX_TYPE): void {
  const blob = new Blob([bytes as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
