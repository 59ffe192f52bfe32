#!/usr/bin/env node
// Writes the production manifest: manifest.xml with every https://localhost:3000 URL
// rewritten to the address where the built dist/ files are hosted.
//
//   npm run manifest:prod -- https://addin.example.com/target-planner [--out FILE] [--in FILE]
//   BASE_URL=https://addin.example.com/target-planner npm run manifest:prod
//
// Default output: dist/manifest.prod.xml (run it after `npm run build`, which empties dist/).
// Exits 1 with a message on a bad address.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import manifestUrl from "./manifest-url.cjs";

const { DEV_ORIGIN, rebaseManifest } = manifestUrl;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const USAGE = `Usage: npm run manifest:prod -- <https base URL> [--out FILE] [--in FILE]
       (or set BASE_URL instead of passing the URL)
Example: npm run manifest:prod -- https://addin.example.com/target-planner`;

function parseArgs(argv) {
  const opts = { base: undefined, out: path.join(root, "dist", "manifest.prod.xml"), in: path.join(root, "manifest.xml") };
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
    else if (flag.startsWith("-")) throw new Error(`Unknown option ${flag}.\n${USAGE}`);
    else if (opts.base === undefined) opts.base = arg;
    else throw new Error(`Unexpected argument "${arg}" (the base URL is already ${opts.base}).\n${USAGE}`);
  }
  opts.base ??= process.env.BASE_URL;
  if (!opts.base) throw new Error(`No base URL given.\n${USAGE}`);
  return opts;
}

try {
  const opts = parseArgs(process.argv.slice(2));
  const source = readFileSync(opts.in, "utf8");
  const result = rebaseManifest(source, opts.base);
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, result.xml, "utf8");
  const rel = (p) => {
    const r = path.relative(process.cwd(), p);
    return r && !r.startsWith("..") && !path.isAbsolute(r) ? r : p;
  };
  console.log(`Replaced ${result.count} URL${result.count === 1 ? "" : "s"}: ${DEV_ORIGIN} → ${result.base} (app domain ${result.origin}).`);
  console.log(`Wrote ${rel(opts.out)} from ${rel(opts.in)}.`);
  console.log(`Next: host the contents of dist/ at ${result.base}/ (taskpane.html, functions.js, functions.json, …),`);
  console.log(`then check the manifest online with: npx office-addin-manifest validate ${rel(opts.out)}`);
} catch (err) {
  console.error(`manifest:prod: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
