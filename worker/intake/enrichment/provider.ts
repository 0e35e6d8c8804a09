import type { FactValue, LeadInput } from "../../core/lead-facts";

/** How one provider's call went; stored in the routing trace beside the facts it added. */
export type EnrichmentStatus = "ok" | "timeout" | "error" | "circuit_open" | "skipped";

/** What an enricher is given: the validated fields, the lead's email and the request's geo. */
export type EnrichmentInput = {
  fields: Readonly<Record<string, unknown>>;
  email: string | null;
  geo: NonNullable<LeadInput["geo"]>;
};

/** One provider's line in the trace. `detail` says why, never echoes PII. */
export type EnrichmentNote = {
  provider: string;
  status: EnrichmentStatus;
  ms: number;
  /** How many facts it added. */
  facts: number;
  detail?: string;
};

/** Facts are `enrich.<name>` (see `enrichmentFacts`), merged into the lead's facts before routing. */
export type EnrichmentResult = { facts: Record<string, FactValue>; note: EnrichmentNote };

/**
 * A source of extra facts about a lead. `enrich` must settle within `budgetMs` and should not
 * throw; `runEnrichers` still guards against one that does either.
 */
export type Enricher = {
  name: string;
  enrich(input: EnrichmentInput, budgetMs: number): Promise<EnrichmentResult>;
};

/** Room for a provider to notice its own timeout and report it before the hard deadline. */
const DEADLINE_GRACE_MS = 50;

function guarded(
  enricher: Enricher,
  input: EnrichmentInput,
  budgetMs: number,
  clock: () => number,
): Promise<EnrichmentResult> {
  const started = clock();
  const fail = (status: EnrichmentStatus, detail: string): EnrichmentResult => ({
    facts: {},
    note: { provider: enricher.name, status, ms: clock() - started, facts: 0, detail },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<EnrichmentResult>((resolve) => {
    timer = setTimeout(
      () => resolve(fail("timeout", "no answer by the deadline")),
      budgetMs + DEADLINE_GRACE_MS,
    );
  });
  const call = Promise.resolve()
    .then(() => enricher.enrich(input, budgetMs))
    .catch((err: unknown) => fail("error", err instanceof Error ? err.name : "thrown"));
  return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Runs every enricher at once, each within `budgetMs`, and merges their facts (later
 * providers win a clash). Never throws and never takes much longer than the budget: a slow
 * or broken enricher costs its own facts, never the lead's routing.
 */
export async function runEnrichers(
  enrichers: readonly Enricher[],
  input: EnrichmentInput,
  budgetMs: number,
  clock: () => number = Date.now,
): Promise<{ facts: Record<string, FactValue>; notes: EnrichmentNote[] }> {
  const results = await Promise.all(enrichers.map((e) => guarded(e, input, budgetMs, clock)));
  return {
    facts: Object.assign({}, ...results.map((r) => r.facts)),
    notes: results.map((r) => r.note),
  };
}
