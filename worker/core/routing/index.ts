/** Rule evaluation with explainable traces. */
export {
  compileCondition,
  conditionContext,
  evaluateCondition,
  type CompiledCondition,
  type ConditionContext,
  type ConditionResult,
} from "./condition";
export { ConditionMiss } from "./miss";
export { routeLead, type RouteInput, type RoutingDecision, type RoutingTrace, type RuleTrace } from "./route";
export { isMissing, valueKey } from "./values";
