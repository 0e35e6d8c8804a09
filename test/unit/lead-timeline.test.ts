import { describe, expect, it } from "vitest";
import { buildTimeline, type TimelineDelivery, type TimelineInput } from "../../worker/leads/timeline";

const T0 = Date.UTC(2026, 11, 3, 9, 0);
const min = (n: number) => T0 + n * 60_000;

const lead: TimelineInput["lead"] = {
  created_at: T0,
  updated_at: T0,
  form_id: "demo",
  status: "routed",
  last_routing_error: null,
  erased_at: null,
};
const empty: TimelineInput = { lead, decisions: [], assignments: [], bookings: [], outcomes: [] };

const assignment = (attempt: number, at: number, status: string, extra = {}) => ({
  attempt,
  status,
  repId: `rep-${attempt}`,
  teamId: "sdr",
  reason: null,
  assignedBy: null,
  assignedAt: at,
  acceptedAt: null,
  ...extra,
});

const delivery = (status: string, at: number): TimelineDelivery => ({
  id: `slack:l:assigned:${status}`,
  event: "lead.assigned",
  channel: "slack",
  status,
  createdAt: new Date(at).toISOString(),
});

const kinds = (input: TimelineInput, deliveries: TimelineDelivery[] = []) =>
  buildTimeline(input, deliveries).map((e) => e.kind);

describe("lead timeline", () => {
  it("a new lead has one step: received, with its form", () => {
    expect(buildTimeline(empty, [])).toEqual([{ at: T0, kind: "received", detail: { formId: "demo" } }]);
  });

  it("event-list rows show where the lead came from and when the person was scanned again", () => {
    const eventRows = [
      { at: min(1), outcome: "routed", listName: "Web Summit", row: 12 },
      { at: min(90), outcome: "merged", listName: "SaaStr", row: 40 },
    ];
    expect(buildTimeline({ ...empty, eventRows }, []).slice(1)).toEqual([
      { at: min(1), kind: "event_list", detail: { list: "Web Summit", row: 12 } },
      { at: min(90), kind: "event_merged", detail: { list: "SaaStr", row: 40 } },
    ]);
  });

  it("a same-instant decision comes after the receipt (stable order)", () => {
    const input = { ...empty, decisions: [{ at: T0, outcome: "assigned", ruleId: "hot" }] };
    expect(buildTimeline(input, [])).toEqual([
      { at: T0, kind: "received", detail: { formId: "demo" } },
      { at: T0, kind: "routed", detail: { ruleId: "hot" } },
    ]);
  });

  it("an unrouted lead shows the decision and the stored routing error", () => {
    const input: TimelineInput = {
      ...empty,
      lead: { ...lead, status: "unrouted", updated_at: min(5), last_routing_error: "no rep" },
      decisions: [{ at: min(1), outcome: "unrouted", ruleId: null }],
    };
    expect(buildTimeline(input, []).slice(1)).toEqual([
      { at: min(1), kind: "unrouted", detail: { ruleId: null } },
      { at: min(5), kind: "unrouted", detail: { error: "no rep" } },
    ]);
  });

  it("a later attempt is escalated after an escalated one, reassigned otherwise", () => {
    const input = {
      ...empty,
      assignments: [
        assignment(0, min(1), "escalated"),
        assignment(1, min(10), "reassigned", { acceptedAt: min(11) }),
        assignment(2, min(20), "active", { assignedBy: "admin:ops" }),
      ],
    };
    const steps = buildTimeline(input, []);
    expect(steps.map((e) => [e.kind, e.at])).toEqual([
      ["received", T0],
      ["escalated", min(10)],
      ["accepted", min(11)],
      ["reassigned", min(20)],
    ]);
    expect(steps[3]!.detail).toEqual({ repId: "rep-2", teamId: "sdr", reason: null, by: "admin:ops" });
  });

  it("bookings add booked, and canceled or rescheduled at the time it happened", () => {
    const booking = { id: "b1", repId: "ana", startAt: min(600), createdAt: min(2) };
    const input = {
      ...empty,
      bookings: [
        { ...booking, status: "rescheduled", canceledAt: min(30) },
        { ...booking, id: "b2", status: "confirmed", createdAt: min(30), canceledAt: null },
        // A cancel time on a row that is not canceled is ignored.
        { ...booking, id: "b3", status: "confirmed", createdAt: min(40), canceledAt: min(50) },
      ],
    };
    const steps = buildTimeline(input, []);
    expect(steps.map((e) => e.kind)).toEqual(["received", "booked", "rescheduled", "booked", "booked"]);
    expect(steps[1]!.detail).toEqual({
      bookingId: "b1",
      repId: "ana",
      start: new Date(min(600)).toISOString(),
    });
  });

  it("only delivered deliveries become notified steps, at their time", () => {
    const steps = buildTimeline(empty, [delivery("failed", min(1)), delivery("delivered", min(2))]);
    expect(steps[1]).toEqual({
      at: min(2),
      kind: "notified",
      detail: { channel: "slack", event: "lead.assigned", deliveryId: "slack:l:assigned:delivered" },
    });
    expect(steps).toHaveLength(2);
  });

  it("steps from every table come out oldest first; erasure last", () => {
    const input: TimelineInput = {
      lead: { ...lead, erased_at: min(90) },
      decisions: [{ at: min(1), outcome: "assigned", ruleId: "r" }],
      assignments: [assignment(0, min(1), "accepted", { acceptedAt: min(4) })],
      bookings: [
        {
          id: "b",
          repId: "ana",
          startAt: min(600),
          status: "confirmed",
          createdAt: min(3),
          canceledAt: null,
        },
      ],
      outcomes: [{ at: min(80), kind: "won", repId: "ana" }],
    };
    expect(kinds(input, [delivery("delivered", min(2))])).toEqual([
      "received",
      "routed",
      "notified",
      "booked",
      "accepted",
      "outcome",
      "erased",
    ]);
  });

  it("does not reorder its inputs", () => {
    const outcomes = [
      { at: min(9), kind: "won", repId: "a" },
      { at: min(1), kind: "contacted", repId: "a" },
    ];
    const input = { ...empty, outcomes };
    expect(kinds(input)).toEqual(["received", "outcome", "outcome"]);
    expect(outcomes.map((o) => o.kind)).toEqual(["won", "contacted"]);
  });
});
