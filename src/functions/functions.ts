/*
 * The TARGET.* custom functions. Each is a thin shell: coerce Excel's arguments, call the
 * engine in src/core, turn its errors into Excel errors. The JSDoc below is Excel's formula
 * help (functions.json is generated from it at build time; the Chinese help comes from
 * help.zh-cn.json): it is written for planners.
 */
import { splitTotal } from "../core/split";
import { type Arg, numberBlock, optionalNumber, optionalNumberBlock, requiredNumber } from "./args";
import { guard } from "./excel";

/**
 * Splits a total by weights, rounded to a unit, so that the parts still add up to the total. Returns the parts in the shape of the weights.
 * @customfunction SPLIT
 * @param total The amount to split, 0 or more (e.g. 120000000 for 1.2 亿元).
 * @param weights Weights of the parts: percentages, fractions or last year's amounts. Blank counts as 0.
 * @param [unit] Round each part to a multiple of this: 1 = whole numbers, 10000 = 万元, 0.01 = fen. Default 0: exact shares.
 * @param [fixed] Same shape as weights: a positive amount holds that part at that amount; blank or 0 leaves it free.
 * @returns The parts, in the shape of the weights, adding up to the total.
 */
export function split(total: any, weights: any[][], unit?: any, fixed?: any[][]): number[][] {
  return guard(() => {
    const t = requiredNumber(total as Arg, "total");
    const w = numberBlock(weights, "weights");
    const u = optionalNumber(unit as Arg, "unit", 0);
    const f = optionalNumberBlock(fixed as Arg, "fixed");
    return splitTotal(t, w, { unit: u, fixed: f });
  });
}
