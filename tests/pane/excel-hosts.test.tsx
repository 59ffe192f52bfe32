/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * The pane on the Excels it meets (tests/pane/fake-port.ts behind it), saying only what is
 * true there:
 * - inside Excel, "Open as a new workbook" hands Excel the generated workbook
 *   (Excel.createWorkbook); on Excel for Mac, where a download silently does nothing
 *   (office-js #2700), there is no download button, and the pane says why;
 * - where Excel lacks ExcelApi 1.8, the flows that write say so before the form, and Apply
 *   stays off; where it lacks custom functions, the function list says so;
 * - a download is "handed over", never "downloaded";
 * - the per-member .zip inside Excel: where to get it, and one member's workbook at a time.
 * (ExcelJS needs Node's module conditions under jsdom: the docblock above.)
 */
import { TextDecoder, TextEncoder } from "node:util";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import JSZip from "jszip";
import { type Plan, validatePlan } from "../../src/sheets/plan";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { FakePort } from "./fake-port";
import { renderPane } from "./render";

// jsdom has neither; ExcelJS (the .xlsx behind "Open as a new workbook") needs both.
Object.assign(globalThis, { TextDecoder, TextEncoder });

const NO_EXCEL_API_18 = { excelApi18: false, customFunctions: true };

function salesTable(): FakePort {
  const port = new FakePort();
  port.addSheet("Sheet1", [
    ["Rep", "Annual"],
    ["Zhang", 1_200_000],
    ["Li", 800_001],
  ]);
  port.select("Sheet1", "B2:B3");
  return port;
}

/** The sheet names and the first sheet's cell texts of an .xlsx's bytes. */
async function xlsxContents(bytes: Uint8Array): Promise<{ sheets: string[]; strings: string }> {
  const zip = await JSZip.loadAsync(bytes);
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const sheets = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
  const strings = (await zip.file("xl/sharedStrings.xml")?.async("string")) ?? "";
  return { sheets, strings };
}

describe("inside Excel: open the result as a new workbook", () => {
  it("quarterly split: opens the split as a new workbook, and says to save it", async () => {
    const port = salesTable();
    renderPane({ port, flow: "quarterlySplit", platform: "windows" });
    await screen.findByTestId("preview");
    await userEvent.click(screen.getByTestId("open-workbook"));
    await screen.findByText("Opened as a new workbook. Save it with File › Save As.");
    expect(port.openedWorkbooks).toHaveLength(1);
    const opened = await xlsxContents(port.openedWorkbooks[0]);
    expect(opened.sheets[0]).toBe("Quarterly split");
    expect(opened.strings).toContain("Zhang");
    // Nothing was written into the workbook itself.
    expect(port.calls).not.toContain("write");
    // On Windows a download stays on offer beside it.
    expect(screen.getByTestId("download")).toBeTruthy();
  });

  it("on Excel for Mac: no download button, the reason under the buttons, and where a new window may hide", async () => {
    const port = salesTable();
    renderPane({ port, flow: "quarterlySplit", platform: "mac" });
    await screen.findByTestId("preview");
    expect(screen.queryByTestId("download")).toBeNull();
    expect(screen.getByTestId("action-note").textContent).toMatch(/^Excel for Mac cannot save a file from the pane/);
    await userEvent.click(screen.getByTestId("open-workbook"));
    await screen.findByText(/On a Mac it may open behind this window: look in the Window menu\./);
  });

  it("a plan form (tracking) opens its sheets as a new workbook too, in Chinese", async () => {
    const port = new FakePort();
    port.addSheet("Sheet1", [["x"]]);
    renderPane({ port, flow: "tracking", language: "zh-CN", platform: "mac" });
    await userEvent.type(await screen.findByTestId("trk-paste"), "指标\t目标\n销售额\t1200\n回款\t900\n");
    await screen.findByTestId("preview");
    expect(screen.queryByTestId("download")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "作为新工作簿打开" }));
    await screen.findByText(/已作为新工作簿打开。请用“文件 › 另存为”保存。在 Mac 上它可能在当前窗口后面打开/);
    const opened = await xlsxContents(port.openedWorkbooks[0]);
    expect(opened.strings).toContain("销售额");
  });
});

describe("inside an Excel without ExcelApi 1.8", () => {
  it("says before the form that it cannot write, keeps Apply off and offers no new workbook", async () => {
    const port = salesTable();
    renderPane({ port, flow: "quarterlySplit", support: NO_EXCEL_API_18, platform: "windows" });
    // Said at once, before anything is filled in.
    expect((await screen.findByTestId("write-unavailable")).textContent).toMatch(/needs Excel JavaScript API 1\.8/);
    await screen.findByTestId("preview");
    expect(screen.getByTestId("apply").hasAttribute("disabled")).toBe(true);
    expect(screen.queryByTestId("open-workbook")).toBeNull();
    expect(screen.getByTestId("download")).toBeTruthy();
  });

  it("says so on every flow that writes, and not on the ones that only read", async () => {
    for (const flow of ["decomposition", "tracking", "scorecard"] as const) {
      const { unmount } = renderPane({ port: salesTable(), flow, support: NO_EXCEL_API_18, language: "zh-CN" });
      expect((await screen.findByTestId("write-unavailable")).textContent).toMatch(/需要 Excel JavaScript API 1\.8/);
      unmount();
    }
    for (const flow of ["checkWorkbook", "explainCell", "myTargets"] as const) {
      const { unmount } = renderPane({ port: salesTable(), flow, support: NO_EXCEL_API_18 });
      await screen.findByRole("heading", { level: 2 });
      expect(screen.queryByTestId("write-unavailable")).toBeNull();
      unmount();
    }
  });
});

describe("the function list", () => {
  it("says the functions are not available where Excel has no custom functions", async () => {
    renderPane({ port: salesTable(), support: { excelApi18: true, customFunctions: false } });
    expect((await screen.findByTestId("functions-missing")).textContent).toMatch(/^The functions are not available in this Excel/);
    expect(screen.queryByTestId("blank-as-zero")).toBeNull();
  });

  it("shows the guard against empty cells passed as 0, in both languages, and the tracking flow repeats it", async () => {
    const { unmount } = renderPane({ port: salesTable() });
    const note = await screen.findByTestId("blank-as-zero");
    expect(note.textContent).toMatch(/pass an empty cell to a custom function as 0/);
    expect(note.querySelector("code")?.textContent).toBe('=IF(B2="","",TARGET.STATUS(B2,C2))');
    expect(screen.queryByTestId("functions-missing")).toBeNull();
    unmount();
    renderPane({ port: salesTable(), language: "zh-CN", flow: "tracking" });
    const inTracking = await screen.findByTestId("trk-blank-as-zero");
    expect(inTracking.textContent).toMatch(/会把空单元格作为 0 传给自定义函数/);
    expect(inTracking.querySelector("code")?.textContent).toBe('=IF(B2="","",TARGET.STATUS(B2,C2))');
  });
});

describe("send out: one workbook per member, inside Excel", () => {
  function planned(): Plan {
    const checked = validatePlan({
      title: "2026",
      year: 2026,
      unit: "元",
      total: 1200,
      splits: [
        { id: "person", kind: "person", members: [{ name: "Zhang", weight: 1 }, { name: "Li", weight: 1 }] },
        { id: "quarter", kind: "quarter", members: [{ name: "Q1", weight: 1 }, { name: "Q2", weight: 1 }, { name: "Q3", weight: 1 }, { name: "Q4", weight: 1 }] },
      ],
    });
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    return checked.plan;
  }

  it("says where to get the .zip, and opens one member's workbook as a new workbook", async () => {
    const port = new FakePort();
    port.addSheet("Sheet1", [["x"]]);
    await port.write(buildPlanWorkbook(planned(), { lang: "en" }));
    renderPane({ port, flow: "decomposition", platform: "mac" });
    await screen.findByTestId("preview");
    const send = screen.getByRole("heading", { name: "Send out" }).closest("section")!;
    expect(within(send).queryByTestId("download-zip")).toBeNull();
    expect(within(send).getByTestId("zip-elsewhere").textContent).toMatch(/pane in a web browser \(http:\/\/localhost\/\).*command line/);
    expect(within(send).getByTestId("zip-elsewhere").textContent).not.toMatch(/npm/);
    await userEvent.selectOptions(within(send).getByTestId("member-to-open"), within(send).getAllByRole("option").find((o) => o.textContent === "Li")!);
    await userEvent.click(within(send).getByTestId("open-member"));
    await within(send).findByText(/Opened as a new workbook/);
    const opened = await xlsxContents(port.openedWorkbooks[0]);
    expect(opened.strings).toContain("Li");
    expect(opened.strings).not.toContain("Zhang");
  });
});
