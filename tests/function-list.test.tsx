/** @jest-environment jsdom */
/**
 * The pane's list of TARGET.* functions, rendered: each function's arguments as Excel's
 * formula help shows them, read from the built metadata (dist/functions.json), optional ones
 * in brackets (BAND's results among them). And "Explain this cell" passes each argument as
 * Excel does: a 2-D block exactly where the metadata says "matrix".
 */
import * as fs from "fs";
import * as path from "path";
import { render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { FunctionList } from "../src/taskpane/components/FunctionList";
import { MATRIX_PARAMETERS } from "../src/taskpane/explain/run-function";
import { FUNCTION_NAMES, stringsFor } from "../src/taskpane/i18n";

interface Metadata {
  functions: { id: string; parameters: { name: string; optional?: boolean; dimensionality?: string }[] }[];
}

const file = path.resolve(__dirname, "../dist/functions.json");

describe("the pane's function list", () => {
  it("shows every function with the arguments of the built metadata, optional ones in brackets", () => {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
    const metadata = JSON.parse(fs.readFileSync(file, "utf8")) as Metadata;
    render(
      <FluentProvider theme={webLightTheme}>
        <FunctionList t={stringsFor("en-US")} names={FUNCTION_NAMES} heading="Functions" headingId="functions" />
      </FluentProvider>,
    );
    const shown = screen.getAllByRole("term").map((dt) => dt.textContent);
    const want = FUNCTION_NAMES.map((id) => {
      const fn = metadata.functions.find((f) => f.id === id)!;
      return `=TARGET.${id}(${fn.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(", ")})`;
    });
    expect(shown).toEqual(want);
    expect(shown).toContain("=TARGET.BAND(value, thresholds, [results], [below])");
  });

  it("explains a cell with the parameters Excel passes as ranges exactly those of the metadata", () => {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
    const metadata = JSON.parse(fs.readFileSync(file, "utf8")) as Metadata;
    for (const id of FUNCTION_NAMES) {
      const fn = metadata.functions.find((f) => f.id === id)!;
      expect([id, fn.parameters.filter((p) => p.dimensionality === "matrix").map((p) => p.name)]).toEqual([id, [...MATRIX_PARAMETERS[id]]]);
    }
  });
});
