import { handOff } from "../outbox/dispatch";
import { outboxEntryIfChanged } from "../outbox/outbox";
import { slotWindow } from "../core/slots";
import { startOfDay } from "../core/time";
import {
  confirmedBookingForLead,
  insertBookingIfFree,
  setAssignmentStatus,
  setLeadStatusIfChanged,
  type BookingGuard,
  type BookingRow,
} from "./booking-queries";
import { insertAssignment, setLeadStatus } from "../leads/lead-queries";
import { AppError } from "../errors";
import { firstPage, freeCandidatesAt, type BookingDeps } from "./availability";
import { leadTeamSlice, type LeadContext } from "./context";
import type { BookingCreated } from "./contract";
import { bookingLinks } from "./tokens";

const MINUTE_MS = 60_000;

/** 409 slot_unavailable, carrying a fresh first page so the widget can re-offer at once. */
export async function slotUnavailable(deps: BookingDeps, ctx: LeadContext): Promise<AppError> {
  const slots = await firstPage(deps, ctx);
  return new AppError(409, "slot_unavailable", "That time is no longer available.", { slots });
}

/**
 * Books `start` for the lead. Order: recheck the slot against fresh busy time, pick the rep
 * (availability teams pick among the reps free then), write the booking in one guarded
 * statement (the per-rep serialisation point), then record the SLA and create the calendar
 * event. The calendar side never fails the booking: it is retried later.
 */
export async function bookSlot(
  deps: BookingDeps,
  ctx: LeadContext,
  input: { start: number; timezone?: string },
): Promise<BookingCreated> {
  const existing =
    ctx.confirmed === undefined ? await confirmedBookingForLead(deps.db, ctx.lead.id) : ctx.confirmed;
  if (existing) throw alreadyBooked(existing);
  const window = slotWindow({ rules: ctx.meetingType, now: deps.now });
  const free =
    input.start >= window.start && input.start < window.end
      ? await freeCandidatesAt(deps, ctx, input.start)
      : [];
  const repId = free.length ? await pickRep(deps, ctx, free) : null;
  if (!repId || !ctx.assignment) throw await slotUnavailable(deps, ctx);

  const rep = ctx.config.reps.find((r) => r.id === repId)!;
  const row: BookingRow = {
    id: crypto.randomUUID(),
    leadId: ctx.lead.id,
    repId,
    teamId: ctx.team?.id ?? null,
    startAt: input.start,
    endAt: input.start + ctx.meetingType.durationMinutes * MINUTE_MS,
    status: "confirmed",
    timezone: input.timezone ?? null,
    calendarProvider: rep.calendar.provider,
    calendarEventId: null,
    calendarSyncStatus: "pending",
    calendarAttempts: 0,
    createdAt: deps.now,
    canceledAt: null,
    cancelReason: null,
  };
  // The booking, its side effects and the lead's status commit together or not at all.
  const effects = bookedEffects(deps, row);
  const then = [
    ...effects.map((e) => e.statement),
    setLeadStatusIfChanged(deps.env.DB, ctx.lead.id, "booked", deps.now),
  ];
  if (!(await insertBookingIfFree(deps.env.DB, row, guardFor(ctx, rep.timezone, row), then))) {
    const mine = await confirmedBookingForLead(deps.db, ctx.lead.id);
    throw mine ? alreadyBooked(mine) : await slotUnavailable(deps, ctx);
  }
  if (ctx.assignment.repId !== repId) await recordBooked(deps, ctx, repId);
  const created = {
    bookingId: row.id,
    repId,
    start: new Date(row.startAt).toISOString(),
    end: new Date(row.endAt).toISOString(),
    ...(await bookingLinks(deps.env, deps.baseUrl, row.id, row.endAt)),
  };
  await handOff(
    deps.env,
    deps.ctx,
    effects.map((e) => e.id),
    deps.now,
    { calendars: deps.calendars },
  );
  return created;
}

/** A new booking's calendar event and announcement, as outbox entries of its insert. */
function bookedEffects(deps: BookingDeps, row: BookingRow) {
  // The origin, so the invite and the notices carry the same manage link as the answer.
  const of = { leadId: row.leadId, bookingId: row.id, payload: { bookingId: row.id, baseUrl: deps.baseUrl } };
  return [
    outboxEntryIfChanged(deps.env.DB, { kind: "calendar.sync", ...of }, deps.now),
    outboxEntryIfChanged(deps.env.DB, { kind: "meeting.booked", ...of }, deps.now),
  ];
}

function alreadyBooked(booking: BookingRow): AppError {
  // Same code as a taken slot would be wrong: retrying another time would not help.
  return new AppError(
    409,
    "conflict",
    "This lead already has a meeting booked; use its manage link to change it.",
    {
      reason: "already_booked",
      start: new Date(booking.startAt).toISOString(),
    },
  );
}

/** The meeting plus the team's buffers must be free of other bookings, and the day under its cap. */
export function guardFor(ctx: LeadContext, timeZone: string, row: BookingRow): BookingGuard {
  const mt = ctx.meetingType;
  const guard: BookingGuard = {
    blockStart: row.startAt - mt.bufferBeforeMinutes * MINUTE_MS,
    blockEnd: row.endAt + mt.bufferAfterMinutes * MINUTE_MS,
  };
  if (mt.dailyMaxPerRep === undefined) return guard;
  const dayStart = startOfDay(row.startAt, timeZone);
  const dayEnd = startOfDay(dayStart + 36 * 3_600_000, timeZone);
  return { ...guard, dailyMax: { dayStart, dayEnd, max: mt.dailyMaxPerRep } };
}

/**
 * The rep for the booking. Most teams: the assigned rep, if free. Availability teams: the
 * team object's weighted pick among the free reps. At intake such a team already counted
 * the lead for someone (there was no slot yet), so when that rep is not free the lead is
 * moved to one who is, through `reassign`, which keeps the counts right.
 */
async function pickRep(deps: BookingDeps, ctx: LeadContext, free: string[]): Promise<string | null> {
  const assigned = ctx.assignment?.repId;
  const slice = leadTeamSlice(ctx);
  if (!slice || ctx.team?.distribution.mode !== "availability")
    return assigned && free.includes(assigned) ? assigned : null;
  const stub = deps.env.TEAM.getByName(slice.team.id);
  const picked = await stub.assign({
    leadId: ctx.lead.id,
    emailNormalized: ctx.lead.emailNormalized ?? undefined,
    teamConfig: slice,
    now: deps.now,
    freeRepIds: free,
  });
  if (picked.ok && free.includes(picked.repId)) return picked.repId;
  const current = picked.ok ? picked.repId : assigned;
  const busy = slice.team.members.map((m) => m.repId).filter((id) => !free.includes(id));
  const moved = await stub.reassign({
    leadId: ctx.lead.id,
    excludeRepIds: [...new Set([...(current ? [current] : []), ...busy])],
    teamConfig: slice,
    now: deps.now,
  });
  return moved.ok && free.includes(moved.repId) ? moved.repId : null;
}

/**
 * Marks the lead booked; an availability pick that moved the lead gets its own assignment row.
 * The SLA is met by the confirmed booking itself: the SLA sweep checks for one before acting
 * (worker/core/sla-policy/decide.ts), so the deadline is left alone. That way a cancelled meeting
 * puts the lead back under its SLA, and a team setting that says bookings do not count works.
 */
export async function recordBooked(deps: BookingDeps, ctx: LeadContext, repId: string): Promise<void> {
  const a = ctx.assignment!;
  const { db, now } = deps;
  if (a.repId === repId) {
    await setLeadStatus(db, ctx.lead.id, now, { status: "booked" });
    return;
  }
  await db.batch([
    setLeadStatus(db, ctx.lead.id, now, { status: "booked" }),
    setAssignmentStatus(db, a.id, "reassigned"),
    insertAssignment(db, {
      id: crypto.randomUUID(),
      leadId: ctx.lead.id,
      repId,
      teamId: a.teamId,
      ruleId: a.ruleId,
      assignedAt: now,
      // The lead's clock started at intake; moving it to a free rep does not restart it.
      acceptDeadline: a.acceptDeadline,
      status: "active",
      attempt: a.attempt + 1,
      reason: "availability: booked with a rep free at the slot",
    }),
  ]);
}
