/** Buying signals: decay into `account.signals.*` facts, and which signals become tasks. */
export {
  decayedStrength,
  signalFacts,
  signalsSince,
  SIGNAL_HORIZON_HALF_LIVES,
  type SignalRecord,
} from "./decay";
export {
  decideSignalTask,
  signalTaskFacts,
  type IncomingSignal,
  type SignalTaskDecision,
  type SignalTaskTrace,
} from "./tasks";
export { routeSignalTask, SIGNAL_TASK_FORM_ID, SIGNAL_TASKS_RULE_SET } from "./route-task";
