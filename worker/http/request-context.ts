import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./hono-env";

/** Reads the clock once per request; everything downstream uses `c.get("now")`. */
export const requestClock = createMiddleware<AppEnv>(async (c, next) => {
  c.set("now", Date.now());
  await next();
});

/** The request's `waitUntil`, bound: work handed to it runs after the answer. */
export function inBackground(c: {
  executionCtx: { waitUntil(work: Promise<unknown>): void };
}): (work: Promise<unknown>) => void {
  const ctx = c.executionCtx;
  return (work) => ctx.waitUntil(work);
}
