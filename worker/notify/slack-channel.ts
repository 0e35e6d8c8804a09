import { loadActiveConfig } from "../config/store";
import { database } from "../db/client";
import { DeliveryError, PermanentDeliveryError, type Channel } from "./queue";
import { postJson } from "./http-post";
import { slackUrlOf, type Audience } from "./recipients";
import { slackTarget } from "./settings";

// Slack answers these for a malformed message or a revoked, disabled or archived hook;
// retrying cannot help (https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks,
// https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks#handling_errors).
// 429 (rate limited, with Retry-After) and 5xx are retried.
const PERMANENT = new Set([400, 403, 404, 410]);

/** What a Slack queue message carries: the audience to look the URL up for, and the message. */
export type SlackPayload = { audience?: Audience; repId?: string; text: string; blocks: unknown[] };

/**
 * Posts a Block Kit message to the audience's incoming webhook (the rep's, a team's or the
 * org's). The URL is read from the live config at delivery time, so it never sits in the
 * queue or the delivery log, and a channel removed from the config stops getting messages
 * already queued.
 */
export const slackChannel: Channel = async (message, env) => {
  const { audience: given, repId, text, blocks } = message.payload as SlackPayload;
  // Messages queued before team and org channels existed name only the rep.
  const audience: Audience = given ?? { scope: "rep", id: repId ?? "" };
  const active = await loadActiveConfig(database(env.DB));
  const url = active ? slackUrlOf(active.config, audience) : undefined;
  if (!url) throw new PermanentDeliveryError(`no Slack webhook for ${audience.scope} ${audience.id}`);
  try {
    return await postJson(
      env,
      slackTarget(env, url),
      JSON.stringify({ text, blocks }),
      {},
      { errorBody: true },
    );
  } catch (err) {
    if (err instanceof DeliveryError && err.responseStatus && PERMANENT.has(err.responseStatus)) {
      throw new PermanentDeliveryError(err.message, err.responseStatus);
    }
    throw err;
  }
};
