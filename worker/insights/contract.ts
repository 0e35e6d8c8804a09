/**
 * The rule insights wire shapes, declared once: the route validates and documents with them,
 * and the dashboard imports the types (type-only, so no zod reaches its bundle).
 */
import { z } from "@hono/zod-openapi";
import { InstantQuery } from "../http/paging";

export const InsightsQuerySchema = z.object({
  from: InstantQuery.optional(),
  to: InstantQuery.optional(),
});

const GroupStatSchema = z.object({
  id: z.string(),
  name: z
    .string()
    .nullable()
    .openapi({ description: "The rule's, team's or rep's name in the active config." }),
  leads: z.number().openapi({ description: "Leads routed here in the period." }),
  resolved: z
    .number()
    .openapi({ description: "Of them, leads with an outcome (converted, lost or no-show)." }),
  conversions: z.number(),
  rate: z.number().openapi({ description: "Posterior mean conversion, Beta(1 + conversions, 1 + losses)." }),
  lower: z.number().openapi({ description: "5% quantile of the posterior (90% credible interval)." }),
  upper: z.number().openapi({ description: "95% quantile of the posterior." }),
});
export type GroupStatView = z.infer<typeof GroupStatSchema>;

const FlagSchema = z.object({
  kind: z.enum(["rule", "segment", "rep"]),
  ruleId: z.string().nullable(),
  teamId: z.string().nullable(),
  repId: z.string().nullable(),
  segment: z.string().nullable(),
  stat: GroupStatSchema.omit({ name: true }),
  baseline: z.number(),
  message: z.string(),
});
export type InsightFlagView = z.infer<typeof FlagSchema>;

const SuggestionSchema = z.object({
  kind: z.enum(["destination", "new_rule", "weight", "segment_fact"]),
  flag: z.number().openapi({ description: "Index of the flag it answers." }),
  title: z.string(),
  reason: z.string(),
  change: z.object({
    path: z.array(z.union([z.string(), z.number()])),
    before: z.unknown(),
    after: z.unknown(),
  }),
  expected: z.object({ leads: z.number(), before: z.number(), after: z.number() }).nullable(),
  draft: z.unknown().openapi({
    description:
      "The active config with this one change: replay it with POST /v1/admin/backtest, then save and publish it.",
  }),
});
export type SuggestionView = z.infer<typeof SuggestionSchema>;

export const InsightsSchema = z
  .object({
    range: z.object({ from: z.string(), to: z.string() }),
    version: z
      .number()
      .nullable()
      .openapi({ description: "The active config version the suggestions change." }),
    overall: GroupStatSchema,
    rules: z.array(GroupStatSchema),
    teams: z.array(GroupStatSchema),
    reps: z.array(GroupStatSchema.extend({ teamId: z.string().nullable() })),
    flags: z.array(FlagSchema),
    suggestions: z.array(SuggestionSchema),
  })
  .openapi("Insights");
export type Insights = z.infer<typeof InsightsSchema>;
