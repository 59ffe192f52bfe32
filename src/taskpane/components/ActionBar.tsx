/*
 * The bottom of a flow: Apply (write into the workbook), Open as a new workbook (inside
 * Excel), Download .xlsx (where a download can work), the progress of a long write with
 * Cancel, and the message bars saying how it went. Presentational: the flow passes the state
 * from `useWrite` / `useNewWorkbook` / `useDownload`, and leaves out what cannot work here.
 */
import * as React from "react";
import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArrowDownload20Regular, Checkmark20Regular, Dismiss20Regular, WindowNew20Regular } from "@fluentui/react-icons";
import type { Strings } from "../i18n";
import type { Progress } from "../services/hooks";
import type { PaneMessage } from "../services/messages";

const useStyles = makeStyles({
  bar: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  buttons: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
  },
  progressRow: {
    display: "flex",
    alignItems: "flex-end",
    gap: tokens.spacingHorizontalS,
  },
  progress: { flexGrow: 1, minWidth: 0 },
  note: { color: tokens.colorNeutralForeground2 },
});

/** One message bar per message; polite for progress and results, assertive for errors. */
export function Messages({ items }: { items: readonly (PaneMessage | undefined)[] }): React.JSX.Element | null {
  const shown = items.filter((m): m is PaneMessage => Boolean(m));
  if (shown.length === 0) return null;
  return (
    <>
      {shown.map((m, i) => (
        <MessageBar key={i} intent={m.intent} layout="multiline" politeness={m.intent === "error" ? "assertive" : "polite"}>
          <MessageBarBody>
            {m.title && <MessageBarTitle>{m.title}</MessageBarTitle>} {m.body}
          </MessageBarBody>
        </MessageBar>
      ))}
    </>
  );
}

export interface ActionBarProps {
  t: Strings;
  /** The primary button's words ("Apply", or "Add to the file" in the workbench); none when omitted. */
  applyLabel?: string;
  onApply?: () => void;
  /** Why Apply cannot be pressed yet (disabled); undefined when it can. */
  applyDisabled?: boolean;
  /** Inside Excel: open the result as a new workbook; no button when omitted. */
  onOpenWorkbook?: () => void;
  openWorkbookDisabled?: boolean;
  openingWorkbook?: boolean;
  /** Download .xlsx; no button when omitted (Excel for Mac, where a download does nothing). */
  onDownload?: () => void;
  downloadDisabled?: boolean;
  downloading?: boolean;
  /** A line under the buttons (why there is no download here). */
  note?: string;
  writing: boolean;
  progress: Progress | undefined;
  onCancel: () => void;
  messages: readonly (PaneMessage | undefined)[];
  /** Download first (the workbench, where the file is the outcome). */
  downloadFirst?: boolean;
}

/** Apply and Download, the progress of a write with Cancel, and what happened. */
export function ActionBar(props: ActionBarProps): React.JSX.Element {
  const { t, writing, progress } = props;
  const styles = useStyles();
  const busy = writing || Boolean(props.downloading) || Boolean(props.openingWorkbook);
  const apply = props.onApply && props.applyLabel && (
    <Button
      key="apply"
      appearance={props.downloadFirst ? "secondary" : "primary"}
      icon={<Checkmark20Regular />}
      disabled={props.applyDisabled || busy}
      onClick={props.onApply}
      data-testid="apply"
    >
      {props.applyLabel}
    </Button>
  );
  const download = props.onDownload && (
    <Button
      key="download"
      appearance={props.downloadFirst ? "primary" : "secondary"}
      icon={<ArrowDownload20Regular />}
      disabled={props.downloadDisabled || busy}
      onClick={props.onDownload}
      data-testid="download"
    >
      {props.downloading ? t.pane.downloading : t.pane.download}
    </Button>
  );
  const openWorkbook = props.onOpenWorkbook && (
    <Button
      key="open-workbook"
      appearance="secondary"
      icon={<WindowNew20Regular />}
      disabled={props.openWorkbookDisabled || busy}
      onClick={props.onOpenWorkbook}
      data-testid="open-workbook"
    >
      {props.openingWorkbook ? t.pane.openingWorkbook : t.pane.openAsWorkbook}
    </Button>
  );
  return (
    <div className={styles.bar}>
      <div className={styles.buttons}>{props.downloadFirst ? [download, apply] : [apply, openWorkbook, download]}</div>
      {props.note && (
        <Caption1 className={styles.note} data-testid="action-note">
          {props.note}
        </Caption1>
      )}
      {writing && (
        <div className={styles.progressRow}>
          <Field
            className={styles.progress}
            label={t.pane.writing}
            validationMessage={progress && progress.total > 0 ? t.pane.progress(progress.done, progress.total) : undefined}
            validationState="none"
          >
            <ProgressBar
              value={progress && progress.total > 0 ? progress.done / progress.total : undefined}
              thickness="large"
            />
          </Field>
          <Button icon={<Dismiss20Regular />} onClick={props.onCancel} data-testid="cancel">
            {t.pane.cancel}
          </Button>
        </div>
      )}
      <Messages items={props.messages} />
    </div>
  );
}
