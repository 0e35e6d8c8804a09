import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { database } from "../../db/client";
import { reassignByHand } from "../../reassign/reassign";
import type { AppEnv } from "../hono-env";
import { access } from "../middleware/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../openapi-common";
import { validationHook } from "../validation";

const ReassignBody = z
  .strictObject({
    toRepId: z.string().min(1).max(100).optional().openapi({ description: "A named rep" }),
    teamId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "Back through this team's distribution (the current rep excluded)" }),
    reason: z.string().trim().min(1).max(500),
  })
  .refine((b) => (b.toRepId === undefined) !== (b.teamId === undefined), {
    path: ["toRepId"],
    message: "Give exactly one of toRepId and teamId",
  });

export const Reassigned = z.object({
  leadId: z.string(),
  assignmentId: z.string(),
  fromRepId: z.string(),
  toRepId: z.string(),
  teamId: z.string().nullable(),
  reason: z.string(),
  by: z.string().nullable(),
  acceptDeadline: z.number().nullable(),
  credited: z.boolean(),
});

const reassignRoute = createRoute({
  method: "post",
  path: "/leads/{leadId}/reassign",
  summary: "Move a lead to a named rep or back through a team's distribution, with a reason",
  security: adminSecurity,
  ...access("admin"),
  request: {
    params: z.object({
      leadId: z
        .string()
        .min(1)
        .max(100)
        .openapi({ param: { name: "leadId", in: "path" } }),
    }),
    body: { required: true, content: { "application/json": { schema: ReassignBody } } },
  },
  responses: {
    200: jsonResponse(Reassigned, "Moved; both reps are notified and the SLA clock restarts"),
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
    const moved = await reassignByHand(c.env, database(c.env.DB), c.get("actor"), c.get("now"), {
      leadId: c.req.valid("param").leadId,
      reason: body.reason,
      ...target,
    });
    return c.json(moved, 200);
  },
);
