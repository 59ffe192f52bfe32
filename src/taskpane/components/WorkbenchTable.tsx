/*
 * The workbench's "selection", outside Excel: a table pasted from Excel, WPS or LibreOffice
 * (or an .xlsx opened), and the column of numbers the flow works on. Picking a column
 * selects its data rows in the workbench, so the flow reads it with `useSelection` exactly
 * as it reads a selection in Excel. Reusable by any flow that starts from a column.
 *
 * Reading a big paste or file shows its progress with a Cancel button (the pane stays
 * responsive: the workbench reads in slices); what was cut, not read, or will not be
 * carried over into the download is said under it, for as long as that workbook is open.
 */
import * as React from "react";
import { Button, Caption1, Dropdown, Field, Option, ProgressBar, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { Dismiss20Regular, DocumentArrowUp20Regular } from "@fluentui/react-icons";
import type { CellValue } from "../../sheets/spec";
import type { Strings } from "../i18n";
import { useWorkbook } from "../services/context";
import { describeError } from "../services/messages";
import type { Language } from "../i18n";
import { areaAddress, columnLetters } from "../workbench/a1";
import type { Workbench, WorkbenchNote } from "../workbench/workbench";
import type { PaneMessage } from "../services/messages";
import { Messages } from "./ActionBar";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  paste: { fontFamily: tokens.fontFamilyMonospace, minHeight: "88px" },
  row: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  status: { color: tokens.colorNeutralForeground2 },
  hiddenInput: { display: "none" },
  dropdown: { minWidth: "0", width: "100%" },
  progress: { display: "flex", alignItems: "flex-end", gap: tokens.spacingHorizontalS },
  progressField: { flexGrow: 1 },
});

/** What is being read: a paste, or a file by name. */
type Reading = { what: "paste" } | { what: "file"; name: string };

/** A paste longer than this (characters) shows its progress; shorter ones read at once. */
const PASTE_PROGRESS_FROM = 100_000;
/** A paste longer than this (characters) is read but not shown in the paste box. */
const PASTE_SHOWN_UP_TO = 100_000;

/** A column that holds numbers, with its header and data rows. */
export interface NumberColumn {
  sheet: string;
  col: number;
  header: string;
  /** 0-based rows of the data (first and last). */
  top: number;
  bottom: number;
}

/**
 * The columns of a table that hold numbers: a text first row is their header, the data run
 * to the last non-blank row. A column counts when most of its non-blank data cells are numbers.
 *
 * @example numberColumns("S", [["Rep", "Annual"], ["Zhang", 1200]]) // [{ sheet: "S", col: 1, header: "Annual", top: 1, bottom: 1 }]
 */
export function numberColumns(sheet: string, table: CellValue[][]): NumberColumn[] {
  function* cells(): IterableIterator<[number, number, CellValue]> {
    for (let r = 0; r < table.length; r++) for (let c = 0; c < table[r].length; c++) yield [r, c, table[r][c]];
  }
  return numberColumnsOf(sheet, cells());
}

/**
 * {@link numberColumns} of a sheet's non-blank cells given one by one, in any order (the
 * workbench's sparse cells): the work is one pass over the cells, whatever the sheet's size.
 * A column's header is its first non-blank cell when that is text.
 *
 * @example numberColumnsOf("S", [[0, 1, "Annual"], [1, 1, 1200]]) // [{ sheet: "S", col: 1, header: "Annual", top: 1, bottom: 1 }]
 */
export function numberColumnsOf(sheet: string, cells: Iterable<[row: number, col: number, value: CellValue]>): NumberColumn[] {
  const columns = new Map<number, { first: number; firstValue: CellValue; last: number; count: number; numbers: number }>();
  for (const [row, col, v] of cells) {
    if (v === "" || v === null) continue;
    const c = columns.get(col);
    if (!c) {
      columns.set(col, { first: row, firstValue: v, last: row, count: 1, numbers: typeof v === "number" ? 1 : 0 });
      continue;
    }
    if (row < c.first) {
      c.first = row;
      c.firstValue = v;
    }
    c.last = Math.max(c.last, row);
    c.count += 1;
    if (typeof v === "number") c.numbers += 1;
  }
  const out: NumberColumn[] = [];
  for (const col of [...columns.keys()].sort((a, b) => a - b)) {
    const c = columns.get(col)!;
    const header = typeof c.firstValue === "string" ? c.firstValue : "";
    const top = typeof c.firstValue === "string" ? c.first + 1 : c.first;
    const data = c.count - (typeof c.firstValue === "string" ? 1 : 0);
    if (data > 0 && c.numbers * 2 > data) out.push({ sheet, col, header, top, bottom: c.last });
  }
  return out;
}

/** A note of the workbench as a message bar, in the pane's words. */
export function noteMessage(note: WorkbenchNote, t: Strings): PaneMessage {
  const p = t.pane;
  switch (note.kind) {
    case "partlyRead":
      return { intent: "warning", title: p.notesTitle, body: p.notePartlyRead(note.sheet, note.row, note.max) };
    case "outside":
      return { intent: "warning", title: p.notesTitle, body: p.noteOutside(note.cells) };
    case "columnsCut":
      return { intent: "warning", title: p.notesTitle, body: p.noteColumnsCut(note.rows, note.widest) };
    case "rowsPastEnd":
      return { intent: "warning", title: p.notesTitle, body: p.noteRowsPastEnd(note.rows) };
    case "unkept": {
      const items = note.items.map((i) => p.unkeptItem(i.kind, i.count, i.parts));
      return { intent: "warning", title: p.noteUnkeptTitle, body: p.noteUnkept(items, note.downloadName) };
    }
    case "planDamaged":
      return { intent: "warning", title: p.planDamagedTitle, body: p.notePlanDamaged };
  }
}

export interface WorkbenchTableProps {
  t: Strings;
  language: Language;
  workbench: Workbench;
  /** Which number column to pick at first: the last one (annual targets usually sit last). */
  prefer?: "last" | "first";
  /** Offer the paste box and the column picker (default); false: only "Open .xlsx" (a flow that reads a whole workbook). */
  pickColumn?: boolean;
}

/** Paste a table or open an .xlsx, then pick the column of numbers to work on. */
export function WorkbenchTable({
  t,
  language,
  workbench,
  prefer = "last",
  pickColumn = true,
}: WorkbenchTableProps): React.JSX.Element {
  const styles = useStyles();
  const p = t.pane;
  const { version } = useWorkbook();
  const [text, setText] = React.useState("");
  const [failure, setFailure] = React.useState<unknown>();
  const fileInput = React.useRef<HTMLInputElement>(null);
  const pasteId = React.useId();

  const [busy, setBusy] = React.useState<{ reading: Reading; done: number; total: number; show: boolean }>();
  const loading = React.useRef<AbortController | null>(null);

  const sheets = React.useMemo(() => workbench.visibleSheets(), [workbench, version]);
  const columns = React.useMemo(
    () => sheets.flatMap((sheet) => numberColumnsOf(sheet, workbench.cellsOf(sheet))),
    [workbench, sheets, version],
  );
  const selected = workbench.selected();
  const current = columns.find((c) => selected && c.sheet === selected.sheet && areaOf(c) === selected.address);

  const pick = React.useCallback(
    (column: NumberColumn | undefined) => {
      if (column) workbench.select(column.sheet, areaOf(column));
    },
    [workbench],
  );

  const choose = React.useCallback(
    (found: NumberColumn[]) => pick(prefer === "last" ? found[found.length - 1] : found[0]),
    [pick, prefer],
  );

  // Cancel what is being read when the flow closes.
  React.useEffect(() => () => loading.current?.abort(), []);

  /** Reads a paste or a file with progress and cancel; a newer read cancels the one before. */
  const load = async (reading: Reading, show: boolean, read: (signal: AbortSignal, progress: (done: number, total: number) => void) => Promise<void>) => {
    loading.current?.abort();
    const abort = new AbortController();
    loading.current = abort;
    setFailure(undefined);
    setBusy({ reading, done: 0, total: 0, show });
    try {
      await read(abort.signal, (done, total) => {
        if (!abort.signal.aborted) setBusy({ reading, done, total, show });
      });
      return true;
    } catch (error) {
      if (!abort.signal.aborted || !(error instanceof Error && error.name === "AbortError")) throw error;
      return false;
    } finally {
      if (loading.current === abort) {
        loading.current = null;
        setBusy(undefined);
      }
    }
  };

  const onText = async (value: string) => {
    // A long paste is not kept in the box: laying out 100,000 lines of text froze the page
    // for seconds (Chromium), and the table is held by the workbench; the status says what it is.
    setText(value.length > PASTE_SHOWN_UP_TO ? "" : value);
    try {
      const done = await load({ what: "paste" }, value.length > PASTE_PROGRESS_FROM, (signal, onProgress) => workbench.pasteTable(value, { signal, onProgress }));
      if (!done) return;
      const sheet = workbench.visibleSheets()[0];
      if (sheet) choose(numberColumnsOf(sheet, workbench.cellsOf(sheet)));
    } catch (error) {
      setFailure({ error });
    }
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const done = await load({ what: "file", name: file.name }, true, async (signal, onProgress) =>
        workbench.openFile(new Uint8Array(await file.arrayBuffer()), file.name, { signal, onProgress }),
      );
      if (!done) return;
      setText("");
      const found = workbench.visibleSheets().flatMap((sheet) => numberColumnsOf(sheet, workbench.cellsOf(sheet)));
      choose(found);
    } catch (error) {
      setFailure({ error, file: file.name });
    }
  };

  const cancel = () => {
    const reading = loading.current;
    if (!reading) return;
    reading.abort();
    if (busy) setFailure({ cancelled: busy.reading });
  };

  const source = workbench.source;
  const status =
    source.kind === "pasted"
      ? p.pastedTable(source.rows, source.columns)
      : source.kind === "file"
        ? p.openedFile(source.fileName)
        : undefined;
  const multiSheet = new Set(columns.map((c) => c.sheet)).size > 1;
  const label = (c: NumberColumn) =>
    (multiSheet ? `${c.sheet} · ` : "") + p.columnOption(columnLetters(c.col), c.header);
  const failed = failure as { error?: unknown; file?: string; cancelled?: Reading } | undefined;
  const failedMessage = (): PaneMessage | undefined => {
    if (!failed) return undefined;
    if (failed.cancelled) {
      return { intent: "info", title: "", body: failed.cancelled.what === "file" ? p.openCancelled(failed.cancelled.name) : p.pasteCancelled };
    }
    const error = failed.error;
    if (error instanceof Error && error.name === "XlsxError" && failed.file !== undefined) {
      const reason = describeError(error, t, language).body;
      return { intent: "error", title: p.fileNotOpened(failed.file), body: reason };
    }
    return describeError(error, t, language);
  };

  return (
    <section className={styles.section} aria-labelledby="workbench-heading" data-testid="workbench">
      <h3 id="workbench-heading" style={{ margin: 0 }}>
        {pickColumn ? p.workbenchHeading : p.workbookHeading}
      </h3>
      <Caption1 className={styles.status}>{pickColumn ? p.workbenchIntro : p.workbenchOpenIntro}</Caption1>
      {pickColumn && (
        <Field label={p.pasteLabel}>
          <Textarea
            id={pasteId}
            className={styles.paste}
            value={text}
            placeholder={p.pastePlaceholder}
            resize="vertical"
            onChange={(_, data) => void onText(data.value)}
            data-testid="paste"
          />
        </Field>
      )}
      <div className={styles.row}>
        <Button icon={<DocumentArrowUp20Regular />} onClick={() => fileInput.current?.click()}>
          {p.openFile}
        </Button>
        <input
          ref={fileInput}
          className={styles.hiddenInput}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-label={p.openFile}
          tabIndex={-1}
          onChange={(e) => {
            void onFile(e.target.files?.[0]);
            e.target.value = "";
          }}
          data-testid="open-file"
        />
        {status && !busy && (
          <Caption1 className={styles.status} role="status">
            {status}
          </Caption1>
        )}
      </div>
      {busy?.show && (
        <div className={styles.progress} data-testid="workbench-progress">
          <Field
            className={styles.progressField}
            label={busy.reading.what === "file" ? p.opening(busy.reading.name) : p.readingPaste}
            validationMessage={busy.total > 0 ? `${Math.floor((100 * busy.done) / busy.total)} %` : undefined}
            validationState="none"
          >
            <ProgressBar value={busy.total > 0 ? busy.done / busy.total : undefined} thickness="large" />
          </Field>
          <Button icon={<Dismiss20Regular />} onClick={cancel} data-testid="workbench-cancel">
            {p.cancel}
          </Button>
        </div>
      )}
      {!busy && <Messages items={workbench.notes.map((note) => noteMessage(note, t))} />}
      {pickColumn &&
        source.kind !== "empty" &&
        (columns.length > 0 ? (
          <Field label={p.targetsColumn}>
            <Dropdown
              className={styles.dropdown}
              value={current ? label(current) : ""}
              selectedOptions={current ? [keyOf(current)] : []}
              onOptionSelect={(_, data) => pick(columns.find((c) => keyOf(c) === data.optionValue))}
              data-testid="targets-column"
            >
              {columns.map((c) => (
                <Option key={keyOf(c)} value={keyOf(c)}>
                  {label(c)}
                </Option>
              ))}
            </Dropdown>
          </Field>
        ) : (
          <Messages items={[{ intent: "warning", title: "", body: p.noNumberColumn }]} />
        ))}
      {failed && <Messages items={[failedMessage()]} />}
    </section>
  );
}

function areaOf(c: NumberColumn): string {
  return areaAddress({ top: c.top, bottom: c.bottom, left: c.col, right: c.col });
}

function keyOf(c: NumberColumn): string {
  return `${c.sheet}!${c.col}`;
}
