/**
 * The fake Excel enforces what Excel enforces — tested on its own, so the writer's tests can
 * trust that a writer which breaks a rule fails there.
 */
import { DEFAULT_COLUMN_WIDTH, FakeExcel, FakeSettings, REQUEST_LIMIT } from "./fake-excel/fake-excel";
import type { FakeContext } from "./fake-excel/fake-excel";
import { recordingContext } from "./fake-excel/office-js";

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ name: "RichApi.Error", code });
}

describe("fake Excel: requests", () => {
  test("nothing happens before sync; then actions apply in order", async () => {
    const fake = new FakeExcel();
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:B1").values = [[1, 2]];
      ws.getRange("A1").values = [[3]];
      expect(fake.contents("Sheet1")).toEqual({});
      await ctx.sync();
      expect(fake.contents("Sheet1")).toEqual({ A1: 3, B1: 2 });
    });
    expect(fake.syncs).toBe(1);
  });

  test("a property read before load and sync throws PropertyNotLoaded, after both it reads", async () => {
    const fake = new FakeExcel();
    fake.seed("Sheet1", { A1: 5 });
    await fake.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      expect(() => r.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      r.load("values");
      expect(() => r.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await ctx.sync();
      expect(r.values).toEqual([[5]]);
      expect(() => r.address).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      const missing = ctx.workbook.worksheets.getItemOrNullObject("Nope");
      expect(() => missing.isNullObject).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      missing.load("name");
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
    });
  });

  test("a values, formulas or numberFormat array must match the range's size; one value fills it", async () => {
    const fake = new FakeExcel();
    const set = (f: (ctx: FakeContext) => void) => fake.run(async (ctx) => { f(ctx); await ctx.sync(); });
    const range = (ctx: FakeContext) => ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B2");
    await expectCode(set((ctx) => (range(ctx).values = [[1, 2]])), "InvalidArgument");
    await expectCode(set((ctx) => (range(ctx).formulas = [[1, 2], [3]])), "InvalidArgument");
    await expectCode(set((ctx) => (range(ctx).numberFormat = [["0"], ["0"]])), "InvalidArgument");
    expect(fake.contents("Sheet1")).toEqual({});
    await set((ctx) => (range(ctx).numberFormat = "0.0%" as unknown as string[][]));
    expect(fake.cell("Sheet1", "B2").numberFormat).toBe("0.0%");
    await set((ctx) => (range(ctx).values = [[1, null], [null, 4]]));
    await set((ctx) => (range(ctx).values = [[null, 2], [3, null]]));
    expect(fake.formulas("Sheet1", "A1:B2")).toEqual([[1, 2], [3, 4]]); // null leaves a cell as it is
  });

  test("a request over 5 MB fails and applies nothing; sizes are counted", async () => {
    const fake = new FakeExcel();
    const big = "x".repeat(30000);
    const rows = Array.from({ length: 180 }, () => [big]);
    await expectCode(
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:A180").values = rows;
        await ctx.sync();
      }),
      "RequestPayloadSizeLimitExceeded",
    );
    expect(fake.requestBytes[0]).toBeGreaterThan(REQUEST_LIMIT);
    expect(fake.contents("Sheet1")).toEqual({});
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:A100").values = rows.slice(0, 100);
      await ctx.sync();
    });
    expect(fake.requestBytes[1]).toBeGreaterThan(3_000_000);
    expect(fake.requestBytes[1]).toBeLessThan(REQUEST_LIMIT);
  });

  test("a response over 5 MB fails", async () => {
    const fake = new FakeExcel();
    fake.seed("Sheet1", Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`A${i + 1}`, "y".repeat(30000)])));
    await expectCode(
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:A200").load("values");
        await ctx.sync();
      }),
      "ResponsePayloadSizeLimitExceeded",
    );
  });

  test("the Nth sync can be made to fail after some of its actions", async () => {
    const fake = new FakeExcel();
    fake.failures.push({ sync: 2, afterActions: 1 });
    await expectCode(
      fake.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("Sheet1");
        ws.getRange("A1").values = [[1]];
        await ctx.sync();
        ws.getRange("A2").values = [[2]];
        ws.getRange("A3").values = [[3]];
        await ctx.sync();
      }),
      "GeneralException",
    );
    expect(fake.contents("Sheet1")).toEqual({ A1: 1, A2: 2 });
  });

  test("cell-edit mode fails a run unless it delays for cell edit (when the host honours that)", async () => {
    const fake = new FakeExcel();
    fake.cellEditSyncs = 1;
    const write = (options: object) => fake.run(options, async (ctx) => { ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]]; await ctx.sync(); });
    await write({ delayForCellEdit: true });
    expect(fake.cellEditSyncs).toBe(1);
    await expectCode(write({}), "InvalidOperationInCellEditMode");
    fake.cellEditSyncs = 1;
    fake.honoursDelayForCellEdit = false;
    await expectCode(write({ delayForCellEdit: true }), "InvalidOperationInCellEditMode");
    expect(fake.runOptions).toEqual([{ delayForCellEdit: true }, {}, { delayForCellEdit: true }]);
  });
});

describe("fake Excel: what Excel makes of entered text", () => {
  const typed = async (input: unknown, numberFormat?: string) => {
    const fake = new FakeExcel();
    await fake.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      if (numberFormat) r.numberFormat = [[numberFormat]];
      r.formulas = [[input]];
      await ctx.sync();
    });
    return fake.cell("Sheet1", "A1");
  };
  test.each([
    ["=SUM(1,2)", { formula: "=SUM(1,2)" }],
    ["+A1", { formula: "=+A1" }],
    ["-Li", { formula: "=-Li" }],
    ["@home", { formula: "=@home" }],
    ["'=SUM(1,2)", { value: "=SUM(1,2)", quotePrefix: true }],
    ["007", { value: 7 }],
    ["-5", { value: -5 }],
    ["10%", { value: 0.1 }],
    ["TRUE", { value: true }],
    ["2026-01-31", { value: 46053 }],
    ["Zhang", { value: "Zhang" }],
    [12.5, { value: 12.5 }],
  ])("%j", async (input, want) => {
    expect(await typed(input)).toEqual(want);
  });
  test("a cell formatted as text keeps what is entered as text", async () => {
    expect(await typed("=SUM(1,2)", "@")).toEqual({ numberFormat: "@", value: "=SUM(1,2)" });
  });
});

describe("fake Excel: names and sheets", () => {
  test("sheet names: at most 31 characters, none of []:*?/\\, not blank, unique ignoring case", async () => {
    const fake = new FakeExcel();
    const add = (name: string) => fake.run(async (ctx) => { ctx.workbook.worksheets.add(name); await ctx.sync(); });
    for (const bad of ["x".repeat(32), "a/b", "a[1]", "a:b", "a*", "a?", "a\\b", " ", "'q", "History"]) await expectCode(add(bad), "InvalidArgument");
    await expectCode(add("sheet1"), "ItemAlreadyExists");
    await add("x".repeat(31));
    await add("目标管理表");
    expect(fake.sheetNames()).toEqual(["Sheet1", "x".repeat(31), "目标管理表"]);
  });

  test("the last visible sheet can be neither hidden nor deleted", async () => {
    const fake = new FakeExcel(["Only"]);
    await expectCode(fake.run(async (ctx) => { ctx.workbook.worksheets.getItem("Only").visibility = "VeryHidden"; await ctx.sync(); }), "InvalidOperation");
    await expectCode(fake.run(async (ctx) => { ctx.workbook.worksheets.getItem("Only").delete(); await ctx.sync(); }), "InvalidOperation");
  });

  test("defined names are unique ignoring case, valid, and turn #REF! when their sheet goes", async () => {
    const fake = new FakeExcel(["Sheet1", "Data"]);
    const add = (name: string, ref: string) => fake.run(async (ctx) => { ctx.workbook.names.add(name, ref); await ctx.sync(); });
    await add("Check_A", "='Data'!$B$2");
    await expectCode(add("check_a", "=Data!$B$3"), "ItemAlreadyExists");
    await expectCode(add("A1", "=Data!$B$3"), "InvalidArgument");
    await expectCode(add("Check B", "=Data!$B$3"), "InvalidArgument");
    await expectCode(add("Check_C", "=Nowhere!$B$3"), "InvalidArgument");
    await fake.run(async (ctx) => { ctx.workbook.worksheets.getItem("Data").delete(); await ctx.sync(); });
    expect(fake.names()).toEqual([expect.objectContaining({ name: "Check_A", formula: "=#REF!" })]);
  });

  test("a protected sheet refuses changes to locked cells and to formats", async () => {
    const fake = new FakeExcel();
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("B2").format.protection.locked = false;
      ws.protection.protect();
      await ctx.sync();
      ws.getRange("B2").values = [[1]];
      await ctx.sync();
    });
    await expectCode(fake.run(async (ctx) => { ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]]; await ctx.sync(); }), "AccessDenied");
    await expectCode(fake.run(async (ctx) => { ctx.workbook.worksheets.getItem("Sheet1").getRange("B2").format.fill.color = "#FF0000"; await ctx.sync(); }), "AccessDenied");
    expect(fake.contents("Sheet1")).toEqual({ B2: 1 });
  });

  test("tables: names unique across tables and names, blank headers get Excel's own names", async () => {
    const fake = new FakeExcel();
    fake.seed("Sheet1", { A1: "Rep", A2: "Zhang", B2: 5 });
    await fake.run(async (ctx) => {
      const t = ctx.workbook.worksheets.getItem("Sheet1").tables.add("A1:B2", true);
      t.name = "Reps";
      await ctx.sync();
    });
    expect(fake.cell("Sheet1", "B1").value).toBe("Column2");
    await expectCode(fake.run(async (ctx) => { ctx.workbook.names.add("reps", "=Sheet1!$A$1"); await ctx.sync(); }), "ItemAlreadyExists");
  });

  test("formulasLocal is refused: the writer must use the invariant syntax", async () => {
    const fake = new FakeExcel();
    await expectCode(fake.run(async (ctx) => { (ctx.workbook.worksheets.getItem("Sheet1").getRange("A1") as unknown as { formulasLocal: unknown }).formulasLocal = [["=SUMME(1;2)"]]; await ctx.sync(); }), "NotImplemented");
  });

  test("settings are saved only by saveAsync", async () => {
    const s = new FakeSettings();
    s.set("k", { a: 1 });
    expect(s.saved.size).toBe(0);
    await new Promise<void>((r) => s.saveAsync(() => r()));
    expect(s.saved.get("k")).toEqual({ a: 1 });
  });
});

describe("fake Excel: the rules it learned from Excel's documentation", () => {
  const run = (fake: FakeExcel, f: (ctx: FakeContext) => void) => fake.run(async (ctx) => { f(ctx); await ctx.sync(); });

  test("a very hidden sheet cannot be deleted; made hidden first, it can (Worksheet.delete)", async () => {
    const fake = new FakeExcel(["Sheet1", "Plan"]);
    await run(fake, (ctx) => (ctx.workbook.worksheets.getItem("Plan").visibility = "VeryHidden"));
    await expectCode(run(fake, (ctx) => ctx.workbook.worksheets.getItem("Plan").delete()), "InvalidOperation");
    expect(fake.sheetNames()).toEqual(["Sheet1", "Plan"]);
    await run(fake, (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Plan");
      ws.visibility = "Hidden";
      ws.delete();
    });
    expect(fake.sheetNames()).toEqual(["Sheet1"]);
  });

  test("a defined name's comment has at most 255 characters ([MS-OI29500] §2.1.568)", async () => {
    const fake = new FakeExcel();
    await expectCode(run(fake, (ctx) => ctx.workbook.names.add("Check_Long", "=Sheet1!$A$1", "c".repeat(256))), "InvalidArgument");
    await run(fake, (ctx) => ctx.workbook.names.add("Check_Ok", "=Sheet1!$A$1", "c".repeat(255)));
    expect(fake.names().map((n) => [n.name, n.comment?.length])).toEqual([["Check_Ok", 255]]);
  });

  test("a protected workbook structure refuses to add, delete, rename, hide or show sheets; cells are still writable", async () => {
    const fake = new FakeExcel(["Sheet1", "Data"]);
    fake.workbook.protected = true;
    await expectCode(run(fake, (ctx) => ctx.workbook.worksheets.add("New")), "AccessDenied");
    await expectCode(run(fake, (ctx) => ctx.workbook.worksheets.getItem("Data").delete()), "AccessDenied");
    await expectCode(run(fake, (ctx) => (ctx.workbook.worksheets.getItem("Data").name = "Renamed")), "AccessDenied");
    await expectCode(run(fake, (ctx) => (ctx.workbook.worksheets.getItem("Data").visibility = "Hidden")), "AccessDenied");
    await run(fake, (ctx) => (ctx.workbook.worksheets.getItem("Data").getRange("A1").values = [[1]]));
    expect(fake.sheetNames()).toEqual(["Sheet1", "Data"]);
    const seen = await fake.run(async (ctx) => {
      const p = ctx.workbook.protection.load("protected");
      await ctx.sync();
      return p.protected;
    });
    expect(seen).toBe(true);
    await run(fake, (ctx) => ctx.workbook.protection.unprotect());
    await run(fake, (ctx) => ctx.workbook.worksheets.add("New"));
    expect(fake.sheetNames()).toEqual(["Sheet1", "Data", "New"]);
  });

  test("a protected sheet refuses conditional formats, merges and (unless allowed) column widths; its state can be loaded", async () => {
    const fake = new FakeExcel();
    await run(fake, (ctx) => ctx.workbook.worksheets.getItem("Sheet1").protection.protect());
    const ws = (ctx: FakeContext) => ctx.workbook.worksheets.getItem("Sheet1");
    await expectCode(run(fake, (ctx) => (ws(ctx).getRange("A1:A3").conditionalFormats.add("Custom").custom.rule.formula = "=A1>1")), "AccessDenied");
    await expectCode(run(fake, (ctx) => ws(ctx).getRange("A1:B1").merge()), "AccessDenied");
    await expectCode(run(fake, (ctx) => (ws(ctx).getRange("A:A").format.columnWidth = 60)), "AccessDenied");
    expect(fake.sheet("Sheet1").conditionalFormats).toEqual([]);
    const loaded = await fake.run(async (ctx) => {
      const p = ws(ctx).protection.load("protected");
      await ctx.sync();
      return p.protected;
    });
    expect(loaded).toBe(true);
    // Protected with "format columns" allowed, widths may change; cell formats still may not.
    const allowing = new FakeExcel();
    await run(allowing, (ctx) => ws(ctx).protection.protect({ allowFormatColumns: true }));
    await run(allowing, (ctx) => (ws(ctx).getRange("A:A").format.columnWidth = 60));
    expect(allowing.sheet("Sheet1").columnWidths.get(0)).toBe(60);
    await expectCode(run(allowing, (ctx) => (ws(ctx).getRange("A1").format.fill.color = "#FF0000")), "AccessDenied");
  });

  test("a call from a newer ExcelApi set than the host has fails with ApiNotFound; supports() says what the host has", async () => {
    const fake = new FakeExcel(["Sheet1"], { apiVersion: "1.5" });
    expect([fake.supports("ExcelApi", "1.5"), fake.supports("ExcelApi", "1.6"), fake.supports("ExcelApi", "1.10")]).toEqual([true, false, false]);
    await expectCode(run(fake, (ctx) => (ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").conditionalFormats.add("Custom").custom.rule.formula = "=TRUE")), "ApiNotFound");
    await expectCode(run(fake, (ctx) => (ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").dataValidation.rule = { decimal: { formula1: 0, operator: "GreaterThan" } })), "ApiNotFound");
    await expectCode(run(fake, (ctx) => ctx.workbook.worksheets.getItem("Sheet1").freezePanes.freezeRows(1)), "ApiNotFound");
    await expectCode(run(fake, (ctx) => ctx.workbook.application.suspendApiCalculationUntilNextSync()), "ApiNotFound");
    await run(fake, (ctx) => ctx.workbook.names.add("Check_X", "=Sheet1!$A$1"));
    expect(new FakeExcel(["Sheet1"], { apiVersion: "1.10" }).supports("ExcelApi", "1.9")).toBe(true);
  });

  test("DATE counts in the workbook's date system (serial 0 is 1904-01-01 in the 1904 system)", async () => {
    const date = async (fake: FakeExcel, y: number, m: number, d: number) =>
      fake.run(async (ctx) => {
        const r = ctx.workbook.functions.date(y, m, d).load("value");
        await ctx.sync();
        return r.value;
      });
    const f1900 = new FakeExcel();
    const f1904 = new FakeExcel(["Sheet1"], { date1904: true });
    expect(await date(f1900, 2006, 2, 1)).toBe(38749);
    expect(await date(f1904, 2006, 2, 1)).toBe(37287);
    expect(await date(f1904, 1904, 1, 1)).toBe(0);
    expect(await date(f1900, 1904, 1, 1)).toBe(1462);
    f1904.seed("Sheet1", { A1: "2006-02-01" });
    expect(f1904.cell("Sheet1", "A1").value).toBe(37287);
  });

  test("it records which requests had calculation suspended", async () => {
    const fake = new FakeExcel();
    await fake.run(async (ctx) => {
      ctx.workbook.application.suspendApiCalculationUntilNextSync();
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
      await ctx.sync();
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A2").values = [[2]];
      await ctx.sync();
    });
    expect(fake.calculation).toEqual([{ wroteCells: true, suspended: true }, { wroteCells: true, suspended: false }]);
  });

  test("print area and titles, page layout, frozen panes and column widths read back as they were set", async () => {
    const fake = new FakeExcel();
    await run(fake, (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.pageLayout.setPrintArea("A1:C9");
      ws.pageLayout.setPrintTitleRows("$1:$2");
      ws.pageLayout.setPrintTitleColumns("$A:$A");
      ws.pageLayout.orientation = "Landscape";
      ws.freezePanes.freezeRows(2);
      ws.getRange("B:B").format.columnWidth = 70;
    });
    const read = await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const area = ws.pageLayout.getPrintAreaOrNullObject().load("address");
      const page = ws.pageLayout.load("orientation,zoom");
      const frozen = ws.freezePanes.getLocationOrNullObject().load("address");
      const b = ws.getRange("B:B").format.load("columnWidth");
      const bc = ws.getRange("B:C").format.load("columnWidth");
      const c = ws.getRange("C:C").format.load("columnWidth");
      await ctx.sync();
      return [area.address, page.orientation, frozen.address, b.columnWidth, bc.columnWidth, c.columnWidth];
    });
    expect(read).toEqual(["Sheet1!A1:C9", "Landscape", "Sheet1!A1:XFD2", 70, null, DEFAULT_COLUMN_WIDTH]);
    expect(fake.sheet("Sheet1").pageLayout).toMatchObject({ printTitleRows: "$1:$2", printTitleColumns: "$A:$A" });
  });
});

describe("fake Excel: a request's size is the body Office.js builds for it", () => {
  test("the same calls made on the real Office.js (excel-web-16.00.debug.js) give the same number of bytes", async () => {
    const calls = (wb: Excel.Workbook | FakeContext["workbook"]) => {
      const ws = wb.worksheets.getItem("Sheet1");
      const r = ws.getRange("A1:B2");
      r.formulas = [[1, "=A1*2"], ["元", true]];
      r.format.font.bold = true;
      r.format.borders.getItem("EdgeTop").style = "Continuous";
      const cf = ws.getRange("A1:A2").conditionalFormats.add("Custom");
      cf.custom.rule.formula = "=A1>1";
      cf.custom.format.fill.color = "#FFC7CE";
      wb.names.add("Check_A", "=Sheet1!$A$1", "a check");
    };
    const fake = new FakeExcel();
    await fake.run(async (ctx) => {
      calls(ctx.workbook);
      await ctx.sync();
    });
    const real = recordingContext({ keepBodies: true });
    calls(real.context.workbook);
    await real.context.sync();
    expect(real.requests[0]).toBeGreaterThan(1500);
    expect(fake.requestBytes).toEqual(real.requests);
    expect(real.bodies[0]).toContain('"Name":"ConditionalFormats"');
  });

  test("a request whose data is well under 5 MB fails when Office.js's body of it is over: 12,000 conditional formats", async () => {
    const fake = new FakeExcel();
    let data = 0;
    await expectCode(
      fake.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("Sheet1");
        for (let i = 1; i <= 12_000; i++) {
          const cf = ws.getRange(`A${i}`).conditionalFormats.add("Custom");
          cf.custom.rule.formula = `=A${i}>1`;
          cf.custom.format.fill.color = "#FFC7CE";
          data += JSON.stringify([`A${i}`, `=A${i}>1`, "#FFC7CE"]).length;
        }
        await ctx.sync();
      }),
      "RequestPayloadSizeLimitExceeded",
    );
    expect(data).toBeLessThan(500_000);
    expect(fake.requestBytes[0]).toBeGreaterThan(REQUEST_LIMIT);
    expect(fake.sheet("Sheet1").conditionalFormats).toEqual([]);
  });
});
