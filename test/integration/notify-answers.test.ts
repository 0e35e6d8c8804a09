import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { NotificationMessage } from "../../worker/notify/channel";
import { admin, callSettled } from "./helpers";
import { deliver, hook, queued } from "./notify-helpers";
import { SDRS, publish, slaConfig } from "./sla-fixtures";

const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);
const ANSWER = "We need SSO for 40 seats";
const EMAIL = "ada-answers@analytical.example";

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  const config = slaConfig({});
  for (const rep of config.reps)
    if (SDRS.includes(rep.id)) {
      rep.notify = { email: true, slackWebhookUrl: hook(`ok-answers-${rep.id}`) };
      rep.calendar = { provider: "builtin" };
    }
  // The admin picks two answers; the phone number is not among them.
  config.forms[0]!.repAnswers = ["message", "employees"];
  await publish(config);
  await admin("/v1/admin/webhooks", {
    method: "POST",
    body: { url: `${(env as any).WEBHOOK_RECEIVER_URL}/answers`, eventTypes: ["lead.routed"] },
  });
});
afterAll(() => vi.useRealTimers());

/** Submits as a visitor would, and waits for what the outbox hands off after the answer. */
async function submit() {
  const res = await callSettled("/v1/forms/demo/submissions", {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": "198.51.100.77" },
    body: JSON.stringify({
      fields: {
        first_name: "Ada",
        last_name: "Lovelace",
        email: EMAIL,
        company: "Analytical Engines",
        employees: "50-199",
        country: "US",
        phone: "+1 555 010 9999",
        message: ANSWER,
      },
    }),
  });
  expect(res.status).toBe(201);
  return res.json<{ leadId: string; bookingToken: string; slots: { start: string }[] }>();
}

/** Rows in the outbox, the webhook log and the delivery log that still hold `like`. */
async function leftoversOf(like: string): Promise<number[]> {
  const rows = await env.DB.batch(
    [
      "SELECT count(*) AS n FROM email_outbox WHERE text LIKE ?1 OR ics LIKE ?1 OR html LIKE ?1",
      "SELECT count(*) AS n FROM webhook_messages WHERE body LIKE ?1",
      "SELECT count(*) AS n FROM notification_deliveries WHERE target LIKE ?1 OR error LIKE ?1",
    ].map((q) => env.DB.prepare(q).bind(like)),
  );
  return rows.map((r) => (r.results[0] as { n: number }).n);
}

const text = (m: NotificationMessage) => JSON.stringify(m.payload);

describe("form answers in notices and invites", () => {
  it("shows the chosen answers in Slack, email, the invite and webhooks, and erasure removes them", async () => {
    let lead!: Awaited<ReturnType<typeof submit>>;
    const routed = await queued(async () => (lead = await submit()));
    const slack = routed.find((m) => m.channel === "slack" && m.target?.startsWith("slack rep:"))!;
    const blocks = (slack.payload as { blocks: { text?: { text: string } }[] }).blocks;
    expect(blocks.some((b) => b.text?.text.includes(`*What would you like to see?*\n${ANSWER}`))).toBe(true);
    expect(blocks.some((b) => b.text?.text.includes("*Company size*\n50-199"))).toBe(true);
    expect(text(slack)).not.toContain("555 010 9999");
    const email = routed.find((m) => m.channel === "email")!;
    expect((email.payload as { text: string }).text).toContain(`What would you like to see?: ${ANSWER}`);
    const webhook = await env.DB.prepare(
      "SELECT body FROM webhook_messages WHERE body ->> '$.data.leadId' = ?",
    )
      .bind(lead.leadId)
      .first<{ body: string }>();
    expect(JSON.parse(webhook!.body).data.answers).toEqual([
      { label: "What would you like to see?", value: ANSWER },
      { label: "Company size", value: "50-199" },
    ]);

    const booked = await queued(async () => {
      const res = await callSettled(`/v1/leads/${lead.leadId}/bookings`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ start: lead.slots[0]!.start, bookingToken: lead.bookingToken }),
      });
      expect(res.status).toBe(201);
    });
    const invites = booked.filter((m) => m.channel === "email");
    await deliver([...routed, ...invites]);
    const outbox = await env.DB.prepare('SELECT ics FROM email_outbox WHERE ics IS NOT NULL AND "to" = ?')
      .bind(EMAIL)
      .first<{ ics: string }>();
    // RFC 5545 folds long lines at 75 octets; unfold before reading the description.
    expect(outbox!.ics.replace(/\r\n[ \t]/g, "")).toContain(`What would you like to see?: ${ANSWER}`);

    const before = await leftoversOf("%SSO for 40 seats%");
    expect(before[0]).toBeGreaterThan(0);
    expect(before[1]).toBeGreaterThan(0);
    const erased = await admin("/v1/admin/privacy/erase", {
      method: "POST",
      body: { email: EMAIL, confirm: EMAIL },
    });
    expect(erased.status).toBe(200);
    expect(await leftoversOf("%SSO for 40 seats%")).toEqual([0, 0, 0]);
  });
});
