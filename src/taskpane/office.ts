/*
 * The pane's only contact with Office.js: waits for Office to be ready and reads what the
 * pane needs to start (which application it runs in, on which platform, the display
 * language, the theme, and which of the Office.js requirement sets the pane depends on this
 * Excel supports). React components never call Office.js; they receive a `HostInfo`.
 */

/**
 * Where the pane runs:
 * - "excel": inside Excel;
 * - "other": inside another Office application;
 * - "none": in a plain browser (Office.onReady gives `host: null`);
 * - "none": also a plain browser where office.js did not load (offline): the workbench
 *   works there, nothing failed;
 * - "unavailable": inside Office, office.js itself did not load (its CDN blocked): a real failure.
 */
export type HostKind = "excel" | "other" | "none" | "unavailable";

export type ThemeKind = "light" | "dark";

/**
 * Which Office the pane runs in, from `Office.onReady`'s `platform`: "windows" (PC),
 * "mac", "web" (OfficeOnline), "ipad" (iOS), "other" (Android, Universal, unknown).
 */
export type PlatformKind = "windows" | "mac" | "web" | "ipad" | "other";

/** The requirement sets the pane depends on, as this Excel answers them. */
export interface HostSupport {
  /**
   * ExcelApi 1.8: what the writer needs (conditional formats 1.6, freeze panes 1.7, data
   * validation 1.8) and `Excel.createWorkbook` ("Open as a new workbook").
   */
  excelApi18: boolean;
  /** CustomFunctionsRuntime 1.1: the TARGET.* functions exist in this Excel. */
  customFunctions: boolean;
}

export interface HostInfo {
  kind: HostKind;
  /** Office's display language (e.g. "zh-CN"), inside Office only. */
  displayLanguage: string | null;
  /** Light or dark, from Office's theme where Office gives one; light otherwise. */
  theme: ThemeKind;
  /** Inside Office: which platform. Absent outside Office. */
  platform?: PlatformKind;
  /** Inside Office: the requirement sets the pane depends on. Absent outside Office (nothing is needed there). */
  support?: HostSupport;
}

const OUTSIDE_OFFICE: HostInfo = { kind: "none", displayLanguage: null, theme: "light" };

/** The requirement sets the pane checks, with the version each needs. */
export const REQUIRED_SETS = {
  excelApi18: ["ExcelApi", "1.8"],
  customFunctions: ["CustomFunctionsRuntime", "1.1"],
} as const satisfies Record<keyof HostSupport, readonly [string, string]>;

/**
 * Whether Office opened this page as an add-in: the places office.js itself looks for its
 * host's description (its `_retrieveHostInfo`: the desktop sandbox's
 * `window.external.GetHostInfo()`, the `_host_Info` query parameter Office adds to the
 * pane's address, or a `hostInfo` in `window.name`). A plain browser has none of them.
 * @param win - the window (`location.search`, `name`, `external`)
 * @example openedByOffice({ location: { search: "?_host_Info=Excel$Win32$16.01$en-US" }, name: "" }) // true
 */
export function openedByOffice(win: { location: { search: string }; name?: string; external?: unknown }): boolean {
  if (/[?&]_host_Info=/i.test(win.location.search)) return true;
  try {
    const external = win.external as { GetHostInfo?: unknown } | undefined;
    if (external && typeof external.GetHostInfo === "function") return true;
  } catch {
    // A host object that cannot be asked is not a host's description.
  }
  try {
    const named: unknown = JSON.parse(win.name ?? "");
    return typeof named === "object" && named !== null && "hostInfo" in named;
  } catch {
    return false;
  }
}

/** Resolves once Office.js is ready (or known to be absent) with what the pane needs. */
export function connectToHost(): Promise<HostInfo> {
  if (typeof Office === "undefined" || typeof Office.onReady !== "function") {
    // In a plain browser offline, nothing failed: the workbench works without office.js.
    return Promise.resolve({ ...OUTSIDE_OFFICE, kind: typeof window !== "undefined" && openedByOffice(window) ? "unavailable" : "none" });
  }
  return Office.onReady().then((info) => {
    if (!info.host) return OUTSIDE_OFFICE;
    return {
      kind: info.host === Office.HostType.Excel ? "excel" : "other",
      displayLanguage: readDisplayLanguage(),
      theme: readTheme(),
      platform: platformOf(info.platform),
      support: readSupport((set, version) => Office.context.requirements.isSetSupported(set, version)),
    };
  });
}

/**
 * The platform of `Office.onReady`'s answer, in the pane's words.
 * @example platformOf("Mac") // "mac"
 */
export function platformOf(platform: unknown): PlatformKind {
  switch (String(platform)) {
    case "PC":
      return "windows";
    case "Mac":
      return "mac";
    case "OfficeOnline":
      return "web";
    case "iOS":
      return "ipad";
    default:
      return "other";
  }
}

/**
 * What this Excel supports of {@link REQUIRED_SETS}, asking `isSetSupported`; a check that
 * throws counts as not supported.
 * @example readSupport(() => true) // { excelApi18: true, customFunctions: true }
 */
export function readSupport(isSetSupported: (set: string, version: string) => boolean): HostSupport {
  const ask = ([set, version]: readonly [string, string]): boolean => {
    try {
      return isSetSupported(set, version) === true;
    } catch {
      return false;
    }
  };
  return { excelApi18: ask(REQUIRED_SETS.excelApi18), customFunctions: ask(REQUIRED_SETS.customFunctions) };
}

function readDisplayLanguage(): string | null {
  try {
    return Office.context.displayLanguage || null;
  } catch {
    return null;
  }
}

/** Dark when Office's task pane background is dark; light when Office has no theme to give. */
function readTheme(): ThemeKind {
  try {
    const background = Office.context.officeTheme?.bodyBackgroundColor;
    return background && isDarkColour(background) ? "dark" : "light";
  } catch {
    return "light";
  }
}

/**
 * Whether a hex colour ("#1f1f1f", "#FFF") is dark: white text on it contrasts more than
 * black text would (relative luminance below about 0.18).
 *
 * @example isDarkColour("#262626") // true
 */
export function isDarkColour(hex: string): boolean {
  const digits = hex.trim().replace(/^#/, "");
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits;
  if (!/^[0-9a-f]{6}$/i.test(full)) return false;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
  const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b) < 0.179;
}
