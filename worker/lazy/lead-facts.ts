/**
 * The lead-fact tables (ISO 3166 subdivisions, country names in 14 languages, disposable and
 * free email domains, tldts's suffix list) and the code that reads them: about 150 KiB gzip
 * that only a submission, a route test or a backtest needs. Built to lead-facts.lazy.js and
 * imported on first use through worker/lazy.ts, so a cold start does not parse it.
 */
import { normalizeCountry, normalizeSubdivision, parseEmail } from "../core/lead-facts";

export { normalizeLead, parseEmail } from "../core/lead-facts";

/**
 * Builds the indexes the tables are read through (country names in 14 languages, subdivisions,
 * the email domain sets), which are made on first use: about 80–100 ms of CPU on this project's
 * 2-core machine, once per isolate. The form GET calls it after its answer, with the import.
 */
export function warmLeadFacts(): void {
  parseEmail("warm-up@example.com");
  normalizeSubdivision("California", normalizeCountry("United States"));
}
