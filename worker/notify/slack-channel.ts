import { loadActiveConfig } from "../config/store";
import { database } from "../db/client";
import { DeliveryError, PermanentDeliveryError, type Channel } from "../queue/notifications";
import { postJson } from "./http-post";

// Slack answers these for a revoked or malformed hook; retrying cannot help
// (https://api.slack.com/messaging/webhooks#handling_errors).
const PERMANENT = new Set([400, 403, 404, 410]);

/**
 * Posts a Block Kit message to the rep's incoming webhook. The URL is read from the live
 * config at delivery time, so it never sits in the queue or the delivery log, and a rep who
 * removed it stops getting messages already queued.
 */
export const slackChannel: Channel = async (message, env) => {
  const { repId, text, blocks } = message.payload as { repId: string; text: string; blocks: unknown[] };
  const active = await loadActiveConfig(database(env.DB));
  const url = active?.config.reps.find((r) => r.id === repId)?.notify?.slackWebhookUrl;
  if (!url) throw new PermanentDeliveryError("rep has no Slack webhook");
  try {
    return await postJson(env, url, JSON.stringify({ text, blocks }));
  } catch (err) {
    if (err instanceof DeliveryError && err.responseStatus && PERMANENT.has(err.responseStatus)) {
      throw new PermanentDeliveryError(err.message, err.responseStatus);
    }
    throw err;
  }
};
