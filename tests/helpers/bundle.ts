/**
 * The built functions bundle (dist/functions.js) as Excel's runtime loads it: in a bare
 * JavaScript context (no DOM) with stand-ins for `CustomFunctions` and `Office`.
 */
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
import { CustomFunctionsErrorStub, ERROR_CODES } from "./custom-functions";

export const DIST = path.resolve(__dirname, "../../dist");

/** A function as the bundle registers it. */
export type Registered = (...args: unknown[]) => unknown;

/** Loads the bundle the way Excel's runtime would and returns what it registered, by id. */
export function loadBundle(displayLanguage = "en-US"): Record<string, Registered> {
  const file = path.join(DIST, "functions.js");
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  const registered: Record<string, Registered> = {};
  const sandbox: Record<string, unknown> = {
    CustomFunctions: {
      associate: (id: string, fn: Registered) => (registered[id] = fn),
      Error: CustomFunctionsErrorStub,
      ErrorCode: ERROR_CODES,
    },
    Office: {
      onReady: () => Promise.resolve({ host: "Excel", platform: "PC" }),
      context: { displayLanguage },
      actions: { associate: () => undefined },
    },
    console,
  };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file });
  return registered;
}

/** Calls a registered function; returns its value or the Excel error it threw. */
export function callExcel(fn: Registered, args: unknown[]): { value?: unknown; error?: CustomFunctionsErrorStub } {
  try {
    return { value: fn(...args) };
  } catch (e) {
    // The bundle's errors come from the stand-in class of this realm.
    if (e instanceof CustomFunctionsErrorStub) return { error: e };
    throw e;
  }
}
