/**
 * `plan next-year <workbook.xlsx> -o <next.json> [--growth 10%] [--left 名,名] [--join 华东/华东一组/新人@7] [--lang en|zh] [--force]`:
 * next year's plan proposed from a workbook the add-in made — its stored plan and the actuals
 * typed into its tracking sheets (src/sheets/next-year.ts says every rule) — written as a plan
 * file beside its name and renamed when complete (`files.ts`: an existing file is replaced only
 * with `--force`). What the proposal did is printed, one note a line, in the chosen language.
 * Exit codes as `plan build`: 0 written, 1 refused, 2 a wrong command line.
 */
import * as path from "node:path";
import type { Lang } from "../core/errors";
import { validatePlan } from "../sheets/plan";
import { actualsLayouts, proposeNextYear, readActuals } from "../sheets/next-year";
import { loadXlsx, readCell, readXlsxPlan } from "../xlsx/read";
import { type FileSystem, errorCode, realFileSystem } from "./files";
import { Stop, runCommand, writeJsonFile } from "./json-command";

type Params = Record<string, string | number>;

const MESSAGES = {
  usage: {
    en: () => "  npm run plan -- next-year <workbook.xlsx> -o <next.json> [--growth 10%] [--left name,name] [--join group/…/name@month] [--lang en|zh] [--force]",
    zh: () => "  npm run plan -- next-year <工作簿.xlsx> -o <明年计划.json> [--growth 10%] [--left 姓名,姓名] [--join 分组/…/姓名@月份] [--lang en|zh] [--force]",
  },
  missingBook: { en: () => "Give the workbook (an .xlsx the add-in made).", zh: () => "请给出工作簿（由本插件生成的 .xlsx）。" },
  missingOut: { en: () => "Give where to write next year's plan with -o (a .json).", zh: () => "请用 -o 指定明年计划的输出位置（.json）。" },
  missingValue: { en: (p: Params) => `Option ${p.option} needs a value.`, zh: (p: Params) => `选项 ${p.option} 需要一个值。` },
  unknownOption: { en: (p: Params) => `Unknown option "${p.option}".`, zh: (p: Params) => `未知选项“${p.option}”。` },
  badGrowth: {
    en: (p: Params) => `--growth is a percentage such as 10% or -5% (or a fraction such as 0.1), not "${p.value}".`,
    zh: (p: Params) => `--growth 应为百分比，如 10% 或 -5%（或小数，如 0.1），不是“${p.value}”。`,
  },
  badJoin: {
    en: (p: Params) => `--join is a path and a start month, such as East/Team 1/New rep@7, not "${p.value}".`,
    zh: (p: Params) => `--join 应为路径和入职月份，如 华东/华东一组/新人@7，不是“${p.value}”。`,
  },
  notXlsx: { en: (p: Params) => `${p.file} is not a workbook Excel can open (${p.reason}).`, zh: (p: Params) => `${p.file} 不是 Excel 能打开的工作簿（${p.reason}）。` },
  noPlan: {
    en: (p: Params) => `${p.file} holds no plan: only workbooks the add-in made carry one (its hidden TargetPlanner sheet).`,
    zh: (p: Params) => `${p.file} 中没有计划：只有本插件生成的工作簿才带有计划（隐藏的 TargetPlanner 工作表）。`,
  },
  badPlan: { en: (p: Params) => `The plan stored in ${p.file} is not valid: ${p.reason}`, zh: (p: Params) => `${p.file} 中保存的计划无效：${p.reason}` },
  noTracking: {
    en: (p: Params) => `No ${p.kind} sheet of the plan was found in the workbook (renamed or edited?): its targets count as actuals.`,
    zh: (p: Params) => `工作簿中找不到计划的${p.kind === "cascade" ? "分解跟踪表" : "跟踪表"}（是否已改名或改动？）：以目标计为实绩。`,
  },
  cannot: { en: (p: Params) => `Next year's plan cannot be proposed: ${p.reason}`, zh: (p: Params) => `无法提出明年的计划：${p.reason}` },
  readFailed: { en: (p: Params) => `Cannot read ${p.file}: ${p.reason}`, zh: (p: Params) => `无法读取 ${p.file}：${p.reason}` },
  wrote: {
    en: (p: Params) => `Wrote ${p.file}: ${p.title}, total ${p.total} (this year's actual ${p.actual} × (1 + ${p.growth})).`,
    zh: (p: Params) => `已写入 ${p.file}：${p.title}，总额 ${p.total}（今年实绩 ${p.actual} ×（1 + ${p.growth}））。`,
  },
} as const;

const say = (lang: Lang, key: keyof typeof MESSAGES, p: Params = {}): string => MESSAGES[key][lang](p);

/** The usage line of `next-year`, in a language (for the command's help). */
export const nextYearUsage = (lang: Lang): string => say(lang, "usage");

/** `10%`, `-5%`, `0.1` → a fraction. */
function growthOf(v: string, lang: Lang): number {
  const m = /^\s*([-+]?\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(v);
  if (!m) throw new Stop([say(lang, "badGrowth", { value: v })], 2);
  const x = Number(m[1]) / (m[2] ? 100 : 1);
  if (!(x > -1) || x > 100) throw new Stop([say(lang, "badGrowth", { value: v })], 2);
  return x;
}

/**
 * Runs `plan next-year` (the arguments after `next-year`); returns the exit code.
 * @example await nextYear(["book.xlsx", "-o", "next.json", "--growth", "10%"], io) // 0
 */
export async function nextYear(argv: readonly string[], io: { out: (l: string) => void; err: (l: string) => void }, deps: { fs?: FileSystem; cwd?: string; signal?: AbortSignal } = {}): Promise<number> {
  const lang: Lang = argv[argv.indexOf("--lang") + 1] === "zh" && argv.includes("--lang") ? "zh" : "en";
  const fs = deps.fs ?? realFileSystem;
  const cwd = deps.cwd ?? process.cwd();
  return runCommand(io, async () => {
    // ---- the command line ----
    let book: string | undefined;
    let out: string | undefined;
    let growth: number | undefined;
    let force = false;
    const left: string[] = [];
    const joiners: { path: string[]; startMonth?: number }[] = [];
    const rest = [...argv];
    const value = (option: string): string => {
      const v = rest.shift();
      if (v === undefined || v.startsWith("--")) throw new Stop([say(lang, "missingValue", { option })], 2);
      return v;
    };
    while (rest.length) {
      const a = rest.shift()!;
      if (a === "-o" || a === "--out") out = value(a);
      else if (a === "--growth") growth = growthOf(value(a), lang);
      else if (a === "--left") left.push(...value(a).split(/[,，、]/).map((x) => x.trim()).filter(Boolean));
      else if (a === "--join") {
        const v = value(a);
        const m = /^(.+?)(?:@(\d{1,2}))?$/.exec(v);
        const parts = m ? m[1].split("/").map((x) => x.trim()) : [];
        const month = m?.[2] ? Number(m[2]) : undefined;
        if (!m || parts.length < 2 || parts.some((x) => !x) || (month !== undefined && (month < 1 || month > 12))) throw new Stop([say(lang, "badJoin", { value: v })], 2);
        joiners.push({ path: parts, ...(month !== undefined ? { startMonth: month } : {}) });
      } else if (a === "--lang") value(a);
      else if (a === "--force") force = true;
      else if (a.startsWith("-")) throw new Stop([say(lang, "unknownOption", { option: a })], 2);
      else if (book === undefined) book = a;
      else throw new Stop([say(lang, "unknownOption", { option: a })], 2);
    }
    if (!book) throw new Stop([say(lang, "missingBook"), say(lang, "usage")], 2);
    if (!out) throw new Stop([say(lang, "missingOut"), say(lang, "usage")], 2);

    // ---- the workbook: its plan and its actuals ----
    let bytes: Uint8Array;
    try {
      const handle = await fs.open(path.resolve(cwd, book), "r");
      try {
        bytes = new Uint8Array(await handle.readFile());
      } finally {
        await handle.close();
      }
    } catch (e) {
      throw new Stop([say(lang, "readFailed", { file: book, reason: errorCode(e) ?? String(e) })]);
    }
    let workbook;
    try {
      workbook = await loadXlsx(bytes);
    } catch (e) {
      throw new Stop([say(lang, "notXlsx", { file: book, reason: e instanceof Error ? e.message : String(e) })]);
    }
    const raw = await readXlsxPlan(workbook);
    if (raw === undefined) throw new Stop([say(lang, "noPlan", { file: book })]);
    const stored = validatePlan(raw);
    if (!stored.ok) throw new Stop([say(lang, "badPlan", { file: book, reason: `${stored.problems[0].path}: ${stored.problems[0].message[lang]}` })]);
    const sheets = workbook.worksheets.map((ws) => ({
      name: ws.name,
      cell: (row: number, col: number) => {
        const c = readCell(ws.getCell(row + 1, col + 1));
        return c?.value ?? undefined;
      },
    }));
    const { actuals, missing } = readActuals(actualsLayouts(stored.plan), sheets);
    for (const kind of missing) io.err(say(lang, "noTracking", { kind }));

    // ---- the proposal, written beside its name and renamed ----
    const proposal = proposeNextYear(stored.plan, actuals, { ...(growth !== undefined ? { growth } : {}), left, joiners });
    if (!proposal.ok) throw new Stop([say(lang, "cannot", { reason: proposal.problems[0][lang] })]);
    await writeJsonFile(fs, path.resolve(cwd, out), out, proposal.plan, { lang, replace: force, signal: deps.signal });
    for (const n of proposal.notes) io.out(`- ${n.message[lang]}`);
    const num = (x: number) => x.toLocaleString("en-US");
    const total = Number((proposal.actualTotal * (1 + proposal.growth)).toPrecision(15));
    io.out(say(lang, "wrote", { file: out, title: proposal.plan.title, total: num(total), actual: num(proposal.actualTotal), growth: `${Number((proposal.growth * 100).toPrecision(10))}%` }));
    return 0;
  });
}
