/*
 * Flow 2, the decomposition: a form for the whole plan — the total (or last year and a
 * growth rate), dimensions with their members and weights (typed, pasted from a sheet, or
 * read from the selection), held members, grids crossing two dimensions — checked by
 * validatePlan as it is typed (each problem at its field, in the pane's language), previewed
 * as the decomposition sheet, and written on Apply or downloaded. For sending out: one
 * workbook per member of a dimension, in a .zip. A plan stored in the workbook fills the form.
 */
import * as React from "react";
import {
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  Radio,
  RadioGroup,
  Select,
  Subtitle2,
  Switch,
  Textarea,
  mergeClasses,
} from "@fluentui/react-components";
import { Add20Regular, ArrowDownload20Regular, Delete20Regular, TableSimple20Regular, WindowNew20Regular } from "@fluentui/react-icons";
import { type AmountUnit, type Plan, type PlanProblem, type SplitKind, UNIT_SCALE, planTotal, resolveSplit, validatePlan } from "../../sheets/plan";
import type { SheetSpec, WorkbookSpec } from "../../sheets/spec";
import { cellAddress, parseCell } from "../workbench/a1";
import { buildPlanWorkbook } from "../../sheets/workbook";
import { planForMember } from "../../sheets/members";
import { Messages } from "../components/ActionBar";
import { Preview } from "../components/Preview";
import { WorkbenchTable } from "../components/WorkbenchTable";
import { useWorkbook } from "../services/context";
import { saveDownload } from "../services/download";
import { formatNumber, formatPercent } from "../services/format";
import { paneAddress } from "../services/abilities";
import { useNewWorkbook, useRemembered } from "../services/hooks";
import { type PaneMessage, describeError, workbookOpened } from "../services/messages";
import {
  type DecompositionDraft,
  type DimensionDraft,
  type MemberDraft,
  draftToPlan,
  freeId,
  newDimension,
  newDraft,
  planToDraft,
} from "./decomposition-draft";
import { type FormStrings, formStrings } from "./forms-i18n";
import { YearAndUnit } from "./forms/YearAndUnit";
import { readNamedNumbers, readNamedNumbersText } from "./forms/numbers";
import { mergePlan } from "./forms/place";
import { PlanOutput } from "./forms/PlanOutput";
import { problemAt, problemsUnder } from "./forms/problems";
import { useStoredPlanChecked } from "./forms/stored";
import { DECOMPOSITION_DRAFT_SETTING, todayIso, useFormStyles } from "./forms/styles";
import type { FlowProps } from "./types";



const KINDS: SplitKind[] = ["region", "product", "channel", "team", "person", "quarter", "month", "other"];

/**
 * The decomposition sheet from its first block on (the summary above it repeats the form):
 * the same cells and formats, the rows before the first blank row after the title left out.
 */
export function blocksOf(sheet: SheetSpec): SheetSpec {
  const start = sheet.rows.findIndex((r, i) => i > 1 && r.every((c) => c === null));
  if (start < 0 || start + 1 >= sheet.rows.length) return sheet;
  const at = parseCell(sheet.origin ?? "A1");
  return { ...sheet, rows: sheet.rows.slice(start + 1), origin: cellAddress({ row: at.row + start + 1, col: at.col }) };
}


export function DecompositionFlow({ t, language }: FlowProps): React.JSX.Element {
  const styles = useFormStyles();
  const f = formStrings(language);
  const d = f.dec;
  const lang = language === "zh-CN" ? "zh" : "en";
  const { port, workbench } = useWorkbook();
  const stored = useStoredPlanChecked();
  const [remembered, remember, loaded] = useRemembered<DecompositionDraft | null>(DECOMPOSITION_DRAFT_SETTING, null);
  const [draft, setDraft] = React.useState<DecompositionDraft>(() => newDraft(new Date().getFullYear(), lang));
  const [startedFrom, setStartedFrom] = React.useState<"stored" | "remembered" | "new">();
  const [protect, setProtect] = React.useState(false);

  // Start from the workbook's plan when it has a decomposition, else from the form as last left.
  React.useEffect(() => {
    if (!loaded || stored.loading || startedFrom) return;
    if (stored.plan && (stored.plan.splits ?? []).length) {
      setDraft(planToDraft(stored.plan, lang));
      setStartedFrom("stored");
    } else if (remembered) {
      setDraft(remembered);
      setStartedFrom("remembered");
    } else setStartedFrom("new");
  }, [loaded, stored.loading, stored.plan, remembered, startedFrom, lang]);

  // Remember the form (debounced) so it survives closing the pane and the tracking flow can use it.
  React.useEffect(() => {
    if (!startedFrom) return;
    const timer = setTimeout(() => remember(draft), 400);
    return () => clearTimeout(timer);
    // `remember` changes with the port only.
  }, [draft, startedFrom]);

  const update = (change: Partial<DecompositionDraft>) => setDraft((x) => ({ ...x, ...change }));
  const updateDim = (i: number, change: Partial<DimensionDraft>) =>
    setDraft((x) => {
      const old = x.dimensions[i];
      // An id made from the old kind follows the kind (region2 → quarter), and the grids with it.
      let id = old.id;
      if (change.kind && change.kind !== old.kind && new RegExp(`^${old.kind}\\d*$`).test(old.id)) {
        id = freeId(change.kind, x.dimensions.filter((_, k) => k !== i).map((m) => m.id));
      }
      const rename = (ref: string) => (ref === old.id ? id : ref);
      return {
        ...x,
        dimensions: x.dimensions.map((dim, k) => (k === i ? { ...dim, ...change, id } : dim)),
        grids: x.grids.map((g) => ({ ...g, rows: rename(g.rows), columns: rename(g.columns) })),
      };
    });

  // The plan, checked.
  const { json, memberPaths, typos } = React.useMemo(() => draftToPlan(draft), [draft]);
  const checked = React.useMemo(() => validatePlan(json), [json]);
  // A box holding something that is not a number says so (the schema would say "is required").
  const problems: PlanProblem[] = checked.ok ? [] : checked.problems.map((p) => (typos.includes(p.path) ? { ...p, message: { en: f.notANumberIn.en, zh: f.notANumberIn.zh } } : p));
  const plan: Plan | undefined = checked.ok ? checked.plan : undefined;
  const at = (path: string) => problemAt(problems, path, lang);

  const spec = React.useMemo<WorkbookSpec | undefined>(() => {
    if (!plan) return undefined;
    try {
      const built = buildPlanWorkbook(plan, { lang, asOf: todayIso(), protect });
      return { ...built, plan: mergePlan(plan, stored.plan, ["tracking", "scorecard"]) };
    } catch {
      return undefined;
    }
  }, [plan, lang, protect, stored.plan]);

  const unitWord = draft.unit;
  const scale = UNIT_SCALE[draft.unit];
  const total = plan ? planTotal(plan) : undefined;

  // Paths the form shows beside a field; the rest are listed under their dimension or at the top.
  const fieldPaths = new Set<string>(["title", "year", "total", "lastYear.total", "lastYear.growth"]);
  draft.dimensions.forEach((_dim, i) => {
    fieldPaths.add(`splits[${i}].total`);
    for (const p of memberPaths[i] ?? []) if (p) for (const leaf of ["name", "weight", "held"]) fieldPaths.add(`${p}.${leaf}`);
  });
  draft.grids.forEach((_, g) => fieldPaths.add(`grids[${g}].rows`));
  const shown = (path: string) => fieldPaths.has(path);
  const topProblems = problems.filter((p) => !/^(splits|grids)\[/.test(p.path) && !shown(p.path)).map((p) => p.message[lang]);

  return (
    <div className={styles.flow}>
      {workbench && <WorkbenchTable t={t} language={language} workbench={workbench} pickColumn={false} />}
      {startedFrom === "stored" && stored.plan && <Messages items={[{ intent: "info", title: "", body: f.storedLoaded(stored.plan.title) }]} />}
      {stored.invalid && <Messages items={[{ intent: "warning", title: "", body: f.storedInvalid }]} />}

      <section className={styles.section} aria-labelledby="dec-total">
        <Subtitle2 as="h3" id="dec-total" className={styles.heading}>
          {d.totalHeading}
        </Subtitle2>
        <Field label={f.titleLabel} validationMessage={at("title")}>
          <Input className={styles.input} value={draft.title} onChange={(_, v) => update({ title: v.value })} data-testid="dec-title" />
        </Field>
        <YearAndUnit f={f} year={draft.year} unit={draft.unit} onYear={(year) => update({ year })} onUnit={(unit) => update({ unit })} yearProblem={at("year")} testIds={["dec-year", "dec-unit"]} />
        <RadioGroup aria-labelledby="dec-total" layout="horizontal" value={draft.from} onChange={(_, v) => update({ from: v.value as "total" | "growth" })}>
          <Radio value="total" label={d.fromTotal} />
          <Radio value="growth" label={d.fromGrowth} data-testid="dec-from-growth" />
        </RadioGroup>
        {draft.from === "total" ? (
          <Field label={d.totalLabel(draft.unit)} validationMessage={at("total")}>
            <Input className={styles.input} inputMode="decimal" value={draft.total} onChange={(_, v) => update({ total: v.value })} data-testid="dec-total-input" />
          </Field>
        ) : (
          <div className={styles.pair}>
            <Field label={d.lastYearLabel(draft.unit)} validationMessage={at("lastYear.total") ?? at("lastYear")}>
              <Input className={styles.input} inputMode="decimal" value={draft.lastYear} onChange={(_, v) => update({ lastYear: v.value })} data-testid="dec-last-year" />
            </Field>
            <Field label={d.growthLabel} validationMessage={at("lastYear.growth")}>
              <Input className={styles.input} inputMode="decimal" value={draft.growth} onChange={(_, v) => update({ growth: v.value })} data-testid="dec-growth" />
            </Field>
          </div>
        )}
        {total !== undefined && total > 0 && (
          <Caption1 className={styles.muted} data-testid="dec-total-is">
            {d.totalIs(`${formatNumber(total / scale, language, 4)} ${unitWord}`)}
          </Caption1>
        )}
      </section>

      <section className={styles.section} aria-labelledby="dec-dims">
        <Subtitle2 as="h3" id="dec-dims" className={styles.heading}>
          {d.dimensionsHeading}
        </Subtitle2>
        {draft.dimensions.map((dim, i) => (
          <DimensionCard
            key={dim.id}
            f={f}
            index={i}
            dim={dim}
            unit={draft.unit}
            paths={memberPaths[i] ?? []}
            problems={problems}
            shown={shown}
            lang={lang}
            language={language}
            plan={plan}
            canReadSelection={port?.kind === "excel"}
            onChange={(change) => updateDim(i, change)}
            onRemove={() =>
              setDraft((x) => ({
                ...x,
                dimensions: x.dimensions.filter((_, k) => k !== i),
                grids: x.grids.filter((g) => g.rows !== dim.id && g.columns !== dim.id),
              }))
            }
            readSelection={port ? () => port.readSelection() : undefined}
          />
        ))}
        <div className={styles.row}>
          <Button
            icon={<Add20Regular />}
            onClick={() => setDraft((x) => ({ ...x, dimensions: [...x.dimensions, newDimension("product", x.dimensions.map((m) => m.id), lang)] }))}
            data-testid="dec-add-dimension"
          >
            {d.addDimension}
          </Button>
        </div>
      </section>

      <GridsSection f={f} draft={draft} problems={problems} lang={lang} onChange={(grids) => update({ grids })} />

      <Switch checked={protect} label={f.protectLabel} onChange={(_, v) => setProtect(v.checked)} />

      {!plan && problems.length > 0 && (
        <Messages
          items={[
            ...topProblems.map((body): PaneMessage => ({ intent: "warning", title: "", body })),
            { intent: "info", title: "", body: f.fixFirst(problems.length) },
          ]}
        />
      )}

      <PlanOutput
        t={t}
        f={f}
        language={language}
        spec={spec}
        stored={stored.plan}
        fileName={d.fileName}
        renderPreview={(sheet) => (
          <Preview sheet={blocksOf(sheet)} language={language} label={t.pane.previewLabel(sheet.name)} maxRows={40} maxColumns={5} moreRows={t.pane.moreRows} headerRows={0} />
        )}
      >
        {plan && <SendOut f={f} t={t} language={language} plan={plan} protect={protect} />}
      </PlanOutput>
    </div>
  );
}

interface DimensionCardProps {
  f: FormStrings;
  index: number;
  dim: DimensionDraft;
  unit: AmountUnit;
  paths: (string | undefined)[];
  problems: PlanProblem[];
  shown: (path: string) => boolean;
  lang: "en" | "zh";
  language: FlowProps["language"];
  plan: Plan | undefined;
  canReadSelection: boolean;
  onChange: (change: Partial<DimensionDraft>) => void;
  onRemove: () => void;
  readSelection?: () => Promise<import("../../excel/port").SelectionData | undefined>;
}

/** One dimension: kind, name, how weights are given, its members (typed, pasted or read), held amounts. */
function DimensionCard(props: DimensionCardProps): React.JSX.Element {
  const { f, index, dim, paths, problems, lang, language, onChange } = props;
  const styles = useFormStyles();
  const d = f.dec;
  const [pasteText, setPasteText] = React.useState("");
  const [readProblem, setReadProblem] = React.useState<string>();
  const headId = `dim-${dim.id}`;
  const title = d.dimensionHeading(index + 1, dim.name || d.kinds[dim.kind]);
  const count = dim.measure === "count";
  const hasWeights = dim.basis !== "even";
  const columns = `minmax(0, 2fr)${hasWeights ? " minmax(0, 1fr)" : ""}${dim.showHeld ? " minmax(0, 1fr)" : ""} auto`;

  const setMembers = (members: MemberDraft[]) => onChange({ members });
  const setMember = (j: number, change: Partial<MemberDraft>) =>
    setMembers(dim.members.map((m, k) => (k === j ? { ...m, ...change, ...(change.weight !== undefined ? { rest: false } : {}) } : m)));

  const takeTable = (names: string[], numbers: (number | undefined)[]) => {
    setReadProblem(undefined);
    const basis = dim.basis === "even" && numbers.some((n) => n !== undefined) ? (Math.abs(numbers.reduce<number>((a, n) => a + (n ?? 0), 0) - 100) < 1e-9 ? "percent" : "weights") : dim.basis;
    onChange({
      basis,
      members: names.map((name, k) => ({ name, weight: numbers[k] === undefined ? "" : String(numbers[k]), held: "" })),
    });
  };

  const onPasteText = (text: string) => {
    setPasteText(text);
    if (!/[\t\n]/.test(text)) return;
    const got = readNamedNumbersText(text);
    if (!got) return setReadProblem(f.pasteUnreadable);
    takeTable(got.names, got.numbers);
    setPasteText("");
  };

  const readFromSelection = async () => {
    setReadProblem(undefined);
    const sel = await props.readSelection?.();
    if (!sel) return setReadProblem(f.selectionEmpty);
    // A column of numbers with names to its left, or a block of names and numbers.
    const values = sel.values[0]?.length === 1 && sel.values.every((r) => typeof r[0] === "number") && sel.leftColumn
      ? sel.values.map((r, k) => [sel.leftColumn![k], r[0]])
      : sel.values;
    const got = readNamedNumbers(values);
    if (!got) return setReadProblem(f.selectionEmpty);
    takeTable(got.names, got.numbers);
  };

  // Shares as the engine splits them, when the plan is valid.
  let shares: string | undefined;
  if (props.plan) {
    try {
      const r = resolveSplit(props.plan, dim.id);
      const sum = r.amounts.reduce((a, b) => a + b, 0);
      if (sum > 0 && r.names.length <= 12) shares = r.names.map((n, k) => `${n} ${formatPercent(r.amounts[k] / sum, language)}`).join(" · ");
    } catch {
      shares = undefined;
    }
  }
  const under = problemsUnder(problems, `splits[${index}]`, lang, props.shown);

  return (
    <div className={styles.card} role="group" aria-labelledby={headId} data-testid={`dimension-${index}`}>
      <div className={styles.cardHead}>
        <Body1 id={headId}>
          <strong>{title}</strong>
        </Body1>
        <Button appearance="subtle" icon={<Delete20Regular />} aria-label={`${d.removeDimension}: ${title}`} title={d.removeDimension} onClick={props.onRemove} />
      </div>
      <div className={styles.pair}>
        <Field label={d.kindLabel}>
          <Select
            value={dim.kind}
            onChange={(_, v) => {
              const kind = v.value as SplitKind;
              const time = kind === "quarter" || kind === "month";
              const fresh = newDimension(kind, [], lang);
              const blank = dim.members.every((m) => !m.name && !m.weight);
              onChange(time || blank ? { kind, members: fresh.members, basis: fresh.basis } : { kind });
            }}
            data-testid={`dim-kind-${index}`}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {d.kinds[k]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={d.nameLabel}>
          <Input className={styles.input} value={dim.name} placeholder={d.kinds[dim.kind]} onChange={(_, v) => onChange({ name: v.value })} data-testid={`dim-name-${index}`} />
        </Field>
        <Field label={d.basisLabel}>
          <Select value={dim.basis} onChange={(_, v) => onChange({ basis: v.value as DimensionDraft["basis"] })} data-testid={`dim-basis-${index}`}>
            {(["percent", "weights", "even"] as const).map((b) => (
              <option key={b} value={b}>
                {d.basis[b]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={d.measureLabel}>
          <Select value={dim.measure} onChange={(_, v) => onChange({ measure: v.value as "amount" | "count" })}>
            <option value="amount">{d.measureAmount}</option>
            <option value="count">{d.measureCount}</option>
          </Select>
        </Field>
      </div>
      {count && !dim.withinQuarters && (
        <Field label={d.countTotalLabel} validationMessage={problemAt(problems, `splits[${index}].total`, lang)}>
          <Input className={styles.input} inputMode="numeric" value={dim.total} onChange={(_, v) => onChange({ total: v.value })} />
        </Field>
      )}
      {dim.withinQuarters && <Caption1 className={styles.muted}>{d.withinQuarters}</Caption1>}

      <div className={styles.members} style={{ gridTemplateColumns: columns }} data-testid={`members-${index}`}>
        <span className={styles.colHead} aria-hidden>
          {d.colMember}
        </span>
        {hasWeights && (
          <span className={styles.colHead} aria-hidden>
            {d.colWeight}
          </span>
        )}
        {dim.showHeld && (
          <span className={styles.colHead} aria-hidden>
            {d.colHeld(count ? "" : props.unit)}
          </span>
        )}
        <span />
        {dim.members.map((m, j) => {
          const p = paths[j];
          const err = (leaf: string) => (p ? problemAt(problems, `${p}.${leaf}`, lang) : undefined);
          const nameErr = err("name");
          const weightErr = err("weight");
          const heldErr = err("held");
          return (
            <React.Fragment key={j}>
              <div className={styles.cell}>
                <Input
                  className={styles.input}
                  aria-label={d.memberLabel(j + 1)}
                  aria-invalid={Boolean(nameErr)}
                  value={m.name}
                  onChange={(_, v) => setMember(j, { name: v.value })}
                  data-testid={`member-name-${index}-${j}`}
                />
                {nameErr && <div className={styles.error}>{nameErr}</div>}
              </div>
              {hasWeights && (
                <div className={styles.cell}>
                  <Input
                    className={styles.input}
                    inputMode="decimal"
                    aria-label={d.weightLabel(j + 1)}
                    aria-invalid={Boolean(weightErr)}
                    placeholder={m.rest ? d.restPlaceholder : undefined}
                    value={m.weight}
                    onChange={(_, v) => setMember(j, { weight: v.value })}
                    data-testid={`member-weight-${index}-${j}`}
                  />
                  {weightErr && <div className={styles.error}>{weightErr}</div>}
                </div>
              )}
              {dim.showHeld && (
                <div className={styles.cell}>
                  <Input
                    className={styles.input}
                    inputMode="decimal"
                    aria-label={d.heldLabel(j + 1)}
                    aria-invalid={Boolean(heldErr)}
                    value={m.held}
                    onChange={(_, v) => setMember(j, { held: v.value })}
                    data-testid={`member-held-${index}-${j}`}
                  />
                  {heldErr && <div className={styles.error}>{heldErr}</div>}
                </div>
              )}
              <Button
                appearance="subtle"
                icon={<Delete20Regular />}
                aria-label={f.remove(m.name || d.memberLabel(j + 1))}
                title={f.remove(m.name || d.memberLabel(j + 1))}
                onClick={() => setMembers(dim.members.filter((_, k) => k !== j))}
              />
            </React.Fragment>
          );
        })}
      </div>
      <div className={styles.row}>
        <Button size="small" icon={<Add20Regular />} onClick={() => setMembers([...dim.members, { name: "", weight: "", held: "" }])} data-testid={`add-member-${index}`}>
          {d.addMember}
        </Button>
        {props.canReadSelection && (
          <Button size="small" icon={<TableSimple20Regular />} onClick={() => void readFromSelection()} data-testid={`read-selection-${index}`}>
            {f.readSelection}
          </Button>
        )}
      </div>
      <Field label={f.pasteHere} hint={f.pasteHint}>
        <Textarea resize="vertical" rows={2} value={pasteText} onChange={(_, v) => onPasteText(v.value)} data-testid={`paste-members-${index}`} />
      </Field>
      <Switch checked={dim.showHeld} label={d.heldSwitch} onChange={(_, v) => onChange({ showHeld: v.checked })} />
      {dim.showHeld && <Caption1 className={styles.muted}>{d.heldHint}</Caption1>}
      {shares && (
        <Caption1 className={styles.muted} data-testid={`shares-${index}`}>
          {d.sharesAre(shares)}
        </Caption1>
      )}
      <Messages items={[...(readProblem ? [readProblem] : []), ...under].map((body): PaneMessage => ({ intent: "warning", title: "", body }))} />
    </div>
  );
}

/** Grids crossing two amount dimensions. */
function GridsSection({ f, draft, problems, lang, onChange }: { f: FormStrings; draft: DecompositionDraft; problems: PlanProblem[]; lang: "en" | "zh"; onChange: (grids: DecompositionDraft["grids"]) => void }): React.JSX.Element {
  const styles = useFormStyles();
  const d = f.dec;
  const amountDims = draft.dimensions.filter((x) => x.measure === "amount" && !x.withinQuarters);
  const label = (id: string) => {
    const dim = draft.dimensions.find((x) => x.id === id);
    return dim ? dim.name || d.kinds[dim.kind] : id;
  };
  return (
    <section className={styles.section} aria-labelledby="dec-grids">
      <Subtitle2 as="h3" id="dec-grids" className={styles.heading}>
        {d.gridsHeading}
      </Subtitle2>
      <Caption1 className={styles.muted}>{d.gridsHint}</Caption1>
      {draft.grids.map((g, i) => {
        const err = problemsUnder(problems, `grids[${i}]`, lang);
        return (
          <div key={g.id} className={styles.card} role="group" aria-label={`${label(g.rows)} × ${label(g.columns)}`} data-testid={`grid-${i}`}>
            <div className={styles.pair}>
              <Field label={d.gridRows}>
                <Select value={g.rows} onChange={(_, v) => onChange(draft.grids.map((x, k) => (k === i ? { ...x, rows: v.value, seed: undefined } : x)))}>
                  {amountDims.map((x) => (
                    <option key={x.id} value={x.id}>
                      {label(x.id)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={d.gridColumns}>
                <Select value={g.columns} onChange={(_, v) => onChange(draft.grids.map((x, k) => (k === i ? { ...x, columns: v.value, seed: undefined } : x)))}>
                  {amountDims.map((x) => (
                    <option key={x.id} value={x.id}>
                      {label(x.id)}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            <div className={styles.row}>
              <Button size="small" appearance="subtle" icon={<Delete20Regular />} onClick={() => onChange(draft.grids.filter((_, k) => k !== i))}>
                {d.removeGrid}
              </Button>
            </div>
            <Messages items={err.map((body): PaneMessage => ({ intent: "warning", title: "", body }))} />
          </div>
        );
      })}
      {amountDims.length >= 2 ? (
        <div className={styles.row}>
          <Button
            icon={<Add20Regular />}
            onClick={() =>
              onChange([
                ...draft.grids,
                { id: freeId("grid", [...draft.grids.map((g) => g.id), ...draft.dimensions.map((x) => x.id)]), rows: amountDims[0].id, columns: (amountDims.find((x) => x.kind === "quarter") ?? amountDims[1]).id },
              ])
            }
            data-testid="dec-add-grid"
          >
            {d.addGrid}
          </Button>
        </div>
      ) : (
        <Caption1 className={styles.muted}>{d.noGridYet}</Caption1>
      )}
    </section>
  );
}

/**
 * One workbook per member of a dimension, zipped (ExcelJS and JSZip load on first use) where
 * a download can work; inside Excel, also one member's workbook opened as a new workbook,
 * and where to get the .zip for sure (the pane in a browser, or the command line).
 */
function SendOut({ f, t, language, plan, protect }: { f: FormStrings; t: FlowProps["t"]; language: FlowProps["language"]; plan: Plan; protect: boolean }): React.JSX.Element {
  const styles = useFormStyles();
  const d = f.dec;
  const lang = language === "zh-CN" ? "zh" : "en";
  const { abilities, workbench } = useWorkbook();
  const opener = useNewWorkbook();
  const candidates = (plan.splits ?? []).filter((s) => s.kind !== "quarter" && s.kind !== "month");
  const [dimension, setDimension] = React.useState<string>(candidates.find((s) => s.kind === "person")?.id ?? candidates[0]?.id ?? "");
  const [memberChoice, setMemberChoice] = React.useState<string>("");
  const [busy, setBusy] = React.useState(false);
  const [message, setMessage] = React.useState<PaneMessage>();
  const chosen = candidates.some((s) => s.id === dimension) ? dimension : candidates[0]?.id;
  const members = React.useMemo(() => {
    try {
      return chosen ? resolveSplit(plan, chosen).names : [];
    } catch {
      return [];
    }
  }, [plan, chosen]);
  const member = members.includes(memberChoice) ? memberChoice : members[0];
  // A member's workbook holds their own time splits, tracking rows and scorecard row: without
  // any, it would be empty.
  const empty = React.useMemo(() => {
    if (!chosen || members.length === 0) return true;
    try {
      return buildPlanWorkbook(planForMember(plan, chosen, members[0]), { lang, asOf: todayIso() }).sheets.length === 0;
    } catch {
      return true;
    }
  }, [plan, chosen, members, lang]);
  if (!chosen) return <></>;
  const inExcel = !workbench;
  const zip = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const { zipMemberWorkbooks } = await import(/* webpackChunkName: "member-zip" */ "./forms/member-zip");
      const { bytes, count } = await zipMemberWorkbooks(plan, chosen, { lang, asOf: todayIso(), protect });
      saveDownload(bytes, d.zipName, "application/zip");
      setMessage({ intent: "success", title: "", body: abilities.download === "browser" ? d.zipped(d.zipName, count) : d.zippedHandedOver(d.zipName, count) });
    } catch (error) {
      setMessage(describeError(error, t, language));
    } finally {
      setBusy(false);
    }
  };
  const openOne = async () => {
    if (!member) return;
    setMessage(undefined);
    try {
      const spec = buildPlanWorkbook(planForMember(plan, chosen, member), { lang, asOf: todayIso(), protect });
      if (await opener.open(spec)) setMessage(workbookOpened(abilities, t));
    } catch (error) {
      setMessage(describeError(error, t, language));
    }
  };
  return (
    <section className={styles.section} aria-labelledby="dec-send">
      <Subtitle2 as="h3" id="dec-send" className={styles.heading}>
        {d.sendHeading}
      </Subtitle2>
      <Caption1 className={styles.muted}>{d.sendHint}</Caption1>
      <Field label={d.perMemberOf}>
        <Select value={chosen} onChange={(_, v) => setDimension(v.value)} data-testid="zip-dimension">
          {candidates.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name ?? d.kinds[s.kind]}
            </option>
          ))}
        </Select>
      </Field>
      {abilities.download !== "none" && (
        <div className={styles.row}>
          <Button icon={<ArrowDownload20Regular />} disabled={busy || empty} onClick={() => void zip()} data-testid="download-zip">
            {busy ? d.zipping : d.downloadZip}
          </Button>
        </div>
      )}
      {empty && <Caption1 className={styles.muted}>{d.sendNeedsTime}</Caption1>}
      {inExcel && (
        <Caption1 className={mergeClasses(styles.muted, styles.wrapAnywhere)} data-testid="zip-elsewhere">
          {d.zipElsewhere(paneAddress())}
        </Caption1>
      )}
      {inExcel && abilities.openWorkbook && !empty && member !== undefined && (
        <>
          <Caption1 className={styles.muted}>{d.openOneHint}</Caption1>
          <Field label={d.memberToOpen}>
            <Select value={member} onChange={(_, v) => setMemberChoice(v.value)} data-testid="member-to-open">
              {members.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </Select>
          </Field>
          <div className={styles.row}>
            <Button icon={<WindowNew20Regular />} disabled={opener.opening} onClick={() => void openOne()} data-testid="open-member">
              {opener.opening ? t.pane.openingWorkbook : d.openMember(member)}
            </Button>
          </div>
        </>
      )}
      <Messages items={[message, opener.error ? describeError(opener.error, t, language) : undefined]} />
    </section>
  );
}
