import type { AccountIndex } from "../account-match";
import type { AssignmentTarget } from "../routing/target";
import type { Destination, LintFinding, RoutingConfig } from "../config-doc";
import type { LeadFacts, LeadInput, normalizeLead } from "../lead-facts";
import type { RuleTrace, RoutingTrace } from "../routing";

/** A stored lead (or a CSV row) as the backtest replays it. */
export type BacktestLead = {
  leadId: string;
  formId: string;
  email?: string | null;
  /** Fields and context as stored. Request geo is not stored, so it is usually absent. */
  input: LeadInput;
  /** Facts the lead had that the config cannot recompute, e.g. `enrich.*` from its stored trace. */
  extraFacts?: LeadFacts;
};

/** Where one config sends one lead: the deciding rule, its destination and who takes it. */
export type Outcome =
  | {
      ok: true;
      ruleId: string;
      ruleName?: string;
      destination: Destination;
      /**
       * Who takes the lead as far as the rules can tell: a rep named directly (rule or account
       * owner) or a team, whose distribution (not consulted) would then pick the rep.
       */
      target: AssignmentTarget | null;
      /** True when the rule set's fallback decided, or took over because the destination could not. */
      fallback: boolean;
      score: number;
      tier: string | null;
      rules: RuleTrace[];
      destinationNote?: string;
    }
  | { ok: false; reason: string };

/** One rule whose evaluation differs between the two configs. */
export type RuleDiff = {
  ruleId: string;
  before: RuleState;
  after: RuleState;
  /** Why it missed, on the side where it missed. */
  beforeMiss?: string;
  afterMiss?: string;
};
export type RuleState = "matched" | "missed" | "not_reached" | "absent";

/** A compact side of a change, shaped for the dashboard. */
export type Side =
  | {
      ok: true;
      ruleId: string;
      ruleName?: string;
      destination: Destination;
      target: { kind: "rep"; repId: string; teamId: string | null } | { kind: "team"; teamId: string } | null;
      fallback: boolean;
      score: number;
      tier: string | null;
      note?: string;
    }
  | { ok: false; reason: string };

export type Change = {
  leadId: string;
  email?: string;
  formId: string;
  /** `destination`: someone else takes the lead; `rule`: the same target, decided by another rule. */
  kind: "destination" | "rule";
  before: Side;
  after: Side;
  reasons: string[];
  rules: RuleDiff[];
  /** Both full traces, when asked for. */
  traces?: { before: RoutingTrace | null; after: RoutingTrace | null };
};

export type LoadRow = {
  kind: "team" | "rep";
  id: string;
  before: number;
  after: number;
  delta: number;
  /** For reps: leads sent to them by name (rule or account owner), which are exact. */
  direct?: { before: number; after: number };
  /** For reps: their estimated share of their teams' leads, from weights (see `repEstimate`). */
  estimated?: { before: number; after: number };
};

export type BacktestOptions = {
  /** Page of `changes` to return; all changes are counted either way. */
  changesOffset?: number;
  changesLimit?: number;
  /** How many fallback leads to list. */
  fallbackLimit?: number;
  includeTraces?: boolean;
};

export type BacktestInput = {
  leads: readonly BacktestLead[];
  active: RoutingConfig;
  draft: RoutingConfig;
  accounts: AccountIndex;
  /**
   * Lead normalisation, passed in: the Worker loads it (with its ~150 KiB gzip of tables) on
   * first use from worker/lazy.ts, so core/backtest must not import it.
   */
  normalize: Normalize;
  options?: BacktestOptions;
};

/** `normalizeLead` from core/lead-facts. */
export type Normalize = typeof normalizeLead;

export type BacktestReport = {
  summary: {
    total: number;
    changed: number;
    destinationChanged: number;
    ruleOnlyChanged: number;
    /** Leads the draft sends to the fallback, and how many the active config did. */
    toFallback: number;
    toFallbackBefore: number;
    /** Leads that reach the fallback under the draft but did not under the active config. */
    newlyToFallback: number;
    /** Leads neither config can route (their form is in neither). */
    skipped: number;
  };
  loadShift: LoadRow[];
  repEstimate: string;
  changes: Change[];
  changesPage: { offset: number; limit: number; total: number; nextOffset: number | null };
  fallbackLeads: {
    leadId: string;
    email?: string;
    formId: string;
    ruleIdBefore: string | null;
    newly: boolean;
  }[];
  lint: (LintFinding & { new: boolean })[];
  scope: string;
};
