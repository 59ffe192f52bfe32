/** What every flow's view receives from the pane. */
import type { Language, Strings } from "../i18n";
import type { FlowId } from "../navigation";

export interface FlowProps {
  t: Strings;
  language: Language;
  /** Opens another flow (e.g. Check workbook after a write). */
  onOpenFlow: (flow: FlowId) => void;
}
