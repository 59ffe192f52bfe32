/**
 * The fine print on the order of checks, by differential fuzzing: calls where several
 * arguments are wrong at once must fail with the error of the FIRST wrong argument.
 *
 * The contract: "Each argument's type, shape and range first (in argument order), then
 * checks across arguments, then a blank actual gives "", then computation errors". This
 * suite reads it as follows, and the model below encodes it:
 *
 * - An argument's own checks are its type (text, TRUE/FALSE, a range where one value is
 *   expected: `#VALUE!`), its shape (a column, a row, a line, two columns, the shape of an
 *   earlier range: SPLIT's `fixed` like `weights`, SPREAD's `seed` rows × columns, BAND's
 *   `results` as long as `thresholds`: `#VALUE!`), and its range (negative totals, weights,
 *   units, amounts, rates: `#NUM!`; equal thresholds, a lowest tier not at 0: `#VALUE!`).
 *   Type and shape come before range; which of several type-and-shape faults of one argument
 *   is named first, or which of several range faults, the contract leaves open, and so does
 *   this suite.
 * - Checks across arguments compare values of two arguments (held amounts above the total,
 *   yellow_at above green_at, end before start, floor above cap, margins that disagree,
 *   BAND pairs with one blank cell); they come after every argument's own checks.
 *
 * Every generated call has at least one argument with a fault of its own (mostly two or
 * more); the expected error is that of the first such argument: its code, and its name at the
 * head of the message. Each call goes through the Excel face (src/functions) and through the
 * built bundle (dist/functions.js, as Excel loads it); both must agree with the model.
 */
import fc from "fast-check";
import * as face from "../src/functions/functions";
import { CustomFunctionsErrorStub, installCustomFunctionsStub } from "./helpers/custom-functions";
import { type Registered, callExcel, loadBundle } from "./helpers/bundle";

installCustomFunctionsStub();

type Code = "#VALUE!" | "#NUM!" | "#DIV/0!";
/** A fault of one argument: phase 1 is type and shape, phase 2 is range. */
interface Fault {
  phase: 1 | 2;
  code: Code;
}
/** One drawn argument and the faults it has on its own. */
interface Drawn {
  value: unknown;
  faults: Fault[];
}
type G = fc.GeneratorValue;

const TYPE: Fault = { phase: 1, code: "#VALUE!" };
const RANGE_NUM: Fault = { phase: 2, code: "#NUM!" };
const RANGE_VALUE: Fault = { phase: 2, code: "#VALUE!" };

// Arbitraries built once: building them per draw costs more than the calls under test.
// Choices are unbiased (fast-check leans to small values by default, which would make the
// first argument wrong nearly every time); the numbers themselves keep the bias to edges.
const INTEGERS = new Map<string, fc.Arbitrary<number>>();
const ANY_NUMBER = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e7, max: 1e7, noNaN: true }));
const NON_NEGATIVE = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1e7, noNaN: true }));
const NEGATIVE = fc.oneof(fc.integer({ min: -1000, max: -1 }), fc.double({ min: -1e7, max: -1e-9, noNaN: true }));

const pick = <T extends readonly unknown[]>(g: G, ...xs: T): T[number] => xs[int(g, 0, xs.length - 1)];
const chance = (g: G, p: number): boolean => int(g, 0, 999) < p * 1000;
const int = (g: G, min: number, max: number): number => {
  const key = `${min},${max}`;
  let arb = INTEGERS.get(key);
  if (arb === undefined) INTEGERS.set(key, (arb = fc.noBias(fc.integer({ min, max }))));
  return g(() => arb);
};
const anyNumber = (g: G): number => g(() => ANY_NUMBER);
const nonNegative = (g: G): number => g(() => NON_NEGATIVE);
const negative = (g: G): number => g(() => NEGATIVE);
/** Values that are never a number: text (even "100") and TRUE/FALSE. */
const notANumber = (g: G): unknown => pick(g, "abc", "100", "n/a", "TBD", "１２", true, false);

/** A number argument. `optional`: undefined/null mean omitted; `min0`: negative is `#NUM!`. */
function numberArg(g: G, wrong: boolean, o: { min0?: boolean; optional?: boolean } = {}): Drawn {
  if (!wrong) {
    const x = o.min0 ? nonNegative(g) : anyNumber(g);
    const blanks = o.optional ? [undefined, null, ""] : [null, ""];
    return { value: pick(g, x, x, [[x]], ...blanks), faults: [] };
  }
  const kind = pick(g, "text", "cell", "range", ...(o.min0 ? ["negative", "negative"] : []));
  switch (kind) {
    case "text":
      return { value: notANumber(g), faults: [TYPE] };
    case "cell":
      return { value: [[notANumber(g)]], faults: [TYPE] };
    case "range": // a larger range where one value is expected
      return { value: pick(g, [[1, 2]], [[1], [2]], [[0, 0], [0, 0]]), faults: [TYPE] };
    default: {
      const x = negative(g);
      return { value: pick(g, x, [[x]]), faults: [RANGE_NUM] };
    }
  }
}

/** A word argument (direction, mode): omitted, blank or one of `words`; wrong: anything else. */
function wordArg(g: G, wrong: boolean, words: string[]): Drawn {
  if (!wrong) {
    const w = pick(g, ...words);
    return { value: pick(g, undefined, null, "", w, ` ${w.toUpperCase()} `, [[w]]), faults: [] };
  }
  return { value: pick(g, 1, 0, true, "sideways", "constructor", "__proto__", [["higher", "lower"]], "高"), faults: [TYPE] };
}

/** SCORE's rule: omitted, blank or readable; wrong: not text, unreadable, or two clauses of one kind. */
function ruleArg(g: G, wrong: boolean): Drawn {
  if (!wrong) {
    const r = pick(g, "每超1%加0.5分,每低1%扣1分", "+0.5 per 1% over; -1 per 1% under", "每低5个百分点扣2分，最高50分", "达标得满分", "扣完为止", "max 60", "低于60%不得分");
    return { value: pick(g, undefined, null, "", r, [[r]]), faults: [] };
  }
  const bad = pick(g, 42, true, "每超一点加一点", "bonus if good", "最高50分,封顶60分", "按比例,不足一档按一档计", "min 0; min 1", [["max 5", "min 1"]]);
  return { value: bad, faults: [TYPE] };
}

/** A good block of `rows` × `cols` cells: numbers ≥ 0 (or any) and blanks. */
function cells(g: G, rows: number, cols: number, min0: boolean): unknown[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => (chance(g, 0.15) ? pick(g, null, "") : min0 ? nonNegative(g) : anyNumber(g))));
}

/** Puts `v` in a random cell of `block`. */
function plant(g: G, block: unknown[][], v: unknown): void {
  const i = int(g, 0, block.length - 1);
  block[i][int(g, 0, block[i].length - 1)] = v;
}

/**
 * A block of numbers: `rows` × `cols` when good. `shape` says what its shape must be (a
 * column, a row, or exactly rows × cols); wrong draws one or more of: a text or TRUE/FALSE
 * cell, a negative cell (when `min0`), a wrong shape.
 */
function blockArg(g: G, wrong: boolean, rows: number, cols: number, o: { min0: boolean; shape?: "column" | "row" | "exact" }): Drawn {
  if (!wrong) {
    const block = cells(g, rows, cols, o.min0);
    // A single number where a range is expected is a 1 × 1 range.
    return { value: rows === 1 && cols === 1 && typeof block[0][0] === "number" && chance(g, 0.3) ? block[0][0] : block, faults: [] };
  }
  const kinds = ["type", ...(o.min0 ? ["negative"] : []), ...(o.shape ? ["shape"] : [])];
  const chosen = kinds.filter(() => chance(g, 0.5));
  if (chosen.length === 0) chosen.push(pick(g, ...kinds));
  const faults: Fault[] = [];
  let [r, c] = [rows, cols];
  if (chosen.includes("shape")) {
    if (o.shape === "column") c = int(g, 2, 3);
    else if (o.shape === "row") r = int(g, 2, 3);
    else if (chance(g, 0.5)) r = rows + int(g, 1, 2);
    else c = cols + int(g, 1, 2);
    faults.push(TYPE);
  }
  const block = cells(g, r, c, o.min0);
  if (chosen.includes("type")) {
    plant(g, block, notANumber(g));
    faults.push(TYPE);
  }
  if (chosen.includes("negative")) {
    // Planted after the type fault, so it may overwrite it: then only the range fault remains.
    plant(g, block, negative(g));
    faults.length = 0;
    if (chosen.includes("shape")) faults.push(TYPE);
    if (block.some((row) => row.some((v) => typeof v !== "number" && v !== null && v !== ""))) faults.push(TYPE);
    faults.push(RANGE_NUM);
  }
  return { value: block, faults };
}

/** Which arguments to get wrong: at least one, mostly two or more (one alone a fifth of the time). */
function wrongMask(g: G, n: number): boolean[] {
  if (chance(g, 0.2)) {
    const one = int(g, 0, n - 1);
    return Array.from({ length: n }, (_, k) => k === one);
  }
  const mask = Array.from({ length: n }, () => chance(g, 0.45));
  while (mask.filter(Boolean).length < 2) mask[int(g, 0, n - 1)] = true;
  return mask;
}

// ---- the functions -----------------------------------------------------------------------

interface Call {
  args: unknown[];
  faults: Fault[][];
}

function splitCall(g: G): Call {
  const w = wrongMask(g, 4);
  const rows = int(g, 1, 3);
  const cols = int(g, 1, 4);
  const total = numberArg(g, w[0], { min0: true });
  const weights = blockArg(g, w[1], rows, cols, { min0: true });
  const unit = numberArg(g, w[2], { min0: true, optional: true });
  const fixed = !w[3] && chance(g, 0.4) ? { value: pick(g, undefined, null), faults: [] } : blockArg(g, w[3], rows, cols, { min0: true, shape: "exact" });
  return { args: [total, weights, unit, fixed].map((d) => d.value), faults: [total, weights, unit, fixed].map((d) => d.faults) };
}

function spreadCall(g: G): Call {
  const w = wrongMask(g, 4);
  const m = int(g, 1, 3);
  const n = int(g, 1, 3);
  const rowTotals = blockArg(g, w[0], m, 1, { min0: true, shape: "column" });
  const columnTotals = blockArg(g, w[1], 1, n, { min0: true, shape: "row" });
  const seed = !w[2] && chance(g, 0.4) ? { value: pick(g, undefined, null), faults: [] } : blockArg(g, w[2], m, n, { min0: true, shape: "exact" });
  const unit = numberArg(g, w[3], { min0: true, optional: true });
  const all = [rowTotals, columnTotals, seed, unit];
  return { args: all.map((d) => d.value), faults: all.map((d) => d.faults) };
}

const DIRECTIONS = ["higher", "lower", "越高越好", "越低越好"];

function attainCall(g: G): Call {
  const w = wrongMask(g, 3);
  const all = [numberArg(g, w[0]), numberArg(g, w[1]), wordArg(g, w[2], DIRECTIONS)];
  return { args: all.map((d) => d.value), faults: all.map((d) => d.faults) };
}

function statusCall(g: G): Call {
  const w = wrongMask(g, 5);
  const all = [numberArg(g, w[0]), numberArg(g, w[1]), numberArg(g, w[2], { optional: true }), numberArg(g, w[3], { optional: true }), wordArg(g, w[4], DIRECTIONS)];
  return { args: all.map((d) => d.value), faults: all.map((d) => d.faults) };
}

function paceCall(g: G): Call {
  const w = wrongMask(g, 5);
  const all = [numberArg(g, w[0]), numberArg(g, w[1]), numberArg(g, w[2]), numberArg(g, w[3]), numberArg(g, w[4])];
  return { args: all.map((d) => d.value), faults: all.map((d) => d.faults) };
}

function scoreCall(g: G): Call {
  const w = wrongMask(g, 7);
  const all = [
    numberArg(g, w[0]),
    numberArg(g, w[1]),
    numberArg(g, w[2]),
    ruleArg(g, w[3]),
    numberArg(g, w[4], { optional: true }),
    numberArg(g, w[5], { optional: true }),
    wordArg(g, w[6], DIRECTIONS),
  ];
  return { args: all.map((d) => d.value), faults: all.map((d) => d.faults) };
}

const RESULTS = [1.2, 1, 0.8, 0, "A", "B", "优秀"];

/** BAND: thresholds and results as two lines, or one two-column block with results omitted. */
function bandCall(g: G): Call {
  const w = wrongMask(g, 4);
  const value = numberArg(g, w[0]);
  const n = int(g, 1, 4);
  const ts: unknown[] = g(fc.uniqueArray, fc.integer({ min: -50, max: 150 }), { minLength: n, maxLength: n });
  const rs: unknown[] = ts.map(() => pick(g, ...RESULTS));
  const thresholdFaults: Fault[] = [];
  const resultFaults: Fault[] = [];
  let thresholds: unknown;
  let results: unknown;
  if (chance(g, 0.5)) {
    // Two lines, each a row or a column; sometimes with a pair that has one blank cell, a
    // fault across the two arguments, which must not be reported before a later argument's own.
    if (chance(g, 0.3)) {
      const k = int(g, 0, ts.length);
      const [t, r] = pick(g, [null, "A"], ["", 1], [777, null]);
      ts.splice(k, 0, t);
      rs.splice(k, 0, r);
    }
    if (w[1]) {
      const kinds = ["type", "block", "duplicate"].filter(() => chance(g, 0.5));
      if (kinds.length === 0) kinds.push(pick(g, "type", "block", "duplicate"));
      if (kinds.includes("duplicate")) {
        ts.push(pick(g, ...ts.filter((t) => typeof t === "number")));
        rs.push(pick(g, ...RESULTS));
        thresholdFaults.push(RANGE_VALUE);
      }
      if (kinds.includes("type")) {
        // The text replaces a number, which may have been the duplicate: list the faults afresh.
        ts[int(g, 0, ts.length - 1)] = notANumber(g);
        thresholdFaults.length = 0;
        thresholdFaults.push(TYPE);
        const numbers = ts.filter((t) => typeof t === "number");
        if (new Set(numbers).size < numbers.length) thresholdFaults.push(RANGE_VALUE);
      }
      if (kinds.includes("block")) {
        thresholds = [ts, ts.map(() => 7)];
        thresholdFaults.push(TYPE);
        if (ts.length === 1) thresholds = [[ts[0], 7], [8, 9]];
      }
    }
    thresholds ??= chance(g, 0.5) ? [ts] : ts.map((t) => [t]);
    if (w[2]) {
      const kind = pick(g, "type", "block", "length");
      if (kind === "type") rs[int(g, 0, rs.length - 1)] = pick(g, true, false);
      if (kind === "length") rs.push(pick(g, ...RESULTS));
      results = kind === "block" ? [rs, rs] : [rs];
      if (kind === "block" && rs.length === 1) results = [[1, 2], [3, 4]];
      resultFaults.push(TYPE);
    } else {
      results = chance(g, 0.5) ? [rs] : rs.map((r) => [r]);
    }
  } else {
    // One block of (threshold, result) rows; every fault is the block's own (#VALUE!).
    const rows: unknown[][] = ts.map((t, k) => [t, rs[k]]);
    if (chance(g, 0.3)) rows.splice(int(g, 0, rows.length), 0, [null, ""]);
    if (w[1]) {
      const kind = pick(g, "text", "bool", "width", "halfBlank", "duplicate");
      if (kind === "text") rows[int(g, 0, rows.length - 1)][0] = pick(g, "abc", "100");
      if (kind === "bool") rows[int(g, 0, rows.length - 1)][int(g, 0, 1)] = pick(g, true, false);
      if (kind === "width") rows.forEach((r) => r.push(1));
      if (kind === "halfBlank") rows.push(pick(g, [null, 1], [3, null], ["", "A"]));
      if (kind === "duplicate") rows.push([ts[0], 2]);
      thresholdFaults.push(TYPE);
    }
    thresholds = rows;
    results = pick(g, undefined, null);
  }
  const below = w[3] ? { value: pick(g, true, false, [[1, 2]], [[true]]), faults: [TYPE] } : { value: pick(g, undefined, null, "", 0, 0.5, "none", "未达标"), faults: [] };
  return { args: [value.value, thresholds, results, below.value], faults: [value.faults, thresholdFaults, resultFaults, below.faults] };
}

/** COMMISSION's tiers: a two-column block with a row at 0, in any order; wrong draws one or more faults. */
function tiersArg(g: G, wrong: boolean): Drawn {
  const k = int(g, 1, 4);
  const above = g(fc.shuffledSubarray, [0.5, 0.8, 1, 1.2, 1.5, 2], { minLength: k - 1, maxLength: k - 1 });
  const rate = (): number => pick(g, 0, 0.01, 0.015, 0.02, 0.035);
  let rows: unknown[][] = [[0, rate()], ...above.map((t) => [t, rate()])];
  rows = g(fc.shuffledSubarray, rows, { minLength: rows.length, maxLength: rows.length });
  if (chance(g, 0.3)) rows.splice(int(g, 0, rows.length), 0, [null, null]);
  if (!wrong) return { value: rows, faults: [] };
  const kinds = ["lowest", "duplicate", "negative", "halfBlank", "width", "type"].filter(() => chance(g, 0.35));
  if (kinds.length === 0) kinds.push(pick(g, "lowest", "duplicate", "negative", "halfBlank", "width", "type"));
  const faults: Fault[] = [];
  if (kinds.includes("lowest")) {
    const zero = rows.findIndex((r) => r[0] === 0);
    if (rows.filter((r) => r[0] !== null).length > 1) rows.splice(zero, 1);
    else rows[zero][0] = 0.25;
    faults.push(RANGE_VALUE);
  }
  if (kinds.includes("duplicate")) {
    const filled = rows.filter((r) => r[0] !== null);
    rows.push([pick(g, ...filled)[0], rate()]);
    faults.push(RANGE_VALUE);
  }
  if (kinds.includes("negative")) {
    pick(g, ...rows.filter((r) => r[0] !== null))[1] = -pick(g, 0.01, 0.5, 3);
    faults.push(RANGE_NUM);
  }
  if (kinds.includes("halfBlank")) {
    rows.splice(int(g, 0, rows.length), 0, pick(g, [null, 0.01], [3, null], [3, ""]));
    faults.push(TYPE);
  }
  if (kinds.includes("type")) {
    pick(g, ...rows.filter((r) => r[0] !== null && r[1] !== null && r[1] !== ""))[int(g, 0, 1)] = notANumber(g);
    faults.push(TYPE);
  }
  if (kinds.includes("width")) {
    rows = rows.map((r) => [...r, 1]);
    faults.push(TYPE);
  }
  // A text cell may have replaced the very value a range fault was about; only type faults
  // are then certain, and they come first anyway.
  return { value: rows, faults };
}

function commissionCall(g: G): Call {
  const w = wrongMask(g, 5);
  const all = [
    numberArg(g, w[0], { min0: true }),
    numberArg(g, w[1], { min0: true }),
    tiersArg(g, w[2]),
    wordArg(g, w[3], ["marginal", "whole", "累进", "全额"]),
    numberArg(g, w[4], { min0: true, optional: true }),
  ];
  return { args: all.map((d) => d.value), faults: all.map((d) => d.faults) };
}

const FUNCTIONS: { id: string; params: string[]; fn: (...a: never[]) => unknown; call: (g: G) => Call }[] = [
  { id: "SPLIT", params: ["total", "weights", "unit", "fixed"], fn: face.split, call: splitCall },
  { id: "SPREAD", params: ["row_totals", "column_totals", "seed", "unit"], fn: face.spread, call: spreadCall },
  { id: "ATTAIN", params: ["actual", "target", "direction"], fn: face.attain, call: attainCall },
  { id: "STATUS", params: ["actual", "target", "green_at", "yellow_at", "direction"], fn: face.status, call: statusCall },
  { id: "PACE", params: ["actual", "target", "as_of", "start", "end"], fn: face.pace, call: paceCall },
  { id: "SCORE", params: ["actual", "target", "points", "rule", "cap", "floor", "direction"], fn: face.score, call: scoreCall },
  { id: "BAND", params: ["value", "thresholds", "results", "below"], fn: face.band, call: bandCall },
  { id: "COMMISSION", params: ["actual", "target", "tiers", "mode", "cap"], fn: face.commission, call: commissionCall },
];

// ---- the model and the check ---------------------------------------------------------------

/** The errors the contract allows for a call: those of the first argument with a fault, in its first phase. */
function expected(params: string[], faults: Fault[][]): { arg: string; codes: Code[] } | undefined {
  const k = faults.findIndex((f) => f.length > 0);
  if (k < 0) return undefined;
  const phase = Math.min(...faults[k].map((f) => f.phase));
  return { arg: params[k], codes: [...new Set(faults[k].filter((f) => f.phase === phase).map((f) => f.code))] };
}

/** The code and the argument a message names first ("weights, row 1, column 2: …" names weights). */
function observed(run: () => unknown): { code: string; arg: string } | { value: unknown } {
  try {
    return { value: run() };
  } catch (e) {
    if (!(e instanceof CustomFunctionsErrorStub)) throw e;
    return { code: e.code, arg: /^[a-z_]+/.exec(e.message)?.[0] ?? e.message };
  }
}

function show(args: unknown[]): string {
  return JSON.stringify(args, (_, v: unknown) => (v === undefined ? "<omitted>" : v));
}

let bundle: Record<string, Registered> | undefined;
beforeAll(() => {
  bundle = loadBundle("en-US");
});

/** A range of more than a million cells: #NUM! ("range too large"), checked at its argument. */
const TOO_LARGE = Array.from({ length: 1001 }, () => new Array<number>(1000).fill(1));

/** Calls written out: the contract's own example first, then one per rule of the order. */
const EXAMPLES: [string, unknown[], { code: Code; arg: string } | { value: unknown }][] = [
  ["SPLIT", [-5, [["TBD"]]], { code: "#NUM!", arg: "total" }],
  ["SPLIT", [10, [[1, "x"]], -1], { code: "#VALUE!", arg: "weights" }],
  ["SPLIT", [10, [[1, -1]], "u"], { code: "#NUM!", arg: "weights" }],
  ["SPLIT", [10, [[1, 2]], -1, [["x"]]], { code: "#NUM!", arg: "unit" }],
  ["SPLIT", [10, [[1, 2]], 1, [[-1]]], { code: "#VALUE!", arg: "fixed" }], // its shape before its range
  ["SPLIT", [10, [[1, 2]], 1, [[20, 0]]], { code: "#NUM!", arg: "fixed" }], // held above the total: across arguments
  ["SPLIT", ["x", TOO_LARGE], { code: "#VALUE!", arg: "total" }],
  ["SPLIT", [5, TOO_LARGE, "x"], { code: "#NUM!", arg: "weights" }],
  ["SPREAD", [[[-1], [2]], [["x", 1]]], { code: "#NUM!", arg: "row_totals" }],
  ["SPREAD", [[[1], [2]], [[1, 2]], [[1, 2]], -1], { code: "#VALUE!", arg: "seed" }],
  ["SPREAD", [[[1], [2]], [[1, 1]], null, "u"], { code: "#VALUE!", arg: "unit" }], // before the margins that disagree
  ["ATTAIN", [null, "abc"], { code: "#VALUE!", arg: "target" }],
  ["ATTAIN", [null, 0], { value: "" }], // a blank actual before a zero target
  ["STATUS", [null, "x", 0.8, 0.9], { code: "#VALUE!", arg: "target" }],
  ["STATUS", [null, 1, 0.8, 0.9], { code: "#NUM!", arg: "yellow_at" }], // across arguments, before a blank actual
  ["PACE", [null, 0, null, 10, 5], { code: "#NUM!", arg: "end" }],
  ["SCORE", [1, 1, 10, "每超一点加一点", "abc"], { code: "#VALUE!", arg: "rule" }],
  ["SCORE", [1, 1, 10, "max 5; max 6", null, null, "sideways"], { code: "#VALUE!", arg: "rule" }],
  ["SCORE", [null, 1, 10, "max 5", null, 8], { code: "#NUM!", arg: "floor" }], // floor above cap, before a blank actual
  ["BAND", [1, [[1, 1]], [["a", true]]], { code: "#VALUE!", arg: "thresholds" }],
  ["BAND", [1, [[1, null]], [["a", "b"]], true], { code: "#VALUE!", arg: "below" }],
  ["BAND", [null, [[1, null]], [["a", "b"]]], { code: "#VALUE!", arg: "thresholds" }], // a pair without its threshold, before a blank value
  ["COMMISSION", [-1, "x", [[0, 0.01]]], { code: "#NUM!", arg: "actual" }],
  ["COMMISSION", [1, -1, [["x", 0.01]]], { code: "#NUM!", arg: "target" }],
  ["COMMISSION", [null, 0, [[0, 0.01]]], { value: "" }],
];

describe("the order of checks, by example", () => {
  const named = EXAMPLES.map(([id, args, want]) => [id, args === TOO_LARGE || args.includes(TOO_LARGE) ? "(…, a range of 1001 × 1000, …)" : JSON.stringify(args), args, want] as const);
  it.each(named)("%s%s", (id, _label, args, want) => {
    const fn = FUNCTIONS.find((f) => f.id === id)!.fn as (...a: unknown[]) => unknown;
    expect(observed(() => fn(...args))).toEqual(want);
    expect(
      observed(() => {
        const { value, error } = callExcel(bundle![id], args);
        if (error) throw error;
        return value;
      }),
    ).toEqual(want);
  });
});

describe.each(FUNCTIONS)("$id with several wrong arguments", ({ id, params, fn, call }) => {
  it("fails with the error of the first wrong argument, through the Excel face and the built bundle", () => {
    const firstWrong = new Map<string, number>();
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const { args, faults } = call(g);
        const want = expected(params, faults);
        if (want === undefined) return; // every fault was overwritten by another: nothing to check
        firstWrong.set(want.arg, (firstWrong.get(want.arg) ?? 0) + 1);
        const viaFace = observed(() => (fn as (...a: unknown[]) => unknown)(...args));
        const viaBundle = observed(() => {
          const { value, error } = callExcel(bundle![id], args);
          if (error) throw error;
          return value;
        });
        for (const [where, got] of [["face", viaFace], ["bundle", viaBundle]] as const) {
          const ok = "code" in got && got.arg === want.arg && want.codes.includes(got.code as Code);
          if (!ok) throw new Error(`${id}${show(args)} via ${where}: want ${want.codes.join(" or ")} for ${want.arg}, got ${JSON.stringify(got)}`);
        }
      }),
      // A counterexample's message shows the call; shrinking generated calls takes too long.
      { numRuns: 300, endOnFailure: true },
    );
    // The generator reaches every argument as the first wrong one (BAND's results only in
    // the two-line layout), so no argument's place in the order goes untested.
    for (const p of params) expect([p, firstWrong.has(p)]).toEqual([p, true]);
  });
});

/**
 * After every argument's own checks: the checks across arguments, then a blank actual gives
 * "", then computation errors (a zero target). Arguments here are each right on their own.
 */
describe("checks across arguments, then a blank actual, then computation errors", () => {
  const blankOr = (x: fc.Arbitrary<number>): fc.Arbitrary<number | null> => fc.oneof(fc.constant(null), x);
  // No values within the tolerance of 0 (at target, or overflowing a quotient), which would blur the model.
  const num = fc.oneof(fc.integer({ min: -100, max: 100 }), fc.double({ min: 0.01, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: -0.01, noNaN: true }));
  const targetArb = fc.oneof(fc.constant(0), fc.constant(null), num);
  const direction = fc.constantFrom(undefined, "higher", "lower");
  const run = (id: string, args: unknown[]): ReturnType<typeof observed> => {
    const viaFace = observed(() => (FUNCTIONS.find((f) => f.id === id)!.fn as (...a: unknown[]) => unknown)(...args));
    const viaBundle = observed(() => {
      const { value, error } = callExcel(bundle![id], args);
      if (error) throw error;
      return value;
    });
    expect(viaBundle).toEqual(viaFace);
    return viaFace;
  };
  const isError = (got: ReturnType<typeof observed>, code: string, arg?: string): boolean => "code" in got && got.code === code && (arg === undefined || got.arg === arg);

  it("STATUS: yellow_at above green_at, then a blank actual, then a zero target", () => {
    fc.assert(
      fc.property(blankOr(num), targetArb, fc.double({ min: 0, max: 2, noNaN: true }), fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }), direction, (a, t, g, y, d) => {
        const got = run("STATUS", [a, t, g, y, d]);
        if (y !== undefined && y > g * (1 + 1e-9) + 1e-9) expect(isError(got, "#NUM!", "yellow_at")).toBe(true);
        else if (a === null) expect(got).toEqual({ value: "" });
        else if (!t && d !== "lower") expect(isError(got, "#DIV/0!")).toBe(true);
        else expect("value" in got && ["green", "yellow", "red"].includes(got.value as string)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("PACE: end before start, then a blank actual or date (or one before the period), then a zero target", () => {
    fc.assert(
      fc.property(blankOr(num), targetArb, blankOr(fc.integer({ min: 45000, max: 46000 })), fc.integer({ min: 45000, max: 46000 }), fc.integer({ min: 45000, max: 46000 }), (a, t, asOf, s, e) => {
        const got = run("PACE", [a, t, asOf, s, e]);
        if (e < s) expect(isError(got, "#NUM!", "end")).toBe(true);
        else if (a === null || asOf === null || asOf < s) expect(got).toEqual({ value: "" });
        else if (!t) expect(isError(got, "#DIV/0!")).toBe(true);
        else expect("value" in got && typeof got.value === "number").toBe(true);
      }),
    );
  });

  it("SCORE: a floor above the cap, then a blank actual, then a zero target", () => {
    fc.assert(
      fc.property(blankOr(num), targetArb, fc.option(fc.constantFrom("每低1%扣1分", "max 50", "每少5家扣3分"), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), direction, (a, t, rule, cap, floor, d) => {
        const got = run("SCORE", [a, t, 40, rule, cap, floor, d]);
        const effectiveCap = cap ?? (rule === "max 50" ? 50 : undefined);
        if (effectiveCap !== undefined && (floor ?? 0) > effectiveCap) expect(isError(got, "#NUM!")).toBe(true);
        else if (a === null) expect(got).toEqual({ value: "" });
        else if (!t && rule === undefined && d !== "lower") expect(isError(got, "#DIV/0!")).toBe(true);
        else if (!t && rule === "每低1%扣1分" && a < 0) expect(isError(got, "#DIV/0!")).toBe(true);
        else expect("value" in got && typeof got.value === "number").toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("ATTAIN and COMMISSION: a blank actual, then a zero target", () => {
    fc.assert(
      fc.property(blankOr(fc.integer({ min: 0, max: 1000 })), fc.oneof(fc.constant(0), fc.constant(null), fc.integer({ min: 1, max: 1000 })), direction, (a, t, d) => {
        const attain = run("ATTAIN", [a, t, d]);
        const pay = run("COMMISSION", [a, t, [[0, 0.01], [1, 0.02]]]);
        if (a === null) {
          expect([attain, pay]).toEqual([{ value: "" }, { value: "" }]);
        } else if (!t) {
          expect(isError(pay, "#DIV/0!")).toBe(true);
          expect(d === "lower" ? "value" in attain : isError(attain, "#DIV/0!")).toBe(true);
        } else {
          expect("value" in attain && "value" in pay).toBe(true);
        }
      }),
    );
  });

  it("SPLIT: held amounts above the total before weights that are all zero", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 4 }), fc.boolean(), (total, held, zeroWeights) => {
        const weights = [held.map(() => (zeroWeights ? 0 : 1))];
        const got = run("SPLIT", [total, weights, 1, [held]]);
        const heldSum = held.reduce((s, h) => s + h, 0);
        const free = held.filter((h) => h === 0).length;
        if (heldSum > total) expect(isError(got, "#NUM!", "fixed")).toBe(true);
        else if (heldSum < total && free === 0) expect(isError(got, "#NUM!", "fixed")).toBe(true);
        else if (heldSum < total && zeroWeights) expect(isError(got, "#DIV/0!", "weights")).toBe(true);
        else expect("value" in got).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
