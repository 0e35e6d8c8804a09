import { and, asc, eq, gt, gte, lt, or, sql, type SQL } from "drizzle-orm";
import type { ParsedAccount } from "./parse-import";
import type { Database } from "../db/client";
import { accounts } from "../db/schema";

export type AccountRecord = typeof accounts.$inferSelect;

/** The strings that start with `prefix`, as an index-friendly range. */
function startsWith(column: typeof accounts.domain | typeof accounts.normalizedName, prefix: string): SQL {
  return and(gte(column, prefix), lt(column, `${prefix}\u{10FFFF}`))!;
}

/**
 * Accounts by domain, optionally those whose domain or normalised name starts with the query
 * (both indexed, so a search reads only what it returns).
 */
export function searchAccounts(
  db: Database,
  opts: { domainPrefix?: string; namePrefix?: string; after?: string; limit: number },
) {
  const search: SQL[] = [];
  if (opts.domainPrefix) search.push(startsWith(accounts.domain, opts.domainPrefix));
  if (opts.namePrefix) search.push(startsWith(accounts.normalizedName, opts.namePrefix));
  return db
    .select()
    .from(accounts)
    .where(
      and(
        search.length ? or(...search) : undefined,
        opts.after === undefined ? undefined : gt(accounts.domain, opts.after),
      ),
    )
    .orderBy(asc(accounts.domain))
    .limit(opts.limit);
}

export async function getAccount(db: Database, domain: string): Promise<AccountRecord | null> {
  const [row] = await db.select().from(accounts).where(eq(accounts.domain, domain)).limit(1);
  return row ?? null;
}

/**
 * The statements that apply an edit. A new domain is a new primary key: the row moves and
 * subsidiaries pointing at the old domain follow it.
 */
export function updateAccountStatements(db: Database, old: AccountRecord, next: ParsedAccount, now: number) {
  const values = { ...next, updatedAt: now };
  if (next.domain === old.domain)
    return [db.update(accounts).set(values).where(eq(accounts.domain, old.domain))];
  return [
    db.insert(accounts).values({ ...values, createdAt: old.createdAt }),
    db
      .update(accounts)
      .set({ parentDomain: next.domain, updatedAt: now })
      .where(eq(accounts.parentDomain, old.domain)),
    db.delete(accounts).where(eq(accounts.domain, old.domain)),
  ];
}

export const accountCount = (db: Database) => db.select({ n: sql<number>`count(*)` }).from(accounts);
