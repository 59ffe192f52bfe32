/** What the `plan` command says, in English and Chinese from one catalogue. */
import type { Lang } from "../core/errors";

type Params = Record<string, string | number>;

/** 2000 → "2,000" (both languages write thousands so). */
const n = (x: string | number | undefined): string => (typeof x === "number" ? x.toLocaleString("en-US") : String(x ?? ""));

const MESSAGES = {
  usage: {
    en: () =>
      [
        "Usage:",
        "  npm run plan -- validate <plan.json> [--per <split>] [--lang en|zh]",
        "  npm run plan -- build <plan.json> -o <out.xlsx> [--lang en|zh] [--as-of YYYY-MM-DD] [--protect] [--force]",
        "  npm run plan -- build <plan.json> --per <split id or kind, or cascade level> -o <folder> [same options] [--skip-existing]",
        '  npm run plan -- actuals <workbook.xlsx> <export.csv|xlsx> -o <out.xlsx> [--unit 万元] [--overwrite] [--map "export name=sheet name"] [--dry-run]',
      ].join("\n"),
    zh: () =>
      [
        "用法：",
        "  npm run plan -- validate <计划.json> [--per <拆分>] [--lang en|zh]",
        "  npm run plan -- build <计划.json> -o <输出.xlsx> [--lang en|zh] [--as-of YYYY-MM-DD] [--protect] [--force]",
        "  npm run plan -- build <计划.json> --per <拆分 id 或类型，或分解层级> -o <文件夹> [同上选项] [--skip-existing]",
        '  npm run plan -- actuals <工作簿.xlsx> <导出数据.csv|xlsx> -o <输出.xlsx> [--unit 万元] [--overwrite] [--map "导出姓名=表中姓名"] [--dry-run]',
      ].join("\n"),
  },
  unknownCommand: { en: (p: Params) => `Unknown command "${p.command}".`, zh: (p: Params) => `未知命令“${p.command}”。` },
  unknownOption: { en: (p: Params) => `Unknown option "${p.option}".`, zh: (p: Params) => `未知选项“${p.option}”。` },
  missingValue: { en: (p: Params) => `Option ${p.option} needs a value.`, zh: (p: Params) => `选项 ${p.option} 需要一个值。` },
  missingPlan: { en: () => "Give the plan file (a .json).", zh: () => "请给出计划文件（.json）。" },
  missingOut: { en: () => "Give where to write with -o.", zh: () => "请用 -o 指定输出位置。" },
  badLang: { en: (p: Params) => `--lang is en or zh, not "${p.value}".`, zh: (p: Params) => `--lang 只能是 en 或 zh，不是“${p.value}”。` },
  badDate: {
    en: (p: Params) => `--as-of is a date written YYYY-MM-DD, not "${p.value}".`,
    zh: (p: Params) => `--as-of 应为 YYYY-MM-DD 格式的日期，不是“${p.value}”。`,
  },
  dateOutOfRange: { en: (p: Params) => `--as-of ${p.value} ${p.reason}.`, zh: (p: Params) => `--as-of ${p.value} ${p.reason}。` },
  forceAndSkip: {
    en: () => "--force replaces the files that exist and --skip-existing keeps them: give one of the two.",
    zh: () => "--force 会替换已有文件，--skip-existing 会保留它们：只能选一个。",
  },
  skipWithoutPer: { en: () => "--skip-existing goes with --per (a folder of workbooks).", zh: () => "--skip-existing 只用于 --per（一个文件夹的工作簿）。" },
  // ---- reading the plan
  notJson: { en: (p: Params) => `${p.file} is not JSON: ${p.reason}`, zh: (p: Params) => `${p.file} 不是 JSON：${p.reason}` },
  planFolder: {
    en: (p: Params) => `${p.file} is a folder, not a plan file: give the plan's .json file.`,
    zh: (p: Params) => `${p.file} 是文件夹，不是计划文件：请给出计划的 .json 文件。`,
  },
  planNotRegular: {
    en: (p: Params) => `${p.file} is not a file (a device, socket or the like): give the plan's .json file.`,
    zh: (p: Params) => `${p.file} 不是普通文件（设备、套接字等）：请给出计划的 .json 文件。`,
  },
  planTooLarge: {
    en: (p: Params) => `${p.file} is larger than ${p.max} MB (a plan for 100,000 reps is about 20 MB); nothing was read.`,
    zh: (p: Params) => `${p.file} 超过 ${p.max} MB（10 万名销售的计划约 20 MB）；未读取。`,
  },
  planUtf16NoBom: {
    en: (p: Params) => `${p.file} looks like UTF-16 text without a byte-order mark: save it as UTF-8 (or UTF-16 with a byte-order mark).`,
    zh: (p: Params) => `${p.file} 似乎是没有字节顺序标记（BOM）的 UTF-16 文本：请另存为 UTF-8（或带 BOM 的 UTF-16）。`,
  },
  planNotUtf8: {
    en: (p: Params) => `${p.file} is not UTF-8 text (byte ${p.byte} at offset ${p.offset}); GBK and other encodings are not read: save the plan as UTF-8.`,
    zh: (p: Params) => `${p.file} 不是 UTF-8 文本（第 ${p.offset} 字节为 ${p.byte}）；不读取 GBK 等其他编码：请将计划另存为 UTF-8。`,
  },
  invalid: {
    en: (p: Params) => `${p.file}: ${p.count} problem(s); nothing was written.`,
    zh: (p: Params) => `${p.file}：${p.count} 个问题；未写入任何文件。`,
  },
  valid: {
    en: (p: Params) => `${p.file}: a valid plan ("${p.title}"): ${p.sheets}.`,
    zh: (p: Params) => `${p.file}：计划有效（“${p.title}”）：${p.sheets}。`,
  },
  validPer: {
    en: (p: Params) => `${p.file}: a valid plan ("${p.title}"): one workbook for each of the ${n(p.count)} members of "${p.dimension}".`,
    zh: (p: Params) => `${p.file}：计划有效（“${p.title}”）：按“${p.dimension}”的 ${n(p.count)} 个成员各一个工作簿。`,
  },
  // ---- where to write
  exists: {
    en: (p: Params) => `${p.file} already exists; nothing was written (add --force to replace it).`,
    zh: (p: Params) => `${p.file} 已存在；未写入任何文件（加 --force 可替换）。`,
  },
  outIsFolder: {
    en: (p: Params) =>
      `${p.file} is a folder: give the workbook's file name (for example ${p.example}), or add --per <split> to write one workbook per member into it.`,
    zh: (p: Params) => `${p.file} 是文件夹：请给出工作簿的文件名（例如 ${p.example}），或加 --per <拆分> 在其中为每个成员各写一个工作簿。`,
  },
  outIsPlan: {
    en: (p: Params) => `-o ${p.file} is the plan file itself; it is never replaced by a workbook, even with --force: give another name (for example ${p.example}).`,
    zh: (p: Params) => `-o ${p.file} 就是计划文件本身；即使加 --force 也不会用工作簿替换它：请换一个名称（例如 ${p.example}）。`,
  },
  notFolder: {
    en: (p: Params) => `${p.file} is a file, not a folder: --per writes one workbook per member into a folder; give a folder with -o.`,
    zh: (p: Params) => `${p.file} 是文件，不是文件夹：--per 会在一个文件夹中为每个成员各写一个工作簿；请用 -o 指定文件夹。`,
  },
  perExisting: {
    en: (p: Params) =>
      `${n(p.count)} of the ${n(p.total)} workbooks are already in ${p.folder} (${p.names}); nothing was written. ` +
      `Add --skip-existing to keep them and write the other ${n(p.rest)}, or --force to replace them.`,
    zh: (p: Params) =>
      `${p.folder} 中已有 ${n(p.total)} 个工作簿中的 ${n(p.count)} 个（${p.names}）；未写入任何文件。` +
      `加 --skip-existing 保留它们并写入其余 ${n(p.rest)} 个，或加 --force 替换它们。`,
  },
  perAllExisting: {
    en: (p: Params) => `All ${n(p.total)} workbooks are already in ${p.folder}; nothing was written (add --force to replace them).`,
    zh: (p: Params) => `${p.folder} 中已有全部 ${n(p.total)} 个工作簿；未写入任何文件（加 --force 可替换）。`,
  },
  perTargetFolder: {
    en: (p: Params) => `${p.file} is a folder where a member's workbook would go; nothing was written: move it away or choose another folder.`,
    zh: (p: Params) => `${p.file} 是文件夹，而某个成员的工作簿要写在这个名称上；未写入任何文件：请移走它或换一个文件夹。`,
  },
  // ---- building and writing
  failed: { en: (p: Params) => `Could not build the workbook: ${p.reason}`, zh: (p: Params) => `无法生成工作簿：${p.reason}` },
  wrote: { en: (p: Params) => `Wrote ${p.file} (${p.sheets}).`, zh: (p: Params) => `已写入 ${p.file}（${p.sheets}）。` },
  wroteMany: {
    en: (p: Params) => `Wrote ${n(p.count)} workbooks into ${p.folder}, one per member of "${p.dimension}".`,
    zh: (p: Params) => `已在 ${p.folder} 写入 ${n(p.count)} 个工作簿，按“${p.dimension}”每个成员一个。`,
  },
  keptMany: {
    en: (p: Params) => `Kept the ${n(p.count)} that were there already (--skip-existing).`,
    zh: (p: Params) => `保留了已有的 ${n(p.count)} 个（--skip-existing）。`,
  },
  stale: {
    en: (p: Params) => `${p.folder} also holds ${n(p.count)} other workbook(s) this plan did not write (${p.names}): if they are from an earlier run, remove them.`,
    zh: (p: Params) => `${p.folder} 中还有 ${n(p.count)} 个本计划未写入的工作簿（${p.names}）：如果是以前运行留下的，请删除。`,
  },
  leftovers: {
    en: (p: Params) => `${p.folder} holds ${n(p.count)} unfinished temporary file(s) (${p.names}) from a run that was killed: they are not workbooks; delete them.`,
    zh: (p: Params) => `${p.folder} 中有 ${n(p.count)} 个被强行终止的运行留下的未完成临时文件（${p.names}）：它们不是工作簿，请删除。`,
  },
  partial: {
    en: (p: Params) =>
      `Wrote ${n(p.done)} of the ${n(p.total)} workbooks into ${p.folder} before stopping; each one written is complete. ` +
      `Run the same command with --skip-existing to write the other ${n(p.rest)}.`,
    zh: (p: Params) =>
      `停止前已在 ${p.folder} 写入 ${n(p.total)} 个工作簿中的 ${n(p.done)} 个，每个都是完整的。` + `用同一命令加 --skip-existing 再运行，即可写入其余 ${n(p.rest)} 个。`,
  },
  interrupted: {
    en: (p: Params) => `Stopped by ${p.signal}: nothing half-written was left behind.`,
    zh: (p: Params) => `已被 ${p.signal} 中止：没有留下写了一半的文件。`,
  },
  notWritten: {
    en: (p: Params) => `${p.file} was not written; what was there before is unchanged.`,
    zh: (p: Params) => `${p.file} 未写入；原有内容保持不变。`,
  },
  progress: {
    en: (p: Params) => `Writing workbooks: ${n(p.done)} of ${n(p.total)} (${p.percent} %)`,
    zh: (p: Params) => `正在写入工作簿：${n(p.total)} 个中的 ${n(p.done)} 个（${p.percent}%）`,
  },
  // ---- the file system, one sentence each with what to do
  fsENOENT: {
    en: (p: Params) => `${p.file} does not exist: check the name and the folder (a relative path starts from ${p.cwd}).`,
    zh: (p: Params) => `${p.file} 不存在：请检查名称和文件夹（相对路径从 ${p.cwd} 算起）。`,
  },
  fsEACCES: {
    en: (p: Params) => `You may not ${p.verbEn} ${p.file}: check its permissions, or use another file or folder.`,
    zh: (p: Params) => `没有权限${p.verbZh} ${p.file}：请检查权限，或换一个文件或文件夹。`,
  },
  fsEEXIST: {
    en: (p: Params) => `${p.file} appeared while this ran (another program made it) and was not replaced: run again, with --force to replace it.`,
    zh: (p: Params) => `${p.file} 在运行期间出现了（由其他程序创建），未被替换：请再运行一次，加 --force 可替换。`,
  },
  fsEISDIR: {
    en: (p: Params) => `${p.file} is a folder: give a file name.`,
    zh: (p: Params) => `${p.file} 是文件夹：请给出文件名。`,
  },
  fsENOTDIR: {
    en: (p: Params) => `A part of the path ${p.file} is a file, not a folder: check the path.`,
    zh: (p: Params) => `路径 ${p.file} 中的某一级是文件而不是文件夹：请检查路径。`,
  },
  fsENOSPC: {
    en: (p: Params) => `The disk is full: ${p.file} was not written and what was there before is unchanged; free some space and run again.`,
    zh: (p: Params) => `磁盘已满：${p.file} 未写入，原有内容保持不变；请腾出空间后再运行。`,
  },
  fsEDQUOT: {
    en: (p: Params) => `Your disk quota is used up: ${p.file} was not written and what was there before is unchanged; free some space and run again.`,
    zh: (p: Params) => `磁盘配额已用完：${p.file} 未写入，原有内容保持不变；请腾出空间后再运行。`,
  },
  fsEROFS: {
    en: (p: Params) => `${p.file} is on a read-only disk: write somewhere else with -o.`,
    zh: (p: Params) => `${p.file} 位于只读磁盘：请用 -o 写到其他位置。`,
  },
  fsENAMETOOLONG: {
    en: (p: Params) => `The name ${p.file} is too long for the disk: give a shorter name or folder.`,
    zh: (p: Params) => `名称 ${p.file} 对磁盘来说太长：请用更短的名称或文件夹。`,
  },
  fsEMFILE: {
    en: () => "Too many files are open on this computer: close some programs and run again.",
    zh: () => "本机打开的文件过多：请关闭一些程序后再运行。",
  },
  fsEBUSY: {
    en: (p: Params) => `${p.file} is in use by another program (is it open in Excel?): close it and run again.`,
    zh: (p: Params) => `${p.file} 正被其他程序使用（是否在 Excel 中打开？）：请关闭后再运行。`,
  },
  fsEIO: {
    en: (p: Params) => `The disk reported an error reading or writing ${p.file}: check the disk, or write somewhere else.`,
    zh: (p: Params) => `读写 ${p.file} 时磁盘报错：请检查磁盘，或写到其他位置。`,
  },
  fsELOOP: {
    en: (p: Params) => `${p.file} is a loop of symbolic links: check the path.`,
    zh: (p: Params) => `${p.file} 是循环的符号链接：请检查路径。`,
  },
  fsOther: {
    en: (p: Params) => `Could not ${p.verbEn} ${p.file} (${p.code}): ${p.reason}`,
    zh: (p: Params) => `无法${p.verbZh} ${p.file}（${p.code}）：${p.reason}`,
  },
  unexpected: {
    en: (p: Params) => `Target Planner stopped on an unexpected error: ${p.reason} (please report it with the plan file).`,
    zh: (p: Params) => `Target Planner 遇到意外错误而停止：${p.reason}（请连同计划文件一起报告）。`,
  },
} as const;

/** A key of the CLI's messages. */
export type CliMessage = keyof typeof MESSAGES;

/**
 * A CLI message in one language.
 * @example say("en", "exists", { file: "plan.xlsx" }) // "plan.xlsx already exists; nothing was written (add --force to replace it)."
 */
export function say(lang: Lang, key: CliMessage, params: Params = {}): string {
  return (MESSAGES[key][lang] as (p: Params) => string)(params);
}

/** What the CLI was doing to a file when the file system said no (for {@link fsMessage}). */
export type FsAction = "read" | "write" | "folder";

const VERBS: Record<FsAction, { en: string; zh: string }> = {
  read: { en: "read", zh: "读取" },
  write: { en: "write", zh: "写入" },
  folder: { en: "create the folder", zh: "创建文件夹" },
};

/** File system error codes that have a sentence of their own (the others: {@link say} "fsOther"). */
const FS_CODES: Record<string, CliMessage> = {
  ENOENT: "fsENOENT",
  EACCES: "fsEACCES",
  EPERM: "fsEACCES",
  EEXIST: "fsEEXIST",
  EISDIR: "fsEISDIR",
  ENOTDIR: "fsENOTDIR",
  ENOSPC: "fsENOSPC",
  EDQUOT: "fsEDQUOT",
  EROFS: "fsEROFS",
  ENAMETOOLONG: "fsENAMETOOLONG",
  EMFILE: "fsEMFILE",
  ENFILE: "fsEMFILE",
  EBUSY: "fsEBUSY",
  ETXTBSY: "fsEBUSY",
  EIO: "fsEIO",
  ELOOP: "fsELOOP",
};

/**
 * One sentence for a Node.js file system error, in the user's language, with what to do.
 * @param code - the error's code (ENOSPC, EACCES, …)
 * @example fsMessage("en", "ENOSPC", "write", "out.xlsx", "disk full", "/home/me")
 *   // "The disk is full: out.xlsx was not written and what was there before is unchanged; free some space and run again."
 */
export function fsMessage(lang: Lang, code: string, action: FsAction, file: string, reason: string, cwd: string): string {
  const key = Object.prototype.hasOwnProperty.call(FS_CODES, code) ? FS_CODES[code] : "fsOther";
  const verb = VERBS[action];
  return say(lang, key, { file, cwd, code, reason, verbEn: verb.en, verbZh: verb.zh });
}

/**
 * A line made safe for a terminal: control characters (but line breaks and tabs), DEL, C1
 * controls, bidirectional controls and lone surrogates are written as `\u001b`-style escapes,
 * so a name in a plan can neither send escape sequences to the terminal nor turn a line around.
 * @example printable("a\u001b[31mb") // "a\\u001b[31mb"
 */
export function printable(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) =>
    `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
