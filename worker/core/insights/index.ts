/** Rule insights: outcomes by rule, team and rep with credible intervals, flags and suggested changes. */
export { CREDIBLE_MASS, rateEstimate, type RateEstimate } from "./beta";
export {
  groupStat,
  insightTables,
  MIN_RESOLVED,
  type GroupStat,
  type InsightFlag,
  type InsightLead,
  type InsightTables,
} from "./insights";
export { destinationTeam, suggestChanges, type Suggestion } from "./suggest";
