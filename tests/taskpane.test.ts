/**
 * The pane's pure parts: choosing its language and its theme, reading what the host
 * supports, and what the pane can do there. (Rendering: tests/browser.test.ts.)
 */
import { abilitiesOf, paneAddress } from "../src/taskpane/services/abilities";
import { chooseLanguage, languageFromTag, stringsFor } from "../src/taskpane/i18n";
import { isDarkColour, openedByOffice, platformOf, readSupport } from "../src/taskpane/office";

describe("the pane's language", () => {
  it("reads any Chinese tag as Simplified Chinese and any other as English", () => {
    expect(languageFromTag("zh-CN")).toBe("zh-CN");
    expect(languageFromTag("zh-TW")).toBe("zh-CN");
    expect(languageFromTag("ZH_hans")).toBe("zh-CN");
    expect(languageFromTag("zu-ZA")).toBe("en-US");
    expect(languageFromTag("fr-FR")).toBe("en-US");
    expect(languageFromTag("  ")).toBeNull();
    expect(languageFromTag(undefined)).toBeNull();
  });

  it("lets ?lang= win over Office's display language, and Office's over the browser's", () => {
    expect(chooseLanguage({ forced: "en-US", office: "zh-CN", browser: "zh-CN" })).toBe("en-US");
    expect(chooseLanguage({ forced: null, office: "zh-CN", browser: "en-GB" })).toBe("zh-CN");
    expect(chooseLanguage({ forced: null, office: null, browser: "zh-HK" })).toBe("zh-CN");
    expect(chooseLanguage({})).toBe("en-US");
  });

  it("has the same keys in both languages, none empty", () => {
    const en = stringsFor("en-US") as unknown as Record<string, unknown>;
    const zh = stringsFor("zh-CN") as unknown as Record<string, unknown>;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const empty = (v: unknown): boolean => (typeof v === "string" ? v.trim() === "" : typeof v === "object" && v !== null && Object.values(v).some(empty));
    expect(Object.entries(en).filter(([, v]) => empty(v))).toEqual([]);
    expect(Object.entries(zh).filter(([, v]) => empty(v))).toEqual([]);
  });
});

describe("the pane's theme", () => {
  it("tells Office's dark backgrounds from its light ones", () => {
    expect(isDarkColour("#262626")).toBe(true);
    expect(isDarkColour("#000")).toBe(true);
    expect(isDarkColour("#FFFFFF")).toBe(false);
    expect(isDarkColour("#f3f3f3")).toBe(false);
    expect(isDarkColour("not a colour")).toBe(false);
  });
});

describe("where the pane runs", () => {
  it("names Office's platforms in its own words", () => {
    expect(["PC", "Mac", "OfficeOnline", "iOS", "Android", undefined].map(platformOf)).toEqual(["windows", "mac", "web", "ipad", "other", "other"]);
  });

  it("asks for ExcelApi 1.8 and CustomFunctionsRuntime 1.1, and counts a check that throws as missing", () => {
    const asked: string[] = [];
    const support = readSupport((set, version) => {
      asked.push(`${set} ${version}`);
      if (set === "CustomFunctionsRuntime") throw new Error("unknown set");
      return true;
    });
    expect(asked.sort()).toEqual(["CustomFunctionsRuntime 1.1", "ExcelApi 1.8"]);
    expect(support).toEqual({ excelApi18: true, customFunctions: false });
  });

  it("offers a download only where one can arrive, and a new workbook only inside an Excel with ExcelApi 1.8", () => {
    const excel = (platform: "windows" | "mac" | "web" | "ipad", excelApi18 = true, customFunctions = true) =>
      abilitiesOf({ kind: "excel", platform, support: { excelApi18, customFunctions } });
    expect(abilitiesOf({ kind: "none" })).toEqual({ write: true, openWorkbook: false, download: "browser", functions: "outside" });
    expect(excel("windows")).toEqual({ write: true, openWorkbook: true, download: "handedOver", functions: "available", platform: "windows" });
    expect(excel("web").download).toBe("handedOver");
    expect(excel("mac").download).toBe("none");
    expect(excel("ipad", true, false)).toMatchObject({ download: "none", functions: "missing" });
    expect(excel("windows", false)).toMatchObject({ write: false, openWorkbook: false, download: "handedOver" });
  });

  it("gives the pane's own address to open in a browser, without its query", () => {
    expect(paneAddress({ protocol: "https:", origin: "https://contoso.example", pathname: "/planner/taskpane.html" })).toBe("https://contoso.example/planner/taskpane.html");
    expect(paneAddress({ protocol: "file:", origin: "null", pathname: "/x/taskpane.html" })).toBeUndefined();
    expect(paneAddress(undefined)).toBeUndefined();
  });
});

describe("where the pane was opened", () => {
  it("tells a page Office opened (where office.js looks for its host) from a plain browser's", () => {
    expect(openedByOffice({ location: { search: "?_host_Info=Excel$Win32$16.01$en-US$$$$0" }, name: "" })).toBe(true);
    expect(openedByOffice({ location: { search: "" }, name: JSON.stringify({ hostInfo: "Excel|Web|16.00" }) })).toBe(true);
    expect(openedByOffice({ location: { search: "" }, name: "", external: { GetHostInfo: () => "Excel" } })).toBe(true);
    expect(openedByOffice({ location: { search: "?lang=zh-CN" }, name: "", external: {} })).toBe(false);
    expect(openedByOffice({ location: { search: "" }, name: "not json" })).toBe(false);
  });
});
