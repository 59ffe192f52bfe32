/**
 * A stand-in for Excel's `CustomFunctions` global, for tests that call the functions
 * directly: errors carry the Excel code (`#VALUE!`, …) and the message, as in Excel.
 */
export class CustomFunctionsErrorStub extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
  }
}

export const ERROR_CODES = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
};

/** Puts the stand-in on the global object (idempotent). */
export function installCustomFunctionsStub(): void {
  (globalThis as Record<string, unknown>).CustomFunctions = {
    Error: CustomFunctionsErrorStub,
    ErrorCode: ERROR_CODES,
    associate: () => undefined,
  };
}
