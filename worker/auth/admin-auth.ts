import { createMiddleware } from "hono/factory";
import { AppError } from "../errors";
import { findActiveApiTokenByHash, touchApiToken } from "./token-queries";
import { constantTimeEqual, hashToken } from "../security/tokens";
import type { Actor, AppEnv } from "../http/hono-env";
import { forbidden, type Role } from "./roles";

export function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * Admits the bootstrap `ADMIN_TOKEN` secret or an API token created through the admin API,
 * and records the actor with its role. Every failure answers the same 401 so that a caller
 * cannot tell a revoked token from a mistyped one.
 *
 * Each route declares the role it needs (`requireRole`); this middleware also fails closed
 * for a route that forgot to: a non-admin never gets past it with a write method, and a
 * read that no declaration allowed has its answer replaced by 403 before it leaves.
 */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header("Authorization"));
  const unauthorized = new AppError(401, "unauthorized", "A valid admin token is required.", undefined, {
    "WWW-Authenticate": 'Bearer realm="baton-admin"',
  });
  if (!token) throw unauthorized;

  const bootstrap = c.env.ADMIN_TOKEN;
  if (bootstrap && (await constantTimeEqual(token, bootstrap))) {
    c.set("actor", { kind: "bootstrap", role: "admin" });
    return next();
  }
  const hash = await hashToken(token);
  const row = await findActiveApiTokenByHash(c.env.DB, hash);
  // The lookup is by hash; compare again in constant time so no index timing decides.
  if (!row || !(await constantTimeEqual(row.tokenHash, hash))) throw unauthorized;
  // A scoped token (e.g. `signals`) opens its own endpoints only, never the admin API.
  if (row.scopes) throw forbidden();
  const actor: Actor = {
    kind: "api_token",
    tokenId: row.id,
    name: row.name,
    role: row.role as Role,
    repId: row.repId,
  };
  c.set("actor", actor);
  c.executionCtx.waitUntil(touchApiToken(c.env.DB, row.id, c.get("now")));
  if (actor.role === "admin") return next();
  if (actor.role === "rep" || !SAFE_METHODS.has(c.req.method)) throw forbidden();
  await next();
  // A read that declared no role is admin-only; the handler ran, but its answer is dropped.
  if (c.get("declaredRole") === undefined && c.res.status !== 404) {
    c.res = undefined;
    c.res = c.json({ error: { code: "forbidden", message: forbidden().message } }, 403);
  }
});
