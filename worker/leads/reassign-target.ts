import type { RoutingConfig, Team } from "../core/config-doc";
import { AppError } from "../errors";
import { findRep, findTeam } from "../sla/context";
import { teamSlice } from "../team/team-rpc";
import type { AssignmentRow } from "../sla/accept-queries";

/** Where an admin sends a lead: a named rep, or back through a team's distribution. */
export type ReassignTarget =
  | { toRepId: string; teamId?: undefined }
  | { teamId: string; toRepId?: undefined };

export type Next = { repId: string; teamId: string | null; credited: boolean };

const conflict = (message: string, details?: unknown) => new AppError(409, "conflict", message, details);

/**
 * Asks the team objects for the next rep. The lead's own team decides a move inside it (so an
 * SLA sweep at the same moment is ordered with it); a move into another team releases the
 * lead from the old one and assigns it in the new one; a named rep outside every team takes
 * it without a team (and so without an SLA clock).
 */
export async function chooseNext(
  env: Env,
  config: RoutingConfig,
  version: number,
  current: AssignmentRow,
  target: ReassignTarget,
  now: number,
): Promise<Next> {
  const team = target.teamId ? findTeam(config, target.teamId) : memberTeam(config, current, target.toRepId);
  if (target.teamId && !team) throw new AppError(422, "validation_failed", `No team "${target.teamId}".`);
  if (target.toRepId && !findRep(config, target.toRepId))
    throw new AppError(422, "validation_failed", `No rep "${target.toRepId}".`);
  if (target.toRepId === current.repId) throw conflict("The lead is already with that rep.");

  if (team && team.id === current.teamId) {
    const moved = await env.TEAM.getByName(team.id).move({
      leadId: current.leadId,
      fromRepId: current.repId,
      toRepId: target.toRepId,
      teamConfig: teamSlice(config, team, version),
      now,
    });
    if (moved.ok) return { repId: moved.repId, teamId: team.id, credited: moved.credited ?? false };
    if (moved.reason === "moved") throw conflict("The lead moved meanwhile.", { repId: moved.repId });
    if (moved.reason === "no_eligible_rep") throw noEligible(moved.explanation);
    // The object never counted this lead (or released it): assign it there afresh.
  } else if (current.teamId) {
    const old = findTeam(config, current.teamId);
    if (old)
      await env.TEAM.getByName(old.id).release({
        leadId: current.leadId,
        reason: "cancelled",
        teamConfig: teamSlice(config, old, version),
        now,
      });
  }
  if (!team) return { repId: target.toRepId!, teamId: null, credited: false };
  const assigned = await env.TEAM.getByName(team.id).assign({
    leadId: current.leadId,
    excludeRepIds: [current.repId],
    ...(target.toRepId ? { freeRepIds: [target.toRepId] } : {}),
    teamConfig: teamSlice(config, team, version),
    now,
  });
  if (!assigned.ok) throw noEligible("explanation" in assigned ? assigned.explanation : []);
  if (assigned.repId === current.repId || (target.toRepId && assigned.repId !== target.toRepId))
    throw conflict("The team object already holds this lead elsewhere.", { repId: assigned.repId });
  return { repId: assigned.repId, teamId: team.id, credited: false };
}

/** The lead's team, when the named rep is one of its members. */
function memberTeam(
  config: RoutingConfig,
  current: AssignmentRow,
  repId: string | undefined,
): Team | undefined {
  const team = findTeam(config, current.teamId);
  return team?.members.some((m) => m.repId === repId) ? team : undefined;
}

function noEligible(explanation: { repId: string; ineligibleReasons: string[] }[]) {
  const reasons = explanation.map((e) => ({ repId: e.repId, reasons: e.ineligibleReasons }));
  return conflict("No eligible rep to take the lead.", { candidates: reasons });
}
