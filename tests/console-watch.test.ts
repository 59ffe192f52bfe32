/*
 * The console watch of tests/setup/console.ts: an announced console.error passes (and is not
 * printed); one not announced fails its test (seen once with tests/pane/check-workbook.test.tsx
 * before its icons' classes were merged: three tests failed, naming the mergeClasses warning).
 */
import { expectConsoleError } from "./setup/console";

describe("console.error in a test", () => {
  test("announced with expectConsoleError: the test passes", () => {
    expectConsoleError(/could not open the task pane/);
    console.error("Target Planner: could not open the task pane.", new Error("no Office"));
  });
  test("the watch is installed for this suite", () => {
    expect(console.error.name).not.toBe("error");
  });
});
