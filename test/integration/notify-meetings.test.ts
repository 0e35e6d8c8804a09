import ICAL from "ical.js";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emailChannel } from "../../worker/notify/email-channel";
import type { NotificationMessage } from "../../worker/notify/channel";
import { NOW, api, book, manageApi, publishSchedulingConfig, seedLead, utc } from "./booking-fixtures";
import { admin } from "./helpers";
import { FAKE_RECEIVER, FAKE_SLACK, deliver, hook, hookPath, queued, received } from "./notify-helpers";

const cancel = (url: string) => {
  const u = new URL(url);
  return api(manageApi(u.href, "/cancel"), { method: "POST" });
};
const reschedule = (url: string, start: string) => {
  const u = new URL(url);
  return api(manageApi(u.href, "/reschedule"), { method: "POST", json: { start } });
};

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  await publishSchedulingConfig();
  // The same org, with Slack hooks for the scheduling reps.
  const { config } = await (await admin("/v1/admin/config")).json<{ config: any }>();
  for (const rep of config.reps)
    if (["shared", "pool-a", "pool-b"].includes(rep.id))
      rep.notify = { slackWebhookUrl: hook(`ok-meet-${rep.id}`) };
  const res = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
  expect(res.status).toBe(201);
  const sub = await admin("/v1/admin/webhooks", {
    method: "POST",
    body: { url: `${FAKE_RECEIVER}/ok/meetings`, eventTypes: ["meeting.booked", "meeting.canceled"] },
  });
  expect(sub.status).toBe(201);
});
afterAll(() => vi.useRealTimers());

const webhookEvents = async (messages: NotificationMessage[]) => {
  const ids = messages.filter((m) => m.channel === "webhook").map((m) => m.id);
  const rows = await Promise.all(
    ids.map((id) =>
      env.DB.prepare("SELECT body FROM webhook_messages WHERE id = ?").bind(id).first<{ body: string }>(),
    ),
  );
  return rows.map((r) => JSON.parse(r!.body) as { type: string; data: Record<string, unknown> });
};

describe.skipIf(!FAKE_SLACK || !FAKE_RECEIVER)("meeting notifications", () => {
  it("announces a reschedule as meeting.canceled (old slot) and meeting.booked (new slot) and tells the rep", async () => {
    const lead = await seedLead("team-a", "shared");
    const first = await (
      await book(lead, utc("09:30", "2026-03-04"))
    ).json<{ bookingId: string; manageUrl: string }>();
    let moved!: { bookingId: string; start: string };
    const messages = await queued(async () => {
      const res = await reschedule(first.manageUrl, utc("11:00", "2026-03-04"));
      expect(res.status).toBe(201);
      moved = await res.json();
    });
    const events = await webhookEvents(messages);
    expect(events.map((e) => [e.type, e.data.bookingId])).toEqual([
      ["meeting.canceled", first.bookingId],
      ["meeting.booked", moved.bookingId],
    ]);
    expect(events[0]!.data).toMatchObject({
      rescheduledTo: moved.bookingId,
      start: utc("09:30", "2026-03-04"),
    });
    expect(events[1]!.data).toMatchObject({ rescheduledFrom: first.bookingId, start: moved.start });

    const slack = messages.filter((m) => m.channel === "slack");
    expect(slack.map((m) => [m.eventType, m.target])).toEqual([["meeting.booked", "slack rep:shared"]]);
    await deliver(slack);
    // Earlier messages (the first booking's) may reach the same hook from the background queue.
    const hits = await received(FAKE_SLACK, hookPath("ok-meet-shared"));
    const bodies = hits.map((h) => JSON.parse(h.body) as { blocks: any[] });
    const body = bodies.find((b) => b.blocks[0].text.text.startsWith("Meeting rescheduled"))!;
    expect(body.blocks[0].text.text).toMatch(/^Meeting rescheduled: Jane Doe \d+ \(Globex\)$/);
    const when = body.blocks.find((b) => b.text?.text?.startsWith("*Meeting moved to:*")).text.text;
    expect(when).toContain(`<!date^${Date.parse(moved.start) / 1000}^`);
    expect(when).toContain(`(was <!date^${Date.parse(utc("09:30", "2026-03-04")) / 1000}^`);
  });

  it("puts the cancellation invite in the dev outbox: METHOD:CANCEL, same UID, higher SEQUENCE", async () => {
    const lead = await seedLead("team-a", "shared");
    const { bookingId, manageUrl } = await (await book(lead, utc("14:00", "2026-03-05"))).json<any>();
    const messages = await queued(async () => expect((await cancel(manageUrl)).status).toBe(200));
    const invites = messages.filter((m) => m.channel === "email");
    expect(invites.map((m) => m.id)).toEqual([`${bookingId}@baton:1:lead`, `${bookingId}@baton:1:rep`]);
    expect((await deliver(invites)).acks).toHaveLength(2);

    const { emails } = await (await admin("/v1/admin/outbox")).json<{ emails: any[] }>();
    const mail = emails.find((e) => e.messageId === `${bookingId}@baton:1:lead`);
    expect(mail.subject).toMatch(/^Canceled: /);
    const root = new ICAL.Component(ICAL.parse(mail.ics));
    const vevent = root.getFirstSubcomponent("vevent")!;
    expect(root.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(vevent.getFirstPropertyValue("uid")).toBe(`${bookingId}@baton`);
    expect(vevent.getFirstPropertyValue("sequence")).toBe(1);
    expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
    // The rep's Slack hears of it too; the rep's email already has the cancellation.
    expect(messages.filter((m) => m.channel === "slack").map((m) => [m.eventType, m.target])).toEqual([
      ["meeting.canceled", "slack rep:shared"],
    ]);
  });

  it("moves one event through the dev outbox: book, reschedule twice, cancel share a UID, SEQUENCE 0 to 3", async () => {
    const lead = await seedLead("team-a", "shared");
    let manage = "";
    const step = async (action: () => Promise<Response>) => {
      const messages = await queued(async () => {
        const res = await action();
        expect(res.status).toBeLessThan(300);
        manage = (await res.json<{ manageUrl?: string }>()).manageUrl ?? manage;
      });
      const invites = messages.filter((m) => m.channel === "email");
      expect((await deliver(invites)).acks).toHaveLength(invites.length);
      return invites.map((m) => m.id);
    };
    const ids = [
      ...(await step(() => book(lead, utc("09:00", "2026-03-06")))),
      ...(await step(() => reschedule(manage, utc("10:30", "2026-03-06")))),
      ...(await step(() => reschedule(manage, utc("13:00", "2026-03-06")))),
      ...(await step(() => cancel(manage))),
    ];
    expect(ids).toHaveLength(8);

    const { emails } = await (await admin("/v1/admin/outbox")).json<{ emails: any[] }>();
    const toLead = ids
      .filter((id) => id.endsWith(":lead"))
      .map((id) => emails.find((e) => e.messageId === id))
      .map((mail) => {
        const root = new ICAL.Component(ICAL.parse(mail.ics));
        const event = new ICAL.Event(root.getFirstSubcomponent("vevent")!);
        return {
          subject: mail.subject.split(":")[0],
          method: root.getFirstPropertyValue("method"),
          uid: event.uid,
          sequence: event.sequence,
          start: event.startDate.toJSDate().toISOString(),
        };
      });
    const uid = toLead[0]!.uid;
    expect(toLead).toEqual([
      { subject: "Invitation", method: "REQUEST", uid, sequence: 0, start: utc("09:00", "2026-03-06") },
      {
        subject: "Updated invitation",
        method: "REQUEST",
        uid,
        sequence: 1,
        start: utc("10:30", "2026-03-06"),
      },
      {
        subject: "Updated invitation",
        method: "REQUEST",
        uid,
        sequence: 2,
        start: utc("13:00", "2026-03-06"),
      },
      { subject: "Canceled", method: "CANCEL", uid, sequence: 3, start: utc("13:00", "2026-03-06") },
    ]);
  });

  it("gives the visitor's invite the time in their zone and in UTC with the booking page link, and the rep's notice the link", async () => {
    const lead = await seedLead("team-a", "shared");
    let booked!: { bookingId: string; manageUrl: string };
    const messages = await queued(async () => {
      const res = await book(lead, "2026-03-05T13:00:00.000Z", "Asia/Tokyo");
      expect(res.status).toBe(201);
      booked = await res.json();
    });
    const link = `https://baton.test/b/${booked.bookingId}?token=`;
    expect(booked.manageUrl.startsWith(link)).toBe(true);
    const invite = messages.find((m) => m.id === `${booked.bookingId}@baton:0:lead`)!;
    const { text, ics } = invite.payload as { text: string; ics: string };
    // 13:00 UTC is 22:00 in Tokyo: the visitor reads their own time, and UTC beside it.
    expect(text).toContain("When: Thursday, March 5, 2026 at 10:00 PM (Asia/Tokyo), 2026-03-05 13:00 UTC");
    expect(text).toContain(`Reschedule or cancel: ${booked.manageUrl}`);
    const description = new ICAL.Component(ICAL.parse(ics))
      .getFirstSubcomponent("vevent")!
      .getFirstPropertyValue("description") as string;
    expect(description).toContain("10:00 PM (Asia/Tokyo), 2026-03-05 13:00 UTC");
    expect(description).toContain(`Reschedule or cancel: ${booked.manageUrl}`);
    // The rep's own notice carries the booking page too.
    const notice = messages.find((m) => m.channel === "slack" && m.target === "slack rep:shared")!;
    expect((notice.payload as { text: string }).text).toContain(`Booking page: ${booked.manageUrl}`);
  });

  it("labels the attachment method=CANCEL when sending through the send_email binding", async () => {
    const sent: any[] = [];
    const withBinding = {
      ...env,
      EMAIL: { send: async (m: unknown) => void sent.push(m) },
    } as unknown as Env;
    const lead = await seedLead("team-a", "shared");
    const { manageUrl } = await (await book(lead, utc("15:00", "2026-03-05"))).json<any>();
    const messages = await queued(() => cancel(manageUrl));
    const invite = messages.find((m) => m.channel === "email")!;
    await emailChannel(invite, withBinding);
    expect(sent[0].attachments).toEqual([
      expect.objectContaining({ type: "text/calendar; method=CANCEL", filename: "invite.ics" }),
    ]);
  });
});
