/*
 * The flow "Dashboard / 看板": the 看板 sheet's charts drawn in the pane at 320 px, from the
 * tracking sheet's live values (src/sheets/dashboard.ts works them out; dashboard-data.ts reads
 * them). Plain SVG and HTML: attainment bars with the 100 % line, the green/yellow/red counts
 * as tiles with their numbers, the months' actual columns against the target and pace lines,
 * and the top and bottom five. Each chart has a title, an aria-label and a visually hidden
 * table of its numbers. It reads again whenever the workbook changes.
 */
import * as React from "react";
import { Body1, Button, Caption1, Spinner, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowSync20Regular } from "@fluentui/react-icons";
import { Messages } from "../components/ActionBar";
import { WorkbenchTable } from "../components/WorkbenchTable";
import type { Language } from "../i18n";
import { useWorkbook } from "../services/context";
import { formatNumber, formatPercent } from "../services/format";
import { describeError } from "../services/messages";
import type { DashboardChartData, RankedRow } from "../../sheets/dashboard";
import { type DashboardStrings, dashboardStrings } from "./dashboard-i18n";
import { type PaneDashboard, readPaneDashboard } from "./dashboard-data";
import type { FlowProps } from "./types";

const useStyles = makeStyles({
  flow: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, minWidth: 0 },
  figure: { margin: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, minWidth: 0 },
  heading: { margin: 0 },
  bar: { display: "grid", gridTemplateColumns: "minmax(0, 1fr) auto", columnGap: tokens.spacingHorizontalS, alignItems: "baseline" },
  label: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", minWidth: 0 },
  value: { fontVariantNumeric: "tabular-nums", fontWeight: tokens.fontWeightSemibold },
  svg: { display: "block", width: "100%", height: "auto", gridColumn: "1 / -1" },
  tiles: { display: "grid", gridTemplateColumns: "repeat(3, minmax(0, 1fr))", gap: tokens.spacingHorizontalS, margin: 0, padding: 0, listStyle: "none" },
  tile: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    borderTopWidth: "6px",
    borderTopStyle: "solid",
    backgroundColor: tokens.colorNeutralBackground3,
    minWidth: 0,
    textAlign: "center",
  },
  count: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold },
  lists: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(220px, 1fr))", gap: tokens.spacingHorizontalM },
  list: { margin: 0, paddingInlineStart: "1.5em", minWidth: 0 },
  item: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  legend: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM },
  muted: { color: tokens.colorNeutralForeground2 },
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    padding: 0,
    margin: "-1px",
    overflow: "hidden",
    clip: "rect(0, 0, 0, 0)",
    whiteSpace: "nowrap",
    border: 0,
  },
});

const pct = (x: number | null, language: Language, none: string): string => (x === null ? none : formatPercent(x, language));

export function DashboardFlow({ t, language }: FlowProps): React.JSX.Element {
  const styles = useStyles();
  const d = dashboardStrings(language);
  const { port, workbench, version } = useWorkbook();
  const [shown, setShown] = React.useState<PaneDashboard>();
  const lang = language === "zh-CN" ? "zh" : "en";
  // Inside Excel the pane hears of no cell a user types: "Read again" asks (the workbench tells `version`).
  const [asked, setAsked] = React.useState(0);

  // Read again whenever the workbook changes (an actual typed, a sheet made again).
  React.useEffect(() => {
    if (!port) return;
    let live = true;
    readPaneDashboard(port, lang).then(
      (x) => live && setShown(x),
      (error: unknown) => live && setShown({ ok: false, error }),
    );
    return () => {
      live = false;
    };
  }, [port, version, lang, asked]);

  return (
    <div className={styles.flow} data-testid="dashboard">
      {workbench && <WorkbenchTable t={t} language={language} workbench={workbench} pickColumn={false} />}
      {port && !shown && <Spinner size="tiny" />}
      {shown && !shown.ok && (
        <Messages items={[{ ...describeError(shown.error, t, language), intent: "info", title: d.noPlanTitle }, workbench ? { intent: "info", title: "", body: d.openWorkbookFirst } : undefined]} />
      )}
      {shown?.ok && (
        <>
          <Caption1 className={styles.muted}>{d.readFrom(shown.sheet)}</Caption1>
          {!workbench && (
            <Button size="small" icon={<ArrowSync20Regular />} onClick={() => setAsked((n) => n + 1)} data-testid="dashboard-refresh" style={{ alignSelf: "flex-start" }}>
              {d.readAgain}
            </Button>
          )}
          <LightsView d={d} language={language} lights={shown.data.lights} rows={shown.model.counts.rows} />
          <AttainmentView d={d} language={language} chart={shown.data.attainment} />
          {shown.data.months && <MonthsView d={d} language={language} chart={shown.data.months} />}
          <RankedView d={d} language={language} top={shown.model.top} bottom={shown.model.bottom} />
        </>
      )}
    </div>
  );
}

interface ViewProps {
  d: DashboardStrings;
  language: Language;
}

/** The traffic lights: three tiles, each with its word and number (readable without colour). */
function LightsView({ d, language, lights, rows }: ViewProps & { lights: DashboardChartData["lights"]; rows: number }): React.JSX.Element {
  const styles = useStyles();
  const lit = lights.slices.reduce((a, s) => a + s.value, 0);
  const keys = ["green", "yellow", "red"] as const;
  return (
    <figure className={styles.figure} aria-labelledby="dash-lights">
      <Subtitle2 as="h3" id="dash-lights" className={styles.heading}>
        {lights.title}
      </Subtitle2>
      <ul className={styles.tiles} aria-label={lights.slices.map((s) => `${s.label} ${s.value}`).join(", ")}>
        {lights.slices.map((s, i) => (
          <li key={s.label} className={styles.tile} style={{ borderTopColor: s.color }} data-testid={`light-${keys[i]}`}>
            <span className={styles.count} data-value={s.value}>
              {formatNumber(s.value, language, 0)}
            </span>
            <Caption1>{s.label}</Caption1>
          </li>
        ))}
      </ul>
      <Caption1 className={styles.muted}>
        {d.rows(rows)}
        {rows > lit ? ` · ${d.others(rows - lit)}` : ""}
      </Caption1>
    </figure>
  );
}

/** Attainment: one bar a row (or the top and bottom five), with the 100 % line. */
function AttainmentView({ d, language, chart }: ViewProps & { chart: DashboardChartData["attainment"] }): React.JSX.Element {
  const styles = useStyles();
  const values = chart.bars.map((b) => b.value).filter((v): v is number => v !== null);
  // The scale: at least 120 % so that the 100 % line stands inside; negatives are drawn at 0.
  const max = Math.max(1.2, ...values);
  const W = 300;
  const x = (v: number): number => (Math.max(0, v) / max) * W;
  return (
    <figure className={styles.figure} aria-labelledby="dash-attainment">
      <Subtitle2 as="h3" id="dash-attainment" className={styles.heading}>
        {chart.title}
      </Subtitle2>
      <div role="img" aria-label={`${chart.title}: ${chart.bars.map((b) => `${b.label} ${pct(b.value, language, d.noValue)}`).join(", ")}`}>
        {chart.bars.map((b, i) => (
          <div key={`${b.label}-${i}`} className={styles.bar} data-testid="attainment-bar" data-label={b.label} data-value={b.value ?? ""} aria-hidden="true">
            <Body1 className={styles.label} title={b.label}>
              {b.label}
            </Body1>
            <Body1 className={styles.value}>{pct(b.value, language, d.noValue)}</Body1>
            <svg className={styles.svg} viewBox={`0 0 ${W} 12`} preserveAspectRatio="none" focusable="false">
              <rect x={0} y={1} width={W} height={10} fill={tokens.colorNeutralBackground3} />
              {b.value !== null && <rect x={0} y={1} width={x(b.value)} height={10} fill={chart.color} />}
              <line x1={x(1)} x2={x(1)} y1={0} y2={12} stroke={tokens.colorNeutralForeground1} strokeWidth={2} strokeDasharray="2 1" />
            </svg>
          </div>
        ))}
      </div>
      <Caption1 className={styles.muted}>┆ {d.hundred}</Caption1>
      <table className={styles.hidden}>
        <caption>{`${chart.title} — ${d.numbers}`}</caption>
        <thead>
          <tr>
            <th scope="col">{d.row}</th>
            <th scope="col">{d.attainment}</th>
          </tr>
        </thead>
        <tbody>
          {chart.bars.map((b, i) => (
            <tr key={`${b.label}-${i}`}>
              <th scope="row">{b.label}</th>
              <td>{pct(b.value, language, d.noValue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The months: actual to date as columns, target to date and the pace line as lines. */
function MonthsView({ d, language, chart }: ViewProps & { chart: NonNullable<DashboardChartData["months"]> }): React.JSX.Element {
  const styles = useStyles();
  const W = 300;
  const H = 150;
  const bottom = 16;
  const all = [...chart.columns.values.filter((v): v is number => v !== null), ...chart.lines.flatMap((l) => l.values)];
  const max = Math.max(1, ...all);
  const step = W / 12;
  const y = (v: number): number => H - bottom - (Math.max(0, v) / max) * (H - bottom - 4);
  const line = (vs: number[]): string => vs.map((v, m) => `${(m + 0.5) * step},${y(v)}`).join(" ");
  return (
    <figure className={styles.figure} aria-labelledby="dash-months">
      <Subtitle2 as="h3" id="dash-months" className={styles.heading}>
        {chart.title}
      </Subtitle2>
      <svg className={styles.svg} viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="dash-months" data-testid="months-chart">
        {chart.columns.values.map((v, m) =>
          v === null ? null : <rect key={m} x={m * step + step * 0.2} width={step * 0.6} y={y(v)} height={H - bottom - y(v)} fill={chart.columns.color} data-testid="month-column" data-value={v} />,
        )}
        {chart.lines.map((l) => (
          <polyline key={l.name} points={line(l.values)} fill="none" stroke={l.color} strokeWidth={2} strokeDasharray={l.dashed ? "5 3" : undefined} />
        ))}
        {chart.labels.map((label, m) => (
          <text key={label} x={(m + 0.5) * step} y={H - 4} fontSize={8} textAnchor="middle" fill={tokens.colorNeutralForeground2}>
            {m + 1}
          </text>
        ))}
      </svg>
      <div className={styles.legend} aria-hidden="true">
        <Caption1>
          <span style={{ color: chart.columns.color }}>■</span> {chart.columns.name}
        </Caption1>
        {chart.lines.map((l) => (
          <Caption1 key={l.name}>
            <span style={{ color: l.color }}>{l.dashed ? "┄" : "━"}</span> {l.name}
          </Caption1>
        ))}
      </div>
      <table className={styles.hidden}>
        <caption>{`${chart.title} — ${d.numbers}`}</caption>
        <thead>
          <tr>
            <th scope="col">{d.month}</th>
            <th scope="col">{chart.columns.name}</th>
            {chart.lines.map((l) => (
              <th scope="col" key={l.name}>
                {l.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {chart.labels.map((label, m) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{chart.columns.values[m] === null ? "—" : formatNumber(chart.columns.values[m] as number, language)}</td>
              {chart.lines.map((l) => (
                <td key={l.name}>{formatNumber(l.values[m], language)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The top and bottom five, with their attainment. */
function RankedView({ d, language, top, bottom }: ViewProps & { top: RankedRow[]; bottom: RankedRow[] }): React.JSX.Element | null {
  const styles = useStyles();
  if (top.length === 0) return null;
  const list = (title: string, rows: RankedRow[], id: string) => (
    <section aria-labelledby={id}>
      <Subtitle2 as="h3" id={id} className={styles.heading}>
        {title}
      </Subtitle2>
      <ol className={styles.list} data-testid={id}>
        {rows.map((r) => (
          <li key={r.row} className={styles.item} title={r.name}>
            {r.name} · {formatPercent(r.attainment, language)}
          </li>
        ))}
      </ol>
    </section>
  );
  return (
    <div className={styles.lists}>
      {list(d.top, top, "dash-top")}
      {list(d.bottom, bottom, "dash-bottom")}
    </div>
  );
}
