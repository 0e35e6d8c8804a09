/**
 * Outcome kinds a lead can collect; `contacted` is the first touch and, like an accept, stops
 * the SLA clock. Zod-free, so the dashboard imports the list itself for its picker.
 */
export const OUTCOME_KINDS = ["contacted", "qualified", "opportunity", "won", "lost", "no_show"] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
