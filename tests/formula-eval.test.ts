/*
 * The test evaluator (tests/helpers/formula-eval.ts) on Excel's own examples: it decides what
 * every generated formula computes in the unit project, so its rounding, lookups and
 * comparisons must be Excel's, not the engine's (the engine's values are what it is compared to).
 */
import { XlError, type XlValue, evaluateFormula, placedRows, sheetEvaluator, workbookEvaluator } from "./helpers/formula-eval";

/** Evaluates `f` with row 1 holding `cells` (A1, B1, …). */
const run = (f: string, cells: XlValue[] = []): XlValue => evaluateFormula(f, (r, c) => (r === 0 ? (cells[c] ?? null) : null));

describe("ROUND as Excel rounds", () => {
  test("Microsoft's examples (support.microsoft.com, 'ROUND function', Example table)", () => {
    // "=ROUND(2.15, 1) … 2.2", "=ROUND(2.149, 1) … 2.1", "=ROUND(-1.475, 2) … -1.48",
    // "=ROUND(21.5, -1) … 20", "=ROUND(626.3,-3) … 1000", "=ROUND(1.98,-1) … 0", "=ROUND(-50.55,-2) … -100".
    expect(run("ROUND(2.15,1)")).toBe(2.2);
    expect(run("ROUND(2.149,1)")).toBe(2.1);
    expect(run("ROUND(-1.475,2)")).toBe(-1.48);
    expect(run("ROUND(21.5,-1)")).toBe(20);
    expect(run("ROUND(626.3,-3)")).toBe(1000);
    expect(run("ROUND(1.98,-1)")).toBe(0);
    expect(run("ROUND(-50.55,-2)")).toBe(-100);
  });
  test("halves go away from zero, on both sides and with negative digits (ROUND(15000,-4) is 20000 in Excel and LibreOffice)", () => {
    expect(run("ROUND(15000,-4)")).toBe(20000);
    expect(run("ROUND(-15000,-4)")).toBe(-20000);
    expect(run("ROUND(2.5,0)")).toBe(3);
    expect(run("ROUND(-2.5,0)")).toBe(-3);
    expect(run("ROUND(0.5,0)")).toBe(1);
    // Excel reads the number to 15 digits first: 2.675 and 1.005 are halves for it.
    expect(run("ROUND(2.675,2)")).toBe(2.68);
    expect(run("ROUND(1.005,2)")).toBe(1.01);
    expect(run("ROUND(A1*0.01,2)", [12345])).toBe(123.45);
    // Digits are truncated to a whole number.
    expect(run("ROUND(1.26,1.9)")).toBe(1.3);
    expect(run("ROUND(-0.4,0)")).toBe(0);
  });
});

describe("LARGE and MATCH", () => {
  const sheet = sheetEvaluator([
    [{ v: 3 }, { v: 1 }, { v: "x" }, null, { v: 3 }, { v: true }],
    [{ v: "East" }, { v: "west" }, { v: 2 }],
  ]);
  test("LARGE: the k-th largest number of a range, text, blanks and logicals skipped; #NUM! outside 1…count", () => {
    // support.microsoft.com, 'LARGE function', Remarks: "If k ≤ 0 or if k is greater than the
    // number of data points, LARGE returns the #NUM! error value."
    expect(sheet.formula("LARGE(A1:F1,1)")).toBe(3);
    expect(sheet.formula("LARGE(A1:F1,2)")).toBe(3);
    expect(sheet.formula("LARGE(A1:F1,3)")).toBe(1);
    expect(sheet.formula("LARGE(A1:F1,4)")).toEqual(new XlError("#NUM!"));
    expect(sheet.formula("LARGE(A1:F1,0)")).toEqual(new XlError("#NUM!"));
    expect(() => sheet.formula("LARGE(A1:F1,1.5)")).toThrow(/outside the evaluator's subset/);
  });
  test("MATCH(…, 0): the first equal cell, text case-insensitive; #N/A when none", () => {
    // learn.microsoft.com, 'WorksheetFunction.Match method': "If match_type is 0, Match finds the
    // first value that is exactly equal to lookup_value."; ECMA-376 Part 4, MATCH: "MATCH shall not
    // distinguish between uppercase and lowercase letters when matching strings."; no match is #N/A.
    expect(sheet.formula("MATCH(3,A1:F1,0)")).toBe(1);
    expect(sheet.formula("MATCH(MAX(A1:F1),E1:F1,0)")).toBe(1);
    expect(sheet.formula('MATCH("WEST",A2:C2,0)')).toBe(2);
    expect(sheet.formula("MATCH(9,A1:F1,0)")).toEqual(new XlError("#N/A"));
    // A blank cell is not 0 to MATCH.
    expect(sheet.formula("MATCH(0,D1:D1,0)")).toEqual(new XlError("#N/A"));
    expect(() => sheet.formula("MATCH(3,A1:F1,1)")).toThrow(/outside the evaluator's subset/);
  });
});

describe("comparisons keep Excel's order of types", () => {
  test("a logical is above every number and text: TRUE<=2 is FALSE, though TRUE+0 is 1", () => {
    // Excel orders numbers < text < logicals in a comparison and coerces logicals only in
    // arithmetic. Microsoft ('WorksheetFunction.Match method', learn.microsoft.com) gives the
    // order: "Lookup_array must be placed in ascending order: ...-2, -1, 0, 1, 2, ..., A-Z,
    // FALSE, TRUE."; the operators follow it (the test suites of Excel-compatible engines:
    // fast-formula-parser's "1<TRUE" → TRUE, "1>=TRUE" → FALSE). LibreOffice treats a logical
    // as the number 1, so its recalculation cannot show the difference; this evaluator must.
    expect(run("A1<=2", [true])).toBe(false);
    expect(run("(A1+0)<=2", [true])).toBe(true);
    expect(run("A1>1000000", [true])).toBe(true);
    expect(run('A1>"zzz"', [true])).toBe(true);
    expect(run('A1<"a"', [5])).toBe(true);
    expect(run("A1+A1", [true])).toBe(2);
  });
});

describe("a formula that is a reference to an empty cell shows 0", () => {
  // Excel shows 0 for =F8 when F8 is empty (a cell's value is never "blank" once a formula
  // computes it), while inside an expression the empty cell stays empty: =F8="" is TRUE,
  // =F8&"x" is "x". A cell that reads such a formula cell reads the 0: =G8="" is FALSE.
  test("evaluateFormula, the sheet and the workbook evaluators agree", () => {
    expect(run("A1")).toBe(0);
    expect(run("$A$1:$A$1")).toBe(0);
    expect(run("IF(TRUE,A1)")).toBe(0);
    expect(run("INDEX(A1:B1,1,2)")).toBe(0);
    expect(run('A1=""')).toBe(true);
    expect(run('A1&"x"')).toBe("x");
    const rows = [[null, { f: "A1" }, { f: 'B1=""' }, { f: 'A1=""' }, { f: "B1*2" }]];
    const sheet = sheetEvaluator(rows);
    const book = workbookEvaluator([{ name: "S", rows }]);
    expect([sheet.at("B1"), sheet.at("C1"), sheet.at("D1"), sheet.at("E1")]).toEqual([0, false, true, 0]);
    expect([book.at("S", "B1"), book.at("S", "C1"), book.at("S", "D1"), book.at("S", "E1")]).toEqual([0, false, true, 0]);
    expect(sheet.formula("A1")).toBe(0);
    // Another sheet's empty cell, read by a formula that is just that reference.
    const two = workbookEvaluator([{ name: "S", rows: [[{ f: "'T'!A1" }]] }, { name: "T", rows: [[null]] }]);
    expect(two.at("S", "A1")).toBe(0);
  });
});

describe("SUMIF and SUMIFS over a summed error", () => {
  // LibreOffice 7.4, recalculating =SUMIF(A1:A3,2,B1:B3) with B2 =1/0: #DIV/0! where A2 matches,
  // 12 where only A1 and A3 do (the error skipped); SUMIFS the same.
  test("an error in a summed cell whose criterion matches is the result; where it does not match it is skipped", () => {
    const sheet = sheetEvaluator([
      [{ v: 1 }, { v: 5 }],
      [{ v: 2 }, { f: "1/0" }],
      [{ v: 1 }, { v: 7 }],
    ]);
    expect(sheet.formula("SUMIF(A1:A3,1,B1:B3)")).toBe(12);
    expect(sheet.formula("SUMIF(A1:A3,2,B1:B3)")).toEqual(new XlError("#DIV/0!"));
    expect(sheet.formula("SUMIFS(B1:B3,A1:A3,1)")).toBe(12);
    expect(sheet.formula("SUMIFS(B1:B3,A1:A3,2)")).toEqual(new XlError("#DIV/0!"));
    expect(sheet.formula("COUNTIF(B1:B3,\">0\")")).toBe(2);
  });
});

describe("placedRows", () => {
  test("puts a block written at an origin where its formulas' addresses point", () => {
    const rows = placedRows({ origin: "C2", rows: [[{ v: 2 }, { f: "C2*10" }]] });
    expect(sheetEvaluator(rows).at("D2")).toBe(20);
    const same = [[{ v: 1 }]];
    expect(placedRows({ rows: same })).toBe(same);
  });
});
