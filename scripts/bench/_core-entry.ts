/**
 * The core functions the bench measures "as built": bundled by the project's webpack config
 * (production mode, modules concatenated, minified), as the add-in ships them, rather than as
 * tsx loads the source (one CommonJS module per file, every cross-module call through an
 * export getter, which costs a few ns per call that the shipped code never pays).
 * Built by scripts/bench/build-functions.cjs; loaded with loadBuiltCore() from stats.ts.
 */
export { attainment } from "../../src/core/attainment";
export { scoreKpi } from "../../src/core/score";
export { trafficLight } from "../../src/core/status";
export { splitTotal } from "../../src/core/split";
export { spreadGrid } from "../../src/core/spread";
