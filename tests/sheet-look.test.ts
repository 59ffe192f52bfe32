/*
 * A sheet worth sending to reps (issue 16, the workbook side): the rounding work's helper
 * columns grouped, collapsed, labelled and formatted without binary noise, in the specs the
 * builders make and in what both writers put in a workbook (the .xlsx read back with ExcelJS
 * and as XML; the Office.js writer against the fake Excel, which learns groups and hidden
 * columns with Microsoft's rules); amounts shown in 万元 when the manager asks; and the rows
 * whose annual target leaves an odd amount, said in words. LibreOffice's recalculation and the
 * printed pictures are in tests/sheet-look.engine.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { splitTotal } from "../src/core/split";
import { buildQuarterlySplit, quarterlySplitInputOf, quarterlySplitRecord, type QuarterlySplitInput } from "../src/sheets/quarterly";
import { buildDecompositionSheet } from "../src/sheets/decomposition";
import { WORK_FORMATS, amountFormatFor, cellA1, colIndex, parseA1, valueDecimals } from "../src/sheets/formulas";
import { labels } from "../src/sheets/i18n";
import { describeOddAmount, oddAmounts, unitWords } from "../src/sheets/odd-amounts";
import { validatePlan } from "../src/sheets/plan";
import { MAX_OUTLINE_LEVEL, columnOutline, columnSpan, type CellSpec, type SheetSpec, type WorkbookSpec } from "../src/sheets/spec";
import { XlsxError } from "../src/xlsx/errors";
import { addToXlsx, findOccupiedXlsx, markCollapsed, writeXlsx } from "../src/xlsx/write";
import { WriterError } from "../src/excel/messages";
import { degradedFeatures, missingRequirements, optionalRequirementsOf } from "../src/excel/requirements";
import { type ExcelRunner, type WriterOptions, findOccupied, writeSheetSpec } from "../src/excel/write";
import { DEFAULT_COLUMN_WIDTH, FakeExcel } from "./fake-excel/fake-excel";

const host = (fake: FakeExcel, extra: Partial<WriterOptions> = {}): WriterOptions => ({
  run: fake.run as unknown as ExcelRunner,
  supports: fake.supports,
  sleep: async () => undefined,
  ...extra,
});

/** Eight reps as a manager pastes them; three targets are not whole 万元 (975,000; 1,817,500; 1,199,999). */
const TEAM: QuarterlySplitInput = {
  names: ["Zhang Wei", "Li Na", "Wang Fang", "Liu Yang", "Chen Jing", "Yang Lei", "Zhao Min", "Huang Tao"],
  annual: [975000, 1817500, 1199999, 1200000, 800000, 2400000, 1500000, 960000],
  weights: [25, 30, 25, 20],
  unit: 10000,
  currency: "元",
  lang: "en",
};

/** Every cell of a sheet with its absolute row and column. */
function cellsOf(sheet: SheetSpec): { row: number; col: number; cell: CellSpec }[] {
  const o = parseA1(sheet.origin ?? "A1");
  const out: { row: number; col: number; cell: CellSpec }[] = [];
  sheet.rows.forEach((r, i) => r.forEach((c, j) => c && out.push({ row: o.row + i, col: o.col + j, cell: c })));
  return out;
}
const cellAt = (sheet: SheetSpec, a1: string): CellSpec | undefined => {
  const p = parseA1(a1);
  return cellsOf(sheet).find((c) => c.row === p.row && c.col === p.col)?.cell;
};
/** The number format the spec's formats give a cell (the last one that sets one wins). */
const numFmtAt = (sheet: SheetSpec, row: number, col: number): string | undefined => {
  let fmt: string | undefined;
  for (const f of sheet.formats ?? []) {
    const [a, b = a] = f.range.split(":").map(parseA1);
    if (f.numFmt !== undefined && row >= a.row && row <= b.row && col >= a.col && col <= b.col) fmt = f.numFmt;
  }
  return fmt;
};
/** Columns the sheet shows (not hidden by a collapsed group) that hold something, as letters. */
const shownColumns = (sheet: SheetSpec): number[] => {
  const hidden = columnOutline(sheet).hidden;
  return [...new Set(cellsOf(sheet).map((c) => c.col))].filter((c) => !hidden.has(c)).sort((a, b) => a - b);
};

describe("the quarterly split a rep opens: names, targets, quarters, totals, checks", () => {
  const spec = buildQuarterlySplit(TEAM);
  const sheet = spec.sheets[0];
  const L = labels("en");

  test("the 24 helper columns (J:AG) are one collapsed column group; nothing else is grouped", () => {
    expect(sheet.columnGroups).toEqual([{ columns: "J:AG", collapsed: true }]);
    const span = columnSpan("J:AG")!;
    expect(span.last - span.first + 1).toBe(24);
    // Every cell right of the gap column is rounding work, and all of it is in the group.
    const work = cellsOf(sheet).filter((c) => c.col > colIndex("I"));
    expect(work.length).toBeGreaterThan(24 * 8);
    for (const c of work) expect(columnOutline(sheet).hidden.has(c.col)).toBe(true);
  });

  test("what shows: Name, Annual, Q1–Q4, Total, Check, and the group's label in the column beside it", () => {
    expect(shownColumns(sheet).map((c) => cellA1(0, c).replace(/\d+/, ""))).toEqual(["A", "B", "C", "D", "E", "F", "G", "H", "I"]);
    expect(["A4", "B4", "C4", "D4", "E4", "F4", "G4", "H4"].map((a) => (cellAt(sheet, a) as { v: string }).v)).toEqual(["Name", "Annual (元)", "Q1", "Q2", "Q3", "Q4", "Total (元)", "Check"]);
    expect(cellAt(sheet, "I4")).toEqual({ v: "Rounding work (hidden)" });
    expect(cellsOf(sheet).filter((c) => c.col === colIndex("I")).map((c) => c.cell)).toEqual([{ v: "Rounding work (hidden)" }]);
    expect(buildQuarterlySplit({ ...TEAM, lang: "zh" }).sheets[0].rows[3][8]).toEqual({ v: "取整计算（已隐藏）" });
    // The label fits its column: the header row keeps one line.
    expect(sheet.columnWidths![8]).toBeGreaterThanOrEqual("Rounding work (hidden)".length);
  });

  test("every helper cell has a number format that says what it is: counts, fractions of a unit, the tolerance, the odd amount", () => {
    const row = 4; // Zhang Wei's row (0-based), 5 on the sheet
    const fmt = (letters: string): string | undefined => numFmtAt(sheet, row, colIndex(letters));
    // n0, n, left | cut | tie tol. | cut + tol. | slots | odd
    expect(["J", "K", "L", "M", "N", "O", "P", "Q"].map(fmt)).toEqual([WORK_FORMATS.count, WORK_FORMATS.count, WORK_FORMATS.count, WORK_FORMATS.fraction, WORK_FORMATS.tolerance, WORK_FORMATS.fraction, WORK_FORMATS.count, "#,##0"]);
    // Exact units, whole units, remainders, tie counts: four columns each.
    expect(["R", "U", "V", "Y", "Z", "AC", "AD", "AG"].map(fmt)).toEqual([
      WORK_FORMATS.fraction, WORK_FORMATS.fraction, WORK_FORMATS.count, WORK_FORMATS.count, WORK_FORMATS.fraction, WORK_FORMATS.fraction, WORK_FORMATS.count, WORK_FORMATS.count,
    ]);
    // The weights row's two helpers: the weights' sum as typed, the heaviest quarter's position.
    expect([numFmtAt(sheet, 2, colIndex("J")), numFmtAt(sheet, 2, colIndex("K"))]).toEqual(["General", "0"]);
    // The visible amounts: whole 元 here.
    expect(numFmtAt(sheet, row, colIndex("C"))).toBe("#,##0");
  });

  test("with months, all five blocks of work (quarters, then each quarter's months) are in the group", () => {
    const s = buildQuarterlySplit({ ...TEAM, months: true }).sheets[0];
    const width = Math.max(...s.rows.map((r) => r.length));
    // Name, Annual, Q1–Q4, Jan–Dec, Total, Check (20 columns), the label, then the work to the end.
    expect(s.columnGroups).toEqual([{ columns: `${cellA1(0, 21).replace(/\d+/, "")}:${cellA1(0, width - 1).replace(/\d+/, "")}`, collapsed: true }]);
    expect(shownColumns(s)).toEqual(Array.from({ length: 21 }, (_, i) => i));
  });

  test("exact shares have no rounding work and no group", () => {
    const s = buildQuarterlySplit({ ...TEAM, unit: 0 }).sheets[0];
    expect(s.columnGroups).toBeUndefined();
    expect(Math.max(...s.rows.map((r) => r.length))).toBe(8);
  });

  test("beside the manager's table (alignTo D2), the group is absolute: M:AJ, right of the block's label in L", () => {
    const s = buildQuarterlySplit({ ...TEAM, existingSheet: "Sales", alignTo: "D2" }).sheets[0];
    expect(s.columnGroups).toEqual([{ columns: "M:AJ", collapsed: true }]);
    expect(cellAt(s, "L1")).toEqual({ v: "Rounding work (hidden)" });
    expect(s.rowHeights).toBeUndefined(); // the manager's own rows keep their heights
  });

  test("the note wraps over the merged row, which gets the height of its lines on a new sheet", () => {
    expect(sheet.formats!.find((f) => f.range === "A2")).toMatchObject({ wrap: true, italic: true });
    expect(sheet.merges).toContain("A2:H2");
    expect(sheet.rowHeights).toEqual([{ row: 2, points: 45 }]);
    expect((cellAt(sheet, "A2") as { v: string }).v).toContain(L.oddTo("10,000 元", "Q2"));
  });
});

describe("the decomposition's rounding work", () => {
  const plan = (() => {
    const v = validatePlan(JSON.parse(fs.readFileSync(path.join(__dirname, "../examples/seed-plan.json"), "utf8")));
    if (!v.ok) throw new Error("examples/seed-plan.json does not validate");
    return v.plan;
  })();
  const { sheet } = buildDecompositionSheet(plan, { lang: "zh" });

  test("one collapsed group over every work column; the label in row 1 left of it; everything else shows", () => {
    expect(sheet.columnGroups).toHaveLength(1);
    const span = columnSpan(sheet.columnGroups![0].columns)!;
    expect(sheet.columnGroups![0].collapsed).toBe(true);
    const work = cellsOf(sheet).filter((c) => typeof (c.cell as { v?: unknown }).v !== "string" && c.col >= span.first);
    expect(work.length).toBeGreaterThan(0);
    for (const c of cellsOf(sheet)) if (c.col >= span.first) expect(c.col).toBeLessThanOrEqual(span.last);
    expect(cellsOf(sheet).filter((c) => c.col === span.first - 1).map((c) => c.cell)).toEqual([{ v: "取整计算（已隐藏）" }]);
    expect(cellsOf(sheet).find((c) => c.col === span.first - 1)!.row).toBe(0);
  });

  test("work cells are formatted: fractions of a unit with three decimals, the tolerance in scientific notation, counts whole", () => {
    const span = columnSpan(sheet.columnGroups![0].columns)!;
    const formulaRows = cellsOf(sheet).filter((c) => c.col >= span.first && "f" in c.cell);
    for (const c of formulaRows) expect(numFmtAt(sheet, c.row, c.col)).toBeDefined();
    const fmts = new Set(formulaRows.map((c) => numFmtAt(sheet, c.row, c.col)));
    for (const f of [WORK_FORMATS.fraction, WORK_FORMATS.tolerance, WORK_FORMATS.count, WORK_FORMATS.position]) expect(fmts).toContain(f);
  });
});

describe("amounts shown in 万元 (display: 万元)", () => {
  const input: QuarterlySplitInput = { ...TEAM, display: "万元" };
  const spec = buildQuarterlySplit(input);
  const sheet = spec.sheets[0];

  test("the annual cells hold 万元 (97.5, 181.75, 119.9999), the quarters are core's split of them rounded to 1 万元", () => {
    expect(["B5", "B6", "B7"].map((a) => (cellAt(sheet, a) as { v: number }).v)).toEqual([97.5, 181.75, 119.9999]);
    TEAM.annual.forEach((a, i) => {
      const quarters = splitTotal(a / 10000, [TEAM.weights], { unit: 1 })[0];
      expect(["C", "D", "E", "F"].map((c) => (cellAt(sheet, `${c}${5 + i}`) as { expect: number }).expect)).toEqual(quarters);
      // The same split as in 元, shown in 万元.
      const yuan = splitTotal(a, [TEAM.weights], { unit: 10000 })[0];
      quarters.forEach((q, k) => expect(q * 10000).toBeCloseTo(yuan[k], 6));
    });
  });

  test("the formulas round to 1 (万元), not 10,000", () => {
    const q2 = (cellAt(sheet, "D5") as { f: string }).f;
    expect(q2).not.toContain("10000");
    expect((cellAt(sheet, "J5") as { f: string }).f).toBe("INT($B5/1+MIN(1E-9*MAX(1,$B5/1),1E-4))"); // whole 万元 in the amount
    expect((cellAt(sheet, "K5") as { f: string }).f).toBe("J5+((J5+1)-$B5<=$B5*2^-50)");
  });

  test("headers and note say 万元; the note names the quarter that gets the odd amounts", () => {
    expect((cellAt(sheet, "B4") as { v: string }).v).toBe("Annual (万元)");
    expect((cellAt(sheet, "G4") as { v: string }).v).toBe("Total (万元)");
    const note = (cellAt(sheet, "A2") as { v: string }).v;
    expect(note.startsWith("Amounts in 万元 (1 万元 = 10,000 元).")).toBe(true);
    expect(note).toContain("Parts rounded to 1 万元");
    expect(note).toContain("the odd amount goes to Q2");
    const zh = (buildQuarterlySplit({ ...input, lang: "zh" }).sheets[0].rows[1][0] as { v: string }).v;
    expect(zh).toContain("金额单位：万元");
    expect(zh).toContain("零头计入权重最大的季度 Q2");
  });

  test("amounts show their decimals (181.75 is not shown as 182), each row as many as its target needs, the total row the most", () => {
    // Zhang Wei 97.5, Li Na 181.75, Wang Fang 119.9999, Liu Yang 120; the total 1,085.2499.
    expect([4, 5, 6, 7, 12].map((r) => numFmtAt(sheet, r, colIndex("D")))).toEqual(["#,##0.0", "#,##0.00", "#,##0.0000", "#,##0", "#,##0.0000"]);
    expect([colIndex("B"), colIndex("G")].map((c) => numFmtAt(sheet, 5, c))).toEqual(["#,##0.00", "#,##0.00"]);
    expect(amountFormatFor(1, [97.5, 181.75])).toBe("#,##0.00");
    expect(valueDecimals(0.1 + 0.2)).toBe(1);
  });

  test("the choice is stored with the split, and the record builds the same sheet again", () => {
    const record = quarterlySplitRecord(input);
    expect(record.quarterlySplit.display).toBe("万元");
    expect(record.quarterlySplit.annual).toEqual(TEAM.annual); // the record keeps 元
    const again = quarterlySplitInputOf(JSON.parse(JSON.stringify(spec.plan)))!;
    expect(buildQuarterlySplit(again)).toEqual(spec);
    expect(quarterlySplitInputOf({ ...record, quarterlySplit: { ...record.quarterlySplit, display: "千元" } })).toBeUndefined();
    expect(quarterlySplitRecord(TEAM).quarterlySplit).not.toHaveProperty("display");
  });

  test("without display the sheet stays in 元, as before", () => {
    expect((cellAt(buildQuarterlySplit(TEAM).sheets[0], "B5") as { v: number }).v).toBe(975000);
  });
});

describe("odd amounts: which rows, how much, which quarter", () => {
  test("the seed figures with 25/30/25/20 and 万元: 975,000 → 5,000, 1,817,500 → 7,500, 1,199,999 → 9,999, each to Q2", () => {
    expect(oddAmounts({ names: ["a", "b", "c", "d"], annual: [975000, 1817500, 1199999, 1200000], weights: [25, 30, 25, 20], unit: 10000 })).toEqual([
      { row: 0, name: "a", annual: 975000, odd: 5000, quarter: 2 },
      { row: 1, name: "b", annual: 1817500, odd: 7500, quarter: 2 },
      { row: 2, name: "c", annual: 1199999, odd: 9999, quarter: 2 },
    ]);
  });
  test("the quarter is the first of the largest weight (core's heaviest), and the odd amount is what splitTotal adds there", () => {
    const o = oddAmounts({ names: ["x"], annual: [6047500], weights: [30, 20, 30, 20], unit: 10000 });
    expect(o).toEqual([{ row: 0, name: "x", annual: 6047500, odd: 7500, quarter: 1 }]);
    const parts = splitTotal(6047500, [[30, 20, 30, 20]], { unit: 10000 })[0];
    expect(parts.map((p) => p % 10000)).toEqual([7500, 0, 0, 0]);
  });
  test("no odd rows: whole units, binary noise (0.3 in units of 0.1), exact shares, zero weights, zero targets", () => {
    expect(oddAmounts({ names: ["a"], annual: [1200000], weights: [1, 1, 1, 1], unit: 10000 })).toEqual([]);
    expect(oddAmounts({ names: ["a"], annual: [0.1 + 0.2], weights: [1, 1, 1, 1], unit: 0.1 })).toEqual([]);
    expect(oddAmounts({ names: ["a"], annual: [975000], weights: [1, 1, 1, 1], unit: 0 })).toEqual([]);
    expect(oddAmounts({ names: ["a"], annual: [975000], weights: [0, 0, 0, 0], unit: 10000 })).toEqual([]);
    expect(oddAmounts({ names: ["a"], annual: [0], weights: [1, 1, 1, 1], unit: 10000 })).toEqual([]);
  });
  test("in 万元 (annual 604.75, unit 1): the 0.75 goes to Q2", () => {
    expect(oddAmounts({ names: ["x"], annual: [604.75], weights: [25, 30, 25, 20], unit: 1 })).toEqual([{ row: 0, name: "x", annual: 604.75, odd: 0.75, quarter: 2 }]);
  });
  test("the sentences the pane shows, in both languages", () => {
    const [o] = oddAmounts({ names: ["x"], annual: [6047500], weights: [25, 30, 25, 20], unit: 10000 });
    expect(describeOddAmount(o, 10000, "en")).toBe("6,047,500 is not a whole number of 万元: the 7,500 goes to Q2.");
    expect(describeOddAmount(o, 10000, "zh")).toBe("6,047,500 不是万元的整数倍：零头 7,500 计入 Q2。");
    const [w] = oddAmounts({ names: ["x"], annual: [604.75], weights: [25, 30, 25, 20], unit: 1 });
    expect(describeOddAmount(w, 1, "en", "万元")).toBe("604.75 is not a whole number of 万元: the 0.75 goes to Q2.");
    expect([unitWords(1), unitWords(10), unitWords(0.01), unitWords(100000000)]).toEqual(["元", "10 元", "0.01 元", "亿元"]);
  });
});

// ---- the .xlsx writer -----------------------------------------------------------------------

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}
async function sheetXml(bytes: Uint8Array, index = 1): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file(`xl/worksheets/sheet${index}.xml`)!.async("string");
}
/** The `<col>` elements of a worksheet part, as { min, max, attributes }. */
function colsOf(xml: string): { min: number; max: number; attrs: Record<string, string> }[] {
  const block = /<cols>([\s\S]*?)<\/cols>/.exec(xml)?.[1] ?? "";
  return [...block.matchAll(/<col\b([^>]*)\/>/g)].map((m) => {
    const attrs = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
    return { min: Number(attrs.min), max: Number(attrs.max), attrs };
  });
}

describe("the .xlsx file: grouped, collapsed, marked as Excel marks it", () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await writeXlsx(buildQuarterlySplit(TEAM));
  });

  test("read back with ExcelJS: J:AG at outline level 1 and hidden, A:I shown, the sheet's outline one level deep", async () => {
    const ws = (await load(bytes)).worksheets[0];
    for (let c = 1; c <= 9; c++) expect([c, ws.getColumn(c).hidden, ws.getColumn(c).outlineLevel]).toEqual([c, false, 0]);
    for (let c = 10; c <= 33; c++) expect([c, ws.getColumn(c).hidden, ws.getColumn(c).outlineLevel]).toEqual([c, true, 1]);
    expect(ws.getColumn(34).hidden).toBe(false);
    expect(ws.properties.outlineLevelCol).toBe(1);
    expect(ws.getRow(2).height).toBe(45);
  });

  test("in the XML: hidden and outlineLevel on the detail columns, collapsed only on the summary column AH", async () => {
    const cols = colsOf(await sheetXml(bytes));
    const detail = cols.filter((c) => c.attrs.hidden === "1");
    expect(detail.map((c) => [c.min, c.max, c.attrs.outlineLevel])).toEqual([[10, 33, "1"]]);
    expect(cols.filter((c) => c.attrs.collapsed === "1").map((c) => [c.min, c.max])).toEqual([[34, 34]]);
    expect(/<sheetFormatPr\b[^>]*outlineLevelCol="1"/.test(await sheetXml(bytes))).toBe(true);
  });

  test("markCollapsed: cuts an element at the summary column, follows summaries on the left, leaves other parts alone", () => {
    const xml = '<cols><col min="3" max="6" hidden="1" outlineLevel="1" collapsed="1"/><col min="7" max="9" width="11" customWidth="1"/></cols>';
    expect(markCollapsed(xml, true)).toBe('<cols><col min="3" max="6" hidden="1" outlineLevel="1"/><col min="7" max="7" width="11" customWidth="1" collapsed="1"/><col min="8" max="9" width="11" customWidth="1"/></cols>');
    expect(markCollapsed(xml, false)).toBe('<cols><col min="2" max="2" width="9.140625" collapsed="1"/><col min="3" max="6" hidden="1" outlineLevel="1"/><col min="7" max="9" width="11" customWidth="1"/></cols>');
    expect(markCollapsed("<worksheet/>", true)).toBe("<worksheet/>");
    // Shown groups (outlined, not hidden) have no summary marked.
    expect(markCollapsed('<cols><col min="3" max="6" outlineLevel="1" collapsed="1"/></cols>', true)).toBe('<cols><col min="3" max="6" outlineLevel="1"/></cols>');
  });

  test("a group deeper than Excel's 7 levels is refused before any byte, counting the levels already in the sheet", async () => {
    const deep: WorkbookSpec = { sheets: [{ name: "S", kind: "notes", rows: [[{ v: 1 }]], columnGroups: Array.from({ length: 8 }, () => ({ columns: "B:C" })) }], names: [] };
    await expect(writeXlsx(deep)).rejects.toMatchObject({ key: "outlineTooDeep", params: { column: "B", level: 8 } });
    const seven = { ...deep, sheets: [{ ...deep.sheets[0], columnGroups: deep.sheets[0].columnGroups!.slice(0, MAX_OUTLINE_LEVEL) }] };
    const file = await writeXlsx(seven);
    expect((await load(file)).worksheets[0].getColumn(2).outlineLevel).toBe(7);
    const more: WorkbookSpec = { sheets: [{ name: "S", kind: "notes", existing: true, origin: "E1", rows: [[{ v: 2 }]], columnGroups: [{ columns: "C:D" }] }], names: [] };
    const err = await addToXlsx(file, more).catch((e) => e);
    expect(err).toBeInstanceOf(XlsxError);
    expect(err.messageIn("en")).toBe('Sheet "S": column C would be grouped 8 levels deep; Excel allows 7 groups within each other (8 outline levels).');
    await expect(writeXlsx({ ...deep, sheets: [{ ...deep.sheets[0], columnGroups: [{ columns: "B2:C3" }] }] })).rejects.toMatchObject({ key: "badAddress" });
    await expect(writeXlsx({ ...deep, sheets: [{ ...deep.sheets[0], columnGroups: [], rowHeights: [{ row: 1, points: 410 }] }] })).rejects.toMatchObject({ key: "badRowHeight" });
  });
});

describe("beside the manager's table in their own .xlsx: hiding columns must hide nothing of theirs", () => {
  /** The manager's workbook: names and targets in A:B, and whatever else `extra` puts there. */
  async function managers(extra: Record<string, string | number> = {}): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sales");
    ws.getCell("A1").value = "Rep";
    ws.getCell("B1").value = "Annual";
    TEAM.names.forEach((n, i) => {
      ws.getCell(i + 2, 1).value = n;
      ws.getCell(i + 2, 2).value = TEAM.annual[i];
    });
    for (const [a, v] of Object.entries(extra)) ws.getCell(a).value = v;
    return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  }
  const beside = (): WorkbookSpec => buildQuarterlySplit({ ...TEAM, existingSheet: "Sales", alignTo: "D2" });

  test("a note of theirs in AA20 (a column the group would hide, below the block): refused in both languages, and findOccupiedXlsx names it", async () => {
    const file = await managers({ AA20: "call back" });
    expect(await findOccupiedXlsx(file, beside())).toEqual([{ sheet: "Sales", cells: ["AA20"] }]);
    const err = await addToXlsx(file, beside()).catch((e) => e);
    expect(err).toBeInstanceOf(XlsxError);
    expect(err.key).toBe("hidesCells");
    expect(err.messageIn("en")).toBe('Sheet "Sales": the rounding work\'s columns M:AJ would be hidden, and they hold your cells AA20. Nothing was written; choose another place or a new sheet.');
    expect(err.messageIn("zh")).toBe("工作表“Sales”：取整计算所在的列 M:AJ 将被隐藏，而这些列中有您的单元格 AA20。未写入任何内容；请换一个位置或新建工作表。");
  });

  test("their cells in columns that stay shown (AK5, L20) do not stop it: written, grouped, theirs kept", async () => {
    const file = await managers({ AK5: "kept", L20: "also kept" });
    expect(await findOccupiedXlsx(file, beside())).toEqual([]);
    const ws = (await load(await addToXlsx(file, beside()))).getWorksheet("Sales")!;
    expect([ws.getCell("AK5").value, ws.getCell("L20").value, ws.getCell("A2").value]).toEqual(["kept", "also kept", "Zhang Wei"]);
    expect([ws.getColumn("L").hidden, ws.getColumn("M").hidden, ws.getColumn("AJ").hidden, ws.getColumn("AK").hidden]).toEqual([false, true, true, false]);
    expect(ws.getColumn("M").outlineLevel).toBe(1);
  });
});

// ---- the fake Excel learns outlines ---------------------------------------------------------

describe("the fake Excel's groups and hidden columns follow Microsoft's rules", () => {
  const run = (fake: FakeExcel, f: (ws: Excel.Worksheet) => void): Promise<void> =>
    fake.run(async (ctx) => {
      f(ctx.workbook.worksheets.getItem("Sheet1") as unknown as Excel.Worksheet);
      await ctx.sync();
    });

  test("group deepens a level per call, up to 7; the eighth fails ('Excel only supports eight levels of outline groups')", async () => {
    const fake = new FakeExcel();
    for (let i = 0; i < 7; i++) await run(fake, (ws) => ws.getRange("C:D").group("ByColumns"));
    expect(fake.sheet("Sheet1").columnOutline.get(2)).toBe(7);
    await expect(run(fake, (ws) => ws.getRange("D:E").group("ByColumns"))).rejects.toMatchObject({ code: "InvalidOperation" });
    expect([fake.sheet("Sheet1").columnOutline.get(3), fake.sheet("Sheet1").columnOutline.get(4)]).toEqual([7, undefined]);
    await run(fake, (ws) => ws.getRange("C:D").ungroup("ByColumns"));
    expect(fake.sheet("Sheet1").columnOutline.get(2)).toBe(6);
  });

  test("a group option that differs from whole rows or columns is InvalidArgument; the group API needs ExcelApi 1.10", async () => {
    const fake = new FakeExcel();
    await expect(run(fake, (ws) => ws.getRange("C:D").group("ByRows"))).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(run(fake, (ws) => ws.getRange("2:3").group("ByColumns"))).rejects.toMatchObject({ code: "InvalidArgument" });
    const old = new FakeExcel(["Sheet1"], { apiVersion: "1.9" });
    await expect(run(old, (ws) => ws.getRange("C:D").group("ByColumns"))).rejects.toMatchObject({ code: "ApiNotFound" });
    await run(old, (ws) => (ws.getRange("C:D").columnHidden = true)); // ExcelApi 1.2
    expect([...old.sheet("Sheet1").hiddenColumns]).toEqual([2, 3]);
  });

  test("hideGroupDetails hides the grouped columns; columnHidden reads true, false or null", async () => {
    const fake = new FakeExcel();
    await run(fake, (ws) => {
      ws.getRange("C:D").group("ByColumns");
      ws.getRange("C:E").hideGroupDetails("ByColumns");
    });
    expect([...fake.sheet("Sheet1").hiddenColumns].sort()).toEqual([2, 3]);
    const read = await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const r = ["C:D", "B:C", "E:F"].map((a) => ws.getRange(a).load("columnHidden"));
      await ctx.sync();
      return r.map((x) => x.columnHidden);
    });
    expect(read).toEqual([true, null, false]);
  });

  test("a protected sheet refuses hiding columns and row heights unless its options allow them; heights stop at 409 points", async () => {
    const fake = new FakeExcel();
    await run(fake, (ws) => {
      ws.getRange("C:D").group("ByColumns");
      ws.protection.protect({ allowFormatColumns: false });
    });
    await expect(run(fake, (ws) => ws.getRange("C:D").hideGroupDetails("ByColumns"))).rejects.toMatchObject({ code: "AccessDenied" });
    await expect(run(fake, (ws) => (ws.getRange("C:D").columnHidden = true))).rejects.toMatchObject({ code: "AccessDenied" });
    await expect(run(fake, (ws) => (ws.getRange("2:2").format.rowHeight = 30))).rejects.toMatchObject({ code: "AccessDenied" });
    const open = new FakeExcel();
    await expect(run(open, (ws) => (ws.getRange("2:2").format.rowHeight = 410))).rejects.toMatchObject({ code: "InvalidArgument" });
  });
});

// ---- the Office.js writer --------------------------------------------------------------------

describe("the Office.js writer groups and collapses the rounding work", () => {
  test("ExcelApi 1.10 and later: J:AG grouped (outline level 1) and collapsed (hidden); nothing else hidden; the note row's height", async () => {
    const fake = new FakeExcel();
    await writeSheetSpec(buildQuarterlySplit(TEAM), host(fake));
    const s = fake.sheet("Quarterly split");
    expect([...s.columnOutline.entries()]).toEqual(Array.from({ length: 24 }, (_, i) => [9 + i, 1]));
    expect([...s.hiddenColumns].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => 9 + i));
    expect(s.rowHeights.get(1)).toBe(45);
    expect(fake.cell("Quarterly split", "I4").value).toBe("Rounding work (hidden)");
    expect(degradedFeatures(buildQuarterlySplit(TEAM), fake.supports)).toEqual([]);
  });

  test("ExcelApi 1.9: the same columns hidden (columnHidden, 1.2), no outline; the requirement module says so", async () => {
    const fake = new FakeExcel(["Sheet1"], { apiVersion: "1.9" });
    const spec = buildQuarterlySplit(TEAM);
    expect(missingRequirements(spec, fake.supports)).toEqual([]);
    expect(optionalRequirementsOf(spec)).toEqual([{ version: "1.10", feature: "columnGroups", without: "hiddenColumns" }]);
    expect(degradedFeatures(spec, fake.supports)).toEqual([{ version: "1.10", feature: "columnGroups", without: "hiddenColumns" }]);
    await writeSheetSpec(spec, host(fake));
    const s = fake.sheet("Quarterly split");
    expect(s.columnOutline.size).toBe(0);
    expect([...s.hiddenColumns].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => 9 + i));
  });

  test("a spec Excel's outline cannot take is refused before Excel is asked anything: 8 levels deep, or groups that are not whole columns", async () => {
    const fake = new FakeExcel();
    const deep: WorkbookSpec = { sheets: [{ name: "S", kind: "notes", rows: [[{ v: 1 }]], columnGroups: Array.from({ length: 8 }, () => ({ columns: "B:C" })) }], names: [] };
    const err = await writeSheetSpec(deep, host(fake)).catch((e) => e);
    expect(err).toBeInstanceOf(WriterError);
    expect(err.messageIn("en")).toBe("Nothing was written: column B of 'S' would be grouped 8 levels deep; Excel allows 7 groups within each other (8 outline levels).");
    expect(err.messageIn("zh")).toBe("未写入任何内容：“S”的第 B 列将被嵌套分组 8 层；Excel 最多允许 7 层分组（8 级大纲）。");
    const cells = { ...deep, sheets: [{ ...deep.sheets[0], columnGroups: [{ columns: "B2:C3" }] }] };
    await expect(writeSheetSpec(cells, host(fake))).rejects.toMatchObject({ key: "badColumns" });
    expect(fake.syncs).toBe(0);
    expect(fake.sheetNames()).toEqual(["Sheet1"]);
  });

  test("the writer's measure of a request with groups is never under the body Office.js builds", async () => {
    const fake = new FakeExcel();
    const measured: number[] = [];
    await writeSheetSpec(buildQuarterlySplit({ ...TEAM, months: true }), host(fake, { onRequest: (b) => measured.push(b) }));
    const real = fake.requestBytes.slice(-measured.length);
    real.forEach((r, i) => expect(r).toBeLessThanOrEqual(measured[i]));
  });
});

describe("the Office.js writer beside the manager's table: the columns it hides must be empty", () => {
  const beside = (): WorkbookSpec => buildQuarterlySplit({ ...TEAM, existingSheet: "Sales", alignTo: "D2" });
  const managers = (extra: Record<string, string | number> = {}): FakeExcel => {
    const fake = new FakeExcel(["Sales"]);
    const cells: Record<string, string | number> = { A1: "Rep", B1: "Annual", ...extra };
    TEAM.names.forEach((n, i) => {
      cells[`A${i + 2}`] = n;
      cells[`B${i + 2}`] = TEAM.annual[i];
    });
    fake.seed("Sales", cells);
    return fake;
  };

  test("their note in AA20: refused before anything is written, in both languages; findOccupied says which cells", async () => {
    const fake = managers({ AA20: "call back", AB30: 7 });
    const before = fake.contents("Sales");
    const err = await writeSheetSpec(beside(), host(fake)).catch((e) => e);
    expect(err).toBeInstanceOf(WriterError);
    expect(err.key).toBe("hidesCells");
    expect(err.messageIn("en")).toBe("Nothing was written: the rounding work's columns M:AJ would be hidden, and they hold your cells Sales!AA20, AB30. Choose another place or a new sheet.");
    expect(err.messageIn("zh")).toBe("未写入任何内容：取整计算所在的列 M:AJ 将被隐藏，而这些列中有您的单元格 Sales!AA20, AB30。请选择其他位置或新工作表。");
    expect(fake.contents("Sales")).toEqual(before);
    expect(await findOccupied(beside(), host(fake))).toEqual([{ sheet: "Sales", cells: ["AA20", "AB30"], kind: "hiddenCells", name: "M:AJ" }]);
  });

  test("their cells in shown columns (AK5, L20): written, grouped and collapsed, theirs kept", async () => {
    const fake = managers({ AK5: "kept", L20: "also kept" });
    await writeSheetSpec(beside(), host(fake));
    const s = fake.sheet("Sales");
    expect([...s.hiddenColumns].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => 12 + i));
    expect(s.columnOutline.get(12)).toBe(1);
    expect([fake.cell("Sales", "AK5").value, fake.cell("Sales", "L20").value]).toEqual(["kept", "also kept"]);
  });

  test("a write that fails at its last request: the group removed, hidden columns as they were (AD hidden before stays hidden), widths back, cells cleared", async () => {
    const setUp = async (): Promise<FakeExcel> => {
      const fake = managers();
      await fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sales").getRange("AD:AD").columnHidden = true;
        await ctx.sync();
      });
      return fake;
    };
    const look = (fake: FakeExcel) => {
      const s = fake.sheet("Sales");
      return {
        contents: fake.contents("Sales"),
        hidden: [...s.hiddenColumns].sort((a, b) => a - b),
        outline: [...s.columnOutline.entries()],
        widths: [...s.columnWidths.entries()].filter(([, w]) => w !== DEFAULT_COLUMN_WIDTH),
      };
    };
    const probe = await setUp();
    const syncs = (await writeSheetSpec(beside(), host(probe))).syncs;
    for (const afterActions of [99_999, -1]) {
      const fake = await setUp();
      const before = look(fake);
      expect(before.hidden).toEqual([colIndex("AD")]);
      fake.failures.push({ sync: fake.syncs + syncs, afterActions });
      await expect(writeSheetSpec(beside(), host(fake))).rejects.toMatchObject({ code: "GeneralException" });
      expect(look(fake)).toEqual(before);
    }
  });

  test("on ExcelApi 1.9 the fallback's hidden columns are put back by the rollback too", async () => {
    const fake = new FakeExcel(["Sales"], { apiVersion: "1.9" });
    fake.seed("Sales", { A1: "Rep", A2: "Zhang Wei", B2: 975000 });
    const spec = buildQuarterlySplit({ ...TEAM, names: ["Zhang Wei"], annual: [975000], existingSheet: "Sales", alignTo: "D2" });
    const probe = new FakeExcel(["Sales"], { apiVersion: "1.9" });
    probe.seed("Sales", { A1: "Rep", A2: "Zhang Wei", B2: 975000 });
    const syncs = (await writeSheetSpec(spec, host(probe))).syncs;
    fake.failures.push({ sync: fake.syncs + syncs, afterActions: 99_999 });
    await expect(writeSheetSpec(spec, host(fake))).rejects.toMatchObject({ code: "GeneralException" });
    expect(fake.sheet("Sales").hiddenColumns.size).toBe(0);
    expect(fake.contents("Sales")).toEqual({ A1: "Rep", A2: "Zhang Wei", B2: 975000 });
  });
});
