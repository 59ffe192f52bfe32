/* The task pane's argument lists (=TARGET.SPLIT(total, weights, [unit], [fixed])), generated
 * at build time from the same custom-functions metadata Excel reads: the metadata that
 * custom-functions-metadata-plugin generates from the JSDoc of src/functions/functions.ts.
 * The pane imports the small JSON written here (names and optionality only, a few hundred
 * bytes), so what it shows cannot drift from Excel's formula help.
 *
 * The JSON is committed, so tests and editors work on a fresh clone; the build rewrites it
 * only when the JSDoc changed it (then commit it with the change), and
 * tests/signature.test.ts fails when it differs from dist/functions.json.
 *
 *   node scripts/function-signatures.cjs    # regenerate without a build
 */
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const FUNCTIONS_SOURCE = path.join(ROOT, "src/functions/functions.ts");
const OUTPUT = path.join(ROOT, "src/taskpane/function-signatures.json");

/**
 * Each function's parameters, in order, from custom-functions metadata.
 * @param {{functions: Array<{id: string, parameters?: Array<{name: string, optional?: boolean}>}>}} metadata
 * @returns {Record<string, Array<{name: string, optional?: true}>>}
 * @example signaturesOf({ functions: [{ id: "ATTAIN", parameters: [{ name: "actual" }, { name: "direction", optional: true }] }] })
 *   // { ATTAIN: [{ name: "actual" }, { name: "direction", optional: true }] }
 */
function signaturesOf(metadata) {
  const out = {};
  for (const fn of metadata.functions) {
    out[fn.id] = (fn.parameters || []).map((p) => (p.optional ? { name: p.name, optional: true } : { name: p.name }));
  }
  return out;
}

/** The JSON text the pane imports (one function a line), for metadata text as the generator writes it. */
function signaturesJson(metadataJson) {
  const lines = Object.entries(signaturesOf(JSON.parse(metadataJson))).map(([id, params]) => `  ${JSON.stringify(id)}: ${JSON.stringify(params)}`);
  return `{\n${lines.join(",\n")}\n}\n`;
}

/** Writes `text` to `file` unless it already holds exactly that; true when it wrote. */
function writeIfChanged(file, text) {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return false;
  fs.writeFileSync(file, text);
  return true;
}

/** Generates the metadata from the JSDoc (as the webpack plugin does) and writes the JSON. */
async function generate() {
  const { generateCustomFunctionsMetadata } = require("custom-functions-metadata");
  const result = await generateCustomFunctionsMetadata([FUNCTIONS_SOURCE], false);
  if (result.errors.length > 0) throw new Error(result.errors.join("\n"));
  return writeIfChanged(OUTPUT, signaturesJson(result.metadataJson));
}

/**
 * Webpack plugin: once custom-functions-metadata-plugin has generated the metadata (it
 * publishes it in the `compilation` hook; register this plugin after it), writes the pane's
 * JSON when it changed, before any module is read (modules are built later, in `make`).
 */
class FunctionSignaturesPlugin {
  constructor(options) {
    this.options = options; // { input: the functions source as given to the metadata plugin }
  }
  apply(compiler) {
    const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
    compiler.hooks.compilation.tap("FunctionSignaturesPlugin", () => {
      const result = CustomFunctionsMetadataPlugin.generateResults[this.options.input];
      // On a metadata error the metadata plugin fails the build; nothing to write then.
      if (result && result.errors.length === 0 && writeIfChanged(OUTPUT, signaturesJson(result.metadataJson))) {
        console.log(`[target-planner] ${path.relative(ROOT, OUTPUT)} updated from the functions' JSDoc: commit it`);
      }
    });
  }
}

module.exports = { FunctionSignaturesPlugin, signaturesOf, signaturesJson, OUTPUT };

if (require.main === module) {
  generate().then(
    (wrote) => console.log(wrote ? `wrote ${path.relative(ROOT, OUTPUT)}` : `${path.relative(ROOT, OUTPUT)} is up to date`),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
