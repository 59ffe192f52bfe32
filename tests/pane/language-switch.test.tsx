/** @jest-environment jsdom */
/**
 * The language switch in the pane's header, on flows that show results: switching EN → 中文
 * changes every visible string of the page (the user's own data aside: names, sheet names,
 * addresses, numbers) and keeps every number; switching back gives the English page again.
 * (The browser suite does the same on the built pane in Chromium; this runs in the unit project.)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { validatePlan } from "../../src/sheets/plan";
import { buildPlanWorkbook } from "../../src/sheets/workbook";
import { FakePort } from "./fake-port";
import { renderPane } from "./render";

/** Every visible text of the page, one entry per text node (trimmed, non-empty), in order. */
function visibleTexts(): string[] {
  const out: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("[hidden],[aria-hidden='true'],script,style")) continue;
    const text = (node.textContent ?? "").replace(/\s+/g, " ").trim();
    if (text !== "") out.push(text);
  }
  return out;
}

/** The numbers on the page (as written: "1,200,000", "25%", "36"), in order. */
const numbersIn = (texts: string[]): string[] => texts.join(" ").match(/\d[\d,]*(?:\.\d+)?%?/g) ?? [];

/**
 * The texts in English words: what is left of a text once the user's data (its `data` words),
 * cell addresses, function names, numbers and logicals (a check's TRUE, as Chinese Excel shows
 * it too) are taken out still has a word of two letters.
 */
function englishTexts(texts: string[], data: RegExp): string[] {
  return texts.filter((t) => /[A-Za-z]{2}/.test(t.replace(data, " ").replace(/\b[A-Z]{1,3}\d+\b|TARGET\.[A-Z]+|\bExcel\b|\.xlsx\b|\b(?:TRUE|FALSE)\b/g, " ")));
}

async function switchTo(name: "简体中文" | "English", waitForText: RegExp | string): Promise<void> {
  await userEvent.click(screen.getByRole("button", { name }));
  await screen.findAllByText(waitForText);
}

describe("the language switch", () => {
  it("turns the quarterly split's page, preview included, into Chinese and back, keeping every number", async () => {
    const port = new FakePort();
    port.addSheet("Sheet1", [["Rep", "Annual"], ["Zhang", 1_200_000], ["Li", 800_001], ["Wang", 350_000]]);
    port.select("Sheet1", "B2:B4");
    renderPane({ port, flow: "quarterlySplit" });
    await screen.findByTestId("preview");
    const en = visibleTexts();
    const numbers = numbersIn([screen.getByTestId("preview-table").textContent ?? ""]);
    expect(numbers.length).toBeGreaterThanOrEqual(8);

    await switchTo("简体中文", "季度权重");
    await waitFor(() => expect(screen.getByTestId("placement").textContent).toMatch(/^写在所选区域旁边/));
    const zh = visibleTexts();
    const data = /\b(?:Zhang|Li|Wang|Sheet1|Rep|Annual|EN|English)\b/g;
    // No English sentence, label or header is left on the page.
    expect(englishTexts(zh, data)).toEqual([]);
    // Every English text of the page is gone (the language buttons name themselves in both).
    expect(englishTexts(en, data).filter((t) => zh.includes(t))).toEqual([]);
    expect(numbersIn([screen.getByTestId("preview-table").textContent ?? ""])).toEqual(numbers);

    await switchTo("English", "Quarter weights");
    await waitFor(() => expect(visibleTexts()).toEqual(en));
  });

  it("turns My targets' results into Chinese, the rep's figures unchanged", async () => {
    const checked = validatePlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../examples/team-8-reps.json"), "utf8")));
    if (!checked.ok) throw new Error("examples/team-8-reps.json does not validate");
    const port = new FakePort();
    await port.write(buildPlanWorkbook(checked.plan, { lang: "en", asOf: "2025-06-30" }));
    await port.setSetting("myTargets.name", "Chen Jing");
    renderPane({ port, flow: "myTargets" });
    await screen.findByText("Chen Jing's targets");
    const results = ["attainment", "need"].map((id) => screen.getByTestId(id).textContent ?? "");
    const en = visibleTexts();

    await switchTo("简体中文", /Chen Jing 的目标|Chen Jing/);
    await waitFor(() => expect(screen.getByTestId("light").textContent).not.toMatch(/Green|Yellow|Red/));
    const zh = visibleTexts();
    // The plan's own words (its title, KPI and sheet names) are the user's data, written in English.
    const data = new RegExp(`\\b(?:Chen Jing|EN|English|${planWords(checked.plan).join("|")})\\b`, "g");
    expect(englishTexts(zh, data)).toEqual([]);
    expect(englishTexts(en, data).filter((t) => zh.includes(t))).toEqual([]);
    // The figures stay: attainment as it was, the monthly need's amount as it was.
    expect(screen.getByTestId("attainment").textContent).toBe(results[0]);
    // (Chinese puts "6 个月" before the amount: the same numbers, in another order.)
    expect(numbersIn([screen.getByTestId("need").textContent ?? ""]).sort()).toEqual(numbersIn([results[1]]).sort());
    expect(numbersIn(zh)).toEqual(expect.arrayContaining(numbersIn([results[0], results[1]])));
  });
});

/** The words of a plan the user typed (title, names, KPIs): data, not the pane's language. */
function planWords(plan: unknown): string[] {
  const words = new Set<string>();
  JSON.stringify(plan).replace(/"([^"]*)"/g, (_, s: string) => {
    for (const w of s.split(/[^A-Za-z']+/)) if (w.length >= 2) words.add(w);
    return "";
  });
  return [...words];
}
