/**
 * The pane's WorkbookPort for a live workbook, with Office.js: one `Excel.run` per call
 * (through {@link runAction}: retried while Excel is in cell-edit mode, merged into one undo
 * step where ExcelApi 1.20 allows). Writes go through {@link writeSheetSpec}; per-workbook
 * settings through `Office.context.document.settings` (saved with `saveAsync`).
 */
import type { CellValue, WorkbookSpec } from "../sheets/spec";
import { PLAN_SHEET, planFromCells } from "../sheets/spec";
import { parseRange, rectAddress, stripSheet } from "./a1";
import { dateSystemProbe, fromWorkbookSerial, isDateFormat, uses1904 } from "./dates";
import { WriterError } from "./messages";
import type { ActiveCell, CellWrite, CheckResult, SelectionData, WorkbookPort, WriteCellsOptions, WriteOptions, WriteResult } from "./port";
import { writeCells } from "./write-cells";
import { type ExcelHost, type ExcelRunner, findOccupied, runAction, writeSheetSpec } from "./write";

/**
 * Why "Open as a new workbook" was refused, in English and Chinese (the pane shows
 * {@link NewWorkbookError.messageIn} in its language).
 */
const NEW_WORKBOOK_MESSAGES = {
  notSupported: {
    en: () => "This version of Excel cannot open a new workbook from the pane (that needs Excel JavaScript API 1.8: Excel 2019, 2021 or Microsoft 365).",
    zh: () => "此版本的 Excel 无法从任务窗格打开新工作簿（需要 Excel JavaScript API 1.8：Excel 2019、2021 或 Microsoft 365）。",
  },
  tooLarge: {
    en: (mb: string) => `The workbook is too large to open from the pane in Excel on the web (${mb} MB; a request holds at most 5 MB). Apply it into this workbook instead, or use the pane in a web browser.`,
    zh: (mb: string) => `工作簿太大，无法在 Excel 网页版中从任务窗格打开（${mb} MB；每次请求最多 5 MB）。请改用“应用”写入本工作簿，或在浏览器中使用任务窗格。`,
  },
} as const;

/** A refused "Open as a new workbook": nothing was opened. */
export class NewWorkbookError extends Error {
  constructor(
    readonly key: keyof typeof NEW_WORKBOOK_MESSAGES,
    readonly megabytes = "",
  ) {
    super(NEW_WORKBOOK_MESSAGES[key].en(megabytes));
    this.name = "NewWorkbookError";
  }

  /** The message in the given language. */
  messageIn(lang: "en" | "zh"): string {
    return NEW_WORKBOOK_MESSAGES[this.key][lang](this.megabytes);
  }
}

/**
 * The most base64 characters sent to `Excel.createWorkbook` in Excel on the web: its
 * requests hold at most 5 MB ("Excel add-ins: payload size for requests and responses is
 * limited to 5 MB", Resource limits and performance optimization for Office Add-ins), and
 * the file travels in one request; 64 KB are left for the request around it.
 */
export const WEB_NEW_WORKBOOK_LIMIT = 5 * 1024 * 1024 - 64 * 1024;

/**
 * Bytes as base64 text (what `Excel.createWorkbook` takes), in slices so that a large file
 * does not overflow the call stack.
 * @example toBase64(new Uint8Array([80, 75, 3, 4])) // "UEsDBA=="
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The part of `Office.context.document.settings` the port uses. */
export interface DocumentSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  saveAsync(callback?: (result: { status: string | Office.AsyncResultStatus; error?: { message: string } }) => void): void;
}

/** Where the port finds Excel; every field defaults to the Office.js globals. */
export interface OfficeHost extends Partial<ExcelHost> {
  settings?: DocumentSettings;
  /** `Excel.createWorkbook` (ExcelApi 1.8). */
  createWorkbook?: (base64: string) => Promise<void>;
  /** `Office.context.platform` as text ("PC", "Mac", "OfficeOnline", …). */
  platform?: () => string | undefined;
}

/** Cells read per sync by readFormulas (a response stays well under 5 MB). */
const FORMULA_CELLS = 100_000;
/** Selections larger than this are trimmed to the part that holds data. */
const SELECTION_CELLS = 200_000;
/** The setting that makes Office open the pane with the workbook. */
export const AUTO_SHOW_SETTING = "Office.AutoShowTaskpaneWithDocument";

function defaultHost(host: OfficeHost): ExcelHost & { settings: () => DocumentSettings; supports: NonNullable<ExcelHost["supports"]>; createWorkbook: (base64: string) => Promise<void>; platform: () => string | undefined } {
  return {
    ...host,
    run: host.run ?? ((options, batch) => Excel.run(options, batch)) as ExcelRunner,
    supports: host.supports ?? ((set, version) => typeof Office !== "undefined" && Office.context.requirements.isSetSupported(set, version)),
    settings: () => host.settings ?? (Office.context.document.settings as unknown as DocumentSettings),
    createWorkbook: host.createWorkbook ?? ((base64) => Excel.createWorkbook(base64)),
    platform: host.platform ?? (() => (typeof Office !== "undefined" ? String(Office.context?.platform ?? "") || undefined : undefined)),
  };
}

/** "Sheet1!D5" or "'My sheet'!D5" → its sheet and the address on it. */
function sheetAndAddress(qualified: string): { sheet: string; address: string } {
  const i = qualified.lastIndexOf("!");
  return { sheet: qualified.slice(0, i).replace(/^'(.*)'$/, "$1").replace(/''/g, "'"), address: qualified.slice(i + 1) };
}

const blank = (v: unknown): CellValue => (v === null || v === undefined ? "" : (v as CellValue));

/**
 * The WorkbookPort of a live workbook.
 * @example
 * const port = createOfficeWorkbook();
 * const sel = await port.readSelection(); // { sheet: "Sheet1", address: "B2:B9", values: [[1200], …], leftColumn: ["Zhang", …] }
 */
export function createOfficeWorkbook(options: OfficeHost = {}): WorkbookPort {
  const host = defaultHost(options);
  const save = (settings: DocumentSettings): Promise<void> =>
    new Promise((resolve, reject) =>
      settings.saveAsync((r) => {
        if (String(r.status).toLowerCase() === "succeeded") resolve();
        else reject(new WriterError("settingNotSaved", { cause: r.error?.message ?? String(r.status) }));
      }),
    );

  return {
    kind: "excel",

    readSelection: () =>
      runAction(host, async (ctx): Promise<SelectionData | undefined> => {
        const sel = ctx.workbook.getSelectedRange().load("address,rowIndex,columnIndex,rowCount,columnCount");
        const ws = sel.worksheet.load("name");
        const used = ws.getUsedRangeOrNullObject(true).load("address");
        await ctx.sync();
        let area: Excel.Range = sel;
        if (sel.rowCount * sel.columnCount > SELECTION_CELLS) {
          // A whole column or sheet: only the part that holds data.
          if (used.isNullObject) return undefined;
          area = sel.getIntersectionOrNullObject(stripSheet(used.address)).load("address,rowIndex,columnIndex,rowCount,columnCount");
          await ctx.sync();
          if (area.isNullObject) return undefined;
        }
        const values = area.load("values");
        const left = area.columnIndex > 0 ? ws.getRangeByIndexes(area.rowIndex, area.columnIndex - 1, area.rowCount, 1).load("values") : undefined;
        const above = area.rowIndex > 0 ? ws.getRangeByIndexes(area.rowIndex - 1, area.columnIndex, 1, area.columnCount).load("values") : undefined;
        await ctx.sync();
        return {
          sheet: ws.name,
          address: stripSheet(area.address),
          values: values.values.map((r) => r.map(blank)),
          leftColumn: left?.values.map((r) => blank(r[0])),
          headerAbove: above?.values[0].map(blank),
        };
      }),

    sheetNames: () =>
      runAction(host, async (ctx) => {
        const sheets = ctx.workbook.worksheets.load("items/name");
        await ctx.sync();
        return sheets.items.map((s) => s.name);
      }),

    readRange: (sheet, address) =>
      runAction(host, async (ctx) => {
        const r = ctx.workbook.worksheets.getItem(sheet).getRange(address).load("values,numberFormat");
        const dates = dateSystemProbe(ctx.workbook);
        await ctx.sync();
        // Dates come back as 1900-system serials, whatever the workbook's date system (dates.ts).
        const date1904 = uses1904(dates);
        const asRead = (v: unknown, i: number, j: number): unknown =>
          date1904 && typeof v === "number" && isDateFormat(r.numberFormat[i]?.[j]) ? fromWorkbookSerial(v, true) : v;
        return r.values.map((row, i) => row.map((v, j) => blank(asRead(v, i, j))));
      }),

    // Range.formulas: "=…" for a formula, the constant otherwise; read in slices of rows so
    // that no response passes Excel on the web's 5 MB, dates in the 1900 system as readRange gives them.
    readFormulas: (sheet, address) =>
      runAction(host, async (ctx) => {
        const whole = parseRange(address);
        const width = whole.c1 - whole.c0 + 1;
        const step = Math.max(1, Math.floor(FORMULA_CELLS / width));
        const dates = dateSystemProbe(ctx.workbook);
        const ws = ctx.workbook.worksheets.getItem(sheet);
        const out: CellValue[][] = [];
        for (let top = whole.r0; top <= whole.r1; top += step) {
          const r = ws.getRange(rectAddress({ ...whole, r0: top, r1: Math.min(whole.r1, top + step - 1) })).load("formulas,numberFormat");
          // One sync per slice of 100,000 cells, by design: a response is capped at 5 MB.
          // eslint-disable-next-line target-planner/no-sync-in-loop
          await ctx.sync();
          const date1904 = uses1904(dates);
          r.formulas.forEach((row, i) =>
            out.push(row.map((v, j) => blank(date1904 && typeof v === "number" && isDateFormat(r.numberFormat[i]?.[j]) ? fromWorkbookSerial(v, true) : v))),
          );
        }
        return out;
      }),

    writeCells: (sheet: string, cells: CellWrite[], options: WriteCellsOptions = {}) => writeCells(sheet, cells, { ...host, ...options }),

    findOccupied: (spec: WorkbookSpec) => findOccupied(spec, host),

    write: async (spec: WorkbookSpec, writeOptions: WriteOptions = {}): Promise<WriteResult> => {
      const result = await writeSheetSpec(spec, { ...host, ...writeOptions });
      // The marker that opens the pane with this workbook: live workbooks only.
      try {
        const settings = host.settings();
        if (settings.get(AUTO_SHOW_SETTING) !== true) {
          settings.set(AUTO_SHOW_SETTING, true);
          await save(settings);
        }
      } catch {
        // The sheets are written; a marker that could not be saved only means the pane
        // does not open by itself next time.
      }
      return result;
    },

    readChecks: () =>
      runAction(host, async (ctx): Promise<CheckResult[]> => {
        const names = ctx.workbook.names.load("items/name,items/type,items/value");
        await ctx.sync();
        const checks = names.items
          .filter((n) => n.name.startsWith("Check_"))
          .map((n) => ({ n, range: n.getRangeOrNullObject().load("address,values") }));
        await ctx.sync();
        return checks.map(({ n, range }) => {
          if (range.isNullObject) return { name: n.name, sheet: "", address: "", value: blank(n.value), ok: false };
          const address = range.address;
          const i = address.lastIndexOf("!");
          const sheet = address.slice(0, i).replace(/^'(.*)'$/, "$1").replace(/''/g, "'");
          const value = blank(range.values[0]?.[0]);
          return { name: n.name, sheet, address: address.slice(i + 1), value, ok: value === true };
        });
      }),

    goTo: (sheet, address) =>
      runAction(host, async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem(sheet);
        ws.activate();
        ws.getRange(address).select();
        await ctx.sync();
      }),

    readStoredPlan: () =>
      runAction(host, async (ctx) => {
        const ws = ctx.workbook.worksheets.getItemOrNullObject(PLAN_SHEET).load("name");
        await ctx.sync();
        if (ws.isNullObject) return undefined;
        const used = ws.getUsedRangeOrNullObject(true).load("values,rowIndex,columnIndex");
        await ctx.sync();
        if (used.isNullObject || used.rowIndex !== 0 || used.columnIndex !== 0) return undefined;
        try {
          return planFromCells(used.values.map((r) => r[0]).filter((v) => v !== ""));
        } catch {
          throw new WriterError("storedPlanUnreadable");
        }
      }),

    getSetting: async <T = unknown>(key: string): Promise<T | undefined> => {
      const v = host.settings().get(key);
      return v === null || v === undefined ? undefined : (v as T);
    },

    setSetting: async (key: string, value: unknown): Promise<void> => {
      const settings = host.settings();
      settings.set(key, value);
      await save(settings);
    },

    // Workbook.getActiveCell (ExcelApi 1.7); Range.getSpillParentOrNullObject (ExcelApi 1.12)
    // only where Excel has it, queued in the same request.
    readActiveCell: () =>
      runAction(host, async (ctx): Promise<ActiveCell | undefined> => {
        const cell = ctx.workbook.getActiveCell().load("address,formulas,values");
        const parent = host.supports("ExcelApi", "1.12") ? cell.getSpillParentOrNullObject().load("address,formulas") : undefined;
        await ctx.sync();
        const { sheet, address } = sheetAndAddress(cell.address);
        const written = cell.formulas[0]?.[0];
        const formula = typeof written === "string" && written.startsWith("=") ? written : undefined;
        const read: ActiveCell = { sheet, address, value: blank(cell.values[0]?.[0]), ...(formula ? { formula } : {}) };
        if (parent && !parent.isNullObject) {
          const anchor = sheetAndAddress(parent.address);
          const anchorFormula = parent.formulas[0]?.[0];
          if (anchor.address !== address && typeof anchorFormula === "string" && anchorFormula.startsWith("=")) {
            read.spilledFrom = { address: anchor.address, formula: anchorFormula };
          }
        }
        return read;
      }),

    openAsNewWorkbook: async (bytes: Uint8Array): Promise<void> => {
      if (!host.supports("ExcelApi", "1.8")) throw new NewWorkbookError("notSupported");
      const base64 = toBase64(bytes);
      if (host.platform() === "OfficeOnline" && base64.length > WEB_NEW_WORKBOOK_LIMIT) {
        throw new NewWorkbookError("tooLarge", (base64.length / (1024 * 1024)).toFixed(1));
      }
      await host.createWorkbook(base64);
    },
  };
}
