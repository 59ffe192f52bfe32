/**
 * jsdom's `getComputedStyle`, remembered until anything it depends on may have changed: a
 * speed-up for the pane's component tests, which computes nothing differently.
 *
 * Why: jsdom computes a style by matching every rule of every style sheet against the element
 * (and, for inherited properties, its ancestors). Fluent UI puts some 500 rules into the page,
 * so one call costs ~10 ms, and a test that opens a combobox makes hundreds of calls on the
 * same few elements: Testing Library's `*ByRole` queries ask it of every candidate and each of
 * its ancestors (is it hidden?), user-event asks it of the target and its ancestors before
 * every click (`pointer-events`), and Fluent's popup positioning (floating-ui) walks the
 * ancestors too. One test of My targets spent 7.5 of its 8 s there.
 *
 * What it keeps: the declaration jsdom returned, per element and pseudo-element, for elements
 * in the document (others are computed each time). What forgets everything, so that a
 * remembered style is always the one jsdom would compute now:
 * - any change to the document's nodes, attributes or text (a MutationObserver's records,
 *   read synchronously with `takeRecords()` before every call, so a change made a moment ago
 *   in the same task counts; an inline style is its `style` attribute);
 * - any change to a style sheet's rules (`insertRule`, `deleteRule`, `replace(Sync)`, … on
 *   CSSStyleSheet and CSSGroupingRule), which is how Fluent's Griffel adds styles;
 * - any change to the state that selectors read without an attribute ({@link pageState}:
 *   focus, hover, form controls' live state, the address's fragment), compared before every
 *   call.
 * tests/computed-style-cache.test.ts changes each of these and compares with jsdom's own.
 *
 * Installed once per jsdom environment by {@link installComputedStyleCache}; a suite without
 * a DOM is left alone.
 */

const INSTALLED = Symbol.for("target-planner.computed-style-cache");

/**
 * What dynamic pseudo-classes read besides nodes, attributes and rules (as jsdom's selector
 * engine, nwsapi, reads them), as one string: the focused element and whether the document
 * has focus (`:focus`, `:focus-visible`, `:focus-within`, `:active`), the element under the
 * mouse (`:hover`, which nwsapi follows through mouseover and mouseout), each form control's
 * live state (`:checked`, `:indeterminate`, `:valid`, `:in-range`, a selected option) and the
 * address's fragment (`:target`).
 */
function pageState(idOf: (e: EventTarget | null) => number, hovered: EventTarget | null): string {
  const parts: (string | number)[] = [location.hash, idOf(document.activeElement), document.hasFocus() ? 1 : 0, idOf(hovered)];
  for (const el of document.querySelectorAll("input, textarea, select, option")) {
    if (el instanceof HTMLInputElement) parts.push(el.checked ? 1 : 0, el.indeterminate ? 1 : 0, el.value);
    else if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) parts.push(el.value);
    else if (el instanceof HTMLOptionElement) parts.push(el.selected ? 1 : 0);
  }
  return parts.join("\u0000");
}

/** How many calls were answered from what was remembered, and how many computed (for a test of the cache). */
export interface ComputedStyleCacheStats {
  hits: number;
  misses: number;
}

/**
 * Wraps `window.getComputedStyle` with the cache described above (once per window).
 * @returns the counters of the installed cache, or undefined without a DOM
 * @example installComputedStyleCache(); // in a helper every pane suite imports
 */
export function installComputedStyleCache(): ComputedStyleCacheStats | undefined {
  if (typeof window === "undefined" || typeof document === "undefined") return undefined;
  const w = window as unknown as Record<symbol, ComputedStyleCacheStats | undefined> & Window;
  const installed = w[INSTALLED];
  if (installed) return installed;

  const stats: ComputedStyleCacheStats = { hits: 0, misses: 0 };
  const original = window.getComputedStyle.bind(window);
  let cache = new WeakMap<Element, Map<string, CSSStyleDeclaration>>();
  const forget = (): void => {
    cache = new WeakMap();
  };

  // Nodes, attributes and text anywhere in the document.
  const observer = new MutationObserver(forget);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });

  // Style sheet rules (the CSSOM is not part of the DOM: no mutation record for these).
  for (const proto of [globalThis.CSSStyleSheet?.prototype, (globalThis as { CSSGroupingRule?: { prototype: object } }).CSSGroupingRule?.prototype]) {
    if (!proto) continue;
    for (const method of ["insertRule", "deleteRule", "replaceSync", "replace", "addRule", "removeRule"]) {
      const p = proto as Record<string, unknown>;
      const fn = p[method];
      if (typeof fn !== "function") continue;
      p[method] = function (this: unknown, ...args: unknown[]) {
        forget();
        return (fn as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
  }

  // State that selectors read but that is neither a node, an attribute nor a rule.
  const ids = new WeakMap<EventTarget, number>();
  let lastId = 0;
  const idOf = (e: EventTarget | null): number => {
    if (!e) return 0;
    let id = ids.get(e);
    if (id === undefined) ids.set(e, (id = ++lastId));
    return id;
  };
  let hovered: EventTarget | null = null;
  document.addEventListener("mouseover", (e) => (hovered = e.target), true);
  document.addEventListener("mouseout", () => (hovered = null), true);
  let lastState = "";

  window.getComputedStyle = ((element: Element, pseudo?: string | null): CSSStyleDeclaration => {
    if (element.ownerDocument !== document || !element.isConnected) {
      stats.misses++;
      return original(element, pseudo);
    }
    if (observer.takeRecords().length > 0) forget();
    const state = pageState(idOf, hovered);
    if (state !== lastState) {
      lastState = state;
      forget();
    }
    const key = pseudo ?? "";
    let byPseudo = cache.get(element);
    const known = byPseudo?.get(key);
    if (known) {
      stats.hits++;
      return known;
    }
    stats.misses++;
    const style = original(element, pseudo);
    if (!byPseudo) cache.set(element, (byPseudo = new Map()));
    byPseudo.set(key, style);
    return style;
  }) as typeof window.getComputedStyle;

  w[INSTALLED] = stats;
  return stats;
}
