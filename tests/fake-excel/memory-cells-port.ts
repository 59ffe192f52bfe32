/**
 * The component tests' fake live workbook (tests/pane/fake-port.ts) with the port's
 * `readFormulas` and `writeCells`, as the workbench has them (src/taskpane/workbench/memory-cells.ts).
 */
import type { CellWrite, WriteCellsOptions } from "../../src/excel/port";
import { readFormulasInMemory, writeCellsInMemory } from "../../src/taskpane/workbench/memory-cells";
import { FakePort, type FakePortOptions } from "../pane/fake-port";

/** A fake live workbook that can also set cells of its sheets (imported actuals). */
export class CellsPort extends FakePort {
  constructor(options: FakePortOptions = {}) {
    super(options);
  }

  async readFormulas(sheet: string, address: string) {
    this.calls.push(`readFormulas ${sheet}!${address}`);
    return readFormulasInMemory(this, sheet, address);
  }

  async writeCells(sheet: string, cells: CellWrite[], options?: WriteCellsOptions) {
    this.calls.push(`writeCells ${sheet} ${cells.length}`);
    return writeCellsInMemory(this, sheet, cells, options);
  }
}
