/**
 * The queue channel that lands CRM write-backs. Each message names a crm_sync row; the row
 * says what to do, and its outcome (done with the CRM record id, or the error) is written
 * back, so a redelivery or a cron sweep after a crash finds it done and does nothing twice.
 */
import { z } from "zod";
import { contactProperties, eventDescription, mapOwners, salesforceRecordFields } from "../core/crm-facts";
import { loadActiveConfig } from "../config/store";
import { database, type Database } from "../db/client";
import { getBooking } from "../booking/booking-queries";
import { currentAssignment, getLead, latestDecision } from "../leads/lead-queries";
import { DeliveryError, PermanentDeliveryError, type Channel } from "../notify/channel";
import { CrmError, type CrmConnector, type MeetingLog } from "./connector";
import { loadCrm, forgetCrmConnection, type CrmRuntime } from "./runtime";
import type { SalesforceSettings } from "./salesforce-settings";
import {
  contactIdOf,
  getSync,
  replacedBooking,
  updateConnection,
  updateSync,
  type CrmSyncRow,
} from "./store";
import { readTrace } from "../leads/trace-codec";

const payloadSchema = z.object({ syncId: z.string() });

/** 30 s, 1 min, 2 min … capped at an hour: the cron picks up what the queue gave up on. */
export const nextAttemptDelayMs = (attempts: number, askedSeconds = 0) =>
  Math.max(Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000), askedSeconds * 1000);

/** Not ready yet (the contact a meeting hangs on has not landed): retry, no error for the admin. */
class NotYet extends Error {}

type Ctx = { env: Env; db: Database; rt: CrmRuntime; crm: CrmConnector; row: CrmSyncRow };

async function ownerOfRep(ctx: Ctx, repId: string | null): Promise<string | null> {
  if (!repId) return null;
  const active = await loadActiveConfig(ctx.db);
  const mapping = mapOwners(ctx.rt.owners, active?.config.reps ?? [], ctx.rt.settings.ownerOverrides);
  return mapping.ownerByRep.get(repId) ?? null;
}

async function upsertLead(ctx: Ctx): Promise<string> {
  const { db, row, crm, rt } = ctx;
  const [lead, assignment, decision] = await Promise.all([
    getLead(db, row.leadId),
    currentAssignment(db, row.leadId),
    latestDecision(db, row.leadId),
  ]);
  if (!lead?.email) throw new PermanentDeliveryError("the lead has no email to upsert by");
  // Only the facts are read: an archived decision keeps them in D1 (facts_z, worker/archive), and
  // an archived lead whose decision rows moved to R2 keeps its newest decision's (leads.facts_z).
  const trace = decision
    ? await readTrace({ trace: decision.trace, traceZ: decision.traceZ ?? decision.factsZ })
    : lead?.factsZ
      ? await readTrace({ traceZ: lead.factsZ })
      : null;
  const facts = (trace as { routing?: { facts?: Record<string, unknown> } } | null)?.routing?.facts;
  let companyId = typeof facts?.["crm.company.id"] === "string" ? (facts["crm.company.id"] as string) : null;
  const domain =
    typeof facts?.email_domain === "string" && facts.is_free_email !== true ? facts.email_domain : null;
  if (!companyId && domain)
    companyId = (await crm.lookUpLead({ email: lead.email, domain, properties: [] })).company?.id ?? null;
  const email = lead.email.trim().toLowerCase();
  const { contactId } = await crm.upsertLead({
    email,
    ownerId: await ownerOfRep(ctx, assignment?.repId ?? null),
    properties:
      rt.provider === "salesforce"
        ? salesforceRecordFields({ ...lead, email }, rt.settings as SalesforceSettings)
        : contactProperties(lead, rt.settings.fieldMapping, `baton:${lead.formId}`),
    companyId,
  });
  return contactId;
}

/** What the CRM meeting says: Salesforce adds the form answers the admin chose. */
async function meetingBody(ctx: Ctx): Promise<string> {
  const chosen = ctx.rt.provider === "salesforce" ? (ctx.rt.settings as SalesforceSettings).eventFields : [];
  if (!chosen.length) return `Booked through Baton for lead ${ctx.row.leadId}.`;
  const lead = await getLead(ctx.db, ctx.row.leadId);
  return eventDescription({ id: ctx.row.leadId, fields: lead?.fields ?? {} }, chosen);
}

async function meetingOf(db: Database, bookingId: string): Promise<string | null> {
  const row = await getSync(db, `crm:${bookingId}:log_meeting`);
  return row?.status === "done" ? row.externalId : null;
}

async function meetingOfBooking(ctx: Ctx): Promise<MeetingLog> {
  const { db, row, env } = ctx;
  const booking = row.bookingId ? await getBooking(db, row.bookingId) : null;
  if (!booking) throw new PermanentDeliveryError("the booking is gone");
  const contactId = await contactIdOf(db, row.leadId);
  if (!contactId) throw new NotYet("the lead's contact has not been written yet");
  return {
    externalKey: `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}/admin/#/leads/${row.leadId}?booking=${booking.id}`,
    contactId,
    ownerId: await ownerOfRep(ctx, booking.repId),
    title: "Meeting booked with Baton",
    body: await meetingBody(ctx),
    start: booking.startAt,
    end: booking.endAt,
  };
}

async function logMeeting(ctx: Ctx): Promise<string> {
  return (await ctx.crm.logMeeting(await meetingOfBooking(ctx))).meetingId;
}

/**
 * A reschedule where the CRM can move a meeting (Salesforce): the Event logged for the booking
 * it replaced is updated to the new time, and recorded as this booking's meeting.
 */
async function moveMeeting(ctx: Ctx): Promise<string> {
  const { db, row, crm } = ctx;
  const input = await meetingOfBooking(ctx);
  const previous = row.bookingId ? await replacedBooking(db, row.leadId, row.bookingId) : null;
  if (!previous || !crm.moveMeeting) return (await crm.logMeeting(input)).meetingId;
  const meetingId = await meetingOf(db, previous);
  if (!meetingId) throw new NotYet("the meeting being moved has not been logged yet");
  return (await crm.moveMeeting(meetingId, input)).meetingId;
}

async function perform(ctx: Ctx): Promise<string | null> {
  const { db, row, crm } = ctx;
  switch (row.action) {
    case "upsert_lead":
      return upsertLead(ctx);
    case "log_meeting":
      return logMeeting(ctx);
    case "move_meeting":
      return moveMeeting(ctx);
    case "cancel_meeting": {
      const meetingId = row.bookingId ? await meetingOf(db, row.bookingId) : null;
      if (!meetingId) throw new NotYet("the meeting has not been logged yet");
      await crm.cancelMeeting(meetingId);
      return meetingId;
    }
    case "update_owner": {
      const contactId = await contactIdOf(db, row.leadId);
      if (!contactId) throw new NotYet("the lead's contact has not been written yet");
      const assignment = await currentAssignment(db, row.leadId);
      await crm.updateOwner(contactId, await ownerOfRep(ctx, assignment?.repId ?? null));
      return contactId;
    }
  }
  throw new PermanentDeliveryError(`unknown CRM action ${row.action}`);
}

/** Tells the admin (Integrations screen) that the connection needs them, once. */
async function breakConnection(db: Database, provider: string, err: CrmError, now: number) {
  await updateConnection(db, provider, {
    status: "broken",
    lastError: err.message.slice(0, 500),
    updatedAt: now,
  });
  forgetCrmConnection();
}

async function fail(
  db: Database,
  provider: string,
  row: CrmSyncRow,
  err: unknown,
  now: number,
): Promise<never> {
  const attempts = row.attempts + 1;
  const crmErr = err instanceof CrmError ? err : null;
  const admin = crmErr?.kind === "missing_scopes" || crmErr?.kind === "auth_broken";
  const permanent = err instanceof PermanentDeliveryError || (crmErr !== null && !crmErr.retryable && !admin);
  const message = err instanceof Error ? err.message : String(err);
  await updateSync(db, row.id, {
    status: permanent ? "dead" : "failed",
    attempts,
    lastError: message.slice(0, 500),
    nextAttemptAt: now + nextAttemptDelayMs(attempts, crmErr?.retryAfterSeconds),
    updatedAt: now,
  });
  if (admin) {
    await breakConnection(db, provider, crmErr!, now);
    // Kept as failed: once the admin reconnects (or grants the scope) the cron lands it.
    throw new PermanentDeliveryError(message, crmErr!.status);
  }
  if (permanent)
    throw err instanceof PermanentDeliveryError ? err : new PermanentDeliveryError(message, crmErr?.status);
  throw new DeliveryError(message, crmErr?.status, crmErr?.retryAfterSeconds);
}

/** The `crm` channel of the notifications queue. */
export function crmChannelWith(clock: () => number = () => Date.now()): Channel {
  return async (message, env) => {
    const db = database(env.DB);
    const { syncId } = payloadSchema.parse(message.payload);
    const row = await getSync(db, syncId);
    if (!row) throw new PermanentDeliveryError("no such CRM write-back");
    if (row.status === "done") return { responseStatus: 200 };
    const rt = await loadCrm(env, db, clock());
    if (!rt) throw new PermanentDeliveryError("no CRM is connected");
    if (rt.row.status !== "connected")
      throw new PermanentDeliveryError(
        `the CRM connection is ${rt.row.status}; the cron retries after a reconnect`,
      );
    try {
      const crm = await rt.connector();
      const externalId = await perform({ env, db, rt, crm, row });
      await updateSync(db, row.id, {
        status: "done",
        attempts: row.attempts + 1,
        externalId,
        lastError: null,
        updatedAt: clock(),
      });
      return { responseStatus: 200 };
    } catch (err) {
      return fail(db, rt.row.id, row, err instanceof NotYet ? new DeliveryError(err.message) : err, clock());
    }
  };
}

export const crmChannel: Channel = crmChannelWith();
