import type { BatonEvent } from "../core/webhooks";
import { acceptDeadline } from "../core/sla-policy";
import { loadActiveConfig } from "../config/store";
import { actorLabel } from "../audit/audit-queries";
import type { Database } from "../db/client";
import { currentAssignment, getLead } from "./lead-queries";
import { AppError } from "../errors";
import type { Actor } from "../http/hono-env";
import { noticeSigninUrl } from "../reps/signin";
import { acceptUrl } from "../notify/accept-link";
import { enqueueNotifications } from "../notify/outbound";
import { leadSummary, noticeMessages } from "../notify/rep-notice";
import { webhookMessagesFor } from "../notify/webhook-fanout";
import type { NotificationMessage } from "../notify/channel";
import { findRep, findTeam } from "../sla/context";
import { handOverByHand } from "./reassign-hand-over";
import { chooseNext, type ReassignTarget } from "./reassign-target";
import { reassignmentEntry, type LeadReassigned } from "./reassignment-event";
import { handOff } from "../outbox/dispatch";

export type ReassignRequest = ReassignTarget & { leadId: string; reason: string };

export type ReassignOutcome = LeadReassigned & { acceptDeadline: number | null; credited: boolean };

/**
 * An admin moves a lead: the team object picks or checks the next rep, D1 records the
 * hand-over and its audit entry in one conditional batch, and only the winner of that batch
 * tells the old and the new rep (and webhooks). The SLA clock restarts for the new rep.
 */
export async function reassignByHand(
  env: Env,
  /** The request's context: the move's outbox entry runs after the answer (none: before). */
  ctx: { waitUntil(p: Promise<unknown>): void } | undefined,
  db: Database,
  actor: Actor,
  now: number,
  req: ReassignRequest,
): Promise<ReassignOutcome> {
  const [active, lead, current] = await Promise.all([
    loadActiveConfig(db),
    getLead(db, req.leadId),
    currentAssignment(db, req.leadId),
  ]);
  if (!lead || lead.erasedAt) throw new AppError(404, "not_found", "No such lead.");
  if (!active) throw new AppError(409, "no_active_config", "No config is published.");
  if (!current || (current.status !== "active" && current.status !== "accepted"))
    throw new AppError(409, "conflict", "The lead has no open assignment to move.");
  const { config, version } = active;
  const next = await chooseNext(env, config, version, current, req, now);
  const team = findTeam(config, next.teamId);
  const newRep = findRep(config, next.repId);
  const deadline = team ? acceptDeadline({ assignedAt: now, policy: team.sla, rep: newRep }) : null;
  const by = actorLabel(actor);
  const reason = `manual: ${req.reason}`;
  const event: LeadReassigned = {
    leadId: req.leadId,
    assignmentId: `${req.leadId}:${current.attempt + 1}`,
    fromRepId: current.repId,
    toRepId: next.repId,
    teamId: next.teamId,
    reason: req.reason,
    by,
  };
  const announce = reassignmentEntry(env.DB, event, now);
  const won = await handOverByHand(
    env.DB,
    current,
    { repId: next.repId, teamId: next.teamId, acceptDeadline: deadline, reason, by },
    now,
    { id: crypto.randomUUID(), details: { ...event, credited: next.credited } },
    announce.statement,
  );
  if (!won) throw new AppError(409, "conflict", "The lead moved meanwhile (an SLA sweep or another admin).");

  const summary = leadSummary(lead, config);
  const oldRep = findRep(config, current.repId);
  const notices: NotificationMessage[] = [];
  const attempt = current.attempt + 1;
  const common = { lead: summary, why: req.reason, movedBy: by, attempt };
  if (oldRep) notices.push(...noticeMessages({ kind: "reassigned_away", rep: oldRep, ...common }));
  if (newRep) {
    const url = await acceptUrl(env, event.assignmentId, now);
    const shared = { teamId: next.teamId, channels: config };
    notices.push(
      ...noticeMessages({
        kind: "reassigned_to",
        rep: newRep,
        acceptUrl: url,
        workspaceUrl: await noticeSigninUrl(env, newRep.id, now),
        ...common,
        ...shared,
      }),
    );
  }
  const webhookEvent: BatonEvent = {
    type: "lead.reassigned",
    at: now,
    leadId: event.leadId,
    data: { ...event, manual: true },
  };
  const webhooks = await webhookMessagesFor(db, [webhookEvent], now);
  await enqueueNotifications(env, [...notices, ...webhooks]);
  await handOff(env, ctx, [announce.id], now);
  return { ...event, acceptDeadline: deadline, credited: next.credited };
}
