import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { findApiToken, insertApiToken, listApiTokens, revokeApiToken } from "./token-queries";
import { actorLabel, auditInsert } from "../audit/audit-queries";
import { database } from "../db/client";
import { AppError } from "../errors";
import { generateApiToken, hashToken } from "../security/tokens";
import type { AppEnv } from "../http/hono-env";
import { access } from "./roles";
import { CreatedTokenSchema, CreateTokenBody, TokenIdParam, TokenListSchema } from "./contract";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";

const createTokenRoute = createRoute({
  method: "post",
  path: "/tokens",
  summary: "Create an API token; the token is shown once and stored only as a hash",
  security: adminSecurity,
  ...access("admin"),
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: CreateTokenBody },
      },
    },
  },
  responses: {
    201: jsonResponse(CreatedTokenSchema, "Created"),
    422: errorResponse("Invalid name"),
    ...adminErrors,
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/tokens",
  summary: "List API tokens (never their values)",
  security: adminSecurity,
  ...access("admin"),
  responses: { 200: jsonResponse(TokenListSchema, "Tokens"), ...adminErrors },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/tokens/{id}",
  summary: "Revoke an API token",
  security: adminSecurity,
  ...access("admin"),
  request: {
    params: TokenIdParam,
  },
  responses: { 204: { description: "Revoked" }, 404: errorResponse("No such active token"), ...adminErrors },
});

/** API tokens for CI pushes and integrations, so the bootstrap secret can stay in a vault. */
export const adminTokens = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createTokenRoute, async (c) => {
    const { name, role, repId, scopes } = c.req.valid("json");
    const db = database(c.env.DB);
    const now = c.get("now");
    const token = generateApiToken();
    const id = crypto.randomUUID();
    await db.batch([
      insertApiToken(db, {
        id,
        name,
        tokenHash: await hashToken(token),
        displayPrefix: token.slice(0, 10),
        createdAt: now,
        createdBy: actorLabel(c.get("actor")),
        role,
        repId: repId ?? null,
        scopes: scopes ? [...new Set(scopes)] : null,
      }),
      auditInsert(db, c.get("actor"), now, {
        action: "api_token.created",
        target: `api_token:${id}`,
        details: { name, role, repId: repId ?? null, scopes: scopes ?? null },
      }),
    ]);
    return c.json({ id, name, role, token }, 201);
  })
  .openapi(listRoute, async (c) => c.json({ tokens: await listApiTokens(database(c.env.DB)) }, 200))
  .openapi(revokeRoute, async (c) => {
    const { id } = c.req.valid("param");
    const db = database(c.env.DB);
    const row = await findApiToken(db, id);
    if (!row || row.revokedAt !== null) throw new AppError(404, "not_found", "No such active token.");
    const now = c.get("now");
    await db.batch([
      revokeApiToken(db, id, now),
      auditInsert(db, c.get("actor"), now, {
        action: "api_token.revoked",
        target: `api_token:${id}`,
        details: { name: row.name },
      }),
    ]);
    return c.body(null, 204);
  });
