/**
 * The lead-fact tables (ISO 3166 subdivisions, country names in 14 languages, disposable and
 * free email domains, tldts's suffix list) and the code that reads them: about 150 KiB gzip
 * that only a submission, a route test or a backtest needs. Built to lead-facts.lazy.js and
 * imported on first use through worker/lazy.ts, so a cold start does not parse it.
 */
export { normalizeLead, parseEmail } from "../core/lead-facts";
