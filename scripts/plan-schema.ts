/**
 * Emits the plan's JSON Schema (docs/plan.schema.json) from the zod schema in
 * src/sheets/plan.ts: `npm run plan:schema`. A test checks that the committed file equals
 * what this script emits (the test never writes it).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { PlanSchema } from "../src/sheets/plan";

/** Where the schema is committed, from the repository root. */
export const PLAN_SCHEMA_FILE = "docs/plan.schema.json";

/**
 * The plan's JSON Schema as the text of docs/plan.schema.json (2-space JSON, final newline).
 * @example JSON.parse(planSchemaText()).title // "Target Planner plan"
 */
export function planSchemaText(): string {
  const schema = z.toJSONSchema(PlanSchema, { target: "draft-2020-12" });
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && /plan-schema\.ts$/.test(process.argv[1])) {
  const file = path.resolve(__dirname, "..", PLAN_SCHEMA_FILE);
  fs.writeFileSync(file, planSchemaText());
  console.log(`wrote ${PLAN_SCHEMA_FILE}`);
}
