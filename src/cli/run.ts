/**
 * The `plan` command (entry: `src/cli/plan.ts`): plan files to .xlsx workbooks, for automation.
 *
 * - `validate <plan.json> [--per <split>]`: one line per problem (JSON path and message), exit
 *   1 if any; a valid plan is also built and written in memory, so what validate accepts,
 *   build writes. With `--per`, the split is checked too.
 * - `build <plan.json> -o <out.xlsx>`: the whole plan's workbook (decomposition, tracking,
 *   scorecard, checks, the plan stored in the workbook).
 * - `actuals <workbook.xlsx> <export.csv|xlsx> -o <out.xlsx>`: the month's actuals from a sales
 *   system's export into a workbook Target Planner made (`actuals.ts`).
 * - `build <plan.json> --per <split> -o <folder>`: one workbook per member of a split
 *   (each rep only their own numbers), `<folder>/<member>.xlsx`, named by
 *   `src/sheets/file-names.ts` (the pane's per-member .zip uses the same names);
 *   with a cascade, `--per <level>` (a level label, a depth or `person`) gives one workbook per
 *   node of that level, its subtree only.
 *
 * Options: `--lang en|zh` (sheet words and messages; default en), `--as-of YYYY-MM-DD` (the
 * tracking sheet's as-of date when the plan gives none; default today), `--protect` (computed
 * cells locked, inputs open), `--force` (replace files that exist), `--skip-existing` (with
 * `--per`: keep the members' files already in the folder and write the others).
 *
 * Nothing is lost:
 * - the plan is validated and every existing file is looked at before anything is built: a
 *   name that is taken is refused up front (not after an hour of building);
 * - each file is written beside its name and renamed when complete (`files.ts`): a full disk,
 *   an I/O error or Ctrl+C leaves the old file as it was and no half-written one;
 * - `--per` writes each workbook as it is built (100,000 members do not sit in memory); a run
 *   that stops says how many it wrote, and `--skip-existing` finishes the set;
 * - `-o` is never the plan file, never a folder without `--per`, and `--per` never writes
 *   through a symbolic link in the folder (a link at a member's name counts as taken; with
 *   `--force` the link itself is replaced, not what it points to).
 * Every line printed is made safe for a terminal (`printable`). Exit codes: 0 done, 1 the plan
 * or the files refused, 2 a wrong command line, 130 / 143 stopped by SIGINT / SIGTERM.
 */
import * as path from "node:path";
import type { Stats } from "node:fs";
import { isPlanError, type Lang } from "../core/errors";
import { fileNameKey, memberFileNames } from "../sheets/file-names";
import { type Plan, excelDateProblem, validatePlan } from "../sheets/plan";
import type { WorkbookSpec } from "../sheets/spec";
import { MemberWorkbooksError, buildPlanWorkbook, memberWorkbooks } from "../sheets/workbook";
import { XlsxError } from "../xlsx/errors";
import { writeXlsx } from "../xlsx/write";
import { type FileSystem, Interrupted, MAX_PLAN_BYTES, PlanFileError, errorCode, isTemporaryName, readPlanText, realFileSystem, syncFolder, writeFileSafely } from "./files";
import { type FsAction, fsMessage, printable, say } from "./messages";
import { runActuals } from "./actuals";
import { nextYear, nextYearUsage } from "./next-year";
import { revise, reviseUsage } from "./revise";

/** The command line, read. */
export interface CliArgs {
  command: "build" | "validate" | "help";
  plan?: string;
  out?: string;
  per?: string;
  lang: Lang;
  asOf?: string;
  protect: boolean;
  force: boolean;
  skipExisting: boolean;
}

/** A wrong command line: the message to print (exit 2). */
export class UsageError extends Error {}

/**
 * Reads the arguments after `npm run plan --`.
 * @example parseArgs(["build", "p.json", "-o", "p.xlsx", "--lang", "zh"]) // { command: "build", plan: "p.json", out: "p.xlsx", lang: "zh", … }
 */
export function parseArgs(argv: readonly string[]): CliArgs {
  const langAt = argv.indexOf("--lang");
  const lang: Lang = langAt >= 0 && argv[langAt + 1] === "zh" ? "zh" : "en";
  const args: CliArgs = { command: "help", lang, protect: false, force: false, skipExisting: false };
  const rest = [...argv];
  const first = rest.shift();
  if (first === undefined || first === "help" || first === "--help" || first === "-h") return args;
  if (first !== "build" && first !== "validate") throw new UsageError(say(lang, "unknownCommand", { command: first }));
  args.command = first;
  const value = (option: string): string => {
    const v = rest.shift();
    if (v === undefined || v.startsWith("--")) throw new UsageError(say(lang, "missingValue", { option }));
    return v;
  };
  while (rest.length > 0) {
    const a = rest.shift()!;
    if (a === "-o" || a === "--out") args.out = value(a);
    else if (a === "--per") args.per = value(a);
    else if (a === "--lang") {
      const v = value(a);
      if (v !== "en" && v !== "zh") throw new UsageError(say(lang, "badLang", { value: v }));
    } else if (a === "--as-of") args.asOf = asOfDate(value(a), lang);
    else if (a === "--protect") args.protect = true;
    else if (a === "--force") args.force = true;
    else if (a === "--skip-existing") args.skipExisting = true;
    else if (a.startsWith("-")) throw new UsageError(say(lang, "unknownOption", { option: a }));
    else if (args.plan === undefined) args.plan = a;
    else throw new UsageError(say(lang, "unknownOption", { option: a }));
  }
  if (!args.plan) throw new UsageError(say(lang, "missingPlan"));
  if (args.command === "build" && !args.out) throw new UsageError(say(lang, "missingOut"));
  if (args.force && args.skipExisting) throw new UsageError(say(lang, "forceAndSkip"));
  if (args.skipExisting && !args.per) throw new UsageError(say(lang, "skipWithoutPer"));
  return args;
}

/** `--as-of`'s value: a real date that a spreadsheet holds as written. */
function asOfDate(v: string, lang: Lang): string {
  const d = new Date(`${v}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw new UsageError(say(lang, "badDate", { value: v }));
  }
  const range = excelDateProblem(v);
  if (range) throw new UsageError(say(lang, "dateOutOfRange", { value: v, reason: range[lang] }));
  return v;
}

/** What the CLI writes to its two streams (a test can collect them), and its progress. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** `--per`'s progress: files done of all (the entry prints it to stderr; tests leave it out). */
  progress?: (done: number, total: number) => void;
}

/** What a run works with: the file system, a signal that stops it, the folder paths start from. */
export interface CliDeps {
  fs?: FileSystem;
  signal?: AbortSignal;
  cwd?: string;
}

/** A refusal: its lines are printed and the run ends with `code`. */
class Refusal extends Error {
  constructor(
    readonly lines: string[],
    readonly code = 1,
  ) {
    super(lines.join("\n"));
  }
}

/** One run's settings, passed to the steps. */
interface Run {
  args: CliArgs;
  lang: Lang;
  io: CliIo;
  fs: FileSystem;
  signal?: AbortSignal;
  cwd: string;
}

const sheetList = (spec: WorkbookSpec): string => spec.sheets.map((s) => s.name).join(", ");

/** Exit code of a run stopped by a signal (128 + the signal's number, as shells count). */
const signalCode = (signal: string): number => (signal === "SIGTERM" ? 143 : 130);

/** The sentence for a file system error met while doing `action` to `file`. */
function fsError(run: Run, e: unknown, action: FsAction, file: string): string {
  const code = errorCode(e);
  if (!code) return say(run.lang, "unexpected", { reason: e instanceof Error ? e.message : String(e) });
  return fsMessage(run.lang, code, action, file, (e as Error).message, run.cwd);
}

/** The reason a build failed, in the user's language. */
function reason(e: unknown, lang: Lang): string {
  if (isPlanError(e) || e instanceof XlsxError || e instanceof MemberWorkbooksError) return e.messageIn(lang);
  return e instanceof Error ? e.message : String(e);
}

/** `fs.stat` / `fs.lstat`, or undefined when nothing has the name. */
async function statOrNone(run: Run, file: string, follow: boolean): Promise<Stats | undefined> {
  try {
    return follow ? await run.fs.stat(file) : await run.fs.lstat(file);
  } catch (e) {
    const code = errorCode(e);
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new Refusal([fsError(run, e, "read", file)]);
  }
}

/** True when two stats are one file (the same inode on the same device: links and case included). */
const sameFile = (a: Stats | undefined, b: Stats | undefined): boolean => !!a && !!b && a.dev === b.dev && a.ino === b.ino;

// ---- reading the plan -----------------------------------------------------------------------

async function readPlan(run: Run): Promise<Plan> {
  const file = run.args.plan!;
  let text: string;
  try {
    text = await readPlanText(run.fs, path.resolve(run.cwd, file));
  } catch (e) {
    if (e instanceof PlanFileError) {
      const key = { folder: "planFolder", notRegular: "planNotRegular", tooLarge: "planTooLarge", utf16NoBom: "planUtf16NoBom", notUtf8: "planNotUtf8" } as const;
      throw new Refusal([say(run.lang, key[e.kind], { ...e.detail, file, max: MAX_PLAN_BYTES / 1024 / 1024 })]);
    }
    throw new Refusal([fsError(run, e, "read", file)]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Refusal([say(run.lang, "notJson", { file, reason: (e as Error).message })]);
  }
  const v = validatePlan(json);
  if (!v.ok) {
    throw new Refusal([...v.problems.map((p) => `${p.path}: ${p.message[run.lang]}`), say(run.lang, "invalid", { file, count: v.problems.length })]);
  }
  return v.plan;
}

// ---- validate ---------------------------------------------------------------------------------

async function validate(run: Run, plan: Plan): Promise<number> {
  const options = { lang: run.lang, asOf: run.args.asOf, protect: run.args.protect };
  try {
    if (run.args.per) {
      const books = memberWorkbooks(plan, run.args.per, options);
      // One member's workbook written in memory: the rest are made the same way.
      await writeXlsx(books.build(0));
      run.io.out(say(run.lang, "validPer", { file: run.args.plan!, title: plan.title, count: books.members.length, dimension: books.dimension }));
      return 0;
    }
    // Built and written in memory: what validate accepts, build writes.
    const spec = buildPlanWorkbook(plan, options);
    await writeXlsx(spec);
    run.io.out(say(run.lang, "valid", { file: run.args.plan!, title: plan.title, sheets: sheetList(spec) }));
    return 0;
  } catch (e) {
    throw new Refusal([e instanceof MemberWorkbooksError ? e.messageIn(run.lang) : say(run.lang, "failed", { reason: reason(e, run.lang) })]);
  }
}

// ---- build: one workbook ---------------------------------------------------------------------

async function buildOne(run: Run, plan: Plan): Promise<number> {
  const shown = run.args.out!;
  const out = path.resolve(run.cwd, shown);
  // Where to write, looked at before anything is built.
  const example = path.join(shown, `${path.basename(run.args.plan!).replace(/\.json$/i, "") || "plan"}.xlsx`);
  const target = await statOrNone(run, out, true);
  if (/[/\\]$/.test(shown) || target?.isDirectory()) throw new Refusal([say(run.lang, "outIsFolder", { file: shown, example })]);
  if (sameFile(target, await statOrNone(run, path.resolve(run.cwd, run.args.plan!), true))) {
    throw new Refusal([say(run.lang, "outIsPlan", { file: shown, example: `${shown.replace(/\.json$/i, "")}.xlsx` })]);
  }
  if (!run.args.force && (await statOrNone(run, out, false))) throw new Refusal([say(run.lang, "exists", { file: shown })]);

  let spec: WorkbookSpec;
  let bytes: Uint8Array;
  try {
    spec = buildPlanWorkbook(plan, { lang: run.lang, asOf: run.args.asOf, protect: run.args.protect });
    bytes = await writeXlsx(spec);
  } catch (e) {
    throw new Refusal([say(run.lang, "failed", { reason: reason(e, run.lang) })]);
  }
  await makeFolder(run, path.dirname(out), path.dirname(shown));
  try {
    await writeFileSafely(run.fs, out, bytes, { replace: run.args.force, signal: run.signal });
  } catch (e) {
    if (e instanceof Interrupted) throw new Refusal([say(run.lang, "interrupted", { signal: e.signal }), say(run.lang, "notWritten", { file: shown })], signalCode(e.signal));
    throw new Refusal([fsError(run, e, "write", shown)]);
  }
  run.io.out(say(run.lang, "wrote", { file: shown, sheets: sheetList(spec) }));
  return 0;
}

async function makeFolder(run: Run, folder: string, shown: string): Promise<void> {
  try {
    await run.fs.mkdir(folder, { recursive: true });
  } catch (e) {
    throw new Refusal([fsError(run, e, "folder", shown || ".")]);
  }
}

// ---- build --per: one workbook per member ------------------------------------------------------

/** The folder's names, sorted into what this run writes, other workbooks and a killed run's temporary files. */
interface FolderLook {
  /** Indexes of the members whose file name is taken (by a file, a link or a folder). */
  taken: Set<number>;
  /** Other .xlsx files in the folder. */
  stale: string[];
  /** Temporary files a killed run left. */
  leftovers: string[];
}

async function lookAtFolder(run: Run, folder: string, names: string[], planStat: Stats | undefined): Promise<FolderLook> {
  const look: FolderLook = { taken: new Set(), stale: [], leftovers: [] };
  let entries: string[];
  try {
    entries = await run.fs.readdir(folder);
  } catch (e) {
    if (errorCode(e) === "ENOENT") return look;
    throw new Refusal([fsError(run, e, "read", run.args.out!)]);
  }
  const wanted = new Map(names.map((name, k) => [fileNameKey(name), k]));
  for (const entry of entries) {
    const k = wanted.get(fileNameKey(entry));
    if (k === undefined) {
      if (isTemporaryName(entry)) look.leftovers.push(entry);
      else if (/\.xlsx$/i.test(entry)) look.stale.push(entry);
      continue;
    }
    // The system says whether the entry is the member's name (case-insensitive disks: also "alice.xlsx").
    const file = path.join(folder, names[k]);
    const st = await statOrNone(run, file, false);
    if (!st) continue;
    if (st.isDirectory()) throw new Refusal([say(run.lang, "perTargetFolder", { file: path.join(run.args.out!, names[k]) })]);
    if (sameFile(await statOrNone(run, file, true), planStat)) {
      throw new Refusal([say(run.lang, "outIsPlan", { file: path.join(run.args.out!, names[k]), example: path.join(run.args.out!, "…") })]);
    }
    look.taken.add(k);
  }
  return look;
}

/** "Alice.xlsx, Bob.xlsx, … (3 more)". */
function someNames(names: string[], most = 5): string {
  return names.length <= most ? names.join(", ") : `${names.slice(0, most).join(", ")}, … (+${names.length - most})`;
}

async function buildPer(run: Run, plan: Plan): Promise<number> {
  const shown = run.args.out!;
  const folder = path.resolve(run.cwd, shown);
  const options = { lang: run.lang, asOf: run.args.asOf, protect: run.args.protect };

  // Which members, and their files' names (the pane's .zip names them the same).
  let books;
  try {
    books = memberWorkbooks(plan, run.args.per!, options);
  } catch (e) {
    throw new Refusal([e instanceof MemberWorkbooksError ? e.messageIn(run.lang) : say(run.lang, "failed", { reason: reason(e, run.lang) })]);
  }
  const names = memberFileNames(books.members);
  const total = names.length;

  // The folder, looked at before anything is built.
  const there = await statOrNone(run, folder, true);
  if (there && !there.isDirectory()) throw new Refusal([say(run.lang, "notFolder", { file: shown })]);
  const look = await lookAtFolder(run, folder, names, await statOrNone(run, path.resolve(run.cwd, run.args.plan!), true));
  if (look.taken.size > 0 && !run.args.force && !run.args.skipExisting) {
    const takenNames = [...look.taken].sort((a, b) => a - b).map((k) => names[k]);
    if (look.taken.size === total) throw new Refusal([say(run.lang, "perAllExisting", { total, folder: shown })]);
    throw new Refusal([say(run.lang, "perExisting", { count: look.taken.size, total, folder: shown, names: someNames(takenNames), rest: total - look.taken.size })]);
  }

  // Each workbook built and written in turn.
  let written = 0;
  let kept = 0;
  let folderMade = false;
  const stopped = (lines: string[], code: number): Refusal =>
    new Refusal([...lines, ...(written + kept > 0 ? [say(run.lang, "partial", { done: written + kept, total, folder: shown, rest: total - written - kept })] : [])], code);
  for (let k = 0; k < total; k++) {
    if (run.args.skipExisting && look.taken.has(k)) {
      kept++;
      run.io.progress?.(written + kept, total);
      continue;
    }
    if (run.signal?.aborted) {
      if (folderMade) await syncFolder(run.fs, folder);
      const signal = run.signal.reason instanceof Interrupted ? run.signal.reason.signal : "SIGINT";
      throw stopped([say(run.lang, "interrupted", { signal })], signalCode(signal));
    }
    let bytes: Uint8Array;
    try {
      bytes = await writeXlsx(books.build(k));
    } catch (e) {
      if (folderMade) await syncFolder(run.fs, folder);
      throw stopped([say(run.lang, "failed", { reason: `${books.members[k]}: ${reason(e, run.lang)}` })], 1);
    }
    if (!folderMade) {
      await makeFolder(run, folder, shown);
      folderMade = true;
    }
    const file = path.join(folder, names[k]);
    try {
      await writeFileSafely(run.fs, file, bytes, { replace: run.args.force, signal: run.signal, syncFolder: false });
    } catch (e) {
      await syncFolder(run.fs, folder);
      if (e instanceof Interrupted) throw stopped([say(run.lang, "interrupted", { signal: e.signal })], signalCode(e.signal));
      throw stopped([fsError(run, e, "write", path.join(shown, names[k]))], 1);
    }
    written++;
    run.io.progress?.(written + kept, total);
  }

  // Done: the folder's new names flushed once, then what was written, kept, and what else is there.
  if (folderMade) await syncFolder(run.fs, folder);
  run.io.out(say(run.lang, "wroteMany", { count: written, folder: shown, dimension: books.dimension }));
  if (kept > 0) run.io.out(say(run.lang, "keptMany", { count: kept }));
  if (look.stale.length) run.io.err(say(run.lang, "stale", { folder: shown, count: look.stale.length, names: someNames(look.stale.sort()) }));
  if (look.leftovers.length) run.io.err(say(run.lang, "leftovers", { folder: shown, count: look.leftovers.length, names: someNames(look.leftovers.sort()) }));
  return 0;
}

// ---- the command --------------------------------------------------------------------------------

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

/**
 * Runs the command; returns the exit code. Every line goes through `printable`.
 * @param argv - the arguments after `npm run plan --`
 * @param io - where lines go (default the console)
 * @param deps - the file system, a signal that stops the run (Ctrl+C), the current folder
 * @example await main(["validate", "examples/seed-plan.json"]) // 0, after printing one line
 */
export async function main(argv: readonly string[], io: CliIo = consoleIo, deps: CliDeps = {}): Promise<number> {
  const safe: CliIo = { out: (l) => io.out(printable(l)), err: (l) => io.err(printable(l)), progress: io.progress };
  // `actuals`: the month's actuals into a workbook (src/cli/actuals.ts has its own options).
  if (argv[0] === "actuals") return runActuals(argv.slice(1), safe, { fs: deps.fs ?? realFileSystem, cwd: deps.cwd ?? process.cwd(), signal: deps.signal });
  // A revision appended to a plan file, and next year's plan from a workbook: commands of their own.
  if (argv[0] === "next-year") return nextYear(argv.slice(1), safe, deps);
  if (argv[0] === "revise") return revise(argv.slice(1), safe, deps);
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    safe.err(e.message);
    safe.err(say(argv.includes("zh") ? "zh" : "en", "usage"));
    return 2;
  }
  const { lang } = args;
  if (args.command === "help") {
    safe.out(say(lang, "usage"));
    safe.out(reviseUsage(lang));
    safe.out(nextYearUsage(lang));
    return 0;
  }
  const run: Run = { args, lang, io: safe, fs: deps.fs ?? realFileSystem, signal: deps.signal, cwd: deps.cwd ?? process.cwd() };
  try {
    const plan = await readPlan(run);
    if (args.command === "validate") return await validate(run, plan);
    return args.per ? await buildPer(run, plan) : await buildOne(run, plan);
  } catch (e) {
    if (e instanceof Refusal) {
      for (const line of e.lines) safe.err(line);
      return e.code;
    }
    safe.err(say(lang, "unexpected", { reason: e instanceof Error ? e.message : String(e) }));
    return 1;
  }
}
