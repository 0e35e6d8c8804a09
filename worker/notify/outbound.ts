import type { NotificationMessage } from "./channel";

// Queues take at most 100 messages per sendBatch call.
const SEND_BATCH = 100;

/**
 * Hands notifications to the queue. Callers collect a whole run's messages first, so a sweep
 * of 50 breaches costs one or two queue calls instead of hundreds of subrequests.
 */
export async function enqueueNotifications(
  env: Env,
  messages: readonly NotificationMessage[],
): Promise<void> {
  for (let i = 0; i < messages.length; i += SEND_BATCH) {
    await env.NOTIFICATIONS.sendBatch(messages.slice(i, i + SEND_BATCH).map((body) => ({ body })));
  }
}
