/**
 * The Office.js port's two new powers, against the fake Excel (tests/fake-excel): reading the
 * active cell for "Explain this cell" (its sheet, address, formula and value, in one
 * request), and "Open as a new workbook" (`Excel.createWorkbook` with the file as base64;
 * refused, before anything is sent, where Excel has no ExcelApi 1.8 or where Excel on the web
 * could not take the request).
 */
import { NewWorkbookError, WEB_NEW_WORKBOOK_LIMIT, createOfficeWorkbook, toBase64 } from "../../src/excel/office-workbook";
import type { ExcelRunner } from "../../src/excel/write";
import { FakeExcel, FakeSettings } from "../fake-excel/fake-excel";

/** An Excel that has ExcelApi up to `minor` (1.minor), and nothing else. */
const excelApiUpTo = (minor: number) => (set: string, version: string) => set === "ExcelApi" && Number(version.split(".")[1]) <= minor;

function portOn(fake: FakeExcel, more: Parameters<typeof createOfficeWorkbook>[0] = {}) {
  const opened: string[] = [];
  const port = createOfficeWorkbook({
    run: fake.run as unknown as ExcelRunner,
    supports: excelApiUpTo(8),
    sleep: async () => undefined,
    settings: new FakeSettings(),
    createWorkbook: async (base64) => void opened.push(base64),
    platform: () => "PC",
    ...more,
  });
  return { port, opened };
}

describe("the active cell", () => {
  it("reads its sheet, address, formula and value in one request", async () => {
    const fake = new FakeExcel(["My KPIs"]);
    fake.seed("My KPIs", { B2: 0.96, C2: 1, D2: 40, F2: "=TARGET.SCORE(B2,C2,D2)" });
    fake.calc = (_s, a) => (a === "F2" ? 36 : "");
    fake.select("My KPIs", "F2");
    const { port } = portOn(fake);
    const before = fake.syncs;
    await expect(port.readActiveCell!()).resolves.toEqual({ sheet: "My KPIs", address: "F2", formula: "=TARGET.SCORE(B2,C2,D2)", value: 36 });
    expect(fake.syncs - before).toBe(1);
  });

  it("asks whether the cell is spilled into, in the same request, where Excel has ExcelApi 1.12", async () => {
    const fake = new FakeExcel(["Sheet1"]);
    fake.seed("Sheet1", { A1: 1200 });
    fake.select("Sheet1", "A1");
    const { port } = portOn(fake, { supports: excelApiUpTo(12) });
    const before = fake.syncs;
    await expect(port.readActiveCell!()).resolves.toEqual({ sheet: "Sheet1", address: "A1", value: 1200 });
    expect(fake.syncs - before).toBe(1);
  });

  it("gives a constant or an empty cell without a formula", async () => {
    const fake = new FakeExcel(["Sheet1"]);
    fake.seed("Sheet1", { A1: 1200 });
    const { port } = portOn(fake);
    fake.select("Sheet1", "A1");
    await expect(port.readActiveCell!()).resolves.toEqual({ sheet: "Sheet1", address: "A1", value: 1200 });
    fake.select("Sheet1", "C3:D9");
    await expect(port.readActiveCell!()).resolves.toEqual({ sheet: "Sheet1", address: "C3", value: "" });
  });
});

describe("opening a generated workbook as a new workbook", () => {
  const bytes = new Uint8Array([80, 75, 3, 4, 20, 0, 6, 0, 255, 128]);

  it("hands Excel.createWorkbook the file as base64", async () => {
    const { port, opened } = portOn(new FakeExcel());
    await port.openAsNewWorkbook!(bytes);
    expect(opened).toHaveLength(1);
    expect(Array.from(Buffer.from(opened[0], "base64"))).toEqual(Array.from(bytes));
  });

  it("encodes a file larger than one slice of the encoder whole", () => {
    const big = new Uint8Array(200_000).map((_, i) => (i * 7919) % 256);
    expect(toBase64(big)).toBe(Buffer.from(big).toString("base64"));
  });

  it("refuses, opening nothing, where Excel has no ExcelApi 1.8", async () => {
    const { port, opened } = portOn(new FakeExcel(), { supports: excelApiUpTo(7) });
    const refusal = port.openAsNewWorkbook!(bytes);
    await expect(refusal).rejects.toBeInstanceOf(NewWorkbookError);
    await expect(refusal).rejects.toMatchObject({ key: "notSupported" });
    expect(opened).toEqual([]);
  });

  it("refuses a file over Excel on the web's 5 MB request, and sends it on the desktop", async () => {
    const large = new Uint8Array(Math.ceil((WEB_NEW_WORKBOOK_LIMIT / 4) * 3) + 3);
    const web = portOn(new FakeExcel(), { platform: () => "OfficeOnline" });
    const refusal = web.port.openAsNewWorkbook!(large);
    await expect(refusal).rejects.toMatchObject({ key: "tooLarge" });
    await expect(refusal.catch((e: NewWorkbookError) => e.messageIn("zh"))).resolves.toMatch(/工作簿太大.*4\.9 MB/);
    expect(web.opened).toEqual([]);
    const desktop = portOn(new FakeExcel(), { platform: () => "PC" });
    await desktop.port.openAsNewWorkbook!(large);
    expect(desktop.opened).toHaveLength(1);
  });
});
