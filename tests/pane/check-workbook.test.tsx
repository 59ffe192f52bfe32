/** @jest-environment jsdom */
/** Flow 5, Check workbook, against the fake Excel: failing checks listed, Go to selects the cell. */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FakePort } from "./fake-port";
import { renderPane } from "./render";

function workbookWithChecks(): FakePort {
  const port = new FakePort();
  port.addSheet("Split", [
    ["Total", 100, true],
    ["Rows", 99, false],
  ]);
  port.addSheet("Grid", [["", { v: false, f: "AND(B1:B9)" }]]);
  port.addName("Check_Split_Total", "Split", "C1");
  port.addName("Check_Split_Rows", "Split", "C2");
  port.addName("Check_Grid", "Grid", "B1");
  port.addName("Budget", "Split", "B1");
  return port;
}

describe("check workbook", () => {
  it("lists the failing checks first and says how many fail", async () => {
    renderPane({ port: workbookWithChecks(), flow: "checkWorkbook" });
    await screen.findByText("2 of 3 checks fail. Go to each and correct the numbers it checks.");
    const failing = within(screen.getByTestId("failing"));
    expect(failing.getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      expect.stringContaining("Check_Split_Rows"),
      expect.stringContaining("Check_Grid"),
    ]);
    expect(failing.getByText(/Split!C2/).textContent).toContain("now FALSE");
    // Only Check_* names are checks.
    expect(screen.queryByText("Budget")).toBeNull();
  });

  it("takes the user to the failing cell", async () => {
    const port = workbookWithChecks();
    renderPane({ port, flow: "checkWorkbook" });
    await userEvent.click(await screen.findByRole("button", { name: "Go to Grid!B1" }));
    await screen.findByText("Selected Grid!B1.");
    expect(port.calls).toContain("goTo Grid!B1");
    expect(port.selected()).toEqual({ sheet: "Grid", address: "B1" });
  });

  it("reads the checks again after the user fixes the numbers", async () => {
    const port = workbookWithChecks();
    renderPane({ port, flow: "checkWorkbook" });
    await screen.findByText(/2 of 3 checks fail/);
    port.setValue("Split", "C2", true);
    port.setValue("Grid", "B1", true);
    await userEvent.click(screen.getByRole("button", { name: "Check again" }));
    await screen.findByText("All 3 checks pass: every split adds up.");
  });

  it("says so when the workbook has no checks, in Chinese too", async () => {
    const port = new FakePort();
    port.addSheet("Sheet1", [["x"]]);
    renderPane({ port, flow: "checkWorkbook", language: "zh-CN" });
    await screen.findByText(/此工作簿没有校验单元格/);
  });
});
