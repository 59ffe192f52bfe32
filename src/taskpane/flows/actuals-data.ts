/*
 * "Actuals in" for the pane: the workbook read through the WorkbookPort (the stored plan, the
 * tracking sheets, their actual cells). Everything the import decides is src/sheets/actuals*.ts's;
 * this file only connects it to a port.
 */
import type { WorkbookPort } from "../../excel/port";
import type { FoundTracking, TrackingReader } from "../../sheets/actuals-sheet";
import { findTrackingSheets, storedPlanFor } from "../../sheets/actuals-sheet";
import type { Plan } from "../../sheets/plan";

/**
 * A tracking reader over a port: formulas through `readFormulas` where the port has it, else
 * the values (a port that cannot tell formulas apart; `writeCells` still refuses a formula).
 */
export function portReader(port: WorkbookPort): TrackingReader {
  return {
    sheetNames: () => port.sheetNames(),
    checks: async () => (await port.readChecks()).map((c) => ({ name: c.name, sheet: c.sheet })),
    formulas: (sheet, address) => (port.readFormulas ? port.readFormulas(sheet, address) : port.readRange(sheet, address)),
  };
}

/** The workbook's plan and tracking sheets, or why actuals cannot go in. */
export type ActualsTarget = { ok: true; plan: Plan; found: FoundTracking[] } | { ok: false; error: unknown };

/** Reads the stored plan and finds its tracking sheets (src/sheets/actuals-sheet.ts). */
export async function readActualsTarget(port: WorkbookPort): Promise<ActualsTarget> {
  try {
    const plan = storedPlanFor(await port.readStoredPlan());
    return { ok: true, plan, found: await findTrackingSheets(plan, portReader(port)) };
  } catch (error) {
    return { ok: false, error };
  }
}
