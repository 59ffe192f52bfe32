/*
 * `npm run plan -- actuals <workbook.xlsx> <export.csv|xlsx> -o <out.xlsx>` (src/cli/actuals.ts),
 * called in this process with files in a temporary folder: the summary and the changes
 * printed in both languages, the new file written beside and renamed with only the actual
 * cells changed (the dashboard's chart parts byte for byte), --dry-run writing nothing,
 * --unit / --map / --overwrite / --sheet / --strict, and the refusals (a workbook without a plan, an
 * export without a unit when one is needed, a taken output name, a wrong command line).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../src/cli/run";
import { parseActualsArgs } from "../src/cli/actuals";
import { validatePlan } from "../src/sheets/plan";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { XlsxPackage } from "../src/xlsx/patch";
import { writeXlsx } from "../src/xlsx/write";
import { CHART_PARTS, partsOf, withDashboardChart } from "./helpers/chart-parts";

const ROOT = path.resolve(__dirname, "..");
const team = (() => {
  const checked = validatePlan(JSON.parse(fs.readFileSync(path.join(ROOT, "examples/team-8-reps.json"), "utf8")));
  if (!checked.ok) throw new Error("examples/team-8-reps.json does not validate");
  return checked.plan;
})();

let tmp: string;
let book: string;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tp-actuals-"));
  book = path.join(tmp, "team.xlsx");
  fs.writeFileSync(book, await withDashboardChart(await writeXlsx(buildPlanWorkbook(team, { lang: "zh", asOf: "2025-06-30" })), "Monthly tracking", 8));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function plan(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { cwd: tmp });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const write = (name: string, text: string | Uint8Array): string => {
  fs.writeFileSync(path.join(tmp, name), text);
  return name;
};

const CRM = ["2025 年 7 月回款", "单位：元", "销售员,7月", "Chen Jing,\"450,000\"", "chen  jing,5000", "Liu Yang,330000", "Zhou Min (East),1", "合计,785001", ""].join("\n");

describe("plan actuals", () => {
  it("prints the summary and the changes, and writes the new file with only the actual cells changed", async () => {
    const r = await plan(["actuals", "team.xlsx", write("crm.csv", CRM), "-o", "team-07.xlsx"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain('Tracking sheet: "Monthly tracking" (8 rows; amounts in 万元).');
    expect(r.out).toContain("Amounts in 元 (A2 says so).");
    expect(r.out).toContain("Names: 2 matched, 0 mapped by hand, 1 unmatched, 0 refused");
    expect(r.out).toContain("Rows of the export: 3 matched, 1 unmatched, 1 skipped; 1 figure added to another of the same name and month.");
    expect(r.out).toContain('  "Zhou Min (East)": did you mean "Zhou Min"? (--map "Zhou Min (East)=Zhou Min")');
    expect(r.out).toContain("  Chen Jing · Jul (T6): — → 45.5 (2 figures added)");
    expect(r.out).toContain("  Liu Yang · Jul (T7): — → 33");
    expect(r.out).toContain('Wrote team-07.xlsx: 2 actual cells on "Monthly tracking"; it recalculates when opened.');
    const out = fs.readFileSync(path.join(tmp, "team-07.xlsx"));
    const pkg = await XlsxPackage.open(out);
    const cells = await pkg.cells("Monthly tracking", 5, 19, 6, 19);
    expect(cells.map((row) => row[0]?.v)).toEqual([45.5, 33]);
    // The dashboard's chart, its drawing and their relationships: byte for byte.
    const [before, after] = [await partsOf(fs.readFileSync(book)), await partsOf(out)];
    for (const p of CHART_PARTS.filter((x) => !x.endsWith("sheet99.xml"))) expect(after.get(p)!.equals(before.get(p)!)).toBe(true);
    expect([...after.keys()].filter((p) => !after.get(p)!.equals(before.get(p)!)).sort()).toEqual(["xl/worksheets/sheet2.xml", "xl/worksheets/sheet99.xml"]);
    // The workbook itself is as it was.
    expect((await partsOf(fs.readFileSync(book))).get("xl/worksheets/sheet2.xml")!.equals(before.get("xl/worksheets/sheet2.xml")!)).toBe(true);
  });

  it("speaks Chinese with --lang zh, maps by hand, overwrites only when asked", async () => {
    const r = await plan(["actuals", "team.xlsx", "crm.csv", "-o", "team-07zh.xlsx", "--lang", "zh", "--map", "Zhou Min (East)=Zhou Min", "--overwrite"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("姓名：匹配 2 个，手动对应 1 个，未匹配 0 个");
    expect(r.out).toContain("  Zhou Min · 7月（T8）：— → 0.0001");
    expect(r.out).toContain("已写入 team-07zh.xlsx");
  });

  it("leaves filled actuals (listed) unless --overwrite, and writes nothing with --dry-run", async () => {
    const csv = write("june.csv", "销售员,6月(元)\nChen Jing,431000\n");
    const dry = await plan(["actuals", "team.xlsx", csv, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("Export: june.csv, a column per month, header in row 1; 1 data row.");
    expect(dry.out).toContain("Actual cells: 0 to write, 0 the same already, 1 filled and left (--overwrite writes them), 0 formulas (never written).");
    expect(dry.out).toContain("  Chen Jing · Jun (R6): 42 → 43.1");
    expect(dry.out).toContain("--dry-run: no file was written.");
    const nothing = await plan(["actuals", "team.xlsx", csv, "-o", "june.xlsx"]);
    expect(nothing.out).toContain("Nothing to change; no file was written.");
    expect(fs.existsSync(path.join(tmp, "june.xlsx"))).toBe(false);
    const over = await plan(["actuals", "team.xlsx", csv, "-o", "june.xlsx", "--overwrite"]);
    expect(over.out).toContain("  Chen Jing · Jun (R6): 42 → 43.1");
    expect(fs.existsSync(path.join(tmp, "june.xlsx"))).toBe(true);
  });

  it("asks for the unit when the export does not say it and an amount needs one", async () => {
    const csv = write("nounit.csv", "Name,Jul\nChen Jing,45\n");
    const r = await plan(["actuals", "team.xlsx", csv, "-o", "nounit.xlsx"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("The export does not say its unit, and 1 amounts need one: give --unit (the sheet shows 万元). Nothing was written.");
    expect(fs.existsSync(path.join(tmp, "nounit.xlsx"))).toBe(false);
    const ok = await plan(["actuals", "team.xlsx", csv, "-o", "nounit.xlsx", "--unit", "万元"]);
    expect(ok.out).toContain("  Chen Jing · Jul (T6): — → 45");
    const conflict = await plan(["actuals", "team.xlsx", "crm.csv", "-o", "x.xlsx", "--unit", "万元"]);
    expect(conflict.code).toBe(1);
    expect(conflict.err).toContain("You chose 万元, but A2 says the amounts are in 元");
  });

  it("reads an .xlsx export and a GBK-encoded CSV", async () => {
    const xlsx = await writeXlsx({ sheets: [{ name: "导出", kind: "notes", rows: [[{ v: "业务员" }, { v: "月份" }, { v: "金额（万元）" }], [{ v: "Liu Yang" }, { v: "2025-07" }, { v: 12 }]] }], names: [] });
    const r = await plan(["actuals", "team.xlsx", write("crm.xlsx", xlsx), "--dry-run"]);
    expect(r.out).toContain("  Liu Yang · Jul (T7): — → 12");
    // "销售员,7月\nChen Jing,1" in GBK, with 元 in the header.
    const gbk = Buffer.concat([Buffer.from([0xcf, 0xfa, 0xca, 0xdb, 0xd4, 0xb1]), Buffer.from(",7"), Buffer.from([0xd4, 0xc2, 0x28, 0xd4, 0xaa, 0x29]), Buffer.from("\nChen Jing,10000\n")]);
    const g = await plan(["actuals", "team.xlsx", write("gbk.csv", gbk), "--dry-run"]);
    expect(g.out).toContain("(GB18030)");
    expect(g.out).toContain("  Chen Jing · Jul (T6): — → 1");
  });

  it("refuses a workbook without a stored plan, a taken output name and a wrong command line", async () => {
    const bare = await writeXlsx({ sheets: [{ name: "Sheet1", kind: "notes", rows: [[{ v: "x" }]] }], names: [] });
    const r = await plan(["actuals", write("bare.xlsx", bare), "crm.csv", "-o", "bare-07.xlsx"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("no plan stored by Target Planner");
    write("taken.xlsx", "x");
    const taken = await plan(["actuals", "team.xlsx", "crm.csv", "-o", "taken.xlsx"]);
    expect(taken.code).toBe(1);
    expect(taken.err).toBe("taken.xlsx already exists; nothing was written (add --force to replace it).");
    expect(fs.readFileSync(path.join(tmp, "taken.xlsx"), "utf8")).toBe("x");
    const usage = await plan(["actuals", "team.xlsx"]);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain("Usage: npm run plan -- actuals");
    expect((await plan(["actuals", "team.xlsx", "crm.csv", "-o", "y.xlsx", "--unit", "万"])).code).toBe(2);
  });

  it("with --strict, writes nothing and exits 1 when a name is not matched or a cell not read (a monthly job notices)", async () => {
    const strict = await plan(["actuals", "team.xlsx", "crm.csv", "-o", "strict.xlsx", "--strict"]);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('  "Zhou Min (East)": did you mean "Zhou Min"?');
    const strictZh = await plan(["actuals", "team.xlsx", "crm.csv", "--dry-run", "--strict", "--lang", "zh"]);
    expect(strictZh.out).toContain("  “Zhou Min (East)”：是否指“Zhou Min”？（--map \"Zhou Min (East)=Zhou Min\"）");
    expect(strict.err).toBe("--strict: 1 name of the export is not matched and 0 cells could not be read; nothing was written. Map the names with --map, or leave --strict out to write the rest.");
    expect(fs.existsSync(path.join(tmp, "strict.xlsx"))).toBe(false);
    const zh = await plan(["actuals", "team.xlsx", write("bad.csv", "销售员,7月(元)\nChen Jing,abc\nLiu Yang,330000\n"), "-o", "strict.xlsx", "--strict", "--lang", "zh"]);
    expect(zh.code).toBe(1);
    expect(zh.out).toContain("导出数据：bad.csv，每月一列，表头在第 1 行；数据 2 行。");
    expect(zh.err).toBe("--strict：导出数据中 0 个姓名未匹配，1 个单元格未能读取；未写入任何文件。请用 --map 对应姓名，或去掉 --strict 以写入其余数据。");
    // All matched (the near-miss mapped): --strict writes.
    const ok = await plan(["actuals", "team.xlsx", "crm.csv", "-o", "strict.xlsx", "--strict", "--map", "Zhou Min (East)=Zhou Min"]);
    expect(ok.code).toBe(0);
    expect(fs.existsSync(path.join(tmp, "strict.xlsx"))).toBe(true);
  });

  it("reads its options", () => {
    expect(parseActualsArgs(["a.xlsx", "b.csv", "--dry-run", "--map", "张 伟=张伟", "--map", "x = y", "--unit", "千元", "--sheet", "T"])).toMatchObject({
      workbook: "a.xlsx",
      export: "b.csv",
      dryRun: true,
      maps: [{ from: "张 伟", to: "张伟" }, { from: "x", to: "y" }],
      unit: "千元",
      sheet: "T",
      strict: false,
    });
    expect(parseActualsArgs(["a.xlsx", "b.csv", "-o", "c.xlsx", "--strict"]).strict).toBe(true);
  });
});
