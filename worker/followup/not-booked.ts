/**
 * The submitted-but-not-booked follow-up (forms[].followUp): a lead shown slots that has not
 * booked `afterMinutes` later gets one email with a link to fresh slots (`/l/:leadId`), its rep
 * one notice, and subscribers one `lead.not_booked` webhook. Exactly once per lead: each lead
 * is claimed by a conditional write before anything is queued (see claimFollowUp).
 */
import type { CronJob } from "../cron/jobs";
import { loadActiveConfig } from "../config/store";
import type { RoutingConfig } from "../core/config-doc";
import { database, type Database } from "../db/client";
import { followUpEmail, followUpWindows, type FollowUpWindow } from "../core/forms/follow-up";
import { leadBookingUrl } from "../booking/tokens";
import type { LeadRow } from "../leads/lead-queries";
import { enqueueNotifications } from "../notify/outbound";
import type { NotificationMessage } from "../notify/queue";
import { leadSummary, noticeMessages } from "../notify/rep-notice";
import { publicBaseUrl } from "../notify/settings";
import { webhookMessagesFor } from "../notify/webhook-fanout";
import { claimFollowUp, dueFollowUps, releaseFollowUp, type DueFollowUp } from "./follow-up-queries";

/** Leads per run across all forms: each costs a claim, a webhook fan-out read and a queue call. */
export const FOLLOW_UP_BATCH = 25;

/** One run: claims and follows up to `batch` due leads. */
export async function followUpNotBooked(env: Env, now: number, batch = FOLLOW_UP_BATCH) {
  const db = database(env.DB);
  const active = await loadActiveConfig(db);
  if (!active) return { skipped: "no active config" };
  const windows = followUpWindows(active.config.forms, now);
  let due = 0;
  let sent = 0;
  for (const w of windows) {
    const leads = await dueFollowUps(env.DB, w, batch - due);
    due += leads.length;
    for (const lead of leads) {
      if (!(await claimFollowUp(env.DB, lead.id, now))) continue;
      try {
        await enqueueNotifications(env, await followUpMessages(env, db, active.config, w, lead, now));
        sent++;
      } catch (err) {
        await releaseFollowUp(env.DB, lead.id, now);
        console.error(
          JSON.stringify({ level: "error", msg: "follow-up failed", leadId: lead.id, error: String(err) }),
        );
      }
    }
    if (due >= batch) break;
  }
  return { forms: windows.length, due, sent };
}

/** The visitor's email (when the form asks for it and the lead has an address), the rep's notice, the webhook. */
async function followUpMessages(
  env: Env,
  db: Database,
  config: RoutingConfig,
  w: FollowUpWindow,
  lead: DueFollowUp,
  now: number,
): Promise<NotificationMessage[]> {
  const rep = config.reps.find((r) => r.id === lead.repId);
  const url = await leadBookingUrl(env, publicBaseUrl(env), lead.id, now);
  const emailed = w.emailVisitor && !!lead.email;
  const visitor: NotificationMessage[] = emailed
    ? [
        {
          id: `email:${lead.id}:follow-up`,
          leadId: lead.id,
          channel: "email",
          eventType: "lead.not_booked",
          target: "email visitor",
          payload: {
            to: lead.email,
            ...followUpEmail(w.language, { rep: rep?.name ?? config.org.name, org: config.org.name, url }),
          },
        },
      ]
    : [];
  const summary = leadSummary(lead as unknown as LeadRow, config);
  const minutes = Math.round((now - lead.slotsShownAt) / 60_000);
  const notices = rep
    ? noticeMessages({
        kind: "not_booked",
        rep,
        lead: summary,
        why: `was shown times ${minutes} minutes ago and has not booked${emailed ? "; Baton emailed them a link to book" : ""}`,
        teamId: lead.teamId,
        channels: config,
      })
    : [];
  const data = {
    leadId: lead.id,
    formId: lead.formId,
    assignmentId: lead.assignmentId,
    repId: lead.repId,
    teamId: lead.teamId,
    ruleId: lead.ruleId,
    slotsShownAt: new Date(lead.slotsShownAt).toISOString(),
    visitorEmailed: emailed,
    ...(summary.answers ? { answers: summary.answers } : {}),
  };
  const webhooks = await webhookMessagesFor(
    db,
    [{ type: "lead.not_booked", at: now, leadId: lead.id, data }],
    now,
  );
  return [...visitor, ...notices, ...webhooks];
}

/** The minute cron's follow-up job. */
export const followUpJob: CronJob = {
  name: "follow-up-not-booked",
  run: ({ env, now }) => followUpNotBooked(env, now),
};
