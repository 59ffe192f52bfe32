/** @jest-environment jsdom */
/**
 * Flow 4, the scorecard, against the fake Excel: the rule is checked as it is typed and
 * explained on an example actual with core's explainScore; weights must add up to 100
 * before anything is previewed; Apply writes the sheet whose points are compiled from the rules and
 * stores the scorecard with the workbook's plan.
 */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { isPlanError } from "../../src/core/errors";
import { explainScore, parseScoringRule } from "../../src/core/score";
import { validatePlan } from "../../src/sheets/plan";
import { FakePort } from "./fake-port";
import { renderPane } from "./render";

function emptyExcel(): FakePort {
  const port = new FakePort();
  port.addSheet("Sheet1", [["notes"]]);
  return port;
}

/** Core's words for a rule it cannot read. */
function ruleProblem(rule: string, lang: "en" | "zh"): string {
  try {
    parseScoringRule(rule);
  } catch (e) {
    if (isPlanError(e)) return e.messageIn(lang);
  }
  throw new Error(`core reads ${rule}`);
}

describe("scorecard form inside Excel", () => {
  it("explains the rule on the example actual as core does, and names what is wrong in a rule being typed", async () => {
    renderPane({ port: emptyExcel(), flow: "scorecard" });
    const explain = await screen.findByTestId("kpi-explain-0");
    // The domain's first KPI: 40 points at 100 %, each 1 % above adds 0.5; an actual of 103 %.
    expect(explain.textContent).toBe(`At 103: ${explainScore(1.03, 1, 40, { rule: "每超1%加0.5分,每低1%扣1分" }).text}`);
    expect(explain.textContent).toContain("41.5 = 40 + 3 × 0.5");

    const rule = screen.getByTestId("kpi-rule-0");
    await userEvent.clear(rule);
    await userEvent.type(rule, "每超1%加");
    await screen.findByText(ruleProblem("每超1%加", "en"));
    expect(screen.queryByTestId("kpi-explain-0")).toBeNull();
    expect(screen.queryByTestId("preview")).toBeNull();
    await userEvent.type(rule, "2分");
    await waitFor(() => expect(screen.getByTestId("kpi-explain-0").textContent).toBe(`At 103: ${explainScore(1.03, 1, 40, { rule: "每超1%加2分" }).text}`));
  });

  it("wants weights adding up to 100, then previews and writes the scorecard, storing what was typed in the plan's terms", async () => {
    const port = emptyExcel();
    renderPane({ port, flow: "scorecard" });
    await screen.findByTestId("preview");
    const weight = screen.getByTestId("kpi-weight-0");
    await userEvent.clear(weight);
    await userEvent.type(weight, "30");
    await screen.findByText("Weights add up to 90; they must add up to 100.");
    expect(screen.queryByTestId("preview")).toBeNull();
    expect(port.calls).not.toContain("write");
    await userEvent.clear(weight);
    await userEvent.type(weight, "40");
    await screen.findByText("Weights add up to 100.");

    // Two people with revenue targets (万元), commission on.
    fireEvent.change(screen.getByTestId("sc-people"), { target: { value: "Zhang\t100\nLi\t120\n" } });
    await userEvent.click(screen.getByTestId("commission"));
    await screen.findByText("2 people.");
    await screen.findByTestId("preview");
    await userEvent.click(screen.getByTestId("apply"));
    await screen.findByText(/Done: written to Scorecard/);
    const stored = validatePlan(await port.readStoredPlan());
    expect(stored.ok).toBe(true);
    if (!stored.ok) return;
    const sc = stored.plan.scorecard!;
    expect(sc.kpis.map((k) => k.weight)).toEqual([40, 20, 15, 10, 15]);
    expect(sc.kpis[0].target).toBe(1);
    expect(sc.people?.map((p) => [p.name, p.revenueTarget])).toEqual([["Zhang", 1_000_000], ["Li", 1_200_000]]);
    expect(sc.bands).toEqual([{ from: 90, pays: 1.2 }, { from: 80, pays: 1 }, { from: 70, pays: 0.8 }]);
    expect(sc.commission?.tiers).toEqual([{ from: 0, rate: 0.015 }, { from: 1, rate: 0.02 }]);
    const checks = await port.readChecks();
    expect(checks.find((c) => /Scorecard_Weights/.test(c.name))?.ok).toBe(true);
  });

  it("speaks Chinese: the explanation in Chinese, the rule's problem in Chinese", async () => {
    renderPane({ port: emptyExcel(), flow: "scorecard", language: "zh-CN" });
    const explain = await screen.findByTestId("kpi-explain-1");
    // 回款率: 95 % earns 20, each 5 % lower deducts 5; an actual of 88 %.
    expect(explain.textContent).toBe(`实际为 88 时：${explainScore(0.88, 0.95, 20, { rule: "每低5%扣5分" }).textZh}`);
    const rule = screen.getByTestId("kpi-rule-1");
    await userEvent.clear(rule);
    await userEvent.type(rule, "每低5%");
    await screen.findByText(ruleProblem("每低5%", "zh"));
    const card = screen.getByTestId("kpi-1");
    expect(within(card).getByRole("textbox", { name: /评分规则/ })).toBe(rule);
  });
});
