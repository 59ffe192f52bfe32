/** What the `plan` command says, in English and Chinese from one catalogue. */
import type { Lang } from "../core/errors";

type Params = Record<string, string | number>;

const MESSAGES = {
  usage: {
    en: () =>
      [
        "Usage:",
        "  npm run plan -- validate <plan.json> [--lang en|zh]",
        "  npm run plan -- build <plan.json> -o <out.xlsx> [--lang en|zh] [--as-of YYYY-MM-DD] [--protect] [--force]",
        "  npm run plan -- build <plan.json> --per <split id or kind, or cascade level> -o <folder> [same options]",
      ].join("\n"),
    zh: () =>
      [
        "用法：",
        "  npm run plan -- validate <计划.json> [--lang en|zh]",
        "  npm run plan -- build <计划.json> -o <输出.xlsx> [--lang en|zh] [--as-of YYYY-MM-DD] [--protect] [--force]",
        "  npm run plan -- build <计划.json> --per <拆分 id 或类型，或分解层级> -o <文件夹> [同上选项]",
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
  cannotRead: { en: (p: Params) => `Cannot read ${p.file}: ${p.reason}`, zh: (p: Params) => `无法读取 ${p.file}：${p.reason}` },
  notJson: { en: (p: Params) => `${p.file} is not JSON: ${p.reason}`, zh: (p: Params) => `${p.file} 不是 JSON：${p.reason}` },
  invalid: {
    en: (p: Params) => `${p.file}: ${p.count} problem(s); nothing was written.`,
    zh: (p: Params) => `${p.file}：${p.count} 个问题；未写入任何文件。`,
  },
  valid: {
    en: (p: Params) => `${p.file}: a valid plan ("${p.title}"): ${p.sheets}.`,
    zh: (p: Params) => `${p.file}：计划有效（“${p.title}”）：${p.sheets}。`,
  },
  exists: {
    en: (p: Params) => `${p.file} already exists; nothing was written (add --force to replace it).`,
    zh: (p: Params) => `${p.file} 已存在；未写入任何文件（加 --force 可替换）。`,
  },
  notFolder: { en: (p: Params) => `${p.file} is not a folder.`, zh: (p: Params) => `${p.file} 不是文件夹。` },
  noDimension: {
    en: (p: Params) => `The plan has no split "${p.dimension}" to write one workbook per member of (give a split id or kind, or a cascade level: ${p.known}).`,
    zh: (p: Params) => `计划中没有拆分“${p.dimension}”，无法按成员各写一个工作簿（请给出拆分 id 或类型，或分解层级：${p.known}）。`,
  },
  wrote: { en: (p: Params) => `Wrote ${p.file} (${p.sheets}).`, zh: (p: Params) => `已写入 ${p.file}（${p.sheets}）。` },
  wroteMany: {
    en: (p: Params) => `Wrote ${p.count} workbooks into ${p.folder}, one per member of "${p.dimension}".`,
    zh: (p: Params) => `已在 ${p.folder} 写入 ${p.count} 个工作簿，按“${p.dimension}”每个成员一个。`,
  },
  failed: { en: (p: Params) => `Could not build the workbook: ${p.reason}`, zh: (p: Params) => `无法生成工作簿：${p.reason}` },
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
