/**
 * `npm run plan -- actuals <workbook.xlsx> <export.csv|xlsx> -o <out.xlsx>`: the month's
 * actuals from what the sales system exports, into a workbook Target Planner made — for a
 * monthly job.
 *
 * The workbook's stored plan says which tracking sheet is which (src/sheets/actuals-sheet.ts);
 * the export is read (long or wide, 元 or 万元, totals rows and blank lines as exports have
 * them: src/sheets/actuals.ts), its names matched to the sheet's rows (near-misses only
 * suggested: `--map "张伟(华东)=张伟"` maps one by hand), and the summary and every change are
 * printed. Then the new file is written beside its name and renamed (src/cli/files.ts) — the
 * workbook patched at the level of its zip (src/xlsx/patch.ts), never read into ExcelJS and
 * written back, so charts and every part it does not know stay as they were.
 *
 * Options: `--unit 元|千元|万元|百万元|亿元` (the export's unit, when its header does not say),
 * `--overwrite` (write over actual cells that hold a number already; default: list and leave
 * them), `--map "export name=sheet name"` (repeatable), `--dry-run` (print, write nothing),
 * `--sheet <name>` (the tracking sheet, when the workbook has several), `--export-sheet
 * <name>` (the export's sheet, default its first visible one), `--all` (print every change,
 * not the first 100), `--force` (replace -o when it exists; -o may then be the workbook
 * itself), `--strict` (for a monthly job: refuse, writing nothing, when a name of the export
 * is not matched or a cell of it could not be read), `--lang en|zh`.
 * Exit codes: 0 done (or nothing to change), 1 refused, 2 a wrong command line.
 */
import * as path from "node:path";
import type { Lang } from "../core/errors";
import { EXPORT_UNITS, ExportError, type ExportRead, type ExportUnit, readExport } from "../sheets/actuals";
import { decodeExport, splitDelimited } from "../sheets/actuals-csv";
import { type NameMap, type NameMatching, matchNames, parseNameMap } from "../sheets/actuals-match";
import { ActualsError, type ActualsPlan, type FoundTracking, type TrackingReader, findTrackingSheets, planActuals, readActualCells, storedPlanFor } from "../sheets/actuals-sheet";
import type { CellValue } from "../sheets/spec";
import { PatchError, XlsxPackage } from "../xlsx/patch";
import { type FileSystem, Interrupted, errorCode, writeFileSafely } from "./files";
import { fsMessage, say } from "./messages";

/** Largest workbook or export read: 200 MB. */
const MAX_BYTES = 200 * 1024 * 1024;
/** Changes printed without `--all`. */
const SHOWN = 100;

type P = Record<string, string | number>;
const n = (x: string | number | undefined): string => (typeof x === "number" ? x.toLocaleString("en-US") : String(x ?? ""));

/** What `plan actuals` says, in both languages. */
const WORDS = {
  usage: {
    en: () => 'Usage: npm run plan -- actuals <workbook.xlsx> <export.csv|xlsx> -o <out.xlsx> [--unit 元|千元|万元|百万元|亿元] [--overwrite] [--map "export name=sheet name"]… [--dry-run] [--sheet <tracking sheet>] [--export-sheet <sheet>] [--all] [--force] [--strict] [--lang en|zh]',
    zh: () => "用法：npm run plan -- actuals <工作簿.xlsx> <导出数据.csv|xlsx> -o <输出.xlsx> [--unit 元|千元|万元|百万元|亿元] [--overwrite] [--map \"导出姓名=表中姓名\"]… [--dry-run] [--sheet <目标管理表>] [--export-sheet <工作表>] [--all] [--force] [--strict] [--lang en|zh]",
  },
  missingFiles: { en: () => "Give the workbook (.xlsx) and the export (.csv or .xlsx).", zh: () => "请给出工作簿（.xlsx）和导出数据（.csv 或 .xlsx）。" },
  missingOut: { en: () => "Give where to write the new workbook with -o (or --dry-run to write nothing).", zh: () => "请用 -o 指定新工作簿的位置（或用 --dry-run 不写文件）。" },
  badUnit: { en: (p: P) => `--unit is one of ${EXPORT_UNITS.join(", ")}, not "${p.value}".`, zh: (p: P) => `--unit 只能是 ${EXPORT_UNITS.join("、")} 之一，不是“${p.value}”。` },
  badMap: { en: (p: P) => `--map takes "export name=sheet name", not "${p.value}".`, zh: (p: P) => `--map 的格式是“导出姓名=表中姓名”，不是“${p.value}”。` },
  exportKind: {
    en: (p: P) => `${p.file}: an export is read from .csv, .txt, .tsv or .xlsx (save an .xls as .xlsx or .csv).`,
    zh: (p: P) => `${p.file}：导出数据须为 .csv、.txt、.tsv 或 .xlsx（.xls 请另存为 .xlsx 或 .csv）。`,
  },
  tooLarge: { en: (p: P) => `${p.file} is larger than 200 MB; nothing was read.`, zh: (p: P) => `${p.file} 超过 200 MB；未读取。` },
  noExportSheet: { en: (p: P) => `${p.file} has no sheet "${p.sheet}".`, zh: (p: P) => `${p.file} 中没有工作表“${p.sheet}”。` },
  several: {
    en: (p: P) => `The workbook has ${p.count} tracking sheets (${p.list}): choose one with --sheet.`,
    zh: (p: P) => `工作簿中有 ${p.count} 张目标管理表（${p.list}）：请用 --sheet 选择一张。`,
  },
  noSuchSheet: { en: (p: P) => `--sheet "${p.sheet}" is not one of the tracking sheets (${p.list}).`, zh: (p: P) => `--sheet“${p.sheet}”不是目标管理表之一（${p.list}）。` },
  sheetLine: { en: (p: P) => `Tracking sheet: "${p.sheet}" (${n(p.rows)} rows; amounts in ${p.unit}).`, zh: (p: P) => `目标管理表：“${p.sheet}”（${n(p.rows)} 行；金额单位 ${p.unit}）。` },
  exportLine: {
    en: (p: P) => `Export: ${p.file}${p.encoding ? ` (${p.encoding})` : ""}, ${p.layout === "wide" ? "a column per month" : "a row per name and month"}, header in row ${p.header}; ${n(p.rows)} data ${p.rows === 1 ? "row" : "rows"}${p.blank ? `, ${n(p.blank)} blank` : ""}.`,
    zh: (p: P) => `导出数据：${p.file}${p.encoding ? `（${p.encoding}）` : ""}，${p.layout === "wide" ? "每月一列" : "每个姓名每月一行"}，表头在第 ${p.header} 行；数据 ${n(p.rows)} 行${p.blank ? `，空行 ${n(p.blank)} 行` : ""}。`,
  },
  unitLine: {
    en: (p: P) => (p.from === "chosen" ? `Amounts in ${p.unit} (--unit).` : `Amounts in ${p.unit} (${p.cell} says so).`),
    zh: (p: P) => (p.from === "chosen" ? `金额单位：${p.unit}（--unit）。` : `金额单位：${p.unit}（${p.cell} 标明）。`),
  },
  namesLine: {
    en: (p: P) => `Names: ${n(p.matched)} matched, ${n(p.mapped)} mapped by hand, ${n(p.unmatched)} unmatched, ${n(p.duplicate)} refused (the sheet has them twice).`,
    zh: (p: P) => `姓名：匹配 ${n(p.matched)} 个，手动对应 ${n(p.mapped)} 个，未匹配 ${n(p.unmatched)} 个，拒绝 ${n(p.duplicate)} 个（表中重名）。`,
  },
  rowsLine: {
    en: (p: P) => `Rows of the export: ${n(p.matched)} matched, ${n(p.unmatched)} unmatched, ${n(p.skipped)} skipped${p.added ? `; ${n(p.added)} figure${p.added === 1 ? "" : "s"} added to another of the same name and month` : ""}.`,
    zh: (p: P) => `导出数据行：匹配 ${n(p.matched)} 行，未匹配 ${n(p.unmatched)} 行，跳过 ${n(p.skipped)} 行${p.added ? `；${n(p.added)} 个数已合并（同一姓名同一月份有多行，已相加）` : ""}。`,
  },
  cellsLine: {
    en: (p: P) =>
      `Actual cells: ${n(p.change)} to write, ${n(p.same)} the same already, ${n(p.filled)} filled and left${p.filled ? " (--overwrite writes them)" : ""}, ${n(p.formula)} formulas (never written)${p.unit ? `, ${n(p.unit)} waiting for the unit` : ""}.`,
    zh: (p: P) =>
      `实际数单元格：写入 ${n(p.change)} 个，已相同 ${n(p.same)} 个，已有数值未写入 ${n(p.filled)} 个${p.filled ? "（加 --overwrite 可覆盖）" : ""}，公式 ${n(p.formula)} 个（不写入）${p.unit ? `，缺单位 ${n(p.unit)} 个` : ""}。`,
  },
  afterAsOf: {
    en: (p: P) => `${n(p.count)} of them are for months after the as-of date on the sheet: they count once it moves on.`,
    zh: (p: P) => `其中 ${n(p.count)} 个属于截至日之后的月份：截至日推后后才计入。`,
  },
  unmatchedHead: { en: () => "Not matched (nothing is written for them):", zh: () => "未匹配（不写入）：" },
  suggest: { en: (p: P) => `  "${p.name}": did you mean ${p.list}? (--map "${p.name}=${p.first}")`, zh: (p: P) => `  “${p.name}”：是否指${p.list}？（--map "${p.name}=${p.first}"）` },
  noSuggest: { en: (p: P) => `  "${p.name}": no row of the sheet is close.`, zh: (p: P) => `  “${p.name}”：表中没有相近的行。` },
  duplicate: { en: (p: P) => `  "${p.name}": the sheet has ${p.count} rows of this name (rows ${p.rows}); which one is meant cannot be told.`, zh: (p: P) => `  “${p.name}”：表中有 ${p.count} 行同名（第 ${p.rows} 行），无法确定是哪一行。` },
  problemsHead: { en: (p: P) => `Not read (${n(p.count)}):`, zh: (p: P) => `未读取（${n(p.count)} 处）：` },
  skippedHead: { en: (p: P) => `Left out on purpose (${n(p.count)}):`, zh: (p: P) => `有意跳过（${n(p.count)} 处）：` },
  filledHead: { en: (p: P) => `Filled already, left as they are (${n(p.count)}):`, zh: (p: P) => `已有数值，保持不变（${n(p.count)} 个）：` },
  changesHead: { en: (p: P) => `Changes (${n(p.count)}):`, zh: (p: P) => `修改（${n(p.count)} 个）：` },
  change: { en: (p: P) => `  ${p.name} · ${p.month} (${p.cell}): ${p.from} → ${p.to}${p.parts}`, zh: (p: P) => `  ${p.name} · ${p.month}（${p.cell}）：${p.from} → ${p.to}${p.parts}` },
  more: { en: (p: P) => `  … and ${n(p.count)} more (--all prints them).`, zh: (p: P) => `  ……另有 ${n(p.count)} 个（加 --all 全部列出）。` },
  unitNeeded: {
    en: (p: P) => `The export does not say its unit, and ${n(p.count)} amounts need one: give --unit (the sheet shows ${p.unit}). Nothing was written.`,
    zh: (p: P) => `导出数据没有标明单位，而 ${n(p.count)} 个金额需要单位：请用 --unit 指定（表中单位为${p.unit}）。未写入任何文件。`,
  },
  strict: {
    en: (p: P) =>
      `--strict: ${n(p.names)} ${p.names === 1 ? "name of the export is" : "names of the export are"} not matched and ${n(p.cells)} ${p.cells === 1 ? "cell" : "cells"} could not be read; nothing was written. Map the names with --map, or leave --strict out to write the rest.`,
    zh: (p: P) => `--strict：导出数据中 ${n(p.names)} 个姓名未匹配，${n(p.cells)} 个单元格未能读取；未写入任何文件。请用 --map 对应姓名，或去掉 --strict 以写入其余数据。`,
  },
  nothing: { en: () => "Nothing to change; no file was written.", zh: () => "没有需要修改的内容；未写入文件。" },
  dryRun: { en: () => "--dry-run: no file was written.", zh: () => "--dry-run：未写入文件。" },
  wrote: { en: (p: P) => `Wrote ${p.file}: ${n(p.count)} actual cells on "${p.sheet}"; it recalculates when opened.`, zh: (p: P) => `已写入 ${p.file}：“${p.sheet}”上的 ${n(p.count)} 个实际数单元格；打开时重新计算。` },
  exists: { en: (p: P) => `${p.file} already exists; nothing was written (add --force to replace it).`, zh: (p: P) => `${p.file} 已存在；未写入任何文件（加 --force 可替换）。` },
} satisfies Record<string, { en: (p: P) => string; zh: (p: P) => string }>;

const w = (lang: Lang, key: keyof typeof WORDS, p: P = {}): string => (WORDS[key][lang] as (p: P) => string)(p);

/** The command line of `plan actuals`, read. */
export interface ActualsArgs {
  workbook: string;
  export: string;
  out?: string;
  unit?: ExportUnit;
  overwrite: boolean;
  maps: NameMap[];
  dryRun: boolean;
  sheet?: string;
  exportSheet?: string;
  all: boolean;
  force: boolean;
  /** Refuse, writing nothing, when a name is not matched or a cell of the export not read. */
  strict: boolean;
  lang: Lang;
}

/** A wrong command line (exit 2). */
class ActualsUsage extends Error {}
/** A refusal (exit 1): its lines are printed. */
class Refused extends Error {
  constructor(
    readonly lines: string[],
    readonly code = 1,
  ) {
    super(lines.join("\n"));
  }
}

/**
 * Reads the arguments after `actuals`.
 * @example parseActualsArgs(["book.xlsx", "crm.csv", "-o", "out.xlsx", "--map", "张 伟=张伟"]).maps // [{ from: "张 伟", to: "张伟" }]
 */
export function parseActualsArgs(argv: readonly string[]): ActualsArgs {
  const langAt = argv.indexOf("--lang");
  const lang: Lang = langAt >= 0 && argv[langAt + 1] === "zh" ? "zh" : "en";
  const rest = [...argv];
  const files: string[] = [];
  const args: Partial<ActualsArgs> & { maps: NameMap[] } = { maps: [], overwrite: false, dryRun: false, all: false, force: false, strict: false, lang };
  const value = (option: string): string => {
    const v = rest.shift();
    if (v === undefined || (v.startsWith("--") && v.length > 2)) throw new ActualsUsage(say(lang, "missingValue", { option }));
    return v;
  };
  while (rest.length > 0) {
    const a = rest.shift()!;
    if (a === "-o" || a === "--out") args.out = value(a);
    else if (a === "--unit") {
      const v = value(a);
      if (!(EXPORT_UNITS as readonly string[]).includes(v)) throw new ActualsUsage(w(lang, "badUnit", { value: v }));
      args.unit = v as ExportUnit;
    } else if (a === "--map") {
      const v = value(a);
      const m = parseNameMap(v);
      if (!m) throw new ActualsUsage(w(lang, "badMap", { value: v }));
      args.maps.push(m);
    } else if (a === "--overwrite") args.overwrite = true;
    else if (a === "--dry-run") args.dryRun = true;
    else if (a === "--all") args.all = true;
    else if (a === "--force") args.force = true;
    else if (a === "--strict") args.strict = true;
    else if (a === "--sheet") args.sheet = value(a);
    else if (a === "--export-sheet") args.exportSheet = value(a);
    else if (a === "--lang") {
      const v = value(a);
      if (v !== "en" && v !== "zh") throw new ActualsUsage(say(lang, "badLang", { value: v }));
    } else if (a.startsWith("-") && a !== "-") throw new ActualsUsage(say(lang, "unknownOption", { option: a }));
    else files.push(a);
  }
  if (files.length !== 2) throw new ActualsUsage(files.length > 2 ? say(lang, "unknownOption", { option: files[2] }) : w(lang, "missingFiles"));
  if (!args.out && !args.dryRun) throw new ActualsUsage(w(lang, "missingOut"));
  return { ...(args as ActualsArgs), workbook: files[0], export: files[1] };
}

/** A file's bytes (regular files and pipes, at most 200 MB), through the CLI's file system. */
async function readBytes(fs: FileSystem, file: string, shown: string, lang: Lang, cwd: string): Promise<Uint8Array> {
  try {
    const handle = await fs.open(file, "r");
    try {
      const st = await handle.stat();
      if (st.size > MAX_BYTES) throw new Refused([w(lang, "tooLarge", { file: shown })]);
      const chunks: Uint8Array[] = [];
      let total = 0;
      for (;;) {
        const buf = new Uint8Array(1024 * 1024);
        const { bytesRead } = await handle.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        chunks.push(buf.subarray(0, bytesRead));
        total += bytesRead;
        if (total > MAX_BYTES) throw new Refused([w(lang, "tooLarge", { file: shown })]);
      }
      const out = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      return out;
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof Refused) throw e;
    const code = errorCode(e);
    throw new Refused([code ? fsMessage(lang, code, "read", shown, (e as Error).message, cwd) : say(lang, "unexpected", { reason: String(e) })]);
  }
}

/** A tracking reader over a package (what the pane's port gives inside Excel). */
export function packageReader(pkg: XlsxPackage): TrackingReader {
  return {
    sheetNames: async () => pkg.sheets.map((s) => s.name),
    checks: async () => pkg.definedNames().filter((d) => d.name.startsWith("Check_")),
    formulas: async (sheet, address) => {
      const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/i.exec(address.replace(/\$/g, ""))!;
      const col = (s: string) => [...s.toUpperCase()].reduce((x, ch) => x * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const c0 = col(m[1]);
      const r0 = Number(m[2]) - 1;
      const cells = await pkg.cells(sheet, r0, c0, m[4] ? Number(m[4]) - 1 : r0, m[3] ? col(m[3]) : c0);
      return cells.map((row) => row.map((c): CellValue => (c === undefined ? "" : c.f !== undefined ? `=${c.f}` : (c.v ?? ""))));
    },
  };
}

/** The export's cells: a text file decoded and split, or an .xlsx's sheet. */
async function exportRows(run: { args: ActualsArgs; fs: FileSystem; cwd: string }): Promise<{ rows: CellValue[][]; encoding?: string }> {
  const { args } = run;
  const ext = path.extname(args.export).toLowerCase();
  const bytes = await readBytes(run.fs, path.resolve(run.cwd, args.export), args.export, args.lang, run.cwd);
  if (ext === ".csv" || ext === ".txt" || ext === ".tsv") {
    const { text, encoding } = decodeExport(bytes);
    return { rows: splitDelimited(text), encoding };
  }
  if (ext !== ".xlsx" && ext !== ".xlsm") throw new Refused([w(args.lang, "exportKind", { file: args.export })]);
  const pkg = await XlsxPackage.open(bytes);
  const sheet = args.exportSheet ? pkg.sheet(args.exportSheet) : pkg.sheets.find((s) => s.state === "visible");
  if (!sheet) throw new Refused([w(args.lang, "noExportSheet", { file: args.export, sheet: args.exportSheet ?? "" })]);
  return { rows: await pkg.table(sheet.name) };
}

const MONTHS = { en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], zh: Array.from({ length: 12 }, (_, m) => `${m + 1}月`) };
const shownValue = (v: CellValue | undefined): string => (v === "" || v === null || v === undefined ? "—" : typeof v === "number" ? String(Number(v.toPrecision(12))) : String(v));

/** The summary and the lists, as printed. */
export function reportLines(lang: Lang, o: { found: FoundTracking; unit: string; read: ExportRead; matching: NameMatching; result: ActualsPlan; file: string; encoding?: string; all: boolean }): string[] {
  const { read, matching, result } = o;
  const s = result.summary;
  const lines = [
    w(lang, "sheetLine", { sheet: o.found.sheet, rows: o.found.layout.names.en.length, unit: o.unit }),
    w(lang, "exportLine", { file: o.file, encoding: o.encoding && o.encoding !== "utf-8" ? o.encoding.toUpperCase() : "", layout: read.layout, header: read.headerRow, rows: read.rows, blank: read.blankRows }),
  ];
  if (read.unit) lines.push(w(lang, "unitLine", { unit: read.unit.unit, from: read.unit.from, cell: read.unit.cell ?? "" }));
  lines.push(w(lang, "namesLine", s.names), w(lang, "rowsLine", { ...s.rows, added: s.added }), w(lang, "cellsLine", s.cells));
  if (s.afterAsOf) lines.push(w(lang, "afterAsOf", { count: s.afterAsOf }));
  const names = o.found.layout.names[o.found.lang];
  const lost = matching.names.filter((x) => x.status === "unmatched" || x.status === "duplicate");
  if (lost.length) {
    lines.push(w(lang, "unmatchedHead"));
    for (const x of lost) {
      if (x.status === "duplicate") lines.push(w(lang, "duplicate", { name: x.name, count: x.rows!.length, rows: x.rows!.map((i) => i + 6).join(", ") }));
      else if (x.suggestions.length) lines.push(w(lang, "suggest", { name: x.name, list: x.suggestions.map((g) => (lang === "zh" ? `“${names[g.index]}”` : `"${names[g.index]}"`)).join(lang === "zh" ? "、" : ", "), first: names[x.suggestions[0].index] }));
      else lines.push(w(lang, "noSuggest", { name: x.name }));
    }
  }
  for (const m of matching.mapProblems) lines.push(`  ${m[lang]}`);
  const list = (head: "problemsHead" | "skippedHead", notes: { en: string; zh: string }[]) => {
    if (!notes.length) return;
    lines.push(w(lang, head, { count: notes.length }));
    for (const x of notes.slice(0, o.all ? notes.length : SHOWN)) lines.push(`  ${x[lang]}`);
    if (!o.all && notes.length > SHOWN) lines.push(w(lang, "more", { count: notes.length - SHOWN }));
  };
  list("problemsHead", read.problems);
  list("skippedHead", read.skipped);
  const filled = result.skipped.filter((x) => x.reason === "filled");
  if (filled.length) {
    lines.push(w(lang, "filledHead", { count: filled.length }));
    for (const x of filled.slice(0, o.all ? filled.length : SHOWN)) lines.push(w(lang, "change", { name: x.name, month: MONTHS[lang][x.month], cell: x.address, from: shownValue(x.from), to: shownValue(x.to), parts: "" }));
    if (!o.all && filled.length > SHOWN) lines.push(w(lang, "more", { count: filled.length - SHOWN }));
  }
  if (result.changes.length) {
    lines.push(w(lang, "changesHead", { count: result.changes.length }));
    for (const c of result.changes.slice(0, o.all ? result.changes.length : SHOWN)) {
      const parts = c.parts > 1 ? (lang === "zh" ? `（${c.parts} 个数相加）` : ` (${c.parts} figures added)`) : "";
      lines.push(w(lang, "change", { name: c.name, month: MONTHS[lang][c.month], cell: c.address, from: shownValue(c.from), to: shownValue(c.to), parts }));
    }
    if (!o.all && result.changes.length > SHOWN) lines.push(w(lang, "more", { count: result.changes.length - SHOWN }));
  }
  return lines;
}

/**
 * Runs `plan actuals` (the arguments after `actuals`); returns the exit code.
 * @example await runActuals(["book.xlsx", "crm.csv", "-o", "book-06.xlsx"], io, { fs, cwd }) // 0
 */
export async function runActuals(argv: readonly string[], io: { out: (l: string) => void; err: (l: string) => void }, deps: { fs: FileSystem; cwd: string; signal?: AbortSignal }): Promise<number> {
  let args: ActualsArgs;
  try {
    args = parseActualsArgs(argv);
  } catch (e) {
    if (!(e instanceof ActualsUsage)) throw e;
    const lang: Lang = argv.includes("zh") ? "zh" : "en";
    io.err(e.message);
    io.err(w(lang, "usage"));
    return 2;
  }
  const lang = args.lang;
  try {
    // Where to write, looked at before anything is read.
    const out = args.out ? path.resolve(deps.cwd, args.out) : undefined;
    if (out && !args.dryRun && !args.force && (await deps.fs.lstat(out).catch(() => undefined))) throw new Refused([w(lang, "exists", { file: args.out! })]);

    // The workbook, its plan and tracking sheet.
    const bytes = await readBytes(deps.fs, path.resolve(deps.cwd, args.workbook), args.workbook, lang, deps.cwd);
    const pkg = await XlsxPackage.open(bytes);
    const plan = storedPlanFor(await pkg.storedPlan());
    const reader = packageReader(pkg);
    const found = await findTrackingSheets(plan, reader);
    const chosen = args.sheet ? found.find((f) => f.sheet.toLowerCase() === args.sheet!.toLowerCase()) : found.length === 1 ? found[0] : undefined;
    const listed = found.map((f) => `"${f.sheet}"`).join(", ");
    if (!chosen) throw new Refused([args.sheet ? w(lang, "noSuchSheet", { sheet: args.sheet, list: listed }) : w(lang, "several", { count: found.length, list: listed })]);

    // The export, its names matched, the cells as they are, what changes.
    const { rows, encoding } = await exportRows({ args, fs: deps.fs, cwd: deps.cwd });
    const read = readExport(rows, { ...(args.unit ? { unit: args.unit } : {}), year: plan.year });
    const exportNames = [...new Map(read.entries.map((e) => [e.key, e.name])).values()];
    const matching = matchNames(exportNames, chosen.layout.names[chosen.lang], args.maps);
    const { actuals, asOf } = await readActualCells(chosen, reader);
    const result = planActuals({ plan, found: chosen, current: actuals, ...(asOf !== undefined ? { asOf } : {}), read, matching, overwrite: args.overwrite });
    const unit = plan.unit ?? "元";
    for (const line of reportLines(lang, { found: chosen, unit, read, matching, result, file: args.export, encoding, all: args.all })) io.out(line);
    if (result.unitNeeded) throw new Refused([w(lang, "unitNeeded", { count: result.summary.cells.unit, unit })]);
    const lost = { names: result.summary.names.unmatched + result.summary.names.duplicate, cells: read.problems.length };
    if (args.strict && (lost.names > 0 || lost.cells > 0)) throw new Refused([w(lang, "strict", lost)]);
    if (args.dryRun) {
      io.out(w(lang, "dryRun"));
      return 0;
    }
    if (result.changes.length === 0) {
      io.out(w(lang, "nothing"));
      return 0;
    }

    // The new file: the workbook's zip with the actual cells patched, written beside and renamed.
    const patched = await pkg.patchCells([{ sheet: chosen.sheet, cells: result.changes.map((c) => ({ address: c.address, value: c.to })) }]);
    try {
      await deps.fs.mkdir(path.dirname(out!), { recursive: true });
      await writeFileSafely(deps.fs, out!, patched, { replace: args.force, signal: deps.signal });
    } catch (e) {
      if (e instanceof Interrupted) throw new Refused([say(lang, "interrupted", { signal: e.signal }), say(lang, "notWritten", { file: args.out! })], e.signal === "SIGTERM" ? 143 : 130);
      const code = errorCode(e);
      throw new Refused([code === "EEXIST" ? w(lang, "exists", { file: args.out! }) : code ? fsMessage(lang, code, "write", args.out!, (e as Error).message, deps.cwd) : say(lang, "unexpected", { reason: String(e) })]);
    }
    io.out(w(lang, "wrote", { file: args.out!, count: result.changes.length, sheet: chosen.sheet }));
    return 0;
  } catch (e) {
    if (e instanceof Refused) {
      for (const l of e.lines) io.err(l);
      return e.code;
    }
    if (e instanceof ExportError || e instanceof ActualsError || e instanceof PatchError) {
      io.err(e.messageIn(lang));
      return 1;
    }
    throw e;
  }
}
