import fc from "fast-check";
import { RULE_CACHE_SIZE, RULE_MAX_LENGTH, type ScoreOptions, explainScore, parseScoringRule, scoreKpi } from "../src/core/score";
import { closeTo, seedCases } from "./helpers/fixtures";
import { planError } from "./helpers/expect";

const close = (got: number | "", want: number): void => {
  expect(typeof got).toBe("number");
  expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
};

const SALES = "每超1%加0.5分,每低1%扣1分";

describe("SCORE: the contract's examples", () => {
  it("adds half a point per 1 % above target: 103 % of 100 % on 40 points is 41.5", () => {
    expect(scoreKpi(1.03, 1, 40, { rule: SALES })).toBe(41.5);
  });
  it("deducts a point per 1 % below target: 96 % is 36", () => {
    expect(scoreKpi(0.96, 1, 40, { rule: SALES })).toBe(36);
  });
  it("counts only completed relative steps: 88 % against 95 % is a 7.37 % gap, one step of 5 %", () => {
    expect(scoreKpi(0.88, 0.95, 20, { rule: "每低5%扣5分" })).toBe(15);
  });
  it("measures a unit word's step in the KPI's own units: 12 visits against 20 is one step of 5", () => {
    expect(scoreKpi(12, 20, 15, { rule: "每少5家扣3分" })).toBe(12);
  });
  it("reads 分 after X as a unit: 78 against 85 points is one step of 5", () => {
    expect(scoreKpi(78, 85, 10, { rule: "每低5分扣2分" })).toBe(8);
  });
  it("adds per unit above target: 15 new customers against 12 is 21", () => {
    expect(scoreKpi(15, 12, 15, { rule: "每超1个加2分" })).toBe(21);
  });
  it("converts by attainment without a rule: 90 % of 30 points is 27", () => {
    close(scoreKpi(0.9, 1, 30), 27);
  });
  it("counts percentage points absolutely: 85 % against 95 % is exactly two steps of 5 个百分点", () => {
    expect(scoreKpi(0.85, 0.95, 10, { rule: "每低5个百分点扣1分" })).toBe(8);
  });
  it("reads the English rule the same as the Chinese one", () => {
    const en = "+0.5 per 1% over; -1 per 1% under";
    for (const a of [0.7, 0.96, 1, 1.03, 1.2]) expect(scoreKpi(a, 1, 40, { rule: en })).toBe(scoreKpi(a, 1, 40, { rule: SALES }));
  });
  it("never goes below zero by default", () => {
    expect(scoreKpi(0.2, 1, 40, { rule: "每低1%扣1分" })).toBe(0);
  });
  it("rejects a rule it cannot read with #VALUE! quoting the clause", () => {
    const e = planError(() => scoreKpi(1, 1, 40, { rule: "看心情" }));
    expect(e.code).toBe("#VALUE!");
    expect(e.key).toBe("unreadableClause");
    expect(e.messageIn("en")).toBe("rule: cannot read the clause '看心情'");
    expect(e.messageIn("zh")).toBe("规则：无法识别条款“看心情”");
  });
  it("explains the 103 % score as 41.5 = 40 + 3 × 0.5, in English and Chinese", () => {
    const x = explainScore(1.03, 1, 40, { rule: SALES });
    expect(x.score).toBe(41.5);
    expect(x.base).toBe(40);
    expect(x.text).toBe("41.5 = 40 + 3 × 0.5");
    expect(x.textZh).toBe("41.5 = 40 + 3 × 0.5");
    expect(x.parts).toEqual([
      { clause: "每超1%加0.5分", kind: "step", steps: 3, perStep: 0.5, added: 1.5, detail: { en: "3 steps: 3 × 0.5 = 1.5", zh: "3 档：3 × 0.5 = 1.5" } },
      { clause: "每低1%扣1分", kind: "step", steps: 0, perStep: -1, added: 0, detail: { en: "not counted: the actual is not below the target", zh: "不计：实际未低于目标" } },
    ]);
  });
});

describe("SCORE: the seed fixtures", () => {
  const cases = seedCases("SCORE");

  it("has SCORE cases to run", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const [actual, target, points, rule] = c.args as [number | null, number, number, string | null | undefined];
    const run = () => scoreKpi(actual, target, points, rule === undefined || rule === null ? {} : { rule });
    if (c.error !== undefined) {
      expect(planError(run).code).toBe(c.error);
    } else {
      const got = run();
      expect(closeTo(got, c.expect, c.exact)).toBe(true);
    }
  });
});

describe("parseScoringRule: reading clauses", () => {
  it("reads a step above and a step below with signed points and the unit", () => {
    const r = parseScoringRule(SALES);
    expect(r.steps).toEqual([
      { clause: "每超1%加0.5分", kind: "step", side: "above", size: 1, unit: "%", unitWord: "%", points: 0.5 },
      { clause: "每低1%扣1分", kind: "step", side: "below", size: 1, unit: "%", unitWord: "%", points: -1 },
    ]);
    expect(r.mode).toBe("whole");
    expect(r.cap).toBeUndefined();
    expect(r.floor).toBeUndefined();
    expect(r.gate).toBeUndefined();
  });
  it.each([
    ["每超过2%加1分", "above"],
    ["每超出2%加1分", "above"],
    ["每高2%加1分", "above"],
    ["每高于2%加1分", "above"],
    ["每多2%加1分", "above"],
    ["每增加2%加1分", "above"],
    ["每低于2%扣1分", "below"],
    ["每少2%扣1分", "below"],
    ["每差2%扣1分", "below"],
    ["每减少2%扣1分", "below"],
    ["每下降2%扣1分", "below"],
  ])("reads %s as a step %s target", (text, side) => {
    const [s] = parseScoringRule(text).steps;
    expect(s.side).toBe(side);
    expect(s.size).toBe(2);
    expect(Math.abs(s.points)).toBe(1);
  });
  it.each([
    ["每超1%加2分", 2],
    ["每超1%得2分", 2],
    ["每超1%+2分", 2],
    ["每超1%扣2分", -2],
    ["每超1%减2分", -2],
    ["每超1%-2分", -2],
    ["每低1%加2分", 2],
    ["每低1%扣2分", -2],
  ])("reads the verb in %s as %d points per step", (text, pts) => {
    expect(parseScoringRule(text).steps[0].points).toBe(pts);
  });
  it.each([
    ["每低5%扣1分", "%"],
    ["每低5％扣1分", "%"],
    ["每低5个百分点扣1分", "pp"],
    ["每低5百分点扣1分", "pp"],
    ["每低5pp扣1分", "pp"],
    ["每少5家扣1分", "abs"],
    ["每少5万元扣1分", "abs"],
    ["每少5次扣1分", "abs"],
    ["每少5扣1分", "abs"],
    ["-1 per 5 customers under", "abs"],
    ["-1 per 5 pp under", "pp"],
    ["-1 per 5 percentage points under", "pp"],
    ["-1 per 5 percent under", "%"],
  ])("reads the unit of %s as %s", (text, unit) => {
    expect(parseScoringRule(text).steps[0].unit).toBe(unit);
  });
  it("ignores a label before 每", () => {
    expect(parseScoringRule("完成率每低1%扣1分").steps[0]).toMatchObject({ side: "below", size: 1, unit: "%", points: -1 });
  });
  it("reads 目标 after the side word as part of the side", () => {
    expect(parseScoringRule("每超过目标1%加0.5分").steps[0]).toMatchObject({ side: "above", size: 1, unit: "%", points: 0.5 });
    expect(parseScoringRule("每低于目标5个百分点扣2分").steps[0]).toMatchObject({ side: "below", size: 5, unit: "pp", points: -2 });
  });
  it("lets a Chinese clause omit the trailing 分", () => {
    expect(parseScoringRule("每超1%加0.5").steps[0].points).toBe(0.5);
  });
  it("adds for an English step with no sign", () => {
    expect(parseScoringRule("0.5 per 1% over").steps[0].points).toBe(0.5);
  });
  it("reads the words add and deduct in English as the signs", () => {
    expect(parseScoringRule("add 2 per 1% over").steps[0].points).toBe(2);
    expect(parseScoringRule("deduct 3 points per 5 customers under").steps[0]).toMatchObject({ points: -3, size: 5, unit: "abs" });
  });
  it("reads above and below as over and under in English", () => {
    const r = parseScoringRule("+2 per 1% above, -3 per 1% below");
    expect(r.steps.map((s) => [s.side, s.points])).toEqual([
      ["above", 2],
      ["below", -3],
    ]);
  });
  it("reads English case-insensitively", () => {
    expect(parseScoringRule("MAX 50; Min 10; -1 PER 1% UNDER; PRO RATA")).toMatchObject({ cap: 50, floor: 10, mode: "prorata" });
  });
  it("ignores spaces anywhere, including full-width ones", () => {
    expect(parseScoringRule(" 每 超 1 % 加 0.5 分\u3000").steps[0]).toMatchObject({ side: "above", size: 1, unit: "%", points: 0.5 });
  });
  it("counts full-width digits, signs, points and percent as half-width", () => {
    expect(parseScoringRule("＋０．５ per １％ over").steps[0]).toMatchObject({ size: 1, unit: "%", points: 0.5 });
    expect(parseScoringRule("每低１．５％扣２分").steps[0]).toMatchObject({ size: 1.5, unit: "%", points: -2 });
    expect(parseScoringRule("－1 per 1% under").steps[0].points).toBe(-1);
  });
  it("splits on every separator: , ， ; ； 、 and line breaks", () => {
    const r = parseScoringRule("每超1%加1分,每超2%加1分，每超3%加1分;每超4%加1分；每超5%加1分、每超6%加1分\n每超7%加1分\r\n每超8%加1分");
    expect(r.steps.map((s) => s.size)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
  it("drops empty clauses between separators", () => {
    expect(parseScoringRule(",每超1%加1分,, ;").clauses).toEqual(["每超1%加1分"]);
  });
  it.each([
    ["最高50分", 50],
    ["封顶50分", 50],
    ["最高50", 50],
    ["max 50", 50],
    ["cap 50", 50],
  ])("reads %s as a cap of %d", (text, cap) => {
    expect(parseScoringRule(text).cap).toBe(cap);
  });
  it.each([
    ["最低10分", 10],
    ["保底10分", 10],
    ["min 10", 10],
    ["floor 10", 10],
    ["扣完为止", 0],
    ["deduct until zero", 0],
  ])("reads %s as a floor of %d", (text, floor) => {
    expect(parseScoringRule(text).floor).toBe(floor);
  });
  it.each([["低于60%不得分"], ["完成率低于60%不得分"], ["低于60%的不得分"], ["0 below 60%"]])("reads %s as a gate at 60 %", (text) => {
    expect(parseScoringRule(text).gate).toBeCloseTo(0.6, 12);
  });
  it.each([
    ["按比例", "prorata"],
    ["pro rata", "prorata"],
    ["不足一档按一档计", "partial"],
    ["partial steps count", "partial"],
  ])("reads %s as step mode %s", (text, mode) => {
    expect(parseScoringRule(text).mode).toBe(mode);
  });
  it.each([["上不封顶"], ["no cap"]])("reads %s as no cap", (text) => {
    const r = parseScoringRule(text);
    expect(r.noCap).toBe(true);
    expect(r.cap).toBeUndefined();
  });
  it.each([["达标得满分"], ["完成目标得满分"], ["full points at target"]])("accepts %s as a clause that changes nothing", (text) => {
    const r = parseScoringRule(text);
    expect(r.clauses).toEqual([text]);
    expect(r.steps).toEqual([]);
    expect(r).toMatchObject({ mode: "whole", noCap: false });
  });
  it("quotes the unreadable clause as written, not the whole rule", () => {
    const e = planError(() => parseScoringRule("每超1%加0.5分， 看 心情 ；最高50分"));
    expect(e.code).toBe("#VALUE!");
    expect(e.params.clause).toBe("看 心情");
    expect(e.messageIn("en")).toContain("'看 心情'");
  });
  it.each([["每超1%乘2分"], ["每超百分之一加1分"], ["最高五十分"], ["低于60不得分"], ["+0.5 for each 1% over"]])(
    "rejects %s as unreadable",
    (text) => {
      expect(planError(() => parseScoringRule(text)).key).toBe("unreadableClause");
    },
  );
  it("rejects 每超1%加分 as a step without its points, saying so (#VALUE!)", () => {
    const e = planError(() => parseScoringRule("每超1%加分"));
    expect([e.code, e.key, e.params.clause]).toEqual(["#VALUE!", "clauseWithoutPoints", "每超1%加分"]);
  });
  it("rejects a step of size zero as unreadable", () => {
    const e = planError(() => parseScoringRule("每超0%加1分"));
    expect(e.key).toBe("unreadableClause");
    expect(e.params.clause).toBe("每超0%加1分");
  });
  it.each([
    ["最高50分,封顶60分", "cap"],
    ["max 50; 上不封顶", "cap"],
    ["最低0分,保底5分", "floor"],
    ["扣完为止,最低0分", "floor"],
    ["低于60%不得分,0 below 50%", "gate"],
    ["按比例,不足一档按一档计", "step mode"],
    ["pro rata, 按比例", "step mode"],
  ])("rejects %s with #VALUE! for a second %s", (text, kind) => {
    const e = planError(() => parseScoringRule(text));
    expect(e.code).toBe("#VALUE!");
    expect(e.key).toBe("duplicateClause");
    expect(e.params.kind).toBe(kind);
    expect(e.params.clause).toBe(text.split(/[,;]/)[1].trim());
  });
  it("allows two step clauses on one side; both count", () => {
    expect(scoreKpi(1.1, 1, 40, { rule: "每超1%加1分,每超5%加2分" })).toBe(40 + 10 + 4);
  });
});

describe("parseScoringRule: the cache", () => {
  it("returns the same object for the same text", () => {
    expect(parseScoringRule("每超2%加1分")).toBe(parseScoringRule("每超2%加1分"));
  });
  it("returns a frozen rule", () => {
    const r = parseScoringRule("每超3%加1分");
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.steps)).toBe(true);
    expect(Object.isFrozen(r.steps[0])).toBe(true);
  });
  it("throws the same error again for the same unreadable text", () => {
    expect(planError(() => parseScoringRule("随便"))).toBe(planError(() => parseScoringRule("随便")));
  });
  it("keeps at most RULE_CACHE_SIZE rules, dropping the oldest", () => {
    const first = parseScoringRule("每超1%加1分,最高99分");
    for (let i = 0; i < RULE_CACHE_SIZE; i++) parseScoringRule(`每超${i + 1}%加1分,最高98分`);
    const again = parseScoringRule("每超1%加1分,最高99分");
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});

describe("parseScoringRule: the length limit", () => {
  // Separators between clauses are allowed and dropped, so commas pad a rule to any length.
  const padded = (rule: string, length: number): string => rule + ",".repeat(length - rule.length);

  it("limits a rule to 1,000 characters", () => {
    expect(RULE_MAX_LENGTH).toBe(1000);
  });
  it("reads a rule of exactly the limit, and scores it as the short rule", () => {
    const text = padded(SALES, RULE_MAX_LENGTH);
    expect(text).toHaveLength(1000);
    expect(parseScoringRule(text).steps).toHaveLength(2);
    close(scoreKpi(1.03, 1, 40, { rule: text }), 41.5);
  });
  it("counts characters, not bytes: 990 Chinese characters of label and a step are read", () => {
    const text = "说".repeat(990) + "每超1%加0.5分";
    expect(text.length).toBeLessThanOrEqual(RULE_MAX_LENGTH);
    close(scoreKpi(1.03, 1, 40, { rule: text }), 41.5);
  });
  it("rejects a rule one character over the limit with #VALUE!, saying how long it is and the limit", () => {
    const e = planError(() => parseScoringRule(padded(SALES, RULE_MAX_LENGTH + 1)));
    expect(e.code).toBe("#VALUE!");
    expect(e.key).toBe("ruleTooLong");
    expect(e.params.where).toEqual({ arg: "rule" });
    expect(e.messageIn("en")).toBe("rule: the rule is 1001 characters long; at most 1000 are read (put long notes in another cell)");
    expect(e.messageIn("zh")).toBe("规则：规则长 1001 个字符，最多 1000 个（较长的说明请写在其他单元格）");
  });
  it("rejects a too-long rule from SCORE too, before looking at a blank actual", () => {
    const long = padded(SALES, 5000);
    expect(planError(() => scoreKpi(1.03, 1, 40, { rule: long })).key).toBe("ruleTooLong");
    expect(planError(() => scoreKpi(null, 1, 40, { rule: long })).key).toBe("ruleTooLong");
    expect(planError(() => explainScore(1.03, 1, 40, { rule: long })).key).toBe("ruleTooLong");
  });
  it("never caches a too-long rule: twice the cache's size of them evicts nothing", () => {
    const kept = parseScoringRule("每超7%加1分,最高97分");
    for (let i = 0; i < 2 * RULE_CACHE_SIZE; i++) {
      expect(planError(() => parseScoringRule(`规则${i}：` + "说".repeat(RULE_MAX_LENGTH))).key).toBe("ruleTooLong");
    }
    expect(parseScoringRule("每超7%加1分,最高97分")).toBe(kept);
  });
});

describe("scoreKpi: the last rule is remembered, and only for itself", () => {
  const GATED = "每超1%加1分,低于60%不得分";
  it("switches rules from one call to the next", () => {
    close(scoreKpi(1.03, 1, 40, { rule: SALES }), 41.5); // 3 steps of +0.5
    close(scoreKpi(1.03, 1, 40, { rule: "每超1%加1分" }), 43); // 3 steps of +1
    close(scoreKpi(1.03, 1, 40, { rule: SALES }), 41.5);
  });
  it("lets cap and floor arguments win right after the same rule scored without them", () => {
    close(scoreKpi(1.03, 1, 40, { rule: SALES }), 41.5);
    close(scoreKpi(1.03, 1, 40, { rule: SALES, cap: 41 }), 41);
    close(scoreKpi(0.96, 1, 40, { rule: SALES, floor: 37 }), 37); // 36 raised to the floor
    close(scoreKpi(0.96, 1, 40, { rule: SALES }), 36);
  });
  it("applies a gate right after a rule without one", () => {
    close(scoreKpi(0.5, 1, 40, { rule: SALES }), 0); // 40 − 50, floored at 0
    close(scoreKpi(0.5, 1, 40, { rule: "每超1%加1分" }), 40); // no step below target
    expect(scoreKpi(0.5, 1, 40, { rule: GATED })).toBe(0); // under the 60 % gate
    close(scoreKpi(0.7, 1, 40, { rule: GATED }), 40);
  });
  it("returns \"\" for a blank actual right after scoring the same rule", () => {
    close(scoreKpi(1.03, 1, 40, { rule: SALES }), 41.5);
    expect(scoreKpi(null, 1, 40, { rule: SALES })).toBe("");
  });
  it("still raises #DIV/0! for a zero target right after scoring the same rule", () => {
    close(scoreKpi(1.03, 1, 40, { rule: SALES }), 41.5);
    expect(planError(() => scoreKpi(3, 0, 40, { rule: SALES })).code).toBe("#DIV/0!");
  });
  it("scores with an equal rule text that is a different string the same way", () => {
    const copy = ["每超1%加0.5分", "每低1%扣1分"].join(",");
    close(scoreKpi(1.03, 1, 40, { rule: SALES }), 41.5);
    close(scoreKpi(1.03, 1, 40, { rule: copy }), 41.5);
  });
});

describe("scoreKpi: arguments and order of checks", () => {
  it("returns \"\" for a blank actual", () => {
    expect(scoreKpi(null, 1, 40, { rule: SALES })).toBe("");
    expect(scoreKpi(null, 1, 40)).toBe("");
  });
  it("returns \"\" for a blank actual even against a zero target", () => {
    expect(scoreKpi(null, 0, 40, { rule: "每超1%加1分" })).toBe("");
    expect(scoreKpi(null, 0, 40)).toBe("");
  });
  it("still rejects an unreadable rule when the actual is blank", () => {
    expect(planError(() => scoreKpi(null, 1, 40, { rule: "看心情" })).code).toBe("#VALUE!");
  });
  it("still rejects a floor above the cap when the actual is blank", () => {
    expect(planError(() => scoreKpi(null, 1, 40, { cap: 10, floor: 20 })).code).toBe("#NUM!");
  });
  it("rejects a floor argument above the cap argument with #NUM!", () => {
    const e = planError(() => scoreKpi(1, 1, 40, { cap: 30, floor: 35 }));
    expect(e.code).toBe("#NUM!");
    expect(e.key).toBe("floorAboveCap");
    expect(e.messageIn("en")).toBe("floor: floor 35 is above cap 30");
  });
  it("rejects a rule whose floor is above its cap with #NUM! naming the rule", () => {
    const e = planError(() => scoreKpi(1, 1, 40, { rule: "最高10分,最低20分" }));
    expect(e.code).toBe("#NUM!");
    expect(e.params.where).toEqual({ arg: "rule" });
  });
  it("rejects a floor argument above the rule's cap with #NUM!", () => {
    expect(planError(() => scoreKpi(1, 1, 40, { rule: "最高30分", floor: 35 })).code).toBe("#NUM!");
  });
  it("accepts a rule whose own floor and cap conflict when the arguments replace them", () => {
    expect(scoreKpi(1, 1, 40, { rule: "最高10分,最低20分", cap: 50 })).toBe(40);
  });
  it("accepts a floor equal to the cap", () => {
    expect(scoreKpi(1.5, 1, 40, { cap: 30, floor: 30 })).toBe(30);
  });
  it("converts by attainment when the rule is only spaces and separators", () => {
    close(scoreKpi(0.9, 1, 30, { rule: " ,\n " }), 27);
  });
});

describe("scoreKpi: without a rule", () => {
  it("has no cap by default: 120 % of 30 points is 36", () => {
    close(scoreKpi(1.2, 1, 30), 36);
  });
  it("caps at the cap argument", () => {
    expect(scoreKpi(1.2, 1, 30, { cap: 33 })).toBe(33);
  });
  it("floors at 0 by default even when attainment is negative", () => {
    expect(scoreKpi(0.25, 0.1, 30, { direction: "lower" })).toBe(0);
  });
  it("floors at the floor argument", () => {
    expect(scoreKpi(0.1, 1, 30, { floor: 10 })).toBe(10);
  });
  it("lets a negative floor through a negative attainment", () => {
    close(scoreKpi(0.25, 0.1, 10, { direction: "lower", floor: -100 }), -5);
  });
  it("uses 2 − actual / target when lower is better: churn 8.5 % against 8 % on 10 points is 9.375", () => {
    close(scoreKpi(0.085, 0.08, 10, { direction: "lower" }), 9.375);
  });
  it("gives full points when lower is better, the target is zero and the actual is zero", () => {
    expect(scoreKpi(0, 0, 10, { direction: "lower" })).toBe(10);
    expect(scoreKpi(2, 0, 10, { direction: "lower" })).toBe(0);
  });
  it("rejects a zero target when higher is better with #DIV/0!", () => {
    expect(planError(() => scoreKpi(5, 0, 10)).code).toBe("#DIV/0!");
  });
});

describe("scoreKpi: with a rule", () => {
  it("gives points at target exactly", () => {
    expect(scoreKpi(1, 1, 40, { rule: SALES })).toBe(40);
  });
  it("gives only points within the tolerance of the target, even when a started step would count", () => {
    const rule = "每超0.0000000001加1分,每低0.0000000001扣1分,不足一档按一档计";
    expect(scoreKpi(1 + 1e-12, 1, 40, { rule })).toBe(40);
    expect(scoreKpi(1 - 1e-12, 1, 40, { rule })).toBe(40);
    expect(scoreKpi(1 + 1e-8, 1, 40, { rule })).toBe(140);
  });
  it("counts 90 % against 100 % as exactly ten 1 % steps", () => {
    expect(scoreKpi(0.9, 1, 40, { rule: "每低1%扣1分" })).toBe(30);
  });
  it("does not count a started step for floating-point noise: 103 % is three 1 % steps, not four", () => {
    // (1.03 − 1) × 100 is 3.0000000000000027
    expect(scoreKpi(1.03, 1, 40, { rule: "每超1%加0.5分,不足一档按一档计" })).toBe(41.5);
  });
  it("counts a started step as a whole one with 不足一档按一档计", () => {
    expect(scoreKpi(0.88, 0.95, 20, { rule: "每低5%扣5分,不足一档按一档计" })).toBe(10);
    expect(scoreKpi(0.9, 1, 40, { rule: "每低1%扣1分,partial steps count" })).toBe(30);
  });
  it("counts steps proportionally with 按比例", () => {
    close(scoreKpi(12, 20, 15, { rule: "每少5家扣3分,按比例" }), 15 - (8 / 5) * 3);
    close(scoreKpi(1.025, 1, 40, { rule: "+0.5 per 1% over, pro rata" }), 41.25);
  });
  it("applies a clause only on its own side of the target", () => {
    expect(scoreKpi(1.2, 1, 40, { rule: "每低1%扣1分" })).toBe(40);
    expect(scoreKpi(0.8, 1, 40, { rule: "每超1%加1分" })).toBe(40);
  });
  it("adds on the below side when the clause says 加", () => {
    expect(scoreKpi(0.97, 1, 10, { rule: "每低1%加1分" })).toBe(13);
  });
  it("deducts on the above side when the clause says 扣", () => {
    expect(scoreKpi(0.1, 0.08, 10, { rule: "每超1个百分点扣2分" })).toBe(6);
  });
  it("measures steps on the raw side of the target when lower is better: churn above target deducts", () => {
    expect(scoreKpi(0.11, 0.08, 10, { rule: "每超1个百分点扣2分", direction: "lower" })).toBe(4);
    expect(scoreKpi(0.05, 0.08, 10, { rule: "每超1个百分点扣2分", direction: "lower" })).toBe(10);
  });
  it("caps at the rule's cap", () => {
    expect(scoreKpi(1.3, 1, 40, { rule: SALES + ",最高50分" })).toBe(50);
  });
  it("lets the cap argument win over the rule's cap", () => {
    expect(scoreKpi(1.3, 1, 40, { rule: SALES + ",最高50分", cap: 52 })).toBe(52);
    expect(scoreKpi(1.3, 1, 40, { rule: SALES + ",上不封顶", cap: 45 })).toBe(45);
  });
  it("has no cap with 上不封顶", () => {
    expect(scoreKpi(1.3, 1, 40, { rule: SALES + ",上不封顶" })).toBe(55);
  });
  it("floors at the rule's floor, and the floor argument wins over it", () => {
    expect(scoreKpi(0.5, 1, 40, { rule: SALES + ",保底10分" })).toBe(10);
    expect(scoreKpi(0.5, 1, 40, { rule: SALES + ",保底10分", floor: 5 })).toBe(5);
  });
  it("lets the score go negative when the floor allows it", () => {
    expect(scoreKpi(0.5, 1, 40, { rule: SALES, floor: -20 })).toBe(-10);
  });
  it("scores 0 under the gate, whatever the floor", () => {
    expect(scoreKpi(0.55, 1, 40, { rule: SALES + ",低于60%不得分,保底10分" })).toBe(0);
    expect(scoreKpi(0.55, 1, 40, { rule: SALES + ",0 below 60%", floor: 10 })).toBe(0);
  });
  it("does not gate an attainment at the gate, within the tolerance", () => {
    // 0.18 / 0.2 is 0.8999999999999999
    expect(scoreKpi(0.18, 0.2, 40, { rule: "每低1%扣1分,低于90%不得分" })).toBe(30);
    expect(scoreKpi(0.17, 0.2, 40, { rule: "每低1%扣1分,低于90%不得分" })).toBe(0);
  });
  it("compares the gate with the attainment for the direction", () => {
    // lower is better: 0.15 against 0.1 is 2 − 1.5 = 50 % attainment
    expect(scoreKpi(0.15, 0.1, 10, { rule: "低于60%不得分", direction: "lower" })).toBe(0);
    expect(scoreKpi(0.13, 0.1, 10, { rule: "低于60%不得分", direction: "lower" })).toBe(10);
  });
  it("gives points for a rule with no step clause, then applies gate and cap", () => {
    expect(scoreKpi(0.7, 1, 40, { rule: "最高50分" })).toBe(40);
    expect(scoreKpi(0.7, 1, 40, { rule: "最高30分" })).toBe(30);
    expect(scoreKpi(0.5, 1, 40, { rule: "低于60%不得分" })).toBe(0);
    expect(scoreKpi(0.5, 1, 40, { rule: "达标得满分" })).toBe(40);
  });
});

describe("scoreKpi: a zero target", () => {
  it("rejects a % step on the side that applies with #DIV/0!", () => {
    const e = planError(() => scoreKpi(3, 0, 10, { rule: "每超1%扣1分" }));
    expect(e.code).toBe("#DIV/0!");
    expect(e.key).toBe("zeroTarget");
  });
  it("ignores a % step on the other side", () => {
    expect(scoreKpi(3, 0, 10, { rule: "每低1%扣1分,每多1次扣2分" })).toBe(4);
  });
  it("gives points at a zero target met exactly, even with a % step", () => {
    expect(scoreKpi(0, 0, 10, { rule: "每超1%扣1分" })).toBe(10);
  });
  it("rejects a gate with #DIV/0! when higher is better, as ATTAIN does", () => {
    expect(planError(() => scoreKpi(3, 0, 10, { rule: "每多1次扣2分,低于60%不得分" })).code).toBe("#DIV/0!");
  });
  it("compares a gate with 100 % for an actual of 0 when lower is better", () => {
    expect(scoreKpi(0, 0, 10, { rule: "每多1次扣2分,低于60%不得分", direction: "lower" })).toBe(10);
    expect(scoreKpi(1, 0, 10, { rule: "每多1次扣2分,低于60%不得分", direction: "lower" })).toBe(0);
  });
  it("still counts steps in percentage points and units", () => {
    expect(scoreKpi(3, 0, 10, { rule: "每多1次扣2分" })).toBe(4);
    expect(scoreKpi(0.02, 0, 10, { rule: "每超1个百分点扣2分" })).toBe(6);
  });
});

describe("explainScore", () => {
  it("shows a deduction with a minus", () => {
    expect(explainScore(0.96, 1, 40, { rule: SALES }).text).toBe("36 = 40 - 4 × 1");
  });
  it("shows only points at target", () => {
    const x = explainScore(1, 1, 40, { rule: SALES });
    expect(x.text).toBe("40 = 40");
    expect(x.parts.map((p) => p.steps)).toEqual([0, 0]);
  });
  it("shows the cap and the score before it", () => {
    const x = explainScore(1.3, 1, 40, { rule: SALES + ",最高50分" });
    expect(x.text).toBe("50 = 40 + 30 × 0.5 = 55, capped at 50");
    expect(x.textZh).toBe("50 = 40 + 30 × 0.5 = 55，封顶 50");
    expect(x.capped).toEqual({ by: "cap", limit: 50, before: 55 });
  });
  it("shows the floor and the score before it", () => {
    const x = explainScore(0.2, 1, 40, { rule: SALES });
    expect(x.text).toBe("0 = 40 - 80 × 1 = -40, floor 0");
    expect(x.textZh).toBe("0 = 40 - 80 × 1 = -40，保底 0");
  });
  it("shows the gate", () => {
    const x = explainScore(0.5, 1, 40, { rule: "低于60%不得分" });
    expect(x.score).toBe(0);
    expect(x.gated).toEqual({ attainment: 0.5, gate: 0.6 });
    expect(x.text).toBe("0: attainment 50% is under 60%");
    expect(x.textZh).toBe("0：完成率 50% 低于 60%，不得分");
  });
  it("shows the conversion by attainment without a rule", () => {
    const x = explainScore(0.9, 1, 30);
    expect(x.text).toBe("27 = 30 × 90%");
    expect(x.attainment).toBeCloseTo(0.9, 12);
  });
  it("shows pro rata steps as fractions", () => {
    expect(explainScore(1.025, 1, 40, { rule: "+0.5 per 1% over, pro rata" }).text).toBe("41.25 = 40 + 2.5 × 0.5");
  });
  it("says there is no data for a blank actual", () => {
    const x = explainScore(null, 1, 40, { rule: SALES });
    expect(x.score).toBe("");
    expect(x.text).toBe("no data yet");
    expect(x.textZh).toBe("暂无数据");
  });
  it("throws what scoreKpi throws", () => {
    expect(planError(() => explainScore(1, 1, 40, { rule: "看心情" })).key).toBe("unreadableClause");
    expect(planError(() => explainScore(3, 0, 10, { rule: "每超1%扣1分" })).code).toBe("#DIV/0!");
  });
});

// ---- properties -----------------------------------------------------------------------

type StepSpec = { above: boolean; size: number; unit: "%" | "个百分点" | "家"; pts: number };

const stepSpec: fc.Arbitrary<StepSpec> = fc.record({
  above: fc.boolean(),
  size: fc.integer({ min: 1, max: 400 }).map((n) => n / 4),
  unit: fc.constantFrom("%" as const, "个百分点" as const, "家" as const),
  pts: fc.integer({ min: 0, max: 40 }).map((n) => n / 4),
});
const modeSpec = fc.constantFrom("", "按比例", "不足一档按一档计");

/** A higher-is-better rule: adds above target, deducts below, in Chinese. */
function zhRule(steps: StepSpec[], mode: string): string {
  const clauses = steps.map((s) => `每${s.above ? "超" : "低"}${s.size}${s.unit}${s.above ? "加" : "扣"}${s.pts}分`);
  if (mode) clauses.push(mode);
  return clauses.join("，");
}

/** The same rule in English. */
function enRule(steps: StepSpec[], mode: string): string {
  const unit = { "%": "%", 个百分点: " pp", 家: " customers" };
  const clauses = steps.map((s) => `${s.above ? "+" : "-"}${s.pts} per ${s.size}${unit[s.unit]} ${s.above ? "over" : "under"}`);
  if (mode) clauses.push(mode === "按比例" ? "pro rata" : "partial steps count");
  return clauses.join("; ");
}

const value = fc.double({ min: 0, max: 1000, noNaN: true });
const positive = fc.double({ min: 0.01, max: 1000, noNaN: true });

describe("properties", () => {
  it("never lowers the score as the actual rises, for rules that add above and deduct below", () => {
    fc.assert(
      fc.property(fc.array(stepSpec, { minLength: 1, maxLength: 4 }), modeSpec, positive, value, value, (steps, mode, target, a, b) => {
        const opts: ScoreOptions = { rule: zhRule(steps, mode), floor: -1e9 };
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(scoreKpi(lo, target, 40, opts) as number).toBeLessThanOrEqual(scoreKpi(hi, target, 40, opts) as number);
      }),
      { numRuns: 300 },
    );
  });
  it("keeps the score within [floor, cap]", () => {
    fc.assert(
      fc.property(
        fc.array(stepSpec, { maxLength: 4 }),
        modeSpec,
        positive,
        value,
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: 0, max: 100 }),
        (steps, mode, target, actual, floor, width) => {
          const s = scoreKpi(actual, target, 40, { rule: zhRule(steps, mode) || "达标得满分", floor, cap: floor + width }) as number;
          expect(s).toBeGreaterThanOrEqual(floor);
          expect(s).toBeLessThanOrEqual(floor + width);
        },
      ),
      { numRuns: 300 },
    );
  });
  it("scores a rule the same in Chinese and in English", () => {
    fc.assert(
      fc.property(fc.array(stepSpec, { minLength: 1, maxLength: 4 }), modeSpec, positive, value, (steps, mode, target, actual) => {
        expect(scoreKpi(actual, target, 40, { rule: enRule(steps, mode) })).toBe(scoreKpi(actual, target, 40, { rule: zhRule(steps, mode) }));
      }),
      { numRuns: 300 },
    );
  });
  it("scores the same on the inline path as the explanation's general path, whatever the cap and floor", () => {
    fc.assert(
      fc.property(
        fc.array(stepSpec, { minLength: 1, maxLength: 4 }),
        modeSpec,
        positive,
        value,
        fc.option(fc.integer({ min: -50, max: 50 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        (steps, mode, target, actual, floor, width) => {
          const cap = width === undefined ? undefined : (floor ?? 0) + width;
          const opts = { rule: zhRule(steps, mode), floor, cap };
          expect(scoreKpi(actual, target, 40, opts)).toBe(explainScore(actual, target, 40, opts).score);
        },
      ),
      { numRuns: 300 },
    );
  });
  it("explains the very score scoreKpi computes, with parts adding up to it before clamping", () => {
    fc.assert(
      fc.property(fc.array(stepSpec, { minLength: 1, maxLength: 4 }), modeSpec, positive, value, (steps, mode, target, actual) => {
        const opts = { rule: zhRule(steps, mode), floor: -1e9 };
        const x = explainScore(actual, target, 40, opts);
        expect(x.score).toBe(scoreKpi(actual, target, 40, opts));
        const sum = x.parts.reduce((acc, p) => acc + p.added, x.base);
        expect(Math.abs(sum - (x.score as number))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(sum)));
      }),
      { numRuns: 300 },
    );
  });
  it("scores a rule the same whichever rule was scored just before it", () => {
    fc.assert(
      fc.property(
        fc.array(stepSpec, { minLength: 1, maxLength: 4 }),
        fc.array(stepSpec, { minLength: 1, maxLength: 4 }),
        modeSpec,
        positive,
        value,
        (first, second, mode, target, actual) => {
          const a = { rule: zhRule(first, mode) };
          const b = { rule: enRule(second, "") };
          const want = explainScore(actual, target, 40, a).score;
          scoreKpi(actual, target, 40, b);
          expect(scoreKpi(actual, target, 40, a)).toBe(want);
          expect(scoreKpi(actual, target, 40, a)).toBe(want); // the remembered rule
          scoreKpi(actual, target, 40, b);
          expect(scoreKpi(actual, target, 40, { ...a, cap: 41 })).toBe(explainScore(actual, target, 40, { ...a, cap: 41 }).score);
        },
      ),
      { numRuns: 300 },
    );
  });
  it("returns the same parsed object for the same text", () => {
    fc.assert(
      fc.property(fc.array(stepSpec, { maxLength: 4 }), modeSpec, (steps, mode) => {
        const text = zhRule(steps, mode);
        const first = parseScoringRule(text);
        parseScoringRule("每超1%加1分"); // another rule read in between
        expect(parseScoringRule(text.split("").join(""))).toBe(first); // an equal string, not the same one
        expect(first.steps).toHaveLength(steps.length);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- large values: floating point never costs a step ----------------------------------------

describe("scoreKpi: a small gap between large values keeps its steps", () => {
  it("counts 100 steps of 0.001 between 12345678.81 and 12345678.91 (the gap is 0.09999999962747097 in doubles)", () => {
    expect(scoreKpi(12345678.91, 12345678.81, 0, { rule: "+1 per 0.001 over" })).toBe(100);
    expect(explainScore(12345678.91, 12345678.81, 0, { rule: "+1 per 0.001 over" }).parts[0].steps).toBe(100);
  });
  it("counts 33 started steps of 0.1 percentage points in 999999.967 against 1000000, not 34", () => {
    // 0.033 below the target is 33 steps of 0.001 (0.1 pp); 40 − 33 × 0.5 = 23.5.
    expect(scoreKpi(999999.967, 1000000, 40, { rule: "每低0.1个百分点扣0.5分,不足一档按一档计" })).toBe(23.5);
    expect(scoreKpi(999999.967, 1000000, 40, { rule: "每低0.1个百分点扣0.5分" })).toBe(23.5);
  });
  it("counts steps of 0.001 on billions, where the values' own rounding is more than 1e-4 of a step", () => {
    // 71200 steps: the doubles give 71199.99980926514.
    expect(scoreKpi(3363575582.252, 3363575511.052, 0, { rule: "+1 per 0.001 over", floor: -1e12 })).toBe(71200);
    expect(scoreKpi(3363575511.052, 3363575582.252, 0, { rule: "-1 per 0.001 under, partial steps count", floor: -1e12 })).toBe(-71200);
  });
  it("still does not count a step a real tenth of a step short of it, for large values", () => {
    expect(scoreKpi(12345678.9099, 12345678.81, 0, { rule: "+1 per 0.001 over" })).toBe(99);
    expect(scoreKpi(12345678.9101, 12345678.81, 0, { rule: "+1 per 0.001 over, partial steps count" })).toBe(101);
  });

  // Exact decimals (BigInt, in millionths): the target with up to 3 decimals, up to 1e10 in
  // size; the actual k whole steps away (units, percentage points or %), or a tenth of a step
  // short of that. Cases where a step is too small for doubles to tell (under 1e-13 of the
  // values) or the gap is within the at-target tolerance are left out.
  type Kind = { unit: "abs" | "pp" | "%"; size: string; word: string };
  const kinds: Kind[] = [
    { unit: "abs", size: "0.001", word: "" },
    { unit: "abs", size: "0.01", word: "家" },
    { unit: "abs", size: "0.25", word: "万元" },
    { unit: "abs", size: "5", word: "" },
    { unit: "pp", size: "0.1", word: "个百分点" },
    { unit: "pp", size: "0.5", word: "个百分点" },
    { unit: "%", size: "0.5", word: "%" },
    { unit: "%", size: "2", word: "%" },
  ];
  const MICRO = 1_000_000n;
  const micro = (x: string): bigint => {
    const [i, f = ""] = x.split(".");
    return BigInt(i + f.padEnd(6, "0"));
  };
  const decimal = (m: bigint): string => {
    const neg = m < 0n;
    const a = neg ? -m : m;
    return `${neg ? "-" : ""}${a / MICRO}.${(a % MICRO).toString().padStart(6, "0")}`;
  };
  const bigCase = fc.record({
    kind: fc.constantFrom(...kinds),
    targetMilli: fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }),
    k: fc.integer({ min: 1, max: 100_000 }),
    above: fc.boolean(),
    short: fc.boolean(),
  });

  it("counts exactly k steps k steps away, and k − 1 whole (k started) a tenth of a step short, at any magnitude", () => {
    let checked = 0;
    fc.assert(
      fc.property(bigCase, ({ kind, targetMilli, k, above, short }) => {
        const t = targetMilli * 1000n; // millionths
        const absT = t < 0n ? -t : t;
        // One step in millionths of the value: X, X / 100 for percentage points, |t| × X / 100 for %.
        const stepMicro = kind.unit === "abs" ? micro(kind.size) : kind.unit === "pp" ? micro(kind.size) / 100n : (absT * micro(kind.size)) / 100n / MICRO;
        fc.pre(stepMicro > 0n && (kind.unit !== "%" || (absT * micro(kind.size)) % (100n * MICRO) === 0n) && (!short || stepMicro % 10n === 0n));
        const gapMicro = stepMicro * BigInt(k) - (short ? stepMicro / 10n : 0n);
        const a = t + (above ? gapMicro : -gapMicro);
        const actual = Number(decimal(a));
        const target = Number(decimal(t));
        const magnitude = Math.max(1, Math.abs(actual), Math.abs(target));
        fc.pre(Number(stepMicro) / 1e6 >= magnitude * 1e-13);
        fc.pre(Number(gapMicro) / 1e6 > 2e-9 * magnitude);
        const clause = above ? `每超${kind.size}${kind.word}加1分` : `每低${kind.size}${kind.word}扣1分`;
        const sign = above ? 1 : -1;
        const whole = scoreKpi(actual, target, 0, { rule: clause, floor: -1e12 });
        const started = scoreKpi(actual, target, 0, { rule: `${clause},不足一档按一档计`, floor: -1e12 });
        expect([actual, target, clause, whole, started]).toEqual([actual, target, clause, sign * (short ? k - 1 : k) + 0, sign * k]);
        // The step-by-step path (what explanations show) counts the same.
        expect(explainScore(actual, target, 0, { rule: clause, floor: -1e12 }).score).toBe(whole);
        checked++;
      }),
      { numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(1500);
  });
});
