import { AppError } from "../errors";
import { sha256Hex } from "../security/tokens";

/**
 * Submissions allowed per client IP and form per window. Generous for people (a visitor
 * resubmitting a few times), tight for scripts.
 */
export const SUBMISSION_LIMIT = 10;
export const SUBMISSION_WINDOW_MS = 60_000;
/** Counter objects per form: each takes a share of the clients, by the first hex digit of their hash. */
export const RATE_LIMIT_SHARDS = 16;

/** Which counter object counts this client, and under which key. */
export async function rateLimitSlot(formId: string, clientIp: string | undefined) {
  // The raw IP never becomes an object name or a key (names show up in Cloudflare's dashboards).
  const hash = await sha256Hex(clientIp ?? "unknown");
  const shard = Number.parseInt(hash.slice(0, 4), 16) % RATE_LIMIT_SHARDS;
  return { objectName: `${formId}:${shard}`, key: hash.slice(0, 32) };
}

/** Throws 429 with Retry-After when this IP has used up its submissions to this form. */
export async function enforceSubmissionRate(
  env: Env,
  formId: string,
  clientIp: string | undefined,
  now: number,
) {
  const { objectName, key } = await rateLimitSlot(formId, clientIp);
  const decision = await env.RATE_LIMITER.getByName(objectName).hit(
    key,
    SUBMISSION_LIMIT,
    SUBMISSION_WINDOW_MS,
    now,
  );
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
