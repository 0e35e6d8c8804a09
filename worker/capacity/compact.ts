/**
 * The `compact-history` cron job (issue 25, docs/capacity.md): what stays in D1 once the
 * windows in which anything reads it have passed.
 * - A webhook message's body is what a redelivery signs again, byte for byte. Past
 *   WEBHOOK_BODY_RETENTION_MS it is emptied (the row stays: the delivery log, the lead page and
 *   analytics read its id, event, lead and attempts, never its body); a redelivery then
 *   answers 409 and the channel gives up on it.
 * - The development email outbox (no `send_email` binding) is a debugging aid holding accept
 *   and sign-in links: its rows are deleted after DEV_EMAIL_RETENTION_MS.
 * - A lead's payload hash (64 hex characters, and an index entry) only finds the same payload
 *   re-sent within seconds (intake/submit.ts, DUPLICATE_PAYLOAD_WINDOW_MS). Past
 *   PAYLOAD_HASH_RETENTION_MS it is dropped from leads sent without an Idempotency-Key; a keyed
 *   lead keeps it, since a reuse of its key with another body is refused by comparing hashes.
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
/** Far past the duplicate window (10 s), so no submission still in flight can need the hash. */
export const PAYLOAD_HASH_RETENTION_MS = 3_600_000;
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

/**
 * Drops the payload hash of key-less leads created before `before`. The partial index
 * leads_payload_live holds exactly those rows, so each run reads only the last hour's leads.
 */
export async function dropPayloadHashes(d1: D1Database, before: number, limit: number): Promise<number> {
  // Spelled as the index's WHERE, which SQLite needs to use a partial index.
  const result = await d1
    .prepare(
      `UPDATE leads SET payload_hash = NULL WHERE id IN (
         SELECT id FROM leads WHERE payload_hash IS NOT NULL AND idempotency_key IS NULL
           AND created_at < ?1 ORDER BY created_at LIMIT ?2)`,
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
    payloadHashes: await dropPayloadHashes(env.DB, now - PAYLOAD_HASH_RETENTION_MS, COMPACT_BATCH),
  }),
};
