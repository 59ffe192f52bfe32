/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * "Start next year's plan" on the stored-plan banner: on a workbook generated from the
 * revised eight-reps plan and written into the fake Excel, with the second half's actuals typed
 * into its tracking sheet, the button reads the stored plan and the actual cells, opens next
 * year's workbook as a new one (this one is only read) and says what it did, in English and
 * Chinese. The opened workbook is read back: it stores next year's plan, split by the actuals.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { type Plan, validatePlan } from "../../src/sheets/plan";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { ACTUALS_AT } from "../../src/sheets/next-year";
import { readXlsxPlan } from "../../src/xlsx/read";
import { cellAddress } from "../../src/taskpane/workbench/a1";
import { FakePort } from "./fake-port";
import { renderPane } from "./render";
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from "node:util";

// jsdom has neither (every browser the pane runs in has); ExcelJS, behind the new workbook, needs both.
Object.assign(globalThis, { TextDecoder: NodeTextDecoder, TextEncoder: NodeTextEncoder });

const plan = (() => {
  const checked = validatePlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../examples/revisions.json"), "utf8")));
  if (!checked.ok) throw new Error("examples/revisions.json does not validate");
  return checked.plan;
})();

async function workbook(): Promise<{ port: FakePort; before: unknown }> {
  const spec = buildPlanWorkbook(plan, { lang: "en", asOf: "2025-12-31" });
  const port = new FakePort();
  await port.write(spec);
  const tracking = spec.sheets.find((s) => s.kind === "tracking")!;
  // Chen Jing (the first row) types 50 万元 for each month of the second half.
  for (let m = 6; m < 12; m++) port.setValue(tracking.name, cellAddress({ row: ACTUALS_AT.firstRow, col: ACTUALS_AT.actualCol(m) }), 50);
  return { port, before: await port.readStoredPlan() };
}

describe("start next year's plan", () => {
  it("opens next year's workbook from this year's actuals and leaves this one as it was", async () => {
    const { port, before } = await workbook();
    renderPane({ port });
    const banner = await screen.findByTestId("stored-plan");
    await userEvent.click(within(banner).getByRole("button", { name: "Start next year's plan" }));
    const done = await screen.findByTestId("next-year-done", {}, { timeout: 30000 });
    expect(done.textContent).toContain("Next year's plan, East region 2026: eight reps, two targets revised, is made from this year's actuals (this workbook is unchanged):");
    expect(done.textContent).toContain("Growth 15%: the plan's own growth rate");
    expect(port.openedWorkbooks).toHaveLength(1);
    const next = validatePlan(await readXlsxPlan(port.openedWorkbooks[0]));
    if (!next.ok) throw new Error("the new workbook's plan does not validate");
    const p: Plan = next.plan;
    expect(p.year).toBe(2026);
    // Chen Jing: 2,240,000 元 in the first half (the example) and 6 × 500,000 typed.
    expect(p.splits!.find((s) => s.id === "reps")!.members![0]).toMatchObject({ name: "Chen Jing", lastYear: 5240000 });
    expect(await port.readStoredPlan()).toEqual(before);
  });

  it("speaks Chinese", async () => {
    const { port } = await workbook();
    renderPane({ port, language: "zh-CN" });
    const banner = await screen.findByTestId("stored-plan");
    await userEvent.click(within(banner).getByRole("button", { name: "开始制定明年计划" }));
    const done = await screen.findByTestId("next-year-done", {}, { timeout: 30000 });
    expect(done.textContent).toContain("已按今年实绩生成明年的计划“East region 2026: eight reps, two targets revised”（本工作簿未作改动）：");
    expect(done.textContent).toContain("增长率 15%：沿用本计划的增长率");
  });
});
