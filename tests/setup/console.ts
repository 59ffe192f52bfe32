/**
 * Jest setup, after the test framework (every suite, both projects): a test that prints a
 * console.error it did not announce fails, so a passing run prints no stack traces. The
 * error is still printed once, to say what it was. A test that expects one announces it:
 *
 * ```ts
 * import { expectConsoleError } from "./setup/console";
 * expectConsoleError(/could not open the task pane/); // in the test, before the error
 * ```
 * An announced error must then come (else the test fails too). Errors printed outside any
 * test (while a suite loads, or after its tests) fail the suite.
 */
import { format } from "node:util";

interface ConsoleWatch {
  /** Unexpected errors since the last check: which test, what text. */
  seen: { test: string; text: string }[];
  /** Patterns the current test announced, and whether each came. */
  expected: { pattern: RegExp; came: boolean }[];
}

const KEY = Symbol.for("target-planner.console-watch");
const store = globalThis as unknown as Record<symbol, ConsoleWatch | undefined>;
const watch: ConsoleWatch = (store[KEY] ??= { seen: [], expected: [] });

/**
 * Announces that the current test prints a console.error matching `pattern` (once or more).
 * @param pattern - what the error's text contains
 * @example expectConsoleError(/Warning: An update to Pane inside a test was not wrapped in act/)
 */
export function expectConsoleError(pattern: RegExp): void {
  watch.expected.push({ pattern, came: false });
}

const original = console.error.bind(console);
console.error = (...args: unknown[]): void => {
  const text = format(...args);
  const known = watch.expected.find((e) => e.pattern.test(text));
  if (known) {
    known.came = true;
    return;
  }
  watch.seen.push({ test: expect.getState().currentTestName ?? "(outside a test)", text });
  original(...args);
};

/** The unexpected errors so far, as one message; and forgets them. */
function drain(): string | undefined {
  if (watch.seen.length === 0) return undefined;
  const lines = watch.seen.map((s) => `- ${s.test}: ${s.text.split("\n")[0].slice(0, 300)}`);
  watch.seen.length = 0;
  return lines.join("\n");
}

afterEach(() => {
  const missing = watch.expected.filter((e) => !e.came).map((e) => String(e.pattern));
  watch.expected.length = 0;
  const unexpected = drain();
  if (unexpected) throw new Error(`console.error printed without expectConsoleError (tests/setup/console.ts):\n${unexpected}`);
  if (missing.length) throw new Error(`expected console.error never came: ${missing.join(", ")}`);
});

afterAll(() => {
  const unexpected = drain();
  if (unexpected) throw new Error(`console.error printed outside a test (tests/setup/console.ts):\n${unexpected}`);
});
