import { z } from "zod";
import { idSchema, issue, languageSchema, nonEmptyOneOf, verticalSchema } from "./primitives";

/**
 * Conditions (the `when` of rules and scoring rules) and destinations (the `then` of rules).
 *
 * There is deliberately no regex operator: a user-supplied pattern can backtrack for
 * seconds on a crafted input (ReDoS) and the router runs inside a request's CPU budget.
 * Prefix, suffix, substring and set membership cover what routing forms need.
 */

/** Deepest allowed nesting of conditions, counting the leaf (a bare leaf has depth 1). */
export const MAX_CONDITION_DEPTH = 8;
/** Most children one `all`/`any` may have; with the depth bound this caps evaluation cost. */
export const MAX_CONDITION_CHILDREN = 100;
/** Most values one `in`/`not_in` list may hold. */
export const MAX_IN_VALUES = 1000;

/** A dotted fact path, e.g. "fields.company", "utm.source", "account.owner". */
export const factSchema = z
  .string()
  .max(128)
  .regex(/^[a-z][a-z0-9_]*(\.[a-zA-Z0-9_]+)*$/, 'Must be a dotted fact path such as "fields.company"')
  .meta({
    description:
      "Dotted path of a lead fact: fields.<name>, email_domain, is_free_email, country, region, postal_code, employees, revenue, score, tier, account.matched, account.owner, source, utm.<key>.",
    examples: ["email_domain", "fields.company", "utm.source", "employees", "tier"],
  });

const scalarSchema = z.union([z.string().max(500), z.number(), z.boolean()], {
  error: "Expected a string, number or boolean",
});

/** A condition that compares one fact; the `op` decides the shape of `value`. */
export type LeafCondition =
  | {
      fact: string;
      op: "eq" | "neq" | "contains" | "starts_with" | "ends_with";
      value: string | number | boolean;
    }
  | { fact: string; op: "in" | "not_in"; value: (string | number)[] }
  | { fact: string; op: "gt" | "gte" | "lt" | "lte"; value: number }
  | { fact: string; op: "exists" }
  | { fact: string; op: "in_region"; value: string }
  | { fact: string; op: "in_territory"; value: string };

/** A boolean expression over lead facts. */
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | LeafCondition;

const leafConditionSchema = z.discriminatedUnion("op", [
  z.strictObject({
    fact: factSchema,
    op: z.enum(["eq", "neq", "contains", "starts_with", "ends_with"]),
    value: scalarSchema,
  }),
  z.strictObject({
    fact: factSchema,
    op: z.enum(["in", "not_in"]),
    value: z
      .array(z.union([z.string().max(500), z.number()], { error: "Expected a string or number" }))
      .min(1)
      .max(MAX_IN_VALUES),
  }),
  z.strictObject({ fact: factSchema, op: z.enum(["gt", "gte", "lt", "lte"]), value: z.number() }),
  z.strictObject({ fact: factSchema, op: z.literal("exists") }),
  z.strictObject({
    fact: factSchema,
    op: z.literal("in_region"),
    value: idSchema.describe("Id of a region in `regions`."),
  }),
  z.strictObject({
    fact: factSchema,
    op: z.literal("in_territory"),
    value: idSchema.describe("Id of a territory in `territories`."),
  }),
]);

// Built lazily (conditionSchema does not exist yet while this module loads) and cached, so
// every getter call returns the same array schema.
// `all: []` is allowed and always matches (a deliberate catch-all); `any: []` could never
// match, so it is refused.
let allChildren: z.ZodArray<z.ZodType<Condition, Condition>> | undefined;
let anyChildren: z.ZodArray<z.ZodType<Condition, Condition>> | undefined;
const allSchema = () => (allChildren ??= z.array(conditionSchema).max(MAX_CONDITION_CHILDREN));
const anySchema = () => (anyChildren ??= z.array(conditionSchema).min(1).max(MAX_CONDITION_CHILDREN));

/**
 * A condition: `{ all: [...] }`, `{ any: [...] }`, `{ not: ... }` or a leaf
 * `{ fact, op, value }`. The nesting bound is checked by {@link boundedConditionSchema}.
 */
export const conditionSchema: z.ZodType<Condition, Condition> = z
  .union(
    [
      // Named so the JSON Schema gets stable $defs names instead of "__schema0".
      z
        .strictObject({
          get all(): z.ZodArray<z.ZodType<Condition, Condition>> {
            return allSchema();
          },
        })
        .meta({
          id: "AllCondition",
          description: "Matches when every child matches; `{ all: [] }` always matches.",
        }),
      z
        .strictObject({
          get any(): z.ZodArray<z.ZodType<Condition, Condition>> {
            return anySchema();
          },
        })
        .meta({ id: "AnyCondition", description: "Matches when at least one child matches." }),
      z
        .strictObject({
          get not(): z.ZodType<Condition, Condition> {
            return conditionSchema;
          },
        })
        .meta({ id: "NotCondition", description: "Matches when the child does not." }),
      leafConditionSchema,
    ],
    { error: "Expected a condition: { all: [...] }, { any: [...] }, { not: {...} } or { fact, op, value }" },
  )
  .meta({
    id: "Condition",
    description: `Boolean expression over lead facts: { all: [...] }, { any: [...] }, { not: {...} } or { fact, op, value }; at most ${MAX_CONDITION_DEPTH} levels deep, counting the leaf.`,
  });

/** Calls `visit` on every condition node, depth-first, with its path relative to `root`. */
export function walkCondition(
  root: Condition,
  visit: (node: Condition, path: (string | number)[], depth: number) => void,
  path: (string | number)[] = [],
  depth = 1,
): void {
  visit(root, path, depth);
  if ("all" in root) root.all.forEach((c, i) => walkCondition(c, visit, [...path, "all", i], depth + 1));
  else if ("any" in root) root.any.forEach((c, i) => walkCondition(c, visit, [...path, "any", i], depth + 1));
  else if ("not" in root) walkCondition(root.not, visit, [...path, "not"], depth + 1);
}

/** A condition whose nesting is at most {@link MAX_CONDITION_DEPTH}; use this for `when`. */
export const boundedConditionSchema = conditionSchema.check((ctx) => {
  let reported = false;
  walkCondition(ctx.value, (_node, path, depth) => {
    // One error per condition is enough: it names the first node past the bound.
    if (depth > MAX_CONDITION_DEPTH && !reported) {
      reported = true;
      issue(
        ctx,
        path,
        "condition_too_deep",
        `Conditions may nest at most ${MAX_CONDITION_DEPTH} levels deep`,
      );
    }
  });
});

const skillsSchema = z
  .strictObject({
    languages: z.array(languageSchema).max(20).optional().describe("Rep must speak one of these."),
    verticals: z.array(verticalSchema).max(50).optional().describe("Rep must cover one of these."),
  })
  .check((ctx) => {
    if (!ctx.value.languages?.length && !ctx.value.verticals?.length) {
      issue(ctx, [], "empty_skills", "Name at least one language or vertical");
    }
  })
  .meta({ anyOf: nonEmptyOneOf(["languages", "verticals"]) });

// Named reps are held to the same eligibility as team members (active, not OOO, under their
// caps); working hours only when the destination asks, as a team's `requireWorkingHours` does.
const workingHoursFlag = z
  .boolean()
  .optional()
  .describe("Also require the rep to be inside its working hours; otherwise the fallback takes the lead.");

/** Where a matched lead goes. */
export const destinationSchema = z
  .discriminatedUnion("type", [
    z
      .strictObject({
        type: z.literal("team"),
        teamId: idSchema.describe("Team whose distribution picks the rep."),
      })
      .describe("Hand the lead to a team; the team's distribution mode picks the rep."),
    z
      .strictObject({
        type: z.literal("rep"),
        repId: idSchema.describe("The named rep."),
        fallbackTeamId: idSchema.optional().describe("Team used when the rep is not eligible."),
        requireWorkingHours: workingHoursFlag,
      })
      .describe("Send the lead to one named rep."),
    z
      .strictObject({
        type: z.literal("account_owner"),
        fallbackTeamId: idSchema.describe(
          "Team used when there is no matched owner or the owner is not eligible.",
        ),
        requireWorkingHours: workingHoursFlag,
      })
      .describe("Send the lead to the owner of the matched account."),
    z
      .strictObject({
        type: z.literal("crm_owner"),
        fallbackTeamId: idSchema.describe(
          "Team used when the CRM has no owner mapped to a rep, the owner is not eligible, or the CRM did not answer in time.",
        ),
        requireWorkingHours: workingHoursFlag,
      })
      .describe("Send the lead to its CRM owner: the contact's owner, else the company's owner."),
    z
      .strictObject({
        type: z.literal("skill"),
        teamId: idSchema.describe("Team to pick from."),
        skills: skillsSchema.describe(
          "Required skills: a rep qualifies when it has one of the listed languages (if any) and one of the listed verticals (if any).",
        ),
      })
      .describe("Pick, within a team, among reps who have the required skills."),
  ])
  .meta({ id: "Destination", description: "Where a matched lead goes." });

/** Where a matched lead goes. */
export type Destination = z.output<typeof destinationSchema>;
