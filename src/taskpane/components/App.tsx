import * as React from "react";
import { Caption1, makeStyles, tokens } from "@fluentui/react-components";
import { ShieldCheckmark16Regular } from "@fluentui/react-icons";
import { useDocumentLanguage, useFlowRequests } from "../hooks";
import { FUNCTION_NAMES, type Language, stringsFor } from "../i18n";
import type { FlowId } from "../navigation";
import type { HostInfo } from "../office";
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
}

/** The task pane: a home screen (flows and functions) or one flow's page. */
export function App({ host, initialLanguage }: AppProps): React.JSX.Element {
  const styles = useStyles();
  const [language, setLanguage] = React.useState<Language>(initialLanguage);
  // null is the home screen.
  const [flow, setFlow] = React.useState<FlowId | null>(null);
  const t = stringsFor(language);

  useFlowRequests(setFlow);
  useDocumentLanguage(language, t.appName);
  React.useEffect(() => {
    window.scrollTo(0, 0);
  }, [flow]);

  return (
    <div className={styles.root}>
      <Header t={t} language={language} onLanguageChange={setLanguage} showTagline={flow === null} />
      <HostNotice kind={host.kind} t={t} />
      {flow === null ? (
        <>
          <FlowList t={t} onOpen={setFlow} />
          <FunctionList
            t={t}
            names={FUNCTION_NAMES}
            heading={t.functionsHeading}
            intro={t.functionsIntro}
            headingId="functions-heading"
          />
        </>
      ) : (
        <FlowPage flow={flow} t={t} onBack={() => setFlow(null)} />
      )}
      <footer className={styles.footer}>
        <ShieldCheckmark16Regular />
        <Caption1>{t.privacyNote}</Caption1>
      </footer>
    </div>
  );
}
