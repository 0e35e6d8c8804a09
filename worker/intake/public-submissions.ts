import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { markSlotsShown } from "../analytics/analytics-queries";
import { database } from "../db/client";
import { BOOKMARK_HEADER } from "../db/d1-session";
import { AppError } from "../errors";
import { activeForm, submissionBodyLimit } from "./form-lookup";
import { corsHeaders, originAllowed, safeRedirect } from "./cors";
import { clientAddress, enforceSubmissionRate } from "./rate-limit";
import { readSubmission } from "./read-submission";
import { StageTimings } from "./server-timing";
import { submitLead } from "./submit";
import { FormIdParam, IdempotencyHeaders, SubmissionResponseSchema } from "./contract";
import type { AppEnv } from "../http/hono-env";
import { errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { inBackground } from "../http/request-context";

const submitRoute = createRoute({
  method: "post",
  path: "/forms/{formId}/submissions",
  summary: "Submit a form: the lead is stored, routed and answered in one round trip",
  request: {
    params: FormIdParam,
    headers: IdempotencyHeaders,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            required: ["fields"],
            properties: {
              fields: { type: "object", additionalProperties: true },
              context: { type: "object" },
              turnstileToken: { type: "string" },
            },
          },
        },
        "application/x-www-form-urlencoded": {
          schema: { type: "object", additionalProperties: { type: "string" } },
        },
      },
    },
  },
  responses: {
    201: jsonResponse(SubmissionResponseSchema, "Stored (and routed when possible)"),
    303: {
      description:
        "A urlencoded post with a `_redirect` input: sent on with baton_lead and baton_status (or baton_error) in the query",
    },
    200: jsonResponse(SubmissionResponseSchema, "A replay of an earlier identical submission"),
    403: errorResponse("Origin not allowed, or the bot check failed"),
    404: errorResponse("No such form"),
    413: errorResponse("Body over 32 KB"),
    415: errorResponse("Neither JSON nor urlencoded"),
    422: errorResponse(
      "validation_failed: fields failed the form's schema (details.errors lists them); idempotency_key_reused: the Idempotency-Key came with a different body before",
    ),
    429: errorResponse("Too many submissions; see Retry-After"),
  },
});

/** The public intake. Browsers call it cross-origin from the sites in `allowedOrigins`. */
export const publicSubmissions = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

publicSubmissions.options("/forms/:formId/submissions", async (c) => {
  const { form } = await activeForm(database(c.env.DB), c.req.param("formId"), inBackground(c));
  const origin = c.req.header("Origin");
  if (!origin || !originAllowed(form, origin, new URL(c.req.url).origin)) {
    throw new AppError(403, "forbidden", "This origin may not submit this form.");
  }
  return c.body(null, 204, corsHeaders(origin));
});

publicSubmissions.use("/forms/:formId/submissions", submissionBodyLimit);

publicSubmissions.openapi(submitRoute, async (c) => {
  const { formId } = c.req.valid("param");
  const db = database(c.env.DB);
  const now = c.get("now");
  const timings = new StageTimings();
  const { active, form } = await timings.time("config", activeForm(db, formId, inBackground(c)));
  const origin = c.req.header("Origin");
  // Refused before anything is read or written; no CORS headers, so a browser sees nothing.
  if (!originAllowed(form, origin, new URL(c.req.url).origin)) {
    throw new AppError(403, "forbidden", "This origin may not submit this form.");
  }
  if (origin) for (const [k, v] of Object.entries(corsHeaders(origin))) c.header(k, v);

  const clientIp = clientAddress(c.req.raw.headers, c.env);
  // The limit's round trip overlaps reading and checking the body; submitLead awaits it
  // before answering or writing anything, and a limited client gets 429 whatever it sent.
  const admitted = timings.time("ratelimit", enforceSubmissionRate(c.env, form.id, clientIp, now));
  admitted.catch(() => {}); // awaited below and in submitLead
  const raw = await readSubmission(c.req.raw).catch(async (err: unknown) => {
    await admitted;
    throw err;
  });
  const cf = c.req.raw.cf as { country?: string; regionCode?: string; postalCode?: string } | undefined;
  const submission = submitLead({
    env: c.env,
    db,
    now,
    active,
    form,
    raw,
    idempotencyKey: c.req.valid("header")["idempotency-key"],
    clientIp,
    geo: { country: cf?.country, region: cf?.regionCode, postalCode: cf?.postalCode },
    admitted,
    timings,
    ctx: c.executionCtx,
  });
  // A plain HTML form with `_redirect` gets the browser sent on, with the outcome in the query.
  const redirect = raw.via === "form" ? safeRedirect(form, raw.redirect, new URL(c.req.url).origin) : null;
  if (!redirect) {
    const result = await submission;
    c.header("Server-Timing", timings.header());
    if (result.bookmark) c.header(BOOKMARK_HEADER, result.bookmark);
    // Analytics funnel ("slots shown"): one conditional write, after the answer is sent.
    if (result.created && result.body.slots.length > 0)
      c.executionCtx.waitUntil(markSlotsShown(db, result.body.leadId, now).then(() => undefined));
    return c.json(result.body, result.created ? 201 : 200);
  }
  try {
    const { body } = await submission;
    redirect.searchParams.set("baton_lead", body.leadId);
    redirect.searchParams.set("baton_status", body.status);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    redirect.searchParams.set("baton_error", err.code);
  }
  return c.redirect(redirect.toString(), 303);
});
