import { matchAccount, type AccountIndex, type AccountMatch } from "../account-match";
import { resolveTarget } from "../routing/target";
import type { RoutingConfig } from "../config-doc";
import type { LeadFacts, TraceNote } from "../lead-facts";
import { routeLead, type RoutingDecision } from "../routing";
import type { BacktestLead, Normalize, Outcome } from "./types";

/** A lead's facts and account match under one config: the costly half of a replay. */
export type Prepared = { facts: LeadFacts; notes: TraceNote[]; account: AccountMatch };

export function prepareLead(
  lead: BacktestLead,
  config: RoutingConfig,
  accounts: AccountIndex,
  normalize: Normalize,
): Prepared {
  const base = normalize(lead.input, config, lead.formId);
  const facts: LeadFacts = lead.extraFacts ? { ...base.facts, ...lead.extraFacts } : base.facts;
  return { facts, notes: base.notes, account: matchAccount(accounts, facts) };
}

/**
 * Routes one lead through one config exactly as intake does up to the rule destination:
 * `normalizeLead`, `matchAccount`, `routeLead`, then `resolveTarget` with the rule set's
 * fallback when the destination cannot take the lead. The team's distribution (its Durable
 * Object) is not consulted. `prepared` reuses facts computed under a config that
 * normalises this lead the same way. Pure.
 */
export function replayLead(
  lead: BacktestLead,
  config: RoutingConfig,
  accounts: AccountIndex,
  normalize: Normalize,
  prepared?: Prepared,
): { outcome: Outcome; decision: RoutingDecision | null; prepared: Prepared | null } {
  const form = config.forms.find((f) => f.id === lead.formId);
  if (!form)
    return {
      outcome: { ok: false, reason: `Form "${lead.formId}" is not in this config` },
      decision: null,
      prepared: null,
    };
  const p = prepared ?? prepareLead(lead, config, accounts, normalize);
  const decision = routeLead({
    config,
    formId: lead.formId,
    facts: p.facts,
    notes: p.notes,
    account: p.account,
  });

  let target = resolveTarget(decision.destination, p.account, config, decision.trace.facts).target;
  let fallback = decision.ruleId === "fallback";
  if (!target && !fallback) {
    // As intake does: a destination nobody can take hands the lead to the rule set's fallback.
    const set = config.ruleSets.find((s) => s.id === decision.trace.ruleSetId);
    target = set ? resolveTarget(set.fallback, p.account, config, decision.trace.facts).target : null;
    fallback = true;
  }
  const rule = decision.trace.rules.at(-1);
  return {
    outcome: {
      ok: true,
      ruleId: decision.ruleId,
      ...(rule?.matched && rule.name ? { ruleName: rule.name } : {}),
      destination: decision.destination,
      target,
      fallback,
      score: decision.trace.score.score,
      tier: decision.trace.score.tier ?? null,
      rules: decision.trace.rules,
      ...(decision.trace.destinationNote ? { destinationNote: decision.trace.destinationNote } : {}),
    },
    decision,
    prepared: p,
  };
}
