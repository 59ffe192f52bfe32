/*
 * On the home screen of a workbook the add-in generated (it carries its plan): says so and
 * offers to make its sheets again or extend them, My targets, and next year's plan. The plan is only looked
 * at here (its title); the flows validate it.
 */
import * as React from "react";
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { Strings } from "../i18n";
import type { FlowId } from "../navigation";
import { NextYearButton, NextYearOutcome, useNextYear } from "./NextYearButton";

export interface StoredPlanBannerProps {
  t: Strings;
  plan: unknown;
  onOpen: (flow: FlowId) => void;
}

/** "Made by Target Planner": regenerate / extend, or My targets. */
export function StoredPlanBanner({ t, plan, onOpen }: StoredPlanBannerProps): React.JSX.Element {
  const s = t.pane.stored;
  const title = typeof plan === "object" && plan !== null && typeof (plan as { title?: unknown }).title === "string" ? (plan as { title: string }).title : "";
  // A cascade's sheets are made again by the Cascade flow.
  const hasCascade = typeof plan === "object" && plan !== null && typeof (plan as { cascade?: unknown }).cascade === "object";
  const next = useNextYear(t);
  return (
    <>
      <MessageBar intent="info" layout="multiline" data-testid="stored-plan">
        <MessageBarBody>
          <MessageBarTitle>{s.title}</MessageBarTitle> {s.body(title)}
        </MessageBarBody>
        <MessageBarActions>
          <Button size="small" onClick={() => onOpen(hasCascade ? "cascade" : "decomposition")}>
            {s.regenerate}
          </Button>
          <Button size="small" appearance="primary" onClick={() => onOpen("myTargets")}>
            {s.openMine}
          </Button>
          <NextYearButton t={t} next={next} />
        </MessageBarActions>
      </MessageBar>
      <NextYearOutcome t={t} next={next} />
    </>
  );
}
