import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_RETRIES } from "../../worker/notify/queue";
import type { NotificationMessage } from "../../worker/notify/channel";
import { slackMessage } from "../../worker/notify/slack-blocks";
import { slackPayloadProblems } from "../fakes/slack-limits";
import { callSettled } from "./helpers";
import {
  FAKE_SLACK,
  deliver,
  deliveryLog,
  hook,
  hookPath,
  queued,
  received,
  submitDemoLead,
} from "./notify-helpers";
import { SDRS, assignmentsOf, publish, slaConfig } from "./sla-fixtures";

const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);
/** Reps whose hooks misbehave in one of Slack's documented ways. */
const BEHAVIOUR: Record<string, string> = {
  "rachel-kim": "rate_limited-30-a",
  "oliver-hughes": "flaky-1-a",
  "lena-fischer": "invalid_blocks-a",
  "camille-dubois": "action_prohibited-a",
  "javier-moreno": "no_service-a",
  "omar-haddad": "channel_is_archived-a",
  "ananya-iyer": "rollup_error-a",
};

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  const config = slaConfig({});
  for (const rep of config.reps) {
    if (SDRS.includes(rep.id)) rep.notify = { email: false, slackWebhookUrl: hook(`ok-${rep.id}`) };
    const token = BEHAVIOUR[rep.id];
    if (token) rep.notify = { email: false, slackWebhookUrl: hook(token) };
  }
  await publish(config);
});
afterAll(() => vi.useRealTimers());

/** A Slack message to `repId`'s hook, as the router would queue it. */
function slackTo(repId: string): NotificationMessage {
  return {
    id: `slack:test:${repId}:${crypto.randomUUID()}`,
    channel: "slack",
    eventType: "lead.routed",
    target: `slack rep:${repId}`,
    payload: {
      audience: { scope: "rep", id: repId },
      ...slackMessage({
        kind: "assigned",
        rep: { id: repId, name: repId, email: `${repId}@x.example` },
        lead: { id: "l1", name: "Ada" },
        why: "test",
        acceptUrl: "https://baton.test/v1/accept/x",
      }),
    },
  };
}

const submit = () => submitDemoLead("Cobol <Inc>");

describe.skipIf(!FAKE_SLACK)("Slack delivery against a fake Slack", () => {
  it("posts a routed lead's Block Kit message: the lead, why this rep and an Accept button", async () => {
    let lead!: Awaited<ReturnType<typeof submit>>;
    const messages = await queued(async () => (lead = await submit()));
    const [assignment] = await assignmentsOf(lead.leadId);
    const slack = messages.filter((m) => m.channel === "slack");
    expect(slack.map((m) => m.target)).toEqual([`slack rep:${assignment!.rep_id}`]);
    expect(JSON.stringify(slack)).not.toContain("hooks.slack.com");

    expect(await deliver(slack)).toEqual({ acks: [slack[0]!.id], retries: [] });
    const [hit] = await received(FAKE_SLACK, hookPath(`ok-${assignment!.rep_id}`));
    expect(hit!.status).toBe(200);
    const body = JSON.parse(hit!.body) as { text: string; blocks: Record<string, any>[] };
    expect(slackPayloadProblems(body)).toEqual([]);
    expect(body.blocks[0]!.text.text).toEqual(
      expect.stringMatching(/^New lead: Grace Hopper\d+ \(Cobol <Inc>\)$/),
    );
    const json = JSON.stringify(body.blocks);
    expect(json).toContain("Cobol &lt;Inc&gt;");
    expect(json).toContain("*Why you:* matched rule");
    const button = body.blocks.at(-1)!.elements[0];
    expect(button).toMatchObject({ type: "button", text: { text: "Accept lead" } });
    expect(new URL(button.url).pathname).toMatch(/^\/v1\/accept\/[\w.-]+$/);
    expect(await deliveryLog(slack[0]!.id)).toEqual([
      { status: "delivered", attempt: 1, responseStatus: 200, error: null },
    ]);
  });

  it("tells the rep's Slack about the booking with its time", async () => {
    const lead = await submit();
    const [assignment] = await assignmentsOf(lead.leadId);
    const start = lead.slots[0]!.start;
    const messages = await queued(async () => {
      // Settled: the announcement leaves through the outbox after the answer.
      const res = await callSettled(`/v1/leads/${lead.leadId}/bookings`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ start, bookingToken: lead.bookingToken }),
      });
      expect(res.status).toBe(201);
    });
    const slack = messages.filter((m) => m.channel === "slack");
    expect(slack.map((m) => [m.eventType, m.target])).toEqual([
      ["meeting.booked", `slack rep:${assignment!.rep_id}`],
    ]);
    await deliver(slack);
    const hits = await received(FAKE_SLACK, hookPath(`ok-${assignment!.rep_id}`));
    const body = JSON.parse(hits.at(-1)!.body) as { blocks: Record<string, any>[] };
    expect(body.blocks[0]!.text.text).toMatch(/^Meeting booked: Grace Hopper\d+ \(Cobol <Inc>\)$/);
    const booking = body.blocks.find(
      (b) => b.type === "section" && b.text?.text.startsWith("*Meeting booked:*"),
    );
    expect(booking!.text.text).toContain(`<!date^${Date.parse(start) / 1000}^`);
  });

  it("honours Retry-After on 429 and backs off on 5xx, logging every attempt", async () => {
    const limited = slackTo("rachel-kim");
    // Backoff alone would wait 10 s; Slack asked for 30.
    expect((await deliver([limited], 1)).retries).toEqual([{ id: limited.id, delaySeconds: 30 }]);
    // Later the backoff (40 s) is already longer than Retry-After.
    expect((await deliver([limited], 3)).retries).toEqual([{ id: limited.id, delaySeconds: 40 }]);

    const flaky = slackTo("oliver-hughes");
    expect((await deliver([flaky], 1)).retries).toEqual([{ id: flaky.id, delaySeconds: 10 }]);
    expect(await deliver([flaky], 2)).toEqual({ acks: [flaky.id], retries: [] });

    const down = slackTo("ananya-iyer");
    await deliver([down], MAX_RETRIES + 1);
    expect(await deliveryLog(limited.id)).toEqual([
      { status: "failed", attempt: 1, responseStatus: 429, error: "HTTP 429 rate_limited" },
      { status: "failed", attempt: 3, responseStatus: 429, error: "HTTP 429 rate_limited" },
    ]);
    expect(await deliveryLog(flaky.id)).toEqual([
      { status: "failed", attempt: 1, responseStatus: 500, error: "HTTP 500 rollup_error" },
      { status: "delivered", attempt: 2, responseStatus: 200, error: null },
    ]);
    expect(await deliveryLog(down.id)).toEqual([
      { status: "dead", attempt: MAX_RETRIES + 1, responseStatus: 500, error: "HTTP 500 rollup_error" },
    ]);
  });

  it("dead-letters Slack's permanent errors at the first attempt, without retrying", async () => {
    const cases = [
      ["lena-fischer", 400, "invalid_blocks"],
      ["camille-dubois", 403, "action_prohibited"],
      ["javier-moreno", 404, "no_service"],
      ["omar-haddad", 410, "channel_is_archived"],
    ] as const;
    for (const [repId, status, code] of cases) {
      const message = slackTo(repId);
      expect(await deliver([message], 1)).toEqual({ acks: [message.id], retries: [] });
      expect(await deliveryLog(message.id)).toEqual([
        { status: "dead", attempt: 1, responseStatus: status, error: `HTTP ${status} ${code}` },
      ]);
    }
    expect(await received(FAKE_SLACK, hookPath("channel_is_archived-a"))).toHaveLength(1);
  });

  it("dead-letters a message whose channel was removed from the config, sending nothing", async () => {
    const message = {
      ...slackTo("ava-thompson"),
      payload: { audience: { scope: "team", id: "sdr-na" }, text: "x", blocks: [] },
    };
    expect(await deliver([message])).toEqual({ acks: [message.id], retries: [] });
    expect(await deliveryLog(message.id)).toEqual([
      { status: "dead", attempt: 1, responseStatus: null, error: "no Slack webhook for team sdr-na" },
    ]);
  });

  it("a real Block Kit violation comes back from the fake as invalid_blocks and is not retried", async () => {
    const message = slackTo("ava-thompson");
    (message.payload as { blocks: unknown[] }).blocks = Array.from({ length: 51 }, () => ({
      type: "divider",
    }));
    expect((await deliver([message])).retries).toEqual([]);
    expect(await deliveryLog(message.id)).toEqual([
      { status: "dead", attempt: 1, responseStatus: 400, error: "HTTP 400 invalid_blocks" },
    ]);
    expect(env.NOTIFICATIONS).toBeDefined();
  });
});
