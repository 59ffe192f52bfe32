/*
 * Proof in a real engine: generated workbooks (a hand-made spec proving the writer, quarterly
 * splits, every example plan's whole workbook in both languages, and the per-rep workbooks of
 * the team example) written to .xlsx by src/xlsx, recalculated by
 * LibreOffice Calc (every formula computed on load, cached values included), read back:
 * - no cell anywhere holds an error;
 * - every `Check_*` name survives and is TRUE;
 * - every formula cell whose builder knows the engine's value (`expect`) has exactly that
 *   value in LibreOffice (1e-9 relative), text and booleans equal;
 * - text stays text (a name "=HYPERLINK(…)" is not a formula in LibreOffice either);
 * - each conditional format is in the recalculated sheet's XML, with its formula and fill.
 *
 * All workbooks go through one soffice call (≈ 2 s). Without LibreOffice the suite is skipped
 * with a line saying so, except on CI (CI=true), where it fails (tests/helpers/engines.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { CellValue, WorkbookSpec } from "../src/sheets/spec";
import { buildQuarterlySplit } from "../src/sheets/quarterly";
import { validatePlan } from "../src/sheets/plan";
import { buildMemberWorkbooks, buildPlanWorkbook } from "../src/sheets/workbook";
import { type CellsRead, readXlsxCells, readXlsxNames } from "../src/xlsx/read";
import { addToXlsx, writeXlsx } from "../src/xlsx/write";
import { parseCell, cellAddress } from "../src/xlsx/a1";
import { describeWithEngines } from "./helpers/engines";
import { type Recalculated, recalculate } from "./helpers/libreoffice";

const ROOT = path.resolve(__dirname, "..");
const EXAMPLES = path.join(ROOT, "examples");

/** Equal as the engine promises: numbers within 1e-9 relative, a formula's "" as an empty result. */
function sameValue(got: CellValue | undefined, want: CellValue): boolean {
  if (typeof want === "number") {
    return typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(got), Math.abs(want));
  }
  if (want === "" || want === null) return got === undefined || got === "" || got === null;
  return got === want;
}

/**
 * A conditional format's formula as LibreOffice writes it back: it spells numbers its own way
 * (1E-9 as 0.000000001) and stores TRUE/FALSE constants as 1/0.
 */
function normalFormula(f: string): string {
  return f
    .replace(/\s+/g, "")
    .toUpperCase()
    .replace(/(?<![A-Z0-9$.])(\d+(?:\.\d*)?(?:E[+-]?\d+)?)(?![A-Z0-9(])/g, (n) => String(Number(n)))
    .replace(/(?<![A-Z0-9_.$"])TRUE(?![A-Z0-9_(])/g, "1")
    .replace(/(?<![A-Z0-9_.$"])FALSE(?![A-Z0-9_(])/g, "0");
}

/** Hand-made: the writer's own promises, before any builder. */
function writerSpec(): WorkbookSpec {
  return {
    title: "Writer proof",
    sheets: [
      {
        name: "Writer 写入",
        kind: "tracking",
        rows: [
          [{ v: "Rep" }, { v: "Target" }, { v: "Actual" }, { v: "Rank" }, { v: "Attainment" }, { v: "Best" }],
          [{ v: '=HYPERLINK("http://example.com","x")' }, { v: 100, input: true }, { v: 97, input: true }, { f: "RANK.EQ(C2,C$2:C$4)", expect: 2 }, { f: 'IF(C2="","",C2/B2)', expect: 0.97 }, { f: "MAXIFS(C2:C4,B2:B4,\">0\")", expect: 250 }],
          [{ v: "+Li" }, { v: 200, input: true }, { v: 250, input: true }, { f: "RANK.EQ(C3,C$2:C$4)", expect: 1 }, { f: 'IF(C3="","",C3/B3)', expect: 1.25 }, { f: 'IFS(C3>B3,"over",TRUE,"under")', expect: "over" }],
          [{ v: "王五" }, { v: 300, input: true }, { v: null, input: true }, { f: 'IF(C4="","",RANK.EQ(C4,C$2:C$4))', expect: "" }, { f: 'IF(C4="","",C4/B4)', expect: "" }, { f: "CEILING.MATH(B4/7)", expect: 43 }],
          [{ v: "Total" }, { f: "SUM(B2:B4)", expect: 600 }, { f: "SUM(C2:C4)", expect: 347 }, null, { f: "ROUND(15000,-4)", expect: 20000 }, { f: "B5=SUM(B2:B4)", expect: true }],
        ],
        formats: [{ range: "A1:F1", bold: true, fill: "#DDEBF7" }, { range: "E2:E4", numFmt: "0.0%" }],
        conditionalFormats: [
          { range: "E2:E4", formula: 'AND(E2<>"",E2>=1)', fill: "#C6EFCE", color: "#006100" },
          { range: "E2:E4", formula: 'AND(E2<>"",E2<1)', fill: "#FFC7CE", color: "#9C0006" },
        ],
        tables: [{ name: "WriterReps", range: "A1:F4" }],
        validations: [{ range: "C2:C4", min: 0 }],
        columnWidths: [20, 10, 10, 8, 12, 8],
        freeze: { rows: 1, columns: 1 },
        print: { landscape: true, fitToWidth: true, repeatRows: "1:1" },
        protect: true,
        note: "Hand-made spec: the writer's proof.",
      },
    ],
    names: [{ name: "Check_Writer_Total", sheet: "Writer 写入", ref: "F5", comment: "The targets add up" }],
    plan: { title: "Writer proof" },
  };
}

/** A cached value that is wrong must not survive: LibreOffice recomputes on load. */
function staleSpec(): WorkbookSpec {
  return { sheets: [{ name: "Stale", kind: "notes", rows: [[{ f: "1+1", expect: 999 }]] }], names: [] };
}

/** The examples' plans, validated (a broken example fails here, by name). */
function examplePlans(): { file: string; plan: NonNullable<Extract<ReturnType<typeof validatePlan>, { ok: true }>["plan"]> }[] {
  return fs
    .readdirSync(EXAMPLES)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const v = validatePlan(JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")));
      if (!v.ok) throw new Error(`${file} does not validate: ${v.problems.map((p) => `${p.path}: ${p.message.en}`).join("; ")}`);
      return { file, plan: v.plan };
    });
}

/** A plan that must validate (the limits plans below are built at the sizes validation allows). */
function validPlan(json: unknown): NonNullable<Extract<ReturnType<typeof validatePlan>, { ok: true }>["plan"]> {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message.en}`).join("; "));
  return v.plan;
}

/**
 * Plans whose formulas read their tables (bands and tiers by SUMPRODUCT and INDEX, a wide
 * grid's column checks, a rest member's percentage from ranges), whose tracking colours read
 * each row's direction cell, and whose targets of 0 show dashes: what LibreOffice must
 * compute like the engine, with no error cell.
 */
function limitsPlans(): [string, ReturnType<typeof validPlan>][] {
  // Scores and attainments on the thresholds, a hair under them, between them, above and below all.
  const scores = [100, 90, 90 - 1e-10, 89.99, 80, 75.5, 70, 69.999999, 12, 0, 101];
  const kpis = [{ id: "s", name: "Score", weight: 100, target: 100, rule: "每超1分加1分,每低1分扣1分,最高200分,扣完为止" }];
  const bands = Array.from({ length: 70 }, (_, i) => ({ from: 30 + i, pays: Math.round((0.3 + i / 100) * 1000) / 1000 }));
  const tiers = Array.from({ length: 150 }, (_, i) => ({ from: i / 100, rate: Math.round((0.01 + i / 10000) * 1e6) / 1e6 }));
  const people = scores.map((score, i) => ({ name: `P${i}`, actuals: { s: score }, revenue: [0, 1, 999, 1000, 1000.5, 1234.56, 1499.99, 1500, 1600, 10000, 2e6][i], revenueTarget: 1000 }));
  const zeroRows = [
    { name: "Weight 0", target: { from: { split: "people", member: "Weight 0" } }, actuals: [5, 1, null, null, null, null, null, null, null, null, null, null] },
    { name: "Later", format: "count", target: { monthly: [0, 0, 0, 10, 10, 10, 10, 10, 10, 10, 10, 10] }, actuals: [1, 0, null, null, null, null, null, null, null, null, null, null] },
    { name: "Lower, zero", format: "count", direction: "lower", target: { each: 0 }, actuals: [0, 2, null, null, null, null, null, null, null, null, null, null] },
  ];
  const alternating = Array.from({ length: 40 }, (_, i) => ({
    name: `Indicator ${i + 1}`,
    format: "percent",
    direction: i % 2 ? "lower" : "higher",
    target: { each: 0.1 + (i % 4) / 100 },
    actuals: [0.09, 0.1 + (i % 5) / 100, i % 3 ? null : 0.2, 0.11, null, null, null, null, null, null, null, null],
  }));
  return [
    ["limits-bands-marginal", validPlan({ title: "Bands and marginal tiers", year: 2025, scorecard: { kpis, people, bands, bandsBelow: 0.1, commission: { tiers } } })],
    ["limits-whole", validPlan({ title: "Whole tiers", year: 2025, scorecard: { kpis, people, bands: bands.slice(0, 3), commission: { tiers, mode: "whole", cap: 150 } } })],
    [
      "limits-grid",
      validPlan({
        title: "A wide grid",
        year: 2025,
        total: 2100000,
        splits: [
          { id: "r", kind: "region", members: [{ name: "E", weight: 2 }, { name: "W", weight: 1 }, { name: "N", weight: 1 }] },
          { id: "p", kind: "product", members: Array.from({ length: 210 }, (_, j) => ({ name: `P${j}`, weight: 1 + (j % 4) })) },
          { id: "c", kind: "channel", basis: "percent", members: Array.from({ length: 30 }, (_, j) => (j === 7 ? { name: "rest", rest: true } : { name: `C${j}`, weight: 2.5 })) },
          { id: "people", kind: "person", members: [{ name: "Weight 0", weight: 0 }, { name: "All", weight: 1 }] },
        ],
        grids: [{ id: "g", rows: "r", columns: "p" }],
        tracking: { asOf: "2025-03-31", rows: [...zeroRows, ...alternating] },
      }),
    ],
  ];
}

/** Every workbook this suite proves: name → spec. */
function books(): Map<string, WorkbookSpec> {
  const out = new Map<string, WorkbookSpec>();
  out.set("writer.xlsx", writerSpec());
  out.set("quarterly.xlsx", buildQuarterlySplit({
    names: ["华东 East", "华南 South", "=HYPERLINK(\"x\")", "North", "West"],
    annual: [48000000, 36000000, 10000, 0, 25550000],
    weights: [25, 30, 25, 20],
    unit: 10000,
    months: true,
    lang: "zh",
    protect: true,
  }));
  out.set("quarterly-ties.xlsx", buildQuarterlySplit({ names: ["A", "B", "C"], annual: [10, 7, 5], weights: [1, 1, 1, 1], unit: 1, months: true, lang: "en" }));
  for (const [name, plan] of limitsPlans()) {
    out.set(`${name}-en.xlsx`, buildPlanWorkbook(plan, { lang: "en" }));
    out.set(`${name}-zh.xlsx`, buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-06-30" }));
  }
  for (const { file, plan } of examplePlans()) {
    const base = file.replace(/\.json$/, "");
    out.set(`${base}-zh.xlsx`, buildPlanWorkbook(plan, { lang: "zh", asOf: "2025-06-30", protect: true }));
    out.set(`${base}-en.xlsx`, buildPlanWorkbook(plan, { lang: "en" }));
    // Each rep's own workbook (`build --per person`), for the plan of a team.
    if (base === "team-8-reps") {
      for (const { member, spec } of buildMemberWorkbooks(plan, "person", { lang: "zh", asOf: "2025-06-30" })) out.set(`${base}-per-${member}.xlsx`, spec);
    }
  }
  return out;
}

describeWithEngines(["libreoffice"], "generated workbooks recalculated in LibreOffice", () => {
  const specs = books();
  const written = new Map<string, Uint8Array>();
  const recalculated = new Map<string, Recalculated>();
  const cells = new Map<string, CellsRead>();
  let stale: Recalculated;
  /** The quarterly split written beside a user's cells in their own sheet (addToXlsx), recalculated. */
  let added: Recalculated;
  const besideSpec = (): WorkbookSpec =>
    buildQuarterlySplit({ names: ["East", "West"], annual: [1200, 800], weights: [25, 30, 25, 20], unit: 1, lang: "en", existingSheet: "Sales", origin: "E3" });

  beforeAll(async () => {
    for (const [name, spec] of specs) written.set(name, await writeXlsx(spec));
    const all = [...written].map(([name, data]) => ({ name, data }));
    all.push({ name: "stale.xlsx", data: await writeXlsx(staleSpec()) });
    const users = new ExcelJS.Workbook();
    const ws = users.addWorksheet("Sales");
    ws.getCell("A1").value = "Region";
    ws.getCell("B1").value = "2024";
    ws.getCell("A2").value = "East";
    ws.getCell("B2").value = 1000;
    ws.getCell("C2").value = { formula: "B2*1.2", result: 1200 } as ExcelJS.CellFormulaValue;
    const usersBytes = new Uint8Array((await users.xlsx.writeBuffer()) as ArrayBuffer);
    all.push({ name: "added.xlsx", data: await addToXlsx(usersBytes, besideSpec()) });
    for (const r of await recalculate(all)) {
      if (r.name === "stale.xlsx") stale = r;
      else if (r.name === "added.xlsx") added = r;
      else {
        recalculated.set(r.name, r);
        cells.set(r.name, await readXlsxCells(r.workbook, { includeHidden: true }));
      }
    }
    fs.mkdirSync(path.join(ROOT, "tests/.out/engine"), { recursive: true });
    for (const [name, r] of recalculated) fs.writeFileSync(path.join(ROOT, "tests/.out/engine", name), r.bytes);
  });

  test("LibreOffice recomputes formulas on load (a wrong cached value does not survive)", async () => {
    expect((await readXlsxCells(stale.workbook)).Stale.A1).toEqual({ formula: "1+1", value: 2 });
  });

  describe.each([...specs.keys()])("%s", (name) => {
    test("no error cell anywhere", () => {
      const errors: string[] = [];
      for (const [sheet, byAddress] of Object.entries(cells.get(name)!)) {
        for (const [address, c] of Object.entries(byAddress)) if (c.error) errors.push(`${sheet}!${address} ${c.error} ${c.formula ?? ""}`);
      }
      expect(errors).toEqual([]);
    });

    test("every Check_* name is there and TRUE", async () => {
      const spec = specs.get(name)!;
      const names = (await readXlsxNames(recalculated.get(name)!.workbook)).filter((n) => n.name.startsWith("Check_"));
      expect(names.map((n) => n.name).sort()).toEqual(spec.names.filter((n) => n.name.startsWith("Check_")).map((n) => n.name).sort());
      expect(names.length).toBeGreaterThan(0);
      const values = names.map((n) => [n.name, cells.get(name)![n.sheet]?.[n.ref]?.value]);
      expect(values).toEqual(names.map((n) => [n.name, true]));
    });

    test("every formula with a known result gives the engine's number in LibreOffice; constants and text come through", () => {
      const spec = specs.get(name)!;
      const got = cells.get(name)!;
      const wrong: string[] = [];
      let compared = 0;
      for (const sheet of spec.sheets) {
        const o = parseCell(sheet.origin ?? "A1")!;
        sheet.rows.forEach((row, i) =>
          row.forEach((cell, j) => {
            if (!cell) return;
            const address = cellAddress(o.row + i, o.col + j);
            const c = got[sheet.name]?.[address];
            if ("f" in cell) {
              if (cell.expect === undefined) return;
              compared++;
              if (!c || c.formula === undefined || !sameValue(c.value, cell.expect)) {
                wrong.push(`${sheet.name}!${address}: ${cell.f} = ${JSON.stringify(c?.value ?? c?.error)}, engine ${JSON.stringify(cell.expect)}`);
              }
            } else if (cell.v !== null && (c?.formula !== undefined || !sameValue(c?.value, cell.v))) {
              wrong.push(`${sheet.name}!${address}: constant ${JSON.stringify(cell.v)} came back as ${JSON.stringify(c)}`);
            }
          }),
        );
      }
      expect(wrong).toEqual([]);
      expect(compared).toBeGreaterThan(0);
    });

    test("print areas are read by LibreOffice (they come back in its file)", async () => {
      const spec = specs.get(name)!;
      const xml = await (await JSZip.loadAsync(recalculated.get(name)!.bytes)).file("xl/workbook.xml")!.async("string");
      const order = [...xml.matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, "&").replace(/&apos;/g, "'"));
      const areas = [...xml.matchAll(/<definedName\b([^>]*)>([^<]*)</g)]
        .filter((m) => /\bname="_xlnm\.Print_Area"/.test(m[1]))
        .map((m) => ({
          sheet: order[Number(/\blocalSheetId="(\d+)"/.exec(m[1])?.[1])],
          ref: m[2].replace(/&apos;/g, "'").replace(/^.*!/, "").replace(/\$/g, ""),
        }));
      const want = spec.sheets.filter((s) => s.print?.area).map((s) => ({ sheet: s.name, ref: s.print!.area! }));
      // In any order: LibreOffice writes the names back in an order of its own.
      const bySheet = (a: { sheet: string }, b: { sheet: string }) => (a.sheet < b.sheet ? -1 : a.sheet > b.sheet ? 1 : 0);
      expect(areas.filter((a) => want.some((w) => w.sheet === a.sheet)).sort(bySheet)).toEqual(want.sort(bySheet));
    });

    test("conditional formats are in the recalculated sheets, with their formulas and fills", async () => {
      const spec = specs.get(name)!;
      const zip = await JSZip.loadAsync(recalculated.get(name)!.bytes);
      const workbook = await zip.file("xl/workbook.xml")!.async("string");
      const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
      const dxfs = [...((await zip.file("xl/styles.xml")!.async("string")).match(/<dxf>.*?<\/dxf>/g) ?? [])];
      const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/&apos;/g, "'");
      for (const sheet of spec.sheets) {
        if (!sheet.conditionalFormats?.length) continue;
        const esc = sheet.name.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
        const rid = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`name="${esc}"`))!.match(/r:id="([^"]+)"/)![1];
        const target = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`Id="${rid}"`))!.match(/Target="([^"]+)"/)![1];
        const xml = await zip.file(`xl/${target}`)!.async("string");
        const rules = [...xml.matchAll(/<conditionalFormatting sqref="([^"]+)">(.*?)<\/conditionalFormatting>/g)].flatMap((cf) =>
          [...cf[2].matchAll(/<cfRule ([^>]*)>\s*<formula>([^<]*)<\/formula>/g)].map((r) => ({
            sqref: cf[1],
            formula: normalFormula(unescape(r[2]).replace(/_xlfn\./g, "")),
            dxf: dxfs[Number(/dxfId="(\d+)"/.exec(r[1])?.[1] ?? -1)] ?? "",
          })),
        );
        for (const c of sheet.conditionalFormats) {
          const want = normalFormula(c.formula);
          const found = rules.find((r) => r.formula === want && r.sqref.split(" ").some((s) => s === c.range || s.startsWith(c.range.split(":")[0])));
          expect({ range: c.range, formula: c.formula, found: !!found }).toEqual({ range: c.range, formula: c.formula, found: true });
          if (c.fill) expect(found!.dxf.toUpperCase()).toContain(c.fill.slice(1).toUpperCase());
          if (c.color) expect(found!.dxf.toUpperCase()).toContain(c.color.slice(1).toUpperCase());
        }
      }
    });
  });

  test("a split added beside a user's cells (addToXlsx) computes in LibreOffice; the user's cells are kept", async () => {
    const got = (await readXlsxCells(added.workbook)).Sales;
    expect(got.A2).toEqual({ value: "East" });
    expect(got.C2).toEqual({ formula: "B2*1.2", value: 1200 });
    const spec = besideSpec();
    const sheet = spec.sheets[0];
    expect(sheet.existing).toBe(true);
    const o = parseCell(sheet.origin ?? "A1")!;
    let compared = 0;
    sheet.rows.forEach((row, i) =>
      row.forEach((cell, j) => {
        if (!cell || !("f" in cell) || cell.expect === undefined) return;
        compared++;
        const c = got[cellAddress(o.row + i, o.col + j)];
        expect({ at: cellAddress(o.row + i, o.col + j), ok: sameValue(c?.value, cell.expect) }).toEqual({ at: cellAddress(o.row + i, o.col + j), ok: true });
      }),
    );
    expect(compared).toBeGreaterThan(0);
    const checks = (await readXlsxNames(added.workbook)).filter((n) => n.name.startsWith("Check_"));
    expect(checks.length).toBe(spec.names.length);
    for (const n of checks) expect(got[n.ref]?.value).toBe(true);
  });

  test("text that looks like a formula stays text in LibreOffice", () => {
    expect(cells.get("writer.xlsx")!["Writer 写入"].A2).toEqual({ value: '=HYPERLINK("http://example.com","x")' });
    expect(cells.get("writer.xlsx")!["Writer 写入"].A3).toEqual({ value: "+Li" });
  });
});
