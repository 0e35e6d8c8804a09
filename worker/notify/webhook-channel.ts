import { signWebhook } from "../core/webhooks";
import { database } from "../db/client";
import { EXPIRED_WEBHOOK_BODY, getSubscription, getWebhookMessage } from "./webhook-queries";
import { PermanentDeliveryError, type Channel } from "./channel";
import { postJson } from "./http-post";
import { liveSecrets } from "./webhook-secrets";

/**
 * Delivers one stored webhook message, signed per Standard Webhooks with every live secret.
 * The timestamp is the attempt's, so a retry hours later is not rejected as a replay.
 */
export const webhookChannel: Channel = async (message, env) => {
  const db = database(env.DB);
  const { subscriptionId } = message.payload as { subscriptionId: string };
  const [sub, stored] = await Promise.all([
    getSubscription(db, subscriptionId),
    getWebhookMessage(db, message.id),
  ]);
  if (!sub || sub.disabledAt !== null) throw new PermanentDeliveryError("endpoint deleted");
  if (!stored) throw new PermanentDeliveryError("message not found");
  if (stored.body === EXPIRED_WEBHOOK_BODY) throw new PermanentDeliveryError("message body expired");
  const now = Date.now();
  const headers = await signWebhook({
    id: stored.id,
    timestampSeconds: Math.floor(now / 1000),
    body: stored.body,
    secrets: await liveSecrets(env, sub, now),
  });
  return postJson(env, sub.url, stored.body, headers);
};
