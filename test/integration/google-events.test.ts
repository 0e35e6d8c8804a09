import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FreeBusyCache } from "../../worker/calendars/busy-cache";
import { createGoogleProvider } from "../../worker/calendars/google/provider";
import { CalendarError } from "../../worker/calendars/provider";
import { database } from "../../worker/db/client";
import { eventInput } from "./calendar-event-fixture";
import { connectRep, fake, fakeClock, uniq } from "./google-fake";

const START = Date.parse("2026-03-10T14:00:00Z");

async function setup() {
  const email = `${uniq("ev")}@acme.test`;
  const repId = email.split("@")[0]!;
  await connectRep(repId, `rt:${email}`);
  const reps = [{ id: repId, email, calendar: { provider: "google", calendarId: email } }];
  const p = createGoogleProvider(env, database(env.DB), {
    clock: fakeClock(START),
    random: () => 1,
    cache: new FreeBusyCache(),
    reps,
  });
  const input = eventInput(repId, email, START, { kind: "google_meet" });
  return { p, email, repId, input };
}

describe("Google events through the REST API", () => {
  it("inserts the event with the rep and the lead as attendees, invites sent and a Meet link", async () => {
    const { p, email, input } = await setup();
    const booking = input();
    const result = await p.createEvent(booking);
    expect(result).toEqual({
      eventId: expect.stringMatching(/^baton[0-9a-f]{32}$/),
      meetUrl: expect.stringMatching(/^https:\/\/meet\.google\.com\//),
    });
    const [req] = (await fake.requests(email)).filter((r) => r.method === "POST");
    expect(req!.path).toBe(`/calendar/v3/calendars/${encodeURIComponent(email)}/events`);
    expect(req!.query).toEqual({ sendUpdates: "all", conferenceDataVersion: "1" });
    expect(req!.body).toMatchObject({
      id: result.eventId,
      summary: "Intro call: Globex",
      description: "Booked through Baton.",
      start: { dateTime: "2026-03-10T14:00:00.000Z", timeZone: "America/New_York" },
      end: { dateTime: "2026-03-10T14:30:00.000Z", timeZone: "America/New_York" },
      attendees: [
        { email, displayName: "Ana Rep", responseStatus: "accepted" },
        { email: "lead@globex.test", displayName: "Lou Lead" },
      ],
      conferenceData: {
        createRequest: { requestId: result.eventId, conferenceSolutionKey: { type: "hangoutsMeet" } },
      },
    });
  });

  it("puts a URL location on the event and asks for no Meet link when the meeting is elsewhere", async () => {
    const { p, email, input } = await setup();
    const result = await p.createEvent(input({ location: { kind: "url", url: "https://zoom.example/j/1" } }));
    expect(result.meetUrl).toBeUndefined();
    const [req] = await fake.requests(email);
    expect(req!.body).toMatchObject({ location: "https://zoom.example/j/1" });
    expect((req!.body as Record<string, unknown>).conferenceData).toBeUndefined();
  });

  it("returns the existing event when a retried insert of the same booking finds it already there", async () => {
    const { p, email, input } = await setup();
    const booking = input();
    const first = await p.createEvent(booking);
    const again = await p.createEvent(booking);
    expect(again).toEqual(first);
    const methods = (await fake.requests(email)).map((r) => r.method);
    expect(methods).toEqual(["POST", "POST", "GET"]);
  });

  it("retries an insert after a 503 and throws a retryable error when Google stays down", async () => {
    const { p, email, input } = await setup();
    await fake.faults(email, ["503"]);
    await expect(p.createEvent(input())).resolves.toMatchObject({ eventId: expect.any(String) });
    await fake.faults(email, ["500", "500", "500", "500"]);
    const err = await p.createEvent(input()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CalendarError);
    expect(err).toMatchObject({ kind: "unavailable", retryable: true });
  });

  it("cancels with invites sent and treats an event already gone (410) or unknown (404) as done", async () => {
    const { p, email, repId, input } = await setup();
    const { eventId } = await p.createEvent(input());
    await p.cancelEvent(repId, eventId);
    await p.cancelEvent(repId, eventId);
    await p.cancelEvent(repId, "neverexisted1");
    const deletes = (await fake.requests(email)).filter((r) => r.method === "DELETE");
    expect(deletes).toHaveLength(3);
    expect(deletes.every((r) => r.query.sendUpdates === "all")).toBe(true);
  });

  it("refuses to book on a rep without a usable connection, as a non-retryable error", async () => {
    const { p, input } = await setup();
    const err = await p.createEvent({ ...input(), repId: "not-connected" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "CalendarError", kind: "auth_broken", retryable: false });
  });
});
