/** Jest: unit and property tests in TypeScript (ts-jest, CommonJS for tests only). */
const tsJest = ["ts-jest", { tsconfig: { module: "commonjs", moduleResolution: "node", jsx: "react-jsx", verbatimModuleSyntax: false, isolatedModules: true } }];
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.tsx?$": tsJest },
  moduleFileExtensions: ["ts", "tsx", "js", "json"],
  testMatch: ["<rootDir>/tests/**/*.test.ts", "<rootDir>/src/**/*.test.ts"],
  testTimeout: 120000,
};
