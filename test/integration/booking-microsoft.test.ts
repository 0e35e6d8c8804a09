/**
 * Microsoft 365 end to end through the public routes: a pool of one Google, one Microsoft and
 * one builtin rep, and the Outlook event of a booking through its life (book, move, cancel).
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { NOW, api, book, manageApi, row, seedLead, slots, utc } from "./booking-fixtures";
import { connectRep, fake, uniq } from "./google-fake";
import { BASE, admin, clone } from "./helpers";
import { connectMicrosoftRep, graph } from "./microsoft-fake";

const DAY = "2026-03-04";
const weekdays = (h: { start: string; end: string }[]) => ({ mon: h, tue: h, wed: h, thu: h, fri: h });
const tag = uniq("mix");
const google = { id: `${tag}-g`, email: `${tag}-g@acme.test` };
const microsoft = { id: `${tag}-m`, email: `${tag}-m@contoso.test` };
const builtin = { id: `${tag}-b`, email: `${tag}-b@acme.test` };

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  const config = clone(demoConfig) as any;
  const rep = (r: { id: string; email: string }, calendar: unknown) => ({
    ...r,
    name: `Rep ${r.id}`,
    timezone: "Europe/Berlin",
    workingHours: weekdays([{ start: "09:00", end: "17:00" }]),
    calendar,
  });
  config.reps.push(
    rep(google, { provider: "google", calendarId: google.email }),
    rep(microsoft, { provider: "microsoft" }),
    rep(builtin, { provider: "builtin" }),
  );
  config.teams.push({
    id: tag,
    name: "Mixed pool",
    members: [{ repId: google.id }, { repId: microsoft.id }, { repId: builtin.id }],
    distribution: { mode: "availability" },
    meetingType: { durationMinutes: 30, location: { kind: "teams" } },
  });
  const res = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
  if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
  await connectRep(google.id, `rt:${google.email}`);
  await connectMicrosoftRep(microsoft.id, `rt:${microsoft.email}`);
  // Google: busy 09:00-13:00 Berlin; Outlook: 09:00-11:00 and 12:00-17:00; builtin: a block 10:30-17:00.
  await fake.busy(google.email, [{ start: utc("09:00", DAY), end: utc("13:00", DAY) }]);
  await graph.busy(microsoft.email, [
    { status: "busy", start: utc("09:00", DAY), end: utc("11:00", DAY) },
    { status: "oof", start: utc("12:00", DAY), end: utc("17:00", DAY) },
  ]);
  await env.DB.prepare(
    "INSERT INTO calendar_blocks (id, rep_id, start_at, end_at, reason, created_at, created_by) VALUES (?, ?, ?, ?, 'test', ?, 'test')",
  )
    .bind(crypto.randomUUID(), builtin.id, Date.parse(utc("10:30", DAY)), Date.parse(utc("17:00", DAY)), NOW)
    .run();
});
afterAll(() => vi.useRealTimers());

const hhmm = (iso: string) => new Date(Date.parse(iso) + 3_600_000).toISOString().slice(11, 16); // Berlin is UTC+1 in March

describe("a pool of a Google, a Microsoft and a builtin rep", () => {
  it("offers the union of free time that respects all three calendars", async () => {
    const lead = await seedLead(tag, google.id);
    const res = await slots(lead);
    expect(res.status).toBe(200);
    const { slots: offered } = await res.json<{ slots: { start: string }[] }>();
    const day = offered.filter((s) => s.start.startsWith(DAY)).map((s) => hhmm(s.start));
    // 09:00-10:30 builtin, 11:00-12:00 Microsoft, 13:00-17:00 Google; 10:30-11:00 and 12:00-13:00 nobody.
    expect(day).toEqual([
      "09:00",
      "09:30",
      "10:00",
      "11:00",
      "11:30",
      "13:00",
      "13:30",
      "14:00",
      "14:30",
      "15:00",
      "15:30",
      "16:00",
      "16:30",
    ]);
  });

  it("books the Microsoft rep into one Outlook event with a Teams link, moves it in place and cancels it", async () => {
    const lead = await seedLead(tag, google.id);
    const res = await book(lead, utc("11:00", DAY));
    expect(res.status).toBe(201);
    const created = await res.json<{ bookingId: string; repId: string; manageUrl: string }>();
    expect(created.repId).toBe(microsoft.id);
    const events = await graph.events(microsoft.email);
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event).toMatchObject({
      onlineMeetingProvider: "teamsForBusiness",
      onlineMeeting: { joinUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\//) },
      attendees: [{ emailAddress: { address: expect.stringMatching(/@globex\.example$/) } }],
      start: { dateTime: utc("11:00", DAY).slice(0, 19) },
    });
    expect(
      await row(
        "SELECT calendar_sync_status s, calendar_event_id e FROM bookings WHERE id = ?",
        created.bookingId,
      ),
    ).toEqual({
      s: "synced",
      e: event.id,
    });

    const u = new URL(created.manageUrl, BASE);
    const moved = await api(manageApi(u.href, "/reschedule"), {
      method: "POST",
      json: { start: utc("11:30", DAY) },
    });
    expect(moved.status).toBe(201);
    const successor = await moved.json<{ bookingId: string; repId: string; manageUrl: string }>();
    expect(successor.repId).toBe(microsoft.id);
    const after = await graph.events(microsoft.email);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      id: event.id,
      isCancelled: false,
      start: { dateTime: utc("11:30", DAY).slice(0, 19) },
    });
    expect((await graph.requests(microsoft.email)).filter((r) => r.path.endsWith("/cancel"))).toHaveLength(0);
    expect(
      await row(
        "SELECT calendar_sync_status s, calendar_event_id e FROM bookings WHERE id = ?",
        successor.bookingId,
      ),
    ).toEqual({
      s: "synced",
      e: event.id,
    });

    const m = new URL(successor.manageUrl, BASE);
    expect((await api(manageApi(m.href, "/cancel"), { method: "POST" })).status).toBe(200);
    expect((await graph.events(microsoft.email))[0]).toMatchObject({ id: event.id, isCancelled: true });
  });
});
