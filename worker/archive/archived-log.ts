/**
 * The delivery log of an archived lead (`GET /v1/admin/deliveries?leadId=`): its anchors and
 * attempts from the lead's R2 object, filtered like the D1 query (kind, status, cursor), so the
 * route merges them with the rows written since. Pure apart from the two reads.
 */
import type { AttemptRow, DeliveryAnchor, DeliveryFilter } from "../notify/delivery-queries";
import { loadLeadArchive, type LeadArchive } from "./archive-store";

export type ArchivedLog = { anchors: DeliveryAnchor[]; attempts: AttemptRow[] };

/** Anchors and attempts of one archived lead's object, as the filter selects them. */
export function archivedAnchors(
  archive: LeadArchive,
  urls: ReadonlyMap<string, string>,
  f: DeliveryFilter,
): ArchivedLog {
  const attempts: AttemptRow[] = archive.deliveries.map((d) => ({
    messageId: d.messageId,
    leadId: d.leadId,
    status: d.status,
    attempt: d.attempt,
    error: d.error,
    responseStatus: d.responseStatus,
    createdAt: d.createdAt,
  }));
  const latest = new Map<string, string>();
  const first = new Map<string, (typeof archive.deliveries)[number]>();
  for (const d of archive.deliveries.toSorted((a, b) => a.createdAt - b.createdAt || a.attempt - b.attempt)) {
    latest.set(d.messageId, d.status);
    const seen = first.get(d.messageId);
    if (!seen || d.createdAt < seen.createdAt || (d.createdAt === seen.createdAt && d.id < seen.id))
      first.set(d.messageId, d);
  }
  const notifications: DeliveryAnchor[] = [...first.values()]
    .filter((d) => d.channel !== "webhook")
    .map((d) => ({
      id: d.messageId,
      kind: "notification",
      channel: d.channel,
      event: d.eventType,
      target: d.target,
      createdAt: d.createdAt,
      leadId: d.leadId,
      bookingId: d.bookingId,
    }));
  const webhooks: DeliveryAnchor[] = archive.webhookMessages.map((m) => ({
    id: m.id,
    kind: "webhook",
    channel: "webhook",
    event: m.eventType,
    target: urls.get(m.subscriptionId) ?? null,
    createdAt: m.createdAt,
    leadId: m.leadId,
    bookingId: m.bookingId,
  }));
  const statusOf = (a: DeliveryAnchor) => latest.get(a.id) ?? (a.kind === "webhook" ? "pending" : undefined);
  const c = f.cursor;
  const anchors = [
    ...(f.kind !== "webhook" ? notifications : []),
    ...(f.kind !== "notification" ? webhooks : []),
  ]
    .filter((a) => !f.status || statusOf(a) === f.status)
    .filter((a) => !c || a.createdAt < c.t || (a.createdAt === c.t && a.id < c.id));
  const ids = new Set(anchors.map((a) => a.id));
  return { anchors, attempts: attempts.filter((a) => ids.has(a.messageId)) };
}

/** The archived part of one lead's delivery log; empty when the lead is not archived. */
export async function archivedLog(d1: D1Database, bucket: R2Bucket, f: DeliveryFilter): Promise<ArchivedLog> {
  if (!f.leadId) return { anchors: [], attempts: [] };
  const lead = await d1
    .prepare("SELECT id, archived_at AS archivedAt, erased_at AS erasedAt FROM leads WHERE id = ?")
    .bind(f.leadId)
    .first<{ id: string; archivedAt: number | null; erasedAt: number | null }>();
  const archive = lead ? await loadLeadArchive(bucket, lead) : null;
  if (!archive) return { anchors: [], attempts: [] };
  const subscriptionIds = [...new Set(archive.webhookMessages.map((m) => m.subscriptionId))];
  const urls = new Map<string, string>();
  if (subscriptionIds.length) {
    const { results } = await d1
      .prepare(
        `SELECT id, url FROM webhook_subscriptions WHERE id IN (${subscriptionIds.map(() => "?").join(", ")})`,
      )
      .bind(...subscriptionIds)
      .all<{ id: string; url: string }>();
    for (const r of results) urls.set(r.id, r.url);
  }
  return archivedAnchors(archive, urls, f);
}
