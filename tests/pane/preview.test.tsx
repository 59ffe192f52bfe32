/** @jest-environment jsdom */
/**
 * The preview table every flow shows: every row when asked (only a window of them rendered
 * when there are many), the columns a collapsed group hides left out, the first column kept
 * in view while the rest scrolls sideways.
 */
import { fireEvent, render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { Preview, VIRTUAL_FROM } from "../../src/taskpane/components/Preview";
import { buildQuarterlySplit } from "../../src/sheets/quarterly";
import type { SheetSpec } from "../../src/sheets/spec";

function show(sheet: SheetSpec, props: { allRows?: boolean; startRow?: number; headerRows?: number } = {}): HTMLElement {
  render(
    <FluentProvider theme={webLightTheme}>
      <Preview sheet={sheet} language="en-US" label="Preview" {...props} />
    </FluentProvider>,
  );
  return screen.getByTestId("preview-table");
}

const rowsOf = (table: HTMLElement) => within(table).getAllByRole("row").filter((tr) => tr.getAttribute("aria-hidden") !== "true");
const textOf = (tr: HTMLElement) => Array.from(tr.querySelectorAll("th,td")).map((c) => c.textContent ?? "");

function team(n: number): SheetSpec {
  return buildQuarterlySplit({ names: Array.from({ length: n }, (_, i) => `Rep ${i + 1}`), annual: Array.from({ length: n }, (_, i) => 100_000 + i * 5_000), weights: [25, 30, 25, 20], unit: 10000, lang: "en" }).sheets[0];
}

describe("the preview", () => {
  it("shows every row of a short sheet when asked, with nothing said about more rows", () => {
    const sheet = team(8);
    const table = show(sheet, { allRows: true, startRow: 2, headerRows: 2 });
    const names = rowsOf(table).map((tr) => textOf(tr)[0]);
    for (let i = 1; i <= 8; i++) expect(names).toContain(`Rep ${i}`);
    expect(screen.queryByText(/more rows/)).toBeNull();
  });

  it("leaves out the columns a collapsed group hides (the rounding work), as the sheet shows them", () => {
    const sheet = team(3);
    expect(sheet.columnGroups?.[0].collapsed).toBe(true);
    const header = textOf(rowsOf(show(sheet, { allRows: true, startRow: 3, headerRows: 1 }))[0]);
    expect(header.slice(0, 8)).toEqual(["Name", "Annual", "Q1", "Q2", "Q3", "Q4", "Total", "Check"]);
    // Nothing of the work's own headers ("n0", "Tie tol.", "Rem. Q2" …) is in the preview.
    const widest = sheet.rows.reduce((w, r) => Math.max(w, r.length), 0);
    expect(header.length).toBeLessThan(widest);
    expect(header.join(" ")).not.toMatch(/Tie|Rem\./);
  });

  it("keeps the name column in view: its cells are the sticky ones, in every row", () => {
    const table = show(team(4), { allRows: true, startRow: 3, headerRows: 1 });
    for (const tr of rowsOf(table)) {
      const sticky = tr.querySelectorAll("[data-sticky]");
      expect(sticky).toHaveLength(1);
      expect(sticky[0]).toBe(tr.querySelector("th,td"));
    }
  });

  it(`renders a window of a long sheet (over ${VIRTUAL_FROM} rows), keeps the full height, and moves the window as it scrolls`, () => {
    const table = show(team(2_000), { allRows: true, startRow: 3, headerRows: 1 });
    const rendered = rowsOf(table);
    expect(rendered.length).toBeLessThan(120);
    expect(textOf(rendered[1])[0]).toBe("Rep 1");
    // The header row, 2,000 reps and the total row.
    expect(table.getAttribute("aria-rowcount")).toBe(String(1 + 2_000 + 1));
    // The spacer below stands for the rows not rendered.
    const spacer = table.querySelector('tbody tr[aria-hidden="true"]') as HTMLElement;
    expect(parseFloat(spacer.style.height)).toBeGreaterThan(1_000 * 20);

    const region = screen.getByTestId("preview-scroll");
    region.scrollTop = 1_500 * 22;
    fireEvent.scroll(region);
    const names = rowsOf(table).map((tr) => textOf(tr)[0]);
    expect(names).toContain("Rep 1501");
    expect(names).not.toContain("Rep 1");
  });
});
