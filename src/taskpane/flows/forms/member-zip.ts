/*
 * One workbook per member of a dimension, zipped, for sending out. Loaded lazily (ExcelJS
 * and JSZip stay out of the pane's first load): `import("./member-zip")`.
 */
import JSZip from "jszip";
import type { Plan } from "../../../sheets/plan";
import { buildMemberWorkbooks } from "../../../sheets/workbook";
import { writeXlsx } from "../../../xlsx/write";

/** A member's name as a file name: characters no file system takes become "_". */
export function memberFileName(member: string): string {
  const cleaned = [...member]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? "_" : ch))
    .join("")
    .trim()
    .replace(/^\.+/, "_");
  return `${cleaned || "_"}.xlsx`;
}

/**
 * A .zip holding one .xlsx per member of `dimension` (a split id), each built by
 * `buildMemberWorkbooks` (only that member's numbers, checks and plan).
 * @returns the zip's bytes and how many workbooks it holds
 * @example (await zipMemberWorkbooks(seedPlan, "region", { lang: "zh", asOf: "2025-03-31" })).count // 4
 */
export async function zipMemberWorkbooks(
  plan: Plan,
  dimension: string,
  options: { lang: "en" | "zh"; asOf?: string; protect?: boolean },
  signal?: AbortSignal,
): Promise<{ bytes: Uint8Array; count: number; files: string[] }> {
  const zip = new JSZip();
  const files: string[] = [];
  for (const { member, spec } of buildMemberWorkbooks(plan, dimension, options)) {
    if (signal?.aborted) throw Object.assign(new Error("cancelled"), { name: "AbortError" });
    const name = memberFileName(member);
    zip.file(name, await writeXlsx(spec));
    files.push(name);
  }
  // The workbooks are zipped already (ExcelJS output): store them as they are.
  const bytes = await zip.generateAsync({ type: "uint8array", compression: "STORE" });
  return { bytes, count: files.length, files };
}
