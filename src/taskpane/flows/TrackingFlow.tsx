/*
 * Flow 3, the tracking sheet: rows from the decomposition (the workbook's stored plan, or
 * the plan in the decomposition form) or from a table pasted or selected, the traffic-light
 * settings for all rows and per row (direction, green and yellow lines, what the values
 * are), then a preview of each row's year, to-date figures and light, and Apply / Download.
 */
import * as React from "react";
import {
  Button,
  Caption1,
  Field,
  Input,
  Radio,
  RadioGroup,
  Select,
  Subtitle2,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { TableSimple20Regular } from "@fluentui/react-icons";
import { type AmountUnit, type Plan, type PlanProblem, type ValueFormat, validatePlan } from "../../sheets/plan";
import type { CellSpec, SheetSpec, WorkbookSpec } from "../../sheets/spec";
import { LIGHT } from "../../sheets/tracking";
import { STATUS_WORDS } from "../../sheets/native";
import { buildPlanWorkbook, sheetsOfKind } from "../../sheets/workbook";
import { Messages } from "../components/ActionBar";
import { Preview, type PreviewCellStyle, styleAt } from "../components/Preview";
import { WorkbenchTable } from "../components/WorkbenchTable";
import { useWorkbook } from "../services/context";
import { useRemembered } from "../services/hooks";
import type { PaneMessage } from "../services/messages";
import { DECOMPOSITION_DRAFT_SETTING, todayIso, useFormStyles } from "./forms/styles";
import { type DecompositionDraft, draftToPlan } from "./decomposition-draft";
import { formStrings } from "./forms-i18n";
import { YearAndUnit } from "./forms/YearAndUnit";
import { type NamedNumbers, percentText, readNamedNumbers, readNamedNumbersText } from "./forms/numbers";
import { mergePlan } from "./forms/place";
import { InlineCode } from "../components/InlineCode";
import { PlanOutput } from "./forms/PlanOutput";
import { problemAt, problemsUnder } from "./forms/problems";
import { useStoredPlanChecked } from "./forms/stored";
import { DEFAULT_LIGHTS, type LightSettings, type RowSource, rowsFromPlan, rowsFromTable, trackableSplits, trackingRows } from "./tracking-draft";
import type { FlowProps } from "./types";

/** Rows that can be set one by one in the form (the others take the defaults). */
const OWN_ROWS = 30;

const useStyles = makeStyles({
  rowCard: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(110px, 1fr))",
    gap: tokens.spacingHorizontalS,
    paddingBlock: tokens.spacingVerticalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  rowName: { gridColumn: "1 / -1", fontWeight: tokens.fontWeightSemibold, overflowWrap: "anywhere" },
});

/** Columns of the tracking sheet the preview shows: name, year target, target and actual to date, attainment, status. */
const PREVIEW_COLUMNS = [0, 30, 31, 32, 33, 34];
const HEADER_ROW = 4;

/** The tracking sheet narrowed to what fits a pane: each row's name, year, to-date figures and light. */
export function trackingView(sheet: SheetSpec): { view: SheetSpec; style: (row: number, col: number) => PreviewCellStyle } {
  const rows = sheet.rows.slice(HEADER_ROW).map((r) => PREVIEW_COLUMNS.map((c) => r[c] ?? null));
  const view: SheetSpec = { name: sheet.name, kind: sheet.kind, rows };
  const words = [...Object.entries(STATUS_WORDS.en), ...Object.entries(STATUS_WORDS.zh)];
  const style = (row: number, col: number): PreviewCellStyle => {
    const look = styleAt(sheet, HEADER_ROW + row, PREVIEW_COLUMNS[col]);
    if (row > 0 && col >= 4) {
      const status = rows[row][5] as CellSpec | null;
      const value = status && ("v" in status ? status.v : status.expect);
      const light = words.find(([, word]) => word === value)?.[0] as keyof typeof LIGHT | undefined;
      if (light) return { ...look, fill: LIGHT[light].fill, color: LIGHT[light].color };
    }
    return look;
  };
  return { view, style };
}

export function TrackingFlow({ t, language }: FlowProps): React.JSX.Element {
  const styles = useFormStyles();
  const own = useStyles();
  const f = formStrings(language);
  const k = f.trk;
  const lang = language === "zh-CN" ? "zh" : "en";
  const { port, workbench } = useWorkbook();
  const stored = useStoredPlanChecked();
  const [decDraft] = useRemembered<DecompositionDraft | null>(DECOMPOSITION_DRAFT_SETTING, null);

  // The decomposition: the workbook's, else the one in the decomposition form.
  const base: Plan | undefined = React.useMemo(() => {
    if (stored.plan && (stored.plan.splits ?? []).length) return stored.plan;
    if (!decDraft) return undefined;
    const checked = validatePlan(draftToPlan(decDraft).json);
    return checked.ok ? checked.plan : undefined;
  }, [stored.plan, decDraft]);
  const splits = React.useMemo(() => (base ? trackableSplits(base) : { members: [], months: [] }), [base]);

  const [source, setSource] = React.useState<"stored" | "plan" | "table">("plan");
  const [splitId, setSplitId] = React.useState("");
  const [monthsId, setMonthsId] = React.useState("");
  const [table, setTable] = React.useState<NamedNumbers>();
  const [pasteText, setPasteText] = React.useState("");
  const [readProblem, setReadProblem] = React.useState<string>();
  const [rowsAre, setRowsAre] = React.useState<"indicators" | "people">("indicators");
  const [asOf, setAsOf] = React.useState(todayIso());
  const [year, setYear] = React.useState(String(new Date().getFullYear()));
  const [unit, setUnit] = React.useState<AmountUnit>("万元");
  const [defaults, setDefaults] = React.useState<LightSettings>(DEFAULT_LIGHTS);
  const [perRow, setPerRow] = React.useState<Record<string, Partial<LightSettings>>>({});

  // A tracking sheet stored in the workbook comes back as it was: its rows and their settings.
  const storedTracking = stored.plan?.tracking;
  const [fromStored, setFromStored] = React.useState(false);
  React.useEffect(() => {
    if (!storedTracking || fromStored) return;
    setFromStored(true);
    setSource("stored");
    setRowsAre(storedTracking.rowsAre ?? "indicators");
    const own: Record<string, Partial<LightSettings>> = {};
    for (const r of storedTracking.rows) {
      own[r.name] = {
        format: r.format ?? "amount",
        direction: r.direction ?? "higher",
        ...(r.greenAt !== undefined ? { green: percentText(r.greenAt) } : {}),
        ...(r.yellowAt !== undefined ? { yellow: percentText(r.yellowAt) } : {}),
      };
    }
    setPerRow(own);
  }, [storedTracking, fromStored]);

  // Start on the decomposition when there is one; pick its people (or first) split and its months.
  React.useEffect(() => {
    if (storedTracking) return;
    if (!base) {
      setSource("table");
      return;
    }
    setSource("plan");
    const people = (base.splits ?? []).find((s) => s.kind === "person");
    const first = people?.id ?? splits.members[0]?.id ?? splits.months[0]?.id ?? "";
    setSplitId((id) => (id && [...splits.members, ...splits.months].some((s) => s.id === id) ? id : first));
    setMonthsId((id) => id || (base.splits ?? []).find((s) => s.kind === "month" && (s.measure ?? "amount") === "amount")?.id || "");
    if (people) setRowsAre("people");
  }, [base, splits, storedTracking]);

  const planUnit = base?.unit ?? unit;
  const sources: RowSource[] | undefined = React.useMemo(() => {
    if (source === "stored") {
      return storedTracking?.rows.map((r): RowSource => ({ name: r.name, target: r.target, ...(r.months ? { months: r.months } : {}), ...(r.actuals ? { actuals: r.actuals } : {}), format: r.format ?? "amount" }));
    }
    if (source === "plan") return base && splitId ? rowsFromPlan(base, splitId, monthsId || undefined) : undefined;
    if (!table) return undefined;
    const read = rowsFromTable(table, planUnit, defaults.format);
    return "rows" in read ? read.rows : undefined;
  }, [source, storedTracking, base, splitId, monthsId, table, planUnit, defaults.format]);
  const tableRead = source === "table" && table ? rowsFromTable(table, planUnit, defaults.format) : undefined;

  // The plan: the decomposition (when rows come from it, or it is in the workbook) with the tracking section.
  const json = React.useMemo(() => {
    if (!sources?.length) return undefined;
    const fromWorkbook = source === "plan" ? base : source === "stored" ? stored.plan : undefined;
    const head = fromWorkbook ?? (stored.plan ?? { version: 1, title: lang === "zh" ? `${year} 年目标管理` : `${year} tracking`, unit, roundTo: 1, year: Number(year) });
    const rest: Record<string, unknown> = { ...head };
    delete rest.tracking;
    delete rest.scorecard;
    return { ...rest, tracking: { rowsAre, rows: trackingRows(sources, defaults, perRow) } };
  }, [sources, source, base, stored.plan, lang, year, unit, rowsAre, defaults, perRow]);
  const checked = React.useMemo(() => (json ? validatePlan(json) : undefined), [json]);
  const problems: PlanProblem[] = checked && !checked.ok ? checked.problems : [];
  const plan = checked?.ok ? checked.plan : undefined;

  const spec = React.useMemo<WorkbookSpec | undefined>(() => {
    if (!plan) return undefined;
    try {
      const built = buildPlanWorkbook(plan, { lang, asOf: /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : todayIso() });
      return { ...sheetsOfKind(built, "tracking"), plan: mergePlan(plan, stored.plan, ["scorecard"]) };
    } catch {
      return undefined;
    }
  }, [plan, lang, asOf, stored.plan]);

  const takeTable = (got: NamedNumbers | undefined, problem: string) => {
    if (!got) return setReadProblem(problem);
    setReadProblem(undefined);
    setTable(got);
  };
  const onPasteText = (text: string) => {
    setPasteText(text);
    if (/[\t\n]/.test(text)) takeTable(readNamedNumbersText(text), f.pasteUnreadable);
  };
  const readFromSelection = async () => {
    const sel = await port?.readSelection();
    if (!sel) return setReadProblem(f.selectionEmpty);
    takeTable(readNamedNumbers(sel.values), f.selectionEmpty);
  };

  const names = sources?.map((s) => s.name) ?? [];
  const rowIndex = (name: string) => names.indexOf(name);
  const rowProblem = (name: string, leaf: string) => problemAt(problems, `tracking.rows[${rowIndex(name)}].${leaf}`, lang);
  const lightFields = (value: Partial<LightSettings>, set: (change: Partial<LightSettings>) => void, label: string, fixedFormat?: ValueFormat, errors?: (leaf: string) => string | undefined, testPrefix = "trk") => {
    // The defaults always hold a value; a row's blank means "as above".
    const isDefault = testPrefix === "trk";
    const text = (v: string) => (isDefault ? v : v || undefined);
    return (
    <>
      {!fixedFormat && (
        <Field label={k.formatLabel}>
          <Select aria-label={`${k.formatLabel} ${label}`} value={value.format ?? ""} onChange={(_, v) => set({ format: (v.value || undefined) as ValueFormat | undefined })} data-testid={`${testPrefix}-format`}>
            {!isDefault && <option value="">{k.sameAsDefault}</option>}
            {(["amount", "percent", "count"] as const).map((x) => (
              <option key={x} value={x}>
                {k.formats[x]}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field label={k.directionLabel}>
        <Select value={value.direction ?? ""} onChange={(_, v) => set({ direction: (v.value || undefined) as "higher" | "lower" | undefined })} data-testid={`${testPrefix}-direction`}>
          {!isDefault && <option value="">{k.sameAsDefault}</option>}
          <option value="higher">{k.higher}</option>
          <option value="lower">{k.lower}</option>
        </Select>
      </Field>
      <Field label={k.greenLabel} validationMessage={errors?.("greenAt")}>
        <Input inputMode="decimal" className={styles.input} value={value.green ?? ""} placeholder={isDefault ? undefined : defaults.green} onChange={(_, v) => set({ green: text(v.value) })} data-testid={`${testPrefix}-green`} />
      </Field>
      <Field label={k.yellowLabel} validationMessage={errors?.("yellowAt")}>
        <Input inputMode="decimal" className={styles.input} value={value.yellow ?? ""} placeholder={isDefault ? undefined : defaults.yellow} onChange={(_, v) => set({ yellow: text(v.value) })} data-testid={`${testPrefix}-yellow`} />
      </Field>
    </>
    );
  };

  const fieldLeaves = ["greenAt", "yellowAt"];
  const listed = problems
    .filter((p) => !fieldLeaves.some((leaf) => p.path.endsWith(`.${leaf}`) && Number(/rows\[(\d+)\]/.exec(p.path)?.[1]) < OWN_ROWS))
    .map((p): PaneMessage => ({ intent: "warning", title: "", body: `${p.path.startsWith("tracking.rows[") ? `${names[Number(/rows\[(\d+)\]/.exec(p.path)?.[1])] ?? ""}: ` : ""}${p.message[lang]}` }));
  // Rows from the decomposition or the stored sheet carry their format: no format to choose.
  const fixedFormat = source === "plan" ? sources?.[0]?.format : source === "stored" ? "amount" : undefined;

  return (
    <div className={styles.flow}>
      {workbench && <WorkbenchTable t={t} language={language} workbench={workbench} pickColumn={false} />}
      {stored.invalid && <Messages items={[{ intent: "warning", title: "", body: f.storedInvalid }]} />}

      <section className={styles.section} aria-labelledby="trk-source">
        <Subtitle2 as="h3" id="trk-source" className={styles.heading}>
          {k.sourceHeading}
        </Subtitle2>
        <RadioGroup aria-labelledby="trk-source" layout="horizontal" value={source} onChange={(_, v) => setSource(v.value as "stored" | "plan" | "table")}>
          {storedTracking && <Radio value="stored" label={k.fromStored} data-testid="trk-from-stored" />}
          <Radio value="plan" label={k.fromPlan} disabled={!base} data-testid="trk-from-plan" />
          <Radio value="table" label={k.fromTable} data-testid="trk-from-table" />
        </RadioGroup>
        {!base && <Caption1 className={styles.muted}>{k.noPlan}</Caption1>}
        {source === "plan" && base && (
          <div className={styles.pair}>
            <Field label={k.planSplit}>
              <Select value={splitId} onChange={(_, v) => setSplitId(v.value)} data-testid="trk-split">
                {splits.members.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
                {splits.months.map((s) => (
                  <option key={s.id} value={s.id}>
                    {k.planMonths(s.label)}
                  </option>
                ))}
              </Select>
            </Field>
            {splits.months.length > 0 && !splits.months.some((s) => s.id === splitId) && (
              <Field label={k.monthsShape}>
                <Select value={monthsId} onChange={(_, v) => setMonthsId(v.value)} data-testid="trk-months">
                  <option value="">{k.monthsEven}</option>
                  {splits.months.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.label}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
          </div>
        )}
        {source === "table" && (
          <>
            <Caption1 className={styles.muted}>{k.tableHint}</Caption1>
            <Field label={k.pasteLabel}>
              <Textarea resize="vertical" rows={3} value={pasteText} placeholder={t.pane.pastePlaceholder} onChange={(_, v) => onPasteText(v.value)} data-testid="trk-paste" />
            </Field>
            {port?.kind === "excel" && (
              <div className={styles.row}>
                <Button size="small" icon={<TableSimple20Regular />} onClick={() => void readFromSelection()} data-testid="trk-read-selection">
                  {f.readSelection}
                </Button>
              </div>
            )}
            {tableRead && "rows" in tableRead && (
              <Caption1 data-testid="trk-table-read">{k.tableRead(tableRead.rows.length, k.tableKinds[tableRead.kind])}</Caption1>
            )}
            <Messages
              items={[
                readProblem ? { intent: "warning", title: "", body: readProblem } : undefined,
                tableRead && "columns" in tableRead ? { intent: "warning", title: "", body: k.tableColumns(tableRead.columns) } : undefined,
              ]}
            />
            {!base && (
              <YearAndUnit f={f} year={year} unit={unit} onYear={setYear} onUnit={setUnit} yearProblem={problemAt(problems, "year", lang)} />
            )}
          </>
        )}
        <div className={styles.pair}>
          <Field label={k.rowsAre}>
            <Select value={rowsAre} onChange={(_, v) => setRowsAre(v.value as "indicators" | "people")}>
              <option value="indicators">{k.rowsIndicators}</option>
              <option value="people">{k.rowsPeople}</option>
            </Select>
          </Field>
          <Field label={k.asOfLabel}>
            <Input className={styles.input} type="date" value={asOf} onChange={(_, v) => setAsOf(v.value)} data-testid="trk-as-of" />
          </Field>
        </div>
      </section>

      <section className={styles.section} aria-labelledby="trk-lights">
        <Subtitle2 as="h3" id="trk-lights" className={styles.heading}>
          {k.defaultsHeading}
        </Subtitle2>
        <div className={styles.pair}>{lightFields(defaults, (change) => setDefaults((x) => ({ ...x, ...change }) as LightSettings), "", fixedFormat)}</div>
        {names.length > 0 && (
          <details data-testid="trk-per-row">
            <summary>{k.rowsHeading(names.length)}</summary>
            {names.slice(0, OWN_ROWS).map((name, i) => (
              <div key={`${i}-${name}`} className={own.rowCard} role="group" aria-label={k.rowSettings(name)}>
                <span className={own.rowName}>{name}</span>
                {lightFields(
                  perRow[name] ?? {},
                  (change) => setPerRow((x) => ({ ...x, [name]: { ...x[name], ...change } })),
                  name,
                  fixedFormat,
                  (leaf) => rowProblem(name, leaf),
                  `trk-row-${i}`,
                )}
              </div>
            ))}
            {names.length > OWN_ROWS && <Caption1 className={styles.muted}>{k.rowsCapped(OWN_ROWS)}</Caption1>}
          </details>
        )}
        {!plan && problems.length > 0 && <Messages items={[...listed, ...problemsUnder(problems, "(plan)", lang).map((body): PaneMessage => ({ intent: "warning", title: "", body }))]} />}
        <Caption1 className={styles.muted} data-testid="trk-blank-as-zero">
          <strong>{t.blankAsZeroTitle}</strong> <InlineCode text={t.blankAsZero} />
        </Caption1>
      </section>

      <PlanOutput
        t={t}
        f={f}
        language={language}
        spec={spec}
        stored={stored.plan}
        fileName={k.fileName}
        renderPreview={(sheet) => {
          const { view, style } = trackingView(sheet);
          return (
            <>
              <Caption1 className={styles.muted}>{k.previewNote}</Caption1>
              <Preview sheet={view} language={language} label={t.pane.previewLabel(sheet.name)} maxRows={13} moreRows={t.pane.moreRows} cellStyle={(r, c) => style(r, c)} />
            </>
          );
        }}
      />
    </div>
  );
}
