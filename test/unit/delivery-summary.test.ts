import { describe, expect, it } from "vitest";
import { deliverySummaries, summarize } from "../../worker/notify/delivery-summary";
import type { LeadAttemptRow } from "../../worker/leads/lead-admin-queries";

const T0 = Date.UTC(2026, 11, 3, 9, 0);
const iso = (ms: number) => new Date(ms).toISOString();

const anchor = {
  id: "webhook-msg-1",
  kind: "webhook" as const,
  channel: "webhook",
  event: "lead.routed",
  target: "https://hooks.example.com/baton?token=secret",
  createdAt: T0,
  leadId: "lead-1",
  bookingId: null,
};
const attempt = (n: number, status: string, error: string | null = null) => ({
  messageId: anchor.id,
  status,
  attempt: n,
  error,
  responseStatus: null,
  createdAt: T0 + n * 1000,
});

const row = (messageId: string, channel: string, n: number, status: string, at: number): LeadAttemptRow => ({
  messageId,
  leadId: "lead-1",
  bookingId: channel === "email" ? "bk-1" : null,
  channel,
  eventType: "lead.assigned",
  target: channel === "slack" ? "rep:ana" : "ana@example.com",
  status,
  attempt: n,
  responseStatus: null,
  error: status === "failed" ? `try ${n}` : null,
  createdAt: at,
});

describe("summarize: one delivery from its attempts", () => {
  it("before any attempt it is pending, created and updated at the anchor", () => {
    expect(summarize(anchor, [])).toEqual({
      id: "webhook-msg-1",
      kind: "webhook",
      channel: "webhook",
      target: "hooks.example.com",
      event: "lead.routed",
      leadId: "lead-1",
      bookingId: null,
      status: "pending",
      attempts: 0,
      lastError: null,
      createdAt: iso(T0),
      updatedAt: iso(T0),
    });
  });

  it("the latest attempt gives the status; the latest error survives a later success", () => {
    const s = summarize(anchor, [
      attempt(1, "failed", "HTTP 500"),
      attempt(2, "failed", "HTTP 429"),
      attempt(3, "delivered"),
    ]);
    expect(s).toMatchObject({
      status: "delivered",
      attempts: 3,
      lastError: "HTTP 429",
      updatedAt: iso(T0 + 3000),
    });
  });

  it("the target is cut to a host, a mail domain or a rep id", () => {
    const target = (t: string | null) => summarize({ ...anchor, target: t }, []).target;
    expect(target("https://user:pw@x.example/p?q=1")).toBe("x.example");
    expect(target("ana@example.com")).toBe("example.com");
    expect(target("rep:ana")).toBe("rep:ana");
    expect(target(null)).toBeNull();
  });
});

describe("deliverySummaries: a lead's attempt rows, one entry per message", () => {
  it("groups rows in any order, oldest attempt first, kind from the channel", () => {
    const rows = [
      row("slack:lead-1:assigned:ana", "slack", 2, "delivered", T0 + 20),
      row("email:lead-1:booked:ana", "email", 1, "delivered", T0 + 5),
      row("slack:lead-1:assigned:ana", "slack", 1, "failed", T0 + 10),
    ];
    const out = deliverySummaries(rows);
    expect(out.map((d) => [d.id, d.kind, d.status, d.attempts, d.lastError])).toEqual([
      ["slack:lead-1:assigned:ana", "notification", "delivered", 2, "try 1"],
      ["email:lead-1:booked:ana", "notification", "delivered", 1, null],
    ]);
    expect(out[0]).toMatchObject({ createdAt: iso(T0 + 10), updatedAt: iso(T0 + 20), target: "rep:ana" });
    expect(out[1]).toMatchObject({ bookingId: "bk-1", target: "example.com" });
  });

  it("webhook rows summarise as webhook deliveries; no rows give no deliveries", () => {
    expect(deliverySummaries([row("m1", "webhook", 1, "dead", T0)])[0]).toMatchObject({
      kind: "webhook",
      status: "dead",
    });
    expect(deliverySummaries([])).toEqual([]);
  });
});
