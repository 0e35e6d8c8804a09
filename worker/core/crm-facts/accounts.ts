import { normalizeCompanyName } from "../account-match/normalize";
import type { OwnerMapping } from "./owners";
import type { CompanyPage, CrmCompany } from "./types";

/** Where the account sync resumes: companies modified at or after `since`, from page `after`. */
export type SyncCursor = { since: number; after: string | null };

/** HubSpot search returns at most 10,000 results per query (docs/integrations-hubspot.md). */
export const SEARCH_WINDOW = 10_000;

/** Accounts rows for CRM companies: domain required, owner mapped to a rep (else none). */
export function accountsFromCompanies(companies: readonly CrmCompany[], owners: OwnerMapping) {
  const rows = new Map<
    string,
    {
      domain: string;
      name: string;
      normalizedName: string;
      ownerRepId: string | null;
      /** Set only when the CRM says (Salesforce ParentId); a parent equal to itself is none. */
      parentDomain?: string | null;
    }
  >();
  for (const c of companies) {
    const domain = c.domain
      ?.trim()
      .toLowerCase()
      .replace(/^www\./, "");
    if (!domain) continue;
    const name = c.name?.trim() || domain;
    rows.set(domain, {
      domain,
      name,
      normalizedName: normalizeCompanyName(name),
      ownerRepId: c.ownerId ? (owners.repByOwner.get(c.ownerId) ?? null) : null,
      ...(c.parentDomain === undefined
        ? {}
        : { parentDomain: c.parentDomain === domain ? null : c.parentDomain }),
    });
  }
  return [...rows.values()];
}

/**
 * The cursor after one page. Paging goes on within one `since` until the search window would
 * be exceeded; then (and at the end) `since` moves to the newest change seen, so a resumed
 * run never skips a company and never needs an offset past 10,000. Inclusive: the boundary
 * company comes again next time, which the upsert makes harmless.
 */
export function advanceCursor(cursor: SyncCursor, page: CompanyPage, limit: number): SyncCursor {
  const newest = page.companies.reduce((m, c) => Math.max(m, c.updatedAt), cursor.since);
  if (page.nextCursor && Number(page.nextCursor) + limit <= SEARCH_WINDOW)
    return { since: cursor.since, after: page.nextCursor };
  return { since: newest, after: null };
}

/**
 * The cursor after one page of a keyset-paged sync (Salesforce: ORDER BY SystemModstamp, Id).
 * A full page resumes after its last row (`since` = its modstamp, `after` = its id), so any
 * number of accounts sharing one modstamp still moves forward; a short page means caught up.
 */
export function advanceKeysetCursor(cursor: SyncCursor, page: CompanyPage): SyncCursor {
  const last = page.companies.at(-1);
  if (page.nextCursor && last) return { since: last.updatedAt, after: page.nextCursor };
  const newest = page.companies.reduce((m, c) => Math.max(m, c.updatedAt), cursor.since);
  return { since: newest, after: null };
}
