/*
 * The dashboard (看板) in the pane: the tracking sheet's live values read through the port and
 * worked out by src/sheets/dashboard.ts — the same model, titles, colours and values as the
 * sheet's native charts, for a view that draws them itself at 320 px.
 */
import type { WorkbookPort } from "../../excel/port";
import type { CellValue } from "../../sheets/spec";
import {
  type DashboardChartData,
  type DashboardModel,
  TRACKING_CELLS,
  dashboardChartData,
  dashboardModel,
  trackingValues,
} from "../../sheets/dashboard";
import { cellAddress } from "../workbench/a1";
import { readActualsTarget } from "./actuals-data";

/** What the dashboard view shows: the charts' data and the model under them, or why there are none. */
export type PaneDashboard =
  | { ok: true; sheet: string; model: DashboardModel; data: DashboardChartData }
  | { ok: false; error: unknown };

/**
 * Reads the workbook's tracking sheet (the stored plan's, found as "Actuals in" finds it) and
 * works out its dashboard.
 * @param port - the workbook
 * @param lang - the language of the charts' titles and names (the pane's)
 * @example (await readPaneDashboard(port, "zh")).data.lights.slices.map((s) => s.value) // [1, 2, 2]
 */
export async function readPaneDashboard(port: WorkbookPort, lang: "en" | "zh"): Promise<PaneDashboard> {
  const target = await readActualsTarget(port);
  if (!target.ok) return { ok: false, error: target.error };
  const { plan, found } = target;
  // The plan's own tracking section first (a cascade's tracking rows are a sheet of their own).
  const tracking = found.find((f) => f.layout.section === "tracking") ?? found[0];
  const rowCount = tracking.layout.names.en.length;
  const last = cellAddress({ row: TRACKING_CELLS.firstDataRow + rowCount - 1, col: TRACKING_CELLS.pace });
  const cells = await port.readRange(tracking.sheet, `A1:${last}`);
  const read = (row: number, col: number): CellValue | undefined => cells[row]?.[col] ?? null;
  const values = trackingValues(tracking.sheet, read, rowCount);
  const option = typeof plan.tracking?.dashboard === "object" ? plan.tracking.dashboard : {};
  const unitWord = plan.unit ?? "元";
  // The status words are the sheet's language's: the model counts them in it.
  const model = dashboardModel(values, { lang: tracking.lang, unitWord, rowsAre: plan.tracking?.rowsAre ?? "indicators", monthly: option.monthly, bars: option.bars });
  return { ok: true, sheet: tracking.sheet, model, data: dashboardChartData(model, lang, unitWord) };
}
