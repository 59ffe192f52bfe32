/**
 * `npm run render-sheets [-- --out <folder>] [--lang zh|en]`: the tracking sheet and the
 * scorecard of examples/seed-plan.json as pictures, the way a rep sees them: the plan built
 * to .xlsx by src/xlsx, printed by LibreOffice to PDF (formulas computed on load, conditional
 * colours applied), each printed page turned into a PNG by pdftoppm and the pages stacked
 * into one picture (ImageMagick's convert) — the tracking sheet prints two pages wide.
 *
 * Writes docs/sheet-tracking.png, docs/sheet-dashboard.png and docs/sheet-scorecard.png by default (Chinese, as the seed
 * plan is), or into `--out`. Tests never run this (tests do not rewrite tracked files).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { validatePlan } from "../src/sheets/plan";
import type { WorkbookSpec } from "../src/sheets/spec";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { writeXlsx } from "../src/xlsx/write";
import { convertWithLibreOffice } from "../tests/helpers/libreoffice";

const ROOT = path.resolve(__dirname, "..");

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** The seed plan's whole workbook, as `npm run plan -- build` writes it. */
function seedWorkbook(lang: "en" | "zh"): WorkbookSpec {
  const file = path.join(ROOT, "examples", "seed-plan.json");
  const v = validatePlan(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!v.ok) throw new Error(`examples/seed-plan.json does not validate: ${v.problems.map((p) => `${p.path}: ${p.message.en}`).join("; ")}`);
  return buildPlanWorkbook(v.plan, { lang, asOf: "2025-06-30" });
}

/** The same .xlsx with only `keep` visible (and active), so LibreOffice prints that sheet alone. */
async function onlySheet(xlsx: Uint8Array, keep: string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(xlsx);
  let xml = await zip.file("xl/workbook.xml")!.async("string");
  let index = -1;
  let i = 0;
  const esc = keep.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  xml = xml.replace(/<sheet\b[^>]*\/>/g, (tag) => {
    const mine = tag.includes(`name="${esc}"`);
    if (mine) index = i;
    i++;
    if (mine || /state="veryHidden"/.test(tag)) return tag;
    return /state="[^"]*"/.test(tag) ? tag.replace(/state="[^"]*"/, 'state="hidden"') : tag.replace("<sheet ", '<sheet state="hidden" ');
  });
  if (index < 0) throw new Error(`no sheet named ${keep}`);
  // LibreOffice prints the print areas of hidden sheets too: keep only the kept sheet's.
  xml = xml.replace(/<definedName\b[^>]*name="_xlnm\.Print_Area"[^>]*>[^<]*<\/definedName>/g, (tag) =>
    tag.includes(`localSheetId="${index}"`) ? tag : "",
  );
  xml = xml.replace(/activeTab="\d+"/, `activeTab="${index}"`).replace(/firstSheet="\d+"/, `firstSheet="${index}"`);
  zip.file("xl/workbook.xml", xml);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

/** Pages of a PDF (pdfinfo). */
function pageCount(pdf: string): number {
  const r = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
  const m = /Pages:\s+(\d+)/.exec(r.stdout ?? "");
  return m ? Number(m[1]) : 1;
}

/** The printed part of a page (points, with a margin), from the words pdftotext finds there. */
function contentBox(pdf: string, page: number): { x0: number; y0: number; x1: number; y1: number } | undefined {
  const r = spawnSync("pdftotext", ["-bbox", "-f", String(page), "-l", String(page), pdf, "-"], { encoding: "utf8" });
  if (r.status !== 0) return undefined;
  const words = [...r.stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g)].map((m) => m.slice(1, 5).map(Number));
  if (words.length === 0) return undefined;
  const margin = 10;
  return {
    x0: Math.max(0, Math.min(...words.map((w) => w[0])) - margin),
    y0: Math.max(0, Math.min(...words.map((w) => w[1])) - margin),
    x1: Math.max(...words.map((w) => w[2])) + margin,
    y1: Math.max(...words.map((w) => w[3])) + margin,
  };
}

async function main(): Promise<void> {
  const outDir = path.resolve(ROOT, arg("--out", "docs"));
  const lang = arg("--lang", "zh") as "en" | "zh";
  const spec = seedWorkbook(lang);
  const xlsx = await writeXlsx(spec);
  const wanted = (["tracking", "dashboard", "scorecard"] as const).map((kind) => {
    const sheet = spec.sheets.find((s) => s.kind === kind);
    if (!sheet) throw new Error(`the seed plan's workbook has no ${kind} sheet`);
    return { kind, sheet: sheet.name };
  });
  const books = await Promise.all(wanted.map(async (w) => ({ name: `sheet-${w.kind}.xlsx`, data: await onlySheet(xlsx, w.sheet) })));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "tp-render-"));
  try {
    const { files, ms } = convertWithLibreOffice(books, { to: "pdf", outDir: work });
    fs.mkdirSync(outDir, { recursive: true });
    for (const w of wanted) {
      const pdf = files.get(`sheet-${w.kind}.xlsx`)!;
      const base = path.join(outDir, `sheet-${w.kind}`);
      const dpi = 220;
      // Every printed page (the tracking sheet prints two pages wide: January–June, then
      // July–December with the year, to-date, attainment, status and pace columns), each
      // cropped to what is printed on it, stacked top to bottom into one picture.
      const pages = Math.min(pageCount(pdf), 4);
      const parts: string[] = [];
      for (let page = 1; page <= pages; page++) {
        const box = contentBox(pdf, page);
        const crop = box
          ? ["-x", String(Math.floor(box.x0 * (dpi / 72))), "-y", String(Math.floor(box.y0 * (dpi / 72))), "-W", String(Math.ceil((box.x1 - box.x0) * (dpi / 72))), "-H", String(Math.ceil((box.y1 - box.y0) * (dpi / 72)))]
          : [];
        const part = path.join(work, `${w.kind}-${page}`);
        const r = spawnSync("pdftoppm", ["-png", "-r", String(dpi), "-f", String(page), "-l", String(page), ...crop, "-singlefile", pdf, part], { encoding: "utf8" });
        if (r.status !== 0 || !fs.existsSync(`${part}.png`)) throw new Error(`pdftoppm failed for ${pdf} page ${page}: ${r.error?.message ?? r.stderr}`);
        parts.push(`${part}.png`);
      }
      if (parts.length === 1) fs.copyFileSync(parts[0], `${base}.png`);
      else {
        // ImageMagick's convert: pages one under the other, a white gap between them.
        const r = spawnSync("convert", ["-background", "white", ...parts.flatMap((p, i) => (i ? ["-size", "1x40", "xc:white", p] : [p])), "-gravity", "NorthWest", "-append", `${base}.png`], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`convert failed to stack the pages: ${r.error?.message ?? r.stderr}`);
      }
      console.log(`${path.relative(ROOT, base)}.png  (${w.sheet})`);
    }
    console.log(`LibreOffice printed ${books.length} sheets in ${(ms / 1000).toFixed(1)} s`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
