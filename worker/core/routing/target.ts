import type { AccountMatch } from "../account-match";
import type { Destination, Rep, RoutingConfig } from "../config-doc";
import { crmOwnerOf } from "../crm-facts/facts";
import type { IneligibleReason } from "../distribution/types";
import type { LeadFacts } from "../lead-facts/types";
import { ineligibilityOf, type RepLoad } from "./eligibility";

/** Who should get a lead once the rules have spoken: a named rep, or a team to choose in. */
export type AssignmentTarget =
  | { kind: "rep"; repId: string; teamId: string | null; why: string }
  | { kind: "team"; teamId: string; skills?: { languages?: string[]; verticals?: string[] }; why: string };

/** A named rep, account owner or CRM owner passed over, and why: kept in the lead's trace. */
export type SkippedRep = { repId: string; reasons: IneligibleReason[] };

/** A destination resolved: the target (null: use the rule set's fallback) and who was skipped. */
export type Resolution = { target: AssignmentTarget | null; skipped?: SkippedRep };

/**
 * The decision instant, each rep's current load and its own "I'm out" range (UTC ms, end
 * exclusive; kept outside the versioned config). Without it only `active` is checked
 * (backtests replay rules, not yesterday's calendars and caps).
 */
export type EligibilityCheck = {
  now: number;
  loadOf: (repId: string) => RepLoad;
  awayOf?: (repId: string) => { start: number; end: number } | undefined;
};

type NamedDestination = Extract<Destination, { type: "rep" | "account_owner" | "crm_owner" }>;

/** The first team a rep belongs to: whose SLA applies to a lead sent to that rep by name. */
export function homeTeamOf(config: RoutingConfig, repId: string): string | null {
  return config.teams.find((t) => t.members.some((m) => m.repId === repId))?.id ?? null;
}

/** The rep a destination names (a named rep, the account's owner, the CRM owner), if any. */
export function namedRepOf(
  destination: Destination,
  account: AccountMatch | undefined,
  facts: LeadFacts = {},
): string | undefined {
  if (destination.type === "rep") return destination.repId;
  if (destination.type === "account_owner") return account?.owner?.repId;
  if (destination.type === "crm_owner") return crmOwnerOf(facts).repId ?? undefined;
  return undefined;
}

function reasonsAgainst(
  rep: Rep | undefined,
  destination: NamedDestination,
  check: EligibilityCheck | undefined,
): IneligibleReason[] {
  if (!rep) return ["not_member"];
  if (!check) return rep.active ? [] : ["inactive"];
  const requireWorkingHours = "requireWorkingHours" in destination && destination.requireWorkingHours;
  // "I'm out" is one more OOO range, as the team objects treat it (worker/team/rep-away.ts).
  const away = check.awayOf?.(rep.id);
  const asChecked = away
    ? {
        ...rep,
        ooo: [
          ...rep.ooo,
          { start: new Date(away.start).toISOString(), end: new Date(away.end).toISOString() },
        ],
      }
    : rep;
  return ineligibilityOf(asChecked, check.now, check.loadOf(rep.id), { requireWorkingHours });
}

/**
 * Turns a rule's destination into a target. Named reps, account owners and CRM owners
 * receive the lead directly (ownership beats fairness) but only when eligible as a team
 * member would be: active, not OOO, under their caps, and inside working hours when the
 * destination asks. Otherwise the destination's own fallback team takes it, else the target
 * is `null` so the caller uses the rule set's fallback; `skipped` says who and why.
 */
export function resolveTarget(
  destination: Destination,
  account: AccountMatch | undefined,
  config: RoutingConfig,
  facts: LeadFacts = {},
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
    default:
      return resolveNamed(destination, account, config, facts, check);
  }
}

/** Why there is nobody to check: no owner on the account, no CRM facts, an unmapped owner. */
function noOwnerWhy(destination: NamedDestination, facts: LeadFacts): string {
  if (destination.type !== "crm_owner") return "No account owner; fallback team";
  if (!("crm.contact.exists" in facts)) return "No CRM facts (lookup unavailable); fallback team";
  return "No CRM owner mapped to a rep; fallback team";
}

function chosenWhy(destination: NamedDestination, repId: string, facts: LeadFacts): string {
  if (destination.type === "rep") return `Rule names rep ${repId}`;
  if (destination.type === "account_owner") return `Account owner ${repId}`;
  return `CRM ${crmOwnerOf(facts).source} owner ${repId}`;
}

const LABEL = { rep: "Rep", account_owner: "Account owner", crm_owner: "CRM owner" } as const;

function resolveNamed(
  destination: NamedDestination,
  account: AccountMatch | undefined,
  config: RoutingConfig,
  facts: LeadFacts,
  check: EligibilityCheck | undefined,
): Resolution {
  const repId = namedRepOf(destination, account, facts);
  const fallbackTeamId = destination.fallbackTeamId;
  if (repId === undefined) {
    const why = noOwnerWhy(destination, facts);
    return { target: fallbackTeamId ? { kind: "team", teamId: fallbackTeamId, why } : null };
  }
  const rep = config.reps.find((r) => r.id === repId);
  const reasons = reasonsAgainst(rep, destination, check);
  if (reasons.length === 0) {
    const why = chosenWhy(destination, repId, facts);
    return { target: { kind: "rep", repId, teamId: homeTeamOf(config, repId), why } };
  }
  const skipped = { repId, reasons };
  if (!fallbackTeamId) return { target: null, skipped };
  const label = LABEL[destination.type];
  const why = `${label} ${repId} is not eligible (${reasons.join(", ")}); fallback team ${fallbackTeamId}`;
  return { target: { kind: "team", teamId: fallbackTeamId, why }, skipped };
}
