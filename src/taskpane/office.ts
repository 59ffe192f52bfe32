/*
 * The pane's only contact with Office.js: waits for Office to be ready and reads what the
 * pane needs to start (which application it runs in, the display language, the theme).
 * React components never call Office.js; they receive a `HostInfo`.
 */

/**
 * Where the pane runs:
 * - "excel": inside Excel;
 * - "other": inside another Office application;
 * - "none": in a plain browser (Office.onReady gives `host: null`);
 * - "unavailable": office.js itself did not load (offline, or its CDN blocked).
 */
export type HostKind = "excel" | "other" | "none" | "unavailable";

export type ThemeKind = "light" | "dark";

export interface HostInfo {
  kind: HostKind;
  /** Office's display language (e.g. "zh-CN"), inside Office only. */
  displayLanguage: string | null;
  /** Light or dark, from Office's theme where Office gives one; light otherwise. */
  theme: ThemeKind;
}

const OUTSIDE_OFFICE: HostInfo = { kind: "none", displayLanguage: null, theme: "light" };

/** Resolves once Office.js is ready (or known to be absent) with what the pane needs. */
export function connectToHost(): Promise<HostInfo> {
  if (typeof Office === "undefined" || typeof Office.onReady !== "function") {
    return Promise.resolve({ ...OUTSIDE_OFFICE, kind: "unavailable" });
  }
  return Office.onReady().then((info) => {
    if (!info.host) return OUTSIDE_OFFICE;
    return {
      kind: info.host === Office.HostType.Excel ? "excel" : "other",
      displayLanguage: readDisplayLanguage(),
      theme: readTheme(),
    };
  });
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
