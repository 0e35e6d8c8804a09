// TEMPORARY: measures the bundle with the Google routes mounted and the provider lazily imported.
import worker from "./index";
import { adminCalendar, publicCalendar } from "./http/routes/admin-calendar";
import { database } from "./db/client";
export { TeamDurableObject } from "./team/team-durable-object";
export { RateLimiterDurableObject } from "./team/rate-limiter";
export const routes = [adminCalendar, publicCalendar];
export default {
  ...worker,
  async fetch(req: Request, env: Env, ctx: ExecutionContext) {
    if (new URL(req.url).pathname === "/__google") {
      const { createGoogleProvider } = await import("./calendar/google/provider");
      const p = createGoogleProvider(env, database(env.DB));
      return Response.json(await p.busy([], 0, 1));
    }
    return worker.fetch(req, env, ctx);
  },
} satisfies ExportedHandler<Env>;
