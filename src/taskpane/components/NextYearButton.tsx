/*
 * "Start next year's plan" on the stored-plan banner: the workbook's stored plan and the
 * actuals in its tracking sheets (read through the port, where their builders put them) give
 * next year's plan (src/sheets/next-year.ts: growth the plan's own, seasonality and shares from
 * the actuals); inside Excel it opens as a new workbook, outside it is saved as a plan file.
 * This workbook is only read. The planning code loads when the button is pressed, so the
 * home screen stays small.
 */
import * as React from "react";
import { Button, Caption1, MessageBar, MessageBarBody } from "@fluentui/react-components";
import type { Strings } from "../i18n";
import { useWorkbook } from "../services/context";
import { saveDownload } from "../services/download";
import type { CellValue } from "../../sheets/spec";
import { cellAddress } from "../workbench/a1";

type Outcome = { kind: "done"; title: string; notes: string[] } | { kind: "failed"; reason: string };

/** What the button does: `start` it, see whether it is `busy` and what came of it. */
export interface NextYear {
  /** Null when there is no workbook to read (no port). */
  start: (() => Promise<void>) | null;
  busy: boolean;
  outcome?: Outcome;
}

/**
 * Next year's plan from the open workbook (see the module's comment).
 * @param t - the pane's strings (their `stored.sheetLang` is the new workbook's language)
 * @example const next = useNextYear(t); await next.start?.();
 */
export function useNextYear(t: Strings): NextYear {
  const { port } = useWorkbook();
  const [busy, setBusy] = React.useState(false);
  const [outcome, setOutcome] = React.useState<Outcome>();
  const lang = t.pane.stored.sheetLang;
  if (!port) return { start: null, busy, outcome };

  const start = async () => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const [{ validatePlan }, next, { buildPlanWorkbook }] = await Promise.all([import("../../sheets/plan"), import("../../sheets/next-year"), import("../../sheets/workbook")]);
      const checked = validatePlan(await port.readStoredPlan());
      if (!checked.ok) return setOutcome({ kind: "failed", reason: t.pane.stored.invalid });
      const layouts = next.actualsLayouts(checked.plan);
      // Each sheet's column A under the header; the actual columns of a sheet that matches.
      const first = next.ACTUALS_AT.firstRow;
      const lastCol = next.ACTUALS_AT.actualCol(11);
      const sheets: { name: string; cell: (r: number, c: number) => CellValue | undefined }[] = [];
      for (const name of await port.sheetNames()) {
        for (const layout of layouts) {
          if (layout.names.length === 0) continue;
          const end = first + layout.names.length - 1;
          const column = await port.readRange(name, `${cellAddress({ row: first, col: 0 })}:${cellAddress({ row: end, col: 0 })}`);
          if (!layout.names.every((n, i) => n === null || column[i]?.[0] === n)) continue;
          const block = await port.readRange(name, `${cellAddress({ row: first, col: 0 })}:${cellAddress({ row: end, col: lastCol })}`);
          sheets.push({ name, cell: (r, c) => block[r - first]?.[c] ?? undefined });
        }
      }
      const proposal = next.proposeNextYear(checked.plan, next.readActuals(layouts, sheets).actuals);
      if (!proposal.ok) return setOutcome({ kind: "failed", reason: proposal.problems[0][lang] });
      if (port.openAsNewWorkbook) {
        const { writeXlsx } = await import("../../xlsx/write");
        await port.openAsNewWorkbook(await writeXlsx(buildPlanWorkbook(proposal.plan, { lang })));
      } else saveDownload(new TextEncoder().encode(`${JSON.stringify(proposal.plan, null, 2)}\n`), `${proposal.plan.title}.json`, "application/json");
      setOutcome({ kind: "done", title: proposal.plan.title, notes: proposal.notes.map((n) => n.message[lang]) });
    } catch (failure) {
      setOutcome({ kind: "failed", reason: failure instanceof Error ? failure.message : String(failure) });
    } finally {
      setBusy(false);
    }
  };
  return { start, busy, outcome };
}

/** The button for the banner's actions. */
export function NextYearButton({ t, next }: { t: Strings; next: NextYear }): React.JSX.Element | null {
  const start = next.start;
  if (!start) return null;
  return (
    <Button size="small" disabled={next.busy} onClick={() => void start()} data-testid="next-year">
      {t.pane.stored.nextYear}
    </Button>
  );
}

/** What came of it, under the banner. */
export function NextYearOutcome({ t, next }: { t: Strings; next: NextYear }): React.JSX.Element | null {
  const s = t.pane.stored;
  const outcome = next.outcome;
  if (!outcome) return null;
  if (outcome.kind === "failed") {
    return (
      <MessageBar intent="error" layout="multiline" data-testid="next-year-failed">
        <MessageBarBody>{s.nextYearFailed(outcome.reason)}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="success" layout="multiline" data-testid="next-year-done">
      <MessageBarBody>
        {s.nextYearDone(outcome.title)}
        {outcome.notes.map((n) => (
          <Caption1 key={n} as="p">
            {n}
          </Caption1>
        ))}
      </MessageBarBody>
    </MessageBar>
  );
}
