import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./hono-env";

/** Reads the clock once per request; everything downstream uses `c.get("now")`. */
export const requestClock = createMiddleware<AppEnv>(async (c, next) => {
  c.set("now", Date.now());
  await next();
});
