import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { auditInsert } from "../audit/audit-queries";
import { insertOutcome, listOutcomes } from "../sla/accept-queries";
import { currentAssignment } from "./lead-queries";
import { database } from "../db/client";
import { getLead } from "./lead-queries";
import { AppError } from "../errors";
import { enqueueNotifications } from "../notify/outbound";
import { teamModelMessage } from "../notify/team-model-channel";
import { acceptAssignment } from "../sla/accept";
import type { OutcomeInput } from "../team/team-rpc";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import {
  AcceptedSchema,
  LeadIdParam,
  OutcomeListSchema,
  OutcomeRecordedSchema,
  OutcomeRequestSchema,
} from "./contract";

const params = LeadIdParam;

const acceptRoute = createRoute({
  method: "post",
  path: "/leads/{leadId}/accept",
  summary: "Accept the lead's current assignment on the rep's behalf (stops the SLA clock)",
  security: adminSecurity,
  ...access("admin"),
  request: { params },
  responses: {
    200: jsonResponse(AcceptedSchema, "Accepted"),
    404: errorResponse("No such lead or assignment"),
    409: errorResponse("The assignment already moved on"),
    ...adminErrors,
  },
});

const outcomeRoute = createRoute({
  method: "post",
  path: "/leads/{leadId}/outcomes",
  summary: "Record an outcome (first touch, qualification, deal result)",
  security: adminSecurity,
  ...access("admin"),
  request: {
    params,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: OutcomeRequestSchema,
        },
      },
    },
  },
  responses: {
    201: jsonResponse(OutcomeRecordedSchema, "Recorded"),
    404: errorResponse("No such lead"),
    422: errorResponse("Invalid outcome"),
    ...adminErrors,
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/leads/{leadId}/outcomes",
  summary: "The lead's outcomes, oldest first",
  security: adminSecurity,
  ...access("analyst"),
  request: { params },
  responses: {
    200: jsonResponse(OutcomeListSchema, "Outcomes"),
    ...adminErrors,
  },
});

/**
 * The team object keeps the predictive model; the outcome row in D1 is the record. A forward
 * that fails inline goes to the notifications queue and is retried from there, so a missed
 * forward is delayed, never lost; only when even the queue refuses is it merely logged (the
 * model still counts it at its next rebuild from D1).
 */
export async function forwardOutcome(env: Env, teamId: string, outcome: OutcomeInput): Promise<void> {
  try {
    await env.TEAM.getByName(teamId).recordOutcome(outcome);
    return;
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(JSON.stringify({ level: "warn", msg: "outcome not forwarded to team", teamId, error }));
  }
  try {
    await enqueueNotifications(env, [teamModelMessage(teamId, outcome)]);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(JSON.stringify({ level: "error", msg: "outcome forward not queued", teamId, error }));
  }
}

/** Admin actions on a lead after routing: accept, and the outcomes the predictive mode learns from. */
export const adminLeads = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(acceptRoute, async (c) => {
    const db = database(c.env.DB);
    const now = c.get("now");
    const current = await currentAssignment(db, c.req.valid("param").leadId);
    if (!current) throw new AppError(404, "not_found", "The lead has no assignment.");
    const result = await acceptAssignment(db, current.id, now);
    if (!result.ok) throw new AppError(409, "conflict", "The assignment is no longer open.");
    if (!result.alreadyAccepted) {
      await auditInsert(db, c.get("actor"), now, {
        action: "lead.accepted",
        target: `lead:${current.leadId}`,
        details: { assignmentId: current.id },
      });
    }
    const a = result.assignment;
    return c.json(
      {
        assignmentId: a.id,
        repId: a.repId,
        acceptedAt: a.acceptedAt ?? now,
        alreadyAccepted: result.alreadyAccepted,
      },
      200,
    );
  })
  .openapi(outcomeRoute, async (c) => {
    const db = database(c.env.DB);
    const now = c.get("now");
    const { leadId } = c.req.valid("param");
    const body = c.req.valid("json");
    if (!(await getLead(db, leadId))) throw new AppError(404, "not_found", "No such lead.");
    const current = await currentAssignment(db, leadId);
    let slaStopped = false;
    if (body.kind === "contacted" && current?.status === "active") {
      slaStopped = (await acceptAssignment(db, current.id, now)).ok;
    }
    const id = crypto.randomUUID();
    const at = body.at ? Date.parse(body.at) : now;
    await insertOutcome(db, {
      id,
      leadId,
      repId: current?.repId ?? null,
      kind: body.kind,
      at,
      recordedAt: now,
      details: body.details ?? null,
    });
    if (current?.teamId)
      await forwardOutcome(c.env, current.teamId, { leadId, kind: body.kind, repId: current.repId, now: at });
    return c.json({ id, repId: current?.repId ?? null, slaStopped }, 201);
  })
  .openapi(listRoute, async (c) => {
    const rows = await listOutcomes(database(c.env.DB), c.req.valid("param").leadId);
    return c.json({ outcomes: rows.map((r) => ({ id: r.id, kind: r.kind, repId: r.repId, at: r.at })) }, 200);
  });
