/** SLA decisions: when the accept clock runs out, and what the sweep does then. */
export { acceptDeadline, type SlaClock } from "./deadline";
export {
  decideBreach,
  escalationTarget,
  type BreachAction,
  type BreachInput,
  type EscalationTarget,
  type SweepPolicy,
} from "./decide";
