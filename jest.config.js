/**
 * Jest: unit, property, contract and engine tests in TypeScript (ts-jest, CommonJS for
 * tests only), in two projects split by file name:
 *
 * - "unit": every `*.test.ts` / `*.test.tsx` under tests/ and src/ except the engine suites.
 *   A suite that renders React starts with a `/** @jest-environment jsdom *\/` docblock
 *   (the default environment is node). `npm run test:unit` runs this project.
 * - "engines": suites that drive a real engine, named so: `*.browser.test.ts(x)` (Chromium,
 *   through playwright-core), `*.engine.test.ts(x)` (LibreOffice), and tests/browser.test.ts.
 *
 * `npm test` runs both.
 */
const tsJest = ["ts-jest", { tsconfig: { module: "commonjs", moduleResolution: "node", jsx: "react-jsx", verbatimModuleSyntax: false, isolatedModules: true } }];

/**
 * What both projects share. `tests/setup/fast-check.ts` fixes the seed of every fast-check
 * property (FC_SEED overrides it); `tests/setup/console.ts` fails a test that prints a
 * console.error it did not announce (`expectConsoleError`).
 */
const common = {
  testEnvironment: "node",
  transform: { "^.+\\.tsx?$": tsJest },
  moduleFileExtensions: ["ts", "tsx", "js", "json"],
  setupFiles: ["<rootDir>/tests/setup/fast-check.ts"],
  setupFilesAfterEnv: ["<rootDir>/tests/setup/console.ts"],
};

/** Test files, by name: every suite, and the engine suites among them. */
const ALL_SUITES = ["<rootDir>/tests/**/*.test.{ts,tsx}", "<rootDir>/src/**/*.test.{ts,tsx}"];
const ENGINE_SUITES = [
  "<rootDir>/tests/browser.test.ts",
  "<rootDir>/{tests,src}/**/*.browser.test.{ts,tsx}",
  "<rootDir>/{tests,src}/**/*.engine.test.{ts,tsx}",
];
/** The same engine suites as path patterns (regular expressions), to leave them out of "unit". */
const ENGINE_PATHS = ["/tests/browser\\.test\\.ts$", "\\.browser\\.test\\.tsx?$", "\\.engine\\.test\\.tsx?$"];

module.exports = {
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ALL_SUITES,
      testPathIgnorePatterns: ["/node_modules/", "/dist/", ...ENGINE_PATHS],
    },
    {
      ...common,
      displayName: "engines",
      testMatch: ENGINE_SUITES,
      testPathIgnorePatterns: ["/node_modules/", "/dist/"],
    },
  ],
};
