import type { Calendars } from "../calendars";
import type { RoutingConfig } from "../core/config-doc";
import { slotWindow } from "../core/slots";
import {
  cancelConfirmedStatement,
  getBooking,
  insertBookingIfFree,
  type BookingRow,
} from "./booking-queries";
import { AppError } from "../errors";
import { handOff } from "../outbox/dispatch";
import { outboxEntryIfChanged } from "../outbox/outbox";
import { freeCandidatesAt, type BookingDeps } from "./availability";
import { guardFor, recordBooked, slotUnavailable } from "./book";
import type { BookingCreated } from "./contract";
import { loadLeadContext, leadTeamSlice, type LeadContext } from "./context";
import { bookingLinks } from "./tokens";

const MINUTE_MS = 60_000;

/**
 * Moves a confirmed booking to `start`. The same rep keeps it when free then; otherwise the
 * team picks among the members free at the new time. The new booking is written first, with
 * the old one exempt from the guard (so a rep can move a meeting by half an hour), and only
 * then is the old one marked `rescheduled`: a failure in between leaves the visitor with a
 * meeting, never with none. On the builtin calendar the successor inherits the old booking's
 * event (same UID, SEQUENCE + 1), so one REQUEST moves the meeting (RFC 5546); a rep the
 * meeting left gets a CANCEL. An Outlook meeting that stays with its rep is PATCHed in place
 * (handOverEvent). Otherwise (Google on either side, or another rep) the old event is
 * cancelled and a new one created. Every calendar write is retried by the cron if it fails.
 */
export async function rescheduleBooking(
  deps: BookingDeps,
  active: { version: number; config: RoutingConfig },
  old: BookingRow,
  input: { start: number; timezone?: string },
  /** The lead's context when the caller loaded it alongside the booking (one round trip). */
  loaded?: LeadContext,
): Promise<BookingCreated> {
  if (old.status !== "confirmed")
    throw new AppError(409, "conflict", "This booking is no longer active.", { reason: old.status });
  const ctx = loaded ?? (await loadLeadContext(deps.db, active, old.leadId));
  if (!ctx.assignment) throw new AppError(409, "conflict", "This lead can no longer book.");
  const view = { ...deps, calendars: withoutBooking(deps.calendars, ctx, old) };
  const window = slotWindow({ rules: ctx.meetingType, now: deps.now });
  const inWindow = input.start >= window.start && input.start < window.end;

  let moved: Awaited<ReturnType<typeof tryMove>> = null;
  if (inWindow && (await freeReps(view, ctx, [old.repId], input.start)).includes(old.repId))
    moved = await tryMove(deps, ctx, old, old.repId, input);
  if (!moved && inWindow) {
    const repId = await pickInTeam(view, ctx, old, input.start);
    if (repId) moved = await tryMove(deps, ctx, old, repId, input);
  }
  if (!moved) {
    const now = await getBooking(deps.db, old.id);
    if (now?.status !== "confirmed")
      throw new AppError(409, "conflict", "This booking changed meanwhile; reload it.");
    throw await slotUnavailable(deps, ctx);
  }
  const { row, effects } = moved;
  if (ctx.assignment.repId !== row.repId) await recordBooked(deps, ctx, row.repId);
  const created = {
    bookingId: row.id,
    repId: row.repId,
    start: new Date(row.startAt).toISOString(),
    end: new Date(row.endAt).toISOString(),
    ...(await bookingLinks(deps.env, deps.baseUrl, row.id, row.endAt)),
  };
  await handOff(deps.env, deps.ctx, effects, deps.now, { calendars: deps.calendars });
  return created;
}

/** The reps among `repIds` (active ones only) free for a meeting at `start`. */
function freeReps(deps: BookingDeps, ctx: LeadContext, repIds: string[], start: number) {
  const candidates = ctx.config.reps.filter((r) => r.active && repIds.includes(r.id));
  return freeCandidatesAt(deps, { ...ctx, candidates }, start);
}

/**
 * The team object's pick among the other members free at `start`, as an SLA reassignment
 * would pick (the team's own mode and weights), so the counts stay right. A lead the object
 * has never seen (routed before it existed) is assigned among the free reps instead.
 */
async function pickInTeam(deps: BookingDeps, ctx: LeadContext, old: BookingRow, start: number) {
  const slice = leadTeamSlice(ctx);
  if (!slice) return null;
  const others = slice.team.members.map((m) => m.repId).filter((id) => id !== old.repId);
  const free = await freeReps(deps, ctx, others, start);
  if (free.length === 0) return null;
  const stub = deps.env.TEAM.getByName(slice.team.id);
  const busy = others.filter((id) => !free.includes(id));
  const moved = await stub.reassign({
    leadId: ctx.lead.id,
    excludeRepIds: [old.repId, ...busy],
    teamConfig: slice,
    now: deps.now,
  });
  if (moved.ok) return free.includes(moved.repId) ? moved.repId : null;
  if (moved.reason !== "unknown_lead") return null;
  const picked = await stub.assign({
    leadId: ctx.lead.id,
    emailNormalized: ctx.lead.emailNormalized ?? undefined,
    teamConfig: slice,
    now: deps.now,
    freeRepIds: free,
  });
  return picked.ok && free.includes(picked.repId) ? picked.repId : null;
}

/**
 * Writes the successor through the same guarded insert as a first booking, and in the same
 * batch moves the old one out of `confirmed` and writes the move's side effects (the calendar
 * hand-over and the announcement, run after the answer by worker/outbox). The insert requires
 * the old booking to be still confirmed, so a concurrent cancel or move makes all of it a no-op.
 */
async function tryMove(
  deps: BookingDeps,
  ctx: LeadContext,
  old: BookingRow,
  repId: string,
  input: { start: number; timezone?: string },
): Promise<{ row: BookingRow; effects: string[] } | null> {
  const rep = ctx.config.reps.find((r) => r.id === repId)!;
  const row: BookingRow = {
    ...old,
    id: crypto.randomUUID(),
    repId,
    startAt: input.start,
    endAt: input.start + ctx.meetingType.durationMinutes * MINUTE_MS,
    timezone: input.timezone ?? old.timezone,
    calendarProvider: rep.calendar.provider,
    calendarEventId: null,
    calendarSyncStatus: "pending",
    calendarAttempts: 0,
    createdAt: deps.now,
  };
  const guard = { ...guardFor(ctx, rep.timezone, row), exceptBookingId: old.id };
  const d1 = deps.env.DB;
  const of = {
    leadId: old.leadId,
    bookingId: row.id,
    payload: { oldBookingId: old.id, newBookingId: row.id, baseUrl: deps.baseUrl },
  };
  const effects = [
    outboxEntryIfChanged(d1, { kind: "calendar.reschedule", ...of }, deps.now),
    outboxEntryIfChanged(d1, { kind: "meeting.rescheduled", ...of }, deps.now),
  ];
  const then = [
    cancelConfirmedStatement(d1, old.id, deps.now, "rescheduled", true),
    ...effects.map((e) => e.statement),
  ];
  return (await insertBookingIfFree(d1, row, guard, then))
    ? { row, effects: effects.map((e) => e.id) }
    : null;
}

/**
 * The calendars as they would look without the booking being moved, so its rep is not busy
 * with the very meeting that is moving. Matches the booking's own span, as Baton stores it
 * (with the team's buffers) and as Google reports it; a Google busy block merged with a
 * neighbouring event does not match and keeps the rep busy there (safe: the team is asked).
 */
export function withoutBooking(calendars: Calendars, ctx: LeadContext, old: BookingRow): Calendars {
  const mt = ctx.meetingType;
  const own = new Set([
    `${old.startAt}/${old.endAt}`,
    `${old.startAt - mt.bufferBeforeMinutes * MINUTE_MS}/${old.endAt + mt.bufferAfterMinutes * MINUTE_MS}`,
  ]);
  return {
    ...calendars,
    async busy(reps, from, to) {
      const result = await calendars.busy(reps, from, to);
      const list = result.busy.get(old.repId);
      if (list)
        result.busy.set(
          old.repId,
          list.filter((i) => !own.has(`${i.start}/${i.end}`)),
        );
      return result;
    },
  };
}
