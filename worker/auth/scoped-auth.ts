import { createMiddleware } from "hono/factory";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { constantTimeEqual, hashToken } from "../security/tokens";
import { bearer } from "./admin-auth";
import type { Role } from "./roles";
import { findActiveApiTokenByHash, touchApiToken } from "./token-queries";

import type { TokenScope } from "./role-names";

export { TOKEN_SCOPES, type TokenScope } from "./role-names";

/**
 * Admits only an API token created with `scope` (POST /v1/admin/tokens `{ scopes: [scope] }`).
 * Not the bootstrap secret and not an unscoped admin token: a vendor's integration gets a
 * credential that opens this endpoint and nothing else, and the admin keys stay out of its
 * config. Every failure is the same 401, as in adminAuth.
 */
export function scopedTokenAuth(scope: TokenScope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const unauthorized = new AppError(
      401,
      "unauthorized",
      `An API token with the "${scope}" scope is required.`,
      undefined,
      { "WWW-Authenticate": `Bearer realm="baton-${scope}"` },
    );
    const token = bearer(c.req.header("Authorization"));
    if (!token) throw unauthorized;
    const hash = await hashToken(token);
    const row = await findActiveApiTokenByHash(c.env.DB, hash);
    if (!row || !(await constantTimeEqual(row.tokenHash, hash)) || !row.scopes?.includes(scope))
      throw unauthorized;
    c.set("actor", {
      kind: "api_token",
      tokenId: row.id,
      name: row.name,
      role: row.role as Role,
      repId: null,
    });
    c.executionCtx.waitUntil(touchApiToken(c.env.DB, row.id, c.get("now")));
    await next();
  });
}
