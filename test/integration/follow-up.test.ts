/**
 * The submitted-but-not-booked follow-up, run by the cron job with an injected clock: one
 * visitor email, one rep notice and one `lead.not_booked` webhook per lead, after the form's
 * delay, even when two runs overlap; nothing for a lead that booked, was erased, or was never
 * shown a slot; and the analytics funnel counts who booked after it.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { followUpNotBooked } from "../../worker/followup/not-booked";
import { sweepOutbox } from "../../worker/outbox/dispatch";
import type { NotificationMessage } from "../../worker/notify/channel";
import { NOW, api, book, row, seedLead, setUpSchedulingTests, slots } from "./booking-fixtures";
import { admin } from "./helpers";
import { deliver, queued } from "./notify-helpers";

const MINUTE = 60_000;
setUpSchedulingTests();

beforeAll(async () => {
  const { config } = await (await admin("/v1/admin/config")).json<{ config: any }>();
  const demo = config.forms.find((f: { id: string }) => f.id === "demo");
  demo.followUp = { afterMinutes: 30 };
  demo.language = "de";
  expect(
    (await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config })).status,
  ).toBe(201);
  const sub = await admin("/v1/admin/webhooks", {
    method: "POST",
    body: { url: "https://hooks.example.com/not-booked", eventTypes: ["lead.not_booked"] },
  });
  expect(sub.status).toBe(201);
});

/** The messages one or more runs at `minutes` after NOW queued for `leadId`. */
async function followUps(leadId: string, minutes: number, runs = 1): Promise<NotificationMessage[]> {
  const messages = await queued(() =>
    Promise.all(Array.from({ length: runs }, () => followUpNotBooked(env, NOW + minutes * MINUTE))),
  );
  return ofLead(messages, leadId);
}

/** The messages about `leadId` among `messages` (its webhooks are found by their stored body). */
async function ofLead(messages: NotificationMessage[], leadId: string): Promise<NotificationMessage[]> {
  const own = new Set(
    (
      await env.DB.prepare("SELECT id FROM webhook_messages WHERE body ->> '$.data.leadId' = ?")
        .bind(leadId)
        .all<{ id: string }>()
    ).results.map((r) => r.id),
  );
  return messages.filter((m) => m.id.includes(leadId) || own.has(m.id));
}

/** A routed lead that was shown slots at NOW; its booking token and first slot. */
async function shownLead() {
  const lead = await seedLead("team-a", "shared");
  const res = await slots(lead);
  expect(res.status).toBe(200);
  const { slots: offered } = await res.json<{ slots: { start: string }[] }>();
  expect(offered.length).toBeGreaterThan(0);
  return { ...lead, first: offered[0]!.start };
}

describe("not-booked follow-up", () => {
  it("sends one email, one rep notice and one webhook after the delay, even with two runs at once", async () => {
    const lead = await shownLead();
    expect((await row("SELECT slots_shown_at AS t FROM leads WHERE id = ?", lead.leadId)).t).toBe(NOW);

    expect(await followUps(lead.leadId, 29)).toEqual([]);
    const sent = await followUps(lead.leadId, 31, 2);
    expect(sent.map((m) => [m.channel, m.eventType, m.target]).toSorted()).toEqual([
      ["email", "lead.not_booked", "email rep:shared"],
      ["email", "lead.not_booked", "email visitor"],
      ["webhook", "lead.not_booked", expect.stringContaining("https://hooks.example.com")],
    ]);
    expect(await followUps(lead.leadId, 45)).toEqual([]);

    const hook = await row(
      "SELECT body FROM webhook_messages WHERE body ->> '$.data.leadId' = ?",
      lead.leadId,
    );
    expect(JSON.parse(hook.body)).toMatchObject({
      type: "lead.not_booked",
      data: { leadId: lead.leadId, repId: "shared", teamId: "team-a", visitorEmailed: true },
    });
    const notice = sent.find((m) => m.target === "email rep:shared")!.payload as {
      subject: string;
      text: string;
    };
    expect(notice.subject).toMatch(/^Not booked yet: Jane Doe/);
    expect(notice.text).toContain("has not booked");

    // The visitor's email is in the form's language and links to a page with fresh slots.
    const mail = sent.find((m) => m.target === "email visitor")!;
    await deliver([mail]);
    const out = await row('SELECT "to", subject, text FROM email_outbox WHERE message_id = ?', mail.id);
    expect(out.to).toMatch(/@globex\.example$/);
    expect(out.subject).toBe("Wählen Sie einen Termin mit Rep shared");
    const link = new URL(/https?:\/\/\S+\/l\/\S+/.exec(out.text)![0]);
    const page = await api(`${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('class="slot"');

    // Booking after the follow-up counts as recovered.
    vi.setSystemTime(NOW + 40 * MINUTE);
    try {
      const fresh = await (await slots(lead)).json<{ slots: { start: string }[] }>();
      expect((await book(lead, fresh.slots[0]!.start)).status).toBe(201);
    } finally {
      vi.setSystemTime(NOW);
    }
    const range = `from=${new Date(NOW - MINUTE).toISOString()}&to=${new Date(NOW + MINUTE).toISOString()}`;
    const analytics = await (await admin(`/v1/admin/analytics?${range}`)).json<any>();
    expect(analytics.funnel).toMatchObject({ followedUp: 1, recovered: 1 });
  });

  it("sends nothing to a lead who booked before the delay, one never shown slots, or one erased", async () => {
    const booked = await shownLead();
    expect((await book(booked, booked.first)).status).toBe(201);
    const neverShown = await seedLead("team-a", "shared");
    const erased = await shownLead();
    const { email } = await row("SELECT email FROM leads WHERE id = ?", erased.leadId);
    const res = await admin("/v1/admin/privacy/erase", { method: "POST", body: { email, confirm: email } });
    expect(res.status).toBe(200);

    for (const lead of [booked, neverShown, erased]) {
      expect(await followUps(lead.leadId, 31)).toEqual([]);
      expect((await row("SELECT follow_up_at AS f FROM leads WHERE id = ?", lead.leadId)).f).toBeNull();
    }
  });

  it("keeps a follow-up whose sending failed in the outbox, and the sweep sends it once", async () => {
    const lead = await shownLead();
    const fail = vi.spyOn(env.NOTIFICATIONS, "sendBatch").mockRejectedValueOnce(new Error("queue down"));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await followUpNotBooked(env, NOW + 31 * MINUTE);
    fail.mockRestore();
    errors.mockRestore();
    // Claimed, and its entry (written in the claim's batch) waits with the error.
    expect((await row("SELECT follow_up_at AS f FROM leads WHERE id = ?", lead.leadId)).f).toBe(
      NOW + 31 * MINUTE,
    );
    const entry = await row(
      "SELECT done_at AS done, last_error AS error, payload FROM outbox WHERE kind = 'lead.not_booked' AND lead_id = ?",
      lead.leadId,
    );
    expect(entry).toMatchObject({ done: null, error: expect.stringContaining("queue down") });
    expect(entry.payload).not.toContain("@"); // no PII in the entry: the handler reads the lead

    // The next run does not claim it again; the outbox sweep (after the lease) sends it, once.
    expect(await followUps(lead.leadId, 32)).toEqual([]);
    const sweep = async (minutes: number) =>
      ofLead(await queued(() => sweepOutbox.run({ env, now: NOW + minutes * MINUTE } as never)), lead.leadId);
    const swept = await sweep(33);
    expect(swept.map((m) => [m.channel, m.eventType]).toSorted()).toEqual([
      ["email", "lead.not_booked"],
      ["email", "lead.not_booked"],
      ["webhook", "lead.not_booked"],
    ]);
    expect(await sweep(35)).toEqual([]);
    expect(
      (
        await row(
          "SELECT done_at AS done FROM outbox WHERE kind = 'lead.not_booked' AND lead_id = ?",
          lead.leadId,
        )
      ).done,
    ).not.toBeNull();
  });
});
