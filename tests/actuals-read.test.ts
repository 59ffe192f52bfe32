/**
 * Actuals in, reading what a sales system exports (src/sheets/actuals.ts, actuals-csv.ts) and
 * matching its names (actuals-match.ts): long and wide tables, the unit chosen or stated,
 * totals rows, blank lines, thousands separators, full-width digits, text numbers, several
 * rows for one name and month added up, every cell not read reported by cell in both
 * languages; names matched when they fold alike, near-misses only suggested, the sheet's
 * duplicates refused.
 */
import fc from "fast-check";
import { ExportError, fold, readAmount, readExport, readMonth, unitIn } from "../src/sheets/actuals";
import { decodeExport, splitDelimited } from "../src/sheets/actuals-csv";
import { editDistance, matchNames, parseNameMap } from "../src/sheets/actuals-match";
import type { CellValue } from "../src/sheets/spec";
import { readPastedTable } from "../src/taskpane/workbench/paste";

const amounts = (r: ReturnType<typeof readExport>) => r.entries.map((e) => [e.name, e.month + 1, e.amount]);

describe("reading a month", () => {
  it.each([
    ["1月", 1, undefined],
    ["12月份", 12, undefined],
    ["3月实际", 3, undefined],
    ["十一月", 11, undefined],
    ["二月", 2, undefined],
    ["Jan", 1, undefined],
    ["September", 9, undefined],
    ["Sept", 9, undefined],
    ["Dec-25", 12, 2025],
    ["Jul 2025", 7, 2025],
    ["July 2025", 7, 2025],
    ["Jul-2025", 7, 2025],
    ["Mar 2025 actual", 3, 2025],
    ["M7", 7, undefined],
    ["2025-01", 1, 2025],
    ["2025/3/15", 3, 2025],
    ["2025年6月", 6, 2025],
    ["2025年6月30日", 6, 2025],
    ["07/2025", 7, 2025],
    ["２０２５－０２", 2, 2025],
    [202504, 4, 2025],
    [5, 5, undefined],
    [45689, 2, 2025],
  ] as [CellValue, number, number | undefined][])("reads %p as month %p", (v, month, year) => {
    expect(readMonth(v)).toEqual(year === undefined ? { month: month - 1 } : { month: month - 1, year });
  });

  it.each(["Marketing", "Mayor", "13月", "Q1", "", "合计", 13, 0.5])("does not take %p for a month", (v) => {
    expect(readMonth(v as CellValue)).toBeUndefined();
  });
});

describe("reading an amount", () => {
  it.each([
    ["1,234,567.5", 1234567.5],
    ["１２，３４５.６", 12345.6],
    ["(1,200)", -1200],
    ["-1200", -1200],
    ["¥1,200", 1200],
    ["￥-300", -300],
    ["95%", 0.95],
    ["'00123", 123],
    [" 42 ", 42],
    [1.5, 1.5],
  ] as [CellValue, number][])("reads %p as %p", (v, x) => {
    expect(readAmount(v)).toMatchObject({ kind: "number", value: x });
  });

  it("keeps a unit written in the cell", () => {
    expect(readAmount("1.2万")).toEqual({ kind: "number", value: 1.2, unit: "万元" });
  });

  it.each(["-", "—", "N/A", "无"])("reads %p as no figure", (v) => {
    expect(readAmount(v)).toEqual({ kind: "placeholder" });
  });

  it.each(["12,34", "abc", "1.2.3", true])("refuses %p", (v) => {
    expect(readAmount(v as CellValue)).toEqual({ kind: "bad" });
  });
});

describe("the unit a header states", () => {
  it.each([
    ["金额(万元)", "万元"],
    ["回款金额（元）", "元"],
    ["单位：万元", "万元"],
    ["单位:千元", "千元"],
    ["Amount (CNY 10k)", "万元"],
    ["Sales (RMB)", "元"],
    ["Unit: yuan", "元"],
    ["销售额万元", "万元"],
    ["金额(亿元)", "亿元"],
  ])("%p says %p", (cell, unit) => {
    expect(unitIn(cell)).toBe(unit);
  });

  it.each(["1月", "完成率(%)", "销售员", "姓名"])("%p says none", (cell) => {
    expect(unitIn(cell)).toBeUndefined();
  });
});

describe("a wide export", () => {
  const table: CellValue[][] = [
    ["2025 年 1-3 月回款明细"],
    ["单位：万元"],
    [],
    ["区域", "销售员", "1月", "2月", "3月", "合计"],
    ["华东", "张伟", "1,200", 980, "", 2180],
    ["华东", "张 伟", 10, "-", "abc", 10],
    [],
    ["华东小计", "", 1210, 980, 0, 2190],
    ["", "", 5, "", "", 5],
    ["华南", "王芳", "１２.５", 3, 4, 19.5],
  ];

  it("finds the header below the title rows, the unit above it, and leaves the totals column out", () => {
    const r = readExport(table, { year: 2025 });
    expect(r.layout).toBe("wide");
    expect(r.headerRow).toBe(4);
    expect(r.columns.name).toBe("B");
    expect(r.columns.months?.slice(0, 3)).toEqual(["C", "D", "E"]);
    expect(r.totalColumns).toEqual(["F"]);
    expect(r.unit).toEqual({ unit: "万元", from: "export", cell: "A2" });
  });

  it("adds several rows for one name and month, and says where each figure came from", () => {
    const r = readExport(table, { year: 2025 });
    expect(amounts(r)).toEqual([
      ["张伟", 1, 1210],
      ["张伟", 2, 980],
      ["王芳", 1, 12.5],
      ["王芳", 2, 3],
      ["王芳", 3, 4],
    ]);
    expect(r.entries[0]).toMatchObject({ cell: "C5", parts: 2, rows: [5, 6] });
    expect(r.added).toBe(1);
  });

  it("reports every cell not read and every row left out, by cell, in both languages", () => {
    const r = readExport(table, { year: 2025 });
    expect(r.problems.map((p) => [p.cell, p.kind])).toEqual([["E6", "notNumber"]]);
    expect(r.problems[0].en).toBe('E6: "abc" is not a number; left out.');
    expect(r.problems[0].zh).toBe("E6：“abc”不是数字，未读取。");
    expect(r.skipped.map((p) => [p.cell, p.kind])).toEqual([
      ["D6", "placeholder"],
      ["row 8", "total"],
      ["B9", "noName"],
    ]);
    expect(r.skipped[1].zh).toBe("第 8 行（“华东小计”）是合计行，未读取。");
    expect(r.blankRows).toBe(1);
    expect(r.rows).toBe(5);
  });

  it("takes the column titled as the actual when two are one month's", () => {
    const r = readExport([["姓名", "1月目标", "1月实际", "2月目标", "2月实际"], ["李娜", 100, 90, 100, 120]]);
    expect(amounts(r)).toEqual([["李娜", 1, 90], ["李娜", 2, 120]]);
  });

  it("leaves out a month column of another year, and says so", () => {
    const r = readExport([["Name", "2024-12", "2025-01"], ["Li Na", 5, 6]], { year: 2025 });
    expect(amounts(r)).toEqual([["Li Na", 1, 6]]);
    expect(r.problems.map((p) => [p.cell, p.kind])).toEqual([["B1", "otherYear"]]);
  });

  it("reads the months after the last one with figures, holding only zeros, as no figure yet", () => {
    // A year's export pulled in August: September to December are 0 for everyone.
    const r = readExport(
      [
        ["销售员", "7月", "8月", "9月", "10月", "11月", "12月"],
        ["张伟", 100, 120, 0, 0, 0, "0"],
        ["李娜", 90, 0, 0, 0, 0, 0],
      ],
      { year: 2025 },
    );
    // 李娜's August 0 is a real 0 (张伟 has August's figure); September on is not yet.
    expect(amounts(r)).toEqual([["张伟", 7, 100], ["张伟", 8, 120], ["李娜", 7, 90], ["李娜", 8, 0]]);
    expect(r.skipped.map((p) => [p.cell, p.kind])).toEqual([["D1", "notYet"], ["E1", "notYet"], ["F1", "notYet"], ["G1", "notYet"]]);
    expect(r.skipped[0].en).toBe("D1 (September): only zeros, after August, the last month with figures: read as no figure yet, and its cells are left as they are.");
    expect(r.skipped[0].zh).toBe("D1（9月）：全为 0，且在有数据的最后一个月（8月）之后：视为尚无数据，对应单元格保持不变。");
  });

  it("keeps zeros when no month has a figure other than 0 (a month with nothing sold, a count of none)", () => {
    const r = readExport([["Name", "Jul"], ["Li Na", 0], ["Wang Fang", "0"]], { year: 2025 });
    expect(amounts(r)).toEqual([["Li Na", 7, 0], ["Wang Fang", 7, 0]]);
    expect(r.skipped).toEqual([]);
  });

  it("reads a header of two rows, as merged cells paste (the months under a title, 目标 and 实际 under each month)", () => {
    const underTitle = readExport([["2025年销售回款"], ["姓名", "回款金额（万元）", "", ""], ["", "1月", "2月", "3月"], ["张伟", 1, 2, "3"], ["合计", 1, 2, 3]], { year: 2025 });
    expect(underTitle).toMatchObject({ layout: "wide", headerRow: 3, columns: { name: "A", months: ["B", "C", "D"] }, unit: { unit: "万元", cell: "B2" } });
    expect(amounts(underTitle)).toEqual([["张伟", 1, 1], ["张伟", 2, 2], ["张伟", 3, 3]]);
    expect(underTitle.skipped.map((x) => x.kind)).toEqual(["total"]);
    const pairs = readExport([["销售员", "1月", "", "2月", ""], ["", "目标", "实际", "目标", "实际"], ["张伟", 100, 90, 100, 120]], { year: 2025 });
    expect(pairs.columns.months?.slice(0, 2)).toEqual(["C", "E"]);
    expect(amounts(pairs)).toEqual([["张伟", 1, 90], ["张伟", 2, 120]]);
  });

  it("reads month headers that are date cells of a file (serials)", () => {
    const r = readExport([["销售员", 45658, 45689], ["赵敏", 1, 2]], { year: 2025 });
    expect(amounts(r)).toEqual([["赵敏", 1, 1], ["赵敏", 2, 2]]);
  });
});

describe("a long export", () => {
  it("reads one row per deal, adds a name's deals of one month, and reads dates as months", () => {
    const r = readExport(
      [
        ["客户", "成交日期", "业务员", "成交金额(元)"],
        ["甲公司", "2025-01-05", "张伟", "12,000"],
        ["乙公司", "2025/1/20", "张伟", 8000],
        ["丙公司", 45700, "Li Na", 500.5],
        ["丁公司", "2024-12-30", "张伟", 1],
        ["戊公司", "", "张伟", 1],
        ["己公司", "明年", "张伟", 1],
        ["庚公司", "2025-03", "张伟", ""],
        ["", "", "合计", 20501.5],
      ],
      { year: 2025 },
    );
    expect(r.layout).toBe("long");
    expect(r.columns).toEqual({ name: "C", month: "B", amount: "D" });
    expect(r.unit).toEqual({ unit: "元", from: "export", cell: "D1" });
    expect(amounts(r)).toEqual([["张伟", 1, 20000], ["Li Na", 2, 500.5]]);
    expect(r.problems.map((p) => [p.cell, p.kind])).toEqual([
      ["B5", "otherYear"],
      ["B6", "noMonth"],
      ["B7", "badMonth"],
      ["D8", "noAmount"],
    ]);
    expect(r.skipped.map((p) => p.kind)).toEqual(["total"]);
  });

  it("reads a month after the last one with figures, holding only zeros, as no figure yet (by row)", () => {
    const r = readExport([["姓名", "月份", "金额"], ["张伟", "7月", 5], ["张伟", "8月", 0], ["李娜", "7月", 0]], { year: 2025 });
    expect(amounts(r)).toEqual([["张伟", 7, 5], ["李娜", 7, 0]]);
    expect(r.skipped.map((p) => [p.cell, p.kind])).toEqual([["row 3", "notYet"]]);
    expect(r.skipped[0].en).toBe("Row 3 (August): only zeros, after July, the last month with figures: read as no figure yet, and its cells are left as they are.");
  });

  it("takes the name column over a code column beside it (编码, 编号, ID)", () => {
    expect(readExport([["业务员编码", "业务员名称", "7月"], ["S001", "张伟", 5]]).columns.name).toBe("B");
    expect(readExport([["员工编号", "员工姓名", "7月"], ["E01", "张伟", 5]]).columns.name).toBe("B");
    expect(readExport([["Sales Rep ID", "Sales Rep Name", "Jul"], ["S1", "Zhang Wei", 5]]).columns.name).toBe("B");
    expect(readExport([["销售员业绩", "销售员", "7月"], [5, "张伟", 5]]).columns.name).toBe("B");
  });

  it("reads a date column titled by what happened on it (Close Date, 开票日期)", () => {
    const crm = readExport([["Opportunity Owner", "Close Date", "Amount"], ["Zhang Wei", "2025-07-15", "1,200"]], { year: 2025 });
    expect(crm.columns).toEqual({ name: "A", month: "B", amount: "C" });
    expect(amounts(crm)).toEqual([["Zhang Wei", 7, 1200]]);
    expect(readExport([["销售员", "开票日期", "开票金额"], ["张伟", "2025/7/3", 5]]).columns).toEqual({ name: "A", month: "B", amount: "C" });
  });

  it("does not take a month's column for the amount of a long export (7月实际 beside a date column)", () => {
    const r = readExport([["姓名", "7月实际", "7月目标", "统计日期"], ["张伟", 90, 100, "2025-07-31"]], { year: 2025 });
    expect(r.layout).toBe("wide");
    expect(amounts(r)).toEqual([["张伟", 7, 90]]);
    // Nor a month's column for the month of one ("6月份" beside "回款合计").
    const w = readExport([["姓名", "6月份", "7月份", "回款合计"], ["张伟", 1, 2, 3]], { year: 2025 });
    expect([w.layout, amounts(w)]).toEqual(["wide", [["张伟", 6, 1], ["张伟", 7, 2]]]);
  });

  it("reads dates written day and month in either order, as the column shows (7/15/2025, 15/07/2025)", () => {
    const us = readExport([["Owner", "Close Date", "Amount"], ["Zhang Wei", "7/15/2025", 1], ["Zhang Wei", "8/3/2025", 2], ["Li Na", "12/1/25", 3]], { year: 2025 });
    expect(amounts(us)).toEqual([["Zhang Wei", 7, 1], ["Zhang Wei", 8, 2], ["Li Na", 12, 3]]);
    const uk = readExport([["Owner", "Close Date", "Amount"], ["Zhang Wei", "15/07/2025", 1], ["Zhang Wei", "3/8/2025", 2]], { year: 2025 });
    expect(amounts(uk)).toEqual([["Zhang Wei", 7, 1], ["Zhang Wei", 8, 2]]);
    // No day above 12 in the column: 3/8/2025 may be March or August; refused by cell, never guessed.
    const unsure = readExport([["Owner", "Close Date", "Amount"], ["Zhang Wei", "3/8/2025", 2]], { year: 2025 });
    expect(unsure.entries).toEqual([]);
    expect(unsure.problems.map((p) => [p.cell, p.kind])).toEqual([["B2", "badMonth"]]);
    expect(unsure.problems[0].en).toBe('B2: "3/8/2025" may be 3 August or March 8 (no date of the column has a day above 12 to tell); row 2 is left out. Write dates as year-month-day (2025-07-15).');
    expect(unsure.problems[0].zh).toBe("B2：“3/8/2025”可能是 8月3日，也可能是 3月8日（此列没有大于 12 的日期可供判断），第 2 行未读取。请把日期写成“年-月-日”（如 2025-07-15）。");
  });

  it("prefers the person's column to a region's", () => {
    const r = readExport([["区域", "销售员", "月份", "金额"], ["华东", "张伟", "1月", 3]]);
    expect(r.columns.name).toBe("B");
  });
});

describe("the unit", () => {
  const wide = (title: string): CellValue[][] => [[title], ["姓名", "1月"], ["张伟", 3]];

  it("is the one chosen when the export says nothing", () => {
    expect(readExport(wide(""), { unit: "千元" }).unit).toEqual({ unit: "千元", from: "chosen" });
    expect(readExport(wide("")).unit).toBeUndefined();
  });

  it("refuses a chosen unit the export contradicts, in both languages", () => {
    let e: ExportError | undefined;
    try {
      readExport(wide("单位：万元"), { unit: "元" });
    } catch (x) {
      e = x as ExportError;
    }
    expect(e).toBeInstanceOf(ExportError);
    expect(e!.messageIn("en")).toContain("You chose 元, but A1 says the amounts are in 万元");
    expect(e!.messageIn("zh")).toContain("您选择的单位是元，但 A1 标明金额单位是万元");
  });

  it("refuses an export that states two units", () => {
    expect(() => readExport([["单位：元"], ["姓名", "1月(万元)"], ["张伟", 3]])).toThrow(/two units/);
  });

  it("takes a unit written in the amounts, and refuses one that disagrees with the header", () => {
    expect(readExport([["姓名", "1月"], ["张伟", "1.2万"]]).unit).toEqual({ unit: "万元", from: "export", cell: "B2" });
    const r = readExport([["姓名", "1月(元)"], ["张伟", "1.2万"], ["王芳", "300"]]);
    expect(r.problems.map((p) => p.kind)).toEqual(["unitInCell"]);
    expect(amounts(r)).toEqual([["王芳", 1, 300]]);
  });
});

describe("refusing what is not an export", () => {
  it("says what a header needs", () => {
    expect(() => readExport([["a", "b"], [1, 2]])).toThrow(/No header row found/);
    expect(() => readExport([])).toThrow(/empty/);
  });
});

describe("text exports", () => {
  it("splits CSV with quotes, doubled quotes, line breaks and the delimiter inside", () => {
    expect(splitDelimited('姓名,1月\r\n"张伟","1,200"\n"Li ""N"", a",3\n')).toEqual([
      ["姓名", "1月"],
      ["张伟", "1,200"],
      ['Li "N", a', "3"],
    ]);
  });

  it("finds tab and semicolon delimiters", () => {
    expect(splitDelimited("a\tb\n1\t2")).toEqual([["a", "b"], ["1", "2"]]);
    expect(splitDelimited("a;b\n1;2,5")).toEqual([["a", "b"], ["1", "2,5"]]);
  });

  it("reads UTF-8 (with or without a mark), UTF-16 with a mark, and GBK/GB18030", () => {
    expect(decodeExport(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: "a", encoding: "utf-8" });
    expect(decodeExport(new TextEncoder().encode("张伟"))).toEqual({ text: "张伟", encoding: "utf-8" });
    expect(decodeExport(new Uint8Array([0xff, 0xfe, 0x20, 0x5f]))).toEqual({ text: "张", encoding: "utf-16le" });
    // 张伟 in GBK.
    expect(decodeExport(new Uint8Array([0xd5, 0xc5, 0xce, 0xb0]))).toEqual({ text: "张伟", encoding: "gb18030" });
  });

  it("reads a pasted table the same way (the workbench's clipboard reader)", () => {
    const r = readExport(readPastedTable("销售员\t1月\t2月\n张伟\t1,200\t\n合计\t1,200\t\n"));
    expect(amounts(r)).toEqual([["张伟", 1, 1200]]);
    expect(r.skipped.map((s) => s.kind)).toEqual(["total"]);
  });
});

describe("matching names", () => {
  it("matches names that fold alike: spaces, full-width letters, case", () => {
    expect(fold(" Ｌｉ　Na ")).toBe("lina");
    const m = matchNames(["张 伟", "张\u3000伟", "ＬＩ ＮＡ", "王芳 "], ["张伟", "Li Na", "王芳"]);
    expect(m.names.map((n) => [n.status, n.index])).toEqual([
      ["matched", 0],
      ["matched", 0],
      ["matched", 1],
      ["matched", 2],
    ]);
  });

  it("matches names written with another middle dot (迪丽热巴·迪力木拉提, 迪丽热巴•迪力木拉提, 迪丽热巴・迪力木拉提)", () => {
    const sheet = ["迪丽热巴·迪力木拉提", "Jean·Pierre"];
    const m = matchNames(["迪丽热巴•迪力木拉提", "迪丽热巴・迪力木拉提", "迪丽热巴･迪力木拉提", "迪丽热巴‧迪力木拉提", "Jean⋅Pierre"], sheet);
    expect(m.names.map((n) => [n.status, n.index])).toEqual([
      ["matched", 0],
      ["matched", 0],
      ["matched", 0],
      ["matched", 0],
      ["matched", 1],
    ]);
    // A full stop is not a middle dot: "Jean.Pierre" is only suggested.
    expect(matchNames(["Jean.Pierre"], sheet).names[0]).toMatchObject({ status: "unmatched", suggestions: [{ name: "Jean·Pierre" }] });
  });

  it("only suggests near-misses, and never matches them", () => {
    const m = matchNames(["张伟(华东)", "王方", "zhang wie", "刘洋-华东", "陈", "Stranger Name"], ["张伟", "王芳", "Zhang Wei", "刘洋", "陈静"]);
    expect(m.names.every((n) => n.status === "unmatched" && n.index === undefined)).toBe(true);
    expect(m.names.map((n) => n.suggestions.map((s) => `${s.name}/${s.why}`))).toEqual([["张伟/suffix"], ["王芳/close"], ["Zhang Wei/close"], ["刘洋/suffix"], [], []]);
  });

  it("refuses a name the sheet has twice, and a map to it", () => {
    const m = matchNames(["Li Na", "Wang"], ["Li Na", "张伟", "LI NA"], [{ from: "Wang", to: "li na" }]);
    expect(m.names[0]).toMatchObject({ status: "duplicate", rows: [0, 2] });
    expect(m.duplicates).toEqual([{ name: "Li Na", rows: [0, 2] }]);
    expect(m.mapProblems[0].en).toContain("the sheet has 2 rows named");
    expect(m.names[1].status).toBe("unmatched");
  });

  it("maps by hand, and says when a map names no row or no export name", () => {
    const m = matchNames(["张伟(华东)"], ["张伟"], [{ from: "张伟（华东）", to: "张 伟" }, { from: "nobody", to: "张伟" }, { from: "张伟(华东)", to: "李四" }]);
    expect(m.names[0]).toMatchObject({ status: "mapped", index: 0 });
    expect(m.mapProblems.map((p) => p.zh)).toEqual(["“nobody=张伟”：导出数据中没有“nobody”。", "“张伟(华东)=李四”：表中没有名为“李四”的行。"]);
  });

  it("reads a map from the command line", () => {
    expect(parseNameMap("张 伟=张伟")).toEqual({ from: "张 伟", to: "张伟" });
    expect(parseNameMap('"a=b"=c')).toEqual({ from: '"a', to: 'b"=c' });
    expect(parseNameMap("=x")).toBeUndefined();
  });

  it("computes edit distance by code point, and stops past the limit", () => {
    expect(editDistance("张伟", "张纬")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("kitten", "sitting", 1)).toBe(2);
  });

  it("suggests what a plain search finds, for random names (property)", () => {
    const alphabet = fc.constantFrom(..."abcde张伟王");
    const name = fc.string({ unit: alphabet, minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 12 }), name, (sheet, wanted) => {
        const m = matchNames([wanted], sheet);
        const exact = sheet.indexOf(wanted);
        if (exact >= 0) return m.names[0].status === "matched" && m.names[0].index === exact;
        // Every "close" suggestion is within reach, and nothing within distance 1 of a short name is missed (up to 3).
        const close = m.names[0].suggestions.filter((s) => s.why === "close");
        const within = (a: string, b: string) => editDistance(a, b) <= ([...a].length <= 4 || [...b].length <= 4 ? 1 : 2);
        const all = sheet.filter((s) => within(wanted, s));
        return close.every((s) => within(wanted, s.name)) && (m.names[0].suggestions.length === 3 || all.every((s) => m.names[0].suggestions.some((g) => g.name === s)));
      }),
      { seed: 18, numRuns: 300 },
    );
  });
});
