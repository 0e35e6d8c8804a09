/**
 * The API-token endpoints' wire shapes, declared once: the routes validate and document with
 * them, and the server types come from `z.infer`.
 */
import { z } from "@hono/zod-openapi";
import { ADMIN_ROUTE_ROLES, ROLES, TOKEN_SCOPES } from "./role-names";

export const TokenSummarySchema = z.object({
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
export type TokenSummary = z.infer<typeof TokenSummarySchema>;

export const TokenListSchema = z.object({ tokens: z.array(TokenSummarySchema) });

/** A `rep` token acts as one rep of the live config, through the rep API only. */
export const CreateTokenBody = z
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

/** The new token, shown once. */
export const CreatedTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  token: z.string(),
});

export const TokenIdParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});

/**
 * Who the admin API sees behind a credential. A rep credential never gets here (403), so the
 * role is one the dashboard adapts to: an analyst's dashboard shows no write action.
 */
export const AdminMeSchema = z.object({ role: z.enum(ADMIN_ROUTE_ROLES) });
export type AdminMe = z.infer<typeof AdminMeSchema>;
