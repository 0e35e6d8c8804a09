/**
 * The CRM's minute job: hand write-backs the queue never got (or gave up on) back to it, keep
 * the owner list fresh, and pull companies changed since the cursor into the accounts table,
 * a bounded number per run, resuming where the last run stopped.
 */
import {
  accountsFromCompanies,
  advanceCursor,
  advanceKeysetCursor,
  mapOwners,
  type SyncCursor,
} from "../core/crm-facts";
import { loadActiveConfig } from "../config/store";
import type { CronJob } from "../cron/jobs";
import type { Database } from "../db/client";
import { enqueueNotifications } from "../notify/outbound";
import { CrmError } from "./connector";
import { crmMessage } from "./messages";
import { forgetCrmConnection, loadCrm, type CrmRuntime } from "./runtime";
import { dueSyncs, updateConnection, updateSync, upsertCrmAccounts, type CrmAction } from "./store";

/**
 * Per run: write-backs re-sent, company pages pulled (HubSpot search pages hold ≤ 100 here;
 * Salesforce pages are SOQL queries of the same size, keyset-paged by SystemModstamp, Id).
 */
export const SWEEP_LIMIT = 100;
export const COMPANY_PAGES_PER_RUN = 2;
export const COMPANY_PAGE_SIZE = 100;
/** A re-sent write-back gets this long to land before the sweep sends it again. */
const RESEND_AFTER_MS = 5 * 60_000;
const OWNERS_TTL_MS = 60 * 60_000;

async function sweep(db: Database, env: Env, now: number, provider: string): Promise<number> {
  const due = await dueSyncs(db, now, SWEEP_LIMIT);
  if (!due.length) return 0;
  await db.batch(
    due.map((r) => updateSync(db, r.id, { nextAttemptAt: now + RESEND_AFTER_MS })) as [
      ReturnType<typeof updateSync>,
    ],
  );
  await enqueueNotifications(
    env,
    due.map((r) => crmMessage({ ...r, action: r.action as CrmAction }, provider)),
  );
  return due.length;
}

async function refreshOwners(db: Database, rt: CrmRuntime, now: number): Promise<number | null> {
  if (rt.row.ownersSyncedAt && now - rt.row.ownersSyncedAt < OWNERS_TTL_MS) return null;
  const owners = await (await rt.connector()).listOwners();
  await updateConnection(db, rt.row.id, { owners, ownersSyncedAt: now });
  rt.owners = owners;
  return owners.length;
}

async function pullAccounts(db: Database, rt: CrmRuntime, now: number) {
  const crm = await rt.connector();
  const active = await loadActiveConfig(db);
  const mapping = mapOwners(rt.owners, active?.config.reps ?? [], rt.settings.ownerOverrides);
  let cursor: SyncCursor = rt.row.syncCursor ?? { since: 0, after: null };
  let pulled = 0;
  for (let i = 0; i < COMPANY_PAGES_PER_RUN; i++) {
    const page = await crm.pullCompanies({
      since: cursor.since,
      cursor: cursor.after,
      limit: COMPANY_PAGE_SIZE,
    });
    const rows = accountsFromCompanies(page.companies, mapping);
    const next =
      rt.provider === "salesforce"
        ? advanceKeysetCursor(cursor, page)
        : advanceCursor(cursor, page, COMPANY_PAGE_SIZE);
    // The accounts and the cursor move together: a crash repeats a page, never skips one.
    await db.batch([
      ...upsertCrmAccounts(db, rows, now),
      updateConnection(db, rt.row.id, { syncCursor: next, lastSyncAt: now, lastSyncError: null }),
    ] as unknown as Parameters<typeof db.batch>[0]);
    pulled += rows.length;
    cursor = next;
    if (!page.nextCursor) break;
  }
  return { pulled, cursor };
}

export const crmSyncJob: CronJob = {
  name: "crm-sync",
  async run({ db, env, now }) {
    forgetCrmConnection();
    const rt = await loadCrm(env, db, now);
    if (!rt) return { skipped: "no CRM connected" };
    if (rt.row.status !== "connected") return { skipped: `connection ${rt.row.status}` };
    const resent = await sweep(db, env, now, rt.provider);
    try {
      const owners = await refreshOwners(db, rt, now);
      const accounts = await pullAccounts(db, rt, now);
      return { resent, owners, ...accounts };
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 500) : "sync failed";
      const broken = err instanceof CrmError && (err.kind === "missing_scopes" || err.kind === "auth_broken");
      await updateConnection(db, rt.row.id, {
        lastSyncError: message,
        ...(broken ? { status: "broken", lastError: message, updatedAt: now } : {}),
      });
      forgetCrmConnection();
      return { resent, error: message };
    }
  },
};
