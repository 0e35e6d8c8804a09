import { announceMeeting } from "../notify/meeting-events";
import type { RoutingConfig } from "../core/config-doc";
import { cancelConfirmedBooking, getBooking, setAssignmentStatus, type BookingRow } from "./booking-queries";
import type { Database } from "../db/client";
import { currentAssignment, getLead, setLeadStatus } from "../leads/lead-queries";
import { AppError } from "../errors";
import { teamSlice } from "../team/team-rpc";
import type { BookingDeps } from "./availability";
import { syncCalendar } from "./event";

/** What a manage link shows about a booking. */
export type BookingView = {
  bookingId: string;
  status: string;
  repId: string;
  repName: string;
  start: string;
  end: string;
};

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
 * the lead can book anew with its booking token, the team object releases the lead (giving
 * the rep its turn back) when the team's `releaseOnCancel` says so, and the calendar side is
 * cancelled now or by the retry job. Cancelling twice is a no-op that answers the same. The
 * visitor's optional `reason` is stored on the booking and shown to the rep.
 */
export async function cancelBooking(
  deps: BookingDeps,
  active: { version: number; config: RoutingConfig },
  booking: BookingRow,
  reason?: string,
): Promise<BookingView> {
  const { db, now } = deps;
  if (!(await cancelConfirmedBooking(db, booking.id, now, "canceled", reason)))
    return viewOf(active.config, (await getBooking(db, booking.id)) ?? booking);
  const canceled: BookingRow = {
    ...booking,
    status: "canceled",
    canceledAt: now,
    cancelReason: reason ?? null,
  };
  await setLeadStatus(db, booking.leadId, now, { status: "routed" });
  await releaseInTeam(deps, active, booking);
  const lead = await getLead(db, booking.leadId);
  if (lead) await syncCalendar(db, deps.calendars, active.config, lead, canceled);
  await announceMeeting(deps.env, db, now, "meeting.canceled", canceled, active.config);
  return viewOf(active.config, canceled);
}

async function releaseInTeam(
  deps: BookingDeps,
  active: { version: number; config: RoutingConfig },
  booking: BookingRow,
) {
  const team = booking.teamId ? active.config.teams.find((t) => t.id === booking.teamId) : undefined;
  if (!team?.distribution.releaseOnCancel) return;
  const slice = teamSlice(active.config, team, active.version);
  try {
    const result = await deps.env.TEAM.getByName(team.id).release({
      leadId: booking.leadId,
      reason: "cancelled",
      teamConfig: slice,
      now: deps.now,
    });
    const assignment = await currentAssignment(deps.db, booking.leadId);
    if (result.ok && assignment) await setAssignmentStatus(deps.db, assignment.id, "released");
  } catch (err) {
    // The cancel itself has happened; a lost credit is an accounting blip, not a lost booking.
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "release after cancel failed",
        bookingId: booking.id,
        error: String(err),
      }),
    );
  }
}
