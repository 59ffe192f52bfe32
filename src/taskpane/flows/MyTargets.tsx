/*
 * Flow 6, My targets: a rep picks their name once (remembered for the workbook) and sees
 * their targets, actuals, attainment, light, pace, points with the explanation, and what
 * each remaining month needs to turn green. Works on any workbook the add-in generated
 * (it carries its plan); outside Excel, on such a workbook opened as .xlsx.
 */
import * as React from "react";
import {
  Badge,
  Body1,
  Caption1,
  Dropdown,
  Field,
  Option,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Messages } from "../components/ActionBar";
import { WorkbenchTable } from "../components/WorkbenchTable";
import type { Language, Strings } from "../i18n";
import { useWorkbook } from "../services/context";
import { formatNumber, formatPercent } from "../services/format";
import { useRemembered } from "../services/hooks";
import { describeError } from "../services/messages";
import { type MyTargets, type MyTracking, type StoredPlan, peopleOf, readMyTargets, readPlan } from "./my-targets-data";
import { MY_NAME_SETTING } from "./names";
import type { FlowProps } from "./types";

const useStyles = makeStyles({
  flow: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  facts: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) auto",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, textAlign: "end", fontVariantNumeric: "tabular-nums", fontWeight: tokens.fontWeightSemibold },
  need: {
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
  },
  table: { borderCollapse: "collapse", width: "100%", fontSize: tokens.fontSizeBase200, fontVariantNumeric: "tabular-nums" },
  cell: { paddingBlock: "2px", paddingInline: tokens.spacingHorizontalXS, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`, textAlign: "end" },
  first: { textAlign: "start" },
  kpi: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, paddingBlock: tokens.spacingVerticalXS, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  kpiHead: { display: "flex", justifyContent: "space-between", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground2 },
  heading: { margin: 0 },
  combobox: { minWidth: "0", width: "100%" },
});

const LIGHT_COLOURS = { green: "success", yellow: "warning", red: "danger" } as const;

/** An Excel date serial as YYYY-MM-DD. */
function isoDate(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86400000).toISOString().slice(0, 10);
}

function shown(value: number | "" | null | undefined, format: "amount" | "percent" | "count", unit: string, language: Language): string {
  if (value === "" || value === null || value === undefined) return "—";
  if (format === "percent") return formatPercent(value, language);
  if (format === "amount") return `${formatNumber(value, language)} ${unit}`;
  return formatNumber(value, language);
}

export function MyTargetsFlow({ t, language }: FlowProps): React.JSX.Element {
  const styles = useStyles();
  const m = t.pane.mine;
  const { port, workbench, version } = useWorkbook();
  const [stored, setStored] = React.useState<StoredPlan>();
  const [failure, setFailure] = React.useState<unknown>();
  const [name, setName, nameLoaded] = useRemembered<string>(MY_NAME_SETTING, "");
  const [mine, setMine] = React.useState<MyTargets>();

  React.useEffect(() => {
    if (!port) return;
    let live = true;
    setFailure(undefined);
    readPlan(port).then(
      (s) => live && setStored(s),
      (error: unknown) => live && setFailure(error),
    );
    return () => {
      live = false;
    };
  }, [port, version]);

  const people = React.useMemo(() => (stored?.ok ? peopleOf(stored.plan) : []), [stored]);
  const known = name !== "" && people.includes(name);

  React.useEffect(() => {
    if (!port || !stored?.ok || !known) {
      setMine(undefined);
      return;
    }
    let live = true;
    readMyTargets(port, stored.plan, name).then(
      (x) => live && setMine(x),
      (error: unknown) => live && setFailure(error),
    );
    return () => {
      live = false;
    };
  }, [port, stored, name, known, version]);


  return (
    <div className={styles.flow}>
      {workbench && <WorkbenchTable t={t} language={language} workbench={workbench} pickColumn={false} />}
      {(!stored || !nameLoaded) && !failure && <Spinner size="tiny" />}
      <Messages
        items={[
          failure ? describeError(failure, t, language) : undefined,
          stored && !stored.ok ? { intent: stored.reason === "none" ? "info" : "warning", title: stored.reason === "none" ? m.noPlan : t.pane.stored.invalid, body: stored.reason === "none" ? m.noPlanHint : "" } : undefined,
        ]}
      />
      {stored?.ok && nameLoaded && (
        <section className={styles.section} aria-labelledby="mine-name">
          <Field label={<span id="mine-name">{m.pickName}</span>} hint={known ? m.change : m.pickLabel}>
            <Dropdown
              className={styles.combobox}
              placeholder={m.pickNamePlaceholder}
              value={known ? name : ""}
              selectedOptions={known ? [name] : []}
              onOptionSelect={(_, data) => {
                if (data.optionValue) setName(data.optionValue);
              }}
              data-testid="my-name"
            >
              {people.map((p) => (
                <Option key={p} value={p}>
                  {p}
                </Option>
              ))}
            </Dropdown>
          </Field>
        </section>
      )}
      {mine && known && <MyTargetsView t={t} language={language} mine={mine} />}
      {mine && known && !mine.tracking && !mine.kpis && <Body1>{m.notListed}</Body1>}
    </div>
  );
}

function MyTargetsView({ t, language, mine }: { t: Strings; language: Language; mine: MyTargets }): React.JSX.Element {
  const styles = useStyles();
  const m = t.pane.mine;
  return (
    <>
      <Subtitle2 as="h3" className={styles.heading} data-testid="mine-heading">
        {m.heading(mine.name)}
      </Subtitle2>
      {mine.revisions?.map((r, i) => (
        <Body1 key={`${r.date}-${i}`} data-testid="mine-revised">
          {m.revised(r.date, shown(r.from, "amount", r.unit, language).trim(), shown(r.to, "amount", r.unit, language).trim(), r.why)}
        </Body1>
      ))}
      {mine.tracking && <TrackingView t={t} language={language} tr={mine.tracking} />}
      {mine.kpis && (
        <section className={styles.section} aria-labelledby="mine-kpis" data-testid="mine-kpis">
          <Subtitle2 as="h4" id="mine-kpis" className={styles.heading}>
            {m.kpiHeading}
          </Subtitle2>
          {mine.kpis.map((k) => (
            <div key={k.name} className={styles.kpi}>
              <div className={styles.kpiHead}>
                <Body1>
                  <strong>{k.name}</strong>
                </Body1>
                <Body1>
                  {m.points}: <strong>{typeof k.explanation?.score === "number" ? formatNumber(k.explanation.score, language) : "—"}</strong> / {formatNumber(k.weight, language)}
                </Body1>
              </div>
              <Caption1 className={styles.muted}>
                {m.actual} {shown(k.actual, k.format, "", language)} · {m.target} {shown(k.target, k.format, "", language)}
              </Caption1>
              {k.explanation && (
                <Caption1 data-testid="explanation">
                  {m.explanation}: {language === "zh-CN" ? k.explanation.textZh : k.explanation.text}
                </Caption1>
              )}
            </div>
          ))}
          {mine.totalScore !== undefined && (
            <Body1 data-testid="total-score">
              {m.totalScore}: <strong>{formatNumber(mine.totalScore, language)}</strong>
            </Body1>
          )}
        </section>
      )}
    </>
  );
}

function TrackingView({ t, language, tr }: { t: Strings; language: Language; tr: MyTracking }): React.JSX.Element {
  const styles = useStyles();
  const m = t.pane.mine;
  const v = (x: number | "" | null | undefined) => shown(x, tr.format, tr.unit, language);
  const need = tr.need;
  const needText =
    need.kind === "already"
      ? m.alreadyGreen
      : need.kind === "perMonth"
        ? (need.bound === "atLeast" ? m.needPerMonth : m.needAtMost)(v(need.perMonth), tr.monthsLeft)
        : need.kind === "unreachable"
          ? m.unreachable
          : need.green
            ? m.endedGreen
            : m.endedNotGreen;
  return (
    <section className={styles.section} aria-label={m.status} data-testid="mine-tracking">
      <Caption1 className={styles.muted}>{m.asOf(isoDate(tr.asOf))}</Caption1>
      <dl className={styles.facts}>
        <dt className={styles.term}>{m.status}</dt>
        <dd className={styles.value}>
          {tr.light ? (
            <Badge appearance="filled" color={LIGHT_COLOURS[tr.light]} data-testid="light">
              {m.light[tr.light]}
            </Badge>
          ) : (
            m.light.none
          )}
        </dd>
        <dt className={styles.term}>{m.yearTarget}</dt>
        <dd className={styles.value}>{v(tr.yearTarget)}</dd>
        <dt className={styles.term}>{m.targetToDate}</dt>
        <dd className={styles.value}>{v(tr.targetToDate)}</dd>
        <dt className={styles.term}>{m.actualToDate}</dt>
        <dd className={styles.value}>{v(tr.actualToDate)}</dd>
        <dt className={styles.term}>{m.attainment}</dt>
        <dd className={styles.value} data-testid="attainment">
          {typeof tr.attainment === "number" ? formatPercent(tr.attainment, language) : "—"}
        </dd>
        <dt className={styles.term}>{m.pace}</dt>
        <dd className={styles.value}>{typeof tr.pace === "number" ? formatPercent(tr.pace, language) : "—"}</dd>
      </dl>
      <div className={styles.need} data-testid="need">
        <Body1>
          <strong>{m.needHeading}</strong>
        </Body1>
        <Body1>{needText}</Body1>
      </div>
      <details>
        <summary>{m.monthsLabel}</summary>
        <table className={styles.table}>
          <thead>
            <tr>
              <th className={`${styles.cell} ${styles.first}`} scope="col">
                {m.month}
              </th>
              <th className={styles.cell} scope="col">
                {m.target}
              </th>
              <th className={styles.cell} scope="col">
                {m.actual}
              </th>
            </tr>
          </thead>
          <tbody>
            {tr.months.map((mo, i) => (
              <tr key={i}>
                <th className={`${styles.cell} ${styles.first}`} scope="row">
                  {new Intl.DateTimeFormat(language, { month: "short" }).format(new Date(Date.UTC(2000, i, 15)))}
                </th>
                <td className={styles.cell}>{v(mo.target)}</td>
                <td className={styles.cell}>{v(mo.actual)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
