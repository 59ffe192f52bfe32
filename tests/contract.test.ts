/**
 * The built bundle as Excel loads it: dist/functions.js in a bare JavaScript context (no
 * DOM) with stand-ins for `CustomFunctions` and `Office`. Every function in
 * dist/functions.json must be registered under its id, and answer the seed fixtures when
 * called as Excel calls it (2-D arrays, nulls for blanks).
 */
import * as fs from "fs";
import * as path from "path";
import { FakeExcel } from "./fake-excel/fake-excel";
import { closeTo, seedCases } from "./helpers/fixtures";
import { CustomFunctionsErrorStub, type FormulaArg, type Marshalling, excelCall } from "./helpers/custom-functions";
import { DIST, ONE_CELL_IDS, type Registered, callExcel as call, callExcelAsync, loadBundle } from "./helpers/bundle";

const CONTRACT_IDS = ["ATTAIN", "BAND", "COMMISSION", "PACE", "SCORE", "SPLIT", "SPREAD", "STATUS"];

interface Metadata {
  allowCustomDataForDataTypeAny?: boolean;
  functions: {
    id: string;
    name: string;
    description: string;
    parameters: { name: string; description: string }[];
    options?: { requiresParameterAddresses?: boolean };
    result?: { dimensionality?: string };
  }[];
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

describe("the metadata Excel reads", () => {
  const en = readJson<Metadata>("functions.json");
  const zh = readJson<Metadata>("functions.zh-cn.json");

  it("turns off data-type objects: Excel passes a Stocks or Geography cell's basic value, as its own formulas see it", () => {
    // The generator writes true; webpack.config.js sets it deliberately.
    expect([en.allowCustomDataForDataTypeAny, zh.allowCustomDataForDataTypeAny]).toEqual([false, false]);
  });

  it("asks for the arguments' addresses of the one-cell functions, with the matrix result that needs", () => {
    // "This property must be used in combination with the dimensionality property of the
    // result object, and dimensionality must be set to matrix" (custom functions JSON metadata).
    for (const meta of [en, zh]) {
      const asking = meta.functions.filter((f) => f.options?.requiresParameterAddresses).map((f) => f.id);
      expect(asking.sort()).toEqual([...ONE_CELL_IDS].sort());
      for (const f of meta.functions) if (f.options?.requiresParameterAddresses) expect([f.id, f.result?.dimensionality]).toEqual([f.id, "matrix"]);
    }
  });

  it("says in both languages that the pane explains errors Excel shows without a message", () => {
    for (const f of en.functions) expect(f.description).toContain("Explain this cell");
    for (const f of zh.functions) expect(f.description).toContain("解释此单元格");
  });

  it("tells in both languages how to keep an empty actual empty on Excel for Windows and Mac", () => {
    for (const meta of [en, zh]) {
      for (const f of meta.functions.filter((g) => ONE_CELL_IDS.includes(g.id))) {
        const actual = f.parameters[0];
        expect(`${f.id}(${actual.name}): ${actual.description}`).toContain('=IF(B2="","",…)');
      }
    }
  });
});

describe("the built bundle as Excel calls it, in both marshalling styles", () => {
  /** A tracking sheet: B2 empty, B3 a real 0, B4 95; targets of 100. */
  function workbook(): FakeExcel {
    const fake = new FakeExcel(["Tracking"]);
    fake.seed("Tracking", { B3: 0, B4: 95, C2: 100, C3: 100, C4: 100 });
    return fake;
  }
  const cell = (a: string): FormulaArg => ({ cell: a });

  async function callAs(style: Marshalling, fake: FakeExcel, fn: Registered, formulaArgs: FormulaArg[]): Promise<unknown> {
    const { args, invocation } = excelCall(style, (s, r, c) => fake.sheet(s).cell(r, c)?.value, formulaArgs);
    const { value, error } = await callExcelAsync(fn, [...args, invocation]);
    return error ? error.code : value;
  }

  it.each<Marshalling>(["web", "desktop"])("keeps an empty month empty and a real 0 red (%s), reading the workbook once", async (style) => {
    const fake = workbook();
    const bundle = loadBundle("en-US", { excelRun: (batch) => fake.run(batch as never) });
    const rows = ["B2", "B3", "B4"].map((b, i) => callAs(style, fake, bundle.STATUS, [cell(`Tracking!${b}`), cell(`Tracking!C${i + 2}`), undefined, undefined, undefined]));
    expect(await Promise.all(rows)).toEqual(["", "red", "yellow"]);
    expect([fake.runOptions.length, fake.syncs]).toEqual([1, 1]);
    expect(await callAs(style, fake, bundle.ATTAIN, [cell("Tracking!B2"), cell("Tracking!C2"), undefined])).toBe("");
  });

  it("answers each one-cell function as a 1 × 1 range", () => {
    const bundle = loadBundle("en-US");
    const raw = bundle.STATUS(95, 100, null, null, null, { parameterAddresses: ["", "", "", "", ""] });
    expect(raw).toEqual([["yellow"]]);
  });

  it("without the Excel API, keeps today's reading of an empty cell on desktop: 0", () => {
    const fake = workbook();
    const bundle = loadBundle("en-US");
    const { args, invocation } = excelCall("desktop", (s, r, c) => fake.sheet(s).cell(r, c)?.value, [cell("Tracking!B2"), cell("Tracking!C2"), undefined, undefined, undefined]);
    expect(call(bundle.STATUS, [...args, invocation])).toEqual({ value: "red" });
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
