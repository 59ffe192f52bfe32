/**
 * The built bundle as Excel loads it: dist/functions.js in a bare JavaScript context (no
 * DOM) with stand-ins for `CustomFunctions` and `Office`. Every function in
 * dist/functions.json must be registered under its id, and answer the seed fixtures when
 * called as Excel calls it (2-D arrays, nulls for blanks).
 */
import * as fs from "fs";
import * as path from "path";
import { closeTo, seedCases } from "./helpers/fixtures";
import { CustomFunctionsErrorStub } from "./helpers/custom-functions";
import { DIST, callExcel as call, loadBundle } from "./helpers/bundle";

const CONTRACT_IDS = ["ATTAIN", "BAND", "COMMISSION", "PACE", "SCORE", "SPLIT", "SPREAD", "STATUS"];

interface Metadata {
  functions: { id: string; name: string; description: string; parameters: { name: string; description: string }[] }[];
}

function readJson<T>(file: string): T {
  const p = path.join(DIST, file);
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: run \`npm run build\` first (npm test does)`);
  return JSON.parse(fs.readFileSync(p, "utf8")) as T;
}

describe("the built functions bundle", () => {
  const metadata = readJson<Metadata>("functions.json");
  const registered = loadBundle("en-US");

  it("registers every function of functions.json under its id", () => {
    const ids = metadata.functions.map((f) => f.id).sort();
    expect(Object.keys(registered).sort()).toEqual(ids);
  });

  it("declares all eight functions of the contract, with names equal to ids", () => {
    expect(metadata.functions.map((f) => f.id).sort()).toEqual(CONTRACT_IDS);
    for (const f of metadata.functions) expect(f.name).toBe(f.id);
  });

  for (const c of seedCases()) {
    it(`answers ${c.fn} "${c.name}"`, () => {
      const fn = registered[c.fn];
      expect(typeof fn).toBe("function");
      const { value, error } = call(fn, c.args);
      if (c.error) {
        expect(error?.code).toBe(c.error);
        expect(error?.message).toBeTruthy();
        expect(error?.message).not.toBe(c.error);
      } else {
        expect(error).toBeUndefined();
        expect(closeTo(value, c.expect, c.exact)).toBe(true);
      }
    });
  }

  it("speaks Chinese when Office's display language is Chinese", () => {
    const zh = loadBundle("zh-CN");
    const { error } = call(zh.SPLIT, [100, [[1, "n/a"]], 1]);
    expect(error?.code).toBe("#VALUE!");
    expect(error?.message).toBe("权重，第1行第2列：“n/a”不是数字");
  });

  it("never lets a JavaScript exception escape: unexpected input still gives an Excel error", () => {
    for (const id of Object.keys(registered)) {
      const { error } = call(registered[id], [{ not: "a cell" }, [[{}]], Symbol.iterator]);
      expect(error).toBeInstanceOf(CustomFunctionsErrorStub);
    }
  });
});

describe("the Chinese metadata", () => {
  const en = readJson<Metadata>("functions.json");
  const zh = readJson<Metadata>("functions.zh-cn.json");
  const cjk = /[\u4e00-\u9fff]/;

  it("has the same functions, names and parameters as the English", () => {
    expect(zh.functions.map((f) => [f.id, f.name, f.parameters.map((p) => p.name)])).toEqual(
      en.functions.map((f) => [f.id, f.name, f.parameters.map((p) => p.name)]),
    );
  });

  it("translates every description and every parameter's help", () => {
    for (const f of zh.functions) {
      expect(f.description).toMatch(cjk);
      for (const p of f.parameters) expect(`${f.id}(${p.name}): ${p.description}`).toMatch(cjk);
    }
  });
});
