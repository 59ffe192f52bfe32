/*
 * The pictures of the pane in docs/screenshots/, in one list: `npm run screenshots` takes
 * each into docs/screenshots/<name>.png, and the browser test takes each into
 * tests/.out/screenshots/ (never into docs/) to show that every entry still works.
 *
 * To add a picture of a flow: add an entry with the query the pane opens with and, if
 * needed, the clicks and typing that bring it to the state to show (`actions`), ending
 * with a wait for something on screen.
 */
import type { Page } from "playwright-core";
import { decompositionFilled, scorecardExample, trackingFromTable } from "../pane/form-actions";
import { checkWorkbookOnGenerated, dashboardOnGenerated, explainOnTypedWorkbook, myTargetsOnGenerated, quarterlySplitInWan, quarterlySplitWithPaste } from "../pane/flow-actions";

export interface Screenshot {
  /** The file name without .png, in docs/screenshots/. */
  name: string;
  /** The query string of taskpane.html, e.g. "?lang=zh-CN". */
  query: string;
  /** The browser's language. Default en-US. */
  locale?: string;
  /** The pane's size. Default 360 × 720. */
  viewport?: { width: number; height: number };
  /** What to do on the home screen before the picture (clicks, typing, waits). */
  actions?: (page: Page) => Promise<void>;
  /** Picture the whole scrolled page (default) or only the viewport. */
  fullPage?: boolean;
}

/** Every picture in docs/screenshots/, and how to take it. */
export const SCREENSHOTS: Screenshot[] = [
  { name: "taskpane-en", query: "?lang=en-US" },
  { name: "taskpane-zh", query: "?lang=zh-CN", locale: "zh-CN" },
  // The pane's flows outside Excel (tests/pane/flow-actions.ts brings each to its state).
  { name: "quarterly-split-en", query: "?lang=en-US", actions: quarterlySplitWithPaste },
  { name: "quarterly-split-zh", query: "?lang=zh-CN", locale: "zh-CN", actions: quarterlySplitWithPaste },
  { name: "check-workbook-en", query: "?lang=en-US", actions: (page) => checkWorkbookOnGenerated(page, "en") },
  { name: "my-targets-en", query: "?lang=en-US", actions: (page) => myTargetsOnGenerated(page, "en") },
  { name: "dashboard-zh", query: "?lang=zh-CN", locale: "zh-CN", actions: (page) => dashboardOnGenerated(page, "zh") },
  // The plan forms (tests/pane/form-actions.ts).
  { name: "decomposition-en", query: "?lang=en-US", actions: decompositionFilled },
  { name: "decomposition-zh-320", query: "?lang=zh-CN", locale: "zh-CN", viewport: { width: 320, height: 720 }, actions: decompositionFilled },
  { name: "tracking-en", query: "?lang=en-US", actions: trackingFromTable },
  { name: "scorecard-en", query: "?lang=en-US", actions: scorecardExample },
  { name: "scorecard-zh-320", query: "?lang=zh-CN", locale: "zh-CN", viewport: { width: 320, height: 720 }, actions: scorecardExample },
  // A manager's first minutes outside Excel, at a task pane's narrow widths, in both languages:
  // the greeting, the quarterly split in 万元 (every rep, the odd amount explained), Explain this cell.
  ...narrow("greeting", undefined, false),
  ...narrow("quarterly-split-wan", quarterlySplitInWan),
  ...narrow("explain-cell", (page) => explainOnTypedWorkbook(page)),
];

/** One picture per language (en, zh) and width (320, 400 px): `<name>-<lang>-<width>`. */
function narrow(name: string, actions?: (page: Page) => Promise<void>, fullPage = true): Screenshot[] {
  return (["en", "zh"] as const).flatMap((lang) =>
    [320, 400].map((width) => ({
      name: `${name}-${lang}-${width}`,
      query: lang === "zh" ? "?lang=zh-CN" : "?lang=en-US",
      ...(lang === "zh" ? { locale: "zh-CN" } : {}),
      viewport: { width, height: 720 },
      actions,
      fullPage,
    })),
  );
}

/** Where the tests put their pictures (ignored by git). */
export const TEST_SCREENSHOTS_DIR = "tests/.out/screenshots";
/** Where `npm run screenshots` puts them (committed, shown in the README). */
export const DOC_SCREENSHOTS_DIR = "docs/screenshots";
