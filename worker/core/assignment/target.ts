import type { AccountMatch } from "../accounts";
import type { Destination, Rep, RoutingConfig } from "../config";
import type { IneligibleReason } from "../distribution/types";
import { ineligibilityOf, type RepLoad } from "./eligibility";

/** Who should get a lead once the rules have spoken: a named rep, or a team to choose in. */
export type AssignmentTarget =
  | { kind: "rep"; repId: string; teamId: string | null; why: string }
  | { kind: "team"; teamId: string; skills?: { languages?: string[]; verticals?: string[] }; why: string };

/** A named rep or account owner passed over, and why: kept in the lead's trace. */
export type SkippedRep = { repId: string; reasons: IneligibleReason[] };

/** A destination resolved: the target (null: use the rule set's fallback) and who was skipped. */
export type Resolution = { target: AssignmentTarget | null; skipped?: SkippedRep };

/**
 * The decision instant and each rep's current load. Without it only `active` is checked
 * (backtests replay rules, not yesterday's calendars and caps).
 */
export type EligibilityCheck = { now: number; loadOf: (repId: string) => RepLoad };

/** The first team a rep belongs to: whose SLA applies to a lead sent to that rep by name. */
export function homeTeamOf(config: RoutingConfig, repId: string): string | null {
  return config.teams.find((t) => t.members.some((m) => m.repId === repId))?.id ?? null;
}

/** The rep a destination names (a named rep, or the matched account's owner), if any. */
export function namedRepOf(destination: Destination, account: AccountMatch | undefined): string | undefined {
  if (destination.type === "rep") return destination.repId;
  if (destination.type === "account_owner") return account?.owner?.repId;
  return undefined;
}

function reasonsAgainst(
  rep: Rep | undefined,
  destination: Extract<Destination, { type: "rep" | "account_owner" }>,
  check: EligibilityCheck | undefined,
): IneligibleReason[] {
  if (!rep) return ["not_member"];
  if (!check) return rep.active ? [] : ["inactive"];
  return ineligibilityOf(rep, check.now, check.loadOf(rep.id), {
    requireWorkingHours: destination.requireWorkingHours,
  });
}

/**
 * Turns a rule's destination into a target. Named reps and account owners receive the lead
 * directly (ownership beats fairness) but only when eligible as a team member would be:
 * active, not OOO, under their caps, and inside working hours when the destination asks.
 * Otherwise the destination's own fallback team takes it, else the target is `null` so the
 * caller uses the rule set's fallback; `skipped` says who was passed over and why.
 */
export function resolveTarget(
  destination: Destination,
  account: AccountMatch | undefined,
  config: RoutingConfig,
  check?: EligibilityCheck,
): Resolution {
  switch (destination.type) {
    case "team":
      return {
        target: {
          kind: "team",
          teamId: destination.teamId,
          why: `Rule sends the lead to team ${destination.teamId}`,
        },
      };
    case "skill":
      return {
        target: {
          kind: "team",
          teamId: destination.teamId,
          skills: destination.skills,
          why: `Rule needs skills ${JSON.stringify(destination.skills)} in team ${destination.teamId}`,
        },
      };
    case "rep":
    case "account_owner":
      return resolveNamed(destination, account, config, check);
  }
}

function resolveNamed(
  destination: Extract<Destination, { type: "rep" | "account_owner" }>,
  account: AccountMatch | undefined,
  config: RoutingConfig,
  check: EligibilityCheck | undefined,
): Resolution {
  const repId = namedRepOf(destination, account);
  const label = destination.type === "rep" ? "Rep" : "Account owner";
  if (repId === undefined && destination.type === "account_owner") {
    return {
      target: { kind: "team", teamId: destination.fallbackTeamId, why: "No account owner; fallback team" },
    };
  }
  if (repId === undefined) return { target: null };
  const rep = config.reps.find((r) => r.id === repId);
  const reasons = reasonsAgainst(rep, destination, check);
  if (reasons.length === 0) {
    const why = destination.type === "rep" ? `Rule names rep ${repId}` : `Account owner ${repId}`;
    return { target: { kind: "rep", repId, teamId: homeTeamOf(config, repId), why } };
  }
  const skipped = { repId, reasons };
  const fallbackTeamId = destination.fallbackTeamId;
  if (!fallbackTeamId) return { target: null, skipped };
  const why = `${label} ${repId} is not eligible (${reasons.join(", ")}); fallback team ${fallbackTeamId}`;
  return { target: { kind: "team", teamId: fallbackTeamId, why }, skipped };
}
