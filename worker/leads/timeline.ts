/**
 * The lead page's timeline: what happened to one lead, oldest first, folded from every table
 * that records a step. Pure (rows in, events out) so the ordering rules are tested directly
 * (test/unit/lead-timeline.test.ts); the handler only formats the instants.
 */
import type {
  AssignmentRow,
  BookingRow,
  DecisionRow,
  EventListTouch,
  LeadRow,
  OutcomeRow,
} from "./lead-admin-queries";

/** One step; `at` in epoch ms. */
export type TimelineEvent = { at: number; kind: string; detail: Record<string, unknown> };

export type TimelineInput = {
  lead: Pick<
    LeadRow,
    "created_at" | "updated_at" | "form_id" | "status" | "last_routing_error" | "erased_at"
  >;
  decisions: readonly Pick<DecisionRow, "at" | "outcome" | "ruleId">[];
  assignments: readonly Pick<
    AssignmentRow,
    "attempt" | "status" | "repId" | "teamId" | "reason" | "assignedBy" | "assignedAt" | "acceptedAt"
  >[];
  bookings: readonly Pick<BookingRow, "id" | "repId" | "startAt" | "status" | "createdAt" | "canceledAt">[];
  outcomes: readonly Pick<OutcomeRow, "at" | "kind" | "repId">[];
  /** Event-list rows that made the lead or were merged into it (absent: none read). */
  eventRows?: readonly EventListTouch[];
};

/** A delivery as the lead page lists it; only delivered ones become steps. */
export type TimelineDelivery = {
  id: string;
  event: string;
  channel: string;
  status: string;
  createdAt: string;
};

/** What happened to the lead, oldest first. */
export function buildTimeline(d: TimelineInput, deliveries: readonly TimelineDelivery[]): TimelineEvent[] {
  const lead = d.lead;
  const events: TimelineEvent[] = [
    { at: lead.created_at, kind: "received", detail: { formId: lead.form_id } },
  ];
  for (const dec of d.decisions)
    events.push({
      at: dec.at,
      kind: dec.outcome === "assigned" ? "routed" : "unrouted",
      detail: { ruleId: dec.ruleId },
    });
  if (lead.status === "unrouted")
    events.push({ at: lead.updated_at, kind: "unrouted", detail: { error: lead.last_routing_error } });
  events.push(...assignmentSteps(d.assignments));
  for (const b of d.bookings) {
    events.push({
      at: b.createdAt,
      kind: "booked",
      detail: { bookingId: b.id, repId: b.repId, start: new Date(b.startAt).toISOString() },
    });
    if (b.canceledAt && (b.status === "canceled" || b.status === "rescheduled"))
      events.push({ at: b.canceledAt, kind: b.status, detail: { bookingId: b.id } });
  }
  for (const n of deliveries)
    if (n.status === "delivered")
      events.push({
        at: Date.parse(n.createdAt),
        kind: "notified",
        detail: { channel: n.channel, event: n.event, deliveryId: n.id },
      });
  // A merged row is the person turning up again (a badge scan): worth seeing, counted nowhere.
  for (const r of d.eventRows ?? [])
    events.push({
      at: r.at,
      kind: r.outcome === "merged" ? "event_merged" : "event_list",
      detail: { list: r.listName, row: r.row },
    });
  for (const o of d.outcomes)
    events.push({ at: o.at, kind: "outcome", detail: { outcome: o.kind, repId: o.repId } });
  if (lead.erased_at) events.push({ at: lead.erased_at, kind: "erased", detail: {} });
  // Stable: same-instant steps keep the order they were pushed in (received before routed).
  return events.toSorted((a, b) => a.at - b.at);
}

/**
 * A later attempt is "escalated" when the SLA sweep ended the previous one (its status says
 * so), otherwise "reassigned" (by hand or by the rep releasing it). Attempt 0 is the routing.
 */
function assignmentSteps(assignments: TimelineInput["assignments"]): TimelineEvent[] {
  const byAttempt = new Map(assignments.map((a) => [a.attempt, a]));
  const steps: TimelineEvent[] = [];
  for (const a of assignments) {
    const detail = { repId: a.repId, teamId: a.teamId, reason: a.reason, by: a.assignedBy ?? null };
    if (a.attempt > 0) {
      const kind = byAttempt.get(a.attempt - 1)?.status === "escalated" ? "escalated" : "reassigned";
      steps.push({ at: a.assignedAt, kind, detail });
    }
    if (a.acceptedAt) steps.push({ at: a.acceptedAt, kind: "accepted", detail: { repId: a.repId } });
  }
  return steps;
}
