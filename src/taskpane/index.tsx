/*
 * Entry point of the task pane. Waits for Office.js, then renders the React tree once,
 * inside one FluentProvider whose theme follows Office's light or dark theme.
 *
 * It never leaves "Loading…" on screen for good: when Office is slow to answer it says so
 * (and replaces that with the pane when Office answers); when Office.onReady fails, or the
 * pane fails to render or later throws while rendering, it shows what happened and what to
 * try, in English and Chinese (start-failure.ts). Without office.js at all (blocked or
 * offline) the pane starts outside Office and says so in its notice.
 */
import * as React from "react";
import { createRoot, type Root as ReactRoot } from "react-dom/client";
import { FluentProvider, makeStyles } from "@fluentui/react-components";
import { App } from "./components/App";
import { chooseLanguage } from "./i18n";
import { type HostInfo, connectToHost } from "./office";
import { describeError, showStartProblem } from "./start-failure";
import { themeFor } from "./theme";

/** How long Office.onReady may take before the pane says it is still waiting. */
const SLOW_OFFICE_MS = 12_000;

const useProviderStyles = makeStyles({
  // The provider paints the theme's background; let it cover the whole pane.
  // Fluent copies the provider's classes onto the portal nodes of dropdowns and tooltips
  // (absolute, z-index 1000000): there a full-height box would cover the pane and eat the
  // clicks that should open a dropdown.
  provider: { minHeight: "100vh", "&[data-portal-node]": { minHeight: "auto" } },
});

function Root(props: React.ComponentProps<typeof App>): React.JSX.Element {
  const styles = useProviderStyles();
  return (
    <FluentProvider theme={themeFor(props.host.theme)} className={styles.provider}>
      <App {...props} />
    </FluentProvider>
  );
}

/** Catches an error thrown while rendering, and hands it to `onError` (which replaces the pane). */
class RenderGuard extends React.Component<{ onError: (error: unknown) => void; children: React.ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  componentDidCatch(error: unknown): void {
    this.props.onError(error);
  }

  render(): React.ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}

/** Office's answer, saying "still waiting" in `container` when it takes longer than {@link SLOW_OFFICE_MS}. */
async function waitForOffice(container: HTMLElement): Promise<HostInfo> {
  const slow = setTimeout(() => showStartProblem(container, "officeSlow"), SLOW_OFFICE_MS);
  try {
    return await connectToHost();
  } finally {
    clearTimeout(slow);
  }
}

async function start(container: HTMLElement): Promise<void> {
  let host: HostInfo;
  try {
    host = await waitForOffice(container);
  } catch (error) {
    showStartProblem(container, "officeFailed", describeError(error));
    return;
  }
  const initialLanguage = chooseLanguage({
    forced: new URLSearchParams(window.location.search).get("lang"),
    office: host.displayLanguage,
    browser: navigator.language,
  });
  container.replaceChildren();
  let root: ReactRoot | undefined = undefined;
  const fail = (error: unknown) => {
    // Leave React's commit first, then replace the tree with the message.
    setTimeout(() => {
      root?.unmount();
      showStartProblem(container, "paneFailed", describeError(error));
    }, 0);
  };
  root = createRoot(container);
  root.render(
    <RenderGuard onError={fail}>
      <Root host={host} initialLanguage={initialLanguage} />
    </RenderGuard>,
  );
}

const container = document.getElementById("container");
if (!container) {
  throw new Error('taskpane.html has no <div id="container">');
}
start(container).catch((error: unknown) => showStartProblem(container, "paneFailed", describeError(error)));
