/** @jest-environment jsdom */
/**
 * Flow 3, the tracking sheet, against the fake Excel and in the workbench: rows from the
 * workbook's decomposition (each member's annual amount, spread like the month split) or
 * from a pasted table; thresholds and direction per row; the preview's lights are core's
 * trafficLight; Apply writes the sheet beside the decomposition and stores both in one plan.
 */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { attainment } from "../../src/core/attainment";
import { trafficLight } from "../../src/core/status";
import { type Plan, type TrackingRow, memberAmount, monthlyTargets, validatePlan } from "../../src/sheets/plan";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { Workbench } from "../../src/taskpane/workbench/workbench";
import { memorySettings } from "../../src/taskpane/workbench/memory";
import { FakePort } from "./fake-port";
import { renderPane } from "./render";

const fmt = (n: number, d = 2) => n.toLocaleString("en-US", { maximumFractionDigits: d });

/** A decomposition of 1,200 万元 over three reps and twelve months (Q1 light), as the pane would store it. */
function decomposition(): Plan {
  const checked = validatePlan({
    title: "East team 2025",
    year: 2025,
    unit: "万元",
    roundTo: 1,
    total: 12_000_000,
    splits: [
      { id: "person", kind: "person", basis: "percent", members: [{ name: "Chen", weight: 50 }, { name: "Liu", weight: 30 }, { name: "Zhou", weight: 20 }] },
      { id: "month", kind: "month", basis: "weights", members: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map((name, m) => ({ name, weight: m < 3 ? 6 : 9 })) },
    ],
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.plan;
}

async function excelWithDecomposition(): Promise<{ port: FakePort; plan: Plan }> {
  const port = new FakePort();
  port.addSheet("Sheet1", [["notes"]]);
  const plan = decomposition();
  await port.write(buildPlanWorkbook(plan, { lang: "en" }));
  return { port, plan };
}

function previewRows(): string[][] {
  const table = within(screen.getByTestId("preview-tracking")).getByTestId("preview-table");
  return within(table)
    .getAllByRole("row")
    .map((tr) => Array.from(tr.querySelectorAll("th,td")).map((c) => c.textContent ?? ""));
}

describe("tracking sheet from the workbook's decomposition", () => {
  it("makes one row per rep with their annual amount, writes it on Apply and stores one plan with both", async () => {
    const { port, plan } = await excelWithDecomposition();
    renderPane({ port, flow: "tracking" });
    await screen.findByTestId("preview");
    const rows = previewRows();
    expect(rows.map((r) => r[0])).toEqual(["Name", "Chen", "Liu", "Zhou"]);
    // Year target = the rep's amount in the decomposition (万元), as core splits it.
    for (const name of ["Chen", "Liu", "Zhou"]) {
      expect(rows.find((r) => r[0] === name)![1]).toBe(fmt(memberAmount(plan, { split: "person", member: name })));
    }
    // Only the setup's write so far: the preview writes nothing.
    expect(port.calls.filter((c) => c === "write")).toHaveLength(1);
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to Tracking/);
    const stored = validatePlan(await port.readStoredPlan());
    expect(stored.ok).toBe(true);
    if (!stored.ok) return;
    expect(stored.plan.splits?.map((s) => s.id)).toEqual(["person", "month"]);
    expect(stored.plan.tracking?.rows.map((r) => r.name)).toEqual(["Chen", "Liu", "Zhou"]);
    // The months are shaped like the month split: Chen's January is core's, not an even twelfth.
    const chen = stored.plan.tracking!.rows[0];
    expect(chen.months).toBe("month");
    const janTarget = monthlyTargets(stored.plan, chen)[0]!;
    expect(janTarget).toBeLessThan(memberAmount(plan, { split: "person", member: "Chen" }) / 12);
    const checks = await port.readChecks();
    expect(checks.every((c) => c.ok)).toBe(true);
  });

  it("shows a yellow line above the green one at that row's field, and no preview until it is fixed", async () => {
    const { port } = await excelWithDecomposition();
    renderPane({ port, flow: "tracking" });
    await screen.findByTestId("preview");
    fireEvent.click(screen.getByText(/Per row \(3\)/));
    const yellow = screen.getByTestId("trk-row-1-yellow");
    await userEvent.type(yellow, "120");
    await screen.findByText("yellow (1.2) is above green (1)");
    expect(screen.queryByTestId("preview")).toBeNull();
    await userEvent.clear(yellow);
    await userEvent.type(yellow, "80");
    await screen.findByTestId("preview");
  });
});

describe("a workbook that carries its tracking sheet's plan", () => {
  it("comes back with its rows and their lines, and is made again beside the old sheet", async () => {
    const port = new FakePort();
    port.addSheet("Sheet1", [["notes"]]);
    const checked = validatePlan({
      ...decomposition(),
      tracking: {
        rowsAre: "people",
        rows: [
          { name: "Chen", target: { from: { split: "person", member: "Chen" } }, greenAt: 1.05, yellowAt: 0.95, actuals: [500000, null, null, null, null, null, null, null, null, null, null, null] },
          { name: "Churn", format: "percent", direction: "lower", target: { each: 0.08 } },
        ],
      },
    });
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    await port.write(buildPlanWorkbook(checked.plan, { lang: "en" }));
    renderPane({ port, flow: "tracking" });
    await screen.findByTestId("preview");
    expect((screen.getByTestId("trk-from-stored") as HTMLInputElement).checked).toBe(true);
    expect(previewRows().map((r) => r[0])).toEqual(["Name", "Chen", "Churn"]);
    fireEvent.click(screen.getByText(/Per row \(2\)/));
    expect((screen.getByTestId("trk-row-0-green") as HTMLInputElement).value).toBe("105");
    expect((screen.getByTestId("trk-row-1-direction") as HTMLSelectElement).value).toBe("lower");
    expect(screen.getByTestId("placement").textContent).toContain("“Tracking (2)”");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to Tracking \(2\)/);
    const again = validatePlan(await port.readStoredPlan());
    if (!again.ok) throw new Error("stored plan");
    const pick = (rows: TrackingRow[]) => rows.map((r) => [r.name, r.target, r.actuals ?? null, r.direction ?? "higher", r.format ?? "amount"]);
    expect(pick(again.plan.tracking!.rows)).toEqual(pick(checked.plan.tracking!.rows));
    expect(again.plan.tracking!.rows[0]).toMatchObject({ greenAt: 1.05, yellowAt: 0.95 });
    expect(again.plan.tracking!.rowsAre).toBe("people");
  });
});

describe("tracking sheet from a pasted table, outside Excel", () => {
  it("reads twelve pairs of target and actual; the lights are core's, lower is better where set", async () => {
    const workbench = new Workbench({ settings: memorySettings() });
    renderPane({ workbench, flow: "tracking", language: "zh-CN" });
    await screen.findByTestId("trk-paste");
    // Churn: a rate where lower is better, 8 % target each month, three months in.
    const pairs = (t: string, actuals: string[]) => Array.from({ length: 12 }, (_, m) => `${t}\t${actuals[m] ?? ""}`).join("\t");
    const text = `指标${"\t目标\t实际".repeat(12)}\r\n客户流失率\t${pairs("8%", ["7%", "9%", "10%"])}\r\n`;
    await userEvent.selectOptions(screen.getByTestId("trk-format"), "percent");
    await userEvent.selectOptions(screen.getByTestId("trk-direction"), "lower");
    fireEvent.change(screen.getByTestId("trk-paste"), { target: { value: text } });
    await screen.findByText(/1 行，各月目标与实际。/);
    // As of the end of March of this year: three months to date.
    const asOf = screen.getByTestId("trk-as-of");
    fireEvent.change(asOf, { target: { value: `${new Date().getFullYear()}-03-31` } });
    await screen.findByTestId("preview");
    await waitFor(() => expect(previewRows()[1][3]).not.toBe(""));
    const row = previewRows()[1];
    const actual = (0.07 + 0.09 + 0.1) / 3;
    const want = trafficLight(actual, 0.08, { greenAt: 1, yellowAt: 0.9, direction: "lower" });
    expect(row[5]).toBe({ green: "绿", yellow: "黄", red: "红" }[want as "green" | "yellow" | "red"]);
    expect(row[4]).toBe(`${fmt(attainment(actual, 0.08, "lower") * 100, 1)}%`);
    const cell = within(screen.getByTestId("preview-tracking")).getAllByRole("row")[1].querySelectorAll("td,th")[5] as HTMLElement;
    expect(cell.style.backgroundColor).not.toBe("");
  });

  it("says how many number columns the table has when it is not 1, 12 or 24", async () => {
    const workbench = new Workbench({ settings: memorySettings() });
    renderPane({ workbench, flow: "tracking" });
    fireEvent.change(await screen.findByTestId("trk-paste"), { target: { value: "Name\tA\tB\nEast\t1\t2\n" } });
    await screen.findByText(/The table has 2 number columns after the names; give 1 \(annual target\), 12/);
  });
});
