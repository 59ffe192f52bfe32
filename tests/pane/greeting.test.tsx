/** @jest-environment jsdom */
/**
 * The pane's greeting outside Excel: calm (the workbench is the product there: paste or
 * open, then download), red only for a real failure (office.js missing inside Office), and
 * never a developer command for an end user — in both languages.
 */
import { act, render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "../../src/taskpane/components/App";
import { LANGUAGES, type Language, stringsFor } from "../../src/taskpane/i18n";
import type { HostKind } from "../../src/taskpane/office";
import { Workbench } from "../../src/taskpane/workbench/workbench";
import { memorySettings } from "../../src/taskpane/workbench/memory";
import "./render";

async function greet(kind: HostKind, language: Language): Promise<HTMLElement> {
  render(
    <FluentProvider theme={webLightTheme}>
      <App host={{ kind, displayLanguage: null, theme: "light" }} initialLanguage={language} workbench={new Workbench({ settings: memorySettings() })} />
    </FluentProvider>,
  );
  // The home screen asks the workbook for a stored plan: let that answer arrive.
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  return screen.getByTestId("host-notice");
}

describe("the greeting outside Excel", () => {
  it.each(LANGUAGES)("in a plain browser (%s) says calmly what works here and how to reach Excel, with no developer command", async (language) => {
    const notice = await greet("none", language);
    const expected = language === "zh-CN" ? "不在 Excel 中：粘贴表格或打开 .xlsx 文件，然后下载结果。" : "Not in Excel: paste a table or open an .xlsx, and download the result.";
    expect(notice.textContent).toContain(expected);
    expect(notice.getAttribute("data-intent")).toBe("info");
    expect(notice.textContent).not.toMatch(/npm|localhost|manifest/);
    expect(within(notice).queryByRole("heading")).toBeNull();
  });

  it.each(LANGUAGES)("keeps red (%s) for office.js missing inside Office, where the pane cannot reach the workbook", async (language) => {
    const notice = await greet("unavailable", language);
    expect(notice.getAttribute("data-intent")).toBe("error");
    expect(notice.textContent).toContain(stringsFor(language).officeUnavailableTitle);
  });

  it("names no developer command anywhere in the pane's words, in either language", () => {
    for (const language of LANGUAGES) {
      const words = JSON.stringify(stringsFor(language), (_k, v: unknown) => (typeof v === "function" ? String(v) : v));
      expect(words).not.toMatch(/npm (start|run|install)/);
    }
  });
});
