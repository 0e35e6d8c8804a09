import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { loadLeadDetail, type LeadDetailRows } from "./lead-admin-queries";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { deliverySummaries } from "../notify/admin-deliveries";
import { LeadDetailSchema, LeadIdParam, type LeadDetail } from "./contract";
import { iso, leadName, parseJson } from "../http/paging";

type Row = Record<string, any>;
type Event = { at: number; kind: string; detail: Record<string, unknown> };

const detailRoute = createRoute({
  method: "get",
  path: "/leads/{leadId}",
  summary: "One lead with its timeline, routing traces, bookings, deliveries and outcomes",
  security: adminSecurity,
  ...access("analyst"),
  request: {
    params: LeadIdParam,
  },
  responses: {
    200: jsonResponse(LeadDetailSchema, "The lead"),
    404: errorResponse("No such lead"),
    ...adminErrors,
  },
});

/** What happened to the lead, oldest first, from every table that records a step. */
export function buildTimeline(
  d: NonNullable<LeadDetailRows>,
  deliveries: { event: string; channel: string; status: string; createdAt: string; id: string }[],
): Event[] {
  const lead = d.lead;
  const events: Event[] = [{ at: lead.created_at, kind: "received", detail: { formId: lead.form_id } }];
  for (const dec of d.decisions)
    events.push({
      at: dec.at,
      kind: dec.outcome === "assigned" ? "routed" : "unrouted",
      detail: { ruleId: dec.ruleId },
    });
  if (lead.status === "unrouted")
    events.push({ at: lead.updated_at, kind: "unrouted", detail: { error: lead.last_routing_error } });
  const byAttempt = new Map<number, Row>(d.assignments.map((a) => [a.attempt, a]));
  for (const a of d.assignments) {
    const detail = { repId: a.repId, teamId: a.teamId, reason: a.reason, by: a.assignedBy ?? null };
    if (a.attempt > 0) {
      const kind = byAttempt.get(a.attempt - 1)?.status === "escalated" ? "escalated" : "reassigned";
      events.push({ at: a.assignedAt, kind, detail });
    }
    if (a.acceptedAt) events.push({ at: a.acceptedAt, kind: "accepted", detail: { repId: a.repId } });
  }
  for (const b of d.bookings) {
    events.push({
      at: b.createdAt,
      kind: "booked",
      detail: { bookingId: b.id, repId: b.repId, start: iso(b.startAt) },
    });
    if (b.canceledAt && (b.status === "canceled" || b.status === "rescheduled"))
      events.push({ at: b.canceledAt, kind: b.status, detail: { bookingId: b.id } });
  }
  for (const n of deliveries)
    if (n.status === "delivered")
      events.push({
        at: Date.parse(n.createdAt),
        kind: "notified",
        detail: { channel: n.channel, event: n.event, deliveryId: n.id },
      });
  for (const o of d.outcomes)
    events.push({ at: o.at, kind: "outcome", detail: { outcome: o.kind, repId: o.repId } });
  if (lead.erased_at) events.push({ at: lead.erased_at, kind: "erased", detail: {} });
  // Stable: same-instant steps keep the order they were pushed in (received before routed).
  return events.toSorted((a, b) => a.at - b.at);
}

function facts(decisions: Row[]): unknown {
  const trace = parseJson(decisions[decisions.length - 1]?.trace) as { routing?: { facts?: unknown } } | null;
  return trace?.routing?.facts;
}

/** The lead page: everything about one lead, read in one D1 round trip. */
export const adminLeadDetail = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  detailRoute,
  async (c) => {
    const { leadId } = c.req.valid("param");
    const d = await loadLeadDetail(c.env.DB, leadId);
    if (!d) throw new AppError(404, "not_found", "No such lead.");
    const l = d.lead;
    const fields = (parseJson(l.fields) ?? {}) as Record<string, unknown>;
    const deliveries = deliverySummaries(d.deliveries);
    const timeline = buildTimeline(d, deliveries).map((e) => ({ ...e, at: iso(e.at)! }));
    return c.json(
      {
        lead: {
          id: l.id,
          createdAt: iso(l.created_at)!,
          status: l.status,
          formId: l.form_id,
          email: l.email,
          name: leadName(fields),
          fields,
          context: parseJson(l.context),
          facts: facts(d.decisions) ?? undefined,
          spam: l.status === "spam",
          score: l.score,
          tier: l.tier,
          configVersion: l.config_version,
          slotsShownAt: iso(l.slots_shown_at),
          erasedAt: iso(l.erased_at),
          lastRoutingError: l.last_routing_error,
        },
        timeline,
        decisions: d.decisions.map((dec) => ({
          at: iso(dec.at)!,
          kind: dec.outcome,
          ruleId: dec.ruleId,
          configVersion: dec.configVersion,
          destination: parseJson(dec.destination),
          trace: parseJson(dec.trace),
        })),
        assignments: d.assignments.map((a) => ({
          id: a.id,
          attempt: a.attempt,
          repId: a.repId,
          teamId: a.teamId,
          ruleId: a.ruleId,
          status: a.status,
          reason: a.reason,
          assignedBy: a.assignedBy,
          assignedAt: iso(a.assignedAt),
          acceptDeadline: iso(a.acceptDeadline),
          acceptedAt: iso(a.acceptedAt),
        })),
        bookings: d.bookings.map((b) => ({
          id: b.id,
          repId: b.repId,
          teamId: b.teamId,
          status: b.status,
          timezone: b.timezone,
          calendarProvider: b.calendarProvider,
          calendarSyncStatus: b.calendarSyncStatus,
          start: iso(b.startAt),
          end: iso(b.endAt),
          createdAt: iso(b.createdAt),
          canceledAt: iso(b.canceledAt),
        })),
        deliveries,
        outcomes: d.outcomes.map((o) => ({
          id: o.id,
          kind: o.kind,
          repId: o.repId,
          at: iso(o.at),
          recordedAt: iso(o.recordedAt),
          details: parseJson(o.details),
        })),
      } satisfies LeadDetail,
      200,
    );
  },
);
