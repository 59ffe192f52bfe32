/** Types for scripts/manifest-url.cjs (used by tests/manifest.test.ts). */
export declare const DEV_ORIGIN: string;
export declare const BUILD_OUTPUTS: readonly string[];
export declare function normaliseBaseUrl(base: string): { base: string; origin: string };
export declare function rebaseManifest(
  xml: string,
  base: string,
): { xml: string; count: number; base: string; origin: string };
export declare const OFFICE_JS_CDNS: { readonly global: string; readonly "21vianet": string };
export declare function retargetOfficeJs(
  html: string,
  cdn: "global" | "21vianet",
): { html: string; count: number; replaced: number };
