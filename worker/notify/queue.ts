import { and, eq } from "drizzle-orm";
import { database } from "../db/client";
import { notificationDeliveries } from "../db/schema";
import { emailChannel } from "./email-channel";
import { slackChannel } from "./slack-channel";
import { teamModelChannel } from "./team-model-channel";
import { teamsChannel } from "./teams-channel";
import { webhookChannel } from "./webhook-channel";
import { crmChannel } from "../crm/write-back";
import { DeliveryError, PermanentDeliveryError, type Channel, type NotificationMessage } from "./channel";

/** Must match `max_retries` in wrangler.toml: attempts past it go to the dead-letter queue. */
export const MAX_RETRIES = 5;

/** 10 s, 20 s, 40 s … capped at an hour: quick recovery from blips without hammering outages. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(10 * 2 ** (attempt - 1), 3600);
}

/** Queues accept a retry delay of at most 12 hours (Cloudflare Queues limits). */
export const MAX_RETRY_DELAY_SECONDS = 43_200;

/**
 * The wait before the next attempt: the backoff, or longer when the far side asked for more
 * with Retry-After (Slack's 429), never past what Queues accepts.
 */
export function nextDelaySeconds(attempt: number, err: unknown): number {
  const asked = err instanceof DeliveryError ? (err.retryAfterSeconds ?? 0) : 0;
  return Math.min(Math.max(retryDelaySeconds(attempt), asked), MAX_RETRY_DELAY_SECONDS);
}

/**
 * Delivers a batch, recording every attempt in the delivery log. A message for a channel
 * this deployment does not know is recorded as dead instead of retried forever.
 */
export async function consumeNotifications(
  batch: MessageBatch<NotificationMessage>,
  env: Env,
  channels: Readonly<Record<string, Channel>>,
  clock: () => number = Date.now,
): Promise<void> {
  const db = database(env.DB);
  for (const message of batch.messages) {
    const body = message.body;
    const base = {
      id: crypto.randomUUID(),
      messageId: body.id,
      leadId: body.leadId ?? null,
      bookingId: body.bookingId ?? null,
      channel: body.channel,
      eventType: body.eventType,
      target: body.target ?? null,
      attempt: message.attempts,
    };
    if (body.once && (await alreadyDelivered(db, body.id))) {
      message.ack();
      continue;
    }
    const channel = channels[body.channel];
    if (!channel) {
      await db
        .insert(notificationDeliveries)
        .values({ ...base, status: "dead", error: `unknown channel "${body.channel}"`, createdAt: clock() });
      message.ack();
      continue;
    }
    try {
      const result = await channel(body, env);
      await db.insert(notificationDeliveries).values({
        ...base,
        status: "delivered",
        responseStatus: result.responseStatus ?? null,
        createdAt: clock(),
      });
      message.ack();
    } catch (err) {
      const permanent = err instanceof PermanentDeliveryError;
      const final = permanent || message.attempts > MAX_RETRIES;
      await db.insert(notificationDeliveries).values({
        ...base,
        status: final ? "dead" : "failed",
        responseStatus: err instanceof DeliveryError ? (err.responseStatus ?? null) : null,
        error: err instanceof Error ? err.message.slice(0, 500) : "delivery failed",
        createdAt: clock(),
      });
      if (permanent) message.ack();
      else message.retry({ delaySeconds: nextDelaySeconds(message.attempts, err) });
    }
  }
}

async function alreadyDelivered(db: ReturnType<typeof database>, messageId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: notificationDeliveries.id })
    .from(notificationDeliveries)
    .where(
      and(eq(notificationDeliveries.messageId, messageId), eq(notificationDeliveries.status, "delivered")),
    )
    .limit(1);
  return row !== undefined;
}

/** Channels wired in this deployment (worker/notify). */
export const notificationChannels: Readonly<Record<string, Channel>> = {
  webhook: webhookChannel,
  slack: slackChannel,
  teams: teamsChannel,
  email: emailChannel,
  // TEAM_MODEL_CHANNEL, spelled out: that const is not initialised yet inside the import cycle.
  "team-model": teamModelChannel,
  crm: crmChannel,
};
