/*
 * The hooks the flows use to read and write the workbook. Each goes through the
 * WorkbookPort from {@link useWorkbook}; none calls Office.js.
 */
import * as React from "react";
import type { CheckResult, SelectionData, WriteResult } from "../../excel/port";
import type { WorkbookSpec } from "../../sheets/spec";
import { useWorkbook } from "./context";
import { saveDownload } from "./download";
import { loadXlsxWriter } from "./xlsx";

/** The state of something read from the workbook. */
export interface Reading<T> {
  value: T | undefined;
  loading: boolean;
  /** Why the read failed, if it did (turn it into words with `describeError`). */
  error: unknown;
  /** Reads again. */
  refresh(): void;
}

/** Reads `read()` whenever the workbook changes (and on `refresh`). */
function useReading<T>(read: (() => Promise<T>) | undefined): Reading<T> {
  const { version } = useWorkbook();
  const [state, setState] = React.useState<{ value?: T; loading: boolean; error?: unknown }>({ loading: Boolean(read) });
  const [tick, setTick] = React.useState(0);
  React.useEffect(() => {
    if (!read) {
      setState({ loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    read().then(
      (value) => live && setState({ value, loading: false }),
      (error: unknown) => live && setState({ loading: false, error }),
    );
    return () => {
      live = false;
    };
  }, [read, version, tick]);
  const refresh = React.useCallback(() => setTick((t) => t + 1), []);
  return { value: state.value, loading: state.loading, error: state.error, refresh };
}

/**
 * The user's selection (in the workbench: the column picked from the pasted table). Read
 * when the flow opens, when the workbook changes, and when the pane gets focus back (the
 * user went to the sheet and selected something).
 */
export function useSelection(): Reading<SelectionData | undefined> {
  const { port } = useWorkbook();
  const read = React.useMemo(() => (port ? () => port.readSelection() : undefined), [port]);
  const reading = useReading(read);
  const { refresh } = reading;
  React.useEffect(() => {
    if (port?.kind !== "excel") return;
    window.addEventListener("focus", refresh);
    return () => window.removeEventListener("focus", refresh);
  }, [port, refresh]);
  return reading;
}

/** Every `Check_*` name of the workbook with its value. */
export function useChecks(): Reading<CheckResult[]> {
  const { port } = useWorkbook();
  const read = React.useMemo(() => (port ? () => port.readChecks() : undefined), [port]);
  return useReading(read);
}

/** The plan stored in the workbook (the `TargetPlanner` sheet), if there is one; not yet validated. */
export function useStoredPlan(): Reading<unknown | undefined> {
  const { port } = useWorkbook();
  const read = React.useMemo(() => (port ? () => port.readStoredPlan() : undefined), [port]);
  return useReading(read);
}

/** Reads any range the flow needs (sheet and address fixed per call site). */
export function useRange(sheet: string | undefined, address: string | undefined) {
  const { port } = useWorkbook();
  const read = React.useMemo(
    () => (port && sheet && address ? () => port.readRange(sheet, address) : undefined),
    [port, sheet, address],
  );
  return useReading(read);
}

/**
 * A choice remembered per workbook (the port's settings): `[value, set, loaded]`. `value` is
 * `initial` until the stored one has been read (`loaded`) or when none is stored.
 */
export function useRemembered<T>(key: string, initial: T): [T, (value: T) => void, boolean] {
  const { port } = useWorkbook();
  const [state, setState] = React.useState<{ value: T; loaded: boolean }>({ value: initial, loaded: false });
  React.useEffect(() => {
    if (!port) return;
    let live = true;
    port.getSetting<T>(key).then(
      (stored) => live && setState({ value: stored === undefined ? initial : stored, loaded: true }),
      () => live && setState((s) => ({ ...s, loaded: true })),
    );
    return () => {
      live = false;
    };
    // `initial` is a default, read once per key and port.
  }, [port, key]);
  const set = React.useCallback(
    (value: T) => {
      setState({ value, loaded: true });
      void port?.setSetting(key, value).catch(() => undefined);
    },
    [port, key],
  );
  return [state.value, set, state.loaded];
}

/** Where a write is: cells done of the total. */
export interface Progress {
  done: number;
  total: number;
}

/** What {@link useWrite} gives a flow. */
export interface Writer {
  /** Writes the spec (the port refuses if the place is taken); resolves with the result, or undefined when it failed or was cancelled. */
  write(spec: WorkbookSpec): Promise<WriteResult | undefined>;
  /** While writing: how far it is. */
  progress: Progress | undefined;
  writing: boolean;
  /** Cancels the write in progress (what it wrote is removed). */
  cancel(): void;
  /** The last write's result, until the next write or `reset`. */
  result: WriteResult | undefined;
  /** The last write's failure (describe it with `describeError`); a cancel is one too. */
  error: unknown;
  reset(): void;
}

/** Writes specs through the port with progress, cancel and the outcome to show. */
export function useWrite(): Writer {
  const { port, changed } = useWorkbook();
  const [progress, setProgress] = React.useState<Progress | undefined>();
  const [writing, setWriting] = React.useState(false);
  const [result, setResult] = React.useState<WriteResult | undefined>();
  const [error, setError] = React.useState<unknown>();
  const controller = React.useRef<AbortController | null>(null);

  const write = React.useCallback(
    async (spec: WorkbookSpec) => {
      if (!port) return undefined;
      const abort = new AbortController();
      controller.current = abort;
      setWriting(true);
      setResult(undefined);
      setError(undefined);
      setProgress({ done: 0, total: 0 });
      try {
        const outcome = await port.write(spec, {
          signal: abort.signal,
          onProgress: (done, total) => setProgress({ done, total }),
        });
        setResult(outcome);
        return outcome;
      } catch (failure) {
        setError(failure);
        return undefined;
      } finally {
        controller.current = null;
        setWriting(false);
        setProgress(undefined);
        changed();
      }
    },
    [port, changed],
  );
  const cancel = React.useCallback(() => controller.current?.abort(), []);
  const reset = React.useCallback(() => {
    setResult(undefined);
    setError(undefined);
  }, []);
  return { write, progress, writing, cancel, result, error, reset };
}

/** What {@link useDownload} gives a flow. */
export interface Downloader {
  /**
   * Outside Excel: the workbench's workbook with everything written so far (and `spec`
   * first written into it, when given and not written yet). Inside Excel: a new workbook
   * holding `spec`.
   */
  download(spec: WorkbookSpec | undefined, fileName: string): Promise<boolean>;
  downloading: boolean;
  error: unknown;
}

/** Offers the .xlsx download (ExcelJS loads on first use). */
export function useDownload(): Downloader {
  const { workbench } = useWorkbook();
  const [downloading, setDownloading] = React.useState(false);
  const [error, setError] = React.useState<unknown>();
  const download = React.useCallback(
    async (spec: WorkbookSpec | undefined, fileName: string) => {
      setDownloading(true);
      setError(undefined);
      try {
        if (workbench) {
          const file = await workbench.download();
          saveDownload(file.bytes, fileName || file.fileName);
        } else if (spec) {
          const { writeXlsx } = await loadXlsxWriter();
          saveDownload(await writeXlsx(spec), fileName);
        }
        return true;
      } catch (failure) {
        setError(failure);
        return false;
      } finally {
        setDownloading(false);
      }
    },
    [workbench],
  );
  return { download, downloading, error };
}

/** What {@link useNewWorkbook} gives a flow. */
export interface NewWorkbookOpener {
  /**
   * Writes `spec` as an .xlsx and has Excel open it as a new workbook (the port's
   * `openAsNewWorkbook`); resolves true once Excel took it, false when it failed (see `error`).
   */
  open(spec: WorkbookSpec): Promise<boolean>;
  opening: boolean;
  error: unknown;
}

/** "Open as a new workbook" inside Excel (ExcelJS loads on first use). */
export function useNewWorkbook(): NewWorkbookOpener {
  const { port } = useWorkbook();
  const [opening, setOpening] = React.useState(false);
  const [error, setError] = React.useState<unknown>();
  const open = React.useCallback(
    async (spec: WorkbookSpec) => {
      if (!port?.openAsNewWorkbook) return false;
      setOpening(true);
      setError(undefined);
      try {
        const { writeXlsx } = await loadXlsxWriter();
        await port.openAsNewWorkbook(await writeXlsx(spec));
        return true;
      } catch (failure) {
        setError(failure);
        return false;
      } finally {
        setOpening(false);
      }
    },
    [port],
  );
  return { open, opening, error };
}
