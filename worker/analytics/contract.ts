/**
 * The analytics API's wire shapes, declared once: the route validates and documents with
 * them, the server types come from `z.infer`, and the dashboard imports the types only.
 */
import { z } from "@hono/zod-openapi";
import { OUTCOME_KINDS, type OutcomeKind } from "../leads/outcomes";

/** An instant with an offset, or a plain date read as the start of that day in the org's zone. */
const ZonedBound = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .openapi({ type: "string", example: "2026-12-01" });

export const AnalyticsQuery = z.object({
  from: ZonedBound.optional(),
  to: ZonedBound.optional(),
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(400)
    .optional()
    .openapi({ description: "The last N days of the org's calendar, today included (default 30)." }),
  bucket: z.enum(["day", "week"]).default("day"),
});

const Outcomes = z.object(
  Object.fromEntries(OUTCOME_KINDS.map((k) => [k, z.number()])) as Record<OutcomeKind, z.ZodNumber>,
);
/** Outcomes recorded per kind, every kind present. */
export type OutcomeCounts = z.infer<typeof Outcomes>;

export const AnalyticsSchema = z
  .object({
    range: z.object({
      from: z.string(),
      to: z.string(),
      bucket: z.enum(["day", "week"]),
      timeZone: z.string().describe("The org's zone: buckets are its calendar days or ISO weeks."),
    }),
    series: z.array(
      z.object({
        date: z.string().describe("The local date of the day, or the Monday of the ISO week."),
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
