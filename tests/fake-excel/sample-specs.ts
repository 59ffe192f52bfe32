/**
 * Specs the writer's tests and bench write: a tracking workbook from the real builder
 * (src/sheets/tracking.ts) for n people, with names that look like formulas, numbers and
 * dates among them, and a small hand-made spec that uses every SheetSpec field.
 *
 * Each spec defines several names (cells and ranges, with and without a comment), as the
 * seed plan's workbook does (ten): a writer that spent a request per defined name would
 * show it in the sync counts of every spec here, not only in one.
 */
import { type Plan, validatePlan } from "../../src/sheets/plan";
import type { NameSpec, WorkbookSpec } from "../../src/sheets/spec";
import { TRACKING_LAYOUT, buildTrackingSheet } from "../../src/sheets/tracking";

/** Names a rep may have that Excel would read as something else if typed. */
export const TRICKY_NAMES = ["=HYPERLINK(\"http://x\",\"Zhang\")", "+86 138 0000", "-Li", "@home", "'quoted'", "007", "TRUE", "2026-01-31", "1/2", "#N/A", "10%"];

/** A plan with a tracking section of `people` rows (actuals known Jan–May). */
export function trackingPlan(people: number): Plan {
  const rows = Array.from({ length: people }, (_, i) => ({
    name: i < TRICKY_NAMES.length ? TRICKY_NAMES[i] : `销售代表 ${String(i + 1).padStart(5, "0")}`,
    target: { annual: 1_200_000 + (i % 97) * 10_000 },
    actuals: Array.from({ length: 12 }, (_, m) => (m < 5 ? 90_000 + ((i * 7 + m * 13) % 40) * 1_000 : null)),
  }));
  const v = validatePlan({ title: "2026 tracking", year: 2026, unit: "元", tracking: { rowsAre: "people", asOf: "2026-05-31", rows } });
  if (!v.ok) throw new Error(JSON.stringify(v.problems.slice(0, 3)));
  return v.plan;
}

/**
 * The tracking workbook the real builder makes for `people` rows, with its plan; besides the
 * builder's own check, names for the as-of cell, the people and their rows.
 */
export function trackingWorkbook(people: number, options: { protect?: boolean; lang?: "en" | "zh" } = {}): WorkbookSpec {
  const plan = trackingPlan(people);
  const { sheet, names } = buildTrackingSheet(plan, { lang: options.lang ?? "zh", asOf: "2026-05-31", protect: options.protect });
  const first = TRACKING_LAYOUT.firstDataRow + 1;
  const last = first + people - 1;
  const more: NameSpec[] = [
    { name: "Tracking_As_Of", sheet: sheet.name, ref: TRACKING_LAYOUT.asOf, comment: "The date the months to date count up to" },
    { name: "Tracking_People", sheet: sheet.name, ref: `A${first}:A${last}` },
    { name: "Tracking_Rows", sheet: sheet.name, ref: `A${first}:AK${last}`, comment: "Every tracked row" },
  ];
  return { sheets: [sheet], names: [...names, ...more], plan };
}

/** A small spec using every field of SheetSpec. */
export function everyFieldSpec(): WorkbookSpec {
  return {
    title: "Every field",
    sheets: [
      {
        name: "Split 2026",
        kind: "split",
        rows: [
          [{ v: "Rep" }, { v: "Annual" }, { v: "Q1" }, { v: "Q2" }, { v: "Check" }],
          [{ v: "=HYPERLINK(\"x\")" }, { v: 1200, input: true }, { f: "ROUND(B2*0.25,0)", expect: 300 }, { f: "B2-C2", expect: 900 }, { f: "C2+D2=B2", expect: true }],
          [{ v: "Wang" }, { v: 800, input: true }, { f: "ROUND(B3*0.25,0)", live: "TARGET.SPLIT(B3,{1,3})", expect: 200 }, { f: "B3-C3", expect: 600 }, { f: "C3+D3=B3", expect: true }],
          [{ v: "Total" }, { f: "SUM(B2:B3)", expect: 2000 }, null, null, { f: "AND(E2:E3)", expect: true }],
        ],
        formats: [
          { range: "A1:E1", bold: true, fill: "#DDEBF7", border: true, horizontal: "center" },
          { range: "B2:D4", numFmt: "#,##0" },
          { range: "A2:A3", wrap: true, italic: true, color: "#333333" },
          { range: "B2:B3", locked: false },
        ],
        conditionalFormats: [
          { range: "E2:E3", formula: "E2=FALSE", fill: "#FFC7CE", color: "#9C0006", bold: true },
          { range: "E2:E3", formula: "E2=TRUE", fill: "#C6EFCE" },
        ],
        tables: [{ name: "SplitTable", range: "A1:E3", style: "TableStyleLight9" }],
        validations: [
          { range: "B2:B3", min: 0, max: 1e9, message: "An amount, 0 or more" },
          { range: "F2:F3", list: ["higher", "lower"] },
        ],
        columnWidths: [14, 12, 12, 12, 8],
        freeze: { rows: 1, columns: 1 },
        merges: ["A6:E6"],
        print: { landscape: true, fitToWidth: true, repeatRows: "$1:$1", repeatColumns: "$A:$A", area: "A1:E6" },
        protect: true,
        note: "Q2 holds what is left after Q1's rounding.",
      },
    ],
    names: [
      { name: "Check_Split_2026", sheet: "Split 2026", ref: "E4", comment: "Every row adds up" },
      { name: "Split_Annual", sheet: "Split 2026", ref: "B2:B3", comment: "The annual targets" },
      { name: "Split_Quarters", sheet: "Split 2026", ref: "C2:D3" },
      { name: "Split_Total", sheet: "Split 2026", ref: "B4" },
    ],
    plan: { title: "every field", weights: [1, 3] },
  };
}

/**
 * A sheet with `rules` conditional formats, each on its own run of rows (as a tracking sheet
 * of 1,000 indicators alternating higher/lower had 3,005): the request of a rule is ~20
 * times its data, so this is what tells a writer that counts only data from one that counts
 * requests.
 */
export function conditionalFormatsWorkbook(rules: number): WorkbookSpec {
  const rows = Array.from({ length: rules + 1 }, (_, r) => (r === 0 ? [{ v: "Value" }, { v: "Target" }] : [{ v: r * 10 }, { v: 100 }]));
  const colours = [
    { fill: "#C6EFCE", color: "#006100" },
    { fill: "#FFEB9C", color: "#9C5700" },
    { fill: "#FFC7CE", color: "#9C0006", bold: true },
  ];
  const conditionalFormats = Array.from({ length: rules }, (_, i) => {
    const row = i + 2;
    return { range: `A${row}:B${row}`, formula: `AND(ISNUMBER($A${row}),$A${row}>=$B${row}*${(0.5 + (i % 3) * 0.2).toFixed(1)})`, ...colours[i % 3] };
  });
  const names: NameSpec[] = [
    { name: "Rules_Values", sheet: "Rules", ref: `A2:A${rules + 1}` },
    { name: "Rules_Targets", sheet: "Rules", ref: `B2:B${rules + 1}`, comment: "What each value is measured against" },
    { name: "Rules_Header", sheet: "Rules", ref: "A1:B1" },
  ];
  return { sheets: [{ name: "Rules", kind: "notes", rows, conditionalFormats }], names };
}

/** A sheet of `blocks` small bordered, filled and number-formatted ranges (a grid of boxes): formats whose requests are ~20 times their data. */
export function borderedWorkbook(blocks: number): WorkbookSpec {
  const rows = Array.from({ length: blocks * 3 }, (_, r) => [{ v: r }, { v: r * 2 }, { v: r * 3 }, { v: "x" }]);
  const formats = Array.from({ length: blocks }, (_, i) => ({ range: `A${3 * i + 1}:D${3 * i + 3}`, border: true, fill: i % 2 ? "#F2F2F2" : "#FFFFFF", numFmt: "#,##0", bold: i % 5 === 0 }));
  const names: NameSpec[] = [
    { name: "Boxes_First", sheet: "Boxes", ref: "A1:D3" },
    { name: "Boxes_Last", sheet: "Boxes", ref: `A${3 * blocks - 2}:D${3 * blocks}`, comment: "The last box" },
    { name: "Boxes_All", sheet: "Boxes", ref: `A1:D${3 * blocks}` },
  ];
  return { sheets: [{ name: "Boxes", kind: "notes", rows, formats }], names };
}
