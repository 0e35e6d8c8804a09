import { z } from "zod";
import { enrichmentFacts } from "../../core/enrichment/facts";
import type { CircuitBreaker } from "./circuit-breaker";
import type { Enricher, EnrichmentResult, EnrichmentStatus } from "./provider";

/**
 * The one field Baton reads from an enricher's answer: `{ "facts": { "industry": "software",
 * "employees": 1200 } }`. Each fact is then checked on its own by `enrichmentFacts`.
 */
const EnricherResponse = z.object({ facts: z.record(z.string(), z.unknown()) });

/** Facts fit in a few hundred bytes; anything far larger is a misconfigured endpoint. */
const MAX_RESPONSE_CHARS = 64 * 1024;

export type HttpEnricherOptions = {
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string;
  breaker: CircuitBreaker;
  clock?: () => number;
};

class EnricherFailure extends Error {}

async function readFacts(res: Response): Promise<Record<string, unknown>> {
  if (!res.ok) {
    await res.body?.cancel();
    throw new EnricherFailure(`HTTP ${res.status}`);
  }
  const text = await res.text();
  if (text.length > MAX_RESPONSE_CHARS) throw new EnricherFailure("response too large");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new EnricherFailure("malformed JSON");
  }
  const parsed = EnricherResponse.safeParse(json);
  if (!parsed.success) throw new EnricherFailure("no facts object in the response");
  return parsed.data.facts;
}

/**
 * An enricher that POSTs `{ email, fields, geo }` as JSON to a URL of the operator's choosing
 * and reads facts back. The whole exchange, body included, is cut off at the budget, and
 * the circuit breaker stops calling an endpoint that keeps failing.
 */
export function httpEnricher(opts: HttpEnricherOptions): Enricher {
  const clock = opts.clock ?? Date.now;
  const name = "http";
  return {
    name,
    async enrich(input, budgetMs): Promise<EnrichmentResult> {
      const started = clock();
      const note = (status: EnrichmentStatus, facts: number, detail?: string) => ({
        provider: name,
        status,
        ms: clock() - started,
        facts,
        ...(detail ? { detail } : {}),
      });
      if (!opts.breaker.tryAcquire()) return { facts: {}, note: note("circuit_open", 0) };
      const signal = AbortSignal.timeout(budgetMs);
      try {
        const res = await fetch(opts.url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
          },
          body: JSON.stringify({ email: input.email, fields: input.fields, geo: input.geo }),
          signal,
        });
        const { facts, dropped } = enrichmentFacts(await readFacts(res));
        opts.breaker.success();
        const detail = dropped.length ? `dropped: ${dropped.join(", ")}` : undefined;
        return { facts, note: note("ok", Object.keys(facts).length, detail) };
      } catch (err) {
        opts.breaker.failure();
        if (signal.aborted) return { facts: {}, note: note("timeout", 0, `no answer within ${budgetMs} ms`) };
        // Only our own messages: a fetch error's text can carry the URL and its credentials.
        return {
          facts: {},
          note: note("error", 0, err instanceof EnricherFailure ? err.message : "unreachable"),
        };
      }
    },
  };
}
