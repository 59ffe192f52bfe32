/*
 * One workbook per member of a dimension, zipped, for sending out. Loaded lazily (ExcelJS
 * and JSZip stay out of the pane's first load): `import("./member-zip")`. The files are
 * named by the same rule as the CLI's `build --per` (src/sheets/file-names.ts): names that
 * collide as files ("a/b" and "a_b", "Alice" and "alice") get "-2", so none is lost.
 */
import JSZip from "jszip";
import { fileStem, memberFileNames } from "../../../sheets/file-names";
import type { Plan } from "../../../sheets/plan";
import { memberWorkbooks } from "../../../sheets/workbook";
import { writeXlsx } from "../../../xlsx/write";

/**
 * A member's name as a file name, alone (without the others it could collide with; the zip
 * uses {@link memberFileNames}, which also makes the names unique).
 * @example memberFileName("Wang/Li") // "Wang_Li.xlsx"
 */
export function memberFileName(member: string): string {
  return `${fileStem(member)}.xlsx`;
}

/**
 * A .zip holding one .xlsx per member of `dimension` (a split id), each built by
 * `memberWorkbooks` (only that member's numbers, checks and plan), named by
 * {@link memberFileNames}: one entry per member, so `count` is what the zip holds.
 * @returns the zip's bytes, how many workbooks it holds and their names (in the split's order)
 * @throws MemberWorkbooksError when the split's members would get empty workbooks (a split of counts)
 * @example (await zipMemberWorkbooks(seedPlan, "region", { lang: "zh", asOf: "2025-03-31" })).count // 4
 */
export async function zipMemberWorkbooks(
  plan: Plan,
  dimension: string,
  options: { lang: "en" | "zh"; asOf?: string; protect?: boolean },
  signal?: AbortSignal,
): Promise<{ bytes: Uint8Array; count: number; files: string[] }> {
  const zip = new JSZip();
  // Each member's workbook built when it is zipped (not all first): a long list stays small in memory.
  const books = memberWorkbooks(plan, dimension, options);
  const files = memberFileNames(books.members);
  for (let k = 0; k < files.length; k++) {
    if (signal?.aborted) throw Object.assign(new Error("cancelled"), { name: "AbortError" });
    zip.file(files[k], await writeXlsx(books.build(k)));
  }
  // The workbooks are zipped already (ExcelJS output): store them as they are.
  const bytes = await zip.generateAsync({ type: "uint8array", compression: "STORE" });
  return { bytes, count: Object.keys(zip.files).length, files };
}
