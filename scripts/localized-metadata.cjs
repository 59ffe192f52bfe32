/* Generates the Chinese custom-functions metadata (functions.zh-cn.json) at build time from
 * the English metadata that custom-functions-metadata-plugin generates from the JSDoc, and a
 * translation table. Ids, names, types and parameter order come from the English file, so the
 * two cannot drift; the build fails when a function or parameter has no translation, or the
 * table names one that does not exist.
 *
 * It also sets the top-level settings the generator writes without asking (`settings`, e.g.
 * `allowCustomDataForDataTypeAny`, which custom-functions-metadata always writes as true and
 * its webpack plugin has no option for), in both files. */
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

/**
 * The metadata with top-level settings replaced (the functions untouched).
 * @param {object} metadata
 * @param {Record<string, unknown>} settings
 * @example withSettings({ allowCustomDataForDataTypeAny: true, functions: [] }, { allowCustomDataForDataTypeAny: false })
 *   // { allowCustomDataForDataTypeAny: false, functions: [] }
 */
function withSettings(metadata, settings) {
  return { ...metadata, ...settings, functions: metadata.functions };
}

class LocalizedMetadataPlugin {
  /**
   * @param {{source: string, output: string, table: string, settings?: Record<string, unknown>}} options
   *   source: the English metadata asset; output: the Chinese one; table: the translations;
   *   settings: top-level settings to set in both
   */
  constructor(options) {
    this.options = options;
  }
  apply(compiler) {
    const { source, output, table, settings } = this.options;
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
          let englishMetadata = JSON.parse(english.source().toString());
          if (settings) {
            englishMetadata = withSettings(englishMetadata, settings);
            compilation.updateAsset(source, new sources.RawSource(JSON.stringify(englishMetadata, null, 4)));
          }
          const { metadata, errors } = localizeMetadata(englishMetadata, JSON.parse(fs.readFileSync(table, "utf8")));
          for (const e of errors) compilation.errors.push(new WebpackError(`${output}: ${e}`));
          compilation.emitAsset(output, new sources.RawSource(JSON.stringify(metadata, null, 2)));
        },
      );
    });
  }
}

module.exports = { LocalizedMetadataPlugin, localizeMetadata, withSettings };
