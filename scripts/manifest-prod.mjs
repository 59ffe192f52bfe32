#!/usr/bin/env node
// Writes the production manifest: manifest.xml with every https://localhost:3000 URL
// rewritten to the address where the built dist/ files are hosted. With `--china` (or
// `--cdn 21vianet`), for Office 365 operated by 21Vianet in mainland China, it also points
// the built pages (dist/*.html) at 21Vianet's office.js; `--cdn global` (the default)
// points them back at Microsoft's.
//
//   npm run manifest:prod -- https://addin.example.com/target-planner [--china] [--out FILE] [--in FILE] [--dist DIR]
//   BASE_URL=https://addin.example.com/target-planner npm run manifest:prod
//
// Default output: dist/manifest.prod.xml (run it after `npm run build`, which empties dist/).
// Exits 1 with a message on a bad address, or with --china when no built page loads office.js.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import manifestUrl from "./manifest-url.cjs";

const { DEV_ORIGIN, OFFICE_JS_CDNS, rebaseManifest, retargetOfficeJs } = manifestUrl;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const USAGE = `Usage: npm run manifest:prod -- <https base URL> [--china | --cdn global|21vianet] [--out FILE] [--in FILE] [--dist DIR]
       (or set BASE_URL instead of passing the URL)
  --china, --cdn 21vianet  for Office 365 operated by 21Vianet (China): the built pages in
                           dist/ load office.js from ${OFFICE_JS_CDNS["21vianet"]}
  --cdn global             (default) they load it from ${OFFICE_JS_CDNS.global}
  --dist DIR               the built pages to point at the CDN (default dist/)
Example: npm run manifest:prod -- https://addin.example.com/target-planner
         npm run manifest:prod -- https://addin.example.cn/target-planner --china`;

function parseArgs(argv) {
  const opts = {
    base: undefined,
    out: path.join(root, "dist", "manifest.prod.xml"),
    in: path.join(root, "manifest.xml"),
    dist: path.join(root, "dist"),
    cdn: "global",
    cdnGiven: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith("--") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`${flag} needs a value.\n${USAGE}`);
      return v;
    };
    if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (flag === "--out") opts.out = path.resolve(value());
    else if (flag === "--in") opts.in = path.resolve(value());
    else if (flag === "--base") opts.base = value();
    else if (flag === "--dist") opts.dist = path.resolve(value());
    else if (flag === "--china") [opts.cdn, opts.cdnGiven] = ["21vianet", true];
    else if (flag === "--cdn") {
      const cdn = value().toLowerCase();
      if (!(cdn in OFFICE_JS_CDNS)) throw new Error(`--cdn must be one of ${Object.keys(OFFICE_JS_CDNS).join(", ")}, not "${cdn}".\n${USAGE}`);
      [opts.cdn, opts.cdnGiven] = [cdn, true];
    }
    else if (flag.startsWith("-")) throw new Error(`Unknown option ${flag}.\n${USAGE}`);
    else if (opts.base === undefined) opts.base = arg;
    else throw new Error(`Unexpected argument "${arg}" (the base URL is already ${opts.base}).\n${USAGE}`);
  }
  opts.base ??= process.env.BASE_URL;
  if (!opts.base) throw new Error(`No base URL given.\n${USAGE}`);
  return opts;
}

/**
 * Points every built page in `dist` at the chosen office.js CDN, in place. Returns one line
 * per page changed. A CDN asked for explicitly needs at least one page that loads office.js.
 */
function retargetPages(dist, cdn, required) {
  const pages = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith(".html")) : [];
  let loading = 0;
  const changed = [];
  for (const page of pages) {
    const file = path.join(dist, page);
    const result = retargetOfficeJs(readFileSync(file, "utf8"), cdn);
    loading += result.count > 0 ? 1 : 0;
    if (result.replaced > 0) {
      writeFileSync(file, result.html, "utf8");
      changed.push(page);
    }
  }
  if (required && loading === 0) {
    throw new Error(`No built page in ${dist} loads office.js from a known CDN: run \`npm run build\` first.`);
  }
  return { pages: loading, changed };
}

try {
  const opts = parseArgs(process.argv.slice(2));
  const source = readFileSync(opts.in, "utf8");
  const result = rebaseManifest(source, opts.base);
  const pages = retargetPages(opts.dist, opts.cdn, opts.cdnGiven);
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, result.xml, "utf8");
  const rel = (p) => {
    const r = path.relative(process.cwd(), p);
    return r && !r.startsWith("..") && !path.isAbsolute(r) ? r : p;
  };
  console.log(`Replaced ${result.count} URL${result.count === 1 ? "" : "s"}: ${DEV_ORIGIN} → ${result.base} (app domain ${result.origin}).`);
  console.log(`Wrote ${rel(opts.out)} from ${rel(opts.in)}.`);
  if (pages.pages > 0) {
    const where = opts.cdn === "21vianet" ? "21Vianet's CDN (Office 365 in China)" : "Microsoft's CDN";
    const what = pages.changed.length > 0 ? `now load office.js from ${where}: ${pages.changed.join(", ")}` : `already loaded office.js from ${where}`;
    console.log(`Built pages in ${rel(opts.dist)} ${what} (${OFFICE_JS_CDNS[opts.cdn]}).`);
  }
  console.log(`Next: host the contents of dist/ at ${result.base}/ (taskpane.html, functions.js, functions.json, …),`);
  console.log(`then check the manifest online with: npx office-addin-manifest validate ${rel(opts.out)}`);
} catch (err) {
  console.error(`manifest:prod: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
