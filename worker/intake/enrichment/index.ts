import { z } from "zod";
import type { FactValue } from "../../core/lead-facts";
import { builtinEnricher } from "./builtin";
import { breakerFor } from "./circuit-breaker";
import { httpEnricher } from "./http";
import { runEnrichers, type Enricher, type EnrichmentInput, type EnrichmentNote } from "./provider";

export { runEnrichers } from "./provider";
export type { Enricher, EnrichmentInput, EnrichmentNote, EnrichmentResult } from "./provider";

/**
 * A routed lead waits for enrichment, so the default budget is a small share of the
 * submit round trip; operators can raise it up to 2 s.
 */
export const DEFAULT_ENRICHMENT_BUDGET_MS = 300;

// Optional settings, absent from `wrangler types`; read and checked here, at the edge.
const EnrichmentEnv = z.object({
  ENRICHMENT_URL: z.url({ protocol: /^https?$/ }).optional(),
  ENRICHMENT_TOKEN: z.string().min(1).optional(),
  ENRICHMENT_BUDGET_MS: z.coerce.number().int().min(50).max(2000).optional(),
});

type Plan = { enrichers: Enricher[]; budgetMs: number; skipped: EnrichmentNote[] };

function plan(env: object): Plan {
  const parsed = EnrichmentEnv.safeParse(env);
  if (!parsed.success) {
    // A bad setting disables the HTTP provider rather than failing submissions.
    const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))].join(", ");
    const skipped: EnrichmentNote = {
      provider: "http",
      status: "skipped",
      ms: 0,
      facts: 0,
      detail: `invalid ${names}`,
    };
    return { enrichers: [builtinEnricher], budgetMs: DEFAULT_ENRICHMENT_BUDGET_MS, skipped: [skipped] };
  }
  const { ENRICHMENT_URL: url, ENRICHMENT_TOKEN: token, ENRICHMENT_BUDGET_MS: budget } = parsed.data;
  const enrichers = url
    ? [builtinEnricher, httpEnricher({ url, token, breaker: breakerFor(url) })]
    : [builtinEnricher];
  return { enrichers, budgetMs: budget ?? DEFAULT_ENRICHMENT_BUDGET_MS, skipped: [] };
}

/**
 * Enriches one lead with the providers the environment configures (the built-in one always,
 * the HTTP one when `ENRICHMENT_URL` is set). Never throws; returns `enrich.*` facts to merge
 * into the lead's facts, and one note per provider for the routing trace.
 */
export async function enrichLead(
  env: object,
  input: EnrichmentInput,
): Promise<{ facts: Record<string, FactValue>; notes: EnrichmentNote[] }> {
  const { enrichers, budgetMs, skipped } = plan(env);
  const result = await runEnrichers(enrichers, input, budgetMs);
  return { facts: result.facts, notes: [...result.notes, ...skipped] };
}
