/*
 * The node the manager picked in the tree: what it carries (its target for every type, what
 * it hands down and its buffer, its quarters, the commitment and the gap, its check part by
 * part) and what they may change on it — its share among its siblings (a weight, a
 * percentage or last year's figure, by how its parent splits), a held amount, its buffer and
 * how its children share, a commitment, a start month, an owner; at the top, its targets
 * (unless they were handed down from above). Apply (or Enter) sends the change; the flow
 * works the plan out again and the tree shows what moved.
 */
import * as React from "react";
import { Body1, Button, Caption1, Field, Input, Select, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowUp20Regular, Checkmark20Regular, CheckmarkCircle16Filled, DismissCircle16Filled } from "@fluentui/react-icons";
import type { CascadeResult, CascadeType } from "../../sheets/cascade";
import type { CascadeBasis, CascadeNodeFields, CascadeNodePatch } from "../../sheets/cascade-plan";
import type { PlanProblem } from "../../sheets/plan";
import type { Language } from "../i18n";
import { formatNumber, formatPercent } from "../services/format";
import type { CascadeStrings } from "./cascade-i18n";
import { type CascadeEdit, type TreeNode, nodeChecks, shareField } from "./cascade-model";
import { numberText, percentText, readNumber, readPercent } from "./forms/numbers";
import { useFormStyles } from "./forms/styles";

const useStyles = makeStyles({
  facts: { display: "grid", gridTemplateColumns: "auto minmax(0, 1fr)", columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXXS, margin: 0 },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, fontVariantNumeric: "tabular-nums", overflowWrap: "anywhere" },
  checks: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, margin: 0, padding: 0, listStyleType: "none" },
  check: { display: "flex", gap: tokens.spacingHorizontalXS, alignItems: "flex-start" },
  ok: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0, display: "flex", paddingTop: "2px" },
  bad: { color: tokens.colorPaletteRedForeground1, flexShrink: 0, display: "flex", paddingTop: "2px" },
  flag: { color: tokens.colorPaletteMarigoldForeground1 },
});

/** Decimals a type's figures show with: none for whole units, else up to four. */
export const decimalsOf = (t: CascadeType): number => (t.roundTo >= 1 ? 0 : 4);

export interface CascadeNodePanelProps {
  c: CascadeStrings;
  language: Language;
  node: TreeNode;
  /** What the plan writes on the node (the values to edit). */
  fields: CascadeNodeFields;
  /** How its parent splits (none at the top), and how it splits its own children. */
  parentBasis: CascadeBasis | undefined;
  ownBasis: CascadeBasis | undefined;
  /** The worked-out cascade (absent while the plan has problems). */
  result: CascadeResult | undefined;
  /** The types with their tops (from the last result, or as written). */
  types: readonly CascadeType[];
  /** 元 per display unit of amounts, and its word. */
  scale: number;
  unitWord: string;
  /** The top's targets came from above (a node's own workbook): not editable. */
  topLocked: boolean;
  /** Its parent's name (to go up to it). */
  parentName: string | undefined;
  problems: readonly PlanProblem[];
  lang: "en" | "zh";
  onEdit: (edits: CascadeEdit[]) => void;
  /** Its children share another way (the flow sets their weights to their present shares). */
  onBasis: (basis: CascadeBasis) => void;
  onSelect: (index: number) => void;
}

/** The boxes of the editor, as typed. */
interface Boxes {
  share: string;
  held: string;
  buffer: string;
  commitment: string;
  startMonth: string;
  owner: string;
  basis: string;
  /** Top only: each type's figure by id. */
  tops: Record<string, string>;
}

const toDisplay = (x: number | undefined, scale: number) => (x === undefined ? undefined : Number((x / scale).toPrecision(15)));
const toYuan = (x: number, scale: number) => Number((x * scale).toPrecision(15));

/** The node's details and its editor. */
export function CascadeNodePanel(props: CascadeNodePanelProps): React.JSX.Element {
  const { c, language, node, fields, result, types, scale, unitWord } = props;
  const styles = useStyles();
  const form = useFormStyles();
  const isTop = node.parent < 0;
  const hasKids = node.children.length > 0;
  const share = shareField(props.parentBasis);
  const initial = React.useMemo<Boxes>(
    () => ({
      share: share === "weight" ? numberText(fields.weight) : share === "lastYear" ? numberText(toDisplay(fields.lastYear, scale)) : "",
      held: numberText(toDisplay(fields.held, scale)),
      buffer: fields.buffer !== undefined ? percentText(fields.buffer) : "",
      commitment: numberText(toDisplay(fields.commitment, scale)),
      startMonth: fields.startMonth !== undefined ? String(fields.startMonth) : "",
      owner: fields.owner ?? "",
      basis: props.ownBasis ?? "even",
      tops: Object.fromEntries(types.map((t) => [t.id, t.kind === "rate" ? percentText(t.top) : numberText(t.top)])),
    }),
    [fields, share, scale, props.ownBasis, types],
  );
  const [boxes, setBoxes] = React.useState<Boxes>(initial);
  const [wrong, setWrong] = React.useState<Partial<Record<keyof Boxes | string, string>>>({});
  // Another node picked, or the plan worked out again: the boxes show what the plan says now.
  React.useEffect(() => {
    setBoxes(initial);
    setWrong({});
  }, [initial]);
  const set = (change: Partial<Boxes>) => setBoxes((b) => ({ ...b, ...change }));

  /** The edits the boxes make (only what changed); the boxes' problems instead when a box is wrong. */
  const editsOf = (): CascadeEdit[] | undefined => {
    const bad: Record<string, string> = {};
    const patch: CascadeNodePatch = {};
    const amount = (key: keyof Boxes, text: string, field: "weight" | "lastYear" | "held" | "commitment", inYuan: boolean) => {
      if (text === initial[key]) return;
      const v = readNumber(text);
      if (v === undefined) return void (patch[field] = null);
      if (Number.isNaN(v) || v < 0) return void (bad[key] = c.notAmount);
      patch[field] = inYuan ? toYuan(v, scale) : v;
    };
    if (!isTop && share) amount("share", boxes.share, share, share === "lastYear");
    if (!isTop) amount("held", boxes.held, "held", true);
    amount("commitment", boxes.commitment, "commitment", true);
    if (hasKids && boxes.buffer !== initial.buffer) {
      const v = readPercent(boxes.buffer);
      if (v === undefined) patch.buffer = null;
      else if (Number.isNaN(v) || v < 0 || v > 10) bad.buffer = c.notBuffer;
      else patch.buffer = v;
    }
    if (node.person && boxes.startMonth !== initial.startMonth) patch.startMonth = boxes.startMonth === "" ? null : Number(boxes.startMonth);
    if (boxes.owner !== initial.owner) patch.owner = boxes.owner.trim() === "" ? null : boxes.owner.trim();
    const edits: CascadeEdit[] = [];
    if (isTop && !props.topLocked) {
      for (const t of types) {
        const text = boxes.tops[t.id];
        if (text === initial.tops[t.id]) continue;
        const v = t.kind === "rate" ? readPercent(text) : readNumber(text);
        if (v === undefined || Number.isNaN(v) || v < 0) bad[`top:${t.id}`] = c.notAmount;
        else edits.push({ kind: "top", type: t.id, figure: t.kind === "amount" ? toYuan(v, t.scale) : v });
      }
    }
    setWrong(bad);
    if (Object.keys(bad).length) return undefined;
    if (Object.keys(patch).length) edits.unshift({ kind: "node", path: node.path, patch });
    return edits;
  };
  const apply = () => {
    const edits = editsOf();
    if (edits?.length) props.onEdit(edits);
  };
  const onEnter = (e: React.KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      apply();
    }
  };
  const changed = JSON.stringify(boxes) !== JSON.stringify(initial);
  const name = node.vacancy ? c.vacancy : node.name;
  const level = node.level ?? c.levelN(node.depth + 1);
  const rn = result?.nodes[node.index];

  return (
    <section className={form.card} aria-labelledby="cascade-node-heading" data-testid="cascade-node">
      <div className={form.cardHead}>
        <Subtitle2 as="h4" id="cascade-node-heading" className={form.heading}>
          {c.nodeHeading(level, name)}
        </Subtitle2>
        {props.parentName !== undefined && (
          <Button size="small" appearance="subtle" icon={<ArrowUp20Regular />} onClick={() => props.onSelect(node.parent)} title={c.upTo(props.parentName)} aria-label={c.upTo(props.parentName)} />
        )}
      </div>

      {rn ? (
        <dl className={styles.facts} data-testid="cascade-node-facts">
          {rn.owner !== undefined && <Fact term={c.owner} value={rn.owner} />}
          <Fact term={c.deadline} value={rn.deadline} />
          {rn.person && rn.startMonth > 1 && <Fact term={c.startMonth} value={c.monthName(rn.startMonth)} />}
          {result!.types.map((t) => {
            const fig = rn.figures[t.index];
            const label = t.name ?? (t.kind === "amount" ? c.defaultAmount : t.id);
            if (!t.numeric) return <Fact key={t.id} term={label} value={`${t.direction === "lower" ? "≤" : "≥"} ${formatPercent(fig.annual, language)}${fig.ownRate ? "" : ` ${c.inherited}`}`} />;
            const d = decimalsOf(t);
            const unit = t.kind === "amount" ? ` ${unitWord}` : "";
            const held = fig.held > 0 ? ` ${c.heldNote}` : "";
            return (
              <React.Fragment key={t.id}>
                <Fact term={label} value={`${formatNumber(fig.annual, language, d)}${unit}${held}`} testId={`cascade-node-target-${t.index}`} />
                {fig.handedDown !== null && <Fact term={c.handsDown} value={`${formatNumber(fig.handedDown, language, d)}${unit} (${c.bufferIs(formatPercent(fig.buffer, language))})`} testId={`cascade-node-handed-${t.index}`} />}
                <Fact term={c.quarters} value={fig.quarters.map((q, i) => `Q${i + 1} ${formatNumber(q, language, d)}`).join(" · ")} />
                {fig.bottomUp !== null && (
                  <Fact
                    term={c.committed}
                    value={`${formatNumber(fig.bottomUp, language, d)}${unit}${fig.gapShare !== null ? ` (${c.gapIs(`${fig.gap! >= 0 ? "+" : "−"}${formatPercent(Math.abs(fig.gapShare), language)}`)})` : ""}${fig.flag ? ` ${c.flaggedWord}` : ""}`}
                  />
                )}
              </React.Fragment>
            );
          })}
        </dl>
      ) : (
        <Caption1 className={form.muted}>{c.noFiguresYet}</Caption1>
      )}

      {rn && (
        <div>
          <Caption1>
            <strong>{c.checkHeading}</strong>
          </Caption1>
          <ul className={styles.checks} data-testid="cascade-node-checks">
            {nodeChecks(result!, node.index).map((p, i) => {
              const t = result!.types[p.type];
              const d = decimalsOf(t);
              const label = t.name ?? (t.kind === "amount" ? c.defaultAmount : t.id);
              return (
                <li key={i} className={styles.check}>
                  <span className={p.ok ? styles.ok : styles.bad} role="img" aria-label={p.ok ? c.checkOk : c.checkBad}>
                    {p.ok ? <CheckmarkCircle16Filled /> : <DismissCircle16Filled />}
                  </span>
                  <Caption1>{c.checkPart(p.what, label, formatNumber(p.got, language, d), formatNumber(p.want, language, d))}</Caption1>
                </li>
              );
            })}
          </ul>
        </div>
      )}

      {props.problems.map((p, i) => (
        <div key={i} className={form.error} role="alert">
          {p.message[props.lang]}
        </div>
      ))}

      <Body1>
        <strong>{c.changeHeading}</strong>
      </Body1>
      {isTop && props.topLocked && <Caption1 className={form.muted}>{c.topLocked}</Caption1>}
      <div className={form.pair}>
        {isTop &&
          !props.topLocked &&
          types.map((t) => (
            <Field key={t.id} label={t.kind === "rate" ? c.rateLabel(t.name ?? t.id) : c.topTargetLabel(t.name ?? (t.kind === "amount" ? c.defaultAmount : t.id), t.kind === "amount" ? unitWord : "")} validationMessage={wrong[`top:${t.id}`]}>
              <Input className={form.input} inputMode="decimal" value={boxes.tops[t.id] ?? ""} onChange={(_, v) => set({ tops: { ...boxes.tops, [t.id]: v.value } })} onKeyDown={onEnter} data-testid={`cascade-edit-top-${t.id}`} />
            </Field>
          ))}
        {!isTop && share && (
          <Field label={share === "lastYear" ? c.lastYearLabel(unitWord) : props.parentBasis === "percent" ? c.percentLabel : c.weightLabel} validationMessage={wrong.share}>
            <Input className={form.input} inputMode="decimal" value={boxes.share} placeholder={fields.rest ? c.restPlaceholder : undefined} onChange={(_, v) => set({ share: v.value })} onKeyDown={onEnter} data-testid="cascade-edit-share" />
          </Field>
        )}
        {!isTop && (
          <Field label={c.heldLabel(unitWord)} validationMessage={wrong.held}>
            <Input className={form.input} inputMode="decimal" value={boxes.held} placeholder={c.heldPlaceholder} onChange={(_, v) => set({ held: v.value })} onKeyDown={onEnter} data-testid="cascade-edit-held" />
          </Field>
        )}
        {hasKids && (
          <Field label={c.bufferLabel} validationMessage={wrong.buffer}>
            <Input className={form.input} inputMode="decimal" value={boxes.buffer} placeholder={c.bufferPlaceholder} onChange={(_, v) => set({ buffer: v.value })} onKeyDown={onEnter} data-testid="cascade-edit-buffer" />
          </Field>
        )}
        <Field label={c.commitmentLabel(unitWord)} validationMessage={wrong.commitment}>
          <Input className={form.input} inputMode="decimal" value={boxes.commitment} onChange={(_, v) => set({ commitment: v.value })} onKeyDown={onEnter} data-testid="cascade-edit-commitment" />
        </Field>
        {node.person && (
          <Field label={c.startMonth}>
            <Select value={boxes.startMonth} onChange={(_, v) => set({ startMonth: v.value })} data-testid="cascade-edit-start">
              <option value="">{c.wholeYear}</option>
              {Array.from({ length: 11 }, (_, i) => i + 2).map((m) => (
                <option key={m} value={String(m)}>
                  {c.monthName(m)}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {!node.vacancy && (
          <Field label={c.owner}>
            <Input className={form.input} value={boxes.owner} placeholder={node.person ? node.name : undefined} onChange={(_, v) => set({ owner: v.value })} onKeyDown={onEnter} data-testid="cascade-edit-owner" />
          </Field>
        )}
      </div>
      {!isTop && !share && <Caption1 className={form.muted}>{c.evenHint}</Caption1>}
      <div className={form.row}>
        <Button appearance="primary" icon={<Checkmark20Regular />} disabled={!changed} onClick={apply} data-testid="cascade-apply-edit">
          {c.applyChange}
        </Button>
        {changed && (
          <Button appearance="subtle" onClick={() => setBoxes(initial)}>
            {c.resetChange}
          </Button>
        )}
      </div>
      {hasKids && (
        <Field label={c.basisLabel} hint={c.basisHint}>
          <Select
            value={boxes.basis}
            onChange={(_, v) => props.onBasis(v.value as CascadeBasis)}
            data-testid="cascade-edit-basis"
          >
            {(["weights", "percent", "lastYear", "even"] as const).map((b) => (
              <option key={b} value={b}>
                {c.basis[b]}
              </option>
            ))}
          </Select>
        </Field>
      )}
    </section>
  );
}

function Fact({ term, value, testId }: { term: string; value: string; testId?: string }): React.JSX.Element {
  const styles = useStyles();
  return (
    <>
      <dt className={styles.term}>
        <Caption1>{term}</Caption1>
      </dt>
      <dd className={styles.value} data-testid={testId}>
        <Caption1>{value}</Caption1>
      </dd>
    </>
  );
}
