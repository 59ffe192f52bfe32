/*
 * Putting a generated workbook spec into the user's workbook without clashing: sheets,
 * check names and table names already there get the next free name ("Tracking (2)",
 * "Check_Tracking_Rows_2"), and the plan stored with the sheets keeps what the workbook's
 * plan had besides the part being made (so a tracking sheet added later keeps the
 * decomposition's plan, and the other way round).
 */
import type { Occupied, WorkbookPort } from "../../../excel/port";
import { type Plan, validatePlan } from "../../../sheets/plan";
import { uniqueDefinedName, uniqueSheetName } from "../../../sheets/names";
import type { WorkbookSpec } from "../../../sheets/spec";
import { buildPlanWorkbook } from "../../../sheets/workbook";

/** What the workbook already uses: sheet names and defined or table names (lower case). */
export interface TakenNames {
  sheets: Set<string>;
  names: Set<string>;
}

/**
 * The spec with every new sheet, defined name and table renamed where the name is taken
 * (sheets written into existing sheets keep theirs). Sheets refer to their own cells only,
 * so a renamed sheet needs only its names' `sheet` updated.
 * @example fitSpec(spec, { sheets: new Set(["tracking"]), names: new Set() }).sheets[0].name // "Tracking (2)"
 */
export function fitSpec(spec: WorkbookSpec, taken: TakenNames): WorkbookSpec {
  const sheets = new Set(taken.sheets);
  const names = new Set(taken.names);
  const renamed = new Map<string, string>();
  const out = spec.sheets.map((s) => {
    if (s.existing) return s;
    const name = uniqueSheetName(s.name, sheets);
    if (name !== s.name) renamed.set(s.name, name);
    const tables = s.tables?.map((t) => ({ ...t, name: uniqueDefinedName(t.name, names) }));
    return { ...s, name, ...(tables ? { tables } : {}) };
  });
  return {
    ...spec,
    sheets: out,
    names: spec.names.map((n) => ({ ...n, name: uniqueDefinedName(n.name, names), sheet: renamed.get(n.sheet) ?? n.sheet })),
  };
}

/**
 * The names a workbook uses, as far as the port tells: its sheets, its `Check_*` names, and
 * the names and tables of the sheets its stored plan made (the port lists no tables).
 */
export async function takenNamesOf(port: WorkbookPort, stored: Plan | undefined, lang: "en" | "zh"): Promise<TakenNames> {
  const [sheetNames, checks] = await Promise.all([port.sheetNames(), port.readChecks()]);
  const names = new Set(checks.map((c) => c.name.toLowerCase()));
  if (stored) {
    try {
      const made = buildPlanWorkbook(stored, { lang, asOf: "2000-01-01" });
      for (const n of made.names) names.add(n.name.toLowerCase());
      for (const s of made.sheets) for (const t of s.tables ?? []) names.add(t.name.toLowerCase());
    } catch {
      // A stored plan that no longer builds names nothing.
    }
  }
  return { sheets: new Set(sheetNames.map((s) => s.toLowerCase())), names };
}

/** Names a refusal says are taken (the Office.js port adds `name` to such entries). */
export function takenInRefusal(occupied: readonly Occupied[]): string[] {
  return occupied.flatMap((o) => {
    const name = (o as Occupied & { name?: unknown }).name;
    return typeof name === "string" ? [name.toLowerCase()] : [];
  });
}

/**
 * Fits the spec into the workbook: renames what is taken, asks the port where it would
 * still write over something, and renames again for names the port found taken.
 * @returns the spec to write and what still blocks it (empty when it can be written)
 */
export async function placeSpec(port: WorkbookPort, spec: WorkbookSpec, taken: TakenNames): Promise<{ spec: WorkbookSpec; occupied: Occupied[] }> {
  let fitted = fitSpec(spec, taken);
  let occupied = await port.findOccupied(fitted);
  const more = takenInRefusal(occupied);
  if (more.length) {
    const again = { sheets: new Set([...taken.sheets, ...occupied.filter((o) => o.cells.length === 0 && takenInRefusal([o]).length === 0).map((o) => o.sheet.toLowerCase())]), names: new Set([...taken.names, ...more]) };
    fitted = fitSpec(spec, again);
    occupied = await port.findOccupied(fitted);
  }
  return { spec: fitted, occupied };
}

/**
 * The plan to store: `part` (the sections this flow makes) over what the workbook's plan
 * has besides, when the two make a valid plan together; else `part` alone.
 * @example mergePlan(decomposition, stored with tracking).tracking // the stored tracking, when it still fits
 */
export function mergePlan(part: Plan, stored: Plan | undefined, keep: readonly ("splits" | "tracking" | "scorecard")[]): Plan {
  if (!stored) return part;
  const merged: Record<string, unknown> = { ...part };
  for (const k of keep) {
    if (k === "splits") {
      if (stored.splits !== undefined && part.splits === undefined) merged.splits = stored.splits;
      if (stored.grids !== undefined && part.grids === undefined) merged.grids = stored.grids;
      for (const f of ["total", "lastYear"] as const) if (stored[f] !== undefined && part[f] === undefined) merged[f] = stored[f];
    } else if (stored[k] !== undefined && part[k] === undefined) {
      merged[k] = stored[k];
    }
  }
  const checked = validatePlan(merged);
  return checked.ok ? checked.plan : part;
}
