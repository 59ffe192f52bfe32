/**
 * A fake Excel of our own, with Office.js's shapes, for testing the writer: not a mock that
 * accepts anything. Operations are queued on proxy objects and applied in order at
 * `context.sync()`, against the in-memory workbook of `model.ts`. It enforces what Excel
 * enforces:
 * - a values / formulas / numberFormat array must match the range's size (a single value
 *   applies to every cell);
 * - sheet names: at most 31 characters, none of `[]:*?/\`, not blank, unique ignoring case;
 *   defined and table names unique and valid; one visible sheet at least;
 * - a request (everything queued before one sync) over 5 MB fails with
 *   RequestPayloadSizeLimitExceeded, and so does a response over 5 MB or 5,000,000 cells;
 * - a property read before it was loaded *and* synced throws PropertyNotLoaded;
 * - a write into a locked cell of a protected sheet fails;
 * - actions before a failing one stay applied, the rest of the request is dropped.
 * It counts syncs and request sizes, records `Excel.run` options, and can be told to fail
 * the Nth sync or to be in cell-edit mode.
 */
import {
  type Cell,
  type ConditionalFormat,
  FakeOfficeError,
  type Name,
  type Rect,
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
} from "./model";

export { FakeOfficeError } from "./model";

/** Excel on the web's limit per request and per response. */
export const REQUEST_LIMIT = 5 * 1024 * 1024;
const READ_CELL_LIMIT = 5_000_000;

function utf8(s: string): number {
  return Buffer.byteLength(s, "utf8");
}
function bytesOf(v: unknown): number {
  return utf8(JSON.stringify(v) ?? "null");
}

interface Action {
  bytes: number;
  apply: () => void;
}

/** Options of `Excel.run` the fake understands. */
export interface FakeRunOptions {
  delayForCellEdit?: boolean;
  mergeUndoGroup?: boolean;
}

/** A request context: a queue of actions, applied at sync. */
export class FakeContext {
  queue: Action[] = [];
  readonly workbook: WorkbookProxy;
  constructor(
    readonly fake: FakeExcel,
    readonly options: FakeRunOptions,
  ) {
    this.workbook = new WorkbookProxy(this);
  }

  push(bytes: number, apply: () => void): void {
    this.queue.push({ bytes: bytes + 48, apply });
  }

  async sync(): Promise<void> {
    const queue = this.queue;
    this.queue = [];
    await this.fake.execute(this, queue);
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

/** Base of every proxy: load/sync bookkeeping and null objects. */
abstract class Proxy<M> {
  private loaded = new Map<string, unknown>();
  private nullState: boolean | undefined;
  constructor(
    readonly context: FakeContext,
    protected readonly resolve: () => M | null,
  ) {}
  protected abstract read(model: M, prop: string): unknown;
  protected defaults(): string[] {
    return [];
  }

  load(props?: Props): this {
    const list = propList(props, this.defaults());
    this.context.push(bytesOf(list), () => {
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
  fill(m: M, list: string[]): this {
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

  protected queue(bytes: number, apply: (m: M) => void): void {
    this.context.push(bytes, () => apply(this.must()));
  }
}

const notLoaded = (p: string): string =>
  `The property '${p}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`;

// ---- workbook ------------------------------------------------------------------------------

export class WorkbookProxy extends Proxy<Workbook> {
  readonly worksheets: WorksheetCollectionProxy;
  readonly names: NamedItemCollectionProxy;
  readonly tables: TableCollectionProxy;
  constructor(ctx: FakeContext) {
    super(ctx, () => ctx.fake.workbook);
    this.worksheets = new WorksheetCollectionProxy(ctx);
    this.names = new NamedItemCollectionProxy(ctx);
    this.tables = new TableCollectionProxy(ctx, undefined);
  }
  protected read(): unknown {
    return undefined;
  }
  getSelectedRange(): RangeProxy {
    const wb = this.context.fake.workbook;
    return new RangeProxy(this.context, () => {
      const sel = wb.selection;
      if (!sel) return fail("InvalidSelection", "The current selection is invalid for this operation.");
      const s = wb.sheetById(sel.sheetId);
      return s ? { sheet: s, rect: sel.rect } : null;
    });
  }
}

// ---- worksheets ----------------------------------------------------------------------------

export class WorksheetCollectionProxy extends Proxy<Workbook> {
  private list?: WorksheetProxy[];
  constructor(ctx: FakeContext) {
    super(ctx, () => ctx.fake.workbook);
  }
  protected read(): unknown {
    return undefined;
  }
  override load(props?: Props): this {
    const list = propList(props, ["items/name"]).map((p) => p.replace(/^items\//, ""));
    this.context.push(bytesOf(list), () => {
      const wb = this.must();
      this.list = wb.sheets.map((s) => new WorksheetProxy(this.context, () => wb.sheetById(s.id) ?? null).fill(s, list));
    });
    return this;
  }
  get items(): WorksheetProxy[] {
    if (!this.list) return fail("PropertyNotLoaded", notLoaded("items"));
    return this.list;
  }
  add(name?: string): WorksheetProxy {
    let created: Sheet | undefined;
    this.queue(bytesOf(name ?? null), (wb) => {
      let n = name;
      if (n === undefined) {
        let i = wb.sheets.length + 1;
        while (wb.sheetByName(`Sheet${i}`)) i++;
        n = `Sheet${i}`;
      }
      created = wb.addSheet(n);
    });
    return new WorksheetProxy(this.context, () => created ?? fail("ItemNotFound", "The sheet was not added."));
  }
  getItem(key: string): WorksheetProxy {
    const wb = this.context.fake.workbook;
    return new WorksheetProxy(this.context, () => wb.sheetByName(key) ?? wb.sheetById(key) ?? fail("ItemNotFound", `The sheet '${key}' doesn't exist.`));
  }
  getItemOrNullObject(key: string): WorksheetProxy {
    const wb = this.context.fake.workbook;
    return new WorksheetProxy(this.context, () => wb.sheetByName(key) ?? wb.sheetById(key) ?? null);
  }
  getActiveWorksheet(): WorksheetProxy {
    const wb = this.context.fake.workbook;
    return new WorksheetProxy(this.context, () => wb.sheetById(wb.activeSheetId ?? "") ?? fail("ItemNotFound", "No active sheet."));
  }
}

export class WorksheetProxy extends Proxy<Sheet> {
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
    this.queue(bytesOf(v), (s) => this.context.fake.workbook.renameSheet(s, v));
  }
  get visibility(): string {
    return this.get("visibility") as string;
  }
  set visibility(v: string) {
    this.queue(bytesOf(v), (s) => this.context.fake.workbook.setVisibility(s, v));
  }
  get position(): number {
    return this.get("position") as number;
  }
  delete(): void {
    this.queue(0, (s) => this.context.fake.workbook.deleteSheet(s));
  }
  activate(): void {
    this.queue(0, (s) => {
      if (s.visibility !== "Visible") fail("InvalidOperation", "A hidden sheet cannot be activated.");
      this.context.fake.workbook.activeSheetId = s.id;
    });
  }
  getRange(address?: string): RangeProxy {
    return new RangeProxy(this.context, () => {
      const s = this.must();
      return { sheet: s, rect: address === undefined ? { r0: 0, c0: 0, r1: 1_048_575, c1: 16_383 } : parseAddress(address) };
    }, bytesOf(address ?? ""));
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): RangeProxy {
    return new RangeProxy(this.context, () => {
      if (rows < 1 || cols < 1 || row < 0 || col < 0) fail("InvalidArgument", "Bad range indexes.");
      return { sheet: this.must(), rect: { r0: row, c0: col, r1: row + rows - 1, c1: col + cols - 1 } };
    });
  }
  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    return new RangeProxy(this.context, () => {
      const s = this.must();
      const r = s.usedRect(valuesOnly);
      return r ? { sheet: s, rect: r } : null;
    });
  }
  getUsedRange(valuesOnly = false): RangeProxy {
    return new RangeProxy(this.context, () => {
      const s = this.must();
      return { sheet: s, rect: s.usedRect(valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 } };
    });
  }
  get freezePanes(): {
    freezeRows(n: number): void;
    freezeColumns(n: number): void;
    freezeAt(r: RangeProxy | string): void;
    unfreeze(): void;
  } {
    return {
      freezeRows: (n) => this.queue(8, (s) => (s.freeze = { rows: n, columns: 0 })),
      freezeColumns: (n) => this.queue(8, (s) => (s.freeze = { rows: 0, columns: n })),
      freezeAt: (r) =>
        this.queue(16, (s) => {
          const rect = typeof r === "string" ? parseAddress(r) : r.must().rect;
          if (rect.r0 !== 0 || rect.c0 !== 0) fail("InvalidArgument", "freezeAt needs a range from A1.");
          s.freeze = { rows: rect.r1 + 1, columns: rect.c1 + 1 };
        }),
      unfreeze: () => this.queue(0, (s) => (s.freeze = undefined)),
    };
  }
  get protection(): { protect(options?: Record<string, unknown>, password?: string): void; unprotect(password?: string): void } {
    return {
      protect: (options) =>
        this.queue(bytesOf(options ?? {}), (s) => {
          if (s.protected) fail("InvalidOperation", "The sheet is already protected.");
          s.protected = true;
          this.context.fake.actionLog.push(`protect ${s.name}`);
          s.protectOptions = options ?? {};
        }),
      unprotect: () => this.queue(0, (s) => (s.protected = false)),
    };
  }
  get tables(): TableCollectionProxy {
    return new TableCollectionProxy(this.context, this);
  }
  /**
   * "Gets the horizontal page break collection for the worksheet. This collection only contains
   * manual page breaks." [ExcelApi 1.9]; PageBreakCollection.add: "Adds a page break before the
   * top-left cell of the range specified." (the Office.js reference, @types/office-js).
   */
  get horizontalPageBreaks(): { add(range: string | RangeProxy): void } {
    return {
      add: (range) =>
        this.queue(bytesOf(typeof range === "string" ? range : ""), (s) => {
          const rect = typeof range === "string" ? parseAddress(range) : range.must().rect;
          s.pageBreaks.push(rect.r0);
        }),
    };
  }
  get pageLayout(): { orientation: string; zoom: Record<string, unknown>; setPrintTitleRows(rows: string): void } {
    const q = (b: number, f: (s: Sheet) => void): void => this.queue(b, f);
    return {
      set orientation(v: string) {
        q(bytesOf(v), (s) => {
          if (v !== "Portrait" && v !== "Landscape") fail("InvalidArgument", `Bad orientation '${v}'.`);
          s.pageLayout.orientation = v;
        });
      },
      get orientation(): string {
        return fail("PropertyNotLoaded", notLoaded("orientation"));
      },
      set zoom(v: Record<string, unknown>) {
        q(bytesOf(v), (s) => (s.pageLayout.zoom = v));
      },
      get zoom(): Record<string, unknown> {
        return fail("PropertyNotLoaded", notLoaded("zoom"));
      },
      setPrintTitleRows: (rows: string) =>
        q(bytesOf(rows), (s) => {
          if (!/^\$?\d+:\$?\d+$/.test(rows)) fail("InvalidArgument", `Bad print title rows '${rows}'.`);
          s.pageLayout.printTitleRows = rows;
        }),
    };
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

export class RangeProxy extends Proxy<RangeModel> {
  constructor(
    ctx: FakeContext,
    resolve: () => RangeModel | null,
    /** Bytes of the path that names it (an address). */
    readonly pathBytes = 0,
  ) {
    super(ctx, resolve);
  }
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
    this.setCells(v, "values");
  }
  get formulas(): Value[][] {
    return this.get("formulas") as Value[][];
  }
  set formulas(v: unknown) {
    this.setCells(v, "formulas");
  }
  get numberFormat(): string[][] {
    return this.get("numberFormat") as string[][];
  }
  set numberFormat(v: unknown) {
    this.setCells(v, "numberFormat");
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
    this.queue(utf8(json) + this.pathBytes, (r) => {
      const input: unknown = JSON.parse(json);
      this.context.fake.actionLog.push(`${kind} ${r.sheet.name}`);
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
      this.context.fake.guardProtected(r, kind === "numberFormat" ? "format" : "content");
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const x = scalar ? input : (input as unknown[][])[i][j];
          if (x === null) continue; // null in a 2-D array leaves the cell as it is
          if (typeof x !== "string" && typeof x !== "number" && typeof x !== "boolean") fail("InvalidArgument", `Bad cell input ${JSON.stringify(x)}.`);
          if (typeof x === "number" && !Number.isFinite(x)) fail("InvalidArgument", "Bad number.");
          const cell = r.sheet.touch(r.rect.r0 + i, r.rect.c0 + j);
          if (kind === "numberFormat") cell.numberFormat = String(x) === "" ? undefined : String(x);
          else enter(cell, x as Value, kind === "formulas");
        }
      }
    });
  }

  get worksheet(): WorksheetProxy {
    return new WorksheetProxy(this.context, () => this.must().sheet);
  }
  getCell(row: number, col: number): RangeProxy {
    return this.derive((r) => ({ r0: r.r0 + row, c0: r.c0 + col, r1: r.r0 + row, c1: r.c0 + col }));
  }
  getOffsetRange(dr: number, dc: number): RangeProxy {
    return this.derive((r) => {
      const o = { r0: r.r0 + dr, c0: r.c0 + dc, r1: r.r1 + dr, c1: r.c1 + dc };
      if (o.r0 < 0 || o.c0 < 0) fail("InvalidArgument", "The offset goes outside the sheet.");
      return o;
    });
  }
  getResizedRange(dr: number, dc: number): RangeProxy {
    return this.derive((r) => ({ r0: r.r0, c0: r.c0, r1: r.r1 + dr, c1: r.c1 + dc }));
  }
  private derive(f: (r: Rect) => Rect): RangeProxy {
    return new RangeProxy(this.context, () => {
      const m = this.must();
      return { sheet: m.sheet, rect: f(m.rect) };
    });
  }
  getIntersectionOrNullObject(other: RangeProxy | string): RangeProxy {
    return new RangeProxy(this.context, () => {
      const m = this.must();
      const o = typeof other === "string" ? { sheet: m.sheet, rect: parseAddress(other) } : other.resolve();
      if (!o || o.sheet !== m.sheet) return null;
      const x = intersect(m.rect, o.rect);
      return x ? { sheet: m.sheet, rect: x } : null;
    });
  }
  /** The sheet's used range (its bounding box) cut to this range: it may have empty rows at the top. */
  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    return new RangeProxy(this.context, () => {
      const m = this.must();
      const used = m.sheet.usedRect(valuesOnly);
      const x = used && intersect(used, m.rect);
      return x ? { sheet: m.sheet, rect: x } : null;
    });
  }
  /** Exposed for the collection that hands out this range. */
  resolveNow(): RangeModel | null {
    return this.resolve();
  }
  merge(across = false): void {
    this.queue(8, (r) => {
      for (const m of r.sheet.merges) if (intersect(m, r.rect)) fail("InvalidOperation", "Cannot merge over a merged range.");
      if (across) for (let row = r.rect.r0; row <= r.rect.r1; row++) r.sheet.merges.push({ ...r.rect, r0: row, r1: row });
      else r.sheet.merges.push(r.rect);
    });
  }
  clear(applyTo: string = "All"): void {
    this.queue(bytesOf(applyTo), (r) => {
      this.context.fake.guardProtected(r, "content");
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
    });
  }
  select(): void {
    this.queue(0, (r) => {
      const wb = this.context.fake.workbook;
      if (r.sheet.id !== wb.activeSheetId) fail("InvalidSelection", "The range is not on the active sheet.");
      wb.selection = { sheetId: r.sheet.id, rect: r.rect };
    });
  }
  get format(): RangeFormat {
    return new RangeFormat(this);
  }
  get conditionalFormats(): ConditionalFormatCollectionProxy {
    return new ConditionalFormatCollectionProxy(this);
  }
  get dataValidation(): DataValidationProxy {
    return new DataValidationProxy(this);
  }
  /**
   * "Groups columns and rows for an outline." [ExcelApi 1.10] "An InvalidArgument error is thrown
   * when the group option differs from the range's isEntireRow or isEntireColumn property"
   * (the Office.js reference, Range.group).
   */
  group(option: "ByRows" | "ByColumns"): void {
    this.queue(bytesOf(option), (r) => {
      const entireColumn = r.rect.r0 === 0 && r.rect.r1 === 1_048_575;
      const entireRow = r.rect.c0 === 0 && r.rect.c1 === 16_383;
      if ((entireRow && option === "ByColumns") || (entireColumn && option === "ByRows")) fail("InvalidArgument", "The group option differs from the range's entire rows or columns.");
      if (option === "ByColumns") for (let c = r.rect.c0; c <= r.rect.c1; c++) r.sheet.groupedColumns.add(c);
    });
  }
  /** "Represents if all columns in the current range are hidden." [ExcelApi 1.2] (Range.columnHidden). */
  set columnHidden(v: boolean) {
    this.queue(8, (r) => {
      for (let c = r.rect.c0; c <= r.rect.c1; c++) {
        if (v) r.sheet.hiddenColumns.add(c);
        else r.sheet.hiddenColumns.delete(c);
      }
    });
  }
  /** Queues a change to every cell's formats (internal to the format proxies). */
  queueCells(bytes: number, f: (c: Cell) => void, kind: "format" | "content" = "format"): void {
    this.queue(bytes, (r) => {
      this.context.fake.actionLog.push(`format ${r.sheet.name}`);
      this.context.fake.guardProtected(r, kind);
      if (cellCount(r.rect) > 17_179_869_184) return;
      for (let row = r.rect.r0; row <= r.rect.r1; row++) for (let col = r.rect.c0; col <= r.rect.c1; col++) f(r.sheet.touch(row, col));
    });
  }
  queueRange(bytes: number, f: (r: RangeModel) => void): void {
    this.queue(bytes, f);
  }
}

const COLOR = /^#[0-9A-Fa-f]{6}$/;
function color(v: string): string {
  if (!COLOR.test(v)) fail("InvalidArgument", `Bad colour '${v}'.`);
  return v.toUpperCase();
}

class RangeFormat {
  constructor(private readonly range: RangeProxy) {}
  get fill(): { color: string } {
    const r = this.range;
    return {
      set color(v: string) {
        r.queueCells(bytesOf(v), (c) => (c.fill = color(v)));
      },
      get color(): string {
        return fail("PropertyNotLoaded", notLoaded("color"));
      },
    };
  }
  get font(): { bold: boolean; italic: boolean; color: string } {
    const r = this.range;
    return {
      set bold(v: boolean) {
        r.queueCells(8, (c) => (c.bold = v));
      },
      get bold(): boolean {
        return fail("PropertyNotLoaded", notLoaded("bold"));
      },
      set italic(v: boolean) {
        r.queueCells(8, (c) => (c.italic = v));
      },
      get italic(): boolean {
        return fail("PropertyNotLoaded", notLoaded("italic"));
      },
      set color(v: string) {
        r.queueCells(bytesOf(v), (c) => (c.fontColor = color(v)));
      },
      get color(): string {
        return fail("PropertyNotLoaded", notLoaded("color"));
      },
    };
  }
  set horizontalAlignment(v: string) {
    this.range.queueCells(bytesOf(v), (c) => {
      if (!["General", "Left", "Center", "Right", "Fill", "Justify", "CenterAcrossSelection", "Distributed"].includes(v)) fail("InvalidArgument", `Bad alignment '${v}'.`);
      c.horizontal = v;
    });
  }
  set wrapText(v: boolean) {
    this.range.queueCells(8, (c) => (c.wrap = v));
  }
  set columnWidth(points: number) {
    this.range.queueRange(8, (r) => {
      if (!(points >= 0 && points <= 255 * 7.5)) fail("InvalidArgument", `Bad column width ${points}.`);
      if (r.sheet.protected) fail("AccessDenied", "The sheet is protected.");
      for (let col = r.rect.c0; col <= r.rect.c1; col++) r.sheet.columnWidths.set(col, points);
    });
  }
  get protection(): { locked: boolean } {
    const r = this.range;
    return {
      set locked(v: boolean) {
        r.queueCells(8, (c) => (c.locked = v));
      },
      get locked(): boolean {
        return fail("PropertyNotLoaded", notLoaded("locked"));
      },
    };
  }
  get borders(): { getItem(index: string): { style: string } } {
    const r = this.range;
    const EDGES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical", "InsideHorizontal", "DiagonalDown", "DiagonalUp"];
    return {
      getItem(index: string) {
        return {
          set style(v: string) {
            r.queueCells(bytesOf([index, v]), (c) => {
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
  constructor(private readonly range: RangeProxy) {}
  add(type: string): ConditionalFormatProxy {
    let created: { sheet: Sheet; cf: ConditionalFormat } | undefined;
    this.range.queueRange(bytesOf(type), (r) => {
      if (type !== "Custom") fail("NotImplemented", `The fake models only Custom conditional formats, not '${type}'.`);
      const cf: ConditionalFormat = { type, rect: r.rect };
      this.range.context.fake.actionLog.push(`conditionalFormat ${r.sheet.name}`);
      r.sheet.conditionalFormats.push(cf);
      created = { sheet: r.sheet, cf };
    });
    return new ConditionalFormatProxy(this.range.context, () => created ?? null);
  }
  clearAll(): void {
    this.range.queueRange(0, (r) => {
      const list = r.sheet.conditionalFormats;
      for (let i = list.length - 1; i >= 0; i--) if (intersect(list[i].rect, r.rect)) list.splice(i, 1);
    });
  }
}

class ConditionalFormatProxy extends Proxy<{ sheet: Sheet; cf: ConditionalFormat }> {
  protected read(m: { cf: ConditionalFormat }, prop: string): unknown {
    return (m.cf as unknown as Record<string, unknown>)[prop];
  }
  set stopIfTrue(v: boolean) {
    this.queue(8, (m) => (m.cf.stopIfTrue = v));
  }
  set priority(p: number) {
    this.queue(8, (m) => {
      const list = m.sheet.conditionalFormats;
      if (!Number.isInteger(p) || p < 0) fail("InvalidArgument", `Bad priority ${p}.`);
      list.splice(list.indexOf(m.cf), 1);
      list.splice(Math.min(p, list.length), 0, m.cf);
    });
  }
  get custom(): { rule: { formula: string }; format: { fill: { color: string }; font: { color: string; bold: boolean } } } {
    const q = (b: number, f: (cf: ConditionalFormat) => void): void => this.queue(b, (m) => f(m.cf));
    return {
      rule: {
        set formula(v: string) {
          q(bytesOf(v), (cf) => {
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
            q(bytesOf(v), (cf) => (cf.fill = color(v)));
          },
          get color(): string {
            return fail("PropertyNotLoaded", notLoaded("color"));
          },
        },
        font: {
          set color(v: string) {
            q(bytesOf(v), (cf) => (cf.fontColor = color(v)));
          },
          get color(): string {
            return fail("PropertyNotLoaded", notLoaded("color"));
          },
          set bold(v: boolean) {
            q(8, (cf) => (cf.bold = v));
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
  constructor(private readonly range: RangeProxy) {}
  set rule(v: Record<string, unknown>) {
    this.range.queueRange(bytesOf(v), (r) => {
      const keys = Object.keys(v);
      if (keys.length !== 1 || !RULE_KEYS.includes(keys[0])) fail("InvalidArgument", "A data validation rule has exactly one type.");
      const list = r.sheet.validations;
      for (let i = list.length - 1; i >= 0; i--) if (intersect(list[i].rect, r.rect)) list.splice(i, 1);
      list.push({ rect: r.rect, rule: v });
    });
  }
  set errorAlert(v: Record<string, unknown>) {
    this.range.queueRange(bytesOf(v), (r) => {
      const dv = r.sheet.validations.find((x) => intersect(x.rect, r.rect));
      if (!dv) fail("InvalidOperation", "Set the rule before the error alert.");
      else dv.errorAlert = v;
    });
  }
  clear(): void {
    this.range.queueRange(0, (r) => {
      const list = r.sheet.validations;
      for (let i = list.length - 1; i >= 0; i--) if (intersect(list[i].rect, r.rect)) list.splice(i, 1);
    });
  }
}

// ---- names and tables ----------------------------------------------------------------------

export class NamedItemCollectionProxy extends Proxy<Workbook> {
  private list?: NamedItemProxy[];
  constructor(ctx: FakeContext) {
    super(ctx, () => ctx.fake.workbook);
  }
  protected read(): unknown {
    return undefined;
  }
  override load(props?: Props): this {
    const list = propList(props, ["items/name"]).map((p) => p.replace(/^items\//, ""));
    this.context.push(bytesOf(list), () => {
      const wb = this.must();
      this.list = wb.names.map((n) => new NamedItemProxy(this.context, () => (wb.names.includes(n) ? n : null)).fill(n, list));
    });
    return this;
  }
  get items(): NamedItemProxy[] {
    if (!this.list) return fail("PropertyNotLoaded", notLoaded("items"));
    return this.list;
  }
  add(name: string, reference: string | RangeProxy, comment?: string): NamedItemProxy {
    let created: Name | undefined;
    this.queue(bytesOf([name, typeof reference === "string" ? reference : "", comment ?? ""]), (wb) => {
      let ref: string;
      if (typeof reference === "string") ref = reference;
      else {
        const r = reference.must();
        ref = `=${quoteName(r.sheet.name)}!$${colName(r.rect.c0)}$${r.rect.r0 + 1}`;
      }
      created = wb.addName(name, ref, comment);
    });
    return new NamedItemProxy(this.context, () => created ?? null);
  }
  getItemOrNullObject(name: string): NamedItemProxy {
    const wb = this.context.fake.workbook;
    return new NamedItemProxy(this.context, () => wb.names.find((n) => n.name.toLowerCase() === name.toLowerCase()) ?? null);
  }
  getItem(name: string): NamedItemProxy {
    const wb = this.context.fake.workbook;
    return new NamedItemProxy(this.context, () => wb.names.find((n) => n.name.toLowerCase() === name.toLowerCase()) ?? fail("ItemNotFound", `No name '${name}'.`));
  }
}

export class NamedItemProxy extends Proxy<Name> {
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
    this.queue(0, (n) => {
      const wb = this.context.fake.workbook;
      wb.names.splice(wb.names.indexOf(n), 1);
    });
  }
  getRangeOrNullObject(): RangeProxy {
    return new RangeProxy(this.context, () => {
      const n = this.resolve();
      const s = n?.sheetId ? this.context.fake.workbook.sheetById(n.sheetId) : undefined;
      return s && n?.rect ? { sheet: s, rect: n.rect } : null;
    });
  }
  getRange(): RangeProxy {
    return new RangeProxy(this.context, () => {
      const n = this.must();
      const s = n.sheetId ? this.context.fake.workbook.sheetById(n.sheetId) : undefined;
      return s && n.rect ? { sheet: s, rect: n.rect } : fail("InvalidReference", `The name '${n.name}' does not refer to a range.`);
    });
  }
}

export class TableCollectionProxy extends Proxy<Workbook> {
  private list?: TableProxy[];
  constructor(
    ctx: FakeContext,
    private readonly sheet: WorksheetProxy | undefined,
  ) {
    super(ctx, () => ctx.fake.workbook);
  }
  protected read(): unknown {
    return undefined;
  }
  override load(props?: Props): this {
    const list = propList(props, ["items/name"]).map((p) => p.replace(/^items\//, ""));
    this.context.push(bytesOf(list), () => {
      const wb = this.must();
      const sheetId = this.sheet?.must().id;
      this.list = wb.tables
        .filter((t) => sheetId === undefined || t.sheetId === sheetId)
        .map((t) => new TableProxy(this.context, () => (wb.tables.includes(t) ? t : null)).fill(t, list));
    });
    return this;
  }
  get items(): TableProxy[] {
    if (!this.list) return fail("PropertyNotLoaded", notLoaded("items"));
    return this.list;
  }
  add(address: string | RangeProxy, hasHeaders: boolean): TableProxy {
    let created: Table | undefined;
    this.queue(bytesOf([typeof address === "string" ? address : "", hasHeaders]), (wb) => {
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
    return new TableProxy(this.context, () => created ?? null);
  }
  getItemOrNullObject(name: string): TableProxy {
    const wb = this.context.fake.workbook;
    return new TableProxy(this.context, () => wb.tables.find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? null);
  }
}

export class TableProxy extends Proxy<Table> {
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
    this.queue(bytesOf(v), (t) => this.context.fake.workbook.renameTable(t, v));
  }
  set style(v: string) {
    this.queue(bytesOf(v), (t) => (t.style = v));
  }
  delete(): void {
    this.queue(0, (t) => {
      const wb = this.context.fake.workbook;
      const s = wb.sheetById(t.sheetId);
      if (s) for (let r = t.rect.r0; r <= t.rect.r1; r++) for (let c = t.rect.c0; c <= t.rect.c1; c++) s.cells.delete(Sheet.key(r, c));
      wb.tables.splice(wb.tables.indexOf(t), 1);
    });
  }
  convertToRange(): void {
    this.queue(0, (t) => {
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
  /** Apply this many actions of that request first (default: half of them). */
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
  /** Syncs so far, and the bytes of each request. */
  syncs = 0;
  readonly requestBytes: number[] = [];
  readonly responseBytes: number[] = [];
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

  constructor(sheetNames: string[] = ["Sheet1"]) {
    for (const n of sheetNames) this.workbook.addSheet(n);
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

  /** Applies one request (called by `FakeContext.sync`). */
  async execute(ctx: FakeContext, queue: Action[]): Promise<void> {
    await Promise.resolve();
    const n = ++this.syncs;
    this.beforeSync?.(n);
    const bytes = queue.reduce((s, a) => s + a.bytes, 200);
    this.requestBytes.push(bytes);
    if (bytes > REQUEST_LIMIT) fail("RequestPayloadSizeLimitExceeded", `The request payload size has exceeded the limit (${bytes} bytes).`);
    if (this.cellEditSyncs > 0 && !(ctx.options.delayForCellEdit && this.honoursDelayForCellEdit)) {
      this.cellEditSyncs--;
      fail("InvalidOperationInCellEditMode", "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.");
    }
    const failure = this.failures.find((f) => f.sync === n);
    const stopAt = failure ? (failure.afterActions ?? Math.floor(queue.length / 2)) : queue.length;
    this.response = 200;
    try {
      for (let i = 0; i < stopAt && i < queue.length; i++) queue[i].apply();
    } finally {
      this.responseBytes.push(this.response);
    }
    if (failure) fail(failure.code ?? "GeneralException", `Injected failure of sync ${n} after ${stopAt} of ${queue.length} actions.`);
  }

  private response = 0;
  /** Counts loaded data into the current response; over 5 MB fails as Excel on the web does. */
  addResponse(bytes: number): void {
    this.response += bytes;
    if (this.response > REQUEST_LIMIT) fail("ResponsePayloadSizeLimitExceeded", "The response payload size has exceeded the limit.");
  }

  /** Throws like Excel when a protected sheet's locked cells would change. */
  guardProtected(r: { sheet: Sheet; rect: Rect }, kind: "content" | "format"): void {
    if (!r.sheet.protected) return;
    if (kind === "format") fail("AccessDenied", "The sheet is protected: formats cannot change.");
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
      enter(s.touch(r.r0, r.c0), v, true);
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
