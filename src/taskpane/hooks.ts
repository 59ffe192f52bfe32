/*
 * Hooks that connect the pane's React tree to the page around it: flow requests from the
 * ribbon, and the document's language and title.
 */
import { useEffect } from "react";
import { type FlowId, onFlowRequest } from "./navigation";

/** Calls `open` whenever the ribbon (or anything else) asks for a flow, including a request made before the pane started. */
export function useFlowRequests(open: (flow: FlowId) => void): void {
  useEffect(() => onFlowRequest(open), [open]);
}

/** Keeps `<html lang>` and the page title in step with the pane's language (screen readers and font choice use `lang`). */
export function useDocumentLanguage(language: string, title: string): void {
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = title;
  }, [language, title]);
}
