import { AppError } from "../errors";
import { sha256Hex } from "../security/tokens";

/**
 * Submissions allowed per client IP and form per window. Generous for people (a visitor
 * resubmitting a few times), tight for scripts.
 */
export const SUBMISSION_LIMIT = 10;
export const SUBMISSION_WINDOW_MS = 60_000;
/**
 * Submissions per form and window from clients whose address is unknown (no
 * `CF-Connecting-IP` and no `CLIENT_IP_HEADER`): they share one bucket, so it is larger than
 * one client's, yet still caps a script that strips the header.
 */
export const UNIDENTIFIED_LIMIT = 100;
/** Counter objects per form: each takes a share of the clients, by the first hex digit of their hash. */
export const RATE_LIMIT_SHARDS = 16;

/**
 * The client's address. On Cloudflare it is `CF-Connecting-IP`, which Cloudflare sets and a
 * client cannot forge. Behind another proxy (self-hosted workerd), that header is whatever the
 * client sent, so `CLIENT_IP_HEADER` names the one header the proxy sets instead and it alone
 * is read; in `X-Forwarded-For` only the last entry, the one the proxy appended, is the proxy's.
 */
export function clientAddress(headers: Headers, env: { CLIENT_IP_HEADER?: string }): string | undefined {
  const name = env.CLIENT_IP_HEADER?.trim() || "CF-Connecting-IP";
  const entries = (headers.get(name) ?? "").split(",").map((s) => s.trim());
  const last = entries.filter(Boolean).at(-1);
  return last && last.length <= 64 ? last : undefined;
}

let warned = false;

/** Which counter object counts this client, under which key, and with which limit. */
export async function rateLimitSlot(formId: string, clientIp: string | undefined) {
  if (clientIp === undefined) {
    if (!warned) {
      warned = true;
      console.warn(
        JSON.stringify({
          level: "warn",
          msg: "submission without a client address: rate limited in one shared bucket; behind a proxy, set CLIENT_IP_HEADER",
        }),
      );
    }
    return { objectName: `${formId}:unidentified`, key: "unidentified", limit: UNIDENTIFIED_LIMIT };
  }
  // The raw IP never becomes an object name or a key (names show up in Cloudflare's dashboards).
  const hash = await sha256Hex(clientIp);
  const shard = Number.parseInt(hash.slice(0, 4), 16) % RATE_LIMIT_SHARDS;
  return { objectName: `${formId}:${shard}`, key: hash.slice(0, 32), limit: SUBMISSION_LIMIT };
}

/** Throws 429 with Retry-After when this IP has used up its submissions to this form. */
export async function enforceSubmissionRate(
  env: Env,
  formId: string,
  clientIp: string | undefined,
  now: number,
) {
  const { objectName, key, limit } = await rateLimitSlot(formId, clientIp);
  const decision = await env.RATE_LIMITER.getByName(objectName).hit(key, limit, SUBMISSION_WINDOW_MS, now);
  if (!decision.allowed) {
    throw new AppError(
      429,
      "rate_limited",
      "Too many submissions from this address; try again shortly.",
      { retryAfterSeconds: decision.retryAfterSeconds },
      { "Retry-After": String(decision.retryAfterSeconds) },
    );
  }
}
