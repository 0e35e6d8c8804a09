import type { Rep, TeamMember } from "../config-doc";
import { hasSkills, ineligibilityOf, loadFromTimes, type RepLoad } from "../routing/eligibility";
import { startOfDay, startOfPeriod, startOfWeek } from "../time";
import type { ChooseInput, IneligibleReason, RepCounters } from "./types";

export { hasSkills };

/** The windows a rep's counters are read in, at the decision instant. */
export type Windows = { windowStart: number; dayStart: number; weekStart: number };

/** One team member as the chooser sees it: counters rolled to `now`, and its eligibility. */
export type Candidate = {
  repId: string;
  member: TeamMember;
  /** Position in the team's member list; the last tie-break. */
  index: number;
  windows: Windows;
  windowCount: number;
  calibration: number;
  dayCount: number;
  weekCount: number;
  open: number;
  lastSeq: number;
  lastAssignedAt: number | null;
  /** Absent at the last assignment, or never seen: a candidate for calibration. */
  returning: boolean;
  /** `windowCount` at the window's last change of who is present (predictive churn rule). */
  bandBase: number;
  /** Leads taken outside this team today and this week; absent when none. Caps only. */
  outside?: RepLoad;
  reasons: IneligibleReason[];
};

/** Every member of the team, in member order, with counters and reasons at `input.now`. */
export function evaluateCandidates(input: ChooseInput): Candidate[] {
  const { team, state, now } = input;
  const repsById = new Map(input.reps.map((r) => [r.id, r]));
  const excluded = new Set(input.excludeRepIds ?? []);
  const windowStart = startOfPeriod(
    now,
    team.timezone ?? input.orgTimezone ?? "UTC",
    team.distribution.countingWindow,
  );
  // Reps often share a zone; the Intl work per zone is the chooser's main cost.
  const zoneStarts = new Map<string, { dayStart: number; weekStart: number }>();
  const startsIn = (zone: string) => {
    let s = zoneStarts.get(zone);
    if (!s)
      zoneStarts.set(zone, (s = { dayStart: startOfDay(now, zone), weekStart: startOfWeek(now, zone) }));
    return s;
  };
  return team.members.map((member, index) => {
    const rep = repsById.get(member.repId);
    const windows = { windowStart, ...(rep ? startsIn(rep.timezone) : { dayStart: 0, weekStart: 0 }) };
    const counters = readCounters(state.reps[member.repId], windows);
    const outside = outsideLoad(state.outside?.[member.repId], windows);
    const reasons = rep
      ? reasonsFor(rep, capLoad(counters, outside), input)
      : (["not_member"] as IneligibleReason[]);
    if (excluded.has(member.repId)) reasons.push("excluded");
    return {
      repId: member.repId,
      member,
      index,
      windows,
      ...counters,
      ...(outside ? { outside } : {}),
      reasons,
    };
  });
}

/** Stored counters as they read in `windows`: a count from a past window is zero. */
export function readCounters(stored: RepCounters | undefined, windows: Windows) {
  const sameWindow = stored?.windowStart === windows.windowStart;
  return {
    windowCount: sameWindow ? stored.windowCount : 0,
    calibration: sameWindow ? stored.calibration : 0,
    dayCount: stored?.dayStart === windows.dayStart ? stored.dayCount : 0,
    weekCount: stored?.weekStart === windows.weekStart ? stored.weekCount : 0,
    open: stored?.open ?? 0,
    lastSeq: stored?.lastSeq ?? 0,
    lastAssignedAt: stored?.lastAssignedAt ?? null,
    returning: stored?.away ?? true,
    bandBase: sameWindow && stored.bandStart === windows.windowStart ? (stored.bandBase ?? 0) : 0,
  };
}

/** The rep's leads from other destinations in its current day and week; undefined when none. */
function outsideLoad(times: readonly number[] | undefined, windows: Windows): RepLoad | undefined {
  if (!times?.length) return undefined;
  const load = loadFromTimes(times, windows);
  return load.weekCount > 0 || load.dayCount > 0 ? load : undefined;
}

/**
 * What the caps are checked against: the team's own counts plus the rep's leads from every
 * other destination, so a cap holds per rep, not per destination. The outside part arrives
 * after the fact, so two leads decided at the same instant in different places can still pass
 * a cap by one.
 */
function capLoad(counters: RepLoad, outside: RepLoad | undefined): RepLoad {
  if (!outside) return counters;
  return {
    dayCount: counters.dayCount + outside.dayCount,
    weekCount: counters.weekCount + outside.weekCount,
  };
}

function reasonsFor(
  rep: Rep,
  counters: { dayCount: number; weekCount: number },
  input: ChooseInput,
): IneligibleReason[] {
  return ineligibilityOf(rep, input.now, counters, {
    requireWorkingHours: input.team.distribution.requireWorkingHours,
    requiredSkills: input.requiredSkills,
  });
}

/** Absence that triggers calibration on return; caps and hours are routine, not absence. */
export function isAbsent(c: Candidate): boolean {
  return c.reasons.some((r) => r === "inactive" || r === "ooo" || r === "not_member");
}
