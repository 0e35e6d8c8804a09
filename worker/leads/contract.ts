/**
 * The admin lead API's wire shapes, declared once: the routes validate and document with
 * them, the server types come from `z.infer`, and the dashboard imports the types only.
 * (Reassignment lives in reassign-contract.ts.)
 */
import { z } from "@hono/zod-openapi";
import { DeliverySchema } from "../notify/contract";
import { CursorQuery, IdQuery, InstantQuery, LimitQuery } from "../http/paging";
import { OUTCOME_KINDS } from "./outcomes";

export const LeadIdParam = z.object({
  leadId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "leadId", in: "path" } }),
});

export const LeadsQuery = z.object({
  status: z
    .string()
    .regex(/^[a-z_]{1,20}$/)
    .optional(),
  teamId: IdQuery.optional(),
  repId: IdQuery.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  from: InstantQuery.optional(),
  to: InstantQuery.optional(),
  limit: LimitQuery(200, 50),
  cursor: CursorQuery,
});
/** The list's filters as the dashboard sends them (ISO dates or datetimes bound `createdAt`). */
export type LeadFilters = Partial<
  Pick<z.input<typeof LeadsQuery>, "status" | "teamId" | "repId" | "q" | "from" | "to">
>;

export const LeadSummarySchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    status: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    company: z.string().nullable(),
    formId: z.string(),
    teamId: z.string().nullable(),
    repId: z.string().nullable(),
    repName: z.string().nullable(),
    ruleId: z.string().nullable(),
  })
  .openapi("LeadSummary");
/** One row of the lead list. */
export type LeadSummary = z.infer<typeof LeadSummarySchema>;

export const LeadsPageSchema = z.object({
  leads: z.array(LeadSummarySchema),
  nextCursor: z.string().nullable(),
});
export type LeadsPage = z.infer<typeof LeadsPageSchema>;

export const TimelineEntrySchema = z.object({
  at: z.string(),
  kind: z.string().openapi({
    description:
      "received, routed, unrouted, notified, accepted, booked, canceled, rescheduled, reassigned, escalated, outcome, erased, event_list (made from an event-list row), event_merged (an event-list row merged into it)",
  }),
  detail: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

const Instant = z.string().nullable();

export const LeadDetailSchema = z
  .object({
    lead: z.object({
      id: z.string(),
      createdAt: z.string(),
      status: z.string(),
      formId: z.string(),
      email: z.string().nullable(),
      name: z.string().nullable(),
      fields: z.record(z.string(), z.unknown()),
      context: z.unknown(),
      facts: z.unknown().optional(),
      spam: z.boolean(),
      score: z.number().nullable(),
      tier: z.string().nullable(),
      configVersion: z.number().nullable(),
      slotsShownAt: Instant,
      erasedAt: Instant,
      lastRoutingError: z.string().nullable(),
    }),
    timeline: z.array(TimelineEntrySchema),
    decisions: z.array(
      z.object({
        at: z.string(),
        kind: z.string(),
        ruleId: z.string().nullable(),
        configVersion: z.number().nullable(),
        destination: z.unknown(),
        trace: z.unknown(),
      }),
    ),
    assignments: z.array(
      z.object({
        id: z.string(),
        attempt: z.number(),
        repId: z.string(),
        teamId: z.string().nullable(),
        ruleId: z.string().nullable(),
        status: z.string(),
        reason: z.string().nullable(),
        assignedBy: z.string().nullable(),
        assignedAt: Instant,
        acceptDeadline: Instant,
        acceptedAt: Instant,
      }),
    ),
    bookings: z.array(
      z.object({
        id: z.string(),
        repId: z.string(),
        teamId: z.string().nullable(),
        status: z.string(),
        timezone: z.string().nullable(),
        calendarProvider: z.string(),
        calendarSyncStatus: z.string(),
        start: Instant,
        end: Instant,
        createdAt: Instant,
        canceledAt: Instant,
      }),
    ),
    deliveries: z.array(DeliverySchema),
    outcomes: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        repId: z.string().nullable(),
        at: Instant,
        recordedAt: Instant,
        details: z.unknown(),
      }),
    ),
  })
  .openapi("LeadDetail");
/** The lead page: the lead, its timeline, routing traces, bookings, deliveries and outcomes. */
export type LeadDetail = z.infer<typeof LeadDetailSchema>;

export const AcceptedSchema = z.object({
  assignmentId: z.string(),
  repId: z.string(),
  acceptedAt: z.number(),
  alreadyAccepted: z.boolean(),
});
export type Accepted = z.infer<typeof AcceptedSchema>;

export const OutcomeRequestSchema = z.strictObject({
  kind: z.enum(OUTCOME_KINDS),
  at: z.iso.datetime({ offset: true }).optional().openapi({ description: "When it happened; default now" }),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type OutcomeRequest = z.input<typeof OutcomeRequestSchema>;

export const OutcomeRecordedSchema = z.object({
  id: z.string(),
  repId: z.string().nullable(),
  slaStopped: z.boolean(),
});
export type OutcomeRecorded = z.infer<typeof OutcomeRecordedSchema>;

export const OutcomeListSchema = z.object({
  outcomes: z.array(
    z.object({ id: z.string(), kind: z.string(), repId: z.string().nullable(), at: z.number() }),
  ),
});
