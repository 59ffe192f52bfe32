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

/** A failure as a cell shows it: the Excel code and the message in one language. */
export interface Failure {
  code: ErrorCode;
  message: string;
}

/**
 * Any failure as a code and a message: catalogue errors keep their code; anything else is
 * `#VALUE!` with an "internal error" message. (Needs no `CustomFunctions`: the task pane
 * uses it outside Excel's functions runtime too.)
 * @example failureOf(new PlanError("zeroTarget", { where: { arg: "target" } }), "en").code // "#DIV/0!"
 */
export function failureOf(e: unknown, lang: Lang): Failure {
  if (isPlanError(e)) return { code: e.code, message: e.messageIn(lang) };
  const detail = e instanceof Error ? e.message : String(e);
  return { code: "#VALUE!", message: lang === "zh" ? `内部错误：${detail}` : `internal error: ${detail}` };
}

/** The Excel error for any failure: catalogue errors keep their code; anything else is `#VALUE!`. */
export function toExcelError(e: unknown, lang: Lang = displayLang()): CustomFunctions.Error {
  const { code, message } = failureOf(e, lang);
  return new CustomFunctions.Error(CODE[code](), message);
}

/** The value itself, unless it is a number that is not finite: then `#NUM!`. */
export function finite<T>(v: T): T {
  if (typeof v === "number" && !Number.isFinite(v)) throw new PlanError("notFinite", { where: { arg: "result" } });
  return v;
}

/** The block itself, unless one of its cells is a number that is not finite: then `#NUM!`. */
export function finiteCells<T extends (number | string)[][]>(block: T): T {
  for (const row of block) for (const v of row) finite(v);
  return block;
}
