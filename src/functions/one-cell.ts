/**
 * The Excel face of the functions whose result is one cell (ATTAIN, STATUS, PACE, SCORE,
 * BAND, COMMISSION): run the body, turn its errors into `CustomFunctions.Error`, and return
 * the cell as a 1 × 1 range.
 *
 * Why a range: these functions ask Excel for their arguments' addresses
 * (`@requiresParameterAddresses`), to tell an empty cell from a 0 on the builds that pass
 * both as 0 (blanks.ts), and "This property must be used in combination with the
 * `dimensionality` property of the result object, and `dimensionality` must be set to
 * `matrix`" (Microsoft, "Manually create JSON metadata for custom functions", options;
 * for JSDoc, "The JSDoc comment must also include an `@returns` tag specifying that the
 * return value be a matrix": "Autogenerate JSON metadata for custom functions").
 *
 * The common call stays synchronous: only when an argument where a blank means something
 * else than 0 arrives as exactly 0 (see {@link BLANK_MATTERS}), with an address to read, does
 * the call wait for the one read of its batch.
 */
import { type CellResult, type OneCellId, runBody } from "./bodies";
import { type EmptyMap, blankCells } from "./blanks";
import { toExcelError } from "./excel";

/** A one-cell result as Excel receives it. */
export type OneCell = [[CellResult]];

/**
 * Where a blank is not a 0, per function: the positions (0-based) of single-value arguments,
 * and of two-column tables whose empty rows are skipped. Elsewhere a blank reads as 0 by the
 * contract (totals, weights, target, points, start, end, floor, below, unit), so nothing is
 * read for them.
 * - actual (value for BAND): blank is "no data yet", "";
 * - green_at, yellow_at, cap: blank takes the default, 0 does not;
 * - direction, mode, rule: blank takes the default, a 0 is `#VALUE!`;
 * - BAND's thresholds with results, and COMMISSION's tiers: a row blank in both cells is
 *   skipped, a row of two 0s is a band or a tier.
 * (PACE's as_of: blank and 0 both give "", before any period; not read.)
 */
export const BLANK_MATTERS: Record<OneCellId, { single: number[]; tables?: number[]; bandPairs?: true }> = {
  ATTAIN: { single: [0, 2] },
  STATUS: { single: [0, 2, 3, 4] },
  PACE: { single: [0] },
  SCORE: { single: [0, 3, 4, 6] },
  BAND: { single: [0], bandPairs: true },
  COMMISSION: { single: [0, 3, 4], tables: [2] },
};

/** Tables larger than this are not read (a band or tier table is a few rows). */
export const MAX_TABLE_READ = 10_000;

/** One argument to read: its position and address. */
interface Question {
  index: number;
  address: string;
}

/** The addresses Excel gave, when the invocation carries them. */
function addressesOf(invocation: unknown): readonly unknown[] | undefined {
  if (typeof invocation !== "object" || invocation === null) return undefined;
  const inv = invocation as { parameterAddresses?: unknown; isInValuePreview?: unknown };
  // During a formula value preview, answer at once ("Take too long to provide a useful
  // preview": Microsoft, "Work with formula value preview mode").
  if (inv.isInValuePreview === true || inv.isInValuePreview === "true") return undefined;
  return Array.isArray(inv.parameterAddresses) ? inv.parameterAddresses : undefined;
}

function isSmallTable(v: unknown): v is unknown[][] {
  return Array.isArray(v) && v.length > 0 && Array.isArray(v[0]) && v.length * (v[0] as unknown[]).length <= MAX_TABLE_READ;
}

/** True when some row of a two-column table is 0 in both cells (how an empty row arrives). */
function hasZeroRow(v: unknown): boolean {
  return isSmallTable(v) && v.some((row) => Array.isArray(row) && row.length === 2 && row[0] === 0 && row[1] === 0);
}

/** True when BAND's thresholds and results (one line each) have a position that is 0 in both. */
function hasZeroPair(thresholds: unknown, results: unknown): boolean {
  if (!isSmallTable(thresholds) || !isSmallTable(results)) return false;
  const n = lineLength(thresholds);
  if (n < 0 || n !== lineLength(results)) return false;
  for (let k = 0; k < n; k++) if (lineCell(thresholds, k) === 0 && lineCell(results, k) === 0) return true;
  return false;
}

/** The cells of a one-row or one-column range; -1 for any other shape. */
function lineLength(v: unknown[][]): number {
  if (v.length === 1) return (v[0] as unknown[]).length;
  return v.every((row) => Array.isArray(row) && row.length === 1) ? v.length : -1;
}

/** The k-th cell of a one-row or one-column range. */
function lineCell(v: unknown[][], k: number): unknown {
  return v.length === 1 ? (v[0] as unknown[])[k] : (v[k] as unknown[])[0];
}

const NO_QUESTIONS: Question[] = [];

/** False when no argument can need a look: no single value where a blank matters is 0, and no table is given. */
function mayAsk(matters: (typeof BLANK_MATTERS)[OneCellId], args: readonly unknown[]): boolean {
  for (const i of matters.single) if (args[i] === 0) return true;
  if (matters.bandPairs) return Array.isArray(args[1]);
  if (matters.tables) for (const i of matters.tables) if (Array.isArray(args[i])) return true;
  return false;
}

/**
 * The arguments of this call to read: those where a blank matters that arrived as 0 and
 * have an address. Empty in the common case.
 */
export function blankQuestions(id: OneCellId, args: readonly unknown[], invocation: unknown): Question[] {
  const matters = BLANK_MATTERS[id];
  // The common call first, allocating nothing: no single value is 0 and there is no table.
  if (!mayAsk(matters, args)) return NO_QUESTIONS;
  const wanted = matters.single.filter((i) => args[i] === 0);
  for (const i of matters.tables ?? []) if (hasZeroRow(args[i])) wanted.push(i);
  if (matters.bandPairs) {
    const results = args[2];
    if (results === null || results === undefined) {
      if (hasZeroRow(args[1])) wanted.push(1);
    } else if (hasZeroPair(args[1], results)) wanted.push(1, 2);
  }
  if (wanted.length === 0) return [];
  const addresses = addressesOf(invocation);
  if (addresses === undefined) return [];
  const out: Question[] = [];
  for (const index of wanted) {
    const address = addresses[index];
    if (typeof address === "string" && address !== "") out.push({ index, address });
  }
  return out;
}

/** The arguments with every cell the read found empty made blank (`null`). */
export function withBlanks(args: readonly unknown[], questions: readonly Question[], answers: readonly (EmptyMap | undefined)[]): unknown[] {
  const out = [...args];
  questions.forEach((q, k) => {
    const empty = answers[k];
    if (!empty) return;
    const v = out[q.index];
    if (!Array.isArray(v)) {
      if (empty.length === 1 && empty[0].length === 1 && empty[0][0]) out[q.index] = null;
      return;
    }
    // A range: only when the read has its shape (else the address was not this argument's).
    const same = empty.length === v.length && v.every((row, i) => Array.isArray(row) && empty[i].length === row.length);
    if (same) out[q.index] = (v as unknown[][]).map((row, i) => row.map((c, j) => (empty[i][j] ? null : c)));
  });
  return out;
}

/** The body's value as Excel's 1 × 1 range, or its error as `CustomFunctions.Error`. */
function cellOf(id: OneCellId, args: readonly unknown[]): OneCell {
  try {
    return [[runBody(id, args) as CellResult]];
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * Runs a one-cell function for Excel: synchronously, unless a blank-sensitive argument came
 * as 0 with an address (then after the batch's one read).
 * @param id - the function
 * @param args - its arguments as Excel passed them, without the invocation
 * @param invocation - Excel's `CustomFunctions.Invocation` (with `parameterAddresses`), if any
 * @throws CustomFunctions.Error (or rejects with it)
 */
export function oneCellInExcel(id: OneCellId, args: readonly unknown[], invocation: unknown): OneCell | Promise<OneCell> {
  const questions = blankQuestions(id, args, invocation);
  if (questions.length === 0) return cellOf(id, args);
  const blanks = blankCells();
  if (blanks === null) return cellOf(id, args);
  // Answers already known keep the call synchronous.
  const known = questions.map((q) => blanks.known(q.address));
  if (known.every((k) => k !== undefined)) return cellOf(id, withBlanks(args, questions, known));
  return Promise.all(questions.map((q) => blanks.ask(q.address))).then((answers) => cellOf(id, withBlanks(args, questions, answers)));
}
