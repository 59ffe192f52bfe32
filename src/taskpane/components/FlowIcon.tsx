import * as React from "react";
import {
  CalendarLtr24Regular,
  ChartMultiple24Regular,
  ArrowImport24Regular,
  ClipboardTaskListLtr24Regular,
  DataTrending24Regular,
  Organization24Regular,
  PersonStar24Regular,
  QuestionCircle24Regular,
  ShieldCheckmark24Regular,
  TableSimple24Regular,
} from "@fluentui/react-icons";
import type { FlowId } from "../navigation";

const ICONS: Record<FlowId, typeof CalendarLtr24Regular> = {
  quarterlySplit: CalendarLtr24Regular,
  decomposition: TableSimple24Regular,
  cascade: Organization24Regular,
  tracking: DataTrending24Regular,
  actuals: ArrowImport24Regular,
  scorecard: ClipboardTaskListLtr24Regular,
  checkWorkbook: ShieldCheckmark24Regular,
  explainCell: QuestionCircle24Regular,
  myTargets: PersonStar24Regular,
  dashboard: ChartMultiple24Regular,
};

/** The icon of a flow, the same on the home screen and on the flow's own page. */
export function FlowIcon({ flow }: { flow: FlowId }): React.JSX.Element {
  const Icon = ICONS[flow];
  return <Icon />;
}
