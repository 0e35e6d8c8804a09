import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_RETRIES } from "../../worker/notify/queue";
import type { NotificationMessage } from "../../worker/notify/channel";
import { teamsCard } from "../../worker/notify/teams-card";
import { teamsBodyProblem } from "../fakes/teams-workflows";
import { deliver, deliveryLog, queued, received, submitDemoLead } from "./notify-helpers";
import { SDRS, assignmentsOf, publish, request, slaConfig } from "./sla-fixtures";

const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);
const FAKE_TEAMS = (env as unknown as Record<string, string | undefined>).TEAMS_WEBHOOK_ORIGIN ?? "";
/** A Workflows webhook URL as Teams shows it; its token tells the fake how to behave. */
const teamsHook = (token: string) =>
  `https://prod-07.westeurope.logic.azure.com:443/workflows/${token}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s1g`;
const hookPath = (token: string) => `/workflows/${token}/triggers/manual/paths/invoke`;

/** Reps whose Teams channels misbehave in one of the documented ways. */
const BEHAVIOUR: Record<string, string> = {
  "rachel-kim": "throttled-30-a",
  "oliver-hughes": "flaky-1-a",
  "ananya-iyer": "badgateway-a",
  "camille-dubois": "unauthorized-a",
  "javier-moreno": "gone-a",
};

function teamsConfig() {
  const config = slaConfig({}) as any;
  for (const rep of config.reps) {
    if (SDRS.includes(rep.id)) rep.notify = { email: false, teamsWebhookUrl: teamsHook(`ok-rep-${rep.id}`) };
    const token = BEHAVIOUR[rep.id];
    if (token) rep.notify = { email: false, teamsWebhookUrl: teamsHook(token) };
  }
  config.teams.find((t: { id: string }) => t.id === "sdr-na").notifications = {
    teamsWebhookUrl: teamsHook("ok-team-sdr"),
  };
  config.notifications = { teamsWebhookUrl: teamsHook("ok-org") };
  return config;
}

/** A Teams message to `repId`'s channel, as the router would queue it. */
function teamsTo(repId: string): NotificationMessage {
  return {
    id: `teams:test:${repId}:${crypto.randomUUID()}`,
    channel: "teams",
    eventType: "lead.routed",
    target: `teams rep:${repId}`,
    payload: {
      audience: { scope: "rep", id: repId },
      card: teamsCard({
        kind: "assigned",
        rep: { id: repId, name: repId, email: `${repId}@x.example` },
        lead: { id: "l1", name: "Ada" },
        why: "test",
        acceptUrl: "https://baton.test/v1/accept/x",
      }),
    },
  };
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  await publish(teamsConfig());
});
afterAll(() => vi.useRealTimers());

describe.skipIf(!FAKE_TEAMS)("Teams delivery against a fake Workflows webhook", () => {
  it("delivers a routed lead's Adaptive Card to the rep's, the team's and the org's channels", async () => {
    let lead!: Awaited<ReturnType<typeof submitDemoLead>>;
    const messages = await queued(
      async () => (lead = await submitDemoLead("Cobol [Inc](https://evil.example)")),
    );
    const [assignment] = await assignmentsOf(lead.leadId);
    const rep = assignment!.rep_id;
    const teams = messages.filter((m) => m.channel === "teams");
    expect(teams.map((m) => m.target)).toEqual([`teams rep:${rep}`, "teams team:sdr-na", "teams org:org"]);
    expect(JSON.stringify(teams)).not.toContain("logic.azure.com");

    expect((await deliver(teams)).acks).toHaveLength(3);
    const [hit] = await received(FAKE_TEAMS, hookPath(`ok-rep-${rep}`));
    expect(hit!.status).toBe(202);
    expect(teamsBodyProblem(hit!.body)).toBeNull();
    const card = JSON.parse(hit!.body).attachments[0].content;
    expect(card.body[0].text).toMatch(
      /^New lead: Grace Hopper\d+ \(Cobol \\\[Inc\\\]\(https:\/\/evil\.example\)\)$/,
    );
    expect(JSON.stringify(card.body)).toContain("Why you: matched rule");
    expect(card.actions).toEqual([
      expect.objectContaining({
        type: "Action.OpenUrl",
        title: "Accept lead",
        url: expect.stringContaining("/v1/accept/"),
      }),
    ]);
    const [team] = await received(FAKE_TEAMS, hookPath("ok-team-sdr"));
    const shared = JSON.parse(team!.body).attachments[0].content;
    expect(shared.body[0].text).toContain("→");
    expect(shared.actions).toBeUndefined();
    expect(await deliveryLog(teams[0]!.id)).toEqual([
      { status: "delivered", attempt: 1, responseStatus: 202, error: null },
    ]);
  });

  it("honours Retry-After on 429 and backs off on 5xx, logging every attempt", async () => {
    const throttled = teamsTo("rachel-kim");
    expect((await deliver([throttled], 1)).retries).toEqual([{ id: throttled.id, delaySeconds: 30 }]);
    const flaky = teamsTo("oliver-hughes");
    expect((await deliver([flaky], 1)).retries).toEqual([{ id: flaky.id, delaySeconds: 10 }]);
    expect(await deliver([flaky], 2)).toEqual({ acks: [flaky.id], retries: [] });
    const down = teamsTo("ananya-iyer");
    await deliver([down], MAX_RETRIES + 1);
    expect(await deliveryLog(throttled.id)).toEqual([
      { status: "failed", attempt: 1, responseStatus: 429, error: "HTTP 429 TooManyRequests" },
    ]);
    expect(await deliveryLog(flaky.id)).toEqual([
      { status: "failed", attempt: 1, responseStatus: 502, error: "HTTP 502 BadGateway" },
      { status: "delivered", attempt: 2, responseStatus: 202, error: null },
    ]);
    expect(await deliveryLog(down.id)).toEqual([
      { status: "dead", attempt: MAX_RETRIES + 1, responseStatus: 502, error: "HTTP 502 BadGateway" },
    ]);
  });

  it("logs a permanent Teams error dead at the first attempt, without retrying", async () => {
    for (const [repId, status, code] of [
      ["camille-dubois", 401, "DirectApiInvalidAuthorizationSignature"],
      ["javier-moreno", 404, "WorkflowNotFound"],
    ] as const) {
      const message = teamsTo(repId);
      expect(await deliver([message], 1)).toEqual({ acks: [message.id], retries: [] });
      expect(await deliveryLog(message.id)).toEqual([
        { status: "dead", attempt: 1, responseStatus: status, error: `HTTP ${status} ${code}` },
      ]);
    }
    const broken = { ...teamsTo("ava-thompson"), id: `teams:test:bad:${crypto.randomUUID()}` };
    (broken.payload as { card: unknown }).card = { type: "AdaptiveCard" };
    expect((await deliver([broken])).retries).toEqual([]);
    expect(await deliveryLog(broken.id)).toEqual([
      { status: "dead", attempt: 1, responseStatus: 400, error: "HTTP 400 InvalidRequestContent" },
    ]);
  });

  it("refuses private or plain-http Teams hooks when the config is saved", async () => {
    const bad = teamsConfig();
    bad.notifications.teamsWebhookUrl = "https://169.254.169.254/workflows/x";
    bad.reps[0].notify = { teamsWebhookUrl: "http://prod-07.westeurope.logic.azure.com/workflows/x" };
    const res = await request("/v1/admin/config/versions", {
      method: "POST",
      admin: true,
      body: JSON.stringify(bad),
    });
    expect(res.status).toBe(422);
    const paths = ((await res.json<any>()).error.details.errors as any[]).map((e) => e.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["notifications.teamsWebhookUrl", "reps.0.notify.teamsWebhookUrl"]),
    );
  });
});
