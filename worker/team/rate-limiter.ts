import { DurableObject } from "cloudflare:workers";

export type RateDecision = { allowed: boolean; remaining: number; retryAfterSeconds: number };

/**
 * Fixed-window counters for many clients: one object per (form, shard), one counter per
 * client key in it. A Durable Object rather than the Rate Limiting binding because its
 * behaviour is exact and testable with an injected clock.
 *
 * Sharded rather than one object per client: nearly every visitor has a new IP, and
 * creating an object costs far more than counting (it was ~9% of the Worker's CPU under
 * `npm run bench:load`), while a few warm objects per form count any crowd. Counts live in
 * memory only, as before: an evicted object forgets a minute of counts at worst.
 */
export class RateLimiterDurableObject extends DurableObject<Env> {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  /** Counts one hit of `key` at `now` and says whether it fits `limit` hits per `windowMs`. */
  async hit(key: string, limit: number, windowMs: number, now: number): Promise<RateDecision> {
    const start = now - (now % windowMs);
    // Windows are aligned, so every key's window ends together: memory holds one window only.
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.counts.clear();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    const allowed = count <= limit;
    return {
      allowed,
      remaining: Math.max(0, limit - count),
      retryAfterSeconds: allowed ? 0 : Math.ceil((start + windowMs - now) / 1000),
    };
  }
}
