/**
 * `npm run plan -- validate|build …` (run with tsx): see `run.ts` for the commands and options,
 * and the README's "Command line".
 *
 * This entry adds what only a process has: Ctrl+C and SIGTERM stop the run between two
 * chunks of a write (the temporary file is removed, the old file stays; `run.ts` says what
 * was written and exits 130 / 143), a second Ctrl+C exits at once after removing the
 * temporary files; `--per`'s progress goes to stderr (rewritten in place on a terminal, a
 * line every few seconds otherwise).
 */
import * as fs from "node:fs";
import { Interrupted, removeTemporaryFilesNow } from "./files";
import { main } from "./run";
import { say } from "./messages";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) {
      // A second signal: the user wants out now.
      removeTemporaryFilesNow((f) => fs.unlinkSync(f));
      process.exit(signal === "SIGTERM" ? 143 : 130);
    }
    controller.abort(new Interrupted(signal));
  });
}

const lang = process.argv.includes("zh") ? "zh" : "en";
const tty = process.stderr.isTTY === true;
let lastShown = 0;
/** A progress line shown in place without its line break yet. */
let pending = false;
const endProgress = (): void => {
  if (pending) process.stderr.write("\n");
  pending = false;
};
/** `--per`'s progress on stderr: in place on a terminal (at most 5 times a second), else every 5 s and at the end. */
function progress(done: number, total: number): void {
  const now = Date.now();
  const last = done === total;
  if (!last && done !== 1 && now - lastShown < (tty ? 200 : 5000)) return;
  lastShown = now;
  const line = say(lang, "progress", { done, total, percent: Math.floor((100 * done) / total) });
  if (tty) {
    process.stderr.write(`\r${line}`);
    pending = true;
    if (last) endProgress();
  } else process.stderr.write(`${line}\n`);
}

const io = {
  out: (l: string) => (endProgress(), console.log(l)),
  err: (l: string) => (endProgress(), console.error(l)),
  progress,
};
main(process.argv.slice(2), io, { signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(say(lang, "unexpected", { reason: e instanceof Error ? e.message : String(e) }));
    process.exitCode = 1;
  },
);
