/**
 * The Excel face of the engine's errors: a {@link PlanError} becomes
 * `CustomFunctions.Error` with its code and a message in the user's language, and nothing
 * else escapes — no JavaScript exception, no NaN, no Infinity in a cell.
 */
import { type ErrorCode, type Lang, PlanError, isPlanError } from "../core/errors";

const CODE: Record<ErrorCode, () => CustomFunctions.ErrorCode> = {
  "#VALUE!": () => CustomFunctions.ErrorCode.invalidValue,
  "#NUM!": () => CustomFunctions.ErrorCode.invalidNumber,
  "#DIV/0!": () => CustomFunctions.ErrorCode.divisionByZero,
};

/** English or Chinese, from Office's display language (any `zh-*` is Chinese). */
export function displayLang(): Lang {
  try {
    const tag = typeof Office !== "undefined" ? Office.context?.displayLanguage : undefined;
    return typeof tag === "string" && tag.toLowerCase().startsWith("zh") ? "zh" : "en";
  } catch {
    return "en";
  }
}

/** The Excel error for any failure: catalogue errors keep their code; anything else is `#VALUE!`. */
export function toExcelError(e: unknown, lang: Lang = displayLang()): CustomFunctions.Error {
  if (isPlanError(e)) return new CustomFunctions.Error(CODE[e.code](), e.messageIn(lang));
  const detail = e instanceof Error ? e.message : String(e);
  const msg = lang === "zh" ? `内部错误：${detail}` : `internal error: ${detail}`;
  return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, msg);
}

/** The value itself, unless it is a number that is not finite: then `#NUM!`. */
export function finite<T>(v: T): T {
  if (typeof v === "number" && !Number.isFinite(v)) throw new PlanError("notFinite", { where: { arg: "result" } });
  return v;
}

/**
 * Runs a function body the way every TARGET.* function must: errors become Excel errors
 * with a message, and a non-finite number never reaches a cell. (The scalar functions
 * write the same try/catch and {@link finite} inline: no closure per call in their hot path.)
 */
export function guard<T extends number | string | (number | string)[][]>(body: () => T): T {
  try {
    const r = body();
    if (Array.isArray(r)) for (const row of r) for (const v of row) finite(v);
    else finite(r);
    return r;
  } catch (e) {
    throw toExcelError(e);
  }
}
