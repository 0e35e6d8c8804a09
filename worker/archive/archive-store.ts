/**
 * The R2 side of the archive: where an archived routing trace lives and how it is read back.
 * An object holds exactly the bytes `routing_decisions.trace_z` held (leads/trace-codec.ts:
 * a format byte, then deflate-raw JSON), so archiving moves bytes without re-encoding, and
 * one decoder reads both places.
 */
import { decodeTrace, readTrace } from "../leads/trace-codec";

/** R2 deletes at most 1,000 keys per call (Cloudflare's R2 Workers API reference). */
const DELETE_MAX = 1_000;

/** Every object of a lead sits under this prefix, so a person's archive can be listed by lead. */
export const leadPrefix = (leadId: string) => `traces/${leadId}/`;

/** The key of one decision's archived trace. */
export const traceKey = (leadId: string, decisionId: string) => `${leadPrefix(leadId)}${decisionId}`;

/** Puts one trace's stored bytes; resolves only once R2 has them (R2 writes are strongly consistent). */
export async function putArchivedTrace(
  bucket: R2Bucket,
  leadId: string,
  decisionId: string,
  bytes: Uint8Array,
): Promise<void> {
  await bucket.put(traceKey(leadId, decisionId), bytes, {
    httpMetadata: { contentType: "application/octet-stream" },
  });
}

/** Deletes these keys, in calls of at most 1,000. */
export async function deleteArchivedKeys(bucket: R2Bucket, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += DELETE_MAX) await bucket.delete(keys.slice(i, i + DELETE_MAX));
}

/** What a decision row carries for its trace to be read wherever it is stored. */
export type StoredTraceRow = {
  id: string;
  leadId: string;
  trace?: unknown;
  traceZ?: ArrayBuffer | Uint8Array | null;
  archivedAt?: number | null;
};

/**
 * A decision's trace: from D1 while it is there, else from the archive. An archived trace
 * whose object is missing reads as null (the page shows no trace) rather than failing the page.
 */
export async function loadTrace(bucket: R2Bucket, row: StoredTraceRow): Promise<unknown> {
  if (row.traceZ || row.trace != null || row.archivedAt == null) return readTrace(row);
  const object = await bucket.get(traceKey(row.leadId, row.id));
  return object ? decodeTrace(await object.arrayBuffer()) : null;
}
