/** @jest-environment jsdom */
/**
 * The Cascade flow against the fake Excel (tests/pane/fake-port.ts): a pasted org list
 * becomes a tree whose figures are core's splitTotal of the company's target; a change of a
 * node moves its subtree and the tree says by how much; a problem shows at its node in both
 * languages; Apply writes the table, the letters and their checks, whose formulas evaluate
 * (tests/helpers/formula-eval.ts) to the figures the pane showed; in a node's own workbook the
 * top's targets are not the manager's to change and writing again puts the new sheets beside
 * the old ones, which keep every cell; 5,000 people render only a window of rows.
 */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { splitTotal } from "../../src/core/split";
import { FakePort } from "./fake-port";
import { renderPane } from "./render";

const fmt = (n: number) => n.toLocaleString("en-US");

/** The fake Excel, with its sheets' cells to evaluate. */
class Excel extends FakePort {
  /** A sheet's cells from A1: constants and formulas, as written. */
  rowsOf(name: string): ({ v: unknown } | { f: string } | null)[][] {
    const sheet = this.sheet(name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    const rows: ({ v: unknown } | { f: string } | null)[][] = [];
    for (const [k, cell] of sheet.cells) {
      const r = Math.floor(k / 16384);
      const c = k % 16384;
      while (rows.length <= r) rows.push([]);
      rows[r][c] = cell.f !== undefined ? { f: cell.f } : { v: cell.v };
    }
    return rows.map((row) => Array.from(row, (x) => x ?? null));
  }
}

function emptyExcel(): Excel {
  const port = new Excel();
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

describe("a new cascade inside Excel", () => {
  it("shows the tree with core's figures, each level's totals, and writes nothing before Apply", async () => {
    const port = emptyExcel();
    renderPane({ port, flow: "cascade" });
    await fillCompany();
    await waitFor(() => expect(rowOf("华东").amount).not.toBe("–"));
    const { handed, east, south } = expected();
    expect(rowOf("公司").amount).toBe(fmt(12000));
    expect(rowOf("华东").amount).toBe(fmt(east));
    expect(rowOf("华南").amount).toBe(fmt(south));
    // Two levels open: the teams show, the people not yet.
    expect(treeRows().map((r) => r.name)).toEqual(["公司", "华东", "华东一组", "华东二组", "华南", "华南一组"]);
    const levels = screen.getAllByTestId("cascade-level").map((tr) => Array.from(tr.querySelectorAll("th,td")).map((c) => c.textContent?.trim()));
    expect(levels[0]).toEqual(["公司", "1", fmt(12000), fmt(handed)]);
    expect(levels[1]).toEqual(["区域", "2", fmt(handed), expect.any(String)]);
    expect(levels[3][0]).toBe("个人");
    expect(levels[3][1]).toBe("4");
    expect(port.calls).not.toContain("write");
  });
});
