/**
 * What the not-booked follow-up sends, as the `lead.not_booked` outbox entry's handler: the
 * visitor's email (when the form asks for it and the lead has an address), the rep's notice
 * and the webhook. The cron job claims the lead and writes the entry in one D1 batch
 * (not-booked.ts); this runs after it, from the hand-off or, when that failed, the outbox sweep.
 * It may run twice for one entry (a crash after queueing), so every message id is stable.
 */
import { z } from "zod";
import { loadActiveConfig } from "../config/store";
import type { RoutingConfig } from "../core/config-doc";
import { followUpEmail } from "../core/forms/follow-up";
import { LANGUAGES } from "../core/i18n/format";
import { leadBookingUrl } from "../booking/tokens";
import type { Database } from "../db/client";
import { getLead, type LeadRow } from "../leads/lead-queries";
import { enqueueNotifications } from "../notify/outbound";
import type { NotificationMessage } from "../notify/channel";
import { leadSummary, noticeMessages } from "../notify/rep-notice";
import { publicBaseUrl } from "../notify/settings";
import { webhookMessagesFor } from "../notify/webhook-fanout";
import type { OutboxHandler } from "../outbox/handlers";

/** The entry's payload: what was decided when the lead was claimed; no PII (read at send time). */
export const NotBookedEffect = z.object({
  leadId: z.string(),
  formId: z.string(),
  assignmentId: z.string(),
  repId: z.string(),
  teamId: z.string().nullable(),
  ruleId: z.string().nullable(),
  slotsShownAt: z.number(),
  emailVisitor: z.boolean(),
  language: z.enum(LANGUAGES),
});
export type NotBookedEffect = z.infer<typeof NotBookedEffect>;

/** The messages of one follow-up; `seed` (the outbox entry's id) keeps the webhook ids stable. */
async function followUpMessages(
  env: Env,
  db: Database,
  config: RoutingConfig,
  effect: NotBookedEffect,
  lead: LeadRow,
  now: number,
  seed: string,
): Promise<NotificationMessage[]> {
  const rep = config.reps.find((r) => r.id === effect.repId);
  const url = await leadBookingUrl(env, publicBaseUrl(env), lead.id, now);
  const emailed = effect.emailVisitor && !!lead.email;
  const visitor: NotificationMessage[] = emailed
    ? [
        {
          id: `email:${lead.id}:follow-up`,
          leadId: lead.id,
          channel: "email",
          eventType: "lead.not_booked",
          target: "email visitor",
          payload: {
            to: lead.email!,
            ...followUpEmail(effect.language, {
              rep: rep?.name ?? config.org.name,
              org: config.org.name,
              url,
            }),
          },
        },
      ]
    : [];
  const summary = leadSummary(lead, config);
  const minutes = Math.round((now - effect.slotsShownAt) / 60_000);
  const notices = rep
    ? noticeMessages({
        kind: "not_booked",
        rep,
        lead: summary,
        why: `was shown times ${minutes} minutes ago and has not booked${emailed ? "; Baton emailed them a link to book" : ""}`,
        teamId: effect.teamId,
        channels: config,
      })
    : [];
  const data = {
    leadId: effect.leadId,
    formId: effect.formId,
    assignmentId: effect.assignmentId,
    repId: effect.repId,
    teamId: effect.teamId,
    ruleId: effect.ruleId,
    slotsShownAt: new Date(effect.slotsShownAt).toISOString(),
    visitorEmailed: emailed,
    ...(summary.answers ? { answers: summary.answers } : {}),
  };
  const webhooks = await webhookMessagesFor(
    db,
    [{ type: "lead.not_booked", at: now, leadId: lead.id, data }],
    now,
    seed,
  );
  return [...visitor, ...notices, ...webhooks];
}

/** The `lead.not_booked` outbox handler. A lead erased since its claim gets nothing. */
export const notBookedHandler: OutboxHandler = async ({ env, db, now, row }) => {
  const effect = NotBookedEffect.parse(row.payload);
  const [active, lead] = await Promise.all([loadActiveConfig(db), getLead(db, effect.leadId)]);
  if (!active || !lead || lead.erasedAt !== null) return;
  await enqueueNotifications(env, await followUpMessages(env, db, active.config, effect, lead, now, row.id));
};
