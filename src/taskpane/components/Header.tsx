import * as React from "react";
import { Body1, Subtitle1, makeStyles, tokens } from "@fluentui/react-components";
import { TargetArrow24Filled } from "@fluentui/react-icons";
import type { Language, Strings } from "../i18n";
import { LanguageSwitch } from "./LanguageSwitch";

const useStyles = makeStyles({
  header: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  titleRow: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
    flexWrap: "wrap",
  },
  brand: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    margin: 0,
  },
  logo: {
    color: tokens.colorBrandForeground1,
    fontSize: "24px",
  },
  tagline: {
    color: tokens.colorNeutralForeground2,
  },
});

export interface HeaderProps {
  t: Strings;
  language: Language;
  onLanguageChange: (language: Language) => void;
  /** The one-line explanation; the home screen shows it, a flow's page does not. */
  showTagline: boolean;
}

/** The add-in's name, the language switch and, on the home screen, what the add-in does. */
export function Header({ t, language, onLanguageChange, showTagline }: HeaderProps): React.JSX.Element {
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <div className={styles.titleRow}>
        <div className={styles.brand}>
          <TargetArrow24Filled className={styles.logo} />
          <Subtitle1 as="h1">{t.appName}</Subtitle1>
        </div>
        <LanguageSwitch
          language={language}
          label={t.languageGroupLabel}
          onChange={onLanguageChange}
        />
      </div>
      {showTagline && <Body1 className={styles.tagline}>{t.tagline}</Body1>}
    </header>
  );
}
