/**
 * A stand-in for Excel's `CustomFunctions` global, for tests that call the functions
 * directly: errors carry the Excel code (`#VALUE!`, …) and the message, as in Excel.
 */
export class CustomFunctionsErrorStub extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
  }
}

export const ERROR_CODES = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
};

/** Puts the stand-in on the global object (idempotent). */
export function installCustomFunctionsStub(): void {
  (globalThis as Record<string, unknown>).CustomFunctions = {
    Error: CustomFunctionsErrorStub,
    ErrorCode: ERROR_CODES,
    associate: () => undefined,
  };
}

// ---- how Excel hands a formula's arguments to a custom function -----------------------

/**
 * The two ways Excel builds pass an empty cell: "web" passes `null`, "desktop" passes `0`
 * (OfficeDev/office-js #4702: "Empty cells are passed as zero in desktop and null in office
 * web"; for ranges #1951 and #5262: "[1, 2, 3, 4, 5, 6, 7, 8, 0, 0]").
 */
export type Marshalling = "web" | "desktop";

/** A formula's argument: one cell, a range, a constant, or left out. */
export type FormulaArg = { cell: string } | { range: string } | { constant: unknown } | undefined;

/** The workbook the formula reads: the value of a cell, `undefined` when it is empty. */
export type CellLookup = (sheet: string, row: number, col: number) => unknown;

/** Excel's `CustomFunctions.Invocation` as the stub builds it. */
export interface InvocationStub {
  functionName?: string;
  parameterAddresses: string[];
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "Sheet1!B2:C3" or "'Q1 plan'!B2" → sheet and 0-based corners (the stub's own reading). */
function splitRef(ref: string): { sheet: string; r0: number; c0: number; r1: number; c1: number } {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/i.exec(ref);
  if (!m) throw new Error(`the stub cannot read the reference ${ref}`);
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
  const r0 = Number(m[4]) - 1;
  const c0 = columnNumber(m[3]);
  return { sheet, r0, c0, r1: m[6] ? Number(m[6]) - 1 : r0, c1: m[5] ? columnNumber(m[5]) : c0 };
}

/**
 * The arguments and the invocation a custom function receives for a formula, in one
 * marshalling style: cells hold what `lookup` says; an empty cell is `null` ("web") or `0`
 * ("desktop"); a range is rows of cells; a constant is itself; a left-out argument is `null`.
 * `parameterAddresses` has a cell's or range's address "following the format
 * SheetName!RelativeCellAddress" (Microsoft, "Custom functions parameter options"), and ""
 * for a constant or a left-out argument (what Excel gives there is not documented; the
 * functions must not read anything for it).
 * @example excelCall("desktop", lookup, [{ cell: "Sheet1!B2" }, { constant: 100 }])
 *   // { args: [0, 100], invocation: { parameterAddresses: ["Sheet1!B2", ""] } } when B2 is empty
 */
export function excelCall(style: Marshalling, lookup: CellLookup, formulaArgs: FormulaArg[]): { args: unknown[]; invocation: InvocationStub } {
  const empty = style === "web" ? null : 0;
  const cellAt = (sheet: string, row: number, col: number): unknown => {
    const v = lookup(sheet, row, col);
    return v === undefined || v === "" ? empty : v;
  };
  const args: unknown[] = [];
  const parameterAddresses: string[] = [];
  for (const a of formulaArgs) {
    if (a === undefined) {
      args.push(null);
      parameterAddresses.push("");
    } else if ("constant" in a) {
      args.push(a.constant);
      parameterAddresses.push("");
    } else {
      const ref = "cell" in a ? a.cell : a.range;
      const r = splitRef(ref);
      const block: unknown[][] = [];
      for (let i = r.r0; i <= r.r1; i++) {
        const row: unknown[] = [];
        for (let j = r.c0; j <= r.c1; j++) row.push(cellAt(r.sheet, i, j));
        block.push(row);
      }
      args.push("cell" in a ? block[0][0] : block);
      parameterAddresses.push(ref);
    }
  }
  return { args, invocation: { parameterAddresses } };
}
