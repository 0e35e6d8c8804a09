import { accountFacts, type AccountMatch } from "../account-match/match";
import type { Destination, RoutingConfig, RuleSet } from "../config-doc";
import { crmOwnerOf } from "../crm-facts/facts";
import type { FactValue, LeadFacts, TraceNote } from "../lead-facts/types";
import { scoreLead, type ScoreResult } from "../scoring/score";
import { compileCondition, conditionContext, type CompiledCondition } from "./condition";
import type { ConditionMiss } from "./miss";

/** One evaluated rule: whether it matched, and for a miss the first condition that failed. */
export type RuleTrace = { ruleId: string; name?: string; matched: boolean; failure?: ConditionMiss };

/** Why a lead went where it went; stored with the decision and rendered by the dashboard. */
export type RoutingTrace = {
  ruleSetId: string;
  /** Every rule evaluated, in order, up to and including the one that matched. */
  rules: RuleTrace[];
  /** Every fact the rules saw, including `account.*`, `score` and `tier`. */
  facts: LeadFacts;
  /** Facts that were inferred (request geo, org default) rather than given. */
  inferred: string[];
  notes: TraceNote[];
  score: ScoreResult;
  account: AccountMatch;
  /** What happens at the destination that the rules cannot know, e.g. "no account owner". */
  destinationNote?: string;
};

/** The routing outcome: which rule decided (or the fallback), where the lead goes, and why. */
export type RoutingDecision = { ruleId: string | "fallback"; destination: Destination; trace: RoutingTrace };

export type RouteInput = {
  config: RoutingConfig;
  /** The form whose rule set routes the lead; ignored when `ruleSetId` is given. */
  formId?: string;
  ruleSetId?: string;
  /** From `normalizeLead`. */
  facts: LeadFacts;
  notes?: TraceNote[];
  /** From `matchAccount`; omitted means no account matched. */
  account?: AccountMatch;
};

type CompiledRuleSet = { rules: { id: string; name?: string; when: CompiledCondition }[] };
const compiledSets = new WeakMap<RuleSet, CompiledRuleSet>();

function compileRuleSet(set: RuleSet, config: RoutingConfig): CompiledRuleSet {
  let c = compiledSets.get(set);
  if (!c) {
    const ctx = conditionContext(config);
    c = { rules: set.rules.map((r) => ({ id: r.id, name: r.name, when: compileCondition(r.when, ctx) })) };
    compiledSets.set(set, c);
  }
  return c;
}

function findRuleSet(config: RoutingConfig, formId?: string, ruleSetId?: string): RuleSet {
  const id = ruleSetId ?? config.forms.find((f) => f.id === formId)?.ruleSetId;
  const set = config.ruleSets.find((s) => s.id === id);
  // A valid config always has the form's rule set, so this is a caller bug, not a lead's fault.
  if (!set) throw new RangeError(`No rule set for ${ruleSetId ? `id "${ruleSetId}"` : `form "${formId}"`}`);
  return set;
}

const NO_ACCOUNT: AccountMatch = {
  confidence: "none",
  account: null,
  owner: null,
  reason: "Account matching was not run",
};

function crmOwnerNote(dest: { fallbackTeamId: string }, facts: LeadFacts, config: RoutingConfig) {
  const fallback = `team ${dest.fallbackTeamId} takes the lead`;
  if (!("crm.contact.exists" in facts)) return `No CRM facts (the CRM lookup did not answer); ${fallback}`;
  const owner = crmOwnerOf(facts);
  if (!owner.repId) {
    const unmapped = facts["crm.owner.unmapped"];
    return Array.isArray(unmapped) && unmapped.length
      ? `CRM owner ${unmapped.join(", ")} is not mapped to a rep; ${fallback}`
      : `No CRM owner for this contact or company; ${fallback}`;
  }
  const rep = config.reps.find((r) => r.id === owner.repId);
  if (!rep) return `CRM owner ${owner.repId} is not a rep in this config; ${fallback}`;
  if (!rep.active) return `CRM owner ${rep.id} is inactive; ${fallback}`;
  return `CRM ${owner.source} owner ${rep.id}`;
}

function destinationNote(
  dest: Destination,
  account: AccountMatch,
  config: RoutingConfig,
  facts: LeadFacts,
): string | undefined {
  if (dest.type === "crm_owner") return crmOwnerNote(dest, facts, config);
  if (dest.type !== "account_owner") return undefined;
  if (!account.owner) return `The account has no owner; team ${dest.fallbackTeamId} takes the lead`;
  const rep = config.reps.find((r) => r.id === account.owner!.repId);
  if (!rep)
    return `Owner ${account.owner.repId} is not a rep in this config; team ${dest.fallbackTeamId} takes the lead`;
  if (!rep.active) return `Owner ${rep.id} is inactive; team ${dest.fallbackTeamId} takes the lead`;
  return undefined;
}

/**
 * Routes a lead: scores it, then evaluates the rule set's rules in order; the first match
 * wins, else the fallback. Pure: reads no clock, does no I/O and never mutates its inputs;
 * the same input always gives the same decision. Rule sets compile once per config object.
 */
export function routeLead(input: RouteInput): RoutingDecision {
  const { config } = input;
  const set = findRuleSet(config, input.formId, input.ruleSetId);
  const account = input.account ?? NO_ACCOUNT;
  const facts: Record<string, FactValue> = { ...input.facts, ...accountFacts(account) };
  const score = scoreLead(facts, config.scoring, conditionContext(config));
  facts.score = score.score;
  if (score.tier !== null) facts.tier = score.tier;

  const rules: RuleTrace[] = [];
  let decided: { id: string; then: Destination } | null = null;
  const compiled = compileRuleSet(set, config).rules;
  for (let i = 0; i < compiled.length; i++) {
    const rule = compiled[i]!;
    const failure = rule.when(facts);
    if (failure) rules.push({ ruleId: rule.id, name: rule.name, matched: false, failure });
    else {
      rules.push({ ruleId: rule.id, name: rule.name, matched: true });
      decided = { id: rule.id, then: set.rules[i]!.then };
      break;
    }
  }
  const destination = decided?.then ?? set.fallback;
  const notes = input.notes ?? [];
  const note = destinationNote(destination, account, config, facts);
  const trace: RoutingTrace = {
    ruleSetId: set.id,
    rules,
    facts,
    inferred: notes.filter((n) => n.kind === "inferred").map((n) => n.fact),
    notes,
    score,
    account,
    ...(note ? { destinationNote: note } : {}),
  };
  return { ruleId: decided?.id ?? "fallback", destination, trace };
}
