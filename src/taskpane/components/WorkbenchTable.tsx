/*
 * The workbench's "selection", outside Excel: a table pasted from Excel, WPS or LibreOffice
 * (or an .xlsx opened), and the column of numbers the flow works on. Picking a column
 * selects its data rows in the workbench, so the flow reads it with `useSelection` exactly
 * as it reads a selection in Excel. Reusable by any flow that starts from a column.
 */
import * as React from "react";
import { Button, Caption1, Dropdown, Field, Option, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { DocumentArrowUp20Regular } from "@fluentui/react-icons";
import type { CellValue } from "../../sheets/spec";
import type { Strings } from "../i18n";
import { useWorkbook } from "../services/context";
import { describeError } from "../services/messages";
import type { Language } from "../i18n";
import { areaAddress, columnLetters } from "../workbench/a1";
import type { Workbench } from "../workbench/workbench";
import { Messages } from "./ActionBar";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  paste: { fontFamily: tokens.fontFamilyMonospace, minHeight: "88px" },
  row: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  status: { color: tokens.colorNeutralForeground2 },
  hiddenInput: { display: "none" },
  dropdown: { minWidth: "0", width: "100%" },
});

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
  const out: NumberColumn[] = [];
  const width = table.reduce((w, r) => Math.max(w, r.length), 0);
  for (let c = 0; c < width; c++) {
    const column = table.map((r) => r[c] ?? "");
    const headerText = typeof column[0] === "string" ? column[0] : "";
    const top = typeof column[0] === "string" ? 1 : 0;
    let bottom = column.length - 1;
    while (bottom >= top && (column[bottom] === "" || column[bottom] === null)) bottom--;
    const data = column.slice(top, bottom + 1).filter((v) => v !== "" && v !== null);
    const numbers = data.filter((v) => typeof v === "number").length;
    if (data.length > 0 && numbers * 2 > data.length) out.push({ sheet, col: c, header: headerText, top, bottom });
  }
  return out;
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

  const sheets = React.useMemo(() => workbench.visibleSheets(), [workbench, version]);
  const columns = React.useMemo(
    () => sheets.flatMap((sheet) => numberColumns(sheet, workbench.table(sheet))),
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

  const onText = (value: string) => {
    setText(value);
    setFailure(undefined);
    workbench.pasteTable(value);
    const sheet = workbench.visibleSheets()[0];
    if (sheet) choose(numberColumns(sheet, workbench.table(sheet)));
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setFailure(undefined);
    try {
      await workbench.openFile(new Uint8Array(await file.arrayBuffer()), file.name);
      setText("");
      const found = workbench.visibleSheets().flatMap((sheet) => numberColumns(sheet, workbench.table(sheet)));
      choose(found);
    } catch (error) {
      setFailure({ error, file: file.name });
    }
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
  const failed = failure as { error: unknown; file: string } | undefined;

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
            onChange={(_, data) => onText(data.value)}
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
        {status && (
          <Caption1 className={styles.status} role="status">
            {status}
          </Caption1>
        )}
      </div>
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
      {failed && (
        <Messages
          items={[
            failed.error instanceof Error && failed.error.name === "XlsxError"
              ? { intent: "error", title: p.errorTitle, body: p.fileUnreadable(failed.file) }
              : describeError(failed.error, t, language),
          ]}
        />
      )}
    </section>
  );
}

function areaOf(c: NumberColumn): string {
  return areaAddress({ top: c.top, bottom: c.bottom, left: c.col, right: c.col });
}

function keyOf(c: NumberColumn): string {
  return `${c.sheet}!${c.col}`;
}
