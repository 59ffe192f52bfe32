/** @jest-environment jsdom */
/**
 * The pane's state after a write: the preview on screen is what the next Apply writes (cell
 * for cell, as the fake Excel evaluates the written formulas), a preview already written
 * cannot be written again, and a preview the workbook has moved on from is refused, never
 * written over the user's cells. In the quarterly split and the decomposition form.
 */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { SheetSpec } from "../../src/sheets/spec";
import { styleAt } from "../../src/taskpane/components/Preview";
import { formatCell } from "../../src/taskpane/services/format";
import { FakePort } from "./fake-port";
import { renderPane } from "./render";

const REPS = [
  ["Rep", "Annual"],
  ["Zhang", 1_200_000],
  ["Li", 800_001],
  ["Wang", 350_000],
];

function excelWithReps(): FakePort {
  const port = new FakePort();
  port.addSheet("Sheet1", REPS.map((r) => [...r]));
  port.select("Sheet1", "B2:B4");
  return port;
}

/** The rows of a preview table as the user reads them. */
function tableRows(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole("row")
    .map((tr) => Array.from(tr.querySelectorAll("th,td")).map((c) => c.textContent ?? ""));
}

const applyButton = () => screen.getByTestId("apply") as HTMLButtonElement;

/**
 * Every preview row whose first cell names a row of the written sheet shows that row's cells
 * as the sheet shows them now (the formulas evaluated, in the sheet's number formats).
 * Returns how many rows were compared.
 */
function expectPreviewShowsSheet(port: FakePort, sheet: SheetSpec, rows: string[][]): number {
  const at = /^([A-Z]+)(\d+)$/.exec(sheet.origin ?? "A1")!;
  const left = at[1].split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const { bottom, right } = port.usedArea(sheet.name);
  const cells = port.valuesAt(sheet.name, `A1:${colName(right)}${bottom + 1}`);
  let compared = 0;
  // Rows in the sheet's order: each preview row is found below the one before (a "Total" may come twice).
  let from = 0;
  for (const shown of rows) {
    if (shown[0] === "") continue;
    const r = cells.findIndex((line, i) => i >= from && line[left] === shown[0]);
    from = r + 1;
    if (r < 0) throw new Error(`the preview's row “${shown[0]}” is not on ${sheet.name}`);
    const written = shown.map((_, c) => formatCell(cells[r][left + c], styleAt(sheet, r, left + c).numFmt, "en-US"));
    expect({ row: shown[0], cells: shown }).toEqual({ row: shown[0], cells: written });
    compared++;
  }
  return compared;
}

function colName(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

describe("quarterly split: the preview after a write", () => {
  it("shows what was written with Apply off; a changed choice previews the next write, and Apply writes exactly that", async () => {
    const port = excelWithReps();
    renderPane({ port, flow: "quarterlySplit" });
    const before = tableRows(await screen.findByTestId("preview-table"));
    await userEvent.click(applyButton());
    await screen.findByText(/Done: written to Sheet1/);
    const first = port.written[0].sheets[0];

    // After the write (and the pane's second look at the workbook): the same preview, the
    // cells it shows are the sheet's, and Apply is off — what is shown is written already.
    await waitFor(() => expect(port.calls.filter((c) => c === "findOccupied").length).toBeGreaterThan(1));
    expect(tableRows(screen.getByTestId("preview-table"))).toEqual(before);
    expect(expectPreviewShowsSheet(port, first, before)).toBeGreaterThanOrEqual(4);
    expect(applyButton().disabled).toBe(true);

    // A new choice: beside is taken now, so the preview says a new sheet, with the new numbers.
    await userEvent.click(screen.getByRole("radio", { name: "Even (25 % each)" }));
    await waitFor(() => expect(screen.getByTestId("placement").textContent).toContain("Writes into a new sheet, “Quarterly split”"));
    await waitFor(() => expect(applyButton().disabled).toBe(false));
    const next = tableRows(screen.getByTestId("preview-table"));
    expect(next).not.toEqual(before);
    await userEvent.click(applyButton());
    await screen.findByText(/Done: written to Quarterly split/);
    expect(port.calls.filter((c) => c === "write")).toHaveLength(2);
    const second = port.written[1].sheets[0];
    expect(second.name).toBe("Quarterly split");
    expect(expectPreviewShowsSheet(port, second, next)).toBeGreaterThanOrEqual(4);
    // The first split is as it was.
    expect(expectPreviewShowsSheet(port, first, before)).toBeGreaterThanOrEqual(4);
  });

  it("refuses a preview the workbook has moved on from, then previews the new place and writes that", async () => {
    const port = excelWithReps();
    renderPane({ port, flow: "quarterlySplit" });
    await screen.findByTestId("preview");
    expect(screen.getByTestId("placement").textContent).toMatch(/^Writes beside your selection, into Sheet1!D1:/);
    // The user types into a cell of the place beside, after the preview was made.
    port.setValue("Sheet1", "F3", "typed after the preview");
    await userEvent.click(applyButton());
    await screen.findByText(/F3/);
    await expect(port.readRange("Sheet1", "F3")).resolves.toEqual([["typed after the preview"]]);
    expect(port.written).toHaveLength(0);
    // The pane looks again: the preview now says where the next Apply goes, and it goes there.
    await waitFor(() => expect(screen.getByTestId("placement").textContent).toContain("Writes into a new sheet, “Quarterly split”"));
    const next = tableRows(screen.getByTestId("preview-table"));
    await userEvent.click(applyButton());
    await screen.findByText(/Done: written to Quarterly split/);
    expect(expectPreviewShowsSheet(port, port.written[0].sheets[0], next)).toBeGreaterThanOrEqual(4);
    await expect(port.readRange("Sheet1", "F3")).resolves.toEqual([["typed after the preview"]]);
  });
});

describe("decomposition: the preview after a write", () => {
  async function fill(total: string) {
    const box = await screen.findByTestId("dec-total-input");
    await userEvent.clear(box);
    await userEvent.type(box, total);
  }

  it("after Apply, a new total previews the next sheets (renamed beside the first) and Apply writes exactly those", async () => {
    const port = new FakePort();
    port.addSheet("Sheet1", [["notes"]]);
    renderPane({ port, flow: "decomposition" });
    await fill("12,000");
    fireEvent.change(screen.getByTestId("paste-members-0"), { target: { value: "华东\t40\r\n华南\t30\r\n华北\t20\r\n其他\t10\r\n" } });
    const table = () => within(screen.getByTestId("preview-decomposition")).getByTestId("preview-table");
    await screen.findByTestId("preview");
    const before = tableRows(table());
    await userEvent.click(applyButton());
    await screen.findByText(/Done: written to Decomposition/);
    const first = port.written[0].sheets.find((s) => s.kind === "decomposition")!;
    expect(expectPreviewShowsSheet(port, first, before)).toBeGreaterThanOrEqual(4);
    await waitFor(() => expect(applyButton().disabled).toBe(true));

    await fill("15,000");
    await waitFor(() => expect(applyButton().disabled).toBe(false));
    await waitFor(() => expect(screen.getByTestId("placement").textContent).toContain("Decomposition (2)"));
    const next = tableRows(table());
    expect(next).not.toEqual(before);
    await userEvent.click(applyButton());
    await screen.findByText(/Done: written to Decomposition \(2\)/);
    const second = port.written[1].sheets.find((s) => s.kind === "decomposition")!;
    expect(second.name).toBe("Decomposition (2)");
    expect(expectPreviewShowsSheet(port, second, next)).toBeGreaterThanOrEqual(4);
    expect(expectPreviewShowsSheet(port, first, before)).toBeGreaterThanOrEqual(4);
  });
});
