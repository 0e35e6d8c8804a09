/**
 * A delivery as the log and the lead page show it: one entry per message id, folded from its
 * attempt rows. Pure (rows in, entries out; tested in test/unit/delivery-summary.test.ts).
 */
import type { Delivery } from "./contract";
import type { AttemptRow, DeliveryAnchor } from "./delivery-queries";
import { redactTarget } from "./delivery-queries";
import type { LeadAttemptRow } from "../leads/lead-admin-queries";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One delivery from its anchor (the message's first row) and its attempts, oldest first: the
 * latest attempt gives the status ("pending" before any), the latest error is kept even when a
 * later attempt succeeded, and the target is cut to a host or rep id (no secrets in URLs).
 */
export function summarize(anchor: DeliveryAnchor, attempts: readonly Omit<AttemptRow, "leadId">[]): Delivery {
  const last = attempts[attempts.length - 1];
  return {
    id: anchor.id,
    kind: anchor.kind,
    channel: anchor.channel,
    target: redactTarget(anchor.target),
    event: anchor.event,
    leadId: anchor.leadId,
    bookingId: anchor.bookingId,
    status: last?.status ?? "pending",
    attempts: attempts.length,
    lastError: attempts.toReversed().find((a) => a.error)?.error ?? null,
    createdAt: iso(anchor.createdAt),
    updatedAt: iso(last?.createdAt ?? anchor.createdAt),
  };
}

/** Folds a lead's attempt rows (any order) into one entry per message id. */
export function deliverySummaries(rows: readonly LeadAttemptRow[]): Delivery[] {
  const byId = new Map<string, LeadAttemptRow[]>();
  for (const r of rows) byId.set(r.messageId, [...(byId.get(r.messageId) ?? []), r]);
  return [...byId.entries()].map(([id, attempts]) => {
    const first = attempts[0]!;
    const anchor: DeliveryAnchor = {
      id,
      kind: first.channel === "webhook" ? "webhook" : "notification",
      channel: first.channel,
      event: first.eventType,
      target: first.target,
      createdAt: Math.min(...attempts.map((a) => a.createdAt)),
      leadId: first.leadId,
      bookingId: first.bookingId,
    };
    return summarize(
      anchor,
      attempts.toSorted((a, b) => a.createdAt - b.createdAt),
    );
  });
}
