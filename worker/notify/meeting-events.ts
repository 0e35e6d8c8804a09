import type { RoutingConfig } from "../core/config-doc";
import type { BatonEvent } from "../core/webhooks";
import type { BookingRow } from "../booking/booking-queries";
import type { Database } from "../db/client";
import { getLead } from "../leads/lead-queries";
import type { NotificationMessage } from "./channel";
import { recipientsFor } from "./recipients";
import { leadSummary, noticeMessages, type RepNotice } from "./rep-notice";
import { webhookMessagesFor } from "./webhook-fanout";

type MeetingEvent = "meeting.booked" | "meeting.canceled";

/** The event payload: ids and times, no PII. */
function eventData(booking: BookingRow, extra: Record<string, unknown> = {}) {
  return {
    bookingId: booking.id,
    leadId: booking.leadId,
    repId: booking.repId,
    teamId: booking.teamId,
    start: new Date(booking.startAt).toISOString(),
    end: new Date(booking.endAt).toISOString(),
    ...extra,
  };
}

const links = (booking: BookingRow) => ({ leadId: booking.leadId, bookingId: booking.id });

/** A notice about one booking for its rep, or null when no channel would receive it. */
type Draft = {
  kind: RepNotice["kind"];
  booking: BookingRow;
  why: string;
  previousStart?: number;
  manageUrl?: string;
};

/**
 * The messages announcing `meeting.booked` or `meeting.canceled`: subscribed webhooks, and the
 * rep's Slack and the team's and org's channels. The rep's own email is not used: the calendar
 * invite (or its cancellation) already went there. Run by an outbox entry once the change is
 * committed (ids derive from `seed`); throws so that the entry is tried again.
 */
export function meetingMessages(
  db: Database,
  now: number,
  type: MeetingEvent,
  booking: BookingRow,
  config: RoutingConfig | undefined,
  seed: string,
  manageUrl?: string,
): Promise<NotificationMessage[]> {
  const booked = type === "meeting.booked";
  return messagesFor(
    db,
    now,
    config,
    [{ type, at: now, ...links(booking), data: eventData(booking) }],
    [
      booked
        ? { kind: "booked", booking, why: "the lead booked this time in your calendar", manageUrl }
        : { kind: "canceled", booking, why: "the lead canceled the meeting" },
    ],
    seed,
  );
}

/**
 * A reschedule as the event list has it: `meeting.canceled` for the old slot (with
 * `rescheduledTo`) and `meeting.booked` for the new one (with `rescheduledFrom`), so a
 * subscriber that knows only booked and canceled stays right. The new rep is told the meeting
 * moved; when the rep changed, the old rep is told it is off their calendar.
 */
export function rescheduleMessages(
  db: Database,
  now: number,
  old: BookingRow,
  moved: BookingRow,
  config: RoutingConfig | undefined,
  seed: string,
  manageUrl?: string,
): Promise<NotificationMessage[]> {
  const events: BatonEvent[] = [
    { type: "meeting.canceled", at: now, ...links(old), data: eventData(old, { rescheduledTo: moved.id }) },
    { type: "meeting.booked", at: now, ...links(moved), data: eventData(moved, { rescheduledFrom: old.id }) },
  ];
  const sameRep = old.repId === moved.repId;
  const newRep = config?.reps.find((r) => r.id === moved.repId)?.name ?? moved.repId;
  const drafts: Draft[] = [
    {
      kind: "rescheduled",
      booking: moved,
      why: sameRep ? "the lead moved the meeting" : "the lead moved the meeting to a time you are free",
      previousStart: old.startAt,
      manageUrl,
    },
  ];
  if (!sameRep)
    drafts.push({ kind: "canceled", booking: old, why: `the lead moved the meeting; ${newRep} takes it` });
  return messagesFor(db, now, config, events, drafts, seed);
}

async function messagesFor(
  db: Database,
  now: number,
  config: RoutingConfig | undefined,
  events: BatonEvent[],
  drafts: Draft[],
  seed: string,
): Promise<NotificationMessage[]> {
  const notices = config ? await noticesFor(db, config, drafts) : [];
  const webhooks = await webhookMessagesFor(db, events, now, seed);
  return [...notices.flatMap(noticeMessages).map((m) => ({ ...m, once: true })), ...webhooks];
}

async function noticesFor(db: Database, config: RoutingConfig, drafts: Draft[]): Promise<RepNotice[]> {
  const out: RepNotice[] = [];
  for (const d of drafts) {
    const rep = config.reps.find((r) => r.id === d.booking.repId);
    if (!rep) continue;
    // Skip the lead read when no channel would hear about it (the common case: email only).
    const shared = { teamId: d.booking.teamId, channels: config };
    if (recipientsFor(rep, shared.teamId, config, { shared: true, repEmail: false }).length === 0) continue;
    const lead = await getLead(db, d.booking.leadId);
    out.push({
      kind: d.kind,
      rep,
      lead: lead ? leadSummary(lead, config) : { id: d.booking.leadId },
      why: d.why,
      booking: {
        id: d.booking.id,
        start: d.booking.startAt,
        end: d.booking.endAt,
        timezone: d.booking.timezone,
        ...(d.previousStart !== undefined ? { previousStart: d.previousStart } : {}),
        ...(d.manageUrl ? { manageUrl: d.manageUrl } : {}),
        ...(d.booking.cancelReason ? { cancelReason: d.booking.cancelReason } : {}),
      },
      ...shared,
    });
  }
  return out;
}
