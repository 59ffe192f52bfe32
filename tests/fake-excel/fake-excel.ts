/**
 * A fake Excel of our own, with Office.js's shapes, for testing the writer: not a mock that
 * accepts anything. Operations are queued on proxy objects and applied in order at
 * `context.sync()`, against the in-memory workbook of `model.ts`. It enforces what Excel
 * enforces, each rule with its source quoted where it is enforced:
 * - a values / formulas / numberFormat array must match the range's size (a single value
 *   applies to every cell);
 * - sheet names: at most 31 characters, none of `[]:*?/\`, not blank, unique ignoring case;
 *   defined and table names unique and valid, a name's comment at most 255 characters; one
 *   visible sheet at least; a very hidden sheet cannot be deleted;
 * - a request (everything queued before one sync) over 5 MB fails with
 *   RequestPayloadSizeLimitExceeded — its size is the body that the real Office.js builds
 *   for the same calls: every call made on the fake is made on a real `Excel.RequestContext`
 *   too (office-js.ts), and that library's JSON is what is measured; a response over 5 MB or
 *   5,000,000 cells fails too;
 * - a property read before it was loaded *and* synced throws PropertyNotLoaded;
 * - a protected sheet refuses changes to locked cells, formats, conditional formats and
 *   (unless allowed) column widths; a workbook whose structure is protected refuses to add,
 *   delete, rename, hide or show sheets;
 * - a call from a newer ExcelApi requirement set than the host has fails with ApiNotFound;
 * - column and row groups (an outline) at most 7 deep, `group`'s option matching a whole
 *   row or column range; hidden columns; row heights within 409 points; a protected sheet
 *   refuses hiding columns and changing row heights unless its options allow it;
 * - charts (charts.ts): the chart types, series orientations, colours and requirement sets
 *   the reference gives, a protected sheet's charts left alone;
 * - actions before a failing one stay applied, the rest of the request is dropped.
 * It counts syncs and request sizes, records `Excel.run` options, which requests had
 * calculation suspended, and can be told to fail the Nth sync or to be in cell-edit mode.
 */
import {
  type Cell,
  type ConditionalFormat,
  FakeOfficeError,
  type Name,
  type Rect,
  COLS,
  ROWS,
  Sheet,
  type Table,
  type Value,
  Workbook,
  cellCount,
  colName,
  enter,
  fail,
  intersect,
  parseAddress,
  rectToA1,
  serialOf,
} from "./model";
import { type RecordingContext, recordingContext } from "./office-js";
import { ChartCollectionProxy } from "./charts";

import { excelLimitProblems } from "../helpers/excel-limits";

export { FakeOfficeError } from "./model";

/**
 * Excel on the web's limit per request and per response. "Resource limits and performance
 * optimization for Office Add-ins": "Excel on the web has a payload size limit for requests
 * and responses of 5MB. `RichAPI.Error` will be thrown if that limit is exceeded."
 */
export const REQUEST_LIMIT = 5 * 1024 * 1024;
/** Same page: "A range is limited to 5,000,000 cells for read operations." */
const READ_CELL_LIMIT = 5_000_000;

function bytesOf(v: unknown): number {
  return Buffer.byteLength(JSON.stringify(v) ?? "null", "utf8");
}

/**
 * The ExcelApi requirement set of each member the fake models that is newer than 1.1, as the
 * Excel JavaScript API reference gives it on each member ("[API set: ExcelApi 1.x]"). A call
 * on a host without the set fails as "Error handling with the application-specific
 * JavaScript APIs" describes: `ApiNotFound`, "The API you are trying to use could not be
 * found. It may be available in a newer version of the Office application."
 */
export const API_SETS = {
  "WorksheetCollection.getItemOrNullObject": "1.4",
  "Worksheet.getUsedRangeOrNullObject": "1.4",
  "Worksheet.getRangeByIndexes": "1.7",
  "Worksheet.visibility (set)": "1.2",
  "Worksheet.protection": "1.2",
  "Worksheet.freezePanes": "1.7",
  "Worksheet.pageLayout": "1.9",
  "Worksheet.horizontalPageBreaks": "1.9",
  "Range.getUsedRangeOrNullObject": "1.4",
  "Range.getIntersectionOrNullObject": "1.4",
  "Range.merge": "1.2",
  "Range.conditionalFormats": "1.6",
  "Range.dataValidation": "1.8",
  "RangeFormat.columnWidth": "1.2",
  "RangeFormat.rowHeight": "1.2",
  "Range.columnHidden": "1.2",
  "Range.group": "1.10",
  "Range.ungroup": "1.10",
  "Range.hideGroupDetails": "1.10",
  "Range.showGroupDetails": "1.10",
  "RangeFormat.protection": "1.2",
  "NamedItemCollection.add": "1.4",
  "NamedItemCollection.getItemOrNullObject": "1.4",
  "NamedItem.delete": "1.4",
  "NamedItem.getRangeOrNullObject": "1.4",
  "TableCollection.getItemOrNullObject": "1.4",
  "Table.convertToRange": "1.2",
  "Workbook.protection": "1.7",
  "Workbook.functions": "1.2",
  "Application.suspendApiCalculationUntilNextSync": "1.6",
  "Workbook.getActiveCell": "1.7",
  "Range.getSpillParentOrNullObject": "1.12",
} as const;
type ApiMember = keyof typeof API_SETS;

/** "1.10" > "1.9": requirement-set versions compare number by number. */
export function versionAtLeast(have: string, need: string): boolean {
  const a = have.split(".").map(Number);
  const b = need.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

interface Action {
  apply: () => void;
  /** Does it change cells' contents (for the recalculation record)? */
  content?: boolean;
}

/** Options of `Excel.run` the fake understands. */
export interface FakeRunOptions {
  delayForCellEdit?: boolean;
  mergeUndoGroup?: boolean;
}

/**
 * A request context: a queue of actions, applied at sync, and the same calls queued on a
 * real Office.js context (`real`), whose request body gives the request's size.
 */
export class FakeContext {
  queue: Action[] = [];
  readonly workbook: WorkbookProxy;
  readonly real: RecordingContext;
  /** `suspendApiCalculationUntilNextSync` was called for the request being built. */
  calculationSuspended = false;
  constructor(
    readonly fake: FakeExcel,
    readonly options: FakeRunOptions,
  ) {
    this.real = recordingContext({ keepBodies: fake.keepBodies });
    this.workbook = new WorkbookProxy(this);
  }

  push(apply: () => void, content = false): void {
    this.queue.push({ apply, content });
  }

  async sync(): Promise<void> {
    const queue = this.queue;
    this.queue = [];
    const suspended = this.calculationSuspended;
    this.calculationSuspended = false;
    const sent = this.real.requests.length;
    await this.real.context.sync();
    const bytes = this.real.requests.length > sent ? this.real.requests[this.real.requests.length - 1] : 0;
    if (this.fake.keepBodies) this.fake.requestBodies.push(this.real.requests.length > sent ? this.real.bodies[this.real.bodies.length - 1] : "");
    await this.fake.execute(this, queue, bytes, suspended);
  }
}

type Props = string | string[] | { select?: string } | undefined;
function propList(p: Props, defaults: string[]): string[] {
  if (p === undefined) return defaults;
  const s = typeof p === "string" ? p : Array.isArray(p) ? p.join(",") : (p.select ?? defaults.join(","));
  return s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Something with Office.js's `load` (the shadow side of a proxy). */
interface Loadable {
  load(props?: string | string[] | { select?: string }): unknown;
}

/**
 * Base of every proxy: load/sync bookkeeping, null objects, and the real Office.js object it
 * mirrors (`shadow`; made when first used for items of a loaded collection, as a script
 * would reach them by name).
 */
abstract class Proxy<M, S extends object = object> {
  private loaded = new Map<string, unknown>();
  private nullState: boolean | undefined;
  private made?: S;
  constructor(
    readonly context: FakeContext,
    protected readonly resolve: () => M | null,
    private readonly makeShadow: S | (() => S),
  ) {
    if (typeof makeShadow !== "function") this.made = makeShadow;
  }
  protected abstract read(model: M, prop: string): unknown;
  protected defaults(): string[] {
    return [];
  }

  /** The real Office.js object these calls are mirrored on. */
  get shadow(): S {
    if (!this.made) this.made = (this.makeShadow as () => S)();
    return this.made;
  }

  load(props?: Props): this {
    const list = propList(props, this.defaults());
    (this.shadow as unknown as Loadable).load(props as string);
    this.context.push(() => {
      const m = this.resolve();
      this.nullState = m === null;
      if (m === null) return;
      for (const p of list) {
        const v = this.read(m, p);
        this.context.fake.addResponse(bytesOf(v));
        this.loaded.set(p, v);
      }
    });
    return this;
  }

  /** Marks properties as loaded (collections fill their items this way). */
  markLoaded(m: M, list: string[]): this {
    this.nullState = false;
    for (const p of list) this.loaded.set(p, this.read(m, p));
    return this;
  }

  get isNullObject(): boolean {
    if (this.nullState === undefined) return fail("PropertyNotLoaded", notLoaded("isNullObject"));
    return this.nullState;
  }

  protected get(prop: string): unknown {
    if (!this.loaded.has(prop)) fail("PropertyNotLoaded", notLoaded(prop));
    return this.loaded.get(prop);
  }

  /** The model object, or ItemNotFound (for a null object too). */
  must(): M {
    const m = this.resolve();
    if (m === null) return fail("ItemNotFound", "The requested resource doesn't exist.");
    return m;
  }

  protected queue(apply: (m: M) => void, content = false): void {
    this.context.push(() => apply(this.must()), content);
  }

  /** Fails the request as a host without the member's requirement set does. */
  protected needs(member: ApiMember): void {
    this.context.fake.requireApi(member);
  }
}

const notLoaded = (p: string): string =>
  `The property '${p}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`;

// ---- workbook ------------------------------------------------------------------------------

export class WorkbookProxy extends Proxy<Workbook, Excel.Workbook> {
  // Made when first used, as Office.js makes (and sends) a property object when it is first used.
  private parts: { worksheets?: WorksheetCollectionProxy; names?: NamedItemCollectionProxy; tables?: TableCollectionProxy; protection?: WorkbookProtectionProxy } = {};
  readonly application: ApplicationProxy;
  readonly functions: FunctionsProxy;
  constructor(ctx: FakeContext) {
    super(ctx, () => ctx.fake.workbook, ctx.real.context.workbook);
    this.application = new ApplicationProxy(ctx, this.shadow);
    this.functions = new FunctionsProxy(ctx, () => this.shadow.functions);
  }
  get worksheets(): WorksheetCollectionProxy {
    return (this.parts.worksheets ??= new WorksheetCollectionProxy(this.context, this.shadow.worksheets));
  }
  get names(): NamedItemCollectionProxy {
    return (this.parts.names ??= new NamedItemCollectionProxy(this.context, this.shadow.names));
  }
  get tables(): TableCollectionProxy {
    return (this.parts.tables ??= new TableCollectionProxy(this.context, undefined, this.shadow.tables));
  }
  get protection(): WorkbookProtectionProxy {
    return (this.parts.protection ??= new WorkbookProtectionProxy(this.context, () => this.shadow.protection));
  }
  protected read(): unknown {
    return undefined;
  }
  getSelectedRange(): RangeProxy {
    const wb = this.context.fake.workbook;
    return new RangeProxy(
      this.context,
      () => {
        const sel = wb.selection;
        if (!sel) return fail("InvalidSelection", "The current selection is invalid for this operation.");
        const s = wb.sheetById(sel.sheetId);
        return s ? { sheet: s, rect: sel.rect } : null;
      },
      this.shadow.getSelectedRange(),
    );
  }
  /**
   * "Gets the currently active cell from the workbook" (Workbook.getActiveCell, ExcelApi
   * 1.7). The fake's selection has no active cell of its own: its top-left cell is the one.
   */
  getActiveCell(): RangeProxy {
    const wb = this.context.fake.workbook;
    return new RangeProxy(
      this.context,
      () => {
        this.needs("Workbook.getActiveCell");
        const sel = wb.selection;
        if (!sel) return fail("InvalidSelection", "The current selection is invalid for this operation.");
        const s = wb.sheetById(sel.sheetId);
        return s ? { sheet: s, rect: { ...sel.rect, r1: sel.rect.r0, c1: sel.rect.c0 } } : null;
      },
      this.shadow.getActiveCell(),
    );
  }
}

/** `workbook.application`: only what the writer uses. */
export class ApplicationProxy {
  constructor(
    private readonly context: FakeContext,
    private readonly workbook: Excel.Workbook,
  ) {}
  /**
   * "Excel JavaScript API performance optimization", Suspend calculation temporarily: "If you
   * need to update a large range (such as to assign values and then recalculate dependent
   * formulas) and interim recalculation results aren't needed, suspend calculation
   * temporarily until the next `context.sync()`." The fake records which requests had it.
   */
  suspendApiCalculationUntilNextSync(): void {
    this.workbook.application.suspendApiCalculationUntilNextSync();
    this.context.calculationSuspended = true;
    this.context.push(() => this.context.fake.requireApi("Application.suspendApiCalculationUntilNextSync"));
  }
}

/** `workbook.protection`: the structure protection (Review › Protect Workbook). */
export class WorkbookProtectionProxy extends Proxy<Workbook, Excel.WorkbookProtection> {
  constructor(ctx: FakeContext, shadow: () => Excel.WorkbookProtection) {
    super(ctx, () => ctx.fake.workbook, shadow);
  }
  protected override defaults(): string[] {
    return ["protected"];
  }
  protected read(wb: Workbook, prop: string): unknown {
    this.needs("Workbook.protection");
    if (prop === "protected") return wb.protected;
    return fail("InvalidArgument", `WorkbookProtection has no property '${prop}'.`);
  }
  get protected(): boolean {
    return this.get("protected") as boolean;
  }
  protect(password?: string): void {
    this.shadow.protect(password);
    this.queue((wb) => {
      this.needs("Workbook.protection");
      // WorkbookProtection.protect: "Protects the workbook. Fails if the workbook has been protected."
      if (wb.protected) fail("InvalidOperation", "The workbook is already protected.");
      wb.protected = true;
    });
  }
  unprotect(password?: string): void {
    this.shadow.unprotect(password);
    this.queue((wb) => {
      this.needs("Workbook.protection");
      wb.protected = false;
    });
  }
}

/** `workbook.functions`: DATE only, computed in the workbook's date system. */
export class FunctionsProxy {
  constructor(
    private readonly context: FakeContext,
    private readonly shadow: () => Excel.Functions,
  ) {}
  /** Functions.date: "Returns the number that represents the date in Microsoft Excel date-time code." */
  date(year: number, month: number, day: number): FunctionResultProxy {
    return new FunctionResultProxy(
      this.context,
      () => {
        this.context.fake.requireApi("Workbook.functions");
        return { value: serialOf(year, month, day, this.context.fake.workbook.date1904) };
      },
      this.shadow().date(year, month, day),
    );
  }
}

export class FunctionResultProxy extends Proxy<{ value: number }, Excel.FunctionResult<number>> {
  protected override defaults(): string[] {
    return ["value", "error"];
  }
  protected read(r: { value: number }, prop: string): unknown {
    if (prop === "value") return r.value;
    if (prop === "error") return null;
    return fail("InvalidArgument", `FunctionResult has no property '${prop}'.`);
  }
  get value(): number {
    return this.get("value") as number;
  }
}

// ---- worksheets ----------------------------------------------------------------------------

/** Workbook structure protection refuses changes to the sheets. */
function guardStructure(wb: Workbook): void {
  // "Work with workbooks using the Excel JavaScript API", Protect workbook structure: "Use
  // workbook protection when your add-in needs to prevent users from adding, deleting,
  // moving, or renaming worksheets." Excel's "Help secure and protect data in Excel": "When
  // you protect the structure, worksheets can't be moved, deleted, hidden, unhidden, or
  // renamed, and new worksheets can't be inserted." (The error code is the fake's choice.)
  if (wb.protected) fail("AccessDenied", "The workbook's structure is protected: sheets cannot be added, deleted, renamed, hidden or shown.");
}

export class WorksheetCollectionProxy extends Proxy<Workbook, Excel.WorksheetCollection> {
  private list?: WorksheetProxy[];
  constructor(ctx: FakeContext, shadow: Excel.WorksheetCollection) {
    super(ctx, () => ctx.fake.workbook, shadow);
  }
  protected read(): unknown {
    return undefined;
  }
  override load(props?: Props): this {
    const list = propList(props, ["items/name"]).map((p) => p.replace(/^items\//, ""));
    this.shadow.load(props as string);
    this.context.push(() => {
      const wb = this.must();
      this.list = wb.sheets.map((s) => new WorksheetProxy(this.context, () => wb.sheetById(s.id) ?? null, () => this.shadow.getItem(s.name)).markLoaded(s, list));
    });
    return this;
  }
  get items(): WorksheetProxy[] {
    if (!this.list) return fail("PropertyNotLoaded", notLoaded("items"));
    return this.list;
  }
  add(name?: string): WorksheetProxy {
    let created: Sheet | undefined;
    const shadow = this.shadow.add(name);
    this.queue((wb) => {
      guardStructure(wb);
      let n = name;
      if (n === undefined) {
        let i = wb.sheets.length + 1;
        while (wb.sheetByName(`Sheet${i}`)) i++;
        n = `Sheet${i}`;
      }
      created = wb.addSheet(n);
    });
    return new WorksheetProxy(this.context, () => created ?? fail("ItemNotFound", "The sheet was not added."), shadow);
  }
  getItem(key: string): WorksheetProxy {
    const wb = this.context.fake.workbook;
    return new WorksheetProxy(this.context, () => wb.sheetByName(key) ?? wb.sheetById(key) ?? fail("ItemNotFound", `The sheet '${key}' doesn't exist.`), this.shadow.getItem(key));
  }
  getItemOrNullObject(key: string): WorksheetProxy {
    const wb = this.context.fake.workbook;
    return new WorksheetProxy(
      this.context,
      () => {
        this.needs("WorksheetCollection.getItemOrNullObject");
        return wb.sheetByName(key) ?? wb.sheetById(key) ?? null;
      },
      this.shadow.getItemOrNullObject(key),
    );
  }
  getActiveWorksheet(): WorksheetProxy {
    const wb = this.context.fake.workbook;
    return new WorksheetProxy(this.context, () => wb.sheetById(wb.activeSheetId ?? "") ?? fail("ItemNotFound", "No active sheet."), this.shadow.getActiveWorksheet());
  }
}

export class WorksheetProxy extends Proxy<Sheet, Excel.Worksheet> {
  private protectionProxy?: WorksheetProtectionProxy;
  private pageLayoutProxy?: PageLayoutProxy;
  protected override defaults(): string[] {
    return ["name", "visibility", "position", "id"];
  }
  protected read(s: Sheet, prop: string): unknown {
    const wb = this.context.fake.workbook;
    switch (prop) {
      case "name":
        return s.name;
      case "visibility":
        return s.visibility;
      case "position":
        return wb.sheets.indexOf(s);
      case "id":
        return s.id;
      default:
        return fail("InvalidArgument", `Worksheet has no property '${prop}'.`);
    }
  }
  get name(): string {
    return this.get("name") as string;
  }
  set name(v: string) {
    this.shadow.name = v;
    this.queue((s) => {
      guardStructure(this.context.fake.workbook);
      this.context.fake.workbook.renameSheet(s, v);
    });
  }
  get visibility(): string {
    return this.get("visibility") as string;
  }
  set visibility(v: string) {
    this.shadow.visibility = v as Excel.SheetVisibility;
    this.queue((s) => {
      this.needs("Worksheet.visibility (set)");
      if (s.visibility !== v) guardStructure(this.context.fake.workbook);
      this.context.fake.workbook.setVisibility(s, v);
      this.context.fake.actionLog.push(`visibility ${s.name} ${v}`);
    });
  }
  get position(): number {
    return this.get("position") as number;
  }
  delete(): void {
    this.shadow.delete();
    this.queue((s) => {
      guardStructure(this.context.fake.workbook);
      this.context.fake.workbook.deleteSheet(s);
      this.context.fake.actionLog.push(`delete ${s.name}`);
    });
  }
  activate(): void {
    this.shadow.activate();
    this.queue((s) => {
      if (s.visibility !== "Visible") fail("InvalidOperation", "A hidden sheet cannot be activated.");
      this.context.fake.workbook.activeSheetId = s.id;
    });
  }
  getRange(address?: string): RangeProxy {
    return new RangeProxy(
      this.context,
      () => {
        const s = this.must();
        return { sheet: s, rect: address === undefined ? { r0: 0, c0: 0, r1: 1_048_575, c1: 16_383 } : parseAddress(address) };
      },
      this.shadow.getRange(address),
    );
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): RangeProxy {
    return new RangeProxy(
      this.context,
      () => {
        this.needs("Worksheet.getRangeByIndexes");
        if (rows < 1 || cols < 1 || row < 0 || col < 0) fail("InvalidArgument", "Bad range indexes.");
        return { sheet: this.must(), rect: { r0: row, c0: col, r1: row + rows - 1, c1: col + cols - 1 } };
      },
      this.shadow.getRangeByIndexes(row, col, rows, cols),
    );
  }
  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    return new RangeProxy(
      this.context,
      () => {
        this.needs("Worksheet.getUsedRangeOrNullObject");
        const s = this.must();
        const r = s.usedRect(valuesOnly);
        return r ? { sheet: s, rect: r } : null;
      },
      this.shadow.getUsedRangeOrNullObject(valuesOnly),
    );
  }
  getUsedRange(valuesOnly = false): RangeProxy {
    return new RangeProxy(
      this.context,
      () => {
        const s = this.must();
        return { sheet: s, rect: s.usedRect(valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 } };
      },
      this.shadow.getUsedRange(valuesOnly),
    );
  }
  get freezePanes(): {
    freezeRows(n: number): void;
    freezeColumns(n: number): void;
    freezeAt(r: RangeProxy | string): void;
    unfreeze(): void;
    getLocationOrNullObject(): RangeProxy;
  } {
    const real = this.shadow.freezePanes;
    const q = (f: (s: Sheet) => void): void =>
      this.queue((s) => {
        this.needs("Worksheet.freezePanes");
        f(s);
      });
    return {
      freezeRows: (n) => {
        real.freezeRows(n);
        q((s) => (s.freeze = { rows: n, columns: 0 }));
      },
      freezeColumns: (n) => {
        real.freezeColumns(n);
        q((s) => (s.freeze = { rows: 0, columns: n }));
      },
      freezeAt: (r) => {
        real.freezeAt(typeof r === "string" ? r : r.shadow);
        q((s) => {
          const rect = typeof r === "string" ? parseAddress(r) : r.must().rect;
          if (rect.r0 !== 0 || rect.c0 !== 0) fail("InvalidArgument", "freezeAt needs a range from A1.");
          s.freeze = { rows: rect.r1 + 1, columns: rect.c1 + 1 };
        });
      },
      unfreeze: () => {
        real.unfreeze();
        q((s) => (s.freeze = undefined));
      },
      getLocationOrNullObject: () =>
        new RangeProxy(
          this.context,
          () => {
            this.needs("Worksheet.freezePanes");
            const s = this.must();
            const f = s.freeze;
            if (!f || (f.rows === 0 && f.columns === 0)) return null;
            // The frozen cells: whole rows, whole columns, or the block from A1.
            const rect = f.columns === 0 ? { r0: 0, c0: 0, r1: f.rows - 1, c1: 16_383 } : f.rows === 0 ? { r0: 0, c0: 0, r1: 1_048_575, c1: f.columns - 1 } : { r0: 0, c0: 0, r1: f.rows - 1, c1: f.columns - 1 };
            return { sheet: s, rect };
          },
          real.getLocationOrNullObject(),
        ),
    };
  }
  /** One protection object per worksheet object, as in Office.js (so a loaded `protected` can be read). */
  get protection(): WorksheetProtectionProxy {
    this.protectionProxy ??= new WorksheetProtectionProxy(this.context, () => this.must(), () => this.shadow.protection);
    return this.protectionProxy;
  }
  get tables(): TableCollectionProxy {
    return new TableCollectionProxy(this.context, this, this.shadow.tables);
  }
  /** The sheet's charts (charts.ts). */
  get charts(): ChartCollectionProxy {
    return new ChartCollectionProxy(this.context, () => this.must(), this.shadow.charts);
  }
  get pageLayout(): PageLayoutProxy {
    this.pageLayoutProxy ??= new PageLayoutProxy(this.context, () => this.must(), () => this.shadow.pageLayout);
    return this.pageLayoutProxy;
  }
  /**
   * "Gets the horizontal page break collection for the worksheet. This collection only contains
   * manual page breaks." (Worksheet.horizontalPageBreaks, ExcelApi 1.9); PageBreakCollection.add:
   * "Adds a page break before the top-left cell of the range specified."
   */
  get horizontalPageBreaks(): { add(range: string | RangeProxy): void } {
    return {
      add: (range) => {
        this.shadow.horizontalPageBreaks.add(typeof range === "string" ? range : range.shadow);
        this.queue((s) => {
          this.needs("Worksheet.horizontalPageBreaks");
          const rect = typeof range === "string" ? parseAddress(range) : range.must().rect;
          s.pageBreaks.push(rect.r0);
        });
      },
    };
  }
}

export class WorksheetProtectionProxy extends Proxy<Sheet, Excel.WorksheetProtection> {
  protected override defaults(): string[] {
    return ["protected"];
  }
  protected read(s: Sheet, prop: string): unknown {
    this.needs("Worksheet.protection");
    if (prop === "protected") return s.protected;
    if (prop === "options") return s.protectOptions ?? {};
    return fail("InvalidArgument", `WorksheetProtection has no property '${prop}'.`);
  }
  get protected(): boolean {
    return this.get("protected") as boolean;
  }
  protect(options?: Excel.WorksheetProtectionOptions, password?: string): void {
    this.shadow.protect(options, password);
    this.queue((s) => {
      this.needs("Worksheet.protection");
      // WorksheetProtection.protect: "Protects a worksheet. Fails if the worksheet has already been protected."
      if (s.protected) fail("InvalidOperation", "The sheet is already protected.");
      s.protected = true;
      this.context.fake.actionLog.push(`protect ${s.name}`);
      s.protectOptions = { ...(options ?? {}) };
    });
  }
  unprotect(password?: string): void {
    this.shadow.unprotect(password);
    this.queue((s) => {
      this.needs("Worksheet.protection");
      s.protected = false;
    });
  }
}

export class PageLayoutProxy extends Proxy<Sheet, Excel.PageLayout> {
  protected override defaults(): string[] {
    return ["orientation", "zoom"];
  }
  protected read(s: Sheet, prop: string): unknown {
    this.needs("Worksheet.pageLayout");
    if (prop === "orientation") return s.pageLayout.orientation ?? "Portrait";
    if (prop === "zoom") return s.pageLayout.zoom ?? { scale: 100 };
    return fail("InvalidArgument", `PageLayout has no property '${prop}'.`);
  }
  private set1(f: (s: Sheet) => void): void {
    this.queue((s) => {
      this.needs("Worksheet.pageLayout");
      f(s);
    });
  }
  get orientation(): string {
    return this.get("orientation") as string;
  }
  set orientation(v: string) {
    this.shadow.orientation = v as Excel.PageOrientation;
    this.set1((s) => {
      if (v !== "Portrait" && v !== "Landscape") fail("InvalidArgument", `Bad orientation '${v}'.`);
      s.pageLayout.orientation = v;
    });
  }
  get zoom(): Record<string, unknown> {
    return this.get("zoom") as Record<string, unknown>;
  }
  set zoom(v: Record<string, unknown>) {
    this.shadow.zoom = v as Excel.PageLayoutZoomOptions;
    const copy = { ...v };
    this.set1((s) => (s.pageLayout.zoom = copy));
  }
  setPrintTitleRows(rows: string): void {
    this.shadow.setPrintTitleRows(rows);
    this.set1((s) => {
      if (!/^\$?\d+:\$?\d+$/.test(rows)) fail("InvalidArgument", `Bad print title rows '${rows}'.`);
      s.pageLayout.printTitleRows = rows;
    });
  }
  setPrintTitleColumns(columns: string): void {
    this.shadow.setPrintTitleColumns(columns);
    this.set1((s) => {
      if (!/^\$?[A-Z]{1,3}:\$?[A-Z]{1,3}$/i.test(columns)) fail("InvalidArgument", `Bad print title columns '${columns}'.`);
      s.pageLayout.printTitleColumns = columns;
    });
  }
  setPrintArea(area: string): void {
    this.shadow.setPrintArea(area);
    this.set1((s) => {
      parseAddress(area);
      s.pageLayout.printArea = area;
    });
  }
  /** The sheet's print area, or a null object when it has none ("getPrintAreaOrNullObject"). */
  getPrintAreaOrNullObject(): RangeProxy {
    return this.printRange(() => this.shadow.getPrintAreaOrNullObject() as unknown as Excel.Range, (s) => s.pageLayout.printArea);
  }
  getPrintTitleRowsOrNullObject(): RangeProxy {
    return this.printRange(() => this.shadow.getPrintTitleRowsOrNullObject(), (s) => s.pageLayout.printTitleRows);
  }
  getPrintTitleColumnsOrNullObject(): RangeProxy {
    return this.printRange(() => this.shadow.getPrintTitleColumnsOrNullObject(), (s) => s.pageLayout.printTitleColumns);
  }
  private printRange(shadow: () => Excel.Range, address: (s: Sheet) => string | undefined): RangeProxy {
    return new RangeProxy(
      this.context,
      () => {
        this.needs("Worksheet.pageLayout");
        const s = this.must();
        const a = address(s);
        return a ? { sheet: s, rect: parseAddress(a) } : null;
      },
      shadow(),
    );
  }
}

// ---- ranges --------------------------------------------------------------------------------

interface RangeModel {
  sheet: Sheet;
  rect: Rect;
}

function quoteName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function readCells(r: RangeModel, f: (c: Cell | undefined, row: number, col: number) => unknown): unknown[][] {
  if (cellCount(r.rect) > READ_CELL_LIMIT) fail("ResponsePayloadSizeLimitExceeded", "The response payload size has exceeded the limit.");
  const out: unknown[][] = [];
  for (let row = r.rect.r0; row <= r.rect.r1; row++) {
    const line: unknown[] = [];
    for (let col = r.rect.c0; col <= r.rect.c1; col++) line.push(f(r.sheet.cell(row, col), row, col));
    out.push(line);
  }
  return out;
}

/** A column's width in points when nobody set it (Calibri 11: 8.43 characters, 64 pixels). */
export const DEFAULT_COLUMN_WIDTH = 48;
/** A row's height in points when nobody set it (Calibri 11: 20 pixels). */
export const DEFAULT_ROW_HEIGHT = 15;

/**
 * Most levels of grouping, counted as outline levels of a column or row (1–7: the sheet's
 * eighth level is the ungrouped one). "Group ranges for an outline using the Excel JavaScript
 * API": "Note that Excel only supports eight levels of outline groups"; Excel specifications
 * and limits, "Levels of outlining: 8"; [MS-OI29500] §2.1.598 (col): "Office specifies the
 * outlineLevel attributes maximum value is 7."
 */
export const MAX_OUTLINE_LEVEL = 7;

/** Excel specifications and limits, "Row height: 409 points". */
export const MAX_ROW_HEIGHT = 409;

/** A group option as Office.js sends it ("ByRows", "ByColumns"; Excel.GroupOption). */
function groupOption(v: unknown): "ByRows" | "ByColumns" {
  if (v !== "ByRows" && v !== "ByColumns") return fail("InvalidArgument", `Bad group option '${String(v)}'.`);
  return v;
}

/**
 * "Protect a worksheet" (Microsoft Support), Format columns: "Using any of the column
 * formatting commands, including changing column width or hiding columns"; Format rows: "Using
 * any of the row formatting commands, including changing row height or hiding rows" — refused
 * on a protected sheet unless allowed (WorksheetProtectionOptions.allowFormatColumns /
 * allowFormatRows).
 */
function guardLines(s: Sheet, lines: "columns" | "rows"): void {
  if (!s.protected) return;
  const allowed = lines === "columns" ? s.protectOptions?.allowFormatColumns : s.protectOptions?.allowFormatRows;
  if (allowed !== true) fail("AccessDenied", `The sheet is protected: ${lines} cannot be hidden or resized.`);
}

export class RangeProxy extends Proxy<RangeModel, Excel.Range> {
  private formatProxy?: RangeFormat;
  protected override defaults(): string[] {
    return ["address", "values", "formulas", "numberFormat", "rowIndex", "columnIndex", "rowCount", "columnCount"];
  }
  protected read(r: RangeModel, prop: string): unknown {
    const fake = this.context.fake;
    switch (prop) {
      case "address":
        return `${quoteName(r.sheet.name)}!${rectToA1(r.rect)}`;
      case "rowIndex":
        return r.rect.r0;
      case "columnIndex":
        return r.rect.c0;
      case "rowCount":
        return r.rect.r1 - r.rect.r0 + 1;
      case "columnCount":
        return r.rect.c1 - r.rect.c0 + 1;
      case "values":
        return readCells(r, (c, row, col) => (c?.formula !== undefined ? fake.calc(r.sheet.name, `${colName(col)}${row + 1}`, c.formula) : (c?.value ?? "")));
      case "formulas":
        return readCells(r, (c) => c?.formula ?? c?.value ?? "");
      case "numberFormat":
        return readCells(r, (c) => c?.numberFormat ?? "General");
      case "columnHidden": {
        // Range.columnHidden (ExcelApi 1.2): "Value is `true` when all columns in a range are
        // hidden. Value is `false` when no columns in the range are hidden. Value is `null` when
        // some columns in a range are hidden and other columns in the same range are not hidden."
        this.needs("Range.columnHidden");
        let hidden = 0;
        for (let c = r.rect.c0; c <= r.rect.c1; c++) if (r.sheet.hiddenColumns.has(c)) hidden++;
        return hidden === 0 ? false : hidden === r.rect.c1 - r.rect.c0 + 1 ? true : null;
      }
      case "valueTypes":
        // Excel.RangeValueType (ExcelApi 1.1): "Empty" for a cell that is "empty and has no
        // formulas or data" (Excel.EmptyCellValue, whose basicType "Represents the value that
        // would be returned by Range.valueTypes for a cell with this value"); a formula that
        // gives "" is a String.
        return readCells(r, (c, row, col) => {
          const v = c?.formula !== undefined ? fake.calc(r.sheet.name, `${colName(col)}${row + 1}`, c.formula) : c?.value;
          if (v === undefined || (v === "" && c?.formula === undefined)) return "Empty";
          return typeof v === "number" ? "Double" : typeof v === "boolean" ? "Boolean" : "String";
        });
      default:
        return fail("InvalidArgument", `Range has no property '${prop}'.`);
    }
  }
  get address(): string {
    return this.get("address") as string;
  }
  get rowIndex(): number {
    return this.get("rowIndex") as number;
  }
  get columnIndex(): number {
    return this.get("columnIndex") as number;
  }
  get rowCount(): number {
    return this.get("rowCount") as number;
  }
  get columnCount(): number {
    return this.get("columnCount") as number;
  }
  get values(): Value[][] {
    return this.get("values") as Value[][];
  }
  set values(v: unknown) {
    this.shadow.values = v as Value[][];
    this.setCells(v, "values");
  }
  get formulas(): Value[][] {
    return this.get("formulas") as Value[][];
  }
  set formulas(v: unknown) {
    this.shadow.formulas = v as Value[][];
    this.setCells(v, "formulas");
  }
  get numberFormat(): string[][] {
    return this.get("numberFormat") as string[][];
  }
  get valueTypes(): string[][] {
    return this.get("valueTypes") as string[][];
  }
  set numberFormat(v: unknown) {
    this.shadow.numberFormat = v as string[][];
    this.setCells(v, "numberFormat");
  }

  get columnHidden(): boolean | null {
    return this.get("columnHidden") as boolean | null;
  }
  set columnHidden(v: boolean) {
    this.shadow.columnHidden = v;
    this.queue((r) => {
      this.needs("Range.columnHidden");
      if (typeof v !== "boolean") fail("InvalidArgument", "columnHidden takes true or false.");
      guardLines(r.sheet, "columns");
      for (let c = r.rect.c0; c <= r.rect.c1; c++) {
        if (v) r.sheet.hiddenColumns.add(c);
        else r.sheet.hiddenColumns.delete(c);
      }
    });
  }

  /**
   * Range.group (ExcelApi 1.10), "Groups columns and rows for an outline": every column (or
   * row) of the range goes one outline level deeper. The option must match a whole-line
   * range: "An `InvalidArgument` error is thrown when the group option differs from the
   * range's `isEntireRow` or `isEntireColumn` property (i.e., `range.isEntireRow` is true and
   * `groupOption` is "ByColumns" or `range.isEntireColumn` is true and `groupOption` is
   * "ByRows")." Past {@link MAX_OUTLINE_LEVEL} levels it fails (the code is the fake's choice).
   */
  group(option: "ByRows" | "ByColumns"): void {
    this.shadow.group(option);
    this.queue((r) => {
      this.needs("Range.group");
      const by = groupOption(option);
      const entireColumn = r.rect.r0 === 0 && r.rect.r1 === ROWS - 1;
      const entireRow = r.rect.c0 === 0 && r.rect.c1 === COLS - 1;
      if ((entireRow && by === "ByColumns") || (entireColumn && by === "ByRows")) fail("InvalidArgument", `The group option ${by} differs from the range's whole ${entireRow ? "rows" : "columns"}.`);
      const [levels, a, b] = by === "ByColumns" ? [r.sheet.columnOutline, r.rect.c0, r.rect.c1] : [r.sheet.rowOutline, r.rect.r0, r.rect.r1];
      for (let i = a; i <= b; i++)
        if ((levels.get(i) ?? 0) + 1 > MAX_OUTLINE_LEVEL) fail("InvalidOperation", `Excel only supports eight levels of outline groups: ${by === "ByColumns" ? `column ${colName(i)}` : `row ${i + 1}`} is grouped ${MAX_OUTLINE_LEVEL} deep already.`);
      for (let i = a; i <= b; i++) levels.set(i, (levels.get(i) ?? 0) + 1);
    });
  }

  /** Range.ungroup (ExcelApi 1.10), "Ungroups columns and rows for an outline": one level less; ungrouped lines stay as they are. */
  ungroup(option: "ByRows" | "ByColumns"): void {
    this.shadow.ungroup(option);
    this.queue((r) => {
      this.needs("Range.ungroup");
      const by = groupOption(option);
      const [levels, a, b] = by === "ByColumns" ? [r.sheet.columnOutline, r.rect.c0, r.rect.c1] : [r.sheet.rowOutline, r.rect.r0, r.rect.r1];
      for (let i = a; i <= b; i++) {
        const level = (levels.get(i) ?? 0) - 1;
        if (level > 0) levels.set(i, level);
        else levels.delete(i);
      }
    });
  }

  /**
   * Range.hideGroupDetails / showGroupDetails (ExcelApi 1.10), "Hides the details of the row or
   * column group" / "Shows the details…": the range's grouped columns hidden or shown (rows are
   * not modelled). Hiding columns on a protected sheet follows {@link guardLines}.
   */
  hideGroupDetails(option: "ByRows" | "ByColumns"): void {
    this.shadow.hideGroupDetails(option);
    this.queue((r) => this.groupDetails(r, option, true, "Range.hideGroupDetails"));
  }
  showGroupDetails(option: "ByRows" | "ByColumns"): void {
    this.shadow.showGroupDetails(option);
    this.queue((r) => this.groupDetails(r, option, false, "Range.showGroupDetails"));
  }
  private groupDetails(r: RangeModel, option: "ByRows" | "ByColumns", hide: boolean, member: ApiMember): void {
    this.needs(member);
    if (groupOption(option) !== "ByColumns") return fail("NotImplemented", "The fake models column groups' details only.");
    guardLines(r.sheet, "columns");
    for (let c = r.rect.c0; c <= r.rect.c1; c++) {
      if (!r.sheet.columnOutline.has(c)) continue;
      if (hide) r.sheet.hiddenColumns.add(c);
      else r.sheet.hiddenColumns.delete(c);
    }
  }

  /** The writer keeps formulas in the invariant syntax: the localised property is refused here. */
  set formulasLocal(_v: unknown) {
    fail("NotImplemented", "formulasLocal depends on the user's locale; write Range.formulas (en-US syntax).");
  }
  set valuesAsJson(_v: unknown) {
    fail("NotImplemented", "The fake does not model valuesAsJson.");
  }

  private setCells(sent: unknown, kind: "values" | "formulas" | "numberFormat"): void {
    // What reaches Excel is the JSON of the request (-0 arrives as 0, NaN as null), taken
    // when the property is set: changing the array afterwards changes nothing.
    const json = JSON.stringify(sent) ?? "null";
    this.queue((r) => {
      const input: unknown = JSON.parse(json);
      const fake = this.context.fake;
      fake.actionLog.push(`${kind} ${r.sheet.name}`);
      const rows = r.rect.r1 - r.rect.r0 + 1;
      const cols = r.rect.c1 - r.rect.c0 + 1;
      const scalar = !Array.isArray(input);
      if (!scalar) {
        const arr = input as unknown[][];
        if (arr.length !== rows || arr.some((line) => !Array.isArray(line) || line.length !== cols))
          fail(
            "InvalidArgument",
            `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows} × ${cols}, got ${arr.length} × ${Array.isArray(arr[0]) ? arr[0].length : "?"}).`,
          );
      } else if (input === null || input === undefined) fail("InvalidArgument", `${kind} cannot be set to null.`);
      fake.guardProtected(r, kind === "numberFormat" ? "format" : "content");
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const x = scalar ? input : (input as unknown[][])[i][j];
          if (x === null) continue; // null in a 2-D array leaves the cell as it is
          if (typeof x !== "string" && typeof x !== "number" && typeof x !== "boolean") fail("InvalidArgument", `Bad cell input ${JSON.stringify(x)}.`);
          if (typeof x === "number" && !Number.isFinite(x)) fail("InvalidArgument", "Bad number.");
          // Excel specifications and limits: 8,192 characters a formula, 64 nested levels of functions, 255 arguments a call (quoted in tests/helpers/excel-limits.ts).
          const limits = kind === "formulas" && typeof x === "string" && x.startsWith("=") ? excelLimitProblems(x) : [];
          if (limits.length) fail("InvalidArgument", `Excel cannot take this formula: ${limits.join("; ")}.`);
          const cell = r.sheet.touch(r.rect.r0 + i, r.rect.c0 + j);
          if (kind === "numberFormat") cell.numberFormat = String(x) === "" ? undefined : String(x);
          else enter(cell, x as Value, kind === "formulas", fake.workbook.date1904);
        }
      }
    }, kind !== "numberFormat");
  }

  get worksheet(): WorksheetProxy {
    return new WorksheetProxy(this.context, () => this.must().sheet, this.shadow.worksheet);
  }
  getCell(row: number, col: number): RangeProxy {
    return this.derive((r) => ({ r0: r.r0 + row, c0: r.c0 + col, r1: r.r0 + row, c1: r.c0 + col }), this.shadow.getCell(row, col));
  }
  getOffsetRange(dr: number, dc: number): RangeProxy {
    return this.derive((r) => {
      const o = { r0: r.r0 + dr, c0: r.c0 + dc, r1: r.r1 + dr, c1: r.c1 + dc };
      if (o.r0 < 0 || o.c0 < 0) fail("InvalidArgument", "The offset goes outside the sheet.");
      return o;
    }, this.shadow.getOffsetRange(dr, dc));
  }
  getResizedRange(dr: number, dc: number): RangeProxy {
    return this.derive((r) => ({ r0: r.r0, c0: r.c0, r1: r.r1 + dr, c1: r.c1 + dc }), this.shadow.getResizedRange(dr, dc));
  }
  private derive(f: (r: Rect) => Rect, shadow: Excel.Range): RangeProxy {
    return new RangeProxy(
      this.context,
      () => {
        const m = this.must();
        return { sheet: m.sheet, rect: f(m.rect) };
      },
      shadow,
    );
  }
  getIntersectionOrNullObject(other: RangeProxy | string): RangeProxy {
    return new RangeProxy(
      this.context,
      () => {
        this.needs("Range.getIntersectionOrNullObject");
        const m = this.must();
        const o = typeof other === "string" ? { sheet: m.sheet, rect: parseAddress(other) } : other.resolve();
        if (!o || o.sheet !== m.sheet) return null;
        const x = intersect(m.rect, o.rect);
        return x ? { sheet: m.sheet, rect: x } : null;
      },
      this.shadow.getIntersectionOrNullObject(typeof other === "string" ? other : other.shadow),
    );
  }
  /**
   * "Gets the range object containing the anchor cell for the cell getting spilled into. If
   * it's not a spilled cell, then this method will return an object with its isNullObject
   * property set to true." (Range.getSpillParentOrNullObject, ExcelApi 1.12.) The fake
   * computes no dynamic arrays, so no cell of it is spilled into.
   */
  getSpillParentOrNullObject(): RangeProxy {
    return new RangeProxy(
      this.context,
      () => {
        this.needs("Range.getSpillParentOrNullObject");
        this.must();
        return null;
      },
      this.shadow.getSpillParentOrNullObject(),
    );
  }
  /** The sheet's used range (its bounding box) cut to this range: it may have empty rows at the top. */
  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    return new RangeProxy(
      this.context,
      () => {
        this.needs("Range.getUsedRangeOrNullObject");
        const m = this.must();
        const used = m.sheet.usedRect(valuesOnly);
        const x = used && intersect(used, m.rect);
        return x ? { sheet: m.sheet, rect: x } : null;
      },
      this.shadow.getUsedRangeOrNullObject(valuesOnly),
    );
  }
  merge(across = false): void {
    this.shadow.merge(across);
    this.queue((r) => {
      this.needs("Range.merge");
      this.context.fake.guardProtected(r, "format");
      for (const m of r.sheet.merges) if (intersect(m, r.rect)) fail("InvalidOperation", "Cannot merge over a merged range.");
      if (across) for (let row = r.rect.r0; row <= r.rect.r1; row++) r.sheet.merges.push({ ...r.rect, r0: row, r1: row });
      else r.sheet.merges.push(r.rect);
    });
  }
  clear(applyTo: string = "All"): void {
    this.shadow.clear(applyTo as Excel.ClearApplyTo);
    this.queue((r) => {
      if (applyTo === "All" || applyTo === "Contents") this.context.fake.guardProtected(r, "content");
      if (applyTo === "All" || applyTo === "Formats") this.context.fake.guardProtected(r, "format");
      for (let row = r.rect.r0; row <= r.rect.r1; row++)
        for (let col = r.rect.c0; col <= r.rect.c1; col++) {
          const k = Sheet.key(row, col);
          const c = r.sheet.cells.get(k);
          if (!c) continue;
          if (applyTo === "All" || applyTo === "Formats") {
            for (const f of ["numberFormat", "fill", "fontColor", "bold", "italic", "horizontal", "wrap", "locked", "borders"] as const) delete c[f];
          }
          if (applyTo === "All" || applyTo === "Contents") {
            delete c.value;
            delete c.formula;
            delete c.quotePrefix;
          }
          if (Object.keys(c).length === 0) r.sheet.cells.delete(k);
        }
    }, true);
  }
  select(): void {
    this.shadow.select();
    this.queue((r) => {
      const wb = this.context.fake.workbook;
      if (r.sheet.id !== wb.activeSheetId) fail("InvalidSelection", "The range is not on the active sheet.");
      wb.selection = { sheetId: r.sheet.id, rect: r.rect };
    });
  }
  /** One format object per range object, as in Office.js (so a loaded `columnWidth` can be read). */
  get format(): RangeFormat {
    this.formatProxy ??= new RangeFormat(this);
    return this.formatProxy;
  }
  get conditionalFormats(): ConditionalFormatCollectionProxy {
    return new ConditionalFormatCollectionProxy(this);
  }
  get dataValidation(): DataValidationProxy {
    return new DataValidationProxy(this);
  }
  /** Queues a change to every cell's formats (internal to the format proxies). */
  queueCells(f: (c: Cell) => void, kind: "format" | "content" = "format", member?: ApiMember): void {
    this.queue((r) => {
      if (member) this.needs(member);
      this.context.fake.actionLog.push(`format ${r.sheet.name}`);
      this.context.fake.guardProtected(r, kind);
      for (let row = r.rect.r0; row <= r.rect.r1; row++) for (let col = r.rect.c0; col <= r.rect.c1; col++) f(r.sheet.touch(row, col));
    });
  }
  queueRange(f: (r: RangeModel) => void, member?: ApiMember): void {
    this.queue((r) => {
      if (member) this.needs(member);
      f(r);
    });
  }
  /** Exposed for the proxies that hand out this range's parts. */
  resolveNow(): RangeModel | null {
    return this.resolve();
  }
}

/**
 * `range.format.protection`: its `locked` set as before, and now read too. FormatProtection.locked
 * (Excel JavaScript API reference): "Specifies if Excel locks the cells in the object. A `null`
 * value indicates that the entire range doesn't have a uniform lock setting." A cell is locked
 * unless unlocked ("Protect a worksheet": "By default, all cells on a worksheet are locked").
 */
class FormatProtectionProxy extends Proxy<RangeModel, Excel.FormatProtection> {
  constructor(private readonly range: RangeProxy) {
    super(range.context, () => range.resolveNow(), () => range.shadow.format.protection);
  }
  protected override defaults(): string[] {
    return ["locked", "formulaHidden"];
  }
  protected read(r: RangeModel, prop: string): unknown {
    this.needs("RangeFormat.protection");
    if (prop === "formulaHidden") return false;
    if (prop !== "locked") return fail("InvalidArgument", `FormatProtection has no property '${prop}'.`);
    const seen = new Set<boolean>();
    for (let row = r.rect.r0; row <= r.rect.r1 && seen.size < 2; row++)
      for (let col = r.rect.c0; col <= r.rect.c1 && seen.size < 2; col++) seen.add(r.sheet.cell(row, col)?.locked !== false);
    return seen.size === 1 ? [...seen][0] : null;
  }
  get locked(): boolean | null {
    return this.get("locked") as boolean | null;
  }
  set locked(v: boolean) {
    this.shadow.locked = v;
    this.range.queueCells((c) => (c.locked = v), "format", "RangeFormat.protection");
  }
}

const COLOR = /^#[0-9A-Fa-f]{6}$/;
function color(v: string): string {
  if (!COLOR.test(v)) fail("InvalidArgument", `Bad colour '${v}'.`);
  return v.toUpperCase();
}

class RangeFormat extends Proxy<RangeModel, Excel.RangeFormat> {
  constructor(private readonly range: RangeProxy) {
    super(range.context, () => range.resolveNow(), () => range.shadow.format);
  }
  protected override defaults(): string[] {
    return ["columnWidth"];
  }
  protected read(r: RangeModel, prop: string): unknown {
    if (prop === "rowHeight") {
      this.needs("RangeFormat.rowHeight");
      // RangeFormat.rowHeight: "If the row heights are not uniform, `null` will be returned."
      const heights = new Set<number>();
      for (let row = r.rect.r0; row <= r.rect.r1 && heights.size < 2; row++) heights.add(r.sheet.rowHeights.get(row) ?? DEFAULT_ROW_HEIGHT);
      return heights.size === 1 ? [...heights][0] : null;
    }
    if (prop !== "columnWidth") return fail("InvalidArgument", `RangeFormat has no property '${prop}'.`);
    this.needs("RangeFormat.columnWidth");
    // One width when every column of the range has it, else null (as Excel answers).
    const widths = new Set<number>();
    for (let c = r.rect.c0; c <= r.rect.c1; c++) widths.add(r.sheet.columnWidths.get(c) ?? DEFAULT_COLUMN_WIDTH);
    return widths.size === 1 ? [...widths][0] : null;
  }
  get fill(): { color: string } {
    const r = this.range;
    const real = this.shadow.fill;
    return {
      set color(v: string) {
        real.color = v;
        r.queueCells((c) => (c.fill = color(v)));
      },
      get color(): string {
        return fail("PropertyNotLoaded", notLoaded("color"));
      },
    };
  }
  get font(): { bold: boolean; italic: boolean; color: string } {
    const r = this.range;
    const real = this.shadow.font;
    return {
      set bold(v: boolean) {
        real.bold = v;
        r.queueCells((c) => (c.bold = v));
      },
      get bold(): boolean {
        return fail("PropertyNotLoaded", notLoaded("bold"));
      },
      set italic(v: boolean) {
        real.italic = v;
        r.queueCells((c) => (c.italic = v));
      },
      get italic(): boolean {
        return fail("PropertyNotLoaded", notLoaded("italic"));
      },
      set color(v: string) {
        real.color = v;
        r.queueCells((c) => (c.fontColor = color(v)));
      },
      get color(): string {
        return fail("PropertyNotLoaded", notLoaded("color"));
      },
    };
  }
  set horizontalAlignment(v: string) {
    this.shadow.horizontalAlignment = v as Excel.HorizontalAlignment;
    this.range.queueCells((c) => {
      if (!["General", "Left", "Center", "Right", "Fill", "Justify", "CenterAcrossSelection", "Distributed"].includes(v)) fail("InvalidArgument", `Bad alignment '${v}'.`);
      c.horizontal = v;
    });
  }
  set wrapText(v: boolean) {
    this.shadow.wrapText = v;
    this.range.queueCells((c) => (c.wrap = v));
  }
  get columnWidth(): number | null {
    return this.get("columnWidth") as number | null;
  }
  set columnWidth(points: number) {
    this.shadow.columnWidth = points;
    this.range.queueRange((r) => {
      if (!(points >= 0 && points <= 255 * 7.5)) fail("InvalidArgument", `Bad column width ${points}.`);
      // "Protect a worksheet" (Microsoft Support), Format columns: "Using any of the column
      // formatting commands, including changing column width or hiding columns" is refused
      // unless allowed — WorksheetProtectionOptions.allowFormatColumns: "Represents the
      // worksheet protection option allowing formatting of columns."
      if (r.sheet.protected && r.sheet.protectOptions?.allowFormatColumns !== true) fail("AccessDenied", "The sheet is protected: column widths cannot change.");
      for (let col = r.rect.c0; col <= r.rect.c1; col++) r.sheet.columnWidths.set(col, points);
    }, "RangeFormat.columnWidth");
  }
  get rowHeight(): number | null {
    return this.get("rowHeight") as number | null;
  }
  set rowHeight(points: number) {
    this.shadow.rowHeight = points;
    this.range.queueRange((r) => {
      if (!(points >= 0 && points <= MAX_ROW_HEIGHT)) fail("InvalidArgument", `Bad row height ${points}: Excel takes 0 to ${MAX_ROW_HEIGHT} points.`);
      guardLines(r.sheet, "rows");
      for (let row = r.rect.r0; row <= r.rect.r1; row++) r.sheet.rowHeights.set(row, points);
    }, "RangeFormat.rowHeight");
  }
  get protection(): FormatProtectionProxy {
    return new FormatProtectionProxy(this.range);
  }
  get borders(): { getItem(index: string): { style: string } } {
    const r = this.range;
    const real = this.shadow.borders;
    const EDGES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical", "InsideHorizontal", "DiagonalDown", "DiagonalUp"];
    return {
      getItem(index: string) {
        const edge = real.getItem(index as Excel.BorderIndex);
        return {
          set style(v: string) {
            edge.style = v as Excel.BorderLineStyle;
            r.queueCells((c) => {
              if (!EDGES.includes(index)) fail("InvalidArgument", `Bad border '${index}'.`);
              if (v !== "Continuous" && v !== "None") fail("InvalidArgument", `Bad border style '${v}'.`);
              c.borders = [...new Set([...(c.borders ?? []), index])];
            });
          },
          get style(): string {
            return fail("PropertyNotLoaded", notLoaded("style"));
          },
        };
      },
    };
  }
}

class ConditionalFormatCollectionProxy {
  private readonly real: Excel.ConditionalFormatCollection;
  constructor(private readonly range: RangeProxy) {
    this.real = range.shadow.conditionalFormats;
  }
  add(type: string): ConditionalFormatProxy {
    let created: { sheet: Sheet; cf: ConditionalFormat } | undefined;
    const shadow = this.real.add(type as Excel.ConditionalFormatType);
    this.range.queueRange((r) => {
      if (type !== "Custom") fail("NotImplemented", `The fake models only Custom conditional formats, not '${type}'.`);
      // "Protect a worksheet", Format cells: "Changing any of the options in the Format Cells
      // or Conditional Formatting dialog boxes" is refused on a protected sheet.
      this.range.context.fake.guardProtected(r, "format");
      const cf: ConditionalFormat = { type, rect: r.rect };
      this.range.context.fake.actionLog.push(`conditionalFormat ${r.sheet.name}`);
      r.sheet.conditionalFormats.push(cf);
      created = { sheet: r.sheet, cf };
    }, "Range.conditionalFormats");
    return new ConditionalFormatProxy(this.range.context, () => created ?? null, shadow);
  }
  clearAll(): void {
    this.real.clearAll();
    this.range.queueRange((r) => {
      this.range.context.fake.guardProtected(r, "format");
      const list = r.sheet.conditionalFormats;
      for (let i = list.length - 1; i >= 0; i--) if (intersect(list[i].rect, r.rect)) list.splice(i, 1);
    }, "Range.conditionalFormats");
  }
}

class ConditionalFormatProxy extends Proxy<{ sheet: Sheet; cf: ConditionalFormat }, Excel.ConditionalFormat> {
  protected read(m: { cf: ConditionalFormat }, prop: string): unknown {
    return (m.cf as unknown as Record<string, unknown>)[prop];
  }
  set stopIfTrue(v: boolean) {
    this.shadow.stopIfTrue = v;
    this.queue((m) => (m.cf.stopIfTrue = v));
  }
  set priority(p: number) {
    this.shadow.priority = p;
    this.queue((m) => {
      const list = m.sheet.conditionalFormats;
      if (!Number.isInteger(p) || p < 0) fail("InvalidArgument", `Bad priority ${p}.`);
      list.splice(list.indexOf(m.cf), 1);
      list.splice(Math.min(p, list.length), 0, m.cf);
    });
  }
  get custom(): { rule: { formula: string }; format: { fill: { color: string }; font: { color: string; bold: boolean } } } {
    const q = (f: (cf: ConditionalFormat) => void): void => this.queue((m) => f(m.cf));
    const real = this.shadow.custom;
    return {
      rule: {
        set formula(v: string) {
          real.rule.formula = v;
          q((cf) => {
            if (typeof v !== "string" || v === "") fail("InvalidArgument", "A custom rule needs a formula.");
            cf.formula = v;
          });
        },
        get formula(): string {
          return fail("PropertyNotLoaded", notLoaded("formula"));
        },
      },
      format: {
        fill: {
          set color(v: string) {
            real.format.fill.color = v;
            q((cf) => (cf.fill = color(v)));
          },
          get color(): string {
            return fail("PropertyNotLoaded", notLoaded("color"));
          },
        },
        font: {
          set color(v: string) {
            real.format.font.color = v;
            q((cf) => (cf.fontColor = color(v)));
          },
          get color(): string {
            return fail("PropertyNotLoaded", notLoaded("color"));
          },
          set bold(v: boolean) {
            real.format.font.bold = v;
            q((cf) => (cf.bold = v));
          },
          get bold(): boolean {
            return fail("PropertyNotLoaded", notLoaded("bold"));
          },
        },
      },
    };
  }
}

const RULE_KEYS = ["wholeNumber", "decimal", "textLength", "date", "time", "list", "custom"];

class DataValidationProxy {
  private readonly real: Excel.DataValidation;
  constructor(private readonly range: RangeProxy) {
    this.real = range.shadow.dataValidation;
  }
  set rule(v: Record<string, unknown>) {
    this.real.rule = v as Excel.DataValidationRule;
    const copy = JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
    this.range.queueRange((r) => {
      const keys = Object.keys(copy);
      if (keys.length !== 1 || !RULE_KEYS.includes(keys[0])) fail("InvalidArgument", "A data validation rule has exactly one type.");
      const list = r.sheet.validations;
      for (let i = list.length - 1; i >= 0; i--) if (intersect(list[i].rect, r.rect)) list.splice(i, 1);
      list.push({ rect: r.rect, rule: copy });
    }, "Range.dataValidation");
  }
  set errorAlert(v: Record<string, unknown>) {
    this.real.errorAlert = v as unknown as Excel.DataValidationErrorAlert;
    const copy = { ...v };
    this.range.queueRange((r) => {
      const dv = r.sheet.validations.find((x) => intersect(x.rect, r.rect));
      if (!dv) fail("InvalidOperation", "Set the rule before the error alert.");
      else dv.errorAlert = copy;
    }, "Range.dataValidation");
  }
  clear(): void {
    this.real.clear();
    this.range.queueRange((r) => {
      const list = r.sheet.validations;
      for (let i = list.length - 1; i >= 0; i--) if (intersect(list[i].rect, r.rect)) list.splice(i, 1);
    }, "Range.dataValidation");
  }
}

// ---- names and tables ----------------------------------------------------------------------

export class NamedItemCollectionProxy extends Proxy<Workbook, Excel.NamedItemCollection> {
  private list?: NamedItemProxy[];
  constructor(ctx: FakeContext, shadow: Excel.NamedItemCollection) {
    super(ctx, () => ctx.fake.workbook, shadow);
  }
  protected read(): unknown {
    return undefined;
  }
  override load(props?: Props): this {
    const list = propList(props, ["items/name"]).map((p) => p.replace(/^items\//, ""));
    this.shadow.load(props as string);
    this.context.push(() => {
      const wb = this.must();
      this.list = wb.names.map((n) => new NamedItemProxy(this.context, () => (wb.names.includes(n) ? n : null), () => this.shadow.getItem(n.name)).markLoaded(n, list));
    });
    return this;
  }
  get items(): NamedItemProxy[] {
    if (!this.list) return fail("PropertyNotLoaded", notLoaded("items"));
    return this.list;
  }
  add(name: string, reference: string | RangeProxy, comment?: string): NamedItemProxy {
    let created: Name | undefined;
    const shadow = this.shadow.add(name, typeof reference === "string" ? reference : reference.shadow, comment);
    this.queue((wb) => {
      this.needs("NamedItemCollection.add");
      let ref: string;
      if (typeof reference === "string") ref = reference;
      else {
        const r = reference.must();
        ref = `=${quoteName(r.sheet.name)}!$${colName(r.rect.c0)}$${r.rect.r0 + 1}`;
      }
      created = wb.addName(name, ref, comment);
    });
    return new NamedItemProxy(this.context, () => created ?? null, shadow);
  }
  getItemOrNullObject(name: string): NamedItemProxy {
    const wb = this.context.fake.workbook;
    return new NamedItemProxy(
      this.context,
      () => {
        this.needs("NamedItemCollection.getItemOrNullObject");
        return wb.names.find((n) => n.name.toLowerCase() === name.toLowerCase()) ?? null;
      },
      this.shadow.getItemOrNullObject(name),
    );
  }
  getItem(name: string): NamedItemProxy {
    const wb = this.context.fake.workbook;
    return new NamedItemProxy(this.context, () => wb.names.find((n) => n.name.toLowerCase() === name.toLowerCase()) ?? fail("ItemNotFound", `No name '${name}'.`), this.shadow.getItem(name));
  }
}

export class NamedItemProxy extends Proxy<Name, Excel.NamedItem> {
  protected override defaults(): string[] {
    return ["name", "type", "value", "formula", "comment"];
  }
  protected read(n: Name, prop: string): unknown {
    switch (prop) {
      case "name":
        return n.name;
      case "type":
        return n.sheetId ? "Range" : "Error";
      case "value":
        return n.sheetId ? n.formula.slice(1) : "#REF!";
      case "formula":
        return n.formula;
      case "comment":
        return n.comment ?? "";
      case "visible":
        return true;
      default:
        return fail("InvalidArgument", `NamedItem has no property '${prop}'.`);
    }
  }
  get name(): string {
    return this.get("name") as string;
  }
  get type(): string {
    return this.get("type") as string;
  }
  get value(): unknown {
    return this.get("value");
  }
  get formula(): string {
    return this.get("formula") as string;
  }
  get comment(): string {
    return this.get("comment") as string;
  }
  delete(): void {
    this.shadow.delete();
    this.queue((n) => {
      this.needs("NamedItem.delete");
      const wb = this.context.fake.workbook;
      wb.names.splice(wb.names.indexOf(n), 1);
    });
  }
  getRangeOrNullObject(): RangeProxy {
    return new RangeProxy(
      this.context,
      () => {
        this.needs("NamedItem.getRangeOrNullObject");
        const n = this.resolve();
        const s = n?.sheetId ? this.context.fake.workbook.sheetById(n.sheetId) : undefined;
        return s && n?.rect ? { sheet: s, rect: n.rect } : null;
      },
      this.shadow.getRangeOrNullObject(),
    );
  }
  getRange(): RangeProxy {
    return new RangeProxy(
      this.context,
      () => {
        const n = this.must();
        const s = n.sheetId ? this.context.fake.workbook.sheetById(n.sheetId) : undefined;
        return s && n.rect ? { sheet: s, rect: n.rect } : fail("InvalidReference", `The name '${n.name}' does not refer to a range.`);
      },
      this.shadow.getRange(),
    );
  }
}

export class TableCollectionProxy extends Proxy<Workbook, Excel.TableCollection> {
  private list?: TableProxy[];
  constructor(
    ctx: FakeContext,
    private readonly sheet: WorksheetProxy | undefined,
    shadow: Excel.TableCollection,
  ) {
    super(ctx, () => ctx.fake.workbook, shadow);
  }
  protected read(): unknown {
    return undefined;
  }
  override load(props?: Props): this {
    const list = propList(props, ["items/name"]).map((p) => p.replace(/^items\//, ""));
    this.shadow.load(props as string);
    this.context.push(() => {
      const wb = this.must();
      const sheetId = this.sheet?.must().id;
      this.list = wb.tables
        .filter((t) => sheetId === undefined || t.sheetId === sheetId)
        .map((t) => new TableProxy(this.context, () => (wb.tables.includes(t) ? t : null), () => this.shadow.getItem(t.name)).markLoaded(t, list));
    });
    return this;
  }
  get items(): TableProxy[] {
    if (!this.list) return fail("PropertyNotLoaded", notLoaded("items"));
    return this.list;
  }
  add(address: string | RangeProxy, hasHeaders: boolean): TableProxy {
    let created: Table | undefined;
    const shadow = this.shadow.add(typeof address === "string" ? address : address.shadow, hasHeaders);
    this.queue((wb) => {
      let sheet: Sheet;
      let rect: Rect;
      if (typeof address !== "string") ({ sheet, rect } = address.must());
      else if (this.sheet) {
        sheet = this.sheet.must();
        rect = parseAddress(address);
      } else {
        const i = address.lastIndexOf("!");
        if (i < 0) return fail("InvalidArgument", "A workbook table address needs its sheet.");
        sheet = wb.sheetByName(address.slice(0, i).replace(/^'|'$/g, "").replace(/''/g, "'")) ?? fail("ItemNotFound", "No such sheet.");
        rect = parseAddress(address.slice(i + 1));
      }
      if (sheet.protected) fail("AccessDenied", "The sheet is protected.");
      if (!hasHeaders) fail("NotImplemented", "The fake models tables with headers only.");
      created = wb.addTable(sheet, rect);
      this.context.fake.actionLog.push(`table ${sheet.name}`);
    });
    return new TableProxy(this.context, () => created ?? null, shadow);
  }
  getItemOrNullObject(name: string): TableProxy {
    const wb = this.context.fake.workbook;
    return new TableProxy(
      this.context,
      () => {
        this.needs("TableCollection.getItemOrNullObject");
        return wb.tables.find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? null;
      },
      this.shadow.getItemOrNullObject(name),
    );
  }
}

export class TableProxy extends Proxy<Table, Excel.Table> {
  protected override defaults(): string[] {
    return ["name", "style"];
  }
  protected read(t: Table, prop: string): unknown {
    if (prop === "name") return t.name;
    if (prop === "style") return t.style ?? "TableStyleMedium2";
    return fail("InvalidArgument", `Table has no property '${prop}'.`);
  }
  get name(): string {
    return this.get("name") as string;
  }
  set name(v: string) {
    this.shadow.name = v;
    this.queue((t) => this.context.fake.workbook.renameTable(t, v));
  }
  set style(v: string) {
    this.shadow.style = v;
    this.queue((t) => (t.style = v));
  }
  delete(): void {
    this.shadow.delete();
    this.queue((t) => {
      const wb = this.context.fake.workbook;
      const s = wb.sheetById(t.sheetId);
      if (s) for (let r = t.rect.r0; r <= t.rect.r1; r++) for (let c = t.rect.c0; c <= t.rect.c1; c++) s.cells.delete(Sheet.key(r, c));
      wb.tables.splice(wb.tables.indexOf(t), 1);
    });
  }
  convertToRange(): void {
    this.shadow.convertToRange();
    this.queue((t) => {
      this.needs("Table.convertToRange");
      const wb = this.context.fake.workbook;
      wb.tables.splice(wb.tables.indexOf(t), 1);
    });
  }
}

// ---- the fake itself -----------------------------------------------------------------------

/** How the fake should fail a sync, for rollback tests. */
export interface SyncFailure {
  /** 1-based sync number, counted over the fake's life. */
  sync: number;
  /** Apply this many actions of that request first (default: half of them); negative counts from the end. */
  afterActions?: number;
  code?: string;
}

/** One `Office.context.document.settings` stand-in. */
export class FakeSettings {
  readonly saved = new Map<string, unknown>();
  private readonly pending = new Map<string, unknown>();
  failSave = false;
  get(key: string): unknown {
    return this.pending.has(key) ? this.pending.get(key) : null;
  }
  set(key: string, value: unknown): void {
    this.pending.set(key, JSON.parse(JSON.stringify(value)));
  }
  remove(key: string): void {
    this.pending.delete(key);
  }
  saveAsync(callback?: (r: { status: string; error?: { message: string } }) => void): void {
    setTimeout(() => {
      if (this.failSave) return callback?.({ status: "failed", error: { message: "save failed" } });
      this.saved.clear();
      for (const [k, v] of this.pending) this.saved.set(k, v);
      callback?.({ status: "succeeded" });
    }, 0);
  }
}

/** What kind of Excel the fake is. */
export interface FakeExcelOptions {
  /** The newest ExcelApi requirement set the host supports (default "1.20"). */
  apiVersion?: string;
  /** The workbook uses the 1904 date system. */
  date1904?: boolean;
  /** Keep the body of every request (`requestBodies`), as Office.js built it. */
  keepBodies?: boolean;
}

/**
 * The fake: a workbook, an `Excel.run`, counters. `run` has Excel.run's shapes
 * (`run(batch)` and `run(options, batch)`).
 * @example
 * const fake = new FakeExcel(["Sheet1"]);
 * await fake.run(async (ctx) => { ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]]; await ctx.sync(); });
 * fake.cell("Sheet1", "A1").value; // 1
 */
export class FakeExcel {
  readonly workbook = new Workbook();
  readonly apiVersion: string;
  /** Syncs so far, and the bytes of each request (the JSON body Office.js built for it). */
  syncs = 0;
  readonly requestBytes: number[] = [];
  /** The bodies themselves, with the `keepBodies` option ("" for a sync that sent nothing). */
  readonly requestBodies: string[] = [];
  readonly keepBodies: boolean;
  readonly responseBytes: number[] = [];
  /** Per sync: did the request change cells, and was calculation suspended for it? */
  readonly calculation: { wroteCells: boolean; suspended: boolean }[] = [];
  /** Options of every `run`, in order. */
  readonly runOptions: FakeRunOptions[] = [];
  failures: SyncFailure[] = [];
  /** Syncs that will fail with InvalidOperationInCellEditMode (unless the run delays for cell edit and the host honours it). */
  cellEditSyncs = 0;
  honoursDelayForCellEdit = true;
  /** Computes a formula cell's value when read (tests set it; default: "" for unknown formulas). */
  calc: (sheet: string, address: string, formula: string) => Value = (_s, _a, f) =>
    f === "=TRUE" ? true : f === "=FALSE" ? false : /^=-?\d+(\.\d+)?$/.test(f) ? Number(f.slice(1)) : "";
  /** What was applied, in order: "formulas Sheet1", "format Sheet1", "protect Sheet1", … */
  readonly actionLog: string[] = [];
  /** Actions queued by batches that ended without syncing them. */
  droppedActions = 0;
  /** Called before every sync with its number (tests abort signals from here). */
  beforeSync?: (n: number) => void;

  constructor(sheetNames: string[] = ["Sheet1"], options: FakeExcelOptions = {}) {
    this.apiVersion = options.apiVersion ?? "1.20";
    this.keepBodies = options.keepBodies === true;
    this.workbook.date1904 = options.date1904 === true;
    for (const n of sheetNames) this.workbook.addSheet(n);
  }

  /** `Office.context.requirements.isSetSupported` of this host. */
  supports = (set: string, version: string): boolean => set === "ExcelApi" && versionAtLeast(this.apiVersion, version);

  /** Fails with ApiNotFound when the host lacks the member's requirement set (see {@link API_SETS}). */
  requireApi(member: ApiMember): void {
    const need = API_SETS[member];
    if (!versionAtLeast(this.apiVersion, need))
      fail("ApiNotFound", `The API you are trying to use could not be found. It may be available in a newer version of the Office application. (${member} needs ExcelApi ${need}; this host has ${this.apiVersion}.)`);
  }

  run = <T>(a: FakeRunOptions | ((ctx: FakeContext) => Promise<T>), b?: (ctx: FakeContext) => Promise<T>): Promise<T> => {
    const options = typeof a === "function" ? {} : a;
    const batch = typeof a === "function" ? a : b!;
    this.runOptions.push(options);
    const ctx = new FakeContext(this, options);
    return (async () => {
      const result = await batch(ctx);
      // Strict: what a batch queued and never synced is not applied here; it is counted, so
      // tests can tell a writer that forgets its last sync.
      this.droppedActions += ctx.queue.length;
      ctx.queue = [];
      return result;
    })();
  };

  /** Applies one request of `bytes` (called by `FakeContext.sync`). */
  async execute(ctx: FakeContext, queue: Action[], bytes: number, suspended: boolean): Promise<void> {
    await Promise.resolve();
    const n = ++this.syncs;
    this.beforeSync?.(n);
    this.requestBytes.push(bytes);
    this.calculation.push({ wroteCells: queue.some((a) => a.content), suspended });
    if (bytes > REQUEST_LIMIT) fail("RequestPayloadSizeLimitExceeded", `The request payload size has exceeded the limit (${bytes} bytes).`);
    if (this.cellEditSyncs > 0 && !(ctx.options.delayForCellEdit && this.honoursDelayForCellEdit)) {
      this.cellEditSyncs--;
      fail("InvalidOperationInCellEditMode", "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.");
    }
    const failure = this.failures.find((f) => f.sync === n);
    const after = failure?.afterActions;
    const stopAt = !failure ? queue.length : after === undefined ? Math.floor(queue.length / 2) : after < 0 ? Math.max(0, queue.length + after) : after;
    this.response = 200;
    try {
      for (let i = 0; i < stopAt && i < queue.length; i++) queue[i].apply();
    } finally {
      this.responseBytes.push(this.response);
    }
    if (failure) fail(failure.code ?? "GeneralException", `Injected failure of sync ${n} after ${Math.min(stopAt, queue.length)} of ${queue.length} actions.`);
  }

  private response = 0;
  /** Counts loaded data into the current response; over 5 MB fails as Excel on the web does. */
  addResponse(bytes: number): void {
    this.response += bytes;
    if (this.response > REQUEST_LIMIT) fail("ResponsePayloadSizeLimitExceeded", "The response payload size has exceeded the limit.");
  }

  /**
   * Throws like Excel when a protected sheet's locked cells or its formats would change.
   * "Protect a worksheet" (Microsoft Support): protection prevents users from "Making changes
   * to cells that you did not unlock before protecting the worksheet", and, unless "Format
   * cells" is allowed, "Changing any of the options in the Format Cells or Conditional
   * Formatting dialog boxes" (WorksheetProtectionOptions.allowFormatCells: "Represents the
   * worksheet protection option allowing formatting of cells").
   */
  guardProtected(r: { sheet: Sheet; rect: Rect }, kind: "content" | "format"): void {
    if (!r.sheet.protected) return;
    if (kind === "format") {
      if (r.sheet.protectOptions?.allowFormatCells === true) return;
      fail("AccessDenied", "The sheet is protected: formats cannot change.");
    }
    for (let row = r.rect.r0; row <= r.rect.r1; row++)
      for (let col = r.rect.c0; col <= r.rect.c1; col++)
        if (r.sheet.cell(row, col)?.locked !== false) fail("AccessDenied", "The cell you're trying to change is on a protected sheet.");
  }

  // ---- inspection (tests read the model directly, not through requests) ----

  sheetNames(): string[] {
    return this.workbook.sheets.map((s) => s.name);
  }
  sheet(name: string): Sheet {
    return this.workbook.sheetByName(name) ?? fail("ItemNotFound", `No sheet '${name}' in the fake.`);
  }
  /** One cell (an empty object when never touched). */
  cell(sheet: string, address: string): Cell {
    const r = parseAddress(address);
    return this.sheet(sheet).cell(r.r0, r.c0) ?? {};
  }
  /** What `Range.formulas` would give for a range: formulas, constants, "" for empty. */
  formulas(sheet: string, address: string): Value[][] {
    const s = this.sheet(sheet);
    return readCells({ sheet: s, rect: parseAddress(address) }, (c) => c?.formula ?? c?.value ?? "") as Value[][];
  }
  /** Cells with content, as { "B2": value-or-formula }. */
  contents(sheet: string): Record<string, Value> {
    const out: Record<string, Value> = {};
    const s = this.sheet(sheet);
    for (const [k, c] of s.cells) {
      const v = c.formula ?? c.value;
      if (v !== undefined) out[`${colName(k % 16_384)}${Math.floor(k / 16_384) + 1}`] = v;
    }
    return out;
  }
  names(): Name[] {
    return this.workbook.names;
  }
  tables(): Table[] {
    return this.workbook.tables;
  }
  largestRequest(): number {
    return Math.max(0, ...this.requestBytes);
  }
  /** Puts content straight into the model (setting up a workbook, not a request). */
  seed(sheet: string, cells: Record<string, Value>): void {
    const s = this.workbook.sheetByName(sheet) ?? this.workbook.addSheet(sheet);
    for (const [a, v] of Object.entries(cells)) {
      const r = parseAddress(a);
      enter(s.touch(r.r0, r.c0), v, true, this.workbook.date1904);
    }
  }
  /** Selects a range (as the user would). */
  select(sheet: string, address: string): void {
    const s = this.sheet(sheet);
    this.workbook.activeSheetId = s.id;
    this.workbook.selection = { sheetId: s.id, rect: parseAddress(address) };
  }
}

export { FakeOfficeError as OfficeError };
export type { Cell, ConditionalFormat, Name, Table, Value };
