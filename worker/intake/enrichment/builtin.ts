import type { Enricher } from "./provider";

/**
 * The built-in provider. Baton's own enrichment (email domain, free-mail and role flags,
 * country and region from the form or else the request's geo, employees, revenue, UTM) is
 * done by `normalizeLead`, which the routing core owns, so this adds no facts of its own.
 * It exists so the trace always says what enrichment ran and which geo parts were there.
 */
export const builtinEnricher: Enricher = {
  name: "builtin",
  async enrich(input) {
    const parts = (["country", "region", "postalCode"] as const).filter((k) => input.geo[k]);
    return {
      facts: {},
      note: {
        provider: "builtin",
        status: "ok",
        ms: 0,
        facts: 0,
        detail: `derived facts by normalizeLead; request geo: ${parts.join(", ") || "none"}`,
      },
    };
  },
};
