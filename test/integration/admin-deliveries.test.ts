import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  captureQueue,
  deliver,
  NOW,
  person,
  send,
  startDemoWithWebhook,
  submit,
} from "./admin-data-fixtures";

let leadId = "";

beforeAll(async () => {
  await startDemoWithWebhook();
  const lead = await submit(person("hedy@lamarr.example"));
  leadId = lead.leadId;
  await deliver(lead.queued);
  // A notification that failed for good, with a Slack-looking secret in its error text.
  await env.DB.prepare(
    `INSERT INTO notification_deliveries (id, message_id, channel, event_type, target, status, attempt, error, created_at)
     VALUES ('x1', 'slack:other-lead:assigned:ava', 'slack', 'lead.routed', 'slack rep:ava', 'dead', 6, 'HTTP 404', ?)`,
  )
    .bind(NOW + 5)
    .run();
});
afterAll(() => vi.useRealTimers());

const list = async (query = "") =>
  (await send(`/v1/admin/deliveries?${query}`)).json<{ deliveries: any[]; nextCursor: string | null }>();

describe("GET /v1/admin/deliveries", () => {
  it("lists notifications and webhook messages in one log, with hosts only", async () => {
    const { deliveries } = await list();
    const kinds = new Set(deliveries.map((d) => d.kind));
    expect(kinds).toEqual(new Set(["notification", "webhook"]));
    const hook = deliveries.find((d) => d.kind === "webhook");
    expect(hook).toMatchObject({
      channel: "webhook",
      event: "lead.routed",
      leadId,
      status: "delivered",
      attempts: 1,
    });
    expect(hook.target).toMatch(/^127\.0\.0\.1:\d+$/);
    const email = deliveries.find((d) => d.channel === "email");
    expect(email).toMatchObject({ kind: "notification", leadId, target: expect.stringMatching(/^rep:/) });
    expect(deliveries[0]).toMatchObject({
      id: "slack:other-lead:assigned:ava",
      status: "dead",
      lastError: "HTTP 404",
    });
    expect(JSON.stringify(deliveries)).not.toContain("/admin-data");
  });

  it("filters by kind, status and lead, and pages without overlap", async () => {
    expect((await list("kind=webhook")).deliveries.every((d) => d.kind === "webhook")).toBe(true);
    expect((await list("status=dead")).deliveries.map((d) => d.id)).toEqual([
      "slack:other-lead:assigned:ava",
    ]);
    const forLead = await list(`leadId=${leadId}`);
    expect(forLead.deliveries.length).toBeGreaterThanOrEqual(2);
    expect(forLead.deliveries.every((d) => d.leadId === leadId)).toBe(true);
    const all = (await list()).deliveries.map((d) => d.id);
    const first = await list("limit=1");
    const second = await list(`limit=50&cursor=${first.nextCursor}`);
    expect([...first.deliveries, ...second.deliveries].map((d) => d.id)).toEqual(all);
  });
});

describe("POST /v1/admin/deliveries/:id/redeliver", () => {
  it("queues a webhook message again with the same id, and a rep notice rebuilt from the lead", async () => {
    const { deliveries } = await list(`leadId=${leadId}`);
    const hook = deliveries.find((d) => d.kind === "webhook");
    const notice = deliveries.find((d) => d.channel === "email");
    const queued = await captureQueue(async () => {
      const a = await send(`/v1/admin/deliveries/${encodeURIComponent(hook.id)}/redeliver`, {
        method: "POST",
      });
      expect(await a.json()).toEqual({ queued: true, kind: "webhook" });
      const b = await send(`/v1/admin/deliveries/${encodeURIComponent(notice.id)}/redeliver`, {
        method: "POST",
      });
      expect(b.status).toBe(202);
    });
    expect(queued.map((m) => m.id)).toEqual([hook.id, notice.id]);
    expect(queued[1]!.payload).toMatchObject({ subject: expect.stringContaining("Hopper") });
    const audit = await (await send("/v1/admin/audit?limit=100")).json<any>();
    expect(audit.entries.filter((e: { action: string }) => e.action === "delivery.redelivered")).toHaveLength(
      2,
    );
  });

  it("answers 404 for an unknown delivery", async () => {
    expect((await send("/v1/admin/deliveries/nope/redeliver", { method: "POST" })).status).toBe(404);
  });
});
