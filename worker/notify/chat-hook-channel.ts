import { loadActiveConfig } from "../config/store";
import { database } from "../db/client";
import { DeliveryError, PermanentDeliveryError, type Channel } from "./channel";
import { postJson } from "./http-post";
import { hookUrlOf, type Audience, type HookField } from "./recipients";

/** What a chat queue message carries: the audience to look the URL up for, and the message. */
export type ChatPayload = { audience?: Audience; repId?: string };

type ChatHook<P extends ChatPayload> = {
  vendor: string;
  field: HookField;
  /** Statuses no retry can fix (a malformed message, a deleted or disabled hook): dead at once. */
  permanent: ReadonlySet<number>;
  /** Where the URL is really sent (a fake's origin in local development and tests). */
  target: (env: Env, url: string) => string;
  body: (payload: P) => string;
  /** The vendor's error code from an error body, for the delivery log (never the payload). */
  errorCode: (text: string) => string;
};

/**
 * A channel that posts to the audience's chat webhook (the rep's, a team's or the org's).
 * The URL is read from the live config at delivery time, so it never sits in the queue or
 * the delivery log, and a channel removed from the config stops getting messages already
 * queued. 429 (with Retry-After) and 5xx are retried by the queue's backoff.
 */
export function chatHookChannel<P extends ChatPayload>(hook: ChatHook<P>): Channel {
  return async (message, env) => {
    const payload = message.payload as P;
    // Messages queued before team and org channels existed name only the rep.
    const audience: Audience = payload.audience ?? { scope: "rep", id: payload.repId ?? "" };
    const active = await loadActiveConfig(database(env.DB));
    const url = active ? hookUrlOf(active.config, audience, hook.field) : undefined;
    if (!url)
      throw new PermanentDeliveryError(`no ${hook.vendor} webhook for ${audience.scope} ${audience.id}`);
    try {
      return await postJson(
        env,
        hook.target(env, url),
        hook.body(payload),
        {},
        { errorBody: hook.errorCode },
      );
    } catch (err) {
      if (err instanceof DeliveryError && err.responseStatus && hook.permanent.has(err.responseStatus)) {
        throw new PermanentDeliveryError(err.message, err.responseStatus);
      }
      throw err;
    }
  };
}
