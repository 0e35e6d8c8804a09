import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { firstPage, offeredSlots, type BookingDeps } from "./availability";
import { bookSlot } from "./book";
import {
  BookingCreatedSchema,
  BookingRequestSchema,
  SlotsQuerySchema,
  SlotsResponseSchema,
  PublicLeadIdParam,
} from "./contract";
import { loadLeadContext, type LeadContext } from "./context";
import { requestCalendars } from "./event";
import { requireBookingToken } from "./tokens";
import { loadActiveConfig, type ActiveConfig } from "../config/store";
import { markSlotsShown } from "../analytics/analytics-queries";
import { database } from "../db/client";
import { visitorD1Session } from "../db/d1-session";
import { AppError } from "../errors";
import { corsHeaders, originAllowed } from "../intake/cors";
import { finishRouting } from "../intake/finish-routing";
import type { AppEnv } from "../http/hono-env";
import { errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { inBackground } from "../http/request-context";

const DAY_MS = 86_400_000;
/** One request covers at most a month: the widget pages, and the work stays bounded. */
const MAX_RANGE_DAYS = 31;

const slotsRoute = createRoute({
  method: "get",
  path: "/leads/{leadId}/slots",
  summary: "More bookable slots for a lead (UTC ISO-8601), default the next 7 days",
  request: {
    params: PublicLeadIdParam,
    query: SlotsQuerySchema,
  },
  responses: {
    200: jsonResponse(SlotsResponseSchema, "Slots starting in [from, to)"),
    403: errorResponse("The booking token is not valid for this lead"),
    404: errorResponse("No such lead"),
    422: errorResponse("Bad range: from after to, or over 31 days"),
  },
});

const bookRoute = createRoute({
  method: "post",
  path: "/leads/{leadId}/bookings",
  summary: "Book a slot; 409 slot_unavailable comes with fresh slots",
  request: {
    params: PublicLeadIdParam,
    body: { required: true, content: { "application/json": { schema: BookingRequestSchema } } },
  },
  responses: {
    201: jsonResponse(BookingCreatedSchema, "Booked"),
    403: errorResponse("The booking token is not valid for this lead"),
    404: errorResponse("No such lead"),
    409: errorResponse(
      "slot_unavailable (details.slots has fresh ones), or conflict when the lead is already booked",
    ),
    422: errorResponse("The body is invalid"),
  },
});

// The lead's context, loaded once per request: the CORS check and the handler share it.
const loaded = new WeakMap<Request, Promise<{ active: ActiveConfig; ctx: LeadContext }>>();

/** `background`: the request's waitUntil, to refresh the cached config after the answer. */
function leadContextFor(
  env: Env,
  req: Request,
  leadId: string,
  background: (work: Promise<unknown>) => void,
) {
  let found = loaded.get(req);
  if (!found) {
    found = (async () => {
      const db = database(env.DB);
      const active = await loadActiveConfig(db, background);
      if (!active) throw new AppError(503, "no_active_config", "Scheduling is not configured yet.");
      return { active, ctx: await loadLeadContext(db, active, leadId) };
    })();
    loaded.set(req, found);
  }
  return found;
}

/** Loads what every lead route needs; the token is checked before the handler uses any of it. */
async function prepare(
  env: Env,
  now: number,
  baseUrl: string,
  req: Request,
  leadId: string,
  token: string,
  background: (work: Promise<unknown>) => void,
  execution?: BookingDeps["ctx"],
) {
  const found = leadContextFor(env, req, leadId, background);
  found.catch(() => {}); // awaited below, once the token is known good
  await requireBookingToken(env, token, leadId, now);
  const { active, ctx: stored } = await found;
  const db = database(env.DB);
  const ctx = await finishRouting(env, db, active, stored, now, execution);
  const deps: BookingDeps = {
    env,
    db,
    now,
    baseUrl,
    calendars: requestCalendars(env, db, active.config, now),
    ctx: execution,
  };
  return { deps, ctx };
}

/** Public scheduling for a lead: more slots, and booking one. The booking token is the capability. */
export const publicLeads = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

/**
 * The widget calls these from the marketing site, so they answer CORS for the origins of the
 * form the lead came through, like the submission endpoint does. Checked before the token:
 * a browser must be able to read a 403 only from a site allowed to embed the form.
 */
const leadCors = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header("Origin");
  const self = new URL(c.req.url).origin;
  if (!origin || origin === self) return next();
  if (c.req.method === "OPTIONS") {
    // A preflight carries no token and reads no lead: any form's origin may ask, from the
    // cached config. The request itself is then checked against the lead's own form.
    const active = await loadActiveConfig(database(c.env.DB), inBackground(c));
    if (!active?.config.forms.some((f) => originAllowed(f, origin, self)))
      throw new AppError(403, "forbidden", "This origin may not book for this lead.");
    return c.body(null, 204, corsHeaders(origin));
  }
  const { active, ctx } = await leadContextFor(
    c.env,
    c.req.raw,
    c.req.param("leadId") ?? "",
    inBackground(c),
  ).catch(() => ({
    active: null,
    ctx: null,
  }));
  const form = ctx && active?.config.forms.find((f) => f.id === ctx.lead.formId);
  if (!form || !originAllowed(form, origin, self))
    throw new AppError(403, "forbidden", "This origin may not book for this lead.");
  await next();
  for (const [k, v] of Object.entries(corsHeaders(origin))) c.res.headers.set(k, v);
});
publicLeads.use("/leads/:leadId/*", visitorD1Session, leadCors);
publicLeads.options("/leads/:leadId/*", (c) => c.body(null, 204));

publicLeads.openapi(slotsRoute, async (c) => {
  const { leadId } = c.req.valid("param");
  const q = c.req.valid("query");
  const now = c.get("now");
  const from = q.from ? Date.parse(q.from) : now;
  const to = q.to ? Date.parse(q.to) : from + 7 * DAY_MS;
  if (to <= from || to - from > MAX_RANGE_DAYS * DAY_MS) {
    throw new AppError(
      422,
      "validation_failed",
      `Ask for a range of at most ${MAX_RANGE_DAYS} days, with from before to.`,
    );
  }
  const { deps, ctx } = await prepare(
    c.env,
    now,
    new URL(c.req.url).origin,
    c.req.raw,
    leadId,
    q.bookingToken,
    inBackground(c),
  );
  const slots = q.from || q.to ? await offeredSlots(deps, ctx, from, to) : await firstPage(deps, ctx);
  // Analytics funnel: a lead first offered slots here counts as "slots shown" (first time only).
  if (slots.length > 0) c.executionCtx.waitUntil(markSlotsShown(deps.db, leadId, now).then(() => undefined));
  return c.json({ slots }, 200);
});

publicLeads.openapi(bookRoute, async (c) => {
  const { leadId } = c.req.valid("param");
  const body = c.req.valid("json");
  const { deps, ctx } = await prepare(
    c.env,
    c.get("now"),
    new URL(c.req.url).origin,
    c.req.raw,
    leadId,
    body.bookingToken,
    inBackground(c),
    c.executionCtx,
  );
  const created = await bookSlot(deps, ctx, { start: Date.parse(body.start), timezone: body.timezone });
  return c.json(created, 201);
});
