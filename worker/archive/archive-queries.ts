/**
 * The archive job's D1 side. `archived_at` is set BEFORE a trace is put in R2 and only
 * cleared by the purge once its key is deleted, so D1 always knows every key R2 may hold
 * (erasure and the purge delete by key, without listing the bucket).
 */

export type ArchiveCandidate = { id: string; leadId: string; traceZ: ArrayBuffer };

/** The oldest decisions decided before `before` that still hold their trace in D1 (partial index). */
export async function decisionsToArchive(
  d1: D1Database,
  before: number,
  limit: number,
): Promise<ArchiveCandidate[]> {
  const { results } = await d1
    .prepare(
      `SELECT id, lead_id AS leadId, trace_z AS traceZ FROM routing_decisions
        WHERE trace_z IS NOT NULL AND decided_at < ?1 ORDER BY decided_at LIMIT ?2`,
    )
    .bind(before, limit)
    .all<ArchiveCandidate>();
  return results;
}

/** Marks the rows about to be put in R2; refreshed by every run that moves them (see the purge's guard). */
export async function markArchiving(d1: D1Database, ids: readonly string[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await d1
    .prepare(
      `UPDATE routing_decisions SET archived_at = ?1
        WHERE id IN (${ids.map((_, i) => `?${i + 2}`).join(", ")}) AND trace_z IS NOT NULL`,
    )
    .bind(now, ...ids)
    .run();
}

/**
 * Empties the trace of rows whose object R2 now holds, keeping the facts. Conditional on the
 * trace still being there: a row erased meanwhile (or finished by an overlapping run) is left
 * as it is. Returns the ids this call changed.
 */
export async function finishArchived(
  d1: D1Database,
  done: readonly { id: string; factsZ: Uint8Array }[],
): Promise<Set<string>> {
  if (done.length === 0) return new Set();
  const results = await d1.batch(
    done.map((d) =>
      d1
        .prepare(
          `UPDATE routing_decisions SET trace_z = NULL, facts_z = ?1 WHERE id = ?2 AND trace_z IS NOT NULL`,
        )
        .bind(d.factsZ, d.id),
    ),
  );
  return new Set(done.filter((_, i) => (results[i]?.meta.changes ?? 0) > 0).map((d) => d.id));
}

/**
 * Of these ids, the rows that hold an archived trace nobody erased (trace emptied, facts
 * kept): after a conditional update changed nothing, whether the object just put must stay.
 */
export async function stillArchived(d1: D1Database, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { results } = await d1
    .prepare(
      `SELECT id FROM routing_decisions WHERE id IN (${ids.map((_, i) => `?${i + 1}`).join(", ")})
         AND trace_z IS NULL AND facts_z IS NOT NULL AND archived_at IS NOT NULL`,
    )
    .bind(...ids)
    .all<{ id: string }>();
  return new Set(results.map((r) => r.id));
}

export type ArchivedKeyRow = { id: string; leadId: string };

/** The decisions of these leads that R2 may hold (erasure deletes their keys). */
export async function archivedDecisionsOf(
  d1: D1Database,
  leadIds: readonly string[],
): Promise<ArchivedKeyRow[]> {
  if (leadIds.length === 0) return [];
  const { results } = await d1
    .prepare(
      `SELECT id, lead_id AS leadId FROM routing_decisions
        WHERE lead_id IN (${leadIds.map((_, i) => `?${i + 1}`).join(", ")}) AND archived_at IS NOT NULL`,
    )
    .bind(...leadIds)
    .all<ArchivedKeyRow>();
  return results;
}

/**
 * Erased rows that R2 may still hold (trace and facts emptied by erasure, marker kept), marked
 * before `markedBefore`: old enough that no archive run can still be putting their object.
 */
export async function decisionsToPurge(
  d1: D1Database,
  markedBefore: number,
  limit: number,
): Promise<ArchivedKeyRow[]> {
  const { results } = await d1
    .prepare(
      `SELECT id, lead_id AS leadId FROM routing_decisions
        WHERE archived_at IS NOT NULL AND facts_z IS NULL AND archived_at < ?1 AND trace_z IS NULL
        ORDER BY archived_at LIMIT ?2`,
    )
    .bind(markedBefore, limit)
    .all<ArchivedKeyRow>();
  return results;
}

/** Clears the marker once the keys are deleted; only on rows still erased and unmoved since. */
export async function clearPurged(d1: D1Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await d1
    .prepare(
      `UPDATE routing_decisions SET archived_at = NULL
        WHERE id IN (${ids.map((_, i) => `?${i + 1}`).join(", ")}) AND facts_z IS NULL AND trace_z IS NULL`,
    )
    .bind(...ids)
    .run();
}
