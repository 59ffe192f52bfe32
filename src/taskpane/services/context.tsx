/*
 * The workbook the pane works on, as a React context. Inside Excel it is the Office.js
 * port (src/excel, loaded lazily); outside it, the workbench (a pasted table or an opened
 * .xlsx, given back as a download); in tests, whatever port the test provides.
 */
import * as React from "react";
import type { WorkbookPort } from "../../excel/port";
import type { HostKind } from "../office";
import { Workbench } from "../workbench/workbench";
import { type PaneAbilities, abilitiesOf } from "./abilities";
import { loadOfficePort } from "./office-port";

/** What the context holds. */
export interface WorkbookService {
  /** The port, or undefined while the Office.js port is loading (or failed to). */
  port: WorkbookPort | undefined;
  /** Outside Excel: the workbench behind the port (paste, open, download). */
  workbench: Workbench | undefined;
  /** Why the port could not be had, if it could not. */
  failure: unknown;
  /** Grows whenever the workbook changed (a paste, an opened file, a write): hooks read again. */
  version: number;
  /** Says the workbook changed (after a write through the port, say). */
  changed(): void;
  /** What the pane can do where it runs (write, open a new workbook, download, functions). */
  abilities: PaneAbilities;
}

const WorkbookContext = React.createContext<WorkbookService | null>(null);

export interface WorkbookProviderProps {
  /** Where the pane runs; "excel" loads the Office.js port, anything else uses the workbench. */
  host: HostKind;
  /** A port to use as it is (component tests pass their fake here). */
  port?: WorkbookPort;
  /** A workbench to use (tests that drive the plain-browser mode). */
  workbench?: Workbench;
  /** What the pane can do here (from the host's platform and requirement sets); by default all a host of this kind can. */
  abilities?: PaneAbilities;
  children: React.ReactNode;
}

/** Provides the workbook to the flows below it. */
export function WorkbookProvider({ host, port: given, workbench: givenBench, abilities: givenAbilities, children }: WorkbookProviderProps): React.JSX.Element {
  const [version, setVersion] = React.useState(0);
  const changed = React.useCallback(() => setVersion((v) => v + 1), []);
  const [workbench] = React.useState<Workbench | undefined>(() =>
    givenBench ?? (given || host === "excel" ? undefined : new Workbench()),
  );
  const [office, setOffice] = React.useState<{ port?: WorkbookPort; failure?: unknown }>({});

  React.useEffect(() => {
    if (given || host !== "excel") return;
    let live = true;
    loadOfficePort().then(
      (port) => live && setOffice({ port }),
      (failure: unknown) => live && setOffice({ failure }),
    );
    return () => {
      live = false;
    };
  }, [given, host]);

  React.useEffect(() => workbench?.subscribe(changed), [workbench, changed]);

  const abilities = React.useMemo(() => givenAbilities ?? abilitiesOf({ kind: given?.kind === "excel" ? "excel" : host }), [givenAbilities, given, host]);
  const value = React.useMemo<WorkbookService>(
    () => ({
      port: given ?? workbench ?? office.port,
      workbench: given ? undefined : workbench,
      failure: office.failure,
      version,
      changed,
      abilities,
    }),
    [given, workbench, office, version, changed, abilities],
  );
  return <WorkbookContext.Provider value={value}>{children}</WorkbookContext.Provider>;
}

/** The workbook service; throws when used outside a {@link WorkbookProvider}. */
export function useWorkbook(): WorkbookService {
  const service = React.useContext(WorkbookContext);
  if (!service) throw new Error("useWorkbook() needs a <WorkbookProvider> above it");
  return service;
}
