import type { RoutingConfig } from "../core/config-doc";
import type { Database } from "../db/client";
import type { LeadRow } from "../leads/lead-queries";
import { acceptUrl } from "./accept-link";
import { enqueueNotifications } from "./outbound";
import { leadSummary, noticeMessages } from "./rep-notice";
import { webhookMessagesFor } from "./webhook-fanout";

/**
 * Tells subscribers and the rep that a lead was routed. Runs after the routing batch has
 * committed and never throws: a notification failure must not turn a routed lead into an
 * unrouted one (the delivery log and queue retries cover the rest).
 */
export async function announceLeadRouted(opts: {
  env: Env;
  db: Database;
  now: number;
  config: RoutingConfig;
  lead: LeadRow;
  assignment: { id: string; repId: string; teamId: string | null; ruleId: string | null };
  score?: number | null;
  tier?: string | null;
}): Promise<void> {
  const { env, db, now, config, lead, assignment } = opts;
  try {
    const summary = leadSummary(lead, config);
    const data = {
      leadId: lead.id,
      formId: lead.formId,
      ...assignment,
      assignmentId: assignment.id,
      ...(summary.answers ? { answers: summary.answers } : {}),
    };
    const webhooks = await webhookMessagesFor(db, [{ type: "lead.routed", at: now, data }], now);
    const rep = config.reps.find((r) => r.id === assignment.repId);
    const notices = rep
      ? noticeMessages({
          kind: "assigned",
          rep,
          lead: { ...summary, score: opts.score ?? lead.score, tier: opts.tier ?? lead.tier },
          why: assignment.ruleId ? `matched rule "${assignment.ruleId}"` : "routing fallback",
          acceptUrl: await acceptUrl(env, assignment.id, now),
          teamId: assignment.teamId,
          channels: config,
        })
      : [];
    await enqueueNotifications(env, [...notices, ...webhooks]);
  } catch (err) {
    console.error(
      JSON.stringify({
        level: "warn",
        msg: "lead.routed notification failed",
        leadId: lead.id,
        error: String(err),
      }),
    );
  }
}
