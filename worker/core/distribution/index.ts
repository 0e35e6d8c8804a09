/** Team distribution: the pure chooser (modes, eligibility, fairness) and its state transitions. */
export { chooseRep, pickForSlot, appliedMode } from "./choose";
export { evaluateCandidates, hasSkills, type Candidate, type Windows } from "./candidates";
export { weightedShares, type Share } from "./fairness";
export { recordAssignment, releaseAssignment, type AssignmentRecord } from "./state";
export { fairnessBand, maxShareDeviation, type BandCheck } from "./predictive-band";
export {
  DEFAULT_FAIRNESS_BAND,
  FAILURE_KINDS,
  SUCCESS_KINDS,
  mergeLabel,
  outcomeLabel,
  posterior,
  predictiveSettings,
  sampleBeta,
  segmentKey,
  segmentSignature,
  type OutcomeLabel,
  type Posterior,
  type PredictiveSettings,
  type RepOutcomes,
} from "./predictive-model";
export {
  DAY_MS,
  dayOf,
  delayCdf,
  featureKeys,
  type Evidence,
  type EvidenceSettings,
  type FeatureSpec,
} from "./predictive-evidence";
export {
  FIT_PRIORS,
  drivers,
  scoreReps,
  type FeatureEvidence,
  type FeatureScore,
} from "./predictive-features";
export { wordChoice, type PackedPrediction } from "./predictive-trace";
export { fitFeatureModel, type FeatureFit, type FitLead, type RepFit } from "./predictive-fit";
export { seedFrom, seededRandom, type Random } from "../random";
export type {
  AppliedMode,
  PredictiveExplanation,
  PredictiveInput,
  PredictiveSummary,
  CandidateExplanation,
  ChooseInput,
  ChooseResult,
  IneligibleReason,
  RepCounters,
  RequiredSkills,
  TeamState,
} from "./types";
