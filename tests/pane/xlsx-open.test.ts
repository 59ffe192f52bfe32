/**
 * The workbench's .xlsx reader (src/xlsx/sparse-read.ts, parts.ts): what a file is, what
 * its cells are, what a rewrite would not carry over, and the package ExcelJS can load.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { CellValue } from "../../src/sheets/spec";
import { type SparseReadOptions, readXlsxSparse } from "../../src/xlsx/sparse-read";
import { readableByExcelJs, relativeTargets, resolveTarget, unkeptContents } from "../../src/xlsx/parts";
import { XlsxError } from "../../src/xlsx/errors";
import { XmlScanner, attribute } from "../../src/xlsx/xml-scan";
import { fastZip, packageOf, packageParts, zipBytes } from "./big-inputs";
import { salesTable, withChart, withChartDefaultNamespace, withCommentsAbsolute, withParts } from "./other-tools";

const FIXTURE = path.resolve(__dirname, "../fixtures/libreoffice-chart-note.xlsx");

type Cells = Map<string, Map<string, { v: CellValue; f?: string }>>;

/** Reads a file into "row,col" → cell maps per sheet. */
async function read(bytes: Uint8Array, options?: SparseReadOptions) {
  const cells: Cells = new Map();
  const result = await readXlsxSparse(
    bytes,
    ({ name }) => {
      const sheet = new Map<string, { v: CellValue; f?: string }>();
      cells.set(name, sheet);
      return { cell: (row, col, v, f) => sheet.set(`${row},${col}`, f === undefined ? { v } : { v, f }) };
    },
    options,
  );
  return { ...result, cells };
}

async function refusal(bytes: Uint8Array): Promise<string> {
  try {
    await read(bytes);
  } catch (error) {
    if (error instanceof XlsxError) return error.key;
    throw error;
  }
  throw new Error("the file was read");
}

describe("the XML scanner", () => {
  it("reports tags and text across pieces, with entities decoded and prefixes dropped", () => {
    const seen: string[] = [];
    const scanner = new XmlScanner({
      open: (name, tag, self) => seen.push(`<${name}${self ? "/" : ""} ${attribute(tag, "r") ?? ""}>`),
      close: (name) => seen.push(`</${name}>`),
      text: (text) => seen.push(text),
    });
    for (const piece of ['<?xml version="1.0"?><x:row r="1"><x:c r', '="A1" t="a>b"><!-- a > comment --><v>1 &lt; 2 &am', "p; &#x4E2D;</v></x:c><c r='B1'/></x:row>"]) {
      scanner.feed(piece);
    }
    scanner.end();
    expect(seen).toEqual(["<row 1>", "<c A1>", "<v >", "1 < 2 & 中", "</v>", "</c>", "<c/ B1>", "</c>", "</row>"]);
  });

  it("reads an attribute only by its own name, not inside another's value", () => {
    expect(attribute('c s="x r=&quot;A9&quot;" r="B2"', "r")).toBe("B2");
    expect(attribute('sheet name="Q r:id=1" r:id="rId3"', "r:id")).toBe("rId3");
    expect(attribute('c r="B2"', "t")).toBeUndefined();
  });

  it("refuses a token that never ends instead of holding it", () => {
    const scanner = new XmlScanner({ open() {}, close() {}, text() {} });
    expect(() => scanner.feed("<c " + "x".repeat(5 * 1024 * 1024))).toThrow(/damaged/);
  });
});

describe("reading an .xlsx sparsely", () => {
  it("reads every kind of cell as Excel stores it", async () => {
    const sheetData =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="str"><f>A1&amp;"!"</f><v>Rep!</v></c><c r="C1" t="inlineStr"><is><r><t>Li</t></r><r><t xml:space="preserve"> Na</t></r><rPh><t>LI</t></rPh></is></c></row>' +
      '<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="e"><v>#DIV/0!</v></c><c r="C2" t="d"><v>2025-01-31</v></c><c r="D2"><f>_xlfn.RANK.EQ(E2,E$2:E$3)</f><v>2</v></c><c r="E2"><v>1.5E3</v></c><c r="F2" s="3"/><c r="G2" t="s"><v>1</v></c></row>' +
      // cells without positions follow the one before; rows without numbers the row before
      '<row><c><v>7</v></c><c><v>8</v></c></row>';
    const bytes = await zipBytes(packageOf([{ name: "S", sheetData }], ["Rep", "line_x000D_two"]));
    const { cells, sheets } = await read(bytes);
    expect(Object.fromEntries(cells.get("S")!)).toEqual({
      "0,0": { v: "Rep" },
      "0,1": { v: "Rep!", f: 'A1&"!"' },
      "0,2": { v: "Li Na" },
      "1,0": { v: true },
      "1,1": { v: "#DIV/0!" },
      "1,2": { v: 45688 },
      "1,3": { v: 2, f: "RANK.EQ(E2,E$2:E$3)" },
      "1,4": { v: 1500 },
      "1,6": { v: "line\rtwo" },
      "2,0": { v: 7 },
      "2,1": { v: 8 },
    });
    expect(sheets).toEqual([{ name: "S", hidden: false, cells: 11, outside: 0 }]);
  });

  it("reads sheets in order with their state, names pointing at cells, and the 1904 date system", async () => {
    const parts = packageParts(
      [
        { name: "Sales", sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>' },
        { name: "TargetPlanner", sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>', state: "veryHidden" },
      ],
      [],
      "<definedName name=\"Check_Sum\">'Sales'!$A$1</definedName><definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">Sales!$A$1:$B$2</definedName><definedName name=\"Rate\">0.05</definedName>",
    );
    const { sheets, names } = await read(fastZip(parts));
    expect(sheets.map((s) => [s.name, s.hidden])).toEqual([
      ["Sales", false],
      ["TargetPlanner", true],
    ]);
    expect(names).toEqual([{ name: "Check_Sum", sheet: "Sales", ref: "A1" }]);
  });

  it("keeps one cell for a value at XFD1048576 and leaves out cells placed past the sheet, never folding them", async () => {
    const sheetData = '<row r="1048576"><c r="XFD1048576"><v>1</v></c><c r="XFE1048576"><v>2</v></c></row><row r="1048577"><c r="A1048577"><v>3</v></c></row>';
    const { cells, sheets } = await read(fastZip(packageParts([{ name: "S", sheetData }], [])));
    expect([...cells.get("S")!]).toEqual([["1048575,16383", { v: 1 }]]);
    expect(sheets[0].outside).toBe(2);
  });

  it("stops at the cell cap on a row boundary and says where; later sheets are listed unread; the plan sheet is read whole", async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>${r}</v></c><c r="B${r + 1}"><v>${r}</v></c></row>`).join("");
    const parts = packageParts(
      [
        { name: "Big", sheetData: rows(10) },
        { name: "TargetPlanner", sheetData: rows(3), state: "veryHidden" },
        { name: "After", sheetData: rows(2) },
      ],
      [],
    );
    const { cells, sheets, capped } = await read(fastZip(parts), { maxCells: 7 });
    expect(capped).toBe(true);
    expect(cells.get("Big")!.size).toBe(6);
    expect(sheets.map((s) => [s.name, s.cells, s.stoppedAtRow])).toEqual([
      ["Big", 6, 3],
      ["TargetPlanner", 6, undefined],
      ["After", 0, 0],
    ]);
  });

  it("reports progress up to the whole and stops when cancelled", async () => {
    const bytes = await zipBytes(packageOf([{ name: "S", sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>' }], []));
    const seen: [number, number][] = [];
    await read(bytes, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(([d, t], i) => d <= t && (i === 0 || d >= seen[i - 1][0]))).toBe(true);
    expect(seen[seen.length - 1][0]).toBe(seen[seen.length - 1][1]);
    const abort = new AbortController();
    abort.abort();
    await expect(read(bytes, { signal: abort.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("opens files with a chart or comments that ExcelJS cannot load, and says what they hold", async () => {
    for (const make of [withChartDefaultNamespace, withCommentsAbsolute]) {
      const bytes = await make(await salesTable());
      await expect(new ExcelJS.Workbook().xlsx.load(bytes as unknown as ArrayBuffer)).rejects.toThrow(TypeError);
      const { cells, unkept } = await read(bytes);
      expect(cells.get("Sales")!.get("2,1")).toEqual({ v: 1200 });
      expect(unkept.map((u) => u.kind)).toEqual([make === withChartDefaultNamespace ? "charts" : "comments"]);
    }
  });

  it("opens the chart and note LibreOffice wrote (tests/fixtures/libreoffice-chart-note.xlsx)", async () => {
    const { cells, unkept } = await read(new Uint8Array(fs.readFileSync(FIXTURE)));
    expect(cells.get("Sales")!.get("1,1")).toEqual({ v: 800 });
    expect(unkept).toEqual([
      { kind: "charts", count: 1 },
      { kind: "comments", count: 1 },
    ]);
  });
});

describe("what a file is", () => {
  it("refuses what is not an .xlsx, saying what it is", async () => {
    const zipOf = async (files: Record<string, string>) => {
      const zip = new JSZip();
      for (const [n, t] of Object.entries(files)) zip.file(n, t);
      return zip.generateAsync({ type: "uint8array" });
    };
    expect(await refusal(await zipOf({ "hello.txt": "hello" }))).toBe("xlsxNoWorkbook");
    expect(await refusal(await zipOf({ "word/document.xml": "<w/>", "_rels/.rels": "<Relationships/>" }))).toBe("xlsxNoWorkbook");
    expect(await refusal(await zipOf({ mimetype: "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>" }))).toBe("xlsxOds");
    expect(await refusal(await zipOf({ "xl/workbook.bin": "b" }))).toBe("xlsxBinary");
    expect(await refusal(new TextEncoder().encode("Rep,Annual\nLi,800\n"))).toBe("notXlsx");
    expect(await refusal(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]))).toBe("xlsxOldFormat");
    const whole = await zipBytes(packageOf([{ name: "S", sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>' }], []));
    expect(await refusal(whole.slice(0, Math.floor(whole.length * 0.6)))).toBe("xlsxDamaged");
  });

  it("names a damaged part", async () => {
    const bytes = fastZip(new Map([...packageParts([{ name: "S", sheetData: "" }], [])].map(([n, t]) => [n, n.endsWith("sheet1.xml") ? `<worksheet><sheetData><row>${"<".repeat(10)}${"x".repeat(5 * 1024 * 1024)}` : t])));
    await expect(read(bytes)).rejects.toMatchObject({ key: "xlsxDamaged", params: { part: "xl/worksheets/sheet1.xml" } });
  });

  it("refuses a zip bomb within its byte budget, in seconds", async () => {
    // 64 MB of blank, formatted cells: no value anywhere, only inflating.
    const blank = '<c r="A1" s="1"/>'.repeat(4 * 1024 * 1024);
    const bytes = fastZip(packageParts([{ name: "S", sheetData: `<row r="1">${blank}</row>` }], []), 9);
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const t0 = Date.now();
    await expect(read(bytes, { maxInflatedBytes: 16 * 1024 * 1024 })).rejects.toMatchObject({ key: "xlsxTooLarge" });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it("refuses a package of too many parts before unzipping it", async () => {
    const parts = new Map<string, string>([...packageParts([{ name: "S", sheetData: "" }], [])]);
    for (let i = 0; i < 20_001; i++) parts.set(`x/${i}`, "");
    expect(await refusal(fastZip(parts, 0))).toBe("xlsxTooManyParts");
  });
});

describe("what a rewrite does not carry over", () => {
  it("lists charts, pivot tables, pictures, comments, macros and other parts by kind", async () => {
    const bytes = await withParts(await JSZip.loadAsync(await withChart(await salesTable())), {
      "xl/pivotTables/pivotTable1.xml": "<pivotTableDefinition/>",
      "xl/pivotCache/pivotCacheDefinition1.xml": "<pivotCacheDefinition/>",
      "xl/vbaProject.bin": "vba",
      "xl/externalLinks/externalLink1.xml": "<externalLink/>",
      "xl/comments1.xml": "<comments/>",
      "xl/drawings/drawing2.xml": '<xdr:wsDr xmlns:xdr="x"><xdr:oneCellAnchor><xdr:pic/></xdr:oneCellAnchor><xdr:twoCellAnchor><xdr:sp/></xdr:twoCellAnchor></xdr:wsDr>',
      "xl/media/image1.png": "png",
      "docProps/custom.xml": '<Properties><property name="MSIP_Label"/></Properties>',
      "xl/strange/thing.bin": "?",
    });
    expect(await unkeptContents(await JSZip.loadAsync(bytes))).toEqual([
      { kind: "charts", count: 1 },
      { kind: "pivotTables", count: 1 },
      { kind: "pictures", count: 2 },
      { kind: "comments", count: 1 },
      { kind: "macros", count: 1 },
      { kind: "externalLinks", count: 1 },
      { kind: "customProperties", count: 1 },
      { kind: "other", count: 1, parts: ["xl/strange/thing.bin"] },
    ]);
  });

  it("lists nothing for a workbook ExcelJS or Target Planner wrote", async () => {
    expect(await unkeptContents(await salesTable())).toEqual([]);
  });
});

describe("the package ExcelJS can load", () => {
  it("resolves and relativises relationship targets", () => {
    expect(resolveTarget("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml")).toBe("xl/drawings/drawing1.xml");
    expect(resolveTarget("xl/workbook.xml", "/xl/worksheets/data.xml")).toBe("xl/worksheets/data.xml");
    expect(relativeTargets('<Relationship Id="r" Type="t" Target="/xl/tables/table1.xml"/><Relationship Id="h" Type="t" Target="https://x.cn" TargetMode="External"/>', "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml")).toBe(
      '<Relationship Id="r" Type="t" Target="../tables/table1.xml"/><Relationship Id="h" Type="t" Target="https://x.cn" TargetMode="External"/>',
    );
  });

  it("takes out the drawings and comments ExcelJS fails on, keeping every cell", async () => {
    for (const make of [withChartDefaultNamespace, withCommentsAbsolute]) {
      const fixed = await readableByExcelJs(await make(await salesTable()));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(fixed as unknown as ArrayBuffer);
      expect(wb.getWorksheet("Sales")!.getCell("B3").value).toBe(1200);
      const names = Object.keys((await JSZip.loadAsync(fixed)).files);
      expect(names.filter((n) => !n.endsWith("/") && /drawing|comment/i.test(n))).toEqual([]);
    }
  });

  it("renames a worksheet part ExcelJS would silently leave out", async () => {
    const parts = packageParts(
      [
        { name: "Sales", sheetData: '<row r="1"><c r="A1"><v>5</v></c></row>' },
        { name: "Other", sheetData: '<row r="1"><c r="A1"><v>7</v></c></row>' },
      ],
      [],
    );
    const odd = new Map([...parts].map(([n, t]) => [n === "xl/worksheets/sheet2.xml" ? "xl/worksheets/data.xml" : n, n === "xl/_rels/workbook.xml.rels" ? t.replace("worksheets/sheet2.xml", "worksheets/data.xml") : t]));
    const bytes = fastZip(odd);
    const before = new ExcelJS.Workbook();
    await before.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(before.worksheets.map((w) => w.name)).toEqual(["Sales"]);
    const after = new ExcelJS.Workbook();
    await after.xlsx.load((await readableByExcelJs(bytes)) as unknown as ArrayBuffer);
    expect(after.worksheets.map((w) => [w.name, w.getCell("A1").value])).toEqual([
      ["Sales", 5],
      ["Other", 7],
    ]);
  });

  it("gives back bytes that need no change as they are", async () => {
    const bytes = new Uint8Array(await (await salesTable()).generateAsync({ type: "uint8array" }));
    expect(await readableByExcelJs(bytes)).toBe(bytes);
  });
});
