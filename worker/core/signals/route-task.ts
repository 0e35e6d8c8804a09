import { accountFacts, type AccountMatch } from "../account-match/match";
import type { RoutingConfig } from "../config-doc";
import type { FactValue, LeadFacts, TraceNote } from "../lead-facts/types";
import { conditionContext } from "../routing/condition";
import type { RoutingDecision } from "../routing/route";
import { scoreLead } from "../scoring/score";

/**
 * The form id of task leads made from signals. Not a valid config form id (it has a colon),
 * so it can never collide with an admin's form; routing knows it by this id.
 */
export const SIGNAL_TASK_FORM_ID = "signal:task";
/** The rule set id a signal task's trace names (the config's `signals.tasks`). */
export const SIGNAL_TASKS_RULE_SET = "signals.tasks";

/**
 * The routing decision of a signal task lead: the task rule that created it sends it on, as
 * a matched rule would a form lead; the trace carries the account and its signal facts.
 * Throws when the rule is gone from the config (the lead then waits as unrouted, visibly).
 */
export function routeSignalTask(input: {
  config: RoutingConfig;
  ruleId: string;
  facts: LeadFacts;
  notes?: TraceNote[];
  account: AccountMatch;
}): RoutingDecision {
  const { config, account } = input;
  const rule = config.signals?.tasks.find((t) => t.id === input.ruleId);
  if (!rule) throw new RangeError(`Signal task rule "${input.ruleId}" is not in this config`);
  const facts: Record<string, FactValue> = { ...input.facts, ...accountFacts(account) };
  const score = scoreLead(facts, config.scoring, conditionContext(config));
  facts.score = score.score;
  if (score.tier !== null) facts.tier = score.tier;
  const notes = input.notes ?? [];
  return {
    ruleId: rule.id,
    destination: rule.then,
    trace: {
      ruleSetId: SIGNAL_TASKS_RULE_SET,
      rules: [{ ruleId: rule.id, name: rule.name, matched: true }],
      facts,
      inferred: [],
      notes,
      score,
      account,
      ...(rule.then.type === "account_owner" && !account.owner
        ? { destinationNote: `The account has no owner; team ${rule.then.fallbackTeamId} takes the task` }
        : {}),
    },
  };
}
