import type { Destination, RoutingConfig } from "../config-doc";
import type { FactValue, LeadFacts } from "../lead-facts/types";
import { compileCondition, conditionContext } from "../routing/condition";
import type { ConditionMiss } from "../routing/miss";

/** One incoming signal as the task rules see it. */
export type IncomingSignal = { kind: string; strength: number; source: string };

export type SignalTaskTrace = { ruleId: string; matched: boolean; failure?: ConditionMiss };

export type SignalTaskDecision =
  | { task: true; ruleId: string; destination: Destination; rules: SignalTaskTrace[] }
  | { task: false; rules: SignalTaskTrace[] };

/** The facts a signal task rule tests: the signal's own, then its account's. */
export function signalTaskFacts(signal: IncomingSignal, accountFacts: LeadFacts): Record<string, FactValue> {
  return {
    ...accountFacts,
    "signal.kind": signal.kind,
    "signal.strength": signal.strength,
    "signal.source": signal.source,
  };
}

/**
 * Whether a new signal becomes a task: the first of `config.signals.tasks` whose `when`
 * matches decides where it goes. Unlike a rule set there is no fallback: most signals are
 * only stored, and feed `account.signals.*`. Pure.
 */
export function decideSignalTask(config: RoutingConfig, facts: LeadFacts): SignalTaskDecision {
  const ctx = conditionContext(config);
  const rules: SignalTaskTrace[] = [];
  for (const rule of config.signals?.tasks ?? []) {
    const failure = compileCondition(rule.when, ctx)(facts);
    if (!failure) {
      rules.push({ ruleId: rule.id, matched: true });
      return { task: true, ruleId: rule.id, destination: rule.then, rules };
    }
    rules.push({ ruleId: rule.id, matched: false, failure });
  }
  return { task: false, rules };
}
