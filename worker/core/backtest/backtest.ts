import { canonicalJson } from "../canonical-json";
import { lintConfig, type LintFinding, type RoutingConfig } from "../config-doc";
import { changeKind, reasonsFor, ruleDiff, toSide } from "./explain";
import { LoadTally, loadShift, REP_ESTIMATE } from "./load";
import { replayLead } from "./replay";
import type { BacktestInput, BacktestReport, Change } from "./types";

export const BACKTEST_SCOPE =
  "Rule destinations only. Each lead is replayed through normalisation, account matching, scoring and " +
  "the rules of both configs, with no side effects. Team distribution (the team Durable Objects: rotation, " +
  "counters, caps, OOO, working hours) is not consulted, so a lead sent to a team is reported as the team. " +
  "Request geo is not stored with leads and is not replayed; stored enrichment facts are.";

/** Rule ids of each form's rule set, in order: what "not reached" and "absent" are judged against. */
function ruleIdsByForm(config: RoutingConfig): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const form of config.forms) {
    const set = config.ruleSets.find((s) => s.id === form.ruleSetId);
    map.set(form.id, set ? set.rules.map((r) => r.id) : []);
  }
  return map;
}

/**
 * Whether both configs turn a lead of this form into the same facts. `normalizeLead` reads
 * only the form, the region sets and the org (default country), so when those are equal the
 * facts and account match are computed once and shared: about 40% of a replay's cost.
 */
function sameNormalisation(active: RoutingConfig, draft: RoutingConfig): (formId: string) => boolean {
  const shared =
    canonicalJson(active.regions) === canonicalJson(draft.regions) &&
    canonicalJson(active.org) === canonicalJson(draft.org);
  const byForm = new Map<string, boolean>();
  return (formId) => {
    let same = byForm.get(formId);
    if (same === undefined) {
      const form = (c: RoutingConfig) => canonicalJson(c.forms.find((f) => f.id === formId) ?? null);
      same = shared && form(active) === form(draft);
      byForm.set(formId, same);
    }
    return same;
  };
}

const findingKey = (f: LintFinding) => `${f.code}|${JSON.stringify(f.path)}`;

/** The draft's lint findings, each marked `new` when the active config does not have it. */
function lintDraft(active: RoutingConfig, draft: RoutingConfig) {
  const known = new Set(lintConfig(active).map(findingKey));
  return lintConfig(draft).map((f) => ({ ...f, new: !known.has(findingKey(f)) }));
}

/**
 * Replays every lead through the active config and the draft and reports what would change:
 * leads whose destination or deciding rule changes (a page of them, with the rule evaluations
 * that differ and why), the load shift per team and rep, the leads the draft sends to the
 * fallback, and the draft's lint. Pure: no I/O, no clock, inputs untouched; the same input
 * always gives the same report.
 */
export function runBacktest(input: BacktestInput): BacktestReport {
  const { leads, active, draft, accounts } = input;
  const offset = input.options?.changesOffset ?? 0;
  const limit = input.options?.changesLimit ?? 100;
  const fallbackLimit = input.options?.fallbackLimit ?? 100;
  const ids = { before: ruleIdsByForm(active), after: ruleIdsByForm(draft) };
  const shares = sameNormalisation(active, draft);
  const tally = { before: new LoadTally(), after: new LoadTally() };
  const summary: BacktestReport["summary"] = {
    total: leads.length,
    changed: 0,
    destinationChanged: 0,
    ruleOnlyChanged: 0,
    toFallback: 0,
    toFallbackBefore: 0,
    newlyToFallback: 0,
    skipped: 0,
  };
  const changes: Change[] = [];
  const fallbackLeads: BacktestReport["fallbackLeads"] = [];

  for (const lead of leads) {
    const b = replayLead(lead, active, accounts, input.normalize);
    const shared = shares(lead.formId) ? (b.prepared ?? undefined) : undefined;
    const a = replayLead(lead, draft, accounts, input.normalize, shared);
    const before = b.outcome;
    const after = a.outcome;
    if (!before.ok && !after.ok) summary.skipped++;
    if (before.ok) tally.before.add(before.target);
    if (after.ok) tally.after.add(after.target);
    const wasFallback = before.ok && before.fallback;
    if (wasFallback) summary.toFallbackBefore++;
    if (after.ok && after.fallback) {
      summary.toFallback++;
      if (!wasFallback) summary.newlyToFallback++;
      if (fallbackLeads.length < fallbackLimit)
        fallbackLeads.push({
          leadId: lead.leadId,
          ...(lead.email ? { email: lead.email } : {}),
          formId: lead.formId,
          ruleIdBefore: before.ok ? before.ruleId : null,
          newly: !wasFallback,
        });
    }

    const kind = changeKind(before, after);
    if (!kind) continue;
    const n = summary.changed++;
    if (kind === "destination") summary.destinationChanged++;
    else summary.ruleOnlyChanged++;
    if (n < offset || n >= offset + limit) continue;
    const rules = ruleDiff(
      before,
      after,
      ids.before.get(lead.formId) ?? [],
      ids.after.get(lead.formId) ?? [],
    );
    changes.push({
      leadId: lead.leadId,
      ...(lead.email ? { email: lead.email } : {}),
      formId: lead.formId,
      kind,
      before: toSide(before),
      after: toSide(after),
      reasons: reasonsFor(before, after, rules),
      rules,
      ...(input.options?.includeTraces
        ? { traces: { before: b.decision?.trace ?? null, after: a.decision?.trace ?? null } }
        : {}),
    });
  }

  const next = offset + limit;
  return {
    summary,
    loadShift: loadShift(tally.before, tally.after, active, draft),
    repEstimate: REP_ESTIMATE,
    changes,
    changesPage: { offset, limit, total: summary.changed, nextOffset: next < summary.changed ? next : null },
    fallbackLeads,
    lint: lintDraft(active, draft),
    scope: BACKTEST_SCOPE,
  };
}
