/** The pane's pure parts: choosing its language and its theme. (Rendering: tests/browser.test.ts.) */
import { chooseLanguage, languageFromTag, stringsFor } from "../src/taskpane/i18n";
import { isDarkColour } from "../src/taskpane/office";

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
