import {
  appliedMode,
  chooseRep,
  outcomeLabel,
  pickForSlot,
  predictiveSettings,
  releaseAssignment,
  seedFrom,
  type AppliedMode,
  type AssignmentRecord,
  type CandidateExplanation,
  type ChooseInput,
  type EvidenceSettings,
  type PredictiveInput,
  type TeamState,
} from "../core/distribution";
import type { ModelStore } from "./model-store";
import type { LeadRow, TeamStore } from "./team-store";
import type {
  AssignResult,
  OutcomeInput,
  OutcomeResult,
  ReassignInput,
  ReassignResult,
  ReleaseInput,
  ReleaseResult,
  ResolvedAssignInput,
  TeamConfigSlice,
} from "./team-rpc";

/**
 * The team object's operations: load, call the pure chooser, persist. Each runs inside one
 * synchronous SQLite transaction, so it sees and leaves a consistent state; it returns the
 * new state for the object's in-memory copy.
 */
type Outcome<R> = { result: R; state: TeamState };

const DAY_MS = 86_400_000;
// Caps limit new counts, and a dedupe counts nothing, so a capped rep still gets its own lead back.
const DEDUPE_IGNORES = new Set(["cap_day", "cap_week"]);

export function chooserInput(config: TeamConfigSlice, state: TeamState, now: number): ChooseInput {
  return { team: config.team, reps: config.reps, state, now, orgTimezone: config.orgTimezone };
}

/**
 * The predictive model's input for a lead: its keys, and a seed from the lead id so a retried
 * decision draws the same. None without keys (e.g. an SLA reassignment).
 */
function modelInput(
  model: ModelStore,
  input: ResolvedAssignInput,
): (PredictiveInput & { features: string[] }) | undefined {
  const team = input.teamConfig.team;
  if (team.distribution.mode !== "predictive" || !input.lead) return undefined;
  const settings = predictiveSettings(team);
  const { segment, features } = input.lead;
  // With `evidence` the chooser uses the feature model only: the segment counts are not read
  // (two queries per decision, one a GROUP BY over every cell, for nothing).
  return {
    segment,
    outcomes: {},
    seed: seedFrom(input.leadId),
    evidence: model.evidence.evidence(settings.evidence, features, input.now),
    features,
    // The caller words the estimates (team-rpc.ts assignThroughCache): the object's queue is the
    // team's bottleneck, the Worker scales out. So the candidates the lead's row keeps (for a
    // replay) carry no estimates either: they were most of the stored trace.
    packTrace: true,
  };
}

/** Assigns a lead once: a repeat returns the stored result, a known email its earlier rep. */
export function assignLead(
  store: TeamStore,
  model: ModelStore,
  state: TeamState,
  input: ResolvedAssignInput,
): Outcome<AssignResult> {
  const mode = appliedMode(input.teamConfig.team.distribution.mode);
  const existing = store.getLead(input.leadId);
  if (existing) return { result: replay(existing, mode), state };

  const predictive = modelInput(model, input);
  const base = {
    ...chooserInput(input.teamConfig, state, input.now),
    requiredSkills: input.requiredSkills,
    excludeRepIds: input.excludeRepIds,
    model: predictive,
  };
  const choice = input.freeRepIds ? pickForSlot({ ...base, freeRepIds: input.freeRepIds }) : chooseRep(base);
  const earlier = findDuplicate(store, input, choice.explanation);
  if (earlier) {
    store.putLead({
      ...noCounts(input, earlier.repId, choice.explanation),
      status: "deduped",
      dedupedFrom: earlier.leadId,
    });
    const result = {
      ok: true as const,
      repId: earlier.repId,
      deduped: true,
      dedupedFromLeadId: earlier.leadId,
      ...(choice.ok && choice.packed ? { packed: choice.packed } : {}),
    };
    return { result: { ...result, idempotent: false, mode, explanation: choice.explanation }, state };
  }
  if (!choice.ok) return { result: choice, state };

  store.saveState(state, choice.next);
  store.putLead(countedRow(input, state, choice.next, choice.repId, choice.explanation));
  if (predictive) {
    // One row: the segment model's is written from it when needed (model-store.ts).
    const settings = predictiveSettings(input.teamConfig.team).evidence;
    const { features, segment } = predictive;
    model.evidence.noteLead(settings, input.leadId, choice.repId, features, input.now, segment);
  }
  const result = { ok: true as const, repId: choice.repId, deduped: false, idempotent: false };
  const why = {
    mode: choice.mode,
    explanation: choice.explanation,
    predictive: choice.predictive,
    ...(choice.packed ? { packed: choice.packed } : {}),
  };
  return { result: { ...result, ...why }, state: choice.next };
}

/**
 * Counts a reported outcome in the model, once per lead and label: in the segment counts and,
 * with the team's evidence settings (from the object's cached config), in the feature model's.
 */
export function recordOutcome(
  model: ModelStore,
  input: OutcomeInput,
  evidence: { settings: EvidenceSettings; now: number } | null,
): OutcomeResult {
  const label = outcomeLabel(input.kind);
  if (!label) return { applied: false, reason: "not_a_conversion" };
  if (evidence)
    model.evidence.outcome(evidence.settings, input.leadId, input.repId ?? null, label, evidence.now);
  const lead = model.getLead(input.leadId);
  if (!lead) {
    model.markStale();
    return { applied: false, reason: "unknown_lead" };
  }
  const changed = model.applyOutcome(lead, input.repId ?? lead.repId, label);
  return { applied: changed, reason: changed ? "counted" : "unchanged" };
}

/** Moves a lead off its current rep, once, for the SLA sweep. */
export function reassignLead(
  store: TeamStore,
  model: ModelStore,
  state: TeamState,
  input: ReassignInput,
): Outcome<ReassignResult> {
  const lead = store.getLead(input.leadId);
  if (!lead || lead.status === "released") {
    return { result: { ok: false, reason: lead ? "released" : "unknown_lead", explanation: [] }, state };
  }
  if (!input.excludeRepIds.includes(lead.repId)) {
    const { repId, reassignments, explanation } = lead;
    return {
      result: { ok: true, repId, previousRepId: repId, reassignments, idempotent: true, explanation },
      state,
    };
  }
  const choice = chooseRep({
    ...chooserInput(input.teamConfig, state, input.now),
    requiredSkills: input.requiredSkills,
    excludeRepIds: input.excludeRepIds,
  });
  if (!choice.ok)
    return { result: { ok: false, reason: "no_eligible_rep", explanation: choice.explanation }, state };
  // The rep who let the lead lapse keeps the count (no reward for ignoring leads); the
  // lead only stops being open for it.
  const next = lead.status === "assigned" ? releaseAssignment(choice.next, record(lead), false) : choice.next;
  store.saveState(state, next);
  const row = countedRow(input, state, next, choice.repId, choice.explanation);
  store.putLead({
    ...row,
    email: lead.email,
    assignedAt: lead.assignedAt,
    reassignments: lead.reassignments + 1,
  });
  // The model credits outcomes to the rep holding the lead.
  const known = model.getLead(input.leadId);
  if (known) model.noteLead(known, choice.repId, input.now);
  const team = input.teamConfig.team;
  if (team.distribution.mode === "predictive")
    model.evidence.move(predictiveSettings(team).evidence, input.leadId, choice.repId);
  const result = { ok: true as const, repId: choice.repId, previousRepId: lead.repId, idempotent: false };
  return {
    result: { ...result, reassignments: lead.reassignments + 1, explanation: choice.explanation },
    state: next,
  };
}

/** Releases a lead (cancel, no-show, closed), crediting the rep per `releaseOnCancel`. */
export function releaseLead(store: TeamStore, state: TeamState, input: ReleaseInput): Outcome<ReleaseResult> {
  const lead = store.getLead(input.leadId);
  if (!lead) return { result: { ok: false, reason: "unknown_lead" }, state };
  if (lead.status === "released") {
    return { result: { ok: true, repId: lead.repId, credited: false, idempotent: true }, state };
  }
  const counted = lead.status === "assigned";
  const credit = counted && input.reason !== "closed" && input.teamConfig.team.distribution.releaseOnCancel;
  const next = counted ? releaseAssignment(state, record(lead), credit) : state;
  store.saveState(state, next);
  store.putLead({ ...lead, status: "released" });
  return { result: { ok: true, repId: lead.repId, credited: credit, idempotent: false }, state: next };
}

function replay(lead: LeadRow, mode: AppliedMode): AssignResult {
  const deduped = lead.status === "deduped" || (lead.status === "released" && lead.dedupedFrom !== null);
  return {
    ok: true,
    repId: lead.repId,
    deduped,
    ...(lead.dedupedFrom ? { dedupedFromLeadId: lead.dedupedFrom } : {}),
    idempotent: true,
    mode,
    explanation: lead.explanation,
  };
}

function findDuplicate(
  store: TeamStore,
  input: ResolvedAssignInput,
  explanation: CandidateExplanation[],
): LeadRow | null {
  const days = input.teamConfig.team.distribution.dedupeWindowDays;
  if (!input.emailNormalized || days === 0) return null;
  const earlier = store.latestByEmail(input.emailNormalized, input.now - days * DAY_MS);
  const rep = earlier && explanation.find((e) => e.repId === earlier.repId);
  const stillEligible = rep?.ineligibleReasons.every((r) => DEDUPE_IGNORES.has(r));
  return stillEligible ? earlier : null;
}

export function countedRow(
  input: { leadId: string; emailNormalized?: string; now: number },
  before: TeamState,
  after: TeamState,
  repId: string,
  explanation: CandidateExplanation[],
): LeadRow {
  const c = after.reps[repId]!;
  return {
    ...noCounts(input, repId, explanation),
    seq: after.seq,
    prevSeq: before.reps[repId]?.lastSeq ?? 0,
    windowStart: c.windowStart,
    dayStart: c.dayStart,
    weekStart: c.weekStart,
  };
}

function noCounts(
  input: { leadId: string; emailNormalized?: string; now: number },
  repId: string,
  explanation: CandidateExplanation[],
): LeadRow {
  return {
    leadId: input.leadId,
    repId,
    email: input.emailNormalized ?? null,
    status: "assigned",
    dedupedFrom: null,
    seq: 0,
    prevSeq: 0,
    windowStart: 0,
    dayStart: 0,
    weekStart: 0,
    assignedAt: input.now,
    reassignments: 0,
    explanation,
  };
}

export function record(lead: LeadRow): AssignmentRecord {
  const { repId, seq, prevSeq, windowStart, dayStart, weekStart } = lead;
  return { repId, seq, prevSeq, windowStart, dayStart, weekStart };
}
