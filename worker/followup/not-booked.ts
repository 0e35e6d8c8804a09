/**
 * The submitted-but-not-booked follow-up (forms[].followUp): a lead shown slots that has not
 * booked `afterMinutes` later gets one email with a link to fresh slots (`/l/:leadId`), its rep
 * one notice, and subscribers one `lead.not_booked` webhook. Exactly once per lead: the
 * conditional claim (claimFollowUp) and the `lead.not_booked` outbox entry commit in one D1
 * batch, the entry is written only when the claim changed the row, and the outbox delivers it
 * (worker/followup/messages.ts): a failed send is retried by the outbox sweep, never lost.
 */
import type { CronJob } from "../cron/jobs";
import { loadActiveConfig } from "../config/store";
import { database } from "../db/client";
import { followUpWindows, type FollowUpWindow } from "../core/forms/follow-up";
import { handOff } from "../outbox/dispatch";
import { outboxEntryIfChanged } from "../outbox/outbox";
import { claimFollowUpStatement, dueFollowUps, type DueFollowUp } from "./follow-up-queries";
import type { NotBookedEffect } from "./messages";

/** Leads per run across all forms: each costs a claim batch, a webhook fan-out read and a queue call. */
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
      const entry = outboxEntryIfChanged(
        env.DB,
        { kind: "lead.not_booked", leadId: lead.id, payload: effectOf(w, lead) },
        now,
      );
      const [claim] = await env.DB.batch([claimFollowUpStatement(env.DB, lead.id, now), entry.statement]);
      if (claim?.meta.changes !== 1) continue;
      // No request to outlive: the entry runs now; a failure leaves it to the outbox sweep.
      await handOff(env, undefined, [entry.id], now);
      sent++;
    }
    if (due >= batch) break;
  }
  return { forms: windows.length, due, sent };
}

/** What the outbox entry carries: the claim's decision, no PII (the handler reads the lead). */
function effectOf(w: FollowUpWindow, lead: DueFollowUp): NotBookedEffect {
  return {
    leadId: lead.id,
    formId: lead.formId,
    assignmentId: lead.assignmentId,
    repId: lead.repId,
    teamId: lead.teamId,
    ruleId: lead.ruleId,
    slotsShownAt: lead.slotsShownAt,
    emailVisitor: w.emailVisitor,
    language: w.language,
  };
}

/** The minute cron's follow-up job. */
export const followUpJob: CronJob = {
  name: "follow-up-not-booked",
  run: ({ env, now }) => followUpNotBooked(env, now),
};
