/*
 * "Explain this cell": the active cell's TARGET.* formula, its arguments as the function
 * gets them, and what the function says — the message of any error (Excel shows messages
 * only for #VALUE! and #N/A, so #NUM! and #DIV/0! say nothing there), or how the result
 * comes about (SCORE clause by clause, SPLIT's rounding). Inside Excel it reads the cell
 * when the flow opens and whenever the pane gets focus back; outside Excel, the cell of the
 * opened workbook the user names.
 */
import * as React from "react";
import {
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { QuestionCircle20Regular } from "@fluentui/react-icons";
import type { CellValue } from "../../sheets/spec";
import { InlineCode } from "../components/InlineCode";
import { WorkbenchTable } from "../components/WorkbenchTable";
import { type ArgumentView, type Explanation, type Working, explainCell } from "../explain/explain";
import { shownFormula } from "../explain/formula";
import type { Language, Strings } from "../i18n";
import { useWorkbook } from "../services/context";
import { formatNumber, formatPercent } from "../services/format";
import { describeError } from "../services/messages";
import { parseCell, splitQualified } from "../workbench/a1";
import type { FlowProps } from "./types";

const useStyles = makeStyles({
  flow: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground2 },
  heading: { margin: 0 },
  formula: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: "anywhere",
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  facts: { margin: 0, display: "grid", gridTemplateColumns: "max-content minmax(0, 1fr)", columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXS },
  term: { color: tokens.colorNeutralForeground2 },
  detail: { margin: 0, minWidth: 0, overflowWrap: "anywhere" },
  argName: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground2 },
  result: { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightSemibold },
  working: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  cellInput: { minWidth: "0", width: "9em" },
});

/** A value as the pane shows it: numbers with separators, "empty" for a blank. */
function shown(value: CellValue | undefined, e: Strings["pane"]["explain"], language: Language): string {
  if (value === undefined || value === null || value === "") return e.empty;
  if (typeof value === "number") return formatNumber(value, language, 6);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return value;
}

/** What an argument gives the function: its value, a block's size, or "left out". */
function readText(arg: ArgumentView, e: Strings["pane"]["explain"], language: Language): string {
  if (arg.written === "") return e.leftOut;
  if (!arg.read) return arg.written;
  const value = "value" in arg.read ? shown(arg.read.value, e, language) : e.block(arg.read.rows, arg.read.columns);
  return arg.written === value ? value : `${arg.written} → ${value}`;
}

/** The working behind a result, as lines. */
function workingLines(working: Working, e: Strings["pane"]["explain"], language: Language): string[] {
  const n = (x: number) => formatNumber(x, language, 6);
  if (working.fn === "SCORE") return [language === "zh-CN" ? working.explanation.textZh : working.explanation.text];
  if (working.fn === "SPLIT") {
    const lines: string[] = [];
    if (working.held > 0) lines.push(e.splitHeld(n(working.held)));
    if (working.unit > 0) {
      lines.push(e.splitUnits(n(working.amount), n(working.units), n(working.unit)));
      if (working.odd !== 0 && working.largest) lines.push(e.splitOdd(n(working.odd), String(working.largest.index)));
    } else {
      lines.push(e.splitExact);
    }
    return lines;
  }
  const value = formatPercent(working.attainment, language, 2);
  return [working.direction === "lower" ? e.attainmentLower(value) : e.attainment(value)];
}

/** One message bar. */
function Bar({ intent, title, body, testId }: { intent: "error" | "warning" | "info" | "success"; title?: string; body: React.ReactNode; testId?: string }): React.JSX.Element {
  return (
    <MessageBar intent={intent} layout="multiline" data-testid={testId}>
      <MessageBarBody>
        {title && <MessageBarTitle>{title}</MessageBarTitle>} {body}
      </MessageBarBody>
    </MessageBar>
  );
}

/** The explanation of one cell. */
function ExplanationView({ explanation: x, t, language, here }: { explanation: Explanation; t: Strings; language: Language; here: "excel" | "browser" }): React.JSX.Element {
  const styles = useStyles();
  const e = t.pane.explain;
  if (x.kind === "noCell") return <Bar intent="info" body={here === "excel" ? e.noCell : e.noCellHere} testId="explain-outcome" />;
  const cell = x.cell;
  const heading = (
    <>
      <Subtitle2 as="h3" className={styles.heading} data-testid="explain-cell">
        {e.cellIs(`${cell.sheet}!${cell.address}`)}
      </Subtitle2>
      {(cell.formula ?? cell.spilledFrom?.formula) && (
        <div className={styles.formula} lang="en" data-testid="explain-formula">
          {shownFormula(cell.formula ?? cell.spilledFrom?.formula ?? "")}
        </div>
      )}
      <dl className={styles.facts}>
        <dt className={styles.term}>{e.shows}</dt>
        <dd className={styles.detail} data-testid="explain-shows">
          {shown(cell.value, e, language)}
        </dd>
      </dl>
    </>
  );
  const args = "args" in x && x.args.length > 0 && (
    <section className={styles.section} aria-label={e.argumentsHeading}>
      <Caption1 className={styles.muted}>{e.argumentsHeading}</Caption1>
      <dl className={styles.facts} data-testid="explain-args">
        {x.args.map((a, i) => (
          <React.Fragment key={i}>
            <dt className={styles.argName} lang="en">
              {a.name}
            </dt>
            <dd className={styles.detail}>{readText(a, e, language)}</dd>
          </React.Fragment>
        ))}
      </dl>
    </section>
  );
  const blanks = "args" in x ? x.args.filter((a) => a.blankCell).map((a) => a.written) : [];
  const notes = (
    <>
      {"from" in x && x.from && <Caption1 className={styles.muted}>{e.spilledFrom(x.from)}</Caption1>}
      {"shown" in x && x.shown.as === "wrapped" && <Caption1 className={styles.muted}>{e.wrapped}</Caption1>}
      {"shown" in x && x.shown.as === "differs" && (
        <Bar intent="warning" body={e.differs(shown(x.shown.value, e, language), x.kind === "error" ? x.code : shown(x.value, e, language))} testId="explain-differs" />
      )}
      {blanks.length > 0 && (
        <Caption1 className={styles.muted} data-testid="explain-blank">
          <InlineCode text={e.blankCell(blanks.join(", "))} />
        </Caption1>
      )}
    </>
  );

  let outcome: React.ReactNode;
  switch (x.kind) {
    case "notTarget":
      outcome = <Bar intent="info" body={e.notTarget} />;
      break;
    case "unknownFunction":
      outcome = <Bar intent="warning" body={e.unknownFunction(x.name)} />;
      break;
    case "several":
      outcome = <Bar intent="warning" body={e.several(x.count)} />;
      break;
    case "unreadable":
      outcome = <Bar intent="warning" body={e.unreadable} />;
      break;
    case "cannotRead":
      outcome = (
        <Bar
          intent="warning"
          body={
            <>
              {e.cannotRead}
              <ul className={styles.working}>
                {x.unreadable.map((u, i) => (
                  <li key={i}>
                    <span lang="en">{u.arg.name}</span> ({u.arg.written}): {e.why[u.why]}
                  </li>
                ))}
              </ul>
            </>
          }
        />
      );
      break;
    case "argumentError":
      outcome = <Bar intent="warning" body={e.argumentError(x.arg.name, x.arg.written, x.code)} />;
      break;
    case "error":
      outcome = <Bar intent="error" title={e.errorHeading(x.code)} body={x.message} />;
      break;
    case "result": {
      const lines = x.working ? workingLines(x.working, e, language) : [];
      outcome = (
        <section className={styles.section} aria-labelledby="explain-result">
          <Caption1 className={styles.muted} id="explain-result">
            {e.resultHeading}
          </Caption1>
          <Body1 className={styles.result}>{x.value === "" ? e.emptyResult : shown(x.value, e, language)}</Body1>
          {x.part && <Caption1 className={styles.muted}>{e.partOf(String((x.part.row - 1) * x.part.columns + x.part.column), x.part.rows, x.part.columns)}</Caption1>}
          {lines.length > 0 && (
            <>
              {x.working?.fn === "SCORE" && <Caption1 className={styles.muted}>{e.scoreWorking}</Caption1>}
              <ul className={styles.working} data-testid="explain-working">
                {lines.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      );
      break;
    }
  }
  return (
    <section className={styles.section} aria-live="polite" data-testid="explanation">
      {heading}
      <div data-testid="explain-outcome" className={styles.section}>
        {outcome}
      </div>
      {notes}
      {args}
    </section>
  );
}

export function ExplainCellFlow({ t, language }: FlowProps): React.JSX.Element {
  const styles = useStyles();
  const e = t.pane.explain;
  const { port, workbench, version } = useWorkbook();
  const [state, setState] = React.useState<{ explanation?: Explanation; error?: unknown; busy: boolean }>({ busy: false });
  const [cellText, setCellText] = React.useState("");
  const [cellProblem, setCellProblem] = React.useState(false);
  const lang = language === "zh-CN" ? "zh" : "en";

  const explain = React.useCallback(async () => {
    if (!port?.readActiveCell) return;
    setState((s) => ({ ...s, busy: true }));
    try {
      const cell = await port.readActiveCell();
      const explanation = await explainCell(cell, (sheet, address) => port.readRange(sheet, address), lang);
      setState({ explanation, busy: false });
    } catch (error) {
      setState({ error, busy: false });
    }
  }, [port, lang]);

  // Inside Excel: the active cell now, and again whenever the user comes back to the pane.
  React.useEffect(() => {
    if (workbench || port?.kind !== "excel") return;
    void explain();
    window.addEventListener("focus", explain);
    return () => window.removeEventListener("focus", explain);
  }, [workbench, port, explain]);

  // Outside Excel: the cell the user names, in the opened workbook.
  const explainNamed = async () => {
    if (!workbench) return;
    const { sheet, address } = splitQualified(cellText.trim());
    const sheets = workbench.visibleSheets();
    const onSheet = sheet === undefined ? (workbench.selected()?.sheet ?? sheets[0]) : sheets.find((s) => s.toLowerCase() === sheet.toLowerCase());
    try {
      parseCell(address);
      if (!onSheet) throw new Error("no sheet");
      workbench.select(onSheet, address);
    } catch {
      setCellProblem(true);
      return;
    }
    setCellProblem(false);
    await explain();
  };
  // A new workbook opened: what was explained belonged to the old one.
  React.useEffect(() => {
    if (workbench) setState({ busy: false });
  }, [workbench, workbench?.source]);

  const unavailable = port && !port.readActiveCell;
  return (
    <div className={styles.flow}>
      <Caption1 className={styles.muted}>{e.intro}</Caption1>
      {!workbench && <Body1>{e.howInExcel}</Body1>}
      {workbench && <WorkbenchTable t={t} language={language} workbench={workbench} pickColumn={false} />}
      {workbench ? (
        <div className={styles.row}>
          <Field label={e.cellLabel} hint={e.cellHint} validationMessage={cellProblem ? e.noCellHere : undefined}>
            <Input
              className={styles.cellInput}
              value={cellText}
              onChange={(_, v) => setCellText(v.value)}
              onKeyDown={(ev) => ev.key === "Enter" && void explainNamed()}
              disabled={workbench.source.kind === "empty"}
              data-testid="explain-address"
            />
          </Field>
          <Button icon={<QuestionCircle20Regular />} onClick={() => void explainNamed()} disabled={workbench.source.kind === "empty" || cellText.trim() === ""} data-testid="explain-run">
            {e.runNamed}
          </Button>
        </div>
      ) : (
        <div className={styles.row}>
          <Button appearance="primary" icon={<QuestionCircle20Regular />} onClick={() => void explain()} disabled={state.busy || unavailable} data-testid="explain-run">
            {e.run}
          </Button>
        </div>
      )}
      {state.error !== undefined && <Bar {...describeError(state.error, t, language)} />}
      {state.explanation && <ExplanationView key={version} explanation={state.explanation} t={t} language={language} here={workbench ? "browser" : "excel"} />}
    </div>
  );
}
