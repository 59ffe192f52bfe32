/*
 * What the pane can do where it runs, as plain data for the flows: write into the workbook,
 * open a result as a new workbook, hand a file to the browser, use the TARGET.* functions.
 * Worked out once from the host (office.ts reads the platform and the requirement sets);
 * components never ask Office themselves.
 */
import type { HostInfo, PlatformKind } from "../office";

/**
 * How a plain download goes here:
 * - "browser": a browser outside Excel saves it (its downloads folder or a save dialog);
 * - "handedOver": inside Excel on Windows or the web the file is handed to the pane's web
 *   view, and the pane cannot tell whether it was saved;
 * - "none": Excel for Mac and iPad drop it silently (WKWebView; office-js #2700, "by design").
 */
export type DownloadKind = "browser" | "handedOver" | "none";

/** What the pane can do where it runs. */
export interface PaneAbilities {
  /** Apply: write sheets into the workbook (Excel with ExcelApi 1.8, or the workbench outside Excel). */
  write: boolean;
  /** "Open as a new workbook" (`Excel.createWorkbook`, ExcelApi 1.8): inside Excel only. */
  openWorkbook: boolean;
  download: DownloadKind;
  /** The TARGET.* functions: "available" in this Excel, "missing" (no CustomFunctionsRuntime), or "outside" Excel. */
  functions: "available" | "missing" | "outside";
  /** Inside Office: its platform. */
  platform?: PlatformKind;
}

/**
 * The pane's abilities on a host. Inside Excel without a requirement-set answer (tests,
 * an old office.js) everything is assumed there.
 * @example abilitiesOf({ kind: "excel", displayLanguage: null, theme: "light", platform: "mac" }).download // "none"
 * @example abilitiesOf({ kind: "none", displayLanguage: null, theme: "light" }).openWorkbook // false
 */
export function abilitiesOf(host: Pick<HostInfo, "kind" | "platform" | "support">): PaneAbilities {
  if (host.kind !== "excel") return { write: true, openWorkbook: false, download: "browser", functions: "outside" };
  const excelApi18 = host.support?.excelApi18 ?? true;
  const customFunctions = host.support?.customFunctions ?? true;
  const webKit = host.platform === "mac" || host.platform === "ipad";
  return {
    write: excelApi18,
    openWorkbook: excelApi18,
    download: webKit ? "none" : "handedOver",
    functions: customFunctions ? "available" : "missing",
    ...(host.platform ? { platform: host.platform } : {}),
  };
}

/**
 * The pane's own address without its query (what to open in a browser to use the pane
 * outside Excel), or undefined where there is no http(s) address (tests).
 * @example paneAddress({ protocol: "https:", origin: "https://localhost:3000", pathname: "/taskpane.html" }) // "https://localhost:3000/taskpane.html"
 */
export function paneAddress(location: Pick<Location, "protocol" | "origin" | "pathname"> | undefined = typeof window !== "undefined" ? window.location : undefined): string | undefined {
  if (!location || !/^https?:$/.test(location.protocol)) return undefined;
  return `${location.origin}${location.pathname}`;
}
