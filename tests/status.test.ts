import * as fc from "fast-check";
import { parseDirection } from "../src/core/attainment";
import { type Light, trafficLight } from "../src/core/status";
import { planError } from "./helpers/expect";
import { seedCases } from "./helpers/fixtures";

const seed = seedCases("STATUS");

/** STATUS(actual, target, [green_at], [yellow_at], [direction]) with Excel's blanks as omissions. */
function status(args: unknown[]): Light | "" {
  const [actual, target, greenAt, yellowAt, direction] = args as [number | null, number, number | null, number | null, string | null];
  return trafficLight(actual, target, {
    greenAt: greenAt ?? undefined,
    yellowAt: yellowAt ?? undefined,
    direction: parseDirection(direction ?? undefined),
  });
}

describe("STATUS: wrong arguments", () => {
  it("rejects yellow_at above green_at with #NUM! naming yellow_at, in both languages", () => {
    const err = planError(() => trafficLight(0.95, 1, { greenAt: 0.9, yellowAt: 0.95 }));
    expect(err.code).toBe("#NUM!");
    expect(err.key).toBe("thresholdOrder");
    expect(err.message).toBe("yellow_at: 0.95 is above green_at 0.9");
    expect(err.messageIn("zh")).toBe("黄灯线：0.95 高于绿灯线 0.9");
  });

  it("rejects yellow_at above the default green_at of 1", () => {
    expect(planError(() => trafficLight(1, 1, { yellowAt: 1.1 })).code).toBe("#NUM!");
  });

  it("checks the thresholds before a blank actual", () => {
    expect(planError(() => trafficLight(null, 1, { greenAt: 0.8, yellowAt: 0.9 })).code).toBe("#NUM!");
  });

  it("checks the thresholds before a zero target", () => {
    expect(planError(() => trafficLight(5, 0, { greenAt: 0.8, yellowAt: 0.9 })).code).toBe("#NUM!");
  });

  it("accepts yellow_at a hair above green_at as equal to it", () => {
    expect(trafficLight(0.95, 1, { greenAt: 0.9, yellowAt: 0.9 + 1e-12 })).toBe("green");
  });

  it("gives #DIV/0! for a zero target when higher is better", () => {
    const err = planError(() => trafficLight(5, 0));
    expect(err.code).toBe("#DIV/0!");
    expect(err.message).toBe("target: the target is zero");
    expect(err.messageIn("zh")).toBe("目标：目标为 0");
  });
});

describe("STATUS: seed cases", () => {
  it.each(seed.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    if (c.error) expect(planError(() => status(c.args)).code).toBe(c.error);
    else expect(status(c.args)).toBe(c.expect);
  });

  it("covers the seed's STATUS cases", () => {
    expect(seed.length).toBeGreaterThanOrEqual(5);
  });
});

describe("STATUS: default thresholds", () => {
  it("is green at target and above", () => {
    expect(trafficLight(100, 100)).toBe("green");
    expect(trafficLight(130, 100)).toBe("green");
  });

  it("is yellow from 90 % up to just under target", () => {
    expect(trafficLight(90, 100)).toBe("yellow");
    expect(trafficLight(99.99, 100)).toBe("yellow");
  });

  it("is red under 90 %", () => {
    expect(trafficLight(89.99, 100)).toBe("red");
    expect(trafficLight(0, 100)).toBe("red");
    expect(trafficLight(-5, 100)).toBe("red");
  });

  it("counts 0.18 against 0.2 as exactly 90 %", () => {
    expect(trafficLight(0.18, 0.2)).toBe("yellow");
  });

  it("counts an attainment a hair under green_at as green", () => {
    expect(trafficLight(0.3 - 1e-12, 0.3)).toBe("green");
  });
});

describe("STATUS: given thresholds", () => {
  it("uses green_at and yellow_at", () => {
    expect(trafficLight(0.96, 1, { greenAt: 0.95, yellowAt: 0.85 })).toBe("green");
    expect(trafficLight(0.86, 1, { greenAt: 0.95, yellowAt: 0.85 })).toBe("yellow");
    expect(trafficLight(0.84, 1, { greenAt: 0.95, yellowAt: 0.85 })).toBe("red");
  });

  it("has no yellow band when green_at is below 0.9 and yellow_at is omitted", () => {
    expect(trafficLight(0.85, 1, { greenAt: 0.8 })).toBe("green");
    expect(trafficLight(0.79, 1, { greenAt: 0.8 })).toBe("red");
  });

  it("keeps the default yellow_at of 0.9 when green_at is above it", () => {
    expect(trafficLight(0.91, 1, { greenAt: 1.05 })).toBe("yellow");
    expect(trafficLight(0.89, 1, { greenAt: 1.05 })).toBe("red");
  });

  it("has no yellow band when yellow_at equals green_at", () => {
    expect(trafficLight(0.95, 1, { greenAt: 1, yellowAt: 1 })).toBe("red");
  });

  it("reads 'yellow means exactly on target' with green_at just above 1", () => {
    expect(trafficLight(100, 100, { greenAt: 1.0001, yellowAt: 1 })).toBe("yellow");
    expect(trafficLight(99, 100, { greenAt: 1.0001, yellowAt: 1 })).toBe("red");
    expect(trafficLight(101, 100, { greenAt: 1.0001, yellowAt: 1 })).toBe("green");
  });
});

describe("STATUS: lower is better", () => {
  it("is green at or under the ceiling", () => {
    expect(trafficLight(0.08, 0.08, { direction: "lower" })).toBe("green");
    expect(trafficLight(0.05, 0.08, { direction: "lower" })).toBe("green");
  });

  it("is yellow a little above the ceiling", () => {
    expect(trafficLight(0.085, 0.08, { direction: "lower" })).toBe("yellow");
  });

  it("is red well above the ceiling", () => {
    expect(trafficLight(0.1, 0.08, { direction: "lower" })).toBe("red");
  });

  it("is green against a zero target with no occurrences and red with any", () => {
    expect(trafficLight(0, 0, { direction: "lower" })).toBe("green");
    expect(trafficLight(1, 0, { direction: "lower" })).toBe("red");
  });
});

describe("STATUS: blanks", () => {
  it("gives no colour for a blank actual", () => {
    expect(trafficLight(null, 1)).toBe("");
  });

  it("gives no colour for a blank actual against a zero target", () => {
    expect(trafficLight(null, 0)).toBe("");
  });
});

describe("STATUS: properties", () => {
  const rank: Record<Light, number> = { red: 0, yellow: 1, green: 2 };
  const amount = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  const target = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
  const lines = fc
    .tuple(fc.double({ min: -1, max: 2, noNaN: true }), fc.double({ min: -1, max: 2, noNaN: true }))
    .map(([a, b]) => (a >= b ? { greenAt: a, yellowAt: b } : { greenAt: b, yellowAt: a }));

  it("never gets worse as the actual grows when higher is better", () => {
    fc.assert(
      fc.property(amount, amount, target, lines, (a, b, t, opts) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return rank[trafficLight(lo, t, opts) as Light] <= rank[trafficLight(hi, t, opts) as Light];
      }),
      { numRuns: 1000 },
    );
  });

  it("never gets better as the actual grows when lower is better", () => {
    fc.assert(
      fc.property(amount, amount, target, lines, (a, b, t, opts) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const o = { ...opts, direction: "lower" as const };
        return rank[trafficLight(lo, t, o) as Light] >= rank[trafficLight(hi, t, o) as Light];
      }),
      { numRuns: 300 },
    );
  });

  it("is green exactly when the attainment reaches green_at", () => {
    fc.assert(
      fc.property(amount, target, lines, (a, t, opts) => {
        const att = a / t;
        const reached = att >= opts.greenAt - 1e-9 * Math.max(1, Math.abs(att), Math.abs(opts.greenAt));
        return (trafficLight(a, t, opts) === "green") === reached;
      }),
      { numRuns: 1000 },
    );
  });
});
