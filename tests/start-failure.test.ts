/** @jest-environment jsdom */
/**
 * What the pane shows when it cannot start, and what a failed ribbon command says
 * (src/taskpane/start-failure.ts): both languages, what to try, the office.js address the
 * page really uses. (In a real browser: tests/browser.test.ts.)
 */
import { START_PROBLEMS, type StartProblem, describeError, officeJsHost, problemText, showStartProblem } from "../src/taskpane/start-failure";

const PROBLEMS = Object.keys(START_PROBLEMS) as StartProblem[];

function pageLoadingOfficeJsFrom(src: string | null): HTMLElement {
  document.head.replaceChildren();
  document.body.innerHTML = '<div id="container"><p>Loading Target Planner… / 正在加载“目标规划”…</p></div>';
  if (src) {
    const script = document.createElement("script");
    script.src = src;
    document.head.append(script);
  }
  return document.getElementById("container")!;
}

describe("the start problems", () => {
  it("each have a title, a body and at least one thing to try, in both languages, with the same number of steps", () => {
    for (const problem of PROBLEMS) {
      const { en, zh } = START_PROBLEMS[problem];
      for (const text of [en, zh]) {
        expect(text.title.trim()).not.toBe("");
        expect(text.body.trim()).not.toBe("");
        expect(text.tries.length).toBeGreaterThan(0);
      }
      expect(zh.tries).toHaveLength(en.tries.length);
      expect(/[\u4e00-\u9fff]/.test(zh.title + zh.body + zh.tries.join(""))).toBe(true);
      // A "{host}" in one language is in the other too.
      expect(zh.tries.filter((t) => t.includes("{host}")).length).toBe(en.tries.filter((t) => t.includes("{host}")).length);
    }
  });
});

describe("showStartProblem", () => {
  it.each(PROBLEMS)("replaces Loading… with the %s message in English and Chinese", (problem) => {
    const container = pageLoadingOfficeJsFrom("https://appsforoffice.microsoft.com/lib/1/hosted/office.js");
    showStartProblem(container, problem, "planted detail");
    const text = container.textContent ?? "";
    expect(text).not.toContain("Loading");
    expect(text).toContain(START_PROBLEMS[problem].en.title);
    expect(text).toContain(START_PROBLEMS[problem].zh.title);
    expect(text).not.toContain("{host}");
    expect(container.querySelector('[data-testid="start-failure"]')?.getAttribute("data-problem")).toBe(problem);
    expect(container.querySelector('[data-testid="start-failure-detail"]')?.textContent).toBe("planted detail");
    expect(container.querySelector('section[lang="zh-CN"]')).not.toBeNull();
  });

  it("names the CDN the page loads office.js from (21Vianet's in China), as text, never markup", () => {
    const container = pageLoadingOfficeJsFrom("https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js");
    showStartProblem(container, "officeFailed", "<b>not bold</b>");
    expect(container.textContent).toContain("appsforoffice.cdn.partner.office365.cn");
    expect(container.textContent).not.toContain("appsforoffice.microsoft.com");
    expect(container.querySelector("b")).toBeNull();
    expect(container.textContent).toContain("<b>not bold</b>");
  });

  it("has no detail block without a detail", () => {
    const container = pageLoadingOfficeJsFrom(null);
    showStartProblem(container, "officeSlow");
    expect(container.querySelector('[data-testid="start-failure-detail"]')).toBeNull();
    expect(container.querySelector('[role="status"]')).not.toBeNull();
  });
});

describe("officeJsHost", () => {
  it("reads the host of the office.js script, and falls back to Microsoft's CDN", () => {
    pageLoadingOfficeJsFrom("https://appsforoffice.microsoft.com/lib/1/hosted/office.debug.js");
    expect(officeJsHost(document)).toBe("appsforoffice.microsoft.com");
    pageLoadingOfficeJsFrom("https://example.test/lib/taskpane.js");
    expect(officeJsHost(document)).toBe("appsforoffice.microsoft.com");
  });
});

describe("problemText and describeError", () => {
  it("writes English, then Chinese, then the detail, with numbered steps", () => {
    const text = problemText("ribbonFailed", "appsforoffice.microsoft.com", "showAsTaskpane failed");
    const lines = text.split("\n");
    expect(lines[0]).toBe(START_PROBLEMS.ribbonFailed.en.title);
    expect(lines).toContain(START_PROBLEMS.ribbonFailed.zh.title);
    expect(lines.indexOf(START_PROBLEMS.ribbonFailed.zh.title)).toBeGreaterThan(lines.indexOf(START_PROBLEMS.ribbonFailed.en.title));
    expect(lines.at(-1)).toBe("showAsTaskpane failed");
    expect(lines).toContain(`1. ${START_PROBLEMS.ribbonFailed.en.tries[0]}`);
  });

  it("describes errors, strings and other values", () => {
    expect(describeError(new Error("boom"))).toBe("boom");
    expect(describeError(new TypeError(""))).toBe("TypeError");
    expect(describeError("text")).toBe("text");
    expect(describeError({ code: 5001 })).toBe('{"code":5001}');
    expect(describeError(undefined)).toBe("undefined");
  });
});
