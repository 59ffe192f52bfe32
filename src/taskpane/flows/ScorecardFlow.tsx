/*
 * Flow 4, the scorecard: KPI rows with weight, target and the rule as written — checked as
 * it is typed and explained on an example actual ("41.5 = 40 + 3 × 0.5", core's
 * explainScore) — weights that must add up to 100, bonus bands, commission tiers, and the
 * people (pasted, or the members of a split of the decomposition). Preview, then Apply or
 * Download; a scorecard stored in the workbook fills the form.
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
} from "@fluentui/react-components";
import { Add20Regular, Delete20Regular } from "@fluentui/react-icons";
import { isPlanError } from "../../core/errors";
import { explainScore, parseScoringRule } from "../../core/score";
import { type AmountUnit, type Plan, type PlanProblem, type ValueFormat, validatePlan } from "../../sheets/plan";
import type { WorkbookSpec } from "../../sheets/spec";
import { buildPlanWorkbook, sheetsOfKind } from "../../sheets/workbook";
import { Messages } from "../components/ActionBar";
import { Preview } from "../components/Preview";
import { WorkbenchTable } from "../components/WorkbenchTable";
import { useWorkbook } from "../services/context";
import { formatNumber } from "../services/format";
import type { PaneMessage } from "../services/messages";
import { type FormStrings, formStrings } from "./forms-i18n";
import { YearAndUnit } from "./forms/YearAndUnit";
import { readNamedNumbersText } from "./forms/numbers";
import { mergePlan } from "./forms/place";
import { PlanOutput } from "./forms/PlanOutput";
import { problemAt, problemsUnder } from "./forms/problems";
import { useStoredPlanChecked } from "./forms/stored";
import { todayIso, useFormStyles } from "./forms/styles";
import { type KpiDraft, type ScorecardDraft, draftToScorecard, exampleScorecard, kpiValue, scorecardToDraft } from "./scorecard-draft";
import { freeId } from "./decomposition-draft";
import type { FlowProps } from "./types";

/** What the rule box says as the rule is typed: understood (and the worked example), or what is wrong. */
export function ruleFeedback(k: KpiDraft, unit: AmountUnit, lang: "en" | "zh", f: FormStrings): { ok: boolean; text: string; example?: string } {
  let rule: string | undefined = k.rule.trim() === "" ? undefined : k.rule;
  if (rule !== undefined) {
    try {
      parseScoringRule(rule);
    } catch (e) {
      if (isPlanError(e)) return { ok: false, text: e.messageIn(lang) };
      throw e;
    }
  }
  const target = kpiValue(k, k.target, unit);
  const weight = Number(k.weight);
  const actual = kpiValue(k, k.example, unit) ?? target;
  let example: string | undefined;
  if (target !== undefined && Number.isFinite(target) && Number.isFinite(weight) && actual !== undefined && Number.isFinite(actual)) {
    try {
      const why = explainScore(actual, target, weight, { rule, direction: k.direction });
      example = f.sc.explains(k.example.trim() || k.target, lang === "zh" ? why.textZh : why.text);
    } catch (e) {
      if (!isPlanError(e)) throw e;
      example = e.messageIn(lang);
      rule = undefined;
    }
  }
  return { ok: true, text: rule === undefined && k.rule.trim() === "" ? f.sc.noRule : f.sc.ruleOk, example };
}

export function ScorecardFlow({ t, language }: FlowProps): React.JSX.Element {
  const styles = useFormStyles();
  const f = formStrings(language);
  const s = f.sc;
  const lang = language === "zh-CN" ? "zh" : "en";
  const { workbench } = useWorkbook();
  const stored = useStoredPlanChecked();
  const [draft, setDraft] = React.useState<ScorecardDraft>(() => exampleScorecard(lang));
  const [startedFrom, setStartedFrom] = React.useState<"stored" | "example">();
  const [year, setYear] = React.useState(String(new Date().getFullYear()));
  const [unit, setUnit] = React.useState<AmountUnit>("万元");

  React.useEffect(() => {
    if (stored.loading || startedFrom) return;
    if (stored.plan?.scorecard) {
      setDraft(scorecardToDraft(stored.plan.scorecard, stored.plan.unit ?? "元"));
      setStartedFrom("stored");
    } else setStartedFrom("example");
  }, [stored.loading, stored.plan, startedFrom]);

  const base = stored.plan;
  const planUnit = base?.unit ?? unit;
  const update = (change: Partial<ScorecardDraft>) => setDraft((x) => ({ ...x, ...change }));
  const updateKpi = (i: number, change: Partial<KpiDraft>) => setDraft((x) => ({ ...x, kpis: x.kpis.map((k, j) => (j === i ? { ...k, ...change } : k)) }));

  const pasted = React.useMemo(() => (draft.peopleText.trim() ? readNamedNumbersText(draft.peopleText.includes("\t") || draft.peopleText.includes("\n") ? draft.peopleText : `${draft.peopleText}\n`) : undefined), [draft.peopleText]);
  const json = React.useMemo(() => {
    const head: Record<string, unknown> = base ? { ...base } : { version: 1, title: lang === "zh" ? `${year} 年绩效考核` : `${year} scorecard`, unit, roundTo: 1, year: Number(year) };
    delete head.scorecard;
    const sc = draftToScorecard(draft, planUnit, pasted, base);
    // People already on the stored scorecard keep what was entered for them.
    const before = new Map((base?.scorecard?.people ?? []).map((p) => [p.name, p]));
    if (sc.people) sc.people = sc.people.map((p) => ({ ...before.get(p.name), ...p, ...(before.get(p.name)?.actuals ? { actuals: before.get(p.name)!.actuals } : {}) }));
    return { ...head, scorecard: sc };
  }, [base, lang, year, unit, draft, planUnit, pasted]);
  const checked = React.useMemo(() => validatePlan(json), [json]);
  const problems: PlanProblem[] = checked.ok ? [] : checked.problems;
  const plan: Plan | undefined = checked.ok ? checked.plan : undefined;
  const at = (path: string) => problemAt(problems, path, lang);

  const spec = React.useMemo<WorkbookSpec | undefined>(() => {
    if (!plan) return undefined;
    try {
      const built = buildPlanWorkbook(plan, { lang, asOf: todayIso() });
      return { ...sheetsOfKind(built, "scorecard"), plan: mergePlan(plan, stored.plan, ["tracking"]) };
    } catch {
      return undefined;
    }
  }, [plan, lang, stored.plan]);

  const weightSum = draft.kpis.reduce((a, k) => a + (Number(k.weight) || 0), 0);
  const weightsOk = Math.abs(weightSum - 100) <= 1e-9;
  const shownLeaves = ["name", "weight", "target", "rule"];
  const listed = problems
    .filter((p) => !(/^scorecard\.kpis\[\d+\]\.(\w+)$/.test(p.path) && shownLeaves.includes(p.path.split(".").pop()!)) && p.path !== "scorecard.kpis")
    .filter((p) => !/^scorecard\.(bands|commission)/.test(p.path))
    .map((p): PaneMessage => ({ intent: "warning", title: "", body: p.message[lang] }));
  const personSplits = (base?.splits ?? []).filter((x) => x.kind !== "quarter" && x.kind !== "month" && x.members);

  return (
    <div className={styles.flow}>
      {workbench && <WorkbenchTable t={t} language={language} workbench={workbench} pickColumn={false} />}
      {startedFrom === "stored" && base && <Messages items={[{ intent: "info", title: "", body: f.storedLoaded(base.title) }]} />}
      {stored.invalid && <Messages items={[{ intent: "warning", title: "", body: f.storedInvalid }]} />}

      <section className={styles.section} aria-labelledby="sc-kpis">
        <Subtitle2 as="h3" id="sc-kpis" className={styles.heading}>
          {s.kpisHeading}
        </Subtitle2>
        {draft.kpis.map((k, i) => {
          const feedback = ruleFeedback(k, planUnit, lang, f);
          const ruleError = at(`scorecard.kpis[${i}].rule`) ?? (feedback.ok ? undefined : feedback.text);
          const title = s.kpiHeading(i + 1, k.name);
          const headId = `kpi-${k.id}`;
          return (
            <div key={k.id} className={styles.card} role="group" aria-labelledby={headId} data-testid={`kpi-${i}`}>
              <div className={styles.cardHead}>
                <Body1 id={headId}>
                  <strong>{title}</strong>
                </Body1>
                <Button appearance="subtle" icon={<Delete20Regular />} aria-label={`${s.removeKpi}: ${title}`} title={s.removeKpi} onClick={() => update({ kpis: draft.kpis.filter((_, j) => j !== i) })} />
              </div>
              <Field label={s.kpiName} validationMessage={at(`scorecard.kpis[${i}].name`)}>
                <Input className={styles.input} value={k.name} onChange={(_, v) => updateKpi(i, { name: v.value })} data-testid={`kpi-name-${i}`} />
              </Field>
              <div className={styles.pair}>
                <Field label={s.weight} validationMessage={at(`scorecard.kpis[${i}].weight`)}>
                  <Input className={styles.input} inputMode="decimal" value={k.weight} onChange={(_, v) => updateKpi(i, { weight: v.value })} data-testid={`kpi-weight-${i}`} />
                </Field>
                <Field label={`${s.target}${k.format === "percent" ? " (%)" : k.format === "amount" ? ` (${planUnit})` : ""}`} validationMessage={at(`scorecard.kpis[${i}].target`)}>
                  <Input className={styles.input} inputMode="decimal" value={k.target} onChange={(_, v) => updateKpi(i, { target: v.value })} data-testid={`kpi-target-${i}`} />
                </Field>
                <Field label={s.format}>
                  <Select value={k.format} onChange={(_, v) => updateKpi(i, { format: v.value as ValueFormat })}>
                    {(["percent", "count", "amount"] as const).map((x) => (
                      <option key={x} value={x}>
                        {f.trk.formats[x]}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label={s.direction}>
                  <Select value={k.direction} onChange={(_, v) => updateKpi(i, { direction: v.value as "higher" | "lower" })}>
                    <option value="higher">{f.trk.higher}</option>
                    <option value="lower">{f.trk.lower}</option>
                  </Select>
                </Field>
              </div>
              <Field
                label={s.rule}
                hint={ruleError ? undefined : feedback.text}
                validationState={ruleError ? "error" : feedback.text === s.ruleOk ? "success" : "none"}
                validationMessage={ruleError}
              >
                <Input className={styles.input} value={k.rule} placeholder={s.rulePlaceholder} onChange={(_, v) => updateKpi(i, { rule: v.value })} data-testid={`kpi-rule-${i}`} />
              </Field>
              <Field label={`${s.exampleActual}${k.format === "percent" ? " (%)" : ""}`}>
                <Input className={styles.input} inputMode="decimal" value={k.example} onChange={(_, v) => updateKpi(i, { example: v.value })} data-testid={`kpi-example-${i}`} />
              </Field>
              {feedback.example && !ruleError && (
                <Caption1 aria-live="polite" data-testid={`kpi-explain-${i}`}>
                  {feedback.example}
                </Caption1>
              )}
            </div>
          );
        })}
        <div className={styles.row}>
          <Button
            icon={<Add20Regular />}
            onClick={() =>
              update({ kpis: [...draft.kpis, { id: freeId("kpi", draft.kpis.map((k) => k.id)), name: "", weight: "", target: "", rule: "", direction: "higher", format: "count", example: "" }] })
            }
            data-testid="add-kpi"
          >
            {s.addKpi}
          </Button>
        </div>
        <Messages items={[{ intent: weightsOk ? "success" : "warning", title: "", body: weightsOk ? s.weightsOk : s.weightsAre(formatNumber(weightSum, language, 4)) }]} />
      </section>

      <section className={styles.section} aria-labelledby="sc-bands">
        <Subtitle2 as="h3" id="sc-bands" className={styles.heading}>
          {s.bandsHeading}
        </Subtitle2>
        <Caption1 className={styles.muted}>{s.bandsHint}</Caption1>
        {draft.bands.map((b, i) => (
          <div key={i} className={styles.members} style={{ gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr) auto", alignItems: "end" }}>
            <Field label={s.bandFrom(i + 1)} validationMessage={at(`scorecard.bands[${i}].from`)}>
              <Input className={styles.input} inputMode="decimal" value={b.from} onChange={(_, v) => update({ bands: draft.bands.map((x, j) => (j === i ? { ...x, from: v.value } : x)) })} />
            </Field>
            <Field label={s.bandPays(i + 1)} validationMessage={at(`scorecard.bands[${i}].pays`)}>
              <Input className={styles.input} inputMode="decimal" value={b.pays} onChange={(_, v) => update({ bands: draft.bands.map((x, j) => (j === i ? { ...x, pays: v.value } : x)) })} />
            </Field>
            <Button appearance="subtle" icon={<Delete20Regular />} aria-label={f.remove(s.bandFrom(i + 1))} onClick={() => update({ bands: draft.bands.filter((_, j) => j !== i) })} />
          </div>
        ))}
        <div className={styles.row}>
          <Button size="small" icon={<Add20Regular />} onClick={() => update({ bands: [...draft.bands, { from: "", pays: "" }] })}>
            {s.addBand}
          </Button>
        </div>
      </section>

      <section className={styles.section} aria-labelledby="sc-commission">
        <Subtitle2 as="h3" id="sc-commission" className={styles.heading}>
          {s.commissionHeading}
        </Subtitle2>
        <Switch checked={draft.commission} label={s.commissionOn} onChange={(_, v) => update({ commission: v.checked })} data-testid="commission" />
        {draft.commission && (
          <>
            {draft.tiers.map((x, i) => (
              <div key={i} className={styles.members} style={{ gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr) auto", alignItems: "end" }}>
                <Field label={s.tierFrom(i + 1)} validationMessage={at(`scorecard.commission.tiers[${i}].from`)}>
                  <Input className={styles.input} inputMode="decimal" value={x.from} onChange={(_, v) => update({ tiers: draft.tiers.map((y, j) => (j === i ? { ...y, from: v.value } : y)) })} />
                </Field>
                <Field label={s.tierRate(i + 1)} validationMessage={at(`scorecard.commission.tiers[${i}].rate`)}>
                  <Input className={styles.input} inputMode="decimal" value={x.rate} onChange={(_, v) => update({ tiers: draft.tiers.map((y, j) => (j === i ? { ...y, rate: v.value } : y)) })} />
                </Field>
                <Button appearance="subtle" icon={<Delete20Regular />} aria-label={f.remove(s.tierFrom(i + 1))} onClick={() => update({ tiers: draft.tiers.filter((_, j) => j !== i) })} />
              </div>
            ))}
            <div className={styles.row}>
              <Button size="small" icon={<Add20Regular />} onClick={() => update({ tiers: [...draft.tiers, { from: "", rate: "" }] })}>
                {s.addTier}
              </Button>
            </div>
            <RadioGroup aria-label={s.modeLabel} value={draft.mode} onChange={(_, v) => update({ mode: v.value as "marginal" | "whole" })}>
              <Radio value="marginal" label={s.modeMarginal} />
              <Radio value="whole" label={s.modeWhole} />
            </RadioGroup>
          </>
        )}
        <Messages items={problemsUnder(problems, "scorecard.commission", lang, (p) => /tiers\[\d+\]\.(from|rate)$/.test(p)).concat(problemsUnder(problems, "scorecard.bands", lang, (p) => /bands\[\d+\]\.(from|pays)$/.test(p))).map((body): PaneMessage => ({ intent: "warning", title: "", body }))} />
      </section>

      <section className={styles.section} aria-labelledby="sc-people">
        <Subtitle2 as="h3" id="sc-people" className={styles.heading}>
          {s.peopleHeading}
        </Subtitle2>
        <Caption1 className={styles.muted}>{s.peopleHint}</Caption1>
        {personSplits.length > 0 && (
          <Field label={s.peopleFromPlan}>
            <Select value={draft.peopleFrom ?? ""} onChange={(_, v) => update({ peopleFrom: v.value || undefined })} data-testid="sc-people-from">
              <option value="">—</option>
              {personSplits.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name ?? x.id}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {!draft.peopleFrom && (
          <Field label={s.peopleLabel}>
            <Textarea resize="vertical" rows={3} value={draft.peopleText} onChange={(_, v) => update({ peopleText: v.value })} data-testid="sc-people" />
          </Field>
        )}
        {plan?.scorecard?.people && <Caption1 data-testid="sc-people-count">{s.peopleCount(plan.scorecard.people.length)}</Caption1>}
        {!base && (
          <YearAndUnit f={f} year={year} unit={unit} onYear={setYear} onUnit={setUnit} yearProblem={at("year")} />
        )}
        {!plan && listed.length > 0 && <Messages items={listed} />}
      </section>

      <PlanOutput
        t={t}
        f={f}
        language={language}
        spec={spec}
        stored={stored.plan}
        fileName={s.fileName}
        renderPreview={(sheet) => <Preview sheet={{ ...sheet, rows: sheet.rows.slice(2), origin: "A3" }} language={language} label={t.pane.previewLabel(sheet.name)} maxRows={draft.kpis.length + 8} maxColumns={9} moreRows={t.pane.moreRows} />}
      />
    </div>
  );
}
