/**
 * The revision list of a plan (目标修订记录): each time a target is revised during the year —
 * the market moved, a rep left — when, which node, from what to what, why, and who approved
 * it ("经销售负责人、总经理审批后"). The plan keeps its figures as first set; the revisions
 * are applied on top of them, in order, whenever the plan is built (`./revisions`).
 *
 * This module holds only the schema (zod 4, hooked into the plan's as the optional
 * `revisions` list); like `./cascade-plan` it imports nothing of `./plan` at run time, so
 * either may be loaded first.
 *
 * Money here is in 元 like everywhere in a plan; counts are plain numbers.
 */
import { z } from "zod";

const Id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/)
  .meta({ description: "Id: a letter, then letters, digits, _ or - (at most 40 characters)." });
const Text = z.string().min(1).max(200).meta({ description: "A name shown on the sheets (written as text)." });

/** Which node a revision changes: a split's member, a cascade node, or a tracking row with an annual target. */
export const RevisionNodeSchema = z
  .union([
    z
      .object({
        split: Id.meta({ description: "Id of the split." }),
        member: Text.meta({ description: "The member whose amount is revised (a region, a product line, a rep)." }),
      })
      .strict(),
    z
      .object({
        cascade: z.array(Text).min(1).max(50).meta({ description: "The node's path below the top, its own name last (e.g. [\"华东\", \"华东一组\", \"张伟\"])." }),
        target: Id.optional().meta({ description: "Id of the cascade's target type revised (default the first amount or count)." }),
      })
      .strict(),
    z
      .object({
        row: Text.meta({ description: "A tracking row (an indicator or a person) whose target is an annual figure." }),
      })
      .strict(),
  ])
  .meta({
    description:
      'The node revised: { "split", "member" } a split\'s member; { "cascade": [path], "target"? } a node of the cascade; { "row" } a tracking row with an annual target.',
  });
export type RevisionNode = z.infer<typeof RevisionNodeSchema>;

/** One revision of a target. */
export const RevisionSchema = z
  .object({
    date: z.iso.date().meta({ description: "When the revision took effect (YYYY-MM-DD)." }),
    node: RevisionNodeSchema,
    from: z.number().min(0).meta({ description: "The node's annual target before the revision (元, or a count): must be what the plan gives it then." }),
    to: z.number().min(0).meta({ description: "The revised annual target (元, or a count). The node holds it; its siblings share the rest of their parent's target." }),
    why: z.string().min(1).max(500).meta({ description: "Why (market change, a rep leaving …), written as text." }),
    approvedBy: z
      .union([Text, z.array(Text).min(1).max(10)])
      .meta({ description: "Who approved it (审批人): a name, or the names in order (销售负责人, 总经理)." }),
    applied: z
      .boolean()
      .optional()
      .meta({ description: "true: the plan's figures already hold it (a member's own workbook keeps the record of its revisions); only logged, never applied again." }),
  })
  .strict();
export type Revision = z.infer<typeof RevisionSchema>;

/** The plan's revision list, oldest first. */
export const RevisionsSchema = z.array(RevisionSchema).max(10000).meta({ description: "Target revisions (目标修订记录), oldest first: applied in order on top of the plan's figures, and logged on a sheet of their own." });
