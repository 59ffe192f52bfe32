/** @jest-environment jsdom */
/**
 * "Explain this cell" in the pane, against the fake Excel: reached from the home screen, it
 * reads the active cell's TARGET.* formula and its arguments' cells, and shows what Excel
 * does not — the message behind #DIV/0! and #NUM!, in the pane's language — or how a
 * result comes about; it reads the cell again when the user comes back from the sheet; and
 * it says plainly when a cell is not one it can explain.
 */
import { act, fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Workbench } from "../../src/taskpane/workbench/workbench";
import { memorySettings } from "../../src/taskpane/workbench/memory";
import { targetFunction } from "../../src/taskpane/workbench/target-functions";
import { FakePort, type FakePortOptions } from "./fake-port";
import { renderPane } from "./render";

/** A rep's KPIs with TARGET.* formulas in column F (evaluated by the fake Excel through the add-in's functions). */
function kpis(options: FakePortOptions = {}): FakePort {
  const port = new FakePort(options);
  port.addSheet("KPIs", [
    ["KPI", "Actual", "Target", "Points", "Rule", "Score"],
    ["Sales", 0.96, 1, 40, "每超1%加0.5分,每低1%扣1分", { v: 36, f: "TARGET.SCORE(B2,C2,D2,E2)" }],
    ["Visits", 12, 0, 15, "", { v: "#DIV/0!", f: "TARGET.ATTAIN(B3,C3)" }],
    ["New", "", 12, 15, "", { v: "red", f: "TARGET.STATUS(B4,C4)" }],
    ["Split", "", "", "", "", { v: "#NUM!", f: "TARGET.SPLIT(100,{1,1},1,{80,30})" }],
    ["Total", "", "", "", "", { v: 51, f: "SUM(F2:F3)" }],
    ["Rounded", "", "", "", "", { v: 0, f: "TARGET.SPLIT(15,{1,2},10)" }],
  ]);
  port.select("KPIs", "F2");
  return port;
}

describe("explain this cell inside Excel", () => {
  it("is on the home screen, and explains a SCORE clause by clause with what each argument gave", async () => {
    const port = kpis();
    renderPane({ port });
    await userEvent.click(screen.getByRole("button", { name: /Explain this cell/ }));
    const outcome = await screen.findByTestId("explain-working");
    expect(outcome.textContent).toBe("36 = 40 - 4 × 1");
    expect(screen.getByTestId("explain-cell").textContent).toBe("Cell KPIs!F2");
    expect(screen.getByTestId("explain-formula").textContent).toBe("=TARGET.SCORE(B2,C2,D2,E2)");
    const args = within(screen.getByTestId("explain-args"));
    expect(args.getByText("actual").nextElementSibling?.textContent).toBe("B2 → 0.96");
    expect(args.getByText("rule").nextElementSibling?.textContent).toBe("E2 → 每超1%加0.5分,每低1%扣1分");
    expect(port.calls).toContain("readActiveCell");
  });

  it("shows the message behind #DIV/0!, which Excel does not show, in English and in Chinese", async () => {
    const port = kpis();
    port.select("KPIs", "F3");
    const { unmount } = renderPane({ port, flow: "explainCell" });
    const outcome = await screen.findByTestId("explain-outcome");
    await within(outcome).findByText("Why #DIV/0!");
    expect(outcome.textContent).toContain("the target is zero");
    unmount();
    renderPane({ port, flow: "explainCell", language: "zh-CN" });
    await screen.findByText("#DIV/0! 的原因");
    expect(screen.getByTestId("explain-outcome").textContent).toContain("目标为 0");
  });

  it("shows the message behind #NUM!", async () => {
    const port = kpis();
    port.select("KPIs", "F5");
    renderPane({ port, flow: "explainCell" });
    await screen.findByText("Why #NUM!");
    expect(screen.getByTestId("explain-outcome").textContent).toContain("held amounts add up to 110, 10 more than the total 100");
  });

  it("explains SPLIT's rounding: whole units by largest remainder, the odd amount to the largest weight", async () => {
    const port = kpis();
    port.select("KPIs", "F7");
    renderPane({ port, flow: "explainCell" });
    const working = await screen.findByTestId("explain-working");
    expect(within(working).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Rounded to multiples of 10: 15 holds 1 × 10. Each part gets the whole units of its share, and the units left over go to the parts with the largest remainders (ties to the earlier part).",
      "The odd 5, less than one unit, goes to part 2: the free part with the largest weight.",
    ]);
    expect(screen.getByText("This cell is part 1 of a result of 1 × 2 cells.")).toBeTruthy();
  });

  it("reads the active cell again when the user comes back to the pane", async () => {
    const port = kpis();
    renderPane({ port, flow: "explainCell" });
    await screen.findByText("36 = 40 - 4 × 1");
    port.select("KPIs", "F3");
    act(() => {
      fireEvent(window, new Event("focus"));
    });
    await screen.findByText("Why #DIV/0!");
  });

  it("says when the cell shows another result than the function gives now, and that an empty cell may have reached it as 0", async () => {
    // A desktop build that passes the empty B4 to the function as 0 (the case the pane warns of).
    const port = kpis({ functions: (name, args) => targetFunction(name, args.map((a) => (a === null ? 0 : a))) });
    port.select("KPIs", "F4");
    renderPane({ port, flow: "explainCell" });
    const differs = await screen.findByTestId("explain-differs");
    expect(differs.textContent).toContain("Excel shows red, but the function gives empty");
    expect(screen.getByTestId("explain-blank").textContent).toMatch(/^B4 is empty\. Some desktop builds of Excel pass an empty cell to a custom function as 0/);
    expect(screen.getByTestId("explain-blank").querySelector("code")?.textContent).toBe('=IF(B2="","",…)');
  });

  it("says plainly when the cell holds no TARGET.* formula", async () => {
    const port = kpis();
    port.select("KPIs", "F6");
    renderPane({ port, flow: "explainCell", language: "zh-CN" });
    await screen.findByText(/此单元格中没有 TARGET\.\* 公式/);
  });

  it("says which arguments it cannot read", async () => {
    const port = kpis();
    port.addSheet("More", [[{ v: 0.96, f: "TARGET.ATTAIN(KPIs!B2*1,KPIs!C2)" }]]);
    port.select("More", "A1");
    renderPane({ port, flow: "explainCell" });
    const outcome = await screen.findByText(/The pane cannot work out these arguments/);
    expect(outcome.closest("[data-testid=explain-outcome]")?.textContent).toContain("actual (KPIs!B2*1): a calculation or another function");
  });
});

describe("explain this cell outside Excel", () => {
  // Opening a real .xlsx (ExcelJS) is the browser suite's part: tests/flows.browser.test.ts.
  it("explains a cell the user names in the workbench's workbook", async () => {
    const workbench = new Workbench({ settings: memorySettings() });
    renderPane({ workbench, flow: "explainCell" });
    // The cell box waits for a workbook.
    expect((await screen.findByTestId("explain-address")).hasAttribute("disabled")).toBe(true);
    await act(async () => {
      await workbench.pasteTable("Actual\tTarget\n12\t0\n");
      workbench.addSheet("KPIs", [[12, 0, { v: "#DIV/0!", f: "_xldudf_TARGET_ATTAIN(A1,B1)" }]]);
    });
    await userEvent.type(screen.getByTestId("explain-address"), "kpis!C1");
    await userEvent.click(screen.getByTestId("explain-run"));
    await screen.findByText("Why #DIV/0!");
    // Shown as Excel shows it with the add-in, not by the name the file stores.
    expect(screen.getByTestId("explain-formula").textContent).toBe("=TARGET.ATTAIN(A1,B1)");
    // A cell that is not there is refused where it is typed.
    await userEvent.clear(screen.getByTestId("explain-address"));
    await userEvent.type(screen.getByTestId("explain-address"), "Nowhere!C1");
    await userEvent.click(screen.getByTestId("explain-run"));
    await screen.findByText("Open a workbook and give a cell first.");
  });
});
