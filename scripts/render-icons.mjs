#!/usr/bin/env node
// Renders the add-in icons: assets/icon.svg → assets/icon-{32,64,80}.png and the
// pixel-aligned assets/icon-16.svg → assets/icon-16.png, with headless Chromium
// (transparent background). The PNGs are committed; run this only after editing an SVG.
//
//   node scripts/render-icons.mjs            (CHROMIUM=/path/to/chromium to override)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const assets = path.join(root, "assets");
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
const sizes = [16, 32, 64, 80];

if (!existsSync(chromium)) {
  console.error(`Chromium not found at ${chromium}; set CHROMIUM=/path/to/chromium.`);
  process.exit(1);
}

const work = mkdtempSync(path.join(tmpdir(), "tp-icons-"));
try {
  for (const size of sizes) {
    const source = size === 16 ? "icon-16.svg" : "icon.svg";
    // Draw the SVG at the target size: set its width and height, keep its viewBox.
    const svg = readFileSync(path.join(assets, source), "utf8").replace(
      /<svg\b([^>]*?)\swidth="[^"]*"\s+height="[^"]*"/,
      `<svg$1 width="${size}" height="${size}"`,
    );
    const page = path.join(work, `icon-${size}.html`);
    writeFileSync(page, `<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    const out = path.join(assets, `icon-${size}.png`);
    execFileSync(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--default-background-color=00000000",
        `--window-size=${size},${size}`,
        `--screenshot=${out}`,
        pathToFileURL(page).href,
      ],
      { stdio: ["ignore", "ignore", "ignore"], timeout: 60_000 },
    );
    // Check the result: a PNG whose IHDR says size × size.
    const png = readFileSync(out);
    const w = png.readUInt32BE(16);
    const h = png.readUInt32BE(20);
    if (png.toString("latin1", 1, 4) !== "PNG" || w !== size || h !== size) {
      throw new Error(`${out}: expected a ${size}×${size} PNG, got ${w}×${h}`);
    }
    console.log(`assets/icon-${size}.png  ${size}×${size}  from ${source}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
