/** A fact's value. Lists come from multiselect fields and from `region` (a lead can be in several). */
export type FactValue = string | number | boolean | readonly string[];

/**
 * Everything rules can test about a lead, by dotted name: "email_domain", "country",
 * "fields.company", "utm.medium", and once routing adds them "account.owner", "score", "tier".
 * A fact that is unknown is absent (never null or "").
 */
export type LeadFacts = Readonly<Record<string, FactValue>>;

/** A remark about how a fact was derived, shown in the trace. */
export type TraceNote = {
  fact: string;
  /**
   * inferred: not given by the visitor (request geo, org default);
   * unrecognized: given but not understood, so the fact is missing.
   */
  kind: "inferred" | "unrecognized";
  message: string;
};

/** A submission as the router sees it. */
export type LeadInput = {
  fields: Record<string, unknown>;
  context?: {
    pageUrl?: string;
    referrer?: string;
    utm?: Record<string, string>;
    source?: string;
  };
  /** Where the request came from (Cloudflare's `request.cf`); used only when the form says nothing. */
  geo?: { country?: string; region?: string; postalCode?: string };
};
