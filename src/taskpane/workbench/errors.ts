/*
 * Why the workbench refuses something, in English and Chinese from one catalogue (the
 * pattern of src/core/errors.ts). The pane shows `messageIn` in the user's language (see
 * services/messages.ts): each message says what happened and what to do instead.
 */
import type { Lang } from "../../core/errors";

type Params = Record<string, string | number | undefined>;
type Template = (p: Params) => string;

const count = (n: string | number | undefined, lang: Lang): string =>
  typeof n === "number" ? n.toLocaleString(lang === "zh" ? "zh-CN" : "en-US") : String(n ?? "");

/** Every refusal of the workbench, each in both languages. */
export const WORKBENCH_MESSAGES = {
  readTooLarge: {
    en: (p: Params) => `${p.address} has ${count(p.cells, "en")} cells; the pane reads at most ${count(p.max, "en")} at once. Select a smaller range.`,
    zh: (p: Params) => `${p.address} 有 ${count(p.cells, "zh")} 个单元格；任务窗格一次最多读取 ${count(p.max, "zh")} 个。请选择较小的区域。`,
  },
  tooLargeToRewrite: {
    en: (p: Params) =>
      `${p.file} is too large for the pane to give back with the new sheets (${count(p.cells, "en")} cells; at most ${count(p.max, "en")}). Nothing was downloaded. Open the workbook in Excel and use the add-in there, or work on a smaller file.`,
    zh: (p: Params) =>
      `${p.file} 太大，任务窗格无法把它连同新工作表一起导出（${count(p.cells, "zh")} 个单元格；最多 ${count(p.max, "zh")} 个）。未下载任何文件。请在 Excel 中打开该工作簿并在那里使用本加载项，或改用较小的文件。`,
  },
  partlyRead: {
    en: (p: Params) =>
      `Only part of ${p.file} was read (the pane holds at most ${count(p.max, "en")} cells), so it cannot be given back whole. Nothing was downloaded. Open the workbook in Excel and use the add-in there, or work on a smaller file.`,
    zh: (p: Params) =>
      `${p.file} 只读取了一部分（任务窗格最多容纳 ${count(p.max, "zh")} 个单元格），无法完整导出。未下载任何文件。请在 Excel 中打开该工作簿并在那里使用本加载项，或改用较小的文件。`,
  },
  notCarriedOver: {
    en: (p: Params) =>
      `Giving ${p.file} back would have lost cells of sheet "${p.sheet}" (${count(p.kept, "en")} of ${count(p.had, "en")} came back), so nothing was downloaded. Open the workbook in Excel and use the add-in there.`,
    zh: (p: Params) =>
      `导出 ${p.file} 会丢失工作表“${p.sheet}”中的单元格（${count(p.had, "zh")} 个中只保留了 ${count(p.kept, "zh")} 个），因此未下载任何文件。请在 Excel 中打开该工作簿并在那里使用本加载项。`,
  },
  downloadFailed: {
    en: (p: Params) =>
      `${p.file} could not be written (${p.cause}). Nothing was downloaded, and trying again would fail the same way: open the workbook in Excel and use the add-in there, or paste the table instead of opening the file.`,
    zh: (p: Params) =>
      `无法写出 ${p.file}（${p.cause}）。未下载任何文件，重试也会同样失败：请在 Excel 中打开该工作簿并在那里使用本加载项，或改为粘贴表格而不是打开文件。`,
  },
} satisfies Record<string, { en: Template; zh: Template }>;

/** A key of {@link WORKBENCH_MESSAGES}. */
export type WorkbenchMessageKey = keyof typeof WORKBENCH_MESSAGES;

/** A refusal of the workbench: a key of the catalogue plus its parameters. */
export class WorkbenchError extends Error {
  constructor(
    readonly key: WorkbenchMessageKey,
    readonly params: Params = {},
  ) {
    super(WORKBENCH_MESSAGES[key].en(params));
    this.name = "WorkbenchError";
  }

  /**
   * The message in the given language.
   * @example new WorkbenchError("readTooLarge", { address: "S!A1:Z300000", cells: 7800000, max: 5000000 }).messageIn("en")
   */
  messageIn(lang: Lang): string {
    return WORKBENCH_MESSAGES[this.key][lang](this.params);
  }
}
