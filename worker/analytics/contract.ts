/**
 * The analytics API's wire shapes, declared once: the route validates and documents with
 * them, the server types come from `z.infer`, and the dashboard imports the types only.
 */
import { z } from "@hono/zod-openapi";
import { InstantQuery } from "../http/paging";
import { OUTCOME_KINDS, type OutcomeKind } from "../leads/outcomes";

export const AnalyticsQuery = z.object({
  from: InstantQuery.optional(),
  to: InstantQuery.optional(),
  bucket: z.enum(["day", "week"]).default("day"),
});

const Outcomes = z.object(
  Object.fromEntries(OUTCOME_KINDS.map((k) => [k, z.number()])) as Record<OutcomeKind, z.ZodNumber>,
);
/** Outcomes recorded per kind, every kind present. */
export type OutcomeCounts = z.infer<typeof Outcomes>;

export const AnalyticsSchema = z
  .object({
    range: z.object({ from: z.string(), to: z.string(), bucket: z.enum(["day", "week"]) }),
    series: z.array(
      z.object({
        date: z.string(),
        leads: z.number(),
        routed: z.number(),
        slotsShown: z.number(),
        booked: z.number(),
      }),
    ),
    distribution: z.array(
      z.object({
        teamId: z.string().nullable(),
        repId: z.string(),
        repName: z.string(),
        count: z.number(),
        share: z.number(),
        targetShare: z.number().nullable(),
      }),
    ),
    sla: z.array(
      z.object({
        teamId: z.string().nullable(),
        assignments: z.number(),
        accepted: z.number(),
        breached: z.number(),
        compliance: z.number().nullable(),
        medianMinutesToAccept: z.number().nullable(),
      }),
    ),
    funnel: z.object({
      submitted: z.number(),
      slotsShown: z.number(),
      booked: z.number(),
      followedUp: z.number().describe("Shown slots, not booked, and sent the not-booked follow-up."),
      recovered: z.number().describe("Of those followed up, how many booked afterwards."),
    }),
    conversion: z.object({
      byRule: z.array(z.object({ ruleId: z.string().nullable(), leads: z.number(), outcomes: Outcomes })),
      byRep: z.array(
        z.object({
          repId: z.string().nullable(),
          repName: z.string().nullable(),
          leads: z.number(),
          outcomes: Outcomes,
        }),
      ),
    }),
  })
  .openapi("Analytics");
/** Leads over time, distribution against target, SLA, funnel and conversion. */
export type Analytics = z.infer<typeof AnalyticsSchema>;
