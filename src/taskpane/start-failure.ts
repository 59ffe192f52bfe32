/*
 * What the pane shows when it cannot start: office.js rejected or never answered, or the
 * React tree failed to render. Plain DOM, no React or Fluent UI (they may be what failed),
 * in both languages at once (the language choice may be what failed), saying what happened
 * and what to try — never "Loading…" forever.
 */

/** Why the pane is not showing. */
export type StartProblem =
  /** A ribbon command could not open the pane (shown in a dialog, see src/commands). */
  | "ribbonFailed"
  /** Office.onReady (or reading what the pane needs from Office) rejected. */
  | "officeFailed"
  /** Office.onReady has not answered after a while: still waiting. */
  | "officeSlow"
  /** The pane itself failed to render, or failed after it rendered. */
  | "paneFailed";

/** The texts of one problem in one language. */
interface ProblemText {
  title: string;
  body: string;
  /** What to try, in order. `{host}` is the address office.js is loaded from. */
  tries: string[];
}

/** Every start problem in English and Chinese, one place. */
export const START_PROBLEMS: Record<StartProblem, { en: ProblemText; zh: ProblemText }> = {
  ribbonFailed: {
    en: {
      title: "Target Planner could not open its pane",
      body: "The button was pressed, but Excel did not show the Target Planner pane.",
      tries: [
        "Press the button again, or open the pane from Home → Target Planner.",
        "If it keeps failing, close and reopen the workbook, and send the details below to whoever set up the add-in.",
      ],
    },
    zh: {
      title: "“目标规划”无法打开任务窗格",
      body: "按钮已按下，但 Excel 没有显示“目标规划”任务窗格。",
      tries: [
        "再按一次按钮，或从“开始”→“目标规划”打开任务窗格。",
        "如果仍然失败，请关闭并重新打开工作簿，并把下面的详细信息发给部署此加载项的人员。",
      ],
    },
  },
  officeFailed: {
    en: {
      title: "Target Planner could not start",
      body: "Office did not let the pane connect (Office.onReady failed).",
      tries: [
        "Close the pane and open it again from the Home tab (Target Planner).",
        "Check that this computer can reach {host}, where Office's script library (office.js) comes from.",
        "If it keeps failing, send the details below to whoever set up the add-in.",
      ],
    },
    zh: {
      title: "“目标规划”无法启动",
      body: "Office 未能让任务窗格建立连接（Office.onReady 失败）。",
      tries: [
        "关闭任务窗格，然后从“开始”选项卡（目标规划）重新打开。",
        "检查本机能否访问 {host}（Office 的脚本库 office.js 从这里加载）。",
        "如果仍然失败，请把下面的详细信息发给部署此加载项的人员。",
      ],
    },
  },
  officeSlow: {
    en: {
      title: "Still waiting for Office…",
      body: "Office has not answered the pane yet. It will appear here as soon as Office does.",
      tries: [
        "Wait a little longer: the first start after opening Excel can be slow.",
        "If nothing changes, close the pane and open it again from the Home tab (Target Planner).",
        "Check that this computer can reach {host}, where Office's script library (office.js) comes from.",
      ],
    },
    zh: {
      title: "仍在等待 Office…",
      body: "Office 尚未响应任务窗格。Office 一响应，窗格就会显示在这里。",
      tries: [
        "请再稍等片刻：打开 Excel 后第一次启动可能较慢。",
        "如果一直没有变化，请关闭任务窗格，然后从“开始”选项卡（目标规划）重新打开。",
        "检查本机能否访问 {host}（Office 的脚本库 office.js 从这里加载）。",
      ],
    },
  },
  paneFailed: {
    en: {
      title: "Target Planner stopped with an error",
      body: "The pane failed while drawing itself. Your workbook has not been changed by this.",
      tries: [
        "Close the pane and open it again from the Home tab (Target Planner).",
        "If it happens again, send the details below to whoever set up the add-in.",
      ],
    },
    zh: {
      title: "“目标规划”因错误而停止",
      body: "任务窗格在显示时出错。此错误没有改动您的工作簿。",
      tries: [
        "关闭任务窗格，然后从“开始”选项卡（目标规划）重新打开。",
        "如果再次出现，请把下面的详细信息发给部署此加载项的人员。",
      ],
    },
  },
};

/** The address office.js is loaded from by this page (its host), or Microsoft's CDN when none is found. */
export function officeJsHost(doc: Document): string {
  const script = Array.from(doc.scripts).find((s) => /\/office(\.debug)?\.js(\?|$)/.test(s.src));
  try {
    return script ? new URL(script.src).host : "appsforoffice.microsoft.com";
  } catch {
    return "appsforoffice.microsoft.com";
  }
}

/** The detail line of an error: its message, or its text. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/**
 * Replaces the contents of `container` with the message for `problem`, English then
 * Chinese, with `detail` (an error message) when there is one. The element has
 * `data-testid="start-failure"` and `data-problem` set to the problem.
 *
 * @example showStartProblem(document.getElementById("container")!, "officeFailed", "Office.onReady rejected")
 */
export function showStartProblem(container: HTMLElement, problem: StartProblem, detail?: string): void {
  const doc = container.ownerDocument;
  const host = officeJsHost(doc);
  const box = doc.createElement("div");
  box.setAttribute("role", problem === "officeSlow" ? "status" : "alert");
  box.dataset.testid = "start-failure";
  box.dataset.problem = problem;
  box.style.cssText =
    "padding:16px;font-family:'Segoe UI',-apple-system,'Microsoft YaHei UI','PingFang SC',sans-serif;font-size:14px;line-height:1.45";
  for (const lang of ["en", "zh"] as const) {
    const text = START_PROBLEMS[problem][lang];
    const section = doc.createElement("section");
    section.lang = lang === "en" ? "en-US" : "zh-CN";
    section.style.marginBottom = "16px";
    const title = doc.createElement("h2");
    title.textContent = text.title;
    title.style.cssText = "font-size:16px;margin:0 0 6px";
    const body = doc.createElement("p");
    body.textContent = text.body;
    body.style.margin = "0 0 6px";
    const list = doc.createElement("ol");
    list.style.cssText = "margin:0;padding-inline-start:20px";
    for (const step of text.tries) {
      const item = doc.createElement("li");
      item.textContent = step.replace("{host}", host);
      list.append(item);
    }
    section.append(title, body, list);
    box.append(section);
  }
  if (detail) {
    const details = doc.createElement("pre");
    details.dataset.testid = "start-failure-detail";
    details.textContent = detail;
    details.style.cssText = "white-space:pre-wrap;font-size:12px;opacity:0.8;margin:0";
    box.append(details);
  }
  container.replaceChildren(box);
}

/**
 * The message for `problem` as plain text, English then Chinese, with `detail` last: for
 * surfaces that show text only (the ribbon's notice dialog).
 *
 * @example problemText("ribbonFailed", "host", "showAsTaskpane failed").split("\n")[0] // "Target Planner could not open its pane"
 */
export function problemText(problem: StartProblem, host: string, detail?: string): string {
  const lines: string[] = [];
  for (const lang of ["en", "zh"] as const) {
    const text = START_PROBLEMS[problem][lang];
    lines.push(text.title, text.body, ...text.tries.map((step, i) => `${i + 1}. ${step.replace("{host}", host)}`), "");
  }
  if (detail) lines.push(detail);
  return lines.join("\n").trim();
}
