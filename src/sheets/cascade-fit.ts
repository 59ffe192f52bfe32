/**
 * Whether a cascade's sheets fit on Excel's worksheets. Microsoft's "Excel specifications and
 * limits" says: "Total number of rows and columns on a worksheet: 1,048,576 rows by 16,384
 * columns". A cascade's table grows a block of helper columns per numeric target type and
 * depth (20 types and 36 levels below the top would take 17,411 columns), a row per node and
 * numeric type (52,429 nodes of 20 types pass the last row), and its letters about 33 rows per
 * person (some 32,000 people with letters pass it). LibreOffice stops at the same grid.
 *
 * The sizes come from the builders' own layouts (`cascadeLayout`, `letterHeight`, the tracking
 * sheet's first data row), so a plan `validatePlan` accepts is one the builders can write.
 */
import type { CascadeResult } from "./cascade";
import { lettersFor, lettersRowCount } from "./cascade-letters";
import { cascadeLayout, cascadeTableColumns } from "./cascade-sheet";
import { trackingRows } from "./cascade-tracking";
import type { Plan, PlanProblem } from "./plan";
import { TRACKING_LAYOUT } from "./tracking";

/** Rows of an Excel worksheet ("1,048,576 rows by 16,384 columns", Excel specifications and limits). */
export const EXCEL_MAX_ROWS = 1048576;
/** Columns of an Excel worksheet (the same sentence). */
export const EXCEL_MAX_COLUMNS = 16384;

/** What Microsoft's page says, quoted in the messages. */
const SPEC_EN = '"Total number of rows and columns on a worksheet: 1,048,576 rows by 16,384 columns" (Microsoft, Excel specifications and limits)';
const SPEC_ZH = "“工作表的总行数和总列数：1,048,576 行 × 16,384 列”（Microsoft《Excel 规范与限制》）";

/** The size of one of a cascade's sheets. */
export interface CascadeSheetSize {
  sheet: "table" | "letters" | "tracking";
  rows: number;
  columns: number;
}

/**
 * The sizes of a cascade's sheets, from the builders' layouts: the decomposition table, the
 * letters (when anyone gets one) and the tracking sheet (when the plan asks for one).
 *
 * @param plan - the plan (its scorecard shapes the letters)
 * @param result - its cascade worked out
 * @returns one entry per sheet the cascade gives
 * @example cascadeSheetSizes(plan, resolveCascade(plan)) // examples/cascade.json: table 37 × 276, letters 728 × 8, tracking 18 × 37
 */
export function cascadeSheetSizes(plan: Plan, result: CascadeResult): CascadeSheetSize[] {
  const out: CascadeSheetSize[] = [{ sheet: "table", ...cascadeLayout(result).size }];
  const letters = lettersRowCount(plan, result);
  if (letters > 0) out.push({ sheet: "letters", rows: letters, columns: 8 });
  if (result.cascade.tracking) out.push({ sheet: "tracking", rows: TRACKING_LAYOUT.firstDataRow + trackingRows(result).length, columns: TRACKING_LAYOUT.checkCol + 1 });
  return out;
}

const show = (n: number): string => n.toLocaleString("en-US");

/**
 * The cascade's sheets Excel cannot hold, each with the JSON path to change and what to do,
 * in English and Chinese.
 *
 * @param plan - a plan whose cascade worked out
 * @param result - its cascade worked out
 * @returns [] when every sheet fits
 * @example cascadeSizeProblems(plan, result)[0].path // "cascade.targets" for 20 types 36 levels deep
 */
export function cascadeSizeProblems(plan: Plan, result: CascadeResult): PlanProblem[] {
  const out: PlanProblem[] = [];
  const numeric = result.types.filter((t) => t.numeric).length;
  const rates = result.types.length - numeric;
  const depth = Math.max(1, result.maxDepth);
  const nodes = result.nodes.length;
  for (const s of cascadeSheetSizes(plan, result)) {
    if (s.sheet === "table" && s.columns > EXCEL_MAX_COLUMNS) {
      // What would fit: the deepest tree with these types, the most types with this depth.
      let depthFits = 0;
      while (cascadeTableColumns(rates, numeric, depthFits + 1) <= EXCEL_MAX_COLUMNS) depthFits++;
      let typesFit = 0;
      while (cascadeTableColumns(rates, typesFit + 1, depth) <= EXCEL_MAX_COLUMNS) typesFit++;
      out.push({
        path: plan.cascade?.targets ? "cascade.targets" : "cascade",
        message: {
          en: `the decomposition table would need ${show(s.columns)} columns (${numeric} target types to split, ${depth} levels below the top, each pair a block of helper columns), and Excel has 16,384: ${SPEC_EN}. Split at most ${typesFit} target types with ${depth} levels, or use at most ${depthFits} levels below the top with ${numeric} types`,
          zh: `分解表将需要 ${show(s.columns)} 列（${numeric} 个需分解的目标类型、顶层以下 ${depth} 级，每种组合各占一组辅助列），而 Excel 只有 16,384 列：${SPEC_ZH}。请在 ${depth} 级下最多分解 ${typesFit} 个目标类型，或在 ${numeric} 个类型下最多使用顶层以下 ${depthFits} 级`,
        },
      });
    }
    if (s.sheet === "table" && s.rows > EXCEL_MAX_ROWS) {
      out.push({
        path: plan.cascade?.people ? "cascade.people" : "cascade.root",
        message: {
          en: `the decomposition table would need ${show(s.rows)} rows (${show(nodes)} nodes × ${numeric} target types to split, under its headings), and Excel has 1,048,576: ${SPEC_EN}. Split fewer target types, or fewer people in one plan`,
          zh: `分解表将需要 ${show(s.rows)} 行（${show(nodes)} 个节点 × ${numeric} 个需分解的目标类型，另加表头），而 Excel 只有 1,048,576 行：${SPEC_ZH}。请减少需分解的目标类型，或减少一个计划中的人数`,
        },
      });
    }
    if (s.sheet === "letters" && s.rows > EXCEL_MAX_ROWS) {
      const which = plan.cascade?.letters ?? "all";
      // Fewer letters: managers only (people are most of a tree), or none.
      const fewer = which === "managers" ? '"none"' : '"managers" or "none"';
      const fewerZh = which === "managers" ? "“none”（不生成）" : "“managers”（只为管理者）或“none”（不生成）";
      out.push({
        path: "cascade.letters",
        message: {
          en: `the responsibility letters would need ${show(s.rows)} rows (letters "${which}": ${show(lettersFor(result).length)} letters, one page each), and Excel has 1,048,576: ${SPEC_EN}. Set letters to ${fewer}, or plan fewer people in one plan`,
          zh: `目标责任书将需要 ${show(s.rows)} 行（letters 为“${which}”：${show(lettersFor(result).length)} 份，每份一页），而 Excel 只有 1,048,576 行：${SPEC_ZH}。请把 letters 设为${fewerZh}，或减少一个计划中的人数`,
        },
      });
    }
    if (s.sheet === "tracking" && s.rows > EXCEL_MAX_ROWS) {
      out.push({
        path: "cascade.tracking",
        message: {
          en: `the tracking sheet would need ${show(s.rows)} rows, and Excel has 1,048,576: ${SPEC_EN}. Track fewer people in one plan`,
          zh: `跟踪表将需要 ${show(s.rows)} 行，而 Excel 只有 1,048,576 行：${SPEC_ZH}。请减少一个计划中跟踪的人数`,
        },
      });
    }
  }
  return out;
}
