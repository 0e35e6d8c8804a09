import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { database } from "../db/client";
import { ReassignBody, ReassignedSchema } from "./reassign-contract";
import { LeadIdParam } from "./contract";
import { reassignByHand } from "./reassign";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";

const reassignRoute = createRoute({
  method: "post",
  path: "/leads/{leadId}/reassign",
  summary: "Move a lead to a named rep or back through a team's distribution, with a reason",
  security: adminSecurity,
  ...access("admin"),
  request: {
    params: LeadIdParam,
    body: { required: true, content: { "application/json": { schema: ReassignBody } } },
  },
  responses: {
    200: jsonResponse(ReassignedSchema, "Moved; both reps are notified and the SLA clock restarts"),
    404: errorResponse("No such lead"),
    409: errorResponse("The lead moved meanwhile, has no open assignment, or nobody eligible can take it"),
    422: errorResponse("Unknown rep or team"),
    ...adminErrors,
  },
});

/** Manual reassignment (see worker/reassign). */
export const adminLeadReassign = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  reassignRoute,
  async (c) => {
    const body = c.req.valid("json");
    const target = body.toRepId ? { toRepId: body.toRepId } : { teamId: body.teamId! };
    const moved = await reassignByHand(
      c.env,
      c.executionCtx,
      database(c.env.DB),
      c.get("actor"),
      c.get("now"),
      {
        leadId: c.req.valid("param").leadId,
        reason: body.reason,
        ...target,
      },
    );
    return c.json(moved, 200);
  },
);
