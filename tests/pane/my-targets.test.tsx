/** @jest-environment jsdom */
/**
 * Flow 6, My targets, on a workbook generated from the eight-reps example plan and written
 * into the fake Excel: the rep picks a name once; the pane reads the actuals typed into the
 * tracking and scorecard sheets and shows attainment, light, pace, points with the
 * explanation, and what the remaining months need. Expected figures come from the sheets'
 * own cells (the builders' engine values) and from hand arithmetic, not from the pane's code.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { validatePlan } from "../../src/sheets/plan";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import type { CellSpec, SheetSpec } from "../../src/sheets/spec";
import { fitSpec, takenNamesOf } from "../../src/taskpane/flows/forms/place";
import { sheetOf } from "../../src/taskpane/flows/my-targets-data";
import { FakePort } from "./fake-port";
import { renderPane } from "./render";

const plan = (() => {
  const checked = validatePlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../examples/team-8-reps.json"), "utf8")));
  if (!checked.ok) throw new Error("examples/team-8-reps.json does not validate");
  return checked.plan;
})();

async function generatedWorkbook() {
  const spec = buildPlanWorkbook(plan, { lang: "en", asOf: "2025-06-30" });
  const port = new FakePort();
  await port.write(spec);
  const tracking = spec.sheets.find((s) => s.kind === "tracking")!;
  const scorecard = spec.sheets.find((s) => s.kind === "scorecard")!;
  return { port, tracking, scorecard };
}

/** The row of `name` on a sheet (the last one whose first cell is the name) and a cell's engine value. */
function rowOf(sheet: SheetSpec, name: string): number {
  for (let r = sheet.rows.length - 1; r >= 0; r--) {
    const c = sheet.rows[r][0];
    if (c && "v" in c && c.v === name) return r;
  }
  throw new Error(`${name} not on ${sheet.name}`);
}
const expectOf = (cell: CellSpec | null): unknown => (cell && "f" in cell ? cell.expect : cell?.v);

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1).replace(/\.0$/, "")}%`;

describe("my targets", () => {
  it("asks for the name once, then shows the rep's attainment, light, pace and what the months left need", async () => {
    const { port, tracking } = await generatedWorkbook();
    renderPane({ port, flow: "myTargets" });
    const picker = await screen.findByRole("combobox", { name: /Your name/ });
    await userEvent.click(picker);
    await userEvent.click(await screen.findByRole("option", { name: "Chen Jing" }));
    await screen.findByText("Chen Jing's targets");

    const r = rowOf(tracking, "Chen Jing");
    // Columns of the tracking sheet: year target AE (30), target to date AF (31), actual to date AG (32), attainment AH (33).
    const attainment = expectOf(tracking.rows[r][33]) as number;
    expect(screen.getByTestId("attainment").textContent).toBe(pct(attainment));
    // Chen Jing's first half: 320k + 340k + 360k + 390k + 410k + 420k = 2,240,000 元 = 224 万元.
    expect(expectOf(tracking.rows[r][32])).toBe(224);
    const yearTarget = expectOf(tracking.rows[r][30]) as number;
    const light = attainment >= 1 ? "Green" : attainment >= 0.9 ? "Yellow" : "Red";
    expect(screen.getByTestId("light").textContent).toBe(light);
    // Six months left after June: (year target − 224) / 6 each, at least.
    const perMonth = (yearTarget - 224) / 6;
    expect(screen.getByTestId("need").textContent).toContain(`${perMonth.toLocaleString("en-US", { maximumFractionDigits: 2 })} 万元 a month for the remaining 6 months`);
    await expect(port.getSetting("myTargets.name")).resolves.toBe("Chen Jing");
  });

  it("reads the actuals as the workbook holds them now, and explains the points", async () => {
    const { port, tracking, scorecard } = await generatedWorkbook();
    const r = rowOf(tracking, "Chen Jing");
    // The rep types a better June (column R = month 6's actual) and a new sales attainment.
    port.setValue(tracking.name, `R${r + 1}`, 62);
    const s = rowOf(scorecard, "Chen Jing");
    port.setValue(scorecard.name, `B${s + 1}`, 1.03);
    await port.setSetting("myTargets.name", "Chen Jing");
    renderPane({ port, flow: "myTargets" });
    await screen.findByText("Chen Jing's targets");
    const targetToDate = expectOf(tracking.rows[r][31]) as number;
    // 224 − 42 (June as generated) + 62 = 244.
    expect(screen.getByTestId("attainment").textContent).toBe(pct(244 / targetToDate));
    // "+0.5 per 1% over": 103 % is 3 % over → 60 + 3 × 0.5.
    const kpis = within(screen.getByTestId("mine-kpis"));
    expect(kpis.getAllByTestId("explanation")[0].textContent).toBe("How the points come about: 61.5 = 60 + 3 × 0.5");
  });

  it("reads the newest tracking sheet when the workbook has two (a tracking sheet made again beside the old one)", async () => {
    const { port, tracking } = await generatedWorkbook();
    // Made again into the same workbook: placed beside the old sheets, as the pane does.
    const again = fitSpec(buildPlanWorkbook(plan, { lang: "en", asOf: "2025-06-30" }), await takenNamesOf(port, plan, "en"));
    const newer = again.sheets.find((s) => s.kind === "tracking")!;
    expect(newer.name).toBe(`${tracking.name} (2)`);
    expect(again.names.map((n) => n.name)).toContain("Check_Tracking_Rows_2");
    await port.write(again);
    // June typed differently on the two sheets: the pane must read the newer one.
    const r = rowOf(tracking, "Chen Jing");
    port.setValue(tracking.name, `R${r + 1}`, 2);
    port.setValue(newer.name, `R${r + 1}`, 62);
    await port.setSetting("myTargets.name", "Chen Jing");
    renderPane({ port, flow: "myTargets" });
    await screen.findByText("Chen Jing's targets");
    const targetToDate = expectOf(tracking.rows[r][31]) as number;
    // 224 − 42 (June as generated) + 62 = 244, from the newer sheet (the old one would give 184).
    expect(screen.getByTestId("attainment").textContent).toBe(pct(244 / targetToDate));
  });

  it("picks the newest of a check's sheets by its number", () => {
    const checks = [
      { name: "Check_Tracking_Rows_2", sheet: "Tracking (2)" },
      { name: "Check_Tracking_Rows", sheet: "Tracking" },
      { name: "Check_Tracking_Rows_10", sheet: "Tracking (10)" },
      { name: "Check_Tracking_Rows_Extra", sheet: "Other" },
      { name: "Check_Scorecard_Weights", sheet: "Scorecard" },
    ];
    expect(sheetOf(checks, "Check_Tracking_Rows")).toBe("Tracking (10)");
    expect(sheetOf(checks, "Check_Scorecard_Weights")).toBe("Scorecard");
    expect(sheetOf(checks.slice(1, 2), "Check_Tracking_Rows")).toBe("Tracking");
    expect(sheetOf([], "Check_Tracking_Rows")).toBeUndefined();
  });

  it("opens on My targets for a rep who chose their name in this workbook before", async () => {
    const { port } = await generatedWorkbook();
    await port.setSetting("myTargets.name", "Guo Rui");
    renderPane({ port });
    await screen.findByText("Guo Rui's targets");
  });

  it("offers to regenerate a generated workbook on the home screen", async () => {
    const { port } = await generatedWorkbook();
    renderPane({ port });
    const banner = await screen.findByTestId("stored-plan");
    expect(banner.textContent).toContain("East region 2025: eight reps by last year's sales");
    await userEvent.click(within(banner).getByRole("button", { name: "My targets" }));
    await screen.findByRole("combobox", { name: /Your name/ });
  });

  it("says when the workbook was not made by the add-in", async () => {
    const port = new FakePort();
    port.addSheet("Sheet1", [["x"]]);
    renderPane({ port, flow: "myTargets", language: "zh-CN" });
    await screen.findByText("此工作簿不是由“目标规划”生成的");
  });

  describe("a revised target (examples/revisions.json: Wu Lei left, Chen Jing took over his accounts)", () => {
    const revised = (() => {
      const checked = validatePlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../examples/revisions.json"), "utf8")));
      if (!checked.ok) throw new Error("examples/revisions.json does not validate");
      return checked.plan;
    })();

    it("tells the rep when and why, in English and Chinese, and measures against the revised target", async () => {
      const spec = buildPlanWorkbook(revised, { lang: "en", asOf: "2025-09-30" });
      const port = new FakePort();
      await port.write(spec);
      await port.setSetting("myTargets.name", "Chen Jing");
      const view = renderPane({ port, flow: "myTargets" });
      await screen.findByText("Chen Jing's targets");
      expect(screen.getAllByTestId("mine-revised").map((x) => x.textContent)).toEqual([
        "Your target was revised on 2025-09-15: from 473 万元 to 520 万元 (Market change: took over Wu Lei's two largest accounts)",
      ]);
      // The year target shown is the revised one the tracking sheet holds (520 万元), not the first 473.
      const tracking = spec.sheets.find((s) => s.kind === "tracking")!;
      expect(expectOf(tracking.rows[rowOf(tracking, "Chen Jing")][30])).toBe(520);
      expect(screen.getByTestId("mine-tracking").textContent).toContain("520");
      view.unmount();

      renderPane({ port, flow: "myTargets", language: "zh-CN" });
      await screen.findAllByTestId("mine-revised");
      expect(screen.getAllByTestId("mine-revised").map((x) => x.textContent)).toEqual([
        "你的目标已于 2025-09-15 修订：由 473 万元 调整为 520 万元（Market change: took over Wu Lei's two largest accounts）",
      ]);
    });

    it("says nothing of revisions to a rep whose target was not revised", async () => {
      const port = new FakePort();
      await port.write(buildPlanWorkbook(revised, { lang: "en", asOf: "2025-09-30" }));
      await port.setSetting("myTargets.name", "Liu Yang");
      renderPane({ port, flow: "myTargets" });
      await screen.findByText("Liu Yang's targets");
      expect(screen.queryAllByTestId("mine-revised")).toEqual([]);
    });
  });
});
