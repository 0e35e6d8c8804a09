/**
 * The archive: routing traces older than ARCHIVE_AFTER_DAYS move from D1 to R2 (docs/capacity.md).
 * D1 keeps the decision row (rule, destination, outcome, times: what lists, analytics and
 * queries read) and the routing facts (`facts_z`, for the readers that scan many leads); the
 * full trace is read back from R2 by the lead page, the rep's "why" and the CRM write-back.
 *
 * Order of a move, so that nothing is lost and nothing escapes erasure:
 * 1. mark the rows (`archived_at`): from here on D1 knows R2 may hold their keys;
 * 2. put the trace bytes in R2; a failed put leaves its row as it was, and the next run retries;
 * 3. empty `trace_z` (keeping `facts_z`) only where the put succeeded and the trace is still there;
 * 4. a row that changed meanwhile is either finished by an overlapping run (same bytes, same
 *    key: kept) or erased (its object is deleted here).
 */
import { encodeFacts, traceFacts } from "../leads/trace-codec";
import type { CronJob } from "../cron/jobs";
import {
  archivedDecisionsOf,
  clearPurged,
  decisionsToArchive,
  decisionsToPurge,
  finishArchived,
  markArchiving,
  stillArchived,
} from "./archive-queries";
import { deleteArchivedKeys, putArchivedTrace, traceKey } from "./archive-store";
import { moveLeads } from "./lead-archive";
import { purgeErasedLeads } from "./lead-archive-erasure";
import { chunked } from "../db/in-chunks";

const DAY_MS = 86_400_000;
/** Used when ARCHIVE_AFTER_DAYS is unset or not a number: a quarter's traces stay in D1. */
export const DEFAULT_ARCHIVE_AFTER_DAYS = 90;
/**
 * Decisions moved per run: one R2 put each, plus four D1 calls. At one run a minute that is
 * 72,000 a day, several times the intake of a team taking 500k leads a month.
 */
export const ARCHIVE_BATCH = 50;
/**
 * The purge leaves a marked row alone for this long, longer than any cron invocation can run,
 * so no archive run that marked it can still be putting its object when the key is deleted.
 */
export const PURGE_GUARD_MS = 60 * 60_000;

/** Days a trace stays in D1, or null when the archive is off ("0"). */
export function archiveAfterDays(env: { ARCHIVE_AFTER_DAYS?: string }): number | null {
  const raw = env.ARCHIVE_AFTER_DAYS?.trim();
  const days = raw ? Number(raw) : Number.NaN;
  if (!Number.isFinite(days) || days < 0) return DEFAULT_ARCHIVE_AFTER_DAYS;
  return days === 0 ? null : days;
}

type Moved = { id: string; leadId: string; factsZ: Uint8Array };

async function putOne(bucket: R2Bucket, row: { id: string; leadId: string; traceZ: ArrayBuffer }) {
  const bytes = new Uint8Array(row.traceZ);
  // The facts D1 keeps; a trace that does not decode still moves (its facts read as empty).
  const facts = await traceFacts(null, bytes);
  const factsZ = await encodeFacts(facts);
  await putArchivedTrace(bucket, row.leadId, row.id, bytes);
  return { id: row.id, leadId: row.leadId, factsZ } satisfies Moved;
}

/** One bounded move of the oldest traces decided before `before`. */
export async function moveTraces(env: Env, before: number, now: number) {
  const rows = await decisionsToArchive(env.DB, before, ARCHIVE_BATCH);
  await markArchiving(
    env.DB,
    rows.map((r) => r.id),
    now,
  );
  const settled = await Promise.allSettled(rows.map((r) => putOne(env.ARCHIVE, r)));
  const moved = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = settled.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : []));
  if (failed.length)
    console.warn(
      JSON.stringify({ level: "warn", msg: "archive put failed", count: failed.length, error: failed[0] }),
    );
  const finished = await finishArchived(env.DB, moved);
  const unchanged = moved.filter((m) => !finished.has(m.id));
  const kept = await stillArchived(
    env.DB,
    unchanged.map((m) => m.id),
  );
  const orphans = unchanged.filter((m) => !kept.has(m.id)).map((m) => traceKey(m.leadId, m.id));
  await deleteArchivedKeys(env.ARCHIVE, orphans);
  return {
    due: rows.length,
    archived: finished.size,
    failed: failed.length,
    more: rows.length === ARCHIVE_BATCH,
  };
}

/** Deletes the objects of erased rows the erasure itself could not delete, then clears their marker. */
export async function purgeErased(env: Env, now: number): Promise<number> {
  const rows = await decisionsToPurge(env.DB, now - PURGE_GUARD_MS, ARCHIVE_BATCH);
  await deleteArchivedKeys(
    env.ARCHIVE,
    rows.map((r) => traceKey(r.leadId, r.id)),
  );
  await clearPurged(
    env.DB,
    rows.map((r) => r.id),
  );
  return rows.length;
}

/**
 * Erasure's share (privacy/erase.ts): deletes every archived trace of these leads, after D1
 * erased them. A failure is logged and left to the purge, which finds the same rows by their
 * marker; it does not fail the erasure, whose D1 part has landed.
 */
export async function eraseArchivedTraces(env: Env, leadIds: readonly string[]): Promise<number> {
  const keys: string[] = [];
  for (const part of chunked(leadIds)) {
    const rows = await archivedDecisionsOf(env.DB, part);
    keys.push(...rows.map((r) => traceKey(r.leadId, r.id)));
  }
  try {
    await deleteArchivedKeys(env.ARCHIVE, keys);
    return keys.length;
  } catch (err) {
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "archive erase deferred to purge",
        count: keys.length,
        error: String(err),
      }),
    );
    return 0;
  }
}

/**
 * The minute cron's archive job: purge what erasure left, then move the next batch of traces
 * and the next batch of leads (lead-archive.ts: delivery log, webhook messages, fields).
 */
export const archiveJob: CronJob = {
  name: "archive",
  run: async ({ env, now }) => {
    const purged = await purgeErased(env, now);
    const purgedLeads = await purgeErasedLeads(env, now - PURGE_GUARD_MS, ARCHIVE_BATCH);
    const days = archiveAfterDays(env);
    if (days === null) return { skipped: "ARCHIVE_AFTER_DAYS is 0", purged, purgedLeads };
    const traces = await moveTraces(env, now - days * DAY_MS, now);
    const leads = await moveLeads(env, now - days * DAY_MS, now, ARCHIVE_BATCH);
    return {
      ...traces,
      more: traces.more || leads.due === ARCHIVE_BATCH,
      leads,
      purged,
      purgedLeads,
    };
  },
};
