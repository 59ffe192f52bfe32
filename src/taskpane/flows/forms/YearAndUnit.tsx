/* The plan's year and the unit its amounts are shown in: the pair of fields every plan form starts with. */
import * as React from "react";
import { Field, Input, Select } from "@fluentui/react-components";
import type { AmountUnit } from "../../../sheets/plan";
import type { FormStrings } from "../forms-i18n";
import { useFormStyles } from "./styles";

const UNITS: readonly AmountUnit[] = ["元", "万元", "亿元"];

export interface YearAndUnitProps {
  f: FormStrings;
  year: string;
  unit: AmountUnit;
  onYear: (year: string) => void;
  onUnit: (unit: AmountUnit) => void;
  /** The plan's problem at `year`, if any, shown under the field. */
  yearProblem?: string;
  /** Test ids of the two fields, e.g. ["dec-year", "dec-unit"]. */
  testIds?: [string, string];
}

/** Year (typed) and unit (元 / 万元 / 亿元), side by side, wrapping at 320 px. */
export function YearAndUnit({ f, year, unit, onYear, onUnit, yearProblem, testIds }: YearAndUnitProps): React.JSX.Element {
  const styles = useFormStyles();
  return (
    <div className={styles.pair}>
      <Field label={f.yearLabel} validationMessage={yearProblem}>
        <Input className={styles.input} inputMode="numeric" value={year} onChange={(_, v) => onYear(v.value)} data-testid={testIds?.[0]} />
      </Field>
      <Field label={f.unitLabel}>
        <Select value={unit} onChange={(_, v) => onUnit(v.value as AmountUnit)} data-testid={testIds?.[1]}>
          {UNITS.map((u) => (
            <option key={u} value={u}>
              {f.units[u]}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
