/**
 * The R2 side of the archive: where an archived routing trace lives and how it is read back.
 * An object holds exactly the bytes `routing_decisions.trace_z` held (leads/trace-codec.ts:
 * a format byte, then deflate-raw JSON), so archiving moves bytes without re-encoding, and
 * one decoder reads both places.
 */
import type { LeadAttemptRow } from "../leads/lead-admin-queries";
import { decodeTrace, encodeTrace, readTrace } from "../leads/trace-codec";

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

/** The key of an archived lead's object: its delivery log, webhook messages, fields and context. */
export const leadKey = (leadId: string) => `leads/${leadId}`;

/** One attempt row of `notification_deliveries` with its own id, as the lead page reads it. */
export type ArchivedAttempt = LeadAttemptRow & { id: string };

/** A webhook message without its body (past its redelivery window by the time a lead is archived). */
export type ArchivedWebhookMessage = {
  id: string;
  subscriptionId: string;
  eventType: string;
  leadId: string | null;
  bookingId: string | null;
  createdAt: number;
};

/**
 * A routing decision row moved out of D1 with its lead. Its trace stays where it was: in R2 under
 * traceKey (archivedAt set), or as the JSON of a row older than the compact codec (`trace`).
 */
export type ArchivedDecision = {
  id: string;
  at: number;
  outcome: string;
  ruleId: string | null;
  configVersion: number | null;
  destination: string | null;
  trace: string | null;
  archivedAt: number | null;
};

/** What R2 holds of an archived lead (format 1), encoded like a trace (leads/trace-codec.ts). */
export type LeadArchive = {
  v: 1;
  fields: Record<string, unknown>;
  context: Record<string, unknown> | null;
  deliveries: ArchivedAttempt[];
  webhookMessages: ArchivedWebhookMessage[];
  /** Its routing decisions, oldest first (absent in objects written before they moved too). */
  decisions?: ArchivedDecision[];
};

/** The newest moved decision's trace, wherever it is stored (the rep's "why" of an archived lead). */
export async function newestArchivedTrace(bucket: R2Bucket, archive: LeadArchive | null, leadId: string) {
  const newest = archive?.decisions?.at(-1);
  if (!newest) return null;
  return loadTrace(bucket, { id: newest.id, leadId, trace: newest.trace, archivedAt: newest.archivedAt });
}

/** Every key under a prefix (an archived lead's traces, for erasure: D1 no longer lists them). */
export async function keysUnder(bucket: R2Bucket, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await bucket.list({ prefix, ...(cursor ? { cursor } : {}) });
    keys.push(...page.objects.map((o) => o.key));
    if (!page.truncated) return keys;
    cursor = page.cursor;
  }
}

export async function putLeadArchive(bucket: R2Bucket, leadId: string, archive: LeadArchive): Promise<void> {
  await bucket.put(leadKey(leadId), await encodeTrace(archive), {
    httpMetadata: { contentType: "application/octet-stream" },
  });
}

/**
 * An archived lead's object, or null when there is none to read: not archived (`archivedAt`
 * null or a claim in progress), erased (its object is deleted or about to be), or missing.
 */
export async function loadLeadArchive(
  bucket: R2Bucket,
  lead: { id: string; archivedAt: number | null; erasedAt: number | null },
): Promise<LeadArchive | null> {
  if (lead.archivedAt == null || lead.archivedAt <= 0 || lead.erasedAt != null) return null;
  const object = await bucket.get(leadKey(lead.id));
  return object ? ((await decodeTrace(await object.arrayBuffer())) as LeadArchive) : null;
}
