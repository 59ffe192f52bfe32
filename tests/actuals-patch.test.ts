/**
 * An .xlsx patched at the level of its zip (src/xlsx/patch.ts): the actual cells set to
 * numbers, every other part byte for byte — the dashboard's chart parts above all, which an
 * ExcelJS round trip drops — the patched cells' styles kept, formulas never written over, the
 * cached results of the formulas that read the new numbers dropped (LibreOffice computes a
 * formula without one; Excel recalculates everything on `fullCalcOnLoad`), and the reading
 * side (shared and inline strings, rich text, a namespace prefix, rows without `r`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import JSZip from "jszip";
import { validatePlan } from "../src/sheets/plan";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { PatchError, XlsxPackage, fullCalcOnLoad, withoutCachedResults } from "../src/xlsx/patch";
import { readXlsxCells } from "../src/xlsx/read";
import { writeXlsx } from "../src/xlsx/write";
import { CHART_PARTS, partsOf, withDashboardChart } from "./helpers/chart-parts";

const plan = (() => {
  const checked = validatePlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../examples/team-8-reps.json"), "utf8")));
  if (!checked.ok) throw new Error("examples/team-8-reps.json does not validate");
  return checked.plan;
})();

let base: Uint8Array;
let charted: Uint8Array;
beforeAll(async () => {
  base = await writeXlsx(buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-06-30" }));
  charted = await withDashboardChart(base, "Monthly tracking", 8);
});

/** A package made of the parts given (paths → XML), with the content types and relationships an .xlsx needs. */
async function handMade(sheetXml: string, extra: Record<string, string> = {}, workbookXml?: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
  zip.file(
    "xl/workbook.xml",
    workbookXml ?? '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  zip.file("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>');
  zip.file("xl/worksheets/sheet1.xml", sheetXml);
  for (const [p, x] of Object.entries(extra)) zip.file(p, x);
  return zip.generateAsync({ type: "uint8array" });
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

describe("patching cells at the zip level", () => {
  it("keeps every part it does not patch byte for byte, the dashboard's chart parts above all", async () => {
    const pkg = await XlsxPackage.open(charted);
    const out = await pkg.patchCells([{ sheet: "Monthly tracking", cells: [{ address: "T6", value: 45.5 }, { address: "V7", value: 1.2345 }] }]);
    const before = await partsOf(charted);
    const after = await partsOf(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    const changed = [...before.keys()].filter((p) => !before.get(p)!.equals(after.get(p)!));
    // The tracking sheet and the dashboard sheet whose formula reads it (its cached result
    // dropped); workbook.xml is as it was, its calcPr marked fullCalcOnLoad already (ExcelJS's).
    expect(changed.sort()).toEqual(["xl/worksheets/sheet2.xml", "xl/worksheets/sheet99.xml"]);
    expect(after.get("xl/workbook.xml")!.toString()).toMatch(/<calcPr [^>]*fullCalcOnLoad="1"/);
    for (const p of CHART_PARTS.filter((x) => !x.endsWith("sheet99.xml"))) expect(after.get(p)!.equals(before.get(p)!)).toBe(true);
    // The dashboard sheet differs only by its formula's cached result.
    expect(after.get("xl/worksheets/sheet99.xml")!.toString()).toBe(withoutCachedResults(before.get("xl/worksheets/sheet99.xml")!.toString(), ""));
  });

  it("sets the numbers, keeps each cell's style, and leaves the targets beside them", async () => {
    const out = await (await XlsxPackage.open(base)).patchCells([{ sheet: "Monthly tracking", cells: [{ address: "T6", value: 45.5 }, { address: "R6", value: 43.1 }] }]);
    const sheetXml = async (b: Uint8Array) => (await JSZip.loadAsync(b)).file("xl/worksheets/sheet2.xml")!.async("string");
    const cell = (xml: string, a: string) => new RegExp(`<c r="${a}"[^>]*?(?:/>|>.*?</c>)`).exec(xml)![0];
    const [was, now] = [await sheetXml(base), await sheetXml(out)];
    expect(cell(now, "T6")).toBe(cell(was, "T6").replace("/>", "><v>45.5</v></c>"));
    expect(cell(now, "R6")).toBe(cell(was, "R6").replace(/<v>[^<]*<\/v>/, "<v>43.1</v>"));
    expect(cell(now, "S6")).toBe(cell(was, "S6"));
    const cells = await readXlsxCells(out);
    expect([cells["Monthly tracking"].T6.value, cells["Monthly tracking"].R6.value, cells["Monthly tracking"].S6.value]).toEqual([45.5, 43.1, cells["Monthly tracking"].S6.value]);
  });

  it("drops the patched sheet's cached formula results, and marks the workbook for a full recalculation on open", async () => {
    const out = await (await XlsxPackage.open(base)).patchCells([{ sheet: "Monthly tracking", cells: [{ address: "T6", value: 1 }] }]);
    const zip = await JSZip.loadAsync(out);
    const sheet = await zip.file("xl/worksheets/sheet2.xml")!.async("string");
    const withFormula = [...sheet.matchAll(/<c [^>]*>(?:(?!<\/c>).)*<f>(?:(?!<\/c>).)*<\/c>/g)].map((m) => m[0]);
    expect(withFormula.length).toBeGreaterThan(50);
    expect(withFormula.filter((c) => /<v>/.test(c) || / t="/.test(c))).toEqual([]);
    expect(await zip.file("xl/workbook.xml")!.async("string")).toMatch(/<calcPr [^>]*fullCalcOnLoad="1"/);
    // The scorecard reads nothing of the tracking sheet: kept as it was.
    const before = await JSZip.loadAsync(base);
    expect(await zip.file("xl/worksheets/sheet3.xml")!.async("string")).toBe(await before.file("xl/worksheets/sheet3.xml")!.async("string"));
  });

  it("refuses to write over a formula, and changes nothing", async () => {
    const pkg = await XlsxPackage.open(base);
    await expect(pkg.patchCells([{ sheet: "Monthly tracking", cells: [{ address: "T6", value: 1 }, { address: "AH6", value: 2 }] }])).rejects.toMatchObject({ kind: "formulaCell" });
    await expect(pkg.patchCells([{ sheet: "Nope", cells: [{ address: "A1", value: 1 }] }])).rejects.toBeInstanceOf(PatchError);
    await expect(pkg.patchCells([{ sheet: "Monthly tracking", cells: [{ address: "T6", value: NaN }] }])).rejects.toMatchObject({ kind: "badNumber" });
  });

  it("inserts missing cells and rows in order, with the row's or the column's style, and widens the dimension", async () => {
    const sheet = `<?xml version="1.0"?><worksheet ${NS}><dimension ref="A1:C3"/><cols><col min="4" max="5" width="9" style="7"/></cols><sheetData><row r="1" spans="1:3"><c r="A1"><v>1</v></c><c r="C1" s="2"/></row><row r="3" s="4" customFormat="1"><c r="B3"><v>3</v></c></row></sheetData></worksheet>`;
    const out = await (await XlsxPackage.open(await handMade(sheet))).patchCells([
      { sheet: "S", cells: [{ address: "B1", value: 10 }, { address: "C1", value: 11 }, { address: "E1", value: 12 }, { address: "A2", value: 20 }, { address: "A3", value: 30 }, { address: "A9", value: 90 }] },
    ]);
    const xml = await (await JSZip.loadAsync(out)).file("xl/worksheets/sheet1.xml")!.async("string");
    expect(xml).toContain(
      '<dimension ref="A1:E9"/><cols><col min="4" max="5" width="9" style="7"/></cols><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>10</v></c><c r="C1" s="2"><v>11</v></c><c r="E1" s="7"><v>12</v></c></row><row r="2"><c r="A2"><v>20</v></c></row><row r="3" s="4" customFormat="1"><c r="A3" s="4"><v>30</v></c><c r="B3"><v>3</v></c></row><row r="9"><c r="A9"><v>90</v></c></row></sheetData>',
    );
    expect((await (await XlsxPackage.open(out)).table("S"))[0]).toEqual([1, 10, 11, "", 12]);
  });

  it("writes over a shared or inline string, dropping its type", async () => {
    const sheet = `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr" s="3"><is><t>x</t></is></c></row></sheetData></worksheet>`;
    const out = await (await XlsxPackage.open(await handMade(sheet, { "xl/sharedStrings.xml": `<sst ${NS}><si><t>n/a</t></si></sst>` }))).patchCells([{ sheet: "S", cells: [{ address: "A1", value: 1 }, { address: "B1", value: 2 }] }]);
    const xml = await (await JSZip.loadAsync(out)).file("xl/worksheets/sheet1.xml")!.async("string");
    expect(xml).toContain('<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="3"><v>2</v></c></row>');
  });

  it("fills an empty sheetData", async () => {
    const out = await (await XlsxPackage.open(await handMade(`<worksheet ${NS}><dimension ref="A1"/><sheetData/></worksheet>`))).patchCells([{ sheet: "S", cells: [{ address: "B2", value: 5 }] }]);
    const xml = await (await JSZip.loadAsync(out)).file("xl/worksheets/sheet1.xml")!.async("string");
    expect(xml).toBe(`<worksheet ${NS}><dimension ref="A1:B2"/><sheetData><row r="2"><c r="B2"><v>5</v></c></row></sheetData></worksheet>`);
  });
});

describe("calcPr", () => {
  it("sets fullCalcOnLoad on an existing calcPr, or adds one after definedNames", () => {
    expect(fullCalcOnLoad('<workbook><sheets/><calcPr calcId="191029"/></workbook>')).toBe('<workbook><sheets/><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>');
    expect(fullCalcOnLoad('<workbook><calcPr fullCalcOnLoad="0"/></workbook>')).toBe('<workbook><calcPr fullCalcOnLoad="1"/></workbook>');
    expect(fullCalcOnLoad("<workbook><sheets/><definedNames/><pivotCaches/><extLst/></workbook>")).toBe('<workbook><sheets/><definedNames/><calcPr fullCalcOnLoad="1"/><pivotCaches/><extLst/></workbook>');
    expect(fullCalcOnLoad('<x:workbook xmlns:x="urn"><x:sheets/></x:workbook>')).toBe('<x:workbook xmlns:x="urn"><x:sheets/><x:calcPr fullCalcOnLoad="1"/></x:workbook>');
  });
});

describe("reading a package", () => {
  it("reads the stored plan, the sheets and the Check_ names of a workbook the add-in made", async () => {
    const pkg = await XlsxPackage.open(charted);
    expect(pkg.sheets.map((s) => [s.name, s.state])).toEqual([
      ["目标分解", "visible"],
      ["Monthly tracking", "visible"],
      ["Scorecard", "visible"],
      ["看板", "visible"],
      ["TargetPlanner", "veryHidden"],
    ]);
    expect(pkg.definedNames().find((d) => d.name === "Check_Tracking_Rows")).toEqual({ name: "Check_Tracking_Rows", sheet: "Monthly tracking", ref: "AK2" });
    expect((await pkg.storedPlan()) as unknown).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it("reads rich and phonetic shared strings, inline strings, booleans, errors, a prefix and rows without r", async () => {
    const sheet = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>张</x:t></x:r><x:r><x:t xml:space="preserve"> 伟</x:t></x:r></x:is></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row><x:row><x:c><x:f>A1&amp;"x"</x:f><x:v>7</x:v></x:c><x:c r="C2"><x:v>1.5E-3</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const strings = `<sst ${NS}><si><r><t>王</t></r><r><t>芳_x0009_</t></r><rPh sb="0" eb="1"><t>ワン</t></rPh></si></sst>`;
    const pkg = await XlsxPackage.open(await handMade(sheet, { "xl/sharedStrings.xml": strings }));
    expect(await pkg.table("S")).toEqual([
      ["王芳\t", "张 伟", true, "#N/A"],
      [7, "", 0.0015, ""],
    ]);
    expect((await pkg.cells("S", 1, 0, 1, 0))[0][0]).toEqual({ v: 7, f: 'A1&"x"' });
  });

  it("refuses what is not an .xlsx", async () => {
    await expect(XlsxPackage.open(new TextEncoder().encode("name,1月"))).rejects.toMatchObject({ kind: "notXlsx" });
  });
});
