/**
 * The workbench's paste and open paths over odd shapes: wide and ragged rows, sparse corners
 * (XFD1048576), tabs, CR, LF and quotes in pastes, huge files made on the fly, zips that are
 * not workbooks, truncated and damaged files. Each case ends in a result or a clear message
 * (an error that speaks both languages), holds no more cells than it was given, puts no cell
 * where nothing was pasted or stored (no phantom), and stays within a memory bound.
 * Deterministic: fixed seeds, generated inputs, no timing.
 */
import * as v8 from "node:v8";
import * as vm from "node:vm";
import fc from "fast-check";
import JSZip from "jszip";
import type { CellValue } from "../../src/sheets/spec";
import { Workbench } from "../../src/taskpane/workbench/workbench";
import { memorySettings } from "../../src/taskpane/workbench/memory";
import { readPastedValue } from "../../src/taskpane/workbench/paste";
import { cornerXlsx, fastZip, packageParts, rowsXlsx } from "./big-inputs";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** Heap in use after a full collection. */
function heap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

const MB = 1024 * 1024;
const bench = (maxCells?: number) => new Workbench({ settings: memorySettings(), maxCells });

/** A failure is a clear message: an error of ours that speaks both languages. */
function expectClearMessage(error: unknown): void {
  const e = error as { name?: string; messageIn?: (lang: "en" | "zh") => string };
  expect(["XlsxError", "WorkbenchError", "WriterError"]).toContain(e.name);
  expect(e.messageIn!("en").length).toBeGreaterThan(20);
  expect(e.messageIn!("zh").length).toBeGreaterThan(5);
}

/** The workbench's cells of a sheet as "row,col" → value. */
function cellsOf(wb: Workbench, sheet: string): Map<string, CellValue> {
  return new Map([...wb.cellsOf(sheet)].map(([r, c, v]) => [`${r},${c}`, v]));
}

// ---------------------------------------------------------------------------------------
// Pastes

/** A field as Excel puts it on the clipboard: quoted when it holds a tab, line break or quote. */
const quote = (f: string) => (/[\t\n\r"]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);

const field = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom("a", "Z", "1", "0", ",", ".", "%", " ", "-", "¥", "中", '"', "\t", "\n", "\r"), maxLength: 8 }) },
  { weight: 2, arbitrary: fc.integer({ min: -1e9, max: 1e9 }).map((n) => n.toLocaleString("en-US")) },
  { weight: 1, arbitrary: fc.constant("") },
);

/** A row: ordinary, or wide (a run of empty fields, then values possibly past XFD). */
const row = fc.oneof(
  { weight: 6, arbitrary: fc.array(field, { maxLength: 6 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 16_370, max: 16_400 }), fc.array(field, { minLength: 1, maxLength: 4 })).map(([gap, tail]) => [...Array.from({ length: gap }, () => ""), ...tail]),
  },
);

const paste = fc.record({
  /** Blank lines first: the table starts far down (a sparse corner). */
  blankLines: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }) }),
  rows: fc.array(row, { minLength: 1, maxLength: 12 }),
  lineEnd: fc.constantFrom("\r\n", "\n", "\r"),
  trailing: fc.boolean(),
});

describe("fuzz: pastes of odd shapes", () => {
  it("keep exactly the pasted non-blank cells, where they were, or say what was left out", async () => {
    await fc.assert(
      fc.asyncProperty(paste, async ({ blankLines, rows, lineEnd, trailing }) => {
        const text = lineEnd.repeat(blankLines) + rows.map((r) => r.map(quote).join("\t")).join(lineEnd) + (trailing ? lineEnd : "");
        const wb = bench();
        await wb.pasteTable(text);
        // The model: every field of a row at its column; blanks and fields past XFD are not kept.
        const want = new Map<string, CellValue>();
        let fields = 0;
        rows.forEach((r, i) =>
          r.forEach((f, c) => {
            fields += 1;
            const v = readPastedValue(f);
            if (v !== "" && c < 16_384) want.set(`${blankLines + i},${c}`, v);
          }),
        );
        const got = wb.source.kind === "pasted" ? cellsOf(wb, "Sheet1") : new Map();
        expect(got).toEqual(want);
        expect(got.size).toBeLessThanOrEqual(fields);
        const cut = rows.filter((r) => r.length > 16_384);
        expect(wb.notes.filter((n) => n.kind === "columnsCut")).toEqual(cut.length > 0 ? [{ kind: "columnsCut", rows: cut.length, widest: Math.max(...cut.map((r) => r.length)) }] : []);
        if (want.size > 0) {
          // The table gives a file back, or says why not.
          await wb.download().then(
            (file) => expect(file.bytes.length).toBeGreaterThan(0),
            (error: unknown) => expectClearMessage(error),
          );
        }
      }),
      { seed: 1401, numRuns: 40 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// Files

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function letters(col: number): string {
  let n = col + 1;
  let out = "";
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A cell somewhere: near A1 mostly, sometimes in the far corners. */
const position = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 12 })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1_048_560, max: 1_048_575 }), fc.integer({ min: 0, max: 3 })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 16_370, max: 16_383 })) },
  { weight: 1, arbitrary: fc.constant([1_048_575, 16_383] as [number, number]) },
);

type Stored = { kind: "n"; v: number } | { kind: "s" | "inline" | "str"; v: string } | { kind: "b"; v: boolean } | { kind: "e"; v: string };

const stored: fc.Arbitrary<Stored> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map((v) => ({ kind: "n" as const, v })),
  fc.string({ unit: fc.constantFrom("a", "<", "&", '"', "'", ">", " ", "中", "é", "1"), minLength: 1, maxLength: 6 }).filter((s) => s.trim() !== "").chain((v) => fc.constantFrom("s", "inline", "str").map((kind) => ({ kind, v }) as Stored)),
  fc.boolean().map((v) => ({ kind: "b" as const, v })),
  fc.constantFrom("#N/A", "#DIV/0!", "#REF!").map((v) => ({ kind: "e" as const, v })),
);

const sheetCells = fc.array(fc.tuple(position, stored), { maxLength: 25 });

/** A package holding the cells, as Excel writes them (rows in order, cells in order in a row). */
function fileOf(sheets: [string, [[number, number], Stored][]][], prefix: string): Uint8Array {
  const strings: string[] = [];
  const raw = sheets.map(([name, cells]) => {
    const byRow = new Map<number, Map<number, Stored>>();
    for (const [[r, c], s] of cells) {
      if (!byRow.has(r)) byRow.set(r, new Map());
      byRow.get(r)!.set(c, s);
    }
    const x = (el: string) => `${prefix}${el}`;
    const data = [...byRow.keys()]
      .sort((a, b) => a - b)
      .map((r) => {
        const line = byRow.get(r)!;
        const cellsXml = [...line.keys()]
          .sort((a, b) => a - b)
          .map((c) => {
            const s = line.get(c)!;
            const ref = `${letters(c)}${r + 1}`;
            switch (s.kind) {
              case "n":
                return `<${x("c")} r="${ref}"><${x("v")}>${s.v}</${x("v")}></${x("c")}>`;
              case "s":
                strings.push(s.v);
                return `<${x("c")} r="${ref}" t="s"><${x("v")}>${strings.length - 1}</${x("v")}></${x("c")}>`;
              case "inline":
                return `<${x("c")} r="${ref}" t="inlineStr"><${x("is")}><${x("t")} xml:space="preserve">${escapeXml(s.v)}</${x("t")}></${x("is")}></${x("c")}>`;
              case "str":
                return `<${x("c")} r="${ref}" t="str"><${x("f")}>"${escapeXml(s.v.replace(/"/g, '""'))}"</${x("f")}><${x("v")}>${escapeXml(s.v)}</${x("v")}></${x("c")}>`;
              case "b":
                return `<${x("c")} r="${ref}" t="b"><${x("v")}>${s.v ? 1 : 0}</${x("v")}></${x("c")}>`;
              case "e":
                return `<${x("c")} r="${ref}" t="e"><${x("v")}>${s.v}</${x("v")}></${x("c")}>`;
            }
          })
          .join("");
        return `<${x("row")} r="${r + 1}">${cellsXml}</${x("row")}>`;
      })
      .join("");
    return { name, sheetData: data };
  });
  const parts = packageParts(raw, strings);
  if (prefix) {
    // The prefixed variant: the worksheet's own elements under a prefix, as some writers do.
    for (const [name, text] of parts) {
      if (/worksheets\/sheet\d+\.xml$/.test(name)) {
        parts.set(name, text.replace("<worksheet xmlns=", `<${prefix}worksheet xmlns:${prefix.slice(0, -1)}=`).replace("<sheetData>", `<${prefix}sheetData>`).replace("</sheetData></worksheet>", `</${prefix}sheetData></${prefix}worksheet>`));
      }
    }
  }
  return fastZip(parts, 1);
}

const valueOf = (s: Stored): CellValue => s.v;

describe("fuzz: files of odd shapes", () => {
  it("open with exactly the cells stored, wherever they are, and no others", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sheetCells, { minLength: 1, maxLength: 3 }), fc.constantFrom("", "x:"), async (sheets, prefix) => {
        const named = sheets.map((cells, i) => [`S${i + 1}`, cells] as [string, [[number, number], Stored][]]);
        const wb = bench();
        await wb.openFile(fileOf(named, prefix), "f.xlsx");
        for (const [name, cells] of named) {
          // The last value stored at a position is the one Excel would keep (a writer writes a position once).
          const want = new Map<string, CellValue>();
          for (const [[r, c], s] of cells) want.set(`${r},${c}`, valueOf(s));
          const got = cellsOf(wb, name);
          const wantNormalized = new Map([...want].map(([k, v]) => [k, typeof v === "number" ? Number(String(v)) : v]));
          expect(got).toEqual(wantNormalized);
        }
        expect(wb.notes).toEqual([]);
      }),
      { seed: 1402, numRuns: 40 },
    );
  });

  it("cut short or damaged anywhere, open with what is readable or say what is wrong", async () => {
    const table = rowsXlsx(300);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: table.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.boolean(), async (cut, flips, truncate) => {
        const bytes = truncate ? table.slice(0, cut) : table.slice();
        if (!truncate) for (const [at, b] of flips) bytes[at % bytes.length] = b;
        const wb = bench();
        try {
          await wb.openFile(bytes, "damaged.xlsx");
          // What was read is at most what the table holds (9 columns, 301 rows), in its place.
          for (const [r, c] of wb.cellsOf("Sales")) {
            expect(r).toBeLessThan(301);
            expect(c).toBeLessThan(9);
          }
        } catch (error) {
          expectClearMessage(error);
        }
      }),
      { seed: 1403, numRuns: 60 },
    );
  });

  it("that are zips but not workbooks are refused with what they are", async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom("hello.txt", "word/document.xml", "content.xml", "mimetype", "xl/", "xl/worksheets/sheet1.xml", "_rels/.rels", "a/b/c.bin"), fc.string({ maxLength: 40 }), { minKeys: 1 }), async (files) => {
        const zip = new JSZip();
        for (const [name, text] of Object.entries(files)) if (!name.endsWith("/")) zip.file(name, text);
        const bytes = await zip.generateAsync({ type: "uint8array" });
        await bench()
          .openFile(bytes, "z.xlsx")
          .then(
            () => {
              throw new Error("a zip without a workbook was opened");
            },
            (error: unknown) => expectClearMessage(error),
          );
      }),
      { seed: 1404, numRuns: 30 },
    );
  });

  it("holds one cell, not the sheet, for a value at XFD1048576", async () => {
    const before = heap();
    const wb = bench();
    await wb.openFile(cornerXlsx(), "corner.xlsx");
    expect([...wb.cellsOf("Sheet1")]).toEqual([[1_048_575, 16_383, 1]]);
    // The pickers look at its columns, the flows read the picked column: a column, never the area.
    const sel = await (async () => {
      wb.select("Sheet1", "XFD1048576");
      return wb.readSelection();
    })();
    expect(sel?.values).toEqual([[1]]);
    expect(heap() - before).toBeLessThan(32 * MB);
  });

  it("reads a huge file up to the cap, says where it stopped, and stays within a memory bound", async () => {
    const bytes = rowsXlsx(60_000); // 540,009 cells, about 4 MB zipped and 22 MB of sheet XML
    const before = heap();
    const wb = bench(250_000);
    await wb.openFile(bytes, "huge.xlsx");
    const cells = [...wb.cellsOf("Sales")].length;
    expect(cells).toBeLessThanOrEqual(250_000);
    expect(cells).toBeGreaterThan(249_990);
    expect(wb.notes).toEqual([{ kind: "partlyRead", sheet: "Sales", row: 27_778, max: 250_000 }]);
    // About 60 bytes a cell held, plus the strings of the file: far from the area's 9 × 60,001.
    expect(heap() - before).toBeLessThan(120 * MB);
  });

  it("keeps 100,000 pasted rows with one row of 20,000 tabs in a bounded heap", async () => {
    const lines = ["Rep\tAnnual"];
    for (let i = 1; i < 100_000; i++) lines.push(i === 50_000 ? `Wide${"\t".repeat(20_000)}x` : `Rep ${i}\t${i * 100}`);
    const text = lines.join("\r\n");
    const before = heap();
    const wb = bench();
    await wb.pasteTable(text);
    expect([...wb.cellsOf("Sheet1")].length).toBe(2 + 1 + 2 * 99_998);
    expect(wb.source).toEqual({ kind: "pasted", rows: 100_000, columns: 2 });
    expect(wb.notes).toEqual([{ kind: "columnsCut", rows: 1, widest: 20_001 }]);
    expect(heap() - before).toBeLessThan(64 * MB);
  });
});
