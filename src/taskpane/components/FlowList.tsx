import * as React from "react";
import { Badge, CompoundButton, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import type { Strings } from "../i18n";
import { isFlowBuilt } from "../flows";
import { FLOW_IDS, type FlowId } from "../navigation";
import { FlowIcon } from "./FlowIcon";

const useStyles = makeStyles({
  section: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  list: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
  item: {
    width: "100%",
    maxWidth: "none",
    justifyContent: "flex-start",
    textAlign: "start",
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalM,
  },
  icon: {
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
    flexShrink: 0,
    width: "28px",
    height: "28px",
    fontSize: "24px",
    color: tokens.colorBrandForeground1,
  },
  content: {
    flexGrow: 1,
    minWidth: 0,
  },
  nameRow: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  badge: {
    flexShrink: 0,
    whiteSpace: "nowrap",
  },
  description: {
    fontWeight: tokens.fontWeightRegular,
    lineHeight: tokens.lineHeightBase200,
    marginTop: tokens.spacingVerticalXXS,
  },
});

export interface FlowListProps {
  t: Strings;
  onOpen: (flow: FlowId) => void;
}

/** The pane's flows, each a button that opens the flow's page; those not built yet are marked "coming soon". */
export function FlowList({ t, onOpen }: FlowListProps): React.JSX.Element {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby="flows-heading">
      <Subtitle2 as="h2" id="flows-heading">
        {t.flowsHeading}
      </Subtitle2>
      <ul className={styles.list}>
        {FLOW_IDS.map((flow) => (
          <li key={flow}>
            <CompoundButton
              className={styles.item}
              appearance="outline"
              icon={{ children: <FlowIcon flow={flow} />, className: styles.icon }}
              contentContainer={{ className: styles.content }}
              secondaryContent={{ children: t.flows[flow].description, className: styles.description }}
              onClick={() => onOpen(flow)}
              data-flow={flow}
            >
              <span className={styles.nameRow}>
                <span>{t.flows[flow].name}</span>
                {!isFlowBuilt(flow) && (
                  <Badge className={styles.badge} appearance="tint" color="brand" size="small">
                    {t.comingSoon}
                  </Badge>
                )}
              </span>
            </CompoundButton>
          </li>
        ))}
      </ul>
    </section>
  );
}
