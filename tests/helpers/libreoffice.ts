/**
 * LibreOffice Calc as the formula engine of the tests (and of the render and bench scripts):
 * workbooks go in as bytes, come out recalculated and read back with ExcelJS.
 *
 * - One fresh user profile per call, set to recalculate every formula on load (cached values
 *   included: without that setting a stale cached value survives), so parallel calls never
 *   share a profile.
 * - Several files per call: one soffice start (≈ 2 s) converts them all.
 * - soffice exits 0 even when it could not load a file: each output must exist, or the call fails.
 *
 * Without soffice every call throws: a suite that needs LibreOffice says so through
 * tests/helpers/engines.ts (`describeWithEngines`, `engineStep`), which skips with a line, or
 * fails under CI=true.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type ExcelJS from "exceljs";
import { loadXlsx } from "../../src/xlsx/read";
import { findSoffice } from "./engines";

export { findSoffice };

/** A user profile's settings: recalculate on load always (0) or never (1). */
const profileXml = (mode: 0 | 1): string => `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>${mode}</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>${mode}</value></prop></item>
</oor:items>
`;

/** A workbook to hand to LibreOffice: a file name (ending .xlsx) and its bytes. */
export interface BookIn {
  name: string;
  data: Uint8Array;
}

/** Options of {@link convertWithLibreOffice}. */
export interface ConvertOptions {
  /** "xlsx" (recalculated workbook) or "pdf" (printed sheets). Default "xlsx". */
  to?: "xlsx" | "pdf";
  /** Folder for the outputs; default a fresh temporary folder. */
  outDir?: string;
  /** Give up after this many ms (default 180,000). */
  timeoutMs?: number;
  /**
   * Recalculate every formula on load (default true). false keeps the cached values: the bench
   * uses it to tell LibreOffice's loading and saving from its calculating.
   */
  recalc?: boolean;
}

/** What one soffice call did. */
export interface Converted {
  /** Output file of each input, by input name. */
  files: Map<string, string>;
  /** Wall time of the soffice call, ms. */
  ms: number;
}

/**
 * Converts workbooks in one soffice call with a fresh recalculate-on-load profile.
 * Throws when soffice is missing, times out, or leaves an output missing.
 *
 * @example
 * const { files } = convertWithLibreOffice([{ name: "a.xlsx", data: bytes }]);
 * fs.readFileSync(files.get("a.xlsx")!) // recalculated by LibreOffice
 */
export function convertWithLibreOffice(books: BookIn[], options: ConvertOptions = {}): Converted {
  const soffice = findSoffice();
  if (!soffice) throw new Error("soffice (LibreOffice) not found: install libreoffice-calc or set SOFFICE_PATH");
  const to = options.to ?? "xlsx";
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "tp-lo-"));
  try {
    const profile = path.join(work, "profile");
    fs.mkdirSync(path.join(profile, "user"), { recursive: true });
    fs.writeFileSync(path.join(profile, "user", "registrymodifications.xcu"), profileXml(options.recalc === false ? 1 : 0));
    const inDir = path.join(work, "in");
    fs.mkdirSync(inDir);
    const outDir = options.outDir ? path.resolve(options.outDir) : path.join(work, "out");
    fs.mkdirSync(outDir, { recursive: true });
    const inputs = books.map((b) => {
      const p = path.join(inDir, b.name);
      fs.writeFileSync(p, b.data);
      return p;
    });
    const t0 = Date.now();
    const r = spawnSync(
      soffice,
      [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--nolockcheck", "--convert-to", to, "--outdir", outDir, ...inputs],
      { encoding: "utf8", timeout: options.timeoutMs ?? 180_000 },
    );
    const ms = Date.now() - t0;
    if (r.error) throw new Error(`soffice failed to run: ${r.error.message}`);
    const files = new Map<string, string>();
    const missing: string[] = [];
    for (const b of books) {
      const out = path.join(outDir, b.name.replace(/\.[^.]+$/, "") + "." + to);
      if (fs.existsSync(out)) files.set(b.name, out);
      else missing.push(b.name);
    }
    if (missing.length > 0) {
      throw new Error(`LibreOffice produced no ${to} for ${missing.join(", ")} (exit ${r.status}): ${r.stderr || r.stdout}`);
    }
    return { files, ms };
  } finally {
    // The profile and the inputs go; the outputs stay for the caller (in `outDir`, or in work/out).
    fs.rmSync(path.join(work, "in"), { recursive: true, force: true });
    fs.rmSync(path.join(work, "profile"), { recursive: true, force: true });
  }
}

/** A recalculated workbook: LibreOffice's file bytes and the ExcelJS workbook read from them. */
export interface Recalculated {
  name: string;
  bytes: Uint8Array;
  workbook: ExcelJS.Workbook;
}

/**
 * Recalculates workbooks in LibreOffice (one soffice call for all of them) and reads each
 * result back with ExcelJS.
 *
 * @example
 * const [book] = await recalculate([{ name: "plan.xlsx", data: await writeXlsx(spec) }]);
 * book.workbook.getWorksheet("Split")!.getCell("B2").result
 */
export async function recalculate(books: BookIn[]): Promise<Recalculated[]> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-lo-out-"));
  try {
    const { files } = convertWithLibreOffice(books, { outDir });
    const out: Recalculated[] = [];
    for (const b of books) {
      const bytes = new Uint8Array(fs.readFileSync(files.get(b.name)!));
      out.push({ name: b.name, bytes, workbook: await loadXlsx(bytes) });
    }
    return out;
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
