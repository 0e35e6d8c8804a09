/**
 * Typed fetch against Microsoft Graph v1.0, with Graph's documented error body
 * (`{ error: { code, message, innerError } }`, https://learn.microsoft.com/graph/errors)
 * mapped to retryable or permanent CalendarErrors, and the shared backoff loop of
 * ../google/retry.ts (full jitter, at least Retry-After, never past the deadline).
 */
import { z } from "zod";
import { bearerJsonInit } from "../../http/bearer-json";
import { CalendarError } from "../provider";
import { withRetry, type RetryContext } from "../google/retry";

/** A CalendarError carrying Graph's status, error code and Retry-After. */
export class GraphCallError extends CalendarError {
  constructor(
    message: string,
    kind: CalendarError["kind"],
    retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
    readonly code?: string,
  ) {
    super(message, kind, retryable);
  }
}

const graphErrorBody = z.object({ error: z.object({ code: z.string().optional() }) });

function retryAfterOf(headers: Headers): number | undefined {
  const seconds = Number(headers.get("retry-after") ?? NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * Graph's guidance: 429 (throttled) waits Retry-After and retries; 503 and 504 are transient
 * (503 may carry Retry-After too); 401 is retried once after a fresh token; 403 on a mailbox
 * means the grant or the admin consent no longer covers it; 404/410 is gone.
 */
export function classifyGraph(status: number, body: unknown, headers: Headers): GraphCallError {
  const parsed = graphErrorBody.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : undefined;
  const text = `Microsoft Graph ${status}${code ? ` ${code}` : ""}`;
  const after = retryAfterOf(headers);
  if (status === 429) return new GraphCallError(text, "rate_limited", true, status, after, code);
  if (status >= 500) return new GraphCallError(text, "unavailable", true, status, after, code);
  if (status === 401) return new GraphCallError(text, "auth_broken", true, status, undefined, code);
  if (status === 403) return new GraphCallError(text, "auth_broken", false, status, undefined, code);
  if (status === 404 || status === 410)
    return new GraphCallError(text, "not_found", false, status, undefined, code);
  return new GraphCallError(text, "invalid", false, status, undefined, code);
}

/** The credential a call runs as, as the provider's token sources offer it. */
export type Bearer = { token(signal: AbortSignal): Promise<string>; invalidate(): void };

export type GraphCall = {
  method: "GET" | "POST" | "PATCH";
  /** Path under `v1.0/`, e.g. `me/events` or `users/a%40b.test/calendar/getSchedule`. */
  path: string;
  body?: unknown;
};

/**
 * One Graph call with retries. Returns the parsed JSON body, or null for 202/204. A 401 drops
 * the cached access token so the next attempt fetches a fresh one.
 */
export async function graphRequest<T>(
  root: string,
  bearer: Bearer,
  call: GraphCall,
  schema: z.ZodType<T> | null,
  retry: RetryContext,
): Promise<T | null> {
  const url = new URL(`v1.0/${call.path}`, root).href;
  return withRetry(
    async (signal) => {
      const token = await bearer.token(signal);
      const res = await fetch(url, bearerJsonInit(call.method, token, call.body, signal)).catch(
        (err: unknown) => {
          if (signal.aborted) throw err;
          throw new GraphCallError("Microsoft Graph could not be reached", "unavailable", true);
        },
      );
      const data: unknown = res.status === 204 ? null : await res.json().catch(() => null);
      if (!res.ok) throw classifyGraph(res.status, data, res.headers);
      if (!schema || res.status === 202 || res.status === 204) return null;
      const parsed = schema.safeParse(data);
      if (!parsed.success)
        throw new GraphCallError("Malformed Microsoft Graph response", "unavailable", true, res.status);
      return parsed.data;
    },
    {
      ...retry,
      vendor: "Microsoft Graph",
      onError: (e) => {
        if (e.kind === "auth_broken" && e.retryable) bearer.invalidate();
        retry.onError?.(e);
      },
    },
  );
}
