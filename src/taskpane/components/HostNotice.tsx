import * as React from "react";
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from "@fluentui/react-components";
import type { Strings } from "../i18n";
import type { HostKind } from "../office";

const useStyles = makeStyles({
  body: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    paddingBlock: tokens.spacingVerticalXS,
  },
});

/**
 * Where the pane is, when not inside Excel. In a plain browser it greets calmly (the
 * workbench below is the product there: paste or open, then download) and says where the
 * pane is in Excel, with no developer commands; red only when office.js failed inside
 * Office (a real failure: the pane cannot reach the workbook); amber in another Office
 * application. Inside Excel it shows nothing.
 */
export function HostNotice({ kind, t }: { kind: HostKind; t: Strings }): React.JSX.Element | null {
  const styles = useStyles();
  if (kind === "excel") return null;
  if (kind === "none") {
    return (
      <MessageBar intent="info" layout="multiline" data-testid="host-notice" data-intent="info">
        <MessageBarBody>
          <div className={styles.body}>
            <span>{t.notInOfficeBody}</span>
            <span>{t.notInOfficeInExcel}</span>
          </div>
        </MessageBarBody>
      </MessageBar>
    );
  }
  const intent = kind === "unavailable" ? "error" : "warning";
  return (
    <MessageBar intent={intent} layout="multiline" data-testid="host-notice" data-intent={intent}>
      <MessageBarBody>
        <div className={styles.body}>
          <MessageBarTitle>{kind === "other" ? t.otherHostTitle : t.officeUnavailableTitle}</MessageBarTitle>
          <span>{kind === "other" ? t.otherHostBody : t.officeUnavailableBody}</span>
        </div>
      </MessageBarBody>
    </MessageBar>
  );
}
