import type { SlaPolicy } from "../config-doc";
import { MINUTE_MS, DAY_MS, workingIntervals, type RepSchedule } from "../time";

/** The parts of a team's SLA policy that decide when the accept clock runs out. */
export type SlaClock = Pick<SlaPolicy, "acceptWithinMinutes" | "workingTime">;

// Working time is searched a week at a time. Beyond the horizon (a rep with no hours, or a
// long OOO) the lead must not sit with someone who will never see it, so the wall-clock
// deadline applies instead.
const WINDOW_MS = 7 * DAY_MS;
const HORIZON_MS = 8 * WINDOW_MS;

/**
 * When a rep assigned at `assignedAt` must have accepted. With `workingTime` only the rep's
 * working hours (in its own zone, OOO removed) count, so a lead routed on Friday evening is
 * due on Monday; DST is handled by `workingIntervals`, which keeps wall-clock hours.
 */
export function acceptDeadline(input: { assignedAt: number; policy: SlaClock; rep?: RepSchedule }): number {
  const { assignedAt, policy, rep } = input;
  const budget = policy.acceptWithinMinutes * MINUTE_MS;
  if (!policy.workingTime || !rep) return assignedAt + budget;
  let remaining = budget;
  for (let from = assignedAt; from < assignedAt + HORIZON_MS; from += WINDOW_MS) {
    for (const interval of workingIntervals(rep, from, from + WINDOW_MS)) {
      const length = interval.end - interval.start;
      if (remaining <= length) return interval.start + remaining;
      remaining -= length;
    }
  }
  return assignedAt + budget;
}
