/*
 * validatePlan's problems, placed at the form's fields: each problem has the JSON path of
 * the plan field it is about (`splits[1].members[0].weight`), and the form built that field
 * from one of its own, so a field shows the problems at its path.
 */
import type { PlanProblem } from "../../../sheets/plan";

/** The words of the problems at exactly `path`, in `lang`, or undefined. */
export function problemAt(problems: readonly PlanProblem[], path: string, lang: "en" | "zh"): string | undefined {
  const found = problems.filter((p) => p.path === path).map((p) => p.message[lang]);
  return found.length ? found.join(" ") : undefined;
}

/** Whether `path` is `prefix` or lies under it (`splits[1]` covers `splits[1].members[0].name`). */
export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/**
 * The problems under `prefix` not shown at a field of their own (`shown` lists the paths
 * the form shows beside a field).
 */
export function problemsUnder(problems: readonly PlanProblem[], prefix: string, lang: "en" | "zh", shown: (path: string) => boolean = () => false): string[] {
  return problems.filter((p) => isUnder(p.path, prefix) && !shown(p.path)).map((p) => p.message[lang]);
}
