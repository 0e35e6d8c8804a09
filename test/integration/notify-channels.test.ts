import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "../../worker/db/client";
import { sweepSla } from "../../worker/sla/sweep";
import { admin } from "./helpers";
import { FAKE_SLACK, deliver, hook, hookPath, queued, received, submitDemoLead } from "./notify-helpers";
import { SDRS, assignmentsOf, publish, request, slaConfig } from "./sla-fixtures";

const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);

/** The SLA test config with team and org channels; reps keep their own Slack hooks. */
function channelsConfig() {
  const config = slaConfig({}) as any;
  for (const rep of config.reps)
    if (SDRS.includes(rep.id)) rep.notify = { email: true, slackWebhookUrl: hook(`ok-rep-${rep.id}`) };
  config.teams.find((t: { id: string }) => t.id === "sdr-na").notifications = {
    slackWebhookUrl: hook("ok-team-sdr"),
    email: "sdr-leads@baton.example",
  };
  // The org's address is the team's (dedupe); its Slack hook is its own.
  config.notifications = { slackWebhookUrl: hook("ok-org"), email: "SDR-Leads@baton.example" };
  return config;
}

async function saveStatus(config: unknown) {
  const res = await request("/v1/admin/config/versions", {
    method: "POST",
    admin: true,
    body: JSON.stringify(config),
  });
  const body = await res.json<any>();
  return { status: res.status, paths: (body.error?.details?.errors ?? []).map((e: any) => e.path.join(".")) };
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  await publish(channelsConfig());
});
afterAll(() => vi.useRealTimers());

describe.skipIf(!FAKE_SLACK)("notification channels per rep, team and org", () => {
  it("sends a routed lead to the rep's, the team's and the org's channels, each target once", async () => {
    let leadId = "";
    const messages = await queued(async () => (leadId = (await submitDemoLead()).leadId));
    const repId = (await assignmentsOf(leadId))[0]!.rep_id;
    const notices = messages.filter((m) => m.channel !== "webhook");
    expect(notices.map((m) => m.target)).toEqual([
      `slack rep:${repId}`,
      `email rep:${repId}`,
      "slack team:sdr-na",
      "email team:sdr-na",
      "slack org:org",
    ]);
    expect((await deliver(notices)).acks).toHaveLength(5);

    const team = JSON.parse((await received(FAKE_SLACK, hookPath("ok-team-sdr"))).at(-1)!.body);
    const org = JSON.parse((await received(FAKE_SLACK, hookPath("ok-org"))).at(-1)!.body);
    const rep = JSON.parse((await received(FAKE_SLACK, hookPath(`ok-rep-${repId}`))).at(-1)!.body);
    // Shared channels learn whose lead it is, but never get the rep's accept link.
    expect(team.blocks[0].text.text).toMatch(/^New lead: Grace Hopper\d+ \(Cobol Inc\) → /);
    expect(JSON.stringify(team)).not.toContain("/v1/accept/");
    expect(JSON.stringify(org)).not.toContain("/v1/accept/");
    expect(JSON.stringify(rep)).toContain("/v1/accept/");

    const outbox = await admin("/v1/admin/outbox");
    const { emails } = await outbox.json<{ emails: { to: string; messageId: string }[] }>();
    const teamMail = emails.filter((e) => e.to === "sdr-leads@baton.example");
    expect(teamMail.map((e) => e.messageId)).toEqual([`email:${leadId}:assigned:${repId}:team:sdr-na`]);
  });

  it("tells the team channel about an SLA reassignment, and keeps the lapsed rep's notice personal", async () => {
    vi.setSystemTime(TUESDAY + 60_000);
    const { leadId } = await submitDemoLead();
    const [first] = await assignmentsOf(leadId);
    const messages = await queued(() => sweepSla(env, database(env.DB), first!.accept_deadline! + 60_000));
    const next = (await assignmentsOf(leadId))[1]!.rep_id;
    const notices = messages.filter((m) => m.channel !== "webhook" && m.id.includes(leadId));
    expect(notices.map((m) => [m.id.split(":")[2], m.target])).toEqual([
      ["reassigned_away", `slack rep:${first!.rep_id}`],
      ["reassigned_away", `email rep:${first!.rep_id}`],
      ["reassigned_to", `slack rep:${next}`],
      ["reassigned_to", `email rep:${next}`],
      ["reassigned_to", "slack team:sdr-na"],
      ["reassigned_to", "email team:sdr-na"],
      ["reassigned_to", "slack org:org"],
    ]);
  });

  it("refuses private, loopback, link-local and plain-http Slack hooks when the config is saved", async () => {
    const bad = channelsConfig();
    const team = bad.teams.findIndex((t: { id: string }) => t.id === "sdr-na");
    bad.teams[team].notifications.slackWebhookUrl = "https://10.0.0.7/services/x";
    bad.notifications.slackWebhookUrl = "https://169.254.169.254/latest";
    bad.reps[0].notify = { slackWebhookUrl: "https://localhost:8443/hook" };
    const local = await saveStatus(bad);
    expect(local.status).toBe(422);
    expect(local.paths).toEqual(
      expect.arrayContaining([
        `teams.${team}.notifications.slackWebhookUrl`,
        "notifications.slackWebhookUrl",
        "reps.0.notify.slackWebhookUrl",
      ]),
    );
    const plain = channelsConfig();
    plain.notifications.slackWebhookUrl = "http://hooks.slack.com/services/T/B/x";
    plain.notifications.email = "not an address";
    expect(await saveStatus(plain)).toEqual({
      status: 422,
      paths: ["notifications.slackWebhookUrl", "notifications.email"],
    });
  });
});
