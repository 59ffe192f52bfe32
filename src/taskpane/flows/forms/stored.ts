/*
 * The plan stored in the workbook, validated, for the forms: they start from it and keep
 * what it has besides their own part when they store the plan again.
 */
import * as React from "react";
import { type Plan, validatePlan } from "../../../sheets/plan";
import { useStoredPlan } from "../../services/hooks";

export interface StoredPlanChecked {
  /** The workbook's plan when it has a valid one. */
  plan: Plan | undefined;
  /** The workbook has a plan this version cannot read. */
  invalid: boolean;
  loading: boolean;
}

/** The workbook's stored plan, validated (re-read whenever the workbook changes). */
export function useStoredPlanChecked(): StoredPlanChecked {
  const reading = useStoredPlan();
  return React.useMemo(() => {
    if (reading.value === undefined) return { plan: undefined, invalid: false, loading: reading.loading };
    const checked = validatePlan(reading.value);
    return { plan: checked.ok ? checked.plan : undefined, invalid: !checked.ok, loading: reading.loading };
  }, [reading.value, reading.loading]);
}
