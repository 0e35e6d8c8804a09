import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FreeBusyCache } from "../../worker/calendars/busy-cache";
import { createMicrosoftProvider } from "../../worker/calendars/microsoft/provider";
import { CalendarError } from "../../worker/calendars/provider";
import { database } from "../../worker/db/client";
import { eventInput } from "./calendar-event-fixture";
import { fakeClock, uniq } from "./google-fake";
import { appOnlyEnv, connectMicrosoftRep, graph } from "./microsoft-fake";

const START = Date.parse("2026-03-10T14:00:00Z");

async function setup(e: Env = env, connect = true) {
  const email = `${uniq("mev")}@contoso.test`;
  const repId = email.split("@")[0]!;
  if (connect) await connectMicrosoftRep(repId, `rt:${email}`);
  const reps = [{ id: repId, email, calendar: { provider: "microsoft" } }];
  const p = createMicrosoftProvider(e, database(env.DB), {
    clock: fakeClock(START),
    random: () => 1,
    cache: new FreeBusyCache(),
    reps,
  });
  const input = eventInput(repId, email, START, { kind: "teams" });
  return { p, email, repId, input };
}

describe("Outlook events through Graph", () => {
  it("creates one event in the rep's mailbox with the lead invited and a Teams link", async () => {
    const { p, email, input } = await setup();
    const result = await p.createEvent(input());
    expect(result).toEqual({
      eventId: expect.any(String),
      meetUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//),
    });
    const [event] = await graph.events(email);
    expect(event).toMatchObject({
      id: result.eventId,
      subject: "Intro call: Globex",
      start: { dateTime: "2026-03-10T14:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-03-10T14:30:00", timeZone: "UTC" },
      attendees: [{ emailAddress: { address: "lead@globex.test", name: "Lou Lead" }, type: "required" }],
      isOnlineMeeting: true,
      onlineMeetingProvider: "teamsForBusiness",
      transactionId: expect.stringMatching(/^baton-/),
      organizer: { emailAddress: { address: email } },
    });
    const posts = (await graph.requests(email)).filter(
      (r) => r.method === "POST" && r.path.endsWith("/events"),
    );
    expect(posts.map((r) => r.path)).toEqual(["/v1.0/me/events"]);
  });

  it("asks for no online meeting when the meeting type names another place", async () => {
    const { p, email, input } = await setup();
    const result = await p.createEvent(input({ location: { kind: "phone" } }));
    expect(result.meetUrl).toBeUndefined();
    const [event] = await graph.events(email);
    expect(event).toMatchObject({ location: { displayName: "Phone call" } });
    expect(event!.isOnlineMeeting).toBeUndefined();
  });

  it("creates one event when the first answer was lost and the retry repeats the POST", async () => {
    const { p, email, input } = await setup();
    await graph.faults(email, ["lost"]);
    const booking = input();
    const result = await p.createEvent(booking);
    expect(await graph.events(email)).toHaveLength(1);
    // The cron's later retry of the same booking lands on the same event too.
    expect(await p.createEvent(booking)).toEqual(result);
    expect(await graph.events(email)).toHaveLength(1);
  });

  it("moves the event in place on update, keeping its id and Teams link", async () => {
    const { p, email, input } = await setup();
    const booking = input();
    const created = await p.createEvent(booking);
    const moved = await p.updateEvent!(created.eventId, {
      ...booking,
      start: START + 3_600_000,
      end: START + 5_400_000,
    });
    expect(moved).toEqual(created);
    const events = await graph.events(email);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ start: { dateTime: "2026-03-10T15:00:00" }, isCancelled: false });
    const patch = (await graph.requests(email)).find((r) => r.method === "PATCH");
    expect(patch!.body).not.toHaveProperty("transactionId");
  });

  it("cancels as the organizer, and a second cancel of the gone event succeeds", async () => {
    const { p, email, repId, input } = await setup();
    const { eventId } = await p.createEvent(input());
    await p.cancelEvent(repId, eventId);
    await p.cancelEvent(repId, eventId);
    const [event] = await graph.events(email);
    expect(event).toMatchObject({ isCancelled: true, cancelComment: expect.any(String) });
    const cancels = (await graph.requests(email)).filter((r) => r.path.endsWith("/cancel"));
    expect(cancels).toHaveLength(2);
  });

  it("reports an update of a deleted event as not_found, so the caller creates it anew", async () => {
    const { p, repId, input } = await setup();
    const booking = input();
    const { eventId } = await p.createEvent(booking);
    await p.cancelEvent(repId, eventId);
    await expect(p.updateEvent!(eventId, booking)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("writes through /users/{mailbox} with the tenant's app-only credential", async () => {
    const tenant = uniq("tenant");
    const { p, email, input } = await setup(appOnlyEnv(tenant), false);
    await p.createEvent(input());
    const post = (await graph.requests(email)).find((r) => r.method === "POST" && r.path.endsWith("/events"));
    expect(post!.path).toBe(`/v1.0/users/${encodeURIComponent(email)}/events`);
  });

  it("refuses to write for a rep with no connection and no app-only credential", async () => {
    const { p, input } = await setup(env, false);
    const err = await p.createEvent(input()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CalendarError);
    expect(err).toMatchObject({ kind: "auth_broken", retryable: false });
  });
});
