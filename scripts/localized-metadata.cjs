/* Generates the Chinese custom-functions metadata (functions.zh-cn.json) at build time from
 * the English metadata that custom-functions-metadata-plugin generates from the JSDoc, and a
 * translation table. Ids, names, types and parameter order come from the English file, so the
 * two cannot drift; the build fails when a function or parameter has no translation, or the
 * table names one that does not exist. */
"use strict";
const fs = require("fs");
const { sources, WebpackError, Compilation } = require("webpack");

/**
 * Applies a translation table to English metadata.
 * @param {{functions: Array<{id: string, description?: string, parameters?: Array<{name: string, description?: string}>, result?: object}>}} metadata
 * @param {Record<string, {description: string, parameters?: Record<string, string>}>} table
 * @returns {{metadata: object, errors: string[]}}
 */
function localizeMetadata(metadata, table) {
  const errors = [];
  const seen = new Set();
  const functions = metadata.functions.map((fn) => {
    const t = table[fn.id];
    seen.add(fn.id);
    if (!t || !t.description) {
      errors.push(`no Chinese description for ${fn.id}`);
      return fn;
    }
    const params = (fn.parameters || []).map((p) => {
      const d = t.parameters && t.parameters[p.name];
      if (!d) errors.push(`no Chinese help for ${fn.id}(${p.name})`);
      return d ? { ...p, description: d } : p;
    });
    for (const name of Object.keys(t.parameters || {})) {
      if (!(fn.parameters || []).some((p) => p.name === name)) errors.push(`the table translates ${fn.id}(${name}), which does not exist`);
    }
    return { ...fn, description: t.description, parameters: params };
  });
  for (const id of Object.keys(table)) if (!seen.has(id)) errors.push(`the table translates ${id}, which is not a function`);
  return { metadata: { ...metadata, functions }, errors };
}

class LocalizedMetadataPlugin {
  constructor(options) {
    this.options = options;
  }
  apply(compiler) {
    const { source, output, table } = this.options;
    compiler.hooks.thisCompilation.tap("LocalizedMetadataPlugin", (compilation) => {
      compilation.fileDependencies.add(table);
      compilation.hooks.processAssets.tap(
        { name: "LocalizedMetadataPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        (assets) => {
          const english = assets[source];
          if (!english) {
            compilation.errors.push(new WebpackError(`${source} was not generated; cannot write ${output}`));
            return;
          }
          const { metadata, errors } = localizeMetadata(
            JSON.parse(english.source().toString()),
            JSON.parse(fs.readFileSync(table, "utf8")),
          );
          for (const e of errors) compilation.errors.push(new WebpackError(`${output}: ${e}`));
          compilation.emitAsset(output, new sources.RawSource(JSON.stringify(metadata, null, 2)));
        },
      );
    });
  }
}

module.exports = { LocalizedMetadataPlugin, localizeMetadata };
