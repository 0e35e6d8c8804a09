import { inArray, or, eq, sql } from "drizzle-orm";
import {
  buildAccountIndex,
  matchAccount,
  normalizeCompanyName,
  type AccountMatch,
  type AccountRecord,
} from "../core/account-match";
import type { LeadFacts } from "../core/lead-facts";
import type { Database } from "../db/client";
import { accounts, accountSignals, assignments } from "../db/schema";
import type { SignalRecord } from "../core/signals";

// Parent chains deeper than the core follows are not loaded either.
const MAX_PARENT_DEPTH = 10;

const baseColumns = {
  domain: accounts.domain,
  name: accounts.name,
  normalizedName: accounts.normalizedName,
  ownerRepId: accounts.ownerRepId,
  parentDomain: accounts.parentDomain,
};

/**
 * The account columns plus, per row, when its owner was assigned leads since `since`: an
 * owner's caps are then checked without a round trip of their own (the owner is known only
 * once the account is). JSON because D1 returns one value per column.
 */
function columnsWithOwnerLoad(since: number, signalsSince: number) {
  return {
    ...baseColumns,
    // The account's buying signals inside decay's horizon, in the same round trip (bounded
    // per domain by signals/signal-queries.ts).
    signals: sql<
      string | null
    >`(select json_group_array(json_array(${accountSignals.kind}, ${accountSignals.strength}, ${accountSignals.occurredAt})) from ${accountSignals} where ${accountSignals.domain} = ${accounts.domain} and ${accountSignals.occurredAt} >= ${signalsSince})`,
    ownerAssignedAt: sql<
      string | null
    >`(select json_group_array(${assignments.assignedAt}) from ${assignments} where ${assignments.repId} = ${accounts.ownerRepId} and ${assignments.assignedAt} >= ${since})`,
  };
}

/**
 * The matched account; by owner rep id, when each loaded owner was assigned leads recently;
 * and the matched account's buying signals (empty without a match).
 */
export type AccountLookup = {
  account: AccountMatch;
  ownerAssignedAt: Record<string, number[]>;
  signals: SignalRecord[];
};

function parseSignals(json: string | null): SignalRecord[] {
  if (!json) return [];
  return (JSON.parse(json) as [string, number, number][]).map(([kind, strength, occurredAt]) => ({
    kind,
    strength,
    occurredAt,
  }));
}

/** The email host and its parents down to the registrable domain: "a.b.acme.com" → 3 keys. */
function domainKeys(facts: LeadFacts): string[] {
  const host = facts.email_host;
  const domain = facts.email_domain;
  if (facts.is_free_email === true || typeof host !== "string" || typeof domain !== "string") return [];
  const keys: string[] = [];
  for (let h = host; h.endsWith(domain); h = h.slice(h.indexOf(".") + 1)) {
    keys.push(h);
    if (h === domain || !h.includes(".")) break;
  }
  return keys;
}

/**
 * Matches a lead to an account by reading only the rows that can match: the email host's
 * domains, the company name, and the parents of what was found. The pure matcher then runs
 * on that small index, so the result is exactly what an index of every account would give,
 * without holding 100k rows in each isolate's 128 MB (or reading them on a cold start).
 * Read-only.
 */
export async function findAccountMatch(
  db: Database,
  facts: LeadFacts,
  ownerLoadSince: number,
  signalsSince = Number.MAX_SAFE_INTEGER,
): Promise<AccountLookup> {
  const keys = domainKeys(facts);
  const name = typeof facts.company === "string" ? normalizeCompanyName(facts.company) : "";
  const where = [
    ...(keys.length ? [inArray(accounts.domain, keys)] : []),
    ...(name ? [eq(accounts.normalizedName, name)] : []),
  ];
  const columns = columnsWithOwnerLoad(ownerLoadSince, signalsSince);
  type Row = AccountRecord & { ownerAssignedAt: string | null; signals: string | null };
  const rows: Row[] = where.length
    ? await db
        .select(columns)
        .from(accounts)
        .where(or(...where))
    : [];
  const loaded = new Set(rows.map((r) => r.domain));
  for (let depth = 0; depth < MAX_PARENT_DEPTH; depth++) {
    const parents = [
      ...new Set(rows.map((r) => r.parentDomain).filter((p): p is string => !!p && !loaded.has(p))),
    ];
    if (!parents.length) break;
    const more = await db.select(columns).from(accounts).where(inArray(accounts.domain, parents));
    parents.forEach((p) => loaded.add(p));
    rows.push(...more);
  }
  const ownerAssignedAt: Record<string, number[]> = {};
  for (const r of rows)
    if (r.ownerRepId && r.ownerAssignedAt) ownerAssignedAt[r.ownerRepId] = JSON.parse(r.ownerAssignedAt);
  // The trace shows the matched record; the owner's load stays out of it.
  const records: AccountRecord[] = rows.map((r) => ({
    domain: r.domain,
    name: r.name,
    normalizedName: r.normalizedName,
    ownerRepId: r.ownerRepId,
    parentDomain: r.parentDomain,
  }));
  const account = matchAccount(buildAccountIndex(records), facts);
  const matched = account.account && rows.find((r) => r.domain === account.account!.domain);
  return { account, ownerAssignedAt, signals: matched ? parseSignals(matched.signals) : [] };
}
