/*
 * Ribbon commands. This bundle runs in the shared runtime's page (taskpane.html), in the
 * same JavaScript context as the pane, so a command can open the pane at a flow.
 * Outside Office (a plain browser, tests) there is nothing to register and it does nothing.
 */
import { type FlowId, requestFlow } from "../taskpane/navigation";

/** Shows the pane, first asking it for `flow` (or leaving it where it is when null). */
async function openPane(flow: FlowId | null, event?: Office.AddinCommands.Event): Promise<void> {
  try {
    if (flow) requestFlow(flow);
    await Office.addin.showAsTaskpane();
  } catch (error) {
    // A ribbon command has no surface of its own to show a message on; the runtime's
    // console is where a failure to open the pane can be seen.
    console.error("Target Planner: could not open the task pane.", error);
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
  registerActions();
  void Office.onReady(() => registerActions());
}
