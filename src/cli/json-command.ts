/**
 * What `plan revise` and `plan next-year` share: a refusal that carries its lines and exit
 * code, the same words for a file that exists or cannot be written, and a plan file written
 * as JSON beside its name and renamed when complete (src/cli/files.ts).
 */
import type { Lang } from "../core/errors";
import { type FileSystem, Interrupted, errorCode, writeFileSafely } from "./files";

/** A refusal with its exit code (1 refused, 2 a wrong command line, 130/143 interrupted). */
export class Stop extends Error {
  constructor(
    readonly lines: string[],
    readonly code = 1,
  ) {
    super(lines.join("\n"));
  }
}

const WORDS = {
  exists: { en: (file: string) => `${file} exists; give --force to replace it.`, zh: (file: string) => `${file} 已存在；如要替换，请加 --force。` },
  writeFailed: { en: (file: string, reason: string) => `Cannot write ${file}: ${reason}`, zh: (file: string, reason: string) => `无法写入 ${file}：${reason}` },
} as const;

/**
 * Writes `value` as JSON (two-space indent, a final newline) to `target`, beside it and
 * renamed; an existing file only with `replace`.
 * @param shown - the file's name as the user gave it (for the messages)
 * @throws Stop: the file exists (1), cannot be written (1), or the write was interrupted (130, or 143 on SIGTERM)
 * @example await writeJsonFile(fs, "/work/next.json", "next.json", plan, { lang: "en", replace: false })
 */
export async function writeJsonFile(fs: FileSystem, target: string, shown: string, value: unknown, options: { lang: Lang; replace: boolean; signal?: AbortSignal }): Promise<void> {
  const { lang } = options;
  try {
    await writeFileSafely(fs, target, new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`), { replace: options.replace, signal: options.signal });
  } catch (e) {
    if (errorCode(e) === "EEXIST") throw new Stop([WORDS.exists[lang](shown)]);
    if (e instanceof Interrupted) throw new Stop([WORDS.writeFailed[lang](shown, e.message)], e.signal === "SIGTERM" ? 143 : 130);
    throw new Stop([WORDS.writeFailed[lang](shown, errorCode(e) ?? String(e))]);
  }
}

/**
 * Runs a command's body: a {@link Stop} prints its lines to stderr and gives its exit code.
 * @example return runCommand(io, async () => { …; return 0; });
 */
export async function runCommand(io: { err: (line: string) => void }, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof Stop) {
      for (const l of e.lines) io.err(l);
      return e.code;
    }
    throw e;
  }
}
