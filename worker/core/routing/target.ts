import type { AccountMatch } from "../account-match";
import { crmOwnerOf } from "../crm-facts/facts";
import type { LeadFacts } from "../lead-facts/types";
import type { Destination, RoutingConfig } from "../config-doc";

/** Who should get a lead once the rules have spoken: a named rep, or a team to choose in. */
export type AssignmentTarget =
  | { kind: "rep"; repId: string; teamId: string | null; why: string }
  | { kind: "team"; teamId: string; skills?: { languages?: string[]; verticals?: string[] }; why: string };

function activeRep(config: RoutingConfig, repId: string | undefined) {
  const rep = repId ? config.reps.find((r) => r.id === repId) : undefined;
  return rep?.active ? rep : undefined;
}

/** The first team a rep belongs to: whose SLA applies to a lead sent to that rep by name. */
export function homeTeamOf(config: RoutingConfig, repId: string): string | null {
  return config.teams.find((t) => t.members.some((m) => m.repId === repId))?.id ?? null;
}

/**
 * Turns a rule's destination into a target. Named reps and account owners receive the lead
 * directly (ownership beats fairness and caps, as RevOps expects); when they cannot take it
 * (unknown or inactive), the destination's own fallback team does, else `null` so the caller
 * uses the rule set's fallback.
 */
export function resolveTarget(
  destination: Destination,
  account: AccountMatch | undefined,
  config: RoutingConfig,
  facts: LeadFacts = {},
): AssignmentTarget | null {
  switch (destination.type) {
    case "team":
      return {
        kind: "team",
        teamId: destination.teamId,
        why: `Rule sends the lead to team ${destination.teamId}`,
      };
    case "skill":
      return {
        kind: "team",
        teamId: destination.teamId,
        skills: destination.skills,
        why: `Rule needs skills ${JSON.stringify(destination.skills)} in team ${destination.teamId}`,
      };
    case "rep": {
      const rep = activeRep(config, destination.repId);
      if (rep)
        return {
          kind: "rep",
          repId: rep.id,
          teamId: homeTeamOf(config, rep.id),
          why: `Rule names rep ${rep.id}`,
        };
      return destination.fallbackTeamId
        ? {
            kind: "team",
            teamId: destination.fallbackTeamId,
            why: `Rep ${destination.repId} is unavailable; fallback team`,
          }
        : null;
    }
    case "account_owner": {
      const rep = activeRep(config, account?.owner?.repId);
      if (rep) {
        return {
          kind: "rep",
          repId: rep.id,
          teamId: homeTeamOf(config, rep.id),
          why: `Account owner ${rep.id}`,
        };
      }
      return {
        kind: "team",
        teamId: destination.fallbackTeamId,
        why: account?.owner
          ? `Owner ${account.owner.repId} cannot take leads; fallback team`
          : "No account owner; fallback team",
      };
    }
    case "crm_owner": {
      const owner = crmOwnerOf(facts);
      const rep = activeRep(config, owner.repId ?? undefined);
      if (rep)
        return {
          kind: "rep",
          repId: rep.id,
          teamId: homeTeamOf(config, rep.id),
          why: `CRM ${owner.source} owner ${rep.id}`,
        };
      return {
        kind: "team",
        teamId: destination.fallbackTeamId,
        why: !("crm.contact.exists" in facts)
          ? "No CRM facts (lookup unavailable); fallback team"
          : owner.repId
            ? `CRM owner ${owner.repId} cannot take leads; fallback team`
            : "No CRM owner mapped to a rep; fallback team",
      };
    }
  }
}
