import { createMiddleware } from "hono/factory";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";

import type { AdminRouteRole, Role } from "./role-names";

export { ADMIN_ROUTE_ROLES, ROLES, type AdminRouteRole, type Role } from "./role-names";

/** Whether `role` may use a route that declares `needed`. */
export function allows(role: Role, needed: AdminRouteRole): boolean {
  if (role === "admin") return true;
  return role === "analyst" && needed === "analyst";
}

export function forbidden(): AppError {
  return new AppError(403, "forbidden", "This credential's role may not do this.");
}

/**
 * Declares the role a route needs, as the route's own middleware (createRoute's
 * `middleware`), so that the declaration sits next to the route. It runs after adminAuth
 * and before the request is validated, so a forbidden caller learns nothing about the body.
 */
export function requireRole(needed: AdminRouteRole) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set("declaredRole", needed);
    if (!allows(c.get("actor").role, needed)) throw forbidden();
    await next();
  });
}

/** `createRoute` fields for a route that `role` may call: `...access("analyst")`. */
export function access(role: AdminRouteRole) {
  return { middleware: [requireRole(role)] };
}
