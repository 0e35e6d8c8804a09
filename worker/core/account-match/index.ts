/** Accounts: key normalisation (shared with the CSV import) and lead-to-account matching. */
export { normalizeCompanyName, normalizeDomain, toAsciiHost } from "./normalize";
export {
  buildAccountIndex,
  matchAccount,
  accountFacts,
  type AccountIndex,
  type AccountMatch,
  type AccountRecord,
  type MatchConfidence,
} from "./match";
