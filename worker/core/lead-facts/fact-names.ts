/**
 * Names of the facts Baton derives, shared by normalisation, routing and lint (which warns
 * about a condition on a fact that can never exist). Keep in step with docs/config reference.
 */
export const DERIVED_FACTS = [
  "form_id",
  "email",
  "email_host",
  "email_domain",
  "is_free_email",
  "is_disposable",
  "is_role",
  "company",
  "country",
  "subdivision",
  "postal_code",
  "region",
  "employees",
  "revenue",
  "source",
  "page_url",
  "referrer",
  "score",
  "tier",
] as const;

/** Prefixes of open-ended fact families: form fields, UTM parameters, the matched account. */
export const FACT_PREFIXES = ["fields.", "utm.", "account.", "enrich.", "crm."] as const;

/** The facts under `account.` that routing adds after account matching. */
export const ACCOUNT_FACTS = [
  "account.matched",
  "account.domain",
  "account.name",
  "account.owner",
  "account.confidence",
  "account.parent",
] as const;

/** The matched account's buying signals (core/signals/decay), present when it has any. */
export const ACCOUNT_SIGNAL_FACTS = [
  "account.signals.score",
  "account.signals.count",
  "account.signals.strongest",
  "account.signals.kinds",
  "account.signals.days_since_last",
] as const;

/** The signal a signal task rule is deciding on (config `signals.tasks`). */
export const SIGNAL_FACTS = ["signal.kind", "signal.strength", "signal.source"] as const;

const derived: ReadonlySet<string> = new Set([
  ...DERIVED_FACTS,
  ...ACCOUNT_FACTS,
  ...ACCOUNT_SIGNAL_FACTS,
  ...SIGNAL_FACTS,
]);

/** True when a condition on `fact` can ever see a value. */
export function isKnownFact(fact: string): boolean {
  if (derived.has(fact)) return true;
  // CRM facts: the fixed ones (core/crm-facts/facts) and any mapped contact property.
  if (fact.startsWith("crm.")) return /^crm\.(contact|company|owner)\.[A-Za-z][A-Za-z0-9_]*$/.test(fact);
  return (
    (fact.startsWith("fields.") || fact.startsWith("utm.") || fact.startsWith("enrich.")) &&
    fact.split(".").length === 2
  );
}
