// Builds, for the bench, the custom functions bundle (the Excel face) and the core as built
// (scripts/bench/_core-entry.ts as a CommonJS library, core.js), with the project's own
// webpack config (production mode, same loader and module rules), into the folder given as
// the first argument. Used by loadBuiltFunctions() in scripts/bench/stats.ts, so the bench
// always measures the bundle of the source as it is, without touching dist/ (which other
// work uses). Type checking is left to tsc: the emitted code is the same.
const path = require("node:path");
const webpack = require("webpack");
const makeConfig = require("../../webpack.config.js");

const out = path.resolve(process.argv[2]);
const base = makeConfig({}, { mode: "production" });
const rules = base.module.rules.map((r) =>
  r.use && r.use.loader === "ts-loader" ? { ...r, use: { ...r.use, options: { ...r.use.options, transpileOnly: true } } } : r,
);
const config = {
  mode: "production",
  devtool: false,
  entry: { functions: base.entry.functions },
  output: { path: out, filename: "[name].js" },
  resolve: base.resolve,
  module: { ...base.module, rules },
  // The metadata plugin writes functions.json and adds the CustomFunctions.associate calls.
  plugins: base.plugins.filter((p) => p.constructor.name === "CustomFunctionsMetadataPlugin"),
  performance: { hints: false },
};
const core = {
  ...config,
  entry: { core: path.resolve(__dirname, "_core-entry.ts") },
  output: { path: out, filename: "[name].js", library: { type: "commonjs2" } },
  plugins: [],
};
webpack([config, core], (err, stats) => {
  if (err || stats.hasErrors()) {
    console.error(err || stats.toString("errors-only"));
    process.exit(1);
  }
});
