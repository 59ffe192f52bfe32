/**
 * The project's own lint rules (eslint-rules/): each one flags what it is for and leaves the
 * rest alone. "No sync inside a loop" must see every object a sync is called on, not only
 * one named `context`.
 */
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rule = require("../eslint-rules/no-sync-in-loop.cjs");

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser as never, ecmaVersion: 2022, sourceType: "module" } });

// RuleTester makes a describe and one test per case of its own (the flagged sync on any
// object inside a loop or an array callback; one after the loop passes).
describe("target-planner/no-sync-in-loop", () => {
    tester.run("no-sync-in-loop", rule as never, {
      valid: [
        "async function f(ctx) { for (const n of names) ctx.workbook.names.add(n); await ctx.sync(); }",
        "async function f(ctx) { const xs = items.map((x) => x.load('name')); await ctx.sync(); }",
        "async function f(req) { for (const x of await req.sync()) use(x); }",
        "async function f(req) { for (const s of sheets) queue(s, async () => {}); await req.sync(); }",
        "function g(list) { return list.sync; }",
      ],
      invalid: [
        { code: "async function f(ctx) { for (const n of names) { ctx.workbook.names.add(n); await ctx.sync(); } }", errors: [{ messageId: "loopedSync" }] },
        { code: "async function f(req) { for (const n of names) { add(n); await req.sync(); } }", errors: [{ messageId: "loopedSync" }] },
        { code: "async function f(context) { let i = 0; while (i++ < 3) await context.sync(); }", errors: [{ messageId: "loopedSync" }] },
        { code: "class W { async go() { for (let i = 0; i < 3; i++) await this.sync(); } async sync() {} }", errors: [{ messageId: "loopedSync" }] },
        { code: "async function f(sync) { do { await sync(); } while (more()); }", errors: [{ messageId: "loopedSync" }] },
        { code: "function f(ctx, names) { names.forEach(async (n) => { add(n); await ctx.sync(); }); }", errors: [{ messageId: "loopedSync" }] },
      ],
    });
});
