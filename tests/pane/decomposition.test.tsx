/** @jest-environment jsdom */
/**
 * Flow 2, the decomposition form, against the fake Excel (tests/pane/fake-port.ts): the
 * preview's numbers are core's splitTotal / spreadGrid, problems show at their field in
 * both languages, nothing is written before Apply, a stored plan fills the form and is
 * made again beside the old sheets (the per-member .zip: member-zip.test.ts).
 */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { splitTotal } from "../../src/core/split";
import { spreadGrid } from "../../src/core/spread";
import { memberAmount, validatePlan } from "../../src/sheets/plan";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { FakePort } from "./fake-port";
import { renderPane } from "./render";

const fmt = (n: number) => n.toLocaleString("en-US");

function emptyExcel(): FakePort {
  const port = new FakePort();
  port.addSheet("Sheet1", [["notes"]]);
  return port;
}

/** The rows of the preview table of the decomposition sheet, as the user reads them. */
function previewRows(): string[][] {
  const table = within(screen.getByTestId("preview-decomposition")).getByTestId("preview-table");
  return within(table)
    .getAllByRole("row")
    .map((tr) => Array.from(tr.querySelectorAll("th,td")).map((c) => c.textContent ?? ""));
}

/** Fills the total and pastes the regions as Excel puts them on the clipboard. */
async function fillRegions(total = "12,000", pasted = "华东\t40\r\n华南\t30\r\n华北\t20\r\n其他\t10\r\n") {
  const totalBox = await screen.findByTestId("dec-total-input");
  await userEvent.clear(totalBox);
  await userEvent.type(totalBox, total);
  fireEvent.change(screen.getByTestId("paste-members-0"), { target: { value: pasted } });
}

describe("decomposition form inside Excel", () => {
  it("previews the regions' amounts as core splits them and writes nothing before Apply", async () => {
    const port = emptyExcel();
    renderPane({ port, flow: "decomposition" });
    await fillRegions();
    await screen.findByTestId("preview");
    const want = splitTotal(12000, [[40, 30, 20, 10]], { unit: 1 })[0];
    const rows = previewRows();
    for (const [k, name] of ["华东", "华南", "华北", "其他"].entries()) {
      const row = rows.find((r) => r[0] === name);
      expect(row).toBeDefined();
      expect(row).toContain(fmt(want[k]));
    }
    expect(screen.getByTestId("placement").textContent).toContain("“Decomposition”");
    expect(port.calls).not.toContain("write");
    await expect(port.sheetNames()).resolves.toEqual(["Sheet1"]);

    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to Decomposition/);
    const checks = await port.readChecks();
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c) => c.ok)).toBe(true);
    // The plan behind the sheet is stored: 12,000 万元 is 120,000,000 元.
    const stored = validatePlan(await port.readStoredPlan());
    expect(stored.ok).toBe(true);
    if (stored.ok) {
      expect(stored.plan.total).toBe(120_000_000);
      expect(memberAmount(stored.plan, { split: "region", member: "华东" })).toBe(want[0]);
    }
  });

  it("shows a problem at its field, in the pane's language, and previews nothing until it is fixed", async () => {
    renderPane({ port: emptyExcel(), flow: "decomposition", language: "zh-CN" });
    await fillRegions();
    await screen.findByTestId("preview");
    // A weight typed wrong is named at its own box, in Chinese.
    const weight = screen.getByTestId("member-weight-0-3");
    await userEvent.clear(weight);
    await userEvent.type(weight, "x");
    await screen.findByText("不是数字：请输入数字，例如 1,200 或 25%");
    expect(weight.getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByTestId("preview")).toBeNull();
    await userEvent.clear(weight);
    await userEvent.type(weight, "5");
    // Percentages adding to 95: said under the dimension, with what to change.
    await screen.findByText("百分比合计为 95，不是 100（或把一个成员标为剩余）");
    await userEvent.clear(weight);
    await userEvent.type(weight, "10");
    await screen.findByTestId("preview");
  });

  it("splits the rest among the others after a held member, and crosses regions with quarters in a grid", async () => {
    const port = emptyExcel();
    renderPane({ port, flow: "decomposition" });
    await fillRegions("1,000", "East\t50\nSouth\t30\nNorth\t20\n");
    await userEvent.selectOptions(screen.getByTestId("dim-basis-0"), "weights");
    await userEvent.click(screen.getByRole("switch", { name: "Some members are held" }));
    await userEvent.type(screen.getByTestId("member-held-0-2"), "100");
    await userEvent.click(screen.getByTestId("dec-add-dimension"));
    await userEvent.selectOptions(screen.getByTestId("dim-kind-1"), "quarter");
    await userEvent.selectOptions(screen.getByTestId("dim-basis-1"), "weights");
    for (const [q, w] of ["25", "30", "25", "20"].entries()) {
      const box = screen.getByTestId(`member-weight-1-${q}`);
      await userEvent.clear(box);
      await userEvent.type(box, w);
    }
    await userEvent.click(screen.getByTestId("dec-add-grid"));
    await screen.findByTestId("preview");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to Decomposition/);
    const stored = validatePlan(await port.readStoredPlan());
    expect(stored.ok).toBe(true);
    if (!stored.ok) return;
    // North holds 100; East and South share 900 by 50:30.
    const regions = splitTotal(1000, [[50, 30, 20]], { unit: 1, fixed: [[0, 0, 100]] })[0];
    expect(regions[2]).toBe(100);
    expect(regions[0] + regions[1]).toBe(900);
    expect(["East", "South", "North"].map((member) => memberAmount(stored.plan, { split: "region", member }))).toEqual(regions);
    expect(stored.plan.grids).toEqual([{ id: "grid", rows: "region", columns: "quarter" }]);
    const quarters = splitTotal(1000, [[25, 30, 25, 20]], { unit: 1 })[0];
    const grid = spreadGrid(regions, quarters, { unit: 1 });
    // The grid's cells are on the sheet, each row adding to its region and each column to its quarter.
    const cells = await port.readRange("Decomposition", "A1:H80");
    const east = cells.filter((r) => r[0] === "East").pop()!;
    expect(east.slice(1, 5)).toEqual(grid[0]);
    expect((await port.readChecks()).every((c) => c.ok)).toBe(true);
  });

  it("reads members and weights from the selection", async () => {
    const port = emptyExcel();
    port.addSheet("Regions", [["Region", "Last year"], ["East", 480], ["South", 360]]);
    port.select("Regions", "B2:B3");
    renderPane({ port, flow: "decomposition" });
    await userEvent.click(await screen.findByTestId("read-selection-0"));
    await waitFor(() => expect((screen.getByTestId("member-name-0-1") as HTMLInputElement).value).toBe("South"));
    expect((screen.getByTestId("member-weight-0-0") as HTMLInputElement).value).toBe("480");
  });
});

describe("a workbook that carries its plan", () => {
  it("fills the form from the stored plan and makes the sheet again beside the old one, renaming what is taken", async () => {
    const port = emptyExcel();
    const checked = validatePlan({ title: "North 2025", year: 2025, unit: "万元", total: 5_000_000, splits: [{ id: "team", kind: "team", members: [{ name: "A", weight: 3 }, { name: "B", weight: 2 }] }] });
    if (!checked.ok) throw new Error("plan");
    await port.write(buildPlanWorkbook(checked.plan, { lang: "en" }));
    renderPane({ port, flow: "decomposition" });
    await screen.findByText(/This workbook carries a plan \(North 2025\)/);
    expect((screen.getByTestId("dec-total-input") as HTMLInputElement).value).toBe("500");
    expect((screen.getByTestId("member-name-0-1") as HTMLInputElement).value).toBe("B");
    const placement = await screen.findByTestId("placement");
    expect(placement.textContent).toContain("“Decomposition (2)”");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to Decomposition \(2\)/);
    const names = (await port.readChecks()).map((c) => c.name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });
});
