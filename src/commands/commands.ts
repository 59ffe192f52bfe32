/*
 * Ribbon commands. This bundle runs in the shared runtime's page (taskpane.html), in the
 * same JavaScript context as the pane, so a command can open the pane at a flow.
 * Outside Office (a plain browser, tests) there is nothing to register and it does nothing.
 *
 * A command that fails tells the user: the ribbon has no surface of its own, so the message
 * opens in an Office dialog (notice.html), in English and Chinese, saying what to try.
 */
import { type FlowId, requestFlow } from "../taskpane/navigation";
import { describeError, officeJsHost, problemText } from "../taskpane/start-failure";

/** The dialog page beside taskpane.html that shows a command's message. */
const NOTICE_PAGE = "notice.html";

/**
 * Shows a failed command's message to the user in an Office dialog; the console gets it
 * too, and is the only place left when even the dialog cannot open.
 */
function reportFailure(error: unknown): void {
  const text = problemText("ribbonFailed", officeJsHost(document), describeError(error));
  console.error("Target Planner: could not open the task pane.", error);
  try {
    const url = new URL(NOTICE_PAGE, window.location.href);
    url.searchParams.set("text", text);
    Office.context.ui.displayDialogAsync(url.href, { height: 40, width: 30, displayInIframe: true }, (result) => {
      if (result.status === Office.AsyncResultStatus.Failed) {
        console.error("Target Planner: could not show the message either.", result.error?.message);
      }
    });
  } catch (dialogError) {
    console.error("Target Planner: could not show the message either.", dialogError);
  }
}

/** Shows the pane, first asking it for `flow` (or leaving it where it is when null). */
async function openPane(flow: FlowId | null, event?: Office.AddinCommands.Event): Promise<void> {
  try {
    if (flow) requestFlow(flow);
    await Office.addin.showAsTaskpane();
  } catch (error) {
    reportFailure(error);
  } finally {
    event?.completed();
  }
}

/** The ids are the manifest's `<FunctionName>`s. */
const ACTIONS: Record<string, (event?: Office.AddinCommands.Event) => Promise<void>> = {
  openQuarterlySplit: (event) => openPane("quarterlySplit", event),
  showTaskpane: (event) => openPane(null, event),
};

let registered = false;

/** Associates the actions once Office.actions exists; office.js warns about a second association. */
function registerActions(): void {
  if (registered) return;
  if (typeof Office === "undefined" || !Office.actions || typeof Office.actions.associate !== "function") return;
  for (const [id, action] of Object.entries(ACTIONS)) {
    Office.actions.associate(id, action);
  }
  registered = true;
}

if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
  // office.js defines Office.actions as it loads (it is in the page's <head>), so this
  // normally associates at once, before the ribbon can call; onReady is the fallback.
  // When onReady fails, the pane (same page) shows that failure to the user.
  registerActions();
  Office.onReady().then(
    () => registerActions(),
    () => undefined,
  );
}
