/**
 * The Office.js side of telling empty cells from zeros (blanks.ts): one `Excel.run`, one
 * sync, for every address a batch of invocations asks about.
 *
 * What is read is `Range.valueTypes`, whose value for an empty cell is "Empty" (Microsoft,
 * Excel.EmptyCellValue: "Represents the value of a cell that's empty and has no formulas or
 * data", whose `basicType` is "the value that would be returned by Range.valueTypes for a
 * cell with this value": `"Empty"`; ExcelApi 1.1, so every build with custom functions has
 * it). A formula that returns "" is not empty, and Excel passes it as "" anyway.
 *
 * Reading from a custom function is allowed in a shared runtime as long as it only reads
 * ("Your custom functions add-in can read information from cells outside the cell running
 * the custom function, but it shouldn't perform write operations", Microsoft, "Call Excel
 * JavaScript APIs from a custom function").
 */
import type { EmptyCellReader, EmptyMap } from "./blanks";

/** Excel.run's shape, as far as this reader needs it. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** A rectangle of cells on a sheet, 0-based and inclusive. */
export interface SheetRect {
  sheet: string;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/**
 * Cells read as one bounding range per sheet when it holds at most this many cells (a
 * tracking grid's months read in one piece); beyond it each address is read by itself.
 */
export const BOUNDING_READ_LIMIT = 50_000;

const CELL = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/;

/** Column letters to a 0-based index: A → 0, Z → 25, AA → 26. */
function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A 0-based column index to letters: 0 → A. */
function columnName(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "B2:C5" for a rectangle. */
export function rectToA1(r: SheetRect): string {
  const a = `${columnName(r.c0)}${r.r0 + 1}`;
  return r.r0 === r.r1 && r.c0 === r.c1 ? a : `${a}:${columnName(r.c1)}${r.r1 + 1}`;
}

/**
 * An address as `parameterAddresses` gives it ("SheetName!RelativeCellAddress"; a sheet name
 * with a space or a special character "is enclosed in single quotation marks", and "If the
 * single quotation mark (apostrophe) character, ', is in the name, the returned address has
 * two such characters in a row": Microsoft, "Custom functions parameter options").
 * @returns the sheet and the cells, or `null` for anything else (a constant's empty address,
 *   another workbook, whole columns), which is then not read
 * @example parseSheetAddress("'Bob''s Region'!F6") // { sheet: "Bob's Region", r0: 5, c0: 5, r1: 5, c1: 5 }
 */
export function parseSheetAddress(address: string): SheetRect | null {
  if (typeof address !== "string") return null;
  const bang = address.lastIndexOf("!");
  if (bang <= 0) return null;
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'")) {
    if (!sheet.endsWith("'") || sheet.length < 3) return null;
    sheet = sheet.slice(1, -1).replace(/''/g, "'");
  }
  // Sheet names cannot hold these; a workbook prefix ("[Book2]Sheet1") is not this workbook.
  if (sheet === "" || /[[\]:*?/\\]/.test(sheet)) return null;
  const [from, to = from, extra] = address.slice(bang + 1).toUpperCase().split(":");
  if (extra !== undefined) return null;
  const a = CELL.exec(from);
  const b = CELL.exec(to);
  if (!a || !b) return null;
  const ra = Number(a[2]) - 1;
  const rb = Number(b[2]) - 1;
  const ca = columnIndex(a[1]);
  const cb = columnIndex(b[1]);
  if (ra < 0 || rb < 0) return null;
  return { sheet, r0: Math.min(ra, rb), c0: Math.min(ca, cb), r1: Math.max(ra, rb), c1: Math.max(ca, cb) };
}

/** The smallest rectangle holding all of them (same sheet). */
function bounding(rects: SheetRect[]): SheetRect {
  return rects.reduce((b, r) => ({ sheet: b.sheet, r0: Math.min(b.r0, r.r0), c0: Math.min(b.c0, r.c0), r1: Math.max(b.r1, r.r1), c1: Math.max(b.c1, r.c1) }));
}

function cells(r: SheetRect): number {
  return (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1);
}

/** The part `r` of types read for the rectangle `from`, as emptiness. */
function emptinessOf(types: string[][], from: SheetRect, r: SheetRect): boolean[][] {
  const out: boolean[][] = [];
  for (let i = r.r0; i <= r.r1; i++) {
    const row: boolean[] = [];
    for (let j = r.c0; j <= r.c1; j++) row.push(types[i - from.r0][j - from.c0] === "Empty");
    out.push(row);
  }
  return out;
}

/**
 * The reader over the live workbook: per sheet, one range around all the cells asked
 * about (or, when that range would be large, one range per address), `valueTypes` loaded,
 * ONE sync for all.
 * @param run - `Excel.run` (tests pass a fake's)
 */
export function officeEmptyCellReader(run: ExcelRun): EmptyCellReader {
  return {
    async emptyCells(addresses: readonly string[]): Promise<EmptyMap[]> {
      const rects = addresses.map(parseSheetAddress);
      const bySheet = new Map<string, number[]>();
      rects.forEach((r, i) => {
        if (r) bySheet.set(r.sheet, [...(bySheet.get(r.sheet) ?? []), i]);
      });
      if (bySheet.size === 0) return rects.map(() => null);
      return run(async (context) => {
        // Queue every read first: one range per sheet, or one per address on a sheet whose
        // bounding range would be too large.
        const reads: { rect: SheetRect; range: Excel.Range; for: number[] }[] = [];
        for (const [sheet, indexes] of bySheet) {
          const ws = context.workbook.worksheets.getItem(sheet);
          const box = bounding(indexes.map((i) => rects[i]!));
          const groups = cells(box) <= BOUNDING_READ_LIMIT ? [{ rect: box, for: indexes }] : indexes.map((i) => ({ rect: rects[i]!, for: [i] }));
          for (const g of groups) reads.push({ ...g, range: ws.getRange(rectToA1(g.rect)).load("valueTypes") });
        }
        await context.sync();
        const out: EmptyMap[] = rects.map(() => null);
        for (const read of reads) {
          const types = read.range.valueTypes as string[][];
          for (const i of read.for) out[i] = emptinessOf(types, read.rect, rects[i]!);
        }
        return out;
      });
    },
  };
}
