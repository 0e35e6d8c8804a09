import type { SlaPolicy } from "../config-doc";

/**
 * The SLA policy as the sweep reads it. `bookedMeetingSatisfies` comes from the config schema
 * yet; until it is, a confirmed booking counts as meeting the SLA (the rep has a meeting on
 * the calendar, which is what the SLA exists to get).
 */
export type SweepPolicy = Pick<SlaPolicy, "maxReassignments" | "escalateTo"> & {
  bookedMeetingSatisfies?: boolean;
};

/** Who takes a lead after the last reassignment; null means it stays put and admins are told. */
export type EscalationTarget =
  | { kind: "rep"; repId: string; via: "manager" | "rep" }
  | { kind: "team"; teamId: string }
  | null;

export type BreachInput = {
  /** The breached assignment's attempt: 0 for the first rep, then one per reassignment. */
  attempt: number;
  policy: SweepPolicy;
  hasConfirmedBooking: boolean;
  currentRepId: string;
  /** Every rep the lead has been assigned to so far, the current one included. */
  triedRepIds: readonly string[];
  /** The current rep's manager, for `escalateTo: { kind: "manager" }`. */
  managerId?: string;
};

export type BreachAction =
  | { kind: "satisfied"; reason: "booked" }
  | { kind: "reassign"; excludeRepIds: string[] }
  | { kind: "escalate"; target: EscalationTarget };

/** What the sweep does with an assignment whose accept deadline has passed. */
export function decideBreach(input: BreachInput): BreachAction {
  if (input.hasConfirmedBooking && input.policy.bookedMeetingSatisfies !== false) {
    return { kind: "satisfied", reason: "booked" };
  }
  if (input.attempt >= input.policy.maxReassignments) {
    return { kind: "escalate", target: escalationTarget(input) };
  }
  const exclude = new Set(input.triedRepIds);
  exclude.add(input.currentRepId);
  return { kind: "reassign", excludeRepIds: [...exclude].toSorted() };
}

/**
 * Resolves the policy's escalation target. Escalating to the rep who let the lead lapse
 * would change nothing, so that resolves to null (stay put, admins told) as well.
 */
export function escalationTarget(
  input: Pick<BreachInput, "policy" | "currentRepId" | "managerId">,
): EscalationTarget {
  const to = input.policy.escalateTo;
  if (!to) return null;
  if (to.kind === "team") return { kind: "team", teamId: to.teamId };
  const repId = to.kind === "manager" ? input.managerId : to.repId;
  if (!repId || repId === input.currentRepId) return null;
  return { kind: "rep", repId, via: to.kind };
}
