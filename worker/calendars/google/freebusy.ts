import { z } from "zod";
import { readBusy, type FreeBusyCache } from "../busy-cache";
import type { BusyInterval, BusyResult } from "../provider";
import type { TokenSource } from "./credentials";
import { googleFetch } from "./google-http";
import { withRetry, type RetryContext } from "./retry";

/**
 * Google's documented maximum of calendars per freeBusy.query request
 * (https://developers.google.com/workspace/calendar/api/v3/reference/freebusy/query,
 * `calendarExpansionMax`: "Maximum value is 50"); more answers 400 tooManyCalendarsRequested.
 */
export const FREEBUSY_MAX_CALENDARS = 50;

/** One rep's calendar and the credential that reads it. */
export type BusyTarget = { repId: string; calendarId: string; source: TokenSource };

// Only the fields read; Google also returns kind, timeMin, timeMax and groups.
const freeBusySchema = z.object({
  calendars: z.record(
    z.string(),
    z.object({
      busy: z.array(z.object({ start: z.string(), end: z.string() })).default([]),
      errors: z.array(z.object({ reason: z.string().optional() })).optional(),
    }),
  ),
});

function parseBusy(raw: { start: string; end: string }[]): BusyInterval[] | null {
  const out = raw.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }));
  return out.every((b) => Number.isFinite(b.start) && Number.isFinite(b.end)) ? out : null;
}

export type FreeBusyDeps = {
  /** Google's API root (`GOOGLE_API_ROOT`); tests point it at the fake. */
  apiRoot: string;
  cache: FreeBusyCache;
  retry: RetryContext;
};

/** Splits targets into requests: one credential per request, at most 50 calendars each. */
export function planBatches(targets: readonly BusyTarget[]): BusyTarget[][] {
  const bySource = new Map<string, BusyTarget[]>();
  for (const t of targets) bySource.set(t.source.key, [...(bySource.get(t.source.key) ?? []), t]);
  const batches: BusyTarget[][] = [];
  for (const group of bySource.values()) {
    const calendars = [...new Set(group.map((t) => t.calendarId))];
    for (let i = 0; i < calendars.length; i += FREEBUSY_MAX_CALENDARS) {
      const ids = new Set(calendars.slice(i, i + FREEBUSY_MAX_CALENDARS));
      batches.push(group.filter((t) => ids.has(t.calendarId)));
    }
  }
  return batches;
}

async function queryBatch(
  deps: FreeBusyDeps,
  batch: BusyTarget[],
  from: number,
  to: number,
  out: BusyResult,
) {
  const source = batch[0]!.source;
  const items = [...new Set(batch.map((t) => t.calendarId))].map((id) => ({ id }));
  try {
    const data = await withRetry(
      async (signal) => {
        const token = await source.token(signal);
        const answer = await googleFetch(
          deps.apiRoot,
          token,
          {
            method: "POST",
            path: "calendar/v3/freeBusy",
            body: { timeMin: new Date(from).toISOString(), timeMax: new Date(to).toISOString(), items },
          },
          signal,
        );
        return freeBusySchema.parse(answer);
      },
      { ...deps.retry, onError: (e) => e.kind === "auth_broken" && source.invalidate() },
    );
    const fetchedAt = deps.retry.clock.now();
    for (const t of batch) {
      const cal = data.calendars[t.calendarId];
      const busy = cal && !cal.errors?.length ? parseBusy(cal.busy) : null;
      if (!busy) {
        out.unavailable.set(t.repId, `google:${cal?.errors?.[0]?.reason ?? "missing_calendar"}`);
        continue;
      }
      deps.cache.set(`${source.key}|${t.calendarId}`, { from, to, fetchedAt, busy });
      out.busy.set(t.repId, busy);
    }
  } catch (err) {
    const kind = err instanceof Error && "kind" in err ? String(err.kind) : "error";
    for (const t of batch) out.unavailable.set(t.repId, `google:${kind}`);
  }
}

/**
 * Busy time for the targets within [from, to). Never throws: a calendar that cannot be read
 * (timeout, rate limit after retries, 5xx, Google-side error) puts its rep in `unavailable`.
 */
export async function freeBusy(
  deps: FreeBusyDeps,
  targets: readonly BusyTarget[],
  from: number,
  to: number,
): Promise<BusyResult> {
  return readBusy({
    out: { busy: new Map(), unavailable: new Map() },
    targets,
    from,
    to,
    now: deps.retry.clock.now(),
    cache: deps.cache,
    cacheKey: (t) => `${t.source.key}|${t.calendarId}`,
    plan: planBatches,
    query: (batch, out, wideFrom, wideTo) => queryBatch(deps, batch, wideFrom, wideTo, out),
  });
}
