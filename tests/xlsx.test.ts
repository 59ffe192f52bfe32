/*
 * The .xlsx writer (src/xlsx) on hand-made SheetSpecs, read back two ways: through ExcelJS
 * (what another program sees) and as the raw XML of the file (what Excel parses), so a
 * feature that ExcelJS would "read back" from its own memory still has to be in the file.
 * LibreOffice recalculation is in workbooks.engine.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import JSZip from "jszip";
import { PLAN_CHUNK, PLAN_SHEET, type CellSpec, type SheetSpec, type WorkbookSpec, planCells, planFromCells } from "../src/sheets/spec";
import { readXlsxCells, readXlsxNames, readXlsxPlan } from "../src/xlsx/read";
import { XlsxError } from "../src/xlsx/errors";
import { XLFN_FUNCTIONS, withXlfn, withoutXlfn } from "../src/xlsx/formula";
import { addToXlsx, findOccupiedXlsx, noteCell, writeXlsx } from "../src/xlsx/write";
import { type ExcelRunner, writeSheetSpec } from "../src/excel/write";
import { type Plan, validatePlan } from "../src/sheets/plan";
import { buildQuarterlySplit } from "../src/sheets/quarterly";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { formulaText } from "../src/sheets/native";
import { FakeExcel } from "./fake-excel/fake-excel";
import { excelLimitProblems, expectSpecWithinExcelLimits, expectWithinExcelLimits, measureFormula } from "./helpers/excel-limits";

/** The XML of a part of the file, by sheet name for worksheets ("xl/workbook.xml" etc. otherwise). */
async function xmlOf(bytes: Uint8Array, part: string | { sheet: string }): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  if (typeof part === "string") return zip.file(part)!.async("string");
  const wb = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const esc = part.sheet.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  const rid = new RegExp(`<sheet\\b[^>]*name="${esc.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*r:id="([^"]+)"`).exec(wb)?.[1];
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)?.[1];
  return zip.file(`xl/${target}`)!.async("string");
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** A small tracking-like sheet touching every SheetSpec field. */
function fullSheet(): SheetSpec {
  return {
    name: "跟踪 Tracking",
    kind: "tracking",
    rows: [
      [{ v: "Rep" }, { v: "Target" }, { v: "Actual" }, { v: "Rank" }, { v: "Attainment" }],
      [{ v: '=HYPERLINK("http://example.com","x")' }, { v: 100, input: true }, { v: 97, input: true }, { f: "RANK.EQ(C2,C$2:C$3)", expect: 2 }, { f: 'IF(C2="","",C2/B2)', expect: 0.97 }],
      [{ v: "+86 138" }, { v: 200, input: true }, { v: null, input: true }, { f: "RANK.EQ(B3,B$2:B$3)", expect: 1 }, { f: 'IF(C3="","",C3/B3)' }],
      [{ v: "Total" }, { f: "SUM(B2:B3)", expect: 300 }, { f: "SUM(C2:C3)", expect: 97 }, null, { f: "B4=SUM(B2:B3)", expect: true }],
    ],
    formats: [
      { range: "A1:E1", bold: true, fill: "#DDEBF7", border: true, horizontal: "center" },
      { range: "E2:E3", numFmt: "0.0%" },
      { range: "B2:C4", numFmt: "#,##0" },
      { range: "B1", fill: "#FFFF00", wrap: true },
    ],
    conditionalFormats: [
      { range: "E2:E3", formula: 'AND(E2<>"",E2>=1)', fill: "#C6EFCE", color: "#006100" },
      { range: "E2:E3", formula: 'AND(E2<>"",E2<1)', fill: "#FFC7CE", color: "#9C0006", bold: true },
    ],
    tables: [{ name: "Reps", range: "A1:E3", style: "TableStyleLight9" }],
    validations: [
      { range: "C2:C3", min: 0, message: "An actual is 0 or more" },
      { range: "A5", list: ["higher", "lower"] },
    ],
    columnWidths: [18, 12, 12, 8, 12],
    freeze: { rows: 1, columns: 1 },
    merges: ["A8:E8"],
    print: { landscape: true, fitToWidth: true, repeatRows: "$1:$1", area: "A1:E6" },
    protect: true,
    note: "Ranks are native formulas.",
  };
}

function fullSpec(): WorkbookSpec {
  return {
    title: "Smoke plan",
    sheets: [fullSheet()],
    names: [{ name: "Check_Total", sheet: "跟踪 Tracking", ref: "E4", comment: "Targets add up" }],
    plan: { title: "Smoke plan", total: 300, reps: ["=HYPERLINK", "B"] },
  };
}

describe("_xlfn prefixes", () => {
  test("functions newer than Excel 2007 get _xlfn., older ones and text do not", () => {
    expect(withXlfn('IF(B2="",0,RANK.EQ(B2,B$2:B$9))')).toBe('IF(B2="",0,_xlfn.RANK.EQ(B2,B$2:B$9))');
    expect(withXlfn("IFS(A1>1,1,TRUE,0)+ifna(A2,0)+SUM(A1:A3)+RANK(A1,A1:A3)")).toBe("_xlfn.IFS(A1>1,1,TRUE,0)+_xlfn.ifna(A2,0)+SUM(A1:A3)+RANK(A1,A1:A3)");
    expect(withXlfn('"RANK.EQ(" & A1 & CONCAT(A1)')).toBe('"RANK.EQ(" & A1 & _xlfn.CONCAT(A1)');
    expect(withXlfn("'IFS(x'!A1+MAXIFS(A:A,B:B,1)")).toBe("'IFS(x'!A1+_xlfn.MAXIFS(A:A,B:B,1)");
    expect(withXlfn("FILTER(A1:A9,B1:B9>0)")).toBe("_xlfn._xlws.FILTER(A1:A9,B1:B9>0)");
    expect(withXlfn("_xlfn.RANK.EQ(A1,A1:A3)")).toBe("_xlfn.RANK.EQ(A1,A1:A3)");
    // Excel 2007's own functions stay bare (IFERROR, SUMIFS, COUNTIFS, AVERAGEIFS).
    expect(withXlfn("IFERROR(SUMIFS(A:A,B:B,1)/COUNTIFS(B:B,1),0)")).toBe("IFERROR(SUMIFS(A:A,B:B,1)/COUNTIFS(B:B,1),0)");
    expect(withoutXlfn("=_xlfn._xlws.SORT(_xlfn.UNIQUE(A1:A9))")).toBe("SORT(UNIQUE(A1:A9))");
  });

  test("property: stripping undoes prefixing, and string literals are never touched", () => {
    const names = [...XLFN_FUNCTIONS].slice(0, 40).concat(["SUM", "ROUND", "IF", "INDEX", "FILTER", "SORT"]);
    const text = fc.string({ maxLength: 12 }).map((s) => `"${s.replace(/"/g, '""')}"`);
    const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
      e: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom("A1", "B$2", "1.5", "TRUE", "Sheet1!C3"),
        text,
        fc.tuple(fc.constantFrom(...names), fc.array(tie("e") as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 })).map(([n, args]) => `${n}(${args.join(",")})`),
      ),
    })).e as fc.Arbitrary<string>;
    fc.assert(
      fc.property(expr, (f) => {
        const stored = withXlfn(f);
        expect(withoutXlfn(stored)).toBe(f);
        // Each string literal comes through unchanged, in order.
        const literals = (s: string): string[] => s.match(/"(?:[^"]|"")*"/g) ?? [];
        expect(literals(stored)).toEqual(literals(f));
        // No bare newer function remains outside strings.
        const outside = stored.replace(/"(?:[^"]|"")*"/g, '""');
        for (const m of outside.matchAll(/(^|[^A-Za-z0-9_.])([A-Z][A-Z0-9.]*)\(/g)) expect(XLFN_FUNCTIONS.has(m[2])).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe("writeXlsx", () => {
  let bytes: Uint8Array;
  let sheetXml: string;
  beforeAll(async () => {
    bytes = await writeXlsx(fullSpec());
    sheetXml = await xmlOf(bytes, { sheet: "跟踪 Tracking" });
  });

  test("cells come back as the spec wrote them: constants, bare formulas, cached expectations", async () => {
    const cells = (await readXlsxCells(bytes))["跟踪 Tracking"];
    expect(cells.A2).toEqual({ value: '=HYPERLINK("http://example.com","x")' });
    expect(cells.A3).toEqual({ value: "+86 138" });
    expect(cells.B2).toEqual({ value: 100 });
    expect(cells.C3).toBeUndefined();
    expect(cells.D2).toEqual({ formula: "RANK.EQ(C2,C$2:C$3)", value: 2 });
    expect(cells.E3).toEqual({ formula: 'IF(C3="","",C3/B3)' });
    expect(cells.E4).toEqual({ formula: "B4=SUM(B2:B3)", value: true });
    expect(cells.A5).toBeUndefined();
  });

  test("in the file: text is a string cell without <f>, newer functions carry _xlfn., full recalculation on load", async () => {
    const a2 = /<c r="A2"[^>]*>.*?<\/c>/.exec(sheetXml)![0];
    expect(a2).toMatch(/t="s"/);
    expect(a2).not.toContain("<f>");
    expect(sheetXml).toContain("<f>_xlfn.RANK.EQ(C2,C$2:C$3)</f>");
    expect(sheetXml).not.toMatch(/<f>RANK\.EQ/);
    expect(await xmlOf(bytes, "xl/workbook.xml")).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
  });

  test("formats merge per property, later ones winning; inputs are unlocked, the rest locked", async () => {
    const ws = (await load(bytes)).getWorksheet("跟踪 Tracking")!;
    const b1 = ws.getCell("B1");
    expect(b1.font?.bold).toBe(true);
    expect((b1.fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFFF00");
    expect(b1.alignment?.wrapText).toBe(true);
    expect(b1.alignment?.horizontal).toBe("center");
    expect(b1.border?.top?.style).toBe("thin");
    expect(ws.getCell("E2").numFmt).toBe("0.0%");
    expect(ws.getCell("B4").numFmt).toBe("#,##0");
    expect(ws.getCell("B2").protection?.locked).toBe(false);
    expect(ws.getCell("C3").protection?.locked).toBe(false);
    expect(ws.getCell("D2").protection?.locked).not.toBe(false);
    expect(sheetXml).toMatch(/<sheetProtection\b[^>]*sheet="1"/);
  });

  test("conditional formats: expression rules with fills, in order, each stopIfTrue", () => {
    const rules = [...sheetXml.matchAll(/<conditionalFormatting sqref="([^"]+)"><cfRule ([^>]*)><formula>([^<]*)<\/formula>/g)];
    expect(rules.map((m) => [m[1], m[3]])).toEqual([
      ["E2:E3", "AND(E2&lt;&gt;&quot;&quot;,E2&gt;=1)"],
      ["E2:E3", "AND(E2&lt;&gt;&quot;&quot;,E2&lt;1)"],
    ]);
    const priorities = rules.map((m) => Number(/priority="(\d+)"/.exec(m[2])![1]));
    expect(priorities[0]).toBeLessThan(priorities[1]);
    for (const m of rules) {
      expect(m[2]).toMatch(/type="expression"/);
      expect(m[2]).toMatch(/stopIfTrue="1"/);
    }
  });

  test("conditional fills are in the file's differential styles", async () => {
    const styles = await xmlOf(bytes, "xl/styles.xml");
    const dxfs = /<dxfs[^>]*>(.*)<\/dxfs>/s.exec(styles)![1];
    expect(dxfs).toContain("FFC6EFCE");
    expect(dxfs).toContain("FFFFC7CE");
    expect(dxfs).toContain("FF9C0006");
  });

  test("table, validation, widths, frozen panes, merges and print setup are in the file", async () => {
    const zip = await JSZip.loadAsync(bytes);
    const tables = zip.file(/^xl\/tables\/.*\.xml$/);
    expect(tables).toHaveLength(1);
    const table = await tables[0].async("string");
    expect(table).toMatch(/name="Reps"/);
    expect(table).toMatch(/ref="A1:E3"/);
    expect(table).toMatch(/TableStyleLight9/);
    expect(sheetXml).toMatch(/<dataValidation type="decimal" operator="greaterThanOrEqual"[^>]*error="An actual is 0 or more"[^>]*sqref="C2:C3"/);
    expect(sheetXml).toMatch(/<dataValidation type="list"[^>]*sqref="A5"><formula1>&quot;higher,lower&quot;<\/formula1>/);
    expect(sheetXml).toMatch(/<col min="1" max="1" width="18/);
    expect(sheetXml).toMatch(/<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/);
    expect(sheetXml).toContain('<mergeCell ref="A8:E8"/>');
    expect(sheetXml).toMatch(/<pageSetup[^>]*orientation="landscape"[^>]*fitToWidth="1"[^>]*fitToHeight="0"/);
    expect(sheetXml).toMatch(/<pageSetUpPr fitToPage="1"/);
    const workbookXml = await xmlOf(bytes, "xl/workbook.xml");
    expect(workbookXml).toMatch(/<definedName name="_xlnm.Print_Titles" localSheetId="0">(&apos;|')跟踪 Tracking(&apos;|')!\$1:\$1</);
    expect(workbookXml).toMatch(/<definedName name="_xlnm.Print_Area" localSheetId="0">(&apos;|')跟踪 Tracking(&apos;|')!\$A\$1:\$E\$6</);
  });

  test("fit to two pages wide, with columns repeated on every page", async () => {
    const sheet = { ...fullSheet(), print: { landscape: true, fitToWidth: true, pagesWide: 2, repeatRows: "$1:$1", repeatColumns: "A:A" } };
    const two = await writeXlsx({ sheets: [sheet], names: [] });
    expect(await xmlOf(two, { sheet: "跟踪 Tracking" })).toMatch(/<pageSetup[^>]*fitToWidth="2"[^>]*fitToHeight="0"/);
    expect(await xmlOf(two, "xl/workbook.xml")).toMatch(/<definedName name="_xlnm.Print_Titles" localSheetId="0">(&apos;|')跟踪 Tracking(&apos;|')!\$A:\$A,(&apos;|')跟踪 Tracking(&apos;|')!\$1:\$1</);
  });

  test("the note is an italic line one blank row below the cells", async () => {
    expect(noteCell(fullSheet())).toEqual({ row: 6, col: 1 });
    const ws = (await load(bytes)).getWorksheet("跟踪 Tracking")!;
    expect(ws.getCell("A6").value).toBe("Ranks are native formulas.");
    expect(ws.getCell("A6").font?.italic).toBe(true);
  });

  test("defined names are workbook-scoped, absolute, with their comment", async () => {
    const xml = await xmlOf(bytes, "xl/workbook.xml");
    expect(xml).toContain(`<definedName name="Check_Total" comment="Targets add up">'跟踪 Tracking'!$E$4</definedName>`);
    expect(await readXlsxNames(bytes)).toEqual([{ name: "Check_Total", sheet: "跟踪 Tracking", ref: "E4" }]);
  });

  test("the plan is in the very hidden sheet TargetPlanner and reads back equal; the visible sheet is active", async () => {
    const xml = await xmlOf(bytes, "xl/workbook.xml");
    expect(xml).toMatch(new RegExp(`<sheet sheetId="\\d+" name="${PLAN_SHEET}" state="veryHidden"`));
    expect(xml).toMatch(/activeTab="0"/);
    expect(await readXlsxPlan(bytes)).toEqual(fullSpec().plan);
    expect(Object.keys(await readXlsxCells(bytes))).toEqual(["跟踪 Tracking"]);
    // A plan longer than one cell holds is cut into 32,000-character cells.
    const big = { reps: Array.from({ length: 9000 }, (_, i) => `rep number ${i}`) };
    const b = await writeXlsx({ sheets: [{ name: "S", kind: "notes", rows: [[{ v: 1 }]] }], names: [], plan: big });
    expect(await readXlsxPlan(b)).toEqual(big);
    expect(Object.keys((await readXlsxCells(b, { includeHidden: true }))[PLAN_SHEET]).length).toBeGreaterThan(3);
  });

  test("without a plan there is no TargetPlanner sheet; the title is in the document properties", async () => {
    const b = await writeXlsx({ title: "T", sheets: [{ name: "S", kind: "notes", rows: [[{ v: 1 }]] }], names: [] });
    expect((await load(b)).worksheets.map((w) => w.name)).toEqual(["S"]);
    expect(await xmlOf(b, "docProps/core.xml")).toContain("<dc:title>T</dc:title>");
  });

  test("property: any grid of constants comes back cell for cell (text stays text, whatever it starts with)", async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 20 }).filter((s) => s !== ""),
      fc.constantFrom("=1+1", "+SUM(A1)", "-3", "@x", "=HYPERLINK(\"a\")", "TRUE", "0012", " lead"),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
      fc.integer(),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.option(value, { nil: null }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), async (grid) => {
        const rows: (CellSpec | null)[][] = grid.map((r) => r.map((v) => (v === null ? null : { v })));
        const cells = (await readXlsxCells(await writeXlsx({ sheets: [{ name: "G", kind: "notes", origin: "B3", rows }], names: [] })))["G"] ?? {};
        const want: Record<string, { value: unknown }> = {};
        grid.forEach((r, i) =>
          r.forEach((v, j) => {
            if (v !== null) want[`${String.fromCharCode(66 + j)}${3 + i}`] = { value: v };
          }),
        );
        expect(cells).toEqual(want);
      }),
      { numRuns: 40 },
    );
  });
});

describe("writeXlsx refuses what Excel would not take, before writing anything", () => {
  const one = (sheet: Partial<SheetSpec>, names: WorkbookSpec["names"] = []): WorkbookSpec => ({
    sheets: [{ name: "S", kind: "notes", rows: [[{ v: "Head" }, { v: "Two" }], [{ v: 1 }, { v: 2 }]], ...sheet }],
    names,
  });
  const refusal = async (spec: WorkbookSpec): Promise<XlsxError> => {
    try {
      await writeXlsx(spec);
    } catch (e) {
      expect(e).toBeInstanceOf(XlsxError);
      return e as XlsxError;
    }
    throw new Error("the spec was written");
  };

  test.each([
    ["a name over 31 characters", { name: "x".repeat(32) }, "sheetNameTooLong"],
    ["a name with a slash", { name: "Q1/Q2" }, "sheetNameBadChar"],
    ["a name with brackets", { name: "[plan]" }, "sheetNameBadChar"],
    ["a blank name", { name: "  " }, "sheetNameBlank"],
    ["a name with a leading apostrophe", { name: "'x" }, "sheetNameBadChar"],
    ["the plan sheet's name", { name: "targetplanner" }, "sheetNameReserved"],
    ["History", { name: "History" }, "sheetNameReserved"],
    ["an existing sheet in a new workbook", { existing: true }, "existingInNewWorkbook"],
    ["a bad origin", { origin: "A0" }, "badAddress"],
    ["a bad format range", { formats: [{ range: "B2:ZZZZ1", bold: true }] }, "badAddress"],
    ["a bad print area", { print: { area: "A1:B" } }, "badAddress"],
    ["an infinite number", { rows: [[{ v: Infinity }]] }, "badNumber"],
    ["NaN", { rows: [[{ v: NaN }]] }, "badNumber"],
    ["text over 32,767 characters", { rows: [[{ v: "x".repeat(32768) }]] }, "textTooLong"],
    ["a table whose header is a number", { rows: [[{ v: 1 }, { v: "Two" }], [{ v: 1 }, { v: 2 }]], tables: [{ name: "T", range: "A1:B2" }] }, "tableHeader"],
    ["a table with a repeated header", { rows: [[{ v: "A" }, { v: "a" }], [{ v: 1 }, { v: 2 }]], tables: [{ name: "T", range: "A1:B2" }] }, "tableHeader"],
    ["a table named like a cell", { tables: [{ name: "AB12", range: "A1:B2" }] }, "tableName"],
    ["a list with a comma", { validations: [{ range: "A2", list: ["a,b"] }] }, "validationList"],
    ["a colour that is not one", { formats: [{ range: "A1", fill: "green" }] }, "badColor"],
  ] as [string, Partial<SheetSpec>, string][])("%s", async (_what, sheet, key) => {
    const e = await refusal(one(sheet));
    expect(e.key).toBe(key);
    expect(e.messageIn("zh")).toMatch(/[\u4e00-\u9fff]/);
    expect(e.messageIn("en")).toBe(e.message);
  });

  test("no sheet at all (a workbook needs a visible sheet)", async () => {
    expect((await refusal({ sheets: [], names: [], plan: { a: 1 } })).key).toBe("noSheets");
  });

  test("two sheets whose names differ only in case", async () => {
    const spec = one({});
    spec.sheets.push({ ...spec.sheets[0], name: "s" });
    expect((await refusal(spec)).key).toBe("sheetNameDuplicate");
  });

  test.each([
    ["a name with a space", [{ name: "Check Total", sheet: "S", ref: "A1" }], "definedName"],
    ["a name like a cell", [{ name: "XFD1", sheet: "S", ref: "A1" }], "definedName"],
    ["a name twice", [{ name: "Check_A", sheet: "S", ref: "A1" }, { name: "check_a", sheet: "S", ref: "A2" }], "definedName"],
    ["a name on a missing sheet", [{ name: "Check_A", sheet: "Nope", ref: "A1" }], "nameSheetMissing"],
    ["a name with a bad ref", [{ name: "Check_A", sheet: "S", ref: "A1:" }], "badAddress"],
  ] as [string, WorkbookSpec["names"], string][])("%s", async (_what, names, key) => {
    expect((await refusal(one({}, names))).key).toBe(key);
  });
});

describe("addToXlsx: the user's workbook given back with the new sheets", () => {
  let users: Uint8Array;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sales");
    ws.getCell("A1").value = "Rep";
    ws.getCell("B1").value = "Annual";
    ws.getCell("A2").value = "Zhang";
    ws.getCell("B2").value = 1200;
    ws.getCell("C2").value = { formula: "B2*2", result: 2400 };
    wb.addWorksheet("Notes").getCell("A1").value = "keep me";
    wb.definedNames.add("Sales!$B$2", "Annual_Zhang");
    users = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  });

  test("adds new sheets and names and keeps what was there", async () => {
    const out = await addToXlsx(users, fullSpec());
    const cells = await readXlsxCells(out);
    expect(Object.keys(cells)).toEqual(["Sales", "Notes", "跟踪 Tracking"]);
    expect(cells.Sales).toEqual({ A1: { value: "Rep" }, B1: { value: "Annual" }, A2: { value: "Zhang" }, B2: { value: 1200 }, C2: { formula: "B2*2", value: 2400 } });
    expect(cells.Notes.A1).toEqual({ value: "keep me" });
    expect(cells["跟踪 Tracking"].D2).toEqual({ formula: "RANK.EQ(C2,C$2:C$3)", value: 2 });
    expect((await readXlsxNames(out)).map((n) => n.name).sort()).toEqual(["Annual_Zhang", "Check_Total"]);
    expect(await readXlsxPlan(out)).toEqual(fullSpec().plan);
    expect(await xmlOf(out, { sheet: "跟踪 Tracking" })).toContain("<f>_xlfn.RANK.EQ(C2,C$2:C$3)</f>");
  });

  test("writes beside the user's cells in an existing sheet, at the origin", async () => {
    const beside: WorkbookSpec = {
      sheets: [
        {
          name: "sales",
          kind: "split",
          existing: true,
          origin: "D1",
          rows: [[{ v: "Q1" }, { v: "Q2" }], [{ f: "ROUND(B2/4,0)", expect: 300 }, { f: "B2-D2", expect: 900 }]],
          formats: [{ range: "D2:E2", numFmt: "#,##0" }],
          conditionalFormats: [{ range: "D2:E2", formula: "D2<0", fill: "#FFC7CE" }],
          columnWidths: [9, 11],
          note: "From the annual column.",
        },
      ],
      names: [{ name: "Check_Sales", sheet: "Sales", ref: "E2" }],
    };
    expect(await findOccupiedXlsx(users, beside)).toEqual([]);
    const out = await addToXlsx(users, beside);
    const cells = (await readXlsxCells(out)).Sales;
    expect(cells.D1).toEqual({ value: "Q1" });
    expect(cells.E2).toEqual({ formula: "B2-D2", value: 900 });
    expect(cells.D4).toEqual({ value: "From the annual column." });
    expect(cells.B2).toEqual({ value: 1200 });
    const ws = (await load(out)).getWorksheet("Sales")!;
    expect(ws.getColumn(4).width).toBeCloseTo(9, 4); // 9 exactly is ExcelJS's default, which it would leave out
    expect(ws.getColumn(5).width).toBe(11);
    expect(await xmlOf(out, { sheet: "Sales" })).toMatch(/<cfRule type="expression"[^>]*stopIfTrue="1"/);
  });

  test("refuses a new sheet whose name is taken, in either language, and names the sheet", async () => {
    const spec = fullSpec();
    spec.sheets[0] = { ...spec.sheets[0], name: "NOTES" };
    spec.names = [];
    await expect(addToXlsx(users, spec)).rejects.toMatchObject({ key: "sheetNameTaken", params: { sheet: "NOTES" } });
    expect(await findOccupiedXlsx(users, spec)).toEqual([{ sheet: "NOTES", cells: [] }]);
  });

  test("refuses to write over non-empty cells and names the first ones", async () => {
    const over: WorkbookSpec = {
      sheets: [{ name: "Sales", kind: "split", existing: true, origin: "B1", rows: [[{ v: "x" }, { v: "y" }], [null, null]] }],
      names: [],
    };
    expect(await findOccupiedXlsx(users, over)).toEqual([{ sheet: "Sales", cells: ["B1", "B2", "C2"] }]);
    const e = (await addToXlsx(users, over).then(() => undefined, (x: unknown) => x)) as XlsxError;
    expect(e).toBeInstanceOf(XlsxError);
    expect(e.key).toBe("occupied");
    expect(e.message).toContain("B1, B2, C2");
    expect(e.messageIn("zh")).toContain("B1, B2, C2");
  });

  test("refuses a name already defined, a missing sheet to write into, and bytes that are not an .xlsx", async () => {
    const spec: WorkbookSpec = { sheets: [{ name: "New", kind: "notes", rows: [[{ v: 1 }]] }], names: [{ name: "ANNUAL_ZHANG", sheet: "New", ref: "A1" }] };
    await expect(addToXlsx(users, spec)).rejects.toMatchObject({ key: "definedName" });
    await expect(addToXlsx(users, { sheets: [{ name: "Gone", kind: "notes", existing: true, rows: [[{ v: 1 }]] }], names: [] })).rejects.toMatchObject({ key: "sheetMissing" });
    await expect(addToXlsx(new TextEncoder().encode("not a zip"), spec)).rejects.toMatchObject({ key: "notXlsx" });
  });

  test("a second plan replaces the first in TargetPlanner", async () => {
    const first = await writeXlsx({ sheets: [{ name: "A", kind: "notes", rows: [[{ v: 1 }]] }], names: [], plan: { reps: Array.from({ length: 5000 }, (_, i) => `rep ${i}`) } });
    const second = await addToXlsx(first, { sheets: [{ name: "B", kind: "notes", rows: [[{ v: 2 }]] }], names: [], plan: { v: 2 } });
    expect(await readXlsxPlan(second)).toEqual({ v: 2 });
    expect(Object.keys((await readXlsxCells(second, { includeHidden: true }))[PLAN_SHEET])).toEqual(["A1", "A2"]);
  });
});

describe("the stored plan is cut between characters, never inside one", () => {
  const astral = fc.constantFrom("😀", "𠀀", "𪚥", "🇨🇳", "中", "a");
  /** A plan whose text puts astral characters across the 32,000-unit cell boundaries. */
  const plan = fc.tuple(fc.integer({ min: PLAN_CHUNK - 12, max: PLAN_CHUNK + 2 }), fc.array(astral, { minLength: 1, maxLength: 8 }), fc.array(astral, { minLength: 0, maxLength: 8 })).map(([pad, a, b]) => ({
    title: `${"x".repeat(pad)}${a.join("")}${"y".repeat(PLAN_CHUNK - 7)}${b.join("")}`,
    names: a,
  }));
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  test("property: every cell is whole characters within 32,000 units, and the cells read back to the plan", () => {
    fc.assert(
      fc.property(plan, (p) => {
        const cells = planCells(p);
        for (const c of cells.slice(1)) {
          expect(c.length).toBeLessThanOrEqual(PLAN_CHUNK);
          expect(lone.test(c)).toBe(false);
        }
        expect(planFromCells(cells)).toEqual(p);
      }),
      { seed: 14, numRuns: 200 },
    );
  });

  test("property: through the .xlsx writer and reader, the plan comes back equal (no U+FFFD)", async () => {
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        const bytes = await writeXlsx({ sheets: [{ name: "S", kind: "notes", rows: [[{ v: 1 }]] }], names: [], plan: p });
        const back = await readXlsxPlan(bytes);
        expect(back).toEqual(p);
        expect(JSON.stringify(back)).not.toContain("\uFFFD");
      }),
      { seed: 15, numRuns: 12 },
    );
  });
});

// ---- Excel's formula limits: every formula written, on both writers ---------------------------------

describe("the limits checker (tests/helpers/excel-limits.ts) reads formulas as Excel does", () => {
  test("nesting counts calls, not brackets; arguments are the commas of a call, not of strings, sheet names, arrays or unions", () => {
    expect(measureFormula("=SUM(A1,ABS(B1))")).toEqual({ length: 15, depth: 2, maxArguments: 2, widestCall: "SUM", longestText: 0 });
    expect(measureFormula('IF(A1="say ""hi""","ab",\'It\'\'s\'!B1)').longestText).toBe(8);
    expect(measureFormula('IF(A1="a,b(",((1+2)),MAX(1,ABS(B1)))').depth).toBe(3);
    expect(measureFormula("'Q1, Q2 (East)'!A1+SUM({1,2,3;4,5,6})").maxArguments).toBe(1);
    expect(measureFormula("SUM((A1,B1),C1)").maxArguments).toBe(2);
    expect(measureFormula("TODAY()").maxArguments).toBe(0);
    expect(measureFormula("1+2").depth).toBe(0);
    expect(() => measureFormula("SUM(A1")).toThrow(/unbalanced/);
  });
  test("the three limits, at and just past each", () => {
    const nested = (n: number): string => `${"ABS(".repeat(n)}1${")".repeat(n)}`;
    expect(excelLimitProblems(nested(64))).toEqual([]);
    expect(excelLimitProblems(nested(65))).toEqual(["65 levels of nested functions (Excel takes at most 64)"]);
    const args = (n: number): string => `SUM(${Array.from({ length: n }, (_, i) => `A${i + 1}`).join(",")})`;
    expect(excelLimitProblems(args(255))).toEqual([]);
    expect(excelLimitProblems(args(256))).toEqual(["256 arguments in SUM (Excel takes at most 255)"]);
    expect(excelLimitProblems(`1+${"1".repeat(8190)}`)).toEqual([]);
    expect(excelLimitProblems(`=1+${"1".repeat(8191)}`)).toEqual(["8,193 characters (Excel takes at most 8,192)"]);
    expect(excelLimitProblems(`LEN("${"x".repeat(255)}")`)).toEqual([]);
    expect(excelLimitProblems(`LEN("${'"'.repeat(510)}")`)).toEqual([]);
    expect(excelLimitProblems(`LEN("${"x".repeat(256)}")`)).toEqual(["a text of 256 characters in quotes (Excel takes at most 255 in one literal)"]);
  });
  test("text longer than one literal holds is written as literals joined with &, the same text", () => {
    const long = `${"规则".repeat(150)}😀"${"a".repeat(100)}`;
    const f = formulaText(long);
    expect(excelLimitProblems(`LEN(${f})`)).toEqual([]);
    const pieces = f.split('"&"');
    expect(pieces.length).toBe(2);
    expect(f.slice(1, -1).split('"&"').join("").replace(/""/g, '"')).toBe(long);
    expect(formulaText('say "hi"')).toBe('"say ""hi"""');
  });
});

describe("every formula written is within Excel's limits (8,192 characters, 64 nested calls, 255 arguments, 255-character literals)", () => {
  const ROOT = path.resolve(__dirname, "..");
  const validPlan = (json: unknown): Plan => {
    const v = validatePlan(json);
    if (!v.ok) throw new Error(JSON.stringify(v.problems.slice(0, 3)));
    return v.plan;
  };
  /** The longest rule of n-clause steps that validation accepts. */
  const longestRule = (): string => {
    const rule = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? `每低${i}%扣1分` : `每超${i + 1}%加1分`)).join(",") + ",最高120分,低于50%不得分";
    let n = 1;
    while (validatePlan({ title: "t", year: 2025, scorecard: { kpis: [{ id: "a", name: "A", weight: 100, target: 1, rule: rule(n + 1) }] } }).ok) n++;
    return rule(n);
  };
  /**
   * A cascade whose formulas are as long as a cascade's get: 17 rates beside an amount and a
   * count (each row's check compares every rate with its parent's), eight levels (a block of
   * work columns per level), a blended reconcile, late starters, a table name of 31 characters
   * with quotes that every letter and tracking formula repeats as `'O''Brien''s …'!`. A team of
   * 50 (a split's formulas do not grow with its children: tests/cascade-sheet.test.ts).
   */
  const largeCascade = (): Plan => {
    const rates = Array.from({ length: 17 }, (_, i) => ({ id: `r${i}`, name: `Rate ${i}`, kind: "rate", value: 0.5 + i / 100, ...(i % 2 ? { direction: "lower" } : {}) }));
    const team = Array.from({ length: 50 }, (_, i) => ({ name: `P${i}`, weight: 1 + (i % 5), commitment: 100000 + i, ...(i % 50 === 7 ? { startMonth: 4 + (i % 8) } : {}) }));
    let node: Record<string, unknown> = { name: "Team 50", owner: "Lead", weight: 1, children: team };
    for (let d = 5; d >= 1; d--) node = { name: `L${d}`, owner: `Owner ${d}`, weight: 1, commitment: 1e6, children: [node, { name: `Side ${d}`, weight: 2, held: 1000 }] };
    return validPlan({
      title: "Large cascade",
      year: 2025,
      total: 1e9,
      cascade: {
        name: "O'Brien's 销售目标分解表 with a name longer than thirty-one",
        levels: ["Top", "L1", "L2", "L3", "L4", "L5", "Team", "Person"],
        targets: [{ id: "sales", name: "Sales", kind: "amount" }, { id: "customers", name: "Customers", kind: "count", total: 5000 }, ...rates],
        buffer: 0.1,
        seasonality: { months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
        commitments: { threshold: 0.1, reconcile: "blend", blend: 0.5 },
        letters: "managers",
        tracking: { level: "Team", asOf: "2025-06-30" },
        root: { name: "Top", owner: "CEO", children: [node] },
      },
    });
  };
  /** Plans at the sizes validation allows: many bands and tiers, wide grids, many splits, long rules, many rows, a deep and wide cascade. */
  const largePlans = (): [string, Plan][] => {
    const base = { title: "Large", year: 2025, total: 1e9 };
    const kpis = [{ id: "a", name: "A", weight: 100, target: 1 }];
    const people = Array.from({ length: 3 }, (_, i) => ({ name: `P${i}`, actuals: { a: 0.9 + i / 10 }, revenue: 1000 * i, revenueTarget: 1500 }));
    const bands = Array.from({ length: 300 }, (_, i) => ({ from: i / 3, pays: i / 300 }));
    const tiers = Array.from({ length: 300 }, (_, i) => ({ from: i / 100, rate: i / 10000 }));
    const rule = longestRule();
    return [
      ["300 bands, 300 marginal tiers", validPlan({ ...base, scorecard: { kpis, people, bands, commission: { tiers } } })],
      ["300 whole tiers, a single scorecard with bands", validPlan({ ...base, scorecard: { kpis, bands, commission: { tiers, mode: "whole", cap: 100 } } })],
      [
        "a 210-column grid, a 1,000-member split with a rest member",
        validPlan({
          ...base,
          splits: [
            { id: "r", kind: "region", members: [{ name: "E", weight: 2 }, { name: "W", weight: 1 }] },
            { id: "p", kind: "product", members: Array.from({ length: 210 }, (_, j) => ({ name: `P${j}`, weight: 1 + (j % 4) })) },
            { id: "c", kind: "channel", basis: "percent", members: Array.from({ length: 1000 }, (_, j) => (j === 500 ? { name: "rest", rest: true } : { name: `C${j}`, weight: 0.05 })) },
          ],
          grids: [{ id: "g", rows: "r", columns: "p" }],
        }),
      ],
      [
        "200 splits and 50 grids (the all-checks cell reads 250 checks)",
        validPlan({
          ...base,
          splits: [{ id: "q", kind: "quarter" }, ...Array.from({ length: 199 }, (_, i) => ({ id: `s${i}`, kind: "region", members: [{ name: "a", weight: 1 }, { name: "b", weight: 2 }] }))],
          grids: Array.from({ length: 50 }, (_, i) => ({ id: `g${i}`, rows: `s${i}`, columns: "q" })),
        }),
      ],
      [
        "50 KPIs with the longest rule validation takes",
        validPlan({ ...base, scorecard: { kpis: Array.from({ length: 50 }, (_, i) => ({ id: `k${i}`, name: `K${i}`, weight: 2, target: 1, rule, cap: 3 })), people: people.map((p) => ({ name: p.name })) } }),
      ],
      ["a cascade eight levels deep with a team of 50, 19 target types, a long quoted table name, letters and tracking", largeCascade()],
      [
        "1,000 tracking rows alternating higher and lower",
        validPlan({ ...base, tracking: { rows: Array.from({ length: 1000 }, (_, i) => ({ name: `I${i}`, direction: i % 2 ? "lower" : "higher", target: { each: 10 }, actuals: [9, 11, null, null, null, null, null, null, null, null, null, null] })) } }),
      ],
    ];
  };
  const specs = (): [string, WorkbookSpec][] => {
    const out: [string, WorkbookSpec][] = [];
    for (const file of fs.readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".json"))) {
      const plan = validPlan(JSON.parse(fs.readFileSync(path.join(ROOT, "examples", file), "utf8")));
      for (const lang of ["en", "zh"] as const) out.push([`${file} (${lang})`, buildPlanWorkbook(plan, { lang, live: true })]);
    }
    out.push(["quarterly split with months", buildQuarterlySplit({ names: ["A", "B"], annual: [100, 7], weights: [1, 2, 3, 4], unit: 1, months: true, lang: "en", live: true })]);
    for (const [name, plan] of largePlans()) out.push([name, buildPlanWorkbook(plan, { lang: "zh", live: true })]);
    return out;
  };
  const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  let all: [string, WorkbookSpec][];
  /** How many of them are the large plans (the last ones). */
  let large: number;
  beforeAll(() => {
    all = specs();
    large = largePlans().length;
  });

  test("every formula of every sheet kind, as the .xlsx file stores it (cells, conditional formats, names)", async () => {
    let checked = 0;
    /** Formulas checked per sheet kind, the sheets' files found through the workbook's relationships. */
    const byKind = new Map<string, number>();
    for (const [name, spec] of all) {
      const zip = await JSZip.loadAsync(await writeXlsx(spec));
      const book = await zip.file("xl/workbook.xml")!.async("string");
      const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
      const target = new Map([...rels.matchAll(/<Relationship\b[^>]*\bId="([^"]+)"[^>]*\bTarget="([^"]+)"/g)].map((m) => [m[1], `xl/${m[2].replace(/^\/?xl\//, "")}`]));
      const kindOf = new Map<string, string>();
      for (const m of book.matchAll(/<sheet\b[^>]*\bname="([^"]+)"[^>]*\br:id="([^"]+)"/g)) {
        const sheet = spec.sheets.find((x) => x.name === unescape(m[1]));
        if (sheet) kindOf.set(target.get(m[2])!, sheet.kind);
      }
      for (const file of Object.keys(zip.files).filter((f) => /^xl\/worksheets\/[^/]+\.xml$/.test(f) || f === "xl/workbook.xml")) {
        const xml = await zip.file(file)!.async("string");
        const kind = file === "xl/workbook.xml" ? "names" : (kindOf.get(file) ?? "other");
        for (const m of xml.matchAll(/<f(?:\s[^>]*)?>([^<]*)<\/f>|<formula>([^<]*)<\/formula>|<definedName\b[^>]*>([^<]*)<\/definedName>/g)) {
          expectWithinExcelLimits(unescape(m[1] ?? m[2] ?? m[3]), `${name}: ${file}`);
          checked++;
          byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
        }
      }
    }
    // Every sheet kind's formulas came through the check, the letters (notes) among them.
    expect([...byKind.keys()].sort()).toEqual(["dashboard", "decomposition", "names", "notes", "scorecard", "split", "tracking"]);
    expect(byKind.get("notes")).toBeGreaterThan(500);
    expect(checked).toBeGreaterThan(20000);
  });

  test("every formula and live variant of every spec, as the builders give them", () => {
    let checked = 0;
    for (const [, spec] of all) checked += expectSpecWithinExcelLimits(spec);
    expect(checked).toBeGreaterThan(20000);
  });

  test("the Office.js writer writes the large workbooks into the fake Excel, which refuses formulas past a limit as Excel does", async () => {
    const host = (fake: FakeExcel) => ({ run: fake.run as unknown as ExcelRunner, supports: () => true, sleep: async () => undefined });
    for (const [name, spec] of all.slice(-large)) {
      const fake = new FakeExcel();
      await expect(writeSheetSpec(spec, host(fake)).then(() => name)).resolves.toBe(name);
    }
    const deep = `${"ABS(".repeat(65)}1${")".repeat(65)}`;
    const fake = new FakeExcel();
    const refused = await writeSheetSpec({ sheets: [{ name: "S", kind: "notes", rows: [[{ f: deep }]] }], names: [] }, host(fake)).then(
      () => "written",
      (e: Error) => e.message,
    );
    expect(refused).not.toBe("written");
    expect(fake.workbook.sheets.map((s) => s.name)).not.toContain("S");
  });
});

describe("data validations keep their bounds", () => {
  /**
   * Each `<dataValidation>` of a sheet's XML by its sqref: its operator and formulas. The
   * schema gives `operator` a default (ECMA-376 Part 1, 18.3.1.32 dataValidation:
   * `<xsd:attribute name="operator" type="ST_DataValidationOperator" use="optional" default="between"/>`),
   * so an absent operator is "between".
   */
  const validationsOf = (xml: string) =>
    Object.fromEntries(
      [...xml.matchAll(/<dataValidation\b([^>]*)>(.*?)<\/dataValidation>/g)].map((m) => [
        /\bsqref="([^"]*)"/.exec(m[1])![1],
        { type: /\btype="([^"]*)"/.exec(m[1])?.[1], operator: /\boperator="([^"]*)"/.exec(m[1])?.[1] ?? "between", formulas: [...m[2].matchAll(/<formula\d>([^<]*)<\/formula\d>/g)].map((f) => f[1]) },
      ]),
    );

  test("a minimum, a maximum, and both: each in the file with its operator and bounds (between keeps its maximum)", async () => {
    // "between" takes formula1 and formula2 (the bounds), the one-sided operators formula1 only.
    const sheet: SheetSpec = {
      name: "V",
      kind: "notes",
      rows: [[{ v: 1 }, { v: 2 }, { v: 0.5 }]],
      validations: [
        { range: "A1", min: 0, message: "0 or more" },
        { range: "B1", max: 5, message: "5 or less" },
        { range: "C1", min: 0, max: 1, message: "0 % to 100 %" },
      ],
    };
    const got = validationsOf(await xmlOf(await writeXlsx({ sheets: [sheet], names: [] }), { sheet: "V" }));
    expect(got).toEqual({
      A1: { type: "decimal", operator: "greaterThanOrEqual", formulas: ["0"] },
      B1: { type: "decimal", operator: "lessThanOrEqual", formulas: ["5"] },
      C1: { type: "decimal", operator: "between", formulas: ["0", "1"] },
    });
  });

  test("the tracking sheet's green and yellow lines keep both bounds in the file", async () => {
    const v = validatePlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../examples/seed-plan.json"), "utf8")));
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    const spec = buildPlanWorkbook(v.plan, { lang: "en", asOf: "2025-06-30" });
    const bytes = await writeXlsx(spec);
    let between = 0;
    for (const sheet of spec.sheets) {
      const bounded = (sheet.validations ?? []).filter((v) => v.min !== undefined && v.max !== undefined);
      if (bounded.length === 0) continue;
      const got = validationsOf(await xmlOf(bytes, { sheet: sheet.name }));
      for (const v of bounded) {
        expect(got[v.range]).toEqual({ type: "decimal", operator: "between", formulas: [String(v.min), String(v.max)] });
        between++;
      }
    }
    expect(between).toBeGreaterThan(0);
  });
});
