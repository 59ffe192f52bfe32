/**
 * The public signature of the TARGET.* functions: every function's parameter names, their
 * order and which are optional, in the BUILT metadata Excel reads (dist/functions.json and
 * dist/functions.zh-cn.json), pinned to the contract (tests/fixtures/signatures.json, written
 * from the function contract, not from the build). People's workbooks depend on these: a
 * renamed, reordered or newly required parameter breaks them.
 *
 * The task pane's argument lists are generated from the same metadata; they must equal it.
 */
import * as fs from "fs";
import * as path from "path";
import { FUNCTION_PARAMETERS, argumentList } from "../src/taskpane/function-arguments";
import { FUNCTION_NAMES } from "../src/taskpane/i18n";

const DIST = path.resolve(__dirname, "../dist");

interface ContractParameter {
  name: string;
  optional?: boolean;
  range?: boolean;
}
interface ContractFunction {
  id: string;
  signature: string;
  parameters: ContractParameter[];
}
interface MetadataParameter {
  name: string;
  description?: string;
  type?: string;
  dimensionality?: string;
  optional?: boolean;
  repeating?: boolean;
}
interface Metadata {
  functions: { id: string; name: string; description: string; parameters: MetadataParameter[] }[];
}

const contract = (JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/signatures.json"), "utf8")) as { functions: ContractFunction[] }).functions;

function readBuilt(file: string): Metadata {
  const p = path.join(DIST, file);
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: run \`npm run build\` first (npm test does)`);
  return JSON.parse(fs.readFileSync(p, "utf8")) as Metadata;
}

/** "SPLIT(total, weights, [unit], [fixed])" from a list of parameters. */
function written(id: string, params: readonly { name: string; optional?: boolean }[]): string {
  return `${id}(${params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(", ")})`;
}

describe("the contract's signatures (the fixture itself)", () => {
  it("lists the eight functions once each", () => {
    expect(contract.map((f) => f.id).sort()).toEqual(["ATTAIN", "BAND", "COMMISSION", "PACE", "SCORE", "SPLIT", "SPREAD", "STATUS"]);
  });

  it("agrees with the signature line written beside it", () => {
    for (const f of contract) expect(written(f.id, f.parameters)).toBe(f.signature);
  });

  it("has no required parameter after an optional one (Excel cannot skip to it)", () => {
    for (const f of contract) {
      const firstOptional = f.parameters.findIndex((p) => p.optional);
      if (firstOptional >= 0) expect(f.parameters.slice(firstOptional).every((p) => p.optional)).toBe(true);
    }
  });
});

describe.each([
  ["functions.json", "English"],
  ["functions.zh-cn.json", "Chinese"],
])("the built %s (%s)", (file) => {
  const built = readBuilt(file);
  const byId = new Map(built.functions.map((f) => [f.id, f]));

  it("declares exactly the contract's functions, each named as its id", () => {
    expect(built.functions.map((f) => f.id).sort()).toEqual(contract.map((f) => f.id).sort());
    for (const f of built.functions) expect(f.name).toBe(f.id);
  });

  for (const f of contract) {
    it(`declares ${f.signature}`, () => {
      const fn = byId.get(f.id);
      expect(fn).toBeDefined();
      const params = fn!.parameters;
      expect(params.map((p) => p.name)).toEqual(f.parameters.map((p) => p.name));
      expect(params.map((p) => p.optional === true)).toEqual(f.parameters.map((p) => p.optional === true));
      // A range parameter must be declared a matrix, or Excel would call the function once per cell.
      expect(params.map((p) => p.dimensionality === "matrix")).toEqual(f.parameters.map((p) => p.range === true));
      expect(params.some((p) => p.repeating)).toBe(false);
      expect(written(f.id, params)).toBe(written(f.id, f.parameters));
    });
  }
});

describe("the task pane's argument lists", () => {
  const built = readBuilt("functions.json");

  it("list every function the pane names, and only those the metadata declares", () => {
    expect(Object.keys(FUNCTION_PARAMETERS).sort()).toEqual(built.functions.map((f) => f.id).sort());
    expect([...FUNCTION_NAMES].sort()).toEqual(built.functions.map((f) => f.id).sort());
  });

  it("equal the built metadata: the same names, in order, optional where it says so", () => {
    for (const f of built.functions) {
      const name = f.id as (typeof FUNCTION_NAMES)[number];
      expect(FUNCTION_PARAMETERS[name].map((p) => [p.name, p.optional === true])).toEqual(f.parameters.map((p) => [p.name, p.optional === true]));
      expect(argumentList(name)).toBe(f.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(", "));
    }
  });

  it("show BAND's results as optional, as Excel does", () => {
    expect(argumentList("BAND")).toBe("value, thresholds, [results], [below]");
  });
});
