// Lint: TypeScript's recommended rules, plus the one-way imports of DESIGN.md —
// core knows nothing of Excel, React, files or the other layers.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const officeGlobals = ["Office", "Excel", "CustomFunctions", "OfficeRuntime"].map((name) => ({
  name,
  message: "Office.js belongs in src/excel, src/functions and the entry points, not here.",
}));

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
    files: ["src/functions/functions.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["src/core/**/*.ts", "src/sheets/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", ...officeGlobals],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/functions/**", "**/taskpane/**", "**/excel/**", "**/xlsx/**", "**/cli/**", "**/commands/**"], message: "Imports go one way: taskpane → (sheets, excel, xlsx) → core; functions → core." },
            { group: ["react", "react-dom", "@fluentui/*", "exceljs", "fs", "node:*"], message: "core is pure: no UI, no files." },
          ],
        },
      ],
    },
  },
  {
    files: ["src/taskpane/**/*.ts", "src/taskpane/**/*.tsx"],
    ignores: ["src/taskpane/office.ts", "src/taskpane/index.tsx"],
    rules: { "no-restricted-globals": ["error", ...officeGlobals.filter((g) => g.name !== "Office")] },
  },
);
