import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { BookingDeps } from "./availability";
import { cancelBooking, loadBooking, viewOf } from "./cancel";
import { loadLeadContext } from "./context";
import { requestCalendars } from "./event";
import { rescheduleBooking } from "./reschedule";
import { requireManageToken } from "./tokens";
import { loadActiveConfig } from "../config/store";
import { inBackground } from "../http/request-context";
import { database } from "../db/client";
import { visitorD1Session } from "../db/d1-session";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import {
  BookingCreatedSchema,
  BookingIdParam,
  BookingViewSchema,
  ManageTokenQuery,
  RescheduleRequestSchema,
} from "./contract";
import { errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";

const errors = {
  403: errorResponse("The manage token is not valid for this booking"),
  404: errorResponse("No such booking"),
};

const viewRoute = createRoute({
  method: "get",
  path: "/bookings/{bookingId}",
  summary: "A booking, through its signed manage link",
  request: { params: BookingIdParam, query: ManageTokenQuery },
  responses: { 200: jsonResponse(BookingViewSchema, "The booking, with its cancel link"), ...errors },
});
// GET never changes anything: mail scanners open links. The cancel happens on POST.
const cancelPreviewRoute = createRoute({
  method: "get",
  path: "/bookings/{bookingId}/cancel",
  summary: "What cancelling would do (POST the same URL to cancel)",
  request: { params: BookingIdParam, query: ManageTokenQuery },
  responses: { 200: jsonResponse(BookingViewSchema, "The booking as it stands"), ...errors },
});
const cancelRoute = createRoute({
  method: "post",
  path: "/bookings/{bookingId}/cancel",
  summary: "Cancel a booking; repeating it is harmless",
  request: { params: BookingIdParam, query: ManageTokenQuery },
  responses: { 200: jsonResponse(BookingViewSchema, "Cancelled (or already was)"), ...errors },
});

const rescheduleRoute = createRoute({
  method: "post",
  path: "/bookings/{bookingId}/reschedule",
  summary: "Move a booking; the new booking (with its own manage link) replaces this one",
  request: {
    params: BookingIdParam,
    query: ManageTokenQuery,
    body: { required: true, content: { "application/json": { schema: RescheduleRequestSchema } } },
  },
  responses: {
    201: jsonResponse(BookingCreatedSchema, "Moved: this is the new booking"),
    ...errors,
    409: errorResponse("slot_unavailable (details.slots has fresh ones), or conflict when not active"),
    422: errorResponse("The body is invalid"),
  },
});

type Background = (work: Promise<unknown>) => void;

// `background`: the request's waitUntil, so a config copy past half its bound is re-read after
// the answer (config/store.ts), as on the lead routes.
async function prepare(env: Env, bookingId: string, token: string, now: number, background: Background) {
  await requireManageToken(env, token, bookingId, now);
  const db = database(env.DB);
  const active = await loadActiveConfig(db, background);
  if (!active) throw new AppError(503, "no_active_config", "Scheduling is not configured yet.");
  return { db, active, booking: await loadBooking(db, bookingId) };
}

/** As `prepare`, with the booking's lead context read in the same round trip. */
async function prepareWithLead(
  env: Env,
  bookingId: string,
  token: string,
  now: number,
  background: Background,
) {
  await requireManageToken(env, token, bookingId, now);
  const db = database(env.DB);
  const active = await loadActiveConfig(db, background);
  if (!active) throw new AppError(503, "no_active_config", "Scheduling is not configured yet.");
  const [booking, lead] = await Promise.all([
    loadBooking(db, bookingId),
    loadLeadContext(db, active, { bookingId }).catch(() => undefined),
  ]);
  return { db, active, booking, lead };
}

/** Manage links: the token (purpose "manage", subject the booking) is the capability. */
export const publicBookings = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
// Matches /bookings/:bookingId itself too.
publicBookings.use("/bookings/:bookingId/*", visitorD1Session);

for (const route of [viewRoute, cancelPreviewRoute]) {
  publicBookings.openapi(route, async (c) => {
    const { bookingId } = c.req.valid("param");
    const { token } = c.req.valid("query");
    const { active, booking } = await prepare(c.env, bookingId, token, c.get("now"), inBackground(c));
    const cancelUrl = `${new URL(c.req.url).origin}/v1/bookings/${bookingId}/cancel?token=${encodeURIComponent(token)}`;
    return c.json({ ...viewOf(active.config, booking), cancelUrl }, 200);
  });
}

function depsFor(
  env: Env,
  db: BookingDeps["db"],
  config: Parameters<typeof requestCalendars>[2],
  now: number,
  url: string,
  ctx: BookingDeps["ctx"],
): BookingDeps {
  return {
    env,
    db,
    now,
    baseUrl: new URL(url).origin,
    calendars: requestCalendars(env, db, config, now),
    ctx,
  };
}

publicBookings.openapi(cancelRoute, async (c) => {
  const { bookingId } = c.req.valid("param");
  const { token } = c.req.valid("query");
  const now = c.get("now");
  const { db, active, booking } = await prepare(c.env, bookingId, token, now, inBackground(c));
  const deps = depsFor(c.env, db, active.config, now, c.req.url, c.executionCtx);
  return c.json(await cancelBooking(deps, active, booking), 200);
});

publicBookings.openapi(rescheduleRoute, async (c) => {
  const { bookingId } = c.req.valid("param");
  const { token } = c.req.valid("query");
  const body = c.req.valid("json");
  const now = c.get("now");
  const { db, active, booking, lead } = await prepareWithLead(c.env, bookingId, token, now, inBackground(c));
  const deps = depsFor(c.env, db, active.config, now, c.req.url, c.executionCtx);
  const input = { start: Date.parse(body.start), timezone: body.timezone };
  return c.json(await rescheduleBooking(deps, active, booking, input, lead), 201);
});
