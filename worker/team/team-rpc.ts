import type { Rep, RoutingConfig, Team } from "../core/config-doc";
import type {
  AppliedMode,
  CandidateExplanation,
  PackedPrediction,
  PredictiveSummary,
  RepCounters,
  RequiredSkills,
} from "../core/distribution";
import { featureKeys } from "../core/distribution/predictive-evidence";
import { predictiveSettings, segmentKey } from "../core/distribution/predictive-model";
import { wordChoice } from "../core/distribution/predictive-trace";
import type { FactValue } from "../core/lead-facts";

/**
 * The wire types of the team object's RPC methods. The caller passes the team's slice of
 * the active config on every call, so a newly published version applies from the next call
 * on while the counters, which the object owns, carry over. With `checksum` (the active
 * config's, see worker/config/store.ts) the object caches the slice, and later `assign` calls
 * may send only a `TeamConfigRef` (see `assignThroughCache`).
 */
export type TeamConfigSlice = {
  team: Team;
  reps: Rep[];
  orgTimezone: string;
  configVersion: number;
  checksum?: string;
};

/** Cuts the team's slice out of a config; the object needs only its members, not the whole org. */
export function teamSlice(config: RoutingConfig, team: Team, configVersion: number): TeamConfigSlice {
  const ids = new Set(team.members.map((m) => m.repId));
  return {
    team,
    reps: config.reps.filter((r) => ids.has(r.id)),
    orgTimezone: config.org.timezone,
    configVersion,
  };
}

/** A slice by reference: the config version and checksum it was cut from. */
export type TeamConfigRef = { configVersion: number; checksum: string };

/** The object has no slice for that checksum (new version, or a fresh object): send it whole. */
export type StaleConfig = { ok: false; reason: "stale_config" };

/** An assign input whose slice the object has resolved. */
export type ResolvedAssignInput = AssignInput & { teamConfig: TeamConfigSlice };

export type AssignInput = {
  leadId: string;
  /** Normalised email; the same one inside `dedupeWindowDays` returns the earlier rep. */
  emailNormalized?: string;
  /** The slice, or a reference to one sent before; a reference may be answered `stale_config`. */
  teamConfig: TeamConfigSlice | TeamConfigRef;
  /** UTC epoch ms, read once by the caller for the whole request. */
  now: number;
  requiredSkills?: RequiredSkills;
  excludeRepIds?: string[];
  /** Availability teams at booking time: the members free at the chosen slot. */
  freeRepIds?: string[];
  /** Predictive teams: the lead's keys in the model, from its routing facts (`leadKeys`). */
  lead?: LeadKeys;
};

/** A lead as the predictive model sees it: its segment and its feature keys. */
export type LeadKeys = { segment: string; features: string[] };

/**
 * The lead's keys for `team`'s model, or none when the team is not predictive (its object
 * would not read them). Worked out by the caller, so the object's queue (a team's one
 * bottleneck) neither receives the lead's whole fact set nor filters it.
 */
export function leadKeys(team: Team, facts: Readonly<Record<string, FactValue>> | undefined) {
  if (team.distribution.mode !== "predictive" || !facts) return undefined;
  const settings = predictiveSettings(team);
  return {
    segment: segmentKey(settings.segments, facts),
    features: featureKeys(settings.features, settings.autoFeatures, facts),
  };
}

export type AssignResult =
  | {
      ok: true;
      repId: string;
      /** Sent to the rep of an earlier lead with the same email; nothing was counted. */
      deduped: boolean;
      /** The earlier lead a dedupe matched. */
      dedupedFromLeadId?: string;
      /** A repeat of an earlier call for this lead id; the stored result, counted once. */
      idempotent: boolean;
      mode: AppliedMode;
      explanation: CandidateExplanation[];
      /** Predictive teams: the lead's segment and whether the model decided. */
      predictive?: PredictiveSummary;
      /**
       * The object's answer to a lead with facts: the model's estimates, which
       * `assignThroughCache` words into `explanation` and `predictive` (then absent).
       */
      packed?: PackedPrediction;
    }
  | { ok: false; reason: "no_eligible_rep"; mode: AppliedMode; explanation: CandidateExplanation[] }
  | StaleConfig;

export type ReassignInput = {
  leadId: string;
  /** Must include the lead's current rep; if it does not, the lead was already moved. */
  excludeRepIds: string[];
  teamConfig: TeamConfigSlice;
  now: number;
  /** The lead's skill requirement, as given to `assign`; the object does not store it. */
  requiredSkills?: RequiredSkills;
};

export type ReassignResult =
  | {
      ok: true;
      repId: string;
      previousRepId: string;
      reassignments: number;
      /** The lead's current rep was not in `excludeRepIds`: an overlapping sweep already moved it. */
      idempotent: boolean;
      explanation: CandidateExplanation[];
    }
  | { ok: false; reason: "no_eligible_rep"; explanation: CandidateExplanation[] }
  | { ok: false; reason: "unknown_lead" | "released"; explanation: [] };

/** An admin's move of a lead: to a named member, or through the team's distribution. */
export type MoveInput = {
  leadId: string;
  /** The rep D1 says holds the lead; if the object disagrees, the lead moved meanwhile. */
  fromRepId: string;
  /** A named member; absent: the team's distribution picks, excluding the current rep. */
  toRepId?: string;
  teamConfig: TeamConfigSlice;
  now: number;
};

export type MoveResult =
  | {
      ok: true;
      repId: string;
      previousRepId: string;
      /** The lead was already moved (by a sweep or a retried call): nothing counted now. */
      idempotent: boolean;
      /** The previous rep got its count back (the team's releaseOnCancel). */
      credited?: boolean;
      explanation: CandidateExplanation[];
    }
  | { ok: false; reason: "moved"; repId: string; explanation: [] }
  | { ok: false; reason: "no_eligible_rep"; explanation: CandidateExplanation[] }
  | { ok: false; reason: "unknown_lead" | "released"; explanation: [] };

/**
 * cancelled / no_show: the meeting did not happen; the rep gets its count and turn back when
 * the team's `releaseOnCancel` is on. closed: the lead is done; it only stops being open.
 */
export type ReleaseReason = "cancelled" | "no_show" | "closed";

export type ReleaseInput = {
  leadId: string;
  reason: ReleaseReason;
  teamConfig: TeamConfigSlice;
  now: number;
};

export type ReleaseResult =
  | { ok: true; repId: string; credited: boolean; idempotent: boolean }
  | { ok: false; reason: "unknown_lead" };

/** What a team object reports about itself. */
export type TeamStatus = {
  teamId: string | null;
  configVersion: number | null;
  /** Leads the object has a row for (assigned, deduped or released). */
  assignmentsRecorded: number;
  /** Assignments ever counted; the next one takes `seq + 1`. */
  seq: number;
  /** Stored counters by rep id; counts from a past window still show until the next write. */
  reps: Record<string, RepCounters>;
  /** When members took leads outside this team, for their caps (`TeamState.outside`); absent: none. */
  outside?: Record<string, readonly number[]>;
};

/** An outcome reported for a lead (see worker/leads/admin-leads.ts). */
export type OutcomeInput = {
  leadId: string;
  /** contacted | qualified | opportunity | won | lost | no_show; see core outcomeLabel. */
  kind: string;
  /** The rep holding the lead when the outcome was reported; default: the model's record. */
  repId?: string | null;
  /** When the outcome was reported (its delay feeds the maturation curve); default: the object's clock. */
  now?: number;
};

/**
 * counted: the model changed; unchanged: the lead already had this label; not_a_conversion:
 * the kind says nothing about conversion (contacted); unknown_lead: the model does not know
 * the lead, so it is marked stale and rebuilt from D1 on the next predictive assignment.
 */
export type OutcomeResult = {
  applied: boolean;
  reason: "counted" | "unchanged" | "not_a_conversion" | "unknown_lead";
};

/** The predictive model's counts, per rep × segment. */
export type ModelStatus = {
  cells: { repId: string; segment: string; successes: number; failures: number }[];
};

/** A team object stub, as far as `assignThroughCache` needs it. */
export type AssignPort = { assign(input: AssignInput): Promise<AssignResult> };

/**
 * Assigns through the slice the object cached for `ref`; only when it has none (once per
 * published version and object) is the slice built and sent whole, which caches it. The
 * answer comes back with the model's estimates worded (`wordChoice`), never `packed`.
 */
export async function assignThroughCache(
  stub: AssignPort,
  input: Omit<AssignInput, "teamConfig">,
  ref: TeamConfigRef,
  slice: () => TeamConfigSlice,
): Promise<AssignResult> {
  let answer = await stub.assign({ ...input, teamConfig: ref });
  if (!answer.ok && answer.reason === "stale_config")
    answer = await stub.assign({ ...input, teamConfig: { ...slice(), ...ref } });
  return answer.ok ? wordChoice(answer, input.lead?.features ?? []) : answer;
}
