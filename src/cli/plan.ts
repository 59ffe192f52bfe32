/**
 * `npm run plan -- validate|build …` (run with tsx): see `run.ts` for the commands and options,
 * and the README's "Command line".
 */
import { main } from "./run";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    process.exitCode = 1;
  },
);
