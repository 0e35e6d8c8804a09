/** Outcome kinds; `contacted` is the first touch and, like an accept, stops the SLA clock. */
export const OUTCOME_KINDS = ["contacted", "qualified", "opportunity", "won", "lost", "no_show"] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
