import { asc, gt, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { chunked } from "../db/in-chunks";
import { accounts } from "../db/schema";

export type AccountRow = typeof accounts.$inferInsert;

// D1 binds at most 100 parameters per statement; 7 columns a row leaves 14 rows a statement.
const ROWS_PER_INSERT = 14;

export async function existingDomains(db: Database, domains: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunked(domains)) {
    const rows = await db
      .select({ domain: accounts.domain })
      .from(accounts)
      .where(inArray(accounts.domain, part));
    for (const r of rows) found.add(r.domain);
  }
  return found;
}

/** Upserts by domain; `createdAt` survives an update so imports can be repeated safely. */
export function upsertAccountStatements(db: Database, rows: readonly AccountRow[]) {
  return chunked(rows, ROWS_PER_INSERT).map((part) =>
    db
      .insert(accounts)
      .values(part)
      .onConflictDoUpdate({
        target: accounts.domain,
        set: {
          name: sql`excluded.name`,
          normalizedName: sql`excluded.normalized_name`,
          ownerRepId: sql`excluded.owner_rep_id`,
          parentDomain: sql`excluded.parent_domain`,
          updatedAt: sql`excluded.updated_at`,
        },
      }),
  );
}

export async function listAccounts(db: Database, limit: number, after?: string) {
  return db
    .select()
    .from(accounts)
    .where(after === undefined ? undefined : gt(accounts.domain, after))
    .orderBy(asc(accounts.domain))
    .limit(limit);
}

export async function countAccounts(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(accounts);
  return row?.n ?? 0;
}
