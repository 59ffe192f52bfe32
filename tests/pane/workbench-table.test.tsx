/** @jest-environment jsdom */
/**
 * The workbench's panel in the pane: progress and Cancel while a file is read, and the
 * messages that stay under it — what the download will not carry over and its new name,
 * what was cut or not read, a damaged stored plan, a file that is not a workbook — in both
 * languages.
 */
import { TextDecoder as NodeTextDecoder } from "node:util";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import JSZip from "jszip";
import { Workbench } from "../../src/taskpane/workbench/workbench";
import { memorySettings } from "../../src/taskpane/workbench/memory";
import { rowsXlsx } from "./big-inputs";
import { salesTable, withChartDefaultNamespace } from "./other-tools";
import { renderPane } from "./render";

// jsdom has no TextDecoder (every browser the pane runs in has); Node's is the same API.
if (typeof globalThis.TextDecoder === "undefined") globalThis.TextDecoder = NodeTextDecoder as unknown as typeof TextDecoder;

/** A File as the file input gives it (jsdom's File has no arrayBuffer()). */
function fileOf(bytes: Uint8Array, name: string): File {
  return { name, size: bytes.length, type: "", arrayBuffer: async () => bytes.slice().buffer } as unknown as File;
}

async function open(bytes: Uint8Array, name: string): Promise<void> {
  const input = await screen.findByTestId("open-file");
  await act(async () => {
    fireEvent.change(input, { target: { files: [fileOf(bytes, name)] } });
  });
}

describe("the workbench panel", () => {
  it("says what the download will not carry over and the name it will have, in English", async () => {
    // The file is made before the pane opens: made after, its awaits would let the flow's
    // lazy chunk land between two steps, outside act().
    const file = await withChartDefaultNamespace(await salesTable());
    renderPane({ workbench: new Workbench({ settings: memorySettings() }), flow: "quarterlySplit" });
    await open(file, "team.xlsx");
    await screen.findByText("Not carried over into the download");
    expect(
      screen.getByText(
        /This file has a chart, which the download cannot carry over\. The download is named “team \(Target Planner\)\.xlsx”, so your original file stays as it is/,
      ),
    ).toBeTruthy();
    expect(screen.getByText("Opened team.xlsx.", { exact: false })).toBeTruthy();
  });

  it("says it in Chinese", async () => {
    const file = await withChartDefaultNamespace(await salesTable());
    renderPane({ workbench: new Workbench({ settings: memorySettings() }), flow: "quarterlySplit", language: "zh-CN" });
    await open(file, "team.xlsx");
    await screen.findByText("下载的文件中不包含的内容");
    expect(screen.getByText(/此文件含有：1 个图表，下载的文件无法保留这些内容。下载的文件名为“team \(Target Planner\)\.xlsx”/)).toBeTruthy();
  });

  it("shows progress with Cancel while a big file is read; Cancel keeps the workbook as it was", async () => {
    const workbench = new Workbench({ settings: memorySettings() });
    renderPane({ workbench, flow: "quarterlySplit" });
    const paste = await screen.findByTestId("paste");
    await act(async () => {
      fireEvent.change(paste, { target: { value: "Rep\tAnnual\r\nLi\t800\r\n" } });
    });
    // The file arrives when the test says so: the pane shows progress meanwhile.
    let arrive: (bytes: ArrayBuffer) => void = () => undefined;
    const slow = { name: "rows.xlsx", size: 1, type: "", arrayBuffer: () => new Promise<ArrayBuffer>((resolve) => (arrive = resolve)) } as unknown as File;
    fireEvent.change(await screen.findByTestId("open-file"), { target: { files: [slow] } });
    const cancel = await screen.findByTestId("workbench-cancel");
    expect(screen.getByText("Opening rows.xlsx…")).toBeTruthy();
    fireEvent.click(cancel);
    await act(async () => arrive(rowsXlsx(3000).slice().buffer));
    await screen.findByText("Opening rows.xlsx was cancelled; the workbook is as it was.");
    await waitFor(() => expect(screen.queryByTestId("workbench-progress")).toBeNull());
    expect(workbench.source).toEqual({ kind: "pasted", rows: 2, columns: 2 });
  });

  it("says a zip without a workbook was not opened, and why", async () => {
    const zip = new JSZip();
    zip.file("hello.txt", "hello");
    const file = await zip.generateAsync({ type: "uint8array" });
    renderPane({ workbench: new Workbench({ settings: memorySettings() }), flow: "checkWorkbook" });
    await open(file, "hello.xlsx");
    await screen.findByText("hello.xlsx was not opened");
    expect(screen.getByText(/holds no workbook \(no xl\/workbook\.xml\), so it is not an \.xlsx/)).toBeTruthy();
  });

  it("says a paste wider than the sheet was cut at XFD", async () => {
    renderPane({ workbench: new Workbench({ settings: memorySettings() }), flow: "quarterlySplit" });
    const paste = await screen.findByTestId("paste");
    await act(async () => {
      fireEvent.change(paste, { target: { value: `Rep\tAnnual\r\nLi\t800${"\t".repeat(16_400)}Ghost 999\r\n` } });
    });
    await screen.findByText(/1 pasted row has more than 16,384 fields \(the widest 16,402\)\. A sheet ends at column XFD/);
  });

  it("caps the quarterly split at 10,000 rows and says so", async () => {
    renderPane({ workbench: new Workbench({ settings: memorySettings() }), flow: "quarterlySplit" });
    const paste = await screen.findByTestId("paste");
    const text = ["Rep\tAnnual", ...Array.from({ length: 10_001 }, (_, i) => `Rep ${i}\t${1000 + i}`)].join("\n");
    await act(async () => {
      fireEvent.change(paste, { target: { value: text } });
    });
    await screen.findByText(/The selection has 10,001 rows; the quarterly split reads at most 10,000\. Select fewer rows/);
    expect(screen.queryByTestId("preview")).toBeNull();
    // A paste this long is held by the workbench, not laid out in the box (that froze Chromium for seconds).
    expect(text.length).toBeGreaterThan(100_000);
    expect((paste as HTMLTextAreaElement).value).toBe("");
    expect(screen.getByText("Pasted 10002 rows × 2 columns.")).toBeTruthy();
  });
});
