import type { Rep } from "../config-doc";
import type { IneligibleReason, RequiredSkills } from "../distribution/types";
import { isOutOfOffice, isWithinWorkingHours, startOfDay, startOfWeek } from "../time";

/** Leads a rep already holds in its current local day and ISO week, against its caps. */
export type RepLoad = { dayCount: number; weekCount: number };

/** What a destination asks of a rep beyond being active, present and under its caps. */
export type EligibilityRules = { requireWorkingHours?: boolean; requiredSkills?: RequiredSkills };

/**
 * The rep-local day and ISO-week starts that `RepLoad` is counted from: caps count the
 * rep's own calendar, wherever the lead came from.
 */
export function capWindows(rep: Pick<Rep, "timezone">, now: number): { dayStart: number; weekStart: number } {
  return { dayStart: startOfDay(now, rep.timezone), weekStart: startOfWeek(now, rep.timezone) };
}

/** A rep's load from the instants it was assigned leads (at least since its week start). */
export function loadFromTimes(
  assignedAt: readonly number[],
  windows: { dayStart: number; weekStart: number },
): RepLoad {
  let dayCount = 0;
  let weekCount = 0;
  for (const t of assignedAt) {
    if (t >= windows.weekStart) weekCount++;
    if (t >= windows.dayStart) dayCount++;
  }
  return { dayCount, weekCount };
}

/** How far back an assignment can still count: no ISO-week start is more than 8 days before now. */
export const LOAD_LOOKBACK_MS = 8 * 86_400_000;

/**
 * Why `rep` cannot take a lead at `now`; empty when it can. One definition for team
 * members, named reps, account owners and CRM owners, so a rep who is OOO or at its cap is
 * skipped the same way whichever destination names it.
 */
export function ineligibilityOf(
  rep: Rep,
  now: number,
  load: RepLoad,
  rules: EligibilityRules = {},
): IneligibleReason[] {
  const reasons: IneligibleReason[] = [];
  if (!rep.active) reasons.push("inactive");
  if (isOutOfOffice(rep, now)) reasons.push("ooo");
  if (rep.caps.perDay !== undefined && load.dayCount >= rep.caps.perDay) reasons.push("cap_day");
  if (rep.caps.perWeek !== undefined && load.weekCount >= rep.caps.perWeek) reasons.push("cap_week");
  if (rules.requireWorkingHours && !isWithinWorkingHours(rep, now)) reasons.push("outside_working_hours");
  if (rules.requiredSkills && !hasSkills(rep, rules.requiredSkills)) reasons.push("missing_skill");
  return reasons;
}

/** One of the required languages (if any are required) and one of the verticals (if any). */
export function hasSkills(rep: Pick<Rep, "skills">, required: RequiredSkills): boolean {
  const speaks =
    !required.languages?.length || required.languages.some((l) => rep.skills.languages.includes(l));
  const covers =
    !required.verticals?.length || required.verticals.some((v) => rep.skills.verticals.includes(v));
  return speaks && covers;
}
