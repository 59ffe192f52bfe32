/*
 * Flow "Actuals in / 导入实际数": the month's actuals from what the sales system exports.
 * The workbook's stored plan says which tracking sheet is which (more than one: the manager
 * picks); the export is pasted, opened (.xlsx, .csv) or, inside Excel, selected; the unit is
 * read from it or chosen; names are matched (near-misses only suggested, mapped by hand);
 * the preview lists every actual cell that changes (from → to) and those left; Apply writes
 * only those cells (`WorkbookPort.writeCells`), inside Excel through Office.js, outside it
 * into the workbench's workbook, then Download gives the file back with its charts.
 */
import * as React from "react";
import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Combobox,
  Field,
  Option,
  Select,
  Spinner,
  Subtitle2,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { DocumentArrowUp20Regular, TableSimple20Regular } from "@fluentui/react-icons";
import type { WriteResult } from "../../excel/port";
import { EXPORT_UNITS, ExportError, type ExportRead, type ExportUnit, readExport } from "../../sheets/actuals";
import { decodeExport, splitDelimited } from "../../sheets/actuals-csv";
import { type NameOutcome, matchNames } from "../../sheets/actuals-match";
import { type ActualsPlan, type FoundTracking, planActuals, readActualCells } from "../../sheets/actuals-sheet";
import type { CellValue } from "../../sheets/spec";
import { ActionBar, Messages } from "../components/ActionBar";
import { WorkbenchTable } from "../components/WorkbenchTable";
import { useWorkbook } from "../services/context";
import { saveDownload } from "../services/download";
import { formatNumber } from "../services/format";
import { type PaneMessage, describeError, fileHandedOver } from "../services/messages";
import { readPastedTable } from "../workbench/paste";
import { loadXlsxReader } from "../services/xlsx";
import { type ActualsTarget, portReader, readActualsTarget } from "./actuals-data";
import { type ActualsStrings, actualsStrings } from "./actuals-i18n";
import { useFormStyles } from "./forms/styles";
import type { FlowProps } from "./types";

/** Changes and left cells listed at most (the summary counts them all). */
const LISTED = 50;
/** Unmatched names offered a map at most. */
const MAPPED = 30;

const useStyles = makeStyles({
  table: { borderCollapse: "collapse", width: "100%", fontSize: tokens.fontSizeBase200, fontVariantNumeric: "tabular-nums" },
  cell: { paddingBlock: "2px", paddingInline: tokens.spacingHorizontalXS, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`, textAlign: "start", overflowWrap: "anywhere" },
  number: { textAlign: "end", whiteSpace: "nowrap" },
  hidden: { display: "none" },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  summary: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  combobox: { minWidth: 0, width: "100%" },
  close: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalXS, marginBlockEnd: tokens.spacingVerticalXS },
  closeButton: { minWidth: 0, maxWidth: "100%", overflowWrap: "anywhere", textAlign: "start" },
});

/** Where the export's cells came from. */
type ExportSource = { kind: "paste" } | { kind: "file"; name: string; sheets: { name: string; rows: CellValue[][] }[]; sheet: number } | { kind: "selection"; rows: CellValue[][] };

/** Reads an opened export: an .xlsx's visible sheets, or a text file decoded and split. */
async function openExport(file: File): Promise<ExportSource> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (/\.(csv|txt|tsv)$/i.test(file.name)) return { kind: "file", name: file.name, sheets: [{ name: file.name, rows: splitDelimited(decodeExport(bytes).text) }], sheet: 0 };
  // Read sparsely (with the workbench's caps): each row up to its own last cell, so that one
  // stray cell far right does not pad every row to it.
  const { readXlsxSparse } = await loadXlsxReader();
  const read: { name: string; hidden: boolean; rows: CellValue[][] }[] = [];
  await readXlsxSparse(bytes, ({ name, hidden }) => {
    const rows: CellValue[][] = [];
    read.push({ name, hidden, rows });
    return {
      cell(row, col, value) {
        while (rows.length <= row) rows.push([]);
        const line = rows[row];
        while (line.length < col) line.push("");
        line[col] = value;
      },
    };
  });
  const sheets = read.filter((s) => !s.hidden).map(({ name, rows }) => ({ name, rows }));
  return { kind: "file", name: file.name, sheets, sheet: 0 };
}

const shown = (v: CellValue | undefined, language: FlowProps["language"]): string =>
  v === "" || v === null || v === undefined ? "—" : typeof v === "number" ? formatNumber(Number(v.toPrecision(12)), language) : String(v);

export function ActualsFlow({ t, language, onOpenFlow }: FlowProps): React.JSX.Element {
  const styles = useFormStyles();
  const own = useStyles();
  const a = actualsStrings(language);
  const lang = language === "zh-CN" ? "zh" : "en";
  const { port, workbench, version, changed, abilities } = useWorkbook();

  // 1. The workbook: its plan and tracking sheets, the chosen one's actual cells now.
  const [target, setTarget] = React.useState<ActualsTarget>();
  React.useEffect(() => {
    if (!port) return;
    let live = true;
    readActualsTarget(port).then((x) => live && setTarget(x));
    return () => {
      live = false;
    };
  }, [port, version]);
  const found: FoundTracking[] = target?.ok ? target.found : [];
  const [sheetName, setSheetName] = React.useState<string>();
  const chosen = found.find((f) => f.sheet === sheetName) ?? found[0];
  const [current, setCurrent] = React.useState<{ sheet: string; actuals: CellValue[][]; asOf?: number }>();
  const [readFailure, setReadFailure] = React.useState<unknown>();
  React.useEffect(() => {
    if (!port || !chosen) return;
    let live = true;
    setReadFailure(undefined);
    readActualCells(chosen, portReader(port)).then(
      (x) => live && setCurrent({ sheet: chosen.sheet, ...x }),
      (e: unknown) => live && setReadFailure(e),
    );
    return () => {
      live = false;
    };
  }, [port, chosen, version]);

  // 2. The export.
  const [source, setSource] = React.useState<ExportSource>({ kind: "paste" });
  const [text, setText] = React.useState("");
  const [sourceProblem, setSourceProblem] = React.useState<PaneMessage>();
  const [unit, setUnit] = React.useState<ExportUnit | "auto">("auto");
  const [overwrite, setOverwrite] = React.useState(false);
  const [maps, setMaps] = React.useState<Record<string, string>>({});
  const fileInput = React.useRef<HTMLInputElement>(null);
  const rows = React.useMemo<CellValue[][]>(() => (source.kind === "paste" ? readPastedTable(text) : source.kind === "file" ? (source.sheets[source.sheet]?.rows ?? []) : source.rows), [source, text]);
  const plan = target?.ok ? target.plan : undefined;
  const read = React.useMemo<{ ok: true; read: ExportRead } | { ok: false; error: unknown } | undefined>(() => {
    if (!plan || rows.length === 0) return undefined;
    try {
      return { ok: true, read: readExport(rows, { year: plan.year, ...(unit !== "auto" ? { unit } : {}) }) };
    } catch (error) {
      return { ok: false, error };
    }
  }, [rows, plan, unit]);

  // 3. Names matched, what changes.
  const names = React.useMemo(() => (chosen ? chosen.layout.names[chosen.lang] : []), [chosen]);
  const matching = React.useMemo(() => {
    if (!read?.ok) return undefined;
    const exportNames = [...new Map(read.read.entries.map((e) => [e.key, e.name])).values()];
    return matchNames(exportNames, names, Object.entries(maps).map(([from, to]) => ({ from, to })));
  }, [read, names, maps]);
  const result = React.useMemo<ActualsPlan | undefined>(() => {
    if (!plan || !chosen || !read?.ok || !matching || current?.sheet !== chosen.sheet) return undefined;
    return planActuals({ plan, found: chosen, current: current.actuals, ...(current.asOf !== undefined ? { asOf: current.asOf } : {}), read: read.read, matching, overwrite });
  }, [plan, chosen, read, matching, current, overwrite]);

  // 4. Writing, downloading.
  const [writing, setWriting] = React.useState(false);
  const [progress, setProgress] = React.useState<{ done: number; total: number }>();
  const [written, setWritten] = React.useState<{ result: WriteResult; count: number }>();
  const [failure, setFailure] = React.useState<unknown>();
  const [downloaded, setDownloaded] = React.useState<PaneMessage>();
  const controller = React.useRef<AbortController | null>(null);
  const apply = async () => {
    if (!port?.writeCells || !result || !chosen) return;
    const abort = new AbortController();
    controller.current = abort;
    setWriting(true);
    setFailure(undefined);
    setWritten(undefined);
    try {
      const r = await port.writeCells(chosen.sheet, result.changes.map((c) => ({ address: c.address, value: c.to, was: c.from })), {
        overwrite,
        signal: abort.signal,
        onProgress: (done, total) => setProgress({ done, total }),
      });
      setWritten({ result: r, count: result.changes.length });
    } catch (error) {
      setFailure(error);
    } finally {
      controller.current = null;
      setWriting(false);
      setProgress(undefined);
      changed();
    }
  };
  const download = async () => {
    if (!workbench) return;
    try {
      const file = await workbench.download();
      saveDownload(file.bytes, file.fileName || a.fileName);
      setDownloaded(fileHandedOver(abilities, file.fileName, t));
    } catch (error) {
      setFailure(error);
    }
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setSourceProblem(undefined);
    try {
      setSource(await openExport(file));
    } catch (error) {
      setSourceProblem(describeError(error, t, language));
    }
  };
  const takeSelection = async () => {
    const sel = await port?.readSelection();
    if (!sel || sel.values.length < 2) return setSourceProblem({ intent: "warning", title: "", body: a.selectionEmpty });
    setSourceProblem(undefined);
    setSource({ kind: "selection", rows: sel.values });
  };

  const sheetUnit = plan?.unit ?? "元";
  const canWrite = Boolean(port?.writeCells) && abilities.write;
  const exportError = read && !read.ok ? (read.error instanceof ExportError ? { intent: "warning" as const, title: "", body: read.error.messageIn(lang) } : describeError(read.error, t, language)) : undefined;

  return (
    <div className={styles.flow}>
      {workbench && <WorkbenchTable t={t} language={language} workbench={workbench} pickColumn={false} />}

      <section className={styles.section} aria-labelledby="act-sheet">
        <Subtitle2 as="h3" id="act-sheet" className={styles.heading}>
          {a.sheetHeading}
        </Subtitle2>
        {!target && port && <Spinner size="tiny" />}
        {target && !target.ok && (
          <Messages items={[{ ...describeError(target.error, t, language), intent: "info", title: a.noPlanTitle }, workbench && workbench.source.kind !== "file" ? { intent: "info", title: "", body: a.openWorkbookFirst } : undefined]} />
        )}
        {found.length > 1 && (
          <Field label={a.sheetLabel}>
            <Select value={chosen?.sheet} onChange={(_, d) => setSheetName(d.value)} data-testid="actuals-sheet">
              {found.map((f) => (
                <option key={f.sheet} value={f.sheet}>
                  {a.sheetOption(f.sheet, f.layout.names.en.length)}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {chosen && (
          <Caption1 className={styles.muted} data-testid="actuals-sheet-found">
            {a.sheetFound(chosen.sheet, chosen.layout.names.en.length, sheetUnit)}
          </Caption1>
        )}
        {readFailure !== undefined && <Messages items={[describeError(readFailure, t, language)]} />}
      </section>

      {plan && chosen && (
        <section className={styles.section} aria-labelledby="act-export">
          <Subtitle2 as="h3" id="act-export" className={styles.heading}>
            {a.exportHeading}
          </Subtitle2>
          <Caption1 className={styles.muted}>{a.exportHint}</Caption1>
          <Field label={a.pasteLabel}>
            <Textarea
              resize="vertical"
              rows={3}
              value={source.kind === "paste" ? text : ""}
              placeholder={a.pastePlaceholder}
              onChange={(_, d) => {
                setSource({ kind: "paste" });
                setText(d.value);
              }}
              data-testid="actuals-paste"
            />
          </Field>
          <div className={styles.row}>
            <Button size="small" icon={<DocumentArrowUp20Regular />} onClick={() => fileInput.current?.click()} data-testid="actuals-open">
              {a.openExport}
            </Button>
            <input
              ref={fileInput}
              className={own.hidden}
              type="file"
              accept=".xlsx,.csv,.txt,.tsv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              aria-label={a.openExport}
              tabIndex={-1}
              onChange={(e) => {
                void onFile(e.target.files?.[0]);
                e.target.value = "";
              }}
              data-testid="actuals-file"
            />
            {port?.kind === "excel" && (
              <Button size="small" icon={<TableSimple20Regular />} onClick={() => void takeSelection()} data-testid="actuals-selection">
                {a.readSelection}
              </Button>
            )}
          </div>
          {source.kind === "file" && (
            <>
              <Caption1 role="status">{a.exportFile(source.name)}</Caption1>
              {source.sheets.length > 1 && (
                <Field label={a.exportSheet}>
                  <Select value={String(source.sheet)} onChange={(_, d) => setSource({ ...source, sheet: Number(d.value) })}>
                    {source.sheets.map((s, i) => (
                      <option key={s.name} value={i}>
                        {s.name}
                      </option>
                    ))}
                  </Select>
                </Field>
              )}
            </>
          )}
          <div className={styles.pair}>
            <Field label={a.unitLabel}>
              <Select value={unit} onChange={(_, d) => setUnit(d.value as ExportUnit | "auto")} data-testid="actuals-unit">
                <option value="auto">{a.unitAuto}</option>
                {EXPORT_UNITS.map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          {read?.ok && <Caption1 data-testid="actuals-read">{a.exportRead(read.read.layout, read.read.headerRow, read.read.rows, read.read.blankRows)} {read.read.unit?.from === "export" ? a.unitSaid(read.read.unit.unit, read.read.unit.cell ?? "") : ""}</Caption1>}
          <Field hint={a.overwriteHint}>
            <Checkbox checked={overwrite} onChange={(_, d) => setOverwrite(d.checked === true)} label={a.overwriteLabel} data-testid="actuals-overwrite" />
          </Field>
          <Messages items={[sourceProblem, exportError]} />
        </section>
      )}

      {result && read?.ok && matching && chosen && (
        <Preview a={a} language={language} result={result} read={read.read} unmatched={matching.names.filter((n) => n.status === "unmatched" || n.status === "duplicate" || (n.status === "mapped" && maps[n.name] !== undefined))} mapProblems={matching.mapProblems.map((m) => m[lang])} names={names} sheetUnit={sheetUnit} maps={maps} setMaps={setMaps} lang={lang} />
      )}

      {result && (
        <ActionBar
          t={t}
          applyLabel={canWrite ? a.applyLabel(result.changes.length) : undefined}
          onApply={canWrite ? () => void apply() : undefined}
          applyDisabled={result.changes.length === 0 || result.unitNeeded}
          onDownload={workbench ? () => void download() : undefined}
          downloadDisabled={!written}
          downloadFirst={false}
          note={canWrite ? undefined : a.cannotWrite}
          writing={writing}
          progress={progress}
          onCancel={() => controller.current?.abort()}
          messages={[
            written ? { intent: "success", title: "", body: workbench ? a.writtenInWorkbench(written.count) : a.written(written.count, chosen?.sheet ?? "") } : undefined,
            failure !== undefined ? describeError(failure, t, language) : undefined,
            downloaded,
          ]}
        />
      )}
      {written && !workbench && (
        <div className={styles.row}>
          <Button size="small" onClick={() => onOpenFlow("myTargets")}>
            {t.flows.myTargets.name}
          </Button>
          <Button size="small" onClick={() => onOpenFlow("checkWorkbook")}>
            {t.flows.checkWorkbook.name}
          </Button>
        </div>
      )}
    </div>
  );
}

interface PreviewProps {
  a: ActualsStrings;
  language: FlowProps["language"];
  lang: "en" | "zh";
  result: ActualsPlan;
  read: ExportRead;
  unmatched: NameOutcome[];
  mapProblems: string[];
  names: string[];
  sheetUnit: string;
  maps: Record<string, string>;
  setMaps: React.Dispatch<React.SetStateAction<Record<string, string>>>;
}

/** The summary, the names to map, what was not read, the changes and the cells left. */
function Preview({ a, language, lang, result, read, unmatched, mapProblems, names, sheetUnit, maps, setMaps }: PreviewProps): React.JSX.Element {
  const styles = useFormStyles();
  const own = useStyles();
  const s = result.summary;
  const filled = result.skipped.filter((x) => x.reason === "filled");
  const formulas = result.skipped.filter((x) => x.reason === "formula");
  const table = (list: { name: string; month: number; address: string; from: CellValue; to?: number; parts?: number }[], testId: string) => (
    <table className={own.table} data-testid={testId}>
      <thead>
        <tr>
          <th className={own.cell} scope="col">
            {a.colName}
          </th>
          <th className={own.cell} scope="col">
            {a.colMonth}
          </th>
          <th className={`${own.cell} ${own.number}`} scope="col">
            {a.colChange}
          </th>
        </tr>
      </thead>
      <tbody>
        {list.slice(0, LISTED).map((c) => (
          <tr key={c.address}>
            <td className={own.cell}>{c.name}</td>
            <td className={own.cell}>
              {a.months[c.month]} <Caption1>({c.address})</Caption1>
            </td>
            <td className={`${own.cell} ${own.number}`}>
              {shown(c.from, language)} → {c.to === undefined ? "—" : shown(c.to, language)}
              {c.parts && c.parts > 1 ? <Caption1> · {a.added(c.parts)}</Caption1> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  const notes = (list: { cell: string; en: string; zh: string }[]) => (
    <ul className={own.list}>
      {list.slice(0, LISTED).map((n, i) => (
        <li key={`${n.cell}-${i}`}>
          <Caption1>{n[lang]}</Caption1>
        </li>
      ))}
      {list.length > LISTED && <Caption1>{a.more(list.length - LISTED)}</Caption1>}
    </ul>
  );
  return (
    <>
      <section className={styles.section} aria-labelledby="act-summary" data-testid="actuals-summary">
        <Subtitle2 as="h3" id="act-summary" className={styles.heading}>
          {a.summaryHeading}
        </Subtitle2>
        <div className={own.summary}>
          <Body1>{a.names(s.names.matched, s.names.mapped, s.names.unmatched, s.names.duplicate)}</Body1>
          <Body1>{a.rows(s.rows.matched, s.rows.unmatched, s.rows.skipped, s.added)}</Body1>
          <Body1 data-testid="actuals-cells">{a.cells(s.cells.change, s.cells.same, s.cells.filled, s.cells.formula)}</Body1>
          {s.afterAsOf > 0 && <Caption1 className={styles.muted}>{a.afterAsOf(s.afterAsOf)}</Caption1>}
        </div>
        <Messages items={[result.unitNeeded ? { intent: "warning", title: "", body: a.unitNeeded(s.cells.unit, sheetUnit) } : undefined, ...mapProblems.map((body): PaneMessage => ({ intent: "warning", title: "", body }))]} />
      </section>

      {unmatched.length > 0 && (
        <section className={styles.section} aria-labelledby="act-unmatched" data-testid="actuals-unmatched">
          <Subtitle2 as="h3" id="act-unmatched" className={styles.heading}>
            {a.unmatchedHeading(unmatched.filter((n) => n.status !== "mapped").length)}
          </Subtitle2>
          <Caption1 className={styles.muted}>{a.unmatchedHint}</Caption1>
          {unmatched.slice(0, MAPPED).map((n, i) =>
            n.status === "duplicate" ? (
              <Caption1 key={n.key}>{a.duplicate(n.name, n.rows!.map((r) => r + 6).join(lang === "zh" ? "、" : ", "))}</Caption1>
            ) : (
              <MapPicker key={n.key} a={a} name={n} names={names} value={maps[n.name] ?? ""} testId={`actuals-map-${i}`} onChange={(to) => setMaps((m) => {
                const next = { ...m };
                if (to) next[n.name] = to;
                else delete next[n.name];
                return next;
              })} />
            ),
          )}
          {unmatched.length > MAPPED && <Caption1>{a.more(unmatched.length - MAPPED)}</Caption1>}
        </section>
      )}

      {read.problems.length > 0 && (
        <details data-testid="actuals-problems">
          <summary>{a.problemsHeading(read.problems.length)}</summary>
          {notes(read.problems)}
        </details>
      )}
      {read.skipped.length > 0 && (
        <details data-testid="actuals-skipped">
          <summary>{a.skippedHeading(read.skipped.length)}</summary>
          {notes(read.skipped)}
        </details>
      )}

      <section className={styles.section} aria-labelledby="act-changes">
        <Subtitle2 as="h3" id="act-changes" className={styles.heading}>
          {a.changesHeading(result.changes.length)}
        </Subtitle2>
        {result.changes.length === 0 ? <Body1>{a.nothing}</Body1> : table(result.changes, "actuals-changes")}
        {result.changes.length > LISTED && <Caption1>{a.more(result.changes.length - LISTED)}</Caption1>}
        {filled.length > 0 && (
          <details data-testid="actuals-filled">
            <summary>{a.filledHeading(filled.length)}</summary>
            {table(filled, "actuals-filled-table")}
          </details>
        )}
        {formulas.length > 0 && (
          <details>
            <summary>{a.formulaHeading(formulas.length)}</summary>
            {table(formulas, "actuals-formula-table")}
          </details>
        )}
      </section>
    </>
  );
}

/** A name of the export mapped by hand to a row of the sheet: the suggestions first, any row by typing. */
function MapPicker({ a, name, names, value, onChange, testId }: { a: ActualsStrings; name: NameOutcome; names: string[]; value: string; onChange: (to: string) => void; testId: string }): React.JSX.Element {
  const own = useStyles();
  const [query, setQuery] = React.useState("");
  const suggested = name.suggestions.map((s) => s.name);
  const q = query.trim().toLowerCase();
  const others = q ? names.filter((n) => !suggested.includes(n) && n.toLowerCase().includes(q)).slice(0, 20) : [];
  return (
    <div>
      <Field label={a.mapLabel(name.name)} hint={a.mapTypeHint}>
        <Combobox
          className={own.combobox}
          placeholder={a.mapNone}
          value={query || value}
          selectedOptions={value ? [value] : [""]}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
          onOptionSelect={(_, d) => {
            setQuery("");
            onChange(d.optionValue ?? "");
          }}
          data-testid={testId}
        >
          <Option value="" text={a.mapNone}>
            {a.mapNone}
          </Option>
          {suggested.map((s) => (
            <Option key={s} value={s} text={s}>
              {a.mapSuggested(s)}
            </Option>
          ))}
          {others.map((s) => (
            <Option key={s} value={s} text={s}>
              {s}
            </Option>
          ))}
        </Combobox>
      </Field>
      {/* The near-misses in sight, one click each: the manager need not open the list to see them. */}
      {suggested.length > 0 && !value && (
        <div className={own.close} data-testid={`${testId}-close`} role="group" aria-label={a.mapLabel(name.name)}>
          <Caption1>{a.mapClose}</Caption1>
          {suggested.map((s) => (
            <Button key={s} size="small" appearance="outline" className={own.closeButton} onClick={() => onChange(s)}>
              {a.mapUse(s)}
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}
