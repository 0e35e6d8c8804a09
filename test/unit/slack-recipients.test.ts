import { describe, expect, it } from "vitest";
import { recipientsFor, slackUrlOf, type ChannelConfig } from "../../worker/notify/recipients";
import { noticeMessages } from "../../worker/notify/rep-notice";

const rep = {
  id: "ava",
  name: "Ava",
  email: "Ava@Baton.example",
  notify: { slackWebhookUrl: "https://hooks.slack.com/services/T/B/rep" },
};
const config = {
  teams: [
    {
      id: "sdr",
      notifications: {
        slackWebhookUrl: "https://hooks.slack.com/services/T/B/team",
        email: "sdr@baton.example",
      },
    },
    { id: "other", notifications: { slackWebhookUrl: "https://hooks.slack.com/services/T/B/other" } },
  ],
  notifications: { slackWebhookUrl: "https://hooks.slack.com/services/T/B/org", email: "ava@baton.example" },
} as unknown as ChannelConfig;

describe("recipientsFor", () => {
  it("fans out to the rep's, the team's and the org's channels, each target once, rep first", () => {
    const list = recipientsFor(rep, "sdr", config, { shared: true, repEmail: true });
    expect(list.map((r) => [r.channel, `${r.audience.scope}:${r.audience.id}`, r.address])).toEqual([
      ["slack", "rep:ava", "https://hooks.slack.com/services/T/B/rep"],
      ["email", "rep:ava", "Ava@Baton.example"],
      ["slack", "team:sdr", "https://hooks.slack.com/services/T/B/team"],
      ["email", "team:sdr", "sdr@baton.example"],
      ["slack", "org:org", "https://hooks.slack.com/services/T/B/org"],
      // The org address equals the rep's (case aside): sent once, as the rep's.
    ]);
  });

  it("keeps personal notices and meeting notices off the channels they do not belong on", () => {
    const personal = recipientsFor(rep, "sdr", config, { shared: false, repEmail: true });
    expect(personal.map((r) => r.audience.scope)).toEqual(["rep", "rep"]);
    const meeting = recipientsFor(rep, "sdr", config, { shared: true, repEmail: false });
    expect(meeting.map((r) => `${r.channel} ${r.audience.scope}`)).toEqual([
      "slack rep",
      "slack team",
      "email team",
      "slack org",
      "email org",
    ]);
  });

  it("uses a channel shared by rep and team once, as the rep's (with the Accept button)", () => {
    const same = {
      ...rep,
      notify: { slackWebhookUrl: "https://hooks.slack.com/services/T/B/team", email: false },
    };
    const messages = noticeMessages({
      kind: "assigned",
      rep: same,
      lead: { id: "l1" },
      why: "rule",
      acceptUrl: "https://baton.test/v1/accept/x",
      teamId: "sdr",
      channels: config,
    });
    expect(messages.map((m) => m.id)).toEqual([
      "slack:l1:assigned:ava",
      "email:l1:assigned:ava:team:sdr",
      "slack:l1:assigned:ava:org:org",
      "email:l1:assigned:ava:org:org",
    ]);
    expect(JSON.stringify(messages[0]!.payload)).toContain("accept/x");
    expect(JSON.stringify(messages.slice(1))).not.toContain("accept/x");
    // URLs are credentials: the queue carries the audience, never the URL.
    expect(JSON.stringify(messages)).not.toContain("hooks.slack.com");
  });

  it("finds an audience's Slack URL in the live config, and nothing for a removed one", () => {
    const live = { ...config, reps: [rep] } as Parameters<typeof slackUrlOf>[0];
    expect(slackUrlOf(live, { scope: "rep", id: "ava" })).toBe("https://hooks.slack.com/services/T/B/rep");
    expect(slackUrlOf(live, { scope: "team", id: "other" })).toBe(
      "https://hooks.slack.com/services/T/B/other",
    );
    expect(slackUrlOf(live, { scope: "org", id: "org" })).toBe("https://hooks.slack.com/services/T/B/org");
    expect(slackUrlOf(live, { scope: "team", id: "gone" })).toBeUndefined();
  });
});
