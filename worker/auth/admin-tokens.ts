import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { findApiToken, insertApiToken, listApiTokens, revokeApiToken } from "./token-queries";
import { actorLabel, auditInsert } from "../audit/audit-queries";
import { database } from "../db/client";
import { AppError } from "../errors";
import { generateApiToken, hashToken } from "../security/tokens";
import type { AppEnv } from "../http/hono-env";
import { access, ROLES } from "./roles";
import { TOKEN_SCOPES } from "./scoped-auth";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";

const TokenSummary = z.object({
  id: z.string(),
  name: z.string(),
  displayPrefix: z.string(),
  createdAt: z.number(),
  createdBy: z.string(),
  role: z.enum(ROLES),
  repId: z.string().nullable(),
  scopes: z.array(z.string()).nullable(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
});

/** A `rep` token acts as one rep of the live config, through the rep API only. */
const CreateToken = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    role: z.enum(ROLES).default("admin"),
    repId: z.string().min(1).max(100).optional(),
    scopes: z
      .array(z.enum(TOKEN_SCOPES))
      .min(1)
      .max(TOKEN_SCOPES.length)
      .optional()
      .describe("Limits the token to these endpoints (e.g. POST /v1/signals); it then opens no admin route."),
  })
  .refine((b) => (b.role === "rep") === (b.repId !== undefined), {
    path: ["repId"],
    message: "repId is required for the rep role and only for it",
  })
  .refine((b) => !(b.scopes && b.role === "rep"), {
    path: ["scopes"],
    message: "a rep token cannot be scoped",
  });

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
        "application/json": { schema: CreateToken },
      },
    },
  },
  responses: {
    201: jsonResponse(
      z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), token: z.string() }),
      "Created",
    ),
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
  responses: { 200: jsonResponse(z.object({ tokens: z.array(TokenSummary) }), "Tokens"), ...adminErrors },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/tokens/{id}",
  summary: "Revoke an API token",
  security: adminSecurity,
  ...access("admin"),
  request: {
    params: z.object({
      id: z
        .string()
        .uuid()
        .openapi({ param: { name: "id", in: "path" } }),
    }),
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
