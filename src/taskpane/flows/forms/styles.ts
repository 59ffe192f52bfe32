/* What the plan forms share: their layout styles, the generation date, the remembered draft's key. */
import { makeStyles, tokens } from "@fluentui/react-components";

/** The key under which the decomposition form is remembered per workbook (the tracking flow reads it too). */
export const DECOMPOSITION_DRAFT_SETTING = "decomposition.draft";

/** Today as YYYY-MM-DD (UTC): the generation date. */
export const todayIso = (): string => new Date().toISOString().slice(0, 10);

/** Layout of the plan forms: sections, cards, pairs of fields that wrap at 320 px. */
export const useFormStyles = makeStyles({
  flow: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    minWidth: 0,
    // A field's grid and a select are as wide as their longest option otherwise: let them shrink.
    "& .fui-Field": { gridTemplateColumns: "minmax(0, 1fr)" },
    "& select": { minWidth: 0, width: "100%" },
  },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  cardHead: { display: "flex", alignItems: "center", justifyContent: "space-between", gap: tokens.spacingHorizontalS },
  // Grid items may shrink below their content (a select's longest option) so nothing sticks out at 320 px.
  pair: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(120px, 1fr))", gap: tokens.spacingHorizontalS, minWidth: 0, "& > *": { minWidth: 0 } },
  row: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  members: { display: "grid", gap: tokens.spacingVerticalXS, alignItems: "start", minWidth: 0, "& > *": { minWidth: 0 } },
  cell: { minWidth: 0, width: "100%" },
  colHead: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  heading: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  /** Text holding a long unbreakable word (an address): it breaks anywhere rather than widen the pane. */
  wrapAnywhere: { overflowWrap: "anywhere" },
  error: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  input: { minWidth: 0, width: "100%" },
});
