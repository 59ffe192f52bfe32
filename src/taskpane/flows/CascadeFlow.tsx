/*
 * The Cascade flow (逐层分解): one target split layer by layer down to every person. A manager
 * gives the company's target, the buffer and the target types, pastes the org list (or reads
 * it from the selection), and sees the tree: each node's target, what it hands down, its
 * buffer, its check, each level's totals, flags on bottom-up gaps. Changing a weight, a hold,
 * a buffer or how a node's children share works the plan out again and shows what moved.
 * Then the sheets are written, opened or downloaded, and one workbook per node goes out.
 *
 * In a workbook that holds a cascade (a region's own workbook, made with `--per 区域`), the
 * flow starts from its stored plan: the top's targets came from above and stay; the manager
 * splits them among the team (editing the nodes below, or pasting the team's list) and writes
 * the sheets again, beside the old ones (see CascadeOutput).
 *
 * The engine runs after each change, off the render (a tree of 5,000 people takes a moment):
 * the tree keeps its rows and says it is working.
 */
import * as React from "react";
import { Button, Caption1, Field, Input, Select, Spinner, Subtitle2, Switch, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowUndo20Regular, DocumentAdd20Regular, Flag16Filled, Search20Regular } from "@fluentui/react-icons";
import { type CascadeType, basisOf, cascadeTypes } from "../../sheets/cascade";
import { type CascadeTreeNode, cascadeTree } from "../../sheets/cascade-plan";
import { type Plan, type PlanProblem, UNIT_SCALE } from "../../sheets/plan";
import { Messages } from "../components/ActionBar";
import { WorkbenchTable } from "../components/WorkbenchTable";
import type { Workbench } from "../workbench/workbench";
import type { CellValue } from "../../sheets/spec";
import { useWorkbook } from "../services/context";
import { formatNumber } from "../services/format";
import type { PaneMessage } from "../services/messages";
import { CascadeNodePanel, decimalsOf } from "./CascadeNodePanel";
import { CascadeOutput } from "./CascadeOutput";
import { CascadePeople, CascadeSettings } from "./CascadeSetup";
import { CascadeTree } from "./CascadeTree";
import { type CascadeStrings, cascadeStrings } from "./cascade-i18n";
import {
  type CascadeDraft,
  type CascadeEdit,
  type Based,
  type OrgList,
  type TreeNode,
  type Worked,
  ancestorsOf,
  basePlan,
  basisEdits,
  expandedTo,
  isNodePlan,
  keyOf,
  levelSummaries,
  movedBy,
  newCascadeDraft,
  nodeChecks,
  problemsByNode,
  treeNodes,
  visibleRows,
  workOutEdits,
} from "./cascade-model";
import { formStrings } from "./forms-i18n";
import { useStoredPlanChecked } from "./forms/stored";
import { useFormStyles } from "./forms/styles";
import type { FlowProps } from "./types";

const useStyles = makeStyles({
  levels: { borderCollapse: "collapse", width: "100%", fontSize: tokens.fontSizeBase200, fontVariantNumeric: "tabular-nums" },
  th: { textAlign: "start", fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2, paddingBlock: tokens.spacingVerticalXXS, paddingInlineEnd: tokens.spacingHorizontalS, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  td: { paddingBlock: tokens.spacingVerticalXXS, paddingInlineEnd: tokens.spacingHorizontalS, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}` },
  num: { textAlign: "end" },
  flag: { color: tokens.colorPaletteMarigoldForeground1, verticalAlign: "middle" },
  tools: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(130px, 1fr))", gap: tokens.spacingHorizontalS, alignItems: "end", "& > *": { minWidth: 0 } },
  matches: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
});

/** Waits `ms` after the last change of `value` before giving it (typing in a big plan's form). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = React.useState(value);
  React.useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

interface Shown extends Worked {
  /** Grows with every run. */
  version: number;
  /** The result before this run (what moved). */
  before?: Worked["result"];
}

/** The Cascade flow. */
/**
 * A workbench sheet's values as rows from A1, each row only up to its own last cell (one
 * stray cell far right or far down does not pad every row to it).
 */
function sheetRows(workbench: Workbench, sheet: string): CellValue[][] {
  const rows: CellValue[][] = [];
  for (const [row, col, value] of workbench.cellsOf(sheet)) {
    while (rows.length <= row) rows.push([]);
    const line = rows[row];
    while (line.length < col) line.push("");
    line[col] = value;
  }
  return rows;
}

export function CascadeFlow({ t, language }: FlowProps): React.JSX.Element {
  const c = cascadeStrings(language);
  const f = formStrings(language);
  const lang = language === "zh-CN" ? "zh" : "en";
  const form = useFormStyles();
  const { port, workbench, version: bookVersion } = useWorkbook();
  // Outside Excel: the opened workbook's sheets (an org list exported from HR or CRM), not the plan's own.
  const workbenchSheets = React.useMemo(() => workbench?.visibleSheets() ?? [], [workbench, bookVersion]);
  const stored = useStoredPlanChecked();
  const [mode, setMode] = React.useState<"stored" | "new">();
  const [draft, setDraft] = React.useState<CascadeDraft>(() => newCascadeDraft(new Date().getFullYear(), lang));
  const [list, setList] = React.useState<OrgList>();
  const [batches, setBatches] = React.useState<CascadeEdit[][]>([]);
  const [protect, setProtect] = React.useState(false);
  const [shown, setShown] = React.useState<Shown>({ version: 0, problems: [], typos: [] });
  const [working, setWorking] = React.useState(false);

  // Start from the workbook's cascade when it has one.
  React.useEffect(() => {
    if (mode || stored.loading) return;
    setMode(stored.plan?.cascade ? "stored" : "new");
  }, [mode, stored.loading, stored.plan]);

  // ---- after every change: the plan worked out again, off the render ----
  const settledDraft = useSettled(draft, 250);
  const storedPlan = mode === "stored" ? stored.plan : undefined;
  const edits = React.useMemo(() => batches.flat(), [batches]);
  // The validated plan before the edits, kept while only the edits change (validating runs the engine too).
  const based = React.useRef<{ inputs: unknown[]; value: Based }>();
  React.useEffect(() => {
    if (!mode) return;
    setWorking(true);
    const timer = setTimeout(() => {
      const inputs = [storedPlan, mode === "new" ? settledDraft : undefined, list, lang];
      if (!based.current || based.current.inputs.some((x, i) => x !== inputs[i])) {
        based.current = { inputs, value: basePlan({ stored: storedPlan, draft: settledDraft, list, lang }) };
      }
      const worked = workOutEdits(based.current.value, edits);
      setShown((prev) => ({ ...worked, version: prev.version + 1, before: prev.result }));
      setWorking(false);
    }, 0);
    return () => clearTimeout(timer);
  }, [mode, storedPlan, settledDraft, list, edits, lang]);

  // A new list, a new plan: the edits were for the old one.
  const changeList = (next: OrgList | undefined) => {
    setList(next);
    setBatches([]);
  };
  const startNew = () => {
    setMode("new");
    setList(undefined);
    setBatches([]);
  };

  const { plan, result, problems } = shown;
  const nodePlan = mode === "stored" && storedPlan !== undefined && isNodePlan(storedPlan);
  const unit = plan?.unit ?? (mode === "new" ? draft.unit : "元");
  const scale = UNIT_SCALE[unit];
  const types: CascadeType[] = React.useMemo(() => result?.types ?? (plan ? safeTypes(plan) : []), [result, plan]);
  const primary = types.find((x) => x.primary);

  // ---- the tree ----
  const nodes = React.useMemo(() => (plan ? treeNodes(plan, result) : []), [plan, result]);
  const treeKey = React.useMemo(() => nodes.filter((n) => n.depth <= 1).map((n) => n.name).join("\u0000"), [nodes]);
  const [expanded, setExpanded] = React.useState<Set<string>>(new Set());
  const [selectedKey, setSelectedKey] = React.useState<string>();
  // A new tree opens two levels deep, the top selected.
  React.useEffect(() => {
    if (!nodes.length) return;
    setExpanded(expandedTo(nodes, Math.min(2, Math.max(1, nodes[nodes.length - 1].depth))));
    setSelectedKey(keyOf([]));
    // Only when the tree is another one (its top and first level), not after every edit.
  }, [treeKey]);
  const byKey = React.useMemo(() => new Map(nodes.map((n) => [keyOf(n.path), n.index])), [nodes]);
  const selected = selectedKey !== undefined ? byKey.get(selectedKey) : undefined;
  const rows = React.useMemo(() => visibleRows(nodes, expanded), [nodes, expanded]);
  const moved = React.useMemo(() => (result && primary ? movedBy(shown.before, result, primary.index) : new Map<string, number>()), [shown, result, primary]);
  const failing = React.useMemo(() => new Set(result ? result.nodes.filter((n) => !nodeChecks(result, n.index).every((p) => p.ok)).map((n) => n.index) : []), [result]);
  const atNodes = React.useMemo(() => problemsByNode(problems, nodes), [problems, nodes]);
  const withProblems = React.useMemo(() => new Set(atNodes.byNode.keys()), [atNodes]);
  const treeByKey = React.useMemo(() => {
    const out = new Map<string, CascadeTreeNode>();
    if (!plan) return out;
    const walk = (n: CascadeTreeNode, path: string[]) => {
      out.set(keyOf(path), n);
      for (const k of n.children) walk(k, [...path, k.name]);
    };
    walk(cascadeTree(plan), []);
    return out;
  }, [plan]);

  const toggle = (key: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const reveal = (index: number) => {
    setExpanded((prev) => new Set([...prev, ...ancestorsOf(nodes, index)]));
    setSelectedKey(keyOf(nodes[index].path));
  };
  const edit = (more: CascadeEdit[]) => setBatches((b) => [...b, more]);

  // ---- what is wrong, where ----
  const fieldPaths = new Set(["title", "year", "cascade.root.name", "cascade.targets[0].total", "cascade.buffer", ...draft.extra.flatMap((_, i) => [`cascade.targets[${i + 1}]`, `cascade.targets[${i + 1}].total`, `cascade.targets[${i + 1}].value`])]);
  const general = (plan ? atNodes.rest : problems).filter((p) => mode !== "new" || !fieldPaths.has(p.path));

  if (!mode) return <Spinner size="small" label={t.pane.portLoading} />;
  const selectedNode = selected !== undefined ? nodes[selected] : undefined;
  const selectedTree = selectedNode ? treeByKey.get(keyOf(selectedNode.path)) : undefined;
  const parentTree = selectedNode && selectedNode.parent >= 0 ? treeByKey.get(keyOf(nodes[selectedNode.parent].path)) : undefined;

  return (
    <div className={form.flow}>
      {mode === "stored" && storedPlan && (
        <Messages
          items={[
            {
              intent: "info",
              title: "",
              body: nodePlan ? c.nodePlan(storedPlan.cascade!.root!.name, storedPlan.cascade!.company!) : c.storedLoaded(storedPlan.title),
            },
          ]}
        />
      )}
      {stored.invalid && <Messages items={[{ intent: "warning", title: "", body: f.storedInvalid }]} />}
      {mode === "stored" && (
        <div className={form.row}>
          <Button size="small" appearance="secondary" icon={<DocumentAdd20Regular />} onClick={startNew} data-testid="cascade-start-new">
            {c.startNew}
          </Button>
        </div>
      )}

      {workbench && <WorkbenchTable t={t} language={language} workbench={workbench} pickColumn={false} />}
      {mode === "new" && <CascadeSettings c={c} f={f} draft={draft} onChange={(change) => setDraft((d) => ({ ...d, ...change }))} problems={problems} typos={shown.typos} lang={lang} />}
      <CascadePeople
        c={c}
        f={f}
        unit={unit}
        list={list}
        onList={changeList}
        readSelection={port?.kind === "excel" ? () => port.readSelection() : undefined}
        sheets={workbench ? { names: workbenchSheets, table: (sheet) => sheetRows(workbench, sheet) } : undefined}
        replacing={mode === "stored" ? storedPlan?.cascade?.root?.name : undefined}
        lang={lang}
      />

      <section className={form.section} aria-labelledby="cascade-tree-heading">
        <Subtitle2 as="h3" id="cascade-tree-heading" className={form.heading}>
          {c.treeHeading}
        </Subtitle2>
        {working && <Spinner size="tiny" labelPosition="after" label={c.working(nodes.length)} data-testid="cascade-working" />}
        <Messages
          items={[
            ...general.slice(0, 6).map((p): PaneMessage => ({ intent: "warning", title: "", body: describeProblem(p, plan, lang) })),
            ...(general.length > 6 ? [{ intent: "info" as const, title: "", body: c.moreProblems(general.length - 6) }] : []),
            ...(problems.length && plan ? [{ intent: "info" as const, title: "", body: c.fixFirst(problems.length) }] : []),
          ]}
        />
        {result && primary && <LevelTable c={c} language={language} result={result} decimals={decimalsOf(primary)} unitWord={primary.kind === "amount" ? unit : ""} />}
        {nodes.length > 0 && (
          <>
            <TreeTools c={c} nodes={nodes} onExpandTo={(d) => setExpanded(expandedTo(nodes, d))} onFound={reveal} />
            <CascadeTree
              c={c}
              language={language}
              nodes={nodes}
              rows={rows}
              type={primary?.index ?? 0}
              decimals={primary ? decimalsOf(primary) : 0}
              expanded={expanded}
              onToggle={toggle}
              selected={selected}
              onSelect={(i) => setSelectedKey(keyOf(nodes[i].path))}
              moved={moved}
              failing={failing}
              problems={withProblems}
            />
            <div className={form.row}>
              <Caption1 className={form.muted}>{c.treeCaption(primary ? `${primary.name ?? c.defaultAmount}${primary.kind === "amount" ? ` (${unit})` : ""}` : "")}</Caption1>
              {batches.length > 0 && (
                <Button size="small" appearance="subtle" icon={<ArrowUndo20Regular />} onClick={() => setBatches((b) => b.slice(0, -1))} data-testid="cascade-undo">
                  {c.undo(batches.length)}
                </Button>
              )}
            </div>
          </>
        )}
        {selectedNode && selectedTree && (
          <CascadeNodePanel
            key={keyOf(selectedNode.path)}
            c={c}
            language={language}
            node={selectedNode}
            fields={selectedTree.fields}
            parentBasis={parentTree ? basisOf(parentTree) : undefined}
            ownBasis={selectedTree.children.length ? basisOf(selectedTree) : undefined}
            result={result}
            types={types}
            scale={scale}
            unitWord={unit}
            topLocked={nodePlan}
            parentName={selectedNode.parent >= 0 ? nodes[selectedNode.parent].name : undefined}
            problems={atNodes.byNode.get(selectedNode.index) ?? []}
            lang={lang}
            onEdit={edit}
            onBasis={(basis) => edit(result ? basisEdits(result, selectedNode.index, basis) : [{ kind: "node", path: selectedNode.path, patch: { basis } }])}
            onSelect={reveal}
          />
        )}
      </section>

      <Switch checked={protect} label={f.protectLabel} onChange={(_, v) => setProtect(v.checked)} />
      {plan && result && !working && <CascadeOutput t={t} c={c} f={f} language={language} plan={plan} result={result} version={shown.version} stored={stored.plan} protect={protect} />}
    </div>
  );
}

/** The types of a plan whose cascade cannot be worked out yet (for the editor's boxes). */
function safeTypes(plan: Plan): CascadeType[] {
  try {
    return cascadeTypes(plan);
  } catch {
    return [];
  }
}

/** A problem in words, its place named: a person of the list by name, else its JSON path. */
export function describeProblem(p: PlanProblem, plan: Plan | undefined, lang: "en" | "zh"): string {
  const person = /^cascade\.people\[(\d+)\]/.exec(p.path);
  const who = person ? plan?.cascade?.people?.[Number(person[1])] : undefined;
  const where = who ? [...who.path, who.name].join(" / ") : p.path;
  return `${where}: ${p.message[lang]}`;
}

/** Each level: how many nodes, their targets, what they hand down, flagged gaps. */
function LevelTable({ c, language, result, decimals, unitWord }: { c: CascadeStrings; language: FlowProps["language"]; result: NonNullable<Worked["result"]>; decimals: number; unitWord: string }): React.JSX.Element {
  const styles = useStyles();
  const levels = React.useMemo(() => levelSummaries(result), [result]);
  const n = (x: number) => formatNumber(x, language, decimals);
  return (
    <table className={styles.levels} data-testid="cascade-levels">
      <caption className={styles.th}>{c.levelsCaption(unitWord)}</caption>
      <thead>
        <tr>
          <th className={styles.th} scope="col">
            {c.colLevel}
          </th>
          <th className={`${styles.th} ${styles.num}`} scope="col">
            {c.colNodes}
          </th>
          <th className={`${styles.th} ${styles.num}`} scope="col">
            {c.colTarget}
          </th>
          <th className={`${styles.th} ${styles.num}`} scope="col">
            {c.colHandedDown}
          </th>
        </tr>
      </thead>
      <tbody>
        {levels.map((l) => (
          <tr key={l.depth} data-testid="cascade-level">
            <th className={styles.td} scope="row">
              {l.label ?? c.levelN(l.depth + 1)}{" "}
              {l.flags > 0 && (
                <span className={styles.flag} role="img" aria-label={c.levelFlags(l.flags)}>
                  <Flag16Filled />
                </span>
              )}
            </th>
            <td className={`${styles.td} ${styles.num}`}>{formatNumber(l.nodes, language, 0)}</td>
            <td className={`${styles.td} ${styles.num}`}>{n(l.target)}</td>
            <td className={`${styles.td} ${styles.num}`}>{l.handedDown === null ? "–" : n(l.handedDown)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Open the tree down to a level; find a node by name and reveal it. */
function TreeTools({ c, nodes, onExpandTo, onFound }: { c: CascadeStrings; nodes: readonly TreeNode[]; onExpandTo: (depth: number) => void; onFound: (index: number) => void }): React.JSX.Element {
  const styles = useStyles();
  const [query, setQuery] = React.useState("");
  const depth = nodes.reduce((d, n) => Math.max(d, n.depth), 0);
  const labels = Array.from({ length: depth + 1 }, (_, d) => nodes.find((n) => n.depth === d && n.level !== undefined)?.level ?? c.levelN(d + 1));
  const q = query.trim().toLowerCase();
  const matches = q ? nodes.filter((n) => !n.vacancy && n.name.toLowerCase().includes(q)).slice(0, 8) : [];
  return (
    <>
      <div className={styles.tools}>
        <Field label={c.showDownTo}>
          <Select defaultValue="" onChange={(_, v) => v.value !== "" && onExpandTo(Number(v.value))} data-testid="cascade-expand-to">
            <option value="" disabled>
              {c.chooseLevel}
            </option>
            {labels.map((l, d) => (
              <option key={d} value={String(d)}>
                {l}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={c.find}>
          <Input contentBefore={<Search20Regular />} value={query} onChange={(_, v) => setQuery(v.value)} placeholder={c.findPlaceholder} data-testid="cascade-find" />
        </Field>
      </div>
      {q && (
        <div className={styles.matches} data-testid="cascade-matches">
          {matches.length === 0 ? (
            <Caption1>{c.noMatch}</Caption1>
          ) : (
            matches.map((n) => (
              <Button key={n.index} size="small" appearance="outline" onClick={() => onFound(n.index)}>
                {n.path.join(" / ")}
              </Button>
            ))
          )}
        </div>
      )}
    </>
  );
}

