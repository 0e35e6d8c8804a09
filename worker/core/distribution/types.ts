import type { Rep, Team } from "../config-doc";
import type { FeatureEvidence } from "./predictive-features";
import type { RepOutcomes } from "./predictive-model";
import type { PackedPrediction } from "./predictive-trace";

/**
 * A rep's distribution counters as the team object stores them. Each count belongs to the
 * window whose start is stored beside it; a count whose window has passed reads as zero,
 * so nothing needs resetting on a schedule and assignment stays O(reps), not O(history).
 */
export type RepCounters = {
  /** Start of the team's counting window (day/week/month in the team zone) of `windowCount`. */
  windowStart: number;
  /** Assignments in that window. */
  windowCount: number;
  /** Leads credited to the rep on joining or returning from OOO, in that window. */
  calibration: number;
  /** Start of the rep-local day of `dayCount` (per-day cap). */
  dayStart: number;
  dayCount: number;
  /** Start of the rep-local ISO week of `weekCount` (per-week cap). */
  weekStart: number;
  weekCount: number;
  /** Leads assigned and not yet released or reassigned away (least_loaded). */
  open: number;
  /** Team sequence number of the rep's last assignment; 0 = never. Orders the rotation. */
  lastSeq: number;
  lastAssignedAt: number | null;
  /** The rep was absent (inactive, OOO or not a member) when the team last assigned a lead. */
  away: boolean;
  /**
   * Predictive teams' churn rule: the fairness band counts real leads from the last change of
   * who is present (a rep leaving or returning) in the window that starts at `bandStart`;
   * `bandBase` is the rep's `windowCount` at that change. Absent = from the window's start.
   */
  bandStart?: number;
  bandBase?: number;
};

/** Everything the chooser knows about past assignments of one team. */
export type TeamState = {
  /** Number of assignments ever made by the team; the next one gets `seq + 1`. */
  seq: number;
  /** Counters by rep id; a rep without an entry has never been seen. */
  reps: Readonly<Record<string, RepCounters>>;
  /**
   * When each rep was assigned leads this team did not count (a named rep, account or CRM
   * owner, another team), since at least its ISO-week start: caps hold per rep across every
   * destination, so these count against `caps.perDay`/`perWeek`, never towards fairness
   * shares. Told after the fact (worker/team/outside-loads.ts): eventually consistent.
   */
  outside?: Readonly<Record<string, readonly number[]>>;
};

/** Why a rep cannot take this lead. */
export type IneligibleReason =
  | "inactive"
  | "ooo"
  | "cap_day"
  | "cap_week"
  | "outside_working_hours"
  | "missing_skill"
  | "excluded"
  | "not_member";

/** Skills a lead needs: one of the languages (if any) and one of the verticals (if any). */
export type RequiredSkills = { languages?: string[]; verticals?: string[] };

/** The fairness arithmetic for one candidate: "why this rep", "why not rep X". */
export type CandidateExplanation = {
  repId: string;
  eligible: boolean;
  ineligibleReasons: IneligibleReason[];
  weight: number;
  priority: number;
  /** Share this rep should have after this lead, (T + 1) · weight / Σweight over eligible reps. */
  target: number | null;
  /** Assignments in the counting window. */
  actual: number;
  /** `target − (actual + calibration)`; the largest wins in weighted mode. */
  shortfall: number | null;
  /** Leads credited on joining or returning from OOO, so the rep is not flooded. */
  calibration: number;
  /** Assignments today and this week in the rep's zone, against its caps. */
  dayCount: number;
  weekCount: number;
  /** Leads the rep took elsewhere today and this week (see `TeamState.outside`); caps only. */
  outside?: { dayCount: number; weekCount: number };
  open: number;
  lastAssignedAt: number | null;
  /** Predictive teams: the model's view of this rep for the lead's segment. */
  predictive?: PredictiveExplanation;
};

/** What the predictive model thinks of one candidate for this lead. */
export type PredictiveExplanation = {
  /** Reported outcomes of this rep in the lead's segment. */
  successes: number;
  failures: number;
  /** Posterior mean conversion and its standard deviation (the uncertainty). */
  mean: number;
  sd: number;
  /** Approximate 90% credible interval. */
  lower: number;
  upper: number;
  /** The Thompson draw; null when the model was not used (too little data). */
  sampled: number | null;
  /** Choosing this rep keeps every rep inside the fairness band. */
  inBand: boolean;
  /** Feature model: the rep's largest edges on this lead's features (log-lift over the team). */
  effects?: { feature: string; effect: number }[];
};

/** Why the predictive mode did or did not decide this lead. */
export type PredictiveSummary = {
  segment: string | null;
  /** Outcomes in the segment over the eligible reps. */
  observations: number;
  minObservations: number;
  band: number;
  /** The model picked; otherwise the weighted choice stood. */
  applied: boolean;
  reason: "model" | "no_facts" | "too_little_data" | "band_unsatisfiable";
  /** Feature model: the facts that drove the pick (chosen rep's edge minus the others' mean). */
  drivers?: { feature: string; effect: number }[];
  /** The band counted leads from a change of who is present in this window (churn rule). */
  bandSince?: "window" | "presence_change";
};

/** The model input for one lead: its segment's outcomes per rep, and the draw's seed. */
export type PredictiveInput = {
  segment: string;
  outcomes: Readonly<Record<string, RepOutcomes>>;
  /** Each rep's outcomes over all segments; lets the prior carry a rep's overall form. */
  repTotals?: Readonly<Record<string, RepOutcomes>>;
  seed: number;
  /** The feature model's evidence; when present it is used instead of `outcomes`. */
  evidence?: FeatureEvidence;
  /**
   * The team object's decisions: the feature model's estimates come back `packed` instead of
   * in the explanation, for the caller to word (predictive-trace.ts `wordChoice`).
   */
  packTrace?: boolean;
};

/** Input to {@link chooseRep}. Nothing in it is mutated. */
export type ChooseInput = {
  team: Team;
  /** Reps to look members up in (the whole org or just the team's). */
  reps: readonly Rep[];
  state: TeamState;
  /** UTC epoch ms of the decision. */
  now: number;
  /** Zone of the counting window when the team sets none. Defaults to UTC. */
  orgTimezone?: string;
  requiredSkills?: RequiredSkills;
  excludeRepIds?: readonly string[];
  /** Predictive teams: the lead's segment and the model state; absent = the weighted rule. */
  model?: PredictiveInput;
};

/** The distribution rule that actually picked (predictive without enough data is weighted). */
export type AppliedMode = "round_robin" | "weighted" | "least_loaded" | "predictive";

/** Result of {@link chooseRep}: a rep, or every candidate's reasons for the rule's fallback. */
export type ChooseResult =
  | {
      ok: true;
      repId: string;
      mode: AppliedMode;
      explanation: CandidateExplanation[];
      /** The state after recording this assignment (new objects; the input is untouched). */
      next: TeamState;
      predictive?: PredictiveSummary;
      /** With `model.packTrace`: the estimates and drivers, for `wordChoice`. */
      packed?: PackedPrediction;
    }
  | { ok: false; reason: "no_eligible_rep"; mode: AppliedMode; explanation: CandidateExplanation[] };
