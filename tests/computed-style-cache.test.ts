/** @jest-environment jsdom */
/**
 * The pane suites' getComputedStyle cache (tests/helpers/computed-style-cache.ts) answers as
 * jsdom does after every kind of change a style depends on: rules added, classes and inline
 * styles changed, text of a style element, and the state selectors read without an attribute
 * (checked, focus, hover, the address's fragment). Each step first reads the style (so it is
 * remembered), changes one thing, and reads it again.
 */
import { installComputedStyleCache } from "./helpers/computed-style-cache";

const jsdomOwn = window.getComputedStyle.bind(window);
const stats = installComputedStyleCache()!;

/** `visibility` through the cache, checked against jsdom's own answer. */
function visibility(el: Element): string {
  const cached = window.getComputedStyle(el).visibility;
  expect(cached).toBe(jsdomOwn(el).visibility);
  return cached;
}

beforeEach(() => {
  document.head.innerHTML = "";
  document.body.innerHTML = "";
});

test("remembers while nothing changes, and gives jsdom's answer", () => {
  document.body.innerHTML = `<div class="a"><span id="s">x</span></div>`;
  const s = document.getElementById("s")!;
  const hits = stats.hits;
  expect(visibility(s)).toBe("visible");
  expect(visibility(s)).toBe("visible");
  expect(stats.hits).toBeGreaterThan(hits);
  expect(window.getComputedStyle(s)).toBe(window.getComputedStyle(s));
});

test("a rule inserted into a style sheet (as Griffel adds them), and one deleted", () => {
  const style = document.createElement("style");
  document.head.appendChild(style);
  document.body.innerHTML = `<div class="a"><span id="s">x</span></div>`;
  const s = document.getElementById("s")!;
  expect(visibility(s)).toBe("visible");
  style.sheet!.insertRule(".a { visibility: hidden; }");
  expect(visibility(s)).toBe("hidden");
  style.sheet!.deleteRule(0);
  expect(visibility(s)).toBe("visible");
});

test("the text of a style element, a class, an inline style", () => {
  const style = document.createElement("style");
  document.head.appendChild(style);
  document.body.innerHTML = `<div id="d"><span id="s">x</span></div>`;
  const d = document.getElementById("d")!;
  const s = document.getElementById("s")!;
  expect(visibility(s)).toBe("visible");
  style.textContent = ".hide { visibility: hidden; }";
  expect(visibility(s)).toBe("visible");
  d.className = "hide";
  expect(visibility(s)).toBe("hidden");
  d.className = "";
  expect(visibility(s)).toBe("visible");
  d.style.visibility = "hidden";
  expect(visibility(s)).toBe("hidden");
});

test("a checkbox's checked state (a property, no attribute)", () => {
  document.head.innerHTML = `<style>input:checked + span { visibility: hidden; }</style>`;
  document.body.innerHTML = `<input type="checkbox" id="c"><span id="s">x</span>`;
  const c = document.getElementById("c") as HTMLInputElement;
  const s = document.getElementById("s")!;
  expect(visibility(s)).toBe("visible");
  c.checked = true;
  expect(c.hasAttribute("checked")).toBe(false);
  expect(visibility(s)).toBe("hidden");
});

test("focus moving into an element (:focus-within) and the mouse over one (:hover)", () => {
  document.head.innerHTML = `<style>#d:focus-within span { visibility: hidden; } #h:hover { visibility: hidden; }</style>`;
  document.body.innerHTML = `<div id="d"><button id="b">b</button><span id="s">x</span></div><button id="out">o</button><p id="h">h</p>`;
  const s = document.getElementById("s")!;
  const h = document.getElementById("h")!;
  expect(visibility(s)).toBe("visible");
  document.getElementById("b")!.focus();
  expect(visibility(s)).toBe("hidden");
  document.getElementById("out")!.focus(); // from one focused element to another
  expect(visibility(s)).toBe("visible");
  document.getElementById("b")!.focus();
  expect(visibility(s)).toBe("hidden");
  (document.activeElement as HTMLElement).blur();
  expect(visibility(s)).toBe("visible");

  expect(visibility(h)).toBe("visible");
  h.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
  expect(visibility(h)).toBe("hidden");
  h.dispatchEvent(new MouseEvent("mouseout", { bubbles: true }));
  expect(visibility(h)).toBe("visible");
});

test("the address's fragment (:target)", () => {
  document.head.innerHTML = `<style>#t:target { visibility: hidden; }</style>`;
  document.body.innerHTML = `<p id="t">t</p>`;
  const t = document.getElementById("t")!;
  expect(visibility(t)).toBe("visible");
  window.location.hash = "#t";
  expect(visibility(t)).toBe(jsdomOwn(t).visibility);
  window.location.hash = "";
  expect(visibility(t)).toBe("visible");
});

test("an element outside the document is computed each time", () => {
  const loose = document.createElement("span");
  const misses = stats.misses;
  visibility(loose);
  loose.style.visibility = "hidden";
  expect(visibility(loose)).toBe("hidden");
  expect(stats.misses).toBe(misses + 2);
});
