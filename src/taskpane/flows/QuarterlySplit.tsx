/*
 * Flow 1, the quarterly split: a column of annual targets (names beside them) → Q1–Q4 (and
 * months) as native formulas, written beside the selection or into a new sheet when the
 * cells beside are taken. The preview is there as soon as the inputs are, so with the
 * choices remembered for this workbook the second time is one click: Apply.
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
  Subtitle2,
  Switch,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArrowSync20Regular } from "@fluentui/react-icons";
import { buildQuarterlySplit, quarterlyLayout, quarterlySplitInputOf } from "../../sheets/quarterly";
import { describeOddAmount, oddAmounts } from "../../sheets/odd-amounts";
import { type SheetSpec, type WorkbookSpec, columnOutline } from "../../sheets/spec";
import { ActionBar, Messages } from "../components/ActionBar";
import { Preview } from "../components/Preview";
import { WorkbenchTable } from "../components/WorkbenchTable";
import { useWorkbook } from "../services/context";
import { formatAmount, formatPercent } from "../services/format";
import { useDownload, useNewWorkbook, useRemembered, useSelection, useWrite } from "../services/hooks";
import { type PaneMessage, describeError, describeOccupied, fileHandedOver, workbookOpened } from "../services/messages";
import { areaAddress, cellAddress, parseCell } from "../workbench/a1";
import { readPastedTable } from "../workbench/paste";
import {
  DEFAULT_CHOICES,
  type SplitChoices,
  type Targets,
  UNIT_SIZE,
  type WeightsMode,
  displayOf,
  readLastYear,
  readTargets,
  weightsOf,
  weightsUsable,
} from "./quarterly-input";
import type { FlowProps } from "./types";

const useStyles = makeStyles({
  flow: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  weights: {
    display: "grid",
    gridTemplateColumns: "repeat(4, minmax(0, 1fr))",
    gap: tokens.spacingHorizontalS,
  },
  weightInput: { minWidth: "0", width: "100%" },
  muted: { color: tokens.colorNeutralForeground2 },
  heading: { margin: 0 },
  odd: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground2 },
});

/** The key under which the flow's choices are remembered per workbook. */
export const SPLIT_SETTING = "quarterlySplit.choices";

/** Where the preview says the sheet goes. */
type Placement = { kind: "beside"; address: string } | { kind: "new"; sheet: string; taken: string };

/** The odd-amount sentences the preview lists at most; the rest are counted. */
const ODD_LISTED = 5;

/**
 * The cells of a sheet a reader sees, as an address: from its origin to its last column that
 * no collapsed group hides (the rounding work's columns are not named).
 * @example visibleAddress(buildQuarterlySplit({ …, unit: 10000, existingSheet: "Sheet1", alignTo: "D2" }).sheets[0]) // "D1:L6"
 */
export function visibleAddress(sheet: SheetSpec): string {
  const at = parseCell(sheet.origin ?? "A1");
  const width = sheet.rows.reduce((w, r) => Math.max(w, r.length), 0);
  const hidden = columnOutline(sheet).hidden;
  let right = at.col + width - 1;
  while (right > at.col && hidden.has(right)) right--;
  return areaAddress({ top: at.row, left: at.col, bottom: at.row + sheet.rows.length - 1, right });
}

interface Built {
  spec: WorkbookSpec;
  /** The same sheet as a new workbook (opened as one, or downloaded, inside Excel). */
  fileSpec: WorkbookSpec;
  placement: Placement;
  /** The rows of the sheet the preview shows: from `startRow`, the first `headerRows` as headers. */
  startRow: number;
  headerRows: number;
  key: string;
}

/**
 * The preview's rows of a quarterly split laid out as `layout`: the weights and header rows
 * when they are above the data, then the data.
 * @example previewRowsOf(quarterlyLayout({ names: ["East"] })) // { startRow: 2, headerRows: 2 }
 */
function previewRowsOf(layout: ReturnType<typeof quarterlyLayout>): { startRow: number; headerRows: number } {
  const above = [layout.weights, layout.header].filter((r) => r < layout.first);
  return above.length === 0 ? { startRow: layout.first, headerRows: 0 } : { startRow: Math.min(...above), headerRows: layout.first - Math.min(...above) };
}

/**
 * The spec to write into a workbook that may already store a plan: the workbook holds one
 * plan record (the `TargetPlanner` sheet), and writing a spec with `plan` replaces it. A
 * full plan (decomposition, tracking, scorecard) — or anything stored that is not a
 * quarterly split's own record — is kept: the split is written without its record.
 * @example keepStoredPlan(buildQuarterlySplit(input), { version: 1, title: "2026", year: 2026 }).plan // undefined
 */
export function keepStoredPlan(spec: WorkbookSpec, stored: unknown): WorkbookSpec {
  if (stored === undefined || quarterlySplitInputOf(stored) !== undefined) return spec;
  const kept: WorkbookSpec = { ...spec };
  delete kept.plan;
  return kept;
}

export function QuarterlySplitFlow({ t, language }: FlowProps): React.JSX.Element {
  const styles = useStyles();
  const p = t.pane;
  const s = p.split;
  const { port, workbench, version, abilities } = useWorkbook();
  const selection = useSelection();
  const [remembered, remember, loaded] = useRemembered<SplitChoices>(SPLIT_SETTING, DEFAULT_CHOICES);
  const [choices, setChoices] = React.useState<SplitChoices>(DEFAULT_CHOICES);
  const [fromMemory, setFromMemory] = React.useState(false);
  const [lastYearProblem, setLastYearProblem] = React.useState<string>();
  const writer = useWrite();
  const downloader = useDownload();
  const opener = useNewWorkbook();
  const [opened, setOpened] = React.useState(false);
  const [built, setBuilt] = React.useState<Built>();
  const [buildProblem, setBuildProblem] = React.useState<PaneMessage>();
  const [written, setWritten] = React.useState<{ key: string; built: Built }>();
  const [downloaded, setDownloaded] = React.useState<string>();

  // Take the remembered choices once they are read (a second visit: everything filled in).
  React.useEffect(() => {
    if (!loaded) return;
    const got = { ...DEFAULT_CHOICES, ...remembered };
    setChoices(got);
    setFromMemory(JSON.stringify(got) !== JSON.stringify(DEFAULT_CHOICES));
    // Only when the stored choices arrive, not each time they are saved again.
    // (remember() after Apply changes `remembered` to what is on screen already.)
  }, [loaded]);

  const update = (change: Partial<SplitChoices>) => {
    setChoices((c) => ({ ...c, ...change }));
    setFromMemory(false);
  };

  const read = React.useMemo(() => (selection.value ? readTargets(selection.value, t) : undefined), [selection.value, t]);
  const targets: Targets | undefined = read && "targets" in read ? read.targets : undefined;
  const weights = weightsOf(choices);
  const usable = weightsUsable(weights);
  const lang = language === "zh-CN" ? "zh" : "en";

  // Build the preview (and find where it goes) whenever the inputs or the workbook change.
  React.useEffect(() => {
    if (!port || !targets || !usable) {
      setBuilt(undefined);
      setBuildProblem(undefined);
      return;
    }
    let live = true;
    (async () => {
      // A stored plan that cannot be read counts as one to keep.
      const [sheetNames, checks, stored] = await Promise.all([port.sheetNames(), port.readChecks(), port.readStoredPlan().catch((): unknown => ({ unreadable: true }))]);
      const base = {
        names: targets.names,
        annual: targets.annual,
        weights,
        unit: UNIT_SIZE[choices.unit],
        // Amounts are in 元 (rounded to whole 万 when the unit is 万元), or shown in 万元 when
        // the manager asks: the headers, the note and the stored record say which.
        currency: "元",
        display: displayOf(choices),
        months: choices.months,
        lang,
        takenSheetNames: sheetNames,
        takenNames: checks.map((c) => c.name),
      } as const;
      const fileSpec = buildQuarterlySplit(base);
      // Beside the targets, one empty column over, each row on its target's row.
      const alignTo = cellAddress({ row: targets.area.top, col: targets.area.right + 2 });
      const beside = keepStoredPlan(buildQuarterlySplit({ ...base, existingSheet: targets.sheet, alignTo }), stored);
      const intoNewSheet = keepStoredPlan(fileSpec, stored);
      const occupied = await port.findOccupied(beside);
      const key = JSON.stringify([targets, choices, lang]);
      let result: Built;
      if (occupied.length === 0) {
        const sheet = beside.sheets[0];
        const address = visibleAddress(sheet);
        const shown = previewRowsOf(quarterlyLayout({ names: targets.names, alignTo }));
        result = { spec: beside, fileSpec, placement: { kind: "beside", address: `${sheet.name}!${address}` }, ...shown, key };
      } else {
        result = { spec: intoNewSheet, fileSpec, ...previewRowsOf(quarterlyLayout({ names: targets.names })), placement: { kind: "new", sheet: fileSpec.sheets[0].name, taken: describeOccupied(occupied) }, key };
      }
      if (live) {
        setBuilt(result);
        setBuildProblem(undefined);
      }
    })().catch((error: unknown) => {
      if (live) {
        setBuilt(undefined);
        setBuildProblem(describeError(error, t, language));
      }
    });
    return () => {
      live = false;
    };
    // `weights` is derived from `choices`; `version` re-checks the place after any write.
  }, [port, targets, choices, usable, lang, version, t, language]);

  const current = built && written && written.key === built.key ? written.built : built;
  const alreadyWritten = Boolean(written && built && written.key === built.key);

  const apply = async () => {
    if (!built) return;
    setDownloaded(undefined);
    setOpened(false);
    const result = await writer.write(built.spec);
    if (result) {
      setWritten({ key: built.key, built });
      remember(choices);
    }
  };

  const openNewWorkbook = async () => {
    if (!built) return;
    setDownloaded(undefined);
    setOpened(false);
    remember(choices);
    if (await opener.open(built.fileSpec)) setOpened(true);
  };

  const download = async () => {
    if (!built) return;
    setDownloaded(undefined);
    setOpened(false);
    let fileName = s.fileName;
    if (workbench) {
      if (!alreadyWritten) {
        const result = await writer.write(built.spec);
        if (!result) return;
        setWritten({ key: built.key, built });
      }
      if (workbench.source.kind === "file") fileName = workbench.downloadName;
    }
    remember(choices);
    if (await downloader.download(workbench ? undefined : built.fileSpec, fileName)) setDownloaded(fileName);
  };

  const readLastYearFromSelection = async () => {
    if (!port) return;
    setLastYearProblem(undefined);
    const sel = await port.readSelection();
    if (!sel) return setLastYearProblem(p.noSelection);
    const got = readLastYear(sel.values);
    if (Array.isArray(got)) update({ lastYear: got });
    else setLastYearProblem(s.lastYearNeedsFour(got.columns));
  };

  const weightInputs = (mode: "lastYear" | "typed") => {
    const values = choices[mode];
    return (
      <div className={styles.weights}>
        {values.map((w, q) => (
          <Field key={q} label={s.quarter(q + 1)}>
            <Input
              className={styles.weightInput}
              type="number"
              inputMode="decimal"
              min={0}
              value={Number.isFinite(w) ? String(w) : ""}
              onChange={(_, data) => {
                const next = values.slice();
                next[q] = data.value === "" ? NaN : Number(data.value);
                update({ [mode]: next });
              }}
              onPaste={(e) => {
                // Four figures pasted from a sheet row fill all four boxes.
                const text = e.clipboardData.getData("text/plain");
                if (!/[\t\n]/.test(text)) return;
                const got = readLastYear(readPastedTable(text));
                if (Array.isArray(got)) {
                  e.preventDefault();
                  update({ [mode]: got });
                }
              }}
              data-testid={`${mode}-q${q + 1}`}
            />
          </Field>
        ))}
      </div>
    );
  };

  // The rows whose annual target is not a whole number of the unit, and where the odd amount goes.
  const odd = React.useMemo(() => {
    if (!targets || !usable) return [];
    const unit = UNIT_SIZE[choices.unit];
    const wan = displayOf(choices) === "万元";
    return oddAmounts({ names: targets.names, annual: targets.annual, weights, unit }).map((o) => ({
      name: o.name,
      quarter: o.quarter,
      // In 万元 on the sheet, in 万元 here: 604.75 is not a whole number of 万元.
      text: wan ? describeOddAmount({ ...o, annual: o.annual / 10000, odd: o.odd / 10000 }, 1, lang, "万元") : describeOddAmount(o, unit, lang),
    }));
    // `weights` is derived from `choices`.
  }, [targets, usable, choices, lang]);

  const placementText = (placement: Placement): string => {
    if (workbench) return placement.kind === "beside" ? p.addsBeside(workbench.source.kind === "file") : p.addsNewSheet(placement.sheet);
    return placement.kind === "beside" ? p.writesBeside(placement.address) : `${placement.taken ? p.besideTaken(placement.taken) + " " : ""}${p.writesNewSheet(placement.sheet)}`;
  };

  const shares = usable ? weights.map((w) => formatPercent(w / weights.reduce((a, b) => a + b, 0), language)).join(" / ") : "";
  const totalAnnual = targets ? targets.annual.reduce((a, b) => a + b, 0) : 0;

  const messages: (PaneMessage | undefined)[] = [
    buildProblem,
    writer.error ? describeError(writer.error, t, language) : undefined,
    downloader.error ? describeError(downloader.error, t, language) : undefined,
    opener.error ? describeError(opener.error, t, language) : undefined,
    alreadyWritten && writer.result && !workbench ? { intent: "success", title: "", body: p.written(writer.result.sheets.join(", ")) } : undefined,
    alreadyWritten && workbench && !downloaded ? { intent: "success", title: "", body: p.writtenInWorkbench } : undefined,
    downloaded ? fileHandedOver(abilities, downloaded, t) : undefined,
    opened ? workbookOpened(abilities, t) : undefined,
  ];

  return (
    <div className={styles.flow}>
      {workbench && <WorkbenchTable t={t} language={language} workbench={workbench} />}

      <section className={styles.section} aria-labelledby="split-source">
        <Subtitle2 as="h3" id="split-source" className={styles.heading}>
          {s.sourceHeading}
        </Subtitle2>
        {targets ? (
          <>
            <Body1 data-testid="selection-summary">
              {workbench ? p.targetsRead(targets.annual.length) : p.selectionIs(`${targets.sheet}!${areaAddress(targets.area)}`, targets.annual.length)}{" "}
              {s.totalOf(formatAmount(totalAnnual, 1, language))}
            </Body1>
            <Caption1 className={styles.muted}>{targets.namesFrom ? s.namesFrom(targets.namesFrom) : s.noNames}</Caption1>
          </>
        ) : (
          !workbench && <Body1>{p.noSelection}</Body1>
        )}
        {read && "problem" in read && <Messages items={[{ intent: "warning", title: "", body: read.problem }]} />}
        {!workbench && (
          <div className={styles.row}>
            <Button icon={<ArrowSync20Regular />} onClick={selection.refresh} data-testid="use-selection">
              {p.useSelection}
            </Button>
          </div>
        )}
      </section>

      <section className={styles.section} aria-labelledby="split-weights">
        <Subtitle2 as="h3" id="split-weights" className={styles.heading}>
          {s.weightsHeading}
        </Subtitle2>
        <RadioGroup
          aria-labelledby="split-weights"
          value={choices.weightsMode}
          onChange={(_, data) => update({ weightsMode: data.value as WeightsMode })}
        >
          <Radio value="even" label={s.weightsEven} />
          <Radio value="seed" label={s.weightsSeed} />
          <Radio value="lastYear" label={s.weightsLastYear} />
          <Radio value="typed" label={s.weightsTyped} />
        </RadioGroup>
        {choices.weightsMode === "lastYear" && (
          <>
            {!workbench && (
              <>
                <Caption1 className={styles.muted}>{s.lastYearHint}</Caption1>
                <div className={styles.row}>
                  <Button onClick={() => void readLastYearFromSelection()}>{s.readLastYear}</Button>
                </div>
              </>
            )}
            {weightInputs("lastYear")}
            {lastYearProblem && <Messages items={[{ intent: "warning", title: "", body: lastYearProblem }]} />}
          </>
        )}
        {choices.weightsMode === "typed" && weightInputs("typed")}
        {usable ? (
          <Caption1 className={styles.muted} data-testid="shares">
            {s.weightsShares(shares)}
          </Caption1>
        ) : (
          <Messages items={[{ intent: "warning", title: "", body: s.weightsBad }]} />
        )}
      </section>

      <section className={styles.section} aria-labelledby="split-unit">
        <Subtitle2 as="h3" id="split-unit" className={styles.heading}>
          {s.unitHeading}
        </Subtitle2>
        <RadioGroup
          aria-labelledby="split-unit"
          layout="horizontal"
          value={choices.unit}
          onChange={(_, data) => update({ unit: data.value as SplitChoices["unit"] })}
        >
          <Radio value="元" label={s.unitYuan} />
          <Radio value="万元" label={s.unitWan} />
        </RadioGroup>
        {choices.unit === "万元" && (
          <>
            <Switch
              checked={displayOf(choices) === "万元"}
              label={s.displayWanLabel}
              onChange={(_, data) => update({ display: data.checked ? "万元" : "元" })}
              data-testid="display-wan"
            />
            <Caption1 className={styles.muted}>{s.displayWanHint}</Caption1>
          </>
        )}
        <Switch
          checked={choices.months}
          label={s.monthsLabel}
          onChange={(_, data) => update({ months: data.checked })}
          data-testid="months"
        />
        <Caption1 className={styles.muted}>{s.monthsHint}</Caption1>
      </section>

      {current && (
        <section className={styles.section} aria-labelledby="split-preview" data-testid="preview">
          <Subtitle2 as="h3" id="split-preview" className={styles.heading}>
            {p.previewHeading}
          </Subtitle2>
          {fromMemory && <Caption1 className={styles.muted}>{p.oneClickNote}</Caption1>}
          <Body1 data-testid="placement">{placementText(current.placement)}</Body1>
          <Preview
            sheet={current.spec.sheets[0]}
            language={language}
            label={p.previewLabel(s.sheetName)}
            startRow={current.startRow}
            headerRows={current.headerRows}
            allRows
            maxColumns={choices.months ? 20 : 8}
          />
          {odd.length > 0 && (
            <ul className={styles.odd} data-testid="odd-amounts">
              {odd.slice(0, ODD_LISTED).map((o, i) => (
                <li key={i}>
                  <Caption1>
                    {o.name ? `${o.name}: ` : ""}
                    {o.text}
                  </Caption1>
                </li>
              ))}
              {odd.length > ODD_LISTED && (
                <li>
                  <Caption1>{s.oddMore(odd.length - ODD_LISTED, `Q${odd[0].quarter}`)}</Caption1>
                </li>
              )}
            </ul>
          )}
        </section>
      )}

      <ActionBar
        t={t}
        applyLabel={workbench ? p.applyInWorkbench : p.apply}
        onApply={() => void apply()}
        applyDisabled={!built || alreadyWritten || !abilities.write}
        onOpenWorkbook={abilities.openWorkbook ? () => void openNewWorkbook() : undefined}
        openWorkbookDisabled={!built}
        openingWorkbook={opener.opening}
        onDownload={abilities.download !== "none" ? () => void download() : undefined}
        downloadDisabled={!built}
        downloading={downloader.downloading}
        note={abilities.download === "none" ? p.noDownloadHere : undefined}
        downloadFirst={Boolean(workbench)}
        writing={writer.writing}
        progress={writer.progress}
        onCancel={writer.cancel}
        messages={messages}
      />
    </div>
  );
}
