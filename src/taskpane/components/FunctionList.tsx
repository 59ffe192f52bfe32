import * as React from "react";
import { Body1, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { argumentList } from "../function-arguments";
import type { FunctionName, Strings } from "../i18n";
import { InlineCode } from "./InlineCode";

const useStyles = makeStyles({
  section: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  intro: {
    color: tokens.colorNeutralForeground2,
  },
  list: {
    margin: 0,
    display: "flex",
    flexDirection: "column",
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  row: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  term: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "baseline",
    columnGap: tokens.spacingHorizontalXS,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
  },
  name: {
    fontFamily: tokens.fontFamilyMonospace,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorBrandForeground1,
  },
  args: {
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  description: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    color: tokens.colorNeutralForeground1,
  },
  note: {
    color: tokens.colorNeutralForeground2,
  },
});

/** The functions that take an actual (or a value) a desktop build may get as 0 from an empty cell. */
const TAKES_ACTUAL: readonly FunctionName[] = ["ATTAIN", "STATUS", "PACE", "SCORE", "BAND", "COMMISSION"];

export interface FunctionListProps {
  t: Strings;
  /** Which functions to list, in order. */
  names: readonly FunctionName[];
  heading: string;
  /** A line under the heading; none when omitted. */
  intro?: string;
  headingId: string;
  /**
   * Whether this Excel has the functions: "missing" says so above the list (no
   * CustomFunctionsRuntime); "available" or "outside" Excel lists them as they are.
   */
  availability?: "available" | "missing" | "outside";
}

/** TARGET.* functions with their arguments and what each does, as a definition list. */
export function FunctionList({ t, names, heading, intro, headingId, availability = "available" }: FunctionListProps): React.JSX.Element {
  const styles = useStyles();
  const blankMatters = names.some((n) => TAKES_ACTUAL.includes(n));
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        {heading}
      </Subtitle2>
      {availability === "missing" && (
        <MessageBar intent="warning" layout="multiline" data-testid="functions-missing">
          <MessageBarBody>
            <MessageBarTitle>{t.functionsMissingTitle}</MessageBarTitle> {t.functionsMissingBody}
          </MessageBarBody>
        </MessageBar>
      )}
      {intro && availability !== "missing" && <Body1 className={styles.intro}>{intro}</Body1>}
      <dl className={styles.list}>
        {names.map((name) => (
          <div key={name} className={styles.row}>
            <dt className={styles.term} lang="en">
              <span className={styles.name}>=TARGET.{name}</span>
              <span className={styles.args}>({argumentList(name)})</span>
            </dt>
            <dd className={styles.description}>{t.functions[name]}</dd>
          </div>
        ))}
      </dl>
      {blankMatters && availability !== "missing" && (
        <Caption1 className={styles.note} data-testid="blank-as-zero">
          <strong>{t.blankAsZeroTitle}</strong> <InlineCode text={t.blankAsZero} />
        </Caption1>
      )}
    </section>
  );
}
