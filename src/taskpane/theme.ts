/*
 * Fluent's web themes, with Chinese fonts in the font stacks: Segoe UI has no Chinese
 * glyphs, and without a named Chinese face the browser's fallback can be a serif one.
 * Latin text still comes from the first fonts of the stack.
 */
import { type Theme, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { ThemeKind } from "./office";

// Windows and macOS faces only: on other systems the generic family's own fallback finds
// a Chinese face, while Latin text keeps the system's sans-serif (and its bold weights).
const CHINESE_FACES = "'Microsoft YaHei UI', 'Microsoft YaHei', 'PingFang SC'";

/** Puts the Chinese faces just before the generic family at the end of a font stack. */
function withChineseFaces(stack: string): string {
  const generic = /,\s*(sans-serif|monospace|serif)\s*$/;
  const match = generic.exec(stack);
  return match ? `${stack.slice(0, match.index)}, ${CHINESE_FACES}, ${match[1]}` : `${stack}, ${CHINESE_FACES}`;
}

function adapt(theme: Theme): Theme {
  return {
    ...theme,
    fontFamilyBase: withChineseFaces(theme.fontFamilyBase),
    fontFamilyMonospace: withChineseFaces(theme.fontFamilyMonospace),
  };
}

const THEMES: Record<ThemeKind, Theme> = { light: adapt(webLightTheme), dark: adapt(webDarkTheme) };

/** The Fluent theme for Office's light or dark theme. */
export function themeFor(kind: ThemeKind): Theme {
  return THEMES[kind];
}
