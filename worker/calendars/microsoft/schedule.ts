/**
 * Free/busy through `calendar: getSchedule`
 * (https://learn.microsoft.com/graph/api/calendar-getschedule): one POST answers for many
 * mailboxes, with scheduleItems (start, end, status) per mailbox or a per-mailbox `error`.
 */
import { z } from "zod";
import { readBusy, type FreeBusyCache } from "../busy-cache";
import type { RetryContext } from "../google/retry";
import type { BusyResult } from "../provider";
import type { TokenSource } from "./credentials";
import { graphRequest } from "./graph-http";

/**
 * Mailboxes per getSchedule request. The v1.0 reference names no maximum; 20 keeps one
 * request's answer time bounded (answers slow down past ~15-20 mailboxes, Microsoft Q&A
 * 1533659) and matches the JSON batching limit of 20 should batching replace it.
 */
export const SCHEDULES_PER_REQUEST = 20;
/** Statuses that block a meeting; `free` and `workingElsewhere` leave the rep bookable. */
const BLOCKING = new Set(["busy", "tentative", "oof", "unknown"]);

/** One rep's mailbox, the credential that reads it and the path it is read through. */
export type ScheduleTarget = {
  repId: string;
  schedule: string;
  source: TokenSource;
  /** `me` for a rep's own connection, `users/{mailbox}` for the app-only credential. */
  via: string;
};

const dateTimeTimeZone = z.object({ dateTime: z.string(), timeZone: z.string().optional() });
// Only the fields read; Graph also returns availabilityView and workingHours.
const scheduleResponse = z.object({
  value: z.array(
    z.object({
      scheduleId: z.string(),
      scheduleItems: z
        .array(z.object({ status: z.string(), start: dateTimeTimeZone, end: dateTimeTimeZone }))
        .default([]),
      error: z.object({ responseCode: z.string().optional(), message: z.string().optional() }).nullish(),
    }),
  ),
});

/** Graph answers in UTC when no `Prefer: outlook.timezone` is sent, as `2019-03-15T12:00:00.0000000`. */
function utcMs(value: z.infer<typeof dateTimeTimeZone>): number {
  const base = value.dateTime.replace(/(\.\d{3})\d*$/, "$1");
  return Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(base) ? base : `${base}Z`);
}

/** `2026-03-09T15:00:00` in UTC, the dateTimeTimeZone form getSchedule takes. */
const graphDateTime = (ms: number) => ({
  dateTime: new Date(ms).toISOString().slice(0, 19),
  timeZone: "UTC",
});

/** Splits targets into requests: one credential (and path) per request, at most 20 mailboxes each. */
export function planScheduleBatches(targets: readonly ScheduleTarget[]): ScheduleTarget[][] {
  const groups = new Map<string, ScheduleTarget[]>();
  for (const t of targets) {
    // App-only calls may read any mailbox through one user's path; a rep's own token reads via `me`.
    const key = t.via === "me" ? `${t.source.key}|me` : t.source.key;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const batches: ScheduleTarget[][] = [];
  for (const group of groups.values()) {
    const schedules = [...new Set(group.map((t) => t.schedule.toLowerCase()))];
    for (let i = 0; i < schedules.length; i += SCHEDULES_PER_REQUEST) {
      const part = new Set(schedules.slice(i, i + SCHEDULES_PER_REQUEST));
      batches.push(group.filter((t) => part.has(t.schedule.toLowerCase())));
    }
  }
  return batches;
}

export type ScheduleDeps = { root: string; cache: FreeBusyCache; retry: RetryContext };

async function queryBatch(
  deps: ScheduleDeps,
  batch: ScheduleTarget[],
  from: number,
  to: number,
  out: BusyResult,
) {
  const first = batch[0]!;
  const schedules = [...new Set(batch.map((t) => t.schedule))];
  try {
    const data = await graphRequest(
      deps.root,
      first.source,
      {
        method: "POST",
        path: `${first.via}/calendar/getSchedule`,
        body: {
          schedules,
          startTime: graphDateTime(from),
          endTime: graphDateTime(to),
          availabilityViewInterval: 15,
        },
      },
      scheduleResponse,
      deps.retry,
    );
    const byId = new Map(data!.value.map((v) => [v.scheduleId.toLowerCase(), v]));
    const fetchedAt = deps.retry.clock.now();
    for (const t of batch) {
      const info = byId.get(t.schedule.toLowerCase());
      if (!info || info.error) {
        out.unavailable.set(t.repId, `microsoft:${info?.error?.responseCode ?? "missing_schedule"}`);
        continue;
      }
      const busy = info.scheduleItems
        .filter((i) => BLOCKING.has(i.status.toLowerCase()))
        .map((i) => ({ start: utcMs(i.start), end: utcMs(i.end) }));
      if (!busy.every((b) => Number.isFinite(b.start) && Number.isFinite(b.end))) {
        out.unavailable.set(t.repId, "microsoft:malformed_schedule");
        continue;
      }
      deps.cache.set(`${t.source.key}|${t.schedule.toLowerCase()}`, { from, to, fetchedAt, busy });
      out.busy.set(t.repId, busy);
    }
  } catch (err) {
    const kind = err instanceof Error && "kind" in err ? String(err.kind) : "error";
    const target = kind === "auth_broken" ? out.fallback! : out.unavailable;
    for (const t of batch) target.set(t.repId, `microsoft:${kind}`);
  }
}

/**
 * Busy time within [from, to) for the targets. Never throws: a mailbox that cannot be read
 * puts its rep in `unavailable`, or in `fallback` when the credential itself is dead.
 */
export async function scheduleBusy(
  deps: ScheduleDeps,
  targets: readonly ScheduleTarget[],
  from: number,
  to: number,
): Promise<BusyResult> {
  return readBusy({
    out: { busy: new Map(), unavailable: new Map(), fallback: new Map() },
    targets,
    from,
    to,
    now: deps.retry.clock.now(),
    cache: deps.cache,
    cacheKey: (t) => `${t.source.key}|${t.schedule.toLowerCase()}`,
    plan: planScheduleBatches,
    query: (batch, out, wideFrom, wideTo) => queryBatch(deps, batch, wideFrom, wideTo, out),
  });
}
