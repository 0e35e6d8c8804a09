import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { loadActiveConfig } from "../config/store";
import { auditInsert } from "../audit/audit-queries";
import { database } from "../db/client";
import { leadsWithEmail } from "./privacy-queries";
import { AppError } from "../errors";
import { erasePerson } from "./erase";
import { sha256Hex } from "../security/tokens";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { EraseRequestSchema, EraseResultSchema } from "./contract";

const eraseRoute = createRoute({
  method: "post",
  path: "/privacy/erase",
  summary: "Erase a person's data by email, everywhere it is stored; counts stay for analytics",
  description:
    "`confirm` must repeat `email`. Leads keep their ids, status, times and assignments; their fields, email, context, traces, notification and webhook payloads and outbox mail are replaced by placeholders, and the team objects forget the email. The audit entry records a SHA-256 of the address, never the address.",
  security: adminSecurity,
  ...access("admin"),
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: EraseRequestSchema },
      },
    },
  },
  responses: {
    200: jsonResponse(EraseResultSchema, "Erased (all counts 0 when nothing was stored for the address)"),
    422: errorResponse("Not an email, or confirm does not repeat it"),
    ...adminErrors,
  },
});

/** Privacy requests (GDPR art. 17 style erasure). */
export const adminPrivacy = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  eraseRoute,
  async (c) => {
    const { email, confirm } = c.req.valid("json");
    if (confirm.trim().toLowerCase() !== email.toLowerCase())
      throw new AppError(422, "validation_failed", "Type the email address again to confirm.", {
        errors: [{ path: ["confirm"], code: "mismatch", message: "Must repeat the email" }],
      });
    const now = c.get("now");
    const db = database(c.env.DB);
    const [leads, active] = await Promise.all([leadsWithEmail(c.env.DB, email), loadActiveConfig(db)]);
    const erased = await erasePerson(c.env, active?.config, leads, email, now);
    await auditInsert(db, c.get("actor"), now, {
      action: "privacy.erased",
      details: { emailSha256: await sha256Hex(email.toLowerCase()), ...erased },
    });
    return c.json({ email: "<redacted>" as const, erased }, 200);
  },
);
