/*
 * The first half of the Cascade flow: the plan's settings (a new plan: title, year, unit, the
 * top's name and target, the buffer, other target types, letters, a tracking sheet) and the
 * people (an org list pasted from a sheet or read from the selection: a name column, figures
 * by their header words, every other column a group above the person).
 */
import * as React from "react";
import { Button, Caption1, Field, Input, Select, Subtitle2, Switch, Textarea } from "@fluentui/react-components";
import { Add20Regular, Delete20Regular, TableSimple20Regular } from "@fluentui/react-icons";
import type { SelectionData } from "../../excel/port";
import type { AmountUnit, PlanProblem } from "../../sheets/plan";
import type { CellValue } from "../../sheets/spec";
import { Messages } from "../components/ActionBar";
import type { PaneMessage } from "../services/messages";
import { splitClipboardText } from "../workbench/paste";
import type { CascadeStrings } from "./cascade-i18n";
import { type CascadeDraft, type OrgList, orgListOf } from "./cascade-model";
import type { FormStrings } from "./forms-i18n";
import { YearAndUnit } from "./forms/YearAndUnit";
import { problemAt } from "./forms/problems";
import { useFormStyles } from "./forms/styles";

export interface SettingsProps {
  c: CascadeStrings;
  f: FormStrings;
  draft: CascadeDraft;
  onChange: (change: Partial<CascadeDraft>) => void;
  problems: readonly PlanProblem[];
  typos: readonly string[];
  lang: "en" | "zh";
}

/** A new plan's settings. */
export function CascadeSettings({ c, f, draft, onChange, problems, typos, lang }: SettingsProps): React.JSX.Element {
  const form = useFormStyles();
  const at = (path: string) => (typos.includes(path) ? f.notANumber : problemAt([...problems], path, lang));
  const nextKey = Math.max(0, ...draft.extra.map((x) => x.key)) + 1;
  return (
    <section className={form.section} aria-labelledby="cascade-settings">
      <Subtitle2 as="h3" id="cascade-settings" className={form.heading}>
        {c.settingsHeading}
      </Subtitle2>
      <Field label={f.titleLabel} validationMessage={at("title")}>
        <Input className={form.input} value={draft.title} onChange={(_, v) => onChange({ title: v.value })} data-testid="cascade-title" />
      </Field>
      <YearAndUnit f={f} year={draft.year} unit={draft.unit} onYear={(year) => onChange({ year })} onUnit={(unit: AmountUnit) => onChange({ unit })} yearProblem={at("year")} testIds={["cascade-year", "cascade-unit"]} />
      <div className={form.pair}>
        <Field label={c.topNameLabel} validationMessage={at("cascade.root.name")}>
          <Input className={form.input} value={draft.topName} onChange={(_, v) => onChange({ topName: v.value })} data-testid="cascade-top-name" />
        </Field>
        <Field label={c.totalLabel(draft.unit)} validationMessage={at("cascade.targets[0].total")}>
          <Input className={form.input} inputMode="decimal" value={draft.total} onChange={(_, v) => onChange({ total: v.value })} data-testid="cascade-total" />
        </Field>
      </div>
      <Field label={c.bufferAllLabel} hint={c.bufferHint} validationMessage={at("cascade.buffer")}>
        <Input className={form.input} inputMode="decimal" value={draft.buffer} onChange={(_, v) => onChange({ buffer: v.value })} data-testid="cascade-buffer" />
      </Field>

      <Caption1>
        <strong>{c.typesHeading}</strong>
      </Caption1>
      <Caption1 className={form.muted}>{c.firstType(draft.unit)}</Caption1>
      {draft.extra.map((x, i) => {
        const path = `cascade.targets[${i + 1}]`;
        const figurePath = `${path}.${x.kind === "rate" ? "value" : "total"}`;
        return (
          <div key={x.key} className={form.card} role="group" aria-label={x.name || c.kindNames[x.kind]} data-testid={`cascade-type-${i}`}>
            <div className={form.pair}>
              <Field label={c.typeName}>
                <Input className={form.input} value={x.name} placeholder={c.kindNames[x.kind]} onChange={(_, v) => onChange({ extra: draft.extra.map((y) => (y.key === x.key ? { ...y, name: v.value } : y)) })} />
              </Field>
              <Field label={x.kind === "rate" ? c.rateValue : c.countTotal} validationMessage={at(figurePath) ?? problemAt([...problems], path, lang)}>
                <Input className={form.input} inputMode="decimal" value={x.figure} onChange={(_, v) => onChange({ extra: draft.extra.map((y) => (y.key === x.key ? { ...y, figure: v.value } : y)) })} data-testid={`cascade-type-figure-${i}`} />
              </Field>
            </div>
            <div className={form.row}>
              <Button size="small" appearance="subtle" icon={<Delete20Regular />} onClick={() => onChange({ extra: draft.extra.filter((y) => y.key !== x.key) })}>
                {c.removeType(x.name || c.kindNames[x.kind])}
              </Button>
            </div>
          </div>
        );
      })}
      <div className={form.row}>
        <Button size="small" icon={<Add20Regular />} onClick={() => onChange({ extra: [...draft.extra, { key: nextKey, name: c.kindNames.count, kind: "count", figure: "" }] })} data-testid="cascade-add-count">
          {c.addCount}
        </Button>
        <Button size="small" icon={<Add20Regular />} onClick={() => onChange({ extra: [...draft.extra, { key: nextKey, name: c.kindNames.rate, kind: "rate", figure: "95" }] })} data-testid="cascade-add-rate">
          {c.addRate}
        </Button>
      </div>
      <div className={form.pair}>
        <Field label={c.lettersLabel}>
          <Select value={draft.letters} onChange={(_, v) => onChange({ letters: v.value as CascadeDraft["letters"] })} data-testid="cascade-letters">
            {(["all", "people", "managers", "none"] as const).map((k) => (
              <option key={k} value={k}>
                {c.letters[k]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Switch checked={draft.tracking} label={c.trackingSwitch} onChange={(_, v) => onChange({ tracking: v.checked })} data-testid="cascade-tracking" />
    </section>
  );
}

export interface PeopleProps {
  c: CascadeStrings;
  f: FormStrings;
  unit: AmountUnit;
  list: OrgList | undefined;
  onList: (list: OrgList | undefined) => void;
  /** Inside Excel: reads the selection (undefined elsewhere). */
  readSelection?: () => Promise<SelectionData | undefined>;
  /** Outside Excel: the opened (or pasted) workbook's sheets, and a sheet's table (its used area). */
  sheets?: { names: readonly string[]; table: (sheet: string) => CellValue[][] };
  /** In a stored plan: the top whose people a list replaces. */
  replacing?: string;
  lang: "en" | "zh";
}

/** A cell of a sheet as text, the way a pasted table gives it. */
const textOf = (v: CellValue): string => (v === null ? "" : typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : String(v));

/** The org list: pasted, or read from the selection. */
export function CascadePeople({ c, f, unit, list, onList, readSelection, sheets, replacing, lang }: PeopleProps): React.JSX.Element {
  const form = useFormStyles();
  const [text, setText] = React.useState("");
  const [sheetChoice, setSheet] = React.useState<string>();
  const sheet = sheets?.names.includes(sheetChoice ?? "") ? sheetChoice! : sheets?.names[0];
  const [problem, setProblem] = React.useState<string>();
  const take = (rows: string[][]) => {
    const read = orgListOf(rows, unit);
    if (read.people.length === 0) {
      setProblem(read.problems[0]?.message[lang] ?? c.listEmpty);
      return;
    }
    setProblem(undefined);
    onList(read);
  };
  const onPaste = (value: string) => {
    setText(value);
    if (!/[\t\n]/.test(value)) return;
    take(splitClipboardText(value));
    setText("");
  };
  const fromSelection = async () => {
    const sel = await readSelection?.();
    if (!sel || sel.values.length === 0) return setProblem(f.selectionEmpty);
    const rows = sel.values.map((r) => r.map(textOf));
    // A selection without its header row: the row above it is the header.
    const read = orgListOf(rows, unit);
    if (read.people.length === 0 && sel.headerAbove) take([sel.headerAbove.map(textOf), ...rows]);
    else take(rows);
  };
  const fromSheet = () => {
    if (!sheets || sheet === undefined) return;
    take(sheets.table(sheet).map((r) => r.map(textOf)));
  };
  const levels = list?.groupLevels.length ? list.groupLevels.join(" › ") : c.noGroups;
  const shown = (list?.problems ?? []).slice(0, 8);
  const messages: PaneMessage[] = [
    ...(problem ? [{ intent: "warning" as const, title: "", body: problem }] : []),
    ...shown.map((p): PaneMessage => ({ intent: "warning", title: "", body: c.cellProblem(p.row + 1, p.col + 1, p.message[lang]) })),
    ...((list?.problems.length ?? 0) > shown.length ? [{ intent: "info" as const, title: "", body: c.moreProblems(list!.problems.length - shown.length) }] : []),
  ];
  return (
    <section className={form.section} aria-labelledby="cascade-people">
      <Subtitle2 as="h3" id="cascade-people" className={form.heading}>
        {replacing ? c.replaceHeading(replacing) : c.peopleHeading}
      </Subtitle2>
      <Caption1 className={form.muted}>{c.peopleHint(unit)}</Caption1>
      <Field label={f.pasteHere} hint={c.pasteHint}>
        <Textarea resize="vertical" rows={3} value={text} onChange={(_, v) => onPaste(v.value)} data-testid="cascade-paste" />
      </Field>
      {sheets && sheet !== undefined && sheets.names.length > 1 && (
        <Field label={c.listSheet}>
          <Select value={sheet} onChange={(_, v) => setSheet(v.value)} data-testid="cascade-list-sheet">
            {sheets.names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <div className={form.row}>
        {sheets && sheet !== undefined && (
          <Button size="small" icon={<TableSimple20Regular />} onClick={fromSheet} data-testid="cascade-read-sheet">
            {c.readSheet(sheet)}
          </Button>
        )}
        {readSelection && (
          <Button size="small" icon={<TableSimple20Regular />} onClick={() => void fromSelection()} data-testid="cascade-read-selection">
            {f.readSelection}
          </Button>
        )}
        {list && (
          <Button size="small" appearance="subtle" icon={<Delete20Regular />} onClick={() => onList(undefined)} data-testid="cascade-clear-list">
            {replacing ? c.keepStoredPeople : c.clearList}
          </Button>
        )}
      </div>
      {list && (
        <Caption1 data-testid="cascade-list-read">
          {c.listRead(list.people.length, levels)}
        </Caption1>
      )}
      <Messages items={messages} />
    </section>
  );
}
