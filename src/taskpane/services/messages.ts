/*
 * Turns what went wrong into a message bar's title and body, in the pane's language, saying
 * what to change. Knows the port's refusals (place taken), cancels, Excel's cell-edit mode,
 * the engine's PlanError and the .xlsx writer's refusals (both carry both languages).
 */
import type { Occupied } from "../../excel/port";
import type { Language, Strings } from "../i18n";
import type { PaneAbilities } from "./abilities";

/** A message for a MessageBar. */
export interface PaneMessage {
  intent: "error" | "warning" | "info" | "success";
  title: string;
  body: string;
}

/** Whether an error is a refused write: it carries the occupied places. */
export function occupiedOf(error: unknown): Occupied[] | undefined {
  if (typeof error === "object" && error !== null && Array.isArray((error as { occupied?: unknown }).occupied)) {
    return (error as { occupied: Occupied[] }).occupied;
  }
  return undefined;
}

/** "Sheet1!D3, D4; Plan!B2" — where a refused write would have written. */
export function describeOccupied(occupied: readonly Occupied[]): string {
  return occupied
    .filter((o) => o.cells.length > 0)
    .map((o) => `${o.sheet}!${o.cells.join(", ")}`)
    .join("; ");
}

function messageInLanguage(error: unknown, language: Language): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { messageIn?: unknown };
  if (typeof e.messageIn === "function") {
    try {
      const text = (e.messageIn as (lang: "en" | "zh") => unknown).call(error, language === "zh-CN" ? "zh" : "en");
      return typeof text === "string" ? text : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The message for a failure.
 * @example describeError(new OccupiedError([{ sheet: "Sheet1", cells: ["D3"] }]), t, "en-US").title
 *   // "Nothing was written: the place is taken"
 */
export function describeError(error: unknown, t: Strings, language: Language): PaneMessage {
  const p = t.pane;
  const occupied = occupiedOf(error);
  if (occupied) {
    const cells = describeOccupied(occupied);
    const taken = occupied.find((o) => o.cells.length === 0);
    return {
      intent: "warning",
      title: p.occupiedTitle,
      body: cells ? p.occupiedBody(cells) : p.sheetTakenBody(taken?.sheet ?? ""),
    };
  }
  const name = typeof error === "object" && error !== null ? (error as { name?: unknown }).name : undefined;
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (name === "AbortError") return { intent: "info", title: p.cancelledTitle, body: p.cancelledBody };
  if (code === "InvalidOperationInCellEditMode") return { intent: "warning", title: p.cellEditTitle, body: p.cellEditBody };
  const translated = messageInLanguage(error, language);
  if (translated) return { intent: "error", title: p.errorTitle, body: translated };
  const message = error instanceof Error ? error.message : String(error);
  return { intent: "error", title: p.errorTitle, body: p.unexpectedBody(message.endsWith(".") ? message : `${message}.`) };
}

/**
 * What to say once a file was handed over for saving: the pane never sees a download
 * arrive, so it says where the file went, not that it was downloaded.
 * @example fileHandedOver({ download: "browser" } as PaneAbilities, "plan.xlsx", t).body // "plan.xlsx was handed to your browser: …"
 */
export function fileHandedOver(abilities: Pick<PaneAbilities, "download">, file: string, t: Strings): PaneMessage {
  return { intent: "success", title: "", body: abilities.download === "browser" ? t.pane.downloaded(file) : t.pane.handedOver(file) };
}

/** What to say once Excel took a workbook to open as a new one (on a Mac it may open behind). */
export function workbookOpened(abilities: Pick<PaneAbilities, "platform">, t: Strings): PaneMessage {
  return { intent: "success", title: "", body: t.pane.openedWorkbook(abilities.platform === "mac") };
}
