import { createMiddleware } from "hono/factory";
import { AppError } from "../errors";
import { findActiveApiTokenByHash, touchApiToken } from "./token-queries";
import { constantTimeEqual, hashToken } from "../security/tokens";
import type { AppEnv } from "../http/hono-env";

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/**
 * Admits the bootstrap `ADMIN_TOKEN` secret or an API token created through the admin API.
 * Every failure answers the same 401 so that a caller cannot tell a revoked token from a
 * mistyped one.
 */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header("Authorization"));
  const unauthorized = new AppError(401, "unauthorized", "A valid admin token is required.", undefined, {
    "WWW-Authenticate": 'Bearer realm="baton-admin"',
  });
  if (!token) throw unauthorized;

  const bootstrap = c.env.ADMIN_TOKEN;
  if (bootstrap && (await constantTimeEqual(token, bootstrap))) {
    c.set("actor", { kind: "bootstrap" });
    return next();
  }
  const hash = await hashToken(token);
  const row = await findActiveApiTokenByHash(c.env.DB, hash);
  // The lookup is by hash; compare again in constant time so no index timing decides.
  if (!row || !(await constantTimeEqual(row.tokenHash, hash))) throw unauthorized;
  c.set("actor", { kind: "api_token", tokenId: row.id, name: row.name });
  c.executionCtx.waitUntil(touchApiToken(c.env.DB, row.id, c.get("now")));
  await next();
});
