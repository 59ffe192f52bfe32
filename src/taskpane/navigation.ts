/*
 * Which flow the pane should show, requested from outside React: the ribbon's commands
 * (src/commands) run in the same JavaScript context as the pane (Office's shared runtime),
 * but in a separate webpack bundle, so a plain module-level variable would exist twice.
 * The channel therefore lives on `globalThis` under one key, and both bundles find it there.
 *
 * No React and no Office.js here: the commands bundle imports this file and stays tiny.
 */

/** The flows of the pane, in the order the home screen lists them. */
export const FLOW_IDS = [
  "quarterlySplit",
  "decomposition",
  "cascade",
  "tracking",
  "actuals",
  "scorecard",
  "checkWorkbook",
  "explainCell",
  "myTargets",
  "dashboard",
] as const;

/** One flow of the pane: a task a manager or rep starts with a click. */
export type FlowId = (typeof FLOW_IDS)[number];

/** Whether a value names a flow, e.g. `isFlowId("tracking")` is true. */
export function isFlowId(value: unknown): value is FlowId {
  return typeof value === "string" && (FLOW_IDS as readonly string[]).includes(value);
}

type FlowListener = (flow: FlowId) => void;

interface FlowChannel {
  /** A request made before the pane listened; handed to the first listener. */
  pending: FlowId | null;
  listeners: Set<FlowListener>;
}

const CHANNEL_KEY = "__targetPlannerFlowChannel";

function channel(): FlowChannel {
  const shared = globalThis as typeof globalThis & { [CHANNEL_KEY]?: FlowChannel };
  if (!shared[CHANNEL_KEY]) {
    shared[CHANNEL_KEY] = { pending: null, listeners: new Set() };
  }
  return shared[CHANNEL_KEY];
}

/**
 * Asks the pane to show a flow. When the pane is not listening yet (its page is still
 * starting), the request waits and the pane's first listener receives it.
 *
 * @example requestFlow("quarterlySplit") // the pane opens at the quarterly split
 */
export function requestFlow(flow: FlowId): void {
  const { listeners } = channel();
  if (listeners.size === 0) {
    channel().pending = flow;
    return;
  }
  listeners.forEach((listener) => listener(flow));
}

/**
 * Calls `listener` for each flow requested from now on, and at once for a request that
 * was waiting. Returns the function that stops listening.
 */
export function onFlowRequest(listener: FlowListener): () => void {
  const state = channel();
  state.listeners.add(listener);
  if (state.pending) {
    const flow = state.pending;
    state.pending = null;
    listener(flow);
  }
  return () => {
    state.listeners.delete(listener);
  };
}
