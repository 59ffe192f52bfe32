/**
 * A plan's cascade as sheets of a workbook: the decomposition table (销售目标分解表), the
 * responsibility letters (目标责任书), the tracking rows and the scorecard that follow the tree, with all
 * their `Check_*` names — what `buildPlanWorkbook` adds for a plan with a cascade, and what a
 * pane writes or downloads.
 */
import { type CascadeResult, resolveCascade } from "./cascade";
import { type CascadeCells, buildCascadeSheet } from "./cascade-sheet";
import { buildLettersSheet } from "./cascade-letters";
import { buildCascadeScorecard } from "./cascade-scorecard";
import { buildCascadeTracking } from "./cascade-tracking";
import type { SheetLang } from "./i18n";
import type { Plan } from "./plan";
import type { NameSpec, SheetSpec } from "./spec";

/** Options of {@link buildCascadeSheets}. */
export interface CascadeSheetsOptions {
  lang: SheetLang;
  /** Protect computed cells (inputs stay unlocked). */
  protect?: boolean;
  /** Generation date (YYYY-MM-DD) for the tracking sheet's as-of cell when the plan gives none. */
  asOf?: string;
  /** Sheet names already taken (case-insensitive); the new ones are added. */
  takenSheetNames?: Set<string>;
  /** Defined names already taken (case-insensitive); the new ones are added. */
  takenNames?: Set<string>;
  /** The cascade worked out already (a pane keeps it); default: worked out here. */
  result?: CascadeResult;
}

/**
 * The cascade's sheets.
 *
 * @param plan - a validated plan with a cascade
 * @param options - language, protection, as-of date, names taken
 * @returns the sheets in order (table, letters, tracking, scorecard), their names, and where the table's cells are
 * @example buildCascadeSheets(plan, { lang: "zh" }).sheets.map((s) => s.name) // ["销售目标分解表", …]
 */
export function buildCascadeSheets(plan: Plan, options: CascadeSheetsOptions): { sheets: SheetSpec[]; names: NameSpec[]; cells: CascadeCells; result: CascadeResult } {
  const result = options.result ?? resolveCascade(plan);
  const takenSheetNames = options.takenSheetNames ?? new Set<string>();
  const takenNames = options.takenNames ?? new Set<string>();
  const table = buildCascadeSheet(plan, result, { lang: options.lang, protect: options.protect, takenSheetNames, takenNames });
  const sheets = [table.sheet];
  const letters = buildLettersSheet(plan, result, table.cells, { lang: options.lang, protect: options.protect, takenSheetNames });
  if (letters) sheets.push(letters.sheet);
  const names = [...table.names];
  const tracking = buildCascadeTracking(plan, result, table.cells, { lang: options.lang, asOf: options.asOf, protect: options.protect, takenSheetNames, takenNames });
  if (tracking) {
    sheets.push(tracking.sheet);
    names.push(...tracking.names);
  }
  const scorecard = buildCascadeScorecard(plan, result, table.cells, { lang: options.lang, protect: options.protect, takenSheetNames, takenNames });
  if (scorecard) {
    sheets.push(scorecard.sheet);
    names.push(...scorecard.names);
  }
  return { sheets, names, cells: table.cells, result };
}
