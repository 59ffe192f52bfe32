import * as React from "react";
import { Caption1, makeStyles, tokens } from "@fluentui/react-components";
import { ShieldCheckmark16Regular } from "@fluentui/react-icons";
import { useDocumentLanguage, useFlowRequests } from "../hooks";
import { FUNCTION_NAMES, type Language, type Strings, stringsFor } from "../i18n";
import type { FlowId } from "../navigation";
import type { HostInfo } from "../office";
import type { WorkbookPort } from "../../excel/port";
import { abilitiesOf } from "../services/abilities";
import { WorkbookProvider, useWorkbook } from "../services/context";
import { useStoredPlan } from "../services/hooks";
import { MY_NAME_SETTING } from "../flows/names";
import { StoredPlanBanner } from "./StoredPlanBanner";
import type { Workbench } from "../workbench/workbench";
import { FlowList } from "./FlowList";
import { FlowPage } from "./FlowPage";
import { FunctionList } from "./FunctionList";
import { Header } from "./Header";
import { HostNotice } from "./HostNotice";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXL,
    paddingBlock: tokens.spacingVerticalL,
    paddingInline: tokens.spacingHorizontalL,
    maxWidth: "640px",
    marginInline: "auto",
  },
  footer: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground3,
  },
});

export interface AppProps {
  host: HostInfo;
  initialLanguage: Language;
  /** The workbook to work on (component tests); by default the host's (Office.js in Excel, else the workbench). */
  port?: WorkbookPort;
  /** The workbench to use outside Excel (tests); by default a new one. */
  workbench?: Workbench;
  /** The flow to open at start (tests; the ribbon asks through navigation). */
  initialFlow?: FlowId | null;
}

/** The task pane: a home screen (flows and functions) or one flow's page. */
export function App({ host, initialLanguage, port, workbench, initialFlow = null }: AppProps): React.JSX.Element {
  const styles = useStyles();
  const [language, setLanguage] = React.useState<Language>(initialLanguage);
  // null is the home screen.
  const [flow, setFlow] = React.useState<FlowId | null>(initialFlow);
  const t = stringsFor(language);
  // Inside Excel with a port of its own (component tests): what that Excel can do.
  const abilities = React.useMemo(() => abilitiesOf(port?.kind === "excel" ? { ...host, kind: "excel" } : host), [host, port]);

  useFlowRequests(setFlow);
  useDocumentLanguage(language, t.appName);
  React.useEffect(() => {
    window.scrollTo(0, 0);
  }, [flow]);

  return (
    <WorkbookProvider host={host.kind} port={port} workbench={workbench} abilities={abilities}>
      <div className={styles.root}>
        <Header t={t} language={language} onLanguageChange={setLanguage} showTagline={flow === null} />
        {/* On a flow's page outside Excel, the workbench says what to do instead. */}
        {(flow === null || host.kind === "unavailable" || host.kind === "other") && <HostNotice kind={host.kind} t={t} />}
        {flow === null ? (
          <>
            <StoredPlanOffer t={t} onOpen={setFlow} startAt={initialFlow === null ? setFlow : undefined} />
            <FlowList t={t} onOpen={setFlow} />
            <FunctionList
              t={t}
              names={FUNCTION_NAMES}
              heading={t.functionsHeading}
              intro={t.functionsIntro}
              headingId="functions-heading"
              availability={abilities.functions}
            />
          </>
        ) : (
          <FlowPage flow={flow} t={t} language={language} onBack={() => setFlow(null)} onOpenFlow={setFlow} />
        )}
        <footer className={styles.footer}>
          <ShieldCheckmark16Regular />
          <Caption1>{t.privacyNote}</Caption1>
        </footer>
      </div>
    </WorkbookProvider>
  );
}

/**
 * On a workbook the add-in generated: the banner offering to regenerate or extend it, and,
 * for a rep who chose their name here before, My targets at once when the pane opens.
 */
function StoredPlanOffer({ t, onOpen, startAt }: { t: Strings; onOpen: (flow: FlowId) => void; startAt?: (flow: FlowId) => void }): React.JSX.Element | null {
  const stored = useStoredPlan();
  const { port } = useWorkbook();
  const started = React.useRef(false);
  React.useEffect(() => {
    if (started.current || !startAt || !port || stored.value === undefined) return;
    started.current = true;
    let live = true;
    port.getSetting<string>(MY_NAME_SETTING).then(
      (name) => live && typeof name === "string" && name !== "" && startAt("myTargets"),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [port, stored.value, startAt]);
  if (stored.value === undefined) return null;
  return <StoredPlanBanner t={t} plan={stored.value} onOpen={onOpen} />;
}
