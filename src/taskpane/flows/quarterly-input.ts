/*
 * The quarterly split's inputs read from what the user selected: the annual targets and
 * their names, last year's quarter figures as weights, and where the sheet goes (beside
 * the selection, or a new sheet when the cells beside are taken). Pure: tested without a
 * workbook or React.
 */
import type { SelectionData } from "../../excel/port";
import type { CellValue } from "../../sheets/spec";
import type { Strings } from "../i18n";
import { type Area, areaAddress, cellAddress, parseArea } from "../workbench/a1";

/** The weights a user can pick. */
export type WeightsMode = "even" | "seed" | "lastYear" | "typed";

/** The seed plan's quarter weights (domain: Q1 25 %, Q2 30 %, Q3 25 %, Q4 20 %). */
export const SEED_WEIGHTS = [25, 30, 25, 20];
export const EVEN_WEIGHTS = [25, 25, 25, 25];

/** The choices remembered per workbook. */
export interface SplitChoices {
  weightsMode: WeightsMode;
  /** Weights typed, or read from last year's figures. */
  lastYear: number[];
  typed: number[];
  unit: "元" | "万元";
  /**
   * The unit the sheet shows amounts in: "万元" (with the unit 万元 only) divides every amount
   * by 10,000 on the sheet, as well as rounding to whole 万元. Absent in choices remembered
   * before it existed: 元.
   */
  display?: "元" | "万元";
  months: boolean;
}

export const DEFAULT_CHOICES: SplitChoices = {
  weightsMode: "seed",
  lastYear: [0, 0, 0, 0],
  typed: [...SEED_WEIGHTS],
  unit: "元",
  display: "元",
  months: false,
};

/**
 * The unit the sheet shows amounts in, given the choices: 万元 only when rounding to 万元 too.
 * @example displayOf({ ...DEFAULT_CHOICES, unit: "万元", display: "万元" }) // "万元"
 */
export function displayOf(choices: SplitChoices): "元" | "万元" {
  return choices.unit === "万元" && choices.display === "万元" ? "万元" : "元";
}

/** The rounding unit (in 元) of a unit choice. */
export const UNIT_SIZE: Record<SplitChoices["unit"], number> = { 元: 1, 万元: 10000 };

/** The quarter weights the choices give. */
export function weightsOf(choices: SplitChoices): number[] {
  switch (choices.weightsMode) {
    case "even":
      return EVEN_WEIGHTS;
    case "seed":
      return SEED_WEIGHTS;
    case "lastYear":
      return choices.lastYear;
    case "typed":
      return choices.typed;
  }
}

/** Whether four weights can split a total: all ≥ 0 and finite, not all 0. */
export function weightsUsable(weights: readonly number[]): boolean {
  return weights.length === 4 && weights.every((w) => Number.isFinite(w) && w >= 0) && weights.some((w) => w > 0);
}

/** The annual targets read from a selection, with the rows they came from. */
export interface Targets {
  sheet: string;
  names: string[];
  annual: number[];
  /** The cells of the annual figures (data rows only). */
  area: Area;
  /** Where the names came from ("Sheet1!B2:B9"), if from the sheet. */
  namesFrom?: string;
}

/**
 * The most rows the quarterly split reads (a split of this many targets is a sheet of
 * 10,000 rows of formulas; the pane says so beyond it, rather than freezing on 500,000).
 */
export const MAX_SPLIT_ROWS = 10_000;

const isBlank = (v: CellValue | undefined) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/**
 * The annual targets in a selection: one column of numbers with names in the column to its
 * left, or two or more columns whose first holds names and last the numbers. A text first
 * row is a header and is skipped; blank rows at the end are ignored. A cell that is not a
 * number (or is negative) gives a message naming it; more than {@link MAX_SPLIT_ROWS} rows
 * give a message saying the cap.
 *
 * @example readTargets({ sheet: "S", address: "B2:B3", values: [[100], [200]], leftColumn: ["East", "West"] }, t)
 *   // { targets: { names: ["East", "West"], annual: [100, 200], … } }
 */
export function readTargets(selection: SelectionData, t: Strings): { targets: Targets } | { problem: string } {
  const s = t.pane.split;
  const area = parseArea(selection.address);
  const width = selection.values[0]?.length ?? 0;
  const valueCol = width - 1;
  let names: CellValue[] | undefined =
    width >= 2 ? selection.values.map((r) => r[0]) : selection.leftColumn;
  let namesCol = width >= 2 ? area.left : area.left - 1;
  let first = 0;
  let last = selection.values.length - 1;
  while (last >= 0 && isBlank(selection.values[last][valueCol])) last--;
  if (last >= 0 && typeof selection.values[0][valueCol] === "string") first = 1;
  if (last < first) return { problem: s.empty };
  if (last - first + 1 > MAX_SPLIT_ROWS) return { problem: s.tooManyRows(last - first + 1, MAX_SPLIT_ROWS) };
  const annual: number[] = [];
  for (let r = first; r <= last; r++) {
    const v = selection.values[r][valueCol];
    const cell = `${selection.sheet}!${cellAddress({ row: area.top + r, col: area.left + valueCol })}`;
    if (typeof v !== "number" || !Number.isFinite(v)) return { problem: s.notANumber(cell, isBlank(v) ? "" : String(v)) };
    if (v < 0) return { problem: s.negative(cell) };
    annual.push(v);
  }
  if (names && names.slice(first, last + 1).every((n) => isBlank(n) || typeof n === "number")) {
    names = undefined;
  }
  if (!names) namesCol = -1;
  const rowName = (r: number) => {
    const n = names?.[r];
    return isBlank(n) ? `#${area.top + r + 1}` : String(n).trim();
  };
  const dataArea: Area = { top: area.top + first, bottom: area.top + last, left: area.left + valueCol, right: area.left + valueCol };
  return {
    targets: {
      sheet: selection.sheet,
      names: Array.from({ length: last - first + 1 }, (_, i) => rowName(first + i)),
      annual,
      area: dataArea,
      ...(namesCol >= 0
        ? { namesFrom: `${selection.sheet}!${areaAddress({ top: dataArea.top, bottom: dataArea.bottom, left: namesCol, right: namesCol })}` }
        : {}),
    },
  };
}

/**
 * Last year's four quarter figures from a selection: a row (or column) of four numbers, or
 * a table of four columns added up column by column (a text header row is skipped).
 *
 * @example readLastYear([["Q1", "Q2", "Q3", "Q4"], [10, 20, 30, 40], [1, 2, 3, 4]]) // [11, 22, 33, 44]
 */
export function readLastYear(values: CellValue[][]): number[] | { columns: number } {
  const rows = values.filter((r) => r.some((v) => typeof v === "number"));
  if (rows.length === 4 && rows.every((r) => r.filter((v) => typeof v === "number").length === 1)) {
    return rows.map((r) => r.find((v) => typeof v === "number") as number);
  }
  const width = values[0]?.length ?? 0;
  if (width !== 4) return { columns: width };
  const sums = [0, 0, 0, 0];
  for (const r of rows) r.forEach((v, c) => (sums[c] += typeof v === "number" ? v : 0));
  return sums;
}

/**
 * Where the split goes beside the targets: its block has four rows above the first data
 * row (title, note, weights, header), so it starts four rows higher (or at row 1), one empty
 * column to the right of the selection.
 *
 * @example besideOrigin({ top: 4, bottom: 9, left: 1, right: 1 }) // "D1"
 */
export function besideOrigin(area: Area): string {
  return cellAddress({ row: Math.max(0, area.top - 4), col: area.right + 2 });
}
