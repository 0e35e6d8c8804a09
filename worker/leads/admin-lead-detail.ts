import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { loadLeadDetail, type DecisionRow } from "./lead-admin-queries";
import { buildTimeline } from "./timeline";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { deliverySummaries } from "../notify/delivery-summary";
import { LeadDetailSchema, LeadIdParam, type LeadDetail } from "./contract";
import { iso, leadName, parseJson } from "../http/paging";

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

function facts(decisions: readonly DecisionRow[]): unknown {
  const trace = parseJson(decisions[decisions.length - 1]?.trace) as { routing?: { facts?: unknown } } | null;
  return trace?.routing?.facts;
}

/** The lead page: everything about one lead, read in one D1 round trip. */
export const adminLeadDetail = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  detailRoute,
  async (c) => {
    const { leadId } = c.req.valid("param");
    const d = await loadLeadDetail(c.env.DB, c.env.ARCHIVE, leadId);
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
