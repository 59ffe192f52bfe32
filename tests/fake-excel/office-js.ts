/**
 * Office.js's own request serializer, offline: the debug script of `@microsoft/office-js`
 * that Excel on the web loads (`dist/excel-web-16.00.debug.js`), run in a `vm` context with
 * stand-ins for the browser, and a request executor of ours in Excel's place. Calls made on
 * its `Excel.RequestContext` are queued and serialized by Office.js itself; at `sync()` our
 * executor keeps the JSON body Office.js would send (`RichApiMessageUtility` sends
 * `JSON.stringify(requestMessage.Body)`) and answers like Excel: every object a method made
 * gets a reference id (as Excel's answers carry `_ReferenceId`), so it can be used again in
 * the next request, and nothing is loaded.
 *
 * The fake Excel (fake-excel.ts) mirrors every call it is given on such a context, so the
 * size it gives a request is the size of the body Office.js builds for the same calls, not a
 * model of it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";

/** The library whose requests we measure: Office.js as Excel on the web loads it. */
export const OFFICE_JS_SCRIPT = path.join(path.dirname(require.resolve("@microsoft/office-js/package.json")), "dist", "excel-web-16.00.debug.js");

interface OfficeJsGlobals {
  Excel: typeof Excel;
}

let loaded: OfficeJsGlobals | undefined;

/**
 * The script, run once per test process in a context of its own (so its globals — `Office`,
 * `Excel`, `OfficeExtension`, `window` — never meet the code under test).
 */
function officeJs(): OfficeJsGlobals {
  if (loaded) return loaded;
  const noop = (): void => undefined;
  const element = (): Record<string, unknown> => ({ style: {}, setAttribute: noop, appendChild: noop, addEventListener: noop });
  const sandbox: Record<string, unknown> = {
    console: { log: noop, warn: noop, error: noop, info: noop, debug: noop },
    setTimeout,
    clearTimeout,
    navigator: { userAgent: "node" },
    location: { href: "https://localhost/", search: "", hash: "", protocol: "https:", host: "localhost", hostname: "localhost" },
    document: { readyState: "complete", cookie: "", addEventListener: noop, getElementsByTagName: () => [], createElement: element, querySelector: () => null },
    addEventListener: noop,
    removeEventListener: noop,
  };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(OFFICE_JS_SCRIPT, "utf8"), sandbox, { filename: OFFICE_JS_SCRIPT });
  const lib = sandbox as unknown as Partial<OfficeJsGlobals>;
  if (typeof lib.Excel?.RequestContext !== "function") throw new Error(`${OFFICE_JS_SCRIPT} did not define Excel.RequestContext`);
  loaded = { Excel: lib.Excel };
  return loaded;
}

/** What Office.js hands a request executor (the part we read). */
interface RequestMessage {
  Body: { Actions?: { Id: number; ActionType: number; ObjectPathId?: number }[]; ObjectPaths?: Record<string, { ObjectPathType: number }> };
}

/** Action and object path kinds in Office.js's request bodies. */
const INSTANTIATE = 1;
const METHOD_PATH = 3;

/** A real `Excel.RequestContext` whose requests are measured instead of sent. */
export interface RecordingContext {
  context: Excel.RequestContext;
  /** UTF-8 bytes of the JSON body of every request sent so far, in order. */
  readonly requests: number[];
  /** The bodies themselves (kept only when asked for). */
  readonly bodies: string[];
}

/**
 * A fresh request context of the real Office.js, recording its requests.
 * @example
 * const rec = recordingContext();
 * rec.context.workbook.worksheets.getItem("S").getRange("A1").values = [[1]];
 * await rec.context.sync();
 * rec.requests[0] // 480 or so: the bytes of the JSON Office.js built
 */
export function recordingContext(options: { keepBodies?: boolean } = {}): RecordingContext {
  const { Excel: ExcelJs } = officeJs();
  const context = new ExcelJs.RequestContext();
  const requests: number[] = [];
  const bodies: string[] = [];
  let nextReference = 0;
  const executor = {
    executeAsync(_customData: unknown, _flags: unknown, message: RequestMessage): Promise<unknown> {
      const text = JSON.stringify(message.Body);
      requests.push(Buffer.byteLength(text, "utf8"));
      if (options.keepBodies) bodies.push(text);
      const paths = message.Body.ObjectPaths ?? {};
      const Results = (message.Body.Actions ?? [])
        .filter((a) => a.ActionType === INSTANTIATE && paths[String(a.ObjectPathId)]?.ObjectPathType === METHOD_PATH)
        .map((a) => ({ ActionId: a.Id, Value: { _ReferenceId: `{${String(++nextReference).padStart(8, "0")}-0000-0000-0000-000000000000}` } }));
      return Promise.resolve({ HttpStatusCode: 200, ErrorCode: "", ErrorMessage: "", Headers: {}, Body: { Results } });
    },
  };
  (context as unknown as { _requestExecutor: unknown })._requestExecutor = executor;
  return { context, requests, bodies };
}
