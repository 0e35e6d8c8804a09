import type { FactValue } from "../lead-facts";

/**
 * The evidence of the predictive feature model: its leads, read as decayed, maturity-weighted
 * trials by the joint fit (predictive-fit.ts, `weigh`).
 *
 * Forgetting: a lead's weight halves every `halfLifeDays` from the day it was assigned, and
 * leads older than `memoryDays` are dropped, so the state is bounded (≤ memoryDays of leads)
 * and a rep who changes is followed within about one half-life.
 *
 * Maturation rule (late outcomes): a lead counts as one trial once it has an outcome
 * (converted, lost, no-show), and until then as F(age) of a trial, where F is the share of
 * conversions reported by that age (see `delayCdf`). A conversion counts in full when it is
 * reported. So a rep's estimate is conversions / exposure, unbiased whatever its mix of old
 * and fresh leads: a rep with many pending leads is neither punished (they are not failures)
 * nor flattered (they are not ignored while its early conversions count).
 */

/** A key's evidence at a decision: decayed conversions and exposure (trials). */
export type Evidence = { s: number; e: number };

export const DAY_MS = 86_400_000;

export type EvidenceSettings = { halfLifeDays: number; maturityDays: number; memoryDays: number };

/** UTC day number of an instant. */
export function dayOf(at: number): number {
  return Math.floor(at / DAY_MS);
}

/**
 * F(a), a = 0 … maturityDays − 1: the share of conversions reported within a days of the lead,
 * from `delays[d]` = conversions reported d days after their lead, counted only over leads at
 * least `maturityDays` old (younger ones cannot have shown their long delays yet). Until 20
 * such conversions are known, F is linear over the maturity span. Non-decreasing, < 1 … 1.
 */
export function delayCdf(delays: readonly number[], maturityDays: number): number[] {
  const total = delays.slice(0, maturityDays).reduce((a, x) => a + x, 0);
  const cdf: number[] = [];
  let acc = 0;
  for (let a = 0; a < maturityDays; a++) {
    acc += delays[a] ?? 0;
    // Half a day's credit: a lead assigned today is on average half a day old.
    cdf.push(total >= 20 ? acc / total : Math.min(1, (a + 0.5) / maturityDays));
  }
  return cdf;
}

/** A feature the model learns rep edges on: a fact, optionally cut into numeric bands. */
export type FeatureSpec = { fact: string; bands?: readonly number[] };

// Facts that identify a lead or a page rather than describe it: a rep edge on them cannot
// generalise, and their values would grow the state without bound.
const IDENTIFYING = new Set([
  "email",
  "email_host",
  "email_domain",
  "company",
  "postal_code",
  "page_url",
  "referrer",
  "account.domain",
  "account.name",
  "account.parent",
]);
const MAX_VALUE_LENGTH = 40;

/**
 * The lead's feature keys, e.g. `["tier=A", "fields.industry=saas"]`. With `specs` the model
 * uses exactly those facts; with `auto` it uses every fact that describes the lead (strings up
 * to 40 characters and booleans, not identifying facts such as email or company), numbers only
 * when a spec gives their bands. Sorted, so a lead's keys do not depend on fact order.
 */
export function featureKeys(
  specs: readonly FeatureSpec[],
  auto: boolean,
  facts: Readonly<Record<string, FactValue | undefined>>,
): string[] {
  const keys = new Set<string>();
  for (const spec of specs) {
    const v = featureValue(facts[spec.fact], spec.bands);
    if (v !== null) keys.add(`${spec.fact}=${v}`);
  }
  if (auto) {
    const specified = new Set(specs.map((s) => s.fact));
    for (const [fact, value] of Object.entries(facts)) {
      if (specified.has(fact) || IDENTIFYING.has(fact) || value === undefined) continue;
      if (typeof value === "boolean" || (typeof value === "string" && value.length <= MAX_VALUE_LENGTH))
        keys.add(`${fact}=${String(value)}`);
    }
  }
  return [...keys].toSorted();
}

function featureValue(value: FactValue | undefined, bands: readonly number[] | undefined): string | null {
  if (value === undefined || value === "") return null;
  if (!bands) return Array.isArray(value) ? value.toSorted().join(",") : String(value);
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return null;
  const i = bands.findIndex((b) => n < b);
  if (i === 0) return `<${bands[0]}`;
  if (i === -1) return `≥${bands[bands.length - 1]}`;
  return `${bands[i - 1]}–${bands[i]}`;
}
