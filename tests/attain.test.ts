import * as fc from "fast-check";
import { attainment, parseDirection } from "../src/core/attainment";
import { expectNear, planError } from "./helpers/expect";
import { seedCases } from "./helpers/fixtures";

/** ATTAIN in the contract's order of checks: the direction word, then a blank actual, then the computation. */
function attain(actual: number | null, target: number, direction?: string): number | "" {
  const d = parseDirection(direction);
  return actual === null ? "" : attainment(actual, target, d);
}

const seed = seedCases("ATTAIN");

describe("ATTAIN: wrong arguments", () => {
  it("rejects a direction word it does not know with #VALUE! naming the argument", () => {
    const err = planError(() => attain(5, 10, "sideways"));
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toBe("direction: 'sideways' is not one of higher, lower");
    expect(err.messageIn("zh")).toBe("方向：“sideways”不是可选值（越高越好、越低越好）");
  });

  it("rejects a bad direction word even when the actual is blank", () => {
    expect(planError(() => attain(null, 10, "up")).code).toBe("#VALUE!");
  });

  it("rejects an empty direction word (blank is the caller's default, not text)", () => {
    expect(planError(() => parseDirection("")).key).toBe("badWord");
  });

  it("names the argument it was given for the direction", () => {
    expect(planError(() => parseDirection("x", "dir")).message).toBe("dir: 'x' is not one of higher, lower");
  });

  it("gives #DIV/0! for a zero target when higher is better, in both languages", () => {
    const err = planError(() => attain(5, 0));
    expect(err.code).toBe("#DIV/0!");
    expect(err.message).toBe("target: the target is zero");
    expect(err.messageIn("zh")).toBe("目标：目标为 0");
  });
});

describe("ATTAIN: seed cases", () => {
  it.each(seed.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const [actual, target, direction] = c.args as [number | null, number, string | null | undefined];
    const run = () => attain(actual, target, direction ?? undefined);
    if (c.error) expect(planError(run).code).toBe(c.error);
    else expectNear(run(), c.expect);
  });

  it("covers the seed's ATTAIN cases", () => {
    expect(seed.length).toBeGreaterThanOrEqual(4);
  });
});

describe("ATTAIN: higher is better", () => {
  it("divides the actual by the target", () => {
    expectNear(attainment(9700000, 10000000), 0.97);
  });

  it("is the default when no direction is given", () => {
    expect(parseDirection(undefined)).toBe("higher");
    expectNear(attain(12, 10), 1.2);
  });

  it("accepts 越高越好 and words with spaces and capitals", () => {
    expect(parseDirection("越高越好")).toBe("higher");
    expect(parseDirection("  HIGHER ")).toBe("higher");
  });

  it("follows the sign of a negative actual", () => {
    expectNear(attainment(-5, 10), -0.5);
  });

  it("gives 0 for a zero actual", () => {
    expect(attainment(0, 10)).toBe(0);
  });
});

describe("ATTAIN: lower is better", () => {
  it("gives 100 % when the actual meets the target", () => {
    expect(attainment(0.08, 0.08, "lower")).toBe(1);
  });

  it("gives 200 % for an actual of zero and 0 % for twice the target", () => {
    expect(attainment(0, 0.08, "lower")).toBe(2);
    expect(attainment(0.16, 0.08, "lower")).toBe(0);
  });

  it("goes below 0 beyond twice the target", () => {
    expectNear(attainment(0.24, 0.08, "lower"), -1);
  });

  it("accepts 越低越好 and ' Lower '", () => {
    expect(parseDirection("越低越好")).toBe("lower");
    expect(parseDirection(" Lower ")).toBe("lower");
    expectNear(attain(0.085, 0.08, "越低越好"), 0.9375);
  });

  it("gives 100 % against a zero target when the actual is zero or less", () => {
    expect(attainment(0, 0, "lower")).toBe(1);
    expect(attainment(-2, 0, "lower")).toBe(1);
  });

  it("gives 0 % against a zero target when the actual is above zero", () => {
    expect(attainment(1, 0, "lower")).toBe(0);
  });
});

describe("ATTAIN: blanks", () => {
  it("gives an empty result for a blank actual", () => {
    expect(attain(null, 10000000)).toBe("");
  });

  it("gives an empty result for a blank actual even against a zero target", () => {
    expect(attain(null, 0)).toBe("");
  });
});

describe("ATTAIN: properties", () => {
  const amount = fc.double({ min: -1e9, max: 1e9, noNaN: true });
  const target = fc.double({ min: 1e-3, max: 1e9, noNaN: true });

  it("gives back the actual when multiplied by the target (higher)", () => {
    fc.assert(fc.property(amount, target, (a, t) => Math.abs(attainment(a, t) * t - a) <= 1e-9 * Math.max(1, Math.abs(a))), { numRuns: 1000 });
  });

  it("makes higher and lower attainment add up to 2", () => {
    fc.assert(fc.property(amount, target, (a, t) => Math.abs(attainment(a, t) + attainment(a, t, "lower") - 2) <= 1e-9 * Math.max(1, Math.abs(a / t))), { numRuns: 1000 });
  });

  it("never decreases with the actual when higher is better and never increases when lower is", () => {
    fc.assert(
      fc.property(amount, amount, target, (a, b, t) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return attainment(lo, t) <= attainment(hi, t) && attainment(lo, t, "lower") >= attainment(hi, t, "lower");
      }),
      { numRuns: 1000 },
    );
  });
});
