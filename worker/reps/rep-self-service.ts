import { Hono } from "hono";
import { googleConnectLink } from "../calendars/admin-calendar";
import { microsoftConnectLink } from "../calendars/admin-calendar-microsoft";
import { findConnections } from "../calendars/connection-queries";
import { readActiveConfig } from "../config/store";
import { database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { RepCalendarConnectRequest, RepHoursRequest, type RepCalendar, type RepHours } from "./contract";
import { ownHours, setOwnHours } from "./hours";
import { body } from "./public-rep-auth";
import { repAuth, repIdOf } from "./session";

const PRIVATE = { "Cache-Control": "private, no-store" };

/** A body may name a rep, but only the session's own: the workspace never acts for another. */
function ownRepOnly(sessionRep: string, named: string | undefined): void {
  if (named !== undefined && named !== sessionRep)
    throw new AppError(403, "forbidden", "You can only change your own hours and calendar.");
}

async function liveConfigNow(env: Env) {
  const active = await readActiveConfig(database(env.DB));
  if (!active) throw new AppError(503, "no_active_config", "No routing config is published yet.");
  return active.config;
}

/**
 * "My hours" and "My calendar": what a rep may change about itself when the org allows it
 * (`org.repsMayEditHours`, `org.repsMayConnectCalendar`). Always the session's rep.
 */
export const repSelfService = new Hono<AppEnv>()
  .use("/rep/hours", repAuth)
  .use("/rep/calendar", repAuth)
  .use("/rep/calendar/*", repAuth)
  .get("/rep/hours", async (c) => {
    const hours: RepHours = await ownHours(database(c.env.DB), repIdOf(c.get("actor")));
    return c.json(hours, 200, PRIVATE);
  })
  .put("/rep/hours", async (c) => {
    const repId = repIdOf(c.get("actor"));
    const change = await body(c.req.raw, RepHoursRequest);
    ownRepOnly(repId, change.repId);
    const db = database(c.env.DB);
    const saved = await setOwnHours(db, c.get("actor"), repId, change.workingHours, c.get("now"));
    return c.json(saved, 200);
  })
  .get("/rep/calendar", async (c) => {
    const repId = repIdOf(c.get("actor"));
    const config = await liveConfigNow(c.env);
    const [row] = await findConnections(database(c.env.DB), [repId]);
    const answer: RepCalendar = {
      allowed: config.org.repsMayConnectCalendar === true,
      connection: row
        ? {
            provider: row.provider as "google" | "microsoft",
            accountEmail: row.accountEmail,
            status: row.status as "connected" | "broken" | "revoked",
            updatedAt: row.updatedAt,
          }
        : null,
    };
    return c.json(answer, 200, PRIVATE);
  })
  .post("/rep/calendar/connect", async (c) => {
    const repId = repIdOf(c.get("actor"));
    const { provider, repId: named } = await body(c.req.raw, RepCalendarConnectRequest);
    ownRepOnly(repId, named);
    const config = await liveConfigNow(c.env);
    if (config.org.repsMayConnectCalendar !== true)
      throw new AppError(403, "forbidden", "Your admin has not allowed reps to connect their own calendar.");
    const rep = config.reps.find((r) => r.id === repId);
    if (!rep) throw new AppError(401, "unauthorized", "This rep is no longer in the routing config.");
    // The signed state names the session's rep: the callback stores the grant for it alone.
    const actor = c.get("actor");
    const link =
      provider === "google"
        ? await googleConnectLink(c.env, c.req.url, repId, actor, c.get("now"))
        : await microsoftConnectLink(c.env, c.req.url, rep, actor, c.get("now"));
    return c.json(link, 200, PRIVATE);
  });
