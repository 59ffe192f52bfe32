/**
 * The `plan` command (entry: `src/cli/plan.ts`): plan files to .xlsx workbooks, for automation.
 *
 * - `validate <plan.json>`: one line per problem (JSON path and message), exit 1 if any.
 * - `build <plan.json> -o <out.xlsx>`: the whole plan's workbook (decomposition, tracking,
 *   scorecard, checks, the plan stored in the workbook).
 * - `build <plan.json> --per <split> -o <folder>`: one workbook per member of a split
 *   (each rep only their own numbers), `<folder>/<member>.xlsx`; with a cascade, `--per <level>`
 *   (a level label, a depth or `person`) gives one workbook per node of that level, its subtree only.
 *
 * Options: `--lang en|zh` (sheet words and messages; default en), `--as-of YYYY-MM-DD` (the
 * tracking sheet's as-of date when the plan gives none; default today), `--protect` (computed
 * cells locked, inputs open), `--force` (replace files that exist).
 *
 * Nothing is written unless everything is right: the plan is validated, every workbook is
 * built in memory, and only then are files written. Exit codes: 0 done, 1 the plan or the
 * files refused, 2 a wrong command line.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isPlanError, type Lang } from "../core/errors";
import { type Plan, validatePlan } from "../sheets/plan";
import { cascadeLevelLabels, resolveCascade } from "../sheets/cascade";
import type { WorkbookSpec } from "../sheets/spec";
import { buildMemberWorkbooks, buildPlanWorkbook } from "../sheets/workbook";
import { XlsxError } from "../xlsx/errors";
import { writeXlsx } from "../xlsx/write";
import { say } from "./messages";

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
  const args: CliArgs = { command: "help", lang, protect: false, force: false };
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
    } else if (a === "--as-of") {
      const v = value(a);
      const d = new Date(`${v}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
        throw new UsageError(say(lang, "badDate", { value: v }));
      }
      args.asOf = v;
    } else if (a === "--protect") args.protect = true;
    else if (a === "--force") args.force = true;
    else if (a.startsWith("-")) throw new UsageError(say(lang, "unknownOption", { option: a }));
    else if (args.plan === undefined) args.plan = a;
    else throw new UsageError(say(lang, "unknownOption", { option: a }));
  }
  if (!args.plan) throw new UsageError(say(lang, "missingPlan"));
  if (args.command === "build" && !args.out) throw new UsageError(say(lang, "missingOut"));
  return args;
}

/**
 * A member's name as a file name: characters no file system takes become "_", at most 80
 * characters, never empty or a dot name.
 * @example memberFileName('华东/East: "A"') // "华东_East_ _A_"
 */
export function memberFileName(member: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = member.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").replace(/^[.\s]+|[.\s]+$/g, "").slice(0, 80);
  return safe === "" ? "_" : safe;
}

/** What the CLI writes to its two streams (a test can collect them). */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const sheetList = (spec: WorkbookSpec): string => spec.sheets.map((s) => s.name).join(", ");

function readPlan(file: string, lang: Lang, io: CliIo): { plan: Plan } | { code: number } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    io.err(say(lang, "cannotRead", { file, reason: (e as Error).message }));
    return { code: 1 };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    io.err(say(lang, "notJson", { file, reason: (e as Error).message }));
    return { code: 1 };
  }
  const v = validatePlan(json);
  if (!v.ok) {
    for (const p of v.problems) io.err(`${p.path}: ${p.message[lang]}`);
    io.err(say(lang, "invalid", { file, count: v.problems.length }));
    return { code: 1 };
  }
  return { plan: v.plan };
}

/** What `--per` takes of a plan's cascade: its level labels and "person". */
function cascadeLevels(plan: Plan): string[] {
  return plan.cascade ? [...cascadeLevelLabels(resolveCascade(plan)), "person"] : [];
}

function reason(e: unknown, lang: Lang): string {
  if (isPlanError(e) || e instanceof XlsxError) return e.messageIn(lang);
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs the command; returns the exit code.
 * @example await main(["validate", "examples/seed-plan.json"]) // 0, after printing one line
 */
export async function main(argv: readonly string[], io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) }): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(e.message);
    io.err(say(argv.includes("zh") ? "zh" : "en", "usage"));
    return 2;
  }
  const { lang } = args;
  if (args.command === "help") {
    io.out(say(lang, "usage"));
    return 0;
  }
  const read = readPlan(args.plan!, lang, io);
  if ("code" in read) return read.code;
  const { plan } = read;
  const options = { lang, asOf: args.asOf, protect: args.protect };

  if (args.command === "validate") {
    let sheets: string;
    try {
      sheets = sheetList(buildPlanWorkbook(plan, options));
    } catch (e) {
      io.err(say(lang, "failed", { reason: reason(e, lang) }));
      return 1;
    }
    io.out(say(lang, "valid", { file: args.plan!, title: plan.title, sheets }));
    return 0;
  }

  // build: everything in memory first, then the files.
  const files: { file: string; bytes: Uint8Array; sheets: string }[] = [];
  const out = path.resolve(args.out!);
  try {
    if (args.per) {
      let books: { member: string; spec: WorkbookSpec }[];
      try {
        books = buildMemberWorkbooks(plan, args.per, options);
      } catch (e) {
        if (isPlanError(e)) throw e;
        const known = [...(plan.splits ?? []).map((s) => `${s.id} (${s.kind})`), ...cascadeLevels(plan)].join(", ");
        io.err(say(lang, "noDimension", { dimension: args.per, known }));
        return 1;
      }
      const taken = new Set<string>();
      for (const { member, spec } of books) {
        let base = memberFileName(member);
        for (let n = 2; taken.has(base.toLowerCase()); n++) base = `${memberFileName(member)}-${n}`;
        taken.add(base.toLowerCase());
        files.push({ file: path.join(out, `${base}.xlsx`), bytes: await writeXlsx(spec), sheets: sheetList(spec) });
      }
    } else {
      const spec = buildPlanWorkbook(plan, options);
      files.push({ file: out, bytes: await writeXlsx(spec), sheets: sheetList(spec) });
    }
  } catch (e) {
    io.err(say(lang, "failed", { reason: reason(e, lang) }));
    return 1;
  }
  if (args.per && fs.existsSync(out) && !fs.statSync(out).isDirectory()) {
    io.err(say(lang, "notFolder", { file: args.out! }));
    return 1;
  }
  if (!args.force) {
    const existing = files.find((f) => fs.existsSync(f.file));
    if (existing) {
      io.err(say(lang, "exists", { file: path.relative(process.cwd(), existing.file) || existing.file }));
      return 1;
    }
  }
  fs.mkdirSync(args.per ? out : path.dirname(out), { recursive: true });
  for (const f of files) fs.writeFileSync(f.file, f.bytes);
  if (args.per) io.out(say(lang, "wroteMany", { count: files.length, folder: args.out!, dimension: args.per }));
  else io.out(say(lang, "wrote", { file: args.out!, sheets: files[0].sheets }));
  return 0;
}
