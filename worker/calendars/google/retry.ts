import { z } from "zod";
import { CalendarError } from "../provider";

/** Time, injected so that tests run backoff in fake time and never really sleep. */
export type Clock = { now(): number; sleep(ms: number): Promise<void> };

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A CalendarError that may carry Google's `Retry-After`. */
export class GoogleCallError extends CalendarError {
  constructor(
    message: string,
    kind: CalendarError["kind"],
    retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message, kind, retryable);
  }
}

// Google's documented error body; only the fields used to classify it.
const googleErrorBody = z.object({
  error: z.object({
    message: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional() })).optional(),
  }),
});

const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded"]);

function parseRetryAfter(headers: unknown): number | undefined {
  const value = headers instanceof Headers ? headers.get("retry-after") : undefined;
  const seconds = value ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * Maps an HTTP status and Google error body to a CalendarError. Retryable per Google's
 * Calendar API guidance ("Handle API errors"): 403 rateLimitExceeded/userRateLimitExceeded,
 * 429 and 5xx, with exponential backoff. 401 is retried once after a fresh access token.
 */
export function classifyStatus(status: number, body: unknown, headers?: unknown): GoogleCallError {
  const parsed = googleErrorBody.safeParse(body);
  const reason = parsed.success ? parsed.data.error.errors?.[0]?.reason : undefined;
  const text = `Google ${status}${reason ? ` ${reason}` : ""}`;
  const after = parseRetryAfter(headers);
  if (status === 429 || (status === 403 && reason && RATE_LIMIT_REASONS.has(reason))) {
    return new GoogleCallError(text, "rate_limited", true, status, after);
  }
  if (status >= 500) return new GoogleCallError(text, "unavailable", true, status, after);
  if (status === 401) return new GoogleCallError(text, "auth_broken", true, status);
  if (status === 404 || status === 410) return new GoogleCallError(text, "not_found", false, status);
  return new GoogleCallError(text, "invalid", false, status);
}

/** Turns whatever an attempt threw (a classified error, a parse error, a network error) into a CalendarError. */
export function toCalendarError(err: unknown, signal: AbortSignal, vendor = "Google"): CalendarError {
  if (err instanceof CalendarError) return err;
  if (signal.aborted) return new GoogleCallError(`${vendor} did not answer in time`, "timeout", false);
  const e = err as { status?: unknown; response?: { data?: unknown; headers?: unknown } } | null;
  if (typeof e?.status === "number") return classifyStatus(e.status, e.response?.data, e.response?.headers);
  return new GoogleCallError(`${vendor} could not be reached`, "unavailable", true);
}

/** Settles with `promise`, or rejects as a timeout as soon as `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, vendor = "Google"): Promise<T> {
  const late = () => new GoogleCallError(`${vendor} did not answer in time`, "timeout", false);
  if (signal.aborted) return Promise.reject(late());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(late());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

export type RetryContext = {
  clock: Clock;
  random: () => number;
  /** Epoch ms (by `clock`) after which no new attempt starts. */
  deadline: number;
  /** Aborts the attempt in flight when the whole budget is spent. */
  signal: AbortSignal;
  maxAttempts: number;
  baseDelayMs: number;
  /** Called after a failed attempt, e.g. to drop a rejected access token. */
  onError?: (err: CalendarError) => void;
  /** Names the service in timeout messages; the Graph provider shares this loop. */
  vendor?: string;
};

/** The far side's Retry-After carried by an error (Google's or Graph's), in ms. */
const retryAfterOf = (err: CalendarError) => (err as { retryAfterMs?: number }).retryAfterMs ?? 0;

/**
 * Runs `attempt` until it succeeds, fails for good, or the budget runs out. Backoff is
 * exponential with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"),
 * at least Google's `Retry-After`, and never sleeps past the deadline: a retry that could
 * not finish in time is not started.
 */
export async function withRetry<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  ctx: RetryContext,
): Promise<T> {
  for (let n = 0; ; n++) {
    let error: CalendarError;
    try {
      return await raceAbort(attempt(ctx.signal), ctx.signal, ctx.vendor);
    } catch (err) {
      error = toCalendarError(err, ctx.signal, ctx.vendor);
    }
    ctx.onError?.(error);
    if (!error.retryable || n + 1 >= ctx.maxAttempts) throw error;
    const backoff = ctx.random() * ctx.baseDelayMs * 2 ** n;
    const delay = Math.max(backoff, retryAfterOf(error));
    if (ctx.clock.now() + delay >= ctx.deadline) throw error;
    await ctx.clock.sleep(delay);
  }
}
