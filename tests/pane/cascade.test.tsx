/** @jest-environment jsdom */
/**
 * The Cascade flow against the fake Excel (tests/pane/fake-port.ts) and the workbench: a
 * pasted flat org list (region and team columns) becomes a tree whose figures are core's
 * splitTotal of the company's target; a node shows its target, buffer, owner and deadline;
 * an edit moves its subtree and Undo brings it back; a wrong cell and a cascade Excel's grid
 * cannot hold are said in both languages; Apply writes the table and the letters, whose
 * formulas, evaluated (tests/helpers/formula-eval.ts), give core's figures and every check
 * TRUE; Cancel and a failed write leave the workbook as it was; outside Excel the sheets go
 * into the workbench's workbook, which is then downloaded.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { splitTotal } from "../../src/core/split";
import { nodeAt } from "../../src/sheets/cascade";
import { cascadePlanForNode } from "../../src/sheets/cascade-per";
import { buildCascadeSheets } from "../../src/sheets/cascade-workbook";
import { type Plan, validatePlan } from "../../src/sheets/plan";
import { cellA1 } from "../../src/sheets/formulas";
import { PLAN_SHEET, type WorkbookSpec } from "../../src/sheets/spec";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { Workbench } from "../../src/taskpane/workbench/workbench";
import { memorySettings } from "../../src/taskpane/workbench/memory";
import { XlError, workbookEvaluator } from "../helpers/formula-eval";
import { FakePort, type FakePortOptions } from "./fake-port";
import { renderPane } from "./render";

/*
 * The .xlsx writer stands in for ExcelJS, which jsdom's module conditions cannot load (its
 * browser build is an ES module): it records what the pane hands it. The writer itself is
 * proven in tests/xlsx.test.ts; the download end to end in the browser suites.
 */
const xlsxCalls: WorkbookSpec[] = [];
jest.mock("../../src/taskpane/services/xlsx", () => ({
  loadXlsxWriter: async () => ({
    writeXlsx: async (spec: WorkbookSpec) => (xlsxCalls.push(spec), new Uint8Array([80, 75, 3, 4])),
    addToXlsx: async (_bytes: Uint8Array, spec: WorkbookSpec) => (xlsxCalls.push(spec), new Uint8Array([80, 75, 3, 4])),
  }),
}));

const fmt = (n: number) => n.toLocaleString("en-US");

/** The fake Excel, with its sheets' cells to evaluate. */
class Excel extends FakePort {
  /** A sheet's cells from A1: constants and formulas, as written. */
  rowsOf(name: string): ({ v: unknown } | { f: string } | null)[][] {
    const sheet = this.sheet(name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    const rows: ({ v: unknown } | { f: string } | null)[][] = [];
    for (const [r, c, cell] of sheet.cells.entries()) {
      while (rows.length <= r) rows.push([]);
      rows[r][c] = cell.f !== undefined ? { f: cell.f } : { v: cell.v };
    }
    return rows.map((row) => Array.from(row, (x) => x ?? null));
  }
}

function emptyExcel(options: FakePortOptions = {}): Excel {
  const port = new Excel(options);
  port.addSheet("Sheet1", [["notes"]]);
  return port;
}

const ORG_LIST = "区域\t团队\t姓名\t上年\r\n华东\t华东一组\t张伟\t800\r\n华东\t华东一组\t王芳\t600\r\n华东\t华东二组\t孙丽\t700\r\n华南\t华南一组\t林南\t1000\r\n";

/** Fills the company's target and pastes the org list (万元, 10 % buffer). */
async function fillCompany(total = "12,000") {
  const box = await screen.findByTestId("cascade-total");
  await userEvent.clear(box);
  await userEvent.type(box, total);
  fireEvent.change(screen.getByTestId("cascade-paste"), { target: { value: ORG_LIST } });
  await screen.findByText(/4 people read, grouped by: 区域 › 团队/);
}

/** The tree's rows on screen: name and target as the user reads them. */
function treeRows(): { name: string; amount: string; moved?: string; row: HTMLElement }[] {
  return screen.getAllByTestId("cascade-row").map((row) => ({
    name: row.querySelector("[title]")?.textContent ?? "",
    amount: within(row).getByTestId("cascade-amount").textContent ?? "",
    moved: within(row).queryByTestId("cascade-moved")?.textContent ?? undefined,
    row,
  }));
}
const rowOf = (name: string) => {
  const found = treeRows().find((r) => r.name === name);
  if (!found) throw new Error(`no row ${name} among ${treeRows().map((r) => r.name).join(", ")}`);
  return found;
};

/** The figures by hand, with core's splitTotal: 12,000 万元 × 1.1 by last year (华东 2,100, 华南 1,000). */
function expected() {
  const handed = 12000 * 1.1;
  const [east, south] = splitTotal(handed, [[2100, 1000]], { unit: 1 })[0];
  return { handed, east, south };
}

/** Every sheet of a port, its cells as written (constants and formulas), for the evaluator. */
function evaluatorOf(port: Excel, names: readonly string[]) {
  return workbookEvaluator(names.map((name) => ({ name, rows: port.rowsOf(name) })));
}

/** Everything in the workbook: each sheet's name and cells (to compare before and after). */
async function snapshot(port: FakePort): Promise<{ sheets: string[]; cells: unknown[][][]; plan: unknown }> {
  const sheets = await port.sheetNames();
  const cells = sheets.map((s) => port.valuesAt(s, cellA1(0, 0) + ":" + cellA1(40, 30)));
  return { sheets, cells, plan: await port.readStoredPlan() };
}

function valid(json: unknown): Plan {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("\n"));
  return v.plan;
}

describe("a new cascade inside Excel", () => {
  it("shows the tree of a pasted flat list with core's figures, each level's totals, a node's buffer, owner and deadline, and writes nothing before Apply", async () => {
    const port = emptyExcel();
    renderPane({ port, flow: "cascade" });
    await fillCompany();
    await waitFor(() => expect(rowOf("华东").amount).not.toBe("–"));
    const { handed, east, south } = expected();
    expect(rowOf("Company").amount).toBe(fmt(12000));
    expect(rowOf("华东").amount).toBe(fmt(east));
    expect(rowOf("华南").amount).toBe(fmt(south));
    // Two levels open: the teams show, the people not yet.
    expect(treeRows().map((r) => r.name)).toEqual(["Company", "华东", "华东一组", "华东二组", "华南", "华南一组"]);
    const levels = screen.getAllByTestId("cascade-level").map((tr) => Array.from(tr.querySelectorAll("th,td")).map((c) => c.textContent?.trim()));
    expect(levels[0]).toEqual(["Company", "1", fmt(12000), fmt(handed)]);
    expect(levels[1]).toEqual(["区域", "2", fmt(handed), expect.any(String)]);
    expect(levels[3][0]).toBe("Person");
    expect(levels[3][1]).toBe("4");
    // A region selected: its target, what it hands down with its buffer, its deadline, its owner once given.
    await userEvent.click(within(rowOf("华东").row).getByTitle("华东"));
    const facts = await screen.findByTestId("cascade-node-facts");
    expect(facts.textContent).toContain(fmt(east));
    expect(screen.getByTestId("cascade-node-handed-0").textContent).toContain("10%");
    expect(facts.textContent).toMatch(/Deadline/);
    const owner = screen.getByTestId("cascade-edit-owner");
    await userEvent.type(owner, "李强");
    await userEvent.click(screen.getByTestId("cascade-apply-edit"));
    await waitFor(() => expect(screen.getByTestId("cascade-node-facts").textContent).toContain("李强"));
    expect(port.calls).not.toContain("write");
    await expect(port.sheetNames()).resolves.toEqual(["Sheet1"]);
  });

  it("writes the table and the letters whose formulas, evaluated, give core's figures and every check TRUE", async () => {
    const port = emptyExcel();
    renderPane({ port, flow: "cascade" });
    await fillCompany();
    await screen.findByTestId("cascade-placement");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to/);
    const written = port.written[0].sheets.map((s) => s.name);
    expect(written.length).toBeGreaterThanOrEqual(2);
    const ev = evaluatorOf(port, await port.sheetNames());
    // Every formula the pane wrote evaluates without an error.
    const errors: string[] = [];
    for (const name of written)
      port.rowsOf(name).forEach((row, r) =>
        row.forEach((cell, c) => {
          if (cell && "f" in cell) {
            const v = ev.value(name, r, c);
            if (v instanceof XlError) errors.push(`${name}!${cellA1(r, c)} ${v.code}`);
          }
        }),
      );
    expect(errors).toEqual([]);
    // Each check, evaluated from its formula (not the value the engine wrote), is TRUE.
    const checks = await port.readChecks();
    expect(checks.length).toBeGreaterThan(5);
    expect(checks.filter((c) => ev.at(c.sheet, c.address) !== true).map((c) => c.name)).toEqual([]);
    // The regions' annual targets on the table, evaluated: core's split of 12,000 × 1.1 by last year.
    const stored = valid(await port.readStoredPlan());
    const { cells, result } = buildCascadeSheets(stored, { lang: "en" });
    const annual = (p: string[]) => ev.value(written[0], cells.rows[nodeAt(result, p)!.index][0], cells.col.annual);
    const { east, south } = expected();
    expect(annual([])).toBe(12000);
    expect(annual(["华东"])).toBeCloseTo(east, 9);
    expect(annual(["华南"])).toBeCloseTo(south, 9);
    // The people's targets add up to each team's hand-down: the sheet says so, evaluated.
    const people = ["张伟", "王芳"].map((n) => annual(["华东", "华东一组", n]) as number);
    expect(people.reduce((a, b) => a + b, 0)).toBeCloseTo(ev.value(written[0], cells.rows[nodeAt(result, ["华东", "华东一组"])!.index][0], cells.col.handedDown) as number, 9);
  });

  it("removes everything on Cancel, and after a write that fails part-way: the workbook is as it was", async () => {
    const port = emptyExcel({ chunkCells: 20, pauseMs: 30 });
    const before = await snapshot(port);
    renderPane({ port, flow: "cascade" });
    await fillCompany();
    await screen.findByTestId("cascade-placement");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/cells written/);
    await userEvent.click(screen.getByTestId("cancel"));
    await screen.findByText("The write was cancelled and what it had written was removed.");
    expect(await snapshot(port)).toEqual(before);

    port.failNextWrite(new Error("The connection to Excel was lost."));
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/The connection to Excel was lost\. Nothing was lost; try again/);
    expect(await snapshot(port)).toEqual(before);
  });

  it("undoes an edit in the pane: the subtree moves, then comes back", async () => {
    renderPane({ port: emptyExcel(), flow: "cascade" });
    await fillCompany();
    await waitFor(() => expect(rowOf("华东").amount).not.toBe("–"));
    const was = treeRows().map((r) => [r.name, r.amount]);
    await userEvent.click(within(rowOf("华东").row).getByTitle("华东"));
    const buffer = await screen.findByTestId("cascade-edit-buffer");
    await userEvent.clear(buffer);
    await userEvent.type(buffer, "20");
    await userEvent.click(screen.getByTestId("cascade-apply-edit"));
    // 华东 keeps its target; its teams share 20 % more.
    await waitFor(() => expect(rowOf("华东一组").moved).toBeDefined());
    expect(rowOf("华东").amount).toBe(was[1][1]);
    expect(rowOf("华南一组").moved).toBeUndefined();
    await userEvent.click(screen.getByTestId("cascade-undo"));
    await waitFor(() => expect(treeRows().map((r) => [r.name, r.amount])).toEqual(was));
  });
});

describe("a workbook that holds a cascade (a tree)", () => {
  it("starts from its stored tree, whose figures are its table's formulas evaluated, and writes again beside the old sheets, which keep every cell", async () => {
    const port = emptyExcel();
    const plan = valid(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "examples", "cascade.json"), "utf8")));
    await port.write(buildPlanWorkbook(plan, { lang: "zh" }));
    const old = await port.sheetNames();
    const oldCells = old.map((name) => port.rowsOf(name));
    const table = old.find((n) => n.startsWith("销售目标分解表"))!;
    const ev = evaluatorOf(port, old);
    const { cells, result } = buildCascadeSheets(plan, { lang: "zh" });
    const sheetAnnual = (p: string[]) => ev.value(table, cells.rows[nodeAt(result, p)!.index][0], cells.col.annual) as number;

    renderPane({ port, flow: "cascade", language: "zh-CN" });
    await screen.findByTestId("cascade-start-new");
    await waitFor(() => expect(rowOf("华东").amount).not.toBe("–"));
    for (const p of [[], ["华东"], ["华南"], ["华北"], ["其他"]]) {
      const shown = Number(rowOf(p.length ? p[p.length - 1] : "公司").amount.replace(/,/g, ""));
      expect(shown).toBeCloseTo(sheetAnnual(p), 1);
    }
    await screen.findByTestId("cascade-placement");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/^完成：已写入/);
    const now = await port.sheetNames();
    expect(now).toEqual(expect.arrayContaining([...old, `${table} (2)`]));
    expect(old.map((name) => port.rowsOf(name))).toEqual(oldCells);
    // The new sheets' checks, evaluated, are TRUE too.
    const after = evaluatorOf(port, now);
    const checks = await port.readChecks();
    expect(checks.filter((c) => after.at(c.sheet, c.address) !== true).map((c) => c.name)).toEqual([]);
  });
});

describe("5,000 people", () => {
  it("renders only a window of the tree's rows, opened down to the people, and makes the sheets only when asked", async () => {
    const lines = ["区域\t部门\t团队\t姓名\t上年"];
    for (let i = 0; i < 5000; i++) lines.push(`R${i % 5}\tD${i % 25}\tT${i % 250}\tP${i}\t${100 + (i % 37)}`);
    renderPane({ port: emptyExcel(), flow: "cascade" });
    fireEvent.change(await screen.findByTestId("cascade-total"), { target: { value: "120,000" } });
    fireEvent.change(screen.getByTestId("cascade-paste"), { target: { value: lines.join("\r\n") } });
    await screen.findByText(/5,000 people read, grouped by: 区域 › 部门 › 团队/);
    await waitFor(() => expect(rowOf("R0").amount).not.toBe("–"), { timeout: 30_000 });
    const people = screen.getAllByTestId("cascade-level").at(-1)!;
    expect(people.textContent).toContain("5,000");
    await userEvent.selectOptions(screen.getByTestId("cascade-expand-to"), "4");
    const tree = screen.getByTestId("cascade-tree");
    // 5,281 rows open (aria-setsize), a window of them in the page: 12 on screen, 6 beyond.
    await waitFor(() => expect(tree.querySelector('[role="treeitem"]')?.getAttribute("aria-setsize")).toBe("5281"));
    expect(screen.getAllByTestId("cascade-row").length).toBeLessThanOrEqual(12 + 6 + 1);
    expect(await screen.findByTestId("cascade-make")).toBeTruthy();
    expect(screen.queryByTestId("cascade-placement")).toBeNull();
  }, 120_000);
});

describe("the home screen of a workbook that holds a cascade", () => {
  it("opens the Cascade flow from the stored plan's banner", async () => {
    const port = emptyExcel();
    const plan = valid(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "examples", "cascade.json"), "utf8")));
    await port.write(buildPlanWorkbook(plan, { lang: "en" }));
    renderPane({ port });
    const banner = await screen.findByTestId("stored-plan");
    await userEvent.click(within(banner).getByRole("button", { name: "Make again / extend" }));
    await screen.findByTestId("cascade-start-new");
    expect(document.querySelector('[data-flow-page="cascade"]')).not.toBeNull();
  });
});

describe("a region's own workbook (build --per 区域)", () => {
  it("keeps the region's target from above, splits it among the team pasted, and writes beside the old sheets with every check TRUE", async () => {
    const port = emptyExcel();
    const plan = valid(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "examples", "cascade.json"), "utf8")));
    const east = cascadePlanForNode(plan, ["华东"]);
    await port.write(buildPlanWorkbook(east, { lang: "zh" }));
    // The sheets (the hidden plan sheet holds the new plan after the write).
    const old = (await port.sheetNames()).filter((n) => n !== PLAN_SHEET);
    const oldCells = old.map((name) => port.rowsOf(name));
    renderPane({ port, flow: "cascade", language: "zh-CN" });
    await waitFor(() => expect(rowOf("华东").amount).not.toBe("–"));
    const top = rowOf("华东").amount;
    // The region's targets came from above: no box to change them.
    await userEvent.click(within(rowOf("华东").row).getByTitle("华东"));
    await screen.findByTestId("cascade-node");
    expect(screen.queryByTestId("cascade-edit-top-sales")).toBeNull();
    expect(screen.queryAllByTestId(/^cascade-edit-top-/)).toEqual([]);
    // The manager pastes the team as it is now: two teams, four people.
    fireEvent.change(screen.getByTestId("cascade-paste"), { target: { value: "团队\t姓名\t上年\r\n一组\t张伟\t800\r\n一组\t王芳\t600\r\n二组\t孙丽\t700\r\n二组\t周杰\t500\r\n" } });
    await screen.findByText(/已读取 4 人，分组：团队/);
    await waitFor(() => expect(treeRows().map((r) => r.name)).toEqual(expect.arrayContaining(["华东", "一组", "二组"])));
    expect(rowOf("华东").amount).toBe(top);
    await screen.findByTestId("cascade-placement");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/^完成：已写入/);
    expect(old.map((name) => port.rowsOf(name))).toEqual(oldCells);
    const now = await port.sheetNames();
    const ev = evaluatorOf(port, now);
    const checks = await port.readChecks();
    expect(checks.filter((c) => ev.at(c.sheet, c.address) !== true).map((c) => c.name)).toEqual([]);
    // The new table: the region's year as before, and the two teams' years add up to what it hands down.
    const stored = valid(await port.readStoredPlan());
    const table = now.find((n) => !old.includes(n) && n.startsWith("销售目标分解表"))!;
    const { cells, result } = buildCascadeSheets(stored, { lang: "zh" });
    const annual = (p: string[]) => ev.value(table, cells.rows[nodeAt(result, p)!.index][0], cells.col.annual) as number;
    expect(annual([])).toBeCloseTo(Number(top.replace(/,/g, "")), 0);
    const handed = ev.value(table, cells.rows[0][0], cells.col.handedDown) as number;
    expect(annual(["一组"]) + annual(["二组"])).toBeCloseTo(handed, 9);
  });
});

describe("what is wrong, in the pane's language", () => {
  const BAD_LIST = "区域\t姓名\t上年\r\n华东\t张伟\tabc\r\n华东\t王芳\t600\r\n";
  it.each([
    ["en-US", 'Row 2, column 3: "abc" is not a number 0 or more'],
    ["zh-CN", "第 2 行第 3 列：“abc”不是大于等于 0 的数字"],
  ] as const)("names a wrong cell of the pasted list (%s)", async (language, message) => {
    renderPane({ port: emptyExcel(), flow: "cascade", language });
    fireEvent.change(await screen.findByTestId("cascade-paste"), { target: { value: BAD_LIST } });
    await screen.findByText(message);
  });

  // 33 group columns and 20 target types: 16,451 columns of the table, and Excel has 16,384.
  const DEEP_LIST = [Array.from({ length: 33 }, (_, i) => `L${i + 1}`), Array.from({ length: 33 }, (_, i) => `g${i + 1}`), Array.from({ length: 33 }, (_, i) => `g${i + 1}`)]
    .map((row, i) => [...row, ...(i === 0 ? ["姓名", "上年"] : i === 1 ? ["张伟", "800"] : ["王芳", "600"])].join("\t"))
    .join("\r\n");
  it.each([
    ["en-US", /the decomposition table would need 16,451 columns .*and Excel has 16,384/],
    ["zh-CN", /分解表将需要 16,451 列.*而 Excel 只有 16,384 列/],
  ] as const)("refuses a cascade Excel's grid cannot hold, and offers no sheets (%s)", async (language, message) => {
    const port = emptyExcel();
    renderPane({ port, flow: "cascade", language });
    const total = await screen.findByTestId("cascade-total");
    fireEvent.change(total, { target: { value: "1000" } });
    for (let i = 0; i < 19; i++) await userEvent.click(screen.getByTestId("cascade-add-count"));
    for (let i = 0; i < 19; i++) fireEvent.change(screen.getByTestId(`cascade-type-figure-${i}`), { target: { value: "100" } });
    fireEvent.change(screen.getByTestId("cascade-paste"), { target: { value: DEEP_LIST } });
    await screen.findByText(message, undefined, { timeout: 20_000 });
    expect(screen.queryByTestId("cascade-output")).toBeNull();
    expect(port.calls).not.toContain("write");
  }, 60_000);
});

describe("outside Excel (the workbench)", () => {
  it("adds the cascade's sheets to the workbench's workbook, then downloads that workbook with them", async () => {
    const workbench = new Workbench({ settings: memorySettings() });
    const blobs: Blob[] = [];
    const url = URL as unknown as { createObjectURL?: (b: Blob) => string; revokeObjectURL?: (u: string) => void };
    url.createObjectURL = (b: Blob) => (blobs.push(b), "blob:cascade");
    url.revokeObjectURL = () => undefined;
    // jsdom cannot follow the link: the file's name is what the browser would save it as.
    const saved: string[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderPane({ workbench, flow: "cascade" });
    await fillCompany();
    await screen.findByTestId("cascade-placement");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText("Added to the file. Download .xlsx to keep it: nothing is saved until you do.");
    expect(workbench.written).toHaveLength(1);
    const names = workbench.written[0].sheets.map((s) => s.name);
    expect(names).toEqual(["Target cascade", "Responsibility letters"]);
    expect(await workbench.sheetNames()).toEqual(expect.arrayContaining(names));
    // Written is written: no second offer to add the same sheets.
    expect(screen.queryByTestId("cascade-placement")).toBeNull();
    expect((screen.getByTestId("apply") as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByTestId("download"));
    await screen.findByText(/cascade\.xlsx was handed to your browser/);
    expect(saved).toEqual(["cascade.xlsx"]);
    click.mockRestore();
    // The file holds what the workbench holds: the sheets, their checks' names and the plan (the writer stands in: see the top).
    expect(xlsxCalls).toHaveLength(1);
    expect(xlsxCalls[0].sheets.map((s) => s.name)).toEqual(names);
    expect(xlsxCalls[0].names.filter((n) => /^Check_/.test(n.name)).length).toBeGreaterThan(5);
    expect(valid(xlsxCalls[0].plan).cascade?.people).toHaveLength(4);
    expect(blobs).toHaveLength(1);
    expect(workbench.written).toHaveLength(1);
  });

  it("reads the list from a sheet of the opened workbook (an HR export), and shows its tree", async () => {
    const workbench = new Workbench({ settings: memorySettings() });
    // What opening an .xlsx leaves in the workbench (the reading itself: tests/pane/workbench.test.ts).
    workbench.addSheet("Notes", [["read me"]]);
    workbench.addSheet("HR export", ORG_LIST.trim().split("\r\n").map((line) => line.split("\t").map((v) => (/^\d+$/.test(v) ? Number(v) : v))));
    renderPane({ workbench, flow: "cascade" });
    const total = await screen.findByTestId("cascade-total");
    fireEvent.change(total, { target: { value: "12,000" } });
    await userEvent.selectOptions(screen.getByTestId("cascade-list-sheet"), "HR export");
    await userEvent.click(screen.getByTestId("cascade-read-sheet"));
    await screen.findByText(/4 people read, grouped by: 区域 › 团队/);
    const { east } = expected();
    await waitFor(() => expect(rowOf("华东").amount).toBe(fmt(east)));
  });
});
