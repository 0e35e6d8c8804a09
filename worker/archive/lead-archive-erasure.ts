/**
 * Erasure's side of the lead archive (lead-archive.ts has the marker's life): deleting what R2
 * holds of erased leads, at erasure and, for what erasure could not, an hour later in the purge.
 */
import { deleteArchivedKeys, keysUnder, leadKey, leadPrefix } from "./archive-store";
import { chunked, placeholders } from "../db/in-chunks";

/**
 * Every key R2 may hold for these archived leads: the lead's object, and its traces, whose
 * decision rows moved into that object (so D1 no longer names them: they are listed by prefix).
 */
async function archivedKeysOf(bucket: R2Bucket, ids: readonly string[]): Promise<string[]> {
  const traces = await Promise.all(ids.map((id) => keysUnder(bucket, leadPrefix(id))));
  return [...ids.map(leadKey), ...traces.flat()];
}

/**
 * Leads claimed or archived, then erased more than `erasedBefore` ago (no run that claimed them
 * can still be putting their object): their keys are deleted, then their marker settled.
 */
export async function purgeErasedLeads(env: Env, erasedBefore: number, limit: number): Promise<number> {
  const { results } = await env.DB.prepare(
    `SELECT id FROM leads WHERE archived_at < erased_at AND erased_at < ?1 ORDER BY erased_at LIMIT ?2`,
  )
    .bind(erasedBefore, limit)
    .all<{ id: string }>();
  const ids = results.map((r) => r.id);
  await deleteArchivedKeys(env.ARCHIVE, await archivedKeysOf(env.ARCHIVE, ids));
  await settleErased(env.DB, ids);
  return ids.length;
}

/**
 * After the keys of erased leads are deleted: an archived lead's marker becomes its erasure
 * time (archived, nothing in R2), a claim is dropped (the next run takes the lead as erased).
 */
async function settleErased(d1: D1Database, ids: readonly string[]) {
  for (const part of chunked(ids)) {
    await d1
      .prepare(
        `UPDATE leads SET archived_at = CASE WHEN archived_at > 0 THEN erased_at ELSE NULL END
          WHERE id IN (${placeholders(part.length)}) AND archived_at < erased_at`,
      )
      .bind(...part)
      .run();
  }
}

/**
 * Erasure's share (privacy/erase.ts), after D1 erased the leads: deletes the objects of those
 * archived before the erasure. Claims in progress are left to their run and the purge. A failure
 * is logged and left to the purge; it does not fail the erasure, whose D1 part has landed.
 */
export async function eraseArchivedLeads(
  env: Env,
  leadIds: readonly string[],
): Promise<{ leads: number; traces: number }> {
  const ids: string[] = [];
  for (const part of chunked(leadIds)) {
    const { results } = await env.DB.prepare(
      `SELECT id FROM leads WHERE id IN (${placeholders(part.length)}) AND archived_at > 0 AND archived_at < erased_at`,
    )
      .bind(...part)
      .all<{ id: string }>();
    ids.push(...results.map((r) => r.id));
  }
  let traces = 0;
  try {
    const keys = await archivedKeysOf(env.ARCHIVE, ids);
    traces = keys.length - ids.length;
    await deleteArchivedKeys(env.ARCHIVE, keys);
  } catch (err) {
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "archive erase of leads deferred to purge",
        count: ids.length,
        error: String(err),
      }),
    );
    return { leads: 0, traces: 0 };
  }
  await settleErased(env.DB, ids);
  return { leads: ids.length, traces };
}
