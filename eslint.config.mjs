// Lint: TypeScript's recommended rules, plus the one-way imports of docs/architecture.md —
// core knows nothing of Excel, React, files or the other layers; each layer imports only
// the layers below it (taskpane → sheets, excel, xlsx → core; functions → core).
import js from "@eslint/js";
import officeAddins from "eslint-plugin-office-addins";
import globals from "globals";
import tseslint from "typescript-eslint";
import noSyncInLoop from "./eslint-rules/no-sync-in-loop.cjs";

/**
 * The Office rules of eslint-plugin-office-addins, at the levels its recommended config sets
 * (load before read, sync after load, no sync in a loop, isNullObject, no
 * Office.initialize, …). Its formatting rules (prettier) are not taken: this project has
 * no prettier setup, and formatting is not what those rules are for.
 */
const officeRules = Object.fromEntries(
  officeAddins.configs.recommended
    .flatMap((config) => Object.entries(config.rules ?? {}))
    .filter(([name]) => name.startsWith("office-addins/")),
);

const officeGlobals = ["Office", "Excel", "CustomFunctions", "OfficeRuntime"].map((name) => ({
  name,
  message: "Office.js belongs in src/excel, src/functions and the entry points, not here.",
}));

/** The source layers, as folder globs an import path can match. */
const LAYER = {
  core: "**/core/**",
  functions: "**/functions/**",
  sheets: "**/sheets/**",
  excel: "**/excel/**",
  xlsx: "**/xlsx/**",
  cli: "**/cli/**",
  taskpane: "**/taskpane/**",
  commands: "**/commands/**",
};
const ONE_WAY = "Imports go one way: taskpane → (sheets, excel, xlsx) → core; functions → core; cli → (sheets, xlsx) → core. See docs/architecture.md.";
const UI = ["react", "react-dom", "react-dom/*", "@fluentui/*"];

/** An import rule for files of one layer: these layers and these packages are out of bounds. */
function layerRule(files, forbiddenLayers, forbiddenPackages, packageMessage) {
  const patterns = [{ group: forbiddenLayers.map((l) => LAYER[l]), message: ONE_WAY }];
  if (forbiddenPackages.length > 0) patterns.push({ group: forbiddenPackages, message: packageMessage });
  return { files, rules: { "no-restricted-imports": ["error", { patterns }] } };
}

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "tests/.out/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.cjs", "**/*.mjs", "**/*.js"],
    languageOptions: { globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Every source file may touch Office.js (the layer rules below say which may not).
    // The plugin's no-context-sync-in-loop sees only an object named `context`; ours sees
    // every sync (eslint-rules/no-sync-in-loop.mjs), as an error.
    files: ["src/**/*.ts", "src/**/*.tsx"],
    plugins: { "office-addins": officeAddins, "target-planner": { rules: { "no-sync-in-loop": noSyncInLoop } } },
    rules: { ...officeRules, "office-addins/no-context-sync-in-loop": "off", "target-planner/no-sync-in-loop": "error" },
  },
  {
    files: ["src/functions/functions.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  // The layers (docs/architecture.md). Layers that do not exist yet are covered already.
  layerRule(
    ["src/core/**/*.ts"],
    ["functions", "sheets", "excel", "xlsx", "cli", "taskpane", "commands"],
    [...UI, "exceljs", "jszip", "fs", "path", "node:*"],
    "core is pure: no UI, no files, no workbook library.",
  ),
  layerRule(
    ["src/sheets/**/*.ts"],
    ["functions", "excel", "xlsx", "cli", "taskpane", "commands"],
    [...UI, "exceljs", "fs", "path", "node:*"],
    "sheets describes workbooks as data: no UI, no files, no workbook library.",
  ),
  layerRule(["src/functions/**/*.ts"], ["sheets", "excel", "xlsx", "cli", "taskpane", "commands"], UI, "functions has no UI."),
  layerRule(["src/excel/**/*.ts"], ["functions", "xlsx", "cli", "taskpane", "commands"], [...UI, "exceljs"], "excel is Office.js only."),
  layerRule(["src/xlsx/**/*.ts"], ["functions", "excel", "cli", "taskpane", "commands"], UI, "xlsx has no UI."),
  layerRule(["src/cli/**/*.ts"], ["functions", "excel", "taskpane", "commands"], UI, "cli has no UI."),
  {
    files: ["src/core/**/*.ts", "src/sheets/**/*.ts", "src/xlsx/**/*.ts", "src/cli/**/*.ts"],
    rules: { "no-restricted-globals": ["error", ...officeGlobals] },
  },
  {
    files: ["src/taskpane/**/*.ts", "src/taskpane/**/*.tsx"],
    ignores: ["src/taskpane/office.ts", "src/taskpane/index.tsx"],
    rules: { "no-restricted-globals": ["error", ...officeGlobals.filter((g) => g.name !== "Office")] },
  },
);
