/** Team distribution: the pure chooser (modes, eligibility, fairness) and its state transitions. */
export { chooseRep, pickForSlot, appliedMode } from "./choose";
export { evaluateCandidates, hasSkills, type Candidate, type Windows } from "./candidates";
export { weightedShares, type Share } from "./fairness";
export { recordAssignment, releaseAssignment, type AssignmentRecord } from "./state";
export type {
  AppliedMode,
  CandidateExplanation,
  ChooseInput,
  ChooseResult,
  IneligibleReason,
  RepCounters,
  RequiredSkills,
  TeamState,
} from "./types";
