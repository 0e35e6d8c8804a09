import { handOff } from "../outbox/dispatch";
import { outboxEntryIfChanged } from "../outbox/outbox";
import type { RoutingConfig } from "../core/config-doc";
import {
  cancelConfirmedStatement,
  getBooking,
  setLeadStatusIfChanged,
  type BookingRow,
} from "./booking-queries";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import type { BookingDeps } from "./availability";
import type { BookingView } from "./contract";

/** Loads a booking for its manage link; 404 when it does not exist. */
export async function loadBooking(db: Database, bookingId: string): Promise<BookingRow> {
  const booking = await getBooking(db, bookingId);
  if (!booking) throw new AppError(404, "not_found", "No such booking.");
  return booking;
}

export function viewOf(config: RoutingConfig, booking: BookingRow): BookingView {
  const rep = config.reps.find((r) => r.id === booking.repId);
  return {
    bookingId: booking.id,
    status: booking.status,
    repId: booking.repId,
    repName: rep?.name ?? booking.repId,
    start: new Date(booking.startAt).toISOString(),
    end: new Date(booking.endAt).toISOString(),
  };
}

/**
 * Cancels a booking: the slot is free again at once (only confirmed bookings count as busy),
 * the lead can book anew with its booking token. After the answer (worker/outbox) the team
 * object releases the lead (giving the rep its turn back) when the team's `releaseOnCancel`
 * says so, the calendar side is cancelled and the cancel announced. Cancelling twice is a
 * no-op that answers the same. The visitor's optional `reason` is stored on the booking.
 */
export async function cancelBooking(
  deps: BookingDeps,
  active: { version: number; config: RoutingConfig },
  booking: BookingRow,
  reason?: string,
): Promise<BookingView> {
  const { db, now } = deps;
  const d1 = deps.env.DB;
  const of = { leadId: booking.leadId, bookingId: booking.id, payload: { bookingId: booking.id } };
  const team = booking.teamId ? active.config.teams.find((t) => t.id === booking.teamId) : undefined;
  // The cancel, its side effects and the lead's status commit together; a second click
  // changes nothing, so it writes no entries either.
  const effects = [
    outboxEntryIfChanged(d1, { kind: "calendar.sync", ...of }, now),
    outboxEntryIfChanged(d1, { kind: "meeting.canceled", ...of }, now),
    ...(team?.distribution.releaseOnCancel
      ? [outboxEntryIfChanged(d1, { kind: "team.release", ...of }, now)]
      : []),
  ];
  const [cancel] = await d1.batch([
    cancelConfirmedStatement(d1, booking.id, now, "canceled", false, reason),
    ...effects.map((e) => e.statement),
    setLeadStatusIfChanged(d1, booking.leadId, "routed", now),
  ]);
  if (cancel?.meta.changes !== 1) return viewOf(active.config, (await getBooking(db, booking.id)) ?? booking);
  await handOff(
    deps.env,
    deps.ctx,
    effects.map((e) => e.id),
    now,
    { calendars: deps.calendars },
  );
  return viewOf(active.config, {
    ...booking,
    status: "canceled",
    canceledAt: now,
    cancelReason: reason ?? null,
  });
}
