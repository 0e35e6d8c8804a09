/**
 * The `compact-history` cron job (issue 25, docs/capacity.md): what stays in D1 once the
 * windows in which anything reads it have passed.
 * - A webhook message's body is what a redelivery signs again, byte for byte. Past
 *   WEBHOOK_BODY_RETENTION_MS it is emptied (the row stays: the delivery log, the lead page and
 *   analytics read its id, event, lead and attempts, never its body); a redelivery then
 *   answers 409 and the channel gives up on it.
 * - The development email outbox (no `send_email` binding) is a debugging aid holding accept
 *   and sign-in links: its rows are deleted after DEV_EMAIL_RETENTION_MS.
 * Each statement touches at most COMPACT_BATCH rows per run, oldest first, so a backlog drains
 * over runs without one long write.
 */
import type { CronJob } from "../cron/jobs";
import { EXPIRED_WEBHOOK_BODY } from "../notify/webhook-queries";

const DAY_MS = 86_400_000;
/**
 * Long past the queue's retries (hours), and the window an operator has to redeliver a message
 * after fixing an endpoint. Svix, whose Standard Webhooks Baton follows, keeps 90 days on paid
 * plans; Baton's message ids and attempts stay forever, only the body goes.
 */
export const WEBHOOK_BODY_RETENTION_MS = 30 * DAY_MS;
export const DEV_EMAIL_RETENTION_MS = 7 * DAY_MS;
export const COMPACT_BATCH = 500;

/**
 * Empties the bodies of webhook messages created before `before`. The partial index
 * webhook_messages_body_live holds only messages whose body is still stored, so each run reads
 * the rows it changes, not the whole history.
 */
export async function expireWebhookBodies(d1: D1Database, before: number, limit: number): Promise<number> {
  // `body != ''` spelled as the index's WHERE: SQLite uses a partial index only for a literal match.
  const result = await d1
    .prepare(
      `UPDATE webhook_messages SET body = '${EXPIRED_WEBHOOK_BODY}' WHERE id IN (
         SELECT id FROM webhook_messages WHERE body != '' AND created_at < ?1 ORDER BY created_at LIMIT ?2)`,
    )
    .bind(before, limit)
    .run();
  return result.meta.changes ?? 0;
}

/** Deletes development outbox emails created before `before`, oldest first. */
export async function deleteDevEmails(d1: D1Database, before: number, limit: number): Promise<number> {
  const result = await d1
    .prepare(
      `DELETE FROM email_outbox WHERE id IN (
         SELECT id FROM email_outbox WHERE created_at < ?1 ORDER BY created_at LIMIT ?2)`,
    )
    .bind(before, limit)
    .run();
  return result.meta.changes ?? 0;
}

export const compactHistory: CronJob = {
  name: "compact-history",
  run: async ({ env, now }) => ({
    webhookBodies: await expireWebhookBodies(env.DB, now - WEBHOOK_BODY_RETENTION_MS, COMPACT_BATCH),
    devEmails: await deleteDevEmails(env.DB, now - DEV_EMAIL_RETENTION_MS, COMPACT_BATCH),
  }),
};
