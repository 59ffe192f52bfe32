/*
 * Numbers as the forms take them: typed or pasted the way a sheet shows them ("1,200,000",
 * "25%", "¥3,000"), read with the workbench's clipboard reader so a form and a paste agree.
 */
import type { CellValue } from "../../../sheets/spec";
import { readPastedTable, readPastedValue } from "../../workbench/paste";

/**
 * A typed number: undefined when blank, NaN when not a number.
 * @example readNumber("1,200") // 1200
 * @example readNumber("25%") // 0.25
 * @example readNumber("") // undefined
 */
export function readNumber(text: string): number | undefined {
  const v = readPastedValue(text);
  if (v === "") return undefined;
  return typeof v === "number" ? v : NaN;
}

/**
 * A typed percentage as a fraction: "20" and "20%" are both 0.2; undefined when blank.
 * @example readPercent("95") // 0.95
 * @example readPercent("95%") // 0.95
 */
export function readPercent(text: string): number | undefined {
  const trimmed = text.trim();
  const v = readNumber(trimmed);
  if (v === undefined || Number.isNaN(v)) return v;
  return trimmed.endsWith("%") ? v : Number((v / 100).toPrecision(15));
}

/**
 * A fraction shown as the percent text the forms use ("0.95" → "95").
 * @example percentText(0.95) // "95"
 */
export function percentText(x: number | undefined): string {
  return x === undefined ? "" : String(Number((x * 100).toPrecision(12)));
}

/** A number as the forms show it in a text box (no separators, no float noise). */
export function numberText(x: number | undefined): string {
  return x === undefined ? "" : String(Number(x.toPrecision(12)));
}

/** Names with an optional number each, read from a table. */
export interface NamedNumbers {
  names: string[];
  /** One per name; undefined where the table had no number. */
  numbers: (number | undefined)[];
  /** Numbers columns after the first (e.g. twelve months), one array per row. */
  rest: (number | null)[][];
}

const isNumber = (v: CellValue): v is number => typeof v === "number";

/**
 * Reads a table of names and numbers (pasted from a spreadsheet, or a selection): the first
 * column holding text gives the names, the columns after it the numbers. A first row whose
 * number cells are all text is a header and is skipped. Rows without a name are skipped.
 *
 * @returns the names and numbers, or undefined when no row has a name
 * @example readNamedNumbers([["Region", "Weight"], ["East", 40], ["South", 30]])
 *   // { names: ["East", "South"], numbers: [40, 30], rest: [[], []] }
 */
export function readNamedNumbers(table: readonly (readonly CellValue[])[]): NamedNumbers | undefined {
  const rows = table.filter((r) => r.some((v) => v !== ""));
  if (rows.length === 0) return undefined;
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  // The name column: the first column with text below the header.
  let nameCol = -1;
  for (let c = 0; c < width && nameCol < 0; c++) {
    if (rows.slice(1).some((r) => typeof r[c] === "string" && r[c] !== "") || (rows.length === 1 && typeof rows[0][c] === "string")) nameCol = c;
  }
  if (nameCol < 0) return undefined;
  const numberCells = (r: readonly CellValue[]) => r.slice(nameCol + 1);
  const first = numberCells(rows[0]);
  const header = rows.length > 1 && first.length > 0 && first.every((v) => !isNumber(v)) && first.some((v) => v !== "");
  const body = header ? rows.slice(1) : rows;
  const names: string[] = [];
  const numbers: (number | undefined)[] = [];
  const rest: (number | null)[][] = [];
  for (const r of body) {
    const name = r[nameCol];
    if (name === "" || name === undefined || name === null) continue;
    names.push(String(name).trim());
    const cells = numberCells(r);
    numbers.push(isNumber(cells[0]) ? cells[0] : undefined);
    rest.push(cells.slice(1).map((v) => (isNumber(v) ? v : null)));
  }
  return names.length ? { names, numbers, rest } : undefined;
}

/** {@link readNamedNumbers} of text as the clipboard carries it (tab-separated rows). */
export function readNamedNumbersText(text: string): NamedNumbers | undefined {
  return readNamedNumbers(readPastedTable(text));
}
