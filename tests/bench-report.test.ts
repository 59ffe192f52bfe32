/**
 * The bench's report (docs/benchmarks.md): a section's block is rewritten when it runs, the
 * others are kept as they were, and a section's description comes from its module's header.
 */
import { aboutOf, mergeReport, parseBlocks, sectionBlock } from "../scripts/bench/report";
import type { Figure } from "../scripts/bench/stats";

const run = (name: string, about = `About ${name}.`) => ({
  name,
  about,
  startedAt: new Date("2026-12-06T10:00:00Z"),
  seconds: 12,
  loadBefore: 1.5,
  loadAfter: 2.25,
  failed: false,
});
const fig = (section: string, name: string, median: number, extra: Partial<Figure> = {}): Figure => ({ section, name, median, min: median - 1, max: median + 1, unit: "ms", ...extra });

describe("bench report", () => {
  it("takes a section's description from its module's first doc comment", () => {
    const src = '/**\n * Bench section "x": the speed of y.\n *\n * - one line\n */\nimport { a } from "b";\n/** not this */';
    expect(aboutOf(src)).toBe('Bench section "x": the speed of y.\n\n- one line');
    expect(aboutOf("import x;")).toBe("");
  });

  it("writes a table of median (min–max), unit, target and whether it was met", () => {
    const block = sectionBlock(run("alpha"), [fig("alpha", "big | call", 50, { target: "< 40 ms", ok: false }), fig("alpha", "small", 5, { target: "< 10", ok: true })]);
    expect(block).toContain("## alpha");
    expect(block).toContain("About alpha.");
    expect(block).toContain("| big \\| call | 50.0 (49.0–51.0) | ms | < 40 ms | **missed** |");
    expect(block).toContain("| small | 5.00 (4.00–6.00) | ms | < 10 | ok |");
    expect(block).toContain("load average 1.5 → 2.3");
    expect(block).toMatch(/^<!-- bench:alpha -->[\s\S]*<!-- \/bench:alpha -->$/);
  });

  it("rewrites only the sections that ran and keeps the others, in the bench's order", () => {
    const first = mergeReport("", ["alpha", "beta"], new Map([
      ["alpha", sectionBlock(run("alpha"), [fig("alpha", "a", 1)])],
      ["beta", sectionBlock(run("beta"), [fig("beta", "b", 2)])],
    ]));
    const second = mergeReport(first, ["alpha", "beta", "gamma"], new Map([["beta", sectionBlock(run("beta"), [fig("beta", "b", 7)])]]));
    const blocks = parseBlocks(second);
    expect([...blocks.keys()]).toEqual(["alpha", "beta"]);
    expect(blocks.get("alpha")).toBe(parseBlocks(first).get("alpha"));
    expect(blocks.get("beta")).toContain("| b | 7.00 (6.00–8.00) |");
    expect(second).not.toContain("| b | 2.00");
    expect(second.startsWith("# Benchmarks")).toBe(true);
  });

  it("drops the block of a section the bench no longer has", () => {
    const first = mergeReport("", ["old"], new Map([["old", sectionBlock(run("old"), [])]]));
    expect(parseBlocks(mergeReport(first, ["new"], new Map())).size).toBe(0);
  });
});
