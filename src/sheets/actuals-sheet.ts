/**
 * Actuals in, step 3: where the actuals go, and what changes. The tracking sheet is found and
 * read as its builder made it — never by guessing: the workbook's stored plan says which
 * tracking sheets exist (the plan's `tracking` section, the cascade's tracking rows) and what
 * their rows are; the builders (`buildTrackingSheet`, `buildCascadeSheets`) say where each
 * month's actual cell is (`TRACKING_LAYOUT`: month m's actual is column G + 2m + 1, rows from
 * 6) and which of them are formulas (a cascade group's row adds its people up); a sheet of the
 * workbook is taken for that tracking sheet only when its month headers are the builder's
 * (in English or Chinese) and its names column holds the plan's rows in order.
 *
 * Then the changes: one per matched name and month, only ever an actual cell, never a target
 * and never a formula; a cell that holds a number already is left (and listed) unless the
 * manager chose to overwrite filled cells. Amounts are turned from the export's unit into the
 * sheet's (the plan's unit, for amount rows; percent and count rows take the figure as it is).
 */
import { type ExportRead, EXPORT_UNIT_SCALE, type Words } from "./actuals";
import type { NameMatching } from "./actuals-match";
import { buildCascadeSheets } from "./cascade-workbook";
import type { SheetLang } from "./i18n";
import { type Plan, type TrackingRow, planScale, validatePlan } from "./plan";
import type { CellSpec, CellValue } from "./spec";
import { colLetter } from "./formulas";
import { TRACKING_LAYOUT, buildTrackingSheet, excelSerial } from "./tracking";

/** One tracking sheet the stored plan describes, as its builder lays it out. */
export interface TrackingLayout {
  /** "tracking": the plan's tracking section; "cascade": the cascade's tracking rows. */
  section: "tracking" | "cascade";
  /** The sheet's name as the builder names it, per language (a workbook may hold it renamed: "Tracking (2)"). */
  sheetNames: Record<SheetLang, string>;
  /** The header row (row 5) as built, per language. */
  header: Record<SheetLang, string[]>;
  /** The rows' names in order, per language (a cascade group's row is "华东一组（合计）" / "East 1 (total)"). */
  names: Record<SheetLang, string[]>;
  /** Each row's format: amounts are shown in the plan's unit. */
  formats: ("amount" | "percent" | "count")[];
  /** Rows whose actual cells are formulas (a cascade group adding its people up): never written. */
  formulaRows: Set<number>;
}

/** A tracking sheet of the workbook, found. */
export interface FoundTracking {
  sheet: string;
  layout: TrackingLayout;
  lang: SheetLang;
}

/** How {@link findTrackingSheets} reads the workbook (a WorkbookPort inside the pane, the .xlsx in the CLI). */
export interface TrackingReader {
  sheetNames(): Promise<string[]>;
  /** The `Check_*` names and their sheets. */
  checks(): Promise<{ name: string; sheet: string }[]>;
  /**
   * A range's cells as `Range.formulas` gives them: "=…" for a formula, the constant
   * otherwise, "" for a blank cell; row by row.
   */
  formulas(sheet: string, address: string): Promise<CellValue[][]>;
}

/** Why actuals cannot go into a workbook, in both languages. */
export class ActualsError extends Error {
  constructor(
    readonly kind: "noPlan" | "badPlan" | "noTracking" | "notFound",
    readonly words: Words,
  ) {
    super(words.en);
    this.name = "ActualsError";
  }

  /** The message in the given language. */
  messageIn(lang: "en" | "zh"): string {
    return this.words[lang];
  }
}

const FIRST = TRACKING_LAYOUT.firstDataRow;
const MONTH0 = TRACKING_LAYOUT.firstMonthCol;
const HEADER = FIRST - 1;
/** The tracking sheet's width (name … check): its header row is A5:AK5. */
const WIDTH = TRACKING_LAYOUT.checkCol + 1;

/** The address of tracking row `index`'s actual for month `m` (0 = January). */
export function actualAddress(index: number, month: number): string {
  return `${colLetter(MONTH0 + 2 * month + 1)}${FIRST + index + 1}`;
}

const shown = (c: CellSpec | null | undefined): string => (c && "v" in c && c.v !== null ? String(c.v) : "");

/**
 * The tracking sheets a plan asks for, laid out as their builders lay them out.
 *
 * The plan's own tracking sheet is laid out from a one-row build per language (its header and
 * name; rows never change the columns) and the plan's rows (the builder writes them in order,
 * each actual a constant); the cascade's is built in full per language (its group rows are
 * formulas, its names the builder's).
 * @example trackingLayouts(seedPlan)[0].header.zh[7] // "1月实际"
 */
export function trackingLayouts(plan: Plan): TrackingLayout[] {
  const out: TrackingLayout[] = [];
  const t = plan.tracking;
  if (t) {
    const one = (lang: SheetLang) => buildTrackingSheet({ ...plan, tracking: { ...t, rows: [t.rows[0]] } }, { lang, asOf: `${plan.year}-01-01` }).sheet;
    const en = one("en");
    const zh = one("zh");
    const names = t.rows.map((r) => r.name);
    out.push({
      section: "tracking",
      sheetNames: { en: en.name, zh: zh.name },
      header: { en: en.rows[HEADER].map(shown), zh: zh.rows[HEADER].map(shown) },
      names: { en: names, zh: names },
      formats: t.rows.map((r: TrackingRow) => r.format ?? "amount"),
      formulaRows: new Set(),
    });
  }
  if (plan.cascade?.tracking) {
    const cascadeEn = buildCascadeSheets(plan, { lang: "en", asOf: `${plan.year}-01-01` });
    const en = cascadeEn.sheets.find((s) => s.kind === "tracking");
    const zh = buildCascadeSheets(plan, { lang: "zh", asOf: `${plan.year}-01-01`, result: cascadeEn.result }).sheets.find((s) => s.kind === "tracking");
    // The rows' values are the cascade's primary target type: amounts (in the plan's unit) or counts.
    const format = cascadeEn.result.types.find((x) => x.primary)?.kind === "amount" ? ("amount" as const) : ("count" as const);
    if (en && zh) {
      const data = en.rows.slice(FIRST);
      out.push({
        section: "cascade",
        sheetNames: { en: en.name, zh: zh.name },
        header: { en: en.rows[HEADER].map(shown), zh: zh.rows[HEADER].map(shown) },
        names: { en: data.map((r) => shown(r[0])), zh: zh.rows.slice(FIRST).map((r) => shown(r[0])) },
        formats: data.map(() => format),
        formulaRows: new Set(data.flatMap((r, i) => (r.some((c, j) => j > MONTH0 && (j - MONTH0) % 2 === 1 && j < MONTH0 + 24 && c !== null && "f" in c) ? [i] : []))),
      });
    }
  }
  return out;
}

/** Whether a sheet's header row and names column are a layout's, and in which language; or why not. */
export function matchLayout(layout: TrackingLayout, header: CellValue[], names: CellValue[]): { lang: SheetLang } | { why: Words } {
  const months = (h: readonly (CellValue | string)[]) => h.slice(MONTH0, MONTH0 + 24).map((v) => String(v ?? "").trim());
  const got = months(header);
  const lang = (["zh", "en"] as const).find((l) => months(layout.header[l]).every((w, i) => w === got[i]));
  if (!lang) {
    const want = months(layout.header.zh);
    const i = got.findIndex((v, j) => v !== want[j] && v !== months(layout.header.en)[j]);
    const at = `${colLetter(MONTH0 + Math.max(0, i))}${HEADER + 1}`;
    return {
      why: {
        en: `${at} holds "${got[Math.max(0, i)] ?? ""}" where the tracking sheet has "${months(layout.header.en)[Math.max(0, i)]}" (or "${want[Math.max(0, i)]}"): it is not laid out as Target Planner made it.`,
        zh: `${at} 为“${got[Math.max(0, i)] ?? ""}”，而目标管理表此处应为“${want[Math.max(0, i)]}”：此表不是“目标规划”生成的格式。`,
      },
    };
  }
  const want = layout.names[lang];
  for (let i = 0; i < want.length; i++) {
    const v = String(names[i] ?? "").trim();
    if (v !== want[i].trim()) {
      const at = `A${FIRST + i + 1}`;
      return {
        why: {
          en: `${at} holds "${v}" where the stored plan has "${want[i]}": the rows were changed (sorted, inserted or deleted) since the sheet was made. Build the tracking sheet again, or put the rows back in the plan's order.`,
          zh: `${at} 为“${v}”，而保存的计划此处为“${want[i]}”：生成后行被改动过（排序、插入或删除）。请重新生成目标管理表，或把行恢复为计划中的顺序。`,
        },
      };
    }
  }
  return { lang };
}

/**
 * The plan stored in a workbook, validated; refused with a message when there is none, it is
 * not a plan, or it asks for no tracking sheet.
 */
export function storedPlanFor(raw: unknown): Plan {
  if (raw === undefined || raw === null) {
    throw new ActualsError("noPlan", {
      en: "This workbook has no plan stored by Target Planner, so its tracking sheet cannot be told from other sheets. Import actuals into a workbook the add-in made (Tracking sheet, or plan build), or build the tracking sheet first.",
      zh: "此工作簿中没有“目标规划”保存的计划，无法识别其目标管理表。请导入到加载项生成的工作簿（目标管理表，或 plan build 生成的文件），或先生成目标管理表。",
    });
  }
  const checked = validatePlan(raw);
  if (!checked.ok) {
    throw new ActualsError("badPlan", {
      en: `The plan stored in this workbook does not validate (${checked.problems[0].path}: ${checked.problems[0].message.en}); build the sheets again.`,
      zh: `此工作簿保存的计划无法通过校验（${checked.problems[0].path}：${checked.problems[0].message.zh}），请重新生成表格。`,
    });
  }
  return checked.plan;
}

/**
 * The plan's tracking sheets in a workbook: the sheets its `Check_Tracking_Rows…` names point
 * at, and the sheets named as the builder names them, each taken when its header and names
 * are a layout's ({@link matchLayout}). The newest (highest check suffix) first.
 *
 * @throws ActualsError "noTracking" when the plan asks for no tracking sheet; "notFound" when
 *   no sheet of the workbook is one (saying why for each candidate)
 */
export async function findTrackingSheets(plan: Plan, reader: TrackingReader): Promise<FoundTracking[]> {
  const layouts = trackingLayouts(plan);
  if (layouts.length === 0) {
    throw new ActualsError("noTracking", {
      en: "The plan stored in this workbook has no tracking sheet (目标管理表) to put actuals in: build one first (Tracking sheet).",
      zh: "此工作簿保存的计划中没有可填实际数的目标管理表：请先生成目标管理表。",
    });
  }
  const sheets = await reader.sheetNames();
  const checks = await reader.checks();
  // Candidates: the checks' sheets, newest first, then the builder's names.
  const rank = (name: string) => Number(/^Check_Tracking_Rows(?:_(\d+))?$/i.exec(name)?.[1] ?? 1);
  const candidates: string[] = [];
  const add = (s: string | undefined) => {
    const real = s === undefined ? undefined : sheets.find((x) => x.toLowerCase() === s.toLowerCase());
    if (real && !candidates.includes(real)) candidates.push(real);
  };
  checks
    .filter((c) => /^Check_Tracking_Rows(?:_\d+)?$/i.test(c.name))
    .sort((a, b) => rank(b.name) - rank(a.name))
    .forEach((c) => add(c.sheet));
  for (const l of layouts) for (const lang of ["zh", "en"] as const) add(l.sheetNames[lang]);

  const found: FoundTracking[] = [];
  const refused: string[][] = [];
  const longest = Math.max(...layouts.map((l) => l.names.en.length));
  for (const sheet of candidates) {
    const [header] = await reader.formulas(sheet, `A${HEADER + 1}:${colLetter(WIDTH - 1)}${HEADER + 1}`);
    const names = (await reader.formulas(sheet, `A${FIRST + 1}:A${FIRST + longest}`)).map((r) => r[0]);
    const whys: Words[] = [];
    for (const layout of layouts) {
      if (found.some((f) => f.layout === layout && f.sheet === sheet)) continue;
      const m = matchLayout(layout, header ?? [], names.slice(0, layout.names.en.length));
      if ("lang" in m) {
        found.push({ sheet, layout, lang: m.lang });
        break;
      }
      whys.push(m.why);
    }
    if (!found.some((f) => f.sheet === sheet)) refused.push([sheet, whys[0]?.en ?? "", whys[0]?.zh ?? ""]);
  }
  if (found.length === 0) {
    const list = (lang: 1 | 2) => refused.map((r) => `"${r[0]}": ${r[lang]}`).join(" ");
    throw new ActualsError("notFound", {
      en: refused.length ? `No sheet of this workbook is the stored plan's tracking sheet. ${list(1)}` : "No sheet of this workbook is the stored plan's tracking sheet (it was deleted or renamed): build it again.",
      zh: refused.length ? `此工作簿中没有与保存的计划相符的目标管理表。${list(2)}` : "此工作簿中没有与保存的计划相符的目标管理表（可能已被删除或改名）：请重新生成。",
    });
  }
  return found;
}

/** Rows per read of the actual cells: a read stays well under Excel's 5 MB response. */
const READ_ROWS = 4000;

/**
 * The actual cells of a tracking sheet as they are now: per row its twelve actuals ("=…" for
 * a formula, "" for a blank), and the as-of date in B2 (an Excel serial; undefined if not a number).
 */
export async function readActualCells(found: FoundTracking, reader: TrackingReader): Promise<{ actuals: CellValue[][]; asOf?: number }> {
  const n = found.layout.names.en.length;
  const actuals: CellValue[][] = [];
  for (let top = 0; top < n; top += READ_ROWS) {
    const bottom = Math.min(n, top + READ_ROWS) - 1;
    const block = await reader.formulas(found.sheet, `${colLetter(MONTH0)}${FIRST + top + 1}:${colLetter(MONTH0 + 23)}${FIRST + bottom + 1}`);
    for (let i = 0; i <= bottom - top; i++) actuals.push(Array.from({ length: 12 }, (_, m) => block[i]?.[2 * m + 1] ?? ""));
  }
  const [[asOf]] = await reader.formulas(found.sheet, TRACKING_LAYOUT.asOf);
  return { actuals, ...(typeof asOf === "number" ? { asOf } : {}) };
}

// ---- what changes --------------------------------------------------------------------------

/** One actual cell the import writes. */
export interface CellChange {
  /** The tracking row (0 = the first data row). */
  index: number;
  name: string;
  /** 0 = January. */
  month: number;
  address: string;
  /** What the cell holds now ("" when blank). */
  from: CellValue;
  /** The new actual, in the sheet's unit. */
  to: number;
  /** Cells of the export added into it. */
  parts: number;
  /** Where the export has it ("C7"). */
  source: string;
}

/** One actual the import leaves as it is, and why. */
export interface CellSkip {
  index: number;
  name: string;
  month: number;
  address: string;
  from: CellValue;
  to?: number;
  /** filled: a number is there and overwriting was not chosen; formula: the cell adds up other rows (never written); unit: the export's unit is needed for an amount. */
  reason: "filled" | "formula" | "unit";
  source: string;
}

/** Counts for the summary. */
export interface ActualsSummary {
  /** Names of the export: matched (by name or by the manager's map), unmatched, refused as the sheet's duplicates. */
  names: { matched: number; mapped: number; unmatched: number; duplicate: number };
  /** Data rows of the export: going to a row of the sheet, not matched, and skipped (totals, no name, unreadable). */
  rows: { matched: number; unmatched: number; skipped: number };
  /** Actual cells: written, the same already, left (filled, formula, unit needed). */
  cells: { change: number; same: number; filled: number; formula: number; unit: number };
  /** Export cells added into one (several rows for one name and month). */
  added: number;
  /** Changes to months after the as-of date (they count once the as-of date moves on). */
  afterAsOf: number;
}

/** What an import would do. */
export interface ActualsPlan {
  changes: CellChange[];
  skipped: CellSkip[];
  summary: ActualsSummary;
  /** True when an amount row needs the export's unit and no one said it. */
  unitNeeded: boolean;
}

/** Options of {@link planActuals}. */
export interface PlanActualsOptions {
  plan: Plan;
  found: FoundTracking;
  /** The actual cells now ({@link readActualCells}). */
  current: CellValue[][];
  /** The as-of date on the sheet (Excel serial). */
  asOf?: number;
  read: ExportRead;
  matching: NameMatching;
  /** Write over actual cells that hold a number already (default false: they are listed and left). */
  overwrite?: boolean;
}

const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * The cells an import changes, and those it leaves.
 *
 * @returns changes in sheet order (row, then month); skipped cells with their reason; the summary
 * @example planActuals({ plan, found, current, read, matching }).changes[0] // { name: "张伟", month: 0, address: "H6", from: "", to: 62, … }
 */
export function planActuals(o: PlanActualsOptions): ActualsPlan {
  const { layout } = o.found;
  const names = layout.names[o.found.lang];
  const rowOf = new Map<string, number>();
  for (const n of o.matching.names) if (n.index !== undefined && (n.status === "matched" || n.status === "mapped")) rowOf.set(n.key, n.index);
  const scale = planScale(o.plan);
  const unit = o.read.unit ? EXPORT_UNIT_SCALE[o.read.unit.unit] : undefined;
  const starts = Array.from({ length: 12 }, (_, m) => excelSerial(`${o.plan.year}-${String(m + 1).padStart(2, "0")}-01`));

  const changes: CellChange[] = [];
  const skipped: CellSkip[] = [];
  const cells = { change: 0, same: 0, filled: 0, formula: 0, unit: 0 };
  let afterAsOf = 0;
  let unitNeeded = false;
  const rowsMatched = new Set<number>();
  const rowsUnmatched = new Set<number>();
  for (const e of o.read.entries) {
    const index = rowOf.get(e.key);
    if (index === undefined) {
      e.rows.forEach((r) => rowsUnmatched.add(r));
      continue;
    }
    e.rows.forEach((r) => rowsMatched.add(r));
    const address = actualAddress(index, e.month);
    const from = o.current[index]?.[e.month] ?? "";
    const base = { index, name: names[index], month: e.month, address, from, source: e.cell };
    if (layout.formulaRows.has(index) || (typeof from === "string" && from.startsWith("="))) {
      skipped.push({ ...base, reason: "formula" });
      cells.formula++;
      continue;
    }
    let to: number;
    if (layout.formats[index] === "amount") {
      if (unit === undefined) {
        skipped.push({ ...base, reason: "unit" });
        cells.unit++;
        unitNeeded = true;
        continue;
      }
      to = unit === scale ? e.amount : Number(((e.amount * unit) / scale).toPrecision(15));
    } else to = e.amount;
    if (typeof from === "number" && same(from, to)) {
      cells.same++;
      continue;
    }
    if (from !== "" && from !== null && !o.overwrite) {
      skipped.push({ ...base, to, reason: "filled" });
      cells.filled++;
      continue;
    }
    changes.push({ ...base, to, parts: e.parts });
    cells.change++;
    if (o.asOf !== undefined && starts[e.month] > o.asOf) afterAsOf++;
  }
  const order = (a: { index: number; month: number }, b: { index: number; month: number }) => a.index - b.index || a.month - b.month;
  changes.sort(order);
  skipped.sort(order);
  const count = (s: string) => o.matching.names.filter((n) => n.status === s).length;
  const skippedRows = new Set([...o.read.skipped, ...o.read.problems].map((p) => /^row (\d+)$/.exec(p.cell)?.[1] ?? /\d+$/.exec(p.cell)?.[0]).filter((x): x is string => x !== undefined && Number(x) > o.read.headerRow));
  for (const r of [...rowsMatched, ...rowsUnmatched]) skippedRows.delete(String(r));
  return {
    changes,
    skipped,
    unitNeeded,
    summary: {
      names: { matched: count("matched"), mapped: count("mapped"), unmatched: count("unmatched"), duplicate: count("duplicate") },
      rows: { matched: rowsMatched.size, unmatched: [...rowsUnmatched].filter((r) => !rowsMatched.has(r)).length, skipped: skippedRows.size },
      cells,
      added: o.read.added,
      afterAsOf,
    },
  };
}
