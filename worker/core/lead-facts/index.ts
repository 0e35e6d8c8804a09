/** Lead normalisation: a submission becomes the facts that scoring and rules test. */
export { normalizeLead } from "./normalize";
export { parseEmail, type EmailFacts } from "./email";
export { parseAmount } from "./numbers";
export { normalizeCountry, normalizeSubdivision, normalizePostalCode } from "./places";
export { DERIVED_FACTS, ACCOUNT_FACTS, FACT_PREFIXES, isKnownFact } from "./fact-names";
export type { FactValue, LeadFacts, LeadInput, TraceNote } from "./types";
