import * as React from "react";
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from "@fluentui/react-components";
import type { Strings } from "../i18n";
import type { HostKind } from "../office";
import { InlineCode } from "./InlineCode";

const useStyles = makeStyles({
  body: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    paddingBlock: tokens.spacingVerticalXS,
  },
  steps: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
});

/**
 * Says so when the pane is not inside Excel (a plain browser, another Office application,
 * or office.js missing), and how to open it in Excel. Inside Excel it shows nothing.
 */
export function HostNotice({ kind, t }: { kind: HostKind; t: Strings }): React.JSX.Element | null {
  const styles = useStyles();
  if (kind === "excel") return null;
  const title = kind === "none" ? t.notInOfficeTitle : kind === "other" ? t.otherHostTitle : t.officeUnavailableTitle;
  const body = kind === "none" ? t.notInOfficeBody : kind === "other" ? t.otherHostBody : t.officeUnavailableBody;
  return (
    <MessageBar intent={kind === "unavailable" ? "error" : "warning"} layout="multiline" data-testid="host-notice">
      <MessageBarBody>
        <div className={styles.body}>
          <MessageBarTitle>{title}</MessageBarTitle>
          <span>{body}</span>
          {kind === "none" && (
            <ul className={styles.steps}>
              <li>
                <InlineCode text={t.sideloadWeb} />
              </li>
              <li>
                <InlineCode text={t.sideloadDesktop} />
              </li>
            </ul>
          )}
        </div>
      </MessageBarBody>
    </MessageBar>
  );
}
