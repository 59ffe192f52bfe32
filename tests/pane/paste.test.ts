/** Reading a table pasted from Excel, WPS or LibreOffice (tab-separated clipboard text). */
import fc from "fast-check";
import { readPastedCells, readPastedTable, readPastedValue, splitClipboardText } from "../../src/taskpane/workbench/paste";

describe("splitClipboardText", () => {
  it("splits rows on CRLF, LF or CR and fields on tabs", () => {
    expect(splitClipboardText("a\tb\r\nc\td\r\n")).toEqual([["a", "b"], ["c", "d"]]);
    expect(splitClipboardText("a\tb\nc\td")).toEqual([["a", "b"], ["c", "d"]]);
    expect(splitClipboardText("a\rb\r")).toEqual([["a"], ["b"]]);
  });

  it("reads quoted fields with tabs, line breaks and doubled quotes inside", () => {
    const text = 'Name\tNote\r\n"Li, ""Jr"""\t"two\r\nlines"\r\n"tab\there"\tx\r\n';
    expect(splitClipboardText(text)).toEqual([
      ["Name", "Note"],
      ['Li, "Jr"', "two\r\nlines"],
      ["tab\there", "x"],
    ]);
  });

  it("keeps a quote that only starts the text as text", () => {
    expect(splitClipboardText('"East" region\t5\n')).toEqual([['"East" region', "5"]]);
  });

  it("keeps empty fields and does not pad short rows to the widest", () => {
    expect(splitClipboardText("a\t\tc\nd\n")).toEqual([["a", "", "c"], ["d"]]);
    expect(splitClipboardText("a\t")).toEqual([["a", ""]]);
  });

  it("drops blank rows at the end and gives nothing for empty text", () => {
    expect(splitClipboardText("a\tb\n\t\n\n")).toEqual([["a", "b"]]);
    expect(splitClipboardText("")).toEqual([]);
  });

  it("gives back any table of plain fields written as Excel writes it", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "b", "1", " ", ",", '"', "\t", "\n", "中") });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (rows) => {
        // A row of blanks at the end carries nothing and is dropped; keep the last row non-blank.
        fc.pre(rows[rows.length - 1].some((f) => f.trim() !== ""));
        const quote = (f: string) => (/[\t\n"]/.test(f) || f.startsWith('"') ? `"${f.replace(/"/g, '""')}"` : f);
        const text = rows.map((r) => r.map(quote).join("\t")).join("\r\n") + "\r\n";
        expect(splitClipboardText(text)).toEqual(rows);
      }),
      { seed: 14 },
    );
  });
});

describe("readPastedValue", () => {
  it("reads numbers with thousands separators, signs and currency", () => {
    expect(readPastedValue("1,234,567")).toBe(1234567);
    expect(readPastedValue("1,234,567.89")).toBe(1234567.89);
    expect(readPastedValue("-1,200")).toBe(-1200);
    expect(readPastedValue("(1,200)")).toBe(-1200);
    expect(readPastedValue("¥1,200")).toBe(1200);
    expect(readPastedValue("￥-300")).toBe(-300);
    expect(readPastedValue(" 42 ")).toBe(42);
    expect(readPastedValue("1.5E+7")).toBe(15000000);
  });

  it("reads percentages as fractions", () => {
    expect(readPastedValue("25%")).toBe(0.25);
    expect(readPastedValue("7%")).toBe(0.07);
    expect(readPastedValue("12.5 %")).toBe(0.125);
    expect(readPastedValue("-5%")).toBe(-0.05);
  });

  it("keeps text, including commas that are not thousands separators", () => {
    expect(readPastedValue("East")).toBe("East");
    expect(readPastedValue("1,2")).toBe("1,2");
    expect(readPastedValue("12,34,567")).toBe("12,34,567");
    expect(readPastedValue("张三")).toBe("张三");
    expect(readPastedValue("=SUM(A1)")).toBe("=SUM(A1)");
  });

  it("reads TRUE and FALSE as booleans and blanks as empty", () => {
    expect(readPastedValue("TRUE")).toBe(true);
    expect(readPastedValue("false")).toBe(false);
    expect(readPastedValue("  ")).toBe("");
  });

  it("reads back any whole amount as a spreadsheet shows it with separators", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        expect(readPastedValue(n.toLocaleString("en-US"))).toBe(n);
      }),
      { seed: 14 },
    );
  });
});

describe("readPastedTable", () => {
  it("reads a table copied from a sheet of names and annual targets", () => {
    expect(readPastedTable("Rep\tAnnual\r\nZhang\t1,200,000\r\nLi\t800,000\r\n")).toEqual([
      ["Rep", "Annual"],
      ["Zhang", 1200000],
      ["Li", 800000],
    ]);
  });
});

describe("readPastedCells", () => {
  const cellsOf = (read: Awaited<ReturnType<typeof readPastedCells>>) => [...read.cells.entries()].map(([r, c, cell]) => [r, c, cell.v]);

  it("keeps only the non-blank cells, where they were pasted", async () => {
    const read = await readPastedCells("Rep\tAnnual\r\n\t\r\nLi\t800\t\t\r\n\r\n");
    expect(cellsOf(read)).toEqual([
      [0, 0, "Rep"],
      [0, 1, "Annual"],
      [2, 0, "Li"],
      [2, 1, 800],
    ]);
    expect([read.rows, read.columns]).toEqual([3, 2]);
  });

  it("does not pad 100,000 rows to one row of 20,000 tabs", async () => {
    const text = ["Rep\tAnnual", `Wide${"\t".repeat(20_000)}x`, ...Array.from({ length: 99_998 }, (_, i) => `Rep ${i}\t${i}`)].join("\n");
    const read = await readPastedCells(text);
    expect(read.cells.size).toBe(2 + 1 + 2 * 99_998);
    expect(read.cut).toEqual({ rows: 1, widest: 20_001 });
    expect(read.columns).toBe(2);
  });

  it("leaves out fields past XFD and rows past 1,048,576, counting them", async () => {
    const read = await readPastedCells(`${"\n".repeat(1_048_576)}lost\nlost too\n`);
    expect(read.cells.size).toBe(0);
    expect(read.rowsPastEnd).toBe(2);
    const wide = await readPastedCells(`${"x\t".repeat(16_384)}ghost`);
    expect(wide.cells.size).toBe(16_384);
    expect(wide.cells.get(1, 0)).toBeUndefined();
    expect(wide.cut).toEqual({ rows: 1, widest: 16_385 });
  });

  it("stops at the cell cap on a whole row", async () => {
    const read = await readPastedCells("a\tb\nc\td\ne\tf\n", { maxCells: 5 });
    expect(cellsOf(read)).toEqual([
      [0, 0, "a"],
      [0, 1, "b"],
      [1, 0, "c"],
      [1, 1, "d"],
    ]);
    expect(read.stoppedAtRow).toBe(2);
  });

  it("reads in slices with progress, and stops when cancelled", async () => {
    const text = "Rep\t1\n".repeat(10_000);
    const seen: number[] = [];
    await readPastedCells(text, { sliceChars: 1000, onProgress: (done) => seen.push(done) });
    expect(seen.length).toBeGreaterThan(50);
    expect(seen[seen.length - 1]).toBe(text.length);
    const abort = new AbortController();
    const reading = readPastedCells(text, { sliceChars: 1000, signal: abort.signal, onProgress: () => abort.abort() });
    await expect(reading).rejects.toMatchObject({ name: "AbortError" });
  });

  it("reads quoted fields with tabs, CR, LF and quotes in them as one cell each", async () => {
    const read = await readPastedCells('"a\tb"\t"c\r\nd"\t"say ""hi"""\r\n"unclosed\tx\n');
    expect(cellsOf(read)).toEqual([
      [0, 0, "a\tb"],
      [0, 1, "c\r\nd"],
      [0, 2, 'say "hi"'],
      [1, 0, '"unclosed'],
      [1, 1, "x"],
    ]);
  });
});
