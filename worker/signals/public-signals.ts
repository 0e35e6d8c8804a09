import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { scopedTokenAuth } from "../auth/scoped-auth";
import { loadActiveConfig } from "../config/store";
import { inBackground } from "../http/request-context";
import { database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { SignalsRequestSchema, SignalsResponseSchema } from "./contract";
import { recordSignals } from "./record";

/** A full page of 100 signals is about 25 KB; twice that leaves room for long ids. */
const MAX_SIGNALS_BYTES = 64 * 1024;
/** Requests per token per minute: 100 signals each, ample for a sync, a brake on a runaway loop. */
export const SIGNAL_REQUESTS_PER_MINUTE = 60;
const WINDOW_MS = 60_000;

const signalsRoute = createRoute({
  method: "post",
  path: "/signals",
  summary: "Buying signals: account-level events stored with decay; a strong one can become a task",
  description:
    "Authenticated with an API token created with the `signals` scope. Each signal is stored once per " +
    "(source, id); a signal task rule in the config (`signals.tasks`) may turn a new one into a task for " +
    "the account owner, routed, notified and under the SLA like a form lead.",
  security: adminSecurity,
  request: {
    body: { required: true, content: { "application/json": { schema: SignalsRequestSchema } } },
  },
  responses: {
    200: jsonResponse(SignalsResponseSchema, "What became of each signal"),
    401: errorResponse("No token with the signals scope"),
    413: errorResponse("Body over 64 KB"),
    422: errorResponse("The body failed the contract"),
    429: errorResponse("Over the token's rate limit; see Retry-After"),
    503: errorResponse("No routing config is published yet"),
  },
});

export const publicSignals = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

publicSignals.use(
  "/signals",
  scopedTokenAuth("signals"),
  bodyLimit({
    maxSize: MAX_SIGNALS_BYTES,
    onError: () => {
      throw new AppError(
        413,
        "payload_too_large",
        `Signal requests are limited to ${MAX_SIGNALS_BYTES} bytes.`,
      );
    },
  }),
);

/** 429 once this token has made its requests for the minute; before the body is read. */
publicSignals.use("/signals", async (c, next) => {
  const actor = c.get("actor");
  const key = actor.kind === "api_token" ? actor.tokenId : "unknown";
  const decision = await c.env.RATE_LIMITER.getByName("signals").hit(
    key,
    SIGNAL_REQUESTS_PER_MINUTE,
    WINDOW_MS,
    c.get("now"),
  );
  if (!decision.allowed)
    throw new AppError(
      429,
      "rate_limited",
      "Too many signal requests for this token; try again shortly.",
      { retryAfterSeconds: decision.retryAfterSeconds },
      { "Retry-After": String(decision.retryAfterSeconds) },
    );
  await next();
});

publicSignals.openapi(signalsRoute, async (c) => {
  const db = database(c.env.DB);
  const active = await loadActiveConfig(db, inBackground(c));
  if (!active) throw new AppError(503, "no_active_config", "No routing config is published yet.");
  const body = await recordSignals(
    { env: c.env, db, now: c.get("now"), active, ctx: c.executionCtx },
    c.req.valid("json").signals,
  );
  return c.json(body, 200);
});
