/**
 * The built functions bundle (dist/functions.js) as Excel's runtime loads it: in a bare
 * JavaScript context (no DOM) with stand-ins for `CustomFunctions` and `Office`, and, when a
 * test gives one, an `Excel.run` (the shared runtime, where the functions may read cells).
 */
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
import { CustomFunctionsErrorStub, ERROR_CODES } from "./custom-functions";

export const DIST = path.resolve(__dirname, "../../dist");

/** A function as the bundle registers it. */
export type Registered = (...args: unknown[]) => unknown;

/**
 * The functions whose result is one cell. Excel receives them as a 1 × 1 range (their
 * metadata declares a matrix result, which `requiresParameterAddresses` needs); the call
 * helpers below give the cell's value, as the sheet shows it.
 */
export const ONE_CELL_IDS = ["ATTAIN", "STATUS", "PACE", "SCORE", "BAND", "COMMISSION"];

/** The id each registered function was registered under. */
const idOf = new WeakMap<Registered, string>();

/** What a test may put into the bundle's context. */
export interface BundleOptions {
  /** `Excel.run`: present in the shared runtime, absent in a functions-only runtime. */
  excelRun?: (batch: (context: never) => Promise<unknown>) => Promise<unknown>;
}

/** Loads the bundle the way Excel's runtime would and returns what it registered, by id. */
export function loadBundle(displayLanguage = "en-US", options: BundleOptions = {}): Record<string, Registered> {
  const file = path.join(DIST, "functions.js");
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  const registered: Record<string, Registered> = {};
  const sandbox: Record<string, unknown> = {
    CustomFunctions: {
      associate: (id: string, fn: Registered) => {
        registered[id] = fn;
        idOf.set(fn, id);
      },
      Error: CustomFunctionsErrorStub,
      ErrorCode: ERROR_CODES,
    },
    Office: {
      onReady: () => Promise.resolve({ host: "Excel", platform: "PC" }),
      context: { displayLanguage },
      actions: { associate: () => undefined },
    },
    console,
    setTimeout,
    clearTimeout,
  };
  if (options.excelRun) sandbox.Excel = { run: options.excelRun };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file });
  return registered;
}

/** A call's outcome: the value the cell shows, or the Excel error it threw. */
export interface CallOutcome {
  value?: unknown;
  error?: CustomFunctionsErrorStub;
}

/** The value a cell shows for what the function returned (a one-cell function's 1 × 1 range is its cell). */
function shown(fn: Registered, result: unknown): unknown {
  const id = idOf.get(fn);
  if (id !== undefined && ONE_CELL_IDS.includes(id) && Array.isArray(result) && result.length === 1 && Array.isArray(result[0]) && result[0].length === 1) {
    return result[0][0];
  }
  return result;
}

function outcomeOf(e: unknown): CallOutcome {
  // The bundle's errors come from the stand-in class of this realm.
  if (e instanceof CustomFunctionsErrorStub) return { error: e };
  throw e;
}

/**
 * Calls a registered function that answers at once; returns its value or the Excel error
 * it threw. A function that answers with a promise fails the test (use {@link callExcelAsync}).
 */
export function callExcel(fn: Registered, args: unknown[]): CallOutcome {
  let result: unknown;
  try {
    result = fn(...args);
  } catch (e) {
    return outcomeOf(e);
  }
  if (result !== null && typeof result === "object" && typeof (result as { then?: unknown }).then === "function") {
    throw new Error("the function answered with a promise; call it with callExcelAsync");
  }
  return { value: shown(fn, result) };
}

/** Calls a registered function and waits for its answer (Excel's runtime waits for a promise). */
export async function callExcelAsync(fn: Registered, args: unknown[]): Promise<CallOutcome> {
  try {
    return { value: shown(fn, await fn(...args)) };
  } catch (e) {
    return outcomeOf(e);
  }
}
