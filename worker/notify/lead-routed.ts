import type { RoutingConfig } from "../core/config-doc";
import type { Database } from "../db/client";
import type { LeadRow } from "../leads/lead-queries";
import type { NotificationMessage } from "./channel";
import { noticeSigninUrl } from "../reps/signin";
import { acceptUrl } from "./accept-link";
import { leadSummary, noticeMessages } from "./rep-notice";
import { webhookMessagesFor } from "./webhook-fanout";

/** What the outbox entry of a routed lead carries: ids and the score, no PII. */
export type LeadRoutedEffect = {
  leadId: string;
  assignment: { id: string; repId: string; teamId: string | null; ruleId: string | null };
  score?: number | null;
  tier?: string | null;
  /**
   * The team object of `assignment.teamId` chose the rep and counted the lead; false or absent
   * (older entries): a direct destination, so every team of the rep is told (outside-loads.ts).
   */
  teamCounted?: boolean;
};

/**
 * The messages that tell subscribers and the rep that a lead was routed: webhooks (stored for
 * redelivery, ids derived from `seed`) and the rep's notices. Throws on failure, so that the
 * outbox entry that runs it is tried again.
 */
export async function leadRoutedMessages(opts: {
  env: Env;
  db: Database;
  now: number;
  config: RoutingConfig;
  lead: LeadRow;
  effect: LeadRoutedEffect;
  seed: string;
}): Promise<NotificationMessage[]> {
  const { env, db, now, config, lead, effect } = opts;
  const { assignment } = effect;
  const summary = leadSummary(lead, config);
  const data = {
    leadId: lead.id,
    formId: lead.formId,
    ...assignment,
    assignmentId: assignment.id,
    ...(summary.answers ? { answers: summary.answers } : {}),
  };
  const webhooks = await webhookMessagesFor(
    db,
    [{ type: "lead.routed", at: now, leadId: lead.id, data }],
    now,
    opts.seed,
  );
  const rep = config.reps.find((r) => r.id === assignment.repId);
  const notices = rep
    ? noticeMessages({
        kind: "assigned",
        rep,
        lead: { ...summary, score: effect.score ?? lead.score, tier: effect.tier ?? lead.tier },
        why: assignment.ruleId ? `matched rule "${assignment.ruleId}"` : "routing fallback",
        acceptUrl: await acceptUrl(env, assignment.id, now),
        workspaceUrl: await noticeSigninUrl(env, rep.id, now),
        teamId: assignment.teamId,
        channels: config,
      })
    : [];
  return [...notices.map((m) => ({ ...m, once: true })), ...webhooks];
}
