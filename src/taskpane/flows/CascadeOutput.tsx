/*
 * The cascade's sheets out of the pane: where they go, then Apply (write them into this
 * workbook), Open as a new workbook (inside Excel) and Download .xlsx; and one workbook per
 * node of a level, in a .zip (or, inside Excel, one node's workbook opened as a new one, and
 * where to get the .zip).
 *
 * Writing again never writes over anything: the sheets are built under names that are free
 * in this workbook (the table, the letters and the tracking sheet refer to each other by
 * name, so they are named before they are built, not renamed after), so a workbook that holds
 * the cascade's sheets already gets the new ones beside them — "销售目标分解表 (2)" — and the
 * old ones stay, cell for cell, until the manager deletes them. The plan stored with the
 * sheets is the new one (with whatever else the workbook's plan had: splits, a scorecard).
 *
 * Building the sheets of a big tree takes seconds, so they are built when asked for ("Make
 * the sheets"), or by themselves after an edit when the tree is small.
 */
import * as React from "react";
import { Body1, Button, Caption1, Field, Select, Spinner, Subtitle2, mergeClasses } from "@fluentui/react-components";
import { ArrowDownload20Regular, DocumentTable20Regular, WindowNew20Regular } from "@fluentui/react-icons";
import type { Occupied } from "../../excel/port";
import { type CascadeResult, cascadeLevelLabels, nodesAtLevel } from "../../sheets/cascade";
import { cascadePlanForNode } from "../../sheets/cascade-per";
import { buildCascadeSheets } from "../../sheets/cascade-workbook";
import type { Plan } from "../../sheets/plan";
import type { WorkbookSpec } from "../../sheets/spec";
import { buildPlanWorkbook } from "../../sheets/workbook";
import { ActionBar, Messages } from "../components/ActionBar";
import { Preview } from "../components/Preview";
import type { Language, Strings } from "../i18n";
import { paneAddress } from "../services/abilities";
import { useWorkbook } from "../services/context";
import { saveDownload } from "../services/download";
import { useDownload, useNewWorkbook, useWrite } from "../services/hooks";
import { type PaneMessage, describeError, describeOccupied, fileHandedOver, workbookOpened } from "../services/messages";
import { loadXlsxWriter } from "../services/xlsx";
import type { CascadeStrings } from "./cascade-i18n";
import type { FormStrings } from "./forms-i18n";
import { type TakenNames, mergePlan, takenInRefusal, takenNamesOf } from "./forms/place";
import { todayIso, useFormStyles } from "./forms/styles";

/** Trees up to this many nodes get their sheets made by themselves after an edit. */
export const AUTO_MAKE_NODES = 400;

export interface CascadeOutputProps {
  t: Strings;
  c: CascadeStrings;
  f: FormStrings;
  language: Language;
  /** The plan as edited (valid: its cascade worked out). */
  plan: Plan;
  result: CascadeResult;
  /** Grows with every change of the plan (sheets made before are then out of date). */
  version: number;
  /** The workbook's stored plan. */
  stored: Plan | undefined;
  protect: boolean;
}

interface Made {
  version: number;
  spec: WorkbookSpec;
  occupied: Occupied[];
  /** Sheets of this workbook the new ones go beside (same name, " (2)"). */
  beside: string[];
}

/**
 * The cascade's sheets under names free in the workbook, with the plan to store.
 * @param taken - what the workbook uses (copied; not changed)
 */
export function cascadeSpec(plan: Plan, stored: Plan | undefined, result: CascadeResult, options: { lang: "en" | "zh"; protect: boolean; taken: TakenNames }): WorkbookSpec {
  // What the workbook's plan has besides the cascade (a decomposition, a scorecard) is kept.
  const toStore = mergePlan(plan, stored, ["splits", "tracking", "scorecard"]);
  const built = buildCascadeSheets(toStore, {
    lang: options.lang,
    protect: options.protect,
    asOf: todayIso(),
    takenSheetNames: new Set(options.taken.sheets),
    takenNames: new Set(options.taken.names),
    result,
  });
  return { sheets: built.sheets, names: built.names, plan: toStore, title: toStore.title };
}

/**
 * Which of the workbook's sheets the new ones go beside: a new sheet "X (n)" whose X is there.
 * @example besideOf(["销售目标分解表 (2)"], ["销售目标分解表"]) // ["销售目标分解表"]
 */
export function besideOf(newSheets: readonly string[], existing: readonly string[]): string[] {
  const have = new Map(existing.map((s) => [s.toLowerCase(), s]));
  return newSheets.flatMap((s) => {
    const m = /^(.*) \(\d+\)$/.exec(s);
    const old = m ? have.get(m[1].toLowerCase()) : undefined;
    return old ? [old] : [];
  });
}

/** Where the sheets go, their preview, Apply / Open / Download, and the per-node workbooks. */
export function CascadeOutput(props: CascadeOutputProps): React.JSX.Element {
  const { t, c, language, plan, result, version, stored, protect } = props;
  const p = t.pane;
  const form = useFormStyles();
  const lang = language === "zh-CN" ? "zh" : "en";
  const { port, workbench, abilities, version: bookVersion } = useWorkbook();
  const writer = useWrite();
  const downloader = useDownload();
  const opener = useNewWorkbook();
  const [made, setMade] = React.useState<Made>();
  const [making, setMaking] = React.useState(false);
  const [problem, setProblem] = React.useState<PaneMessage>();
  const [writtenVersion, setWrittenVersion] = React.useState<number>();
  const [done, setDone] = React.useState<PaneMessage>();
  const [own, setOwn] = React.useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const current = made && made.version === version ? made : undefined;
  const big = result.nodes.length > AUTO_MAKE_NODES;

  const make = React.useCallback(async () => {
    setMaking(true);
    setProblem(undefined);
    try {
      // Let the spinner show before the build holds the page.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const taken: TakenNames = port ? await takenNamesOf(port, stored, lang) : { sheets: new Set(), names: new Set() };
      let spec = cascadeSpec(plan, stored, result, { lang, protect, taken });
      let occupied = port ? await port.findOccupied(spec) : [];
      // Names the port found taken that the lists did not say: build again without them.
      const more = takenInRefusal(occupied);
      if (port && more.length) {
        const again = { sheets: new Set([...taken.sheets, ...occupied.filter((o) => o.cells.length === 0 && takenInRefusal([o]).length === 0).map((o) => o.sheet.toLowerCase())]), names: new Set([...taken.names, ...more]) };
        spec = cascadeSpec(plan, stored, result, { lang, protect, taken: again });
        occupied = await port.findOccupied(spec);
      }
      const existing = port ? await port.sheetNames() : [];
      setMade({ version, spec, occupied, beside: besideOf(spec.sheets.map((s) => s.name), existing) });
    } catch (error) {
      setProblem(describeError(error, t, language));
    } finally {
      setMaking(false);
    }
  }, [port, stored, lang, plan, result, protect, version, t, language]);

  // A small tree's sheets are made by themselves a moment after the last change (and after a write: the names taken changed).
  React.useEffect(() => {
    if (big) return;
    const timer = setTimeout(() => void make(), 300);
    return () => clearTimeout(timer);
  }, [big, make, bookVersion]);

  const written = current !== undefined && writtenVersion === current.version;
  const apply = async () => {
    if (!current || current.occupied.length) return;
    setDone(undefined);
    const outcome = await writer.write(current.spec);
    if (outcome) {
      setWrittenVersion(current.version);
      setDone({ intent: "success", title: "", body: workbench ? p.writtenInWorkbench : `${p.written(outcome.sheets.join(", "))}${current.beside.length ? ` ${c.besideKept(current.beside.map((s) => `“${s}”`).join(lang === "zh" ? "、" : ", "))}` : ""}` });
    }
  };
  /** The sheets alone, under their own names (a new workbook has none of this one's sheets). */
  const freshSpec = (): WorkbookSpec => cascadeSpec(plan, stored, result, { lang, protect, taken: { sheets: new Set(), names: new Set() } });
  const openNew = async () => {
    setDone(undefined);
    if (await opener.open(freshSpec())) setDone(workbookOpened(abilities, t));
  };
  const download = async () => {
    setDone(undefined);
    if (!workbench) {
      if (await downloader.download(freshSpec(), c.fileName)) setDone(fileHandedOver(abilities, c.fileName, t));
      return;
    }
    // Outside Excel the file is the workbench's workbook with the sheets added.
    if (!current || current.occupied.length) return;
    if (!written) {
      const outcome = await writer.write(current.spec);
      if (!outcome) return;
      setWrittenVersion(current.version);
    }
    const name = workbench.source.kind === "file" ? workbench.source.fileName : c.fileName;
    if (workbench.source.kind === "empty") {
      setOwn({ busy: true });
      try {
        const { writeXlsx } = await loadXlsxWriter();
        const specs = workbench.written;
        const last = specs[specs.length - 1];
        saveDownload(await writeXlsx({ sheets: specs.flatMap((x) => x.sheets), names: specs.flatMap((x) => x.names), plan: last?.plan, title: last?.title }), name);
        setOwn({ busy: false });
        setDone(fileHandedOver(abilities, name, t));
      } catch (error) {
        setOwn({ busy: false, error });
      }
      return;
    }
    if (await downloader.download(undefined, name)) setDone(fileHandedOver(abilities, name, t));
  };

  const blocked = current && current.occupied.length > 0 ? describeOccupied(current.occupied) || current.occupied.map((o) => o.sheet).join(", ") : undefined;
  const sheetList = current ? current.spec.sheets.map((s) => `“${s.name}”`).join(lang === "zh" ? "、" : ", ") : "";
  return (
    <section className={form.section} aria-labelledby="cascade-out" data-testid="cascade-output">
      <Subtitle2 as="h3" id="cascade-out" className={form.heading}>
        {c.outHeading}
      </Subtitle2>
      {!current && (big || !making) && (
        <div className={form.row}>
          <Button appearance="primary" icon={<DocumentTable20Regular />} disabled={making} onClick={() => void make()} data-testid="cascade-make">
            {c.makeSheets}
          </Button>
          {big && <Caption1 className={form.muted}>{c.bigTree(result.nodes.length)}</Caption1>}
        </div>
      )}
      {making && <Spinner size="tiny" label={c.making} labelPosition="after" data-testid="cascade-making" />}
      {current && (
        <>
          {/* Once written, the sheets are there: where new ones would go is for the next change. */}
          {!written && <Body1 data-testid="cascade-placement">{current.beside.length ? c.besideAdds(sheetList, current.beside.map((s) => `“${s}”`).join(lang === "zh" ? "、" : ", ")) : c.adds(sheetList)}</Body1>}
          <Caption1 className={form.muted}>{props.f.out.planStored}</Caption1>
          <Preview sheet={current.spec.sheets[0]} language={language} label={p.previewLabel(current.spec.sheets[0].name)} maxRows={14} maxColumns={10} moreRows={p.moreRows} headerRows={0} />
        </>
      )}
      <ActionBar
        t={t}
        applyLabel={workbench ? p.applyInWorkbench : p.apply}
        onApply={() => void apply()}
        applyDisabled={!current || current.occupied.length > 0 || written || !abilities.write}
        onOpenWorkbook={abilities.openWorkbook ? () => void openNew() : undefined}
        openWorkbookDisabled={!current}
        openingWorkbook={opener.opening}
        onDownload={abilities.download !== "none" ? () => void download() : undefined}
        downloadDisabled={!current}
        downloading={downloader.downloading || own.busy}
        note={abilities.download === "none" ? p.noDownloadHere : undefined}
        downloadFirst={Boolean(workbench)}
        writing={writer.writing}
        progress={writer.progress}
        onCancel={writer.cancel}
        messages={[
          problem,
          blocked ? { intent: "warning", title: p.occupiedTitle, body: props.f.out.blocked(blocked) } : undefined,
          writer.error ? describeError(writer.error, t, language) : undefined,
          downloader.error ? describeError(downloader.error, t, language) : undefined,
          own.error ? describeError(own.error, t, language) : undefined,
          opener.error ? describeError(opener.error, t, language) : undefined,
          done,
        ]}
      />
      <PerNode c={c} t={t} language={language} plan={plan} result={result} protect={protect} />
    </section>
  );
}

/**
 * One workbook per node of a level (each holding that node's subtree only), zipped where a
 * download works; inside Excel, one node's workbook opened as a new workbook, and where to get
 * the .zip for sure.
 */
function PerNode({ c, t, language, plan, result, protect }: { c: CascadeStrings; t: Strings; language: Language; plan: Plan; result: CascadeResult; protect: boolean }): React.JSX.Element | null {
  const form = useFormStyles();
  const lang = language === "zh-CN" ? "zh" : "en";
  const { abilities, workbench } = useWorkbook();
  const opener = useNewWorkbook();
  // The levels below the top: their labels (or depths), and every person.
  const levels = React.useMemo(() => {
    const labels = cascadeLevelLabels(result).filter((l) => nodesAtLevel(result, l).some((n) => n.depth > 0));
    const out: { value: string; label: string }[] = labels.map((l) => ({ value: l, label: l }));
    if (!out.length) for (let d = 1; d <= result.maxDepth; d++) out.push({ value: String(d), label: c.levelN(d + 1) });
    out.push({ value: "person", label: c.everyPerson });
    return out;
  }, [result, c]);
  const [levelChoice, setLevel] = React.useState<string>();
  const level = levels.some((l) => l.value === levelChoice) ? levelChoice! : levels[0].value;
  const nodes = React.useMemo(() => nodesAtLevel(result, level), [result, level]);
  const [nodeChoice, setNode] = React.useState<string>();
  const node = nodes.find((n) => n.path.join("\u0000") === nodeChoice) ?? nodes[0];
  const [busy, setBusy] = React.useState(false);
  const [message, setMessage] = React.useState<PaneMessage>();
  if (result.nodes.length < 2) return null;
  const inExcel = !workbench;
  const zip = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const { zipMemberWorkbooks } = await import(/* webpackChunkName: "member-zip" */ "./forms/member-zip");
      const { bytes, count } = await zipMemberWorkbooks(plan, level, { lang, asOf: todayIso(), protect });
      saveDownload(bytes, c.zipName, "application/zip");
      setMessage({ intent: "success", title: "", body: abilities.download === "browser" ? c.zipped(c.zipName, count) : c.zippedHandedOver(c.zipName, count) });
    } catch (error) {
      setMessage(describeError(error, t, language));
    } finally {
      setBusy(false);
    }
  };
  const openOne = async () => {
    if (!node) return;
    setMessage(undefined);
    try {
      const spec = buildPlanWorkbook(cascadePlanForNode(plan, node.path, result), { lang, asOf: todayIso(), protect });
      if (await opener.open(spec)) setMessage(workbookOpened(abilities, t));
    } catch (error) {
      setMessage(describeError(error, t, language));
    }
  };
  return (
    <section className={form.section} aria-labelledby="cascade-send" data-testid="cascade-per-node">
      <Subtitle2 as="h3" id="cascade-send" className={form.heading}>
        {c.sendHeading}
      </Subtitle2>
      <Caption1 className={form.muted}>{c.sendHint}</Caption1>
      <Field label={c.perNodeOf}>
        <Select value={level} onChange={(_, v) => setLevel(v.value)} data-testid="cascade-zip-level">
          {levels.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </Select>
      </Field>
      {abilities.download !== "none" && (
        <div className={form.row}>
          <Button icon={<ArrowDownload20Regular />} disabled={busy || nodes.length === 0} onClick={() => void zip()} data-testid="cascade-download-zip">
            {busy ? c.zipping : c.downloadZip(nodes.length)}
          </Button>
        </div>
      )}
      {inExcel && (
        <Caption1 className={mergeClasses(form.muted, form.wrapAnywhere)} data-testid="cascade-zip-elsewhere">
          {c.zipElsewhere(paneAddress())}
        </Caption1>
      )}
      {inExcel && abilities.openWorkbook && node && (
        <>
          <Field label={c.nodeToOpen}>
            <Select value={node.path.join("\u0000")} onChange={(_, v) => setNode(v.value)} data-testid="cascade-node-to-open">
              {nodes.slice(0, 2000).map((n) => (
                <option key={n.index} value={n.path.join("\u0000")}>
                  {n.path.join(" / ")}
                </option>
              ))}
            </Select>
          </Field>
          <div className={form.row}>
            <Button icon={<WindowNew20Regular />} disabled={opener.opening} onClick={() => void openOne()} data-testid="cascade-open-node">
              {opener.opening ? t.pane.openingWorkbook : c.openNode(node.name)}
            </Button>
          </div>
        </>
      )}
      <Messages items={[message, opener.error ? describeError(opener.error, t, language) : undefined]} />
    </section>
  );
}
