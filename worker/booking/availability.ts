import type { BusyResult, Calendars } from "../calendars";
import {
  bookedSpan,
  pooledSlots,
  repSlots,
  repsFreeAt,
  slotWindow,
  type Slot,
  type SlotQuery,
  type SlotRep,
} from "../core/slots";
import type { Database } from "../db/client";
import { confirmedBookingsInRange, type BookingRow } from "./booking-queries";
import type { LeadContext } from "./context";

/** What the booking service needs from the request: bindings, adapters and one `now`. */
export type BookingDeps = {
  env: Env;
  db: Database;
  calendars: Calendars;
  now: number;
  baseUrl: string;
  /** Where side effects are handed off after the answer (worker/outbox). */
  ctx?: { waitUntil(p: Promise<unknown>): void };
  /** Busy time intake read while the team object was choosing (see `prefetchBusy`). */
  prefetched?: BusyPrefetch;
};

/**
 * Baton's own busy time and confirmed bookings of a target's reps, read alongside the team
 * object's choice instead of after it: one round trip less before the submission's answer.
 * Covers [now - 2 days, now + FIRST_PAGE_DAYS + 2 days): every local date the first page
 * touches, in any zone (a date lasts at most 25 hours and starts at most 26 hours from UTC's).
 */
export type BusyPrefetch = {
  repIds: ReadonlySet<string>;
  own: Promise<BusyResult>;
  bookings: Promise<BookingRow[]>;
};

/** Starts the reads of `prefetched` for these builtin-calendar reps. */
export function prefetchBusy(
  calendars: Calendars,
  db: Database,
  repIds: string[],
  now: number,
): BusyPrefetch {
  const from = now - 2 * DAY_MS;
  const to = now + (FIRST_PAGE_DAYS + 2) * DAY_MS;
  const own = calendars.builtin.busy(repIds, from, to);
  const bookings = confirmedBookingsInRange(db, repIds, from, to);
  // Awaited (or dropped, when routing goes elsewhere) later; never an unhandled rejection.
  own.catch(() => {});
  bookings.catch(() => {});
  return { repIds: new Set(repIds), own, bookings };
}

/** The prefetch, when it holds every candidate and none needs an external calendar. */
function usablePrefetch(deps: BookingDeps, ctx: LeadContext): BusyPrefetch | undefined {
  const pre = deps.prefetched;
  const covered = ctx.candidates.every((r) => r.calendar.provider === "builtin" && pre?.repIds.has(r.id));
  return pre && covered ? pre : undefined;
}

/** The slot list the visitor sees, in the contract's UTC ISO-8601 form. */
export type SlotsPage = { start: string; end: string }[];

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** The submission answers with a week; the widget asks for more through GET …/slots. */
export const FIRST_PAGE_DAYS = 7;

/**
 * The candidates as the slot engine wants them, with busy time from their calendars. A rep
 * whose external calendar cannot be read is left out when offering slots (better no slot
 * than a double booking), but kept with Baton's own busy time when `optimistic`: at booking
 * time the visitor picked a slot that a good read just showed free. A rep whose Microsoft
 * connection is dead (revoked, consent withdrawn, never connected) is offered on the builtin
 * view, and the log says so: waiting for a reconnect should not take the rep off the team.
 */
async function loadSlotReps(deps: BookingDeps, ctx: LeadContext, window: Slot, optimistic: boolean) {
  const mt = ctx.meetingType;
  const from = window.start - mt.bufferBeforeMinutes * MINUTE_MS;
  const to = window.end + (mt.durationMinutes + mt.bufferAfterMinutes) * MINUTE_MS;
  const pre = usablePrefetch(deps, ctx);
  // Independent reads, so one round trip for both. Every booking on the local dates the
  // window touches counts against the daily maximum, however long those dates are.
  const span = bookedSpan(ctx.candidates, window);
  const [result, booked] = await Promise.all([
    pre ? pre.own : deps.calendars.busy(ctx.candidates, from, to),
    mt.dailyMaxPerRep
      ? (pre?.bookings ?? confirmedBookingsInRange(deps.db, ids(ctx), span.start, span.end)).then((rows) =>
          startsByRep(ctx, rows),
        )
      : null,
  ]);
  const reps: SlotRep[] = [];
  for (const rep of ctx.candidates) {
    const reason = result.unavailable.get(rep.id);
    if (reason && !optimistic) {
      console.warn(
        JSON.stringify({
          level: "warn",
          msg: "calendar unreadable; rep offers no slots",
          repId: rep.id,
          reason,
        }),
      );
      continue;
    }
    const fallback = result.fallback?.get(rep.id);
    if (fallback && !optimistic) {
      // The trace of a dead connection: the rep is offered on Baton's own bookings alone.
      console.warn(
        JSON.stringify({
          level: "warn",
          msg: "calendar connection unusable; rep offers builtin slots",
          repId: rep.id,
          reason: fallback,
        }),
      );
    }
    reps.push({ ...rep, busy: result.busy.get(rep.id) ?? [], booked: booked?.get(rep.id) ?? [] });
  }
  return reps;
}

const ids = (ctx: LeadContext) => ctx.candidates.map((r) => r.id);

/** Starts of this team's confirmed bookings per rep, for `dailyMaxPerRep`. */
function startsByRep(ctx: LeadContext, rows: BookingRow[]) {
  const out = new Map<string, number[]>();
  for (const row of rows) {
    if (row.teamId !== (ctx.team?.id ?? null)) continue;
    out.set(row.repId, [...(out.get(row.repId) ?? []), row.startAt]);
  }
  return out;
}

function query(deps: BookingDeps, ctx: LeadContext, from: number, to: number): SlotQuery {
  return { rules: ctx.meetingType, now: deps.now, from, to };
}

/** Bookable slots for the lead starting in [from, to); [] when it cannot book at all. */
export async function offeredSlots(
  deps: BookingDeps,
  ctx: LeadContext,
  from: number,
  to: number,
): Promise<SlotsPage> {
  if (!ctx.assignment || ctx.candidates.length === 0) return [];
  const q = query(deps, ctx, from, to);
  const window = slotWindow(q);
  if (window.start >= window.end) return [];
  const reps = await loadSlotReps(deps, ctx, window, false);
  const pooled = ctx.team?.distribution.mode === "availability";
  const slots = pooled ? pooledSlots(reps, q) : reps[0] ? repSlots(reps[0], q) : [];
  return slots.map((s) => ({ start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString() }));
}

/** The first page, as the submission response and a 409 carry it. */
export function firstPage(deps: BookingDeps, ctx: LeadContext): Promise<SlotsPage> {
  return offeredSlots(deps, ctx, deps.now, deps.now + FIRST_PAGE_DAYS * DAY_MS);
}

/** The candidates free for a meeting starting exactly at `start`, read fresh. */
export async function freeCandidatesAt(
  deps: BookingDeps,
  ctx: LeadContext,
  start: number,
): Promise<string[]> {
  if (!ctx.assignment || ctx.candidates.length === 0) return [];
  const q = query(deps, ctx, start, start + 1);
  const window = slotWindow(q);
  if (window.start >= window.end) return [];
  return repsFreeAt(await loadSlotReps(deps, ctx, window, true), q, start);
}
