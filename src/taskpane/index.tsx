/*
 * Entry point of the task pane. Waits for Office.js, then renders the React tree once,
 * inside one FluentProvider whose theme follows Office's light or dark theme.
 */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, makeStyles } from "@fluentui/react-components";
import { App } from "./components/App";
import { chooseLanguage } from "./i18n";
import { connectToHost } from "./office";
import { themeFor } from "./theme";

const useProviderStyles = makeStyles({
  // The provider paints the theme's background; let it cover the whole pane.
  provider: { minHeight: "100vh" },
});

function Root(props: React.ComponentProps<typeof App>): React.JSX.Element {
  const styles = useProviderStyles();
  return (
    <FluentProvider theme={themeFor(props.host.theme)} className={styles.provider}>
      <App {...props} />
    </FluentProvider>
  );
}

async function start(): Promise<void> {
  const container = document.getElementById("container");
  if (!container) throw new Error('taskpane.html has no <div id="container">');
  const host = await connectToHost();
  const initialLanguage = chooseLanguage({
    forced: new URLSearchParams(window.location.search).get("lang"),
    office: host.displayLanguage,
    browser: navigator.language,
  });
  createRoot(container).render(<Root host={host} initialLanguage={initialLanguage} />);
}

void start();
