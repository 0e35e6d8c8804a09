/**
 * What each kind of outbox entry does. Every handler may run more than once for one entry (a
 * crash after it worked but before the entry was marked done), so each is idempotent: message
 * ids derive from the entry's id and the queue consumer drops a copy already delivered
 * (`once`), calendar sync skips a booking already synced, a release of a released lead is a
 * no-op in the team object.
 */
import { z } from "zod";
import { moveBuiltinEvent } from "../calendars/builtin";
import type { Calendars } from "../calendars";
import { loadActiveConfig } from "../config/store";
import { handOverEvent, requestCalendars, syncCalendar } from "../booking/event";
import { manageUrl } from "../booking/tokens";
import { getBooking, setAssignmentStatus, type BookingRow } from "../booking/booking-queries";
import type { Database } from "../db/client";
import { currentAssignment, getLead } from "../leads/lead-queries";
import { leadRoutedMessages } from "../notify/lead-routed";
import { meetingMessages, rescheduleMessages } from "../notify/meeting-events";
import { enqueueNotifications } from "../notify/outbound";
import { teamSlice } from "../team/team-rpc";
import { noteBookedRep, noteRepLoad } from "../team/outside-loads";
import { notBookedHandler } from "../followup/messages";
import {
  leadUpsert,
  meetingWriteBack,
  ownerMove,
  recordCrmWriteBacks,
  rescheduleWriteBacks,
} from "../crm/events";
import { LEAD_REASSIGNED } from "../leads/reassignment-event";
import type { OutboxRow } from "./outbox";

/** Adapters a request may lend its hand-off; the sweep builds its own. */
export type OutboxAdapters = { calendars?: Calendars };

export type OutboxHandler = (
  ctx: { env: Env; db: Database; now: number; row: OutboxRow } & OutboxAdapters,
) => Promise<void>;

const LeadRouted = z.object({
  leadId: z.string(),
  assignment: z.object({
    id: z.string(),
    repId: z.string(),
    teamId: z.string().nullable(),
    ruleId: z.string().nullable(),
  }),
  score: z.number().nullish(),
  tier: z.string().nullish(),
  teamCounted: z.boolean().optional(),
});
// `baseUrl`: the origin the visitor used, for the booking's manage link (as in the answer).
const OneBooking = z.object({ bookingId: z.string(), baseUrl: z.string().optional() });
const Reassigned = z.object({ leadId: z.string(), assignmentId: z.string(), toRepId: z.string() });
const Moved = z.object({
  oldBookingId: z.string(),
  newBookingId: z.string(),
  baseUrl: z.string().optional(),
});

/** The manage link of a booking, the same one its answer carried (signing is deterministic). */
function linkOf(env: Env, baseUrl: string | undefined, b: BookingRow) {
  return baseUrl ? manageUrl(env, baseUrl, b.id, b.endAt) : Promise.resolve(undefined);
}

async function booking(db: Database, id: string): Promise<BookingRow> {
  const row = await getBooking(db, id);
  if (!row) throw new Error(`booking ${id} is gone`);
  return row;
}

/** Creates or cancels the booking's calendar side unless an earlier run already did. */
async function syncBooking(
  env: Env,
  db: Database,
  now: number,
  row: BookingRow,
  calendars?: Calendars,
  link?: string,
) {
  if (row.calendarSyncStatus !== "pending") return;
  const [active, lead] = await Promise.all([loadActiveConfig(db), getLead(db, row.leadId)]);
  if (!active || !lead) return;
  // "pending" means the retry job finishes it; only a thrown error asks the outbox to retry.
  await syncCalendar(
    db,
    calendars ?? requestCalendars(env, db, active.config, now),
    active.config,
    lead,
    row,
    link,
  );
}

/**
 * Starts `work` beside an entry's other effects, which it must not hold up, and returns a call
 * that rethrows its failure once they are done, so that the entry is tried again (the other
 * effects are idempotent).
 */
function alongside(work: Promise<unknown>): () => Promise<void> {
  const failure = work.then(
    () => null,
    (err: unknown) => err ?? new Error("failed"),
  );
  return async () => {
    const err = await failure;
    if (err) throw err;
  };
}

export const outboxHandlers: Readonly<Record<string, OutboxHandler>> = {
  "lead.routed": async ({ env, db, now, row }) => {
    const effect = LeadRouted.parse(row.payload);
    const [active, lead] = await Promise.all([loadActiveConfig(db), getLead(db, effect.leadId)]);
    if (!active || !lead) return; // erased meanwhile, or nothing live: nobody to tell
    // The rep's other teams count this lead against its caps (worker/team/outside-loads.ts). A
    // team object down must not hold the rep's notice; it retries the entry (notes are idempotent).
    const { repId, teamId } = effect.assignment;
    const noted = alongside(
      noteRepLoad(
        env,
        active.config,
        { leadId: lead.id, repId, at: row.createdAt },
        effect.teamCounted ? teamId : null,
      ),
    );
    const messages = await leadRoutedMessages({
      env,
      db,
      now,
      config: active.config,
      lead,
      effect,
      seed: row.id,
    });
    // The lead's contact in the CRM, owned by the assigned rep (nothing without a CRM).
    const crm = await recordCrmWriteBacks(env, db, now, [leadUpsert(lead.id)]);
    await enqueueNotifications(env, [...messages, ...crm]);
    await noted();
  },

  /** A lead moved (an admin's or the SLA sweep's hand-over): the CRM contact follows its rep. */
  [LEAD_REASSIGNED]: async ({ env, db, now, row }) => {
    const moved = Reassigned.parse(row.payload);
    // The new rep's teams count the lead against its caps; the team that moved it has the
    // lead's row and ignores the note.
    const noted = alongside(
      loadActiveConfig(db).then((active) => {
        const note = { leadId: moved.leadId, repId: moved.toRepId, at: row.createdAt };
        return active ? noteRepLoad(env, active.config, note, null) : undefined;
      }),
    );
    await enqueueNotifications(env, await recordCrmWriteBacks(env, db, now, [ownerMove(moved)]));
    await noted();
  },

  "meeting.booked": async ({ env, db, now, row }) => {
    const { bookingId, baseUrl } = OneBooking.parse(row.payload);
    const [b, active] = await Promise.all([booking(db, bookingId), loadActiveConfig(db)]);
    // An availability team may have moved the lead to the rep free at the slot: her caps.
    const noted = alongside(active ? noteBookedRep(env, active.config, b, row.createdAt) : Promise.resolve());
    const link = await linkOf(env, baseUrl, b);
    const [messages, crm] = await Promise.all([
      meetingMessages(db, now, "meeting.booked", b, active?.config, row.id, link),
      recordCrmWriteBacks(env, db, now, [meetingWriteBack("log_meeting", b)]),
    ]);
    await enqueueNotifications(env, [...messages, ...crm]);
    await noted();
  },

  "meeting.canceled": async ({ env, db, now, row }) => {
    const { bookingId } = OneBooking.parse(row.payload);
    const [b, active] = await Promise.all([booking(db, bookingId), loadActiveConfig(db)]);
    const [messages, crm] = await Promise.all([
      meetingMessages(db, now, "meeting.canceled", b, active?.config, row.id),
      recordCrmWriteBacks(env, db, now, [meetingWriteBack("cancel_meeting", b)]),
    ]);
    await enqueueNotifications(env, [...messages, ...crm]);
  },

  "meeting.rescheduled": async ({ env, db, now, row }) => {
    const { oldBookingId, newBookingId, baseUrl } = Moved.parse(row.payload);
    const [old, moved, active] = await Promise.all([
      booking(db, oldBookingId),
      booking(db, newBookingId),
      loadActiveConfig(db),
    ]);
    const noted = alongside(
      active ? noteBookedRep(env, active.config, moved, row.createdAt) : Promise.resolve(),
    );
    const link = await linkOf(env, baseUrl, moved);
    // In the CRM the meeting moves (Salesforce), or the old one is canceled and a new one logged.
    const [messages, crm] = await Promise.all([
      rescheduleMessages(db, now, old, moved, active?.config, row.id, link),
      rescheduleWriteBacks(env, db, now, old, moved),
    ]);
    await enqueueNotifications(env, [...messages, ...crm]);
    await noted();
  },

  /** A booking's calendar side: the event created (confirmed) or cancelled (not). */
  "calendar.sync": async ({ env, db, now, row, calendars }) => {
    const { bookingId, baseUrl } = OneBooking.parse(row.payload);
    const b = await booking(db, bookingId);
    const link = b.status === "confirmed" ? await linkOf(env, baseUrl, b) : undefined;
    await syncBooking(env, db, now, b, calendars, link);
  },

  /**
   * A reschedule's calendar side: on the builtin calendar the successor inherits the event
   * (same UID, SEQUENCE + 1), on Outlook the same rep's event, before either side syncs; then
   * the old side, then the new.
   */
  "calendar.reschedule": async ({ env, db, now, row, calendars }) => {
    const { oldBookingId, newBookingId, baseUrl } = Moved.parse(row.payload);
    const [old, moved] = await Promise.all([booking(db, oldBookingId), booking(db, newBookingId)]);
    if (old.calendarProvider === "builtin" && moved.calendarProvider === "builtin")
      await moveBuiltinEvent(db, old.id, moved.id, now);
    // Outlook: the same rep keeps the event, PATCHed by the successor's sync.
    const handed = await handOverEvent(db, old, moved);
    await syncBooking(env, db, now, handed.old, calendars);
    await syncBooking(env, db, now, handed.successor, calendars, await linkOf(env, baseUrl, moved));
  },

  /** The not-booked follow-up's email, rep notice and webhook (worker/followup/messages.ts). */
  "lead.not_booked": (ctx) => notBookedHandler(ctx),

  /** A cancelled meeting gives the rep its turn back, when the team says so. */
  "team.release": async ({ env, db, now, row }) => {
    const { bookingId } = OneBooking.parse(row.payload);
    const [b, active] = await Promise.all([booking(db, bookingId), loadActiveConfig(db)]);
    const team = b.teamId ? active?.config.teams.find((t) => t.id === b.teamId) : undefined;
    if (!active || !team?.distribution.releaseOnCancel) return;
    const result = await env.TEAM.getByName(team.id).release({
      leadId: b.leadId,
      reason: "cancelled",
      teamConfig: teamSlice(active.config, team, active.version),
      now,
    });
    const assignment = await currentAssignment(db, b.leadId);
    if (result.ok && assignment) await setAssignmentStatus(db, assignment.id, "released");
  },
};
