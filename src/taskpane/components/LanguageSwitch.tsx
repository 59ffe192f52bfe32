import * as React from "react";
import { ToggleButton, makeStyles, tokens } from "@fluentui/react-components";
import { LocalLanguage20Regular } from "@fluentui/react-icons";
import { LANGUAGE_LABELS, LANGUAGES, type Language } from "../i18n";

const useStyles = makeStyles({
  group: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXXS,
    flexShrink: 0,
  },
  button: {
    minWidth: "44px",
  },
  icon: {
    color: tokens.colorNeutralForeground3,
    marginInlineEnd: tokens.spacingHorizontalXXS,
  },
});

export interface LanguageSwitchProps {
  language: Language;
  /** The group's accessible name, in the current language ("Language", "语言"). */
  label: string;
  onChange: (language: Language) => void;
}

/** Two toggle buttons, one per language; the current one is pressed. */
export function LanguageSwitch({ language, label, onChange }: LanguageSwitchProps): React.JSX.Element {
  const styles = useStyles();
  return (
    <div role="group" aria-label={label} className={styles.group}>
      <LocalLanguage20Regular className={styles.icon} />
      {LANGUAGES.map((option) => (
        <ToggleButton
          key={option}
          size="small"
          className={styles.button}
          appearance={option === language ? "primary" : "subtle"}
          checked={option === language}
          lang={option}
          aria-label={LANGUAGE_LABELS[option].full}
          title={LANGUAGE_LABELS[option].full}
          onClick={() => onChange(option)}
        >
          {LANGUAGE_LABELS[option].short}
        </ToggleButton>
      ))}
    </div>
  );
}
