/** @jest-environment jsdom */
/**
 * Flow 1, the quarterly split, against the fake Excel (tests/pane/fake-port.ts) and in the
 * workbench: what the preview shows, where it writes, what lands in the cells (equal to
 * core's splitTotal), remembered choices, refusals, cancel and failure.
 */
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { splitTotal } from "../../src/core/split";
import { labels } from "../../src/sheets/i18n";
import { QUARTERLY_SPLIT_RECORD, buildQuarterlySplit } from "../../src/sheets/quarterly";
import { validatePlan } from "../../src/sheets/plan";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { Workbench } from "../../src/taskpane/workbench/workbench";
import { memorySettings } from "../../src/taskpane/workbench/memory";
import { FakePort } from "./fake-port";
import { renderPane } from "./render";

const REPS = [
  ["Rep", "Annual"],
  ["Zhang", 1_200_000],
  ["Li", 800_001],
  ["Wang", 350_000],
] as const;

function excelWith(rows: readonly (readonly (string | number)[])[] = REPS, select = "B2:B4", options = {}): FakePort {
  const port = new FakePort(options);
  port.addSheet("Sheet1", rows.map((r) => [...r]));
  port.select("Sheet1", select);
  return port;
}

/** The preview's rows as the user reads them. */
function previewRows(): string[][] {
  const table = screen.getByTestId("preview-table");
  return within(table)
    .getAllByRole("row")
    .map((tr) => Array.from(tr.querySelectorAll("th,td")).map((c) => c.textContent ?? ""));
}

const fmt = (n: number) => n.toLocaleString("en-US");

describe("quarterly split inside Excel", () => {
  it("previews Q1–Q4 beside the selected targets, with the seed weights, and writes them on Apply", async () => {
    const port = excelWith();
    renderPane({ port, flow: "quarterlySplit" });
    await screen.findByTestId("preview");
    expect(screen.getByTestId("selection-summary").textContent).toContain("Sheet1!B2:B4 (3 targets)");
    // Beside the selection, one empty column over; the targets start at row 2, so only the
    // header fits above (row 1), the total and the weights go below: D1:… to row 6.
    // The range a reader sees: name to check and the rounding work's label (L), not the hidden work columns.
    expect(screen.getByTestId("placement").textContent).toBe("Writes beside your selection, into Sheet1!D1:L6.");

    const rows = previewRows();
    expect(rows[0].slice(0, 3)).toEqual(["Name", "Annual (元)", "Q1"]);
    const zhang = rows.find((r) => r[0] === "Zhang")!;
    const expected = splitTotal(1_200_000, [[25, 30, 25, 20]], { unit: 1 })[0];
    expect(zhang.slice(1, 6)).toEqual([fmt(1_200_000), ...expected.map(fmt)]);

    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to Sheet1/);
    // The names and the quarters landed on their targets' rows (2–4), each equal to core's split.
    const li = splitTotal(800_001, [[25, 30, 25, 20]], { unit: 1 })[0];
    const wang = splitTotal(350_000, [[25, 30, 25, 20]], { unit: 1 })[0];
    const cells = await port.readRange("Sheet1", "A1:I4");
    expect(cells[0].slice(3, 6)).toEqual(["Name", "Annual (元)", "Q1"]);
    expect(cells[1]).toEqual(["Zhang", 1_200_000, "", "Zhang", 1_200_000, ...expected]);
    expect(cells[2]).toEqual(["Li", 800_001, "", "Li", 800_001, ...li]);
    expect(cells[3]).toEqual(["Wang", 350_000, "", "Wang", 350_000, ...wang]);
    expect(port.formulaAt("Sheet1", "F2")).toBeDefined();
    const checks = await port.readChecks();
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c) => c.ok)).toBe(true);
  });

  it("with room above, writes the whole block above the targets and keeps each split on its target's row (万元: amounts in 元, rounded to whole 万)", async () => {
    const port = excelWith([["Sales plan"], [], [], [], ["Rep", "Annual"], ["Zhang", 1_234_567], ["Li", 800_001]], "B6:B7");
    renderPane({ port, flow: "quarterlySplit" });
    await screen.findByTestId("preview");
    await userEvent.click(screen.getByRole("radio", { name: /万元/ }));
    // Title, note, weights and header take rows 2–5; the targets are rows 6–7, the total row 8.
    await waitFor(() => expect(screen.getByTestId("placement").textContent).toMatch(/Sheet1!D2:[A-Z]+8\b/));
    const want = splitTotal(1_234_567, [[25, 30, 25, 20]], { unit: 10000 })[0];
    await waitFor(() => expect(previewRows().find((r) => r[0] === "Zhang")!.slice(1, 6)).toEqual([fmt(1_234_567), ...want.map(fmt)]));
    // The preview's headers are the sheet's: amounts in 元.
    expect(previewRows()[1].slice(0, 2)).toEqual(["Name", "Annual (元)"]);
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to Sheet1/);
    const cells = await port.readRange("Sheet1", "D3:I7");
    expect(String(cells[0][0])).toMatch(/rounded to 10,000 元/);
    expect(cells[2].slice(0, 2)).toEqual(["Name", "Annual (元)"]);
    expect(cells[3]).toEqual(["Zhang", 1_234_567, ...want]);
    expect(cells[4].slice(0, 2)).toEqual(["Li", 800_001]);
  });

  it("writes into a new sheet when the cells beside are taken, and says which cells", async () => {
    const port = excelWith([
      ["Rep", "Annual", "", "Note"],
      ["Zhang", 100, "", "keep me"],
    ], "B2");
    renderPane({ port, flow: "quarterlySplit" });
    const placement = await screen.findByTestId("placement");
    expect(placement.textContent).toContain("not empty");
    expect(placement.textContent).toContain("D2");
    expect(placement.textContent).toContain("Writes into a new sheet, “Quarterly split”");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to Quarterly split/);
    await expect(port.readRange("Sheet1", "D2")).resolves.toEqual([["keep me"]]);
    await expect(port.sheetNames()).resolves.toContain("Quarterly split");
  });

  it("uses the chosen weights, unit and months", async () => {
    const port = excelWith();
    renderPane({ port, flow: "quarterlySplit" });
    await screen.findByTestId("preview");
    await userEvent.click(screen.getByRole("radio", { name: "Typed" }));
    const q1 = screen.getByTestId("typed-q1");
    await userEvent.clear(q1);
    await userEvent.type(q1, "10");
    await userEvent.click(screen.getByRole("radio", { name: /万元/ }));
    await userEvent.click(screen.getByRole("switch", { name: "Months too" }));
    await waitFor(() => expect(previewRows()[0]).toContain("Jan"));
    const want = splitTotal(1_200_000, [[10, 30, 25, 20]], { unit: 10000 })[0];
    await waitFor(() => expect(previewRows().find((r) => r[0] === "Zhang")!.slice(2, 6)).toEqual(want.map(fmt)));
    expect(screen.getByTestId("shares").textContent).toBe("Shares: 11.8% / 35.3% / 29.4% / 23.5%");
  });

  it("splits by last year's figures when they are chosen: the preview and the cells Apply writes", async () => {
    const port = excelWith();
    renderPane({ port, flow: "quarterlySplit" });
    await screen.findByTestId("preview");
    await userEvent.click(screen.getByRole("radio", { name: "Last year's figures" }));
    for (const [q, v] of [[1, "100"], [2, "300"], [3, "200"], [4, "400"]] as const) {
      const box = screen.getByTestId(`lastYear-q${q}`);
      await userEvent.clear(box);
      await userEvent.type(box, v);
    }
    const want = splitTotal(1_200_000, [[100, 300, 200, 400]], { unit: 1 })[0];
    await waitFor(() => expect(previewRows().find((r) => r[0] === "Zhang")!.slice(2, 6)).toEqual(want.map(fmt)));
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to Sheet1/);
    await expect(port.readRange("Sheet1", "F2:I2")).resolves.toEqual([want]);
  });

  it("remembers the choices per workbook: the second time the preview is there and Apply is one click", async () => {
    const port = excelWith();
    const first = renderPane({ port, flow: "quarterlySplit" });
    await screen.findByTestId("preview");
    await userEvent.click(screen.getByRole("radio", { name: "Even (25 % each)" }));
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written/);
    first.unmount();

    renderPane({ port, flow: "quarterlySplit" });
    await screen.findByText("Your last choices for this workbook are filled in.");
    expect((screen.getByRole("radio", { name: "Even (25 % each)" }) as HTMLInputElement).checked).toBe(true);
    // Beside is taken by the first write now, so it goes to a new sheet; one click writes it.
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to Quarterly split/);
    const sheet = "Quarterly split";
    const even = splitTotal(1_200_000, [[1, 1, 1, 1]], { unit: 1 })[0];
    await expect(port.readRange(sheet, "C5:F5")).resolves.toEqual([even]);
  });

  it("names the cell that is not a number", async () => {
    const port = excelWith([["Rep", "Annual"], ["Zhang", 5], ["Li", "n/a"]], "B2:B3");
    renderPane({ port, flow: "quarterlySplit" });
    await screen.findByText("Sheet1!B3 holds “n/a”, not a number. Select only the annual targets, or correct that cell.");
    expect(screen.queryByTestId("preview")).toBeNull();
    expect((screen.getByTestId("apply") as HTMLButtonElement).disabled).toBe(true);
  });

  it("asks for a selection when there is none, and reads it when asked", async () => {
    const port = new FakePort();
    port.addSheet("Sheet1", REPS.map((r) => [...r]));
    renderPane({ port, flow: "quarterlySplit" });
    await screen.findByText(/Select the column of annual targets in the sheet/);
    port.select("Sheet1", "B1:B4");
    await userEvent.click(screen.getByTestId("use-selection"));
    // The header row inside the selection is skipped.
    expect((await screen.findByTestId("selection-summary")).textContent).toContain("Sheet1!B2:B4 (3 targets)");
  });

  it("shows progress while writing and removes everything on Cancel", async () => {
    const port = excelWith(REPS, "B2:B4", { chunkCells: 5, pauseMs: 30 });
    renderPane({ port, flow: "quarterlySplit" });
    await screen.findByTestId("preview");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByRole("progressbar");
    await screen.findByText(/cells written/);
    await userEvent.click(screen.getByTestId("cancel"));
    await screen.findByText("The write was cancelled and what it had written was removed.");
    await expect(port.readRange("Sheet1", "D1:K8")).resolves.toEqual(Array.from({ length: 8 }, () => Array(8).fill("")));
  });

  it("says what went wrong when a write fails part-way, and leaves nothing behind", async () => {
    const port = excelWith(REPS, "B2:B4", { chunkCells: 5 });
    port.failNextWrite(new Error("The connection to Excel was lost."));
    renderPane({ port, flow: "quarterlySplit" });
    await screen.findByTestId("preview");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/The connection to Excel was lost\. Nothing was lost; try again/);
    await expect(port.readRange("Sheet1", "D1:K8")).resolves.toEqual(Array.from({ length: 8 }, () => Array(8).fill("")));
  });

  it("speaks Chinese", async () => {
    const port = excelWith();
    renderPane({ port, flow: "quarterlySplit", language: "zh-CN" });
    await screen.findByTestId("preview");
    expect(screen.getByTestId("placement").textContent).toMatch(/^写在所选区域旁边：Sheet1!D1:/);
    const zh = labels("zh");
    expect(previewRows()[0].slice(0, 3)).toEqual([zh.name, `${zh.annual} (元)`, zh.quarters[0]]);
    expect(screen.getByText("季度权重")).toBeTruthy();
    expect((screen.getByRole("button", { name: /应用/ }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe("a workbook that already stores a plan", () => {
  /** A decomposition plan (three reps), as the decomposition flow stores it. */
  function fullPlan() {
    const checked = validatePlan({
      title: "East team 2025",
      year: 2025,
      total: 3_000_000,
      splits: [{ id: "person", kind: "person", basis: "percent", members: [{ name: "Chen", weight: 50 }, { name: "Liu", weight: 30 }, { name: "Zhou", weight: 20 }] }],
    });
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    return checked.plan;
  }

  it.each([
    ["beside the selection", REPS, "Writes beside your selection"],
    ["into a new sheet", [["Rep", "Annual", "", "Note"], ["Zhang", 100, "", "keep me"]], "Writes into a new sheet"],
  ] as const)("keeps the full plan when a quarterly split is written %s afterwards", async (_where, rows, says) => {
    const port = excelWith(rows, rows === REPS ? "B2:B4" : "B2");
    const plan = fullPlan();
    await port.write(buildPlanWorkbook(plan, { lang: "en" }));
    renderPane({ port, flow: "quarterlySplit" });
    expect((await screen.findByTestId("placement")).textContent).toContain(says);
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to/);
    const stored = validatePlan(await port.readStoredPlan());
    if (!stored.ok) throw new Error(`the stored plan was lost: ${JSON.stringify(stored.problems)}`);
    expect(stored.plan).toEqual(plan);
  });

  it("the in-memory workbook (the workbench's and the fake's writer) never lets a split's record replace a full plan either", async () => {
    const port = excelWith();
    const plan = fullPlan();
    await port.write(buildPlanWorkbook(plan, { lang: "en" }));
    await port.write(buildQuarterlySplit({ names: ["East"], annual: [100], weights: [1, 1, 1, 1], unit: 1, lang: "en", takenSheetNames: await port.sheetNames() }));
    expect(await port.readStoredPlan()).toEqual(plan);
  });

  it("stores its own record when the workbook holds no plan, and replaces an earlier split's record", async () => {
    const port = excelWith(REPS, "B2:B4");
    const first = renderPane({ port, flow: "quarterlySplit" });
    await screen.findByTestId("preview");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written/);
    expect(await port.readStoredPlan()).toMatchObject({ kind: QUARTERLY_SPLIT_RECORD, quarterlySplit: { annual: [1_200_000, 800_001, 350_000] } });
    first.unmount();
    port.select("Sheet1", "B2:B3");
    renderPane({ port, flow: "quarterlySplit" });
    await screen.findByTestId("preview");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written/);
    expect(await port.readStoredPlan()).toMatchObject({ kind: QUARTERLY_SPLIT_RECORD, quarterlySplit: { annual: [1_200_000, 800_001] } });
  });
});

describe("quarterly split in the workbench (outside Excel)", () => {
  it("takes a pasted table, picks the column of targets, previews and adds the split to the workbook", async () => {
    const workbench = new Workbench({ settings: memorySettings() });
    renderPane({ workbench, flow: "quarterlySplit" });
    const paste = await screen.findByTestId("paste");
    await act(async () => {
      fireEvent.change(paste, { target: { value: "Rep\tRegion\tAnnual\r\nZhang\tEast\t1,200,000\r\nLi\tWest\t800,001\r\n" } });
    });
    expect(screen.getByText("Pasted 3 rows × 3 columns.")).toBeTruthy();
    await screen.findByTestId("preview");
    // No selection outside Excel: the count of targets, not a range.
    expect(screen.getByTestId("selection-summary").textContent).toBe("2 targets. Total 2,000,001.");
    // Names come from the column left of the targets.
    const rows = previewRows();
    expect(rows.find((r) => r[0] === "East")).toBeDefined();
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText("Added to the file. Download .xlsx to keep it: nothing is saved until you do.");
    const expected = splitTotal(1_200_000, [[25, 30, 25, 20]], { unit: 1 })[0];
    // On the target's own row (2), one column over from the pasted table.
    expect(workbench.valuesAt("Sheet1", "E2:J2")).toEqual([["East", 1_200_000, ...expected]]);
    expect(workbench.written).toHaveLength(1);
  });

  /** A team of eight, pasted: four targets are not whole numbers of 万元 (the figures). */
  const TEAM = [
    ["Rep", "Annual"],
    ["Zhao", 975_000],
    ["Qian", 1_817_500],
    ["Sun", 1_199_999],
    ["Li", 6_047_500],
    ["Zhou", 2_400_000],
    ["Wu", 3_600_000],
    ["Zheng", 1_200_000],
    ["Wang", 800_000],
  ] as const;

  async function pasteTeam(language: "en-US" | "zh-CN"): Promise<Workbench> {
    const workbench = new Workbench({ settings: memorySettings() });
    renderPane({ workbench, flow: "quarterlySplit", language });
    const paste = await screen.findByTestId("paste");
    await act(async () => {
      fireEvent.change(paste, { target: { value: TEAM.map((r) => r.join("\t")).join("\r\n") } });
    });
    await screen.findByTestId("preview");
    return workbench;
  }

  it.each([
    ["en-US", "Adds the split beside the pasted table; download to keep it.", "Li: 6,047,500 is not a whole number of 万元: the 7,500 goes to Q2."],
    ["zh-CN", "分解结果加在粘贴的表格旁边；下载后即可保存。", "Li: 6,047,500 不是万元的整数倍：零头 7,500 计入 Q2。"],
  ] as const)("pastes a team, picks 万元 and finds every rep in the preview, the odd amounts explained and no selection or range named (%s)", async (language, place, liSays) => {
    await pasteTeam(language);
    const placement = screen.getByTestId("placement").textContent ?? "";
    expect(placement).toBe(place);
    expect(placement).not.toMatch(/Sheet1|![A-Z]+\d/);
    await userEvent.click(screen.getByRole("radio", { name: /万元/ }));
    const odd = await screen.findByTestId("odd-amounts");
    // Every rep is in the preview, each with core's split (the odd amount in Q2, the heaviest).
    const rows = previewRows();
    for (const [name, annual] of TEAM.slice(1) as [string, number][]) {
      const want = splitTotal(annual, [[25, 30, 25, 20]], { unit: 10000 })[0];
      expect(rows.find((r) => r[0] === name)?.slice(1, 6)).toEqual([fmt(annual), ...want.map(fmt)]);
    }
    expect(screen.queryByText(/more rows/)).toBeNull();
    // The rows it touches, and only those.
    const said = within(odd).getAllByRole("listitem").map((li) => li.textContent);
    expect(said).toHaveLength(4);
    expect(said).toContain(liSays);
    expect(said.map((t) => t?.split(":")[0])).toEqual(["Zhao", "Qian", "Sun", "Li"]);
  });

  it("shows amounts in 万元 when asked, says the odd amounts in 万元, and the sheet records the choice", async () => {
    const workbench = await pasteTeam("en-US");
    await userEvent.click(screen.getByRole("radio", { name: /万元/ }));
    await userEvent.click(await screen.findByRole("switch", { name: "Show amounts in 万元 too" }));
    await waitFor(() => expect(previewRows()[0].slice(0, 2)).toEqual(["Name", "Annual (万元)"]));
    const li = previewRows().find((r) => r[0] === "Li")!;
    const want = splitTotal(6_047_500, [[25, 30, 25, 20]], { unit: 10000 })[0];
    // The sheet's 万元 format has two decimals.
    expect(li.slice(1, 6)).toEqual(["604.75", ...want.map((x) => (x / 10000).toLocaleString("en-US", { minimumFractionDigits: 2 }))]);
    expect(within(screen.getByTestId("odd-amounts")).getByText("Li: 604.75 is not a whole number of 万元: the 0.75 goes to Q2.")).toBeTruthy();
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Added to the file/);
    await expect(workbench.readStoredPlan()).resolves.toMatchObject({ kind: QUARTERLY_SPLIT_RECORD, quarterlySplit: { display: "万元", unit: 10000 } });
    // The sheet holds 万元: Li's annual cell beside the table is 604.75.
    expect(workbench.valuesAt("Sheet1", "D5:E5")).toEqual([["Li", 604.75]]);
  });
});
