import { describe, expect, it } from "vitest";
import { clip, SLACK_LIMITS, slackMessage } from "../../worker/notify/slack-blocks";
import type { RepNotice } from "../../worker/notify/rep-notice";
import { slackPayloadProblems } from "../fakes/slack-limits";

const START = Date.UTC(2026, 11, 1, 15, 0);
const notice: RepNotice = {
  kind: "assigned",
  rep: { id: "ava", name: "Ava Thompson", email: "ava@baton.example" },
  lead: {
    id: "l1",
    name: "Ada Lovelace",
    company: "Analytical & Co",
    email: "ada@ae.example",
    score: 40,
    tier: "A",
  },
  why: 'matched rule "emea"',
  acceptUrl: "https://baton.test/v1/accept/t0k3n",
};

describe("slackMessage", () => {
  it("stays within Slack's Block Kit limits however long the lead's values are", () => {
    const huge = "Ω<&>".repeat(2000);
    const msg = slackMessage({
      ...notice,
      kind: "rescheduled",
      lead: { id: "l1", name: huge, company: huge, email: `${huge}@x.example`, score: 1, tier: huge },
      why: huge,
      booking: { id: "b1", start: START, end: START + 1_800_000, previousStart: START - 86_400_000 },
    });
    expect(slackPayloadProblems(msg)).toEqual([]);
    expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    const header = msg.blocks[0] as { text: { text: string } };
    expect([...header.text.text].length).toBeLessThanOrEqual(150);
    // A cut never leaves half an escape behind.
    expect(JSON.stringify(msg.blocks)).not.toMatch(/&[a-z]{0,3}…/);
  });

  it("the independent limit check catches what Slack would refuse", () => {
    const tooMany = { blocks: Array.from({ length: 51 }, () => ({ type: "divider" })) };
    expect(slackPayloadProblems(tooMany)).toEqual(["51 blocks (max 50)"]);
    const longHeader = { blocks: [{ type: "header", text: { type: "plain_text", text: "x".repeat(151) } }] };
    expect(slackPayloadProblems(longHeader)).toEqual(["blocks[0].text.text: 151 chars (max 150)"]);
    const longSection = { blocks: [{ type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } }] };
    expect(slackPayloadProblems(longSection)).toHaveLength(1);
    expect(slackPayloadProblems({})).toEqual(["no_text: text or blocks required"]);
  });

  it("shows the lead, why this rep, the booking and an Accept link button to the rep", () => {
    const msg = slackMessage({ ...notice, booking: { start: START, end: START + 1_800_000 } });
    expect(msg.blocks.map((b) => b.type)).toEqual(["header", "section", "context", "section", "actions"]);
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("Analytical &amp; Co");
    expect(json).toContain('*Why you:* matched rule \\"emea\\"');
    expect(json).toContain(`<!date^${START / 1000}^`);
    expect(msg.blocks[4]).toMatchObject({
      elements: [
        { type: "button", url: "https://baton.test/v1/accept/t0k3n", text: { text: "Accept lead" } },
      ],
    });
    expect(slackPayloadProblems(msg)).toEqual([]);
  });

  it("names the rep and leaves the accept link out in a shared channel", () => {
    const msg = slackMessage(notice, { scope: "team", id: "sdr-na" });
    const json = JSON.stringify(msg);
    expect(msg.blocks.map((b) => b.type)).toEqual(["header", "section", "context"]);
    expect(json).toContain("→ Ava Thompson");
    expect(json).toContain("*Why Ava Thompson:*");
    expect(json).not.toContain("t0k3n");
  });

  it("clips by characters, not UTF-16 halves", () => {
    expect(clip("😀😀😀", 2)).toBe("😀…");
    expect(clip("a &amp; b", 4)).toBe("a …");
    expect(clip("short", 10)).toBe("short");
  });
});
