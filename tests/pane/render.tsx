/** Renders the pane (the whole App, as Office would) around a fake workbook, for component tests. */
import { configure, render, type RenderResult } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "../../src/taskpane/components/App";
import type { WorkbookPort } from "../../src/excel/port";
import type { Language } from "../../src/taskpane/i18n";
import type { HostSupport, PlatformKind } from "../../src/taskpane/office";
import type { FlowId } from "../../src/taskpane/navigation";
import type { Workbench } from "../../src/taskpane/workbench/workbench";
import { installComputedStyleCache } from "../helpers/computed-style-cache";

// Flows load lazily and Fluent renders slowly in jsdom: give findBy* room.
configure({ asyncUtilTimeout: 10_000 });
// jsdom has no scrolling; the pane scrolls to the top when a flow opens.
if (typeof window !== "undefined") window.scrollTo = () => undefined;
// jsdom's getComputedStyle, remembered until the page changes (most of these suites' time).
installComputedStyleCache();

export interface PaneOptions {
  port?: WorkbookPort;
  workbench?: Workbench;
  language?: Language;
  flow?: FlowId | null;
  /** Inside Excel: its platform (default none given: Windows-like). */
  platform?: PlatformKind;
  /** Inside Excel: the requirement sets it answers (default: all). */
  support?: HostSupport;
}

/** The pane inside Excel (with `port`) or in the workbench (with `workbench`), opened at `flow`. */
export function renderPane({ port, workbench, language = "en-US", flow = null, platform, support }: PaneOptions): RenderResult {
  return render(
    <FluentProvider theme={webLightTheme}>
      <App
        host={{ kind: port ? "excel" : "none", displayLanguage: null, theme: "light", ...(platform ? { platform } : {}), ...(support ? { support } : {}) }}
        initialLanguage={language}
        port={port}
        workbench={workbench}
        initialFlow={flow}
      />
    </FluentProvider>,
  );
}
