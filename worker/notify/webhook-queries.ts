import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import { notificationDeliveries, webhookMessages, webhookSubscriptions } from "../db/schema";

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookMessageRow = typeof webhookMessages.$inferSelect;

/**
 * The body of a message past its redelivery window (capacity/compact.ts): the row stays for the
 * delivery log, the bytes that a redelivery would sign are gone.
 */
export const EXPIRED_WEBHOOK_BODY = "";

/** Redelivery signs the stored body again: a message past its window has none left to sign. */
export function refuseExpired(message: WebhookMessageRow): void {
  if (message.body === EXPIRED_WEBHOOK_BODY)
    throw new AppError(
      409,
      "conflict",
      "This message is past its redelivery window: its body is no longer stored (docs/capacity.md).",
    );
}

export function insertSubscription(db: Database, row: typeof webhookSubscriptions.$inferInsert) {
  return db.insert(webhookSubscriptions).values(row);
}

export async function getSubscription(db: Database, id: string): Promise<WebhookSubscriptionRow | null> {
  const [row] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).limit(1);
  return row ?? null;
}

/** Endpoints that are not deleted; few per deployment, so filtering by event happens in memory. */
export function listActiveSubscriptions(db: Database): Promise<WebhookSubscriptionRow[]> {
  return db.select().from(webhookSubscriptions).where(isNull(webhookSubscriptions.disabledAt));
}

export function updateSubscription(
  db: Database,
  id: string,
  patch: Partial<Pick<WebhookSubscriptionRow, "secrets" | "disabledAt" | "updatedAt">>,
) {
  return db.update(webhookSubscriptions).set(patch).where(eq(webhookSubscriptions.id, id));
}

export function insertWebhookMessages(db: Database, rows: (typeof webhookMessages.$inferInsert)[]) {
  return db.insert(webhookMessages).values(rows);
}

export async function getWebhookMessage(db: Database, id: string): Promise<WebhookMessageRow | null> {
  const [row] = await db.select().from(webhookMessages).where(eq(webhookMessages.id, id)).limit(1);
  return row ?? null;
}

/** An endpoint's latest messages with every delivery attempt of each, newest first. */
export async function listDeliveries(db: Database, subscriptionId: string, limit: number) {
  const messages = await db
    .select()
    .from(webhookMessages)
    .where(eq(webhookMessages.subscriptionId, subscriptionId))
    .orderBy(desc(webhookMessages.createdAt))
    .limit(limit);
  if (messages.length === 0) return [];
  const attempts = await db
    .select()
    .from(notificationDeliveries)
    .where(
      and(
        eq(notificationDeliveries.channel, "webhook"),
        inArray(
          notificationDeliveries.messageId,
          messages.map((m) => m.id),
        ),
      ),
    )
    .orderBy(notificationDeliveries.createdAt);
  return messages.map((m) => ({
    id: m.id,
    eventType: m.eventType,
    createdAt: m.createdAt,
    attempts: attempts
      .filter((a) => a.messageId === m.id)
      .map((a) => ({
        attempt: a.attempt,
        status: a.status,
        responseStatus: a.responseStatus,
        error: a.error,
        at: a.createdAt,
      })),
  }));
}
