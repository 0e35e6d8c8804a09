import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Form } from "../core/config-doc";
import { mapPayload, mappingErrors, MAX_MAPPINGS, type FieldMapping } from "../core/forms/field-mapping";
import { database } from "../db/client";
import { AppError } from "../errors";
import { activeForm, submissionBodyLimit } from "./form-lookup";
import { submitLead } from "./submit";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { FormIdParam, IdempotencyHeaders, SubmissionResponseSchema } from "./contract";
import { adminAuth } from "../auth/admin-auth";
import { adminErrors, adminSecurity, errorResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";

const MAP_PREFIX = "map.";

// The same body as the public intake's answer, so the two can never drift apart.
const submissionRef = SubmissionResponseSchema;

const webhookRoute = createRoute({
  method: "post",
  path: "/intake/{formId}/webhook",
  summary: "Server-to-server intake: a form tool posts JSON, Baton maps it onto the form and routes it",
  description:
    "Body: any JSON object, HubSpot's Forms API v3 submission (`{ fields: [{ name, value }], context }`) " +
    "or a HubSpot contact (`{ properties: { name: { value } } }`). Map fields with query parameters " +
    "`map.<field>=<dotted.path>`, e.g. `?map.first_name=fields.firstname`; unmapped fields are read from " +
    "their own name (`fields.<name>` for HubSpot forms, `properties.<name>` for contacts). Context targets: " +
    "`map.context.pageUrl`, `map.context.referrer`, `map.context.source`, `map.utm.<name>`.",
  security: adminSecurity,
  ...access("admin"),
  request: {
    params: FormIdParam,
    headers: IdempotencyHeaders,
    body: {
      required: true,
      content: { "application/json": { schema: { type: "object", additionalProperties: true } } },
    },
  },
  responses: {
    201: {
      description: "Stored (and routed when possible)",
      content: { "application/json": { schema: submissionRef } },
    },
    200: {
      description: "A replay of an earlier identical submission",
      content: { "application/json": { schema: submissionRef } },
    },
    400: errorResponse("The body is not valid JSON"),
    404: errorResponse("No such form"),
    413: errorResponse("Body over 32 KB"),
    415: errorResponse("Not JSON"),
    422: errorResponse(
      "validation_failed: bad mapping, or mapped fields failed the form's schema (details say where Baton looked); idempotency_key_reused: the Idempotency-Key came with a different body before",
    ),
    ...adminErrors,
  },
});

/** `?map.email=properties.email_address` → `{ email: "properties.email_address" }`, checked against the form. */
function mappingFromQuery(params: URLSearchParams, form: Form): FieldMapping {
  const mapping: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!key.startsWith(MAP_PREFIX)) continue;
    if (Object.keys(mapping).length > MAX_MAPPINGS) break; // mappingErrors reports it
    mapping[key.slice(MAP_PREFIX.length)] = value;
  }
  const errors = mappingErrors(mapping, form);
  if (errors.length) {
    throw new AppError(422, "validation_failed", "The field mapping is invalid.", {
      errors: errors.map((e) => ({
        path: ["query", `${MAP_PREFIX}${e.target}`],
        code: "invalid_mapping",
        message: e.message,
      })),
    });
  }
  return mapping;
}

async function readJsonObject(req: Request): Promise<Record<string, unknown>> {
  if (!(req.headers.get("Content-Type") ?? "").toLowerCase().startsWith("application/json")) {
    throw new AppError(415, "unsupported_media_type", "Send application/json.");
  }
  let body: unknown;
  try {
    body = JSON.parse(await req.text());
  } catch {
    throw new AppError(400, "bad_request", "The body is not valid JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError(422, "validation_failed", "The body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

/**
 * Server-to-server intake for form tools (HubSpot, Typeform, Zapier…). Authenticated with an
 * API token, not HMAC: every such tool can set a bearer header, few can compute Baton's
 * signature, and tokens are already hashed at rest, listed and revocable in the admin API.
 */
export const intakeWebhook = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

intakeWebhook.use("/intake/:formId/webhook", adminAuth, submissionBodyLimit);

intakeWebhook.openapi(webhookRoute, async (c) => {
  const { formId } = c.req.valid("param");
  const db = database(c.env.DB);
  const { active, form } = await activeForm(db, formId);
  const mapping = mappingFromQuery(new URL(c.req.url).searchParams, form);
  const mapped = mapPayload(await readJsonObject(c.req.raw), mapping, form);
  try {
    const result = await submitLead({
      env: c.env,
      db,
      now: c.get("now"),
      active,
      // The token vouches for the caller, and a server has no Turnstile token to give.
      form: { ...form, turnstile: { enabled: false } },
      raw: { fields: mapped.fields, context: mapped.context, via: "json" },
      idempotencyKey: c.req.valid("header")["idempotency-key"],
      // The per-IP rate limit and request geo are left out on purpose: the caller is the
      // form tool's server, one address and one location for every visitor.
      clientIp: undefined,
      geo: {},
      ctx: c.executionCtx,
    });
    return c.json(result.body, result.created ? 201 : 200);
  } catch (err) {
    if (err instanceof AppError && err.code === "validation_failed") {
      const details = { ...(err.details as object), shape: mapped.shape, paths: mapped.paths };
      throw new AppError(422, "validation_failed", err.message, details);
    }
    throw err;
  }
});
