import { describe, expect, it } from "vitest";
import { api, book, row, seedLead, setUpSchedulingTests, utc } from "./booking-fixtures";

setUpSchedulingTests();

const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
const post = (url: string, fields: Record<string, string>) =>
  api(path(url), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
/** The action of the page's form that posts to `suffix`, HTML entities undone. */
const action = (page: string, suffix: string) => {
  const found = new RegExp(`action="([^"]*${suffix}[^"]*)"`).exec(page)?.[1];
  if (!found) throw new Error(`no form posting to ${suffix}`);
  return `https://baton.test${found.replaceAll("&amp;", "&")}`;
};
const starts = (page: string) => [...page.matchAll(/name="start"\s+value="([^"]+)"/g)].map((m) => m[1]!);

async function booked(start = utc("10:00", "2026-03-04")) {
  const lead = await seedLead("team-a", "shared");
  const res = await book(lead, start, "America/New_York");
  expect(res.status).toBe(201);
  return { lead, ...(await res.json<{ bookingId: string; manageUrl: string }>()) };
}

describe("hosted booking page /b/:bookingId", () => {
  it("shows the meeting in the visitor's zone and in UTC, with fresh slots and a cancel form", async () => {
    const { manageUrl } = await booked();
    expect(new URL(manageUrl).pathname).toMatch(/^\/b\//);
    const res = await api(path(manageUrl));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'none'");
    const page = await res.text();
    expect(page).toContain("Your meeting with Rep shared");
    // 10:00 in Berlin is 04:00 in New York and 09:00 UTC.
    expect(page).toContain("Wednesday, March 4, 2026 at 4:00 AM");
    expect(page).toContain("2026-03-04 09:00 UTC");
    expect(starts(page).length).toBeGreaterThan(3);
    expect(starts(page)).not.toContain(utc("10:00", "2026-03-04"));
    expect(page).toContain('name="reason"');
  });

  it("reschedules through a plain form post and redirects to the new booking's page", async () => {
    const { bookingId, manageUrl } = await booked(utc("11:00", "2026-03-04"));
    const page = await (await api(path(manageUrl))).text();
    const target = utc("14:00", "2026-03-05");
    expect(starts(page)).toContain(target);
    const res = await post(action(page, "/reschedule"), { start: target });
    expect(res.status).toBe(303);
    const next = res.headers.get("Location")!;
    expect(next).toMatch(/\/b\/[^/?]+\?token=.*&done=moved$/);
    expect(next).not.toContain(bookingId);
    expect((await row("SELECT status FROM bookings WHERE id = ?", bookingId)).status).toBe("rescheduled");
    const after = await (await api(path(next))).text();
    expect(after).toContain("Your meeting was moved.");
    expect(after).toContain("Thursday, March 5, 2026 at 8:00 AM");
  });

  it("answers a taken slot with 409 and fresh times on the same page", async () => {
    const { manageUrl } = await booked(utc("12:00", "2026-03-04"));
    const page = await (await api(path(manageUrl))).text();
    const taken = utc("15:00", "2026-03-05");
    expect((await book(await seedLead("team-a", "shared"), taken)).status).toBe(201);
    const res = await post(action(page, "/reschedule"), { start: taken });
    expect(res.status).toBe(409);
    const again = await res.text();
    expect(again).toContain("That time was just taken");
    expect(starts(again)).not.toContain(taken);
    expect(starts(again).length).toBeGreaterThan(0);
  });

  it("cancels with a reason, stores it, and then shows a cancelled page with a way to book again", async () => {
    const { bookingId, manageUrl } = await booked(utc("13:00", "2026-03-04"));
    const page = await (await api(path(manageUrl))).text();
    const res = await post(action(page, "/cancel"), { reason: "  Found another vendor  " });
    expect(res.status).toBe(303);
    expect(await row("SELECT status, cancel_reason FROM bookings WHERE id = ?", bookingId)).toEqual({
      status: "canceled",
      cancel_reason: "Found another vendor",
    });
    const after = await (await api(res.headers.get("Location")!)).text();
    expect(after).toContain("Your meeting was canceled.");
    expect(after).not.toContain('name="start"');
    const again = /href="([^"]*\/l\/[^"]+)"/.exec(after)?.[1]?.replaceAll("&amp;", "&");
    expect(again).toBeDefined();
    const lead = await api(path(again!));
    expect(lead.status).toBe(200);
    expect(starts(await lead.text()).length).toBeGreaterThan(0);
  });

  it.each([
    ["a tampered token", "14:00", (t: string) => `${t.slice(0, -2)}xx`],
    ["a token that is not base64url", "14:30", () => "a.b"],
    ["no token", "15:00", () => ""],
    ["markup in the token", "15:30", () => `"><script>alert(1)</script>`],
  ])("answers %s with a clear 403 page, never a 500", async (_, at, mangle) => {
    const { manageUrl, bookingId } = await booked(utc(at, "2026-03-10"));
    const token = new URL(manageUrl).searchParams.get("token")!;
    for (const url of [`/b/${bookingId}`, `/b/${bookingId}/cancel`, `/b/${bookingId}/reschedule`]) {
      const q = `?token=${encodeURIComponent(mangle(token))}`;
      const res = await api(`${url}${q}`, { method: url.endsWith(bookingId) ? "GET" : "POST" });
      expect(res.status).toBe(403);
      const page = await res.text();
      expect(page).toContain("This link doesn&#39;t work");
      expect(page).not.toContain("<script>");
    }
    expect((await row("SELECT status FROM bookings WHERE id = ?", bookingId)).status).toBe("confirmed");
  });

  it("serves the meeting as an .ics file and a Google Calendar link, under the manage token only", async () => {
    const start = utc("12:00", "2026-03-05");
    const created = await booked(start);
    const { bookingId, manageUrl } = created;
    const { icsUrl, googleCalendarUrl } = created as unknown as { icsUrl: string; googleCalendarUrl: string };
    const token = new URL(manageUrl).searchParams.get("token");
    expect(new URL(icsUrl).searchParams.get("token")).toBe(token);
    const file = await api(path(icsUrl));
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toMatch(/^text\/calendar; charset=utf-8; method=PUBLISH/);
    expect(file.headers.get("Content-Disposition")).toBe('attachment; filename="meeting.ics"');
    const ics = (await file.text()).replaceAll("\r\n ", "");
    // The emailed invite's UID, so importing both gives one event; the template's title.
    expect(ics).toContain(`UID:${bookingId}@baton\r\n`);
    expect(ics).toContain("METHOD:PUBLISH\r\n");
    expect(ics).toContain("DTSTART:20260305T110000Z\r\n");
    expect(ics).toMatch(/SUMMARY:.*Rep shared/);
    expect(ics).toContain(manageUrl.replaceAll(",", "\\,").replaceAll(";", "\\;"));

    const google = await api(path(googleCalendarUrl), { redirect: "manual" });
    expect(google.status).toBe(302);
    const to = new URL(google.headers.get("Location")!);
    expect(to.origin + to.pathname).toBe("https://calendar.google.com/calendar/render");
    expect(to.searchParams.get("dates")).toBe("20260305T110000Z/20260305T113000Z");

    // Another booking's token, and a cancelled meeting (its page says so instead).
    const other = await booked(utc("13:00", "2026-03-05"));
    const foreign = `/b/${other.bookingId}/meeting.ics?token=${encodeURIComponent(token!)}`;
    expect((await api(foreign)).status).toBe(403);
    const page = await (await api(path(manageUrl))).text();
    expect((await post(action(page, "/cancel"), { reason: "" })).status).toBe(303);
    const gone = await api(path(icsUrl), { redirect: "manual" });
    expect(gone.status).toBe(303);
    expect(gone.headers.get("Location")).toContain(`/b/${bookingId}?token=`);
  });

  it("refuses another booking's token and a booking that does not exist", async () => {
    const a = await booked(utc("15:00", "2026-03-04"));
    const b = await booked(utc("16:00", "2026-03-04"));
    const token = new URL(a.manageUrl).searchParams.get("token")!;
    expect((await api(`/b/${b.bookingId}?token=${encodeURIComponent(token)}`)).status).toBe(403);
    expect((await api(`/b/nope?token=${encodeURIComponent(token)}`)).status).toBe(403);
  });

  it("speaks German to a German browser when the form says so", async () => {
    const { manageUrl } = await booked(utc("09:00", "2026-03-06"));
    // The demo form is English; the page follows the form, not the browser.
    const en = await (
      await api(path(manageUrl), { headers: { "Accept-Language": "de-DE,de;q=0.9" } })
    ).text();
    expect(en).toContain('lang="en"');
  });
});
