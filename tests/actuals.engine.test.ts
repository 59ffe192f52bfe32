/**
 * Actuals in, proved in a real spreadsheet engine: a workbook the add-in made (with the
 * dashboard's chart added as raw parts) gets a month's export through `plan actuals`, and
 * LibreOffice opens the new file — once set to recalculate everything on load, and once in
 * its default settings, where it trusts cached results ("never recalculate") and computes
 * only the formulas that have none. Either way the tracking sheet shows the attainment,
 * light and pace core's engine gives for the new actuals, the dashboard's formula reading the
 * sheet adds the new actuals up, every check holds, and the scorecard (which reads nothing of
 * the tracking sheet) is as it was.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type ExcelJS from "exceljs";
import { main } from "../src/cli/run";
import { validatePlan } from "../src/sheets/plan";
import { excelSerial, trackRow } from "../src/sheets/tracking";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { loadXlsx } from "../src/xlsx/read";
import { writeXlsx } from "../src/xlsx/write";
import { withDashboardChart } from "./helpers/chart-parts";
import { describeWithEngines } from "./helpers/engines";
import { convertWithLibreOffice } from "./helpers/libreoffice";

jest.setTimeout(240_000);

const team = (() => {
  const checked = validatePlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../examples/team-8-reps.json"), "utf8")));
  if (!checked.ok) throw new Error("examples/team-8-reps.json does not validate");
  return checked.plan;
})();

/** June corrected and July early, in 元: 300,000 + 10,000 i and 200,000 + 5,000 i for rep i. */
const june = (i: number) => 300_000 + 10_000 * i;
const july = (i: number) => 200_000 + 5_000 * i;

describeWithEngines(["libreoffice"], "actuals in, recalculated by LibreOffice", () => {
  let tmp: string;
  let before: ExcelJS.Workbook;
  const after: Record<"recalc" | "default", ExcelJS.Workbook> = {} as never;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tp-actuals-engine-"));
    const book = await withDashboardChart(await writeXlsx(buildPlanWorkbook(team, { lang: "zh", asOf: "2025-06-30" })), "Monthly tracking", 8);
    fs.writeFileSync(path.join(tmp, "team.xlsx"), book);
    const csv = ["销售员,6月,7月 (元)", ...team.tracking!.rows.map((r, i) => `${r.name},"${june(i).toLocaleString("en-US")}",${july(i)}`)].join("\n");
    fs.writeFileSync(path.join(tmp, "crm.csv"), csv);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["actuals", "team.xlsx", "crm.csv", "-o", "team-07.xlsx", "--overwrite"], { out: (l) => out.push(l), err: (l) => err.push(l) }, { cwd: tmp });
    if (code !== 0) throw new Error(`plan actuals failed: ${err.join("\n")}`);
    const patched = fs.readFileSync(path.join(tmp, "team-07.xlsx"));
    before = await loadXlsx(book);
    for (const mode of ["recalc", "default"] as const) {
      const dir = path.join(tmp, mode);
      const { files } = convertWithLibreOffice([{ name: "team-07.xlsx", data: patched }], { outDir: dir, recalc: mode === "recalc" });
      after[mode] = await loadXlsx(fs.readFileSync(files.get("team-07.xlsx")!));
    }
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const result = (ws: ExcelJS.Worksheet, a1: string): unknown => {
    const c = ws.getCell(a1);
    return c.formula ? c.result : c.value;
  };

  describe.each(["recalc", "default"] as const)("LibreOffice (%s settings) on the imported workbook", (mode) => {
    it("shows the engine's to-date actual, attainment, light and pace for every row", () => {
      const ws = after[mode].getWorksheet("Monthly tracking")!;
      const start = excelSerial("2025-01-01");
      const end = excelSerial("2025-12-31");
      const starts = Array.from({ length: 12 }, (_, m) => excelSerial(`2025-${String(m + 1).padStart(2, "0")}-01`));
      for (const [i, r] of team.tracking!.rows.entries()) {
        const actuals = (r.actuals ?? new Array<number | null>(12).fill(null)).slice();
        actuals[5] = june(i);
        actuals[6] = july(i);
        const t = trackRow(team, { ...r, actuals }, excelSerial("2025-06-30"), starts, start, end, "zh");
        const R = 6 + i;
        expect([ws.getCell(`R${R}`).value, ws.getCell(`T${R}`).value]).toEqual([june(i) / 10000, july(i) / 10000]);
        expect(result(ws, `AG${R}`)).toBeCloseTo(t.actualToDate as number, 9);
        expect(result(ws, `AH${R}`)).toBeCloseTo(t.attainment as number, 9);
        expect(result(ws, `AI${R}`)).toBe(t.status);
        expect(result(ws, `AJ${R}`)).toBeCloseTo(t.pace as number, 9);
      }
      // The light moved for someone: the import changed what the sheet says.
      const old = before.getWorksheet("Monthly tracking")!;
      expect(team.tracking!.rows.some((_, i) => result(old, `AI${6 + i}`) !== result(ws, `AI${6 + i}`))).toBe(true);
    });

    it("keeps every check TRUE, and the dashboard's formula adds the new actuals up", () => {
      const wb = after[mode];
      const ws = wb.getWorksheet("Monthly tracking")!;
      expect(result(ws, "AK2")).toBe(true);
      const total = team.tracking!.rows.reduce((s, _, i) => s + Number(result(ws, `AG${6 + i}`)), 0);
      expect(result(wb.getWorksheet("看板")!, "B1")).toBeCloseTo(total, 9);
    });

    it("leaves the scorecard as it was (it reads nothing of the tracking sheet)", () => {
      const a = before.getWorksheet("Scorecard")!;
      const b = after[mode].getWorksheet("Scorecard")!;
      let formulas = 0;
      a.eachRow((row) =>
        row.eachCell((cell) => {
          // What its formulas give (LibreOffice turns mixed-script text constants into rich text).
          if (!cell.formula) return;
          formulas++;
          const v = result(a, cell.address);
          if (typeof v === "number") expect(result(b, cell.address)).toBeCloseTo(v, 9);
          else expect(result(b, cell.address)).toEqual(v);
        }),
      );
      expect(formulas).toBeGreaterThan(10);
    });
  });
});
