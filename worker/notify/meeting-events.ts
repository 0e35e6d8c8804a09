import type { Database } from "../db/client";
import type { bookings } from "../db/schema";
import { enqueueNotifications } from "./outbound";
import { webhookMessagesFor } from "./webhook-fanout";

type BookingRow = typeof bookings.$inferSelect;

/**
 * Announces `meeting.booked` or `meeting.canceled` to subscribed webhooks once the change is
 * committed. Never throws: the booking has happened, and a lost announcement must not turn
 * the visitor's confirmation into an error. The payload carries ids and times, no PII.
 */
export async function announceMeeting(
  env: Env,
  db: Database,
  now: number,
  type: "meeting.booked" | "meeting.canceled",
  booking: BookingRow,
): Promise<void> {
  try {
    const data = {
      bookingId: booking.id,
      leadId: booking.leadId,
      repId: booking.repId,
      teamId: booking.teamId,
      start: new Date(booking.startAt).toISOString(),
      end: new Date(booking.endAt).toISOString(),
    };
    await enqueueNotifications(env, await webhookMessagesFor(db, [{ type, at: now, data }], now));
  } catch (err) {
    console.error(
      JSON.stringify({ level: "warn", msg: "meeting event not announced", type, error: String(err) }),
    );
  }
}
