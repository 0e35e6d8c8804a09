import { OpenAPIHono } from "@hono/zod-openapi";
import type { Hono, Schema } from "hono";
import type { AppEnv } from "../../worker/http/hono-env";
import { adminAuth } from "../../worker/auth/admin-auth";
import { requestClock } from "../../worker/http/request-context";
import { onError } from "../../worker/http/on-error";

/**
 * Admin resources mounted as createApp() mounts them (the request clock, adminAuth under
 * /v1/admin, the one error handler), so a test does not depend on the wiring in app.ts.
 */
export function adminApp(...resources: Hono<AppEnv, Schema, string>[]): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.use(requestClock);
  const admin = new OpenAPIHono<AppEnv>();
  admin.use(adminAuth);
  for (const resource of resources) admin.route("/", resource);
  app.route("/v1/admin", admin);
  app.onError(onError);
  return app;
}
