import { createApp } from "./app";
import { lendToLazyModules } from "./lazy-shared";
import { withEdgeTrace } from "./edge/call-trace";
import { runCronJobs } from "./cron/scheduled";
import { consumeNotifications, notificationChannels } from "./notify/queue";
import type { NotificationMessage } from "./notify/channel";

export { TeamDurableObject } from "./team/team-durable-object";
export { RateLimiterDurableObject } from "./team/rate-limiter";

// Before any request can import a lazily loaded module: they read what the entry lends them.
lendToLazyModules();
const app = createApp();

export default {
  // Off unless EDGE_LATENCY_MS is set outside production (see docs/performance.md).
  fetch: withEdgeTrace(app.fetch),
  async scheduled(controller, env) {
    await runCronJobs(env, controller.scheduledTime);
  },
  async queue(batch, env) {
    await consumeNotifications(batch, env, notificationChannels);
  },
  // Email Routing → leads (worker/inbound-email). Loaded on the first email only: the MIME
  // parser is no cost to a Worker that never receives mail.
  async email(message, env, ctx) {
    const { receiveEmail } = await import("./inbound-email/receive");
    await receiveEmail(message, env, ctx);
  },
} satisfies ExportedHandler<Env, NotificationMessage>;
