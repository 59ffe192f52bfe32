/** @jest-environment jsdom */
/**
 * Flow 2, the decomposition form, against the fake Excel (tests/pane/fake-port.ts): the
 * preview's numbers are core's splitTotal / spreadGrid, problems show at their field in
 * both languages, nothing is written before Apply, a stored plan fills the form and is
 * made again beside the old sheets, and the per-member .zip holds each member's workbook.
 */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import JSZip from "jszip";
import { splitTotal } from "../../src/core/split";
import { spreadGrid } from "../../src/core/spread";
import { type Plan, memberAmount, validatePlan } from "../../src/sheets/plan";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { zipMemberWorkbooks } from "../../src/taskpane/flows/forms/member-zip";
import { loadXlsx } from "../../src/xlsx/read";
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
});
