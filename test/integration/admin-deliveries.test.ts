import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "../../worker/db/client";
import { consumeNotifications, notificationChannels } from "../../worker/notify/queue";
import {
  compactHistory,
  DEV_EMAIL_RETENTION_MS,
  WEBHOOK_BODY_RETENTION_MS,
} from "../../worker/capacity/compact";
import { webhookMessagesFor, webhookQueueMessage } from "../../worker/notify/webhook-fanout";
import {
  bookFirstSlot,
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

const leadPage = async (id: string) => (await send(`/v1/admin/leads/${id}`)).json<{ deliveries: any[] }>();

describe("a lead's deliveries, found by their lead_id / booking_id columns", () => {
  it("shows every webhook delivery on the lead page (past the old 90-message cap) and the booking's invites", async () => {
    const lead = await submit(person("ada@lovelace.example"));
    await deliver(lead.queued);
    const events = Array.from({ length: 95 }, (_, i) => ({
      type: "lead.routed" as const,
      at: NOW + i,
      leadId: lead.leadId,
      data: { leadId: lead.leadId, n: i },
    }));
    // The real consumer writes the attempt rows; the endpoint's answer is stubbed (95 HTTP posts
    // to the fake receiver would only slow the file down).
    const messages = await webhookMessagesFor(database(env.DB), events, NOW);
    const batch = createMessageBatch(
      "baton-notifications",
      messages.map((body, i) => ({ id: `w${i}`, timestamp: new Date(NOW), attempts: 1, body })),
    );
    await consumeNotifications(batch, env, { webhook: async () => ({ responseStatus: 204 }) });
    const booked = await bookFirstSlot(lead);
    await deliver(booked.queued);

    const { deliveries } = await leadPage(lead.leadId);
    // The 95, lead.routed from the submission and meeting.booked from the booking.
    expect(deliveries.filter((d) => d.kind === "webhook")).toHaveLength(97);
    expect(deliveries.every((d) => d.leadId === lead.leadId && d.status === "delivered")).toBe(true);
    const invites = deliveries.filter((d) => d.bookingId === booked.bookingId && d.channel === "email");
    expect(invites.length).toBeGreaterThanOrEqual(1);
    // The log's lead filter reads the same columns.
    const page = await list(`leadId=${lead.leadId}&kind=webhook&limit=100`);
    expect(page.deliveries).toHaveLength(97);
  });

  it("backfills the columns of rows written before they existed (migration 0013)", async () => {
    const lead = await submit(person("emmy@noether.example"));
    const { bookingId } = await bookFirstSlot(lead);
    const L = lead.leadId;
    const old = [
      ["w1", `msg_old_${L.slice(0, 8)}`, "webhook"],
      ["n1", `slack:${L}:booked:ava:${bookingId}`, "slack"],
      ["n2", `teams:${L}:assigned:ava:team:sdr-na`, "teams"],
      ["n3", `email:${L}:follow-up`, "email"],
      ["n4", `${bookingId}@baton:0:lead`, "email"],
      ["n5", `outcome-${L}-no_show`, "team-model"],
      ["n6", `crm:${L}:upsert_lead`, "crm"],
      ["n7", "slack:no-such-lead:assigned:ava", "slack"],
    ] as const;
    const sub = await env.DB.prepare("SELECT id FROM webhook_subscriptions LIMIT 1").first<{ id: string }>();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO webhook_messages (id, subscription_id, event_type, body, created_at) VALUES (?, ?, 'meeting.booked', ?, ?)`,
      ).bind(old[0][1], sub!.id, JSON.stringify({ data: { leadId: L, bookingId } }), NOW),
      env.DB.prepare(
        `INSERT INTO crm_sync (id, lead_id, booking_id, action, status, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, NULL, 'upsert_lead', 'done', 0, 0, 0)`,
      ).bind(old[6][1], L),
      env.DB.prepare(
        `INSERT INTO email_outbox (id, message_id, "to", "from", subject, text, created_at) VALUES ('o1', ?, 'a@b.example', 'baton@x.example', 's', 't', 0)`,
      ).bind(old[3][1]),
      ...old.map(([id, messageId, channel]) =>
        env.DB.prepare(
          `INSERT INTO notification_deliveries (id, message_id, channel, event_type, status, attempt, created_at)
           VALUES (?, ?, ?, 'x', 'delivered', 1, ?)`,
        ).bind(`old-${id}-${L}`, messageId, channel, NOW),
      ),
    ]);
    const backfill = env.TEST_MIGRATIONS.find((m) => m.name.includes("delivery_links_backfill"));
    for (const q of backfill!.queries) await env.DB.prepare(q).run();

    const { results } = await env.DB.prepare(
      `SELECT message_id AS id, lead_id AS leadId, booking_id AS bookingId FROM notification_deliveries WHERE id LIKE 'old-%-' || ?`,
    )
      .bind(L)
      .all<{ id: string; leadId: string | null; bookingId: string | null }>();
    const links = Object.fromEntries(results.map((r) => [r.id, [r.leadId, r.bookingId]]));
    expect(links).toEqual({
      [old[0][1]]: [L, bookingId],
      [old[1][1]]: [L, bookingId],
      [old[2][1]]: [L, null],
      [old[3][1]]: [L, null],
      [old[4][1]]: [L, bookingId],
      [old[5][1]]: [L, null],
      [old[6][1]]: [L, null],
      [old[7][1]]: [null, null],
    });
    const outbox = await env.DB.prepare("SELECT lead_id AS leadId FROM email_outbox WHERE id = 'o1'").first();
    expect(outbox).toEqual({ leadId: L });
  });
});

describe("compact-history: webhook bodies and dev email past their windows (docs/capacity.md)", () => {
  const compactAt = (now: number) => compactHistory.run({ db: database(env.DB), env, now });
  const bodyOf = async (id: string) =>
    (await env.DB.prepare("SELECT body FROM webhook_messages WHERE id = ?")
      .bind(id)
      .first<{ body: string }>())!.body;

  it("keeps them inside the windows, then empties webhook bodies and deletes dev email", async () => {
    const hook = (await list(`leadId=${leadId}&kind=webhook`)).deliveries[0];
    const emails = async () =>
      (await env.DB.prepare("SELECT count(*) AS n FROM email_outbox WHERE created_at >= ?").bind(NOW).first<{
        n: number;
      }>())!.n;
    const sent = await emails();
    expect(sent).toBeGreaterThan(0);
    const inside = await compactAt(NOW + DEV_EMAIL_RETENTION_MS - 1);
    expect(inside.webhookBodies).toBe(0);
    expect(await emails()).toBe(sent);
    expect(await bodyOf(hook.id)).not.toBe("");

    const later = NOW + WEBHOOK_BODY_RETENTION_MS + 60_000;
    expect((await compactAt(later)).webhookBodies).toBeGreaterThan(0);
    expect(await emails()).toBe(0);
    expect(await bodyOf(hook.id)).toBe("");
    // The next run reads nothing it already emptied.
    expect(await compactAt(later)).toEqual({ webhookBodies: 0, devEmails: 0, payloadHashes: 0 });
  });

  it("still lists the message with its attempts, and refuses to redeliver it", async () => {
    const hook = (await list(`leadId=${leadId}&kind=webhook`)).deliveries[0];
    expect(hook).toMatchObject({ kind: "webhook", status: "delivered", leadId });
    const again = await send(`/v1/admin/deliveries/${encodeURIComponent(hook.id)}/redeliver`, {
      method: "POST",
    });
    expect(again.status).toBe(409);
    expect((await again.json<any>()).error.message).toContain("redelivery window");
    const direct = await send(`/v1/admin/webhooks/messages/${hook.id}/redeliver`, { method: "POST" });
    expect(direct.status).toBe(409);
  });

  it("gives up on a queue message already in flight instead of posting an empty body", async () => {
    const hook = (await list(`leadId=${leadId}&kind=webhook`)).deliveries[0];
    const row = await env.DB.prepare(
      `SELECT m.id, m.subscription_id AS subscriptionId, m.event_type AS eventType, m.lead_id AS leadId,
         m.booking_id AS bookingId, s.url FROM webhook_messages m JOIN webhook_subscriptions s ON s.id = m.subscription_id
       WHERE m.id = ?`,
    )
      .bind(hook.id)
      .first<Parameters<typeof webhookQueueMessage>[0]>();
    await expect(notificationChannels.webhook!(webhookQueueMessage(row!), env)).rejects.toThrow(
      "message body expired",
    );
  });

  it("erases the person's lead, whose webhook body is already gone", async () => {
    const hook = (await list(`leadId=${leadId}&kind=webhook`)).deliveries[0];
    const erase = await send("/v1/admin/privacy/erase", {
      method: "POST",
      body: { email: "hedy@lamarr.example", confirm: "hedy@lamarr.example" },
    });
    expect(erase.status).toBe(200);
    expect(await bodyOf(hook.id)).toBe("");
  });
});
