import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../http/hono-env";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { AdminMeSchema, type AdminMe } from "./contract";
import { access, forbidden } from "./roles";

const meRoute = createRoute({
  method: "get",
  path: "/me",
  summary: "The caller's role, so a client can hide what the role may not do",
  security: adminSecurity,
  ...access("analyst"),
  responses: {
    200: jsonResponse(AdminMeSchema, "The caller's role"),
    403: errorResponse("A rep or scoped credential"),
    ...adminErrors,
  },
});

/** The server still refuses every write an analyst sends; this only lets the dashboard say so first. */
export const adminMe = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(meRoute, (c) => {
  const { role } = c.get("actor");
  if (role === "rep") throw forbidden(); // adminAuth already refused it; kept for the type
  const me: AdminMe = { role };
  return c.json(me, 200);
});
