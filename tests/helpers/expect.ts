/** Small assertions shared by the engine's suites. */
import { PlanError } from "../../src/core/errors";

/** The PlanError `f` throws; fails the test when it throws nothing or something else. */
export function planError(f: () => unknown): PlanError {
  try {
    f();
  } catch (e) {
    if (e instanceof PlanError) return e;
    throw e;
  }
  throw new Error("expected a PlanError, but nothing was thrown");
}

/** Numbers within 1e-9 relative, anything else exactly. */
export function expectNear(got: unknown, want: unknown): void {
  if (typeof want === "number" && typeof got === "number") {
    expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
  } else {
    expect(got).toEqual(want);
  }
}
