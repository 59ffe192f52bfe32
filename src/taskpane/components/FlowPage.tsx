import * as React from "react";
import {
  Badge,
  Body1,
  Button,
  Spinner,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { ArrowLeft20Regular } from "@fluentui/react-icons";
import { FLOW_VIEWS } from "../flows";
import { paneAddress } from "../services/abilities";
import { useWorkbook } from "../services/context";
import type { FunctionName, Language, Strings } from "../i18n";
import type { FlowId } from "../navigation";
import { FlowIcon } from "./FlowIcon";
import { FunctionList } from "./FunctionList";

/** The functions that already do each flow's arithmetic in a cell. */
const RELATED_FUNCTIONS: Record<FlowId, readonly FunctionName[]> = {
  quarterlySplit: ["SPLIT"],
  decomposition: ["SPLIT", "SPREAD"],
  cascade: ["SPLIT"],
  tracking: ["ATTAIN", "STATUS", "PACE"],
  actuals: [],
  scorecard: ["SCORE", "BAND", "COMMISSION"],
  checkWorkbook: [],
  explainCell: [],
  myTargets: ["ATTAIN", "STATUS", "PACE"],
  dashboard: ["ATTAIN", "STATUS", "PACE"],
};

/** The flows that write sheets into the workbook (ExcelApi 1.8 inside Excel). */
const WRITING_FLOWS: readonly FlowId[] = ["quarterlySplit", "decomposition", "cascade", "tracking", "actuals", "scorecard"];

const useStyles = makeStyles({
  page: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
  },
  back: {
    alignSelf: "flex-start",
    marginInlineStart: `calc(-1 * ${tokens.spacingHorizontalS})`,
  },
  heading: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    flexWrap: "wrap",
  },
  icon: {
    display: "flex",
    color: tokens.colorBrandForeground1,
  },
  title: {
    ...typographyStyles.title3,
    margin: 0,
    // Focus lands here only so that screen readers start at the title; it is not a control.
    outlineStyle: "none",
  },
  intro: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  // The pane's address is one long word: let it break anywhere rather than widen the pane.
  wrapAnywhere: { overflowWrap: "anywhere" },
});

export interface FlowPageProps {
  flow: FlowId;
  t: Strings;
  language: Language;
  onBack: () => void;
  onOpenFlow: (flow: FlowId) => void;
}

/**
 * A flow's own page: its title and description, then the flow's view from FLOW_VIEWS
 * (src/taskpane/flows/index.ts), or, for a flow not built yet, a plain "coming soon" and the
 * functions that do its arithmetic in cells meanwhile.
 */
export function FlowPage({ flow, t, language, onBack, onOpenFlow }: FlowPageProps): React.JSX.Element {
  const styles = useStyles();
  const titleRef = React.useRef<HTMLHeadingElement>(null);
  // Move focus to the new page's title so keyboard and screen-reader users land on it.
  React.useEffect(() => {
    titleRef.current?.focus();
  }, [flow]);
  const related = RELATED_FUNCTIONS[flow];
  const View = FLOW_VIEWS[flow];
  return (
    <section className={styles.page} aria-labelledby="flow-title" data-flow-page={flow}>
      <Button className={styles.back} appearance="subtle" icon={<ArrowLeft20Regular />} onClick={onBack}>
        {t.backToHome}
      </Button>
      <div className={styles.intro}>
        <div className={styles.heading}>
          <span className={styles.icon}>
            <FlowIcon flow={flow} />
          </span>
          <h2 id="flow-title" className={styles.title} ref={titleRef} tabIndex={-1}>
            {t.flows[flow].name}
          </h2>
          {!View && (
            <Badge appearance="tint" color="brand">
              {t.comingSoon}
            </Badge>
          )}
        </div>
        <Body1>{t.flows[flow].description}</Body1>
      </div>
      {View && WRITING_FLOWS.includes(flow) && <WriteNotice t={t} />}
      {View ? (
        <PortGate t={t}>
          <React.Suspense fallback={<Spinner size="small" label={t.pane.portLoading} />}>
            <View t={t} language={language} onOpenFlow={onOpenFlow} />
          </React.Suspense>
        </PortGate>
      ) : (
        <ComingSoon t={t} flow={flow} related={related} />
      )}
    </section>
  );
}

/**
 * Before the form, where this Excel cannot write the sheets (no ExcelApi 1.8): says so, and
 * what still works, so that nobody fills in a form to find Apply refused.
 */
function WriteNotice({ t }: { t: Strings }): React.JSX.Element | null {
  const styles = useStyles();
  const { abilities } = useWorkbook();
  if (abilities.write) return null;
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="write-unavailable">
      <MessageBarBody className={styles.wrapAnywhere}>
        <MessageBarTitle>{t.pane.writeUnavailableTitle}</MessageBarTitle> {t.pane.writeUnavailableBody(paneAddress())}
      </MessageBarBody>
    </MessageBar>
  );
}

/** Shows the flow once the workbook is reachable; says so while connecting, and why not if it failed. */
function PortGate({ t, children }: { t: Strings; children: React.ReactNode }): React.JSX.Element {
  const { port, failure } = useWorkbook();
  if (port) return <>{children}</>;
  if (failure === undefined) return <Spinner size="small" label={t.pane.portLoading} />;
  const message = failure instanceof Error ? failure.message : String(failure);
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t.pane.portFailedTitle}</MessageBarTitle> {t.pane.portFailedBody(message.endsWith(".") ? message : `${message}.`)}
      </MessageBarBody>
    </MessageBar>
  );
}

function ComingSoon({ t, related }: { t: Strings; flow: FlowId; related: readonly FunctionName[] }): React.JSX.Element {
  return (
    <>
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t.flowComingSoonTitle}</MessageBarTitle> {t.flowComingSoonBody}
        </MessageBarBody>
      </MessageBar>
      {related.length > 0 && (
        <FunctionList t={t} names={related} heading={t.relatedFunctionsHeading} headingId="related-functions-heading" />
      )}
    </>
  );
}
