/*
 * The bottom half every plan form shares: where the sheets go (new sheets, renamed when the
 * name is taken), a preview of each with its colours, then Apply (write into the workbook,
 * with progress and cancel), Open as a new workbook (inside Excel) and Download .xlsx (where
 * a download can work; not in Excel for Mac). Nothing is written before Apply; outside
 * Excel, Download first adds the sheets to the workbench's workbook and gives it back.
 */
import * as React from "react";
import { Body1, Caption1, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import type { Occupied } from "../../../excel/port";
import type { Plan } from "../../../sheets/plan";
import type { SheetSpec, WorkbookSpec } from "../../../sheets/spec";
import { ActionBar } from "../../components/ActionBar";
import type { Language, Strings } from "../../i18n";
import { useWorkbook } from "../../services/context";
import { saveDownload } from "../../services/download";
import { useDownload, useNewWorkbook, useWrite } from "../../services/hooks";
import { loadXlsxWriter } from "../../services/xlsx";
import { type PaneMessage, describeError, describeOccupied, fileHandedOver, workbookOpened } from "../../services/messages";
import type { FormStrings } from "../forms-i18n";
import { placeSpec, takenNamesOf } from "./place";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  sheet: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, minWidth: 0 },
  heading: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

export interface PlanOutputProps {
  t: Strings;
  f: FormStrings;
  language: Language;
  /** What the form makes; undefined while the form has problems. */
  spec: WorkbookSpec | undefined;
  /** The workbook's stored plan (its sheets' names count as taken). */
  stored: Plan | undefined;
  /** The file's name when downloaded inside Excel. */
  fileName: string;
  /** The preview of one sheet of the spec (as placed). */
  renderPreview: (sheet: SheetSpec) => React.ReactNode;
  /** More buttons beside Apply and Download (the per-member .zip). */
  children?: React.ReactNode;
  /** More messages (from the extra buttons). */
  messages?: (PaneMessage | undefined)[];
}

interface Placed {
  spec: WorkbookSpec;
  occupied: Occupied[];
  key: string;
}

/** Where the sheets go, their preview, Apply and Download. */
export function PlanOutput({ t, f, language, spec, stored, fileName, renderPreview, children, messages = [] }: PlanOutputProps): React.JSX.Element | null {
  const styles = useStyles();
  const p = t.pane;
  const { port, workbench, version, abilities } = useWorkbook();
  const writer = useWrite();
  const downloader = useDownload();
  const opener = useNewWorkbook();
  const [opened, setOpened] = React.useState(false);
  const [placed, setPlaced] = React.useState<Placed>();
  const [problem, setProblem] = React.useState<PaneMessage>();
  const [writtenKey, setWrittenKey] = React.useState<string>();
  const [downloaded, setDownloaded] = React.useState<string>();
  const lang = language === "zh-CN" ? "zh" : "en";
  const key = React.useMemo(() => (spec ? JSON.stringify(spec.plan ?? spec.sheets.map((s) => s.name)) + lang : ""), [spec, lang]);

  React.useEffect(() => {
    if (!port || !spec) {
      setPlaced(undefined);
      setProblem(undefined);
      return;
    }
    let live = true;
    (async () => {
      const taken = await takenNamesOf(port, stored, lang);
      const result = await placeSpec(port, spec, taken);
      if (live) {
        setPlaced({ ...result, key });
        setProblem(undefined);
      }
    })().catch((error: unknown) => {
      if (live) {
        setPlaced(undefined);
        setProblem(describeError(error, t, language));
      }
    });
    return () => {
      live = false;
    };
    // `version`: after any write the names taken change.
  }, [port, spec, stored, key, version, lang, t, language]);

  const alreadyWritten = Boolean(placed && writtenKey === placed.key);
  const current = placed && placed.key === key ? placed : undefined;

  const apply = async () => {
    if (!current || current.occupied.length) return;
    setDownloaded(undefined);
    setOpened(false);
    const result = await writer.write(current.spec);
    if (result) setWrittenKey(current.key);
  };

  const openNewWorkbook = async () => {
    if (!spec) return;
    setDownloaded(undefined);
    setOpened(false);
    if (await opener.open(spec)) setOpened(true);
  };

  const download = async () => {
    if (!spec) return;
    setDownloaded(undefined);
    setOpened(false);
    let name = fileName;
    if (workbench) {
      if (!current) return;
      if (!alreadyWritten) {
        const result = await writer.write(current.spec);
        if (!result) return;
        setWrittenKey(current.key);
      }
      if (workbench.source.kind === "file") name = workbench.downloadName;
    }
    if (workbench?.source.kind === "empty") {
      // Nothing pasted or opened: the file holds what was made here, every sheet and the plan.
      if (await downloadMade(workbench.written, name)) setDownloaded(name);
      return;
    }
    if (await downloader.download(workbench ? undefined : spec, name)) setDownloaded(name);
  };

  const [own, setOwn] = React.useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const downloadMade = async (specs: readonly WorkbookSpec[], name: string): Promise<boolean> => {
    setOwn({ busy: true });
    try {
      const { writeXlsx } = await loadXlsxWriter();
      const last = specs[specs.length - 1];
      const merged: WorkbookSpec = { sheets: specs.flatMap((x) => x.sheets), names: specs.flatMap((x) => x.names), plan: last?.plan, title: last?.title };
      saveDownload(await writeXlsx(merged), name);
      setOwn({ busy: false });
      return true;
    } catch (error) {
      setOwn({ busy: false, error });
      return false;
    }
  };

  if (!spec) return null;
  const sheetNames = current ? current.spec.sheets.map((s) => `“${s.name}”`).join(", ") : "";
  const blocked = current && current.occupied.length > 0 ? describeOccupied(current.occupied) || current.occupied.map((o) => o.sheet).join(", ") : undefined;
  const all: (PaneMessage | undefined)[] = [
    problem,
    blocked ? { intent: "warning", title: p.occupiedTitle, body: f.out.blocked(blocked) } : undefined,
    writer.error ? describeError(writer.error, t, language) : undefined,
    downloader.error ? describeError(downloader.error, t, language) : undefined,
    own.error ? describeError(own.error, t, language) : undefined,
    opener.error ? describeError(opener.error, t, language) : undefined,
    alreadyWritten && writer.result && !workbench ? { intent: "success", title: "", body: p.written(writer.result.sheets.join(", ")) } : undefined,
    alreadyWritten && workbench && !downloaded ? { intent: "success", title: "", body: p.writtenInWorkbench } : undefined,
    downloaded ? fileHandedOver(abilities, downloaded, t) : undefined,
    opened ? workbookOpened(abilities, t) : undefined,
    ...messages,
  ];

  return (
    <>
      {current && (
        <section className={styles.section} aria-labelledby="form-preview" data-testid="preview">
          <Subtitle2 as="h3" id="form-preview" className={styles.heading}>
            {p.previewHeading}
          </Subtitle2>
          <Body1 data-testid="placement">{f.out.addsSheets(sheetNames)}</Body1>
          <Caption1 className={styles.muted}>{f.out.planStored}</Caption1>
          {current.spec.sheets.map((sheet) => (
            <div key={sheet.name} className={styles.sheet} data-testid={`preview-${sheet.kind}`}>
              <Caption1>
                <strong>{sheet.name}</strong>
              </Caption1>
              {renderPreview(sheet)}
            </div>
          ))}
        </section>
      )}
      <ActionBar
        t={t}
        applyLabel={workbench ? p.applyInWorkbench : p.apply}
        onApply={() => void apply()}
        applyDisabled={!current || current.occupied.length > 0 || alreadyWritten || !abilities.write}
        onOpenWorkbook={abilities.openWorkbook ? () => void openNewWorkbook() : undefined}
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
        messages={all}
      />
      {children}
    </>
  );
}
