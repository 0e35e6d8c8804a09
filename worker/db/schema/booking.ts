/** Booked meetings and the builtin calendar's invite events. */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { leads } from "./leads";

export const bookings = sqliteTable(
  "bookings",
  {
    id: text("id").primaryKey(),
    leadId: text("lead_id")
      .notNull()
      .references(() => leads.id),
    repId: text("rep_id").notNull(),
    teamId: text("team_id"),
    startAt: integer("start_at").notNull(),
    endAt: integer("end_at").notNull(),
    /** confirmed | canceled | rescheduled */
    status: text("status").notNull(),
    timezone: text("timezone"),
    calendarProvider: text("calendar_provider").notNull(),
    calendarEventId: text("calendar_event_id"),
    /** pending | synced | failed: the calendar side is retried without losing the booking. */
    calendarSyncStatus: text("calendar_sync_status").notNull(),
    calendarAttempts: integer("calendar_attempts").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    canceledAt: integer("canceled_at"),
    /** What the visitor wrote when cancelling on the booking page (optional, shown to the rep). */
    cancelReason: text("cancel_reason"),
  },
  (t) => [
    // The last guard against double booking, whatever the locks upstream did.
    uniqueIndex("bookings_rep_start_confirmed")
      .on(t.repId, t.startAt)
      .where(sql`status = 'confirmed'`),
    index("bookings_lead").on(t.leadId),
    index("bookings_rep_range").on(t.repId, t.startAt, t.endAt),
    index("bookings_calendar_sync").on(t.calendarSyncStatus, t.createdAt),
  ],
);

/**
 * The builtin calendar's events: the UID each was first sent with, the booking it stands for
 * now (a reschedule hands it to the successor booking) and the SEQUENCE of its latest change,
 * stored before the invite is queued so a retried send repeats it (RFC 5546 §2.1.4).
 */
export const icsEvents = sqliteTable(
  "ics_events",
  {
    uid: text("uid").primaryKey(),
    bookingId: text("booking_id").notNull(),
    sequence: integer("sequence").notNull(),
    canceledAt: integer("canceled_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  // One event per booking; also how a booking finds its event.
  (t) => [uniqueIndex("ics_events_booking").on(t.bookingId)],
);
