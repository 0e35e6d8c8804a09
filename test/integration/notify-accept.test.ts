import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "../../worker/db/client";
import { acceptUrl } from "../../worker/notify/accept-link";
import { emailChannel } from "../../worker/notify/email-channel";
import { slackMessage } from "../../worker/notify/slack-blocks";
import { signingKey, signToken } from "../../worker/security/signed-tokens";
import { sweepSla } from "../../worker/sla/sweep";
import { assignmentsOf, publish, request, slaConfig, submitLead } from "./sla-fixtures";

const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);
const MIN = 60_000;
const path = (url: string) => new URL(url).pathname;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  await publish(slaConfig({}));
});
afterAll(() => vi.useRealTimers());

describe("accept link", () => {
  it("shows a confirmation on GET, accepts on POST and stops the SLA clock", async () => {
    const leadId = await submitLead(TUESDAY);
    const [row] = await assignmentsOf(leadId);
    const url = path(await acceptUrl(env, row!.id, TUESDAY));
    const page = await request(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect((await assignmentsOf(leadId))[0]!.status).toBe("active");

    vi.setSystemTime(TUESDAY + 5 * MIN);
    const accepted = await request(url, { method: "POST" });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect((await request(url, { method: "POST" })).status).toBe(200);
    await sweepSla(env, database(env.DB), TUESDAY + 60 * MIN);
    expect(await assignmentsOf(leadId)).toEqual([
      expect.objectContaining({ status: "accepted", accepted_at: TUESDAY + 5 * MIN }),
    ]);
  });

  it("refuses a tampered, expired or other-purpose token", async () => {
    const leadId = await submitLead(TUESDAY + 10 * MIN);
    const [row] = await assignmentsOf(leadId);
    const url = path(await acceptUrl(env, row!.id, TUESDAY));
    const key = await signingKey(env.ENCRYPTION_KEY);
    const booking = await signToken({ p: "book", sub: row!.id, exp: TUESDAY + 86_400_000 }, key);
    expect((await request(`${url}x`, { method: "POST" })).status).toBe(404);
    expect((await request(`/v1/accept/${booking}`, { method: "POST" })).status).toBe(404);
    vi.setSystemTime(TUESDAY + 8 * 86_400_000);
    expect((await request(url, { method: "POST" })).status).toBe(404);
    vi.setSystemTime(TUESDAY);
    expect((await assignmentsOf(leadId))[0]!.status).toBe("active");
  });

  it("tells the previous rep the lead moved on after a reassignment", async () => {
    const leadId = await submitLead(TUESDAY + 20 * MIN);
    const [row] = await assignmentsOf(leadId);
    await sweepSla(env, database(env.DB), row!.accept_deadline! + MIN);
    const res = await request(path(await acceptUrl(env, row!.id, TUESDAY)), { method: "POST" });
    expect(res.status).toBe(409);
  });
});

describe("rep notifications", () => {
  it("puts email in the dev outbox when there is no send_email binding", async () => {
    const message = {
      id: "email:l1",
      channel: "email",
      eventType: "lead.routed",
      payload: { to: "ava@example.com", subject: "New lead", text: "hello" },
    };
    await emailChannel(message, env);
    const res = await request("/v1/admin/outbox", { admin: true });
    const { emails } = await res.json<{ emails: { to: string; subject: string; messageId: string }[] }>();
    expect(emails).toContainEqual(
      expect.objectContaining({ to: "ava@example.com", subject: "New lead", messageId: "email:l1" }),
    );
  });

  it("builds a Slack Block Kit message with the lead, why this rep, the booking and an Accept button", () => {
    const msg = slackMessage({
      kind: "assigned",
      rep: { id: "r", name: "R", email: "r@x.example" },
      lead: {
        id: "l1",
        name: "Ada <Lovelace>",
        company: "AE",
        email: "ada@ae.example",
        score: 40,
        tier: "A",
      },
      why: 'matched rule "emea"',
      acceptUrl: "https://baton.test/v1/accept/t",
      booking: { start: TUESDAY, end: TUESDAY + 30 * MIN },
    });
    const types = msg.blocks.map((b) => b.type);
    expect(types).toEqual(["header", "section", "context", "section", "actions"]);
    expect(JSON.stringify(msg.blocks)).toContain("Ada &lt;Lovelace&gt;");
    expect(msg.blocks[4]).toMatchObject({
      elements: [{ type: "button", url: "https://baton.test/v1/accept/t" }],
    });
    expect(msg.text).toContain('Why you: matched rule "emea"');
  });
});
