/* Build of the add-in: the task pane, the custom functions and the ribbon commands, served
 * from one page (taskpane.html) in Office's shared runtime. functions.json is generated
 * from the JSDoc of src/functions/functions.ts; functions.zh-cn.json from it plus the
 * translation table src/functions/help.zh-cn.json. */
const fs = require("fs");
const os = require("os");
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const { LocalizedMetadataPlugin } = require("./scripts/localized-metadata.cjs");
const { FunctionSignaturesPlugin } = require("./scripts/function-signatures.cjs");
const { FirstLoadBudget } = require("./scripts/budget.cjs");

const PORT = 3000;
const FUNCTIONS_SOURCE = "./src/functions/functions.ts";
/** The pane's first load: its entry's initial JavaScript, gzipped (docs/architecture.md, "Small pane"). */
const FIRST_LOAD_BUDGET = 300 * 1024;

/** office-addin-dev-certs' certificate when it exists, else webpack-dev-server's own, saying which. */
function httpsOptions() {
  const dir = path.join(os.homedir(), ".office-addin-dev-certs");
  const files = { ca: "ca.crt", cert: "localhost.crt", key: "localhost.key" };
  if (Object.values(files).every((f) => fs.existsSync(path.join(dir, f)))) {
    console.log(`[target-planner] https with the Office dev certificate from ${dir}`);
    return Object.fromEntries(Object.entries(files).map(([k, f]) => [k, fs.readFileSync(path.join(dir, f))]));
  }
  console.log(
    "[target-planner] https with webpack-dev-server's own self-signed certificate " +
      `(no Office dev certificate in ${dir}; run \`npx office-addin-dev-certs install\` to make one)`,
  );
  return undefined;
}

module.exports = (env, argv) => {
  const dev = argv.mode !== "production";
  const serving = Boolean(env && env.WEBPACK_SERVE);
  return {
    devtool: dev ? "source-map" : false,
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      functions: FUNCTIONS_SOURCE,
      commands: "./src/commands/commands.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      // Lazy chunks (import() of what only some actions need, e.g. ExcelJS) get a content
      // hash, so a host may cache them for long; they load from beside the script that asks
      // for them ("auto": the entry script's own folder, wherever dist/ is hosted).
      chunkFilename: dev ? "[name].chunk.js" : "[name].[contenthash:8].chunk.js",
      publicPath: "auto",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          // The development build (npm start) only transpiles, for speed: types are checked by
          // `npm run typecheck`, and by the production build, which fails on a type error.
          use: { loader: "ts-loader", options: { onlyCompileBundledFiles: true, transpileOnly: dev, compilerOptions: { module: "ES2020", noEmit: false } } },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: FUNCTIONS_SOURCE }),
      // The pane's argument lists, from the same metadata (after the plugin above).
      new FunctionSignaturesPlugin({ input: FUNCTIONS_SOURCE }),
      new LocalizedMetadataPlugin({
        source: "functions.json",
        output: "functions.zh-cn.json",
        table: path.resolve(__dirname, "src/functions/help.zh-cn.json"),
        // The generator always writes allowCustomDataForDataTypeAny: true, which hands a Stocks or
        // Geography cell to the functions as an object ("Setting this value to true allows a custom
        // function to accept data types as parameters and return values": Microsoft, "Manually
        // create JSON metadata for custom functions"). The functions neither take nor return data
        // types: off, Excel passes a cell's basic value, as its own formulas see it (a formatted
        // number is its number; an entity is #VALUE!, as =A2*1 is), on every build alike (data
        // types in custom functions need CustomFunctionsRuntime 1.4, which retail Office lacks).
        settings: { allowCustomDataForDataTypeAny: false },
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane", "functions", "commands"],
      }),
      // A ribbon command's message to the user, in an Office dialog (src/commands/commands.ts).
      new HtmlWebpackPlugin({ filename: "notice.html", template: "./src/commands/notice.html", inject: false }),
      // Fails the production build when the pane's first load exceeds the budget, and prints the figures.
      ...(dev ? [] : [new FirstLoadBudget({ entry: "taskpane", maxGzipBytes: FIRST_LOAD_BUDGET })]),
      new CopyWebpackPlugin({
        patterns: [
          { from: "manifest.xml", to: "manifest.xml" },
          { from: "assets/*.png", to: "assets/[name][ext]" },
          // The help page the manifest's SupportUrl and LearnMoreUrl name.
          { from: "assets/help.html", to: "help.html" },
        ],
      }),
    ],
    devServer: {
      port: PORT,
      host: "localhost",
      hot: false,
      liveReload: false,
      headers: { "Access-Control-Allow-Origin": "*" },
      // Everything served is the dev server's own in-memory build (the copied manifest and
      // icons included): never a stale dist/ from an earlier `npm run build`.
      static: false,
      server: { type: "https", options: serving ? httpsOptions() : undefined },
      client: false,
    },
  };
};
