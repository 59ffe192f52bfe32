/*
 * Flow 5, Check workbook: every `Check_*` name with its value now; those that fail are
 * listed first, each with a button that selects its cell. Outside Excel it checks the
 * workbench's workbook (an opened .xlsx: values as last calculated).
 */
import * as React from "react";
import { Body1, Button, Caption1, Spinner, Subtitle2, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import {
  ArrowSync20Regular,
  CheckmarkCircle20Filled,
  DismissCircle20Filled,
  Open20Regular,
} from "@fluentui/react-icons";
import type { CheckResult } from "../../excel/port";
import { Messages } from "../components/ActionBar";
import { WorkbenchTable } from "../components/WorkbenchTable";
import { useWorkbook } from "../services/context";
import { useChecks } from "../services/hooks";
import { type PaneMessage, describeError } from "../services/messages";
import type { FlowProps } from "./types";

const useStyles = makeStyles({
  flow: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  item: {
    display: "flex",
    alignItems: "flex-start",
    gap: tokens.spacingHorizontalS,
    paddingBlock: tokens.spacingVerticalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  icon: { flexShrink: 0, marginTop: "2px" },
  bad: { color: tokens.colorPaletteRedForeground1 },
  good: { color: tokens.colorPaletteGreenForeground1 },
  text: { display: "flex", flexDirection: "column", minWidth: 0, flexGrow: 1, overflowWrap: "anywhere" },
  name: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  muted: { color: tokens.colorNeutralForeground2 },
  heading: { margin: 0 },
});

function shownValue(v: CheckResult["value"]): string {
  if (v === true) return "TRUE";
  if (v === false) return "FALSE";
  if (v === null || v === "") return "—";
  return String(v);
}

export function CheckWorkbookFlow({ t, language }: FlowProps): React.JSX.Element {
  const styles = useStyles();
  const c = t.pane.check;
  const { port, workbench } = useWorkbook();
  const checks = useChecks();
  const [wentTo, setWentTo] = React.useState<string>();
  const [failure, setFailure] = React.useState<unknown>();
  const all = checks.value ?? [];
  const failing = all.filter((x) => !x.ok);
  const passing = all.filter((x) => x.ok);

  const goTo = async (check: CheckResult) => {
    setFailure(undefined);
    try {
      await port?.goTo(check.sheet, check.address);
      setWentTo(`${check.sheet}!${check.address}`);
    } catch (error) {
      setFailure(error);
    }
  };

  const summary: PaneMessage | undefined = checks.loading
    ? undefined
    : all.length === 0
      ? { intent: "info", title: "", body: c.none }
      : failing.length === 0
        ? { intent: "success", title: "", body: c.allPass(all.length) }
        : { intent: "error", title: "", body: c.failing(failing.length, all.length) };

  const row = (check: CheckResult) => (
    <li key={check.name} className={styles.item}>
      {check.ok ? (
        <CheckmarkCircle20Filled className={mergeClasses(styles.icon, styles.good)} aria-hidden />
      ) : (
        <DismissCircle20Filled className={mergeClasses(styles.icon, styles.bad)} aria-hidden />
      )}
      <span className={styles.text}>
        <span className={styles.name}>{check.name}</span>
        <Caption1 className={styles.muted}>
          {check.sheet}!{check.address} · {c.valueIs(shownValue(check.value))}
        </Caption1>
      </span>
      <Button
        size="small"
        appearance="subtle"
        icon={<Open20Regular />}
        aria-label={c.goTo(`${check.sheet}!${check.address}`)}
        title={c.goTo(`${check.sheet}!${check.address}`)}
        onClick={() => void goTo(check)}
      />
    </li>
  );

  return (
    <div className={styles.flow}>
      {workbench && <WorkbenchTable t={t} language={language} workbench={workbench} pickColumn={false} />}
      <section className={styles.section} aria-labelledby="checks-heading" data-testid="checks">
        <div
          style={{ display: "flex", alignItems: "center", justifyContent: "space-between", gap: 8, flexWrap: "wrap" }}
        >
          <Subtitle2 as="h3" id="checks-heading" className={styles.heading}>
            {c.heading}
          </Subtitle2>
          <Button icon={<ArrowSync20Regular />} onClick={checks.refresh} disabled={checks.loading}>
            {c.run}
          </Button>
        </div>
        {checks.loading && <Spinner size="tiny" />}
        <Messages
          items={[
            summary,
            checks.error ? describeError(checks.error, t, language) : undefined,
            failure ? describeError(failure, t, language) : undefined,
          ]}
        />
        {failing.length > 0 && (
          <ul className={styles.list} aria-label={c.listLabel} data-testid="failing">
            {failing.map(row)}
          </ul>
        )}
        {wentTo && (
          <Body1 role="status" className={styles.muted}>
            {c.wentTo(wentTo)}
          </Body1>
        )}
        {passing.length > 0 && (
          <details>
            <summary>{c.passingHeading(passing.length)}</summary>
            <ul className={styles.list} data-testid="passing">
              {passing.map(row)}
            </ul>
          </details>
        )}
      </section>
    </div>
  );
}
