import { DurableObject } from "cloudflare:workers";

export type RateDecision = { allowed: boolean; remaining: number; retryAfterSeconds: number };

/**
 * A fixed-window counter, one object per (form, client IP hash). A Durable Object rather
 * than the Rate Limiting binding because its behaviour is exact and testable locally; the
 * object is tiny and lives only while a client keeps submitting.
 */
export class RateLimiterDurableObject extends DurableObject<Env> {
  private windowStart = 0;
  private count = 0;

  /** Counts one hit at `now` and says whether it fits `limit` hits per `windowMs`. */
  async hit(limit: number, windowMs: number, now: number): Promise<RateDecision> {
    const start = now - (now % windowMs);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.count = 0;
    }
    this.count += 1;
    const allowed = this.count <= limit;
    return {
      allowed,
      remaining: Math.max(0, limit - this.count),
      retryAfterSeconds: allowed ? 0 : Math.ceil((start + windowMs - now) / 1000),
    };
  }
}
