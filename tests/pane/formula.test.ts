/**
 * Reading a cell's formula for "Explain this cell" (src/taskpane/explain/formula.ts): the
 * TARGET.* call in it, as Excel shows it (`Range.formulas`, invariant syntax) or as a file
 * stores it when the add-in was not loaded (`_xldudf_TARGET_SCORE`), and each argument:
 * constants, array constants, references, names, left out, or an expression.
 */
import { readArgument, readFormula, shownFormula } from "../../src/taskpane/explain/formula";

const call = (formula: string) => {
  const r = readFormula(formula);
  if (r.kind !== "call") throw new Error(`${formula} read as ${r.kind}`);
  return r;
};

describe("the TARGET.* call in a formula", () => {
  it("finds the function in upper, lower or mixed case", () => {
    expect(call("=TARGET.SCORE(B2,C2,40)").fn).toBe("SCORE");
    expect(call("=target.score(B2,C2,40)").fn).toBe("SCORE");
    expect(call("=Target.Split(100,{1,1})").fn).toBe("SPLIT");
  });

  it("reads the forms a file stores when the add-in was not loaded", () => {
    expect(call("=_xldudf_TARGET_SCORE(B2,C2,40)").fn).toBe("SCORE");
    expect(call("=_xldudf_target_status(B2,C2)").fn).toBe("STATUS");
    expect(call("=_xldudf_TARGET.ATTAIN(B2,C2)").fn).toBe("ATTAIN");
  });

  it("shows a stored call as Excel shows it with the add-in, leaving quoted text alone", () => {
    expect(shownFormula("=_xldudf_TARGET_ATTAIN(B3,C3)")).toBe("=TARGET.ATTAIN(B3,C3)");
    expect(shownFormula('=IF(B2="","",_xldudf_target_status(B2,C2))')).toBe('=IF(B2="","",TARGET.STATUS(B2,C2))');
    expect(shownFormula('=_xldudf_TARGET_SCORE(B2,C2,40,"_xldudf_TARGET_X(")')).toBe('=TARGET.SCORE(B2,C2,40,"_xldudf_TARGET_X(")');
    expect(shownFormula("=TARGET.SPLIT(100,{1,1})")).toBe("=TARGET.SPLIT(100,{1,1})");
  });

  it("finds the call inside a guard and says the formula wraps it", () => {
    const r = call('=IF(B2="","",TARGET.STATUS(B2,C2))');
    expect(r.fn).toBe("STATUS");
    expect(r.wrapped).toBe(true);
    expect(r.text).toBe("TARGET.STATUS(B2,C2)");
    expect(r.args.map((a) => a.text)).toEqual(["B2", "C2"]);
    expect(call(" =TARGET.STATUS(B2,C2) ").wrapped).toBe(false);
  });

  it("tells formulas that are not one TARGET.* call apart", () => {
    expect(readFormula("=SUM(A1:A3)")).toEqual({ kind: "noTarget" });
    expect(readFormula("1200")).toEqual({ kind: "notFormula" });
    expect(readFormula("")).toEqual({ kind: "notFormula" });
    expect(readFormula(undefined)).toEqual({ kind: "notFormula" });
    expect(readFormula("=TARGET.STATUS(B2,TARGET.ATTAIN(B2,C2))")).toEqual({ kind: "several", count: 2 });
    expect(readFormula("=TARGET.FORECAST(B2)")).toEqual({ kind: "unknownFunction", name: "TARGET.FORECAST" });
    // A name that only mentions TARGET in a text is not a call.
    expect(readFormula('="TARGET.SCORE(1,2,3)"')).toEqual({ kind: "noTarget" });
    expect(readFormula("=MYTARGET.SCORE(1)")).toEqual({ kind: "noTarget" });
  });

  it("says so when quotes or brackets do not close", () => {
    expect(readFormula('=TARGET.SCORE(B2,C2,40,"每超1%加0.5分)')).toEqual({ kind: "unreadable" });
    expect(readFormula("=TARGET.SCORE(B2,C2,40")).toEqual({ kind: "unreadable" });
    expect(readFormula("=TARGET.SPLIT(100,{1,2)")).toEqual({ kind: "unreadable" });
  });

  it("splits the arguments at top-level commas only: not inside texts, braces or brackets", () => {
    const r = call('=TARGET.SCORE(B2,C2,40,"每超1%加0.5分,每低1%扣1分",ROUND(D2,0),{1,2;3,4})');
    expect(r.args.map((a) => a.text)).toEqual(["B2", "C2", "40", '"每超1%加0.5分,每低1%扣1分"', "ROUND(D2,0)", "{1,2;3,4}"]);
    expect(r.args[3]).toEqual({ kind: "constant", text: '"每超1%加0.5分,每低1%扣1分"', value: "每超1%加0.5分,每低1%扣1分" });
    expect(r.args[4].kind).toBe("expression");
  });

  it("keeps arguments left out, and a call with no arguments has none", () => {
    const r = call("=TARGET.SCORE(B2,C2,40,,50)");
    expect(r.args.map((a) => a.kind)).toEqual(["reference", "reference", "constant", "omitted", "constant"]);
    expect(call("=TARGET.SCORE()").args).toEqual([]);
    expect(call("=TARGET.SCORE(B2,C2,40,)").args.map((a) => a.kind)).toEqual(["reference", "reference", "constant", "omitted"]);
  });
});

describe("one argument", () => {
  it("reads numbers: negative, decimal, exponent and percentages", () => {
    expect(readArgument("40")).toEqual({ kind: "constant", text: "40", value: 40 });
    expect(readArgument("-5")).toMatchObject({ value: -5 });
    expect(readArgument("+0.5")).toMatchObject({ value: 0.5 });
    expect(readArgument(".25")).toMatchObject({ value: 0.25 });
    expect(readArgument("1.2E+8")).toMatchObject({ value: 120_000_000 });
    expect(readArgument("90%")).toMatchObject({ value: 0.9 });
    expect(readArgument("-1.5%")).toMatchObject({ value: -0.015 });
    expect(readArgument("5%%")).toMatchObject({ value: 0.0005 });
  });

  it("reads texts with doubled quotes, and booleans in any case", () => {
    expect(readArgument('"say ""hi"""')).toMatchObject({ kind: "constant", value: 'say "hi"' });
    expect(readArgument('""')).toMatchObject({ kind: "constant", value: "" });
    expect(readArgument('"越低越好"')).toMatchObject({ value: "越低越好" });
    expect(readArgument("TRUE")).toMatchObject({ kind: "constant", value: true });
    expect(readArgument("false")).toMatchObject({ kind: "constant", value: false });
  });

  it("reads array constants row by row, with negatives, percentages, texts and commas inside texts", () => {
    expect(readArgument("{1,2;3,4}")).toMatchObject({ kind: "array", rows: [[1, 2], [3, 4]] });
    expect(readArgument("{0,1.5%;100%,2%}")).toMatchObject({ kind: "array", rows: [[0, 0.015], [1, 0.02]] });
    expect(readArgument("{-1;-2}")).toMatchObject({ rows: [[-1], [-2]] });
    expect(readArgument('{"a,b","c;d";TRUE,5}')).toMatchObject({ rows: [["a,b", "c;d"], [true, 5]] });
    expect(readArgument("{25,30,25,20}")).toMatchObject({ rows: [[25, 30, 25, 20]] });
    // Rows of different lengths, or anything but constants, are not an array constant.
    expect(readArgument("{1,2;3}").kind).toBe("expression");
    expect(readArgument("{A1,2}").kind).toBe("expression");
    expect(readArgument("{1,,2}").kind).toBe("expression");
  });

  it("reads references on this sheet or another, absolute or relative, quoted or not", () => {
    expect(readArgument("B2")).toEqual({ kind: "reference", text: "B2", address: "B2" });
    expect(readArgument("$B$2:c$9")).toEqual({ kind: "reference", text: "$B$2:c$9", address: "B2:C9" });
    expect(readArgument("Sheet1!A1:B2")).toEqual({ kind: "reference", text: "Sheet1!A1:B2", sheet: "Sheet1", address: "A1:B2" });
    expect(readArgument("'Q1 plan'!$D$5")).toMatchObject({ sheet: "Q1 plan", address: "D5" });
    expect(readArgument("'It''s'!A1")).toMatchObject({ sheet: "It's", address: "A1" });
    expect(readArgument("销售!B2")).toMatchObject({ kind: "reference", sheet: "销售", address: "B2" });
    expect(readArgument("XFD1048576")).toMatchObject({ kind: "reference" });
  });

  it("reads defined names, and leaves whole columns, calculations and other functions as expressions", () => {
    expect(readArgument("Targets")).toEqual({ kind: "name", text: "Targets", name: "Targets" });
    expect(readArgument("Plan!Weights")).toMatchObject({ kind: "name", sheet: "Plan", name: "Weights" });
    expect(readArgument("目标")).toMatchObject({ kind: "name", name: "目标" });
    // Past the last column or row, it is a name, not a cell.
    expect(readArgument("XFE1")).toMatchObject({ kind: "name" });
    expect(readArgument("A:A").kind).toBe("expression");
    expect(readArgument("B2*2").kind).toBe("expression");
    expect(readArgument("-B2").kind).toBe("expression");
    expect(readArgument("SUM(B2:B4)").kind).toBe("expression");
    expect(readArgument("Table1[Actual]").kind).toBe("expression");
    expect(readArgument("[Book2]Sheet1!A1").kind).toBe("expression");
    expect(readArgument("A1 B1").kind).toBe("expression");
  });
});
