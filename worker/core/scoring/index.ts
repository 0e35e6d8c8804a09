/** Lead scoring: point rules over the condition language, and tiers by score. */
export { scoreLead, type ScoreResult } from "./score";
