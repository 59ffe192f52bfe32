/*
 * Each TARGET.* function's arguments as the pane lists them, "total, weights, [unit], [fixed]",
 * from function-signatures.json: the JSON the build generates from the same custom-functions
 * metadata Excel's formula help shows (scripts/function-signatures.cjs), so the pane and Excel
 * name and bracket the same arguments.
 */
import SIGNATURES from "./function-signatures.json";
import type { FunctionName } from "./i18n";

/** One parameter of a function, as the metadata declares it. */
export interface FunctionParameter {
  name: string;
  optional?: boolean;
}

/** The parameters of every function, in order, as generated from the metadata. */
export const FUNCTION_PARAMETERS: Readonly<Record<FunctionName, readonly FunctionParameter[]>> = SIGNATURES;

/**
 * A function's arguments as Excel's formula help lists them: optional ones in brackets.
 * @param name - the function's id
 * @returns the arguments, comma-separated
 * @example argumentList("BAND") // "value, thresholds, [results], [below]"
 */
export function argumentList(name: FunctionName): string {
  return FUNCTION_PARAMETERS[name].map((p) => (p.optional ? `[${p.name}]` : p.name)).join(", ");
}
