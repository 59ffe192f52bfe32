/**
 * The CLI's files: reading a plan (a size cap, regular files and pipes only, UTF-8 with or
 * without a byte-order mark, UTF-16 with one) and writing a workbook so that nothing is lost:
 * the bytes go to a temporary file beside the final name, are flushed to the disk, and only
 * then take the final name (a rename, or a hard link when nothing may be replaced). A full
 * disk, an I/O error or an interrupt removes the temporary file and leaves whatever had the
 * final name as it was; nothing half-written ever has a name a user would take for complete.
 *
 * Every file operation goes through a {@link FileSystem} (node:fs/promises by default), so
 * tests can make a disk fill up or an interrupt arrive at a chosen byte.
 */
import * as fsp from "node:fs/promises";
import * as path from "node:path";

/** The file operations the CLI uses (node:fs/promises has them all). */
export type FileSystem = Pick<typeof fsp, "open" | "rename" | "link" | "unlink" | "lstat" | "stat" | "mkdir" | "readdir" | "realpath">;

/** The real file system. */
export const realFileSystem: FileSystem = fsp;

/** Largest plan file read: 50 MB (a 100,000-rep plan with a year of actuals is about 20 MB). */
export const MAX_PLAN_BYTES = 50 * 1024 * 1024;

/** Bytes written per call, so an interrupt is seen between chunks of a large workbook. */
const CHUNK = 1024 * 1024;

/** Why a plan file was not read, for the message catalogue (`src/cli/messages.ts`). */
export class PlanFileError extends Error {
  constructor(
    readonly kind: "notRegular" | "folder" | "tooLarge" | "utf16NoBom" | "notUtf8",
    readonly detail: Record<string, string | number> = {},
  ) {
    super(kind);
    this.name = "PlanFileError";
  }
}

/** The run was stopped by a signal (SIGINT, SIGTERM) while it wrote. */
export class Interrupted extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}`);
    this.name = "Interrupted";
  }
}

/** A code of a Node.js file system error (`ENOSPC`, `EACCES`, …), or undefined. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Decodes a plan file's bytes: UTF-8 (a byte-order mark dropped), or UTF-16 LE or BE with a
 * byte-order mark (what Windows Notepad and PowerShell's `>` write).
 * @throws PlanFileError "utf16NoBom" for UTF-16 without a mark, "notUtf8" for other encodings (GBK, Latin-1)
 * @example decodePlanText(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])) // "{}"
 */
export function decodePlanText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = new Uint8Array(bytes.length - 2);
    for (let i = 2; i + 1 < bytes.length; i += 2) [swapped[i - 2], swapped[i - 1]] = [bytes[i + 1], bytes[i]];
    return new TextDecoder("utf-16le").decode(swapped);
  }
  // JSON text starts with ASCII ("{", a space): UTF-16 shows as a zero byte beside each.
  if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) throw new PlanFileError("utf16NoBom");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstBadUtf8(bytes);
    throw new PlanFileError("notUtf8", { offset: at, byte: `0x${bytes[at].toString(16).toUpperCase().padStart(2, "0")}` });
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstBadUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) return i;
    for (let k = 1; k < n; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    // The rest (overlong forms, surrogates) the fatal decoder refused: near enough to point at.
    i += n;
  }
  return 0;
}

/**
 * Reads a plan file as text: a regular file or a pipe (`<(…)`), at most {@link MAX_PLAN_BYTES}.
 * @throws PlanFileError for a folder, a device (/dev/zero), a socket, a file over the cap or
 *   an encoding that is not UTF-8 / UTF-16 with a mark; a Node.js error (ENOENT, EACCES) to describe
 * @example await readPlanText(realFileSystem, "examples/seed-plan.json") // '{\n  "$schema": …'
 */
export async function readPlanText(fs: FileSystem, file: string, max = MAX_PLAN_BYTES): Promise<string> {
  const handle = await fs.open(file, "r");
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw new PlanFileError("folder");
    if (!st.isFile() && !st.isFIFO()) throw new PlanFileError("notRegular");
    if (st.isFile() && st.size > max) throw new PlanFileError("tooLarge", { size: st.size, max });
    // Read to the end, but never more than the cap (a pipe has no size to ask).
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const buf = new Uint8Array(Math.min(CHUNK, max + 1 - total));
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > max) throw new PlanFileError("tooLarge", { size: total, max });
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    return decodePlanText(bytes);
  } finally {
    await handle.close();
  }
}

/** Temporary files being written, removed by {@link removeTemporaryFilesNow} if the process must exit at once. */
const inProgress = new Set<string>();

/**
 * Removes the temporary files still being written, synchronously (a second Ctrl+C exits at
 * once; this runs just before).
 */
export function removeTemporaryFilesNow(unlinkSync: (file: string) => void): void {
  for (const file of inProgress) {
    try {
      unlinkSync(file);
    } catch {
      // gone already
    }
  }
  inProgress.clear();
}

/** A temporary name beside `file`: hidden, short (any final name fits), and ending in ".tmp". */
export function temporaryName(file: string): string {
  const random = Math.floor(Math.random() * 0x1000000)
    .toString(16)
    .padStart(6, "0");
  return path.join(path.dirname(file), `.tp-${process.pid}-${random}.tmp`);
}

/** True for a temporary file this CLI writes (what a killed run may leave behind). */
export const isTemporaryName = (name: string): boolean => /^\.tp-\d+-[0-9a-f]{6}\.tmp$/.test(name);

/** Options of {@link writeFileSafely}. */
export interface WriteOptions {
  /** Replace a file (or a symbolic link: the link, never what it points to) that has the name. */
  replace: boolean;
  /** Stops the write between chunks (the temporary file is removed). */
  signal?: AbortSignal;
  /**
   * Flush the folder after the rename (default true). A run writing many files into one
   * folder flushes it once at the end instead ({@link syncFolder}): one flush, not one a file.
   */
  syncFolder?: boolean;
}

/**
 * Writes `bytes` to `file` so that nothing is lost: to a temporary file beside it (created
 * exclusively, so no link is followed), flushed to the disk, then given the final name —
 * renamed over it (`replace`), or hard-linked to it so an existing file is never replaced
 * (a file system without hard links: renamed after checking the name is free). On any
 * failure or interrupt the temporary file is removed and `file` is as it was.
 *
 * @param fs - the file system
 * @param file - the final name
 * @param bytes - the file's content
 * @param options - replace or not; a signal to stop
 * @throws the file system's error (ENOSPC, EACCES, EEXIST when `file` exists and may not be
 *   replaced, EISDIR when it is a folder), or {@link Interrupted}
 * @example await writeFileSafely(realFileSystem, "out/plan.xlsx", bytes, { replace: false })
 */
export async function writeFileSafely(fs: FileSystem, file: string, bytes: Uint8Array, options: WriteOptions): Promise<void> {
  const stop = (): void => {
    if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : new Interrupted("SIGINT");
  };
  stop();
  const temp = temporaryName(file);
  const handle = await fs.open(temp, "wx", 0o666);
  inProgress.add(temp);
  let open = true;
  try {
    for (let at = 0; at < bytes.length; ) {
      const { bytesWritten } = await handle.write(bytes, at, Math.min(CHUNK, bytes.length - at), at);
      at += bytesWritten;
      stop();
    }
    await handle.sync();
    open = false;
    await handle.close();
    stop();
    await giveName(fs, temp, file, options.replace);
    inProgress.delete(temp);
  } catch (e) {
    if (open) await handle.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    inProgress.delete(temp);
    throw e;
  }
  if (options.syncFolder !== false) await syncFolder(fs, path.dirname(file));
}

/** The temporary file takes the final name: rename over it, or link beside it (never replacing). */
async function giveName(fs: FileSystem, temp: string, file: string, replace: boolean): Promise<void> {
  if (replace) {
    const st = await fs.lstat(file).catch(() => undefined);
    if (st?.isDirectory()) throw Object.assign(new Error(`${file} is a folder`), { code: "EISDIR", path: file });
    await fs.rename(temp, file);
    return;
  }
  try {
    await fs.link(temp, file);
  } catch (e) {
    const code = errorCode(e);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EXDEV" && code !== "EOPNOTSUPP") throw e;
    // No hard links here (FAT, some network shares): the name was free a moment ago, take it.
    if (await fs.lstat(file).catch(() => undefined)) throw Object.assign(new Error(`${file} exists`), { code: "EEXIST", path: file });
    await fs.rename(temp, file);
    return;
  }
  await fs.unlink(temp);
}

/** Flushes a folder's entries (new names) to the disk where the system allows it. */
export async function syncFolder(fs: FileSystem, folder: string): Promise<void> {
  try {
    const dir = await fs.open(folder, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Windows opens no folders; the rename is written by the system in its time.
  }
}
