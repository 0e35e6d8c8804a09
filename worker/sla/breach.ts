import { acceptDeadline, decideBreach, escalationTarget, type EscalationTarget } from "../core/sla-policy";
import type { Team } from "../core/config-doc";
import { handOver, setDeadline, type OverdueRow } from "./sla-queries";
import { noticeSigninUrl } from "../reps/signin";
import { acceptUrl } from "../notify/accept-link";
import { noticeMessages } from "../notify/rep-notice";
import { reassignmentEntry } from "../leads/reassignment-event";
import { teamSlice } from "../team/team-rpc";
import { findRep, findTeam, type SweepContext } from "./context";

export type BreachOutcome = "deferred" | "satisfied" | "reassigned" | "escalated" | "stayed" | "lost_race";

type History = { triedRepIds: string[]; booked: boolean };
type Next = { repId: string; teamId: string | null };

/** Handles one overdue assignment. Every write is conditional, so a repeat is harmless. */
export async function handleBreach(
  ctx: SweepContext,
  row: OverdueRow,
  history: History,
): Promise<BreachOutcome> {
  const team = findTeam(ctx.config, row.teamId);
  const rep = findRep(ctx.config, row.repId);
  // A team gone from the config has no policy left to apply: stop the clock rather than guess.
  if (!team)
    return (await setDeadline(ctx.env.DB, row, null, "sla_skipped:no_team")) ? "stayed" : "lost_race";
  // The stored deadline is wall-clock (a lower bound); with working time the real one may be later.
  const due = acceptDeadline({ assignedAt: row.assignedAt, policy: team.sla, rep });
  if (due > ctx.now) return (await setDeadline(ctx.env.DB, row, due, null)) ? "deferred" : "lost_race";

  const action = decideBreach({
    attempt: row.attempt,
    policy: team.sla,
    hasConfirmedBooking: history.booked,
    currentRepId: row.repId,
    triedRepIds: history.triedRepIds,
    managerId: rep?.managerId,
  });
  if (action.kind === "satisfied") {
    return (await setDeadline(ctx.env.DB, row, null, "sla_met:booking")) ? "satisfied" : "lost_race";
  }
  if (action.kind === "reassign") {
    const next = await reassignInTeam(ctx, row, team, action.excludeRepIds);
    if (next) return commit(ctx, row, team, "reassigned", next, `sla_breach:attempt_${row.attempt}`);
  }
  const target =
    action.kind === "escalate"
      ? action.target
      : escalationTarget({ policy: team.sla, currentRepId: row.repId, managerId: rep?.managerId });
  return escalate(ctx, row, team, target, history.triedRepIds);
}

/**
 * Asks the team object for another rep. `reassign` is idempotent: when an overlapping sweep
 * already moved the lead, it answers with that move instead of moving it again. A lead the
 * object never saw (a named-rep or account-owner destination) is assigned there instead,
 * which is idempotent per lead id too.
 */
async function reassignInTeam(
  ctx: SweepContext,
  row: OverdueRow,
  team: Team,
  exclude: string[],
): Promise<Next | null> {
  const stub = ctx.env.TEAM.getByName(team.id);
  const teamConfig = teamSlice(ctx.config, team, ctx.version);
  const moved = await stub.reassign({ leadId: row.leadId, excludeRepIds: exclude, teamConfig, now: ctx.now });
  if (moved.ok) return { repId: moved.repId, teamId: team.id };
  if (moved.reason !== "unknown_lead") return null;
  const assigned = await stub.assign({
    leadId: row.leadId,
    excludeRepIds: exclude,
    teamConfig,
    now: ctx.now,
  });
  return assigned.ok && !exclude.includes(assigned.repId) ? { repId: assigned.repId, teamId: team.id } : null;
}

async function escalate(
  ctx: SweepContext,
  row: OverdueRow,
  team: Team,
  target: EscalationTarget,
  tried: string[],
) {
  const next = await escalationRep(ctx, row, target, tried);
  if (!next) {
    // Nobody to hand it to: the lead stays with its rep, the clock stops, and admins learn of
    // it through the sla.breached event.
    if (!(await setDeadline(ctx.env.DB, row, null, "sla_breached:no_escalation_target"))) return "lost_race";
    ctx.events.push({
      type: "sla.breached",
      at: ctx.now,
      leadId: row.leadId,
      data: eventData(row, team, { escalateTo: null }),
    });
    return "stayed";
  }
  return commit(
    ctx,
    row,
    team,
    "escalated",
    next,
    `sla_escalated:${target!.kind === "rep" ? target!.via : "team"}`,
  );
}

async function escalationRep(
  ctx: SweepContext,
  row: OverdueRow,
  target: EscalationTarget,
  tried: string[],
): Promise<Next | null> {
  if (!target) return null;
  if (target.kind === "rep")
    return findRep(ctx.config, target.repId) ? { repId: target.repId, teamId: row.teamId } : null;
  const team = findTeam(ctx.config, target.teamId);
  if (!team) return null;
  const result = await ctx.env.TEAM.getByName(team.id).assign({
    leadId: row.leadId,
    excludeRepIds: tried,
    teamConfig: teamSlice(ctx.config, team, ctx.version),
    now: ctx.now,
  });
  return result.ok ? { repId: result.repId, teamId: team.id } : null;
}

/** Writes the hand-over; only the sweep that wins the conditional update tells anyone. */
async function commit(
  ctx: SweepContext,
  row: OverdueRow,
  team: Team,
  closeAs: "reassigned" | "escalated",
  next: Next,
  reason: string,
) {
  const newRep = findRep(ctx.config, next.repId);
  // Escalations carry no deadline: the chain ends with a human who was told, not another sweep.
  const deadline =
    closeAs === "escalated" ? null : acceptDeadline({ assignedAt: ctx.now, policy: team.sla, rep: newRep });
  const announce = reassignmentEntry(
    ctx.env.DB,
    {
      leadId: row.leadId,
      assignmentId: `${row.leadId}:${row.attempt + 1}`,
      fromRepId: row.repId,
      toRepId: next.repId,
      teamId: next.teamId,
      reason,
      by: null,
    },
    ctx.now,
  );
  const won = await handOver(
    ctx.env.DB,
    row,
    closeAs,
    { ...next, acceptDeadline: deadline, reason },
    ctx.now,
    announce.statement,
  );
  if (!won) return "lost_race";
  ctx.outbox.push(announce.id);
  const type = closeAs === "reassigned" ? "lead.reassigned" : "lead.escalated";
  ctx.events.push({ type: "sla.breached", at: ctx.now, leadId: row.leadId, data: eventData(row, team, {}) });
  ctx.events.push({
    type,
    at: ctx.now,
    leadId: row.leadId,
    data: eventData(row, team, { toRepId: next.repId, toTeamId: next.teamId, reason }),
  });
  await notifyReps(ctx, row, closeAs, next.repId, reason);
  return closeAs;
}

async function notifyReps(
  ctx: SweepContext,
  row: OverdueRow,
  closeAs: "reassigned" | "escalated",
  toRepId: string,
  why: string,
) {
  const lead = ctx.leads.get(row.leadId) ?? { id: row.leadId };
  const oldRep = findRep(ctx.config, row.repId);
  const newRep = findRep(ctx.config, toRepId);
  const url = await acceptUrl(ctx.env, `${row.leadId}:${row.attempt + 1}`, ctx.now);
  if (oldRep) ctx.notices.push(...noticeMessages({ kind: "reassigned_away", rep: oldRep, lead, why }));
  if (newRep) {
    const kind = closeAs === "reassigned" ? "reassigned_to" : "escalated";
    const reason = `${oldRep?.name ?? row.repId} did not accept in time (${why})`;
    const shared = { teamId: row.teamId, channels: ctx.config };
    const workspaceUrl = await noticeSigninUrl(ctx.env, newRep.id, ctx.now);
    ctx.notices.push(
      ...noticeMessages({ kind, rep: newRep, lead, why: reason, acceptUrl: url, workspaceUrl, ...shared }),
    );
  }
}

function eventData(row: OverdueRow, team: Team, extra: Record<string, unknown>) {
  return {
    leadId: row.leadId,
    assignmentId: row.id,
    fromRepId: row.repId,
    teamId: team.id,
    attempt: row.attempt,
    ...extra,
  };
}
