/** Why a team member could not take a lead, in the trace's words. Pure: no DOM. */

const REASONS: Record<string, string> = {
  inactive: "inactive",
  ooo: "out of office",
  cap_day: "daily cap reached",
  cap_week: "weekly cap reached",
  outside_working_hours: "outside working hours",
  missing_skill: "missing the skill",
  excluded: "already tried",
  not_member: "not a member",
};

/** A candidate line of a team's trace, as far as its reasons go. */
export type IneligibleCandidate = {
  ineligibleReasons?: string[];
  /** Leads the rep took outside this team today and this week (caps across destinations). */
  outside?: { dayCount: number; weekCount: number };
};

/**
 * The reasons, joined. A cap reached with leads from elsewhere says how many: the team's own
 * count beside it may be far below the cap (docs/routing.md, caps across destinations).
 */
export function ineligibleText(c: IneligibleCandidate): string {
  return (c.ineligibleReasons ?? [])
    .map((r) => {
      const words = REASONS[r] ?? r;
      const elsewhere =
        r === "cap_day" ? c.outside?.dayCount : r === "cap_week" ? c.outside?.weekCount : undefined;
      return elsewhere ? `${words} (${elsewhere} taken elsewhere)` : words;
    })
    .join(", ");
}
