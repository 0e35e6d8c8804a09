import { and, desc, eq, inArray, lt, notInArray, sql } from "drizzle-orm";
import type { SignalRecord } from "../core/signals";
import type { Database } from "../db/client";
import { accountSignals } from "../db/schema";

export type SignalRow = typeof accountSignals.$inferInsert;

/**
 * Most signals kept per account domain: decay makes older ones weigh almost nothing, and a
 * noisy sender must not grow one account without bound. The newest by occurrence are kept.
 */
export const MAX_SIGNALS_PER_DOMAIN = 200;
/** Signals received longer ago than this are deleted by the next request's write, whatever the half-life. */
export const SIGNAL_RETENTION_MS = 365 * 86_400_000;

/**
 * Inserts one signal unless its (source, event id) was seen before; answers whether it was
 * new. One statement, so a concurrent re-send cannot double it: the unique index decides.
 */
export async function insertSignal(db: Database, row: SignalRow): Promise<boolean> {
  const inserted = await db
    .insert(accountSignals)
    .values(row)
    .onConflictDoNothing({ target: [accountSignals.source, accountSignals.eventId] })
    .returning({ id: accountSignals.id });
  return inserted.length > 0;
}

/** Deletes all but a domain's newest `MAX_SIGNALS_PER_DOMAIN` signals. */
export function pruneDomain(db: Database, domain: string) {
  const keep = db
    .select({ id: accountSignals.id })
    .from(accountSignals)
    .where(eq(accountSignals.domain, domain))
    .orderBy(desc(accountSignals.occurredAt))
    .limit(MAX_SIGNALS_PER_DOMAIN);
  return db
    .delete(accountSignals)
    .where(and(eq(accountSignals.domain, domain), notInArray(accountSignals.id, keep)));
}

/** The stored signals of some domains since `since`, by domain (what decay reads). */
export async function signalsByDomain(
  db: Database,
  domains: readonly string[],
  since: number,
): Promise<Record<string, SignalRecord[]>> {
  if (!domains.length) return {};
  const rows = await db
    .select({
      domain: accountSignals.domain,
      kind: accountSignals.kind,
      strength: accountSignals.strength,
      occurredAt: accountSignals.occurredAt,
    })
    .from(accountSignals)
    .where(and(inArray(accountSignals.domain, [...domains]), sql`${accountSignals.occurredAt} >= ${since}`));
  const out: Record<string, SignalRecord[]> = {};
  for (const { domain, ...s } of rows) (out[domain] ??= []).push(s);
  return out;
}

/** Records which task lead a signal created. */
export function setSignalLead(db: Database, signalId: string, leadId: string) {
  return db.update(accountSignals).set({ leadId }).where(eq(accountSignals.id, signalId));
}

/**
 * Deletes signals received before `before`: with the per-domain bound this keeps the table
 * bounded without a cron job of its own. By `received_at`, which is indexed.
 */
export function deleteSignalsBefore(db: Database, before: number) {
  return db.delete(accountSignals).where(lt(accountSignals.receivedAt, before));
}
