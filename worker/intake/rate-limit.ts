import { AppError } from "../errors";
import { sha256Hex } from "../security/tokens";

/**
 * Submissions allowed per client IP and form per window. Generous for people (a visitor
 * resubmitting a few times), tight for scripts.
 */
export const SUBMISSION_LIMIT = 10;
export const SUBMISSION_WINDOW_MS = 60_000;

/** Throws 429 with Retry-After when this IP has used up its submissions to this form. */
export async function enforceSubmissionRate(
  env: Env,
  formId: string,
  clientIp: string | undefined,
  now: number,
) {
  // The raw IP never becomes an object name (names show up in Cloudflare's dashboards).
  const key = `${formId}:${await sha256Hex(clientIp ?? "unknown")}`;
  const decision = await env.RATE_LIMITER.getByName(key).hit(SUBMISSION_LIMIT, SUBMISSION_WINDOW_MS, now);
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
