import { inArray, or, eq } from "drizzle-orm";
import type { Database } from "./client";
import { accounts } from "./schema";

export type AccountLookupRow = {
  domain: string;
  name: string;
  normalizedName: string;
  ownerRepId: string | null;
  parentDomain: string | null;
};

const columns = {
  domain: accounts.domain,
  name: accounts.name,
  normalizedName: accounts.normalizedName,
  ownerRepId: accounts.ownerRepId,
  parentDomain: accounts.parentDomain,
};

// Parent chains deeper than this are data errors (or cycles); matching stops there too.
const MAX_PARENT_DEPTH = 10;

/**
 * The few accounts that can matter for one lead: those at any of its candidate domains or
 * with its normalised company name, plus their parent chains. Two or three indexed queries
 * per lead instead of holding 100k accounts in every isolate.
 */
export async function accountsForLead(
  db: Database,
  domains: readonly string[],
  normalizedName: string | null,
): Promise<AccountLookupRow[]> {
  if (domains.length === 0 && !normalizedName) return [];
  const conditions = [
    ...(domains.length ? [inArray(accounts.domain, [...domains])] : []),
    ...(normalizedName ? [eq(accounts.normalizedName, normalizedName)] : []),
  ];
  const found = new Map<string, AccountLookupRow>();
  for (const row of await db
    .select(columns)
    .from(accounts)
    .where(or(...conditions)))
    found.set(row.domain, row);

  let parents = [...found.values()]
    .map((a) => a.parentDomain)
    .filter((d): d is string => !!d && !found.has(d));
  for (let depth = 0; parents.length > 0 && depth < MAX_PARENT_DEPTH; depth++) {
    const rows = await db
      .select(columns)
      .from(accounts)
      .where(inArray(accounts.domain, parents.slice(0, 90)));
    for (const row of rows) found.set(row.domain, row);
    parents = rows.map((a) => a.parentDomain).filter((d): d is string => !!d && !found.has(d));
  }
  return [...found.values()];
}
